//! The planted mess of the sample inboxes, unit by unit.
//!
//! Q1: a handful of units with 错误, a few with 提示, two missing, one
//! duplicate, one late, and values typed every way people type them.
//! Q2: the year-to-date and 3× rules that need the earlier quarter.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::figures::{activity, derive_seed, figures, Figures};
use super::{
    fill_from, json_number, Expected, ExpectedFile, Inbox, Planted, SampleFile, UnitStatus,
};
use crate::cell::CellRef;
use crate::check::rules::RuleId;
use crate::form::{submission_file_name, Fingerprint, SHEET_INDICATORS, SHEET_LEDGER};
use crate::plan::{BasicField, Comparison, Operand, Plan, Quarter, Unit};
use crate::render::submission::{write_submission, CellInput, CellMap, Fill, Layout};
use crate::render::RenderError;

/// Where a planted problem sits, resolved to a cell once the file is written.
#[derive(Debug, Clone)]
enum Spot {
    File,
    Sheet(&'static str),
    Basic(BasicField),
    Value(&'static str),
    /// A ledger row and a column counted from 日期 (0) to 备注 (6).
    Ledger(usize, u16),
}

struct Plant {
    rule: String,
    spot: Spot,
    note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Accepted,
    Late,
    Returned,
    Superseded,
}

impl Outcome {
    fn label(self) -> &'static str {
        match self {
            Outcome::Accepted => "已报",
            Outcome::Late => "逾期",
            Outcome::Returned => "退回",
            Outcome::Superseded => "重复（已被替代）",
        }
    }
}

/// One file being made.
struct Draft<'p> {
    unit: &'p Unit,
    file_name: String,
    figures: Figures,
    fill: Fill,
    layout: Layout,
    plants: Vec<Plant>,
    quirks: Vec<String>,
    outcome: Outcome,
    /// Keep only this share of the bytes (a truncated upload).
    truncate: bool,
}

impl Draft<'_> {
    fn plant(&mut self, rule: RuleId, spot: Spot, note: &str) {
        self.plants.push(Plant {
            rule: rule.id().to_string(),
            spot,
            note: note.to_string(),
        });
    }

    fn plant_plan_rule(&mut self, id: &str, spot: Spot, note: &str) {
        self.plants.push(Plant {
            rule: id.to_string(),
            spot,
            note: note.to_string(),
        });
    }

    fn set_value(&mut self, code: &str, input: CellInput) {
        let note = self
            .fill
            .indicators
            .get(code)
            .map(|(_, note)| note.clone())
            .unwrap_or(CellInput::Blank);
        self.fill.indicators.insert(code.to_string(), (input, note));
    }

    fn set_note(&mut self, code: &str, note: &str) {
        if let Some(entry) = self.fill.indicators.get_mut(code) {
            entry.1 = CellInput::text(note);
        }
    }

    fn value(&self, code: &str) -> f64 {
        self.figures.values.get(code).copied().unwrap_or(0.0)
    }
}

/// Figures with the value changes a scenario makes for (unit, quarter), so
/// that later quarters compare against what the unit really reported.
fn true_figures(plan: &Plan, unit: &Unit, quarter: Quarter, seed: u64) -> Figures {
    let mut figures = figures(plan, unit, quarter, seed);
    let set = |f: &mut Figures, code: &str, value: f64| {
        f.values.insert(code.to_string(), value);
    };
    match (quarter.number(), unit.code.as_str()) {
        // Q1 and Q2 of 0206 make year-to-date 办结 exceed 征集 in Q2.
        (1, "0206") => {
            set(&mut figures, "A09", 10.0);
            set(&mut figures, "A10", 9.0);
        }
        (2, "0206") => {
            set(&mut figures, "A09", 4.0);
            set(&mut figures, "A10", 8.0);
        }
        // 三 typed in Chinese: the true figure is 3.
        (1, "0109") => set(&mut figures, "A02", 3.0),
        (1, "0105") => set(&mut figures, "A07", 3.0),
        (1, "0302") => {
            let a08 = figures.values.get("A08").copied().unwrap_or(0.0).max(5.0);
            set(&mut figures, "A08", a08);
        }
        _ => {}
    }
    // Ledger rows follow the final counts.
    let mut rng = fastrand::Rng::with_seed(derive_seed(
        seed,
        &[&unit.code, &quarter.to_string(), "ledger"],
    ));
    figures.ledger =
        super::figures::ledger_for(plan, quarter, figures.members, &figures.values, &mut rng);
    figures
}

/// The messy sample inbox of `quarter` for the plan's roster.
pub fn messy_inbox(plan: &Plan, quarter: Quarter, seed: u64) -> Result<Inbox, RenderError> {
    let missing: &[&str] = match quarter.number() {
        1 => &["0157", "0404"],
        2 => &["0404"],
        _ => &[],
    };
    let mut drafts = Vec::new();
    for unit in &plan.units {
        if missing.contains(&unit.code.as_str()) {
            continue;
        }
        let mut figures = true_figures(plan, unit, quarter, seed);
        // No figure of a later quarter exceeds 3× the one before, unless planted.
        if quarter.number() > 1 {
            let previous =
                Quarter::new(quarter.year(), quarter.number() - 1).expect("valid quarter");
            let before = true_figures(plan, unit, previous, seed);
            let mut capped = false;
            for (code, value) in figures.values.iter_mut() {
                let prior = before.values.get(code).copied().unwrap_or(0.0);
                if prior > 0.0 && *value > 3.0 * prior {
                    // Two decimals at most, as a unit would type it.
                    *value = (3.0 * prior * 100.0).floor() / 100.0;
                    capped = true;
                }
            }
            if capped {
                // Capping a bound can leave the figure it bounds above it.
                for rule in &plan.rules {
                    if let (
                        Operand::Indicator(left),
                        Comparison::AtMost,
                        Operand::Indicator(right),
                    ) = (&rule.left, rule.comparison, &rule.right)
                    {
                        let bound = figures.values.get(right).copied().unwrap_or(0.0);
                        if let Some(value) = figures.values.get_mut(left) {
                            *value = value.min(bound);
                        }
                    }
                }
                let mut rng = fastrand::Rng::with_seed(derive_seed(
                    seed,
                    &[&unit.code, &quarter.to_string(), "ledger"],
                ));
                figures.ledger = super::figures::ledger_for(
                    plan,
                    quarter,
                    figures.members,
                    &figures.values,
                    &mut rng,
                );
            }
        }
        let fill = fill_from(plan, &figures);
        drafts.push(Draft {
            unit,
            file_name: submission_file_name(unit, quarter),
            figures,
            fill,
            layout: Layout::template(plan, unit, quarter),
            plants: Vec::new(),
            quirks: Vec::new(),
            outcome: Outcome::Accepted,
            truncate: false,
        });
    }
    let mut extra = Vec::new();
    for draft in &mut drafts {
        match quarter.number() {
            1 => first_quarter(plan, quarter, seed, draft, &mut extra),
            2 => second_quarter(plan, quarter, seed, draft),
            _ => {}
        }
    }
    drafts.extend(extra);
    drafts.sort_by(|a, b| a.file_name.cmp(&b.file_name));

    let mut files = Vec::new();
    let mut expected_files = Vec::new();
    for draft in &drafts {
        let written = write_submission(plan, draft.unit, quarter, &draft.fill, &draft.layout)?;
        let mut bytes = written.bytes;
        if draft.truncate {
            bytes.truncate(bytes.len() * 3 / 5);
        }
        expected_files.push(expected_file(plan, draft, &written.cells));
        files.push(SampleFile {
            name: draft.file_name.clone(),
            bytes,
        });
    }
    let expected = summarise(plan, quarter, seed, expected_files, missing);
    Ok(Inbox { files, expected })
}

fn first_quarter<'p>(
    plan: &'p Plan,
    quarter: Quarter,
    seed: u64,
    d: &mut Draft<'p>,
    extra: &mut Vec<Draft<'p>>,
) {
    match d.unit.code.as_str() {
        // ---- 错误 (returned to the unit)
        "0105" => {
            d.set_value("A07", CellInput::text("三次"));
            d.plant(
                RuleId::ValueType,
                Spot::Value("A07"),
                "党课填写为“三次”，应为整数 3",
            );
            d.outcome = Outcome::Returned;
        }
        "0102" => {
            let over = f64::from(d.figures.members + 12);
            d.figures.values.insert("A03".into(), over);
            d.set_value("A03", CellInput::Number(over));
            d.plant_plan_rule(
                "A03_LE_MEMBERS",
                Spot::Value("A03"),
                "参加学习教育党员数比党员总数多 12 人",
            );
            d.outcome = Outcome::Returned;
        }
        "0201" => {
            // A04 says 3 meetings but the ledger has one 支部党员大会 row.
            let mut ledger_meetings = 0;
            d.figures.ledger.retain(|a| {
                if a.category == "支部党员大会" {
                    ledger_meetings += 1;
                    ledger_meetings == 1
                } else {
                    true
                }
            });
            if ledger_meetings == 0 {
                let mut rng = fastrand::Rng::with_seed(derive_seed(seed, &["0201", "extra"]));
                d.figures.ledger.push(activity(
                    quarter,
                    "支部党员大会",
                    d.figures.members,
                    &mut rng,
                ));
            }
            d.figures.values.insert("A04".into(), 3.0);
            d.fill = refill(plan, d);
            d.plant(
                RuleId::LedgerUnsupported,
                Spot::Value("A04"),
                "支部党员大会填 3 次，台帐中只有 1 条",
            );
            d.outcome = Outcome::Returned;
        }
        "0203" => {
            let mut rng = fastrand::Rng::with_seed(derive_seed(seed, &["0203", "extra"]));
            let mut crowded = activity(quarter, "其他活动", d.figures.members, &mut rng);
            crowded.expected = 12;
            crowded.attended = 15;
            let mut outside = activity(quarter, "其他活动", d.figures.members, &mut rng);
            outside.date = NaiveDate::from_ymd_opt(quarter.year(), 4, 2).unwrap_or(outside.date);
            d.figures.ledger.push(crowded);
            d.figures.ledger.push(outside);
            let n = d.figures.ledger.len();
            d.fill = refill(plan, d);
            d.plant(
                RuleId::LedgerAttendance,
                Spot::Ledger(n - 2, 4),
                "实到 15 人，应到只有 12 人",
            );
            d.plant(
                RuleId::LedgerDate,
                Spot::Ledger(n - 1, 0),
                "活动日期 2011-04-02 不在第一季度",
            );
            d.outcome = Outcome::Returned;
        }
        "0301" => {
            d.set_value(
                "B06",
                CellInput::Formula {
                    formula: "=E21/0".into(),
                    cached: "#DIV/0!".into(),
                },
            );
            d.fill.basic.insert(BasicField::Phone, CellInput::Blank);
            d.plant(
                RuleId::FormulaError,
                Spot::Value("B06"),
                "群众满意度是公式，结果为 #DIV/0!",
            );
            d.plant(
                RuleId::FieldRequired,
                Spot::Basic(BasicField::Phone),
                "联系电话未填",
            );
            d.outcome = Outcome::Returned;
        }
        "0110" => {
            // Last year's template, figures updated but year and rows not.
            let mut fingerprint = Fingerprint::new(plan, d.unit, quarter);
            fingerprint.plan_year = 2010;
            fingerprint.plan_version = "2010.1".into();
            fingerprint.plan_hash = "5c0b7d2e9a41".into();
            fingerprint.quarter = "2010Q1".into();
            d.layout.fingerprint = Some(fingerprint);
            d.layout.omitted_indicators = vec!["B03".into()];
            d.fill
                .basic
                .insert(BasicField::Year, CellInput::Number(2010.0));
            d.figures.values.remove("B03");
            d.figures.ledger.retain(|a| a.category != "主题活动");
            d.fill = refill(plan, d);
            d.plant(
                RuleId::TemplateStale,
                Spot::File,
                "使用 2010 年的模板（计划版本 2010.1）",
            );
            d.plant(
                RuleId::PeriodMismatch,
                Spot::Basic(BasicField::Year),
                "年度填写为 2010",
            );
            d.plant(
                RuleId::IndicatorMissing,
                Spot::Sheet(SHEET_INDICATORS),
                "缺少指标 B03 建党90周年主题活动",
            );
            d.outcome = Outcome::Returned;
        }
        "0306" => {
            // Filled in 0305's template, typing its own name over the locked one.
            let Some(other) = plan.unit("0305") else {
                return;
            };
            d.layout.fingerprint = Some(Fingerprint::new(plan, other, quarter));
            d.fill
                .basic
                .insert(BasicField::UnitCode, CellInput::text("0305"));
            d.plant(
                RuleId::UnitMismatch,
                Spot::Basic(BasicField::UnitCode),
                "单位代码 0305 与单位名称 市卫生培训中心党支部 不符",
            );
            d.plant(
                RuleId::TemplateForeign,
                Spot::File,
                "用的是 0305 市卫生人才服务中心党支部 的模板",
            );
            d.outcome = Outcome::Returned;
        }
        "0304" => {
            d.truncate = true;
            d.plant(
                RuleId::FileUnreadable,
                Spot::File,
                "文件只传了一部分（被截断）",
            );
            d.outcome = Outcome::Returned;
        }
        // ---- 提示 (accepted)
        "0108" => {
            let mut rng = fastrand::Rng::with_seed(derive_seed(seed, &["0108", "extra"]));
            let listed = d
                .figures
                .ledger
                .iter()
                .filter(|a| a.category == "支部委员会")
                .count();
            for _ in listed..5 {
                d.figures
                    .ledger
                    .push(activity(quarter, "支部委员会", d.figures.members, &mut rng));
            }
            d.figures.values.insert("A05".into(), 3.0);
            d.figures.ledger.sort_by(|a, b| {
                a.date
                    .cmp(&b.date)
                    .then_with(|| a.category.cmp(&b.category))
            });
            d.fill = refill(plan, d);
            d.plant(
                RuleId::LedgerSurplus,
                Spot::Value("A05"),
                "支部委员会会议填 3 次，台帐中有 5 条",
            );
        }
        "0113" => {
            let members = d.figures.members;
            if let Some(i) = d
                .figures
                .ledger
                .iter()
                .position(|a| a.category == "支部党员大会")
            {
                d.figures.ledger[i].expected = members + 5;
                d.fill = refill(plan, d);
                d.plant(
                    RuleId::LedgerOverMembers,
                    Spot::Ledger(i, 3),
                    "支部党员大会应到人数比党员总数多 5 人",
                );
            }
        }
        "0207" => {
            let late = plan.deadline.due_date(quarter) + chrono::Days::new(5);
            d.figures.report_date = late;
            d.fill
                .basic
                .insert(BasicField::ReportDate, CellInput::Date(late));
            d.plant(
                RuleId::Late,
                Spot::Basic(BasicField::ReportDate),
                "截止日后 5 天报送",
            );
            d.outcome = Outcome::Late;
        }
        "0204" => {
            // Sent twice: the first file had a typo in A08, corrected two days later.
            let mut first = Draft {
                unit: d.unit,
                file_name: d.file_name.clone(),
                figures: d.figures.clone(),
                fill: d.fill.clone(),
                layout: d.layout.clone(),
                plants: Vec::new(),
                quirks: Vec::new(),
                outcome: Outcome::Superseded,
                truncate: false,
            };
            let typo = d.value("A08") + 100.0;
            first.figures.values.insert("A08".into(), typo);
            first.set_value("A08", CellInput::Number(typo));
            let early = d.figures.report_date - chrono::Days::new(2);
            first.figures.report_date = early;
            first
                .fill
                .basic
                .insert(BasicField::ReportDate, CellInput::Date(early));
            first.plant(
                RuleId::Duplicate,
                Spot::File,
                "同一单位报送两次，以填报日期较晚的“（修改）”文件为准",
            );
            extra.push(first);
            d.file_name = d.file_name.replace(".xlsx", "（修改）.xlsx");
            d.quirks
                .push("同一单位的第二份文件，填报日期较晚，应被采用".into());
        }
        // ---- read correctly, no diagnostic
        "0101" => {
            let a08 = d.value("A08");
            d.set_value("A01", CellInput::text(format!("{}", d.value("A01"))));
            d.set_value("A08", CellInput::text(full_width(&format!("{a08}"))));
            d.set_value("A09", CellInput::text(format!(" {} ", d.value("A09"))));
            d.figures.values.insert("B11".into(), 1234.0);
            d.set_value("B11", CellInput::text("1,234"));
            d.quirks.push(
                "数字存为文本：A01 文本数字、A08 全角数字、A09 前后空格、B11 千位分隔符 1,234"
                    .into(),
            );
        }
        "0103" => {
            d.set_value("B06", CellInput::text(format!("{}%", d.value("B06"))));
            d.quirks.push("群众满意度写成“95.5%”样式的文本".into());
        }
        "0104" => {
            let b06 = d.value("B06");
            d.set_value("B06", CellInput::Number((b06 * 10.0).round() / 1000.0));
            d.quirks
                .push("群众满意度写成小数（0.955 表示 95.5%）".into());
        }
        "0106" => {
            d.set_value("B06", CellInput::text(format!("{}％", d.value("B06"))));
            d.quirks.push("群众满意度写成全角百分号“95.5％”".into());
        }
        "0107" => {
            let styles = ["%Y-%-m-%-d", "%Y/%m/%d", "%Y.%-m.%-d", "%Y年%-m月%-d日"];
            for (i, entry) in d.fill.ledger.iter_mut().enumerate() {
                if let CellInput::Date(date) = entry.cells[0] {
                    entry.cells[0] =
                        CellInput::text(date.format(styles[i % styles.len()]).to_string());
                }
            }
            let date = d.figures.report_date;
            d.fill.basic.insert(
                BasicField::ReportDate,
                CellInput::text(date.format("%Y年%-m月%-d日").to_string()),
            );
            d.quirks
                .push("日期写成文本：2011-3-5、2011/03/05、2011.3.5、2011年3月5日".into());
        }
        "0109" => {
            d.fill
                .basic
                .insert(BasicField::Quarter, CellInput::text("第一季度"));
            d.set_value("A02", CellInput::text("三"));
            d.quirks
                .push("季度写成“第一季度”，A02 写成中文数字“三”".into());
        }
        "0111" => {
            d.layout.inserted_rows = 2;
            d.layout.inserted_column = true;
            d.quirks
                .push("指标完成情况表头上方插入了 2 行，左侧插入了 1 列".into());
        }
        "0112" => {
            for entry in d.fill.ledger.iter_mut().take(2) {
                entry.hidden = true;
            }
            d.layout.extra_sheet = Some(("计算表".into(), "本单位自用的计算表".into()));
            d.quirks
                .push("活动台帐前 2 行被隐藏（仍应计入）；多了一个工作表“计算表”".into());
        }
        "0114" => {
            d.layout.merged_notes = Some((0, 2));
            d.layout.noisy_labels = true;
            d.set_note("A01", "A01–A03 均按党委统一安排完成");
            d.quirks
                .push("说明列 A01–A03 合并单元格；基本情况标签带空格、全角冒号和不间断空格".into());
        }
        "0151" => {
            d.layout.fingerprint = None;
            d.quirks
                .push("单位自己重新录入的表格：没有模板信息、数据有效性和保护，内容正确".into());
        }
        "0152" => {
            d.layout.reorder_sheets = true;
            d.quirks
                .push("工作表顺序被调换（指标完成情况在基本情况之前）".into());
        }
        "0153" => {
            let a08 = d.value("A03") * 2.0;
            d.figures.values.insert("A08".into(), a08);
            d.set_value(
                "A08",
                CellInput::Formula {
                    formula: "=E7*2".into(),
                    cached: format!("{a08}"),
                },
            );
            d.quirks.push("A08 是公式 =E7*2，使用其缓存结果".into());
        }
        "0202" => {
            d.set_value(
                "A08",
                CellInput::text(format!("{}\u{00A0}", d.value("A08"))),
            );
            d.set_value("B09", CellInput::text(format!("  {}  ", d.value("B09"))));
            d.quirks.push("数字后带不间断空格和首尾空格".into());
        }
        "0205" => {
            d.figures.values.insert("D04".into(), 1.0);
            d.set_value("D04", CellInput::text("√"));
            d.quirks.push("是/否写成“√”".into());
        }
        "0208" => {
            d.figures.values.insert("D04".into(), 0.0);
            d.set_value("D04", CellInput::text("×"));
            d.quirks.push("是/否写成“×”".into());
        }
        _ => {}
    }
}

fn second_quarter(plan: &Plan, quarter: Quarter, seed: u64, d: &mut Draft) {
    match d.unit.code.as_str() {
        "0206" => {
            d.plant_plan_rule(
                "A10_LE_A09_YTD",
                Spot::Value("A10"),
                "年初至今已办结意见建议 17 条，多于征集的 14 条",
            );
            d.outcome = Outcome::Returned;
        }
        "0302" => {
            let a08 = d.value("A08");
            let previous = true_figures(
                plan,
                d.unit,
                Quarter::new(quarter.year(), 1).expect("Q1"),
                seed,
            )
            .values
            .get("A08")
            .copied()
            .unwrap_or(a08);
            let jump = previous * 4.0;
            d.figures.values.insert("A08".into(), jump);
            d.set_value("A08", CellInput::Number(jump));
            d.plant(
                RuleId::Jump,
                Spot::Value("A08"),
                "党员走访群众是上季度的 4 倍",
            );
        }
        "0402" => {
            let late = plan.deadline.due_date(quarter) + chrono::Days::new(3);
            d.figures.report_date = late;
            d.fill
                .basic
                .insert(BasicField::ReportDate, CellInput::Date(late));
            d.plant(
                RuleId::Late,
                Spot::Basic(BasicField::ReportDate),
                "截止日后 3 天报送",
            );
            d.outcome = Outcome::Late;
        }
        "0104" => {
            let b06 = d.value("B06");
            d.set_value("B06", CellInput::Number((b06 * 10.0).round() / 1000.0));
            d.quirks
                .push("群众满意度写成小数（0.955 表示 95.5%）".into());
        }
        _ => {}
    }
}

/// Rebuilds the fill from the draft's figures after a scenario changed them,
/// keeping what the scenario typed into 基本情况.
fn refill(plan: &Plan, d: &Draft) -> Fill {
    let mut fill = fill_from(plan, &d.figures);
    fill.basic = d.fill.basic.clone();
    fill
}

/// 123 → １２３.
fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c),
            '.' => '．',
            _ => c,
        })
        .collect()
}

fn resolve(spot: &Spot, cells: &CellMap) -> (Option<String>, Option<String>) {
    let cell = |c: Option<&CellRef>| match c {
        Some(c) => (Some(c.sheet().to_string()), Some(c.a1())),
        None => (None, None),
    };
    match spot {
        Spot::File => (None, None),
        Spot::Sheet(sheet) => (Some(sheet.to_string()), None),
        Spot::Basic(field) => cell(cells.basic.get(field)),
        Spot::Value(code) => cell(cells.indicator_values.get(*code)),
        Spot::Ledger(row, offset) => match cells.ledger_rows.get(*row) {
            Some(first) => (
                Some(SHEET_LEDGER.to_string()),
                Some(CellRef::new(SHEET_LEDGER, first.row, first.col + offset).a1()),
            ),
            None => (Some(SHEET_LEDGER.to_string()), None),
        },
    }
}

fn expected_file(plan: &Plan, d: &Draft, cells: &CellMap) -> ExpectedFile {
    let planted = d
        .plants
        .iter()
        .map(|p| {
            let (sheet, cell) = resolve(&p.spot, cells);
            let severity = RuleId::from_id(&p.rule)
                .map(|r| r.severity())
                .or_else(|| {
                    plan.rules
                        .iter()
                        .find(|r| r.id == p.rule)
                        .map(|r| r.severity)
                })
                .map_or("错误", |s| s.label());
            Planted {
                rule: p.rule.clone(),
                severity: severity.to_string(),
                sheet,
                cell,
                note: p.note.clone(),
            }
        })
        .collect();
    let mut basic = BTreeMap::new();
    basic.insert(
        BasicField::MemberCount.label().to_string(),
        json_number(f64::from(d.figures.members)),
    );
    basic.insert(
        BasicField::LeaderCount.label().to_string(),
        json_number(f64::from(d.figures.leaders)),
    );
    basic.insert(
        BasicField::BranchCount.label().to_string(),
        json_number(f64::from(d.figures.branches)),
    );
    ExpectedFile {
        file: d.file_name.clone(),
        unit: d.unit.code.clone(),
        outcome: d.outcome.label().to_string(),
        planted,
        quirks: d.quirks.clone(),
        basic,
        values: d
            .figures
            .values
            .iter()
            .map(|(code, value)| (code.clone(), json_number(*value)))
            .collect(),
        ledger_rows: d.figures.ledger.len(),
    }
}

fn summarise(
    plan: &Plan,
    quarter: Quarter,
    seed: u64,
    files: Vec<ExpectedFile>,
    missing: &[&str],
) -> Expected {
    let mut units = BTreeMap::new();
    for unit in &plan.units {
        let counted = files
            .iter()
            .find(|f| f.unit == unit.code && f.outcome != Outcome::Superseded.label());
        let (status, file) = match counted {
            _ if missing.contains(&unit.code.as_str()) => ("未报", None),
            Some(f) => (f.outcome.as_str(), Some(f.file.clone())),
            None => ("未报", None),
        };
        units.insert(
            unit.code.clone(),
            UnitStatus {
                name: unit.name.clone(),
                status: status.to_string(),
                file,
            },
        );
    }
    let mut totals: BTreeMap<String, f64> = BTreeMap::new();
    for file in files
        .iter()
        .filter(|f| f.outcome == Outcome::Accepted.label() || f.outcome == Outcome::Late.label())
    {
        for (code, value) in &file.values {
            *totals.entry(code.clone()).or_default() += value.as_f64().unwrap_or(0.0);
        }
    }
    Expected {
        quarter: quarter.to_string(),
        seed,
        plan_version: plan.version.clone(),
        plan_hash: plan.short_hash().to_string(),
        due_date: plan.deadline.due_date(quarter).to_string(),
        units,
        files,
        totals: totals
            .into_iter()
            .map(|(code, total)| (code, json_number((total * 100.0).round() / 100.0)))
            .collect(),
    }
}

//! Rules of one file: Submission + Plan → diagnostics and the unit's record.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::by_code::ByCode;
use super::normalise::{self, label_key, ValueProblem};
use super::report::Diagnostic;
use super::rules::RuleId;
use crate::cell::CellRef;
use crate::ingest::submission::{Located, Submission};
use crate::ingest::RawValue;
use crate::plan::{
    BasicField, Comparison, CrossRule, Operand, Plan, Quarter, Scope, Severity, Unit, ValueKind,
};

/// What a file reports, normalised, each figure with its cell: the small
/// per-unit record the cross-file rules and aggregation work on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UnitRecord {
    pub fields: BTreeMap<BasicField, (f64, CellRef)>,
    pub report_date: Option<(NaiveDate, CellRef)>,
    /// 本季度完成 by indicator code (是 = 1, 否 = 0; percents 0–100).
    pub values: ByCode<(f64, CellRef)>,
    /// Ledger rows per category (hidden rows included).
    pub ledger_counts: ByCode<usize>,
}

impl UnitRecord {
    /// The value of an operand, with the cell it came from when it came from one.
    pub fn operand(&self, operand: &Operand) -> Option<(f64, Option<&CellRef>)> {
        match operand {
            Operand::Number(n) => Some((*n, None)),
            Operand::Field(field) => self.fields.get(field).map(|(v, c)| (*v, Some(c))),
            Operand::Indicator(code) => self.values.get(code).map(|(v, c)| (*v, Some(c))),
        }
    }
}

/// The outcome of checking one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileResult {
    /// File name, relative to the inbox.
    pub file: String,
    /// The roster unit the file is attributed to.
    pub unit: Option<String>,
    /// `None` when the file could not be read at all.
    pub record: Option<UnitRecord>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileResult {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Builds diagnostics for one file.
struct Findings<'a> {
    plan: &'a Plan,
    file: String,
    unit: Option<&'a Unit>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Findings<'a> {
    fn push(&mut self, rule: RuleId, place: Place, message: String, hint: String) {
        self.push_raw(
            rule.id(),
            rule.title(),
            rule.severity(),
            place,
            message,
            hint,
        );
    }

    fn push_raw(
        &mut self,
        id: &str,
        title: &str,
        severity: Severity,
        place: Place,
        message: String,
        hint: String,
    ) {
        let (sheet, cell) = match place {
            Place::File => (None, None),
            Place::Sheet(sheet) => (Some(sheet), None),
            Place::Cell(cell) => (Some(cell.sheet().to_string()), Some(cell.a1())),
        };
        self.diagnostics.push(Diagnostic {
            file: self.file.clone(),
            unit_code: None,
            unit_name: None,
            rule: id.to_string(),
            rule_title: title.to_string(),
            severity,
            sheet,
            cell,
            message,
            hint,
        });
    }

    /// A value problem of a labelled cell.
    fn value_problem(&mut self, label: &str, cell: &CellRef, problem: &ValueProblem) {
        let rule = match problem {
            ValueProblem::FormulaError(_) | ValueProblem::FormulaWithoutValue => {
                RuleId::FormulaError
            }
            ValueProblem::OutOfRange { .. } => RuleId::ValueRange,
            _ => RuleId::ValueType,
        };
        self.push(
            rule,
            Place::Cell(cell.clone()),
            format!("{label}：{}", problem.message()),
            problem.hint(),
        );
    }

    fn required(&mut self, label: &str, cell: &CellRef, hint: &str) {
        self.push(
            RuleId::FieldRequired,
            Place::Cell(cell.clone()),
            format!("{label}：未填写"),
            hint.to_string(),
        );
    }
}

enum Place {
    File,
    Sheet(String),
    Cell(CellRef),
}

/// The unit named by a file name such as `0105_市中医院党委_2011Q1.xlsx`.
pub fn unit_from_file_name<'p>(plan: &'p Plan, file: &str) -> Option<&'p Unit> {
    let stem = file.split(['_', ' ', '-', '.']).next()?;
    plan.unit(stem.trim())
}

/// A code cell as text: numbers lose their leading zeros in General cells,
/// so 105 matches the roster's 0105.
fn code_text(plan: &Plan, value: &RawValue) -> String {
    let text = match value {
        RawValue::Number(n) => crate::plan::format_number(*n),
        other => normalise::clean_text(&normalise::display(other)),
    };
    if plan.unit(&text).is_none()
        && text.bytes().all(|b| b.is_ascii_digit())
        && !text.is_empty()
        && text.len() < 12
    {
        // Put back the zeros a General cell dropped (105 → 0105).
        for width in text.len() + 1..=12 {
            let padded = format!("{text:0>width$}");
            if plan.unit(&padded).is_some() {
                return padded;
            }
        }
    }
    text
}

/// Checks one readable file.
pub fn check_submission(
    plan: &Plan,
    quarter: Quarter,
    file: &str,
    submission: &Submission,
) -> FileResult {
    let mut f = Findings {
        plan,
        file: file.to_string(),
        unit: None,
        diagnostics: Vec::new(),
    };
    let mut record = UnitRecord {
        values: ByCode::with_capacity(plan.indicators.len()),
        ..UnitRecord::default()
    };
    let file_unit = unit_from_file_name(plan, file);

    // ---- sheets
    for (present, name) in [
        (submission.basic.is_some(), crate::form::SHEET_BASIC),
        (
            submission.indicators.is_some(),
            crate::form::SHEET_INDICATORS,
        ),
        (submission.ledger.is_some(), crate::form::SHEET_LEDGER),
    ] {
        if !present {
            f.push(
                RuleId::SheetMissing,
                Place::File,
                format!("找不到工作表“{name}”，不是本年度的季度报表"),
                "请使用局党委下发的报表模板填报，不要删除或重命名工作表".to_string(),
            );
        }
    }

    // ---- who sent it
    f.unit = identify_unit(&mut f, submission, file_unit);
    if let (Some(named), Some(unit)) = (file_unit, f.unit) {
        if named.code != unit.code {
            f.push(
                RuleId::FileNameMismatch,
                Place::File,
                format!(
                    "文件名是 {} {} 的，表内填报的是 {} {}，按表内单位计入",
                    named.code, named.name, unit.code, unit.name
                ),
                format!(
                    "请核对是否发错了文件；文件名请写成“{}”",
                    crate::form::submission_file_name(unit, quarter)
                ),
            );
        }
    }
    if let Some(basic) = &submission.basic {
        check_basic(&mut f, quarter, basic, &mut record);
    }

    // ---- template fingerprint
    if let Some(fp) = &submission.fingerprint {
        if fp.plan_year != plan.year {
            f.push(
                RuleId::TemplateStale,
                Place::File,
                format!(
                    "使用的是 {} 年的模板（计划版本 {}），不是 {} 年的模板",
                    fp.plan_year, fp.plan_version, plan.year
                ),
                format!(
                    "请用 {} 年第{}季度下发的新模板重新填报",
                    plan.year,
                    quarter.number()
                ),
            );
        }
        if let Some(unit) = f.unit {
            if fp.unit_code != unit.code {
                let owner = plan
                    .unit(&fp.unit_code)
                    .map_or(fp.unit_code.clone(), |u| format!("{} {}", u.code, u.name));
                f.push(
                    RuleId::TemplateForeign,
                    Place::File,
                    format!(
                        "使用的是 {owner} 的模板，不是本单位（{} {}）的模板",
                        unit.code, unit.name
                    ),
                    "请用下发给本单位的模板重新填报，不要借用其他单位的表格".to_string(),
                );
            }
        }
    }

    // ---- indicators
    if let Some(sheet) = &submission.indicators {
        check_indicators(&mut f, sheet, &mut record);
    }

    // ---- ledger
    if let Some(sheet) = &submission.ledger {
        check_ledger(&mut f, quarter, sheet, &mut record);
        // A ledger whose header cannot be read neither backs nor contradicts
        // a count (as when the sheet is missing).
        if sheet.header.is_some() {
            check_ledger_backing(&mut f, &record);
        }
    }

    // ---- cross-field rules of this quarter
    for rule in plan.rules.iter().filter(|r| r.scope == Scope::Quarter) {
        check_rule(&mut f, rule, &record, &record);
    }

    let unit = f.unit.map(|u| u.code.clone());
    FileResult {
        file: file.to_string(),
        unit,
        record: Some(record),
        diagnostics: f.diagnostics,
    }
}

/// A file that could not be read at all.
pub fn unreadable(
    plan: &Plan,
    file: &str,
    encrypted: bool,
    message: String,
    hint: String,
) -> FileResult {
    let rule = if encrypted {
        RuleId::FileEncrypted
    } else {
        RuleId::FileUnreadable
    };
    let mut f = Findings {
        plan,
        file: file.to_string(),
        unit: None,
        diagnostics: Vec::new(),
    };
    f.push(rule, Place::File, message, hint);
    FileResult {
        file: file.to_string(),
        unit: unit_from_file_name(plan, file).map(|u| u.code.clone()),
        record: None,
        diagnostics: f.diagnostics,
    }
}

fn identify_unit<'p>(
    f: &mut Findings<'p>,
    submission: &Submission,
    file_unit: Option<&'p Unit>,
) -> Option<&'p Unit> {
    let plan = f.plan;
    let Some(basic) = &submission.basic else {
        return file_unit;
    };
    let code_cell = basic.fields.get(&BasicField::UnitCode);
    let name_cell = basic.fields.get(&BasicField::UnitName);
    let code = code_cell
        .and_then(|l| l.value.as_ref())
        .map(|v| code_text(plan, v));
    let name = name_cell
        .and_then(|l| l.value.as_ref())
        .map(|v| normalise::clean_text(&normalise::display(v)));
    let by_code = code.as_deref().and_then(|c| plan.unit(c));
    let by_name = name.as_deref().and_then(|n| plan.unit_by_name(n));
    for (label, field, value) in [
        ("单位代码", BasicField::UnitCode, &code),
        ("填报单位", BasicField::UnitName, &name),
    ] {
        if value.as_deref().is_none_or(str::is_empty) {
            match basic.fields.get(&field) {
                Some(located) => f.required(
                    label,
                    &located.cell,
                    "此格为模板预填内容，请用下发的模板重新填报",
                ),
                None => f.push(
                    RuleId::FieldRequired,
                    Place::Sheet(basic.sheet.clone()),
                    format!("基本情况中找不到“{label}”一栏"),
                    "请使用下发的报表模板，不要删除或改动左列的项目名称".to_string(),
                ),
            }
        }
    }
    match (by_code, by_name) {
        (Some(a), Some(b)) if a.code == b.code => Some(a),
        (Some(a), Some(b)) => {
            let cell = code_cell.map(|l| l.cell.clone());
            let place = cell.map_or(Place::Sheet(basic.sheet.clone()), Place::Cell);
            f.push(
                RuleId::UnitMismatch,
                place,
                format!(
                    "单位代码 {} 是“{}”的代码，与填报单位“{}”不符",
                    a.code, a.name, b.name
                ),
                format!(
                    "“{}”的单位代码应为 {}，请用本单位的模板重新填报",
                    b.name, b.code
                ),
            );
            // The unit the name and the file name agree on; else the name.
            Some(if file_unit.is_some_and(|u| u.code == a.code) {
                a
            } else {
                b
            })
        }
        (Some(a), None) => {
            if let (Some(n), Some(cell)) = (name.as_deref().filter(|n| !n.is_empty()), name_cell) {
                f.push(
                    RuleId::UnitMismatch,
                    Place::Cell(cell.cell.clone()),
                    format!(
                        "填报单位“{n}”与单位代码 {} 的名册名称“{}”不符",
                        a.code, a.name
                    ),
                    format!("请改为“{}”（按名册填写全称）", a.name),
                );
            }
            Some(a)
        }
        (None, Some(b)) => {
            if let (Some(c), Some(cell)) = (code.as_deref().filter(|c| !c.is_empty()), code_cell) {
                f.push(
                    RuleId::UnitMismatch,
                    Place::Cell(cell.cell.clone()),
                    format!(
                        "单位代码“{c}”不在名册中，填报单位“{}”的代码应为 {}",
                        b.name, b.code
                    ),
                    format!("请改为 {}", b.code),
                );
            }
            Some(b)
        }
        (None, None) => {
            if code.as_deref().is_some_and(|c| !c.is_empty())
                || name.as_deref().is_some_and(|n| !n.is_empty())
            {
                let place = code_cell
                    .map(|l| Place::Cell(l.cell.clone()))
                    .unwrap_or(Place::Sheet(basic.sheet.clone()));
                f.push(
                    RuleId::UnitUnknown,
                    place,
                    format!(
                        "单位代码“{}”、填报单位“{}”都不在本年度的单位名册中",
                        code.clone().unwrap_or_default(),
                        name.clone().unwrap_or_default()
                    ),
                    "请核对单位代码和名称（可用 huizong plan 查看名册），或联系局党委办公室把本单位加入名册".to_string(),
                );
            }
            file_unit
        }
    }
}

fn check_basic(
    f: &mut Findings,
    quarter: Quarter,
    basic: &crate::ingest::submission::BasicSheet,
    record: &mut UnitRecord,
) {
    for field in BasicField::ALL {
        if matches!(field, BasicField::UnitCode | BasicField::UnitName) {
            continue;
        }
        let label = field.label();
        let Some(located) = basic.fields.get(&field) else {
            f.push(
                RuleId::FieldRequired,
                Place::Sheet(basic.sheet.clone()),
                format!("基本情况中找不到“{label}”一栏"),
                "请使用下发的报表模板，不要删除或改动左列的项目名称".to_string(),
            );
            continue;
        };
        let cell = &located.cell;
        let Some(value) = &located.value else {
            let hint = match field {
                BasicField::Phone => "请填写填报人的联系电话，座机如 0517-83601234，手机 11 位",
                BasicField::ReportDate => "请填写报送日期，如 2011-04-08",
                BasicField::Year | BasicField::Quarter => {
                    "此格为模板预填内容，请用下发的模板重新填报"
                }
                _ => "请填写后重新报送",
            };
            f.required(label, cell, hint);
            continue;
        };
        match field {
            BasicField::Year => match normalise::year(value) {
                Ok(year) if year != quarter.year() => f.push(
                    RuleId::PeriodMismatch,
                    Place::Cell(cell.clone()),
                    format!(
                        "年度：填写为 {year}，本次审核的是 {} 年的报表",
                        quarter.year()
                    ),
                    format!(
                        "请用 {} 年第{}季度的模板重新填报",
                        quarter.year(),
                        quarter.number()
                    ),
                ),
                Ok(_) => {}
                Err(problem) => f.value_problem(label, cell, &problem),
            },
            BasicField::Quarter => match normalise::quarter_number(value) {
                Ok(q) if q != quarter.number() => f.push(
                    RuleId::PeriodMismatch,
                    Place::Cell(cell.clone()),
                    format!(
                        "季度：填写为第{q}季度，本次审核的是{}",
                        quarter.chinese_name()
                    ),
                    format!(
                        "请确认报送的是{}的数字，并改为 {}",
                        quarter.chinese_name(),
                        quarter.number()
                    ),
                ),
                Ok(_) => {}
                Err(problem) => f.value_problem(label, cell, &problem),
            },
            BasicField::MemberCount | BasicField::BranchCount | BasicField::LeaderCount => {
                let min = if field == BasicField::LeaderCount {
                    0.0
                } else {
                    1.0
                };
                match normalise::whole(value, min) {
                    Ok(n) => {
                        record.fields.insert(field, (n, cell.clone()));
                    }
                    Err(problem) => f.value_problem(label, cell, &problem),
                }
            }
            BasicField::Phone => {
                if let Err(problem) = normalise::phone(value) {
                    f.value_problem(label, cell, &problem);
                }
            }
            BasicField::ReportDate => match normalise::date(value) {
                Ok(date) if date < quarter.first_day() => f.push(
                    RuleId::ValueRange,
                    Place::Cell(cell.clone()),
                    format!("填报日期：{date} 早于本季度开始日 {}", quarter.first_day()),
                    "请填写实际报送日期".to_string(),
                ),
                Ok(date) => record.report_date = Some((date, cell.clone())),
                Err(problem) => f.value_problem(label, cell, &problem),
            },
            _ => {}
        }
    }
}

fn check_indicators(
    f: &mut Findings,
    sheet: &crate::ingest::submission::IndicatorSheet,
    record: &mut UnitRecord,
) {
    let plan = f.plan;
    if sheet.header.is_none() {
        f.push(
            RuleId::SheetMissing,
            Place::Sheet(sheet.sheet.clone()),
            "指标完成情况中找不到表头（指标编码、本季度完成）".to_string(),
            "请使用下发的报表模板，不要改动表头文字".to_string(),
        );
        return;
    }
    let mut seen: BTreeMap<&str, &CellRef> = BTreeMap::new();
    for row in &sheet.rows {
        let Some(indicator) = plan.indicator(&row.code) else {
            f.push(
                RuleId::IndicatorUnknown,
                Place::Cell(row.code_cell.clone()),
                format!(
                    "指标编码“{}”{}不在本年度计划中",
                    row.code,
                    row.name
                        .as_deref()
                        .map(|n| format!("（{n}）"))
                        .unwrap_or_default()
                ),
                "本表可能是往年或其他版本的模板，请用本季度下发的模板重新填报".to_string(),
            );
            continue;
        };
        if let Some(first) = seen.get(row.code.as_str()) {
            f.push(
                RuleId::IndicatorUnknown,
                Place::Cell(row.code_cell.clone()),
                format!("指标 {} 出现了两行（第一行在 {}）", row.code, first.a1()),
                "请删除重复的一行".to_string(),
            );
            continue;
        }
        seen.insert(&row.code, &row.code_cell);
        let label = indicator.name.as_str();
        let cell = &row.value.cell;
        let Some(value) = &row.value.value else {
            f.required(label, cell, "请填写本季度完成数，未开展的填 0");
            continue;
        };
        let parsed = match indicator.kind {
            ValueKind::Count => normalise::whole(value, 0.0),
            ValueKind::Percent => normalise::percent(value),
            ValueKind::Decimal => {
                normalise::non_negative(value).map(|n| (n * 100.0).round() / 100.0)
            }
            ValueKind::YesNo => normalise::yes_no(value).map(|b| f64::from(u8::from(b))),
        };
        match parsed {
            Ok(n) => {
                record
                    .values
                    .insert(indicator.code.clone(), (n, cell.clone()));
            }
            Err(problem) => f.value_problem(label, cell, &problem),
        }
    }
    for indicator in &plan.indicators {
        if !seen.contains_key(indicator.code.as_str()) {
            f.push(
                RuleId::IndicatorMissing,
                Place::Sheet(sheet.sheet.clone()),
                format!("缺少指标 {} {}", indicator.code, indicator.name),
                "本表可能是往年或其他版本的模板，请用本季度下发的模板重新填报".to_string(),
            );
        }
    }
}

fn check_ledger(
    f: &mut Findings,
    quarter: Quarter,
    sheet: &crate::ingest::submission::LedgerSheet,
    record: &mut UnitRecord,
) {
    let plan = f.plan;
    if sheet.header.is_none() {
        f.push(
            RuleId::SheetMissing,
            Place::Sheet(sheet.sheet.clone()),
            "活动台帐中找不到表头（日期、活动类别、实到人数）".to_string(),
            "请使用下发的报表模板，不要改动表头文字".to_string(),
        );
        return;
    }
    let members = record.fields.get(&BasicField::MemberCount).map(|(n, _)| *n);
    let category_keys: Vec<(String, &String)> = plan
        .ledger_categories
        .iter()
        .map(|k| (label_key(k), k))
        .collect();
    for row in &sheet.rows {
        let category = row
            .category
            .value
            .as_ref()
            .map(|v| normalise::clean_text(&normalise::display(v)));
        let known = category.as_deref().and_then(|c| {
            let key = label_key(c);
            category_keys
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, k)| *k)
        });
        match (&category, known) {
            (None, _) => f.required("活动类别", &row.category.cell, "请从下拉列表选择活动类别"),
            (Some(c), None) => f.push(
                RuleId::ValueRange,
                Place::Cell(row.category.cell.clone()),
                format!("活动类别：“{c}”不是计划中的类别"),
                format!("请从下拉列表选择：{}", plan.ledger_categories.join("、")),
            ),
            (_, Some(k)) => *record.ledger_counts.entry_or_default(k) += 1,
        }
        match &row.date.value {
            None => f.required("活动日期", &row.date.cell, "请填写活动日期，如 2011-03-05"),
            Some(value) => match normalise::date(value) {
                Ok(date) if !quarter.contains(date) => f.push(
                    RuleId::LedgerDate,
                    Place::Cell(row.date.cell.clone()),
                    format!(
                        "活动日期：{date} 不在{}（{} 至 {}）",
                        quarter.chinese_label(),
                        quarter.first_day(),
                        quarter.last_day()
                    ),
                    "本季度以外的活动请填在相应季度的报表中；如日期填错请更正".to_string(),
                ),
                Ok(_) => {}
                Err(problem) => f.value_problem("活动日期", &row.date.cell, &problem),
            },
        }
        let mut count = |located: &Located, label: &str| -> Option<f64> {
            match &located.value {
                None => {
                    f.required(label, &located.cell, "请填写人数（整数）");
                    None
                }
                Some(value) => match normalise::whole(value, 0.0) {
                    Ok(n) => Some(n),
                    Err(problem) => {
                        f.value_problem(label, &located.cell, &problem);
                        None
                    }
                },
            }
        };
        let expected = count(&row.expected, "应到人数");
        let attended = count(&row.attended, "实到人数");
        if let (Some(e), Some(a)) = (expected, attended) {
            if a > e {
                f.push(
                    RuleId::LedgerAttendance,
                    Place::Cell(row.attended.cell.clone()),
                    format!("实到人数 {} 多于应到人数 {}", a, e),
                    "请核对人数：实到人数不能多于应到人数".to_string(),
                );
            }
        }
        if let (Some(e), Some(m), Some(k)) = (expected, members, known) {
            if e > m && plan.member_meetings.contains(k) {
                f.push(
                    RuleId::LedgerOverMembers,
                    Place::Cell(row.expected.cell.clone()),
                    format!("{k}应到人数 {e} 多于党员总数 {m}"),
                    "请核对应到人数；如有其他支部党员参加，请在备注中说明".to_string(),
                );
            }
        }
    }
}

fn check_ledger_backing(f: &mut Findings, record: &UnitRecord) {
    let plan = f.plan;
    for indicator in &plan.indicators {
        let Some(category) = &indicator.ledger else {
            continue;
        };
        let Some((value, cell)) = record.values.get(&indicator.code) else {
            continue;
        };
        let rows = record.ledger_counts.get(category).copied().unwrap_or(0) as f64;
        if *value > rows {
            f.push(
                RuleId::LedgerUnsupported,
                Place::Cell(cell.clone()),
                format!(
                    "{}：填写 {} 次，活动台帐中“{category}”只有 {} 条",
                    indicator.name, value, rows
                ),
                format!(
                    "请在活动台帐中逐次补记“{category}”活动，或把本数改为 {}",
                    rows
                ),
            );
        } else if *value < rows {
            f.push(
                RuleId::LedgerSurplus,
                Place::Cell(cell.clone()),
                format!(
                    "{}：填写 {} 次，活动台帐中“{category}”有 {} 条",
                    indicator.name, value, rows
                ),
                format!("请核对：如台帐无误请改为 {}，否则在“说明”列写明原因", rows),
            );
        }
    }
}

/// Applies a cross-field rule: `left` from `record`, `right` from `bound`.
pub(super) fn check_rule_on(
    rule: &CrossRule,
    plan: &Plan,
    left: Option<(f64, Option<&CellRef>)>,
    right: Option<(f64, Option<&CellRef>)>,
) -> Option<(CellRef, String, String)> {
    let ((l, Some(cell)), (r, _)) = (left?, right?) else {
        return None;
    };
    if rule.comparison.holds(l, r) {
        return None;
    }
    let left_name = plan.describe_operand(&rule.left);
    let right_name = plan.describe_operand(&rule.right);
    let scope = if rule.scope == Scope::YearToDate {
        "年初至今"
    } else {
        ""
    };
    let relation = match rule.comparison {
        Comparison::AtMost => "多于",
        Comparison::AtLeast => "少于",
    };
    Some((
        cell.clone(),
        format!(
            "{scope}{left_name} {} {relation}{scope}{right_name} {}：{}",
            crate::plan::format_number(l),
            crate::plan::format_number(r),
            rule.description
        ),
        format!("请核对{left_name}和{right_name}，改正后重新报送"),
    ))
}

fn check_rule(f: &mut Findings, rule: &CrossRule, record: &UnitRecord, bound: &UnitRecord) {
    let plan = f.plan;
    if let Some((cell, message, hint)) = check_rule_on(
        rule,
        plan,
        record.operand(&rule.left),
        bound.operand(&rule.right),
    ) {
        f.push_raw(
            &rule.id,
            "逻辑关系不符",
            rule.severity,
            Place::Cell(cell),
            message,
            hint,
        );
    }
}

//! 汇总表.xlsx: the summary a bureau files and forwards, in official table style.
//!
//! Sheets: 指标汇总, 各单位指标汇总 (units × indicators, category subtotals,
//! 合计), 按党组织汇总 (branches rolled into their 党委), 目标完成情况 (units ×
//! targets), 考核得分排名, 报送情况, 审核问题.

use rust_xlsxwriter::{ConditionalFormatText, ConditionalFormatTextRule, Format};

use super::report::{problems_sheet, status_sheet};
use super::table::{self, Column, OfficialSheet, Row, RowKind, Value};
use super::RenderError;
use crate::aggregate::{
    units_by_category, Aggregates, PlanOrder, TargetState, Totals, UnitFigures,
};
use crate::check::{CheckReport, SubmissionStatus};
use crate::plan::{format_date, Indicator, Plan, Quarter, ValueKind};

pub const SHEET_INDICATORS: &str = "指标汇总";
pub const SHEET_UNITS: &str = "各单位指标汇总";
pub const SHEET_TREE: &str = "按党组织汇总";
pub const SHEET_TARGETS: &str = "目标完成情况";
pub const SHEET_SCORES: &str = "考核得分排名";
pub const SHEET_STATUS: &str = "报送情况";
pub const SHEET_PROBLEMS: &str = "审核问题";

/// The note that says how units were treated (every sheet with figures has it).
fn treatment_note(aggregates: &Aggregates) -> String {
    let returned = aggregates
        .excluded
        .iter()
        .filter(|e| e.status == SubmissionStatus::Returned)
        .count();
    let missing = aggregates.excluded.len() - returned;
    format!(
        "本表汇总审核通过（已报、逾期）的 {} 个单位；退回的 {} 个单位（报表有错误）和未报的 {} 个单位不计入合计，也不参加评分排名，不按零计算，名单见“报送情况”。",
        aggregates.units.len(),
        returned,
        missing
    )
}

fn unit_name(plan: &Plan, code: &str) -> String {
    plan.unit(code).map(|u| u.name.clone()).unwrap_or_default()
}

/// One column per indicator, grouped under its plan section.
fn indicator_columns(plan: &Plan) -> impl Iterator<Item = Column> + '_ {
    plan.indicators.iter().map(|indicator| {
        Column::grouped(
            section_name(plan, indicator),
            indicator_header(indicator),
            9.0,
        )
    })
}

/// The totals of every indicator, in its kind's form.
fn total_cells<'a>(plan: &'a Plan, totals: &'a Totals) -> impl Iterator<Item = Value> + 'a {
    plan.indicators
        .iter()
        .enumerate()
        .map(move |(i, ind)| total_figure(ind, totals, i))
}

/// A unit's figures in plan order, placed in one pass over them beside the
/// plan's sorted codes ([`PlanOrder`]; looking every indicator up in every
/// unit was a fifth of writing a 10,000-unit summary).
fn figures_in_plan_order(plan: &Plan, order: &PlanOrder, unit: &UnitFigures) -> Vec<Option<f64>> {
    let mut out = vec![None; plan.indicators.len()];
    for (i, _, (value, _)) in order.place(&unit.values) {
        out[i] = Some(*value);
    }
    out
}

/// A unit's figure in its kind's form.
fn figure(indicator: &Indicator, value: Option<f64>) -> Value {
    match (indicator.kind, value) {
        (_, None) => Value::Blank,
        (ValueKind::Count, Some(v)) => Value::Int(v),
        (ValueKind::Percent, Some(v)) => Value::Dec1(v),
        (ValueKind::Decimal, Some(v)) => Value::Dec2(v),
        (ValueKind::YesNo, Some(v)) => Value::text(if v >= 1.0 { "是" } else { "否" }),
    }
}

/// A total in its kind's form: percents as the mean, 是/否 as the count of 是.
fn total_figure(indicator: &Indicator, totals: &Totals, i: usize) -> Value {
    match indicator.kind {
        ValueKind::Count => Value::Int(totals.sums[i]),
        ValueKind::Decimal => Value::Dec2(totals.sums[i]),
        ValueKind::Percent => totals.mean(i).map_or(Value::Blank, Value::Dec1),
        ValueKind::YesNo => Value::text(format!("是 {} 个", totals.sums[i])),
    }
}

fn indicator_header(indicator: &Indicator) -> String {
    if indicator.measure.is_empty() {
        format!("{}\n{}", indicator.code, indicator.name)
    } else {
        format!(
            "{}\n{}（{}）",
            indicator.code, indicator.name, indicator.measure
        )
    }
}

fn section_name(plan: &Plan, indicator: &Indicator) -> String {
    plan.section(&indicator.section)
        .map(|s| s.name.clone())
        .unwrap_or_else(|| indicator.section.clone())
}

fn base_sheet(
    plan: &Plan,
    quarter: Quarter,
    date: chrono::NaiveDate,
    name: &str,
    title: &str,
) -> OfficialSheet {
    OfficialSheet {
        name: name.to_string(),
        title: format!("{}{}{}", quarter.chinese_label(), plan.system_name(), title),
        authority: plan.authority.full_name.clone(),
        measure: String::new(),
        date: format_date(date, plan.date_style),
        columns: Vec::new(),
        rows: Vec::new(),
        notes: Vec::new(),
        freeze_columns: 0,
        landscape: true,
        autofilter: false,
    }
}

fn measures(plan: &Plan) -> String {
    let mut list: Vec<&str> = Vec::new();
    for indicator in &plan.indicators {
        if !indicator.measure.is_empty() && !list.contains(&indicator.measure.as_str()) {
            list.push(&indicator.measure);
        }
    }
    list.join("、")
}

/// 指标汇总: one row per indicator.
fn indicators_sheet(
    plan: &Plan,
    aggregates: &Aggregates,
    date: chrono::NaiveDate,
) -> OfficialSheet {
    let mut sheet = base_sheet(
        plan,
        aggregates.quarter,
        date,
        SHEET_INDICATORS,
        "党建工作指标汇总表",
    );
    sheet.measure = "见各行计量单位".to_string();
    sheet.columns = vec![
        Column::new("序号", 5.0),
        Column::new("指标编码", 7.0),
        Column::new("指标名称", 20.0),
        Column::new("计量单位", 6.0),
        Column::new("本季度合计", 10.0),
        Column::new("报送单位数", 8.0),
        Column::new("单位平均", 9.0),
        Column::new("年初至今累计", 10.0),
        Column::new("上季度合计", 10.0),
        Column::new("比上季度增减", 10.0),
        Column::new("考核目标", 30.0),
        Column::new("达标单位数", 8.0),
        Column::new("未达标或滞后单位数", 10.0),
    ];
    let has_previous = aggregates.indicators.iter().any(|t| t.previous.is_some());
    for (i, (indicator, total)) in plan
        .indicators
        .iter()
        .zip(&aggregates.indicators)
        .enumerate()
    {
        let has_target = indicator.target.is_some();
        let (mut met, mut not_met) = (0, 0);
        for (_, state) in aggregates.targets.on_indicator(i) {
            match state {
                s if s.is_met() => met += 1,
                TargetState::Missed | TargetState::Behind => not_met += 1,
                _ => {}
            }
        }
        let as_figure = |v: Option<f64>| match indicator.kind {
            ValueKind::YesNo | ValueKind::Count => v.map_or(Value::Blank, Value::Int),
            ValueKind::Percent => v.map_or(Value::Blank, Value::Dec1),
            ValueKind::Decimal => v.map_or(Value::Blank, Value::Dec2),
        };
        let (quarter_total, previous) = match indicator.kind {
            // A percentage is averaged, never summed.
            ValueKind::Percent => (total.mean, None),
            _ => (Some(total.total), total.previous),
        };
        sheet.rows.push(Row::new(
            RowKind::Body,
            vec![
                Value::Int((i + 1) as f64),
                Value::text(&indicator.code),
                Value::text(&indicator.name),
                Value::text(if indicator.kind == ValueKind::YesNo {
                    "个（答“是”的单位）"
                } else {
                    indicator.measure.as_str()
                }),
                as_figure(quarter_total),
                Value::Int(total.reporting as f64),
                match indicator.kind {
                    ValueKind::YesNo => Value::Blank,
                    _ => total.mean.map_or(Value::Blank, Value::Dec2),
                },
                as_figure(total.year_to_date),
                as_figure(previous),
                match indicator.kind {
                    ValueKind::Percent => Value::Blank,
                    _ => total.change().map_or(Value::Blank, Value::Percent),
                },
                Value::text(plan.describe_target(indicator)),
                if has_target {
                    Value::Int(met as f64)
                } else {
                    Value::Blank
                },
                if has_target {
                    Value::Int(not_met as f64)
                } else {
                    Value::Blank
                },
            ],
        ));
    }
    sheet.notes = vec![
        format!("注：1. {}", treatment_note(aggregates)),
        "2. 本季度合计为各单位本季度完成数之和；百分数（如群众满意度）为各单位平均值；是/否类指标为答“是”的单位数。年初至今累计只统计按年累计的指标，为各单位本年度已审核通过的各季度数之和。".to_string(),
        if has_previous {
            "3. 上季度合计为上季度审核通过的单位之和，两季度报送单位不同时增减仅供参考。".to_string()
        } else {
            "3. 未找到本年度上季度的报表，不计算比上季度增减。".to_string()
        },
    ];
    sheet
}

/// A row of 各单位指标汇总, before it is made.
enum UnitsRow<'a> {
    Unit(usize, &'a UnitFigures),
    Subtotal(&'a str, &'a Totals, usize),
    Total,
}

/// 各单位指标汇总: units × indicators, category subtotals, 合计. The rows
/// are made as they are written.
fn units_sheet<'a>(
    plan: &'a Plan,
    aggregates: &'a Aggregates,
    date: chrono::NaiveDate,
) -> (OfficialSheet, impl Iterator<Item = Row> + 'a) {
    let mut sheet = base_sheet(
        plan,
        aggregates.quarter,
        date,
        SHEET_UNITS,
        "党建工作情况汇总表",
    );
    sheet.measure = measures(plan);
    sheet.freeze_columns = 3;
    sheet.columns = vec![
        Column::new("序号", 5.0),
        Column::new("单位代码", 7.0),
        Column::new("单位", 22.0),
    ];
    sheet.columns.extend(indicator_columns(plan));
    // Each category's units, grouped as for the categories' totals (the
    // same roster categories, in the same order).
    let members = units_by_category(plan, &aggregates.units);
    let mut layout = Vec::with_capacity(aggregates.units.len() + aggregates.categories.len() + 1);
    let mut serial = 0;
    for ((category, totals), (_, units)) in aggregates.categories.iter().zip(members) {
        let count = units.len();
        for unit in units {
            serial += 1;
            layout.push(UnitsRow::Unit(serial, unit));
        }
        if count > 0 {
            layout.push(UnitsRow::Subtotal(category, totals, count));
        }
    }
    layout.push(UnitsRow::Total);
    let all = &aggregates.totals;
    let order = PlanOrder::new(plan);
    let rows = layout.into_iter().map(move |row| match row {
        UnitsRow::Unit(serial, unit) => {
            let mut cells = vec![
                Value::Int(serial as f64),
                Value::text(&unit.unit_code),
                Value::text(unit_name(plan, &unit.unit_code)),
            ];
            cells.extend(
                plan.indicators
                    .iter()
                    .zip(figures_in_plan_order(plan, &order, unit))
                    .map(|(ind, value)| figure(ind, value)),
            );
            Row::new(RowKind::Body, cells)
        }
        UnitsRow::Subtotal(category, totals, members) => {
            let mut cells = vec![
                Value::Blank,
                Value::Blank,
                Value::text(format!("{category}小计（{members} 个单位）")),
            ];
            cells.extend(total_cells(plan, totals));
            Row::new(RowKind::Subtotal, cells)
        }
        UnitsRow::Total => {
            let mut cells = vec![
                Value::Blank,
                Value::Blank,
                Value::text(format!("合计（{} 个单位）", aggregates.units.len())),
            ];
            cells.extend(total_cells(plan, all));
            Row::new(RowKind::Total, cells)
        }
    });
    sheet.notes = vec![
        format!("注：1. {}", treatment_note(aggregates)),
        "2. 各单位数字为本季度完成数（不是累计数）；小计、合计中百分数为平均值，是/否类为答“是”的单位数。".to_string(),
        "3. 每个数字的来源文件和单元格可用 huizong explain 命令查询。".to_string(),
    ];
    (sheet, rows)
}

/// 按党组织汇总: units with branches, their own and their branches' figures.
fn tree_sheet(plan: &Plan, aggregates: &Aggregates, date: chrono::NaiveDate) -> OfficialSheet {
    let mut sheet = base_sheet(
        plan,
        aggregates.quarter,
        date,
        SHEET_TREE,
        "党建工作情况汇总表（按党组织）",
    );
    sheet.measure = measures(plan);
    sheet.freeze_columns = 3;
    sheet.columns = vec![
        Column::new("单位代码", 7.0),
        Column::new("党组织（含下属单位）", 22.0),
        Column::new("计入单位数", 7.0),
    ];
    sheet.columns.extend(indicator_columns(plan));
    let mut notes = Vec::new();
    for rollup in &aggregates.rollups {
        let mut cells = vec![
            Value::text(&rollup.unit_code),
            Value::text(unit_name(plan, &rollup.unit_code)),
            Value::Int(rollup.counted.len() as f64),
        ];
        cells.extend(total_cells(plan, &rollup.totals));
        sheet.rows.push(Row::new(RowKind::Body, cells));
        if !rollup.missing.is_empty() {
            let names: Vec<String> = rollup
                .missing
                .iter()
                .map(|c| format!("{c} {}", unit_name(plan, c)))
                .collect();
            notes.push(format!(
                "{}未计入（退回或未报）：{}。",
                unit_name(plan, &rollup.unit_code),
                names.join("、")
            ));
        }
    }
    let mut cells = vec![
        Value::Blank,
        Value::text(format!("全系统合计（{}）", plan.authority.short_name)),
        Value::Int(aggregates.units.len() as f64),
    ];
    cells.extend(total_cells(plan, &aggregates.totals));
    sheet.rows.push(Row::new(RowKind::Total, cells));
    let mut all_notes = vec![
        "注：1. 每行为该党组织本身及其下属党组织（按名册的上级单位逐级汇总）的合计；最后一行为全系统合计。".to_string(),
        format!("2. {}", treatment_note(aggregates)),
    ];
    all_notes.extend(
        notes
            .into_iter()
            .enumerate()
            .map(|(i, n)| format!("{}. {n}", i + 3)),
    );
    sheet.notes = all_notes;
    sheet
}

/// 目标完成情况: units × targets.
fn targets_sheet<'a>(
    plan: &'a Plan,
    aggregates: &'a Aggregates,
    date: chrono::NaiveDate,
) -> (OfficialSheet, impl Iterator<Item = Row> + 'a) {
    let mut sheet = base_sheet(
        plan,
        aggregates.quarter,
        date,
        SHEET_TARGETS,
        "党建工作目标完成情况表",
    );
    sheet.freeze_columns = 3;
    sheet.columns = vec![
        Column::new("序号", 5.0),
        Column::new("单位代码", 7.0),
        Column::new("单位", 22.0),
    ];
    let targeted: Vec<&Indicator> = plan
        .indicators
        .iter()
        .filter(|i| i.target.is_some())
        .collect();
    for indicator in &targeted {
        sheet.columns.push(Column::grouped(
            format!("{} {}", indicator.code, indicator.name),
            plan.describe_target(indicator),
            16.0,
        ));
    }
    sheet.columns.push(Column::new("达标项数", 7.0));
    sheet.columns.push(Column::new("考核项数", 7.0));
    sheet.columns.push(Column::new("达标率", 8.0));
    // Two-level header: the indicator above its target.
    // Each unit's results are made again here, as its row is made (on the
    // row maker's thread; see `add_official_sheet_made_aside`).
    let rows = aggregates
        .units
        .iter()
        .enumerate()
        .map(move |(serial, unit)| {
            let mut cells = vec![
                Value::Int((serial + 1) as f64),
                Value::text(&unit.unit_code),
                Value::text(unit_name(plan, &unit.unit_code)),
            ];
            let results = aggregates.target_results(plan, serial);
            cells.extend(results.iter().map(|r| {
                let mut text = String::with_capacity(96);
                text.push_str(r.state.label());
                text.push('\n');
                r.write_detail(plan, &mut text);
                Value::text(text)
            }));
            let assessed = results
                .iter()
                .filter(|r| r.state != TargetState::NotApplicable)
                .count();
            let met = results.iter().filter(|r| r.state.is_met()).count();
            cells.push(Value::Int(met as f64));
            cells.push(Value::Int(assessed as f64));
            cells.push(if assessed > 0 {
                Value::Percent(met as f64 / assessed as f64)
            } else {
                Value::Blank
            });
            Row::new(RowKind::Body, cells)
        });
    sheet.notes = vec![
        format!("注：1. {}", treatment_note(aggregates)),
        "2. 已达标：达到目标；进度正常：全年目标按季度进度（全年目标 × 季度数 ÷ 4）考核，年初至今已达到进度要求；进度滞后：未达到进度要求；未达标：每季度目标、比例、上限未达到，或第四季度仍未达到全年目标；不适用：无可考核的数（如征集意见建议为 0 时不计办结率）。".to_string(),
        "3. 达标率 = 达标项数（含进度正常）÷ 考核项数（不含不适用）。比例类目标注明了分子和分母。".to_string(),
    ];
    (sheet, rows)
}

/// 考核得分排名: ranked units, then the units not scored.
fn scores_sheet<'a>(
    plan: &'a Plan,
    aggregates: &'a Aggregates,
    date: chrono::NaiveDate,
) -> (OfficialSheet, impl Iterator<Item = Row> + 'a) {
    let mut sheet = base_sheet(
        plan,
        aggregates.quarter,
        date,
        SHEET_SCORES,
        "党建目标考核得分排名表",
    );
    sheet.measure = "分".to_string();
    sheet.landscape = false;
    sheet.columns = vec![
        Column::new("名次", 5.0),
        Column::new("单位代码", 7.0),
        Column::new("单位", 24.0),
        Column::new("类别", 12.0),
        Column::new("得分", 7.0),
        Column::new("档次", 7.0),
        Column::new("达标项数", 6.0),
        Column::new("考核项数", 6.0),
        Column::new("未达标或滞后的目标", 30.0),
    ];
    let positions: std::collections::HashMap<&str, usize> = aggregates
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.unit_code.as_str(), i))
        .collect();
    let scored = aggregates.scores.iter().map(move |score| {
        let position = positions.get(score.unit_code.as_str()).copied();
        let missed: Vec<String> = position
            .map(|i| {
                let targets = &aggregates.targets;
                targets
                    .targeted()
                    .iter()
                    .zip(targets.of_unit(i))
                    .filter(|(_, s)| matches!(s, TargetState::Missed | TargetState::Behind))
                    .map(|(&position, state)| {
                        let name = plan
                            .indicators
                            .get(position)
                            .map(|i| i.name.as_str())
                            .unwrap_or("");
                        format!("{name}（{}）", state.label())
                    })
                    .collect()
            })
            .unwrap_or_default();
        let category = plan
            .unit(&score.unit_code)
            .map(|u| u.category.clone())
            .unwrap_or_default();
        Row::new(
            RowKind::Body,
            vec![
                Value::Int(score.rank as f64),
                Value::text(&score.unit_code),
                Value::text(unit_name(plan, &score.unit_code)),
                Value::text(category),
                Value::Dec1(score.score),
                Value::text(&score.band),
                Value::Int(score.met as f64),
                Value::Int(score.assessed as f64),
                Value::text(missed.join("、")),
            ],
        )
    });
    let not_scored = aggregates.excluded.iter().map(move |excluded| {
        let category = plan
            .unit(&excluded.unit_code)
            .map(|u| u.category.clone())
            .unwrap_or_default();
        let why = match excluded.status {
            SubmissionStatus::Returned => {
                format!("报表有 {} 处错误已退回，未评分", excluded.errors)
            }
            _ => "未报送，未评分".to_string(),
        };
        Row::new(
            RowKind::Warning,
            vec![
                Value::Blank,
                Value::text(&excluded.unit_code),
                Value::text(unit_name(plan, &excluded.unit_code)),
                Value::text(category),
                Value::Blank,
                Value::text(excluded.status.label()),
                Value::Blank,
                Value::Blank,
                Value::text(why),
            ],
        )
    });
    let bands: Vec<String> = plan
        .scoring
        .bands
        .iter()
        .map(|b| {
            format!(
                "{} {} 分以上",
                b.name,
                crate::plan::format_number(b.min_score)
            )
        })
        .collect();
    sheet.notes = vec![
        "注：1. 得分 = 已达标（含进度正常）目标的权重之和 ÷ 参加考核目标的权重之和 × 100，保留一位小数；得分相同的名次相同。".to_string(),
        format!("2. 档次：{}。", bands.join("，")),
        format!("3. {}", treatment_note(aggregates)),
    ];
    (sheet, scored.chain(not_scored))
}

/// Writes 汇总表.xlsx. `date` is the run's date (title line and document properties).
pub fn write_summary(
    plan: &Plan,
    aggregates: &Aggregates,
    report: &CheckReport,
    date: chrono::NaiveDate,
) -> Result<Vec<u8>, RenderError> {
    build_summary(plan, aggregates, report, date)?.save()
}

/// 汇总表 with all its sheets written, not yet saved: saving (zipping
/// ~30 MB of sheets at 10,000 units) takes one core alone, so a caller can
/// give the other core work for that time.
pub struct SummaryBook {
    workbook: rust_xlsxwriter::Workbook,
}

impl SummaryBook {
    /// The workbook's bytes.
    pub fn save(self) -> Result<Vec<u8>, RenderError> {
        table::finish(self.workbook)
    }
}

/// [`write_summary`] up to the saving.
pub fn build_summary(
    plan: &Plan,
    aggregates: &Aggregates,
    report: &CheckReport,
    date: chrono::NaiveDate,
) -> Result<SummaryBook, RenderError> {
    let quarter = aggregates.quarter;
    let mut workbook = table::new_workbook(
        &format!(
            "{}{}党建工作情况汇总表",
            quarter.chinese_label(),
            plan.system_name()
        ),
        &plan.authority.short_name,
        &plan.authority.full_name,
        date,
    )?;
    table::add_official_sheet(&mut workbook, &indicators_sheet(plan, aggregates, date))?;
    let (units, rows) = units_sheet(plan, aggregates, date);
    table::add_official_sheet_made_aside(&mut workbook, &units, rows)?;
    table::add_official_sheet(&mut workbook, &tree_sheet(plan, aggregates, date))?;
    let (targets, rows) = targets_sheet(plan, aggregates, date);
    let placed = table::add_official_sheet_made_aside(&mut workbook, &targets, rows)?;
    if placed.body_end > placed.body_first {
        let sheet = workbook.worksheet_from_name(SHEET_TARGETS)?;
        let last_target_col = (targets.columns.len() - 4) as u16;
        let states = [
            ("未达标", 0xFFC7CE, 0x9C0006),
            ("进度滞后", 0xFFEB9C, 0x9C5700),
            ("已达标", 0xC6EFCE, 0x006100),
            ("进度正常", 0xC6EFCE, 0x006100),
        ];
        for (label, fill, font) in states {
            let format = Format::new()
                .set_background_color(fill)
                .set_font_color(font);
            let rule = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::BeginsWith(label.to_string()))
                .set_format(format);
            sheet.add_conditional_format(
                placed.body_first,
                3,
                placed.body_end - 1,
                last_target_col,
                &rule,
            )?;
        }
    }
    let (scores, rows) = scores_sheet(plan, aggregates, date);
    table::add_official_sheet_made_aside(&mut workbook, &scores, rows)?;
    let (mut status, rows) = status_sheet(plan, quarter, report, SHEET_STATUS);
    status.date = format_date(date, plan.date_style);
    table::add_official_sheet_with_rows(&mut workbook, &status, rows)?;
    let (mut problems, rows) = problems_sheet(plan, quarter, report, SHEET_PROBLEMS);
    problems.date = format_date(date, plan.date_style);
    table::add_official_sheet_with_rows(&mut workbook, &problems, rows)?;
    Ok(SummaryBook { workbook })
}

/// 年度汇总表.xlsx: the year's scores per unit (Q1–Q4, the year, band, rank,
/// commendation) and each quarter's indicator totals.
pub fn write_annual(
    plan: &Plan,
    year: &crate::aggregate::AnnualSummary,
    quarters: &[crate::aggregate::QuarterOfYear],
    date: chrono::NaiveDate,
) -> Result<Vec<u8>, RenderError> {
    let mut workbook = table::new_workbook(
        &format!("{}年度{}党建工作考核汇总表", year.year, plan.system_name()),
        &plan.authority.short_name,
        &plan.authority.full_name,
        date,
    )?;
    let title = |t: &str| format!("{}年度{}{t}", year.year, plan.system_name());
    let mut scores = OfficialSheet {
        name: "年度考核得分".to_string(),
        title: title("党建目标考核得分汇总表"),
        authority: plan.authority.full_name.clone(),
        measure: "分".to_string(),
        date: format_date(date, plan.date_style),
        columns: vec![
            Column::new("序号", 5.0),
            Column::new("单位代码", 7.0),
            Column::new("单位", 24.0),
            Column::grouped("季度得分", "第一季度", 8.0),
            Column::grouped("季度得分", "第二季度", 8.0),
            Column::grouped("季度得分", "第三季度", 8.0),
            Column::grouped("季度得分", "第四季度", 8.0),
            Column::new("年度得分", 8.0),
            Column::new("档次", 7.0),
            Column::new("名次", 5.0),
            Column::new("表彰建议", 10.0),
        ],
        rows: Vec::new(),
        notes: Vec::new(),
        freeze_columns: 3,
        landscape: true,
        autofilter: false,
    };
    for (i, unit) in year.units.iter().enumerate() {
        let mut cells = vec![
            Value::Int((i + 1) as f64),
            Value::text(&unit.unit_code),
            Value::text(unit_name(plan, &unit.unit_code)),
        ];
        for (q, score) in unit.quarter_scores.iter().enumerate() {
            let found = year.quarters.contains(&(q as u8 + 1));
            cells.push(match score {
                Some(s) => Value::Dec1(*s),
                None if found => Value::text("未评分"),
                None => Value::Blank,
            });
        }
        cells.push(unit.score.map_or(Value::text("未评分"), Value::Dec1));
        cells.push(Value::text(&unit.band));
        cells.push(if unit.rank > 0 {
            Value::Int(unit.rank as f64)
        } else {
            Value::Blank
        });
        cells.push(Value::text(if year.candidates.contains(&unit.unit_code) {
            "建议表彰"
        } else {
            ""
        }));
        let kind = if year.candidates.contains(&unit.unit_code) {
            RowKind::Subtotal
        } else if unit.score.is_none() {
            RowKind::Warning
        } else {
            RowKind::Body
        };
        scores.rows.push(Row::new(kind, cells));
    }
    let missing: Vec<String> = (1..=4u8)
        .filter(|q| !year.quarters.contains(q))
        .map(|q| ["第一季度", "第二季度", "第三季度", "第四季度"][usize::from(q - 1)].to_string())
        .collect();
    let top = plan.scoring.top_band();
    scores.notes = vec![
        "注：1. 年度得分为已评分各季度得分的平均值，保留一位小数；季度“未评分”为该季度退回或未报，不按零计算。".to_string(),
        format!("2. 表彰建议：年度档次为“{top}”且四个季度均已评分的单位，共 {} 个。", year.candidates.len()),
        if missing.is_empty() {
            "3. 四个季度的报表均已汇总。".to_string()
        } else {
            format!("3. 未找到{}的收件箱，年度得分只按已有季度计算。", missing.join("、"))
        },
    ];
    table::add_official_sheet(&mut workbook, &scores)?;

    let mut totals = OfficialSheet {
        name: "年度指标汇总".to_string(),
        title: title("党建工作指标年度汇总表"),
        authority: plan.authority.full_name.clone(),
        measure: "见各行计量单位".to_string(),
        date: format_date(date, plan.date_style),
        columns: vec![
            Column::new("序号", 5.0),
            Column::new("指标编码", 7.0),
            Column::new("指标名称", 20.0),
            Column::new("计量单位", 6.0),
            Column::grouped("各季度合计", "第一季度", 10.0),
            Column::grouped("各季度合计", "第二季度", 10.0),
            Column::grouped("各季度合计", "第三季度", 10.0),
            Column::grouped("各季度合计", "第四季度", 10.0),
            Column::new("全年合计", 10.0),
        ],
        rows: Vec::new(),
        notes: vec![
            "注：1. 各季度合计为该季度审核通过单位的合计；百分数为各单位平均值，全年为四个季度的平均值；是/否类为答“是”的单位数，全年取最后一个季度。".to_string(),
            "2. 各季度报送单位可能不同，全年合计为各季度合计之和，仅供参考。".to_string(),
        ],
        freeze_columns: 3,
        landscape: true,
        autofilter: false,
    };
    for (i, indicator) in plan.indicators.iter().enumerate() {
        let per_quarter: Vec<Option<f64>> = (1..=4u8)
            .map(|q| {
                let aggregates = quarters.iter().find(|a| a.quarter.number() == q)?;
                let total = aggregates.indicators.get(i)?;
                match indicator.kind {
                    ValueKind::Percent => total.mean,
                    _ => Some(total.total),
                }
            })
            .collect();
        let present: Vec<f64> = per_quarter.iter().flatten().copied().collect();
        let year_total = match indicator.kind {
            _ if present.is_empty() => None,
            ValueKind::Percent => {
                Some((present.iter().sum::<f64>() / present.len() as f64 * 10.0).round() / 10.0)
            }
            ValueKind::YesNo => per_quarter.iter().rev().flatten().next().copied(),
            _ => Some(crate::aggregate::round6(present.iter().sum())),
        };
        let as_value = |v: Option<f64>| match (indicator.kind, v) {
            (_, None) => Value::Blank,
            (ValueKind::Percent, Some(v)) => Value::Dec1(v),
            (ValueKind::Decimal, Some(v)) => Value::Dec2(v),
            (_, Some(v)) => Value::Int(v),
        };
        let mut cells = vec![
            Value::Int((i + 1) as f64),
            Value::text(&indicator.code),
            Value::text(&indicator.name),
            Value::text(if indicator.kind == ValueKind::YesNo {
                "个（答“是”的单位）"
            } else {
                indicator.measure.as_str()
            }),
        ];
        cells.extend(per_quarter.iter().map(|v| as_value(*v)));
        cells.push(as_value(year_total));
        totals.rows.push(Row::new(RowKind::Body, cells));
    }
    table::add_official_sheet(&mut workbook, &totals)?;
    table::finish(workbook)
}

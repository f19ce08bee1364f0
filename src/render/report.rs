//! 审核报告.xlsx: one row per problem (问题清单) and the status of every
//! roster unit (报送情况), in official table style.

use super::table::{self, Column, OfficialSheet, Row, RowKind, Value};
use super::RenderError;
use crate::check::{CheckReport, SubmissionStatus};
use crate::plan::{format_date, Plan, Quarter, Severity};

/// Sheet names of the check report.
pub const SHEET_PROBLEMS: &str = "问题清单";
pub const SHEET_STATUS: &str = "报送情况";

/// The 问题清单 sheet of a report, for the check report and the summary, and
/// its rows, made as they are written.
pub fn problems_sheet<'a>(
    plan: &Plan,
    quarter: Quarter,
    report: &'a CheckReport,
    name: &str,
) -> (OfficialSheet, impl Iterator<Item = Row> + 'a) {
    let rows = report.diagnostics.iter().enumerate().map(|(i, d)| {
        Row::new(
            if d.severity == Severity::Error {
                RowKind::Error
            } else {
                RowKind::Body
            },
            vec![
                Value::Int((i + 1) as f64),
                Value::text(d.unit_code.clone().unwrap_or_default()),
                Value::text(d.unit_name.clone().unwrap_or_default()),
                Value::text(&d.file),
                Value::text(d.sheet.clone().unwrap_or_default()),
                Value::text(d.cell.clone().unwrap_or_default()),
                Value::text(d.severity.label()),
                Value::text(format!("{}（{}）", d.rule_title, d.rule)),
                Value::text(&d.message),
                Value::text(&d.hint),
            ],
        )
    });
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let sheet = OfficialSheet {
        name: name.to_string(),
        title: format!("{}党建工作报表审核问题清单", quarter.chinese_label()),
        authority: plan.authority.full_name.clone(),
        measure: String::new(),
        date: format_date(report.as_of, plan.date_style),
        columns: vec![
            Column::new("序号", 6.0),
            Column::new("单位代码", 9.0),
            Column::new("单位", 24.0),
            Column::new("文件", 30.0),
            Column::new("工作表", 12.0),
            Column::new("单元格", 8.0),
            Column::new("级别", 6.0),
            Column::new("规则", 22.0),
            Column::new("问题", 44.0),
            Column::new("修改建议", 40.0),
        ],
        rows: Vec::new(),
        notes: vec![
            format!(
                "注：1. 共 {} 条问题，其中错误 {} 条、提示 {} 条。级别为“错误”的报表退回单位修改后重新报送；“提示”的报表已采用，请单位在“说明”列写明原因或由工作人员确认。",
                report.diagnostics.len(),
                errors,
                report.diagnostics.len() - errors
            ),
            format!(
                "2. 报送截止日期 {}，审核截至 {}。单元格为报表中的位置，如“E11”即第 E 列第 11 行。",
                format_date(report.due_date, plan.date_style),
                format_date(report.as_of, plan.date_style)
            ),
        ],
        freeze_columns: 3,
        landscape: true,
        autofilter: true,
    };
    (sheet, rows)
}

/// The 报送情况 sheet: every roster unit, roster order; its rows are made as
/// they are written.
pub fn status_sheet<'a>(
    plan: &Plan,
    quarter: Quarter,
    report: &'a CheckReport,
    name: &str,
) -> (OfficialSheet, impl Iterator<Item = Row> + 'a) {
    let rows = report.statuses.iter().enumerate().map(|(i, s)| {
        Row::new(
            match s.status {
                SubmissionStatus::Returned => RowKind::Error,
                SubmissionStatus::Missing => RowKind::Warning,
                _ => RowKind::Body,
            },
            vec![
                Value::Int((i + 1) as f64),
                Value::text(&s.unit_code),
                Value::text(&s.unit_name),
                Value::text(&s.category),
                Value::text(s.status.label()),
                Value::text(s.file.clone().unwrap_or_default()),
                Value::text(
                    s.report_date
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                ),
                Value::Int(s.errors as f64),
                Value::Int(s.warnings as f64),
            ],
        )
    });
    let count = |status: SubmissionStatus| {
        report
            .statuses
            .iter()
            .filter(|s| s.status == status)
            .count()
    };
    let mut notes = vec![format!(
        "注：1. 名册共 {} 个单位：已报 {} 个，逾期 {} 个，退回 {} 个，未报 {} 个。",
        report.statuses.len(),
        count(SubmissionStatus::Submitted),
        count(SubmissionStatus::Late),
        count(SubmissionStatus::Returned),
        count(SubmissionStatus::Missing)
    )];
    notes.push(
        "2. 已报：按时报送且无错误；逾期：截止日期后报送、无错误；退回：有错误，须修改后重新报送；未报：未收到报表。同一单位报送多份的，以填报日期较晚的一份为准。"
            .to_string(),
    );
    if !report.unattributed_files.is_empty() {
        notes.push(format!(
            "3. 以下文件无法确定所属单位，未计入：{}。",
            report.unattributed_files.join("、")
        ));
    }
    let sheet = OfficialSheet {
        name: name.to_string(),
        title: format!("{}党建工作报表报送情况", quarter.chinese_label()),
        authority: plan.authority.full_name.clone(),
        measure: String::new(),
        date: format_date(report.as_of, plan.date_style),
        columns: vec![
            Column::new("序号", 6.0),
            Column::new("单位代码", 9.0),
            Column::new("单位", 26.0),
            Column::new("类别", 14.0),
            Column::new("报送状态", 9.0),
            Column::new("文件", 34.0),
            Column::new("填报日期", 12.0),
            Column::new("错误", 6.0),
            Column::new("提示", 6.0),
        ],
        rows: Vec::new(),
        notes,
        freeze_columns: 3,
        landscape: true,
        autofilter: true,
    };
    (sheet, rows)
}

/// 审核报告.xlsx.
pub fn write_check_report(
    plan: &Plan,
    quarter: Quarter,
    report: &CheckReport,
) -> Result<Vec<u8>, RenderError> {
    let mut workbook = table::new_workbook(
        &format!("{}党建工作报表审核报告", quarter.chinese_label()),
        &plan.authority.short_name,
        &plan.authority.full_name,
        report.as_of,
    )?;
    let (problems, rows) = problems_sheet(plan, quarter, report, SHEET_PROBLEMS);
    table::add_official_sheet_with_rows(&mut workbook, &problems, rows)?;
    let (status, rows) = status_sheet(plan, quarter, report, SHEET_STATUS);
    table::add_official_sheet_with_rows(&mut workbook, &status, rows)?;
    table::finish(workbook)
}

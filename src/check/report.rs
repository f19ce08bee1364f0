//! What a check produces: diagnostics and the status of every roster unit.
//! Plain data, consumed by the console summary, JSON output and the report
//! workbook writer.

use chrono::NaiveDate;
use serde::Serialize;

use crate::cell::CellRef;
use crate::plan::Severity;

/// One problem found in one file (or about one unit, e.g. a duplicate).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// File name as found in the inbox (relative to the inbox folder).
    pub file: String,
    /// The roster unit the file belongs to, when known.
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    /// Stable rule id: a [`crate::check::rules::RuleId`] id or a plan rule id.
    pub rule: String,
    /// Short title of the rule (规则 column), e.g. 数据类型错误.
    pub rule_title: String,
    #[serde(serialize_with = "severity_label")]
    pub severity: Severity,
    /// Sheet of the problem, when it concerns a sheet.
    pub sheet: Option<String>,
    /// Cell of the problem, as A1 (e.g. `E11`), when it concerns a cell.
    pub cell: Option<String>,
    /// What is wrong (问题), in Chinese.
    pub message: String,
    /// How to fix it (修改建议), in Chinese.
    pub hint: String,
}

impl Diagnostic {
    /// `指标完成情况!E11`, `指标完成情况` or empty.
    pub fn location(&self) -> String {
        match (&self.sheet, &self.cell) {
            (Some(sheet), Some(cell)) => format!("{sheet}!{cell}"),
            (Some(sheet), None) => sheet.clone(),
            _ => String::new(),
        }
    }

    /// Places the diagnostic at a cell.
    pub fn at(mut self, cell: &CellRef) -> Diagnostic {
        self.sheet = Some(cell.sheet().to_string());
        self.cell = Some(cell.a1());
        self
    }
}

fn severity_label<S: serde::Serializer>(severity: &Severity, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(severity.label())
}

/// Where a roster unit stands for the quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum SubmissionStatus {
    /// 已报: on time, no 错误.
    Submitted,
    /// 逾期: after the deadline, no 错误.
    Late,
    /// 退回: has 错误, goes back to the unit.
    Returned,
    /// 未报: no file.
    Missing,
}

impl SubmissionStatus {
    pub fn label(self) -> &'static str {
        match self {
            SubmissionStatus::Submitted => "已报",
            SubmissionStatus::Late => "逾期",
            SubmissionStatus::Returned => "退回",
            SubmissionStatus::Missing => "未报",
        }
    }
}

/// One row of 报送情况: every roster unit, in roster order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusRow {
    pub unit_code: String,
    pub unit_name: String,
    pub category: String,
    pub status: SubmissionStatus,
    /// The file that counts for the unit.
    pub file: Option<String>,
    pub report_date: Option<NaiveDate>,
    pub errors: usize,
    pub warnings: usize,
}

/// The whole result of checking one quarter's inbox.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// e.g. `2011Q1`.
    pub quarter: String,
    pub plan_version: String,
    pub due_date: NaiveDate,
    /// "Today" for lateness and what is still missing.
    pub as_of: NaiveDate,
    /// Sorted: unit code, file, sheet, row, column, rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Every roster unit, roster order.
    pub statuses: Vec<StatusRow>,
    /// Files that belong to no roster unit (unknown code, unreadable and unnamed…).
    pub unattributed_files: Vec<String>,
}

//! The submission workbook (季度报表) contract shared by the template writer and
//! the reader: sheet names, headers, and the template fingerprint.
//!
//! The reader finds everything by these labels, never by fixed addresses.

use crate::plan::{Plan, Quarter, Unit};

/// Bumped whenever the template's layout changes.
pub const TEMPLATE_VERSION: u32 = 1;

pub const SHEET_INSTRUCTIONS: &str = "填报说明";
pub const SHEET_BASIC: &str = "基本情况";
pub const SHEET_INDICATORS: &str = "指标完成情况";
pub const SHEET_LEDGER: &str = "活动台帐";
/// Very hidden sheet with the fingerprint and the dropdown lists.
pub const SHEET_META: &str = "_huizong";

/// Header of 基本情况 (label, value, hint).
pub const BASIC_HEADERS: [&str; 3] = ["项目", "填报内容", "填写要求"];
/// Header of 指标完成情况.
pub const INDICATOR_HEADERS: [&str; 6] = [
    "序号",
    "指标编码",
    "指标名称",
    "计量单位",
    "本季度完成",
    "说明",
];
/// Header of 活动台帐.
pub const LEDGER_HEADERS: [&str; 8] = [
    "序号",
    "日期",
    "活动类别",
    "活动主题",
    "应到人数",
    "实到人数",
    "负责人",
    "备注",
];
/// Defined name of the ledger category list on the meta sheet.
pub const LEDGER_LIST_NAME: &str = "台帐类别清单";

/// Labels of the fingerprint rows on the meta sheet, in order.
pub const FINGERPRINT_KEYS: [&str; 6] = [
    "模板版本",
    "计划年度",
    "计划版本",
    "计划指纹",
    "单位代码",
    "季度",
];

/// What a template says about itself, so that `check` can tell last year's
/// template or another unit's file at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub template_version: u32,
    pub plan_year: i32,
    pub plan_version: String,
    /// First 12 hex digits of the plan's SHA-256.
    pub plan_hash: String,
    pub unit_code: String,
    /// e.g. `2011Q1`.
    pub quarter: String,
}

impl Fingerprint {
    pub fn new(plan: &Plan, unit: &Unit, quarter: Quarter) -> Fingerprint {
        Fingerprint {
            template_version: TEMPLATE_VERSION,
            plan_year: plan.year,
            plan_version: plan.version.clone(),
            plan_hash: plan.short_hash().to_string(),
            unit_code: unit.code.clone(),
            quarter: quarter.to_string(),
        }
    }

    /// Values in the order of [`FINGERPRINT_KEYS`].
    pub fn values(&self) -> [String; 6] {
        [
            self.template_version.to_string(),
            self.plan_year.to_string(),
            self.plan_version.clone(),
            self.plan_hash.clone(),
            self.unit_code.clone(),
            self.quarter.clone(),
        ]
    }
}

/// `{code}_{name}_{year}Q{q}.xlsx`, made safe as a single file name on Windows.
pub fn submission_file_name(unit: &Unit, quarter: Quarter) -> String {
    crate::output::safe_file_name(&format!("{}_{}_{}.xlsx", unit.code, unit.name, quarter))
}

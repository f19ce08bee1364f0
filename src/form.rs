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

/// Defined names that hold the fingerprint too, in the order of
/// [`FINGERPRINT_KEYS`], each a text constant (`="2011.1"`). calamine reads
/// a workbook's names as it opens it, so these cost nothing, while the meta
/// sheet is one more part to inflate and parse (~2 % of checking a file).
/// Templates made before carry only the sheet, which is then read.
pub const FINGERPRINT_NAMES: [&str; 6] = [
    "_huizong.template_version",
    "_huizong.plan_year",
    "_huizong.plan_version",
    "_huizong.plan_hash",
    "_huizong.unit_code",
    "_huizong.quarter",
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

    /// From its values in the order of [`FINGERPRINT_KEYS`] (missing ones
    /// empty); `None` when the template version or the year is not a number.
    pub fn from_values(values: [String; 6]) -> Option<Fingerprint> {
        let [version, year, plan_version, plan_hash, unit_code, quarter] = values;
        Some(Fingerprint {
            template_version: version.parse().ok()?,
            plan_year: year.parse().ok()?,
            plan_version,
            plan_hash,
            unit_code,
            quarter,
        })
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

/// The formula of a defined name that holds `text`: `="…"`, with `"` doubled.
pub fn text_constant(text: &str) -> String {
    format!("=\"{}\"", text.replace('"', "\"\""))
}

/// The text of a defined name's formula as a workbook stores it (`"…"`,
/// without the `=`), or `None` when it is not one text constant.
pub fn text_of_constant(formula: &str) -> Option<String> {
    let inner = formula.trim().strip_prefix('"')?.strip_suffix('"')?;
    // Inside, every quote is doubled.
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '"' && chars.next() != Some('"') {
            return None;
        }
        text.push(c);
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_constants_round_trip_with_their_quotes() {
        for text in ["2011.1", "", "单位\"甲\"", "\"\"", "a\"b\"\"c"] {
            let formula = text_constant(text);
            // The workbook stores the formula without its `=`.
            let stored = formula.strip_prefix('=').unwrap();
            assert_eq!(text_of_constant(stored).as_deref(), Some(text), "{formula}");
        }
        assert_eq!(text_constant("a\"b"), "=\"a\"\"b\"");
        assert_eq!(text_of_constant("\"2011Q1\""), Some("2011Q1".to_string()));
        // Not one text constant.
        for formula in ["2011", "\"a\"b\"", "_huizong!$B$2", "\"a", "", "\""] {
            assert_eq!(text_of_constant(formula), None, "{formula}");
        }
    }

    #[test]
    fn a_fingerprint_from_its_values() {
        let values = ["3", "2011", "2011.1", "0123456789ab", "0101", "2011Q2"].map(String::from);
        let fingerprint = Fingerprint::from_values(values.clone()).unwrap();
        assert_eq!(fingerprint.values(), values);
        assert_eq!(fingerprint.template_version, 3);
        let mut bad = values;
        bad[1] = "二〇一一".to_string();
        assert_eq!(Fingerprint::from_values(bad), None);
    }
}

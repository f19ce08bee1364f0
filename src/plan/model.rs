//! The validated plan: plain data, no spans, no files.
//!
//! Everything downstream (templates, check, aggregate, render) reads these types.
//! They are built only by [`crate::plan::load`], which guarantees the invariants
//! documented on each type (codes unique, references resolved, weights ≥ 0, …).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::quarter::Quarter;

/// The annual work plan (年度党的工作意见) as data.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Free-form version label chosen by the bureau, e.g. `2011.1`.
    pub version: String,
    pub year: i32,
    /// Title of the plan document, e.g. 2011年市直卫生系统党的工作意见.
    pub title: String,
    /// Number of the plan notice (the N of 淮卫党〔2011〕N号), when already issued.
    pub plan_doc_number: Option<u32>,
    pub authority: Authority,
    pub deadline: DeadlineRule,
    pub date_style: DateStyle,
    /// The 活动类别 a unit may choose in its 活动台帐, in plan order.
    pub ledger_categories: Vec<String>,
    /// Ledger categories every member is expected at (党员大会, 党课…): their
    /// 应到人数 should not exceed 党员总数.
    pub member_meetings: Vec<String>,
    pub sections: Vec<Section>,
    pub units: Vec<Unit>,
    pub indicators: Vec<Indicator>,
    pub rules: Vec<CrossRule>,
    pub scoring: Scoring,
    /// SHA-256 of the plan's TOML text, lowercase hex.
    pub source_sha256: String,
    /// Units by code and by name, and indicators by code, built on first
    /// use (a province's roster has thousands of units: no linear search per
    /// file; the summary looks an indicator up for every unit and target).
    pub(crate) index: UnitIndex,
}

/// Lookups derived from the roster and the indicators; equal whatever has
/// been built.
#[derive(Debug, Clone, Default)]
pub struct UnitIndex(std::sync::OnceLock<UnitMaps>);

#[derive(Debug, Clone, Default)]
struct UnitMaps {
    by_code: std::collections::HashMap<String, usize>,
    by_name: std::collections::HashMap<String, usize>,
    indicators: std::collections::HashMap<String, usize>,
}

impl PartialEq for UnitIndex {
    fn eq(&self, _: &UnitIndex) -> bool {
        true
    }
}

/// The issuing authority (发文机关).
#[derive(Debug, Clone, PartialEq)]
pub struct Authority {
    /// 中共淮安市卫生局委员会
    pub full_name: String,
    /// 市卫生局党委
    pub short_name: String,
    /// 淮卫党 — the prefix of 发文字号.
    pub doc_prefix: String,
    /// The office that prints the documents (印发机关).
    pub printer: String,
    /// Default addressee line (主送机关).
    pub addressee: String,
    /// 抄送 recipients.
    pub copy_to: Vec<String>,
}

/// When a quarter's submissions are due.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineRule {
    pub days_after_quarter_end: u32,
    /// Explicit due dates for some quarters (1–4), replacing the rule.
    pub overrides: BTreeMap<u8, NaiveDate>,
}

impl DeadlineRule {
    /// The last day on which a submission for `quarter` is on time.
    pub fn due_date(&self, quarter: Quarter) -> NaiveDate {
        if let Some(date) = self.overrides.get(&quarter.number()) {
            return *date;
        }
        quarter.last_day() + chrono::Days::new(u64::from(self.days_after_quarter_end))
    }
}

/// How dates are written in official documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// GB/T 9704-2012: 2011年4月22日.
    Arabic,
    /// Older documents: 二〇一一年四月二十二日.
    ChineseNumerals,
}

/// A group of indicators, as the plan's text groups its tasks (一、二、…).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub code: String,
    pub name: String,
}

/// A reporting unit of the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Roster code, text with leading zeros kept, e.g. `0101`.
    pub code: String,
    pub name: String,
    /// Category used for subtotals, e.g. 市属医院.
    pub category: String,
    pub kind: UnitKind,
    /// Code of the unit this one reports through (a branch under a hospital's 党委).
    pub parent: Option<String>,
}

/// The kind of party organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnitKind {
    /// 党委
    Committee,
    /// 党总支
    GeneralBranch,
    /// 党支部
    Branch,
}

impl UnitKind {
    pub const ALL: [UnitKind; 3] = [
        UnitKind::Committee,
        UnitKind::GeneralBranch,
        UnitKind::Branch,
    ];

    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Committee => "党委",
            UnitKind::GeneralBranch => "党总支",
            UnitKind::Branch => "党支部",
        }
    }

    pub fn from_label(label: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.label() == label)
    }
}

/// What a unit reports for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A whole number ≥ 0 (次, 人, 条…).
    Count,
    /// A percentage 0–100 with one decimal (95.5 means 95.5%).
    Percent,
    /// A decimal number ≥ 0 with two decimals (万元).
    Decimal,
    /// 是 or 否.
    YesNo,
}

impl ValueKind {
    pub fn label(self) -> &'static str {
        match self {
            ValueKind::Count => "整数",
            ValueKind::Percent => "百分数",
            ValueKind::Decimal => "小数",
            ValueKind::YesNo => "是/否",
        }
    }
}

/// How an indicator's figures accumulate over the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Assessed on each quarter's own figure (e.g. 每季至少1次, 满意度).
    Quarterly,
    /// Accumulated over the year to date (e.g. 全年6次以上).
    Annual,
}

impl Period {
    pub fn label(self) -> &'static str {
        match self {
            Period::Quarterly => "按季",
            Period::Annual => "按年",
        }
    }
}

/// One indicator of the plan (one row of 指标完成情况).
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub code: String,
    pub name: String,
    /// Unit of measure (计量单位): 次, 人, 条, %, 万元, or empty for 是/否.
    pub measure: String,
    pub kind: ValueKind,
    pub period: Period,
    /// Code of the [`Section`] the indicator belongs to.
    pub section: String,
    pub target: Option<Target>,
    /// Scoring weight (≥ 0) of the indicator's target.
    pub weight: f64,
    /// The 活动台帐 category whose rows back the count.
    pub ledger: Option<String>,
    /// The clause of the plan's text the indicator comes from.
    pub clause: String,
}

/// A figure a target or rule refers to besides a constant.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Number(f64),
    /// The figure a unit reports for another indicator (by code).
    Indicator(String),
    /// A numeric field of the 基本情况 sheet.
    Field(BasicField),
}

/// The period a rate or rule is evaluated on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// This quarter's figures.
    Quarter,
    /// The sum of the year's quarters so far.
    YearToDate,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::Quarter => "本季度",
            Scope::YearToDate => "年初至今",
        }
    }
}

/// Every target form of the plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Every quarter's figure ≥ `min` (每季至少 n 次; 满意度 ≥ 90).
    EveryQuarterAtLeast { min: f64 },
    /// The year's total ≥ `min` at Q4, tracked pro rata (min × q / 4) before
    /// that. `min` is a number or a 基本情况 field (每位领导干部至少1篇).
    AnnualAtLeast { min: Operand },
    /// numerator / denominator ≥ `min_ratio` (0.95 for 95%) on `scope`.
    RateAtLeast {
        numerator: String,
        denominator: Operand,
        min_ratio: f64,
        scope: Scope,
    },
    /// The figure ≤ a field (≤ 党员总数) or another indicator (D02 ≤ D01).
    AtMost { bound: Operand },
    /// A 是/否 indicator that must be 是 by the fourth quarter.
    YesByFourthQuarter,
}

/// A numeric or descriptive field of the 基本情况 sheet, in sheet order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BasicField {
    UnitName,
    UnitCode,
    Year,
    Quarter,
    MemberCount,
    LeaderCount,
    BranchCount,
    Reporter,
    Phone,
    ReportDate,
    Head,
}

impl BasicField {
    pub const ALL: [BasicField; 11] = [
        BasicField::UnitName,
        BasicField::UnitCode,
        BasicField::Year,
        BasicField::Quarter,
        BasicField::MemberCount,
        BasicField::LeaderCount,
        BasicField::BranchCount,
        BasicField::Reporter,
        BasicField::Phone,
        BasicField::ReportDate,
        BasicField::Head,
    ];

    /// The label as it stands in the 基本情况 sheet.
    pub fn label(self) -> &'static str {
        match self {
            BasicField::UnitName => "填报单位",
            BasicField::UnitCode => "单位代码",
            BasicField::Year => "年度",
            BasicField::Quarter => "季度",
            BasicField::MemberCount => "党员总数",
            BasicField::LeaderCount => "领导干部人数",
            BasicField::BranchCount => "党支部数",
            BasicField::Reporter => "填报人",
            BasicField::Phone => "联系电话",
            BasicField::ReportDate => "填报日期",
            BasicField::Head => "单位负责人",
        }
    }

    pub fn from_label(label: &str) -> Option<BasicField> {
        BasicField::ALL.into_iter().find(|f| f.label() == label)
    }

    /// Fields that hold a count and may be named by targets and rules.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            BasicField::MemberCount | BasicField::LeaderCount | BasicField::BranchCount
        )
    }

    /// Fields the tool fills in the template (the unit must not change them).
    pub fn is_prefilled(self) -> bool {
        matches!(
            self,
            BasicField::UnitName | BasicField::UnitCode | BasicField::Year | BasicField::Quarter
        )
    }
}

/// How two figures must compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    AtMost,
    AtLeast,
}

impl Comparison {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtMost => "≤",
            Comparison::AtLeast => "≥",
        }
    }

    /// Compares the figures as written (at most a few decimals), so that
    /// sums like 0.1 + 0.2 compare equal to 0.3.
    pub fn holds(self, left: f64, right: f64) -> bool {
        let (left, right) = ((left * 1e6).round(), (right * 1e6).round());
        match self {
            Comparison::AtMost => left <= right,
            Comparison::AtLeast => left >= right,
        }
    }
}

/// Severity of a check finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// 错误: blocks acceptance; the submission goes back to the unit.
    Error,
    /// 提示: accepted, but the unit must explain or the clerk confirms.
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "提示",
        }
    }
}

/// A cross-field rule of the plan: `left op right` on `scope`.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossRule {
    /// Stable id, e.g. `A03_LE_MEMBERS`.
    pub id: String,
    pub left: Operand,
    pub comparison: Comparison,
    pub right: Operand,
    pub scope: Scope,
    pub severity: Severity,
    /// What the rule means, in Chinese, for messages.
    pub description: String,
}

/// Scoring: a unit's score is 100 × the weighted share of its targets met.
#[derive(Debug, Clone, PartialEq)]
pub struct Scoring {
    /// Bands from the best down; a score belongs to the first band whose
    /// `min_score` it reaches. The last band has `min_score` 0.
    pub bands: Vec<Band>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub name: String,
    pub min_score: f64,
}

impl Scoring {
    /// The best band's name (优秀), empty when the plan has none.
    pub fn top_band(&self) -> String {
        self.bands
            .first()
            .map(|b| b.name.clone())
            .unwrap_or_default()
    }

    /// The lowest band's name (不合格), empty when the plan has none.
    pub fn bottom_band(&self) -> String {
        self.bands
            .last()
            .map(|b| b.name.clone())
            .unwrap_or_default()
    }

    pub fn band_for(&self, score: f64) -> &str {
        self.bands
            .iter()
            .find(|b| score >= b.min_score)
            .or(self.bands.last())
            .map(|b| b.name.as_str())
            .unwrap_or("")
    }
}

impl Plan {
    fn unit_maps(&self) -> &UnitMaps {
        self.index.0.get_or_init(|| {
            let mut maps = UnitMaps::default();
            for (i, unit) in self.units.iter().enumerate() {
                maps.by_code.entry(unit.code.clone()).or_insert(i);
                maps.by_name
                    .entry(crate::text::label_key(&unit.name))
                    .or_insert(i);
            }
            for (i, indicator) in self.indicators.iter().enumerate() {
                maps.indicators.entry(indicator.code.clone()).or_insert(i);
            }
            maps
        })
    }

    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.unit_position(code).map(|i| &self.units[i])
    }

    /// Position of a unit in the roster.
    pub fn unit_position(&self, code: &str) -> Option<usize> {
        self.unit_maps().by_code.get(code).copied()
    }

    /// The unit of a name as people write it (spaces and full-width forms ignored).
    pub fn unit_by_name(&self, name: &str) -> Option<&Unit> {
        self.unit_maps()
            .by_name
            .get(&crate::text::label_key(name))
            .map(|&i| &self.units[i])
    }

    /// The (first) indicator of a code.
    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicator_position(code).map(|i| &self.indicators[i])
    }

    /// Position in `indicators` of the (first) indicator of a code.
    pub fn indicator_position(&self, code: &str) -> Option<usize> {
        match self.unit_maps().indicators.get(code) {
            Some(&i) if self.indicators.get(i).is_some_and(|ind| ind.code == code) => Some(i),
            // Not indexed, or the list changed after the index was built.
            _ => self.indicators.iter().position(|i| i.code == code),
        }
    }

    pub fn section(&self, code: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.code == code)
    }

    /// First 12 hex digits of the plan hash, as printed in templates.
    pub fn short_hash(&self) -> &str {
        &self.source_sha256[..12.min(self.source_sha256.len())]
    }
}

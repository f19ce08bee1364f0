//! Errors of loading a plan: each problem names its line and column in the TOML.

use std::fmt;
use std::path::PathBuf;

/// Why a plan could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("无法读取计划文件“{path}”：{reason}。请确认文件存在、是 UTF-8 编码的文本文件。")]
    Read { path: PathBuf, reason: String },
    #[error("{}", render_problems(.source_name, .problems))]
    Invalid {
        /// File name shown to the user (or 内置默认计划).
        source_name: String,
        problems: Vec<PlanProblem>,
    },
}

impl PlanError {
    /// The problems of an invalid plan (empty for a read error).
    pub fn problems(&self) -> &[PlanProblem] {
        match self {
            PlanError::Read { .. } => &[],
            PlanError::Invalid { problems, .. } => problems,
        }
    }
}

fn render_problems(source_name: &str, problems: &[PlanProblem]) -> String {
    let mut text = format!("计划文件“{source_name}”有 {} 处问题：", problems.len());
    for problem in problems {
        text.push_str(&format!("\n  {source_name}:{problem}"));
    }
    text
}

/// One problem in a plan file, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanProblem {
    pub line: usize,
    pub column: usize,
    pub kind: ProblemKind,
}

impl fmt::Display for PlanProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "第{}行第{}列：{} → {}",
            self.line,
            self.column,
            self.kind.message(),
            self.kind.hint()
        )
    }
}

/// What is wrong. One variant per validation the loader performs.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// The text is not valid TOML, or a value has the wrong type or name.
    Syntax {
        detail: String,
    },
    /// A required text is empty.
    EmptyText {
        what: String,
    },
    /// A year outside 1900–9999.
    BadYear {
        year: i64,
    },
    /// Two entries share a code (units, indicators, sections, rules, ledger categories).
    DuplicateCode {
        what: &'static str,
        code: String,
        first_line: usize,
    },
    /// Two units share a name.
    DuplicateUnitName {
        name: String,
        first_line: usize,
    },
    /// A code with characters that cannot stand in a file name.
    BadCode {
        what: &'static str,
        code: String,
    },
    EmptyRoster,
    NoIndicators,
    UnknownUnitKind {
        unit: String,
        kind: String,
    },
    UnknownParent {
        unit: String,
        parent: String,
    },
    ParentCycle {
        unit: String,
    },
    UnknownSection {
        indicator: String,
        section: String,
    },
    UnknownLedgerCategory {
        indicator: String,
        category: String,
    },
    UnknownValueKind {
        indicator: String,
        kind: String,
    },
    UnknownPeriod {
        indicator: String,
        period: String,
    },
    NegativeWeight {
        indicator: String,
        weight: f64,
    },
    WeightWithoutTarget {
        indicator: String,
    },
    UnknownTargetType {
        indicator: String,
        kind: String,
    },
    /// A target or rule names an indicator code the plan lacks.
    UnknownIndicator {
        referenced_by: String,
        code: String,
    },
    /// A target or rule names a 基本情况 field that does not exist or is not a number.
    UnknownField {
        referenced_by: String,
        field: String,
    },
    /// A target is incomplete or contradictory.
    BadTarget {
        indicator: String,
        reason: String,
    },
    BadRule {
        rule: String,
        reason: String,
    },
    BadDeadline {
        reason: String,
    },
    BadDateStyle {
        style: String,
    },
    BadBands {
        reason: String,
    },
}

impl ProblemKind {
    /// What is wrong, in Chinese.
    pub fn message(&self) -> String {
        use ProblemKind::*;
        match self {
            Syntax { detail } => format!("格式错误：{detail}"),
            EmptyText { what } => format!("{what}不能为空"),
            BadYear { year } => format!("年度 {year} 不合理"),
            DuplicateCode {
                what,
                code,
                first_line,
            } => format!("{what}“{code}”重复（第{first_line}行已有同一{what}）"),
            DuplicateUnitName { name, first_line } => {
                format!("单位名称“{name}”重复（第{first_line}行已有同名单位）")
            }
            BadCode { what, code } => format!("{what}“{code}”含有不允许的字符"),
            EmptyRoster => "单位名册为空，没有任何填报单位".to_string(),
            NoIndicators => "计划中没有任何指标".to_string(),
            UnknownUnitKind { unit, kind } => format!("单位“{unit}”的组织类型“{kind}”无法识别"),
            UnknownParent { unit, parent } => {
                format!("单位“{unit}”的上级单位代码“{parent}”不在名册中")
            }
            ParentCycle { unit } => format!("单位“{unit}”的上级关系形成了循环"),
            UnknownSection { indicator, section } => {
                format!("指标“{indicator}”所属部分“{section}”未在 [[sections]] 中定义")
            }
            UnknownLedgerCategory {
                indicator,
                category,
            } if indicator == "member_meetings" => {
                format!("member_meetings 中的台帐类别“{category}”不在 ledger_categories 中")
            }
            UnknownLedgerCategory {
                indicator,
                category,
            } => format!("指标“{indicator}”对应的台帐类别“{category}”不在 ledger_categories 中"),
            UnknownValueKind { indicator, kind } => {
                format!("指标“{indicator}”的数据类型“{kind}”无法识别")
            }
            UnknownPeriod { indicator, period } => {
                format!("指标“{indicator}”的考核周期“{period}”无法识别")
            }
            NegativeWeight { indicator, weight } => {
                format!("指标“{indicator}”的权重为 {weight}，权重不能为负数")
            }
            WeightWithoutTarget { indicator } => {
                format!("指标“{indicator}”设置了权重，但没有考核目标，权重不会计入得分")
            }
            UnknownTargetType { indicator, kind } => {
                format!("指标“{indicator}”的目标类型“{kind}”无法识别")
            }
            UnknownIndicator {
                referenced_by,
                code,
            } => format!("{referenced_by}引用的指标“{code}”不存在"),
            UnknownField {
                referenced_by,
                field,
            } => format!("{referenced_by}引用的基本情况字段“{field}”不存在或不是数值字段"),
            BadTarget { indicator, reason } => format!("指标“{indicator}”的考核目标有误：{reason}"),
            BadRule { rule, reason } => format!("审核规则“{rule}”有误：{reason}"),
            BadDeadline { reason } => format!("报送期限有误：{reason}"),
            BadDateStyle { style } => format!("日期样式“{style}”无法识别"),
            BadBands { reason } => format!("评分档次有误：{reason}"),
        }
    }

    /// How to fix it, in Chinese.
    pub fn hint(&self) -> String {
        use ProblemKind::*;
        match self {
            Syntax { .. } => {
                "请对照内置默认计划（huizong plan --dump）检查该行的写法、引号和括号".to_string()
            }
            EmptyText { what } => format!("请填写{what}"),
            BadYear { .. } => "请填写四位年份，如 2011".to_string(),
            DuplicateCode { what, .. } => format!("每个{what}只能出现一次，请删除或改用新的{what}"),
            DuplicateUnitName { .. } => {
                "请保证每个单位名称唯一（可加上医院或支部全称）".to_string()
            }
            BadCode { .. } => {
                "代码只能由字母、数字和连字符组成，最长 20 个字符，如 0101".to_string()
            }
            EmptyRoster => "请在计划中用 [[units]] 至少列出一个填报单位".to_string(),
            NoIndicators => "请在计划中用 [[indicators]] 至少列出一项指标".to_string(),
            UnknownUnitKind { .. } => "组织类型只能是：党委、党总支、党支部".to_string(),
            UnknownParent { .. } => "请填写名册中已有的单位代码，或删除 parent 这一项".to_string(),
            ParentCycle { .. } => "请检查 parent：一个单位不能是自己的上级".to_string(),
            UnknownSection { .. } => {
                "请先在 [[sections]] 中定义该部分，或改用已有的部分代码".to_string()
            }
            UnknownLedgerCategory { .. } => {
                "请把该类别加入 ledger_categories，或改为已有的台帐类别".to_string()
            }
            UnknownValueKind { .. } => {
                "数据类型只能是：count（整数）、percent（百分数）、decimal（小数）、yesno（是/否）"
                    .to_string()
            }
            UnknownPeriod { .. } => {
                "考核周期只能是：quarterly（按季）或 annual（按年）".to_string()
            }
            NegativeWeight { .. } => "请把权重改为 0 或正数".to_string(),
            WeightWithoutTarget { .. } => "请为该指标设置 target，或删除 weight".to_string(),
            UnknownTargetType { .. } => {
                "目标类型只能是：every_quarter、annual、rate、at_most、yes_by_q4".to_string()
            }
            UnknownIndicator { .. } => "请改为计划中已有的指标编码，如 A01".to_string(),
            UnknownField { .. } => "可引用的字段只有：党员总数、领导干部人数、党支部数".to_string(),
            BadTarget { .. } => "请对照内置默认计划中同类目标的写法修改".to_string(),
            BadRule { .. } => "请对照内置默认计划中 [[rules]] 的写法修改".to_string(),
            BadDeadline { .. } => {
                "days_after_quarter_end 应在 0–90 之间；overrides 写成 { \"4\" = \"2012-01-15\" }"
                    .to_string()
            }
            BadDateStyle { .. } => {
                "日期样式只能是：arabic（2011年4月22日）或 chinese（二〇一一年四月二十二日）"
                    .to_string()
            }
            BadBands { .. } => {
                "档次应从高到低排列，min_score 在 0–100 之间依次递减，最后一档为 0".to_string()
            }
        }
    }
}

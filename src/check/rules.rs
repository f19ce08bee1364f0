//! The check rules: stable ids, severity and a short Chinese title each.
//!
//! Cross-field rules of the plan (e.g. `A03_LE_MEMBERS`) use the plan's own ids.

use crate::plan::Severity;

/// A rule built into huizong. The id strings are stable: reports and scripts
/// filter on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    FileUnreadable,
    FileEncrypted,
    SheetMissing,
    FieldRequired,
    ValueType,
    ValueRange,
    FormulaError,
    UnitUnknown,
    UnitMismatch,
    PeriodMismatch,
    TemplateStale,
    TemplateForeign,
    IndicatorMissing,
    IndicatorUnknown,
    LedgerDate,
    LedgerAttendance,
    LedgerUnsupported,
    LedgerSurplus,
    Jump,
    LedgerOverMembers,
    Late,
    Duplicate,
    FileNameMismatch,
}

impl RuleId {
    pub const ALL: [RuleId; 23] = [
        RuleId::FileUnreadable,
        RuleId::FileEncrypted,
        RuleId::SheetMissing,
        RuleId::FieldRequired,
        RuleId::ValueType,
        RuleId::ValueRange,
        RuleId::FormulaError,
        RuleId::UnitUnknown,
        RuleId::UnitMismatch,
        RuleId::PeriodMismatch,
        RuleId::TemplateStale,
        RuleId::TemplateForeign,
        RuleId::IndicatorMissing,
        RuleId::IndicatorUnknown,
        RuleId::LedgerDate,
        RuleId::LedgerAttendance,
        RuleId::LedgerUnsupported,
        RuleId::LedgerSurplus,
        RuleId::Jump,
        RuleId::LedgerOverMembers,
        RuleId::Late,
        RuleId::Duplicate,
        RuleId::FileNameMismatch,
    ];

    pub fn id(self) -> &'static str {
        match self {
            RuleId::FileUnreadable => "FILE_UNREADABLE",
            RuleId::FileEncrypted => "FILE_ENCRYPTED",
            RuleId::SheetMissing => "SHEET_MISSING",
            RuleId::FieldRequired => "FIELD_REQUIRED",
            RuleId::ValueType => "VALUE_TYPE",
            RuleId::ValueRange => "VALUE_RANGE",
            RuleId::FormulaError => "FORMULA_ERROR",
            RuleId::UnitUnknown => "UNIT_UNKNOWN",
            RuleId::UnitMismatch => "UNIT_MISMATCH",
            RuleId::PeriodMismatch => "PERIOD_MISMATCH",
            RuleId::TemplateStale => "TEMPLATE_STALE",
            RuleId::TemplateForeign => "TEMPLATE_FOREIGN",
            RuleId::IndicatorMissing => "INDICATOR_MISSING",
            RuleId::IndicatorUnknown => "INDICATOR_UNKNOWN",
            RuleId::LedgerDate => "LEDGER_DATE",
            RuleId::LedgerAttendance => "LEDGER_ATTENDANCE",
            RuleId::LedgerUnsupported => "LEDGER_UNSUPPORTED",
            RuleId::LedgerSurplus => "LEDGER_SURPLUS",
            RuleId::Jump => "JUMP_3X",
            RuleId::LedgerOverMembers => "LEDGER_OVER_MEMBERS",
            RuleId::Late => "LATE",
            RuleId::Duplicate => "DUPLICATE",
            RuleId::FileNameMismatch => "FILE_NAME_MISMATCH",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            RuleId::LedgerSurplus
            | RuleId::Jump
            | RuleId::LedgerOverMembers
            | RuleId::Late
            | RuleId::Duplicate
            | RuleId::FileNameMismatch => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Short title, as in the 规则 column of the check report.
    pub fn title(self) -> &'static str {
        match self {
            RuleId::FileUnreadable => "文件无法读取",
            RuleId::FileEncrypted => "文件有密码保护",
            RuleId::SheetMissing => "缺少工作表",
            RuleId::FieldRequired => "必填项未填",
            RuleId::ValueType => "数据类型错误",
            RuleId::ValueRange => "数值超出范围",
            RuleId::FormulaError => "公式错误或无计算结果",
            RuleId::UnitUnknown => "单位不在名册中",
            RuleId::UnitMismatch => "单位代码与名称不符",
            RuleId::PeriodMismatch => "年度或季度不符",
            RuleId::TemplateStale => "使用了往年模板",
            RuleId::TemplateForeign => "使用了其他单位的模板",
            RuleId::IndicatorMissing => "缺少指标行",
            RuleId::IndicatorUnknown => "有计划外的指标行",
            RuleId::LedgerDate => "台帐日期不在本季度",
            RuleId::LedgerAttendance => "实到人数多于应到人数",
            RuleId::LedgerUnsupported => "台帐不支撑填报数",
            RuleId::LedgerSurplus => "台帐多于填报数",
            RuleId::Jump => "比上季度增长超过3倍",
            RuleId::LedgerOverMembers => "应到人数多于党员总数",
            RuleId::Late => "逾期报送",
            RuleId::Duplicate => "重复报送",
            RuleId::FileNameMismatch => "文件名与报表单位不符",
        }
    }

    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut ids: Vec<&str> = RuleId::ALL.iter().map(|r| r.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RuleId::ALL.len());
        for rule in RuleId::ALL {
            assert_eq!(RuleId::from_id(rule.id()), Some(rule));
        }
        assert_eq!(RuleId::Late.severity(), Severity::Warning);
        assert_eq!(RuleId::LedgerUnsupported.severity(), Severity::Error);
    }
}

//! Plain-Chinese descriptions of targets and rules, for tables, templates and
//! documents.

use super::model::*;

/// A number as a clerk writes it: 6, 95.5, 0.25 — no trailing zeros.
///
/// ```
/// assert_eq!(huizong::plan::format_number(6.0), "6");
/// assert_eq!(huizong::plan::format_number(95.50), "95.5");
/// ```
pub fn format_number(value: f64) -> String {
    Number(value).to_string()
}

/// [`format_number`] as a `Display`, for writing a number into a longer
/// text without a `String` of its own (a province's summary writes ~200,000
/// target details, each with two or three numbers).
#[derive(Debug, Clone, Copy)]
pub struct Number(pub f64);

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = self.0;
        if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e15 {
            write!(f, "{}", value as i64)
        } else {
            let text = format!("{value:.4}");
            f.write_str(text.trim_end_matches('0').trim_end_matches('.'))
        }
    }
}

impl Plan {
    /// How an operand reads: 党员总数, D01引进高层次人才, 6.
    pub fn describe_operand(&self, operand: &Operand) -> String {
        match operand {
            Operand::Number(n) => format_number(*n),
            Operand::Field(field) => field.label().to_string(),
            Operand::Indicator(code) => match self.indicator(code) {
                Some(indicator) => indicator.name.clone(),
                None => code.clone(),
            },
        }
    }

    /// The target of an indicator in one line, e.g. 全年不少于6次（按季度进度考核）.
    pub fn describe_target(&self, indicator: &Indicator) -> String {
        let Some(target) = &indicator.target else {
            return String::new();
        };
        let measure = &indicator.measure;
        match target {
            Target::EveryQuarterAtLeast { min } if indicator.kind == ValueKind::Percent => {
                format!("每季度不低于{}%", format_number(*min))
            }
            Target::EveryQuarterAtLeast { min } => {
                format!("每季度不少于{}{measure}", format_number(*min))
            }
            Target::AnnualAtLeast {
                min: Operand::Number(n),
            } => {
                format!("全年不少于{}{measure}（按季度进度考核）", format_number(*n))
            }
            Target::AnnualAtLeast { min } => {
                format!("全年不少于{}（按季度进度考核）", self.describe_operand(min))
            }
            Target::RateAtLeast {
                numerator,
                denominator,
                min_ratio,
                scope,
            } => format!(
                "{}占{}的比例不低于{}%（{}）",
                self.describe_operand(&Operand::Indicator(numerator.clone())),
                self.describe_operand(denominator),
                format_number(min_ratio * 100.0),
                scope.label()
            ),
            Target::AtMost { bound } => format!("不超过{}", self.describe_operand(bound)),
            Target::YesByFourthQuarter => "第四季度前应为“是”".to_string(),
        }
    }

    /// A rule in one line, e.g. 参加学习教育党员数 ≤ 党员总数（本季度）.
    pub fn describe_rule(&self, rule: &CrossRule) -> String {
        format!(
            "{} {} {}（{}）",
            self.describe_operand(&rule.left),
            rule.comparison.symbol(),
            self.describe_operand(&rule.right),
            rule.scope.label()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(format_number(6.0), "6");
        assert_eq!(format_number(95.5), "95.5");
        assert_eq!(format_number(0.25), "0.25");
        assert_eq!(format_number(-3.0), "-3");
    }
}

/// 2011年4月10日 — GB/T 9704-2012 style, no zero padding.
pub fn format_date_arabic(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// 二〇一一年四月十日 — the style of older documents.
pub fn format_date_chinese(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let year: String = date
        .year()
        .to_string()
        .chars()
        .map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize])
        .collect();
    let small = |n: u32| -> String {
        match n {
            0..=9 => DIGITS[n as usize].to_string(),
            10 => "十".to_string(),
            11..=19 => format!("十{}", DIGITS[(n - 10) as usize]),
            _ if n % 10 == 0 => format!("{}十", DIGITS[(n / 10) as usize]),
            _ => format!(
                "{}十{}",
                DIGITS[(n / 10) as usize],
                DIGITS[(n % 10) as usize]
            ),
        }
    };
    format!("{year}年{}月{}日", small(date.month()), small(date.day()))
}

/// A date in the plan's style.
pub fn format_date(date: chrono::NaiveDate, style: DateStyle) -> String {
    match style {
        DateStyle::Arabic => format_date_arabic(date),
        DateStyle::ChineseNumerals => format_date_chinese(date),
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn both_date_styles() {
        let d = NaiveDate::from_ymd_opt(2011, 4, 22).unwrap();
        assert_eq!(format_date(d, DateStyle::Arabic), "2011年4月22日");
        assert_eq!(
            format_date(d, DateStyle::ChineseNumerals),
            "二〇一一年四月二十二日"
        );
        let d = NaiveDate::from_ymd_opt(2011, 10, 10).unwrap();
        assert_eq!(format_date_chinese(d), "二〇一一年十月十日");
        let d = NaiveDate::from_ymd_opt(2011, 12, 31).unwrap();
        assert_eq!(format_date_chinese(d), "二〇一一年十二月三十一日");
    }
}

impl Plan {
    /// The system the plan covers, from its title: 2011年市直卫生系统党的工作意见
    /// → 市直卫生系统. Falls back to the authority's short name.
    pub fn system_name(&self) -> String {
        let year = format!("{}年", self.year);
        let title = self.title.trim();
        let title = title.strip_prefix(&year).unwrap_or(title);
        let name = ["党的工作意见", "党建工作要点", "工作要点", "工作意见"]
            .iter()
            .find_map(|suffix| title.strip_suffix(suffix))
            .unwrap_or("");
        if name.trim().is_empty() {
            self.authority.short_name.clone()
        } else {
            name.trim().to_string()
        }
    }
}

#[cfg(test)]
mod system_name_tests {
    #[test]
    fn system_name_from_the_title() {
        let mut plan = crate::plan::default_plan().unwrap();
        assert_eq!(plan.system_name(), "市直卫生系统");
        plan.title = "年度计划".into();
        assert_eq!(plan.system_name(), "市卫生局党委");
    }
}

//! A reporting quarter such as `2011Q1`.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// A calendar quarter of a year. Always valid: year 1900–9999, quarter 1–4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i32,
    number: u8,
}

/// Why a quarter could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuarterError {
    #[error("季度“{0}”格式不对：应写成“年份Q季度”，如 2011Q1")]
    Format(String),
    #[error("季度“{0}”无效：季度只能是 1、2、3、4，如 2011Q4")]
    Number(String),
    #[error("季度“{0}”的年份不合理：年份应在 1900 到 9999 之间")]
    Year(String),
}

impl Quarter {
    pub fn new(year: i32, number: u8) -> Option<Quarter> {
        ((1900..=9999).contains(&year) && (1..=4).contains(&number))
            .then_some(Quarter { year, number })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1–4.
    pub fn number(self) -> u8 {
        self.number
    }

    pub fn first_day(self) -> NaiveDate {
        let month = u32::from(self.number - 1) * 3 + 1;
        NaiveDate::from_ymd_opt(self.year, month, 1).expect("quarter start is a valid date")
    }

    pub fn last_day(self) -> NaiveDate {
        let next = if self.number == 4 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, u32::from(self.number) * 3 + 1, 1)
        };
        next.and_then(|d| d.pred_opt())
            .expect("quarter end is a valid date")
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        date.year() == self.year && (date.month0() / 3) as u8 + 1 == self.number
    }

    /// 第一季度 … 第四季度.
    pub fn chinese_name(self) -> &'static str {
        ["第一季度", "第二季度", "第三季度", "第四季度"][usize::from(self.number - 1)]
    }

    /// 2011年第一季度.
    pub fn chinese_label(self) -> String {
        format!("{}年{}", self.year, self.chinese_name())
    }

    /// The earlier quarters of the same year, oldest first.
    pub fn earlier_in_year(self) -> impl Iterator<Item = Quarter> {
        let year = self.year;
        (1..self.number).map(move |number| Quarter { year, number })
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.number)
    }
}

impl FromStr for Quarter {
    type Err = QuarterError;

    /// Accepts `2011Q1`, `2011q1`, `2011-Q1` and `2011 Q1`.
    fn from_str(text: &str) -> Result<Quarter, QuarterError> {
        let trimmed = text.trim();
        let upper = trimmed.to_ascii_uppercase();
        let Some((year_part, number_part)) = upper.split_once('Q') else {
            return Err(QuarterError::Format(trimmed.to_string()));
        };
        let year_part = year_part.trim_end_matches(['-', ' ', '_']);
        if year_part.len() != 4
            || !year_part.bytes().all(|b| b.is_ascii_digit())
            || number_part.is_empty()
            || !number_part.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(QuarterError::Format(trimmed.to_string()));
        }
        let year: i32 = year_part
            .parse()
            .map_err(|_| QuarterError::Format(trimmed.to_string()))?;
        if !(1900..=9999).contains(&year) {
            return Err(QuarterError::Year(trimmed.to_string()));
        }
        match number_part.parse::<u8>() {
            Ok(number @ 1..=4) => Ok(Quarter { year, number }),
            _ => Err(QuarterError::Number(trimmed.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_accepted_spellings() {
        for text in ["2011Q1", "2011q1", "2011-Q1", " 2011 Q1 "] {
            assert_eq!(text.parse::<Quarter>(), Ok(Quarter::new(2011, 1).unwrap()));
        }
    }

    #[test]
    fn rejects_quarter_five_with_chinese_message() {
        let err = "2011Q5".parse::<Quarter>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "季度“2011Q5”无效：季度只能是 1、2、3、4，如 2011Q4"
        );
        assert!(matches!(
            "2011".parse::<Quarter>(),
            Err(QuarterError::Format(_))
        ));
        assert!(matches!(
            "11Q1".parse::<Quarter>(),
            Err(QuarterError::Format(_))
        ));
        assert!(matches!(
            "0011Q1".parse::<Quarter>(),
            Err(QuarterError::Year(_))
        ));
    }

    #[test]
    fn bounds_and_names() {
        let q1 = Quarter::new(2011, 1).unwrap();
        assert_eq!(q1.first_day(), NaiveDate::from_ymd_opt(2011, 1, 1).unwrap());
        assert_eq!(q1.last_day(), NaiveDate::from_ymd_opt(2011, 3, 31).unwrap());
        let q4 = Quarter::new(2011, 4).unwrap();
        assert_eq!(
            q4.last_day(),
            NaiveDate::from_ymd_opt(2011, 12, 31).unwrap()
        );
        assert_eq!(q4.chinese_label(), "2011年第四季度");
        assert!(q1.contains(NaiveDate::from_ymd_opt(2011, 3, 31).unwrap()));
        assert!(!q1.contains(NaiveDate::from_ymd_opt(2011, 4, 1).unwrap()));
        assert_eq!(q4.earlier_in_year().count(), 3);
        assert_eq!(q1.to_string(), "2011Q1");
    }
}

//! Where a value came from: a sheet and a cell.

use std::borrow::Cow;
use std::fmt;

/// A cell of a named sheet; row and column are 0-based, shown as A1.
///
/// ```
/// use huizong::cell::CellRef;
/// let cell = CellRef::new("指标完成情况", 10, 4);
/// assert_eq!(cell.a1(), "E11");
/// assert_eq!(cell.to_string(), "指标完成情况!E11");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    /// The template's sheet names are shared, not copied: every figure of
    /// every unit carries a `CellRef`.
    pub sheet: Cow<'static, str>,
    pub row: u32,
    pub col: u16,
}

impl CellRef {
    pub fn new(sheet: &str, row: u32, col: u16) -> CellRef {
        CellRef {
            sheet: sheet_name(sheet),
            row,
            col,
        }
    }

    /// `E11`.
    pub fn a1(&self) -> String {
        format!("{}{}", column_name(self.col), self.row + 1)
    }
}

impl fmt::Display for CellRef {
    /// `指标完成情况!E11`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}!{}", self.sheet, self.a1())
    }
}

/// A sheet name: borrowed when it is one of the template's, else owned.
fn sheet_name(name: &str) -> Cow<'static, str> {
    use crate::form::{SHEET_BASIC, SHEET_INDICATORS, SHEET_LEDGER, SHEET_META};
    match [SHEET_INDICATORS, SHEET_LEDGER, SHEET_BASIC, SHEET_META]
        .into_iter()
        .find(|known| *known == name)
    {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(name.to_string()),
    }
}

/// `A`, `Z`, `AA`, … for a 0-based column.
pub fn column_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16383), "XFD");
        assert_eq!(
            CellRef::new("指标完成情况", 10, 4).to_string(),
            "指标完成情况!E11"
        );
    }
}

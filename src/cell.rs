//! Where a value came from: a sheet and a cell.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use crate::form::{SHEET_BASIC, SHEET_INDICATORS, SHEET_LEDGER, SHEET_META};

/// The template's sheets, which a [`CellRef`] names by position.
const KNOWN_SHEETS: [&str; 4] = [SHEET_INDICATORS, SHEET_LEDGER, SHEET_BASIC, SHEET_META];

/// A cell of a named sheet; row and column are 0-based, shown as A1.
///
/// ```
/// use huizong::cell::CellRef;
/// let cell = CellRef::new("指标完成情况", 10, 4);
/// assert_eq!(cell.a1(), "E11");
/// assert_eq!(cell.sheet(), "指标完成情况");
/// assert_eq!(cell.to_string(), "指标完成情况!E11");
/// ```
///
/// Every figure of every unit carries one, so it takes 16 bytes: a
/// template sheet is named by its position, any other sheet by a name of
/// its own behind one pointer. Compared, ordered and hashed as (sheet
/// name, row, column).
#[derive(Clone)]
pub struct CellRef {
    /// The name of a sheet that is not one of the template's (rare): a
    /// `Box<String>` is one thin pointer, where a `Box<str>` or a `String`
    /// would make every cell 8 or 16 bytes larger.
    #[allow(clippy::box_collection)]
    other: Option<Box<String>>,
    pub row: u32,
    pub col: u16,
    /// Position in [`KNOWN_SHEETS`], when `other` is `None`.
    known: u8,
}

impl CellRef {
    pub fn new(sheet: &str, row: u32, col: u16) -> CellRef {
        let (other, known) = match KNOWN_SHEETS.iter().position(|known| *known == sheet) {
            Some(i) => (None, i as u8),
            None => (Some(Box::new(sheet.to_string())), 0),
        };
        CellRef {
            other,
            row,
            col,
            known,
        }
    }

    /// The sheet's name.
    pub fn sheet(&self) -> &str {
        match &self.other {
            Some(name) => name,
            None => KNOWN_SHEETS[usize::from(self.known)],
        }
    }

    /// `E11`.
    pub fn a1(&self) -> String {
        format!("{}{}", column_name(self.col), self.row + 1)
    }

    fn key(&self) -> (&str, u32, u16) {
        (self.sheet(), self.row, self.col)
    }
}

impl PartialEq for CellRef {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for CellRef {}

impl PartialOrd for CellRef {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CellRef {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl Hash for CellRef {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl fmt::Debug for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CellRef")
            .field("sheet", &self.sheet())
            .field("row", &self.row)
            .field("col", &self.col)
            .finish()
    }
}

impl fmt::Display for CellRef {
    /// `指标完成情况!E11`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}!{}", self.sheet(), self.a1())
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

    #[test]
    fn a_cell_takes_sixteen_bytes_and_orders_by_sheet_name() {
        assert_eq!(std::mem::size_of::<CellRef>(), 16);
        let other = CellRef::new("Sheet1", 0, 0);
        assert_eq!(other.sheet(), "Sheet1");
        assert_eq!(other.to_string(), "Sheet1!A1");
        let mut cells = [
            CellRef::new("指标完成情况", 3, 1),
            CellRef::new("基本情况", 9, 0),
            other.clone(),
            CellRef::new("活动台帐", 2, 5),
            CellRef::new("指标完成情况", 3, 0),
        ];
        cells.sort();
        let names: Vec<String> = cells.iter().map(CellRef::to_string).collect();
        let mut by_text: Vec<(String, u32, u16)> = cells
            .iter()
            .map(|c| (c.sheet().to_string(), c.row, c.col))
            .collect();
        by_text.sort();
        assert_eq!(
            names,
            [
                "Sheet1!A1",
                "基本情况!A10",
                "指标完成情况!A4",
                "指标完成情况!B4",
                "活动台帐!F3"
            ]
        );
        assert_eq!(
            by_text,
            cells
                .iter()
                .map(|c| (c.sheet().to_string(), c.row, c.col))
                .collect::<Vec<_>>()
        );
        assert_eq!(CellRef::new("Sheet1", 0, 0), other);
        assert_ne!(CellRef::new("Sheet2", 0, 0), other);
        assert_eq!(
            format!("{other:?}"),
            r#"CellRef { sheet: "Sheet1", row: 0, col: 0 }"#
        );
    }
}

//! Raw cells as read from a workbook (sparse, typed, not yet interpreted).

/// A cell value as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    Number(f64),
    Text(String),
    Bool(bool),
    /// A date-formatted cell: the Excel serial in the 1900 date system (a
    /// 1904-system workbook's dates are shifted by 1462 days), not converted.
    DateSerial(f64),
    /// An ISO date or duration text as the reader gives it.
    DateText(String),
    /// A cached error value such as `#DIV/0!`.
    Error(String),
    /// A formula with no cached result.
    FormulaWithoutValue(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    pub row: u32,
    pub col: u32,
    pub value: RawValue,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawSheet {
    pub name: String,
    pub visible: bool,
    /// Non-empty cells, sorted by (row, col), 0-based.
    pub cells: Vec<RawCell>,
    /// Merged regions (first_row, first_col, last_row, last_col).
    pub merged: Vec<(u32, u32, u32, u32)>,
    /// The merged regions were not read (yet): `merged` is empty because
    /// nobody asked, not because the sheet has none. Only a submission read
    /// (`read_submission`) leaves them unread, until a lookup needs them.
    pub merges_unread: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawWorkbook {
    pub sheets: Vec<RawSheet>,
    /// The template's defined names ([`crate::form::FINGERPRINT_NAMES`])
    /// that the workbook has, with their formulas as stored (`"2011.1"`);
    /// only those (an .xlsx may have thousands of names), and only from an
    /// .xlsx.
    pub names: Vec<(String, String)>,
}

//! Reading submissions: workbook bytes → [`Submission`] (values with their cells).
//!
//! calamine is used here and nowhere else.

mod biff;
mod cfb;
mod merges;
mod ods;
pub mod raw;
pub mod read;
pub mod submission;
mod zipguard;

pub use raw::{RawCell, RawSheet, RawValue, RawWorkbook};
pub use read::{read_submission, read_workbook, Limits, ReadError};
pub use submission::{extract, Located, Submission};

/// How the names of spreadsheet files end (lower case): to tell them among
/// other files where their content is not read (inside a zip, in a
/// subfolder of an inbox).
pub const SPREADSHEET_EXTENSIONS: [&str; 7] =
    [".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".et", ".ett"];

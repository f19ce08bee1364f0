//! Reading submissions: workbook bytes → [`Submission`] (values with their cells).
//!
//! calamine is used here and nowhere else.

pub mod raw;
pub mod read;
pub mod submission;

pub use raw::{RawCell, RawSheet, RawValue, RawWorkbook};
pub use read::{read_workbook, Limits, ReadError};
pub use submission::{extract, Located, Submission};

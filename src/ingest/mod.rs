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

//! Reading submissions: workbook bytes → [`Submission`] (values with their cells).

pub mod raw;
pub mod submission;

pub use raw::{RawCell, RawSheet, RawValue, RawWorkbook};
pub use submission::{extract, Located, Submission};

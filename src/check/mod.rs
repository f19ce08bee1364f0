//! Checking submissions against the plan (审核): pure functions from
//! submissions and the plan to diagnostics and unit statuses.

pub mod by_code;
pub mod file;
pub mod inbox;
pub mod normalise;
pub mod report;
pub mod rules;

pub use by_code::{ByCode, CodeLists, EarlierValues};
pub use file::{check_submission, unreadable, FileResult, UnitRecord};
pub use inbox::{
    check_inbox, check_inbox_with, counted_files, records_by_unit, QuarterRecords, QuarterValues,
    RecordsByUnit,
};
pub use report::{CheckReport, Diagnostic, StatusRow, SubmissionStatus};

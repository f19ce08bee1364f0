//! Feeds arbitrary bytes to the submission reader. It must return (a
//! workbook or one `ReadError`) for every input: no hang, no abort, no
//! unbounded allocation.
//!
//! libFuzzer's panic hook aborts on any panic, so a panic that the reader's
//! own guard would turn into “文件已损坏” in production is reported here
//! as a crash, to be looked at.

#![no_main]

use huizong::ingest::{read_workbook, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_workbook(data, &Limits::default());
});

//! Feeds arbitrary bytes to the submission reader. It must return (a
//! workbook or one `ReadError`) for every input: no hang, no abort, no
//! oversized allocation (run with `-malloc_limit_mb` / `-rss_limit_mb` to
//! catch those).
//!
//! The reader turns a panic inside a parser into “文件已损坏” (and keeps it
//! quiet), so by default panics are not findings here. Set
//! `HUIZONG_FUZZ_PANICS=1` to abort on every panic, caught or not, as
//! libFuzzer does by default.

#![no_main]

use std::sync::Once;

use huizong::ingest::{read_workbook, Limits};
use libfuzzer_sys::fuzz_target;

static HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        // The first call installs the reader's quiet panic hook.
        let _ = read_workbook(b"PK\x05\x06", &Limits::default());
        if std::env::var_os("HUIZONG_FUZZ_PANICS").is_some() {
            std::panic::set_hook(Box::new(|_| std::process::abort()));
        }
    });
    let _ = read_workbook(data, &Limits::default());
});

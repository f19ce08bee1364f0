//! Feeds arbitrary bytes to the submission reader, full and lean (as
//! `check` reads). It must return (a workbook or one `ReadError`) for every
//! input, the two reads agreeing: no hang, no abort, no
//! oversized allocation (run with `-malloc_limit_mb` / `-rss_limit_mb` to
//! catch those). A workbook that reads must also make a return copy
//! (退回修改稿): a copy that cannot be made leaves a returned unit without
//! one.
//!
//! The reader turns a panic inside a parser into “文件已损坏” (and keeps it
//! quiet), so by default panics are not findings here. Set
//! `HUIZONG_FUZZ_PANICS=1` to abort on every panic, caught or not, as
//! libFuzzer does by default.

#![no_main]

use std::sync::Once;

use huizong::ingest::{extract, read_submission, read_workbook, Limits};
use huizong::render::annotate::annotated_copy;
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
    let full = read_workbook(data, &Limits::default());
    // The lean read of `check` must agree with the full read (but for the
    // exceptions `read_submission` documents: a value hidden under a merged
    // region, a 本季度完成 merged into an empty 说明 column, a damaged
    // 填报说明 that the lean read never parses, a damaged part it never
    // inflates to its end).
    if let Ok(book) = &full {
        if let Err(e) = annotated_copy(book, &[], "退回修改说明") {
            panic!("no return copy: {e}");
        }
    }
    match (full, read_submission(data, &Limits::default())) {
        (Ok(book), Ok(lean)) => assert_eq!(lean, extract(&book)),
        // The lean read never reads 填报说明: what is wrong with it (or a
        // damaged part the lean read never inflates to its end) fails the
        // full read only, or first.
        (Err(a), _) if a.to_string().contains("工作表“填报说明”") => {}
        // calamine can panic reading merged regions (an overflowing row in
        // a mergeCell, seen), which the lean read leaves unread unless it
        // needs them: the full read fails alone, or first.
        (Err(a), _) if a.to_string().contains("读取时遇到无法处理的内容") => {}
        (Err(a), Ok(_)) if a.to_string().contains("解压结果与记录的大小或校验值不符") => {}
        (Err(a), Err(b)) => assert_eq!(a, b),
        (a, b) => panic!("full read ok: {}, lean read ok: {}", a.is_ok(), b.is_ok()),
    }
});

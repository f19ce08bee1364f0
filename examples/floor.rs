//! The benchmark's floor: what reading an inbox costs at the least.
//!
//! Opens every file of a folder with calamine and reads every cell of the
//! three data sheets (基本情况, 指标完成情况, 活动台帐), in parallel with rayon,
//! doing nothing else: no hashing, no checks, no output files. `huizong check`
//! and `huizong run` are compared against this (see bench/run.sh).
//!
//! Deliberately independent of huizong's own reader (src/ingest): it uses
//! only calamine and rayon, the same versions the crate depends on.
//!
//!   cargo run --release --example floor -- 收件箱/2011Q1

use std::path::PathBuf;
use std::time::Instant;

use calamine::{open_workbook, Data, Reader, Xlsx};
use rayon::prelude::*;

const SHEETS: [&str; 3] = ["基本情况", "指标完成情况", "活动台帐"];

/// Cells read from one file: (non-empty cells, bytes of text), or an error.
fn read_file(path: &PathBuf) -> Result<(u64, u64), String> {
    let mut workbook: Xlsx<_> =
        open_workbook(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (mut cells, mut text) = (0u64, 0u64);
    for name in SHEETS {
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| format!("{}: {name}: {e}", path.display()))?;
        for value in range.cells().map(|(_, _, v)| v) {
            match value {
                Data::Empty => continue,
                Data::String(s) => text += s.len() as u64,
                _ => {}
            }
            cells += 1;
        }
    }
    Ok((cells, text))
}

fn main() {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: floor <folder of .xlsx files>");
        std::process::exit(2);
    };
    let start = Instant::now();
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
            .collect(),
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            std::process::exit(2);
        }
    };
    files.sort();
    let results: Vec<Result<(u64, u64), String>> = files.par_iter().map(read_file).collect();
    let elapsed = start.elapsed().as_secs_f64();
    let (mut cells, mut text, mut failed) = (0u64, 0u64, 0usize);
    for result in &results {
        match result {
            Ok((c, t)) => {
                cells += c;
                text += t;
            }
            Err(e) => {
                failed += 1;
                eprintln!("{e}");
            }
        }
    }
    println!(
        "floor: {} files, {cells} cells, {text} bytes of text, {failed} failed, {elapsed:.3} s",
        files.len()
    );
    if failed > 0 {
        std::process::exit(1);
    }
}

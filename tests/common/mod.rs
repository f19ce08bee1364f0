//! Helpers shared by the integration tests: reading written workbooks back.
#![allow(dead_code)]

pub mod build;

use std::io::{Cursor, Read};
use std::path::PathBuf;

use calamine::{open_workbook_auto_from_rs, Data, Reader, Sheets};

/// Opens workbook bytes with calamine, as a clerk's file would be opened.
pub fn open(bytes: &[u8]) -> Sheets<Cursor<Vec<u8>>> {
    open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook")
}

/// The value of an A1 cell of a sheet.
pub fn cell(book: &mut Sheets<Cursor<Vec<u8>>>, sheet: &str, a1: &str) -> Data {
    let range = book.worksheet_range(sheet).expect("sheet exists");
    let (row, col) = parse_a1(a1);
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

pub fn parse_a1(a1: &str) -> (u32, u32) {
    let letters: String = a1.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &a1[letters.len()..];
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1))
        - 1;
    (digits.parse::<u32>().unwrap() - 1, col)
}

/// The text of one part of the xlsx zip, e.g. `xl/workbook.xml`.
pub fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("xlsx is a zip");
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("part {name}"));
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}

/// A fresh, empty temporary folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("huizong-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the huizong binary; returns (exit code, stdout, stderr).
pub fn huizong(args: &[&str]) -> (i32, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_huizong"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A province-like roster of `units` units: `generate-samples` writes their
/// clean 2011Q1 submissions (one ledger row each) into DIR/生成 and their
/// plan to DIR/计划.toml, whose path is returned.
pub fn generated_plan(dir: &std::path::Path, units: usize) -> PathBuf {
    let plan = dir.join("计划.toml");
    let (code, _, err) = huizong(&[
        "generate-samples",
        "--quarter",
        "2011Q1",
        "--out",
        dir.join("生成").to_str().unwrap(),
        "--units",
        &units.to_string(),
        "--plan-out",
        plan.to_str().unwrap(),
        "--ledger-rows",
        "1",
    ]);
    assert_eq!(code, 0, "{err}");
    plan
}

/// Every file of an inbox folder checked by the per-file rules (as the
/// commands do, without hashing the files), in file-name order.
pub fn checked_results(
    plan: &huizong::plan::Plan,
    quarter: huizong::plan::Quarter,
    folder: &std::path::Path,
) -> Vec<huizong::check::FileResult> {
    let files = huizong::inbox::list_files(folder).unwrap();
    huizong::inbox::check_files(
        plan,
        quarter,
        &files,
        &huizong::ingest::Limits::default(),
        huizong::inbox::Hashing::Skip,
        &|| {},
    )
    .into_iter()
    .map(|c| c.result)
    .collect()
}

/// The rule of each diagnostic of `check --format json`'s output, in order.
pub fn json_rules(json: &serde_json::Value) -> Vec<&str> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect()
}

/// The committed sample inboxes.
pub fn samples() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Copies the files of the sample inbox of `quarter` (`2011Q1`) into the
/// folder `inbox`, made if missing.
pub fn copy_samples(quarter: &str, inbox: &std::path::Path) {
    std::fs::create_dir_all(inbox).unwrap();
    for entry in std::fs::read_dir(samples().join(quarter)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), inbox.join(entry.file_name())).unwrap();
    }
}

/// What the sample generator planted in a quarter's sample inbox.
pub fn expected(quarter: &str) -> serde_json::Value {
    serde_json::from_slice(
        &std::fs::read(samples().join("expected").join(format!("{quarter}.json"))).unwrap(),
    )
    .unwrap()
}

//! Building submission workbooks in a test, one deliberate change at a time,
//! and running them through the real pipeline:
//! bytes → `read_workbook` → `extract` → `check_submission` (→ `check_inbox`).
//!
//! The base submission is fixed here (not drawn from the sample generator), so
//! each test knows every value and cell it touches:
//!
//! * 基本情况: labels in A4:A14, values in B4:B14 (填报单位 B4, 单位代码 B5,
//!   年度 B6, 季度 B7, 党员总数 B8, 领导干部人数 B9, 党支部数 B10, 填报人 B11,
//!   联系电话 B12, 填报日期 B13, 单位负责人 B14);
//! * 指标完成情况: header in row 4, indicator n (0-based, plan order) in row
//!   5 + n, 本季度完成 in column E (A01 E5, A03 E7, A07 E11, A08 E12,
//!   A10 E14, B05 E21, B06 E22, D02 E32, D03 E33, D04 E34);
//! * 活动台帐: header in row 3, ledger entry i in row 4 + i, 日期 in B,
//!   活动类别 C, 应到人数 E, 实到人数 F.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use chrono::NaiveDate;
use huizong::check::{check_submission, unreadable, Diagnostic, FileResult};
use huizong::ingest::{
    extract, read_submission, read_workbook, Limits, RawValue, RawWorkbook, Submission,
};
use huizong::plan::{default_plan, Plan, Quarter, Severity, Unit, ValueKind};
use huizong::render::submission::{write_submission, CellInput, Fill, Layout, LedgerEntry};
use huizong::sample::{fill_from, Activity, Figures};

/// The default plan, loaded once.
pub fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| default_plan().expect("the default plan loads"))
}

pub fn q(year: i32, number: u8) -> Quarter {
    Quarter::new(year, number).expect("valid quarter")
}

pub fn date(text: &str) -> NaiveDate {
    text.parse().expect("ISO date")
}

pub fn unit(code: &str) -> Unit {
    plan().unit(code).expect("roster unit").clone()
}

/// The unit most tests use: 0105 市中医院党委.
pub const UNIT: &str = "0105";

/// 本季度完成 of the base submission, plan order. Ledger-backed counts match
/// the ledger rows exactly; every cross-field rule holds.
pub const BASE_VALUES: [(&str, f64); 33] = [
    ("A01", 2.0),
    ("A02", 1.0),
    ("A03", 38.0),
    ("A04", 1.0),
    ("A05", 3.0),
    ("A06", 3.0),
    ("A07", 1.0),
    ("A08", 60.0),
    ("A09", 10.0),
    ("A10", 8.0),
    ("A11", 0.0),
    ("A12", 0.0),
    ("B01", 1.0),
    ("B02", 20.0),
    ("B03", 1.0),
    ("B04", 6.0),
    ("B05", 5.0),
    ("B06", 95.5),
    ("B07", 1.0),
    ("B08", 1.0),
    ("B09", 30.0),
    ("B10", 1.0),
    ("B11", 100.0),
    ("C01", 2.0),
    ("C02", 0.0),
    ("C03", 25.0),
    ("D01", 2.0),
    ("D02", 1.0),
    ("D03", 12.5),
    ("D04", 1.0),
    ("E01", 1.0),
    ("E02", 0.0),
    ("E03", 1.0),
];

pub const MEMBERS: u32 = 40;

/// A submission being built: the template of `unit` for `quarter`, with what
/// the unit typed in (`fill`) and how its workbook deviates (`layout`).
#[derive(Clone)]
pub struct Sub {
    pub unit: Unit,
    pub quarter: Quarter,
    pub fill: Fill,
    pub layout: Layout,
    pub file: String,
}

/// Categories whose meetings every member is expected to attend (as in the plan).
fn member_meeting(category: &str) -> bool {
    plan().member_meetings.iter().any(|c| c == category)
}

/// The base figures of a quarter: [`BASE_VALUES`], 40 members, a ledger row
/// per counted activity (plan order) and two 其他活动 rows, 填报日期 8 days
/// after the quarter (2011-04-08 for 2011Q1; due 2011-04-10).
pub fn base_figures(quarter: Quarter) -> Figures {
    let plan = plan();
    let values: BTreeMap<String, f64> = BASE_VALUES
        .iter()
        .map(|(code, value)| (code.to_string(), *value))
        .collect();
    let mut categories = Vec::new();
    for indicator in &plan.indicators {
        if let Some(category) = &indicator.ledger {
            for _ in 0..values[&indicator.code] as usize {
                categories.push(category.clone());
            }
        }
    }
    categories.push("其他活动".to_string());
    categories.push("其他活动".to_string());
    let ledger = categories
        .into_iter()
        .enumerate()
        .map(|(i, category)| {
            let expected = if member_meeting(&category) {
                MEMBERS
            } else {
                12
            };
            Activity {
                date: quarter.first_day() + chrono::Days::new(5 * i as u64),
                topic: format!("{category}活动{}", i + 1),
                category,
                expected,
                attended: expected - 2,
                leader: "张志强".to_string(),
            }
        })
        .collect();
    Figures {
        members: MEMBERS,
        leaders: 5,
        branches: 3,
        reporter: "王建国".to_string(),
        head: "李海燕".to_string(),
        phone: "0517-83601234".to_string(),
        report_date: quarter.last_day() + chrono::Days::new(8),
        values,
        ledger,
    }
}

/// The clean base submission of `code` for `quarter`.
pub fn base_of(code: &str, quarter: Quarter) -> Sub {
    let unit = unit(code);
    let fill = fill_from(plan(), &base_figures(quarter));
    let layout = Layout::template(plan(), &unit, quarter);
    let file = huizong::form::submission_file_name(&unit, quarter);
    Sub {
        unit,
        quarter,
        fill,
        layout,
        file,
    }
}

/// The clean base submission of 0105 for 2011Q1.
pub fn base() -> Sub {
    base_of(UNIT, q(2011, 1))
}

/// Index of the first ledger entry of `category` in the base ledger.
pub fn ledger_index(sub: &Sub, category: &str) -> usize {
    sub.fill
        .ledger
        .iter()
        .position(|e| e.cells[1] == CellInput::text(category))
        .unwrap_or_else(|| panic!("a {category} row"))
}

/// The A1 address of a ledger entry's cell; `col` is the sheet column letter.
pub fn ledger_a1(index: usize, col: char) -> String {
    format!("{col}{}", index + 4)
}

impl Sub {
    /// Sets 本季度完成 of an indicator (keeps its 说明).
    pub fn value(&mut self, code: &str, input: CellInput) -> &mut Sub {
        let note = self
            .fill
            .indicators
            .get(code)
            .map_or(CellInput::Blank, |(_, n)| n.clone());
        self.fill.indicators.insert(code.to_string(), (input, note));
        self
    }

    pub fn number(&mut self, code: &str, n: f64) -> &mut Sub {
        self.value(code, CellInput::Number(n))
    }

    pub fn basic(&mut self, field: huizong::plan::BasicField, input: CellInput) -> &mut Sub {
        self.fill.basic.insert(field, input);
        self
    }

    /// Sets one cell of a ledger entry: 0 日期, 1 活动类别, 2 活动主题,
    /// 3 应到人数, 4 实到人数, 5 负责人, 6 备注.
    pub fn ledger_cell(&mut self, index: usize, cell: usize, input: CellInput) -> &mut Sub {
        self.fill.ledger[index].cells[cell] = input;
        self
    }

    pub fn push_ledger(&mut self, entry: LedgerEntry) -> &mut Sub {
        self.fill.ledger.push(entry);
        self
    }

    pub fn bytes(&self) -> Vec<u8> {
        write_submission(plan(), &self.unit, self.quarter, &self.fill, &self.layout)
            .expect("the submission is written")
            .bytes
    }

    /// Writes, reads, extracts and checks, as `huizong check` does.
    pub fn check(&self) -> FileResult {
        check_bytes(self.quarter, &self.file, &self.bytes())
    }

    /// Checks the submission against another quarter than its own.
    pub fn check_as(&self, quarter: Quarter) -> FileResult {
        check_bytes(quarter, &self.file, &self.bytes())
    }

    pub fn extract(&self) -> Submission {
        extract(&read(&self.bytes()))
    }
}

/// A ledger entry typed in full.
pub fn ledger_entry(date: NaiveDate, category: &str, expected: f64, attended: f64) -> LedgerEntry {
    LedgerEntry {
        cells: [
            CellInput::Date(date),
            CellInput::text(category),
            CellInput::text(format!("{category}活动")),
            CellInput::Number(expected),
            CellInput::Number(attended),
            CellInput::text("张志强"),
            CellInput::Blank,
        ],
        hidden: false,
    }
}

pub fn read(bytes: &[u8]) -> RawWorkbook {
    read_workbook(bytes, &Limits::default()).expect("the workbook reads")
}

/// The per-file pipeline of `huizong check` (as `huizong::inbox::check_file`),
/// on bytes in memory. `read_submission` is checked against `read_workbook`
/// then `extract` on every file that passes here.
pub fn check_bytes(quarter: Quarter, file: &str, bytes: &[u8]) -> FileResult {
    match read_submission(bytes, &Limits::default()) {
        Ok(submission) => {
            let full = extract(&read(bytes));
            assert_eq!(
                submission, full,
                "{file}: read_submission differs from read_workbook + extract"
            );
            check_submission(plan(), quarter, file, &submission)
        }
        Err(err) => unreadable(
            plan(),
            file,
            err.is_encrypted(),
            err.to_string(),
            err.hint(),
        ),
    }
}

pub fn list(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "  {} {} {} {} → {}\n",
                d.rule,
                d.severity.label(),
                d.location(),
                d.message,
                d.hint
            )
        })
        .collect()
}

/// Asserts that a file has no diagnostic at all.
pub fn assert_clean(result: &FileResult) {
    assert!(
        result.diagnostics.is_empty(),
        "{}: expected no diagnostics, got:\n{}",
        result.file,
        list(&result.diagnostics)
    );
}

/// Asserts that a file has exactly one diagnostic, with this rule, severity,
/// sheet and cell; returns it for checks of its wording.
pub fn assert_one<'a>(
    result: &'a FileResult,
    rule: &str,
    severity: Severity,
    sheet: Option<&str>,
    cell: Option<&str>,
) -> &'a Diagnostic {
    assert_eq!(
        result.diagnostics.len(),
        1,
        "{}: expected exactly one {rule}, got:\n{}",
        result.file,
        list(&result.diagnostics)
    );
    let d = &result.diagnostics[0];
    assert_eq!(
        (
            d.rule.as_str(),
            d.severity,
            d.sheet.as_deref(),
            d.cell.as_deref()
        ),
        (rule, severity, sheet, cell),
        "{}:\n{}",
        result.file,
        list(&result.diagnostics)
    );
    assert_eq!(d.file, result.file);
    d
}

/// The record's value of an indicator, with its cell as A1.
pub fn recorded(result: &FileResult, code: &str) -> Option<(f64, String)> {
    let record = result.record.as_ref()?;
    record
        .values
        .get(code)
        .map(|(v, cell)| (*v, format!("{}!{}", cell.sheet(), cell.a1())))
}

/// Does the kind of an indicator match (sanity for tests that pick one)?
pub fn kind_of(code: &str) -> ValueKind {
    plan().indicator(code).expect("plan indicator").kind
}

// ---------------------------------------------------------------------------
// Odd layouts: a workbook's raw cells, edited, written back with rust_xlsxwriter.

/// Reads `bytes`, lets `edit` change the raw cells, and writes a new .xlsx
/// with rust_xlsxwriter: same sheets in the same order (hidden ones hidden),
/// same values (date serials with a date format, error values as formulas
/// with the error cached), same merged regions. No defined names: the file
/// reads like a template from before the names held the fingerprint, so an
/// edit of the `_huizong` sheet is what a check sees.
pub fn rewrite(bytes: &[u8], edit: impl FnOnce(&mut RawWorkbook)) -> Vec<u8> {
    let mut workbook = read(bytes);
    edit(&mut workbook);
    write_raw(&workbook)
}

pub fn write_raw(raw: &RawWorkbook) -> Vec<u8> {
    use rust_xlsxwriter::{Format, Formula, Workbook};
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let mut workbook = Workbook::new();
    for sheet in &raw.sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(&sheet.name).expect("sheet name");
        if !sheet.visible {
            ws.set_hidden(true);
        }
        for &(r0, c0, r1, c1) in &sheet.merged {
            ws.merge_range(r0, c0 as u16, r1, c1 as u16, "", &Format::new())
                .expect("merge");
        }
        for cell in &sheet.cells {
            let (row, col) = (cell.row, cell.col as u16);
            match &cell.value {
                RawValue::Number(n) => ws.write_number(row, col, *n).map(|_| ()),
                RawValue::Text(t) | RawValue::DateText(t) => {
                    ws.write_string(row, col, t).map(|_| ())
                }
                RawValue::Bool(b) => ws.write_boolean(row, col, *b).map(|_| ()),
                RawValue::DateSerial(n) => ws
                    .write_number_with_format(row, col, *n, &date_format)
                    .map(|_| ()),
                RawValue::Error(e) => ws
                    .write_formula(row, col, Formula::new("=1/0").set_result(e))
                    .map(|_| ()),
                RawValue::FormulaWithoutValue(f) => {
                    ws.write_formula(row, col, Formula::new(f)).map(|_| ())
                }
            }
            .expect("cell written");
        }
    }
    workbook.save_to_buffer().expect("workbook saved")
}

/// A sheet of a raw workbook by name.
pub fn sheet_mut<'a>(raw: &'a mut RawWorkbook, name: &str) -> &'a mut huizong::ingest::RawSheet {
    raw.sheets
        .iter_mut()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("sheet {name}"))
}

/// Sets (or with `None` removes) the raw value of a cell given as A1.
pub fn set_raw(raw: &mut RawWorkbook, sheet: &str, a1: &str, value: Option<RawValue>) {
    let (row, col) = super::parse_a1(a1);
    let sheet = sheet_mut(raw, sheet);
    sheet.cells.retain(|c| (c.row, c.col) != (row, col));
    if let Some(value) = value {
        sheet
            .cells
            .push(huizong::ingest::RawCell { row, col, value });
        sheet.cells.sort_by_key(|c| (c.row, c.col));
    }
}

// ---------------------------------------------------------------------------
// Editing the xlsx zip directly (for what rust_xlsxwriter cannot write).

/// Rewrites one part of an .xlsx zip with `edit`.
pub fn edit_part(bytes: &[u8], part: &str, edit: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("xlsx is a zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut edit = Some(edit);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("zip entry");
        let name = file.name().expect("entry name").to_string();
        let mut content = Vec::new();
        file.read_to_end(&mut content).expect("zip entry reads");
        if name == part {
            let text = String::from_utf8(content).expect("xml part is UTF-8");
            content = (edit.take().expect("one part"))(text).into_bytes();
        }
        out.start_file(name, options).expect("zip entry starts");
        out.write_all(&content).expect("zip entry written");
    }
    assert!(edit.is_none(), "part {part} not found");
    out.finish().expect("zip finished").into_inner()
}

/// The zip part of a sheet, by its name (xl/worksheets/sheetN.xml).
pub fn sheet_part(bytes: &[u8], sheet: &str) -> String {
    let workbook = super::part(bytes, "xl/workbook.xml");
    let position = workbook
        .split("<sheet ")
        .skip(1)
        .position(|s| s.contains(&format!("name=\"{sheet}\"")))
        .unwrap_or_else(|| panic!("sheet {sheet} in workbook.xml"));
    format!("xl/worksheets/sheet{}.xml", position + 1)
}

/// Inserts an empty row before `at` (0-based) in a raw sheet, as Excel does:
/// cells and merged regions below move down.
pub fn insert_row(raw: &mut RawWorkbook, sheet: &str, at: u32) {
    let sheet = sheet_mut(raw, sheet);
    for cell in &mut sheet.cells {
        if cell.row >= at {
            cell.row += 1;
        }
    }
    for merge in &mut sheet.merged {
        if merge.0 >= at {
            merge.0 += 1;
            merge.2 += 1;
        }
    }
}

/// Inserts an empty column before `at` (0-based) in a raw sheet.
pub fn insert_column(raw: &mut RawWorkbook, sheet: &str, at: u32) {
    let sheet = sheet_mut(raw, sheet);
    for cell in &mut sheet.cells {
        if cell.col >= at {
            cell.col += 1;
        }
    }
    for merge in &mut sheet.merged {
        if merge.1 >= at {
            merge.1 += 1;
            merge.3 += 1;
        }
    }
}

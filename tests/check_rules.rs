//! One test per check rule: a clean submission built in the test, one
//! deliberate change, the real pipeline (read_workbook → extract →
//! check_submission, and check_inbox for the cross-file rules), and exactly
//! the one expected diagnostic: rule id, severity, sheet and cell.
//!
//! The base submission and its cell addresses are described in
//! `tests/common/build.rs`.

mod common;

use common::build::*;
use huizong::check::{check_inbox, records_by_unit, CheckReport, FileResult, SubmissionStatus};
use huizong::form::{Fingerprint, SHEET_BASIC, SHEET_INDICATORS, SHEET_LEDGER};
use huizong::ingest::RawValue;
use huizong::plan::{BasicField, Quarter, Severity};
use huizong::render::submission::CellInput;
use huizong::sample::{clean_submission, DEFAULT_SEED};

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;
const BASIC: Option<&str> = Some(SHEET_BASIC);
const INDICATORS: Option<&str> = Some(SHEET_INDICATORS);
const LEDGER: Option<&str> = Some(SHEET_LEDGER);

fn report(
    quarter: Quarter,
    results: Vec<FileResult>,
    earlier: &[huizong::check::QuarterRecords],
) -> CheckReport {
    check_inbox(plan(), quarter, &results, earlier, date("2011-12-31"))
}

/// The diagnostics of one file in a report.
fn of_file<'a>(report: &'a CheckReport, file: &str) -> Vec<&'a huizong::check::Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.file == file)
        .collect()
}

fn one_in_report<'a>(
    report: &'a CheckReport,
    file: &str,
    rule: &str,
    severity: Severity,
    sheet: Option<&str>,
    cell: Option<&str>,
) -> &'a huizong::check::Diagnostic {
    let found = of_file(report, file);
    let text: Vec<_> = found.iter().map(|d| (*d).clone()).collect();
    assert_eq!(
        found.len(),
        1,
        "{file}: expected exactly one {rule}, got:\n{}",
        list(&text)
    );
    let d = found[0];
    assert_eq!(
        (
            d.rule.as_str(),
            d.severity,
            d.sheet.as_deref(),
            d.cell.as_deref()
        ),
        (rule, severity, sheet, cell),
        "{file}:\n{}",
        list(&text)
    );
    d
}

// ---------------------------------------------------------------------------
// The starting point.

#[test]
fn clean_base_submission_has_no_diagnostics() {
    let sub = base();
    let result = sub.check();
    assert_clean(&result);
    assert_eq!(result.file, "0105_市中医院党委_2011Q1.xlsx");
    assert_eq!(result.unit.as_deref(), Some("0105"));
    let record = result.record.as_ref().unwrap();
    for (n, (code, value)) in BASE_VALUES.iter().enumerate() {
        assert_eq!(
            recorded(&result, code),
            Some((*value, format!("指标完成情况!E{}", 5 + n))),
            "{code}"
        );
    }
    assert_eq!(record.fields[&BasicField::MemberCount].0, 40.0);
    assert_eq!(record.fields[&BasicField::MemberCount].1.a1(), "B8");
    assert_eq!(record.fields[&BasicField::LeaderCount].0, 5.0);
    assert_eq!(record.fields[&BasicField::BranchCount].0, 3.0);
    let (report_date, cell) = record.report_date.as_ref().unwrap();
    assert_eq!(*report_date, date("2011-04-08"));
    assert_eq!(cell.to_string(), "基本情况!B13");
    assert_eq!(record.ledger_counts["中心组学习"], 2);
    assert_eq!(record.ledger_counts["其他活动"], 2);
    assert_eq!(record.ledger_counts.values().sum::<usize>(), 17);
    // And it passes the inbox rules: 已报.
    let report = report(sub.quarter, vec![result], &[]);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let status = report
        .statuses
        .iter()
        .find(|s| s.unit_code == UNIT)
        .unwrap();
    assert_eq!(status.status, SubmissionStatus::Submitted);
}

#[test]
fn sample_clean_submissions_have_no_diagnostics() {
    let quarter = q(2011, 1);
    for code in ["0101", "0105", "0201", "0302"] {
        let Some(unit) = plan().unit(code) else {
            continue;
        };
        let file = clean_submission(plan(), unit, quarter, DEFAULT_SEED, 30).unwrap();
        let result = check_bytes(quarter, &file.name, &file.bytes);
        assert_clean(&result);
        assert_eq!(result.unit.as_deref(), Some(code));
        let rows: usize = result.record.unwrap().ledger_counts.values().sum();
        assert!(rows >= 30, "{code}: {rows} ledger rows");
    }
}

// ---------------------------------------------------------------------------
// Files that cannot be read.

#[test]
fn file_unreadable_random_bytes() {
    let mut rng = fastrand::Rng::with_seed(7);
    let bytes: Vec<u8> = (0..4096).map(|_| rng.u8(..)).collect();
    assert!(!bytes.starts_with(b"PK") && bytes[0] != 0xD0);
    let result = check_bytes(q(2011, 1), "0105_市中医院党委_2011Q1.xlsx", &bytes);
    let d = assert_one(&result, "FILE_UNREADABLE", E, None, None);
    assert_eq!(d.rule_title, "文件无法读取");
    assert!(
        d.message.contains("不是 Excel 或 WPS 表格文件"),
        "{}",
        d.message
    );
    assert!(result.record.is_none());
    // The file name still says whose it is.
    assert_eq!(result.unit.as_deref(), Some("0105"));
}

#[test]
fn file_unreadable_truncated_xlsx() {
    let bytes = base().bytes();
    let truncated = &bytes[..bytes.len() / 2];
    let result = check_bytes(q(2011, 1), "0105_市中医院党委_2011Q1.xlsx", truncated);
    let d = assert_one(&result, "FILE_UNREADABLE", E, None, None);
    assert!(d.message.contains("损坏或不完整"), "{}", d.message);
    assert!(!d.hint.is_empty());
    assert!(result.record.is_none());
}

/// A well-formed OLE compound file (CFB v3, 512-byte sectors) holding the
/// two streams of an encrypted OOXML workbook: EncryptionInfo and
/// EncryptedPackage (4096 bytes each, so no mini stream is needed).
fn encrypted_ooxml() -> Vec<u8> {
    const FREE: u32 = 0xFFFF_FFFF;
    const END: u32 = 0xFFFF_FFFE;
    const FAT: u32 = 0xFFFF_FFFD;
    let put16 =
        |b: &mut Vec<u8>, at: usize, v: u16| b[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |b: &mut Vec<u8>, at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    // Sectors: 0 FAT, 1 directory, 2–9 EncryptionInfo, 10–17 EncryptedPackage.
    let sectors = 18;
    let mut bytes = vec![0u8; 512 * (1 + sectors)];
    bytes[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    put16(&mut bytes, 24, 0x003E); // minor version
    put16(&mut bytes, 26, 0x0003); // major version 3
    put16(&mut bytes, 28, 0xFFFE); // little endian
    put16(&mut bytes, 30, 9); // 512-byte sectors
    put16(&mut bytes, 32, 6); // 64-byte mini sectors
    put32(&mut bytes, 44, 1); // FAT sectors
    put32(&mut bytes, 48, 1); // first directory sector
    put32(&mut bytes, 56, 4096); // mini stream cutoff
    put32(&mut bytes, 60, END); // no mini FAT
    put32(&mut bytes, 68, END); // no DIFAT sectors
    put32(&mut bytes, 76, 0); // DIFAT[0]: the FAT is sector 0
    for i in 1..109 {
        put32(&mut bytes, 76 + 4 * i, FREE);
    }
    let sector = |n: usize| 512 * (n + 1);
    // FAT.
    let fat = sector(0);
    for i in 0..128 {
        put32(&mut bytes, fat + 4 * i, FREE);
    }
    put32(&mut bytes, fat, FAT);
    put32(&mut bytes, fat + 4, END);
    for (first, last) in [(2, 9), (10, 17)] {
        for s in first..last {
            put32(&mut bytes, fat + 4 * s, s as u32 + 1);
        }
        put32(&mut bytes, fat + 4 * last, END);
    }
    // Directory: Root Entry, EncryptionInfo, EncryptedPackage, one unused.
    let entries: [(&str, u8, u32, u32, u32, u32, u32); 3] = [
        // name, type, left, right, child, start, size
        ("Root Entry", 5, FREE, FREE, 1, END, 0),
        ("EncryptionInfo", 2, FREE, 2, FREE, 2, 4096),
        ("EncryptedPackage", 2, FREE, FREE, FREE, 10, 4096),
    ];
    let dir = sector(1);
    for (i, (name, kind, left, right, child, start, size)) in entries.iter().enumerate() {
        let at = dir + 128 * i;
        let utf16: Vec<u16> = name.encode_utf16().collect();
        for (j, unit) in utf16.iter().enumerate() {
            put16(&mut bytes, at + 2 * j, *unit);
        }
        put16(&mut bytes, at + 64, (2 * (utf16.len() + 1)) as u16);
        bytes[at + 66] = *kind;
        bytes[at + 67] = 1; // black
        put32(&mut bytes, at + 68, *left);
        put32(&mut bytes, at + 72, *right);
        put32(&mut bytes, at + 76, *child);
        put32(&mut bytes, at + 116, *start);
        put32(&mut bytes, at + 120, *size);
    }
    let unused = dir + 128 * 3;
    put32(&mut bytes, unused + 68, FREE);
    put32(&mut bytes, unused + 72, FREE);
    put32(&mut bytes, unused + 76, FREE);
    // Stream contents: anything (the package is ciphertext).
    let mut rng = fastrand::Rng::with_seed(11);
    for byte in &mut bytes[sector(2)..] {
        *byte = rng.u8(..);
    }
    bytes
}

#[test]
fn file_encrypted_ole_with_encrypted_package_stream() {
    let result = check_bytes(
        q(2011, 1),
        "0105_市中医院党委_2011Q1.xlsx",
        &encrypted_ooxml(),
    );
    let d = assert_one(&result, "FILE_ENCRYPTED", E, None, None);
    assert_eq!(d.rule_title, "文件有密码保护");
    assert!(d.message.contains("密码"), "{}", d.message);
    assert!(d.hint.contains("密码"), "{}", d.hint);
    assert!(result.record.is_none());
    assert_eq!(result.unit.as_deref(), Some("0105"));
}

// ---------------------------------------------------------------------------
// Sheets.

#[test]
fn sheet_missing_ledger_deleted() {
    let sub = base();
    let bytes = rewrite(&sub.bytes(), |raw| {
        raw.sheets.retain(|s| s.name != SHEET_LEDGER);
    });
    // The rewritten workbook itself is clean with the sheet kept.
    assert_clean(&check_bytes(
        sub.quarter,
        &sub.file,
        &rewrite(&sub.bytes(), |_| {}),
    ));
    let result = check_bytes(sub.quarter, &sub.file, &bytes);
    let d = assert_one(&result, "SHEET_MISSING", E, None, None);
    assert_eq!(d.message, "找不到工作表“活动台帐”，不是本年度的季度报表");
    assert_eq!(
        d.hint,
        "请使用局党委下发的报表模板填报，不要删除或重命名工作表"
    );
}

#[test]
fn sheet_missing_basic_or_indicators_deleted() {
    let sub = base();
    for name in [SHEET_BASIC, SHEET_INDICATORS] {
        let bytes = rewrite(&sub.bytes(), |raw| raw.sheets.retain(|s| s.name != name));
        let result = check_bytes(sub.quarter, &sub.file, &bytes);
        let d = assert_one(&result, "SHEET_MISSING", E, None, None);
        assert!(d.message.contains(name), "{}", d.message);
    }
}

/// Regression: with the ledger header unreadable (a unit retyped 日期 as
/// 活动时间), every ledger-backed count was also reported as “台帐中只有 0 条”
/// (LEDGER_UNSUPPORTED), although the rows are there: the ledger cannot be
/// judged, as when the sheet is missing.
#[test]
fn sheet_missing_ledger_header_unreadable() {
    let sub = base();
    let bytes = rewrite(&sub.bytes(), |raw| {
        set_raw(
            raw,
            SHEET_LEDGER,
            "B3",
            Some(RawValue::Text("活动时间".into())),
        );
    });
    let result = check_bytes(sub.quarter, &sub.file, &bytes);
    let d = assert_one(&result, "SHEET_MISSING", E, LEDGER, None);
    assert_eq!(
        d.message,
        "活动台帐中找不到表头（日期、活动类别、实到人数）"
    );
}

// ---------------------------------------------------------------------------
// Values of cells.

#[test]
fn field_required_blank_phone() {
    let mut sub = base();
    sub.basic(BasicField::Phone, CellInput::Blank);
    let result = sub.check();
    let d = assert_one(&result, "FIELD_REQUIRED", E, BASIC, Some("B12"));
    assert_eq!(d.message, "联系电话：未填写");
    assert_eq!(
        d.hint,
        "请填写填报人的联系电话，座机如 0517-83601234，手机 11 位"
    );
}

#[test]
fn field_required_blank_indicator_value() {
    let mut sub = base();
    sub.value("A08", CellInput::Blank);
    let result = sub.check();
    let d = assert_one(&result, "FIELD_REQUIRED", E, INDICATORS, Some("E12"));
    assert_eq!(d.message, "党员走访群众：未填写");
    assert_eq!(d.hint, "请填写本季度完成数，未开展的填 0");
    assert_eq!(recorded(&result, "A08"), None);
}

#[test]
fn field_required_label_row_deleted() {
    let sub = base();
    let bytes = rewrite(&sub.bytes(), |raw| {
        for a1 in ["A12", "B12", "C12"] {
            set_raw(raw, SHEET_BASIC, a1, None);
        }
    });
    let result = check_bytes(sub.quarter, &sub.file, &bytes);
    let d = assert_one(&result, "FIELD_REQUIRED", E, BASIC, None);
    assert_eq!(d.message, "基本情况中找不到“联系电话”一栏");
}

#[test]
fn field_required_blank_ledger_category() {
    let mut sub = base();
    let i = ledger_index(&sub, "其他活动");
    sub.ledger_cell(i, 1, CellInput::Blank);
    let result = sub.check();
    let cell = ledger_a1(i, 'C');
    let d = assert_one(&result, "FIELD_REQUIRED", E, LEDGER, Some(&cell));
    assert_eq!(d.message, "活动类别：未填写");
    assert_eq!(d.hint, "请从下拉列表选择活动类别");
}

#[test]
fn value_type_chinese_count_suggests_the_digit() {
    let mut sub = base();
    sub.value("A07", CellInput::text("三次"));
    let result = sub.check();
    let d = assert_one(&result, "VALUE_TYPE", E, INDICATORS, Some("E11"));
    assert_eq!(d.rule_title, "数据类型错误");
    assert_eq!(d.message, "党课：填写为“三次”，应为整数");
    assert_eq!(d.hint, "请改为 3");
    assert_eq!(d.location(), "指标完成情况!E11");
}

#[test]
fn value_type_report_date_not_a_date() {
    let mut sub = base();
    sub.basic(BasicField::ReportDate, CellInput::text("abc"));
    let result = sub.check();
    let d = assert_one(&result, "VALUE_TYPE", E, BASIC, Some("B13"));
    assert_eq!(d.message, "填报日期：填写为“abc”，不是有效日期");
    assert_eq!(d.hint, "请按 2011-04-08 的格式填写日期");
}

#[test]
fn value_type_fraction_in_a_count() {
    let mut sub = base();
    sub.number("A08", 2.5);
    let result = sub.check();
    let d = assert_one(&result, "VALUE_TYPE", E, INDICATORS, Some("E12"));
    assert_eq!(d.message, "党员走访群众：填写为“2.5”，应为整数");
    assert_eq!(d.hint, "请填整数");
}

#[test]
fn value_type_phone_not_a_number() {
    let mut sub = base();
    sub.basic(BasicField::Phone, CellInput::text("见备注"));
    let result = sub.check();
    let d = assert_one(&result, "VALUE_TYPE", E, BASIC, Some("B12"));
    assert_eq!(d.message, "联系电话：填写为“见备注”，不是有效的电话号码");
}

#[test]
fn value_type_yes_no_neither() {
    let mut sub = base();
    sub.value("D04", CellInput::text("基本建立"));
    let result = sub.check();
    let d = assert_one(&result, "VALUE_TYPE", E, INDICATORS, Some("E34"));
    assert_eq!(
        d.message,
        "岗位聘用制度已建立：填写为“基本建立”，应为“是”或“否”"
    );
    assert_eq!(d.hint, "请从下拉列表选择“是”或“否”");
}

#[test]
fn value_range_satisfaction_over_100() {
    let mut sub = base();
    sub.number("B06", 120.0);
    let result = sub.check();
    let d = assert_one(&result, "VALUE_RANGE", E, INDICATORS, Some("E22"));
    assert_eq!(d.message, "群众满意度：填写为“120”，应在 0 到 100 之间");
    assert_eq!(d.hint, "请填 0 到 100 之间 的数");
}

#[test]
fn value_range_member_count_zero() {
    let mut sub = base();
    sub.basic(BasicField::MemberCount, CellInput::Number(0.0));
    let result = sub.check();
    let d = assert_one(&result, "VALUE_RANGE", E, BASIC, Some("B8"));
    assert_eq!(d.message, "党员总数：填写为“0”，应在 1 及以上");
}

#[test]
fn value_range_unknown_ledger_category() {
    let mut sub = base();
    let i = ledger_index(&sub, "其他活动");
    sub.ledger_cell(i, 1, CellInput::text("联欢会"));
    let result = sub.check();
    let cell = ledger_a1(i, 'C');
    let d = assert_one(&result, "VALUE_RANGE", E, LEDGER, Some(&cell));
    assert!(
        d.message.starts_with("活动类别：“联欢会”不是计划中的类别"),
        "{}",
        d.message
    );
    assert!(
        d.hint.starts_with("请从下拉列表选择：中心组学习、"),
        "{}",
        d.hint
    );
}

#[test]
fn value_range_report_date_before_the_quarter() {
    let mut sub = base();
    sub.basic(BasicField::ReportDate, CellInput::Date(date("2010-12-30")));
    let result = sub.check();
    let d = assert_one(&result, "VALUE_RANGE", E, BASIC, Some("B13"));
    assert_eq!(
        d.message,
        "填报日期：2010-12-30 早于本季度开始日 2011-01-01"
    );
}

#[test]
fn formula_error_cached_div0() {
    let mut sub = base();
    sub.value(
        "A08",
        CellInput::Formula {
            formula: "=E7/0".into(),
            cached: "#DIV/0!".into(),
        },
    );
    let result = sub.check();
    let d = assert_one(&result, "FORMULA_ERROR", E, INDICATORS, Some("E12"));
    assert_eq!(d.message, "党员走访群众：是公式，计算结果为 #DIV/0!");
    assert_eq!(d.hint, "请检查公式引用的单元格，或直接填写数值");
}

#[test]
fn formula_error_cached_ref_in_member_count() {
    let mut sub = base();
    sub.basic(
        BasicField::MemberCount,
        CellInput::Formula {
            formula: "=Sheet9!B2".into(),
            cached: "#REF!".into(),
        },
    );
    let result = sub.check();
    // Only the formula: the rules that need 党员总数 (A03, 应到人数) wait for it.
    let d = assert_one(&result, "FORMULA_ERROR", E, BASIC, Some("B8"));
    assert_eq!(d.message, "党员总数：是公式，计算结果为 #REF!");
}

#[test]
fn formula_error_formula_without_cached_value() {
    let mut sub = base();
    sub.value(
        "A08",
        CellInput::Formula {
            formula: "=E7*2".into(),
            cached: "76".into(),
        },
    );
    let bytes = sub.bytes();
    // A writer that never calculated: the formula without its <v> result.
    let part = sheet_part(&bytes, SHEET_INDICATORS);
    let bytes = edit_part(&bytes, &part, |xml| {
        let with = "<f>E7*2</f><v>76</v>";
        assert!(xml.contains(with), "formula cell in {part}");
        xml.replace(with, "<f>E7*2</f>")
    });
    let result = check_bytes(sub.quarter, &sub.file, &bytes);
    let d = assert_one(&result, "FORMULA_ERROR", E, INDICATORS, Some("E12"));
    assert_eq!(d.message, "党员走访群众：是公式，但文件中没有保存计算结果");
    assert_eq!(
        d.hint,
        "请在 Excel/WPS 中打开并保存一次（使公式计算），或直接填写数值"
    );
}

// ---------------------------------------------------------------------------
// Who sent it, for when.

#[test]
fn unit_unknown_code_and_name_not_in_roster() {
    let mut sub = base();
    sub.basic(BasicField::UnitCode, CellInput::text("9999"));
    sub.basic(BasicField::UnitName, CellInput::text("市某某医院党委"));
    let result = sub.check();
    let d = assert_one(&result, "UNIT_UNKNOWN", E, BASIC, Some("B5"));
    assert_eq!(
        d.message,
        "单位代码“9999”、填报单位“市某某医院党委”都不在本年度的单位名册中"
    );
    // The file name still attributes it.
    assert_eq!(result.unit.as_deref(), Some("0105"));
}

#[test]
fn unit_unknown_without_a_roster_file_name_is_unattributed() {
    let mut sub = base();
    sub.basic(BasicField::UnitCode, CellInput::text("9999"));
    sub.basic(BasicField::UnitName, CellInput::text("市某某医院党委"));
    sub.file = "季度报表.xlsx".to_string();
    let result = sub.check();
    assert_one(&result, "UNIT_UNKNOWN", E, BASIC, Some("B5"));
    assert_eq!(result.unit, None);
    let report = report(sub.quarter, vec![result], &[]);
    assert_eq!(report.unattributed_files, vec!["季度报表.xlsx".to_string()]);
}

#[test]
fn unit_mismatch_code_of_another_unit() {
    let mut sub = base();
    sub.basic(BasicField::UnitCode, CellInput::text("0101"));
    let result = sub.check();
    let d = assert_one(&result, "UNIT_MISMATCH", E, BASIC, Some("B5"));
    assert_eq!(
        d.message,
        "单位代码 0101 是“市第一人民医院党委”的代码，与填报单位“市中医院党委”不符"
    );
    assert_eq!(
        d.hint,
        "“市中医院党委”的单位代码应为 0105，请用本单位的模板重新填报"
    );
    // The name and the file name agree: the file is 0105's.
    assert_eq!(result.unit.as_deref(), Some("0105"));
}

#[test]
fn unit_mismatch_name_not_the_roster_name() {
    let mut sub = base();
    sub.basic(BasicField::UnitName, CellInput::text("淮安市中医院"));
    let result = sub.check();
    let d = assert_one(&result, "UNIT_MISMATCH", E, BASIC, Some("B4"));
    assert_eq!(d.hint, "请改为“市中医院党委”（按名册填写全称）");
    assert_eq!(result.unit.as_deref(), Some("0105"));
}

/// A file named after another unit is attributed by its content (code and
/// name agree); the name alone is not reported.
#[test]
fn file_named_after_another_unit_is_attributed_by_its_content() {
    let mut sub = base();
    sub.file = "0101_市第一人民医院党委_2011Q1.xlsx".to_string();
    let result = sub.check();
    let d = assert_one(&result, "FILE_NAME_MISMATCH", W, None, None);
    assert_eq!(
        d.message,
        "文件名是 0101 市第一人民医院党委 的，表内填报的是 0105 市中医院党委，按表内单位计入"
    );
    assert_eq!(
        d.hint,
        "请核对是否发错了文件；文件名请写成“0105_市中医院党委_2011Q1.xlsx”"
    );
    assert_eq!(result.unit.as_deref(), Some("0105"));
}

#[test]
fn period_mismatch_year_2010() {
    let mut sub = base();
    sub.basic(BasicField::Year, CellInput::Number(2010.0));
    let result = sub.check();
    let d = assert_one(&result, "PERIOD_MISMATCH", E, BASIC, Some("B6"));
    assert_eq!(d.message, "年度：填写为 2010，本次审核的是 2011 年的报表");
}

#[test]
fn period_mismatch_quarter_2_in_a_first_quarter_check() {
    let mut sub = base();
    sub.basic(BasicField::Quarter, CellInput::Number(2.0));
    let result = sub.check();
    let d = assert_one(&result, "PERIOD_MISMATCH", E, BASIC, Some("B7"));
    assert_eq!(d.message, "季度：填写为第2季度，本次审核的是第一季度");
    assert_eq!(d.hint, "请确认报送的是第一季度的数字，并改为 1");
}

#[test]
fn template_stale_fingerprint_of_last_years_plan() {
    let mut sub = base();
    let fingerprint = sub.layout.fingerprint.as_mut().unwrap();
    fingerprint.plan_year = 2010;
    fingerprint.plan_version = "2010-1".into();
    let result = sub.check();
    let d = assert_one(&result, "TEMPLATE_STALE", E, None, None);
    assert_eq!(
        d.message,
        "使用的是 2010 年的模板（计划版本 2010-1），不是 2011 年的模板"
    );
    assert_eq!(d.hint, "请用 2011 年第1季度下发的新模板重新填报");
}

#[test]
fn template_foreign_fingerprint_of_another_unit() {
    let mut sub = base();
    sub.layout.fingerprint = Some(Fingerprint::new(plan(), &unit("0101"), sub.quarter));
    let result = sub.check();
    let d = assert_one(&result, "TEMPLATE_FOREIGN", E, None, None);
    assert_eq!(
        d.message,
        "使用的是 0101 市第一人民医院党委 的模板，不是本单位（0105 市中医院党委）的模板"
    );
    assert_eq!(result.unit.as_deref(), Some("0105"));
}

#[test]
fn retyped_workbook_without_fingerprint_is_still_checked() {
    let mut sub = base();
    sub.layout.fingerprint = None;
    assert!(sub.extract().fingerprint.is_none());
    let result = sub.check();
    assert_clean(&result);
    assert_eq!(
        recorded(&result, "A08"),
        Some((60.0, "指标完成情况!E12".into()))
    );
    // Its content is checked as any other.
    sub.value("A07", CellInput::text("三次"));
    let result = sub.check();
    assert_one(&result, "VALUE_TYPE", E, INDICATORS, Some("E11"));
}

// ---------------------------------------------------------------------------
// Indicator rows.

#[test]
fn indicator_missing_row() {
    let mut sub = base();
    sub.layout.omitted_indicators = vec!["C02".into()];
    let result = sub.check();
    let d = assert_one(&result, "INDICATOR_MISSING", E, INDICATORS, None);
    assert_eq!(d.message, "缺少指标 C02 竞争上岗岗位");
}

#[test]
fn indicator_unknown_extra_row() {
    let mut sub = base();
    sub.layout.extra_indicators = vec![("Z99".into(), "往年指标".into())];
    sub.number("Z99", 1.0);
    let result = sub.check();
    // After the 33 plan rows (rows 5–37): row 38.
    let d = assert_one(&result, "INDICATOR_UNKNOWN", E, INDICATORS, Some("B38"));
    assert_eq!(d.message, "指标编码“Z99”（往年指标）不在本年度计划中");
}

#[test]
fn indicator_unknown_duplicated_code_row() {
    let mut sub = base();
    sub.layout.extra_indicators = vec![("A08".into(), "党员走访群众".into())];
    let result = sub.check();
    let d = assert_one(&result, "INDICATOR_UNKNOWN", E, INDICATORS, Some("B38"));
    assert_eq!(d.message, "指标 A08 出现了两行（第一行在 B12）");
    assert_eq!(d.hint, "请删除重复的一行");
    // The first row counts.
    assert_eq!(
        recorded(&result, "A08"),
        Some((60.0, "指标完成情况!E12".into()))
    );
}

// ---------------------------------------------------------------------------
// The ledger.

#[test]
fn ledger_date_outside_the_quarter() {
    let mut sub = base();
    let i = ledger_index(&sub, "党小组会");
    sub.ledger_cell(i, 0, CellInput::Date(date("2011-04-02")));
    let result = sub.check();
    let cell = ledger_a1(i, 'B');
    let d = assert_one(&result, "LEDGER_DATE", E, LEDGER, Some(&cell));
    assert_eq!(
        d.message,
        "活动日期：2011-04-02 不在2011年第一季度（2011-01-01 至 2011-03-31）"
    );
    // The row still counts for its category.
    assert_eq!(result.record.unwrap().ledger_counts["党小组会"], 3);
}

#[test]
fn ledger_attendance_more_than_expected() {
    let mut sub = base();
    let i = ledger_index(&sub, "支部委员会");
    sub.ledger_cell(i, 4, CellInput::Number(13.0));
    let result = sub.check();
    let cell = ledger_a1(i, 'F');
    let d = assert_one(&result, "LEDGER_ATTENDANCE", E, LEDGER, Some(&cell));
    assert_eq!(d.message, "实到人数 13 多于应到人数 12");
}

#[test]
fn ledger_unsupported_count_above_its_rows() {
    let mut sub = base();
    sub.number("A01", 3.0);
    let result = sub.check();
    let d = assert_one(&result, "LEDGER_UNSUPPORTED", E, INDICATORS, Some("E5"));
    assert_eq!(
        d.message,
        "党委中心组集中学习：填写 3 次，活动台帐中“中心组学习”只有 2 条"
    );
    assert_eq!(
        d.hint,
        "请在活动台帐中逐次补记“中心组学习”活动，或把本数改为 2"
    );
}

#[test]
fn ledger_surplus_count_below_its_rows() {
    let mut sub = base();
    sub.number("A01", 1.0);
    let result = sub.check();
    let d = assert_one(&result, "LEDGER_SURPLUS", W, INDICATORS, Some("E5"));
    assert_eq!(d.rule_title, "台帐多于填报数");
    assert_eq!(
        d.message,
        "党委中心组集中学习：填写 1 次，活动台帐中“中心组学习”有 2 条"
    );
}

#[test]
fn ledger_over_members_for_a_member_meeting() {
    let mut sub = base();
    let i = ledger_index(&sub, "党员集中学习");
    sub.ledger_cell(i, 3, CellInput::Number(45.0));
    let result = sub.check();
    let cell = ledger_a1(i, 'E');
    let d = assert_one(&result, "LEDGER_OVER_MEMBERS", W, LEDGER, Some(&cell));
    assert_eq!(d.message, "党员集中学习应到人数 45 多于党员总数 40");
    // Not for a meeting that is not for all members (支部委员会).
    let mut sub = base();
    let i = ledger_index(&sub, "支部委员会");
    sub.ledger_cell(i, 3, CellInput::Number(45.0));
    assert_clean(&sub.check());
}

// ---------------------------------------------------------------------------
// Cross-field rules of the plan, on the quarter.

#[test]
fn a03_more_than_members() {
    let mut sub = base();
    sub.number("A03", 41.0);
    let result = sub.check();
    let d = assert_one(&result, "A03_LE_MEMBERS", E, INDICATORS, Some("E7"));
    assert_eq!(d.rule_title, "逻辑关系不符");
    assert_eq!(
        d.message,
        "参加学习教育党员数 41 多于党员总数 40：参加学习教育党员数不能超过党员总数"
    );
    assert_eq!(d.hint, "请核对参加学习教育党员数和党员总数，改正后重新报送");
    // Equal is fine.
    let mut sub = base();
    sub.number("A03", 40.0);
    assert_clean(&sub.check());
}

#[test]
fn d02_more_than_d01() {
    let mut sub = base();
    sub.number("D02", 3.0);
    let result = sub.check();
    let d = assert_one(&result, "D02_LE_D01", E, INDICATORS, Some("E32"));
    assert!(
        d.message
            .starts_with("其中：学科带头人 3 多于引进高层次人才 2："),
        "{}",
        d.message
    );
}

// ---------------------------------------------------------------------------
// Rules across quarters and files (check_inbox).

/// The counted records of a first quarter made of `subs`.
fn first_quarter_records(subs: &[Sub]) -> huizong::check::QuarterRecords {
    let results: Vec<FileResult> = subs.iter().map(Sub::check).collect();
    for result in &results {
        assert_clean(result);
    }
    records_by_unit(&results)
}

#[test]
fn a10_more_than_a09_year_to_date() {
    let mut q1 = base();
    q1.number("A09", 10.0).number("A10", 9.0);
    let earlier = [first_quarter_records(&[q1])];
    let mut q2 = base_of(UNIT, q(2011, 2));
    q2.number("A09", 4.0).number("A10", 8.0);
    let result = q2.check();
    assert_clean(&result);
    let report = report(q2.quarter, vec![result], &earlier);
    let d = one_in_report(
        &report,
        &q2.file,
        "A10_LE_A09_YTD",
        E,
        INDICATORS,
        Some("E14"),
    );
    assert_eq!(
        d.message,
        "年初至今已办结意见建议 17 多于年初至今征集群众意见建议 14：年初至今已办结意见建议不能多于征集的意见建议"
    );
    assert_eq!(d.unit_code.as_deref(), Some("0105"));
    assert_eq!(d.unit_name.as_deref(), Some("市中医院党委"));
}

#[test]
fn a10_above_a09_this_quarter_is_fine_within_the_year_to_date() {
    let mut q1 = base();
    q1.number("A09", 10.0).number("A10", 3.0);
    let earlier = [first_quarter_records(&[q1])];
    let mut q2 = base_of(UNIT, q(2011, 2));
    q2.number("A09", 4.0).number("A10", 8.0);
    let report = report(q2.quarter, vec![q2.check()], &earlier);
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        list(&report.diagnostics)
    );
    // Without the first quarter, the second alone breaks the rule.
    let report = report_for(&q2, &[]);
    one_in_report(
        &report,
        &q2.file,
        "A10_LE_A09_YTD",
        E,
        INDICATORS,
        Some("E14"),
    );
}

#[test]
fn b05_more_than_b04_year_to_date() {
    let mut q1 = base();
    q1.number("B04", 6.0).number("B05", 5.0);
    let earlier = [first_quarter_records(&[q1])];
    let mut q2 = base_of(UNIT, q(2011, 2));
    q2.number("B04", 2.0).number("B05", 4.0);
    let report = report(q2.quarter, vec![q2.check()], &earlier);
    let d = one_in_report(
        &report,
        &q2.file,
        "B05_LE_B04_YTD",
        E,
        INDICATORS,
        Some("E21"),
    );
    assert!(
        d.message
            .starts_with("年初至今办结群众投诉 9 多于年初至今受理群众投诉 8："),
        "{}",
        d.message
    );
}

#[test]
fn jump_more_than_three_times_the_previous_quarter() {
    let mut q1 = base();
    q1.number("A08", 10.0);
    let earlier = [first_quarter_records(&[q1])];
    let mut q2 = base_of(UNIT, q(2011, 2));
    q2.number("A08", 31.0);
    let report = report(q2.quarter, vec![q2.check()], &earlier);
    let d = one_in_report(&report, &q2.file, "JUMP_3X", W, INDICATORS, Some("E12"));
    assert_eq!(d.message, "党员走访群众：本季度 31，是上季度 10 的 3.1 倍");
    assert_eq!(
        d.hint,
        "请核对是否填成了累计数；数字无误的请在“说明”列写明原因"
    );
    // Exactly 3× is not more than 3×.
    q2.number("A08", 30.0);
    let report = report_for(&q2, &earlier);
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        list(&report.diagnostics)
    );
}

fn report_for(sub: &Sub, earlier: &[huizong::check::QuarterRecords]) -> CheckReport {
    report(sub.quarter, vec![sub.check()], earlier)
}

/// Regression: 3.0 * 1.24 is 3.7199999999999998 in floating point, so a
/// naive comparison called 3.72 "more than 3 × 1.24".
#[test]
fn no_jump_for_3_72_after_1_24() {
    let (now, before) = (
        std::hint::black_box(3.72_f64),
        std::hint::black_box(1.24_f64),
    );
    assert!(
        now > 3.0 * before,
        "the floating-point trap this test is about"
    );
    let mut q1 = base();
    q1.number("D03", 1.24);
    let earlier = [first_quarter_records(&[q1])];
    let mut q2 = base_of(UNIT, q(2011, 2));
    q2.number("D03", 3.72);
    let result = q2.check();
    assert_eq!(
        recorded(&result, "D03"),
        Some((3.72, "指标完成情况!E33".into()))
    );
    let report = report(q2.quarter, vec![result], &earlier);
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        list(&report.diagnostics)
    );
    // One cent more is a jump.
    q2.number("D03", 3.73);
    let report = report_for(&q2, &earlier);
    one_in_report(&report, &q2.file, "JUMP_3X", W, INDICATORS, Some("E33"));
}

#[test]
fn late_after_the_due_date() {
    let quarter = q(2011, 1);
    let due = plan().deadline.due_date(quarter);
    assert_eq!(due, date("2011-04-10"));
    let mut sub = base();
    // On the due date: on time.
    sub.basic(BasicField::ReportDate, CellInput::Date(due));
    let report_on_time = report_for(&sub, &[]);
    assert!(report_on_time.diagnostics.is_empty());
    // A day after: late.
    sub.basic(
        BasicField::ReportDate,
        CellInput::Date(due + chrono::Days::new(1)),
    );
    let result = sub.check();
    assert_clean(&result);
    let report = report(quarter, vec![result], &[]);
    let d = one_in_report(&report, &sub.file, "LATE", W, BASIC, Some("B13"));
    assert_eq!(
        d.message,
        "填报日期 2011-04-11，晚于截止日期 2011-04-10 1 天"
    );
    assert_eq!(d.hint, "请按时报送；确有原因的请向局党委办公室说明");
    let status = report
        .statuses
        .iter()
        .find(|s| s.unit_code == UNIT)
        .unwrap();
    assert_eq!(status.status, SubmissionStatus::Late);
    assert_eq!(status.status.label(), "逾期");
}

#[test]
fn duplicate_the_later_report_date_wins() {
    let mut original = base();
    original.basic(BasicField::ReportDate, CellInput::Date(date("2011-04-08")));
    // Sorts after the original by name, but has the earlier 填报日期.
    let mut earlier_copy = base();
    earlier_copy.file = "0105_市中医院党委_2011Q1_更正.xlsx".to_string();
    earlier_copy.basic(BasicField::ReportDate, CellInput::Date(date("2011-04-05")));
    for order in [[0, 1], [1, 0]] {
        let subs = [&original, &earlier_copy];
        let results: Vec<FileResult> = order.iter().map(|&i| subs[i].check()).collect();
        let report = report(q(2011, 1), results, &[]);
        assert!(of_file(&report, &original.file).is_empty());
        let d = one_in_report(&report, &earlier_copy.file, "DUPLICATE", W, None, None);
        assert_eq!(
            d.message,
            "本单位报送了不止一份报表，以填报日期较晚的“0105_市中医院党委_2011Q1.xlsx”为准，本文件未采用"
        );
        let status = report
            .statuses
            .iter()
            .find(|s| s.unit_code == UNIT)
            .unwrap();
        assert_eq!(status.file.as_deref(), Some(original.file.as_str()));
        assert_eq!(status.report_date, Some(date("2011-04-08")));
        assert_eq!(status.status, SubmissionStatus::Submitted);
    }
}

#[test]
fn statuses_submitted_late_returned_missing() {
    let quarter = q(2011, 1);
    let on_time = base_of("0101", quarter);
    let mut late = base_of("0102", quarter);
    late.basic(BasicField::ReportDate, CellInput::Date(date("2011-04-12")));
    let mut returned = base_of("0103", quarter);
    returned.value("A07", CellInput::text("三次"));
    let mut late_and_wrong = base_of("0106", quarter);
    late_and_wrong.basic(BasicField::ReportDate, CellInput::Date(date("2011-04-12")));
    late_and_wrong.number("A03", 41.0);
    let results = [&on_time, &late, &returned, &late_and_wrong]
        .iter()
        .map(|s| s.check())
        .collect();
    let report = report(quarter, results, &[]);
    assert_eq!(report.statuses.len(), plan().units.len());
    let status = |code: &str| {
        report
            .statuses
            .iter()
            .find(|s| s.unit_code == code)
            .unwrap()
    };
    let row = |code: &str| {
        let s = status(code);
        (s.status.label(), s.errors, s.warnings)
    };
    assert_eq!(row("0101"), ("已报", 0, 0));
    assert_eq!(row("0102"), ("逾期", 0, 1));
    assert_eq!(row("0103"), ("退回", 1, 0));
    assert_eq!(row("0106"), ("退回", 1, 1));
    assert_eq!(row("0104"), ("未报", 0, 0));
    assert_eq!(status("0104").file, None);
    assert_eq!(status("0101").file.as_deref(), Some(on_time.file.as_str()));
    // Every other roster unit: 未报.
    let missing = report
        .statuses
        .iter()
        .filter(|s| s.status == SubmissionStatus::Missing)
        .count();
    assert_eq!(missing, plan().units.len() - 4);
    assert_eq!(report.due_date, date("2011-04-10"));
    assert_eq!(report.quarter, "2011Q1");
}

#[test]
fn a_unit_with_only_an_unreadable_file_is_returned() {
    let result = check_bytes(
        q(2011, 1),
        "0105_市中医院党委_2011Q1.xlsx",
        b"not a workbook",
    );
    let report = report(q(2011, 1), vec![result], &[]);
    let status = report
        .statuses
        .iter()
        .find(|s| s.unit_code == UNIT)
        .unwrap();
    assert_eq!(status.status, SubmissionStatus::Returned);
    assert_eq!(report.diagnostics[0].unit_code.as_deref(), Some(UNIT));
}

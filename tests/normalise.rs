//! One test per normalisation case: a clean submission built in the test with
//! one value typed the way real units type it (or one layout quirk), run
//! through the real pipeline, and the value reaching the unit's record
//! correctly, from the right cell, with no diagnostic at all.
//!
//! The base submission and its cell addresses are described in
//! `tests/common/build.rs`.

mod common;

use common::build::*;
use huizong::check::FileResult;
use huizong::form::{SHEET_BASIC, SHEET_INDICATORS, SHEET_LEDGER};
use huizong::ingest::RawValue;
use huizong::plan::{BasicField, ValueKind};
use huizong::render::submission::{excel_serial, CellInput};

fn text(t: &str) -> CellInput {
    CellInput::text(t)
}

/// The cell of an indicator's 本季度完成 in the base layout.
fn value_cell(code: &str) -> String {
    let n = BASE_VALUES
        .iter()
        .position(|(c, _)| *c == code)
        .expect("plan code");
    format!("{SHEET_INDICATORS}!E{}", 5 + n)
}

/// `input` typed as the 本季度完成 of `code` reads as `expected`, cleanly.
fn value_reads_as(code: &str, input: CellInput, expected: f64) -> FileResult {
    let mut sub = base();
    sub.value(code, input.clone());
    let result = sub.check();
    assert_clean(&result);
    assert_eq!(
        recorded(&result, code),
        Some((expected, value_cell(code))),
        "{code} typed as {input:?}"
    );
    result
}

/// `input` typed as 填报日期 reads as `expected`, cleanly.
fn report_date_reads_as(input: CellInput, expected: &str) {
    let mut sub = base();
    sub.basic(BasicField::ReportDate, input.clone());
    let result = sub.check();
    assert_clean(&result);
    let (date_read, cell) = result.record.unwrap().report_date.unwrap();
    assert_eq!(date_read, date(expected), "{input:?}");
    assert_eq!(cell.to_string(), "基本情况!B13");
}

/// `input` typed as 季度 is read as the first quarter: no diagnostic.
fn quarter_reads_as_first(input: CellInput) {
    let mut sub = base();
    sub.basic(BasicField::Quarter, input.clone());
    assert_clean(&sub.check());
    // The same file checked as the second quarter: the quarter was understood as 1.
    let result = sub.check_as(q(2011, 2));
    let mismatch: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.rule == "PERIOD_MISMATCH")
        .collect();
    assert_eq!(
        mismatch.len(),
        1,
        "{input:?}: {}",
        list(&result.diagnostics)
    );
    assert_eq!(
        mismatch[0].message,
        "季度：填写为第1季度，本次审核的是第二季度"
    );
}

// ---------------------------------------------------------------------------
// Numbers.

#[test]
fn count_stored_as_text() {
    value_reads_as("A08", text("12"), 12.0);
}

#[test]
fn ledger_backed_count_stored_as_text_still_matches_its_ledger() {
    value_reads_as("A01", text("2"), 2.0);
}

#[test]
fn count_in_full_width_digits() {
    value_reads_as("A08", text("１２"), 12.0);
    value_reads_as("A01", text("２"), 2.0);
}

#[test]
fn count_with_trailing_spaces_and_nbsp() {
    for typed in ["12 ", "12\u{a0}", " 12\u{3000}", "\u{a0}12\u{a0}\u{a0}"] {
        value_reads_as("A08", text(typed), 12.0);
    }
}

#[test]
fn count_with_thousands_separator() {
    value_reads_as("A08", text("1,234"), 1234.0);
    value_reads_as("A08", text("１，２３４"), 1234.0);
}

#[test]
fn decimal_with_thousands_separator_and_two_places() {
    assert_eq!(kind_of("D03"), ValueKind::Decimal);
    value_reads_as("D03", text("1,234.50"), 1234.5);
    value_reads_as("D03", CellInput::Number(12.345_000_001), 12.35);
}

#[test]
fn percent_as_fraction() {
    assert_eq!(kind_of("B06"), ValueKind::Percent);
    value_reads_as("B06", CellInput::Number(0.955), 95.5);
}

#[test]
fn percent_as_number() {
    value_reads_as("B06", CellInput::Number(95.5), 95.5);
}

#[test]
fn percent_as_text_with_percent_sign() {
    value_reads_as("B06", text("95.5%"), 95.5);
}

#[test]
fn percent_as_text_with_full_width_percent_sign() {
    value_reads_as("B06", text("95.5％"), 95.5);
    value_reads_as("B06", text("９５．５％"), 95.5);
}

#[test]
fn chinese_numeral_san() {
    value_reads_as("A08", text("三"), 3.0);
}

#[test]
fn chinese_numeral_shi_er() {
    value_reads_as("A08", text("十二"), 12.0);
}

#[test]
fn formula_with_cached_value_uses_the_value() {
    value_reads_as(
        "A08",
        CellInput::Formula {
            formula: "=E7*2".into(),
            cached: "76".into(),
        },
        76.0,
    );
}

#[test]
fn member_count_as_text_and_phone_as_number() {
    let mut sub = base();
    sub.basic(BasicField::MemberCount, text(" ４０ "));
    sub.basic(BasicField::Phone, CellInput::Number(13_912_345_678.0));
    let result = sub.check();
    assert_clean(&result);
    let (members, cell) = &result.record.unwrap().fields[&BasicField::MemberCount];
    assert_eq!((*members, cell.a1()), (40.0, "B8".to_string()));
}

// ---------------------------------------------------------------------------
// Dates.

#[test]
fn report_date_as_excel_serial() {
    report_date_reads_as(CellInput::Date(date("2011-03-05")), "2011-03-05");
}

#[test]
fn report_date_as_serial_in_a_general_cell() {
    let sub = base();
    let serial = excel_serial(date("2011-03-05"));
    assert_eq!(serial, 40607.0);
    let bytes = rewrite(&sub.bytes(), |raw| {
        set_raw(raw, SHEET_BASIC, "B13", Some(RawValue::Number(serial)));
    });
    let raw = read(&bytes);
    let basic = raw.sheets.iter().find(|s| s.name == SHEET_BASIC).unwrap();
    let b13 = basic
        .cells
        .iter()
        .find(|c| (c.row, c.col) == (12, 1))
        .unwrap();
    assert_eq!(
        b13.value,
        RawValue::Number(40607.0),
        "a plain number, not a date cell"
    );
    let result = check_bytes(sub.quarter, &sub.file, &bytes);
    assert_clean(&result);
    let (read, cell) = result.record.unwrap().report_date.unwrap();
    assert_eq!((read, cell.a1()), (date("2011-03-05"), "B13".to_string()));
}

#[test]
fn report_date_as_text_with_dashes() {
    report_date_reads_as(text("2011-3-5"), "2011-03-05");
}

#[test]
fn report_date_as_text_with_slashes() {
    report_date_reads_as(text("2011/03/05"), "2011-03-05");
}

#[test]
fn report_date_as_text_with_dots() {
    report_date_reads_as(text("2011.3.5"), "2011-03-05");
}

#[test]
fn report_date_as_chinese_text() {
    report_date_reads_as(text("2011年3月5日"), "2011-03-05");
}

#[test]
fn ledger_dates_typed_every_way() {
    let mut sub = base();
    let forms = [
        "2011-3-5",
        "2011/03/05",
        "2011.3.5",
        "2011年3月5日",
        "２０１１－３－５",
    ];
    for (i, form) in forms.iter().enumerate() {
        sub.ledger_cell(i, 0, text(form));
    }
    let result = sub.check();
    assert_clean(&result);
    // And one outside the quarter, to show the text dates are really read.
    let last = forms.len();
    sub.ledger_cell(last, 0, text("2011年4月5日"));
    let result = sub.check();
    assert_one(
        &result,
        "LEDGER_DATE",
        huizong::plan::Severity::Error,
        Some(SHEET_LEDGER),
        Some(&ledger_a1(last, 'B')),
    );
}

// ---------------------------------------------------------------------------
// 季度, 是/否, 单位代码.

#[test]
fn quarter_as_yi_jidu() {
    quarter_reads_as_first(text("一季度"));
}

#[test]
fn quarter_as_di_yi_jidu() {
    quarter_reads_as_first(text("第一季度"));
}

#[test]
fn quarter_as_q1() {
    quarter_reads_as_first(text("Q1"));
}

#[test]
fn quarter_as_number_1() {
    quarter_reads_as_first(CellInput::Number(1.0));
    quarter_reads_as_first(text("1"));
}

#[test]
fn yes_as_shi() {
    assert_eq!(kind_of("D04"), ValueKind::YesNo);
    value_reads_as("D04", text("是"), 1.0);
}

#[test]
fn no_as_fou() {
    value_reads_as("D04", text("否"), 0.0);
}

#[test]
fn yes_as_check_mark() {
    value_reads_as("D04", text("√"), 1.0);
}

#[test]
fn no_as_cross() {
    value_reads_as("D04", text("×"), 0.0);
}

#[test]
fn unit_code_105_as_a_number_matches_0105() {
    let mut sub = base();
    sub.basic(BasicField::UnitCode, CellInput::Number(105.0));
    let result = sub.check();
    assert_clean(&result);
    assert_eq!(result.unit.as_deref(), Some("0105"));
}

// ---------------------------------------------------------------------------
// Labels and layout.

#[test]
fn labels_with_stray_spaces_and_full_width_colon() {
    let mut sub = base();
    sub.layout.noisy_labels = true;
    let result = sub.check();
    assert_clean(&result);
    let record = result.record.unwrap();
    assert_eq!(record.fields[&BasicField::MemberCount].0, 40.0);
    assert_eq!(record.report_date.unwrap().0, date("2011-04-08"));
}

#[test]
fn labels_with_full_width_characters() {
    let sub = base();
    let bytes = rewrite(&sub.bytes(), |raw| {
        for (a1, label) in [
            ("A5", "单位代码："),
            ("A7", " 季　度 "),
            ("A8", "＊党员总数："),
            ("A12", "联 系 电 话"),
            ("A13", "填报日期\u{3000}"),
        ] {
            set_raw(raw, SHEET_BASIC, a1, Some(RawValue::Text(label.into())));
        }
        set_raw(
            raw,
            SHEET_INDICATORS,
            "B4",
            Some(RawValue::Text("指标　编码".into())),
        );
        set_raw(
            raw,
            SHEET_INDICATORS,
            "E4",
            Some(RawValue::Text("本季度完成：".into())),
        );
        set_raw(
            raw,
            SHEET_LEDGER,
            "F3",
            Some(RawValue::Text("实到人数 ".into())),
        );
    });
    let result = check_bytes(sub.quarter, &sub.file, &bytes);
    assert_clean(&result);
    let record = result.record.as_ref().unwrap();
    assert_eq!(record.fields[&BasicField::MemberCount].0, 40.0);
    assert_eq!(recorded(&result, "A08"), Some((60.0, value_cell("A08"))));
    assert_eq!(record.ledger_counts.values().sum::<usize>(), 17);
}

#[test]
fn column_inserted_left_of_the_indicators() {
    let mut sub = base();
    sub.layout.inserted_column = true;
    let result = sub.check();
    assert_clean(&result);
    assert_eq!(
        recorded(&result, "A08"),
        Some((60.0, format!("{SHEET_INDICATORS}!F12")))
    );
}

/// Swaps two columns (A1 letters) of a raw sheet, header and data alike.
fn swap_columns(raw: &mut huizong::ingest::RawWorkbook, sheet: &str, a: u32, b: u32) {
    let sheet = sheet_mut(raw, sheet);
    for cell in &mut sheet.cells {
        if cell.col == a {
            cell.col = b;
        } else if cell.col == b {
            cell.col = a;
        }
    }
    sheet.cells.sort_by_key(|c| (c.row, c.col));
}

#[test]
fn columns_moved_in_indicators_and_ledger() {
    let sub = base();
    let bytes = rewrite(&sub.bytes(), |raw| {
        // 本季度完成 (E) and 说明 (F); 应到人数 (E) and 实到人数 (F).
        swap_columns(raw, SHEET_INDICATORS, 4, 5);
        swap_columns(raw, SHEET_LEDGER, 4, 5);
    });
    let result = check_bytes(sub.quarter, &sub.file, &bytes);
    // Read by position, every ledger row would have 实到 12 > 应到 10.
    assert_clean(&result);
    assert_eq!(
        recorded(&result, "A08"),
        Some((60.0, format!("{SHEET_INDICATORS}!F12")))
    );
}

#[test]
fn rows_inserted_above_the_indicator_header() {
    let mut sub = base();
    sub.layout.inserted_rows = 2;
    let result = sub.check();
    assert_clean(&result);
    assert_eq!(
        recorded(&result, "A08"),
        Some((60.0, format!("{SHEET_INDICATORS}!E14")))
    );
}

#[test]
fn rows_inserted_inside_the_indicator_table_and_the_ledger() {
    let sub = base();
    let bytes = rewrite(&sub.bytes(), |raw| {
        // A blank row between A05 (row 9) and A06, and one above the first ledger entry.
        insert_row(raw, SHEET_INDICATORS, 9);
        insert_row(raw, SHEET_LEDGER, 3);
    });
    let result = check_bytes(sub.quarter, &sub.file, &bytes);
    assert_clean(&result);
    assert_eq!(
        recorded(&result, "A05"),
        Some((3.0, format!("{SHEET_INDICATORS}!E9")))
    );
    assert_eq!(
        recorded(&result, "A08"),
        Some((60.0, format!("{SHEET_INDICATORS}!E13")))
    );
    assert_eq!(
        result.record.unwrap().ledger_counts.values().sum::<usize>(),
        17
    );
}

#[test]
fn column_inserted_left_of_basic_and_ledger() {
    let mut sub = base();
    let i = ledger_index(&sub, "支部委员会");
    sub.ledger_cell(i, 4, CellInput::Number(13.0));
    let bytes = rewrite(&sub.bytes(), |raw| {
        insert_column(raw, SHEET_BASIC, 0);
        insert_column(raw, SHEET_LEDGER, 0);
    });
    let result = check_bytes(sub.quarter, &sub.file, &bytes);
    // The one planted problem, one column to the right (F → G).
    let cell = ledger_a1(i, 'G');
    assert_one(
        &result,
        "LEDGER_ATTENDANCE",
        huizong::plan::Severity::Error,
        Some(SHEET_LEDGER),
        Some(&cell),
    );
    let record = result.record.unwrap();
    let (members, at) = &record.fields[&BasicField::MemberCount];
    assert_eq!((*members, at.a1()), (40.0, "C8".to_string()));
    assert_eq!(record.report_date.unwrap().1.a1(), "C13");
    assert_eq!(record.ledger_counts.values().sum::<usize>(), 17);
}

#[test]
fn extra_sheet() {
    let mut sub = base();
    sub.layout.extra_sheet = Some(("计算表".into(), "本单位自用的计算表".into()));
    let result = sub.check();
    assert_clean(&result);
    assert_eq!(recorded(&result, "A08"), Some((60.0, value_cell("A08"))));
}

#[test]
fn hidden_ledger_row_still_counts() {
    let mut sub = base();
    let i = ledger_index(&sub, "中心组学习");
    sub.fill.ledger[i].hidden = true;
    sub.fill.ledger[i + 1].hidden = true;
    let bytes = sub.bytes();
    let xml = common::part(&bytes, &sheet_part(&bytes, SHEET_LEDGER));
    assert_eq!(xml.matches("hidden=\"1\"").count(), 2, "two hidden rows");
    let result = check_bytes(sub.quarter, &sub.file, &bytes);
    // Not counting them would make A01 = 2 unsupported by the ledger.
    assert_clean(&result);
    assert_eq!(result.record.unwrap().ledger_counts["中心组学习"], 2);
}

#[test]
fn merged_note_cells() {
    let mut sub = base();
    sub.layout.merged_notes = Some((0, 3));
    let note = "本季度学习安排见附件";
    let a01 = sub.fill.indicators["A01"].0.clone();
    sub.fill
        .indicators
        .insert("A01".into(), (a01, CellInput::text(note)));
    let result = sub.check();
    assert_clean(&result);
    for code in ["A01", "A02", "A03", "A04", "A05"] {
        let value = BASE_VALUES.iter().find(|(c, _)| *c == code).unwrap().1;
        assert_eq!(recorded(&result, code), Some((value, value_cell(code))));
    }
    // Every row of the merged region shows the merged text.
    let submission = sub.extract();
    let rows = &submission.indicators.unwrap().rows;
    for row in &rows[0..4] {
        let shown = row.note.as_ref().and_then(|n| n.value.clone());
        assert_eq!(shown, Some(RawValue::Text(note.into())), "{}", row.code);
    }
    assert_eq!(rows[4].note.as_ref().unwrap().value, None);
}

#[test]
fn sheets_in_another_order() {
    let mut sub = base();
    sub.layout.reorder_sheets = true;
    let result = sub.check();
    assert_clean(&result);
    assert_eq!(recorded(&result, "A08"), Some((60.0, value_cell("A08"))));
    assert_eq!(
        result.record.unwrap().fields[&BasicField::MemberCount].0,
        40.0
    );
}

#[test]
fn sheet_renamed_is_found_by_its_content() {
    let sub = base();
    let bytes = rewrite(&sub.bytes(), |raw| {
        sheet_mut(raw, SHEET_BASIC).name = "Sheet1".into();
    });
    let result = check_bytes(sub.quarter, &sub.file, &bytes);
    assert_clean(&result);
    let (members, cell) = &result.record.unwrap().fields[&BasicField::MemberCount];
    assert_eq!(
        (*members, cell.to_string()),
        (40.0, "Sheet1!B8".to_string())
    );
}

/// Regression: a cell holding only a zero-width space or a byte-order mark
/// (pasted from a web page or a chat) looks empty and is empty; it was taken
/// as filled and reported as “填写为“​”，应为整数”.
#[test]
fn cell_with_only_invisible_characters_is_blank() {
    let mut sub = base();
    sub.value("A08", text("\u{200B}"));
    sub.basic(BasicField::Phone, text("\u{FEFF} \u{200B}"));
    let result = sub.check();
    let rules: Vec<_> = result
        .diagnostics
        .iter()
        .map(|d| (d.rule.as_str(), d.location(), d.message.as_str()))
        .collect();
    assert_eq!(
        rules,
        [
            (
                "FIELD_REQUIRED",
                "基本情况!B12".to_string(),
                "联系电话：未填写"
            ),
            (
                "FIELD_REQUIRED",
                "指标完成情况!E12".to_string(),
                "党员走访群众：未填写"
            ),
        ],
        "{}",
        list(&result.diagnostics)
    );
}

/// A unit merges the 活动类别 and 负责人 cells of two activities of the same
/// kind: both rows show the merged value. The lean read of `check` (regions
/// read only when a lookup meets an empty cell) must read the ledger's
/// regions here; `check_bytes` also compares it with the full read.
#[test]
fn merged_ledger_cells() {
    let sub = base();
    let i = ledger_index(&sub, "中心组学习");
    assert_eq!(
        sub.fill.ledger[i + 1].cells[1],
        CellInput::text("中心组学习"),
        "two 中心组学习 rows in a row"
    );
    let before = sub.check().record.unwrap().ledger_counts["中心组学习"];
    let row = (i + 3) as u32; // 0-based sheet row of ledger entry i
    let bytes = rewrite(&sub.bytes(), |raw| {
        set_raw(raw, SHEET_LEDGER, &ledger_a1(i + 1, 'C'), None);
        set_raw(raw, SHEET_LEDGER, &ledger_a1(i + 1, 'G'), None);
        let ledger = sheet_mut(raw, SHEET_LEDGER);
        ledger.merged.push((row, 2, row + 1, 2));
        ledger.merged.push((row, 6, row + 1, 6));
    });
    let xml = common::part(&bytes, &sheet_part(&bytes, SHEET_LEDGER));
    assert!(xml.contains(&format!("<mergeCell ref=\"C{}:C{}\"/>", row + 1, row + 2)));
    let result = check_bytes(sub.quarter, &sub.file, &bytes);
    assert_clean(&result);
    assert_eq!(result.record.unwrap().ledger_counts["中心组学习"], before);
}

/// The documented difference of the lean read: with no 说明 written at all, a
/// 本季度完成 merged across into the 说明 column is not also read as the 说明
/// (the figure itself is read the same).
#[test]
fn value_merged_into_an_empty_note_column() {
    use huizong::ingest::{extract, read_submission, read_workbook, Limits};
    let sub = base();
    let row = 4; // 0-based sheet row of A01 (E5)
    let bytes = rewrite(&sub.bytes(), |raw| {
        sheet_mut(raw, SHEET_INDICATORS)
            .merged
            .push((row, 4, row, 5));
    });
    let lean = read_submission(&bytes, &Limits::default()).unwrap();
    let full = extract(&read_workbook(&bytes, &Limits::default()).unwrap());
    let a01 = |s: &huizong::ingest::Submission| s.indicators.clone().unwrap().rows[0].clone();
    let (lean, full) = (a01(&lean), a01(&full));
    assert_eq!(lean.code, "A01");
    assert_eq!(lean.value, full.value);
    assert_eq!(lean.value.value, Some(RawValue::Number(2.0)));
    assert_eq!(full.note.unwrap().value, Some(RawValue::Number(2.0)));
    assert_eq!(lean.note.unwrap().value, None);
}

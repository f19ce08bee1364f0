//! The official table style's body cells, byte for byte: every kind of row
//! (a full row, a row of blanks, a short row, empty texts) against the XML
//! the writer must produce.

mod common;

use common::part;
use huizong::render::table::{
    add_official_sheet, finish, new_workbook, Column, OfficialSheet, Row, RowKind, Value,
};

fn sheet() -> OfficialSheet {
    OfficialSheet {
        name: "表".to_string(),
        title: "标题".to_string(),
        authority: "市卫生健康委".to_string(),
        measure: String::new(),
        date: "2011年4月8日".to_string(),
        columns: ["序号", "代码", "单位", "次数", "万元", "比例"]
            .iter()
            .map(|h| Column::new(*h, 8.0))
            .collect(),
        rows: vec![
            Row::new(
                RowKind::Body,
                vec![
                    Value::Int(1.0),
                    Value::text("0101"),
                    Value::text("单位甲"),
                    Value::Int(5.0),
                    Value::Dec2(1.5),
                    Value::Percent(0.5),
                ],
            ),
            Row::new(RowKind::Body, vec![Value::Blank; 6]),
            Row::new(RowKind::Warning, vec![Value::Blank, Value::text("0102")]),
            Row::new(RowKind::Error, Vec::new()),
            Row::new(
                RowKind::Total,
                vec![
                    Value::text(""),
                    Value::text(""),
                    Value::text("合计"),
                    Value::Int(5.0),
                    Value::Blank,
                    Value::Percent(0.5),
                ],
            ),
            Row::new(
                RowKind::Subtotal,
                vec![
                    Value::Dec1(2.5),
                    Value::Dec1(3.5),
                    Value::Blank,
                    Value::Int(1.0),
                    Value::Int(2.0),
                    Value::Blank,
                    Value::text("多出的一列不写"),
                ],
            ),
        ],
        notes: Vec::new(),
        freeze_columns: 0,
        landscape: false,
        autofilter: false,
    }
}

fn sheet_data() -> String {
    let date = chrono::NaiveDate::from_ymd_opt(2011, 4, 8).unwrap();
    let mut workbook = new_workbook("标题", "作者", "单位", date).unwrap();
    add_official_sheet(&mut workbook, &sheet()).unwrap();
    let bytes = finish(workbook).unwrap();
    let xml = part(&bytes, "xl/worksheets/sheet1.xml");
    let start = xml.find("<row r=\"4\"").expect("body starts on row 4");
    let end = xml.find("<row r=\"12\"").expect("signature row");
    xml[start..end].to_string()
}

#[test]
fn body_rows_of_every_kind_byte_for_byte() {
    let expected = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/official_table_body.xml"
    ))
    .unwrap();
    assert_eq!(sheet_data(), expected.trim_end());
}

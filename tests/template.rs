//! Templates: read back with calamine at exact cells, and the xlsx parts carry
//! validations, protection, print setup and the fingerprint.

mod common;

use calamine::{Data, Reader, SheetVisible};
use common::*;
use huizong::plan::{default_plan, Quarter};
use huizong::render::submission::write_template;

fn q1() -> Quarter {
    Quarter::new(2011, 1).unwrap()
}

fn template_bytes(code: &str) -> Vec<u8> {
    let plan = default_plan().unwrap();
    let unit = plan.unit(code).unwrap();
    write_template(&plan, unit, q1()).unwrap().bytes
}

#[test]
fn sheets_in_order_with_a_very_hidden_fingerprint_sheet() {
    let book = open(&template_bytes("0105"));
    let sheets: Vec<(String, SheetVisible)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible))
        .collect();
    assert_eq!(
        sheets,
        vec![
            ("填报说明".to_string(), SheetVisible::Visible),
            ("基本情况".to_string(), SheetVisible::Visible),
            ("指标完成情况".to_string(), SheetVisible::Visible),
            ("活动台帐".to_string(), SheetVisible::Visible),
            ("_huizong".to_string(), SheetVisible::VeryHidden),
        ]
    );
}

#[test]
fn basic_sheet_labels_and_prefilled_values() {
    let mut book = open(&template_bytes("0105"));
    let s = "基本情况";
    assert_eq!(
        cell(&mut book, s, "A1"),
        Data::String("2011年第一季度基本情况".into())
    );
    assert_eq!(cell(&mut book, s, "A3"), Data::String("项目".into()));
    assert_eq!(cell(&mut book, s, "B3"), Data::String("填报内容".into()));
    let labels = [
        "填报单位",
        "单位代码",
        "年度",
        "季度",
        "党员总数",
        "领导干部人数",
        "党支部数",
        "填报人",
        "联系电话",
        "填报日期",
        "单位负责人",
    ];
    for (i, label) in labels.iter().enumerate() {
        assert_eq!(
            cell(&mut book, s, &format!("A{}", 4 + i)),
            Data::String(label.to_string())
        );
    }
    assert_eq!(
        cell(&mut book, s, "B4"),
        Data::String("市中医院党委".into())
    );
    // The code is text: its leading zero survives.
    assert_eq!(cell(&mut book, s, "B5"), Data::String("0105".into()));
    assert_eq!(cell(&mut book, s, "B6"), Data::Float(2011.0));
    assert_eq!(cell(&mut book, s, "B7"), Data::Float(1.0));
    for row in 8..=14 {
        assert_eq!(
            cell(&mut book, s, &format!("B{row}")),
            Data::Empty,
            "B{row} is for the unit"
        );
    }
}

#[test]
fn indicator_rows_in_plan_order_at_exact_cells() {
    let plan = default_plan().unwrap();
    let mut book = open(&template_bytes("0105"));
    let s = "指标完成情况";
    let header: Vec<Data> = ["A4", "B4", "C4", "D4", "E4", "F4"]
        .iter()
        .map(|a1| cell(&mut book, s, a1))
        .collect();
    assert_eq!(
        header,
        [
            "序号",
            "指标编码",
            "指标名称",
            "计量单位",
            "本季度完成",
            "说明"
        ]
        .map(|t| Data::String(t.into()))
        .to_vec()
    );
    assert_eq!(cell(&mut book, s, "B2"), Data::Empty);
    assert_eq!(
        cell(&mut book, s, "A2"),
        Data::String("填报单位：市中医院党委（0105）".into())
    );
    for (i, indicator) in plan.indicators.iter().enumerate() {
        let row = 5 + i;
        assert_eq!(
            cell(&mut book, s, &format!("A{row}")),
            Data::Float((i + 1) as f64)
        );
        assert_eq!(
            cell(&mut book, s, &format!("B{row}")),
            Data::String(indicator.code.clone())
        );
        assert_eq!(
            cell(&mut book, s, &format!("C{row}")),
            Data::String(indicator.name.clone())
        );
        let measure = if indicator.measure.is_empty() {
            Data::Empty
        } else {
            Data::String(indicator.measure.clone())
        };
        assert_eq!(cell(&mut book, s, &format!("D{row}")), measure, "D{row}");
        assert_eq!(cell(&mut book, s, &format!("E{row}")), Data::Empty);
    }
    // 党课 (A07) sits at row 11, as the check messages will cite it.
    assert_eq!(cell(&mut book, s, "C11"), Data::String("党课".into()));
    assert_eq!(cell(&mut book, s, "B37"), Data::String("E03".into()));
    assert_eq!(cell(&mut book, s, "B38"), Data::Empty);
}

#[test]
fn ledger_header_and_formatted_empty_rows() {
    let bytes = template_bytes("0101");
    let mut book = open(&bytes);
    let s = "活动台帐";
    let header: Vec<Data> = ["A3", "B3", "C3", "D3", "E3", "F3", "G3", "H3"]
        .iter()
        .map(|a1| cell(&mut book, s, a1))
        .collect();
    assert_eq!(
        header,
        [
            "序号",
            "日期",
            "活动类别",
            "活动主题",
            "应到人数",
            "实到人数",
            "负责人",
            "备注"
        ]
        .map(|t| Data::String(t.into()))
        .to_vec()
    );
    // 300 formatted blank rows (4..=303) carry a style: they are in the sheet XML.
    let xml = part(&bytes, "xl/worksheets/sheet4.xml");
    assert!(xml.contains("<c r=\"H303\" s="), "row 303 formatted");
    assert!(!xml.contains("<c r=\"H304\""), "no row past 303");
}

#[test]
fn fingerprint_sheet_and_ledger_list() {
    let plan = default_plan().unwrap();
    let mut book = open(&template_bytes("0105"));
    let s = "_huizong";
    let pairs = [
        ("模板版本", "1"),
        ("计划年度", "2011"),
        ("计划版本", "2011.1"),
        ("计划指纹", plan.short_hash()),
        ("单位代码", "0105"),
        ("季度", "2011Q1"),
    ];
    for (i, (key, value)) in pairs.iter().enumerate() {
        assert_eq!(
            cell(&mut book, s, &format!("A{}", i + 2)),
            Data::String(key.to_string())
        );
        assert_eq!(
            cell(&mut book, s, &format!("B{}", i + 2)),
            Data::String(value.to_string())
        );
    }
    for (i, category) in plan.ledger_categories.iter().enumerate() {
        assert_eq!(
            cell(&mut book, s, &format!("D{}", i + 2)),
            Data::String(category.clone())
        );
    }
    let mut names: Vec<(String, String)> = book
        .defined_names()
        .iter()
        .filter(|(name, _)| !name.starts_with("_xlnm."))
        .cloned()
        .collect();
    names.sort();
    // The fingerprint again, as text constants: read without the sheet.
    let mut expected: Vec<(String, String)> = [
        ("_huizong.template_version", "1"),
        ("_huizong.plan_year", "2011"),
        ("_huizong.plan_version", "2011.1"),
        ("_huizong.plan_hash", plan.short_hash()),
        ("_huizong.unit_code", "0105"),
        ("_huizong.quarter", "2011Q1"),
    ]
    .iter()
    .map(|(name, value)| (name.to_string(), format!("\"{value}\"")))
    .collect();
    expected.push((
        "台帐类别清单".to_string(),
        "_huizong!$D$2:$D$14".to_string(),
    ));
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn data_validations_with_chinese_messages() {
    let bytes = template_bytes("0105");
    let basic = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(basic.contains("<dataValidations count=\"7\">"), "{basic}");
    // 党员总数 (B8): whole number ≥ 1 with a Chinese prompt and stop alert.
    assert!(basic.contains(
        "<dataValidation type=\"whole\" operator=\"greaterThanOrEqual\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" errorTitle=\"输入有误\" error=\"党员总数应为不小于 1 的整数，请重新输入。\" promptTitle=\"党员总数\" prompt=\"请输入不小于 1 的整数。\" sqref=\"B8\"><formula1>1</formula1>"
    ));
    // 填报日期 (B13): a date from the quarter's start, warning style.
    assert!(basic.contains("type=\"date\" errorStyle=\"warning\" allowBlank=\"1\""));
    assert!(basic.contains("sqref=\"B13\"><formula1>40544</formula1><formula2>40725</formula2>"));
    // 联系电话 (B12): text length hint.
    assert!(basic.contains("type=\"textLength\""));
    assert!(basic.contains("座机填区号和号码，如 0517-83601234"));

    let indicators = part(&bytes, "xl/worksheets/sheet3.xml");
    assert!(indicators.contains("<dataValidations count=\"33\">"));
    // 党课 E11: whole ≥ 0, the target in the prompt.
    assert!(indicators.contains("promptTitle=\"A07 党课\" prompt=\"填本季度完成数（整数，单位：次），未开展填 0。考核要求：每季度不少于1次。\" sqref=\"E11\"><formula1>0</formula1>"));
    // 群众满意度 E22: decimal 0–100.
    assert!(indicators.contains("type=\"decimal\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" errorTitle=\"输入有误\" error=\"请输入 0 到 100 之间的数，如 95.5。\" promptTitle=\"B06 群众满意度\""));
    assert!(indicators.contains("sqref=\"E22\"><formula1>0</formula1><formula2>100</formula2>"));
    // 岗位聘用制度已建立 E34: 是/否 list.
    assert!(indicators.contains("sqref=\"E34\"><formula1>\"是,否\"</formula1>"));

    let ledger = part(&bytes, "xl/worksheets/sheet4.xml");
    assert!(ledger.contains("<dataValidations count=\"4\">"));
    assert!(
        ledger.contains("sqref=\"B4:B5003\"><formula1>40544</formula1><formula2>40633</formula2>")
    );
    assert!(ledger.contains("sqref=\"C4:C5003\"><formula1>台帐类别清单</formula1>"));
    assert!(ledger.contains("sqref=\"F4:F5003\"><formula1>AND(ISNUMBER(F4),F4&gt;=0,INT(F4)=F4,OR(E4=\"\",F4&lt;=E4))</formula1>"));
}

#[test]
fn sheets_are_protected_without_password_and_input_cells_unlocked() {
    let bytes = template_bytes("0105");
    for (sheet, rows) in [("sheet2", false), ("sheet3", false), ("sheet4", true)] {
        let xml = part(&bytes, &format!("xl/worksheets/{sheet}.xml"));
        let protection = xml
            .split("<sheetProtection")
            .nth(1)
            .and_then(|s| s.split("/>").next())
            .unwrap_or_else(|| panic!("{sheet} protected"));
        assert!(!protection.contains("password"), "{sheet}: no password");
        assert!(protection.contains("sheet=\"1\""));
        assert!(protection.contains("formatColumns=\"0\""));
        assert_eq!(
            protection.contains("insertRows=\"0\""),
            rows,
            "{sheet}: insert rows"
        );
    }
    let styles = part(&bytes, "xl/styles.xml");
    assert!(
        styles.contains("<protection locked=\"0\"/>"),
        "input cells unlocked"
    );
    assert!(
        styles.contains("<fgColor rgb=\"FFFFF2CC\"/>"),
        "input cells highlighted"
    );
}

#[test]
fn print_setup_frozen_headers_and_fonts() {
    let bytes = template_bytes("0105");
    let indicators = part(&bytes, "xl/worksheets/sheet3.xml");
    assert!(indicators
        .contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"portrait\""));
    assert!(indicators.contains(
        "<pane ySplit=\"4\" topLeftCell=\"A5\" activePane=\"bottomLeft\" state=\"frozen\"/>"
    ));
    assert!(indicators
        .contains("<oddFooter>&amp;C&amp;\"宋体\"&amp;9第 &amp;P 页 共 &amp;N 页</oddFooter>"));
    let ledger = part(&bytes, "xl/worksheets/sheet4.xml");
    assert!(
        ledger.contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"")
    );
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"2\">指标完成情况!$4:$4</definedName>"));
    assert!(workbook
        .contains("<sheet name=\"_huizong\" sheetId=\"5\" state=\"veryHidden\" r:id=\"rId5\"/>"));
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("<name val=\"宋体\"/>"));
    assert!(styles.contains("<name val=\"黑体\"/>"));
}

#[test]
fn templates_are_byte_identical_across_runs() {
    assert_eq!(template_bytes("0203"), template_bytes("0203"));
    let core = part(&template_bytes("0203"), "docProps/core.xml");
    assert!(core.contains(
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2011-01-01T00:00:00Z</dcterms:created>"
    ));
}

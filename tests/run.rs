//! `huizong run`: aggregates equal the sample generator's own totals, the
//! summary workbook reads back with 合计 = column sums, print setup is right,
//! outputs are byte-identical across runs, and OUT is replaced only whole.

mod common;

use calamine::{Data, Reader};
use common::*;
use huizong::aggregate::{accepted_records, aggregate, sources, values_of};
use huizong::check::check_inbox;
use huizong::plan::{default_plan, Quarter};
use sha2::Digest;

/// `huizong run INBOX --out OUT --as-of DATE`.
fn run_into(inbox: &std::path::Path, out: &std::path::Path, as_of: &str) -> (i32, String, String) {
    huizong(&[
        "run",
        inbox.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        as_of,
    ])
}

#[test]
fn aggregates_equal_the_generators_totals() {
    let plan = default_plan().unwrap();
    let mut earlier = Vec::new();
    for (n, as_of) in [(1, "2011-04-20"), (2, "2011-07-20")] {
        let quarter = Quarter::new(2011, n).unwrap();
        let results = checked_results(&plan, quarter, &samples().join(quarter.to_string()));
        let records: Vec<_> = earlier
            .iter()
            .map(
                |e: &std::collections::BTreeMap<String, (String, huizong::check::UnitRecord)>| {
                    e.iter().map(|(u, (_, r))| (u.clone(), r.clone())).collect()
                },
            )
            .collect();
        let report = check_inbox(&plan, quarter, &results, &records, as_of.parse().unwrap());
        let current = accepted_records(&results);
        let values: Vec<_> = earlier.iter().map(values_of).collect();
        let aggregates = aggregate(&plan, quarter, &report, &current, &values);
        let expected = expected(&quarter.to_string());
        for total in &aggregates.indicators {
            let want = expected["totals"][&total.code].as_f64().unwrap();
            assert_eq!(total.total, want, "{quarter} {}", total.code);
        }
        let accepted = expected["units"]
            .as_object()
            .unwrap()
            .values()
            .filter(|u| u["status"] == "已报" || u["status"] == "逾期")
            .count();
        assert_eq!(aggregates.units.len(), accepted);
        assert_eq!(
            aggregates.units.len() + aggregates.excluded.len(),
            plan.units.len()
        );
        // Every figure traces back to its file and cell.
        let a01 = sources(&aggregates, "A01");
        assert_eq!(a01.len(), accepted);
        assert_eq!(
            a01.iter().map(|s| s.value).sum::<f64>(),
            expected["totals"]["A01"].as_f64().unwrap()
        );
        let first = &a01[0];
        assert_eq!(
            first.file,
            format!("0101_市第一人民医院党委_{quarter}.xlsx")
        );
        assert_eq!(first.cell.sheet(), "指标完成情况");
        earlier.push(current);
    }
}

fn number(value: &Data) -> Option<f64> {
    match value {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

#[test]
fn summary_reads_back_with_totals_equal_to_column_sums() {
    let dir = temp_dir("run-summary");
    let out = dir.join("成果");
    let inbox = samples().join("2011Q1");
    let (code, stdout, stderr) = run_into(&inbox, &out, "2011-04-20");
    assert_eq!(code, 1, "returned units make exit 1: {stdout}{stderr}");
    assert!(stdout.contains("汇总 30 个单位"), "{stdout}");
    let bytes = std::fs::read(out.join("汇总表.xlsx")).unwrap();
    let mut book = open(&bytes);
    assert_eq!(
        book.sheet_names(),
        [
            "指标汇总",
            "各单位指标汇总",
            "按党组织汇总",
            "目标完成情况",
            "考核得分排名",
            "报送情况",
            "审核问题"
        ]
    );
    assert_eq!(
        cell(&mut book, "各单位指标汇总", "A1"),
        Data::String("2011年第一季度市直卫生系统党建工作情况汇总表".into())
    );
    assert_eq!(
        cell(&mut book, "各单位指标汇总", "A2"),
        Data::String("填报单位：中共淮安市卫生局委员会".into())
    );
    // The two-level header: groups in row 3 (merged), indicators in row 4,
    // the ungrouped columns merged down both rows (rows are written in
    // order, so a regression here loses whole header rows).
    for (a1, text) in [
        ("A3", "序号"),
        ("B3", "单位代码"),
        ("C3", "单位"),
        ("D3", "思想建设和组织建设"),
        ("P3", "创先争优和行风建设"),
        ("D4", "A01\n党委中心组集中学习（次）"),
        ("E4", "A02\n党员干部集中学习（次）"),
    ] {
        assert_eq!(
            cell(&mut book, "各单位指标汇总", a1),
            Data::String(text.into()),
            "各单位指标汇总!{a1}"
        );
    }
    assert_eq!(cell(&mut book, "各单位指标汇总", "A4"), Data::Empty);

    // 合计 row = sum of the unit rows (subtotal rows excluded), per count column.
    let plan = default_plan().unwrap();
    let expected = expected("2011Q1");
    let range = book.worksheet_range("各单位指标汇总").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let total_row = rows
        .iter()
        .find(|r| matches!(&r[2], Data::String(s) if s.starts_with("合计")))
        .expect("合计 row");
    assert_eq!(total_row[2], Data::String("合计（30 个单位）".into()));
    let unit_rows: Vec<&&[Data]> = rows
        .iter()
        .filter(|r| matches!(&r[1], Data::String(s) if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())))
        .collect();
    assert_eq!(unit_rows.len(), 30);
    for (i, indicator) in plan.indicators.iter().enumerate() {
        let col = 3 + i;
        if indicator.kind == huizong::plan::ValueKind::Count
            || indicator.kind == huizong::plan::ValueKind::Decimal
        {
            let sum: f64 = unit_rows.iter().filter_map(|r| number(&r[col])).sum();
            let total = number(&total_row[col]).unwrap();
            assert!(
                (sum - total).abs() < 1e-9,
                "{}: {sum} vs {total}",
                indicator.code
            );
            assert_eq!(
                total,
                expected["totals"][&indicator.code].as_f64().unwrap(),
                "{}",
                indicator.code
            );
        }
    }

    // Each category's units, in roster order, then its 小计 row counting
    // them; every accepted unit once, in the category the roster gives it.
    let mut listed = 0;
    let mut block: Vec<String> = Vec::new();
    let mut categories = Vec::new();
    for row in &rows {
        match (&row[1], &row[2]) {
            (Data::String(code), _) if unit_rows.iter().any(|r| std::ptr::eq(**r, *row)) => {
                block.push(code.clone());
            }
            (Data::Empty, Data::String(label)) if label.contains("小计（") => {
                let category = label.split("小计（").next().unwrap().to_string();
                assert_eq!(label, &format!("{category}小计（{} 个单位）", block.len()));
                let positions: Vec<usize> = block
                    .iter()
                    .map(|code| {
                        let unit = plan.unit(code).unwrap();
                        assert_eq!(unit.category, category, "{code}");
                        plan.unit_position(code).unwrap()
                    })
                    .collect();
                assert!(
                    positions.windows(2).all(|w| w[0] < w[1]),
                    "{category}: {block:?}"
                );
                listed += block.len();
                categories.push(category);
                block.clear();
            }
            _ => {}
        }
    }
    assert!(block.is_empty(), "units after the last 小计: {block:?}");
    assert_eq!(listed, 30);
    let mut roster_order: Vec<String> = Vec::new();
    for unit in &plan.units {
        if categories.contains(&unit.category) && !roster_order.contains(&unit.category) {
            roster_order.push(unit.category.clone());
        }
    }
    assert_eq!(categories, roster_order);
    assert!(categories.len() > 1, "{categories:?}");

    // Scores: ranked, and the units not scored listed with their status.
    let scores = book.worksheet_range("考核得分排名").unwrap();
    assert_eq!(scores.get_value((3, 0)), Some(&Data::Float(1.0)));
    let statuses: Vec<String> = scores
        .rows()
        .filter_map(|r| match &r[8] {
            Data::String(s) if s.ends_with("未评分") => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        statuses.len(),
        10,
        "8 returned and 2 missing units are listed, not scored"
    );

    // Print setup and layout, from the xlsx parts.
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">各单位指标汇总!$3:$4</definedName>"), "{workbook}");
    let sheet = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(
        sheet.contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\""),
        "A4 landscape, fit to width"
    );
    assert!(
        sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"),
        "fit to page"
    );
    assert!(
        sheet.contains("<oddFooter>&amp;C&amp;\"宋体\"&amp;9第 &amp;P 页 共 &amp;N 页</oddFooter>"),
        "footer"
    );
    assert!(sheet.contains("<pane xSplit=\"3\" ySplit=\"4\" topLeftCell=\"D5\" activePane=\"bottomRight\" state=\"frozen\"/>"), "frozen below the header");
    assert!(
        sheet.contains("<mergeCell ref=\"A1:AJ1\"/>"),
        "merged title over 36 columns"
    );
    let styles = part(&bytes, "xl/styles.xml");
    assert!(
        styles.contains("<name val=\"黑体\"/>") && styles.contains("<name val=\"宋体\"/>"),
        "Windows font names"
    );
    let targets = part(&bytes, "xl/worksheets/sheet4.xml");
    assert!(
        targets.contains("<conditionalFormatting") && targets.contains("未达标"),
        "达标/未达标 coloured"
    );

    // Same inputs, same bytes; the manifest lists every input and output.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let inputs = manifest["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 39);
    let first = &inputs[0];
    let file = inbox.join(first["file"].as_str().unwrap());
    assert_eq!(
        first["sha256"].as_str().unwrap(),
        huizong::inbox::hex(&sha2::Sha256::digest(std::fs::read(file).unwrap()))
    );
    assert_eq!(
        inputs
            .iter()
            .filter(|i| i["status"] == "重复未采用")
            .count(),
        1,
        "0204's first submission"
    );
    let outputs = manifest["outputs"].as_array().unwrap();
    let names: Vec<&str> = outputs
        .iter()
        .map(|o| o["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        names[..4],
        [
            "催报通知.docx",
            "关于2011年第一季度市直卫生系统党建工作情况的通报.docx",
            "审核报告.xlsx",
            "汇总表.xlsx"
        ]
    );
    assert_eq!(
        names.len(),
        4 + 8 + 7,
        "8 return notices, 7 annotated copies (one file is unreadable)"
    );
    assert!(names.contains(&"退回/0105_市中医院党委_2011Q1_退回通知.docx"));
    assert_eq!(
        outputs[3]["sha256"].as_str().unwrap(),
        huizong::inbox::hex(&sha2::Sha256::digest(&bytes))
    );
    assert_eq!(
        manifest["plan"]["sha256"].as_str().unwrap(),
        plan.source_sha256
    );

    let again = dir.join("再次");
    let (code, _, _) = run_into(&inbox, &again, "2011-04-20");
    assert_eq!(code, 1);
    for name in [
        "汇总表.xlsx",
        "审核报告.xlsx",
        "manifest.json",
        "关于2011年第一季度市直卫生系统党建工作情况的通报.docx",
        "催报通知.docx",
        "退回/0105_市中医院党委_2011Q1_退回通知.docx",
        "退回/0105_市中医院党委_2011Q1_退回修改.xlsx",
    ] {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(again.join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn out_is_replaced_whole_and_never_inside_the_inbox() {
    let dir = temp_dir("run-out");
    let inbox = samples().join("2011Q2");
    let out = dir.join("成果");
    let (code, _, stderr) = run_into(&inbox, &out, "2011-07-20");
    assert_eq!(code, 1, "{stderr}");
    std::fs::write(out.join("旧文件.txt"), "上次留下的").unwrap();
    let (code, _, stderr) = run_into(&inbox, &out, "2011-07-20");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        !out.join("旧文件.txt").exists(),
        "the old folder is replaced as a whole"
    );
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["成果"], "no temporary folders left behind");

    let foreign = dir.join("我的文档");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("工作总结.docx"), "x").unwrap();
    let (code, _, stderr) = run_into(&inbox, &foreign, "2011-07-20");
    assert_eq!(code, 2);
    assert!(stderr.contains("不是 huizong 以前的输出"), "{stderr}");
    assert!(foreign.join("工作总结.docx").exists());

    let copy = dir.join("收件箱").join("2011Q2");
    std::fs::create_dir_all(&copy).unwrap();
    let (code, _, stderr) = huizong(&[
        "run",
        copy.to_str().unwrap(),
        "--out",
        copy.join("成果").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("在收件箱"), "{stderr}");
}

#[test]
fn explain_traces_a_total_to_files_and_cells() {
    let inbox = samples().join("2011Q2");
    let (code, stdout, stderr) = huizong(&[
        "explain",
        inbox.to_str().unwrap(),
        "a10",
        "--as-of",
        "2011-07-20",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "A10 已办结意见建议：2011年第二季度合计 215条，为以下 38 个单位本季度完成数之和："
    );
    assert_eq!(
        lines[1],
        "  0101 市第一人民医院党委  6  0101_市第一人民医院党委_2011Q2.xlsx 指标完成情况!E14"
    );
    assert_eq!(
        lines[39],
        "未计入：0206 市职业病防治所党支部（退回）、0404 市卫生局机关第三党支部（未报）。"
    );
    let sum: f64 = lines[1..39]
        .iter()
        .map(|l| l.split_whitespace().nth(2).unwrap().parse::<f64>().unwrap())
        .sum();
    assert_eq!(sum, 215.0);
    let (code, _, stderr) = huizong(&["explain", inbox.to_str().unwrap(), "X1"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("指标编码“X1”不在计划中"), "{stderr}");
}

#[test]
fn annual_scores_the_year_and_proposes_commendations() {
    let dir = temp_dir("annual");
    let root = dir.join("收件箱");
    let plan = default_plan().unwrap();
    for q in ["2011Q1", "2011Q2"] {
        copy_samples(q, &root.join(q));
    }
    for n in [3, 4] {
        let quarter = Quarter::new(2011, n).unwrap();
        let inbox =
            huizong::sample::messy_inbox(&plan, quarter, huizong::sample::DEFAULT_SEED).unwrap();
        let to = root.join(quarter.to_string());
        std::fs::create_dir_all(&to).unwrap();
        for file in inbox.files {
            std::fs::write(to.join(file.name), file.bytes).unwrap();
        }
    }
    let out = dir.join("年度");
    let (code, stdout, stderr) = huizong(&[
        "annual",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2012-01-20",
    ]);
    assert_eq!(
        code, 1,
        "Q1 and Q2 hold returned submissions: {stdout}{stderr}"
    );
    assert!(
        stdout.starts_with("2011年度汇总：已汇总第一季度、第二季度、第三季度、第四季度。"),
        "{stdout}"
    );
    let bytes = std::fs::read(out.join("年度汇总表.xlsx")).unwrap();
    let mut book = open(&bytes);
    assert_eq!(book.sheet_names(), ["年度考核得分", "年度指标汇总"]);
    let range = book.worksheet_range("年度考核得分").unwrap();
    // Every proposed unit is in the top band with four scored quarters.
    let mut proposed = 0;
    for row in range.rows().skip(4) {
        if row.get(10) == Some(&Data::String("建议表彰".into())) {
            proposed += 1;
            assert_eq!(row[8], Data::String("优秀".into()));
            assert!(row[3..7].iter().all(|c| number(c).is_some()), "{row:?}");
        }
    }
    assert!(
        stdout.contains(&format!("建议表彰 {proposed} 个")),
        "{stdout}"
    );
    // 0157 did not submit in Q1: 未评分 there, yet scored for the year.
    let row = range
        .rows()
        .find(|r| r.get(1) == Some(&Data::String("0157".into())))
        .unwrap();
    assert_eq!(row[3], Data::String("未评分".into()));
    assert!(number(&row[7]).is_some());
}

/// Large sheets go through a temp file: a temp folder that cannot be used is
/// a precise error (exit 2), and OUT is not created.
#[test]
fn unusable_temp_folder_is_reported_and_nothing_is_written() {
    let dir = temp_dir("run-tmp");
    let out = dir.join("成果");
    let missing_temp = dir.join("没有这个临时文件夹");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_huizong"))
        .args([
            "run",
            samples().join("2011Q1").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            "2011-04-20",
        ])
        .env("TMPDIR", &missing_temp)
        .env("TEMP", &missing_temp)
        .env("TMP", &missing_temp)
        .output()
        .expect("binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "生成 Excel 文件失败：无法在临时文件夹“{}”写临时文件（文件或文件夹不存在）。请检查该文件夹",
            missing_temp.display()
        )),
        "{stderr}"
    );
    assert!(!out.exists());
}

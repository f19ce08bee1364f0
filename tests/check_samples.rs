//! `huizong check` on the committed sample inboxes finds exactly the problems
//! the sample generator planted, and gives every unit the status it expects.

mod common;

use std::collections::BTreeMap;

use calamine::Reader;
use common::*;
use huizong::check::{check_inbox, records_by_unit, CheckReport};
use huizong::plan::{default_plan, Quarter};

fn check(quarter: Quarter, earlier: &[Quarter], as_of: &str) -> CheckReport {
    let plan = default_plan().unwrap();
    let records: Vec<_> = earlier
        .iter()
        .map(|q| records_by_unit(&checked_results(&plan, *q, &samples().join(q.to_string()))))
        .collect();
    let results = checked_results(&plan, quarter, &samples().join(quarter.to_string()));
    check_inbox(&plan, quarter, &results, &records, as_of.parse().unwrap())
}

type Found = (String, String, Option<String>, Option<String>);

fn assert_planted(report: &CheckReport, expected: &serde_json::Value) {
    let mut found: BTreeMap<String, Vec<Found>> = BTreeMap::new();
    for d in &report.diagnostics {
        found.entry(d.file.clone()).or_default().push((
            d.rule.clone(),
            d.severity.label().to_string(),
            d.sheet.clone(),
            d.cell.clone(),
        ));
    }
    let mut planted: BTreeMap<String, Vec<Found>> = BTreeMap::new();
    for file in expected["files"].as_array().unwrap() {
        let list = planted
            .entry(file["file"].as_str().unwrap().to_string())
            .or_default();
        for p in file["planted"].as_array().unwrap() {
            list.push((
                p["rule"].as_str().unwrap().to_string(),
                p["severity"].as_str().unwrap().to_string(),
                p["sheet"].as_str().map(str::to_string),
                p["cell"].as_str().map(str::to_string),
            ));
        }
    }
    for list in found.values_mut().chain(planted.values_mut()) {
        list.sort();
    }
    planted.retain(|_, v| !v.is_empty());
    assert_eq!(
        found, planted,
        "diagnostics must be exactly the planted problems"
    );
    for (code, unit) in expected["units"].as_object().unwrap() {
        let status = report
            .statuses
            .iter()
            .find(|s| &s.unit_code == code)
            .unwrap();
        assert_eq!(
            status.status.label(),
            unit["status"].as_str().unwrap(),
            "status of {code}"
        );
        assert_eq!(
            status.file.as_deref(),
            unit["file"].as_str(),
            "counted file of {code}"
        );
    }
}

#[test]
fn first_quarter_sample_holds_exactly_the_planted_problems() {
    let report = check(Quarter::new(2011, 1).unwrap(), &[], "2011-04-20");
    assert_planted(&report, &expected("2011Q1"));
    // The exact wording of the issue's example.
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.file == "0105_市中医院党委_2011Q1.xlsx")
        .unwrap();
    assert_eq!(
        format!("{} {} {} → {}", d.file, d.location(), d.message, d.hint),
        "0105_市中医院党委_2011Q1.xlsx 指标完成情况!E11 党课：填写为“三次”，应为整数 → 请改为 3"
    );
}

#[test]
fn second_quarter_sample_uses_the_first_for_year_to_date_and_jumps() {
    let q1 = Quarter::new(2011, 1).unwrap();
    let report = check(Quarter::new(2011, 2).unwrap(), &[q1], "2011-07-20");
    assert_planted(&report, &expected("2011Q2"));
}

/// `huizong check INBOX --as-of 2011-04-12 --out OUT`.
fn check_into(inbox: &std::path::Path, out: &std::path::Path) -> (i32, String, String) {
    huizong(&[
        "check",
        inbox.to_str().unwrap(),
        "--as-of",
        "2011-04-12",
        "--out",
        out.to_str().unwrap(),
    ])
}

/// `huizong check samples/2011Q1 --as-of 2011-04-12 --out OUT`.
fn check_q1_samples(out: &std::path::Path) -> (i32, String, String) {
    check_into(&samples().join("2011Q1"), out)
}

#[test]
fn check_command_writes_the_report_beside_the_inbox_and_exits_1_on_errors() {
    let dir = temp_dir("check-cli");
    let out = dir.join("审核结果");
    let (code, stdout, stderr) = check_q1_samples(&out);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("名册 40 个单位：已报 29，逾期 1，退回 8，未报 2。"),
        "{stdout}"
    );
    assert!(stdout.contains("未报（2 个，已超过截止日期 2 天）：0157 市第二人民医院外科党支部、0404 市卫生局机关第三党支部"), "{stdout}");
    assert!(
        stdout.contains("指标完成情况!E11 党课：填写为“三次”，应为整数 → 请改为 3"),
        "{stdout}"
    );
    let bytes = std::fs::read(out.join("审核报告.xlsx")).unwrap();
    let mut book = open(&bytes);
    assert_eq!(
        cell(&mut book, "问题清单", "A1"),
        calamine::Data::String("2011年第一季度党建工作报表审核问题清单".into())
    );
    // Header in row 3; the first problem is 0102's (roster order).
    assert_eq!(
        cell(&mut book, "问题清单", "I3"),
        calamine::Data::String("问题".into())
    );
    assert_eq!(
        cell(&mut book, "问题清单", "B4"),
        calamine::Data::String("0102".into())
    );
    assert_eq!(
        cell(&mut book, "问题清单", "F4"),
        calamine::Data::String("E7".into())
    );
    assert_eq!(
        cell(&mut book, "问题清单", "G4"),
        calamine::Data::String("错误".into())
    );
    assert_eq!(
        cell(&mut book, "报送情况", "C4"),
        calamine::Data::String("市第一人民医院党委".into())
    );
    assert_eq!(
        cell(&mut book, "报送情况", "E4"),
        calamine::Data::String("已报".into())
    );
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<autoFilter ref=\"A3:J"), "filterable");
    assert!(
        sheet.contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\""),
        "A4 landscape, one page wide"
    );

    // The same inputs give the same bytes.
    let (code, _, _) = check_q1_samples(&out);
    assert_eq!(code, 1);
    assert_eq!(std::fs::read(out.join("审核报告.xlsx")).unwrap(), bytes);
}

#[test]
fn check_json_lists_every_diagnostic() {
    let dir = temp_dir("check-json");
    let inbox = samples().join("2011Q2");
    let (code, stdout, _) = huizong(&[
        "check",
        inbox.to_str().unwrap(),
        "--as-of",
        "2011-07-20",
        "--format",
        "json",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json_rules(&json), ["A10_LE_A09_YTD", "JUMP_3X", "LATE"]);
    assert_eq!(json["diagnostics"][0]["severity"], "错误");
}

#[test]
fn check_refuses_bad_inboxes_and_outputs_inside_the_inbox() {
    let dir = temp_dir("check-bad");
    let (code, _, stderr) = huizong(&["check", dir.join("没有这个文件夹").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("不存在"), "{stderr}");

    let inbox = dir.join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    let (code, _, stderr) = huizong(&["check", inbox.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("请加 --quarter 2011Q1 指定季度"),
        "{stderr}"
    );

    let q1 = inbox.join("2011Q1");
    std::fs::create_dir_all(&q1).unwrap();
    let (code, _, stderr) = huizong(&[
        "check",
        q1.to_str().unwrap(),
        "--out",
        q1.join("结果").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("在收件箱"), "{stderr}");
    assert!(
        !q1.join("结果").exists(),
        "nothing written inside the inbox"
    );

    let (code, _, stderr) = huizong(&["check", inbox.to_str().unwrap(), "--quarter", "2012Q1"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("不属于计划年度 2011"), "{stderr}");

    // An empty quarter folder: everyone 未报, no errors.
    let (code, stdout, stderr) = huizong(&[
        "check",
        inbox.to_str().unwrap(),
        "--quarter",
        "2011Q1",
        "--as-of",
        "2011-04-01",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("未报（40 个，距截止日期还有 9 天）"),
        "{stdout}"
    );
    assert!(dir
        .join("收件箱")
        .join("2011Q1_审核结果")
        .join("审核报告.xlsx")
        .exists());
}

#[test]
fn return_copies_mark_the_faulty_cells_and_read_back_the_same() {
    let dir = temp_dir("check-return");
    let out = dir.join("审核结果");
    let (code, stdout, _) = check_q1_samples(&out);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("退回通知和退回修改稿（标出有问题的单元格，可直接发回单位）：8 个单位"),
        "{stdout}"
    );
    assert!(
        stdout.contains("催报通知："),
        "deadline passed with 2 units missing: {stdout}"
    );
    // The unreadable file's notice says it cannot be opened: no warning.
    assert!(!stdout.contains("没有退回修改稿"), "{stdout}");
    assert!(out.join("催报通知.docx").is_file());
    assert_eq!(
        std::fs::read_dir(out.join("退回")).unwrap().count(),
        15,
        "8 return notices (one for the unreadable file) and 7 annotated copies"
    );
    let copy = out
        .join("退回")
        .join("0105_市中医院党委_2011Q1_退回修改.xlsx");
    let bytes = std::fs::read(&copy).unwrap();
    let mut book = open(&bytes);
    assert_eq!(book.sheet_names()[0], "退回修改说明");
    assert_eq!(
        cell(&mut book, "退回修改说明", "B5"),
        calamine::Data::String("指标完成情况!E11".into())
    );
    assert_eq!(
        cell(&mut book, "退回修改说明", "E5"),
        calamine::Data::String("请改为 3".into())
    );
    assert_eq!(
        cell(&mut book, "指标完成情况", "E11"),
        calamine::Data::String("三次".into())
    );
    let comments = part(&bytes, "xl/comments1.xml");
    assert!(
        comments.contains("【错误】党课：填写为“三次”，应为整数"),
        "{comments}"
    );

    // The unit corrects nothing and sends the copy back: the same problem, same cell.
    assert_eq!(
        resent_problems(&dir, "0105_市中医院党委_2011Q1.xlsx", &bytes),
        [("VALUE_TYPE".to_string(), "E11".to_string())]
    );
}

/// (rule, cell) of every problem `check` finds when `bytes` comes back as
/// `name`, alone in a fresh 2011Q1 inbox under `dir`.
fn resent_problems(dir: &std::path::Path, name: &str, bytes: &[u8]) -> Vec<(String, String)> {
    let resent = dir.join("再次报送").join("2011Q1");
    std::fs::create_dir_all(&resent).unwrap();
    std::fs::write(resent.join(name), bytes).unwrap();
    let (code, stdout, _) = huizong(&[
        "check",
        resent.to_str().unwrap(),
        "--as-of",
        "2011-04-12",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["cell"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn previous_quarters_can_be_named_with_previous() {
    // Q2 copied away from its Q1: without --previous no jump against Q1,
    // with it the same problems as beside Q1.
    let dir = temp_dir("check-previous");
    let inbox = dir.join("第二季度报表");
    copy_samples("2011Q2", &inbox);
    let rules = |extra: &[&str]| -> Vec<String> {
        let mut args = vec![
            "check",
            inbox.to_str().unwrap(),
            "--quarter",
            "2011Q2",
            "--as-of",
            "2011-07-20",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let (_, stdout, stderr) = huizong(&args);
        let json: serde_json::Value =
            serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stdout}{stderr}"));
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules(&[]), ["A10_LE_A09_YTD", "LATE"]);
    let q1 = samples().join("2011Q1");
    assert_eq!(
        rules(&["--previous", q1.to_str().unwrap()]),
        ["A10_LE_A09_YTD", "JUMP_3X", "LATE"]
    );
    let (code, _, stderr) = huizong(&[
        "check",
        inbox.to_str().unwrap(),
        "--quarter",
        "2011Q2",
        "--previous",
        q1.to_str().unwrap(),
        "--previous",
        q1.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--previous 给了 2 个文件夹，但2011年第二季度之前本年度只有 1 个季度"),
        "{stderr}"
    );
}

/// A second check into the same folder replaces the return files: a unit no
/// longer returned must not find an old notice or copy there.
#[test]
fn a_second_check_removes_stale_return_files() {
    let dir = temp_dir("check-stale");
    let out = dir.join("审核结果");
    assert_eq!(check_q1_samples(&out).0, 1);
    let returns = out.join("退回");
    let stale_notice = returns.join("0140_已改正单位_2011Q1_退回通知.docx");
    let stale_copy = returns.join("0140_已改正单位_2011Q1_退回修改.xlsx");
    let clerks_note = returns.join("给单位的说明.txt");
    for path in [&stale_notice, &stale_copy, &clerks_note] {
        std::fs::write(path, "上次留下的").unwrap();
    }
    assert_eq!(check_q1_samples(&out).0, 1);
    assert!(!stale_notice.exists() && !stale_copy.exists());
    assert!(clerks_note.exists(), "only huizong's own files are removed");
    assert_eq!(std::fs::read_dir(&returns).unwrap().count(), 16);
}

/// Two returned units whose file names differ only past the length a file
/// name is cut to: each gets its own annotated copy (written in parallel,
/// they must not share a path).
#[test]
fn return_copies_of_long_alike_names_do_not_collide() {
    let dir = temp_dir("check-long-names");
    let inbox = dir.join("2011Q1");
    std::fs::create_dir_all(&inbox).unwrap();
    // ASCII: a Linux file name is at most 255 bytes.
    let long = "x".repeat(125);
    for file in [
        "0102_市第二人民医院党委_2011Q1.xlsx",
        "0105_市中医院党委_2011Q1.xlsx",
    ] {
        std::fs::copy(
            samples().join("2011Q1").join(file),
            inbox.join(format!("{long}_{file}")),
        )
        .unwrap();
    }
    let out = dir.join("审核结果");
    let (code, stdout, stderr) = check_into(&inbox, &out);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let mut names: Vec<String> = std::fs::read_dir(out.join("退回"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xlsx"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            format!("{}.xlsx", "x".repeat(120)),
            format!("{}_2.xlsx", "x".repeat(120))
        ]
    );
}

/// `huizong check .` from inside the quarter's folder: the folder's real name
/// gives the quarter, the quarter before is found beside it, and the results
/// go beside it under a path shown as an ordinary one (on Windows, without
/// the `\\?\` prefix the system's absolute paths carry).
#[test]
fn check_dot_from_inside_the_inbox_finds_its_name_and_the_quarter_before() {
    let dir = temp_dir("check-dot");
    let root = dir.join("收件箱");
    for quarter in ["2011Q1", "2011Q2"] {
        copy_samples(quarter, &root.join(quarter));
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_huizong"))
        .args(["check", ".", "--as-of", "2011-07-20", "--format", "json"])
        .current_dir(root.join("2011Q2"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    // JUMP_3X compares with 2011Q1: found beside `.`.
    assert_eq!(json_rules(&json), ["A10_LE_A09_YTD", "JUMP_3X", "LATE"]);
    assert!(root.join("2011Q2_审核结果").join("审核报告.xlsx").is_file());

    // The clerk reads where the results went.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_huizong"))
        .args(["check", ".", "--as-of", "2011-07-20"])
        .current_dir(root.join("2011Q2"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let shown = dunce::canonicalize(&root)
        .unwrap()
        .join("2011Q2_审核结果")
        .join("审核报告.xlsx");
    assert!(
        stdout.contains(&format!("\n审核报告：{}\n", shown.display())),
        "{stdout}"
    );
    assert!(!stdout.contains(r"\\?\"), "{stdout}");
}

/// Regression: a returned unit's workbook with a sheet name Excel could not
/// have given (over 31 characters, as another program may write) got its
/// 退回通知 but, silently, no 退回修改稿. The copy now carries the name cut
/// to Excel's limit and reads back with the same problem.
#[test]
fn a_sheet_name_over_excels_limit_still_gets_a_return_copy() {
    use std::io::{Read, Write};
    let dir = temp_dir("check-long-sheet-name");
    let inbox = dir.join("2011Q1");
    std::fs::create_dir_all(&inbox).unwrap();
    let name = "0102_市第二人民医院党委_2011Q1.xlsx";
    let original = std::fs::read(samples().join("2011Q1").join(name)).unwrap();
    let long = "填报说明（请在填写本报表之前仔细阅读本页的全部内容并严格按照要求逐项认真填写）";
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&original)).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let part = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if part == "xl/workbook.xml" {
            data = String::from_utf8(data)
                .unwrap()
                .replace("name=\"填报说明\"", &format!("name=\"{long}\""))
                .replace("填报说明!", &format!("'{long}'!"))
                .into_bytes();
        }
        writer
            .start_file(part, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&data).unwrap();
    }
    std::fs::write(inbox.join(name), writer.finish().unwrap().into_inner()).unwrap();

    let out = dir.join("审核结果");
    let (code, stdout, stderr) = check_into(&inbox, &out);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("退回通知和退回修改稿（标出有问题的单元格，可直接发回单位）：1 个单位"),
        "{stdout}"
    );
    assert!(!stdout.contains("没有退回修改稿"), "{stdout}");
    let copy = std::fs::read(
        out.join("退回")
            .join("0102_市第二人民医院党委_2011Q1_退回修改.xlsx"),
    )
    .unwrap();
    let book = open(&copy);
    assert_eq!(
        book.sheet_names(),
        [
            "退回修改说明",
            "填报说明（请在填写本报表之前仔细阅读本页的全部内容并严格按照要",
            "基本情况",
            "指标完成情况",
            "活动台帐",
            "_huizong"
        ]
    );
    // Sent back unchanged, the copy shows the same problem in the same cell.
    assert_eq!(
        resent_problems(&dir, name, &copy),
        [("A03_LE_MEMBERS".to_string(), "E7".to_string())]
    );
}

/// A province's roster: the console lists at most 50 units of each kind and
/// says how many more the 审核报告 holds, instead of printing thousands.
#[test]
fn long_console_lists_stop_at_fifty_and_point_to_the_report() {
    let dir = temp_dir("long_lists");
    let plan = generated_plan(&dir, 60);
    let mut names: Vec<String> = std::fs::read_dir(dir.join("生成"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 60);
    // Checks DIR/2011Q1 with the 60-unit plan, into DIR/结果.
    let check = |folder: &str| {
        let inbox = dir.join(folder).join("2011Q1");
        let out = dir.join(folder).join("结果");
        huizong(&[
            "check",
            inbox.to_str().unwrap(),
            "--plan",
            plan.to_str().unwrap(),
            "--as-of",
            "2011-04-08",
            "--out",
            out.to_str().unwrap(),
        ])
    };

    // No file in: all 60 units missing.
    std::fs::create_dir_all(dir.join("空").join("2011Q1")).unwrap();
    let (code, stdout, err) = check("空");
    assert_eq!(code, 0, "{err}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("未报（"))
        .unwrap_or_else(|| panic!("{stdout}"));
    let (head, list) = line.split_once('：').unwrap();
    assert_eq!(head, "未报（60 个，距截止日期还有 2 天）");
    let (names_part, rest) = list.split_once("……").unwrap();
    assert_eq!(rest, "其余 10 个见审核报告“报送情况”表");
    let listed: Vec<&str> = names_part.split('、').collect();
    assert_eq!(listed.len(), 50);
    assert_eq!(listed[0], "900001 第1党支部");
    assert_eq!(listed[49], "900050 第50党支部");

    // 55 unreadable files: 55 units returned, 5 missing.
    let inbox = dir.join("坏").join("2011Q1");
    std::fs::create_dir_all(&inbox).unwrap();
    for name in &names[..55] {
        std::fs::write(inbox.join(name), "不是表格").unwrap();
    }
    let (code, stdout, err) = check("坏");
    assert_eq!(code, 1, "{err}");
    assert!(
        stdout.contains("已报 0，逾期 0，退回 55，未报 5。"),
        "{stdout}"
    );
    let units: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("  9000") && l.ends_with("处错误"))
        .collect();
    assert_eq!(units.len(), 50, "{stdout}");
    assert!(
        stdout.contains("\n  ……其余 5 个单位见审核报告“问题清单”表\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("：900056 第56党支部、900057 第57党支部、900058 第58党支部、900059 第59党支部、900060 第60党支部\n"),
        "{stdout}"
    );
}

#[test]
fn a_unit_file_saved_in_a_subfolder_is_pointed_out() {
    // The file is not read (the unit shows as 未报, and would get a 催报通知),
    // but the clerk is told where it lies before chasing the unit.
    let dir = temp_dir("check-subfolder");
    let inbox = dir.join("2011Q1");
    copy_samples("2011Q1", &inbox);
    let name = "0302_市医学会党支部_2011Q1.xlsx";
    std::fs::create_dir_all(inbox.join("0302单位发来")).unwrap();
    std::fs::rename(inbox.join(name), inbox.join("0302单位发来").join(name)).unwrap();
    let (_, stdout, stderr) = check_into(&inbox, &dir.join("审核结果"));
    let line = format!(
        "注意：收件箱中的子文件夹没有审核，其中有表格文件：0302单位发来（1 个表格文件） → 如有本季度报来的报表，请移到收件箱“{}”中后重新审核",
        inbox.display()
    );
    assert!(stdout.lines().any(|l| l == line), "{stdout}{stderr}");
    assert!(stdout.contains("0302 市医学会党支部"), "{stdout}");

    // Without a subfolder of spreadsheets, no such line.
    let (_, stdout, _) = check_q1_samples(&dir.join("审核结果2"));
    assert!(!stdout.contains("子文件夹"), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}

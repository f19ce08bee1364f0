//! The binary as a clerk runs it: exit codes 0/1/2 and Chinese messages.

mod common;

use common::*;

#[test]
fn plan_prints_indicators_and_targets() {
    let (code, out, _) = huizong(&["plan"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("2011年市直卫生系统党的工作意见（版本 2011.1，计划指纹 "));
    let a01 = out.lines().find(|l| l.starts_with("A01")).unwrap();
    assert_eq!(
        a01.split_whitespace().collect::<Vec<_>>(),
        [
            "A01",
            "党委中心组集中学习",
            "次",
            "整数",
            "按年",
            "全年不少于6次（按季度进度考核）",
            "8",
            "中心组学习"
        ]
    );
    assert!(out.contains("  D02_LE_D01  其中：学科带头人 ≤ 引进高层次人才（本季度）  [错误] "));
    assert!(out.ends_with("评分档次：优秀 ≥ 90，良好 ≥ 80，合格 ≥ 60，不合格 ≥ 0\n"));
}

#[test]
fn plan_check_exit_codes() {
    let dir = temp_dir("plan-check");
    let good = dir.join("计划.toml");
    std::fs::write(&good, huizong::plan::DEFAULT_PLAN_TOML).unwrap();
    let (code, out, _) = huizong(&["plan", "--check", good.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("检查通过：2011年，版本 2011.1，40 个单位，33 项指标，4 条审核规则。"));

    let bad = dir.join("有错的计划.toml");
    std::fs::write(
        &bad,
        huizong::plan::DEFAULT_PLAN_TOML.replace(
            "weight = 8\nledger = \"中心组学习\"",
            "weight = -8\nledger = \"中心组学习\"",
        ),
    )
    .unwrap();
    let (code, out, _) = huizong(&["plan", "--check", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("有 1 处问题"), "{out}");
    assert!(out.contains("指标“A01”的权重为 -8，权重不能为负数 → 请把权重改为 0 或正数"));

    let (code, _, err) = huizong(&[
        "plan",
        "--check",
        dir.join("无此文件.toml").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.starts_with("错误：无法读取计划文件"), "{err}");

    // A plan with errors given to another command stops it with exit 2.
    let (code, _, err) = huizong(&["plan", "--plan", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("权重不能为负数"));
}

#[test]
fn template_writes_every_roster_unit() {
    let dir = temp_dir("template-all");
    let out = dir.join("模板");
    let (code, stdout, stderr) = huizong(&[
        "template",
        "--quarter",
        "2011Q1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.ends_with(&format!(
        "2011年第一季度模板：40 个单位，输出到“{}”。\n",
        out.display()
    )));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 40);
    assert_eq!(names[0], "0101_市第一人民医院党委_2011Q1.xlsx");
    assert_eq!(names[39], "0404_市卫生局机关第三党支部_2011Q1.xlsx");

    // Running again changes nothing.
    let (code, stdout, _) = huizong(&[
        "template",
        "--quarter",
        "2011Q1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("  未变化  0105_市中医院党委_2011Q1.xlsx"));
}

/// A province's roster: templates for more than 50 units are counted, and
/// only the files a clerk must look at (left alone) are listed one by one.
#[test]
fn template_for_many_units_lists_only_what_needs_a_look() {
    let dir = temp_dir("template-many");
    let plan = generated_plan(&dir, 60);
    let out = dir.join("模板");
    let template = || {
        huizong(&[
            "template",
            "--quarter",
            "2011Q1",
            "--plan",
            plan.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
    };
    let (code, stdout, err) = template();
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        stdout,
        format!(
            "  已生成 60 个，未变化 0 个，已覆盖 0 个，已跳过 0 个（文件多于 50 个，只逐个列出已覆盖和已跳过的）\n\
             2011年第一季度模板：60 个单位，输出到“{}”。\n",
            out.display()
        )
    );
    let filled = out.join("900007_第7党支部_2011Q1.xlsx");
    std::fs::write(&filled, b"a unit's filled workbook").unwrap();
    let (code, stdout, _) = template();
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        format!(
            "  已跳过（同名文件内容不同，可能已填写；确需覆盖请加 --overwrite）  900007_第7党支部_2011Q1.xlsx\n\
             \x20 已生成 0 个，未变化 59 个，已覆盖 0 个，已跳过 1 个（文件多于 50 个，只逐个列出已覆盖和已跳过的）\n\
             2011年第一季度模板：59 个单位，输出到“{}”，跳过 1 个。\n",
            out.display()
        )
    );
    assert_eq!(std::fs::read(&filled).unwrap(), b"a unit's filled workbook");
}

#[test]
fn template_never_overwrites_a_different_file() {
    let dir = temp_dir("template-keep");
    let filled = dir.join("0105_市中医院党委_2011Q1.xlsx");
    std::fs::write(&filled, b"a unit's filled workbook").unwrap();
    let (code, stdout, _) = huizong(&[
        "template",
        "--quarter",
        "2011Q1",
        "--out",
        dir.to_str().unwrap(),
        "--unit",
        "0105",
    ]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("  已跳过（同名文件内容不同，可能已填写；确需覆盖请加 --overwrite）  0105_市中医院党委_2011Q1.xlsx\n"), "{stdout}");
    assert_eq!(std::fs::read(&filled).unwrap(), b"a unit's filled workbook");
    let (code, _, _) = huizong(&[
        "template",
        "--quarter",
        "2011Q1",
        "--out",
        dir.to_str().unwrap(),
        "--unit",
        "0105",
        "--overwrite",
    ]);
    assert_eq!(code, 0);
    assert_ne!(std::fs::read(&filled).unwrap(), b"a unit's filled workbook");
}

#[test]
fn template_selected_units() {
    let dir = temp_dir("template-some");
    let (code, stdout, _) = huizong(&[
        "template",
        "--quarter",
        "2011Q2",
        "--out",
        dir.to_str().unwrap(),
        "--unit",
        "0203",
        "--unit",
        "0105",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("2011年第二季度模板：2 个单位"));
    assert!(dir.join("0105_市中医院党委_2011Q2.xlsx").is_file());
    assert!(dir.join("0203_市中心血站党支部_2011Q2.xlsx").is_file());
}

#[test]
fn template_bad_flags_are_chinese_errors_with_exit_2() {
    let dir = temp_dir("template-bad");
    let out = dir.to_str().unwrap();
    let (code, _, err) = huizong(&["template", "--quarter", "2011Q5", "--out", out]);
    assert_eq!(code, 2);
    assert!(
        err.contains("季度“2011Q5”无效：季度只能是 1、2、3、4，如 2011Q4"),
        "{err}"
    );

    let (code, _, err) = huizong(&[
        "template",
        "--quarter",
        "2011Q1",
        "--out",
        out,
        "--unit",
        "9999",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("错误：单位代码 9999 不在名册中：请用 huizong plan 核对单位代码"),
        "{err}"
    );

    let (code, _, err) = huizong(&["template", "--quarter", "2012Q1", "--out", out]);
    assert_eq!(code, 2);
    assert!(err.contains("季度 2012Q1 不属于计划年度 2011"), "{err}");

    let (code, _, err) = huizong(&["template", "--quarter", "2011Q1"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("错误：缺少必需的参数：--out <文件夹>"),
        "{err}"
    );

    let (code, _, err) = huizong(&["templat"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("错误：不认识的命令“templat”，是否想用 template？"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn hostile_unit_names_stay_inside_the_output_folder() {
    let dir = temp_dir("template-names");
    let plan = huizong::plan::DEFAULT_PLAN_TOML.replace(
        "name = \"市口腔医院党支部\"",
        "name = \"../../市口腔医院:党支部*?\"",
    );
    let plan_path = dir.join("计划.toml");
    std::fs::write(&plan_path, plan).unwrap();
    let out = dir.join("模板");
    let (code, _, err) = huizong(&[
        "template",
        "--quarter",
        "2011Q1",
        "--out",
        out.to_str().unwrap(),
        "--unit",
        "0108",
        "--plan",
        plan_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["0108_.._.._市口腔医院_党支部___2011Q1.xlsx"]);
    let entries: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(entries.len(), 2, "only the plan and the output folder");
}

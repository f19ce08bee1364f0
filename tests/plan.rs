//! The plan: the embedded default loads with every target form, and every
//! validation error names its line and column.

use huizong::plan::*;

fn default_text() -> String {
    DEFAULT_PLAN_TOML.to_string()
}

/// 1-based line and column of the `nth` (0-based) occurrence of `needle`.
fn position(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let start = body_start(text);
    let offset = start
        + text[start..]
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("{needle} #{nth} not in plan"))
            .0;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

/// Where the plan's body starts (the header comment quotes example targets).
fn body_start(text: &str) -> usize {
    text.find("version = ").expect("plan body")
}

/// Replaces the `nth` occurrence of `from` in the plan's body.
fn replace_nth(text: &str, from: &str, to: &str, nth: usize) -> String {
    let start = body_start(text);
    let offset = start
        + text[start..]
            .match_indices(from)
            .nth(nth)
            .expect("occurrence")
            .0;
    format!("{}{}{}", &text[..offset], to, &text[offset + from.len()..])
}

fn problems(text: &str) -> Vec<PlanProblem> {
    match parse_plan(text, "测试计划.toml") {
        Ok(_) => panic!("plan should be invalid"),
        Err(err) => err.problems().to_vec(),
    }
}

fn single_problem(text: &str) -> PlanProblem {
    let problems = problems(text);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    problems.into_iter().next().unwrap()
}

#[test]
fn default_plan_has_roster_indicators_and_every_target_form() {
    let plan = default_plan().expect("default plan is valid");
    assert_eq!(plan.year, 2011);
    assert_eq!(plan.units.len(), 40);
    assert_eq!(plan.indicators.len(), 33);
    assert_eq!(plan.authority.doc_prefix, "淮卫党");
    assert_eq!(plan.authority.copy_to, vec!["市委组织部", "市直机关工委"]);
    assert_eq!(plan.plan_doc_number, Some(22));
    let unit = plan.unit("0154").unwrap();
    assert_eq!(unit.name, "市中医院临床第一党支部");
    assert_eq!(unit.kind, UnitKind::Branch);
    assert_eq!(unit.parent.as_deref(), Some("0105"));

    let target = |code: &str| plan.indicator(code).unwrap().target.clone();
    assert_eq!(
        target("A02"),
        Some(Target::EveryQuarterAtLeast { min: 1.0 })
    );
    assert_eq!(
        target("A01"),
        Some(Target::AnnualAtLeast {
            min: Operand::Number(6.0)
        })
    );
    assert_eq!(
        target("A03"),
        Some(Target::RateAtLeast {
            numerator: "A03".into(),
            denominator: Operand::Field(BasicField::MemberCount),
            min_ratio: 0.95,
            scope: Scope::Quarter,
        })
    );
    assert_eq!(
        target("A10"),
        Some(Target::RateAtLeast {
            numerator: "A10".into(),
            denominator: Operand::Indicator("A09".into()),
            min_ratio: 0.9,
            scope: Scope::YearToDate,
        })
    );
    assert_eq!(
        target("B02"),
        Some(Target::AtMost {
            bound: Operand::Field(BasicField::MemberCount)
        })
    );
    assert_eq!(
        target("D02"),
        Some(Target::AtMost {
            bound: Operand::Indicator("D01".into())
        })
    );
    assert_eq!(
        target("C01"),
        Some(Target::AnnualAtLeast {
            min: Operand::Field(BasicField::LeaderCount)
        })
    );
    assert_eq!(target("D04"), Some(Target::YesByFourthQuarter));
    assert_eq!(plan.indicator("B06").unwrap().kind, ValueKind::Percent);
    assert_eq!(plan.indicator("D03").unwrap().kind, ValueKind::Decimal);
    assert_eq!(
        plan.indicator("A07").unwrap().ledger.as_deref(),
        Some("党课")
    );

    let weights: f64 = plan.indicators.iter().map(|i| i.weight).sum();
    assert_eq!(weights, 100.0);
    assert_eq!(plan.rules.len(), 4);
    assert_eq!(plan.rules[2].id, "A10_LE_A09_YTD");
    assert_eq!(plan.rules[2].scope, Scope::YearToDate);
    assert_eq!(plan.scoring.band_for(95.0), "优秀");
    assert_eq!(plan.scoring.band_for(80.0), "良好");
    assert_eq!(plan.scoring.band_for(59.9), "不合格");
    assert_eq!(
        plan.deadline.due_date(Quarter::new(2011, 1).unwrap()),
        chrono::NaiveDate::from_ymd_opt(2011, 4, 10).unwrap()
    );
    assert_eq!(plan.source_sha256.len(), 64);
}

#[test]
fn duplicate_unit_code_names_both_lines() {
    // 0104 has no branches under it, so only the duplicate is reported.
    let text = replace_nth(&default_text(), "code = \"0104\"", "code = \"0101\"", 0);
    let (line, column) = position(&text, "\"0101\"", 1);
    let (first_line, _) = position(&text, "\"0101\"", 0);
    let problem = single_problem(&text);
    assert_eq!((problem.line, problem.column), (line, column));
    assert_eq!(
        problem.kind,
        ProblemKind::DuplicateCode {
            what: "单位代码",
            code: "0101".into(),
            first_line
        }
    );
    assert_eq!(
        problem.to_string(),
        format!(
            "第{line}行第{column}列：单位代码“0101”重复（第{first_line}行已有同一单位代码） → 每个单位代码只能出现一次，请删除或改用新的单位代码"
        )
    );
}

#[test]
fn duplicate_indicator_code() {
    let text = replace_nth(&default_text(), "code = \"A05\"", "code = \"A04\"", 0);
    let (line, column) = position(&text, "\"A04\"", 1);
    let problem = single_problem(&text);
    assert_eq!((problem.line, problem.column), (line, column));
    assert!(matches!(
        problem.kind,
        ProblemKind::DuplicateCode {
            what: "指标编码",
            ..
        }
    ));
}

#[test]
fn unknown_ledger_category() {
    let text = replace_nth(
        &default_text(),
        "ledger = \"党课\"",
        "ledger = \"党课学习\"",
        0,
    );
    let (line, column) = position(&text, "\"党课学习\"", 0);
    let problem = single_problem(&text);
    assert_eq!((problem.line, problem.column), (line, column));
    assert_eq!(
        problem.kind,
        ProblemKind::UnknownLedgerCategory {
            indicator: "A07".into(),
            category: "党课学习".into()
        }
    );
}

#[test]
fn member_meeting_category_must_be_a_ledger_category() {
    let text = replace_nth(
        &default_text(),
        "\"支部党员大会\", \"党课\", \"民主评议党员\"]",
        "\"支部大会\", \"党课\", \"民主评议党员\"]",
        0,
    );
    let (line, column) = position(&text, "\"支部大会\"", 0);
    let problem = single_problem(&text);
    assert_eq!((problem.line, problem.column), (line, column));
    assert_eq!(
        problem.kind,
        ProblemKind::UnknownLedgerCategory {
            indicator: "member_meetings".into(),
            category: "支部大会".into()
        }
    );
    let plan = default_plan().unwrap();
    assert_eq!(
        plan.member_meetings,
        vec!["党员集中学习", "支部党员大会", "党课", "民主评议党员"]
    );
}

#[test]
fn target_naming_unknown_indicator() {
    let text = replace_nth(
        &default_text(),
        "denominator = \"A09\"",
        "denominator = \"A99\"",
        0,
    );
    let (line, column) = position(&text, "\"A99\"", 0);
    let problem = single_problem(&text);
    assert_eq!((problem.line, problem.column), (line, column));
    assert_eq!(
        problem.kind,
        ProblemKind::UnknownIndicator {
            referenced_by: "指标“A10”的目标".into(),
            code: "A99".into()
        }
    );
}

#[test]
fn target_naming_unknown_field() {
    let text = replace_nth(
        &default_text(),
        "denominator_field = \"党员总数\"",
        "denominator_field = \"党员人数\"",
        0,
    );
    let (line, column) = position(&text, "\"党员人数\"", 0);
    let problem = single_problem(&text);
    assert_eq!((problem.line, problem.column), (line, column));
    assert_eq!(
        problem.kind,
        ProblemKind::UnknownField {
            referenced_by: "指标“A03”的目标".into(),
            field: "党员人数".into()
        }
    );
    // A text field is not a number a target can use.
    let text = replace_nth(
        &default_text(),
        "field = \"党员总数\" }",
        "field = \"填报人\" }",
        0,
    );
    assert!(matches!(
        single_problem(&text).kind,
        ProblemKind::UnknownField { .. }
    ));
}

#[test]
fn rule_naming_unknown_indicator() {
    let text = replace_nth(
        &default_text(),
        "right = { indicator = \"D01\" }",
        "right = { indicator = \"D09\" }",
        0,
    );
    let (line, column) = position(&text, "\"D09\"", 0);
    let problem = single_problem(&text);
    assert_eq!((problem.line, problem.column), (line, column));
    assert_eq!(
        problem.kind,
        ProblemKind::UnknownIndicator {
            referenced_by: "审核规则“D02_LE_D01”".into(),
            code: "D09".into()
        }
    );
}

#[test]
fn negative_weight() {
    let text = replace_nth(&default_text(), "weight = 8", "weight = -8", 0);
    let (line, column) = position(&text, "-8", 0);
    let problem = single_problem(&text);
    assert_eq!((problem.line, problem.column), (line, column));
    assert_eq!(
        problem.kind,
        ProblemKind::NegativeWeight {
            indicator: "A01".into(),
            weight: -8.0
        }
    );
    assert!(problem.to_string().contains("权重不能为负数"));
}

#[test]
fn empty_roster() {
    let text = default_text();
    let start = text.find("[[units]]").unwrap();
    let end = text
        .find("# ---------------------------------------------------------------- 指标")
        .unwrap();
    let text = format!("{}{}", &text[..start], &text[end..]);
    let problem = single_problem(&text);
    assert_eq!(problem.kind, ProblemKind::EmptyRoster);
    assert_eq!((problem.line, problem.column), (1, 1));
    assert!(problem.to_string().contains("单位名册为空"));
}

#[test]
fn unknown_parent_and_cycle() {
    let text = replace_nth(&default_text(), "parent = \"0101\"", "parent = \"0999\"", 0);
    let (line, column) = position(&text, "\"0999\"", 0);
    let problem = single_problem(&text);
    assert_eq!((problem.line, problem.column), (line, column));
    assert_eq!(
        problem.kind,
        ProblemKind::UnknownParent {
            unit: "0151".into(),
            parent: "0999".into()
        }
    );

    // 0401 under 0402 while 0402 is under 0401.
    let text = replace_nth(
        &default_text(),
        "category = \"局机关\"\nkind = \"党委\"",
        "category = \"局机关\"\nkind = \"党委\"\nparent = \"0402\"",
        0,
    );
    let problems = problems(&text);
    assert!(problems.iter().any(|p| p.kind
        == ProblemKind::ParentCycle {
            unit: "0401".into()
        }));
}

#[test]
fn unknown_target_type_and_incomplete_target() {
    let text = replace_nth(
        &default_text(),
        "type = \"every_quarter\", min = 1 }",
        "type = \"quarterly\", min = 1 }",
        0,
    );
    let (line, column) = position(&text, "\"quarterly\", min", 0);
    let problem = single_problem(&text);
    assert_eq!((problem.line, problem.column), (line, column));
    assert_eq!(
        problem.kind,
        ProblemKind::UnknownTargetType {
            indicator: "A02".into(),
            kind: "quarterly".into()
        }
    );

    let text = replace_nth(
        &default_text(),
        "{ type = \"annual\", min = 6 }",
        "{ type = \"annual\" }",
        0,
    );
    let problem = single_problem(&text);
    assert_eq!(
        problem.kind,
        ProblemKind::BadTarget {
            indicator: "A01".into(),
            reason: "annual 目标需要 min 或 min_field 二者之一".into()
        }
    );
}

#[test]
fn toml_syntax_and_type_errors_are_chinese_with_position() {
    let text = replace_nth(&default_text(), "year = 2011", "year = \"2011", 0);
    let problem = single_problem(&text);
    let (line, _) = position(&text, "year = \"2011", 0);
    assert_eq!(problem.line, line);
    assert!(matches!(problem.kind, ProblemKind::Syntax { .. }));

    let text = replace_nth(&default_text(), "year = 2011", "year = \"二〇一一\"", 0);
    let problem = single_problem(&text);
    assert_eq!(
        problem.kind,
        ProblemKind::Syntax {
            detail: "值的类型不对，这里应为整数".into()
        }
    );
    assert_eq!(
        (problem.line, problem.column),
        position(&text, "\"二〇一一\"", 0)
    );

    let text = replace_nth(&default_text(), "measure = \"次\"", "meassure = \"次\"", 0);
    let problem = single_problem(&text);
    match &problem.kind {
        ProblemKind::Syntax { detail } => {
            assert!(detail.starts_with("不认识的项“meassure”"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn all_problems_are_reported_at_once() {
    let text = replace_nth(&default_text(), "weight = 8", "weight = -8", 0);
    let text = replace_nth(&text, "ledger = \"党课\"", "ledger = \"党课学习\"", 0);
    let text = replace_nth(&text, "code = \"0104\"", "code = \"0101\"", 0);
    let problems = problems(&text);
    assert_eq!(problems.len(), 3);
    // Sorted by position in the file.
    assert!(problems.windows(2).all(|w| w[0].line <= w[1].line));
    let err = parse_plan(&text, "测试计划.toml").unwrap_err();
    assert!(err
        .to_string()
        .starts_with("计划文件“测试计划.toml”有 3 处问题："));
}

#[test]
fn unreadable_plan_file_is_a_read_error() {
    let err = load_plan_file(std::path::Path::new("没有这个计划.toml")).unwrap_err();
    assert!(matches!(err, PlanError::Read { .. }));
    assert_eq!(
        err.to_string(),
        "无法读取计划文件“没有这个计划.toml”：文件或文件夹不存在。请确认文件存在、是 UTF-8 编码的文本文件。"
    );
}

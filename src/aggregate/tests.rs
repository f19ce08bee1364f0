//! Aggregation against hand-computed values on a small fixture.

use std::collections::BTreeMap;

use super::*;
use crate::plan::default_plan;

fn unit(code: &str, values: &[(&str, f64)], members: f64, leaders: f64) -> UnitFigures {
    UnitFigures {
        unit_code: code.to_string(),
        file: format!("{code}.xlsx"),
        values: values
            .iter()
            .enumerate()
            .map(|(i, (c, v))| {
                (
                    c.to_string(),
                    (*v, CellRef::new("指标完成情况", 4 + i as u32, 4)),
                )
            })
            .collect(),
        fields: BTreeMap::from([
            (BasicField::MemberCount, members),
            (BasicField::LeaderCount, leaders),
        ]),
        earlier: Vec::new(),
    }
}

/// Every file of a sample inbox (`folder`, from the crate's root) checked.
fn sample_results(plan: &Plan, quarter: Quarter, folder: &str) -> Vec<FileResult> {
    let inbox = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let files = crate::inbox::list_files(&inbox).unwrap();
    crate::inbox::check_files(
        plan,
        quarter,
        &files,
        &crate::ingest::Limits::default(),
        crate::inbox::Hashing::Skip,
        &|| {},
    )
    .into_iter()
    .map(|c| c.result)
    .collect()
}

fn q(n: u8) -> Quarter {
    Quarter::new(2011, n).unwrap()
}

fn target<'a>(results: &'a [TargetResult], code: &str) -> &'a TargetResult {
    results.iter().find(|r| r.indicator == code).unwrap()
}

#[test]
fn totals_means_and_categories_by_hand() {
    let plan = default_plan().unwrap();
    let units = vec![
        unit(
            "0101",
            &[("A01", 2.0), ("D03", 0.1), ("D04", 1.0), ("B06", 97.5)],
            100.0,
            5.0,
        ),
        unit(
            "0151",
            &[("A01", 1.0), ("D03", 0.2), ("D04", 0.0), ("B06", 90.0)],
            30.0,
            1.0,
        ),
        unit(
            "0102",
            &[("A01", 3.0), ("D03", 1.25), ("D04", 1.0)],
            200.0,
            7.0,
        ),
    ];
    let totals = indicator_totals(&plan, &units, None, None);
    let a01 = totals.iter().find(|t| t.code == "A01").unwrap();
    assert_eq!((a01.total, a01.reporting, a01.mean), (6.0, 3, Some(2.0)));
    assert_eq!(a01.year_to_date, Some(6.0), "A01 accumulates over the year");
    let d03 = totals.iter().find(|t| t.code == "D03").unwrap();
    assert_eq!(
        d03.total, 1.55,
        "0.1 + 0.2 + 1.25 without floating-point noise"
    );
    let d04 = totals.iter().find(|t| t.code == "D04").unwrap();
    assert_eq!(d04.total, 2.0, "two units answered 是");
    let b06 = totals.iter().find(|t| t.code == "B06").unwrap();
    assert_eq!((b06.reporting, b06.mean), (2, Some(93.75)));
    let a03 = totals.iter().find(|t| t.code == "A03").unwrap();
    assert_eq!(a03.year_to_date, None, "A03 (persons) is not accumulated");

    let categories = category_totals(&plan, &units);
    let i = plan
        .indicators
        .iter()
        .position(|i| i.code == "A01")
        .unwrap();
    let hospital = categories.iter().find(|(c, _)| c == "综合医院").unwrap();
    assert_eq!(hospital.1.sums[i], 5.0, "0101 and 0102");
    let branches = categories
        .iter()
        .find(|(c, _)| c == "医院内设党支部")
        .unwrap();
    assert_eq!((branches.1.sums[i], branches.1.counts[i]), (1.0, 1));

    // The merge is associative: any split of the units gives the same totals.
    let whole = Totals::of(&plan, &units);
    let split = Totals::of(&plan, &units[..1]).merge(Totals::of(&plan, &units[1..]));
    assert_eq!(whole.counts, split.counts);
    assert_eq!(whole.sums[i], split.sums[i]);
}

#[test]
fn year_to_date_totals_add_earlier_quarters_unit_by_unit() {
    let plan = default_plan().unwrap();
    let earlier = |pairs: &[(&str, f64)]| -> Option<EarlierValues> {
        Some(pairs.iter().map(|(c, v)| (c.to_string(), *v)).collect())
    };
    let mut a = unit("0101", &[("A01", 2.0), ("D03", 0.1)], 100.0, 5.0);
    a.earlier = vec![earlier(&[("A01", 1.0), ("D03", 0.2)]), None];
    let mut b = unit("0102", &[("A01", 3.0), ("D03", 1.25)], 200.0, 7.0);
    b.earlier = vec![earlier(&[("A01", 4.0)]), earlier(&[("D03", 0.7)])];
    // Earlier figures of an indicator the unit did not report now do not count.
    let mut c = unit("0151", &[("D03", 0.3)], 30.0, 1.0);
    c.earlier = vec![earlier(&[("A01", 50.0), ("D03", 0.1)]), None];
    let units = vec![a, b, c];
    let totals = indicator_totals(&plan, &units, None, None);
    let of = |code: &str| totals.iter().find(|t| t.code == code).unwrap();
    assert_eq!(of("A01").year_to_date, Some(10.0), "2 + 1, then 3 + 4");
    assert_eq!(of("D03").year_to_date, Some(2.65), "0.3 + 1.95 + 0.4");
    assert_eq!(of("A01").total, 5.0, "this quarter only");
    // To the bit what summing `year_to_date` unit after unit gives.
    for (indicator, total) in plan.indicators.iter().zip(&totals) {
        let by_definition = (indicator.period == crate::plan::Period::Annual).then(|| {
            round6(
                units
                    .iter()
                    .filter_map(|u| u.year_to_date(&indicator.code))
                    .sum::<f64>(),
            )
        });
        assert_eq!(
            total.year_to_date.map(f64::to_bits),
            by_definition.map(f64::to_bits),
            "{}",
            indicator.code
        );
    }
}

#[test]
fn rollup_adds_branches_into_their_committee() {
    let plan = default_plan().unwrap();
    let units = vec![
        unit("0101", &[("A01", 2.0)], 100.0, 5.0),
        unit("0151", &[("A01", 1.0)], 30.0, 1.0),
        unit("0153", &[("A01", 4.0)], 30.0, 1.0),
    ];
    let rollups = rollup(&plan, &units);
    let first = rollups.iter().find(|r| r.unit_code == "0101").unwrap();
    let i = plan
        .indicators
        .iter()
        .position(|i| i.code == "A01")
        .unwrap();
    assert_eq!(first.totals.sums[i], 7.0);
    assert_eq!(first.counted, ["0101", "0151", "0153"]);
    assert_eq!(first.missing, ["0152"], "the surgery branch did not submit");
    let heads: Vec<&str> = rollups.iter().map(|r| r.unit_code.as_str()).collect();
    assert_eq!(heads, ["0101", "0102", "0105", "0201", "0401"]);
}

#[test]
fn annual_targets_are_tracked_pro_rata_and_met_at_q4() {
    let plan = default_plan().unwrap();
    // A01: 全年不少于6次. Q2 pro rata: 3.
    let mut u = unit("0101", &[("A01", 2.0)], 100.0, 5.0);
    u.earlier = vec![Some(EarlierValues::from([("A01", 1.0)]))];
    let r = evaluate_targets(&plan, q(2), &u);
    let a01 = target(&r, "A01");
    assert_eq!(
        (a01.state, a01.actual, a01.required),
        (TargetState::OnTrack, 3.0, 3.0)
    );
    assert_eq!(
        a01.detail(&plan),
        "年初至今 3次，全年要求 6次，进度要求 3次"
    );

    u.values
        .insert("A01", (1.0, CellRef::new("指标完成情况", 4, 4)));
    assert_eq!(
        target(&evaluate_targets(&plan, q(2), &u), "A01").state,
        TargetState::Behind
    );

    u.earlier = vec![
        Some(EarlierValues::from([("A01", 2.0)])),
        None,
        Some(EarlierValues::from([("A01", 2.0)])),
    ];
    let at_q4 = evaluate_targets(&plan, q(4), &u);
    assert_eq!(
        target(&at_q4, "A01").state,
        TargetState::Missed,
        "5 of 6 at Q4"
    );
    u.values
        .insert("A01", (2.0, CellRef::new("指标完成情况", 4, 4)));
    assert_eq!(
        target(&evaluate_targets(&plan, q(4), &u), "A01").state,
        TargetState::Met
    );

    // C01: 全年不少于 领导干部人数 (5).
    let u = unit("0101", &[("C01", 5.0)], 100.0, 5.0);
    let c01 = target(&evaluate_targets(&plan, q(1), &u), "C01").clone();
    assert_eq!((c01.state, c01.required), (TargetState::Met, 5.0));
    assert_eq!(c01.rate(), None, "not a rate");
}

#[test]
fn rates_show_numerator_and_denominator() {
    let plan = default_plan().unwrap();
    let u = unit(
        "0101",
        &[
            ("A03", 127.0),
            ("A09", 0.0),
            ("A10", 0.0),
            ("B04", 20.0),
            ("B05", 18.0),
        ],
        132.0,
        5.0,
    );
    let r = evaluate_targets(&plan, q(1), &u);
    let a03 = target(&r, "A03");
    assert_eq!(a03.state, TargetState::Met);
    assert_eq!(a03.rate(), Some((127.0, 132.0)));
    assert_eq!(a03.detail(&plan), "96.2% = 127 / 132，要求不低于 95.0%");
    let a10 = target(&r, "A10");
    assert_eq!(
        a10.state,
        TargetState::NotApplicable,
        "no suggestions collected: no rate"
    );
    assert_eq!(
        a10.rate().map(|(_, den)| den),
        Some(0.0),
        "the figures are kept"
    );
    let b05 = target(&r, "B05");
    assert_eq!(
        (b05.state, b05.detail(&plan).as_str()),
        (
            TargetState::Missed,
            "年初至今 90.0% = 18 / 20，要求不低于 95.0%"
        )
    );
}

#[test]
fn bounds_and_yes_by_fourth_quarter() {
    let plan = default_plan().unwrap();
    let u = unit("0101", &[("B02", 120.0), ("D04", 0.0)], 100.0, 5.0);
    let r = evaluate_targets(&plan, q(3), &u);
    assert_eq!(
        target(&r, "B02").state,
        TargetState::Missed,
        "120 promised by 100 members"
    );
    assert_eq!(
        target(&r, "D04").state,
        TargetState::OnTrack,
        "not due before Q4"
    );
    let r = evaluate_targets(&plan, q(4), &u);
    assert_eq!(target(&r, "D04").state, TargetState::Missed);
}

#[test]
fn scores_bands_and_shared_ranks() {
    let plan = default_plan().unwrap();
    let mk = |code: &str, states: &[(&str, TargetState, f64)]| -> Vec<TargetResult> {
        let _ = code;
        states
            .iter()
            .map(|(c, s, w)| TargetResult {
                indicator: (*c).into(),
                state: *s,
                actual: 0.0,
                required: 0.0,
                basis: Basis::Missing(""),
                weight: *w,
            })
            .collect()
    };
    let units = [
        unit("0101", &[], 1.0, 0.0),
        unit("0102", &[], 1.0, 0.0),
        unit("0103", &[], 1.0, 0.0),
    ];
    let targets = vec![
        mk(
            "0101",
            &[
                ("A01", TargetState::Met, 8.0),
                ("A02", TargetState::Missed, 2.0),
            ],
        ),
        mk(
            "0102",
            &[
                ("A01", TargetState::OnTrack, 6.0),
                ("A02", TargetState::Behind, 4.0),
            ],
        ),
        mk(
            "0103",
            &[
                ("A01", TargetState::Met, 8.0),
                ("A02", TargetState::NotApplicable, 2.0),
                ("A03", TargetState::Missed, 2.0),
            ],
        ),
    ];
    let scores = rank(
        units
            .iter()
            .zip(&targets)
            .map(|(unit, results)| unit_score(&plan, &unit.unit_code, results))
            .collect(),
    );
    let summary: Vec<(&str, f64, &str, usize)> = scores
        .iter()
        .map(|s| (s.unit_code.as_str(), s.score, s.band.as_str(), s.rank))
        .collect();
    assert_eq!(
        summary,
        [
            ("0101", 80.0, "良好", 1),
            ("0103", 80.0, "良好", 1),
            ("0102", 60.0, "合格", 3)
        ]
    );
}

fn scored(quarter: u8, scores: &[(&str, f64)]) -> Aggregates {
    Aggregates {
        quarter: q(quarter),
        units: Vec::new(),
        excluded: Vec::new(),
        indicators: Vec::new(),
        totals: Totals::default(),
        categories: Vec::new(),
        rollups: Vec::new(),
        targets: TargetStates::default(),
        scores: scores
            .iter()
            .map(|(code, score)| UnitScore {
                unit_code: code.to_string(),
                score: *score,
                band: String::new(),
                rank: 0,
                met: 0,
                assessed: 0,
            })
            .collect(),
    }
}

#[test]
fn the_year_averages_scored_quarters_and_proposes_the_top_band() {
    let plan = default_plan().unwrap();
    let quarters = vec![
        scored(1, &[("0101", 90.0), ("0102", 100.0), ("0103", 95.0)]),
        scored(2, &[("0101", 94.0), ("0102", 100.0), ("0103", 85.0)]),
        scored(3, &[("0101", 92.0), ("0103", 92.0)]),
        scored(4, &[("0101", 96.0), ("0102", 100.0), ("0103", 88.0)]),
    ];
    let quarters: Vec<QuarterOfYear> = quarters.into_iter().map(QuarterOfYear::from).collect();
    let year = annual_summary(&plan, &quarters);
    assert_eq!(year.quarters, [1, 2, 3, 4]);
    let unit = |code: &str| {
        year.units
            .iter()
            .find(|u| u.unit_code == code)
            .unwrap()
            .clone()
    };
    assert_eq!(unit("0101").score, Some(93.0));
    assert_eq!(unit("0101").band, "优秀");
    assert_eq!(
        unit("0102").quarter_scores,
        [Some(100.0), Some(100.0), None, Some(100.0)]
    );
    assert_eq!((unit("0102").score, unit("0102").rank), (Some(100.0), 1));
    assert_eq!(
        (
            unit("0103").score,
            unit("0103").band.as_str(),
            unit("0103").rank
        ),
        (Some(90.0), "优秀", 3)
    );
    assert_eq!((unit("0104").score, unit("0104").rank), (None, 0));
    // 0102 missed a quarter: not proposed although first.
    assert_eq!(year.candidates, ["0101", "0103"]);
}

#[test]
fn moving_the_records_aggregates_as_copying_them() {
    use crate::check::FileResult;
    let plan = default_plan().unwrap();
    let results: Vec<FileResult> = sample_results(&plan, q(2), "samples/2011Q2");
    let as_of = chrono::NaiveDate::from_ymd_opt(2011, 7, 20).unwrap();
    let report = crate::check::check_inbox(&plan, q(2), &results, &[], as_of);
    let copied = accepted_records(&results);
    let moved = into_accepted_records(results.clone());
    assert_eq!(copied, moved);
    assert!(copied.len() > 20, "most sample units are accepted");
    assert_eq!(
        aggregate(&plan, q(2), &report, &copied, &[]),
        aggregate_owned(&plan, q(2), &report, moved, &[])
    );
}

#[test]
fn earlier_quarters_values_are_shared_with_the_aggregation_not_copied() {
    // Regression: each unit's earlier values were cloned into its figures;
    // at 10,000 units the fourth quarter's run peaked at 331 MB once.
    let plan = default_plan().unwrap();
    let first = accepted_values(&sample_results(&plan, q(1), "samples/2011Q1"));
    let results = sample_results(&plan, q(2), "samples/2011Q2");
    let as_of = chrono::NaiveDate::from_ymd_opt(2011, 7, 20).unwrap();
    let report = crate::check::check_inbox_with(&plan, q(2), &results, &[&first], as_of);
    let aggregates = aggregate_owned(
        &plan,
        q(2),
        &report,
        into_accepted_records(results),
        std::slice::from_ref(&first),
    );
    let mut shared = 0;
    for unit in &aggregates.units {
        let earlier = unit.earlier[0].as_ref();
        assert_eq!(earlier.is_some(), first.contains_key(&unit.unit_code));
        if let Some(values) = earlier {
            assert!(
                values.shares_with(&first[&unit.unit_code]),
                "{}",
                unit.unit_code
            );
            shared += 1;
        }
    }
    assert!(
        shared > 20,
        "most sample units have both quarters: {shared}"
    );
    // 0101's 党委中心组集中学习 (A01): twice in each quarter.
    let unit = &aggregates.units[0];
    assert_eq!(unit.unit_code, "0101");
    assert_eq!(first["0101"].get("A01"), Some(2.0));
    assert_eq!(
        (unit.value("A01"), unit.year_to_date("A01")),
        (Some(2.0), Some(4.0))
    );
}

#[test]
fn every_kind_of_target_in_words() {
    let plan = default_plan().unwrap();
    let words = |quarter: u8, values: &[(&str, f64)], members: f64, code: &str| {
        let u = unit("0101", values, members, 5.0);
        let results = evaluate_targets(&plan, q(quarter), &u);
        let result = target(&results, code);
        (result.state, result.detail(&plan))
    };
    let expect = |state: TargetState, text: &str| (state, text.to_string());
    assert_eq!(
        words(4, &[("A01", 7.0)], 100.0, "A01"),
        expect(TargetState::Met, "全年 7次，要求不少于 6次")
    );
    assert_eq!(
        words(3, &[("A01", 5.0)], 100.0, "A01"),
        expect(
            TargetState::OnTrack,
            "年初至今 5次，全年要求 6次，进度要求 4.5次"
        )
    );
    assert_eq!(
        words(1, &[("A02", 0.0)], 100.0, "A02"),
        expect(TargetState::Missed, "本季度 0次，要求不少于 1次")
    );
    assert_eq!(
        words(1, &[("B06", 92.5)], 100.0, "B06"),
        expect(TargetState::Met, "本季度 92.5%，要求不少于 90%")
    );
    assert_eq!(
        words(1, &[("A03", 3.0)], 0.0, "A03"),
        expect(TargetState::NotApplicable, "党员总数为 0，不计比例")
    );
    assert_eq!(
        words(1, &[("B02", 120.0)], 100.0, "B02"),
        expect(
            TargetState::Missed,
            "公开承诺党员数 120，不超过党员总数 100"
        )
    );
    assert_eq!(
        words(1, &[("D01", 2.0), ("D02", 1.0)], 100.0, "D02"),
        expect(
            TargetState::Met,
            "其中：学科带头人 1，不超过引进高层次人才 2"
        )
    );
    assert_eq!(
        words(4, &[("D04", 0.0)], 100.0, "D04"),
        expect(TargetState::Missed, "第四季度仍为“否”")
    );
    assert_eq!(
        words(2, &[("D04", 0.0)], 100.0, "D04"),
        expect(TargetState::OnTrack, "目前为“否”，第四季度前应为“是”")
    );
    assert_eq!(
        words(2, &[("D04", 1.0)], 100.0, "D04"),
        expect(TargetState::Met, "已为“是”")
    );
    assert_eq!(
        words(1, &[], 100.0, "A02"),
        expect(TargetState::NotApplicable, "未填报")
    );
}

#[test]
fn target_states_are_each_units_results_by_indicator() {
    let plan = default_plan().unwrap();
    let units = [
        unit("0101", &[("A01", 3.0), ("A02", 1.0)], 40.0, 5.0),
        unit("0102", &[], 20.0, 3.0),
        unit("0103", &[("A01", 0.0), ("A03", 35.0)], 40.0, 5.0),
    ];
    let results: Vec<Vec<TargetResult>> = units
        .iter()
        .map(|u| evaluate_targets(&plan, q(2), u))
        .collect();
    let mut states = TargetStates::new(&plan, units.len());
    for r in &results {
        states.push(&r.iter().map(|t| t.state).collect::<Vec<_>>());
    }
    assert_eq!(states.units(), 3);
    let targeted: Vec<&str> = states
        .targeted()
        .iter()
        .map(|&i| plan.indicators[i].code.as_str())
        .collect();
    let with_targets: Vec<&str> = plan
        .indicators
        .iter()
        .filter(|i| i.target.is_some())
        .map(|i| i.code.as_str())
        .collect();
    assert_eq!(targeted, with_targets);
    // Unit by unit, and indicator by indicator, the states of a search
    // through each unit's results by code.
    for (u, r) in results.iter().enumerate() {
        let searched: Vec<TargetState> = targeted.iter().map(|c| target(r, c).state).collect();
        assert_eq!(states.of_unit(u), searched.as_slice(), "unit {u}");
    }
    for (i, indicator) in plan.indicators.iter().enumerate() {
        let searched: Vec<(usize, TargetState)> = results
            .iter()
            .enumerate()
            .filter_map(|(u, r)| {
                r.iter()
                    .find(|t| t.indicator == indicator.code)
                    .map(|t| (u, t.state))
            })
            .collect();
        let on: Vec<(usize, TargetState)> = states.on_indicator(i).collect();
        assert_eq!(on, searched, "{}", indicator.code);
    }
    // By hand: A01 is an annual target, tracked pro rata before Q4; at Q2,
    // 3 is on track and 0 behind; a unit without the figure is not assessed.
    let a01 = plan.indicator_position("A01").unwrap();
    assert_eq!(
        states.on_indicator(a01).collect::<Vec<_>>(),
        [
            (0, TargetState::OnTrack),
            (1, TargetState::NotApplicable),
            (2, TargetState::Behind)
        ]
    );
    // A short row is filled up, so that the next unit stays aligned.
    states.push(&[TargetState::Met]);
    states.push(&results[0].iter().map(|t| t.state).collect::<Vec<_>>());
    assert_eq!(states.units(), 5);
    assert_eq!(states.of_unit(3)[0], TargetState::Met);
    assert!(states.of_unit(3)[1..]
        .iter()
        .all(|s| *s == TargetState::NotApplicable));
    assert_eq!(states.of_unit(4), states.of_unit(0));
    assert_eq!(states.of_unit(5), &[] as &[TargetState]);
    // An indicator without a target has no states.
    let untargeted = plan.indicators.iter().position(|i| i.target.is_none());
    if let Some(i) = untargeted {
        assert_eq!(states.on_indicator(i).count(), 0);
    }
}

#[test]
fn aggregates_keep_states_and_remake_the_same_results() {
    let plan = default_plan().unwrap();
    let units = vec![
        unit("0101", &[("A01", 3.0), ("A02", 1.0)], 40.0, 5.0),
        unit("0103", &[("A01", 0.0)], 40.0, 5.0),
    ];
    let results: Vec<Vec<TargetResult>> = units
        .iter()
        .map(|u| evaluate_targets(&plan, q(1), u))
        .collect();
    let mut targets = TargetStates::new(&plan, 2);
    for r in &results {
        targets.push(&r.iter().map(|t| t.state).collect::<Vec<_>>());
    }
    let aggregates = Aggregates {
        quarter: q(1),
        units,
        excluded: Vec::new(),
        indicators: Vec::new(),
        totals: Totals::default(),
        categories: Vec::new(),
        rollups: Vec::new(),
        targets,
        scores: Vec::new(),
    };
    assert_eq!(aggregates.target_results(&plan, 0), results[0]);
    assert_eq!(aggregates.target_results(&plan, 1), results[1]);
    assert_eq!(aggregates.target_results(&plan, 2), Vec::new());
}

#[test]
fn plan_order_places_a_units_figures_and_skips_codes_the_plan_lacks() {
    let mut plan = default_plan().unwrap();
    let position = |code: &str| plan.indicator_position(code).unwrap();
    let (a01, b06, d04) = (position("A01"), position("B06"), position("D04"));
    let values: ByCode<f64> = [
        ("D04", 1.0),
        ("ZZ9", 7.0),
        ("A01", 2.0),
        ("A00", 3.0),
        ("B06", 97.5),
    ]
    .into_iter()
    .collect();
    let order = PlanOrder::new(&plan);
    let placed: Vec<(usize, &str, f64)> =
        order.place(&values).map(|(i, c, v)| (i, c, *v)).collect();
    assert_eq!(
        placed,
        vec![(a01, "A01", 2.0), (b06, "B06", 97.5), (d04, "D04", 1.0)]
    );
    assert_eq!(
        PlanOrder::new(&plan).place(&ByCode::<f64>::new()).count(),
        0
    );

    // Of two indicators with one code the first counts, as with
    // `Plan::indicator_position`.
    let mut twin = plan.indicators[a01].clone();
    twin.name = "重复".to_string();
    plan.indicators.push(twin);
    let order = PlanOrder::new(&plan);
    let placed: Vec<usize> = order.place(&values).map(|(i, _, _)| i).collect();
    assert_eq!(placed, vec![a01, b06, d04]);
}

//! 通报: the quarterly bulletin — wording from `templates/docs/bulletin.j2`,
//! every number from the run's aggregates and check report, and an attached
//! table of each unit's attainment and score.

use chrono::NaiveDate;
use serde::Serialize;

use super::model::{Align, Attachment, Block, Document, Table};
use super::notices::{authority_head, compose};
use super::wording::Templates;
use crate::aggregate::{Aggregates, TargetState};
use crate::check::{CheckReport, SubmissionStatus};
use crate::plan::{format_date, format_number, Operand, Plan, Scope, Target, ValueKind};
use crate::render::RenderError;

#[derive(Debug, Serialize)]
struct Figure {
    name: String,
    total: String,
    mean: String,
    ytd: Option<String>,
    change: Option<String>,
}

#[derive(Debug, Serialize)]
struct Rate {
    text: String,
    met: bool,
    required: String,
}

#[derive(Debug, Serialize)]
struct TargetLine {
    name: String,
    target: String,
    met: usize,
    not_met: usize,
    assessed: usize,
    percent: String,
    units: Vec<String>,
    more: usize,
}

#[derive(Debug, Serialize)]
struct Returned {
    name: String,
    errors: usize,
}

#[derive(Debug, Serialize)]
struct Scored {
    name: String,
    score: String,
}

#[derive(Debug, Serialize)]
struct BandCount {
    band: String,
    count: usize,
}

#[derive(Debug, Serialize)]
struct BulletinContext {
    quarter_label: String,
    plan_title: String,
    system: String,
    authority: String,
    printer: String,
    roster_count: usize,
    accepted_count: usize,
    submitted_count: usize,
    late_count: usize,
    late_units: Vec<String>,
    returned_count: usize,
    returned_units: Vec<Returned>,
    missing_count: usize,
    missing_units: Vec<String>,
    on_time_percent: String,
    deadline: String,
    key_figures: Vec<Figure>,
    rates: Vec<Rate>,
    best_targets: Vec<TargetLine>,
    weak_targets: Vec<TargetLine>,
    top_band: String,
    top_units: Vec<Scored>,
    band_counts: Vec<BandCount>,
    low_band: String,
    low_units: Vec<Scored>,
    next_quarter_label: Option<String>,
    next_deadline: Option<String>,
}

/// `96.2%`.
fn percent(ratio: f64) -> String {
    format!("{:.1}%", ratio * 100.0)
}

/// Share of the assessed units a target is met by, below which it is named
/// as a problem.
const WEAK_SHARE: f64 = 0.8;
/// …and above which it is named as an achievement.
const BEST_SHARE: f64 = 0.9;
/// Units named per weak target in the text; the table lists them all.
const NAMES_PER_TARGET: usize = 5;
/// Targets named as achievements, and as problems, at most.
const BEST_TARGETS: usize = 3;
const WEAK_TARGETS: usize = 4;

fn context(plan: &Plan, aggregates: &Aggregates, report: &CheckReport) -> BulletinContext {
    let quarter = aggregates.quarter;
    let style = plan.date_style;
    let name = |code: &str| {
        plan.unit(code)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let by_status = |status: SubmissionStatus| -> Vec<&crate::check::StatusRow> {
        report
            .statuses
            .iter()
            .filter(|s| s.status == status)
            .collect()
    };
    let submitted = by_status(SubmissionStatus::Submitted);
    let late = by_status(SubmissionStatus::Late);
    let returned = by_status(SubmissionStatus::Returned);
    let missing = by_status(SubmissionStatus::Missing);

    // Work done: counts with a target, plan order.
    let key_figures = plan
        .indicators
        .iter()
        .zip(&aggregates.indicators)
        .filter(|(i, _)| i.kind == ValueKind::Count && i.target.is_some() && i.ledger.is_some())
        .map(|(indicator, total)| Figure {
            name: indicator.name.clone(),
            total: format!("{}{}", format_number(total.total), indicator.measure),
            mean: total.mean.map(format_number).unwrap_or_default(),
            ytd: total
                .year_to_date
                .filter(|_| quarter.number() > 1)
                .map(|y| format!("{}{}", format_number(y), indicator.measure)),
            change: total.change().map(|c| {
                if c >= 0.0 {
                    format!("增长{}", percent(c))
                } else {
                    format!("下降{}", percent(-c))
                }
            }),
        })
        .collect();

    // System-wide rates: the sums of numerators over the sums of denominators.
    let mut rates = Vec::new();
    for indicator in &plan.indicators {
        let Some(Target::RateAtLeast {
            numerator,
            denominator,
            min_ratio,
            scope,
        }) = &indicator.target
        else {
            continue;
        };
        let mut num = 0.0;
        let mut den = 0.0;
        for unit in &aggregates.units {
            let n = match scope {
                Scope::Quarter => unit.value(numerator),
                Scope::YearToDate => unit.year_to_date(numerator),
            };
            let d = match denominator {
                Operand::Field(field) => unit.fields.get(field).copied(),
                Operand::Indicator(code) => match scope {
                    Scope::Quarter => unit.value(code),
                    Scope::YearToDate => unit.year_to_date(code),
                },
                Operand::Number(n) => Some(*n),
            };
            if let (Some(n), Some(d)) = (n, d) {
                num += n;
                den += d;
            }
        }
        if den <= 0.0 {
            continue;
        }
        let ratio = num / den;
        let scope_text = if *scope == Scope::YearToDate {
            "年初至今，"
        } else {
            ""
        };
        rates.push(Rate {
            text: format!(
                "{scope_text}全系统{}占{}的{}（{}/{}）",
                plan.describe_operand(&Operand::Indicator(numerator.clone())),
                plan.describe_operand(denominator),
                percent(ratio),
                format_number(num),
                format_number(den)
            ),
            met: crate::aggregate::round6(ratio) >= crate::aggregate::round6(*min_ratio),
            required: percent(*min_ratio),
        });
    }

    // Targets by how widely they are met.
    let mut lines: Vec<(f64, bool, TargetLine)> = Vec::new();
    for (position, indicator) in plan
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, i)| i.target.is_some())
    {
        // Achievements are minimums met this quarter, not bounds kept or
        // annual tasks merely on schedule.
        let creditable = matches!(
            indicator.target,
            Some(Target::EveryQuarterAtLeast { .. }) | Some(Target::RateAtLeast { .. })
        );
        let mut met = 0;
        let mut not_met_units = Vec::new();
        for (unit, state) in aggregates.targets.on_indicator(position) {
            let Some(unit) = aggregates.units.get(unit) else {
                continue;
            };
            match state {
                TargetState::NotApplicable => {}
                s if s.is_met() => met += 1,
                _ => not_met_units.push(name(&unit.unit_code)),
            }
        }
        let assessed = met + not_met_units.len();
        if assessed == 0 {
            continue;
        }
        let share = met as f64 / assessed as f64;
        let more = not_met_units.len().saturating_sub(NAMES_PER_TARGET);
        lines.push((
            share,
            creditable,
            TargetLine {
                name: indicator.name.clone(),
                target: plan.describe_target(indicator),
                met,
                not_met: not_met_units.len(),
                assessed,
                percent: percent(share),
                units: not_met_units.into_iter().take(NAMES_PER_TARGET).collect(),
                more,
            },
        ));
    }
    let mut best: Vec<&(f64, bool, TargetLine)> = lines
        .iter()
        .filter(|(s, c, _)| *c && *s >= BEST_SHARE)
        .collect();
    // Widest first; plan order among equals.
    best.sort_by(|a, b| b.0.total_cmp(&a.0));
    let best_names: Vec<String> = best
        .iter()
        .take(BEST_TARGETS)
        .map(|(_, _, l)| l.name.clone())
        .collect();
    let mut weak: Vec<(f64, TargetLine)> = Vec::new();
    let mut best_targets = Vec::new();
    for (share, _, line) in lines {
        if best_names.contains(&line.name) {
            best_targets.push(line);
        } else if share < WEAK_SHARE {
            weak.push((share, line));
        }
    }
    weak.sort_by(|a, b| a.0.total_cmp(&b.0));
    let weak_targets = weak
        .into_iter()
        .take(WEAK_TARGETS)
        .map(|(_, l)| l)
        .collect();

    let top_band = plan.scoring.top_band();
    let low_band = plan.scoring.bottom_band();
    let scored = |band: &str| -> Vec<Scored> {
        aggregates
            .scores
            .iter()
            .filter(|s| s.band == band)
            .map(|s| Scored {
                name: name(&s.unit_code),
                score: format_number(s.score),
            })
            .collect()
    };
    let band_counts = plan
        .scoring
        .bands
        .iter()
        .map(|b| BandCount {
            band: b.name.clone(),
            count: aggregates
                .scores
                .iter()
                .filter(|s| s.band == b.name)
                .count(),
        })
        .collect();
    let next = crate::plan::Quarter::new(quarter.year(), quarter.number() + 1);
    let roster = report.statuses.len();
    BulletinContext {
        quarter_label: quarter.chinese_label(),
        plan_title: plan.title.clone(),
        system: plan.system_name(),
        authority: plan.authority.full_name.clone(),
        printer: plan.authority.printer.clone(),
        roster_count: roster,
        accepted_count: aggregates.units.len(),
        submitted_count: submitted.len(),
        late_count: late.len(),
        late_units: late.iter().map(|s| s.unit_name.clone()).collect(),
        returned_count: returned.len(),
        returned_units: returned
            .iter()
            .map(|s| Returned {
                name: s.unit_name.clone(),
                errors: s.errors,
            })
            .collect(),
        missing_count: missing.len(),
        missing_units: missing.iter().map(|s| s.unit_name.clone()).collect(),
        on_time_percent: if roster > 0 {
            percent(submitted.len() as f64 / roster as f64)
        } else {
            percent(0.0)
        },
        deadline: format_date(report.due_date, style),
        key_figures,
        rates,
        best_targets,
        weak_targets,
        top_units: if low_band == top_band {
            Vec::new()
        } else {
            scored(&top_band)
        },
        low_units: if low_band == top_band {
            Vec::new()
        } else {
            scored(&low_band)
        },
        top_band,
        band_counts,
        low_band,
        next_quarter_label: next.map(|q| q.chinese_label()),
        next_deadline: next.map(|q| format_date(plan.deadline.due_date(q), style)),
    }
}

/// The attached table: every roster unit with its attainment and score.
/// Rosters up to this size get every unit in the attached tables; a larger
/// one (a province's thousands of branches) gets the first units by rank,
/// and the full list stays in the summary workbook — a Word table of
/// thousands of rows is neither printed nor read, and costs hundreds of MB
/// to build.
pub const FULL_TABLE_MAX_UNITS: usize = 300;
/// Units listed when the roster is larger.
pub const TABLE_TOP_UNITS: usize = 100;

fn scores_table(plan: &Plan, aggregates: &Aggregates) -> Table {
    let full = aggregates.scores.len() + aggregates.excluded.len() <= FULL_TABLE_MAX_UNITS;
    let mut table = Table::new(["名次", "单位", "得分", "档次", "达标项/考核项", "达标率"]);
    table.align = vec![
        Align::Center,
        Align::Left,
        Align::Center,
        Align::Center,
        Align::Center,
        Align::Center,
    ];
    table.widths = vec![5, 36, 7, 12, 11, 8];
    let name = |code: &str| {
        plan.unit(code)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let listed = if full {
        aggregates.scores.len()
    } else {
        TABLE_TOP_UNITS
    };
    for score in aggregates.scores.iter().take(listed) {
        let share = if score.assessed > 0 {
            percent(score.met as f64 / score.assessed as f64)
        } else {
            String::new()
        };
        table.push_row([
            score.rank.to_string(),
            name(&score.unit_code),
            format_number(score.score),
            score.band.clone(),
            format!("{}/{}", score.met, score.assessed),
            share,
        ]);
    }
    for excluded in aggregates.excluded.iter().filter(|_| full) {
        let why = match excluded.status {
            SubmissionStatus::Returned => "退回未评分",
            _ => "未报未评分",
        };
        table.push_row([
            String::new(),
            name(&excluded.unit_code),
            String::new(),
            why.to_string(),
            String::new(),
            String::new(),
        ]);
    }
    table
}

/// The quarterly bulletin. `number` is the N of 发文字号 (blank when `None`);
/// `date` the document's date.
pub fn bulletin(
    plan: &Plan,
    aggregates: &Aggregates,
    report: &CheckReport,
    number: Option<u32>,
    date: NaiveDate,
    templates: &Templates,
) -> Result<Document, RenderError> {
    let worded = templates.render("bulletin.j2", context(plan, aggregates, report))?;
    let mut doc = compose(
        plan,
        authority_head(plan, number, date),
        worded,
        date,
        plan.authority.copy_to.clone(),
        &plan.authority.full_name,
    );
    if doc.title.is_empty() {
        doc.title = format!(
            "关于{}{}党建工作情况的通报",
            aggregates.quarter.chinese_label(),
            plan.system_name()
        );
    }
    let table_title = format!(
        "{}各单位目标完成和考核得分情况表",
        aggregates.quarter.chinese_label()
    );
    let roster = aggregates.scores.len() + aggregates.excluded.len();
    let mut note = "说明：得分为已达标（含进度正常）目标的权重之和占参加考核目标权重之和的百分比；得分相同的名次相同；退回和未报的单位不评分。".to_string();
    if roster > FULL_TABLE_MAX_UNITS {
        note.push_str(&format!(
            "本表列出得分前{TABLE_TOP_UNITS}名；全部{}个评分单位的得分和名次见汇总表“考核得分排名”工作表，退回和未报单位见“报送情况”工作表。",
            aggregates.scores.len()
        ));
    }
    doc.attachments.push(Attachment {
        title: table_title,
        body: vec![
            Block::Table(scores_table(plan, aggregates)),
            Block::Paragraph(note),
        ],
    });
    Ok(doc)
}

/// The bulletin's file name: 关于2011年第一季度市直卫生系统党建工作情况的通报.docx.
pub fn bulletin_file_name(plan: &Plan, aggregates: &Aggregates) -> String {
    crate::output::safe_file_name(&format!(
        "关于{}{}党建工作情况的通报.docx",
        aggregates.quarter.chinese_label(),
        plan.system_name()
    ))
}

#[derive(Debug, Serialize)]
struct AnnualContext {
    year: i32,
    plan_title: String,
    system: String,
    authority: String,
    printer: String,
    quarter_count: usize,
    missing_quarters: Vec<String>,
    roster_count: usize,
    scored_count: usize,
    full_count: usize,
    key_figures: Vec<Figure>,
    top_band: String,
    candidates: Vec<Scored>,
    band_counts: Vec<BandCount>,
    low_band: String,
    low_units: Vec<Scored>,
    unscored: Vec<String>,
}

/// 年度总结: the year's work and scores, the units proposed for
/// commendation, and an attached table of every unit's quarterly and yearly
/// scores.
pub fn annual_report(
    plan: &Plan,
    year: &crate::aggregate::AnnualSummary,
    quarters: &[crate::aggregate::QuarterOfYear],
    number: Option<u32>,
    date: NaiveDate,
    templates: &Templates,
) -> Result<Document, RenderError> {
    let name = |code: &str| {
        plan.unit(code)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let quarter_names = ["第一季度", "第二季度", "第三季度", "第四季度"];
    let key_figures = plan
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, i)| i.kind == ValueKind::Count && i.target.is_some() && i.ledger.is_some())
        .map(|(k, indicator)| {
            let total: f64 = quarters
                .iter()
                .filter_map(|a| a.indicators.get(k).map(|t| t.total))
                .sum();
            Figure {
                name: indicator.name.clone(),
                total: format!("{}{}", format_number(total), indicator.measure),
                mean: String::new(),
                ytd: None,
                change: None,
            }
        })
        .collect();
    let top_band = plan.scoring.top_band();
    let low_band = plan.scoring.bottom_band();
    let scored_with = |band: &str| -> Vec<Scored> {
        let mut units: Vec<&crate::aggregate::AnnualUnit> = year
            .units
            .iter()
            .filter(|u| u.score.is_some() && u.band == band)
            .collect();
        units.sort_by_key(|u| u.rank);
        units
            .into_iter()
            .map(|u| Scored {
                name: name(&u.unit_code),
                score: format_number(u.score.unwrap_or(0.0)),
            })
            .collect()
    };
    let context = AnnualContext {
        year: year.year,
        plan_title: plan.title.clone(),
        system: plan.system_name(),
        authority: plan.authority.full_name.clone(),
        printer: plan.authority.printer.clone(),
        quarter_count: year.quarters.len(),
        missing_quarters: (1..=4u8)
            .filter(|q| !year.quarters.contains(q))
            .map(|q| quarter_names[usize::from(q - 1)].to_string())
            .collect(),
        roster_count: year.units.len(),
        scored_count: year.units.iter().filter(|u| u.score.is_some()).count(),
        full_count: year
            .units
            .iter()
            .filter(|u| u.quarters_scored() == 4)
            .count(),
        key_figures,
        candidates: year
            .candidates
            .iter()
            .filter_map(|c| year.units.iter().find(|u| &u.unit_code == c))
            .map(|u| Scored {
                name: name(&u.unit_code),
                score: format_number(u.score.unwrap_or(0.0)),
            })
            .collect(),
        band_counts: plan
            .scoring
            .bands
            .iter()
            .map(|b| BandCount {
                band: b.name.clone(),
                count: year
                    .units
                    .iter()
                    .filter(|u| u.score.is_some() && u.band == b.name)
                    .count(),
            })
            .collect(),
        low_units: if low_band == top_band {
            Vec::new()
        } else {
            scored_with(&low_band)
        },
        top_band,
        low_band,
        unscored: year
            .units
            .iter()
            .filter(|u| u.score.is_none())
            .map(|u| name(&u.unit_code))
            .collect(),
    };
    let worded = templates.render("annual.j2", context)?;
    let mut doc = compose(
        plan,
        authority_head(plan, number, date),
        worded,
        date,
        plan.authority.copy_to.clone(),
        &plan.authority.full_name,
    );
    if doc.title.is_empty() {
        doc.title = format!(
            "{}年度{}党建工作考核情况总结",
            year.year,
            plan.system_name()
        );
    }
    let mut table = Table::new([
        "名次",
        "单位",
        "一季度",
        "二季度",
        "三季度",
        "四季度",
        "年度得分",
        "档次",
    ]);
    table.align = vec![
        Align::Center,
        Align::Left,
        Align::Center,
        Align::Center,
        Align::Center,
        Align::Center,
        Align::Center,
        Align::Center,
    ];
    table.widths = vec![5, 30, 7, 7, 7, 7, 8, 8];
    let mut order: Vec<&crate::aggregate::AnnualUnit> = year.units.iter().collect();
    order.sort_by_key(|u| if u.rank == 0 { usize::MAX } else { u.rank });
    let full = order.len() <= FULL_TABLE_MAX_UNITS;
    let listed = if full { order.len() } else { TABLE_TOP_UNITS };
    for unit in order.into_iter().take(listed) {
        let mut row = vec![
            if unit.rank > 0 {
                unit.rank.to_string()
            } else {
                String::new()
            },
            name(&unit.unit_code),
        ];
        for (q, score) in unit.quarter_scores.iter().enumerate() {
            row.push(match score {
                Some(s) => format_number(*s),
                None if year.quarters.contains(&(q as u8 + 1)) => "—".to_string(),
                None => String::new(),
            });
        }
        row.push(
            unit.score
                .map(format_number)
                .unwrap_or_else(|| "未评分".to_string()),
        );
        row.push(if year.candidates.contains(&unit.unit_code) {
            format!("{}★", unit.band)
        } else {
            unit.band.clone()
        });
        table.push_row(row);
    }
    doc.attachments.push(Attachment {
        title: format!("{}年度各单位党建目标考核得分汇总表", year.year),
        body: vec![
            Block::Table(table),
            Block::Paragraph(if full {
                "说明：年度得分为已评分各季度得分的平均值；“—”为该季度退回或未报、未评分；★为建议表彰的单位（最高档次且四个季度均审核通过）。"
                    .to_string()
            } else {
                format!("说明：年度得分为已评分各季度得分的平均值；“—”为该季度退回或未报、未评分；★为建议表彰的单位（最高档次且四个季度均审核通过）。本表列出年度得分前{TABLE_TOP_UNITS}名，全部单位见年度汇总表。")
            }),
        ],
    });
    Ok(doc)
}

/// 2011年度市直卫生系统党建工作考核情况总结.docx.
pub fn annual_file_name(plan: &Plan, year: i32) -> String {
    crate::output::safe_file_name(&format!(
        "{year}年度{}党建工作考核情况总结.docx",
        plan.system_name()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::UnitScore;

    fn aggregates(scored: usize) -> Aggregates {
        Aggregates {
            quarter: crate::plan::Quarter::new(2011, 1).unwrap(),
            units: Vec::new(),
            excluded: Vec::new(),
            indicators: Vec::new(),
            totals: crate::aggregate::Totals::default(),
            categories: Vec::new(),
            rollups: Vec::new(),
            targets: crate::aggregate::TargetStates::default(),
            scores: (0..scored)
                .map(|i| UnitScore {
                    unit_code: format!("{i:05}"),
                    score: 100.0 - i as f64 / 10.0,
                    band: "优秀".into(),
                    rank: i + 1,
                    met: 20,
                    assessed: 21,
                })
                .collect(),
        }
    }

    #[test]
    fn large_rosters_attach_the_first_units_only() {
        let plan = crate::plan::default_plan().unwrap();
        let table = scores_table(&plan, &aggregates(FULL_TABLE_MAX_UNITS));
        assert_eq!(
            table.rows.len(),
            FULL_TABLE_MAX_UNITS,
            "every unit up to the limit"
        );
        let table = scores_table(&plan, &aggregates(FULL_TABLE_MAX_UNITS + 1));
        assert_eq!(table.rows.len(), TABLE_TOP_UNITS);
        assert_eq!(table.rows[0][..4], ["1", "00000", "100", "优秀"]);
        assert_eq!(table.rows[0][4], "20/21");
    }
}

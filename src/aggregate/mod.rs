//! Aggregation (汇总): accepted submissions → totals per indicator, per unit
//! category and up the unit tree; year-to-date figures; targets per unit;
//! scores, bands and ranks. Pure functions over small per-unit records.
//!
//! Units whose submission was returned (退回, has 错误) or that did not submit
//! (未报) are not in the totals and are not scored: they are listed in
//! [`Aggregates::excluded`] with their status.

mod annual;
mod figures;
mod targets;

pub use annual::{annual_summary, AnnualSummary, AnnualUnit, QuarterOfYear};
use figures::indicators_of;
pub use figures::{
    category_totals, indicator_totals, rollup, round6, units_by_category, IndicatorTotal,
    PlanOrder, Rollup, Totals,
};
pub use targets::{
    evaluate_targets, rank, unit_score, Basis, TargetResult, TargetState, TargetStates, UnitScore,
};

use rayon::prelude::*;
use std::collections::BTreeMap;

use crate::cell::CellRef;
use crate::check::{
    ByCode, CheckReport, CodeLists, EarlierValues, FileResult, QuarterValues, SubmissionStatus,
    UnitRecord,
};
use crate::plan::{BasicField, Plan, Quarter};

/// One accepted unit's figures for the quarter, each with the file and cell
/// it came from, and its figures of the earlier quarters of the year.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitFigures {
    pub unit_code: String,
    /// The file the figures came from.
    pub file: String,
    /// This quarter's 本季度完成 by indicator code.
    pub values: ByCode<(f64, CellRef)>,
    /// 党员总数, 领导干部人数, 党支部数.
    pub fields: BTreeMap<BasicField, f64>,
    /// Earlier quarters of the year (oldest first): values by indicator,
    /// `None` for a quarter the unit has no accepted submission in. Shared
    /// with the quarter's [`QuarterValues`].
    pub earlier: Vec<Option<EarlierValues>>,
}

impl UnitFigures {
    pub fn value(&self, code: &str) -> Option<f64> {
        self.values.get(code).map(|(v, _)| *v)
    }

    /// This quarter plus the earlier quarters' figures of the year.
    pub fn year_to_date(&self, code: &str) -> Option<f64> {
        Some(self.value(code)? + self.earlier_sum(code))
    }

    /// The earlier quarters' figures of `code`, summed.
    fn earlier_sum(&self, code: &str) -> f64 {
        self.earlier
            .iter()
            .flatten()
            .filter_map(|q| q.get(code))
            .sum::<f64>()
    }

    /// The previous quarter's figure, when the unit has one.
    pub fn previous(&self, code: &str) -> Option<f64> {
        self.earlier.last()?.as_ref()?.get(code)
    }
}

/// A roster unit left out of totals and scores, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Excluded {
    pub unit_code: String,
    pub status: SubmissionStatus,
    /// Number of 错误 of a returned submission.
    pub errors: usize,
}

/// Everything the summary workbook and the bulletin show.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregates {
    pub quarter: Quarter,
    /// Accepted units (已报, 逾期), roster order.
    pub units: Vec<UnitFigures>,
    /// Roster units not aggregated (退回, 未报), roster order.
    pub excluded: Vec<Excluded>,
    /// Per indicator, plan order.
    pub indicators: Vec<IndicatorTotal>,
    /// The accepted units' sums and reporting counts, plan order (one entry
    /// per indicator of the plan it was aggregated with): what `indicators`
    /// are made of, for the tables' 合计 rows.
    pub totals: Totals,
    /// Unit categories in roster order, with their totals.
    pub categories: Vec<(String, Totals)>,
    /// Units with subordinate units, with their own and their branches' figures.
    pub rollups: Vec<Rollup>,
    /// Where each accepted unit (roster order, as `units`) stands on each
    /// target (plan order); its full results come from
    /// [`Aggregates::target_results`].
    pub targets: TargetStates,
    /// Scores, ranked (best first; ties share a rank, then roster order).
    pub scores: Vec<UnitScore>,
}

impl Aggregates {
    /// Unit `unit`'s results on the plan's targets, with the figures behind
    /// them, in the order of [`TargetStates::targeted`]: made again from its
    /// figures, the same results it was scored on.
    pub fn target_results(&self, plan: &Plan, unit: usize) -> Vec<TargetResult> {
        self.units
            .get(unit)
            .map(|u| evaluate_targets(plan, self.quarter, u))
            .unwrap_or_default()
    }
}

/// The counted files that passed the check (no 错误): (unit, index).
fn accepted(results: &[FileResult]) -> impl Iterator<Item = (String, usize)> + '_ {
    crate::check::counted_files(results)
        .into_iter()
        .filter(|(_, i)| !results[*i].has_errors() && results[*i].record.is_some())
}

/// The records of the counted files that passed the check (no 错误), by unit:
/// what the next quarter's year-to-date figures build on.
pub fn accepted_records(results: &[FileResult]) -> BTreeMap<String, (String, UnitRecord)> {
    accepted(results)
        .filter_map(|(unit, i)| {
            let result = &results[i];
            Some((unit, (result.file.clone(), result.record.clone()?)))
        })
        .collect()
}

/// [`accepted_records`], moving the records out of `results` instead of
/// copying them (for `run`, which needs the results no more).
pub fn into_accepted_records(
    mut results: Vec<FileResult>,
) -> BTreeMap<String, (String, UnitRecord)> {
    let chosen: Vec<(String, usize)> = accepted(&results).collect();
    chosen
        .into_iter()
        .filter_map(|(unit, i)| {
            let result = &mut results[i];
            Some((
                unit,
                (std::mem::take(&mut result.file), result.record.take()?),
            ))
        })
        .collect()
}

/// The values of [`accepted_records`] without their cells: what a later
/// quarter of the year uses of this one.
pub fn accepted_values(results: &[FileResult]) -> QuarterValues {
    let mut lists = CodeLists::default();
    accepted(results)
        .filter_map(|(unit, i)| {
            let values = &results[i].record.as_ref()?.values;
            Some((unit, lists.values(values, |(v, _)| *v)))
        })
        .collect()
}

/// [`accepted_values`] of records already taken from their results.
pub fn values_of(accepted: &BTreeMap<String, (String, UnitRecord)>) -> QuarterValues {
    let mut lists = CodeLists::default();
    accepted
        .iter()
        .map(|(unit, (_, record))| (unit.clone(), lists.values(&record.values, |(v, _)| *v)))
        .collect()
}

/// Aggregates the accepted submissions of a quarter.
///
/// `current` are this quarter's accepted records (see [`accepted_records`]);
/// `earlier` the accepted values of the earlier quarters of the year (see
/// [`accepted_values`]), oldest first, shared with the units' figures, not
/// copied; `report` the quarter's check report (statuses).
pub fn aggregate(
    plan: &Plan,
    quarter: Quarter,
    report: &CheckReport,
    current: &BTreeMap<String, (String, UnitRecord)>,
    earlier: &[QuarterValues],
) -> Aggregates {
    aggregate_owned(plan, quarter, report, current.clone(), earlier)
}

/// [`aggregate`], moving this quarter's figures out of `current` instead of
/// copying them: the figures of 10,000 units are then in memory once.
pub fn aggregate_owned(
    plan: &Plan,
    quarter: Quarter,
    report: &CheckReport,
    mut current: BTreeMap<String, (String, UnitRecord)>,
    earlier: &[QuarterValues],
) -> Aggregates {
    let mut units = Vec::new();
    let mut excluded = Vec::new();
    for status in &report.statuses {
        let accepted = matches!(
            status.status,
            SubmissionStatus::Submitted | SubmissionStatus::Late
        );
        let found = if accepted {
            current.remove(&status.unit_code)
        } else {
            None
        };
        match found {
            Some((file, record)) => units.push(UnitFigures {
                unit_code: status.unit_code.clone(),
                file,
                values: record.values,
                fields: record.fields.iter().map(|(f, (v, _))| (*f, *v)).collect(),
                earlier: earlier
                    .iter()
                    .map(|q| q.get(&status.unit_code).cloned())
                    .collect(),
            }),
            _ => excluded.push(Excluded {
                unit_code: status.unit_code.clone(),
                status: status.status,
                errors: status.errors,
            }),
        }
    }
    let roster: std::collections::HashSet<&str> =
        plan.units.iter().map(|u| u.code.as_str()).collect();
    let previous_quarter_units: Option<usize> = earlier.last().map(|q| {
        q.keys()
            .filter(|code| roster.contains(code.as_str()))
            .count()
    });
    let previous_totals = earlier.last().map(|q| {
        let mut totals = Totals::new(plan);
        for values in q.values() {
            totals.add_values(plan, values.iter());
        }
        totals
    });
    // The totals and the units' target results are independent: made side
    // by side (each unit's targets on its own, in roster order).
    let ((indicators, totals, (categories, rollups)), scored) = rayon::join(
        || {
            let totals = Totals::of(plan, &units);
            (
                indicators_of(
                    plan,
                    &totals,
                    &units,
                    previous_totals.as_ref(),
                    previous_quarter_units,
                ),
                totals,
                (category_totals(plan, &units), rollup(plan, &units)),
            )
        },
        // Each unit's results are kept only as its states and its score.
        || -> Vec<(UnitScore, Vec<TargetState>)> {
            units
                .par_iter()
                .map(|u| {
                    let results = evaluate_targets(plan, quarter, u);
                    let states = results.iter().map(|r| r.state).collect();
                    (unit_score(plan, &u.unit_code, &results), states)
                })
                .collect()
        },
    );
    let mut targets = TargetStates::new(plan, units.len());
    let mut scores = Vec::with_capacity(units.len());
    for (score, states) in scored {
        targets.push(&states);
        scores.push(score);
    }
    let scores = rank(scores);
    Aggregates {
        quarter,
        units,
        excluded,
        indicators,
        totals,
        categories,
        rollups,
        targets,
        scores,
    }
}

/// Where a total comes from: every accepted unit's figure with its file and cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub unit_code: String,
    pub file: String,
    pub cell: CellRef,
    pub value: f64,
}

/// The sources of an indicator's total, roster order.
pub fn sources(aggregates: &Aggregates, code: &str) -> Vec<Source> {
    aggregates
        .units
        .iter()
        .filter_map(|u| {
            u.values.get(code).map(|(value, cell)| Source {
                unit_code: u.unit_code.clone(),
                file: u.file.clone(),
                cell: cell.clone(),
                value: *value,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;

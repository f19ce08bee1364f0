//! Totals: per indicator, per unit category, up the unit tree. Built with an
//! associative merge so that any split of the units gives the same result.

use std::collections::HashMap;

use rayon::prelude::*;

use super::UnitFigures;
use crate::check::ByCode;
use crate::plan::{Period, Plan};

/// The plan's indicator codes in code order, with their positions in the
/// plan: a unit's figures (kept in code order) are placed by walking both
/// lists side by side, not by looking each code up (hashing a code per
/// figure was most of summing 10,000 units' figures).
pub struct PlanOrder<'a> {
    /// (code, position), sorted by code; of two indicators with one code
    /// the first counts, as with [`Plan::indicator_position`].
    codes: Vec<(&'a str, usize)>,
}

impl<'a> PlanOrder<'a> {
    pub fn new(plan: &'a Plan) -> PlanOrder<'a> {
        let mut codes: Vec<(&str, usize)> = plan
            .indicators
            .iter()
            .enumerate()
            .map(|(i, indicator)| (indicator.code.as_str(), i))
            .collect();
        // Stable: equal codes keep plan order, and the first is kept.
        codes.sort_by(|a, b| a.0.cmp(b.0));
        codes.dedup_by(|later, first| later.0 == first.0);
        PlanOrder { codes }
    }

    /// `values` that are the plan's, each with its position in the plan, in
    /// code order; values of codes the plan does not have are skipped.
    pub fn place<'v, V>(
        &'v self,
        values: &'v ByCode<V>,
    ) -> impl Iterator<Item = (usize, &'v str, &'v V)> + 'v {
        let mut codes = self.codes.iter().peekable();
        values.iter().filter_map(move |(code, value)| {
            while let Some(&&(next, i)) = codes.peek() {
                match next.cmp(code) {
                    std::cmp::Ordering::Less => {
                        codes.next();
                    }
                    std::cmp::Ordering::Equal => return Some((i, code, value)),
                    std::cmp::Ordering::Greater => return None,
                }
            }
            None
        })
    }
}

/// Sums and reporting counts per indicator, in plan order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Totals {
    pub sums: Vec<f64>,
    /// Units that reported a figure.
    pub counts: Vec<usize>,
}

impl Totals {
    pub fn new(plan: &Plan) -> Totals {
        Totals {
            sums: vec![0.0; plan.indicators.len()],
            counts: vec![0; plan.indicators.len()],
        }
    }

    /// Adds one unit's figures by indicator code.
    pub fn add_values<'a>(
        &mut self,
        plan: &Plan,
        values: impl IntoIterator<Item = (&'a str, f64)>,
    ) {
        for (code, value) in values {
            if let Some(i) = plan.indicators.iter().position(|ind| ind.code == code) {
                self.sums[i] += value;
                self.counts[i] += 1;
            }
        }
    }

    pub fn add_unit(mut self, plan: &Plan, unit: &UnitFigures) -> Totals {
        self.add_values(plan, unit.values.iter().map(|(c, (v, _))| (c, *v)));
        self
    }

    /// Associative, commutative merge.
    pub fn merge(mut self, other: Totals) -> Totals {
        if self.sums.is_empty() {
            return other;
        }
        for (a, b) in self.sums.iter_mut().zip(&other.sums) {
            *a += b;
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self
    }

    /// Totals of units, reduced in parallel.
    pub fn of<'a>(plan: &Plan, units: impl IntoParallelIterator<Item = &'a UnitFigures>) -> Totals {
        let order = PlanOrder::new(plan);
        let total = units
            .into_par_iter()
            .fold(
                || Totals::new(plan),
                |mut t, u| {
                    for (i, _, (value, _)) in order.place(&u.values) {
                        t.sums[i] += value;
                        t.counts[i] += 1;
                    }
                    t
                },
            )
            .reduce(Totals::default, Totals::merge);
        if total.sums.is_empty() {
            Totals::new(plan)
        } else {
            // Sums of two-decimal figures, kept to the precision they were written in.
            Totals {
                sums: total.sums.iter().map(|s| round6(*s)).collect(),
                counts: total.counts,
            }
        }
    }

    pub fn mean(&self, i: usize) -> Option<f64> {
        (self.counts[i] > 0).then(|| round6(self.sums[i] / self.counts[i] as f64))
    }
}

/// Rounds away floating-point noise (0.1 + 0.2 → 0.3).
pub fn round6(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}

/// The figures of one indicator across the accepted units.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorTotal {
    pub code: String,
    /// Sum of this quarter's figures (for 是/否: the number of 是).
    pub total: f64,
    /// Units that reported a figure.
    pub reporting: usize,
    /// Mean per reporting unit.
    pub mean: Option<f64>,
    /// Sum of the year-to-date figures (indicators accumulated over the year).
    pub year_to_date: Option<f64>,
    /// The previous quarter's total over its accepted units.
    pub previous: Option<f64>,
    /// Units the previous quarter's total covers.
    pub previous_units: Option<usize>,
}

impl IndicatorTotal {
    /// Change against the previous quarter, as a ratio (0.25 = +25%).
    pub fn change(&self) -> Option<f64> {
        let previous = self.previous?;
        (previous != 0.0).then(|| (self.total - previous) / previous)
    }
}

pub fn indicator_totals(
    plan: &Plan,
    units: &[UnitFigures],
    previous: Option<&Totals>,
    previous_units: Option<usize>,
) -> Vec<IndicatorTotal> {
    indicators_of(
        plan,
        &Totals::of(plan, units),
        units,
        previous,
        previous_units,
    )
}

/// [`indicator_totals`] of the units' `totals` ([`Totals::of`] them).
pub(super) fn indicators_of(
    plan: &Plan,
    totals: &Totals,
    units: &[UnitFigures],
    previous: Option<&Totals>,
    previous_units: Option<usize>,
) -> Vec<IndicatorTotal> {
    let year_to_date = year_to_date_sums(plan, units);
    plan.indicators
        .iter()
        .enumerate()
        .map(|(i, indicator)| {
            let year_to_date =
                (indicator.period == Period::Annual).then(|| round6(year_to_date[i]));
            IndicatorTotal {
                code: indicator.code.clone(),
                total: totals.sums[i],
                reporting: totals.counts[i],
                mean: totals.mean(i),
                year_to_date,
                previous: previous.map(|p| round6(p.sums[i])),
                previous_units,
            }
        })
        .collect()
}

/// Per indicator (plan order), the sum over the units of their year-to-date
/// figures ([`UnitFigures::year_to_date`]); 0 for indicators that are not
/// annual. One pass over each unit's figures: looking every annual indicator
/// up in every unit was ~0.1 s for 10,000 units, on one core while the
/// others waited. Each sum adds the units in their order, as summing one
/// indicator at a time did, so the result is the same to the bit.
fn year_to_date_sums(plan: &Plan, units: &[UnitFigures]) -> Vec<f64> {
    // `Iterator::sum` of f64 starts from -0.0; so do these sums.
    let mut sums = vec![-0.0; plan.indicators.len()];
    let order = PlanOrder::new(plan);
    for unit in units {
        for (i, code, (now, _)) in order.place(&unit.values) {
            if plan.indicators[i].period == Period::Annual {
                // As `UnitFigures::year_to_date`, without finding `now` again.
                sums[i] += now + unit.earlier_sum(code);
            }
        }
    }
    sums
}

/// Totals per unit category, categories in roster order.
pub fn category_totals(plan: &Plan, units: &[UnitFigures]) -> Vec<(String, Totals)> {
    units_by_category(plan, units)
        .into_iter()
        .map(|(category, members)| (category.to_string(), Totals::of(plan, members)))
        .collect()
}

/// Every category of the roster (roster order) with its units among
/// `units` (in their order; maybe none), each unit in the category of its
/// first roster entry, as with [`Plan::unit`]. Units not on the roster are
/// in none.
pub fn units_by_category<'p, 'u>(
    plan: &'p Plan,
    units: &'u [UnitFigures],
) -> Vec<(&'p str, Vec<&'u UnitFigures>)> {
    let mut categories: Vec<&str> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut category_of: HashMap<&str, usize> = HashMap::new();
    for unit in &plan.units {
        let next = categories.len();
        let i = *index.entry(unit.category.as_str()).or_insert(next);
        if i == next {
            categories.push(&unit.category);
        }
        // The first roster entry of a code counts, as with `Plan::unit`.
        category_of.entry(unit.code.as_str()).or_insert(i);
    }
    let mut members: Vec<Vec<&UnitFigures>> = vec![Vec::new(); categories.len()];
    for unit in units {
        if let Some(&i) = category_of.get(unit.unit_code.as_str()) {
            members[i].push(unit);
        }
    }
    categories.into_iter().zip(members).collect()
}

/// A unit with subordinate units (a hospital's 党委 and its branches), with
/// the figures of itself and all units under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rollup {
    pub unit_code: String,
    /// Accepted units counted: itself (if accepted) and its descendants.
    pub counted: Vec<String>,
    /// Units of the subtree not counted (退回 or 未报).
    pub missing: Vec<String>,
    pub totals: Totals,
}

/// Rolls the accepted units' figures up the unit tree: each unit counts in
/// itself and in every ancestor (linear in units × depth).
pub fn rollup(plan: &Plan, units: &[UnitFigures]) -> Vec<Rollup> {
    use std::collections::{BTreeMap, BTreeSet};
    // Ancestors of a unit, nearest first; a cycle in the roster stops the walk.
    let ancestors = |code: &str| -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = plan.unit(code).and_then(|u| u.parent.as_deref());
        while let Some(parent) = current {
            let Some(i) = plan.unit_position(parent) else {
                break;
            };
            if chain.contains(&i) || chain.len() > plan.units.len() {
                break;
            }
            chain.push(i);
            current = plan.units[i].parent.as_deref();
        }
        chain
    };
    let heads: BTreeSet<usize> = plan
        .units
        .iter()
        .filter_map(|u| u.parent.as_deref().and_then(|p| plan.unit_position(p)))
        .collect();
    let accepted: BTreeMap<&str, &UnitFigures> =
        units.iter().map(|u| (u.unit_code.as_str(), u)).collect();
    let mut members: BTreeMap<usize, Vec<usize>> = heads.iter().map(|&h| (h, Vec::new())).collect();
    for (i, unit) in plan.units.iter().enumerate() {
        if heads.contains(&i) {
            members.entry(i).or_default().push(i);
        }
        for a in ancestors(&unit.code) {
            members.entry(a).or_default().push(i);
        }
    }
    members
        .into_iter()
        .map(|(head, mut subtree)| {
            subtree.sort_unstable();
            let counted: Vec<&UnitFigures> = subtree
                .iter()
                .filter_map(|&i| accepted.get(plan.units[i].code.as_str()).copied())
                .collect();
            Rollup {
                unit_code: plan.units[head].code.clone(),
                counted: counted.iter().map(|u| u.unit_code.clone()).collect(),
                missing: subtree
                    .iter()
                    .map(|&i| &plan.units[i].code)
                    .filter(|c| !accepted.contains_key(c.as_str()))
                    .cloned()
                    .collect(),
                totals: Totals::of(plan, counted),
            }
        })
        .collect()
}

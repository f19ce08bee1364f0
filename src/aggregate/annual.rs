//! The year (年度总结): the four quarters' scores per unit, the year's score,
//! band and rank, and the units proposed for commendation.

use super::{Aggregates, IndicatorTotal, UnitScore};
use crate::plan::{Plan, Quarter};

/// What the year needs of a quarter: its totals per indicator and its
/// units' scores. Each unit's figures, target states and statuses are left
/// behind with the quarter's [`Aggregates`]: `annual` keeps four quarters
/// of a province's 10,000 units at once.
#[derive(Debug, Clone, PartialEq)]
pub struct QuarterOfYear {
    pub quarter: Quarter,
    /// Per indicator, plan order (as [`Aggregates::indicators`]).
    pub indicators: Vec<IndicatorTotal>,
    /// Scores, ranked (as [`Aggregates::scores`]).
    pub scores: Vec<UnitScore>,
}

impl From<Aggregates> for QuarterOfYear {
    fn from(aggregates: Aggregates) -> Self {
        QuarterOfYear {
            quarter: aggregates.quarter,
            indicators: aggregates.indicators,
            scores: aggregates.scores,
        }
    }
}

/// One roster unit over the year.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnualUnit {
    pub unit_code: String,
    /// The score of each quarter (index 0 = Q1); `None` when the unit was not
    /// scored that quarter (退回, 未报, or the quarter's inbox is absent).
    pub quarter_scores: [Option<f64>; 4],
    /// Mean of the scored quarters, one decimal; `None` when none was scored.
    pub score: Option<f64>,
    pub band: String,
    /// Rank among the scored units (ties share a rank); 0 when not scored.
    pub rank: usize,
}

impl AnnualUnit {
    pub fn quarters_scored(&self) -> usize {
        self.quarter_scores.iter().flatten().count()
    }
}

/// The year over the quarters found.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnualSummary {
    pub year: i32,
    /// Quarters whose inbox was found (1–4).
    pub quarters: Vec<u8>,
    /// Roster order.
    pub units: Vec<AnnualUnit>,
    /// Units proposed for commendation: the top band, scored in every quarter
    /// of the year; rank order.
    pub candidates: Vec<String>,
}

/// Builds the year from each quarter's aggregates (any order, any subset).
pub fn annual_summary(plan: &Plan, quarters: &[QuarterOfYear]) -> AnnualSummary {
    // Each quarter's scores by unit, looked up rather than searched for each
    // unit (10,000 units × 4 quarters × a search of 10,000 scores was ~2 s).
    let by_unit: Vec<(usize, std::collections::HashMap<&str, f64>)> = quarters
        .iter()
        .map(|aggregates| {
            let mut scores = std::collections::HashMap::with_capacity(aggregates.scores.len());
            for s in &aggregates.scores {
                // The first, as a search would find.
                scores.entry(s.unit_code.as_str()).or_insert(s.score);
            }
            (usize::from(aggregates.quarter.number()) - 1, scores)
        })
        .collect();
    let mut units: Vec<AnnualUnit> = plan
        .units
        .iter()
        .map(|unit| {
            let mut quarter_scores = [None; 4];
            for (q, scores) in &by_unit {
                quarter_scores[*q] = scores.get(unit.code.as_str()).copied();
            }
            let scored: Vec<f64> = quarter_scores.iter().flatten().copied().collect();
            let score = (!scored.is_empty())
                .then(|| (scored.iter().sum::<f64>() / scored.len() as f64 * 10.0).round() / 10.0);
            AnnualUnit {
                unit_code: unit.code.clone(),
                quarter_scores,
                score,
                band: score
                    .map(|s| plan.scoring.band_for(s).to_string())
                    .unwrap_or_default(),
                rank: 0,
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..units.len())
        .filter(|&i| units[i].score.is_some())
        .collect();
    order.sort_by(|&a, &b| {
        units[b]
            .score
            .unwrap_or(0.0)
            .total_cmp(&units[a].score.unwrap_or(0.0))
            .then(a.cmp(&b))
    });
    let mut previous: Option<(f64, usize)> = None;
    for (position, &i) in order.iter().enumerate() {
        let score = units[i].score.unwrap_or(0.0);
        let rank = match previous {
            Some((s, r)) if s == score => r,
            _ => position + 1,
        };
        units[i].rank = rank;
        previous = Some((score, rank));
    }
    let mut found: Vec<u8> = quarters.iter().map(|a| a.quarter.number()).collect();
    found.sort_unstable();
    found.dedup();
    let top_band = plan.scoring.top_band();
    let candidates = order
        .iter()
        .map(|&i| &units[i])
        .filter(|u| u.band == top_band && u.quarters_scored() == 4)
        .map(|u| u.unit_code.clone())
        .collect();
    AnnualSummary {
        year: plan.year,
        quarters: found,
        units,
        candidates,
    }
}

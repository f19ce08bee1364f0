//! Targets per unit (考核目标), scores, bands and ranks.

use super::figures::round6;
use super::UnitFigures;
use crate::plan::{Indicator, Number, Operand, Plan, Quarter, Scope, Target, ValueKind};

/// Where a unit stands on one target, in words a clerk uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TargetState {
    /// 已达标: met (for an annual target, the whole year's figure already reached).
    Met,
    /// 进度正常: an annual target before Q4, year to date at or above pro rata.
    OnTrack,
    /// 进度滞后: an annual target before Q4, year to date below pro rata.
    Behind,
    /// 未达标: missed (a per-quarter target, a rate, a bound, or an annual target at Q4).
    Missed,
    /// 不适用: nothing to assess (a rate whose denominator is 0, a missing figure).
    NotApplicable,
}

impl TargetState {
    pub fn label(self) -> &'static str {
        match self {
            TargetState::Met => "已达标",
            TargetState::OnTrack => "进度正常",
            TargetState::Behind => "进度滞后",
            TargetState::Missed => "未达标",
            TargetState::NotApplicable => "不适用",
        }
    }

    /// Counts as met for the score.
    pub fn is_met(self) -> bool {
        matches!(self, TargetState::Met | TargetState::OnTrack)
    }
}

/// One unit's standing on one indicator's target.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetResult {
    /// The indicator's code, kept inline (no allocation per result).
    pub indicator: smol_str::SmolStr,
    pub state: TargetState,
    /// The figure assessed (this quarter's, or year to date).
    pub actual: f64,
    /// What it had to reach (for annual targets before Q4: the pro-rata part).
    pub required: f64,
    /// The figures behind the state, put in words by [`TargetResult::detail`].
    pub basis: Basis,
    pub weight: f64,
}

/// What a target's state rests on: the figures [`TargetResult::detail`]
/// puts in words. Kept as numbers, not text: every unit's results are kept
/// until the summary is written, and most are never read as words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Basis {
    /// Nothing to assess, for the reason given (未填报, 缺少基本情况数据, …).
    Missing(&'static str),
    /// 本季度 value, against the minimum.
    Quarter { value: f64, min: f64 },
    /// An annual target: the year to date, the whole year's requirement
    /// and the pro-rata part of it; `final_quarter` at Q4.
    Annual {
        ytd: f64,
        full: f64,
        pro_rata: f64,
        final_quarter: bool,
    },
    /// A rate whose denominator is 0.
    ZeroDenominator { num: f64, den: f64 },
    /// A rate: numerator / denominator against the minimum ratio.
    Rate {
        num: f64,
        den: f64,
        min_ratio: f64,
        year_to_date: bool,
    },
    /// A value against its upper bound.
    AtMost { value: f64, limit: f64 },
    /// A 是/否 indicator due by Q4.
    YesNo { yes: bool, final_quarter: bool },
}

impl TargetResult {
    /// For rates: the numerator and the denominator.
    pub fn rate(&self) -> Option<(f64, f64)> {
        match self.basis {
            Basis::Rate { num, den, .. } | Basis::ZeroDenominator { num, den } => Some((num, den)),
            _ => None,
        }
    }

    /// The figures in words, e.g. 96.2% = 127 / 132，要求不低于 95.0% or
    /// 年初至今 4次，全年要求 6次，进度要求 3次. Empty when the plan has no
    /// target for the indicator (a result made by hand).
    pub fn detail(&self, plan: &Plan) -> String {
        let mut text = String::new();
        self.write_detail(plan, &mut text);
        text
    }

    /// [`TargetResult::detail`] written at the end of `out`: the numbers
    /// go straight into it, with no `String` of their own.
    pub fn write_detail(&self, plan: &Plan, out: &mut String) {
        use std::fmt::Write;
        let n = Number;
        let Some(indicator) = plan.indicator(&self.indicator) else {
            return;
        };
        let measure = &indicator.measure;
        // Writing into a `String` cannot fail.
        let _ = match self.basis {
            Basis::Missing(reason) => out.write_str(reason),
            Basis::Quarter { value, min } => {
                let unit_text = if indicator.kind == ValueKind::Percent {
                    "%"
                } else {
                    measure.as_str()
                };
                write!(
                    out,
                    "本季度 {}{unit_text}，要求不少于 {}{unit_text}",
                    n(value),
                    n(min)
                )
            }
            Basis::Annual {
                ytd,
                full,
                pro_rata,
                final_quarter,
            } => {
                if final_quarter {
                    write!(
                        out,
                        "全年 {}{measure}，要求不少于 {}{measure}",
                        n(ytd),
                        n(full)
                    )
                } else {
                    write!(
                        out,
                        "年初至今 {}{measure}，全年要求 {}{measure}，进度要求 {}{measure}",
                        n(ytd),
                        n(full),
                        n(pro_rata)
                    )
                }
            }
            Basis::ZeroDenominator { .. } => match &indicator.target {
                Some(Target::RateAtLeast { denominator, .. }) => {
                    write!(out, "{}为 0，不计比例", plan.describe_operand(denominator))
                }
                _ => Ok(()),
            },
            Basis::Rate {
                num,
                den,
                min_ratio,
                year_to_date,
            } => {
                let scope_text = if year_to_date { "年初至今 " } else { "" };
                write!(
                    out,
                    "{scope_text}{:.1}% = {} / {}，要求不低于 {:.1}%",
                    num / den * 100.0,
                    n(num),
                    n(den),
                    min_ratio * 100.0
                )
            }
            Basis::AtMost { value, limit } => match &indicator.target {
                Some(Target::AtMost { bound }) => write!(
                    out,
                    "{} {}，不超过{} {}",
                    indicator.name,
                    n(value),
                    plan.describe_operand(bound),
                    n(limit)
                ),
                _ => Ok(()),
            },
            Basis::YesNo { yes, final_quarter } => out.write_str(if yes {
                "已为“是”"
            } else if final_quarter {
                "第四季度仍为“否”"
            } else {
                "目前为“否”，第四季度前应为“是”"
            }),
        };
    }
}

fn at_least(a: f64, b: f64) -> bool {
    crate::plan::Comparison::AtLeast.holds(a, b)
}

fn operand(plan: &Plan, unit: &UnitFigures, operand: &Operand, scope: Scope) -> Option<f64> {
    let _ = plan;
    match operand {
        Operand::Number(n) => Some(*n),
        Operand::Field(field) => unit.fields.get(field).copied(),
        Operand::Indicator(code) => match scope {
            Scope::Quarter => unit.value(code),
            Scope::YearToDate => unit.year_to_date(code),
        },
    }
}

fn evaluate(
    plan: &Plan,
    quarter: Quarter,
    unit: &UnitFigures,
    indicator: &Indicator,
    target: &Target,
) -> TargetResult {
    let result = |state, actual, required, basis| TargetResult {
        indicator: smol_str::SmolStr::new(&indicator.code),
        state,
        actual,
        required,
        basis,
        weight: indicator.weight,
    };
    let not_applicable =
        |reason: &'static str| result(TargetState::NotApplicable, 0.0, 0.0, Basis::Missing(reason));
    let final_quarter = quarter.number() == 4;
    match target {
        Target::EveryQuarterAtLeast { min } => {
            let Some(value) = unit.value(&indicator.code) else {
                return not_applicable("未填报");
            };
            let state = if at_least(value, *min) {
                TargetState::Met
            } else {
                TargetState::Missed
            };
            result(state, value, *min, Basis::Quarter { value, min: *min })
        }
        Target::AnnualAtLeast { min } => {
            let Some(ytd) = unit.year_to_date(&indicator.code) else {
                return not_applicable("未填报");
            };
            let Some(full) = operand(plan, unit, min, Scope::Quarter) else {
                return not_applicable("缺少基本情况数据");
            };
            let q = f64::from(quarter.number());
            let pro_rata = round6(full * q / 4.0);
            let (state, required) = if at_least(ytd, full) {
                (TargetState::Met, full)
            } else if final_quarter {
                (TargetState::Missed, full)
            } else if at_least(ytd, pro_rata) {
                (TargetState::OnTrack, pro_rata)
            } else {
                (TargetState::Behind, pro_rata)
            };
            result(
                state,
                ytd,
                required,
                Basis::Annual {
                    ytd,
                    full,
                    pro_rata,
                    final_quarter,
                },
            )
        }
        Target::RateAtLeast {
            numerator,
            denominator,
            min_ratio,
            scope,
        } => {
            let num = operand(plan, unit, &Operand::Indicator(numerator.clone()), *scope);
            let den = operand(plan, unit, denominator, *scope);
            let (Some(num), Some(den)) = (num, den) else {
                return not_applicable("未填报");
            };
            if den <= 0.0 {
                return result(
                    TargetState::NotApplicable,
                    0.0,
                    *min_ratio,
                    Basis::ZeroDenominator { num, den },
                );
            }
            let ratio = num / den;
            let state = if at_least(ratio, *min_ratio) {
                TargetState::Met
            } else {
                TargetState::Missed
            };
            result(
                state,
                ratio,
                *min_ratio,
                Basis::Rate {
                    num,
                    den,
                    min_ratio: *min_ratio,
                    year_to_date: *scope == Scope::YearToDate,
                },
            )
        }
        Target::AtMost { bound } => {
            let Some(value) = unit.value(&indicator.code) else {
                return not_applicable("未填报");
            };
            let Some(limit) = operand(plan, unit, bound, Scope::Quarter) else {
                return not_applicable("缺少比较数据");
            };
            let state = if at_least(limit, value) {
                TargetState::Met
            } else {
                TargetState::Missed
            };
            result(state, value, limit, Basis::AtMost { value, limit })
        }
        Target::YesByFourthQuarter => {
            let Some(value) = unit.value(&indicator.code) else {
                return not_applicable("未填报");
            };
            let yes = value >= 1.0;
            let state = match (yes, quarter.number()) {
                (true, _) => TargetState::Met,
                (false, 4) => TargetState::Missed,
                (false, _) => TargetState::OnTrack,
            };
            result(state, value, 1.0, Basis::YesNo { yes, final_quarter })
        }
    }
}

/// Every target of the plan for one unit, plan order.
pub fn evaluate_targets(plan: &Plan, quarter: Quarter, unit: &UnitFigures) -> Vec<TargetResult> {
    // Sized exactly: kept for every unit until the end (grown by doubling,
    // ~17 targets would take room for 32).
    let mut results = Vec::with_capacity(
        plan.indicators
            .iter()
            .filter(|i| i.target.is_some())
            .count(),
    );
    results.extend(plan.indicators.iter().filter_map(|indicator| {
        indicator
            .target
            .as_ref()
            .map(|target| evaluate(plan, quarter, unit, indicator, target))
    }));
    results
}

/// Where every accepted unit stands on each target of the plan: one byte a
/// unit and target. This is what the outputs count and list (指标汇总, the
/// bulletin, 考核得分排名). A unit's full results, with the figures behind
/// them, are made again where they are written ([`evaluate_targets`] is a
/// pure function of the plan, the quarter and the unit's figures): kept for
/// every unit, they took ~1.8 KB a unit, 18 MB at 10,000 units.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TargetStates {
    /// Positions in `plan.indicators` of the indicators with a target, plan
    /// order: the order of [`evaluate_targets`]' results.
    targeted: Vec<usize>,
    /// Unit by unit, `targeted.len()` states each.
    states: Vec<TargetState>,
}

impl TargetStates {
    /// Room for `units` units of `plan`'s targets.
    pub fn new(plan: &Plan, units: usize) -> TargetStates {
        let targeted: Vec<usize> = plan
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, i)| i.target.is_some())
            .map(|(position, _)| position)
            .collect();
        TargetStates {
            states: Vec::with_capacity(targeted.len() * units),
            targeted,
        }
    }

    /// Adds the next unit's states (of its [`evaluate_targets`] results).
    pub fn push(&mut self, states: &[TargetState]) {
        let start = self.states.len();
        self.states.extend_from_slice(states);
        // Always a whole row, so that the rows stay aligned with the targets.
        self.states
            .resize(start + self.targeted.len(), TargetState::NotApplicable);
    }

    /// Positions in `plan.indicators` of the targeted indicators, plan order.
    pub fn targeted(&self) -> &[usize] {
        &self.targeted
    }

    /// The number of units.
    pub fn units(&self) -> usize {
        self.states
            .len()
            .checked_div(self.targeted.len())
            .unwrap_or(0)
    }

    /// Unit `unit`'s states, in the order of [`TargetStates::targeted`].
    pub fn of_unit(&self, unit: usize) -> &[TargetState] {
        let n = self.targeted.len();
        self.states.get(unit * n..(unit + 1) * n).unwrap_or(&[])
    }

    /// Every unit's state on the indicator at `position` in
    /// `plan.indicators`, as (unit, state), roster order; nothing when the
    /// indicator has no target.
    pub fn on_indicator(&self, position: usize) -> impl Iterator<Item = (usize, TargetState)> + '_ {
        let n = self.targeted.len();
        // A column exists only when n ≥ 1, so the step is never 0.
        let column = self.targeted.iter().position(|&p| p == position);
        column.into_iter().flat_map(move |column| {
            self.states
                .iter()
                .skip(column)
                .step_by(n)
                .copied()
                .enumerate()
        })
    }
}

/// A unit's score (党建目标考核).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitScore {
    pub unit_code: String,
    /// 100 × weight of targets met / weight of targets assessed, one decimal.
    pub score: f64,
    pub band: String,
    /// 1 for the best; equal scores share a rank (1, 2, 2, 4).
    pub rank: usize,
    pub met: usize,
    pub assessed: usize,
}

/// One unit's score from its results, not yet ranked (rank 0).
pub fn unit_score(plan: &Plan, unit_code: &str, results: &[TargetResult]) -> UnitScore {
    let assessed = || {
        results
            .iter()
            .filter(|r| r.state != TargetState::NotApplicable)
    };
    let total_weight: f64 = assessed().map(|r| r.weight).sum();
    let met_weight: f64 = assessed()
        .filter(|r| r.state.is_met())
        .map(|r| r.weight)
        .sum();
    let score = if total_weight > 0.0 {
        (met_weight / total_weight * 1000.0).round() / 10.0
    } else {
        100.0
    };
    UnitScore {
        unit_code: unit_code.to_string(),
        score,
        band: plan.scoring.band_for(score).to_string(),
        rank: 0,
        met: assessed().filter(|r| r.state.is_met()).count(),
        assessed: assessed().count(),
    }
}

/// Scores in roster order, ranked: best first, roster order among equals.
pub fn rank(scores: Vec<UnitScore>) -> Vec<UnitScore> {
    let mut scores: Vec<(usize, UnitScore)> = scores.into_iter().enumerate().collect();
    scores.sort_by(|(oa, a), (ob, b)| b.score.total_cmp(&a.score).then(oa.cmp(ob)));
    let mut ranked: Vec<UnitScore> = Vec::with_capacity(scores.len());
    for (i, (_, mut score)) in scores.into_iter().enumerate() {
        score.rank = match ranked.last() {
            Some(prev) if prev.score == score.score => prev.rank,
            _ => i + 1,
        };
        ranked.push(score);
    }
    ranked
}

//! Rules across files: who sent what, duplicates, lateness, year-to-date
//! rules and jumps against earlier quarters, and every unit's status.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::by_code::EarlierValues;
use super::file::{check_rule_on, FileResult, UnitRecord};
use super::report::{CheckReport, Diagnostic, StatusRow, SubmissionStatus};
use super::rules::RuleId;
use crate::plan::{Comparison, Operand, Plan, Quarter, Scope, Severity, ValueKind};

/// The records that count for each unit in one earlier quarter of the year.
pub type QuarterRecords = BTreeMap<String, UnitRecord>;

/// What the later quarters of the year use of an earlier one: each
/// accepted unit's values by indicator code, without the cells they came
/// from (the later quarters' outputs never show those cells), shared with
/// the figures they are aggregated into.
pub type QuarterValues = BTreeMap<String, EarlierValues>;

/// An earlier quarter's values that count, by unit and indicator code,
/// however they are kept: [`check_inbox_with`] reads them where they are.
pub trait RecordsByUnit {
    fn value(&self, unit: &str, code: &str) -> Option<f64>;
}

impl RecordsByUnit for QuarterRecords {
    fn value(&self, unit: &str, code: &str) -> Option<f64> {
        self.get(unit)?.values.get(code).map(|(v, _)| *v)
    }
}

impl RecordsByUnit for QuarterValues {
    fn value(&self, unit: &str, code: &str) -> Option<f64> {
        self.get(unit)?.get(code)
    }
}

/// The file that counts for each unit: the latest 填报日期, then the later
/// file name. Returns unit → index into `results`.
pub fn counted_files(results: &[FileResult]) -> BTreeMap<String, usize> {
    let mut chosen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, result) in results.iter().enumerate() {
        let Some(unit) = &result.unit else { continue };
        let key = |r: &FileResult| {
            let date = r
                .record
                .as_ref()
                .and_then(|rec| rec.report_date.as_ref().map(|(d, _)| *d));
            (date, r.file.clone())
        };
        match chosen.get(unit) {
            Some(&j) if key(&results[j]) >= key(result) => {}
            _ => {
                chosen.insert(unit.clone(), i);
            }
        }
    }
    chosen
}

/// The records that count, by unit (for the next quarter's checks).
pub fn records_by_unit(results: &[FileResult]) -> QuarterRecords {
    counted_files(results)
        .into_iter()
        .filter_map(|(unit, i)| results[i].record.clone().map(|r| (unit, r)))
        .collect()
}

/// Completes the per-file results into the quarter's report: the cross-file
/// rules (duplicates, lateness, year-to-date rules, 3× the previous quarter)
/// go into the report only; `results` are read, not copied.
pub fn check_inbox(
    plan: &Plan,
    quarter: Quarter,
    results: &[FileResult],
    earlier: &[QuarterRecords],
    as_of: NaiveDate,
) -> CheckReport {
    let earlier: Vec<&dyn RecordsByUnit> =
        earlier.iter().map(|q| q as &dyn RecordsByUnit).collect();
    check_inbox_with(plan, quarter, results, &earlier, as_of)
}

/// [`check_inbox`] with the earlier quarters' records read where they are
/// kept, not copied into [`QuarterRecords`] first (`annual` keeps every
/// quarter's; at 10,000 units a copy of three quarters is ~90 MB).
pub fn check_inbox_with(
    plan: &Plan,
    quarter: Quarter,
    results: &[FileResult],
    earlier: &[&dyn RecordsByUnit],
    as_of: NaiveDate,
) -> CheckReport {
    let due = plan.deadline.due_date(quarter);
    let counted = counted_files(results);
    // The cross-file diagnostics of each file (the files' own stay theirs:
    // nothing is copied).
    let mut extra: Vec<Vec<Diagnostic>> = vec![Vec::new(); results.len()];

    // Duplicates: every file of a unit but the counted one, naming it.
    for (i, result) in results.iter().enumerate() {
        let Some(unit) = &result.unit else {
            continue;
        };
        let Some(&winner) = counted.get(unit) else {
            continue;
        };
        if winner == i {
            continue;
        }
        extra[i].push(builtin(
            RuleId::Duplicate,
            &result.file,
            format!(
                "本单位报送了不止一份报表，以填报日期较晚的“{}”为准，本文件未采用",
                results[winner].file
            ),
            "以填报日期较晚的一份为准；如应以本文件为准，请删除另一份或更正其填报日期".to_string(),
        ));
    }

    for (unit, &i) in &counted {
        let result = &results[i];
        let Some(record) = &result.record else {
            continue;
        };
        let found = &mut extra[i];
        // Late.
        if let Some((date, cell)) = &record.report_date {
            if *date > due {
                let days = (*date - due).num_days();
                found.push(
                    builtin(
                        RuleId::Late,
                        &result.file,
                        format!("填报日期 {date}，晚于截止日期 {due} {days} 天"),
                        "请按时报送；确有原因的请向局党委办公室说明".to_string(),
                    )
                    .at(cell),
                );
            }
        }
        // Year-to-date rules over the earlier quarters of the year: an
        // indicator this quarter has, plus what the earlier quarters had.
        let year_to_date = |operand: &Operand| {
            let (mut value, cell) = record.operand(operand)?;
            if let Operand::Indicator(code) = operand {
                for quarter_records in earlier {
                    if let Some(before) = quarter_records.value(unit, code) {
                        value += before;
                    }
                }
            }
            Some((value, cell))
        };
        for rule in plan.rules.iter().filter(|r| r.scope == Scope::YearToDate) {
            if let Some((cell, message, hint)) = check_rule_on(
                rule,
                plan,
                year_to_date(&rule.left),
                year_to_date(&rule.right),
            ) {
                found.push(Diagnostic {
                    file: result.file.clone(),
                    unit_code: None,
                    unit_name: None,
                    rule: rule.id.clone(),
                    rule_title: "逻辑关系不符".to_string(),
                    severity: rule.severity,
                    sheet: Some(cell.sheet().to_string()),
                    cell: Some(cell.a1()),
                    message,
                    hint,
                });
            }
        }
        // More than 3× the previous quarter.
        if let Some(previous) = earlier.last() {
            for indicator in plan
                .indicators
                .iter()
                .filter(|i| i.kind == ValueKind::Count || i.kind == ValueKind::Decimal)
            {
                let (Some((now, cell)), Some(before)) = (
                    record.values.get(&indicator.code),
                    previous.value(unit, &indicator.code),
                ) else {
                    continue;
                };
                // Compared as written: 3.72 is not more than 3 × 1.24.
                if before > 0.0 && !Comparison::AtMost.holds(*now, 3.0 * before) {
                    found.push(
                        builtin(
                            RuleId::Jump,
                            &result.file,
                            format!(
                                "{}：本季度 {}，是上季度 {} 的 {:.1} 倍",
                                indicator.name,
                                crate::plan::format_number(*now),
                                crate::plan::format_number(before),
                                now / before
                            ),
                            "请核对是否填成了累计数；数字无误的请在“说明”列写明原因".to_string(),
                        )
                        .at(cell),
                    );
                }
            }
        }
    }

    // Unit names on every diagnostic; the report sorted.
    let mut diagnostics = Vec::new();
    let mut unattributed_files = Vec::new();
    for (result, extra) in results.iter().zip(&extra) {
        let unit = result.unit.as_deref().and_then(|c| plan.unit(c));
        if unit.is_none() {
            unattributed_files.push(result.file.clone());
        }
        for d in result.diagnostics.iter().chain(extra) {
            let mut d = d.clone();
            d.unit_code = unit.map(|u| u.code.clone());
            d.unit_name = unit.map(|u| u.name.clone());
            diagnostics.push(d);
        }
    }
    diagnostics.sort_by_cached_key(|d| sort_key(plan, d));

    let statuses = plan
        .units
        .iter()
        .map(|unit| {
            let Some(&i) = counted.get(&unit.code) else {
                return StatusRow {
                    unit_code: unit.code.clone(),
                    unit_name: unit.name.clone(),
                    category: unit.category.clone(),
                    status: SubmissionStatus::Missing,
                    file: None,
                    report_date: None,
                    errors: 0,
                    warnings: 0,
                };
            };
            let result = &results[i];
            let all = || result.diagnostics.iter().chain(&extra[i]);
            let errors = all().filter(|d| d.severity == Severity::Error).count();
            let warnings = all().count() - errors;
            let late = all().any(|d| d.rule == RuleId::Late.id());
            StatusRow {
                unit_code: unit.code.clone(),
                unit_name: unit.name.clone(),
                category: unit.category.clone(),
                status: if errors > 0 {
                    SubmissionStatus::Returned
                } else if late {
                    SubmissionStatus::Late
                } else {
                    SubmissionStatus::Submitted
                },
                file: Some(result.file.clone()),
                report_date: result
                    .record
                    .as_ref()
                    .and_then(|r| r.report_date.as_ref().map(|(d, _)| *d)),
                errors,
                warnings,
            }
        })
        .collect();
    unattributed_files.sort();
    CheckReport {
        quarter: quarter.to_string(),
        plan_version: plan.version.clone(),
        due_date: due,
        as_of,
        diagnostics,
        statuses,
        unattributed_files,
    }
}

fn builtin(rule: RuleId, file: &str, message: String, hint: String) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        unit_code: None,
        unit_name: None,
        rule: rule.id().to_string(),
        rule_title: rule.title().to_string(),
        severity: rule.severity(),
        sheet: None,
        cell: None,
        message,
        hint,
    }
}

/// Roster order, then file, sheet order, row, column, rule.
fn sort_key(plan: &Plan, d: &Diagnostic) -> (usize, String, usize, u32, u32, String) {
    let unit_order = d
        .unit_code
        .as_deref()
        .and_then(|c| plan.unit_position(c))
        .unwrap_or(usize::MAX);
    let sheet_order = match d.sheet.as_deref() {
        None => 0,
        Some(crate::form::SHEET_BASIC) => 1,
        Some(crate::form::SHEET_INDICATORS) => 2,
        Some(crate::form::SHEET_LEDGER) => 3,
        Some(_) => 4,
    };
    let (row, col) = d.cell.as_deref().map_or((0, 0), split_a1);
    (
        unit_order,
        d.file.clone(),
        sheet_order,
        row,
        col,
        d.rule.clone(),
    )
}

/// `E11` → (10, 4), 0-based.
fn split_a1(a1: &str) -> (u32, u32) {
    let letters: String = a1.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
    let row: u32 = a1[letters.len()..].parse().unwrap_or(1);
    (row.saturating_sub(1), col.saturating_sub(1))
}

//! The sample inbox generator: filled-in submissions as units send them back,
//! mostly clean, with the mess and rule violations of real inboxes planted on
//! purpose and recorded (rule, sheet, cell) so tests can hold `check` to them.
//!
//! Everything is a pure function of (plan, quarter, seed): the same call gives
//! the same bytes.

mod figures;
mod scenario;

use std::collections::BTreeMap;

use serde::Serialize;

pub use figures::{derive_seed, figures, Activity, Figures};
pub use scenario::messy_inbox;

use crate::plan::{BasicField, Plan, Quarter, Unit, ValueKind};
use crate::render::submission::{write_submission, CellInput, Fill, Layout, LedgerEntry};
use crate::render::RenderError;

/// The seed the committed samples were generated with.
pub const DEFAULT_SEED: u64 = 2011;

/// One generated workbook.
#[derive(Debug, Clone)]
pub struct SampleFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A generated inbox and what it holds.
pub struct Inbox {
    pub files: Vec<SampleFile>,
    pub expected: Expected,
}

/// What the generator put in an inbox, for tests and for the people reading them.
#[derive(Debug, Clone, Serialize)]
pub struct Expected {
    pub quarter: String,
    pub seed: u64,
    pub plan_version: String,
    pub plan_hash: String,
    pub due_date: String,
    /// Status of every roster unit: 已报, 逾期, 退回 or 未报.
    pub units: BTreeMap<String, UnitStatus>,
    pub files: Vec<ExpectedFile>,
    /// Sum of each indicator over the accepted files (已报 and 逾期).
    pub totals: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitStatus {
    pub name: String,
    pub status: String,
    /// The file that counts for the unit, if any.
    pub file: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExpectedFile {
    pub file: String,
    /// The unit the file was sent by.
    pub unit: String,
    /// 已报, 逾期, 退回, or 重复（已被替代）.
    pub outcome: String,
    /// Problems `check` must report for this file.
    pub planted: Vec<Planted>,
    /// Mess that `check` must read correctly without any diagnostic.
    pub quirks: Vec<String>,
    /// 基本情况 numbers as the unit meant them.
    pub basic: BTreeMap<String, serde_json::Value>,
    /// 本季度完成 by indicator code, as the unit meant it (是 = 1, 否 = 0).
    pub values: BTreeMap<String, serde_json::Value>,
    pub ledger_rows: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Planted {
    pub rule: String,
    pub severity: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub note: String,
}

/// A number for JSON: whole numbers without a fraction.
pub(crate) fn json_number(value: f64) -> serde_json::Value {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        serde_json::Value::from(value as i64)
    } else {
        serde_json::Value::from(value)
    }
}

/// The cells a unit types in, for `figures`.
pub fn fill_from(plan: &Plan, figures: &Figures) -> Fill {
    let mut fill = Fill::default();
    fill.basic.insert(
        BasicField::MemberCount,
        CellInput::Number(f64::from(figures.members)),
    );
    fill.basic.insert(
        BasicField::LeaderCount,
        CellInput::Number(f64::from(figures.leaders)),
    );
    fill.basic.insert(
        BasicField::BranchCount,
        CellInput::Number(f64::from(figures.branches)),
    );
    fill.basic
        .insert(BasicField::Reporter, CellInput::text(&figures.reporter));
    fill.basic
        .insert(BasicField::Phone, CellInput::text(&figures.phone));
    fill.basic
        .insert(BasicField::ReportDate, CellInput::Date(figures.report_date));
    fill.basic
        .insert(BasicField::Head, CellInput::text(&figures.head));
    for indicator in &plan.indicators {
        let Some(value) = figures.values.get(&indicator.code) else {
            continue;
        };
        let input = match indicator.kind {
            ValueKind::YesNo => CellInput::text(if *value > 0.0 { "是" } else { "否" }),
            _ => CellInput::Number(*value),
        };
        fill.indicators
            .insert(indicator.code.clone(), (input, CellInput::Blank));
    }
    fill.ledger = figures.ledger.iter().map(ledger_entry).collect();
    fill
}

pub(crate) fn ledger_entry(activity: &Activity) -> LedgerEntry {
    LedgerEntry {
        cells: [
            CellInput::Date(activity.date),
            CellInput::text(&activity.category),
            CellInput::text(&activity.topic),
            CellInput::Number(f64::from(activity.expected)),
            CellInput::Number(f64::from(activity.attended)),
            CellInput::text(&activity.leader),
            CellInput::Blank,
        ],
        hidden: false,
    }
}

/// A clean submission of `unit`, with at least `ledger_rows` ledger rows
/// (padded with 其他活动), as the benchmark inboxes use.
pub fn clean_submission(
    plan: &Plan,
    unit: &Unit,
    quarter: Quarter,
    seed: u64,
    ledger_rows: usize,
) -> Result<SampleFile, RenderError> {
    let mut figures = figures(plan, unit, quarter, seed);
    let mut rng = fastrand::Rng::with_seed(derive_seed(seed, &[&unit.code, "padding"]));
    while figures.ledger.len() < ledger_rows {
        let category = plan
            .ledger_categories
            .last()
            .map_or("其他活动", String::as_str);
        figures.ledger.push(figures::activity(
            quarter,
            category,
            figures.members,
            &mut rng,
        ));
    }
    let fill = fill_from(plan, &figures);
    let written = write_submission(
        plan,
        unit,
        quarter,
        &fill,
        &Layout::template(plan, unit, quarter),
    )?;
    Ok(SampleFile {
        name: crate::form::submission_file_name(unit, quarter),
        bytes: written.bytes,
    })
}

/// The default plan's TOML with its roster replaced by `count` synthetic
/// branches (codes 900001…), for benchmark inboxes of any size.
pub fn synthetic_plan_toml(count: usize) -> String {
    let text = crate::plan::DEFAULT_PLAN_TOML;
    let start = text.find("[[units]]").unwrap_or(text.len());
    let end = text[start..]
        .find("[[indicators]]")
        .map_or(text.len(), |i| start + i);
    let categories = ["综合医院", "专科医院", "公共卫生机构", "其他直属单位"];
    let mut units = String::new();
    for i in 1..=count {
        units.push_str(&format!(
            "[[units]]\ncode = \"{}\"\nname = \"第{}党支部\"\ncategory = \"{}\"\nkind = \"党支部\"\n\n",
            900_000 + i,
            i,
            categories[i % categories.len()]
        ));
    }
    format!("{}{}{}", &text[..start], units, &text[end..])
}

//! The annual plan: authority, roster, indicators, targets, rules, scoring.
//!
//! Knows nothing of workbooks or documents. The default plan for 2011 is
//! compiled into the binary from `templates/plan.toml`.

mod describe;
mod error;
mod load;
mod model;
mod quarter;

use std::path::Path;

pub use describe::{format_date, format_date_arabic, format_date_chinese, format_number, Number};
pub use error::{PlanError, PlanProblem, ProblemKind};
pub use load::parse_plan;
pub use model::*;
pub use quarter::{Quarter, QuarterError};

/// The TOML text of the embedded default plan.
pub const DEFAULT_PLAN_TOML: &str = include_str!("../../templates/plan.toml");

/// Name under which the embedded plan appears in messages.
pub const DEFAULT_PLAN_NAME: &str = "内置默认计划";

/// The embedded default plan.
pub fn default_plan() -> Result<Plan, PlanError> {
    parse_plan(DEFAULT_PLAN_TOML, DEFAULT_PLAN_NAME)
}

/// Reads and validates a plan file.
pub fn load_plan_file(path: &Path) -> Result<Plan, PlanError> {
    let bytes = std::fs::read(path).map_err(|err| PlanError::Read {
        path: path.to_path_buf(),
        reason: crate::io_reason(&err),
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| PlanError::Read {
        path: path.to_path_buf(),
        reason: "文件不是 UTF-8 编码（可用记事本“另存为”选择 UTF-8）".to_string(),
    })?;
    let name = path.display().to_string();
    parse_plan(text, &name)
}

/// The plan named by `--plan`, or the embedded default.
pub fn load_plan(path: Option<&Path>) -> Result<Plan, PlanError> {
    match path {
        Some(path) => load_plan_file(path),
        None => default_plan(),
    }
}

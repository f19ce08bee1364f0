//! huizong (汇总): quarterly party-work reports of a city health system —
//! templates for the units, checking the returned workbooks against the
//! annual plan, aggregation across units, and official documents.
//!
//! Data flows one way: `plan` → `render` (templates) → `ingest` → `check`
//! → `aggregate` → `render` (summary, documents). `cli` wires the stages.

pub mod aggregate;
pub mod cell;
pub mod check;
pub mod cli;
pub mod form;
pub mod inbox;
pub mod ingest;
pub mod output;
pub mod plan;
pub mod render;
pub mod sample;
pub mod text;

/// An I/O error in plain Chinese, for messages.
pub fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match err.kind() {
        NotFound => "文件或文件夹不存在".to_string(),
        PermissionDenied => "没有访问权限（文件可能正被 Excel/WPS 打开，或为只读）".to_string(),
        AlreadyExists => "同名文件已存在".to_string(),
        InvalidData => "内容无法识别".to_string(),
        _ => format!("系统错误（{err}）"),
    }
}

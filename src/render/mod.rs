//! Writers: workbooks (rust_xlsxwriter) and documents. No other module touches
//! a format crate for writing.

pub mod annotate;
pub mod manifest;
pub mod report;
pub mod submission;
pub mod summary;
pub mod table;

/// Why a workbook or document could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// rust_xlsxwriter refused a value (e.g. a sheet name or string over
    /// Excel's limits). The message keeps the library's words for the log.
    #[error("生成 Excel 文件失败：{0}")]
    Xlsx(String),
}

impl From<rust_xlsxwriter::XlsxError> for RenderError {
    fn from(err: rust_xlsxwriter::XlsxError) -> RenderError {
        RenderError::Xlsx(err.to_string())
    }
}

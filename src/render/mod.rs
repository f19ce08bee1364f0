//! Writers: workbooks (rust_xlsxwriter) and documents. No other module touches
//! a format crate for writing.

pub mod annotate;
pub mod gongwen;
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
    /// The .docx could not be assembled (docx-rs or its post-processing).
    #[error("生成 Word 文件失败：{0}")]
    Docx(String),
    /// A wording template could not be read or rendered; `line` is 0 when
    /// the problem is not on one line (an unreadable file).
    #[error("公文模板“{file}”{}：{message}", at_line(*.line))]
    Template {
        file: String,
        line: usize,
        message: String,
    },
}

fn at_line(line: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!("第{line}行")
    }
}

impl From<rust_xlsxwriter::XlsxError> for RenderError {
    fn from(err: rust_xlsxwriter::XlsxError) -> RenderError {
        RenderError::Xlsx(err.to_string())
    }
}

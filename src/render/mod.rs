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
    /// Large sheets are written through a temp file, which could not be
    /// created or written.
    #[error("生成 Excel 文件失败：无法在临时文件夹“{folder}”写临时文件（{reason}）。请检查该文件夹（环境变量 TEMP 所指）是否存在、可写，磁盘是否已满")]
    TempFile { folder: String, reason: String },
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
        match err {
            rust_xlsxwriter::XlsxError::TempFileError(folder, e) => RenderError::TempFile {
                folder: folder.display().to_string(),
                reason: crate::io_reason(&e),
            },
            err => RenderError::Xlsx(err.to_string()),
        }
    }
}

//! Workbook bytes → [`RawWorkbook`], with calamine (the only module that uses it).
//!
//! The reader is chosen by the file's content (magic bytes), never by its
//! extension. Cells are read sparsely where the format allows it, and every
//! calamine call runs under a panic guard so that one bad file becomes one
//! diagnostic while the other files go on.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{Data, DataRef, Reader, SheetVisible};

use super::raw::{RawCell, RawSheet, RawValue, RawWorkbook};

/// Limits that keep a hostile file cheap. Defaults suit real submissions
/// (a filled template is ~30 KB with a few thousand cells) with a wide margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Most non-empty cells read from one sheet.
    pub max_cells_per_sheet: usize,
    /// Most sheets in one workbook.
    pub max_sheets: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_cells_per_sheet: 2_000_000,
            max_sheets: 64,
        }
    }
}

/// The container a file's first bytes reveal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// PK zip: .xlsx, .xlsm, .xlsb or .ods.
    Zip,
    /// OLE compound file: .xls, or an encrypted OOXML workbook.
    Compound,
}

/// Why a file could not be read. Each says, in Chinese, what is wrong and
/// how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("文件是空的（0 字节）")]
    Empty,
    #[error("文件大小 {size} 字节，超过上限 {limit} 字节")]
    TooLarge { size: u64, limit: u64 },
    /// Not a spreadsheet at all: `what` says what it looks like.
    #[error("不是 Excel 或 WPS 表格文件（{what}）")]
    NotSpreadsheet { what: String },
    #[error("文件有密码保护，无法读取")]
    Encrypted,
    /// A damaged or truncated file; `detail` is plain Chinese.
    #[error("文件已损坏或不完整（{detail}）")]
    Corrupt { detail: String },
    #[error("工作表“{sheet}”的非空单元格超过 {limit} 个")]
    TooManyCells { sheet: String, limit: usize },
    #[error("工作表超过 {limit} 个")]
    TooManySheets { limit: usize },
}

impl ReadError {
    /// How the unit or the clerk fixes it.
    pub fn hint(&self) -> String {
        match self {
            ReadError::Empty | ReadError::Corrupt { .. } => {
                "文件可能在传输中损坏，请单位用 Excel 或 WPS 打开确认无误后重新发送".to_string()
            }
            ReadError::TooLarge { .. } | ReadError::TooManyCells { .. } | ReadError::TooManySheets { .. } => {
                "请使用下发的报表模板填报，删除多余的工作表和内容后重新发送".to_string()
            }
            ReadError::NotSpreadsheet { .. } => {
                "请用 Excel 或 WPS 打开下发的 .xlsx 模板填报，保存为 Excel 工作簿后重新发送".to_string()
            }
            ReadError::Encrypted => {
                "请单位在 Excel/WPS 中取消“打开密码”（文件→信息→保护工作簿→用密码进行加密，清空密码）后重新发送".to_string()
            }
        }
    }

    pub fn is_encrypted(&self) -> bool {
        matches!(self, ReadError::Encrypted)
    }
}

/// Names the container of a file by its first bytes.
pub fn sniff(bytes: &[u8]) -> Result<Container, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(Container::Zip);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(Container::Compound);
    }
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head).to_lowercase();
    let what = if text.contains("<html") || text.contains("<!doctype") {
        "是网页文件"
    } else if head.starts_with(b"%PDF") {
        "是 PDF 文件"
    } else if head.starts_with(b"\x50\x4B") {
        "是不完整的压缩文件"
    } else if head.starts_with(&[0xFF, 0xD8]) || head.starts_with(b"\x89PNG") {
        "是图片"
    } else if std::str::from_utf8(head).is_ok() && head.contains(&b',') {
        "像是 CSV 文本文件"
    } else if std::str::from_utf8(head).is_ok() {
        "是文本文件"
    } else {
        "内容无法识别"
    };
    Err(ReadError::NotSpreadsheet {
        what: what.to_string(),
    })
}

/// Reads every sheet's non-empty cells.
pub fn read_workbook(bytes: &[u8], limits: &Limits) -> Result<RawWorkbook, ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    let container = sniff(bytes)?;
    if container == Container::Compound && is_encrypted_ooxml(bytes) {
        return Err(ReadError::Encrypted);
    }
    match catch_unwind(AssertUnwindSafe(|| read_guarded(bytes, container, limits))) {
        Ok(result) => result,
        Err(_) => Err(ReadError::Corrupt {
            detail: "读取时遇到无法处理的内容".to_string(),
        }),
    }
}

/// An encrypted .xlsx is an OLE compound file holding `EncryptionInfo`
/// and `EncryptedPackage` streams (names stored in UTF-16).
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn corrupt(detail: &str) -> ReadError {
    ReadError::Corrupt {
        detail: detail.to_string(),
    }
}

fn read_guarded(
    bytes: &[u8],
    container: Container,
    limits: &Limits,
) -> Result<RawWorkbook, ReadError> {
    let cursor = Cursor::new(bytes);
    let mut sheets = match container {
        Container::Zip => {
            if let Ok(xlsx) =
                calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(cursor.clone())
            {
                read_xlsx(xlsx, limits)?
            } else if let Ok(ods) =
                calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(cursor.clone())
            {
                read_dense(ods, limits, Vec::new)?
            } else if let Ok(xlsb) = calamine::open_workbook_from_rs::<calamine::Xlsb<_>, _>(cursor)
            {
                read_dense(xlsb, limits, Vec::new)?
            } else {
                return Err(corrupt("压缩包中缺少工作簿内容，或压缩包不完整"));
            }
        }
        Container::Compound => {
            let xls = calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(cursor)
                .map_err(|_| corrupt("旧版 Excel（.xls）文件结构无法识别"))?;
            read_xls(xls, limits)?
        }
    };
    for sheet in &mut sheets {
        sheet.cells.sort_by_key(|c| (c.row, c.col));
    }
    Ok(RawWorkbook { sheets })
}

fn visible(v: SheetVisible) -> bool {
    matches!(v, SheetVisible::Visible)
}

fn read_xlsx<RS: std::io::Read + std::io::Seek>(
    mut xlsx: calamine::Xlsx<RS>,
    limits: &Limits,
) -> Result<Vec<RawSheet>, ReadError> {
    let meta: Vec<(String, bool)> = xlsx
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), visible(s.visible)))
        .collect();
    if meta.len() > limits.max_sheets {
        return Err(ReadError::TooManySheets {
            limit: limits.max_sheets,
        });
    }
    let mut sheets = Vec::new();
    for (name, visible) in meta {
        let merged = xlsx
            .merge_cells_by_sheet_name(&name)
            .unwrap_or_default()
            .into_iter()
            .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
            .collect();
        let mut cells = Vec::new();
        let mut reader = xlsx
            .worksheet_cells_reader(&name)
            .map_err(|_| corrupt(&format!("工作表“{name}”的内容无法解析")))?;
        while let Some(cell) = reader
            .next_cell_with_formula()
            .map_err(|_| corrupt(&format!("工作表“{name}”的内容无法解析")))?
        {
            let value = match (data_ref_value(&cell.value), cell.formula) {
                (Some(v), _) => v,
                (None, Some(formula)) if !formula.is_empty() => {
                    RawValue::FormulaWithoutValue(formula)
                }
                (None, _) => continue,
            };
            if cells.len() >= limits.max_cells_per_sheet {
                return Err(ReadError::TooManyCells {
                    sheet: name,
                    limit: limits.max_cells_per_sheet,
                });
            }
            cells.push(RawCell {
                row: cell.pos.0,
                col: cell.pos.1,
                value,
            });
        }
        sheets.push(RawSheet {
            name,
            visible,
            cells,
            merged,
        });
    }
    Ok(sheets)
}

fn read_xls<RS: std::io::Read + std::io::Seek>(
    xls: calamine::Xls<RS>,
    limits: &Limits,
) -> Result<Vec<RawSheet>, ReadError> {
    let names: Vec<String> = xls.sheet_names();
    let merges: Vec<Vec<(u32, u32, u32, u32)>> = names
        .iter()
        .map(|n| {
            xls.merge_cells_by_sheet_name(n)
                .unwrap_or_default()
                .into_iter()
                .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                .collect()
        })
        .collect();
    let mut merges = merges.into_iter();
    read_dense(xls, limits, move || merges.next().unwrap_or_default())
}

/// Readers without a streaming cell API: take the range, keep non-empty cells.
fn read_dense<RS, R>(
    mut reader: R,
    limits: &Limits,
    mut merged: impl FnMut() -> Vec<(u32, u32, u32, u32)>,
) -> Result<Vec<RawSheet>, ReadError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
{
    let meta: Vec<(String, bool)> = reader
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), visible(s.visible)))
        .collect();
    if meta.len() > limits.max_sheets {
        return Err(ReadError::TooManySheets {
            limit: limits.max_sheets,
        });
    }
    let mut sheets = Vec::new();
    for (name, visible) in meta {
        let range = reader
            .worksheet_range(&name)
            .map_err(|_| corrupt(&format!("工作表“{name}”的内容无法解析")))?;
        let mut cells = Vec::new();
        for (row, col, data) in range.used_cells() {
            let Some(value) = data_value(data) else {
                continue;
            };
            if cells.len() >= limits.max_cells_per_sheet {
                return Err(ReadError::TooManyCells {
                    sheet: name,
                    limit: limits.max_cells_per_sheet,
                });
            }
            let (r0, c0) = range.start().unwrap_or((0, 0));
            cells.push(RawCell {
                row: r0 + row as u32,
                col: c0 + col as u32,
                value,
            });
        }
        sheets.push(RawSheet {
            name,
            visible,
            cells,
            merged: merged(),
        });
    }
    Ok(sheets)
}

fn error_text(e: &calamine::CellErrorType) -> String {
    e.to_string()
}

fn data_ref_value(value: &DataRef) -> Option<RawValue> {
    Some(match value {
        DataRef::Int(i) => RawValue::Number(*i as f64),
        DataRef::Float(f) => RawValue::Number(*f),
        DataRef::String(s) => RawValue::Text(s.clone()),
        DataRef::SharedString(s) => RawValue::Text((*s).to_string()),
        DataRef::Bool(b) => RawValue::Bool(*b),
        DataRef::DateTime(d) => RawValue::DateSerial(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => RawValue::DateText(s.clone()),
        DataRef::Error(e) => RawValue::Error(error_text(e)),
        DataRef::Empty => return None,
    })
}

fn data_value(value: &Data) -> Option<RawValue> {
    Some(match value {
        Data::Int(i) => RawValue::Number(*i as f64),
        Data::Float(f) => RawValue::Number(*f),
        Data::String(s) => RawValue::Text(s.clone()),
        Data::Bool(b) => RawValue::Bool(*b),
        Data::DateTime(d) => RawValue::DateSerial(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => RawValue::DateText(s.clone()),
        Data::Error(e) => RawValue::Error(error_text(e)),
        Data::Empty => return None,
    })
}

//! Workbook bytes → [`RawWorkbook`], with calamine (used in `src/ingest` only).
//!
//! Files come from outside and some are broken or hostile, so reading is
//! layered:
//!
//! 1. The container is chosen by the file's first bytes ([`sniff`]), never
//!    by its extension.
//! 2. Before any parser inflates anything, the container is inspected
//!    against the [`Limits`]: a zip's central directory (entry count,
//!    declared sizes, compression ratios, encryption, what kind of workbook
//!    it holds, the shared-string count calamine would reserve room for), a
//!    compound file's structure (walked by our own bounded reader, see
//!    `cfb.rs`), and an .xls workbook stream's records (see `biff.rs`).
//! 3. Cells are read sparsely: .xlsx and .xlsb with calamine's streaming
//!    cell readers, .ods with our own reader (`ods.rs`); only .xls goes
//!    through calamine's dense grid, whose size step 2 has bounded.
//! 4. Every cell and every byte of text is charged to a `Budget`.
//! 5. The whole read runs under a panic guard, so a parser bug on one file
//!    becomes one diagnostic while the other files go on.
//!
//! Values are kept as the file holds them: a date-formatted number stays a
//! serial ([`RawValue::DateSerial`]) and is never passed to calamine's date
//! conversions, which panic on out-of-range serials.
//!
//! What remains, with default limits (per file; files read in parallel add
//! up):
//!
//! - Work grows with what is inflated: at most 256 MiB of XML per pass,
//!   and calamine may re-read parts, at most 16 times the file's bytes in
//!   all — seconds in a release build, not minutes.
//! - Memory: an .xls lays out at most 4 M grid slots (~230 MB with its
//!   formula grid); kept text is at most 128 MiB (calamine's own copy of
//!   .xls shared strings as much again); calamine reserves at most 4 M
//!   shared-string slots (96 MB, untouched until filled) for an .xlsx.
//! - calamine sizes an .xlsb record buffer by the record's declared length
//!   (at most 256 MiB) before reading it. The guard checks every record of
//!   the parts calamine reads by fixed name and of the worksheets folder; a
//!   workbook whose relationships point a sheet elsewhere can still cause
//!   one such transient buffer.
//! - calamine's .xls reader records a short placeholder text per formula
//!   (the tokens are neutralised before it sees them); a sheet of a million
//!   formulas costs ~100 MB while it is read.
//! - Later steps look a few dozen cells of 基本情况 and 指标完成情况 up
//!   among their sheet's merged regions one by one (the ledger's rows are
//!   walked with the regions sorted, `submission::ledger_rows`); at most
//!   10,000 regions per sheet keep that bounded. calamine collects
//!   the regions of every .xlsx sheet before that limit is checked: at most
//!   one per ~25 bytes of inflated XML (~170 MB for a 256 MiB part).
//! - A panic inside a parser is caught, which needs `panic = "unwind"`
//!   (the default; the release profile keeps it).

use std::cell::Cell as Flag;
use std::collections::HashMap;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use calamine::{Data, DataRef, Reader, SheetType, SheetVisible, XlsxFormulaMetadata};

use super::raw::{RawCell, RawSheet, RawValue, RawWorkbook};
use super::submission::{extract_again, extract_noting, Submission};
use super::zipguard::Kind;
use super::{biff, cfb, ods, zipguard};
use crate::form::{FINGERPRINT_NAMES, SHEET_INSTRUCTIONS, SHEET_META};

/// Rows of an Excel sheet; cells beyond are refused.
pub(crate) const MAX_ROWS: u64 = 1_048_576;
/// Columns of an Excel sheet (A..XFD); cells beyond are refused.
pub(crate) const MAX_COLS: u64 = 16_384;
/// calamine may re-read parts of a zip (once to open, once for merged
/// cells, once for the cells); it may read at most this many times the
/// file's bytes. A workbook naming the same huge sheet part sixty times
/// would otherwise make it inflate that part sixty times.
const READ_FACTOR: u64 = 16;
/// Days between the 1900 and 1904 date systems' epochs.
const DAYS_1904: f64 = 1462.0;

/// Limits that keep a hostile file cheap. The defaults suit real submissions
/// (a filled template is ~30 KB with a few thousand cells; a 100,000-row
/// ledger is ~5 MB) with a wide margin, and keep the worst case of one file
/// to a few hundred MB of memory and seconds of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes. 50 MiB: ten times a 100,000-row
    /// ledger; mail systems reject larger attachments anyway.
    pub max_file_bytes: u64,
    /// Most bytes all parts of a zip workbook (.xlsx/.xlsm/.xlsb/.ods) may
    /// inflate to, summed over the sizes its central directory declares (the
    /// zip reader refuses to inflate a part past its declared size, so this
    /// bounds the work). 256 MiB: a 100,000-row ledger is ~40 MB of XML; a
    /// zip bomb declares gigabytes and is refused before inflating a byte.
    pub max_inflated_bytes: u64,
    /// Highest ratio of inflated to compressed size for a part larger than
    /// 1 MiB. Real parts compress 3–30 times (the public corpus's maximum is
    /// 19); deflate tops out at ~1030. 200 refuses a bomb that stays under
    /// the size limit (e.g. 250 MB of blanks) without touching real files.
    pub max_compression_ratio: u64,
    /// Most entries in a zip workbook. Real ones have 10–50 (a few hundred
    /// with pictures); the zip reader sizes tables by this count.
    pub max_zip_entries: usize,
    /// Most sheets in one workbook. A template has five.
    pub max_sheets: usize,
    /// Most cells read from one sheet: its non-empty cells for .xlsx, .xlsb
    /// and .ods (read sparsely), and for .xls also the rows × columns of the
    /// rectangle spanning them (calamine lays an .xls sheet out densely, at
    /// 32 bytes a cell plus 24 for its formula grid). 2,000,000: a
    /// 100,000-row ledger of 8 columns is 800,000; the dense worst case is
    /// ~110 MB.
    pub max_cells_per_sheet: usize,
    /// Most cells over the whole workbook, counted as above. 4,000,000.
    pub max_cells_total: usize,
    /// Most bytes of text (strings, error texts, formulas) over the whole
    /// workbook. One 30,000-character string shown by a million cells, or a
    /// repeated .ods cell, would otherwise be copied a million times.
    /// 128 MiB: a 100,000-row ledger holds ~15 MB of text.
    pub max_text_bytes: u64,
    /// Most merged regions in one sheet. A template has a few dozen; later
    /// steps look cells up among them.
    pub max_merged_per_sheet: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_inflated_bytes: 256 * 1024 * 1024,
            max_compression_ratio: 200,
            max_zip_entries: 10_000,
            max_sheets: 64,
            max_cells_per_sheet: 2_000_000,
            max_cells_total: 4_000_000,
            max_text_bytes: 128 * 1024 * 1024,
            max_merged_per_sheet: 10_000,
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

/// A byte count in words: "50 MB", "1.5 KB", "300 字节".
pub(crate) fn bytes_text(n: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if n >= MB {
        if n % MB == 0 {
            format!("{} MB", n / MB)
        } else {
            format!("{:.1} MB", n as f64 / MB as f64)
        }
    } else if n >= KB {
        if n % KB == 0 {
            format!("{} KB", n / KB)
        } else {
            format!("{:.1} KB", n as f64 / KB as f64)
        }
    } else {
        format!("{n} 字节")
    }
}

/// Why a file could not be read. Each says, in Chinese, what is wrong;
/// [`ReadError::hint`] says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("文件是空的（0 字节）")]
    Empty,
    #[error("文件大小 {}，超过上限 {}", bytes_text(*.size), bytes_text(*.limit))]
    TooLarge { size: u64, limit: u64 },
    /// Not a spreadsheet at all: `what` says what it looks like.
    #[error("不是 Excel 或 WPS 表格文件（{what}）")]
    NotSpreadsheet { what: String },
    /// A zip archive holding spreadsheet files: a unit zipped its workbook.
    /// The clerk sees it is there (and may unzip it); the hint, which the
    /// unit reads in its 退回通知, asks for the file itself.
    #[error("是 zip 压缩包（里面有 {count} 个表格文件），压缩包里的表格不会被读取")]
    Zipped { count: usize },
    /// A spreadsheet format that cannot be read (Excel 4.0, XML 2003).
    #[error("是不支持的旧表格格式（{what}）")]
    Unsupported { what: String },
    #[error("文件有密码保护，无法读取")]
    Encrypted,
    /// A damaged or truncated file; `detail` is plain Chinese.
    #[error("文件已损坏或不完整（{detail}）")]
    Corrupt { detail: String },
    /// A file built to exhaust the reader (or damaged to look like one).
    #[error("文件结构异常，为安全起见未读取（{detail}）")]
    Suspicious { detail: String },
    #[error("文件解压后有 {}，超过上限 {}", bytes_text(*.size), bytes_text(*.limit))]
    InflatedTooLarge { size: u64, limit: u64 },
    #[error("工作表“{sheet}”的非空单元格超过 {limit} 个")]
    TooManyCells { sheet: String, limit: usize },
    #[error("工作表“{sheet}”的数据区域达 {rows} 行 × {cols} 列，超过 {limit} 个单元格的上限")]
    SheetTooLarge {
        sheet: String,
        rows: u64,
        cols: u64,
        limit: usize,
    },
    #[error("整个工作簿的单元格超过 {limit} 个")]
    TooManyCellsTotal { limit: usize },
    #[error("工作表超过 {limit} 个")]
    TooManySheets { limit: usize },
    #[error("单元格中的文字合计超过 {}", bytes_text(*.limit))]
    TooMuchText { limit: u64 },
    #[error("工作表“{sheet}”的合并单元格超过 {limit} 处")]
    TooManyMerged { sheet: String, limit: usize },
}

impl ReadError {
    /// How the unit or the clerk fixes it.
    pub fn hint(&self) -> String {
        match self {
            ReadError::Empty | ReadError::Corrupt { .. } => {
                "文件可能在传输中损坏，请单位用 Excel 或 WPS 打开确认无误后重新发送".to_string()
            }
            ReadError::Suspicious { .. } | ReadError::InflatedTooLarge { .. } => {
                "请单位用 Excel 或 WPS 打开该文件，另存为新的 .xlsx 后重新发送；如仍不行，请重新下载模板填报".to_string()
            }
            ReadError::TooLarge { .. }
            | ReadError::TooManyCells { .. }
            | ReadError::TooManyCellsTotal { .. }
            | ReadError::TooManySheets { .. }
            | ReadError::TooMuchText { .. }
            | ReadError::TooManyMerged { .. } => {
                "请使用下发的报表模板填报，删除多余的工作表和内容后重新发送".to_string()
            }
            ReadError::SheetTooLarge { sheet, .. } => format!(
                "请在工作表“{sheet}”中删除远离表格的多余内容（可按 Ctrl+End 找到最后一个单元格），保存后重新发送"
            ),
            ReadError::NotSpreadsheet { .. } => {
                "请用 Excel 或 WPS 打开下发的 .xlsx 模板填报，保存为 Excel 工作簿后重新发送".to_string()
            }
            ReadError::Zipped { .. } => {
                "请直接发送表格文件，不要压缩后发送".to_string()
            }
            ReadError::Unsupported { .. } => {
                "请在 Excel 或 WPS 中打开该文件，另存为“Excel 工作簿（*.xlsx）”后重新发送".to_string()
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

const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Names the container of a file by its first bytes; anything else is
/// refused with what it looks like.
pub fn sniff(bytes: &[u8]) -> Result<Container, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"PK\x05\x06")
        || bytes.starts_with(b"PK\x07\x08")
    {
        return Ok(Container::Zip);
    }
    if bytes.starts_with(&OLE_SIGNATURE) {
        return Ok(Container::Compound);
    }
    Err(classify(bytes))
}

/// What a file that is neither zip nor compound file looks like.
fn classify(bytes: &[u8]) -> ReadError {
    let head = &bytes[..bytes.len().min(4096)];
    let not = |what: &str| ReadError::NotSpreadsheet {
        what: what.to_string(),
    };
    // BIFF2–4 worksheets (Excel 2.x–4.0) start with their BOF record.
    if head.len() >= 4
        && head[0] == 0x09
        && matches!(head[1], 0x00 | 0x02 | 0x04)
        && u16::from_le_bytes([head[2], head[3]]) <= 32
    {
        return ReadError::Unsupported {
            what: "Excel 4.0 或更早版本的工作表".to_string(),
        };
    }
    // A text view of the head: UTF-16 decoded, otherwise bytes as is.
    let text = if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = head[2..]
            .chunks_exact(2)
            .map(|c| {
                if head[0] == 0xFF {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let controls = body
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
            .count();
        (controls == 0).then(|| String::from_utf8_lossy(body).into_owned())
    };
    let lower = text.as_deref().map(str::to_ascii_lowercase);
    if let Some(lower) = &lower {
        if lower.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            return ReadError::Unsupported {
                what: "Excel 2003 XML 表格".to_string(),
            };
        }
        if lower.contains("<html")
            || lower.contains("<!doctype html")
            || lower.contains("<table")
            || lower.starts_with("mime-version:")
        {
            return not("是网页文件，常见于从网页或业务系统导出的“假 Excel”");
        }
        if lower.starts_with("{\\rtf") {
            return not("是 RTF 文档");
        }
    }
    if head.starts_with(b"%PDF") {
        return not("是 PDF 文件");
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"\x89PNG")
        || head.starts_with(b"GIF8")
    {
        return not("是图片");
    }
    if head.starts_with(b"Rar!") {
        return not("是 RAR 压缩包");
    }
    if head.starts_with(b"7z\xBC\xAF\x27\x1C") {
        return not("是 7z 压缩包");
    }
    if head.starts_with(&[0x1F, 0x8B]) {
        return not("是 gzip 压缩文件");
    }
    if head.starts_with(b"PK") {
        return not("是不完整的压缩文件");
    }
    match text {
        Some(t) if looks_delimited(&t) => not("像是 CSV 文本文件"),
        Some(_) => not("是文本文件"),
        None => not("内容无法识别"),
    }
}

/// Text whose first lines all hold a field separator.
fn looks_delimited(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(5)
        .collect();
    !lines.is_empty() && lines.iter().all(|l| l.contains([',', '\t', '，', ';']))
}

/// Reads every sheet's non-empty cells.
pub fn read_workbook(bytes: &[u8], limits: &Limits) -> Result<RawWorkbook, ReadError> {
    guarded(bytes, limits, |container| {
        read_guarded(bytes, container, limits, Lean::No).map(|(workbook, _)| workbook)
    })
}

/// Reads a submission: [`read_workbook`] then
/// [`extract`](crate::ingest::submission::extract), with less work for an
/// .xlsx. The 填报说明 sheet's cells are not read (nothing is taken
/// from it), and merged regions are read only for the sheets where a lookup
/// met an empty cell, which a region might cover (see `Grid::shown`). A
/// clean submission thus skips the regions of its ledger, the largest
/// sheet, and one without any 说明 skips those of 指标完成情况 too. Same
/// result as [`read_workbook`] then `extract`, except (1) for a cell hidden
/// under a merged region that still holds a value of its own (Excel and WPS
/// empty such cells when merging): it shows its own value; and (2) when no
/// 说明 is written, a 本季度完成 merged across into the 说明 column does
/// not also show as the 说明 (nothing is taken from 说明 but its text); (3) a
/// 填报说明 sheet that cannot be parsed does not make the file unreadable
/// (the spec: that sheet is never parsed), nor does a damaged part of the
/// package that this read does not inflate to its end (the 填报说明 sheet,
/// or what follows a sheet's cells): the zip's check of a part's bytes
/// comes at its end; (4) nor do merged regions it leaves unread that
/// cannot be read.
pub fn read_submission(bytes: &[u8], limits: &Limits) -> Result<Submission, ReadError> {
    guarded(bytes, limits, |container| {
        let (mut workbook, package) = read_guarded(bytes, container, limits, Lean::Yes)?;
        let (mut submission, needs) = extract_noting(&workbook);
        if needs.is_empty() {
            return Ok(submission);
        }
        let Some(mut package) = package else {
            return Ok(submission);
        };
        read_needed_merges(bytes, &mut package, &mut workbook, &needs, limits)?;
        extract_again(&workbook, &mut submission, &needs);
        Ok(submission)
    })
}

/// Whether a read may leave out what a submission does not need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lean {
    Yes,
    No,
}

/// The file-size check, the container sniff and the panic guard around a read.
fn guarded<T>(
    bytes: &[u8],
    limits: &Limits,
    read: impl FnOnce(Container) -> Result<T, ReadError>,
) -> Result<T, ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    let container = sniff(bytes)?;
    quiet_panics_while_reading();
    READING.with(|r| r.set(true));
    let result = catch_unwind(AssertUnwindSafe(|| read(container)));
    READING.with(|r| r.set(false));
    match result {
        Ok(result) => result,
        Err(_) => Err(corrupt("读取时遇到无法处理的内容")),
    }
}

/// Reads the merged regions of the sheets named in `needs`, which a
/// submission read left unread.
fn read_needed_merges(
    bytes: &[u8],
    package: &mut zipguard::Package,
    workbook: &mut RawWorkbook,
    needs: &[String],
    limits: &Limits,
) -> Result<(), ReadError> {
    let budget = Budget::new(limits);
    let mut found = super::merges::xlsx_merges_of(package, |name| needs.iter().any(|n| n == name));
    let mut xlsx: Option<calamine::Xlsx<_>> = None;
    for sheet in &mut workbook.sheets {
        if !needs.contains(&sheet.name) {
            continue;
        }
        let regions = match found.as_mut().and_then(|m| m.remove(&sheet.name)) {
            Some(regions) => {
                budget.merged(&sheet.name, regions.len() as u64)?;
                regions
            }
            None => {
                // The shortcut could not place the sheet: ask calamine.
                if xlsx.is_none() {
                    let (reader, exhausted) = metered(bytes);
                    xlsx =
                        Some(calamine::open_workbook_from_rs(reader).map_err(|_| {
                            failed(&exhausted, "工作簿的目录、关系或样式部分无法解析")
                        })?);
                }
                let regions = xlsx
                    .as_mut()
                    .map(|x| x.merge_cells_by_sheet_name(&sheet.name).unwrap_or_default())
                    .unwrap_or_default();
                merged_regions(regions, &sheet.name, &budget)?
            }
        };
        sheet.merged = regions;
        sheet.merges_unread = false;
    }
    Ok(())
}

thread_local! {
    /// Set while this thread is inside [`read_workbook`]'s panic guard.
    static READING: Flag<bool> = const { Flag::new(false) };
}

/// A parser panic becomes one [`ReadError::Corrupt`]; the default hook
/// would also print the parser's own English message to the clerk's
/// terminal. Installs (once) a hook that stays silent for panics raised
/// inside the guard and passes every other panic to the hook it replaced.
fn quiet_panics_while_reading() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING.with(|r| r.get()) {
                previous(info);
            }
        }));
    });
}

fn corrupt(detail: &str) -> ReadError {
    ReadError::Corrupt {
        detail: detail.to_string(),
    }
}

/// What one workbook may still cost: cells and bytes of text.
pub(crate) struct Budget<'l> {
    pub limits: &'l Limits,
    cells: u64,
    text: u64,
}

impl<'l> Budget<'l> {
    pub fn new(limits: &'l Limits) -> Budget<'l> {
        Budget {
            limits,
            cells: 0,
            text: 0,
        }
    }

    /// Charges `n` more cells to a sheet that has `in_sheet` already.
    pub fn cells(&mut self, sheet: &str, in_sheet: usize, n: u64) -> Result<(), ReadError> {
        if (in_sheet as u64).saturating_add(n) > self.limits.max_cells_per_sheet as u64 {
            return Err(ReadError::TooManyCells {
                sheet: sheet.to_string(),
                limit: self.limits.max_cells_per_sheet,
            });
        }
        self.cells = self.cells.saturating_add(n);
        if self.cells > self.limits.max_cells_total as u64 {
            return Err(ReadError::TooManyCellsTotal {
                limit: self.limits.max_cells_total,
            });
        }
        Ok(())
    }

    /// Charges `n` more bytes of text.
    pub fn text(&mut self, n: u64) -> Result<(), ReadError> {
        self.text = self.text.saturating_add(n);
        if self.text > self.limits.max_text_bytes {
            return Err(ReadError::TooMuchText {
                limit: self.limits.max_text_bytes,
            });
        }
        Ok(())
    }

    /// Whether `n` more bytes of text would still fit (charges nothing).
    pub fn check_text_room(&self, n: u64) -> Result<(), ReadError> {
        if self.text.saturating_add(n) > self.limits.max_text_bytes {
            return Err(ReadError::TooMuchText {
                limit: self.limits.max_text_bytes,
            });
        }
        Ok(())
    }

    /// Whether a sheet may hold `n` merged regions.
    pub fn merged(&self, sheet: &str, n: u64) -> Result<(), ReadError> {
        if n > self.limits.max_merged_per_sheet as u64 {
            return Err(ReadError::TooManyMerged {
                sheet: sheet.to_string(),
                limit: self.limits.max_merged_per_sheet,
            });
        }
        Ok(())
    }

    /// Adds a cell to a sheet's cells, charging it and checking its place.
    fn push(
        &mut self,
        cells: &mut Vec<RawCell>,
        sheet: &str,
        (row, col): (u32, u32),
        value: RawValue,
    ) -> Result<(), ReadError> {
        if u64::from(row) >= MAX_ROWS || u64::from(col) >= MAX_COLS {
            return Err(corrupt(&format!(
                "工作表“{sheet}”有内容超出 Excel 的最大范围 1048576 行、16384 列"
            )));
        }
        self.cells(sheet, cells.len(), 1)?;
        self.text(text_len(&value))?;
        cells.push(RawCell { row, col, value });
        Ok(())
    }
}

fn text_len(value: &RawValue) -> u64 {
    match value {
        RawValue::Text(s)
        | RawValue::DateText(s)
        | RawValue::Error(s)
        | RawValue::FormulaWithoutValue(s) => s.len() as u64,
        RawValue::Number(_) | RawValue::Bool(_) | RawValue::DateSerial(_) => 0,
    }
}

/// The file as calamine reads it: at most [`READ_FACTOR`] times its size.
struct Metered<'a> {
    inner: Cursor<&'a [u8]>,
    left: u64,
    exhausted: Rc<Flag<bool>>,
}

impl Read for Metered<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 && !buf.is_empty() {
            self.exhausted.set(true);
            return Err(std::io::Error::other("read budget exhausted"));
        }
        let n = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..n])?;
        self.left -= n as u64;
        Ok(n)
    }
}

impl Seek for Metered<'_> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

fn metered(bytes: &[u8]) -> (Metered<'_>, Rc<Flag<bool>>) {
    let exhausted = Rc::new(Flag::new(false));
    let reader = Metered {
        inner: Cursor::new(bytes),
        left: (bytes.len() as u64)
            .saturating_mul(READ_FACTOR)
            .saturating_add(1 << 20),
        exhausted: exhausted.clone(),
    };
    (reader, exhausted)
}

/// A calamine failure in plain Chinese (its own message is never shown).
fn failed(exhausted: &Flag<bool>, detail: &str) -> ReadError {
    if exhausted.get() {
        ReadError::Suspicious {
            detail: format!("读取时需要反复解压的内容超过文件大小的 {READ_FACTOR} 倍"),
        }
    } else {
        corrupt(detail)
    }
}

/// A part whose inflated bytes disagree with the zip's records of them.
const DAMAGED_PART: &str = "压缩包中有部分内容已损坏，解压结果与记录的大小或校验值不符";

/// Whether calamine failed because the zip would not inflate a part.
fn damaged_zip(e: &calamine::XlsxError) -> bool {
    matches!(
        e,
        calamine::XlsxError::Io(_)
            | calamine::XlsxError::Zip(_)
            | calamine::XlsxError::Xml(quick_xml::Error::Io(_))
    )
}

/// A sheet's part whose inflated bytes disagree with the zip's records.
fn damaged_sheet(sheet: &str) -> String {
    format!("工作表“{sheet}”的数据在压缩包中已损坏，解压结果与记录的大小或校验值不符")
}

fn unparsable(sheet: &str) -> String {
    format!("工作表“{sheet}”的内容无法解析")
}

/// The workbook, and for a lean .xlsx read its package (to read merged
/// regions later).
fn read_guarded<'a>(
    bytes: &'a [u8],
    container: Container,
    limits: &Limits,
    lean: Lean,
) -> Result<(RawWorkbook, Option<zipguard::Package<'a>>), ReadError> {
    let mut budget = Budget::new(limits);
    let mut kept = None;
    let (mut sheets, names) = match container {
        Container::Zip => {
            let mut package = zipguard::inspect(bytes, limits)?;
            match package.kind {
                Kind::Xlsx if lean == Lean::Yes => {
                    let read = read_xlsx(bytes, &mut budget, XlsxMerges::Deferred)?;
                    kept = Some(package);
                    read
                }
                Kind::Xlsx => {
                    let merges = super::merges::xlsx_merges(&mut package);
                    read_xlsx(bytes, &mut budget, XlsxMerges::Ahead(merges))?
                }
                Kind::Xlsb => (read_xlsb(bytes, &mut budget)?, Vec::new()),
                Kind::Ods => (read_ods(package, &mut budget)?, Vec::new()),
            }
        }
        Container::Compound => (read_compound(bytes, &mut budget)?, Vec::new()),
    };
    for sheet in &mut sheets {
        sheet.cells.sort_by_key(|c| (c.row, c.col));
    }
    Ok((RawWorkbook { sheets, names }, kept))
}

/// How `read_xlsx` gets merged regions.
enum XlsxMerges {
    /// Read ahead from the sheet parts' tails (see `merges.rs`); `None`, or a
    /// sheet missing: calamine reads them.
    Ahead(Option<HashMap<String, Vec<super::merges::Region>>>),
    /// Left unread (`RawSheet::merges_unread`), and the cells of 填报说明
    /// not read: a submission read.
    Deferred,
}

/// (name, visible, is a worksheet) of each sheet, checked against the limit.
fn sheet_list(
    sheets: &[calamine::Sheet],
    limits: &Limits,
) -> Result<Vec<(String, bool, bool)>, ReadError> {
    if sheets.len() > limits.max_sheets {
        return Err(ReadError::TooManySheets {
            limit: limits.max_sheets,
        });
    }
    Ok(sheets
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                matches!(s.visible, SheetVisible::Visible),
                matches!(s.typ, SheetType::WorkSheet),
            )
        })
        .collect())
}

fn merged_regions(
    regions: Vec<calamine::Dimensions>,
    sheet: &str,
    budget: &Budget,
) -> Result<Vec<(u32, u32, u32, u32)>, ReadError> {
    budget.merged(sheet, regions.len() as u64)?;
    Ok(regions
        .into_iter()
        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect())
}

/// The sheets of an .xlsx, and its defined names that are the template's
/// (see [`RawWorkbook::names`]).
fn read_xlsx(
    bytes: &[u8],
    budget: &mut Budget,
    mut merges: XlsxMerges,
) -> Result<(Vec<RawSheet>, Names), ReadError> {
    let deferred = matches!(merges, XlsxMerges::Deferred);
    let (reader, exhausted) = metered(bytes);
    let mut xlsx: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(reader).map_err(|e| match e {
            calamine::XlsxError::Password => ReadError::Encrypted,
            e if damaged_zip(&e) => failed(&exhausted, DAMAGED_PART),
            _ => failed(&exhausted, "工作簿的目录、关系或样式部分无法解析"),
        })?;
    let is_1904 = xlsx.has_1904_epoch();
    let names: Names = xlsx
        .defined_names()
        .iter()
        .filter(|(name, formula)| {
            FINGERPRINT_NAMES.contains(&name.as_str()) && formula.len() <= MAX_NAME_FORMULA
        })
        .cloned()
        .collect();
    // A submission read skips the meta sheet when the names hold the
    // fingerprint: nothing else is taken from that sheet.
    let meta_unneeded = deferred && super::submission::fingerprint_from_names(&names).is_some();
    let list = sheet_list(xlsx.sheets_metadata(), budget.limits)?;
    let mut sheets = Vec::new();
    for (name, visible, worksheet) in list {
        let mut cells = Vec::new();
        let mut merged = Vec::new();
        let skipped =
            (deferred && name == SHEET_INSTRUCTIONS) || (meta_unneeded && name == SHEET_META);
        if worksheet && !skipped {
            if let XlsxMerges::Ahead(ahead) = &mut merges {
                merged = match ahead.as_mut().and_then(|m| m.remove(&name)) {
                    Some(regions) => {
                        budget.merged(&name, regions.len() as u64)?;
                        regions
                    }
                    None => merged_regions(
                        xlsx.merge_cells_by_sheet_name(&name).unwrap_or_default(),
                        &name,
                        budget,
                    )?,
                };
            }
            // Shared-formula anchors of this sheet: index → (text, cell).
            let mut anchors: HashMap<usize, (String, (u32, u32))> = HashMap::new();
            let sheet_error = |e: calamine::XlsxError| {
                if damaged_zip(&e) {
                    failed(&exhausted, &damaged_sheet(&name))
                } else {
                    failed(&exhausted, &unparsable(&name))
                }
            };
            let mut reader = xlsx.worksheet_cells_reader(&name).map_err(sheet_error)?;
            // The metadata variant never expands shared formulas itself
            // (calamine would size a table by the declared formula index).
            loop {
                // Matched in place: through `map_err` and `?`, each cell's
                // record (~100 bytes) was copied twice more.
                let cell = match reader.next_cell_with_formula_metadata() {
                    Ok(Some(cell)) => cell,
                    Ok(None) => break,
                    Err(e) => return Err(sheet_error(e)),
                };
                // Most cells of a template are styled but empty: skipped
                // before anything else is looked at.
                if matches!(cell.value, DataRef::Empty) && cell.formula.is_none() {
                    continue;
                }
                let value = data_ref_value(&cell.value, is_1904);
                let formula = match cell.formula {
                    Some(XlsxFormulaMetadata::Normal { formula }) => Some(formula),
                    Some(XlsxFormulaMetadata::Shared {
                        shared_index,
                        range,
                        formula,
                    }) => {
                        let origin = range.map_or(cell.pos, |r| r.start);
                        anchors.insert(shared_index, (formula.clone(), origin));
                        Some(formula)
                    }
                    // Expanded only when it is needed: no cached value.
                    Some(XlsxFormulaMetadata::SharedDerived { shared_index })
                        if value.is_none() =>
                    {
                        match anchors.get(&shared_index) {
                            Some((template, origin)) => {
                                budget.check_text_room(template.len() as u64 * 2)?;
                                calamine::expand_shared_formula(template, *origin, cell.pos).ok()
                            }
                            None => None,
                        }
                    }
                    _ => None,
                };
                let value = match (value, formula) {
                    (Some(v), _) => v,
                    (None, Some(f)) if !f.is_empty() => RawValue::FormulaWithoutValue(f),
                    (None, _) => continue,
                };
                budget.push(&mut cells, &name, cell.pos, value)?;
            }
        }
        sheets.push(RawSheet {
            name,
            visible,
            cells,
            merged,
            merges_unread: deferred,
        });
    }
    Ok((sheets, names))
}

/// Defined names with their formulas, as stored.
type Names = Vec<(String, String)>;

/// The longest formula of a template name kept (a fingerprint value is a
/// few dozen characters).
const MAX_NAME_FORMULA: usize = 1024;

/// .xlsb through calamine's streaming cell reader: its `worksheet_range`
/// (a dense grid sized by the sheet's declared dimensions) is never called.
fn read_xlsb(bytes: &[u8], budget: &mut Budget) -> Result<Vec<RawSheet>, ReadError> {
    let (reader, exhausted) = metered(bytes);
    let mut xlsb: calamine::Xlsb<_> =
        calamine::open_workbook_from_rs(reader).map_err(|e| match e {
            calamine::XlsbError::Password => ReadError::Encrypted,
            calamine::XlsbError::Io(_) | calamine::XlsbError::Zip(_) => {
                failed(&exhausted, DAMAGED_PART)
            }
            _ => failed(&exhausted, ".xlsb 工作簿的结构无法解析"),
        })?;
    let is_1904 = xlsb.has_1904_epoch();
    let list = sheet_list(xlsb.sheets_metadata(), budget.limits)?;
    let mut sheets = Vec::new();
    for (name, visible, worksheet) in list {
        let mut cells = Vec::new();
        if worksheet {
            let mut reader = xlsb
                .worksheet_cells_reader(&name)
                .map_err(|_| failed(&exhausted, &unparsable(&name)))?;
            while let Some(cell) = reader
                .next_cell()
                .map_err(|_| failed(&exhausted, &unparsable(&name)))?
            {
                if let Some(value) = data_ref_value(cell.get_value(), is_1904) {
                    budget.push(&mut cells, &name, cell.get_position(), value)?;
                }
            }
        }
        sheets.push(RawSheet {
            name,
            visible,
            cells,
            merged: Vec::new(),
            merges_unread: false,
        });
    }
    Ok(sheets)
}

fn read_ods(
    mut package: zipguard::Package,
    budget: &mut Budget,
) -> Result<Vec<RawSheet>, ReadError> {
    let part = package
        .part("content.xml")
        .cloned()
        .ok_or_else(|| corrupt("OpenDocument 表格中缺少内容部分 content.xml"))?;
    let file = package
        .archive
        .by_index(part.index)
        .map_err(|_| corrupt("OpenDocument 表格的内容部分 content.xml 无法解压"))?;
    ods::read(std::io::BufReader::new(file), budget)
}

/// True if the bytes hold the UTF-16 name of an encrypted package's stream
/// (a fallback when the compound file itself is too damaged to walk).
fn names_encrypted_package(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// An OLE compound file: an .xls, an encrypted OOXML workbook, or some
/// other Office document.
fn read_compound(bytes: &[u8], budget: &mut Budget) -> Result<Vec<RawSheet>, ReadError> {
    let compound = match cfb::Compound::parse(bytes) {
        Ok(c) => c,
        Err(_) if names_encrypted_package(bytes) => return Err(ReadError::Encrypted),
        Err(e) => return Err(corrupt(&e.to_string())),
    };
    if compound.find("EncryptedPackage").is_some() || compound.find("EncryptionInfo").is_some() {
        return Err(ReadError::Encrypted);
    }
    let workbook = compound
        .find("Workbook")
        .filter(|e| e.is_stream())
        .or_else(|| compound.find("Book").filter(|e| e.is_stream()))
        .cloned();
    let Some(workbook) = workbook else {
        let what = if compound.find("WordDocument").is_some() {
            "像是旧版 Word 文档 .doc"
        } else if compound.find("PowerPoint Document").is_some() {
            "像是旧版 PowerPoint 演示文稿 .ppt"
        } else {
            "是 Office 复合文档，但其中没有工作簿"
        };
        return Err(ReadError::NotSpreadsheet {
            what: what.to_string(),
        });
    };
    let stream = compound
        .stream(&workbook)
        .map_err(|e| corrupt(&e.to_string()))?;
    let stream = biff::prepare(stream, budget.limits)?;
    // calamine gets a fresh compound file holding only the checked stream.
    let file =
        cfb::single_stream("Workbook", &stream).ok_or_else(|| corrupt("旧版 .xls 工作簿过大"))?;
    let xls: calamine::Xls<_> =
        calamine::open_workbook_from_rs(Cursor::new(file)).map_err(|e| match e {
            calamine::XlsError::Password => ReadError::Encrypted,
            _ => corrupt("旧版 .xls 工作簿的内容无法解析"),
        })?;
    read_xls(xls, budget)
}

/// .xls through calamine's dense grids, whose size `biff::prepare` bounded.
fn read_xls<RS: Read + Seek>(
    mut xls: calamine::Xls<RS>,
    budget: &mut Budget,
) -> Result<Vec<RawSheet>, ReadError> {
    let is_1904 = xls.has_1904_epoch();
    let list = sheet_list(xls.sheets_metadata(), budget.limits)?;
    let mut sheets = Vec::new();
    for (name, visible, _) in list {
        let merged = merged_regions(
            xls.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            &name,
            budget,
        )?;
        let range = xls
            .worksheet_range(&name)
            .map_err(|_| corrupt(&unparsable(&name)))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut cells = Vec::new();
        for (row, col, data) in range.used_cells() {
            if let Some(value) = data_value(data, is_1904) {
                let pos = (r0 + row as u32, c0 + col as u32);
                budget.push(&mut cells, &name, pos, value)?;
            }
        }
        sheets.push(RawSheet {
            name,
            visible,
            cells,
            merged,
            merges_unread: false,
        });
    }
    Ok(sheets)
}

/// A date serial in the 1900 date system (durations are not shifted).
fn serial(d: &calamine::ExcelDateTime, is_1904: bool) -> RawValue {
    let v = d.as_f64();
    RawValue::DateSerial(if is_1904 && d.is_datetime() {
        v + DAYS_1904
    } else {
        v
    })
}

fn data_ref_value(value: &DataRef, is_1904: bool) -> Option<RawValue> {
    Some(match value {
        DataRef::Int(i) => RawValue::Number(*i as f64),
        DataRef::Float(f) => RawValue::Number(*f),
        DataRef::String(s) => RawValue::Text(s.clone()),
        DataRef::SharedString(s) => RawValue::Text((*s).to_string()),
        DataRef::Bool(b) => RawValue::Bool(*b),
        DataRef::DateTime(d) => serial(d, is_1904),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => RawValue::DateText(s.clone()),
        DataRef::Error(e) => RawValue::Error(e.to_string()),
        DataRef::Empty => return None,
    })
}

fn data_value(value: &Data, is_1904: bool) -> Option<RawValue> {
    Some(match value {
        Data::Int(i) => RawValue::Number(*i as f64),
        Data::Float(f) => RawValue::Number(*f),
        Data::String(s) => RawValue::Text(s.clone()),
        Data::Bool(b) => RawValue::Bool(*b),
        Data::DateTime(d) => serial(d, is_1904),
        Data::DateTimeIso(s) | Data::DurationIso(s) => RawValue::DateText(s.clone()),
        Data::Error(e) => RawValue::Error(e.to_string()),
        Data::Empty => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn not(what: &str) -> Result<Container, ReadError> {
        Err(ReadError::NotSpreadsheet {
            what: what.to_string(),
        })
    }

    /// A template of the default plan, and the fingerprint it was made with.
    fn template() -> (Vec<u8>, crate::form::Fingerprint) {
        let plan = crate::plan::default_plan().unwrap();
        let unit = plan.unit("0105").unwrap();
        let quarter = crate::plan::Quarter::new(2011, 2).unwrap();
        let bytes = crate::render::submission::write_template(&plan, unit, quarter)
            .unwrap()
            .bytes;
        (bytes, crate::form::Fingerprint::new(&plan, unit, quarter))
    }

    /// `bytes` with `edit` applied to the text of xl/workbook.xml.
    fn with_workbook_xml(bytes: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            if name == "xl/workbook.xml" {
                data = edit(std::str::from_utf8(&data).unwrap()).into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(&data).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn read_lean(bytes: &[u8]) -> RawWorkbook {
        read_guarded(bytes, Container::Zip, &Limits::default(), Lean::Yes)
            .unwrap()
            .0
    }

    fn meta_cells(workbook: &RawWorkbook) -> usize {
        let meta = workbook.sheets.iter().find(|s| s.name == SHEET_META);
        meta.unwrap().cells.len()
    }

    #[test]
    fn the_fingerprint_names_spare_reading_the_meta_sheet() {
        let (bytes, made) = template();
        let full = read_workbook(&bytes, &Limits::default()).unwrap();
        let lean = read_lean(&bytes);
        let mut names: Vec<&str> = lean.names.iter().map(|(n, _)| n.as_str()).collect();
        names.sort();
        let mut expected = crate::form::FINGERPRINT_NAMES.to_vec();
        expected.sort();
        assert_eq!(names, expected);
        assert!(lean
            .names
            .contains(&("_huizong.quarter".to_string(), "\"2011Q2\"".to_string())));
        // The submission read leaves the sheet unread; the full read reads it.
        assert_eq!(meta_cells(&lean), 0);
        assert_eq!(meta_cells(&full), 27);
        // The names, the sheet alone and the submission read agree.
        let mut sheet_only = full.clone();
        sheet_only.names.clear();
        for workbook in [&full, &lean, &sheet_only] {
            let submission = super::super::submission::extract(workbook);
            assert_eq!(submission.fingerprint.as_ref(), Some(&made));
        }
        assert_eq!(
            read_submission(&bytes, &Limits::default())
                .unwrap()
                .fingerprint,
            Some(made)
        );
    }

    #[test]
    fn names_that_do_not_hold_a_fingerprint_leave_it_to_the_sheet() {
        let (bytes, made) = template();
        // A version that is not a number; a name missing; a value that is
        // not a text constant.
        let edits: [fn(&str) -> String; 3] = [
            |xml| xml.replace(">\"1\"</definedName>", ">\"x\"</definedName>"),
            |xml| xml.replace("_huizong.plan_hash", "_other.plan_hash"),
            |xml| xml.replace(">\"2011Q2\"</definedName>", ">2011</definedName>"),
        ];
        for edit in edits {
            let edited = with_workbook_xml(&bytes, edit);
            assert_ne!(edited, bytes);
            let lean = read_lean(&edited);
            assert_eq!(meta_cells(&lean), 27, "the sheet is read");
            assert_eq!(
                read_submission(&edited, &Limits::default())
                    .unwrap()
                    .fingerprint,
                Some(made.clone())
            );
        }
        // Names the sheet contradicts: the names count.
        let other = with_workbook_xml(&bytes, |xml| {
            xml.replace(">\"0105\"</definedName>", ">\"0101\"</definedName>")
        });
        let fingerprint = read_submission(&other, &Limits::default())
            .unwrap()
            .fingerprint
            .unwrap();
        assert_eq!(fingerprint.unit_code, "0101");
        let full = read_workbook(&other, &Limits::default()).unwrap();
        assert_eq!(
            super::super::submission::extract(&full).fingerprint,
            Some(fingerprint)
        );
    }

    #[test]
    fn sniff_by_magic_bytes() {
        assert_eq!(sniff(b""), Err(ReadError::Empty));
        assert_eq!(sniff(b"PK\x03\x04rest"), Ok(Container::Zip));
        assert_eq!(sniff(b"PK\x05\x06"), Ok(Container::Zip));
        assert_eq!(sniff(&OLE_SIGNATURE), Ok(Container::Compound));
        assert_eq!(sniff(b"a,b,c\n1,2,3\n"), not("像是 CSV 文本文件"));
        assert_eq!(
            sniff("\u{feff}单位,党员\n一院,12\n".as_bytes()),
            not("像是 CSV 文本文件")
        );
        // GBK-encoded CSV (not UTF-8, but text).
        assert_eq!(sniff(b"\xb5\xa5\xce\xbb,12\r\n"), not("像是 CSV 文本文件"));
        assert_eq!(sniff(b"just words\n"), not("是文本文件"));
        assert_eq!(
            sniff(b"MIT License\n\nCopyright (c) 2016, Someone\n"),
            not("是文本文件")
        );
        assert_eq!(
            sniff(b"<!DOCTYPE html><html><table><tr><td>1</td></tr></table>"),
            not("是网页文件，常见于从网页或业务系统导出的“假 Excel”")
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"),
            Err(ReadError::Unsupported {
                what: "Excel 2003 XML 表格".into()
            })
        );
        assert_eq!(
            sniff(&[0x09, 0x04, 0x06, 0x00, 0x00, 0x00, 0x10, 0x00]),
            Err(ReadError::Unsupported {
                what: "Excel 4.0 或更早版本的工作表".into()
            })
        );
        assert_eq!(sniff(b"%PDF-1.4"), not("是 PDF 文件"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), not("是图片"));
        assert_eq!(sniff(b"Rar!\x1a\x07"), not("是 RAR 压缩包"));
        assert_eq!(sniff(b"PK\x01\x02"), not("是不完整的压缩文件"));
        assert_eq!(sniff(&[0x00, 0x01, 0x02, 0xFF]), not("内容无法识别"));
        // UTF-16 text with tabs, as Excel's "Unicode text" export.
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("单位\t党员\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(sniff(&utf16), not("像是 CSV 文本文件"));
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(bytes_text(50 * 1024 * 1024), "50 MB");
        assert_eq!(bytes_text(1536), "1.5 KB");
        assert_eq!(bytes_text(300), "300 字节");
        assert_eq!(
            ReadError::TooLarge {
                size: 60 * 1024 * 1024,
                limit: 50 * 1024 * 1024
            }
            .to_string(),
            "文件大小 60 MB，超过上限 50 MB"
        );
    }

    #[test]
    fn budget_counts_cells_text_and_places() {
        let limits = Limits {
            max_cells_per_sheet: 2,
            max_cells_total: 3,
            max_text_bytes: 10,
            ..Limits::default()
        };
        let mut b = Budget::new(&limits);
        let mut a = Vec::new();
        b.push(&mut a, "A", (0, 0), RawValue::Number(1.0)).unwrap();
        b.push(&mut a, "A", (0, 1), RawValue::Text("12345".into()))
            .unwrap();
        assert_eq!(
            b.push(&mut a, "A", (0, 2), RawValue::Number(1.0)),
            Err(ReadError::TooManyCells {
                sheet: "A".into(),
                limit: 2
            })
        );
        let mut c = Vec::new();
        assert_eq!(
            b.push(&mut c, "B", (0, 0), RawValue::Text("123456".into())),
            Err(ReadError::TooMuchText { limit: 10 })
        );
        let mut d = Vec::new();
        assert_eq!(
            b.push(&mut d, "C", (0, 0), RawValue::Number(1.0)),
            Err(ReadError::TooManyCellsTotal { limit: 3 })
        );
        let mut b = Budget::new(&limits);
        assert!(matches!(
            b.push(&mut Vec::new(), "A", (0, 16_384), RawValue::Number(1.0)),
            Err(ReadError::Corrupt { .. })
        ));
        assert!(matches!(
            b.push(&mut Vec::new(), "A", (1_048_576, 0), RawValue::Number(1.0)),
            Err(ReadError::Corrupt { .. })
        ));
    }

    #[test]
    fn every_error_has_a_chinese_message_and_hint() {
        let errors = [
            ReadError::Empty,
            ReadError::Encrypted,
            ReadError::Suspicious { detail: "x".into() },
            ReadError::InflatedTooLarge {
                size: 3 << 30,
                limit: 256 << 20,
            },
            ReadError::SheetTooLarge {
                sheet: "台帐".into(),
                rows: 65536,
                cols: 256,
                limit: 2_000_000,
            },
        ];
        for e in errors {
            let text = e.to_string();
            assert!(
                text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{text}"
            );
            assert!(!e.hint().is_empty());
        }
        assert_eq!(
            ReadError::InflatedTooLarge {
                size: 3 << 30,
                limit: 256 << 20
            }
            .to_string(),
            "文件解压后有 3072 MB，超过上限 256 MB"
        );
        assert!(ReadError::Encrypted.is_encrypted());
        assert!(!ReadError::Empty.is_encrypted());
    }
}

//! Official table style (公文表格样式) shared by every output workbook: a merged
//! title, a 填报单位/单位/日期 line, a bordered bold header (one or two levels),
//! thin borders on the body, notes and a 制表人/审核人/负责人 line under the
//! table, A4 print setup with repeated header rows and page numbers.
//!
//! Fonts are named as Windows names them (宋体, 黑体) so that Excel and WPS
//! show them.

use std::borrow::Borrow;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use super::RenderError;

pub const FONT_BODY: &str = "宋体";
pub const FONT_HEADING: &str = "黑体";
const HEADER_FILL: u32 = 0xD9E1F2;
const SUBTOTAL_FILL: u32 = 0xF2F2F2;
const ERROR_FILL: u32 = 0xFFC7CE;
const WARNING_FILL: u32 = 0xFFEB9C;
/// Excel's limit of characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;

/// One column: its header (and the group header above it, for a two-level
/// header), and its width in Excel character units.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub group: Option<String>,
    pub width: f64,
}

impl Column {
    pub fn new(header: impl Into<String>, width: f64) -> Column {
        Column {
            header: header.into(),
            group: None,
            width,
        }
    }

    pub fn grouped(group: impl Into<String>, header: impl Into<String>, width: f64) -> Column {
        Column {
            header: header.into(),
            group: Some(group.into()),
            width,
        }
    }
}

/// A value in a body cell. Numbers are stored as numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Blank,
    /// Text, always written as a string (never a formula).
    Text(String),
    /// Whole number, format `0`.
    Int(f64),
    /// One decimal, format `0.0`.
    Dec1(f64),
    /// Two decimals, format `0.00` (万元).
    Dec2(f64),
    /// A ratio shown as a percentage with one decimal (0.962 → 96.2%).
    Percent(f64),
}

impl Value {
    pub fn text(text: impl Into<String>) -> Value {
        Value::Text(text.into())
    }
}

/// How a body row looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Body,
    /// A category subtotal: bold on grey.
    Subtotal,
    /// The 合计 row: bold.
    Total,
    /// A row marking a blocking problem: red fill.
    Error,
    /// A row needing attention: yellow fill.
    Warning,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub kind: RowKind,
    pub cells: Vec<Value>,
}

impl Row {
    pub fn new(kind: RowKind, cells: Vec<Value>) -> Row {
        Row { kind, cells }
    }
}

/// A sheet in official table style.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficialSheet {
    /// Sheet tab name (≤ 31 characters).
    pub name: String,
    /// Merged title, e.g. 2011年第一季度市直卫生系统党建工作情况汇总表.
    pub title: String,
    /// 填报单位 (the bureau).
    pub authority: String,
    /// 单位 (of measure), e.g. 次、人; empty to leave out.
    pub measure: String,
    /// 日期, already formatted.
    pub date: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// 口径说明 under the table, one line each.
    pub notes: Vec<String>,
    /// Columns left of the frozen split (e.g. the unit name).
    pub freeze_columns: u16,
    pub landscape: bool,
    /// An autofilter on the header (long lists a clerk filters).
    pub autofilter: bool,
}

/// Where the parts of a written sheet landed (0-based rows), for tests and
/// for callers adding conditional formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub header_first: u32,
    pub header_last: u32,
    pub body_first: u32,
    /// One past the last body row.
    pub body_end: u32,
}

struct Styles {
    title: Format,
    info: Format,
    header: Format,
    note: Format,
    sign: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new()
            .set_font_name(FONT_BODY)
            .set_font_size(11)
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            title: Format::new()
                .set_font_name(FONT_HEADING)
                .set_font_size(18)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            info: base.clone().set_font_size(10),
            header: base
                .clone()
                .set_font_name(FONT_HEADING)
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_text_wrap()
                .set_background_color(HEADER_FILL),
            note: base.clone().set_font_size(10).set_text_wrap(),
            sign: base.set_font_size(11),
        }
    }

    /// The body formats of one sheet, built once: `body` for each cell would
    /// build (and have the writer hash) a new Format per cell.
    fn body_formats() -> BodyFormats {
        let values = [
            Value::Blank,
            Value::Int(0.0),
            Value::Dec1(0.0),
            Value::Dec2(0.0),
            Value::Percent(0.0),
        ];
        let kinds = [
            RowKind::Body,
            RowKind::Subtotal,
            RowKind::Total,
            RowKind::Error,
            RowKind::Warning,
        ];
        BodyFormats {
            formats: kinds.map(|kind| values.clone().map(|value| Styles::body(&value, kind))),
        }
    }

    fn body(value: &Value, kind: RowKind) -> Format {
        let mut format = Format::new()
            .set_font_name(FONT_BODY)
            .set_font_size(10)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        format = match value {
            Value::Blank | Value::Text(_) => format.set_text_wrap().set_num_format("@"),
            Value::Int(_) => format.set_num_format("0").set_align(FormatAlign::Right),
            Value::Dec1(_) => format.set_num_format("0.0").set_align(FormatAlign::Right),
            Value::Dec2(_) => format.set_num_format("0.00").set_align(FormatAlign::Right),
            Value::Percent(_) => format.set_num_format("0.0%").set_align(FormatAlign::Right),
        };
        match kind {
            RowKind::Body => format,
            RowKind::Subtotal => format.set_bold().set_background_color(SUBTOTAL_FILL),
            RowKind::Total => format.set_bold(),
            RowKind::Error => format.set_background_color(ERROR_FILL),
            RowKind::Warning => format.set_background_color(WARNING_FILL),
        }
    }
}

/// [`Styles::body`] for every value class and row kind.
struct BodyFormats {
    formats: [[Format; 5]; 5],
}

impl BodyFormats {
    /// Which of the five value formats a value takes.
    fn class(value: &Value) -> usize {
        match value {
            Value::Blank | Value::Text(_) => 0,
            Value::Int(_) => 1,
            Value::Dec1(_) => 2,
            Value::Dec2(_) => 3,
            Value::Percent(_) => 4,
        }
    }

    fn by_class(&self, class: usize, kind: RowKind) -> &Format {
        let k = match kind {
            RowKind::Body => 0,
            RowKind::Subtotal => 1,
            RowKind::Total => 2,
            RowKind::Error => 3,
            RowKind::Warning => 4,
        };
        &self.formats[k][class]
    }
}

/// `&` starts a code in Excel headers and footers; double it in literal text.
fn escape_header(text: &str) -> String {
    text.replace('&', "&&")
}

/// Lines a text takes in a column of `width` Excel character units, CJK
/// characters counting two (capped: a row never grows past a page).
pub fn wrapped_lines(text: &str, width: f64) -> usize {
    let usable = (width - 1.0).max(1.0);
    let lines: usize = text
        .split('\n')
        .map(|line| {
            let units: f64 = line
                .chars()
                .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
                .sum();
            ((units / usable).ceil() as usize).max(1)
        })
        .sum();
    lines.min(20)
}

/// Text fit for a cell: within Excel's length limit.
pub fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    // A text has no more characters than bytes: most need no counting.
    if text.len() <= MAX_CELL_CHARS || text.chars().count() <= MAX_CELL_CHARS {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut cut: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
    cut.push('…');
    std::borrow::Cow::Owned(cut)
}

/// Adds a sheet in official table style to `workbook`.
pub fn add_official_sheet(
    workbook: &mut Workbook,
    spec: &OfficialSheet,
) -> Result<Placed, RenderError> {
    add_official_sheet_with_rows(workbook, spec, &spec.rows)
}

/// [`add_official_sheet_with_rows`] with the rows made on a thread of their
/// own, a few batches ahead of the writer: making a unit's row (its texts,
/// numbers and target details) and writing it then take two cores instead
/// of one. The rows, their order and so the file are the same; memory holds
/// at most a few hundred rows more. Rows go across in batches (one at a
/// time, the two threads spent more on waking each other than on rows),
/// and each written row goes back to be freed by the thread that made it
/// (freed by the writer, every row's strings meant taking the lock of the
/// maker's allocator arena while the maker was allocating from it).
pub fn add_official_sheet_made_aside<I>(
    workbook: &mut Workbook,
    spec: &OfficialSheet,
    rows: I,
) -> Result<Placed, RenderError>
where
    I: IntoIterator<Item = Row>,
    I::IntoIter: Send,
{
    use std::sync::PoisonError;
    // Taken by the maker; left here if no thread could be started for it.
    let rows = std::sync::Mutex::new(Some(rows.into_iter()));
    std::thread::scope(|scope| {
        let (sender, received) = std::sync::mpsc::sync_channel::<Vec<Row>>(BATCHES_AHEAD);
        let (back, spent) = std::sync::mpsc::channel::<Row>();
        let slot = &rows;
        let maker = std::thread::Builder::new().spawn_scoped(scope, move || {
            let taken = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
            let Some(mut rows) = taken.map(Iterator::peekable) else {
                return;
            };
            while rows.peek().is_some() {
                let batch: Vec<Row> = rows.by_ref().take(BATCH_ROWS).collect();
                // The writer stopped (an error): so does the maker.
                if sender.send(batch).is_err() {
                    break;
                }
                spent.try_iter().for_each(drop);
            }
            drop(sender);
            // Until the writer is done with the last rows.
            spent.iter().for_each(drop);
        });
        if maker.is_err() {
            // No second thread to be had: the rows are made as they are written.
            let rows = rows.lock().unwrap_or_else(PoisonError::into_inner).take();
            return add_official_sheet_with_rows(workbook, spec, rows.into_iter().flatten());
        }
        let lent = received
            .into_iter()
            .flatten()
            .map(|row| Lent { row, back: &back });
        add_official_sheet_with_rows(workbook, spec, lent)
    })
}

/// Rows in a batch of [`add_official_sheet_made_aside`], and batches made
/// ahead of the writer.
const BATCH_ROWS: usize = 128;
const BATCHES_AHEAD: usize = 2;

/// A row made on another thread, sent back to it once written.
struct Lent<'a> {
    row: Row,
    back: &'a std::sync::mpsc::Sender<Row>,
}

impl Borrow<Row> for Lent<'_> {
    fn borrow(&self) -> &Row {
        &self.row
    }
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        let row = std::mem::replace(&mut self.row, Row::new(RowKind::Body, Vec::new()));
        // The maker has stopped listening only once the writer is done.
        let _ = self.back.send(row);
    }
}

/// [`add_official_sheet`] with the body rows made while they are written
/// (`spec.rows` is not read): a sheet of 10,000 units is never held whole in
/// memory, each row is dropped once written.
pub fn add_official_sheet_with_rows<R: Borrow<Row>>(
    workbook: &mut Workbook,
    spec: &OfficialSheet,
    rows: impl IntoIterator<Item = R>,
) -> Result<Placed, RenderError> {
    let styles = Styles::new();
    // Rows are written in order, so the writer keeps one row in memory (the
    // shared strings stay shared): a 10,000-unit sheet costs a temp file,
    // not ~150 MB of cells until the workbook is saved.
    let sheet = workbook.add_worksheet_with_low_memory()?;
    sheet.set_name(&spec.name)?;
    let last_col = spec.columns.len().saturating_sub(1) as u16;
    for (i, column) in spec.columns.iter().enumerate() {
        sheet.set_column_width(i as u16, column.width)?;
    }

    // Title and the 填报单位/单位/日期 line.
    sheet.set_row_height(0, 36)?;
    merge_or_write(sheet, 0, 0, last_col, &spec.title, &styles.title)?;
    write_info_line(sheet, spec, last_col, &styles)?;

    // Header: two levels when any column is grouped. Row heights are set
    // before a row is written: a written row is flushed when the next starts.
    let two_level = spec.columns.iter().any(|c| c.group.is_some());
    let header_first = 2;
    let header_last = if two_level { 3 } else { 2 };
    for row in header_first..=header_last {
        sheet.set_row_height(row, 30)?;
    }
    // Row by row (a written row is flushed when the next one starts): the
    // groups and the two-row merges first, then the grouped columns' headers.
    let mut col = 0usize;
    while col < spec.columns.len() {
        let column = &spec.columns[col];
        match &column.group {
            Some(group) => {
                let span = spec.columns[col..]
                    .iter()
                    .take_while(|c| c.group.as_ref() == Some(group))
                    .count();
                let (c0, c1) = (col as u16, (col + span - 1) as u16);
                merge_or_write(sheet, header_first, c0, c1, group, &styles.header)?;
                col += span;
            }
            None => {
                if two_level {
                    sheet.merge_range(
                        header_first,
                        col as u16,
                        header_last,
                        col as u16,
                        &column.header,
                        &styles.header,
                    )?;
                } else {
                    sheet.write_string_with_format(
                        header_first,
                        col as u16,
                        &column.header,
                        &styles.header,
                    )?;
                }
                col += 1;
            }
        }
    }
    for (col, column) in spec.columns.iter().enumerate() {
        if column.group.is_some() {
            sheet.write_string_with_format(
                header_last,
                col as u16,
                &column.header,
                &styles.header,
            )?;
        }
    }

    // Body.
    let body_first = header_last + 1;
    let mut row = body_first;
    let formats = Styles::body_formats();
    let width = spec.columns.len();
    for body in rows {
        let body: &Row = body.borrow();
        let cells = &body.cells[..body.cells.len().min(width)];
        // The values first, without formats; then each run of neighbouring
        // cells that share a format gets it in one call. The writer looks a
        // format up by hashing all its properties, which per cell was about
        // a third of writing a 10,000-unit summary. The file is the same:
        // the format of an empty cell makes it a blank cell, as `write_blank`
        // did, and formats are met in the same order.
        let mut written = false;
        for (c, value) in cells.iter().enumerate() {
            let c = c as u16;
            match value {
                Value::Blank => continue,
                Value::Text(text) if text.is_empty() => continue,
                Value::Text(text) => sheet.write_string(row, c, cell_text(text))?,
                Value::Int(n) | Value::Dec1(n) | Value::Dec2(n) | Value::Percent(n) => {
                    sheet.write_number(row, c, *n)?
                }
            };
            written = true;
        }
        // A short row still gets its borders: missing cells are blank.
        let class = |c: usize| BodyFormats::class(cells.get(c).unwrap_or(&Value::Blank));
        if !written && width > 0 {
            // A row of blanks: the writer starts a row only for a written
            // cell (formatting alone would not move past the previous row).
            sheet.write_blank(row, 0, formats.by_class(class(0), body.kind))?;
        }
        let mut start = 0;
        for c in 1..=width {
            if c == width || class(c) != class(start) {
                let format = formats.by_class(class(start), body.kind);
                sheet.set_range_format(row, start as u16, row, (c - 1) as u16, format)?;
                start = c;
            }
        }
        // Wrapped text gets the height it needs (Excel and WPS do not grow
        // rows by themselves when a file is opened).
        let lines = body
            .cells
            .iter()
            .zip(&spec.columns)
            .map(|(value, column)| match value {
                Value::Text(text) => wrapped_lines(text, column.width),
                _ => 1,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            sheet.set_row_height(row, 13.5 * lines as f64 + 2.0)?;
        }
        row += 1;
    }
    let body_end = row;

    // Notes and the signature line.
    let mut row = body_end + 1;
    for note in &spec.notes {
        merge_or_write(sheet, row, 0, last_col, &cell_text(note), &styles.note)?;
        let chars = note.chars().count() as f64;
        let width: f64 = spec.columns.iter().map(|c| c.width).sum::<f64>().max(1.0);
        let lines = (chars * 2.0 / width).ceil().max(1.0);
        sheet.set_row_height(row, 15.0 * lines)?;
        row += 1;
    }
    row += 1;
    merge_or_write(
        sheet,
        row,
        0,
        last_col,
        "制表人：                    审核人：                    负责人：",
        &styles.sign,
    )?;

    // Print: A4, one page wide, header rows on every page, page numbers.
    sheet.set_paper_size(9);
    if spec.landscape {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    sheet.set_repeat_rows(header_first, header_last)?;
    sheet.set_footer(format!(
        "&C&\"{}\"&9第 &P 页 共 &N 页",
        escape_header(FONT_BODY)
    ));
    sheet.set_freeze_panes(body_first, spec.freeze_columns)?;
    if spec.autofilter && body_end > body_first {
        sheet.autofilter(header_last, 0, body_end - 1, last_col)?;
    }
    Ok(Placed {
        header_first,
        header_last,
        body_first,
        body_end,
    })
}

fn write_info_line(
    sheet: &mut Worksheet,
    spec: &OfficialSheet,
    last_col: u16,
    styles: &Styles,
) -> Result<(), RenderError> {
    let left = format!("填报单位：{}", spec.authority);
    let middle = if spec.measure.is_empty() {
        String::new()
    } else {
        format!("单位：{}", spec.measure)
    };
    let right = format!("日期：{}", spec.date);
    let right_format = styles.info.clone().set_align(FormatAlign::Right);
    let middle_format = styles.info.clone().set_align(FormatAlign::Center);
    if last_col < 2 {
        let text = [left, middle, right]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("    ");
        return merge_or_write(sheet, 1, 0, last_col, &text, &styles.info);
    }
    // Left half for the authority, then unit of measure, then date.
    let third = (last_col + 1) / 3;
    let left_end = (third * 2).saturating_sub(1);
    let middle_end = (left_end + third / 2).clamp(left_end + 1, last_col - 1);
    sheet.set_row_height(1, 20)?;
    merge_or_write(sheet, 1, 0, left_end, &left, &styles.info)?;
    merge_or_write(sheet, 1, left_end + 1, middle_end, &middle, &middle_format)?;
    merge_or_write(sheet, 1, middle_end + 1, last_col, &right, &right_format)?;
    Ok(())
}

/// Merges `c0..=c1` of a row, or writes one cell when the span is one column.
fn merge_or_write(
    sheet: &mut Worksheet,
    row: u32,
    c0: u16,
    c1: u16,
    text: &str,
    format: &Format,
) -> Result<(), RenderError> {
    if c1 > c0 {
        sheet.merge_range(row, c0, row, c1, text, format)?;
    } else {
        sheet.write_string_with_format(row, c0, text, format)?;
    }
    Ok(())
}

/// A workbook with fixed document properties, so the same inputs give the
/// same bytes.
pub fn new_workbook(
    title: &str,
    author: &str,
    company: &str,
    date: chrono::NaiveDate,
) -> Result<Workbook, RenderError> {
    use chrono::Datelike;
    let mut workbook = Workbook::new();
    // Level 3, as Excel 365 itself saves: ~30% less time compressing than
    // the default 6 for a file ~5% larger (10,000-unit summaries).
    workbook.set_zip_compression_level(3);
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(
        date.year() as u16,
        date.month() as u8,
        date.day() as u8,
    )?;
    workbook.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(title)
            .set_author(author)
            .set_company(company)
            .set_creation_datetime(&created),
    );
    Ok(workbook)
}

/// The workbook's bytes.
pub fn finish(mut workbook: Workbook) -> Result<Vec<u8>, RenderError> {
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_text_keeps_excel_limit_in_characters() {
        let fits = "党".repeat(MAX_CELL_CHARS);
        assert!(matches!(cell_text(&fits), std::borrow::Cow::Borrowed(t) if t == fits));
        let long = "a".repeat(MAX_CELL_CHARS + 1);
        let cut = cell_text(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with("a…"));
        let long = "党".repeat(MAX_CELL_CHARS + 5);
        assert_eq!(
            cell_text(&long),
            format!("{}…", "党".repeat(MAX_CELL_CHARS - 1))
        );
    }

    #[test]
    fn a_sheet_made_aside_is_the_same_file() {
        let spec = OfficialSheet {
            name: "各单位".into(),
            title: "2011年第一季度党建工作情况汇总表".into(),
            authority: "市卫生健康委".into(),
            measure: "次".into(),
            date: "2011年4月8日".into(),
            columns: vec![Column::new("单位", 22.0), Column::new("目标", 16.0)],
            rows: Vec::new(),
            notes: vec!["注：每行一个单位。".into()],
            freeze_columns: 1,
            landscape: true,
            autofilter: true,
        };
        // Several batches and a short last one.
        let rows = || {
            (0..1000).map(|i| {
                Row::new(
                    RowKind::Body,
                    vec![
                        Value::text(format!("第{i}党支部")),
                        Value::text(format!("已达标\n本季度 {i}次，要求不少于 3次")),
                    ],
                )
            })
        };
        let file = |aside: bool| {
            let date = chrono::NaiveDate::from_ymd_opt(2011, 4, 8).unwrap();
            let mut workbook =
                new_workbook("汇总表", "市卫生健康委", "市卫生健康委", date).unwrap();
            let placed = if aside {
                add_official_sheet_made_aside(&mut workbook, &spec, rows()).unwrap()
            } else {
                add_official_sheet_with_rows(&mut workbook, &spec, rows()).unwrap()
            };
            (
                placed.body_end - placed.body_first,
                finish(workbook).unwrap(),
            )
        };
        let (written, bytes) = file(true);
        assert_eq!(written, 1000);
        assert!(file(false).1 == bytes, "same bytes either way");

        // A writer that fails stops the maker too (no thread left waiting).
        let bad = OfficialSheet {
            name: "各单位[汇总]".into(),
            ..spec
        };
        let date = chrono::NaiveDate::from_ymd_opt(2011, 4, 8).unwrap();
        let mut workbook = new_workbook("汇总表", "市卫生健康委", "市卫生健康委", date).unwrap();
        assert!(add_official_sheet_made_aside(&mut workbook, &bad, rows()).is_err());
    }

    #[test]
    fn wrapped_lines_count_chinese_double() {
        assert_eq!(wrapped_lines("全年不少于6次", 30.0), 1);
        assert_eq!(
            wrapped_lines(
                "参加学习教育党员数占党员总数的比例不低于95%（本季度）",
                30.0
            ),
            2
        );
        assert_eq!(
            wrapped_lines("已达标\n96.2% = 127 / 132，要求不低于 95.0%", 16.0),
            4
        );
        assert_eq!(wrapped_lines(&"长".repeat(1000), 10.0), 20);
        // ASCII counts one, other characters two, whatever their length in
        // UTF-8 (é two bytes, 党 three, 𠀀 four).
        assert_eq!(wrapped_lines("abcdefghij", 11.0), 1);
        assert_eq!(wrapped_lines("abcdefghijk", 11.0), 2);
        assert_eq!(wrapped_lines("éé党𠀀a", 10.0), 1);
        assert_eq!(wrapped_lines("éé党𠀀ab", 10.0), 2);
        assert_eq!(wrapped_lines("", 10.0), 1);
        assert_eq!(wrapped_lines("a\n\nb", 10.0), 3);
    }
}

//! A sparse reader for OpenDocument spreadsheets (content.xml).
//!
//! calamine's .ods reader cannot be bounded from outside: it expands
//! `table:number-columns-repeated` and `table:number-rows-repeated` into
//! dense rows before it checks any limit (a 1 KB file can ask for 17 G
//! cells), clones a cell's text once per repetition, and honours
//! `<text:s text:c="4000000000"/>` by pushing that many spaces. This reader
//! walks the same XML with an event parser, keeps only non-empty cells, and
//! charges every repetition and every expanded space to the [`Budget`]
//! before it produces anything, so the work is bounded by the limits.

use std::collections::HashSet;
use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::raw::{RawCell, RawSheet, RawValue};
use super::read::{Budget, ReadError, MAX_COLS, MAX_ROWS};

fn corrupt() -> ReadError {
    ReadError::Corrupt {
        detail: "OpenDocument 表格的内容部分 content.xml 无法解析".to_string(),
    }
}

/// An attribute's value with entities resolved.
fn attr(e: &BytesStart, key: &str) -> Option<String> {
    let a = e.try_get_attribute(key).ok()??;
    Some(
        a.normalized_value(XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| a.value.into_owned()),
    )
}

/// A repetition count (`1` when absent or unreadable).
fn count(e: &BytesStart, key: &str) -> u64 {
    attr(e, key)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
}

struct Sheet {
    name: String,
    visible: bool,
    cells: Vec<RawCell>,
    merged: Vec<(u32, u32, u32, u32)>,
    /// The next row's index (rows repeat, so this can pass `MAX_ROWS`).
    row: u64,
}

/// A cell of the current row, waiting for the row's repeat count.
struct Pending {
    col: u64,
    repeats: u64,
    value: Option<RawValue>,
    /// (rows, columns) spanned when the cell starts a merged region.
    span: Option<(u64, u64)>,
}

struct Row {
    repeats: u64,
    col: u64,
    cells: Vec<Pending>,
}

/// The cell being read: its attributes, then its text.
struct Cell {
    repeats: u64,
    span: Option<(u64, u64)>,
    value_type: Option<String>,
    value: Option<String>,
    date: Option<String>,
    time: Option<String>,
    boolean: Option<String>,
    string: Option<String>,
    error: bool,
    formula: Option<String>,
    text: String,
    paragraphs: usize,
    /// Element depth inside the cell.
    depth: usize,
    /// Depth inside an annotation or drawing, whose text is not the cell's.
    skip: usize,
}

impl Cell {
    fn new(e: &BytesStart) -> Cell {
        let cols = count(e, "table:number-columns-spanned");
        let rows = count(e, "table:number-rows-spanned");
        Cell {
            repeats: count(e, "table:number-columns-repeated"),
            span: (cols > 1 || rows > 1).then_some((rows.max(1), cols.max(1))),
            value_type: attr(e, "office:value-type"),
            value: attr(e, "office:value"),
            date: attr(e, "office:date-value"),
            time: attr(e, "office:time-value"),
            boolean: attr(e, "office:boolean-value"),
            string: attr(e, "office:string-value"),
            error: attr(e, "calcext:value-type").as_deref() == Some("error"),
            formula: attr(e, "table:formula").filter(|f| !f.is_empty()),
            text: String::new(),
            paragraphs: 0,
            depth: 1,
            skip: 0,
        }
    }

    /// Appends text, refusing to grow past what the budget has left.
    fn push(&mut self, s: &str, budget: &Budget) -> Result<(), ReadError> {
        budget.check_text_room(self.text.len() as u64 + s.len() as u64)?;
        self.text.push_str(s);
        Ok(())
    }

    fn push_spaces(&mut self, n: u64, budget: &Budget) -> Result<(), ReadError> {
        budget.check_text_room(self.text.len() as u64 + n)?;
        self.text.extend(std::iter::repeat_n(' ', n as usize));
        Ok(())
    }

    fn opened(&mut self, e: &BytesStart, empty: bool, budget: &Budget) -> Result<(), ReadError> {
        let name = e.name();
        let name = name.as_ref();
        if self.skip > 0 {
            if !empty {
                self.skip += 1;
            }
        } else if name == "office:annotation" || name.starts_with("draw:") {
            if !empty {
                self.skip = 1;
            }
        } else {
            match name {
                "text:p" | "text:h" => {
                    if self.paragraphs > 0 {
                        self.push("\n", budget)?;
                    }
                    self.paragraphs += 1;
                }
                "text:s" => self.push_spaces(count(e, "text:c"), budget)?,
                "text:tab" => self.push("\t", budget)?,
                "text:line-break" => self.push("\n", budget)?,
                _ => {}
            }
        }
        if !empty {
            self.depth += 1;
        }
        Ok(())
    }

    fn value(self) -> Option<RawValue> {
        let text = || {
            if let Some(s) = &self.string {
                s.clone()
            } else {
                self.text.clone()
            }
        };
        if self.error {
            return Some(RawValue::Error(text()));
        }
        let value = match self.value_type.as_deref() {
            Some("float" | "percentage" | "currency") => self
                .value
                .as_deref()
                .and_then(|v| v.trim().parse::<f64>().ok())
                .map(RawValue::Number),
            Some("date") => self.date.clone().map(RawValue::DateText),
            Some("time") => self.time.clone().map(RawValue::DateText),
            Some("boolean") => self
                .boolean
                .as_deref()
                .map(|b| RawValue::Bool(matches!(b.trim(), "true" | "TRUE" | "1"))),
            Some("string") => Some(RawValue::Text(text())),
            _ => None,
        };
        value
            .or_else(|| self.formula.clone().map(RawValue::FormulaWithoutValue))
            .or_else(|| (!self.text.is_empty()).then(|| RawValue::Text(self.text.clone())))
    }
}

fn value_bytes(v: &RawValue) -> u64 {
    match v {
        RawValue::Text(s)
        | RawValue::DateText(s)
        | RawValue::Error(s)
        | RawValue::FormulaWithoutValue(s) => s.len() as u64,
        RawValue::Number(_) | RawValue::Bool(_) | RawValue::DateSerial(_) => 0,
    }
}

fn out_of_range(sheet: &str) -> ReadError {
    ReadError::Corrupt {
        detail: format!("工作表“{sheet}”有内容超出 Excel 的最大范围 1048576 行、16384 列"),
    }
}

/// Adds a finished row (repeated `row.repeats` times) to the sheet.
fn finish_row(sheet: &mut Sheet, row: Row, budget: &mut Budget) -> Result<(), ReadError> {
    let repeats = row.repeats;
    for cell in row.cells {
        if let Some((rows, cols)) = cell.span {
            let n = cell.repeats.saturating_mul(repeats);
            budget.merged(&sheet.name, sheet.merged.len() as u64 + n)?;
            for r in 0..repeats {
                for c in 0..cell.repeats {
                    let (r0, c0) = (sheet.row + r, cell.col + c);
                    if r0 < MAX_ROWS && c0 < MAX_COLS {
                        let r1 = (r0 + rows - 1).min(MAX_ROWS - 1);
                        let c1 = (c0 + cols - 1).min(MAX_COLS - 1);
                        sheet
                            .merged
                            .push((r0 as u32, c0 as u32, r1 as u32, c1 as u32));
                    }
                }
            }
        }
        let Some(value) = cell.value else { continue };
        let n = cell.repeats.saturating_mul(repeats);
        budget.cells(&sheet.name, sheet.cells.len(), n)?;
        budget.text(value_bytes(&value).saturating_mul(n))?;
        if sheet.row.saturating_add(repeats) > MAX_ROWS
            || cell.col.saturating_add(cell.repeats) > MAX_COLS
        {
            return Err(out_of_range(&sheet.name));
        }
        for r in 0..repeats {
            for c in 0..cell.repeats {
                sheet.cells.push(RawCell {
                    row: (sheet.row + r) as u32,
                    col: (cell.col + c) as u32,
                    value: value.clone(),
                });
            }
        }
    }
    sheet.row = sheet.row.saturating_add(repeats);
    Ok(())
}

/// Reads every table of `content.xml`.
pub(crate) fn read(xml: impl BufRead, budget: &mut Budget) -> Result<Vec<RawSheet>, ReadError> {
    let mut reader = Reader::from_reader(xml);
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = false;
    config.check_comments = false;
    config.expand_empty_elements = false;

    let mut buf = Vec::new();
    let mut hidden_styles: HashSet<String> = HashSet::new();
    let mut style: Option<String> = None;
    let mut sheets: Vec<RawSheet> = Vec::new();
    let mut sheet: Option<Sheet> = None;
    let mut row: Option<Row> = None;
    let mut cell: Option<Cell> = None;

    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf).map_err(|_| corrupt())?;
        // Inside a cell: its text.
        if let Some(c) = cell.as_mut() {
            match &event {
                Event::Start(e) => c.opened(e, false, budget)?,
                Event::Empty(e) => c.opened(e, true, budget)?,
                Event::End(_) => {
                    c.depth -= 1;
                    c.skip = c.skip.saturating_sub(1);
                }
                Event::Text(t) if c.skip == 0 => c.push(&t.xml10_content(), budget)?,
                Event::CData(t) if c.skip == 0 => c.push(&t.xml10_content(), budget)?,
                Event::GeneralRef(r) if c.skip == 0 => {
                    let s = match quick_xml::escape::resolve_xml_entity(r.xml10_content().as_ref())
                    {
                        Some(s) => s.to_string(),
                        None => match r.resolve_char_ref() {
                            Ok(Some(ch)) => ch.to_string(),
                            _ => return Err(corrupt()),
                        },
                    };
                    c.push(&s, budget)?;
                }
                Event::Eof => return Err(corrupt()),
                _ => {}
            }
            if c.depth == 0 {
                let c = cell.take().expect("in a cell");
                let r = row.as_mut().expect("cells are read inside rows");
                let col = r.col;
                r.col = r.col.saturating_add(c.repeats);
                let span = c.span;
                let repeats = c.repeats;
                let value = c.value();
                if value.is_some() || span.is_some() {
                    r.cells.push(Pending {
                        col,
                        repeats,
                        value,
                        span,
                    });
                }
            }
            continue;
        }
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.name();
                let name = name.as_ref();
                if let Some(r) = row.as_mut() {
                    if name == "table:table-cell" || name == "table:covered-table-cell" {
                        let mut c = Cell::new(e);
                        if empty {
                            c.depth = 0;
                            let col = r.col;
                            r.col = r.col.saturating_add(c.repeats);
                            let (span, repeats) = (c.span, c.repeats);
                            let value = c.value();
                            if value.is_some() || span.is_some() {
                                r.cells.push(Pending {
                                    col,
                                    repeats,
                                    value,
                                    span,
                                });
                            }
                        } else {
                            cell = Some(c);
                        }
                    }
                } else if let Some(s) = sheet.as_mut() {
                    if name == "table:table-row" {
                        let repeats = count(e, "table:number-rows-repeated");
                        if empty {
                            s.row = s.row.saturating_add(repeats);
                        } else {
                            row = Some(Row {
                                repeats,
                                col: 0,
                                cells: Vec::new(),
                            });
                        }
                    }
                } else if name == "table:table" && !empty {
                    if let Some(table) = attr(e, "table:name") {
                        if sheets.len() >= budget.limits.max_sheets {
                            return Err(ReadError::TooManySheets {
                                limit: budget.limits.max_sheets,
                            });
                        }
                        let visible = attr(e, "table:style-name")
                            .is_none_or(|style| !hidden_styles.contains(&style));
                        sheet = Some(Sheet {
                            name: table,
                            visible,
                            cells: Vec::new(),
                            merged: Vec::new(),
                            row: 0,
                        });
                    }
                } else if name == "style:style" {
                    style = if empty { None } else { attr(e, "style:name") };
                } else if name == "style:table-properties" {
                    if let Some(s) = &style {
                        if attr(e, "table:display").as_deref() == Some("false") {
                            hidden_styles.insert(s.clone());
                        }
                    }
                }
            }
            Event::End(ref e) => {
                let name = e.name();
                let name = name.as_ref();
                if name == "table:table-row" {
                    if let (Some(r), Some(s)) = (row.take(), sheet.as_mut()) {
                        finish_row(s, r, budget)?;
                    }
                } else if name == "table:table" && row.is_none() {
                    if let Some(s) = sheet.take() {
                        sheets.push(RawSheet {
                            name: s.name,
                            visible: s.visible,
                            cells: s.cells,
                            merged: s.merged,
                            merges_unread: false,
                        });
                    }
                } else if name == "style:style" {
                    style = None;
                }
            }
            Event::Eof => {
                if sheet.is_some() {
                    return Err(corrupt());
                }
                return Ok(sheets);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read::Limits;

    fn content(tables: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"><office:automatic-styles><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
        )
    }

    fn read_str(xml: &str, limits: &Limits) -> Result<Vec<RawSheet>, ReadError> {
        let mut budget = Budget::new(limits);
        read(xml.as_bytes(), &mut budget)
    }

    #[test]
    fn values_text_merges_and_hidden_sheets() {
        let xml = content(
            r#"<table:table table:name="基本情况"><table:table-column table:number-columns-repeated="3"/>
<table:table-row><table:table-cell office:value-type="string"><text:p>填报单位</text:p></table:table-cell><table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>市&amp;中医院<text:s text:c="2"/>党委</text:p><text:p>第二行</text:p><office:annotation><text:p>批注</text:p></office:annotation></table:table-cell><table:covered-table-cell/></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="12.5"/></table:table-row>
<table:table-row><table:table-cell office:value-type="percentage" office:value="0.95"/><table:table-cell office:value-type="date" office:date-value="2011-03-05"/><table:table-cell office:value-type="boolean" office:boolean-value="true"/><table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell><table:table-cell table:formula="of:=[.A1]"/></table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table><table:table table:name="隐藏" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string" office:string-value="x"/></table:table-row></table:table>"#,
        );
        let sheets = read_str(&xml, &Limits::default()).unwrap();
        assert_eq!(sheets.len(), 2);
        let s = &sheets[0];
        assert_eq!(s.name, "基本情况");
        assert!(s.visible);
        let cells: Vec<(u32, u32, RawValue)> = s
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.value.clone()))
            .collect();
        assert_eq!(
            cells,
            vec![
                (0, 0, RawValue::Text("填报单位".into())),
                (0, 1, RawValue::Text("市&中医院  党委\n第二行".into())),
                (1, 2, RawValue::Number(12.5)),
                (2, 2, RawValue::Number(12.5)),
                (3, 0, RawValue::Number(0.95)),
                (3, 1, RawValue::DateText("2011-03-05".into())),
                (3, 2, RawValue::Bool(true)),
                (3, 3, RawValue::Error("#DIV/0!".into())),
                (3, 4, RawValue::FormulaWithoutValue("of:=[.A1]".into())),
            ]
        );
        assert_eq!(s.merged, vec![(0, 1, 0, 2)]);
        assert_eq!(sheets[1].name, "隐藏");
        assert!(!sheets[1].visible);
    }

    #[test]
    fn repeated_values_are_charged_before_they_are_made() {
        // 17 G cells asked for by a few bytes.
        let xml = content(
            r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>"#,
        );
        let limits = Limits::default();
        assert_eq!(
            read_str(&xml, &limits).unwrap_err(),
            ReadError::TooManyCells {
                sheet: "S".into(),
                limit: limits.max_cells_per_sheet
            }
        );
    }

    #[test]
    fn a_far_corner_cell_costs_one_cell() {
        let xml = content(
            r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="float" office:value="7"/></table:table-row></table:table>"#,
        );
        let sheets = read_str(&xml, &Limits::default()).unwrap();
        assert_eq!(
            sheets[0].cells,
            vec![RawCell {
                row: 1_048_575,
                col: 16_383,
                value: RawValue::Number(7.0)
            }]
        );
        let beyond = content(
            r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"/><table:table-row><table:table-cell office:value-type="float" office:value="7"/></table:table-row></table:table>"#,
        );
        assert!(matches!(
            read_str(&beyond, &Limits::default()).unwrap_err(),
            ReadError::Corrupt { .. }
        ));
    }

    #[test]
    fn expanded_spaces_are_charged() {
        let xml = content(
            r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row></table:table>"#,
        );
        let limits = Limits::default();
        assert_eq!(
            read_str(&xml, &limits).unwrap_err(),
            ReadError::TooMuchText {
                limit: limits.max_text_bytes
            }
        );
    }

    #[test]
    fn a_long_text_repeated_many_times_is_charged() {
        let long = "长".repeat(100_000);
        let xml = content(&format!(
            r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>{long}</text:p></table:table-cell></table:table-row></table:table>"#
        ));
        let limits = Limits::default();
        assert_eq!(
            read_str(&xml, &limits).unwrap_err(),
            ReadError::TooMuchText {
                limit: limits.max_text_bytes
            }
        );
    }

    #[test]
    fn broken_xml_is_corrupt() {
        let xml = content(r#"<table:table table:name="S"><table:table-row><table:table-cell"#);
        assert!(matches!(
            read_str(&xml, &Limits::default()).unwrap_err(),
            ReadError::Corrupt { .. }
        ));
        let unclosed = r#"<office:document-content><table:table table:name="S"><table:table-row>"#;
        assert!(matches!(
            read_str(unclosed, &Limits::default()).unwrap_err(),
            ReadError::Corrupt { .. }
        ));
    }
}

//! The official document as data: 版头, 主体, 附件, 版记 (GB/T 9704-2012).
//!
//! Plain data with public fields; the builders in [`super::notices`] fill it
//! from the plan and the wording templates, and [`super::render_docx`] lays it
//! out. Strings may hold anything: the renderer sanitises every one.

use std::fmt;

use chrono::NaiveDate;

use crate::plan::DateStyle;

/// A red-header official document (公文).
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// 版头: mark, document number and the red rule.
    pub head: Head,
    /// 标题. Line breaks split it into lines; a long single line is split
    /// into balanced lines.
    pub title: String,
    /// 主送机关, without the final colon.
    pub addressee: Option<String>,
    /// 正文.
    pub body: Vec<Block>,
    /// 署名 (the issuing authority's name above the date).
    pub signature: Option<String>,
    /// 成文日期.
    pub date: NaiveDate,
    /// How dates are written (the plan's `date_style`).
    pub date_style: DateStyle,
    /// 附注, written in parentheses under the date.
    pub note: Option<String>,
    /// 附件, each on a new page after the body; their titles also make the
    /// 附件说明 under the body.
    pub attachments: Vec<Attachment>,
    /// 版记 on the last lines of the last page.
    pub colophon: Colophon,
    /// Author recorded in the file's properties (dc:creator).
    pub creator: String,
}

/// 版头.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    /// 发文机关标志, e.g. 中共淮安市卫生局委员会文件.
    pub mark: String,
    /// 份号 (six digits), top left.
    pub copy_number: Option<String>,
    /// 密级和保密期限, e.g. 秘密★1年.
    pub secrecy: Option<String>,
    /// 紧急程度: 特急 or 加急.
    pub urgency: Option<String>,
    /// 签发人 of an upward document (上行文); moves the mark down to 80 mm.
    pub signer: Option<String>,
    /// 发文字号; `None` for documents without one.
    pub number: Option<DocNumber>,
}

impl Head {
    /// A head with only the mark.
    pub fn new(mark: impl Into<String>) -> Head {
        Head {
            mark: mark.into(),
            copy_number: None,
            secrecy: None,
            urgency: None,
            signer: None,
            number: None,
        }
    }
}

/// 发文字号: prefix, year in hexagonal brackets, number, 号 — 淮卫党〔2011〕22号.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    pub prefix: String,
    pub year: i32,
    /// `None` leaves the number blank to be filled in by hand: 淮卫党〔2011〕　　号.
    pub number: Option<u32>,
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.number {
            // No 第, no zero padding (GB/T 9704-2012 7.2.5).
            Some(n) => write!(f, "{}〔{}〕{}号", self.prefix, self.year, n),
            None => write!(f, "{}〔{}〕\u{3000}\u{3000}号", self.prefix, self.year),
        }
    }
}

/// A block of the body or of an attachment.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A body paragraph, indented two characters.
    Paragraph(String),
    /// A heading with its number in the text: level 1 一、 (黑体), 2 （一）
    /// (楷体), 3 1. and 4 （1） (仿宋). Text after the first 。 is set in the
    /// body font (run-in heading).
    Heading { level: u8, text: String },
    /// A table with one header row, repeated on every page it spans.
    Table(Table),
    /// A paragraph centred on the line (e.g. a table's caption).
    Centered(String),
    /// A named place for blocks supplied by code (see
    /// [`super::Worded::fill_slot`]); rendering fails if one is left.
    Slot(String),
}

impl Block {
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph(text.into())
    }

    pub fn heading(level: u8, text: impl Into<String>) -> Block {
        Block::Heading {
            level: level.clamp(1, 4),
            text: text.into(),
        }
    }

    /// A line of text as a block: a heading when it starts with a heading
    /// number, otherwise a paragraph.
    pub fn from_line(line: &str) -> Block {
        let line = line.trim();
        match super::text::heading_number(line) {
            Some((level, _)) => Block::heading(level, line),
            None => Block::paragraph(line),
        }
    }

    /// Plain text as blocks: every non-empty line is a paragraph or, when it
    /// starts with a heading number, a heading.
    pub fn from_text(text: &str) -> Vec<Block> {
        super::text::lines(text)
            .iter()
            .map(|l| Block::from_line(l))
            .collect()
    }
}

/// A table: a header row and data rows, all cells text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Horizontal alignment per column; missing entries are [`Align::Left`].
    /// Columns that hold only numbers are centred automatically.
    pub align: Vec<Align>,
    /// Relative column widths; empty to size columns from their content.
    pub widths: Vec<u32>,
}

impl Table {
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Table {
        Table {
            header: header.into_iter().map(Into::into).collect(),
            ..Table::default()
        }
    }

    pub fn row<S: Into<String>>(mut self, cells: impl IntoIterator<Item = S>) -> Table {
        self.rows.push(cells.into_iter().map(Into::into).collect());
        self
    }

    pub fn push_row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    pub fn columns(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0)
    }
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// 附件: starts on a new page with the label 附件 (附件1 …) and its title.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub title: String,
    pub body: Vec<Block>,
}

/// 版记.
#[derive(Debug, Clone, PartialEq)]
pub struct Colophon {
    /// 抄送机关; empty for none.
    pub copy_to: Vec<String>,
    /// 印发机关.
    pub printer: String,
    /// 印发日期.
    pub print_date: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_numbers_use_hexagonal_brackets_without_padding() {
        let n = DocNumber {
            prefix: "淮卫党".into(),
            year: 2011,
            number: Some(22),
        };
        assert_eq!(n.to_string(), "淮卫党〔2011〕22号");
        let n = DocNumber {
            number: Some(3),
            ..n
        };
        assert_eq!(n.to_string(), "淮卫党〔2011〕3号");
        let n = DocNumber { number: None, ..n };
        assert_eq!(n.to_string(), "淮卫党〔2011〕\u{3000}\u{3000}号");
    }

    #[test]
    fn text_becomes_headings_and_paragraphs() {
        let blocks =
            Block::from_text("一、总体要求\n\n（一）加强学习。全年6次。\n正文\n1.细则\n（1）要点");
        assert_eq!(
            blocks,
            vec![
                Block::heading(1, "一、总体要求"),
                Block::heading(2, "（一）加强学习。全年6次。"),
                Block::paragraph("正文"),
                Block::heading(3, "1.细则"),
                Block::heading(4, "（1）要点"),
            ]
        );
    }
}

//! Lays a [`Document`] out with docx-rs to the figures of GB/T 9704-2012.
//!
//! Every paragraph has an exact line height (3号 text on the 579-twip grid)
//! and widow control off, so [`Flow`] knows where the content ends; the 版记
//! then goes on the last lines of the last page behind one spacer of exact
//! height. What docx-rs cannot write is added by [`super::fixup`].

use std::collections::HashMap;
use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, BuildXML, Docx, FieldCharType, Footer, HeightRule, InstrPAGE,
    InstrText, LineSpacing, LineSpacingType, PageMargin, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow,
    VAlignType, WidthType,
};

use super::fixup::{self, Fixes};
use super::metrics::*;
use super::model::{Align, Attachment, Block, Colophon, Document, Head, Table};
use super::text::{self, cells, count_lines, one_line, split_title, MeasuredLine};
use crate::plan::format_date;
use crate::render::RenderError;

/// The fonts of the standard, by their Windows names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    /// Body text, 1. and （1） headings, 版记.
    FangSong,
    /// （一） headings, the name of the 签发人.
    KaiTi,
    /// 一、 headings, 密级, 紧急程度, 附件 label, table headers.
    HeiTi,
    /// The mark and titles.
    XiaoBiaoSong,
    /// Page numbers.
    SongTi,
}

impl Face {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Face::FangSong => "仿宋_GB2312",
            Face::KaiTi => "楷体_GB2312",
            Face::HeiTi => "黑体",
            Face::XiaoBiaoSong => "方正小标宋简体",
            Face::SongTi => "宋体",
        }
    }
}

/// Red of the mark and the separator.
const RED: &str = "FF0000";
/// Millimetres in twips.
fn mm(v: f64) -> i32 {
    (v * 1440.0 / 25.4).round() as i32
}
/// The top edge of the mark's glyphs lies this far below the top of its
/// line box (measured in LibreOffice with the substitute fonts).
const MARK_GLYPH_OFFSET: i32 = 60;
/// Exact line height of the mark.
const MARK_LINE: i32 = 1000;
/// The red separator: width (eighths of a point) and distance below the
/// 发文字号 (points): 4 mm.
const RULE_SIZE: usize = 12;
const RULE_SPACE: usize = 11;
const RULE_HEIGHT: i32 = RULE_SPACE as i32 * 20 + RULE_SIZE as i32 * 20 / 8;

/// Renders the document as .docx bytes. Identical documents give identical
/// bytes.
pub fn render_docx(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let mut w = layout(doc)?;
    let date = doc.date.format("%Y-%m-%dT00:00:00Z").to_string();
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(MARGIN_HEADER)
                .footer(MARGIN_FOOTER)
                .gutter(0),
        )
        .default_fonts(fonts(Face::FangSong))
        .default_size(SIZE_3HAO)
        .default_spacing(CHAR_SPACING)
        .created_at(&date)
        .updated_at(&date);
    docx.document = docx.document.doc_grid(
        docx_rs::DocGrid::with_empty()
            .grid_type(docx_rs::DocGridType::Lines)
            .line_pitch(LINE as usize),
    );
    let odd = w.page_number(true);
    let even = w.page_number(false);
    docx = docx
        .footer(Footer::new().add_paragraph(odd))
        .even_footer(Footer::new().add_paragraph(even));
    for child in w.children {
        docx = match child {
            Child::Paragraph(p) => docx.add_paragraph(*p),
            Child::Table(t) => docx.add_table(*t),
        };
    }
    let mut xml = docx.build();
    fixup::apply(
        &mut xml,
        Fixes {
            title: one_line(&doc.title),
            creator: one_line(&doc.creator),
            header_tables: w.header_tables,
            table_bodies: w.table_bodies,
        },
    )?;
    // The stored package holds every part once: room for the large ones up
    // front, so that it is not copied (and its room doubled) as it grows.
    let parts = xml.document.len()
        + xml.styles.len()
        + xml.font_table.len()
        + xml.numberings.len()
        + xml.settings.len();
    let mut out = Cursor::new(Vec::with_capacity(parts + 64 * 1024));
    xml.pack(&mut out)
        .map_err(|e| RenderError::Docx(e.to_string()))?;
    fixup::deflate(&out.into_inner())
}

enum Child {
    Paragraph(Box<Paragraph>),
    Table(Box<docx_rs::Table>),
}

/// Builds the children in order and follows the flow of pages.
#[derive(Default)]
struct Writer {
    children: Vec<Child>,
    /// Per-document paragraph ids (docx-rs's own counter is per thread).
    next_id: u32,
    flow: Flow,
    tables: usize,
    /// Indexes (in document order) of the tables whose first row repeats.
    header_tables: Vec<usize>,
    /// Rows after the header, as XML, by table index (in document order).
    table_bodies: Vec<(usize, String)>,
    /// The last body paragraph written: its index in `children`, its lines
    /// and the flow before it, so that the closing group can take it along
    /// to a new page (no page with only the signature and date).
    last_paragraph: Option<(usize, usize, Flow)>,
}

fn fonts(face: Face) -> RunFonts {
    let name = face.name();
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .east_asia(name)
        .cs(name)
        .hint("eastAsia")
}

fn run(text: &str, face: Face, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(face)).size(size)
}

fn exact(height: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(height)
        .before(0)
        .after(0)
}

impl Writer {
    /// A new paragraph with the next id, exact 3号 line, no widow control,
    /// not snapped to the document grid (LibreOffice gives a line of larger
    /// type two grid lines, and would move lines below the 版头 onto grid
    /// positions): every height is the exact one the flow counts.
    fn para(&mut self) -> Paragraph {
        self.next_id += 1;
        Paragraph::new()
            .id(format!("{:08X}", self.next_id))
            .widow_control(false)
            .snap_to_grid(false)
            .line_spacing(exact(LINE))
    }

    fn push(&mut self, p: Paragraph) {
        self.children.push(Child::Paragraph(Box::new(p)));
    }

    /// An empty line of the grid.
    fn blank_line(&mut self, keep_next: bool) {
        let p = self
            .para()
            .keep_next(keep_next)
            .add_run(run("", Face::FangSong, SIZE_3HAO));
        self.push(p);
        self.flow.lines(1, LINE);
    }

    fn head(&mut self, head: &Head) {
        let top_lines: [(Option<&String>, Face); 3] = [
            (head.copy_number.as_ref(), Face::FangSong),
            (head.secrecy.as_ref(), Face::HeiTi),
            (head.urgency.as_ref(), Face::HeiTi),
        ];
        for (value, face) in top_lines {
            if let Some(value) = value {
                let p = self.para().align(AlignmentType::Left).add_run(run(
                    &one_line(value),
                    face,
                    SIZE_3HAO,
                ));
                self.push(p);
                self.flow.lines(1, LINE);
            }
        }

        // 发文机关标志: red, centred, top edge 35 mm (80 mm for an upward
        // document) below the top of the text block; narrowed to fit.
        let mark = one_line(&head.mark);
        let top = mm(if head.signer.is_some() { 80.0 } else { 35.0 });
        let before = (top - MARK_GLYPH_OFFSET - self.flow.used).max(0);
        let width = cells(&mark) * f64::from(char_twips(SIZE_MARK));
        let mut size = SIZE_MARK;
        let mut scale = 100;
        if width > f64::from(TEXT_WIDTH) {
            scale = (f64::from(TEXT_WIDTH) * 100.0 / width).floor() as i32;
            if scale < 50 {
                size = (SIZE_MARK as f64 * f64::from(scale) / 50.0).floor() as usize;
                scale = 50;
            }
        }
        let mut p = self
            .para()
            .align(AlignmentType::Center)
            .line_spacing(exact(MARK_LINE).before(before as u32));
        p = p.add_run(
            run(&mark, Face::XiaoBiaoSong, size)
                .color(RED)
                .character_spacing(0)
                .stretch(scale),
        );
        self.push(p);
        self.flow.space(before);
        self.flow.block(MARK_LINE);

        // 发文字号 two lines below the mark, the red rule 4 mm below it.
        let rule = ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(RULE_SIZE)
                .space(RULE_SPACE)
                .color(RED),
        );
        let number = head
            .number
            .as_ref()
            .map(|n| one_line(&n.to_string()))
            .unwrap_or_default();
        let mut p = self
            .para()
            .line_spacing(exact(LINE).before(2 * LINE as u32));
        p.property.borders = Some(rule);
        if let Some(signer) = &head.signer {
            // Upward document: number left, 签发人 right, one character in.
            p = p
                .indent(
                    Some(char_twips(SIZE_3HAO)),
                    None,
                    Some(char_twips(SIZE_3HAO)),
                    None,
                )
                .add_tab(
                    docx_rs::Tab::new()
                        .val(docx_rs::TabValueType::Right)
                        .pos((TEXT_WIDTH - char_twips(SIZE_3HAO)) as usize),
                )
                .add_run(run(&number, Face::FangSong, SIZE_3HAO))
                .add_run(Run::new().add_tab())
                .add_run(run("签发人：", Face::FangSong, SIZE_3HAO))
                .add_run(run(&one_line(signer), Face::KaiTi, SIZE_3HAO));
        } else {
            p = p
                .align(AlignmentType::Center)
                .add_run(run(&number, Face::FangSong, SIZE_3HAO));
        }
        self.push(p);
        self.flow.space(2 * LINE);
        self.flow.block(LINE + RULE_HEIGHT);
    }

    /// The title, centred in 2号 小标宋; two lines below the red rule on the
    /// first page, one line below the 附件 label on an attachment.
    fn title(&mut self, title: &str, first_page: bool) {
        // One cell short of the line: the substitute fonts' Latin glyphs vary.
        let capacity = capacity(TEXT_WIDTH, SIZE_2HAO) - 1.0;
        let lines: Vec<String> = text::lines(title)
            .iter()
            .map(|l| l.trim().to_string())
            .flat_map(|l| split_title(&l, capacity))
            .collect();
        let before = if first_page { 2 * LINE } else { LINE };
        for (i, line) in lines.iter().enumerate() {
            let mut p = self
                .para()
                .align(AlignmentType::Center)
                .keep_next(true)
                .add_run(run(line, Face::XiaoBiaoSong, SIZE_2HAO));
            if i == 0 {
                p = p.line_spacing(exact(LINE).before(before as u32));
                self.flow.space(before);
            }
            self.push(p);
            self.flow.lines(1, LINE);
        }
    }

    /// 主送机关: one line below the title, flush left, ending with ：.
    fn addressee(&mut self, addressee: &str) {
        let mut text = one_line(addressee);
        while text.ends_with('：') || text.ends_with(':') {
            text.pop();
        }
        text.push('：');
        let lines = count_lines(&text, capacity(TEXT_WIDTH, SIZE_3HAO), 0.0, 0.0);
        let p = self
            .para()
            .align(AlignmentType::Both)
            .line_spacing(exact(LINE).before(LINE as u32))
            .add_run(run(&text, Face::FangSong, SIZE_3HAO));
        self.push(p);
        self.flow.space(LINE);
        self.flow.lines(lines, LINE);
    }

    fn blocks(&mut self, blocks: &[Block]) -> Result<(), RenderError> {
        for block in blocks {
            match block {
                Block::Paragraph(text) => {
                    for line in text::lines(text) {
                        self.body_paragraph(line.trim(), None);
                    }
                }
                Block::Heading { level, text } => {
                    for (i, line) in text::lines(text).iter().enumerate() {
                        // Only the first line carries the heading number.
                        let level = if i == 0 { Some(*level) } else { None };
                        self.body_paragraph(line.trim(), level);
                    }
                }
                Block::Centered(text) => {
                    for line in text::lines(text) {
                        let line = line.trim();
                        let n = count_lines(line, capacity(TEXT_WIDTH, SIZE_3HAO), 0.0, 0.0);
                        let p = self
                            .para()
                            .align(AlignmentType::Center)
                            .keep_next(true)
                            .add_run(run(line, Face::HeiTi, SIZE_3HAO));
                        self.push(p);
                        self.flow.keep((n as i32 + 1) * LINE);
                        self.flow.lines(n, LINE);
                    }
                }
                Block::Table(table) => self.table(table)?,
                Block::Slot(name) => {
                    return Err(RenderError::Docx(format!(
                        "公文中“{}”处的内容没有提供（模板用了 slot(\"{}\")，程序没有填入）",
                        one_line(name),
                        one_line(name)
                    )))
                }
            }
        }
        Ok(())
    }

    /// A body paragraph or heading: indented two characters, justified.
    /// A heading's number decides its font; text after the first 。 of a
    /// heading is set in the body font.
    fn body_paragraph(&mut self, text: &str, heading: Option<u8>) {
        if text.is_empty() {
            return;
        }
        let face = match heading {
            Some(1) => Face::HeiTi,
            Some(2) => Face::KaiTi,
            _ => Face::FangSong,
        };
        let (lead, rest) = match (heading, text.find('。')) {
            (Some(_), Some(i)) if i + '。'.len_utf8() < text.len() => {
                text.split_at(i + '。'.len_utf8())
            }
            _ => (text, ""),
        };
        let standalone = heading.is_some() && rest.is_empty();
        let lines = count_lines(text, capacity(TEXT_WIDTH, SIZE_3HAO), 2.0, 0.0);
        let mut p = self
            .para()
            .align(AlignmentType::Both)
            .indent(
                None,
                Some(SpecialIndentType::FirstLine(2 * char_twips(SIZE_3HAO))),
                None,
                None,
            )
            .keep_next(standalone)
            .add_run(run(lead, face, SIZE_3HAO));
        if !rest.is_empty() {
            p = p.add_run(run(rest, Face::FangSong, SIZE_3HAO));
        }
        if standalone {
            // A heading stays with the first line of what follows.
            self.flow.keep((lines as i32 + 1) * LINE);
        }
        self.last_paragraph = Some((self.children.len(), lines, self.flow));
        self.push(p);
        self.flow.lines(lines, LINE);
    }

    /// 附件说明, 署名, 成文日期 and 附注 after the body.
    fn closing(&mut self, doc: &Document) {
        let size = SIZE_3HAO;
        let cap = capacity(TEXT_WIDTH, size);
        // Lines the closing group needs, to keep it on one page.
        let mut group: Vec<(Paragraph, usize)> = Vec::new();
        let titles: Vec<String> = doc
            .attachments
            .iter()
            .map(|a| one_line(&a.title.replace('\n', "")))
            .collect();
        if !titles.is_empty() {
            let blank = self
                .para()
                .keep_next(true)
                .add_run(run("", Face::FangSong, size));
            group.push((blank, 1));
            for (i, title) in titles.iter().enumerate() {
                // 附件：1．名称 — later items aligned under the first number.
                let (text, first, hang) = if titles.len() == 1 {
                    (format!("附件：{title}"), 2.0, 5.0)
                } else if i == 0 {
                    (format!("附件：{}．{title}", i + 1), 2.0, 6.5)
                } else {
                    (format!("{}．{title}", i + 1), 5.0, 6.5)
                };
                let lines = count_lines(&text, cap, first, hang);
                let left = (hang * f64::from(char_twips(size))) as i32;
                let hanging = left - (first * f64::from(char_twips(size))) as i32;
                let p = self
                    .para()
                    .align(AlignmentType::Both)
                    .keep_next(true)
                    .indent(
                        Some(left),
                        Some(SpecialIndentType::Hanging(hanging)),
                        None,
                        None,
                    )
                    .add_run(run(&text, Face::FangSong, size));
                group.push((p, lines));
            }
        }
        let date = format_date(doc.date, doc.date_style);
        // One blank line: the seal, pressed on 署名 and 日期, reaches up to
        // within a line of the text above (GB/T 9704 7.3.5.1).
        let blank = self
            .para()
            .keep_next(true)
            .add_run(run("", Face::FangSong, size));
        group.push((blank, 1));
        let date_right = 4 * char_twips(size);
        if let Some(signature) = &doc.signature {
            // Centred over the date, which stands four characters from the
            // right edge.
            let signature = one_line(signature);
            let offset = (cells(&date) - cells(&signature)) / 2.0;
            let right = (f64::from(date_right) + offset * f64::from(char_twips(size)))
                .max(0.0)
                .round() as i32;
            let p = self
                .para()
                .align(AlignmentType::Right)
                .keep_next(true)
                .indent(None, None, Some(right), None)
                .add_run(run(&signature, Face::FangSong, size));
            group.push((p, 1));
        }
        let p = self
            .para()
            .align(AlignmentType::Right)
            .keep_next(doc.note.is_some())
            .indent(None, None, Some(date_right), None)
            .add_run(run(&date, Face::FangSong, size));
        group.push((p, 1));
        if let Some(note) = &doc.note {
            let mut note = one_line(note);
            if !note.starts_with('（') {
                note = format!("（{note}）");
            }
            let lines = count_lines(&note, cap, 2.0, 0.0);
            let p = self
                .para()
                .align(AlignmentType::Both)
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(2 * char_twips(size))),
                    None,
                    None,
                )
                .add_run(run(&note, Face::FangSong, size));
            group.push((p, lines));
        }
        let mut total: usize = group.iter().map(|(_, n)| n).sum();
        // The body's last paragraph goes along when the group moves to a new
        // page, unless together they would not fit on one.
        if let Some((index, lines, flow)) = self.last_paragraph {
            if index + 1 == self.children.len() && (total + lines) as i32 * LINE <= TEXT_HEIGHT {
                if let Some(Child::Paragraph(p)) = self.children.last_mut() {
                    p.property.keep_next = Some(true);
                    self.flow = flow;
                    total += lines;
                    self.flow.keep(total as i32 * LINE);
                    self.flow.lines(lines, LINE);
                }
            } else {
                self.flow.keep(total as i32 * LINE);
            }
        } else {
            self.flow.keep(total as i32 * LINE);
        }
        for (p, lines) in group {
            self.push(p);
            self.flow.lines(lines, LINE);
        }
    }

    /// An attachment on a new page: label top left in 黑体, title on the
    /// third line, a blank line, then its body.
    fn attachment(&mut self, label: &str, attachment: &Attachment) -> Result<(), RenderError> {
        let p = self
            .para()
            .page_break_before(true)
            .keep_next(true)
            .add_run(run(label, Face::HeiTi, SIZE_3HAO));
        self.push(p);
        self.flow.new_page();
        self.flow.lines(1, LINE);
        self.title(&attachment.title, false);
        self.blank_line(false);
        self.blocks(&attachment.body)
    }

    /// Column widths in twips that fill the text block, in two steps:
    /// - as web browsers size tables: every column gets its "minimum" (its
    ///   content up to eight characters, and its header's first four on one
    ///   line), and the rest of the width in proportion to what each column's
    ///   longest cell still lacks;
    /// - then width moves between columns, a half character at a time, while
    ///   that saves row lines (or, at equal rows, wrapped cells).
    fn column_widths(table: &Table, columns: usize) -> Vec<i32> {
        let total = TEXT_WIDTH;
        if table.widths.len() == columns && table.widths.iter().all(|w| *w > 0) {
            return distribute(total, table.widths.iter().map(|w| f64::from(*w)).collect());
        }
        let step = (char_twips(TABLE_SIZE) + CHAR_SPACING) / 2;
        let steps = (total / step) as usize;
        let rows: Vec<&Vec<String>> = std::iter::once(&table.header).chain(&table.rows).collect();
        let cell = |row: &Vec<String>, c: usize| row.get(c).cloned().unwrap_or_default();
        // Every row's lines at every width: lines[c][k] of a row is the lines
        // its cell in column c takes at k steps. Rows alike in that (a
        // roster's names of one length, its codes, its serial numbers) are
        // kept once, with their count: the sizing below sums over rows, and a
        // 10,000-unit list has a few dozen kinds of rows, not 10,000.
        let mut kinds: Vec<(Vec<Vec<usize>>, usize)> = Vec::new();
        let mut kind_of: HashMap<Vec<Vec<usize>>, usize> = HashMap::new();
        for row in &rows {
            let profile: Vec<Vec<usize>> = (0..columns)
                .map(|c| {
                    let text = CellText::new(row.get(c).map_or("", String::as_str));
                    (0..=steps).map(|k| text.lines((k as i32) * step)).collect()
                })
                .collect();
            match kind_of.get(&profile) {
                Some(&i) => kinds[i].1 += 1,
                None => {
                    kind_of.insert(profile.clone(), kinds.len());
                    kinds.push((profile, 1));
                }
            }
        }
        drop(kind_of);
        // lines[c][k][r]: lines of row kind r's cell in column c at k steps.
        let lines: Vec<Vec<Vec<usize>>> = (0..columns)
            .map(|c| {
                (0..=steps)
                    .map(|k| kinds.iter().map(|(profile, _)| profile[c][k]).collect())
                    .collect()
            })
            .collect();
        // How many rows of each kind.
        let rows_of_kind: Vec<usize> = kinds.iter().map(|(_, n)| *n).collect();
        drop(kinds);
        // The narrowest width (in steps) at which every cell of column c
        // takes at most `target(r)` lines.
        let fits = |c: usize, target: &dyn Fn(usize) -> usize| -> usize {
            (1..=steps)
                .find(|&k| (0..rows_of_kind.len()).all(|r| lines[c][k][r] <= target(r)))
                .unwrap_or(steps)
        };
        // Natural width: every cell on as few lines as its own line breaks
        // allow.
        let natural: Vec<usize> = (0..columns)
            .map(|c| fits(c, &|r| lines[c][steps][r]))
            .collect();
        let minimum: Vec<usize> = (0..columns)
            .map(|c| {
                let header = one_line(&cell(&table.header, c));
                let word: String = header.chars().take(4).collect();
                let header_min = (1..=steps)
                    .find(|&k| cell_lines(&word, k as i32 * step) <= 1)
                    .unwrap_or(steps);
                let eight = (1..=steps)
                    .find(|&k| cell_lines(&"字".repeat(8), k as i32 * step) <= 1)
                    .unwrap_or(steps);
                header_min.max(natural[c].min(eight))
            })
            .collect();
        let min_sum: usize = minimum.iter().sum();
        if min_sum >= steps {
            return distribute(total, minimum.iter().map(|k| *k as f64).collect());
        }
        let nat_sum: usize = natural.iter().sum();
        let mut k: Vec<usize> = if nat_sum <= steps {
            natural.clone()
        } else {
            let free = (steps - min_sum) as f64;
            let lack: f64 = (nat_sum - min_sum) as f64;
            (0..columns)
                .map(|c| {
                    minimum[c] + ((natural[c] - minimum[c]) as f64 * free / lack).floor() as usize
                })
                .collect()
        };
        // Fewest row lines first, then fewest wrapped cells.
        let score = |k: &[usize]| -> usize {
            (0..rows_of_kind.len())
                .map(|r| {
                    let cell_lines = (0..columns).map(|c| lines[c][k[c]][r]);
                    rows_of_kind[r]
                        * (1000 * cell_lines.clone().max().unwrap_or(1) + cell_lines.sum::<usize>())
                })
                .sum()
        };
        if nat_sum > steps {
            let mut left = steps - k.iter().sum::<usize>();
            // Steps lost to rounding go where they help most.
            while left > 0 {
                let best = (0..columns)
                    .min_by_key(|&c| {
                        let mut t = k.clone();
                        t[c] += 1;
                        (
                            score(&t),
                            std::cmp::Reverse(natural[c].saturating_sub(k[c])),
                        )
                    })
                    .unwrap_or(0);
                k[best] += 1;
                left -= 1;
            }
            let mut current = score(&k);
            for _ in 0..200 {
                let mut improved = false;
                'search: for from in 0..columns {
                    for to in 0..columns {
                        if from == to {
                            continue;
                        }
                        for amount in 1..=6 {
                            if k[from] < minimum[from] + amount {
                                break;
                            }
                            let mut t = k.clone();
                            t[from] -= amount;
                            t[to] += amount;
                            let s = score(&t);
                            if s < current {
                                k = t;
                                current = s;
                                improved = true;
                                break 'search;
                            }
                        }
                    }
                }
                if !improved {
                    break;
                }
            }
        }
        let mut widths: Vec<f64> = k.iter().map(|k| (*k as i32 * step) as f64).collect();
        // Whatever is left fills the columns in proportion.
        let sum: f64 = widths.iter().sum();
        let spare = f64::from(total) - sum;
        if spare > 0.0 && sum > 0.0 {
            for w in &mut widths {
                *w += spare * *w / sum;
            }
        }
        distribute(total, widths)
    }

    /// A data table: header row in 黑体 repeated on every page, cells in
    /// 仿宋 4号, rows that do not break across pages.
    fn table(&mut self, table: &Table) -> Result<(), RenderError> {
        let columns = table.columns();
        if columns == 0 {
            return Ok(());
        }
        let widths = Self::column_widths(table, columns);
        let numeric: Vec<bool> = (0..columns)
            .map(|i| {
                let mut any = false;
                let all = table
                    .rows
                    .iter()
                    .all(|r| {
                        let cell = r.get(i).map(|c| one_line(c)).unwrap_or_default();
                        if cell.is_empty() {
                            return true;
                        }
                        any = true;
                        cell.chars()
                            .all(|c| c.is_ascii_digit() || ".-%+,".contains(c) || c == '％')
                    })
                    .then_some(());
                all.is_some() && any
            })
            .collect();
        let align = |i: usize| -> AlignmentType {
            match table.align.get(i) {
                Some(Align::Center) => AlignmentType::Center,
                Some(Align::Right) => AlignmentType::Right,
                Some(Align::Left) => AlignmentType::Left,
                None if numeric[i] => AlignmentType::Center,
                None => AlignmentType::Left,
            }
        };
        // Only the header row goes into docx-rs's table; every other row is
        // written to XML as soon as it is made, and added to the document's
        // XML after it is built (`fixup`). A docx-rs cell holds ~4 KB (its
        // paragraph alone 2.4 KB): a 催报通知 listing 10,000 units held
        // ~140 MB of them before the first byte was written.
        let mut rows = Vec::new();
        let mut body = String::new();
        let mut heights = Vec::new();
        let all_rows =
            std::iter::once((true, &table.header)).chain(table.rows.iter().map(|r| (false, r)));
        for (is_header, cells_text) in all_rows {
            let mut max_lines = 1;
            let mut cells_out = Vec::new();
            for (i, width) in widths.iter().enumerate() {
                let text = cells_text.get(i).map(String::as_str).unwrap_or("");
                let mut cell = TableCell::new()
                    .width(*width as usize, WidthType::Dxa)
                    .vertical_align(VAlignType::Center);
                let mut lines_in_cell = 0;
                let mut paragraphs = text::lines(text);
                if paragraphs.is_empty() {
                    paragraphs.push(String::new());
                }
                for line in paragraphs {
                    let line = line.trim().to_string();
                    lines_in_cell += cell_lines(&line, *width);
                    let (face, al) = if is_header {
                        (Face::HeiTi, AlignmentType::Center)
                    } else {
                        (Face::FangSong, align(i))
                    };
                    let p = self
                        .para()
                        .line_spacing(exact(TABLE_LINE))
                        .align(al)
                        .add_run(run(&line, face, TABLE_SIZE));
                    cell = cell.add_paragraph(p);
                }
                max_lines = max_lines.max(lines_in_cell);
                cells_out.push(cell);
            }
            let height = max_lines as i32 * TABLE_LINE + TABLE_ROW_PAD;
            heights.push(height);
            let row = TableRow::new(cells_out)
                .row_height(height as f32)
                .height_rule(HeightRule::AtLeast)
                .cant_split();
            if is_header {
                rows.push(row);
            } else {
                let xml = String::from_utf8(row.build())
                    .map_err(|_| RenderError::Docx("docx-rs 写出的表格行不是 UTF-8".to_string()))?;
                body.push_str(&xml);
            }
        }
        let border = |position| {
            TableBorder::new(position)
                .border_type(BorderType::Single)
                .size(4)
                .color("000000")
        };
        let borders = TableBorders::with_empty()
            .set(border(TableBorderPosition::Top))
            .set(border(TableBorderPosition::Bottom))
            .set(border(TableBorderPosition::Left))
            .set(border(TableBorderPosition::Right))
            .set(border(TableBorderPosition::InsideH))
            .set(border(TableBorderPosition::InsideV));
        let t = docx_rs::Table::new(rows)
            .set_grid(widths.iter().map(|w| *w as usize).collect())
            .layout(TableLayoutType::Fixed)
            .width(TEXT_WIDTH as usize, WidthType::Dxa)
            .indent(0)
            .margins(
                TableCellMargins::new()
                    .margin_left(TABLE_CELL_MARGIN as usize, WidthType::Dxa)
                    .margin_right(TABLE_CELL_MARGIN as usize, WidthType::Dxa)
                    .margin_top(0, WidthType::Dxa)
                    .margin_bottom(0, WidthType::Dxa),
            )
            .set_borders(borders);
        self.children.push(Child::Table(Box::new(t)));
        self.header_tables.push(self.tables);
        if !body.is_empty() {
            self.table_bodies.push((self.tables, body));
        }
        self.tables += 1;

        // Flow: the header row never stands alone at the bottom of a page,
        // and comes back at the top of every page the table continues on.
        let header = heights[0];
        let first = heights.get(1).copied().unwrap_or(0);
        self.flow.keep(header + first);
        self.flow.block(header);
        for h in &heights[1..] {
            if self.flow.used + h > TEXT_HEIGHT {
                self.flow.new_page();
                self.flow.block(header);
            }
            self.flow.block(*h);
        }
        Ok(())
    }

    /// 版记 on the last lines of the last page: a spacer of exact height
    /// (or a new page), then a table of 4号 rows between a thick rule, thin
    /// rules and a thick rule.
    fn colophon(&mut self, colophon: &Colophon, doc: &Document) {
        let size = SIZE_4HAO;
        let one = char_twips(size);
        let mut rows = Vec::new();
        let mut height = 0;
        let copy_to: Vec<String> = colophon
            .copy_to
            .iter()
            .map(|c| one_line(c))
            .filter(|c| !c.is_empty())
            .collect();
        // 印发机关 left, 印发日期 right, each one character in: the date's
        // cell as wide as the date needs (at most half the line).
        let printer = one_line(&colophon.printer);
        let printed = format!("{}印发", format_date(colophon.print_date, doc.date_style));
        let char_width = f64::from(char_twips(size) + CHAR_SPACING);
        let date_width = ((cells(&printed) + 1.0) * char_width).ceil() as i32 + one;
        let date_width = date_width.clamp(2400, TEXT_WIDTH / 2);
        let printer_width = TEXT_WIDTH - date_width;
        let printed_lines = count_lines(&printer, capacity(printer_width - one, size), 0.0, 0.0)
            .max(count_lines(
                &printed,
                capacity(date_width - one, size),
                0.0,
                0.0,
            ));
        if !copy_to.is_empty() {
            // 抄送：a，b。 — one character in on both sides, later lines
            // aligned after the colon.
            let text = format!("抄送：{}。", copy_to.join("，"));
            let lines = count_lines(&text, capacity(TEXT_WIDTH - 2 * one, size), 0.0, 3.0);
            let p = self
                .para()
                .align(AlignmentType::Both)
                .indent(
                    Some(4 * one),
                    Some(SpecialIndentType::Hanging(3 * one)),
                    Some(one),
                    None,
                )
                .add_run(run(&text, Face::FangSong, size));
            let row_height = lines as i32 * LINE;
            rows.push(
                TableRow::new(vec![TableCell::new()
                    .width(TEXT_WIDTH as usize, WidthType::Dxa)
                    .grid_span(2)
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(p)])
                .row_height(row_height as f32)
                .height_rule(HeightRule::Exact)
                .cant_split(),
            );
            height += row_height;
        }
        let left = self
            .para()
            .align(AlignmentType::Left)
            .indent(Some(one), None, None, None)
            .add_run(run(&printer, Face::FangSong, size));
        let right = self
            .para()
            .align(AlignmentType::Right)
            .indent(None, None, Some(one), None)
            .add_run(run(&printed, Face::FangSong, size));
        rows.push(
            TableRow::new(vec![
                TableCell::new()
                    .width(printer_width as usize, WidthType::Dxa)
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(left),
                TableCell::new()
                    .width((TEXT_WIDTH - printer_width) as usize, WidthType::Dxa)
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(right),
            ])
            .row_height((printed_lines as i32 * LINE) as f32)
            .height_rule(HeightRule::Exact)
            .cant_split(),
        );
        height += printed_lines as i32 * LINE;

        // The spacer that pushes the 版记 to the bottom of the page.
        let needed = height + TRAILER + BOTTOM_SLACK;
        let new_page = self.flow.remaining() < needed;
        let spacer = if new_page {
            TEXT_HEIGHT - needed
        } else {
            self.flow.remaining() - needed
        };
        if new_page || spacer >= 20 {
            let mut p =
                self.para()
                    .line_spacing(exact(spacer.max(20)))
                    .add_run(run("", Face::FangSong, 2));
            if new_page {
                p = p.page_break_before(true);
                self.flow.new_page();
            }
            self.push(p);
            self.flow.block(spacer.max(20));
        }

        let thick = |position| {
            TableBorder::new(position)
                .border_type(BorderType::Single)
                .size(8)
                .color("000000")
        };
        let none = |position| TableBorder::new(position).border_type(BorderType::Nil);
        let borders = TableBorders::with_empty()
            .set(thick(TableBorderPosition::Top))
            .set(thick(TableBorderPosition::Bottom))
            .set(
                TableBorder::new(TableBorderPosition::InsideH)
                    .border_type(BorderType::Single)
                    .size(6)
                    .color("000000"),
            )
            .set(none(TableBorderPosition::Left))
            .set(none(TableBorderPosition::Right))
            .set(none(TableBorderPosition::InsideV));
        let t = docx_rs::Table::new(rows)
            .set_grid(vec![
                printer_width as usize,
                (TEXT_WIDTH - printer_width) as usize,
            ])
            .layout(TableLayoutType::Fixed)
            .width(TEXT_WIDTH as usize, WidthType::Dxa)
            .indent(0)
            .margins(TableCellMargins::new().margin(0, 0, 0, 0))
            .set_borders(borders);
        self.children.push(Child::Table(Box::new(t)));
        self.tables += 1;
        self.flow.block(height);

        // A document cannot end with a table: a 1 pt paragraph closes it.
        let p = self
            .para()
            .line_spacing(exact(TRAILER))
            .add_run(run("", Face::FangSong, 2));
        self.push(p);
        self.flow.block(TRAILER);
    }

    /// "— 1 —" in 4号 宋体 with a PAGE field: odd pages right, even pages
    /// left, one character in.
    fn page_number(&mut self, odd: bool) -> Paragraph {
        let one = char_twips(SIZE_4HAO);
        let face = Face::SongTi;
        let mut p = self.para().line_spacing(exact(320));
        p = if odd {
            p.align(AlignmentType::Right)
                .indent(None, None, Some(one), None)
        } else {
            p.align(AlignmentType::Left)
                .indent(Some(one), None, None, None)
        };
        let field = |r: Run| r.fonts(fonts(face)).size(SIZE_4HAO).character_spacing(0);
        p.add_run(field(Run::new().add_text("— ")))
            .add_run(field(
                Run::new().add_field_char(FieldCharType::Begin, false),
            ))
            .add_run(field(
                Run::new().add_instr_text(InstrText::PAGE(InstrPAGE::new())),
            ))
            .add_run(field(
                Run::new().add_field_char(FieldCharType::Separate, false),
            ))
            .add_run(field(Run::new().add_text("1")))
            .add_run(field(Run::new().add_field_char(FieldCharType::End, false)))
            .add_run(field(Run::new().add_text(" —")))
    }
}

/// Lines a table cell's text takes in a column `width` twips wide (one
/// line per line break at least), a little conservatively: a row's height is
/// at least this, so overestimating only adds air.
fn cell_lines(text: &str, width: i32) -> usize {
    CellText::new(text).lines(width)
}

/// A table cell's text split into its lines once, for [`cell_lines`] at
/// many widths.
struct CellText {
    lines: Vec<MeasuredLine>,
}

impl CellText {
    fn new(text: &str) -> CellText {
        CellText {
            lines: text::lines(text)
                .iter()
                .map(|l| MeasuredLine::new(l.trim()))
                .collect(),
        }
    }

    /// [`cell_lines`] of the text at `width` twips.
    fn lines(&self, width: i32) -> usize {
        let cap = (capacity(width - 2 * TABLE_CELL_MARGIN, TABLE_SIZE) - 0.5).max(1.0);
        if self.lines.is_empty() {
            return 1;
        }
        self.lines.iter().map(|l| l.count(cap)).sum()
    }
}

/// Scales relative widths to `total` twips, the rounding left on the last.
fn distribute(total: i32, weights: Vec<f64>) -> Vec<i32> {
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 {
        let n = weights.len().max(1) as i32;
        let mut out = vec![total / n; weights.len()];
        if let Some(last) = out.last_mut() {
            *last += total - (total / n) * n;
        }
        return out;
    }
    let mut out: Vec<i32> = weights
        .iter()
        .map(|w| (f64::from(total) * w / sum).floor() as i32)
        .collect();
    let used: i32 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += total - used;
    }
    out
}

/// Pages the document takes, as the renderer computed them (the 版记
/// included).
pub fn page_count(doc: &Document) -> Result<usize, RenderError> {
    Ok(layout(doc)?.flow.page)
}

/// Every part of the document in order, with the flow of pages.
fn layout(doc: &Document) -> Result<Writer, RenderError> {
    let mut w = Writer::default();
    w.head(&doc.head);
    w.title(&doc.title, true);
    if let Some(addressee) = &doc.addressee {
        w.addressee(addressee);
    }
    w.blocks(&doc.body)?;
    w.closing(doc);
    for (i, attachment) in doc.attachments.iter().enumerate() {
        let label = if doc.attachments.len() == 1 {
            "附件".to_string()
        } else {
            format!("附件{}", i + 1)
        };
        w.attachment(&label, attachment)?;
    }
    w.colophon(&doc.colophon, doc);
    Ok(w)
}

//! The annotated return copy (退回修改稿): a unit's own workbook, copied cell
//! by cell, with every faulty cell filled red (错误) or yellow (提示) and a
//! note saying what is wrong and how to fix it, and a first sheet listing all
//! problems. The unit corrects this copy and sends it back; the reader finds
//! everything by its labels, so the copy is read like the original.

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Note, Workbook};

use super::table::{cell_text, FONT_BODY, FONT_HEADING};
use super::RenderError;
use crate::ingest::{RawValue, RawWorkbook};
use crate::plan::Severity;

/// Name of the sheet listing the problems.
pub const SHEET_PROBLEMS: &str = "退回修改说明";

/// A problem to show in the copy.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Sheet and 0-based cell, when the problem has a cell.
    pub place: Option<(String, u32, u16)>,
    /// Sheet name or empty, and A1, as shown in the list.
    pub location: String,
    pub severity: Severity,
    pub message: String,
    pub hint: String,
}

const ERROR_FILL: u32 = 0xFF9999;
const WARNING_FILL: u32 = 0xFFEB9C;

/// Display width of text in Excel character units (CJK counts double).
fn text_width(text: &str) -> f64 {
    text.lines()
        .map(|l| {
            l.chars()
                .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

/// The name of a copied sheet: the unit's own, unless Excel could not have
/// given it (a file from another program): then `*?:[]\/` become `_`,
/// apostrophes at its ends go, it is cut to 31 characters (UTF-16 units),
/// and a number is added if the name (ignoring case) is taken. The reader
/// finds the template's sheets by their names, which are all valid.
fn copy_sheet_name(name: &str, taken: &mut HashSet<String>) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "*?:[]\\/".contains(c) { '_' } else { c })
        .collect();
    let cleaned = cleaned.trim_matches('\'');
    let cleaned = if cleaned.is_empty() { "表" } else { cleaned };
    let fit = |text: &str, room: usize| -> String {
        let mut used = 0;
        text.chars()
            .take_while(|c| {
                used += c.len_utf16();
                used <= room
            })
            .collect::<String>()
            .trim_end_matches('\'')
            .to_string()
    };
    let mut candidate = fit(cleaned, 31);
    let mut n = 2;
    while !taken.insert(candidate.to_lowercase()) {
        let suffix = format!("({n})");
        candidate = format!("{}{suffix}", fit(cleaned, 31 - suffix.len()));
        n += 1;
    }
    candidate
}

/// Writes the annotated copy. `title` heads the problem sheet, e.g.
/// 市中医院党委 2011年第一季度报表退回修改说明.
pub fn annotated_copy(
    workbook: &RawWorkbook,
    marks: &[Mark],
    title: &str,
) -> Result<Vec<u8>, RenderError> {
    let mut book = Workbook::new();
    // The fastest level: thousands of copies in a messy quarter, each a few
    // dozen KB (with the notices, a returned unit's files are ~22 % larger
    // than at Excel 365's level 3, for ~10 % less CPU per returned unit).
    book.set_zip_compression_level(1);
    // Fixed properties: the same inputs give the same bytes.
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(title)
            .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let base = Format::new().set_font_name(FONT_BODY).set_font_size(11);
    let boxed = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);

    // The list of problems, first.
    {
        let sheet = book.add_worksheet();
        sheet.set_name(SHEET_PROBLEMS)?;
        let heading = Format::new()
            .set_font_name(FONT_HEADING)
            .set_font_size(14)
            .set_bold();
        sheet.write_string_with_format(0, 0, cell_text(title), &heading)?;
        sheet.write_string_with_format(
            1,
            0,
            "请按下表逐项修改本工作簿中标红（错误）或标黄（提示）的单元格，改好后保存并重新报送；错误必须改正，提示请核实或在“说明”列写明原因。",
            &base,
        )?;
        let header = boxed.clone().set_bold().set_background_color(0xD9E1F2);
        for (c, (text, width)) in [
            ("序号", 6.0),
            ("位置", 18.0),
            ("级别", 6.0),
            ("问题", 50.0),
            ("修改建议", 46.0),
        ]
        .into_iter()
        .enumerate()
        {
            sheet.write_string_with_format(3, c as u16, text, &header)?;
            sheet.set_column_width(c as u16, width)?;
        }
        for (i, mark) in marks.iter().enumerate() {
            let row = 4 + i as u32;
            let fill = if mark.severity == Severity::Error {
                ERROR_FILL
            } else {
                WARNING_FILL
            };
            let marked = boxed.clone().set_background_color(fill);
            sheet.write_number_with_format(row, 0, (i + 1) as f64, &boxed)?;
            sheet.write_string_with_format(row, 1, cell_text(&mark.location), &boxed)?;
            sheet.write_string_with_format(row, 2, mark.severity.label(), &marked)?;
            sheet.write_string_with_format(row, 3, cell_text(&mark.message), &boxed)?;
            sheet.write_string_with_format(row, 4, cell_text(&mark.hint), &boxed)?;
        }
        sheet.set_landscape();
        sheet.set_paper_size(9);
        sheet.set_print_fit_to_pages(1, 0);
    }

    // The unit's sheets, cell by cell.
    let mut by_cell: BTreeMap<(&str, u32, u16), Vec<&Mark>> = BTreeMap::new();
    for mark in marks {
        if let Some((sheet, row, col)) = &mark.place {
            by_cell
                .entry((sheet.as_str(), *row, *col))
                .or_default()
                .push(mark);
        }
    }
    let date = base.clone().set_num_format("yyyy-mm-dd");
    // The six formats a copied cell can take (plain or date; unmarked, error
    // or warning), made once: cloning a format per cell was a tenth of
    // making a copy.
    let marked = |format: &Format, fill: u32| {
        format
            .clone()
            .set_background_color(fill)
            .set_border(FormatBorder::Thin)
    };
    let cell_formats = [
        [
            base.clone(),
            marked(&base, ERROR_FILL),
            marked(&base, WARNING_FILL),
        ],
        [
            date.clone(),
            marked(&date, ERROR_FILL),
            marked(&date, WARNING_FILL),
        ],
    ];
    let mut taken: HashSet<String> = HashSet::from([SHEET_PROBLEMS.to_lowercase()]);
    for raw in &workbook.sheets {
        if raw.name == SHEET_PROBLEMS {
            continue;
        }
        let sheet = book.add_worksheet();
        sheet.set_name(copy_sheet_name(&raw.name, &mut taken))?;
        if !raw.visible {
            sheet.set_hidden(true);
        }
        let mut widths: BTreeMap<u16, f64> = BTreeMap::new();
        let mut covered: HashSet<(u32, u32)> = HashSet::new();
        for &(r0, c0, r1, c1) in &raw.merged {
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (r, c) != (r0, c0) {
                        covered.insert((r, c));
                    }
                }
            }
        }
        let value_text = |v: &RawValue| -> Option<String> {
            match v {
                RawValue::Text(t) | RawValue::DateText(t) => Some(t.clone()),
                RawValue::Error(e) => Some(e.clone()),
                RawValue::FormulaWithoutValue(f) => Some(if f.starts_with('=') {
                    f.clone()
                } else {
                    format!("={f}")
                }),
                _ => None,
            }
        };
        let mut written: HashSet<(u32, u16)> = HashSet::new();
        for cell in &raw.cells {
            let row = cell.row;
            let Ok(col) = u16::try_from(cell.col) else {
                continue;
            };
            if covered.contains(&(cell.row, cell.col)) || row > 1_048_575 || col > 16_383 {
                continue;
            }
            let marks_here = by_cell.get(&(raw.name.as_str(), row, col));
            let kind = usize::from(matches!(cell.value, RawValue::DateSerial(_)));
            let mark = match marks_here {
                None => 0,
                Some(list) if list.iter().any(|m| m.severity == Severity::Error) => 1,
                Some(_) => 2,
            };
            let format = &cell_formats[kind][mark];
            match &cell.value {
                RawValue::Number(n) | RawValue::DateSerial(n) if n.is_finite() => {
                    sheet.write_number_with_format(row, col, *n, format)?;
                }
                RawValue::Bool(b) => {
                    sheet.write_boolean_with_format(row, col, *b, format)?;
                }
                other => {
                    let text = value_text(other).unwrap_or_default();
                    sheet.write_string_with_format(row, col, cell_text(&text), format)?;
                }
            }
            written.insert((row, col));
            let width = match &cell.value {
                RawValue::Text(t) => text_width(t),
                _ => 10.0,
            };
            let entry = widths.entry(col).or_insert(8.0);
            *entry = entry.max(width.min(50.0) + 1.0);
        }
        // The first cell at each region's top-left corner, found in one pass
        // (not a search through the sheet per region).
        let mut corners: HashMap<(u32, u32), Option<&RawValue>> = raw
            .merged
            .iter()
            .map(|&(r0, c0, _, _)| ((r0, c0), None))
            .collect();
        for cell in &raw.cells {
            if let Some(slot) = corners.get_mut(&(cell.row, cell.col)) {
                slot.get_or_insert(&cell.value);
            }
        }
        for &(r0, c0, r1, c1) in &raw.merged {
            let (Ok(c0), Ok(c1)) = (u16::try_from(c0), u16::try_from(c1)) else {
                continue;
            };
            if (r0, c0) == (r1, c1) || r1 > 1_048_575 || c1 > 16_383 {
                continue;
            }
            let text = corners
                .get(&(r0, u32::from(c0)))
                .copied()
                .flatten()
                .map(|value| match value {
                    RawValue::Number(n) | RawValue::DateSerial(n) => crate::plan::format_number(*n),
                    RawValue::Bool(b) => b.to_string(),
                    other => value_text(other).unwrap_or_default(),
                })
                .unwrap_or_default();
            let mut format = base.clone().set_text_wrap();
            if let Some(list) = by_cell.get(&(raw.name.as_str(), r0, c0)) {
                let fill = if list.iter().any(|m| m.severity == Severity::Error) {
                    ERROR_FILL
                } else {
                    WARNING_FILL
                };
                format = format.set_background_color(fill);
            }
            match sheet.merge_range(r0, c0, r1, c1, &cell_text(&text), &format) {
                Ok(_) => {}
                // Regions that overlap (Excel never writes them): the later
                // one keeps its text in its corner cell, unmerged.
                Err(rust_xlsxwriter::XlsxError::MergeRangeOverlaps(..)) => {
                    sheet.write_string_with_format(r0, c0, cell_text(&text), &format)?;
                }
                Err(e) => return Err(e.into()),
            }
            written.insert((r0, c0));
        }
        // Marked cells that are empty in the file (a required value not filled in).
        for ((sheet_name, row, col), list) in &by_cell {
            if *sheet_name != raw.name || written.contains(&(*row, *col)) {
                continue;
            }
            let fill = if list.iter().any(|m| m.severity == Severity::Error) {
                ERROR_FILL
            } else {
                WARNING_FILL
            };
            sheet.write_blank(
                *row,
                *col,
                &base
                    .clone()
                    .set_background_color(fill)
                    .set_border(FormatBorder::Thin),
            )?;
        }
        for ((sheet_name, row, col), list) in &by_cell {
            if *sheet_name != raw.name {
                continue;
            }
            let text: Vec<String> = list
                .iter()
                .map(|m| format!("【{}】{}\n→ {}", m.severity.label(), m.message, m.hint))
                .collect();
            let note = Note::new(cell_text(&text.join("\n")))
                .set_author("局党委办公室")
                .set_width(360)
                .set_height(120);
            sheet.insert_note(*row, *col, &note)?;
        }
        for (col, width) in widths {
            sheet.set_column_width(col, width)?;
        }
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{RawCell, RawSheet};

    #[test]
    fn sheet_names_excel_could_not_have_given_are_made_valid() {
        let mut taken = HashSet::from([SHEET_PROBLEMS.to_lowercase()]);
        let mut name = |n: &str| copy_sheet_name(n, &mut taken);
        assert_eq!(name("基本情况"), "基本情况");
        let long = "填报说明（请在填写本报表之前仔细阅读本页的全部内容并严格按照要求逐项认真填写）";
        assert_eq!(
            name(long),
            "填报说明（请在填写本报表之前仔细阅读本页的全部内容并严格按照要"
        );
        assert_eq!(
            name(long),
            "填报说明（请在填写本报表之前仔细阅读本页的全部内容并严格(2)"
        );
        assert_eq!(name("a[1]:b*c?d/e\\f"), "a_1__b_c_d_e_f");
        assert_eq!(name("'引用'"), "引用");
        assert_eq!(name("''"), "表");
        assert_eq!(name("退回修改说明"), "退回修改说明(2)");
        assert_eq!(name("Sheet1"), "Sheet1");
        assert_eq!(name("SHEET1"), "SHEET1(2)", "Excel ignores case");
        // 31 UTF-16 units: a character outside the BMP counts two.
        let wide = "𠀀".repeat(20);
        assert_eq!(name(&wide), "𠀀".repeat(15));
    }

    #[test]
    fn overlapping_merged_regions_keep_their_texts() {
        let text = |row, col, t: &str| RawCell {
            row,
            col,
            value: RawValue::Text(t.into()),
        };
        let workbook = RawWorkbook {
            names: Vec::new(),
            sheets: vec![RawSheet {
                name: "基本情况".into(),
                visible: true,
                cells: vec![text(0, 0, "标题"), text(1, 1, "重叠")],
                // B2:C3 overlaps A1:B2 (a hostile or broken file).
                merged: vec![(0, 0, 1, 1), (1, 1, 2, 2)],
                merges_unread: false,
            }],
        };
        let bytes = annotated_copy(&workbook, &[], "标题").unwrap();
        let read = crate::ingest::read_workbook(&bytes, &crate::ingest::Limits::default()).unwrap();
        let sheet = &read.sheets[1];
        assert_eq!(sheet.merged, [(0, 0, 1, 1)]);
        let texts: Vec<(u32, u32, &RawValue)> = sheet
            .cells
            .iter()
            .map(|c| (c.row, c.col, &c.value))
            .collect();
        assert_eq!(
            texts,
            [
                (0, 0, &RawValue::Text("标题".into())),
                (1, 1, &RawValue::Text("重叠".into()))
            ]
        );
    }

    #[test]
    fn widths_count_chinese_double() {
        assert_eq!(text_width("党课"), 4.0);
        assert_eq!(text_width("A1\n党员总数"), 8.0);
    }

    #[test]
    fn marks_and_values_survive_the_copy() {
        let workbook = RawWorkbook {
            names: Vec::new(),
            sheets: vec![RawSheet {
                name: "指标完成情况".into(),
                visible: true,
                cells: vec![
                    RawCell {
                        row: 0,
                        col: 0,
                        value: RawValue::Text("=1+1".into()),
                    },
                    RawCell {
                        row: 10,
                        col: 4,
                        value: RawValue::Text("三次".into()),
                    },
                ],
                merged: vec![],
                merges_unread: false,
            }],
        };
        let marks = [Mark {
            place: Some(("指标完成情况".into(), 10, 4)),
            location: "指标完成情况!E11".into(),
            severity: Severity::Error,
            message: "党课：填写为“三次”，应为整数".into(),
            hint: "请改为 3".into(),
        }];
        let bytes = annotated_copy(
            &workbook,
            &marks,
            "市中医院党委 2011年第一季度报表退回修改说明",
        )
        .unwrap();
        let again = annotated_copy(
            &workbook,
            &marks,
            "市中医院党委 2011年第一季度报表退回修改说明",
        )
        .unwrap();
        assert_eq!(bytes, again, "deterministic");
        let read = crate::ingest::read_workbook(&bytes, &crate::ingest::Limits::default()).unwrap();
        assert_eq!(read.sheets[0].name, SHEET_PROBLEMS);
        let sheet = &read.sheets[1];
        assert_eq!(
            sheet.cells[0].value,
            RawValue::Text("=1+1".into()),
            "unit text stays text"
        );
        assert_eq!(sheet.cells[1].value, RawValue::Text("三次".into()));
        let problems = &read.sheets[0];
        let texts: Vec<&RawValue> = problems
            .cells
            .iter()
            .filter(|c| c.row == 4)
            .map(|c| &c.value)
            .collect();
        assert_eq!(
            texts,
            [
                &RawValue::Number(1.0),
                &RawValue::Text("指标完成情况!E11".into()),
                &RawValue::Text("错误".into()),
                &RawValue::Text("党课：填写为“三次”，应为整数".into()),
                &RawValue::Text("请改为 3".into()),
            ]
        );
    }
}

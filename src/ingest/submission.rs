//! From raw cells to a [`Submission`]: find the sheets and fields by their
//! labels, never by fixed addresses, and keep every value with its cell.
//!
//! Labels are matched after removing spaces (also NBSP and full-width),
//! full-width forms and trailing colons, so retyped labels are found. Values
//! stay raw here; `check` interprets them.

use std::collections::{BTreeMap, HashMap};

use super::raw::{RawSheet, RawValue, RawWorkbook};
use crate::cell::CellRef;
use crate::form::{
    Fingerprint, FINGERPRINT_KEYS, SHEET_BASIC, SHEET_INDICATORS, SHEET_LEDGER, SHEET_META,
};
use crate::plan::BasicField;
use crate::text::label_key;

/// A value and the cell it came from; `value` is `None` for an empty cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub cell: CellRef,
    pub value: Option<RawValue>,
}

/// A submission workbook as read: raw values with their cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Submission {
    /// The fingerprint of the template, when the meta sheet survived.
    pub fingerprint: Option<Fingerprint>,
    /// 基本情况; `None` when the sheet is missing.
    pub basic: Option<BasicSheet>,
    pub indicators: Option<IndicatorSheet>,
    pub ledger: Option<LedgerSheet>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BasicSheet {
    pub sheet: String,
    /// Fields whose label was found, with the value cell right of the label.
    pub fields: BTreeMap<BasicField, Located>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorSheet {
    pub sheet: String,
    /// `None` when the header row (指标编码 … 本季度完成) was not found.
    pub header: Option<CellRef>,
    pub rows: Vec<IndicatorRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    /// Code as written, cleaned (trimmed, half-width, upper case).
    pub code: String,
    pub code_cell: CellRef,
    pub name: Option<String>,
    /// 本季度完成.
    pub value: Located,
    /// 说明 (the merged cell's text when merged).
    pub note: Option<Located>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LedgerSheet {
    pub sheet: String,
    pub header: Option<CellRef>,
    pub rows: Vec<LedgerRow>,
}

/// One non-blank row of 活动台帐.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRow {
    pub date: Located,
    pub category: Located,
    pub topic: Located,
    pub expected: Located,
    pub attended: Located,
    pub leader: Located,
}

/// Other ways units label the 基本情况 fields.
fn basic_field_for(key: &str) -> Option<BasicField> {
    BasicField::from_label(key).or(match key {
        "单位名称" | "填报单位名称" => Some(BasicField::UnitName),
        "单位编码" | "代码" | "单位编号" => Some(BasicField::UnitCode),
        "年份" | "年" => Some(BasicField::Year),
        "季" | "报告季度" | "填报季度" => Some(BasicField::Quarter),
        "党员人数" | "党员数" => Some(BasicField::MemberCount),
        "领导干部数" | "领导班子人数" => Some(BasicField::LeaderCount),
        "支部数" | "党支部个数" => Some(BasicField::BranchCount),
        "填表人" => Some(BasicField::Reporter),
        "电话" | "联系方式" => Some(BasicField::Phone),
        "报送日期" | "日期" | "填表日期" => Some(BasicField::ReportDate),
        "负责人" => Some(BasicField::Head),
        _ => None,
    })
}

/// A sheet's cells by position, with merged regions resolved to their first cell.
struct Grid<'a> {
    sheet: &'a RawSheet,
    cells: HashMap<(u32, u32), &'a RawValue>,
}

impl<'a> Grid<'a> {
    fn new(sheet: &'a RawSheet) -> Grid<'a> {
        let cells = sheet
            .cells
            .iter()
            .map(|c| ((c.row, c.col), &c.value))
            .collect();
        Grid { sheet, cells }
    }

    /// The merged region containing a cell, if any.
    fn merge_of(&self, row: u32, col: u32) -> Option<(u32, u32, u32, u32)> {
        self.sheet
            .merged
            .iter()
            .copied()
            .find(|&(r0, c0, r1, c1)| (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
    }

    /// The value shown in a cell: a merged region shows its first cell.
    fn shown(&self, row: u32, col: u32) -> Option<&'a RawValue> {
        match self.merge_of(row, col) {
            Some((r0, c0, _, _)) => self.cells.get(&(r0, c0)).copied(),
            None => self.cells.get(&(row, col)).copied(),
        }
    }

    fn located(&self, row: u32, col: u32) -> Located {
        Located {
            cell: CellRef::new(&self.sheet.name, row, col as u16),
            value: self.shown(row, col).cloned().filter(|v| !is_blank(v)),
        }
    }

    fn text(&self, row: u32, col: u32) -> Option<String> {
        match self.shown(row, col) {
            Some(RawValue::Text(t)) => Some(t.clone()),
            _ => None,
        }
    }

    /// Text cells with their label keys.
    fn labels(&self) -> impl Iterator<Item = (u32, u32, String)> + '_ {
        self.sheet.cells.iter().filter_map(|c| match &c.value {
            RawValue::Text(t) => Some((c.row, c.col, label_key(t))),
            _ => None,
        })
    }

    /// The first row holding all `required` labels; with each label's column.
    fn header_row(
        &self,
        required: &[&str],
        optional: &[&str],
    ) -> Option<(u32, HashMap<String, u32>)> {
        let mut rows: BTreeMap<u32, HashMap<String, u32>> = BTreeMap::new();
        for (row, col, key) in self.labels() {
            if required.contains(&key.as_str()) || optional.contains(&key.as_str()) {
                rows.entry(row).or_default().entry(key).or_insert(col);
            }
        }
        rows.into_iter()
            .find(|(_, columns)| required.iter().all(|r| columns.contains_key(*r)))
    }
}

/// Text of spaces only (NBSP and the ideographic space are whitespace too),
/// or of invisible characters pasted from web pages and chats.
fn is_blank(value: &RawValue) -> bool {
    matches!(value, RawValue::Text(t) if t.chars().all(|c| c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}')))
}

/// A sheet by its name (matched loosely), or else the first visible sheet
/// whose content satisfies `looks_right`.
fn find_sheet<'a>(
    workbook: &'a RawWorkbook,
    name: &str,
    looks_right: impl Fn(&Grid) -> bool,
) -> Option<&'a RawSheet> {
    let key = label_key(name);
    workbook
        .sheets
        .iter()
        .find(|s| label_key(&s.name) == key)
        .or_else(|| {
            workbook
                .sheets
                .iter()
                .find(|s| label_key(&s.name) != label_key(SHEET_META) && looks_right(&Grid::new(s)))
        })
}

const INDICATOR_REQUIRED: [&str; 2] = ["指标编码", "本季度完成"];
const LEDGER_REQUIRED: [&str; 3] = ["日期", "活动类别", "实到人数"];

/// Reads a submission from a workbook's raw cells.
pub fn extract(workbook: &RawWorkbook) -> Submission {
    Submission {
        fingerprint: fingerprint(workbook),
        basic: find_sheet(workbook, SHEET_BASIC, |g| {
            let keys: Vec<String> = g.labels().map(|(_, _, k)| k).collect();
            keys.iter().any(|k| k == "党员总数") && keys.iter().any(|k| k == "填报单位")
        })
        .map(basic_sheet),
        indicators: find_sheet(workbook, SHEET_INDICATORS, |g| {
            g.header_row(&INDICATOR_REQUIRED, &[]).is_some()
        })
        .map(indicator_sheet),
        ledger: find_sheet(workbook, SHEET_LEDGER, |g| {
            g.header_row(&LEDGER_REQUIRED, &[]).is_some()
        })
        .map(ledger_sheet),
    }
}

fn basic_sheet(sheet: &RawSheet) -> BasicSheet {
    let grid = Grid::new(sheet);
    let mut fields = BTreeMap::new();
    for (row, col, key) in grid.labels() {
        let Some(field) = basic_field_for(&key) else {
            continue;
        };
        if fields.contains_key(&field) {
            continue;
        }
        // The value sits right of the label (after the label's merged cells).
        let value_col = grid.merge_of(row, col).map_or(col, |(_, _, _, c1)| c1) + 1;
        fields.insert(field, grid.located(row, value_col));
    }
    BasicSheet {
        sheet: sheet.name.clone(),
        fields,
    }
}

/// Cleaned indicator code: trimmed, half-width, upper case.
fn clean_code(text: &str) -> String {
    label_key(text).to_uppercase()
}

fn looks_like_code(code: &str) -> bool {
    let mut chars = code.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && code.len() <= 8
        && chars.clone().count() >= 1
        && chars.all(|c| c.is_ascii_digit())
}

fn indicator_sheet(sheet: &RawSheet) -> IndicatorSheet {
    let grid = Grid::new(sheet);
    let Some((header_row, columns)) = grid.header_row(&INDICATOR_REQUIRED, &["指标名称", "说明"])
    else {
        return IndicatorSheet {
            sheet: sheet.name.clone(),
            header: None,
            rows: Vec::new(),
        };
    };
    let code_col = columns["指标编码"];
    let value_col = columns["本季度完成"];
    let name_col = columns.get("指标名称").copied();
    let note_col = columns.get("说明").copied();
    let mut rows = Vec::new();
    for cell in sheet
        .cells
        .iter()
        .filter(|c| c.row > header_row && c.col == code_col)
    {
        let RawValue::Text(text) = &cell.value else {
            continue;
        };
        let code = clean_code(text);
        if !looks_like_code(&code) {
            continue;
        }
        rows.push(IndicatorRow {
            code,
            code_cell: CellRef::new(&sheet.name, cell.row, code_col as u16),
            name: name_col.and_then(|c| grid.text(cell.row, c)),
            value: grid.located(cell.row, value_col),
            note: note_col.map(|c| grid.located(cell.row, c)),
        });
    }
    IndicatorSheet {
        sheet: sheet.name.clone(),
        header: Some(CellRef::new(&sheet.name, header_row, code_col as u16)),
        rows,
    }
}

fn ledger_sheet(sheet: &RawSheet) -> LedgerSheet {
    let grid = Grid::new(sheet);
    let Some((header_row, columns)) =
        grid.header_row(&LEDGER_REQUIRED, &["活动主题", "应到人数", "负责人"])
    else {
        return LedgerSheet {
            sheet: sheet.name.clone(),
            header: None,
            rows: Vec::new(),
        };
    };
    let col = |label: &str| columns.get(label).copied();
    let data_cols: Vec<u32> = [
        "日期",
        "活动类别",
        "活动主题",
        "应到人数",
        "实到人数",
        "负责人",
    ]
    .iter()
    .filter_map(|l| col(l))
    .collect();
    // Rows with anything in a data column (序号 and 备注 alone are blank rows).
    let mut row_numbers: Vec<u32> = sheet
        .cells
        .iter()
        .filter(|c| c.row > header_row && data_cols.contains(&c.col) && !is_blank(&c.value))
        .map(|c| c.row)
        .collect();
    row_numbers.dedup();
    let at = |row: u32, label: &str| -> Located {
        match col(label) {
            Some(c) => grid.located(row, c),
            None => Located {
                cell: CellRef::new(&sheet.name, row, 0),
                value: None,
            },
        }
    };
    let rows = row_numbers
        .into_iter()
        .map(|row| LedgerRow {
            date: at(row, "日期"),
            category: at(row, "活动类别"),
            topic: at(row, "活动主题"),
            expected: at(row, "应到人数"),
            attended: at(row, "实到人数"),
            leader: at(row, "负责人"),
        })
        .collect();
    LedgerSheet {
        sheet: sheet.name.clone(),
        header: Some(CellRef::new(&sheet.name, header_row, 0)),
        rows,
    }
}

/// The template fingerprint from the meta sheet, if present and complete.
fn fingerprint(workbook: &RawWorkbook) -> Option<Fingerprint> {
    let sheet = workbook.sheets.iter().find(|s| s.name == SHEET_META)?;
    let grid = Grid::new(sheet);
    let mut values: HashMap<&str, String> = HashMap::new();
    for (row, col, key) in grid.labels() {
        if let Some(k) = FINGERPRINT_KEYS.iter().find(|k| **k == key) {
            let value = match grid.shown(row, col + 1) {
                Some(RawValue::Text(t)) => t.trim().to_string(),
                Some(RawValue::Number(n)) => crate::plan::format_number(*n),
                _ => String::new(),
            };
            values.insert(k, value);
        }
    }
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    Some(Fingerprint {
        template_version: get("模板版本").parse().ok()?,
        plan_year: get("计划年度").parse().ok()?,
        plan_version: get("计划版本"),
        plan_hash: get("计划指纹"),
        unit_code: get("单位代码"),
        quarter: get("季度"),
    })
}

//! From raw cells to a [`Submission`]: find the sheets and fields by their
//! labels, never by fixed addresses, and keep every value with its cell.
//!
//! Labels are matched after removing spaces (also NBSP and full-width),
//! full-width forms and trailing colons, so retyped labels are found. Values
//! stay raw here; `check` interprets them.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use super::raw::{RawCell, RawSheet, RawValue, RawWorkbook};
use crate::cell::CellRef;
use crate::form::{
    Fingerprint, FINGERPRINT_KEYS, FINGERPRINT_NAMES, SHEET_BASIC, SHEET_INDICATORS, SHEET_LEDGER,
    SHEET_META,
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

/// Names of the sheets whose merged regions a lookup needed while they were
/// unread ([`RawSheet::merges_unread`]).
type Needs = RefCell<Vec<String>>;

/// A sheet's cells by position, with merged regions resolved to their first cell.
///
/// Looks cells up by binary search in the sheet's cells, which readers give
/// sorted by (row, col); a sheet built otherwise is looked up through a
/// sorted index of its cells instead.
struct Grid<'a> {
    sheet: &'a RawSheet,
    /// Positions of the cells in (row, col) order when `sheet.cells` is not.
    order: Option<Vec<usize>>,
    needs: &'a Needs,
}

impl<'a> Grid<'a> {
    fn new(sheet: &'a RawSheet, needs: &'a Needs) -> Grid<'a> {
        let cells = &sheet.cells;
        let order = (!cells.is_sorted_by_key(|c| (c.row, c.col))).then(|| {
            let mut order: Vec<usize> = (0..cells.len()).collect();
            order.sort_by_key(|&i| (cells[i].row, cells[i].col));
            order
        });
        Grid {
            sheet,
            order,
            needs,
        }
    }

    /// The value of the cell at (row, col); of several cells at the same
    /// place (a damaged file), the last one.
    fn cell(&self, row: u32, col: u32) -> Option<&'a RawValue> {
        let cells = &self.sheet.cells;
        let key = (row, col);
        let found = match &self.order {
            None => {
                let i = cells.partition_point(|c| (c.row, c.col) <= key);
                i.checked_sub(1).map(|i| &cells[i])
            }
            Some(order) => {
                let i = order.partition_point(|&i| (cells[i].row, cells[i].col) <= key);
                i.checked_sub(1).map(|i| &cells[order[i]])
            }
        };
        found.filter(|c| (c.row, c.col) == key).map(|c| &c.value)
    }

    /// The merged region containing a cell, if any. With the regions unread:
    /// none (the cell right of a merged label is then empty, and looking it
    /// up asks for the regions).
    fn merge_of(&self, row: u32, col: u32) -> Option<(u32, u32, u32, u32)> {
        self.sheet
            .merged
            .iter()
            .copied()
            .find(|&(r0, c0, r1, c1)| (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
    }

    /// The value shown in a cell: a merged region shows its first cell.
    ///
    /// With the regions unread, a cell that holds a value shows it (Excel and
    /// WPS empty the other cells of a region when they merge it); an empty
    /// one might be covered by a region, so the sheet is noted as needing its
    /// regions and the caller extracts again once they are read.
    fn shown(&self, row: u32, col: u32) -> Option<&'a RawValue> {
        if self.sheet.merges_unread {
            let value = self.cell(row, col);
            if value.is_none_or(is_blank) {
                self.needs_regions();
            }
            return value;
        }
        match self.merge_of(row, col) {
            Some((r0, c0, _, _)) => self.cell(r0, c0),
            None => self.cell(row, col),
        }
    }

    /// Notes that this sheet's merged regions are needed: an empty cell was
    /// looked up while they were unread.
    fn needs_regions(&self) {
        let mut needs = self.needs.borrow_mut();
        if !needs.contains(&self.sheet.name) {
            needs.push(self.sheet.name.clone());
        }
    }

    /// The cells of the rows below `row`, in (row, col) order.
    fn cells_below(&self, row: u32) -> impl Iterator<Item = &'a RawCell> + '_ {
        let cells = &self.sheet.cells;
        let at = move |i: usize| match &self.order {
            None => &cells[i],
            Some(order) => &cells[order[i]],
        };
        let start = match &self.order {
            None => cells.partition_point(|c| c.row <= row),
            Some(order) => order.partition_point(|&i| cells[i].row <= row),
        };
        (start..cells.len()).map(at)
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
    /// Cells are sorted by row, so the scan stops at that row.
    fn header_row(
        &self,
        required: &[&str],
        optional: &[&str],
    ) -> Option<(u32, HashMap<String, u32>)> {
        let mut current: Option<(u32, HashMap<String, u32>)> = None;
        for cell in &self.sheet.cells {
            // A later row begins: the row before is the header if complete.
            if current.as_ref().is_some_and(|(r, _)| *r != cell.row) {
                if let Some(found) = current.take().filter(|(_, c)| has_all(c, required)) {
                    return Some(found);
                }
            }
            let RawValue::Text(text) = &cell.value else {
                continue;
            };
            let key = label_key(text);
            if !(required.contains(&key.as_str()) || optional.contains(&key.as_str())) {
                continue;
            }
            current
                .get_or_insert_with(|| (cell.row, HashMap::new()))
                .1
                .entry(key)
                .or_insert(cell.col);
        }
        current.filter(|(_, c)| has_all(c, required))
    }
}

fn has_all(columns: &HashMap<String, u32>, required: &[&str]) -> bool {
    required.iter().all(|r| columns.contains_key(*r))
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
    needs: &Needs,
    looks_right: impl Fn(&Grid) -> bool,
) -> Option<&'a RawSheet> {
    let key = label_key(name);
    workbook
        .sheets
        .iter()
        .find(|s| label_key(&s.name) == key)
        .or_else(|| {
            workbook.sheets.iter().find(|s| {
                label_key(&s.name) != label_key(SHEET_META) && looks_right(&Grid::new(s, needs))
            })
        })
}

const INDICATOR_REQUIRED: [&str; 2] = ["指标编码", "本季度完成"];
const LEDGER_REQUIRED: [&str; 3] = ["日期", "活动类别", "实到人数"];
/// The ledger's data columns, in the order of [`LedgerRow`]'s fields: the
/// template's headers without 序号 and 备注.
const LEDGER_COLUMNS: [&str; 6] = {
    let h = crate::form::LEDGER_HEADERS;
    [h[1], h[2], h[3], h[4], h[5], h[6]]
};

/// Reads a submission from a workbook's raw cells.
pub fn extract(workbook: &RawWorkbook) -> Submission {
    extract_noting(workbook).0
}

/// [`extract`], and the names of the sheets whose unread merged regions a
/// lookup needed (empty when every sheet's regions were read): extract
/// again once they are read.
pub(crate) fn extract_noting(workbook: &RawWorkbook) -> (Submission, Vec<String>) {
    let needs = Needs::default();
    let submission = Submission {
        fingerprint: fingerprint(workbook, &needs),
        basic: find_sheet(workbook, SHEET_BASIC, &needs, |g| {
            let keys: Vec<String> = g.labels().map(|(_, _, k)| k).collect();
            keys.iter().any(|k| k == "党员总数") && keys.iter().any(|k| k == "填报单位")
        })
        .map(|s| basic_sheet(s, &needs)),
        indicators: find_sheet(workbook, SHEET_INDICATORS, &needs, |g| {
            g.header_row(&INDICATOR_REQUIRED, &[]).is_some()
        })
        .map(|s| indicator_sheet(s, &needs)),
        ledger: find_sheet(workbook, SHEET_LEDGER, &needs, |g| {
            g.header_row(&LEDGER_REQUIRED, &[]).is_some()
        })
        .map(|s| ledger_sheet(s, &needs)),
    };
    (submission, needs.into_inner())
}

/// Extracts again the parts of `submission` read from the sheets named in
/// `sheets`, whose merged regions have been read since: the same sheets
/// are chosen (by name and labels, which regions do not change).
pub(crate) fn extract_again(
    workbook: &RawWorkbook,
    submission: &mut Submission,
    sheets: &[String],
) {
    let needs = Needs::default();
    let again = |name: &str| {
        sheets
            .iter()
            .any(|s| s == name)
            .then(|| workbook.sheets.iter().find(|s| s.name == name))
            .flatten()
    };
    if let Some(sheet) = submission.basic.as_ref().and_then(|b| again(&b.sheet)) {
        submission.basic = Some(basic_sheet(sheet, &needs));
    }
    if let Some(sheet) = submission.indicators.as_ref().and_then(|i| again(&i.sheet)) {
        submission.indicators = Some(indicator_sheet(sheet, &needs));
    }
    if let Some(sheet) = submission.ledger.as_ref().and_then(|l| again(&l.sheet)) {
        submission.ledger = Some(ledger_sheet(sheet, &needs));
    }
    if again(SHEET_META).is_some() {
        submission.fingerprint = fingerprint(workbook, &needs);
    }
}

fn basic_sheet(sheet: &RawSheet, needs: &Needs) -> BasicSheet {
    let grid = Grid::new(sheet, needs);
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

fn indicator_sheet(sheet: &RawSheet, needs: &Needs) -> IndicatorSheet {
    let grid = Grid::new(sheet, needs);
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
    // With the regions unread and no 说明 written below the header, a 说明
    // cell could only show a region reaching in from another column (a
    // merged 本季度完成): it is read as empty rather than reading the
    // sheet's regions for it — most submissions have no 说明 at all.
    let notes_blank = sheet.merges_unread
        && note_col.is_some_and(|nc| {
            !sheet
                .cells
                .iter()
                .any(|c| c.row > header_row && c.col == nc && !is_blank(&c.value))
        });
    let note_at = |row: u32, col: u32| {
        if notes_blank {
            Located {
                cell: CellRef::new(&sheet.name, row, col as u16),
                value: None,
            }
        } else {
            grid.located(row, col)
        }
    };
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
            note: note_col.map(|c| note_at(cell.row, c)),
        });
    }
    IndicatorSheet {
        sheet: sheet.name.clone(),
        header: Some(CellRef::new(&sheet.name, header_row, code_col as u16)),
        rows,
    }
}

fn ledger_sheet(sheet: &RawSheet, needs: &Needs) -> LedgerSheet {
    let grid = Grid::new(sheet, needs);
    let Some((header_row, columns)) =
        grid.header_row(&LEDGER_REQUIRED, &["活动主题", "应到人数", "负责人"])
    else {
        return LedgerSheet {
            sheet: sheet.name.clone(),
            header: None,
            rows: Vec::new(),
        };
    };
    // The columns of 日期, 活动类别, 活动主题, 应到人数, 实到人数, 负责人.
    let cols = LEDGER_COLUMNS.map(|label| columns.get(label).copied());
    let rows = ledger_rows(&grid, header_row, cols);
    LedgerSheet {
        sheet: sheet.name.clone(),
        header: Some(CellRef::new(&sheet.name, header_row, 0)),
        rows,
    }
}

/// The rows below the header with anything in a data column, each with
/// the last cell at each data column (of two at one place, the later
/// counts, as in [`Grid::cell`]).
fn filled_rows<'a, 'g>(
    grid: &'g Grid<'a>,
    header_row: u32,
    cols: [Option<u32>; 6],
) -> impl Iterator<Item = (u32, [Option<&'a RawValue>; 6])> + 'g {
    let mut cells = grid.cells_below(header_row).peekable();
    std::iter::from_fn(move || {
        while let Some(first) = cells.next() {
            let row = first.row;
            let mut own: [Option<&RawValue>; 6] = [None; 6];
            let mut filled = false;
            let same_row = std::iter::from_fn(|| cells.next_if(|c| c.row == row));
            for cell in std::iter::once(first).chain(same_row) {
                for (k, col) in cols.iter().enumerate() {
                    if *col == Some(cell.col) {
                        own[k] = Some(&cell.value);
                        filled |= !is_blank(&cell.value);
                    }
                }
            }
            if filled {
                return Some((row, own));
            }
        }
        None
    })
}

/// The rows below the header with anything in a data column (序号 and 备注
/// alone make a blank row), each with the value shown in every data column.
///
/// One walk down the sheet's cells, not a search per cell: a ledger can
/// hold thousands of rows. Merged regions are followed as the walk goes
/// down ([`RegionSweep`]), so a cell is compared only with the regions over
/// its row, not with every region of the sheet. The values are those
/// [`Grid::located`] gives, cell by cell.
fn ledger_rows(grid: &Grid, header_row: u32, cols: [Option<u32>; 6]) -> Vec<LedgerRow> {
    let sheet = grid.sheet;
    let mut regions = (!sheet.merges_unread).then(|| RegionSweep::new(&sheet.merged));
    // Counted first: a growing vector of a 50,000-row ledger would hold
    // twice its rows while it moves.
    let mut rows = Vec::with_capacity(filled_rows(grid, header_row, cols).count());
    for (row, own) in filled_rows(grid, header_row, cols) {
        if let Some(regions) = regions.as_mut() {
            regions.advance_to(row);
        }
        let [date, category, topic, expected, attended, leader] =
            std::array::from_fn(|k| match cols[k] {
                Some(col) => {
                    let value = match regions.as_ref() {
                        // Regions unread: a cell that holds a value shows it;
                        // an empty one asks for the regions (`Grid::shown`).
                        None => {
                            if own[k].is_none_or(is_blank) {
                                grid.needs_regions();
                            }
                            own[k]
                        }
                        Some(regions) => match regions.covering(col) {
                            Some((r0, c0)) => grid.cell(r0, c0),
                            None => own[k],
                        },
                    };
                    Located {
                        cell: CellRef::new(&sheet.name, row, col as u16),
                        value: value.cloned().filter(|v| !is_blank(v)),
                    }
                }
                None => Located {
                    cell: CellRef::new(&sheet.name, row, 0),
                    value: None,
                },
            });
        rows.push(LedgerRow {
            date,
            category,
            topic,
            expected,
            attended,
            leader,
        });
    }
    rows
}

/// A sheet's merged regions, followed down its rows: the regions over the
/// current row are at hand, entered as the walk reaches their first row and
/// dropped after their last.
struct RegionSweep<'a> {
    regions: &'a [(u32, u32, u32, u32)],
    /// Positions in `regions`, by first row.
    by_top: Vec<usize>,
    /// How many of `by_top` have been entered.
    entered: usize,
    /// Positions of the entered regions whose last row is not passed.
    over: Vec<usize>,
}

impl<'a> RegionSweep<'a> {
    fn new(regions: &'a [(u32, u32, u32, u32)]) -> RegionSweep<'a> {
        let mut by_top: Vec<usize> = (0..regions.len()).collect();
        by_top.sort_by_key(|&i| regions[i].0);
        RegionSweep {
            regions,
            by_top,
            entered: 0,
            over: Vec::new(),
        }
    }

    /// Moves to `row`; rows must not go up.
    fn advance_to(&mut self, row: u32) {
        while let Some(&i) = self.by_top.get(self.entered) {
            if self.regions[i].0 > row {
                break;
            }
            self.over.push(i);
            self.entered += 1;
        }
        let regions = self.regions;
        self.over.retain(|&i| regions[i].2 >= row);
    }

    /// The first cell of the region over `col` of the current row: of
    /// several (overlapping regions, a damaged file), the first listed, as
    /// in `Grid::merge_of`.
    fn covering(&self, col: u32) -> Option<(u32, u32)> {
        self.over
            .iter()
            .copied()
            .filter(|&i| (self.regions[i].1..=self.regions[i].3).contains(&col))
            .min()
            .map(|i| (self.regions[i].0, self.regions[i].1))
    }
}

/// The template fingerprint: from the template's defined names when they
/// hold it, else from the meta sheet, if present and complete.
fn fingerprint(workbook: &RawWorkbook, needs: &Needs) -> Option<Fingerprint> {
    fingerprint_from_names(&workbook.names).or_else(|| fingerprint_from_sheet(workbook, needs))
}

/// The fingerprint the defined names [`FINGERPRINT_NAMES`] hold: all six,
/// each a text constant, the version and the year numbers; else `None`.
pub(crate) fn fingerprint_from_names(names: &[(String, String)]) -> Option<Fingerprint> {
    let mut values: [Option<String>; 6] = Default::default();
    for (name, formula) in names {
        if let Some(i) = FINGERPRINT_NAMES.iter().position(|n| n == name) {
            values[i] = Some(crate::form::text_of_constant(formula)?);
        }
    }
    let [a, b, c, d, e, f] = values;
    Fingerprint::from_values([a?, b?, c?, d?, e?, f?].map(|v| v.trim().to_string()))
}

fn fingerprint_from_sheet(workbook: &RawWorkbook, needs: &Needs) -> Option<Fingerprint> {
    let sheet = workbook.sheets.iter().find(|s| s.name == SHEET_META)?;
    let grid = Grid::new(sheet, needs);
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
    Fingerprint::from_values(FINGERPRINT_KEYS.map(|k| values.get(k).cloned().unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(cells: &[(u32, u32, &str)]) -> RawSheet {
        RawSheet {
            name: SHEET_BASIC.to_string(),
            visible: true,
            cells: cells
                .iter()
                .map(|&(row, col, text)| RawCell {
                    row,
                    col,
                    value: RawValue::Text(text.to_string()),
                })
                .collect(),
            merged: Vec::new(),
            merges_unread: false,
        }
    }

    fn text(value: Option<&RawValue>) -> Option<&str> {
        match value {
            Some(RawValue::Text(t)) => Some(t),
            _ => None,
        }
    }

    #[test]
    fn ledger_columns_are_in_the_order_of_a_ledger_row() {
        // `ledger_sheet` destructures them in this order.
        assert_eq!(
            LEDGER_COLUMNS,
            [
                "日期",
                "活动类别",
                "活动主题",
                "应到人数",
                "实到人数",
                "负责人"
            ]
        );
    }

    #[test]
    fn grid_finds_cells_of_sorted_and_unsorted_sheets() {
        let needs = Needs::default();
        let cells = [(0, 0, "甲"), (0, 3, "乙"), (2, 1, "丙"), (5, 0, "丁")];
        let sorted = sheet(&cells);
        let mut reversed = cells;
        reversed.reverse();
        let unsorted = sheet(&reversed);
        for s in [&sorted, &unsorted] {
            let grid = Grid::new(s, &needs);
            assert_eq!(text(grid.cell(0, 0)), Some("甲"));
            assert_eq!(text(grid.cell(0, 3)), Some("乙"));
            assert_eq!(text(grid.cell(2, 1)), Some("丙"));
            assert_eq!(text(grid.cell(5, 0)), Some("丁"));
            assert_eq!(grid.cell(0, 1), None);
            assert_eq!(grid.cell(2, 0), None);
            assert_eq!(grid.cell(6, 0), None);
        }
        assert!(Grid::new(&sorted, &needs).order.is_none());
        assert!(Grid::new(&unsorted, &needs).order.is_some());
    }

    #[test]
    fn of_two_cells_at_one_place_the_later_one_counts() {
        // A damaged file can hold a cell twice; as before, the later one wins.
        let needs = Needs::default();
        let sorted = sheet(&[(1, 1, "前"), (1, 1, "后"), (1, 2, "旁")]);
        let unsorted = sheet(&[(1, 2, "旁"), (1, 1, "前"), (1, 1, "后")]);
        for s in [&sorted, &unsorted] {
            let grid = Grid::new(s, &needs);
            assert_eq!(text(grid.cell(1, 1)), Some("后"));
            assert_eq!(text(grid.cell(1, 2)), Some("旁"));
        }
    }

    /// The ledger's rows found as before [`ledger_rows`]: the rows with
    /// anything in a data column, then each cell looked up on its own.
    fn ledger_rows_cell_by_cell(
        grid: &Grid,
        header_row: u32,
        cols: [Option<u32>; 6],
    ) -> Vec<LedgerRow> {
        let data_cols: Vec<u32> = cols.iter().flatten().copied().collect();
        let mut rows: Vec<u32> = grid
            .sheet
            .cells
            .iter()
            .filter(|c| c.row > header_row && data_cols.contains(&c.col) && !is_blank(&c.value))
            .map(|c| c.row)
            .collect();
        rows.sort_unstable();
        rows.dedup();
        let at = |row: u32, col: Option<u32>| match col {
            Some(c) => grid.located(row, c),
            None => Located {
                cell: CellRef::new(&grid.sheet.name, row, 0),
                value: None,
            },
        };
        rows.into_iter()
            .map(|row| LedgerRow {
                date: at(row, cols[0]),
                category: at(row, cols[1]),
                topic: at(row, cols[2]),
                expected: at(row, cols[3]),
                attended: at(row, cols[4]),
                leader: at(row, cols[5]),
            })
            .collect()
    }

    /// A small sheet of random cells (blank, duplicated, out of order),
    /// merged regions (overlapping, above the header, inside out) and
    /// ledger columns (some missing).
    fn random_ledger(rng: &mut fastrand::Rng) -> (RawSheet, u32, [Option<u32>; 6]) {
        let (height, width) = (rng.u32(1..14), rng.u32(1..9));
        let pool = |rng: &mut fastrand::Rng| match rng.u8(0..6) {
            0 => RawValue::Text(" ".to_string()),
            1 => RawValue::Text(String::new()),
            2 => RawValue::Number(rng.u8(0..9) as f64),
            _ => RawValue::Text(["甲", "乙", "丙", "党课"][rng.usize(0..4)].to_string()),
        };
        let mut cells = Vec::new();
        for row in 0..height {
            for col in 0..width {
                if rng.u8(0..3) > 0 {
                    cells.push(RawCell {
                        row,
                        col,
                        value: pool(rng),
                    });
                    if rng.u8(0..12) == 0 {
                        cells.push(RawCell {
                            row,
                            col,
                            value: pool(rng),
                        });
                    }
                }
            }
        }
        if rng.bool() {
            rng.shuffle(&mut cells);
        }
        let merges_unread = rng.u8(0..4) == 0;
        let merged = if merges_unread {
            Vec::new()
        } else {
            (0..rng.usize(0..5))
                .map(|_| {
                    let (r0, c0) = (rng.u32(0..height), rng.u32(0..width));
                    let (r1, c1) = (r0 + rng.u32(0..4), c0 + rng.u32(0..3));
                    if rng.u8(0..10) == 0 {
                        (r1, c0, r0.saturating_sub(1), c1)
                    } else {
                        (r0, c0, r1, c1)
                    }
                })
                .collect()
        };
        let cols = std::array::from_fn(|_| (rng.u8(0..5) > 0).then(|| rng.u32(0..width)));
        let sheet = RawSheet {
            name: if rng.bool() {
                SHEET_LEDGER
            } else {
                "台帐（改）"
            }
            .to_string(),
            visible: true,
            cells,
            merged,
            merges_unread,
        };
        (sheet, rng.u32(0..3), cols)
    }

    #[test]
    fn a_ledger_read_in_one_walk_is_the_ledger_read_cell_by_cell() {
        let mut rng = fastrand::Rng::with_seed(2011);
        let mut rows_seen = 0;
        for case in 0..3000 {
            let (sheet, header_row, cols) = random_ledger(&mut rng);
            let (walked_needs, looked_needs) = (Needs::default(), Needs::default());
            let walked = ledger_rows(&Grid::new(&sheet, &walked_needs), header_row, cols);
            let looked =
                ledger_rows_cell_by_cell(&Grid::new(&sheet, &looked_needs), header_row, cols);
            assert_eq!(
                walked, looked,
                "case {case}: {sheet:?}, header {header_row}, {cols:?}"
            );
            assert_eq!(walked_needs, looked_needs, "case {case}");
            rows_seen += walked.len();
        }
        // The cases are not all empty.
        assert!(rows_seen > 5000, "{rows_seen}");
    }

    #[test]
    fn each_ledger_row_of_an_unsorted_sheet_is_read_once() {
        // Readers sort a sheet's cells; a sheet built otherwise (the
        // library's types are public) listed a row twice when its cells
        // were apart, and its activity counted twice.
        let needs = Needs::default();
        let mut ledger = sheet(&[
            (0, 0, "日期"),
            (0, 1, "活动类别"),
            (0, 2, "实到人数"),
            (1, 0, "2011-01-05"),
            (2, 0, "2011-02-05"),
            (1, 1, "党课"),
            (2, 1, "党课"),
        ]);
        ledger.name = SHEET_LEDGER.to_string();
        let read = ledger_sheet(&ledger, &needs);
        let dates: Vec<_> = read
            .rows
            .iter()
            .map(|r| text(r.date.value.as_ref()))
            .collect();
        assert_eq!(dates, [Some("2011-01-05"), Some("2011-02-05")]);
        assert_eq!(read.header, Some(CellRef::new(SHEET_LEDGER, 0, 0)));
    }
}

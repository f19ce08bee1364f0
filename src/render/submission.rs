//! The submission workbook (季度报表): the blank template a unit receives, and —
//! with a [`Fill`] — a filled-in copy, as the sample generator writes them.
//!
//! One writer serves both so that samples look exactly like returned templates,
//! including the ways real units deviate from them ([`Layout`]).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet,
};

use super::RenderError;
use crate::cell::CellRef;
use crate::form::*;
use crate::plan::{BasicField, Indicator, Plan, Quarter, Unit, ValueKind};

/// A value to put in an input cell.
#[derive(Debug, Clone, PartialEq)]
pub enum CellInput {
    Blank,
    Number(f64),
    Text(String),
    /// Written as an Excel date serial with a date format.
    Date(NaiveDate),
    /// A formula with the result Excel cached when it last calculated.
    Formula {
        formula: String,
        cached: String,
    },
}

impl CellInput {
    pub fn text(text: impl Into<String>) -> CellInput {
        CellInput::Text(text.into())
    }

    fn is_blank(&self) -> bool {
        matches!(self, CellInput::Blank)
    }
}

/// One row of 活动台帐: 日期, 活动类别, 活动主题, 应到人数, 实到人数, 负责人, 备注.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerEntry {
    pub cells: [CellInput; 7],
    /// The row is hidden in Excel (a unit hid it but it still counts).
    pub hidden: bool,
}

/// How a filled workbook deviates from the template, as real ones do.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// `None`: no meta sheet at all (a workbook the unit re-typed), and so no
    /// validations or protection either.
    pub fingerprint: Option<Fingerprint>,
    /// Rows the unit inserted above the 指标完成情况 header.
    pub inserted_rows: u32,
    /// A column the unit inserted at the left of 指标完成情况.
    pub inserted_column: bool,
    /// 基本情况 labels typed with stray spaces and a full-width colon.
    pub noisy_labels: bool,
    /// 说明 cells merged over these indicator rows (0-based positions in plan order).
    pub merged_notes: Option<(usize, usize)>,
    /// Indicator codes whose rows are missing (an older template).
    pub omitted_indicators: Vec<String>,
    /// Extra indicator rows (code, name) the plan does not have.
    pub extra_indicators: Vec<(String, String)>,
    /// An extra sheet the unit added: (name, text in A1).
    pub extra_sheet: Option<(String, String)>,
    /// Put sheets in another order (基本情况 after 指标完成情况).
    pub reorder_sheets: bool,
}

impl Layout {
    /// The layout of a fresh template.
    pub fn template(plan: &Plan, unit: &Unit, quarter: Quarter) -> Layout {
        Layout {
            fingerprint: Some(Fingerprint::new(plan, unit, quarter)),
            inserted_rows: 0,
            inserted_column: false,
            noisy_labels: false,
            merged_notes: None,
            omitted_indicators: Vec::new(),
            extra_indicators: Vec::new(),
            extra_sheet: None,
            reorder_sheets: false,
        }
    }
}

/// What a unit typed in. Empty = the blank template.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fill {
    /// 基本情况 values; pre-filled fields are replaced when given here.
    pub basic: BTreeMap<BasicField, CellInput>,
    /// 本季度完成 and 说明 by indicator code.
    pub indicators: BTreeMap<String, (CellInput, CellInput)>,
    pub ledger: Vec<LedgerEntry>,
}

/// Where things landed in a written workbook.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CellMap {
    pub basic: BTreeMap<BasicField, CellRef>,
    /// 本季度完成 cell by indicator code.
    pub indicator_values: BTreeMap<String, CellRef>,
    /// 说明 cell by indicator code.
    pub indicator_notes: BTreeMap<String, CellRef>,
    /// First cell (日期) of each ledger entry, in order.
    pub ledger_rows: Vec<CellRef>,
}

/// A written workbook.
pub struct WrittenWorkbook {
    pub bytes: Vec<u8>,
    pub cells: CellMap,
}

/// Empty formatted ledger rows in a blank template (more can be typed below).
pub const LEDGER_TEMPLATE_ROWS: u32 = 300;
/// Rows below the ledger header covered by validations.
const LEDGER_VALIDATED_ROWS: u32 = 5000;

/// Rows of 基本情况: title, note, header, then the fields.
const BASIC_HEADER_ROW: u32 = 2;
/// Rows of 指标完成情况: title, unit line, note, then the header.
const INDICATOR_HEADER_ROW: u32 = 3;
/// Rows of 活动台帐: title, note, header.
const LEDGER_HEADER_ROW: u32 = 2;

/// Writes the blank template of `unit` for `quarter`.
pub fn write_template(
    plan: &Plan,
    unit: &Unit,
    quarter: Quarter,
) -> Result<WrittenWorkbook, RenderError> {
    write_submission(
        plan,
        unit,
        quarter,
        &Fill::default(),
        &Layout::template(plan, unit, quarter),
    )
}

/// Writes a submission workbook: the template with `fill` typed in.
pub fn write_submission(
    plan: &Plan,
    unit: &Unit,
    quarter: Quarter,
    fill: &Fill,
    layout: &Layout,
) -> Result<WrittenWorkbook, RenderError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    // A fixed creation time makes the file byte-for-byte reproducible.
    let created = ExcelDateTime::from_ymd(quarter.first_day().year_u16(), 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{}党建工作季度报表", quarter.chinese_label()))
            .set_author(&plan.authority.short_name)
            .set_company(&plan.authority.full_name)
            .set_creation_datetime(&created),
    );
    let protected = layout.fingerprint.is_some();
    let mut cells = CellMap::default();

    let mut instructions = Worksheet::new();
    write_instructions(&mut instructions, plan, unit, quarter, &styles)?;
    let mut basic = Worksheet::new();
    write_basic(&mut basic, unit, quarter, fill, layout, &styles, &mut cells)?;
    let mut indicators = Worksheet::new();
    write_indicators(
        &mut indicators,
        plan,
        unit,
        quarter,
        fill,
        layout,
        &styles,
        &mut cells,
    )?;
    let mut ledger = Worksheet::new();
    write_ledger(
        &mut ledger,
        plan,
        unit,
        quarter,
        fill,
        protected,
        &styles,
        &mut cells,
    )?;

    instructions.set_active(true);
    workbook.push_worksheet(instructions);
    if layout.reorder_sheets {
        workbook.push_worksheet(indicators);
        workbook.push_worksheet(basic);
    } else {
        workbook.push_worksheet(basic);
        workbook.push_worksheet(indicators);
    }
    workbook.push_worksheet(ledger);
    if let Some((name, text)) = &layout.extra_sheet {
        let mut extra = Worksheet::new();
        extra.set_name(name)?;
        extra.write_string(0, 0, text)?;
        workbook.push_worksheet(extra);
    }
    if let Some(fingerprint) = &layout.fingerprint {
        let mut meta = Worksheet::new();
        write_meta(&mut meta, plan, fingerprint)?;
        workbook.push_worksheet(meta);
        let last = plan.ledger_categories.len().max(1) + 1;
        workbook.define_name(LEDGER_LIST_NAME, &format!("={SHEET_META}!$D$2:$D${last}"))?;
        // The fingerprint once more, where reading it costs nothing.
        for (name, value) in crate::form::FINGERPRINT_NAMES
            .iter()
            .zip(fingerprint.values())
        {
            workbook.define_name(*name, &crate::form::text_constant(&value))?;
        }
    }
    let bytes = workbook.save_to_buffer()?;
    Ok(WrittenWorkbook { bytes, cells })
}

trait YearU16 {
    fn year_u16(&self) -> u16;
}

impl YearU16 for NaiveDate {
    fn year_u16(&self) -> u16 {
        u16::try_from(chrono::Datelike::year(self)).unwrap_or(1900)
    }
}

/// Excel's serial number of a date (1900 date system).
pub fn excel_serial(date: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid epoch");
    (date - epoch).num_days() as f64
}

// ---------------------------------------------------------------------------
// Styles.

const FONT_BODY: &str = "宋体";
const FONT_HEADING: &str = "黑体";
const INPUT_FILL: u32 = 0xFFF2CC;
const LOCKED_FILL: u32 = 0xEDEDED;
const HEADER_FILL: u32 = 0xD9E1F2;

struct Styles {
    title: Format,
    subtitle: Format,
    note: Format,
    header: Format,
    label: Format,
    locked_value: Format,
    input_text: Format,
    input_integer: Format,
    input_percent: Format,
    input_decimal: Format,
    input_date: Format,
    instruction: Format,
    meta: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new()
            .set_font_name(FONT_BODY)
            .set_font_size(11)
            .set_align(FormatAlign::VerticalCenter);
        let boxed = base.clone().set_border(FormatBorder::Thin);
        let input = boxed
            .clone()
            .set_unlocked()
            .set_background_color(INPUT_FILL);
        Styles {
            title: Format::new()
                .set_font_name(FONT_HEADING)
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: base.clone(),
            note: base
                .clone()
                .set_font_size(10)
                .set_font_color(0x595959)
                .set_text_wrap(),
            header: boxed
                .clone()
                .set_font_name(FONT_HEADING)
                .set_align(FormatAlign::Center)
                .set_text_wrap()
                .set_background_color(HEADER_FILL),
            label: boxed.clone().set_text_wrap(),
            locked_value: boxed
                .clone()
                .set_background_color(LOCKED_FILL)
                .set_num_format("@"),
            input_text: input.clone().set_num_format("@").set_text_wrap(),
            input_integer: input
                .clone()
                .set_num_format("0")
                .set_align(FormatAlign::Right),
            input_percent: input
                .clone()
                .set_num_format("0.0")
                .set_align(FormatAlign::Right),
            input_decimal: input
                .clone()
                .set_num_format("0.00")
                .set_align(FormatAlign::Right),
            input_date: input
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Center),
            instruction: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            meta: base,
        }
    }

    fn for_kind(&self, kind: ValueKind) -> &Format {
        match kind {
            ValueKind::Count => &self.input_integer,
            ValueKind::Percent => &self.input_percent,
            ValueKind::Decimal => &self.input_decimal,
            ValueKind::YesNo => &self.input_text,
        }
    }
}

/// A4 portrait or landscape, one page wide, header rows repeated, page numbers.
fn print_setup(
    sheet: &mut Worksheet,
    landscape: bool,
    header_row: u32,
    unit: &Unit,
) -> Result<(), RenderError> {
    sheet.set_paper_size(9);
    if landscape {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_header(format!("&L&\"宋体\"&9{}", escape_header(&unit.name)));
    sheet.set_footer("&C&\"宋体\"&9第 &P 页 共 &N 页");
    Ok(())
}

/// `&` starts a code in Excel headers; double it in literal text.
fn escape_header(text: &str) -> String {
    text.replace('&', "&&")
}

fn protect(sheet: &mut Worksheet, allow_rows: bool) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: allow_rows,
        delete_rows: allow_rows,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
}

fn write_input(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &CellInput,
    format: &Format,
    styles: &Styles,
) -> Result<(), RenderError> {
    match value {
        CellInput::Blank => {
            sheet.write_blank(row, col, format)?;
        }
        CellInput::Number(n) => {
            sheet.write_number_with_format(row, col, *n, format)?;
        }
        CellInput::Text(text) => {
            sheet.write_string_with_format(row, col, text, format)?;
        }
        CellInput::Date(date) => {
            sheet.write_number_with_format(row, col, excel_serial(*date), &styles.input_date)?;
        }
        CellInput::Formula { formula, cached } => {
            sheet.write_formula_with_format(
                row,
                col,
                Formula::new(formula).set_result(cached),
                format,
            )?;
        }
    }
    Ok(())
}

fn validation(
    rule: DataValidation,
    input_title: &str,
    input_message: &str,
    error_message: &str,
) -> Result<DataValidation, RenderError> {
    Ok(rule
        .set_input_title(truncate(input_title, 32))?
        .set_input_message(truncate(input_message, 255))?
        .set_error_title("输入有误")?
        .set_error_message(truncate(error_message, 255))?)
}

/// Excel caps validation titles at 32 and messages at 255 characters.
fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

// ---------------------------------------------------------------------------
// Sheets.

fn write_instructions(
    sheet: &mut Worksheet,
    plan: &Plan,
    unit: &Unit,
    quarter: Quarter,
    styles: &Styles,
) -> Result<(), RenderError> {
    sheet.set_name(SHEET_INSTRUCTIONS)?;
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 26)?;
    sheet.set_column_width(2, 52)?;
    let due = plan.deadline.due_date(quarter);
    sheet.merge_range(
        0,
        0,
        0,
        2,
        &format!("{}党建工作季度报表填报说明", quarter.chinese_label()),
        &styles.title,
    )?;
    sheet.set_row_height(0, 30)?;
    let lines = [
        format!(
            "一、本表由{}填报，反映{}党建工作完成情况，请于{}前报送{}。",
            unit.name,
            quarter.chinese_label(),
            crate::plan::format_date_arabic(due),
            plan.authority.short_name
        ),
        "二、只填写黄色底纹的单元格；灰色底纹为预填内容，请勿修改。请勿增删、重命名工作表，请勿改动表头文字。".to_string(),
        "三、“基本情况”：党员总数、领导干部人数、党支部数填整数；联系电话填座机（如 0517-83601234）或手机（11位）；填报日期填实际报送日期。".to_string(),
        "四、“指标完成情况”：只填“本季度完成”和“说明”两列。填本季度实际完成数，不是年初至今的累计数；未开展的填 0，不要空着。直接输入阿拉伯数字，不要带“次”“人”等单位。群众满意度填百分数的数值，如 95.5 表示 95.5%。是/否类指标从下拉列表选择。".to_string(),
        "五、“活动台帐”：每开展一次活动填一行，日期须在本季度内，活动类别从下拉列表选择，实到人数不能多于应到人数。指标中有台帐对应的次数，应与台帐中该类别的行数一致。".to_string(),
        "六、未完成考核要求或数字有特殊情况的，请在“说明”列写明原因。".to_string(),
        format!(
            "七、请保持文件名“{}”，用本单位的表格填报，不要使用往年或其他单位的表格。",
            submission_file_name(unit, quarter)
        ),
    ];
    let mut row = 2;
    for line in &lines {
        sheet.merge_range(row, 0, row, 2, line, &styles.instruction)?;
        // About 40 Chinese characters fit on a line of the merged width.
        let lines = line.chars().count().div_ceil(40).max(1);
        sheet.set_row_height(row, 16.0 * lines as f64 + 8.0)?;
        row += 1;
    }
    row += 1;
    sheet.merge_range(row, 0, row, 2, "附：本年度考核指标及要求", &styles.subtitle)?;
    row += 1;
    for (col, text) in ["指标编码", "指标名称", "考核要求"].iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *text, &styles.header)?;
    }
    row += 1;
    for indicator in &plan.indicators {
        sheet.write_string_with_format(row, 0, &indicator.code, &styles.label)?;
        sheet.write_string_with_format(row, 1, &indicator.name, &styles.label)?;
        let requirement = plan.describe_target(indicator);
        let requirement = if requirement.is_empty() {
            "—".to_string()
        } else {
            requirement
        };
        sheet.write_string_with_format(row, 2, &requirement, &styles.label)?;
        row += 1;
    }
    print_setup(sheet, false, 0, unit)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.protect();
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_basic(
    sheet: &mut Worksheet,
    unit: &Unit,
    quarter: Quarter,
    fill: &Fill,
    layout: &Layout,
    styles: &Styles,
    cells: &mut CellMap,
) -> Result<(), RenderError> {
    sheet.set_name(SHEET_BASIC)?;
    sheet.set_column_width(0, 16)?;
    sheet.set_column_width(1, 34)?;
    sheet.set_column_width(2, 44)?;
    sheet.merge_range(
        0,
        0,
        0,
        2,
        &format!("{}基本情况", quarter.chinese_label()),
        &styles.title,
    )?;
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(
        1,
        0,
        1,
        2,
        "说明：请填写黄色单元格，灰色单元格已预填，请勿修改。",
        &styles.note,
    )?;
    for (col, text) in BASIC_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(BASIC_HEADER_ROW, col as u16, *text, &styles.header)?;
    }
    let protected = layout.fingerprint.is_some();
    for (i, field) in BasicField::ALL.into_iter().enumerate() {
        let row = BASIC_HEADER_ROW + 1 + i as u32;
        let label = if layout.noisy_labels {
            noisy_label(field.label(), i)
        } else {
            field.label().to_string()
        };
        sheet.write_string_with_format(row, 0, &label, &styles.label)?;
        let hint = basic_hint(field, quarter);
        sheet.write_string_with_format(row, 2, hint, &styles.label)?;
        cells.basic.insert(field, CellRef::new(SHEET_BASIC, row, 1));
        let prefilled = match field {
            BasicField::UnitName => Some(CellInput::text(&unit.name)),
            BasicField::UnitCode => Some(CellInput::text(&unit.code)),
            BasicField::Year => Some(CellInput::Number(f64::from(quarter.year()))),
            BasicField::Quarter => Some(CellInput::Number(f64::from(quarter.number()))),
            _ => None,
        };
        let value = fill
            .basic
            .get(&field)
            .cloned()
            .or(prefilled)
            .unwrap_or(CellInput::Blank);
        let format = match field {
            _ if field.is_prefilled() => &styles.locked_value,
            BasicField::MemberCount | BasicField::LeaderCount | BasicField::BranchCount => {
                &styles.input_integer
            }
            BasicField::ReportDate => &styles.input_date,
            _ => &styles.input_text,
        };
        // Numbers in the locked cells are stored as numbers but shown plainly.
        write_input(sheet, row, 1, &value, format, styles)?;
        if protected && !field.is_prefilled() {
            sheet.add_data_validation(row, 1, row, 1, &basic_validation(field, quarter)?)?;
        }
    }
    sheet.set_freeze_panes(BASIC_HEADER_ROW + 1, 0)?;
    print_setup(sheet, false, BASIC_HEADER_ROW, unit)?;
    if protected {
        protect(sheet, false);
    }
    Ok(())
}

/// Labels as people retype them: stray spaces, full-width colon.
fn noisy_label(label: &str, i: usize) -> String {
    match i % 3 {
        0 => format!(" {label}："),
        1 => label
            .chars()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(" "),
        _ => format!("{label}\u{00A0}"),
    }
}

fn basic_hint(field: BasicField, quarter: Quarter) -> &'static str {
    let _ = quarter;
    match field {
        BasicField::UnitName => "已预填，请勿修改",
        BasicField::UnitCode => "已预填，请勿修改",
        BasicField::Year => "已预填，请勿修改",
        BasicField::Quarter => "已预填，请勿修改",
        BasicField::MemberCount => "本单位党员总人数，整数，不少于1",
        BasicField::LeaderCount => "本单位领导班子成员人数，整数",
        BasicField::BranchCount => "本单位所属党支部个数，整数，不少于1",
        BasicField::Reporter => "填表人姓名",
        BasicField::Phone => "座机如 0517-83601234，手机为 11 位数字",
        BasicField::ReportDate => "实际报送日期，如 2011-04-08",
        BasicField::Head => "单位负责人姓名",
    }
}

fn basic_validation(field: BasicField, quarter: Quarter) -> Result<DataValidation, RenderError> {
    let whole = |min: i32, what: &str| {
        validation(
            DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(min)),
            what,
            &format!("请输入不小于 {min} 的整数。"),
            &format!("{what}应为不小于 {min} 的整数，请重新输入。"),
        )
    };
    match field {
        BasicField::MemberCount => whole(1, "党员总数"),
        BasicField::LeaderCount => whole(0, "领导干部人数"),
        BasicField::BranchCount => whole(1, "党支部数"),
        BasicField::Phone => validation(
            DataValidation::new().allow_text_length(DataValidationRule::Between(7, 20)),
            "联系电话",
            "座机填区号和号码，如 0517-83601234；手机填 11 位数字，如 13912345678。",
            "联系电话应为 7–8 位座机号码（可带区号）或 11 位手机号码。",
        ),
        BasicField::ReportDate => {
            let first = excel_date(quarter.first_day())?;
            let last = excel_date(quarter.last_day() + chrono::Days::new(92))?;
            Ok(validation(
                DataValidation::new().allow_date(DataValidationRule::Between(first, last)),
                "填报日期",
                "请输入实际报送日期，格式如 2011-04-08。",
                "填报日期应为本季度开始之后的日期，格式如 2011-04-08。",
            )?
            .set_error_style(DataValidationErrorStyle::Warning))
        }
        _ => validation(
            DataValidation::new().allow_text_length(DataValidationRule::Between(1, 30)),
            field.label(),
            &format!("请输入{}。", field.label()),
            &format!("{}应为 1–30 个字。", field.label()),
        ),
    }
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, RenderError> {
    Ok(ExcelDateTime::from_ymd(
        date.year_u16(),
        chrono::Datelike::month(&date) as u8,
        chrono::Datelike::day(&date) as u8,
    )?)
}

#[allow(clippy::too_many_arguments)]
fn write_indicators(
    sheet: &mut Worksheet,
    plan: &Plan,
    unit: &Unit,
    quarter: Quarter,
    fill: &Fill,
    layout: &Layout,
    styles: &Styles,
    cells: &mut CellMap,
) -> Result<(), RenderError> {
    sheet.set_name(SHEET_INDICATORS)?;
    let c0: u16 = u16::from(layout.inserted_column);
    let header_row = INDICATOR_HEADER_ROW + layout.inserted_rows;
    let widths = [6.0, 10.0, 28.0, 10.0, 14.0, 40.0];
    if layout.inserted_column {
        sheet.set_column_width(0, 8)?;
    }
    for (i, width) in widths.iter().enumerate() {
        sheet.set_column_width(c0 + i as u16, *width)?;
    }
    sheet.merge_range(
        0,
        c0,
        0,
        c0 + 5,
        &format!("{}指标完成情况", quarter.chinese_label()),
        &styles.title,
    )?;
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(
        1,
        c0,
        1,
        c0 + 5,
        &format!("填报单位：{}（{}）", unit.name, unit.code),
        &styles.subtitle,
    )?;
    sheet.merge_range(
        2,
        c0,
        2,
        c0 + 5,
        "说明：只填写“本季度完成”和“说明”两列；填本季度数，不是累计数；未开展的填 0。",
        &styles.note,
    )?;
    for extra in 0..layout.inserted_rows {
        sheet.write_string(INDICATOR_HEADER_ROW + extra, c0, "（本单位自行插入的行）")?;
    }
    for (i, text) in INDICATOR_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(header_row, c0 + i as u16, *text, &styles.header)?;
    }
    let protected = layout.fingerprint.is_some();
    let rows: Vec<(String, String, String, Option<&Indicator>)> = plan
        .indicators
        .iter()
        .filter(|i| !layout.omitted_indicators.contains(&i.code))
        .map(|i| (i.code.clone(), i.name.clone(), i.measure.clone(), Some(i)))
        .chain(
            layout
                .extra_indicators
                .iter()
                .map(|(code, name)| (code.clone(), name.clone(), "次".to_string(), None)),
        )
        .collect();
    for (n, (code, name, measure, indicator)) in rows.iter().enumerate() {
        let row = header_row + 1 + n as u32;
        sheet.write_number_with_format(row, c0, (n + 1) as f64, &styles.label)?;
        sheet.write_string_with_format(row, c0 + 1, code, &styles.locked_value)?;
        sheet.write_string_with_format(row, c0 + 2, name, &styles.label)?;
        sheet.write_string_with_format(row, c0 + 3, measure, &styles.label)?;
        let kind = indicator.map_or(ValueKind::Count, |i| i.kind);
        let (value, note) = fill
            .indicators
            .get(code)
            .cloned()
            .unwrap_or((CellInput::Blank, CellInput::Blank));
        write_input(sheet, row, c0 + 4, &value, styles.for_kind(kind), styles)?;
        let in_merge = layout
            .merged_notes
            .is_some_and(|(first, last)| n >= first && n <= last);
        if !in_merge {
            write_input(sheet, row, c0 + 5, &note, &styles.input_text, styles)?;
        }
        cells
            .indicator_values
            .insert(code.clone(), CellRef::new(SHEET_INDICATORS, row, c0 + 4));
        cells
            .indicator_notes
            .insert(code.clone(), CellRef::new(SHEET_INDICATORS, row, c0 + 5));
        if let (true, Some(indicator)) = (protected, indicator) {
            sheet.add_data_validation(
                row,
                c0 + 4,
                row,
                c0 + 4,
                &indicator_validation(plan, indicator)?,
            )?;
        }
    }
    if let Some((first, last)) = layout.merged_notes {
        let first_row = header_row + 1 + first as u32;
        let last_row = header_row + 1 + last as u32;
        let note = rows
            .get(first)
            .and_then(|(code, ..)| fill.indicators.get(code))
            .map(|(_, note)| match note {
                CellInput::Text(t) => t.clone(),
                _ => String::new(),
            })
            .unwrap_or_default();
        sheet.merge_range(
            first_row,
            c0 + 5,
            last_row,
            c0 + 5,
            &note,
            &styles.input_text,
        )?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    print_setup(sheet, false, header_row, unit)?;
    if protected {
        protect(sheet, false);
    }
    Ok(())
}

fn indicator_validation(plan: &Plan, indicator: &Indicator) -> Result<DataValidation, RenderError> {
    let requirement = plan.describe_target(indicator);
    let requirement = if requirement.is_empty() {
        String::new()
    } else {
        format!("考核要求：{requirement}。")
    };
    let title = format!("{} {}", indicator.code, indicator.name);
    match indicator.kind {
        ValueKind::Count => validation(
            DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
            &title,
            &format!(
                "填本季度完成数（整数，单位：{}），未开展填 0。{requirement}",
                indicator.measure
            ),
            "请输入不小于 0 的整数，不要带单位或文字。",
        ),
        ValueKind::Percent => validation(
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 100.0)),
            &title,
            &format!("填 0–100 之间的数，如 95.5 表示 95.5%。{requirement}"),
            "请输入 0 到 100 之间的数，如 95.5。",
        ),
        ValueKind::Decimal => validation(
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            &title,
            &format!(
                "填本季度数（单位：{}，保留两位小数），未发生填 0。{requirement}",
                indicator.measure
            ),
            "请输入不小于 0 的数字。",
        ),
        ValueKind::YesNo => validation(
            DataValidation::new().allow_list_strings(&["是", "否"])?,
            &title,
            &format!("从下拉列表选择“是”或“否”。{requirement}"),
            "只能填“是”或“否”。",
        ),
    }
}

#[allow(clippy::too_many_arguments)]
fn write_ledger(
    sheet: &mut Worksheet,
    plan: &Plan,
    unit: &Unit,
    quarter: Quarter,
    fill: &Fill,
    protected: bool,
    styles: &Styles,
    cells: &mut CellMap,
) -> Result<(), RenderError> {
    sheet.set_name(SHEET_LEDGER)?;
    let widths = [6.0, 12.0, 16.0, 36.0, 10.0, 10.0, 12.0, 24.0];
    for (i, width) in widths.iter().enumerate() {
        sheet.set_column_width(i as u16, *width)?;
        // Rows typed below the formatted ones stay editable.
        sheet.set_column_format(i as u16, &Format::new().set_unlocked())?;
    }
    sheet.merge_range(
        0,
        0,
        0,
        7,
        &format!("{}活动台帐", quarter.chinese_label()),
        &styles.title,
    )?;
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(
        1,
        0,
        1,
        7,
        &format!(
            "说明：每开展一次活动填一行；日期须在 {} 至 {} 之间；活动类别从下拉列表选择；实到人数不能多于应到人数。",
            quarter.first_day(),
            quarter.last_day()
        ),
        &styles.note,
    )?;
    for (i, text) in LEDGER_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(LEDGER_HEADER_ROW, i as u16, *text, &styles.header)?;
    }
    let first = LEDGER_HEADER_ROW + 1;
    let rows = (fill.ledger.len() as u32).max(LEDGER_TEMPLATE_ROWS);
    let column_formats = [
        &styles.input_date,
        &styles.input_text,
        &styles.input_text,
        &styles.input_integer,
        &styles.input_integer,
        &styles.input_text,
        &styles.input_text,
    ];
    for i in 0..rows {
        let row = first + i;
        match fill.ledger.get(i as usize) {
            Some(entry) => {
                let filled = entry.cells.iter().any(|c| !c.is_blank());
                if filled {
                    sheet.write_number_with_format(
                        row,
                        0,
                        f64::from(i + 1),
                        &styles.input_integer,
                    )?;
                } else {
                    sheet.write_blank(row, 0, &styles.input_integer)?;
                }
                for (col, value) in entry.cells.iter().enumerate() {
                    write_input(
                        sheet,
                        row,
                        col as u16 + 1,
                        value,
                        column_formats[col],
                        styles,
                    )?;
                }
                if entry.hidden {
                    sheet.set_row_hidden(row)?;
                }
                cells.ledger_rows.push(CellRef::new(SHEET_LEDGER, row, 1));
            }
            None => {
                sheet.write_blank(row, 0, &styles.input_integer)?;
                for (col, format) in column_formats.iter().enumerate() {
                    sheet.write_blank(row, col as u16 + 1, format)?;
                }
            }
        }
    }
    if protected {
        let last = first + rows.max(LEDGER_VALIDATED_ROWS) - 1;
        let (from, to) = (
            excel_date(quarter.first_day())?,
            excel_date(quarter.last_day())?,
        );
        sheet.add_data_validation(
            first,
            1,
            last,
            1,
            &validation(
                DataValidation::new().allow_date(DataValidationRule::Between(from, to)),
                "活动日期",
                &format!(
                    "填活动日期，须在 {} 至 {} 之间，格式如 {}。",
                    quarter.first_day(),
                    quarter.last_day(),
                    quarter.first_day()
                ),
                &format!(
                    "日期不在本季度内：应在 {} 至 {} 之间。",
                    quarter.first_day(),
                    quarter.last_day()
                ),
            )?,
        )?;
        sheet.add_data_validation(
            first,
            2,
            last,
            2,
            &validation(
                DataValidation::new()
                    .allow_list_formula(Formula::new(format!("={LEDGER_LIST_NAME}"))),
                "活动类别",
                "请从下拉列表中选择活动类别。",
                &format!(
                    "活动类别只能从列表中选择：{}。",
                    plan.ledger_categories.join("、")
                ),
            )?,
        )?;
        sheet.add_data_validation(
            first,
            4,
            last,
            4,
            &validation(
                DataValidation::new()
                    .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
                "应到人数",
                "填应参加活动的人数（整数）。",
                "应到人数应为不小于 0 的整数。",
            )?,
        )?;
        let f = crate::cell::column_name(5);
        let e = crate::cell::column_name(4);
        let r = first + 1;
        sheet.add_data_validation(
            first,
            5,
            last,
            5,
            &validation(
                DataValidation::new().allow_custom(Formula::new(format!(
                    "=AND(ISNUMBER({f}{r}),{f}{r}>=0,INT({f}{r})={f}{r},OR({e}{r}=\"\",{f}{r}<={e}{r}))"
                ))),
                "实到人数",
                "填实际参加的人数（整数），不能多于应到人数。",
                "实到人数应为不小于 0 的整数，且不能多于应到人数。",
            )?,
        )?;
    }
    sheet.set_freeze_panes(LEDGER_HEADER_ROW + 1, 0)?;
    print_setup(sheet, true, LEDGER_HEADER_ROW, unit)?;
    if protected {
        protect(sheet, true);
    }
    Ok(())
}

fn write_meta(
    sheet: &mut Worksheet,
    plan: &Plan,
    fingerprint: &Fingerprint,
) -> Result<(), RenderError> {
    let styles = Styles::new();
    sheet.set_name(SHEET_META)?;
    sheet.write_string_with_format(0, 0, "huizong 模板信息（请勿修改）", &styles.meta)?;
    for (i, (key, value)) in FINGERPRINT_KEYS
        .iter()
        .zip(fingerprint.values())
        .enumerate()
    {
        sheet.write_string(1 + i as u32, 0, *key)?;
        sheet.write_string(1 + i as u32, 1, &value)?;
    }
    sheet.write_string(0, 3, "台帐类别")?;
    for (i, category) in plan.ledger_categories.iter().enumerate() {
        sheet.write_string(1 + i as u32, 3, category)?;
    }
    sheet.set_very_hidden(true);
    sheet.protect();
    Ok(())
}

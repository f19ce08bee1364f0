//! The documents the tool issues, built from the plan, plain data and the
//! wording templates: the plan notice (印发…的通知, with the plan attached),
//! the reminder (催报通知) and the return notice (退回通知).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::model::{Attachment, Block, Colophon, DocNumber, Document, Head, Table};
use super::wording::{Templates, Worded};
use crate::plan::{format_date, format_number, Plan, Quarter, UnitKind};
use crate::render::RenderError;

/// One problem of a returned submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnProblem {
    /// Where: sheet and cell, e.g. 指标完成情况!E11 (or the file).
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// The head of the authority's own documents: 中共淮安市卫生局委员会文件
/// and 淮卫党〔year〕N号, the year being the year of issue (the number blank
/// when `number` is `None`).
pub fn authority_head(plan: &Plan, number: Option<u32>, date: NaiveDate) -> Head {
    let mut head = Head::new(format!("{}文件", plan.authority.full_name));
    head.number = Some(DocNumber {
        prefix: plan.authority.doc_prefix.clone(),
        year: date.year(),
        number,
    });
    head
}

/// The head of the office's notices (催报, 退回): the office's name as the
/// mark, and 淮卫党办〔year〕N号 only when a number is given.
pub fn office_head(plan: &Plan, number: Option<u32>, date: NaiveDate) -> Head {
    let mut head = Head::new(plan.authority.printer.clone());
    head.number = number.map(|n| DocNumber {
        prefix: format!("{}办", plan.authority.doc_prefix),
        year: date.year(),
        number: Some(n),
    });
    head
}

/// A document from a rendered template: its title, addressee, signature
/// and note where the template set them, the defaults otherwise.
pub(crate) fn compose(
    plan: &Plan,
    head: Head,
    worded: Worded,
    date: NaiveDate,
    copy_to: Vec<String>,
    signature: &str,
) -> Document {
    Document {
        head,
        title: worded.title.unwrap_or_default(),
        addressee: worded
            .addressee
            .or_else(|| Some(plan.authority.addressee.clone())),
        body: worded.body,
        signature: worded.signature.or_else(|| Some(signature.to_string())),
        date,
        date_style: plan.date_style,
        note: worded.note,
        attachments: Vec::new(),
        colophon: Colophon {
            copy_to,
            printer: plan.authority.printer.clone(),
            print_date: date,
        },
        creator: plan.authority.full_name.clone(),
    }
}

/// The file name of the plan notice: 印发《2011年…工作意见》的通知.docx.
pub fn plan_notice_file_name(plan: &Plan) -> String {
    crate::output::safe_file_name(&format!("印发《{}》的通知.docx", plan.title))
}

#[derive(Serialize)]
struct NoticeContext<'a> {
    plan_title: &'a str,
    year: i32,
    authority: &'a str,
    short_name: &'a str,
    addressee: &'a str,
    printer: &'a str,
    deadline_days: u32,
    unit_count: usize,
}

#[derive(Serialize)]
struct TaskContext {
    number: usize,
    code: String,
    name: String,
    target: String,
    ledger: String,
    weight: String,
    measure: String,
}

#[derive(Serialize)]
struct SectionContext {
    name: String,
    tasks: Vec<TaskContext>,
    stats: Vec<String>,
}

#[derive(Serialize)]
struct BandContext {
    name: String,
    min_score: String,
}

#[derive(Serialize)]
struct AttachmentContext<'a> {
    plan_title: &'a str,
    year: i32,
    authority: &'a str,
    short_name: &'a str,
    printer: &'a str,
    sections: Vec<SectionContext>,
    unit_count: usize,
    committees: usize,
    general_branches: usize,
    branches: usize,
    deadline_days: u32,
    due_dates: Vec<String>,
    bands: Vec<BandContext>,
    bands_text: String,
    total_weight: String,
}

/// 得分90分以上为优秀，80分以上不满90分为良好，…，不满60分为不合格.
pub fn describe_bands(plan: &Plan) -> String {
    let bands = &plan.scoring.bands;
    let mut parts = Vec::new();
    for (i, band) in bands.iter().enumerate() {
        let min = format_number(band.min_score);
        let part = match (i, i > 0) {
            (0, _) => format!("得分{min}分以上为{}", band.name),
            (_, true) if band.min_score <= 0.0 => format!(
                "不满{}分为{}",
                format_number(bands[i - 1].min_score),
                band.name
            ),
            _ => format!(
                "{min}分以上不满{}分为{}",
                format_number(bands[i - 1].min_score),
                band.name
            ),
        };
        parts.push(part);
    }
    parts.join("，")
}

/// The plan notice: 关于印发《…》的通知 from the authority, with the plan
/// itself attached. `number` is the N of 淮卫党〔2011〕N号; `None` leaves it
/// blank to be filled in by hand.
pub fn plan_notice(
    plan: &Plan,
    number: Option<u32>,
    date: NaiveDate,
    templates: &Templates,
) -> Result<Document, RenderError> {
    let a = &plan.authority;
    let worded = templates.render(
        "plan_notice.j2",
        NoticeContext {
            plan_title: &plan.title,
            year: plan.year,
            authority: &a.full_name,
            short_name: &a.short_name,
            addressee: &a.addressee,
            printer: &a.printer,
            deadline_days: plan.deadline.days_after_quarter_end,
            unit_count: plan.units.len(),
        },
    )?;
    let mut doc = compose(
        plan,
        authority_head(plan, number, date),
        worded,
        date,
        a.copy_to.clone(),
        &a.full_name,
    );
    if doc.title.is_empty() {
        doc.title = format!("关于印发《{}》的通知", plan.title);
    }

    let mut number_in_plan = 0;
    let sections = plan
        .sections
        .iter()
        .map(|section| {
            let indicators = plan.indicators.iter().filter(|i| i.section == section.code);
            let mut tasks = Vec::new();
            let mut stats = Vec::new();
            for indicator in indicators {
                if indicator.target.is_some() {
                    number_in_plan += 1;
                    tasks.push(TaskContext {
                        number: number_in_plan,
                        code: indicator.code.clone(),
                        name: indicator.name.clone(),
                        target: plan.describe_target(indicator),
                        ledger: indicator.ledger.clone().unwrap_or_default(),
                        weight: format_number(indicator.weight),
                        measure: indicator.measure.clone(),
                    });
                } else {
                    stats.push(indicator.name.clone());
                }
            }
            SectionContext {
                name: section.name.clone(),
                tasks,
                stats,
            }
        })
        .collect();
    let count = |kind: UnitKind| plan.units.iter().filter(|u| u.kind == kind).count();
    let due_dates = (1..=4)
        .filter_map(|q| Quarter::new(plan.year, q))
        .map(|q| {
            format!(
                "{}报表于{}前报送",
                q.chinese_name(),
                format_date(plan.deadline.due_date(q), plan.date_style)
            )
        })
        .collect();
    let total_weight: f64 = plan
        .indicators
        .iter()
        .filter(|i| i.target.is_some())
        .map(|i| i.weight)
        .sum();
    let attachment = templates.render(
        "plan_attachment.j2",
        AttachmentContext {
            plan_title: &plan.title,
            year: plan.year,
            authority: &a.full_name,
            short_name: &a.short_name,
            printer: &a.printer,
            sections,
            unit_count: plan.units.len(),
            committees: count(UnitKind::Committee),
            general_branches: count(UnitKind::GeneralBranch),
            branches: count(UnitKind::Branch),
            deadline_days: plan.deadline.days_after_quarter_end,
            due_dates,
            bands: plan
                .scoring
                .bands
                .iter()
                .map(|b| BandContext {
                    name: b.name.clone(),
                    min_score: format_number(b.min_score),
                })
                .collect(),
            bands_text: describe_bands(plan),
            total_weight: format_number(total_weight),
        },
    )?;
    doc.attachments.push(Attachment {
        title: attachment.title.unwrap_or_else(|| plan.title.clone()),
        body: attachment.body,
    });
    Ok(doc)
}

#[derive(Serialize)]
struct UnitContext {
    code: String,
    name: String,
}

#[derive(Serialize)]
struct ReminderContext<'a> {
    quarter_label: String,
    year: i32,
    plan_title: &'a str,
    authority: &'a str,
    printer: &'a str,
    units: Vec<UnitContext>,
    unit_count: usize,
    deadline: String,
    due: String,
    deadline_days: u32,
    doc_date: String,
}

/// 催报通知 to the units that have not submitted `quarter`'s report:
/// `units` are (code, name); `due` is the new date to submit by.
pub fn reminder_notice(
    plan: &Plan,
    quarter: Quarter,
    units: &[(String, String)],
    due: NaiveDate,
    doc_date: NaiveDate,
    number: Option<u32>,
    templates: &Templates,
) -> Result<Document, RenderError> {
    let style = plan.date_style;
    let mut worded = templates.render(
        "reminder_notice.j2",
        ReminderContext {
            quarter_label: quarter.chinese_label(),
            year: plan.year,
            plan_title: &plan.title,
            authority: &plan.authority.full_name,
            printer: &plan.authority.printer,
            units: units
                .iter()
                .map(|(code, name)| UnitContext {
                    code: code.clone(),
                    name: name.clone(),
                })
                .collect(),
            unit_count: units.len(),
            deadline: format_date(plan.deadline.due_date(quarter), style),
            due: format_date(due, style),
            deadline_days: plan.deadline.days_after_quarter_end,
            doc_date: format_date(doc_date, style),
        },
    )?;
    let mut table = Table::new(["序号", "单位代码", "单位名称"]);
    for (i, (code, name)) in units.iter().enumerate() {
        table.push_row([(i + 1).to_string(), code.clone(), name.clone()]);
    }
    worded.fill_slot(
        "units",
        vec![
            Block::Centered(format!("{}报表未报送单位名单", quarter.chinese_label())),
            Block::Table(table),
        ],
    );
    Ok(compose(
        plan,
        office_head(plan, number, doc_date),
        worded,
        doc_date,
        Vec::new(),
        &plan.authority.printer,
    ))
}

#[derive(Serialize)]
struct ReturnContext<'a> {
    unit_name: &'a str,
    quarter_label: String,
    plan_title: &'a str,
    printer: &'a str,
    problems: &'a [ReturnProblem],
    problem_count: usize,
    deadline: String,
    doc_date: String,
}

/// 退回通知 to one unit: its submission for `quarter` goes back with the
/// list of problems (location, message, how to fix).
pub fn return_notice(
    plan: &Plan,
    quarter: Quarter,
    unit_name: &str,
    problems: &[ReturnProblem],
    doc_date: NaiveDate,
    templates: &Templates,
) -> Result<Document, RenderError> {
    let style = plan.date_style;
    let mut worded = templates.render(
        "return_notice.j2",
        ReturnContext {
            unit_name,
            quarter_label: quarter.chinese_label(),
            plan_title: &plan.title,
            printer: &plan.authority.printer,
            problems,
            problem_count: problems.len(),
            deadline: format_date(plan.deadline.due_date(quarter), style),
            doc_date: format_date(doc_date, style),
        },
    )?;
    let mut table = Table::new(["序号", "位置", "问题", "修改方法"]);
    for (i, p) in problems.iter().enumerate() {
        table.push_row([
            (i + 1).to_string(),
            p.location.clone(),
            p.message.clone(),
            p.hint.clone(),
        ]);
    }
    worded.fill_slot("problems", vec![Block::Table(table)]);
    let addressee_set = worded.addressee.is_some();
    let mut doc = compose(
        plan,
        office_head(plan, None, doc_date),
        worded,
        doc_date,
        Vec::new(),
        &plan.authority.printer,
    );
    if !addressee_set {
        doc.addressee = Some(unit_name.to_string());
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        crate::plan::default_plan().unwrap()
    }

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2011, 4, 22).unwrap()
    }

    #[test]
    fn plan_notice_has_the_plan_attached() {
        let plan = plan();
        let doc = plan_notice(&plan, Some(22), date(), &Templates::embedded()).unwrap();
        assert_eq!(doc.head.mark, "中共淮安市卫生局委员会文件");
        assert_eq!(
            doc.head.number.as_ref().unwrap().to_string(),
            "淮卫党〔2011〕22号"
        );
        assert_eq!(
            doc.title,
            "关于印发《2011年市直卫生系统党的工作意见》的通知"
        );
        assert_eq!(
            doc.addressee.as_deref(),
            Some("各直属单位党委（党总支、党支部）")
        );
        assert_eq!(doc.colophon.copy_to, vec!["市委组织部", "市直机关工委"]);
        assert_eq!(doc.attachments.len(), 1);
        let a = &doc.attachments[0];
        assert_eq!(a.title, "2011年市直卫生系统党的工作意见");
        let text: Vec<String> = a
            .body
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } | Block::Paragraph(text) => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert!(
            text.contains(&"一、思想建设和组织建设".to_string()),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("（一）党委中心组集中学习。全年不少于6次")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|t| t.contains("40个基层党组织")),
            "{text:?}"
        );
        assert!(text
            .iter()
            .any(|t| t.contains("第一季度报表于2011年4月10日前报送")));
        assert!(
            text.iter().any(|t| t.contains("得分90分以上为优秀")),
            "{text:?}"
        );
        let tables: Vec<&Table> = a
            .body
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 1);
        let targeted = plan
            .indicators
            .iter()
            .filter(|i| i.target.is_some())
            .count();
        assert_eq!(tables[0].rows.len(), targeted);
        assert_eq!(
            tables[0].header,
            vec!["序号", "考核内容", "考核目标", "权重"]
        );

        let blank = plan_notice(&plan, None, date(), &Templates::embedded()).unwrap();
        assert_eq!(
            blank.head.number.unwrap().to_string(),
            "淮卫党〔2011〕\u{3000}\u{3000}号"
        );
    }

    #[test]
    fn bands_read_naturally() {
        assert_eq!(
            describe_bands(&plan()),
            "得分90分以上为优秀，80分以上不满90分为良好，60分以上不满80分为合格，不满60分为不合格"
        );
    }

    #[test]
    fn reminder_lists_units() {
        let plan = plan();
        let q = Quarter::new(2011, 1).unwrap();
        let units: Vec<(String, String)> = plan
            .units
            .iter()
            .take(5)
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect();
        let due = NaiveDate::from_ymd_opt(2011, 4, 15).unwrap();
        let doc =
            reminder_notice(&plan, q, &units, due, date(), None, &Templates::embedded()).unwrap();
        assert_eq!(doc.head.mark, "中共淮安市卫生局委员会办公室");
        assert!(doc.head.number.is_none());
        assert_eq!(doc.title, "关于催报2011年第一季度党建工作报表的通知");
        assert_eq!(doc.addressee.as_deref(), Some("各有关单位党组织"));
        assert_eq!(
            doc.signature.as_deref(),
            Some("中共淮安市卫生局委员会办公室")
        );
        let table = doc
            .body
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .unwrap();
        assert_eq!(table.rows.len(), 5);
        assert!(!doc.body.iter().any(|b| matches!(b, Block::Slot(_))));

        let one = &units[..1];
        let doc =
            reminder_notice(&plan, q, one, due, date(), Some(5), &Templates::embedded()).unwrap();
        assert_eq!(doc.addressee.as_deref(), Some("市第一人民医院党委"));
        assert_eq!(doc.head.number.unwrap().to_string(), "淮卫党办〔2011〕5号");
        assert!(!doc.body.iter().any(|b| matches!(b, Block::Table(_))));
    }

    #[test]
    fn return_notice_lists_problems() {
        let plan = plan();
        let q = Quarter::new(2011, 1).unwrap();
        let problems = vec![ReturnProblem {
            location: "指标完成情况!E11".into(),
            message: "“党课”应为整数，填的是“三次”".into(),
            hint: "改为阿拉伯数字，如 3".into(),
        }];
        let doc = return_notice(
            &plan,
            q,
            "市中医院党委",
            &problems,
            date(),
            &Templates::embedded(),
        )
        .unwrap();
        assert_eq!(
            doc.title,
            "关于退回市中医院党委2011年第一季度党建工作报表的通知"
        );
        assert_eq!(doc.addressee.as_deref(), Some("市中医院党委"));
        let table = doc
            .body
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .unwrap();
        assert_eq!(table.rows[0][1], "指标完成情况!E11");
        assert_eq!(table.rows[0][3], "改为阿拉伯数字，如 3");
    }
}

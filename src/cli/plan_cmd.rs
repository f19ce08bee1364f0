//! `huizong plan`: show the plan as a table, check a plan file, or issue
//! the plan notice (印发《…》的通知, .docx).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::args::{ensure_dir, PlanArg};
use super::{CliError, Outcome};
use crate::plan::{Plan, PlanError};
use crate::render::gongwen::{self, Templates};

#[derive(Debug, clap::Args)]
#[command(
    help_template = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}",
    next_help_heading = "选项",
    override_usage = "huizong plan [--plan <计划文件>]\n      huizong plan --check <计划文件>\n      huizong plan --dump\n      huizong plan --notice [--out <文件夹>] [--doc-no <序号>] [--date <日期>] [--doc-templates <文件夹>]\n      huizong plan --export-doc-templates <文件夹>",
    after_help = "示例：huizong plan；huizong plan --check 2012计划.toml；huizong plan --dump > 我的计划.toml\n\
      huizong plan --notice --out 公文 --doc-no 22 --date 2011-04-22\n\n\
印发通知：--notice 按 GB/T 9704-2012 生成“印发《年度工作意见》的通知.docx”，正文之后另页附工作意见全文\n\
（各部分任务和考核目标、报送范围和时限、考核办法、考核目标表），版记在最后一页末行。\n\
发文字号：用 --doc-no 指定的序号；没有指定时用计划文件中的 plan_doc_number；两者都没有时\n\
字号留空（如“淮卫党〔2011〕　　号”），照常生成，盖章前手写或编号后重新生成。\n\
措辞：通知和附件的文字来自模板，可用 --export-doc-templates 导出后修改，再用 --doc-templates 指定。"
)]
pub struct PlanArgs {
    #[command(flatten)]
    pub plan: PlanArg,
    /// 只检查计划文件是否正确（有错误时退出码为 1）
    #[arg(long = "check", value_name = "计划文件", conflicts_with = "plan")]
    pub check: Option<PathBuf>,
    /// 输出内置默认计划的 TOML 原文，可另存后修改
    #[arg(long = "dump", conflicts_with_all = ["check", "plan"])]
    pub dump: bool,
    /// 生成年度工作意见的印发通知（Word 文件，附工作意见全文）
    #[arg(long = "notice", conflicts_with_all = ["check", "dump"])]
    pub notice: bool,
    /// 通知的输出文件夹（不存在时自动创建；默认为当前文件夹）
    #[arg(long = "out", value_name = "文件夹", requires = "notice")]
    pub out: Option<PathBuf>,
    /// 发文字号的序号 N（淮卫党〔年份〕N号）；不指定时用计划文件的 plan_doc_number，都没有时留空
    #[arg(long = "doc-no", value_name = "序号", requires = "notice", value_parser = clap::value_parser!(u32).range(1..))]
    pub doc_no: Option<u32>,
    /// 成文日期和印发日期，如 2011-04-22；不指定时为今天
    #[arg(long = "date", value_name = "日期", requires = "notice", value_parser = super::args::parse_date)]
    pub date: Option<NaiveDate>,
    /// 公文措辞模板文件夹：其中与内置模板同名的 .j2 文件替换内置模板
    #[arg(long = "doc-templates", value_name = "文件夹", requires = "notice")]
    pub doc_templates: Option<PathBuf>,
    /// 把内置的公文措辞模板导出到文件夹供修改（已有的同名文件不覆盖）
    #[arg(long = "export-doc-templates", value_name = "文件夹", conflicts_with_all = ["check", "dump", "notice"])]
    pub export_doc_templates: Option<PathBuf>,
}

pub fn run(args: PlanArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let io = |e: std::io::Error| CliError::Usage(format!("无法输出：{}", crate::io_reason(&e)));
    if let Some(dir) = &args.export_doc_templates {
        return export_templates(dir, out);
    }
    if args.notice {
        return write_notice(&args, out);
    }
    if args.dump {
        out.write_all(crate::plan::DEFAULT_PLAN_TOML.as_bytes())
            .map_err(io)?;
        return Ok(Outcome::Clean);
    }
    if let Some(path) = &args.check {
        return match crate::plan::load_plan_file(path) {
            Ok(plan) => {
                writeln!(
                    out,
                    "计划文件“{}”检查通过：{}年，版本 {}，{} 个单位，{} 项指标，{} 条审核规则。",
                    path.display(),
                    plan.year,
                    plan.version,
                    plan.units.len(),
                    plan.indicators.len(),
                    plan.rules.len()
                )
                .map_err(io)?;
                Ok(Outcome::Clean)
            }
            Err(err @ PlanError::Invalid { .. }) => {
                writeln!(out, "{err}").map_err(io)?;
                Ok(Outcome::ProblemsFound)
            }
            Err(err) => Err(err.into()),
        };
    }
    let plan = args.plan.load()?;
    out.write_all(render_plan_table(&plan).as_bytes())
        .map_err(io)?;
    Ok(Outcome::Clean)
}

/// The plan's indicators and targets as an aligned text table.
pub fn render_plan_table(plan: &Plan) -> String {
    let mut text = format!(
        "{}（版本 {}，计划指纹 {}）\n发文机关：{}　报送期限：季度结束后 {} 天内\n单位 {} 个，指标 {} 项，审核规则 {} 条\n\n",
        plan.title,
        plan.version,
        plan.short_hash(),
        plan.authority.full_name,
        plan.deadline.days_after_quarter_end,
        plan.units.len(),
        plan.indicators.len(),
        plan.rules.len()
    );
    let header = [
        "编码",
        "指标名称",
        "单位",
        "类型",
        "周期",
        "考核目标",
        "权重",
        "台帐类别",
    ];
    let mut rows: Vec<[String; 8]> = Vec::new();
    for section in &plan.sections {
        for indicator in plan.indicators.iter().filter(|i| i.section == section.code) {
            rows.push([
                indicator.code.clone(),
                indicator.name.clone(),
                if indicator.measure.is_empty() {
                    "-".into()
                } else {
                    indicator.measure.clone()
                },
                indicator.kind.label().into(),
                indicator.period.label().into(),
                match plan.describe_target(indicator) {
                    t if t.is_empty() => "-".into(),
                    t => t,
                },
                if indicator.target.is_some() {
                    crate::plan::format_number(indicator.weight)
                } else {
                    "-".into()
                },
                indicator.ledger.clone().unwrap_or_else(|| "-".into()),
            ]);
        }
    }
    let width = |s: &str| -> usize { s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum() };
    let mut widths = header.map(width);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: &[String]| -> String {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            s.push_str(cell);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i] - width(cell) + 2));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut current_section = String::new();
    text.push_str(&line(&header.map(String::from)));
    for row in &rows {
        let section = plan
            .indicators
            .iter()
            .find(|i| i.code == row[0])
            .map(|i| i.section.clone())
            .unwrap_or_default();
        if section != current_section {
            if let Some(s) = plan.section(&section) {
                text.push_str(&format!("【{}】\n", s.name));
            }
            current_section = section;
        }
        text.push_str(&line(row));
    }
    if !plan.rules.is_empty() {
        text.push_str("\n审核规则：\n");
        for rule in &plan.rules {
            text.push_str(&format!(
                "  {}  {}  [{}] {}\n",
                rule.id,
                plan.describe_rule(rule),
                rule.severity.label(),
                rule.description
            ));
        }
    }
    text.push_str("\n评分档次：");
    let bands: Vec<String> = plan
        .scoring
        .bands
        .iter()
        .map(|b| format!("{} ≥ {}", b.name, crate::plan::format_number(b.min_score)))
        .collect();
    text.push_str(&bands.join("，"));
    text.push('\n');
    text
}

/// `--notice`: writes 印发《…》的通知.docx.
fn write_notice(args: &PlanArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let io = |e: std::io::Error| CliError::Usage(format!("无法输出：{}", crate::io_reason(&e)));
    let plan = args.plan.load()?;
    let templates = super::args::doc_templates(args.doc_templates.as_deref())?;
    let date = args
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let number = args.doc_no.or(plan.plan_doc_number);
    let doc = gongwen::plan_notice(&plan, number, date, &templates)?;
    let bytes = gongwen::render_docx(&doc)?;
    let dir = args.out.clone().unwrap_or_else(|| PathBuf::from("."));
    ensure_dir(&dir)?;
    let path = dir.join(gongwen::plan_notice_file_name(&plan));
    crate::output::write_atomic(&path, &bytes)?;
    let doc_number = doc
        .head
        .number
        .as_ref()
        .map(|n| n.to_string())
        .unwrap_or_default();
    writeln!(
        out,
        "已生成“{}”：{}，发文字号 {}，成文日期 {}，约 {} 页（正文和附件），版记在最后一页。",
        path.display(),
        doc.title,
        doc_number,
        crate::plan::format_date(date, plan.date_style),
        gongwen::page_count(&doc)?
    )
    .map_err(io)?;
    if number.is_none() {
        writeln!(
            out,
            "注意：没有指定发文字号（--doc-no 或计划文件的 plan_doc_number），字号已留空为“{doc_number}”，请编号后重新生成或手写。"
        )
        .map_err(io)?;
    }
    Ok(Outcome::Clean)
}

/// `--export-doc-templates DIR`: the built-in wording templates, for editing.
fn export_templates(dir: &Path, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let io = |e: std::io::Error| CliError::Usage(format!("无法输出：{}", crate::io_reason(&e)));
    ensure_dir(dir)?;
    let templates = Templates::embedded();
    let written = templates.export_defaults(dir).map_err(|e| {
        CliError::Usage(format!(
            "无法把公文模板写入“{}”：{}",
            dir.display(),
            crate::io_reason(&e)
        ))
    })?;
    let skipped = templates.builtins().len() - written.len();
    writeln!(
        out,
        "已导出 {} 个公文模板到“{}”{}。修改后在生成公文的命令（plan --notice、check、run、annual）后加 --doc-templates {} 使用。",
        written.len(),
        dir.display(),
        if skipped > 0 {
            format!("（{skipped} 个同名文件已存在，未覆盖）")
        } else {
            String::new()
        },
        dir.display()
    )
    .map_err(io)?;
    Ok(Outcome::Clean)
}

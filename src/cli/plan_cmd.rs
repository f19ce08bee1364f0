//! `huizong plan`: show the plan as a table, or check a plan file.

use std::io::Write;
use std::path::PathBuf;

use super::args::PlanArg;
use super::{CliError, Outcome};
use crate::plan::{Plan, PlanError};

#[derive(Debug, clap::Args)]
#[command(
    help_template = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}",
    next_help_heading = "选项",
    override_usage = "huizong plan [--plan <计划文件>]\n      huizong plan --check <计划文件>\n      huizong plan --dump",
    after_help = "示例：huizong plan；huizong plan --check 2012计划.toml；huizong plan --dump > 我的计划.toml"
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
}

pub fn run(args: PlanArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let io = |e: std::io::Error| CliError::Usage(format!("无法输出：{}", crate::io_reason(&e)));
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

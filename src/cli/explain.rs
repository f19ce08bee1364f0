//! `huizong explain`: where a total comes from — every unit's figure with the
//! file and cell it was read from, and the units left out.

use std::io::Write;

use super::stages::InboxArgs;
use super::{CliError, Outcome};
use crate::aggregate::sources;
use crate::check::SubmissionStatus;
use crate::plan::{format_number, ValueKind};

#[derive(Debug, clap::Args)]
#[command(
    help_template = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}",
    next_help_heading = "选项",
    override_usage = "huizong explain <收件箱> <指标编码> [--quarter <季度>] [--plan <计划文件>] [--as-of <日期>]",
    after_help = "示例：huizong explain samples/2011Q1 A01\n\n列出该指标合计数中每个单位的数字及其来源文件和单元格，以及未计入的单位。"
)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub inbox: InboxArgs,
    /// 指标编码，如 A01
    #[arg(value_name = "指标编码")]
    pub indicator: String,
    #[command(flatten)]
    pub plan: super::args::PlanArg,
}

pub fn run(args: ExplainArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let plan = args.plan.load()?;
    let code = args.indicator.trim().to_uppercase();
    let Some(indicator) = plan.indicator(&code) else {
        let codes: Vec<&str> = plan.indicators.iter().map(|i| i.code.as_str()).collect();
        return Err(CliError::Usage(format!(
            "指标编码“{}”不在计划中：可用的编码有 {}（用 huizong plan 查看）",
            args.indicator,
            codes.join("、")
        )));
    };
    let mut checked = args.inbox.check(&plan, crate::inbox::Hashing::Skip)?;
    let aggregates = checked.aggregate(&plan);
    let list = sources(&aggregates, &code);
    let total = aggregates
        .indicators
        .iter()
        .find(|t| t.code == code)
        .map_or(0.0, |t| t.total);
    let io = |e: std::io::Error| CliError::Usage(format!("无法输出：{}", crate::io_reason(&e)));
    let measure = if indicator.kind == ValueKind::YesNo {
        "个单位为“是”".to_string()
    } else {
        indicator.measure.clone()
    };
    writeln!(
        out,
        "{} {}：{}合计 {}{measure}，为以下 {} 个单位本季度完成数之和：",
        indicator.code,
        indicator.name,
        checked.quarter.chinese_label(),
        format_number(total),
        list.len()
    )
    .map_err(io)?;
    for source in &list {
        let name = plan
            .unit(&source.unit_code)
            .map(|u| u.name.as_str())
            .unwrap_or("");
        writeln!(
            out,
            "  {} {}  {}  {} {}",
            source.unit_code,
            name,
            format_number(source.value),
            source.file,
            source.cell
        )
        .map_err(io)?;
    }
    let left_out: Vec<String> = aggregates
        .excluded
        .iter()
        .map(|e| {
            let name = plan
                .unit(&e.unit_code)
                .map(|u| u.name.as_str())
                .unwrap_or("");
            let why = match e.status {
                SubmissionStatus::Returned => "退回",
                _ => "未报",
            };
            format!("{} {name}（{why}）", e.unit_code)
        })
        .collect();
    if !left_out.is_empty() {
        writeln!(out, "未计入：{}。", left_out.join("、")).map_err(io)?;
    }
    if let Some(ytd) = aggregates
        .indicators
        .iter()
        .find(|t| t.code == code)
        .and_then(|t| t.year_to_date)
    {
        if !checked.earlier.is_empty() {
            writeln!(
                out,
                "年初至今累计 {}{measure}：上述单位本季度与本年度以前各季度（审核通过的报表）之和。",
                format_number(ytd)
            )
            .map_err(io)?;
        }
    }
    Ok(Outcome::Clean)
}

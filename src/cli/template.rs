//! `huizong template`: one blank submission workbook per roster unit.

use std::io::Write;
use std::path::PathBuf;

use rayon::prelude::*;

use super::args::{check_quarter_in_plan, ensure_dir, parse_quarter, PlanArg, LISTED};
use super::{CliError, Outcome};
use crate::form::submission_file_name;
use crate::plan::{Plan, Quarter, Unit};

#[derive(Debug, clap::Args)]
#[command(
    help_template = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}",
    next_help_heading = "选项",
    override_usage = "huizong template --quarter <季度> --out <文件夹> [--unit <单位代码>…] [--plan <计划文件>] [--overwrite]",
    after_help = "示例：huizong template --quarter 2011Q1 --out 模板\n      huizong template --quarter 2011Q2 --out 模板 --unit 0101 --unit 0105"
)]
pub struct TemplateArgs {
    /// 季度，如 2011Q1
    #[arg(long = "quarter", value_name = "季度", value_parser = parse_quarter)]
    pub quarter: Quarter,
    /// 模板输出文件夹（不存在时自动创建）
    #[arg(long = "out", value_name = "文件夹")]
    pub out: PathBuf,
    /// 只为这些单位代码生成（可重复；默认为名册中的全部单位）
    #[arg(long = "unit", value_name = "单位代码")]
    pub units: Vec<String>,
    /// 覆盖文件夹中内容不同的同名文件（默认跳过，以免覆盖已填写的报表）
    #[arg(long = "overwrite")]
    pub overwrite: bool,
    #[command(flatten)]
    pub plan: PlanArg,
}

/// What happened to one template file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    New,
    Unchanged,
    Replaced,
    /// A different file of that name exists (perhaps filled in): left alone.
    Skipped,
}

pub fn run(args: TemplateArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let plan = args.plan.load()?;
    check_quarter_in_plan(&plan, args.quarter)?;
    let units = select_units(&plan, &args.units)?;
    ensure_dir(&args.out)?;
    let results: Vec<(String, Written)> = units
        .par_iter()
        .map(|unit| {
            let name = submission_file_name(unit, args.quarter);
            let path = args.out.join(&name);
            let workbook = crate::render::submission::write_template(&plan, unit, args.quarter)?;
            let status = match std::fs::read(&path) {
                Ok(existing) if existing == workbook.bytes => Written::Unchanged,
                Ok(_) if !args.overwrite => Written::Skipped,
                Ok(_) => {
                    crate::output::write_atomic(&path, &workbook.bytes)?;
                    Written::Replaced
                }
                Err(_) => {
                    crate::output::write_atomic(&path, &workbook.bytes)?;
                    Written::New
                }
            };
            Ok((name, status))
        })
        .collect::<Result<_, CliError>>()?;
    let io = |e: std::io::Error| CliError::Usage(format!("无法输出：{}", crate::io_reason(&e)));
    let count = |kind: Written| results.iter().filter(|(_, s)| *s == kind).count();
    let skipped = count(Written::Skipped);
    let note = |status: &Written| match status {
        Written::New => "已生成",
        Written::Unchanged => "未变化",
        Written::Replaced => "已覆盖",
        Written::Skipped => "已跳过（同名文件内容不同，可能已填写；确需覆盖请加 --overwrite）",
    };
    if results.len() <= LISTED {
        for (name, status) in &results {
            writeln!(out, "  {}  {name}", note(status)).map_err(io)?;
        }
    } else {
        // A province's thousands: only the files a clerk must look at
        // (overwritten or left alone) one by one, then the counts.
        let notable: Vec<&(String, Written)> = results
            .iter()
            .filter(|(_, s)| matches!(s, Written::Replaced | Written::Skipped))
            .collect();
        for (name, status) in notable.iter().take(LISTED) {
            writeln!(out, "  {}  {name}", note(status)).map_err(io)?;
        }
        if notable.len() > LISTED {
            writeln!(
                out,
                "  ……另有 {} 个文件已覆盖或已跳过",
                notable.len() - LISTED
            )
            .map_err(io)?;
        }
        writeln!(
            out,
            "  已生成 {} 个，未变化 {} 个，已覆盖 {} 个，已跳过 {skipped} 个（文件多于 {LISTED} 个，只逐个列出已覆盖和已跳过的）",
            count(Written::New),
            count(Written::Unchanged),
            count(Written::Replaced),
        )
        .map_err(io)?;
    }
    writeln!(
        out,
        "{}模板：{} 个单位，输出到“{}”{}。",
        args.quarter.chinese_label(),
        results.len() - skipped,
        args.out.display(),
        if skipped > 0 {
            format!("，跳过 {skipped} 个")
        } else {
            String::new()
        }
    )
    .map_err(io)?;
    Ok(if skipped > 0 {
        Outcome::ProblemsFound
    } else {
        Outcome::Clean
    })
}

/// The roster units named by `--unit`, in roster order; all when none named.
fn select_units<'p>(plan: &'p Plan, codes: &[String]) -> Result<Vec<&'p Unit>, CliError> {
    if codes.is_empty() {
        return Ok(plan.units.iter().collect());
    }
    let unknown: Vec<&str> = codes
        .iter()
        .map(|c| c.trim())
        .filter(|c| plan.unit(c).is_none())
        .collect();
    if !unknown.is_empty() {
        let examples: Vec<String> = plan
            .units
            .iter()
            .take(3)
            .map(|u| format!("{} {}", u.code, u.name))
            .collect();
        return Err(CliError::Usage(format!(
            "单位代码 {} 不在名册中：请用 huizong plan 核对单位代码（如 {}）",
            unknown.join("、"),
            examples.join("、")
        )));
    }
    Ok(plan
        .units
        .iter()
        .filter(|u| codes.iter().any(|c| c.trim() == u.code))
        .collect())
}

//! `huizong generate-samples` (hidden): the sample inbox generator.
//!
//! Messy mode writes the committed sample inboxes and what they hold:
//!   huizong generate-samples --quarter 2011Q1 --out samples/2011Q1 --expected samples/expected/2011Q1.json --replace
//! Benchmark mode writes N clean submissions and the synthetic plan they need:
//!   huizong generate-samples --quarter 2011Q1 --out 收件箱 --units 10000 --plan-out 计划.toml --ledger-rows 50

use std::io::Write;
use std::path::PathBuf;

use rayon::prelude::*;

use super::args::{ensure_dir, parse_quarter, PlanArg};
use super::{CliError, Outcome};
use crate::output::write_atomic;
use crate::plan::{parse_plan, Quarter};
use crate::sample;

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// 季度，如 2011Q1
    #[arg(long = "quarter", value_name = "季度", value_parser = parse_quarter)]
    pub quarter: Quarter,
    /// 输出文件夹
    #[arg(long = "out", value_name = "文件夹")]
    pub out: PathBuf,
    /// 随机种子（相同种子生成逐字节相同的文件）
    #[arg(long = "seed", value_name = "种子", default_value_t = sample::DEFAULT_SEED)]
    pub seed: u64,
    /// 示例说明文件（JSON）：记录埋下的问题和正确数值
    #[arg(long = "expected", value_name = "文件")]
    pub expected: Option<PathBuf>,
    /// 先删除输出文件夹中已有的 .xlsx 文件
    #[arg(long = "replace")]
    pub replace: bool,
    /// 性能测试：生成这么多个单位的干净报表（同时写出对应的计划文件）
    #[arg(long = "units", value_name = "个数", requires = "plan_out")]
    pub units: Option<usize>,
    /// 与 --units 同用：合成名册的计划文件写到这里
    #[arg(long = "plan-out", value_name = "文件")]
    pub plan_out: Option<PathBuf>,
    /// 与 --units 同用：每份报表至少的台帐行数
    #[arg(long = "ledger-rows", value_name = "行数", default_value_t = 50)]
    pub ledger_rows: usize,
    #[command(flatten)]
    pub plan: PlanArg,
}

pub fn run(args: GenerateArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let io = |e: std::io::Error| CliError::Usage(format!("无法输出：{}", crate::io_reason(&e)));
    ensure_dir(&args.out)?;
    if args.replace {
        for entry in std::fs::read_dir(&args.out).map_err(io)?.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "xlsx") {
                std::fs::remove_file(&path).map_err(io)?;
            }
        }
    }
    if let Some(count) = args.units {
        let text = sample::synthetic_plan_toml(count);
        let plan = parse_plan(&text, "合成计划")?;
        if let Some(plan_out) = &args.plan_out {
            write_atomic(plan_out, text.as_bytes())?;
        }
        plan.units
            .par_iter()
            .try_for_each(|unit| -> Result<(), CliError> {
                let file = sample::clean_submission(
                    &plan,
                    unit,
                    args.quarter,
                    args.seed,
                    args.ledger_rows,
                )?;
                write_atomic(&args.out.join(&file.name), &file.bytes)?;
                Ok(())
            })?;
        writeln!(out, "已生成 {count} 份干净报表到“{}”。", args.out.display()).map_err(io)?;
        return Ok(Outcome::Clean);
    }
    let plan = args.plan.load()?;
    let inbox = sample::messy_inbox(&plan, args.quarter, args.seed)?;
    for file in &inbox.files {
        write_atomic(&args.out.join(&file.name), &file.bytes)?;
    }
    if let Some(path) = &args.expected {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            ensure_dir(parent)?;
        }
        write_atomic(path, expected_json(&inbox.expected).as_bytes())?;
    }
    writeln!(
        out,
        "已生成 {} 份示例报表到“{}”。",
        inbox.files.len(),
        args.out.display()
    )
    .map_err(io)?;
    Ok(Outcome::Clean)
}

/// The expectations as pretty JSON with a final newline.
pub fn expected_json(expected: &sample::Expected) -> String {
    let mut text = serde_json::to_string_pretty(expected).unwrap_or_default();
    text.push('\n');
    text
}

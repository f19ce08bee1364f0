//! `huizong generate-samples` (hidden): the sample inbox generator.

use std::io::Write;
use std::path::PathBuf;

use super::args::{parse_quarter, PlanArg};
use super::{CliError, Outcome};
use crate::plan::Quarter;

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// 季度，如 2011Q1
    #[arg(long = "quarter", value_name = "季度", value_parser = parse_quarter)]
    pub quarter: Quarter,
    /// 输出文件夹
    #[arg(long = "out", value_name = "文件夹")]
    pub out: PathBuf,
    #[command(flatten)]
    pub plan: PlanArg,
}

pub fn run(_args: GenerateArgs, _out: &mut dyn Write) -> Result<Outcome, CliError> {
    Err(CliError::Usage("示例生成器尚未完成".to_string()))
}

//! Command-line interface: one file per subcommand, shared helpers in `args`.
//!
//! Commands return an [`Outcome`] or a [`CliError`]; only `main` prints errors
//! and turns them into exit codes (0 fine, 1 problems found, 2 could not run).

mod annual;
mod args;
mod check;
mod explain;
mod generate;
mod plan_cmd;
mod run;
mod stages;
mod template;

use clap::{Parser, Subcommand};

pub use args::translate_clap_error;

/// 汇总：市直卫生系统党建工作季度报表的下发、审核、汇总与公文发布。
#[derive(Debug, Parser)]
#[command(
    name = "huizong",
    version,
    about = "汇总：党建工作季度报表的下发、审核、汇总与公文发布",
    long_about = None,
    help_template = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    next_help_heading = "选项",
    after_help = "示例：\n  huizong plan\n  huizong template --quarter 2011Q1 --out 模板\n  huizong check 收件箱/2011Q1\n  huizong run 收件箱/2011Q1 --out 成果/2011Q1\n\n每个命令后加 --help 查看详细用法。"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// 显示帮助
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 查看年度计划的指标与目标，或检查计划文件
    Plan(plan_cmd::PlanArgs),
    /// 为各填报单位生成季度报表模板
    Template(template::TemplateArgs),
    /// 审核收件箱中各单位报回的报表，写出审核报告
    Check(check::CheckArgs),
    /// 审核、汇总并写出审核报告、汇总表
    Run(run::RunArgs),
    /// 查询某个指标的合计数来自哪些单位、哪些文件和单元格
    Explain(explain::ExplainArgs),
    /// 年度汇总：各季度与全年的考核得分、档次、名次和表彰建议
    Annual(annual::AnnualArgs),
    /// 生成示例收件箱（开发和性能测试用）
    #[command(hide = true, name = "generate-samples")]
    GenerateSamples(generate::GenerateArgs),
}

/// How a command ended, when it ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything as it should be: exit 0.
    Clean,
    /// The command ran and found problems (e.g. an invalid plan): exit 1.
    ProblemsFound,
}

/// Why a command could not run (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Plan(#[from] crate::plan::PlanError),
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    #[error(transparent)]
    Write(#[from] crate::output::WriteError),
    #[error(transparent)]
    Inbox(#[from] crate::inbox::InboxError),
    /// A flag or argument that cannot be honoured, with what to do instead.
    #[error("{0}")]
    Usage(String),
}

/// Runs a parsed command, writing its report to `out`.
pub fn run(cli: Cli, out: &mut dyn std::io::Write) -> Result<Outcome, CliError> {
    match cli.command {
        Command::Plan(args) => plan_cmd::run(args, out),
        Command::Template(args) => template::run(args, out),
        Command::Check(args) => check::run(args, out),
        Command::Run(args) => run::run(args, out),
        Command::Explain(args) => explain::run(args, out),
        Command::Annual(args) => annual::run(args, out),
        Command::GenerateSamples(args) => generate::run(args, out),
    }
}

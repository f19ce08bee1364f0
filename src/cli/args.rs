//! Argument helpers shared by the subcommands.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::CliError;
use crate::plan::{Plan, Quarter};

/// Units (or files) a console list shows one by one; the rest are counted
/// (and, for a check, in the 审核报告). A city's whole roster fits; a
/// province's thousands would bury the summary.
pub const LISTED: usize = 50;

/// `--plan FILE`, shared by every command that needs the plan.
#[derive(Debug, Clone, clap::Args)]
pub struct PlanArg {
    /// 年度计划文件（TOML）；不指定时使用内置的 2011 年默认计划
    #[arg(long = "plan", value_name = "计划文件")]
    pub plan: Option<PathBuf>,
}

impl PlanArg {
    pub fn load(&self) -> Result<Plan, CliError> {
        Ok(crate::plan::load_plan(self.plan.as_deref())?)
    }
}

/// Parses `--quarter` (clap value parser).
pub fn parse_quarter(text: &str) -> Result<Quarter, String> {
    text.parse::<Quarter>().map_err(|e| e.to_string())
}

/// The quarter must belong to the plan's year.
pub fn check_quarter_in_plan(plan: &Plan, quarter: Quarter) -> Result<(), CliError> {
    if quarter.year() == plan.year {
        Ok(())
    } else {
        Err(CliError::Usage(format!(
            "季度 {quarter} 不属于计划年度 {}：请改用 {}Q1–{}Q4，或用 --plan 指定 {} 年的计划文件",
            plan.year,
            plan.year,
            plan.year,
            quarter.year()
        )))
    }
}

/// Parses a date as clerks write it: 2011-04-22, 2011-4-22, 2011/4/22,
/// 2011.4.22 or 2011年4月22日.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let cleaned: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' => '-',
            '日' => ' ',
            c => c,
        })
        .collect();
    let parts: Vec<&str> = cleaned.trim().split('-').collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.trim().parse().ok()).collect();
    match numbers.as_deref() {
        Some([y, m, d]) => {
            NaiveDate::from_ymd_opt(*y as i32, *m, *d).ok_or_else(|| format!("没有这一天：{text}"))
        }
        _ => Err(format!("日期应写成 2011-04-22 这样的形式，而不是“{text}”")),
    }
}

/// The wording templates: the built-in ones, or those of `--doc-templates DIR`.
pub fn doc_templates(dir: Option<&Path>) -> Result<crate::render::gongwen::Templates, CliError> {
    if let Some(dir) = dir {
        if !dir.is_dir() {
            return Err(CliError::Usage(format!(
                "公文模板文件夹“{}”不存在：请检查路径，或先用 huizong plan --export-doc-templates {} 导出内置模板",
                dir.display(),
                dir.display()
            )));
        }
    }
    Ok(crate::render::gongwen::Templates::new(dir))
}

/// `--date`, `--doc-templates` of the commands that write notices.
#[derive(Debug, Clone, clap::Args)]
pub struct NoticeArgs {
    /// 公文的成文日期，如 2011-04-22；默认为 --as-of 的日期
    #[arg(long = "date", value_name = "日期", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// 公文措辞模板所在文件夹（用 huizong plan --export-doc-templates 导出后修改）
    #[arg(long = "doc-templates", value_name = "文件夹")]
    pub doc_templates: Option<PathBuf>,
}

/// `--doc-no` and the notice flags, for the commands that write the bulletin.
#[derive(Debug, Clone, clap::Args)]
pub struct DocArgs {
    /// 通报的发文字号序号（如 35 得到 淮卫党〔2011〕35号）；不指定时字号留空
    #[arg(long = "doc-no", value_name = "序号", value_parser = clap::value_parser!(u32).range(1..))]
    pub doc_no: Option<u32>,
    #[command(flatten)]
    pub notice: NoticeArgs,
}

/// Creates the output folder (and its parents) if needed.
pub fn ensure_dir(dir: &Path) -> Result<(), CliError> {
    if dir.is_file() {
        return Err(CliError::Usage(format!(
            "输出位置“{}”是一个文件，不是文件夹：请换一个文件夹名",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|err| {
        CliError::Usage(format!(
            "无法创建输出文件夹“{}”：{}",
            dir.display(),
            crate::io_reason(&err)
        ))
    })
}

/// Rewrites a clap error in Chinese; help and version pass through.
pub fn translate_clap_error(err: &clap::Error) -> Option<String> {
    let arg = match err.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(s)) => s.join("、"),
        _ => String::new(),
    };
    let value = match err.get(ContextKind::InvalidValue) {
        Some(ContextValue::String(s)) => s.clone(),
        _ => String::new(),
    };
    let suggestion = match err.get(ContextKind::SuggestedArg) {
        Some(ContextValue::String(s)) => format!("，是否想用 {s}？"),
        _ => match err.get(ContextKind::SuggestedSubcommand) {
            Some(ContextValue::String(s)) => format!("，是否想用 {s}？"),
            Some(ContextValue::Strings(s)) if !s.is_empty() => {
                // The candidate sharing the longest beginning with what was typed.
                let typed = match err.get(ContextKind::InvalidSubcommand) {
                    Some(ContextValue::String(t)) => t.clone(),
                    _ => String::new(),
                };
                let common = |c: &String| {
                    c.chars()
                        .zip(typed.chars())
                        .take_while(|(a, b)| a == b)
                        .count()
                };
                let best = s.iter().max_by_key(|c| common(c)).unwrap_or(&s[0]);
                format!("，是否想用 {best}？")
            }
            _ => "。".to_string(),
        },
    };
    let message = match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”{suggestion}"),
        ErrorKind::InvalidSubcommand => {
            let name = match err.get(ContextKind::InvalidSubcommand) {
                Some(ContextValue::String(s)) => s.clone(),
                _ => value,
            };
            format!("不认识的命令“{name}”{suggestion}")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}。"),
        ErrorKind::MissingSubcommand => "请指定命令，如 plan、template。".to_string(),
        ErrorKind::InvalidValue => format!("参数 {arg} 的值“{value}”无效{suggestion}"),
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(err)
                .map(|s| s.to_string())
                .unwrap_or_default();
            format!("参数 {arg} 的值“{value}”无效：{reason}")
        }
        ErrorKind::ArgumentConflict => format!("参数 {arg} 不能与其他参数同时使用。"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 给了太多的值。")
        }
        ErrorKind::NoEquals | ErrorKind::InvalidUtf8 => format!("参数 {arg} 的写法不对。"),
        _ => format!("命令行参数有误：{}", err.kind()),
    };
    Some(format!("{message}\n用 huizong --help 查看用法。"))
}

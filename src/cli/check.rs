//! `huizong check`: read and check every submission of a quarter's inbox,
//! print a short summary (or JSON), and write 审核报告.xlsx beside the inbox.

use std::io::Write;
use std::path::PathBuf;

use super::stages::{default_out_name, refuse_inside, Checked, InboxArgs};
use super::{CliError, Outcome};
use crate::check::{CheckReport, StatusRow, SubmissionStatus};
use crate::ingest::Limits;
use crate::plan::{format_date, Plan, Severity};
use crate::render::report::{SHEET_PROBLEMS, SHEET_STATUS};

/// File name of the check report.
pub const REPORT_FILE: &str = "审核报告.xlsx";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 中文摘要
    Text,
    /// 全部问题（JSON，供脚本使用）
    Json,
}

#[derive(Debug, clap::Args)]
#[command(
    help_template = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}",
    next_help_heading = "选项",
    override_usage = "huizong check <收件箱> [--quarter <季度>] [--plan <计划文件>] [--out <文件夹>] [--as-of <日期>] [--format text|json]",
    after_help = "示例：huizong check 收件箱/2011Q1\n      huizong check 收件箱 --quarter 2011Q2 --as-of 2011-07-12\n\n审核报告写到 --out 指定的文件夹（默认为收件箱旁边的“<收件箱名>_审核结果”），不会写入收件箱，也不会改动任何报表。\n退出码：0 没有错误；1 有错误（有报表须退回）；2 无法审核（参数、计划或收件箱有问题）。"
)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inbox: InboxArgs,
    /// 审核报告的输出文件夹
    #[arg(long = "out", value_name = "文件夹")]
    pub out: Option<PathBuf>,
    /// 输出格式
    #[arg(long = "format", value_name = "格式", value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub notice: super::args::NoticeArgs,
    #[command(flatten)]
    pub plan: super::args::PlanArg,
}

pub fn run(args: CheckArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let plan = args.plan.load()?;
    let (dir, _) = args.inbox.resolve(&plan)?;
    let out_dir = args.out.clone().unwrap_or_else(|| {
        // A folder named like `.` needs its real name; otherwise keep the
        // path as the clerk typed it (no `\\?\` prefix on Windows).
        if dir.file_name().is_some() {
            default_out_name(&dir, "审核结果")
        } else {
            default_out_name(
                &dunce::canonicalize(&dir).unwrap_or(dir.clone()),
                "审核结果",
            )
        }
    });
    refuse_inside(&out_dir, &dir)?;
    let checked = args.inbox.check(&plan, crate::inbox::Hashing::Skip)?;
    super::args::ensure_dir(&out_dir)?;
    let report_path = out_dir.join(REPORT_FILE);
    let bytes = crate::render::report::write_check_report(&plan, checked.quarter, &checked.report)?;
    crate::output::write_atomic(&report_path, &bytes)?;
    remove_stale_returns(&out_dir);
    let returns = super::stages::write_returns(
        &plan,
        &checked,
        &args.notice,
        &Limits::default(),
        &out_dir,
        true,
        crate::inbox::Hashing::Skip,
    )?;
    let reminder = match super::stages::reminder(&plan, &checked, &args.notice)? {
        Some((name, bytes)) => {
            crate::output::write_atomic(&out_dir.join(name), &bytes)?;
            true
        }
        None => false,
    };

    let io = |e: std::io::Error| CliError::Usage(format!("无法输出：{}", crate::io_reason(&e)));
    match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&checked.report)
                .map_err(|e| CliError::Usage(format!("无法生成 JSON：{e}")))?;
            writeln!(out, "{json}").map_err(io)?;
        }
        Format::Text => {
            write_summary(out, &plan, &checked).map_err(io)?;
            writeln!(out, "审核报告：{}", report_path.display()).map_err(io)?;
            let returned = returns.units();
            if returned > 0 {
                writeln!(
                    out,
                    "退回通知和退回修改稿（标出有问题的单元格，可直接发回单位）：{returned} 个单位，在“{}”",
                    out_dir.join(super::stages::RETURN_FOLDER).display()
                )
                .map_err(io)?;
            }
            if let Some(line) = returns.without_copy_line() {
                writeln!(out, "{line}").map_err(io)?;
            }
            if reminder {
                writeln!(
                    out,
                    "催报通知：{}",
                    out_dir.join(super::stages::REMINDER_FILE).display()
                )
                .map_err(io)?;
            }
        }
    }
    Ok(outcome(&checked.report))
}

/// Removes the return copies and notices an earlier check left in OUT: a
/// unit no longer returned must not find an old one there.
fn remove_stale_returns(out_dir: &std::path::Path) {
    let folder = out_dir.join(super::stages::RETURN_FOLDER);
    if let Ok(entries) = std::fs::read_dir(&folder) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with("_退回修改.xlsx") || name.ends_with("_退回通知.docx") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// 1 when any 错误.
pub fn outcome(report: &CheckReport) -> Outcome {
    if report
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        Outcome::ProblemsFound
    } else {
        Outcome::Clean
    }
}

use super::args::LISTED;

/// The console summary: counts by status, the units with 错误 and their first
/// problems, the 未报 list (each list at most [`LISTED`] long).
pub fn write_summary(out: &mut dyn Write, plan: &Plan, checked: &Checked) -> std::io::Result<()> {
    let report = &checked.report;
    let count = |s: SubmissionStatus| report.statuses.iter().filter(|r| r.status == s).count();
    writeln!(
        out,
        "{}报表审核（计划 {}，截止日期 {}，统计截至 {}）",
        checked.quarter.chinese_label(),
        report.plan_version,
        format_date(report.due_date, plan.date_style),
        format_date(report.as_of, plan.date_style)
    )?;
    writeln!(
        out,
        "收件箱“{}”：{} 个文件；名册 {} 个单位：已报 {}，逾期 {}，退回 {}，未报 {}。",
        checked.inbox.display(),
        checked.digests.len(),
        report.statuses.len(),
        count(SubmissionStatus::Submitted),
        count(SubmissionStatus::Late),
        count(SubmissionStatus::Returned),
        count(SubmissionStatus::Missing)
    )?;
    let returned: Vec<_> = report
        .statuses
        .iter()
        .filter(|s| s.status == SubmissionStatus::Returned)
        .collect();
    if !returned.is_empty() {
        writeln!(out, "退回（有错误，须修改后重新报送）：")?;
        for status in returned.iter().take(LISTED) {
            writeln!(
                out,
                "  {} {}：{} 处错误",
                status.unit_code, status.unit_name, status.errors
            )?;
            let file = status.file.as_deref().unwrap_or_default();
            for d in report
                .diagnostics
                .iter()
                .filter(|d| d.file == file && d.severity == Severity::Error)
                .take(3)
            {
                let place = d.location();
                let place = if place.is_empty() {
                    String::new()
                } else {
                    format!("{place} ")
                };
                writeln!(out, "    {place}{} → {}", d.message, d.hint)?;
            }
            if status.errors > 3 {
                writeln!(out, "    ……其余见审核报告")?;
            }
        }
        if returned.len() > LISTED {
            writeln!(
                out,
                "  ……其余 {} 个单位见审核报告“{SHEET_PROBLEMS}”表",
                returned.len() - LISTED
            )?;
        }
    }
    let unattributed = &report.unattributed_files;
    if !unattributed.is_empty() {
        writeln!(out, "无法确定所属单位的文件：")?;
        for file in unattributed.iter().take(LISTED) {
            let first = report.diagnostics.iter().find(|d| &d.file == file);
            match first {
                Some(d) => writeln!(out, "  {file}：{} → {}", d.message, d.hint)?,
                None => writeln!(out, "  {file}")?,
            }
        }
        if unattributed.len() > LISTED {
            writeln!(
                out,
                "  ……其余 {} 个文件见审核报告“{SHEET_PROBLEMS}”表",
                unattributed.len() - LISTED
            )?;
        }
    }
    let missing: Vec<&StatusRow> = report
        .statuses
        .iter()
        .filter(|s| s.status == SubmissionStatus::Missing)
        .collect();
    if !missing.is_empty() {
        let days = (report.as_of - report.due_date).num_days();
        let when = if days > 0 {
            format!("，已超过截止日期 {days} 天")
        } else if days == 0 {
            "，今天截止".to_string()
        } else {
            format!("，距截止日期还有 {} 天", -days)
        };
        let names: Vec<String> = missing
            .iter()
            .take(LISTED)
            .map(|s| format!("{} {}", s.unit_code, s.unit_name))
            .collect();
        let rest = if missing.len() > LISTED {
            format!(
                "……其余 {} 个见审核报告“{SHEET_STATUS}”表",
                missing.len() - LISTED
            )
        } else {
            String::new()
        };
        writeln!(
            out,
            "未报（{} 个{when}）：{}{rest}",
            missing.len(),
            names.join("、")
        )?;
    }
    if !checked.subfolders.is_empty() {
        let folders: Vec<String> = checked
            .subfolders
            .iter()
            .map(|f| format!("{}（{} 个表格文件）", f.name, f.spreadsheets))
            .collect();
        writeln!(
            out,
            "注意：收件箱中的子文件夹没有审核，其中有表格文件：{} → 如有本季度报来的报表，请移到收件箱“{}”中后重新审核",
            folders.join("、"),
            checked.inbox.display()
        )?;
    }
    let warnings = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if warnings > 0 {
        writeln!(
            out,
            "提示 {warnings} 条（报表已采用，请单位说明或人工确认），详见审核报告。"
        )?;
    }
    Ok(())
}

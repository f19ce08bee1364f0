//! `huizong run`: check, aggregate and publish a quarter — 审核报告.xlsx,
//! 汇总表.xlsx and manifest.json into OUT, replacing OUT only as a whole.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::stages::{
    file_outcomes, refuse_inside, Checked, FileDigest, FileOutcome, InboxArgs, Written,
};
use super::{CliError, Outcome};
use crate::ingest::Limits;
use crate::plan::{format_number, Plan, Severity};
use crate::render::manifest::{InputEntry, Manifest, OutputEntry, PlanEntry};

pub const SUMMARY_FILE: &str = "汇总表.xlsx";
pub const MANIFEST_FILE: &str = "manifest.json";

#[derive(Debug, clap::Args)]
#[command(
    help_template = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}",
    next_help_heading = "选项",
    override_usage = "huizong run <收件箱> --out <文件夹> [--quarter <季度>] [--plan <计划文件>] [--as-of <日期>]",
    after_help = "示例：huizong run samples/2011Q1 --out 输出/2011Q1 --as-of 2011-04-20\n\n在 --out 文件夹中写出：审核报告.xlsx、汇总表.xlsx、manifest.json（输入文件和输出文件的 SHA-256）。\n--out 文件夹已存在时整体替换（只替换 huizong 以前写出的文件夹），不会留下写了一半的结果。\n相同的报表、计划和 --as-of 每次得到逐字节相同的结果。\n退出码：0 没有错误；1 有报表因错误被退回；2 无法运行。"
)]
pub struct RunArgs {
    #[command(flatten)]
    pub inbox: InboxArgs,
    /// 结果输出文件夹（不能在收件箱里面）
    #[arg(long = "out", value_name = "文件夹")]
    pub out: PathBuf,
    #[command(flatten)]
    pub docs: super::args::DocArgs,
    #[command(flatten)]
    pub plan: super::args::PlanArg,
}

pub fn run(args: RunArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let plan = args.plan.load()?;
    let (dir, _) = args.inbox.resolve(&plan)?;
    refuse_inside(&args.out, &dir)?;
    refuse_foreign_folder(&args.out)?;
    let mut checked = args.inbox.check(&plan, crate::inbox::Hashing::Sha256)?;
    let date = checked.report.as_of;

    // What became of this quarter's files (for the manifest), then the
    // accepted records: after that the per-file results are released, so
    // that the summary is written with one copy of the figures in memory,
    // not four. The manifest's entries are made once the summary is saved
    // (at 10,000 units, those of four quarters are ~14 MB).
    let current_files = current_outcomes(&checked);
    let aggregates = checked.aggregate(&plan);

    let templates = super::args::doc_templates(args.docs.notice.doc_templates.as_deref())?;
    let doc_date = args.docs.notice.date.unwrap_or(date);
    // 汇总表 takes longest (most of the time after the check, at 10,000
    // units): its sheets are written first, by this thread while another
    // makes their rows. Saving it then takes one core alone, so 审核报告
    // and the bulletin are made beside the saving, not beside the sheets
    // (there, three threads shared two cores and 汇总表 waited; ~15 ms).
    let summary = crate::render::summary::build_summary(&plan, &aggregates, &checked.report, date);
    let (summary, (report, bulletin)) = rayon::join(
        || summary.and_then(|book| book.save()),
        || {
            rayon::join(
                || {
                    crate::render::report::write_check_report(
                        &plan,
                        checked.quarter,
                        &checked.report,
                    )
                },
                || {
                    crate::render::gongwen::bulletin(
                        &plan,
                        &aggregates,
                        &checked.report,
                        args.docs.doc_no,
                        doc_date,
                        &templates,
                    )
                    .and_then(|doc| crate::render::gongwen::render_docx(&doc))
                },
            )
        },
    );
    let mut outputs: Vec<(String, Vec<u8>)> = vec![
        (super::check::REPORT_FILE.to_string(), report?),
        (SUMMARY_FILE.to_string(), summary?),
        (
            crate::render::gongwen::bulletin_file_name(&plan, &aggregates),
            bulletin?,
        ),
    ];
    outputs.extend(super::stages::reminder(&plan, &checked, &args.docs.notice)?);
    outputs.sort_by(|a, b| a.0.cmp(&b.0));
    // Into a fresh folder, renamed into place once complete: the main
    // outputs, then each returned unit's files as they are made, then the
    // manifest of them all.
    let mut written: Vec<Written> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut without_copy = None;
    replace_folder(&args.out, |fresh| {
        // Each file's bytes are freed once written.
        for (name, bytes) in outputs {
            crate::output::write_durable(&fresh.join(&name), &bytes)?;
            written.push(Written::of(name.clone(), &bytes));
            names.push(name);
        }
        let returns = super::stages::write_returns(
            &plan,
            &checked,
            &args.docs.notice,
            &Limits::default(),
            fresh,
            false,
            crate::inbox::Hashing::Sha256,
        )?;
        without_copy = returns.without_copy_line();
        written.extend(returns.written);
        written.sort_by(|a, b| a.name.cmp(&b.name));
        let inputs = input_entries(&checked, &current_files);
        let manifest = manifest(&plan, &args, &checked, inputs, &written);
        crate::output::write_durable_with(&fresh.join(MANIFEST_FILE), |out| {
            manifest.write_json(out)
        })?;
        Ok(())
    })?;

    let io = |e: std::io::Error| CliError::Usage(format!("无法输出：{}", crate::io_reason(&e)));
    super::check::write_summary(out, &plan, &checked).map_err(io)?;
    if let Some(best) = aggregates.scores.first() {
        let name = plan
            .unit(&best.unit_code)
            .map(|u| u.name.as_str())
            .unwrap_or("");
        writeln!(
            out,
            "汇总 {} 个单位；考核得分最高：{name} {} 分（{}）。",
            aggregates.units.len(),
            format_number(best.score),
            best.band
        )
        .map_err(io)?;
    }
    writeln!(out, "结果已写入“{}”：", args.out.display()).map_err(io)?;
    let returned = written
        .iter()
        .filter(|w| w.name.starts_with(super::stages::RETURN_FOLDER) && w.name.ends_with(".docx"))
        .count();
    for name in names.iter().map(String::as_str).chain([MANIFEST_FILE]) {
        writeln!(out, "  {name}").map_err(io)?;
    }
    if returned > 0 {
        writeln!(
            out,
            "  {}/（{returned} 个退回单位的退回通知和退回修改稿）",
            super::stages::RETURN_FOLDER
        )
        .map_err(io)?;
    }
    if let Some(line) = without_copy {
        writeln!(out, "{line}").map_err(io)?;
    }
    Ok(super::check::outcome(&checked.report))
}

/// One quarter's files as the manifest lists them.
fn quarter_entries(
    quarter: &str,
    files: &[FileOutcome],
    digests: &[FileDigest],
) -> Vec<InputEntry> {
    files
        .iter()
        .zip(digests)
        .map(|(f, digest)| InputEntry {
            quarter: quarter.to_string(),
            file: f.file.clone(),
            sha256: digest.sha256.clone(),
            size: digest.size,
            unit: f.unit.clone(),
            status: f.status.to_string(),
            errors: f.errors,
            warnings: f.warnings,
        })
        .collect()
}

/// What became of each of this quarter's files, its counts including the
/// cross-file rules (duplicates…).
fn current_outcomes(checked: &Checked) -> Vec<FileOutcome> {
    // (errors, warnings) by file, in one pass over the report.
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for d in &checked.report.diagnostics {
        let entry = counts.entry(d.file.as_str()).or_default();
        if d.severity == Severity::Error {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    file_outcomes(&checked.results, Some(&counts))
}

/// Every input file of the earlier quarters and this one (`current`, see
/// [`current_outcomes`]), for the manifest.
fn input_entries(checked: &Checked, current: &[FileOutcome]) -> Vec<InputEntry> {
    let mut inputs = Vec::new();
    for earlier in &checked.earlier {
        inputs.extend(quarter_entries(
            &earlier.quarter.to_string(),
            &earlier.files,
            &earlier.digests,
        ));
    }
    inputs.extend(quarter_entries(
        &checked.quarter.to_string(),
        current,
        &checked.digests,
    ));
    inputs
}

fn manifest(
    plan: &Plan,
    args: &RunArgs,
    checked: &Checked,
    inputs: Vec<InputEntry>,
    outputs: &[Written],
) -> Manifest {
    Manifest {
        tool: format!("huizong {}", env!("CARGO_PKG_VERSION")),
        quarter: checked.quarter.to_string(),
        as_of: checked.report.as_of.to_string(),
        plan: PlanEntry {
            source: args
                .plan
                .plan
                .as_ref()
                .map_or(crate::plan::DEFAULT_PLAN_NAME.to_string(), |p| {
                    p.display().to_string()
                }),
            version: plan.version.clone(),
            year: plan.year,
            sha256: plan.source_sha256.clone(),
        },
        inputs,
        outputs: outputs
            .iter()
            .map(|w| OutputEntry {
                file: w.name.clone(),
                sha256: w.sha256.clone(),
                size: w.size,
            })
            .collect(),
    }
}

/// An existing OUT is replaced only when it is empty or a huizong output
/// (it holds manifest.json): never a clerk's other folder.
fn refuse_foreign_folder(out: &Path) -> Result<(), CliError> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(CliError::Usage(format!(
            "输出位置“{}”是一个文件，不是文件夹：请换一个文件夹名",
            out.display()
        )));
    }
    let empty = std::fs::read_dir(out)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if empty || out.join(MANIFEST_FILE).is_file() {
        Ok(())
    } else {
        Err(CliError::Usage(format!(
            "输出文件夹“{}”已存在，且不是 huizong 以前的输出（没有 manifest.json）：为免覆盖其他文件，请指定一个新的或空的文件夹",
            out.display()
        )))
    }
}

/// Writes every output into a fresh folder beside OUT, then swaps it in, so
/// OUT is never half-written and an old OUT disappears only once the new one
/// is complete.
fn replace_folder(
    out: &Path,
    fill: impl FnOnce(&Path) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            CliError::Usage(format!(
                "输出文件夹“{}”无效：请给出一个文件夹名",
                out.display()
            ))
        })?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    super::args::ensure_dir(&parent)?;
    let pid = std::process::id();
    let fresh = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let fail = |path: &Path, err: std::io::Error| {
        CliError::Write(crate::output::WriteError {
            path: path.to_path_buf(),
            reason: crate::io_reason(&err),
        })
    };
    let _ = std::fs::remove_dir_all(&fresh);
    std::fs::create_dir_all(&fresh).map_err(|e| fail(&fresh, e))?;
    if let Err(err) = fill(&fresh) {
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(err);
    }
    if out.exists() {
        std::fs::rename(out, &old).map_err(|e| {
            let _ = std::fs::remove_dir_all(&fresh);
            fail(out, e)
        })?;
    }
    if let Err(err) = std::fs::rename(&fresh, out) {
        // Put the previous results back.
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(fail(out, err));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

//! The stages `check` and `run` share: find the inbox, check the earlier
//! quarters and this one, and complete the quarter's report (`annual`
//! checks each quarter through [`check_quarter`] too).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::CliError;
use std::collections::HashMap;

use crate::check::{self, CheckReport, FileResult, QuarterValues, RecordsByUnit};
use crate::inbox::{self, CheckedFile, Hashing, InboxFile};
use crate::ingest::Limits;
use crate::plan::{Plan, Quarter, Severity};

/// `INBOX [--quarter] [--previous DIR…] [--as-of DATE]`, shared by check and run.
#[derive(Debug, Clone, clap::Args)]
pub struct InboxArgs {
    /// 收件箱文件夹：本季度报回的报表所在文件夹（如 收件箱/2011Q1），或各季度文件夹的上一级（须加 --quarter）
    #[arg(value_name = "收件箱")]
    pub inbox: PathBuf,
    /// 审核的季度，如 2011Q1；不指定时取收件箱文件夹名
    #[arg(long = "quarter", value_name = "季度", value_parser = super::args::parse_quarter)]
    pub quarter: Option<Quarter>,
    /// 本年度以前各季度的收件箱（可重复，从早到晚）；不指定时使用收件箱旁边名为 2011Q1 等的文件夹
    #[arg(long = "previous", value_name = "文件夹")]
    pub previous: Vec<PathBuf>,
    /// 以这一天为“今天”判断逾期和未报，如 2011-04-12；默认为今天
    #[arg(long = "as-of", value_name = "日期", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
}

pub use super::args::parse_date;

/// What the manifest records of a file besides its result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDigest {
    /// SHA-256 of the file's bytes, lowercase hex (empty if it could not be read).
    pub sha256: String,
    pub size: u64,
}

/// Splits checked files into their results and digests (same order), moving,
/// not copying: results are the bulk of what a check keeps in memory.
fn split(files: Vec<CheckedFile>) -> (Vec<FileResult>, Vec<FileDigest>) {
    files
        .into_iter()
        .map(|f| {
            (
                f.result,
                FileDigest {
                    sha256: f.sha256,
                    size: f.size,
                },
            )
        })
        .unzip()
}

/// An earlier quarter of the year, as far as this quarter needs it: not
/// every file's result, which would hold a second copy of its figures (at
/// 10,000 units, `run` in the fourth quarter peaked at 389 MB with them).
pub struct Earlier {
    pub quarter: Quarter,
    pub inbox: PathBuf,
    /// What became of every file, file-name order.
    pub files: Vec<FileOutcome>,
    /// Every file's digest, in the order of `files`.
    pub digests: Vec<FileDigest>,
    /// The accepted units' values: what this quarter uses of that one.
    pub values: QuarterValues,
}

/// What became of a file of a quarter, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOutcome {
    pub file: String,
    pub unit: Option<String>,
    /// 采用, 退回, 重复未采用, 单位不明 or 无法读取.
    pub status: &'static str,
    pub errors: usize,
    pub warnings: usize,
}

/// What became of each file (file-name order); `counts` gives a file's
/// (errors, warnings) when they differ from its per-file diagnostics (the
/// quarter's cross-file rules added some).
pub fn file_outcomes(
    results: &[FileResult],
    counts: Option<&HashMap<&str, (usize, usize)>>,
) -> Vec<FileOutcome> {
    let counted = check::counted_files(results);
    results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let errors = r
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let unreadable = r.record.is_none();
            let status = match &r.unit {
                _ if unreadable => "无法读取",
                None => "单位不明",
                Some(unit) if counted.get(unit) != Some(&i) => "重复未采用",
                Some(_) if errors > 0 => "退回",
                Some(_) => "采用",
            };
            let (errors, warnings) = match counts {
                Some(counts) => counts.get(r.file.as_str()).copied().unwrap_or((0, 0)),
                None => (errors, r.diagnostics.len() - errors),
            };
            FileOutcome {
                file: r.file.clone(),
                unit: r.unit.clone(),
                status,
                errors,
                warnings,
            }
        })
        .collect()
}

/// Everything a check of one quarter produces.
pub struct Checked {
    pub quarter: Quarter,
    pub inbox: PathBuf,
    /// Every file's result (per-file rules), file-name order. `run` takes
    /// them once it has what it needs from them, to free the memory.
    pub results: Vec<FileResult>,
    /// Every file's digest, in the order of the files; stays when `results`
    /// is taken (its length is the number of files).
    pub digests: Vec<FileDigest>,
    /// The earlier quarters' accepted values and the files read, oldest
    /// first.
    pub earlier: Vec<Earlier>,
    pub report: CheckReport,
    /// Subfolders of the inbox with spreadsheet files, which were not read:
    /// the clerk is told (a unit's file one level down shows as 未报).
    pub subfolders: Vec<inbox::Subfolder>,
}

impl Checked {
    /// The quarter aggregated, moving the accepted records out of the
    /// results and the values out of the earlier quarters (no copy of the
    /// figures: `run` and `explain` need them once). Leaves `results` and
    /// each earlier quarter's `values` empty.
    pub fn aggregate(&mut self, plan: &Plan) -> crate::aggregate::Aggregates {
        let current = crate::aggregate::into_accepted_records(std::mem::take(&mut self.results));
        let earlier: Vec<QuarterValues> = self
            .earlier
            .iter_mut()
            .map(|e| std::mem::take(&mut e.values))
            .collect();
        crate::aggregate::aggregate_owned(plan, self.quarter, &self.report, current, &earlier)
    }
}

impl InboxArgs {
    /// The quarter's inbox folder and quarter, checked against the plan.
    pub fn resolve(&self, plan: &Plan) -> Result<(PathBuf, Quarter), CliError> {
        let (dir, quarter) = inbox::resolve(&self.inbox, self.quarter)?;
        super::args::check_quarter_in_plan(plan, quarter)?;
        Ok((dir, quarter))
    }

    pub fn as_of(&self) -> NaiveDate {
        self.as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// The earlier quarters' inbox folders.
    fn earlier_folders(
        &self,
        dir: &Path,
        quarter: Quarter,
    ) -> Result<Vec<(Quarter, PathBuf)>, CliError> {
        if self.previous.is_empty() {
            return Ok(inbox::earlier_folders(dir, quarter));
        }
        let earlier: Vec<Quarter> = quarter.earlier_in_year().collect();
        if self.previous.len() > earlier.len() {
            return Err(CliError::Usage(format!(
                "--previous 给了 {} 个文件夹，但{}之前本年度只有 {} 个季度：请只列出本年度以前各季度的收件箱",
                self.previous.len(),
                quarter.chinese_label(),
                earlier.len()
            )));
        }
        self.previous
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if !p.is_dir() {
                    return Err(CliError::Usage(format!(
                        "--previous 指定的“{}”不是文件夹：请指定以前季度的收件箱文件夹",
                        p.display()
                    )));
                }
                // Named by quarter when it can be; else in the order given,
                // ending at the quarter before this one.
                let q = inbox::quarter_of_folder(p)
                    .filter(|q| earlier.contains(q))
                    .unwrap_or(earlier[earlier.len() - self.previous.len() + i]);
                Ok((q, p.clone()))
            })
            .collect()
    }

    /// Checks the earlier quarters and this one, within the default read
    /// limits, with a progress bar when stderr is a terminal; `hashing`:
    /// whether each file's SHA-256 is wanted (`run`'s manifest records it).
    pub fn check(&self, plan: &Plan, hashing: Hashing) -> Result<Checked, CliError> {
        self.check_with(plan, &Limits::default(), hashing, stderr_is_terminal())
    }

    /// [`InboxArgs::check`] within `limits`, with a progress bar or not.
    fn check_with(
        &self,
        plan: &Plan,
        limits: &Limits,
        hashing: Hashing,
        progress: bool,
    ) -> Result<Checked, CliError> {
        let (dir, quarter) = self.resolve(plan)?;
        let as_of = self.as_of();
        let mut earlier = Vec::new();
        for (q, folder) in self.earlier_folders(&dir, quarter)? {
            let files = inbox::list_files(&folder)?;
            let checked = checked_with_progress(
                plan,
                q,
                &files,
                limits,
                hashing,
                progress,
                &format!("读取{}", q.chinese_label()),
            );
            let (results, digests) = split(checked);
            let files = file_outcomes(&results, None);
            // The values copied (without their cells, which no later
            // quarter shows), then every result freed: the copies lie
            // together in this thread's memory, and the reading threads'
            // memory is free again for the next quarter. (Moving the
            // records out instead left them strewn among the freed results:
            // half the heap, but 681 MB of RSS instead of 389 for the fourth
            // quarter of 10,000 units.)
            let values = crate::aggregate::accepted_values(&results);
            drop(results);
            earlier.push(Earlier {
                quarter: q,
                inbox: folder,
                files,
                digests,
                values,
            });
        }
        let values: Vec<&QuarterValues> = earlier.iter().map(|e| &e.values).collect();
        let (results, digests, report) = check_quarter(
            plan,
            quarter,
            &dir,
            &values,
            as_of,
            QuarterCheck {
                limits,
                hashing,
                progress,
                label: "审核",
            },
        )?;
        let subfolders = inbox::subfolders_with_spreadsheets(&dir);
        Ok(Checked {
            subfolders,
            quarter,
            inbox: dir,
            results,
            digests,
            earlier,
            report,
        })
    }
}

/// How [`check_quarter`] reads a quarter's files.
pub struct QuarterCheck<'a> {
    pub limits: &'a Limits,
    pub hashing: Hashing,
    /// A progress bar on stderr.
    pub progress: bool,
    /// The progress bar's label.
    pub label: &'a str,
}

/// Checks the files in `dir` (the per-file rules), then the quarter as a
/// whole (the cross-file rules) with `earlier`, the earlier quarters'
/// accepted values (oldest first). `check` and `run` read the earlier
/// quarters' files themselves; `annual` passes on what it took from each
/// quarter, read once.
pub fn check_quarter(
    plan: &Plan,
    quarter: Quarter,
    dir: &Path,
    earlier: &[&QuarterValues],
    as_of: NaiveDate,
    how: QuarterCheck,
) -> Result<(Vec<FileResult>, Vec<FileDigest>, CheckReport), CliError> {
    let files = inbox::list_files(dir)?;
    let checked = checked_with_progress(
        plan,
        quarter,
        &files,
        how.limits,
        how.hashing,
        how.progress,
        how.label,
    );
    let (results, digests) = split(checked);
    // Figures of earlier quarters count only from submissions that passed.
    let records: Vec<&dyn RecordsByUnit> = earlier
        .iter()
        .map(|values| *values as &dyn RecordsByUnit)
        .collect();
    // The report adds the cross-file rules; `results` keep the per-file ones.
    let report = check::check_inbox_with(plan, quarter, &results, &records, as_of);
    Ok((results, digests, report))
}

fn checked_with_progress(
    plan: &Plan,
    quarter: Quarter,
    files: &[InboxFile],
    limits: &Limits,
    hashing: Hashing,
    progress: bool,
    label: &str,
) -> Vec<CheckedFile> {
    let bar = if progress {
        indicatif::ProgressBar::with_draw_target(
            Some(files.len() as u64),
            indicatif::ProgressDrawTarget::stderr(),
        )
    } else {
        indicatif::ProgressBar::hidden()
    };
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} 个文件 {elapsed}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(label.to_string());
    let checked = inbox::check_files(plan, quarter, files, limits, hashing, &|| bar.inc(1));
    bar.finish_and_clear();
    checked
}

/// The output folder must not lie inside an inbox (outputs would be read
/// back as submissions next time).
pub fn refuse_inside(out: &Path, inbox: &Path) -> Result<(), CliError> {
    let canonical = |p: &Path| -> PathBuf {
        // The output folder may not exist yet: resolve its nearest existing ancestor.
        let mut existing = p.to_path_buf();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (
                existing.file_name().map(|n| n.to_os_string()),
                existing.parent(),
            ) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    existing = if parent.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        parent.to_path_buf()
                    };
                }
                _ => break,
            }
        }
        let mut full = dunce::canonicalize(&existing).unwrap_or(existing);
        for name in rest.into_iter().rev() {
            full.push(name);
        }
        full
    };
    let (out_full, inbox_full) = (canonical(out), canonical(inbox));
    if out_full.starts_with(&inbox_full) {
        return Err(CliError::Usage(format!(
            "输出文件夹“{}”在收件箱“{}”里面：输出会被当作报表再次读取。请把输出放在收件箱以外，如 --out {}",
            out.display(),
            inbox.display(),
            default_out_name(inbox, "成果").display()
        )));
    }
    Ok(())
}

/// A folder beside the inbox: `收件箱/2011Q1` → `收件箱/2011Q1_审核结果`.
pub fn default_out_name(inbox: &Path, suffix: &str) -> PathBuf {
    let name = inbox
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "收件箱".to_string());
    inbox.with_file_name(format!("{name}_{suffix}"))
}

/// Whether stderr is a terminal (progress bars only then).
pub fn stderr_is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal()
}

/// Folder (inside the output folder) of the annotated return copies.
pub const RETURN_FOLDER: &str = "退回";

/// `E11` → (10, 4), 0-based; `None` for anything else.
fn parse_a1(a1: &str) -> Option<(u32, u16)> {
    let letters: String = a1.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
    let row: u32 = a1[letters.len()..].parse().ok()?;
    Some((
        row.checked_sub(1)?,
        u16::try_from(col.checked_sub(1)?).ok()?,
    ))
}

/// A file written into an output folder: its path inside the folder, its
/// SHA-256 (lowercase hex) and size, for the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub name: String,
    pub sha256: String,
    pub size: u64,
}

impl Written {
    pub fn of(name: String, bytes: &[u8]) -> Written {
        Written::hashed(name, bytes, Hashing::Sha256)
    }

    /// [`Written::of`], with the SHA-256 left empty when `hashing` is
    /// [`Hashing::Skip`] (`check` shows no hashes; `run`'s manifest
    /// records them).
    pub fn hashed(name: String, bytes: &[u8], hashing: Hashing) -> Written {
        use sha2::Digest;
        Written {
            name,
            sha256: match hashing {
                Hashing::Sha256 => inbox::hex(&sha2::Sha256::digest(bytes)),
                Hashing::Skip => String::new(),
            },
            size: bytes.len() as u64,
        }
    }
}

/// What [`write_returns`] wrote, and the returned units that got a 退回通知
/// but no 退回修改稿, with why (the clerk is told: those units need another
/// way to see where their problems are).
#[derive(Debug, Default)]
pub struct Returns {
    /// Sorted by name.
    pub written: Vec<Written>,
    /// In the order of the statuses (roster order).
    pub without_copy: Vec<NoCopy>,
}

/// A returned unit whose return copy could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoCopy {
    pub unit_code: String,
    pub unit_name: String,
    pub reason: String,
}

impl Returns {
    /// Number of units returned (each has one 退回通知).
    pub fn units(&self) -> usize {
        self.written
            .iter()
            .filter(|w| w.name.ends_with(".docx"))
            .count()
    }

    /// The line telling the clerk which units got no 退回修改稿, if any.
    pub fn without_copy_line(&self) -> Option<String> {
        if self.without_copy.is_empty() {
            return None;
        }
        let units: Vec<String> = self
            .without_copy
            .iter()
            .map(|u| format!("{} {}（{}）", u.unit_code, u.unit_name, u.reason))
            .collect();
        Some(format!(
            "注意：{} 个单位只有退回通知，没有退回修改稿，请另行告知其问题所在：{}",
            self.without_copy.len(),
            units.join("；")
        ))
    }
}

/// For each returned unit, its 退回通知 and (when its file can be read
/// again) the annotated return copy, written into `dir/退回/` as soon as they
/// are made, units in parallel: with thousands of returned units neither the
/// time nor the memory piles up. The problems of each file are found once
/// (not by scanning every diagnostic per unit). The files are flushed to
/// disk by threads of their own, not by the cores that make them.
/// `atomic`: each file through a temp file and a rename (an existing folder
/// the clerk sees); else written directly (a fresh folder that is renamed
/// into place as a whole).
pub fn write_returns(
    plan: &Plan,
    checked: &Checked,
    args: &super::args::NoticeArgs,
    limits: &Limits,
    dir: &Path,
    atomic: bool,
    hashing: Hashing,
) -> Result<Returns, CliError> {
    use rayon::prelude::*;

    use crate::check::rules::RuleId;
    use crate::check::{Diagnostic, SubmissionStatus};
    use crate::output::Flusher;
    use crate::render::gongwen::{render_docx, return_notice, ReturnProblem};

    let report = &checked.report;
    let returned: Vec<_> = report
        .statuses
        .iter()
        .filter(|s| s.status == SubmissionStatus::Returned)
        .filter_map(|s| Some((s, s.file.as_ref()?)))
        .collect();
    if returned.is_empty() {
        return Ok(Returns::default());
    }
    let mut by_file: std::collections::HashMap<&str, Vec<&Diagnostic>> =
        std::collections::HashMap::new();
    for d in &report.diagnostics {
        by_file.entry(d.file.as_str()).or_default().push(d);
    }
    let templates = super::args::doc_templates(args.doc_templates.as_deref())?;
    let date = args.date.unwrap_or(report.as_of);
    let folder = dir.join(RETURN_FOLDER);
    super::args::ensure_dir(&folder)?;
    // Made on all cores; flushed to disk by threads of their own (see
    // `output::with_flusher`), so no core waits for the disk.
    let write = |flusher: &Flusher, name: String, bytes: &[u8]| -> Result<Written, CliError> {
        flusher.write(&folder.join(&name), bytes, atomic)?;
        Ok(Written::hashed(
            format!("{RETURN_FOLDER}/{name}"),
            bytes,
            hashing,
        ))
    };
    // Names first, one after another: two units' files whose names differ
    // only past the length kept by `safe_file_name` must not be written to
    // the same path by two threads at once (nor one overwrite the other).
    let mut taken = std::collections::HashSet::new();
    let mut unique = |name: String| {
        let mut candidate = name.clone();
        let mut n = 2;
        while !taken.insert(candidate.clone()) {
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name.as_str(), ""));
            candidate = format!("{stem}_{n}.{ext}");
            n += 1;
        }
        candidate
    };
    let returned: Vec<_> = returned
        .into_iter()
        .map(|(status, file)| {
            let notice = unique(crate::output::safe_file_name(&format!(
                "{}_{}_{}_退回通知.docx",
                status.unit_code, status.unit_name, checked.quarter
            )));
            let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
            let copy = unique(crate::output::safe_file_name(&format!(
                "{stem}_退回修改.xlsx"
            )));
            (status, file, notice, copy)
        })
        .collect();
    let per_unit = crate::output::with_flusher(|flusher| -> Result<Vec<_>, CliError> {
        returned
            .par_iter()
            .map(
                |(status, file, notice_name, copy_name)| -> Result<_, CliError> {
                    let problems = by_file.get(file.as_str()).map_or(&[][..], Vec::as_slice);
                    let mut written = Vec::new();

                    let errors: Vec<ReturnProblem> = problems
                        .iter()
                        .filter(|d| d.severity == crate::plan::Severity::Error)
                        .map(|d| ReturnProblem {
                            location: shown_location(d),
                            message: d.message.clone(),
                            hint: d.hint.clone(),
                        })
                        .collect();
                    let doc = return_notice(
                        plan,
                        checked.quarter,
                        &status.unit_name,
                        &errors,
                        date,
                        &templates,
                    )?;
                    written.push(write(flusher, notice_name.clone(), &render_docx(&doc)?)?);

                    // A file that could not be opened at all gets no copy
                    // (its notice says so) and is not read again.
                    let unopened = problems.iter().any(|d| {
                        d.rule == RuleId::FileUnreadable.id()
                            || d.rule == RuleId::FileEncrypted.id()
                    });
                    if unopened {
                        return Ok((written, None));
                    }
                    let title = format!(
                        "{} {}报表退回修改说明",
                        status.unit_name,
                        checked.quarter.chinese_label()
                    );
                    let missing =
                        match return_copy(&checked.inbox.join(file), problems, &title, limits) {
                            Ok(copy) => {
                                written.push(write(flusher, copy_name.clone(), &copy)?);
                                None
                            }
                            Err(reason) => Some(NoCopy {
                                unit_code: status.unit_code.clone(),
                                unit_name: status.unit_name.clone(),
                                reason,
                            }),
                        };
                    Ok((written, missing))
                },
            )
            .collect()
    })??;
    let mut returns = Returns::default();
    for (written, missing) in per_unit {
        returns.written.extend(written);
        returns.without_copy.extend(missing);
    }
    returns.written.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(returns)
}

/// Where a problem is, as a notice and a copy show it.
fn shown_location(d: &crate::check::Diagnostic) -> String {
    if d.location().is_empty() {
        "整个文件".to_string()
    } else {
        d.location()
    }
}

/// The annotated return copy of the returned file at `path`, its
/// `problems` marked, or why it cannot be made.
fn return_copy(
    path: &Path,
    problems: &[&crate::check::Diagnostic],
    title: &str,
    limits: &Limits,
) -> Result<Vec<u8>, String> {
    use crate::render::annotate::{annotated_copy, Mark};
    let bytes =
        std::fs::read(path).map_err(|e| format!("报表无法再次读取：{}", crate::io_reason(&e)))?;
    let workbook = crate::ingest::read_workbook(&bytes, limits).map_err(|e| e.to_string())?;
    let marks: Vec<Mark> = problems
        .iter()
        .map(|d| Mark {
            place: match (&d.sheet, d.cell.as_deref().and_then(parse_a1)) {
                (Some(sheet), Some((row, col))) => Some((sheet.clone(), row, col)),
                _ => None,
            },
            location: shown_location(d),
            severity: d.severity,
            message: d.message.clone(),
            hint: d.hint.clone(),
        })
        .collect();
    annotated_copy(&workbook, &marks, title).map_err(|e| e.to_string())
}

/// Days a 催报通知 gives the units once the deadline has passed.
const REMINDER_GRACE_DAYS: u64 = 3;
/// A 催报通知 is written from this many days before the deadline on.
const REMINDER_LEAD_DAYS: i64 = 3;
/// File name of the 催报通知.
pub const REMINDER_FILE: &str = "催报通知.docx";

/// The 催报通知 to the units not yet submitted, when the deadline is near
/// or past and some are missing: (file name, bytes).
pub fn reminder(
    plan: &Plan,
    checked: &Checked,
    args: &super::args::NoticeArgs,
) -> Result<Option<(String, Vec<u8>)>, CliError> {
    use crate::check::SubmissionStatus;
    use crate::render::gongwen::{reminder_notice, render_docx};
    let report = &checked.report;
    let missing: Vec<(String, String)> = report
        .statuses
        .iter()
        .filter(|s| s.status == SubmissionStatus::Missing)
        .map(|s| (s.unit_code.clone(), s.unit_name.clone()))
        .collect();
    let days_left = (report.due_date - report.as_of).num_days();
    if missing.is_empty() || days_left > REMINDER_LEAD_DAYS {
        return Ok(None);
    }
    let templates = super::args::doc_templates(args.doc_templates.as_deref())?;
    let date = args.date.unwrap_or(report.as_of);
    let due = if days_left >= 0 {
        report.due_date
    } else {
        report.as_of + chrono::Days::new(REMINDER_GRACE_DAYS)
    };
    let doc = reminder_notice(plan, checked.quarter, &missing, due, date, None, &templates)?;
    Ok(Some((REMINDER_FILE.to_string(), render_docx(&doc)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_without_a_return_copy_are_named_with_why() {
        let mut returns = Returns {
            written: vec![
                Written::of("退回/0102_甲_2011Q1_退回通知.docx".into(), b"a"),
                Written::of("退回/0105_乙_2011Q1_退回修改.xlsx".into(), b"b"),
                Written::of("退回/0105_乙_2011Q1_退回通知.docx".into(), b"c"),
            ],
            without_copy: Vec::new(),
        };
        assert_eq!(returns.units(), 2);
        assert_eq!(returns.without_copy_line(), None);
        returns.without_copy.push(NoCopy {
            unit_code: "0102".into(),
            unit_name: "市第二人民医院党委".into(),
            reason: "生成 Excel 文件失败：合并单元格重叠".into(),
        });
        assert_eq!(
            returns.without_copy_line().unwrap(),
            "注意：1 个单位只有退回通知，没有退回修改稿，请另行告知其问题所在：0102 市第二人民医院党委（生成 Excel 文件失败：合并单元格重叠）"
        );
    }
}

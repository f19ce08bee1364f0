//! The inbox: the folder where returned workbooks are dropped, one folder per
//! quarter (`收件箱/2011Q1/`, `收件箱/2011Q2/`, …).
//!
//! Lists the files, reads and checks them in parallel (ingest → check), and
//! keeps of each file only its small result: memory grows with the number of
//! units, never with the size of the workbooks.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::check::{self, FileResult};
use crate::ingest::{self, Limits};
use crate::plan::{Plan, Quarter};

/// A file found in an inbox folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxFile {
    /// File name, as the clerk sees it in the folder.
    pub name: String,
    pub path: PathBuf,
}

/// Why an inbox could not be used (the check cannot run: exit 2).
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error("收件箱“{}”不存在：请确认路径，或先建立该文件夹并放入各单位报回的报表", .0.display())]
    NotFound(PathBuf),
    #[error("收件箱“{}”是一个文件，不是文件夹：请指定存放报表的文件夹", .0.display())]
    NotAFolder(PathBuf),
    #[error("无法读取收件箱“{}”：{reason}", .path.display())]
    Unreadable { path: PathBuf, reason: String },
    #[error(
        "无法确定要审核的季度：文件夹名“{0}”不是季度（如 2011Q1）。请加 --quarter 2011Q1 指定季度"
    )]
    QuarterUnknown(String),
}

/// The result of checking one file, with what the manifest records of it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedFile {
    pub result: FileResult,
    /// SHA-256 of the file's bytes, lowercase hex (empty if it could not be
    /// read, or with [`Hashing::Skip`]).
    pub sha256: String,
    pub size: u64,
}

/// Whether a check hashes each file (for `run`'s manifest) or not (a
/// `check` never shows the hashes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hashing {
    Sha256,
    Skip,
}

/// Files a clerk's folder holds that are not submissions: Office lock files,
/// hidden files, thumbnails.
fn is_ignored(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.starts_with("~$")
        || name.starts_with('.')
        || lower == "thumbs.db"
        || lower == "desktop.ini"
        || lower.ends_with(".tmp")
}

/// The files of one inbox folder (not its subfolders), sorted by name.
pub fn list_files(dir: &Path) -> Result<Vec<InboxFile>, InboxError> {
    if !dir.exists() {
        return Err(InboxError::NotFound(dir.to_path_buf()));
    }
    if !dir.is_dir() {
        return Err(InboxError::NotAFolder(dir.to_path_buf()));
    }
    let unreadable = |err: std::io::Error| InboxError::Unreadable {
        path: dir.to_path_buf(),
        reason: crate::io_reason(&err),
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let path = entry.path();
        // The folder listing says what each entry is (no call per file, which
        // took ~15 ms for 10,000 files before any was read); a link is
        // followed to what it points to, and a link to nothing (or to
        // itself) is listed, to be reported as a file that cannot be read.
        let is_file = match entry.file_type() {
            Ok(kind) if !kind.is_symlink() => kind.is_file(),
            Ok(_) => path.is_file() || std::fs::metadata(&path).is_err(),
            Err(_) => path.is_file(),
        };
        if !is_file {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_ignored(&name) {
            continue;
        }
        files.push(InboxFile { name, path });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// A subfolder of an inbox that holds spreadsheet files, which a check does
/// not read (a unit's files saved one level down would show as 未报).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subfolder {
    pub name: String,
    /// Files named like spreadsheets (.xlsx, .xls, .et, …) directly in it.
    pub spreadsheets: usize,
}

/// The subfolders of `dir` with spreadsheet files in them, by name; not
/// those named after a quarter (`2011Q1`: the layout of an inbox root).
/// A folder that cannot be listed is left out: this only warns.
pub fn subfolders_with_spreadsheets(dir: &Path) -> Vec<Subfolder> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut folders: Vec<Subfolder> = entries
        .flatten()
        // As in `list_files`: the listing's own kind, a link followed.
        .filter(|entry| match entry.file_type() {
            Ok(kind) if !kind.is_symlink() => kind.is_dir(),
            _ => entry.path().is_dir(),
        })
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_ignored(&name) || name.parse::<Quarter>().is_ok() {
                return None;
            }
            let spreadsheets = std::fs::read_dir(entry.path())
                .ok()?
                .flatten()
                .filter(|file| {
                    let name = file.file_name().to_string_lossy().to_lowercase();
                    !is_ignored(&name)
                        && ingest::SPREADSHEET_EXTENSIONS
                            .iter()
                            .any(|ext| name.ends_with(ext))
                        && file.path().is_file()
                })
                .count();
            (spreadsheets > 0).then_some(Subfolder { name, spreadsheets })
        })
        .collect();
    folders.sort_by(|a, b| a.name.cmp(&b.name));
    folders
}

/// The quarter a folder is named after (`2011Q1`), if any.
pub fn quarter_of_folder(dir: &Path) -> Option<Quarter> {
    dir.file_name()?.to_str()?.parse().ok()
}

/// The folder of `quarter`: `root/2011Q1` when `root` holds quarter folders,
/// else `root` itself. Without a quarter, the folder's own name must be one.
pub fn resolve(root: &Path, quarter: Option<Quarter>) -> Result<(PathBuf, Quarter), InboxError> {
    if !root.exists() {
        return Err(InboxError::NotFound(root.to_path_buf()));
    }
    match quarter {
        Some(q) => {
            let sub = root.join(q.to_string());
            if sub.is_dir() {
                Ok((sub, q))
            } else {
                Ok((root.to_path_buf(), q))
            }
        }
        None => {
            let name = dunce::canonicalize(root)
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| root.display().to_string());
            let q = quarter_of_folder(root)
                .or_else(|| name.parse().ok())
                .ok_or(InboxError::QuarterUnknown(name))?;
            Ok((root.to_path_buf(), q))
        }
    }
}

/// The inboxes of the earlier quarters of the same year that exist beside
/// `inbox` (`收件箱/2011Q1` beside `收件箱/2011Q2`), oldest first.
pub fn earlier_folders(inbox: &Path, quarter: Quarter) -> Vec<(Quarter, PathBuf)> {
    let Some(parent) = dunce::canonicalize(inbox)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
    else {
        return Vec::new();
    };
    quarter
        .earlier_in_year()
        .map(|q| (q, parent.join(q.to_string())))
        .filter(|(_, dir)| dir.is_dir())
        .collect()
}

/// Reads and checks every file, in parallel; `tick` is called once per file
/// (for a progress bar). Results come back in file-name order.
pub fn check_files(
    plan: &Plan,
    quarter: Quarter,
    files: &[InboxFile],
    limits: &Limits,
    hashing: Hashing,
    tick: &(dyn Fn() + Sync),
) -> Vec<CheckedFile> {
    // One file per job: rayon otherwise stops splitting after a few
    // levels, and at the end one thread reads a last run of a few dozen
    // files alone while the other waits (~30 ms at 10,000 files).
    files
        .par_iter()
        .with_max_len(1)
        .map(|file| {
            let checked = check_file(plan, quarter, file, limits, hashing);
            tick();
            checked
        })
        .collect()
}

/// Reads and checks one file. Never fails: an unreadable file is a result
/// with one file-level diagnostic.
pub fn check_file(
    plan: &Plan,
    quarter: Quarter,
    file: &InboxFile,
    limits: &Limits,
    hashing: Hashing,
) -> CheckedFile {
    let bytes = match read_capped(&file.path, limits.max_file_bytes) {
        Ok(bytes) => bytes,
        Err(err) => {
            let hint = if err.kind() == std::io::ErrorKind::NotFound {
                // Moved away while the inbox was read, or a link to nothing.
                "文件已被移走或删除，或是指向不存在文件的快捷方式：请把报表文件本身放入收件箱后重新审核"
            } else {
                "请确认文件没有被其他程序占用，并有读取权限"
            };
            return CheckedFile {
                result: check::unreadable(
                    plan,
                    &file.name,
                    false,
                    format!("无法打开文件：{}", crate::io_reason(&err)),
                    hint.to_string(),
                ),
                sha256: String::new(),
                size: 0,
            };
        }
    };
    let sha256 = match hashing {
        Hashing::Sha256 => hex(&Sha256::digest(&bytes)),
        Hashing::Skip => String::new(),
    };
    let size = bytes.len() as u64;
    let result = match ingest::read_submission(&bytes, limits) {
        Ok(submission) => {
            drop(bytes);
            check::check_submission(plan, quarter, &file.name, &submission)
        }
        Err(err) => check::unreadable(
            plan,
            &file.name,
            err.is_encrypted(),
            err.to_string(),
            err.hint(),
        ),
    };
    CheckedFile {
        result,
        sha256,
        size,
    }
}

/// Reads a file, refusing one larger than `limit` without reading it all.
fn read_capped(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    // Sized from the file's length: `Take` hides it from `read_to_end`, which
    // would otherwise grow the buffer by doubling (copies and small reads).
    let expected = file.metadata().map_or(0, |m| m.len());
    let capacity = usize::try_from(expected.min(limit.saturating_add(1))).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_lock_and_hidden_files_are_not_submissions() {
        assert!(is_ignored("~$0101_市第一人民医院党委_2011Q1.xlsx"));
        assert!(is_ignored(".DS_Store"));
        assert!(is_ignored("Thumbs.db"));
        assert!(!is_ignored("0101_市第一人民医院党委_2011Q1.xlsx"));
        assert!(!is_ignored("说明.txt"));
    }

    #[test]
    fn an_inbox_lists_its_files_not_its_folders_nor_lock_files() {
        let dir = std::env::temp_dir().join(format!("huizong-list-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("2011Q1旧文件")).unwrap();
        for name in [
            "0102_乙_2011Q1.xlsx",
            "0101_甲_2011Q1.xlsx",
            "~$0101_甲_2011Q1.xlsx",
        ] {
            std::fs::write(dir.join(name), b"x").unwrap();
        }
        #[cfg(unix)]
        {
            // Links are followed: one to a file is a file, one to a folder is not.
            let target = dir.join("0101_甲_2011Q1.xlsx");
            std::os::unix::fs::symlink(&target, dir.join("0103_丙_2011Q1.xlsx")).unwrap();
            std::os::unix::fs::symlink(dir.join("2011Q1旧文件"), dir.join("0104_丁")).unwrap();
            // One to nothing is listed, to be reported (it was skipped
            // without a word).
            std::os::unix::fs::symlink(dir.join("没有.xlsx"), dir.join("0105_戊.xlsx")).unwrap();
        }
        let names: Vec<String> = list_files(&dir)
            .unwrap()
            .into_iter()
            .map(|f| f.name)
            .collect();
        let mut expected = vec!["0101_甲_2011Q1.xlsx", "0102_乙_2011Q1.xlsx"];
        if cfg!(unix) {
            expected.extend(["0103_丙_2011Q1.xlsx", "0105_戊.xlsx"]);
        }
        assert_eq!(names, expected);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_gone_when_it_is_read_is_reported_with_what_to_do() {
        let plan = crate::plan::default_plan().unwrap();
        let file = InboxFile {
            name: "0101_市第一人民医院党委_2011Q1.xlsx".to_string(),
            path: std::env::temp_dir().join(format!("huizong-gone-{}.xlsx", std::process::id())),
        };
        let quarter = Quarter::new(2011, 1).unwrap();
        let checked = check_file(&plan, quarter, &file, &Limits::default(), Hashing::Sha256);
        let [d] = &checked.result.diagnostics[..] else {
            panic!("{:?}", checked.result.diagnostics);
        };
        assert_eq!(d.message, "无法打开文件：文件或文件夹不存在");
        assert_eq!(
            d.hint,
            "文件已被移走或删除，或是指向不存在文件的快捷方式：请把报表文件本身放入收件箱后重新审核"
        );
        assert_eq!(checked.result.unit.as_deref(), Some("0101"));
        assert_eq!((checked.sha256.as_str(), checked.size), ("", 0));
    }

    #[test]
    fn subfolders_holding_spreadsheets_are_found_to_be_told() {
        let dir = std::env::temp_dir().join(format!("huizong-sub-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (folder, files) in [
            (
                "0101_甲单位报表",
                &["0101_甲_2011Q1.XLSX", "~$0101_甲_2011Q1.xlsx"][..],
            ),
            ("旧文件", &["a.xls", "b.et", "说明.docx"][..]),
            ("照片", &["1.jpg"][..]),
            ("2011Q1", &["0102_乙_2011Q1.xlsx"][..]),
            (".git", &["x.xlsx"][..]),
        ] {
            std::fs::create_dir_all(dir.join(folder)).unwrap();
            for file in files {
                std::fs::write(dir.join(folder).join(file), b"x").unwrap();
            }
        }
        std::fs::write(dir.join("0103_丙_2011Q1.xlsx"), b"x").unwrap();
        let found = subfolders_with_spreadsheets(&dir);
        let found: Vec<(&str, usize)> = found
            .iter()
            .map(|f| (f.name.as_str(), f.spreadsheets))
            .collect();
        assert_eq!(found, [("0101_甲单位报表", 1), ("旧文件", 2)]);
        assert_eq!(subfolders_with_spreadsheets(&dir.join("没有")), []);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn quarter_folders() {
        assert_eq!(
            quarter_of_folder(Path::new("收件箱/2011Q2")),
            Quarter::new(2011, 2)
        );
        assert_eq!(quarter_of_folder(Path::new("收件箱")), None);
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}

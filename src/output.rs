//! Writing outputs: atomic replacement and file names that are safe on Windows.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
#[error("无法写入“{}”：{reason}。请确认目标文件夹可写，且该文件没有在 Excel/WPS 中打开。", .path.display())]
pub struct WriteError {
    pub path: PathBuf,
    pub reason: String,
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a
/// rename, so a reader never sees a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let fail = |err: std::io::Error| WriteError {
        path: path.to_path_buf(),
        reason: crate::io_reason(&err),
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)
    })();
    if let Err(err) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(fail(err));
    }
    Ok(())
}

/// Characters Windows forbids in file names, plus path separators.
/// Writes a file and flushes it to disk, without a temp file: for a file in
/// a fresh folder that is renamed into place as a whole (the rename is the
/// atomic step).
pub fn write_durable(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let result = (|| {
        let mut file = std::fs::File::create(path)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    result.map_err(|err| WriteError {
        path: path.to_path_buf(),
        reason: crate::io_reason(&err),
    })
}

const FORBIDDEN: &[char] = &['\\', '/', ':', '*', '?', '"', '<', '>', '|'];

/// Makes `name` a single, valid file name on Windows and Unix: forbidden
/// characters and control characters become `_`, leading dots and trailing
/// dots and spaces are removed, and the name is capped at 120 characters
/// (keeping its extension), so it can never leave the folder it is joined to.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if FORBIDDEN.contains(&c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let (stem, ext) = match cleaned.rfind('.') {
        Some(i) if i > 0 && cleaned.len() - i <= 6 => (&cleaned[..i], &cleaned[i..]),
        _ => (cleaned.as_str(), ""),
    };
    // At most 120 characters (Windows) and 200 bytes (Linux and macOS allow
    // 255 bytes a name; a Chinese character is 3 bytes in UTF-8).
    let mut bytes = 0;
    let stem: String = stem
        .chars()
        .take(120)
        .take_while(|c| {
            bytes += c.len_utf8();
            bytes <= 200
        })
        .collect();
    let stem = stem
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let stem = if stem.is_empty() { "_" } else { stem };
    format!("{stem}{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_inside_their_folder() {
        assert_eq!(
            safe_file_name("0101_市第一人民医院党委_2011Q1.xlsx"),
            "0101_市第一人民医院党委_2011Q1.xlsx"
        );
        assert_eq!(
            safe_file_name("../../etc/passwd.xlsx"),
            "_.._etc_passwd.xlsx"
        );
        assert_eq!(
            safe_file_name("a\\b:c*d?\"e<f>g|h\u{1}.xlsx"),
            "a_b_c_d__e_f_g_h_.xlsx"
        );
        assert_eq!(safe_file_name("...xlsx"), "_.xlsx");
        assert_eq!(safe_file_name("名称. .xlsx"), "名称.xlsx");
        let long = format!("{}.xlsx", "长".repeat(300));
        assert_eq!(safe_file_name(&long), format!("{}.xlsx", "长".repeat(66)));
        let ascii = format!("{}.xlsx", "x".repeat(300));
        assert_eq!(safe_file_name(&ascii), format!("{}.xlsx", "x".repeat(120)));
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = std::env::temp_dir().join(format!("huizong-out-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("汇总表.xlsx");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

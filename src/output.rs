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
    let temp = temp_path(path);
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

/// A file written but not yet flushed to disk nor put in place (see
/// [`with_flusher`]). Dropped before it is flushed, its temporary file is
/// removed.
#[derive(Debug)]
pub struct Unflushed {
    /// Where the bytes are: a temporary name beside `path`, or `path` itself.
    written: PathBuf,
    path: PathBuf,
    done: bool,
}

impl Drop for Unflushed {
    fn drop(&mut self) {
        if !self.done && self.written != self.path {
            let _ = std::fs::remove_file(&self.written);
        }
    }
}

/// Writes `bytes` for `path` without waiting for the disk: through a
/// temporary file in the same folder when `atomic` (put in place once
/// flushed), else to `path` itself (a file in a fresh folder that is
/// renamed into place as a whole).
fn write_unflushed(path: &Path, bytes: &[u8], atomic: bool) -> Result<Unflushed, WriteError> {
    let written = if atomic {
        temp_path(path)
    } else {
        path.to_path_buf()
    };
    let pending = Unflushed {
        written,
        path: path.to_path_buf(),
        done: false,
    };
    std::fs::write(&pending.written, bytes).map_err(|err| WriteError {
        path: path.to_path_buf(),
        reason: crate::io_reason(&err),
    })?;
    Ok(pending)
}

/// Files flushed to disk at the same time: the waits overlap (a disk, or
/// Windows' FlushFileBuffers, serves several at once) and cost no core.
const FLUSHING_AT_ONCE: usize = 4;

/// Flushes files to disk on threads of its own while the caller's threads
/// go on making the next ones (see [`with_flusher`]).
pub struct Flusher {
    /// `None` when no flushing thread could be started: each file is then
    /// flushed as it is written.
    queue: Option<std::sync::mpsc::Sender<Unflushed>>,
}

impl Flusher {
    /// Writes `bytes` for `path` (see `write_unflushed`) and hands the
    /// file to the flushing threads.
    pub fn write(&self, path: &Path, bytes: &[u8], atomic: bool) -> Result<(), WriteError> {
        let file = write_unflushed(path, bytes, atomic)?;
        // The flushing threads live until `with_flusher` has run `work`;
        // were they gone (or never started), the file is flushed here.
        let unsent = match &self.queue {
            Some(queue) => queue.send(file).err().map(|e| e.0),
            None => Some(file),
        };
        if let Some(mut file) = unsent {
            flush(&file)?;
            file.done = true;
        }
        Ok(())
    }
}

/// Runs `work`, which writes files through the [`Flusher`] it is given,
/// while `FLUSHING_AT_ONCE` threads flush each file to disk and put it in
/// place by a rename (when written through a temporary file): the cores
/// that make the files never wait for the disk. (Were no thread to be had,
/// each file is flushed by the thread that writes it.) Returns once every file is
/// whole and on disk: `work`'s result, or the failure to flush a file (of
/// several, the one whose path sorts first).
pub fn with_flusher<R>(work: impl FnOnce(&Flusher) -> R) -> Result<R, WriteError> {
    let (sender, receiver) = std::sync::mpsc::channel::<Unflushed>();
    let receiver = std::sync::Mutex::new(receiver);
    let failures: std::sync::Mutex<Vec<WriteError>> = std::sync::Mutex::new(Vec::new());
    let result = std::thread::scope(|scope| {
        let mut started = 0;
        for _ in 0..FLUSHING_AT_ONCE {
            let flushing = std::thread::Builder::new().spawn_scoped(scope, || loop {
                let next = receiver
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .recv();
                let Ok(mut file) = next else { break };
                match flush(&file) {
                    Ok(()) => file.done = true,
                    Err(err) => failures
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(err),
                }
            });
            started += usize::from(flushing.is_ok());
        }
        // Without a flushing thread, `work`'s own threads flush.
        let flusher = Flusher {
            queue: (started > 0).then_some(sender),
        };
        work(&flusher)
        // `flusher` (the only sender) is dropped here: the threads finish
        // the queue and stop.
    });
    let mut failures = failures
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    failures.sort_by(|a, b| a.path.cmp(&b.path));
    match failures.into_iter().next() {
        Some(err) => Err(err),
        None => Ok(result),
    }
}

/// Flushes one file to disk and, when written through a temporary file,
/// renames it into place.
fn flush(file: &Unflushed) -> Result<(), WriteError> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(&file.written)
        .and_then(|f| f.sync_all())
        .and_then(|()| {
            if file.written == file.path {
                Ok(())
            } else {
                std::fs::rename(&file.written, &file.path)
            }
        })
        .map_err(|err| WriteError {
            path: file.path.clone(),
            reason: crate::io_reason(&err),
        })
}

/// The temporary name beside `path` that [`write_atomic`] writes first.
fn temp_path(path: &Path) -> PathBuf {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{file_name}.{}.tmp", std::process::id()))
}

/// Writes a file and flushes it to disk, without a temp file: for a file in
/// a fresh folder that is renamed into place as a whole (the rename is the
/// atomic step).
pub fn write_durable(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_durable_with(path, |out| out.write_all(bytes))
}

/// [`write_durable`], the bytes written by `write` as it makes them
/// (buffered), not made whole in memory first.
pub fn write_durable_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let result = (|| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        write(&mut out)?;
        let file = out.into_inner().map_err(|err| err.into_error())?;
        file.sync_all()
    })();
    result.map_err(|err| WriteError {
        path: path.to_path_buf(),
        reason: crate::io_reason(&err),
    })
}

/// Characters Windows forbids in file names, plus path separators.
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

    /// An empty folder of its own for a test, under the system's temp folder.
    fn fresh_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("huizong-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The names in a folder, sorted.
    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

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
    fn flushed_files_are_whole_and_in_place_without_leftovers() {
        let dir = fresh_dir("flush");
        std::fs::write(dir.join("退回通知_0.docx"), b"old").unwrap();
        let n = with_flusher(|flusher| {
            for i in 0..50 {
                let bytes = format!("第{i}个");
                flusher
                    .write(
                        &dir.join(format!("退回通知_{i}.docx")),
                        bytes.as_bytes(),
                        true,
                    )
                    .unwrap();
            }
            50
        })
        .unwrap();
        assert_eq!(n, 50);
        let names = names_in(&dir);
        assert_eq!(names.len(), 50, "{names:?}");
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
        assert_eq!(
            std::fs::read(dir.join("退回通知_0.docx")).unwrap(),
            "第0个".as_bytes()
        );
        assert_eq!(
            std::fs::read(dir.join("退回通知_49.docx")).unwrap(),
            "第49个".as_bytes()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn without_flushing_threads_each_file_is_flushed_as_it_is_written() {
        let dir = fresh_dir("flush-inline");
        // As `with_flusher` makes it when no thread can be started.
        let flusher = Flusher { queue: None };
        flusher
            .write(&dir.join("退回通知.docx"), "通知".as_bytes(), true)
            .unwrap();
        let names = names_in(&dir);
        assert_eq!(names, ["退回通知.docx"]);
        assert_eq!(
            std::fs::read(dir.join("退回通知.docx")).unwrap(),
            "通知".as_bytes()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_that_cannot_be_written_is_named_in_the_error() {
        let dir = fresh_dir("flush-bad");
        let missing = dir.join("没有的文件夹").join("退回通知.docx");
        let result = with_flusher(|flusher| {
            flusher.write(&dir.join("甲.docx"), b"a", false).unwrap();
            flusher.write(&missing, b"b", true)
        })
        .unwrap();
        let err = result.unwrap_err();
        assert_eq!(err.path, missing);
        assert!(err.to_string().starts_with("无法写入“"), "{err}");
        assert_eq!(std::fs::read(dir.join("甲.docx")).unwrap(), b"a");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_that_cannot_be_put_in_place_is_reported_and_its_temp_removed() {
        let dir = fresh_dir("flush-place");
        // A folder where the file should go: the rename fails.
        let blocked = dir.join("汇总表.xlsx");
        std::fs::create_dir_all(blocked.join("内容")).unwrap();
        let err = with_flusher(|flusher| flusher.write(&blocked, b"x", true).unwrap()).unwrap_err();
        assert_eq!(err.path, blocked);
        let names = names_in(&dir);
        assert_eq!(names, ["汇总表.xlsx"]);
        assert!(blocked.is_dir());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = fresh_dir("out");
        let path = dir.join("汇总表.xlsx");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(names_in(&dir).len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn durable_writes_keep_every_byte_and_report_a_failed_writer() {
        let dir = fresh_dir("durable");
        let path = dir.join("manifest.json");
        write_durable_with(&path, |out| {
            out.write_all(b"{\n")?;
            out.write_all(&[b' '; 20_000])?;
            out.write_all("\"采用\"}\n".as_bytes())
        })
        .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.len(), 2 + 20_000 + 10);
        assert!(bytes.ends_with("\"采用\"}\n".as_bytes()));
        write_durable(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");

        let err =
            write_durable_with(&path, |_| Err(std::io::Error::other("磁盘已满"))).unwrap_err();
        assert_eq!(err.path, path);
        assert_eq!(err.reason, "系统错误（磁盘已满）");
        let missing = dir.join("没有的文件夹").join("manifest.json");
        assert_eq!(write_durable(&missing, b"x").unwrap_err().path, missing);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

//! Inspection of a zip workbook (.xlsx/.xlsm/.xlsb/.ods) before any parser
//! inflates it.
//!
//! Everything here reads the central directory or small, size-capped parts;
//! the one exception, the record walk of .xlsb parts, inflates parts whose
//! total size has already been checked. The zip crate refuses to inflate a
//! part past the size its central directory declares, so checking declared
//! sizes bounds what calamine can inflate later.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zip::ZipArchive;

use super::read::{bytes_text, Limits, ReadError};

/// What a zip holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Xlsx,
    Xlsb,
    Ods,
}

const ODS_MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";
/// Parts at most this large are read whole for identification (real
/// `[Content_Types].xml`, `mimetype` and manifests are a few KB).
const SMALL_PART: u64 = 256 << 10;
/// Parts smaller than this are exempt from the compression-ratio check:
/// small runs of repeated markup legitimately compress very well.
const RATIO_EXEMPT: u64 = 1 << 20;

/// One entry of the central directory.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub index: usize,
    /// Name as calamine looks it up: `\` → `/`, lower case.
    pub name: String,
    /// The name as stored, for messages.
    pub shown: String,
    pub size: u64,
    pub compressed: u64,
}

/// The inspected package.
pub(crate) struct Package<'a> {
    pub archive: ZipArchive<Cursor<&'a [u8]>>,
    pub parts: Vec<Part>,
    pub kind: Kind,
}

impl Package<'_> {
    pub fn part(&self, name: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.name == name)
    }
}

fn corrupt(detail: impl Into<String>) -> ReadError {
    ReadError::Corrupt {
        detail: detail.into(),
    }
}

fn suspicious(detail: impl Into<String>) -> ReadError {
    ReadError::Suspicious {
        detail: detail.into(),
    }
}

fn not_spreadsheet(what: &str) -> ReadError {
    ReadError::NotSpreadsheet {
        what: what.to_string(),
    }
}

/// Refuses an end-of-central-directory record that announces more entries
/// than the limit. The zip crate sizes its tables by that number before it
/// reads a single entry, and a zip64 record can announce billions.
fn check_announced_entries(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let tail_start = bytes.len().saturating_sub(65_535 + 22 + 20);
    let tail = &bytes[tail_start..];
    let too_many = |n: u64| n > limits.max_zip_entries as u64;
    let locators = memchr::memmem::find_iter(tail, b"PK\x06\x07").map(|at| tail_start + at);
    for at in locators {
        // zip64 locator: the zip64 record's offset at +8.
        if at + 20 > bytes.len() {
            continue;
        }
        let record = u64::from_le_bytes(bytes[at + 8..at + 16].try_into().expect("8 bytes"));
        // The zip crate searches for the record from that offset up to the
        // locator; check the first one it would find.
        let from = usize::try_from(record).unwrap_or(usize::MAX).min(at);
        if let Some(found) = find(&bytes[from..at], b"PK\x06\x06") {
            let r = from + found;
            if r + 56 <= bytes.len() {
                let entries = u64::from_le_bytes(bytes[r + 32..r + 40].try_into().expect("8"));
                if too_many(entries) {
                    return Err(suspicious(format!(
                        "压缩包目录声称有 {entries} 个文件，超过上限 {}",
                        limits.max_zip_entries
                    )));
                }
            }
        }
    }
    Ok(())
}

/// Reads a small part whole (at most [`SMALL_PART`] bytes).
fn read_small(archive: &mut ZipArchive<Cursor<&[u8]>>, part: &Part) -> Option<Vec<u8>> {
    if part.size > SMALL_PART {
        return None;
    }
    let mut out = Vec::new();
    let file = archive.by_index(part.index).ok()?;
    file.take(SMALL_PART).read_to_end(&mut out).ok()?;
    Some(out)
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    find(haystack, needle.as_bytes()).is_some()
}

/// Checks the central directory and tells what the zip holds.
pub(crate) fn inspect<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Package<'a>, ReadError> {
    check_announced_entries(bytes, limits)?;
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| corrupt("压缩包的目录缺失或损坏，文件可能在下载或传输中被截断"))?;
    if archive.is_empty() {
        return Err(not_spreadsheet("是空的压缩包"));
    }
    if archive.len() > limits.max_zip_entries {
        return Err(suspicious(format!(
            "压缩包中有 {} 个文件，超过上限 {}",
            archive.len(),
            limits.max_zip_entries
        )));
    }

    let mut parts = Vec::with_capacity(archive.len());
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|_| corrupt("压缩包的目录已损坏"))?;
        let shown = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if entry.encrypted() {
            return Err(ReadError::Encrypted);
        }
        let part = Part {
            index,
            name: shown.replace('\\', "/").to_ascii_lowercase(),
            shown,
            size: entry.size(),
            compressed: entry.compressed_size(),
        };
        // The compressed data must lie inside the file.
        let end = entry
            .header_start()
            .saturating_add(30)
            .saturating_add(part.compressed);
        if end > bytes.len() as u64 {
            return Err(corrupt(format!(
                "压缩包中“{}”的数据超出文件末尾，文件不完整",
                part.shown
            )));
        }
        total = total.saturating_add(part.size);
        parts.push(part);
    }
    if total > limits.max_inflated_bytes {
        return Err(ReadError::InflatedTooLarge {
            size: total,
            limit: limits.max_inflated_bytes,
        });
    }
    for part in &parts {
        if part.size > RATIO_EXEMPT
            && part.size / part.compressed.max(1) > limits.max_compression_ratio
        {
            return Err(suspicious(format!(
                "“{}”解压后是压缩时的 {} 倍，超过上限 {} 倍，疑似“压缩炸弹”",
                part.shown,
                part.size / part.compressed.max(1),
                limits.max_compression_ratio
            )));
        }
    }

    let kind = identify(&mut archive, &parts)?;
    let mut package = Package {
        archive,
        parts,
        kind,
    };
    match kind {
        Kind::Ods => check_ods(&mut package)?,
        Kind::Xlsx => check_shared_strings(&mut package, total, limits)?,
        Kind::Xlsb => check_xlsb_records(&mut package)?,
    }
    Ok(package)
}

/// Tells an .ods, .xlsb or .xlsx/.xlsm from other zips by their parts.
fn identify(archive: &mut ZipArchive<Cursor<&[u8]>>, parts: &[Part]) -> Result<Kind, ReadError> {
    let find = |name: &str| parts.iter().find(|p| p.name == name);
    if let Some(mime) = find("mimetype") {
        let text = read_small(archive, mime).unwrap_or_default();
        let text = String::from_utf8_lossy(&text);
        let text = text.trim();
        if text == ODS_MIME || text == "application/vnd.oasis.opendocument.spreadsheet-template" {
            return Ok(Kind::Ods);
        }
        if text.starts_with("application/vnd.oasis.opendocument.text") {
            return Err(not_spreadsheet("像是 OpenDocument 文字文档 .odt"));
        }
        if text.starts_with("application/vnd.oasis.opendocument.presentation") {
            return Err(not_spreadsheet("像是 OpenDocument 演示文稿 .odp"));
        }
    }
    if find("xl/workbook.bin").is_some() {
        return Ok(Kind::Xlsb);
    }
    if find("xl/workbook.xml").is_some() {
        return Ok(Kind::Xlsx);
    }
    let types = find("[content_types].xml")
        .and_then(|p| read_small(archive, p))
        .unwrap_or_default();
    if contains(&types, "sheet.binary.macroEnabled.main") {
        return Ok(Kind::Xlsb);
    }
    if contains(&types, "spreadsheetml.sheet.main")
        || contains(&types, "spreadsheetml.template.main")
        || contains(&types, "ms-excel.sheet.macroEnabled.main")
        || contains(&types, "ms-excel.template.macroEnabled.main")
    {
        return Ok(Kind::Xlsx);
    }
    if contains(&types, "wordprocessingml") || parts.iter().any(|p| p.name.starts_with("word/")) {
        return Err(not_spreadsheet("像是 Word 文档"));
    }
    if contains(&types, "presentationml") || parts.iter().any(|p| p.name.starts_with("ppt/")) {
        return Err(not_spreadsheet("像是 PowerPoint 演示文稿"));
    }
    // Named by their extension, which reads the same whatever encoding
    // the archiver used for the rest of the name.
    let count = parts
        .iter()
        .filter(|p| {
            super::SPREADSHEET_EXTENSIONS
                .iter()
                .any(|ext| p.name.ends_with(ext))
        })
        .count();
    if count > 0 {
        return Err(ReadError::Zipped { count });
    }
    Err(not_spreadsheet("是普通的 zip 压缩包，其中没有表格"))
}

/// An encrypted .ods lists `encryption-data` in its manifest.
fn check_ods(package: &mut Package) -> Result<(), ReadError> {
    if let Some(manifest) = package.part("meta-inf/manifest.xml").cloned() {
        if let Some(text) = read_small(&mut package.archive, &manifest) {
            if contains(&text, "encryption-data") {
                return Err(ReadError::Encrypted);
            }
        }
    }
    if package.part("content.xml").is_none() {
        return Err(corrupt("OpenDocument 表格中缺少内容部分 content.xml"));
    }
    Ok(())
}

/// A declared count as calamine parses it (digits only, leading zeros
/// allowed); `u64::MAX` when it overflows.
fn declared(raw: &str) -> Option<u64> {
    let digits = raw.trim_start_matches('0');
    if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        Some(
            digits
                .parse::<u64>()
                .unwrap_or(if digits.is_empty() { 0 } else { u64::MAX }),
        )
    } else {
        None
    }
}

/// calamine reserves room for the `uniqueCount` a shared-strings part
/// declares, before reading any string. Each string needs at least 5 bytes
/// (`<si/>`) and each reference to one at least 5 (`<v>0</v>` in a cell), so
/// a declared count beyond that (with a generous allowance for writers that
/// miscount) is refused.
fn check_shared_strings(
    package: &mut Package,
    total: u64,
    limits: &Limits,
) -> Result<(), ReadError> {
    const SLACK: u64 = 65_536;
    let candidates: Vec<Part> = package
        .parts
        .iter()
        .filter(|p| p.name.ends_with("sharedstrings.xml"))
        .cloned()
        .collect();
    for part in candidates {
        let Ok(file) = package.archive.by_index(part.index) else {
            continue;
        };
        // A small buffer: the `<sst>` tag opens the part, so only its first
        // bytes are inflated (the default 8 KB would inflate far more).
        let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::with_capacity(256, file));
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                    for a in e.attributes().with_checks(false).flatten() {
                        let (key, limit) = match a.key.as_ref() {
                            "uniqueCount" => (
                                "uniqueCount",
                                (part.size / 5 + SLACK).min(limits.max_cells_total as u64),
                            ),
                            "count" => ("count", total / 5 + SLACK),
                            _ => continue,
                        };
                        if let Some(n) = declared(&a.value) {
                            if n > limit {
                                return Err(suspicious(format!(
                                    "共享字符串表“{}”的 {key} 声明了 {n} 个字符串，与其实际大小 {} 不符",
                                    part.shown,
                                    bytes_text(part.size)
                                )));
                            }
                        }
                    }
                    break;
                }
                // Unreadable XML: calamine will fail on it too, with no
                // allocation from the count.
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
    }
    Ok(())
}

/// The .xlsb parts calamine reads as records.
fn is_record_part(name: &str) -> bool {
    matches!(
        name,
        "xl/workbook.bin" | "xl/styles.bin" | "xl/sharedstrings.bin"
    ) || ((name.starts_with("xl/worksheets/") || name.starts_with("xl/chartsheets/"))
        && name.ends_with(".bin")
        && !name.contains("/_rels/"))
}

/// calamine sizes its record buffer by each record's declared length (up to
/// 256 MiB) before reading it; a record must fit in what is left of its part.
fn check_xlsb_records(package: &mut Package) -> Result<(), ReadError> {
    let record_parts: Vec<Part> = package
        .parts
        .iter()
        .filter(|p| is_record_part(&p.name))
        .cloned()
        .collect();
    for part in record_parts {
        let mut data = Vec::new();
        let read = package
            .archive
            .by_index(part.index)
            .and_then(|f| f.take(part.size).read_to_end(&mut data).map_err(Into::into));
        if read.is_err() {
            return Err(corrupt(format!("压缩包中“{}”无法解压", part.shown)));
        }
        if !records_fit(&data) {
            return Err(corrupt(format!(
                ".xlsb 工作簿中“{}”的记录长度超出其内容",
                part.shown
            )));
        }
    }
    Ok(())
}

/// Walks MS-XLSB records (1–2 byte type, 1–4 byte length) as calamine does.
fn records_fit(data: &[u8]) -> bool {
    let mut at = 0usize;
    while at < data.len() {
        // Type: a second byte if the first has its high bit set.
        let b = data[at];
        at += 1;
        if b & 0x80 != 0 {
            if at >= data.len() {
                return false;
            }
            at += 1;
        }
        let mut len = 0usize;
        for i in 0..4 {
            let Some(&b) = data.get(at) else {
                return false;
            };
            at += 1;
            len += ((b & 0x7F) as usize) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        if len > data.len() - at {
            return false;
        }
        at += len;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            w.start_file(*name, options).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
        out.into_inner()
    }

    fn kind(bytes: &[u8]) -> Result<Kind, ReadError> {
        inspect(bytes, &Limits::default()).map(|p| p.kind)
    }

    const SST: &str = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="1"><si><t>x</t></si></sst>"#;

    #[test]
    fn kinds_by_content() {
        assert_eq!(kind(&zip(&[("xl/workbook.xml", b"<x/>")])), Ok(Kind::Xlsx));
        assert_eq!(kind(&zip(&[("xl\\Workbook.xml", b"<x/>")])), Ok(Kind::Xlsx));
        assert_eq!(kind(&zip(&[("xl/workbook.bin", b"")])), Ok(Kind::Xlsb));
        assert_eq!(
            kind(&zip(&[
                ("mimetype", ODS_MIME.as_bytes()),
                ("content.xml", b"<x/>")
            ])),
            Ok(Kind::Ods)
        );
        assert_eq!(
            kind(&zip(&[(
                "[Content_Types].xml",
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
            )])),
            Ok(Kind::Xlsx)
        );
        assert_eq!(
            kind(&zip(&[
                ("[Content_Types].xml", b"wordprocessingml"),
                ("word/document.xml", b"<w/>")
            ])),
            Err(not_spreadsheet("像是 Word 文档"))
        );
        assert_eq!(
            kind(&zip(&[("ppt/presentation.xml", b"<p/>")])),
            Err(not_spreadsheet("像是 PowerPoint 演示文稿"))
        );
        assert_eq!(
            kind(&zip(&[("readme.txt", b"hi")])),
            Err(not_spreadsheet("是普通的 zip 压缩包，其中没有表格"))
        );
        // A unit's zipped workbooks: the clerk unzips them.
        assert_eq!(
            kind(&zip(&[
                ("0101_甲_2011Q1.xlsx", b"PK"),
                ("0151_乙/0151_乙_2011Q1.XLS", b""),
                ("说明.txt", b"hi")
            ])),
            Err(ReadError::Zipped { count: 2 })
        );
        assert_eq!(
            kind(&zip(&[(
                "mimetype",
                b"application/vnd.oasis.opendocument.text"
            )])),
            Err(not_spreadsheet("像是 OpenDocument 文字文档 .odt"))
        );
    }

    #[test]
    fn declared_sizes_over_the_limit_are_refused_unread() {
        let bytes = zip(&[("xl/workbook.xml", &[b' '; 300_000][..])]);
        let limits = Limits {
            max_inflated_bytes: 100_000,
            ..Limits::default()
        };
        assert_eq!(
            inspect(&bytes, &limits).err(),
            Some(ReadError::InflatedTooLarge {
                size: 300_000,
                limit: 100_000
            })
        );
    }

    #[test]
    fn a_part_that_compresses_too_well_is_refused() {
        let bytes = zip(&[("xl/workbook.xml", &vec![b' '; 4 << 20][..])]);
        let err = inspect(&bytes, &Limits::default()).err().unwrap();
        assert!(
            matches!(&err, ReadError::Suspicious { detail } if detail.contains("xl/workbook.xml") && detail.contains("压缩炸弹")),
            "{err:?}"
        );
    }

    #[test]
    fn absurd_shared_string_counts_are_refused() {
        let ok = zip(&[
            ("xl/workbook.xml", b"<x/>"),
            ("xl/sharedStrings.xml", SST.as_bytes()),
        ]);
        assert!(inspect(&ok, &Limits::default()).is_ok());
        for (attr, value) in [("uniqueCount", "4000000000"), ("count", "4000000000")] {
            let sst = SST.replace(
                &format!(r#"{attr}="{}""#, if attr == "count" { "2" } else { "1" }),
                &format!(r#"{attr}="{value}""#),
            );
            assert!(sst.contains(value));
            let bytes = zip(&[
                ("xl/workbook.xml", b"<x/>"),
                ("xl/sharedStrings.xml", sst.as_bytes()),
            ]);
            let err = inspect(&bytes, &Limits::default()).err().unwrap();
            assert!(
                matches!(&err, ReadError::Suspicious { detail } if detail.contains("4000000000") && detail.contains(attr)),
                "{err:?}"
            );
        }
        // Leading zeros and overflowing digit strings count as what they say.
        assert_eq!(declared("0004"), Some(4));
        assert_eq!(declared("0"), Some(0));
        assert_eq!(declared("99999999999999999999999"), Some(u64::MAX));
        assert_eq!(declared("1e9"), None);
    }

    #[test]
    fn encrypted_entries_and_manifests() {
        let ods = zip(&[
            ("mimetype", ODS_MIME.as_bytes()),
            ("content.xml", b"<x/>"),
            (
                "META-INF/manifest.xml",
                b"<manifest:file-entry><manifest:encryption-data/></manifest:file-entry>",
            ),
        ]);
        assert_eq!(kind(&ods), Err(ReadError::Encrypted));
        let mut bytes = zip(&[("xl/workbook.xml", b"<x/>")]);
        // Set the "encrypted" flag bit in the central directory header.
        let cd = find(&bytes, b"PK\x01\x02").unwrap();
        bytes[cd + 8] |= 1;
        assert_eq!(kind(&bytes), Err(ReadError::Encrypted));
    }

    #[test]
    fn truncated_and_overlong_zips_are_corrupt() {
        let bytes = zip(&[("xl/workbook.xml", &[b'x'; 1000][..])]);
        assert!(matches!(
            kind(&bytes[..bytes.len() / 2]),
            Err(ReadError::Corrupt { .. })
        ));
    }

    #[test]
    fn a_zip64_record_announcing_billions_of_entries_is_refused() {
        let mut bytes = zip(&[("xl/workbook.xml", b"<x/>")]);
        let eocd = bytes.len() - 22;
        let mut z64 = b"PK\x06\x06".to_vec();
        z64.extend(44u64.to_le_bytes());
        z64.extend([45, 0, 45, 0]);
        z64.extend(0u32.to_le_bytes());
        z64.extend(0u32.to_le_bytes());
        z64.extend(3_000_000_000u64.to_le_bytes());
        z64.extend(3_000_000_000u64.to_le_bytes());
        z64.extend(1u64.to_le_bytes());
        z64.extend(0u64.to_le_bytes());
        let mut locator = b"PK\x06\x07".to_vec();
        locator.extend(0u32.to_le_bytes());
        locator.extend((eocd as u64).to_le_bytes());
        locator.extend(1u32.to_le_bytes());
        let tail = bytes.split_off(eocd);
        bytes.extend(z64);
        bytes.extend(locator);
        bytes.extend(tail);
        let err = kind(&bytes).unwrap_err();
        assert!(
            matches!(&err, ReadError::Suspicious { detail } if detail.contains("3000000000")),
            "{err:?}"
        );
    }

    #[test]
    fn xlsb_records_must_fit() {
        assert!(records_fit(&[]));
        assert!(records_fit(&[0x01, 0x02, 0xAA, 0xBB]));
        assert!(records_fit(&[0x81, 0x01, 0x00]));
        // Length 0x0FFFFFFF with nothing behind it.
        assert!(!records_fit(&[0x01, 0xFF, 0xFF, 0xFF, 0x7F]));
        assert!(!records_fit(&[0x81]));
        let bytes = zip(&[("xl/workbook.bin", &[0x01, 0xFF, 0xFF, 0xFF, 0x7F][..])]);
        assert!(matches!(kind(&bytes), Err(ReadError::Corrupt { .. })));
    }
}

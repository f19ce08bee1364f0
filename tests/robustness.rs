//! The submission reader against broken, hostile and foreign files, all built
//! here in code (plus one small real .xls in tests/fixtures), and against every
//! file of the public corpus in ../shared/corpus/realworld.
//!
//! Each hostile file must give one clear file-level [`ReadError`] — never a
//! panic, a hang or an abort — and the ordinary ones must read. Nothing is
//! timed: a hang would stop the suite, and an oversized allocation would
//! abort the test process, so finishing at all is the bound being tested.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use huizong::ingest::{
    extract, read_submission, read_workbook, Limits, RawCell, RawValue, RawWorkbook, ReadError,
};

/// The full read; every file read here also goes through the lean read of
/// `check`, which must refuse it with the same words or extract the same.
fn read(bytes: &[u8]) -> Result<RawWorkbook, ReadError> {
    let full = read_workbook(bytes, &Limits::default());
    match (&full, read_submission(bytes, &Limits::default())) {
        (Ok(book), Ok(lean)) => assert_eq!(lean, extract(book), "the lean read differs"),
        (Err(full), Err(lean)) => assert_eq!(full, &lean),
        // The lean read does not parse 填报说明 at all.
        (Err(full), Ok(_)) if *full == corrupt("工作表“填报说明”的内容无法解析") =>
            {}
        (full, lean) => panic!(
            "full read ok: {}, lean read ok: {}",
            full.is_ok(),
            lean.is_ok()
        ),
    }
    full
}

fn corrupt(detail: &str) -> ReadError {
    ReadError::Corrupt {
        detail: detail.to_string(),
    }
}

fn suspicious(detail: &str) -> ReadError {
    ReadError::Suspicious {
        detail: detail.to_string(),
    }
}

fn not_spreadsheet(what: &str) -> ReadError {
    ReadError::NotSpreadsheet {
        what: what.to_string(),
    }
}

fn cells(book: &RawWorkbook, sheet: &str) -> Vec<(u32, u32, RawValue)> {
    book.sheets
        .iter()
        .find(|s| s.name == sheet)
        .unwrap_or_else(|| panic!("sheet {sheet}"))
        .cells
        .iter()
        .map(|c| (c.row, c.col, c.value.clone()))
        .collect()
}

// ---------------------------------------------------------------- builders

/// A zip of deflated parts, written by the zip crate.
fn zip_parts(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    for (name, data) in parts {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap();
    out.into_inner()
}

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The package parts of a minimal .xlsx: `sheets` are (name, part path
/// under xl/) — several sheets may name the same part.
fn xlsx_frame(sheets: &[(&str, &str)], shared_strings: bool) -> Vec<(String, Vec<u8>)> {
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    let mut book = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>"#
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, part)) in sheets.iter().enumerate() {
        let id = i + 1;
        book.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{id}" r:id="rId{id}"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{id}" Type="{REL_NS}/worksheet" Target="{part}"/>"#
        ));
        types.push_str(&format!(
            r#"<Override PartName="/xl/{part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        ));
    }
    if shared_strings {
        rels.push_str(&format!(
            r#"<Relationship Id="rIdS" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>"#
        ));
    }
    book.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    types.push_str("</Types>");
    vec![
        ("[Content_Types].xml".into(), types.into_bytes()),
        (
            "_rels/.rels".into(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            )
            .into_bytes(),
        ),
        ("xl/workbook.xml".into(), book.into_bytes()),
        ("xl/_rels/workbook.xml.rels".into(), rels.into_bytes()),
    ]
}

/// A worksheet part with an optional `<dimension>` and the given cells XML.
fn sheet_xml(dimension: Option<&str>, cells: &str) -> String {
    let dimension = dimension
        .map(|d| format!(r#"<dimension ref="{d}"/>"#))
        .unwrap_or_default();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">{dimension}<sheetData>{cells}</sheetData></worksheet>"#
    )
}

/// A one-sheet .xlsx (sheet "Sheet1") with optional shared strings.
fn xlsx(sheet: &str, shared: Option<&str>) -> Vec<u8> {
    let mut parts = xlsx_frame(&[("Sheet1", "worksheets/sheet1.xml")], shared.is_some());
    parts.push(("xl/worksheets/sheet1.xml".into(), sheet.as_bytes().to_vec()));
    if let Some(sst) = shared {
        parts.push(("xl/sharedStrings.xml".into(), sst.as_bytes().to_vec()));
    }
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    zip_parts(&refs)
}

/// A real blank template as the tool writes it.
fn template() -> Vec<u8> {
    let plan = huizong::plan::default_plan().unwrap();
    let unit = plan.unit("0105").unwrap();
    let quarter = huizong::plan::Quarter::new(2011, 1).unwrap();
    huizong::render::submission::write_template(&plan, unit, quarter)
        .unwrap()
        .bytes
}

/// CRC-32 (IEEE), bit by bit: only small parts are checksummed here.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One entry of a hand-built zip: its stored bytes as given, with the
/// method, checksum and uncompressed size it claims.
struct RawEntry<'a> {
    name: &'a str,
    deflated: bool,
    data: &'a [u8],
    crc: u32,
    declared_size: u32,
}

impl<'a> RawEntry<'a> {
    fn stored(name: &'a str, data: &'a [u8]) -> RawEntry<'a> {
        RawEntry {
            name,
            deflated: false,
            data,
            crc: crc32(data),
            declared_size: data.len() as u32,
        }
    }
}

/// A zip written byte by byte, so that sizes can be declared at will.
fn raw_zip(entries: &[RawEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let method: u16 = if e.deflated { 8 } else { 0 };
        let common = |v: &mut Vec<u8>| {
            v.extend(20u16.to_le_bytes()); // version needed
            v.extend(0u16.to_le_bytes()); // flags
            v.extend(method.to_le_bytes());
            v.extend(0u16.to_le_bytes()); // time
            v.extend(0x21u16.to_le_bytes()); // date 1980-01-01
            v.extend(e.crc.to_le_bytes());
            v.extend((e.data.len() as u32).to_le_bytes());
            v.extend(e.declared_size.to_le_bytes());
            v.extend((e.name.len() as u16).to_le_bytes());
            v.extend(0u16.to_le_bytes()); // extra length
        };
        out.extend(b"PK\x03\x04");
        common(&mut out);
        out.extend(e.name.as_bytes());
        out.extend(e.data);
        central.extend(b"PK\x01\x02");
        central.extend(20u16.to_le_bytes()); // made by
        common(&mut central);
        central.extend([0u8; 6]); // comment length, disk, internal attributes
        central.extend(0u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(e.name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(b"PK\x05\x06");
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// A raw deflate stream (one fixed-Huffman block) inflating to
/// `1 + 258 × copies` spaces: a literal space, then `copies` times "repeat
/// 258 bytes from distance 1" (13 bits each), so 2 GB cost 13 MB.
fn deflated_spaces(copies: u64) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        /// `n` bits of `v`, least significant first (header fields).
        fn put(&mut self, v: u64, n: u32) {
            self.acc |= v << self.n;
            self.n += n;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u64, n: u32) {
            let reversed = (0..n).fold(0, |r, i| (r << 1) | ((code >> i) & 1));
            self.put(reversed, n);
        }
    }
    let mut b = Bits {
        out: Vec::with_capacity((copies * 13 / 8 + 16) as usize),
        acc: 0,
        n: 0,
    };
    b.put(1, 1); // last block
    b.put(1, 2); // fixed Huffman codes
    b.code(0x30 + u64::from(b' '), 8); // literal ' '
                                       // Length 258 is code 285 (8 bits 11000101, sent most significant bit
                                       // first), then distance 1 as code 0 (five zero bits).
    let copy = (0..8).fold(0u64, |r, i| (r << 1) | ((0b1100_0101u64 >> i) & 1));
    for _ in 0..copies {
        b.put(copy, 13);
    }
    b.code(0, 7); // end of block
    if b.n > 0 {
        b.out.push(b.acc as u8);
    }
    b.out
}

/// A version-3 compound file (512-byte sectors) holding the given streams,
/// each padded to 4 KiB so that all live in regular sectors.
fn compound(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    const SS: usize = 512;
    let streams: Vec<(&str, Vec<u8>)> = streams
        .iter()
        .map(|(n, d)| {
            let mut d = d.clone();
            if d.len() < 4096 {
                d.resize(4096, 0);
            }
            (*n, d)
        })
        .collect();
    let dir_sectors = (streams.len() + 1).div_ceil(4);
    let data_sectors: usize = streams.iter().map(|(_, d)| d.len().div_ceil(SS)).sum();
    let mut fat_sectors = 1;
    while fat_sectors * 128 < fat_sectors + dir_sectors + data_sectors {
        fat_sectors += 1;
    }
    assert!(fat_sectors <= 109);
    let total = fat_sectors + dir_sectors + data_sectors;
    let mut fat = vec![0xFFFF_FFFFu32; fat_sectors * 128];
    fat[..fat_sectors].fill(0xFFFF_FFFD);
    let chain = |fat: &mut Vec<u32>, first: usize, count: usize| {
        for (s, next) in fat.iter_mut().enumerate().skip(first).take(count) {
            *next = if s + 1 < first + count {
                (s + 1) as u32
            } else {
                0xFFFF_FFFE
            };
        }
    };
    chain(&mut fat, fat_sectors, dir_sectors);
    let mut dir = vec![0u8; dir_sectors * SS];
    let mut entry =
        |i: usize, name: &str, kind: u8, child: u32, right: u32, start: u32, size: u32| {
            let e = &mut dir[128 * i..128 * (i + 1)];
            let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
            for (j, u) in units.iter().enumerate() {
                e[2 * j..2 * j + 2].copy_from_slice(&u.to_le_bytes());
            }
            e[64..66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
            e[66] = kind;
            e[67] = 1;
            e[68..72].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
            e[72..76].copy_from_slice(&right.to_le_bytes());
            e[76..80].copy_from_slice(&child.to_le_bytes());
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..124].copy_from_slice(&size.to_le_bytes());
        };
    entry(0, "Root Entry", 5, 1, 0xFFFF_FFFF, 0xFFFF_FFFE, 0);
    let mut next = fat_sectors + dir_sectors;
    let mut data = Vec::new();
    for (i, (name, d)) in streams.iter().enumerate() {
        let count = d.len().div_ceil(SS);
        let right = if i + 1 < streams.len() {
            (i + 2) as u32
        } else {
            0xFFFF_FFFF
        };
        entry(
            i + 1,
            name,
            2,
            0xFFFF_FFFF,
            right,
            next as u32,
            d.len() as u32,
        );
        chain(&mut fat, next, count);
        let mut padded = d.clone();
        padded.resize(count * SS, 0);
        data.extend(padded);
        next += count;
    }
    for i in streams.len() + 1..dir_sectors * 4 {
        let e = &mut dir[128 * i..128 * (i + 1)];
        for off in [68, 72, 76] {
            e[off..off + 4].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        }
    }
    let mut out = vec![0u8; SS];
    out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    out[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
    out[26..28].copy_from_slice(&3u16.to_le_bytes());
    out[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    out[30..32].copy_from_slice(&9u16.to_le_bytes());
    out[32..34].copy_from_slice(&6u16.to_le_bytes());
    out[44..48].copy_from_slice(&(fat_sectors as u32).to_le_bytes());
    out[48..52].copy_from_slice(&(fat_sectors as u32).to_le_bytes());
    out[56..60].copy_from_slice(&4096u32.to_le_bytes());
    out[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    out[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    for i in 0..109 {
        let id = if i < fat_sectors {
            i as u32
        } else {
            0xFFFF_FFFF
        };
        out[76 + 4 * i..80 + 4 * i].copy_from_slice(&id.to_le_bytes());
    }
    for id in &fat {
        out.extend(id.to_le_bytes());
    }
    out.extend(dir);
    out.extend(data);
    assert_eq!(out.len(), SS * (total + 1));
    out
}

fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend(data);
    r
}

/// A BIFF8 cell record: row, column, then the rest of its data.
fn cell_record(typ: u16, row: u16, col: u16, rest: &[u8]) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend(rest);
    record(typ, &d)
}

fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
    let mut rest = 0u16.to_le_bytes().to_vec();
    rest.extend(value.to_le_bytes());
    cell_record(0x0203, row, col, &rest)
}

/// An .xls: a BIFF8 workbook stream (globals with `extra` records, one sheet
/// "Data" with `body`) in a compound file.
fn xls(extra: &[Vec<u8>], body: &[Vec<u8>]) -> Vec<u8> {
    let mut s = record(0x0809, &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0]);
    for r in extra {
        s.extend(r);
    }
    let bound_at = s.len();
    let mut bound = 0u32.to_le_bytes().to_vec();
    bound.extend([0, 0, 4, 0]);
    bound.extend(b"Data");
    s.extend(record(0x0085, &bound));
    s.extend(record(0x000A, &[]));
    let pos = s.len() as u32;
    s[bound_at + 4..bound_at + 8].copy_from_slice(&pos.to_le_bytes());
    s.extend(record(0x0809, &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0]));
    for r in body {
        s.extend(r);
    }
    s.extend(record(0x000A, &[]));
    compound(&[("Workbook", s)])
}

/// An .ods with the given content.xml body and manifest.
fn ods(tables: &str, manifest_extra: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{manifest_extra}</manifest:file-entry></manifest:manifest>"#
    );
    zip_parts(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", manifest.as_bytes()),
    ])
}

// ------------------------------------------------------------ not workbooks

#[test]
fn zero_bytes() {
    assert_eq!(read(b""), Err(ReadError::Empty));
    assert_eq!(ReadError::Empty.to_string(), "文件是空的（0 字节）");
}

#[test]
fn random_bytes() {
    let mut rng = fastrand::Rng::with_seed(7);
    for len in [1usize, 3, 100, 10_000] {
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
        bytes[0] = 0x00; // not a magic number by chance
        assert_eq!(read(&bytes), Err(not_spreadsheet("内容无法识别")), "{len}");
    }
}

#[test]
fn csv_html_and_text_renamed_xlsx() {
    let csv = "序号,日期,活动类别\n1,2011-3-5,党课\n";
    let err = read(csv.as_bytes()).unwrap_err();
    assert_eq!(err, not_spreadsheet("像是 CSV 文本文件"));
    assert_eq!(
        err.to_string(),
        "不是 Excel 或 WPS 表格文件（像是 CSV 文本文件）"
    );
    let html = r#"<html><head><meta charset="utf-8"></head><body><table><tr><td>党员总数</td><td>12</td></tr></table></body></html>"#;
    assert_eq!(
        read(html.as_bytes()),
        Err(not_spreadsheet(
            "是网页文件，常见于从网页或业务系统导出的“假 Excel”"
        ))
    );
    assert_eq!(read(b"%PDF-1.7\n"), Err(not_spreadsheet("是 PDF 文件")));
}

#[test]
fn word_and_powerpoint_zips() {
    let docx = zip_parts(&[
        (
            "[Content_Types].xml",
            br#"<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        ("word/document.xml", b"<w:document/>"),
    ]);
    let err = read(&docx).unwrap_err();
    assert_eq!(err, not_spreadsheet("像是 Word 文档"));
    assert_eq!(
        err.to_string(),
        "不是 Excel 或 WPS 表格文件（像是 Word 文档）"
    );
    let pptx = zip_parts(&[("ppt/presentation.xml", b"<p:presentation/>")]);
    assert_eq!(
        read(&pptx),
        Err(not_spreadsheet("像是 PowerPoint 演示文稿"))
    );
    let plain = zip_parts(&[("photo.jpg", b"\xFF\xD8\xFF")]);
    assert_eq!(
        read(&plain),
        Err(not_spreadsheet("是普通的 zip 压缩包，其中没有表格"))
    );
}

#[test]
fn a_zipped_workbook_is_for_the_clerk_to_unzip() {
    // Units often zip their attachment. "No spreadsheet in it; fill in the
    // template" was wrong: the workbook is there, zipped. The clerk sees
    // that it is (and may unzip it); the unit's 退回通知 asks for the file.
    let workbook = template();
    let zipped = zip_parts(&[
        ("0101_市第一人民医院党委_2011Q1.xlsx", &workbook),
        ("说明.txt", b"hi"),
    ]);
    let err = read(&zipped).unwrap_err();
    assert_eq!(err, ReadError::Zipped { count: 1 });
    assert_eq!(
        err.to_string(),
        "是 zip 压缩包（里面有 1 个表格文件），压缩包里的表格不会被读取"
    );
    assert_eq!(err.hint(), "请直接发送表格文件，不要压缩后发送");
}

// ----------------------------------------------------------- broken files

#[test]
fn truncated_template() {
    let bytes = template();
    assert!(read(&bytes).is_ok());
    for percent in [5, 25, 50, 75, 95, 99] {
        let cut = &bytes[..bytes.len() * percent / 100];
        assert_eq!(
            read(cut),
            Err(corrupt(
                "压缩包的目录缺失或损坏，文件可能在下载或传输中被截断"
            )),
            "{percent}%"
        );
    }
}

#[test]
fn malformed_xml_inside_a_valid_zip() {
    let broken_sheet = sheet_xml(None, r#"<row r="1"><c r="A1"><v>1</v></c><row><c"#);
    assert_eq!(
        read(&xlsx(&broken_sheet, None)),
        Err(corrupt("工作表“Sheet1”的内容无法解析"))
    );
    let mut parts = xlsx_frame(&[("Sheet1", "worksheets/sheet1.xml")], false);
    parts[2].1 = b"<workbook><sheets><sheet name=\"S\" <<<".to_vec();
    parts.push((
        "xl/worksheets/sheet1.xml".into(),
        sheet_xml(None, "").into_bytes(),
    ));
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    assert_eq!(
        read(&zip_parts(&refs)),
        Err(corrupt("工作簿的目录、关系或样式部分无法解析"))
    );
}

/// Found by the fuzz target: a template whose 填报说明 sheet is damaged. The
/// full read (for the return copy) refuses it; `check` never parses that
/// sheet, so the submission is read, the same as from the intact template.
#[test]
fn a_damaged_instructions_sheet_does_not_stop_check() {
    let intact = template();
    let mut archive = zip::ZipArchive::new(Cursor::new(intact.as_slice())).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        parts.push((entry.name().unwrap().to_string(), data));
    }
    let sheet1 = parts
        .iter_mut()
        .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
        .unwrap();
    sheet1.1 = sheet_xml(None, r#"<row r="1"><c r="A1"><v>1</v></c><row><c"#).into_bytes();
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let damaged = zip_parts(&refs);
    assert_eq!(
        read(&damaged),
        Err(corrupt("工作表“填报说明”的内容无法解析"))
    );
    let lean = read_submission(&damaged, &Limits::default()).unwrap();
    assert_eq!(lean, extract(&read(&intact).unwrap()));
    assert!(lean.indicators.is_some() && lean.fingerprint.is_some());
}

// ---------------------------------------------------------- hostile files

/// The parts of an .xlsx whose sheet is `sheet` (stored as given).
fn xlsx_with_raw_sheet(sheet: RawEntry) -> Vec<u8> {
    let frame = xlsx_frame(&[("Sheet1", "worksheets/sheet1.xml")], false);
    let mut entries: Vec<RawEntry> = frame.iter().map(|(n, d)| RawEntry::stored(n, d)).collect();
    entries.push(sheet);
    raw_zip(&entries)
}

#[test]
fn the_deflate_generator_is_right() {
    let data = deflated_spaces(3);
    let bytes = raw_zip(&[RawEntry {
        name: "x",
        deflated: true,
        data: &data,
        crc: crc32(&[b' '; 775]),
        declared_size: 775,
    }]);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_index(0).unwrap(), &mut text).unwrap();
    assert_eq!(text, " ".repeat(775));
}

#[test]
fn zip_bomb_of_two_gigabytes_of_blanks() {
    let copies = 8_323_584; // 1 + 258 × copies = 2,147,484,673 bytes
    let bomb = deflated_spaces(copies);
    let inflated = 1 + 258 * copies;
    let bytes = xlsx_with_raw_sheet(RawEntry {
        name: "xl/worksheets/sheet1.xml",
        deflated: true,
        data: &bomb,
        crc: 0,
        declared_size: inflated as u32,
    });
    assert!(bytes.len() < 15 << 20, "{}", bytes.len());
    let frame: u64 = xlsx_frame(&[("Sheet1", "worksheets/sheet1.xml")], false)
        .iter()
        .map(|(_, d)| d.len() as u64)
        .sum();
    let err = read(&bytes).unwrap_err();
    assert_eq!(
        err,
        ReadError::InflatedTooLarge {
            size: inflated + frame,
            limit: 256 << 20
        }
    );
    assert!(
        err.to_string()
            .starts_with("文件解压后有 2048.0 MB，超过上限 256 MB"),
        "{err}"
    );

    // The same data declaring 1000 bytes: the zip reader stops there.
    let bytes = xlsx_with_raw_sheet(RawEntry {
        name: "xl/worksheets/sheet1.xml",
        deflated: true,
        data: &bomb,
        crc: 0,
        declared_size: 1000,
    });
    assert_eq!(
        read(&bytes),
        Err(corrupt(
            "工作表“Sheet1”的数据在压缩包中已损坏，解压结果与记录的大小或校验值不符"
        ))
    );
}

#[test]
fn a_bomb_under_the_size_limit_is_refused_by_its_ratio() {
    // 8 MiB of blanks deflate ~1000:1.
    let blanks = vec![b' '; 8 << 20];
    let mut parts = xlsx_frame(&[("Sheet1", "worksheets/sheet1.xml")], false);
    parts.push(("xl/worksheets/sheet1.xml".into(), blanks));
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let err = read(&zip_parts(&refs)).unwrap_err();
    let ReadError::Suspicious { detail } = &err else {
        panic!("{err:?}")
    };
    assert!(
        detail.starts_with("“xl/worksheets/sheet1.xml”解压后是压缩时的 ")
            && detail.ends_with(" 倍，超过上限 200 倍，疑似“压缩炸弹”"),
        "{detail}"
    );
}

#[test]
fn a_sheet_claiming_the_whole_grid_is_read_sparsely() {
    let sheet = sheet_xml(
        Some("A1:XFD1048576"),
        r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#,
    );
    let book = read(&xlsx(&sheet, None)).unwrap();
    assert_eq!(
        book.sheets[0].cells,
        vec![
            RawCell {
                row: 0,
                col: 0,
                value: RawValue::Number(1.0)
            },
            RawCell {
                row: 1_048_575,
                col: 16_383,
                value: RawValue::Number(2.0)
            },
        ]
    );
    // Beyond the grid is not a cell of any Excel.
    let beyond = sheet_xml(None, r#"<row r="1"><c r="XFE1"><v>1</v></c></row>"#);
    assert_eq!(
        read(&xlsx(&beyond, None)),
        Err(corrupt(
            "工作表“Sheet1”有内容超出 Excel 的最大范围 1048576 行、16384 列"
        ))
    );
}

#[test]
fn far_corner_cell_of_an_xls_is_refused_before_the_dense_grid() {
    let ok = xls(&[], &[number(0, 0, 1.0), number(2, 1, 2.5)]);
    let book = read(&ok).unwrap();
    assert_eq!(
        cells(&book, "Data"),
        vec![(0, 0, RawValue::Number(1.0)), (2, 1, RawValue::Number(2.5))]
    );
    let far = xls(&[], &[number(0, 0, 1.0), number(65535, 255, 2.0)]);
    let err = read(&far).unwrap_err();
    assert_eq!(
        err,
        ReadError::SheetTooLarge {
            sheet: "Data".into(),
            rows: 65536,
            cols: 256,
            limit: 2_000_000
        }
    );
    assert_eq!(
        err.to_string(),
        "工作表“Data”的数据区域达 65536 行 × 256 列，超过 2000000 个单元格的上限"
    );
    // Record fields allow column 65535: 4 G slots if it reached calamine.
    let wider = xls(&[], &[number(0, 0, 1.0), number(65535, 65535, 2.0)]);
    assert!(matches!(
        read(&wider),
        Err(ReadError::SheetTooLarge {
            rows: 65536,
            cols: 65536,
            ..
        })
    ));
    // A DIMENSIONS record claiming 4 G rows is neutralised, not trusted.
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend(u32::MAX.to_le_bytes());
    dims.extend([0, 0, 0xFF, 0, 0, 0]);
    let claimed = xls(&[], &[record(0x0200, &dims), number(1, 1, 3.0)]);
    assert_eq!(
        cells(&read(&claimed).unwrap(), "Data"),
        vec![(1, 1, RawValue::Number(3.0))]
    );
}

#[test]
fn a_far_corner_cell_of_an_ods_is_read_sparsely() {
    let tables = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="float" office:value="9"/></table:table-row></table:table>"#;
    let book = read(&ods(tables, "")).unwrap();
    assert_eq!(
        cells(&book, "S"),
        vec![(1_048_575, 16_383, RawValue::Number(9.0))]
    );
    let bomb = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
    assert_eq!(
        read(&ods(bomb, "")),
        Err(ReadError::TooManyCells {
            sheet: "S".into(),
            limit: 2_000_000
        })
    );
}

#[test]
fn absurd_shared_string_counts() {
    let sheet = sheet_xml(None, r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#);
    let sst = |count: &str, unique: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="{count}" uniqueCount="{unique}"><si><t>党建</t></si></sst>"#
        )
    };
    let book = read(&xlsx(&sheet, Some(&sst("1", "1")))).unwrap();
    assert_eq!(
        cells(&book, "Sheet1"),
        vec![(0, 0, RawValue::Text("党建".into()))]
    );
    let good = sst("1", "1");
    let size = good.len();
    let err = read(&xlsx(&sheet, Some(&sst("4000000000", "1")))).unwrap_err();
    assert_eq!(
        err,
        suspicious(&format!(
            "共享字符串表“xl/sharedStrings.xml”的 count 声明了 4000000000 个字符串，与其实际大小 {size} 字节 不符",
            size = size + 9
        ))
    );
    let err = read(&xlsx(&sheet, Some(&sst("1", "4000000000")))).unwrap_err();
    assert_eq!(
        err,
        suspicious(&format!(
            "共享字符串表“xl/sharedStrings.xml”的 uniqueCount 声明了 4000000000 个字符串，与其实际大小 {} 字节 不符",
            size + 9
        ))
    );
}

#[test]
fn encrypted_workbooks() {
    // An encrypted .xlsx is a compound file with these two streams.
    let ooxml = compound(&[
        ("EncryptionInfo", vec![4, 0, 4, 0, 0x40, 0, 0, 0]),
        ("EncryptedPackage", vec![0x5A; 6000]),
    ]);
    let err = read(&ooxml).unwrap_err();
    assert_eq!(err, ReadError::Encrypted);
    assert!(err.is_encrypted());
    assert_eq!(err.to_string(), "文件有密码保护，无法读取");
    // Damaged beyond walking, but still naming the encrypted package.
    let mut damaged = ooxml.clone();
    damaged[30] = 0x55; // impossible sector size
    assert_eq!(read(&damaged), Err(ReadError::Encrypted));
    // An .xls with a FILEPASS record (RC4).
    let xls_rc4 = xls(&[record(0x002F, &[1, 0, 1, 0, 1, 0])], &[number(0, 0, 1.0)]);
    assert_eq!(read(&xls_rc4), Err(ReadError::Encrypted));
    // An encrypted .ods announces it in its manifest.
    let ods_enc = ods(
        "",
        r#"<manifest:encryption-data manifest:checksum-type="SHA1/1K"/>"#,
    );
    assert_eq!(read(&ods_enc), Err(ReadError::Encrypted));
}

#[test]
fn compound_files_that_are_not_workbooks_or_are_broken() {
    let doc = compound(&[("WordDocument", vec![0xEC, 0xA5])]);
    assert_eq!(read(&doc), Err(not_spreadsheet("像是旧版 Word 文档 .doc")));
    let other = compound(&[("Contents", vec![1])]);
    assert_eq!(
        read(&other),
        Err(not_spreadsheet("是 Office 复合文档，但其中没有工作簿"))
    );
    // The directory chain loops back on itself.
    let mut looped = xls(&[], &[number(0, 0, 1.0)]);
    let dir = u32::from_le_bytes(looped[48..52].try_into().unwrap()) as usize;
    let at = 512 + 4 * dir;
    looped[at..at + 4].copy_from_slice(&(dir as u32).to_le_bytes());
    assert_eq!(read(&looped), Err(corrupt("复合文档的内部结构已损坏")));
    // Cut in half.
    let whole = xls(&[], &[number(0, 0, 1.0)]);
    assert_eq!(
        read(&whole[..whole.len() / 2]),
        Err(corrupt("复合文档不完整，文件可能在传输中被截断"))
    );
}

#[test]
fn one_long_string_shown_by_thousands_of_cells() {
    // xls: a 60,000-character shared string shown by 2,000 cells is 360 MB
    // of text once calamine has copied it into every cell.
    let mut sst = 1u32.to_le_bytes().to_vec();
    sst.extend(1u32.to_le_bytes());
    sst.extend(60_000u16.to_le_bytes());
    sst.push(0);
    let chars = vec![b'x'; 60_000];
    let mut extra = vec![record(0x00FC, &[sst, chars[..8000].to_vec()].concat())];
    for chunk in chars[8000..].chunks(8000) {
        extra.push(record(0x003C, &[&[0u8][..], chunk].concat()));
    }
    let body: Vec<Vec<u8>> = (0..2000u16)
        .map(|row| cell_record(0x00FD, row, 0, &[0, 0, 0, 0, 0, 0]))
        .collect();
    assert_eq!(
        read(&xls(&extra, &body)),
        Err(ReadError::TooMuchText { limit: 128 << 20 })
    );
    // The same string shown by 10 cells reads.
    let book = read(&xls(&extra, &body[..10])).unwrap();
    assert_eq!(cells(&book, "Data").len(), 10);

    // xlsx: one 40,000-character shared string, 4,000 cells showing it.
    let long = "长".repeat(40_000);
    let sst = format!(
        r#"<sst xmlns="{MAIN_NS}" count="4000" uniqueCount="1"><si><t>{long}</t></si></sst>"#
    );
    let rows: String = (1..=4000)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
        .collect();
    assert_eq!(
        read(&xlsx(&sheet_xml(None, &rows), Some(&sst))),
        Err(ReadError::TooMuchText { limit: 128 << 20 })
    );
}

#[test]
fn sixty_sheets_naming_one_large_part() {
    // Every <sheet> points at the same part: calamine would inflate it once
    // per sheet (twice, with merged cells).
    let names: Vec<String> = (1..=60).map(|i| format!("S{i}")).collect();
    let sheets: Vec<(&str, &str)> = names
        .iter()
        .map(|n| (n.as_str(), "worksheets/sheet1.xml"))
        .collect();
    let mut parts = xlsx_frame(&sheets, false);
    let rows: String = (1..=40_000)
        .map(|r| format!(r#"<row r="{r}" spans="1:1" ht="15"/>"#))
        .collect();
    parts.push((
        "xl/worksheets/sheet1.xml".into(),
        sheet_xml(None, &rows).into_bytes(),
    ));
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    assert_eq!(
        read(&zip_parts(&refs)),
        Err(suspicious("读取时需要反复解压的内容超过文件大小的 16 倍"))
    );
}

// --------------------------------------------------------- readable files

#[test]
fn an_xls_renamed_xlsx_is_read_by_content() {
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/date.xls"))
            .unwrap();
    let book = read(&bytes).unwrap();
    assert_eq!(
        cells(&book, "Sheet1"),
        vec![
            (0, 0, RawValue::DateSerial(44197.0)),
            (0, 1, RawValue::Number(15.0)),
            (1, 0, RawValue::DateSerial(44198.0)),
            (1, 1, RawValue::Number(16.0)),
            (2, 0, RawValue::DateSerial(10.632060185185185)),
            (2, 1, RawValue::Number(17.0)),
        ]
    );
}

#[test]
fn an_ods_is_read() {
    let tables = r#"<table:table table:name="基本情况"><table:table-row><table:table-cell office:value-type="string"><text:p>党员总数</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="36"/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>填报日期</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2011-03-05"/></table:table-row></table:table>"#;
    let book = read(&ods(tables, "")).unwrap();
    assert_eq!(
        cells(&book, "基本情况"),
        vec![
            (0, 0, RawValue::Text("党员总数".into())),
            (0, 1, RawValue::Number(36.0)),
            (1, 0, RawValue::Text("填报日期".into())),
            (1, 1, RawValue::DateText("2011-03-05".into())),
        ]
    );
}

#[test]
fn control_characters_in_strings() {
    let text = "a\u{1}b\u{7}c\td\r\ne\u{1f}f";
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, text).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let read_back = read(&bytes).unwrap();
    assert_eq!(
        cells(&read_back, "Sheet1"),
        vec![(0, 0, RawValue::Text(text.into()))]
    );
}

#[test]
fn a_cell_of_100_000_characters() {
    let long: String = "党建工作".chars().cycle().take(100_000).collect();
    let sst =
        format!(r#"<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>{long}</t></si></sst>"#);
    let sheet = sheet_xml(None, r#"<row r="1"><c r="B2" t="s"><v>0</v></c></row>"#);
    let book = read(&xlsx(&sheet, Some(&sst))).unwrap();
    let got = cells(&book, "Sheet1");
    assert_eq!(got.len(), 1);
    let RawValue::Text(t) = &got[0].2 else {
        panic!("{:?}", got[0])
    };
    assert_eq!(t.chars().count(), 100_000);
    assert_eq!(t, &long);
}

#[test]
fn a_ledger_of_100_000_rows() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("活动台帐").unwrap();
    let header = [
        "序号",
        "日期",
        "活动类别",
        "活动主题",
        "应到人数",
        "实到人数",
        "负责人",
        "备注",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=100_000u32 {
        sheet.write_number(r, 0, f64::from(r)).unwrap();
        sheet.write_string(r, 1, "2011-3-5").unwrap();
        sheet.write_string(r, 2, "党课").unwrap();
        sheet.write_string(r, 3, format!("第{r}次学习")).unwrap();
        sheet.write_number(r, 4, 30.0).unwrap();
        sheet.write_number(r, 5, 28.0).unwrap();
        sheet.write_string(r, 6, "张三").unwrap();
        sheet.write_string(r, 7, "无").unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let read_back = read(&bytes).unwrap();
    let ledger = &read_back.sheets[0];
    assert_eq!(ledger.cells.len(), 8 * 100_001);
    let last = &ledger.cells[ledger.cells.len() - 5];
    assert_eq!(
        (last.row, last.col, &last.value),
        (100_000, 3, &RawValue::Text("第100000次学习".into()))
    );
}

#[test]
fn every_sample_submission_reads_or_is_reported_damaged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut read_ok = 0;
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
    {
        match read(&std::fs::read(path).unwrap()) {
            Ok(_) => read_ok += 1,
            Err(e) => assert_eq!(
                e,
                corrupt("压缩包的目录缺失或损坏，文件可能在下载或传输中被截断"),
                "{}",
                path.display()
            ),
        }
    }
    assert!(read_ok > 70, "{read_ok}");
}

// ---------------------------------------------------------- public corpus

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_realworld_file_opens_or_gets_one_clear_error() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/realworld");
    if !root.is_dir() {
        println!("跳过：未找到 {}", root.display());
        return;
    }
    let mut files = Vec::new();
    walk(&root, &mut files);
    assert!(files.len() > 150, "{}", files.len());
    let mut opened = 0;
    let mut rows = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let outcome = read(&bytes);
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        // (`read` also checks the lean read of `check` against this one.)
        let text = match &outcome {
            Ok(book) => {
                opened += 1;
                format!(
                    "打开  {} 个工作表，{} 个单元格",
                    book.sheets.len(),
                    book.sheets.iter().map(|s| s.cells.len()).sum::<usize>()
                )
            }
            Err(e) => {
                // Every message is plain Chinese, never a parser's words.
                assert!(
                    !e.to_string().is_ascii() && !e.hint().is_empty(),
                    "{name}: {e}"
                );
                format!("拒绝  {e}")
            }
        };
        rows.push(format!("{name:<58} {text}"));
    }
    println!("{}", rows.join("\n"));
    println!(
        "共 {} 个文件：打开 {opened}，拒绝 {}",
        files.len(),
        files.len() - opened
    );
    // The spreadsheets the corpus expects to open (all but the 11 it
    // expects to be rejected, and the licences and CSV files).
    assert!(opened >= 160, "{opened}");
}

//! Post-processing of docx-rs's parts: what docx-rs 0.4.22 cannot write.
//!
//! Edits the parts of [`docx_rs::XMLDocx`] (plain XML byte vectors) before
//! they are zipped:
//! - `w:tblHeader` on the first row of data tables (repeat the header row);
//! - the rows of data tables after their header, written to XML by docx-rs
//!   one row at a time (see `Writer::table`), in their tables;
//! - `dc:title` and `dc:creator` in the core properties;
//! - a font table naming the Chinese fonts of the standard, with charset 86
//!   and the names Windows ships today as alternatives;
//! - a real Normal style (仿宋_GB2312 3号, exact 28.95 pt lines) in place of
//!   the empty one, so that text a clerk types in Word looks like the rest.
//!
//! Each edit looks for the exact text docx-rs writes and fails loudly when it
//! is not there (a docx-rs upgrade changed it), rather than writing a file
//! that silently lacks the fix.

use docx_rs::XMLDocx;

use super::docx::Face;
use super::metrics::{CHAR_SPACING, LINE, SIZE_3HAO};
use crate::render::RenderError;

/// What to add to the built parts.
#[derive(Debug, Clone, Default)]
pub struct Fixes {
    /// dc:title.
    pub title: String,
    /// dc:creator and cp:lastModifiedBy.
    pub creator: String,
    /// Indexes, in document order, of the body's tables whose first row is a
    /// header to repeat on every page.
    pub header_tables: Vec<usize>,
    /// Rows to add at the end of tables, as XML, by table index in document
    /// order (ascending).
    pub table_bodies: Vec<(usize, String)>,
}

/// Applies every fix to the parts.
pub fn apply(xml: &mut XMLDocx, fixes: Fixes) -> Result<(), RenderError> {
    let Fixes {
        title,
        creator,
        header_tables,
        table_bodies,
    } = fixes;
    edit(&mut xml.document, "word/document.xml", |s| {
        fill_tables(s, &header_tables, table_bodies)
    })?;
    edit(&mut xml.doc_props.core, "docProps/core.xml", |s| {
        core_properties(s, &title, &creator)
    })?;
    edit(&mut xml.font_table, "word/fontTable.xml", font_table)?;
    edit(&mut xml.styles, "word/styles.xml", styles)?;
    Ok(())
}

fn edit(
    part: &mut Vec<u8>,
    name: &str,
    f: impl FnOnce(&str) -> Result<String, String>,
) -> Result<(), RenderError> {
    let text =
        std::str::from_utf8(part).map_err(|_| RenderError::Docx(format!("{name} 不是 UTF-8")))?;
    let fixed = f(text).map_err(|what| RenderError::Docx(format!("{name}：{what}")))?;
    *part = fixed.into_bytes();
    Ok(())
}

/// Escapes text for an XML element or attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Adds `<w:tblHeader />` to the first row of the `headers` tables, and
/// each of `bodies`' rows at the end of its table (tables counted in
/// document order over top-level and nested `<w:tbl>` alike). A table given
/// rows must not hold a table of its own. Each body is dropped once copied.
pub fn fill_tables(
    document: &str,
    headers: &[usize],
    bodies: Vec<(usize, String)>,
) -> Result<String, String> {
    let added: usize = bodies.iter().map(|(_, rows)| rows.len()).sum();
    let mut out = String::with_capacity(document.len() + headers.len() * 20 + added);
    let mut bodies = bodies.into_iter().peekable();
    let mut rest = document;
    let mut index = 0;
    while let Some(at) = rest.find("<w:tbl>") {
        let (before, from_table) = rest.split_at(at);
        out.push_str(before);
        out.push_str("<w:tbl>");
        rest = &from_table["<w:tbl>".len()..];
        if headers.contains(&index) {
            let row = rest
                .find("<w:tr>")
                .ok_or_else(|| format!("第 {} 个表格没有行", index + 1))?;
            let after_row = &rest[row + "<w:tr>".len()..];
            out.push_str(&rest[..row + "<w:tr>".len()]);
            if let Some(tail) = after_row.strip_prefix("<w:trPr />") {
                out.push_str("<w:trPr><w:tblHeader /></w:trPr>");
                rest = tail;
            } else if let Some(tail) = after_row.strip_prefix("<w:trPr>") {
                out.push_str("<w:trPr><w:tblHeader />");
                rest = tail;
            } else {
                out.push_str("<w:trPr><w:tblHeader /></w:trPr>");
                rest = after_row;
            }
        }
        if let Some((_, rows)) = bodies.next_if(|(table, _)| *table == index) {
            let end = rest
                .find("</w:tbl>")
                .ok_or_else(|| format!("第 {} 个表格没有结尾", index + 1))?;
            if rest[..end].contains("<w:tbl>") {
                return Err(format!(
                    "第 {} 个表格里还有表格，不能在其后添加行",
                    index + 1
                ));
            }
            out.push_str(&rest[..end]);
            out.push_str(&rows);
            rest = &rest[end..];
        }
        index += 1;
    }
    out.push_str(rest);
    let mut missing: Vec<usize> = headers.iter().filter(|t| **t >= index).copied().collect();
    missing.extend(bodies.map(|(table, _)| table));
    if !missing.is_empty() {
        return Err(format!("找不到第 {missing:?} 个表格"));
    }
    Ok(out)
}

/// Sets dc:creator and cp:lastModifiedBy, adds dc:title.
pub fn core_properties(core: &str, title: &str, creator: &str) -> Result<String, String> {
    let creator = escape(creator);
    let mut out = replace_once(
        core,
        "<dc:creator>unknown</dc:creator>",
        &format!("<dc:creator>{creator}</dc:creator>"),
    )?;
    out = replace_once(
        &out,
        "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
        &format!("<cp:lastModifiedBy>{creator}</cp:lastModifiedBy>"),
    )?;
    if !title.is_empty() {
        out = replace_once(
            &out,
            "</cp:coreProperties>",
            &format!("<dc:title>{}</dc:title></cp:coreProperties>", escape(title)),
        )?;
    }
    Ok(out)
}

/// The fonts the document uses, with the alternative names Windows has
/// (仿宋 for 仿宋_GB2312 …) and the GB2312 charset.
pub fn font_table(fonts: &str) -> Result<String, String> {
    let open_end = fonts
        .find("<w:fonts")
        .and_then(|i| fonts[i..].find('>').map(|j| i + j + 1))
        .ok_or("没有 <w:fonts>")?;
    let close = fonts.rfind("</w:fonts>").ok_or("没有 </w:fonts>")?;
    let entries = [
        (Face::FangSong.name(), Some("仿宋"), "86", "modern", "fixed"),
        (Face::KaiTi.name(), Some("楷体"), "86", "modern", "fixed"),
        (Face::HeiTi.name(), Some("SimHei"), "86", "modern", "fixed"),
        (
            Face::XiaoBiaoSong.name(),
            Some("宋体"),
            "86",
            "script",
            "fixed",
        ),
        (
            Face::SongTi.name(),
            Some("SimSun"),
            "86",
            "auto",
            "variable",
        ),
        ("Times New Roman", None, "00", "roman", "variable"),
    ];
    let mut out = String::with_capacity(fonts.len() + 800);
    out.push_str(&fonts[..open_end]);
    for (name, alt, charset, family, pitch) in entries {
        out.push_str(&format!("<w:font w:name=\"{}\">", escape(name)));
        if let Some(alt) = alt {
            out.push_str(&format!("<w:altName w:val=\"{}\" />", escape(alt)));
        }
        out.push_str(&format!(
            "<w:charset w:val=\"{charset}\" /><w:family w:val=\"{family}\" /><w:pitch w:val=\"{pitch}\" /></w:font>"
        ));
    }
    out.push_str(&fonts[close..]);
    Ok(out)
}

/// Replaces docx-rs's empty Normal style with the body text's look.
pub fn styles(styles: &str) -> Result<String, String> {
    const EMPTY_NORMAL: &str = "<w:style w:type=\"paragraph\" w:styleId=\"Normal\"><w:name w:val=\"Normal\" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>";
    let font = escape(Face::FangSong.name());
    let normal = format!(
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\" /><w:qFormat />\
<w:pPr><w:widowControl w:val=\"0\" /><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{LINE}\" w:lineRule=\"exact\" /><w:jc w:val=\"both\" /></w:pPr>\
<w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\" w:eastAsia=\"{font}\" w:cs=\"{font}\" w:hint=\"eastAsia\" /><w:spacing w:val=\"{CHAR_SPACING}\" /><w:sz w:val=\"{SIZE_3HAO}\" /><w:szCs w:val=\"{SIZE_3HAO}\" /></w:rPr></w:style>"
    );
    replace_once(styles, EMPTY_NORMAL, &normal)
}

fn replace_once(text: &str, from: &str, to: &str) -> Result<String, String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        0 => Err(format!("找不到“{from}”（docx-rs 的输出变了？）")),
        n => Err(format!("“{from}”出现了 {n} 次")),
    }
}

/// Repacks the package with deflate: docx-rs without its default features
/// stores every part uncompressed (a bulletin ten times its size). Entry
/// order and the fixed 1980 timestamps are kept, so the bytes stay
/// deterministic. The fastest level: a return notice per returned unit,
/// thousands in a messy quarter, each of ~20 parts of a few KB (level 3, as
/// Word saves, built a Huffman table per part for a few KB less a notice).
pub fn deflate(stored: &[u8]) -> Result<Vec<u8>, RenderError> {
    use std::io::{Read, Write};
    let fail = |e: &dyn std::fmt::Display| RenderError::Docx(format!("压缩文档失败：{e}"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored)).map_err(|e| fail(&e))?;
    let mut writer =
        zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(stored.len() / 4)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| fail(&e))?;
        let name = entry.name().map_err(|e| fail(&e))?.to_string();
        if entry.is_dir() {
            writer.add_directory(name, options).map_err(|e| fail(&e))?;
            continue;
        }
        writer.start_file(name, options).map_err(|e| fail(&e))?;
        // A stored part is written from where it lies in `stored`, not
        // copied first: a 催报通知 for thousands of units has a document part
        // of many megabytes. One write of the whole part, as when it was
        // copied: the deflater's output depends on how its input is cut.
        let start = entry.data_start().map(|s| s as usize);
        let size = entry.compressed_size() as usize;
        match start {
            Some(start)
                if entry.compression() == zip::CompressionMethod::Stored
                    && start
                        .checked_add(size)
                        .is_some_and(|end| end <= stored.len()) =>
            {
                writer
                    .write_all(&stored[start..start + size])
                    .map_err(|e| fail(&e))?;
            }
            _ => {
                let mut data = Vec::with_capacity(entry.size() as usize);
                entry.read_to_end(&mut data).map_err(|e| fail(&e))?;
                writer.write_all(&data).map_err(|e| fail(&e))?;
            }
        }
    }
    Ok(writer.finish().map_err(|e| fail(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deflate_keeps_every_part_and_shrinks_the_package() {
        use std::io::{Read, Write};
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        w.add_directory("word/", stored).unwrap();
        w.start_file("word/document.xml", stored).unwrap();
        w.write_all("<w:p>党建</w:p>".repeat(1000).as_bytes())
            .unwrap();
        let bytes = w.finish().unwrap().into_inner();
        let packed = deflate(&bytes).unwrap();
        assert!(
            packed.len() * 10 < bytes.len(),
            "{} vs {}",
            packed.len(),
            bytes.len()
        );
        assert_eq!(deflate(&bytes).unwrap(), packed, "deterministic");
        let document = |package: Vec<u8>| {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(package)).unwrap();
            let mut text = String::new();
            archive
                .by_name("word/document.xml")
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            (archive.len(), text)
        };
        assert_eq!(document(packed), (2, "<w:p>党建</w:p>".repeat(1000)));

        // A part already compressed is inflated and deflated again.
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        w.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        w.write_all("<w:p>党建</w:p>".repeat(1000).as_bytes())
            .unwrap();
        let deflated = w.finish().unwrap().into_inner();
        assert_eq!(
            document(deflate(&deflated).unwrap()),
            (1, "<w:p>党建</w:p>".repeat(1000))
        );
    }

    #[test]
    fn header_rows_are_marked_in_listed_tables_only() {
        let doc = "<w:body><w:tbl><w:tblPr /><w:tr><w:trPr /><w:tc /></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl>\
<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:tbl><w:tr><w:tc /></w:tr></w:tbl></w:body>";
        let out = fill_tables(doc, &[0, 2], Vec::new()).unwrap();
        assert_eq!(out.matches("<w:tblHeader />").count(), 2);
        assert!(out.contains("<w:tbl><w:tblPr /><w:tr><w:trPr><w:tblHeader /></w:trPr><w:tc />"));
        // The second row of the first table and the second table untouched.
        assert!(out.contains("<w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:tbl><w:tr><w:trPr><w:cantSplit />"));
        assert!(out.ends_with(
            "<w:tbl><w:tr><w:trPr><w:tblHeader /></w:trPr><w:tc /></w:tr></w:tbl></w:body>"
        ));
        assert_eq!(
            fill_tables(doc, &[3], Vec::new()).unwrap_err(),
            "找不到第 [3] 个表格"
        );
        assert_eq!(fill_tables(doc, &[], Vec::new()).unwrap(), doc);
    }

    #[test]
    fn rows_are_added_at_the_end_of_their_tables() {
        let doc = "<w:body><w:tbl><w:tblPr /><w:tr><w:trPr /><w:tc>表头</w:tc></w:tr></w:tbl>\
<w:p /><w:tbl><w:tr><w:tc>版记</w:tc></w:tr></w:tbl>\
<w:tbl><w:tr><w:tc>表头二</w:tc></w:tr></w:tbl></w:body>";
        let bodies = vec![
            (
                0,
                "<w:tr><w:tc>1</w:tc></w:tr><w:tr><w:tc>2</w:tc></w:tr>".to_string(),
            ),
            (2, "<w:tr><w:tc>3</w:tc></w:tr>".to_string()),
        ];
        assert_eq!(
            fill_tables(doc, &[0, 2], bodies.clone()).unwrap(),
            "<w:body><w:tbl><w:tblPr /><w:tr><w:trPr><w:tblHeader /></w:trPr><w:tc>表头</w:tc></w:tr>\
<w:tr><w:tc>1</w:tc></w:tr><w:tr><w:tc>2</w:tc></w:tr></w:tbl>\
<w:p /><w:tbl><w:tr><w:tc>版记</w:tc></w:tr></w:tbl>\
<w:tbl><w:tr><w:trPr><w:tblHeader /></w:trPr><w:tc>表头二</w:tc></w:tr><w:tr><w:tc>3</w:tc></w:tr></w:tbl></w:body>"
        );
        // Rows for a table the document does not have.
        assert_eq!(
            fill_tables(doc, &[], vec![(3, "<w:tr />".to_string())]).unwrap_err(),
            "找不到第 [3] 个表格"
        );
        // A table holding a table cannot be given rows: they would land in
        // the inner one.
        let nested = "<w:tbl><w:tr><w:tc><w:tbl><w:tr /></w:tbl></w:tc></w:tr></w:tbl>";
        assert_eq!(
            fill_tables(nested, &[], vec![(0, "<w:tr />".to_string())]).unwrap_err(),
            "第 1 个表格里还有表格，不能在其后添加行"
        );
        // A table without its end.
        assert_eq!(
            fill_tables("<w:tbl><w:tr />", &[], vec![(0, "<w:tr />".to_string())]).unwrap_err(),
            "第 1 个表格没有结尾"
        );
    }

    #[test]
    fn core_properties_get_title_and_creator() {
        let core = "<cp:coreProperties><dc:creator>unknown</dc:creator><cp:lastModifiedBy>unknown</cp:lastModifiedBy></cp:coreProperties>";
        let out = core_properties(core, "关于<印发>的通知", "中共淮安市卫生局委员会").unwrap();
        assert!(out.contains("<dc:creator>中共淮安市卫生局委员会</dc:creator>"));
        assert!(out.contains("<cp:lastModifiedBy>中共淮安市卫生局委员会</cp:lastModifiedBy>"));
        assert!(out.contains("<dc:title>关于&lt;印发&gt;的通知</dc:title></cp:coreProperties>"));
        assert!(core_properties("<x/>", "t", "c").is_err());
    }

    #[test]
    fn font_table_names_the_chinese_fonts() {
        let fonts = "<?xml version=\"1.0\"?><w:fonts xmlns:w=\"w\"><w:font w:name=\"Arial\"></w:font></w:fonts>";
        let out = font_table(fonts).unwrap();
        assert!(out.starts_with("<?xml version=\"1.0\"?><w:fonts xmlns:w=\"w\">"));
        assert!(!out.contains("Arial"));
        assert!(out.contains(
            "<w:font w:name=\"仿宋_GB2312\"><w:altName w:val=\"仿宋\" /><w:charset w:val=\"86\" />"
        ));
        assert!(out.contains("<w:font w:name=\"方正小标宋简体\">"));
        assert!(out.ends_with("</w:fonts>"));
    }

    #[test]
    fn normal_style_is_filled() {
        let input = "<w:styles><w:docDefaults><w:pPrDefault><w:pPr><w:rPr /></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:styleId=\"Normal\"><w:name w:val=\"Normal\" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style></w:styles>";
        let out = styles(input).unwrap();
        assert!(out.contains("w:default=\"1\" w:styleId=\"Normal\""));
        assert!(out.contains(
            "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"579\" w:lineRule=\"exact\" />"
        ));
        assert!(out.contains("<w:sz w:val=\"32\" />"));
        assert!(styles("<w:styles />").is_err());
    }
}

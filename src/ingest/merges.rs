//! Merged regions of .xlsx sheets, read from the end of each sheet part.
//!
//! calamine finds a sheet's `<mergeCells>` by parsing the whole sheet XML a
//! second time (after the cell pass): nearly half the cost of reading a
//! submission. The merged regions stand after `</sheetData>`, so here each
//! sheet part is inflated once more (cheap) and only its tail is parsed.
//! Anything unexpected returns `None` and the caller asks calamine instead.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::events::Event;

use super::zipguard::Package;

/// A merged region: first row, first column, last row, last column (0-based).
pub(crate) type Region = (u32, u32, u32, u32);

/// The workbook's (small) parts are read whole only up to this size.
const SMALL: u64 = 4 << 20;

fn read_part(package: &mut Package, name: &str, cap: u64) -> Option<Vec<u8>> {
    let part = package.part(&name.to_lowercase())?.clone();
    if part.size > cap {
        return None;
    }
    let mut out = Vec::with_capacity(part.size as usize);
    let file = package.archive.by_index(part.index).ok()?;
    file.take(cap).read_to_end(&mut out).ok()?;
    Some(out)
}

/// Attributes of the start or empty elements named `local` in `xml`.
fn elements(xml: &[u8], local: &str, keys: &[&str]) -> Option<Vec<Vec<Option<String>>>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    // A tail starts inside the document: its closing tags have no openings.
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;
    let mut buf = Vec::new();
    let mut found = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => {
                let mut values = vec![None; keys.len()];
                for a in e.attributes().with_checks(false).flatten() {
                    let key: &str = a.key.as_ref();
                    // `r:id` and plain `id` alike: match on the local part.
                    let key = key.rsplit(':').next().unwrap_or(key);
                    if let Some(i) = keys.iter().position(|k| *k == key) {
                        values[i] = Some(unescape(&a.value));
                    }
                }
                found.push(values);
            }
            Ok(Event::Eof) => break,
            Err(_) => return None,
            _ => {}
        }
    }
    Some(found)
}

/// The five predefined entities and numeric references.
fn unescape(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The part path of every sheet, by sheet name.
fn sheet_parts(package: &mut Package) -> Option<HashMap<String, String>> {
    let workbook = read_part(package, "xl/workbook.xml", SMALL)?;
    let rels = read_part(package, "xl/_rels/workbook.xml.rels", SMALL)?;
    let targets: HashMap<String, String> = elements(&rels, "Relationship", &["Id", "Target"])?
        .into_iter()
        .filter_map(|v| Some((v[0].clone()?, v[1].clone()?)))
        .collect();
    let mut parts = HashMap::new();
    for v in elements(&workbook, "sheet", &["name", "id"])? {
        let (Some(name), Some(id)) = (v[0].clone(), v[1].clone()) else {
            continue;
        };
        let target = targets.get(&id)?;
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        parts.insert(name, path.replace('\\', "/"));
    }
    Some(parts)
}

/// Where the last `sheetData` tag starts (the closing or self-closing one).
fn tail_start(xml: &[u8]) -> usize {
    const TAG: &[u8] = b"sheetData";
    let mut i = xml.len().saturating_sub(TAG.len());
    loop {
        if xml[i..].starts_with(TAG) {
            return i.saturating_sub(2);
        }
        if i == 0 {
            return 0;
        }
        i -= 1;
    }
}

/// `B3` → (2, 1); `None` beyond Excel's grid.
fn cell(a1: &str) -> Option<(u32, u32)> {
    let a1 = a1.trim().replace('$', "");
    let letters = a1.chars().take_while(|c| c.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = a1[..letters].bytes().fold(0u32, |acc, b| {
        acc * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u32 = a1[letters..].parse().ok()?;
    ((1..=1_048_576).contains(&row) && (1..=16_384).contains(&col)).then(|| (row - 1, col - 1))
}

/// `A1:C2` or `A1`.
fn region(reference: &str) -> Option<Region> {
    let (first, last) = reference.split_once(':').unwrap_or((reference, reference));
    let (r0, c0) = cell(first)?;
    let (r1, c1) = cell(last)?;
    Some((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)))
}

/// The merged regions of every sheet, by sheet name; `None` when the
/// workbook is laid out in a way this shortcut does not handle.
pub(crate) fn xlsx_merges(package: &mut Package) -> Option<HashMap<String, Vec<Region>>> {
    xlsx_merges_of(package, |_| true)
}

/// The merged regions of the sheets `wanted` names, by sheet name (the other
/// sheet parts are not inflated); `None` as for [`xlsx_merges`].
pub(crate) fn xlsx_merges_of(
    package: &mut Package,
    wanted: impl Fn(&str) -> bool,
) -> Option<HashMap<String, Vec<Region>>> {
    let parts = sheet_parts(package)?;
    let mut merges = HashMap::new();
    for (name, path) in parts {
        if !wanted(&name) {
            continue;
        }
        // Declared sizes were checked by the zip guard before this point.
        let xml = read_part(package, &path, u64::MAX)?;
        let tail = &xml[tail_start(&xml)..];
        let regions: Option<Vec<Region>> = elements(tail, "mergeCell", &["ref"])?
            .into_iter()
            .map(|v| v[0].as_deref().and_then(region))
            .collect();
        merges.insert(name, regions?);
    }
    Some(merges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_tails() {
        assert_eq!(region("A1:C2"), Some((0, 0, 1, 2)));
        assert_eq!(region("$B$3"), Some((2, 1, 2, 1)));
        assert_eq!(region("C2:A1"), Some((0, 0, 1, 2)));
        assert_eq!(region("XFE1"), None);
        assert_eq!(region("A0"), None);
        assert_eq!(unescape("A&amp;B &#x4E00;&#20108; &bad"), "A&B 一二 &bad");
        let xml = b"<worksheet><sheetData><row/></sheetData><mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>";
        let tail = &xml[tail_start(xml)..];
        assert!(tail.starts_with(b"</sheetData>"));
        let found = elements(tail, "mergeCell", &["ref"]).unwrap();
        assert_eq!(found, vec![vec![Some("A1:B1".to_string())]]);
        let prefixed = b"<x:sheetData/><x:mergeCells><x:mergeCell ref=\"C3:D4\"/></x:mergeCells>";
        let found = elements(&prefixed[tail_start(prefixed)..], "mergeCell", &["ref"]).unwrap();
        assert_eq!(found, vec![vec![Some("C3:D4".to_string())]]);
    }
}

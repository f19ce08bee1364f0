//! A pre-scan of an .xls workbook stream (BIFF5/BIFF8 records) before
//! calamine parses it.
//!
//! calamine parses the whole .xls at open and lays each sheet out densely:
//! one grid slot per cell of the rectangle spanning all cells, plus a second
//! grid for formula texts. A single cell at the far corner (row 65536,
//! column 65536 — record fields are 16 bits) makes that 4 G slots and the
//! process aborts. It also reserves room for the rows × columns a DIMENSIONS
//! record claims, clones a shared string for every cell that shows it, and
//! decodes every formula's tokens (with quadratic cost on crafted input).
//!
//! This scan walks the records exactly as calamine does (same record
//! framing, same CONTINUE grouping, same sheet substreams, same nesting
//! rules) and refuses the file if calamine's allocations would exceed the
//! [`Limits`]. It also neutralises, in place, the two fields whose contents
//! are never used by huizong but which calamine would act on: the DIMENSIONS
//! records (zeroed: calamine only uses them to pre-allocate) and the token
//! length of each FORMULA record (zeroed: huizong reads the cached result,
//! never the formula text of an .xls; calamine then records a short
//! placeholder instead of decoding tokens). Record lengths never change, so
//! calamine sees the same records, values and positions.

use super::read::{Limits, ReadError};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;
const FILEPASS: u16 = 0x002F;
const CODEPAGE: u16 = 0x0042;
const BOUNDSHEET: u16 = 0x0085;
const SST: u16 = 0x00FC;
const DIMENSIONS: u16 = 0x0200;
const FORMULA: u16 = 0x0006;
const STRING: u16 = 0x0207;
const LABELSST: u16 = 0x00FD;
const MULRK: u16 = 0x00BD;
/// Cell records calamine turns into one value each.
const VALUE_RECORDS: [u16; 5] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E];

/// Most CONTINUE records after one record. calamine moves the whole list
/// each time it takes the next one (quadratic); a real 50 MB shared-string
/// table needs about 6,000.
const MAX_CONTINUES: usize = 8192;
/// UTF-8 bytes one UTF-16 unit of a shared string may decode to.
const UTF8_PER_UTF16: u64 = 3;

struct Record {
    typ: u16,
    /// Offset of the record's data in the stream.
    at: usize,
    len: usize,
}

fn corrupt(detail: &str) -> ReadError {
    ReadError::Corrupt {
        detail: detail.to_string(),
    }
}

fn truncated() -> ReadError {
    corrupt("旧版 .xls 工作簿的数据被截断")
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// calamine's record framing: a record, then the CONTINUE records that
/// follow it (only while more than 4 bytes remain, as calamine checks).
struct Records<'a> {
    stream: &'a [u8],
    pos: usize,
}

impl Records<'_> {
    fn next(&mut self) -> Option<Result<(Record, Vec<Record>), ReadError>> {
        let s = self.stream;
        let rest = s.len() - self.pos;
        if rest < 4 {
            return if rest == 0 {
                None
            } else {
                Some(Err(truncated()))
            };
        }
        let typ = u16_at(s, self.pos);
        let len = u16_at(s, self.pos + 2) as usize;
        if rest < len + 4 {
            return Some(Err(truncated()));
        }
        let record = Record {
            typ,
            at: self.pos + 4,
            len,
        };
        self.pos += len + 4;
        let mut conts = Vec::new();
        while s.len() - self.pos > 4 && u16_at(s, self.pos) == CONTINUE {
            let len = u16_at(s, self.pos + 2) as usize;
            if s.len() - self.pos < len + 4 {
                return Some(Err(truncated()));
            }
            conts.push(Record {
                typ: CONTINUE,
                at: self.pos + 4,
                len,
            });
            self.pos += len + 4;
            if conts.len() > MAX_CONTINUES {
                return Some(Err(ReadError::Suspicious {
                    detail: format!("一条记录后接续记录超过 {MAX_CONTINUES} 条"),
                }));
            }
        }
        Some(Ok((record, conts)))
    }
}

/// What the scan found, and what it would patch.
#[derive(Debug, Default)]
struct Scan {
    /// Data ranges of DIMENSIONS records not already all zero.
    dimensions: Vec<(usize, usize)>,
    /// Offsets of non-zero FORMULA token lengths.
    formula_lengths: Vec<usize>,
}

/// Rectangle spanned by a set of cells.
#[derive(Debug, Default, Clone, Copy)]
struct Span {
    min: (u32, u32),
    max: (u32, u32),
    any: bool,
}

impl Span {
    fn add(&mut self, row: u32, col: u32) {
        if self.any {
            self.min = (self.min.0.min(row), self.min.1.min(col));
            self.max = (self.max.0.max(row), self.max.1.max(col));
        } else {
            *self = Span {
                min: (row, col),
                max: (row, col),
                any: true,
            };
        }
    }

    fn rows(&self) -> u64 {
        if self.any {
            u64::from(self.max.0 - self.min.0) + 1
        } else {
            0
        }
    }

    fn cols(&self) -> u64 {
        if self.any {
            u64::from(self.max.1 - self.min.1) + 1
        } else {
            0
        }
    }

    fn area(&self) -> u64 {
        self.rows() * self.cols()
    }
}

/// Sheet name from a BOUNDSHEET record, for messages.
fn sheet_name(data: &[u8], biff8: bool, index: usize) -> String {
    let fallback = || format!("第 {} 个工作表", index + 1);
    if data.len() < 8 {
        return fallback();
    }
    let cch = data[6] as usize;
    let name = if biff8 {
        let high = data[7] & 1 != 0;
        let chars = &data[8..];
        if high {
            let units: Vec<u16> = chars
                .chunks_exact(2)
                .take(cch)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            chars.iter().take(cch).map(|&b| b as char).collect()
        }
    } else {
        let chars = &data[7..data.len().min(7 + cch)];
        if !chars.is_ascii() {
            return fallback();
        }
        String::from_utf8_lossy(chars).into_owned()
    };
    let name = name.replace('\0', "");
    if name.trim().is_empty() {
        fallback()
    } else {
        name
    }
}

/// Character counts of the shared strings, walked as calamine's parse_sst
/// walks them. Stops (like calamine, which then fails) at the first
/// inconsistency; the strings found so far are returned.
fn sst_lengths<'s>(stream: &'s [u8], record: &Record, conts: &[Record]) -> Vec<u16> {
    let mut out = Vec::new();
    if record.len < 8 {
        return out;
    }
    let mut data: &'s [u8] = &stream[record.at + 8..record.at + record.len];
    let mut next = conts.iter();
    let mut take_continue = |data: &mut &'s [u8]| -> bool {
        match next.next() {
            Some(c) => {
                *data = &stream[c.at..c.at + c.len];
                true
            }
            None => false,
        }
    };
    loop {
        if data.is_empty() && !take_continue(&mut data) {
            return out;
        }
        if data.is_empty() {
            out.push(0);
            continue;
        }
        if data.len() < 3 {
            return out;
        }
        let cch = u16_at(data, 0);
        let flags = data[2];
        data = &data[3..];
        let mut high = flags & 1 != 0;
        let mut runs = 0usize;
        let mut ext = 0usize;
        if flags & 0x8 != 0 {
            if data.len() < 2 {
                return out;
            }
            runs = u16_at(data, 0) as usize;
            data = &data[2..];
        }
        if flags & 0x4 != 0 {
            if data.len() < 4 {
                return out;
            }
            ext = i32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
            data = &data[4..];
        }
        let mut left = cch as usize;
        while left > 0 {
            let width = if high { 2 } else { 1 };
            let n = left.min(data.len() / width);
            data = &data[n * width..];
            left -= n;
            if left > 0 {
                if !take_continue(&mut data) || data.is_empty() {
                    return out;
                }
                high = data[0] & 1 != 0;
                data = &data[1..];
            }
        }
        out.push(cch);
        for mut skip in [runs.saturating_mul(4), ext] {
            while skip > 0 {
                if data.is_empty() && !take_continue(&mut data) {
                    return out;
                }
                let n = skip.min(data.len());
                data = &data[n..];
                skip -= n;
            }
        }
    }
}

/// Walks the stream as calamine will; refuses it if calamine's work would
/// exceed the limits; lists the fields to neutralise.
fn scan(stream: &[u8], limits: &Limits) -> Result<Scan, ReadError> {
    let mut scan = Scan::default();
    let mut sheets: Vec<(usize, String)> = Vec::new();
    let mut sst: Vec<u16> = Vec::new();
    let mut biff8 = true;
    let mut utf16 = true;

    let mut records = Records { stream, pos: 0 };
    while let Some(item) = records.next() {
        let (r, conts) = item?;
        let data = &stream[r.at..r.at + r.len];
        match r.typ {
            FILEPASS => return Err(ReadError::Encrypted),
            CODEPAGE if r.len >= 2 => utf16 = u16_at(data, 0) == 1200,
            BOF if r.len >= 2 => {
                let version = u16_at(data, 0);
                let dt = if r.len >= 4 { u16_at(data, 2) } else { 0 };
                let older = matches!(version, 0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500);
                biff8 = !(older || (version == 0 && dt == 0x1000));
            }
            BOUNDSHEET => {
                if r.len < 6 {
                    return Err(corrupt("旧版 .xls 工作簿的工作表目录已损坏"));
                }
                let name = sheet_name(data, biff8, sheets.len());
                sheets.push((u32_at(data, 0) as usize, name));
                if sheets.len() > limits.max_sheets {
                    return Err(ReadError::TooManySheets {
                        limit: limits.max_sheets,
                    });
                }
            }
            SST => sst = sst_lengths(stream, &r, &conts),
            EOF => break,
            _ => {}
        }
    }
    // Bytes of UTF-8 a shared string of n UTF-16 units may decode to.
    let per_char = if utf16 { UTF8_PER_UTF16 } else { 6 };

    let mut total_area = 0u64;
    let mut total_cells = 0u64;
    let mut text = 0u64;
    for (pos, name) in &sheets {
        if *pos > stream.len() {
            return Err(corrupt(&format!("工作表“{name}”的位置超出文件范围")));
        }
        let mut values = Span::default();
        let mut formulas = Span::default();
        let mut cells = 0u64;
        let mut formula_pos = (0u32, 0u32);
        let mut seen_bof = false;
        let mut depth = 0usize;
        let mut records = Records { stream, pos: *pos };
        while let Some(item) = records.next() {
            let (r, _) = item?;
            let data = &stream[r.at..r.at + r.len];
            if depth > 0 {
                match r.typ {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let row_col = |d: &[u8]| (u32::from(u16_at(d, 0)), u32::from(u16_at(d, 2)));
            match r.typ {
                BOF => {
                    if seen_bof {
                        depth += 1;
                    } else {
                        seen_bof = true;
                    }
                }
                EOF => break,
                DIMENSIONS if data.iter().any(|&b| b != 0) => {
                    scan.dimensions.push((r.at, r.len));
                }
                t if VALUE_RECORDS.contains(&t) && r.len >= 4 => {
                    let (row, col) = row_col(data);
                    values.add(row, col);
                    cells += 1;
                }
                LABELSST if r.len >= 10 => {
                    let (row, col) = row_col(data);
                    values.add(row, col);
                    cells += 1;
                    if let Some(&cch) = sst.get(u32_at(data, 6) as usize) {
                        text += u64::from(cch) * per_char;
                    }
                }
                MULRK if r.len >= 6 => {
                    let (row, first) = row_col(data);
                    let n = (r.len - 6).div_ceil(6).max(1) as u32;
                    values.add(row, first);
                    values.add(row, first + n - 1);
                    cells += u64::from(n);
                }
                STRING => {
                    values.add(formula_pos.0, formula_pos.1);
                    cells += 1;
                }
                FORMULA if r.len >= 20 => {
                    formula_pos = row_col(data);
                    values.add(formula_pos.0, formula_pos.1);
                    formulas.add(formula_pos.0, formula_pos.1);
                    cells += 2;
                    if r.len >= 22 && u16_at(data, 20) != 0 {
                        scan.formula_lengths.push(r.at + 20);
                    }
                }
                _ => {}
            }
        }
        if cells > limits.max_cells_per_sheet as u64 {
            return Err(ReadError::TooManyCells {
                sheet: name.clone(),
                limit: limits.max_cells_per_sheet,
            });
        }
        // Several sheet entries may point at one substream: calamine parses
        // it once per entry.
        total_cells += cells;
        if total_cells > limits.max_cells_total as u64 {
            return Err(ReadError::TooManyCellsTotal {
                limit: limits.max_cells_total,
            });
        }
        for span in [values, formulas] {
            if span.area() > limits.max_cells_per_sheet as u64 {
                return Err(ReadError::SheetTooLarge {
                    sheet: name.clone(),
                    rows: span.rows(),
                    cols: span.cols(),
                    limit: limits.max_cells_per_sheet,
                });
            }
            total_area += span.area();
        }
        if total_area > limits.max_cells_total as u64 {
            return Err(ReadError::TooManyCellsTotal {
                limit: limits.max_cells_total,
            });
        }
        if text > limits.max_text_bytes {
            return Err(ReadError::TooMuchText {
                limit: limits.max_text_bytes,
            });
        }
    }
    Ok(scan)
}

/// Checks an .xls workbook stream against the limits and neutralises the
/// fields calamine would over-trust. Returns the stream to hand to calamine.
pub(crate) fn prepare(mut stream: Vec<u8>, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    let found = scan(&stream, limits)?;
    for &(at, len) in &found.dimensions {
        stream[at..at + len].fill(0);
    }
    for &at in &found.formula_lengths {
        stream[at..at + 2].fill(0);
    }
    // A record seen from two sheet positions at different offsets could
    // make one patch land inside another record; a second scan must find
    // nothing left to patch (and nothing else over the limits).
    let again = scan(&stream, limits)?;
    if !again.dimensions.is_empty() || !again.formula_lengths.is_empty() {
        return Err(corrupt("旧版 .xls 工作簿的记录相互重叠"));
    }
    Ok(stream)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn cell(typ: u16, row: u16, col: u16, rest: &[u8]) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend(rest);
        record(typ, &d)
    }

    /// A BIFF8 stream: globals (with `extra` records) and one sheet holding
    /// `body`.
    pub fn workbook(extra: &[Vec<u8>], body: &[Vec<u8>]) -> Vec<u8> {
        let mut globals = record(BOF, &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0]);
        for r in extra {
            globals.extend(r);
        }
        let name = b"\x04\x00Data";
        let bound_at = globals.len();
        let mut bound = 0u32.to_le_bytes().to_vec();
        bound.extend([0, 0]);
        bound.extend(name);
        globals.extend(record(BOUNDSHEET, &bound));
        globals.extend(record(EOF, &[]));
        let pos = globals.len() as u32;
        globals[bound_at + 4..bound_at + 8].copy_from_slice(&pos.to_le_bytes());
        globals.extend(record(BOF, &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0]));
        for r in body {
            globals.extend(r);
        }
        globals.extend(record(EOF, &[]));
        globals
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut rest = 0u16.to_le_bytes().to_vec();
        rest.extend(1.0f64.to_le_bytes());
        cell(0x0203, row, col, &rest)
    }

    #[test]
    fn far_corner_cell_is_refused_before_calamine_sees_it() {
        let stream = workbook(&[], &[number(0, 0), number(65535, 255)]);
        assert_eq!(
            prepare(stream, &Limits::default()).unwrap_err(),
            ReadError::SheetTooLarge {
                sheet: "Data".into(),
                rows: 65536,
                cols: 256,
                limit: Limits::default().max_cells_per_sheet,
            }
        );
        let stream = workbook(&[], &[number(0, 0), number(65535, 65535)]);
        assert!(matches!(
            prepare(stream, &Limits::default()).unwrap_err(),
            ReadError::SheetTooLarge { cols: 65536, .. }
        ));
        // A far column on a few rows is a wide but small rectangle.
        let stream = workbook(&[], &[number(0, 0), number(9, 65535)]);
        assert!(prepare(stream, &Limits::default()).is_ok());
    }

    #[test]
    fn dimensions_and_formula_tokens_are_zeroed() {
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(u32::MAX.to_le_bytes());
        dims.extend([0, 0, 0xFF, 0xFF, 0, 0]);
        let mut formula = vec![0u8; 2 + 8 + 2 + 4];
        formula.extend(3u16.to_le_bytes());
        formula.extend([0x15, 0x15, 0x15]);
        let stream = workbook(
            &[],
            &[record(DIMENSIONS, &dims), cell(FORMULA, 1, 1, &formula)],
        );
        let out = prepare(stream.clone(), &Limits::default()).unwrap();
        assert_eq!(out.len(), stream.len());
        let dim_at = stream
            .windows(4)
            .position(|w| w == [0x00, 0x02, 14, 0])
            .unwrap()
            + 4;
        assert!(out[dim_at..dim_at + 14].iter().all(|&b| b == 0));
        let differing = out.iter().zip(&stream).filter(|(a, b)| a != b).count();
        // The 6 non-zero DIMENSIONS bytes and the 1 non-zero length byte.
        assert_eq!(differing, 7);
    }

    #[test]
    fn filepass_means_password_protected() {
        let stream = workbook(&[record(FILEPASS, &[0, 0, 1, 0, 1, 0])], &[]);
        assert_eq!(
            prepare(stream, &Limits::default()).unwrap_err(),
            ReadError::Encrypted
        );
    }

    #[test]
    fn a_shared_string_shown_by_many_cells_is_counted_each_time() {
        // One 60,000-character string, shown by 2,000 cells: 360 MB of text.
        let mut sst = 1u32.to_le_bytes().to_vec();
        sst.extend(1u32.to_le_bytes());
        sst.extend(60_000u16.to_le_bytes());
        sst.push(0);
        let chars = vec![b'x'; 60_000];
        let mut extra = vec![record(SST, &[sst, chars[..8000].to_vec()].concat())];
        for chunk in chars[8000..].chunks(8000) {
            extra.push(record(CONTINUE, &[&[0u8][..], chunk].concat()));
        }
        let body: Vec<Vec<u8>> = (0..2000u16)
            .map(|row| cell(LABELSST, row, 0, &[0, 0, 0, 0, 0, 0]))
            .collect();
        let stream = workbook(&extra, &body);
        assert_eq!(
            prepare(stream.clone(), &Limits::default()).unwrap_err(),
            ReadError::TooMuchText {
                limit: Limits::default().max_text_bytes
            }
        );
        let found = scan(&stream, &Limits::default());
        assert!(found.is_err());
        // The walk found the one string and its length.
        let mut records = Records {
            stream: &stream,
            pos: 0,
        };
        let mut lengths = Vec::new();
        while let Some(Ok((r, conts))) = records.next() {
            if r.typ == SST {
                lengths = sst_lengths(&stream, &r, &conts);
            }
        }
        assert_eq!(lengths, vec![60_000]);
    }

    #[test]
    fn a_storm_of_continue_records_is_refused() {
        let mut extra = vec![record(SST, &[0u8; 8])];
        extra.extend((0..MAX_CONTINUES + 1).map(|_| record(CONTINUE, &[0])));
        let stream = workbook(&extra, &[]);
        assert!(matches!(
            prepare(stream, &Limits::default()).unwrap_err(),
            ReadError::Suspicious { .. }
        ));
    }

    #[test]
    fn too_many_sheet_entries_are_refused() {
        let mut bound = 0u32.to_le_bytes().to_vec();
        bound.extend([0, 0, 1, 0, b'x']);
        let extra: Vec<Vec<u8>> = (0..70).map(|_| record(BOUNDSHEET, &bound)).collect();
        let stream = workbook(&extra, &[]);
        assert_eq!(
            prepare(stream, &Limits::default()).unwrap_err(),
            ReadError::TooManySheets { limit: 64 }
        );
    }

    #[test]
    fn sheet_entries_sharing_one_substream_are_counted_each_time() {
        // 40 entries, each pointing at a sheet of 120,000 cells at one spot.
        let body: Vec<Vec<u8>> = (0..120_000).map(|_| number(0, 0)).collect();
        let mut stream = workbook(&[], &body);
        let bound_at = stream.windows(2).position(|w| w == [0x85, 0x00]).unwrap();
        let bound_len = u16_at(&stream, bound_at + 2) as usize + 4;
        let bound = stream[bound_at..bound_at + bound_len].to_vec();
        let eof_at = bound_at + bound.len();
        let copies: Vec<u8> = (0..39).flat_map(|_| bound.clone()).collect();
        stream.splice(eof_at..eof_at, copies.iter().copied());
        // The sheet moved by the inserted entries: fix every position.
        let pos = u32_at(&stream, bound_at + 4) as usize + copies.len();
        for i in 0..40 {
            let at = bound_at + i * bound.len() + 4;
            stream[at..at + 4].copy_from_slice(&(pos as u32).to_le_bytes());
        }
        assert_eq!(
            prepare(stream, &Limits::default()).unwrap_err(),
            ReadError::TooManyCellsTotal {
                limit: Limits::default().max_cells_total
            }
        );
    }

    #[test]
    fn truncated_and_misplaced_streams_are_corrupt() {
        let stream = workbook(&[], &[number(1, 1)]);
        let cut = stream[..stream.len() - 3].to_vec();
        assert_eq!(prepare(cut, &Limits::default()).unwrap_err(), truncated());
        let mut far = stream.clone();
        let at = far.windows(2).position(|w| w == [0x85, 0x00]).unwrap() + 4;
        far[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(
            prepare(far, &Limits::default()).unwrap_err(),
            ReadError::Corrupt { .. }
        ));
    }

    #[test]
    fn an_ordinary_sheet_passes_unchanged() {
        let body: Vec<Vec<u8>> = (0..1000u16).map(|r| number(r, r % 8)).collect();
        let stream = workbook(&[], &body);
        assert_eq!(prepare(stream.clone(), &Limits::default()).unwrap(), stream);
    }
}

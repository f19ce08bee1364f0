//! A small, bounded reader and writer for OLE compound files (MS-CFB), the
//! container of .xls workbooks and of password-protected OOXML workbooks.
//!
//! calamine's own compound-file reader trusts the file: a sector chain that
//! loops, or a DIFAT that lists the same FAT sector thousands of times, makes
//! it allocate without bound. So an untrusted compound file is never handed to
//! calamine. This reader walks it with every chain bounded by the number of
//! sectors the file really has, takes out the one stream that is needed, and
//! [`single_stream`] packs that stream into a fresh, canonical compound file
//! whose structure calamine cannot misread.

use std::fmt;

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Sector numbers above this are markers, not sectors.
const MAXREGSECT: u32 = 0xFFFF_FFFA;
const FATSECT: u32 = 0xFFFF_FFFD;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FREESECT: u32 = 0xFFFF_FFFF;
const NOSTREAM: u32 = 0xFFFF_FFFF;
/// Streams shorter than this live in the mini stream (fixed by MS-CFB).
const MINI_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;

/// Why a compound file could not be walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CfbError {
    /// The file ends before its structure does.
    Truncated,
    /// The structure is inconsistent (loops, impossible sizes, bad header).
    Malformed,
}

impl fmt::Display for CfbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CfbError::Truncated => "复合文档不完整，文件可能在传输中被截断",
            CfbError::Malformed => "复合文档的内部结构已损坏",
        })
    }
}

/// One directory entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub name: String,
    /// 1 storage, 2 stream, 5 root.
    pub kind: u8,
    start: u32,
    size: u64,
}

impl Entry {
    pub fn is_stream(&self) -> bool {
        self.kind == 2
    }
}

/// A parsed compound file; streams are read on demand.
pub(crate) struct Compound<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    /// Sectors present in the file (the last one may be partial).
    sectors: usize,
    fat: Vec<u32>,
    minifat: Vec<u32>,
    ministream: Vec<u8>,
    pub entries: Vec<Entry>,
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl<'a> Compound<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Compound<'a>, CfbError> {
        if bytes.len() < 512 {
            return Err(CfbError::Truncated);
        }
        if bytes[..8] != SIGNATURE {
            return Err(CfbError::Malformed);
        }
        let sector_size = match u16_at(bytes, 30) {
            9 => 512,
            12 => 4096,
            _ => return Err(CfbError::Malformed),
        };
        if u16_at(bytes, 32) != 6 {
            return Err(CfbError::Malformed);
        }
        let major = u16_at(bytes, 26);
        if bytes.len() < sector_size {
            return Err(CfbError::Truncated);
        }
        let sectors = (bytes.len() - sector_size).div_ceil(sector_size);
        let mut cfb = Compound {
            bytes,
            sector_size,
            sectors,
            fat: Vec::new(),
            minifat: Vec::new(),
            ministream: Vec::new(),
            entries: Vec::new(),
        };

        // The FAT sectors: 109 listed in the header, more in a DIFAT chain.
        let per_sector = sector_size / 4;
        let mut fat_sectors: Vec<u32> = (0..109).map(|i| u32_at(bytes, 76 + 4 * i)).collect();
        let mut next = u32_at(bytes, 68);
        let mut hops = 0usize;
        while next != ENDOFCHAIN && next != FREESECT {
            hops += 1;
            if hops > sectors {
                return Err(CfbError::Malformed);
            }
            let sector = cfb.sector(next)?;
            fat_sectors.extend((0..per_sector - 1).map(|i| u32_at(&sector, 4 * i)));
            next = u32_at(&sector, 4 * (per_sector - 1));
        }
        fat_sectors.retain(|&id| id != FREESECT);
        if fat_sectors.len() > sectors {
            return Err(CfbError::Malformed);
        }
        let mut fat = Vec::with_capacity(fat_sectors.len() * per_sector);
        for id in fat_sectors {
            let sector = cfb.sector(id)?;
            fat.extend((0..per_sector).map(|i| u32_at(&sector, 4 * i)));
        }
        cfb.fat = fat;

        // The directory.
        let dir = cfb.read_chain(u32_at(bytes, 48), u64::MAX, false)?;
        cfb.entries = dir
            .chunks_exact(128)
            .map(|e| {
                let name_len = (u16_at(e, 64) as usize).min(64);
                let units: Vec<u16> = (0..name_len / 2).map(|i| u16_at(e, 2 * i)).collect();
                let name = String::from_utf16_lossy(&units)
                    .trim_end_matches('\0')
                    .to_string();
                let size = if major == 3 {
                    u64::from(u32_at(e, 120))
                } else {
                    u64::from_le_bytes(e[120..128].try_into().expect("8 bytes"))
                };
                Entry {
                    name,
                    kind: e[66],
                    start: u32_at(e, 116),
                    size,
                }
            })
            .collect();
        let Some(root) = cfb.entries.first().cloned() else {
            return Err(CfbError::Malformed);
        };

        // The mini stream (held by the root entry) and its allocation table.
        let minifat_start = u32_at(bytes, 60);
        if minifat_start != ENDOFCHAIN && minifat_start != FREESECT && root.size > 0 {
            let minifat = cfb.read_chain(minifat_start, u64::MAX, false)?;
            cfb.minifat = minifat.chunks_exact(4).map(|c| u32_at(c, 0)).collect();
            cfb.ministream = cfb.read_chain(root.start, root.size, false)?;
        }
        Ok(cfb)
    }

    /// One regular sector, zero-padded if the file ends inside it.
    fn sector(&self, id: u32) -> Result<Vec<u8>, CfbError> {
        if id > MAXREGSECT || id as usize >= self.sectors {
            return Err(CfbError::Truncated);
        }
        let start = (id as usize + 1) * self.sector_size;
        let end = (start + self.sector_size).min(self.bytes.len());
        let mut sector = self.bytes[start..end].to_vec();
        sector.resize(self.sector_size, 0);
        Ok(sector)
    }

    /// Follows a chain from `start`, collecting at most `len` bytes. Every
    /// chain is cut off after as many hops as there are sectors, so a loop
    /// costs at most one pass over the file.
    fn read_chain(&self, start: u32, len: u64, mini: bool) -> Result<Vec<u8>, CfbError> {
        let (table, unit, units) = if mini {
            (
                &self.minifat,
                MINI_SECTOR,
                self.ministream.len() / MINI_SECTOR,
            )
        } else {
            (&self.fat, self.sector_size, self.sectors)
        };
        let cap = (units as u64 * unit as u64).min(len);
        let mut out = Vec::with_capacity(usize::try_from(cap).unwrap_or(0).min(1 << 26));
        let mut id = start;
        let mut hops = 0usize;
        while id != ENDOFCHAIN && (out.len() as u64) < len {
            hops += 1;
            if hops > units || id as usize >= units || id as usize >= table.len() {
                return Err(if hops > units {
                    CfbError::Malformed
                } else {
                    CfbError::Truncated
                });
            }
            if mini {
                let at = id as usize * MINI_SECTOR;
                out.extend_from_slice(&self.ministream[at..at + MINI_SECTOR]);
            } else {
                out.extend_from_slice(&self.sector(id)?);
            }
            id = table[id as usize];
        }
        if len != u64::MAX {
            if (out.len() as u64) < len {
                return Err(CfbError::Truncated);
            }
            out.truncate(len as usize);
        }
        Ok(out)
    }

    /// The first entry with this name (case-insensitive, as Office does).
    pub fn find(&self, name: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.kind != 0 && e.name.eq_ignore_ascii_case(name))
    }

    /// The bytes of a stream entry.
    pub fn stream(&self, entry: &Entry) -> Result<Vec<u8>, CfbError> {
        if entry.size > self.bytes.len() as u64 {
            return Err(CfbError::Truncated);
        }
        self.read_chain(entry.start, entry.size, entry.size < MINI_CUTOFF)
    }
}

/// A canonical version-4 compound file holding one stream (padded with zero
/// bytes to at least 4 KiB so that it lives in regular sectors): FAT sectors
/// first, then one directory sector, then the stream in consecutive sectors.
/// `None` if the stream is too large for a header-only DIFAT (> ~450 MB).
pub(crate) fn single_stream(name: &str, data: &[u8]) -> Option<Vec<u8>> {
    const SS: usize = 4096;
    const PER: usize = SS / 4;
    let mut payload = data.to_vec();
    if payload.len() < MINI_CUTOFF as usize {
        payload.resize(MINI_CUTOFF as usize, 0);
    }
    let stream_sectors = payload.len().div_ceil(SS);
    let mut fat_sectors = 1usize;
    while fat_sectors * PER < fat_sectors + 1 + stream_sectors {
        fat_sectors += 1;
    }
    if fat_sectors > 109 {
        return None;
    }
    let dir_sector = fat_sectors;
    let first_data = dir_sector + 1;
    let total = first_data + stream_sectors;

    let mut out = vec![0u8; SS * (total + 1)];
    // Header.
    out[..8].copy_from_slice(&SIGNATURE);
    out[24..26].copy_from_slice(&0x003Eu16.to_le_bytes());
    out[26..28].copy_from_slice(&4u16.to_le_bytes());
    out[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    out[30..32].copy_from_slice(&12u16.to_le_bytes());
    out[32..34].copy_from_slice(&6u16.to_le_bytes());
    out[40..44].copy_from_slice(&1u32.to_le_bytes());
    out[44..48].copy_from_slice(&(fat_sectors as u32).to_le_bytes());
    out[48..52].copy_from_slice(&(dir_sector as u32).to_le_bytes());
    out[56..60].copy_from_slice(&(MINI_CUTOFF as u32).to_le_bytes());
    out[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
    out[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
    for i in 0..109 {
        let id = if i < fat_sectors { i as u32 } else { FREESECT };
        out[76 + 4 * i..80 + 4 * i].copy_from_slice(&id.to_le_bytes());
    }
    // FAT.
    let mut fat = vec![FREESECT; fat_sectors * PER];
    fat[..fat_sectors].fill(FATSECT);
    fat[dir_sector] = ENDOFCHAIN;
    for (s, next) in fat.iter_mut().enumerate().take(total).skip(first_data) {
        *next = if s + 1 < total {
            (s + 1) as u32
        } else {
            ENDOFCHAIN
        };
    }
    for (i, id) in fat.iter().enumerate() {
        let at = SS + 4 * i;
        out[at..at + 4].copy_from_slice(&id.to_le_bytes());
    }
    // Directory: the root (pointing at a real sector, holding no mini
    // stream) and the stream.
    let dir_at = SS * (dir_sector + 1);
    let mut entry = |index: usize, name: &str, kind: u8, child: u32, start: u32, size: u64| {
        let at = dir_at + 128 * index;
        let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
        for (i, u) in units.iter().enumerate().take(32) {
            out[at + 2 * i..at + 2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        out[at + 64..at + 66].copy_from_slice(&((units.len().min(32) * 2) as u16).to_le_bytes());
        out[at + 66] = kind;
        out[at + 67] = 1; // black
        out[at + 68..at + 72].copy_from_slice(&NOSTREAM.to_le_bytes());
        out[at + 72..at + 76].copy_from_slice(&NOSTREAM.to_le_bytes());
        out[at + 76..at + 80].copy_from_slice(&child.to_le_bytes());
        out[at + 116..at + 120].copy_from_slice(&start.to_le_bytes());
        out[at + 120..at + 128].copy_from_slice(&size.to_le_bytes());
    };
    entry(0, "Root Entry", 5, 1, dir_sector as u32, 0);
    entry(
        1,
        name,
        2,
        NOSTREAM,
        first_data as u32,
        payload.len() as u64,
    );
    for i in 2..4 {
        let at = dir_at + 128 * i;
        for off in [68, 72, 76] {
            out[at + off..at + off + 4].copy_from_slice(&NOSTREAM.to_le_bytes());
        }
    }
    // The stream.
    let data_at = SS * (first_data + 1);
    out[data_at..data_at + payload.len()].copy_from_slice(&payload);
    out.truncate(data_at + payload.len());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_file_reads_back_with_its_stream() {
        for len in [0usize, 10, 4095, 4096, 4097, 5_000_000] {
            let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let file = single_stream("Workbook", &data).unwrap();
            let cfb = Compound::parse(&file).unwrap();
            let entry = cfb.find("workbook").unwrap().clone();
            assert!(entry.is_stream());
            let read = cfb.stream(&entry).unwrap();
            assert_eq!(&read[..len], &data[..]);
            assert!(read.len() >= 4096);
            assert!(read[len..].iter().all(|&b| b == 0));
        }
    }

    #[test]
    fn short_or_foreign_files_are_refused() {
        assert_eq!(Compound::parse(&[]).err(), Some(CfbError::Truncated));
        assert_eq!(
            Compound::parse(&[0u8; 600]).err(),
            Some(CfbError::Malformed)
        );
    }

    #[test]
    fn a_looping_chain_is_cut_off() {
        let file = single_stream("Workbook", &[7u8; 9000]).unwrap();
        let dir_sector = u32_at(&file, 48) as usize;
        let first_data = dir_sector + 1;
        let fat_entry = |file: &mut Vec<u8>, sector: usize, next: u32| {
            let at = 4096 + 4 * sector;
            file[at..at + 4].copy_from_slice(&next.to_le_bytes());
        };
        // The stream's last sector points back to its first: the walk stops
        // after as many hops as the file has sectors, having read no more
        // than the file holds.
        let mut looped = file.clone();
        fat_entry(&mut looped, first_data + 2, first_data as u32);
        let cfb = Compound::parse(&looped).unwrap();
        let entry = cfb.find("Workbook").unwrap().clone();
        assert_eq!(cfb.stream(&entry).unwrap().len(), 9000);
        // A size beyond the file is refused before walking.
        let dir_at = 4096 * (dir_sector + 1);
        looped[dir_at + 128 + 120..dir_at + 128 + 128].copy_from_slice(&(1u64 << 40).to_le_bytes());
        let cfb = Compound::parse(&looped).unwrap();
        let entry = cfb.find("Workbook").unwrap().clone();
        assert_eq!(cfb.stream(&entry).err(), Some(CfbError::Truncated));
        // The directory chain (read to its end) looping on itself.
        let mut looped = file.clone();
        fat_entry(&mut looped, dir_sector, dir_sector as u32);
        assert_eq!(Compound::parse(&looped).err(), Some(CfbError::Malformed));
    }

    #[test]
    fn a_repeated_fat_sector_list_is_refused() {
        let mut file = single_stream("Workbook", &[1u8; 5000]).unwrap();
        // List sector 0 as a FAT sector 109 times in a file of 4 sectors.
        for i in 0..109 {
            file[76 + 4 * i..80 + 4 * i].copy_from_slice(&0u32.to_le_bytes());
        }
        assert_eq!(Compound::parse(&file).err(), Some(CfbError::Malformed));
    }

    #[test]
    fn calamine_reads_the_written_file() {
        // A minimal BIFF8 workbook stream: BOF, BOUNDSHEET, EOF, then the
        // sheet: BOF, NUMBER at B3, EOF.
        fn record(typ: u16, data: &[u8]) -> Vec<u8> {
            let mut r = typ.to_le_bytes().to_vec();
            r.extend((data.len() as u16).to_le_bytes());
            r.extend(data);
            r
        }
        let bof = [0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0];
        let mut globals = record(0x0809, &bof);
        let sheet_name = b"\x02\x00S1";
        let bound_len = 4 + 6 + sheet_name.len();
        let sheet_pos = globals.len() + bound_len + 4;
        let mut bound = (sheet_pos as u32).to_le_bytes().to_vec();
        bound.extend([0, 0]);
        bound.extend(sheet_name);
        globals.extend(record(0x0085, &bound));
        globals.extend(record(0x000A, &[]));
        let mut number = 2u16.to_le_bytes().to_vec();
        number.extend(1u16.to_le_bytes());
        number.extend(0u16.to_le_bytes());
        number.extend(42.5f64.to_le_bytes());
        globals.extend(record(0x0809, &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0]));
        globals.extend(record(0x0203, &number));
        globals.extend(record(0x000A, &[]));
        let file = single_stream("Workbook", &globals).unwrap();
        let mut xls: calamine::Xls<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(file)).unwrap();
        use calamine::Reader;
        let range = xls.worksheet_range("S1").unwrap();
        assert_eq!(range.get_value((2, 1)), Some(&calamine::Data::Float(42.5)));
    }
}

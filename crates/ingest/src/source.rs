//! Opening tabular files: CSV (any common delimiter and encoding) and XLSX (guarded).

use std::fs::File;
use std::io::{self, BufReader, Read, Seek};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader as _, Xlsx};
use sha2::{Digest, Sha256};

use crate::IngestError;

/// Why a binary .xls workbook or a UTF-16 text is refused (also named by
/// [`crate::IngestError::indonesian`]).
pub(crate) const OLD_WORKBOOK: &str =
    "this is an old .xls workbook or a UTF-16 text file; save it as .xlsx or as CSV UTF-8";
/// Why a text that is not UTF-8 after decoding is refused.
pub(crate) const NOT_UTF8: &str = "text is not valid UTF-8";

/// Limits that protect the machine from hostile or accidental giant spreadsheets.
#[derive(Debug, Clone, Copy)]
pub struct XlsxLimits {
    /// Largest .xlsx file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Largest total uncompressed size of the archive's parts.
    pub max_uncompressed_bytes: u64,
    /// Largest compression ratio of any sizeable part (zip bombs compress 1000:1 and more).
    pub max_ratio: u64,
    /// Most cells in the sheet that is read.
    pub max_cells: u64,
}

impl Default for XlsxLimits {
    fn default() -> Self {
        XlsxLimits {
            max_file_bytes: 100 << 20,
            max_uncompressed_bytes: 1 << 30,
            max_ratio: 250,
            max_cells: 30_000_000,
        }
    }
}

/// The encoding a CSV file turned out to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Windows1252,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv { delimiter: u8, encoding: Encoding },
    Xlsx,
}

/// One cell as read, before any field parser sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    /// A numeric spreadsheet cell. Codes and NIKs arriving this way may already be damaged.
    Number(f64),
    /// A spreadsheet date cell, as an Excel serial number.
    DateSerial(f64),
    Bool(bool),
}

/// What a file is when its first bytes say it is no table: read as CSV, a PDF or an image
/// would only give "required column missing" six times over.
fn not_a_table(head: &[u8]) -> Option<(&'static str, &'static str)> {
    let text = String::from_utf8_lossy(head)
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if head.starts_with(b"%PDF") {
        Some(("a PDF document", "dokumen PDF"))
    } else if head.starts_with(b"\x89PNG")
        || head.starts_with(b"\xFF\xD8\xFF")
        || head.starts_with(b"GIF8")
    {
        Some(("an image", "gambar"))
    } else if head.starts_with(b"\x1F\x8B") {
        Some(("a gzip archive", "arsip gzip"))
    } else if head.starts_with(b"Rar!") || head.starts_with(b"7z\xBC\xAF") {
        Some(("a compressed archive", "arsip terkompresi"))
    } else if text.starts_with("<!doctype html") || text.starts_with("<html") {
        Some(("a web page (HTML)", "halaman web (HTML)"))
    } else if text.starts_with("<?xml") {
        Some(("an XML document", "dokumen XML"))
    } else if text.starts_with('{') || text.starts_with("[{") {
        Some(("a JSON document", "dokumen JSON"))
    } else {
        None
    }
}

/// A cell as written before Listraf's files escaped it: the rejected-rows and export files
/// put an apostrophe before a cell a spreadsheet would run as a formula ("'+62 812…",
/// "'-las"), and such a file fixed and imported again must read the value, not the apostrophe.
fn unescape_formula(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\0']) => rest,
        _ => s,
    }
}

/// One data row with its 1-based line (CSV) or row number (XLSX) in the source file.
pub struct RawRow {
    pub line: usize,
    inner: RawInner,
}

enum RawInner {
    Csv(csv::StringRecord),
    Xlsx(Vec<Data>),
}

impl RawRow {
    pub fn cell(&self, i: usize) -> Cell<'_> {
        match &self.inner {
            RawInner::Csv(r) => match r.get(i) {
                Some(s) if !s.trim().is_empty() => Cell::Text(unescape_formula(s)),
                _ => Cell::Empty,
            },
            RawInner::Xlsx(v) => match v.get(i) {
                None | Some(Data::Empty) => Cell::Empty,
                Some(Data::String(s)) if s.trim().is_empty() => Cell::Empty,
                Some(Data::String(s)) | Some(Data::DateTimeIso(s)) | Some(Data::DurationIso(s)) => {
                    Cell::Text(unescape_formula(s))
                }
                Some(Data::Float(f)) => Cell::Number(*f),
                Some(Data::Int(n)) => Cell::Number(*n as f64),
                Some(Data::Bool(b)) => Cell::Bool(*b),
                Some(Data::DateTime(d)) => Cell::DateSerial(d.as_f64()),
                // Read as an error value by the row parser, which names the cell and the error.
                Some(Data::Error(e)) => Cell::Text(match e {
                    calamine::CellErrorType::Div0 => "#DIV/0!",
                    calamine::CellErrorType::NA => "#N/A",
                    calamine::CellErrorType::Name => "#NAME?",
                    calamine::CellErrorType::Null => "#NULL!",
                    calamine::CellErrorType::Num => "#NUM!",
                    calamine::CellErrorType::Ref => "#REF!",
                    calamine::CellErrorType::Value => "#VALUE!",
                    calamine::CellErrorType::GettingData => "#GETTING_DATA",
                }),
            },
        }
    }

    /// What is wrong with the row's shape under `headers`, in English and in Indonesian: more
    /// filled cells than the header has (an unquoted delimiter in a value), or a quotation
    /// mark never closed, which swallows the lines after it into one cell and leaves the row
    /// short. Imports and `listraf code` refuse such a row rather than read the wrong cells.
    pub fn shape_problem(&self, headers: &[String]) -> Option<(String, String)> {
        let (n, width) = (self.len(), headers.len());
        if n > width && (width..n).any(|i| self.cell(i) != Cell::Empty) {
            return Some((
                format!(
                    "the row has {n} cells but the header has {width}; a value containing the delimiter must be quoted"
                ),
                format!(
                    "baris ini berisi {n} sel, sedangkan baris judul berisi {width}; nilai yang mengandung pemisah kolom harus diapit tanda kutip"
                ),
            ));
        }
        let swallowed = (0..n.min(width))
            .find(|&i| matches!(self.cell(i), Cell::Text(t) if t.matches('\n').count() >= 2));
        match swallowed {
            Some(i) if n < width => {
                let column = &headers[i];
                Some((
                    format!(
                        "a quotation mark opened in column {column:?} is never closed, so the lines after it were read into that one cell; close the quote or remove it"
                    ),
                    format!(
                        "tanda kutip yang dibuka di kolom {column:?} tidak pernah ditutup, sehingga baris-baris sesudahnya terbaca sebagai satu sel; tutup tanda kutipnya atau hapus"
                    ),
                ))
            }
            _ => None,
        }
    }

    pub fn len(&self) -> usize {
        match &self.inner {
            RawInner::Csv(r) => r.len(),
            RawInner::Xlsx(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        (0..self.len()).all(|i| self.cell(i) == Cell::Empty)
    }

    /// The cells rendered as text, for the side file of rejected rows.
    pub fn to_strings(&self) -> Vec<String> {
        (0..self.len())
            .map(|i| match self.cell(i) {
                Cell::Empty => String::new(),
                Cell::Text(s) => s.to_string(),
                Cell::Number(n) => number_text(n),
                Cell::DateSerial(d) => domain::Date::from_excel_serial(d)
                    .map(|d| d.to_string())
                    .unwrap_or_else(|_| d.to_string()),
                Cell::Bool(b) => b.to_string(),
            })
            .collect()
    }
}

/// A number as people expect to see it: integers without a fraction.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// An opened source file: its format, header and a way to read its rows (more than once).
pub struct Source {
    pub path: PathBuf,
    pub display_name: String,
    pub format: Format,
    pub headers: Vec<String>,
    /// 1-based line of the header row.
    pub header_line: usize,
    xlsx_rows: Option<Vec<Vec<Data>>>,
    /// The file's last byte is a line break: its last record is terminated (see
    /// [`record_lines`]).
    ends_with_newline: bool,
}

/// Hex SHA-256 of a file's bytes: the key of the file-hash registry.
pub fn file_sha256(path: &Path) -> Result<String, IngestError> {
    let mut f = File::open(path).map_err(|e| IngestError::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(|e| IngestError::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

impl Source {
    /// Opens a CSV or XLSX file, detecting the format from its first bytes (not its name).
    pub fn open(path: &Path, limits: XlsxLimits) -> Result<Source, IngestError> {
        let display_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let mut f = File::open(path).map_err(|e| IngestError::io(path, e))?;
        // The first bytes say what the file is, whatever its name.
        let mut head = [0u8; 512];
        let mut n = 0;
        while n < head.len() {
            match f
                .read(&mut head[n..])
                .map_err(|e| IngestError::io(path, e))?
            {
                0 => break,
                k => n += k,
            }
        }
        let (head, magic) = (&head[..n], &head[..n.min(4)]);
        if magic == b"PK\x03\x04" {
            return Self::open_xlsx(path, display_name, limits);
        }
        if let Some((what_en, what_id)) = not_a_table(head) {
            return Err(IngestError::NotATable {
                file: display_name,
                what_en,
                what_id,
            });
        }
        if n >= 2
            && (magic[..2] == [0xD0, 0xCF]
                || magic[..2] == [0xFF, 0xFE]
                || magic[..2] == [0xFE, 0xFF])
        {
            return Err(IngestError::Unsupported {
                file: display_name,
                reason: OLD_WORKBOOK.into(),
            });
        }
        let encoding = detect_encoding(path)?;
        let delimiter = detect_delimiter(path, encoding)?;
        let mut src = Source {
            path: path.to_path_buf(),
            display_name,
            format: Format::Csv {
                delimiter,
                encoding,
            },
            headers: Vec::new(),
            header_line: 1,
            xlsx_rows: None,
            ends_with_newline: ends_with_newline(path)?,
        };
        let mut reader = src.csv_reader()?;
        let headers = reader.headers().map_err(|e| src.csv_error(e))?;
        src.headers = headers.iter().map(|h| h.trim().to_string()).collect();
        if src.headers.iter().all(|h| h.is_empty()) {
            return Err(IngestError::Empty {
                file: src.display_name,
            });
        }
        Ok(src)
    }

    fn open_xlsx(
        path: &Path,
        display_name: String,
        limits: XlsxLimits,
    ) -> Result<Source, IngestError> {
        let refuse = |reason: String| IngestError::Refused {
            file: display_name.clone(),
            reason,
        };
        let size = std::fs::metadata(path)
            .map_err(|e| IngestError::io(path, e))?
            .len();
        if size > limits.max_file_bytes {
            return Err(refuse(format!(
                "the workbook is {} MB; the limit is {} MB (split it, or export the sheet as CSV)",
                size >> 20,
                limits.max_file_bytes >> 20
            )));
        }
        // Inspect the archive's own directory before any part is inflated.
        let file = File::open(path).map_err(|e| IngestError::io(path, e))?;
        let mut archive = zip::ZipArchive::new(BufReader::new(file))
            .map_err(|e| refuse(format!("not a readable .xlsx archive: {e}")))?;
        if archive.len() > 10_000 {
            return Err(refuse(format!(
                "the archive has {} parts; a workbook has far fewer",
                archive.len()
            )));
        }
        let mut total: u64 = 0;
        for i in 0..archive.len() {
            let entry = archive
                .by_index_raw(i)
                .map_err(|e| refuse(format!("damaged .xlsx archive: {e}")))?;
            let (raw, packed) = (entry.size(), entry.compressed_size().max(1));
            total = total.saturating_add(raw);
            if raw > (1 << 20) && raw / packed > limits.max_ratio {
                return Err(refuse(format!(
                    "part {} expands {}× ({} MB); this looks like a zip bomb",
                    entry.name().map(|n| n.to_string()).unwrap_or_default(),
                    raw / packed,
                    raw >> 20
                )));
            }
        }
        if total > limits.max_uncompressed_bytes {
            return Err(refuse(format!(
                "the workbook expands to {} MB; the limit is {} MB",
                total >> 20,
                limits.max_uncompressed_bytes >> 20
            )));
        }
        // Declared sizes can lie, and the zip reader does not hold parts to them: inflate every
        // part once, counting, and stop at the limit before anything keeps the bytes.
        let mut inflated: u64 = 0;
        for i in 0..archive.len() {
            let mut entry = archive
                .by_index(i)
                .map_err(|e| refuse(format!("damaged .xlsx archive: {e}")))?;
            let declared = entry.size();
            let budget = limits.max_uncompressed_bytes.saturating_sub(inflated) + 1;
            let n = std::io::copy(&mut (&mut entry).take(budget), &mut std::io::sink())
                .map_err(|e| refuse(format!("damaged .xlsx archive: {e}")))?;
            inflated += n;
            if n > declared || inflated > limits.max_uncompressed_bytes {
                return Err(refuse(
                    "the archive expands beyond the sizes it declares or the limit; this looks like a zip bomb".into(),
                ));
            }
        }
        drop(archive);
        let file = File::open(path).map_err(|e| IngestError::io(path, e))?;
        let mut wb: Xlsx<_> = Xlsx::new(BufReader::new(file))
            .map_err(|e| refuse(format!("not a readable .xlsx workbook: {e}")))?;
        // The data sheet: the first one, unless it is a sheet of instructions ("Petunjuk",
        // "Keterangan", "README") put before the data, as offices' forms often are.
        let names = wb.sheet_names();
        let is_notes = |n: &str| {
            let n = n.to_lowercase();
            [
                "petunjuk",
                "panduan",
                "keterangan",
                "instruksi",
                "instruction",
                "readme",
                "catatan",
            ]
            .iter()
            .any(|w| n.contains(w))
        };
        let first = names
            .iter()
            .find(|n| !is_notes(n))
            .or_else(|| names.first())
            .cloned()
            .ok_or_else(|| IngestError::Empty {
                file: display_name.clone(),
            })?;
        // Read cells sparsely and check the sheet's extent before building any grid: two cells
        // at A1 and XFD1048576 would otherwise ask for a 17-billion-cell grid.
        let mut reader = wb
            .worksheet_cells_reader(&first)
            .map_err(|e| refuse(format!("sheet {first:?} cannot be read: {e}")))?;
        let mut cells: Vec<((u32, u32), Data)> = Vec::new();
        let (mut r0, mut c0, mut r1, mut c1) = (u32::MAX, u32::MAX, 0u32, 0u32);
        while let Some(cell) = reader
            .next_cell()
            .map_err(|e| refuse(format!("sheet {first:?} cannot be read: {e}")))?
        {
            let value: Data = cell.get_value().clone().into();
            if value == Data::Empty {
                continue;
            }
            let (r, c) = cell.get_position();
            (r0, c0, r1, c1) = (r0.min(r), c0.min(c), r1.max(r), c1.max(c));
            let extent =
                (r1.saturating_sub(r0) as u64 + 1).saturating_mul(c1.saturating_sub(c0) as u64 + 1);
            if cells.len() as u64 >= limits.max_cells || extent > limits.max_cells {
                return Err(refuse(format!(
                    "sheet {first:?} spans more than the limit of {} cells (rows {}–{}, columns {}–{})",
                    limits.max_cells,
                    r0 + 1,
                    r1 + 1,
                    c0 + 1,
                    c1 + 1
                )));
            }
            cells.push(((r, c), value));
        }
        drop(reader);
        let start_row = if cells.is_empty() { 0 } else { r0 as usize };
        // The grid spans the filled columns only: a table in the sheet's last columns must not
        // ask for a row of 16,384 cells per line (the extent check above counts from c0 too).
        let width = if cells.is_empty() {
            0
        } else {
            (c1 - c0) as usize + 1
        };
        let height = if cells.is_empty() {
            0
        } else {
            (r1 - r0) as usize + 1
        };
        let mut rows: Vec<Vec<Data>> = vec![vec![Data::Empty; width]; height];
        for ((r, c), v) in cells {
            rows[(r - r0) as usize][(c - c0) as usize] = v;
        }
        if rows.is_empty() {
            return Err(IngestError::Empty { file: display_name });
        }
        // A title above the table ("Data Pencari Kerja Kab. Bandung 2025") and blank rows
        // under it: the header is the first row with two or more cells filled, within the
        // first ten.
        let filled = |r: &Vec<Data>| r.iter().filter(|d| **d != Data::Empty).count();
        let skip = rows
            .iter()
            .take(10)
            .position(|r| filled(r) >= 2)
            .unwrap_or(0);
        rows.drain(..skip);
        let header_row = rows.remove(0);
        let headers = header_row
            .iter()
            .map(|d| match d {
                Data::String(s) => s.trim().to_string(),
                Data::Empty => String::new(),
                other => other.to_string(),
            })
            .collect();
        Ok(Source {
            path: path.to_path_buf(),
            display_name,
            format: Format::Xlsx,
            headers,
            header_line: start_row + skip + 1,
            xlsx_rows: Some(rows),
            ends_with_newline: false,
        })
    }

    fn csv_error(&self, e: csv::Error) -> IngestError {
        // The crate's line, moved on past blank lines; if the file cannot be read again, the
        // crate's own line is the best there is.
        let line = e
            .position()
            .map(|p| self.line_at(p).unwrap_or(p.line() as usize));
        IngestError::Malformed {
            file: self.display_name.clone(),
            line,
            reason: match e.kind() {
                csv::ErrorKind::Utf8 { .. } => NOT_UTF8.into(),
                csv::ErrorKind::Io(io) => io.to_string(),
                _ => e.to_string(),
            },
        }
    }

    /// The line a record or an error really starts on. The crate places a record that follows
    /// blank lines on the first of them (rust-csv issue 208), at that line's byte; the line
    /// breaks right after that byte are the blank lines to count on. Read again from the top,
    /// so only for the rare cases the look-ahead in `for_each_row` cannot settle.
    fn line_at(&self, pos: &csv::Position) -> Result<usize, IngestError> {
        let mut stream = io::BufReader::new(self.lf_stream()?);
        let io_error = |e| IngestError::io(&self.path, e);
        io::copy(&mut (&mut stream).take(pos.byte()), &mut io::sink()).map_err(io_error)?;
        let mut blank = 0;
        let mut byte = [0u8; 1];
        while stream.read(&mut byte).map_err(io_error)? == 1 && byte[0] == b'\n' {
            blank += 1;
        }
        Ok(pos.line() as usize + blank)
    }

    fn csv_reader(&self) -> Result<csv::Reader<Box<dyn Read>>, IngestError> {
        let Format::Csv { delimiter, .. } = self.format else {
            unreachable!("csv_reader is only called for CSV sources")
        };
        Ok(csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(self.lf_stream()?))
    }

    /// The file's text as the CSV reader sees it: decoded to UTF-8, without a byte-order mark,
    /// with LF line ends. Byte offsets the reader reports are offsets in this stream.
    fn lf_stream(&self) -> Result<Box<dyn Read>, IngestError> {
        let Format::Csv { encoding, .. } = self.format else {
            unreachable!("lf_stream is only called for CSV sources")
        };
        let mut f = BufReader::with_capacity(
            1 << 16,
            File::open(&self.path).map_err(|e| IngestError::io(&self.path, e))?,
        );
        if encoding == Encoding::Utf8Bom {
            f.seek(io::SeekFrom::Start(3))
                .map_err(|e| IngestError::io(&self.path, e))?;
        }
        let inner: Box<dyn Read> = match encoding {
            Encoding::Windows1252 => Box::new(Win1252Reader::new(f)),
            _ => Box::new(f),
        };
        // CR LF (Excel's and Windows' default) and a bare CR (Excel for Mac's "CSV
        // (Macintosh)") are read as LF, whatever mix a file holds: the `csv` crate counts lines
        // by LF alone, and numbers a CR LF file's records one line early.
        Ok(Box::new(LfLines {
            inner,
            after_cr: false,
        }))
    }

    /// Visits every non-blank data row in file order, and answers how many blank rows it
    /// passed over (a caller that writes a row per row read says so). Parse errors of the CSV
    /// structure itself (an unclosed quote, say) stop the visit with a `Malformed` error naming
    /// the line.
    pub fn for_each_row(&self, mut f: impl FnMut(RawRow)) -> Result<usize, IngestError> {
        let mut blank = 0;
        if let Some(rows) = &self.xlsx_rows {
            for (i, r) in rows.iter().enumerate() {
                let row = RawRow {
                    line: self.header_line + 1 + i,
                    inner: RawInner::Xlsx(r.clone()),
                };
                if row.is_empty() {
                    blank += 1;
                } else {
                    f(row);
                }
            }
            return Ok(blank);
        }
        let mut reader = self.csv_reader()?;
        let mut record = csv::StringRecord::new();
        let mut next = csv::StringRecord::new();
        // One record ahead: whether a record is the file's last decides how its line is found.
        // The header's last line: where the reader stands after it (in an LF file, the line
        // below). The crate numbers the header itself right.
        reader.headers().map_err(|e| self.csv_error(e))?;
        let mut last_line = reader.position().line().saturating_sub(1) as usize;
        let mut have = reader
            .read_record(&mut record)
            .map_err(|e| self.csv_error(e))?;
        let mut after = reader.position().line();
        while have {
            let more = reader.read_record(&mut next);
            let is_last = matches!(more, Ok(false));
            let terminated = !is_last || self.ends_with_newline;
            let (mut line, mut last) = record_lines(&record, after, terminated);
            // A last record whose field holds the file's final line break is one whose quote
            // was never closed (or, rarely, one whose quoted value ends in a line break): the
            // break may be its terminator or its content, so its first line is found from the
            // top instead.
            if is_last
                && self.ends_with_newline
                && record.as_byte_record().as_slice().ends_with(b"\n")
                && let Some(pos) = record.position()
            {
                line = self.line_at(pos)?;
                last = last.max(line);
            }
            // Empty lines the crate passed over without a record are blank rows too: a
            // spreadsheet shows them as rows.
            blank += line.saturating_sub(last_line + 1);
            last_line = last;
            let row = RawRow {
                line,
                // A clone, not a take: the buffers left in `record` are read into next.
                inner: RawInner::Csv(record.clone()),
            };
            if row.is_empty() {
                blank += 1;
            } else {
                f(row);
            }
            have = more.map_err(|e| self.csv_error(e))?;
            after = reader.position().line();
            std::mem::swap(&mut record, &mut next);
        }
        Ok(blank)
    }
}

/// UTF-8 (with or without BOM) when the whole file is valid UTF-8, otherwise Windows-1252,
/// which is what Excel on Indonesian Windows writes for "CSV (Comma delimited)".
fn detect_encoding(path: &Path) -> Result<Encoding, IngestError> {
    let mut f = BufReader::with_capacity(
        1 << 16,
        File::open(path).map_err(|e| IngestError::io(path, e))?,
    );
    let mut buf = vec![0u8; 1 << 16];
    let mut carry: Vec<u8> = Vec::new();
    let mut first = true;
    let mut bom = false;
    let mut saw_multibyte = false;
    loop {
        let n = f.read(&mut buf).map_err(|e| IngestError::io(path, e))?;
        if n == 0 {
            break;
        }
        let mut chunk = std::mem::take(&mut carry);
        chunk.extend_from_slice(&buf[..n]);
        if first {
            bom = chunk.starts_with(&[0xEF, 0xBB, 0xBF]);
            first = false;
        }
        // Valid multi-byte sequences mean the file is UTF-8: a stray bad byte later is then an
        // error to report on its line, not a reason to re-read every name as Windows-1252.
        let valid_len = match std::str::from_utf8(&chunk) {
            Ok(_) => chunk.len(),
            Err(e) => e.valid_up_to(),
        };
        saw_multibyte |= chunk[..valid_len].iter().any(|&b| b >= 0x80);
        match std::str::from_utf8(&chunk) {
            Ok(_) => {}
            // An incomplete sequence at the end of a chunk continues in the next one.
            Err(e) if e.error_len().is_none() => carry = chunk[e.valid_up_to()..].to_vec(),
            Err(_) if bom || saw_multibyte => break,
            Err(_) => return Ok(Encoding::Windows1252),
        }
    }
    if !carry.is_empty() && !bom && !saw_multibyte {
        return Ok(Encoding::Windows1252);
    }
    Ok(if bom {
        Encoding::Utf8Bom
    } else {
        Encoding::Utf8
    })
}

/// The 1-based lines a record starts and ends on in the file (read with LF line ends). The
/// `csv` crate numbers the first record after blank lines as if it began on the first blank
/// one (rust-csv issue 208), so the lines are counted back from where the reader stands after
/// the record (`after`): the line below its last, unless it is the unterminated last record;
/// less the line breaks inside its quoted fields for the first.
fn record_lines(record: &csv::StringRecord, after: u64, terminated: bool) -> (usize, usize) {
    // The fields' bytes lie end to end in one buffer: one pass counts the breaks inside them.
    let inside = record
        .as_byte_record()
        .as_slice()
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64;
    let last = after.saturating_sub(u64::from(terminated));
    // What the crate says is never later than the truth.
    let said = record.position().map_or(0, |p| p.line());
    let first = last.saturating_sub(inside).max(said);
    (first as usize, last.max(first) as usize)
}

/// A reader that turns CR LF and a bare CR into LF, a CR LF split across two reads included.
struct LfLines<R> {
    inner: R,
    /// The last byte given was a CR turned into LF: an LF next is its second half.
    after_cr: bool,
}

impl<R: Read> Read for LfLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            let mut w = 0;
            for r in 0..n {
                let b = buf[r];
                if b == b'\n' && self.after_cr {
                    self.after_cr = false;
                    continue;
                }
                self.after_cr = b == b'\r';
                buf[w] = if self.after_cr { b'\n' } else { b };
                w += 1;
            }
            // A read that held only the LF of a CR LF gives nothing: read on.
            if w > 0 {
                return Ok(w);
            }
        }
    }
}

/// Whether the file's last byte is a line break.
fn ends_with_newline(path: &Path) -> Result<bool, IngestError> {
    use std::io::{Seek, SeekFrom};
    let mut f = File::open(path).map_err(|e| IngestError::io(path, e))?;
    let len = f.metadata().map_err(|e| IngestError::io(path, e))?.len();
    if len == 0 {
        return Ok(false);
    }
    f.seek(SeekFrom::End(-1))
        .map_err(|e| IngestError::io(path, e))?;
    let mut last = [0u8; 1];
    f.read_exact(&mut last)
        .map_err(|e| IngestError::io(path, e))?;
    Ok(last[0] == b'\n' || last[0] == b'\r')
}

/// The delimiter that splits the header line into the most fields, among `,` `;` tab and `|`.
/// Indonesian Excel uses `;` because `,` is the decimal mark.
fn detect_delimiter(path: &Path, encoding: Encoding) -> Result<u8, IngestError> {
    let mut f = File::open(path).map_err(|e| IngestError::io(path, e))?;
    let mut buf = vec![0u8; 8192];
    let n = f.read(&mut buf).map_err(|e| IngestError::io(path, e))?;
    let text = &buf[..n];
    let first_line = text
        .split(|&b| b == b'\n' || b == b'\r')
        .next()
        .unwrap_or(text);
    let _ = encoding;
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let mut count = 0;
        let mut quoted = false;
        for &b in first_line {
            if b == b'"' {
                quoted = !quoted;
            } else if b == d && !quoted {
                count += 1;
            }
        }
        if count > best.1 {
            best = (d, count);
        }
    }
    Ok(best.0)
}

/// Streams Windows-1252 bytes out as UTF-8.
struct Win1252Reader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    inbuf: Vec<u8>,
    out: Vec<u8>,
    out_pos: usize,
    eof: bool,
}

impl<R: Read> Win1252Reader<R> {
    fn new(inner: R) -> Self {
        Win1252Reader {
            inner,
            decoder: encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling(),
            inbuf: vec![0u8; 1 << 15],
            out: Vec::new(),
            out_pos: 0,
            eof: false,
        }
    }
}

impl<R: Read> Read for Win1252Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos == self.out.len() {
            if self.eof {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.inbuf)?;
            self.eof = n == 0;
            // Every Windows-1252 byte decodes to at most three UTF-8 bytes.
            self.out.clear();
            self.out.resize(n * 3 + 16, 0);
            let (_, _, written, _) =
                self.decoder
                    .decode_to_utf8(&self.inbuf[..n], &mut self.out, self.eof);
            self.out.truncate(written);
            self.out_pos = 0;
        }
        let k = buf.len().min(self.out.len() - self.out_pos);
        buf[..k].copy_from_slice(&self.out[self.out_pos..self.out_pos + k]);
        self.out_pos += k;
        Ok(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_escaped_against_formulas_reads_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rejected.csv");
        std::fs::write(
            &path,
            "phone,skills,note\n'+62 812 3456 7002,'-las,'tidak\n",
        )
        .unwrap();
        let src = Source::open(&path, XlsxLimits::default()).unwrap();
        let mut cells = Vec::new();
        src.for_each_row(|r| {
            for i in 0..3 {
                if let Cell::Text(t) = r.cell(i) {
                    cells.push(t.to_string());
                }
            }
        })
        .unwrap();
        // Only the escape goes; an apostrophe that escapes nothing is the value's own.
        assert_eq!(cells, ["+62 812 3456 7002", "-las", "'tidak"]);
    }

    /// The lines `for_each_row` gives the data rows of `text`, written to a file.
    fn lines_of(text: &str) -> Vec<usize> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, text).unwrap();
        let src = Source::open(&path, XlsxLimits::default()).unwrap();
        let mut lines = Vec::new();
        src.for_each_row(|r| lines.push(r.line)).unwrap();
        lines
    }

    /// The lines `for_each_row` gives the data rows of `bytes`, and the blank rows it counts.
    fn rows_of(bytes: &[u8]) -> (Vec<usize>, usize) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, bytes).unwrap();
        let src = Source::open(&path, XlsxLimits::default()).unwrap();
        let mut lines = Vec::new();
        let blank = src.for_each_row(|r| lines.push(r.line)).unwrap();
        (lines, blank)
    }

    #[test]
    fn blank_rows_are_passed_over_and_counted() {
        // Blank: the delimiters-only row on line 3, the empty line 4, the spaces on line 6.
        assert_eq!(rows_of(b"a,b\n1,x\n,\n\n2,y\n , \n"), (vec![2, 5], 3));
        // Empty lines right after the header and between records, in any line ending.
        assert_eq!(rows_of(b"a,b\n\n\n\n5,x\n"), (vec![5], 3));
        assert_eq!(rows_of(b"a,b\r\n\r\n3,x\r\n\r\n\r\n6,y"), (vec![3, 6], 3));
        // Empty lines after the last row shift nothing, so they are not counted.
        assert_eq!(rows_of(b"a,b\n1,x\n\n\n"), (vec![2], 0));
    }

    #[test]
    fn a_file_with_mixed_line_ends_is_numbered_line_by_line() {
        // A CR LF header above LF rows, and the reverse, with a blank line in each.
        assert_eq!(rows_of(b"a,b\r\n1,x\n\n3,y\n"), (vec![2, 4], 1));
        assert_eq!(rows_of(b"a,b\n1,x\r\n\r\n3,y\r\n"), (vec![2, 4], 1));
        // A CR LF split across two reads of the underlying file is one line end.
        let mut text = b"a,b\r\n".to_vec();
        text.resize(8189, b'x');
        text.extend_from_slice(b",1\r\n2,y\r\n");
        assert_eq!(rows_of(&text).0, vec![2, 3]);
    }

    #[test]
    fn a_file_whose_lines_end_in_a_bare_cr_is_read_line_by_line() {
        // Excel for Mac's "CSV (Macintosh)".
        let (lines, blank) = rows_of(b"a;b\r1;x\r\r4;\"y\rz\"\r6;w\r");
        assert_eq!((lines, blank), (vec![2, 4, 6], 1));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mac.csv");
        std::fs::write(&path, b"a;b\r1;x\r").unwrap();
        let src = Source::open(&path, XlsxLimits::default()).unwrap();
        assert_eq!(src.headers, ["a", "b"]);
    }

    #[test]
    fn rows_after_blank_lines_are_numbered_by_their_own_line() {
        // Lines: 1 header, 2 "1,x", 3 and 4 blank, 5–6 a quoted break, 7 blank, 8 "8,z".
        let lf = "a,b\n1,x\n\n\n5,\"y\nq\"\n\n8,z\n";
        assert_eq!(lines_of(lf), [2, 5, 8]);
        // As Excel writes it: CR LF line ends, a bare LF inside the quoted field.
        let excel = "a,b\r\n1,x\r\n\r\n\r\n5,\"y\nq\"\r\n\r\n8,z\r\n";
        assert_eq!(lines_of(excel), [2, 5, 8]);
        assert_eq!(lines_of(&lf.replace('\n', "\r\n")), [2, 5, 8]);
        // The last record without a line break after it, after a blank line.
        assert_eq!(lines_of("a,b\n1,x\n\n4,y"), [2, 4]);
        assert_eq!(lines_of("a,b\r\n1,x\r\n\r\n4,y"), [2, 4]);
        assert_eq!(lines_of("a,b\n\n3,x\n"), [3]);
        // A quote never closed swallows the file's last line break into its field.
        assert_eq!(lines_of("a,b\n1,x\n\n\n\"5,y\n6,z\n7,w\n"), [2, 5]);
        assert_eq!(lines_of("a,b\r\n1,x\r\n\r\n\r\n\"5,y\r\n6,z\r\n"), [2, 5]);
        // A last value that ends in a quoted line break is numbered as before.
        assert_eq!(lines_of("a,b\n1,x\n\n4,\"y\n\"\n"), [2, 4]);
        assert_eq!(lines_of("a,b\n1,x\n4,\"y\n\"\n"), [2, 3]);
    }

    #[test]
    fn a_table_in_the_last_columns_of_a_sheet_is_read_as_its_own_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("far.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in [(16_381, "nik"), (16_382, "nama"), (16_383, "kab_kota")] {
            ws.write_string(0, c, h).unwrap();
        }
        for r in 1..=2_000u32 {
            ws.write_string(r, 16_381, format!("row {r}")).unwrap();
            ws.write_string(r, 16_383, "32.73").unwrap();
        }
        wb.save(&path).unwrap();
        let src = Source::open(&path, XlsxLimits::default()).unwrap();
        assert_eq!(src.headers, ["nik", "nama", "kab_kota"]);
        let mut widths = Vec::new();
        src.for_each_row(|r| widths.push(r.len())).unwrap();
        assert_eq!(widths.len(), 2_000);
        assert!(widths.iter().all(|&w| w == 3), "{:?}", &widths[..3]);
    }

    #[test]
    fn a_malformed_record_after_blank_lines_is_named_by_its_own_line() {
        // UTF-8 (the "é" on line 2 says so), then a byte that is not, on line 5.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, b"a,b\n1,caf\xc3\xa9\n\n\n5,\xff\n6,x\n").unwrap();
        let src = Source::open(&path, XlsxLimits::default()).unwrap();
        let err = src.for_each_row(|_| {}).unwrap_err();
        match err {
            IngestError::Malformed { line, .. } => assert_eq!(line, Some(5)),
            other => panic!("expected a malformed-file error, got {other:?}"),
        }
    }

    #[test]
    fn rows_are_numbered_by_their_line_in_the_file_whatever_the_line_ends() {
        let lf = "a,b\n1,x\n2,\"two\nlines\"\n3,y\n";
        assert_eq!(lines_of(lf), [2, 3, 5]);
        assert_eq!(lines_of(&lf.replace('\n', "\r\n")), [2, 3, 5]);
        // A quoted field's own line break is a bare LF in a CRLF file, as Excel writes it.
        let excel = "a,b\r\n1,x\r\n2,\"two\nlines\"\r\n3,y\r\n";
        assert_eq!(lines_of(excel), [2, 3, 5]);
    }
}

//! Reading source files into domain records and a list of row problems.
//!
//! Owns the file formats (CSV in any common delimiter and encoding, XLSX with size and zip-bomb
//! guards), the Indonesian and English header aliases of every importable entity, and the
//! per-cell validation that turns a bad value into a `RowProblem` naming file, line, column and
//! reason. It never touches a database: callers decide what to do with records and problems.

pub mod parquet;
mod parse;
mod schema;
mod source;
mod template;

use std::fmt;
use std::path::Path;

use thiserror::Error;

pub use domain::records::Record;
pub use parse::{ReadSummary, read_records};
pub use schema::{Entity, Field, VACANCY_CONTEXT_FIELDS, header_key, vacancy_context_headers};
pub use source::{Cell, Encoding, Format, RawRow, Source, XlsxLimits, file_sha256};
pub use template::{write_template_csv, write_template_xlsx};

/// The column a problem of the whole row names (a row with more cells than the header); the
/// web pages show it in their language.
pub const WHOLE_ROW: &str = "(row)";

/// One problem with one cell (or the header) of a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub file: String,
    /// 1-based line (CSV) or row (XLSX) in the file.
    pub line: usize,
    pub column: String,
    /// In English: the command line, its side files of rejected rows and `Display`.
    pub reason: String,
    /// The same reason in Bahasa Indonesia, for the web pages.
    pub reason_id: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: column {}: {}",
            self.file, self.line, self.column, self.reason
        )
    }
}

/// Why a file could not be read at all.
#[derive(Debug, Error)]
pub enum IngestError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{file}: the file has no header row")]
    Empty { file: String },
    #[error("{file}: the file has a header row but no data rows; nothing was imported")]
    NoRows { file: String },
    #[error("{file}: {reason}")]
    Unsupported { file: String, reason: String },
    /// Not a table at all: a PDF, an image, a web page… under a spreadsheet's name.
    #[error(
        "{file}: this is {what_en}, not a CSV or XLSX table; export the data as CSV (UTF-8) or XLSX"
    )]
    NotATable {
        file: String,
        what_en: &'static str,
        what_id: &'static str,
    },
    #[error("{file}: refused: {reason}")]
    Refused { file: String, reason: String },
    #[error("{file}{}: the file is not well-formed CSV: {reason}", .line.map(|l| format!(":{l}")).unwrap_or_default())]
    Malformed {
        file: String,
        line: Option<usize>,
        reason: String,
    },
    #[error("{file}: the header row has {} problem(s)", .problems.len())]
    Header {
        file: String,
        problems: Vec<RowProblem>,
    },
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
    #[error("{file}: cannot read the Parquet file: {reason}")]
    Parquet { file: String, reason: String },
}

impl IngestError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        IngestError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// The error in Bahasa Indonesia, for the web's import page: the same facts as the
    /// English `Display`, with the file and line. A reason that comes from a library (a zip
    /// or Parquet reader, the operating system) stays as the library wrote it, after an
    /// Indonesian sentence that says what went wrong.
    pub fn indonesian(&self) -> String {
        match self {
            IngestError::Io { path, source } => format!("{path} tidak dapat dibaca: {source}"),
            IngestError::Empty { file } => {
                format!("{file}: berkas tidak memiliki baris judul kolom")
            }
            IngestError::NoRows { file } => format!(
                "{file}: berkas hanya berisi baris judul kolom, tanpa baris data; tidak ada yang diimpor"
            ),
            IngestError::Unsupported { file, reason } if reason == source::OLD_WORKBOOK => format!(
                "{file}: ini buku kerja .xls lama atau berkas teks UTF-16; simpan sebagai .xlsx atau sebagai CSV UTF-8"
            ),
            IngestError::Unsupported { file, reason } => {
                format!("{file}: format berkas tidak didukung ({reason})")
            }
            IngestError::NotATable { file, what_id, .. } => format!(
                "{file}: ini {what_id}, bukan tabel CSV atau XLSX; ekspor datanya sebagai CSV (UTF-8) atau XLSX"
            ),
            IngestError::Refused { file, reason } => format!("{file}: berkas ditolak ({reason})"),
            IngestError::Malformed { file, line, reason } => {
                let at = line.map(|l| format!(":{l}")).unwrap_or_default();
                if reason == source::NOT_UTF8 {
                    format!(
                        "{file}{at}: teks bukan UTF-8 yang sah; simpan berkas sebagai CSV UTF-8"
                    )
                } else {
                    format!("{file}{at}: berkas bukan CSV yang tersusun benar ({reason})")
                }
            }
            IngestError::Header { file, problems } => format!(
                "{file}: baris judul kolom memiliki {} masalah",
                problems.len()
            ),
            IngestError::Write { path, reason } => format!("{path} tidak dapat ditulis: {reason}"),
            IngestError::Parquet { file, reason } => {
                format!("{file}: berkas Parquet tidak dapat dibaca ({reason})")
            }
        }
    }

    /// The problems to show row by row (header problems), if any.
    pub fn problems(&self) -> &[RowProblem] {
        match self {
            IngestError::Header { problems, .. } => problems,
            _ => &[],
        }
    }
}

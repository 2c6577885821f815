//! The one error type of the domain crate: what was wrong with a value that failed to parse.

use thiserror::Error;

/// Why a value could not become a domain type. Each variant names the offending input,
/// so the message can be shown to the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error(
        "region code {input:?} is not in Kemendagri form (two digits, or two digits, a dot and two digits, e.g. 32 or 32.73)"
    )]
    RegionFormat { input: String },
    #[error(
        "region code {input:?} is well formed but no such province or regency/city exists in the Kemendagri 2025 table"
    )]
    RegionUnknown { input: String },
    #[error("ISCO-08 code {input:?} must be 1 to 4 digits")]
    IscoFormat { input: String },
    #[error("ISCO-08 code {input:?} does not exist in ISCO-08")]
    IscoUnknown { input: String },
    #[error("KBLI code {input:?} must be a category letter A–U or 2 to 5 digits")]
    KbliFormat { input: String },
    #[error("KBLI code {input:?} does not exist in KBLI 2020")]
    KbliUnknown { input: String },
    #[error(
        "{input:?} is not a KBLI 2020 category: use one letter A–U (e.g. C for Industri Pengolahan){}",
        .within.map(|c| format!("; {input} lies in category {c}, so write {c} and sum the divisions of a category into one row")).unwrap_or_default()
    )]
    KbliCategory { input: String, within: Option<char> },
    #[error(
        "{input:?} combines KBLI categories in one row; Listraf keeps the 21 categories apart: split the figure, or, if every region's table combines them the same way, give it on {first} and 0 on the others"
    )]
    KbliCombined { input: String, first: char },
    #[error(
        "NIK looks like a number in scientific notation (such as 3.27E+15): the spreadsheet has turned it into a number and lost digits; format the column as Text and type the 16 digits again"
    )]
    NikScientific { input: String },
    #[error("NIK must contain only digits; found {found:?}")]
    NikNotDigits { found: char },
    #[error("NIK must have 16 digits; found {len}")]
    NikLength { len: usize },
    #[error("NIK cannot be all zeros")]
    NikZero,
    #[error("NIK is not a possible NIK: {reason}")]
    NikStructure { reason: &'static str },
    #[error(
        "amount {input:?} is not a Rupiah amount (examples: 5000000, 5.000.000, Rp 5.000.000,00)"
    )]
    Rupiah { input: String },
    #[error("amount {input:?} is negative")]
    RupiahNegative { input: String },
    #[error("date {input:?} is not a date (use YYYY-MM-DD, DD/MM/YYYY or e.g. 17 Agustus 2025)")]
    Date { input: String },
    #[error("month {input:?} is not a year-month (use YYYY-MM)")]
    YearMonth { input: String },
    #[error(
        "education level {input:?} is unknown (use SD, SMP, SMA, SMK, D1, D2, D3, D4, S1, S2 or S3)"
    )]
    Education { input: String },
    #[error("sex {input:?} is unknown (use L/P, laki-laki/perempuan, M/F)")]
    Sex { input: String },
    #[error("{what} {input:?} is unknown; expected one of: {expected}")]
    Choice {
        what: &'static str,
        input: String,
        expected: &'static str,
    },
    #[error("programme code {input:?} is not in the programme catalogue")]
    ProgrammeUnknown { input: String },
    #[error("kejuruan code {input:?} is not in the programme catalogue")]
    KejuruanUnknown { input: String },
    #[error("{what} {input:?} is not valid: {reason}")]
    Invalid {
        what: &'static str,
        input: String,
        reason: &'static str,
    },
}

//! The one error type of the domain crate: what was wrong with a value that failed to parse.
//!
//! Messages are shown to the person who typed the value, in English (`Display`, for the
//! command line and its side files) or in Bahasa Indonesia ([`ParseError::indonesian`], for
//! the web pages), with the same information and the same quoted inputs.

use std::fmt;

use thiserror::Error;

/// A fixed phrase inside a message, in both languages. Holding the pair where the error is
/// built means no phrase can reach a user without its Indonesian version: the compiler asks
/// for it, instead of a lookup table that a new phrase could silently miss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Phrase {
    pub en: &'static str,
    pub id: &'static str,
}

impl Phrase {
    pub const fn new(en: &'static str, id: &'static str) -> Phrase {
        Phrase { en, id }
    }
}

/// The English phrase: `Display` is the English message throughout.
impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en)
    }
}

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
    NikStructure { reason: Phrase },
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
        "education level {input:?} is unknown (use TS for none or primary not finished, SD, SMP, SMA, SMK, D1, D2, D3, D4, S1, S2 or S3)"
    )]
    Education { input: String },
    #[error("sex {input:?} is unknown (use L/P, laki-laki/perempuan, M/F)")]
    Sex { input: String },
    #[error("{what} {input:?} is unknown; expected one of: {expected}")]
    Choice {
        what: Phrase,
        input: String,
        expected: &'static str,
    },
    #[error("programme code {input:?} is not in the programme catalogue")]
    ProgrammeUnknown { input: String },
    #[error("kejuruan code {input:?} is not in the programme catalogue")]
    KejuruanUnknown { input: String },
    #[error("{what} {input:?} is not valid: {reason}")]
    Invalid {
        what: Phrase,
        input: String,
        reason: Phrase,
    },
}

impl ParseError {
    /// The message in Bahasa Indonesia: the same information as `Display`, with the same quoted
    /// inputs, codes and examples, for the people who keep the registers.
    pub fn indonesian(&self) -> String {
        match self {
            ParseError::RegionFormat { input } => format!(
                "kode wilayah {input:?} tidak sesuai format Kemendagri (dua digit, atau dua digit, titik dan dua digit, mis. 32 atau 32.73)"
            ),
            ParseError::RegionUnknown { input } => format!(
                "kode wilayah {input:?} formatnya benar, tetapi tidak ada provinsi atau kabupaten/kota dengan kode ini dalam tabel Kemendagri 2025"
            ),
            ParseError::IscoFormat { input } => {
                format!("kode ISCO-08 {input:?} harus terdiri dari 1 sampai 4 digit")
            }
            ParseError::IscoUnknown { input } => {
                format!("kode ISCO-08 {input:?} tidak ada dalam ISCO-08")
            }
            ParseError::KbliFormat { input } => format!(
                "kode KBLI {input:?} harus berupa huruf kategori A–U atau 2 sampai 5 digit"
            ),
            ParseError::KbliUnknown { input } => {
                format!("kode KBLI {input:?} tidak ada dalam KBLI 2020")
            }
            ParseError::KbliCategory { input, within } => format!(
                "{input:?} bukan kategori KBLI 2020: gunakan satu huruf A–U (mis. C untuk Industri Pengolahan){}",
                within
                    .map(|c| format!("; {input} termasuk kategori {c}, jadi tulis {c} dan jumlahkan golongan pokok dalam satu kategori menjadi satu baris"))
                    .unwrap_or_default()
            ),
            ParseError::KbliCombined { input, first } => format!(
                "{input:?} menggabungkan beberapa kategori KBLI dalam satu baris; Listraf memisahkan ke-21 kategori: pisahkan angkanya, atau, jika tabel setiap wilayah menggabungkannya dengan cara yang sama, isikan angkanya pada {first} dan 0 pada kategori lainnya"
            ),
            ParseError::NikScientific { .. } => "NIK tampak seperti angka dalam notasi ilmiah (seperti 3.27E+15): spreadsheet telah mengubahnya menjadi angka dan sebagian digit hilang; ubah format kolom menjadi Teks lalu ketik ulang ke-16 digitnya".to_string(),
            ParseError::NikNotDigits { found } => {
                format!("NIK hanya boleh berisi angka; ditemukan {found:?}")
            }
            ParseError::NikLength { len } => format!("NIK harus 16 digit; ditemukan {len}"),
            ParseError::NikZero => "NIK tidak boleh berisi nol semua".to_string(),
            ParseError::NikStructure { reason } => {
                format!("NIK ini tidak mungkin benar: {}", reason.id)
            }
            ParseError::Rupiah { input } => format!(
                "nominal {input:?} bukan nominal Rupiah yang sah (contoh: 5000000, 5.000.000, Rp 5.000.000,00)"
            ),
            ParseError::RupiahNegative { input } => {
                format!("nominal {input:?} bernilai negatif")
            }
            ParseError::Date { input } => format!(
                "tanggal {input:?} bukan tanggal yang sah (gunakan YYYY-MM-DD, DD/MM/YYYY atau mis. 17 Agustus 2025)"
            ),
            ParseError::YearMonth { input } => {
                format!("bulan {input:?} bukan tahun-bulan yang sah (gunakan YYYY-MM)")
            }
            ParseError::Education { input } => format!(
                "jenjang pendidikan {input:?} tidak dikenal (gunakan TS untuk tidak/belum tamat SD, SD, SMP, SMA, SMK, D1, D2, D3, D4, S1, S2 atau S3)"
            ),
            ParseError::Sex { input } => format!(
                "jenis kelamin {input:?} tidak dikenal (gunakan L/P, laki-laki/perempuan, M/F)"
            ),
            ParseError::Choice {
                what,
                input,
                expected,
            } => format!(
                "{} {input:?} tidak dikenal; gunakan salah satu dari: {expected}",
                what.id
            ),
            ParseError::ProgrammeUnknown { input } => {
                format!("kode program {input:?} tidak ada dalam katalog program")
            }
            ParseError::KejuruanUnknown { input } => {
                format!("kode kejuruan {input:?} tidak ada dalam katalog program")
            }
            ParseError::Invalid {
                what,
                input,
                reason,
            } => format!("{} {input:?} tidak sah: {}", what.id, reason.id),
        }
    }
}

/// English words that give a message away as untranslated; none is an Indonesian word.
const ENGLISH_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "is",
    "are",
    "was",
    "be",
    "must",
    "cannot",
    "can",
    "not",
    "no",
    "only",
    "found",
    "expected",
    "use",
    "unknown",
    "required",
    "missing",
    "and",
    "or",
    "of",
    "with",
    "to",
    "in",
    "on",
    "at",
    "for",
    "has",
    "have",
    "given",
    "already",
    "outside",
    "before",
    "above",
    "below",
    "than",
    "this",
    "that",
    "it",
    "value",
    "number",
    "digits",
    "contains",
    "should",
    "registered",
];

/// The first English word of `text` outside its quoted parts (user input is quoted as
/// `"…"` or `'…'` and may be in any language), if any. Words in capitals are codes (`A–U`,
/// `NOT_PASSED`), not English.
///
/// A translation check for tests: the crates that render messages in Indonesian (this one,
/// `ingest`, `pipeline`) share it, so they all look for the same words.
#[doc(hidden)]
pub fn leftover_english(text: &str) -> Option<&'static str> {
    outside_quotes(text)
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.chars().any(char::is_lowercase))
        .find_map(|w| {
            let w = w.to_lowercase();
            ENGLISH_WORDS.iter().find(|e| **e == w).copied()
        })
}

/// The quoted parts of a message (`"…"` or `'…'`, as `{:?}` writes a string or a character),
/// quotes included.
#[doc(hidden)]
pub fn quoted_parts(text: &str) -> Vec<&str> {
    quote_spans(text).map(|(a, b)| &text[a..b]).collect()
}

fn outside_quotes(text: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (a, b) in quote_spans(text) {
        out.push_str(&text[at..a]);
        out.push(' ');
        at = b;
    }
    out.push_str(&text[at..]);
    out
}

/// Byte ranges of the quoted parts: strings as `"…"` with `\` escapes, and characters as
/// `{:?}` writes them (`'A'`, `'\''`, `'\u{301}'`), so an apostrophe in English prose is no
/// quote.
fn quote_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(offset) = text[at..].find(['"', '\'']) {
            let start = at + offset;
            let rest = &text[start + 1..];
            let end = if text[start..].starts_with('"') {
                let mut escaped = false;
                rest.char_indices()
                    .find(|&(_, c)| {
                        let close = !escaped && c == '"';
                        escaped = !escaped && c == '\\';
                        close
                    })
                    // An unclosed string runs to the end.
                    .map_or(text.len(), |(i, _)| start + 1 + i + 1)
            } else {
                let mut chars = rest.chars();
                let len = match (chars.next(), chars.next()) {
                    (Some('\\'), _) => rest
                        .get(2..)
                        .and_then(|r| r.find('\''))
                        .map(|i| i + 2)
                        .filter(|&i| i <= 10),
                    (Some(c), Some('\'')) => Some(c.len_utf8()),
                    _ => None,
                };
                match len {
                    Some(len) => start + 1 + len + 1,
                    None => {
                        at = start + 1;
                        continue;
                    }
                }
            };
            at = end;
            return Some((start, end));
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::*;

    /// The variant's name; the match has no wildcard, so a new variant stops this test from
    /// compiling until it is named here and given a sample below.
    fn variant(e: &ParseError) -> &'static str {
        match e {
            ParseError::RegionFormat { .. } => "RegionFormat",
            ParseError::RegionUnknown { .. } => "RegionUnknown",
            ParseError::IscoFormat { .. } => "IscoFormat",
            ParseError::IscoUnknown { .. } => "IscoUnknown",
            ParseError::KbliFormat { .. } => "KbliFormat",
            ParseError::KbliUnknown { .. } => "KbliUnknown",
            ParseError::KbliCategory { .. } => "KbliCategory",
            ParseError::KbliCombined { .. } => "KbliCombined",
            ParseError::NikScientific { .. } => "NikScientific",
            ParseError::NikNotDigits { .. } => "NikNotDigits",
            ParseError::NikLength { .. } => "NikLength",
            ParseError::NikZero => "NikZero",
            ParseError::NikStructure { .. } => "NikStructure",
            ParseError::Rupiah { .. } => "Rupiah",
            ParseError::RupiahNegative { .. } => "RupiahNegative",
            ParseError::Date { .. } => "Date",
            ParseError::YearMonth { .. } => "YearMonth",
            ParseError::Education { .. } => "Education",
            ParseError::Sex { .. } => "Sex",
            ParseError::Choice { .. } => "Choice",
            ParseError::ProgrammeUnknown { .. } => "ProgrammeUnknown",
            ParseError::KejuruanUnknown { .. } => "KejuruanUnknown",
            ParseError::Invalid { .. } => "Invalid",
        }
    }
    const VARIANTS: usize = 23;

    /// One error of every variant, built the way the parsers build them where they can be.
    fn samples() -> Vec<ParseError> {
        let input = |s: &str| s.to_string();
        vec![
            crate::RegionCode::parse("32-73-x").unwrap_err(),
            crate::RegionCode::parse("32.99").unwrap_err(),
            ParseError::IscoFormat {
                input: input("12345"),
            },
            ParseError::IscoUnknown {
                input: input("9999"),
            },
            ParseError::KbliFormat { input: input("1") },
            ParseError::KbliUnknown {
                input: input("99999"),
            },
            ParseError::KbliCategory {
                input: input("10"),
                within: Some('C'),
            },
            ParseError::KbliCategory {
                input: input("industri"),
                within: None,
            },
            ParseError::KbliCombined {
                input: input("M,N"),
                first: 'M',
            },
            crate::Nik::parse("3.27301E+15").unwrap_err(),
            crate::Nik::parse("32730145089A0003").unwrap_err(),
            crate::Nik::parse("327301450895000").unwrap_err(),
            crate::Nik::parse("0000000000000000").unwrap_err(),
            crate::Nik::parse("0073014508950003").unwrap_err(),
            crate::Rupiah::parse("lima juta").unwrap_err(),
            ParseError::RupiahNegative {
                input: input("-5000"),
            },
            crate::Date::parse("31/02/2025").unwrap_err(),
            crate::YearMonth::parse("2025-13").unwrap_err(),
            crate::Education::parse("TK").unwrap_err(),
            crate::Sex::parse("X").unwrap_err(),
            BlkType::parse("swasta besar").unwrap_err(),
            ParseError::ProgrammeUnknown {
                input: input("XYZ-01"),
            },
            ParseError::KejuruanUnknown {
                input: input("XYZ"),
            },
            ParseError::Invalid {
                what: Phrase::new("number", "angka"),
                input: input("dua \"puluh\""),
                reason: Phrase::new("expected a whole number", "harus bilangan bulat"),
            },
        ]
    }

    /// Indonesian that keeps every quoted input and example of the English, and no English word.
    fn assert_translated(e: &ParseError) {
        let (en, id) = (e.to_string(), e.indonesian());
        assert!(!id.trim().is_empty(), "{en}");
        assert_ne!(id, en);
        // The check itself must see the English, or it proves nothing.
        assert!(
            leftover_english(&en).is_some(),
            "no English marker in {en:?}"
        );
        assert_eq!(leftover_english(&id), None, "English left in {id:?}");
        for q in quoted_parts(&en) {
            assert!(id.contains(q), "{id:?} lacks {q} of {en:?}");
        }
    }

    #[test]
    fn every_variant_reads_in_indonesian() {
        let samples = samples();
        let seen: std::collections::BTreeSet<&str> = samples.iter().map(variant).collect();
        assert_eq!(seen.len(), VARIANTS, "a variant has no sample: {seen:?}");
        for e in &samples {
            assert_translated(e);
        }
        assert_eq!(
            crate::Date::parse("31/02/2025").unwrap_err().indonesian(),
            "tanggal \"31/02/2025\" bukan tanggal yang sah (gunakan YYYY-MM-DD, DD/MM/YYYY atau mis. 17 Agustus 2025)"
        );
        assert_eq!(
            crate::Nik::parse("327301450895000")
                .unwrap_err()
                .indonesian(),
            "NIK harus 16 digit; ditemukan 15"
        );
    }

    #[test]
    fn every_fixed_phrase_reads_in_indonesian() {
        // Each way a NIK can be impossible.
        for nik in [
            "0073014508950003",
            "3273013208950003",
            "3273014513950003",
            "3273014508950000",
        ] {
            let e = crate::Nik::parse(nik).unwrap_err();
            assert!(matches!(e, ParseError::NikStructure { .. }), "{nik}: {e}");
            assert_translated(&e);
        }
        // Every closed vocabulary names itself in Indonesian.
        let vocabularies = [
            BlkType::parse("?").unwrap_err(),
            FundingSource::parse("?").unwrap_err(),
            TraineeStatus::parse("?").unwrap_err(),
            JobSeekerStatus::parse("?").unwrap_err(),
            PlacementType::parse("?").unwrap_err(),
            TracerStatus::parse("?").unwrap_err(),
            Respondent::parse("?").unwrap_err(),
            OutcomeIndicator::parse("?").unwrap_err(),
            TargetLevel::parse("?").unwrap_err(),
        ];
        let mut names = std::collections::BTreeSet::new();
        for e in vocabularies {
            let ParseError::Choice { what, .. } = &e else {
                panic!("{e}");
            };
            assert!(
                names.insert(what.id),
                "two vocabularies are called {}",
                what.id
            );
            assert_translated(&e);
        }
    }

    #[test]
    fn quoted_input_is_not_read_as_english() {
        assert_eq!(leftover_english("nilai \"is not\" tidak sah"), None);
        assert_eq!(
            leftover_english("NIK hanya boleh berisi angka; ditemukan 'A'"),
            None
        );
        assert_eq!(leftover_english("kode \"a\\\"b\" tidak dikenal"), None);
        assert_eq!(leftover_english("NIK must have 16 digits"), Some("must"));
        assert_eq!(leftover_english("The serial"), Some("the"));
        assert_eq!(leftover_english("huruf A–U atau NOT_PASSED"), None);
        assert_eq!(
            quoted_parts("x \"a\\\"b\" y 'c' region's '\\'' '\\u{301}'"),
            vec!["\"a\\\"b\"", "'c'", "'\\''", "'\\u{301}'"]
        );
    }
}

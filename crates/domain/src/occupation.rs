//! Occupation (ISCO-08, with KBJI 2014 titles) and sector (KBLI 2020) codes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ParseError;
use crate::reference::reference;

/// An ISCO-08 group code of 1 to 4 digits that exists in ISCO-08. KBJI 2014 shares these codes
/// down to 4 digits, so a KBJI unit group is an `IscoCode` too.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IscoCode {
    value: u16,
    digits: u8,
}

impl IscoCode {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim();
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseError::IscoFormat {
                input: s.to_string(),
            });
        }
        if reference().isco(s).is_none() {
            return Err(ParseError::IscoUnknown {
                input: s.to_string(),
            });
        }
        let value = s.parse().map_err(|_| ParseError::IscoFormat {
            input: s.to_string(),
        })?;
        Ok(IscoCode {
            value,
            digits: s.len() as u8,
        })
    }

    /// Checks the form only; used while the reference tables themselves are loading.
    pub(crate) fn parse_form(input: &str) -> Option<Self> {
        let s = input.trim();
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(IscoCode {
            value: s.parse().ok()?,
            digits: s.len() as u8,
        })
    }

    /// Parses a KBJI 2014 code of 1–4 or 6 digits: a 6-digit jabatan resolves to its ISCO unit.
    pub fn parse_kbji(input: &str) -> Result<Self, ParseError> {
        let s = input.trim();
        if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            return match reference().kbji.iter().find(|e| e.code == s) {
                Some(e) => Self::parse(e.isco08_unit.as_deref().unwrap_or(&s[..4])),
                None => Err(ParseError::IscoUnknown {
                    input: s.to_string(),
                }),
            };
        }
        Self::parse(s)
    }

    /// 1 = major group … 4 = unit group.
    pub fn level(self) -> u8 {
        self.digits
    }

    pub fn is_unit(self) -> bool {
        self.digits == 4
    }

    /// The integer value of the code (e.g. 7212), for dense arrays.
    pub fn as_u16(self) -> u16 {
        self.value
    }

    /// The group `levels` digits long that contains this one (`levels` ≤ own level).
    pub fn truncate(self, levels: u8) -> IscoCode {
        let levels = levels.clamp(1, self.digits);
        let drop = (self.digits - levels) as u32;
        IscoCode {
            value: self.value / 10u16.pow(drop),
            digits: levels,
        }
    }

    pub fn major_group(self) -> IscoCode {
        self.truncate(1)
    }

    pub fn parent(self) -> Option<IscoCode> {
        (self.digits > 1).then(|| self.truncate(self.digits - 1))
    }

    /// The English ISCO-08 title.
    pub fn title_en(self) -> &'static str {
        reference()
            .isco(&self.to_string())
            .map(|e| e.title_en.as_str())
            .unwrap_or("")
    }

    /// The Indonesian title for the same code: KBJI 2014's, or the project's for the groups
    /// the embedded KBJI lacks ([`crate::reference::Reference::title_id`]).
    pub fn title_id(self) -> Option<&'static str> {
        reference().title_id(&self.to_string())
    }
}

impl fmt::Display for IscoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:0width$}", self.value, width = self.digits as usize)
    }
}

impl fmt::Debug for IscoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IscoCode({self})")
    }
}

impl FromStr for IscoCode {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for IscoCode {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<IscoCode> for String {
    fn from(c: IscoCode) -> String {
        c.to_string()
    }
}

/// A KBLI 2020 code: a category letter (A–U) or 2 to 5 digits, present in KBLI 2020.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KbliCode {
    bytes: [u8; 5],
    len: u8,
}

impl KbliCode {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim().to_ascii_uppercase();
        let well_formed = (s.len() == 1 && s.as_bytes()[0].is_ascii_uppercase())
            || ((2..=5).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed {
            return Err(ParseError::KbliFormat { input: s });
        }
        if reference().kbli(&s).is_none() {
            return Err(ParseError::KbliUnknown { input: s });
        }
        let mut bytes = [0u8; 5];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        Ok(KbliCode {
            bytes,
            len: s.len() as u8,
        })
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII letters and digits are ever stored.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }

    /// The KBLI category (A–U), which coincides with the ISIC Rev.4 section.
    pub fn category(&self) -> char {
        reference()
            .kbli(self.as_str())
            .map(|e| e.category)
            .unwrap_or('?')
    }

    pub fn title_id(&self) -> &'static str {
        reference()
            .kbli(self.as_str())
            .map(|e| e.title_id.as_str())
            .unwrap_or("")
    }
}

impl fmt::Display for KbliCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for KbliCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KbliCode({})", self.as_str())
    }
}

impl FromStr for KbliCode {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for KbliCode {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<KbliCode> for String {
    fn from(c: KbliCode) -> String {
        c.to_string()
    }
}

/// A KBLI 2020 category (A–U): the grain at which BPS publishes GRDP (PDRB menurut lapangan
/// usaha). It coincides with the ISIC Rev.4 section. Held as an index 0–20, so analytics can keep
/// one array slot per category.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KbliCategory(u8);

impl KbliCategory {
    /// A to U.
    pub const COUNT: usize = 21;

    /// Every category, A to U.
    pub fn all() -> impl Iterator<Item = KbliCategory> {
        (0..Self::COUNT as u8).map(KbliCategory)
    }

    pub fn from_index(i: usize) -> Option<KbliCategory> {
        (i < Self::COUNT).then_some(KbliCategory(i as u8))
    }

    pub fn from_letter(c: char) -> Option<KbliCategory> {
        let c = c.to_ascii_uppercase();
        ('A'..='U')
            .contains(&c)
            .then(|| KbliCategory(c as u8 - b'A'))
    }

    /// Parses `C`, `c`, `C.`, `C. Industri Pengolahan` or `Kategori C`: statistical tables
    /// often put the title beside the letter, and only the letter is read. A division code such
    /// as `10` is refused with the category it belongs to, since GRDP rows are per category.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim();
        let lower = s.to_lowercase();
        let rest = lower
            .strip_prefix("kategori")
            .or_else(|| lower.strip_prefix("category"))
            .unwrap_or(&lower)
            .trim_start();
        let mut chars = rest.chars();
        let first = chars.next();
        let letter_alone = chars.clone().next().is_none_or(|c| !c.is_alphanumeric());
        if let Some(cat) = first.filter(|_| letter_alone).and_then(Self::from_letter) {
            // BPS's 17-sector tables merge M,N and R,S,T,U into one row; reading that row as
            // its first letter would silently give M the services of N.
            let after: String = chars.filter(|c| !c.is_whitespace()).take(3).collect();
            let mut after = after.chars();
            let joined = matches!(after.next(), Some(',' | '+' | '&' | '/'))
                && after.next().and_then(Self::from_letter).is_some()
                && after.next().is_none_or(|c| !c.is_alphanumeric());
            if joined {
                return Err(ParseError::KbliCombined {
                    input: s.to_string(),
                    first: cat.letter(),
                });
            }
            return Ok(cat);
        }
        let within = KbliCode::parse(s)
            .ok()
            .and_then(|k| Self::from_letter(k.category()))
            .map(KbliCategory::letter);
        Err(ParseError::KbliCategory {
            input: s.to_string(),
            within,
        })
    }

    /// 0 for A … 20 for U.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn letter(self) -> char {
        (b'A' + self.0) as char
    }

    /// The Indonesian KBLI 2020 title of the category.
    pub fn title_id(self) -> &'static str {
        let mut buf = [0u8; 4];
        reference()
            .kbli(self.letter().encode_utf8(&mut buf))
            .map(|e| e.title_id.as_str())
            .unwrap_or("")
    }

    /// The English title of the category: its ISIC Rev.4 section's.
    pub fn title_en(self) -> &'static str {
        let mut buf = [0u8; 4];
        reference()
            .kbli_section_en(self.letter().encode_utf8(&mut buf))
            .unwrap_or("")
    }
}

impl fmt::Display for KbliCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.letter())
    }
}

impl fmt::Debug for KbliCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KbliCategory({})", self.letter())
    }
}

impl FromStr for KbliCategory {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for KbliCategory {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<KbliCategory> for String {
    fn from(c: KbliCategory) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_isco_codes_at_every_level() {
        let welder = IscoCode::parse("7212").unwrap();
        assert!(welder.is_unit());
        assert_eq!(welder.major_group().to_string(), "7");
        assert_eq!(welder.parent().unwrap().to_string(), "721");
        assert_eq!(welder.title_en(), "Welders and flamecutters");
        assert_eq!(IscoCode::parse("72").unwrap().level(), 2);
        // Armed forces keep their leading zero.
        assert_eq!(IscoCode::parse("0110").unwrap().to_string(), "0110");
        assert_eq!(
            IscoCode::parse("0110").unwrap().major_group().to_string(),
            "0"
        );
    }

    #[test]
    fn rejects_bad_isco_codes_naming_the_problem() {
        assert!(matches!(
            IscoCode::parse("72121"),
            Err(ParseError::IscoFormat { .. })
        ));
        assert!(matches!(
            IscoCode::parse("72a"),
            Err(ParseError::IscoFormat { .. })
        ));
        assert!(matches!(
            IscoCode::parse(""),
            Err(ParseError::IscoFormat { .. })
        ));
        assert!(matches!(
            IscoCode::parse("7299"),
            Err(ParseError::IscoUnknown { .. })
        ));
    }

    #[test]
    fn every_isco_group_has_an_indonesian_title() {
        // The embedded KBJI 2014 lacks 19 unit groups and 4 minor groups; the project's titles
        // fill them, so that no Indonesian page shows an English occupation name.
        let missing: Vec<&str> = reference()
            .isco
            .iter()
            .filter(|e| IscoCode::parse(&e.code).is_ok_and(|c| c.title_id().is_none()))
            .map(|e| e.code.as_str())
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
        let sales = IscoCode::parse("3322").unwrap();
        assert_eq!(sales.title_id(), Some("Perwakilan Penjualan Komersial"));
        // KBJI's own title is kept where it has one.
        let welder = IscoCode::parse("7212").unwrap();
        assert_eq!(welder.title_id(), Some("Pekerja Pengelasan"));
    }

    #[test]
    fn kbji_jabatan_resolves_to_its_isco_unit() {
        assert_eq!(IscoCode::parse_kbji("251201").unwrap().to_string(), "2512");
        assert!(IscoCode::parse_kbji("999999").is_err());
    }

    #[test]
    fn kbli_categories_have_english_titles_from_isic() {
        let c = KbliCategory::from_letter('C').unwrap();
        assert_eq!(c.title_id(), "Industri Pengolahan");
        assert_eq!(c.title_en(), "Manufacturing");
        for k in KbliCategory::all() {
            assert!(!k.title_en().is_empty(), "{k}");
        }
    }

    #[test]
    fn kbli_codes_know_their_category() {
        let k = KbliCode::parse("62015").unwrap();
        assert_eq!(k.category(), 'J');
        assert_eq!(KbliCode::parse("c").unwrap().as_str(), "C");
        assert!(matches!(
            KbliCode::parse("6"),
            Err(ParseError::KbliFormat { .. })
        ));
        assert!(matches!(
            KbliCode::parse("99999"),
            Err(ParseError::KbliUnknown { .. })
        ));
    }

    #[test]
    fn kbli_categories_read_the_letter_of_a_labelled_row() {
        for (input, want) in [
            ("C", 'C'),
            ("c", 'C'),
            (" I ", 'I'),
            ("C. Industri Pengolahan", 'C'),
            ("G - Perdagangan Besar dan Eceran", 'G'),
            ("Kategori U", 'U'),
            ("A.", 'A'),
        ] {
            assert_eq!(
                KbliCategory::parse(input).unwrap().letter(),
                want,
                "{input}"
            );
        }
        assert_eq!(KbliCategory::all().count(), 21);
        assert_eq!(KbliCategory::from_letter('u').unwrap().index(), 20);
        assert_eq!(
            KbliCategory::from_letter('C').unwrap().title_id(),
            "Industri Pengolahan"
        );
        for combined in ["M,N", "R, S, T, U Jasa Lainnya", "M+N"] {
            assert!(
                matches!(
                    KbliCategory::parse(combined),
                    Err(ParseError::KbliCombined { .. })
                ),
                "{combined}"
            );
        }
        assert_eq!(KbliCategory::parse("A, Pertanian").unwrap().letter(), 'A');
        for bad in ["", "V", "Industri", "CC", "Z. Lainnya"] {
            assert!(KbliCategory::parse(bad).is_err(), "{bad:?}");
        }
        // A division is refused with the category it belongs to.
        let err = KbliCategory::parse("10").unwrap_err();
        assert_eq!(
            err,
            ParseError::KbliCategory {
                input: "10".into(),
                within: Some('C')
            }
        );
        assert!(err.to_string().contains("write C"), "{err}");
    }

    proptest! {
        #[test]
        fn every_isco_unit_round_trips(i in 0usize..436) {
            let unit = reference().isco_units().nth(i).unwrap();
            let code = IscoCode::parse(&unit.code).unwrap();
            prop_assert_eq!(code.to_string(), unit.code.clone());
            prop_assert!(IscoCode::parse(&code.parent().unwrap().to_string()).is_ok());
        }

        #[test]
        fn random_digit_strings_parse_only_when_they_exist(s in "[0-9]{1,5}") {
            match IscoCode::parse(&s) {
                Ok(c) => prop_assert!(reference().isco(&c.to_string()).is_some()),
                Err(_) => prop_assert!(s.len() > 4 || reference().isco(&s).is_none()),
            }
        }
    }
}

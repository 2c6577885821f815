//! NIK, the 16-digit national identity number: personal data, handled as such.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{ParseError, Phrase};
use crate::person::Sex;
use crate::region::RegionCode;

/// A well-formed NIK. Only the form is checked (16 digits, not all zero): the region, birth
/// date and sex encoded in it are offered as *hints*, because real NIKs carry the place and
/// date of first registration and are sometimes wrong, so they are never trusted as facts.
///
/// `Debug` and `Display` are masked; the digits come out only through [`Nik::expose`].
/// It serialises as a JSON string, never a number, so no JSON reader can round it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nik([u8; 16]);

impl Nik {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim().trim_start_matches('\'');
        // A spreadsheet that stored the NIK as a number shows it as 3.20101E+15: digits are
        // already lost, so no repair is possible and the user must re-enter it as text.
        if s.contains(['e', 'E']) && s.chars().any(|c| c.is_ascii_digit()) {
            return Err(ParseError::NikScientific {
                input: s.to_string(),
            });
        }
        let mut digits = [0u8; 16];
        let mut n = 0usize;
        for c in s.chars() {
            if c == ' ' {
                continue;
            }
            if !c.is_ascii_digit() {
                return Err(ParseError::NikNotDigits { found: c });
            }
            if n < 16 {
                digits[n] = c as u8;
            }
            n += 1;
        }
        if n != 16 {
            return Err(ParseError::NikLength { len: n });
        }
        if digits.iter().all(|&d| d == b'0') {
            return Err(ParseError::NikZero);
        }
        // Dukcapil's layout: PP KK CC DD MM YY SSSS. There is no check digit, so these range
        // checks are all that can be verified; a regency or district unknown today is allowed,
        // because the digits record the first registration (codes from before a split stay).
        let num = |i: usize| (digits[i] - b'0') * 10 + (digits[i + 1] - b'0');
        let province = num(0) as u16 * 100;
        if !crate::reference::reference()
            .provinces
            .iter()
            .any(|p| p.code.as_u16() == province)
        {
            return Err(ParseError::NikStructure {
                reason: Phrase::new(
                    "the first two digits are not a province code",
                    "dua digit pertama bukan kode provinsi",
                ),
            });
        }
        let day = num(6);
        if !(1..=31).contains(&day) && !(41..=71).contains(&day) {
            return Err(ParseError::NikStructure {
                reason: Phrase::new(
                    "digits 7–8 are not a day of birth (01–31, or 41–71 for women)",
                    "digit ke-7–8 bukan tanggal lahir (01–31, atau 41–71 untuk perempuan)",
                ),
            });
        }
        if !(1..=12).contains(&num(8)) {
            return Err(ParseError::NikStructure {
                reason: Phrase::new(
                    "digits 9–10 are not a month (01–12)",
                    "digit ke-9–10 bukan bulan (01–12)",
                ),
            });
        }
        if digits[12..].iter().all(|&d| d == b'0') {
            return Err(ParseError::NikStructure {
                reason: Phrase::new(
                    "the serial (last four digits) cannot be 0000",
                    "nomor urut (empat digit terakhir) tidak boleh 0000",
                ),
            });
        }
        Ok(Nik(digits))
    }

    /// The 16 digits. Call only where the full number is genuinely needed (keyed hashing).
    pub fn expose(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("")
    }

    /// The masked form shown to users: the last four digits only. The first twelve are the
    /// place and date of birth, which a birth date and a region shown nearby would give away.
    pub fn masked(&self) -> String {
        format!("************{}", &self.expose()[12..])
    }

    /// The regency/city encoded in the first four digits, if it exists today.
    pub fn region_hint(&self) -> Option<RegionCode> {
        RegionCode::parse(&self.expose()[..4]).ok()
    }

    /// Sex encoded by the day field (women have 40 added).
    pub fn sex_hint(&self) -> Sex {
        if self.day_field() > 40 {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    /// The birth date encoded in digits 7–12. The century is a guess (two-digit year), so a
    /// year that would lie in the future relative to `today` is put in the previous century.
    pub fn birth_date_hint(&self, today: Date) -> Option<Date> {
        let s = self.expose();
        let day = self.day_field() % 40;
        let month: u8 = s[8..10].parse().ok()?;
        let yy: i32 = s[10..12].parse().ok()?;
        let mut year = 2000 + yy;
        if year > today.year() {
            year -= 100;
        }
        Date::new(year, month, day).ok()
    }

    fn day_field(&self) -> u8 {
        (self.0[6] - b'0') * 10 + (self.0[7] - b'0')
    }
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nik({})", self.masked())
    }
}

impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl TryFrom<String> for Nik {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Nik> for String {
    fn from(n: Nik) -> String {
        n.expose().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_masks() {
        let nik = Nik::parse("3273014508950003").unwrap();
        assert_eq!(format!("{nik:?}"), "Nik(************0003)");
        assert_eq!(nik.to_string(), "************0003");
        assert_eq!(nik.expose(), "3273014508950003");
        assert_eq!(nik.region_hint().unwrap().to_string(), "32.73");
        assert_eq!(nik.sex_hint(), Sex::Female);
        let today = Date::new(2026, 11, 29).unwrap();
        assert_eq!(
            nik.birth_date_hint(today).unwrap().to_string(),
            "1995-08-05"
        );
    }

    #[test]
    fn accepts_spaces_and_a_leading_apostrophe() {
        assert!(Nik::parse("'3273014508950003").is_ok());
        assert!(Nik::parse("3273 0145 0895 0003").is_ok());
    }

    #[test]
    fn rejects_scientific_notation_with_a_fix_it_message() {
        let err = Nik::parse("3.27301E+15").unwrap_err();
        assert!(matches!(err, ParseError::NikScientific { .. }));
        assert!(err.to_string().contains("Text"));
    }

    #[test]
    fn rejects_impossible_layouts() {
        for bad in [
            "9973014508950003",
            "3273013208950003",
            "3273017208950003",
            "3273010113950003",
            "3273010101950000",
        ] {
            assert!(
                matches!(Nik::parse(bad), Err(ParseError::NikStructure { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn rejects_wrong_length_and_non_digits() {
        assert_eq!(
            Nik::parse("327301450895000").unwrap_err(),
            ParseError::NikLength { len: 15 }
        );
        assert_eq!(
            Nik::parse("32730145089500031").unwrap_err(),
            ParseError::NikLength { len: 17 }
        );
        assert_eq!(
            Nik::parse("3273014508950003.0").unwrap_err(),
            ParseError::NikNotDigits { found: '.' }
        );
        assert_eq!(
            Nik::parse("0000000000000000").unwrap_err(),
            ParseError::NikZero
        );
    }

    #[test]
    fn serialises_as_a_json_string() {
        let nik = Nik::parse("3273014508950003").unwrap();
        assert_eq!(serde_json::to_string(&nik).unwrap(), "\"3273014508950003\"");
        assert!(serde_json::from_str::<Nik>("3273014508950003").is_err());
    }

    proptest! {
        #[test]
        fn every_well_formed_nik_parses_and_round_trips(
            p in prop::sample::select(vec!["11", "32", "35", "73", "91", "96"]),
            rest in "[0-9]{4}",
            day in prop_oneof![1u8..=31, 41u8..=71],
            month in 1u8..=12,
            yy in "[0-9]{2}",
            serial in 1u16..=9999,
        ) {
            let s = format!("{p}{rest}{day:02}{month:02}{yy}{serial:04}");
            let nik = Nik::parse(&s).unwrap();
            prop_assert_eq!(nik.expose(), s.as_str());
            let shown = format!("{:?}", nik);
            prop_assert!(!shown.contains(&s[..12]));
        }

        #[test]
        fn other_lengths_are_rejected(s in "[0-9]{0,15}|[0-9]{17,20}") {
            let is_length_error = matches!(Nik::parse(&s), Err(ParseError::NikLength { .. }));
            prop_assert!(is_length_error);
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,20}") {
            let _ = Nik::parse(&s);
        }
    }
}

//! Kemendagri region codes: provinces (`32`) and regencies/cities (`32.73`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ParseError;
use crate::reference::reference;

/// A Kemendagri code for a province or a regency/city, validated against the embedded 2025 table.
///
/// Stored as two small numbers so it is `Copy` and cheap to use as a key in analytics arrays.
/// BPS codes differ from Kemendagri codes (Papua above all) and are deliberately not accepted.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode {
    province: u8,
    /// 0 for a province-level code.
    regency: u8,
}

impl RegionCode {
    /// Parses a code and checks that the region exists.
    /// Accepts `32`, `32.73` and the undotted `3273` that some Kemnaker exports use.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let code = Self::parse_unchecked(input)?;
        if reference().region_exists(code) {
            Ok(code)
        } else {
            Err(ParseError::RegionUnknown {
                input: input.trim().to_string(),
            })
        }
    }

    /// Checks the form only; used while loading the reference table itself.
    pub(crate) fn parse_unchecked(input: &str) -> Result<Self, ParseError> {
        let s = input.trim();
        let err = || ParseError::RegionFormat {
            input: s.to_string(),
        };
        let digits = |t: &str| -> Result<u8, ParseError> {
            if t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()) {
                t.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        if !s.is_ascii() {
            return Err(err());
        }
        let (p, r) = match (s.len(), s.split_once('.')) {
            (_, Some((p, r))) => (digits(p)?, digits(r)?),
            (2, None) => (digits(s)?, 0),
            (4, None) => (digits(&s[..2])?, digits(&s[2..])?),
            _ => return Err(err()),
        };
        if p == 0 || (s.contains('.') && r == 0) {
            return Err(err());
        }
        Ok(RegionCode {
            province: p,
            regency: r,
        })
    }

    pub fn is_province(self) -> bool {
        self.regency == 0
    }

    pub fn is_regency(self) -> bool {
        self.regency != 0
    }

    /// The province this code lies in (itself for a province).
    pub fn province(self) -> RegionCode {
        RegionCode {
            province: self.province,
            regency: 0,
        }
    }

    /// Hours the region's clock is ahead of UTC: 7 for western Indonesia (WIB), 8 for central
    /// (WITA: Bali, Nusa Tenggara, south, east and north Kalimantan, Sulawesi), 9 for eastern
    /// (WIT: Maluku and Papua). A day's work there begins on its own date.
    pub fn utc_offset_hours(self) -> i64 {
        match self.province {
            51..=53 | 63..=65 | 71..=76 => 8,
            81..=82 | 91..=99 => 9,
            _ => 7,
        }
    }

    /// Whether `other` is this region or lies inside it.
    pub fn contains(self, other: RegionCode) -> bool {
        if self.is_province() {
            self.province == other.province
        } else {
            self == other
        }
    }

    /// A dense integer: province × 100 + regency (e.g. 3273), for array indices and sorting.
    pub fn as_u16(self) -> u16 {
        self.province as u16 * 100 + self.regency as u16
    }

    /// The reference row for this region (always present for a parsed code).
    pub fn info(self) -> &'static crate::reference::Region {
        reference()
            .region(self)
            .expect("a parsed RegionCode exists in the reference table")
    }

    pub fn name(self) -> &'static str {
        &self.info().name
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_province() {
            write!(f, "{:02}", self.province)
        } else {
            write!(f, "{:02}.{:02}", self.province, self.regency)
        }
    }
}

impl fmt::Debug for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RegionCode({self})")
    }
}

impl FromStr for RegionCode {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for RegionCode {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<RegionCode> for String {
    fn from(c: RegionCode) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_province_and_regency_codes() {
        let kota_bandung = RegionCode::parse("32.73").unwrap();
        assert!(kota_bandung.is_regency());
        assert_eq!(kota_bandung.province().to_string(), "32");
        assert_eq!(kota_bandung.name(), "Kota Bandung");
        assert_eq!(RegionCode::parse("3273").unwrap(), kota_bandung);
        assert_eq!(RegionCode::parse(" 32 ").unwrap().to_string(), "32");
        assert!(RegionCode::parse("32").unwrap().contains(kota_bandung));
    }

    #[test]
    fn every_province_keeps_its_own_time() {
        let zone = |code: &str| RegionCode::parse(code).unwrap().utc_offset_hours();
        // Jakarta, Pontianak (Kalimantan Barat), Palangka Raya: WIB.
        assert_eq!((zone("31.71"), zone("61"), zone("62")), (7, 7, 7));
        // Denpasar, Kupang, Balikpapan (Kalimantan Timur), Tarakan, Makassar: WITA.
        assert_eq!(
            [
                zone("51.71"),
                zone("53"),
                zone("64"),
                zone("65"),
                zone("73.71")
            ],
            [8; 5]
        );
        // Ambon, Ternate, Jayapura, the new Papuan provinces: WIT.
        assert_eq!([zone("81"), zone("82"), zone("91"), zone("96")], [9; 4]);
        // The zones' borders run between these meridians (Bali and south Kalimantan begin
        // WITA; north Sulawesi is WITA, north Maluku WIT).
        let reference = crate::reference::reference();
        assert_eq!(reference.provinces.len(), 38);
        for p in &reference.provinces {
            let expected = match p.lng {
                x if x < 114.5 => 7,
                x if x < 126.0 => 8,
                _ => 9,
            };
            assert_eq!(p.code.utc_offset_hours(), expected, "{} {}", p.code, p.name);
        }
    }

    #[test]
    fn rejects_malformed_codes_with_a_format_error() {
        for bad in [
            "", "3", "327", "32.7", "32-73", "ab", "32.73.01", "00", "32.00",
        ] {
            assert!(
                matches!(RegionCode::parse(bad), Err(ParseError::RegionFormat { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn rejects_unknown_regions_with_an_unknown_error() {
        // 99 is not a province; 32.99 is not a regency of Jawa Barat.
        for bad in ["99", "32.99", "10"] {
            assert!(
                matches!(
                    RegionCode::parse(bad),
                    Err(ParseError::RegionUnknown { .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_country_has_38_provinces_and_514_regencies() {
        let r = reference();
        assert_eq!(r.provinces.len(), 38);
        assert_eq!(r.regencies.len(), 514);
        assert_eq!(
            r.regencies
                .iter()
                .filter(|x| x.kind == Some(crate::reference::RegencyKind::Kota))
                .count(),
            98
        );
        for reg in &r.regencies {
            assert!(r.region(reg.code.province()).is_some(), "{}", reg.code);
        }
    }

    #[test]
    fn serde_round_trips_as_a_string_and_refuses_unknown_codes() {
        let c = RegionCode::parse("31.74").unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, "\"31.74\"");
        assert_eq!(serde_json::from_str::<RegionCode>(&json).unwrap(), c);
        assert!(serde_json::from_str::<RegionCode>("\"31.99\"").is_err());
    }

    proptest! {
        #[test]
        fn every_embedded_code_round_trips(i in 0usize..552) {
            let r = reference();
            let code = if i < 38 { r.provinces[i].code } else { r.regencies[i - 38].code };
            prop_assert_eq!(RegionCode::parse(&code.to_string()).unwrap(), code);
        }

        #[test]
        fn arbitrary_strings_never_panic(s in ".{0,8}") {
            let _ = RegionCode::parse(&s);
        }
    }
}

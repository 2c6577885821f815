//! Rupiah amounts and the number formats Indonesian files use.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::ParseError;

/// An amount in whole Rupiah. Sen are not used in wages or training costs, so an integer keeps
/// sums exact.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Rupiah(pub i64);

impl Rupiah {
    /// Parses `5000000`, `5.000.000`, `5,000,000`, `Rp 5.000.000,00`, `Rp5.000.000,-`, `IDR 5 jt`.
    /// Fractions of a Rupiah are rounded to the nearest Rupiah.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let err = || ParseError::Rupiah {
            input: input.trim().to_string(),
        };
        let lower = input.trim().to_lowercase();
        let mut s = lower
            .trim_start_matches("idr")
            .trim_start_matches("rp.")
            .trim_start_matches("rp")
            .trim()
            .trim_end_matches(",-")
            .trim_end_matches(".-")
            .to_string();
        // "5 jt" / "5,5 juta" are common in job ads.
        let mut multiplier = 1.0;
        for (suffix, m) in [
            ("juta", 1e6),
            ("jt", 1e6),
            ("ribu", 1e3),
            ("rb", 1e3),
            ("k", 1e3),
        ] {
            if let Some(rest) = s.strip_suffix(suffix) {
                s = rest.trim().to_string();
                multiplier = m;
                break;
            }
        }
        let v = parse_number(&s, true).ok_or_else(err)? * multiplier;
        if v < 0.0 {
            return Err(ParseError::RupiahNegative {
                input: input.trim().to_string(),
            });
        }
        if !v.is_finite() || v > 1e15 {
            return Err(err());
        }
        // "4,5" or "4.5" without a unit is almost always a wage in juta typed short; reading it
        // as Rp 5 would be silently wrong, so a fraction needs a unit (sen of zero, ",00", pass).
        if multiplier == 1.0 && v.fract() != 0.0 {
            return Err(ParseError::Rupiah {
                input: input.trim().to_string(),
            });
        }
        Ok(Rupiah(v.round() as i64))
    }

    /// Indonesian display form: `Rp 1.234.567`.
    pub fn to_id_string(self) -> String {
        format!("Rp {}", group_thousands(self.0))
    }
}

impl fmt::Display for Rupiah {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_id_string())
    }
}

impl fmt::Debug for Rupiah {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rupiah({})", self.0)
    }
}

/// `1234567` → `1.234.567` (Indonesian grouping).
pub fn group_thousands(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Parses a number written the Indonesian way (`1.234.567,8`) or the English way
/// (`1,234,567.8`), deciding from the separators present.
///
/// When only one kind of separator appears once and is followed by exactly three digits, the
/// text is ambiguous (`1.500`, `1,500`); `three_digits_group` says whether to read it as a
/// thousands separator (right for money and counts) or as a decimal mark (right for measures).
pub fn parse_number(input: &str, three_digits_group: bool) -> Option<f64> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if s.is_empty() {
        return None;
    }
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let (group, decimal) = match (dots, commas) {
        (0, 0) => (None, None),
        (_, 0) if dots > 1 => (Some('.'), None),
        (0, _) if commas > 1 => (Some(','), None),
        (1, 0) | (0, 1) => {
            let sep = if dots == 1 { '.' } else { ',' };
            let at = body.find(sep)?;
            let after = body.len() - at - 1;
            // A thousands group needs a leading group that is not zero: "0.705" is a fraction.
            let leads_with_zero = matches!(&body[..at], "" | "0");
            if after == 3 && three_digits_group && !leads_with_zero {
                (Some(sep), None)
            } else {
                (None, Some(sep))
            }
        }
        _ => {
            // Both present: whichever comes last is the decimal mark.
            let last_dot = body.rfind('.')?;
            let last_comma = body.rfind(',')?;
            if last_comma > last_dot {
                if commas > 1 {
                    return None;
                }
                (Some('.'), Some(','))
            } else {
                if dots > 1 {
                    return None;
                }
                (Some(','), Some('.'))
            }
        }
    };
    let (int_part, frac_part) = match decimal {
        Some(d) => body.split_once(d)?,
        None => (body, ""),
    };
    if let Some(g) = group {
        // Groups after the first must be exactly three digits.
        let mut parts = int_part.split(g);
        let first = parts.next()?;
        if first.is_empty() || first.len() > 3 || parts.any(|p| p.len() != 3) {
            return None;
        }
    }
    if frac_part.contains(['.', ',']) {
        return None;
    }
    let int_digits: String = int_part.chars().filter(|c| c.is_ascii_digit()).collect();
    if int_digits.is_empty() && frac_part.is_empty() {
        return None;
    }
    let text = format!(
        "{}{}.{}",
        if neg { "-" } else { "" },
        if int_digits.is_empty() {
            "0"
        } else {
            &int_digits
        },
        if frac_part.is_empty() { "0" } else { frac_part }
    );
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_rupiah_in_the_forms_people_type() {
        for (input, want) in [
            ("5000000", 5_000_000),
            ("5.000.000", 5_000_000),
            ("5,000,000", 5_000_000),
            ("Rp 5.000.000,00", 5_000_000),
            ("Rp5.000.000,-", 5_000_000),
            ("IDR 4.750.000", 4_750_000),
            ("5 jt", 5_000_000),
            ("4,5 juta", 4_500_000),
            ("1.500", 1_500),
            ("0", 0),
        ] {
            assert_eq!(Rupiah::parse(input).unwrap(), Rupiah(want), "{input}");
        }
    }

    #[test]
    fn rejects_non_amounts() {
        for bad in [
            "",
            "lima juta",
            "5.00.000",
            "1,2,3.4,5",
            "--5",
            "Rp",
            "4,5",
            "Rp 2,75",
        ] {
            assert!(Rupiah::parse(bad).is_err(), "{bad:?}");
        }
        assert!(matches!(
            Rupiah::parse("-5000"),
            Err(ParseError::RupiahNegative { .. })
        ));
    }

    #[test]
    fn reads_indonesian_decimal_commas() {
        assert_eq!(parse_number("1.234.567,8", true), Some(1_234_567.8));
        assert_eq!(parse_number("1,234,567.8", true), Some(1_234_567.8));
        assert_eq!(parse_number("2,5", false), Some(2.5));
        assert_eq!(parse_number("1.500", false), Some(1.5));
        assert_eq!(parse_number("1.500", true), Some(1500.0));
        // No group starts with zero: these are fractions even where groups are expected.
        assert_eq!(parse_number("0.705", true), Some(0.705));
        assert_eq!(parse_number("0,705", true), Some(0.705));
        assert_eq!(parse_number(".705", true), Some(0.705));
        assert_eq!(parse_number("10.705", true), Some(10_705.0));
        assert_eq!(parse_number("-3,25", false), Some(-3.25));
    }

    #[test]
    fn formats_with_indonesian_grouping() {
        assert_eq!(Rupiah(1_234_567).to_string(), "Rp 1.234.567");
        assert_eq!(group_thousands(-1000), "-1.000");
        assert_eq!(group_thousands(999), "999");
    }

    proptest! {
        #[test]
        fn grouped_output_parses_back(v in 0i64..1_000_000_000_000) {
            prop_assert_eq!(Rupiah::parse(&Rupiah(v).to_string()).unwrap(), Rupiah(v));
            prop_assert_eq!(Rupiah::parse(&v.to_string()).unwrap(), Rupiah(v));
        }
    }
}

//! Numbers for people: Indonesian form (comma decimal, dot thousands: `1.234,5`) for the
//! Indonesian reasons, English form (`1,234.5`) for the English ones.

fn grouped(v: f64, decimals: usize, thousands: char, decimal: char) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::with_capacity(s.len() + 4);
    // A value that rounds to zero has no sign.
    if v < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(thousands);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}

/// `1234.56, 1` → `1.234,6`.
pub fn fmt_id(v: f64, decimals: usize) -> String {
    grouped(v, decimals, '.', ',')
}

/// `1234.56, 1` → `1,234.6`.
pub fn fmt_en(v: f64, decimals: usize) -> String {
    grouped(v, decimals, ',', '.')
}

/// A fraction as a whole percentage the Indonesian way, the sign against the number as on
/// every page: `0.58` → `58%`.
pub fn pct_id(fraction: f64) -> String {
    format!("{}%", fmt_id(100.0 * fraction, 0))
}

/// A fraction as a whole percentage: `0.58` → `58%`.
pub fn pct_en(fraction: f64) -> String {
    format!("{}%", fmt_en(100.0 * fraction, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_and_english_number_forms() {
        assert_eq!(fmt_id(1.2, 1), "1,2");
        assert_eq!(fmt_id(1234567.891, 2), "1.234.567,89");
        assert_eq!(fmt_en(1234567.891, 2), "1,234,567.89");
        assert_eq!(fmt_id(-0.04, 1), "0,0");
        assert_eq!(fmt_id(-12.0, 0), "-12");
        assert_eq!(pct_id(0.58), "58%");
        assert_eq!(pct_en(0.344), "34%");
        assert_eq!(fmt_id(999.0, 0), "999");
        assert_eq!(fmt_id(1000.0, 0), "1.000");
    }
}

//! Interval and disclosure helpers shared by the outcome tables.
//!
//! The Wilson score interval is used rather than the normal ("Wald") one because BLK cells are
//! small and rates are often near 0 or 1, where Wald intervals leave [0, 1] or collapse to a
//! point.

/// The 97.5 % quantile of the standard normal distribution.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval for `successes` out of `n` at normal quantile `z`; `None` for n = 0.
pub fn wilson(successes: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 || successes > n {
        return None;
    }
    let n = n as f64;
    let p = successes as f64 / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// A count as a public table shows it: below `min_cell` (but not zero) as `<min_cell`.
pub fn public_count(n: u64, min_cell: u64) -> String {
    if n > 0 && n < min_cell {
        format!("<{min_cell}")
    } else {
        n.to_string()
    }
}

/// A rate in percent with one decimal, or empty when its denominator is under `min_cell`.
pub fn public_rate(rate: Option<f64>, denominator: u64, min_cell: u64) -> String {
    match rate {
        Some(r) if denominator >= min_cell => format!("{:.1}", r * 100.0),
        _ => String::new(),
    }
}

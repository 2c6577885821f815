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

/// Counts of persons below this are published as "<5" (small-cell suppression), in every
/// table of every surface: the web, the API, the CLI and the files they write.
pub const MIN_CELL: u64 = 5;

/// A count of persons as a published table may show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Count(u64),
    /// Under `min_cell` persons: shown as "<min_cell". In the outcome tables 1 to
    /// `min_cell − 1` (a zero is shown); in the gap tables 0 included.
    Small,
    /// A count of any size, zero included, withheld so that a small one beside it cannot be
    /// worked out.
    Withheld,
    /// A count of `min_cell` or more rounded to the nearest multiple of `min_cell`: how
    /// counts that add up across tables are shown ([`rounded_parts`]).
    Rounded(u64),
}

impl Shown {
    /// The count when it is shown (rounded where it is rounded).
    pub fn count(self) -> Option<u64> {
        match self {
            Shown::Count(n) | Shown::Rounded(n) => Some(n),
            _ => None,
        }
    }

    /// As a public file writes it: the count, `<min_cell`, or `x` for a withheld count.
    pub fn public(self, min_cell: u64) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            Shown::Small => format!("<{min_cell}"),
            Shown::Withheld => "x".into(),
            Shown::Rounded(n) => format!("~{n}"),
        }
    }
}

/// Parts of a total that a reader knows or can work out (the kinds of work of the employed,
/// whose sum the rate and the traced count give away), with complementary suppression: a
/// small part alone among shown parts would be the total minus the others, so further parts
/// are withheld until every small part could be any of 1..`min_cell` for all a reader can
/// tell. A reader knows a small part is 1..`min_cell − 1` and a withheld one is 0 or at least
/// `min_cell` (else it would read "<min_cell"), and may know the total. Of the sets of parts
/// that protect, the one withholding the fewest persons is chosen. When none does (a total
/// under `min_cell`, which the rate itself discloses), every part is withheld, small ones and
/// zeros too, so that only the total is known.
pub fn protect_parts<const N: usize>(parts: [u64; N], min_cell: u64) -> [Shown; N] {
    let exact = parts.map(|n| {
        if n > 0 && n < min_cell {
            Shown::Small
        } else {
            Shown::Count(n)
        }
    });
    protect(parts, exact, min_cell)
}

/// Parts of a total at a level whose cells also add up to a table above it (a BLK's kinds of
/// work add up to its province's; a regency's or a cohort's likewise). There a small part
/// could be worked out as the total above minus the other cells, so every count of
/// `min_cell` or more is rounded to the nearest multiple of `min_cell` (1 to `min_cell − 1`
/// stay "<min_cell", 0 stays 0) and a reader learns each only to within ±`min_cell`/2; within
/// the row, the rounded parts are then protected as [`protect_parts`] protects exact ones.
pub fn rounded_parts<const N: usize>(parts: [u64; N], min_cell: u64) -> [Shown; N] {
    let rounded = parts.map(|n| {
        if n == 0 || min_cell <= 1 {
            Shown::Count(n)
        } else if n < min_cell {
            Shown::Small
        } else {
            Shown::Rounded((n + min_cell / 2) / min_cell * min_cell)
        }
    });
    protect(parts, rounded, min_cell)
}

/// Withholds the cheapest set of further parts that leaves every small part of `shown`
/// unknown within 1..`min_cell − 1` to a reader who knows the parts' total; every part when
/// no set does.
fn protect<const N: usize>(parts: [u64; N], shown: [Shown; N], min_cell: u64) -> [Shown; N] {
    if min_cell <= 1 || !shown.contains(&Shown::Small) {
        return shown;
    }
    let total: u64 = parts.iter().sum();
    let others: Vec<usize> = (0..N).filter(|&i| shown[i] != Shown::Small).collect();
    let mut best: Option<(u64, usize, [Shown; N])> = None;
    for mask in 0..(1usize << others.len()) {
        let mut trial = shown;
        for (b, &i) in others.iter().enumerate() {
            if mask & (1 << b) != 0 {
                trial[i] = Shown::Withheld;
            }
        }
        if !protects(&trial, total, min_cell) {
            continue;
        }
        let cost = (0..N)
            .filter(|&i| trial[i] == Shown::Withheld)
            .map(|i| parts[i])
            .sum::<u64>();
        let cells = mask.count_ones() as usize;
        if best.is_none_or(|b| (cost, cells) < (b.0, b.1)) {
            best = Some((cost, cells, trial));
        }
    }
    best.map_or([Shown::Withheld; N], |b| b.2)
}

/// Inclusive ranges of counts; `u64::MAX` stands for no upper bound.
type Ranges = Vec<(u64, u64)>;

/// What a reader knows a shown part can be.
fn readable(s: Shown, min_cell: u64) -> Ranges {
    match s {
        Shown::Count(n) => vec![(n, n)],
        Shown::Small => vec![(1, min_cell - 1)],
        Shown::Withheld => vec![(0, 0), (min_cell, u64::MAX)],
        Shown::Rounded(r) => vec![rounded_range(r, min_cell)],
    }
}

/// The counts a value rounded to `r` can be: half a step of `min_cell` either way, and never
/// small (a small count reads "<min_cell", not a rounded one).
pub(super) fn rounded_range(r: u64, min_cell: u64) -> (u64, u64) {
    (
        r.saturating_sub(min_cell / 2).max(min_cell),
        r + (min_cell - 1) / 2,
    )
}

/// The counts two parts can add up to.
fn sum_ranges(a: &Ranges, b: &Ranges) -> Ranges {
    let mut out: Ranges = Vec::new();
    for &(a0, a1) in a {
        for &(b0, b1) in b {
            out.push((a0.saturating_add(b0), a1.saturating_add(b1)));
        }
    }
    out.sort_unstable();
    let mut merged: Ranges = Vec::new();
    for (lo, hi) in out {
        match merged.last_mut() {
            Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
            _ => merged.push((lo, hi)),
        }
    }
    merged
}

/// Whether, with the parts shown so and their total known, every small part could be each of
/// 1..`min_cell − 1`.
fn protects(shown: &[Shown], total: u64, min_cell: u64) -> bool {
    (0..shown.len())
        .filter(|&i| shown[i] == Shown::Small)
        .all(|i| {
            let rest = (0..shown.len())
                .filter(|&j| j != i)
                .fold(vec![(0, 0)], |acc, j| {
                    sum_ranges(&acc, &readable(shown[j], min_cell))
                });
            (1..min_cell).all(|v| {
                v <= total
                    && rest
                        .iter()
                        .any(|&(lo, hi)| (lo..=hi).contains(&(total - v)))
            })
        })
}

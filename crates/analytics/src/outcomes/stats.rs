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

/// A count of persons as a published table may show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Count(u64),
    /// 1 to `min_cell − 1` persons: shown as "<min_cell".
    Small,
    /// A count of any size, zero included, withheld so that a small one beside it cannot be
    /// worked out.
    Withheld,
}

impl Shown {
    /// The count when it is shown.
    pub fn count(self) -> Option<u64> {
        match self {
            Shown::Count(n) => Some(n),
            _ => None,
        }
    }

    /// As a public file writes it: the count, `<min_cell`, or `x` for a withheld count.
    pub fn public(self, min_cell: u64) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            Shown::Small => format!("<{min_cell}"),
            Shown::Withheld => "x".into(),
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
    let small = |n: u64| n > 0 && n < min_cell;
    let mut shown = parts.map(|n| {
        if small(n) {
            Shown::Small
        } else {
            Shown::Count(n)
        }
    });
    if !parts.iter().any(|&n| small(n)) {
        return shown;
    }
    let others: Vec<usize> = (0..N).filter(|&i| !small(parts[i])).collect();
    let mut best: Option<(u64, usize, usize)> = None; // (persons withheld, cells, subset mask)
    for mask in 0..(1usize << others.len()) {
        let withheld: Vec<usize> = others
            .iter()
            .enumerate()
            .filter(|(b, _)| mask & (1 << b) != 0)
            .map(|(_, &i)| i)
            .collect();
        if !protects(&parts, &withheld, min_cell) {
            continue;
        }
        let cost = (
            withheld.iter().map(|&i| parts[i]).sum::<u64>(),
            withheld.len(),
            mask,
        );
        if best.is_none_or(|b| (cost.0, cost.1) < (b.0, b.1)) {
            best = Some(cost);
        }
    }
    let Some((_, _, mask)) = best else {
        return [Shown::Withheld; N];
    };
    for (b, &i) in others.iter().enumerate() {
        if mask & (1 << b) != 0 {
            shown[i] = Shown::Withheld;
        }
    }
    shown
}

/// Whether, with the small parts and `withheld` hidden and the total known, every small part
/// could be each of 1..`min_cell − 1`.
fn protects(parts: &[u64], withheld: &[usize], min_cell: u64) -> bool {
    let small: Vec<usize> = (0..parts.len())
        .filter(|&i| parts[i] > 0 && parts[i] < min_cell)
        .collect();
    let hidden_total: u64 = small.iter().chain(withheld).map(|&i| parts[i]).sum();
    // Could the other hidden cells (`n_small` small ones, `n_withheld` withheld ones) add up
    // to `rest`?
    let reachable = |rest: u64, n_small: u64, n_withheld: u64| {
        (n_small..=n_small * (min_cell - 1)).any(|s| {
            s <= rest && {
                let w = rest - s;
                w == 0 || (n_withheld > 0 && w >= min_cell)
            }
        })
    };
    let n_small = small.len() as u64 - 1;
    let n_withheld = withheld.len() as u64;
    (1..min_cell).all(|v| v <= hidden_total && reachable(hidden_total - v, n_small, n_withheld))
}

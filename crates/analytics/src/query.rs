//! Query kernels over a `Snapshot`: the sums the gap and trend features are made of.
//!
//! Owns the semantics of region ranges (dense regency indices, half-open; a province is a range,
//! see `regions::index_range`), month windows (half-open month indices) and growth rankings.
//! Every kernel answers exactly what the equivalent SQL `GROUP BY` would, including groups
//! whose sum is zero: a group exists when at least one counted vacancy falls in it.
//! Turning codes into names, and results into pages or files, is the caller's job.

use std::cmp::Ordering;
use std::ops::Range;

use crate::snapshot::{MAX_MONTHS, Snapshot};

/// (region index, ISCO value, month index, positions) for one non-empty group.
pub type CellPositions = (u16, u16, u8, i64);

/// (ISCO value, month index, positions) for one non-empty group of a roll-up over regions.
pub type OccupationMonth = (u16, u8, i64);

/// Occupations ranked by growth of positions between two month windows, over a region range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrowthQuery {
    pub regions: Range<u16>,
    pub current: Range<u16>,
    pub previous: Range<u16>,
    /// Occupations with fewer positions than this in the previous window are not ranked, because
    /// tiny bases dominate any growth ranking. Values below 1 count as 1: growth from zero has no
    /// rate.
    pub min_previous: i64,
    pub limit: usize,
}

impl GrowthQuery {
    /// The last twelve months before `end` (exclusive) against the twelve before them.
    pub fn year_on_year(regions: Range<u16>, end: u16, min_previous: i64, limit: usize) -> Self {
        GrowthQuery {
            regions,
            current: end.saturating_sub(12)..end,
            previous: end.saturating_sub(24)..end.saturating_sub(12),
            min_previous,
            limit,
        }
    }
}

/// One ranked occupation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Growth {
    /// ISCO value.
    pub isco: u16,
    pub current: i64,
    pub previous: i64,
}

impl Growth {
    /// (current − previous) / previous.
    pub fn rate(&self) -> f64 {
        (self.current - self.previous) as f64 / self.previous as f64
    }
}

/// Highest growth first, ties by ISCO value ascending. Rates are compared exactly by
/// cross-multiplication (both bases are positive), so equal fractions such as 20/10 and 40/20
/// tie however floating point would round them.
fn by_growth_then_isco(a: &Growth, b: &Growth) -> Ordering {
    let lhs = (i128::from(a.current) - i128::from(a.previous)) * i128::from(b.previous);
    let rhs = (i128::from(b.current) - i128::from(b.previous)) * i128::from(a.previous);
    rhs.cmp(&lhs).then(a.isco.cmp(&b.isco))
}

/// A month window clamped to what a `u8` month index can hold.
fn window(months: &Range<u16>) -> Range<usize> {
    let end = usize::from(months.end).min(MAX_MONTHS);
    usize::from(months.start).min(end)..end
}

impl Snapshot {
    /// Positions per non-empty (region, occupation, month) group, for the regions in `regions`
    /// and months in `months`, ascending by (region, ISCO value, month).
    ///
    /// Reads the pre-aggregated cells of the region range only; the cost is one pass over those
    /// cells plus writing the output.
    pub fn positions_by_cell(&self, regions: Range<u16>, months: Range<u16>) -> Vec<CellPositions> {
        let range = self.cell_range(regions);
        let w = window(&months);
        let c = &self.cells;
        let month = &c.month[range.clone()];
        let all_months = w.start == 0 && w.end >= self.n_months;
        // Counting first lets the output be allocated exactly once at its final size.
        let n_out = if all_months {
            month.len()
        } else {
            month
                .iter()
                .filter(|&&m| w.contains(&usize::from(m)))
                .count()
        };
        let mut out = Vec::with_capacity(n_out);
        let cells = c.region[range.clone()]
            .iter()
            .zip(&c.occ[range.clone()])
            .zip(month)
            .zip(&c.positions[range]);
        for (((&r, &o), &m), &p) in cells {
            if w.contains(&usize::from(m)) {
                out.push((r, self.occupations[usize::from(o)], m, p));
            }
        }
        out
    }

    /// The same answer as `positions_by_cell`, computed from the row columns without the
    /// pre-aggregated sums: one streaming pass over the clustered rows of the region range,
    /// closing a group whenever (region, occupation, month) changes. Used to check the cells,
    /// and as the template for kernels that filter on row values (salary bands, say).
    pub fn positions_by_cell_from_rows(
        &self,
        regions: Range<u16>,
        months: Range<u16>,
    ) -> Vec<CellPositions> {
        let range = self.row_range(regions);
        let w = window(&months);
        let r = self.rows();
        let rows = r.region()[range.clone()]
            .iter()
            .zip(&r.isco()[range.clone()])
            .zip(&r.month()[range.clone()])
            .zip(&r.positions()[range]);
        let mut out = Vec::new();
        let mut current: Option<CellPositions> = None;
        for (((&reg, &isco), &m), &p) in rows {
            if !w.contains(&usize::from(m)) {
                continue;
            }
            match &mut current {
                Some(g) if g.0 == reg && g.1 == isco && g.2 == m => g.3 += i64::from(p),
                _ => {
                    if let Some(g) = current.take() {
                        out.push(g);
                    }
                    current = Some((reg, isco, m, i64::from(p)));
                }
            }
        }
        out.extend(current);
        out
    }

    /// Positions per non-empty (occupation, month) group summed over the regions in `regions`:
    /// the province or national roll-up of `positions_by_cell`. Ascending by (ISCO value, month).
    pub fn positions_by_occupation_month(
        &self,
        regions: Range<u16>,
        months: Range<u16>,
    ) -> Vec<OccupationMonth> {
        let range = self.cell_range(regions);
        let w = window(&months);
        let n_months = self.n_months;
        let c = &self.cells;
        let mut sum = vec![0i64; self.occupations.len() * n_months];
        let mut present = vec![false; sum.len()];
        let cells = c.occ[range.clone()]
            .iter()
            .zip(&c.month[range.clone()])
            .zip(&c.positions[range]);
        for ((&o, &m), &p) in cells {
            if w.contains(&usize::from(m)) {
                let k = usize::from(o) * n_months + usize::from(m);
                sum[k] += p;
                present[k] = true;
            }
        }
        let mut out = Vec::new();
        for (k, (&s, &here)) in sum.iter().zip(&present).enumerate() {
            if here {
                // k / n_months is an occupation index and k % n_months a month below 256.
                out.push((self.occupations[k / n_months], (k % n_months) as u8, s));
            }
        }
        out
    }

    /// Occupations ranked by growth between `q.previous` and `q.current` over `q.regions`:
    /// highest growth first, ties by ISCO value ascending, at most `q.limit` of them, only those
    /// with at least `q.min_previous` positions (and never fewer than 1) in the previous window.
    pub fn occupation_growth(&self, q: &GrowthQuery) -> Vec<Growth> {
        let range = self.cell_range(q.regions.clone());
        let cur_w = window(&q.current);
        let prev_w = window(&q.previous);
        let c = &self.cells;
        let n_occ = self.occupations.len();
        let mut cur = vec![0i64; n_occ];
        let mut prev = vec![0i64; n_occ];
        let cells = c.occ[range.clone()]
            .iter()
            .zip(&c.month[range.clone()])
            .zip(&c.positions[range]);
        for ((&o, &m), &p) in cells {
            let m = usize::from(m);
            // The windows may overlap; a cell counts in each window it lies in.
            if cur_w.contains(&m) {
                cur[usize::from(o)] += p;
            }
            if prev_w.contains(&m) {
                prev[usize::from(o)] += p;
            }
        }
        let floor = q.min_previous.max(1);
        let mut ranked: Vec<Growth> = self
            .occupations
            .iter()
            .zip(cur.iter().zip(&prev))
            .filter(|(_, (_, p))| **p >= floor)
            .map(|(&isco, (&current, &previous))| Growth {
                isco,
                current,
                previous,
            })
            .collect();
        if q.limit < ranked.len() {
            // Only the first `limit` need ordering; partition around the cut first.
            ranked.select_nth_unstable_by(q.limit, by_growth_then_isco);
            ranked.truncate(q.limit);
        }
        ranked.sort_unstable_by(by_growth_then_isco);
        ranked
    }
}

#[cfg(test)]
mod tests;

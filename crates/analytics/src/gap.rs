//! The gap cube: demand against supply per region × occupation over a month window, with the
//! gap index, the thin-evidence flag, the coverage note and the ranking.
//!
//! Owns the definitions below and the roll-ups; the inputs and the supply rules live in
//! `market`, the labour force in `labour`. Names and layout of tables are the caller's job.
//!
//! # Definitions
//!
//! For a region r, an occupation o (an ISCO group at the chosen level) and a window W:
//!
//! - **Demand** D = Σ positions of the unique vacancies (first of their duplicate cluster)
//!   posted in W in r for an ISCO unit inside o.
//! - **Supply** S = active job seekers registered in W + graduates of cohorts ending in W +
//!   enrolled trainees whose cohort ends in W or up to `pipeline_months` after it (see `market`
//!   for who counts and how persons are split across occupations).
//! - **Published supply** S′: a count of persons that adds up across tables, so it is
//!   published (and so are its parts) as "<5" from 0 up to 4 whole persons, otherwise rounded
//!   to the nearest multiple of [`MIN_CELL`].
//!   The index and the ratio below are computed from S′, never from S: with the exact demand
//!   beside it, an index from the exact supply gives the supply back, and a regency's supply is
//!   its province's minus its neighbours', so one exact index undoes "<5" cells of other
//!   tables (`tools/gap_disclosure_attack.py` worked out 6,915 of the demo's "<5" cells that
//!   way). For S′ "<5" the figures use its bound, [`MIN_CELL`] − ½, and are published as
//!   bounds ([`GapCell::public`]).
//! - **Gap index** G = (D − S′) / (D + S′), in [−1, 1]: +1 only demand, −1 only supply, 0
//!   balance. It is symmetric and bounded, so cells of very different sizes can be ranked
//!   together. A cell exists only when D + S > 0, so G is always defined.
//! - **Seekers per position** S′ / D (pencari kerja per lowongan), for display; none when D = 0.
//! - **Thin evidence**: D + S′ < `thin_below` (default 10), S′ "<5" counting as 0. Such a cell is reported with its
//!   numbers but not ranked: with a handful of persons one ad more or less swings G from end to
//!   end.
//! - **Coverage note**, per province: its share of the nation's unique vacancies in W against its
//!   share of the labour force (`labour`). When the ratio is below `coverage_below` (default
//!   0.5), online ads under-represent the province and its demand (hence G) is understated;
//!   its cells carry the flag. The shares are always national, whatever region was asked for,
//!   so the inputs must hold the whole country for the note to mean anything.
//!
//! Roll-ups are computed from the finest grain (regency × ISCO unit) by summing D and the
//! supply components, so a province or group is exactly the sum of its parts; S′, G and S′/D
//! are then computed from the sums, never averaged.
//!
//! A published table (`GapQuery::published`, the default) leaves out cells without demand
//! whose supply is "<5": that such a cell exists would say its supply is not zero.
//!
//! **Ranking**: G (from S′, as published, so that the order tells nothing finer) descending among cells that are not thin, ties by D descending, then ISCO
//! code, then region code ascending. Thin cells follow, in the same order, without a rank.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ops::Range;

use domain::{IscoCode, RegionCode};

use crate::labour::{self, TpakSource};
use crate::market::{GapInputs, MonthWindow, Supply};
use crate::outcomes::{MIN_CELL, Shown};
use crate::regions;
use crate::snapshot::Snapshot;

/// The grain of the region axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionLevel {
    Regency,
    Province,
    Nation,
}

/// A region of the output: the nation or a Kemendagri province or regency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    Nation,
    Region(RegionCode),
}

impl Area {
    pub fn code(&self) -> String {
        match self {
            Area::Nation => "00".to_string(),
            Area::Region(r) => r.to_string(),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Area::Nation => "Indonesia",
            Area::Region(r) => r.name(),
        }
    }
}

/// What to compute. `GapQuery::new` gives the defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct GapQuery {
    /// Only this province or regency; `None` for the nation.
    pub region: Option<RegionCode>,
    pub by: RegionLevel,
    /// Only occupations inside this ISCO group.
    pub isco: Option<IscoCode>,
    /// ISCO digits of the output, 1 to 4 (never coarser than `isco`'s own level).
    pub level: u8,
    pub window: MonthWindow,
    pub thin_below: f64,
    pub coverage_below: f64,
    /// Enrolled trainees whose cohort ends this many months after the window still count.
    pub pipeline_months: u32,
    /// For a published table: a cell without demand whose supply is "<5" is left out. Its
    /// being there would tell a reader its supply is not zero, which "<5" does not; it holds
    /// nothing else. Off, every cell of the cube is kept (planning reads the published table
    /// and so leaves it on).
    pub published: bool,
}

impl GapQuery {
    pub const DEFAULT_THIN_BELOW: f64 = 10.0;
    pub const DEFAULT_COVERAGE_BELOW: f64 = 0.5;
    pub const DEFAULT_PIPELINE_MONTHS: u32 = 6;

    /// Every province × ISCO unit over `window`, with the default thresholds.
    pub fn new(window: MonthWindow) -> GapQuery {
        GapQuery {
            region: None,
            by: RegionLevel::Province,
            isco: None,
            level: 4,
            window,
            thin_below: Self::DEFAULT_THIN_BELOW,
            coverage_below: Self::DEFAULT_COVERAGE_BELOW,
            pipeline_months: Self::DEFAULT_PIPELINE_MONTHS,
            published: true,
        }
    }

    fn effective_level(&self) -> u8 {
        self.level
            .clamp(1, 4)
            .max(self.isco.map_or(1, IscoCode::level))
    }
}

/// One cell of the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct GapCell {
    pub area: Area,
    pub isco: IscoCode,
    /// Positions of unique vacancies.
    pub demand: i64,
    /// Unique vacancies.
    pub vacancies: u64,
    pub supply: Supply,
    /// 1-based rank; `None` for thin cells.
    pub rank: Option<u32>,
    pub thin: bool,
    /// The cell's province has a coverage note.
    pub low_coverage: bool,
}

impl GapCell {
    /// The exact (fractional) supply: a model quantity, for computation, never for a table.
    pub fn supply_total(&self) -> f64 {
        self.supply.total()
    }

    /// The supply as published (S′ in the module docs): "<5" (0 to 4 whole persons) or
    /// rounded to the nearest multiple of [`MIN_CELL`].
    pub fn published_supply(&self) -> Shown {
        published(self.supply.total())
    }

    /// S′ as a number for the index and the ratio: the published value, or for "<5" its
    /// bound [`MIN_CELL`] − ½.
    fn supply_for_figures(&self) -> f64 {
        match self.published_supply() {
            Shown::Count(n) | Shown::Rounded(n) => n as f64,
            Shown::Small | Shown::Withheld => MIN_CELL as f64 - 0.5,
        }
    }

    /// (D − S′) / (D + S′), in [−1, 1]; for a supply under [`MIN_CELL`], the bound the table
    /// publishes (the true index is above it).
    pub fn gap_index(&self) -> f64 {
        let d = self.demand as f64;
        let s = self.supply_for_figures();
        if d + s > 0.0 { (d - s) / (d + s) } else { 0.0 }
    }

    /// S′ / D, job seekers (and graduates) per vacant position; `None` without demand. For a
    /// supply under [`MIN_CELL`], the bound the table publishes (the true ratio is below it).
    pub fn seekers_per_position(&self) -> Option<f64> {
        (self.demand > 0).then(|| self.supply_for_figures() / self.demand as f64)
    }

    /// D + S′, what the thin-evidence flag compares with its threshold; a supply under
    /// [`MIN_CELL`] counts as its least, none, so that such a cell is ranked only when its
    /// demand alone makes the evidence.
    fn evidence(&self) -> f64 {
        let s = match self.published_supply() {
            Shown::Count(n) | Shown::Rounded(n) => n as f64,
            Shown::Small | Shown::Withheld => 0.0,
        };
        self.demand as f64 + s
    }

    /// The cell as a published table shows it. The supply and its parts are "<5" (0 to 4) or
    /// rounded to multiples of [`MIN_CELL`], and the ratio and the index are those of the
    /// rounded supply, so together with the exact demand they tell a reader nothing finer.
    /// Where the supply is under [`MIN_CELL`], the ratio and the index are published as
    /// bounds (S/D below (`MIN_CELL` − ½)/D, G above its value at that supply).
    ///
    /// Within the row a reader knows the total and each rounded part only to an interval
    /// ([`shown_interval`]): "~5" is 4½ to 7½, since anything less is "<5". Where the total's
    /// top less the rounded parts' floors would hold a "<5" part under 4½ (a "~5" total with a
    /// "~5" part leaves the others under 3), the rounded parts are withheld ("x").
    pub fn public(&self) -> PublicGap {
        let supply = self.published_supply();
        let parts = [
            self.supply.seekers,
            self.supply.graduates,
            self.supply.expected,
        ];
        let mut parts = parts.map(published);
        if let (_, Some(top)) = shown_interval(supply) {
            let floors: f64 = parts.iter().map(|&p| shown_interval(p).0).sum();
            let narrowed = parts.iter().any(|&p| {
                p == Shown::Small && top - (floors - shown_interval(p).0) < MIN_CELL as f64 - 0.5
            });
            if narrowed {
                for p in &mut parts {
                    if matches!(p, Shown::Rounded(_)) {
                        *p = Shown::Withheld;
                    }
                }
            }
        }
        let small = supply == Shown::Small;
        let ratio = self.seekers_per_position();
        let index = Some(self.gap_index());
        PublicGap {
            parts,
            supply,
            seekers_per_position: if small {
                Bounded::Below(ratio)
            } else {
                Bounded::Exact(ratio)
            },
            gap_index: if small {
                Bounded::Above(index)
            } else {
                Bounded::Exact(index)
            },
        }
    }
}

/// A fractional count of persons (a supply or a part of one) as the gap tables publish it:
/// "<5" from 0 up to 4 whole persons, otherwise rounded to the nearest multiple of
/// [`MIN_CELL`]. Zero is not told apart from 1 to 4: a "<5" that meant at least one person
/// would put a floor under a sum of many, and a province's rounded total minus a floor for
/// each of its regencies' "<5" cells worked some of them out as exactly 1.
fn published(s: f64) -> Shown {
    let m = MIN_CELL as f64;
    // A supply is a sum of non-negative shares; anything else is no count to show.
    if !s.is_finite() || s.round() < m {
        Shown::Small
    } else {
        // s ≥ MIN_CELL − ½ here, so the multiple is at least MIN_CELL.
        Shown::Rounded(((s / m).round() * m) as u64)
    }
}

/// What a gap cell published as "<5" (0 to 4 persons) counts for where published supplies are
/// added up (a BLK's catchment, a province's ratio on the map): the middle of the whole counts
/// it stands for.
pub const SMALL_SUPPLY_STAND_IN: f64 = 2.0;

impl GapCell {
    /// The published supply as a number to add up: the rounded count, or
    /// [`SMALL_SUPPLY_STAND_IN`] for "<5".
    pub fn published_supply_value(&self) -> f64 {
        match self.published_supply() {
            Shown::Count(n) | Shown::Rounded(n) => n as f64,
            Shown::Small | Shown::Withheld => SMALL_SUPPLY_STAND_IN,
        }
    }
}

/// What a reader knows of a count published by [`published`]: from (inclusive) and below
/// (exclusive; `None` for no bound).
fn shown_interval(s: Shown) -> (f64, Option<f64>) {
    let m = MIN_CELL as f64;
    match s {
        Shown::Small => (0.0, Some(m - 0.5)),
        Shown::Rounded(n) => ((n as f64 - m / 2.0).max(m - 0.5), Some(n as f64 + m / 2.0)),
        Shown::Count(n) => (n as f64, Some(n as f64 + 0.5)),
        Shown::Withheld => (0.0, None),
    }
}

/// A figure published exactly, or only as a bound because its exact value would give away a
/// count of persons under the threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bounded {
    Exact(Option<f64>),
    /// Below this value.
    Below(Option<f64>),
    /// Above this value.
    Above(Option<f64>),
}

impl Bounded {
    /// The exact value, when published.
    pub fn exact(self) -> Option<f64> {
        match self {
            Bounded::Exact(v) => v,
            _ => None,
        }
    }
}

/// A gap cell's supply and ratios as published ([`GapCell::public`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PublicGap {
    /// Job seekers, graduates, due to graduate.
    pub parts: [Shown; 3],
    pub supply: Shown,
    pub seekers_per_position: Bounded,
    pub gap_index: Bounded,
}

/// A province whose share of vacancies is far below its share of the labour force.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageNote {
    pub province: RegionCode,
    pub vacancies: u64,
    pub vacancy_share: f64,
    pub labour_force: f64,
    pub labour_share: f64,
    /// vacancy_share ÷ labour_share.
    pub ratio: f64,
    pub tpak_source: TpakSource,
}

impl CoverageNote {
    /// One sentence for a report.
    pub fn text(&self) -> String {
        let mut s = format!(
            "{} ({}): {:.2} % of the vacancies but {:.2} % of the labour force ({:.2}×); online ads under-represent this province, so its demand is understated",
            self.province.name(),
            self.province,
            100.0 * self.vacancy_share,
            100.0 * self.labour_share,
            self.ratio
        );
        match self.tpak_source {
            TpakSource::Sakernas2022 => {}
            TpakSource::Parent(p) => s.push_str(&format!(
                " (no Sakernas figure for this province yet: its labour force uses the 2022 participation rate of {}, the province it was split from)",
                p.name()
            )),
            TpakSource::NationalMean => s.push_str(
                " (no Sakernas figure for this province: its labour force uses the national mean participation rate)",
            ),
        }
        s
    }
}

/// The answer: ranked cells and the coverage notes of the provinces asked about.
#[derive(Debug, Clone, PartialEq)]
pub struct GapTable {
    pub query: GapQuery,
    pub cells: Vec<GapCell>,
    pub coverage: Vec<CoverageNote>,
}

/// Demand of one (regency, ISCO unit) over a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellDemand {
    pub region: u16,
    pub isco: u16,
    pub positions: i64,
    pub vacancies: u64,
}

impl Snapshot {
    /// Positions and vacancy counts per non-empty (region, occupation) over the months in
    /// `months`, ascending by (region, ISCO value). Reads the pre-aggregated cells; a cell's
    /// vacancy count is its row count.
    pub fn demand_by_region_occupation(
        &self,
        regions: Range<u16>,
        months: Range<u16>,
    ) -> Vec<CellDemand> {
        let range = self.cell_range(regions);
        let c = &self.cells;
        let mut out: Vec<CellDemand> = Vec::new();
        for i in range {
            if !months.contains(&u16::from(c.month[i])) {
                continue;
            }
            let region = c.region[i];
            let isco = self.occupations[usize::from(c.occ[i])];
            let vacancies = u64::from(c.first_row[i + 1] - c.first_row[i]);
            // Cells are sorted by (region, occupation, month), so one group is a run.
            match out.last_mut() {
                Some(last) if last.region == region && last.isco == isco => {
                    last.positions += c.positions[i];
                    last.vacancies += vacancies;
                }
                _ => out.push(CellDemand {
                    region,
                    isco,
                    positions: c.positions[i],
                    vacancies,
                }),
            }
        }
        out
    }
}

/// Totals of one output cell while summing.
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    demand: i64,
    vacancies: u64,
    supply: Supply,
}

fn by_rank(a: &GapCell, b: &GapCell) -> Ordering {
    a.thin
        .cmp(&b.thin)
        .then_with(|| b.gap_index().total_cmp(&a.gap_index()))
        .then_with(|| b.demand.cmp(&a.demand))
        .then_with(|| a.isco.cmp(&b.isco))
        .then_with(|| a.area.cmp(&b.area))
}

impl GapInputs {
    /// The snapshot's month indices covering `window` (empty when they do not meet).
    fn demand_month_range(&self, window: &MonthWindow) -> Range<u16> {
        let (Some(base), n) = (self.demand.base(), self.demand.n_months()) else {
            return 0..0;
        };
        let n = i32::try_from(n).unwrap_or(0);
        let lo = (window.first.index() - base.index()).clamp(0, n);
        let hi = (window.last.index() + 1 - base.index()).clamp(lo, n);
        // Both are within 0..=n, and n is at most 256.
        lo as u16..hi as u16
    }

    /// Unique vacancies per province over `window`, nationally: the numerator of the coverage
    /// note. Indexed like `labour::provinces()`.
    fn vacancies_by_province(&self, window: &MonthWindow) -> Vec<u64> {
        let provinces = labour::provinces();
        let mut out = vec![0u64; provinces.len()];
        let months = self.demand_month_range(window);
        for d in self
            .demand
            .demand_by_region_occupation(regions::all(), months)
        {
            let Some(p) = regions::regency_code(d.region).map(|r| r.province()) else {
                continue;
            };
            if let Some(i) = provinces.iter().position(|l| l.province == p) {
                out[i] += d.vacancies;
            }
        }
        out
    }

    /// Provinces whose share of vacancies in `window` is below `below` × their share of the
    /// labour force, in code order; none when the window holds no vacancy at all.
    pub fn coverage_notes(&self, window: &MonthWindow, below: f64) -> Vec<CoverageNote> {
        let provinces = labour::provinces();
        let counts = self.vacancies_by_province(window);
        let total_v: u64 = counts.iter().sum();
        let total_lf: f64 = provinces.iter().map(|p| p.labour_force).sum();
        if total_v == 0 || total_lf <= 0.0 {
            return Vec::new();
        }
        provinces
            .iter()
            .zip(&counts)
            .filter_map(|(p, &v)| {
                let vacancy_share = v as f64 / total_v as f64;
                let labour_share = p.labour_force / total_lf;
                let ratio = vacancy_share / labour_share;
                (ratio < below).then_some(CoverageNote {
                    province: p.province,
                    vacancies: v,
                    vacancy_share,
                    labour_force: p.labour_force,
                    labour_share,
                    ratio,
                    tpak_source: p.tpak_source,
                })
            })
            .collect()
    }

    /// Computes the gap table for `q` (see the module docs for every definition).
    pub fn gap(&self, q: &GapQuery) -> GapTable {
        let region_range = q.region.map_or_else(regions::all, regions::index_range);
        let level = q.effective_level();
        let divisor = 10u16.pow(u32::from(4 - level));
        let inside = |unit: u16| {
            q.isco
                .is_none_or(|g| unit / 10u16.pow(u32::from(4 - g.level())) == g.as_u16())
        };
        let area_of = |region: u16| -> Option<Area> {
            let code = regions::regency_code(region)?;
            let area = match q.by {
                RegionLevel::Regency => Area::Region(code),
                RegionLevel::Province => Area::Region(code.province()),
                RegionLevel::Nation => Area::Nation,
            };
            // A grain coarser than the region asked for would sum only that region but carry a
            // larger region's name; the region asked for is the right label.
            Some(match (area, q.region) {
                (Area::Nation, Some(f)) => Area::Region(f),
                (Area::Region(a), Some(f)) if a.is_province() && f.is_regency() => Area::Region(f),
                _ => area,
            })
        };

        let mut acc: HashMap<(Area, u16), Acc> = HashMap::new();
        let months = self.demand_month_range(&q.window);
        for d in self
            .demand
            .demand_by_region_occupation(region_range.clone(), months)
        {
            if !inside(d.isco) {
                continue;
            }
            let Some(area) = area_of(d.region) else {
                continue;
            };
            let a = acc.entry((area, d.isco / divisor)).or_default();
            a.demand += d.positions;
            a.vacancies += d.vacancies;
        }
        let flow = q.window.indices();
        let pipeline_end = flow.end + i32::try_from(q.pipeline_months).unwrap_or(0);
        for c in self.supply_cells(region_range) {
            if !inside(c.isco) {
                continue;
            }
            let in_flow = flow.contains(&c.month);
            let in_pipeline = (flow.start..pipeline_end).contains(&c.month);
            if !in_flow && !in_pipeline {
                continue;
            }
            let Some(area) = area_of(c.region) else {
                continue;
            };
            let part = Supply {
                seekers: if in_flow { c.supply.seekers } else { 0.0 },
                graduates: if in_flow { c.supply.graduates } else { 0.0 },
                expected: if in_pipeline { c.supply.expected } else { 0.0 },
            };
            if part.total() > 0.0 {
                acc.entry((area, c.isco / divisor))
                    .or_default()
                    .supply
                    .add(&part);
            }
        }

        let all_notes = self.coverage_notes(&q.window, q.coverage_below);
        let flagged = |area: &Area| match area {
            Area::Nation => false,
            Area::Region(r) => all_notes.iter().any(|n| n.province == r.province()),
        };
        let mut cells: Vec<GapCell> = acc
            .into_iter()
            .filter_map(|((area, group), a)| {
                // Every unit group's ancestors exist in ISCO-08, so this only fails for a
                // value the snapshot could not have been built with.
                let isco = IscoCode::parse(&format!("{group:0w$}", w = usize::from(level))).ok()?;
                Some(GapCell {
                    area,
                    isco,
                    demand: a.demand,
                    vacancies: a.vacancies,
                    supply: a.supply,
                    rank: None,
                    thin: false,
                    low_coverage: flagged(&area),
                })
            })
            .filter(|c| c.demand > 0 || c.supply.total() > 0.0)
            .filter(|c| !q.published || c.demand > 0 || c.published_supply() != Shown::Small)
            .collect();
        for c in &mut cells {
            c.thin = c.evidence() < q.thin_below;
        }
        cells.sort_by(by_rank);
        // Thin cells sort last, so the ranked ones are a prefix.
        for (rank, c) in (1u32..).zip(cells.iter_mut().filter(|c| !c.thin)) {
            c.rank = Some(rank);
        }
        let coverage = all_notes
            .into_iter()
            .filter(|n| q.region.is_none_or(|r| r.province() == n.province))
            .collect();
        GapTable {
            query: q.clone(),
            cells,
            coverage,
        }
    }
}

#[cfg(test)]
mod tests;

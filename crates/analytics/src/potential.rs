//! Regional potential: location quotients, sector growth, leading sectors (sektor unggulan) by
//! the Klassen typology, and the occupation demand that sector growth implies.
//!
//! Owns the arithmetic over GRDP (and employment) by region × year × KBLI category, handed over
//! as [`IndicatorFact`]s, and the KBLI → ISCO bridge (`data/kbli_isco_bridge.csv`). It reads
//! nothing itself: `store` streams the facts, the CLI prints the table.
//!
//! # Areas
//!
//! A regency's figures are its own rows. A province's are its own rows when the province has
//! any for that year (the official provincial GRDP, which need not equal the sum of its
//! regencies), otherwise the sum of its regencies' rows. The nation is the sum of its provinces
//! so defined. A category without a row counts as zero.
//!
//! # Formulas
//!
//! With `e` the region's GRDP, `E` the reference area's (the nation, or the region's province),
//! `c` a category and `t` the last year:
//! - share `s_c = e_c / Σ e`, reference share `S_c = E_c / Σ E`;
//! - location quotient `LQ_c = s_c / S_c`: above 1 the region is more specialised in `c` than
//!   the reference area (undefined where `S_c` is 0);
//! - growth `g_c` = compound annual growth of `e_c` between the first and the last year
//!   (`(e_c,t / e_c,t0)^(1/(t − t0)) − 1`; undefined when `e_c,t0` is 0), and `G_c` the same for
//!   the reference area.
//!
//! # Klassen typology (tipologi Klassen sektoral)
//!
//! | class | rule | name |
//! |---|---|---|
//! | I | LQ > 1 and g > G | prima: specialised and growing faster — a leading sector |
//! | II | LQ > 1 and g ≤ G | potensial: specialised, but growing no faster than elsewhere |
//! | III | LQ ≤ 1 and g > G | berkembang: not (yet) specialised, growing faster |
//! | IV | LQ ≤ 1 and g ≤ G | tertinggal: neither |
//!
//! A sector is leading (sektor unggulan) when it is class I. Ties go to the lower class:
//! being exactly as specialised or as fast as the reference is not an advantage. A sector
//! without an LQ or a growth rate has no class.
//!
//! # Expected occupation demand
//!
//! Employment by sector is the reported figure where there is one; otherwise it is estimated as
//! GRDP ÷ the reference area's labour productivity in that sector and year (GRDP per worker
//! over the units that report employment), and marked as estimated. The expected yearly change
//! of a sector's employment is its average yearly change over the window (`(E_t − E_t0) /
//! (t − t0)`), assumed to continue. Spread over occupations by the bridge weights, and summed
//! over sectors, it gives the net expected additional workers per ISCO unit per year.
//! It is expansion demand only: replacement of workers who retire or leave is not included, so
//! it understates hiring in large, slow-growing occupations.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use domain::{IscoCode, KbliCategory, RegionCode};

use crate::AnalyticsError;

const N: usize = KbliCategory::COUNT;

/// GRDP (and employment, when known) of one region, year and category.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndicatorFact {
    /// A province or a regency/city.
    pub region: RegionCode,
    pub year: u16,
    pub category: KbliCategory,
    /// GRDP at constant prices, billion Rupiah.
    pub grdp: f64,
    pub employment: Option<u64>,
}

/// The area a region is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceArea {
    Nation,
    /// The province the region lies in (for a regency only).
    Province,
}

/// The Klassen class of a sector; see the module docs for the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Klassen {
    Prima,
    Potential,
    Developing,
    Lagging,
}

impl Klassen {
    /// Classifies a sector; ties go to the lower class.
    pub fn of(lq: f64, growth: f64, reference_growth: f64) -> Klassen {
        match (lq > 1.0, growth > reference_growth) {
            (true, true) => Klassen::Prima,
            (true, false) => Klassen::Potential,
            (false, true) => Klassen::Developing,
            (false, false) => Klassen::Lagging,
        }
    }

    /// The roman numeral of the quadrant.
    pub fn numeral(self) -> &'static str {
        match self {
            Klassen::Prima => "I",
            Klassen::Potential => "II",
            Klassen::Developing => "III",
            Klassen::Lagging => "IV",
        }
    }

    /// The Indonesian name used in regional planning documents.
    pub fn label_id(self) -> &'static str {
        match self {
            Klassen::Prima => "prima",
            Klassen::Potential => "potensial",
            Klassen::Developing => "berkembang",
            Klassen::Lagging => "tertinggal",
        }
    }
}

impl fmt::Display for Klassen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.numeral(), self.label_id())
    }
}

/// What the potential of one region is asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PotentialQuery {
    /// A regency/city or a province.
    pub region: RegionCode,
    pub reference: ReferenceArea,
    /// The last year of the window (default: the region's latest year).
    pub year: Option<u16>,
    /// The first year of the window (default: the region's earliest year).
    pub from_year: Option<u16>,
}

impl PotentialQuery {
    pub fn new(region: RegionCode) -> PotentialQuery {
        PotentialQuery {
            region,
            reference: ReferenceArea::Nation,
            year: None,
            from_year: None,
        }
    }
}

/// One sector of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct SectorPotential {
    pub category: KbliCategory,
    /// GRDP in the last year, billion Rupiah.
    pub grdp: f64,
    /// Share of the region's GRDP, and of the reference area's, in the last year.
    pub share: f64,
    pub reference_share: f64,
    pub lq: Option<f64>,
    /// Compound annual growth over the window, region and reference area.
    pub growth: Option<f64>,
    pub reference_growth: Option<f64>,
    pub klassen: Option<Klassen>,
    /// Persons employed in the last year, reported or estimated.
    pub employment: Option<f64>,
    /// Whether `employment` (or the first year's figure behind `employment_change`) was
    /// estimated from GRDP rather than reported.
    pub employment_estimated: bool,
    /// Expected additional workers per year (negative: fewer).
    pub employment_change: Option<f64>,
}

impl SectorPotential {
    /// A leading sector (sektor unggulan): Klassen class I.
    pub fn is_leading(&self) -> bool {
        self.klassen == Some(Klassen::Prima)
    }
}

/// Net expected additional workers of one occupation per year, from all sectors.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedDemand {
    pub isco: IscoCode,
    pub workers_per_year: f64,
    /// The sector that contributes most to the increase (or to the decrease, if net negative).
    pub main_sector: KbliCategory,
}

/// Something the reader of a potential table should know.
#[derive(Debug, Clone, PartialEq)]
pub enum PotentialNote {
    /// The region's table for a year lacks some categories (counted as zero).
    MissingCategories { year: u16, missing: usize },
    /// The reference area is made of a different number of regions in the two years, so its
    /// growth mixes change of coverage with change of output.
    ReferenceCoverage { first: usize, last: usize },
    /// No unit of the reference area reports employment for these sectors, so their employment
    /// could not be estimated and they add nothing to occupation demand.
    NoProductivity { categories: Vec<KbliCategory> },
}

impl fmt::Display for PotentialNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PotentialNote::MissingCategories { year, missing } => write!(
                f,
                "{year}: {missing} of 21 KBLI categories have no row and count as zero"
            ),
            PotentialNote::ReferenceCoverage { first, last } => write!(
                f,
                "the reference area has figures for {first} regions in the first year and {last} in the last; its growth mixes coverage with output"
            ),
            PotentialNote::NoProductivity { categories } => write!(
                f,
                "no employment figures in the reference area for {}; their employment is unknown and they add no occupation demand",
                categories
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// The potential of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct PotentialTable {
    pub region: RegionCode,
    /// The reference area: `None` for the nation, else a province.
    pub reference_area: Option<RegionCode>,
    pub first_year: u16,
    pub last_year: u16,
    /// The region's GRDP in the last year, billion Rupiah.
    pub grdp: f64,
    /// Compound annual growth of total GRDP, region and reference area.
    pub growth: Option<f64>,
    pub reference_growth: Option<f64>,
    /// Every category, A to U.
    pub sectors: Vec<SectorPotential>,
    /// Occupations by net expected additional workers per year, largest first.
    pub demand: Vec<ExpectedDemand>,
    pub notes: Vec<PotentialNote>,
}

impl PotentialTable {
    pub fn leading(&self) -> impl Iterator<Item = &SectorPotential> {
        self.sectors.iter().filter(|s| s.is_leading())
    }
}

/// The figures of one region (or aggregate) in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Figures {
    grdp: [f64; N],
    /// Categories with a row.
    present: [bool; N],
    /// Reported employment, where given.
    employment: [Option<f64>; N],
    /// GRDP of the units that report employment, per category (for productivity).
    grdp_with_employment: [f64; N],
    /// Employment of the same units.
    employment_sum: [f64; N],
    /// Regions whose rows make up these figures.
    n_regions: usize,
}

impl Default for Figures {
    fn default() -> Self {
        Figures {
            grdp: [0.0; N],
            present: [false; N],
            employment: [None; N],
            grdp_with_employment: [0.0; N],
            employment_sum: [0.0; N],
            n_regions: 0,
        }
    }
}

impl Figures {
    fn total(&self) -> f64 {
        self.grdp.iter().sum()
    }

    fn add(&mut self, other: &Figures) {
        for c in 0..N {
            self.grdp[c] += other.grdp[c];
            self.present[c] |= other.present[c];
            self.grdp_with_employment[c] += other.grdp_with_employment[c];
            self.employment_sum[c] += other.employment_sum[c];
            // An aggregate's reported employment is only known when every part reports it.
            self.employment[c] = match (self.n_regions, self.employment[c], other.employment[c]) {
                (0, _, e) => e,
                (_, Some(a), Some(b)) => Some(a + b),
                _ => None,
            };
        }
        self.n_regions += other.n_regions;
    }

    /// GRDP per worker in a category, billion Rupiah, where any unit reports employment.
    fn productivity(&self, c: usize) -> Option<f64> {
        (self.employment_sum[c] > 0.0)
            .then(|| self.grdp_with_employment[c] / self.employment_sum[c])
    }
}

/// GRDP and employment by region and year, built once from facts; answers potential queries.
#[derive(Debug, Clone, Default)]
pub struct Economy {
    rows: BTreeMap<RegionCode, BTreeMap<u16, Figures>>,
    duplicates: u64,
}

impl Economy {
    /// Collects the facts. A repeated (region, year, category) keeps the last figure and is
    /// counted in [`Economy::duplicates`] (the store's natural key makes that impossible there).
    pub fn build(facts: &[IndicatorFact]) -> Economy {
        let mut e = Economy::default();
        for f in facts {
            let fig = e
                .rows
                .entry(f.region)
                .or_default()
                .entry(f.year)
                .or_insert_with(|| Figures {
                    n_regions: 1,
                    ..Figures::default()
                });
            let c = f.category.index();
            if fig.present[c] {
                e.duplicates += 1;
                fig.grdp_with_employment[c] = 0.0;
                fig.employment_sum[c] = 0.0;
            }
            fig.present[c] = true;
            fig.grdp[c] = f.grdp;
            fig.employment[c] = f.employment.map(|v| v as f64);
            if let Some(emp) = f.employment.filter(|&v| v > 0) {
                fig.grdp_with_employment[c] = f.grdp;
                fig.employment_sum[c] = emp as f64;
            }
        }
        e
    }

    pub fn duplicates(&self) -> u64 {
        self.duplicates
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Years with figures for this area (a regency's own, a province's own or its regencies',
    /// any year for the nation), ascending.
    pub fn years(&self, area: Option<RegionCode>) -> Vec<u16> {
        let mut years: Vec<u16> = self
            .rows
            .iter()
            .filter(|(r, _)| area.is_none_or(|a| a.contains(**r)))
            .flat_map(|(_, y)| y.keys().copied())
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    fn own(&self, region: RegionCode, year: u16) -> Option<&Figures> {
        self.rows.get(&region)?.get(&year)
    }

    /// A province's figures: its own rows, else the sum of its regencies' rows.
    fn province(&self, province: RegionCode, year: u16) -> Option<Figures> {
        if let Some(f) = self.own(province, year) {
            return Some(*f);
        }
        let mut sum = Figures::default();
        for (r, years) in self.rows.range(province..) {
            if r.province() != province {
                break;
            }
            if let Some(f) = years.get(&year).filter(|_| r.is_regency()) {
                sum.add(f);
            }
        }
        (sum.n_regions > 0).then_some(sum)
    }

    fn nation(&self, year: u16) -> Option<Figures> {
        let mut sum = Figures::default();
        let provinces: std::collections::BTreeSet<RegionCode> =
            self.rows.keys().map(|r| r.province()).collect();
        for p in provinces {
            if let Some(f) = self.province(p, year) {
                sum.add(&f);
            }
        }
        (sum.n_regions > 0).then_some(sum)
    }

    /// The figures of an area: `None` is the nation.
    fn area(&self, area: Option<RegionCode>, year: u16) -> Option<Figures> {
        match area {
            None => self.nation(year),
            Some(r) if r.is_province() => self.province(r, year),
            Some(r) => self.own(r, year).copied(),
        }
    }

    /// The potential of one region against its reference area.
    pub fn potential(&self, q: &PotentialQuery) -> Result<PotentialTable, AnalyticsError> {
        let reference_area = match q.reference {
            ReferenceArea::Nation => None,
            ReferenceArea::Province if q.region.is_province() => {
                return Err(AnalyticsError::PotentialReference { region: q.region });
            }
            ReferenceArea::Province => Some(q.region.province()),
        };
        let years = self.years(Some(q.region));
        let no_data = |year| AnalyticsError::PotentialNoData {
            region: q.region,
            year,
        };
        let last_year = match q.year {
            Some(y) => y,
            None => *years.last().ok_or(no_data(None))?,
        };
        let first_year = q
            .from_year
            .or_else(|| years.iter().copied().find(|&y| y <= last_year))
            .unwrap_or(last_year);
        if first_year > last_year {
            return Err(AnalyticsError::PotentialWindow {
                first: first_year,
                last: last_year,
            });
        }
        let now = self
            .area(Some(q.region), last_year)
            .ok_or(no_data(Some(last_year)))?;
        let then = self
            .area(Some(q.region), first_year)
            .ok_or(no_data(Some(first_year)))?;
        let ref_now = self
            .area(reference_area, last_year)
            .ok_or(no_data(Some(last_year)))?;
        let ref_then = self
            .area(reference_area, first_year)
            .ok_or(no_data(Some(first_year)))?;
        let span = f64::from(last_year - first_year);
        let cagr = |from: f64, to: f64| {
            (span > 0.0 && from > 0.0 && to >= 0.0).then(|| (to / from).powf(1.0 / span) - 1.0)
        };

        let mut notes = Vec::new();
        for (year, f) in [(first_year, &then), (last_year, &now)] {
            let missing = f.present.iter().filter(|p| !**p).count();
            if missing > 0 && !notes.contains(&PotentialNote::MissingCategories { year, missing }) {
                notes.push(PotentialNote::MissingCategories { year, missing });
            }
        }
        if ref_then.n_regions != ref_now.n_regions {
            notes.push(PotentialNote::ReferenceCoverage {
                first: ref_then.n_regions,
                last: ref_now.n_regions,
            });
        }

        let (total, ref_total) = (now.total(), ref_now.total());
        // Employment of a sector in a year: reported, else GRDP ÷ the reference productivity.
        let employment = |own: &Figures, reference: &Figures, c: usize| -> Option<(f64, bool)> {
            match own.employment[c] {
                Some(e) => Some((e, false)),
                None if own.grdp[c] == 0.0 => Some((0.0, false)),
                None => reference.productivity(c).map(|p| (own.grdp[c] / p, true)),
            }
        };
        let mut no_productivity = Vec::new();
        let sectors: Vec<SectorPotential> = KbliCategory::all()
            .map(|category| {
                let c = category.index();
                let share = if total > 0.0 {
                    now.grdp[c] / total
                } else {
                    0.0
                };
                let reference_share = if ref_total > 0.0 {
                    ref_now.grdp[c] / ref_total
                } else {
                    0.0
                };
                let lq = (total > 0.0 && reference_share > 0.0).then(|| share / reference_share);
                let growth = cagr(then.grdp[c], now.grdp[c]);
                let reference_growth = cagr(ref_then.grdp[c], ref_now.grdp[c]);
                let klassen = match (lq, growth, reference_growth) {
                    (Some(lq), Some(g), Some(rg)) => Some(Klassen::of(lq, g, rg)),
                    _ => None,
                };
                let e_now = employment(&now, &ref_now, c);
                let e_then = employment(&then, &ref_then, c);
                if e_now.is_none() || (span > 0.0 && e_then.is_none()) {
                    no_productivity.push(category);
                }
                let employment_change = match (e_now, e_then) {
                    (Some((a, _)), Some((b, _))) if span > 0.0 => Some((a - b) / span),
                    _ => None,
                };
                let employment_estimated =
                    e_now.is_some_and(|e| e.1) || (span > 0.0 && e_then.is_some_and(|e| e.1));
                SectorPotential {
                    category,
                    grdp: now.grdp[c],
                    share,
                    reference_share,
                    lq,
                    growth,
                    reference_growth,
                    klassen,
                    employment: e_now.map(|e| e.0),
                    employment_estimated,
                    employment_change,
                }
            })
            .collect();
        if !no_productivity.is_empty() {
            notes.push(PotentialNote::NoProductivity {
                categories: no_productivity,
            });
        }
        let demand = occupation_demand(&sectors, bridge());
        Ok(PotentialTable {
            region: q.region,
            reference_area,
            first_year,
            last_year,
            grdp: total,
            growth: cagr(then.total(), total),
            reference_growth: cagr(ref_then.total(), ref_total),
            sectors,
            demand,
            notes,
        })
    }
}

/// Spreads each sector's expected employment change over its occupations and sums by
/// occupation, largest increase first (ties by code, so the order is stable).
pub fn occupation_demand(sectors: &[SectorPotential], bridge: &Bridge) -> Vec<ExpectedDemand> {
    // Per unit: net total, and the largest contribution by absolute size with its sector.
    let mut by_unit: BTreeMap<IscoCode, (f64, f64, KbliCategory)> = BTreeMap::new();
    for s in sectors {
        let Some(change) = s.employment_change else {
            continue;
        };
        for &(isco, weight) in bridge.units(s.category) {
            let part = change * weight;
            let entry = by_unit.entry(isco).or_insert((0.0, 0.0, s.category));
            entry.0 += part;
            if part.abs() > entry.1.abs() {
                entry.1 = part;
                entry.2 = s.category;
            }
        }
    }
    let mut out: Vec<ExpectedDemand> = by_unit
        .into_iter()
        .map(|(isco, (net, _, main_sector))| ExpectedDemand {
            isco,
            workers_per_year: net,
            main_sector,
        })
        .collect();
    out.sort_by(|a, b| {
        b.workers_per_year
            .total_cmp(&a.workers_per_year)
            .then(a.isco.cmp(&b.isco))
    });
    out
}

/// The KBLI category → ISCO unit bridge: for each category, units with weights summing to 1.
#[derive(Debug, Clone)]
pub struct Bridge {
    units: Vec<Vec<(IscoCode, f64)>>,
}

const BRIDGE: &str = include_str!("../data/kbli_isco_bridge.csv");

/// The embedded bridge, parsed on first use. The file is part of the build and checked by this
/// module's tests, so a malformed line is a build defect, not user input.
pub fn bridge() -> &'static Bridge {
    static B: OnceLock<Bridge> = OnceLock::new();
    B.get_or_init(|| Bridge::parse(BRIDGE).expect("embedded KBLI–ISCO bridge is well formed"))
}

impl Bridge {
    /// Parses `kbli_category,isco08_unit,weight[,title]` lines after a header. Titles may be
    /// quoted and hold commas; only the first three fields are read.
    pub fn parse(text: &str) -> Result<Bridge, String> {
        let mut units = vec![Vec::new(); N];
        for (i, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let mut fields = line.splitn(4, ',');
            let mut next = || fields.next().map(str::trim).unwrap_or_default();
            let (cat, isco, weight) = (next(), next(), next());
            let err = |what: &str| format!("line {}: {what}: {line}", i + 1);
            let cat = KbliCategory::parse(cat).map_err(|e| err(&e.to_string()))?;
            let isco = IscoCode::parse(isco).map_err(|e| err(&e.to_string()))?;
            if !isco.is_unit() {
                return Err(err("not an ISCO unit group"));
            }
            let weight: f64 = weight.parse().map_err(|_| err("weight is not a number"))?;
            if !(weight > 0.0 && weight <= 1.0) {
                return Err(err("weight must lie in (0, 1]"));
            }
            units[cat.index()].push((isco, weight));
        }
        Ok(Bridge { units })
    }

    /// The units of a category and their weights.
    pub fn units(&self, category: KbliCategory) -> &[(IscoCode, f64)] {
        self.units
            .get(category.index())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests;

//! The evidence behind every BLK × programme: catchment demand, supply, gap and trend of the
//! programme's occupations, regional potential, kebekerjaan, cost and capacity, the expected
//! placements they imply, the score, and the plain-language reason built from the same numbers.
//!
//! Owns the market factor, the room (unmet demand) and the reason sentences; the rules are in the
//! parent module's docs so that one page states them all.
//!
//! The evidence is public (a BLK's recommendations, their exports and the API), so its supply
//! is computed from the regency gap table as published ([`MarketView::build`]) and then rounded
//! to a multiple of [`MIN_CELL`] ([`rounded_catchment_supply`]): an exact supply, or an index, room or
//! ratio computed from one, gave back the supply of a one-regency catchment exactly and so
//! undid the gap tables' "<5".

use std::collections::{BTreeMap, HashMap};

use domain::{IscoCode, RegionCode, Rupiah, reference};
use serde::{Deserialize, Serialize};

use super::PlanSettings;
use super::catchment::{Catchment, catchment};
use super::format::{fmt_en, fmt_id, pct_en, pct_id};
use super::rates::{Kebekerjaan, RateModel, RateSource};
use crate::gap::{Area, GapQuery, RegionLevel};
use crate::market::{GapInputs, MonthWindow};
use crate::outcomes::MIN_CELL;
use crate::potential::{Economy, PotentialQuery};

/// Capacity of one kejuruan at a BLK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanCapacity {
    pub kejuruan: String,
    pub workshops: u32,
    pub instructors: u32,
}

/// A BLK as planning needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanBlk {
    pub code: String,
    pub name: String,
    pub region: RegionCode,
    pub capacity: Vec<PlanCapacity>,
}

impl PlanBlk {
    /// Workshops and instructors of a kejuruan (zero when the BLK has none).
    pub fn capacity_of(&self, kejuruan: &str) -> (u32, u32) {
        self.capacity
            .iter()
            .find(|c| c.kejuruan == kejuruan)
            .map_or((0, 0), |c| (c.workshops, c.instructors))
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct MarketCell {
    demand: f64,
    demand_previous: f64,
    supply: f64,
}

/// Demand (this and the previous 12 months) and supply per regency × ISCO unit.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketView {
    pub window: MonthWindow,
    cells: HashMap<(RegionCode, u16), MarketCell>,
}

impl MarketView {
    /// Reads the regency × unit gap table over `window`, as published, and the demand of the
    /// 12 months before.
    ///
    /// The supply is the published table's, not the cube's: a cell rounded to 5 counts as
    /// shown, a "<5" cell as [`crate::gap::SMALL_SUPPLY_STAND_IN`], a cell the table leaves out as none.
    /// The evidence is public, and any figure computed from the cube's supply tells more than
    /// the table: rounding each catchment's weighted sum on its own still split "<5" cells
    /// into 0–2 and 3–4, and weighted sums over several regencies pinned some.
    pub fn build(inputs: &GapInputs, window: MonthWindow) -> MarketView {
        let regency = |w: MonthWindow| GapQuery {
            by: RegionLevel::Regency,
            thin_below: 0.0,
            ..GapQuery::new(w)
        };
        let mut cells: HashMap<(RegionCode, u16), MarketCell> = HashMap::new();
        for c in inputs.gap(&regency(window)).cells {
            if let Area::Region(r) = c.area {
                let cell = cells.entry((r, c.isco.as_u16())).or_default();
                cell.demand += c.demand as f64;
                cell.supply += c.published_supply_value();
            }
        }
        let before = domain::YearMonth::from_index(window.first.index() - 1);
        let previous = MonthWindow::ending(before, window.n_months());
        // Only the demand of the earlier window is used, so its supply pipeline is irrelevant,
        // and every cell with demand is listed.
        let q = GapQuery {
            pipeline_months: 0,
            ..regency(previous)
        };
        for c in inputs.gap(&q).cells {
            if let Area::Region(r) = c.area {
                cells
                    .entry((r, c.isco.as_u16()))
                    .or_default()
                    .demand_previous += c.demand as f64;
            }
        }
        MarketView { window, cells }
    }

    /// A view from plain numbers: (regency, ISCO unit, demand, previous demand, supply).
    pub fn from_cells(
        window: MonthWindow,
        cells: impl IntoIterator<Item = (RegionCode, IscoCode, f64, f64, f64)>,
    ) -> MarketView {
        let mut map: HashMap<(RegionCode, u16), MarketCell> = HashMap::new();
        for (r, isco, d, p, s) in cells {
            let c = map.entry((r, isco.as_u16())).or_default();
            c.demand += d;
            c.demand_previous += p;
            c.supply += s;
        }
        MarketView { window, cells: map }
    }

    /// Weighted (demand, previous demand, supply) of `units` over a catchment.
    fn sums(&self, c: &Catchment, units: &[u16]) -> MarketCell {
        let mut out = MarketCell::default();
        for m in &c.members {
            for &u in units {
                if let Some(cell) = self.cells.get(&(m.region, u)) {
                    out.demand += m.weight * cell.demand;
                    out.demand_previous += m.weight * cell.demand_previous;
                    out.supply += m.weight * cell.supply;
                }
            }
        }
        out
    }
}

/// Expected additional workers per year by regency × ISCO unit, from sector growth.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Potentials {
    by_region: HashMap<RegionCode, HashMap<u16, f64>>,
}

impl Potentials {
    /// No regional indicators: potential plays no part.
    pub fn none() -> Potentials {
        Potentials::default()
    }

    /// The potential of each regency in `regions`: its own table, else its province's shared
    /// by population, else nothing.
    pub fn build(economy: &Economy, regions: impl IntoIterator<Item = RegionCode>) -> Potentials {
        let mut out = Potentials::default();
        if economy.is_empty() {
            return out;
        }
        let mut provinces: BTreeMap<RegionCode, Option<HashMap<u16, f64>>> = BTreeMap::new();
        let table = |region: RegionCode| -> Option<HashMap<u16, f64>> {
            let t = economy.potential(&PotentialQuery::new(region)).ok()?;
            Some(
                t.demand
                    .iter()
                    .map(|d| (d.isco.as_u16(), d.workers_per_year))
                    .collect(),
            )
        };
        for region in regions {
            if out.by_region.contains_key(&region) {
                continue;
            }
            let own = if region.is_regency() {
                table(region)
            } else {
                None
            };
            let values = match own {
                Some(v) => Some(v),
                None => {
                    let p = region.province();
                    let prov = provinces.entry(p).or_insert_with(|| table(p)).clone();
                    let pop = |r: RegionCode| reference().region(r).map_or(0, |x| x.population);
                    let share = match (pop(region), pop(p)) {
                        (_, 0) => 0.0,
                        (a, b) if region.is_regency() => a as f64 / b as f64,
                        _ => 1.0,
                    };
                    prov.map(|m| m.into_iter().map(|(k, v)| (k, v * share)).collect())
                }
            };
            if let Some(v) = values {
                out.by_region.insert(region, v);
            }
        }
        out
    }

    /// Plain numbers: (regency, ISCO unit, workers per year).
    pub fn from_values(
        values: impl IntoIterator<Item = (RegionCode, IscoCode, f64)>,
    ) -> Potentials {
        let mut out = Potentials::default();
        for (r, isco, v) in values {
            *out.by_region
                .entry(r)
                .or_default()
                .entry(isco.as_u16())
                .or_default() += v;
        }
        out
    }

    fn of(&self, region: RegionCode, units: &[u16]) -> Option<f64> {
        let m = self.by_region.get(&region)?;
        Some(units.iter().filter_map(|u| m.get(u)).sum())
    }
}

/// Everything known about one BLK × programme, and what it implies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub blk: String,
    pub programme: String,
    pub kejuruan: String,
    /// Positions of unique vacancies for the programme's occupations in the catchment,
    /// distance-weighted, over the window and the 12 months before.
    pub demand: f64,
    pub demand_previous: f64,
    /// Job seekers, graduates and trainees about to graduate, likewise, rounded to a multiple
    /// of [`MIN_CELL`] ([`rounded_catchment_supply`]); every figure below is computed from it.
    pub supply: f64,
    /// None when D + S is thin.
    pub gap_index: Option<f64>,
    /// 12-month growth of demand; None when the earlier base is below 5 positions.
    pub growth: Option<f64>,
    /// Expected additional workers per year from sector growth in the BLK's regency.
    pub potential: Option<f64>,
    pub kebekerjaan: Kebekerjaan,
    pub completion: f64,
    pub cost_per_trainee: i64,
    pub cohort_weeks: u32,
    /// Cohort-weeks per year the BLK's kejuruan offers.
    pub capacity_weeks: u32,
    pub runnable: bool,
    pub market_factor: f64,
    /// Expected placements per seat at the full rate.
    pub placements_per_seat: f64,
    /// Unmet demand in the catchment, positions a year: max(0, D − S).
    pub room: f64,
    /// Expected placements per Rp 1 miliar of the next cohort.
    pub score: f64,
    pub reason_id: String,
    pub reason_en: String,
}

impl Evidence {
    /// Cohorts the BLK could run of this programme alone in a year.
    pub fn max_cohorts(&self) -> u32 {
        self.capacity_weeks / self.cohort_weeks.max(1)
    }

    pub fn cost_per_cohort(&self, seats: u32) -> i64 {
        self.cost_per_trainee.saturating_mul(i64::from(seats))
    }

    /// The reasons (Indonesian, English) as an audience that may see aggregates only reads
    /// them: counts of persons (graduates, placed graduates, job seekers) from 1 to 4 are
    /// written "<5". Every other number is the one in `reason_id` and `reason_en`.
    pub fn public_reasons(&self, radius_km: f64) -> (String, String) {
        let units = reference()
            .programme(&self.programme)
            .map(|p| p.isco_units.clone())
            .unwrap_or_default();
        let (occ_id, occ_en) = occupation_words(&units);
        let (kej_id, kej_en) = kejuruan_words(&self.kejuruan);
        (
            reason_id(self, &occ_id, &kej_id, radius_km, true),
            reason_en(self, &occ_en, &kej_en, radius_km, true),
        )
    }
}

/// A count of persons in a reason: `<5` from 1 to 4 when `public`.
fn persons(v: f64, public: bool, fmt: fn(f64, usize) -> String) -> String {
    let n = v.round();
    if public && (1.0..5.0).contains(&n) {
        "<5".into()
    } else {
        fmt(v, 0)
    }
}

/// A kejuruan's name for reasons, lower case (Indonesian, English); its code when unknown.
fn kejuruan_words(code: &str) -> (String, String) {
    match reference().kejuruan(code) {
        Some(k) => (k.name_id.to_lowercase(), k.name_en.to_lowercase()),
        None => (code.to_string(), code.to_string()),
    }
}

/// Factor of the full placement rate for cohorts in the first half of the room, up to the room,
/// and beyond it.
pub(crate) const SEGMENT_FACTORS: [f64; 3] = [1.0, 0.6, 0.25];

/// Expected placements of the cohort that brings the seats to `seats_after`, given `room`.
pub(crate) fn segment_factor(seats_after: f64, room: f64) -> f64 {
    if seats_after <= 0.5 * room {
        SEGMENT_FACTORS[0]
    } else if seats_after <= room {
        SEGMENT_FACTORS[1]
    } else {
        SEGMENT_FACTORS[2]
    }
}

/// The evidence of one BLK: its catchment and one line per catalogue programme.
#[derive(Debug, Clone, PartialEq)]
pub struct BlkEvidence {
    pub blk: PlanBlk,
    pub catchment: Catchment,
    pub lines: Vec<Evidence>,
}

/// The evidence of many BLKs, built once per command.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanEvidence {
    pub settings: PlanSettings,
    pub window: MonthWindow,
    pub blks: Vec<BlkEvidence>,
}

/// The occupation words of a programme for reasons: the KBJI title of its first unit (Indonesian)
/// and the ISCO-08 title (English), lower case.
fn occupation_words(units: &[IscoCode]) -> (String, String) {
    match units.first() {
        Some(u) => (
            u.title_id().unwrap_or_else(|| u.title_en()).to_lowercase(),
            u.title_en().to_lowercase(),
        ),
        None => ("program ini".into(), "this programme".into()),
    }
}

impl PlanEvidence {
    /// Builds the evidence of every BLK × catalogue programme.
    pub fn build(
        market: &MarketView,
        potentials: &Potentials,
        rates: &RateModel,
        blks: &[PlanBlk],
        settings: &PlanSettings,
    ) -> PlanEvidence {
        let r = reference();
        let programmes: Vec<(&domain::Programme, Vec<u16>, (String, String))> = r
            .programmes
            .iter()
            .map(|p| {
                let units: Vec<u16> = p.isco_units.iter().map(|u| u.as_u16()).collect();
                (p, units, occupation_words(&p.isco_units))
            })
            .collect();
        let blks = blks
            .iter()
            .map(|b| {
                let c = catchment(b.region, settings.radius_km);
                let lines = programmes
                    .iter()
                    .map(|(p, units, words)| {
                        let sums = market.sums(&c, units);
                        let (w, i) = b.capacity_of(&p.kejuruan_code);
                        let input = LineInput {
                            blk: b,
                            programme: p,
                            words,
                            demand: sums.demand,
                            demand_previous: sums.demand_previous,
                            supply: sums.supply,
                            potential: potentials.of(b.region, units),
                            kebekerjaan: rates.kebekerjaan(&b.code, &p.code),
                            completion: rates.completion(&p.code),
                            capacity_weeks: settings.capacity_weeks(w, i),
                        };
                        line(&input, settings)
                    })
                    .collect();
                BlkEvidence {
                    blk: b.clone(),
                    catchment: c,
                    lines,
                }
            })
            .collect();
        PlanEvidence {
            settings: *settings,
            window: market.window,
            blks,
        }
    }

    pub fn blk(&self, code: &str) -> Option<&BlkEvidence> {
        self.blks.iter().find(|b| b.blk.code == code)
    }
}

struct LineInput<'a> {
    blk: &'a PlanBlk,
    programme: &'a domain::Programme,
    words: &'a (String, String),
    demand: f64,
    demand_previous: f64,
    supply: f64,
    potential: Option<f64>,
    kebekerjaan: Kebekerjaan,
    completion: f64,
    capacity_weeks: u32,
}

/// A catchment's supply as the evidence holds it: rounded to the nearest multiple of
/// [`MIN_CELL`] (0 below 2½), so that a reader learns it, and what is computed from it, only to
/// within ±2½ persons.
pub fn rounded_catchment_supply(supply: f64) -> f64 {
    let m = MIN_CELL as f64;
    (supply.max(0.0) / m).round() * m
}

fn line(x: &LineInput<'_>, s: &PlanSettings) -> Evidence {
    let p = x.programme;
    let (d, prev, sup) = (
        x.demand,
        x.demand_previous,
        rounded_catchment_supply(x.supply),
    );
    let gap_index = (d + sup >= s.thin_below && d + sup > 0.0).then(|| (d - sup) / (d + sup));
    let growth = (prev >= 5.0).then(|| (d - prev) / prev);
    let pot_signal = x.potential.map_or(0.0, |v| (v / d.max(10.0)).tanh());
    let market_factor = (1.0
        + 0.3 * gap_index.unwrap_or(0.0)
        + 0.1 * growth.map_or(0.0, f64::tanh)
        + 0.1 * pot_signal)
        .clamp(0.5, 1.5);
    let placements_per_seat = (x.completion * x.kebekerjaan.rate * market_factor).clamp(0.0, 1.0);
    let room = (d - sup).max(0.0);
    let seats = f64::from(s.seats_per_cohort);
    let cost_per_cohort = p
        .cost_per_trainee
        .0
        .saturating_mul(i64::from(s.seats_per_cohort));
    let next = seats * placements_per_seat * segment_factor(seats, room);
    let score = if cost_per_cohort > 0 {
        next * 1e9 / cost_per_cohort as f64
    } else {
        0.0
    };
    let cohort_weeks = s.cohort_weeks(p.jp_hours);
    let runnable = x.capacity_weeks >= cohort_weeks;
    let (kej_id, kej_en) = kejuruan_words(&p.kejuruan_code);
    let mut e = Evidence {
        blk: x.blk.code.clone(),
        programme: p.code.clone(),
        kejuruan: p.kejuruan_code.clone(),
        demand: d,
        demand_previous: prev,
        supply: sup,
        gap_index,
        growth,
        potential: x.potential,
        kebekerjaan: x.kebekerjaan,
        completion: x.completion,
        cost_per_trainee: p.cost_per_trainee.0,
        cohort_weeks,
        capacity_weeks: x.capacity_weeks,
        runnable,
        market_factor,
        placements_per_seat,
        room,
        score,
        reason_id: String::new(),
        reason_en: String::new(),
    };
    e.reason_id = reason_id(&e, &x.words.0, &kej_id, s.radius_km, false);
    e.reason_en = reason_en(&e, &x.words.1, &kej_en, s.radius_km, false);
    e
}

fn reason_id(e: &Evidence, occ: &str, kej: &str, radius: f64, public: bool) -> String {
    let mut parts = Vec::new();
    if !e.runnable {
        parts.push(format!(
            "perlu investasi: BLK ini tidak punya bengkel dan instruktur {kej}"
        ));
    }
    let r = fmt_id(radius, 0);
    if e.demand > 0.0 {
        match e.growth {
            Some(g) if g.abs() < 0.005 => parts.push(format!(
                "lowongan {occ} di radius {r} km stabil dalam 12 bulan ({} posisi)",
                fmt_id(e.demand, 0)
            )),
            Some(g) => parts.push(format!(
                "lowongan {occ} di radius {r} km {} {} dalam 12 bulan ({} posisi)",
                if g > 0.0 { "naik" } else { "turun" },
                pct_id(g.abs()),
                fmt_id(e.demand, 0)
            )),
            None => parts.push(format!(
                "lowongan {occ} di radius {r} km: {} posisi dalam 12 bulan terakhir",
                fmt_id(e.demand, 0)
            )),
        }
        parts.push(format!(
            "pencari kerja {} per lowongan",
            fmt_id(e.supply / e.demand, 1)
        ));
    } else {
        parts.push(format!(
            "tidak ada lowongan {occ} tercatat di radius {r} km dalam 12 bulan; {} pencari kerja dan lulusan",
            persons(e.supply, public, fmt_id)
        ));
    }
    if e.gap_index.is_none() {
        parts.push("data tipis".into());
    }
    if let Some(p) = e.potential.filter(|p| p.abs() >= 0.5) {
        parts.push(format!(
            "pertumbuhan sektor ekonomi {} ~{} pekerja per tahun",
            if p > 0.0 { "menambah" } else { "mengurangi" },
            fmt_id(p.abs(), 0)
        ));
    }
    let k = &e.kebekerjaan;
    parts.push(match k.source {
        RateSource::Blk => format!(
            "kebekerjaan program {} ({} dari {} lulusan di BLK ini, rata-rata nasional {})",
            pct_id(k.rate),
            persons(k.placed as f64, public, fmt_id),
            persons(k.completed as f64, public, fmt_id),
            pct_id(k.national)
        ),
        RateSource::National => format!(
            "kebekerjaan program {} (nasional; BLK ini belum punya lulusan program ini)",
            pct_id(k.rate)
        ),
        RateSource::Prior => format!(
            "kebekerjaan {} (perkiraan dari kejuruan; program ini belum punya lulusan)",
            pct_id(k.rate)
        ),
    });
    parts.push(format!(
        "biaya {} per peserta, ~{} penempatan per Rp 1 miliar",
        Rupiah(e.cost_per_trainee),
        fmt_id(e.score, 1)
    ));
    parts.join("; ")
}

fn reason_en(e: &Evidence, occ: &str, kej: &str, radius: f64, public: bool) -> String {
    let mut parts = Vec::new();
    if !e.runnable {
        parts.push(format!(
            "needs investment: this BLK has no {kej} workshop and instructor"
        ));
    }
    let r = fmt_en(radius, 0);
    if e.demand > 0.0 {
        match e.growth {
            Some(g) if g.abs() < 0.005 => parts.push(format!(
                "vacancies for {occ} within {r} km flat over 12 months ({} positions)",
                fmt_en(e.demand, 0)
            )),
            Some(g) => parts.push(format!(
                "vacancies for {occ} within {r} km {} {} in 12 months ({} positions)",
                if g > 0.0 { "up" } else { "down" },
                pct_en(g.abs()),
                fmt_en(e.demand, 0)
            )),
            None => parts.push(format!(
                "vacancies for {occ} within {r} km: {} positions in the last 12 months",
                fmt_en(e.demand, 0)
            )),
        }
        parts.push(format!(
            "{} job seekers per vacancy",
            fmt_en(e.supply / e.demand, 1)
        ));
    } else {
        parts.push(format!(
            "no vacancies for {occ} recorded within {r} km in 12 months; {} job seekers and graduates",
            persons(e.supply, public, fmt_en)
        ));
    }
    if e.gap_index.is_none() {
        parts.push("thin evidence".into());
    }
    if let Some(p) = e.potential.filter(|p| p.abs() >= 0.5) {
        parts.push(format!(
            "sector growth {} ~{} workers a year",
            if p > 0.0 { "adds" } else { "removes" },
            fmt_en(p.abs(), 0)
        ));
    }
    let k = &e.kebekerjaan;
    parts.push(match k.source {
        RateSource::Blk => format!(
            "programme employment rate {} ({} of {} graduates at this BLK, national mean {})",
            pct_en(k.rate),
            persons(k.placed as f64, public, fmt_en),
            persons(k.completed as f64, public, fmt_en),
            pct_en(k.national)
        ),
        RateSource::National => format!(
            "programme employment rate {} (national; this BLK has no graduates of this programme yet)",
            pct_en(k.rate)
        ),
        RateSource::Prior => format!(
            "employment rate {} (kejuruan estimate; no graduates of this programme yet)",
            pct_en(k.rate)
        ),
    });
    parts.push(format!(
        "cost IDR {} per trainee, ~{} placements per IDR 1 billion",
        fmt_en(e.cost_per_trainee as f64, 0),
        fmt_en(e.score, 1)
    ));
    parts.join("; ")
}

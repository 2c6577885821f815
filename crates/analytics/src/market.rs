//! The gap inputs: the vacancy `Snapshot` (demand) and a supply cube, built together from plain
//! facts, held in memory and queried by `gap` and `forecast`.
//!
//! Owns the supply rules, that is who counts as labour supply for an occupation and when, and
//! the reports of what was left out. Reading the facts is the store's job (`store::facts`);
//! turning them into these types is the caller's (the `listraf` binary, later the server).
//!
//! # Supply rules
//!
//! Supply is a flow per month, like demand (vacancies posted in a month), so that both sides of
//! a window count the same thing: who came to the market during it. This is also how Disnaker
//! statistics put registered job seekers against registered vacancies for a year.
//!
//! - **Job seekers**: status ACTIVE, in the month they registered, at their regency. A person
//!   wanting k occupations counts 1/k in each of their ISCO unit groups (codes above unit level
//!   are ignored), so totals stay equal to the number of persons and every roll-up is a sum.
//! - **Graduates**: trainees who COMPLETED, in the month their cohort ended, at the BLK's
//!   regency, split 1/k over the k unit groups of the programme (`domain::reference()
//!   .programme(code).isco_units`). A window therefore counts the graduates of its own months:
//!   the "completed in the last N months" of the design is the window itself (12 months by
//!   default).
//! - **Expected graduates**: trainees still ENROLLED, in the month their cohort ends, split the
//!   same way. A gap window also counts those ending up to `GapQuery::pipeline_months` after it,
//!   so the latest window sees the training pipeline.
//! - Trainees who are also in the job-seeker register are left out: the register, with their
//!   own stated occupations and status, already decides whether they are supply. Trainees with
//!   a recorded placement are left out too, as placed job seekers are.
//!
//! # Keeping it fresh
//!
//! A `GapInputs` is immutable and reflects the database when it was built. A long-running
//! process (the web server) keeps one behind an `Arc`, rebuilds it from `store` facts after
//! every `ImportSession::commit` of vacancies, job seekers, cohorts or placements, and swaps
//! the `Arc`; queries in flight keep the old one. The CLI builds one per command.

use std::collections::HashMap;
use std::ops::Range;

use domain::records::TraineeStatus;
use domain::{IscoCode, RegionCode, YearMonth, reference};

use crate::AnalyticsError;
use crate::regions;
use crate::snapshot::{BuildReport, Snapshot, VacancyFact};

/// Active job seekers of one region and registration month, with the occupations they want.
#[derive(Debug, Clone, PartialEq)]
pub struct SeekerFact {
    pub region: RegionCode,
    pub preferred: Vec<IscoCode>,
    pub month: YearMonth,
    pub n: u64,
}

/// Trainees of one BLK regency, programme, cohort end month and status.
#[derive(Debug, Clone, PartialEq)]
pub struct TraineeFact {
    pub region: RegionCode,
    pub programme: String,
    pub end_month: YearMonth,
    pub status: TraineeStatus,
    /// Also in the job-seeker register (any status).
    pub registered: bool,
    /// Already has a recorded placement.
    pub placed: bool,
    pub n: u64,
}

/// Supply of one cell, by source. Fractions come from splitting persons across occupations.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Supply {
    pub seekers: f64,
    pub graduates: f64,
    pub expected: f64,
}

impl Supply {
    pub fn total(&self) -> f64 {
        self.seekers + self.graduates + self.expected
    }

    /// Job seekers, graduates and those due to graduate in whole persons, and their total:
    /// the parts are rounded by largest remainder so that they add up to the rounded total, as
    /// a reader of a table expects.
    pub fn whole(&self) -> ([i64; 3], i64) {
        let parts = [self.seekers, self.graduates, self.expected];
        let total = self.total().round() as i64;
        let mut out = parts.map(|x| x.floor() as i64);
        // Between 0 and 3 persons are left to place: to the largest fractions first.
        let left = (total - out.iter().sum::<i64>()).clamp(0, 3) as usize;
        let mut order = [0usize, 1, 2];
        order.sort_by(|&a, &b| {
            (parts[b] - parts[b].floor()).total_cmp(&(parts[a] - parts[a].floor()))
        });
        for &i in &order[..left] {
            out[i] += 1;
        }
        (out, total)
    }

    pub(crate) fn add(&mut self, o: &Supply) {
        self.seekers += o.seekers;
        self.graduates += o.graduates;
        self.expected += o.expected;
    }
}

/// What the supply build counted and left out, in persons. Left-out persons are data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupplyReport {
    pub seekers: u64,
    pub seekers_counted: u64,
    /// Registered with a province only; the cube's grain is the regency/city.
    pub seekers_not_regency: u64,
    /// No preferred occupation at ISCO unit level.
    pub seekers_no_unit: u64,
    pub trainees: u64,
    pub graduates_counted: u64,
    pub expected_counted: u64,
    /// Neither enrolled nor completed (dropped, failed).
    pub trainees_other_status: u64,
    /// Counted through the job-seeker register instead.
    pub trainees_registered: u64,
    pub trainees_placed: u64,
    /// The programme is not in the catalogue, or has no ISCO unit group.
    pub trainees_no_occupation: u64,
    pub trainees_not_regency: u64,
}

/// One non-empty (regency, ISCO unit, month) supply cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SupplyCell {
    pub(crate) region: u16,
    pub(crate) isco: u16,
    /// `YearMonth::index`.
    pub(crate) month: i32,
    pub(crate) supply: Supply,
}

/// An inclusive range of calendar months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthWindow {
    pub first: YearMonth,
    pub last: YearMonth,
}

impl MonthWindow {
    /// `None` when `last` is before `first`.
    pub fn new(first: YearMonth, last: YearMonth) -> Option<MonthWindow> {
        (first <= last).then_some(MonthWindow { first, last })
    }

    /// The `n` months ending with `last`.
    pub fn ending(last: YearMonth, n: u32) -> MonthWindow {
        let back = i32::try_from(n.max(1) - 1).unwrap_or(0);
        MonthWindow {
            first: YearMonth::from_index(last.index() - back),
            last,
        }
    }

    /// Parses `2025-01..2025-12`, or one month `2025-06`.
    pub fn parse(input: &str) -> Option<MonthWindow> {
        match input.split_once("..") {
            Some((a, b)) => MonthWindow::new(YearMonth::parse(a).ok()?, YearMonth::parse(b).ok()?),
            None => {
                let m = YearMonth::parse(input).ok()?;
                Some(MonthWindow { first: m, last: m })
            }
        }
    }

    pub fn n_months(&self) -> u32 {
        (self.last.index() - self.first.index() + 1).max(0) as u32
    }

    /// `YearMonth::index` values, half-open.
    pub(crate) fn indices(&self) -> Range<i32> {
        self.first.index()..self.last.index() + 1
    }
}

impl std::fmt::Display for MonthWindow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.first, self.last)
    }
}

/// Demand and supply, ready to query. Build it once per data refresh (see the module docs).
#[derive(Debug)]
pub struct GapInputs {
    pub(crate) demand: Snapshot,
    demand_report: BuildReport,
    /// Sorted by (region, isco, month).
    pub(crate) supply: Vec<SupplyCell>,
    supply_report: SupplyReport,
}

impl GapInputs {
    /// Builds the vacancy snapshot and the supply cube. Facts the cube cannot place are counted
    /// in the reports; only a vacancy history longer than the snapshot holds is an error.
    ///
    /// Feed it the facts of `store::Store::{vacancy_facts, seeker_facts, trainee_facts}` read in
    /// the central scope, and build it again after every `ImportSession::commit` that touched
    /// vacancies, job seekers, cohorts or placements (see the module docs).
    pub fn build(
        vacancies: &[VacancyFact],
        seekers: &[SeekerFact],
        trainees: &[TraineeFact],
    ) -> Result<GapInputs, AnalyticsError> {
        let (demand, demand_report) = Snapshot::from_facts(vacancies)?;
        let mut report = SupplyReport::default();
        let mut cells: HashMap<(u16, u16, i32), Supply> = HashMap::new();
        let mut add = |region: u16, units: &[u16], month: YearMonth, part: Supply| {
            for &u in units {
                cells
                    .entry((region, u, month.index()))
                    .or_default()
                    .add(&part);
            }
        };

        for s in seekers {
            report.seekers += s.n;
            let Some(region) = regions::regency_index(s.region) else {
                report.seekers_not_regency += s.n;
                continue;
            };
            let units = unit_values(s.preferred.iter().copied());
            if units.is_empty() {
                report.seekers_no_unit += s.n;
                continue;
            }
            report.seekers_counted += s.n;
            let share = s.n as f64 / units.len() as f64;
            let part = Supply {
                seekers: share,
                ..Supply::default()
            };
            add(region, &units, s.month, part);
        }

        for t in trainees {
            report.trainees += t.n;
            let expected = match t.status {
                TraineeStatus::Enrolled => true,
                TraineeStatus::Completed => false,
                _ => {
                    report.trainees_other_status += t.n;
                    continue;
                }
            };
            if t.registered {
                report.trainees_registered += t.n;
                continue;
            }
            if t.placed {
                report.trainees_placed += t.n;
                continue;
            }
            let Some(region) = regions::regency_index(t.region) else {
                report.trainees_not_regency += t.n;
                continue;
            };
            let units = reference()
                .programme(&t.programme)
                .map(|p| unit_values(p.isco_units.iter().copied()))
                .unwrap_or_default();
            if units.is_empty() {
                report.trainees_no_occupation += t.n;
                continue;
            }
            let share = t.n as f64 / units.len() as f64;
            let part = if expected {
                report.expected_counted += t.n;
                Supply {
                    expected: share,
                    ..Supply::default()
                }
            } else {
                report.graduates_counted += t.n;
                Supply {
                    graduates: share,
                    ..Supply::default()
                }
            };
            add(region, &units, t.end_month, part);
        }

        let mut supply: Vec<SupplyCell> = cells
            .into_iter()
            .map(|((region, isco, month), supply)| SupplyCell {
                region,
                isco,
                month,
                supply,
            })
            .collect();
        supply.sort_unstable_by_key(|c| (c.region, c.isco, c.month));
        Ok(GapInputs {
            demand,
            demand_report,
            supply,
            supply_report: report,
        })
    }

    /// The vacancy snapshot.
    pub fn demand(&self) -> &Snapshot {
        &self.demand
    }

    pub fn demand_report(&self) -> &BuildReport {
        &self.demand_report
    }

    pub fn supply_report(&self) -> &SupplyReport {
        &self.supply_report
    }

    /// The first and last month with a counted vacancy.
    pub fn demand_months(&self) -> Option<MonthWindow> {
        let base = self.demand.base()?;
        let n = i32::try_from(self.demand.n_months()).ok()?;
        (n > 0).then(|| MonthWindow {
            first: base,
            last: YearMonth::from_index(base.index() + n - 1),
        })
    }

    /// The last twelve months with data: ending at the last vacancy month, or, with no
    /// vacancies, at the last month of job-seeker registrations or graduations (expected
    /// graduations lie in the future and do not count as data).
    pub fn default_window(&self) -> Option<MonthWindow> {
        let last = match self.demand_months() {
            Some(w) => w.last,
            None => self
                .supply
                .iter()
                .filter(|c| c.supply.seekers > 0.0 || c.supply.graduates > 0.0)
                .map(|c| c.month)
                .max()
                .map(YearMonth::from_index)?,
        };
        Some(MonthWindow::ending(last, 12))
    }

    /// The supply cells of the regencies in `regions`.
    pub(crate) fn supply_cells(&self, regions: Range<u16>) -> &[SupplyCell] {
        let lo = self.supply.partition_point(|c| c.region < regions.start);
        let hi = self.supply.partition_point(|c| c.region < regions.end);
        &self.supply[lo..hi.max(lo)]
    }
}

/// The distinct ISCO unit-group values among `codes`, in first-seen order.
fn unit_values(codes: impl Iterator<Item = IscoCode>) -> Vec<u16> {
    let mut out: Vec<u16> = Vec::new();
    for c in codes.filter(|c| c.is_unit()) {
        if !out.contains(&c.as_u16()) {
            out.push(c.as_u16());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(s: &str) -> YearMonth {
        YearMonth::parse(s).expect("a test month")
    }

    #[test]
    fn supply_in_whole_persons_adds_up_to_its_total() {
        let s = |seekers, graduates, expected| Supply {
            seekers,
            graduates,
            expected,
        };
        // Rounded one by one, 33.5 + 3.5 + 0 would say 34 + 4 = 38 against a total of 37.
        assert_eq!(s(33.4, 4.6, 0.4).whole(), ([33, 5, 0], 38));
        assert_eq!(s(33.5, 3.5, 0.0).whole(), ([34, 3, 0], 37));
        assert_eq!(s(0.3, 0.3, 0.3).whole(), ([1, 0, 0], 1));
        assert_eq!(s(2.0, 0.0, 0.0).whole(), ([2, 0, 0], 2));
        for (a, b, c) in [(0.49, 0.49, 0.49), (10.5, 0.5, 0.5), (1.2, 7.7, 3.3)] {
            let (parts, total) = s(a, b, c).whole();
            assert_eq!(parts.iter().sum::<i64>(), total, "{a} {b} {c}");
        }
    }

    #[test]
    fn month_windows_parse_and_count() {
        let w = MonthWindow::parse("2025-01..2025-12").expect("valid");
        assert_eq!(w.n_months(), 12);
        assert_eq!(w.to_string(), "2025-01..2025-12");
        assert_eq!(MonthWindow::parse("2025-12..2025-01"), None);
        assert_eq!(MonthWindow::parse("2025-06").map(|w| w.n_months()), Some(1));
        assert_eq!(MonthWindow::ending(ym("2025-03"), 12).first, ym("2024-04"));
    }
}

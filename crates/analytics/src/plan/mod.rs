//! Training plans: which programmes a BLK should run next year and with how many cohorts, how a
//! fund is split across BLKs and provinces, and what a change to that split would do.
//!
//! Owns the planning rules below: catchments, the evidence behind each BLK × programme, the
//! per-BLK recommendation, the allocation model (solved with `good_lp` on the pure-Rust
//! `microlp` solver) and what-if evaluation. It reads nothing: the caller hands over the gap
//! inputs, the regional economy, the BLKs with their capacity and the historical outcomes, and
//! saves runs through `store`.
//!
//! # Rules
//!
//! - **Catchment** (`catchment`): the BLK's regency plus every regency whose centroid lies within
//!   `radius_km` (default 50 km, great-circle distance). Each member is weighted by linear decay,
//!   `w = 1 − d / radius`, so the BLK's own regency counts fully and a regency at the edge not at
//!   all. Demand and supply of a catchment are the weighted sums of its members'.
//! - **Market evidence**: over the last 12 months of data, demand D (positions of unique
//!   vacancies) and supply S (as in `gap`, then rounded to a multiple of 5 as the gap tables
//!   publish it, since the evidence is public) for the programme's ISCO units in the catchment,
//!   the gap index G = (D − S)/(D + S) (none when D + S < 10: thin), the 12-month demand growth
//!   against the 12 months before (none when the earlier demand is below 5), and the expected
//!   additional workers per year that sector growth implies in the BLK's regency (`potential`;
//!   a province's figure shared by population when the regency has none).
//! - **Kebekerjaan** (`rates`): placed ÷ completed graduates of cohorts that ended before a
//!   cut-off. A BLK's own rate is shrunk toward the programme's national rate with a beta prior
//!   whose strength κ is estimated from the spread between BLKs (empirical Bayes, method of
//!   moments): posterior (placed + κm) / (completed + κ). A BLK that never ran the programme gets
//!   the national rate, with the between-BLK spread as its uncertainty. The 80 % range is the
//!   normal approximation of the beta posterior.
//! - **Capacity**: a cohort has `seats_per_cohort` seats (default 16) and occupies one workshop
//!   and one instructor of its kejuruan for ⌈JP ÷ 40⌉ weeks (40 JP a week). A workshop teaches
//!   44 weeks a year and an instructor 40, so a kejuruan offers min(44 × workshops, 40 ×
//!   instructors) cohort-weeks a year. A kejuruan without a workshop or an instructor cannot run
//!   the programme: its lines are "perlu investasi" (needs investment), never dropped.
//! - **Expected placements per cohort** = seats × completion rate × kebekerjaan × market
//!   factor, where the market factor is 1 + 0.3 G + 0.1 tanh(growth) + 0.1 tanh(potential ÷
//!   max(D, 10)), clamped to [0.5, 1.5], and the product per seat is at most 1.
//! - **Diminishing returns**: the room of a catchment is max(0, D − S) positions a year. The
//!   cohorts whose seats fill the first half of the room place at the full rate, those up to the
//!   room at 60 % of it, those beyond at 25 % (graduates then compete with existing job seekers).
//!   In the allocation, a BLK's candidate programmes that prepare for the same occupation share
//!   its room equally.
//! - **Score** of a BLK × programme: expected placements per Rp 1 miliar of its next cohort.
//!
//! The allocation model, its size limits and the shadow prices are described in `allocate`;
//! what-if changes in `whatif`.

mod allocate;
mod catchment;
mod evidence;
mod format;
mod rates;
mod recommend;
mod run;
mod whatif;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use allocate::{
    AllocationParams, AllocationProblem, AllocationResult, Binding, Candidate, CapacityRow,
    PlanLine, ProblemSize, ProvinceMarginal, Segment, SolveStatus, allocate,
};
pub use catchment::{Catchment, CatchmentMember, catchment, haversine_km};
pub use evidence::{Evidence, MarketView, PlanBlk, PlanCapacity, PlanEvidence, Potentials};
pub use format::{fmt_en, fmt_id, pct_en, pct_id};
pub use rates::{Kebekerjaan, OutcomeFact, RateModel, RateSource};
pub use recommend::{Recommendation, RecommendationLine, recommend};
pub use run::RunInputs;
pub use whatif::{Change, Move, WhatIf, evaluate_plan, what_if};

/// Why a plan could not be made.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PlanError {
    #[error("no BLK with code {0}")]
    UnknownBlk(String),
    #[error("the budget must be positive (got {0})")]
    Budget(i64),
    #[error(
        "{year} is not a year this data can plan: the evidence covers {window}, so plan {first} to {last}"
    )]
    YearOutOfRange {
        year: i32,
        window: String,
        first: i32,
        last: i32,
    },
    #[error("a budget of IDR {budget} buys no cohort: the cheapest costs IDR {cheapest}")]
    BudgetBelowCohort { budget: i64, cheapest: i64 },
    #[error("the minimum province share must lie in [0, 1) (got {0})")]
    ShareRange(f64),
    #[error(
        "a minimum share of {share} for each of the {provinces} provinces with eligible BLKs needs {needed:.0} % of the budget; at most {max:.4} per province is possible"
    )]
    SharesExceedBudget {
        share: f64,
        provinces: usize,
        needed: f64,
        max: f64,
    },
    #[error(
        "province {province} ({name}) must receive at least Rp {floor} but its BLKs can run cohorts worth at most Rp {possible}; lower --min-share-province or add capacity"
    )]
    ProvinceCapacity {
        province: String,
        name: String,
        floor: String,
        possible: String,
    },
    #[error("no BLK can run any programme with the data given: nothing to allocate")]
    NoCandidates,
    #[error("the allocation has no feasible solution: {0}")]
    Infeasible(String),
    #[error("the solver failed: {0}")]
    Solver(String),
    #[error(
        "{blk}:{programme} is not a programme this BLK can run (no workshop or instructor for its kejuruan)"
    )]
    NotRunnable { blk: String, programme: String },
    #[error("no BLK runs a programme {0}: it is not in the catalogue, or no BLK has its workshop")]
    UnknownProgramme(String),
    #[error("{blk}:{programme} has {have} cohorts in the base plan; cannot move {want}")]
    MoveTooMany {
        blk: String,
        programme: String,
        have: u32,
        want: u32,
    },
    #[error("cannot read move {0:?}: use FROM_BLK:PROGRAMME->TO_BLK:PROGRAMME:N")]
    MoveSyntax(String),
    #[error(
        "move {0:?} takes cohorts from a BLK and programme to the same BLK and programme: it changes nothing"
    )]
    MoveToItself(String),
    #[error("a saved plan run does not read back: {0}")]
    SavedRun(String),
}

/// The tunable constants of planning; `PlanSettings::default()` gives the documented ones.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlanSettings {
    pub radius_km: f64,
    pub seats_per_cohort: u32,
    /// Teaching weeks a workshop offers per year.
    pub workshop_weeks: u32,
    /// Teaching weeks an instructor offers per year.
    pub instructor_weeks: u32,
    /// JP taught per week of a full-time cohort.
    pub jp_per_week: u32,
    /// D + S below this: the gap index is not used.
    pub thin_below: f64,
}

impl Default for PlanSettings {
    fn default() -> Self {
        PlanSettings {
            radius_km: 50.0,
            seats_per_cohort: 16,
            workshop_weeks: 44,
            instructor_weeks: 40,
            jp_per_week: 40,
            thin_below: 10.0,
        }
    }
}

impl PlanSettings {
    /// Weeks one cohort of a programme of `jp_hours` occupies a workshop and an instructor.
    pub fn cohort_weeks(&self, jp_hours: u32) -> u32 {
        jp_hours.div_ceil(self.jp_per_week.max(1)).max(1)
    }

    /// Cohort-weeks per year a kejuruan offers (0: it cannot run anything).
    pub fn capacity_weeks(&self, workshops: u32, instructors: u32) -> u32 {
        (workshops * self.workshop_weeks).min(instructors * self.instructor_weeks)
    }
}

#[cfg(test)]
mod tests;

/// The years a plan can be made for from evidence over `window`: from the window's first year
/// to five years after its last (a plan for 1900, or 2100, from 2025's vacancies is a typo).
pub(crate) fn check_year(year: i32, window: &crate::MonthWindow) -> Result<(), PlanError> {
    let (first, last) = (window.first.year(), window.last.year() + 5);
    if (first..=last).contains(&year) {
        Ok(())
    } else {
        Err(PlanError::YearOutOfRange {
            year,
            window: window.to_string(),
            first,
            last,
        })
    }
}

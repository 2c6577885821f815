//! Graduate outcomes: tracer waves and their due-lists, kebekerjaan with intervals and
//! non-response weighting, BLK scorecards against an expected rate, and the results framework
//! (targets, achievement to date, year-end forecast).
//!
//! Owns the rules; the store hands over plain facts (`OutcomeData`) and the callers display or
//! export what comes back. The rules, each tested in `tests.rs`:
//!
//! - **Graduate.** A trainee whose status is `COMPLETED`. Wave *w* of a graduate falls due *w*
//!   months after the cohort's end date (`add_months`, clamped to the month's last day).
//! - **Identity.** An answer given by the graduate (`SELF`) counts. An answer given by someone
//!   else (`PROXY`) or whose respondent was not confirmed (`UNCONFIRMED`) is flagged, counted
//!   apart, and by default left out of both the numerator and the denominator of kebekerjaan and
//!   of the main response rate; `OutcomeSettings::include_proxy` lets them in. Any answer, from
//!   whoever, takes the graduate off that wave's due-list: the office has heard back.
//! - **Kebekerjaan** = employed ÷ traced, where traced are the graduates due for the wave whose
//!   answer counts, and employed are those answering wage work at home, self-employment or work
//!   abroad (`TracerStatus::is_employed`). Wage, self-employed and overseas are shown apart too.
//! - **Placements reported twice count once.** The store keeps one row per (person, employer,
//!   start date); here a graduate is placed or not, and the first placement is the earliest start,
//!   so a second report of the same job (even with the employer spelled differently) changes
//!   nothing. A placement belongs to a graduate's cohort when it names that cohort, or names
//!   none and starts on or after the cohort's start.
//! - **Small cells.** Public tables show counts below `min_cell` (5) as `<5` and no rate, interval
//!   or weighted rate for a cell with fewer than `min_cell` traced graduates.

mod framework;
mod kebekerjaan;
mod scorecard;
mod stats;
mod tracer;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use domain::records::{PlacementType, Respondent, TracerStatus, TraineeStatus};
use domain::{Date, RegionCode, Sex};

pub use framework::{
    FrameworkRow, ProposalSettings, Target, YearToDate, propose_targets, results_framework,
    seasonal_forecast,
};
pub use kebekerjaan::{GroupBy, OutcomeRow, PublicOutcomeRow, outcome_table};
pub use scorecard::{
    Scorecard, kinds_within_provinces, national_programme_rates, protect_against_provinces,
    scorecards, scorecards_against,
};
pub use stats::{
    MIN_CELL, Shown, Z95, protect_parts, public_count, public_rate, rounded_parts, wilson,
};
pub use tracer::{DueEntry, DueKind, WaveRate, due_list, message, response_rates};

/// A BLK as outcomes see it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeBlk {
    pub code: String,
    pub name: String,
    pub region: RegionCode,
}

/// A cohort: which BLK ran which programme when.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeCohort {
    pub id: i64,
    pub code: String,
    pub blk: String,
    pub programme: String,
    pub start: Date,
    pub end: Date,
}

/// One trainee of one cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeTrainee {
    pub person: i64,
    pub cohort: i64,
    pub status: TraineeStatus,
    pub certified: bool,
    pub sex: Sex,
}

/// One tracer answer.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeAnswer {
    pub person: i64,
    pub cohort: i64,
    pub wave: u8,
    pub date: Date,
    pub status: TracerStatus,
    pub respondent: Respondent,
}

/// One recorded placement.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomePlacement {
    pub person: i64,
    /// The cohort the report named, if any.
    pub cohort: Option<i64>,
    pub kind: PlacementType,
    pub start: Date,
}

/// Knobs of the outcome rules; `Default` gives the documented values.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeSettings {
    /// Months after completion at which graduates are traced.
    pub waves: Vec<u8>,
    /// The wave scorecards and the results framework report (6 months).
    pub headline_wave: u8,
    /// Cells with fewer traced graduates show no rate in public output; counts below it show
    /// as `<min_cell`.
    pub min_cell: u64,
    /// Count proxy and unconfirmed answers as if the graduate had answered.
    pub include_proxy: bool,
    /// A due-list covers this many days from its date ("this week").
    pub due_window_days: i64,
    /// Non-respondents stay on the reminder list this many days after their wave fell due.
    pub reminder_days: i64,
    /// Scorecards: change in the log-odds of kebekerjaan per percentage point of open
    /// unemployment above the national rate (see `scorecard`).
    pub unemployment_logit_per_point: f64,
}

impl Default for OutcomeSettings {
    fn default() -> Self {
        OutcomeSettings {
            waves: vec![1, 3, 6, 12],
            headline_wave: 6,
            min_cell: MIN_CELL,
            include_proxy: false,
            due_window_days: 7,
            reminder_days: 28,
            unemployment_logit_per_point: 0.10,
        }
    }
}

impl OutcomeSettings {
    /// Whether an answer from this respondent counts toward rates.
    pub fn counts(&self, respondent: Respondent) -> bool {
        self.include_proxy || respondent == Respondent::Graduate
    }
}

/// The facts with the lookups every computation needs, built once.
#[derive(Debug, Clone, Default)]
pub struct OutcomeData {
    pub blks: Vec<OutcomeBlk>,
    pub cohorts: Vec<OutcomeCohort>,
    pub trainees: Vec<OutcomeTrainee>,
    pub answers: Vec<OutcomeAnswer>,
    pub placements: Vec<OutcomePlacement>,
    cohort_idx: HashMap<i64, usize>,
    blk_idx: HashMap<String, usize>,
    answer_idx: HashMap<(i64, i64, u8), usize>,
    /// (person, cohort) → start of the first placement attributed to that trainee.
    first_job: HashMap<(i64, i64), (Date, PlacementType)>,
}

impl OutcomeData {
    pub fn new(
        blks: Vec<OutcomeBlk>,
        cohorts: Vec<OutcomeCohort>,
        trainees: Vec<OutcomeTrainee>,
        answers: Vec<OutcomeAnswer>,
        placements: Vec<OutcomePlacement>,
    ) -> Self {
        let cohort_idx = cohorts.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        let blk_idx = blks
            .iter()
            .enumerate()
            .map(|(i, b)| (b.code.clone(), i))
            .collect();
        let answer_idx = answers
            .iter()
            .enumerate()
            .map(|(i, a)| ((a.person, a.cohort, a.wave), i))
            .collect();
        let mut data = OutcomeData {
            blks,
            cohorts,
            trainees,
            answers,
            placements,
            cohort_idx,
            blk_idx,
            answer_idx,
            first_job: HashMap::new(),
        };
        data.first_job = data.first_jobs();
        data
    }

    /// The earliest placement of each trainee, by the attribution rule of the module docs.
    /// Keyed by trainee, so however many times a job was reported, a graduate has one first job.
    fn first_jobs(&self) -> HashMap<(i64, i64), (Date, PlacementType)> {
        let mut cohorts_of: HashMap<i64, Vec<i64>> = HashMap::new();
        for t in &self.trainees {
            cohorts_of.entry(t.person).or_default().push(t.cohort);
        }
        let mut first: HashMap<(i64, i64), (Date, PlacementType)> = HashMap::new();
        for p in &self.placements {
            let Some(cohorts) = cohorts_of.get(&p.person) else {
                continue;
            };
            for &c in cohorts {
                let belongs = match p.cohort {
                    Some(named) => named == c,
                    None => self.cohort(c).is_some_and(|co| p.start >= co.start),
                };
                if !belongs {
                    continue;
                }
                first
                    .entry((p.person, c))
                    .and_modify(|f| {
                        if p.start < f.0 {
                            *f = (p.start, p.kind);
                        }
                    })
                    .or_insert((p.start, p.kind));
            }
        }
        first
    }

    pub fn cohort(&self, id: i64) -> Option<&OutcomeCohort> {
        self.cohort_idx.get(&id).map(|&i| &self.cohorts[i])
    }

    pub fn blk(&self, code: &str) -> Option<&OutcomeBlk> {
        self.blk_idx.get(code).map(|&i| &self.blks[i])
    }

    pub fn answer(&self, person: i64, cohort: i64, wave: u8) -> Option<&OutcomeAnswer> {
        self.answer_idx
            .get(&(person, cohort, wave))
            .map(|&i| &self.answers[i])
    }

    /// The first job of a trainee: its start date and kind.
    pub fn first_job(&self, person: i64, cohort: i64) -> Option<(Date, PlacementType)> {
        self.first_job.get(&(person, cohort)).copied()
    }

    /// Graduates with their cohort (and the cohort's BLK, when known).
    fn graduates(&self) -> impl Iterator<Item = (&OutcomeTrainee, &OutcomeCohort)> {
        self.trainees.iter().filter_map(|t| {
            (t.status == TraineeStatus::Completed)
                .then(|| self.cohort(t.cohort).map(|c| (t, c)))
                .flatten()
        })
    }
}

/// The day wave `wave` of a cohort that ended on `end` falls due.
pub fn wave_due(end: Date, wave: u8) -> Date {
    end.add_months(i32::from(wave))
}

/// Days from `a` to `b`.
fn days_between(a: Date, b: Date) -> i64 {
    b.days_since_epoch() - a.days_since_epoch()
}

/// The median of a list (sorted in place), `None` when empty.
fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    })
}

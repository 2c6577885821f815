//! The read side of analysis: everything `analytics` needs, read from the store in one place,
//! so that the command line and the web server compute every figure from the same inputs.
//!
//! `load_market` streams vacancy, job-seeker and trainee facts in the central scope and builds
//! the gap inputs (the columnar vacancy snapshot plus the supply cube); `load_economy` reads the
//! regional indicators for the regional potential. Both hand back what they could not place,
//! as counts, for the caller to show; no row is dropped silently.

use std::time::{Duration, Instant};

use analytics::{
    AnalyticsError, Economy, GapInputs, IndicatorFact, SeekerFact, TraineeFact, VacancyFact,
};
use domain::Scope;
use store::{
    IndicatorFactReport, SeekerFactReport, Store, StoreError, TraineeFactReport, VacancyFactReport,
};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AnalysisError {
    #[error("reading {what}: {source}")]
    Store {
        what: &'static str,
        #[source]
        source: StoreError,
    },
    #[error(transparent)]
    Analytics(#[from] AnalyticsError),
}

/// What the market read saw: the store's reports on each fact table, and how long it took.
#[derive(Debug, Clone, Default)]
pub struct MarketLoad {
    pub vacancies: VacancyFactReport,
    pub seekers: SeekerFactReport,
    pub trainees: TraineeFactReport,
    pub elapsed: Duration,
}

/// Reads every fact in the central scope and builds the gap inputs.
pub fn load_market(store: &mut Store) -> Result<(GapInputs, MarketLoad), AnalysisError> {
    let started = Instant::now();
    let scope = Scope::Central;
    let err = |what| move |source| AnalysisError::Store { what, source };
    let mut vacancies = Vec::new();
    let vr = store
        .vacancy_facts(&scope, |f| {
            vacancies.push(VacancyFact {
                region: f.region,
                isco: f.isco,
                month: f.month,
                positions: f.positions,
                salary: f.salary,
                counted: f.first_of_cluster,
            })
        })
        .map_err(err("vacancies"))?;
    let mut seekers = Vec::new();
    let sr = store
        .seeker_facts(&scope, |f| {
            seekers.push(SeekerFact {
                region: f.region,
                preferred: f.preferred,
                month: f.month,
                n: f.n,
            })
        })
        .map_err(err("job seekers"))?;
    let mut trainees = Vec::new();
    let tr = store
        .trainee_facts(&scope, |f| {
            trainees.push(TraineeFact {
                region: f.region,
                programme: f.programme,
                end_month: f.end_month,
                status: f.status,
                registered: f.registered,
                placed: f.placed,
                n: f.n,
            })
        })
        .map_err(err("trainees"))?;
    let inputs = GapInputs::build(&vacancies, &seekers, &trainees)?;
    Ok((
        inputs,
        MarketLoad {
            vacancies: vr,
            seekers: sr,
            trainees: tr,
            elapsed: started.elapsed(),
        },
    ))
}

/// Reads every regional indicator in the central scope. An empty economy (no indicators
/// imported yet) is not an error here; callers say what to import.
pub fn load_economy(store: &mut Store) -> Result<(Economy, IndicatorFactReport), AnalysisError> {
    let mut facts = Vec::new();
    let report = store
        .indicator_facts(&Scope::Central, |f| {
            facts.push(IndicatorFact {
                region: f.region,
                year: f.year,
                category: f.category,
                grdp: f.grdp_idr_billion,
                employment: f.employment,
            })
        })
        .map_err(|source| AnalysisError::Store {
            what: "regional indicators",
            source,
        })?;
    Ok((Economy::build(&facts), report))
}

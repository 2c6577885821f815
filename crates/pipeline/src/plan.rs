//! The read side of planning: the market, the regional economy, the BLKs with their capacity
//! and the historical outcomes, read from the store in the central scope and turned into the
//! evidence `analytics::plan` ranks and allocates over. Shared by the CLI and the web pages, so
//! both plan from the same figures; the server builds the evidence from the market and economy
//! its analytics snapshot already holds (`plan_evidence_from`).

use std::time::{Duration, Instant};

use analytics::market::MonthWindow;
use analytics::plan::{MarketView, OutcomeFact, PlanBlk, PlanCapacity, Potentials, RateModel};
use analytics::{Economy, GapInputs, PlanEvidence, PlanSettings};
use domain::{Scope, YearMonth};
use store::{Store, StoreError};
use thiserror::Error;

use crate::analysis::{AnalysisError, load_economy, load_market};

#[derive(Debug, Error)]
pub enum PlanLoadError {
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    #[error("reading {what}: {source}")]
    Store {
        what: &'static str,
        #[source]
        source: StoreError,
    },
    #[error("the database holds no vacancies, job seekers or graduates yet: nothing to plan from")]
    NoMarket,
    #[error("the database holds no BLK yet: import BLKs with their capacity first")]
    NoBlks,
}

/// Graduates get this many months to find work before their cohort's outcome counts.
pub const OUTCOME_MONTHS: i32 = 6;

/// What the planning read saw.
#[derive(Debug, Clone, Default)]
pub struct PlanLoad {
    pub window: Option<MonthWindow>,
    /// Cohorts that ended before this month count for kebekerjaan.
    pub outcomes_before: Option<YearMonth>,
    pub blks: usize,
    /// BLKs left out because their stored region no longer parses.
    pub blks_without_region: Vec<String>,
    pub outcome_pairs: usize,
    pub kappa: f64,
    pub regional_indicators: u64,
    /// `Store::data_version` when the inputs were read.
    pub data_version: i64,
    pub elapsed: Duration,
}

/// Reads everything planning needs and builds the evidence of every BLK × programme.
pub fn load_plan_evidence(
    store: &mut Store,
    settings: &PlanSettings,
) -> Result<(PlanEvidence, PlanLoad), PlanLoadError> {
    let started = Instant::now();
    let data_version = store
        .data_version()
        .map_err(|source| PlanLoadError::Store {
            what: "the data version",
            source,
        })?;
    let (inputs, _) = load_market(store)?;
    let window = inputs.default_window().ok_or(PlanLoadError::NoMarket)?;
    let market = MarketView::build(&inputs, window);
    drop(inputs);
    let (economy, indicators) = load_economy(store)?;
    let (evidence, mut load) = evidence_from(store, &market, &economy, settings)?;
    load.regional_indicators = indicators.rows;
    load.data_version = data_version;
    load.elapsed = started.elapsed();
    Ok((evidence, load))
}

/// Builds the evidence from a market and an economy already in memory (the web server's
/// analytics snapshot), reading only the BLKs and their outcomes. `data_version` and
/// `regional_indicators` of the returned load are the caller's to fill in.
pub fn plan_evidence_from(
    store: &mut Store,
    inputs: &GapInputs,
    economy: &Economy,
    settings: &PlanSettings,
) -> Result<(PlanEvidence, PlanLoad), PlanLoadError> {
    let started = Instant::now();
    let window = inputs.default_window().ok_or(PlanLoadError::NoMarket)?;
    let market = MarketView::build(inputs, window);
    let (evidence, mut load) = evidence_from(store, &market, economy, settings)?;
    load.elapsed = started.elapsed();
    Ok((evidence, load))
}

fn evidence_from(
    store: &mut Store,
    market: &MarketView,
    economy: &Economy,
    settings: &PlanSettings,
) -> Result<(PlanEvidence, PlanLoad), PlanLoadError> {
    let scope = Scope::Central;
    let err = |what| move |source| PlanLoadError::Store { what, source };
    let window = market.window;

    let mut load = PlanLoad {
        window: Some(window),
        ..PlanLoad::default()
    };
    let mut blks = Vec::new();
    for b in store.plan_blks(&scope).map_err(err("BLKs"))? {
        let Some(region) = b.region else {
            load.blks_without_region.push(b.code);
            continue;
        };
        blks.push(PlanBlk {
            code: b.code,
            name: b.name,
            region,
            capacity: b
                .capacity
                .into_iter()
                .map(|c| PlanCapacity {
                    kejuruan: c.kejuruan_code,
                    workshops: u32::try_from(c.workshops).unwrap_or(0),
                    instructors: u32::try_from(c.instructors).unwrap_or(0),
                })
                .collect(),
        });
    }
    if blks.is_empty() {
        return Err(PlanLoadError::NoBlks);
    }
    load.blks = blks.len();

    let potentials = Potentials::build(economy, blks.iter().map(|b| b.region));

    let before = YearMonth::from_index(window.last.index() + 1 - OUTCOME_MONTHS);
    load.outcomes_before = Some(before);
    let outcomes: Vec<OutcomeFact> = store
        .programme_outcomes(&scope, before.first_day())
        .map_err(err("programme outcomes"))?
        .into_iter()
        .map(|o| OutcomeFact {
            blk: o.blk_code,
            programme: o.programme_code,
            cohorts: u64::try_from(o.cohorts).unwrap_or(0),
            finished: u64::try_from(o.finished).unwrap_or(0),
            completed: u64::try_from(o.completed).unwrap_or(0),
            placed: u64::try_from(o.placed).unwrap_or(0),
        })
        .collect();
    load.outcome_pairs = outcomes.len();
    let rates = RateModel::fit(&outcomes);
    load.kappa = rates.kappa();
    let evidence = PlanEvidence::build(market, &potentials, &rates, &blks, settings);
    Ok((evidence, load))
}

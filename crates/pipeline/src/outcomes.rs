//! Reads the outcome facts and targets from the store into the shapes `analytics::outcomes`
//! computes with, for the command line and (later) the server alike.

use analytics::outcomes::{
    OutcomeAnswer, OutcomeBlk, OutcomeCohort, OutcomeData, OutcomePlacement, OutcomeTrainee, Target,
};
use domain::{Date, Scope};
use store::{Store, StoreError};

/// The day outcomes are measured at unless the user names one: the data's own latest day (the
/// last tracer answer, placement or vacancy posting), never after today where the clock is
/// `utc_offset_hours` ahead of UTC (7, WIB, for national figures; a BLK's own zone for its
/// lists), so that a database of past years shows its results and the command line and the
/// pages agree.
pub fn measured_as_of(
    store: &mut Store,
    data: &OutcomeData,
    utc_offset_hours: i64,
) -> Result<Date, StoreError> {
    let latest = data
        .answers
        .iter()
        .map(|a| a.date)
        .chain(data.placements.iter().map(|p| p.start))
        .chain(store.latest_posting()?)
        .max();
    let today = Date::today_at(utc_offset_hours);
    Ok(latest.map_or(today, |l| l.min(today)))
}

/// The outcome facts in scope, and how many stored rows could not be read back (damaged codes
/// or dates; reported by callers, never silently dropped).
pub fn load_outcomes(store: &mut Store, scope: &Scope) -> Result<(OutcomeData, u64), StoreError> {
    let f = store.outcome_facts(scope)?;
    let data = OutcomeData::new(
        f.blks
            .into_iter()
            .map(|b| OutcomeBlk {
                code: b.code,
                name: b.name,
                region: b.region,
            })
            .collect(),
        f.cohorts
            .into_iter()
            .map(|c| OutcomeCohort {
                id: c.id,
                code: c.code,
                blk: c.blk_code,
                programme: c.programme_code,
                start: c.start,
                end: c.end,
            })
            .collect(),
        f.trainees
            .into_iter()
            .map(|t| OutcomeTrainee {
                person: t.person_id,
                cohort: t.cohort_id,
                status: t.status,
                certified: t.certified,
                sex: t.sex,
            })
            .collect(),
        f.answers
            .into_iter()
            .map(|a| OutcomeAnswer {
                person: a.person_id,
                cohort: a.cohort_id,
                wave: a.wave,
                date: a.response_date,
                status: a.status,
                respondent: a.respondent,
            })
            .collect(),
        f.placements
            .into_iter()
            .map(|p| OutcomePlacement {
                person: p.person_id,
                cohort: p.cohort_id,
                kind: p.placement_type,
                start: p.start,
            })
            .collect(),
    );
    Ok((data, f.skipped))
}

/// Stored targets in scope, optionally of one year.
pub fn load_targets(
    store: &mut Store,
    scope: &Scope,
    year: Option<u16>,
) -> Result<Vec<Target>, StoreError> {
    Ok(store
        .outcome_targets(scope, year)?
        .into_iter()
        .map(|t| Target {
            indicator: t.indicator,
            level: t.level,
            area: t.area_code,
            year: t.year,
            project_year: t.project_year,
            value: t.value,
        })
        .collect())
}

/// The columns of a targets file, as the import reads them.
pub use store::TARGET_COLUMNS;

/// Proposes yearly targets for `first_year` and the three years after it from the year
/// before (see `analytics::outcomes::propose_targets`), as rows of an importable targets file
/// (`TARGET_COLUMNS`). Empty when the baseline year has no graduates.
pub fn proposed_target_rows(
    store: &mut Store,
    settings: &analytics::outcomes::OutcomeSettings,
    first_year: u16,
) -> Result<Vec<[String; 6]>, StoreError> {
    use analytics::outcomes::{ProposalSettings, propose_targets};
    use domain::records::OutcomeIndicator;
    let (data, _) = load_outcomes(store, &Scope::Central)?;
    let targets = propose_targets(&data, settings, first_year, &ProposalSettings::default());
    Ok(targets
        .iter()
        .map(|t| {
            let value = if t.indicator == OutcomeIndicator::Kebekerjaan {
                format!("{:.4}", t.value)
            } else {
                format!("{:.0}", t.value)
            };
            [
                t.indicator.code().to_string(),
                t.level.code().to_string(),
                t.area.clone(),
                t.year.to_string(),
                t.project_year.to_string(),
                value,
            ]
        })
        .collect())
}

/// The proposed targets (`proposed_target_rows`) written as a CSV file. Returns how many.
pub fn write_proposed_targets_csv(
    store: &mut Store,
    settings: &analytics::outcomes::OutcomeSettings,
    first_year: u16,
    path: &std::path::Path,
) -> Result<usize, crate::PipelineError> {
    let rows = proposed_target_rows(store, settings, first_year)?;
    let side = |e: &dyn std::fmt::Display| crate::PipelineError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut w = csv::Writer::from_path(path).map_err(|e| side(&e))?;
    w.write_record(TARGET_COLUMNS).map_err(|e| side(&e))?;
    for r in &rows {
        w.write_record(r).map_err(|e| side(&e))?;
    }
    w.flush().map_err(|e| side(&e))?;
    Ok(rows.len())
}

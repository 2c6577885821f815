//! Reads for graduate outcomes: cohorts, trainees, tracer answers and placements in the plain
//! shapes `analytics::outcomes` computes tracer waves, kebekerjaan, scorecards and the results
//! framework from; graduates' contact details for the tracer due-list; and stored targets.
//!
//! Owns only the SQL and turning stored text back into domain values. Who is a graduate, when a
//! wave falls due, which answers count and how a placement reported twice is counted once are
//! decided in `analytics`, where the rules are tested. Rows whose stored codes or dates no longer
//! parse are counted in `OutcomeFacts::skipped`, never dropped silently and never a panic.
//!
//! Every query runs unchanged on SQLite and PostgreSQL and is filtered by the caller's scope
//! through the BLK the cohort belongs to.

use domain::records::{
    OutcomeIndicator, PlacementType, Respondent, TargetLevel, TracerStatus, TraineeStatus,
};
use domain::{Date, RegionCode, Scope, Sex};

use crate::conn::Value;
use crate::{Store, StoreError};

/// A BLK with its name and regency.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeBlkRow {
    pub code: String,
    pub name: String,
    pub region: RegionCode,
}

/// A cohort: which BLK ran which programme when.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeCohortRow {
    pub id: i64,
    pub code: String,
    pub blk_code: String,
    pub programme_code: String,
    pub start: Date,
    pub end: Date,
}

/// One trainee of one cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeTraineeRow {
    pub person_id: i64,
    pub cohort_id: i64,
    pub status: TraineeStatus,
    pub certified: bool,
    pub sex: Sex,
}

/// One tracer answer.
#[derive(Debug, Clone, PartialEq)]
pub struct TracerAnswerRow {
    pub person_id: i64,
    pub cohort_id: i64,
    pub wave: u8,
    pub response_date: Date,
    pub status: TracerStatus,
    pub respondent: Respondent,
}

/// One stored placement of a person who was a trainee in scope.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementOutcomeRow {
    pub person_id: i64,
    /// The cohort the placement was reported for, when the report named one.
    pub cohort_id: Option<i64>,
    pub placement_type: PlacementType,
    pub start: Date,
    pub employer_key: String,
}

/// Everything the outcome indicators are computed from, read in one go.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutcomeFacts {
    pub blks: Vec<OutcomeBlkRow>,
    pub cohorts: Vec<OutcomeCohortRow>,
    pub trainees: Vec<OutcomeTraineeRow>,
    pub answers: Vec<TracerAnswerRow>,
    pub placements: Vec<PlacementOutcomeRow>,
    /// Rows left out because a stored code or date no longer parses.
    pub skipped: u64,
}

/// How to reach a graduate for the tracer: name and phone as registered.
#[derive(Debug, Clone, PartialEq)]
pub struct GraduateContactRow {
    pub person_id: i64,
    pub name: String,
    pub phone: Option<String>,
}

/// A stored results-framework target.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    pub indicator: OutcomeIndicator,
    pub level: TargetLevel,
    /// Empty for the nation; a province code or a BLK code.
    pub area_code: String,
    pub year: u16,
    pub project_year: u8,
    pub value: f64,
}

const BLK_SCOPE: &str = "($1 = 0 OR ($1 = 1 AND b.province_code = $2) OR ($1 = 2 AND b.region_code = $2) OR ($1 = 3 AND b.code = $2))";

fn blk_scope_params(scope: &Scope) -> (i64, String) {
    match scope {
        Scope::Central => (0, String::new()),
        Scope::Province(r) => (1, r.province().to_string()),
        Scope::Regency(r) => (2, r.to_string()),
        Scope::Blk { code, .. } => (3, code.clone()),
    }
}

// National targets are public to every office; the others follow the area they are about.
const TARGET_SCOPE: &str = "($1 = 0 OR ot.level = 'NATIONAL' OR ($1 = 1 AND ot.province_code = $2) OR ($1 = 2 AND ot.region_code = $2) OR ($1 = 3 AND ot.level = 'BLK' AND ot.area_code = $2))";

fn date(s: &str) -> Option<Date> {
    Date::parse(s).ok()
}

impl Store {
    /// BLKs, cohorts, trainees, tracer answers and placements in scope. Placements are those of
    /// persons who were trainees of a cohort in scope, whatever cohort the report named.
    pub fn outcome_facts(&mut self, scope: &Scope) -> Result<OutcomeFacts, StoreError> {
        let (k, v) = blk_scope_params(scope);
        let p = [Value::Int(k), Value::Text(&v)];
        let mut out = OutcomeFacts::default();
        let mut skipped = 0u64;
        self.conn.query_each(
            &format!(
                "SELECT b.code, b.name, b.region_code FROM blks b WHERE {BLK_SCOPE} ORDER BY b.code"
            ),
            &p,
            |r| {
                match RegionCode::parse(&r.text(2)) {
                    Ok(region) => out.blks.push(OutcomeBlkRow {
                        code: r.text(0),
                        name: r.text(1),
                        region,
                    }),
                    Err(_) => skipped += 1,
                }
                Ok(())
            },
        )?;
        self.conn.query_each(
            &format!(
                "SELECT c.id, c.code, b.code, c.programme_code, c.start_date, c.end_date
                 FROM cohorts c JOIN blks b ON b.id = c.blk_id WHERE {BLK_SCOPE} ORDER BY c.id"
            ),
            &p,
            |r| {
                match (date(&r.text(4)), date(&r.text(5))) {
                    (Some(start), Some(end)) => out.cohorts.push(OutcomeCohortRow {
                        id: r.int(0),
                        code: r.text(1),
                        blk_code: r.text(2),
                        programme_code: r.text(3),
                        start,
                        end,
                    }),
                    _ => skipped += 1,
                }
                Ok(())
            },
        )?;
        self.conn.query_each(
            &format!(
                "SELECT t.person_id, t.cohort_id, t.status, t.certified, p.sex
                 FROM trainees t JOIN cohorts c ON c.id = t.cohort_id JOIN blks b ON b.id = c.blk_id
                 JOIN persons p ON p.id = t.person_id
                 WHERE {BLK_SCOPE} ORDER BY t.cohort_id, t.person_id"
            ),
            &p,
            |r| {
                match (TraineeStatus::parse(&r.text(2)), Sex::parse(&r.text(4))) {
                    (Ok(status), Ok(sex)) => out.trainees.push(OutcomeTraineeRow {
                        person_id: r.int(0),
                        cohort_id: r.int(1),
                        status,
                        certified: r.int(3) != 0,
                        sex,
                    }),
                    _ => skipped += 1,
                }
                Ok(())
            },
        )?;
        self.conn.query_each(
            &format!(
                "SELECT tr.person_id, tr.cohort_id, tr.wave, tr.response_date, tr.status, tr.respondent
                 FROM tracer_responses tr JOIN cohorts c ON c.id = tr.cohort_id JOIN blks b ON b.id = c.blk_id
                 WHERE {BLK_SCOPE} ORDER BY tr.cohort_id, tr.person_id, tr.wave"
            ),
            &p,
            |r| {
                let parsed = (
                    u8::try_from(r.int(2)).ok(),
                    date(&r.text(3)),
                    TracerStatus::parse(&r.text(4)).ok(),
                    Respondent::parse(&r.text(5)).ok(),
                );
                match parsed {
                    (Some(wave), Some(response_date), Some(status), Some(respondent)) => {
                        out.answers.push(TracerAnswerRow {
                            person_id: r.int(0),
                            cohort_id: r.int(1),
                            wave,
                            response_date,
                            status,
                            respondent,
                        })
                    }
                    _ => skipped += 1,
                }
                Ok(())
            },
        )?;
        self.conn.query_each(
            &format!(
                "SELECT pl.person_id, pl.cohort_id, pl.placement_type, pl.start_date, pl.employer_key
                 FROM placements pl
                 WHERE EXISTS (SELECT 1 FROM trainees t JOIN cohorts c ON c.id = t.cohort_id JOIN blks b ON b.id = c.blk_id
                               WHERE t.person_id = pl.person_id AND {BLK_SCOPE})
                 ORDER BY pl.person_id, pl.start_date, pl.id"
            ),
            &p,
            |r| {
                match (PlacementType::parse(&r.text(2)), date(&r.text(3))) {
                    (Ok(placement_type), Some(start)) => {
                        out.placements.push(PlacementOutcomeRow {
                            person_id: r.int(0),
                            cohort_id: r.opt_int(1),
                            placement_type,
                            start,
                            employer_key: r.text(4),
                        })
                    }
                    _ => skipped += 1,
                }
                Ok(())
            },
        )?;
        out.skipped = skipped;
        Ok(out)
    }

    /// Names and phone numbers of the trainees of one BLK (in scope), for the due-list.
    pub fn graduate_contacts(
        &mut self,
        scope: &Scope,
        blk_code: &str,
    ) -> Result<Vec<GraduateContactRow>, StoreError> {
        let (k, v) = blk_scope_params(scope);
        let rows = self.conn.query(
            &format!(
                "SELECT DISTINCT p.id, p.name, p.phone
                 FROM persons p JOIN trainees t ON t.person_id = p.id JOIN cohorts c ON c.id = t.cohort_id
                 JOIN blks b ON b.id = c.blk_id
                 WHERE b.code = $3 AND {BLK_SCOPE} ORDER BY p.id"
            ),
            &[Value::Int(k), Value::Text(&v), Value::Text(blk_code)],
        )?;
        Ok(rows
            .iter()
            .map(|r| GraduateContactRow {
                person_id: r.int(0),
                name: r.text(1),
                phone: r.opt_text(2).filter(|s| !s.is_empty()),
            })
            .collect())
    }

    /// Stored targets in scope, optionally of one year, in (year, level, area, indicator) order.
    pub fn outcome_targets(
        &mut self,
        scope: &Scope,
        year: Option<u16>,
    ) -> Result<Vec<TargetRow>, StoreError> {
        let (k, v) = blk_scope_params(scope);
        let rows = self.conn.query(
            &format!(
                "SELECT ot.indicator, ot.level, ot.area_code, ot.year, ot.project_year, ot.target
                 FROM outcome_targets ot
                 WHERE ($3 = 0 OR ot.year = $3) AND {TARGET_SCOPE}
                 ORDER BY ot.year, ot.level, ot.area_code, ot.indicator"
            ),
            &[
                Value::Int(k),
                Value::Text(&v),
                Value::Int(year.map_or(0, i64::from)),
            ],
        )?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                Some(TargetRow {
                    indicator: OutcomeIndicator::parse(&r.text(0)).ok()?,
                    level: TargetLevel::parse(&r.text(1)).ok()?,
                    area_code: r.text(2),
                    year: u16::try_from(r.int(3)).ok()?,
                    project_year: u8::try_from(r.int(4)).ok()?,
                    value: r.opt_real(5)?,
                })
            })
            .collect())
    }
}

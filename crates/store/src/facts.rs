//! Facts for analytics: vacancies, job seekers and trainees streamed in the plain shapes the
//! gap cube and the forecasts are built from, and regional economic indicators for the regional
//! potential (location quotients, growth), each read filtered by the caller's scope.
//!
//! Owns only the reading: which rows, which columns, and turning stored text back into domain
//! values. What counts as demand or supply (duplicates counted once, a job seeker's weight split
//! across the occupations they want, graduates already placed left out) is decided in
//! `analytics`, so every rule is tested there, in one place. Rows whose stored codes no longer
//! parse are counted in the reports, never dropped silently and never a panic.
//!
//! All SQL here runs unchanged on SQLite and PostgreSQL: `$n` placeholders, `SUBSTR` for the
//! month of an ISO date, `GROUP BY` on column positions.

use domain::records::TraineeStatus;
use domain::{IscoCode, KbliCategory, RegionCode, Rupiah, Scope, YearMonth};

use crate::conn::{Row, Value};
use crate::{Store, StoreError};

/// One vacancy placed on the map and in the occupation tree.
#[derive(Debug, Clone, PartialEq)]
pub struct VacancyFactRow {
    pub id: i64,
    /// A regency/city.
    pub region: RegionCode,
    /// An ISCO unit group (four digits).
    pub isco: IscoCode,
    pub month: YearMonth,
    pub positions: u32,
    /// The midpoint of the offered range, or whichever end is known.
    pub salary: Option<Rupiah>,
    /// False for a posting that is not the first of its duplicate cluster; `duplicate_cluster`
    /// holds the id of the cluster's first vacancy, and NULL means not clustered (so it counts).
    pub first_of_cluster: bool,
}

/// What a vacancy read saw besides the facts it handed over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VacancyFactReport {
    /// Rows read in scope.
    pub rows: u64,
    /// Facts handed over (placed vacancies, duplicates included and marked).
    pub facts: u64,
    /// Unique vacancies (first of their cluster) that could not be placed, and their positions.
    pub unplaced: u64,
    pub unplaced_positions: u64,
    /// Of those: no regency/city (no region at all, or a province only).
    pub unplaced_no_regency: u64,
    /// Of those: a regency but no ISCO unit group (uncoded, or coded above four digits).
    pub unplaced_no_unit: u64,
    /// Rows whose stored posting date does not parse (left out; a damaged row).
    pub bad_date: u64,
}

/// Active job seekers of one region, one stated list of wanted occupations and one
/// registration month.
#[derive(Debug, Clone, PartialEq)]
pub struct SeekerFactRow {
    /// As registered: a regency/city, or a province when that is all that is known.
    pub region: RegionCode,
    /// The preferred occupations as stored, in order; codes that no longer parse are left out
    /// and counted in the report.
    pub preferred: Vec<IscoCode>,
    pub month: YearMonth,
    pub n: u64,
}

/// Trainees of one BLK regency, one programme, one cohort end month and one status.
#[derive(Debug, Clone, PartialEq)]
pub struct TraineeFactRow {
    /// The regency/city of the BLK.
    pub region: RegionCode,
    pub programme: String,
    /// The month the cohort ends (graduation, for those who complete it).
    pub end_month: YearMonth,
    /// `Enrolled` or `Completed`; the other statuses are not supply and are not read.
    pub status: TraineeStatus,
    /// Whether these persons are also in the job-seeker register (any status), so the register,
    /// not the cohort, says whether they are looking for work.
    pub registered: bool,
    /// Whether these persons already have a recorded placement.
    pub placed: bool,
    pub n: u64,
}

/// What a job-seeker read saw besides its facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeekerFactReport {
    /// Active job seekers read in scope, and groups handed over.
    pub seekers: u64,
    pub groups: u64,
    /// Persons whose stored preferred-occupation list holds a code that no longer parses (they
    /// are still handed over, with the codes that do).
    pub bad_preferred_codes: u64,
    /// Persons left out because their stored region or registration date does not parse.
    pub bad_rows: u64,
}

/// What a trainee read saw besides its facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TraineeFactReport {
    /// Enrolled or completed trainees read in scope, and groups handed over.
    pub trainees: u64,
    pub groups: u64,
    /// Persons left out because a stored region, end date or status does not parse.
    pub bad_rows: u64,
}

/// GRDP (and employment, when known) of one region, year and KBLI category.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorFactRow {
    /// A province or a regency/city.
    pub region: RegionCode,
    pub year: u16,
    pub category: KbliCategory,
    /// GRDP at constant prices, billion Rupiah.
    pub grdp_idr_billion: f64,
    pub employment: Option<u64>,
}

/// What an indicator read saw besides its facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorFactReport {
    /// Rows read in scope.
    pub rows: u64,
    /// Rows left out because a stored code, year or figure no longer parses.
    pub bad_rows: u64,
}

/// The scope as three parameters: a kind (0 central, 1 province, 2 regency, 3 BLK), the region
/// key (province code, regency code, or the BLK's regency) and the BLK code. A BLK sees the
/// vacancies and job seekers of its own regency, and its own trainees.
pub(crate) fn scope_params(scope: &Scope) -> (i64, String, String) {
    match scope {
        Scope::Central => (0, String::new(), String::new()),
        Scope::Province(r) => (1, r.province().to_string(), String::new()),
        Scope::Regency(r) => (2, r.to_string(), String::new()),
        Scope::Blk { code, region } => (3, region.to_string(), code.clone()),
    }
}

const VACANCY_FACTS: &str = "SELECT v.id, v.region_code, v.isco08, v.posted_date, v.positions, v.salary_min, v.salary_max, v.duplicate_cluster
     FROM vacancies v
     WHERE ($1 = 0 OR ($1 = 1 AND v.province_code = $2) OR ($1 IN (2, 3) AND v.region_code = $2))
     ORDER BY v.id";

const SEEKER_FACTS: &str =
    "SELECT js.region_code, js.preferred_isco, SUBSTR(js.registered_date, 1, 7), COUNT(*)
     FROM job_seekers js
     WHERE js.status = 'ACTIVE'
       AND ($1 = 0 OR ($1 = 1 AND js.province_code = $2) OR ($1 IN (2, 3) AND js.region_code = $2))
     GROUP BY 1, 2, 3
     ORDER BY 1, 2, 3";

// The two flags are computed per trainee and then grouped on, so analytics can decide who is
// supply without the store knowing the rule.
const TRAINEE_FACTS: &str = "SELECT b.region_code, c.programme_code, SUBSTR(c.end_date, 1, 7), t.status,
            CASE WHEN EXISTS (SELECT 1 FROM job_seekers js WHERE js.person_id = t.person_id) THEN 1 ELSE 0 END,
            CASE WHEN EXISTS (SELECT 1 FROM placements pl WHERE pl.person_id = t.person_id) THEN 1 ELSE 0 END,
            COUNT(*)
     FROM trainees t JOIN cohorts c ON c.id = t.cohort_id JOIN blks b ON b.id = c.blk_id
     WHERE t.status IN ('ENROLLED', 'COMPLETED')
       AND ($1 = 0 OR ($1 = 1 AND b.province_code = $2) OR ($1 = 2 AND b.region_code = $2) OR ($1 = 3 AND b.code = $3))
     GROUP BY 1, 2, 3, 4, 5, 6
     ORDER BY 1, 2, 3, 4, 5, 6";

// A province office sees its province's own rows and its regencies' rows; a regency office or
// a BLK sees its regency's.
const INDICATOR_FACTS: &str =
    "SELECT ri.region_code, ri.year, ri.kbli_category, ri.grdp_idr_billion, ri.employment
     FROM regional_indicators ri
     WHERE ($1 = 0 OR ($1 = 1 AND ri.province_code = $2) OR ($1 IN (2, 3) AND ri.region_code = $2))
     ORDER BY ri.id";

fn month_of(text: Option<String>) -> Option<YearMonth> {
    YearMonth::parse(text?.get(..7)?).ok()
}

fn count(row: &Row, i: usize) -> u64 {
    u64::try_from(row.int(i)).unwrap_or(0)
}

impl Store {
    /// Streams every vacancy in scope that has a regency/city and an ISCO unit group, in id
    /// order, to `f`; duplicates are handed over too, marked by `first_of_cluster`. Vacancies
    /// that cannot be placed are counted in the report (unique ones with their positions).
    pub fn vacancy_facts(
        &mut self,
        scope: &Scope,
        mut f: impl FnMut(VacancyFactRow),
    ) -> Result<VacancyFactReport, StoreError> {
        let (kind, key, _) = scope_params(scope);
        let mut report = VacancyFactReport::default();
        self.conn.query_each(
            VACANCY_FACTS,
            &[Value::Int(kind), Value::Text(&key)],
            |row| {
                report.rows += 1;
                let id = row.int(0);
                let first_of_cluster = row.opt_int(7).is_none_or(|c| c == id);
                let positions = u32::try_from(row.int(4)).unwrap_or(0);
                let Some(month) = month_of(row.opt_text(3)) else {
                    report.bad_date += 1;
                    return Ok(());
                };
                let region = row
                    .opt_text(1)
                    .and_then(|s| RegionCode::parse(&s).ok())
                    .filter(|r| r.is_regency());
                let isco = row
                    .opt_text(2)
                    .and_then(|s| IscoCode::parse(&s).ok())
                    .filter(|c| c.is_unit());
                let (Some(region), Some(isco)) = (region, isco) else {
                    if first_of_cluster {
                        report.unplaced += 1;
                        report.unplaced_positions += u64::from(positions);
                        if region.is_none() {
                            report.unplaced_no_regency += 1;
                        } else {
                            report.unplaced_no_unit += 1;
                        }
                    }
                    return Ok(());
                };
                let salary = match (row.opt_int(5), row.opt_int(6)) {
                    (Some(lo), Some(hi)) => Some(Rupiah(lo.saturating_add(hi) / 2)),
                    (Some(v), None) | (None, Some(v)) => Some(Rupiah(v)),
                    (None, None) => None,
                };
                report.facts += 1;
                f(VacancyFactRow {
                    id,
                    region,
                    isco,
                    month,
                    positions,
                    salary,
                    first_of_cluster,
                });
                Ok(())
            },
        )?;
        Ok(report)
    }

    /// Streams active job seekers in scope grouped by (region, preferred occupations as
    /// stored, registration month). Splitting a person across the occupations they want is
    /// left to the caller.
    pub fn seeker_facts(
        &mut self,
        scope: &Scope,
        mut f: impl FnMut(SeekerFactRow),
    ) -> Result<SeekerFactReport, StoreError> {
        let (kind, key, _) = scope_params(scope);
        let mut report = SeekerFactReport::default();
        self.conn.query_each(
            SEEKER_FACTS,
            &[Value::Int(kind), Value::Text(&key)],
            |row| {
                let n = count(&row, 3);
                report.seekers += n;
                let region = row.opt_text(0).and_then(|s| RegionCode::parse(&s).ok());
                let month = month_of(row.opt_text(2));
                let (Some(region), Some(month)) = (region, month) else {
                    report.bad_rows += n;
                    return Ok(());
                };
                let stored = row.text(1);
                let codes = stored.split(';').filter(|c| !c.trim().is_empty());
                let preferred: Vec<IscoCode> = codes
                    .clone()
                    .filter_map(|c| IscoCode::parse(c).ok())
                    .collect();
                if preferred.len() < codes.count() {
                    report.bad_preferred_codes += n;
                }
                report.groups += 1;
                f(SeekerFactRow {
                    region,
                    preferred,
                    month,
                    n,
                });
                Ok(())
            },
        )?;
        Ok(report)
    }

    /// Streams the regional indicators in scope, in import order. Rows whose stored values no
    /// longer parse are counted in the report.
    pub fn indicator_facts(
        &mut self,
        scope: &Scope,
        mut f: impl FnMut(IndicatorFactRow),
    ) -> Result<IndicatorFactReport, StoreError> {
        let (kind, key, _) = scope_params(scope);
        let mut report = IndicatorFactReport::default();
        self.conn.query_each(
            INDICATOR_FACTS,
            &[Value::Int(kind), Value::Text(&key)],
            |row| {
                report.rows += 1;
                let region = row.opt_text(0).and_then(|s| RegionCode::parse(&s).ok());
                let year = row.opt_int(1).and_then(|y| u16::try_from(y).ok());
                let category = row.opt_text(2).and_then(|s| KbliCategory::parse(&s).ok());
                let grdp = row.opt_real(3).filter(|v| v.is_finite() && *v >= 0.0);
                let (Some(region), Some(year), Some(category), Some(grdp_idr_billion)) =
                    (region, year, category, grdp)
                else {
                    report.bad_rows += 1;
                    return Ok(());
                };
                f(IndicatorFactRow {
                    region,
                    year,
                    category,
                    grdp_idr_billion,
                    employment: row.opt_int(4).and_then(|v| u64::try_from(v).ok()),
                });
                Ok(())
            },
        )?;
        Ok(report)
    }

    /// Streams enrolled and completed trainees in scope grouped by (BLK regency, programme,
    /// cohort end month, status, also a registered job seeker, already placed). Dropped and
    /// failed trainees are not read.
    pub fn trainee_facts(
        &mut self,
        scope: &Scope,
        mut f: impl FnMut(TraineeFactRow),
    ) -> Result<TraineeFactReport, StoreError> {
        let (kind, key, blk) = scope_params(scope);
        let mut report = TraineeFactReport::default();
        self.conn.query_each(
            TRAINEE_FACTS,
            &[Value::Int(kind), Value::Text(&key), Value::Text(&blk)],
            |row| {
                let n = count(&row, 6);
                report.trainees += n;
                let region = row.opt_text(0).and_then(|s| RegionCode::parse(&s).ok());
                let month = month_of(row.opt_text(2));
                let status = TraineeStatus::parse(&row.text(3)).ok();
                let (Some(region), Some(end_month), Some(status)) = (region, month, status) else {
                    report.bad_rows += n;
                    return Ok(());
                };
                report.groups += 1;
                f(TraineeFactRow {
                    region,
                    programme: row.text(1),
                    end_month,
                    status,
                    registered: row.int(4) != 0,
                    placed: row.int(5) != 0,
                    n,
                });
                Ok(())
            },
        )?;
        Ok(report)
    }
}

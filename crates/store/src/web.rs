//! Reads for the web application and JSON API: aggregates per region, occupation and BLK, and
//! one page of the vacancy list, each filtered by the caller's scope.
//!
//! Owns only the SQL and the mapping of rows to plain structs. What is shown, small-cell
//! suppression and rates are the server's business. Nothing here returns personal data: job
//! seekers, trainees and placements are only ever counted.
//!
//! Every query runs unchanged on SQLite and PostgreSQL: `$n` placeholders, `SUBSTR` on ISO
//! dates, sums cast to `BIGINT` (PostgreSQL's `SUM(BIGINT)` is `NUMERIC`), and text parameters
//! that may be empty cast to `TEXT` so PostgreSQL can type them.

use std::collections::BTreeMap;

use domain::{IscoCode, RegionCode, Scope, YearMonth};

use crate::conn::{Row, Value};
use crate::{Store, StoreError};

/// Whole months, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRange {
    pub from: YearMonth,
    pub to: YearMonth,
}

impl MonthRange {
    /// The first day of the range and the first day after it, as ISO dates.
    fn bounds(self) -> (String, String) {
        let end = YearMonth::from_index(self.to.index() + 1);
        (
            self.from.first_day().to_string(),
            end.first_day().to_string(),
        )
    }
}

/// Headline counts of a scope. Vacancies count one per duplicate cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headline {
    pub blks: i64,
    pub active_job_seekers: i64,
    pub unique_vacancies: i64,
    pub cohorts: i64,
    pub trainees: i64,
    /// Trainees who completed their programme.
    pub graduates: i64,
    pub placements: i64,
}

/// The level regions are grouped at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionLevel {
    Province,
    Regency,
}

/// Counts of one region. Vacancies are unique ones (one per duplicate cluster) posted in the
/// period asked for; BLKs and active job seekers are as of now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionCounts {
    pub region: RegionCode,
    pub blks: i64,
    pub active_job_seekers: i64,
    pub unique_vacancies: i64,
    pub positions: i64,
}

/// Vacancy demand for one ISCO-08 group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccupationDemand {
    pub isco: IscoCode,
    pub unique_vacancies: i64,
    pub positions: i64,
}

/// A BLK in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlkListRow {
    pub code: String,
    pub name: String,
    pub blk_type: String,
    pub region: Option<RegionCode>,
}

/// One kejuruan's capacity at a BLK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlkCapacity {
    pub kejuruan_code: String,
    pub workshops: i64,
    pub instructors: i64,
}

/// What a BLK is and offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlkProfile {
    pub code: String,
    pub name: String,
    pub blk_type: String,
    pub region: Option<RegionCode>,
    pub address: Option<String>,
    pub capacity: Vec<BlkCapacity>,
    pub programmes: Vec<String>,
}

/// Cohorts of one BLK grouped by start year and programme, with trainee counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortGroup {
    pub year: i32,
    pub programme_code: String,
    pub cohorts: i64,
    pub seats: i64,
    pub trainees: i64,
    /// Trainees no longer enrolled (completed, not passed or dropped).
    pub finished: i64,
    pub completed: i64,
    pub certified: i64,
}

/// Filters of the vacancy list; `None` means no filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VacancyFilter {
    pub province: Option<RegionCode>,
    pub regency: Option<RegionCode>,
    /// Vacancies coded to this group or any group under it.
    pub isco: Option<IscoCode>,
    /// Case-insensitive substring of the title (ASCII case folding).
    pub title_contains: Option<String>,
    pub period: Option<MonthRange>,
}

/// One vacancy in a list: the ad's public fields only (no description, no contact text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacancyListRow {
    pub id: i64,
    pub source: String,
    pub title: String,
    pub employer: Option<String>,
    pub region_code: Option<String>,
    pub isco08: Option<String>,
    pub positions: i64,
    pub posted_date: String,
    pub expires_date: Option<String>,
    /// The first vacancy of this one's duplicate cluster, when this one is a duplicate.
    pub duplicate_of: Option<i64>,
}

/// One vacancy as recorded: every field of the ad and what the import derived from it (the
/// occupation and its confidence, the region and whether it was resolved from the location
/// text, the duplicate cluster). The description is returned as stored; the server decides what
/// of it to show.
#[derive(Debug, Clone, PartialEq)]
pub struct VacancyDetail {
    pub id: i64,
    pub source: String,
    pub source_id: String,
    pub title: String,
    pub description: Option<String>,
    pub employer: Option<String>,
    pub region_code: Option<String>,
    pub location_text: Option<String>,
    /// The region was read from `location_text` by the resolver, not given by the source.
    pub region_resolved: bool,
    pub isco08: Option<String>,
    /// The coder's calibrated confidence when the occupation was coded on import; `None` when
    /// the source gave the code.
    pub isco_confidence: Option<f64>,
    /// Whose the code is when a reviewer gave it: 1 its title's review, 2 its own
    /// ([`crate::AD_REVIEWED`]); 0 otherwise.
    pub isco_reviewed: i64,
    pub kbli: Option<String>,
    pub education: Option<String>,
    pub experience_years: Option<f64>,
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    pub positions: i64,
    pub posted_date: String,
    pub expires_date: Option<String>,
    pub duplicate_cluster: Option<i64>,
    /// The ad's context fields as the coder read them (category, function, study programmes).
    pub context: Option<String>,
    pub skill_tags: Option<String>,
}

/// One page of vacancies and how many match in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VacancyPage {
    pub total: i64,
    pub rows: Vec<VacancyListRow>,
}

/// The scope as two parameters (as in `read.rs`): a kind (0 central, 1 province, 2 regency,
/// 3 BLK) and a key (province code, regency code or BLK code).
fn scope_params(scope: &Scope) -> (i64, String) {
    match scope {
        Scope::Central => (0, String::new()),
        Scope::Province(r) => (1, r.province().to_string()),
        Scope::Regency(r) => (2, r.to_string()),
        Scope::Blk { code, .. } => (3, code.clone()),
    }
}

/// The region key of a BLK scope is its regency, so region-located rows are filtered by it.
pub(crate) fn region_scope_params(scope: &Scope) -> (i64, String) {
    match scope {
        Scope::Blk { region, .. } => (3, region.to_string()),
        other => scope_params(other),
    }
}

const BLK_SCOPE: &str = "($1 = 0 OR ($1 = 1 AND b.province_code = $2) OR ($1 = 2 AND b.region_code = $2) OR ($1 = 3 AND b.code = $2))";
pub(crate) const VACANCY_SCOPE: &str =
    "($1 = 0 OR ($1 = 1 AND v.province_code = $2) OR ($1 IN (2, 3) AND v.region_code = $2))";
const SEEKER_SCOPE: &str =
    "($1 = 0 OR ($1 = 1 AND js.province_code = $2) OR ($1 IN (2, 3) AND js.region_code = $2))";
const UNIQUE: &str = "(v.duplicate_cluster IS NULL OR v.duplicate_cluster = v.id)";
const PERIOD: &str = "(CAST($3 AS TEXT) = '' OR v.posted_date >= CAST($3 AS TEXT)) AND (CAST($4 AS TEXT) = '' OR v.posted_date < CAST($4 AS TEXT))";

fn period_params(period: Option<MonthRange>) -> (String, String) {
    period.map(MonthRange::bounds).unwrap_or_default()
}

impl Store {
    /// Whether the database answers a trivial query (readiness).
    pub fn ping(&mut self) -> Result<(), StoreError> {
        self.conn.query_row("SELECT 1", &[])?;
        Ok(())
    }

    /// A number that changes whenever data may have changed: the id of the latest import
    /// batch (every write goes through one). Lets a reader cache aggregates safely, even
    /// while another process imports.
    pub fn data_version(&mut self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) FROM import_batches", &[])?
            .map(|r| r.int(0))
            .unwrap_or(0))
    }

    /// The month of the most recent vacancy posting in scope.
    pub fn latest_vacancy_month(&mut self, scope: &Scope) -> Result<Option<YearMonth>, StoreError> {
        let (k, v) = region_scope_params(scope);
        let row = self.conn.query_row(
            &format!("SELECT MAX(v.posted_date) FROM vacancies v WHERE {VACANCY_SCOPE}"),
            &[Value::Int(k), Value::Text(&v)],
        )?;
        Ok(row
            .and_then(|r| r.opt_text(0))
            .and_then(|d| YearMonth::parse(d.get(..7)?).ok()))
    }

    /// Headline counts of everything visible in a scope.
    pub fn headline(&mut self, scope: &Scope) -> Result<Headline, StoreError> {
        let (k, v) = scope_params(scope);
        let (rk, rv) = region_scope_params(scope);
        let blk_p = [Value::Int(k), Value::Text(&v)];
        let region_p = [Value::Int(rk), Value::Text(&rv)];
        let mut count = |sql: String, p: &[Value<'_>]| -> Result<i64, StoreError> {
            Ok(self.conn.query_row(&sql, p)?.map(|r| r.int(0)).unwrap_or(0))
        };
        let blks = count(
            format!("SELECT COUNT(*) FROM blks b WHERE {BLK_SCOPE}"),
            &blk_p,
        )?;
        let active_job_seekers = count(
            format!(
                "SELECT COUNT(*) FROM job_seekers js WHERE js.status = 'ACTIVE' AND {SEEKER_SCOPE}"
            ),
            &region_p,
        )?;
        let unique_vacancies = count(
            format!("SELECT COUNT(*) FROM vacancies v WHERE {UNIQUE} AND {VACANCY_SCOPE}"),
            &region_p,
        )?;
        let cohorts = count(
            format!(
                "SELECT COUNT(*) FROM cohorts c JOIN blks b ON b.id = c.blk_id WHERE {BLK_SCOPE}"
            ),
            &blk_p,
        )?;
        let trainees = count(
            format!(
                "SELECT COUNT(*) FROM trainees t JOIN cohorts c ON c.id = t.cohort_id JOIN blks b ON b.id = c.blk_id WHERE {BLK_SCOPE}"
            ),
            &blk_p,
        )?;
        let graduates = count(
            format!(
                "SELECT COUNT(*) FROM trainees t JOIN cohorts c ON c.id = t.cohort_id JOIN blks b ON b.id = c.blk_id WHERE t.status = 'COMPLETED' AND {BLK_SCOPE}"
            ),
            &blk_p,
        )?;
        // A placement belongs to the BLK of its cohort, or else to where the person lives.
        let placements = count(
            "SELECT COUNT(*) FROM placements pl JOIN persons p ON p.id = pl.person_id LEFT JOIN cohorts c ON c.id = pl.cohort_id LEFT JOIN blks b ON b.id = c.blk_id
             WHERE ($1 = 0 OR ($1 = 1 AND COALESCE(b.province_code, p.province_code) = $2) OR ($1 = 2 AND COALESCE(b.region_code, p.region_code) = $2) OR ($1 = 3 AND b.code = $2))"
                .to_string(),
            &blk_p,
        )?;
        Ok(Headline {
            blks,
            active_job_seekers,
            unique_vacancies,
            cohorts,
            trainees,
            graduates,
            placements,
        })
    }

    /// Counts per province or per regency/city inside a scope, in code order. Regions with
    /// nothing in them are left out; rows whose stored code no longer parses are skipped.
    pub fn region_counts(
        &mut self,
        scope: &Scope,
        level: RegionLevel,
        period: Option<MonthRange>,
    ) -> Result<Vec<RegionCounts>, StoreError> {
        let (k, v) = scope_params(scope);
        let (rk, rv) = region_scope_params(scope);
        let (from, to) = period_params(period);
        let (vcol, jscol, bcol) = match level {
            RegionLevel::Province => ("v.province_code", "js.province_code", "b.province_code"),
            RegionLevel::Regency => ("v.region_code", "js.region_code", "b.region_code"),
        };
        // Three grouped reads merged by region code.
        let vacancies = self.conn.query(
            &format!(
                "SELECT {vcol}, COUNT(*), CAST(SUM(v.positions) AS BIGINT) FROM vacancies v
                 WHERE {vcol} IS NOT NULL AND {UNIQUE} AND {VACANCY_SCOPE} AND {PERIOD}
                 GROUP BY {vcol}"
            ),
            &[
                Value::Int(rk),
                Value::Text(&rv),
                Value::Text(&from),
                Value::Text(&to),
            ],
        )?;
        let seekers = self.conn.query(
            &format!(
                "SELECT {jscol}, COUNT(*) FROM job_seekers js WHERE js.status = 'ACTIVE' AND {SEEKER_SCOPE} GROUP BY {jscol}"
            ),
            &[Value::Int(rk), Value::Text(&rv)],
        )?;
        let blks = self.conn.query(
            &format!("SELECT {bcol}, COUNT(*) FROM blks b WHERE {BLK_SCOPE} GROUP BY {bcol}"),
            &[Value::Int(k), Value::Text(&v)],
        )?;
        let mut out: BTreeMap<RegionCode, RegionCounts> = BTreeMap::new();
        for r in &vacancies {
            if let Some(e) = region_slot(&mut out, level, &r.text(0)) {
                e.unique_vacancies = r.int(1);
                e.positions = r.int(2);
            }
        }
        for r in &seekers {
            if let Some(e) = region_slot(&mut out, level, &r.text(0)) {
                e.active_job_seekers = r.int(1);
            }
        }
        for r in &blks {
            if let Some(e) = region_slot(&mut out, level, &r.text(0)) {
                e.blks = r.int(1);
            }
        }
        Ok(out.into_values().collect())
    }

    /// Unique vacancies and positions per ISCO-08 unit group in a scope and period (optionally
    /// only under one group), most positions first.
    pub fn top_occupations(
        &mut self,
        scope: &Scope,
        period: Option<MonthRange>,
        limit: i64,
    ) -> Result<Vec<OccupationDemand>, StoreError> {
        let (rk, rv) = region_scope_params(scope);
        let (from, to) = period_params(period);
        let rows = self.conn.query(
            &format!(
                "SELECT v.isco08, COUNT(*), CAST(SUM(v.positions) AS BIGINT) FROM vacancies v
                 WHERE v.isco08 IS NOT NULL AND {UNIQUE} AND {VACANCY_SCOPE} AND {PERIOD}
                 GROUP BY v.isco08 ORDER BY 3 DESC, 1 LIMIT $5"
            ),
            &[
                Value::Int(rk),
                Value::Text(&rv),
                Value::Text(&from),
                Value::Text(&to),
                Value::Int(limit),
            ],
        )?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                Some(OccupationDemand {
                    isco: IscoCode::parse(&r.text(0)).ok()?,
                    unique_vacancies: r.int(1),
                    positions: r.int(2),
                })
            })
            .collect())
    }

    /// Unique vacancies and positions for one occupation group per province or regency/city,
    /// in code order.
    pub fn occupation_by_region(
        &mut self,
        scope: &Scope,
        isco: IscoCode,
        level: RegionLevel,
        period: Option<MonthRange>,
    ) -> Result<Vec<RegionCounts>, StoreError> {
        let (rk, rv) = region_scope_params(scope);
        let (from, to) = period_params(period);
        let col = match level {
            RegionLevel::Province => "v.province_code",
            RegionLevel::Regency => "v.region_code",
        };
        let prefix = isco.to_string();
        let rows = self.conn.query(
            &format!(
                "SELECT {col}, COUNT(*), CAST(SUM(v.positions) AS BIGINT) FROM vacancies v
                 WHERE {col} IS NOT NULL AND SUBSTR(v.isco08, 1, $6) = CAST($5 AS TEXT)
                   AND {UNIQUE} AND {VACANCY_SCOPE} AND {PERIOD}
                 GROUP BY {col}"
            ),
            &[
                Value::Int(rk),
                Value::Text(&rv),
                Value::Text(&from),
                Value::Text(&to),
                Value::Text(&prefix),
                Value::Int(prefix.len() as i64),
            ],
        )?;
        let mut out: BTreeMap<RegionCode, RegionCounts> = BTreeMap::new();
        for r in &rows {
            if let Some(e) = region_slot(&mut out, level, &r.text(0)) {
                e.unique_vacancies = r.int(1);
                e.positions = r.int(2);
            }
        }
        Ok(out.into_values().collect())
    }

    /// Title and description of the latest unique vacancies of an occupation group in a scope
    /// and period, newest first, at most `limit` (skills are read from them by the caller).
    pub fn occupation_ad_texts(
        &mut self,
        scope: &Scope,
        isco: IscoCode,
        period: Option<MonthRange>,
        limit: i64,
    ) -> Result<Vec<(String, Option<String>)>, StoreError> {
        let (rk, rv) = region_scope_params(scope);
        let (from, to) = period_params(period);
        let prefix = isco.to_string();
        let rows = self.conn.query(
            &format!(
                "SELECT v.title, v.description FROM vacancies v
                 WHERE SUBSTR(v.isco08, 1, $6) = CAST($5 AS TEXT)
                   AND {UNIQUE} AND {VACANCY_SCOPE} AND {PERIOD}
                 ORDER BY v.posted_date DESC, v.id DESC
                 LIMIT $7"
            ),
            &[
                Value::Int(rk),
                Value::Text(&rv),
                Value::Text(&from),
                Value::Text(&to),
                Value::Text(&prefix),
                Value::Int(prefix.len() as i64),
                Value::Int(limit),
            ],
        )?;
        Ok(rows.iter().map(|r| (r.text(0), r.opt_text(1))).collect())
    }

    /// BLKs in a scope, in code order.
    pub fn blk_list(&mut self, scope: &Scope) -> Result<Vec<BlkListRow>, StoreError> {
        let (k, v) = scope_params(scope);
        let rows = self.conn.query(
            &format!(
                "SELECT b.code, b.name, b.blk_type, b.region_code FROM blks b WHERE {BLK_SCOPE} ORDER BY b.code"
            ),
            &[Value::Int(k), Value::Text(&v)],
        )?;
        Ok(rows
            .iter()
            .map(|r| BlkListRow {
                code: r.text(0),
                name: r.text(1),
                blk_type: r.text(2),
                region: RegionCode::parse(&r.text(3)).ok(),
            })
            .collect())
    }

    /// One BLK with its capacity and programmes, if it exists and is in scope.
    pub fn blk_profile(
        &mut self,
        scope: &Scope,
        code: &str,
    ) -> Result<Option<BlkProfile>, StoreError> {
        let (k, v) = scope_params(scope);
        let p = [Value::Int(k), Value::Text(&v), Value::Text(code)];
        let Some(r) = self.conn.query_row(
            &format!(
                "SELECT b.id, b.code, b.name, b.blk_type, b.region_code, b.address FROM blks b WHERE b.code = $3 AND {BLK_SCOPE}"
            ),
            &p,
        )?
        else {
            return Ok(None);
        };
        let id = r.int(0);
        let capacity = self
            .conn
            .query(
                "SELECT kejuruan_code, workshops, instructors FROM blk_capacity WHERE blk_id = $1 ORDER BY kejuruan_code",
                &[Value::Int(id)],
            )?
            .iter()
            .map(|c| BlkCapacity {
                kejuruan_code: c.text(0),
                workshops: c.int(1),
                instructors: c.int(2),
            })
            .collect();
        let programmes = self
            .conn
            .query(
                "SELECT programme_code FROM blk_programmes WHERE blk_id = $1 ORDER BY programme_code",
                &[Value::Int(id)],
            )?
            .iter()
            .map(|c| c.text(0))
            .collect();
        Ok(Some(BlkProfile {
            code: r.text(1),
            name: r.text(2),
            blk_type: r.text(3),
            region: RegionCode::parse(&r.text(4)).ok(),
            address: r.opt_text(5),
            capacity,
            programmes,
        }))
    }

    /// A BLK's cohorts grouped by start year and programme, newest year first. Empty when the
    /// BLK is unknown or out of scope.
    pub fn blk_cohorts(
        &mut self,
        scope: &Scope,
        code: &str,
    ) -> Result<Vec<CohortGroup>, StoreError> {
        let (k, v) = scope_params(scope);
        let rows = self.conn.query(
            &format!(
                "SELECT x.yr, x.programme_code, COUNT(*), CAST(SUM(x.seats) AS BIGINT), CAST(SUM(x.n) AS BIGINT),
                        CAST(SUM(x.finished) AS BIGINT), CAST(SUM(x.completed) AS BIGINT), CAST(SUM(x.certified) AS BIGINT)
                 FROM (
                   SELECT SUBSTR(c.start_date, 1, 4) AS yr, c.programme_code, c.seats,
                     (SELECT COUNT(*) FROM trainees t WHERE t.cohort_id = c.id) AS n,
                     (SELECT COUNT(*) FROM trainees t WHERE t.cohort_id = c.id AND t.status <> 'ENROLLED') AS finished,
                     (SELECT COUNT(*) FROM trainees t WHERE t.cohort_id = c.id AND t.status = 'COMPLETED') AS completed,
                     (SELECT COUNT(*) FROM trainees t WHERE t.cohort_id = c.id AND t.certified <> 0) AS certified
                   FROM cohorts c JOIN blks b ON b.id = c.blk_id
                   WHERE b.code = $3 AND {BLK_SCOPE}
                 ) x
                 GROUP BY x.yr, x.programme_code ORDER BY x.yr DESC, x.programme_code"
            ),
            &[Value::Int(k), Value::Text(&v), Value::Text(code)],
        )?;
        Ok(rows
            .iter()
            .map(|r| CohortGroup {
                year: r.text(0).parse().unwrap_or(0),
                programme_code: r.text(1),
                cohorts: r.int(2),
                seats: r.int(3),
                trainees: r.int(4),
                finished: r.int(5),
                completed: r.int(6),
                certified: r.int(7),
            })
            .collect())
    }

    /// One page of vacancies matching a filter, newest first, and the number matching in all.
    /// Duplicates are listed (and marked through `duplicate_of`).
    pub fn vacancy_list(
        &mut self,
        scope: &Scope,
        filter: &VacancyFilter,
        offset: i64,
        limit: i64,
    ) -> Result<VacancyPage, StoreError> {
        let (rk, rv) = region_scope_params(scope);
        let (from, to) = period_params(filter.period);
        let province = filter.province.map(|r| r.to_string()).unwrap_or_default();
        let regency = filter.regency.map(|r| r.to_string()).unwrap_or_default();
        let isco = filter.isco.map(|c| c.to_string()).unwrap_or_default();
        // The title filter is a LIKE pattern with the user's wildcards escaped.
        let text = filter
            .title_contains
            .as_deref()
            .map(|t| {
                let mut s = String::with_capacity(t.len() + 2);
                s.push('%');
                for c in t.to_ascii_lowercase().chars() {
                    if matches!(c, '%' | '_' | '\\') {
                        s.push('\\');
                    }
                    s.push(c);
                }
                s.push('%');
                s
            })
            .unwrap_or_default();
        let filter_sql = format!(
            "{VACANCY_SCOPE} AND {PERIOD}
             AND (CAST($5 AS TEXT) = '' OR v.province_code = CAST($5 AS TEXT))
             AND (CAST($6 AS TEXT) = '' OR v.region_code = CAST($6 AS TEXT))
             AND (CAST($7 AS TEXT) = '' OR SUBSTR(v.isco08, 1, $8) = CAST($7 AS TEXT))
             AND (CAST($9 AS TEXT) = '' OR LOWER(v.title) LIKE CAST($9 AS TEXT) ESCAPE '\\')"
        );
        let mut params = vec![
            Value::Int(rk),
            Value::Text(&rv),
            Value::Text(&from),
            Value::Text(&to),
            Value::Text(&province),
            Value::Text(&regency),
            Value::Text(&isco),
            Value::Int(isco.len() as i64),
            Value::Text(&text),
        ];
        let total = self
            .conn
            .query_row(
                &format!("SELECT COUNT(*) FROM vacancies v WHERE {filter_sql}"),
                &params,
            )?
            .map(|r| r.int(0))
            .unwrap_or(0);
        params.push(Value::Int(limit));
        params.push(Value::Int(offset));
        let rows = self.conn.query(
            &format!(
                "SELECT v.id, v.source, v.title, v.employer, v.region_code, v.isco08, v.positions, v.posted_date, v.expires_date, v.duplicate_cluster
                 FROM vacancies v WHERE {filter_sql}
                 ORDER BY v.posted_date DESC, v.id DESC LIMIT $10 OFFSET $11"
            ),
            &params,
        )?;
        Ok(VacancyPage {
            total,
            rows: rows.iter().map(vacancy_row).collect(),
        })
    }

    /// One vacancy, if it exists and the scope may see it.
    pub fn vacancy_detail(
        &mut self,
        scope: &Scope,
        id: i64,
    ) -> Result<Option<VacancyDetail>, StoreError> {
        let (k, v) = region_scope_params(scope);
        let row = self.conn.query_row(
            &format!(
                "SELECT v.id, v.source, v.source_id, v.title, v.description, v.employer, v.region_code,
                        v.location_text, v.region_resolved, v.isco08, v.isco_confidence, v.kbli,
                        v.education, v.experience_years, v.salary_min, v.salary_max, v.positions,
                        v.posted_date, v.expires_date, v.duplicate_cluster, v.context, v.skill_tags,
                        v.isco_reviewed
                 FROM vacancies v WHERE {VACANCY_SCOPE} AND v.id = $3"
            ),
            &[Value::Int(k), Value::Text(&v), Value::Int(id)],
        )?;
        Ok(row.map(|r| VacancyDetail {
            id: r.int(0),
            source: r.text(1),
            source_id: r.text(2),
            title: r.text(3),
            description: r.opt_text(4),
            employer: r.opt_text(5),
            region_code: r.opt_text(6),
            location_text: r.opt_text(7),
            region_resolved: r.int(8) != 0,
            isco08: r.opt_text(9),
            isco_confidence: r.opt_real(10),
            isco_reviewed: r.int(22),
            kbli: r.opt_text(11),
            education: r.opt_text(12),
            experience_years: r.opt_real(13),
            salary_min: r.opt_int(14),
            salary_max: r.opt_int(15),
            positions: r.int(16),
            posted_date: r.text(17),
            expires_date: r.opt_text(18),
            duplicate_cluster: r.opt_int(19),
            context: r.opt_text(20),
            skill_tags: r.opt_text(21),
        }))
    }

    /// The vacancies of a duplicate cluster the scope may see, first posted first (the
    /// cluster's id is its first vacancy's), at most `limit`.
    pub fn vacancy_cluster(
        &mut self,
        scope: &Scope,
        cluster: i64,
        limit: i64,
    ) -> Result<Vec<VacancyListRow>, StoreError> {
        let (k, v) = region_scope_params(scope);
        let rows = self.conn.query(
            &format!(
                "SELECT v.id, v.source, v.title, v.employer, v.region_code, v.isco08, v.positions, v.posted_date, v.expires_date, v.duplicate_cluster
                 FROM vacancies v WHERE {VACANCY_SCOPE} AND v.duplicate_cluster = $3
                 ORDER BY v.posted_date, v.id LIMIT $4"
            ),
            &[Value::Int(k), Value::Text(&v), Value::Int(cluster), Value::Int(limit)],
        )?;
        Ok(rows.iter().map(vacancy_row).collect())
    }
}

fn vacancy_row(r: &Row) -> VacancyListRow {
    let id = r.int(0);
    VacancyListRow {
        id,
        source: r.text(1),
        title: r.text(2),
        employer: r.opt_text(3),
        region_code: r.opt_text(4),
        isco08: r.opt_text(5),
        positions: r.int(6),
        posted_date: r.text(7),
        expires_date: r.opt_text(8),
        duplicate_of: r.opt_int(9).filter(|&c| c != id),
    }
}

/// The counts of one region in a merge, created on first sight. `None` for a code that no
/// longer parses, or a province-level code when regencies are asked for.
fn region_slot<'a>(
    out: &'a mut BTreeMap<RegionCode, RegionCounts>,
    level: RegionLevel,
    code: &str,
) -> Option<&'a mut RegionCounts> {
    let region = RegionCode::parse(code).ok()?;
    if level == RegionLevel::Regency && region.is_province() {
        return None;
    }
    Some(out.entry(region).or_insert(RegionCounts {
        region,
        blks: 0,
        active_job_seekers: 0,
        unique_vacancies: 0,
        positions: 0,
    }))
}

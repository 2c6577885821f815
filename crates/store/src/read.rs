//! Reads: batch registry, counts and flat exports, each filtered by the caller's scope.

use domain::Scope;

use crate::conn::{Row, Value};

/// The columns of a targets file, as the import reads them and the export writes them.
pub const TARGET_COLUMNS: [&str; 6] = [
    "indicator",
    "level",
    "area_code",
    "year",
    "project_year",
    "target",
];
use crate::{Store, StoreError};

/// One row of the import registry.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchInfo {
    pub id: i64,
    pub entity: String,
    pub file_name: String,
    pub imported_at: String,
    pub rows_total: i64,
    pub rows_inserted: i64,
    pub rows_updated: i64,
    pub rows_unchanged: i64,
    pub rows_rejected: i64,
}

/// Record counts visible in a scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub blks: i64,
    pub job_seekers: i64,
    pub vacancies: i64,
    pub cohorts: i64,
    pub trainees: i64,
    pub placements: i64,
    pub tracer_responses: i64,
    pub batches: i64,
}

/// The scope as three parameters: a kind (0 central, 1 province, 2 regency, 3 BLK), a key (the
/// province code, the regency code or the BLK code) and the regency a regency or BLK user sees.
/// Every scoped query spells the same predicate over them, so one SQL text serves all scopes.
fn scope_params(scope: &Scope) -> (i64, String, String) {
    match scope {
        Scope::Central => (0, String::new(), String::new()),
        Scope::Province(r) => (1, r.province().to_string(), String::new()),
        Scope::Regency(r) => (2, r.to_string(), r.to_string()),
        Scope::Blk { code, region } => (3, code.clone(), region.to_string()),
    }
}

/// Columns of each export, in order.
pub fn export_columns(entity: &str) -> Option<&'static [&'static str]> {
    Some(match entity {
        "blks" => &[
            "code",
            "name",
            "type",
            "region_code",
            "address",
            "capacity",
            "programmes",
        ],
        "job-seekers" => &[
            "nik_masked",
            "name",
            "sex",
            "birth_date",
            "region_code",
            "education",
            "preferred_isco",
            "skills",
            "registered_date",
            "status",
        ],
        "vacancies" => &[
            "source",
            "source_id",
            "title",
            "employer",
            "region_code",
            "location",
            "isco08",
            "kbli",
            "education",
            "experience_years",
            "salary_min",
            "salary_max",
            "positions",
            "posted_date",
            "expires_date",
            "duplicate_cluster",
            "isco_basis",
        ],
        "cohorts" => &[
            "cohort_code",
            "blk_code",
            "programme_code",
            "start_date",
            "end_date",
            "seats",
            "funding",
            "nik_masked",
            "name",
            "sex",
            "status",
            "certified",
        ],
        "placements" => &[
            "nik_masked",
            "placement_type",
            "employer",
            "start_date",
            "cohort_code",
            "isco08",
            "region_code",
            "monthly_income",
        ],
        "tracer" => &[
            "nik_masked",
            "cohort_code",
            "wave",
            "response_date",
            "status",
            "monthly_income",
            "relevant",
            "respondent",
        ],
        "indicators" => &[
            "region_code",
            "year",
            "kbli_category",
            "grdp_idr_billion",
            "employment",
        ],
        // The import template's columns, so an export can be edited and imported back.
        "targets" => &TARGET_COLUMNS,
        _ => return None,
    })
}

const BLK_SCOPE: &str = "($1 = 0 OR ($1 = 1 AND b.province_code = $2) OR ($1 = 2 AND b.region_code = $3) OR ($1 = 3 AND b.code = $2 AND b.region_code = $3))";

/// How a vacancy's occupation code was obtained, as the export and the API name it: given by
/// the source, coded by Listraf at import (or a recode), coded by a reviewer through its title
/// or on its own, or none.
const ISCO_BASIS: &str = "CASE WHEN v.isco08 IS NULL THEN 'uncoded' WHEN v.isco_reviewed = 1 THEN 'reviewed'
                         WHEN v.isco_reviewed = 2 THEN 'reviewed_ad'
                         WHEN v.isco_confidence IS NOT NULL THEN 'coded_on_import' ELSE 'source' END";

impl Store {
    pub fn find_batch(
        &mut self,
        entity: &str,
        sha256: &str,
    ) -> Result<Option<BatchInfo>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("{BATCH_SELECT} WHERE entity = $1 AND file_sha256 = $2"),
                &[Value::Text(entity), Value::Text(sha256)],
            )?
            .map(|r| batch_info(&r)))
    }

    /// Import batches, newest first.
    pub fn batches(&mut self, limit: i64) -> Result<Vec<BatchInfo>, StoreError> {
        Ok(self
            .conn
            .query(
                &format!("{BATCH_SELECT} ORDER BY id DESC LIMIT $1"),
                &[Value::Int(limit)],
            )?
            .iter()
            .map(batch_info)
            .collect())
    }

    pub fn summary(&mut self, scope: &Scope) -> Result<Summary, StoreError> {
        let (k, v, g) = scope_params(scope);
        let p = [Value::Int(k), Value::Text(&v), Value::Text(&g)];
        let region_filter =
            "($1 = 0 OR ($1 = 1 AND province_code = $2) OR ($1 IN (2, 3) AND region_code = $3))";
        let count = |store: &mut Store, sql: String| -> Result<i64, StoreError> {
            Ok(store
                .conn
                .query_row(&sql, &p)?
                .map(|r| r.int(0))
                .unwrap_or(0))
        };
        Ok(Summary {
            blks: count(self, format!("SELECT COUNT(*) FROM blks b WHERE {BLK_SCOPE}"))?,
            job_seekers: count(self, format!("SELECT COUNT(*) FROM job_seekers WHERE {region_filter}"))?,
            vacancies: count(self, format!("SELECT COUNT(*) FROM vacancies WHERE {region_filter}"))?,
            cohorts: count(self, format!("SELECT COUNT(*) FROM cohorts c JOIN blks b ON b.id = c.blk_id WHERE {BLK_SCOPE}"))?,
            trainees: count(
                self,
                format!("SELECT COUNT(*) FROM trainees t JOIN cohorts c ON c.id = t.cohort_id JOIN blks b ON b.id = c.blk_id WHERE {BLK_SCOPE}"),
            )?,
            placements: count(
                self,
                "SELECT COUNT(*) FROM placements pl JOIN persons p ON p.id = pl.person_id LEFT JOIN cohorts c ON c.id = pl.cohort_id LEFT JOIN blks b ON b.id = c.blk_id
                     WHERE ($1 = 0 OR ($1 = 1 AND COALESCE(b.province_code, p.province_code) = $2) OR ($1 = 2 AND COALESCE(b.region_code, p.region_code) = $3) OR ($1 = 3 AND b.code = $2))".to_string(),
            )?,
            tracer_responses: count(
                self,
                format!("SELECT COUNT(*) FROM tracer_responses tr JOIN cohorts c ON c.id = tr.cohort_id JOIN blks b ON b.id = c.blk_id WHERE {BLK_SCOPE}"),
            )?,
            batches: if matches!(scope, Scope::Central) {
                self.conn.query_row("SELECT COUNT(*) FROM import_batches", &[])?.map(|r| r.int(0)).unwrap_or(0)
            } else {
                0
            },
        })
    }

    /// Streams an entity as rows of text cells (columns as [`export_columns`]). NIKs appear only
    /// masked: the clear number is not stored.
    pub fn export(
        &mut self,
        scope: &Scope,
        entity: &str,
        mut f: impl FnMut(Vec<String>),
    ) -> Result<(), StoreError> {
        let (k, v, g) = scope_params(scope);
        let p = [Value::Int(k), Value::Text(&v), Value::Text(&g)];
        let region_filter = |t: &str| {
            format!(
                "($1 = 0 OR ($1 = 1 AND {t}.province_code = $2) OR ($1 IN (2, 3) AND {t}.region_code = $3))"
            )
        };
        let sql = match entity {
            "blks" => format!(
                "SELECT b.code, b.name, b.blk_type, b.region_code, b.address,
                        (SELECT {agg_cap} FROM blk_capacity bc WHERE bc.blk_id = b.id),
                        (SELECT {agg_prog} FROM blk_programmes bp WHERE bp.blk_id = b.id)
                 FROM blks b WHERE {BLK_SCOPE} ORDER BY b.code",
                agg_cap = "STRING_AGG(bc.kejuruan_code || ':' || bc.workshops || ':' || bc.instructors, ';' ORDER BY bc.kejuruan_code)",
                agg_prog = "STRING_AGG(bp.programme_code, ';' ORDER BY bp.programme_code)",
            ),
            "job-seekers" => format!(
                "SELECT p.nik_masked, p.name, p.sex, p.birth_date, js.region_code, js.education, js.preferred_isco, js.skills, js.registered_date, js.status
                 FROM job_seekers js JOIN persons p ON p.id = js.person_id WHERE {} ORDER BY js.person_id",
                region_filter("js")
            ),
            "vacancies" => format!(
                "SELECT v.source, v.source_id, v.title, v.employer, v.region_code, v.location_text, v.isco08, v.kbli, v.education,
                        v.experience_years, v.salary_min, v.salary_max, v.positions, v.posted_date, v.expires_date, v.duplicate_cluster,
                        {ISCO_BASIS}
                 FROM vacancies v WHERE {} ORDER BY v.id",
                region_filter("v")
            ),
            "cohorts" => format!(
                "SELECT c.code, b.code, c.programme_code, c.start_date, c.end_date, c.seats, c.funding, p.nik_masked, p.name, p.sex, t.status, t.certified
                 FROM trainees t JOIN cohorts c ON c.id = t.cohort_id JOIN blks b ON b.id = c.blk_id JOIN persons p ON p.id = t.person_id
                 WHERE {BLK_SCOPE} ORDER BY c.id, t.id"
            ),
            "placements" => "SELECT p.nik_masked, pl.placement_type, pl.employer, pl.start_date, c.code, pl.isco08, pl.region_code, pl.monthly_income
                 FROM placements pl JOIN persons p ON p.id = pl.person_id LEFT JOIN cohorts c ON c.id = pl.cohort_id LEFT JOIN blks b ON b.id = c.blk_id
                 WHERE ($1 = 0 OR ($1 = 1 AND COALESCE(b.province_code, p.province_code) = $2) OR ($1 = 2 AND COALESCE(b.region_code, p.region_code) = $3) OR ($1 = 3 AND b.code = $2))
                 ORDER BY pl.id"
                .to_string(),
            "tracer" => format!(
                "SELECT p.nik_masked, c.code, tr.wave, tr.response_date, tr.status, tr.monthly_income, tr.relevant, tr.respondent
                 FROM tracer_responses tr JOIN cohorts c ON c.id = tr.cohort_id JOIN blks b ON b.id = c.blk_id JOIN persons p ON p.id = tr.person_id
                 WHERE {BLK_SCOPE} ORDER BY tr.id"
            ),
            "indicators" => format!(
                "SELECT ri.region_code, ri.year, ri.kbli_category, ri.grdp_idr_billion, ri.employment
                 FROM regional_indicators ri WHERE {} ORDER BY ri.region_code, ri.year, ri.kbli_category",
                region_filter("ri")
            ),
            // National targets have no region and are seen by the central scope only.
            "targets" => format!(
                "SELECT ot.indicator, ot.level, ot.area_code, ot.year, ot.project_year, ot.target
                 FROM outcome_targets ot WHERE {} ORDER BY ot.year, ot.level, ot.area_code, ot.indicator",
                region_filter("ot")
            ),
            other => return Err(StoreError::Internal(format!("no export for {other:?}"))),
        };
        let n = export_columns(entity).map(|c| c.len()).unwrap_or(0);
        self.conn.query_each(&sql, &p, |row: Row| {
            f((0..n).map(|i| row.display(i)).collect());
            Ok(())
        })
    }

    /// Counts rows of a table by import batch; used by integrity checks after a crash.
    pub fn rows_per_batch(&mut self, table: &str) -> Result<Vec<(i64, i64)>, StoreError> {
        let sql = match table {
            "job_seekers" => {
                "SELECT batch_id, COUNT(*) FROM job_seekers GROUP BY batch_id ORDER BY batch_id"
            }
            "vacancies" => {
                "SELECT batch_id, COUNT(*) FROM vacancies GROUP BY batch_id ORDER BY batch_id"
            }
            "trainees" => {
                "SELECT batch_id, COUNT(*) FROM trainees GROUP BY batch_id ORDER BY batch_id"
            }
            "persons" => {
                "SELECT batch_id, COUNT(*) FROM persons GROUP BY batch_id ORDER BY batch_id"
            }
            other => {
                return Err(StoreError::Internal(format!(
                    "no per-batch count for {other:?}"
                )));
            }
        };
        Ok(self
            .conn
            .query(sql, &[])?
            .iter()
            .map(|r| (r.int(0), r.int(1)))
            .collect())
    }
}

const BATCH_SELECT: &str = "SELECT id, entity, file_name, imported_at, rows_total, rows_inserted, rows_updated, rows_unchanged, rows_rejected FROM import_batches";

fn batch_info(r: &Row) -> BatchInfo {
    BatchInfo {
        id: r.int(0),
        entity: r.text(1),
        file_name: r.text(2),
        imported_at: r.text(3),
        rows_total: r.int(4),
        rows_inserted: r.int(5),
        rows_updated: r.int(6),
        rows_unchanged: r.int(7),
        rows_rejected: r.int(8),
    }
}

//! Versioned schema migrations, one template rendered for each engine.
//!
//! A migration is written once with four placeholders: `{id}` (auto-increment primary key),
//! `{int_pk}` (a plain integer primary key), `{blob}` and `{real}`. Everything else is SQL both engines accept. Migrations are only ever
//! appended; a database whose version is higher than the last one here was written by a newer
//! binary and is refused rather than guessed at.

use crate::StoreError;
use crate::conn::{Conn, Engine, Value};

pub(crate) struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "initial schema: batches, audit, BLKs, persons, job seekers, vacancies, cohorts, trainees, placements, tracer",
        sql: r#"
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE import_batches (
    id {id},
    entity TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    source_label TEXT NOT NULL,
    actor TEXT NOT NULL,
    scope TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    rows_total BIGINT NOT NULL DEFAULT 0,
    rows_inserted BIGINT NOT NULL DEFAULT 0,
    rows_updated BIGINT NOT NULL DEFAULT 0,
    rows_unchanged BIGINT NOT NULL DEFAULT 0,
    rows_rejected BIGINT NOT NULL DEFAULT 0,
    synthetic BIGINT NOT NULL DEFAULT 0,
    UNIQUE (entity, file_sha256)
);

CREATE TABLE audit_events (
    id {id},
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    scope TEXT NOT NULL,
    outcome TEXT NOT NULL
);

CREATE TABLE blks (
    id {id},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    blk_type TEXT NOT NULL,
    region_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    address TEXT,
    batch_id BIGINT NOT NULL REFERENCES import_batches(id)
);
CREATE INDEX blks_region ON blks(region_code);

CREATE TABLE blk_capacity (
    blk_id BIGINT NOT NULL REFERENCES blks(id),
    kejuruan_code TEXT NOT NULL,
    workshops BIGINT NOT NULL,
    instructors BIGINT NOT NULL,
    PRIMARY KEY (blk_id, kejuruan_code)
);

CREATE TABLE blk_programmes (
    blk_id BIGINT NOT NULL REFERENCES blks(id),
    programme_code TEXT NOT NULL,
    PRIMARY KEY (blk_id, programme_code)
);

CREATE TABLE persons (
    id {id},
    nik_hash {blob} NOT NULL UNIQUE,
    nik_masked TEXT NOT NULL,
    name TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_date TEXT,
    education TEXT,
    region_code TEXT,
    province_code TEXT,
    phone TEXT,
    synthetic BIGINT NOT NULL DEFAULT 0,
    batch_id BIGINT NOT NULL REFERENCES import_batches(id)
);

CREATE TABLE job_seekers (
    person_id {int_pk} REFERENCES persons(id),
    region_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    education TEXT NOT NULL,
    preferred_isco TEXT NOT NULL,
    skills TEXT NOT NULL,
    registered_date TEXT NOT NULL,
    status TEXT NOT NULL,
    batch_id BIGINT NOT NULL REFERENCES import_batches(id)
);

CREATE TABLE vacancies (
    id {id},
    source TEXT NOT NULL,
    source_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    employer TEXT,
    region_code TEXT,
    province_code TEXT,
    location_text TEXT,
    isco08 TEXT,
    kbli TEXT,
    education TEXT,
    experience_years {real},
    salary_min BIGINT,
    salary_max BIGINT,
    positions BIGINT NOT NULL,
    posted_date TEXT NOT NULL,
    expires_date TEXT,
    duplicate_cluster BIGINT,
    batch_id BIGINT NOT NULL REFERENCES import_batches(id),
    UNIQUE (source, source_id)
);
CREATE INDEX vacancies_region ON vacancies(region_code);
CREATE INDEX vacancies_posted ON vacancies(posted_date);

CREATE TABLE cohorts (
    id {id},
    code TEXT NOT NULL UNIQUE,
    blk_id BIGINT NOT NULL REFERENCES blks(id),
    programme_code TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    seats BIGINT NOT NULL,
    funding TEXT NOT NULL,
    batch_id BIGINT NOT NULL REFERENCES import_batches(id)
);
CREATE INDEX cohorts_blk ON cohorts(blk_id);

CREATE TABLE trainees (
    id {id},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    status TEXT NOT NULL,
    certified BIGINT NOT NULL,
    batch_id BIGINT NOT NULL REFERENCES import_batches(id),
    UNIQUE (cohort_id, person_id)
);
CREATE INDEX trainees_person ON trainees(person_id);

CREATE TABLE placements (
    id {id},
    person_id BIGINT NOT NULL REFERENCES persons(id),
    cohort_id BIGINT REFERENCES cohorts(id),
    vacancy_id BIGINT REFERENCES vacancies(id),
    placement_type TEXT NOT NULL,
    employer TEXT NOT NULL,
    employer_key TEXT NOT NULL,
    start_date TEXT NOT NULL,
    isco08 TEXT,
    region_code TEXT,
    province_code TEXT,
    monthly_income BIGINT,
    evidence TEXT,
    batch_id BIGINT NOT NULL REFERENCES import_batches(id),
    UNIQUE (person_id, employer_key, start_date)
);

CREATE TABLE tracer_responses (
    id {id},
    person_id BIGINT NOT NULL REFERENCES persons(id),
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id),
    wave BIGINT NOT NULL,
    response_date TEXT NOT NULL,
    status TEXT NOT NULL,
    monthly_income BIGINT,
    relevant BIGINT,
    respondent TEXT NOT NULL,
    batch_id BIGINT NOT NULL REFERENCES import_batches(id),
    UNIQUE (person_id, cohort_id, wave)
);
"#,
    },
    Migration {
        version: 2,
        name: "coding: how a vacancy's occupation and region were obtained; job seekers' wishes in words",
        sql: r#"
ALTER TABLE vacancies ADD COLUMN isco_confidence {real};
ALTER TABLE vacancies ADD COLUMN region_resolved BIGINT NOT NULL DEFAULT 0;
ALTER TABLE job_seekers ADD COLUMN preferred_text TEXT NOT NULL DEFAULT '';
CREATE INDEX vacancies_cluster ON vacancies(duplicate_cluster);
"#,
    },
    Migration {
        version: 3,
        name: "regional potential: GRDP and employment by region, year and KBLI category",
        // A row is keyed by what it describes, not by who sent it: a later file for the same
        // region, year and category replaces the values, and batch_id names the batch that
        // last set them. region_code is a province or a regency/city.
        sql: r#"
CREATE TABLE regional_indicators (
    id {id},
    region_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    year BIGINT NOT NULL,
    kbli_category TEXT NOT NULL,
    grdp_idr_billion {real} NOT NULL,
    employment BIGINT,
    batch_id BIGINT NOT NULL REFERENCES import_batches(id),
    UNIQUE (region_code, year, kbli_category)
);
CREATE INDEX regional_indicators_province ON regional_indicators(province_code);
"#,
    },
    Migration {
        version: 4,
        name: "index for region pages: vacancies by province",
        // Province pages count vacancies by province; without it every first view after an
        // import scanned the table. Job seekers get no such index on purpose: it cost a fifth of
        // the bulk-import speed (110k → 87k rows/s) for a page that is cached after one view.
        sql: r#"
CREATE INDEX vacancies_province ON vacancies(province_code);
"#,
    },
    Migration {
        version: 5,
        name: "training plans: saved allocation and what-if runs with their inputs and results",
        // Inputs and results are JSON text written by analytics::plan; kept whole (not
        // normalised) so a run can be re-read exactly as it was computed, for audit.
        sql: r#"
CREATE TABLE plan_runs (
    id {id},
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    scope TEXT NOT NULL,
    fund TEXT NOT NULL,
    year BIGINT NOT NULL,
    base_run_id BIGINT REFERENCES plan_runs(id),
    data_version BIGINT NOT NULL,
    budget_idr BIGINT NOT NULL,
    cost_idr BIGINT NOT NULL,
    expected_placements {real} NOT NULL,
    summary TEXT NOT NULL,
    inputs_json TEXT NOT NULL,
    result_json TEXT NOT NULL
);
CREATE INDEX plan_runs_scope ON plan_runs(scope);
"#,
    },
    Migration {
        version: 6,
        name: "results framework: yearly targets per indicator at national, provincial and BLK level",
        // Keyed by what a target is about, so a re-imported or corrected sheet updates values in
        // place. area_code is '' for the nation, a province code or a BLK code; province_code and
        // region_code (the BLK's regency) let scoped reads filter without a join.
        sql: r#"
CREATE TABLE outcome_targets (
    id {id},
    indicator TEXT NOT NULL,
    level TEXT NOT NULL,
    area_code TEXT NOT NULL,
    province_code TEXT,
    region_code TEXT,
    year BIGINT NOT NULL,
    project_year BIGINT NOT NULL,
    target {real} NOT NULL,
    batch_id BIGINT NOT NULL REFERENCES import_batches(id),
    UNIQUE (indicator, level, area_code, year)
);
"#,
    },
    Migration {
        version: 7,
        name: "vacancies keep the ad's context fields (category, function, study programmes, skills) the coder read, and its skill tags",
        sql: r#"
ALTER TABLE vacancies ADD COLUMN context TEXT;
ALTER TABLE vacancies ADD COLUMN skill_tags TEXT;
"#,
    },
    Migration {
        version: 8,
        name: "occupation review: titles coded by hand, whose code every ad of the title takes",
        // Keyed by the title's job part, folded (classify::lexicon::title_key), so "Sales
        // (Bekasi)" and "SALES" are one title to review. A vacancy that took a reviewed code
        // keeps isco_confidence NULL (the code is not the coder's) and isco_reviewed 1, which
        // tells it from a source's code. A withdrawn review is deleted; its batches and audit
        // events stay.
        sql: r#"
CREATE TABLE title_reviews (
    id {id},
    title_key TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    isco08 TEXT NOT NULL,
    note TEXT,
    actor TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    batch_id BIGINT NOT NULL REFERENCES import_batches(id)
);
ALTER TABLE vacancies ADD COLUMN isco_reviewed BIGINT NOT NULL DEFAULT 0;
"#,
    },
    Migration {
        version: 9,
        name: "occupation review of one ad: a reviewer's code for a single vacancy, over its title's",
        // One row per vacancy coded by hand on its own (vacancies.isco_reviewed 2). A title's
        // review passes such a vacancy by: the ad's own review is the more specific one.
        sql: r#"
CREATE TABLE vacancy_reviews (
    id {id},
    vacancy_id BIGINT NOT NULL UNIQUE REFERENCES vacancies(id),
    isco08 TEXT NOT NULL,
    note TEXT,
    actor TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    batch_id BIGINT NOT NULL REFERENCES import_batches(id)
);
"#,
    },
    Migration {
        version: 10,
        name: "job seekers keep the source's occupation codes apart from those of their wishes in words",
        // preferred_isco stays what every reader counts (the source's codes, then the codes of
        // preferred_text); preferred_given is the source's part, so a review or a recode can
        // replace the rest. A row stored before this version with wishes in words cannot tell
        // the two apart: NULL, and the first review of one of its words sorts it out.
        sql: r#"
ALTER TABLE job_seekers ADD COLUMN preferred_given TEXT;
UPDATE job_seekers SET preferred_given = preferred_isco WHERE preferred_text = '';
"#,
    },
];

/// The schema version this binary writes.
pub const LATEST_VERSION: i64 = 10;

fn render(sql: &str, engine: Engine) -> String {
    let (id, blob, real) = match engine {
        Engine::Sqlite => ("INTEGER PRIMARY KEY", "BLOB", "REAL"),
        Engine::Postgres => (
            "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            "BYTEA",
            "DOUBLE PRECISION",
        ),
    };
    // A primary key that is also a reference (job_seekers.person_id): in SQLite an INTEGER
    // PRIMARY KEY is the rowid itself, which saves a separate index on the hottest table.
    let int_pk = match engine {
        Engine::Sqlite => "INTEGER PRIMARY KEY",
        Engine::Postgres => "BIGINT PRIMARY KEY",
    };
    sql.replace("{id}", id)
        .replace("{int_pk}", int_pk)
        .replace("{blob}", blob)
        .replace("{real}", real)
}

/// The version recorded in the database (0 for an empty one).
pub(crate) fn current_version(conn: &mut Conn) -> Result<i64, StoreError> {
    conn.batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )?;
    let row = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        &[],
    )?;
    Ok(row.map(|r| r.int(0)).unwrap_or(0))
}

/// Applies every pending migration, each in its own transaction. Refuses a newer database.
pub(crate) fn migrate(conn: &mut Conn) -> Result<Vec<i64>, StoreError> {
    let current = current_version(conn)?;
    if current > LATEST_VERSION {
        return Err(StoreError::DatabaseNewer {
            database: current,
            binary: LATEST_VERSION,
        });
    }
    let mut applied = Vec::new();
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        let begin = match conn.engine() {
            Engine::Sqlite => "BEGIN IMMEDIATE",
            Engine::Postgres => "BEGIN",
        };
        conn.batch(begin)?;
        let result = (|| {
            conn.batch(&render(m.sql, conn.engine()))?;
            conn.exec(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                &[
                    Value::Int(m.version),
                    Value::Text(m.name),
                    Value::Text(&crate::now_utc()),
                ],
            )?;
            Ok::<_, StoreError>(())
        })();
        match result {
            Ok(()) => conn.batch("COMMIT")?,
            Err(e) => {
                let _ = conn.batch("ROLLBACK");
                return Err(e);
            }
        }
        applied.push(m.version);
    }
    Ok(applied)
}

//! All SQL in Listraf: schema, migrations, the import registry, the audit log and queries,
//! on SQLite (default, one file) and PostgreSQL (national deployments).
//!
//! Every read and write takes a `Scope`, and region rules are applied here, in one place.
//! The store holds no business rules beyond keeping data whole: natural keys, idempotent
//! imports, one transaction per batch. NIKs are never stored in clear: a keyed hash (blind
//! index) finds a person again, and a masked form is kept for display.

mod conn;
mod facts;
mod import;
mod matching;
mod outcomes;
mod plan;
mod read;
mod review;
mod schema;
mod web;

use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use thiserror::Error;

pub use conn::{Cell, Engine, Row, Value};
pub use facts::{IndicatorFactReport, IndicatorFactRow};
pub use facts::{
    SeekerFactReport, SeekerFactRow, TraineeFactReport, TraineeFactRow, VacancyFactReport,
    VacancyFactRow,
};
pub use import::{
    BatchMeta, BatchSummary, DedupRow, ImportSession, RECODE_ENTITY, RecodeChange, RecodeRow,
    RegionFill, RowOutcome, UnplacedVacancy,
};
pub use matching::{OpenVacancyRow, ProfileRow};
pub use outcomes::{
    GraduateContactRow, OutcomeBlkRow, OutcomeCohortRow, OutcomeFacts, OutcomeTraineeRow,
    PlacementOutcomeRow, TargetRow, TracerAnswerRow,
};
pub use plan::{NewPlanRun, PlanBlkRow, PlanCapacityRow, PlanRunRow, ProgrammeOutcomeRow};
pub use read::{BatchInfo, Summary, TARGET_COLUMNS, export_columns};
pub use review::{
    AD_REVIEWED, NewReview, REVIEW_ENTITY, ReviewRow, ReviewedText, TitleReview, VacancyReview,
};
pub use schema::LATEST_VERSION;
pub use web::{
    BlkCapacity, BlkListRow, BlkProfile, CohortGroup, Headline, MonthRange, OccupationDemand,
    RegionCounts, RegionLevel, VacancyDetail, VacancyFilter, VacancyListRow, VacancyPage,
};

use conn::Conn;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] postgres::Error),
    #[error(
        "this database has schema version {database}, but this listraf understands versions up to {binary}; it was written by a newer listraf. Upgrade listraf; the database was left untouched"
    )]
    DatabaseNewer { database: i64, binary: i64 },
    #[error("cannot open database {target}: {reason}")]
    Open { target: String, reason: String },
    #[error(
        "file {file} was already imported as {entity} batch #{batch_id} on {imported_at}; nothing to do"
    )]
    AlreadyImported {
        file: String,
        entity: String,
        batch_id: i64,
        imported_at: String,
    },
    #[error("the database is damaged: {0}")]
    Integrity(String),
    #[error("{0}")]
    Internal(String),
}

/// A connection to one Listraf database.
pub struct Store {
    conn: Conn,
    /// HMAC state already keyed with this database's NIK key; cloned per NIK.
    nik_mac: Hmac<Sha256>,
    target: String,
}

impl Store {
    /// Opens (creating if needed) and migrates a database. `target` is a PostgreSQL URL
    /// (`postgres://…`) or a SQLite file path.
    pub fn open(target: &str) -> Result<Store, StoreError> {
        let conn = if target.starts_with("postgres://") || target.starts_with("postgresql://") {
            let client = postgres::Client::connect(target, postgres::NoTls).map_err(|e| {
                StoreError::Open {
                    target: redact_url(target),
                    reason: e.to_string(),
                }
            })?;
            Conn::Pg {
                client,
                statements: Default::default(),
            }
        } else {
            let path = Path::new(target);
            if let Some(dir) = path.parent()
                && !dir.as_os_str().is_empty()
                && !dir.exists()
            {
                return Err(StoreError::Open {
                    target: target.to_string(),
                    reason: format!("folder {} does not exist", dir.display()),
                });
            }
            let conn = rusqlite::Connection::open(path).map_err(|e| StoreError::Open {
                target: target.to_string(),
                reason: e.to_string(),
            })?;
            // WAL lets readers (the web server) run during an import; FULL makes a committed
            // import survive power loss; the busy timeout lets a second writer wait its turn.
            conn.execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;",
            )
            .map_err(|e| StoreError::Open { target: target.to_string(), reason: e.to_string() })?;
            conn.set_prepared_statement_cache_capacity(64);
            Conn::Sqlite {
                conn,
                rewritten: Default::default(),
            }
        };
        let mut store = Store {
            conn,
            nik_mac: <Hmac<Sha256> as Mac>::new_from_slice(&[])
                .expect("HMAC accepts any key length"),
            target: redact_url(target),
        };
        schema::migrate(&mut store.conn)?;
        let key = store.load_or_create_nik_key()?;
        store.nik_mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("HMAC accepts any key length");
        Ok(store)
    }

    /// Opens without migrating, to report the version of a database (for `listraf migrate`).
    pub fn schema_version(&mut self) -> Result<i64, StoreError> {
        schema::current_version(&mut self.conn)
    }

    pub fn engine(&self) -> Engine {
        self.conn.engine()
    }

    pub fn target(&self) -> &str {
        &self.target
    }

    /// The per-database secret for NIK blind indexes, created with the database.
    fn load_or_create_nik_key(&mut self) -> Result<Vec<u8>, StoreError> {
        if let Some(row) = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = 'nik_key'", &[])?
        {
            return hex_decode(&row.text(0))
                .ok_or_else(|| StoreError::Integrity("the NIK key setting is not hex".into()));
        }
        let mut key = [0u8; 32];
        getrandom::fill(&mut key)
            .map_err(|e| StoreError::Internal(format!("no randomness for the NIK key: {e}")))?;
        let hex = hex_encode(&key);
        self.conn.exec(
            "INSERT INTO settings (key, value) VALUES ('nik_key', $1) ON CONFLICT (key) DO NOTHING",
            &[Value::Text(&hex)],
        )?;
        // Another process may have won the race; read back whatever is stored.
        let row = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = 'nik_key'", &[])?;
        row.and_then(|r| hex_decode(&r.text(0)))
            .ok_or_else(|| StoreError::Integrity("the NIK key setting is missing".into()))
    }

    /// The blind index of a NIK: HMAC-SHA-256 under this database's key, truncated to 128 bits
    /// (collisions stay negligible for any population, and the index is half the size).
    pub fn nik_index(&self, nik: &domain::Nik) -> [u8; 16] {
        let mut mac = self.nik_mac.clone();
        mac.update(nik.expose().as_bytes());
        let full = mac.finalize().into_bytes();
        let mut out = [0u8; 16];
        out.copy_from_slice(&full[..16]);
        out
    }

    /// Checks the database's physical and referential integrity.
    pub fn integrity_check(&mut self) -> Result<(), StoreError> {
        if self.engine() == Engine::Sqlite {
            let rows = self.conn.query("PRAGMA integrity_check", &[])?;
            let msgs: Vec<String> = rows
                .iter()
                .map(|r| r.text(0))
                .filter(|m| m != "ok")
                .collect();
            if !msgs.is_empty() {
                return Err(StoreError::Integrity(msgs.join("; ")));
            }
            let fk = self.conn.query("PRAGMA foreign_key_check", &[])?;
            if !fk.is_empty() {
                return Err(StoreError::Integrity(format!(
                    "{} rows break foreign keys",
                    fk.len()
                )));
            }
        }
        Ok(())
    }

    /// Records that `actor` took `rows` rows of `object` (an export, a list of graduates to
    /// contact) out of the database in `scope`: who took personal data, and when, must be
    /// answerable after a leak (UU PDP). Written as its own audit event, action `export`.
    pub fn record_export(
        &mut self,
        actor: &str,
        object: &str,
        scope: &domain::Scope,
        rows: u64,
    ) -> Result<(), StoreError> {
        self.record_export_as(actor, object, scope, &format!("{rows} rows"))
    }

    /// An export's audit event with its outcome in words; `record_export` counts rows.
    pub fn record_export_as(
        &mut self,
        actor: &str,
        object: &str,
        scope: &domain::Scope,
        outcome: &str,
    ) -> Result<(), StoreError> {
        self.conn.exec(
            "INSERT INTO audit_events (at, actor, action, object, scope, outcome) VALUES ($1, $2, 'export', $3, $4, $5)",
            &[
                Value::Text(&now_utc()),
                Value::Text(actor),
                Value::Text(object),
                Value::Text(&scope.to_string()),
                Value::Text(outcome),
            ],
        )?;
        Ok(())
    }

    /// Writes a copy of this SQLite database to `path` as it stands at one moment, while
    /// readers and writers (a running `listraf serve`, an import) carry on: `VACUUM INTO`
    /// reads one snapshot, the WAL's committed transactions included, which copying the file
    /// would miss or tear. `path` must not exist: a backup never replaces a file. The copy is
    /// then opened on its own and checked (integrity, foreign keys), and its counts returned.
    /// A PostgreSQL database is backed up with `pg_dump`, which this does not stand in for.
    pub fn backup_to(&mut self, path: &Path) -> Result<read::Summary, StoreError> {
        let refuse = |why: String| StoreError::Internal(why);
        if self.engine() != Engine::Sqlite {
            return Err(refuse(
                "a PostgreSQL database is backed up with pg_dump (for example pg_dump -Fc -f listraf.dump DATABASE); listraf backup copies SQLite databases".into(),
            ));
        }
        let shown = path.display();
        if path.to_str().is_some_and(|p| p.ends_with('/')) {
            return Err(refuse(format!(
                "{shown} names a folder: give the backup a file name"
            )));
        }
        if path.symlink_metadata().is_ok() {
            return Err(refuse(format!(
                "{shown} exists already: a backup is written to a new file, never over one"
            )));
        }
        let (Some(name), folder) = (path.file_name(), path.parent()) else {
            return Err(refuse(format!("{shown} names no file")));
        };
        let folder = folder.filter(|f| !f.as_os_str().is_empty());
        if let Some(f) = folder
            && !f.is_dir()
        {
            return Err(refuse(format!("folder {} does not exist", f.display())));
        }
        // Written under a passing name beside the backup and given the backup's name only once
        // checked: an interrupted backup never leaves a file that looks whole.
        let partial = folder.unwrap_or(Path::new("")).join(format!(
            ".{}.partial-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        let remove_partial = || {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
            }
        };
        remove_partial();
        // The whole database leaves with a backup: on record before it is written (in the
        // source, so the backup holds the record too).
        self.record_export_as(
            "cli",
            &format!("backup:{shown}"),
            &domain::Scope::Central,
            "the whole database",
        )?;
        let target = partial
            .to_str()
            .ok_or_else(|| refuse(format!("{shown} is not a UTF-8 path")))?;
        let copied = (|| {
            self.conn.exec("VACUUM INTO $1", &[Value::Text(target)])?;
            let mut copy = Store::open(target)?;
            copy.integrity_check()?;
            let summary = copy.summary(&domain::Scope::Central)?;
            copy.checkpoint()?;
            drop(copy);
            // A hard link fails where the name is taken, so a file that appeared meanwhile is
            // not replaced either.
            std::fs::hard_link(&partial, path)
                .or_else(|e| match e.kind() {
                    // A file system without hard links (a USB stick): rename, the name was
                    // checked free above.
                    std::io::ErrorKind::Unsupported | std::io::ErrorKind::PermissionDenied
                        if !path.exists() =>
                    {
                        std::fs::rename(&partial, path)
                    }
                    _ => Err(e),
                })
                .map_err(|e| refuse(format!("cannot give the backup the name {shown}: {e}")))?;
            Ok(summary)
        })();
        remove_partial();
        copied
    }

    /// Writes the WAL back into the main file (SQLite), so the file alone is the database.
    pub fn checkpoint(&mut self) -> Result<(), StoreError> {
        if self.engine() == Engine::Sqlite {
            self.conn.batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        }
        Ok(())
    }

    /// Sets a database-wide note, e.g. that it holds synthetic demo data.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.exec(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[Value::Text(key), Value::Text(value)],
        )?;
        Ok(())
    }

    pub fn setting(&mut self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = $1",
                &[Value::Text(key)],
            )?
            .map(|r| r.text(0)))
    }
}

fn redact_url(target: &str) -> String {
    // Never echo a password from a connection URL.
    match (target.find("://"), target.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &target[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &target[..s + 3], user, &target[at..]),
                None => target.to_string(),
            }
        }
        _ => target.to_string(),
    }
}

fn hex_encode(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let date = domain::Date::from_days_since_epoch(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!("{date}T{:02}:{:02}:{:02}Z", s / 3600, s % 3600 / 60, s % 60)
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_redacted_from_urls() {
        assert_eq!(
            super::redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(super::redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact_url("./listraf.db"), "./listraf.db");
    }
}

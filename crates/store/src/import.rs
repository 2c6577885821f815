//! Import batches: one transaction per file, a registry of file hashes, natural keys per row.

use std::collections::HashMap;

use domain::records::*;
use domain::{Date, IscoCode, RegionCode, Scope};

use crate::conn::{Engine, Value};
use crate::{Store, StoreError, now_utc};

/// What is known about a file before its rows are written.
#[derive(Debug, Clone)]
pub struct BatchMeta<'a> {
    /// The entity name (`job-seekers`, …).
    pub entity: &'a str,
    pub file_name: &'a str,
    pub file_sha256: &'a str,
    /// Where the data came from (e.g. a portal or an office), kept on the batch.
    pub source_label: &'a str,
    pub actor: &'a str,
    /// Rows are synthetic demo data; persons are flagged so.
    pub synthetic: bool,
}

/// What happened to one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowOutcome {
    Inserted,
    /// The record existed and a changing field (a status) was brought up to date.
    Updated,
    /// The record existed already, as imported before; nothing changed.
    Unchanged,
    /// The row refers to something that does not exist, or lies outside the caller's scope.
    Rejected {
        column: &'static str,
        /// In English, for the command line and its side files.
        reason: String,
        /// The same reason in Bahasa Indonesia, for the web pages.
        reason_id: String,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchSummary {
    pub batch_id: i64,
    pub total: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
}

/// The batch entity a recode (`pipeline::recode`) is recorded under. Its audit event says
/// `recode`, not `import`: nothing was read from a file.
pub const RECODE_ENTITY: &str = "recode";

/// An open import: rows go in with [`ImportSession::add`], and nothing is visible to anyone
/// until [`ImportSession::commit`]. Dropping the session rolls everything back.
pub struct ImportSession<'s> {
    pub(crate) store: &'s mut Store,
    pub(crate) scope: Scope,
    pub(crate) summary: BatchSummary,
    synthetic: bool,
    finished: bool,
    pub(crate) actor: String,
    /// The audit event's action: `import`, `recode` for a recode, `review` for an
    /// occupation review.
    action: &'static str,
    object: String,
    blks: HashMap<String, Option<BlkRef>>,
    cohorts: HashMap<String, Option<CohortRef>>,
    /// The job seekers (NIK index) and BLKs (code) this session's file has had a row for: a
    /// second row for one of them is refused rather than merged into the first unseen.
    seen_job_seekers: HashMap<[u8; 16], u64>,
    seen_blks: HashMap<String, u64>,
    /// Keys met earlier in this file, with the fingerprint of their row: a second row for one
    /// of them that says something else is refused rather than silently replacing the first
    /// (vacancy: source and id; tracer: person, cohort, wave; trainee: cohort and person); the
    /// same row again is harmless.
    seen_vacancies: HashMap<(String, String), u64>,
    seen_answers: HashMap<(i64, i64, u8), u64>,
    seen_trainees: HashMap<(String, [u8; 16]), u64>,
    seen_placements: HashMap<(i64, String, String), PlacementSeen>,
    seen_targets: HashMap<(String, String, String, u16), u64>,
    /// Cohorts whose dates, seats and funding this file has set already.
    cohorts_checked: std::collections::HashSet<String>,
}

/// A placement that came from a match (see `matching.rs`).
pub(crate) struct MatchPlacement<'a> {
    pub person_id: i64,
    pub cohort_id: Option<i64>,
    pub vacancy_id: i64,
    pub employer: &'a str,
    pub employer_key: &'a str,
    pub start: &'a str,
    pub isco: Option<String>,
    pub region: RegionCode,
}

/// The details a row gives of a person.
struct NewPerson<'a> {
    nik: &'a domain::Nik,
    name: &'a str,
    sex: domain::Sex,
    birth: Option<Date>,
    education: Option<domain::Education>,
    region: Option<RegionCode>,
    phone: Option<&'a str>,
}

/// A registered person as far as a new row is checked against them.
struct StoredPerson {
    id: i64,
    name: String,
    /// `L` or `P`.
    sex: String,
    /// ISO date.
    birth: Option<String>,
    region: Option<RegionCode>,
}

impl StoredPerson {
    /// A refusal when the row's sex, birth date or name is not the registered person's: one
    /// NIK, two people, most likely a mistyped NIK, and attaching the row would give one
    /// person another's training or job (and renaming them, another's telephone number). A
    /// name written otherwise ("M. Rizki", a title, a typo) is the same person's, and corrects
    /// the stored one. The refusal does not say the stored name: the NIK may be registered in
    /// a region the importer does not see.
    /// The refusal of a row that is another person's (`contradicts`); otherwise the row is
    /// this person's, and where its name is only part of the registered one ("Siti" for "Siti
    /// Aminah", "M. Rizki" for "Muhammad Rizki") the registered name stays.
    fn admit<'a>(&'a self, person: &mut NewPerson<'a>) -> Option<RowOutcome> {
        if let Some(refusal) = self.contradicts(person) {
            return Some(refusal);
        }
        if domain::person::compare_person_names(&self.name, person.name)
            == domain::person::NameMatch::Part
        {
            person.name = &self.name;
        }
        None
    }

    fn contradicts(&self, p: &NewPerson<'_>) -> Option<RowOutcome> {
        let birth = p.birth.map(|d| d.to_string());
        let sex_differs = self.sex != p.sex.code();
        let birth_differs = matches!((&self.birth, &birth), (Some(a), Some(b)) if a != b);
        if !sex_differs && !birth_differs {
            if domain::person::compare_person_names(&self.name, p.name)
                != domain::person::NameMatch::Other
            {
                return None;
            }
            return Some(reject(
                "name",
                "this NIK is registered to a person of another name: check the NIK (the same name written otherwise, with a title, an initial or a slip of a letter, is taken as the same person; another name is not given this NIK)".to_string(),
                "NIK ini terdaftar atas nama orang lain: periksa NIK-nya (nama yang sama dengan penulisan lain, dengan gelar, inisial atau salah ketik satu huruf, dianggap orang yang sama; nama lain tidak diberi NIK ini)".to_string(),
            ));
        }
        let (what, what_id) = match (sex_differs, birth_differs) {
            (true, true) => ("sex and birth date", "jenis kelamin dan tanggal lahir"),
            (true, false) => ("sex", "jenis kelamin"),
            _ => ("birth date", "tanggal lahir"),
        };
        Some(reject(
            "nik",
            format!(
                "this NIK is registered to a person of another {what}: check the NIK (a person's sex and birth date are not changed by an import)"
            ),
            format!(
                "NIK ini terdaftar atas orang dengan {what_id} lain: periksa NIK-nya (jenis kelamin dan tanggal lahir seseorang tidak diubah lewat impor)"
            ),
        ))
    }
}

#[derive(Clone)]
struct BlkRef {
    id: i64,
    region: RegionCode,
}

#[derive(Clone)]
struct CohortRef {
    id: i64,
    blk_id: i64,
    blk_code: String,
    blk_region: RegionCode,
    programme_code: String,
    /// ISO dates: rows about the cohort's graduates are checked against them.
    start: String,
    end: String,
}

impl Store {
    /// Starts an import. Fails with `AlreadyImported` when a file with the same content was
    /// imported as the same entity before.
    pub fn begin_import(
        &mut self,
        scope: &Scope,
        meta: &BatchMeta<'_>,
    ) -> Result<ImportSession<'_>, StoreError> {
        let begin = match self.engine() {
            // IMMEDIATE takes the write lock now, so two imports queue instead of deadlocking.
            Engine::Sqlite => "BEGIN IMMEDIATE",
            Engine::Postgres => "BEGIN",
        };
        self.conn.batch(begin)?;
        let result = (|| {
            // PostgreSQL: two sessions importing the same file would both find no batch and
            // the second would fail on the unique index with a raw error. A transaction lock on
            // (entity, file hash) makes the second wait for the first and then see its batch.
            if self.engine() == Engine::Postgres {
                self.conn.exec(
                    "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS locked",
                    &[Value::Text(&format!("{}:{}", meta.entity, meta.file_sha256))],
                )?;
            }
            if let Some(b) = self.find_batch(meta.entity, meta.file_sha256)? {
                return Err(StoreError::AlreadyImported {
                    file: meta.file_name.to_string(),
                    entity: b.entity,
                    batch_id: b.id,
                    imported_at: b.imported_at,
                });
            }
            let row = self.conn.query_row(
                "INSERT INTO import_batches (entity, file_name, file_sha256, source_label, actor, scope, imported_at, synthetic)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                &[
                    Value::Text(meta.entity),
                    Value::Text(meta.file_name),
                    Value::Text(meta.file_sha256),
                    Value::Text(meta.source_label),
                    Value::Text(meta.actor),
                    Value::Text(&scope.to_string()),
                    Value::Text(&now_utc()),
                    Value::Int(meta.synthetic as i64),
                ],
            )?;
            row.map(|r| r.int(0))
                .ok_or_else(|| StoreError::Internal("batch insert returned no id".into()))
        })();
        match result {
            Ok(batch_id) => Ok(ImportSession {
                store: self,
                scope: scope.clone(),
                summary: BatchSummary {
                    batch_id,
                    ..Default::default()
                },
                synthetic: meta.synthetic,
                finished: false,
                actor: meta.actor.to_string(),
                action: match meta.entity {
                    RECODE_ENTITY => "recode",
                    crate::review::REVIEW_ENTITY => "review",
                    _ => "import",
                },
                object: format!("{}:{}", meta.entity, meta.file_name),
                blks: HashMap::new(),
                cohorts: HashMap::new(),
                seen_job_seekers: Default::default(),
                seen_blks: Default::default(),
                seen_vacancies: Default::default(),
                seen_answers: Default::default(),
                seen_trainees: Default::default(),
                seen_placements: Default::default(),
                seen_targets: Default::default(),
                cohorts_checked: Default::default(),
            }),
            Err(e) => {
                let _ = self.conn.batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

/// A BLK record's capacity as the `blk_capacity` table holds it.
fn capacity_rows(capacity: &[KejuruanCapacity]) -> Vec<(String, i64, i64)> {
    capacity
        .iter()
        .map(|c| {
            (
                c.kejuruan.to_string(),
                c.workshops as i64,
                c.instructors as i64,
            )
        })
        .collect()
}

fn reject(
    column: &'static str,
    reason: impl Into<String>,
    reason_id: impl Into<String>,
) -> RowOutcome {
    RowOutcome::Rejected {
        column,
        reason: reason.into(),
        reason_id: reason_id.into(),
    }
}

fn out_of_scope(column: &'static str, scope: &Scope) -> RowOutcome {
    // The English keeps the scope's code form (`province:32`), as the command line prints it.
    let area = match scope {
        Scope::Central => "pusat".to_string(),
        Scope::Province(r) => format!("provinsi {r}"),
        Scope::Regency(r) => format!("kabupaten/kota {r}"),
        Scope::Blk { code, .. } => format!("BLK {code}"),
    };
    reject(
        column,
        format!("the record lies outside your area ({scope})"),
        format!("data ini berada di luar wilayah Anda ({area})"),
    )
}

/// Employer names as typed vary in legal form and punctuation; the key lets "PT. Maju Jaya"
/// and "pt maju jaya" count as one employer when a placement is reported twice.
/// A placement's details as a file's earlier row gave them.
#[derive(Debug, Clone, Default)]
struct PlacementSeen {
    kind: Option<String>,
    cohort: Option<String>,
    vacancy: Option<String>,
    isco: Option<String>,
    region: Option<String>,
    income: Option<String>,
    evidence: Option<String>,
}

impl PlacementSeen {
    /// Takes in what `later` adds and says whether it contradicts a detail given before.
    fn meet(&mut self, later: PlacementSeen) -> bool {
        let mut clash = false;
        for (mine, theirs) in [
            (&mut self.kind, later.kind),
            (&mut self.cohort, later.cohort),
            (&mut self.vacancy, later.vacancy),
            (&mut self.isco, later.isco),
            (&mut self.region, later.region),
            (&mut self.income, later.income),
            (&mut self.evidence, later.evidence),
        ] {
            match (mine.as_ref(), theirs) {
                (Some(a), Some(b)) if *a != b => clash = true,
                (None, Some(b)) => *mine = Some(b),
                _ => {}
            }
        }
        clash
    }
}

/// Records `key` as met with a row of fingerprint `print` and says whether an earlier row of
/// the file had the same key and another fingerprint.
fn repeats_otherwise<K: std::hash::Hash + Eq>(
    seen: &mut HashMap<K, u64>,
    key: K,
    print: u64,
) -> bool {
    *seen.entry(key).or_insert(print) != print
}

/// A row's fingerprint: its `Debug` text hashed as it is written, with no string built.
fn print_of(row: &impl std::fmt::Debug) -> u64 {
    use std::fmt::Write as _;
    use std::hash::Hasher;
    struct Sink(std::collections::hash_map::DefaultHasher);
    impl std::fmt::Write for Sink {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let mut sink = Sink(Default::default());
    // Writing into a hasher cannot fail.
    let _ = write!(sink, "{row:?}");
    sink.0.finish()
}

pub fn employer_key(name: &str) -> String {
    // Dots go first: "P.T." is "PT" and "PT." is "PT".
    let lower = name.to_lowercase().replace('.', "");
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            !w.is_empty()
                && !matches!(
                    *w,
                    "pt" | "cv" | "tbk" | "persero" | "ud" | "koperasi" | "ltd" | "inc"
                )
        })
        .collect();
    words.join(" ")
}

impl ImportSession<'_> {
    pub fn batch_id(&self) -> i64 {
        self.summary.batch_id
    }

    /// Writes one record and says what happened to it.
    pub fn add(&mut self, record: &Record) -> Result<RowOutcome, StoreError> {
        self.summary.total += 1;
        let outcome = match record {
            Record::Blk(r) => self.add_blk(r)?,
            Record::JobSeeker(r) => self.add_job_seeker(r)?,
            Record::Vacancy(r) => self.add_vacancy(r)?,
            Record::CohortTrainee(r) => self.add_cohort_trainee(r)?,
            Record::Placement(r) => self.add_placement(r)?,
            Record::Tracer(r) => self.add_tracer(r)?,
            Record::Indicator(r) => self.add_indicator(r)?,
            Record::Target(r) => self.add_target(r)?,
        };
        match &outcome {
            RowOutcome::Inserted => self.summary.inserted += 1,
            RowOutcome::Updated => self.summary.updated += 1,
            RowOutcome::Unchanged => self.summary.unchanged += 1,
            RowOutcome::Rejected { .. } => self.summary.rejected += 1,
        }
        Ok(outcome)
    }

    /// Counts rows that were rejected before reaching the store (invalid values).
    pub fn note_rejected(&mut self, n: u64) {
        self.summary.total += n;
        self.summary.rejected += n;
    }

    pub fn summary(&self) -> &BatchSummary {
        &self.summary
    }

    /// Makes the batch visible, with its counts and an audit event, atomically.
    pub fn commit(mut self) -> Result<BatchSummary, StoreError> {
        let s = self.summary.clone();
        let conn = &mut self.store.conn;
        conn.exec(
            "UPDATE import_batches SET rows_total = $1, rows_inserted = $2, rows_updated = $3, rows_unchanged = $4, rows_rejected = $5 WHERE id = $6",
            &[
                Value::Int(s.total as i64),
                Value::Int(s.inserted as i64),
                Value::Int(s.updated as i64),
                Value::Int(s.unchanged as i64),
                Value::Int(s.rejected as i64),
                Value::Int(s.batch_id),
            ],
        )?;
        if s.rejected > 0 {
            // A file with rejected rows stays importable: once the missing BLKs or persons exist,
            // importing it again brings in the rows rejected now (the rest are unchanged by key).
            conn.exec(
                "UPDATE import_batches SET file_sha256 = file_sha256 || ':partial:' || id WHERE id = $1",
                &[Value::Int(s.batch_id)],
            )?;
        }
        let outcome = format!(
            "committed batch #{}: {} inserted, {} updated, {} unchanged, {} rejected",
            s.batch_id, s.inserted, s.updated, s.unchanged, s.rejected
        );
        conn.exec(
            "INSERT INTO audit_events (at, actor, action, object, scope, outcome) VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                Value::Text(&now_utc()),
                Value::Text(&self.actor),
                Value::Text(self.action),
                Value::Text(&self.object),
                Value::Text(&self.scope.to_string()),
                Value::Text(&outcome),
            ],
        )?;
        conn.batch("COMMIT")?;
        self.finished = true;
        Ok(s)
    }

    /// Discards everything this session wrote.
    pub fn rollback(mut self) -> Result<(), StoreError> {
        self.finished = true;
        self.store.conn.batch("ROLLBACK")
    }

    /// The person registered with this NIK (by its index), if any.
    fn stored_person(&mut self, hash: &[u8; 16]) -> Result<Option<StoredPerson>, StoreError> {
        Ok(self
            .store
            .conn
            .query_row(
                "SELECT id, sex, birth_date, region_code, name FROM persons WHERE nik_hash = $1",
                &[Value::Blob(hash)],
            )?
            .map(|r| StoredPerson {
                id: r.int(0),
                sex: r.text(1),
                birth: r.opt_text(2),
                region: r.opt_text(3).and_then(|s| RegionCode::parse(&s).ok()),
                name: r.opt_text(4).unwrap_or_default(),
            }))
    }

    /// Registers a person not seen before with these details.
    fn insert_person(&mut self, hash: &[u8; 16], p: &NewPerson<'_>) -> Result<i64, StoreError> {
        self.insert_person_if_new(hash, p)?
            .ok_or_else(|| StoreError::Internal("person insert returned no id".into()))
    }

    /// Registers a person with these details unless the NIK is known; the new id, or `None`.
    fn insert_person_if_new(
        &mut self,
        hash: &[u8; 16],
        p: &NewPerson<'_>,
    ) -> Result<Option<i64>, StoreError> {
        let birth = p.birth.map(|d| d.to_string());
        let region_s = p.region.map(|r| r.to_string());
        let province_s = p.region.map(|r| r.province().to_string());
        Ok(self
            .store
            .conn
            .query_row(
                "INSERT INTO persons (nik_hash, nik_masked, name, sex, birth_date, education, region_code, province_code, phone, synthetic, batch_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                 ON CONFLICT (nik_hash) DO NOTHING RETURNING id",
                &[
                    Value::Blob(hash),
                    Value::Text(&p.nik.masked()),
                    Value::Text(p.name),
                    Value::Text(p.sex.code()),
                    birth.as_ref().into(),
                    p.education.map(|e| e.code()).into(),
                    region_s.as_ref().into(),
                    province_s.as_ref().into(),
                    p.phone.into(),
                    Value::Int(self.synthetic as i64),
                    Value::Int(self.summary.batch_id),
                ],
            )?
            .map(|r| r.int(0)))
    }

    fn add_job_seeker(&mut self, r: &JobSeekerRecord) -> Result<RowOutcome, StoreError> {
        if !self.scope.allows_region(Some(r.region)) {
            return Ok(out_of_scope("region_code", &self.scope));
        }
        let hash = self.store.nik_index(&r.nik);
        // The same row again is harmless; another row for the NIK is refused. Hashed field by
        // field: formatting the row (as `print_of` does for the other entities) would cost
        // the bulk import of job seekers a tenth of its speed.
        let print = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (&r.name, r.birth_date, r.sex, r.region, r.education).hash(&mut h);
            (&r.preferred_isco, &r.preferred_text, &r.skills).hash(&mut h);
            (r.registered, r.status.map(|s| s.code()), &r.phone).hash(&mut h);
            h.finish()
        };
        if repeats_otherwise(&mut self.seen_job_seekers, hash, print) {
            return Ok(reject(
                "nik",
                "this NIK is on an earlier row of this file with other values: a file holds one row per job seeker",
                "NIK ini sudah ada di baris sebelumnya dalam berkas ini dengan nilai lain: satu baris untuk satu pencari kerja",
            ));
        }
        let mut person = NewPerson {
            nik: &r.nik,
            name: &r.name,
            sex: r.sex,
            birth: r.birth_date,
            education: Some(r.education),
            region: Some(r.region),
            phone: r.phone.as_deref(),
        };
        // Most rows are new people: one insert answers whether the NIK is known.
        let inserted = self.insert_person_if_new(&hash, &person)?;
        let stored = match inserted {
            Some(_) => None,
            None => self.stored_person(&hash)?,
        };
        if let Some(p) = &stored
            && let Some(refusal) = p.admit(&mut person)
        {
            return Ok(refusal);
        }
        let given: Vec<String> = r.preferred_isco.iter().map(|c| c.to_string()).collect();
        let isco: Vec<String> = given
            .iter()
            .cloned()
            .chain(r.preferred_coded.iter().map(|c| c.to_string()))
            .collect();
        let (given, isco) = (given.join(";"), isco.join(";"));
        let skills = r.skills.join(";");
        let wishes = r.preferred_text.join(";");
        let region = r.region.to_string();
        let province = r.region.province().to_string();
        let registered = r.registered.to_string();
        // Everything the registry says of the job seeker, in the order of the UPDATE below.
        let fields = [
            Value::Text(&region),
            Value::Text(&province),
            Value::Text(r.education.code()),
            Value::Text(&isco),
            Value::Text(&skills),
            Value::Text(&registered),
            Value::Text(r.status.unwrap_or(JobSeekerStatus::Active).code()),
            Value::Text(&wishes),
            Value::Text(&given),
        ];
        let pid = match &stored {
            Some(p) => {
                let conn = &mut self.store.conn;
                let registration = conn.query_row(
                    "SELECT region_code FROM job_seekers WHERE person_id = $1",
                    &[Value::Int(p.id)],
                )?;
                // The record as stored decides who may change it, not the region the row
                // claims; checked before anything is written, so a refused row writes nothing.
                if let Some(existing) = &registration
                    && !self
                        .scope
                        .allows_region(RegionCode::parse(&existing.text(0)).ok())
                {
                    return Ok(out_of_scope("region_code", &self.scope));
                }
                // The job-seeker registry owns a person's name, contact, education and
                // region: its rows correct them, whoever registered the person first, unless
                // the person is registered in an area outside the caller's.
                let person_changed =
                    self.scope.allows_region(p.region) && self.update_person(p.id, &person)?;
                if registration.is_some() {
                    let mut params = fields.to_vec();
                    params[6] = r.status.map(|s| s.code()).into();
                    params.push(Value::Int(p.id));
                    // Wishes (codes and words, together), skills and status are kept when the
                    // row leaves them empty: a file need not repeat them.
                    let changed = self.store.conn.exec(
                        "UPDATE job_seekers SET region_code = $1, province_code = $2, education = $3,
                                preferred_isco = CASE WHEN $4 = '' AND $8 = '' THEN preferred_isco ELSE $4 END,
                                skills = CASE WHEN $5 = '' THEN skills ELSE $5 END,
                                registered_date = $6, status = COALESCE($7, status),
                                preferred_text = CASE WHEN $4 = '' AND $8 = '' THEN preferred_text ELSE $8 END,
                                preferred_given = CASE WHEN $4 = '' AND $8 = '' THEN preferred_given ELSE $9 END
                         WHERE person_id = $10
                           AND (region_code IS DISTINCT FROM $1 OR province_code IS DISTINCT FROM $2
                                OR education IS DISTINCT FROM $3
                                OR (($4 <> '' OR $8 <> '')
                                    AND (preferred_isco IS DISTINCT FROM $4 OR preferred_text IS DISTINCT FROM $8
                                         OR preferred_given IS DISTINCT FROM $9))
                                OR ($5 <> '' AND skills IS DISTINCT FROM $5)
                                OR registered_date IS DISTINCT FROM $6
                                OR (CAST($7 AS TEXT) IS NOT NULL AND status IS DISTINCT FROM $7))",
                        &params,
                    )?;
                    return Ok(if changed > 0 || person_changed {
                        RowOutcome::Updated
                    } else {
                        RowOutcome::Unchanged
                    });
                }
                p.id
            }
            None => inserted
                .ok_or_else(|| StoreError::Internal("person vanished during import".into()))?,
        };
        let mut params = vec![Value::Int(pid)];
        params.extend(fields);
        params.push(Value::Int(self.summary.batch_id));
        self.store.conn.exec(
            "INSERT INTO job_seekers (person_id, region_code, province_code, education, preferred_isco, skills, registered_date, status, preferred_text, preferred_given, batch_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            &params,
        )?;
        Ok(RowOutcome::Inserted)
    }

    /// Brings a person's name, education, region and phone to what a registry row says;
    /// whether anything changed.
    fn update_person(&mut self, id: i64, p: &NewPerson<'_>) -> Result<bool, StoreError> {
        let region_s = p.region.map(|r| r.to_string());
        let province_s = p.region.map(|r| r.province().to_string());
        let birth = p.birth.map(|d| d.to_string());
        let params = [
            Value::Text(p.name),
            p.education.map(|e| e.code()).into(),
            region_s.as_ref().into(),
            province_s.as_ref().into(),
            p.phone.into(),
            Value::Int(id),
            birth.as_ref().into(),
        ];
        // An empty cell leaves what is stored: a phone number is not erased by a file without
        // one. A birth date is only ever filled in where none is stored (a differing one was
        // refused before).
        Ok(self.store.conn.exec(
            "UPDATE persons SET name = $1, education = COALESCE($2, education),
                    region_code = COALESCE($3, region_code), province_code = COALESCE($4, province_code),
                    phone = COALESCE($5, phone), birth_date = COALESCE(birth_date, $7)
             WHERE id = $6
               AND (name IS DISTINCT FROM $1
                    OR (CAST($2 AS TEXT) IS NOT NULL AND education IS DISTINCT FROM $2)
                    OR (CAST($3 AS TEXT) IS NOT NULL AND region_code IS DISTINCT FROM $3)
                    OR (CAST($5 AS TEXT) IS NOT NULL AND phone IS DISTINCT FROM $5)
                    OR (birth_date IS NULL AND CAST($7 AS TEXT) IS NOT NULL))",
            &params,
        )? > 0)
    }

    fn add_vacancy(&mut self, r: &VacancyRecord) -> Result<RowOutcome, StoreError> {
        if !self.scope.allows_region(r.region) {
            return Ok(out_of_scope("region_code", &self.scope));
        }
        if repeats_otherwise(
            &mut self.seen_vacancies,
            (r.source.clone(), r.source_id.clone()),
            print_of(r),
        ) {
            return Ok(reject(
                "source_id",
                format!(
                    "ad {}/{} is on an earlier row of this file with other values: a file holds one row per ad",
                    r.source, r.source_id
                ),
                format!(
                    "lowongan {}/{} sudah ada di baris sebelumnya dalam berkas ini dengan nilai lain: satu baris untuk satu lowongan",
                    r.source, r.source_id
                ),
            ));
        }
        let region = r.region.map(|c| c.to_string());
        let province = r.region.map(|c| c.province().to_string());
        let isco = r.isco.map(|c| c.to_string());
        let kbli = r.kbli.map(|c| c.to_string());
        let posted = r.posted.to_string();
        let expires = r.expires.map(|d| d.to_string());
        // $18, the batch, is the insert's alone: a correction keeps the ad's first batch.
        let mut params: Vec<Value<'_>> = vec![
            Value::Text(&r.source),
            Value::Text(&r.source_id),
            Value::Text(&r.title),
            r.description.as_ref().into(),
            r.employer.as_ref().into(),
            region.as_ref().into(),
            province.as_ref().into(),
            r.location_text.as_ref().into(),
            isco.as_ref().into(),
            kbli.as_ref().into(),
            r.education.map(|e| e.code()).into(),
            r.experience_years
                .map(|v| Value::Real(v as f64))
                .unwrap_or(Value::Null),
            r.salary_min.map(|v| v.0).into(),
            r.salary_max.map(|v| v.0).into(),
            Value::Int(r.positions.unwrap_or(1) as i64),
            Value::Text(&posted),
            expires.as_ref().into(),
            Value::Int(self.summary.batch_id),
            r.isco_confidence
                .map(|c| Value::Real(c as f64))
                .unwrap_or(Value::Null),
            Value::Int(r.region_resolved as i64),
            r.context.as_ref().into(),
            r.skill_tags.as_ref().into(),
            Value::Int(r.isco_reviewed as i64),
        ];
        let changed = self.store.conn.exec(
            "INSERT INTO vacancies (source, source_id, title, description, employer, region_code, province_code, location_text, isco08, kbli,
                                    education, experience_years, salary_min, salary_max, positions, posted_date, expires_date, batch_id,
                                    isco_confidence, region_resolved, context, skill_tags, isco_reviewed)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
             ON CONFLICT (source, source_id) DO NOTHING",
            &params,
        )?;
        if changed == 1 {
            return Ok(RowOutcome::Inserted);
        }
        // Known ad: the record as stored decides who may change it, and a row that says
        // something new corrects it (a new title, salary, closing date, code, ...). The code of
        // an ad a reviewer coded on its own stays the reviewer's; any other code is what this
        // import read (a source's, a title review's or the coder's), as a first import would
        // store it. The duplicate cluster stays as it was.
        let stored = self.store.conn.query_row(
            "SELECT region_code FROM vacancies WHERE source = $1 AND source_id = $2",
            &[Value::Text(&r.source), Value::Text(&r.source_id)],
        )?;
        let stored_region = stored.and_then(|row| RegionCode::parse(&row.text(0)).ok());
        if !self.scope.allows_region(stored_region) {
            return Ok(out_of_scope("region_code", &self.scope));
        }
        params.remove(17);
        // A row corrects what it gives; an empty cell or a column the file lacks keeps what is
        // stored (a file sent to fix one salary must not blank the rest of the ad).
        params[14] = r
            .positions
            .map(|p| Value::Int(p as i64))
            .unwrap_or(Value::Null);
        // The stored code stays when it is the source's (no confidence, no review) and this row
        // brings none of the source's own: the coder's or a title review's reading of a row
        // without a code never replaces what a source said. An ad coded by hand on its own
        // keeps its reviewer's code.
        const KEEP_CODE: &str = "(isco_reviewed = 2 OR (isco08 IS NOT NULL AND isco_confidence IS NULL AND isco_reviewed = 0
                AND (CAST($9 AS TEXT) IS NULL OR CAST($18 AS DOUBLE PRECISION) IS NOT NULL OR $22 = 1)))";
        let updated = self.store.conn.exec(
            &format!(
                "UPDATE vacancies SET title = $3, description = COALESCE($4, description),
                    employer = COALESCE($5, employer), region_code = COALESCE($6, region_code),
                    province_code = COALESCE($7, province_code),
                    location_text = COALESCE($8, location_text), kbli = COALESCE($10, kbli),
                    education = COALESCE($11, education),
                    experience_years = COALESCE($12, experience_years),
                    salary_min = COALESCE($13, salary_min), salary_max = COALESCE($14, salary_max),
                    positions = COALESCE($15, positions), posted_date = $16,
                    expires_date = COALESCE($17, expires_date),
                    region_resolved = CASE WHEN CAST($6 AS TEXT) IS NULL THEN region_resolved ELSE $19 END,
                    context = COALESCE($20, context), skill_tags = COALESCE($21, skill_tags),
                    isco08 = CASE WHEN {KEEP_CODE} THEN isco08 ELSE $9 END,
                    isco_confidence = CASE WHEN {KEEP_CODE} THEN isco_confidence ELSE $18 END,
                    isco_reviewed = CASE WHEN {KEEP_CODE} THEN isco_reviewed ELSE $22 END
             WHERE source = $1 AND source_id = $2
               AND (title IS DISTINCT FROM $3
                    OR description IS DISTINCT FROM COALESCE($4, description)
                    OR employer IS DISTINCT FROM COALESCE($5, employer)
                    OR region_code IS DISTINCT FROM COALESCE($6, region_code)
                    OR location_text IS DISTINCT FROM COALESCE($8, location_text)
                    OR kbli IS DISTINCT FROM COALESCE($10, kbli)
                    OR education IS DISTINCT FROM COALESCE($11, education)
                    OR experience_years IS DISTINCT FROM COALESCE($12, experience_years)
                    OR salary_min IS DISTINCT FROM COALESCE($13, salary_min)
                    OR salary_max IS DISTINCT FROM COALESCE($14, salary_max)
                    OR positions IS DISTINCT FROM COALESCE($15, positions)
                    OR posted_date IS DISTINCT FROM $16
                    OR expires_date IS DISTINCT FROM COALESCE($17, expires_date)
                    OR context IS DISTINCT FROM COALESCE($20, context)
                    OR skill_tags IS DISTINCT FROM COALESCE($21, skill_tags)
                    OR (NOT {KEEP_CODE} AND (isco08 IS DISTINCT FROM $9
                        OR isco_confidence IS DISTINCT FROM $18
                        OR isco_reviewed IS DISTINCT FROM $22)))"
            ),
            &params,
        )?;
        Ok(if updated == 1 {
            RowOutcome::Updated
        } else {
            RowOutcome::Unchanged
        })
    }

    fn add_blk(&mut self, r: &BlkRecord) -> Result<RowOutcome, StoreError> {
        if !self.scope.allows_blk(&r.code, r.region) {
            return Ok(out_of_scope("region_code", &self.scope));
        }
        if repeats_otherwise(&mut self.seen_blks, r.code.clone(), print_of(r)) {
            return Ok(reject(
                "code",
                format!(
                    "BLK {} is on an earlier row of this file with other values: a file holds one row per BLK",
                    r.code
                ),
                format!(
                    "BLK {} sudah ada di baris sebelumnya dalam berkas ini dengan nilai lain: satu baris untuk satu BLK",
                    r.code
                ),
            ));
        }
        let conn = &mut self.store.conn;
        if let Some(existing) = conn.query_row(
            "SELECT id, region_code FROM blks WHERE code = $1",
            &[Value::Text(&r.code)],
        )? {
            let id = existing.int(0);
            // The BLK as stored decides who may change it, as well as where the row puts it.
            let stored = RegionCode::parse(&existing.text(1)).ok();
            if !stored.is_some_and(|reg| self.scope.allows_blk(&r.code, reg)) {
                return Ok(out_of_scope("region_code", &self.scope));
            }
            return self.correct_blk(id, r);
        }
        let row = conn.query_row(
            "INSERT INTO blks (code, name, blk_type, region_code, province_code, address, batch_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            &[
                Value::Text(&r.code),
                Value::Text(&r.name),
                Value::Text(r.blk_type.code()),
                Value::Text(&r.region.to_string()),
                Value::Text(&r.region.province().to_string()),
                r.address.as_ref().into(),
                Value::Int(self.summary.batch_id),
            ],
        )?;
        let id = row
            .map(|x| x.int(0))
            .ok_or_else(|| StoreError::Internal("BLK insert returned no id".into()))?;
        self.insert_capacity(id, &capacity_rows(&r.capacity))?;
        self.insert_programmes(id, &r.programmes)?;
        self.blks.insert(
            r.code.clone(),
            Some(BlkRef {
                id,
                region: r.region,
            }),
        );
        Ok(RowOutcome::Inserted)
    }

    fn blk(&mut self, code: &str) -> Result<Option<BlkRef>, StoreError> {
        if let Some(b) = self.blks.get(code) {
            return Ok(b.clone());
        }
        let found = self
            .store
            .conn
            .query_row(
                "SELECT id, region_code FROM blks WHERE code = $1",
                &[Value::Text(code)],
            )?
            .and_then(|r| {
                Some(BlkRef {
                    id: r.int(0),
                    region: RegionCode::parse(&r.text(1)).ok()?,
                })
            });
        self.blks.insert(code.to_string(), found.clone());
        Ok(found)
    }

    fn cohort(&mut self, code: &str) -> Result<Option<CohortRef>, StoreError> {
        if let Some(c) = self.cohorts.get(code) {
            return Ok(c.clone());
        }
        let found = self
            .store
            .conn
            .query_row(
                "SELECT c.id, c.blk_id, b.code, b.region_code, c.programme_code, c.start_date, c.end_date FROM cohorts c JOIN blks b ON b.id = c.blk_id WHERE c.code = $1",
                &[Value::Text(code)],
            )?
            .and_then(|r| {
                Some(CohortRef {
                    id: r.int(0),
                    blk_id: r.int(1),
                    blk_code: r.text(2),
                    blk_region: RegionCode::parse(&r.text(3)).ok()?,
                    programme_code: r.text(4),
                    start: r.text(5),
                    end: r.text(6),
                })
            });
        self.cohorts.insert(code.to_string(), found.clone());
        Ok(found)
    }

    /// Brings a registered BLK to what a row of a BLK file says: name, type and region, and
    /// its address, capacity and programmes where the row gives any (an empty cell or a file
    /// without those columns leaves them as they are).
    fn correct_blk(&mut self, id: i64, r: &BlkRecord) -> Result<RowOutcome, StoreError> {
        let region = r.region.to_string();
        let province = r.region.province().to_string();
        let mut changed = self.store.conn.exec(
            "UPDATE blks SET name = $1, blk_type = $2, region_code = $3, province_code = $4,
                    address = COALESCE($5, address)
             WHERE id = $6
               AND (name IS DISTINCT FROM $1 OR blk_type IS DISTINCT FROM $2
                    OR region_code IS DISTINCT FROM $3 OR province_code IS DISTINCT FROM $4
                    OR (CAST($5 AS TEXT) IS NOT NULL AND address IS DISTINCT FROM $5))",
            &[
                Value::Text(&r.name),
                Value::Text(r.blk_type.code()),
                Value::Text(&region),
                Value::Text(&province),
                r.address.as_ref().into(),
                Value::Int(id),
            ],
        )? > 0;
        if !r.capacity.is_empty() {
            let mut stored: Vec<(String, i64, i64)> = self
                .store
                .conn
                .query(
                    "SELECT kejuruan_code, workshops, instructors FROM blk_capacity WHERE blk_id = $1",
                    &[Value::Int(id)],
                )?
                .iter()
                .map(|x| (x.text(0), x.int(1), x.int(2)))
                .collect();
            let mut given = capacity_rows(&r.capacity);
            stored.sort();
            given.sort();
            given.dedup_by(|a, b| a.0 == b.0);
            if stored != given {
                self.store.conn.exec(
                    "DELETE FROM blk_capacity WHERE blk_id = $1",
                    &[Value::Int(id)],
                )?;
                self.insert_capacity(id, &given)?;
                changed = true;
            }
        }
        if !r.programmes.is_empty() {
            let mut stored: Vec<String> = self
                .store
                .conn
                .query(
                    "SELECT programme_code FROM blk_programmes WHERE blk_id = $1",
                    &[Value::Int(id)],
                )?
                .iter()
                .map(|x| x.text(0))
                .collect();
            let mut given = r.programmes.clone();
            stored.sort();
            given.sort();
            given.dedup();
            if stored != given {
                self.store.conn.exec(
                    "DELETE FROM blk_programmes WHERE blk_id = $1",
                    &[Value::Int(id)],
                )?;
                self.insert_programmes(id, &given)?;
                changed = true;
            }
        }
        self.blks.insert(
            r.code.clone(),
            Some(BlkRef {
                id,
                region: r.region,
            }),
        );
        Ok(if changed {
            RowOutcome::Updated
        } else {
            RowOutcome::Unchanged
        })
    }

    /// A BLK's capacity rows, (kejuruan, workshops, instructors), as a new BLK or a
    /// corrected one writes them.
    fn insert_capacity(&mut self, id: i64, rows: &[(String, i64, i64)]) -> Result<(), StoreError> {
        for (k, w, i) in rows {
            self.store.conn.exec(
                "INSERT INTO blk_capacity (blk_id, kejuruan_code, workshops, instructors) VALUES ($1, $2, $3, $4)",
                &[Value::Int(id), Value::Text(k), Value::Int(*w), Value::Int(*i)],
            )?;
        }
        Ok(())
    }

    /// A BLK's programmes, a code given twice written once.
    fn insert_programmes(&mut self, id: i64, codes: &[String]) -> Result<(), StoreError> {
        for p in codes {
            self.store.conn.exec(
                "INSERT INTO blk_programmes (blk_id, programme_code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[Value::Int(id), Value::Text(p)],
            )?;
        }
        Ok(())
    }

    fn add_cohort_trainee(&mut self, r: &CohortTraineeRecord) -> Result<RowOutcome, StoreError> {
        let Some(blk) = self.blk(&r.blk_code)? else {
            return Ok(reject(
                "blk_code",
                format!(
                    "BLK {} is not registered; import it first with `listraf import blks`",
                    r.blk_code
                ),
                format!(
                    "BLK {} belum terdaftar; impor dulu data BLK (`listraf import blks`)",
                    r.blk_code
                ),
            ));
        };
        if !self.scope.allows_blk(&r.blk_code, blk.region) {
            return Ok(out_of_scope("blk_code", &self.scope));
        }
        // The person is checked before the cohort is written, so a refused row writes nothing.
        let mut person = NewPerson {
            nik: &r.nik,
            name: &r.name,
            sex: r.sex,
            birth: r.birth_date,
            education: r.education,
            region: r.region.or(Some(blk.region)),
            phone: r.phone.as_deref(),
        };
        let hash = self.store.nik_index(&r.nik);
        if repeats_otherwise(
            &mut self.seen_trainees,
            (r.cohort_code.clone(), hash),
            print_of(r),
        ) {
            return Ok(reject(
                "nik",
                format!(
                    "this NIK is on an earlier row of this file for cohort {} with other values: one row per trainee",
                    r.cohort_code
                ),
                format!(
                    "NIK ini sudah ada di baris sebelumnya untuk angkatan {} dengan nilai lain: satu baris untuk satu peserta",
                    r.cohort_code
                ),
            ));
        }
        let stored = self.stored_person(&hash)?;
        if let Some(p) = &stored
            && let Some(refusal) = p.admit(&mut person)
        {
            return Ok(refusal);
        }
        let mut cohort_corrected = false;
        let cohort = match self.cohort(&r.cohort_code)? {
            Some(mut c) => {
                if c.blk_id != blk.id || c.programme_code != r.programme_code {
                    return Ok(reject(
                        "cohort_code",
                        format!(
                            "cohort {} is already registered for BLK {} and programme {}",
                            r.cohort_code, c.blk_code, c.programme_code
                        ),
                        format!(
                            "angkatan {} sudah terdaftar untuk BLK {} dan program {}",
                            r.cohort_code, c.blk_code, c.programme_code
                        ),
                    ));
                }
                // A stored cohort takes the dates, seats and funding its file gives (every row
                // of a cohort says the same; the first row of the file decides).
                if self.cohorts_checked.insert(r.cohort_code.clone()) {
                    let (start, end) = (r.start.to_string(), r.end.to_string());
                    cohort_corrected = self.store.conn.exec(
                        "UPDATE cohorts SET start_date = $1, end_date = $2, seats = $3, funding = $4
                         WHERE id = $5
                           AND (start_date IS DISTINCT FROM $1 OR end_date IS DISTINCT FROM $2
                                OR seats IS DISTINCT FROM $3 OR funding IS DISTINCT FROM $4)",
                        &[
                            Value::Text(&start),
                            Value::Text(&end),
                            Value::Int(r.seats as i64),
                            Value::Text(r.funding.code()),
                            Value::Int(c.id),
                        ],
                    )? > 0;
                    if cohort_corrected {
                        c.start = start;
                        c.end = end;
                        self.cohorts.insert(r.cohort_code.clone(), Some(c.clone()));
                    }
                }
                c
            }
            None => {
                let row = self.store.conn.query_row(
                    "INSERT INTO cohorts (code, blk_id, programme_code, start_date, end_date, seats, funding, batch_id)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                    &[
                        Value::Text(&r.cohort_code),
                        Value::Int(blk.id),
                        Value::Text(&r.programme_code),
                        Value::Text(&r.start.to_string()),
                        Value::Text(&r.end.to_string()),
                        Value::Int(r.seats as i64),
                        Value::Text(r.funding.code()),
                        Value::Int(self.summary.batch_id),
                    ],
                )?;
                let id = row
                    .map(|x| x.int(0))
                    .ok_or_else(|| StoreError::Internal("cohort insert returned no id".into()))?;
                let c = CohortRef {
                    id,
                    blk_id: blk.id,
                    blk_code: r.blk_code.clone(),
                    blk_region: blk.region,
                    programme_code: r.programme_code.clone(),
                    start: r.start.to_string(),
                    end: r.end.to_string(),
                };
                self.cohorts.insert(r.cohort_code.clone(), Some(c.clone()));
                c
            }
        };
        // A person known already keeps the details first registered: a cohort list is not
        // the registry of who a person is.
        let (pid, new_person) = match stored {
            Some(p) => (p.id, false),
            None => (self.insert_person(&hash, &person)?, true),
        };
        let conn = &mut self.store.conn;
        if !new_person
            && let Some(t) = conn.query_row(
                "SELECT status, certified FROM trainees WHERE cohort_id = $1 AND person_id = $2",
                &[Value::Int(cohort.id), Value::Int(pid)],
            )?
        {
            if t.text(0) == r.status.code() && (t.int(1) != 0) == r.certified {
                return Ok(if cohort_corrected {
                    RowOutcome::Updated
                } else {
                    RowOutcome::Unchanged
                });
            }
            conn.exec(
                "UPDATE trainees SET status = $1, certified = $2 WHERE cohort_id = $3 AND person_id = $4",
                &[Value::Text(r.status.code()), Value::Int(r.certified as i64), Value::Int(cohort.id), Value::Int(pid)],
            )?;
            return Ok(RowOutcome::Updated);
        }
        conn.exec(
            "INSERT INTO trainees (cohort_id, person_id, status, certified, batch_id) VALUES ($1, $2, $3, $4, $5)",
            &[
                Value::Int(cohort.id),
                Value::Int(pid),
                Value::Text(r.status.code()),
                Value::Int(r.certified as i64),
                Value::Int(self.summary.batch_id),
            ],
        )?;
        Ok(RowOutcome::Inserted)
    }

    fn known_person(
        &mut self,
        nik: &domain::Nik,
    ) -> Result<Option<(i64, Option<RegionCode>)>, StoreError> {
        let hash = self.store.nik_index(nik);
        Ok(self.stored_person(&hash)?.map(|p| (p.id, p.region)))
    }

    fn add_placement(&mut self, r: &PlacementRecord) -> Result<RowOutcome, StoreError> {
        let Some((pid, person_region)) = self.known_person(&r.nik)? else {
            return Ok(reject(
                "nik",
                "no job seeker or trainee with this NIK is registered; import them first",
                "belum ada pencari kerja atau peserta pelatihan dengan NIK ini; impor dulu datanya",
            ));
        };
        let cohort = match &r.cohort_code {
            None => None,
            Some(code) => match self.cohort(code)? {
                Some(c) => Some(c),
                None => {
                    return Ok(reject(
                        "cohort_code",
                        format!("cohort {code} is not registered"),
                        format!("angkatan {code} belum terdaftar"),
                    ));
                }
            },
        };
        let allowed = match &cohort {
            Some(c) => self.scope.allows_blk(&c.blk_code, c.blk_region),
            None => self.scope.allows_region(person_region),
        };
        if !allowed {
            return Ok(out_of_scope("nik", &self.scope));
        }
        let start = r.start.to_string();
        if let Some(c) = &cohort
            && start < c.start
        {
            return Ok(reject(
                "start_date",
                format!(
                    "the job starts on {start}, before cohort {} began on {}: a job held before the training is not its result; leave the cohort code empty or correct the date",
                    r.cohort_code.as_deref().unwrap_or_default(),
                    c.start
                ),
                format!(
                    "pekerjaan dimulai {start}, sebelum angkatan {} dimulai pada {}: pekerjaan sebelum pelatihan bukan hasilnya; kosongkan kode angkatan atau perbaiki tanggalnya",
                    r.cohort_code.as_deref().unwrap_or_default(),
                    c.start
                ),
            ));
        }
        let vacancy_id = match (&r.vacancy_source, &r.vacancy_source_id) {
            (Some(s), Some(id)) => match self.store.conn.query_row(
                "SELECT id FROM vacancies WHERE source = $1 AND source_id = $2",
                &[Value::Text(s), Value::Text(id)],
            )? {
                Some(row) => Some(row.int(0)),
                None => {
                    return Ok(reject(
                        "vacancy_source_id",
                        format!("vacancy {s}/{id} is not registered"),
                        format!("lowongan {s}/{id} belum terdaftar"),
                    ));
                }
            },
            _ => None,
        };
        let region = r.region.map(|c| c.to_string());
        let province = r.region.map(|c| c.province().to_string());
        let isco = r.isco.map(|c| c.to_string());
        let key = employer_key(&r.employer);
        // The same job twice in one file (a BLK's report and an employer's, merged) is
        // harmless, and the second fills in what the first left empty; twice with details that
        // contradict each other, which to keep is unknown.
        let seen = PlacementSeen {
            kind: Some(r.placement_type.code().to_string()),
            cohort: r.cohort_code.clone(),
            vacancy: r.vacancy_source_id.clone(),
            isco: r.isco.map(|c| c.to_string()),
            region: r.region.map(|c| c.to_string()),
            income: r.monthly_income.map(|m| m.0.to_string()),
            evidence: r.evidence.clone(),
        };
        let contradicts = match self
            .seen_placements
            .get_mut(&(pid, key.clone(), start.clone()))
        {
            Some(first) => first.meet(seen),
            None => {
                self.seen_placements
                    .insert((pid, key.clone(), start.clone()), seen);
                false
            }
        };
        if contradicts {
            return Ok(reject(
                "employer",
                "this job (person, employer and start) is on an earlier row of this file with other details: one row per job",
                "pekerjaan ini (orang, pemberi kerja, dan tanggal mulai) sudah ada di baris sebelumnya dalam berkas ini dengan rincian lain: satu baris untuk satu pekerjaan",
            ));
        }
        // A job an earlier file reported with a start date up to a month away is this job
        // with its date corrected, not a second job at the same employer: the stored row takes
        // the new date (and the rest as below). Rows of this file are never merged so: two jobs
        // at one employer a fortnight apart in one report are two jobs.
        let redated = match self.placement_to_redate(pid, &key, r.start)? {
            Some(id) => {
                // The row is this report's now, so a second row of the same report a few days
                // away is a second job, not another correction of this one.
                self.store.conn.exec(
                    "UPDATE placements SET start_date = $2, batch_id = $3 WHERE id = $1",
                    &[
                        Value::Int(id),
                        Value::Text(&start),
                        Value::Int(self.summary.batch_id),
                    ],
                )?;
                true
            }
            None => false,
        };
        let params = [
            Value::Int(pid),
            cohort.as_ref().map(|c| c.id).into(),
            vacancy_id.into(),
            Value::Text(r.placement_type.code()),
            Value::Text(&r.employer),
            Value::Text(&key),
            Value::Text(&start),
            isco.as_ref().into(),
            region.as_ref().into(),
            province.as_ref().into(),
            r.monthly_income.map(|v| v.0).into(),
            r.evidence.as_ref().into(),
            Value::Int(self.summary.batch_id),
        ];
        let inserted = self.store.conn.exec(
            "INSERT INTO placements (person_id, cohort_id, vacancy_id, placement_type, employer, employer_key, start_date, isco08, region_code, province_code, monthly_income, evidence, batch_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (person_id, employer_key, start_date) DO NOTHING",
            &params,
        )?;
        if inserted == 1 {
            return Ok(RowOutcome::Inserted);
        }
        // The same job (person, employer, start) reported again counts once. What the later
        // row gives corrects the stored report, as a later row does for every other record
        // (a mistyped income, the kind of work); what it leaves empty keeps what is stored,
        // and the employer keeps its first spelling ("Baja Nusantara, PT" is the same firm).
        let filled = self.store.conn.exec(
            "UPDATE placements SET cohort_id = COALESCE($2, cohort_id), vacancy_id = COALESCE($3, vacancy_id),
                    isco08 = COALESCE($6, isco08), region_code = COALESCE($7, region_code),
                    province_code = COALESCE($8, province_code),
                    monthly_income = COALESCE($9, monthly_income), evidence = COALESCE($10, evidence),
                    placement_type = $11
             WHERE person_id = $1 AND employer_key = $4 AND start_date = $5
               AND (cohort_id IS DISTINCT FROM COALESCE($2, cohort_id)
                    OR vacancy_id IS DISTINCT FROM COALESCE($3, vacancy_id)
                    OR isco08 IS DISTINCT FROM COALESCE($6, isco08)
                    OR region_code IS DISTINCT FROM COALESCE($7, region_code)
                    OR monthly_income IS DISTINCT FROM COALESCE($9, monthly_income)
                    OR evidence IS DISTINCT FROM COALESCE($10, evidence)
                    OR placement_type IS DISTINCT FROM $11)",
            &[
                params[0],
                params[1],
                params[2],
                params[5],
                params[6],
                params[7],
                params[8],
                params[9],
                params[10],
                params[11],
                params[3],
            ],
        )?;
        Ok(if filled == 1 || redated {
            RowOutcome::Updated
        } else {
            RowOutcome::Unchanged
        })
    }

    /// The stored placement of this person at this employer that a row starting on `start`
    /// corrects the date of: none at `start` itself, exactly one from an earlier batch starting
    /// within 31 days of it.
    fn placement_to_redate(
        &mut self,
        person: i64,
        employer_key: &str,
        start: Date,
    ) -> Result<Option<i64>, StoreError> {
        let rows = self.store.conn.query(
            "SELECT id, start_date, batch_id FROM placements WHERE person_id = $1 AND employer_key = $2",
            &[Value::Int(person), Value::Text(employer_key)],
        )?;
        let day = start.days_since_epoch();
        let mut close = Vec::new();
        for r in &rows {
            let Ok(d) = Date::parse(&r.text(1)) else {
                continue;
            };
            if d == start {
                return Ok(None);
            }
            if r.int(2) != self.summary.batch_id && (d.days_since_epoch() - day).abs() <= 31 {
                close.push(r.int(0));
            }
        }
        Ok(match close[..] {
            [id] => Some(id),
            _ => None,
        })
    }

    /// A placement recorded from a match: the person is known by id (not by NIK) and the
    /// vacancy by its row. The caller has checked the natural key is free.
    pub(crate) fn add_match_placement(&mut self, p: MatchPlacement<'_>) -> Result<i64, StoreError> {
        let region = p.region.to_string();
        let province = p.region.province().to_string();
        let row = self.store.conn.query_row(
            "INSERT INTO placements (person_id, cohort_id, vacancy_id, placement_type, employer, employer_key, start_date, isco08, region_code, province_code, monthly_income, evidence, batch_id)
             VALUES ($1, $2, $3, 'WAGE', $4, $5, $6, $7, $8, $9, NULL, 'match', $10)
             RETURNING id",
            &[
                Value::Int(p.person_id),
                p.cohort_id.into(),
                Value::Int(p.vacancy_id),
                Value::Text(p.employer),
                Value::Text(p.employer_key),
                Value::Text(p.start),
                p.isco.as_ref().into(),
                Value::Text(&region),
                Value::Text(&province),
                Value::Int(self.summary.batch_id),
            ],
        )?;
        self.summary.total += 1;
        self.summary.inserted += 1;
        row.map(|r| r.int(0))
            .ok_or_else(|| StoreError::Internal("the placement insert returned no id".into()))
    }

    fn add_tracer(&mut self, r: &TracerRecord) -> Result<RowOutcome, StoreError> {
        let Some((pid, _)) = self.known_person(&r.nik)? else {
            return Ok(reject(
                "nik",
                "no trainee with this NIK is registered",
                "belum ada peserta pelatihan dengan NIK ini",
            ));
        };
        let Some(cohort) = self.cohort(&r.cohort_code)? else {
            return Ok(reject(
                "cohort_code",
                format!("cohort {} is not registered", r.cohort_code),
                format!("angkatan {} belum terdaftar", r.cohort_code),
            ));
        };
        if !self.scope.allows_blk(&cohort.blk_code, cohort.blk_region) {
            return Ok(out_of_scope("cohort_code", &self.scope));
        }
        // Keyed by the person and cohort already looked up: no second NIK hash per row.
        if repeats_otherwise(
            &mut self.seen_answers,
            (pid, cohort.id, r.wave),
            print_of(r),
        ) {
            return Ok(reject(
                "wave",
                format!(
                    "this graduate's wave-{} answer for cohort {} is on an earlier row of this file with other values: one row per graduate and wave",
                    r.wave, r.cohort_code
                ),
                format!(
                    "jawaban gelombang {} alumni ini untuk angkatan {} sudah ada di baris sebelumnya dalam berkas ini dengan nilai lain: satu baris untuk satu alumni per gelombang",
                    r.wave, r.cohort_code
                ),
            ));
        }
        let answered = r.response_date.to_string();
        if answered < cohort.end {
            return Ok(reject(
                "response_date",
                format!(
                    "the answer is dated {answered}, before cohort {} ended on {}: a tracer answer comes after the training",
                    r.cohort_code, cohort.end
                ),
                format!(
                    "jawaban bertanggal {answered}, sebelum angkatan {} selesai pada {}: jawaban tracer study datang setelah pelatihan",
                    r.cohort_code, cohort.end
                ),
            ));
        }
        let conn = &mut self.store.conn;
        if conn
            .query_row(
                "SELECT 1 FROM trainees WHERE cohort_id = $1 AND person_id = $2",
                &[Value::Int(cohort.id), Value::Int(pid)],
            )?
            .is_none()
        {
            return Ok(reject(
                "nik",
                format!("this person is not a trainee of cohort {}", r.cohort_code),
                format!("orang ini bukan peserta angkatan {}", r.cohort_code),
            ));
        }
        let mut params = vec![
            Value::Int(pid),
            Value::Int(cohort.id),
            Value::Int(r.wave as i64),
            Value::Text(&answered),
            Value::Text(r.status.code()),
            r.monthly_income.map(|v| v.0).into(),
            r.relevant.map(|b| b as i64).into(),
            r.respondent.map(|x| x.code()).into(),
            Value::Int(self.summary.batch_id),
        ];
        let inserted = conn.exec(
            "INSERT INTO tracer_responses (person_id, cohort_id, wave, response_date, status, monthly_income, relevant, respondent, batch_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8, 'UNCONFIRMED'), $9)
             ON CONFLICT (person_id, cohort_id, wave) DO NOTHING",
            &params,
        )?;
        if inserted == 1 {
            return Ok(RowOutcome::Inserted);
        }
        // A second answer for the same wave corrects the first, except that an answer given
        // by someone else, or unconfirmed, never replaces the graduate's own. A row that does
        // not say who answered corrects the stored answer as its own respondent's (a file
        // fixing a mistyped income need not repeat the column), and an empty income or
        // relevance keeps the stored one while the graduate is still in work.
        params.truncate(8);
        let corrected = conn.exec(
            "UPDATE tracer_responses SET response_date = $4, status = $5,
                    monthly_income = CASE WHEN $5 IN ('UNEMPLOYED', 'NOT_IN_LABOUR_FORCE') THEN $6
                                          ELSE COALESCE($6, monthly_income) END,
                    relevant = CASE WHEN $5 IN ('UNEMPLOYED', 'NOT_IN_LABOUR_FORCE') THEN $7
                                    ELSE COALESCE($7, relevant) END,
                    respondent = COALESCE($8, respondent)
             WHERE person_id = $1 AND cohort_id = $2 AND wave = $3
               AND NOT (respondent = 'SELF' AND COALESCE($8, respondent) <> 'SELF')
               AND (response_date IS DISTINCT FROM $4 OR status IS DISTINCT FROM $5
                    OR monthly_income IS DISTINCT FROM (CASE WHEN $5 IN ('UNEMPLOYED', 'NOT_IN_LABOUR_FORCE') THEN $6
                                                             ELSE COALESCE($6, monthly_income) END)
                    OR relevant IS DISTINCT FROM (CASE WHEN $5 IN ('UNEMPLOYED', 'NOT_IN_LABOUR_FORCE') THEN $7
                                                       ELSE COALESCE($7, relevant) END)
                    OR respondent IS DISTINCT FROM COALESCE($8, respondent))",
            &params,
        )?;
        Ok(if corrected == 1 {
            RowOutcome::Updated
        } else {
            RowOutcome::Unchanged
        })
    }
}

impl ImportSession<'_> {
    /// Upserts one indicator by (region, year, category). A changed figure is updated; a blank
    /// employment keeps the stored one, because a later GRDP release often comes before the
    /// labour-force survey that gives employment, and "not given" is not zero.
    fn add_indicator(&mut self, r: &IndicatorRecord) -> Result<RowOutcome, StoreError> {
        if !self.scope.allows_region(Some(r.region)) {
            return Ok(out_of_scope("region_code", &self.scope));
        }
        let region = r.region.to_string();
        let category = r.category.to_string();
        let year = i64::from(r.year);
        let employment = r.employment.and_then(|v| i64::try_from(v).ok());
        let conn = &mut self.store.conn;
        let existing = conn.query_row(
            "SELECT id, grdp_idr_billion, employment FROM regional_indicators WHERE region_code = $1 AND year = $2 AND kbli_category = $3",
            &[Value::Text(&region), Value::Int(year), Value::Text(&category)],
        )?;
        let Some(row) = existing else {
            conn.exec(
                "INSERT INTO regional_indicators (region_code, province_code, year, kbli_category, grdp_idr_billion, employment, batch_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    Value::Text(&region),
                    Value::Text(&r.region.province().to_string()),
                    Value::Int(year),
                    Value::Text(&category),
                    Value::Real(r.grdp_idr_billion),
                    employment.into(),
                    Value::Int(self.summary.batch_id),
                ],
            )?;
            return Ok(RowOutcome::Inserted);
        };
        let stored_grdp = row.opt_real(1).unwrap_or(f64::NAN);
        let stored_employment = row.opt_int(2);
        let new_employment = employment.or(stored_employment);
        // Both engines keep a double exactly, so equal input gives equal bits; the tolerance
        // only forgives the last-digit noise of a value that went through a spreadsheet.
        let same_grdp =
            (stored_grdp - r.grdp_idr_billion).abs() <= 1e-9 * r.grdp_idr_billion.abs().max(1.0);
        if same_grdp && new_employment == stored_employment {
            return Ok(RowOutcome::Unchanged);
        }
        conn.exec(
            "UPDATE regional_indicators SET grdp_idr_billion = $1, employment = $2, batch_id = $3 WHERE id = $4",
            &[
                Value::Real(r.grdp_idr_billion),
                new_employment.into(),
                Value::Int(self.summary.batch_id),
                Value::Int(row.int(0)),
            ],
        )?;
        Ok(RowOutcome::Updated)
    }
}

impl ImportSession<'_> {
    /// Upserts one results-framework target by (indicator, level, area, year): a corrected sheet
    /// updates the value in place. A BLK target needs a registered BLK in the caller's scope; a
    /// national target can only be set by the centre.
    fn add_target(&mut self, r: &TargetRecord) -> Result<RowOutcome, StoreError> {
        let (province, region) = match r.level {
            TargetLevel::National => {
                if self.scope != Scope::Central {
                    return Ok(out_of_scope("level", &self.scope));
                }
                (None, None)
            }
            TargetLevel::Province => {
                let Ok(p) = RegionCode::parse(&r.area) else {
                    return Ok(reject(
                        "area_code",
                        format!("{} is not a province code", r.area),
                        format!("{} bukan kode provinsi", r.area),
                    ));
                };
                if !matches!(self.scope, Scope::Central) && self.scope != Scope::Province(p) {
                    return Ok(out_of_scope("area_code", &self.scope));
                }
                (
                    Some(p.province().to_string()),
                    Some(p.province().to_string()),
                )
            }
            TargetLevel::Blk => {
                let Some(b) = self.blk(&r.area)? else {
                    return Ok(reject(
                        "area_code",
                        format!("BLK {} is not registered", r.area),
                        format!("BLK {} belum terdaftar", r.area),
                    ));
                };
                if !self.scope.allows_blk(&r.area, b.region) {
                    return Ok(out_of_scope("area_code", &self.scope));
                }
                (
                    Some(b.region.province().to_string()),
                    Some(b.region.to_string()),
                )
            }
        };
        if repeats_otherwise(
            &mut self.seen_targets,
            (
                r.indicator.code().to_string(),
                r.level.code().to_string(),
                r.area.clone(),
                r.year,
            ),
            print_of(r),
        ) {
            return Ok(reject(
                "target",
                format!(
                    "the {} {} target for {} is on an earlier row of this file with another value: one row per target",
                    r.level.code(),
                    r.indicator.code(),
                    r.year
                ),
                format!(
                    "target {} {} tahun {} sudah ada di baris sebelumnya dalam berkas ini dengan nilai lain: satu baris untuk satu target",
                    r.level.code(),
                    r.indicator.code(),
                    r.year
                ),
            ));
        }
        let conn = &mut self.store.conn;
        let key = [
            Value::Text(r.indicator.code()),
            Value::Text(r.level.code()),
            Value::Text(&r.area),
            Value::Int(i64::from(r.year)),
        ];
        let existing = conn.query_row(
            "SELECT id, target, project_year FROM outcome_targets WHERE indicator = $1 AND level = $2 AND area_code = $3 AND year = $4",
            &key,
        )?;
        let Some(row) = existing else {
            conn.exec(
                "INSERT INTO outcome_targets (indicator, level, area_code, province_code, region_code, year, project_year, target, batch_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    key[0],
                    key[1],
                    key[2],
                    province.as_ref().into(),
                    region.as_ref().into(),
                    key[3],
                    Value::Int(i64::from(r.project_year)),
                    Value::Real(r.value),
                    Value::Int(self.summary.batch_id),
                ],
            )?;
            return Ok(RowOutcome::Inserted);
        };
        let same = (row.opt_real(1).unwrap_or(f64::NAN) - r.value).abs()
            <= 1e-9 * r.value.abs().max(1.0)
            && row.int(2) == i64::from(r.project_year);
        if same {
            return Ok(RowOutcome::Unchanged);
        }
        conn.exec(
            "UPDATE outcome_targets SET target = $1, project_year = $2, batch_id = $3 WHERE id = $4",
            &[
                Value::Real(r.value),
                Value::Int(i64::from(r.project_year)),
                Value::Int(self.summary.batch_id),
                Value::Int(row.int(0)),
            ],
        )?;
        Ok(RowOutcome::Updated)
    }
}

impl Drop for ImportSession<'_> {
    fn drop(&mut self) {
        if !self.finished {
            let _ = self.store.conn.batch("ROLLBACK");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn employer_keys_ignore_legal_form_and_punctuation() {
        assert_eq!(super::employer_key("PT. Maju Jaya"), "maju jaya");
        assert_eq!(super::employer_key("pt maju  jaya, Tbk"), "maju jaya");
        assert_eq!(super::employer_key("P.T. Sinar Jaya"), "sinar jaya");
        assert_ne!(
            super::employer_key("CV Maju"),
            super::employer_key("Maju Jaya")
        );
    }
}

/// A vacancy as the duplicate detector needs it.
#[derive(Debug, Clone)]
pub struct DedupRow {
    pub id: i64,
    pub title: String,
    pub employer: Option<String>,
    pub description: Option<String>,
    pub region: Option<RegionCode>,
    pub posted: Option<Date>,
    pub cluster: Option<i64>,
}

/// A vacancy whose occupation is Listraf's to give (its source gave none), as stored.
#[derive(Debug, Clone)]
pub struct RecodeRow {
    pub id: i64,
    pub title: String,
    pub description: Option<String>,
    pub context: Option<String>,
    /// The code the coder gave at import (or at the last recode); `None`: uncoded.
    pub isco: Option<IscoCode>,
    pub confidence: Option<f64>,
}

/// A new code for a vacancy read by [`Store::vacancies_for_recode`], with what was read: the
/// update happens only if the row still holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecodeChange {
    pub id: i64,
    pub before: (Option<IscoCode>, Option<f64>),
    pub after: (Option<IscoCode>, Option<f64>),
}

/// A vacancy stored without a region whose location text Listraf now places
/// ([`ImportSession::set_regions`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RegionFill {
    pub id: i64,
    pub region: RegionCode,
}

/// A vacancy stored without a region ([`Store::vacancies_without_region`]).
#[derive(Debug, Clone, PartialEq)]
pub struct UnplacedVacancy {
    pub id: i64,
    pub location_text: Option<String>,
    pub title: String,
}

/// Rows without a code from their source: a stored code with no confidence came from it.
const LISTRAF_CODED: &str = "(v.isco08 IS NULL OR v.isco_confidence IS NOT NULL)";

impl Store {
    /// The vacancies in `scope` stored without a region, in id order: what a resolver may now
    /// place from their location text or the place their title names. Only the central scope
    /// sees vacancies without a region, so a regional scope finds none.
    pub fn vacancies_without_region(
        &mut self,
        scope: &Scope,
    ) -> Result<Vec<UnplacedVacancy>, StoreError> {
        let (k, v) = crate::web::region_scope_params(scope);
        let rows = self.conn.query(
            &format!(
                "SELECT v.id, v.location_text, v.title FROM vacancies v
                 WHERE v.region_code IS NULL AND {}
                 ORDER BY v.id",
                crate::web::VACANCY_SCOPE
            ),
            &[Value::Int(k), Value::Text(&v)],
        )?;
        Ok(rows
            .iter()
            .map(|r| UnplacedVacancy {
                id: r.int(0),
                location_text: r.opt_text(1),
                title: r.text(2),
            })
            .collect())
    }

    /// The vacancies in `scope` that carry no occupation code from their source (those Listraf
    /// coded, or left uncoded, at import), with ids above `after`, at most `limit`, in id
    /// order: a national database is read a page at a time. Read outside any transaction, so
    /// that coding them (seconds to minutes) holds no write lock.
    pub fn vacancies_for_recode(
        &mut self,
        scope: &Scope,
        after: i64,
        limit: usize,
    ) -> Result<Vec<RecodeRow>, StoreError> {
        let (k, v) = crate::web::region_scope_params(scope);
        let rows = self.conn.query(
            &format!(
                "SELECT v.id, v.title, v.description, v.context, v.isco08, v.isco_confidence FROM vacancies v
                 WHERE v.id > $3 AND {} AND {LISTRAF_CODED} ORDER BY v.id LIMIT $4",
                crate::web::VACANCY_SCOPE
            ),
            &[
                Value::Int(k),
                Value::Text(&v),
                Value::Int(after),
                Value::Int(limit.min(i64::MAX as usize) as i64),
            ],
        )?;
        Ok(rows
            .iter()
            .map(|r| RecodeRow {
                id: r.int(0),
                title: r.text(1),
                description: r.opt_text(2),
                context: r.opt_text(3),
                isco: r.opt_text(4).and_then(|s| IscoCode::parse(&s).ok()),
                confidence: r.opt_real(5),
            })
            .collect())
    }
}

impl ImportSession<'_> {
    /// Stores new codes (and confidences) of vacancies read by [`Store::vacancies_for_recode`];
    /// `examined` is how many were read. A row is updated only while it is in the session's
    /// scope, still has no source code and still holds what was read: a row an import or
    /// another recode changed in the meantime keeps its newer value.
    pub fn set_codes(&mut self, examined: u64, changes: &[RecodeChange]) -> Result<(), StoreError> {
        let (k, v) = crate::web::region_scope_params(&self.scope);
        let sql = format!(
            "UPDATE vacancies AS v SET isco08 = $3, isco_confidence = $4
             WHERE v.id = $5 AND {} AND {LISTRAF_CODED}
               AND v.isco08 IS NOT DISTINCT FROM CAST($6 AS TEXT)
               AND v.isco_confidence IS NOT DISTINCT FROM CAST($7 AS DOUBLE PRECISION)",
            crate::web::VACANCY_SCOPE
        );
        let real = |c: Option<f64>| c.map(Value::Real).unwrap_or(Value::Null);
        let mut updated = 0u64;
        for c in changes {
            let after = c.after.0.map(|c| c.to_string());
            let before = c.before.0.map(|c| c.to_string());
            updated += self.store.conn.exec(
                &sql,
                &[
                    Value::Int(k),
                    Value::Text(&v),
                    after.as_ref().into(),
                    real(c.after.1),
                    Value::Int(c.id),
                    before.as_ref().into(),
                    real(c.before.1),
                ],
            )?;
        }
        self.summary.total += examined;
        self.summary.updated += updated;
        self.summary.unchanged += examined.saturating_sub(updated);
        Ok(())
    }

    /// Gives regions to vacancies stored without one (their location text was not resolved
    /// at import). A row is updated only while it still has no region and the region lies in
    /// the session's scope. Returns how many rows were updated; they count as updated rows
    /// of the batch, and `examined` as read.
    pub fn set_regions(&mut self, examined: u64, fills: &[RegionFill]) -> Result<u64, StoreError> {
        let mut updated = 0u64;
        for f in fills {
            if !self.scope.allows_region(Some(f.region)) {
                continue;
            }
            updated += self.store.conn.exec(
                "UPDATE vacancies SET region_code = $1, province_code = $2, region_resolved = 1
                 WHERE id = $3 AND region_code IS NULL",
                &[
                    Value::Text(&f.region.to_string()),
                    Value::Text(&f.region.province().to_string()),
                    Value::Int(f.id),
                ],
            )?;
        }
        self.summary.total += examined;
        self.summary.updated += updated;
        self.summary.unchanged += examined.saturating_sub(updated);
        Ok(updated)
    }

    /// Every vacancy, including this batch's, in id order: clusters are recomputed inside the
    /// import's transaction so that counts and clusters never disagree.
    pub fn vacancies_for_dedup(&mut self) -> Result<Vec<DedupRow>, StoreError> {
        let rows = self.store.conn.query(
            "SELECT id, title, employer, description, region_code, posted_date, duplicate_cluster FROM vacancies ORDER BY id",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| DedupRow {
                id: r.int(0),
                title: r.text(1),
                employer: r.opt_text(2),
                description: r.opt_text(3),
                region: r.opt_text(4).and_then(|s| RegionCode::parse(&s).ok()),
                posted: r.opt_text(5).and_then(|s| Date::parse(&s).ok()),
                cluster: r.opt_int(6),
            })
            .collect())
    }

    /// Records duplicate clusters (vacancy id → id of the cluster's first vacancy). Nothing is
    /// deleted: demand counts take one vacancy per cluster.
    pub fn set_duplicate_clusters(&mut self, changes: &[(i64, i64)]) -> Result<(), StoreError> {
        for &(id, cluster) in changes {
            self.store.conn.exec(
                "UPDATE vacancies SET duplicate_cluster = $1 WHERE id = $2",
                &[Value::Int(cluster), Value::Int(id)],
            )?;
        }
        Ok(())
    }
}

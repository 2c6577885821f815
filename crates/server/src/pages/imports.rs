//! `/impor`: upload a CSV or XLSX file, see every row's problem before anything is written
//! (a dry run), then commit it; and the history of import batches.
//!
//! Uploading changes data, and there are no accounts yet, so the upload forms exist only when
//! the server listens on a loopback address (the operator's own machine); elsewhere the page
//! shows the history only and the POST routes answer 403. Every form carries a per-process
//! token, so another web site open in the same browser cannot post to the local server.
//!
//! The uploaded file is kept under a private temporary folder between the dry run and the
//! commit, named by an unguessable token; the commit imports exactly the file that was checked
//! (the import's file-hash registry would refuse it twice anyway). Both steps go through
//! `pipeline::import_file`, the same path as `listraf import`; after a commit the analytics
//! snapshot is rebuilt.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::Scope;
use ingest::Entity;
use pipeline::{ImportOptions, ImportReport, Outcome};
use store::BatchInfo;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::table::{Cell, Table, Value, col};

/// The largest upload accepted (a national job-seeker register of ~1M rows is ~150 MB; larger
/// files belong on the command line).
pub const UPLOAD_LIMIT: usize = 256 * 1024 * 1024;
/// Checked files wait this long for their commit.
const PENDING_FOR: Duration = Duration::from_secs(60 * 60);
const MAX_PENDING: usize = 32;
const HISTORY: i64 = 50;

/// The upload area of a server that may change data.
pub struct Uploads {
    dir: PathBuf,
    csrf: String,
    pending: Mutex<HashMap<String, Pending>>,
}

struct Pending {
    path: PathBuf,
    entity: Entity,
    created: Instant,
}

/// 128 unpredictable bits as hex: `RandomState` is seeded from the operating system's
/// randomness for each instance.
pub(super) fn random_token() -> String {
    let mut out = String::new();
    for i in 0..2u64 {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(i);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default(),
        );
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

impl Uploads {
    /// The per-process token every form that changes data carries (imports and plans).
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    /// A fresh folder under the system temporary directory.
    pub fn new() -> std::io::Result<Uploads> {
        let dir = std::env::temp_dir().join(format!(
            "listraf-uploads-{}-{}",
            std::process::id(),
            &random_token()[..8]
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(Uploads {
            dir,
            csrf: random_token(),
            pending: Mutex::new(HashMap::new()),
        })
    }

    fn expire(&self, pending: &mut HashMap<String, Pending>) {
        let old: Vec<String> = pending
            .iter()
            .filter(|(_, p)| p.created.elapsed() > PENDING_FOR)
            .map(|(k, _)| k.clone())
            .collect();
        for k in old {
            if let Some(p) = pending.remove(&k) {
                remove_upload(&p.path);
            }
        }
        while pending.len() >= MAX_PENDING {
            let Some(oldest) = pending
                .iter()
                .min_by_key(|(_, p)| p.created)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(p) = pending.remove(&oldest) {
                remove_upload(&p.path);
            }
        }
    }
}

impl Drop for Uploads {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub(super) fn remove_upload(path: &Path) {
    if let Some(parent) = path.parent() {
        let _ = std::fs::remove_dir_all(parent);
    }
}

/// Saves an upload as `name` in a folder of its own under the system's temporary one (named
/// `<prefix>-<unguessable token>`), runs `read` on it on a blocking thread, and removes the
/// folder whatever `read` did: for uploads that are read once and not kept (file coding, files
/// of reviewers' codes).
pub(super) async fn read_saved_upload<T: Send + 'static>(
    prefix: &str,
    name: &str,
    data: Bytes,
    read: impl FnOnce(&Path) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let path = std::env::temp_dir()
        .join(format!("{prefix}-{}", random_token()))
        .join(name);
    tokio::task::spawn_blocking(move || {
        let saved = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &data));
        let result = match saved {
            Ok(()) => read(&path),
            Err(e) => Err(AppError::Internal(format!("saving an upload: {e}"))),
        };
        remove_upload(&path);
        result
    })
    .await
    .map_err(|e| AppError::Internal(format!("upload task: {e}")))?
}

#[derive(Template)]
#[template(path = "imports/index.html")]
struct ImportsPage<'a> {
    c: &'a Ctx,
    writable: bool,
    csrf: String,
    entities: Vec<(&'static str, &'static str)>,
    upload_limit_mb: usize,
    tables: Vec<Table>,
}

#[derive(Template)]
#[template(path = "imports/report.html")]
struct ReportPage<'a> {
    c: &'a Ctx,
    file: String,
    entity: &'static str,
    rows: i64,
    invalid_rows: i64,
    problem_count: i64,
    ignored_columns: String,
    /// What the commit would do: inserted, updated, unchanged.
    would: Option<(i64, i64, i64)>,
    /// An earlier batch holding this exact file.
    already: Option<(i64, String)>,
    committed: Option<i64>,
    token: String,
    csrf: String,
    tables: Vec<Table>,
}

/// Entities offered in the form, with their label in the page language.
fn entities(c: &Ctx) -> Vec<(&'static str, &'static str)> {
    Entity::ALL
        .iter()
        .map(|e| (e.name(), entity_label(*e, c)))
        .collect()
}

fn entity_label(e: Entity, c: &Ctx) -> &'static str {
    let id = matches!(c.lang, crate::i18n::Lang::Id);
    match e.name() {
        "vacancies" => c.t.nav_vacancies,
        "job-seekers" => c.t.job_seekers,
        "blks" => "BLK",
        "cohorts" => c.t.cohorts,
        "placements" => c.t.placements,
        "tracer" if id => "Tracer study (jawaban alumni)",
        "tracer" => "Tracer study (graduate answers)",
        "indicators" if id => "Indikator ekonomi daerah (PDRB)",
        "indicators" => "Regional economic indicators (GRDP)",
        "targets" if id => "Target kerangka hasil",
        "targets" => "Results-framework targets",
        // Entities added later show their command-line name until they get a label.
        _ => e.name(),
    }
}

/// What a batch holds, in the page language: an import's entity label, a recode (which
/// imported no file: `listraf recode` coded and placed stored vacancies again) or an
/// occupation review (`/kode/tinjau`).
fn batch_kind(entity: &str, c: &Ctx) -> String {
    match Entity::parse(entity) {
        Some(e) => entity_label(e, c).to_string(),
        None if entity == store::RECODE_ENTITY => match c.lang {
            crate::i18n::Lang::Id => "Pengodean ulang lowongan".to_string(),
            _ => "Vacancies recoded".to_string(),
        },
        None if entity == store::REVIEW_ENTITY => c.t.review_kind.to_string(),
        None => entity.to_string(),
    }
}

pub async fn index(
    State(st): State<AppState>,
    c: Ctx,
    axum::extract::RawQuery(q): axum::extract::RawQuery,
) -> Response {
    let result = build_index(&st, &c, q.as_deref()).await;
    super::finish(c, result)
}

async fn build_index(st: &AppState, c: &Ctx, q: Option<&str>) -> Result<Response, AppError> {
    let params = crate::params::Params::parse(q)?;
    params.only(&["format", "table", "lang"])?;
    let batches = st.pool.run(|s| s.batches(HISTORY)).await?;
    let tables = vec![history_table(c, &batches)];
    if let Some(r) = super::export_if_asked(&params, "impor", &tables)? {
        return Ok(r);
    }
    super::render(&ImportsPage {
        c,
        writable: st.uploads.is_some(),
        csrf: st
            .uploads
            .as_ref()
            .map(|u| u.csrf.clone())
            .unwrap_or_default(),
        entities: entities(c),
        upload_limit_mb: st.upload_limit.div_ceil(1024 * 1024),
        tables,
    })
}

fn history_table(c: &Ctx, batches: &[BatchInfo]) -> Table {
    let t = c.t;
    Table {
        id: "batches",
        caption: t.import_history.to_string(),
        columns: vec![
            col("batch_id", t.batch),
            col("entity", t.data_kind),
            col("file_name", t.file),
            col("imported_at", t.imported_at),
            col("rows_total", t.rows),
            col("rows_inserted", t.inserted),
            col("rows_updated", t.updated),
            col("rows_unchanged", t.unchanged),
            col("rows_rejected", t.rejected),
        ],
        rows: batches
            .iter()
            .map(|b| {
                vec![
                    Cell::int(b.id),
                    Cell::text(batch_kind(&b.entity, c)),
                    Cell::text(b.file_name.clone()),
                    Value::Timestamp(b.imported_at.clone()).into(),
                    Cell::int(b.rows_total),
                    Cell::int(b.rows_inserted),
                    Cell::int(b.rows_updated),
                    Cell::int(b.rows_unchanged),
                    Cell::int(b.rows_rejected),
                ]
            })
            .collect(),
        has_persons: false,
    }
}

/// What an upload is for: the refusal of a file too large names the command that takes any size.
#[derive(Debug, Clone, Copy)]
pub(super) enum UploadUse {
    Import,
    Code,
    Review,
}

fn too_large(limit: usize, what: UploadUse) -> AppError {
    let mb = format!("{:.1}", limit as f64 / (1024.0 * 1024.0));
    let (id, en) = match what {
        UploadUse::Import => (
            "Impor berkas sebesar ini dengan perintah `listraf import`.",
            "Import files this large with `listraf import`.",
        ),
        UploadUse::Code => (
            "Kodekan berkas sebesar ini dengan perintah `listraf code`.",
            "Code files this large with `listraf code`.",
        ),
        UploadUse::Review => (
            "Baca berkas sebesar ini dengan perintah `listraf review import`.",
            "Read files this large with `listraf review import`.",
        ),
    };
    AppError::Refused {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: "too_large",
        id: format!("Berkas lebih besar dari {} MB. {id}", mb.replace('.', ",")),
        en: format!("The file is larger than {mb} MB. {en}"),
    }
}

/// An upload form read whole: its text fields, and the file field (its name as sent, its bytes).
pub(super) struct Upload {
    fields: Vec<(String, String)>,
    file: Option<(String, Bytes)>,
    limit: usize,
    what: UploadUse,
}

impl Upload {
    pub(super) fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The file, once it is known to be there, not empty, within the limit and of a kind read
    /// (its name made safe by [`safe_name`]). Asked after the form's other checks, so that a
    /// stale form is told so before anything about its file.
    pub(super) fn file(self) -> Result<(String, Bytes), AppError> {
        let Some((name, data)) = self.file else {
            return Err(bad_form("pilih berkas.", "choose a file."));
        };
        if data.is_empty() {
            return Err(bad_form("berkas kosong.", "the file is empty."));
        }
        // The body limit allows for the form around the file; the file itself is held to the
        // limit exactly.
        if data.len() > self.limit {
            return Err(too_large(self.limit, self.what));
        }
        Ok((safe_name(&name)?, data))
    }
}

/// Reads a multipart upload form, holding it to `limit` bytes.
pub(super) async fn read_upload(
    multipart: Result<Multipart, MultipartRejection>,
    limit: usize,
    what: UploadUse,
) -> Result<Upload, AppError> {
    let cut_off = || {
        bad_form(
            "unggahan terputus atau rusak; coba lagi.",
            "the upload was cut off or damaged; try again.",
        )
    };
    let mut multipart = multipart.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(limit, what)
        } else {
            bad_form(
                "kirim formulir unggah (multipart/form-data).",
                "send the upload form (multipart/form-data).",
            )
        }
    })?;
    let mut upload = Upload {
        fields: Vec::new(),
        file: None,
        limit,
        what,
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(too_large(limit, what));
            }
            Err(_) => return Err(cut_off()),
        };
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let data = match field.bytes().await {
            Ok(d) => d,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(too_large(limit, what));
            }
            Err(_) => return Err(cut_off()),
        };
        if name == "file" {
            upload.file = Some((file_name.unwrap_or_default(), data));
        } else {
            upload
                .fields
                .push((name, String::from_utf8_lossy(&data).to_string()));
        }
    }
    Ok(upload)
}

/// A file that `ingest` could not read, told in the page language.
pub(super) fn unreadable(e: &ingest::IngestError) -> AppError {
    AppError::BadRequest {
        code: "unreadable_file",
        param: "file".into(),
        id: format!("Berkas tidak dapat dibaca: {}", e.indonesian()),
        en: format!("The file cannot be read: {e}"),
    }
}

fn bad_form(id: &str, en: &str) -> AppError {
    AppError::bad_param("file", id, en)
}

/// A file name safe to create: the base name's letters, digits, `-`, `_`, `.`; `.csv`,
/// `.tsv`, `.txt` or `.xlsx` only.
pub(super) fn safe_name(name: &str) -> Result<String, AppError> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.') {
                ch
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let lower = cleaned.to_ascii_lowercase();
    let ok = [".csv", ".tsv", ".txt", ".xlsx"]
        .iter()
        .any(|e| lower.ends_with(e) && lower.len() > e.len());
    if ok && !cleaned.starts_with('.') {
        Ok(cleaned)
    } else {
        Err(bad_form(
            "pilih berkas .csv atau .xlsx.",
            "choose a .csv or .xlsx file.",
        ))
    }
}

/// `POST /impor`: stores the upload and answers the dry-run report.
pub async fn check(
    State(st): State<AppState>,
    c: Ctx,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = build_check(&st, &c, multipart).await;
    super::finish(c, result)
}

async fn build_check(
    st: &AppState,
    c: &Ctx,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let Some(up) = st.uploads.clone() else {
        return Err(AppError::read_only("Impor", "Imports"));
    };
    let upload = read_upload(multipart, st.upload_limit, UploadUse::Import).await?;
    if upload.field("csrf") != Some(up.csrf.as_str()) {
        return Err(AppError::stale_form("impor", "import"));
    }
    let entity = upload
        .field("entity")
        .and_then(Entity::parse)
        .ok_or_else(|| {
            AppError::bad_param(
                "entity",
                "pilih jenis data dari daftar.",
                "choose the kind of data from the list.",
            )
        })?;
    let (name, data) = upload.file()?;
    let token = random_token();
    let folder = up.dir.join(&token);
    let path = folder.join(&name);
    let write = {
        let path = path.clone();
        tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&folder)?;
            std::fs::write(&path, &data)
        })
    };
    write
        .await
        .map_err(|e| AppError::Internal(format!("upload task: {e}")))?
        .map_err(|e| AppError::Internal(format!("saving an upload: {e}")))?;

    let report = run_import(st, entity, &path, true).await?;
    if let Outcome::DryRun(_) = report.outcome
        && let Ok(mut pending) = up.pending.lock()
    {
        up.expire(&mut pending);
        pending.insert(
            token.clone(),
            Pending {
                path: path.clone(),
                entity,
                created: Instant::now(),
            },
        );
    } else {
        remove_upload(&path);
    }
    report_page(c, &report, entity, None, token, up.csrf.clone())
}

/// Runs the import (a dry run, or the real one) on a blocking thread with its own connection.
async fn run_import(
    st: &AppState,
    entity: Entity,
    path: &Path,
    dry_run: bool,
) -> Result<ImportReport, AppError> {
    let target = st.target.clone();
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let internal = |e: pipeline::PipelineError| AppError::Internal(format!("import: {e}"));
        let mut store =
            store::Store::open(&target).map_err(|e| internal(pipeline::PipelineError::Store(e)))?;
        let rejects = path.with_extension("rejected.csv");
        let opts = ImportOptions {
            dry_run,
            // The dry run checks every row and reports every problem; the commit imports the
            // valid rows only when the user chose to skip the invalid ones.
            skip_invalid: true,
            source_label: None,
            actor: "web (loopback)".into(),
            synthetic: false,
            rejects_path: Some(rejects),
        };
        pipeline::import_file(
            &mut store,
            &Scope::Central,
            entity,
            &path,
            &opts,
            &mut |_, _| {},
        )
        .map_err(|e| match e {
            pipeline::PipelineError::Ingest(e) => unreadable(&e),
            other => internal(other),
        })
    })
    .await
    .map_err(|e| AppError::Internal(format!("import task: {e}")))?
}

fn report_page(
    c: &Ctx,
    report: &ImportReport,
    entity: Entity,
    committed: Option<i64>,
    token: String,
    csrf: String,
) -> Result<Response, AppError> {
    let t = c.t;
    let indonesian = matches!(c.lang, crate::i18n::Lang::Id);
    let problems = Table {
        id: "problems",
        caption: t.problems.to_string(),
        columns: vec![
            col("line", t.line),
            col("column", t.column),
            col("reason", t.reason),
        ],
        rows: {
            // In line order, whichever pass found them (the file's checks, then the
            // database's: a NIK registered to another name, say).
            let mut problems: Vec<_> = report.problems.iter().collect();
            problems.sort_by_key(|p| p.line);
            problems
        }
        .into_iter()
        .map(|p| {
            vec![
                Value::Int(p.line as i64).into(),
                Cell::text(if indonesian && p.column == ingest::WHOLE_ROW {
                    "(baris)".to_string()
                } else {
                    p.column.clone()
                }),
                Cell::text(if indonesian {
                    p.reason_id.clone()
                } else {
                    p.reason.clone()
                }),
            ]
        })
        .collect(),
        has_persons: false,
    };
    let (would, already) = match &report.outcome {
        Outcome::DryRun(s) | Outcome::Committed(s) => {
            let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
            (Some((n(s.inserted), n(s.updated), n(s.unchanged))), None)
        }
        Outcome::AlreadyImported {
            batch_id,
            imported_at,
        } => (None, Some((*batch_id, imported_at.clone()))),
        Outcome::Refused => (None, None),
    };
    super::render(&ReportPage {
        c,
        file: report.file.clone(),
        entity: entity_label(entity, c),
        rows: report.rows as i64,
        // Rows the file's checks refused, and where the rows went on to the database, every
        // row refused (those and the ones the database refused: a NIK registered to another
        // name, an unknown person), as the problem list holds them.
        invalid_rows: (report.invalid_rows as u64).max(match &report.outcome {
            Outcome::DryRun(s) | Outcome::Committed(s) => s.rejected,
            _ => 0,
        }) as i64,
        problem_count: report.problem_count as i64,
        ignored_columns: report.ignored_columns.join(", "),
        would,
        already,
        committed,
        token,
        csrf,
        tables: vec![problems],
    })
}

/// A posted form's fields, in order.
pub(super) type Form = Vec<(String, String)>;

/// A posted form of a page that changes data: the server's upload area and the form's fields,
/// once the server is known to accept changes (`what`: the action, Indonesian and English, for
/// the refusal) and the form carries this process's token.
pub(super) fn writable_form(
    st: &AppState,
    body: &Bytes,
    what: (&str, &str),
) -> Result<(std::sync::Arc<Uploads>, Form), AppError> {
    let Some(up) = st.uploads.clone() else {
        return Err(AppError::read_only(what.0, what.1));
    };
    let form: Form = serde_urlencoded::from_bytes(body).map_err(|_| {
        AppError::bad_param(
            "form",
            "formulir tidak dapat dibaca.",
            "the form cannot be read.",
        )
    })?;
    let csrf = form
        .iter()
        .find(|(n, _)| n == "csrf")
        .map(|(_, v)| v.as_str());
    if csrf != Some(up.csrf.as_str()) {
        return Err(AppError::stale_form("impor", "import"));
    }
    Ok((up, form))
}

/// `POST /impor/simpan`: commits a checked upload.
pub async fn commit(State(st): State<AppState>, c: Ctx, body: Bytes) -> Response {
    let result = build_commit(&st, &c, body).await;
    super::finish(c, result)
}

async fn build_commit(st: &AppState, c: &Ctx, body: Bytes) -> Result<Response, AppError> {
    let (up, form) = writable_form(st, &body, ("Impor", "Imports"))?;
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let token = get("token").unwrap_or("");
    let pending = up
        .pending
        .lock()
        .map_err(|_| AppError::Internal("upload registry poisoned".into()))?
        .remove(token);
    let Some(p) = pending else {
        return Err(AppError::Refused {
            status: StatusCode::CONFLICT,
            code: "no_such_upload",
            id: "Berkas yang diperiksa tidak ditemukan (sudah disimpan, atau lebih dari satu jam). Unggah lagi.".into(),
            en: "The checked file is gone (already committed, or older than an hour). Upload it again.".into(),
        });
    };
    let report = run_import(st, p.entity, &p.path, false).await;
    remove_upload(&p.path);
    let report = report?;
    let committed = match &report.outcome {
        Outcome::Committed(s) => Some(s.batch_id),
        _ => None,
    };
    if committed.is_some() {
        // The new data reaches the gap and trend pages as soon as the snapshot is rebuilt.
        if let Ok(version) = st.pool.run(|s| s.data_version()).await {
            st.analysis.start(version);
        }
    }
    report_page(
        c,
        &report,
        p.entity,
        committed,
        String::new(),
        up.csrf.clone(),
    )
}

#[derive(Template)]
#[template(path = "imports/recode.html")]
struct RecodePage<'a> {
    c: &'a Ctx,
    dry_run: bool,
    /// Rows a write would change (the dry run's offer to write shows only then).
    changes: usize,
    batch: Option<i64>,
    model: String,
    csrf: String,
    tables: Vec<Table>,
}

/// `POST /impor/kode-ulang`: codes the stored vacancies again with the current coder, or only
/// checks what would change (`run=check`), through `pipeline::recode` as `listraf recode`
/// does, and shows what moved.
pub async fn recode(State(st): State<AppState>, c: Ctx, body: Bytes) -> Response {
    let result = build_recode(&st, &c, body).await;
    super::finish(c, result)
}

async fn build_recode(st: &AppState, c: &Ctx, body: Bytes) -> Result<Response, AppError> {
    let (up, form) = writable_form(st, &body, ("Kodekan ulang", "Recoding"))?;
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let dry_run = match get("run") {
        Some("check") => true,
        Some("write") => false,
        _ => {
            return Err(AppError::bad_param(
                "run",
                "pilih periksa (check) atau kodekan ulang (write).",
                "choose check or write.",
            ));
        }
    };
    let target = st.target.clone();
    let report = tokio::task::spawn_blocking(move || {
        let mut store = store::Store::open(&target).map_err(pipeline::PipelineError::Store)?;
        pipeline::recode::recode(&mut store, &Scope::Central, "web (loopback)", dry_run)
    })
    .await
    .map_err(|e| AppError::Internal(format!("recode task: {e}")))?
    .map_err(|e| AppError::Internal(format!("recoding: {e}")))?;
    if report.batch.is_some() {
        // The new codes reach the gap and trend pages once the snapshot is rebuilt.
        if let Ok(version) = st.pool.run(|s| s.data_version()).await {
            st.analysis.start(version);
        }
    }
    super::render(&RecodePage {
        c,
        dry_run,
        changes: report.changed(),
        batch: report.batch.as_ref().map(|b| b.batch_id),
        model: format!("model {}", report.model),
        csrf: up.csrf.clone(),
        tables: vec![recode_counts(c, &report), recode_moves(c, &report)],
    })
}

fn recode_counts(c: &Ctx, r: &pipeline::recode::RecodeReport) -> Table {
    let id = matches!(c.lang, crate::i18n::Lang::Id);
    let rows: [(&str, &str, &str, usize); 7] = [
        (
            "examined",
            "Lowongan tanpa kode dari sumber, diperiksa",
            "Vacancies without a source code, examined",
            r.examined,
        ),
        ("newly_coded", "Kini dikode", "Newly coded", r.newly_coded),
        (
            "now_uncoded",
            "Kini tidak dikode",
            "Now uncoded",
            r.now_uncoded,
        ),
        ("recoded", "Kode lain", "Another code", r.recoded),
        (
            "confidence_only",
            "Hanya keyakinan berubah",
            "New confidence only",
            r.confidence_only,
        ),
        (
            "unlocated",
            "Lowongan tanpa wilayah, dibaca lagi",
            "Vacancies without a region, read again",
            r.unlocated,
        ),
        (
            "located",
            "Kini ditempatkan di wilayah",
            "Now placed in a region",
            r.located,
        ),
    ];
    Table {
        id: "recode_counts",
        caption: c.t.recode_counts.to_string(),
        columns: vec![
            col("key", "Kode"),
            col("what", ""),
            col("vacancies", c.t.nav_vacancies),
        ],
        rows: rows
            .iter()
            .map(|(key, id_label, en_label, n)| {
                vec![
                    Cell::code(*key),
                    Cell::text(if id { *id_label } else { *en_label }),
                    Cell::int(*n as i64),
                ]
            })
            .collect(),
        has_persons: false,
    }
}

fn recode_moves(c: &Ctx, r: &pipeline::recode::RecodeReport) -> Table {
    let t = c.t;
    let code = |u: Option<domain::IscoCode>| match u {
        Some(u) => format!("{u} {}", crate::view::occupation_title(u, c.lang)),
        None => t.coder_uncoded.to_string(),
    };
    Table {
        id: "recode_moves",
        caption: t.recode_moves.to_string(),
        columns: vec![
            col("before", t.before),
            col("after", t.after),
            col("vacancies", t.nav_vacancies),
        ],
        rows: r
            .transitions
            .iter()
            .map(|(before, after, n)| {
                vec![
                    Cell::text(code(*before)),
                    Cell::text(code(*after)),
                    Cell::int(*n as i64),
                ]
            })
            .collect(),
        has_persons: false,
    }
}

/// `GET /impor/simpan` (a reload after a commit): back to the import page.
pub async fn after_commit() -> impl IntoResponse {
    Redirect::to("/impor")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_names_are_reduced_to_a_safe_base_name() {
        assert_eq!(
            safe_name("C:\\data\\lowongan 2025.csv").unwrap(),
            "lowongan_2025.csv"
        );
        assert_eq!(safe_name("../../etc/x.xlsx").unwrap(), "x.xlsx");
        assert!(safe_name("report.exe").is_err());
        assert!(safe_name(".csv").is_err());
        assert!(safe_name("").is_err());
    }

    #[test]
    fn tokens_are_long_and_differ() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}

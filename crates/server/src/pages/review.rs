//! `/kode/tinjau`: occupation review. The queue ranks the titles whose ads carry Listraf's
//! codes (or none) by how many wrong codes they are expected to put into the figures
//! (Σ 1 − confidence over their unique ads, `pipeline::review`); a title's page shows its ads,
//! the coder's suggestions for it, and, on a loopback server, a form to code it by hand or to
//! withdraw a review. The queue's sheet has empty code and note columns: filled in and
//! uploaded (`POST /kode/tinjau/berkas`), it codes its titles in one batch or is refused whole.
//! Writes go through `pipeline::review` with the form token, as imports do, each as a batch of
//! its own; the analytics snapshot is rebuilt after it.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use classify::lexicon::title_key;
use domain::{IscoCode, Scope};
use pipeline::review::{ReviewGroup, ReviewRefusal, ReviewedTitle};
use store::{ReviewRow, StoreError, TitleReview};

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::params::Params;
use crate::table::{Cell, Table, Value, col};
use crate::view::occupation_title;

/// Titles the queue shows (and exports).
const QUEUE_ROWS: usize = 200;
/// Ads a title's page lists.
const TITLE_ADS: usize = 200;
/// Characters read of a title.
const MAX_TITLE: usize = 200;
/// Characters kept of a reviewer's note.
const MAX_NOTE: usize = 500;

/// This process's form token, on a server that takes changes.
pub(super) fn csrf_of(st: &AppState) -> String {
    st.uploads
        .as_ref()
        .map(|u| u.csrf().to_string())
        .unwrap_or_default()
}

/// The link to a title's review page.
pub fn title_href(title: &str) -> String {
    let q = serde_urlencoded::to_string([("judul", title)]).unwrap_or_default();
    format!("/kode/tinjau/judul?{q}")
}

fn pipeline_error(e: pipeline::PipelineError) -> StoreError {
    match e {
        pipeline::PipelineError::Store(e) => e,
        other => StoreError::Internal(other.to_string()),
    }
}

#[derive(Template)]
#[template(path = "coding/review.html")]
struct ReviewIndex<'a> {
    c: &'a Ctx,
    writable: bool,
    csrf: String,
    tables: Vec<Table>,
}

/// `GET /kode/tinjau`: the queue and the reviewed titles.
pub async fn index(State(st): State<AppState>, c: Ctx, RawQuery(q): RawQuery) -> Response {
    let result = build_index(&st, &c, q.as_deref()).await;
    super::finish(c, result)
}

async fn build_index(st: &AppState, c: &Ctx, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    params.only(&["format", "table", "lang"])?;
    let data = queue_and_reviews(st).await?;
    let (queue, reviewed) = &*data;
    let tables = vec![queue_table(c, queue), reviewed_table(c, reviewed)];
    if let Some(r) = super::export_if_asked(&params, "tinjau-kode", &tables)? {
        return Ok(r);
    }
    super::render(&ReviewIndex {
        c,
        writable: st.uploads.is_some(),
        csrf: csrf_of(st),
        tables,
    })
}

/// The queue (its first [`QUEUE_ROWS`] titles) and the reviewed titles. A national table is
/// read whole for them: once per data version, which every review and import moves on.
pub async fn queue_and_reviews(
    st: &AppState,
) -> Result<std::sync::Arc<(Vec<ReviewGroup>, Vec<ReviewedTitle>)>, AppError> {
    crate::view::cached(st, "review-queue".into(), |s| {
        pipeline::review::review_overview(s, &Scope::Central, QUEUE_ROWS).map_err(pipeline_error)
    })
    .await
}

fn codes_text(c: &Ctx, codes: &[(IscoCode, usize)]) -> String {
    codes
        .iter()
        .take(4)
        .map(|(code, n)| {
            format!(
                "{code} {} ×{}",
                occupation_title(*code, c.lang),
                crate::ctx::fmt_int(*n as i64, c.lang)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn queue_table(c: &Ctx, queue: &[ReviewGroup]) -> Table {
    let t = c.t;
    Table {
        id: "review_queue",
        caption: t.review_queue.to_string(),
        columns: vec![
            col("title", t.title),
            col("title_key", t.review_key),
            col("ads", t.review_ads),
            col("uncoded", t.review_uncoded),
            col("codes", t.review_codes),
            col("expected_wrong", t.review_expected_wrong),
            // Left empty for the reviewer: the exported sheet, with codes written in, is read
            // back by the file form (`pipeline::review::import_reviews`).
            col("isco08", t.review_flag),
            col("note", t.review_note),
        ],
        rows: queue
            .iter()
            .map(|g| {
                vec![
                    Cell::text(g.title.clone()).link(title_href(&g.title)),
                    Cell::code(g.key.clone()),
                    Cell::int(g.ads as i64),
                    Cell::int(g.uncoded as i64),
                    Cell::text(codes_text(c, &g.codes)),
                    Value::Decimal(Some(g.expected_wrong)).into(),
                    Cell::code(""),
                    Cell::text(""),
                ]
            })
            .collect(),
        has_persons: false,
    }
}

fn reviewed_table(c: &Ctx, reviewed: &[ReviewedTitle]) -> Table {
    let t = c.t;
    Table {
        id: "reviewed_titles",
        caption: t.reviewed_titles.to_string(),
        columns: vec![
            col("title", t.title),
            col("title_key", t.review_key),
            col("isco08", t.code),
            col("occupation", t.occupation),
            col("ads", t.review_ads),
            col("note", t.review_note),
            col("reviewer", t.reviewer),
            col("reviewed_at", t.reviewed_at),
        ],
        rows: reviewed
            .iter()
            .map(|r| {
                let href = format!("/okupasi/{}", r.review.isco);
                vec![
                    Cell::text(r.review.title.clone()).link(title_href(&r.review.title)),
                    Cell::code(r.review.key.clone()),
                    Cell::code(r.review.isco.to_string()).link(href.clone()),
                    Cell::text(occupation_title(r.review.isco, c.lang)).link(href),
                    Cell::int(r.ads as i64),
                    Cell::text(r.review.note.clone().unwrap_or_default()),
                    Cell::text(r.review.actor.clone()),
                    Cell::text(r.review.reviewed_at.clone()),
                ]
            })
            .collect(),
        has_persons: false,
    }
}

#[derive(Template)]
#[template(path = "coding/review_title.html")]
struct TitlePage<'a> {
    c: &'a Ctx,
    title: String,
    key: String,
    review: Option<TitleReview>,
    review_occupation: String,
    /// The coder's suggestions for the title alone, best first: (code, occupation).
    suggestions: Vec<(String, String)>,
    /// Its ads that count in demand, as the queue counts them.
    total: i64,
    /// "Saved" or "withdrawn", with the number of ads changed, after a form's redirect.
    flash: Option<(&'static str, String)>,
    writable: bool,
    csrf: String,
    tables: Vec<Table>,
}

/// The title a request names, cut to [`MAX_TITLE`] characters, and its key; a 400 when it has
/// none or only ad words.
fn title_and_key(raw: Option<&str>) -> Result<(String, String), AppError> {
    let title: String = raw.unwrap_or("").trim().chars().take(MAX_TITLE).collect();
    let key = title_key(&title);
    if key.is_empty() {
        return Err(AppError::bad_param(
            "judul",
            "tulis judul lowongan yang akan ditinjau (kata iklan seperti \"dibutuhkan\" atau \"urgent\" saja tidak menamai jabatan).",
            "give the vacancy title to review (ad words such as \"urgent\" or \"hiring\" alone name no job).",
        ));
    }
    Ok((title, key))
}

/// `GET /kode/tinjau/judul?judul=…`: one title, its ads and the review form.
pub async fn title(State(st): State<AppState>, c: Ctx, RawQuery(q): RawQuery) -> Response {
    let result = build_title(&st, &c, q.as_deref()).await;
    super::finish(c, result)
}

async fn build_title(st: &AppState, c: &Ctx, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    params.only(&[
        "judul", "disimpan", "ditarik", "pencaker", "format", "table", "lang",
    ])?;
    let (title, key) = title_and_key(params.get("judul"))?;
    let count = |name: &str| params.get(name).and_then(|v| v.parse::<i64>().ok());
    // The ads changed, and the job seekers whose wishes in words took the new code with them.
    let with_seekers = |n: i64| match count("pencaker") {
        Some(w) if w > 0 => format!(
            "{}; {} {}",
            crate::ctx::fmt_int(n, c.lang),
            c.t.review_wishes,
            crate::ctx::fmt_int(w, c.lang)
        ),
        _ => crate::ctx::fmt_int(n, c.lang),
    };
    let flash = match (count("disimpan"), count("ditarik")) {
        (Some(n), _) => Some((c.t.review_saved, with_seekers(n))),
        (None, Some(n)) => Some((c.t.review_withdrawn, with_seekers(n))),
        _ => None,
    };
    let k = key.clone();
    let (review, ads) = st
        .pool
        .run(move |s| {
            let review = s.title_review(&k)?;
            let rows = pipeline::review::title_vacancies(s, &Scope::Central, &k, TITLE_ADS)
                .map_err(pipeline_error)?;
            Ok((review, rows))
        })
        .await?;
    let t = title.clone();
    let coding = tokio::task::spawn_blocking(move || {
        classify::Coder::shipped().code_k(&t, classify::coder::AdBody::default(), 5)
    })
    .await
    .map_err(|e| AppError::Internal(format!("coding task: {e}")))?;
    let tables = vec![ads_table(c, &ads.rows)];
    if let Some(r) = super::export_if_asked(&params, "tinjau-judul", &tables)? {
        return Ok(r);
    }
    let csrf = csrf_of(st);
    let reviewed = review.is_some();
    super::render(&TitlePage {
        c,
        review_occupation: review
            .as_ref()
            .map(|r| occupation_title(r.isco, c.lang))
            .unwrap_or_default(),
        review,
        suggestions: coding
            .candidates
            .iter()
            .map(|x| (x.unit.to_string(), occupation_title(x.unit, c.lang)))
            .collect(),
        title,
        key,
        total: ads.unique(reviewed) as i64,
        flash,
        writable: st.uploads.is_some(),
        csrf,
        tables,
    })
}

fn ads_table(c: &Ctx, rows: &[ReviewRow]) -> Table {
    let t = c.t;
    Table {
        id: "title_ads",
        caption: t.review_ads_caption.to_string(),
        columns: vec![
            col("vacancy_id", t.vacancy_number),
            col("title", t.title),
            col("isco08", t.code),
            col("occupation", t.occupation),
            col("confidence", t.confidence),
            col("reviewed", t.review_flag),
        ],
        rows: rows
            .iter()
            .map(|r| {
                let href = format!("/lowongan/{}", r.id);
                let (code, occupation) = match r.isco {
                    Some(u) => (
                        Cell::code(u.to_string()).link(format!("/okupasi/{u}")),
                        Cell::text(occupation_title(u, c.lang)),
                    ),
                    None => (Cell::code(""), Cell::text(t.coder_uncoded)),
                };
                vec![
                    Cell::code(r.id.to_string()).link(href.clone()),
                    Cell::text(r.title.clone()).link(href),
                    code,
                    occupation,
                    Value::Share(r.confidence).into(),
                    Value::Flag(r.reviewed, t.code_reviewed).into(),
                ]
            })
            .collect(),
        has_persons: false,
    }
}

fn see_title(title: &str, flash: &str, n: u64, wishes: u64) -> Response {
    let location = format!("{}&{flash}={n}&pencaker={wishes}", title_href(title));
    (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response()
}

pub(super) fn field<'f>(form: &'f super::imports::Form, name: &str) -> Option<&'f str> {
    form.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A form's `isco` (a unit group that exists in ISCO-08) and optional `catatan`.
pub(super) fn code_and_note(
    form: &super::imports::Form,
) -> Result<(IscoCode, Option<String>), AppError> {
    let raw = field(form, "isco").unwrap_or("").trim();
    let isco = match IscoCode::parse(raw) {
        Ok(code) if code.is_unit() => code,
        Ok(_) => {
            return Err(AppError::bad_param(
                "isco",
                format!("\"{raw}\" adalah kelompok, bukan golongan jabatan: tulis kode 4 angka."),
                format!("\"{raw}\" is a group, not a unit group: give a 4-digit code."),
            ));
        }
        Err(e) => return Err(AppError::bad_param("isco", e.indonesian(), e.to_string())),
    };
    let note = field(form, "catatan")
        .map(|n| n.trim().chars().take(MAX_NOTE).collect::<String>())
        .filter(|n| !n.is_empty());
    Ok((isco, note))
}

/// `POST /kode/tinjau/judul`: codes a title by hand (`judul`, `isco`, optional `catatan`).
pub async fn save(State(st): State<AppState>, c: Ctx, body: Bytes) -> Response {
    let result = build_save(&st, body).await;
    super::finish(c, result)
}

async fn build_save(st: &AppState, body: Bytes) -> Result<Response, AppError> {
    let (_, form) = super::imports::writable_form(st, &body, ("Tinjauan kode", "Code reviews"))?;
    let (title, _) = title_and_key(field(&form, "judul"))?;
    let (isco, note) = code_and_note(&form)?;
    let target = st.target.clone();
    let t = title.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut store = store::Store::open(&target).map_err(pipeline::PipelineError::Store)?;
        pipeline::review::review_title(
            &mut store,
            &Scope::Central,
            &t,
            isco,
            note.as_deref(),
            "web (loopback)",
        )
    })
    .await
    .map_err(|e| AppError::Internal(format!("review task: {e}")))?
    .map_err(|e| AppError::Internal(format!("saving a review: {e}")))?;
    let outcome = outcome.map_err(refusal)?;
    restart_analysis(st).await;
    Ok(see_title(
        &title,
        "disimpan",
        outcome.changed,
        outcome.wishes,
    ))
}

/// `POST /kode/tinjau/tarik`: withdraws a title's review (`judul`).
pub async fn withdraw(State(st): State<AppState>, c: Ctx, body: Bytes) -> Response {
    let result = build_withdraw(&st, body).await;
    super::finish(c, result)
}

async fn build_withdraw(st: &AppState, body: Bytes) -> Result<Response, AppError> {
    let (_, form) = super::imports::writable_form(st, &body, ("Tinjauan kode", "Code reviews"))?;
    let (title, key) = title_and_key(field(&form, "judul"))?;
    let target = st.target.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut store = store::Store::open(&target).map_err(pipeline::PipelineError::Store)?;
        pipeline::review::withdraw_review(&mut store, &Scope::Central, &key, "web (loopback)")
    })
    .await
    .map_err(|e| AppError::Internal(format!("review task: {e}")))?
    .map_err(|e| AppError::Internal(format!("withdrawing a review: {e}")))?;
    let (changed, wishes) = match outcome.map_err(refusal)? {
        Some(o) => {
            restart_analysis(st).await;
            (o.changed, o.wishes)
        }
        None => {
            return Err(AppError::NotFound {
                code: "no_review",
                id: format!("Judul \"{title}\" tidak punya tinjauan untuk ditarik."),
                en: format!("The title \"{title}\" has no review to withdraw."),
            });
        }
    };
    Ok(see_title(&title, "ditarik", changed, wishes))
}

pub(super) fn refusal(r: ReviewRefusal) -> AppError {
    match r {
        ReviewRefusal::EmptyTitle => AppError::bad_param(
            "judul",
            "judul ini tidak menamai jabatan.",
            "this title names no job.",
        ),
        ReviewRefusal::NotCentral => AppError::read_only("Tinjauan kode", "Code reviews"),
        ReviewRefusal::UnknownVacancy(id) => AppError::unknown_vacancy(&id.to_string()),
        ReviewRefusal::NotReviewable => AppError::Refused {
            status: StatusCode::CONFLICT,
            code: "source_code",
            id: "Kode jabatan lowongan ini berasal dari sumber datanya dan tidak diubah.".into(),
            en: "This vacancy's occupation code came from its data source and is not changed."
                .into(),
        },
    }
}

/// The new codes reach the gap and trend pages once the snapshot is rebuilt.
pub(super) async fn restart_analysis(st: &AppState) {
    if let Ok(version) = st.pool.run(|s| s.data_version()).await {
        st.analysis.start(version);
    }
}

#[derive(Template)]
#[template(path = "coding/review_file.html")]
struct FilePage<'a> {
    c: &'a Ctx,
    file: String,
    /// Rows with a code, rows skipped, reviews written, vacancies changed, batch; `None` when
    /// the file was refused.
    read: Option<(i64, i64, i64, i64, Option<i64>)>,
    tables: Vec<Table>,
}

/// `POST /kode/tinjau/berkas`: a file of reviews (the queue's export with a code column
/// filled in), read whole or refused whole, through `pipeline::review::import_reviews`.
pub async fn upload(
    State(st): State<AppState>,
    c: Ctx,
    multipart: Result<
        axum::extract::multipart::Multipart,
        axum::extract::multipart::MultipartRejection,
    >,
) -> Response {
    let result = build_upload(&st, &c, multipart).await;
    super::finish(c, result)
}

async fn build_upload(
    st: &AppState,
    c: &Ctx,
    multipart: Result<
        axum::extract::multipart::Multipart,
        axum::extract::multipart::MultipartRejection,
    >,
) -> Result<Response, AppError> {
    use super::imports::{UploadUse, read_upload};
    let Some(up) = st.uploads.clone() else {
        return Err(AppError::read_only("Tinjauan kode", "Code reviews"));
    };
    let upload = read_upload(multipart, st.upload_limit, UploadUse::Review).await?;
    if upload.field("csrf") != Some(up.csrf()) {
        return Err(AppError::stale_form("tinjauan kode", "code review"));
    }
    let (name, data) = upload.file()?;
    let target = st.target.clone();
    let outcome = super::imports::read_saved_upload("listraf-review", &name, data, move |path| {
        store::Store::open(&target)
            .map_err(pipeline::PipelineError::Store)
            .and_then(|mut s| {
                pipeline::review::import_reviews(&mut s, &Scope::Central, path, "web (loopback)")
            })
            .map_err(|e| match e {
                pipeline::PipelineError::Ingest(e) => super::imports::unreadable(&e),
                other => AppError::Internal(format!("reading reviews: {other}")),
            })
    })
    .await?
    .map_err(refusal)?;
    let t = c.t;
    let (read, tables) = match outcome {
        pipeline::review::ReviewFile::Refused(problems) => {
            let id = matches!(c.lang, crate::i18n::Lang::Id);
            let table = Table {
                id: "problems",
                caption: t.review_file_problems.to_string(),
                columns: vec![
                    col("line", t.line),
                    col("column", t.column),
                    col("reason", t.reason),
                ],
                rows: problems
                    .iter()
                    .map(|p| {
                        vec![
                            Cell::int(p.line as i64),
                            Cell::code(p.column.clone()),
                            Cell::text(if id {
                                p.reason_id.clone()
                            } else {
                                p.reason.clone()
                            }),
                        ]
                    })
                    .collect(),
                has_persons: false,
            };
            (None, vec![table])
        }
        pipeline::review::ReviewFile::Read {
            reviews,
            skipped,
            written,
            changed,
            batch,
            ..
        } => {
            if batch.is_some() {
                restart_analysis(st).await;
            }
            (
                Some((
                    reviews as i64,
                    skipped as i64,
                    written as i64,
                    changed as i64,
                    batch.map(|b| b.batch_id),
                )),
                Vec::new(),
            )
        }
    };
    super::render(&FilePage {
        c,
        file: name,
        read,
        tables,
    })
}

//! `/kode`: codes vacancy titles pasted into a form, one per line (optionally a tab and the
//! location, as a spreadsheet's two columns paste), with the shipped coder for Indonesian ads:
//! each title's occupation code, its confidence and evidence, the coder's other candidates,
//! the skills the title names, and the region of the location.
//!
//! A GET form: nothing is stored, a result is a link that can be shared, and the table
//! downloads as CSV, XLSX or Parquet like every page's; the page codes at most [`MAX_LINES`]
//! titles. A whole file (CSV or XLSX, with descriptions, locations and context columns) is
//! posted to `/kode/berkas` and comes back coded as `listraf code` writes it
//! (`pipeline::coding`), up to [`MAX_FILE_ADS`] ads; the upload is deleted once coded.

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use classify::coder::Coding;
use classify::location::{Resolution, UnresolvedReason};
use classify::skills::Skill;
use store::TitleReview;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Params;
use crate::table::{Cell, Table, Value, col};
use crate::view::{evidence_in, occupation_title};

/// Titles coded per request: a page of results, and a bound on the work one request asks for
/// (a title takes some 20 µs; the coder is built once, in about half a second).
pub const MAX_LINES: usize = 500;
/// Characters read of one title: longer lines are pasted descriptions, not titles.
const MAX_TITLE: usize = 200;
/// Characters one paste may hold. The form is a GET, so that a result is a link; a URL holds at
/// most 65,534 bytes, and 20,000 characters stay under it even if every one is escaped (3
/// bytes). 500 titles of a spreadsheet column average some 30 characters; more is a file's
/// work (`/kode/berkas`).
const MAX_CHARS: usize = 20_000;
/// Ads coded per uploaded file: a few seconds of one core. Larger files belong on the command
/// line, which codes any number.
pub const MAX_FILE_ADS: usize = 20_000;

#[derive(Template)]
#[template(path = "coding/show.html")]
struct CodingPage<'a> {
    c: &'a Ctx,
    input: String,
    max_chars: usize,
    max_file_ads: i64,
    n: i64,
    coded: i64,
    reviewed: i64,
    /// Said when more titles were pasted than are coded at once.
    cut_off: Option<String>,
    tables: Vec<Table>,
}

/// One pasted line: the title, and the location when a tab follows it.
struct Line {
    title: String,
    location: Option<String>,
}

struct Coded {
    line: Line,
    coding: Coding,
    /// The occupation review of the title, whose code outranks the coder's.
    review: Option<TitleReview>,
    skills: Vec<Skill>,
    place: Option<Resolution>,
    /// Where the work is: the location's region, or the place the title names.
    workplace: classify::location::Workplace,
}

pub async fn show(State(st): State<AppState>, c: Ctx, RawQuery(q): RawQuery) -> Response {
    let result = build(&st, &c, q.as_deref()).await;
    super::finish(c, result)
}

/// Why a location has no region, in the page's language: "Jabodetabek" spans three provinces,
/// "Remote" names no workplace, and a reader fixing the file needs to know which.
fn unresolved_in(lang: crate::i18n::Lang, why: &UnresolvedReason) -> String {
    use crate::i18n::Lang;
    let list = |cs: &[domain::RegionCode]| {
        cs.iter()
            .map(|c| format!("{c} {}", c.info().name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (lang, why) {
        (Lang::Id, UnresolvedReason::Empty) => "tidak ada: lokasi kosong".to_string(),
        (Lang::Id, UnresolvedReason::Unknown) => {
            "tidak ada: tidak ada nama wilayah Indonesia yang dikenal".to_string()
        }
        (Lang::Id, UnresolvedReason::Ambiguous(cs)) => {
            format!(
                "tidak ada: nama cocok dengan wilayah di beberapa provinsi: {}",
                list(cs)
            )
        }
        (Lang::Id, UnresolvedReason::Multiple(cs)) => {
            format!(
                "tidak ada: teks mencakup wilayah di beberapa provinsi: {}",
                list(cs)
            )
        }
        (Lang::Id, UnresolvedReason::Remote) => {
            "tidak ada: kerja jarak jauh, tanpa wilayah tempat kerja".to_string()
        }
        (Lang::Id, UnresolvedReason::Abroad) => {
            "tidak ada: tempat kerja di luar Indonesia".to_string()
        }
        (Lang::Id, UnresolvedReason::Country) => {
            "tidak ada: hanya negara, Indonesia, yang disebut".to_string()
        }
        (Lang::En, why) => format!("none: {why}"),
    }
}

/// The first `MAX_TITLE` characters, with "…" where more were left out, so the table shows
/// that the coder read a cut text.
fn cut(text: &str) -> String {
    let mut out: String = text.chars().take(MAX_TITLE).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

fn parse_lines(input: &str) -> Result<Vec<Line>, AppError> {
    let chars = input.chars().count();
    if chars > MAX_CHARS {
        return Err(AppError::bad_param(
            "judul",
            format!(
                "paling banyak {MAX_CHARS} karakter sekali tempel, ini {chars}. Kodekan berkas lewat formulir berkas di halaman ini atau dengan perintah listraf code."
            ),
            format!(
                "at most {MAX_CHARS} characters in one paste, this is {chars}. Code a file with the file form on this page or with the listraf code command."
            ),
        ));
    }
    let lines: Vec<Line> = input
        .lines()
        .filter_map(|l| {
            let mut cells = l.split('\t');
            let title = cells.next()?.trim();
            (!title.is_empty()).then(|| Line {
                title: cut(title),
                location: cells
                    .next()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(cut),
            })
        })
        .collect();
    Ok(lines)
}

async fn build(st: &AppState, c: &Ctx, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    params.only(&["judul", "format", "table", "lang"])?;
    let input = params.get("judul").unwrap_or("").to_string();
    let mut lines = parse_lines(&input)?;
    // More than a page's worth: the first are coded and the page says how to code them all,
    // keeping what was pasted.
    let cut_off = (lines.len() > MAX_LINES).then(|| {
        let (n, all) = (
            crate::ctx::fmt_int(MAX_LINES as i64, c.lang),
            crate::ctx::fmt_int(lines.len() as i64, c.lang),
        );
        match c.lang {
            Lang::Id => format!(
                "Hanya {n} judul pertama dari {all} yang dikodekan di sini. Kodekan semuanya dengan formulir berkas di atas (kolom title atau judul)."
            ),
            Lang::En => format!(
                "Only the first {n} of {all} titles are coded here. Code them all with the file form above (a title or judul column)."
            ),
        }
    });
    lines.truncate(MAX_LINES);
    let reviewed = crate::view::reviewed_titles(st).await?;
    // Coding is CPU work (and the first request builds the coder): off the async workers.
    let rows = tokio::task::spawn_blocking(move || {
        let coder = classify::Coder::shipped();
        lines
            .into_iter()
            .map(|line| {
                let place = line.location.as_deref().map(classify::location::resolve);
                Coded {
                    coding: coder.code(&line.title, None),
                    review: reviewed.of(&line.title).cloned(),
                    skills: classify::skills::extract(&line.title, None),
                    workplace: classify::location::workplace(
                        &line.title,
                        place.as_ref().and_then(Resolution::region),
                    ),
                    place,
                    line,
                }
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| AppError::Internal(format!("coding task: {e}")))?;
    let tables = vec![results_table(c, &rows)];
    if let Some(r) = super::export_if_asked(&params, "kode", &tables)? {
        return Ok(r);
    }
    super::render(&CodingPage {
        c,
        input,
        max_chars: MAX_CHARS,
        max_file_ads: MAX_FILE_ADS as i64,
        n: rows.len() as i64,
        coded: rows
            .iter()
            .filter(|r| r.review.is_some() || r.coding.code.is_some())
            .count() as i64,
        reviewed: rows.iter().filter(|r| r.review.is_some()).count() as i64,
        cut_off,
        tables,
    })
}

fn bad_file(id: impl Into<String>, en: impl Into<String>) -> AppError {
    AppError::bad_param("file", id, en)
}

/// `POST /kode/berkas`: an uploaded CSV or XLSX file of ads, answered coded as a CSV download.
pub async fn code_file(
    State(st): State<AppState>,
    c: Ctx,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = build_file(&st, multipart).await;
    super::finish(c, result)
}

async fn build_file(
    st: &AppState,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    use super::imports::{UploadUse, read_upload};
    let (name, data) = read_upload(multipart, st.upload_limit, UploadUse::Code)
        .await?
        .file()?;
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(s, _)| s)
        .to_string();
    let reviewed = crate::view::reviewed_titles(st).await?;
    let coded = super::imports::read_saved_upload("listraf-code", &name, data, move |path| {
        code_upload(path, &reviewed)
    })
    .await?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}-kode.csv\""),
            ),
        ],
        coded,
    )
        .into_response())
}

/// Reads the ads of the upload saved at `path` and codes them, reviewed titles taking their
/// reviewer's code: the coded CSV.
fn code_upload(
    path: &std::path::Path,
    reviewed: &pipeline::review::ReviewedTitles,
) -> Result<Vec<u8>, AppError> {
    let pipeline::coding::AdFile { headers, ads, .. } =
        pipeline::coding::read_ads(path).map_err(|e| match e {
            pipeline::PipelineError::Ingest(e) => super::imports::unreadable(&e),
            pipeline::PipelineError::NoTitleColumn { accepted, .. } => bad_file(
                format!("berkas tidak punya kolom judul (nama yang diterima: {accepted})."),
                format!("the file has no title column (names accepted: {accepted})."),
            ),
            other => AppError::Internal(format!("reading an upload: {other}")),
        })?;
    if ads.len() > MAX_FILE_ADS {
        return Err(bad_file(
            format!(
                "paling banyak {MAX_FILE_ADS} iklan per berkas di sini, berkas ini {}. Kodekan dengan perintah listraf code.",
                ads.len()
            ),
            format!(
                "at most {MAX_FILE_ADS} ads per file here, this file has {}. Code it with the listraf code command.",
                ads.len()
            ),
        ));
    }
    // The coder's profile as `listraf code` chooses it by default: from where the ads are
    // placed, else from their words (foreign titles read by the Indonesian models lose much).
    let (profile, _) = classify::coder::Profile::detect_ads(
        ads.iter().map(|a| a.title.as_str()),
        ads.iter()
            .filter_map(|a| a.location.as_deref())
            .map(|l| classify::location::resolve(l).region().is_some()),
    );
    let mut out = Vec::new();
    pipeline::coding::write_coded(
        &headers,
        &ads,
        classify::Coder::shipped_for(profile),
        reviewed,
        &mut out,
    )
    .map_err(|e| AppError::Internal(format!("coding an upload: {e}")))?;
    Ok(out)
}

fn results_table(c: &Ctx, rows: &[Coded]) -> Table {
    let t = c.t;
    Table {
        id: "coded",
        caption: t.code_results.to_string(),
        columns: vec![
            col("line", "No."),
            col("title", t.title),
            col("isco08", t.code),
            col("occupation", t.occupation),
            col("confidence", t.confidence),
            col("evidence", t.evidence),
            col("candidates", t.coder_candidates),
            col("skills", t.skills_found),
            col("location", t.location_as_written),
            col("region", t.region),
        ],
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (code, occupation) = match r.review.as_ref().map(|x| x.isco).or(r.coding.code) {
                    Some(u) => {
                        let href = format!("/okupasi/{u}");
                        (
                            Cell::code(u.to_string()).link(href.clone()),
                            Cell::text(occupation_title(u, c.lang)).link(href),
                        )
                    }
                    None => (Cell::code(""), Cell::text(t.coder_uncoded)),
                };
                // The coder's candidates other than the code given: what else the title could be.
                let given = r.review.as_ref().map(|x| x.isco).or(r.coding.code);
                let others = r
                    .coding
                    .candidates
                    .iter()
                    .filter(|x| Some(x.unit) != given)
                    .map(|x| format!("{} {}", x.unit, occupation_title(x.unit, c.lang)))
                    .collect::<Vec<_>>()
                    .join("; ");
                // "0 found" on the page, where it is news; an empty list in a download.
                let skills: Cell = if r.skills.is_empty() {
                    Value::Keyed(String::new(), t.code_no_skills.to_string()).into()
                } else {
                    let labels: Vec<&str> = r.skills.iter().map(|s| s.label.as_str()).collect();
                    let names: Vec<&str> = labels
                        .iter()
                        .map(|l| crate::view::skill_name(l, c.lang))
                        .collect();
                    Value::Keyed(labels.join("; "), names.join("; ")).into()
                };
                let region = match (r.workplace.region, &r.place) {
                    (Some(code), _) => {
                        let from_title = match (r.workplace.from_title, c.lang) {
                            (false, _) => "",
                            (true, crate::i18n::Lang::Id) => " (dari judul)",
                            (true, crate::i18n::Lang::En) => " (from the title)",
                        };
                        Cell::text(format!("{code} {}{from_title}", code.info().name))
                            .link(format!("/wilayah/{code}"))
                    }
                    (None, None) => Cell::text(""),
                    (None, Some(p)) => Cell::text(match p {
                        Resolution::Unresolved(why) => unresolved_in(c.lang, why),
                        _ => t.region_unresolved.to_string(),
                    }),
                };
                vec![
                    Cell::int(i as i64 + 1),
                    Cell::text(r.line.title.clone()),
                    code,
                    occupation,
                    // A reviewer's code is a decision, not a model's probability.
                    Value::Share(r.review.is_none().then_some(f64::from(r.coding.confidence)))
                        .into(),
                    match &r.review {
                        Some(review) => Cell::text(review_evidence(c, review, &r.coding))
                            .link(super::review::title_href(&review.title)),
                        None => Cell::text(evidence_in(c.lang, &r.coding.evidence)),
                    },
                    Cell::text(others),
                    skills,
                    Cell::text(r.line.location.clone().unwrap_or_default()),
                    region,
                ]
            })
            .collect(),
        has_persons: false,
    }
}

/// What a reviewed title's code rests on, in the page's language: the review, and what the
/// coder reads of the title.
fn review_evidence(c: &Ctx, r: &TitleReview, coding: &Coding) -> String {
    let t = c.t;
    let coder = match coding.candidates.first() {
        Some(x) if x.unit == r.isco => t.coder_agrees.to_string(),
        Some(x) => format!(
            "{} {} ({})",
            t.coder_reads,
            x.unit,
            crate::ctx::fmt_pct(Some(f64::from(coding.confidence)), c.lang)
        ),
        None => t.coder_uncoded.to_string(),
    };
    let note = r
        .note
        .as_deref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    format!(
        "{} \"{}\" {} {}, {}{note}; {coder}",
        t.review_evidence,
        r.title,
        t.review_evidence_by,
        r.actor,
        crate::ctx::fmt_date(&r.reviewed_at, c.lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lines_give_titles_and_locations_and_too_long_a_paste_is_refused() {
        let l = parse_lines("Tukang Las\tKab. Bekasi\n\n  Sopir  \n\t\nKasir\t \n").unwrap();
        let got: Vec<(&str, Option<&str>)> = l
            .iter()
            .map(|x| (x.title.as_str(), x.location.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Tukang Las", Some("Kab. Bekasi")),
                ("Sopir", None),
                ("Kasir", None)
            ]
        );
        // Every line is read; the page codes the first MAX_LINES and says so.
        assert_eq!(
            parse_lines(&"Sales\n".repeat(MAX_LINES + 1))
                .map(|l| l.len())
                .ok(),
            Some(MAX_LINES + 1)
        );
        // A cut title says so with "…".
        let long = "x".repeat(MAX_TITLE * 2);
        let cut = &parse_lines(&long).unwrap()[0].title;
        assert_eq!(cut.chars().count(), MAX_TITLE + 1);
        assert!(cut.ends_with('…'));
        // More characters than a URL can carry: refused, naming how many.
        let e = parse_lines(&"Sales\n".repeat(MAX_CHARS / 6 + 1))
            .err()
            .map(|e| e.message(crate::i18n::Lang::Id));
        assert!(e.is_some_and(|m| m.contains("paling banyak")));
    }
}

//! `/lowongan`: the vacancy explorer: filters (province, regency/city, ISCO prefix, words in
//! the title, months) and pages of 50 (at most 500) vacancies, one row per ad, duplicates
//! marked. Only an ad's public fields are shown.
//!
//! `/lowongan/{id}`: one vacancy: the ad as recorded (contacts in its text hidden), how its
//! occupation and region were obtained, what the coder reads in it today (candidates,
//! confidence, evidence, skills) and the other ads of its duplicate cluster.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::reference::Region;
use domain::{IscoCode, RegionCode, reference};

use crate::AppState;
use crate::ctx::Ctx;
use crate::ctx::{fmt_date, fmt_dec1, fmt_int, fmt_pct, fmt_rupiah};
use crate::error::AppError;
use crate::params::{Format, MAX_PAGE_SIZE, Params, VacancyQuery, vacancy_query_with};
use crate::table::{Cell, Table, Value, col};
use crate::view::{self, IscoBasis, VacancyView, occupation_title};

/// Vacancies one download holds: a spreadsheet's worth; more is the command line's
/// `listraf export vacancies`.
const MAX_EXPORT_ROWS: i64 = 100_000;

/// Vacancy downloads written at once; on two cores more would only share them.
static EXPORTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// The vacancies as a table: codes and names in columns of their own, so that a download
/// carries plain codes.
fn vacancy_table(c: &Ctx, rows: &[store::VacancyListRow]) -> Table {
    let t = c.t;
    Table {
        id: "vacancies",
        caption: t.vacancies_title.to_string(),
        columns: vec![
            col("posted_date", t.posted),
            col("title", t.title),
            col("employer", t.employer),
            col("region_code", t.region_label),
            col("region", t.region),
            col("isco08", t.code),
            col("occupation", t.occupation),
            col("positions", t.positions),
            col("expires_date", t.expires),
            col("source", t.source),
            col("duplicate", t.duplicate_col),
            // Last, so a download row can be matched to /lowongan/{id} and the API.
            col("id", t.vacancy_number),
        ],
        rows: rows
            .iter()
            .map(|v| {
                let region = v
                    .region_code
                    .as_deref()
                    .and_then(|r| RegionCode::parse(r).ok());
                let isco = v.isco08.as_deref().and_then(|i| IscoCode::parse(i).ok());
                let (region_code, region_name) = match region {
                    // One link per thing: the code carries it (pages of 500 rows stay light).
                    Some(r) => (
                        Cell::code(r.to_string()).link(format!("/wilayah/{r}")),
                        Cell::text(r.name()),
                    ),
                    None => (
                        Cell::code(v.region_code.clone().unwrap_or_default()),
                        Cell::text(""),
                    ),
                };
                let (code, occupation) = match isco {
                    Some(i) => (
                        Cell::code(i.to_string()).link(format!("/okupasi/{i}")),
                        Cell::text(occupation_title(i, c.lang)),
                    ),
                    None => (
                        Cell::code(v.isco08.clone().unwrap_or_default()),
                        Cell::text(""),
                    ),
                };
                vec![
                    Value::Date(Some(v.posted_date.clone())).into(),
                    Cell::text(v.title.clone()).link(format!("/lowongan/{}", v.id)),
                    Cell::text(v.employer.clone().unwrap_or_default()),
                    region_code,
                    region_name,
                    code,
                    occupation,
                    Cell::int(v.positions),
                    Value::Date(v.expires_date.clone()).into(),
                    Cell::text(v.source.clone()),
                    Value::Flag(v.duplicate_of.is_some(), t.duplicate).into(),
                    Cell::code(v.id.to_string()),
                ]
            })
            .collect(),
        has_persons: false,
    }
}

#[derive(Template)]
#[template(path = "vacancies/index.html")]
struct VacanciesPage<'a> {
    c: &'a Ctx,
    provinces: &'static [Region],
    form: Form,
    total: i64,
    page: i64,
    pages: i64,
    prev_href: Option<String>,
    next_href: Option<String>,
    page_sizes: [i64; 4],
    tables: Vec<Table>,
}

/// The filter form as submitted, to fill it back in.
struct Form {
    province: String,
    regency: String,
    isco: String,
    q: String,
    from: String,
    to: String,
    page_size: i64,
}

pub async fn index(State(st): State<AppState>, c: Ctx, RawQuery(q): RawQuery) -> Response {
    let result = build(&st, &c, q.as_deref()).await;
    super::finish(c, result)
}

async fn build(st: &AppState, c: &Ctx, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    let query = vacancy_query_with(&params, &["format", "table", "lang"])?;
    let exporting = params.format()? != Format::Html;
    // A download holds every vacancy the filters select, not the page on screen. Two at a time:
    // the rest wait here, holding no database connection, so pages keep theirs.
    let _export_turn = if exporting {
        Some(EXPORTS.acquire().await.map_err(|_| AppError::Unavailable)?)
    } else {
        None
    };
    let page = if exporting {
        let all = view::vacancies(
            st,
            &VacancyQuery {
                page: 1,
                page_size: MAX_EXPORT_ROWS,
                ..query.clone()
            },
        )
        .await?;
        if all.total > MAX_EXPORT_ROWS {
            return Err(AppError::bad_param(
                "format",
                format!(
                    "unduhan paling banyak {} lowongan, filter ini memilih {}. Persempit filter, atau ekspor semua dengan perintah `listraf export vacancies`.",
                    fmt_int(MAX_EXPORT_ROWS, c.lang),
                    fmt_int(all.total, c.lang)
                ),
                format!(
                    "a download holds at most {} vacancies, these filters select {}. Narrow the filters, or export everything with `listraf export vacancies`.",
                    fmt_int(MAX_EXPORT_ROWS, c.lang),
                    fmt_int(all.total, c.lang)
                ),
            ));
        }
        all
    } else {
        view::vacancies(st, &query).await?
    };
    let tables = if exporting {
        super::off_workers(|| vec![vacancy_table(c, &page.rows)])
    } else {
        vec![vacancy_table(c, &page.rows)]
    };
    if let Some(r) = super::export_if_asked(&params, "lowongan", &tables)? {
        return Ok(r);
    }
    let pages = ((page.total + query.page_size - 1) / query.page_size).max(1);
    let to_page = |n: i64| {
        c.href_with(&[
            ("page", Some(&n.to_string())),
            ("format", None),
            ("table", None),
        ])
    };
    // A page past the last (an old link, after the filters or the data changed): the last.
    if query.page > pages {
        return Ok(Redirect::to(&to_page(pages)).into_response());
    }
    let get = |k: &str| params.get(k).unwrap_or_default().to_string();
    super::render(&VacanciesPage {
        c,
        provinces: &reference().provinces,
        form: Form {
            province: get("province"),
            regency: get("regency"),
            isco: get("isco"),
            q: get("q"),
            from: get("from"),
            to: get("to"),
            page_size: query.page_size,
        },
        total: page.total,
        page: query.page,
        pages,
        prev_href: (query.page > 1).then(|| to_page(query.page - 1)),
        next_href: (query.page < pages).then(|| to_page(query.page + 1)),
        page_sizes: [50, 100, 200, MAX_PAGE_SIZE],
        tables,
    })
}

#[derive(Template)]
#[template(path = "vacancies/show.html")]
struct VacancyPage<'a> {
    c: &'a Ctx,
    id: i64,
    title: String,
    facts: Vec<Fact>,
    /// The occupation as recorded and how it was obtained.
    recorded: Option<(String, String)>,
    recorded_basis: String,
    /// What the coder says today: its answer (or "uncoded"), confidence and evidence.
    coder_answer: Option<(String, String)>,
    coder_confidence: String,
    coder_evidence: String,
    /// Said when the coder's answer today differs from the recorded code: a code Listraf gave
    /// changes with `listraf recode`, a source's code stays (and may be worth checking).
    differs: Option<&'static str>,
    /// The review page of the ad's title, unless its source gave the code.
    review_href: Option<String>,
    /// Whether this server takes a reviewer's code for the ad (a loopback server, and a code
    /// not from the source), with the form token.
    ad_form: bool,
    csrf: String,
    /// The ad's own review: (code, occupation, reviewer, time, note).
    ad_review: Option<(String, String, String, String, String)>,
    /// (name in the page's language, the words of the ad that named it).
    skills: Vec<(String, String)>,
    context: Vec<Fact>,
    description: Option<String>,
    contacts_hidden: usize,
    cluster_note: String,
    tables: Vec<Table>,
}

/// One line of the ad's facts.
struct Fact {
    id: &'static str,
    label: &'static str,
    value: String,
    href: Option<String>,
    note: &'static str,
}

fn fact(id: &'static str, label: &'static str, value: impl Into<String>) -> Fact {
    Fact {
        id,
        label,
        value: value.into(),
        href: None,
        note: "",
    }
}

pub async fn show(
    State(st): State<AppState>,
    c: Ctx,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(q): RawQuery,
) -> Response {
    let result = match path {
        Ok(Path(id)) => build_show(&st, &c, &id, q.as_deref()).await,
        Err(_) => Err(AppError::unknown_vacancy("?")),
    };
    super::finish(c, result)
}

async fn build_show(
    st: &AppState,
    c: &Ctx,
    id: &str,
    q: Option<&str>,
) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    let id = view::parse_vacancy_id(id)?;
    let data = view::vacancy(st, id).await?;
    let tables = show_tables(c, &data);
    if let Some(r) = super::export_if_asked(&params, &format!("lowongan-{id}"), &tables)? {
        return Ok(r);
    }
    let ad_review = match data.basis {
        IscoBasis::ReviewedAd => st.pool.run(move |s| s.vacancy_review(id)).await?,
        _ => None,
    };
    let (t, lang) = (c.t, c.lang);
    let v = &data.vacancy;
    let mut facts = Vec::new();
    if let Some(e) = &v.employer {
        facts.push(fact("fact-employer", t.employer, e.clone()));
    }
    facts.push(fact(
        "fact-source",
        t.source,
        format!("{} · {}", v.source, v.source_id),
    ));
    facts.push(fact(
        "fact-posted",
        t.posted,
        fmt_date(&v.posted_date, lang),
    ));
    if let Some(d) = &v.expires_date {
        facts.push(fact("fact-expires", t.expires, fmt_date(d, lang)));
    }
    facts.push(fact(
        "fact-positions",
        t.positions,
        fmt_int(v.positions, lang),
    ));
    let salary = match (v.salary_min, v.salary_max) {
        (Some(a), Some(b)) if a != b => {
            format!("{} – {}", fmt_rupiah(a, lang), fmt_rupiah(b, lang))
        }
        (Some(a), _) | (None, Some(a)) => fmt_rupiah(a, lang),
        (None, None) => t.not_stated.to_string(),
    };
    facts.push(fact("fact-salary", t.salary_per_month, salary));
    if let Some(e) = &v.education {
        facts.push(fact("fact-education", t.education, e.clone()));
    }
    if let Some(x) = v.experience_years {
        facts.push(fact(
            "fact-experience",
            t.experience,
            format!("{} {}", fmt_dec1(x, lang), t.years),
        ));
    }
    if let Some(l) = &v.location_text {
        facts.push(fact("fact-location", t.location_as_written, l.clone()));
    }
    let region = v
        .region_code
        .as_deref()
        .and_then(|r| RegionCode::parse(r).ok());
    facts.push(match region {
        Some(r) => Fact {
            href: Some(format!("/wilayah/{r}")),
            note: if v.region_resolved {
                t.region_from_location
            } else {
                t.region_from_source
            },
            ..fact("fact-region", t.region, format!("{} ({r})", r.name()))
        },
        None => fact("fact-region", t.region, t.region_unresolved),
    });
    if let Some(k) = &v.kbli {
        facts.push(fact("fact-kbli", t.kbli, k.clone()));
    }
    let recorded = data
        .recorded
        .map(|i| (i.to_string(), occupation_title(i, lang)));
    let recorded_basis = match data.basis {
        IscoBasis::Uncoded => t.not_coded_on_import.to_string(),
        IscoBasis::CodedOnImport(conf) => {
            format!("{} {}", t.coded_on_import, fmt_pct(Some(conf), lang))
        }
        IscoBasis::Source => t.code_from_source.to_string(),
        IscoBasis::Reviewed => t.code_reviewed.to_string(),
        IscoBasis::ReviewedAd => t.code_reviewed_ad.to_string(),
    };
    let coding = &data.coding;
    let coder_answer = coding
        .code
        .map(|i| (i.to_string(), occupation_title(i, lang)));
    let mut context = Vec::new();
    if let Some(x) = &v.context {
        context.push(fact("context-fields", t.context_fields, x.clone()));
    }
    if let Some(x) = &v.skill_tags {
        context.push(fact("context-skill-tags", t.skill_tags, x.clone()));
    }
    let (description, contacts_hidden) = match v.description.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => {
            let (text, n) = view::hide_contacts(d, t.contact_hidden);
            (Some(text), n)
        }
        _ => (None, 0),
    };
    let others = data.others().count();
    let cluster_note = match v.duplicate_cluster {
        Some(cl) if others > 0 => {
            let counted = if cl == v.id {
                t.cluster_this_counted
            } else {
                t.cluster_first_counted
            };
            format!(
                "{} {} · {}",
                fmt_int(others as i64, lang),
                t.cluster_others,
                counted
            )
        }
        _ => t.no_duplicates.to_string(),
    };
    super::render(&VacancyPage {
        c,
        id: v.id,
        title: v.title.clone(),
        facts,
        recorded,
        recorded_basis,
        differs: match data.basis {
            _ if data.recorded.is_none() || coding.code == data.recorded => None,
            IscoBasis::CodedOnImport(_) => Some(t.coder_differs),
            IscoBasis::Reviewed | IscoBasis::ReviewedAd => Some(t.coder_differs_from_review),
            IscoBasis::Source | IscoBasis::Uncoded => Some(t.coder_differs_from_source),
        },
        review_href: match data.basis {
            IscoBasis::Source => None,
            _ => Some(super::review::title_href(&v.title)),
        },
        ad_form: st.uploads.is_some() && !matches!(data.basis, IscoBasis::Source),
        csrf: super::review::csrf_of(st),
        ad_review: ad_review.map(|r| {
            (
                r.isco.to_string(),
                occupation_title(r.isco, lang),
                r.actor,
                r.reviewed_at,
                r.note.unwrap_or_default(),
            )
        }),
        coder_answer,
        coder_confidence: fmt_pct(Some(f64::from(coding.confidence)), lang),
        coder_evidence: view::evidence_in(lang, &coding.evidence),
        skills: data
            .skills
            .iter()
            .map(|s| {
                (
                    crate::view::skill_name(&s.label, lang).to_string(),
                    s.matched.clone(),
                )
            })
            .collect(),
        context,
        description,
        contacts_hidden,
        cluster_note,
        tables,
    })
}

/// The page's tables: the coder's candidates and the duplicate cluster (each downloadable).
fn show_tables(c: &Ctx, data: &VacancyView) -> Vec<Table> {
    let t = c.t;
    let candidates = Table {
        id: "candidates",
        caption: t.coder_candidates.to_string(),
        columns: vec![
            col("rank", t.rank),
            col("isco08", t.code),
            col("title", t.occupation),
        ],
        rows: data
            .coding
            .candidates
            .iter()
            .enumerate()
            .map(|(i, cand)| {
                vec![
                    Cell::int(i as i64 + 1),
                    Cell::code(cand.unit.to_string()).link(format!("/okupasi/{}", cand.unit)),
                    Cell::text(occupation_title(cand.unit, c.lang)),
                ]
            })
            .collect(),
        has_persons: false,
    };
    let cluster = Table {
        id: "duplicates",
        caption: t.duplicate_cluster.to_string(),
        columns: vec![
            col("id", t.vacancy_number),
            col("posted_date", t.posted),
            col("title", t.title),
            col("employer", t.employer),
            col("region_code", t.region),
            col("source", t.source),
            col("counted", t.counted_in_demand),
        ],
        rows: data
            .cluster
            .iter()
            .map(|r| {
                let id = Cell::code(r.id.to_string());
                vec![
                    if r.id == data.vacancy.id {
                        id
                    } else {
                        id.link(format!("/lowongan/{}", r.id))
                    },
                    Value::Date(Some(r.posted_date.clone())).into(),
                    Cell::text(r.title.clone()),
                    Cell::text(r.employer.clone().unwrap_or_default()),
                    Cell::code(r.region_code.clone().unwrap_or_default()),
                    Cell::text(r.source.clone()),
                    Value::Flag(r.duplicate_of.is_none(), t.counted).into(),
                ]
            })
            .collect(),
        has_persons: false,
    };
    vec![candidates, cluster]
}

/// `POST /lowongan/{id}/kode`: a reviewer's code for this ad alone (`run=save`, `isco`,
/// optional `catatan`) or its withdrawal (`run=withdraw`), on a loopback server with the form
/// token; a 303 back to the ad's page.
pub async fn review(
    State(st): State<AppState>,
    c: Ctx,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
    body: axum::body::Bytes,
) -> Response {
    let result = match path {
        Ok(Path(id)) => build_review(&st, &id, body).await,
        Err(_) => Err(AppError::unknown_vacancy("?")),
    };
    super::finish(c, result)
}

async fn build_review(
    st: &AppState,
    id: &str,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    use super::review::{field, refusal, restart_analysis};
    let id = view::parse_vacancy_id(id)?;
    let (_, form) = super::imports::writable_form(st, &body, ("Tinjauan kode", "Code reviews"))?;
    let withdraw = match field(&form, "run") {
        Some("save") => false,
        Some("withdraw") => true,
        _ => {
            return Err(AppError::bad_param(
                "run",
                "pilih simpan (save) atau tarik (withdraw).",
                "choose save or withdraw.",
            ));
        }
    };
    let code = if withdraw {
        None
    } else {
        Some(super::review::code_and_note(&form)?)
    };
    let target = st.target.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut store = store::Store::open(&target).map_err(pipeline::PipelineError::Store)?;
        match code {
            Some((isco, note)) => pipeline::review::review_vacancy(
                &mut store,
                &domain::Scope::Central,
                id,
                isco,
                note.as_deref(),
                "web (loopback)",
            ),
            None => pipeline::review::withdraw_vacancy_review(
                &mut store,
                &domain::Scope::Central,
                id,
                "web (loopback)",
            ),
        }
    })
    .await
    .map_err(|e| AppError::Internal(format!("review task: {e}")))?
    .map_err(|e| AppError::Internal(format!("reviewing a vacancy: {e}")))?
    .map_err(refusal)?;
    if outcome.is_some() {
        restart_analysis(st).await;
    }
    Ok(axum::response::IntoResponse::into_response((
        axum::http::StatusCode::SEE_OTHER,
        [(axum::http::header::LOCATION, format!("/lowongan/{id}"))],
    )))
}

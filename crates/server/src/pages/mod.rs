//! Server-rendered pages. Each page module loads its data through `view`, builds its tables
//! once and answers HTML, CSV or XLSX from them. Templates live under `templates/` in a path
//! that mirrors the URL.

pub mod blk;
pub mod coding;
pub mod gap;
pub mod imports;
pub mod occupation;
pub mod overview;
pub mod plans;
pub mod potential;
pub mod region;
pub mod results;
pub mod review;
pub mod trend;
pub mod vacancies;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::export;
use crate::params::{Format, Params};
use crate::table::{Table, pick};

/// Renders a template as a 200 page.
pub fn render(t: &impl Template) -> Result<Response, AppError> {
    t.render()
        .map(|html| Html(html).into_response())
        .map_err(|e| AppError::Internal(format!("rendering a template: {e}")))
}

/// Answers a page's export when one is asked for (`?format=csv|xlsx[&table=id]`), else `None`.
pub fn export_if_asked(
    params: &Params,
    page: &str,
    tables: &[Table],
) -> Result<Option<Response>, AppError> {
    let format = params.format()?;
    if format == Format::Html {
        if params.table().is_some() {
            return Err(AppError::bad_param(
                "table",
                "hanya berlaku bersama format=csv atau format=xlsx.",
                "only applies with format=csv or format=xlsx.",
            ));
        }
        return Ok(None);
    }
    let Some(table) = pick(tables, params.table()) else {
        let ids: Vec<&str> = tables.iter().map(|t| t.id).collect();
        return Err(AppError::bad_param(
            "table",
            format!("tabel di halaman ini: {}.", ids.join(", ")),
            format!("the tables on this page are: {}.", ids.join(", ")),
        ));
    };
    off_workers(|| export::respond(page, table, format).map(Some))
}

/// Runs CPU work that may take a core for seconds (writing a spreadsheet of 100,000
/// vacancies, building its table) so that other requests go on: on the server's
/// multi-threaded runtime the async worker hands its other requests on first. Elsewhere (a
/// test's single-threaded runtime) it simply runs.
pub(crate) fn off_workers<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(work),
        _ => work(),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    c: &'a Ctx,
    status: u16,
    message: String,
}

/// Turns a page's outcome into a response: the page, or an error page in the page language.
pub fn finish(c: Ctx, result: Result<Response, AppError>) -> Response {
    match result {
        Ok(r) => r,
        Err(e) => error_page(&c, e),
    }
}

pub fn error_page(c: &Ctx, e: AppError) -> Response {
    e.log();
    let status = e.status();
    let page = ErrorPage {
        c,
        status: status.as_u16(),
        message: e.message(c.lang),
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response(),
    }
}

/// The table of regions with their counts: the provinces on `/`, and a province's regencies
/// and cities on its page. `kind` is the column key stem (`province` or `regency`) and
/// `label` its heading.
pub fn regions_table(
    t: &crate::i18n::Texts,
    id: &'static str,
    caption: String,
    (code_key, name_key, label): (&'static str, &'static str, &'static str),
    regions: &[(&'static domain::reference::Region, store::RegionCounts)],
) -> Table {
    use crate::table::{Cell, Value, col};
    Table {
        id,
        caption,
        columns: vec![
            col(code_key, t.code),
            col(name_key, label),
            col("population", t.population),
            col("blks", t.blks),
            col("active_job_seekers", t.active_job_seekers),
            col("unique_vacancies_12m", t.vacancies_12m),
            col("positions_12m", t.positions_12m),
            col("vacancies_per_100k", t.per_100k),
        ],
        rows: regions
            .iter()
            .map(|(r, n)| {
                let href = format!("/wilayah/{}", r.code);
                vec![
                    Cell::code(r.code.to_string()).link(href.clone()),
                    Cell::text(r.name.clone()).link(href),
                    Cell::int(r.population as i64),
                    Cell::int(n.blks),
                    Cell::persons(n.active_job_seekers),
                    Cell::int(n.unique_vacancies),
                    Cell::int(n.positions),
                    Value::Decimal(crate::view::per_100k(n.unique_vacancies, r.population)).into(),
                ]
            })
            .collect(),
        has_persons: true,
    }
}

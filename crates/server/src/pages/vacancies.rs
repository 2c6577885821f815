//! `/lowongan`: the vacancy explorer: filters (province, regency/city, ISCO prefix, words in
//! the title, months) and pages of 50 (at most 500) vacancies, one row per ad, duplicates
//! marked. Only an ad's public fields are shown.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use domain::reference::Region;
use domain::{IscoCode, RegionCode, reference};

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::params::{MAX_PAGE_SIZE, Params, vacancy_query};
use crate::table::{Cell, Table, Value, col};
use crate::view::{self, occupation_title};

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
    let query = vacancy_query(&params)?;
    let page = view::vacancies(st, &query).await?;
    let t = c.t;
    let table = Table {
        id: "vacancies",
        caption: t.vacancies_title.to_string(),
        columns: vec![
            col("posted_date", t.posted),
            col("title", t.title),
            col("employer", t.employer),
            col("region_code", t.region),
            col("isco08", t.occupation),
            col("positions", t.positions),
            col("expires_date", t.expires),
            col("source", t.source),
            col("duplicate", t.duplicate_col),
        ],
        rows: page
            .rows
            .iter()
            .map(|v| {
                let region = v
                    .region_code
                    .as_deref()
                    .and_then(|r| RegionCode::parse(r).ok());
                let isco = v.isco08.as_deref().and_then(|i| IscoCode::parse(i).ok());
                vec![
                    Value::Date(Some(v.posted_date.clone())).into(),
                    Cell::text(v.title.clone()),
                    Cell::text(v.employer.clone().unwrap_or_default()),
                    match region {
                        Some(r) => {
                            Cell::text(format!("{} ({r})", r.name())).link(format!("/wilayah/{r}"))
                        }
                        None => Cell::text(v.region_code.clone().unwrap_or_default()),
                    },
                    match isco {
                        Some(i) => Cell::text(format!("{i} {}", occupation_title(i, c.lang)))
                            .link(format!("/okupasi/{i}")),
                        None => Cell::text(v.isco08.clone().unwrap_or_default()),
                    },
                    Cell::int(v.positions),
                    Value::Date(v.expires_date.clone()).into(),
                    Cell::text(v.source.clone()),
                    Value::Flag(v.duplicate_of.is_some(), t.duplicate).into(),
                ]
            })
            .collect(),
        has_persons: false,
    };
    let tables = vec![table];
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

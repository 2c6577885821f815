//! `/`: the national overview: headline counts, a choropleth of vacancies per 100,000
//! population, and the table of provinces.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use store::Headline;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::map::{Choropleth, choropleth};
use crate::params::Params;
use crate::table::{Cell, Table, Value, col};
use crate::view::{self, per_100k};

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage<'a> {
    c: &'a Ctx,
    headline: Headline,
    period: String,
    synthetic: bool,
    map: Choropleth,
    tables: Vec<Table>,
}

pub async fn show(State(st): State<AppState>, c: Ctx, RawQuery(q): RawQuery) -> Response {
    let result = build(&st, &c, q.as_deref()).await;
    super::finish(c, result)
}

async fn build(st: &AppState, c: &Ctx, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    let data = view::overview(st).await?;
    let t = c.t;
    let rates: HashMap<String, f64> = data
        .provinces
        .iter()
        .filter_map(|(r, n)| {
            Some((
                r.code.to_string(),
                per_100k(n.unique_vacancies, r.population)?,
            ))
        })
        .collect();
    let provinces = Table {
        id: "provinces",
        caption: t.provinces_table.to_string(),
        columns: vec![
            col("province_code", t.code),
            col("province", t.province),
            col("population", t.population),
            col("blks", t.blks),
            col("active_job_seekers", t.active_job_seekers),
            col("unique_vacancies_12m", t.vacancies_12m),
            col("positions_12m", t.positions_12m),
            col("vacancies_per_100k", t.per_100k),
        ],
        rows: data
            .provinces
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
                    Value::Decimal(per_100k(n.unique_vacancies, r.population)).into(),
                ]
            })
            .collect(),
        has_persons: true,
    };
    let tables = vec![provinces];
    if let Some(r) = super::export_if_asked(&params, "nasional", &tables)? {
        return Ok(r);
    }
    let map = choropleth(
        &rates,
        |code| {
            domain::RegionCode::parse(code)
                .map(|r| r.name().to_string())
                .unwrap_or_else(|_| code.to_string())
        },
        c.lang,
        t.map_no_data,
    );
    super::render(&OverviewPage {
        c,
        headline: data.headline.clone(),
        period: period_label(c, data.window),
        synthetic: data.synthetic,
        map,
        tables,
    })
}

/// "Januari 2025 – Desember 2025", or "all periods" without data.
pub fn period_label(c: &Ctx, window: Option<store::MonthRange>) -> String {
    match window {
        Some(w) => format!("{} – {}", c.month(&w.from), c.month(&w.to)),
        None => c.t.all_time.to_string(),
    }
}

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
use crate::table::Table;
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
    let provinces = super::regions_table(
        t,
        "provinces",
        t.provinces_table.to_string(),
        ("province_code", "province", t.province),
        &data.provinces,
    );
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

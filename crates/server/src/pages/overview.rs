//! `/`: the national overview: headline counts, a choropleth of vacancies per 100,000
//! population or of job seekers per vacant position (`?peta=kesenjangan`), and the table of
//! provinces.

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
    /// `lowongan` or `kesenjangan`.
    metric: &'static str,
    map_title: &'static str,
    map_caption: &'static str,
    tables: Vec<Table>,
}

pub async fn show(State(st): State<AppState>, c: Ctx, RawQuery(q): RawQuery) -> Response {
    let result = build(&st, &c, q.as_deref()).await;
    super::finish(c, result)
}

async fn build(st: &AppState, c: &Ctx, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    let metric = match params.get("peta") {
        None | Some("lowongan") => "lowongan",
        Some("kesenjangan") => "kesenjangan",
        Some("kebekerjaan") => "kebekerjaan",
        Some(_) => {
            return Err(AppError::bad_param(
                "peta",
                "lowongan, kesenjangan atau kebekerjaan.",
                "lowongan (vacancies), kesenjangan (gap) or kebekerjaan (employment rate).",
            ));
        }
    };
    let data = view::overview(st).await?;
    let t = c.t;
    let mut rates: HashMap<String, f64> = data
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
    let mut tables = vec![provinces];
    let cur = crate::market::current(st).await?;
    if let Some(o) = cur.loaded.outcomes.as_ref() {
        let national: Vec<_> = o.national_framework().collect();
        tables.push(super::results::framework_table(
            c,
            "framework",
            format!(
                "{} {} ({} {})",
                t.framework_title,
                o.year,
                t.as_of,
                crate::ctx::fmt_date(&o.as_of.to_string(), c.lang)
            ),
            &national,
        ));
    }
    if let Some(r) = super::export_if_asked(&params, "nasional", &tables)? {
        return Ok(r);
    }
    if metric == "kesenjangan" {
        rates = seekers_per_position(st).await?;
    }
    if metric == "kebekerjaan" {
        // Percent, and only where enough graduates were traced to publish a rate.
        rates = cur
            .loaded
            .outcomes
            .as_ref()
            .map(|o| {
                o.by_province
                    .iter()
                    .filter(|r| r.publishable(o.settings.min_cell))
                    .filter_map(|r| Some((r.key.clone(), r.rate? * 100.0)))
                    .collect()
            })
            .unwrap_or_default();
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
        metric,
        map_title: match metric {
            "kesenjangan" => t.map_gap_title,
            "kebekerjaan" => t.map_kebekerjaan_title,
            _ => t.map_title,
        },
        map_caption: match metric {
            "kesenjangan" => t.map_gap_caption,
            "kebekerjaan" => t.map_kebekerjaan_caption,
            _ => t.map_caption,
        },
        tables,
    })
}

/// Supply per position of demand in each province, over every occupation, in the default
/// 12-month window of the analytics snapshot.
async fn seekers_per_position(st: &AppState) -> Result<HashMap<String, f64>, AppError> {
    let cur = crate::market::current(st).await?;
    crate::market::compute(&cur.loaded, |l| {
        let args = crate::market::GapArgs {
            region: None,
            isco: None,
            level: 1,
            by: analytics::RegionLevel::Province,
            period: None,
        };
        let mut sums: HashMap<String, (f64, f64)> = HashMap::new();
        for cell in crate::market::gap(l, &args)
            .map(|t| t.cells)
            .unwrap_or_default()
        {
            let e = sums.entry(cell.area.code()).or_default();
            e.0 += cell.demand as f64;
            // From the published cells, "<5" as its stand-in: the ratio is then a function of
            // the gap table and tells nothing it does not.
            e.1 += cell.published_supply_value();
        }
        sums.into_iter()
            .filter(|(_, (d, _))| *d > 0.0)
            .map(|(code, (d, s))| (code, s / d))
            .collect()
    })
    .await
}

/// "Januari 2025 – Desember 2025", or "all periods" without data.
pub fn period_label(c: &Ctx, window: Option<store::MonthRange>) -> String {
    match window {
        Some(w) => format!("{} – {}", c.month(&w.from), c.month(&w.to)),
        None => c.t.all_time.to_string(),
    }
}

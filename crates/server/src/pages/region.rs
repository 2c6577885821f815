//! `/wilayah/{code}`: a province or regency/city: counts, the occupations most in demand, its
//! BLKs and (for a province) its regencies and cities, in a table and on a choropleth.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use domain::reference::Region;
use store::Headline;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::map::{Choropleth, regency_choropleth};
use crate::params::Params;
use crate::table::{Cell, Table, Value, col};
use crate::view::{self, RegionView, occupation_title, per_100k};

#[derive(Template)]
#[template(path = "regions/show.html")]
struct RegionPage<'a> {
    c: &'a Ctx,
    region: &'static Region,
    kind: &'static str,
    province: Option<&'static Region>,
    headline: Headline,
    period: String,
    vacancies_href: String,
    links: Links,
    leading: Vec<String>,
    refreshing: bool,
    /// For a province: its regencies and cities by vacancies per 100,000 population.
    map: Option<Choropleth>,
    tables: Vec<Table>,
}

/// Where the analysis of this region continues.
struct Links {
    gap: String,
    trend: String,
    potential: String,
}

/// Occupations in each of the shortage and surplus tables.
const GAP_ROWS: usize = 10;

pub async fn show(
    State(st): State<AppState>,
    c: Ctx,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(q): RawQuery,
) -> Response {
    let result = match path {
        Ok(Path(code)) => build(&st, &c, &code, q.as_deref()).await,
        Err(_) => Err(AppError::unknown_region("?")),
    };
    super::finish(c, result)
}

async fn build(st: &AppState, c: &Ctx, code: &str, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    let code = view::parse_region(code)?;
    let data = view::region(st, code).await?;
    let mut tables = tables(c, &data);
    let cur = crate::market::current(st).await?;
    let (gap_tables, leading) = analysis(c, &cur, code).await?;
    // The occupation tables come first: they are what a planner opens the page for.
    tables.splice(0..0, gap_tables);
    if let Some(r) = super::export_if_asked(&params, &format!("wilayah-{code}"), &tables)? {
        return Ok(r);
    }
    let t = c.t;
    let vacancies_href = if code.is_province() {
        format!("/lowongan?province={code}")
    } else {
        format!("/lowongan?regency={code}")
    };
    super::render(&RegionPage {
        c,
        region: data.region,
        kind: if code.is_province() {
            t.region_kind_province
        } else {
            t.region_kind_regency
        },
        province: data.province,
        headline: data.headline.clone(),
        period: super::overview::period_label(c, data.window),
        vacancies_href,
        links: Links {
            gap: format!("/kesenjangan?region={code}"),
            trend: format!("/tren?region={code}"),
            potential: format!("/potensi/{code}"),
        },
        leading,
        refreshing: cur.refreshing,
        map: regency_map(c, &data),
        tables,
    })
}

/// The province's regencies coloured by the same figure as its regencies table.
fn regency_map(c: &Ctx, data: &RegionView) -> Option<Choropleth> {
    if !data.region.code.is_province() {
        return None;
    }
    let rates: HashMap<String, f64> = data
        .regencies
        .iter()
        .filter_map(|(r, n)| {
            Some((
                r.code.to_string(),
                per_100k(n.unique_vacancies, r.population)?,
            ))
        })
        .collect();
    let names: HashMap<String, &str> = data
        .regencies
        .iter()
        .map(|(r, _)| (r.code.to_string(), r.name.as_str()))
        .collect();
    regency_choropleth(
        &data.region.code.to_string(),
        &rates,
        |code| {
            names
                .get(code)
                .map_or_else(|| code.to_string(), |n| n.to_string())
        },
        c.lang,
        c.t.map_no_data,
    )
}

/// The shortage and surplus tables (with 24-month sparklines) and the leading sectors, from
/// the analytics snapshot.
async fn analysis(
    c: &Ctx,
    cur: &crate::analysis::Current,
    code: domain::RegionCode,
) -> Result<(Vec<Table>, Vec<String>), AppError> {
    use analytics::RegionLevel;
    let by = if code.is_province() {
        RegionLevel::Province
    } else {
        RegionLevel::Regency
    };
    let args = crate::market::GapArgs {
        region: Some(code),
        isco: None,
        level: 4,
        by,
        period: None,
    };
    let lang = c.lang;
    let computed = crate::market::compute(&cur.loaded, move |l| {
        let leading: Vec<String> = crate::market::potential(l, code)
            .map(|p| {
                p.leading()
                    .map(|s| super::potential::category_name(s, lang))
                    .collect()
            })
            .unwrap_or_default();
        let Some(table) = crate::market::gap(l, &args) else {
            return (None, leading);
        };
        let ranked: Vec<_> = table
            .cells
            .into_iter()
            .filter(|c| c.rank.is_some())
            .collect();
        let shortage: Vec<_> = ranked
            .iter()
            .filter(|c| c.gap_index() > 0.0)
            .take(GAP_ROWS)
            .cloned()
            .collect();
        let surplus: Vec<_> = ranked
            .iter()
            .rev()
            .filter(|c| c.gap_index() < 0.0)
            .take(GAP_ROWS)
            .cloned()
            .collect();
        let iscos = |v: &[analytics::GapCell]| v.iter().map(|c| c.isco).collect::<Vec<_>>();
        let s1 = crate::market::sparks(l, Some(code), &iscos(&shortage));
        let s2 = crate::market::sparks(l, Some(code), &iscos(&surplus));
        (Some((shortage, s1, surplus, s2)), leading)
    })
    .await?;
    let (gap, leading) = computed;
    let mut tables = Vec::new();
    if let Some((shortage, s1, surplus, s2)) = gap {
        tables.push(super::gap::gap_table(
            c,
            "shortage",
            c.t.shortage_title.to_string(),
            &shortage,
            Some(&s1),
        ));
        tables.push(super::gap::gap_table(
            c,
            "surplus",
            c.t.surplus_title.to_string(),
            &surplus,
            Some(&s2),
        ));
    }
    Ok((tables, leading))
}

fn tables(c: &Ctx, data: &RegionView) -> Vec<Table> {
    let t = c.t;
    let mut tables = vec![
        Table {
            id: "occupations",
            caption: t.top_occupations.to_string(),
            columns: vec![
                col("isco08", t.code),
                col("occupation", t.occupation),
                col("unique_vacancies_12m", t.vacancies_12m),
                col("positions_12m", t.positions_12m),
            ],
            rows: data
                .occupations
                .iter()
                .map(|o| {
                    let href = format!("/okupasi/{}", o.isco);
                    vec![
                        Cell::code(o.isco.to_string()).link(href.clone()),
                        Cell::text(occupation_title(o.isco, c.lang)).link(href),
                        Cell::int(o.unique_vacancies),
                        Cell::int(o.positions),
                    ]
                })
                .collect(),
            has_persons: false,
        },
        Table {
            id: "blks",
            caption: t.blks_in_region.to_string(),
            columns: vec![
                col("blk_code", t.code),
                col("name", t.name),
                col("type", t.type_),
                col("regency", t.regency),
            ],
            rows: data
                .blks
                .iter()
                .map(|b| {
                    let href = format!("/blk/{}", b.code);
                    vec![
                        Cell::code(b.code.clone()).link(href.clone()),
                        Cell::text(b.name.clone()).link(href),
                        Value::Keyed(
                            b.blk_type.clone(),
                            crate::view::blk_type_label(&b.blk_type, c.lang),
                        )
                        .into(),
                        match b.region {
                            Some(r) => Cell::text(r.name()).link(format!("/wilayah/{r}")),
                            None => Cell::text(""),
                        },
                    ]
                })
                .collect(),
            has_persons: false,
        },
    ];
    if data.region.code.is_province() {
        tables.push(super::regions_table(
            t,
            "regencies",
            t.regencies_of.to_string(),
            ("regency_code", "regency", t.regency),
            &data.regencies,
        ));
    }
    tables
}

//! `/wilayah/{code}`: a province or regency/city: counts, the occupations most in demand, its
//! BLKs and (for a province) its regencies and cities.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use domain::reference::Region;
use store::Headline;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::params::Params;
use crate::table::{Cell, Table, col};
use crate::view::{self, RegionView, occupation_title};

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
    tables: Vec<Table>,
}

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
    let tables = tables(c, &data);
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
        tables,
    })
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
                        Cell::text(b.blk_type.clone()),
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

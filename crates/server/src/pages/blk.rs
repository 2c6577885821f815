//! `/blk/{code}`: one BLK: capacity per kejuruan, the programmes it offers, and its cohorts by
//! year and programme with completion and certification rates. Trainees are only counted.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use domain::reference;
use domain::reference::Region;
use store::BlkProfile;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Params;
use crate::table::{Cell, Table, Value, col};
use crate::view::{self, BlkView, share};

#[derive(Template)]
#[template(path = "blk/show.html")]
struct BlkPage<'a> {
    c: &'a Ctx,
    blk: BlkProfile,
    region: Option<&'static Region>,
    province: Option<&'static Region>,
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
        Err(_) => Err(AppError::unknown_blk("?")),
    };
    super::finish(c, result)
}

async fn build(st: &AppState, c: &Ctx, code: &str, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    let code = view::check_blk_code(code)?;
    let found = view::blk(st, code).await?;
    let Some(data) = found.as_ref() else {
        return Err(AppError::unknown_blk(code));
    };
    let tables = tables(c, data);
    if let Some(r) = super::export_if_asked(&params, &format!("blk-{code}"), &tables)? {
        return Ok(r);
    }
    let region = data.profile.region;
    super::render(&BlkPage {
        c,
        region: region.map(|r| r.info()),
        province: region.map(|r| r.province().info()),
        blk: data.profile.clone(),
        tables,
    })
}

fn name_of<'a>(lang: Lang, id: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

fn tables(c: &Ctx, data: &BlkView) -> Vec<Table> {
    let t = c.t;
    let r = reference();
    let kejuruan_name = |code: &str| {
        r.kejuruan(code)
            .map(|k| name_of(c.lang, &k.name_id, &k.name_en).to_string())
            .unwrap_or_default()
    };
    let programme_name = |code: &str| {
        r.programme(code)
            .map(|p| name_of(c.lang, &p.name_id, &p.name_en).to_string())
            .unwrap_or_default()
    };
    vec![
        Table {
            id: "capacity",
            caption: t.capacity.to_string(),
            columns: vec![
                col("kejuruan_code", t.code),
                col("kejuruan", t.kejuruan),
                col("workshops", t.workshops),
                col("instructors", t.instructors),
            ],
            rows: data
                .profile
                .capacity
                .iter()
                .map(|k| {
                    vec![
                        Cell::code(k.kejuruan_code.clone()),
                        Cell::text(kejuruan_name(&k.kejuruan_code)),
                        Cell::int(k.workshops),
                        Cell::int(k.instructors),
                    ]
                })
                .collect(),
            has_persons: false,
        },
        Table {
            id: "programmes",
            caption: t.programmes_offered.to_string(),
            columns: vec![
                col("programme_code", t.code),
                col("programme", t.programme),
                col("kejuruan", t.kejuruan),
                col("jp_hours", t.jp_hours),
                col("isco08_units", t.prepares_for),
            ],
            rows: data
                .profile
                .programmes
                .iter()
                .map(|code| {
                    let p = r.programme(code);
                    let units = p
                        .map(|p| {
                            p.isco_units
                                .iter()
                                .map(|u| u.to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                        .unwrap_or_default();
                    vec![
                        Cell::code(code.clone()),
                        Cell::text(programme_name(code)),
                        Cell::text(
                            p.map(|p| kejuruan_name(&p.kejuruan_code))
                                .unwrap_or_default(),
                        ),
                        match p {
                            Some(p) => Cell::int(p.jp_hours as i64),
                            None => Cell::text(""),
                        },
                        Cell::code(units),
                    ]
                })
                .collect(),
            has_persons: false,
        },
        Table {
            id: "cohorts",
            caption: t.cohorts_by_year.to_string(),
            columns: vec![
                col("year", t.year),
                col("programme_code", t.code),
                col("programme", t.programme),
                col("cohorts", t.cohorts),
                col("seats", t.seats),
                col("trainees", t.trainees),
                col("completion_rate", t.completion_rate),
                col("certification_rate", t.certification_rate),
            ],
            rows: data
                .cohorts
                .iter()
                .map(|g| {
                    vec![
                        Cell::code(g.year.to_string()),
                        Cell::code(g.programme_code.clone()),
                        Cell::text(programme_name(&g.programme_code)),
                        Cell::int(g.cohorts),
                        Cell::int(g.seats),
                        Cell::persons(g.trainees),
                        Value::Share(share(g.completed, g.finished)).into(),
                        Value::Share(share(g.certified, g.completed)).into(),
                    ]
                })
                .collect(),
            has_persons: true,
        },
    ]
}

//! `/okupasi/{isco}`: an ISCO-08/KBJI 2014 group: its titles, vacancies by province, the
//! catalogue programmes that prepare for it, and its narrower groups.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use domain::IscoCode;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Params;
use crate::table::{Cell, Table, Value, col};
use crate::view::{self, OccupationView};

#[derive(Template)]
#[template(path = "occupations/show.html")]
struct OccupationPage<'a> {
    c: &'a Ctx,
    code: String,
    title_en: &'static str,
    title_id: Option<&'static str>,
    heading: String,
    parent: Option<(String, String)>,
    period: String,
    vacancies_href: String,
    trend_href: String,
    gap_href: String,
    chart: String,
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
        Err(_) => Err(AppError::unknown_occupation("?")),
    };
    super::finish(c, result)
}

async fn build(st: &AppState, c: &Ctx, code: &str, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    let isco = view::parse_isco(code)?;
    let data = view::occupation(st, isco).await?;
    let mut tables = tables(c, &data);
    let cur = crate::market::current(st).await?;
    let (gap, trend) = crate::market::compute(&cur.loaded, move |l| {
        let args = crate::market::GapArgs {
            region: None,
            isco: Some(isco),
            level: isco.level(),
            by: analytics::RegionLevel::Province,
            period: None,
        };
        let gap = crate::market::gap(l, &args);
        let trend = crate::market::trend(l, None, Some(isco), crate::market::DEFAULT_HORIZON);
        (gap, trend)
    })
    .await?;
    if let Some(g) = gap {
        let at = tables.len().min(1);
        tables.insert(
            at,
            super::gap::gap_table(c, "gap", c.t.gap_by_province.to_string(), &g.cells, None),
        );
    }
    let chart = trend
        .map(|t| {
            let (start, history) = t.recent(crate::market::HISTORY_MONTHS);
            let points = t.forecast.as_ref().map(|f| f.points()).unwrap_or(&[]);
            crate::chart::fan_chart(
                start,
                history,
                points,
                &format!("{} — {isco}", c.t.trend_of_demand),
                c.lang,
            )
        })
        .unwrap_or_default();
    if let Some(r) = super::export_if_asked(&params, &format!("okupasi-{isco}"), &tables)? {
        return Ok(r);
    }
    super::render(&OccupationPage {
        c,
        code: isco.to_string(),
        title_en: isco.title_en(),
        title_id: isco.title_id(),
        heading: view::occupation_title(isco, c.lang),
        parent: isco
            .parent()
            .map(|p: IscoCode| (p.to_string(), view::occupation_title(p, c.lang))),
        period: super::overview::period_label(c, data.window),
        vacancies_href: format!("/lowongan?isco={isco}"),
        trend_href: format!("/tren?isco={isco}"),
        gap_href: format!("/kesenjangan?isco={isco}&level={}", isco.level()),
        chart,
        tables,
    })
}

fn tables(c: &Ctx, data: &OccupationView) -> Vec<Table> {
    let t = c.t;
    let mut tables = vec![
        Table {
            id: "provinces",
            caption: t.vacancies_by_province.to_string(),
            columns: vec![
                col("province_code", t.code),
                col("province", t.province),
                col("unique_vacancies_12m", t.vacancies_12m),
                col("positions_12m", t.positions_12m),
            ],
            rows: data
                .by_province
                .iter()
                .map(|(r, n)| {
                    let href = format!("/wilayah/{}", r.code);
                    vec![
                        Cell::code(r.code.to_string()).link(href.clone()),
                        Cell::text(r.name.clone()).link(href),
                        Cell::int(n.unique_vacancies),
                        Cell::int(n.positions),
                    ]
                })
                .collect(),
            has_persons: false,
        },
        Table {
            id: "programmes",
            caption: t.programmes_preparing.to_string(),
            columns: vec![
                col("programme_code", t.code),
                col("programme", t.programme),
                col("kejuruan_code", t.kejuruan),
                col("jp_hours", t.jp_hours),
            ],
            rows: data
                .programmes
                .iter()
                .map(|p| {
                    vec![
                        Cell::code(p.code.clone()),
                        Cell::text(match c.lang {
                            Lang::Id => p.name_id.clone(),
                            Lang::En => p.name_en.clone(),
                        }),
                        Cell::code(p.kejuruan_code.clone()),
                        Cell::int(p.jp_hours as i64),
                    ]
                })
                .collect(),
            has_persons: false,
        },
    ];
    tables.push(Table {
        id: "skills",
        caption: format!(
            "{} ({} {})",
            t.skills_asked,
            crate::ctx::fmt_int(data.skills_read, c.lang),
            t.nav_vacancies.to_lowercase()
        ),
        columns: vec![
            col("skill", t.skill),
            col("ads_naming_it", t.ads_naming),
            col("share_of_ads", t.share_of_ads),
        ],
        rows: data
            .skills
            .iter()
            .map(|(skill, n)| {
                vec![
                    Value::Keyed(
                        skill.clone(),
                        crate::view::skill_name(skill, c.lang).to_string(),
                    )
                    .into(),
                    Cell::int(*n),
                    Value::Share(
                        (data.skills_read > 0).then(|| *n as f64 / data.skills_read as f64),
                    )
                    .into(),
                ]
            })
            .collect(),
        has_persons: false,
    });
    if !data.subgroups.is_empty() {
        tables.push(Table {
            id: "subgroups",
            caption: t.subgroups.to_string(),
            columns: vec![col("isco08", t.code), col("title", t.isco_title)],
            rows: data
                .subgroups
                .iter()
                .map(|e| {
                    let href = format!("/okupasi/{}", e.code);
                    let title = IscoCode::parse(&e.code)
                        .map(|i| view::occupation_title(i, c.lang))
                        .unwrap_or_else(|_| e.title_en.clone());
                    vec![
                        Cell::code(e.code.clone()).link(href.clone()),
                        Cell::text(title).link(href),
                    ]
                })
                .collect(),
            has_persons: false,
        });
    }
    tables
}

//! `/hasil`: training results: the national and provincial results framework (targets,
//! achievement to date, year-end forecast) and kebekerjaan by province and by programme at
//! the 6-month wave, with intervals, response rates and weighted rates; small cells suppressed.

use analytics::outcomes::{FrameworkRow, OutcomeRow};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use domain::records::OutcomeIndicator;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Params;
use crate::table::{Cell, Table, Value, col};

#[derive(Template)]
#[template(path = "results/index.html")]
struct ResultsPage<'a> {
    c: &'a Ctx,
    as_of: String,
    tables: Vec<Table>,
    has_data: bool,
}

pub async fn index(State(st): State<AppState>, c: Ctx, RawQuery(q): RawQuery) -> Response {
    let result = build(&st, &c, q.as_deref()).await;
    super::finish(c, result)
}

/// An indicator's name in the page language.
pub fn indicator_name(i: OutcomeIndicator, lang: Lang) -> &'static str {
    match lang {
        Lang::Id => i.label_id(),
        Lang::En => match i {
            OutcomeIndicator::Graduates => "Graduates",
            OutcomeIndicator::Certified => "Certified graduates",
            OutcomeIndicator::Placed => "Graduates placed",
            OutcomeIndicator::Kebekerjaan => "Employment rate (kebekerjaan)",
            OutcomeIndicator::CostPerPlacement => "Cost per placement",
        },
    }
}

/// A framework value as the page shows it: a rate as a percentage, money in Rupiah, counts.
fn value_cell(i: OutcomeIndicator, v: Option<f64>) -> Cell {
    match (i, v) {
        (OutcomeIndicator::Kebekerjaan, v) => Value::Share(v).into(),
        (_, Some(v)) => Cell::int(v.round() as i64),
        (_, None) => Cell::text(""),
    }
}

pub fn framework_table(
    c: &Ctx,
    id: &'static str,
    caption: String,
    rows: &[&FrameworkRow],
) -> Table {
    let t = c.t;
    Table {
        id,
        caption,
        columns: vec![
            col("area_code", t.code),
            col("area", t.region),
            col("indicator", t.indicator),
            col("project_year", t.project_year),
            col("target", t.target),
            col("to_date", t.to_date),
            col("achievement", t.achievement),
            col("year_end_forecast", t.year_end_forecast),
            col("on_track", t.on_track),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::code(if r.area.is_empty() {
                        "00".into()
                    } else {
                        r.area.clone()
                    }),
                    Cell::text(r.area_name.clone()),
                    Value::Keyed(
                        r.indicator.code().to_string(),
                        indicator_name(r.indicator, c.lang).to_string(),
                    )
                    .into(),
                    r.project_year
                        .map_or_else(|| Cell::text(""), |y| Cell::int(i64::from(y))),
                    value_cell(r.indicator, r.target),
                    value_cell(r.indicator, r.to_date),
                    Value::Share(r.achievement).into(),
                    value_cell(r.indicator, r.forecast),
                    match r.on_track {
                        Some(on) => Value::Keyed(
                            on.to_string(),
                            if on { t.on_track_yes } else { t.on_track_no }.to_string(),
                        )
                        .into(),
                        None => Cell::text(""),
                    },
                ]
            })
            .collect(),
        has_persons: false,
    }
}

/// Kebekerjaan rows; counts under the threshold shown as "<5", rates of cells with fewer
/// traced graduates than the threshold not shown.
pub fn kebekerjaan_table(
    c: &Ctx,
    id: &'static str,
    caption: String,
    rows: &[OutcomeRow],
    min_cell: u64,
    link: impl Fn(&OutcomeRow) -> Option<String>,
    label: impl Fn(&OutcomeRow) -> String,
) -> Table {
    let t = c.t;
    let persons = |n: u64| Cell::persons(i64::try_from(n).unwrap_or(i64::MAX));
    Table {
        id,
        caption,
        columns: vec![
            col("code", t.code),
            col("name", t.name),
            col("graduates", t.graduates),
            col("traced", t.traced),
            col("response_rate", t.response_rate),
            col("kebekerjaan", t.kebekerjaan),
            col("ci95_low", t.ci95_low),
            col("ci95_high", t.ci95_high),
            col("weighted_rate", t.weighted_rate),
            col("wage", t.wage),
            col("self_employed", t.self_employed),
            col("overseas", t.overseas),
        ],
        rows: rows
            .iter()
            .map(|r| {
                let ok = r.publishable(min_cell);
                let [wage, self_employed, overseas] = r.employed_by_kind(min_cell);
                let shown = |v: Option<f64>| if ok { v } else { None };
                let mut key = Cell::code(r.key.clone());
                if let Some(h) = link(r) {
                    key = key.link(h);
                }
                vec![
                    key,
                    Cell::text(label(r)),
                    persons(r.graduates),
                    persons(r.traced),
                    Value::Share(if r.graduates >= min_cell {
                        r.response_rate
                    } else {
                        None
                    })
                    .into(),
                    Value::Share(shown(r.rate)).into(),
                    Value::Share(shown(r.interval.map(|i| i.0))).into(),
                    Value::Share(shown(r.interval.map(|i| i.1))).into(),
                    Value::Share(shown(r.weighted_rate)).into(),
                    wage.into(),
                    self_employed.into(),
                    overseas.into(),
                ]
            })
            .collect(),
        has_persons: true,
    }
}

async fn build(st: &AppState, c: &Ctx, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    params.only(&["format", "table", "lang"])?;
    let cur = crate::market::current(st).await?;
    let Some(o) = cur.loaded.outcomes.as_ref() else {
        return super::render(&ResultsPage {
            c,
            as_of: String::new(),
            tables: Vec::new(),
            has_data: false,
        });
    };
    let t = c.t;
    let national: Vec<&FrameworkRow> = o.national_framework().collect();
    let provincial: Vec<&FrameworkRow> = o
        .framework
        .iter()
        .filter(|r| r.level != domain::records::TargetLevel::National)
        .collect();
    let min = o.settings.min_cell;
    let tables = vec![
        framework_table(
            c,
            "framework",
            format!("{} {}", t.framework_title, o.year),
            &national,
        ),
        kebekerjaan_table(
            c,
            "by_province",
            t.kebekerjaan_by_province.to_string(),
            &o.by_province,
            min,
            |r| Some(format!("/wilayah/{}", r.key)),
            |r| r.label.clone(),
        ),
        kebekerjaan_table(
            c,
            "by_programme",
            t.kebekerjaan_by_programme.to_string(),
            &o.by_programme,
            min,
            |_| None,
            // The catalogue names each programme in both languages.
            |r| crate::plans::programme_name(&r.key, c.lang),
        ),
        framework_table(
            c,
            "framework_provinces",
            format!("{} {} — {}", t.framework_title, o.year, t.by_province),
            &provincial,
        ),
    ];
    if let Some(r) = super::export_if_asked(&params, "hasil", &tables)? {
        return Ok(r);
    }
    super::render(&ResultsPage {
        c,
        as_of: crate::ctx::fmt_date(&o.as_of.to_string(), c.lang),
        tables,
        has_data: true,
    })
}

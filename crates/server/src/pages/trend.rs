//! `/tren`: the monthly demand of a region (or the nation) and an occupation group (or all),
//! its 12-month growth, and a forecast that is never shown without its 80 % and 95 %
//! prediction intervals, with the method and its backtest error on this series.

use analytics::Method;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;

use crate::AppState;
use crate::chart;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::market::{self, HISTORY_MONTHS, TREND_PARAMS, Trend, TrendArgs};
use crate::params::Params;
use crate::table::{Cell, Table, Value, col};
use crate::view::occupation_title;

#[derive(Template)]
#[template(path = "trend/show.html")]
struct TrendPage<'a> {
    c: &'a Ctx,
    heading: String,
    form_region: String,
    form_isco: String,
    horizon: usize,
    version: i64,
    refreshing: bool,
    chart: String,
    last_12m: Option<i64>,
    previous_12m: Option<i64>,
    growth: Option<f64>,
    method: String,
    mase: Option<f64>,
    no_forecast: Option<String>,
    gap_href: String,
    /// Vacancies the series cannot count (no regency, no four-digit occupation).
    left_out: Option<String>,
    tables: Vec<Table>,
    has_data: bool,
}

pub async fn show(State(st): State<AppState>, c: Ctx, RawQuery(q): RawQuery) -> Response {
    let result = build(&st, &c, q.as_deref()).await;
    super::finish(c, result)
}

/// "Kota Bandung · Tukang las" and the like.
pub fn heading(c: &Ctx, a: &TrendArgs) -> String {
    let place = a.region.map_or("Indonesia", |r| r.name());
    let what = a.isco.map_or_else(
        || c.t.all_occupations.to_string(),
        |i| format!("{i} {}", occupation_title(i, c.lang)),
    );
    format!("{place} · {what}")
}

pub fn method_text(m: Method, lang: Lang) -> String {
    match (m, lang) {
        (Method::HoltWinters { .. }, Lang::Id) => "Holt-Winters aditif (musim 12 bulan)".into(),
        (Method::SeasonalNaiveDrift { .. }, Lang::Id) => {
            "naif musiman dengan tren (riwayat pendek)".into()
        }
        (Method::NaiveDrift { .. }, Lang::Id) => "naif dengan tren (riwayat sangat pendek)".into(),
        (m, Lang::En) => m.name().into(),
    }
}

async fn build(st: &AppState, c: &Ctx, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    params.only(TREND_PARAMS)?;
    let args = TrendArgs::parse(&params)?;
    let cur = market::current(st).await?;
    let a = args.clone();
    let trend = market::compute(&cur.loaded, move |l| {
        market::trend(l, a.region, a.isco, a.horizon)
    })
    .await?;
    let t = c.t;
    let heading = heading(c, &args);
    let mut gap_q = Vec::new();
    if let Some(r) = args.region {
        gap_q.push(("region", r.to_string()));
    }
    if let Some(i) = args.isco {
        gap_q.push(("isco", i.to_string()));
    }
    let gap_href = format!(
        "/kesenjangan?{}",
        serde_urlencoded::to_string(&gap_q).unwrap_or_default()
    );
    let mut page = TrendPage {
        c,
        heading: heading.clone(),
        form_region: args.region.map(|r| r.to_string()).unwrap_or_default(),
        form_isco: args.isco.map(|i| i.to_string()).unwrap_or_default(),
        horizon: args.horizon,
        version: cur.loaded.version,
        refreshing: cur.refreshing,
        chart: String::new(),
        last_12m: None,
        previous_12m: None,
        growth: None,
        method: String::new(),
        mase: None,
        no_forecast: None,
        gap_href,
        left_out: crate::view::left_out_note(&cur.loaded.load.vacancies, c.lang),
        tables: Vec::new(),
        has_data: false,
    };
    let Some(trend) = trend else {
        return super::render(&page);
    };
    let tables = vec![forecast_table(c, &trend), history_table(c, &trend)];
    if let Some(r) = super::export_if_asked(&params, "tren", &tables)? {
        return Ok(r);
    }
    let (start, history) = trend.recent(HISTORY_MONTHS);
    let points = trend.forecast.as_ref().map(|f| f.points()).unwrap_or(&[]);
    page.chart = chart::fan_chart(
        start,
        history,
        points,
        &format!("{} — {heading}", t.trend_of_demand),
        c.lang,
    );
    if let Some(g) = trend.growth {
        page.last_12m = Some(g.current.round() as i64);
        page.previous_12m = Some(g.previous.round() as i64);
        page.growth = g.rate();
    }
    match &trend.forecast {
        Ok(f) => page.method = method_text(f.method(), c.lang),
        Err(e) => page.no_forecast = Some(e.clone()),
    }
    page.mase = trend.mase;
    page.tables = tables;
    page.has_data = true;
    super::render(&page)
}

fn forecast_table(c: &Ctx, trend: &Trend) -> Table {
    let t = c.t;
    let rows = match &trend.forecast {
        Ok(f) => f
            .points()
            .iter()
            .map(|p| {
                vec![
                    Cell::code(p.month().to_string()),
                    Value::Decimal(Some(p.mean().max(0.0))).into(),
                    Value::Decimal(Some(p.pi80().lo().max(0.0))).into(),
                    Value::Decimal(Some(p.pi80().hi())).into(),
                    Value::Decimal(Some(p.pi95().lo().max(0.0))).into(),
                    Value::Decimal(Some(p.pi95().hi())).into(),
                ]
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    Table {
        id: "forecast",
        caption: t.forecast_table.to_string(),
        columns: vec![
            col("month", t.month),
            col("forecast_positions", t.forecast_mean),
            col("pi80_lower", t.pi80_lo),
            col("pi80_upper", t.pi80_hi),
            col("pi95_lower", t.pi95_lo),
            col("pi95_upper", t.pi95_hi),
        ],
        rows,
        has_persons: false,
    }
}

fn history_table(c: &Ctx, trend: &Trend) -> Table {
    let t = c.t;
    let (start, values) = trend.recent(HISTORY_MONTHS);
    Table {
        id: "history",
        caption: t.trend_of_demand.to_string(),
        columns: vec![col("month", t.month), col("positions", t.positions)],
        rows: values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let m = domain::YearMonth::from_index(start.index() + i as i32);
                vec![Cell::code(m.to_string()), Cell::int(v.round() as i64)]
            })
            .collect(),
        has_persons: false,
    }
}

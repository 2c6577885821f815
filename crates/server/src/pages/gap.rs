//! `/kesenjangan`: the supply–demand gap by region and occupation, ranked, with the formula,
//! the thin-evidence and coverage flags, and the coverage notes; every row exportable.

use analytics::{Area, GapCell, GapTable};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::market::{self, GAP_PARAMS, GapArgs};
use crate::params::Params;
use crate::table::{Cell, Table, Value, col};
use crate::view::occupation_title;

/// Rows the page shows; the export has them all.
pub const PAGE_ROWS: usize = 100;

#[derive(Template)]
#[template(path = "gap/index.html")]
struct GapPage<'a> {
    c: &'a Ctx,
    form: Form,
    period: String,
    version: i64,
    refreshing: bool,
    coverage: Vec<String>,
    shown: String,
    /// Vacancies the table cannot count (no regency, no four-digit occupation).
    left_out: Option<String>,
    tables: Vec<Table>,
    has_data: bool,
}

/// The filter form as the user filled it.
struct Form {
    region: String,
    isco: String,
    level: u8,
    by: &'static str,
    period: String,
}

pub async fn index(State(st): State<AppState>, c: Ctx, RawQuery(q): RawQuery) -> Response {
    let result = build(&st, &c, q.as_deref()).await;
    super::finish(c, result)
}

async fn build(st: &AppState, c: &Ctx, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    params.only(GAP_PARAMS)?;
    let args = GapArgs::parse(&params)?;
    let cur = market::current(st).await?;
    let a = args.clone();
    let table = market::gap_cached(st, &cur, &a).await?;
    let form = Form {
        region: args.region.map(|r| r.to_string()).unwrap_or_default(),
        isco: args.isco.map(|i| i.to_string()).unwrap_or_default(),
        level: args.level,
        by: args.by_key(),
        period: params.get("period").unwrap_or_default().to_string(),
    };
    let Some(table) = table.as_ref() else {
        return super::render(&GapPage {
            c,
            form,
            period: String::new(),
            version: cur.loaded.version,
            refreshing: cur.refreshing,
            coverage: Vec::new(),
            shown: String::new(),
            left_out: None,
            tables: Vec::new(),
            has_data: false,
        });
    };
    let mut full = gap_table(c, "gap", c.t.gap_table.to_string(), &table.cells, None);
    if let Some(r) = super::export_if_asked(&params, "kesenjangan", std::slice::from_ref(&full))? {
        return Ok(r);
    }
    let total = full.rows.len();
    full.rows.truncate(PAGE_ROWS);
    let shown = shown_text(c.lang, full.rows.len(), total);
    super::render(&GapPage {
        c,
        form,
        period: period_text(c, table),
        version: cur.loaded.version,
        refreshing: cur.refreshing,
        coverage: table
            .coverage
            .iter()
            .map(|n| coverage_text(c.lang, n))
            .collect(),
        shown,
        left_out: crate::view::left_out_note(&cur.loaded.load.vacancies, c.lang),
        tables: vec![full],
        has_data: true,
    })
}

pub fn period_text(c: &Ctx, t: &GapTable) -> String {
    format!(
        "{} – {}",
        c.month(&t.query.window.first),
        c.month(&t.query.window.last)
    )
}

fn shown_text(lang: Lang, shown: usize, total: usize) -> String {
    let (s, t) = (
        crate::ctx::fmt_int(shown as i64, lang),
        crate::ctx::fmt_int(total as i64, lang),
    );
    match lang {
        Lang::Id => format!("{s} dari {t} baris ditampilkan; unduhan CSV/XLSX berisi semua baris."),
        Lang::En => format!("{s} of {t} rows shown; the CSV/XLSX download has every row."),
    }
}

pub fn coverage_text(lang: Lang, n: &analytics::CoverageNote) -> String {
    let pct = |x: f64| crate::ctx::fmt_pct(Some(x), lang);
    match lang {
        Lang::Id => format!(
            "{} ({}): {} lowongan, padahal {} angkatan kerja nasional (rasio {}). Lowongan daring kurang mewakili provinsi ini, sehingga permintaannya tampak lebih kecil dari kenyataan.",
            n.province.name(),
            n.province,
            pct(n.vacancy_share),
            pct(n.labour_share),
            crate::ctx::fmt_dec2(n.ratio, lang)
        ),
        Lang::En => n.text(),
    }
}

fn area_cells(area: &Area) -> [Cell; 2] {
    match area {
        Area::Nation => [Cell::code("00"), Cell::text("Indonesia")],
        Area::Region(r) => {
            let href = format!("/wilayah/{r}");
            [
                Cell::code(r.to_string()).link(href.clone()),
                Cell::text(r.name()).link(href),
            ]
        }
    }
}

/// The gap cells as a table; `sparks` adds a 24-month trend and 12-month growth column.
pub fn gap_table(
    c: &Ctx,
    id: &'static str,
    caption: String,
    cells: &[GapCell],
    sparks: Option<&[(Vec<f64>, Option<f64>)]>,
) -> Table {
    let t = c.t;
    let mut columns = vec![
        col("rank", t.rank),
        col("region_code", t.code),
        col("region", t.region),
        col("isco08", t.code),
        col("occupation", t.occupation),
        col("demand_positions", t.demand_positions),
        col("unique_vacancies", t.unique_vacancies),
        col("job_seekers", t.job_seekers),
        col("graduates", t.graduates),
        col("due_to_graduate", t.expected_graduates),
        col("supply", t.supply),
        col("seekers_per_position", t.seekers_per_position),
        col("gap_index", t.gap_index),
        col("flags", t.flags),
    ];
    if sparks.is_some() {
        columns.push(col("demand_24m", t.trend_24m));
        columns.push(col("growth_12m", t.growth_12m));
    }
    // On a region's own page every row is that region: its two columns would only repeat it.
    let one_area = cells.windows(2).all(|w| w[0].area == w[1].area) && sparks.is_some();
    if one_area {
        columns.retain(|c| c.key != "region_code" && c.key != "region");
    }
    let rows = cells
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let [code, name] = area_cells(&g.area);
            let trend = trend_href(&g.area, g.isco);
            let mut flags = Vec::new();
            if g.thin {
                flags.push(("thin", t.flag_thin));
            }
            if g.low_coverage {
                flags.push(("coverage", t.flag_coverage));
            }
            let mut row = vec![
                g.rank
                    .map_or_else(|| Cell::text(""), |r| Cell::int(i64::from(r))),
            ];
            if !one_area {
                row.push(code);
                row.push(name);
            }
            // Supply shares are fractional (a job seeker wanting two occupations counts half
            // in each); they are published rounded to five, and the ratio and index from the
            // rounded supply, so no table undoes another's "<5" (analytics::GapCell::public).
            let p = g.public();
            let [seekers, graduates, expected] = p.parts;
            row.extend([
                Cell::code(g.isco.to_string()).link(format!("/okupasi/{}", g.isco)),
                Cell::text(occupation_title(g.isco, c.lang)).link(trend),
                Cell::int(g.demand),
                Cell::int(g.vacancies as i64),
                seekers.into(),
                graduates.into(),
                expected.into(),
                p.supply.into(),
                p.seekers_per_position.into(),
                p.gap_index.into(),
                Value::Flags(flags).into(),
            ]);
            if let Some(s) = sparks.and_then(|s| s.get(i)) {
                row.push(Value::Spark(s.0.clone()).into());
                row.push(Value::Change(s.1).into());
            }
            row
        })
        .collect();
    Table {
        id,
        caption,
        columns,
        rows,
        has_persons: true,
    }
}

/// The trend page of one region (or the nation) and occupation.
pub fn trend_href(area: &Area, isco: domain::IscoCode) -> String {
    match area {
        Area::Nation => format!("/tren?isco={isco}"),
        Area::Region(r) => format!("/tren?region={r}&isco={isco}"),
    }
}

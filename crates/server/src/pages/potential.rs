//! `/potensi/{code}`: a region's economy by KBLI category: GRDP, location quotient, growth
//! against the nation, the Klassen typology and its leading sectors, and the occupations
//! that sector growth is expected to need.

use analytics::{PotentialTable, SectorPotential};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use domain::reference::Region;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::market;
use crate::params::Params;
use crate::table::{Cell, Table, Value, col};
use crate::view::{self, occupation_title};

/// Occupations listed under expected demand.
const TOP_DEMAND: usize = 20;

#[derive(Template)]
#[template(path = "potential/show.html")]
struct PotentialPage<'a> {
    c: &'a Ctx,
    region: &'static Region,
    /// For a regency or city: its province, for the breadcrumb.
    province: Option<&'static Region>,
    years: String,
    leading: Vec<String>,
    notes: Vec<String>,
    tables: Vec<Table>,
    has_data: bool,
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

/// A number of workers, whole ("–" where not reported): fractions of a person are the
/// estimates' arithmetic, not news.
fn persons_or_dash(x: Option<f64>) -> Cell {
    x.map_or_else(
        || Value::Decimal(None).into(),
        |x| Cell::int(x.round() as i64),
    )
}

/// "C Industri Pengolahan", or in English "C Manufacturing" (the ISIC section's title).
pub fn category_name(s: &SectorPotential, lang: crate::i18n::Lang) -> String {
    let title = match lang {
        crate::i18n::Lang::En => s.category.title_en(),
        crate::i18n::Lang::Id => s.category.title_id(),
    };
    format!("{} {title}", s.category)
}

async fn build(st: &AppState, c: &Ctx, code: &str, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    params.only(&["format", "table", "lang"])?;
    let code = view::parse_region(code)?;
    let cur = market::current(st).await?;
    let table = market::compute(&cur.loaded, move |l| market::potential(l, code)).await?;
    let Some(p) = table else {
        return super::render(&PotentialPage {
            c,
            region: code.info(),
            province: code.is_regency().then(|| code.province().info()),
            years: String::new(),
            leading: Vec::new(),
            notes: Vec::new(),
            tables: Vec::new(),
            has_data: false,
        });
    };
    let tables = vec![sectors_table(c, &p), demand_table(c, &p)];
    if let Some(r) = super::export_if_asked(&params, &format!("potensi-{code}"), &tables)? {
        return Ok(r);
    }
    super::render(&PotentialPage {
        c,
        region: code.info(),
        province: code.is_regency().then(|| code.province().info()),
        years: format!("{}–{}", p.first_year, p.last_year),
        leading: p.leading().map(|s| category_name(s, c.lang)).collect(),
        notes: p.notes.iter().map(|n| n.to_string()).collect(),
        tables,
        has_data: true,
    })
}

pub fn sectors_table(c: &Ctx, p: &PotentialTable) -> Table {
    let t = c.t;
    Table {
        id: "sectors",
        caption: t.sectors_table.to_string(),
        columns: vec![
            col("kbli_category", t.kbli_category),
            col("grdp_idr_billion", t.grdp_billion),
            col("share", t.share),
            col("lq", t.lq),
            col("growth_per_year", t.growth_per_year),
            col("reference_growth", t.reference_growth),
            col("klassen", t.klassen),
            col("leading", t.leading_sectors),
            col("employment", t.employment),
            col("employment_change_per_year", t.employment_change),
        ],
        rows: p
            .sectors
            .iter()
            .map(|s| {
                vec![
                    Cell::text(category_name(s, c.lang)),
                    Value::Decimal(Some(s.grdp)).into(),
                    Value::Share(Some(s.share)).into(),
                    Value::Dec2(s.lq).into(),
                    Value::Change(s.growth).into(),
                    Value::Change(s.reference_growth).into(),
                    Cell::text(s.klassen.map(|k| k.to_string()).unwrap_or_default()),
                    Value::Flag(s.is_leading(), t.leading).into(),
                    persons_or_dash(s.employment),
                    persons_or_dash(s.employment_change),
                ]
            })
            .collect(),
        has_persons: false,
    }
}

fn demand_table(c: &Ctx, p: &PotentialTable) -> Table {
    let t = c.t;
    Table {
        id: "expected_demand",
        caption: t.expected_demand_table.to_string(),
        columns: vec![
            col("isco08", t.code),
            col("occupation", t.occupation),
            col("workers_per_year", t.workers_per_year),
            col("main_sector", t.main_sector),
        ],
        rows: p
            .demand
            .iter()
            .take(TOP_DEMAND)
            .map(|d| {
                let href = format!("/okupasi/{}", d.isco);
                vec![
                    Cell::code(d.isco.to_string()).link(href.clone()),
                    Cell::text(occupation_title(d.isco, c.lang)).link(href),
                    persons_or_dash(Some(d.workers_per_year)),
                    Cell::text(d.main_sector.to_string()),
                ]
            })
            .collect(),
        has_persons: false,
    }
}

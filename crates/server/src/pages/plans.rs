//! Training plans on the pages: the recommendation section of `/blk/{code}`, the list of saved
//! allocation runs (`/rencana`) and one run (`/rencana/{id}`), with the forms that start a new
//! allocation or a what-if.
//!
//! Solving and saving change data, so, like the import pages, the forms exist only when the
//! server listens on a loopback address, every form carries the per-process token of
//! `imports::Uploads`, and the POST routes answer 403 elsewhere. A finished solve redirects
//! (303) to the new run's page, so a reload does not solve again.
//!
//! Long tables are cut on the page (the lines with suggested cohorts are always shown) and
//! exported whole; a note under the section says how many lines only the download holds.

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::reference;

use crate::AppState;
use crate::analysis::Current;
use crate::ctx::{Ctx, fmt_dec1, fmt_int, fmt_rupiah};
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use crate::params::Params;
use crate::plans::{self, Form, NewRun, RUN_LIST, RecOutcome, RecView, RunView, programme_name};
use crate::table::{Cell, Table, Value, col};
use analytics::plan::{Binding, Change};
use store::PlanRunRow;

/// Runnable programmes a BLK page shows at least (every line with suggested cohorts is shown).
const SHOWN_LINES: usize = 20;
/// Programmes needing investment a BLK page shows.
const SHOWN_INVESTMENT: usize = 10;
/// Plan lines a run page shows, most expected placements first.
const SHOWN_PLAN_LINES: usize = 150;

/// "Caption: showing 20 of 118; the rest is in the CSV/XLSX download."
fn shown_note(t: &Texts, caption: &str, shown: usize, total: usize) -> String {
    format!(
        "{caption}: {} {shown} {} {total}; {}",
        t.plan_shown, t.of, t.plan_rest_in_download
    )
}

/// A headline figure: key (for tests and styling), label, value.
pub type Fact = (&'static str, &'static str, String);

/// The recommendation section of a BLK page.
pub struct BlkPlan {
    pub year: i32,
    /// Why there is no recommendation.
    pub missing: Option<&'static str>,
    pub facts: Vec<Fact>,
    pub tables: Vec<Table>,
    pub notes: Vec<String>,
    /// How many rows of each table the page shows (the export has them all).
    shown: Vec<(&'static str, usize)>,
}

impl BlkPlan {
    /// Cuts the long tables for the page, after an export had its chance at the whole ones.
    pub fn cut_for_page(&mut self, t: &Texts) {
        for table in &mut self.tables {
            let Some((_, keep)) = self.shown.iter().find(|(id, _)| *id == table.id) else {
                continue;
            };
            if table.rows.len() > *keep {
                self.notes
                    .push(shown_note(t, &table.caption, *keep, table.rows.len()));
                table.rows.truncate(*keep);
            }
        }
    }
}

/// The recommendation section for BLK `code`: ranked lines with reasons, the programmes
/// needing investment, and the catchment.
pub async fn blk_section(
    st: &AppState,
    c: &Ctx,
    code: &str,
    params: &Params,
) -> Result<BlkPlan, AppError> {
    let year = plans::year_param(params)?;
    let outcome = plans::recommendation(st, code, year).await?;
    let t = c.t;
    let empty = |missing: &'static str| BlkPlan {
        year: year.unwrap_or_default(),
        missing: Some(missing),
        facts: Vec::new(),
        tables: Vec::new(),
        notes: Vec::new(),
        shown: Vec::new(),
    };
    let v = match outcome {
        RecOutcome::Ready(v) => v,
        RecOutcome::Missing(m) => return Ok(empty(m.text(t))),
        RecOutcome::NotInEvidence => return Ok(empty(t.plan_not_in_snapshot)),
    };
    Ok(blk_plan(c, &v))
}

fn snapshot_note(c: &Ctx, cur: &Current) -> String {
    let t = c.t;
    format!(
        "{} {}{}",
        t.snapshot_as_of,
        cur.loaded.version,
        if cur.refreshing {
            format!(" — {}", t.snapshot_refreshing)
        } else {
            String::new()
        }
    )
}

fn blk_plan(c: &Ctx, v: &RecView) -> BlkPlan {
    let t = c.t;
    let lang = c.lang;
    let r = &v.rec;
    let reason = |i: usize| {
        v.reasons
            .get(i)
            .map(|(id, en)| match lang {
                Lang::Id => id.clone(),
                Lang::En => en.clone(),
            })
            .unwrap_or_default()
    };
    let facts = vec![
        (
            "cohorts",
            t.plan_cohorts,
            fmt_int(i64::from(r.cohorts()), lang),
        ),
        (
            "seats",
            t.seats,
            fmt_int(i64::from(r.cohorts() * r.seats_per_cohort), lang),
        ),
        ("cost", t.plan_cost, fmt_rupiah(r.cost(), lang)),
        (
            "expected",
            t.plan_expected,
            format!(
                "{} ({}–{})",
                fmt_dec1(r.expected_placements(), lang),
                fmt_dec1(v.lo(), lang),
                fmt_dec1(v.hi(), lang)
            ),
        ),
        (
            "period",
            t.period,
            format!("{}–{}", c.month(&r.window.first), c.month(&r.window.last)),
        ),
        (
            "seats_per_cohort",
            t.plan_seats_per_cohort,
            fmt_int(i64::from(r.seats_per_cohort), lang),
        ),
    ];
    let mut runnable = Vec::new();
    let mut investment = Vec::new();
    for (i, l) in r.lines.iter().enumerate() {
        if l.needs_investment {
            investment.push((i, l));
        } else {
            runnable.push((i, l));
        }
    }
    let last_with_cohorts = runnable
        .iter()
        .rposition(|(_, l)| l.cohorts > 0)
        .map_or(0, |p| p + 1);
    let rec_table = Table {
        id: "recommendation",
        caption: t.plan_rec_table.to_string(),
        columns: vec![
            col("rank", t.rank),
            col("programme_code", t.code),
            col("programme", t.programme),
            col("kejuruan_code", t.kejuruan),
            col("cohorts", t.plan_cohorts),
            col("seats", t.seats),
            col("expected_placements", t.plan_expected),
            col("expected_lo", t.plan_lo),
            col("expected_hi", t.plan_hi),
            col("cost_idr", t.plan_cost_rp),
            col("placements_per_billion", t.plan_per_billion),
            col("gap_index", t.gap_index),
            col("growth_12m", t.growth_12m),
            col("kebekerjaan", t.plan_kebekerjaan),
            col("reason", t.reason),
        ],
        rows: runnable
            .iter()
            .map(|(i, l)| {
                let e = &l.evidence;
                vec![
                    Cell::int(i64::from(l.rank)),
                    Cell::code(e.programme.clone()),
                    Cell::text(programme_name(&e.programme, lang)),
                    Cell::code(e.kejuruan.clone()),
                    Cell::int(i64::from(l.cohorts)),
                    Cell::int(i64::from(l.seats)),
                    Value::Decimal(Some(l.expected_placements)).into(),
                    Value::Decimal(Some(l.expected_lo)).into(),
                    Value::Decimal(Some(l.expected_hi)).into(),
                    Cell::int(l.cost),
                    Value::Decimal(Some(e.score)).into(),
                    Value::Dec2(e.gap_index).into(),
                    Value::Change(e.growth).into(),
                    Value::Share(Some(e.kebekerjaan.rate)).into(),
                    Cell::text(reason(*i)),
                ]
            })
            .collect(),
        has_persons: true,
    };
    let inv_table = Table {
        id: "needs_investment",
        caption: t.plan_investment_table.to_string(),
        columns: vec![
            col("rank", t.rank),
            col("programme_code", t.code),
            col("programme", t.programme),
            col("kejuruan_code", t.kejuruan),
            col("placements_per_billion", t.plan_per_billion),
            col("kebekerjaan", t.plan_kebekerjaan),
            col("reason", t.reason),
        ],
        rows: investment
            .iter()
            .map(|(i, l)| {
                let e = &l.evidence;
                vec![
                    Cell::int(i64::from(l.rank)),
                    Cell::code(e.programme.clone()),
                    Cell::text(programme_name(&e.programme, lang)),
                    Cell::code(e.kejuruan.clone()),
                    Value::Decimal(Some(e.score)).into(),
                    Value::Share(Some(e.kebekerjaan.rate)).into(),
                    Cell::text(reason(*i)),
                ]
            })
            .collect(),
        has_persons: true,
    };
    let catchment = Table {
        id: "catchment",
        caption: format!(
            "{} ({} {} km)",
            t.plan_catchment,
            t.plan_radius,
            fmt_int(r.catchment.radius_km.round() as i64, lang)
        ),
        columns: vec![
            col("region_code", t.code),
            col("region", t.region),
            col("distance_km", t.plan_distance_km),
            col("weight", t.plan_weight),
        ],
        rows: r
            .catchment
            .members
            .iter()
            .map(|m| {
                let href = format!("/wilayah/{}", m.region);
                vec![
                    Cell::code(m.region.to_string()).link(href.clone()),
                    Cell::text(m.region.name()).link(href),
                    Value::Decimal(Some(m.distance_km)).into(),
                    Value::Dec2(Some(m.weight)).into(),
                ]
            })
            .collect(),
        has_persons: false,
    };
    let capacity = Table {
        id: "capacity_use",
        caption: t.plan_capacity_use.to_string(),
        columns: vec![
            col("kejuruan_code", t.kejuruan),
            col("cohort_weeks_suggested", t.plan_weeks_suggested),
            col("cohort_weeks_available", t.plan_weeks_available),
        ],
        rows: r
            .capacity
            .iter()
            .map(|(k, used, total)| {
                vec![
                    Cell::code(k.clone()),
                    Cell::int(i64::from(*used)),
                    Cell::int(i64::from(*total)),
                ]
            })
            .collect(),
        has_persons: false,
    };
    BlkPlan {
        year: r.year,
        missing: None,
        facts,
        tables: vec![rec_table, inv_table, catchment, capacity],
        notes: vec![t.plan_rec_lead.to_string(), snapshot_note(c, &v.snapshot)],
        shown: vec![
            ("recommendation", SHOWN_LINES.max(last_with_cohorts)),
            ("needs_investment", SHOWN_INVESTMENT),
        ],
    }
}

// ---------------------------------------------------------------------------------------------
// /rencana

/// The token forms carry, when this server may change data.
fn form_token(st: &AppState) -> Option<String> {
    st.uploads.as_ref().map(|u| u.csrf().to_string())
}

/// Refuses unless this server may change data and the form carries its token.
fn check_form(st: &AppState, body: &Bytes) -> Result<Form, AppError> {
    let Some(token) = form_token(st) else {
        return Err(AppError::read_only("Pembuatan rencana", "New plans"));
    };
    let form = Form::parse(body)?;
    if form.get("csrf") != Some(token.as_str()) {
        return Err(AppError::stale_form("rencana", "plan"));
    }
    Ok(form)
}

#[derive(Template)]
#[template(path = "plans/index.html")]
struct IndexPage<'a> {
    c: &'a Ctx,
    csrf: Option<String>,
    default_year: i32,
    max_top_k: usize,
    tables: Vec<Table>,
}

fn kind_label(kind: &str, t: &Texts) -> &'static str {
    match kind {
        "allocate" => t.plan_kind_allocate,
        "whatif" => t.plan_kind_whatif,
        _ => "",
    }
}

fn runs_table(c: &Ctx, rows: &[PlanRunRow]) -> Table {
    let t = c.t;
    Table {
        id: "runs",
        caption: t.plan_runs_table.to_string(),
        columns: vec![
            col("run", t.plan_run),
            col("kind", t.plan_kind),
            col("fund", t.plan_fund),
            col("year", t.year),
            col("budget_idr", t.plan_budget_rp),
            col("cost_idr", t.plan_cost_rp),
            col("expected_placements", t.plan_expected),
            col("base_run", t.plan_base_run),
            col("created_at", t.plan_created_at),
        ],
        rows: rows
            .iter()
            .map(|r| {
                let href = format!("/rencana/{}", r.id);
                vec![
                    Cell::code(format!("#{}", r.id)).link(href),
                    Cell::text(kind_label(&r.kind, t)),
                    Cell::code(r.fund.clone()),
                    Cell::code(r.year.to_string()),
                    Cell::int(r.budget_idr),
                    Cell::int(r.cost_idr),
                    Value::Decimal(Some(r.expected_placements)).into(),
                    match r.base_run {
                        Some(b) => Cell::code(format!("#{b}")).link(format!("/rencana/{b}")),
                        None => Cell::text(""),
                    },
                    Cell::text(r.created_at.clone()),
                ]
            })
            .collect(),
        has_persons: false,
    }
}

/// `GET /rencana`.
pub async fn index(State(st): State<AppState>, c: Ctx, RawQuery(q): RawQuery) -> Response {
    let result = build_index(&st, &c, q.as_deref()).await;
    super::finish(c, result)
}

async fn build_index(st: &AppState, c: &Ctx, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    params.only(&["format", "table", "lang"])?;
    let rows = plans::runs(st, RUN_LIST).await?;
    let tables = vec![runs_table(c, &rows)];
    if let Some(r) = super::export_if_asked(&params, "rencana", &tables)? {
        return Ok(r);
    }
    let latest = st
        .pool
        .run(|s| s.latest_vacancy_month(&domain::Scope::Central))
        .await?;
    super::render(&IndexPage {
        c,
        csrf: form_token(st),
        default_year: latest.map_or(2026, |m| m.year() + 1),
        max_top_k: plans::MAX_TOP_K,
        tables,
    })
}

/// `POST /rencana`: solves and saves a new allocation, then shows it.
pub async fn create(State(st): State<AppState>, c: Ctx, body: Bytes) -> Response {
    let result = async {
        let form = check_form(&st, &body)?;
        let new = NewRun::parse(&form)?;
        let id = plans::create_run(&st, new).await?;
        Ok(Redirect::to(&format!("/rencana/{id}")).into_response())
    }
    .await;
    super::finish(c, result)
}

/// `POST /rencana/{id}/whatif`: applies the changes to run `id`, saves and shows the what-if.
pub async fn whatif(
    State(st): State<AppState>,
    c: Ctx,
    path: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Response {
    let result = async {
        let form = check_form(&st, &body)?;
        let base = plans::parse_run_id(path)?;
        let changes = plans::parse_changes(&form)?;
        let id = plans::create_whatif(&st, base, changes).await?;
        Ok(Redirect::to(&format!("/rencana/{id}")).into_response())
    }
    .await;
    super::finish(c, result)
}

// ---------------------------------------------------------------------------------------------
// /rencana/{id}

#[derive(Template)]
#[template(path = "plans/show.html")]
struct ShowPage<'a> {
    c: &'a Ctx,
    id: i64,
    kind: &'static str,
    base_run: Option<i64>,
    inputs: Vec<Fact>,
    facts: Vec<Fact>,
    changes: Vec<String>,
    violations: Vec<String>,
    national_marginal: Option<String>,
    compared: bool,
    csrf: Option<String>,
    tables: Vec<Table>,
    notes: Vec<String>,
}

/// `GET /rencana/{id}`.
pub async fn show(
    State(st): State<AppState>,
    c: Ctx,
    path: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
) -> Response {
    let result = build_show(&st, &c, path, q.as_deref()).await;
    super::finish(c, result)
}

async fn build_show(
    st: &AppState,
    c: &Ctx,
    path: Result<Path<String>, PathRejection>,
    q: Option<&str>,
) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    params.only(&["format", "table", "lang"])?;
    let id = plans::parse_run_id(path)?;
    let Some(v) = plans::run(st, id).await? else {
        return Err(plans::unknown_run(&id.to_string()));
    };
    let mut tables = run_tables(c, &v);
    if let Some(r) = super::export_if_asked(&params, &format!("rencana-{id}"), &tables)? {
        return Ok(r);
    }
    let mut notes = Vec::new();
    if let Some(plan) = tables.iter_mut().find(|t| t.id == "plan")
        && plan.rows.len() > SHOWN_PLAN_LINES
    {
        notes.push(shown_note(
            c.t,
            &plan.caption,
            SHOWN_PLAN_LINES,
            plan.rows.len(),
        ));
        plan.rows.truncate(SHOWN_PLAN_LINES);
    }
    super::render(&page(c, &v, form_token(st), tables, notes))
}

fn change_text(ch: &Change, c: &Ctx) -> String {
    let t = c.t;
    match ch {
        Change::Move(m) => format!(
            "{} {} {} {}:{} → {}:{}",
            t.plan_move,
            m.cohorts,
            t.plan_cohorts_word,
            m.from_blk,
            m.from_programme,
            m.to_blk,
            m.to_programme
        ),
        Change::Budget(b) => format!("{} → {}", t.plan_budget, fmt_rupiah(*b, c.lang)),
        Change::MinShareProvince(s) => format!(
            "{} → {}",
            t.plan_min_share,
            crate::ctx::fmt_pct(Some(*s), c.lang)
        ),
    }
}

fn status_text(v: &RunView, t: &Texts) -> &'static str {
    match v.result.status {
        analytics::plan::SolveStatus::Optimal => t.plan_status_optimal,
        analytics::plan::SolveStatus::WithinGap => t.plan_status_gap,
        analytics::plan::SolveStatus::TimeLimit => t.plan_status_time,
    }
}

fn page<'a>(
    c: &'a Ctx,
    v: &RunView,
    csrf: Option<String>,
    tables: Vec<Table>,
    notes: Vec<String>,
) -> ShowPage<'a> {
    let t = c.t;
    let lang = c.lang;
    let r = &v.result;
    let inputs = vec![
        ("fund", t.plan_fund, v.params.fund.clone()),
        ("year", t.year, v.params.year.to_string()),
        ("budget", t.plan_budget, fmt_rupiah(v.params.budget, lang)),
        (
            "min_share_province",
            t.plan_min_share,
            format!(
                "{} ({})",
                crate::ctx::fmt_pct(Some(v.params.min_share_province), lang),
                fmt_rupiah(
                    (v.params.min_share_province * v.params.budget as f64).ceil() as i64,
                    lang
                )
            ),
        ),
        ("top_k", t.plan_top_k, v.params.top_k.to_string()),
        ("period", t.period, v.window.clone()),
        (
            "data_version",
            t.plan_data_version,
            v.row.data_version.to_string(),
        ),
        ("created_at", t.plan_created_at, v.row.created_at.clone()),
    ];
    let seats: u32 = r.lines.iter().map(|l| l.seats).sum();
    let facts = vec![
        (
            "cohorts",
            t.plan_cohorts,
            fmt_int(i64::from(r.cohorts), lang),
        ),
        ("seats", t.seats, fmt_int(i64::from(seats), lang)),
        ("cost", t.plan_cost, fmt_rupiah(r.cost, lang)),
        (
            "expected",
            t.plan_expected,
            format!(
                "{} ({}–{})",
                fmt_dec1(r.expected, lang),
                fmt_dec1(r.expected_lo, lang),
                fmt_dec1(r.expected_hi, lang)
            ),
        ),
        (
            "cost_per_placement",
            t.plan_cost_per_placement,
            r.cost_per_placement
                .map_or_else(|| "–".to_string(), |x| fmt_rupiah(x.round() as i64, lang)),
        ),
        (
            "status",
            t.plan_status,
            format!(
                "{} ({} {})",
                status_text(v, t),
                t.plan_lp_bound,
                fmt_dec1(r.bound, lang)
            ),
        ),
    ];
    let national_marginal = r.national_extra_placements.map(|y| {
        format!(
            "{} {} {} ~{} {}",
            fmt_rupiah(r.marginal_idr, lang),
            t.plan_more_nationally,
            t.plan_yields,
            fmt_dec1(y, lang),
            t.plan_placements_word
        )
    });
    ShowPage {
        c,
        id: v.row.id,
        kind: kind_label(&v.row.kind, t),
        base_run: v.row.base_run,
        inputs,
        facts,
        changes: v.changes.iter().map(|ch| change_text(ch, c)).collect(),
        violations: v
            .comparison
            .as_ref()
            .map(|x| x.violations.clone())
            .unwrap_or_default(),
        national_marginal,
        compared: v.comparison.is_some(),
        csrf,
        tables,
        notes,
    }
}

fn blk_link(code: &str) -> String {
    format!("/blk/{code}")
}

fn run_tables(c: &Ctx, v: &RunView) -> Vec<Table> {
    let t = c.t;
    let lang = c.lang;
    let r = &v.result;
    let mut tables = Vec::new();
    if let Some(x) = &v.comparison {
        let cohorts = |n: Option<u32>| n.map_or(Value::Decimal(None), |n| Value::Int(n.into()));
        // Whole rupiah; a dash when there is no placement to divide by.
        let rupiah = |x: Option<f64>| -> Cell {
            x.map_or(Value::Decimal(None).into(), |x| Cell::int(x.round() as i64))
        };
        tables.push(Table {
            id: "comparison",
            caption: format!("{} #{}", t.plan_compared_with, x.base_id),
            columns: vec![
                col("measure", t.plan_measure),
                col("base", t.plan_base),
                col("this_run", t.plan_this_run),
                col("change", t.plan_delta),
            ],
            rows: vec![
                vec![
                    Cell::text(t.plan_expected),
                    Value::Decimal(Some(x.base_expected)).into(),
                    Value::Decimal(Some(r.expected)).into(),
                    Value::Decimal(Some(x.delta_expected)).into(),
                ],
                vec![
                    Cell::text(t.plan_cost_rp),
                    Cell::int(x.base_cost),
                    Cell::int(r.cost),
                    Cell::int(x.delta_cost),
                ],
                vec![
                    Cell::text(t.plan_cohorts),
                    cohorts(x.base_cohorts).into(),
                    Cell::int(i64::from(r.cohorts)),
                    match x.base_cohorts {
                        Some(b) => Cell::int(i64::from(r.cohorts) - i64::from(b)),
                        None => Value::Decimal(None).into(),
                    },
                ],
                vec![
                    Cell::text(t.plan_cost_per_placement_rp),
                    rupiah(x.base_cost_per_placement),
                    rupiah(r.cost_per_placement),
                    rupiah(
                        x.base_cost_per_placement
                            .zip(r.cost_per_placement)
                            .map(|(b, a)| a - b),
                    ),
                ],
            ],
            has_persons: false,
        });
        tables.push(Table {
            id: "changed_lines",
            caption: t.plan_changed_lines.to_string(),
            columns: vec![
                col("province", t.province),
                col("blk", t.code),
                col("blk_name", t.name),
                col("programme", t.programme),
                col("cohorts_before", t.plan_cohorts_before),
                col("cohorts_after", t.plan_cohorts_after),
                col("expected_before", t.plan_expected_before),
                col("expected_after", t.plan_expected_after),
                col("cost_change_idr", t.plan_cost_change_rp),
            ],
            rows: x
                .changed
                .iter()
                .map(|l| {
                    vec![
                        Cell::code(l.province.to_string()),
                        Cell::code(l.blk.clone()).link(blk_link(&l.blk)),
                        Cell::text(l.blk_name.clone()),
                        Cell::code(l.programme.clone()),
                        Cell::int(i64::from(l.before.0)),
                        Cell::int(i64::from(l.after.0)),
                        Value::Decimal(Some(l.before.1)).into(),
                        Value::Decimal(Some(l.after.1)).into(),
                        Cell::int(l.after.2 - l.before.2),
                    ]
                })
                .collect(),
            has_persons: false,
        });
    }
    let mut lines: Vec<_> = r.lines.iter().collect();
    lines.sort_by(|a, b| {
        b.expected
            .total_cmp(&a.expected)
            .then_with(|| a.blk.cmp(&b.blk))
            .then_with(|| a.programme.cmp(&b.programme))
    });
    tables.push(Table {
        id: "plan",
        caption: t.plan_lines_table.to_string(),
        columns: vec![
            col("province", t.province),
            col("blk", t.code),
            col("blk_name", t.name),
            col("programme", t.programme),
            col("programme_name", t.plan_programme_name),
            col("cohorts", t.plan_cohorts),
            col("seats", t.seats),
            col("cost_idr", t.plan_cost_rp),
            col("expected_placements", t.plan_expected),
            col("expected_lo", t.plan_lo),
            col("expected_hi", t.plan_hi),
            col("beyond_room", t.flags),
        ],
        rows: lines
            .iter()
            .map(|l| {
                vec![
                    Cell::code(l.province.to_string()).link(format!("/wilayah/{}", l.province)),
                    Cell::code(l.blk.clone()).link(blk_link(&l.blk)),
                    Cell::text(l.blk_name.clone()),
                    Cell::code(l.programme.clone()),
                    Cell::text(programme_name(&l.programme, lang)),
                    Cell::int(i64::from(l.cohorts)),
                    Cell::int(i64::from(l.seats)),
                    Cell::int(l.cost),
                    Value::Decimal(Some(l.expected)).into(),
                    Value::Decimal(Some(l.expected_lo)).into(),
                    Value::Decimal(Some(l.expected_hi)).into(),
                    Value::Flag(l.beyond_room, t.plan_beyond_room).into(),
                ]
            })
            .collect(),
        has_persons: false,
    });
    tables.push(Table {
        id: "provinces",
        caption: t.plan_provinces_table.to_string(),
        columns: vec![
            col("province", t.code),
            col("province_name", t.province),
            col("floor_idr", t.plan_floor_rp),
            col("spend_idr", t.plan_spend_rp),
            col("cohorts", t.plan_cohorts),
            col("expected_placements", t.plan_expected),
            col("floor_binding", t.flags),
            col("extra_placements_per_marginal", t.plan_extra_placements),
            col("marginal", t.plan_marginal),
        ],
        rows: r
            .provinces
            .iter()
            .map(|p| {
                let sentence = match lang {
                    Lang::Id => r.marginal_sentence_id(p),
                    Lang::En => r.marginal_sentence_en(p),
                };
                vec![
                    Cell::code(p.province.to_string()).link(format!("/wilayah/{}", p.province)),
                    Cell::text(p.province.name()),
                    Cell::int(p.floor),
                    Cell::int(p.spend),
                    Cell::int(i64::from(p.cohorts)),
                    Value::Decimal(Some(p.expected)).into(),
                    Value::Flag(p.floor_binding, t.plan_floor_binding).into(),
                    Value::Decimal(p.extra_placements).into(),
                    Cell::text(sentence.unwrap_or_default()),
                ]
            })
            .collect(),
        has_persons: false,
    });
    let kejuruan_name = |code: &str| {
        reference().kejuruan(code).map_or_else(
            || code.to_string(),
            |k| match lang {
                Lang::Id => k.name_id.clone(),
                Lang::En => k.name_en.clone(),
            },
        )
    };
    tables.push(Table {
        id: "binding",
        caption: t.plan_binding_table.to_string(),
        columns: vec![
            col("constraint", t.plan_constraint),
            col("subject_code", t.code),
            col("subject", t.name),
            col("used", t.plan_used),
            col("limit", t.plan_limit),
            col("unit", t.plan_unit),
        ],
        rows: r
            .binding
            .iter()
            .map(|b| match b {
                Binding::Budget { slack } => vec![
                    Cell::text(t.plan_budget),
                    Cell::code(""),
                    Cell::text(""),
                    Cell::int(r.budget - slack),
                    Cell::int(r.budget),
                    Cell::text("Rp"),
                ],
                Binding::ProvinceFloor {
                    province,
                    floor,
                    spend,
                } => vec![
                    Cell::text(t.plan_min_share),
                    Cell::code(province.to_string()),
                    Cell::text(province.name()),
                    Cell::int(*spend),
                    Cell::int(*floor),
                    Cell::text("Rp"),
                ],
                Binding::Capacity {
                    blk,
                    kejuruan,
                    used,
                    weeks,
                } => vec![
                    Cell::text(t.plan_capacity_constraint),
                    Cell::code(format!("{blk}:{kejuruan}")).link(blk_link(blk)),
                    Cell::text(kejuruan_name(kejuruan)),
                    Cell::int(i64::from(*used)),
                    Cell::int(i64::from(*weeks)),
                    Cell::text(t.plan_cohort_weeks),
                ],
            })
            .collect(),
        has_persons: false,
    });
    tables
}

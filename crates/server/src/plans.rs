//! Training plans in the web application: the planning evidence kept with the analytics
//! snapshot, a BLK's recommendation, saved allocation runs, new runs and what-ifs started from
//! a form, and the JSON resources `/api/v1/blks/{code}/recommendations`, `/api/v1/plans` and
//! `/api/v1/plans/{id}`. The pages themselves are in `pages/plans.rs`.
//!
//! Every number comes from `analytics::plan`, the same functions `listraf recommend|allocate|
//! whatif` call. The evidence of every BLK × programme is built once per data version, with the
//! snapshot (`analysis.rs`), from the market and economy it already holds, so a BLK page only
//! ranks that BLK's lines. Saved runs never change, so a parsed run is cached per data version
//! like any other page data; the list of runs is read on every request, since a run can be
//! added without a new data version.
//!
//! Reasons shown here are `Evidence::public_reasons`: counts of persons from 1 to 4 read "<5",
//! as everywhere else on the server. Plan lines carry no reason on the web (their reasons are
//! on the BLK pages), so a saved run's unsuppressed sentences are never served.
//!
//! A solve runs on a blocking thread with its own store connection, one at a time per process,
//! with at most `MAX_TOP_K` programmes per BLK and a time limit, so it stays near a second on
//! the national data.

use std::collections::BTreeMap;
use std::sync::Arc;

use analytics::plan::{
    AllocationResult, Binding, Change, Move, PlanError, Recommendation, RunInputs, WhatIf,
    allocate, recommend, what_if,
};
use analytics::{AllocationParams, AllocationProblem, Economy, GapInputs, PlanEvidence};
use analytics::{PlanSettings, plan::PlanLine};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use domain::{RegionCode, Scope};
use pipeline::plan::{PlanLoadError, plan_evidence_from};
use serde_json::{Value, json};
use store::{NewPlanRun, PlanRunRow, Store, StoreError};
use tokio::sync::Semaphore;

use crate::AppState;
use crate::analysis::Current;
use crate::error::{ApiError, AppError};
use crate::i18n::Texts;
use crate::market;
use crate::params::Params;
use crate::view::{self, persons_json};

/// Programmes per BLK in a model solved from the web: enough for a national plan, small enough
/// that a solve with its marginal values stays near a second.
pub const MAX_TOP_K: usize = 10;
/// Branch and bound stops here with the best plan found (the status says so, and the LP bound
/// shows how far it can be from the optimum). The rounded plan it starts from is usually within
/// 1 % of the bound already, so a longer search would keep a form waiting for little.
const TIME_LIMIT_S: f64 = 3.0;
/// Runs listed on `/rencana` and by `/api/v1/plans` by default, and at most.
pub const RUN_LIST: i64 = 50;
const MAX_RUN_LIST: i64 = 500;
const MAX_BUDGET: i64 = 100_000_000_000_000;
const ACTOR: &str = "web (loopback)";

/// One solve at a time: two at once would only share the two cores and both be late.
static SOLVES: Semaphore = Semaphore::const_new(1);

/// Why there is no planning evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// No vacancies, job seekers or graduates yet.
    NoMarket,
    NoBlks,
    /// The build failed (logged).
    Failed,
}

impl Missing {
    pub fn text(self, t: &Texts) -> &'static str {
        match self {
            Missing::NoMarket => t.plan_no_market,
            Missing::NoBlks => t.plan_no_blks,
            Missing::Failed => t.plan_failed,
        }
    }
}

/// The planning part of the snapshot.
pub enum PlanData {
    Ready(PlanEvidence),
    Missing(Missing),
}

impl PlanData {
    /// Builds the evidence with the default settings (50 km catchments, 16 seats a cohort).
    /// Never fails the snapshot: gap and trend pages do not need it.
    pub fn load(store: &mut Store, market: &GapInputs, economy: &Economy) -> PlanData {
        match plan_evidence_from(store, market, economy, &PlanSettings::default()) {
            Ok((evidence, load)) => {
                tracing::info!(
                    blks = load.blks,
                    ms = load.elapsed.as_secs_f64() * 1000.0,
                    "planning evidence built"
                );
                PlanData::Ready(evidence)
            }
            Err(PlanLoadError::NoMarket) => PlanData::Missing(Missing::NoMarket),
            Err(PlanLoadError::NoBlks) => PlanData::Missing(Missing::NoBlks),
            Err(e) => {
                tracing::error!(error = %e, "planning evidence build failed");
                PlanData::Missing(Missing::Failed)
            }
        }
    }

    fn evidence(&self) -> Result<&PlanEvidence, Missing> {
        match self {
            PlanData::Ready(e) => Ok(e),
            PlanData::Missing(m) => Err(*m),
        }
    }
}

/// A BLK's recommendation as the server shows it.
pub struct RecView {
    pub rec: Recommendation,
    /// `public_reasons` of each line, in line order: (Indonesian, English).
    pub reasons: Vec<(String, String)>,
    pub snapshot: Current,
}

impl RecView {
    pub fn lo(&self) -> f64 {
        self.rec.lines.iter().map(|l| l.expected_lo).sum()
    }

    pub fn hi(&self) -> f64 {
        self.rec.lines.iter().map(|l| l.expected_hi).sum()
    }
}

/// What a BLK's recommendation request found.
pub enum RecOutcome {
    Ready(Box<RecView>),
    Missing(Missing),
    /// The BLK is not in the snapshot's evidence: imported since, or its region does not parse.
    NotInEvidence,
}

/// `?year=`: the year planned for; the year after the data's last month by default.
pub fn year_param(p: &Params) -> Result<Option<i32>, AppError> {
    p.get("year").map(|y| parse_year(y, "year")).transpose()
}

fn parse_year(y: &str, field: &str) -> Result<i32, AppError> {
    match y.trim().parse::<i32>() {
        Ok(n @ 2000..=2100) => Ok(n),
        _ => Err(AppError::bad_param(
            field,
            "tahun antara 2000 dan 2100.",
            "a year between 2000 and 2100.",
        )),
    }
}

/// The recommendation of BLK `code` (already checked by `view::check_blk_code`).
pub async fn recommendation(
    st: &AppState,
    code: &str,
    year: Option<i32>,
) -> Result<RecOutcome, AppError> {
    let cur = market::current(st).await?;
    let owned = code.to_string();
    let snapshot = cur.clone();
    market::compute(&cur.loaded, move |l| {
        let evidence = match l.plan.evidence() {
            Ok(e) => e,
            Err(m) => return RecOutcome::Missing(m),
        };
        let year = year.unwrap_or(evidence.window.last.year() + 1);
        match recommend(evidence, &owned, year) {
            Ok(rec) => {
                let radius = evidence.settings.radius_km;
                let reasons = rec
                    .lines
                    .iter()
                    .map(|l| l.evidence.public_reasons(radius))
                    .collect();
                RecOutcome::Ready(Box::new(RecView {
                    rec,
                    reasons,
                    snapshot,
                }))
            }
            Err(_) => RecOutcome::NotInEvidence,
        }
    })
    .await
}

/// The name of a catalogue programme in the page language (its code when unknown).
pub fn programme_name(code: &str, lang: crate::i18n::Lang) -> String {
    domain::reference().programme(code).map_or_else(
        || code.to_string(),
        |p| match lang {
            crate::i18n::Lang::Id => p.name_id.clone(),
            crate::i18n::Lang::En => p.name_en.clone(),
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Saved runs

/// A line whose cohorts differ between a what-if and its base.
pub struct ChangedLine {
    pub blk: String,
    pub blk_name: String,
    pub province: RegionCode,
    pub programme: String,
    pub before: (u32, f64, i64),
    pub after: (u32, f64, i64),
}

/// A what-if's comparison with its base run.
pub struct Comparison {
    pub base_id: i64,
    pub base_expected: f64,
    pub base_cost: i64,
    pub base_cohorts: Option<u32>,
    pub base_cost_per_placement: Option<f64>,
    pub delta_expected: f64,
    pub delta_cost: i64,
    pub violations: Vec<String>,
    /// Empty when the base run no longer reads back.
    pub changed: Vec<ChangedLine>,
}

/// A saved run, parsed for the page and the API; the candidates of its inputs are dropped.
pub struct RunView {
    pub row: PlanRunRow,
    pub params: AllocationParams,
    pub window: String,
    pub seats_per_cohort: u32,
    pub changes: Vec<Change>,
    pub result: AllocationResult,
    pub comparison: Option<Comparison>,
}

fn saved(e: PlanError) -> StoreError {
    StoreError::Internal(format!("a saved plan run does not read back: {e}"))
}

/// Reads and parses run `id`; `None` when there is no such run.
fn load_run(s: &mut Store, id: i64) -> Result<Option<RunView>, StoreError> {
    let Some(mut row) = s.plan_run(&Scope::Central, id)? else {
        return Ok(None);
    };
    let inputs = RunInputs::from_json(&row.inputs_json).map_err(saved)?;
    let whatif: Option<WhatIf> = serde_json::from_str(&row.result_json).ok();
    let (result, comparison) = match whatif {
        Some(w) => {
            let base_id = inputs.base_run.or(row.base_run).unwrap_or_default();
            let base = s
                .plan_run(&Scope::Central, base_id)?
                .and_then(|b| AllocationResult::from_json(&b.result_json).ok());
            let changed = base
                .as_ref()
                .map(|b| changed_lines(b, &w.result))
                .unwrap_or_default();
            let comparison = Comparison {
                base_id,
                base_expected: w.base_expected,
                base_cost: w.base_cost,
                base_cohorts: base.as_ref().map(|b| b.cohorts),
                base_cost_per_placement: base.as_ref().and_then(|b| b.cost_per_placement),
                delta_expected: w.delta_expected,
                delta_cost: w.delta_cost,
                violations: w.violations,
                changed,
            };
            (w.result, Some(comparison))
        }
        None => (
            AllocationResult::from_json(&row.result_json).map_err(saved)?,
            None,
        ),
    };
    row.inputs_json = String::new();
    row.result_json = String::new();
    Ok(Some(RunView {
        row,
        params: inputs.problem.params,
        window: inputs.problem.window,
        seats_per_cohort: inputs.problem.seats_per_cohort,
        changes: inputs.changes,
        result,
        comparison,
    }))
}

fn changed_lines(base: &AllocationResult, after: &AllocationResult) -> Vec<ChangedLine> {
    let key = |l: &PlanLine| (l.province, l.blk.clone(), l.programme.clone());
    let before: BTreeMap<_, &PlanLine> = base.lines.iter().map(|l| (key(l), l)).collect();
    let now: BTreeMap<_, &PlanLine> = after.lines.iter().map(|l| (key(l), l)).collect();
    let mut keys: Vec<_> = before.keys().chain(now.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    let numbers =
        |l: Option<&&PlanLine>| l.map_or((0, 0.0, 0), |l| (l.cohorts, l.expected, l.cost));
    keys.into_iter()
        .filter_map(|k| {
            let (b, a) = (before.get(&k), now.get(&k));
            if b.map(|l| l.cohorts) == a.map(|l| l.cohorts) {
                return None;
            }
            let name = a.or(b).map(|l| l.blk_name.clone()).unwrap_or_default();
            Some(ChangedLine {
                province: k.0,
                blk: k.1,
                blk_name: name,
                programme: k.2,
                before: numbers(b),
                after: numbers(a),
            })
        })
        .collect()
}

/// Run `id`, cached per data version; `None` (not cached) when there is no such run.
pub async fn run(st: &AppState, id: i64) -> Result<Option<Arc<RunView>>, AppError> {
    let cache = st.cache.clone();
    st.pool
        .run(move |s| {
            let version = s.data_version()?;
            let key = format!("plan_run:{id}");
            if let Some(hit) = cache.get::<RunView>(&key, version) {
                return Ok(Some(hit));
            }
            let Some(v) = load_run(s, id)? else {
                return Ok(None);
            };
            let v = Arc::new(v);
            cache.put(&key, version, v.clone());
            Ok(Some(v))
        })
        .await
}

/// Saved runs, newest first, without their inputs and results.
pub async fn runs(st: &AppState, limit: i64) -> Result<Vec<PlanRunRow>, AppError> {
    st.pool
        .run(move |s| s.plan_runs(&Scope::Central, limit))
        .await
}

/// A run id from a URL: a positive integer, or 404.
pub fn parse_run_id(path: Result<Path<String>, PathRejection>) -> Result<i64, AppError> {
    let raw = path.map(|Path(p)| p).unwrap_or_default();
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(unknown_run(&raw.chars().take(20).collect::<String>())),
    }
}

pub fn unknown_run(input: &str) -> AppError {
    AppError::NotFound {
        code: "unknown_plan_run",
        id: format!("Rencana #{input} tidak ditemukan. Daftar rencana ada di /rencana."),
        en: format!("There is no plan run #{input}. The runs are listed at /rencana."),
    }
}

// ---------------------------------------------------------------------------------------------
// New runs and what-ifs from the forms

/// A decoded form body.
pub struct Form(Vec<(String, String)>);

impl Form {
    pub fn parse(body: &Bytes) -> Result<Form, AppError> {
        serde_urlencoded::from_bytes(body).map(Form).map_err(|_| {
            AppError::bad_param(
                "form",
                "formulir tidak dapat dibaca.",
                "the form cannot be read.",
            )
        })
    }

    /// The first non-empty value of a field, trimmed.
    pub fn get(&self, k: &str) -> Option<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.trim())
            .find(|v| !v.is_empty())
    }
}

/// What the new-run form asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRun {
    pub fund: String,
    pub year: i32,
    pub budget: i64,
    pub min_share_province: f64,
    pub top_k: usize,
}

/// Rupiah as typed: digits, optionally grouped with dots or spaces, optionally after "Rp".
fn parse_budget(input: &str, field: &str) -> Result<i64, AppError> {
    let s = input.trim();
    let s = s
        .strip_prefix("Rp")
        .or_else(|| s.strip_prefix("rp"))
        .unwrap_or(s);
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '_' | '\u{a0}'))
        .collect();
    let bad = || {
        AppError::bad_param(
            field,
            "jumlah rupiah bulat lebih dari nol, misalnya 25000000000 atau 25.000.000.000, paling banyak Rp 100 triliun.",
            "a whole number of rupiah above zero, such as 25000000000 or 25.000.000.000, at most IDR 100 trillion.",
        )
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    match digits.parse::<i64>() {
        Ok(n) if n > 0 && n <= MAX_BUDGET => Ok(n),
        _ => Err(bad()),
    }
}

/// A share as a fraction (`0,01`, `0.01`) or a percentage (`1 %`), in [0, 1).
fn parse_share(input: &str, field: &str) -> Result<f64, AppError> {
    let s = input.trim().replace(',', ".");
    let (num, scale) = match s.strip_suffix('%') {
        Some(p) => (p.trim().to_string(), 0.01),
        None => (s, 1.0),
    };
    match num.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..1.0).contains(&(v * scale)) => Ok(v * scale),
        _ => Err(AppError::bad_param(
            field,
            "bagian anggaran dari 0 sampai di bawah 1, misalnya 0,01 (atau 1 %).",
            "a share of the budget from 0 to below 1, such as 0.01 (or 1%).",
        )),
    }
}

impl NewRun {
    pub fn parse(f: &Form) -> Result<NewRun, AppError> {
        let fund = f.get("fund").unwrap_or("").to_uppercase();
        let fund_ok = (1..=20).contains(&fund.len())
            && fund
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
        if !fund_ok {
            return Err(AppError::bad_param(
                "fund",
                "nama dana 1 sampai 20 huruf, angka, - atau _, misalnya DEKON atau TP.",
                "a fund name of 1 to 20 letters, digits, - or _, such as DEKON or TP.",
            ));
        }
        let year = parse_year(f.get("year").unwrap_or(""), "year")?;
        let budget = parse_budget(f.get("budget").unwrap_or(""), "budget")?;
        let min_share_province = f
            .get("min_share_province")
            .map(|s| parse_share(s, "min_share_province"))
            .transpose()?
            .unwrap_or(0.0);
        let top_k = match f.get("top_k") {
            None => AllocationParams::DEFAULT_TOP_K,
            Some(k) => match k.parse::<usize>() {
                Ok(n @ 1..=MAX_TOP_K) => n,
                _ => {
                    return Err(AppError::bad_param(
                        "top_k",
                        format!("jumlah program per BLK, 1 sampai {MAX_TOP_K}."),
                        format!("programmes per BLK, 1 to {MAX_TOP_K}."),
                    ));
                }
            },
        };
        Ok(NewRun {
            fund,
            year,
            budget,
            min_share_province,
            top_k,
        })
    }
}

/// The changes a what-if form asks for.
pub fn parse_changes(f: &Form) -> Result<Vec<Change>, AppError> {
    let mut changes = Vec::new();
    for line in f.get("moves").unwrap_or("").lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let m = Move::parse(line).map_err(|_| {
            AppError::bad_param(
                "moves",
                format!(
                    "baris \"{}\" tidak terbaca; tulis BLK_ASAL:PROGRAM->BLK_TUJUAN:PROGRAM:JUMLAH, satu per baris.",
                    line.chars().take(100).collect::<String>()
                ),
                format!(
                    "line \"{}\" cannot be read; write FROM_BLK:PROGRAMME->TO_BLK:PROGRAMME:N, one per line.",
                    line.chars().take(100).collect::<String>()
                ),
            )
        })?;
        changes.push(Change::Move(m));
    }
    if changes.len() > 100 {
        return Err(AppError::bad_param(
            "moves",
            "paling banyak 100 pindahan sekaligus.",
            "at most 100 moves at once.",
        ));
    }
    if let Some(b) = f.get("budget") {
        changes.push(Change::Budget(parse_budget(b, "budget")?));
    }
    if let Some(s) = f.get("min_share_province") {
        changes.push(Change::MinShareProvince(parse_share(
            s,
            "min_share_province",
        )?));
    }
    if changes.is_empty() {
        return Err(AppError::bad_param(
            "moves",
            "berikan setidaknya satu perubahan: pindahan angkatan, anggaran baru atau bagian minimum baru.",
            "give at least one change: a move of cohorts, a new budget or a new minimum share.",
        ));
    }
    Ok(changes)
}

/// A planning refusal as the user reads it, naming the form field to change.
fn plan_error(e: PlanError) -> AppError {
    match e {
        PlanError::Budget(_) => AppError::bad_param(
            "budget",
            "harus lebih dari nol.",
            "must be above zero.",
        ),
        PlanError::YearOutOfRange {
            window,
            first,
            last,
            ..
        } => AppError::bad_param(
            "year",
            format!("data mencakup {window}, jadi rencanakan tahun {first} sampai {last}."),
            format!("the data covers {window}, so plan a year from {first} to {last}."),
        ),
        PlanError::BudgetBelowCohort { cheapest, .. } => AppError::bad_param(
            "budget",
            format!(
                "tidak cukup untuk satu angkatan pun: angkatan termurah berbiaya {}.",
                domain::Rupiah(cheapest)
            ),
            format!("buys no cohort: the cheapest costs IDR {cheapest}."),
        ),
        PlanError::ShareRange(_) => AppError::bad_param(
            "min_share_province",
            "harus dari 0 sampai di bawah 1.",
            "must lie from 0 to below 1.",
        ),
        PlanError::SharesExceedBudget {
            share,
            provinces,
            max,
            ..
        } => AppError::bad_param(
            "min_share_province",
            format!(
                "{provinces} provinsi × {} melebihi seluruh anggaran; paling banyak {} per provinsi.",
                analytics::plan::fmt_id(share, 4),
                analytics::plan::fmt_id(max, 4)
            ),
            format!(
                "{provinces} provinces × {share} exceed the whole budget; at most {max:.4} per province."
            ),
        ),
        PlanError::ProvinceCapacity {
            province,
            name,
            floor,
            possible,
        } => AppError::bad_param(
            "min_share_province",
            format!(
                "provinsi {name} ({province}) harus menerima minimal Rp {floor}, tetapi BLK-nya hanya dapat menjalankan angkatan senilai Rp {possible}; turunkan bagian minimum."
            ),
            format!(
                "province {name} ({province}) must receive at least IDR {floor} but its BLKs can run cohorts worth at most IDR {possible}; lower the minimum share."
            ),
        ),
        PlanError::NotRunnable { blk, programme } => AppError::bad_param(
            "moves",
            format!(
                "{blk}:{programme} bukan program yang dapat dijalankan BLK itu (tidak ada bengkel atau instruktur kejuruannya, atau BLK/program tidak dikenal)."
            ),
            format!(
                "{blk}:{programme} is not a programme that BLK can run (no workshop or instructor for its kejuruan, or an unknown BLK or programme)."
            ),
        ),
        PlanError::UnknownProgramme(programme) => AppError::bad_param(
            "moves",
            format!(
                "tidak ada BLK yang menjalankan program {programme}: program itu tidak ada di katalog, atau belum ada BLK dengan bengkelnya."
            ),
            format!(
                "no BLK runs a programme {programme}: it is not in the catalogue, or no BLK has its workshop."
            ),
        ),
        PlanError::MoveTooMany {
            blk,
            programme,
            have,
            want,
        } => AppError::bad_param(
            "moves",
            format!(
                "{blk}:{programme} punya {have} angkatan di rencana dasar; tidak dapat memindahkan {want}."
            ),
            format!("{blk}:{programme} has {have} cohorts in the base plan; cannot move {want}."),
        ),
        PlanError::MoveSyntax(s) => AppError::bad_param(
            "moves",
            format!("\"{s}\" tidak terbaca; tulis BLK_ASAL:PROGRAM->BLK_TUJUAN:PROGRAM:JUMLAH."),
            format!("\"{s}\" cannot be read; write FROM_BLK:PROGRAMME->TO_BLK:PROGRAMME:N."),
        ),
        PlanError::MoveToItself(s) => AppError::bad_param(
            "moves",
            format!("\"{s}\" memindahkan angkatan ke BLK dan program yang sama: tidak ada yang berubah."),
            format!("\"{s}\" moves cohorts to the same BLK and programme: nothing changes."),
        ),
        PlanError::NoCandidates => AppError::Refused {
            status: StatusCode::CONFLICT,
            code: "no_candidates",
            id: "Belum ada BLK yang dapat menjalankan program apa pun dengan data ini: tidak ada yang dapat dialokasikan.".into(),
            en: "No BLK can run any programme with the data given: nothing to allocate.".into(),
        },
        PlanError::Infeasible(m) => AppError::Refused {
            status: StatusCode::CONFLICT,
            code: "infeasible",
            id: format!("Alokasi tidak punya solusi yang memenuhi semua kendala ({m}); turunkan bagian minimum per provinsi."),
            en: format!("The allocation has no solution meeting every constraint ({m}); lower the minimum province share."),
        },
        PlanError::UnknownBlk(b) => AppError::unknown_blk(&b),
        PlanError::Solver(m) | PlanError::SavedRun(m) => AppError::Internal(format!("plan: {m}")),
    }
}

fn no_evidence(m: Missing) -> AppError {
    AppError::Refused {
        status: StatusCode::CONFLICT,
        code: "no_plan_evidence",
        id: m.text(crate::i18n::Lang::Id.texts()).into(),
        en: m.text(crate::i18n::Lang::En.texts()).into(),
    }
}

/// The one-line summary saved with a run (as `listraf allocate` writes it).
fn summary_line(kind: &str, p: &AllocationProblem, r: &AllocationResult) -> String {
    format!(
        "{kind} {} {}: budget {} share {}, {} cohorts, cost {}, expected {} placements",
        p.params.fund,
        p.params.year,
        domain::Rupiah(p.params.budget),
        p.params.min_share_province,
        r.cohorts,
        domain::Rupiah(r.cost),
        analytics::plan::fmt_en(r.expected, 1)
    )
}

fn store_error(e: StoreError) -> AppError {
    AppError::Internal(format!("store: {e}"))
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let _permit = SOLVES.acquire().await.map_err(|_| AppError::Unavailable)?;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::Internal(format!("plan task: {e}")))?
}

/// Solves a new allocation from the snapshot's evidence and saves it; returns the run's id.
pub async fn create_run(st: &AppState, new: NewRun) -> Result<i64, AppError> {
    let cur = market::current(st).await?;
    let target = st.target.clone();
    blocking(move || {
        let evidence = cur.loaded.plan.evidence().map_err(no_evidence)?;
        let mut params = AllocationParams::new(&new.fund, new.year, new.budget);
        params.min_share_province = new.min_share_province;
        params.top_k = new.top_k;
        params.time_limit_s = TIME_LIMIT_S;
        let problem = AllocationProblem::build(evidence, params).map_err(plan_error)?;
        let result = allocate(&problem).map_err(plan_error)?;
        let summary = summary_line("allocate", &problem, &result);
        let inputs = RunInputs {
            settings: evidence.settings,
            problem,
            base_run: None,
            changes: Vec::new(),
        };
        let inputs_json = inputs.to_json().map_err(plan_error)?;
        let result_json = result.to_json().map_err(plan_error)?;
        let mut store = Store::open(&target).map_err(store_error)?;
        store
            .save_plan_run(
                &Scope::Central,
                &NewPlanRun {
                    kind: "allocate",
                    actor: ACTOR,
                    fund: &new.fund,
                    year: new.year,
                    base_run: None,
                    data_version: cur.loaded.version,
                    budget_idr: new.budget,
                    cost_idr: result.cost,
                    expected_placements: result.expected,
                    summary: &summary,
                    inputs_json: &inputs_json,
                    result_json: &result_json,
                },
            )
            .map_err(store_error)
    })
    .await
}

/// Applies `changes` to run `base_id` (the evidence saved with it) and saves the what-if.
pub async fn create_whatif(
    st: &AppState,
    base_id: i64,
    changes: Vec<Change>,
) -> Result<i64, AppError> {
    let target = st.target.clone();
    blocking(move || {
        let mut store = Store::open(&target).map_err(store_error)?;
        let run = store
            .plan_run(&Scope::Central, base_id)
            .map_err(store_error)?
            .ok_or_else(|| unknown_run(&base_id.to_string()))?;
        let inputs = RunInputs::from_json(&run.inputs_json).map_err(plan_error)?;
        let base = AllocationResult::from_json(&run.result_json).map_err(plan_error)?;
        let mut problem = inputs.problem;
        problem.params.time_limit_s = problem.params.time_limit_s.min(TIME_LIMIT_S);
        let (problem, w) = what_if(&problem, &base, &changes).map_err(plan_error)?;
        let summary = format!(
            "{}; vs run #{}: {:+.1} placements, {} cost",
            summary_line("whatif", &problem, &w.result),
            run.id,
            w.delta_expected,
            if w.delta_cost < 0 {
                format!("-{}", domain::Rupiah(-w.delta_cost))
            } else {
                format!("+{}", domain::Rupiah(w.delta_cost))
            }
        );
        let budget = problem.params.budget;
        let saved = RunInputs {
            settings: inputs.settings,
            problem,
            base_run: Some(run.id),
            changes,
        };
        let inputs_json = saved.to_json().map_err(plan_error)?;
        let result_json = w.to_json().map_err(plan_error)?;
        store
            .save_plan_run(
                &Scope::Central,
                &NewPlanRun {
                    kind: "whatif",
                    actor: ACTOR,
                    fund: &run.fund,
                    year: run.year,
                    base_run: Some(run.id),
                    data_version: run.data_version,
                    budget_idr: budget,
                    cost_idr: w.result.cost,
                    expected_placements: w.result.expected,
                    summary: &summary,
                    inputs_json: &inputs_json,
                    result_json: &result_json,
                },
            )
            .map_err(store_error)
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// JSON

fn snapshot_json(cur: &Current) -> Value {
    json!({"data_version": cur.loaded.version, "refreshing": cur.refreshing})
}

pub fn recommendation_json(v: &RecView) -> Value {
    let r = &v.rec;
    let line = |(l, (rid, ren)): (&analytics::plan::RecommendationLine, &(String, String))| {
        let e = &l.evidence;
        let k = &e.kebekerjaan;
        let p = domain::reference().programme(&e.programme);
        json!({
            "rank": l.rank,
            "needs_investment": l.needs_investment,
            "programme": e.programme,
            "name_id": p.map(|p| p.name_id.clone()),
            "name_en": p.map(|p| p.name_en.clone()),
            "kejuruan_code": e.kejuruan,
            "cohorts": l.cohorts,
            "seats": l.seats,
            "expected_placements": l.expected_placements,
            "expected_lo": l.expected_lo,
            "expected_hi": l.expected_hi,
            "cost_idr": l.cost,
            "placements_per_billion": e.score,
            "demand_positions": e.demand,
            "demand_previous": e.demand_previous,
            "supply": persons_json(e.supply.round() as i64),
            "gap_index": e.gap_index,
            "growth": e.growth,
            "potential_workers_per_year": e.potential,
            "kebekerjaan": {
                "rate": k.rate,
                "lo": k.lo,
                "hi": k.hi,
                "source": format!("{:?}", k.source).to_lowercase(),
                "completed_here": persons_json(i64::try_from(k.completed).unwrap_or(i64::MAX)),
                "placed_here": persons_json(i64::try_from(k.placed).unwrap_or(i64::MAX)),
                "national": k.national,
            },
            "completion": e.completion,
            "market_factor": e.market_factor,
            "room": e.room,
            "cost_per_trainee_idr": e.cost_per_trainee,
            "cohort_weeks": e.cohort_weeks,
            "reason_id": rid,
            "reason_en": ren,
        })
    };
    json!({
        "snapshot": snapshot_json(&v.snapshot),
        "blk": {
            "code": r.blk.code,
            "name": r.blk.name,
            "region_code": r.blk.region.to_string(),
        },
        "year": r.year,
        "period": {"from": r.window.first.to_string(), "to": r.window.last.to_string()},
        "seats_per_cohort": r.seats_per_cohort,
        "catchment": {
            "radius_km": r.catchment.radius_km,
            "members": r.catchment.members.iter().map(|m| json!({
                "region_code": m.region.to_string(),
                "name": m.region.name(),
                "distance_km": m.distance_km,
                "weight": m.weight,
            })).collect::<Vec<_>>(),
        },
        "totals": {
            "cohorts": r.cohorts(),
            "seats": r.cohorts() * r.seats_per_cohort,
            "cost_idr": r.cost(),
            "expected_placements": r.expected_placements(),
            "expected_lo": v.lo(),
            "expected_hi": v.hi(),
        },
        "capacity": r.capacity.iter().map(|(k, used, total)| json!({
            "kejuruan_code": k,
            "cohort_weeks_suggested": used,
            "cohort_weeks_available": total,
        })).collect::<Vec<_>>(),
        "lines": r.lines.iter().zip(&v.reasons).map(line).collect::<Vec<_>>(),
    })
}

fn run_row_json(r: &PlanRunRow) -> Value {
    json!({
        "id": r.id,
        "kind": r.kind,
        "created_at": r.created_at,
        "fund": r.fund,
        "year": r.year,
        "base_run": r.base_run,
        "data_version": r.data_version,
        "budget_idr": r.budget_idr,
        "cost_idr": r.cost_idr,
        "expected_placements": r.expected_placements,
        "summary": r.summary,
    })
}

pub fn binding_json(b: &Binding) -> Value {
    match b {
        Binding::Budget { slack } => json!({"kind": "budget", "slack_idr": slack}),
        Binding::ProvinceFloor {
            province,
            floor,
            spend,
        } => json!({
            "kind": "province_floor",
            "province": province.to_string(),
            "name": province.name(),
            "floor_idr": floor,
            "spend_idr": spend,
        }),
        Binding::Capacity {
            blk,
            kejuruan,
            used,
            weeks,
        } => json!({
            "kind": "capacity",
            "blk": blk,
            "kejuruan_code": kejuruan,
            "cohort_weeks_used": used,
            "cohort_weeks_available": weeks,
        }),
    }
}

pub fn change_json(c: &Change) -> Value {
    match c {
        Change::Move(m) => json!({
            "kind": "move",
            "from_blk": m.from_blk,
            "from_programme": m.from_programme,
            "to_blk": m.to_blk,
            "to_programme": m.to_programme,
            "cohorts": m.cohorts,
        }),
        Change::Budget(b) => json!({"kind": "budget", "budget_idr": b}),
        Change::MinShareProvince(s) => json!({"kind": "min_share_province", "share": s}),
    }
}

pub fn run_json(v: &RunView) -> Value {
    let r = &v.result;
    let mut out = run_row_json(&v.row);
    out["inputs"] = json!({
        "fund": v.params.fund,
        "year": v.params.year,
        "budget_idr": v.params.budget,
        "min_share_province": v.params.min_share_province,
        "top_k": v.params.top_k,
        "seats_per_cohort": v.seats_per_cohort,
        "period": v.window,
        "changes": v.changes.iter().map(change_json).collect::<Vec<_>>(),
    });
    out["result"] = json!({
        "status": format!("{:?}", r.status),
        "lp_bound": r.bound,
        "cohorts": r.cohorts,
        "seats": r.lines.iter().map(|l| l.seats).sum::<u32>(),
        "cost_idr": r.cost,
        "expected_placements": r.expected,
        "expected_lo": r.expected_lo,
        "expected_hi": r.expected_hi,
        "cost_per_placement_idr": r.cost_per_placement,
        "marginal_idr": r.marginal_idr,
        "national_extra_placements": r.national_extra_placements,
        "lines": r.lines.iter().map(|l| json!({
            "province": l.province.to_string(),
            "blk": l.blk,
            "blk_name": l.blk_name,
            "programme": l.programme,
            "cohorts": l.cohorts,
            "seats": l.seats,
            "cost_idr": l.cost,
            "expected_placements": l.expected,
            "expected_lo": l.expected_lo,
            "expected_hi": l.expected_hi,
            "beyond_room": l.beyond_room,
        })).collect::<Vec<_>>(),
        "provinces": r.provinces.iter().map(|p| json!({
            "province": p.province.to_string(),
            "name": p.province.name(),
            "floor_idr": p.floor,
            "spend_idr": p.spend,
            "cohorts": p.cohorts,
            "expected_placements": p.expected,
            "floor_binding": p.floor_binding,
            "extra_placements": p.extra_placements,
        })).collect::<Vec<_>>(),
        "binding": r.binding.iter().map(binding_json).collect::<Vec<_>>(),
    });
    out["comparison"] = match &v.comparison {
        None => Value::Null,
        Some(c) => json!({
            "base_run": c.base_id,
            "base_expected_placements": c.base_expected,
            "base_cost_idr": c.base_cost,
            "delta_expected_placements": c.delta_expected,
            "delta_cost_idr": c.delta_cost,
            "violations": c.violations,
            "changed_lines": c.changed.iter().map(|l| json!({
                "province": l.province.to_string(),
                "blk": l.blk,
                "programme": l.programme,
                "cohorts_before": l.before.0,
                "cohorts_after": l.after.0,
                "expected_before": l.before.1,
                "expected_after": l.after.1,
                "cost_before_idr": l.before.2,
                "cost_after_idr": l.after.2,
            })).collect::<Vec<_>>(),
        }),
    };
    out
}

/// `GET /api/v1/blks/{code}/recommendations[?year=]`.
pub async fn api_recommendations(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let Ok(Path(code)) = path else {
        return Err(AppError::unknown_blk("?").into());
    };
    let params = Params::parse(q.as_deref())?;
    params.only(&["year"])?;
    let year = year_param(&params)?;
    let code = view::check_blk_code(&code)?;
    match recommendation(&st, code, year).await? {
        RecOutcome::Ready(v) => Ok(Json(recommendation_json(&v))),
        RecOutcome::Missing(m) => Err(no_evidence(m).into()),
        RecOutcome::NotInEvidence => Err(AppError::unknown_blk(code).into()),
    }
}

/// `GET /api/v1/plans[?limit=]`.
pub async fn api_plans(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(q.as_deref())?;
    params.only(&["limit"])?;
    let limit = params.limit(RUN_LIST, MAX_RUN_LIST)?;
    let rows = runs(&st, limit).await?;
    Ok(Json(json!({
        "runs": rows.iter().map(run_row_json).collect::<Vec<_>>(),
    })))
}

/// `GET /api/v1/plans/{id}`.
pub async fn api_plan(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = parse_run_id(path)?;
    match run(&st, id).await? {
        Some(v) => Ok(Json(run_json(&v))),
        None => Err(unknown_run(&id.to_string()).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Form {
        Form(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    fn param_of(e: AppError) -> String {
        e.param().unwrap_or("").to_string()
    }

    #[test]
    fn the_new_run_form_is_read_with_indonesian_number_forms() {
        let n = NewRun::parse(&form(&[
            ("fund", "dekon"),
            ("year", "2026"),
            ("budget", "Rp 25.000.000.000"),
            ("min_share_province", "0,01"),
            ("top_k", "5"),
        ]))
        .unwrap();
        assert_eq!(n.fund, "DEKON");
        assert_eq!(n.budget, 25_000_000_000);
        assert!((n.min_share_province - 0.01).abs() < 1e-12);
        assert_eq!(parse_share("1 %", "s").unwrap(), 0.01);
    }

    #[test]
    fn each_bad_field_is_named() {
        let base = [("fund", "TP"), ("year", "2026"), ("budget", "1000000000")];
        let with = |k: &str, v: &str| {
            let mut f: Vec<(&str, &str)> = base.iter().filter(|(n, _)| *n != k).copied().collect();
            f.push((k, v));
            NewRun::parse(&form(&f))
        };
        assert_eq!(param_of(with("budget", "-5").unwrap_err()), "budget");
        assert_eq!(param_of(with("budget", "12,5").unwrap_err()), "budget");
        assert_eq!(param_of(with("budget", "0").unwrap_err()), "budget");
        assert_eq!(param_of(with("fund", "<b>").unwrap_err()), "fund");
        assert_eq!(param_of(with("year", "26").unwrap_err()), "year");
        assert_eq!(param_of(with("top_k", "0").unwrap_err()), "top_k");
        assert_eq!(param_of(with("top_k", "11").unwrap_err()), "top_k");
        assert_eq!(
            param_of(with("min_share_province", "1").unwrap_err()),
            "min_share_province"
        );
        assert!(with("top_k", "10").is_ok());
    }

    #[test]
    fn what_if_forms_need_a_readable_change() {
        let c = parse_changes(&form(&[
            ("moves", "A:LAS-01->B:LAS-01:2\r\n\r\n"),
            ("budget", ""),
        ]))
        .unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(param_of(parse_changes(&form(&[])).unwrap_err()), "moves");
        assert_eq!(
            param_of(parse_changes(&form(&[("moves", "A->B")])).unwrap_err()),
            "moves"
        );
        let c = parse_changes(&form(&[("budget", "5.000.000.000")])).unwrap();
        assert_eq!(c, vec![Change::Budget(5_000_000_000)]);
    }
}

//! `listraf recommend`, `allocate`, `whatif`, `plans` and `bench allocate`: read the planning
//! evidence once per command, print what `analytics::plan` answers, write CSV/XLSX with `-o`,
//! and save allocation and what-if runs in the store so they can be listed and audited.
//!
//! Argument parsing, tables and files only; every number comes from `analytics::plan`, every
//! row from `store` through `pipeline::plan`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use analytics::plan::{
    AllocationResult, Binding, Change, Move, PlanLine, RecommendationLine, RunInputs, WhatIf,
    allocate, fmt_en, fmt_id, pct_id, recommend, what_if,
};
use analytics::{AllocationParams, AllocationProblem, PlanEvidence, PlanSettings};
use anyhow::{Context, Result, bail};
use clap::Args;
use domain::{Rupiah, Scope, reference};
use pipeline::plan::{PlanLoad, load_plan_evidence};
use store::{NewPlanRun, Store};

const ACTOR: &str = "listraf-cli";

#[derive(Args, Debug)]
pub struct RecommendArgs {
    /// BLK code.
    #[arg(long)]
    blk: String,
    /// The year being planned.
    #[arg(long)]
    year: i32,
    /// Catchment radius around the BLK's regency, km.
    #[arg(long, default_value_t = 50.0, allow_negative_numbers = true)]
    radius_km: f64,
    /// Runnable programmes to print (the -o file gets every programme).
    #[arg(long, default_value_t = 12)]
    limit: usize,
    /// Write every line to a .csv or .xlsx file.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct AllocateArgs {
    /// Name of the fund (DEKON, TP, APBN or any other).
    #[arg(long)]
    fund: String,
    /// The budget year being planned.
    #[arg(long)]
    year: i32,
    /// Total budget, Rupiah.
    #[arg(long, allow_negative_numbers = true)]
    budget: i64,
    /// Each province with an eligible BLK gets at least this share of the budget.
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    min_share_province: f64,
    /// Programmes per BLK in the model, best score first (0: all runnable ones).
    #[arg(long, default_value_t = AllocationParams::DEFAULT_TOP_K)]
    top_k: usize,
    /// Catchment radius, km.
    #[arg(long, default_value_t = 50.0, allow_negative_numbers = true)]
    radius_km: f64,
    /// Plan lines to print (the -o file gets every line).
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Seconds for the whole run: branch and bound stops at this limit and reports the best plan
    /// found with its distance to the LP bound; the marginal values' re-solves share what is
    /// left (none when the plan itself was stopped).
    #[arg(long, default_value_t = 60.0)]
    time_limit: f64,
    /// Write the plan to a .csv or .xlsx file.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct WhatIfArgs {
    /// The saved run to start from (see `listraf plans`).
    #[arg(long)]
    run: i64,
    /// Move cohorts: FROM_BLK:PROGRAMME->TO_BLK:PROGRAMME:N (repeatable).
    #[arg(long = "move", value_name = "MOVE")]
    moves: Vec<String>,
    /// A new total budget, Rupiah (re-solves).
    #[arg(long, allow_negative_numbers = true)]
    budget: Option<i64>,
    /// A new minimum province share (re-solves).
    #[arg(long, allow_negative_numbers = true)]
    min_share_province: Option<f64>,
    /// Stop each re-solve's branch and bound after this many seconds (default: the run's own).
    #[arg(long)]
    time_limit: Option<f64>,
    /// Write the changed plan to a .csv or .xlsx file.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct PlansArgs {
    /// How many saved runs to list.
    #[arg(long, default_value_t = 20)]
    limit: i64,
}

#[derive(Args, Debug)]
pub struct BenchAllocateArgs {
    /// Total budget, Rupiah.
    #[arg(long, default_value_t = 25_000_000_000)]
    budget: i64,
    #[arg(long, default_value_t = 0.01)]
    min_share_province: f64,
    /// Programmes per BLK in the model (0: all runnable ones).
    #[arg(long, default_value_t = AllocationParams::DEFAULT_TOP_K)]
    top_k: usize,
}

fn load(store: &mut Store, radius_km: f64) -> Result<(PlanEvidence, PlanLoad)> {
    if !(0.0..=500.0).contains(&radius_km) {
        bail!("--radius-km {radius_km}: use a distance between 0 and 500 km");
    }
    let settings = PlanSettings {
        radius_km,
        ..PlanSettings::default()
    };
    let (evidence, load) = load_plan_evidence(store, &settings)?;
    eprintln!(
        "read {} BLKs{}, {} BLK × programme outcome pairs (cohorts ended before {}; prior strength κ = {:.1}), {} regional indicator rows, market {} in {:.1} s",
        load.blks,
        if load.blks_without_region.is_empty() {
            String::new()
        } else {
            format!(
                " ({} left out: stored region no longer parses: {})",
                load.blks_without_region.len(),
                load.blks_without_region.join(", ")
            )
        },
        load.outcome_pairs,
        load.outcomes_before
            .map(|m| m.to_string())
            .unwrap_or_default(),
        load.kappa,
        load.regional_indicators,
        evidence.window,
        load.elapsed.as_secs_f64()
    );
    Ok((evidence, load))
}

fn programme_name(code: &str) -> String {
    reference()
        .programme(code)
        .map_or_else(String::new, |p| p.name_id.clone())
}

fn is_xlsx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// A cell of an output table: text stays text (codes keep their form), numbers are numbers.
enum Cell {
    Text(String),
    Num(f64),
    Empty,
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            // BLK and programme names come from imported files.
            Cell::Text(s) => pipeline::escape_formula(s),
            Cell::Num(v) => {
                let s = format!("{v:.4}");
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            }
            Cell::Empty => String::new(),
        }
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn num(v: f64) -> Cell {
    Cell::Num(v)
}

fn opt(v: Option<f64>) -> Cell {
    v.map_or(Cell::Empty, Cell::Num)
}

struct Sheet<'a> {
    name: &'a str,
    columns: &'a [&'a str],
    rows: Vec<Vec<Cell>>,
}

/// Writes the first sheet as CSV, or every sheet (and the notes) as XLSX.
fn write_tables(path: &Path, sheets: &[Sheet<'_>], notes: &[String]) -> Result<()> {
    if is_xlsx(path) {
        use rust_xlsxwriter::{Format, Workbook};
        let mut wb = Workbook::new();
        let bold = Format::new().set_bold();
        for s in sheets {
            let ws = wb.add_worksheet();
            ws.set_name(s.name)?;
            for (col, name) in (0u16..).zip(s.columns) {
                ws.write_string_with_format(0, col, *name, &bold)?;
            }
            for (row, cells) in (1u32..).zip(&s.rows) {
                for (col, c) in (0u16..).zip(cells) {
                    match c {
                        Cell::Text(t) => {
                            ws.write_string(row, col, t)?;
                        }
                        Cell::Num(v) => {
                            ws.write_number(row, col, *v)?;
                        }
                        Cell::Empty => {}
                    }
                }
            }
            ws.set_freeze_panes(1, 0)?;
        }
        let ws = wb.add_worksheet();
        ws.set_name("notes")?;
        for (row, line) in (0u32..).zip(notes) {
            ws.write_string(row, 0, line)?;
        }
        wb.save(path)
            .with_context(|| format!("writing {}", path.display()))?;
    } else {
        let Some(s) = sheets.first() else {
            return Ok(());
        };
        let mut w =
            csv::Writer::from_path(path).with_context(|| format!("creating {}", path.display()))?;
        w.write_record(s.columns)?;
        for row in &s.rows {
            w.write_record(row.iter().map(Cell::csv))?;
        }
        w.flush()
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

fn rules_notes(evidence: &PlanEvidence) -> Vec<String> {
    let s = &evidence.settings;
    vec![
        format!("data window {}", evidence.window),
        format!(
            "catchment: the BLK's regency plus regencies whose centroid is within {} km, weighted 1 - d / {}",
            s.radius_km, s.radius_km
        ),
        format!(
            "a cohort has {} seats and uses one workshop and one instructor for ceil(JP / {}) weeks; a workshop teaches {} weeks and an instructor {} weeks a year",
            s.seats_per_cohort, s.jp_per_week, s.workshop_weeks, s.instructor_weeks
        ),
        "expected placements per seat = completion x kebekerjaan x market factor (1 + 0.3 G + 0.1 tanh(growth) + 0.1 tanh(potential / max(D, 10)), within 0.5..1.5)".to_string(),
        "diminishing returns: full rate while seats stay within half the catchment's room (max(0, D - S)), 60 % up to the room, 25 % beyond".to_string(),
        "kebekerjaan = placed / completed graduates, shrunk toward the programme's national rate with an empirical-Bayes beta prior; ranges are 80 %".to_string(),
    ]
}

const RECOMMEND_COLUMNS: [&str; 30] = [
    "rank",
    "status",
    "programme",
    "programme_name",
    "kejuruan",
    "cohorts",
    "seats",
    "expected_placements",
    "expected_lo",
    "expected_hi",
    "cost_idr",
    "placements_per_billion",
    "demand",
    "demand_previous",
    "supply",
    "gap_index",
    "growth",
    "potential_workers_per_year",
    "kebekerjaan",
    "kebekerjaan_lo",
    "kebekerjaan_hi",
    "kebekerjaan_source",
    "completed_here",
    "placed_here",
    "completion",
    "market_factor",
    "room",
    "cost_per_trainee_idr",
    "reason_id",
    "reason_en",
];

fn recommend_row(l: &RecommendationLine) -> Vec<Cell> {
    let e = &l.evidence;
    let k = &e.kebekerjaan;
    vec![
        num(f64::from(l.rank)),
        text(if l.needs_investment {
            "needs_investment"
        } else {
            "runnable"
        }),
        text(&e.programme),
        text(programme_name(&e.programme)),
        text(&e.kejuruan),
        num(f64::from(l.cohorts)),
        num(f64::from(l.seats)),
        num(l.expected_placements),
        num(l.expected_lo),
        num(l.expected_hi),
        num(l.cost as f64),
        num(e.score),
        num(e.demand),
        num(e.demand_previous),
        num(e.supply),
        opt(e.gap_index),
        opt(e.growth),
        opt(e.potential),
        num(k.rate),
        num(k.lo),
        num(k.hi),
        text(format!("{:?}", k.source).to_lowercase()),
        num(k.completed as f64),
        num(k.placed as f64),
        num(e.completion),
        num(e.market_factor),
        num(e.room),
        num(e.cost_per_trainee as f64),
        text(&e.reason_id),
        text(&e.reason_en),
    ]
}

pub fn recommend_cmd(args: RecommendArgs, store: &mut Store) -> Result<ExitCode> {
    let (evidence, _) = load(store, args.radius_km)?;
    let rec = recommend(&evidence, &args.blk, args.year)?;
    let b = &rec.blk;
    println!(
        "Rekomendasi program {} — {} {} ({}, {})",
        rec.year,
        b.code,
        b.name,
        b.region.name(),
        b.region
    );
    let members: Vec<String> = rec
        .catchment
        .members
        .iter()
        .map(|m| {
            format!(
                "{} ({} km, bobot {})",
                m.region.name(),
                fmt_id(m.distance_km, 0),
                fmt_id(m.weight, 2)
            )
        })
        .collect();
    println!(
        "Wilayah layanan (radius {} km): {}",
        fmt_id(rec.catchment.radius_km, 0),
        members.join("; ")
    );
    let caps: Vec<String> = rec
        .capacity
        .iter()
        .map(|(k, used, total)| format!("{k} {used}/{total}"))
        .collect();
    println!(
        "Data {}; {} kursi per angkatan; kapasitas (minggu-angkatan disarankan/tersedia): {}",
        rec.window,
        rec.seats_per_cohort,
        if caps.is_empty() {
            "tidak ada".to_string()
        } else {
            caps.join(", ")
        }
    );
    println!(
        "Saran: {} angkatan, {} peserta, biaya {}, perkiraan {} penempatan",
        rec.cohorts(),
        rec.cohorts() * rec.seats_per_cohort,
        Rupiah(rec.cost()),
        fmt_id(rec.expected_placements(), 1)
    );
    println!();
    println!(
        "{:>3}  {:<7} {:<34} {:>4} {:>5} {:>16} {:>9}",
        "#", "program", "", "ang.", "kursi", "penempatan", "per Rp1M"
    );
    let runnable: Vec<&RecommendationLine> =
        rec.lines.iter().filter(|l| !l.needs_investment).collect();
    let investment: Vec<&RecommendationLine> =
        rec.lines.iter().filter(|l| l.needs_investment).collect();
    let print = |l: &RecommendationLine| {
        let e = &l.evidence;
        println!(
            "{:>3}  {:<7} {:<34} {:>4} {:>5} {:>16} {:>9}",
            l.rank,
            e.programme,
            crate::cut(&programme_name(&e.programme), 34),
            l.cohorts,
            l.seats,
            if l.cohorts > 0 {
                format!(
                    "{} [{}–{}]",
                    fmt_id(l.expected_placements, 1),
                    fmt_id(l.expected_lo, 0),
                    fmt_id(l.expected_hi, 0)
                )
            } else {
                "-".to_string()
            },
            fmt_id(e.score, 1)
        );
        println!("       {}", e.reason_id);
        println!("       EN: {}", e.reason_en);
    };
    for l in runnable.iter().take(args.limit) {
        print(l);
    }
    if !investment.is_empty() {
        println!();
        println!(
            "Perlu investasi (BLK belum punya bengkel/instruktur kejuruannya) — {} program, teratas:",
            investment.len()
        );
        for l in investment.iter().take(5) {
            print(l);
        }
    }
    if let Some(path) = &args.output {
        let rows = rec.lines.iter().map(recommend_row).collect();
        write_tables(
            path,
            &[Sheet {
                name: "recommendation",
                columns: &RECOMMEND_COLUMNS,
                rows,
            }],
            &rules_notes(&evidence),
        )?;
        eprintln!("wrote {} lines to {}", rec.lines.len(), path.display());
    }
    Ok(ExitCode::SUCCESS)
}

const PLAN_COLUMNS: [&str; 14] = [
    "province",
    "province_name",
    "blk",
    "blk_name",
    "programme",
    "programme_name",
    "cohorts",
    "seats",
    "cost_idr",
    "expected_placements",
    "expected_lo",
    "expected_hi",
    "beyond_room",
    "reason_id",
];

fn plan_row(l: &PlanLine) -> Vec<Cell> {
    vec![
        text(l.province.to_string()),
        text(l.province.name()),
        text(&l.blk),
        text(&l.blk_name),
        text(&l.programme),
        text(programme_name(&l.programme)),
        num(f64::from(l.cohorts)),
        num(f64::from(l.seats)),
        num(l.cost as f64),
        num(l.expected),
        num(l.expected_lo),
        num(l.expected_hi),
        num(f64::from(u8::from(l.beyond_room))),
        text(&l.reason_id),
    ]
}

const PROVINCE_COLUMNS: [&str; 8] = [
    "province",
    "province_name",
    "floor_idr",
    "spend_idr",
    "cohorts",
    "expected_placements",
    "floor_binding",
    "extra_placements_per_marginal",
];

fn write_plan(path: &Path, r: &AllocationResult, notes: Vec<String>) -> Result<()> {
    let provinces = r
        .provinces
        .iter()
        .map(|p| {
            vec![
                text(p.province.to_string()),
                text(p.province.name()),
                num(p.floor as f64),
                num(p.spend as f64),
                num(f64::from(p.cohorts)),
                num(p.expected),
                num(f64::from(u8::from(p.floor_binding))),
                opt(p.extra_placements),
            ]
        })
        .collect();
    write_tables(
        path,
        &[
            Sheet {
                name: "plan",
                columns: &PLAN_COLUMNS,
                rows: r.lines.iter().map(plan_row).collect(),
            },
            Sheet {
                name: "provinces",
                columns: &PROVINCE_COLUMNS,
                rows: provinces,
            },
        ],
        &notes,
    )?;
    eprintln!("wrote {} plan lines to {}", r.lines.len(), path.display());
    Ok(())
}

fn print_result(r: &AllocationResult, limit: usize) {
    let blks: std::collections::BTreeSet<&str> = r.lines.iter().map(|l| l.blk.as_str()).collect();
    let provinces = r.provinces.iter().filter(|p| p.cohorts > 0).count();
    println!(
        "Rencana: {} angkatan ({} kursi) di {} BLK, {} provinsi; biaya {} dari {}",
        r.cohorts,
        r.lines.iter().map(|l| l.seats).sum::<u32>(),
        blks.len(),
        provinces,
        Rupiah(r.cost),
        Rupiah(r.budget)
    );
    println!(
        "Perkiraan penempatan {} (rentang 80 %: {}–{}); biaya per penempatan {}",
        fmt_id(r.expected, 0),
        fmt_id(r.expected_lo, 0),
        fmt_id(r.expected_hi, 0),
        r.cost_per_placement
            .map_or_else(|| "-".to_string(), |c| Rupiah(c.round() as i64).to_string())
    );
    let floors = r
        .binding
        .iter()
        .filter(|b| matches!(b, Binding::ProvinceFloor { .. }))
        .count();
    let capacity = r
        .binding
        .iter()
        .filter(|b| matches!(b, Binding::Capacity { .. }))
        .count();
    let budget = r.binding.iter().find_map(|b| match b {
        Binding::Budget { slack } => Some(*slack),
        _ => None,
    });
    println!(
        "Kendala mengikat: anggaran {}; batas minimum provinsi: {floors}; kapasitas kejuruan penuh: {capacity}",
        budget.map_or_else(
            || "tidak (sisa lebih dari satu angkatan)".to_string(),
            |s| format!("ya (sisa {})", Rupiah(s))
        ),
    );
    match r.national_extra_placements {
        Some(y) => println!(
            "Nilai marjinal: Rp {} miliar tambahan secara nasional menghasilkan ~{} penempatan",
            fmt_id(r.marginal_idr as f64 / 1e9, 0),
            fmt_id(y, 1)
        ),
        // Differences of plans the time limit stopped would be noise.
        None if r.status == analytics::plan::SolveStatus::TimeLimit => println!(
            "Nilai marjinal tidak dihitung: rencana berhenti pada batas waktu (naikkan --time-limit)"
        ),
        None => {}
    }
    let mut marginal: Vec<_> = r
        .provinces
        .iter()
        .filter(|p| p.extra_placements.is_some())
        .collect();
    marginal.sort_by(|a, b| {
        b.extra_placements
            .unwrap_or(0.0)
            .total_cmp(&a.extra_placements.unwrap_or(0.0))
            .then(a.province.cmp(&b.province))
    });
    if !marginal.is_empty() {
        println!("Nilai marjinal per provinsi (tertinggi dan terendah):");
        let n = marginal.len();
        for (i, p) in marginal.iter().enumerate() {
            if i < 5 || i + 3 >= n {
                if let Some(s) = r.marginal_sentence_id(p) {
                    println!(
                        "  {s}{}",
                        if p.floor_binding {
                            " (batas minimum mengikat)"
                        } else {
                            ""
                        }
                    );
                }
            } else if i == 5 {
                println!("  …");
            }
        }
    }
    println!();
    println!(
        "{:<6} {:<16} {:<26} {:<7} {:>4} {:>16} {:>16}",
        "prov", "BLK", "", "program", "ang.", "biaya", "penempatan"
    );
    let mut top: Vec<&PlanLine> = r.lines.iter().collect();
    top.sort_by(|a, b| {
        b.expected
            .total_cmp(&a.expected)
            .then_with(|| a.blk.cmp(&b.blk))
            .then_with(|| a.programme.cmp(&b.programme))
    });
    for l in top.iter().take(limit) {
        println!(
            "{:<6} {:<16} {:<26} {:<7} {:>4} {:>16} {:>16}",
            l.province.to_string(),
            crate::cut(&l.blk, 16),
            crate::cut(&l.blk_name, 26),
            l.programme,
            l.cohorts,
            Rupiah(l.cost).to_string(),
            format!(
                "{} [{}–{}]{}",
                fmt_id(l.expected, 1),
                fmt_id(l.expected_lo, 0),
                fmt_id(l.expected_hi, 0),
                if l.beyond_room { "*" } else { "" }
            )
        );
    }
    if r.lines.len() > limit {
        println!(
            "… {} baris lagi (gunakan --limit atau -o); * = sebagian kursi melampaui kebutuhan wilayah",
            r.lines.len() - limit
        );
    }
}

fn status_text(r: &AllocationResult) -> String {
    let gap = if r.bound > 0.0 {
        (r.bound - r.expected).max(0.0) / r.bound
    } else {
        0.0
    };
    // The plan output is Indonesian: its words and its numbers.
    let how = match r.status {
        analytics::plan::SolveStatus::Optimal => "optimal",
        analytics::plan::SolveStatus::WithinGap => "dalam batas selisih MIP",
        analytics::plan::SolveStatus::TimeLimit => {
            "berhenti pada batas waktu: layak, belum terbukti optimal"
        }
    };
    format!(
        "{how}; {} % di bawah batas LP {} penempatan",
        fmt_id(100.0 * gap, 2),
        fmt_id(r.bound, 1)
    )
}

fn summary_line(kind: &str, p: &AllocationProblem, r: &AllocationResult) -> String {
    format!(
        // Stored with the run and read through the API: plain numbers, as every file writes
        // them.
        "{kind} {} {}: budget IDR {} share {}, {} cohorts, cost IDR {}, expected {} placements",
        p.params.fund,
        p.params.year,
        p.params.budget,
        p.params.min_share_province,
        r.cohorts,
        r.cost,
        format_args!("{:.1}", r.expected)
    )
}

pub fn allocate_cmd(args: AllocateArgs, store: &mut Store) -> Result<ExitCode> {
    let (evidence, load) = load(store, args.radius_km)?;
    let fund = args.fund.trim().to_uppercase();
    if fund.is_empty() {
        bail!("--fund needs a name, e.g. DEKON or TP");
    }
    let mut params = AllocationParams::new(&fund, args.year, args.budget);
    params.min_share_province = args.min_share_province;
    params.top_k = args.top_k;
    params.time_limit_s = args.time_limit;
    let problem = AllocationProblem::build(&evidence, params)?;
    let floor = problem.floor();
    println!(
        "Alokasi {} {}: anggaran {}, minimum per provinsi {} ({})",
        fund,
        args.year,
        Rupiah(args.budget),
        pct_id(args.min_share_province),
        Rupiah(floor)
    );
    let result = allocate(&problem)?;
    let s = result.size;
    println!(
        "Model: {} pasangan BLK × program, {} dapat dijalankan, {} masuk model (top {} per BLK); {} variabel bulat, {} kendala; diselesaikan dalam {} ms ({}); nilai marjinal {} ms",
        s.pairs,
        s.candidates,
        s.in_model,
        args.top_k,
        s.variables,
        s.constraints,
        fmt_id(result.solve_ms, 0),
        status_text(&result),
        fmt_id(result.marginals_ms, 0)
    );
    print_result(&result, args.limit);
    let inputs = RunInputs {
        settings: evidence.settings,
        problem: problem.clone(),
        base_run: None,
        changes: Vec::new(),
    };
    let summary = summary_line("allocate", &problem, &result);
    let id = store.save_plan_run(
        &Scope::Central,
        &NewPlanRun {
            kind: "allocate",
            actor: ACTOR,
            fund: &fund,
            year: args.year,
            base_run: None,
            data_version: load.data_version,
            budget_idr: args.budget,
            cost_idr: result.cost,
            expected_placements: result.expected,
            summary: &summary,
            inputs_json: &inputs.to_json()?,
            result_json: &result.to_json()?,
        },
    )?;
    println!();
    println!("Disimpan sebagai plan run #{id} (listraf whatif --run {id} …; listraf plans)");
    if let Some(path) = &args.output {
        let mut notes = rules_notes(&evidence);
        notes.insert(0, format!("plan run #{id}: {summary}"));
        write_plan(path, &result, notes)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn whatif_cmd(args: WhatIfArgs, store: &mut Store) -> Result<ExitCode> {
    let mut changes = Vec::new();
    for m in &args.moves {
        changes.push(Change::Move(Move::parse(m)?));
    }
    if let Some(b) = args.budget {
        changes.push(Change::Budget(b));
    }
    if let Some(s) = args.min_share_province {
        changes.push(Change::MinShareProvince(s));
    }
    if changes.is_empty() {
        bail!("nothing to change: give --move, --budget or --min-share-province");
    }
    let run = store
        .plan_run(&Scope::Central, args.run)?
        .with_context(|| format!("no plan run #{} (see listraf plans)", args.run))?;
    let mut inputs = RunInputs::from_json(&run.inputs_json)
        .with_context(|| format!("reading the inputs of plan run #{}", run.id))?;
    if let Some(t) = args.time_limit {
        inputs.problem.params.time_limit_s = t;
    }
    let base = AllocationResult::from_json(&run.result_json)
        .with_context(|| format!("reading the result of plan run #{}", run.id))?;
    let (problem, w) = what_if(&inputs.problem, &base, &changes)?;
    print_whatif(&run.id, &base, &w);
    let current = store.data_version()?;
    if current != run.data_version {
        println!(
            "Catatan: data berubah sejak run #{} (versi {} → {}); what-if memakai bukti yang disimpan bersama run itu",
            run.id, run.data_version, current
        );
    }
    let summary = format!(
        "{}; vs run #{}: {:+.1} placements, {} cost",
        summary_line("whatif", &problem, &w.result),
        run.id,
        w.delta_expected,
        signed_rupiah(w.delta_cost)
    );
    let saved = RunInputs {
        settings: inputs.settings,
        problem: problem.clone(),
        base_run: Some(run.id),
        changes,
    };
    let id = store.save_plan_run(
        &Scope::Central,
        &NewPlanRun {
            kind: "whatif",
            actor: ACTOR,
            fund: &run.fund,
            year: run.year,
            base_run: Some(run.id),
            data_version: run.data_version,
            budget_idr: problem.params.budget,
            cost_idr: w.result.cost,
            expected_placements: w.result.expected,
            summary: &summary,
            inputs_json: &saved.to_json()?,
            result_json: &w.to_json()?,
        },
    )?;
    println!("Disimpan sebagai plan run #{id}");
    if let Some(path) = &args.output {
        write_plan(path, &w.result, vec![format!("plan run #{id}: {summary}")])?;
    }
    Ok(ExitCode::SUCCESS)
}

fn signed_rupiah(v: i64) -> String {
    if v < 0 {
        format!("-{}", Rupiah(-v))
    } else {
        format!("+{}", Rupiah(v))
    }
}

fn print_whatif(base_id: &i64, base: &AllocationResult, w: &WhatIf) {
    println!("What-if terhadap run #{base_id}:");
    for c in &w.changes {
        match c {
            Change::Move(m) => println!(
                "  pindah {} angkatan {}:{} → {}:{}",
                m.cohorts, m.from_blk, m.from_programme, m.to_blk, m.to_programme
            ),
            Change::Budget(b) => println!("  anggaran {} → {}", Rupiah(base.budget), Rupiah(*b)),
            Change::MinShareProvince(s) => println!("  minimum per provinsi → {}", pct_id(*s)),
        }
    }
    println!(
        "Perkiraan penempatan: {} → {} ({}{})",
        fmt_id(w.base_expected, 1),
        fmt_id(w.result.expected, 1),
        if w.delta_expected >= 0.0 { "+" } else { "" },
        fmt_id(w.delta_expected, 1)
    );
    println!(
        "Biaya: {} → {} ({})",
        Rupiah(w.base_cost),
        Rupiah(w.result.cost),
        signed_rupiah(w.delta_cost)
    );
    println!(
        "Biaya per penempatan: {} → {}",
        base.cost_per_placement
            .map_or_else(|| "-".to_string(), |c| Rupiah(c.round() as i64).to_string()),
        w.result
            .cost_per_placement
            .map_or_else(|| "-".to_string(), |c| Rupiah(c.round() as i64).to_string())
    );
    if w.violations.is_empty() {
        println!("Semua kendala terpenuhi.");
    } else {
        println!("Kendala yang dilanggar:");
        for v in &w.violations {
            println!("  {v}");
        }
    }
    // The lines that changed.
    let key = |l: &PlanLine| (l.blk.clone(), l.programme.clone());
    let before: std::collections::BTreeMap<_, _> = base.lines.iter().map(|l| (key(l), l)).collect();
    let after: std::collections::BTreeMap<_, _> =
        w.result.lines.iter().map(|l| (key(l), l)).collect();
    let mut keys: Vec<_> = before.keys().chain(after.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    let changed: Vec<_> = keys
        .iter()
        .filter(|k| before.get(*k).map(|l| l.cohorts) != after.get(*k).map(|l| l.cohorts))
        .collect();
    if !changed.is_empty() {
        println!("Baris yang berubah ({}):", changed.len());
        for k in changed.iter().take(20) {
            let b = before.get(*k).map_or(0, |l| l.cohorts);
            let a = after.get(*k).map_or(0, |l| l.cohorts);
            let eb = before.get(*k).map_or(0.0, |l| l.expected);
            let ea = after.get(*k).map_or(0.0, |l| l.expected);
            println!(
                "  {}:{}  angkatan {b} → {a}, penempatan {} → {}",
                k.0,
                k.1,
                fmt_id(eb, 1),
                fmt_id(ea, 1)
            );
        }
    }
}

pub fn plans_cmd(args: PlansArgs, store: &mut Store) -> Result<ExitCode> {
    println!("run\tkind\tcreated_at\tbase\tdata\tsummary");
    for r in store.plan_runs(&Scope::Central, args.limit)? {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            r.id,
            r.kind,
            r.created_at,
            r.base_run.map(|b| b.to_string()).unwrap_or_default(),
            r.data_version,
            r.summary
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn bench_allocate(args: BenchAllocateArgs, store: &mut Store) -> Result<ExitCode> {
    let started = Instant::now();
    let (evidence, _) = load(store, 50.0)?;
    let read_s = started.elapsed().as_secs_f64();
    let mut params = AllocationParams::new("BENCH", 2026, args.budget);
    params.min_share_province = args.min_share_province;
    params.top_k = args.top_k;
    params.marginals = false;
    let t = Instant::now();
    let problem = AllocationProblem::build(&evidence, params)?;
    let build_ms = t.elapsed().as_secs_f64() * 1e3;
    let r = allocate(&problem)?;
    let s = r.size;
    println!(
        "national allocation: {} BLKs × {} programmes = {} pairs; {} runnable candidates; {} in the model (top {} per BLK)",
        evidence.blks.len(),
        reference().programmes.len(),
        s.pairs,
        s.candidates,
        s.in_model,
        args.top_k
    );
    println!(
        "problem: {} integer variables, {} constraints (budget, {} province floors, capacity rows that can bind)",
        s.variables,
        s.constraints,
        problem.provinces().len()
    );
    println!(
        "solve: {:.0} ms ({}); model build {:.0} ms; evidence read and build {:.1} s",
        r.solve_ms,
        status_text(&r),
        build_ms,
        read_s
    );
    println!(
        "plan: {} cohorts, cost {} of {}, expected {} placements",
        r.cohorts,
        Rupiah(r.cost),
        Rupiah(r.budget),
        fmt_en(r.expected, 1)
    );
    Ok(ExitCode::SUCCESS)
}

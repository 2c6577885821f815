//! `listraf gap`, `listraf forecast` and `listraf backtest`: read the facts from the store, build
//! the gap inputs once for the command, and print or write what `analytics` answers.
//!
//! Argument parsing, tables and files only; every number is computed in `analytics`, every row
//! read in `store`. The command acts in the central scope, like every other CLI command, so the
//! coverage note compares each province with the whole country.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

// Counts under MIN_CELL are published as "<5", and what would give them away is withheld or
// bounded, as on the web (`GapCell::public`): a file written here may be passed on.
use analytics::outcomes::MIN_CELL;
use analytics::{Bounded, GapCell, GapInputs, GapQuery, GapTable, MonthWindow, RegionLevel};
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use domain::{IscoCode, RegionCode};
use store::Store;

/// Where a table or series is taken from.
#[derive(Args, Debug, Clone)]
pub struct RegionArgs {
    /// Only this province (Kemendagri code, e.g. 32).
    #[arg(long, conflicts_with = "regency")]
    province: Option<String>,
    /// Only this regency/city (e.g. 32.73).
    #[arg(long)]
    regency: Option<String>,
}

impl RegionArgs {
    fn region(&self) -> Result<Option<RegionCode>> {
        match (&self.province, &self.regency) {
            (Some(p), _) => {
                let code = RegionCode::parse(p).with_context(|| format!("--province {p}"))?;
                if !code.is_province() {
                    bail!("--province {p} is a regency/city; use --regency {code}");
                }
                Ok(Some(code))
            }
            (None, Some(r)) => {
                let code = RegionCode::parse(r).with_context(|| format!("--regency {r}"))?;
                if !code.is_regency() {
                    bail!("--regency {r} is a province; use --province {code}");
                }
                Ok(Some(code))
            }
            (None, None) => Ok(None),
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum By {
    Regency,
    Province,
    Nation,
}

#[derive(Args, Debug)]
pub struct GapArgs {
    #[command(flatten)]
    region: RegionArgs,
    /// Months, e.g. 2025-01..2025-12 (default: the last 12 months with vacancies).
    #[arg(long)]
    period: Option<String>,
    /// Only occupations inside this ISCO/KBJI group (1 to 4 digits).
    #[arg(long)]
    isco: Option<String>,
    /// ISCO digits of the rows (1 to 4).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(1..=4))]
    level: u8,
    /// Grain of the rows (default: regencies when a region is given, provinces otherwise).
    #[arg(long, value_enum)]
    by: Option<By>,
    /// Rows to print (the -o file gets every row).
    #[arg(long, default_value_t = 30)]
    limit: usize,
    /// Cells with demand + supply below this are flagged thin and not ranked.
    #[arg(long, default_value_t = GapQuery::DEFAULT_THIN_BELOW, allow_negative_numbers = true)]
    thin: f64,
    /// Write every row to a .csv or .xlsx file.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ForecastArgs {
    #[command(flatten)]
    region: RegionArgs,
    /// Only occupations inside this ISCO/KBJI group (1 to 4 digits).
    #[arg(long)]
    isco: Option<String>,
    /// Months to forecast.
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u16).range(1..=60))]
    horizon: u16,
}

#[derive(Args, Debug)]
pub struct BacktestArgs {
    /// A series is backtested when it has demand in at least this many of the months before
    /// the backtest window.
    #[arg(long, default_value_t = 12)]
    min_active_months: usize,
}

fn parse_isco(s: &Option<String>) -> Result<Option<IscoCode>> {
    s.as_deref()
        .map(|c| IscoCode::parse(c).with_context(|| format!("--isco {c}")))
        .transpose()
}

/// Reads every fact in the central scope and builds the gap inputs, reporting on stderr what
/// could not be placed. The inputs live as long as the command.
pub fn load(store: &mut Store) -> Result<GapInputs> {
    let (inputs, load) = pipeline::analysis::load_market(store)?;
    let (vr, sr, tr) = (&load.vacancies, &load.seekers, &load.trainees);
    let d = inputs.demand_report();
    let s = inputs.supply_report();
    eprintln!(
        "read {} vacancies ({} duplicates counted once; {} unique vacancies with {} positions left out of the cube: {} without a regency/city, {} without an ISCO unit group{}), {} active job seekers, {} enrolled or completed trainees in {:.1} s",
        vr.rows,
        d.duplicates,
        vr.unplaced,
        vr.unplaced_positions,
        vr.unplaced_no_regency,
        vr.unplaced_no_unit,
        if vr.bad_date > 0 {
            format!(", {} with an unreadable date", vr.bad_date)
        } else {
            String::new()
        },
        sr.seekers,
        tr.trainees,
        load.elapsed.as_secs_f64()
    );
    eprintln!(
        "supply: {} job seekers counted ({} province only, {} without a unit-level occupation); {} graduates and {} enrolled counted, {} left to the job-seeker register, {} already placed, {} without a programme occupation",
        s.seekers_counted,
        s.seekers_not_regency,
        s.seekers_no_unit,
        s.graduates_counted,
        s.expected_counted,
        s.trainees_registered,
        s.trainees_placed,
        s.trainees_no_occupation
    );
    if sr.bad_rows + tr.bad_rows + sr.bad_preferred_codes > 0 {
        eprintln!(
            "warning: {} job seekers and {} trainees have stored values that no longer parse and were left out; {} job seekers have an unreadable preferred occupation",
            sr.bad_rows, tr.bad_rows, sr.bad_preferred_codes
        );
    }
    Ok(inputs)
}

/// The Indonesian KBJI title where there is one, else the English ISCO title.
fn title(code: IscoCode) -> &'static str {
    code.title_id().unwrap_or_else(|| code.title_en())
}

fn flags(c: &GapCell) -> String {
    let mut f = Vec::new();
    if c.thin {
        f.push("thin");
    }
    if c.low_coverage {
        f.push("coverage");
    }
    f.join(",")
}

/// A ratio or an index as published, with `decimals`: exact, or "<x" / ">x" where the exact
/// value would give a small supply away; `none` when there is none.
fn bounded_text(b: Bounded, decimals: usize, none: &str) -> String {
    match b {
        Bounded::Exact(Some(x)) => format!("{x:.decimals$}"),
        Bounded::Below(Some(x)) => format!("<{x:.decimals$}"),
        Bounded::Above(Some(x)) => format!(">{x:.decimals$}"),
        _ => none.to_string(),
    }
}

pub fn gap(args: GapArgs, store: &mut Store) -> Result<ExitCode> {
    if !(args.thin >= 0.0 && args.thin.is_finite()) {
        bail!(
            "--thin {}: give a number of persons and positions, 0 or more",
            args.thin
        );
    }
    let region = args.region.region()?;
    let isco = parse_isco(&args.isco)?;
    let inputs = load(store)?;
    let window = match &args.period {
        Some(p) => MonthWindow::parse(p)
            .with_context(|| format!("--period {p}: use YYYY-MM..YYYY-MM, first month first"))?,
        None => match inputs.default_window() {
            Some(w) => w,
            None => bail!("the database holds no vacancies, job seekers or graduates yet"),
        },
    };
    let by = match (args.by, region) {
        (Some(By::Regency), _) | (None, Some(_)) => RegionLevel::Regency,
        (Some(By::Province), _) | (None, None) => RegionLevel::Province,
        (Some(By::Nation), _) => RegionLevel::Nation,
    };
    let q = GapQuery {
        region,
        by,
        isco,
        level: args.level,
        thin_below: args.thin,
        ..GapQuery::new(window)
    };
    let table = inputs.gap(&q);
    print_table(&table, args.limit);
    if let Some(path) = &args.output {
        let is_xlsx = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        if is_xlsx {
            write_xlsx(&table, path)?;
        } else {
            write_csv(&table, path)?;
        }
        eprintln!("wrote {} rows to {}", table.cells.len(), path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(t: &GapTable, limit: usize) {
    let q = &t.query;
    let n_ranked = t.cells.iter().filter(|c| c.rank.is_some()).count();
    println!(
        "Supply–demand gap {}, {}{}, ISCO {}-digit; demand = positions of unique vacancies, supply = active job seekers + graduates + enrolled trainees finishing by {} months after",
        q.window,
        q.region.map_or_else(
            || "Indonesia".to_string(),
            |r| format!("{} ({r})", r.name())
        ),
        q.isco
            .map(|c| format!(", occupations in {c} {}", title(c)))
            .unwrap_or_default(),
        q.level.max(q.isco.map_or(1, |c| c.level())),
        q.pipeline_months
    );
    println!(
        "G = (D − S) / (D + S) in [−1, 1]: +1 only demand, −1 only supply; S/D = job seekers per position; S published rounded to 5 (~n, 0 to 4 as <5), G and S/D from it; thin = D + S < {} (a supply <5 counting as 0; not ranked)",
        q.thin_below
    );
    println!(
        "{:>4}  {:<6} {:<24} {:<5} {:<34} {:>7} {:>8} {:>6} {:>6}  flags",
        "rank", "region", "", "isco", "occupation", "demand", "supply", "S/D", "G"
    );
    for c in t.cells.iter().take(limit) {
        let p = c.public();
        let g = match p.gap_index {
            Bounded::Exact(Some(x)) => format!("{x:+.3}"),
            b => bounded_text(b, 3, "-"),
        };
        println!(
            "{:>4}  {:<6} {:<24} {:<5} {:<34} {:>7} {:>8} {:>6} {:>6}  {}",
            c.rank.map_or_else(|| "-".to_string(), |r| r.to_string()),
            c.area.code(),
            crate::cut(c.area.name(), 24),
            c.isco.to_string(),
            crate::cut(title(c.isco), 34),
            c.demand,
            p.supply.public(MIN_CELL),
            bounded_text(p.seekers_per_position, 2, "-"),
            g,
            flags(c)
        );
    }
    let thin = t.cells.len() - n_ranked;
    println!(
        "{} cells: {n_ranked} ranked, {thin} thin{}",
        t.cells.len(),
        if t.cells.len() > limit {
            format!("; showing {limit} (use --limit or -o for more)")
        } else {
            String::new()
        }
    );
    if !t.coverage.is_empty() {
        println!("Coverage notes (vacancy share below half the labour-force share):");
        for n in &t.coverage {
            println!("  {}", n.text());
        }
    }
}

const COLUMNS: [&str; 16] = [
    "rank",
    "region_code",
    "region_name",
    "isco",
    "occupation",
    "demand_positions",
    "unique_vacancies",
    "supply",
    "job_seekers",
    "graduates",
    "enrolled_finishing",
    "seekers_per_position",
    "gap_index",
    "thin",
    "low_coverage",
    "period",
];

/// A cell as text fields in `COLUMNS` order: plain numbers, no thousands separators; supply
/// in whole persons, protected as published ("<5", "x", bounds).
fn record(c: &GapCell, period: &str) -> Vec<String> {
    let p = c.public();
    let [seekers, graduates, expected] = p.parts.map(|s| s.public(MIN_CELL));
    vec![
        c.rank.map(|r| r.to_string()).unwrap_or_default(),
        c.area.code(),
        c.area.name().to_string(),
        c.isco.to_string(),
        title(c.isco).to_string(),
        c.demand.to_string(),
        c.vacancies.to_string(),
        p.supply.public(MIN_CELL),
        seekers,
        graduates,
        expected,
        bounded_text(p.seekers_per_position, 3, ""),
        bounded_text(p.gap_index, 4, ""),
        u8::from(c.thin).to_string(),
        u8::from(c.low_coverage).to_string(),
        period.to_string(),
    ]
}

fn write_csv(t: &GapTable, path: &Path) -> Result<()> {
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("creating {}", path.display()))?;
    w.write_record(COLUMNS)?;
    let period = t.query.window.to_string();
    for c in &t.cells {
        w.write_record(record(c, &period))?;
    }
    w.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn write_xlsx(t: &GapTable, path: &Path) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("gap")?;
    for (col, name) in (0u16..).zip(COLUMNS) {
        ws.write_string_with_format(0, col, name, &bold)?;
    }
    let period = t.query.window.to_string();
    // Codes are text cells, so 01 and 32.10 keep their form; quantities are numbers.
    let text_columns = [1usize, 2, 3, 4, 15];
    for (row, c) in (1u32..).zip(&t.cells) {
        for (col, (i, value)) in (0u16..).zip(record(c, &period).into_iter().enumerate()) {
            if value.is_empty() {
                continue;
            }
            match value.parse::<f64>() {
                Ok(v) if !text_columns.contains(&i) => ws.write_number(row, col, v)?,
                _ => ws.write_string(row, col, &value)?,
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let notes = wb.add_worksheet();
    notes.set_name("notes")?;
    let q = &t.query;
    let lines = [
        format!("period {}", q.window),
        "demand = positions of unique vacancies (duplicate clusters counted once)".to_string(),
        format!(
            "supply = active job seekers registered in the period + graduates of the period + enrolled trainees finishing up to {} months after it",
            q.pipeline_months
        ),
        "supply is published rounded to a multiple of 5 (~n; 0 to 4 as <5; a cell without demand and a supply <5 is left out), so that no table's small count can be worked out from another's; the ratio and the index are computed from the rounded supply".to_string(),
        "gap_index G = (D - S) / (D + S), from -1 (only supply) to +1 (only demand)".to_string(),
        format!("thin = D + S below {} (a supply <5 counting as 0): shown but not ranked", q.thin_below),
        format!(
            "low_coverage = the province's share of vacancies is below {} x its share of the labour force (BPS Sakernas)",
            q.coverage_below
        ),
    ];
    let coverage = t.coverage.iter().map(|n| n.text());
    for (row, line) in (0u32..).zip(lines.into_iter().chain(coverage)) {
        notes.write_string(row, 0, &line)?;
    }
    wb.save(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

pub fn forecast(args: ForecastArgs, store: &mut Store) -> Result<ExitCode> {
    let region = args.region.region()?;
    let isco = parse_isco(&args.isco)?;
    let inputs = load(store)?;
    let Some(series) = inputs.demand_series(region, isco) else {
        bail!("the database holds no vacancies yet");
    };
    let place = region.map_or_else(
        || "Indonesia".to_string(),
        |r| format!("{} ({r})", r.name()),
    );
    let what = isco.map_or_else(
        || "all occupations".to_string(),
        |c| format!("ISCO {c} {}", title(c)),
    );
    println!("Monthly demand (positions of unique vacancies), {place}, {what}");
    let n = series.values.len();
    let total: f64 = series.values.iter().sum();
    println!(
        "history {}..{} ({n} months), {total:.0} positions in all",
        series.start,
        series.end().map(|m| m.to_string()).unwrap_or_default()
    );
    if let Some(g) = series.year_growth() {
        println!(
            "last 12 months {:.0}, the 12 before {:.0}: 12-month growth {}",
            g.current,
            g.previous,
            g.rate().map_or_else(
                || "n/a (no base)".to_string(),
                |r| format!("{:+.1} %", 100.0 * r)
            )
        );
    }
    let recent: Vec<String> = (n.saturating_sub(12)..n)
        .map(|i| format!("{} {:.0}", series.month(i), series.values[i]))
        .collect();
    println!("last months: {}", recent.join(", "));
    if total == 0.0 {
        // A model fitted to zeros forecasts zeros with no uncertainty: a false certainty.
        println!(
            "no demand recorded for this series in the history: nothing to forecast (check the region and occupation codes)"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let f = analytics::forecast(&series, usize::from(args.horizon))?;
    let method = match f.method() {
        analytics::Method::HoltWinters { alpha, beta, gamma } => {
            format!(
                "{} (α {alpha:.2}, β {beta:.3}, γ {gamma:.2})",
                f.method().name()
            )
        }
        analytics::Method::SeasonalNaiveDrift { yearly_change } => {
            format!("{} ({yearly_change:+.1} a year)", f.method().name())
        }
        analytics::Method::NaiveDrift { monthly_change } => {
            format!("{} ({monthly_change:+.2} a month)", f.method().name())
        }
    };
    println!(
        "method: {method}; one-step in-sample error sd {:.1}",
        f.sigma()
    );
    println!(
        "{:<8} {:>8}   {:>17}   {:>17}",
        "month", "forecast", "80 % interval", "95 % interval"
    );
    for p in f.points() {
        println!(
            "{:<8} {:>8.1}   [{:>7.1}, {:>7.1}]   [{:>7.1}, {:>7.1}]",
            p.month().to_string(),
            p.mean(),
            p.pi80().lo(),
            p.pi80().hi(),
            p.pi95().lo(),
            p.pi95().hi()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn backtest(args: BacktestArgs, store: &mut Store) -> Result<ExitCode> {
    let inputs = load(store)?;
    let Some(months) = inputs.demand_months() else {
        bail!("the database holds no vacancies yet");
    };
    let started = Instant::now();
    println!(
        "Rolling-origin backtest of monthly demand over the last {} months of {months}: refit at every origin, forecast up to 12 months ahead; MASE = mean absolute error / in-sample seasonal naive MAE before the first origin (below 1 beats seasonal naive)",
        analytics::forecast::BACKTEST_MONTHS
    );
    println!(
        "series: at least 24 months before the window with demand in at least {} of them",
        args.min_active_months
    );
    println!(
        "{:<22} {:>7} {:>8}   {:>8} {:>8}   {:>9} {:>9}",
        "roll-up", "series", "of", "median", "mean", "median h1", "mean h1"
    );
    let mut all = Vec::new();
    let mut all_h1 = Vec::new();
    for by in [
        RegionLevel::Nation,
        RegionLevel::Province,
        RegionLevel::Regency,
    ] {
        for level in 1..=4u8 {
            let b = inputs.backtest_level(by, level, args.min_active_months);
            all.extend(b.results.iter().map(|r| r.2.mase));
            all_h1.extend(b.results.iter().map(|r| r.2.mase_h1));
            let name = format!(
                "{} × ISCO-{level}",
                match by {
                    RegionLevel::Nation => "nation",
                    RegionLevel::Province => "province",
                    RegionLevel::Regency => "regency",
                }
            );
            print_mase_row(&name, b.candidates, b.mase(), b.mase_h1());
        }
    }
    print_mase_row(
        "all series",
        all.len(),
        analytics::MaseSummary::of(&all),
        analytics::MaseSummary::of(&all_h1),
    );
    eprintln!("backtested in {:.1} s", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

fn print_mase_row(
    name: &str,
    candidates: usize,
    all: Option<analytics::MaseSummary>,
    h1: Option<analytics::MaseSummary>,
) {
    match (all, h1) {
        (Some(a), Some(h)) => println!(
            "{name:<22} {:>7} {:>8}   {:>8.3} {:>8.3}   {:>9.3} {:>9.3}",
            a.series, candidates, a.median, a.mean, h.median, h.mean
        ),
        _ => println!(
            "{name:<22} {:>7} {:>8}   (no series with enough history)",
            0, candidates
        ),
    }
}

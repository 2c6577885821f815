//! `listraf tracer`, `outcomes`, `scorecard`, `targets` and `bench outcomes`: graduate outcomes
//! on the command line.
//!
//! Argument parsing, tables and files only: the rules live in `analytics::outcomes`, the rows come
//! from `store` through `pipeline::outcomes`. Like every CLI command it reads in the central scope.
//! Tables of outcomes are written the way a public table must be: counts under the threshold as
//! `<5`, and no rate for a cell with fewer traced graduates.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use analytics::outcomes::{
    DueKind, FrameworkRow, GroupBy, OutcomeData, OutcomeSettings, PublicOutcomeRow, Scorecard,
    due_list, kinds_within_provinces, message, outcome_table, response_rates, results_framework,
    scorecards,
};
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use domain::records::{OutcomeIndicator, TargetLevel};
use domain::{Date, Scope};
use ingest::Entity;
use pipeline::ImportOptions;
use pipeline::outcomes::{load_outcomes, load_targets};
use store::Store;

/// Options shared by the outcome commands.
#[derive(Args, Debug, Clone)]
pub struct Common {
    /// The day outcomes are measured at (default: the data's latest tracer answer, placement or
    /// vacancy posting, never after today, as the web pages measure).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Count answers given by someone else or not confirmed as if the graduate had answered.
    #[arg(long)]
    include_proxy: bool,
    /// Cells with fewer traced graduates show no rate; smaller counts show as <N.
    #[arg(long, default_value_t = 5)]
    min_cell: u64,
}

impl Common {
    fn date(&self, store: &mut Store, data: &OutcomeData) -> Result<Date> {
        self.date_at(store, data, Date::WIB)
    }

    /// The date asked for, else the data's own latest day but never after today where the
    /// clock is `utc_offset_hours` ahead of UTC (a BLK's list is due by its own calendar).
    fn date_at(
        &self,
        store: &mut Store,
        data: &OutcomeData,
        utc_offset_hours: i64,
    ) -> Result<Date> {
        match &self.date {
            Some(s) => Date::parse(s).with_context(|| format!("--date {s}")),
            None => Ok(pipeline::outcomes::measured_as_of(
                store,
                data,
                utc_offset_hours,
            )?),
        }
    }

    fn settings(&self) -> OutcomeSettings {
        OutcomeSettings {
            include_proxy: self.include_proxy,
            min_cell: self.min_cell.max(1),
            ..Default::default()
        }
    }
}

/// Today's date in western Indonesia (WIB), the Ministry's clock: a UTC date would still be
/// yesterday's until 07:00.
fn today() -> Date {
    Date::today_at(Date::WIB)
}

#[derive(Subcommand, Debug)]
pub enum TracerCommand {
    /// Graduates of a BLK to contact in the week starting on --date (and overdue ones), with a
    /// ready-to-send message each.
    Due {
        /// The BLK whose graduates are due (its code).
        #[arg(long)]
        blk: String,
        #[command(flatten)]
        common: Common,
        /// Write the list to a .csv or .xlsx file.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Response rates per wave, nationally or for one BLK.
    Rates {
        /// Only this BLK's graduates (its code).
        #[arg(long)]
        blk: Option<String>,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Args, Debug)]
pub struct OutcomesArgs {
    /// programme, blk, cohort, regency, province or national.
    #[arg(long, default_value = "programme")]
    by: String,
    /// Only this wave (months after completion).
    #[arg(long)]
    wave: Option<u8>,
    /// Only the cohorts of this BLK.
    #[arg(long)]
    blk: Option<String>,
    #[command(flatten)]
    common: Common,
    /// Rows to print (the -o file gets every row).
    #[arg(long, default_value_t = 40)]
    limit: usize,
    /// Write every row to a .csv or .xlsx file.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ScorecardArgs {
    /// The BLK (its code).
    #[arg(long)]
    blk: String,
    #[command(flatten)]
    common: Common,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TargetsArgs {
    #[command(subcommand)]
    action: Option<TargetsCommand>,
    /// The year to report (default: the year of --date).
    #[arg(long)]
    year: Option<u16>,
    /// national, province or blk (default: the nation and every area with a target).
    #[arg(long)]
    level: Option<String>,
    #[command(flatten)]
    common: Common,
    /// Write the table to a .csv or .xlsx file.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum TargetsCommand {
    /// Import targets from a CSV or XLSX file (the same as `listraf import targets <file>`).
    Import { file: PathBuf },
    /// Write default targets for project years 1–4 from the year before --first-year (5 % more
    /// graduates, certified and placed a year, +2 points of kebekerjaan, 3 % lower cost per
    /// placement), as an importable CSV file. For trials where no real targets exist.
    Propose {
        #[arg(long)]
        first_year: u16,
        #[arg(short, long)]
        output: PathBuf,
    },
}

#[derive(Args, Debug)]
pub struct BenchOutcomesArgs {
    /// Timed runs of the computation (after one warm-up); the median is reported.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
}

fn load(store: &mut Store) -> Result<OutcomeData> {
    let (data, skipped) = load_outcomes(store, &Scope::Central)
        .context("reading cohorts, tracer answers and placements")?;
    if skipped > 0 {
        eprintln!(
            "warning: {skipped} stored rows have codes or dates that no longer parse and were left out"
        );
    }
    Ok(data)
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{:.1} %", v * 100.0))
}

fn rupiah(v: i64) -> String {
    format!("Rp {}", domain::money::group_thousands(v))
}

/// A table written to CSV (formula-escaped) or XLSX (numbers as numbers, `text` columns as text).
fn write_table(
    path: &Path,
    sheet: &str,
    header: &[&str],
    rows: &[Vec<String>],
    text: &[usize],
    notes: &[String],
) -> Result<()> {
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        let mut w =
            csv::Writer::from_path(path).with_context(|| format!("creating {}", path.display()))?;
        w.write_record(header)?;
        for r in rows {
            w.write_record(r.iter().map(|c| pipeline::escape_formula(c)))?;
        }
        w.flush()
            .with_context(|| format!("writing {}", path.display()))?;
        return Ok(());
    }
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    for (col, name) in (0u16..).zip(header) {
        ws.write_string_with_format(0, col, *name, &bold)?;
    }
    for (row, r) in (1u32..).zip(rows) {
        for (col, (i, value)) in (0u16..).zip(r.iter().enumerate()) {
            if value.is_empty() {
                continue;
            }
            match value.parse::<f64>() {
                Ok(v) if !text.contains(&i) => ws.write_number(row, col, v)?,
                _ => ws.write_string(row, col, value)?,
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !notes.is_empty() {
        let n = wb.add_worksheet();
        n.set_name("notes")?;
        for (row, line) in (0u32..).zip(notes) {
            n.write_string(row, 0, line)?;
        }
    }
    wb.save(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn rules_notes(s: &OutcomeSettings) -> Vec<String> {
    vec![
        "kebekerjaan = (wage-employed + self-employed + working abroad) / traced graduates".into(),
        format!(
            "traced = graduates whose wave has fallen due and who answered it{}",
            if s.include_proxy {
                " (answers by someone else or unconfirmed included)"
            } else {
                " themselves; answers by someone else (PROXY) or unconfirmed are counted apart and left out"
            }
        ),
        "ci95 = Wilson score interval at 95 %".into(),
        "weighted = respondents re-weighted to the graduates of their programme x sex cell".into(),
        format!(
            "counts under {0} show as <{0}; cells with fewer than {0} traced graduates show no rate",
            s.min_cell
        ),
        "placed_recorded = graduates with a recorded placement, each counted once however often reported".into(),
    ]
}

pub fn tracer(cmd: TracerCommand, store: &mut Store) -> Result<ExitCode> {
    match cmd {
        TracerCommand::Due {
            blk,
            common,
            output,
        } => tracer_due(store, &blk, &common, output.as_deref()),
        TracerCommand::Rates { blk, common } => {
            let data = load(store)?;
            if let Some(b) = &blk
                && data.blk(b).is_none()
            {
                bail!("no BLK with code {b}");
            }
            let date = common.date(store, &data)?;
            let settings = common.settings();
            println!(
                "Tracer response by wave, {} as of {date}; the rate counts answers from the graduate{}",
                blk.as_deref().unwrap_or("all BLKs"),
                if settings.include_proxy {
                    ", someone else or unconfirmed"
                } else {
                    " only"
                }
            );
            println!("wave\tdue\tanswered\tself\tproxy\tunconfirmed\trate\trate(any answer)");
            for r in response_rates(&data, &settings, blk.as_deref(), date) {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    r.wave,
                    r.due,
                    r.answered,
                    r.confirmed,
                    r.proxy,
                    r.unconfirmed,
                    pct(r.rate),
                    pct(r.rate_any)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn tracer_due(
    store: &mut Store,
    blk: &str,
    common: &Common,
    output: Option<&Path>,
) -> Result<ExitCode> {
    let data = load(store)?;
    let Some(b) = data.blk(blk) else {
        bail!("no BLK with code {blk}");
    };
    let date = common.date_at(store, &data, b.region.utc_offset_hours())?;
    let settings = common.settings();
    let list = due_list(&data, &settings, blk, date);
    let contacts: std::collections::HashMap<i64, store::GraduateContactRow> = store
        .graduate_contacts(&Scope::Central, blk)?
        .into_iter()
        .map(|c| (c.person_id, c))
        .collect();
    let header = [
        "kind",
        "name",
        "phone",
        "cohort",
        "programme",
        "cohort_end",
        "wave",
        "due",
        "days_overdue",
        "message",
    ];
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|e| {
            let c = contacts.get(&e.person);
            let name = c.map_or("", |c| c.name.as_str());
            vec![
                e.kind.label_id().to_string(),
                name.to_string(),
                c.and_then(|c| c.phone.clone()).unwrap_or_default(),
                e.cohort_code.clone(),
                e.programme.clone(),
                e.cohort_end.to_string(),
                e.wave.to_string(),
                e.due.to_string(),
                e.days_overdue.max(0).to_string(),
                message(name, &e.programme, &b.name, e.wave, e.kind),
            ]
        })
        .collect();
    let due = list.iter().filter(|e| e.kind == DueKind::Due).count();
    println!(
        "{} ({blk}): {due} graduates due for a tracer wave in the week of {date} to {}, {} overdue (reminders)",
        b.name,
        date.add_days(settings.due_window_days - 1),
        list.len() - due
    );
    for r in rows.iter().take(20) {
        println!(
            "{}\t{}\t{}\t{}\twave {}\tdue {}",
            r[0], r[1], r[2], r[3], r[6], r[7]
        );
    }
    if rows.len() > 20 {
        println!("… {} more (write them all with -o)", rows.len() - 20);
    }
    if let Some(first) = rows.first() {
        println!("message: {}", first[9]);
    }
    if let Some(path) = output {
        write_table(
            path,
            "tracer",
            &header,
            &rows,
            &[0, 1, 2, 3, 4, 5, 7, 9],
            &[],
        )?;
        eprintln!("wrote {} rows to {}", rows.len(), path.display());
    }
    // Names and telephone numbers left the database, on screen or in a file.
    if !rows.is_empty() {
        store.record_export(
            "cli",
            &format!("tracer-due:{blk}"),
            &Scope::Central,
            rows.len() as u64,
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn outcomes(args: OutcomesArgs, store: &mut Store) -> Result<ExitCode> {
    let Some(by) = GroupBy::parse(&args.by) else {
        bail!(
            "--by {}: use programme, blk, cohort, regency, province or national",
            args.by
        );
    };
    let data = load(store)?;
    if let Some(b) = &args.blk
        && data.blk(b).is_none()
    {
        bail!("no BLK with code {b}");
    }
    let date = args.common.date(store, &data)?;
    let settings = args.common.settings();
    if let Some(w) = args.wave
        && !settings.waves.contains(&w)
    {
        let known: Vec<String> = settings.waves.iter().map(|w| w.to_string()).collect();
        bail!(
            "--wave {w}: tracer waves are {} months after completion",
            known.join(", ")
        );
    }
    let blk = args.blk.clone();
    let rows = outcome_table(&data, &settings, by, args.wave, date, &|c| {
        blk.as_deref().is_none_or(|b| b == c.blk)
    });
    // BLKs, regencies and cohorts add up to provinces, whose table is published: their kinds
    // of work are protected against it, as the BLK pages' are.
    // A cohort's BLK by cohort code, looked up once rather than searched for every row.
    let cohort_blk: std::collections::HashMap<&str, &str> = if by == GroupBy::Cohort {
        data.cohorts
            .iter()
            .map(|c| (c.code.as_str(), c.blk.as_str()))
            .collect()
    } else {
        Default::default()
    };
    let province_of = |r: &analytics::outcomes::OutcomeRow| -> Option<String> {
        let region = match by {
            GroupBy::Blk => data.blk(&r.key).map(|b| b.region),
            GroupBy::Regency => domain::RegionCode::parse(&r.key).ok(),
            GroupBy::Cohort => cohort_blk
                .get(r.key.as_str())
                .and_then(|b| data.blk(b))
                .map(|b| b.region),
            _ => None,
        };
        region.map(|g| g.province().to_string())
    };
    let kinds = match by {
        GroupBy::Blk | GroupBy::Regency | GroupBy::Cohort => {
            let provinces = outcome_table(
                &data,
                &settings,
                GroupBy::Province,
                args.wave,
                date,
                &|_| true,
            );
            kinds_within_provinces(&rows, province_of, &provinces, settings.min_cell)
        }
        _ => rows
            .iter()
            .map(|r| r.employed_by_kind(settings.min_cell))
            .collect(),
    };
    let public: Vec<PublicOutcomeRow> = rows
        .iter()
        .zip(kinds)
        .map(|(r, k)| r.public_with(settings.min_cell, k))
        .collect();
    println!(
        "Kebekerjaan by {}{} as of {date}: rate and Wilson 95 % interval in percent; counts under {m} show as <{m}, rates of cells with fewer than {m} traced are not shown",
        by.name(),
        args.wave.map(|w| format!(", wave {w}")).unwrap_or_default(),
        m = settings.min_cell
    );
    println!(
        "key\tname\twave\tgrads\ttraced\tresp%\tkeb%\t95% CI\tweighted%\twage\tself\tabroad\tproxy"
    );
    for p in public.iter().take(args.limit) {
        let ci = if p.ci_low.is_empty() {
            String::new()
        } else {
            format!("[{}, {}]", p.ci_low, p.ci_high)
        };
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            p.key,
            p.label,
            p.wave,
            p.graduates,
            p.traced,
            p.response_rate,
            p.rate,
            ci,
            p.weighted_rate,
            p.wage,
            p.self_employed,
            p.overseas,
            p.proxy_or_unconfirmed
        );
    }
    if public.len() > args.limit {
        println!(
            "… {} more rows (write them all with -o)",
            public.len() - args.limit
        );
    }
    if let Some(path) = &args.output {
        let cells: Vec<Vec<String>> = public.iter().map(|p| p.cells().to_vec()).collect();
        write_table(
            path,
            "kebekerjaan",
            &PublicOutcomeRow::HEADER,
            &cells,
            &[0, 1],
            &rules_notes(&settings),
        )?;
        eprintln!("wrote {} rows to {}", cells.len(), path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn print_scorecard(c: &Scorecard, settings: &OutcomeSettings, date: Date) {
    let region = |r: domain::RegionCode| r.info().name.clone();
    println!(
        "Scorecard {} {} ({}, {}) as of {date}",
        c.blk,
        c.name,
        region(c.region),
        region(c.region.province())
    );
    println!(
        "Cohorts that ended by {} (graduates have had {} months): {}, trainees {}",
        date.add_months(-i32::from(settings.headline_wave)),
        settings.headline_wave,
        c.cohorts,
        c.trainees
    );
    println!(
        "  completion          {}  ({} completed of {} who left the training: completed, not passed or dropped out)",
        pct(c.completion_rate),
        c.completed,
        c.finished
    );
    println!(
        "  certification       {}  ({} of {} graduates)",
        pct(c.certification_rate),
        c.certified,
        c.completed
    );
    println!(
        "  placed              {} graduates with a recorded placement (each counted once)",
        c.placed
    );
    println!(
        "  cost per placement  {}  ({} training cost ÷ {} placed)",
        c.cost_per_placement.map_or_else(|| "–".into(), rupiah),
        rupiah(c.cost_idr),
        c.placed
    );
    println!(
        "  time to first job   {}",
        c.median_days_to_first_job.map_or_else(
            || "–".into(),
            |d| format!("median {d:.1} days after the course ended")
        )
    );
    let k = &c.kebekerjaan;
    if k.publishable(settings.min_cell) {
        let (lo, hi) = k.interval.unwrap_or((0.0, 0.0));
        println!(
            "Kebekerjaan at {} months: {} [{:.1}, {:.1}] of {} traced; response rate {} of {} graduates; non-response weighted {}",
            k.wave,
            pct(k.rate),
            lo * 100.0,
            hi * 100.0,
            k.traced,
            pct(k.response_rate),
            k.graduates,
            pct(k.weighted_rate)
        );
    } else {
        println!(
            "Kebekerjaan at {} months: not shown, fewer than {} traced graduates ({} graduates due)",
            k.wave, settings.min_cell, k.graduates
        );
    }
    // As the BLK's page shows them: rounded, small ones masked.
    let [wage, self_employed, overseas] = c.kinds.map(|s| s.public(settings.min_cell));
    let m = settings.min_cell;
    println!(
        "  wage {wage}, self-employed {self_employed}, working abroad {overseas} (rounded to {m}, under {m} as <{m}, x withheld); answers by someone else {} and unconfirmed {} {}",
        k.proxy,
        k.unconfirmed,
        if settings.include_proxy {
            "included"
        } else {
            "left out"
        }
    );
    println!(
        "Labour market: open unemployment {} in the province, {:.2} % nationally",
        c.province_tpt
            .map_or_else(|| "unknown".into(), |u| format!("{u:.2} %")),
        c.national_tpt
    );
    println!(
        "  expected kebekerjaan from the programme mix {}, adjusted for the labour market {}; difference {}",
        pct(c.expected_mix),
        pct(c.expected),
        c.difference
            .map_or_else(|| "–".into(), |d| format!("{:+.1} points", d * 100.0))
    );
    match (c.rank_adjusted, c.rank_raw) {
        (Some((a, n)), Some((r, _))) => println!(
            "  rank by difference from expected: {a} of {n} BLKs (by raw kebekerjaan: {r} of {n})"
        ),
        _ => println!(
            "  not ranked: fewer than {} traced graduates",
            settings.min_cell
        ),
    }
    if let Some((p, n)) = c.rank_in_peers {
        println!(
            "  similar labour markets (provinces within 1 point of unemployment): {n} BLKs, median kebekerjaan {}; rank {p} of {n} by difference from expected",
            pct(c.peer_median_rate)
        );
    }
}

pub fn scorecard(args: ScorecardArgs, store: &mut Store) -> Result<ExitCode> {
    let data = load(store)?;
    if data.blk(&args.blk).is_none() {
        bail!("no BLK with code {}", args.blk);
    }
    let date = args.common.date(store, &data)?;
    let settings = args.common.settings();
    let cards = scorecards(&data, &settings, date);
    let Some(card) = cards.iter().find(|c| c.blk == args.blk) else {
        bail!("no scorecard for {}", args.blk);
    };
    print_scorecard(card, &settings, date);
    Ok(ExitCode::SUCCESS)
}

fn indicator_value(i: OutcomeIndicator, v: f64) -> String {
    match i {
        OutcomeIndicator::Kebekerjaan => format!("{:.1} %", v * 100.0),
        OutcomeIndicator::CostPerPlacement => rupiah(v.round() as i64),
        _ => domain::money::group_thousands(v.round() as i64),
    }
}

fn framework_cells(r: &FrameworkRow) -> Vec<String> {
    let raw = |v: Option<f64>| match (r.indicator, v) {
        (OutcomeIndicator::Kebekerjaan, Some(v)) => format!("{v:.4}"),
        (_, Some(v)) => format!("{:.0}", v.round()),
        (_, None) => String::new(),
    };
    vec![
        r.year.to_string(),
        r.project_year.map(|y| y.to_string()).unwrap_or_default(),
        r.level.code().to_string(),
        r.area.clone(),
        r.area_name.clone(),
        r.indicator.code().to_string(),
        raw(r.target),
        raw(r.to_date),
        r.achievement
            .map(|a| format!("{:.3}", a))
            .unwrap_or_default(),
        raw(r.forecast),
        r.method.to_string(),
        r.on_track
            .map(|t| if t { "yes" } else { "no" }.to_string())
            .unwrap_or_default(),
    ]
}

/// Proposes targets for `first_year` and the three years after it from the year before it
/// (see `analytics::outcomes::propose_targets`) and writes them as an importable targets file.
/// Returns how many were written.
pub fn write_proposed_targets(
    store: &mut Store,
    settings: &OutcomeSettings,
    first_year: u16,
    output: &Path,
) -> Result<usize> {
    let rows: Vec<Vec<String>> =
        pipeline::outcomes::proposed_target_rows(store, settings, first_year)?
            .into_iter()
            .map(Vec::from)
            .collect();
    if rows.is_empty() {
        bail!(
            "no graduates in {}, the baseline year; nothing to propose",
            first_year - 1
        );
    }
    write_table(
        output,
        "targets",
        &pipeline::outcomes::TARGET_COLUMNS,
        &rows,
        &[0, 1, 2],
        &[],
    )?;
    Ok(rows.len())
}

pub fn targets(args: TargetsArgs, store: &mut Store) -> Result<ExitCode> {
    match args.action {
        Some(TargetsCommand::Import { file }) => {
            let opts = ImportOptions {
                actor: "cli".into(),
                ..Default::default()
            };
            let started = Instant::now();
            let report = crate::run_import(store, Entity::Targets, &file, &opts)?;
            return Ok(crate::print_report(
                &report,
                started.elapsed().as_secs_f64(),
            ));
        }
        Some(TargetsCommand::Propose { first_year, output }) => {
            let n = write_proposed_targets(store, &args.common.settings(), first_year, &output)?;
            eprintln!(
                "wrote {n} proposed targets for {first_year}–{} to {}; import them with `listraf targets import {}`",
                first_year + 3,
                output.display(),
                output.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        None => {}
    }
    let level = match args.level.as_deref() {
        None => None,
        Some(s) => Some(TargetLevel::parse(s).with_context(|| format!("--level {s}"))?),
    };
    let data = load(store)?;
    let date = args.common.date(store, &data)?;
    let year = args.year.map_or_else(
        || u16::try_from(date.year()).context("the year of --date"),
        Ok,
    )?;
    // Achievement is measured to the date, but never beyond the end of the year asked for.
    let as_of = Date::new(i32::from(year), 12, 31)
        .map(|end| end.min(date))
        .context("--year")?;
    let targets = load_targets(store, &Scope::Central, Some(year))?;
    let settings = args.common.settings();
    let rows = results_framework(&data, &settings, &targets, year, as_of, level);
    println!(
        "Results framework {year}, achievement to {as_of}; forecast of the year-end value ({} targets stored for {year})",
        targets.len()
    );
    println!("level\tarea\tindicator\tyear\ttarget\tto date\tachieved\tforecast\tmethod\ton track");
    for r in rows.iter().take(200) {
        let v = |x: Option<f64>| x.map_or_else(|| "–".into(), |x| indicator_value(r.indicator, x));
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.level.label_id(),
            if r.area.is_empty() {
                r.area_name.clone()
            } else {
                format!("{} {}", r.area, r.area_name)
            },
            r.indicator.label_id(),
            r.project_year
                .map_or_else(|| "–".into(), |y| format!("year {y}")),
            v(r.target),
            v(r.to_date),
            pct(r.achievement),
            v(r.forecast),
            r.method,
            r.on_track.map_or("–", |t| if t { "yes" } else { "no" }),
        );
    }
    if rows.len() > 200 {
        println!("… {} more rows (write them all with -o)", rows.len() - 200);
    }
    if let Some(path) = &args.output {
        let cells: Vec<Vec<String>> = rows.iter().map(framework_cells).collect();
        write_table(
            path,
            "results",
            &[
                "year",
                "project_year",
                "level",
                "area_code",
                "area_name",
                "indicator",
                "target",
                "to_date",
                "achievement",
                "forecast",
                "forecast_method",
                "on_track",
            ],
            &cells,
            &[2, 3, 4, 5, 10, 11],
            &[],
        )?;
        eprintln!("wrote {} rows to {}", cells.len(), path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Time to compute the national outcome tables from the database: the read, then every table
/// (kebekerjaan by each grouping and wave, response rates, all scorecards, the national results
/// framework), median of `runs` after one warm-up.
pub fn bench_outcomes(args: BenchOutcomesArgs, store: &mut Store) -> Result<ExitCode> {
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let date = match &args.date {
        Some(s) => Date::parse(s).with_context(|| format!("--date {s}"))?,
        None => today(),
    };
    let t = Instant::now();
    let data = load(store)?;
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    let targets = load_targets(store, &Scope::Central, None)?;
    let settings = OutcomeSettings::default();
    let year = u16::try_from(date.year()).context("the year of --date")?;
    let compute = || {
        let mut rows = 0usize;
        for by in [
            GroupBy::National,
            GroupBy::Province,
            GroupBy::Regency,
            GroupBy::Blk,
            GroupBy::Programme,
            GroupBy::Cohort,
        ] {
            rows += outcome_table(&data, &settings, by, None, date, &|_| true).len();
        }
        rows += response_rates(&data, &settings, None, date).len();
        rows += scorecards(&data, &settings, date).len();
        rows += results_framework(
            &data,
            &settings,
            &targets,
            year,
            date,
            Some(TargetLevel::National),
        )
        .len();
        std::hint::black_box(rows)
    };
    let rows = compute();
    let mut times = Vec::with_capacity(args.runs);
    for _ in 0..args.runs {
        let t = Instant::now();
        compute();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let graduates = data
        .trainees
        .iter()
        .filter(|t| t.status == domain::records::TraineeStatus::Completed)
        .count();
    println!(
        "bench=outcomes engine={:?} blks={} cohorts={} trainees={} graduates={graduates} answers={} placements={} load_ms={load_ms:.0} compute_median_ms={median:.0} total_ms={:.0} rows={rows}",
        store.engine(),
        data.blks.len(),
        data.cohorts.len(),
        data.trainees.len(),
        data.answers.len(),
        data.placements.len(),
        load_ms + median
    );
    Ok(ExitCode::SUCCESS)
}

//! `listraf`, the one binary: builds the demo, imports and exports files, migrates databases
//! and runs benchmarks. Logic lives in the library crates; this file parses arguments, wires
//! them together and turns outcomes into messages and exit codes.

mod coding;
mod gap;
mod matching;
mod outcomes;
mod plan;
mod potential;
mod serve;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use domain::Scope;
use indicatif::{ProgressBar, ProgressStyle};
use ingest::Entity;
use pipeline::{ImportOptions, ImportReport, Outcome};
use store::Store;

/// Exit code when a file was refused because of data problems (nothing was written).
const EXIT_DATA_PROBLEMS: u8 = 3;

#[derive(Parser)]
#[command(
    name = "listraf",
    version,
    about = "Labour-market information and skills system for Indonesia's vocational training centres (BLK)"
)]
struct Cli {
    /// Database: a SQLite file path or a postgres:// URL.
    #[arg(long, env = "LISTRAF_DATABASE", global = true)]
    db: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the national demo database (./listraf-demo.db) from synthetic data, if absent.
    Demo {
        /// Only build the database.
        #[arg(long)]
        no_serve: bool,
        /// Size relative to the default (1.0 = about 190,000 job seekers and 55,000 vacancies).
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        #[arg(long, default_value_t = 20250101)]
        seed: u64,
    },
    /// Import a CSV or XLSX file, or write an import template.
    Import(ImportArgs),
    /// Create or upgrade the database schema and print its version.
    Migrate,
    /// Export an entity as CSV (to stdout unless -o is given).
    Export {
        /// blks, job-seekers, vacancies, cohorts, placements, tracer, indicators or targets.
        entity: String,
        /// Write to this CSV file instead of the standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Write a checked copy of the SQLite database to a new file, while it is in use (an
    /// import or `listraf serve` may run meanwhile). To restore, stop the server and copy the
    /// backup back with this same command: `listraf --db BACKUP backup listraf.db` (after moving
    /// the damaged file away).
    Backup {
        /// The file to write; it must not exist.
        output: PathBuf,
    },
    /// List import batches, newest first.
    Batches {
        /// How many batches to list.
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
    /// Write synthetic data files (for trials, tests and benchmarks).
    Synth(SynthArgs),
    /// Code job ads: occupation (ISCO-08), skills, region and duplicate clusters, written as CSV.
    Code {
        /// CSV or XLSX with a title column and, where it has them, description, company,
        /// location, posted date and context columns (category, subcategory, function,
        /// department, program_studi, skills, …), under Indonesian or English names.
        input: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Which shipped models: `indonesia` (Indonesian ads), `international` (foreign vacancy
        /// titles) or `auto` (Indonesian when most ads name a place in Indonesia, else unless
        /// nearly none of the titles carries an Indonesian word).
        #[arg(long, default_value = "auto")]
        profile: String,
        /// Give the titles the occupation review coded their reviewer's code, as imports do:
        /// the reviews are read from the database (`--db`, else ./listraf.db), which must exist.
        #[arg(long)]
        reviews: bool,
    },
    /// Measure the occupation coder on labelled titles (accuracy at 1–4 digits, coverage, deciles).
    EvalCoder {
        gold: PathBuf,
        #[arg(long, default_value = "title")]
        title_col: String,
        #[arg(long, default_value = "isco08_unit")]
        code_col: String,
        /// Code each title with this column as its description (as `listraf code` does).
        #[arg(long)]
        description_col: Option<String>,
        /// Code each title with this column as its ad's context fields (category, department,
        /// study programme, skills: what `listraf code` reads from such columns and joins);
        /// may be given more than once. The gold sets keep them joined in `context`.
        #[arg(long)]
        context_col: Vec<String>,
        /// Only the rows whose `split` column holds this value (e.g. `holdout`).
        #[arg(long)]
        split: Option<String>,
        /// Cross-validate: learn from k−1 folds, measure on the k-th (for titles the coder learns from).
        #[arg(long)]
        folds: Option<usize>,
        /// Also code the KBJI 2014 jabatan titles back to their unit groups (held out in folds).
        #[arg(long)]
        kbji: bool,
        /// Also cross-validate the Indonesian profile over the Indonesian labelled titles, in
        /// this many folds.
        #[arg(long)]
        indonesian_folds: Option<usize>,
        /// Cross-validate the Naive Bayes coder alone, without training the linear model.
        #[arg(long)]
        without_linear: bool,
        /// With --indonesian-folds: the folder of source ad files (CSV, XLSX) whose other ads of
        /// the labelled titles the ad models learn from, as `train-coder --ads-dir` does.
        #[arg(long)]
        ads_dir: Option<PathBuf>,
        /// Which shipped models: `indonesia` (Indonesian ads), `international` (foreign vacancy
        /// titles) or `auto` (from the file's titles: Indonesian unless nearly none is).
        #[arg(long, default_value = "auto")]
        profile: String,
        /// Write every title as coded (gold, predicted, confidence, correct) to this CSV, one
        /// row per title and measurement, to read the errors.
        #[arg(long)]
        rows: Option<PathBuf>,
    },
    /// Code again, after the coder improved, every vacancy whose source gave no code (coded or
    /// left uncoded by Listraf; a source's code is never touched); the changes are one batch.
    Recode {
        /// Show what would change without writing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Occupation review: the stored titles the coder is least sure of, and titles coded by hand.
    #[command(subcommand)]
    Review(coding::ReviewCommand),
    /// Learn the coder's feature counts and calibration from labelled titles into crates/classify/data.
    TrainCoder {
        gold: PathBuf,
        #[arg(long, default_value = "title")]
        title_col: String,
        #[arg(long, default_value = "isco08_unit")]
        code_col: String,
        #[arg(long, default_value = "crates/classify/data")]
        out_dir: PathBuf,
        /// The folder of source ad files (CSV, XLSX: `../shared/data/job-postings-id`): the
        /// labelled Indonesian titles' other ads, which the ad models learn from too.
        #[arg(long)]
        ads_dir: Option<PathBuf>,
    },
    /// Serve the web application and JSON API on the database given by --db.
    Serve {
        /// Address to listen on (loopback by default).
        #[arg(long, default_value = serve::DEFAULT_ADDR)]
        addr: std::net::SocketAddr,
    },
    /// Run a benchmark.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Supply–demand gap by region × occupation over a period, ranked, with flags (-o writes CSV or XLSX).
    Gap(gap::GapArgs),
    /// Monthly vacancy demand of a region × occupation: history, 12-month growth and a forecast with 80/95 % intervals.
    Forecast(gap::ForecastArgs),
    /// Forecast error (MASE) of rolling-origin backtests over every demand series with enough history.
    Backtest(gap::BacktestArgs),
    /// Regional potential: GRDP share, location quotient, growth and Klassen class per KBLI category, leading sectors and expected occupation demand.
    Potential(potential::PotentialArgs),
    /// Programmes a BLK should run in a year: every catalogue programme ranked, with suggested cohorts and the numbers behind each.
    Recommend(plan::RecommendArgs),
    /// Split a fund across BLKs × programmes to maximise expected placements (saved as a plan run).
    Allocate(plan::AllocateArgs),
    /// Change a saved plan run (move cohorts, budget, province share) and see the difference (saved too).
    Whatif(plan::WhatIfArgs),
    /// List saved plan runs, newest first.
    Plans(plan::PlansArgs),
    /// Tracer study: who to contact this week (with a message each) and response rates per wave.
    #[command(subcommand)]
    Tracer(outcomes::TracerCommand),
    /// Kebekerjaan by programme, BLK, cohort, regency or province and wave, with intervals, response and weighted rates.
    Outcomes(outcomes::OutcomesArgs),
    /// One BLK's scorecard: kebekerjaan against what its programmes and labour market lead to expect, completion, certification, cost per placement, time to first job.
    Scorecard(outcomes::ScorecardArgs),
    /// Results framework: targets, achievement to date and year-end forecast; `targets import <file>` loads targets.
    Targets(outcomes::TargetsArgs),
    /// Best open vacancies for a person (or candidates for a vacancy) with the parts of each score; --record makes a placement.
    Match(matching::MatchArgs),
}

#[derive(Args)]
struct ImportArgs {
    /// Write a template (header and an example row) for this entity instead of importing.
    #[arg(long, value_name = "ENTITY", conflicts_with_all = ["dry_run", "skip_invalid"])]
    template: Option<String>,
    /// vacancies, job-seekers, blks, cohorts, placements, tracer, indicators or targets.
    entity: Option<String>,
    /// The CSV or XLSX file.
    file: Option<PathBuf>,
    /// Check everything and show the report without writing.
    #[arg(long)]
    dry_run: bool,
    /// Import the valid rows and write the rejected ones, with reasons, to a side file.
    #[arg(long)]
    skip_invalid: bool,
    /// Where the data came from (kept on the batch); defaults to the file name.
    #[arg(long)]
    source: Option<String>,
    /// Side file for rejected rows (default: <file>.rejected.csv); template output with --template.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Args)]
struct SynthArgs {
    /// `all` (every entity, into the -o folder) or `job-seekers` (one file of --rows rows).
    what: String,
    #[arg(short, long)]
    output: PathBuf,
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    #[arg(long, default_value_t = 100_000)]
    rows: usize,
    #[arg(long, default_value_t = 20250101)]
    seed: u64,
    /// Shifts the NIK space so that files with different offsets never share a person.
    #[arg(long, default_value_t = 0)]
    offset: u64,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Import N synthetic job-seeker rows from CSV into a fresh SQLite database.
    Import {
        #[arg(long, default_value_t = 1_000_000)]
        rows: usize,
    },
    /// Load the gap benchmark Parquet file into the analytics snapshot and time its three queries.
    Gap {
        #[arg(long)]
        input: PathBuf,
        /// Timed runs per query (after one warm-up); the median is reported.
        #[arg(long, default_value_t = 7)]
        runs: usize,
    },
    /// Occupation coder: index build time, titles/s and full ads/s on one core.
    Coder {
        /// Ads to code (CSV or XLSX with a title column and, ideally, descriptions and context
        /// columns, as `listraf code` reads them).
        #[arg(long)]
        input: PathBuf,
        /// Titles to code; full ads are a fifth of this.
        #[arg(long, default_value_t = 200_000)]
        n: usize,
        /// Which shipped models: `indonesia` (Indonesian ads), `international` (foreign vacancy
        /// titles) or `auto` (Indonesian when most ads name a place in Indonesia, else unless
        /// nearly none of the titles carries an Indonesian word).
        #[arg(long, default_value = "auto")]
        profile: String,
    },
    /// Time to compute the national outcome tables from the demo database (or --db).
    Outcomes(outcomes::BenchOutcomesArgs),
    /// National allocation over every BLK × programme of the database: problem size and solve time.
    Allocate(plan::BenchAllocateArgs),
    /// Top-k matching latency among synthetic open vacancies (one thread).
    Match(matching::BenchMatchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Output piped into `head` ends quietly when the reader leaves, as other Unix tools do,
    // instead of failing on a broken pipe (Rust ignores SIGPIPE by default). Not for the
    // server: a client that hangs up must cost it a request, never the process.
    #[cfg(unix)]
    if !matches!(cli.command, Command::Serve { .. } | Command::Demo { .. }) {
        // SAFETY: restoring the default action of a signal before any thread is started.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let db = cli.db.clone();
    let target_of = |default: &str| db.clone().unwrap_or_else(|| default.to_string());
    let open = |default: &str| -> Result<Store> {
        let target = target_of(default);
        Store::open(&target).with_context(|| format!("opening database {target}"))
    };
    match cli.command {
        Command::Demo {
            no_serve,
            scale,
            seed,
        } => demo(db.as_deref(), scale, seed, no_serve),
        Command::Import(args) => import(args, || open("./listraf.db")),
        Command::Migrate => {
            let mut s = open("./listraf.db")?;
            let version = s.schema_version()?;
            println!(
                "{}: schema version {version} (this listraf writes {})",
                s.target(),
                store::LATEST_VERSION
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { entity, output } => {
            let mut s = open("./listraf.db")?;
            let n = match &output {
                Some(path) => {
                    let mut f = std::io::BufWriter::new(
                        std::fs::File::create(path)
                            .with_context(|| format!("creating {}", path.display()))?,
                    );
                    let n = pipeline::export_csv(&mut s, &Scope::Central, "cli", &entity, &mut f)?;
                    f.flush()?;
                    n
                }
                None => pipeline::export_csv(
                    &mut s,
                    &Scope::Central,
                    "cli",
                    &entity,
                    &mut std::io::stdout().lock(),
                )?,
            };
            if let Some(path) = output {
                eprintln!("wrote {n} {entity} rows to {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { output } => {
            // Opening creates a missing database; a mistyped source would then "back up" an
            // empty one, and a restore from it would install nothing.
            let source = target_of("./listraf.db");
            if !source.starts_with("postgres://")
                && !source.starts_with("postgresql://")
                && !Path::new(&source).is_file()
            {
                bail!(
                    "{source} does not exist: there is no database to back up (give it with --db)"
                );
            }
            let mut s = open("./listraf.db")?;
            let started = std::time::Instant::now();
            let copy = s
                .backup_to(&output)
                .with_context(|| format!("backing up {} to {}", s.target(), output.display()))?;
            let size = std::fs::metadata(&output).map(|m| m.len()).unwrap_or(0);
            println!(
                "{} written from {} in {:.1} s ({:.1} MB); the copy opens and passes the integrity and foreign-key checks",
                output.display(),
                s.target(),
                started.elapsed().as_secs_f64(),
                size as f64 / 1e6
            );
            println!(
                "the copy holds: BLKs {}, job seekers {}, vacancies {}, cohorts {}, trainees {}, placements {}, tracer responses {}, import batches {}",
                copy.blks,
                copy.job_seekers,
                copy.vacancies,
                copy.cohorts,
                copy.trainees,
                copy.placements,
                copy.tracer_responses,
                copy.batches
            );
            println!(
                "it holds personal data (names, telephone numbers, the NIK key): keep it as carefully as the database"
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Batches { limit } => {
            let mut s = open("./listraf.db")?;
            println!(
                "batch\tentity\timported_at\tfile\trows\tinserted\tupdated\tunchanged\trejected"
            );
            for b in s.batches(limit)? {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    b.id,
                    b.entity,
                    b.imported_at,
                    b.file_name,
                    b.rows_total,
                    b.rows_inserted,
                    b.rows_updated,
                    b.rows_unchanged,
                    b.rows_rejected
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Synth(a) => {
            match a.what.as_str() {
                "all" => {
                    std::fs::create_dir_all(&a.output)?;
                    for (entity, path) in synth::write_all(
                        &a.output,
                        &synth::SynthConfig {
                            seed: a.seed,
                            scale: a.scale,
                        },
                    )? {
                        eprintln!("{entity}: {}", path.display());
                    }
                }
                "job-seekers" => synth::write_job_seekers(&a.output, a.rows, a.seed, a.offset)?,
                other => bail!("cannot synthesise {other:?}; use `all` or `job-seekers`"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Code {
            input,
            output,
            profile,
            reviews,
        } => {
            let reviewed = if reviews {
                let target = db.clone().unwrap_or_else(|| "./listraf.db".to_string());
                // Opening a missing SQLite file would create an empty database and read no
                // review: a mistyped path must say so instead.
                if !target.contains("://") && !Path::new(&target).exists() {
                    bail!("--reviews: no database at {target} (give it with --db)");
                }
                pipeline::review::ReviewedTitles::load(&mut open("./listraf.db")?)
                    .context("reading the occupation review")?
            } else {
                Default::default()
            };
            coding::code_file(&input, &output, &profile, &reviewed)
        }
        Command::EvalCoder {
            gold,
            title_col,
            code_col,
            description_col,
            context_col,
            split,
            folds,
            kbji,
            indonesian_folds,
            without_linear,
            profile,
            rows,
            ads_dir,
        } => coding::eval_coder(
            &gold,
            &coding::GoldColumns {
                title: &title_col,
                code: &code_col,
                description: description_col.as_deref(),
                context: &context_col,
                split: split.as_deref(),
            },
            &coding::EvalOptions {
                folds,
                kbji,
                indonesian_folds,
                without_linear,
                profile: &profile,
                rows: rows.as_deref(),
                ads_dir: ads_dir.as_deref(),
            },
        ),
        Command::TrainCoder {
            gold,
            title_col,
            code_col,
            out_dir,
            ads_dir,
        } => coding::train_coder(&gold, &title_col, &code_col, &out_dir, ads_dir.as_deref()),
        Command::Serve { addr } => serve::serve(db.as_deref().unwrap_or("./listraf.db"), addr),
        Command::Recode { dry_run } => coding::recode(&mut open("./listraf.db")?, dry_run),
        Command::Review(c) => coding::review(&mut open("./listraf.db")?, c),
        Command::Bench(BenchCommand::Import { rows }) => bench_import(rows),
        Command::Bench(BenchCommand::Gap { input, runs }) => bench_gap(&input, runs),
        Command::Bench(BenchCommand::Coder { input, n, profile }) => {
            coding::bench_coder(&input, n, &profile)
        }
        Command::Gap(args) => gap::gap(args, &mut open("./listraf.db")?),
        Command::Forecast(args) => gap::forecast(args, &mut open("./listraf.db")?),
        Command::Backtest(args) => gap::backtest(args, &mut open("./listraf.db")?),
        Command::Potential(args) => potential::potential(args, &mut open("./listraf.db")?),
        Command::Recommend(args) => plan::recommend_cmd(args, &mut open("./listraf.db")?),
        Command::Allocate(args) => plan::allocate_cmd(args, &mut open("./listraf.db")?),
        Command::Whatif(args) => plan::whatif_cmd(args, &mut open("./listraf.db")?),
        Command::Plans(args) => plan::plans_cmd(args, &mut open("./listraf.db")?),
        Command::Tracer(cmd) => outcomes::tracer(cmd, &mut open("./listraf.db")?),
        Command::Outcomes(args) => outcomes::outcomes(args, &mut open("./listraf.db")?),
        Command::Scorecard(args) => outcomes::scorecard(args, &mut open("./listraf.db")?),
        Command::Targets(args) => outcomes::targets(args, &mut open("./listraf.db")?),
        Command::Bench(BenchCommand::Outcomes(args)) => {
            outcomes::bench_outcomes(args, &mut open("./listraf-demo.db")?)
        }
        Command::Match(args) => matching::run(args, &mut open("./listraf.db")?),
        Command::Bench(BenchCommand::Match(args)) => matching::bench(args),
        Command::Bench(BenchCommand::Allocate(args)) => {
            plan::bench_allocate(args, &mut open("./listraf-demo.db")?)
        }
    }
}

/// Shortens text for a table column, marking the cut with an ellipsis.
pub(crate) fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

fn parse_entity(s: &str) -> Result<Entity> {
    Entity::parse(s).with_context(|| format!("unknown entity {s:?}; use one of vacancies, job-seekers, blks, cohorts, placements, tracer, indicators, targets"))
}

fn import(args: ImportArgs, open: impl FnOnce() -> Result<Store>) -> Result<ExitCode> {
    if let Some(t) = args.template {
        let entity = parse_entity(&t)?;
        match &args.output {
            Some(p)
                if p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) =>
            {
                ingest::write_template_xlsx(entity, p)?
            }
            Some(p) => {
                let mut f = std::fs::File::create(p)
                    .with_context(|| format!("creating {}", p.display()))?;
                ingest::write_template_csv(entity, &mut f)?;
            }
            None => ingest::write_template_csv(entity, &mut std::io::stdout().lock())?,
        }
        if let Some(p) = args.output {
            eprintln!("wrote the {entity} template to {}", p.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (Some(entity), Some(file)) = (args.entity, args.file) else {
        bail!(
            "usage: listraf import <entity> <file> [--dry-run] [--skip-invalid], or listraf import --template <entity>"
        );
    };
    let entity = parse_entity(&entity)?;
    let mut store = open()?;
    let opts = ImportOptions {
        dry_run: args.dry_run,
        skip_invalid: args.skip_invalid,
        source_label: args.source,
        actor: "cli".into(),
        synthetic: false,
        rejects_path: args.output,
    };
    let started = Instant::now();
    let report = run_import(&mut store, entity, &file, &opts)?;
    Ok(print_report(&report, started.elapsed().as_secs_f64()))
}

fn run_import(
    store: &mut Store,
    entity: Entity,
    file: &Path,
    opts: &ImportOptions,
) -> Result<ImportReport> {
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let name = file.display().to_string();
    let report = pipeline::import_file(
        store,
        &Scope::Central,
        entity,
        file,
        opts,
        &mut |pass, n| {
            bar.set_message(format!(
                "{name}: {} {n} rows",
                if pass == 1 { "checked" } else { "written" }
            ));
            bar.tick();
        },
    )
    .with_context(|| format!("importing {}", file.display()))?;
    bar.finish_and_clear();
    Ok(report)
}

fn print_report(r: &ImportReport, seconds: f64) -> ExitCode {
    for p in &r.problems {
        eprintln!("{p}");
    }
    if r.problem_count > r.problems.len() {
        eprintln!("… and {} more problems", r.problem_count - r.problems.len());
    }
    if !r.ignored_columns.is_empty() {
        eprintln!(
            "{}: ignored columns: {}",
            r.file,
            r.ignored_columns.join(", ")
        );
    }
    match &r.outcome {
        Outcome::Committed(s) => {
            println!(
                "{}: imported as {} batch #{}: {} inserted, {} updated, {} unchanged, {} rejected ({} rows, {:.1} s)",
                r.file,
                r.entity,
                s.batch_id,
                s.inserted,
                s.updated,
                s.unchanged,
                s.rejected,
                r.rows,
                seconds
            );
            if let Some(side) = &r.rejects_file {
                println!(
                    "{}: rejected rows and reasons written to {}",
                    r.file,
                    side.display()
                );
            }
            ExitCode::SUCCESS
        }
        Outcome::DryRun(s) => {
            println!(
                "{}: dry run, nothing written: would insert {}, update {}, leave {} unchanged, reject {} ({} rows)",
                r.file, s.inserted, s.updated, s.unchanged, s.rejected, r.rows
            );
            if r.problem_count > 0 {
                ExitCode::from(EXIT_DATA_PROBLEMS)
            } else {
                ExitCode::SUCCESS
            }
        }
        Outcome::AlreadyImported {
            batch_id,
            imported_at,
        } => {
            println!(
                "{}: this file was already imported as batch #{batch_id} on {imported_at}; nothing to do",
                r.file
            );
            ExitCode::SUCCESS
        }
        // No invalid row yet problems: the header was refused before any row was read, and
        // --skip-invalid cannot help.
        Outcome::Refused if r.invalid_rows == 0 => {
            eprintln!(
                "{}: refused: the header (line 1) has {} problem{}; no row was read and nothing was written. Add or rename the columns named above.",
                r.file,
                r.problem_count,
                if r.problem_count == 1 { "" } else { "s" }
            );
            ExitCode::from(EXIT_DATA_PROBLEMS)
        }
        Outcome::Refused => {
            eprintln!(
                "{}: refused: {} of {} rows have problems ({} in all); nothing was written. Fix them, or use --skip-invalid to import the valid rows.",
                r.file, r.invalid_rows, r.rows, r.problem_count
            );
            ExitCode::from(EXIT_DATA_PROBLEMS)
        }
    }
}

fn demo(db: Option<&str>, scale: f64, seed: u64, no_serve: bool) -> Result<ExitCode> {
    let target = db.unwrap_or("./listraf-demo.db").to_string();
    let is_file = !(target.starts_with("postgres://") || target.starts_with("postgresql://"));
    if is_file && Path::new(&target).exists() {
        let mut s = Store::open(&target).with_context(|| format!("opening {target}"))?;
        println!("{target} exists already; using it.");
        print_summary(&mut s)?;
    } else {
        let started = Instant::now();
        // One build at a time: a second would delete the first's file under it.
        let _lock = if is_file {
            Some(BuildLock::take(&target)?)
        } else {
            None
        };
        // Build beside the target and rename at the end, so an interrupted build never leaves
        // a half-filled demo database that a later run would take as finished.
        let building = if is_file {
            format!("{target}.building")
        } else {
            target.clone()
        };
        if is_file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{building}{suffix}"));
            }
        }
        let dir = tempfile::tempdir().context("creating a temporary folder")?;
        eprintln!("generating synthetic national data (seed {seed}, scale {scale})…");
        let files = synth::write_all(dir.path(), &synth::SynthConfig { seed, scale })
            .context("writing synthetic data")?;
        let mut s = Store::open(&building).with_context(|| format!("creating {building}"))?;
        for (entity, path) in files {
            let entity = parse_entity(entity)?;
            let opts = ImportOptions {
                actor: "demo".into(),
                synthetic: true,
                source_label: Some("synthetic demo data".into()),
                ..Default::default()
            };
            let t = Instant::now();
            let report = run_import(&mut s, entity, &path, &opts)?;
            match &report.outcome {
                Outcome::Committed(b) => eprintln!(
                    "  {entity}: {} rows in {:.1} s",
                    b.inserted + b.updated,
                    t.elapsed().as_secs_f64()
                ),
                other => {
                    for p in report.problems.iter().take(10) {
                        eprintln!("{p}");
                    }
                    bail!(
                        "the synthetic {entity} file did not import cleanly ({other:?}); this is a defect"
                    );
                }
            }
        }
        // Yearly targets for the results framework: proposed from the data's second-last
        // year (year 1 of the project is its last year), so the demo shows achievement against
        // targets. They are generated, like everything else in the demo.
        let last_year = s
            .latest_posting()?
            .map(|d| d.year())
            .and_then(|y| u16::try_from(y).ok());
        if let Some(last) = last_year {
            let file = dir.path().join("targets.csv");
            let n = pipeline::outcomes::write_proposed_targets_csv(
                &mut s,
                &analytics::outcomes::OutcomeSettings::default(),
                last - 1,
                &file,
            )?;
            let opts = ImportOptions {
                actor: "demo".into(),
                synthetic: true,
                source_label: Some("proposed demo targets".into()),
                ..Default::default()
            };
            let report = run_import(&mut s, Entity::Targets, &file, &opts)?;
            if !matches!(report.outcome, Outcome::Committed(_)) {
                bail!("the proposed demo targets did not import cleanly; this is a defect");
            }
            eprintln!("  targets: {n} proposed for {}–{}", last - 1, last + 2);
        }
        s.set_setting(
            "dataset",
            "synthetic demo data: not real people or vacancies",
        )?;
        s.checkpoint()?;
        drop(s);
        if is_file {
            std::fs::rename(&building, &target)
                .with_context(|| format!("moving {building} to {target}"))?;
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{building}{suffix}"));
            }
        }
        println!("built {target} in {:.1} s", started.elapsed().as_secs_f64());
        let mut s = Store::open(&target)?;
        print_summary(&mut s)?;
    }
    if !no_serve {
        return serve::serve(&target, serve::default_addr());
    }
    Ok(ExitCode::SUCCESS)
}

/// `<target>.lock`, created exclusively while a demo database is built and removed when the
/// build ends, however it ends (a crash leaves it, and the message says what to do).
struct BuildLock(String);

impl BuildLock {
    fn take(target: &str) -> Result<BuildLock> {
        let path = format!("{target}.lock");
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(_) => Ok(BuildLock(path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => bail!(
                "another `listraf demo` is building {target} ({path} exists): wait for it to finish, or delete {path} if no build is running"
            ),
            Err(e) => Err(e).with_context(|| format!("creating {path}")),
        }
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn print_summary(s: &mut Store) -> Result<()> {
    let sum = s.summary(&Scope::Central)?;
    println!(
        "BLKs {}, job seekers {}, vacancies {}, cohorts {}, trainees {}, placements {}, tracer responses {}, import batches {}",
        sum.blks,
        sum.job_seekers,
        sum.vacancies,
        sum.cohorts,
        sum.trainees,
        sum.placements,
        sum.tracer_responses,
        sum.batches
    );
    Ok(())
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn bench_import(rows: usize) -> Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    let csv = dir.path().join("job-seekers.csv");
    let t = Instant::now();
    synth::write_job_seekers(&csv, rows, 20250101, 0)?;
    eprintln!(
        "generated {rows} rows ({} MB) in {:.1} s",
        std::fs::metadata(&csv)?.len() >> 20,
        t.elapsed().as_secs_f64()
    );
    let rss_before = peak_rss_mb().unwrap_or(0.0);
    let mut s = Store::open(&dir.path().join("bench.db").display().to_string())?;
    let t = Instant::now();
    let report = run_import(
        &mut s,
        Entity::JobSeekers,
        &csv,
        &ImportOptions {
            actor: "bench".into(),
            ..Default::default()
        },
    )?;
    let secs = t.elapsed().as_secs_f64();
    let Outcome::Committed(b) = report.outcome else {
        bail!("the benchmark file did not import: {:?}", report.outcome)
    };
    println!(
        "bench=import entity=job-seekers engine=sqlite rows={} inserted={} seconds={:.2} rows_per_sec={:.0} peak_rss_mb={:.0} peak_rss_before_import_mb={:.0}",
        rows,
        b.inserted,
        secs,
        rows as f64 / secs,
        peak_rss_mb().unwrap_or(0.0),
        rss_before
    );
    Ok(ExitCode::SUCCESS)
}

/// The gap benchmark of `/work/shared/bench/ANALYTICS.md`: load the Parquet file into the
/// analytics snapshot, then time queries (a), (b) and (c) on the warm snapshot (one warm-up and
/// `runs` timed runs each, median), the way the DuckDB and Polars figures were taken.
fn bench_gap(input: &Path, runs: usize) -> Result<ExitCode> {
    use analytics::{DenseColumns, GrowthQuery, Snapshot};
    use std::hint::black_box;
    use std::time::Duration;

    const EXPECTED_SHA256: &str =
        "fbeb049003e1d440ceb8257a752d5553121896c0b761dffa3f8761ce004026d4";
    // (rows, sum) for (a) and (b), (rows, sum of cur, order) for (c), from ANALYTICS.md.
    const EXPECTED_A: (usize, i64) = (2_463_845, 18_798_090);
    const EXPECTED_B: (usize, i64) = (36_332, 409_891);
    const EXPECTED_C: (usize, i64, &str) = (
        20,
        8_569,
        "2619,3113,2523,2351,3256,3422,5153,8171,2114,7113,2529,4223,2421,2514,7119,1420,9333,4412,8156,7522",
    );

    fn ms(d: Duration) -> f64 {
        d.as_secs_f64() * 1e3
    }
    /// One untimed warm-up, then `runs` timed runs; returns the median and the last result.
    fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
        let mut last = black_box(f());
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            drop(last);
            let t = Instant::now();
            last = black_box(f());
            times.push(ms(t.elapsed()));
        }
        times.sort_by(f64::total_cmp);
        let mid = times.len() / 2;
        let median = if times.len() % 2 == 1 {
            times[mid]
        } else {
            (times[mid - 1] + times[mid]) / 2.0
        };
        (median, last)
    }

    if runs == 0 {
        bail!("--runs must be at least 1");
    }
    let sha = ingest::file_sha256(input).with_context(|| format!("hashing {}", input.display()))?;
    println!("sha256={sha}");
    let is_reference_file = sha == EXPECTED_SHA256;
    if !is_reference_file {
        eprintln!(
            "warning: {} is not the benchmark file of ANALYTICS.md (SHA-256 {EXPECTED_SHA256}); timings are not comparable and answers are not checked",
            input.display()
        );
    }

    let t = Instant::now();
    let cols = ingest::parquet::read_vacancy_columns(input)
        .with_context(|| format!("reading {}", input.display()))?;
    let read = t.elapsed();
    let t = Instant::now();
    // The file's region_id is already the dense regency index and month the month index.
    let snap = Snapshot::from_dense(
        DenseColumns {
            region: &cols.region_id,
            isco: &cols.isco_unit,
            month: &cols.month,
            positions: &cols.positions,
            salary: &cols.salary,
        },
        analytics::regions::n_regencies(),
    )
    .with_context(|| format!("building the snapshot of {}", input.display()))?;
    let build = t.elapsed();
    drop(cols);
    println!(
        "load_ms={:.1} read_ms={:.1} build_ms={:.1}",
        ms(read + build),
        ms(read),
        ms(build)
    );
    let bytes = snap.snapshot_bytes();
    println!(
        "snapshot_bytes={bytes} bytes_per_row={:.2} rows={} cells={}",
        bytes as f64 / snap.n_rows().max(1) as f64,
        snap.n_rows(),
        snap.n_cells()
    );

    let all_regions = analytics::regions::all();
    let all_months = 0..snap.n_months() as u16;
    let (a_ms, a) = time(runs, || {
        snap.positions_by_cell(all_regions.clone(), all_months.clone())
    });
    let a_answer = (a.len(), a.iter().map(|g| g.3).sum::<i64>());
    drop(a);
    println!(
        "query=a median_ms={a_ms:.3} rows={} sum={}",
        a_answer.0, a_answer.1
    );

    let (b_ms, b) = time(runs, || snap.positions_by_cell(0..30, 48..60));
    let b_answer = (b.len(), b.iter().map(|g| g.3).sum::<i64>());
    println!(
        "query=b median_ms={b_ms:.3} rows={} sum={}",
        b_answer.0, b_answer.1
    );

    let q = GrowthQuery {
        regions: 267..268,
        current: 48..60,
        previous: 36..48,
        min_previous: 10,
        limit: 20,
    };
    let (c_ms, c) = time(runs, || snap.occupation_growth(&q));
    let order = c
        .iter()
        .map(|g| g.isco.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let c_sum: i64 = c.iter().map(|g| g.current).sum();
    println!(
        "query=c median_ms={c_ms:.3} rows={} sum={c_sum} order={order}",
        c.len()
    );

    // For context, not part of the comparison: (a) recomputed from the row columns without the
    // pre-aggregated cells, to show what the cells buy.
    let (scan_ms, scan) = time(runs, || {
        snap.positions_by_cell_from_rows(all_regions.clone(), all_months.clone())
    });
    eprintln!(
        "note: query=a from the clustered rows instead of the cells: median_ms={scan_ms:.3} rows={}; peak_rss_mb={:.0}",
        scan.len(),
        peak_rss_mb().unwrap_or(0.0)
    );

    if is_reference_file {
        let mut wrong = Vec::new();
        if a_answer != EXPECTED_A {
            wrong.push("a");
        }
        if b_answer != EXPECTED_B {
            wrong.push("b");
        }
        if (c.len(), c_sum, order.as_str()) != EXPECTED_C {
            wrong.push("c");
        }
        if scan.len() != EXPECTED_A.0 {
            wrong.push("a from rows");
        }
        if !wrong.is_empty() {
            bail!(
                "wrong answers for query {} (expected values are in ANALYTICS.md); this is a defect",
                wrong.join(", ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

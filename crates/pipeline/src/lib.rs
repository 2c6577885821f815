//! The import use case: a file goes through `ingest` (parse, validate) into `store` (one
//! transaction), and comes back as a report a person can act on.
//!
//! Shared by the command line and the web server so that both behave the same way:
//! - pass 1 validates every row without touching the database;
//! - by default any invalid row refuses the whole file, and nothing is written at all;
//! - `skip_invalid` imports the valid rows and writes the rejected ones, with reasons, to a
//!   side file;
//! - pass 2 writes inside one transaction; rows that refer to unknown BLKs, cohorts or persons
//!   are problems too, and (unless skipped) roll the whole batch back;
//! - a dry run does everything but commit.
//!
//! `analysis` is the read side: the facts `analytics` is built from, read once for the command
//! line and the web server alike. `coding` codes a file of ads without storing it (`listraf
//! code` and the web's file coding); `recode` codes the stored vacancies again.

pub mod analysis;
pub mod coding;
pub mod matching;
pub mod outcomes;
pub mod plan;
pub mod recode;
pub mod review;

use std::io::Write;
use std::path::{Path, PathBuf};

use domain::{IscoCode, Scope};
use ingest::{Entity, IngestError, RawRow, RowProblem, Source, XlsxLimits};
use store::{BatchMeta, BatchSummary, RowOutcome, Store, StoreError};
use thiserror::Error;

/// The most problems kept in a report; the count still covers all of them.
pub const MAX_REPORTED_PROBLEMS: usize = 1000;

#[derive(Debug, Error)]
pub enum PipelineError {
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file this run writes (the rejected rows, an export, proposed targets).
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
    #[error("{file}: no title column (accepted: {accepted})")]
    NoTitleColumn { file: String, accepted: String },
    #[error("writing the coded file: {0}")]
    Output(String),
}

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub dry_run: bool,
    pub skip_invalid: bool,
    /// Where the data came from; defaults to the file name.
    pub source_label: Option<String>,
    pub actor: String,
    pub synthetic: bool,
    /// Where rejected rows go with `skip_invalid`; defaults to `<file>.rejected.csv`.
    pub rejects_path: Option<PathBuf>,
}

/// How an import ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Written and committed.
    Committed(BatchSummary),
    /// Everything checked, nothing written (the summary says what would have happened).
    DryRun(BatchSummary),
    /// Problems were found and the file was refused as a whole; the database is unchanged.
    Refused,
    /// This exact file was imported before; nothing to do.
    AlreadyImported { batch_id: i64, imported_at: String },
}

#[derive(Debug, Clone)]
pub struct ImportReport {
    pub file: String,
    pub entity: Entity,
    pub rows: usize,
    pub invalid_rows: usize,
    /// All problems found, up to [`MAX_REPORTED_PROBLEMS`].
    pub problems: Vec<RowProblem>,
    pub problem_count: usize,
    pub ignored_columns: Vec<String>,
    pub rejects_file: Option<PathBuf>,
    pub outcome: Outcome,
}

impl ImportReport {
    fn push(&mut self, p: RowProblem) {
        self.problem_count += 1;
        if self.problems.len() < MAX_REPORTED_PROBLEMS {
            self.problems.push(p);
        }
    }
}

/// Imports one file. `progress` is called now and then with the number of rows handled in the
/// current pass and the pass number (1 = checking, 2 = writing).
pub fn import_file(
    store: &mut Store,
    scope: &Scope,
    entity: Entity,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(u8, usize),
) -> Result<ImportReport, PipelineError> {
    let source = Source::open(path, XlsxLimits::default())?;
    let mut report = ImportReport {
        file: source.display_name.clone(),
        entity,
        rows: 0,
        invalid_rows: 0,
        problems: Vec::new(),
        problem_count: 0,
        ignored_columns: Vec::new(),
        rejects_file: None,
        outcome: Outcome::Refused,
    };
    // The file's hash (for the registry) is computed on a second core during pass 1.
    let (sha, pass1) = std::thread::scope(|scope| {
        let hasher = scope.spawn(|| ingest::file_sha256(path));
        let pass1 = validate(&source, entity, &mut report, progress);
        let sha = hasher.join().unwrap_or_else(|_| {
            Err(IngestError::Unsupported {
                file: source.display_name.clone(),
                reason: "the file could not be hashed".into(),
            })
        });
        (sha, pass1)
    });
    let sha = sha?;
    if let Some(b) = store.find_batch(entity.name(), &sha)? {
        report.problems.clear();
        report.problem_count = 0;
        report.outcome = Outcome::AlreadyImported {
            batch_id: b.id,
            imported_at: b.imported_at,
        };
        return Ok(report);
    }
    let Some(summary) = pass1? else {
        return Ok(report);
    };
    report.rows = summary.rows;
    report.invalid_rows = summary.invalid;
    report.ignored_columns = summary.ignored_columns;
    // A file of nothing but a header (a template sent back empty) is an error, as an empty
    // file is, and leaves no empty batch behind.
    if summary.rows == 0 {
        return Err(IngestError::NoRows {
            file: source.display_name.clone(),
        }
        .into());
    }
    // Skipping invalid rows still needs a valid one: a batch of none records nothing.
    let all_invalid = summary.invalid == summary.rows;
    if summary.invalid > 0 && (!opts.skip_invalid || all_invalid) && !opts.dry_run {
        return Ok(report);
    }

    // Pass 2: write inside one transaction.
    let label = opts
        .source_label
        .clone()
        .unwrap_or_else(|| source.display_name.clone());
    let meta = BatchMeta {
        entity: entity.name(),
        file_name: &source.display_name,
        file_sha256: &sha,
        source_label: &label,
        actor: &opts.actor,
        synthetic: opts.synthetic,
    };
    // Titles coded by hand take their reviewer's code in place of the coder's, in ads and in
    // the occupations job seekers write.
    let reviewed = if matches!(entity, Entity::Vacancies | Entity::JobSeekers) {
        review::ReviewedTitles::load(store)?
    } else {
        Default::default()
    };
    let mut session = match store.begin_import(scope, &meta) {
        Ok(s) => s,
        Err(StoreError::AlreadyImported {
            batch_id,
            imported_at,
            ..
        }) => {
            report.outcome = Outcome::AlreadyImported {
                batch_id,
                imported_at,
            };
            return Ok(report);
        }
        Err(e) => return Err(e.into()),
    };
    // (line, columns, reason, reason in Indonesian, the row's cells)
    let mut rejects: Vec<(usize, String, String, String, Vec<String>)> = Vec::new();
    let mut store_error: Option<StoreError> = None;
    // Parsing runs on a second thread while this one writes: on two cores that nearly halves
    // the time of a large import, and the channel bounds the memory in flight.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<ParsedRow>>(16);
    let keep_raw = opts.skip_invalid;
    let read_result = std::thread::scope(|scope| {
        let source = &source;
        let reader = scope.spawn(move || {
            // Rows travel in chunks: one hand-over per row would cost more than the row.
            let mut chunk = Vec::with_capacity(CHUNK);
            let result = ingest::read_records(source, entity, |raw: &RawRow, result| {
                let raw_cells = keep_raw.then(|| raw.to_strings());
                chunk.push(ParsedRow {
                    line: raw.line,
                    result,
                    raw_cells,
                });
                if chunk.len() == CHUNK {
                    // A closed channel means the writer stopped on an error; the rest is moot.
                    let _ = tx.send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)));
                }
            });
            let _ = tx.send(chunk);
            result
        });
        let mut n = 0usize;
        // The receiver lives in this block only: when the writer stops early (a store error or
        // a changed file), dropping it makes the reader's sends fail, so the reader ends too.
        let rx = rx;
        for row in rx.iter().flatten() {
            n += 1;
            if n.is_multiple_of(10_000) {
                progress(2, n);
            }
            match row.result {
                Err(problems) => {
                    if !opts.skip_invalid && !opts.dry_run {
                        // Pass 1 found no invalid row, so the file changed between the passes.
                        store_error = Some(StoreError::Internal(format!(
                            "{} changed while it was being imported (line {} is now invalid); nothing was written, import it again",
                            source.display_name, row.line
                        )));
                        break;
                    }
                    if opts.skip_invalid {
                        let joined = |f: &dyn Fn(&RowProblem) -> String| {
                            problems.iter().map(f).collect::<Vec<_>>().join("; ")
                        };
                        let mut columns: Vec<&str> =
                            problems.iter().map(|p| p.column.as_str()).collect();
                        columns.dedup();
                        rejects.push((
                            row.line,
                            columns.join(";"),
                            joined(&|p| format!("{}: {}", p.column, p.reason)),
                            joined(&|p| format!("{}: {}", p.column, p.reason_id)),
                            row.raw_cells.unwrap_or_default(),
                        ));
                    }
                }
                Ok(mut record) => match session.add(code_record(&mut record, &reviewed)) {
                    Ok(RowOutcome::Rejected {
                        column,
                        reason,
                        reason_id,
                    }) => {
                        if opts.skip_invalid {
                            rejects.push((
                                row.line,
                                column.to_string(),
                                reason.clone(),
                                reason_id.clone(),
                                row.raw_cells.unwrap_or_default(),
                            ));
                        }
                        report.push(RowProblem {
                            file: source.display_name.clone(),
                            line: row.line,
                            column: column.to_string(),
                            reason,
                            reason_id,
                        });
                    }
                    Ok(_) => {}
                    Err(e) => {
                        store_error = Some(e);
                        break;
                    }
                },
            }
        }
        drop(rx);
        reader.join().unwrap_or_else(|_| {
            Err(IngestError::Malformed {
                file: source.display_name.clone(),
                line: None,
                reason: "the reader thread failed".into(),
            })
        })
    });
    read_result?;
    if let Some(e) = store_error {
        session.rollback()?;
        return Err(e.into());
    }
    if entity == Entity::Vacancies {
        recluster(&mut session)?;
    }
    session.note_rejected(report.invalid_rows as u64);
    let referential_problems = session.summary().rejected as usize > report.invalid_rows;
    if opts.dry_run {
        let s = session.summary().clone();
        session.rollback()?;
        report.outcome = Outcome::DryRun(s);
        return Ok(report);
    }
    if referential_problems && !opts.skip_invalid {
        session.rollback()?;
        report.invalid_rows = report
            .problems
            .iter()
            .map(|p| p.line)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        return Ok(report);
    }
    if !rejects.is_empty() {
        let side = opts
            .rejects_path
            .clone()
            .unwrap_or_else(|| rejects_path_for(path));
        let delimiter = match source.format {
            ingest::Format::Csv { delimiter, .. } => delimiter,
            ingest::Format::Xlsx => b',',
        };
        write_rejects(&side, &source.headers, &rejects, delimiter)?;
        report.rejects_file = Some(side);
    }
    report.outcome = Outcome::Committed(session.commit()?);
    Ok(report)
}

const CHUNK: usize = 512;

/// The code of an occupation a job seeker wrote in words: a reviewed title's code, else the
/// coder's when it is confident enough.
pub(crate) fn wish_code(text: &str, reviewed: &review::ReviewedTitles) -> Option<IscoCode> {
    reviewed
        .code_of(text)
        .or_else(|| classify::Coder::shipped().code(text, None).code)
}

/// The codes of a job seeker's written wishes, in their order, less those the source gave
/// (`given`) and repeats.
pub(crate) fn wish_codes(
    given: &[IscoCode],
    texts: &[String],
    reviewed: &review::ReviewedTitles,
) -> Vec<IscoCode> {
    let mut out: Vec<IscoCode> = Vec::new();
    for text in texts {
        if let Some(code) = wish_code(text, reviewed)
            && !given.contains(&code)
            && !out.contains(&code)
        {
            out.push(code);
        }
    }
    out
}

/// Fills what the source left out: a vacancy's occupation from its title, description and
/// context fields, its region from the location text and the title's place
/// ([`classify::location::workplace`]), and the codes of occupations a job seeker wrote in words
/// (in each case only when the coder or resolver is confident enough). A vacancy whose title
/// was reviewed (`reviewed`, by [`classify::lexicon::title_key`]) takes the reviewer's code,
/// and so does a job seeker's wish written as that title.
fn code_record<'r>(
    record: &'r mut ingest::Record,
    reviewed: &review::ReviewedTitles,
) -> &'r ingest::Record {
    if let ingest::Record::JobSeeker(j) = record {
        j.preferred_coded = wish_codes(&j.preferred_isco, &j.preferred_text, reviewed);
    }
    if let ingest::Record::Vacancy(v) = record {
        if v.isco.is_none()
            && let Some(code) = reviewed.code_of(&v.title)
        {
            v.isco = Some(code);
            v.isco_reviewed = true;
        }
        if v.isco.is_none()
            && let Some((code, confidence)) =
                listraf_code(&v.title, v.description.as_deref(), v.context.as_deref())
        {
            v.isco = Some(code);
            v.isco_confidence = Some(confidence);
        }
        if v.region.is_none() {
            // Where the work is: the location, or the place the title names
            // ("… Internship (Semarang)" listed at the head office in Tangerang).
            let located = v
                .location_text
                .as_deref()
                .and_then(|t| classify::location::resolve(t).region());
            if let Some(region) = classify::location::workplace(&v.title, located).region {
                v.region = Some(region);
                v.region_resolved = true;
            }
        }
    }
    record
}

/// The occupation Listraf records for a vacancy its source left uncoded: the shipped coder's
/// answer from the title, description and context fields, with its confidence; `None` when
/// the coder is not confident enough. Imports and `recode` both store exactly this.
pub(crate) fn listraf_code(
    title: &str,
    description: Option<&str>,
    context: Option<&str>,
) -> Option<(domain::IscoCode, f32)> {
    let c = classify::Coder::shipped().code_ad(
        title,
        classify::coder::AdBody {
            description,
            context,
        },
    );
    c.code.map(|code| (code, c.confidence))
}

/// The registry key of a batch that read no file (a recode, a review): it only has to be
/// unique, and the entity, what the batch is about, the moment to the nanosecond, the process
/// and a counter within it make it so.
pub(crate) fn unique_batch_key(entity: &str, about: &str) -> String {
    static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{entity}:{about}:{nanos}:{}:{run}", std::process::id())
}

/// Recomputes duplicate clusters over all vacancies and records the ones that changed.
fn recluster(session: &mut store::ImportSession<'_>) -> Result<(), PipelineError> {
    use classify::dedup::{AdText, DedupConfig, clusters};
    let rows = session.vacancies_for_dedup()?;
    let texts: Vec<AdText> = rows
        .iter()
        .map(|r| AdText {
            title: &r.title,
            employer: r.employer.as_deref(),
            description: r.description.as_deref(),
            region: r.region,
            posted_day: r.posted.map(|d| d.days_since_epoch()).unwrap_or(0),
        })
        .collect();
    let first = clusters(&texts, &DedupConfig::default());
    let changes: Vec<(i64, i64)> = rows
        .iter()
        .zip(&first)
        .filter_map(|(r, &f)| {
            let cluster = rows[f].id;
            (r.cluster != Some(cluster)).then_some((r.id, cluster))
        })
        .collect();
    session.set_duplicate_clusters(&changes)?;
    Ok(())
}

/// One row handed from the parsing thread to the writing thread.
struct ParsedRow {
    line: usize,
    result: Result<ingest::Record, Vec<RowProblem>>,
    /// The row's cells as text, kept only when rejected rows go to a side file.
    raw_cells: Option<Vec<String>>,
}

/// Pass 1: every row validated, problems collected, nothing written. `None` when the header
/// itself is wrong (its problems are then in the report).
fn validate(
    source: &Source,
    entity: Entity,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(u8, usize),
) -> Result<Option<ingest::ReadSummary>, PipelineError> {
    let mut n = 0usize;
    match ingest::read_records(source, entity, |_, result| {
        n += 1;
        if n.is_multiple_of(10_000) {
            progress(1, n);
        }
        if let Err(problems) = result {
            for p in problems {
                report.push(p);
            }
        }
    }) {
        Ok(s) => Ok(Some(s)),
        Err(IngestError::Header { problems, .. }) => {
            for p in problems {
                report.push(p);
            }
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// `data/pencaker.csv` → `data/pencaker.rejected.csv`.
pub fn rejects_path_for(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".into());
    path.with_file_name(format!("{stem}.rejected.csv"))
}

/// The side file of rejected rows: the line, the columns, the reason in English and in
/// Indonesian, then the row as it was, so it can be fixed and imported again (the first four
/// columns are ignored then). It keeps the source's delimiter, so a spreadsheet set up for
/// the source (";" in an Indonesian Excel) opens it in columns, and starts with a byte-order
/// mark, so the spreadsheet reads it as UTF-8 whatever the source's encoding.
fn write_rejects(
    path: &Path,
    headers: &[String],
    rows: &[(usize, String, String, String, Vec<String>)],
    delimiter: u8,
) -> Result<(), PipelineError> {
    let err = |e: &dyn std::fmt::Display| PipelineError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| err(&e))?);
    file.write_all(b"\xEF\xBB\xBF").map_err(|e| err(&e))?;
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(file);
    let mut header = vec![
        "line".to_string(),
        "column".to_string(),
        "reason".to_string(),
        "alasan".to_string(),
    ];
    header.extend(headers.iter().cloned());
    // A row rejected for having more cells than the header keeps them all: the side file
    // gets a named column for each extra cell, and shorter rows are padded, so every record
    // has the header's width (a CSV writer refuses ragged records, and spreadsheets misread
    // them).
    let width = rows
        .iter()
        .map(|r| r.4.len())
        .max()
        .unwrap_or(0)
        .max(headers.len());
    header.extend((headers.len()..width).map(|i| format!("(extra {})", i - headers.len() + 1)));
    w.write_record(&header).map_err(|e| err(&e))?;
    for (line, column, reason, reason_id, cells) in rows {
        let mut rec = vec![
            line.to_string(),
            column.clone(),
            reason.clone(),
            reason_id.clone(),
        ];
        rec.extend(cells.iter().map(|c| escape_formula(c)));
        rec.resize(4 + width, String::new());
        w.write_record(&rec).map_err(|e| err(&e))?;
    }
    w.flush().map_err(|e| err(&e))
}

/// Cells that a spreadsheet would run as a formula get a leading apostrophe (CSV injection).
/// A telephone number written "+62…" is escaped too: a spreadsheet would read it as a number
/// and drop its plus sign and any leading digits' meaning.
pub fn escape_formula(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\0') => {
            // A plain negative number is data, not a formula.
            if cell.starts_with('-') && cell.parse::<f64>().is_ok() {
                cell.to_string()
            } else {
                format!("'{cell}")
            }
        }
        _ => cell.to_string(),
    }
}

/// Writes an entity export as CSV, formula-escaped, and records who took it
/// (`Store::record_export`).
pub fn export_csv(
    store: &mut Store,
    scope: &Scope,
    actor: &str,
    entity: &str,
    out: &mut dyn Write,
) -> Result<u64, PipelineError> {
    let columns = store::export_columns(entity)
        .ok_or_else(|| StoreError::Internal(format!("unknown entity {entity:?}; use one of blks, job-seekers, vacancies, cohorts, placements, tracer, indicators, targets")))?;
    let mut w = csv::Writer::from_writer(out);
    let werr = |e: csv::Error| PipelineError::Write {
        path: format!("the {entity} export"),
        reason: e.to_string(),
    };
    // On record before the first row leaves: an export cut off half way (a closed pipe, a
    // full disk) has still taken rows out.
    store.record_export_as(actor, entity, scope, "started")?;
    w.write_record(columns).map_err(werr)?;
    let mut n = 0u64;
    let mut failure = None;
    store.export(scope, entity, |row| {
        if failure.is_none() {
            let row: Vec<String> = row.iter().map(|c| escape_formula(c)).collect();
            if let Err(e) = w.write_record(&row) {
                failure = Some(e);
            }
            n += 1;
        }
    })?;
    if let Some(e) = failure {
        return Err(werr(e));
    }
    w.flush().map_err(|e| werr(e.into()))?;
    store.record_export(actor, entity, scope, n)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::escape_formula;

    #[test]
    fn cells_a_spreadsheet_would_run_are_escaped_and_numbers_kept() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("+6281234567890", "'+6281234567890"),
            ("+62 812-3456-7890", "'+62 812-3456-7890"),
            ("-las listrik", "'-las listrik"),
            ("\tx", "'\tx"),
            ("\0x", "'\0x"),
            ("-12.5", "-12.5"),
            ("Tukang Las", "Tukang Las"),
            ("", ""),
        ] {
            assert_eq!(escape_formula(cell), written, "{cell:?}");
        }
    }
}

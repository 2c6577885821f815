//! Occupation-coding commands: `code`, `eval-coder` and `train-coder`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use classify::coder::{
    Calibration, Coder, Profile, ProfileEvidence, SourceAd, holdout_left_out, indonesian_titles,
    labelled_reposts, train_description_with, train_learned, train_learned_id, train_linear,
    train_linear_id, train_whole_ad_with,
};
use classify::eval::{
    EvalReport, Gold, cross_validate, evaluate, indonesian_cross_validate, kbji_holdout,
};
use classify::provenance;
use pipeline::coding::{AdFile, read_ads, write_coded};
use pipeline::review::ReviewedTitles;

/// Which columns of a gold file to read, and which rows.
#[derive(Default)]
pub struct GoldColumns<'a> {
    pub title: &'a str,
    pub code: &'a str,
    /// Read as each title's description when given (empty cells read as none).
    pub description: Option<&'a str>,
    /// Read as each title's context fields, already cut as `listraf code` cuts them (the gold
    /// sets' `context` column): non-empty cells joined by "; " in the order given.
    pub context: &'a [String],
    /// Only rows whose `split` column holds this value.
    pub split: Option<&'a str>,
}

/// Reads (title, code) pairs from a CSV with the named columns.
pub fn read_gold(path: &Path, cols: &GoldColumns<'_>) -> Result<Vec<Gold>> {
    let (title_col, code_col) = (cols.title, cols.code);
    let mut r =
        csv::Reader::from_path(path).with_context(|| format!("opening {}", path.display()))?;
    let headers = r.headers()?.clone();
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("{}: no column {name:?}", path.display()))
    };
    let (ti, ci) = (find(title_col)?, find(code_col)?);
    let di = cols.description.map(find).transpose()?;
    let xi: Vec<usize> = cols
        .context
        .iter()
        .map(|c| find(c))
        .collect::<Result<_>>()?;
    let si = cols.split.map(|_| find("split")).transpose()?;
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec?;
        if let (Some(i), Some(want)) = (si, cols.split)
            && rec.get(i) != Some(want)
        {
            continue;
        }
        let (Some(t), Some(c)) = (rec.get(ti), rec.get(ci)) else {
            continue;
        };
        let c = c.trim();
        if c.len() == 4 && c.bytes().all(|b| b.is_ascii_digit()) && !t.trim().is_empty() {
            out.push(Gold {
                title: t.to_string(),
                description: di
                    .and_then(|i| rec.get(i))
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(str::to_string),
                context: Some(
                    xi.iter()
                        .filter_map(|&i| rec.get(i))
                        .map(str::trim)
                        .filter(|x| !x.is_empty())
                        .collect::<Vec<_>>()
                        .join("; "),
                )
                .filter(|x| !x.is_empty()),
                code: c.to_string(),
            });
        }
    }
    Ok(out)
}

pub fn print_report(label: &str, r: &EvalReport) {
    println!("{label}: n={} coverage={:.3}", r.n, r.coverage());
    println!(
        "{label}: accuracy (uncoded = wrong) 1-digit={:.3} 2-digit={:.3} 3-digit={:.3} 4-digit={:.3}",
        r.accuracy[0], r.accuracy[1], r.accuracy[2], r.accuracy[3]
    );
    println!(
        "{label}: accuracy among coded     1-digit={:.3} 2-digit={:.3} 3-digit={:.3} 4-digit={:.3}",
        r.accuracy_coded[0], r.accuracy_coded[1], r.accuracy_coded[2], r.accuracy_coded[3]
    );
    for (i, (lo, hi, n, acc)) in r.deciles.iter().enumerate() {
        println!(
            "{label}: confidence decile {} (confidence {lo:.2}–{hi:.2}, n={n}): 4-digit accuracy {acc:.3}",
            i + 1
        );
    }
}

/// The profile `arg` names (`auto`, `indonesia`, `international`); `auto` reads it from where
/// the ads are placed (`in_indonesia`: for each ad naming a place, whether it resolved to an
/// Indonesian region) or else from the titles, and says what it chose and why on stderr.
pub fn choose_profile<'a>(
    arg: &str,
    titles: impl IntoIterator<Item = &'a str>,
    in_indonesia: impl IntoIterator<Item = bool>,
) -> Result<Profile> {
    if arg.trim().eq_ignore_ascii_case("auto") {
        let (p, evidence) = Profile::detect_ads(titles, in_indonesia);
        let why = match evidence {
            ProfileEvidence::Places(share) => format!(
                "{:.1} % of the ads naming a place are placed in Indonesia",
                100.0 * share
            ),
            ProfileEvidence::Titles(share) => format!(
                "{:.1} % of the titles carry Indonesian words",
                100.0 * share
            ),
        };
        eprintln!("coder profile: {} ({why}; --profile to choose)", p.name());
        return Ok(p);
    }
    Profile::parse(arg)
        .with_context(|| format!("--profile {arg:?}: expected auto, indonesia or international"))
}

/// What `listraf eval-coder` measures besides the gold file's own titles, and where it
/// writes the coded rows.
pub struct EvalOptions<'a> {
    pub folds: Option<usize>,
    pub kbji: bool,
    pub indonesian_folds: Option<usize>,
    pub without_linear: bool,
    pub profile: &'a str,
    pub rows: Option<&'a Path>,
    /// Source ad files for the Indonesian cross-validation's ad models.
    pub ads_dir: Option<&'a Path>,
}

pub fn eval_coder(gold: &Path, cols: &GoldColumns<'_>, o: &EvalOptions<'_>) -> Result<ExitCode> {
    let items = read_gold(gold, cols)?;
    if items.is_empty() {
        bail!(
            "{}: no rows with a 4-digit code in column {:?}{}",
            gold.display(),
            cols.code,
            cols.split
                .map(|s| format!(" and split {s:?}"))
                .unwrap_or_default()
        );
    }
    // Cross-validation learns its own models; the shipped ones, and so a profile, serve the
    // plain measurement and the KBJI one.
    let profile = if o.folds.is_none() || o.kbji {
        // Labelled titles carry no place: the titles tell.
        choose_profile(
            o.profile,
            items.iter().map(|g| g.title.as_str()),
            std::iter::empty(),
        )?
    } else {
        Profile::default()
    };
    let mut reports: Vec<(String, EvalReport)> = Vec::new();
    reports.push(match o.folds {
        Some(k) => (
            format!(
                "{k}-fold cross-validation{}",
                if o.without_linear {
                    " (Naive Bayes only)"
                } else {
                    ""
                }
            ),
            cross_validate(&items, k, !o.without_linear),
        ),
        None => (
            format!("shipped coder ({})", profile.name()),
            evaluate(Coder::shipped_for(profile), &items),
        ),
    });
    if o.kbji {
        reports.push((
            format!(
                "KBJI 6-digit jabatan titles, 10-fold held out ({})",
                profile.name()
            ),
            kbji_holdout(10, profile),
        ));
    }
    if let Some(k) = o.indonesian_folds {
        reports.push((
            format!("Indonesian labelled titles, {k}-fold cross-validation (indonesia)"),
            indonesian_cross_validate(k, &read_source_ads(o.ads_dir)?.0),
        ));
    }
    for (label, r) in &reports {
        print_report(label, r);
    }
    if let Some(path) = o.rows {
        write_rows(path, &reports)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Every coded title of every measurement, highest confidence first within each.
fn write_rows(path: &Path, reports: &[(String, EvalReport)]) -> Result<()> {
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("writing {}", path.display()))?;
    w.write_record([
        "measurement",
        "title",
        "gold",
        "predicted",
        "confidence",
        "coded",
        "correct_4",
        "list_title",
    ])?;
    for (label, r) in reports {
        for x in &r.rows {
            w.write_record([
                label.as_str(),
                &pipeline::escape_formula(&x.title),
                x.gold.as_str(),
                x.predicted.as_deref().unwrap_or(""),
                &format!("{:.3}", x.confidence),
                if x.coded { "1" } else { "0" },
                if x.agrees(4) { "1" } else { "0" },
                if x.list_title { "1" } else { "0" },
            ])?;
        }
    }
    w.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// Learns feature counts and the linear model from all gold titles (plus the taxonomy), and a
/// calibration from 5-fold signals, and writes all three where the coder embeds them.
pub fn train_coder(
    gold: &Path,
    title_col: &str,
    code_col: &str,
    out_dir: &Path,
    ads_dir: Option<&Path>,
) -> Result<ExitCode> {
    // Made before the minutes of training, not found missing after them.
    std::fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let (ads, ads_digest) = read_source_ads(ads_dir)?;
    let items = read_gold(
        gold,
        &GoldColumns {
            title: title_col,
            code: code_col,
            ..Default::default()
        },
    )?;
    let pairs: Vec<(&str, u16)> = items
        .iter()
        .filter_map(|g| Some((g.title.as_str(), g.code.parse::<u16>().ok()?)))
        .collect();
    let learned = train_learned(pairs.iter().copied());
    let linear = train_linear(pairs.iter().copied());
    // The Indonesian profile's models learn the taxonomy and the Indonesian titles alone.
    let learned_id = train_learned_id();
    let linear_id = train_linear_id();
    // The holdout split's ads stay unread, and so do their titles' other ads and any ad with
    // one of their texts, so that it still measures.
    let reposts = labelled_reposts(indonesian_titles(), &ads, &holdout_left_out());
    let description_id = train_description_with(indonesian_titles(), &reposts);
    let whole_ad_id = train_whole_ad_with(indonesian_titles(), &reposts);
    let cv = cross_validate(&items, 5, true);
    let calibration = Calibration::fit(cv.signals.clone(), 20);
    // The Indonesian profile's confidences come from its own cross-validation: the same lead
    // is right more often on Indonesian ads than on the noisy foreign labels.
    let cv_id = indonesian_cross_validate(5, &ads);
    let calibration_id = Calibration::fit(cv_id.signals.clone(), 20);
    // Every file says what it was learned from, so a test can tell when the inputs moved on.
    let foreign_bytes =
        std::fs::read(gold).with_context(|| format!("reading {}", gold.display()))?;
    let stamps = [
        (provenance::INPUTS, provenance::inputs_digest()),
        (
            provenance::FOREIGN_TITLES,
            provenance::foreign_titles_digest(&foreign_bytes, title_col, code_col),
        ),
        (provenance::ADS, ads_digest),
    ];
    let stamps: Vec<(&str, &str)> = stamps.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for (name, text) in [
        ("learned.tsv", learned.to_tsv()),
        ("linear.tsv", linear.to_tsv()),
        ("learned_id.tsv", learned_id.to_tsv()),
        ("linear_id.tsv", linear_id.to_tsv()),
        ("description_id.tsv", description_id.to_tsv()),
        ("whole_ad_id.tsv", whole_ad_id.to_tsv()),
        ("calibration.tsv", calibration.to_tsv()),
        ("calibration_id.tsv", calibration_id.to_tsv()),
    ] {
        write(&out_dir.join(name), &provenance::stamped(&text, &stamps))?;
    }
    print_report("5-fold cross-validation", &cv);
    print_report(
        "Indonesian labelled titles, 5-fold cross-validation (indonesia)",
        &cv_id,
    );
    eprintln!(
        "the ad models learned from {} other ads of the labelled titles ({} ads read)",
        reposts.len(),
        ads.len()
    );
    eprintln!(
        "wrote learned.tsv ({} features), linear.tsv ({} weights over {} units), learned_id.tsv ({} features), linear_id.tsv ({} weights), description_id.tsv ({} weights), whole_ad_id.tsv ({} weights), calibration.tsv and calibration_id.tsv to {}",
        learned.counts.len(),
        linear.n_weights(),
        linear.classes.len(),
        learned_id.counts.len(),
        linear_id.n_weights(),
        description_id.n_weights(),
        whole_ad_id.n_weights(),
        out_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The ads of every CSV and XLSX file in `dir`, in file-name order, and the digest of those
/// files the model files are stamped with; none without a folder.
fn read_source_ads(dir: Option<&Path>) -> Result<(Vec<SourceAd>, String)> {
    let Some(dir) = dir else {
        eprintln!("no --ads-dir: the ad models learn from the labelled ads alone");
        return Ok((Vec::new(), provenance::ads_digest(&[])));
    };
    let paths =
        provenance::source_ad_files(dir).with_context(|| format!("reading {}", dir.display()))?;
    if paths.is_empty() {
        bail!("{}: no CSV or XLSX file of ads", dir.display());
    }
    let digest = provenance::ads_digest_of(&paths).context("reading the source ad files")?;
    let mut ads = Vec::new();
    for path in &paths {
        ads.extend(read_ads(path)?.ads.into_iter().map(|a| SourceAd {
            title: a.title,
            description: a.description,
            context: a.context,
        }));
    }
    Ok((ads, digest))
}

fn write(path: &PathBuf, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// `listraf code`: codes the ads of `input` into `output`; with `reviewed`, the titles the
/// occupation review coded take their reviewer's code.
pub fn code_file(
    input: &Path,
    output: &Path,
    profile: &str,
    reviewed: &ReviewedTitles,
) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let AdFile {
        headers,
        ads,
        blank_rows,
    } = read_ads(input)?;
    let coder = Coder::shipped_for(choose_profile(
        profile,
        ads.iter().map(|a| a.title.as_str()),
        ads.iter()
            .filter_map(|a| a.location.as_deref())
            .map(|l| classify::location::resolve(l).region().is_some()),
    )?);
    let file =
        std::fs::File::create(output).with_context(|| format!("creating {}", output.display()))?;
    let s = write_coded(
        &headers,
        &ads,
        coder,
        reviewed,
        std::io::BufWriter::new(file),
    )
    .with_context(|| format!("writing {}", output.display()))?;
    let n = s.ads.max(1);
    eprintln!(
        "{}: {} ads in {:.1} s: {} coded ({:.1} %; {} by the occupation review's {} titles), {} with 0 skills found, {} located ({:.1} %), {} unique after de-duplication",
        output.display(),
        s.ads,
        started.elapsed().as_secs_f64(),
        s.coded,
        100.0 * s.coded as f64 / n as f64,
        s.reviewed,
        reviewed.len(),
        s.no_skills,
        s.located,
        100.0 * s.located as f64 / n as f64,
        s.unique
    );
    if blank_rows > 0 {
        eprintln!(
            "{}: {blank_rows} blank row(s) of {} left out (every cell empty: nothing to code)",
            output.display(),
            input.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `listraf bench coder`: index build time, then titles-only and full-ad coding throughput on
/// one core, over the ads of `input` repeated until `n` codings were made.
pub fn bench_coder(input: &Path, n: usize, profile: &str) -> Result<ExitCode> {
    use std::time::Instant;
    let ads = read_ads(input)?.ads;
    if ads.is_empty() {
        bail!("{}: no ads", input.display());
    }
    let profile = choose_profile(
        profile,
        ads.iter().map(|a| a.title.as_str()),
        ads.iter()
            .filter_map(|a| a.location.as_deref())
            .map(|l| classify::location::resolve(l).region().is_some()),
    )?;
    let t = Instant::now();
    let coder = Coder::build_shipped(profile);
    let build_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    classify::skills::prepare();
    let skills_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!("bench=coder index_build_ms={build_ms:.0} skills_build_ms={skills_ms:.0}");
    let mut checksum = 0usize;
    let t = Instant::now();
    for i in 0..n {
        let ad = &ads[i % ads.len()];
        checksum += coder.code(&ad.title, None).candidates.len();
    }
    let titles_per_s = n as f64 / t.elapsed().as_secs_f64();
    let with_desc = ads.iter().filter(|a| a.description.is_some()).count();
    let with_context = ads.iter().filter(|a| a.context.is_some()).count();
    let t = Instant::now();
    let n_full = n / 5;
    for i in 0..n_full {
        let ad = &ads[i % ads.len()];
        checksum += coder.code_ad(&ad.title, ad.body()).candidates.len();
        checksum += classify::skills::extract_tagged(
            &ad.title,
            ad.skill_tags.as_deref(),
            ad.description.as_deref(),
        )
        .len();
    }
    let full_per_s = n_full as f64 / t.elapsed().as_secs_f64();
    println!(
        "bench=coder profile={} titles_per_s={titles_per_s:.0} full_ads_per_s={full_per_s:.0} ads={} with_description={with_desc} with_context={with_context} threads=1 checksum={checksum}",
        profile.name(),
        ads.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// `listraf recode`: codes again what Listraf coded, prints what moved.
pub fn recode(store: &mut store::Store, dry_run: bool) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let r = pipeline::recode::recode(store, &domain::Scope::Central, "cli", dry_run)
        .context("recoding vacancies")?;
    let code = |c: Option<domain::IscoCode>| c.map_or("uncoded".to_string(), |c| c.to_string());
    println!(
        "coder model {}: {} vacancies without a source code examined in {:.1} s",
        r.model,
        r.examined,
        started.elapsed().as_secs_f64()
    );
    println!(
        "newly coded {}, now uncoded {}, another code {}, new confidence only {}",
        r.newly_coded, r.now_uncoded, r.recoded, r.confidence_only
    );
    for (before, after, n) in &r.transitions {
        println!("  {} → {}: {n}", code(*before), code(*after));
    }
    println!(
        "{} vacancies without a region read again: {} now placed",
        r.unlocated, r.located
    );
    println!("{} job seekers' wishes in words take other codes", r.wishes);
    match (&r.batch, dry_run) {
        (_, true) => println!("dry run: nothing was written"),
        (Some(b), false) => println!(
            "batch {}: {} vacancies and job seekers updated",
            b.batch_id, b.updated
        ),
        (None, false) => println!(
            "nothing to change: every code is what this coder gives, and no new region was found"
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// `listraf review`: the occupation review queue and titles coded by hand (`pipeline::review`).
#[derive(clap::Subcommand)]
pub enum ReviewCommand {
    /// The titles most in need of review, the most expected wrong codes first (tab-separated:
    /// expected wrong codes, unique ads, uncoded ads, title key, title, the coder's codes).
    Queue {
        #[arg(long, default_value_t = 30)]
        limit: usize,
    },
    /// The titles coded by hand, the latest first.
    List,
    /// Code a title by hand: every ad of the title whose source gave no code takes this code,
    /// and so will the ads later imports bring.
    Set {
        title: String,
        /// A 4-digit ISCO-08 / KBJI 2014 unit group.
        isco: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Withdraw a title's review: its ads are coded by the coder again.
    Withdraw { title: String },
    /// Code one vacancy (by its id, as `/lowongan/{id}` shows it) by hand, on its own: over the
    /// coder's code and its title's review.
    Ad {
        vacancy: i64,
        isco: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Withdraw one vacancy's own code: it takes its title's review, else the coder's code.
    AdWithdraw { vacancy: i64 },
    /// Code titles by hand from a file (CSV or XLSX): a title column (`title`, `judul`), a
    /// code column (`isco08`, `kode`) and optionally a `note`; rows without a code are
    /// skipped. The queue's export with a code column filled in reads as it is. One bad row
    /// refuses the whole file (exit 3), each named by line and column.
    Import { file: PathBuf },
}

pub fn review(store: &mut store::Store, c: ReviewCommand) -> Result<ExitCode> {
    use pipeline::review::{ReviewRefusal, review_title, withdraw_review};
    let central = domain::Scope::Central;
    let refused = |r: ReviewRefusal| match r {
        ReviewRefusal::EmptyTitle => {
            anyhow::anyhow!("the title names no job (ad words such as \"urgent\" alone)")
        }
        ReviewRefusal::NotCentral => anyhow::anyhow!("reviews are national"),
        ReviewRefusal::NotReviewable => {
            anyhow::anyhow!("the vacancy's code came from its source (never changed)")
        }
        ReviewRefusal::UnknownVacancy(id) => anyhow::anyhow!("no such vacancy: {id}"),
    };
    match c {
        ReviewCommand::Queue { limit } => {
            let queue = pipeline::review::review_queue(store, &central, limit)
                .context("reading the review queue")?;
            println!("expected_wrong\tads\tuncoded\ttitle_key\ttitle\tcodes");
            for g in &queue {
                let codes: Vec<String> = g.codes.iter().map(|(c, n)| format!("{c}×{n}")).collect();
                println!(
                    "{:.1}\t{}\t{}\t{}\t{}\t{}",
                    g.expected_wrong,
                    g.ads,
                    g.uncoded,
                    g.key,
                    g.title,
                    codes.join(" ")
                );
            }
        }
        ReviewCommand::List => {
            println!("title_key\ttitle\tisco08\tads\treviewer\treviewed_at\tnote");
            for r in pipeline::review::reviewed_titles(store).context("reading the reviews")? {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    r.review.key,
                    r.review.title,
                    r.review.isco,
                    r.ads,
                    r.review.actor,
                    r.review.reviewed_at,
                    r.review.note.unwrap_or_default()
                );
            }
        }
        ReviewCommand::Set { title, isco, note } => {
            let code = domain::IscoCode::parse(&isco)
                .ok()
                .filter(|c| c.is_unit())
                .with_context(|| format!("{isco} is not an ISCO-08 unit group (4 digits)"))?;
            let o = review_title(store, &central, &title, code, note.as_deref(), "cli")
                .context("saving the review")?
                .map_err(refused)?;
            match o.batch {
                Some(b) => {
                    println!(
                        "\"{}\" → {code}: {} vacancies and {} job seekers' wishes changed (batch {})",
                        o.key, o.changed, o.wishes, b.batch_id
                    );
                    if o.changed == 0 && o.wishes == 0 {
                        println!(
                            "note: no stored ad or job seeker has this title; the code applies to those later imports bring"
                        );
                    }
                }
                None => println!("\"{}\" → {code}: already so; nothing to change", o.key),
            }
        }
        ReviewCommand::Import { file } => {
            use pipeline::review::ReviewFile;
            match pipeline::review::import_reviews(store, &central, &file, "cli")
                .with_context(|| format!("reading {}", file.display()))?
                .map_err(refused)?
            {
                ReviewFile::Refused(problems) => {
                    for p in &problems {
                        eprintln!("{p}");
                    }
                    eprintln!(
                        "{}: refused, {} problem(s); nothing was written",
                        file.display(),
                        problems.len()
                    );
                    return Ok(ExitCode::from(3));
                }
                ReviewFile::Read {
                    reviews,
                    skipped,
                    written,
                    changed,
                    wishes,
                    batch,
                } => {
                    println!(
                        "{reviews} titles with a code ({skipped} rows without one skipped): {written} reviews new or changed, {changed} vacancies and {wishes} job seekers' wishes changed"
                    );
                    match batch {
                        Some(b) => println!("batch {}", b.batch_id),
                        None => println!("nothing to change: every review is already so"),
                    }
                }
            }
        }
        ReviewCommand::Ad {
            vacancy,
            isco,
            note,
        } => {
            let code = domain::IscoCode::parse(&isco)
                .ok()
                .filter(|c| c.is_unit())
                .with_context(|| format!("{isco} is not an ISCO-08 unit group (4 digits)"))?;
            let batch = pipeline::review::review_vacancy(
                store,
                &central,
                vacancy,
                code,
                note.as_deref(),
                "cli",
            )
            .context("saving the review")?
            .map_err(refused)?;
            match batch {
                Some(b) => println!("vacancy {vacancy} → {code} (batch {})", b.batch_id),
                None => println!("vacancy {vacancy} → {code}: already so; nothing to change"),
            }
        }
        ReviewCommand::AdWithdraw { vacancy } => {
            match pipeline::review::withdraw_vacancy_review(store, &central, vacancy, "cli")
                .context("withdrawing the review")?
                .map_err(refused)?
            {
                Some(b) => println!(
                    "vacancy {vacancy}: its own code withdrawn (batch {})",
                    b.batch_id
                ),
                None => bail!("vacancy {vacancy} has no code of its own"),
            }
        }
        ReviewCommand::Withdraw { title } => {
            let key = classify::lexicon::title_key(&title);
            match withdraw_review(store, &central, &key, "cli")
                .context("withdrawing the review")?
                .map_err(refused)?
            {
                Some(o) => println!(
                    "\"{key}\": review withdrawn, {} vacancies and {} job seekers' wishes coded by the coder again (batch {})",
                    o.changed,
                    o.wishes,
                    o.batch.map_or(0, |b| b.batch_id)
                ),
                None => bail!("\"{key}\" has no review"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

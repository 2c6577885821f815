//! Occupation-coding commands: `code`, `eval-coder` and `train-coder`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use classify::coder::{Calibration, Coder, Learned};
use classify::eval::{EvalReport, Gold, cross_validate, evaluate, kbji_holdout};

/// Reads (title, code) pairs from a CSV with the named columns.
pub fn read_gold(path: &Path, title_col: &str, code_col: &str) -> Result<Vec<Gold>> {
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
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec?;
        let (Some(t), Some(c)) = (rec.get(ti), rec.get(ci)) else {
            continue;
        };
        let c = c.trim();
        if c.len() == 4 && c.bytes().all(|b| b.is_ascii_digit()) && !t.trim().is_empty() {
            out.push(Gold {
                title: t.to_string(),
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

pub fn eval_coder(
    gold: &Path,
    title_col: &str,
    code_col: &str,
    folds: Option<usize>,
    kbji: bool,
) -> Result<ExitCode> {
    let items = read_gold(gold, title_col, code_col)?;
    if items.is_empty() {
        bail!(
            "{}: no rows with a 4-digit code in column {code_col:?}",
            gold.display()
        );
    }
    match folds {
        Some(k) => print_report(
            &format!("{k}-fold cross-validation"),
            &cross_validate(&items, k),
        ),
        None => print_report("shipped coder", &evaluate(Coder::shipped(), &items)),
    }
    if kbji {
        print_report(
            "KBJI 6-digit jabatan titles, 10-fold held out",
            &kbji_holdout(10),
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Learns feature counts from all gold titles and a calibration from k-fold signals, and
/// writes both where the coder embeds them.
pub fn train_coder(
    gold: &Path,
    title_col: &str,
    code_col: &str,
    out_dir: &Path,
) -> Result<ExitCode> {
    let items = read_gold(gold, title_col, code_col)?;
    let learned = Learned::from_titles(
        items
            .iter()
            .filter_map(|g| Some((g.title.as_str(), g.code.parse::<u16>().ok()?))),
    );
    let cv = cross_validate(&items, 5);
    let calibration = Calibration::fit(cv.signals.clone(), 20);
    write(&out_dir.join("learned.tsv"), &learned.to_tsv())?;
    write(&out_dir.join("calibration.tsv"), &calibration.to_tsv())?;
    print_report("5-fold cross-validation", &cv);
    eprintln!(
        "wrote learned.tsv ({} features) and calibration.tsv to {}",
        learned.counts.len(),
        out_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn write(path: &PathBuf, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

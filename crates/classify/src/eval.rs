//! Measuring the occupation coder: accuracy at 1–4 digits, coverage, accuracy by confidence
//! decile, and k-fold cross-validation when the labelled titles also train the coder.

use crate::coder::{
    BuildOptions, Calibration, Coder, Coding, Profile, indonesian_titles, train_learned,
    train_learned_with, train_linear, train_linear_with,
};

/// One labelled title: the text, the ad's description when the gold set has one, and the
/// gold ISCO-08 unit group (4 digits).
#[derive(Debug, Clone)]
pub struct Gold {
    pub title: String,
    pub description: Option<String>,
    pub code: String,
}

#[derive(Debug, Clone, Default)]
pub struct EvalReport {
    pub n: usize,
    pub coded: usize,
    /// Share of all items whose code agrees with the gold at 1, 2, 3, 4 digits (uncoded = wrong).
    pub accuracy: [f64; 4],
    /// The same among coded items only.
    pub accuracy_coded: [f64; 4],
    /// (lowest confidence, highest confidence, items, 4-digit accuracy) per decile, highest first.
    pub deciles: Vec<(f32, f32, usize, f64)>,
    /// (signal, correct at 4 digits) per item, for calibration; items coded by the project's
    /// list titles are left out (their signal says nothing of the list's code).
    pub signals: Vec<(f32, bool)>,
}

impl EvalReport {
    pub fn coverage(&self) -> f64 {
        self.coded as f64 / self.n.max(1) as f64
    }

    pub fn top_decile_accuracy(&self) -> f64 {
        self.deciles.first().map(|d| d.3).unwrap_or(0.0)
    }

    fn merge(&mut self, other: EvalReport) {
        self.signals.extend(other.signals);
        self.n += other.n;
        self.coded += other.coded;
    }
}

/// Codes every title with `coder` and compares with the gold codes.
pub fn evaluate(coder: &Coder, items: &[Gold]) -> EvalReport {
    let mut rows = Vec::with_capacity(items.len());
    for g in items {
        rows.push(row(
            &coder.code(&g.title, g.description.as_deref()),
            g.code.clone(),
        ));
    }
    summarise(rows)
}

/// (confidence, signal, coded, predicted, gold, coded by a list title)
type Row = (f32, f32, bool, Option<String>, String, bool);

/// The evaluation row of a coding against its gold code.
fn row(c: &Coding, gold: String) -> Row {
    (
        c.confidence,
        c.signal,
        c.code.is_some(),
        c.candidates.first().map(|x| x.unit.to_string()),
        gold,
        c.list_title,
    )
}

fn summarise(mut rows: Vec<Row>) -> EvalReport {
    let n = rows.len();
    let mut r = EvalReport {
        n,
        ..Default::default()
    };
    let agree = |p: &Option<String>, g: &str, k: usize| {
        p.as_deref()
            .is_some_and(|p| p.len() >= k && g.len() >= k && p[..k] == g[..k])
    };
    let mut hits = [0usize; 4];
    let mut hits_coded = [0usize; 4];
    for (_, signal, coded, p, g, list_title) in &rows {
        if *coded {
            r.coded += 1;
        }
        for k in 0..4 {
            if agree(p, g, k + 1) {
                hits_coded[k] += *coded as usize;
                hits[k] += *coded as usize;
            }
        }
        if !list_title {
            r.signals.push((*signal, agree(p, g, 4)));
        }
    }
    for k in 0..4 {
        r.accuracy[k] = hits[k] as f64 / n.max(1) as f64;
        r.accuracy_coded[k] = hits_coded[k] as f64 / r.coded.max(1) as f64;
    }
    // Deciles by confidence, the figure users see; the signal breaks ties within a bin.
    rows.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
    let per = n.div_ceil(10).max(1);
    for chunk in rows.chunks(per) {
        let correct = chunk.iter().filter(|x| agree(&x.3, &x.4, 4)).count();
        let lo = chunk.iter().map(|x| x.0).fold(f32::INFINITY, f32::min);
        let hi = chunk.iter().map(|x| x.0).fold(f32::NEG_INFINITY, f32::max);
        r.deciles
            .push((lo, hi, chunk.len(), correct as f64 / chunk.len() as f64));
    }
    r
}

/// k-fold cross-validation: each fold is coded by a coder that learned from the other folds
/// (plus the taxonomy). The calibration used is fitted on the other folds' signals too, from
/// an inner pass, so no item ever informs its own confidence.
/// With `with_linear`, each fold also trains the linear model (the shipped configuration);
/// without, the Naive Bayes coder alone is measured.
pub fn cross_validate(items: &[Gold], folds: usize, with_linear: bool) -> EvalReport {
    let folds = folds.max(2);
    // Deterministic assignment: the item's position modulo folds, after a fixed shuffle.
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut x: u64 = 0x9E3779B97F4A7C15;
    for i in (1..order.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        order.swap(i, (x % (i as u64 + 1)) as usize);
    }
    let fold_of = |pos: usize| pos % folds;
    // Pass 1: uncalibrated signals for every item, learned without its own fold.
    let mut signals: Vec<(usize, f32, bool)> = Vec::new();
    let mut all_rows: Vec<(usize, Row)> = Vec::new();
    for f in 0..folds {
        let train = order
            .iter()
            .enumerate()
            .filter(|(p, _)| fold_of(*p) != f)
            .map(|(_, &i)| &items[i]);
        let pairs: Vec<(&str, u16)> = train
            .filter_map(|g| Some((g.title.as_str(), g.code.parse::<u16>().ok()?)))
            .collect();
        let learned = train_learned(pairs.iter().copied());
        let linear = with_linear.then(|| train_linear(pairs.iter().copied()));
        let coder = Coder::build(&BuildOptions {
            learned: Some(&learned),
            linear,
            calibration: None,
            exclude: None,
        });
        for (p, &i) in order.iter().enumerate().filter(|(p, _)| fold_of(*p) == f) {
            let c = coder.code(&items[i].title, None);
            let predicted = c.candidates.first().map(|x| x.unit.to_string());
            let correct = predicted.as_deref() == Some(items[i].code.as_str());
            if !c.list_title {
                signals.push((p, c.signal, correct));
            }
            all_rows.push((
                p,
                (
                    0.0,
                    c.signal,
                    !c.candidates.is_empty(),
                    predicted,
                    items[i].code.clone(),
                    c.list_title,
                ),
            ));
        }
    }
    // Pass 2: confidence of each fold from a calibration fitted on the other folds.
    let mut rows = Vec::with_capacity(all_rows.len());
    for f in 0..folds {
        let cal = Calibration::fit(
            signals
                .iter()
                .filter(|s| fold_of(s.0) != f)
                .map(|s| (s.1, s.2))
                .collect(),
            20,
        );
        for (_, row) in all_rows.iter().filter(|(p, _)| fold_of(*p) == f) {
            let conf = cal.confidence(row.1, row.5);
            let coded = row.2 && conf >= crate::coder::UNCODED_BELOW;
            rows.push((conf, row.1, coded, row.3.clone(), row.4.clone(), row.5));
        }
    }
    let mut r = summarise(rows);
    r.merge(EvalReport::default());
    r
}

/// Cross-validation over the taxonomy's own KBJI titles: each fold of KBJI labels is held out
/// of the index and coded back to its unit group, with the shipped models of `profile`.
pub fn kbji_holdout(folds: usize, profile: Profile) -> EvalReport {
    let base = Coder::build(&BuildOptions::default());
    let kbji: Vec<(String, String, String)> = base
        .labels()
        .iter()
        .filter(|l| l.code.as_ref().is_some_and(|c| c.len() == 6))
        .map(|l| {
            (
                l.code.clone().unwrap_or_default(),
                l.text.clone(),
                format!("{:04}", l.unit),
            )
        })
        .collect();
    let shipped_learned = crate::coder::shipped_learned(profile);
    // The shipped linear model never saw a KBJI title, so it can stay in.
    let shipped_linear = crate::coder::shipped_linear(profile);
    let calibration = crate::coder::shipped_calibration();
    let mut rows = Vec::new();
    for f in 0..folds.max(2) {
        let held: std::collections::HashSet<&str> = kbji
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds.max(2) == f)
            .map(|(_, k)| k.0.as_str())
            .collect();
        let exclude = |l: &crate::coder::Label| l.code.as_deref().is_some_and(|c| held.contains(c));
        let coder = Coder::build(&BuildOptions {
            learned: (!shipped_learned.titles.is_empty()).then_some(&shipped_learned),
            linear: (!shipped_linear.is_empty()).then(|| shipped_linear.clone()),
            calibration: Some(calibration.clone()),
            exclude: Some(&exclude),
        });
        for (_, title, unit) in kbji.iter().filter(|k| held.contains(k.0.as_str())) {
            rows.push(row(&coder.code(title, None), unit.clone()));
        }
    }
    summarise(rows)
}

/// k-fold cross-validation of the Indonesian profile over the Indonesian labelled titles (the
/// gold set's `dev` and `test` ads and the training titles): each fold is coded, title only,
/// by models that learned the taxonomy and the other folds' titles. Every ad of a title falls
/// in one fold, so a held-out title is one the models never saw. Measured against the
/// project's own codings, on eight times as many titles as the gold `holdout` split.
pub fn indonesian_cross_validate(folds: usize) -> EvalReport {
    let folds = folds.max(2);
    let all = indonesian_titles();
    let fold_of =
        |title: &str| (crate::keys::key_of(&crate::normalise::fold(title)) % folds as u64) as usize;
    let calibration = crate::coder::shipped_calibration();
    let mut rows = Vec::with_capacity(all.len());
    for f in 0..folds {
        let (held, train): (Vec<_>, Vec<_>) = all.iter().cloned().partition(|x| fold_of(&x.0) == f);
        let learned = train_learned_with(std::iter::empty(), &train);
        let linear = train_linear_with(std::iter::empty(), &train);
        let coder = Coder::build(&BuildOptions {
            learned: Some(&learned),
            linear: Some(linear),
            calibration: Some(calibration.clone()),
            exclude: None,
        });
        for (title, unit, _) in &held {
            rows.push(row(&coder.code(title, None), format!("{unit:04}")));
        }
    }
    summarise(rows)
}

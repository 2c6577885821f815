//! Measuring the occupation coder: accuracy at 1–4 digits, coverage, accuracy by confidence
//! decile, and k-fold cross-validation when the labelled titles also train the coder.

use crate::coder::{
    AdBody, BuildOptions, Calibration, Coder, Coding, Profile, SourceAd, indonesian_titles,
    train_learned, train_learned_with, train_linear, train_linear_with,
};

/// One labelled title: the text, the ad's description and context fields when the gold set
/// has them, and the gold ISCO-08 unit group (4 digits).
#[derive(Debug, Clone)]
pub struct Gold {
    pub title: String,
    pub description: Option<String>,
    /// The ad's context fields, joined by [`crate::coder::ad_context`].
    pub context: Option<String>,
    pub code: String,
}

impl Gold {
    fn ad(&self) -> AdBody<'_> {
        AdBody {
            description: self.description.as_deref(),
            context: self.context.as_deref(),
        }
    }
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
    /// Every item as coded, highest confidence first, for reading the errors.
    pub rows: Vec<EvalRow>,
}

/// One item as coded, against its gold code.
#[derive(Debug, Clone)]
pub struct EvalRow {
    pub title: String,
    pub gold: String,
    /// The first candidate, whether or not its confidence was enough to code the item.
    pub predicted: Option<String>,
    pub confidence: f32,
    /// The uncalibrated signal the confidence is read from.
    pub signal: f32,
    /// Coded: a first candidate with a confidence at or above the uncoded threshold.
    pub coded: bool,
    /// Coded by one of the project's list titles, word for word.
    pub list_title: bool,
    /// Coded by a house convention (the manager rule), at its fixed confidence.
    pub house_rule: bool,
}

impl EvalRow {
    /// Coded, and agrees with the gold code at the first `digits` digits.
    pub fn agrees(&self, digits: usize) -> bool {
        self.coded && self.candidate_agrees(digits)
    }

    /// What a calibration learns from this row: (signal, first candidate right at 4 digits);
    /// none for a row coded by a list title, whose signal says nothing of the list's code.
    pub fn calibration_point(&self) -> Option<(f32, bool)> {
        (!self.list_title && !self.house_rule).then(|| (self.signal, self.candidate_agrees(4)))
    }

    /// The first candidate agrees with the gold code at the first `digits` digits, coded or
    /// not: what the confidence is a probability of.
    pub fn candidate_agrees(&self, digits: usize) -> bool {
        self.predicted.as_deref().is_some_and(|p| {
            p.len() >= digits && self.gold.len() >= digits && p[..digits] == self.gold[..digits]
        })
    }
}

impl EvalReport {
    pub fn coverage(&self) -> f64 {
        self.coded as f64 / self.n.max(1) as f64
    }

    pub fn top_decile_accuracy(&self) -> f64 {
        self.deciles.first().map(|d| d.3).unwrap_or(0.0)
    }
}

/// Codes every title with `coder` and compares with the gold codes.
pub fn evaluate(coder: &Coder, items: &[Gold]) -> EvalReport {
    let rows = items
        .iter()
        .map(|g| row(&coder.code_ad(&g.title, g.ad()), &g.title, g.code.clone()))
        .collect();
    summarise(rows)
}

/// The evaluation row of a coding against its gold code.
fn row(c: &Coding, title: &str, gold: String) -> EvalRow {
    EvalRow {
        title: title.to_string(),
        gold,
        predicted: c.candidates.first().map(|x| x.unit.to_string()),
        confidence: c.confidence,
        signal: c.signal,
        coded: c.code.is_some(),
        list_title: c.list_title,
        house_rule: c.house_rule,
    }
}

fn summarise(mut rows: Vec<EvalRow>) -> EvalReport {
    let n = rows.len();
    let mut r = EvalReport {
        n,
        coded: rows.iter().filter(|x| x.coded).count(),
        ..Default::default()
    };
    for k in 0..4 {
        let hits = rows.iter().filter(|x| x.agrees(k + 1)).count();
        r.accuracy[k] = hits as f64 / n.max(1) as f64;
        r.accuracy_coded[k] = hits as f64 / r.coded.max(1) as f64;
    }
    r.signals = rows.iter().filter_map(EvalRow::calibration_point).collect();
    // Deciles by confidence, the figure users see; the signal breaks ties within a bin.
    rows.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(b.signal.total_cmp(&a.signal))
    });
    let per = n.div_ceil(10).max(1);
    for chunk in rows.chunks(per) {
        let correct = chunk.iter().filter(|x| x.candidate_agrees(4)).count();
        let lo = chunk
            .iter()
            .map(|x| x.confidence)
            .fold(f32::INFINITY, f32::min);
        let hi = chunk
            .iter()
            .map(|x| x.confidence)
            .fold(f32::NEG_INFINITY, f32::max);
        r.deciles
            .push((lo, hi, chunk.len(), correct as f64 / chunk.len() as f64));
    }
    r.rows = rows;
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
    let mut rows: Vec<(usize, EvalRow)> = Vec::with_capacity(items.len());
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
            description: None,
            whole_ad: None,
            calibration: None,
            exclude: None,
            profile: Profile::International,
        });
        for (_, &i) in order.iter().enumerate().filter(|(p, _)| fold_of(*p) == f) {
            let g = &items[i];
            rows.push((
                f,
                row(&coder.code(&g.title, None), &g.title, g.code.clone()),
            ));
        }
    }
    summarise(calibrate_by_fold(rows, folds))
}

/// Pass 2 of a cross-validation: each fold's confidences from a calibration fitted on the
/// other folds' signals, so no item informs its own confidence.
fn calibrate_by_fold(rows: Vec<(usize, EvalRow)>, folds: usize) -> Vec<EvalRow> {
    let cals: Vec<Calibration> = (0..folds)
        .map(|f| {
            Calibration::fit(
                rows.iter()
                    .filter(|(g, _)| *g != f)
                    .filter_map(|(_, x)| x.calibration_point())
                    .collect(),
                20,
            )
        })
        .collect();
    rows.into_iter()
        .map(|(f, mut x)| {
            if !x.house_rule {
                x.confidence = cals[f].confidence(x.signal, x.list_title);
            }
            x.coded = x.predicted.is_some() && x.confidence >= crate::coder::UNCODED_BELOW;
            x
        })
        .collect()
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
    let calibration = crate::coder::shipped_calibration(profile);
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
            description: None,
            whole_ad: None,
            calibration: Some(calibration.clone()),
            exclude: Some(&exclude),
            profile,
        });
        for (_, title, unit) in kbji.iter().filter(|k| held.contains(k.0.as_str())) {
            rows.push(row(&coder.code(title, None), title, unit.clone()));
        }
    }
    summarise(rows)
}

/// k-fold cross-validation of the Indonesian profile over the Indonesian labelled titles (the
/// gold set's `dev` and `test` ads and the training titles): each fold is coded, title only,
/// by models that learned the taxonomy and the other folds' titles. Every ad of a title falls
/// in one fold, so a held-out title is one the models never saw. Measured against the
/// project's own codings, on eight times as many titles as the gold `holdout` split.
/// The ad models learn from the training titles' other ads among `ads` too
/// ([`crate::coder::labelled_reposts`]), never from an ad of a held-out title nor one whose
/// description opens as a held-out title's ad's does ([`crate::coder::LeftOut`]).
pub fn indonesian_cross_validate(folds: usize, ads: &[SourceAd]) -> EvalReport {
    let folds = folds.max(2);
    let all = indonesian_titles();
    let fold_of =
        |title: &str| (crate::keys::key_of(&crate::normalise::fold(title)) % folds as u64) as usize;
    let mut rows = Vec::with_capacity(all.len());
    for f in 0..folds {
        let (held, train): (Vec<_>, Vec<_>) =
            all.iter().cloned().partition(|x| fold_of(&x.title) == f);
        let learned = train_learned_with(std::iter::empty(), &train);
        let linear = train_linear_with(Profile::Indonesia, std::iter::empty(), &train);
        let left_out = crate::coder::LeftOut::of(
            held.iter()
                .map(|x| (x.title.as_str(), x.description.as_deref())),
        );
        let reposts = crate::coder::labelled_reposts(&train, ads, &left_out);
        let description = crate::coder::train_description_with(&train, &reposts);
        let whole_ad = crate::coder::train_whole_ad_with(&train, &reposts);
        let coder = Coder::build(&BuildOptions {
            learned: Some(&learned),
            linear: Some(linear),
            description: Some(description),
            whole_ad: Some(whole_ad),
            calibration: None,
            exclude: None,
            profile: Profile::Indonesia,
        });
        for x in &held {
            rows.push((
                f,
                row(
                    &coder.code_ad(&x.title, x.ad()),
                    &x.title,
                    format!("{:04}", x.unit),
                ),
            ));
        }
    }
    summarise(calibrate_by_fold(rows, folds))
}

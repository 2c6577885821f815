//! Kebekerjaan (placed ÷ completed graduates) and completion rates per BLK × programme, shrunk
//! toward the programme's national rate with an empirical-Bayes beta prior.
//!
//! Owns the estimator only; the outcome counts come from `store::Store::programme_outcomes`.
//!
//! With m the programme's national rate and κ the prior strength, a BLK with `placed` of
//! `completed` graduates gets the posterior Beta(κm + placed, κ(1 − m) + completed − placed).
//! κ is estimated once, across every programme, by the method of moments: the spread of BLK
//! rates around their programme's rate, less the part binomial sampling explains, is the
//! between-BLK variance τ², and κ = m̄(1 − m̄)/τ² − 1 (clamped to [2, 1000]; 20 when fewer than
//! ten BLK × programme pairs have graduates).

use std::collections::BTreeMap;

use domain::reference;
use serde::{Deserialize, Serialize};

/// What became of the trainees of one BLK × programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeFact {
    pub blk: String,
    pub programme: String,
    pub cohorts: u64,
    /// No longer enrolled: completed, not passed or dropped.
    pub finished: u64,
    pub completed: u64,
    /// Completed and placed.
    pub placed: u64,
}

/// Where a rate comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RateSource {
    /// The BLK's own graduates, shrunk toward the national rate.
    Blk,
    /// The programme's national rate (the BLK has no graduates of it).
    National,
    /// No graduate of the programme anywhere: the kejuruan's rate, else the overall one.
    Prior,
}

/// A kebekerjaan estimate with its 80 % range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Kebekerjaan {
    pub rate: f64,
    pub lo: f64,
    pub hi: f64,
    pub source: RateSource,
    /// The BLK's own counts (zero when it never ran the programme).
    pub placed: u64,
    pub completed: u64,
    pub cohorts: u64,
    /// The programme's national rate the estimate is shrunk toward.
    pub national: f64,
}

/// National counts of one programme or kejuruan.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Counts {
    placed: u64,
    completed: u64,
    finished: u64,
}

impl Counts {
    fn add(&mut self, f: &OutcomeFact) {
        self.placed += f.placed;
        self.completed += f.completed;
        self.finished += f.finished;
    }
}

/// z of the 10th/90th percentile of the normal distribution.
const Z80: f64 = 1.281_551_565_545;
const DEFAULT_KAPPA: f64 = 20.0;
const DEFAULT_COMPLETION: f64 = 0.85;
const DEFAULT_RATE: f64 = 0.4;

/// The fitted estimator.
#[derive(Debug, Clone, PartialEq)]
pub struct RateModel {
    by_pair: BTreeMap<(String, String), OutcomeFact>,
    programme: BTreeMap<String, Counts>,
    kejuruan: BTreeMap<String, Counts>,
    overall_rate: f64,
    overall_completion: f64,
    kappa: f64,
}

impl RateModel {
    /// Fits the national rates and the prior strength. Facts of programmes outside the
    /// catalogue still count for their BLK but not for any kejuruan.
    pub fn fit(facts: &[OutcomeFact]) -> RateModel {
        let r = reference();
        let mut by_pair = BTreeMap::new();
        let mut programme: BTreeMap<String, Counts> = BTreeMap::new();
        let mut kejuruan: BTreeMap<String, Counts> = BTreeMap::new();
        let mut total = Counts::default();
        for f in facts {
            let pair: &mut OutcomeFact = by_pair
                .entry((f.blk.clone(), f.programme.clone()))
                .or_insert_with(|| OutcomeFact {
                    blk: f.blk.clone(),
                    programme: f.programme.clone(),
                    cohorts: 0,
                    finished: 0,
                    completed: 0,
                    placed: 0,
                });
            pair.cohorts += f.cohorts;
            pair.finished += f.finished;
            pair.completed += f.completed;
            pair.placed += f.placed.min(f.completed);
            programme.entry(f.programme.clone()).or_default().add(f);
            if let Some(p) = r.programme(&f.programme) {
                kejuruan.entry(p.kejuruan_code.clone()).or_default().add(f);
            }
            total.add(f);
        }
        let overall_rate = ratio(total.placed, total.completed).unwrap_or(DEFAULT_RATE);
        let overall_completion =
            ratio(total.completed, total.finished).unwrap_or(DEFAULT_COMPLETION);
        let mut model = RateModel {
            by_pair,
            programme,
            kejuruan,
            overall_rate,
            overall_completion,
            kappa: DEFAULT_KAPPA,
        };
        model.kappa = model.estimate_kappa();
        model
    }

    pub fn kappa(&self) -> f64 {
        self.kappa
    }

    fn estimate_kappa(&self) -> f64 {
        let mut excess = 0.0;
        let mut spread = 0.0;
        let mut n = 0usize;
        for ((_, prog), f) in &self.by_pair {
            if f.completed == 0 {
                continue;
            }
            let m = self.national_rate(prog);
            let r = f.placed as f64 / f.completed as f64;
            excess += (r - m).powi(2) - m * (1.0 - m) / f.completed as f64;
            spread += m * (1.0 - m);
            n += 1;
        }
        if n < 10 {
            return DEFAULT_KAPPA;
        }
        let tau2 = excess / n as f64;
        let mean_var = spread / n as f64;
        if tau2 <= 0.0 {
            return 1000.0;
        }
        (mean_var / tau2 - 1.0).clamp(2.0, 1000.0)
    }

    /// The programme's national rate, lightly smoothed toward its kejuruan (two graduates'
    /// worth) so that a programme with a handful of graduates is not at 0 or 100 %.
    pub fn national_rate(&self, programme: &str) -> f64 {
        let prior = self.prior_rate(programme);
        match self.programme.get(programme) {
            Some(c) if c.completed > 0 => {
                (c.placed as f64 + 2.0 * prior) / (c.completed as f64 + 2.0)
            }
            _ => prior,
        }
    }

    fn prior_rate(&self, programme: &str) -> f64 {
        reference()
            .programme(programme)
            .and_then(|p| self.kejuruan.get(&p.kejuruan_code))
            .and_then(|c| ratio(c.placed, c.completed))
            .unwrap_or(self.overall_rate)
    }

    /// Completed ÷ finished trainees of the programme nationally, smoothed toward the overall
    /// completion rate with ten trainees' worth.
    pub fn completion(&self, programme: &str) -> f64 {
        let c = self.programme.get(programme).copied().unwrap_or_default();
        (c.completed as f64 + 10.0 * self.overall_completion) / (c.finished as f64 + 10.0)
    }

    /// The kebekerjaan of `programme` at `blk`.
    pub fn kebekerjaan(&self, blk: &str, programme: &str) -> Kebekerjaan {
        let national = self.national_rate(programme);
        let has_national = self
            .programme
            .get(programme)
            .is_some_and(|c| c.completed > 0);
        let own = self
            .by_pair
            .get(&(blk.to_string(), programme.to_string()))
            .filter(|f| f.completed > 0);
        let k = self.kappa;
        let (alpha, beta, source, placed, completed, cohorts) = match own {
            Some(f) => (
                k * national + f.placed as f64,
                k * (1.0 - national) + (f.completed - f.placed) as f64,
                RateSource::Blk,
                f.placed,
                f.completed,
                f.cohorts,
            ),
            None => (
                k * national,
                k * (1.0 - national),
                if has_national {
                    RateSource::National
                } else {
                    RateSource::Prior
                },
                0,
                0,
                self.by_pair
                    .get(&(blk.to_string(), programme.to_string()))
                    .map_or(0, |f| f.cohorts),
            ),
        };
        let n = alpha + beta;
        let rate = if n > 0.0 { alpha / n } else { national };
        let sd = (rate * (1.0 - rate) / (n + 1.0)).sqrt();
        Kebekerjaan {
            rate,
            lo: (rate - Z80 * sd).max(0.0),
            hi: (rate + Z80 * sd).min(1.0),
            source,
            placed,
            completed,
            cohorts,
            national,
        }
    }
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

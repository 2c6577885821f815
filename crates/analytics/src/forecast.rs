//! Trends, forecasts with prediction intervals, and backtests of monthly series (vacancy
//! demand per region × occupation, or any roll-up of it).
//!
//! Owns the methods, their intervals and their error measures; the series come from a
//! `GapInputs` (`demand_series`, `demand_series_by`) or from the caller. Everything is plain
//! arithmetic on `f64`; no fitting library.
//!
//! # Methods, chosen by the length n of the history
//!
//! - n ≥ 24: **additive Holt-Winters**, season 12, in error-correction form (the ETS(A,A,A)
//!   state space of Hyndman et al., *Forecasting with Exponential Smoothing*, 2008):
//!   ŷ = ℓ + b + s, e = y − ŷ, ℓ ← ℓ + b + αe, b ← b + βe, s ← s + γe. Initial states from the
//!   first two years (level and trend from the yearly means, seasonal deviations from the
//!   trend line). α, β, γ minimise the sum of squared one-step errors over a grid, refined by
//!   a pattern search, within 0 < α < 1, 0 ≤ β ≤ α, 0 ≤ γ ≤ 1 − α.
//! - 15 ≤ n < 24: **seasonal naive with drift**: the same month a year earlier plus the mean
//!   change between a month and the same month a year before.
//! - 3 ≤ n < 15: **naive with drift**: the last month plus the mean monthly change.
//!   The seasonal method needs three year-on-year differences to estimate both its drift and
//!   its spread, so 13 and 14 months still use this one (a deliberate deviation from "≥ 13").
//! - n < 3: no forecast (`AnalyticsError::ForecastHistory`).
//!
//! # Intervals
//!
//! σ is the standard deviation of the one-step in-sample errors: for Holt-Winters the errors
//! after the first season (the initial states were fitted on it), divided by their count less
//! three parameters; for the naive methods the deviations of the (seasonal) differences from
//! their mean, over their count less one. The h-step standard deviation grows with h:
//!
//! - Holt-Winters: σ_h² = σ² (1 + Σ_{j=1}^{h−1} c_j²), c_j = α + βj + γ·[j mod 12 = 0];
//! - seasonal naive with drift, k = ⌊(h−1)/12⌋ + 1 years ahead, K differences: σ² k (1 + k/K);
//! - naive with drift, K differences: σ² h (1 + h/K).
//!
//! The 80 % and 95 % intervals are the mean ± 1.2816 σ_h and ± 1.9600 σ_h (normal errors).
//! The series are counts, so means and bounds are floored at zero. A `Forecast` can only be
//! made here and every `ForecastPoint` carries both intervals: there is no way to obtain a point
//! forecast without them.
//!
//! # Backtest
//!
//! Rolling origin over the last 12 months: for every origin in them, refit on the history before
//! it and forecast up to 12 months, as far as the data goes (78 forecasts). The absolute errors
//! are scaled by the in-sample MAE of the seasonal naive method (y_t − y_{t−12}) on the history
//! before the first origin (MASE, Hyndman & Koehler 2006): below 1 beats seasonal naive.

use std::collections::HashMap;

use domain::{IscoCode, RegionCode, YearMonth};

use crate::AnalyticsError;
use crate::gap::{Area, RegionLevel};
use crate::market::GapInputs;
use crate::regions;

/// Months in a season.
const SEASON: usize = 12;
const Z80: f64 = 1.281_551_565_545;
const Z95: f64 = 1.959_963_984_540;
/// Months in the backtest window, and the longest horizon it scores.
pub const BACKTEST_MONTHS: usize = 12;

/// A monthly series without gaps: `values[i]` belongs to `start` + i months.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlySeries {
    pub start: YearMonth,
    pub values: Vec<f64>,
}

impl MonthlySeries {
    pub fn month(&self, i: usize) -> YearMonth {
        YearMonth::from_index(self.start.index() + i32::try_from(i).unwrap_or(i32::MAX / 2))
    }

    /// The last month, when the series is not empty.
    pub fn end(&self) -> Option<YearMonth> {
        self.values.len().checked_sub(1).map(|i| self.month(i))
    }

    /// The last twelve months against the twelve before them; `None` below 24 months.
    pub fn year_growth(&self) -> Option<YearGrowth> {
        let n = self.values.len();
        (n >= 2 * SEASON).then(|| YearGrowth {
            current: self.values[n - SEASON..].iter().sum(),
            previous: self.values[n - 2 * SEASON..n - SEASON].iter().sum(),
        })
    }
}

/// 12-month growth: the sums of two consecutive twelve-month windows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearGrowth {
    pub current: f64,
    pub previous: f64,
}

impl YearGrowth {
    /// (current − previous) / previous; `None` from a base of zero.
    pub fn rate(&self) -> Option<f64> {
        (self.previous > 0.0).then(|| (self.current - self.previous) / self.previous)
    }
}

/// The method a forecast used, with what it estimated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    HoltWinters { alpha: f64, beta: f64, gamma: f64 },
    SeasonalNaiveDrift { yearly_change: f64 },
    NaiveDrift { monthly_change: f64 },
}

impl Method {
    pub fn name(&self) -> &'static str {
        match self {
            Method::HoltWinters { .. } => "Holt-Winters additive (season 12)",
            Method::SeasonalNaiveDrift { .. } => "seasonal naive with drift",
            Method::NaiveDrift { .. } => "naive with drift",
        }
    }
}

/// A closed interval `lo..=hi`. Only this module makes one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    lo: f64,
    hi: f64,
}

impl Interval {
    pub fn lo(&self) -> f64 {
        self.lo
    }
    pub fn hi(&self) -> f64 {
        self.hi
    }
    pub fn contains(&self, v: f64) -> bool {
        self.lo <= v && v <= self.hi
    }
}

/// One forecast month: the mean with its 80 % and 95 % prediction intervals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForecastPoint {
    month: YearMonth,
    mean: f64,
    pi80: Interval,
    pi95: Interval,
}

impl ForecastPoint {
    pub fn month(&self) -> YearMonth {
        self.month
    }
    pub fn mean(&self) -> f64 {
        self.mean
    }
    pub fn pi80(&self) -> Interval {
        self.pi80
    }
    pub fn pi95(&self) -> Interval {
        self.pi95
    }
}

/// A forecast: the method, the one-step σ it rests on, and the points with their intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    method: Method,
    sigma: f64,
    history: usize,
    points: Vec<ForecastPoint>,
}

impl Forecast {
    pub fn method(&self) -> Method {
        self.method
    }
    /// Standard deviation of the one-step in-sample errors.
    pub fn sigma(&self) -> f64 {
        self.sigma
    }
    /// Months of history the forecast was fitted on.
    pub fn history(&self) -> usize {
        self.history
    }
    pub fn points(&self) -> &[ForecastPoint] {
        &self.points
    }
}

/// Forecasts `horizon` months after the end of `series` (see the module docs).
pub fn forecast(series: &MonthlySeries, horizon: usize) -> Result<Forecast, AnalyticsError> {
    let fit = fit(&series.values, horizon)?;
    let n = series.values.len();
    let points = fit
        .means
        .iter()
        .zip(&fit.sds)
        .enumerate()
        .map(|(h, (&mean, &sd))| {
            let band = |z: f64| Interval {
                lo: (mean - z * sd).max(0.0),
                hi: (mean + z * sd).max(0.0),
            };
            ForecastPoint {
                month: series.month(n + h),
                mean: mean.max(0.0),
                pi80: band(Z80),
                pi95: band(Z95),
            }
        })
        .collect();
    Ok(Forecast {
        method: fit.method,
        sigma: fit.sigma,
        history: n,
        points,
    })
}

/// Means and h-step standard deviations, before flooring; private so that no caller can take
/// the means without the intervals.
struct Fit {
    method: Method,
    sigma: f64,
    means: Vec<f64>,
    sds: Vec<f64>,
}

fn fit(y: &[f64], horizon: usize) -> Result<Fit, AnalyticsError> {
    if y.iter().any(|v| !v.is_finite()) {
        return Err(AnalyticsError::ForecastNotFinite);
    }
    let n = y.len();
    if n >= 2 * SEASON {
        Ok(holt_winters(y, horizon))
    } else if n >= SEASON + 3 {
        Ok(seasonal_naive_drift(y, horizon))
    } else if n >= 3 {
        Ok(naive_drift(y, horizon))
    } else {
        Err(AnalyticsError::ForecastHistory {
            months: n,
            needed: 3,
        })
    }
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

/// √(Σ e² / (count − params)), 0 when there are no degrees of freedom left.
fn residual_sd(errors: &[f64], params: usize) -> f64 {
    let df = errors.len().saturating_sub(params);
    if df == 0 {
        return 0.0;
    }
    (errors.iter().map(|e| e * e).sum::<f64>() / df as f64).sqrt()
}

fn naive_drift(y: &[f64], horizon: usize) -> Fit {
    let diffs: Vec<f64> = y.windows(2).map(|w| w[1] - w[0]).collect();
    let drift = mean(&diffs);
    let errors: Vec<f64> = diffs.iter().map(|d| d - drift).collect();
    let sigma = residual_sd(&errors, 1);
    let k = diffs.len() as f64;
    let last = y[y.len() - 1];
    let means = (1..=horizon).map(|h| last + h as f64 * drift).collect();
    let sds = (1..=horizon)
        .map(|h| {
            let h = h as f64;
            sigma * (h * (1.0 + h / k)).sqrt()
        })
        .collect();
    Fit {
        method: Method::NaiveDrift {
            monthly_change: drift,
        },
        sigma,
        means,
        sds,
    }
}

fn seasonal_naive_drift(y: &[f64], horizon: usize) -> Fit {
    let n = y.len();
    let diffs: Vec<f64> = (SEASON..n).map(|t| y[t] - y[t - SEASON]).collect();
    let drift = mean(&diffs);
    let errors: Vec<f64> = diffs.iter().map(|d| d - drift).collect();
    let sigma = residual_sd(&errors, 1);
    let k = diffs.len() as f64;
    let mut means = Vec::with_capacity(horizon);
    let mut sds = Vec::with_capacity(horizon);
    for h in 1..=horizon {
        let years = (h - 1) / SEASON + 1;
        // The same calendar month in the last year of data.
        let base = y[n + h - SEASON * years - 1];
        means.push(base + years as f64 * drift);
        let years = years as f64;
        sds.push(sigma * (years * (1.0 + years / k)).sqrt());
    }
    Fit {
        method: Method::SeasonalNaiveDrift {
            yearly_change: drift,
        },
        sigma,
        means,
        sds,
    }
}

/// Holt-Winters states after the data, and the one-step errors on the way.
struct HwRun {
    level: f64,
    trend: f64,
    season: [f64; SEASON],
    sse: f64,
}

#[derive(Debug, Clone, Copy)]
struct HwParams {
    alpha: f64,
    beta: f64,
    gamma: f64,
}

impl HwParams {
    /// From the unit cube: α = a, β = fb·α, γ = fg·(1 − α), so every point is admissible.
    fn from_unit(a: f64, fb: f64, fg: f64) -> HwParams {
        let alpha = a.clamp(0.01, 0.99);
        HwParams {
            alpha,
            beta: fb.clamp(0.0, 1.0) * alpha,
            gamma: fg.clamp(0.0, 1.0) * (1.0 - alpha),
        }
    }
}

/// Level, trend and seasonal states at time −1, from the first two years.
fn hw_initial(y: &[f64]) -> (f64, f64, [f64; SEASON]) {
    let m1 = mean(&y[..SEASON]);
    let m2 = mean(&y[SEASON..2 * SEASON]);
    let trend = (m2 - m1) / SEASON as f64;
    let centre = (SEASON as f64 - 1.0) / 2.0;
    let mut season = [0.0; SEASON];
    for (j, s) in season.iter_mut().enumerate() {
        let line = |year_mean: f64| year_mean + trend * (j as f64 - centre);
        *s = ((y[j] - line(m1)) + (y[j + SEASON] - line(m2))) / 2.0;
    }
    let offset = mean(&season);
    for s in &mut season {
        *s -= offset;
    }
    (m1 - trend * (centre + 1.0), trend, season)
}

fn hw_run(y: &[f64], p: HwParams, mut errors: Option<&mut Vec<f64>>) -> HwRun {
    let (mut level, mut trend, mut season) = hw_initial(y);
    let mut sse = 0.0;
    for (t, &v) in y.iter().enumerate() {
        let s = &mut season[t % SEASON];
        let e = v - (level + trend + *s);
        sse += e * e;
        if let Some(errors) = errors.as_deref_mut() {
            errors.push(e);
        }
        level += trend + p.alpha * e;
        trend += p.beta * e;
        *s += p.gamma * e;
    }
    HwRun {
        level,
        trend,
        season,
        sse,
    }
}

/// Minimises the one-step SSE over a coarse grid of the unit cube, then refines the best point
/// by a pattern search with halving steps. Cheap (about 200 passes over the data) and
/// deterministic.
fn hw_optimise(y: &[f64]) -> HwParams {
    let sse = |u: [f64; 3]| hw_run(y, HwParams::from_unit(u[0], u[1], u[2]), None).sse;
    let mut best = [0.2, 0.1, 0.1];
    let mut best_sse = f64::INFINITY;
    for a in [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9] {
        for fb in [0.0, 0.05, 0.15, 0.3] {
            for fg in [0.0, 0.05, 0.15, 0.3, 0.5] {
                let v = sse([a, fb, fg]);
                if v < best_sse {
                    best_sse = v;
                    best = [a, fb, fg];
                }
            }
        }
    }
    let mut step = 0.05;
    for _ in 0..5 {
        let mut improved = true;
        while improved {
            improved = false;
            for i in 0..3 {
                for dir in [-1.0, 1.0] {
                    let mut u = best;
                    u[i] = (u[i] + dir * step).clamp(0.0, 1.0);
                    let v = sse(u);
                    if v < best_sse - 1e-12 {
                        best_sse = v;
                        best = u;
                        improved = true;
                    }
                }
            }
        }
        step /= 2.0;
    }
    HwParams::from_unit(best[0], best[1], best[2])
}

fn holt_winters(y: &[f64], horizon: usize) -> Fit {
    let p = hw_optimise(y);
    let mut errors = Vec::with_capacity(y.len());
    let run = hw_run(y, p, Some(&mut errors));
    // The first season fitted the initial states, so its errors understate the spread.
    let sigma = residual_sd(&errors[SEASON..], 3);
    let n = y.len();
    let mut means = Vec::with_capacity(horizon);
    let mut sds = Vec::with_capacity(horizon);
    let mut sum_c2: f64 = 0.0;
    for h in 1..=horizon {
        means.push(run.level + h as f64 * run.trend + run.season[(n + h - 1) % SEASON]);
        sds.push(sigma * (1.0 + sum_c2).sqrt());
        // c_h enters the variance of horizon h + 1.
        let seasonal = if h % SEASON == 0 { p.gamma } else { 0.0 };
        let c = p.alpha + p.beta * h as f64 + seasonal;
        sum_c2 += c * c;
    }
    Fit {
        method: Method::HoltWinters {
            alpha: p.alpha,
            beta: p.beta,
            gamma: p.gamma,
        },
        sigma,
        means,
        sds,
    }
}

/// In-sample MAE of the seasonal naive method (lag 12) on `training`, or of the naive method
/// (lag 1) when it is shorter than 13 months; `None` when it has no pair at all.
pub fn naive_scale(training: &[f64]) -> Option<f64> {
    let lag = if training.len() > SEASON { SEASON } else { 1 };
    let errors: Vec<f64> = (lag..training.len())
        .map(|t| (training[t] - training[t - lag]).abs())
        .collect();
    (!errors.is_empty()).then(|| mean(&errors))
}

/// Mean absolute scaled error of `predicted` against `actual`, scaled by `naive_scale(training)`;
/// `None` when the scale is missing or zero (a flat history) or the inputs are empty.
pub fn mase(actual: &[f64], predicted: &[f64], training: &[f64]) -> Option<f64> {
    let scale = naive_scale(training).filter(|s| *s > 0.0)?;
    let errors: Vec<f64> = actual
        .iter()
        .zip(predicted)
        .map(|(a, p)| (a - p).abs())
        .collect();
    (!errors.is_empty()).then(|| mean(&errors) / scale)
}

/// The rolling-origin backtest of one series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backtest {
    /// MASE over every (origin, horizon) pair.
    pub mase: f64,
    /// MASE of the one-month-ahead forecasts only.
    pub mase_h1: f64,
    pub forecasts: usize,
    pub scale: f64,
}

/// Rolling origin over the last `BACKTEST_MONTHS` months of `y` (see the module docs). `None`
/// when the history before the first origin is shorter than 13 months, or flat.
pub fn backtest(y: &[f64]) -> Option<Backtest> {
    let n = y.len();
    let first_origin = n.checked_sub(BACKTEST_MONTHS)?;
    if first_origin <= SEASON {
        return None;
    }
    let scale = naive_scale(&y[..first_origin]).filter(|s| *s > 0.0)?;
    let mut abs_all = Vec::new();
    let mut abs_h1 = Vec::new();
    for origin in first_origin..n {
        let horizon = (n - origin).min(BACKTEST_MONTHS);
        let f = fit(&y[..origin], horizon).ok()?;
        for (h, m) in f.means.iter().enumerate() {
            let e = (y[origin + h] - m.max(0.0)).abs();
            abs_all.push(e);
            if h == 0 {
                abs_h1.push(e);
            }
        }
    }
    Some(Backtest {
        mase: mean(&abs_all) / scale,
        mase_h1: mean(&abs_h1) / scale,
        forecasts: abs_all.len(),
        scale,
    })
}

/// Median and mean of a set of MASE values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MaseSummary {
    pub series: usize,
    pub median: f64,
    pub mean: f64,
}

impl MaseSummary {
    /// `None` for an empty set; non-finite values are left out.
    pub fn of(values: &[f64]) -> Option<MaseSummary> {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let mid = v.len() / 2;
        let median = if v.len() % 2 == 1 {
            v[mid]
        } else {
            (v[mid - 1] + v[mid]) / 2.0
        };
        Some(MaseSummary {
            series: v.len(),
            median,
            mean: mean(&v),
        })
    }
}

/// The backtest of every qualifying series at one roll-up level.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelBacktest {
    pub by: RegionLevel,
    pub level: u8,
    /// Series with any demand at all.
    pub candidates: usize,
    /// Series backtested (enough history, see `GapInputs::backtest_level`).
    pub results: Vec<(Area, IscoCode, Backtest)>,
}

impl LevelBacktest {
    pub fn mase(&self) -> Option<MaseSummary> {
        MaseSummary::of(&self.results.iter().map(|r| r.2.mase).collect::<Vec<_>>())
    }
    pub fn mase_h1(&self) -> Option<MaseSummary> {
        MaseSummary::of(&self.results.iter().map(|r| r.2.mase_h1).collect::<Vec<_>>())
    }
}

impl GapInputs {
    /// Monthly demand (positions of unique vacancies) of a region (the nation for `None`) and an
    /// ISCO group (all occupations for `None`), over every month of the snapshot, zeros
    /// included. `None` when there are no vacancies.
    pub fn demand_series(
        &self,
        region: Option<RegionCode>,
        isco: Option<IscoCode>,
    ) -> Option<MonthlySeries> {
        let start = self.demand.base()?;
        let n = self.demand.n_months();
        let range = region.map_or_else(regions::all, regions::index_range);
        let months = u16::try_from(n).ok()?;
        let mut values = vec![0.0; n];
        for (unit, m, p) in self.demand.positions_by_occupation_month(range, 0..months) {
            let inside =
                isco.is_none_or(|g| unit / 10u16.pow(u32::from(4 - g.level())) == g.as_u16());
            if inside && let Some(v) = values.get_mut(usize::from(m)) {
                *v += p as f64;
            }
        }
        Some(MonthlySeries { start, values })
    }

    /// Every non-empty demand series at one roll-up level, in (area, code) order.
    pub fn demand_series_by(
        &self,
        by: RegionLevel,
        level: u8,
    ) -> Vec<(Area, IscoCode, MonthlySeries)> {
        let Some(start) = self.demand.base() else {
            return Vec::new();
        };
        let n = self.demand.n_months();
        let Ok(months) = u16::try_from(n) else {
            return Vec::new();
        };
        let level = level.clamp(1, 4);
        let divisor = 10u16.pow(u32::from(4 - level));
        let mut series: HashMap<(Area, u16), Vec<f64>> = HashMap::new();
        for (region, unit, m, p) in self.demand.positions_by_cell(regions::all(), 0..months) {
            let Some(code) = regions::regency_code(region) else {
                continue;
            };
            let area = match by {
                RegionLevel::Regency => Area::Region(code),
                RegionLevel::Province => Area::Region(code.province()),
                RegionLevel::Nation => Area::Nation,
            };
            let values = series
                .entry((area, unit / divisor))
                .or_insert_with(|| vec![0.0; n]);
            if let Some(v) = values.get_mut(usize::from(m)) {
                *v += p as f64;
            }
        }
        let mut out: Vec<(Area, IscoCode, MonthlySeries)> = series
            .into_iter()
            .filter_map(|((area, group), values)| {
                let code = IscoCode::parse(&format!("{group:0w$}", w = usize::from(level))).ok()?;
                Some((area, code, MonthlySeries { start, values }))
            })
            .collect();
        out.sort_by_key(|s| (s.0, s.1));
        out
    }

    /// Backtests every demand series at one roll-up level that has enough history: at least
    /// 24 months before the backtest window (so every origin uses Holt-Winters) with demand in
    /// at least `min_active_months` of them. Mostly-empty series are left out because their
    /// scale (the seasonal naive error) is a handful of ones and zeros, which makes any ratio
    /// to it noise.
    pub fn backtest_level(
        &self,
        by: RegionLevel,
        level: u8,
        min_active_months: usize,
    ) -> LevelBacktest {
        let all = self.demand_series_by(by, level);
        let candidates = all.len();
        let results = all
            .into_iter()
            .filter(|(_, _, s)| {
                let n = s.values.len();
                let training = &s.values[..n.saturating_sub(BACKTEST_MONTHS)];
                training.len() >= 2 * SEASON
                    && training.iter().filter(|v| **v > 0.0).count() >= min_active_months
            })
            .filter_map(|(area, code, s)| Some((area, code, backtest(&s.values)?)))
            .collect();
        LevelBacktest {
            by,
            level,
            candidates,
            results,
        }
    }
}

#[cfg(test)]
mod tests;

//! The results framework: five indicators with yearly targets for project years 1–4 at national,
//! provincial and BLK level, achievement to date and a forecast of the year-end value.
//!
//! Each indicator counts events by the day they happen, so a year's value grows through the year:
//!
//! - graduates: completed trainees, on their cohort's end date;
//! - certified: graduates with a certificate, on the same date;
//! - placed: graduates on the start date of their first placement (once per graduate, however
//!   often the job was reported);
//! - kebekerjaan: headline-wave answers that count, on the day the wave fell due (a rate);
//! - cost per placement: training cost (catalogue cost per trainee × trainees, every status) on
//!   the cohort's end date, ÷ placed.
//!
//! # Forecast of the year-end value
//!
//! For a count, the value to date is divided by the share of the full year's value that past
//! years (up to three, with data) had reached by the same day of the year — their seasonal
//! shape, pooled: Σ value by that day ÷ Σ full-year value. With no past year, or a share under
//! 5 %, it is pro-rated linearly by days elapsed. Kebekerjaan is a rate: its forecast is the rate
//! to date. The cost per placement forecast is forecast cost ÷ forecast placed. A year that is
//! over is its own forecast.

use std::collections::{BTreeSet, HashMap};

use domain::records::{OutcomeIndicator, TargetLevel, TraineeStatus};
use domain::{Date, RegionCode, reference};

use super::{OutcomeCohort, OutcomeData, OutcomeSettings, wave_due};

/// A target as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub indicator: OutcomeIndicator,
    pub level: TargetLevel,
    /// Empty for the nation; a province code or a BLK code.
    pub area: String,
    pub year: u16,
    pub project_year: u8,
    pub value: f64,
}

/// A value to date and its year-end forecast.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearToDate {
    pub to_date: f64,
    pub forecast: Option<f64>,
    pub method: &'static str,
}

/// One indicator of one area in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameworkRow {
    pub indicator: OutcomeIndicator,
    pub level: TargetLevel,
    pub area: String,
    pub area_name: String,
    pub year: u16,
    pub project_year: Option<u8>,
    pub target: Option<f64>,
    pub to_date: Option<f64>,
    /// to date ÷ target; for the cost per placement, where less is better, target ÷ to date,
    /// so that 100 % and more reads "met" for every indicator.
    pub achievement: Option<f64>,
    pub forecast: Option<f64>,
    pub method: &'static str,
    /// Whether the forecast meets the target (for the cost per placement: is at most the target).
    pub on_track: Option<bool>,
    /// Traced graduates behind a kebekerjaan value (0 for the other indicators).
    pub traced: u64,
}

fn year_bounds(year: i32) -> Option<(Date, Date)> {
    Some((Date::new(year, 1, 1).ok()?, Date::new(year, 12, 31).ok()?))
}

/// Value to date and year-end forecast of dated `events` (day, amount) for `year` as of `as_of`.
pub fn seasonal_forecast(events: &[(Date, f64)], year: i32, as_of: Date) -> YearToDate {
    let Some((first, last)) = year_bounds(year) else {
        return YearToDate {
            to_date: 0.0,
            forecast: None,
            method: "none",
        };
    };
    if as_of < first {
        return YearToDate {
            to_date: 0.0,
            forecast: None,
            method: "not started",
        };
    }
    let day_of_year = |d: Date| (d.month(), d.day());
    let cut = day_of_year(as_of);
    let to_date: f64 = events
        .iter()
        .filter(|(d, _)| *d >= first && *d <= as_of.min(last))
        .map(|&(_, v)| v)
        .sum();
    if as_of >= last {
        return YearToDate {
            to_date,
            forecast: Some(to_date),
            method: "year complete",
        };
    }
    let (mut part, mut full, mut years) = (0.0, 0.0, 0);
    for y in (year - 3)..year {
        let in_year: Vec<&(Date, f64)> = events.iter().filter(|(d, _)| d.year() == y).collect();
        let total: f64 = in_year.iter().map(|(_, v)| v).sum();
        if total <= 0.0 {
            continue;
        }
        years += 1;
        full += total;
        part += in_year
            .iter()
            .filter(|(d, _)| day_of_year(*d) <= cut)
            .map(|(_, v)| v)
            .sum::<f64>();
    }
    if years > 0 && full > 0.0 && part / full >= 0.05 {
        return YearToDate {
            to_date,
            forecast: Some(to_date * full / part),
            method: "seasonal",
        };
    }
    let elapsed = (as_of.days_since_epoch() - first.days_since_epoch() + 1) as f64;
    let length = (last.days_since_epoch() - first.days_since_epoch() + 1) as f64;
    YearToDate {
        to_date,
        forecast: Some(to_date * length / elapsed),
        method: "linear",
    }
}

/// Dated events of each indicator for the cohorts `keep` accepts.
struct Events {
    graduates: Vec<(Date, f64)>,
    certified: Vec<(Date, f64)>,
    placed: Vec<(Date, f64)>,
    cost: Vec<(Date, f64)>,
    /// (due date, employed) of headline-wave answers that count.
    answers: Vec<(Date, bool)>,
}

fn events(
    data: &OutcomeData,
    settings: &OutcomeSettings,
    keep: &dyn Fn(&OutcomeCohort) -> bool,
) -> Events {
    let mut e = Events {
        graduates: Vec::new(),
        certified: Vec::new(),
        placed: Vec::new(),
        cost: Vec::new(),
        answers: Vec::new(),
    };
    for t in &data.trainees {
        let Some(c) = data.cohort(t.cohort).filter(|c| keep(c)) else {
            continue;
        };
        let cost = reference()
            .programme(&c.programme)
            .map_or(0, |p| p.cost_per_trainee.0);
        e.cost.push((c.end, cost as f64));
        if t.status != TraineeStatus::Completed {
            continue;
        }
        e.graduates.push((c.end, 1.0));
        if t.certified {
            e.certified.push((c.end, 1.0));
        }
        if let Some((start, _)) = data.first_job(t.person, c.id) {
            e.placed.push((start, 1.0));
        }
        if let Some(a) = data.answer(t.person, c.id, settings.headline_wave)
            && settings.counts(a.respondent)
        {
            e.answers.push((
                wave_due(c.end, settings.headline_wave),
                a.status.is_employed(),
            ));
        }
    }
    e
}

/// Actual values (to date and forecast) of all five indicators for cohorts `keep` accepts.
fn actuals(
    data: &OutcomeData,
    settings: &OutcomeSettings,
    keep: &dyn Fn(&OutcomeCohort) -> bool,
    year: i32,
    as_of: Date,
) -> Vec<(OutcomeIndicator, YearToDate, u64)> {
    let e = events(data, settings, keep);
    let graduates = seasonal_forecast(&e.graduates, year, as_of);
    let certified = seasonal_forecast(&e.certified, year, as_of);
    let placed = seasonal_forecast(&e.placed, year, as_of);
    let cost = seasonal_forecast(&e.cost, year, as_of);
    let (traced, employed) = e
        .answers
        .iter()
        .filter(|(d, _)| d.year() == year && *d <= as_of)
        .fold((0u64, 0u64), |(t, k), (_, emp)| {
            (t + 1, k + u64::from(*emp))
        });
    let rate = (traced > 0).then(|| employed as f64 / traced as f64);
    let keb = YearToDate {
        to_date: rate.unwrap_or(0.0),
        forecast: rate,
        method: "rate to date",
    };
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    };
    let cpp_to_date = ratio(Some(cost.to_date), Some(placed.to_date));
    let cpp = YearToDate {
        to_date: cpp_to_date.unwrap_or(0.0),
        forecast: ratio(cost.forecast, placed.forecast),
        method: placed.method,
    };
    vec![
        (OutcomeIndicator::Graduates, graduates, 0),
        (OutcomeIndicator::Certified, certified, 0),
        (OutcomeIndicator::Placed, placed, 0),
        (OutcomeIndicator::Kebekerjaan, keb, traced),
        (
            OutcomeIndicator::CostPerPlacement,
            cpp,
            u64::from(cpp_to_date.is_some()),
        ),
    ]
}

fn area_name(data: &OutcomeData, level: TargetLevel, area: &str) -> String {
    match level {
        TargetLevel::National => "Indonesia".into(),
        TargetLevel::Province => RegionCode::parse(area)
            .ok()
            .and_then(|r| reference().region(r))
            .map_or_else(|| area.to_string(), |r| r.name.clone()),
        TargetLevel::Blk => data
            .blk(area)
            .map_or_else(|| area.to_string(), |b| b.name.clone()),
    }
}

/// The results framework for `year` as of `as_of`: the nation always, and provinces and BLKs
/// that have a target that year (or, for a level asked for without targets, every such area in
/// the data). `level` keeps one level only.
pub fn results_framework(
    data: &OutcomeData,
    settings: &OutcomeSettings,
    targets: &[Target],
    year: u16,
    as_of: Date,
    level: Option<TargetLevel>,
) -> Vec<FrameworkRow> {
    let mut areas: BTreeSet<(u8, String)> = BTreeSet::new();
    let rank = |l: TargetLevel| match l {
        TargetLevel::National => 0u8,
        TargetLevel::Province => 1,
        TargetLevel::Blk => 2,
    };
    let wanted = |l: TargetLevel| level.is_none_or(|x| x == l);
    if wanted(TargetLevel::National) {
        areas.insert((0, String::new()));
    }
    for t in targets.iter().filter(|t| t.year == year && wanted(t.level)) {
        areas.insert((rank(t.level), t.area.clone()));
    }
    match level {
        Some(TargetLevel::Province) if areas.is_empty() => {
            for b in &data.blks {
                areas.insert((1, b.region.province().to_string()));
            }
        }
        Some(TargetLevel::Blk) if areas.is_empty() => {
            for b in &data.blks {
                areas.insert((2, b.code.clone()));
            }
        }
        _ => {}
    }
    let mut rows = Vec::new();
    for (r, area) in areas {
        let lvl = match r {
            0 => TargetLevel::National,
            1 => TargetLevel::Province,
            _ => TargetLevel::Blk,
        };
        let province = RegionCode::parse(&area).ok();
        let keep = |c: &OutcomeCohort| match lvl {
            TargetLevel::National => true,
            TargetLevel::Province => data
                .blk(&c.blk)
                .is_some_and(|b| Some(b.region.province()) == province),
            TargetLevel::Blk => c.blk == area,
        };
        let name = area_name(data, lvl, &area);
        for (indicator, v, traced) in actuals(data, settings, &keep, i32::from(year), as_of) {
            let target = targets.iter().find(|t| {
                t.indicator == indicator && t.level == lvl && t.area == area && t.year == year
            });
            let has_value = match indicator {
                OutcomeIndicator::Kebekerjaan | OutcomeIndicator::CostPerPlacement => traced > 0,
                _ => true,
            };
            let to_date = has_value.then_some(v.to_date);
            let target_value = target.map(|t| t.value);
            let achievement = achievement(indicator, to_date, target_value);
            let on_track = match (v.forecast, target_value) {
                (Some(f), Some(t)) => Some(if indicator == OutcomeIndicator::CostPerPlacement {
                    f <= t
                } else {
                    f >= t
                }),
                _ => None,
            };
            rows.push(FrameworkRow {
                indicator,
                level: lvl,
                area: area.clone(),
                area_name: name.clone(),
                year,
                project_year: target.map(|t| t.project_year),
                target: target_value,
                to_date,
                achievement,
                forecast: v.forecast.filter(|_| has_value),
                method: v.method,
                on_track,
                traced,
            });
        }
    }
    rows
}

/// How default targets grow from the baseline year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProposalSettings {
    /// Yearly growth of graduates, certified and placed.
    pub count_growth: f64,
    /// Percentage points of kebekerjaan added each year.
    pub kebekerjaan_points: f64,
    /// Yearly fall of the cost per placement.
    pub cost_fall: f64,
}

impl Default for ProposalSettings {
    fn default() -> Self {
        ProposalSettings {
            count_growth: 0.05,
            kebekerjaan_points: 0.02,
            cost_fall: 0.03,
        }
    }
}

/// Default targets for project years 1–4 starting in `first_year`, from the actual values of the
/// year before (the baseline), for the nation, every province and every BLK with graduates in
/// the baseline: counts grow by `count_growth` a year (compounded), kebekerjaan gains
/// `kebekerjaan_points` a year (at most 95 %), and the cost per placement falls by `cost_fall`
/// a year. For trials and the demo, where no real targets exist; a real framework imports its own.
pub fn propose_targets(
    data: &OutcomeData,
    settings: &OutcomeSettings,
    first_year: u16,
    proposal: &ProposalSettings,
) -> Vec<Target> {
    let baseline = i32::from(first_year) - 1;
    let Ok(end_of_baseline) = Date::new(baseline, 12, 31) else {
        return Vec::new();
    };
    let mut areas: Vec<(TargetLevel, String)> = vec![(TargetLevel::National, String::new())];
    let provinces: BTreeSet<String> = data
        .blks
        .iter()
        .map(|b| b.region.province().to_string())
        .collect();
    areas.extend(provinces.into_iter().map(|p| (TargetLevel::Province, p)));
    areas.extend(data.blks.iter().map(|b| (TargetLevel::Blk, b.code.clone())));
    let mut out = Vec::new();
    for (level, area) in areas {
        let province = RegionCode::parse(&area).ok();
        let keep = |c: &OutcomeCohort| match level {
            TargetLevel::National => true,
            TargetLevel::Province => data
                .blk(&c.blk)
                .is_some_and(|b| Some(b.region.province()) == province),
            TargetLevel::Blk => c.blk == area,
        };
        let base = actuals(data, settings, &keep, baseline, end_of_baseline);
        let graduates = base
            .iter()
            .find(|(i, _, _)| *i == OutcomeIndicator::Graduates)
            .map_or(0.0, |(_, v, _)| v.to_date);
        if graduates <= 0.0 {
            continue;
        }
        for k in 1..=4u8 {
            let kf = f64::from(k);
            for (indicator, v, traced) in &base {
                let value = match indicator {
                    OutcomeIndicator::Kebekerjaan if *traced == 0 => continue,
                    OutcomeIndicator::Kebekerjaan => {
                        (v.to_date + proposal.kebekerjaan_points * kf).min(0.95)
                    }
                    OutcomeIndicator::CostPerPlacement if *traced == 0 => continue,
                    OutcomeIndicator::CostPerPlacement => {
                        (v.to_date * (1.0 - proposal.cost_fall).powf(kf) / 1000.0).round() * 1000.0
                    }
                    _ => (v.to_date * (1.0 + proposal.count_growth).powf(kf)).round(),
                };
                out.push(Target {
                    indicator: *indicator,
                    level,
                    area: area.clone(),
                    year: first_year + u16::from(k) - 1,
                    project_year: k,
                    value,
                });
            }
        }
    }
    // A count's target is its parts' targets added up: each BLK's rounded on its own, a
    // province the sum of its BLKs', the nation the sum of the provinces' (rounded apart, the
    // nation came out a few persons off the provinces' sum).
    let is_count = |i: OutcomeIndicator| {
        !matches!(
            i,
            OutcomeIndicator::Kebekerjaan | OutcomeIndicator::CostPerPlacement
        )
    };
    let mut sums: HashMap<(OutcomeIndicator, u16, TargetLevel, String), f64> = HashMap::new();
    for t in out.iter().filter(|t| is_count(t.indicator)) {
        if t.level == TargetLevel::Blk
            && let Some(b) = data.blk(&t.area)
        {
            let province = b.region.province().to_string();
            *sums
                .entry((t.indicator, t.year, TargetLevel::Province, province))
                .or_default() += t.value;
            *sums
                .entry((t.indicator, t.year, TargetLevel::National, String::new()))
                .or_default() += t.value;
        }
    }
    for t in out
        .iter_mut()
        .filter(|t| is_count(t.indicator) && t.level != TargetLevel::Blk)
    {
        if let Some(&v) = sums.get(&(t.indicator, t.year, t.level, t.area.clone())) {
            t.value = v;
        }
    }
    out
}

/// How much of its target an indicator has reached: to date ÷ target, and for the cost per
/// placement, where less is better, target ÷ to date, so that 100 % and more reads "met" for
/// every indicator.
pub(crate) fn achievement(
    indicator: OutcomeIndicator,
    to_date: Option<f64>,
    target: Option<f64>,
) -> Option<f64> {
    match (to_date, target) {
        (Some(a), Some(t)) if indicator == OutcomeIndicator::CostPerPlacement => {
            (a > 0.0 && t > 0.0).then(|| t / a)
        }
        (Some(a), Some(t)) if t > 0.0 => Some(a / t),
        _ => None,
    }
}

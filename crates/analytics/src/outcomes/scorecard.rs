//! BLK scorecards: kebekerjaan, completion, certification, cost per placement and time to first
//! job, with an expected kebekerjaan so that a BLK in a hard labour market is compared with what
//! its market and programmes allow rather than ranked last for where it stands.
//!
//! Definitions (cohorts that ended at least `headline_wave` months before the date, so that
//! graduates have had time to find work; kebekerjaan uses its own wave rule):
//!
//! - completion = completed ÷ trainees who finished (completed, not passed or dropped);
//! - certification = certified ÷ completed;
//! - cost per placement = Σ cost per trainee of the programme (catalogue) × trainees enrolled
//!   ÷ graduates placed (every trainee was paid for, including those who dropped out);
//! - time to first job = median days from the cohort's end to the start of the graduate's first
//!   placement (a job that started before the course ended counts as 0 days).
//!
//! # Expected kebekerjaan
//!
//! 1. Programme mix: each programme's national kebekerjaan at the headline wave (all BLKs),
//!    averaged over the BLK's own traced graduates: Σ_p n_p · r_p ÷ Σ_p n_p.
//! 2. Labour market: the mix rate is moved on the log-odds scale by
//!    −β × (TPT of the BLK's province − national TPT), β = `unemployment_logit_per_point`
//!    (0.10 per percentage point by default, an assumption: a province with 3 points more open
//!    unemployment than the nation is expected to place about 7 points fewer of 50 %). TPT is
//!    BPS's open unemployment rate, August 2024 (`labour`); the national rate is the mean of the
//!    provinces weighted by labour force.
//!
//! The difference (observed − expected) ranks BLKs; peers are BLKs in provinces whose TPT is
//! within one point of the BLK's. Only BLKs with at least `min_cell` traced graduates are ranked.

use std::collections::HashMap;

use domain::{Date, RegionCode, reference};

use super::kebekerjaan::{GroupBy, OutcomeRow, outcome_table};
use super::stats::{Shown, rounded_range};
use super::{OutcomeData, OutcomeSettings, days_between, median};
use crate::labour;

/// One BLK's scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    pub blk: String,
    pub name: String,
    pub region: RegionCode,
    /// Cohorts counted (ended at least `headline_wave` months before the date).
    pub cohorts: u64,
    pub trainees: u64,
    /// Completed, not passed or dropped.
    pub finished: u64,
    pub completed: u64,
    pub certified: u64,
    pub completion_rate: Option<f64>,
    pub certification_rate: Option<f64>,
    /// Graduates with a recorded placement.
    pub placed: u64,
    pub cost_idr: i64,
    pub cost_per_placement: Option<i64>,
    pub median_days_to_first_job: Option<f64>,
    /// Kebekerjaan at the headline wave, with its interval, response rate and weighted rate.
    pub kebekerjaan: OutcomeRow,
    /// Wage work, self-employment and work abroad as published: rounded and protected within
    /// the row, and against the province's published kinds ([`protect_against_provinces`]).
    pub kinds: [Shown; 3],
    /// Open unemployment rate (%) of the BLK's province and of the nation.
    pub province_tpt: Option<f64>,
    pub national_tpt: f64,
    /// Expected from the programme mix alone, then adjusted for the labour market.
    pub expected_mix: Option<f64>,
    pub expected: Option<f64>,
    /// Observed − expected kebekerjaan.
    pub difference: Option<f64>,
    /// (rank, of) by difference from expected among ranked BLKs, 1 = furthest above.
    pub rank_adjusted: Option<(usize, usize)>,
    /// (rank, of) by raw kebekerjaan, for contrast.
    pub rank_raw: Option<(usize, usize)>,
    /// Ranked BLKs in provinces within one point of TPT (the BLK included).
    pub peers: usize,
    pub peer_median_rate: Option<f64>,
    pub rank_in_peers: Option<(usize, usize)>,
}

/// The national open unemployment rate: provinces' TPT weighted by their labour force.
fn national_tpt() -> f64 {
    let (num, den) = labour::provinces()
        .iter()
        .filter_map(|p| Some((p.tpt_percent? * p.labour_force, p.labour_force)))
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    if den > 0.0 { num / den } else { 0.0 }
}

fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-3, 1.0 - 1e-3);
    (p / (1.0 - p)).ln()
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Kebekerjaan of each programme over every BLK in the data at the headline wave:
/// programme → (employed, traced).
pub fn national_programme_rates(
    data: &OutcomeData,
    settings: &OutcomeSettings,
    as_of: Date,
) -> HashMap<String, (u64, u64)> {
    outcome_table(
        data,
        settings,
        GroupBy::Programme,
        Some(settings.headline_wave),
        as_of,
        &|_| true,
    )
    .into_iter()
    .map(|r| (r.key, (r.employed, r.traced)))
    .collect()
}

/// Scorecards of every BLK in the data as of `as_of`, in BLK code order, their kinds of work
/// protected within each row only.
fn unprotected_scorecards(
    data: &OutcomeData,
    settings: &OutcomeSettings,
    as_of: Date,
) -> Vec<Scorecard> {
    let wave = settings.headline_wave;
    let mature_before = as_of.add_months(-i32::from(wave));
    let national = national_programme_rates(data, settings, as_of);
    let by_blk: HashMap<String, OutcomeRow> =
        outcome_table(data, settings, GroupBy::Blk, Some(wave), as_of, &|_| true)
            .into_iter()
            .map(|r| (r.key.clone(), r))
            .collect();
    let by_blk_programme = blk_programme_traced(data, settings, as_of);
    let national_tpt = national_tpt();

    // Counts over mature cohorts, per BLK.
    #[derive(Default)]
    struct Acc {
        cohorts: u64,
        trainees: u64,
        finished: u64,
        completed: u64,
        certified: u64,
        placed: u64,
        cost: i64,
        days: Vec<f64>,
    }
    let mut acc: HashMap<&str, Acc> = HashMap::new();
    for c in data.cohorts.iter().filter(|c| c.end <= mature_before) {
        acc.entry(c.blk.as_str()).or_default().cohorts += 1;
    }
    for t in &data.trainees {
        let Some(c) = data.cohort(t.cohort).filter(|c| c.end <= mature_before) else {
            continue;
        };
        let a = acc.entry(c.blk.as_str()).or_default();
        a.trainees += 1;
        a.cost += reference()
            .programme(&c.programme)
            .map_or(0, |p| p.cost_per_trainee.0);
        use domain::records::TraineeStatus as S;
        if t.status != S::Enrolled {
            a.finished += 1;
        }
        if t.status == S::Completed {
            a.completed += 1;
            a.certified += u64::from(t.certified);
            if let Some((start, _)) = data.first_job(t.person, c.id) {
                a.placed += 1;
                a.days.push(days_between(c.end, start).max(0) as f64);
            }
        }
    }

    let mut cards: Vec<Scorecard> = data
        .blks
        .iter()
        .map(|b| {
            let a = acc.remove(b.code.as_str()).unwrap_or_default();
            let mut days = a.days;
            let keb = by_blk
                .get(&b.code)
                .cloned()
                .unwrap_or_else(|| OutcomeRow::new(b.code.clone(), b.name.clone(), wave));
            let expected_mix = by_blk_programme.get(&b.code).and_then(|mix| {
                let (num, den) = mix
                    .iter()
                    .filter_map(|(p, &n)| {
                        let &(e, t) = national.get(p)?;
                        (t > 0).then(|| (n as f64 * e as f64 / t as f64, n as f64))
                    })
                    .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
                (den > 0.0).then(|| num / den)
            });
            let province_tpt = labour::province(b.region).and_then(|p| p.tpt_percent);
            let expected = expected_mix.map(|m| match province_tpt {
                Some(u) => {
                    logistic(logit(m) - settings.unemployment_logit_per_point * (u - national_tpt))
                }
                None => m,
            });
            let difference = match (keb.rate, expected) {
                (Some(r), Some(e)) => Some(r - e),
                _ => None,
            };
            Scorecard {
                blk: b.code.clone(),
                name: b.name.clone(),
                region: b.region,
                cohorts: a.cohorts,
                trainees: a.trainees,
                finished: a.finished,
                completed: a.completed,
                certified: a.certified,
                completion_rate: (a.finished > 0).then(|| a.completed as f64 / a.finished as f64),
                certification_rate: (a.completed > 0)
                    .then(|| a.certified as f64 / a.completed as f64),
                placed: a.placed,
                cost_idr: a.cost,
                cost_per_placement: (a.placed > 0).then(|| a.cost / a.placed as i64),
                median_days_to_first_job: median(&mut days),
                kinds: keb.employed_by_kind(settings.min_cell),
                kebekerjaan: keb,
                province_tpt,
                national_tpt,
                expected_mix,
                expected,
                difference,
                rank_adjusted: None,
                rank_raw: None,
                peers: 0,
                peer_median_rate: None,
                rank_in_peers: None,
            }
        })
        .collect();
    rank(&mut cards, settings.min_cell);
    cards
}

/// Scorecards of every BLK in the data as of `as_of`, in BLK code order, their kinds of work
/// protected against the province table `outcome_table(…, GroupBy::Province,
/// Some(headline_wave), as_of, all)`, computed here.
pub fn scorecards(data: &OutcomeData, settings: &OutcomeSettings, as_of: Date) -> Vec<Scorecard> {
    let provinces = outcome_table(
        data,
        settings,
        GroupBy::Province,
        Some(settings.headline_wave),
        as_of,
        &|_| true,
    );
    scorecards_against(data, settings, as_of, &provinces)
}

/// [`scorecards`] for a caller that has the province table already (the server's snapshot
/// publishes it), so it is not computed twice.
pub fn scorecards_against(
    data: &OutcomeData,
    settings: &OutcomeSettings,
    as_of: Date,
    provinces: &[OutcomeRow],
) -> Vec<Scorecard> {
    let mut cards = unprotected_scorecards(data, settings, as_of);
    protect_against_provinces(&mut cards, provinces, settings.min_cell);
    cards
}

/// What a reader knows a published count lies in, given its row's employed total `employed`.
fn bounds(s: Shown, employed: u64, min_cell: u64) -> (u64, u64) {
    match s {
        Shown::Count(n) => (n, n),
        Shown::Small => (1, min_cell - 1),
        Shown::Rounded(r) => rounded_range(r, min_cell),
        Shown::Withheld => (0, employed),
    }
}

/// A province's BLKs' kinds of work add up to the province's, which `/hasil` publishes, and
/// each BLK's kinds add up to its employed total, which its rate gives away. Bounds a reader
/// can narrow by both (a column's total minus the other BLKs', a row's total minus the other
/// kinds, and again) can leave a BLK's "<5" one value when rounding edges line up (four BLKs'
/// 23, 13 and 1 self-employed of a province's 37, published as ≈25, ≈15, <5 and ≈35). Where
/// that happens, the smallest count shown in each of the province's columns, among the other
/// BLKs, is withheld, and the bounds narrowed again, until no "<5" is left one value.
pub fn protect_against_provinces(cards: &mut [Scorecard], provinces: &[OutcomeRow], min_cell: u64) {
    let rows: Vec<(&OutcomeRow, Option<String>)> = cards
        .iter()
        .map(|c| (&c.kebekerjaan, Some(c.region.province().to_string())))
        .collect();
    let mut kinds: Vec<[Shown; 3]> = cards.iter().map(|c| c.kinds).collect();
    protect_rows(&rows, &mut kinds, provinces, min_cell);
    for (c, k) in cards.iter_mut().zip(kinds) {
        c.kinds = k;
    }
}

/// The kinds of work of rows that add up to provinces (BLKs, regencies, cohorts), as
/// published: [`OutcomeRow::employed_by_kind`], then protected against the provinces'
/// published kinds as [`protect_against_provinces`] protects BLKs. `province_of` gives a
/// row's province code; rows without one are only protected within themselves.
pub fn kinds_within_provinces(
    rows: &[OutcomeRow],
    province_of: impl Fn(&OutcomeRow) -> Option<String>,
    provinces: &[OutcomeRow],
    min_cell: u64,
) -> Vec<[Shown; 3]> {
    let mut kinds: Vec<[Shown; 3]> = rows.iter().map(|r| r.employed_by_kind(min_cell)).collect();
    let placed: Vec<(&OutcomeRow, Option<String>)> =
        rows.iter().map(|r| (r, province_of(r))).collect();
    protect_rows(&placed, &mut kinds, provinces, min_cell);
    kinds
}

/// The protection itself: `rows` (each with its province code, if known) and their
/// published `kinds`.
fn protect_rows(
    rows: &[(&OutcomeRow, Option<String>)],
    kinds: &mut [[Shown; 3]],
    provinces: &[OutcomeRow],
    min_cell: u64,
) {
    if min_cell <= 2 {
        return;
    }
    let by_code: HashMap<&str, &OutcomeRow> =
        provinces.iter().map(|r| (r.key.as_str(), r)).collect();
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, province)) in rows.iter().enumerate() {
        if let Some(p) = province {
            groups.entry(p.as_str()).or_default().push(i);
        }
    }
    for (province, members) in groups {
        let Some(p) = by_code.get(province) else {
            continue;
        };
        let province_kinds = p.employed_by_kind(min_cell);
        let columns: [(u64, u64); 3] = province_kinds.map(|s| bounds(s, p.employed, min_cell));
        // A row's total is known only where its rate is published.
        let totals: Vec<Option<u64>> = members
            .iter()
            .map(|&i| {
                let k = rows[i].0;
                k.publishable(min_cell).then_some(k.employed)
            })
            .collect();
        let employed: Vec<u64> = members.iter().map(|&i| rows[i].0.employed).collect();
        while let Some(pinned) =
            pinned_small(kinds, &members, &employed, &totals, &columns, min_cell)
        {
            let mut withheld = false;
            for k in [0, 1, 2] {
                let cheapest = members
                    .iter()
                    .copied()
                    .filter(|&j| j != pinned)
                    .filter(|&j| matches!(kinds[j][k], Shown::Rounded(_) | Shown::Count(1..)))
                    .min_by_key(|&j| kinds[j][k].count());
                if let Some(j) = cheapest {
                    kinds[j][k] = Shown::Withheld;
                    withheld = true;
                }
            }
            if !withheld {
                break;
            }
        }
    }
}

/// A row (index into `kinds`) whose "<5" a reader can narrow to one value by the province's
/// column totals and the rows' totals, if any.
fn pinned_small(
    kinds: &[[Shown; 3]],
    members: &[usize],
    employed: &[u64],
    totals: &[Option<u64>],
    columns: &[(u64, u64); 3],
    min_cell: u64,
) -> Option<usize> {
    let mut b: Vec<[(u64, u64); 3]> = members
        .iter()
        .zip(employed)
        .map(|(&i, &e)| kinds[i].map(|s| bounds(s, e, min_cell)))
        .collect();
    // Narrow until nothing moves (a few rounds: each only tightens, within finite bounds).
    for _ in 0..20 {
        let mut moved = false;
        for (k, &(p_lo, p_hi)) in columns.iter().enumerate() {
            let lo_sum: u64 = b.iter().map(|r| r[k].0).sum();
            let hi_sum: u64 = b.iter().map(|r| r[k].1).sum();
            for r in b.iter_mut() {
                let (lo, hi) = r[k];
                let new_lo = lo.max(p_lo.saturating_sub(hi_sum - hi));
                let new_hi = hi.min(p_hi.saturating_sub(lo_sum - lo));
                if (new_lo, new_hi) != (lo, hi) && new_lo <= new_hi {
                    r[k] = (new_lo, new_hi);
                    moved = true;
                }
            }
        }
        for (r, total) in b.iter_mut().zip(totals) {
            let Some(e) = *total else { continue };
            let lo_sum: u64 = r.iter().map(|x| x.0).sum();
            let hi_sum: u64 = r.iter().map(|x| x.1).sum();
            for cell in r.iter_mut() {
                let (lo, hi) = *cell;
                let new_lo = lo.max(e.saturating_sub(hi_sum - hi));
                let new_hi = hi.min(e.saturating_sub(lo_sum - lo));
                if (new_lo, new_hi) != (lo, hi) && new_lo <= new_hi {
                    *cell = (new_lo, new_hi);
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    members.iter().zip(&b).find_map(|(&i, r)| {
        (0..3)
            .any(|k| kinds[i][k] == Shown::Small && r[k].0 >= r[k].1)
            .then_some(i)
    })
}

/// Traced graduates per BLK × programme at the headline wave: BLK → programme → n.
fn blk_programme_traced(
    data: &OutcomeData,
    settings: &OutcomeSettings,
    as_of: Date,
) -> HashMap<String, HashMap<String, u64>> {
    let mut out: HashMap<String, HashMap<String, u64>> = HashMap::new();
    for (t, c) in data.graduates() {
        if super::wave_due(c.end, settings.headline_wave) > as_of {
            continue;
        }
        if let Some(a) = data.answer(t.person, c.id, settings.headline_wave)
            && settings.counts(a.respondent)
        {
            *out.entry(c.blk.clone())
                .or_default()
                .entry(c.programme.clone())
                .or_default() += 1;
        }
    }
    out
}

/// Fills the ranks: overall by difference and by raw rate, and within the peer band.
fn rank(cards: &mut [Scorecard], min_cell: u64) {
    let ranked: Vec<usize> = (0..cards.len())
        .filter(|&i| cards[i].kebekerjaan.traced >= min_cell && cards[i].difference.is_some())
        .collect();
    let n = ranked.len();
    let order_by = |key: &dyn Fn(&Scorecard) -> f64, set: &[usize]| -> Vec<usize> {
        let mut v = set.to_vec();
        v.sort_by(|&a, &b| key(&cards[b]).total_cmp(&key(&cards[a])));
        v
    };
    let by_diff = order_by(&|c| c.difference.unwrap_or(f64::NEG_INFINITY), &ranked);
    let by_raw = order_by(
        &|c| c.kebekerjaan.rate.unwrap_or(f64::NEG_INFINITY),
        &ranked,
    );
    let mut peer_ranks = Vec::new();
    for &i in &ranked {
        let band: Vec<usize> = match cards[i].province_tpt {
            Some(u) => ranked
                .iter()
                .copied()
                .filter(|&j| cards[j].province_tpt.is_some_and(|v| (v - u).abs() <= 1.0))
                .collect(),
            None => vec![i],
        };
        let in_band = order_by(&|c| c.difference.unwrap_or(f64::NEG_INFINITY), &band);
        let mut rates: Vec<f64> = band
            .iter()
            .filter_map(|&j| cards[j].kebekerjaan.rate)
            .collect();
        let pos = in_band.iter().position(|&j| j == i).map(|p| p + 1);
        peer_ranks.push((i, band.len(), median(&mut rates), pos));
    }
    for (pos, &i) in by_diff.iter().enumerate() {
        cards[i].rank_adjusted = Some((pos + 1, n));
    }
    for (pos, &i) in by_raw.iter().enumerate() {
        cards[i].rank_raw = Some((pos + 1, n));
    }
    for (i, peers, med, pos) in peer_ranks {
        cards[i].peers = peers;
        cards[i].peer_median_rate = med;
        cards[i].rank_in_peers = pos.map(|p| (p, peers));
    }
}

//! The recommendation for one BLK and year: every catalogue programme ranked by score, with
//! suggested cohorts and seats.
//!
//! Suggestions fill the BLK's capacity greedily in score order, one programme at a time, never
//! beyond the catchment's room (programmes preparing for the same occupations share it) and
//! never beyond the cohort-weeks of the kejuruan. Programmes the BLK cannot run are ranked
//! after the ones it can, marked as needing investment, with no cohorts. The budget-constrained
//! optimum across BLKs is `allocate`'s job; this is the BLK's own view.

use std::collections::BTreeMap;

use domain::reference;
use serde::{Deserialize, Serialize};

use super::PlanError;
use super::catchment::Catchment;
use super::evidence::{Evidence, PlanBlk, PlanEvidence, segment_factor};
use crate::market::MonthWindow;

/// One programme of a recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecommendationLine {
    /// 1-based, separately for runnable programmes and for those needing investment.
    pub rank: u32,
    pub needs_investment: bool,
    pub cohorts: u32,
    pub seats: u32,
    pub expected_placements: f64,
    pub expected_lo: f64,
    pub expected_hi: f64,
    pub cost: i64,
    pub evidence: Evidence,
}

/// The recommendation of one BLK.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub blk: PlanBlk,
    pub year: i32,
    pub window: MonthWindow,
    pub catchment: Catchment,
    pub seats_per_cohort: u32,
    pub lines: Vec<RecommendationLine>,
    /// (kejuruan, cohort-weeks suggested, cohort-weeks available).
    pub capacity: Vec<(String, u32, u32)>,
}

impl Recommendation {
    pub fn cohorts(&self) -> u32 {
        self.lines.iter().map(|l| l.cohorts).sum()
    }

    pub fn expected_placements(&self) -> f64 {
        self.lines.iter().map(|l| l.expected_placements).sum()
    }

    pub fn cost(&self) -> i64 {
        self.lines.iter().map(|l| l.cost).sum()
    }
}

fn by_score(a: &Evidence, b: &Evidence) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then_with(|| a.programme.cmp(&b.programme))
}

/// The occupations a programme prepares for, as a key shared by programmes with the same ones.
pub(crate) fn occupation_key(programme: &str) -> String {
    reference().programme(programme).map_or_else(
        || programme.to_string(),
        |p| {
            p.isco_units
                .iter()
                .map(|u| u.to_string())
                .collect::<Vec<_>>()
                .join(";")
        },
    )
}

/// Ranks every programme for `blk` and suggests cohorts (see the module docs).
pub fn recommend(
    evidence: &PlanEvidence,
    blk: &str,
    year: i32,
) -> Result<Recommendation, PlanError> {
    let b = evidence
        .blk(blk)
        .ok_or_else(|| PlanError::UnknownBlk(blk.to_string()))?;
    super::check_year(year, &evidence.window)?;
    let seats = evidence.settings.seats_per_cohort;
    let s = f64::from(seats);
    let mut runnable: Vec<&Evidence> = b.lines.iter().filter(|e| e.runnable).collect();
    let mut investment: Vec<&Evidence> = b.lines.iter().filter(|e| !e.runnable).collect();
    runnable.sort_by(|a, b| by_score(a, b));
    investment.sort_by(|a, b| by_score(a, b));

    let mut weeks_left: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for e in &b.lines {
        weeks_left
            .entry(e.kejuruan.clone())
            .or_insert((e.capacity_weeks, e.capacity_weeks));
    }
    let mut seats_used: BTreeMap<String, f64> = BTreeMap::new();
    let mut lines = Vec::with_capacity(b.lines.len());
    for (rank, e) in (1u32..).zip(&runnable) {
        let key = occupation_key(&e.programme);
        let used = seats_used.get(&key).copied().unwrap_or(0.0);
        let room_left = (e.room - used).max(0.0);
        let left = weeks_left.get(&e.kejuruan).map_or(0, |w| w.0);
        let by_capacity = left / e.cohort_weeks.max(1);
        let by_room = (room_left / s).ceil() as u32;
        let cohorts = if e.score > 0.0 {
            by_capacity.min(by_room)
        } else {
            0
        };
        let mut expected = 0.0;
        for i in 1..=cohorts {
            expected += s * e.placements_per_seat * segment_factor(used + f64::from(i) * s, e.room);
        }
        if let Some(w) = weeks_left.get_mut(&e.kejuruan) {
            w.0 -= cohorts * e.cohort_weeks;
        }
        *seats_used.entry(key).or_default() += f64::from(cohorts * seats);
        lines.push(line(rank, false, cohorts, seats, expected, e));
    }
    for (rank, e) in (1u32..).zip(&investment) {
        lines.push(line(rank, true, 0, seats, 0.0, e));
    }
    let capacity = weeks_left
        .into_iter()
        .filter(|(_, (_, total))| *total > 0)
        .map(|(k, (left, total))| (k, total - left, total))
        .collect();
    Ok(Recommendation {
        blk: b.blk.clone(),
        year,
        window: evidence.window,
        catchment: b.catchment.clone(),
        seats_per_cohort: seats,
        lines,
        capacity,
    })
}

fn line(
    rank: u32,
    needs_investment: bool,
    cohorts: u32,
    seats: u32,
    expected: f64,
    e: &Evidence,
) -> RecommendationLine {
    let k = &e.kebekerjaan;
    let scale = |v: f64| {
        if k.rate > 0.0 {
            expected * v / k.rate
        } else {
            0.0
        }
    };
    RecommendationLine {
        rank,
        needs_investment,
        cohorts,
        seats: cohorts * seats,
        expected_placements: expected,
        expected_lo: scale(k.lo),
        expected_hi: scale(k.hi),
        cost: e.cost_per_cohort(seats).saturating_mul(i64::from(cohorts)),
        evidence: e.clone(),
    }
}

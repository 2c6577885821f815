//! Budget allocation: integer cohorts per BLK × programme that maximise expected placements
//! under the total budget, per-province minimum shares and each BLK's capacity per kejuruan,
//! with diminishing returns as a catchment's room fills.
//!
//! # Model
//!
//! For every candidate c (a BLK × programme the BLK can run) and segment j (see the parent
//! module: full rate up to half the room, 60 % up to the room, 25 % beyond) an integer variable
//! y_cj ∈ [0, width_cj] counts cohorts; the candidate runs n_c = Σ_j y_cj cohorts. Because the
//! rates fall from segment to segment, an optimum fills them in order, so the sum is the
//! piecewise-linear concave return without extra binaries.
//!
//! - maximise Σ r_cj y_cj (expected placements);
//! - Σ cost_c n_c ≤ budget;
//! - for each province P with a candidate: Σ_{c in P} cost_c n_c ≥ s × budget;
//! - for each BLK × kejuruan: Σ weeks_c n_c ≤ cohort-weeks available (rows where the
//!   candidates could not exceed it anyway are left out; the segment widths already stop each
//!   candidate at its own maximum).
//!
//! **Size.** Only BLK × programme pairs the BLK can run are candidates, and only the `top_k`
//! best by score per BLK (default 5) enter the model; the others are kept, with their numbers,
//! so a what-if can still move cohorts to them. With 591 BLKs that is under 3,000 candidates.
//! Costs enter in millions of Rupiah to keep the simplex well scaled.
//!
//! **Solving.** microlp's branch and bound alone finds no feasible plan of the national model
//! within a minute, so the LP relaxation is solved first (its value bounds every integer plan),
//! rounded down and repaired into an integer plan (provinces below their floor get their best
//! next cohorts, the least productive cohorts go while over budget, what is left buys the best
//! next cohorts). When that plan is within `mip_gap` (default 0.5 %, far inside the uncertainty
//! of the placement rates) of the bound it is the answer; otherwise branch and bound starts
//! from it, until the gap or `time_limit_s`. The status says which, and the bound is reported.
//!
//! **Ranges.** Each line's range scales its expected placements by the 80 % range of its
//! kebekerjaan; the plan's range adds the line ranges, i.e. assumes the errors move together,
//! which makes it wide rather than falsely narrow.
//!
//! **Shadow prices.** A MIP has no dual prices, so the marginal value of money in a province
//! is measured by finite difference on the integer problem: with every other province's cohorts
//! fixed, the province's own sub-problem is solved with its current spend and with
//! `marginal_idr` (Rp 1 miliar) more; the difference is "Rp 1 miliar more in province X gives
//! ~Y placements". The national figure re-solves the whole model with the budget raised by the
//! same amount (same shares), and is never less than the best province's. The re-solves share
//! what is left of `time_limit_s`, so a run keeps to it; when the plan itself was stopped by the
//! limit, or Rp 1 miliar or more is left unspent (capacity, not money, binds: every marginal
//! value is 0), no re-solve is made.

use std::collections::BTreeMap;
use std::time::Instant;

use domain::{RegionCode, Rupiah, reference};
use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus, SolverModel, Variable,
    WithInitialSolution, WithMipGap, WithTimeLimit, microlp, variable,
};
use serde::{Deserialize, Serialize};

use super::PlanError;
use super::evidence::{PlanEvidence, SEGMENT_FACTORS};
use super::recommend::occupation_key;

/// What to allocate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationParams {
    /// The fund's name (DEKON, TP or any other), recorded with the run.
    pub fund: String,
    pub year: i32,
    pub budget: i64,
    /// Each province with a candidate gets at least this share of the budget.
    pub min_share_province: f64,
    /// Programmes per BLK in the model, best score first; 0 puts every runnable one in.
    pub top_k: usize,
    pub mip_gap: f64,
    pub time_limit_s: f64,
    /// Extra money for the marginal values.
    pub marginal_idr: i64,
    /// Whether to compute the marginal values (one re-solve per province and one national).
    pub marginals: bool,
}

impl AllocationParams {
    pub const DEFAULT_TOP_K: usize = 5;

    pub fn new(fund: &str, year: i32, budget: i64) -> AllocationParams {
        AllocationParams {
            fund: fund.to_string(),
            year,
            budget,
            min_share_province: 0.0,
            top_k: Self::DEFAULT_TOP_K,
            mip_gap: 0.005,
            time_limit_s: 60.0,
            marginal_idr: 1_000_000_000,
            marginals: true,
        }
    }
}

/// One piece of a candidate's return: up to `cohorts` cohorts at this many placements each.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub cohorts: u32,
    pub placements_per_cohort: f64,
}

/// A BLK × programme the BLK can run, with the numbers the model uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub blk: String,
    pub province: RegionCode,
    pub programme: String,
    pub kejuruan: String,
    pub cost_per_cohort: i64,
    pub cohort_weeks: u32,
    pub max_cohorts: u32,
    pub score: f64,
    /// Kebekerjaan and its 80 % range.
    pub rate: f64,
    pub rate_lo: f64,
    pub rate_hi: f64,
    /// The room this candidate sees (its share of the catchment's unmet demand), seats.
    pub room: f64,
    pub in_model: bool,
    pub segments: Vec<Segment>,
    /// Reasons, for candidates in the model.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason_en: String,
}

impl Candidate {
    /// Expected placements of `n` cohorts, filling the segments in order.
    pub fn placements(&self, n: u32) -> f64 {
        let mut left = n;
        let mut total = 0.0;
        for s in &self.segments {
            let k = left.min(s.cohorts);
            total += f64::from(k) * s.placements_per_cohort;
            left -= k;
        }
        if left > 0 {
            // Beyond the capacity segments (only a what-if can get here): the last rate.
            let last = self
                .segments
                .last()
                .map_or(0.0, |s| s.placements_per_cohort);
            total += f64::from(left) * last;
        }
        total
    }

    /// Whether `n` cohorts reach past the catchment's room.
    pub fn beyond_room(&self, n: u32) -> bool {
        let within: u32 = self.segments.iter().take(2).map(|s| s.cohorts).sum();
        n > within
    }

    fn range(&self, expected: f64) -> (f64, f64) {
        if self.rate > 0.0 {
            (
                expected * self.rate_lo / self.rate,
                expected * self.rate_hi / self.rate,
            )
        } else {
            (0.0, 0.0)
        }
    }
}

/// Cohort-weeks a BLK's kejuruan offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapacityRow {
    pub blk: String,
    pub kejuruan: String,
    pub weeks: u32,
}

/// The model's data: built from the evidence, saved with a run, solvable again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationProblem {
    pub params: AllocationParams,
    pub seats_per_cohort: u32,
    /// The data window the evidence was read over.
    pub window: String,
    /// BLK × catalogue programme pairs considered.
    pub pairs: usize,
    pub candidates: Vec<Candidate>,
    pub capacity: Vec<CapacityRow>,
    /// BLK names for reports.
    pub blk_names: BTreeMap<String, String>,
}

/// How the solver stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SolveStatus {
    Optimal,
    /// Within the relative MIP gap of the best bound.
    WithinGap,
    /// The time limit stopped the search with a feasible plan.
    TimeLimit,
}

/// Problem size, for the benchmark and the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemSize {
    pub pairs: usize,
    pub candidates: usize,
    pub in_model: usize,
    pub variables: usize,
    pub constraints: usize,
}

/// One line of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanLine {
    pub blk: String,
    pub blk_name: String,
    pub province: RegionCode,
    pub programme: String,
    pub cohorts: u32,
    pub seats: u32,
    pub cost: i64,
    pub expected: f64,
    pub expected_lo: f64,
    pub expected_hi: f64,
    /// Some cohorts place beyond the catchment's room (at the lowest rate).
    pub beyond_room: bool,
    pub reason_id: String,
    pub reason_en: String,
}

/// A constraint that shapes the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Binding {
    /// Less than the cheapest cohort is left.
    Budget { slack: i64 },
    /// The province spends less than one more cohort above its floor.
    ProvinceFloor {
        province: RegionCode,
        floor: i64,
        spend: i64,
    },
    /// Less than the shortest cohort's weeks is left.
    Capacity {
        blk: String,
        kejuruan: String,
        used: u32,
        weeks: u32,
    },
}

/// A province in the plan, with the marginal value of money there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvinceMarginal {
    pub province: RegionCode,
    pub floor: i64,
    pub spend: i64,
    pub cohorts: u32,
    pub expected: f64,
    pub floor_binding: bool,
    /// Expected extra placements from `marginal_idr` more in this province.
    pub extra_placements: Option<f64>,
}

/// A solved allocation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationResult {
    pub lines: Vec<PlanLine>,
    pub budget: i64,
    pub cost: i64,
    pub cohorts: u32,
    pub expected: f64,
    pub expected_lo: f64,
    pub expected_hi: f64,
    pub cost_per_placement: Option<f64>,
    pub provinces: Vec<ProvinceMarginal>,
    /// Expected extra placements from `marginal_idr` more nationally.
    pub national_extra_placements: Option<f64>,
    pub marginal_idr: i64,
    pub binding: Vec<Binding>,
    pub status: SolveStatus,
    /// The LP relaxation's expected placements: no integer plan can exceed it.
    pub bound: f64,
    pub size: ProblemSize,
    pub solve_ms: f64,
    pub marginals_ms: f64,
}

impl AllocationProblem {
    /// Selects the candidates and capacity rows from the evidence and checks the shares.
    pub fn build(
        evidence: &PlanEvidence,
        params: AllocationParams,
    ) -> Result<AllocationProblem, PlanError> {
        if params.budget <= 0 {
            return Err(PlanError::Budget(params.budget));
        }
        if !(0.0..1.0).contains(&params.min_share_province) {
            return Err(PlanError::ShareRange(params.min_share_province));
        }
        super::check_year(params.year, &evidence.window)?;
        let seats = evidence.settings.seats_per_cohort;
        let s = f64::from(seats);
        let mut candidates = Vec::new();
        let mut capacity = Vec::new();
        let mut blk_names = BTreeMap::new();
        let mut pairs = 0;
        for b in &evidence.blks {
            pairs += b.lines.len();
            blk_names.insert(b.blk.code.clone(), b.blk.name.clone());
            let mut lines: Vec<_> = b
                .lines
                .iter()
                .filter(|e| e.runnable && e.placements_per_seat > 0.0 && e.max_cohorts() > 0)
                .collect();
            lines.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then_with(|| a.programme.cmp(&b.programme))
            });
            let k = if params.top_k == 0 {
                lines.len()
            } else {
                params.top_k
            };
            let keys: Vec<String> = lines.iter().map(|e| occupation_key(&e.programme)).collect();
            for (i, e) in lines.iter().enumerate() {
                let in_model = i < k;
                // Candidates for the same occupations at one BLK share its room.
                let sharing = keys[..k.min(keys.len())]
                    .iter()
                    .filter(|x| **x == keys[i])
                    .count()
                    + usize::from(!in_model);
                let room = e.room / sharing.max(1) as f64;
                let max = e.max_cohorts();
                let w1 = ((0.5 * room / s).floor() as u32).min(max);
                let w2 = ((room / s).floor() as u32).min(max) - w1;
                let w3 = max - w1 - w2;
                let full = s * e.placements_per_seat;
                let segments = [w1, w2, w3]
                    .iter()
                    .zip(SEGMENT_FACTORS)
                    .map(|(&cohorts, f)| Segment {
                        cohorts,
                        placements_per_cohort: full * f,
                    })
                    .collect();
                let k_ = &e.kebekerjaan;
                candidates.push(Candidate {
                    blk: b.blk.code.clone(),
                    province: b.blk.region.province(),
                    programme: e.programme.clone(),
                    kejuruan: e.kejuruan.clone(),
                    cost_per_cohort: e.cost_per_cohort(seats),
                    cohort_weeks: e.cohort_weeks,
                    max_cohorts: max,
                    score: e.score,
                    rate: k_.rate,
                    rate_lo: k_.lo,
                    rate_hi: k_.hi,
                    room,
                    in_model,
                    segments,
                    reason_id: if in_model {
                        e.reason_id.clone()
                    } else {
                        String::new()
                    },
                    reason_en: if in_model {
                        e.reason_en.clone()
                    } else {
                        String::new()
                    },
                });
            }
            let mut seen: Vec<&str> = Vec::new();
            for e in lines {
                if !seen.contains(&e.kejuruan.as_str()) {
                    seen.push(&e.kejuruan);
                    capacity.push(CapacityRow {
                        blk: b.blk.code.clone(),
                        kejuruan: e.kejuruan.clone(),
                        weeks: e.capacity_weeks,
                    });
                }
            }
        }
        let problem = AllocationProblem {
            params,
            seats_per_cohort: seats,
            window: evidence.window.to_string(),
            pairs,
            candidates,
            capacity,
            blk_names,
        };
        problem.check()?;
        Ok(problem)
    }

    /// Provinces with a candidate in the model, in code order.
    pub fn provinces(&self) -> Vec<RegionCode> {
        let mut p: Vec<RegionCode> = self
            .candidates
            .iter()
            .filter(|c| c.in_model)
            .map(|c| c.province)
            .collect();
        p.sort_unstable();
        p.dedup();
        p
    }

    /// The floor every eligible province must reach.
    pub fn floor(&self) -> i64 {
        (self.params.min_share_province * self.params.budget as f64).ceil() as i64
    }

    /// Refuses shares no plan can meet, naming the reason.
    /// The cost of the cheapest cohort in the model (0 when there is none).
    fn cheapest_cohort(&self) -> i64 {
        self.candidates
            .iter()
            .filter(|c| c.in_model)
            .map(|c| c.cost_per_cohort)
            .min()
            .unwrap_or(0)
    }

    pub fn check(&self) -> Result<(), PlanError> {
        let p = &self.params;
        if p.budget <= 0 {
            return Err(PlanError::Budget(p.budget));
        }
        if !(0.0..1.0).contains(&p.min_share_province) {
            return Err(PlanError::ShareRange(p.min_share_province));
        }
        if !self.candidates.iter().any(|c| c.in_model) {
            return Err(PlanError::NoCandidates);
        }
        // A budget that buys no cohort at all is a typo (a missing "000"), not a plan.
        let cheapest = self.cheapest_cohort();
        if p.budget < cheapest {
            return Err(PlanError::BudgetBelowCohort {
                budget: p.budget,
                cheapest,
            });
        }
        let provinces = self.provinces();
        let needed = p.min_share_province * provinces.len() as f64;
        if needed > 1.0 + 1e-12 {
            return Err(PlanError::SharesExceedBudget {
                share: p.min_share_province,
                provinces: provinces.len(),
                needed: 100.0 * needed,
                max: 1.0 / provinces.len() as f64,
            });
        }
        let floor = self.floor();
        if floor == 0 {
            return Ok(());
        }
        for prov in provinces {
            // An upper bound on what the province can spend: every candidate at its maximum.
            let possible: i64 = self
                .candidates
                .iter()
                .filter(|c| c.in_model && c.province == prov)
                .map(|c| c.cost_per_cohort.saturating_mul(i64::from(c.max_cohorts)))
                .sum();
            if possible < floor {
                return Err(PlanError::ProvinceCapacity {
                    province: prov.to_string(),
                    name: reference()
                        .region(prov)
                        .map_or_else(String::new, |r| r.name.clone()),
                    floor: domain::money::group_thousands(floor),
                    possible: domain::money::group_thousands(possible),
                });
            }
        }
        Ok(())
    }

    /// Indices of the candidates in the model.
    fn model_candidates(&self) -> Vec<usize> {
        (0..self.candidates.len())
            .filter(|&i| self.candidates[i].in_model)
            .collect()
    }

    /// Finds a candidate by BLK and programme.
    pub fn candidate(&self, blk: &str, programme: &str) -> Option<usize> {
        self.candidates
            .iter()
            .position(|c| c.blk == blk && c.programme == programme)
    }
}

/// What one solve returned.
struct Solved {
    cohorts: Vec<u32>,
    objective: f64,
    /// The LP relaxation's objective: no integer plan can do better.
    bound: f64,
    status: SolveStatus,
    variables: usize,
    constraints: usize,
}

/// The capacity rows that can bind over a set of candidates: (weeks available, members as
/// positions in the candidate list).
fn binding_rows(p: &AllocationProblem, cands: &[usize]) -> Vec<(u32, Vec<usize>)> {
    let mut rows: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (k, &i) in cands.iter().enumerate() {
        let c = &p.candidates[i];
        rows.entry((c.blk.as_str(), c.kejuruan.as_str()))
            .or_default()
            .push(k);
    }
    let weeks_of: BTreeMap<(&str, &str), u32> = p
        .capacity
        .iter()
        .map(|r| ((r.blk.as_str(), r.kejuruan.as_str()), r.weeks))
        .collect();
    let mut out = Vec::new();
    for (key, members) in rows {
        let Some(&cap) = weeks_of.get(&key) else {
            continue;
        };
        let most: u64 = members
            .iter()
            .map(|&k| {
                let c = &p.candidates[cands[k]];
                u64::from(c.max_cohorts) * u64::from(c.cohort_weeks)
            })
            .sum();
        // The segment widths already stop each candidate at its own maximum.
        if most > u64::from(cap) {
            out.push((cap, members));
        }
    }
    out
}

/// One model solved by microlp: segment values per candidate, and how it stopped.
struct ModelRun {
    values: Vec<Vec<f64>>,
    status: SolveStatus,
    variables: usize,
    constraints: usize,
}

const MILLION: f64 = 1e6;

#[allow(clippy::too_many_arguments)]
fn run_model(
    p: &AllocationProblem,
    cands: &[usize],
    rows: &[(u32, Vec<usize>)],
    budget: i64,
    floors: &[(RegionCode, i64)],
    integer: bool,
    mip_gap: f64,
    warm: Option<&[u32]>,
    limit_s: f64,
) -> Result<ModelRun, PlanError> {
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::with_capacity(cands.len() * 3);
    // Per candidate: its segment variables.
    let mut seg_vars: Vec<Vec<Variable>> = Vec::with_capacity(cands.len());
    let mut initial = Vec::new();
    let mut n_vars = 0;
    for (k, &i) in cands.iter().enumerate() {
        let c = &p.candidates[i];
        let mut vs = Vec::new();
        let mut left = warm.map_or(0, |w| w[k]);
        for s in c.segments.iter().filter(|s| s.cohorts > 0) {
            let def = variable().min(0).max(s.cohorts);
            let v = vars.add(if integer { def.integer() } else { def });
            objective.add_mul(s.placements_per_cohort, v);
            // A warm start fills the segments in order, as an optimum would.
            let here = left.min(s.cohorts);
            left -= here;
            initial.push((v, f64::from(here)));
            vs.push(v);
            n_vars += 1;
        }
        seg_vars.push(vs);
    }
    let mut model = vars
        .maximise(objective)
        .using(microlp)
        .with_time_limit(limit_s.max(0.1));
    if integer {
        model = model
            .with_mip_gap(mip_gap.max(0.0) as f32)
            .map_err(|e| PlanError::Solver(e.to_string()))?;
        if warm.is_some() {
            model = model.with_initial_solution(initial);
        }
    }
    let spend = |pick: &dyn Fn(usize) -> bool| {
        let mut e = Expression::default();
        for (k, &i) in cands.iter().enumerate() {
            if pick(i) {
                let cost = p.candidates[i].cost_per_cohort as f64 / MILLION;
                for &v in &seg_vars[k] {
                    e.add_mul(cost, v);
                }
            }
        }
        e
    };
    let mut n_cons = 0;
    model.add_constraint(spend(&|_| true).leq(budget as f64 / MILLION));
    n_cons += 1;
    for &(prov, floor) in floors {
        if floor > 0 {
            model.add_constraint(
                spend(&|i| p.candidates[i].province == prov).geq(floor as f64 / MILLION),
            );
            n_cons += 1;
        }
    }
    for (cap, members) in rows {
        let mut e = Expression::default();
        for &k in members {
            let w = f64::from(p.candidates[cands[k]].cohort_weeks);
            for &v in &seg_vars[k] {
                e.add_mul(w, v);
            }
        }
        model.add_constraint(e.leq(f64::from(*cap)));
        n_cons += 1;
    }
    let solution = model.solve().map_err(|e| match e {
        ResolutionError::Infeasible => PlanError::Infeasible(
            "no plan meets the budget, the province shares and the capacities together; lower --min-share-province or raise the budget".into(),
        ),
        other => PlanError::Solver(other.to_string()),
    })?;
    let status = match solution.status() {
        SolutionStatus::Optimal => SolveStatus::Optimal,
        SolutionStatus::GapLimit => SolveStatus::WithinGap,
        SolutionStatus::TimeLimit => SolveStatus::TimeLimit,
    };
    let values = seg_vars
        .iter()
        .map(|vs| vs.iter().map(|&v| solution.value(v)).collect())
        .collect();
    Ok(ModelRun {
        values,
        status,
        variables: n_vars,
        constraints: n_cons,
    })
}

/// Turns the LP relaxation into an integer plan: round every candidate down, lift provinces
/// below their floor with their best next cohorts, shed the least productive cohorts while over
/// budget, then spend what is left on the best next cohorts. `None` when a floor cannot be met.
fn round_and_repair(
    p: &AllocationProblem,
    cands: &[usize],
    rows: &[(u32, Vec<usize>)],
    relaxed: &[Vec<f64>],
    budget: i64,
    floors: &[(RegionCode, i64)],
) -> Option<Vec<u32>> {
    let c = |k: usize| &p.candidates[cands[k]];
    let mut n: Vec<u32> = relaxed
        .iter()
        .map(|vs| (vs.iter().sum::<f64>() + 1e-6).floor().max(0.0) as u32)
        .collect();
    let mut row_of: Vec<Option<usize>> = vec![None; cands.len()];
    for (r, (_, members)) in rows.iter().enumerate() {
        for &k in members {
            row_of[k] = Some(r);
        }
    }
    let mut used: Vec<u32> = rows
        .iter()
        .map(|(_, members)| members.iter().map(|&k| n[k] * c(k).cohort_weeks).sum())
        .collect();
    let mut spend: BTreeMap<RegionCode, i64> = BTreeMap::new();
    let mut total = 0i64;
    for (k, &nk) in n.iter().enumerate() {
        let cost = c(k).cost_per_cohort * i64::from(nk);
        *spend.entry(c(k).province).or_default() += cost;
        total += cost;
    }
    let floor_of = |prov: RegionCode| floors.iter().find(|f| f.0 == prov).map_or(0, |f| f.1);
    let can_add = |k: usize, n: &[u32], used: &[u32]| {
        n[k] < c(k).max_cohorts
            && row_of[k].is_none_or(|r| used[r] + c(k).cohort_weeks <= rows[r].0)
    };
    let gain = |k: usize, n: &[u32]| {
        (c(k).placements(n[k] + 1) - c(k).placements(n[k])) / c(k).cost_per_cohort.max(1) as f64
    };
    let loss = |k: usize, n: &[u32]| {
        (c(k).placements(n[k]) - c(k).placements(n[k].saturating_sub(1)))
            / c(k).cost_per_cohort.max(1) as f64
    };
    // The best candidate by `key` among those `ok` allows; ties go to the earlier candidate.
    let best = |ok: &dyn Fn(usize) -> bool, key: &dyn Fn(usize) -> f64, highest: bool| {
        let mut pick: Option<(usize, f64)> = None;
        for k in 0..cands.len() {
            if !ok(k) {
                continue;
            }
            let v = key(k);
            let better = match pick {
                None => true,
                Some((_, b)) => (highest && v > b) || (!highest && v < b),
            };
            if better {
                pick = Some((k, v));
            }
        }
        pick.map(|x| x.0)
    };
    let add = |k: usize,
               n: &mut [u32],
               used: &mut [u32],
               spend: &mut BTreeMap<RegionCode, i64>,
               total: &mut i64| {
        n[k] += 1;
        if let Some(r) = row_of[k] {
            used[r] += c(k).cohort_weeks;
        }
        *spend.entry(c(k).province).or_default() += c(k).cost_per_cohort;
        *total += c(k).cost_per_cohort;
    };
    for &(prov, floor) in floors {
        while spend.get(&prov).copied().unwrap_or(0) < floor {
            let k = best(
                &|k| c(k).province == prov && can_add(k, &n, &used),
                &|k| gain(k, &n),
                true,
            )?;
            add(k, &mut n, &mut used, &mut spend, &mut total);
        }
    }
    while total > budget {
        let k = best(
            &|k| {
                n[k] > 0
                    && spend.get(&c(k).province).copied().unwrap_or(0) - c(k).cost_per_cohort
                        >= floor_of(c(k).province)
            },
            &|k| loss(k, &n),
            false,
        )?;
        n[k] -= 1;
        if let Some(r) = row_of[k] {
            used[r] -= c(k).cohort_weeks;
        }
        *spend.entry(c(k).province).or_default() -= c(k).cost_per_cohort;
        total -= c(k).cost_per_cohort;
    }
    while let Some(k) = best(
        &|k| can_add(k, &n, &used) && c(k).cost_per_cohort <= budget - total && gain(k, &n) > 0.0,
        &|k| gain(k, &n),
        true,
    ) {
        add(k, &mut n, &mut used, &mut spend, &mut total);
    }
    Some(n)
}

/// Solves the model over `cands`: the LP relaxation first (its value bounds any plan), rounded
/// and repaired into an integer plan; when that plan is within `mip_gap` of the bound it is
/// taken, otherwise microlp's branch and bound starts from it.
fn solve(
    p: &AllocationProblem,
    cands: &[usize],
    budget: i64,
    floors: &[(RegionCode, i64)],
    mip_gap: f64,
    limit_s: f64,
) -> Result<Solved, PlanError> {
    let rows = binding_rows(p, cands);
    let value = |n: &[u32]| -> f64 {
        cands
            .iter()
            .zip(n)
            .map(|(&i, &k)| p.candidates[i].placements(k))
            .sum()
    };
    let lp = run_model(p, cands, &rows, budget, floors, false, 0.0, None, limit_s)?;
    let bound: f64 = cands
        .iter()
        .zip(&lp.values)
        .map(|(&i, vs)| {
            p.candidates[i]
                .segments
                .iter()
                .filter(|s| s.cohorts > 0)
                .zip(vs)
                .map(|(s, v)| s.placements_per_cohort * v)
                .sum::<f64>()
        })
        .sum();
    let rounded = round_and_repair(p, cands, &rows, &lp.values, budget, floors);
    if let Some(n) = &rounded {
        let v = value(n);
        if bound - v <= mip_gap * bound.abs() + 1e-9 {
            return Ok(Solved {
                objective: v,
                cohorts: n.clone(),
                bound,
                status: if bound - v <= 1e-9 {
                    SolveStatus::Optimal
                } else {
                    SolveStatus::WithinGap
                },
                variables: lp.variables,
                constraints: lp.constraints,
            });
        }
    }
    let mip = run_model(
        p,
        cands,
        &rows,
        budget,
        floors,
        true,
        mip_gap,
        rounded.as_deref(),
        limit_s,
    )?;
    let cohorts: Vec<u32> = mip
        .values
        .iter()
        .map(|vs| vs.iter().map(|v| v.round()).sum::<f64>().max(0.0) as u32)
        .collect();
    let mut best = (value(&cohorts), cohorts, mip.status);
    if let Some(n) = rounded {
        let v = value(&n);
        if v > best.0 + 1e-9 {
            best = (v, n, SolveStatus::TimeLimit);
        }
    }
    Ok(Solved {
        objective: best.0,
        cohorts: best.1,
        bound,
        status: best.2,
        variables: mip.variables,
        constraints: mip.constraints,
    })
}

/// Solves the allocation and reports the plan, its range, binding constraints and marginal
/// values (see the module docs).
pub fn allocate(p: &AllocationProblem) -> Result<AllocationResult, PlanError> {
    p.check()?;
    let cands = p.model_candidates();
    let provinces = p.provinces();
    let floor = p.floor();
    let floors: Vec<(RegionCode, i64)> = provinces.iter().map(|&r| (r, floor)).collect();
    let started = Instant::now();
    let limit = p.params.time_limit_s.max(0.1);
    let solved = solve(p, &cands, p.params.budget, &floors, p.params.mip_gap, limit)?;
    let solve_ms = started.elapsed().as_secs_f64() * 1e3;
    let mut plan = vec![0u32; p.candidates.len()];
    for (k, &i) in cands.iter().enumerate() {
        plan[i] = solved.cohorts[k];
    }
    let mut result = summarise(p, &plan, solved.status);
    result.size = ProblemSize {
        pairs: p.pairs,
        candidates: p.candidates.len(),
        in_model: cands.len(),
        variables: solved.variables,
        constraints: solved.constraints,
    };
    result.solve_ms = solve_ms;
    result.bound = solved.bound;

    // Marginal values are differences of two solves: from a plan the time limit stopped they
    // would be noise, so they are left out; the re-solves share what is left of the time
    // limit (the whole run keeps to it), and a value not reached is left out too.
    if p.params.marginals && solved.status != SolveStatus::TimeLimit {
        let marginals_started = Instant::now();
        let left = || limit - started.elapsed().as_secs_f64();
        let delta = p.params.marginal_idr;
        let spent: i64 = result.provinces.iter().map(|pm| pm.spend).sum();
        // With Rp `delta` or more left unspent, capacity, not money, limits the plan: more
        // money buys nothing anywhere.
        let unbound = p.params.budget - spent >= delta;
        for pm in &mut result.provinces {
            if unbound {
                pm.extra_placements = Some(0.0);
                continue;
            }
            if left() < 0.2 {
                break;
            }
            let own: Vec<usize> = cands
                .iter()
                .copied()
                .filter(|&i| p.candidates[i].province == pm.province)
                .collect();
            let base = solve(p, &own, pm.spend, &[], 0.0, left())?;
            let more = solve(p, &own, pm.spend + delta, &[], 0.0, left())?;
            if base.status != SolveStatus::TimeLimit && more.status != SolveStatus::TimeLimit {
                pm.extra_placements = Some((more.objective - base.objective).max(0.0));
            }
        }
        let best_province = result
            .provinces
            .iter()
            .filter_map(|pm| pm.extra_placements)
            .fold(0.0, f64::max);
        result.national_extra_placements = if unbound {
            Some(0.0)
        } else if left() >= 0.2 {
            let more = solve(
                p,
                &cands,
                p.params.budget + delta,
                &floors,
                p.params.mip_gap,
                left(),
            )?;
            // Giving the money to the best province is one way to spend it nationally: the
            // national value is never below it (both solves are within the MIP gap, and their
            // difference alone can fall under it).
            (more.status != SolveStatus::TimeLimit)
                .then(|| (more.objective - solved.objective).max(best_province))
        } else {
            None
        };
        result.marginals_ms = marginals_started.elapsed().as_secs_f64() * 1e3;
    }
    Ok(result)
}

/// The report of a plan given as cohorts per candidate (any plan: solved or edited by a what-if).
pub(crate) fn summarise(
    p: &AllocationProblem,
    plan: &[u32],
    status: SolveStatus,
) -> AllocationResult {
    let mut lines = Vec::new();
    let mut by_province: BTreeMap<RegionCode, (i64, u32, f64)> = BTreeMap::new();
    for prov in p.provinces() {
        by_province.insert(prov, (0, 0, 0.0));
    }
    let seats = p.seats_per_cohort;
    for (c, &n) in p.candidates.iter().zip(plan) {
        if n == 0 {
            continue;
        }
        let expected = c.placements(n);
        let (lo, hi) = c.range(expected);
        let cost = c.cost_per_cohort.saturating_mul(i64::from(n));
        let e = by_province.entry(c.province).or_insert((0, 0, 0.0));
        e.0 += cost;
        e.1 += n;
        e.2 += expected;
        lines.push(PlanLine {
            blk: c.blk.clone(),
            blk_name: p.blk_names.get(&c.blk).cloned().unwrap_or_default(),
            province: c.province,
            programme: c.programme.clone(),
            cohorts: n,
            seats: n * seats,
            cost,
            expected,
            expected_lo: lo,
            expected_hi: hi,
            beyond_room: c.beyond_room(n),
            reason_id: c.reason_id.clone(),
            reason_en: c.reason_en.clone(),
        });
    }
    lines.sort_by(|a, b| {
        a.province
            .cmp(&b.province)
            .then_with(|| a.blk.cmp(&b.blk))
            .then_with(|| a.programme.cmp(&b.programme))
    });
    let cost: i64 = lines.iter().map(|l| l.cost).sum();
    let expected: f64 = lines.iter().map(|l| l.expected).sum();
    let floor = p.floor();
    let mut binding = Vec::new();
    let cheapest = p.cheapest_cohort();
    let slack = p.params.budget - cost;
    if slack < cheapest {
        binding.push(Binding::Budget { slack });
    }
    let provinces: Vec<ProvinceMarginal> = by_province
        .into_iter()
        .map(|(province, (spend, cohorts, expected))| {
            let cheapest_here = p
                .candidates
                .iter()
                .filter(|c| c.in_model && c.province == province)
                .map(|c| c.cost_per_cohort)
                .min()
                .unwrap_or(0);
            let floor_binding = floor > 0 && spend < floor + cheapest_here;
            if floor_binding {
                binding.push(Binding::ProvinceFloor {
                    province,
                    floor,
                    spend,
                });
            }
            ProvinceMarginal {
                province,
                floor,
                spend,
                cohorts,
                expected,
                floor_binding,
                extra_placements: None,
            }
        })
        .collect();
    for row in &p.capacity {
        let members: Vec<(&Candidate, u32)> = p
            .candidates
            .iter()
            .zip(plan)
            .filter(|(c, _)| c.blk == row.blk && c.kejuruan == row.kejuruan)
            .map(|(c, &n)| (c, n))
            .collect();
        let used: u32 = members.iter().map(|(c, n)| c.cohort_weeks * n).sum();
        let shortest = members
            .iter()
            .map(|(c, _)| c.cohort_weeks)
            .min()
            .unwrap_or(0);
        if used > 0 && used + shortest > row.weeks {
            binding.push(Binding::Capacity {
                blk: row.blk.clone(),
                kejuruan: row.kejuruan.clone(),
                used,
                weeks: row.weeks,
            });
        }
    }
    AllocationResult {
        budget: p.params.budget,
        cost,
        cohorts: lines.iter().map(|l| l.cohorts).sum(),
        expected,
        expected_lo: lines.iter().map(|l| l.expected_lo).sum(),
        expected_hi: lines.iter().map(|l| l.expected_hi).sum(),
        cost_per_placement: (expected > 0.0).then(|| cost as f64 / expected),
        lines,
        provinces,
        national_extra_placements: None,
        marginal_idr: p.params.marginal_idr,
        binding,
        status,
        bound: expected,
        size: ProblemSize::default(),
        solve_ms: 0.0,
        marginals_ms: 0.0,
    }
}

impl AllocationResult {
    /// Cohorts per candidate of `p`, the plan as the model sees it.
    pub fn plan_of(&self, p: &AllocationProblem) -> Vec<u32> {
        let mut plan = vec![0u32; p.candidates.len()];
        for l in &self.lines {
            if let Some(i) = p.candidate(&l.blk, &l.programme) {
                plan[i] = l.cohorts;
            }
        }
        plan
    }

    /// "satu miliar rupiah tambahan di provinsi X menghasilkan ~Y penempatan".
    pub fn marginal_sentence_id(&self, pm: &ProvinceMarginal) -> Option<String> {
        let y = pm.extra_placements?;
        Some(format!(
            "{} tambahan di {} menghasilkan ~{} penempatan",
            money_words_id(self.marginal_idr),
            pm.province.name(),
            super::format::fmt_id(y, 1)
        ))
    }

    pub fn marginal_sentence_en(&self, pm: &ProvinceMarginal) -> Option<String> {
        let y = pm.extra_placements?;
        Some(format!(
            "IDR {} more in {} yields ~{} placements",
            super::format::fmt_en(self.marginal_idr as f64, 0),
            pm.province.name(),
            super::format::fmt_en(y, 1)
        ))
    }
}

/// Rp 1.000.000.000 → "Rp 1 miliar" (other amounts in full).
fn money_words_id(v: i64) -> String {
    if v > 0 && v % 1_000_000_000 == 0 {
        format!("Rp {} miliar", v / 1_000_000_000)
    } else {
        Rupiah(v).to_string()
    }
}

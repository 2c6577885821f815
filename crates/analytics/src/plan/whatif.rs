//! What-if: change a saved allocation and see what it does to expected placements and cost.
//!
//! A change of budget or province share re-solves the same problem (same evidence) with the new
//! parameters; a move takes N cohorts off one BLK × programme and puts them on another, on top
//! of the plan (the base plan, or the re-solved one when both kinds are given). A moved plan is
//! not re-optimised: it is evaluated as it stands, and any budget, share or capacity it breaks
//! is listed rather than refused, so that a planner can see the price of a decision. What-if
//! results carry no per-province marginal values; `allocate` computes those.

use serde::{Deserialize, Serialize};

use super::PlanError;
use super::allocate::{AllocationProblem, AllocationResult, SolveStatus, allocate, summarise};

/// N cohorts from one BLK × programme to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    pub from_blk: String,
    pub from_programme: String,
    pub to_blk: String,
    pub to_programme: String,
    pub cohorts: u32,
}

impl Move {
    /// Parses `FROM_BLK:PROGRAMME->TO_BLK:PROGRAMME:N`.
    pub fn parse(input: &str) -> Result<Move, PlanError> {
        let err = || PlanError::MoveSyntax(input.to_string());
        let (from, to) = input.split_once("->").ok_or_else(err)?;
        let (from_blk, from_programme) = from.trim().rsplit_once(':').ok_or_else(err)?;
        let mut parts = to.trim().rsplitn(3, ':');
        let n = parts.next().ok_or_else(err)?;
        let to_programme = parts.next().ok_or_else(err)?;
        let to_blk = parts.next().ok_or_else(err)?;
        let cohorts: u32 = n.trim().parse().map_err(|_| err())?;
        if cohorts == 0
            || [from_blk, from_programme, to_blk, to_programme]
                .iter()
                .any(|s| s.trim().is_empty())
        {
            return Err(err());
        }
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        if same(from_blk, to_blk) && same(from_programme, to_programme) {
            // Saved, it would be a plan run that differs from its base in nothing.
            return Err(PlanError::MoveToItself(input.to_string()));
        }
        Ok(Move {
            from_blk: from_blk.trim().to_string(),
            from_programme: from_programme.trim().to_string(),
            to_blk: to_blk.trim().to_string(),
            to_programme: to_programme.trim().to_string(),
            cohorts,
        })
    }
}

/// One change to a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Change {
    Move(Move),
    Budget(i64),
    MinShareProvince(f64),
}

/// The outcome of a what-if against its base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    pub changes: Vec<Change>,
    pub base_expected: f64,
    pub base_cost: i64,
    pub result: AllocationResult,
    pub delta_expected: f64,
    pub delta_cost: i64,
    /// Constraints the changed plan breaks, in words.
    pub violations: Vec<String>,
}

/// Evaluates a plan (cohorts per candidate) as it stands, with the constraints it breaks.
pub fn evaluate_plan(p: &AllocationProblem, plan: &[u32]) -> (AllocationResult, Vec<String>) {
    let r = summarise(p, plan, SolveStatus::Optimal);
    let mut violations = Vec::new();
    if r.cost > p.params.budget {
        violations.push(format!(
            "cost Rp {} exceeds the budget Rp {}",
            domain::money::group_thousands(r.cost),
            domain::money::group_thousands(p.params.budget)
        ));
    }
    for pm in &r.provinces {
        if pm.spend < pm.floor {
            violations.push(format!(
                "province {} ({}) receives Rp {}, below its minimum Rp {}",
                pm.province,
                pm.province.name(),
                domain::money::group_thousands(pm.spend),
                domain::money::group_thousands(pm.floor)
            ));
        }
    }
    for row in &p.capacity {
        let used: u32 = p
            .candidates
            .iter()
            .zip(plan)
            .filter(|(c, _)| c.blk == row.blk && c.kejuruan == row.kejuruan)
            .map(|(c, &n)| c.cohort_weeks * n)
            .sum();
        if used > row.weeks {
            violations.push(format!(
                "{} {} needs {used} cohort-weeks but has {}",
                row.blk, row.kejuruan, row.weeks
            ));
        }
    }
    (r, violations)
}

/// Applies `changes` to a base run and reports the difference. Returns the problem the result
/// belongs to (its parameters changed by budget or share changes).
pub fn what_if(
    base_problem: &AllocationProblem,
    base: &AllocationResult,
    changes: &[Change],
) -> Result<(AllocationProblem, WhatIf), PlanError> {
    let mut problem = base_problem.clone();
    let mut resolve = false;
    for c in changes {
        match c {
            Change::Budget(b) => {
                problem.params.budget = *b;
                resolve = true;
            }
            Change::MinShareProvince(s) => {
                problem.params.min_share_province = *s;
                resolve = true;
            }
            Change::Move(_) => {}
        }
    }
    let start = if resolve {
        // Marginal values cost a re-solve per province; a what-if answers a narrower question.
        let mut quick = problem.clone();
        quick.params.marginals = false;
        allocate(&quick)?
    } else {
        base.clone()
    };
    let mut plan = start.plan_of(&problem);
    let mut moved = false;
    for c in changes {
        let Change::Move(m) = c else { continue };
        moved = true;
        let from = problem
            .candidate(&m.from_blk, &m.from_programme)
            .ok_or_else(|| not_runnable(&problem, &m.from_blk, &m.from_programme))?;
        let to = problem
            .candidate(&m.to_blk, &m.to_programme)
            .ok_or_else(|| not_runnable(&problem, &m.to_blk, &m.to_programme))?;
        if plan[from] < m.cohorts {
            return Err(PlanError::MoveTooMany {
                blk: m.from_blk.clone(),
                programme: m.from_programme.clone(),
                have: plan[from],
                want: m.cohorts,
            });
        }
        plan[from] -= m.cohorts;
        plan[to] += m.cohorts;
    }
    let (mut result, violations) = if moved {
        evaluate_plan(&problem, &plan)
    } else {
        (start.clone(), Vec::new())
    };
    if moved {
        result.status = start.status;
        result.size = start.size;
        // Moves leave the problem as it was, so its LP bound stands: the moved plan's
        // distance below it is the price of the decision (an evaluated plan would report
        // its own value as its bound).
        result.bound = start.bound;
    }
    let w = WhatIf {
        changes: changes.to_vec(),
        base_expected: base.expected,
        base_cost: base.cost,
        delta_expected: result.expected - base.expected,
        delta_cost: result.cost - base.cost,
        result,
        violations,
    };
    Ok((problem, w))
}

/// Why a move's end is no candidate: a BLK that does not exist, a programme no BLK runs, or
/// a programme this BLK cannot run.
fn not_runnable(problem: &AllocationProblem, blk: &str, programme: &str) -> PlanError {
    if !problem.blk_names.contains_key(blk) {
        PlanError::UnknownBlk(blk.to_string())
    } else if !problem.candidates.iter().any(|c| c.programme == programme) {
        PlanError::UnknownProgramme(programme.to_string())
    } else {
        PlanError::NotRunnable {
            blk: blk.to_string(),
            programme: programme.to_string(),
        }
    }
}

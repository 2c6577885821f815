//! Reads and writes for training plans: the BLKs with their capacity per kejuruan, the
//! historical outcome of each BLK × programme (graduates and how many of them were placed), and
//! saved plan runs (allocations and what-ifs) with their inputs and results as JSON text.
//!
//! Owns only the SQL. What counts as a good programme, how capacity turns into cohorts and how a
//! budget is split are decided in `analytics::plan`; the runs are stored as the opaque JSON the
//! caller hands over, so a run can be re-read and audited exactly as it was computed.
//!
//! Every query runs unchanged on SQLite and PostgreSQL.

use domain::{Date, RegionCode, Scope};

use crate::conn::Value;
use crate::{Store, StoreError};

/// One kejuruan a BLK can teach: its workshops and instructors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanCapacityRow {
    pub kejuruan_code: String,
    pub workshops: i64,
    pub instructors: i64,
}

/// A BLK as planning sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanBlkRow {
    pub code: String,
    pub name: String,
    /// `None` when the stored code no longer parses (the caller reports such BLKs).
    pub region: Option<RegionCode>,
    pub capacity: Vec<PlanCapacityRow>,
}

/// What became of the trainees of one BLK × programme, over cohorts that ended before a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeOutcomeRow {
    pub blk_code: String,
    pub programme_code: String,
    pub cohorts: i64,
    /// Trainees no longer enrolled (completed, not passed or dropped).
    pub finished: i64,
    pub completed: i64,
    /// Completed trainees with a recorded placement.
    pub placed: i64,
}

/// A plan run to save.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPlanRun<'a> {
    /// `allocate` or `whatif`.
    pub kind: &'a str,
    pub actor: &'a str,
    pub fund: &'a str,
    pub year: i32,
    /// The run a what-if starts from.
    pub base_run: Option<i64>,
    /// `Store::data_version` when the inputs were read.
    pub data_version: i64,
    pub budget_idr: i64,
    pub cost_idr: i64,
    pub expected_placements: f64,
    /// One line for lists.
    pub summary: &'a str,
    pub inputs_json: &'a str,
    pub result_json: &'a str,
}

/// A saved plan run.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRunRow {
    pub id: i64,
    pub kind: String,
    pub created_at: String,
    pub actor: String,
    pub scope: String,
    pub fund: String,
    pub year: i32,
    pub base_run: Option<i64>,
    pub data_version: i64,
    pub budget_idr: i64,
    pub cost_idr: i64,
    pub expected_placements: f64,
    pub summary: String,
    /// Empty in lists (`plan_runs`); filled by `plan_run`.
    pub inputs_json: String,
    pub result_json: String,
}

const BLK_SCOPE: &str = "($1 = 0 OR ($1 = 1 AND b.province_code = $2) OR ($1 = 2 AND b.region_code = $2) OR ($1 = 3 AND b.code = $2))";

/// The scope as (kind, key) for `BLK_SCOPE`.
fn blk_scope_params(scope: &Scope) -> (i64, String) {
    match scope {
        Scope::Central => (0, String::new()),
        Scope::Province(r) => (1, r.province().to_string()),
        Scope::Regency(r) => (2, r.to_string()),
        Scope::Blk { code, .. } => (3, code.clone()),
    }
}

// A run is visible to the scope that saved it; the centre sees every run.
const RUN_SCOPE: &str = "($1 = 0 OR pr.scope = $2)";

fn run_scope_params(scope: &Scope) -> (i64, String) {
    match scope {
        Scope::Central => (0, String::new()),
        other => (1, other.to_string()),
    }
}

const RUN_COLUMNS: &str = "pr.id, pr.kind, pr.created_at, pr.actor, pr.scope, pr.fund, pr.year, pr.base_run_id, pr.data_version, pr.budget_idr, pr.cost_idr, pr.expected_placements, pr.summary";

fn run_row(r: &crate::conn::Row, with_json: bool) -> PlanRunRow {
    PlanRunRow {
        id: r.int(0),
        kind: r.text(1),
        created_at: r.text(2),
        actor: r.text(3),
        scope: r.text(4),
        fund: r.text(5),
        year: i32::try_from(r.int(6)).unwrap_or(0),
        base_run: r.opt_int(7),
        data_version: r.int(8),
        budget_idr: r.int(9),
        cost_idr: r.int(10),
        expected_placements: r.opt_real(11).unwrap_or(0.0),
        summary: r.text(12),
        inputs_json: if with_json { r.text(13) } else { String::new() },
        result_json: if with_json { r.text(14) } else { String::new() },
    }
}

impl Store {
    /// BLKs in scope with their capacity per kejuruan, in code order.
    pub fn plan_blks(&mut self, scope: &Scope) -> Result<Vec<PlanBlkRow>, StoreError> {
        let (k, v) = blk_scope_params(scope);
        let p = [Value::Int(k), Value::Text(&v)];
        let mut out: Vec<PlanBlkRow> = self
            .conn
            .query(
                &format!(
                    "SELECT b.code, b.name, b.region_code FROM blks b WHERE {BLK_SCOPE} ORDER BY b.code"
                ),
                &p,
            )?
            .iter()
            .map(|r| PlanBlkRow {
                code: r.text(0),
                name: r.text(1),
                region: RegionCode::parse(&r.text(2)).ok(),
                capacity: Vec::new(),
            })
            .collect();
        let capacity = self.conn.query(
            &format!(
                "SELECT b.code, bc.kejuruan_code, bc.workshops, bc.instructors
                 FROM blk_capacity bc JOIN blks b ON b.id = bc.blk_id
                 WHERE {BLK_SCOPE} ORDER BY b.code, bc.kejuruan_code"
            ),
            &p,
        )?;
        // Both lists are in BLK code order, so one merge pass attaches the capacity.
        let mut i = 0;
        for r in &capacity {
            let code = r.text(0);
            while i < out.len() && out[i].code < code {
                i += 1;
            }
            if let Some(b) = out.get_mut(i).filter(|b| b.code == code) {
                b.capacity.push(PlanCapacityRow {
                    kejuruan_code: r.text(1),
                    workshops: r.int(2),
                    instructors: r.int(3),
                });
            }
        }
        Ok(out)
    }

    /// Outcomes of every BLK × programme in scope over cohorts that ended before `ended_before`
    /// (so that graduates have had time to find work), in (BLK, programme) order.
    pub fn programme_outcomes(
        &mut self,
        scope: &Scope,
        ended_before: Date,
    ) -> Result<Vec<ProgrammeOutcomeRow>, StoreError> {
        let (k, v) = blk_scope_params(scope);
        let cutoff = ended_before.to_string();
        let rows = self.conn.query(
            &format!(
                "SELECT b.code, c.programme_code, COUNT(DISTINCT c.id),
                        CAST(SUM(CASE WHEN t.status <> 'ENROLLED' THEN 1 ELSE 0 END) AS BIGINT),
                        CAST(SUM(CASE WHEN t.status = 'COMPLETED' THEN 1 ELSE 0 END) AS BIGINT),
                        CAST(SUM(CASE WHEN t.status = 'COMPLETED' AND EXISTS (SELECT 1 FROM placements pl WHERE pl.person_id = t.person_id) THEN 1 ELSE 0 END) AS BIGINT)
                 FROM cohorts c JOIN blks b ON b.id = c.blk_id JOIN trainees t ON t.cohort_id = c.id
                 WHERE c.end_date < CAST($3 AS TEXT) AND {BLK_SCOPE}
                 GROUP BY b.code, c.programme_code
                 ORDER BY b.code, c.programme_code"
            ),
            &[Value::Int(k), Value::Text(&v), Value::Text(&cutoff)],
        )?;
        Ok(rows
            .iter()
            .map(|r| ProgrammeOutcomeRow {
                blk_code: r.text(0),
                programme_code: r.text(1),
                cohorts: r.int(2),
                finished: r.int(3),
                completed: r.int(4),
                placed: r.int(5),
            })
            .collect())
    }

    /// Saves a plan run under the caller's scope, with an audit event; returns its id.
    pub fn save_plan_run(
        &mut self,
        scope: &Scope,
        run: &NewPlanRun<'_>,
    ) -> Result<i64, StoreError> {
        let scope_text = scope.to_string();
        let at = crate::now_utc();
        let row = self.conn.query_row(
            "INSERT INTO plan_runs (kind, created_at, actor, scope, fund, year, base_run_id, data_version, budget_idr, cost_idr, expected_placements, summary, inputs_json, result_json)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
            &[
                Value::Text(run.kind),
                Value::Text(&at),
                Value::Text(run.actor),
                Value::Text(&scope_text),
                Value::Text(run.fund),
                Value::Int(i64::from(run.year)),
                run.base_run.map_or(Value::Null, Value::Int),
                Value::Int(run.data_version),
                Value::Int(run.budget_idr),
                Value::Int(run.cost_idr),
                Value::Real(run.expected_placements),
                Value::Text(run.summary),
                Value::Text(run.inputs_json),
                Value::Text(run.result_json),
            ],
        )?;
        let id = row
            .map(|r| r.int(0))
            .ok_or_else(|| StoreError::Internal("a saved plan run returned no id".into()))?;
        self.conn.exec(
            "INSERT INTO audit_events (at, actor, action, object, scope, outcome) VALUES ($1, $2, 'plan', $3, $4, $5)",
            &[
                Value::Text(&at),
                Value::Text(run.actor),
                Value::Text(&format!("plan_run:{id}")),
                Value::Text(&scope_text),
                Value::Text(run.summary),
            ],
        )?;
        Ok(id)
    }

    /// One saved run with its inputs and result, if it exists and is in scope.
    pub fn plan_run(&mut self, scope: &Scope, id: i64) -> Result<Option<PlanRunRow>, StoreError> {
        let (k, v) = run_scope_params(scope);
        let row = self.conn.query_row(
            &format!(
                "SELECT {RUN_COLUMNS}, pr.inputs_json, pr.result_json FROM plan_runs pr WHERE pr.id = $3 AND {RUN_SCOPE}"
            ),
            &[Value::Int(k), Value::Text(&v), Value::Int(id)],
        )?;
        Ok(row.map(|r| run_row(&r, true)))
    }

    /// Saved runs in scope, newest first, without their JSON.
    pub fn plan_runs(&mut self, scope: &Scope, limit: i64) -> Result<Vec<PlanRunRow>, StoreError> {
        let (k, v) = run_scope_params(scope);
        let rows = self.conn.query(
            &format!(
                "SELECT {RUN_COLUMNS} FROM plan_runs pr WHERE {RUN_SCOPE} ORDER BY pr.id DESC LIMIT $3"
            ),
            &[Value::Int(k), Value::Text(&v), Value::Int(limit)],
        )?;
        Ok(rows.iter().map(|r| run_row(r, false)).collect())
    }
}

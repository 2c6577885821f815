//! Saved runs: what an allocation or a what-if was computed from, and what it gave, as JSON the
//! store keeps whole. A run's inputs hold the full problem (every candidate's numbers), so it
//! can be re-solved, compared and audited without the data it was first read from.

use serde::{Deserialize, Serialize};

use super::allocate::{AllocationProblem, AllocationResult};
use super::whatif::{Change, WhatIf};
use super::{PlanError, PlanSettings};

/// The inputs of a saved run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInputs {
    pub settings: PlanSettings,
    pub problem: AllocationProblem,
    /// The run a what-if started from, and its changes (empty for an allocation).
    pub base_run: Option<i64>,
    pub changes: Vec<Change>,
}

fn to_json<T: Serialize>(v: &T) -> Result<String, PlanError> {
    serde_json::to_string(v).map_err(|e| PlanError::SavedRun(e.to_string()))
}

fn from_json<T: for<'de> Deserialize<'de>>(s: &str) -> Result<T, PlanError> {
    serde_json::from_str(s).map_err(|e| PlanError::SavedRun(e.to_string()))
}

impl RunInputs {
    pub fn to_json(&self) -> Result<String, PlanError> {
        to_json(self)
    }

    pub fn from_json(s: &str) -> Result<RunInputs, PlanError> {
        from_json(s)
    }
}

impl AllocationResult {
    pub fn to_json(&self) -> Result<String, PlanError> {
        to_json(self)
    }

    /// Reads a saved result: an allocation's, or the result inside a what-if's.
    pub fn from_json(s: &str) -> Result<AllocationResult, PlanError> {
        from_json::<AllocationResult>(s).or_else(|_| from_json::<WhatIf>(s).map(|w| w.result))
    }
}

impl WhatIf {
    pub fn to_json(&self) -> Result<String, PlanError> {
        to_json(self)
    }
}

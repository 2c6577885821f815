//! Labour-market indicators computed in memory over vacancy facts; pure.
//!
//! Owns the columnar vacancy `Snapshot` (its physical layout and build), the dense regency index
//! it is keyed by (`regions`), and the query kernels the gap and trend features use (`query`):
//! positions by region × occupation × month over a region range and month window, roll-ups
//! over regions, and occupation growth rankings between two windows. On top of them: the gap
//! inputs (`market`: the snapshot plus a supply cube of job seekers and trainees), the gap cube
//! with its index, flags and ranking (`gap`), the provincial labour force it is compared with
//! (`labour`), and trends, forecasts with prediction intervals and backtests (`forecast`).
//! Beside the vacancy side, `potential` reads regional GRDP by KBLI category: location
//! quotients, growth, leading sectors by the Klassen typology, and the occupation demand that
//! sector growth implies through a KBLI → ISCO bridge. `plan` turns all of it into decisions:
//! programme recommendations per BLK, budget allocation as an integer programme, and what-ifs.
//! `outcomes` measures what became of graduates: tracer due-lists and response rates,
//! kebekerjaan with intervals and non-response weighting, BLK scorecards and the results framework.
//!
//! It does no IO, knows no SQL and has no async: callers read files (`ingest`) or the database
//! (`store`), hand the facts over, and persist or display what comes back. The only concurrency
//! is `std::thread::scope` inside the snapshot build.

pub mod forecast;
pub mod gap;
pub mod labour;
pub mod market;
pub mod matching;
pub mod outcomes;
pub mod plan;
pub mod potential;
pub mod query;
pub mod regions;
pub mod snapshot;

use domain::{RegionCode, YearMonth};
use thiserror::Error;

pub use forecast::{
    Backtest, Forecast, ForecastPoint, Interval, LevelBacktest, MaseSummary, Method, MonthlySeries,
    YearGrowth, backtest, forecast, mase,
};
pub use gap::{
    Area, Bounded, CellDemand, CoverageNote, GapCell, GapQuery, GapTable, PublicGap, RegionLevel,
    SMALL_SUPPLY_STAND_IN,
};
pub use market::{GapInputs, MonthWindow, SeekerFact, Supply, SupplyReport, TraineeFact};
pub use outcomes::{
    DueEntry, DueKind, FrameworkRow, GroupBy, OutcomeData, OutcomeRow, OutcomeSettings, Scorecard,
    Target, WaveRate,
};
pub use plan::{
    AllocationParams, AllocationProblem, AllocationResult, PlanBlk, PlanCapacity, PlanError,
    PlanEvidence, PlanSettings, Recommendation,
};
pub use potential::{
    Economy, ExpectedDemand, IndicatorFact, Klassen, PotentialNote, PotentialQuery, PotentialTable,
    ReferenceArea, SectorPotential,
};
pub use query::{CellPositions, Growth, GrowthQuery, OccupationMonth};
pub use snapshot::{BuildReport, DenseColumns, Rows, Snapshot, VacancyFact};

/// Why a snapshot could not be built, or a forecast made. Individual facts the snapshot cannot
/// hold are not errors (see `BuildReport`); these are inputs that are inconsistent as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AnalyticsError {
    #[error(
        "the columns have different lengths: region {region}, isco {isco}, month {month}, positions {positions}, salary {salary}"
    )]
    ColumnLengths {
        region: usize,
        isco: usize,
        month: usize,
        positions: usize,
        salary: usize,
    },
    #[error("row {row}: region index {value} is outside the index 0..{n_regions}")]
    RegionOutOfRange {
        row: usize,
        value: u16,
        n_regions: u16,
    },
    #[error("row {row}: {value} is not an ISCO code of at most four digits")]
    IscoOutOfRange { row: usize, value: u16 },
    #[error("{rows} rows is more than one snapshot can index ({max})")]
    TooManyRows { rows: usize, max: usize },
    #[error(
        "the vacancies span {first} to {last}, more than the 256 months one snapshot holds; build it over a shorter window"
    )]
    MonthSpan { first: YearMonth, last: YearMonth },
    #[error("a forecast needs at least {needed} months of history; this series has {months}")]
    ForecastHistory { months: usize, needed: usize },
    #[error("the series holds a value that is not a finite number")]
    ForecastNotFinite,
    #[error("{region} is a province; compare it with the nation (a province is its own province)")]
    PotentialReference { region: RegionCode },
    #[error("no regional indicators for {region}{}", .year.map(|y| format!(" in {y}")).unwrap_or_default())]
    PotentialNoData {
        region: RegionCode,
        year: Option<u16>,
    },
    #[error("the first year {first} is after the last year {last}")]
    PotentialWindow { first: u16, last: u16 },
}

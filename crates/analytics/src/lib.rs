//! Labour-market indicators computed in memory over vacancy facts; pure.
//!
//! Owns the columnar vacancy `Snapshot` (its physical layout and build), the dense regency index
//! it is keyed by (`regions`), and the query kernels the gap and trend features use (`query`):
//! positions by region × occupation × month over a region range and month window, roll-ups
//! over regions, and occupation growth rankings between two windows.
//!
//! It does no IO, knows no SQL and has no async: callers read files (`ingest`) or the database
//! (`store`), hand the facts over, and persist or display what comes back. The only concurrency
//! is `std::thread::scope` inside the snapshot build.

pub mod query;
pub mod regions;
pub mod snapshot;

use domain::YearMonth;
use thiserror::Error;

pub use query::{CellPositions, Growth, GrowthQuery, OccupationMonth};
pub use snapshot::{BuildReport, DenseColumns, Rows, Snapshot, VacancyFact};

/// Why a snapshot could not be built. Individual facts the snapshot cannot hold are not errors
/// (see `BuildReport`); these are inputs that are inconsistent as a whole.
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
}

//! What the gap, trend and potential pages and their API resources show, computed from the
//! analytics snapshot (`analysis.rs`) by the same `analytics` functions the command line uses.
//!
//! Parameters are parsed here once for the HTML, export and JSON renderings; each rejected
//! value names its parameter. The arithmetic runs on a blocking thread: a national gap over
//! millions of vacancies takes tens of milliseconds, which must not stall the async workers.

use std::sync::Arc;

use analytics::{
    Forecast, GapQuery, GapTable, MonthWindow, MonthlySeries, PotentialQuery, PotentialTable,
    RegionLevel, YearGrowth,
};
use domain::{IscoCode, RegionCode};

use crate::AppState;
use crate::analysis::{Current, Loaded};
use crate::error::AppError;
use crate::params::Params;

/// The default and the largest forecast horizon, in months.
pub const DEFAULT_HORIZON: usize = 12;
pub const MAX_HORIZON: usize = 36;
/// Months of history a trend chart shows.
pub const HISTORY_MONTHS: usize = 36;

/// The snapshot for this request (see `analysis.rs` for when it is rebuilt).
pub async fn current(st: &AppState) -> Result<Current, AppError> {
    let version = st.pool.run(|s| s.data_version()).await?;
    st.analysis.get(version).await
}

/// Runs `f` on the snapshot on a blocking thread.
pub async fn compute<T, F>(loaded: &Arc<Loaded>, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&Loaded) -> T + Send + 'static,
{
    let l = loaded.clone();
    tokio::task::spawn_blocking(move || f(&l))
        .await
        .map_err(|e| AppError::Internal(format!("analytics task: {e}")))
}

/// The gap table for `args`, computed once per snapshot and kept in the page cache (a national
/// table costs tens of milliseconds; the same few queries come back again and again).
pub async fn gap_cached(
    st: &AppState,
    cur: &Current,
    args: &GapArgs,
) -> Result<Arc<Option<GapTable>>, AppError> {
    let key = format!(
        "gap:{:?}:{:?}:{}:{}:{:?}",
        args.region.map(|r| r.to_string()),
        args.isco.map(|i| i.to_string()),
        args.level,
        args.by_key(),
        args.period
            .map(|p| (p.first.to_string(), p.last.to_string()))
    );
    let version = cur.loaded.version;
    if let Some(hit) = st.cache.get::<Option<GapTable>>(&key, version) {
        return Ok(hit);
    }
    let a = args.clone();
    let table = Arc::new(compute(&cur.loaded, move |l| gap(l, &a)).await?);
    st.cache.put(&key, version, table.clone());
    Ok(table)
}

/// Parameters shared by the gap page and `/api/v1/gap`.
pub const GAP_PARAMS: &[&str] = &[
    "region", "isco", "level", "by", "period", "format", "table", "lang",
];

#[derive(Debug, Clone)]
pub struct GapArgs {
    pub region: Option<RegionCode>,
    pub isco: Option<IscoCode>,
    pub level: u8,
    pub by: RegionLevel,
    pub period: Option<MonthWindow>,
}

impl GapArgs {
    pub fn parse(p: &Params) -> Result<GapArgs, AppError> {
        let region = region_param(p)?;
        let isco = isco_param(p)?;
        let level = match p.get("level") {
            None => 4,
            Some(l) => match l.parse::<u8>() {
                Ok(n @ 1..=4) => n,
                _ => {
                    return Err(AppError::bad_param(
                        "level",
                        "jumlah digit ISCO, 1 sampai 4.",
                        "the ISCO digits, 1 to 4.",
                    ));
                }
            },
        };
        let asked = match p.get("by") {
            None => match region {
                Some(_) => RegionLevel::Regency,
                None => RegionLevel::Province,
            },
            Some("regency") => RegionLevel::Regency,
            Some("province") => RegionLevel::Province,
            Some("nation") => RegionLevel::Nation,
            Some(_) => {
                return Err(AppError::bad_param(
                    "by",
                    "salah satu dari nation, province, regency.",
                    "one of nation, province, regency.",
                ));
            }
        };
        // Rows coarser than the region asked for would be that region itself: the table is
        // by the region's own level then, and says so.
        let by = match (region, asked) {
            (Some(r), RegionLevel::Nation | RegionLevel::Province) if r.is_regency() => {
                RegionLevel::Regency
            }
            (Some(_), RegionLevel::Nation) => RegionLevel::Province,
            _ => asked,
        };
        let period = p
            .get("period")
            .map(|s| {
                MonthWindow::parse(s).ok_or_else(|| {
                    AppError::bad_param(
                        "period",
                        "gunakan YYYY-MM..YYYY-MM, bulan awal lebih dulu, misalnya 2025-01..2025-12.",
                        "use YYYY-MM..YYYY-MM, first month first, e.g. 2025-01..2025-12.",
                    )
                })
            })
            .transpose()?;
        if let Some(w) = period
            && w.n_months() > 120
        {
            return Err(AppError::bad_param(
                "period",
                "paling panjang 120 bulan.",
                "at most 120 months.",
            ));
        }
        Ok(GapArgs {
            region,
            isco,
            level,
            by,
            period,
        })
    }

    pub fn by_key(&self) -> &'static str {
        match self.by {
            RegionLevel::Regency => "regency",
            RegionLevel::Province => "province",
            RegionLevel::Nation => "nation",
        }
    }
}

fn region_param(p: &Params) -> Result<Option<RegionCode>, AppError> {
    p.get("region")
        .map(|r| {
            RegionCode::parse(r).map_err(|_| {
                AppError::bad_param(
                    "region",
                    "gunakan kode Kemendagri provinsi atau kabupaten/kota, misalnya 32 atau 32.73.",
                    "use a Kemendagri province or regency/city code such as 32 or 32.73.",
                )
            })
        })
        .transpose()
}

fn isco_param(p: &Params) -> Result<Option<IscoCode>, AppError> {
    p.get("isco")
        .map(|c| {
            IscoCode::parse(c).map_err(|_| {
                AppError::bad_param(
                    "isco",
                    "gunakan kode ISCO-08/KBJI 1 sampai 4 angka, misalnya 72 atau 7212.",
                    "use an ISCO-08/KBJI code of 1 to 4 digits such as 72 or 7212.",
                )
            })
        })
        .transpose()
}

/// The gap table asked for; `None` when the database has no vacancies, job seekers or
/// graduates to compute it from.
pub fn gap(l: &Loaded, a: &GapArgs) -> Option<GapTable> {
    let window = a.period.or_else(|| l.market.default_window())?;
    let mut q = GapQuery::new(window);
    q.region = a.region;
    q.by = a.by;
    q.isco = a.isco;
    q.level = a.level;
    Some(l.market.gap(&q))
}

/// Parameters of the trend page and `/api/v1/forecast`.
pub const TREND_PARAMS: &[&str] = &["region", "isco", "horizon", "format", "table", "lang"];

#[derive(Debug, Clone)]
pub struct TrendArgs {
    pub region: Option<RegionCode>,
    pub isco: Option<IscoCode>,
    pub horizon: usize,
}

impl TrendArgs {
    pub fn parse(p: &Params) -> Result<TrendArgs, AppError> {
        let horizon = match p.get("horizon") {
            None => DEFAULT_HORIZON,
            Some(h) => match h.parse::<usize>() {
                Ok(n) if (1..=MAX_HORIZON).contains(&n) => n,
                _ => {
                    return Err(AppError::bad_param(
                        "horizon",
                        format!("jumlah bulan, 1 sampai {MAX_HORIZON}."),
                        format!("a number of months, 1 to {MAX_HORIZON}."),
                    ));
                }
            },
        };
        Ok(TrendArgs {
            region: region_param(p)?,
            isco: isco_param(p)?,
            horizon,
        })
    }
}

/// A demand series with its 12-month growth, its forecast (or why there is none) and the
/// backtest error of the method on this very series.
pub struct Trend {
    pub series: MonthlySeries,
    pub growth: Option<YearGrowth>,
    pub forecast: Result<Forecast, String>,
    /// MASE of a rolling-origin backtest over the last 12 months, when the history allows.
    pub mase: Option<f64>,
}

impl Trend {
    /// The last `n` months of history.
    pub fn recent(&self, n: usize) -> (domain::YearMonth, &[f64]) {
        let skip = self.series.values.len().saturating_sub(n);
        (self.series.month(skip), &self.series.values[skip..])
    }
}

/// `None` when there are no vacancies at all.
pub fn trend(
    l: &Loaded,
    region: Option<RegionCode>,
    isco: Option<IscoCode>,
    horizon: usize,
) -> Option<Trend> {
    let series = l.market.demand_series(region, isco)?;
    let growth = series.year_growth();
    let forecast = analytics::forecast(&series, horizon).map_err(|e| e.to_string());
    let mase = analytics::backtest(&series.values).map(|b| b.mase);
    Some(Trend {
        series,
        growth,
        forecast,
        mase,
    })
}

/// The last 24 months of demand of each (region, occupation), for sparklines; cheap for a
/// region page (one region's rows), not meant for national tables.
pub fn sparks(
    l: &Loaded,
    region: Option<RegionCode>,
    iscos: &[IscoCode],
) -> Vec<(Vec<f64>, Option<f64>)> {
    iscos
        .iter()
        .map(|i| match l.market.demand_series(region, Some(*i)) {
            Some(s) => {
                let growth = s.year_growth().and_then(|g| g.rate());
                let skip = s.values.len().saturating_sub(24);
                (s.values[skip..].to_vec(), growth)
            }
            None => (Vec::new(), None),
        })
        .collect()
}

/// The regional potential of a region over all its years; `None` when no indicators are
/// imported for it.
pub fn potential(l: &Loaded, region: RegionCode) -> Option<PotentialTable> {
    if l.economy.is_empty() {
        return None;
    }
    l.economy.potential(&PotentialQuery::new(region)).ok()
}

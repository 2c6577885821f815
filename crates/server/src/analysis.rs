//! The analytics snapshot the server answers gap, trend, forecast and potential questions
//! from: the columnar vacancy snapshot plus the supply cube (`analytics::GapInputs`) and the
//! regional economy, built once from the store and rebuilt when the data changes.
//!
//! National questions must not rescan the database per request, yet the data changes whenever
//! a file is imported, possibly by another process (`listraf import`). So the snapshot carries
//! the store's `data_version()` it was built at. A request that sees a newer version starts a
//! rebuild on a background thread (one at a time) and is answered from the snapshot in hand,
//! labelled with its version and "being refreshed"; only the very first request waits. A
//! failed build is logged and retried by the next request, and the old snapshot stays in use.

use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;

use analytics::{Economy, GapInputs};
use pipeline::analysis::{MarketLoad, load_economy, load_market};
use store::Store;
use tokio::sync::watch;

use crate::error::AppError;

/// One built snapshot.
pub struct Loaded {
    /// The store's data version the snapshot was read at.
    pub version: i64,
    pub market: GapInputs,
    pub economy: Economy,
    pub load: MarketLoad,
    /// Training outcomes (kebekerjaan, scorecards, results framework); `None` without cohorts.
    pub outcomes: Option<crate::results::Outcomes>,
    /// The planning evidence of every BLK × programme, or why there is none (`plans.rs`).
    pub plan: crate::plans::PlanData,
    pub built_in: Duration,
}

/// A snapshot for one request, and whether a newer one is being built.
#[derive(Clone)]
pub struct Current {
    pub loaded: Arc<Loaded>,
    pub refreshing: bool,
}

#[derive(Clone)]
enum Slot {
    Empty,
    Ready(Arc<Loaded>),
    /// The first build failed; the message is logged, not shown.
    Failed,
}

pub struct Analysis {
    target: String,
    tx: watch::Sender<Slot>,
    /// The version being built, if a build is running.
    building: Mutex<Option<i64>>,
}

impl Analysis {
    pub fn new(target: &str) -> Analysis {
        Analysis {
            target: target.to_string(),
            tx: watch::Sender::new(Slot::Empty),
            building: Mutex::new(None),
        }
    }

    /// The snapshot to answer a request at data version `version` with.
    pub async fn get(self: &Arc<Self>, version: i64) -> Result<Current, AppError> {
        let slot = self.tx.borrow().clone();
        match slot {
            Slot::Ready(loaded) if loaded.version == version => Ok(Current {
                loaded,
                refreshing: false,
            }),
            Slot::Ready(loaded) => {
                self.start(version);
                Ok(Current {
                    loaded,
                    refreshing: true,
                })
            }
            Slot::Empty | Slot::Failed => {
                self.start(version);
                let mut rx = self.tx.subscribe();
                // Waits for this build (or one already running) to finish either way.
                let slot = rx
                    .wait_for(|s| !matches!(s, Slot::Empty))
                    .await
                    .map_err(|_| AppError::Unavailable)?
                    .clone();
                match slot {
                    Slot::Ready(loaded) => {
                        let refreshing = loaded.version != version;
                        Ok(Current { loaded, refreshing })
                    }
                    _ => Err(AppError::Internal(
                        "the analytics snapshot could not be built (see the log)".into(),
                    )),
                }
            }
        }
    }

    /// Starts a build for `version` unless one is running. Called at start-up too, so the
    /// first visitor rarely waits.
    pub fn start(self: &Arc<Self>, version: i64) {
        {
            let Ok(mut b) = self.building.lock() else {
                return;
            };
            if b.is_some() {
                return;
            }
            *b = Some(version);
        }
        if matches!(*self.tx.borrow(), Slot::Failed) {
            self.tx.send_replace(Slot::Empty);
        }
        let me = self.clone();
        let spawned = std::thread::Builder::new()
            .name("analytics-snapshot".into())
            .spawn(move || {
                let started = std::time::Instant::now();
                let result = me.build();
                match result {
                    Ok((version, market, economy, load, outcomes, plan)) => {
                        let built_in = started.elapsed();
                        tracing::info!(
                            version,
                            ms = built_in.as_secs_f64() * 1000.0,
                            vacancies = load.vacancies.rows,
                            "analytics snapshot built"
                        );
                        me.tx.send_replace(Slot::Ready(Arc::new(Loaded {
                            version,
                            market,
                            economy,
                            load,
                            outcomes,
                            plan,
                            built_in,
                        })));
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "analytics snapshot build failed");
                        if !matches!(*me.tx.borrow(), Slot::Ready(_)) {
                            me.tx.send_replace(Slot::Failed);
                        }
                    }
                }
                if let Ok(mut b) = me.building.lock() {
                    *b = None;
                }
            });
        if spawned.is_err()
            && let Ok(mut b) = self.building.lock()
        {
            *b = None;
        }
    }

    /// The snapshot's gauges in the Prometheus text format (empty before the first build).
    pub fn metrics(&self) -> String {
        let Slot::Ready(l) = &*self.tx.borrow() else {
            return String::new();
        };
        format!(
            "# HELP listraf_snapshot_data_version Import batch the analytics snapshot was built at.\n# TYPE listraf_snapshot_data_version gauge\nlistraf_snapshot_data_version {}\n# HELP listraf_snapshot_build_seconds Time the last analytics snapshot build took.\n# TYPE listraf_snapshot_build_seconds gauge\nlistraf_snapshot_build_seconds {:.3}\n# HELP listraf_snapshot_vacancies Vacancy rows the analytics snapshot was built from.\n# TYPE listraf_snapshot_vacancies gauge\nlistraf_snapshot_vacancies {}\n",
            l.version,
            l.built_in.as_secs_f64(),
            l.load.vacancies.rows
        )
    }

    /// Reads the version first: an import landing during the read makes the snapshot look
    /// older than it is, which only costs one more rebuild, never a stale answer labelled new.
    #[allow(clippy::type_complexity)]
    fn build(
        &self,
    ) -> Result<
        (
            i64,
            GapInputs,
            Economy,
            MarketLoad,
            Option<crate::results::Outcomes>,
            crate::plans::PlanData,
        ),
        String,
    > {
        let mut store = Store::open(&self.target).map_err(|e| e.to_string())?;
        let version = store.data_version().map_err(|e| e.to_string())?;
        let (market, load) = load_market(&mut store).map_err(|e| e.to_string())?;
        let (economy, _) = load_economy(&mut store).map_err(|e| e.to_string())?;
        let outcomes = crate::results::Outcomes::load(&mut store).map_err(|e| e.to_string())?;
        let plan = crate::plans::PlanData::load(&mut store, &market, &economy);
        Ok((version, market, economy, load, outcomes, plan))
    }
}

//! Listraf's web application and JSON API: server-rendered pages in Bahasa Indonesia (English
//! on request), exports of every table shown, a JSON API under `/api/v1`, health, readiness and
//! Prometheus metrics.
//!
//! Owns routing, request parsing, page and JSON assembly, small-cell suppression and exports.
//! All SQL is in `store`; handlers ask it for aggregates through a small pool of blocking
//! connections (`pool.rs`). Gap, trend, forecast and regional-potential figures come from the
//! in-memory analytics snapshot (`analysis.rs`), rebuilt in the background after imports. Until accounts and region scopes exist, every read is made with
//! `Scope::Central` and nothing personal is served: job seekers, trainees and placements are
//! only ever counted, and counts of persons below five are shown as "<5".
//!
//! Start-up (logging, the runtime, the listening address) is left to the binary: it calls
//! [`AppState::open`] and [`serve`].

mod analysis;
mod api;
mod cache;
mod chart;
mod ctx;
mod error;
mod export;
mod i18n;
mod map;
mod market;
mod metrics;
mod pages;
mod params;
mod plans;
mod pool;
mod results;
mod routes;
mod table;
mod view;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

pub use error::AppError;
pub use routes::router;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pool: Arc<pool::Pool>,
    metrics: Arc<metrics::Metrics>,
    cache: Arc<cache::Cache>,
    analysis: Arc<analysis::Analysis>,
    /// The database, for the connections imports open.
    target: String,
    /// Set by [`serve`] when it listens on a loopback address: only then may pages change data.
    uploads: Option<Arc<pages::imports::Uploads>>,
    upload_limit: usize,
    request_timeout: Duration,
}

/// Tunables with sensible defaults.
#[derive(Debug, Clone)]
pub struct Options {
    /// Database connections open at once (each query runs on a blocking thread).
    pub max_connections: usize,
    /// A request still running after this answers 503.
    pub request_timeout: Duration,
    /// Aggregated pages kept in memory (see `cache.rs`).
    pub cache_entries: usize,
    /// The largest file the import page accepts, in bytes.
    pub upload_limit: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_connections: 4,
            request_timeout: Duration::from_secs(15),
            cache_entries: 2000,
            upload_limit: pages::imports::UPLOAD_LIMIT,
        }
    }
}

impl AppState {
    /// Opens (and migrates) the database once, so a bad target fails at start-up rather than
    /// on the first request; the connection is kept for the pool. Blocking: call it before the
    /// async runtime starts, or inside `spawn_blocking`.
    pub fn open(target: &str, options: Options) -> Result<AppState, store::StoreError> {
        let mut first = store::Store::open(target)?;
        let analysis = Arc::new(analysis::Analysis::new(target));
        // The snapshot starts building now, so the first visitor rarely waits for it.
        analysis.start(first.data_version()?);
        Ok(AppState {
            pool: Arc::new(pool::Pool::new(target, first, options.max_connections)),
            metrics: Arc::new(metrics::Metrics::default()),
            cache: Arc::new(cache::Cache::new(options.cache_entries)),
            analysis,
            target: target.to_string(),
            uploads: None,
            upload_limit: options.upload_limit,
            request_timeout: options.request_timeout,
        })
    }
}

/// Serves the application on a bound listener until `shutdown` completes. On a loopback
/// address the import pages may change data; on any other address the server is read-only.
pub async fn serve(
    listener: tokio::net::TcpListener,
    mut state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    if listener.local_addr()?.ip().is_loopback() {
        state.uploads = Some(Arc::new(pages::imports::Uploads::new()?));
    }
    // The coder's index and the skills dictionary take about a second to build: built while
    // the server starts, not on the first user's request for an ad.
    std::thread::spawn(|| {
        classify::Coder::shipped();
        classify::skills::prepare();
    });
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

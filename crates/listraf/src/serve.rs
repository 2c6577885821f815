//! `listraf serve` and the end of `listraf demo`: request logging, a tokio runtime and the web
//! server of the `server` crate on one address until Ctrl-C (or SIGTERM).

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

/// Where `listraf serve` and `listraf demo` listen unless told otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

pub fn default_addr() -> SocketAddr {
    DEFAULT_ADDR.parse().expect("the default address parses")
}

/// Serves `db` on `addr` until interrupted.
pub fn serve(db: &str, addr: SocketAddr) -> Result<ExitCode> {
    let is_file = !(db.starts_with("postgres://") || db.starts_with("postgresql://"));
    if is_file && !Path::new(db).exists() {
        bail!(
            "there is no database at {db}; build the demo with `listraf demo` or import files first"
        );
    }
    init_logging();
    let state = server::AppState::open(db, server::Options::default())
        .with_context(|| format!("opening database {db}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr().context("reading the bound address")?;
        if !local.ip().is_loopback() {
            eprintln!(
                "note: listening on {local}, reachable from other machines; this build serves aggregates only and has no accounts"
            );
        }
        println!("Listraf serves {db} at http://{local}/ (Ctrl-C stops it)");
        server::serve(listener, state, shutdown_signal())
            .await
            .context("serving")?;
        eprintln!("stopped");
        Ok(ExitCode::SUCCESS)
    })
}

/// Request logs on stderr; `LISTRAF_LOG` = error, warn, info (default), debug or trace.
fn init_logging() {
    let level = std::env::var("LISTRAF_LOG")
        .ok()
        .and_then(|l| l.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

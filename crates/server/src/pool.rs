//! A small pool of synchronous `Store` connections used from async handlers.
//!
//! `store::Store` is blocking (rusqlite, postgres), so each query runs inside
//! `tokio::task::spawn_blocking`. A semaphore bounds how many run at once (and so how many
//! connections exist); idle connections wait in a `Mutex<Vec<Store>>` and are reused, which
//! saves the open-and-migrate check and keeps SQLite's page cache warm. A connection whose
//! query failed is dropped rather than returned, so a broken PostgreSQL session heals itself.

use std::sync::Mutex;

use store::{Store, StoreError};
use tokio::sync::Semaphore;

use crate::error::AppError;

pub struct Pool {
    target: String,
    idle: Mutex<Vec<Store>>,
    permits: Semaphore,
}

impl Pool {
    pub fn new(target: &str, first: Store, max: usize) -> Pool {
        Pool {
            target: target.to_string(),
            idle: Mutex::new(vec![first]),
            permits: Semaphore::new(max.max(1)),
        }
    }

    /// Runs `f` on a pooled connection on a blocking thread.
    pub async fn run<T, F>(self: &std::sync::Arc<Self>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| AppError::Unavailable)?;
        let pool = self.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let taken = pool.idle.lock().ok().and_then(|mut v| v.pop());
            let mut store = match taken {
                Some(s) => s,
                None => Store::open(&pool.target)?,
            };
            let out = f(&mut store);
            if out.is_ok()
                && let Ok(mut idle) = pool.idle.lock()
            {
                idle.push(store);
            }
            out
        })
        .await;
        match joined {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(AppError::Internal(format!("store: {e}"))),
            Err(e) => Err(AppError::Internal(format!("query task: {e}"))),
        }
    }
}

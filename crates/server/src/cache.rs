//! Aggregates computed once per data version and kept in memory.
//!
//! The national overview and a province page each read hundreds of thousands of rows, yet the
//! data only changes when a file is imported (possibly by another process). Every entry is
//! stored with the store's `data_version()` (the id of the latest import batch) and is used
//! only while that is still the version, so a page is never staler than the last import.
//! Checking the version costs one indexed query. The cache is bounded: when full, it is
//! emptied (entries are cheap to rebuild, and most traffic is to a few hundred pages).

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

type Entry = (i64, Arc<dyn Any + Send + Sync>);

pub struct Cache {
    entries: Mutex<HashMap<String, Entry>>,
    capacity: usize,
}

impl Cache {
    pub fn new(capacity: usize) -> Cache {
        Cache {
            entries: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    pub fn get<T: Any + Send + Sync>(&self, key: &str, version: i64) -> Option<Arc<T>> {
        let entries = self.entries.lock().ok()?;
        let (v, value) = entries.get(key)?;
        if *v != version {
            return None;
        }
        value.clone().downcast::<T>().ok()
    }

    pub fn put<T: Any + Send + Sync>(&self, key: &str, version: i64, value: Arc<T>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= self.capacity && !entries.contains_key(key) {
                entries.clear();
            }
            entries.insert(key.to_string(), (version, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_live_only_as_long_as_their_data_version() {
        let c = Cache::new(2);
        c.put("a", 1, Arc::new(10u32));
        assert_eq!(c.get::<u32>("a", 1).as_deref(), Some(&10));
        assert_eq!(c.get::<u32>("a", 2), None, "a newer import hides it");
        assert_eq!(c.get::<String>("a", 1), None, "a wrong type is a miss");
        c.put("b", 1, Arc::new(20u32));
        c.put("c", 1, Arc::new(30u32));
        assert_eq!(c.get::<u32>("a", 1), None, "full: emptied before inserting");
        assert_eq!(c.get::<u32>("c", 1).as_deref(), Some(&30));
    }
}

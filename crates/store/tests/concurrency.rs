//! Two sessions importing the same file at once: the first wins, the second is told the file
//! was already imported (never a raw database error), on both engines.

use std::sync::{Arc, Barrier};
use std::time::Duration;

use domain::Scope;
use store::{BatchMeta, StoreError};

mod common;

use common::TestDb;

on_both_engines!(the_same_file_imported_twice_at_once_lands_once);

fn meta() -> BatchMeta<'static> {
    BatchMeta {
        entity: "vacancies",
        file_name: "same.csv",
        file_sha256: "0123456789abcdef",
        source_label: "test",
        actor: "test",
        synthetic: false,
    }
}

fn the_same_file_imported_twice_at_once_lands_once(db: &TestDb) {
    // Migrate once before the race.
    drop(db.open());
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let target = db.target.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut store = store::Store::open(&target).unwrap();
                barrier.wait();
                if i == 1 {
                    // Let the other session take the file first.
                    std::thread::sleep(Duration::from_millis(100));
                }
                match store.begin_import(&Scope::Central, &meta()) {
                    Ok(session) => {
                        // Hold the transaction open while the other session arrives.
                        std::thread::sleep(Duration::from_millis(400));
                        session.commit().map(|s| Some(s.batch_id))
                    }
                    Err(e) => Err(e),
                }
            })
        })
        .collect();
    let results: Vec<Result<Option<i64>, StoreError>> =
        handles.into_iter().map(|h| h.join().unwrap()).collect();
    let committed = results.iter().filter(|r| matches!(r, Ok(Some(_)))).count();
    let already = results
        .iter()
        .filter(|r| matches!(r, Err(StoreError::AlreadyImported { .. })))
        .count();
    assert_eq!((committed, already), (1, 1), "{results:?}");
}

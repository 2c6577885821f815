//! Test support shared by the store suites: a fresh database per test on SQLite and, when a
//! server answers, on PostgreSQL (created for the test and dropped afterwards).

#![allow(dead_code)]

use domain::Scope;
use domain::records::Record;
use store::{BatchMeta, Store};

/// A fresh database on one engine, removed when dropped.
pub struct TestDb {
    pub target: String,
    _dir: Option<tempfile::TempDir>,
    pg_admin: Option<(String, String)>,
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("t.db").display().to_string();
        TestDb {
            target,
            _dir: Some(dir),
            pg_admin: None,
        }
    }

    /// `None` (after printing why) when no PostgreSQL server answers.
    pub fn postgres(test: &str) -> Option<TestDb> {
        let admin = std::env::var("LISTRAF_TEST_PG")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let mut client = match ::postgres::Client::connect(
            &format!("{admin}?connect_timeout=3"),
            ::postgres::NoTls,
        ) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("SKIPPED {test} on PostgreSQL: no server at {admin}: {e}");
                return None;
            }
        };
        let name = format!(
            "listraf_test_{}_{}_{}",
            std::process::id(),
            test,
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        );
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap();
        Some(TestDb {
            target: format!("{base}/{name}"),
            _dir: None,
            pg_admin: Some((admin, name)),
        })
    }

    pub fn open(&self) -> Store {
        Store::open(&self.target).unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg_admin
            && let Ok(mut c) = ::postgres::Client::connect(admin, ::postgres::NoTls)
        {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// Runs each named test function on both engines: `fn name(db: &TestDb)`.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[test] fn $name() { super::$name(&super::TestDb::sqlite()); } )* }
        mod postgres { $( #[test] fn $name() { if let Some(db) = super::TestDb::postgres(stringify!($name)) { super::$name(&db); } } )* }
    };
}

/// The batch metadata of a test import of `entity` with file hash `sha`.
pub fn meta<'a>(entity: &'a str, sha: &'a str) -> BatchMeta<'a> {
    BatchMeta {
        entity,
        file_name: "test.csv",
        file_sha256: sha,
        source_label: "test",
        actor: "cli",
        synthetic: false,
    }
}

/// Imports `records` as one committed batch of `entity` (file hash `sha`), in the central scope.
pub fn import(store: &mut Store, entity: &str, sha: &str, records: &[Record]) {
    let mut s = store
        .begin_import(&Scope::Central, &meta(entity, sha))
        .unwrap();
    for r in records {
        s.add(r).unwrap();
    }
    s.commit().unwrap();
}

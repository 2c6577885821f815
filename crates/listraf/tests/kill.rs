//! Crash safety: SIGKILL `listraf import` at random moments, again and again, and check after
//! each kill that the database is intact, holds no partial batch, and lost nothing that an
//! earlier import had acknowledged.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use store::Store;

const ROUNDS: usize = 24;
const ROWS: usize = 20_000;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_listraf")
}

fn write_file(path: &Path, offset: u64) {
    let status = Command::new(bin())
        .args([
            "synth",
            "job-seekers",
            "--rows",
            &ROWS.to_string(),
            "--offset",
            &offset.to_string(),
            "-o",
        ])
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// A small deterministic generator, so a failing run can be repeated exactly.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn sigkill_during_import_never_leaves_a_partial_or_lost_batch() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kill.db");
    let db_s = db.display().to_string();

    // Time one full import to spread the kills over its whole length.
    let first = dir.path().join("js-0.csv");
    write_file(&first, 0);
    let t = Instant::now();
    let ok = Command::new(bin())
        .args(["--db", &db_s, "import", "job-seekers"])
        .arg(&first)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // Timed once, on a machine that may be busier then than later: a round whose import
    // finishes before its kill shortens the span and one killed mid-import lengthens it a
    // little, so the kills keep landing across the imports whatever the load.
    let mut full = t.elapsed();
    let mut acknowledged = vec![first.clone()];

    let mut rng = Lcg(20251129);
    let mut killed_mid_import = 0;
    for round in 1..=ROUNDS {
        let file = dir.path().join(format!("js-{round}.csv"));
        write_file(&file, (round * ROWS) as u64);
        let mut child = Command::new(bin())
            .args(["--db", &db_s, "import", "job-seekers"])
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let wait = full.mul_f64((rng.next() % 1200) as f64 / 1000.0);
        std::thread::sleep(wait);
        let finished = child.try_wait().unwrap();
        let _ = child.kill(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        if finished.is_some_and(|s| s.success()) || status.success() {
            acknowledged.push(file.clone());
            full = full.mul_f64(0.8);
        } else {
            killed_mid_import += 1;
            full = full.mul_f64(1.1);
        }

        let mut store = Store::open(&db_s).unwrap();
        store
            .integrity_check()
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        let batches = store.batches(1000).unwrap();
        let per_batch = store.rows_per_batch("job_seekers").unwrap();
        for b in &batches {
            let rows = per_batch
                .iter()
                .find(|(id, _)| *id == b.id)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            assert_eq!(
                rows, ROWS as i64,
                "round {round}: batch #{} is partial",
                b.id
            );
            assert_eq!(b.rows_inserted, ROWS as i64);
        }
        assert!(
            per_batch
                .iter()
                .all(|(id, _)| batches.iter().any(|b| b.id == *id)),
            "round {round}: rows without a batch"
        );
        for f in &acknowledged {
            let sha = ingest::file_sha256(f).unwrap();
            assert!(
                store.find_batch("job-seekers", &sha).unwrap().is_some(),
                "round {round}: acknowledged {} was lost",
                f.display()
            );
        }
    }
    assert!(
        killed_mid_import >= ROUNDS / 2,
        "only {killed_mid_import} of {ROUNDS} kills landed before the import finished"
    );

    // Every killed file can simply be imported again, and then everything is there once.
    for round in 1..=ROUNDS {
        let file = dir.path().join(format!("js-{round}.csv"));
        let out = Command::new(bin())
            .args(["--db", &db_s, "import", "job-seekers"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut store = Store::open(&db_s).unwrap();
    let summary = store.summary(&domain::Scope::Central).unwrap();
    assert_eq!(summary.job_seekers, ((ROUNDS + 1) * ROWS) as i64);
}

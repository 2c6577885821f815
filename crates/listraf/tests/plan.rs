//! Black-box tests of `listraf recommend`, `allocate`, `whatif` and `plans` on a small demo
//! database: every catalogue programme is listed with its reasons, the allocation stays within
//! its budget and is saved, and a what-if against it is saved with its difference.

use std::path::Path;
use std::process::{Command, Output};

fn listraf(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_listraf"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("LISTRAF_DATABASE")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The number after `#` in "plan run #12".
fn run_id(stdout: &str) -> String {
    let at = stdout.find("plan run #").expect("a saved run") + "plan run #".len();
    stdout[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

#[test]
fn recommend_allocate_and_whatif_run_on_the_demo_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = listraf(&db, &["demo", "--no-serve", "--scale", "0.05"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // The first BLK with some capacity, straight from the database.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let blk: String = conn
        .query_row(
            "SELECT b.code FROM blks b JOIN blk_capacity c ON c.blk_id = b.id
             WHERE c.workshops > 0 AND c.instructors > 0 ORDER BY b.code LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);

    let csv = dir.path().join("rec.csv");
    let out = listraf(
        &db,
        &[
            "recommend",
            "--blk",
            &blk,
            "--year",
            "2026",
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(
        s.contains(&format!("Rekomendasi program 2026 — {blk}")),
        "{s}"
    );
    assert!(s.contains("radius 50 km"), "{s}");
    assert!(s.contains("kebekerjaan"), "{s}");
    assert!(s.contains("EN: "), "{s}");
    let body = std::fs::read_to_string(&csv).unwrap();
    let mut lines = body.lines();
    assert!(lines.next().unwrap().starts_with("rank,status,programme"));
    assert_eq!(
        lines.count(),
        domain::reference().programmes.len(),
        "every programme listed"
    );
    assert!(
        body.contains("needs_investment"),
        "the demo BLKs do not teach everything"
    );

    let out = listraf(
        &db,
        &["recommend", "--blk", "NO-SUCH-BLK", "--year", "2026"],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("NO-SUCH-BLK"));

    // Allocation: within budget, saved, written.
    let plan = dir.path().join("plan.xlsx");
    let out = listraf(
        &db,
        &[
            "allocate",
            "--fund",
            "dekon",
            "--year",
            "2026",
            "--budget",
            "5000000000",
            "--min-share-province",
            "0.01",
            // Small instances with tight floors are hard to prove optimal; the test checks the
            // plan, not the proof.
            "--time-limit",
            "5",
            "-o",
            plan.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("Alokasi DEKON 2026"), "{s}");
    assert!(s.contains("variabel bulat"), "{s}");
    // Marginal values, unless the plan was stopped at the time limit (then they would be the
    // noise of two unproven solves, and the output says why they are missing).
    if s.contains("berhenti pada batas waktu") {
        assert!(s.contains("Nilai marjinal tidak dihitung"), "{s}");
        assert!(!s.contains("miliar tambahan"), "{s}");
    } else {
        assert!(s.contains("miliar tambahan"), "{s}");
    }
    let id = run_id(&s);
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&plan).unwrap();
    let sheet = wb.worksheet_range("plan").unwrap();
    let mut cost = 0.0;
    for row in sheet.rows().skip(1) {
        assert!(matches!(row[0], Data::String(_)), "province codes are text");
        if let Data::Float(v) = row[8] {
            cost += v;
        }
    }
    assert!(cost > 0.0 && cost <= 5e9, "{cost}");
    assert!(wb.worksheet_range("provinces").is_ok());

    // Impossible shares are refused with the reason.
    let out = listraf(
        &db,
        &[
            "allocate",
            "--fund",
            "tp",
            "--year",
            "2026",
            "--budget",
            "5000000000",
            "--min-share-province",
            "0.5",
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("minimum share"),
        "{}",
        text(&out.stderr)
    );
    // A budget below the cheapest cohort (a missing "000") and a negative share are refused
    // with what to change, and nothing is saved.
    for (flag, value, says) in [
        ("--budget", "50000000", "buys no cohort"),
        ("--min-share-province", "-0.1", "minimum province share"),
    ] {
        let mut args = vec!["allocate", "--fund", "tp", "--year", "2026"];
        if flag != "--budget" {
            args.extend(["--budget", "5000000000"]);
        }
        args.extend([flag, value]);
        let out = listraf(&db, &args);
        assert!(!out.status.success(), "{flag} {value}");
        assert!(text(&out.stderr).contains(says), "{}", text(&out.stderr));
    }

    // What-if: more budget is never worse, and is saved against its base.
    let out = listraf(
        &db,
        &[
            "whatif",
            "--run",
            &id,
            "--budget",
            "6000000000",
            "--time-limit",
            "5",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains(&format!("What-if terhadap run #{id}")), "{s}");
    assert!(s.contains("Perkiraan penempatan"), "{s}");
    let out = listraf(&db, &["whatif", "--run", &id, "--move", "garbage"]);
    assert!(!out.status.success());
    let out = listraf(&db, &["plans"]);
    assert!(out.status.success());
    let s = text(&out.stdout);
    assert!(s.contains("allocate") && s.contains("whatif"), "{s}");
}

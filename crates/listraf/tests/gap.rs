//! Black-box tests of `listraf gap`, `forecast` and `backtest` on a small demo database: the
//! tables print, the files hold every row with codes as text, and bad arguments are refused.

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

/// One small national demo database for the whole file (building it is the slow part).
#[test]
fn gap_forecast_and_backtest_run_on_the_demo_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = listraf(&db, &["demo", "--no-serve", "--scale", "0.05"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // The ranked table, for a province, by regency.
    let out = listraf(&db, &["gap", "--province", "32", "--limit", "5"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("Jawa Barat (32)"), "{s}");
    assert!(s.contains("G = (D − S) / (D + S)"), "{s}");
    let rows: Vec<&str> = s.lines().filter(|l| l.contains(" 32.")).collect();
    assert!(!rows.is_empty() && rows.len() <= 5, "{s}");
    assert!(text(&out.stderr).contains("duplicates counted once"));

    // A negative threshold is a clear refusal, not a parse error about an argument "-5".
    let out = listraf(&db, &["gap", "--thin", "-5"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--thin -5"),
        "{}",
        text(&out.stderr)
    );

    // CSV: every row, plain numbers, the same count as the table reports.
    let csv = dir.path().join("gap.csv");
    let out = listraf(&db, &["gap", "--level", "2", "-o", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let body = std::fs::read_to_string(&csv).unwrap();
    let mut lines = body.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("rank,region_code,region_name,isco,occupation,demand_positions")
    );
    let n = lines.count();
    assert!(text(&out.stdout).contains(&format!("{n} cells")), "{n}");
    assert!(!body.contains('\u{a0}') && !body.contains("Rp"));

    // XLSX: region and occupation codes are text cells, quantities numbers.
    let xlsx = dir.path().join("gap.xlsx");
    let out = listraf(
        &db,
        &[
            "gap",
            "--regency",
            "32.73",
            "--period",
            "2025-01..2025-12",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = wb.worksheet_range("gap").unwrap();
    let first = sheet
        .rows()
        .nth(1)
        .expect("at least one cell for Kota Bandung");
    assert_eq!(first[1], Data::String("32.73".into()));
    assert!(matches!(first[3], Data::String(_)));
    assert!(matches!(first[5], Data::Float(_)));
    assert!(wb.worksheet_range("notes").is_ok());

    // The forecast always prints both intervals.
    let out = listraf(&db, &["forecast", "--province", "32", "--horizon", "3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(
        s.contains("80 % interval") && s.contains("95 % interval"),
        "{s}"
    );
    assert_eq!(
        s.lines().filter(|l| l.starts_with("2026-")).count(),
        3,
        "{s}"
    );

    // A series with no demand at all is said to have none, not forecast as zero for sure.
    let out = listraf(&db, &["forecast", "--province", "31", "--isco", "0"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("no demand recorded"), "{s}");
    assert!(!s.contains("95 % interval"), "{s}");

    let out = listraf(&db, &["backtest"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("all series"));

    // Bad arguments are refused with a reason.
    let out = listraf(&db, &["gap", "--province", "32.73"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--regency"),
        "{}",
        text(&out.stderr)
    );
    let out = listraf(&db, &["gap", "--period", "2025-12..2025-01"]);
    assert!(!out.status.success());
    let out = listraf(&db, &["gap", "--isco", "99999"]);
    assert!(!out.status.success());

    // Matching on the same database: a person's best open vacancies with their score parts,
    // a placement recorded from one of them (once), and a vacancy's best candidates.
    let out = listraf(&db, &["match", "--person", "1", "-k", "5"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.starts_with("person 1 ("), "{s}");
    let rows: Vec<&str> = s.lines().filter(|l| l.contains(" occ ")).collect();
    assert!(!rows.is_empty() && rows.len() <= 5, "{s}");
    let scores: Vec<f64> = rows
        .iter()
        .map(|l| {
            let before = l.split("  occ ").next().unwrap();
            before.split_whitespace().last().unwrap().parse().unwrap()
        })
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
    let vacancy = rows[0].split_whitespace().nth(1).unwrap().to_string();
    let record = [
        "match",
        "--person",
        "1",
        "--record",
        &vacancy,
        "--start",
        "2026-01-05",
    ];
    let out = listraf(&db, &record);
    assert!(
        text(&out.stdout).starts_with("recorded placement"),
        "{}",
        text(&out.stdout)
    );
    let out = listraf(&db, &record);
    assert!(
        text(&out.stdout).starts_with("already recorded"),
        "{}",
        text(&out.stdout)
    );
    let out = listraf(&db, &["match", "--vacancy", &vacancy, "-k", "3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with(&format!("vacancy {vacancy}:")));
    let out = listraf(&db, &["match", "--person", "99999999"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no person with id 99999999"),
        "{}",
        text(&out.stderr)
    );
}

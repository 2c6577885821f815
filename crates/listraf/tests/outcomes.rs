//! Black-box tests of the outcome commands on a small hand-built database.

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

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn nik(i: usize) -> String {
    format!("3273010101900{i:03}")
}

/// BLK-A: cohort K1 (LAS-01, ended 2025-06-30) with 25 graduates; wave 6 (due 2025-12-30)
/// answered by 20 of them themselves, 12 employed, and by someone else for graduate 21.
/// BLK-B: cohort K2 with 3 graduates, all answered and employed (a cell too small to show).
fn build(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("t.db");
    let write = |name: &str, body: String| {
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        p
    };
    let blks = write(
        "blks.csv",
        "code,name,type,region_code\nBLK-A,UPTD BLK Bandung,UPTD,32.73\nBLK-B,UPTD BLK Garut,UPTD,32.05\n"
            .into(),
    );
    let mut cohorts = String::from(
        "cohort_code,blk_code,programme_code,start_date,end_date,nik,name,sex,status,certified,phone\n",
    );
    let mut tracer = String::from("nik,cohort_code,wave,response_date,status,respondent\n");
    for i in 1..=28 {
        let (code, blk, prog) = if i <= 25 {
            ("K1", "BLK-A", "LAS-01")
        } else {
            ("K2", "BLK-B", "TIK-01")
        };
        cohorts.push_str(&format!(
            "{code},{blk},{prog},2025-04-01,2025-06-30,{},Alumni {i},L,COMPLETED,ya,0812000000{i:02}\n",
            nik(i)
        ));
        let answer = match i {
            1..=12 | 26..=28 => Some(("WAGE_EMPLOYED", "SELF")),
            13..=20 => Some(("UNEMPLOYED", "SELF")),
            21 => Some(("WAGE_EMPLOYED", "PROXY")),
            _ => None,
        };
        if let Some((status, who)) = answer {
            tracer.push_str(&format!("{},{code},6,2025-12-31,{status},{who}\n", nik(i)));
        }
    }
    let cohorts = write("cohorts.csv", cohorts);
    let tracer = write("tracer.csv", tracer);
    for (entity, file) in [("blks", &blks), ("cohorts", &cohorts), ("tracer", &tracer)] {
        ok(listraf(&db, &["import", entity, file.to_str().unwrap()]));
    }
    db
}

#[test]
fn outcome_commands_report_rates_lists_scorecards_and_targets() {
    let dir = tempfile::tempdir().unwrap();
    let db = build(dir.path());

    // A wave the tracer study does not have is refused, naming the ones it has.
    let out = listraf(&db, &["outcomes", "--wave", "2"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("1, 3, 6, 12 months"),
        "{}",
        text(&out.stderr)
    );

    // Kebekerjaan by BLK: 12 of 20 traced, the proxy answer left out, BLK-B's cell suppressed.
    let csv_path = dir.path().join("by-blk.csv");
    ok(listraf(
        &db,
        &[
            "outcomes",
            "--by",
            "blk",
            "--wave",
            "6",
            "--date",
            "2026-01-15",
            "-o",
            csv_path.to_str().unwrap(),
        ],
    ));
    let mut r = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    let col =
        |row: &Vec<String>, name: &str| row[header.iter().position(|h| h == name).unwrap()].clone();
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(col(a, "key"), "BLK-A");
    assert_eq!(col(a, "graduates"), "25");
    assert_eq!(col(a, "traced"), "20");
    assert_eq!(col(a, "response_rate_pct"), "80.0");
    assert_eq!(col(a, "kebekerjaan_pct"), "60.0");
    assert_eq!(col(a, "ci95_low_pct"), "38.7");
    assert_eq!(col(a, "ci95_high_pct"), "78.1");
    assert_eq!(col(a, "proxy_or_unconfirmed"), "<5");
    let b = &rows[1];
    assert_eq!(col(b, "key"), "BLK-B");
    assert_eq!(col(b, "graduates"), "<5");
    assert_eq!(col(b, "kebekerjaan_pct"), "");

    // The due-list of the week of 2025-12-28: wave 6 falls due on 2025-12-30 for the four
    // graduates nobody answered for (21 has a proxy answer).
    let due_path = dir.path().join("due.csv");
    let out = ok(listraf(
        &db,
        &[
            "tracer",
            "due",
            "--blk",
            "BLK-A",
            "--date",
            "2025-12-28",
            "-o",
            due_path.to_str().unwrap(),
        ],
    ));
    assert!(out.contains("4 graduates due"), "{out}");
    let mut r = csv::Reader::from_path(&due_path).unwrap();
    let names: Vec<String> = r
        .records()
        .map(|x| x.unwrap().get(1).unwrap().to_string())
        .collect();
    assert_eq!(names, ["Alumni 22", "Alumni 23", "Alumni 24", "Alumni 25"]);
    let body = std::fs::read_to_string(&due_path).unwrap();
    assert!(
        body.contains("Halo Alumni 22, salam dari UPTD BLK Bandung."),
        "{body}"
    );
    // Names and telephone numbers left the database: on record.
    let recorded: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT object || ' ' || outcome FROM audit_events WHERE action = 'export'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(recorded, "tracer-due:BLK-A 4 rows");

    let rates = ok(listraf(
        &db,
        &["tracer", "rates", "--blk", "BLK-A", "--date", "2026-01-15"],
    ));
    assert!(
        rates.contains("6\t25\t21\t20\t1\t0\t80.0 %\t84.0 %"),
        "{rates}"
    );

    let card = ok(listraf(
        &db,
        &["scorecard", "--blk", "BLK-A", "--date", "2026-01-15"],
    ));
    assert!(
        card.contains("Kebekerjaan at 6 months: 60.0 % [38.7, 78.1] of 20 traced"),
        "{card}"
    );
    assert!(card.contains("certification       100.0 %"), "{card}");
    // Without --date the day is the data's latest (the tracer answers of 2025-12-31), as the
    // web pages measure, not today.
    let card = ok(listraf(&db, &["scorecard", "--blk", "BLK-A"]));
    assert!(card.contains("as of 2025-12-31"), "{card}");
    assert!(
        card.contains("Kebekerjaan at 6 months: 60.0 % [38.7, 78.1] of 20 traced"),
        "{card}"
    );

    // Targets through the import path, then the framework for 2025.
    let targets = dir.path().join("targets.csv");
    std::fs::write(
        &targets,
        "indicator,level,area_code,year,project_year,target\nGRADUATES,NATIONAL,,2025,1,40\nKEBEKERJAAN,NATIONAL,,2025,1,55%\n",
    )
    .unwrap();
    let out = ok(listraf(
        &db,
        &["targets", "import", targets.to_str().unwrap()],
    ));
    assert!(out.contains("2 inserted"), "{out}");
    let out = ok(listraf(
        &db,
        &["import", "targets", targets.to_str().unwrap()],
    ));
    assert!(out.contains("already imported"), "{out}");
    let fw = ok(listraf(
        &db,
        &["targets", "--year", "2025", "--date", "2026-02-01"],
    ));
    assert!(
        fw.contains("Nasional\tIndonesia\tLulusan\tyear 1\t40\t28\t70.0 %\t28\tyear complete\tno"),
        "{fw}"
    );
    assert!(
        fw.contains("Tingkat kebekerjaan\tyear 1\t55.0 %\t65.2 %"),
        "{fw}"
    );
}

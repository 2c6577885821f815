//! Black-box tests of `listraf potential` on a small demo database: the table prints with its
//! leading sectors and occupations, the CSV files hold every row, and bad arguments are refused.

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

/// One small demo database for the whole file (building it is the slow part).
#[test]
fn potential_prints_sectors_leading_sectors_and_occupations_of_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = listraf(&db, &["demo", "--no-serve", "--scale", "0.02"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The demo imports the synthetic indicators with everything else.
    assert!(
        text(&out.stderr).contains("indicators: 53970 rows"),
        "{}",
        text(&out.stderr)
    );

    let out = listraf(&db, &["potential", "--regency", "32.16"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(
        s.contains("Regional potential of Kabupaten Bekasi (32.16), 2021–2025, against Indonesia"),
        "{s}"
    );
    // Every category A–U has a row; manufacturing leads in Bekasi.
    let is_sector = |l: &&str| {
        let b = l.as_bytes();
        b.len() > 4
            && matches!(b[0], b'*' | b' ')
            && b[1] == b' '
            && b[2].is_ascii_uppercase()
            && b[3] == b' '
    };
    let rows: Vec<&str> = s.lines().filter(is_sector).collect();
    assert_eq!(rows.len(), 21, "{s}");
    assert!(s.contains("* C Industri Pengolahan"), "{s}");
    assert!(
        s.contains("Leading sectors (sektor unggulan): C Industri Pengolahan"),
        "{s}"
    );
    // Occupation demand from the bridge, with KBJI titles.
    assert!(s.contains("Expected additional workers a year"), "{s}");
    assert!(s.contains("Operator Mesin"), "{s}");

    // Against the province, for an explicit window.
    let out = listraf(
        &db,
        &[
            "potential",
            "--regency",
            "32.16",
            "--province",
            "32",
            "--reference",
            "province",
            "--year",
            "2024",
            "--from",
            "2022",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("2022–2024, against Jawa Barat (32)"), "{s}");

    // CSV: 21 sectors, and every occupation beside it.
    let csv = dir.path().join("bekasi.csv");
    let out = listraf(
        &db,
        &[
            "potential",
            "--regency",
            "32.16",
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let body = std::fs::read_to_string(&csv).unwrap();
    let mut lines = body.lines();
    assert!(lines.next().unwrap().starts_with(
        "region_code,reference,first_year,last_year,kbli_category,title,grdp_idr_billion,share"
    ));
    let sectors: Vec<&str> = lines.collect();
    assert_eq!(sectors.len(), 21);
    assert!(
        sectors
            .iter()
            .any(|l| l.starts_with("32.16,ID,2021,2025,C,Industri Pengolahan,"))
    );
    let occupations = std::fs::read_to_string(dir.path().join("bekasi.occupations.csv")).unwrap();
    assert!(
        occupations
            .starts_with("region_code,first_year,last_year,isco08,occupation,workers_per_year")
    );
    assert!(occupations.lines().count() > 100, "{occupations}");

    // A province, against the nation.
    let out = listraf(&db, &["potential", "--province", "64"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("* B Pertambangan dan Penggalian"));

    // Refusals name the fix.
    for (args, needle) in [
        (&["potential", "--regency", "32"][..], "use --province 32"),
        (
            &["potential", "--regency", "32.16", "--province", "33"][..],
            "does not lie in",
        ),
        (
            &["potential", "--province", "32", "--reference", "province"][..],
            "compared with the nation",
        ),
        (
            &["potential", "--regency", "32.16", "--year", "2030"][..],
            "no regional indicators for 32.16 in 2030",
        ),
        (&["potential"][..], "give --regency"),
    ] {
        let out = listraf(&db, args);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            text(&out.stderr).contains(needle),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }

    // A database without indicators says how to get them.
    let empty = dir.path().join("empty.db");
    let out = listraf(&empty, &["potential", "--regency", "32.16"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("listraf import indicators"),
        "{}",
        text(&out.stderr)
    );
}

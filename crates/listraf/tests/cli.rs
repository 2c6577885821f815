//! Black-box tests of the `listraf` binary: messages, exit codes and files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn listraf(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_listraf"))
        .args(args)
        .env_remove("LISTRAF_DATABASE")
        .output()
        .unwrap()
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pipeline/tests/data")
        .join(name)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn template_goes_to_stdout_with_a_header_and_an_example() {
    let out = listraf(&["import", "--template", "vacancies"]);
    assert!(out.status.success());
    let t = text(&out.stdout);
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("source,source_id,title,"));
    assert!(lines[1].starts_with("karirhub,KH-2025-000123,Tukang Las SMAW,"));
}

#[test]
fn xlsx_template_keeps_niks_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pencaker.xlsx");
    let out = listraf(&[
        "import",
        "--template",
        "job-seekers",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The template imports as it is: its NIK cell is text, not a number.
    let db = dir.path().join("t.db");
    let out = listraf(&[
        "--db",
        db.to_str().unwrap(),
        "import",
        "job-seekers",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1 inserted"));
}

#[test]
fn a_refused_file_exits_3_and_names_file_line_column_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let out = listraf(&[
        "--db",
        db.to_str().unwrap(),
        "import",
        "job-seekers",
        corpus("job-seekers-bad-nik.csv").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains("job-seekers-bad-nik.csv:3: column nik: NIK must have 16 digits; found 15"),
        "{err}"
    );
    assert!(err.contains("refused: 3 of 4 rows have problems"), "{err}");
    let out = listraf(&["--db", db.to_str().unwrap(), "batches"]);
    assert_eq!(
        text(&out.stdout).lines().count(),
        1,
        "a refused file left a batch behind"
    );
}

#[test]
fn a_file_with_missing_columns_is_refused_for_its_header_not_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let file = dir.path().join("pencari.csv");
    std::fs::write(&file, "nama,nik,foo\nBudi,3273010101900001,1\n").unwrap();
    let out = listraf(&[
        "--db",
        db.to_str().unwrap(),
        "import",
        "job-seekers",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains("pencari.csv:1: column sex: required column \"sex\" is missing"),
        "{err}"
    );
    assert!(
        err.contains("pencari.csv: refused: the header (line 1) has 4 problems; no row was read"),
        "{err}"
    );
    assert!(!err.contains("--skip-invalid"), "{err}");
    let out = listraf(&["--db", db.to_str().unwrap(), "batches"]);
    assert_eq!(
        text(&out.stdout).lines().count(),
        1,
        "a refused file left a batch"
    );
}

#[test]
fn import_then_reimport_then_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let file = corpus("job-seekers-ok.csv");
    let out = listraf(&[
        "--db",
        db.to_str().unwrap(),
        "import",
        "job-seekers",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("5 inserted, 0 updated, 0 unchanged, 0 rejected"));
    let out = listraf(&[
        "--db",
        db.to_str().unwrap(),
        "import",
        "job-seekers",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("already imported as batch #1"));
    let out = listraf(&["--db", db.to_str().unwrap(), "export", "job-seekers"]);
    let csv = text(&out.stdout);
    assert_eq!(csv.lines().count(), 6);
    assert!(csv.contains("************0003") && !csv.contains("3273014508950003"));
    // Who took the people out, and how many, is on record.
    let exports: Vec<(String, String, String)> = rusqlite::Connection::open(&db)
        .unwrap()
        .prepare("SELECT actor, object, outcome FROM audit_events WHERE action = 'export'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // Recorded before the first row leaves, and again with the count once all have.
    let row = |outcome: &str| {
        (
            "cli".to_string(),
            "job-seekers".to_string(),
            outcome.to_string(),
        )
    };
    assert_eq!(exports, [row("started"), row("5 rows")]);
}

#[test]
fn usage_errors_and_unknown_entities_have_distinct_exit_codes() {
    assert_eq!(listraf(&[]).status.code(), Some(2));
    let out = listraf(&["import", "lowongan-kerja", "x.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("unknown entity \"lowongan-kerja\""));
    let out = listraf(&["--db", "/nonexistent/dir/x.db", "migrate"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("does not exist"));
}

#[test]
fn a_database_from_a_newer_listraf_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    assert!(
        listraf(&["--db", db.to_str().unwrap(), "migrate"])
            .status
            .success()
    );
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("INSERT INTO schema_migrations VALUES (999, 'future', 'x')")
        .unwrap();
    let out = listraf(&["--db", db.to_str().unwrap(), "migrate"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("schema version 999"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn demo_builds_a_small_national_database_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    // While another build holds the lock, a second one refuses to start and writes nothing.
    let lock = dir.path().join("demo.db.lock");
    std::fs::write(&lock, "").unwrap();
    let out = listraf(&["--db", db.to_str().unwrap(), "demo", "--no-serve"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("another `listraf demo`"),
        "{}",
        text(&out.stderr)
    );
    assert!(!db.exists() && !dir.path().join("demo.db.building").exists());
    std::fs::remove_file(&lock).unwrap();
    let out = listraf(&[
        "--db",
        db.to_str().unwrap(),
        "demo",
        "--no-serve",
        "--scale",
        "0.02",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("built"), "{s}");
    assert!(db.exists() && !dir.path().join("demo.db.building").exists());
    assert!(!lock.exists(), "the lock is released");
    let out = listraf(&["--db", db.to_str().unwrap(), "demo", "--no-serve"]);
    assert!(text(&out.stdout).contains("exists already"));
    let out = listraf(&["--db", db.to_str().unwrap(), "batches"]);
    // A header line, then one batch per entity (seven, with the regional indicators), and the
    // proposed targets.
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 9, "one batch per entity: {lines:?}");
    assert!(lines[1].contains("targets"), "the targets last: {lines:?}");
    // Targets export in the import's own columns, and import back unchanged (kebekerjaan
    // written as 0.705 stays a fraction, not seven hundred and five).
    let exported = dir.path().join("targets.csv");
    let out = listraf(&[
        "--db",
        db.to_str().unwrap(),
        "export",
        "targets",
        "-o",
        exported.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let body = std::fs::read_to_string(&exported).unwrap();
    assert!(body.starts_with("indicator,level,area_code,year,project_year,target\n"));
    let rows = body.lines().count() - 1;
    assert!(rows > 0);
    let out = listraf(&[
        "--db",
        db.to_str().unwrap(),
        "import",
        "targets",
        exported.to_str().unwrap(),
    ]);
    let report = text(&out.stdout) + &text(&out.stderr);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains(&format!("0 inserted, 0 updated, {rows} unchanged")),
        "{report}"
    );
}

#[test]
fn code_writes_every_input_column_plus_the_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("coded.csv");
    let out = listraf(&[
        "code",
        corpus("vacancies-uncoded.csv").to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("4 ads"), "{}", text(&out.stderr));
    let mut r = csv::Reader::from_path(&out_path).unwrap();
    let h: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    for col in [
        "source",
        "source_id",
        "title",
        "employer",
        "isco08_unit",
        "isco_title",
        "kbji_title",
        "isco_confidence",
        "isco_evidence",
        "skills",
        "region_code",
        "duplicate_cluster",
    ] {
        assert!(h.iter().any(|x| x == col), "missing {col}: {h:?}");
    }
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let get =
        |row: usize, col: &str| rows[row][h.iter().position(|x| x == col).unwrap()].to_string();
    assert_eq!(get(0, "isco08_unit"), "7212");
    assert_eq!(get(0, "isco_title"), "Welders and flamecutters");
    assert_eq!(get(0, "kbji_title"), "Pekerja Pengelasan");
    assert_eq!(get(3, "kbji_title"), "");
    assert_eq!(get(0, "region_code"), "32.16");
    assert_eq!(get(0, "duplicate_cluster"), get(1, "duplicate_cluster"));
    assert_eq!(get(3, "isco08_unit"), "");
    assert!(get(3, "isco_evidence").starts_with("uncoded"));
}

#[test]
fn coding_a_coded_file_replaces_its_code_columns() {
    let dir = tempfile::tempdir().unwrap();
    let once = dir.path().join("once.csv");
    let twice = dir.path().join("twice.csv");
    for (input, output) in [
        (corpus("vacancies-uncoded.csv"), once.clone()),
        (once.clone(), twice.clone()),
    ] {
        let out = listraf(&[
            "code",
            input.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let header = |p: &std::path::Path| -> Vec<String> {
        let mut r = csv::Reader::from_path(p).unwrap();
        r.headers().unwrap().iter().map(String::from).collect()
    };
    let h = header(&twice);
    assert_eq!(h, header(&once));
    assert_eq!(h.iter().filter(|x| *x == "isco08_unit").count(), 1);
    assert_eq!(
        std::fs::read_to_string(&once).unwrap(),
        std::fs::read_to_string(&twice).unwrap()
    );
}

/// Runs `listraf code` on a CSV text with extra arguments; the output's header and rows.
fn code_csv(body: &str, args: &[&str]) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let (header, rows, _) = code_csv_saying(body, args);
    (header, rows)
}

/// [`code_csv`], and what the command said on stderr.
fn code_csv_saying(
    body: &str,
    args: &[&str],
) -> (csv::StringRecord, Vec<csv::StringRecord>, String) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ads.csv");
    let output = dir.path().join("coded.csv");
    std::fs::write(&input, body).unwrap();
    let mut all = vec![
        "code",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let out = listraf(&all);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut r = csv::Reader::from_path(&output).unwrap();
    let header = r.headers().unwrap().clone();
    let rows = r.records().map(|x| x.unwrap()).collect();
    (header, rows, text(&out.stderr))
}

#[test]
fn code_says_how_many_blank_rows_it_left_out() {
    let (_, rows, stderr) = code_csv_saying(
        "title,location\nKasir,Bandung\n,\n , \nSopir,Bekasi\n,Bogor\n",
        &[],
    );
    assert!(stderr.contains("2 blank row(s) of"), "{stderr}");
    // A row with a location and no title is no blank row: it is written, uncoded.
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[2][1], "Bogor");
}

#[test]
fn code_refuses_a_file_whose_rows_are_broken_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    for (name, body, says) in [
        (
            "wide.csv",
            "title,location\nKasir,Bandung\nSales,Bekasi,2,3\n",
            "wide.csv:3",
        ),
        (
            "quote.csv",
            "title,location\nKasir,Bandung\n\"Unclosed,Bandung\nSales,Bekasi\nAdmin,Bogor\n",
            "never closed",
        ),
    ] {
        let input = dir.path().join(name);
        std::fs::write(&input, body).unwrap();
        let output = dir.path().join("out.csv");
        let out = listraf(&[
            "code",
            input.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ]);
        assert!(!out.status.success(), "{name}");
        assert!(text(&out.stderr).contains(says), "{}", text(&out.stderr));
    }
}

#[test]
fn code_reads_an_ads_category_and_function_columns_as_its_context() {
    // Loker.id's column names: the category, subcategory and function of each ad are read
    // with its title, and say what a generic title leaves open.
    let (h, rows) = code_csv(
        "title,category,subcategory,function,location\n\
         Staff Operasional,,,,Jakarta Barat\n\
         Staff Operasional,Akuntansi,Akuntansi Finansial,Staff Accounting,Jakarta Barat\n\
         Marketing,Sales / Penjualan,Konsultan Penjualan,Sales Canvasser,Bandung Kota\n",
        &["--profile", "indonesia"],
    );
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (unit, evidence) = (col("isco08_unit"), col("isco_evidence"));
    assert_eq!(&rows[0][unit], "4110");
    assert_eq!(&rows[1][unit], "3313");
    assert_eq!(&rows[2][unit], "3322");
    assert!(
        rows[2][evidence].starts_with("the rest of the ad (the title alone points to 2431)"),
        "{}",
        &rows[2][evidence]
    );
}

#[test]
fn code_reads_a_portals_skill_tags_for_skills_but_not_its_category() {
    // The mixed portals' columns: a title, a category and the portal's skill tags.
    let (h, rows) = code_csv(
        "Title,Kategori,Skills\n\
         Marketing Consultant Officer,Penjualan dan Pemasaran,\"Negosiasi dan Marketing, Komunikasi\"\n\
         IT Project Intern,It And Engineering,\n",
        &[],
    );
    // The output's `skills`; the input's `Skills` is kept beside it.
    let skills = h.iter().position(|x| x == "skills").unwrap();
    let found: Vec<&str> = rows[0][skills].split(';').collect();
    assert!(
        found.contains(&"negotiation") && found.contains(&"communication"),
        "{found:?}"
    );
    // "It And Engineering" is a department, not a skill the job asks for.
    assert_eq!(&rows[1][skills], "", "{:?}", &rows[1]);
    // A source's column written exactly "skills" is read too, and kept as "skills_input".
    let (h, rows) = code_csv(
        "title,skills\nMarketing Consultant Officer,\"Negosiasi dan Marketing, Komunikasi\"\n",
        &[],
    );
    let kept = h.iter().position(|x| x == "skills_input").expect("kept");
    assert_eq!(&rows[0][kept], "Negosiasi dan Marketing, Komunikasi");
    let skills = h.iter().position(|x| x == "skills").unwrap();
    assert!(rows[0][skills].contains("negotiation"), "{:?}", &rows[0]);
}

#[test]
fn code_reads_english_titles_placed_in_indonesia_as_indonesian_ads() {
    // Sixty English titles, as Dealls writes them: without places they read as foreign
    // vacancies; placed in Indonesian regencies they are Indonesian ads.
    let dir = tempfile::tempdir().unwrap();
    let titles = [
        "Key Account Manager",
        "Inside Sales",
        "Software Engineer",
        "Graphic Designer",
        "Accountant",
        "Data Analyst",
    ];
    let places = [
        "Jakarta Selatan",
        "Kota Bandung",
        "KAB. SEMARANG",
        "Surabaya",
    ];
    let mut unplaced = String::from("title\n");
    let mut placed = String::from("title,location\n");
    for i in 0..60 {
        let t = titles[i % titles.len()];
        unplaced.push_str(&format!("{t}\n"));
        placed.push_str(&format!("{t},{}\n", places[i % places.len()]));
    }
    let run = |name: &str, body: &str| {
        let input = dir.path().join(format!("{name}.csv"));
        let output = dir.path().join(format!("{name}-coded.csv"));
        std::fs::write(&input, body).unwrap();
        let out = listraf(&[
            "code",
            input.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let first: Vec<String> = csv::Reader::from_path(&output)
            .unwrap()
            .records()
            .take(2)
            .map(|x| x.unwrap()[if name == "placed" { 2 } else { 1 }].to_string())
            .collect();
        (text(&out.stderr), first)
    };
    let (err, unplaced_units) = run("unplaced", &unplaced);
    assert!(
        err.contains("coder profile: international (0.0 % of the titles carry Indonesian words"),
        "{err}"
    );
    let (err, placed_units) = run("placed", &placed);
    assert!(
        err.contains(
            "coder profile: indonesia (100.0 % of the ads naming a place are placed in Indonesia"
        ),
        "{err}"
    );
    // The Indonesian profile's key account managers and inside sales staff sell.
    assert_eq!(placed_units, ["3322", "3322"]);
    assert_ne!(unplaced_units, placed_units);
}

#[test]
fn code_uses_the_indonesian_profile_unless_told_and_names_its_choice() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ads.csv");
    std::fs::write(&input, "title\nKey Account Manager\nInside Sales\n").unwrap();
    let code = |profile: Option<&str>| {
        let output = dir
            .path()
            .join(format!("out-{}.csv", profile.unwrap_or("auto")));
        let mut args = vec![
            "code",
            input.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ];
        if let Some(p) = profile {
            args.extend(["--profile", p]);
        }
        let out = listraf(&args);
        let units: Vec<String> = csv::Reader::from_path(&output)
            .map(|mut r| r.records().map(|x| x.unwrap()[1].to_string()).collect())
            .unwrap_or_default();
        (out, units)
    };
    // Two titles are too few to tell: the product's default, said on stderr.
    let (out, auto) = code(None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("coder profile: indonesia"),
        "{}",
        text(&out.stderr)
    );
    // Indonesian ads' key account managers and inside sales staff sell (3322, as the project's
    // Indonesian codings have them); the Malaysian labels make such titles managers.
    assert_eq!(auto, ["3322", "3322"]);
    let (out, intl) = code(Some("international"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("coder profile"));
    assert_ne!(intl, auto);
    let (out, _) = code(Some("klingon"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("expected auto, indonesia or international"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn eval_coder_measures_a_gold_file_and_writes_every_title_as_coded() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.csv");
    // Four titles the coder knows, one gold code that is wrong on purpose ("Barista" is no
    // welder), one row without a code (skipped, not counted).
    std::fs::write(
        &gold,
        "judul,kode\nKasir,5230\nOffice Boy,9112\nTukang Las,7212\nBarista,7212\nPerawat,\n",
    )
    .unwrap();
    let rows = dir.path().join("rows.csv");
    let out = listraf(&[
        "eval-coder",
        gold.to_str().unwrap(),
        "--title-col",
        "judul",
        "--code-col",
        "kode",
        "--rows",
        rows.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("shipped coder (indonesia): n=4 "),
        "{stdout}"
    );
    assert!(stdout.contains("4-digit=0.750"), "{stdout}");
    let mut r = csv::Reader::from_path(&rows).unwrap();
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "measurement",
            "title",
            "gold",
            "predicted",
            "confidence",
            "coded",
            "correct_4",
            "list_title"
        ]
    );
    let mut by_title: Vec<(String, String, String)> = r
        .records()
        .map(|x| {
            let x = x.unwrap();
            (x[1].to_string(), x[3].to_string(), x[6].to_string())
        })
        .collect();
    by_title.sort();
    assert_eq!(
        by_title,
        [
            ("Barista".into(), "5132".into(), "0".into()),
            ("Kasir".into(), "5230".into(), "1".into()),
            ("Office Boy".into(), "9112".into(), "1".into()),
            ("Tukang Las".into(), "7212".into(), "1".into()),
        ]
    );
    // A code column the file lacks: no figures, a message naming the file and column.
    let out = listraf(&[
        "eval-coder",
        gold.to_str().unwrap(),
        "--title-col",
        "judul",
        "--code-col",
        "isco",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("gold.csv") && err.contains("isco"), "{err}");
}

#[test]
fn recode_after_an_import_finds_nothing_to_change_and_a_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    let file = corpus("vacancies-uncoded.csv");
    let out = listraf(&["--db", db, "import", "vacancies", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The binary that imported is the binary recoding: every code is already its own.
    for args in [
        &["--db", db, "recode", "--dry-run"][..],
        &["--db", db, "recode"],
    ] {
        let out = listraf(args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let t = text(&out.stdout);
        assert!(
            t.contains("4 vacancies without a source code examined"),
            "{t}"
        );
        assert!(
            t.contains("newly coded 0, now uncoded 0, another code 0, new confidence only 0"),
            "{t}"
        );
    }
    let out = listraf(&["--db", db, "batches"]);
    let t = text(&out.stdout);
    assert_eq!(t.lines().count(), 2, "one import, no recode batch: {t}");
}

#[test]
fn review_codes_a_title_by_hand_and_withdraws_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    let file = corpus("vacancies-uncoded.csv");
    let out = listraf(&["--db", db, "import", "vacancies", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let queue = |db: &str| text(&listraf(&["--db", db, "review", "queue"]).stdout);
    let q = queue(db);
    let lines: Vec<&str> = q.lines().collect();
    assert!(
        lines[0].starts_with("expected_wrong\tads\tuncoded\ttitle_key"),
        "{q}"
    );
    // The uncoded gibberish leads; the welder's two ads (one cluster) are one title.
    assert!(lines[1].starts_with("1.0\t1\t1\txqzv blorft\t"), "{q}");
    assert!(q.contains("\t1\t0\ttukang las\tTukang Las\t7212×1"), "{q}");

    let out = listraf(&["--db", db, "review", "set", "Tukang Las", "72"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not an ISCO-08 unit group"));
    let out = listraf(&[
        "--db",
        db,
        "review",
        "set",
        "Tukang Las",
        "7214",
        "--note",
        "konstruksi baja",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .starts_with("\"tukang las\" → 7214: 2 vacancies and 0 job seekers' wishes changed"),
        "{}",
        text(&out.stdout)
    );
    assert!(!queue(db).contains("tukang las"));
    let list = text(&listraf(&["--db", db, "review", "list"]).stdout);
    assert!(
        list.contains("tukang las\tTukang Las\t7214\t1\tcli\t"),
        "{list}"
    );
    assert!(list.trim_end().ends_with("konstruksi baja"), "{list}");

    let out = listraf(&["--db", db, "review", "withdraw", "TUKANG LAS (Bekasi)"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .contains("2 vacancies and 0 job seekers' wishes coded by the coder again")
    );
    assert!(queue(db).contains("tukang las"));
    let out = listraf(&["--db", db, "review", "withdraw", "Tukang Las"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("has no review"));

    // A file of reviews: a bad row refuses it whole (exit 3), naming file, line and column.
    let bad = dir.path().join("reviews.csv");
    std::fs::write(&bad, "title,isco08\nTukang Las,7214\nStaff Admin,41\n").unwrap();
    let out = listraf(&["--db", db, "review", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains("reviews.csv:3: column isco08: 41 is a group"),
        "{err}"
    );
    assert!(!queue(db).is_empty() && queue(db).contains("tukang las"));
    std::fs::write(&bad, "title,isco08\nTukang Las,7214\nStaff Admin,\n").unwrap();
    let out = listraf(&["--db", db, "review", "import", bad.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("1 titles with a code (1 rows without one skipped): 1 reviews new or changed, 2 vacancies and 0 job seekers' wishes changed"),
        "{}",
        text(&out.stdout)
    );
    assert!(!queue(db).contains("tukang las"));

    // One ad on its own: vacancy 2 is the welder's re-post.
    let out = listraf(&["--db", db, "review", "ad", "2", "7212", "--note", "pipa"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("vacancy 2 → 7212 (batch"),
        "{}",
        text(&out.stdout)
    );
    let out = listraf(&["--db", db, "review", "ad-withdraw", "2"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = listraf(&["--db", db, "review", "ad-withdraw", "2"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("has no code of its own"));
    let out = listraf(&["--db", db, "review", "ad", "99", "7212"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no such vacancy"));

    // `listraf code --reviews` gives the reviewed title its reviewer's code, as imports do;
    // without the flag the file is the coder's alone.
    let coded = dir.path().join("coded.csv");
    let code = |extra: &[&str]| {
        let mut args = vec![
            "--db",
            db,
            "code",
            file.to_str().unwrap(),
            "-o",
            coded.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let out = listraf(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let mut r = csv::Reader::from_path(&coded).unwrap();
        let h: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let col = |name: &str| h.iter().position(|x| x == name).unwrap();
        let rows: Vec<(String, String, String)> = r
            .records()
            .map(|x| x.unwrap())
            .map(|x| {
                (
                    x[col("isco08_unit")].to_string(),
                    x[col("isco_basis")].to_string(),
                    x[col("isco_confidence")].to_string(),
                )
            })
            .collect();
        (rows, text(&out.stderr))
    };
    let (plain, _) = code(&[]);
    assert_eq!(
        (plain[0].0.as_str(), plain[0].1.as_str()),
        ("7212", "coded")
    );
    let (reviewed, report) = code(&["--reviews"]);
    assert_eq!(
        reviewed[0],
        ("7214".to_string(), "reviewed".to_string(), String::new())
    );
    assert_eq!(reviewed[1].1, "reviewed", "the re-post is the same title");
    assert_eq!(reviewed[2..], plain[2..], "other titles are the coder's");
    assert!(
        report.contains("2 by the occupation review's 1 titles"),
        "{report}"
    );
    let missing = dir.path().join("missing.db");
    let out = listraf(&[
        "--db",
        missing.to_str().unwrap(),
        "code",
        file.to_str().unwrap(),
        "-o",
        coded.to_str().unwrap(),
        "--reviews",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no database at"),
        "{}",
        text(&out.stderr)
    );
    assert!(!missing.exists(), "no empty database is left behind");
}

/// `listraf export … | head -1`: the reader leaves after one line, and the export ends
/// quietly, as a Unix tool does, with no error about a broken pipe.
#[cfg(unix)]
#[test]
fn output_piped_into_a_reader_that_leaves_early_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seekers.csv");
    let db = dir.path().join("t.db");
    let (file_s, db_s) = (file.to_str().unwrap(), db.to_str().unwrap());
    let out = listraf(&["synth", "job-seekers", "--rows", "3000", "-o", file_s]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = listraf(&["--db", db_s, "import", "job-seekers", file_s]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut child = Command::new(env!("CARGO_BIN_EXE_listraf"))
        .args(["--db", db_s, "export", "job-seekers"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("nik_masked,"), "{first}");
    // The reader is gone (dropped above) before the export's 3,000 rows are written.
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() || out.status.signal() == Some(libc_sigpipe()),
        "{:?}",
        out.status
    );
    assert_eq!(text(&out.stderr), "");
}

/// SIGPIPE's number on Linux and the BSDs.
#[cfg(unix)]
fn libc_sigpipe() -> i32 {
    13
}

#[test]
fn a_backup_is_a_checked_copy_that_restores_the_database_and_never_replaces_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("listraf.db");
    let db = db.to_str().unwrap();
    let file = corpus("job-seekers-ok.csv");
    let out = listraf(&["--db", db, "import", "job-seekers", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A writer holds the database open in WAL mode, with its last commit still in the WAL:
    // the backup has it all the same.
    let holder = rusqlite::Connection::open(db).unwrap();
    holder
        .execute_batch(
            "PRAGMA wal_autocheckpoint = 0; INSERT INTO settings (key, value) VALUES ('probe', 'in the WAL');",
        )
        .unwrap();
    assert!(std::fs::metadata(format!("{db}-wal")).unwrap().len() > 0);
    let backup = dir.path().join("listraf-2026-12-02.db");
    let backup = backup.to_str().unwrap();
    let out = listraf(&["--db", db, "backup", backup]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("passes the integrity and foreign-key checks"),
        "{said}"
    );
    assert!(said.contains("job seekers 5,"), "{said}");
    let export = |db: &str| {
        let out = listraf(&["--db", db, "export", "job-seekers"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    assert_eq!(export(backup), export(db));
    let probe: String = rusqlite::Connection::open(backup)
        .unwrap()
        .query_row("SELECT value FROM settings WHERE key = 'probe'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(probe, "in the WAL");
    // The NIK key came along: the same people, in a file the copy has not seen, are found
    // there and nobody is registered twice.
    let again = dir.path().join("again.csv");
    let mut body = std::fs::read(&file).unwrap();
    body.extend_from_slice(b"\n");
    std::fs::write(&again, body).unwrap();
    let out = listraf(&[
        "--db",
        backup,
        "import",
        "job-seekers",
        again.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("0 inserted, 0 updated, 5 unchanged"),
        "{}",
        text(&out.stdout)
    );

    // Never over an existing file, which is left as it was.
    let before = std::fs::read(backup).unwrap();
    let out = listraf(&["--db", db, "backup", backup]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("exists already"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(backup).unwrap(), before);

    // No half-written file is left beside it, and the copy records that it was taken.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("partial")), "{names:?}");
    let taken: String = rusqlite::Connection::open(backup)
        .unwrap()
        .query_row(
            "SELECT object FROM audit_events WHERE action = 'export' AND object LIKE 'backup:%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(taken.ends_with("listraf-2026-12-02.db"), "{taken}");

    // A mistyped source is not a database to back up: nothing is created, neither the
    // source nor the backup. Nor is a folder, or a file in a folder that does not exist.
    let missing = dir.path().join("listraf-typo.db");
    let nowhere = dir.path().join("never.db");
    let out = listraf(&[
        "--db",
        missing.to_str().unwrap(),
        "backup",
        nowhere.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("does not exist"),
        "{}",
        text(&out.stderr)
    );
    assert!(!missing.exists() && !nowhere.exists());
    let folder = format!("{}/", dir.path().join("folder").display());
    let in_missing = dir.path().join("no-such-folder").join("b.db");
    for target in [folder.as_str(), in_missing.to_str().unwrap()] {
        let out = listraf(&["--db", db, "backup", target]);
        assert!(!out.status.success(), "{target}");
        let said = text(&out.stderr);
        assert!(said.contains("folder"), "{target}: {said}");
    }
    assert!(!dir.path().join("folder").exists());

    // Restoring is the same command the other way, into a fresh file.
    drop(holder);
    let restored = dir.path().join("restored.db");
    let restored = restored.to_str().unwrap();
    let out = listraf(&["--db", backup, "backup", restored]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(export(restored), export(db));
}

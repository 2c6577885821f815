//! The import contract users rely on, file by file from the bad-file corpus in `tests/data`.

use std::path::{Path, PathBuf};

use domain::Scope;
use ingest::Entity;
use pipeline::{ImportOptions, ImportReport, Outcome, import_file};
use sha2::{Digest, Sha256};
use store::Store;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

struct Db {
    dir: tempfile::TempDir,
    store: Store,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db").display().to_string()).unwrap();
        Db { dir, store }
    }

    fn import_with(&mut self, entity: Entity, file: &Path, opts: &ImportOptions) -> ImportReport {
        import_file(
            &mut self.store,
            &Scope::Central,
            entity,
            file,
            opts,
            &mut |_, _| {},
        )
        .unwrap()
    }

    fn import(&mut self, entity: Entity, name: &str) -> ImportReport {
        self.import_with(
            entity,
            &data(name),
            &ImportOptions {
                actor: "test".into(),
                ..Default::default()
            },
        )
    }

    /// SHA-256 of the database file once the WAL has been folded in.
    fn checksum(&mut self) -> String {
        self.store.checkpoint().unwrap();
        let bytes = std::fs::read(self.dir.path().join("t.db")).unwrap();
        let wal = self.dir.path().join("t.db-wal");
        assert!(!wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0);
        format!("{:x}", Sha256::digest(bytes))
    }

    fn export(&mut self, entity: &str) -> String {
        let mut out = Vec::new();
        pipeline::export_csv(&mut self.store, &Scope::Central, "test", entity, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }
}

fn committed(r: &ImportReport) -> &store::BatchSummary {
    match &r.outcome {
        Outcome::Committed(s) => s,
        other => panic!(
            "expected a committed import, got {other:?}: {:?}",
            r.problems
        ),
    }
}

/// Asserts the file was refused with a problem at `line` in `column` whose reason mentions
/// `needle`, and that the database did not change by a single byte.
fn assert_refused(entity: Entity, file: &str, line: usize, column: &str, needle: &str) {
    let mut db = Db::new();
    committed(&db.import(Entity::Blks, "blks.csv"));
    let before = db.checksum();
    let r = db.import(entity, file);
    assert_eq!(r.outcome, Outcome::Refused, "{file}");
    let hit = r
        .problems
        .iter()
        .find(|p| p.line == line && p.column == column);
    let p = hit.unwrap_or_else(|| {
        panic!(
            "{file}: no problem at line {line} column {column}: {:#?}",
            r.problems
        )
    });
    assert_eq!(p.file, file);
    assert!(
        p.reason.contains(needle),
        "{file}:{line} {column}: {:?} lacks {needle:?}",
        p.reason
    );
    assert_eq!(
        db.checksum(),
        before,
        "{file}: the database changed after a refused import"
    );
}

#[test]
fn a_good_semicolon_file_with_indonesian_headers_imports() {
    let mut db = Db::new();
    let s = committed(&db.import(Entity::JobSeekers, "job-seekers-ok.csv")).clone();
    assert_eq!((s.inserted, s.total), (5, 5));
    let out = db.export("job-seekers");
    assert!(
        out.contains("************0003,Siti Rahmawati,P,1995-08-05,32.73,SMK,7212"),
        "{out}"
    );
    assert!(out.contains("7231;7233"));
}

#[test]
fn bad_niks_are_rejected_with_a_fix_it_message() {
    assert_refused(
        Entity::JobSeekers,
        "job-seekers-bad-nik.csv",
        3,
        "nik",
        "16 digits; found 15",
    );
    assert_refused(
        Entity::JobSeekers,
        "job-seekers-bad-nik.csv",
        4,
        "nik",
        "format the column as Text",
    );
    assert_refused(
        Entity::JobSeekers,
        "job-seekers-bad-nik.csv",
        5,
        "nik",
        "only digits",
    );
}

#[test]
fn bad_values_name_line_column_and_reason() {
    assert_refused(
        Entity::JobSeekers,
        "job-seekers-bad-values.csv",
        2,
        "region_code",
        "no such province or regency",
    );
    assert_refused(
        Entity::JobSeekers,
        "job-seekers-bad-values.csv",
        3,
        "sex",
        "unknown",
    );
    assert_refused(
        Entity::JobSeekers,
        "job-seekers-bad-values.csv",
        3,
        "registered_date",
        "not a date",
    );
    assert_refused(
        Entity::JobSeekers,
        "job-seekers-bad-values.csv",
        4,
        "education",
        "unknown",
    );
    assert_refused(
        Entity::JobSeekers,
        "job-seekers-bad-values.csv",
        4,
        "birth_date",
        "age at registration",
    );
    assert_refused(
        Entity::Vacancies,
        "vacancies-bad.csv",
        2,
        "salary_max",
        "below the minimum",
    );
    assert_refused(
        Entity::Vacancies,
        "vacancies-bad.csv",
        3,
        "expires_date",
        "before the posting date",
    );
    assert_refused(
        Entity::Vacancies,
        "vacancies-bad.csv",
        4,
        "title",
        "required",
    );
    assert_refused(
        Entity::Vacancies,
        "vacancies-bad.csv",
        4,
        "positions",
        "outside the allowed range",
    );
}

#[test]
fn header_problems_are_reported_on_the_header_line() {
    assert_refused(
        Entity::JobSeekers,
        "job-seekers-missing-column.csv",
        1,
        "sex",
        "jenis_kelamin",
    );
    assert_refused(
        Entity::JobSeekers,
        "job-seekers-duplicate-header.csv",
        1,
        "name",
        "both mean",
    );
}

#[test]
fn inconsistent_cohort_rows_and_unknown_blks_are_refused_whole() {
    assert_refused(
        Entity::Cohorts,
        "cohorts-conflict.csv",
        3,
        "programme_code",
        "different programme_code on line 2",
    );
    // Line 3 is valid, but line 2 names an unregistered BLK: nothing of the file is written.
    assert_refused(
        Entity::Cohorts,
        "cohorts-unknown-blk.csv",
        2,
        "blk_code",
        "not registered",
    );
}

#[test]
fn a_malformed_csv_names_its_line() {
    let mut db = Db::new();
    let err = import_file(
        &mut db.store,
        &Scope::Central,
        Entity::JobSeekers,
        &data("job-seekers-malformed.csv"),
        &ImportOptions::default(),
        &mut |_, _| {},
    );
    // An unclosed quote swallows the rest of the file: the row then has too few fields.
    match err {
        Ok(r) => {
            assert_eq!(r.outcome, Outcome::Refused);
            assert!(r.problems.iter().any(|p| p.line == 2), "{:?}", r.problems);
        }
        Err(e) => assert!(e.to_string().contains("job-seekers-malformed.csv"), "{e}"),
    }
    assert_eq!(db.store.summary(&Scope::Central).unwrap().job_seekers, 0);
}

#[test]
fn windows_1252_and_bom_files_are_decoded() {
    let mut db = Db::new();
    committed(&db.import(Entity::JobSeekers, "job-seekers-win1252.csv"));
    assert!(
        db.export("job-seekers")
            .contains("Siti Nur\u{2019}aini Ibrah\u{ed}m")
    );
    let mut db = Db::new();
    let r = db.import(Entity::JobSeekers, "job-seekers-bom.csv");
    assert!(
        r.ignored_columns.is_empty(),
        "the BOM leaked into a header: {:?}",
        r.ignored_columns
    );
    committed(&r);
}

#[test]
fn indonesian_number_formats_are_read() {
    let mut db = Db::new();
    committed(&db.import(Entity::Vacancies, "vacancies-id-numbers.csv"));
    let out = db.export("vacancies");
    assert!(out.contains("karirhub,KH-1,Tukang Las SMAW,PT Baja Nusantara,32.16,,7212,,SMK,1.5,4500000,6000000,3,2025-08-17,2025-09-30"), "{out}");
}

#[test]
fn reimporting_the_same_or_an_overlapping_file_creates_no_duplicates() {
    let mut db = Db::new();
    committed(&db.import(Entity::JobSeekers, "job-seekers-ok.csv"));
    let before = db.checksum();
    let again = db.import(Entity::JobSeekers, "job-seekers-ok.csv");
    assert!(
        matches!(again.outcome, Outcome::AlreadyImported { .. }),
        "{:?}",
        again.outcome
    );
    assert_eq!(db.checksum(), before);
    let s = committed(&db.import(Entity::JobSeekers, "job-seekers-overlap.csv")).clone();
    assert_eq!((s.inserted, s.updated, s.unchanged), (1, 1, 1));
    assert_eq!(db.store.summary(&Scope::Central).unwrap().job_seekers, 6);
}

#[test]
fn dry_run_reports_without_writing() {
    let mut db = Db::new();
    let before = db.checksum();
    let r = db.import_with(
        Entity::JobSeekers,
        &data("job-seekers-ok.csv"),
        &ImportOptions {
            dry_run: true,
            ..Default::default()
        },
    );
    match r.outcome {
        Outcome::DryRun(s) => assert_eq!(s.inserted, 5),
        other => panic!("{other:?}"),
    }
    let r = db.import_with(
        Entity::JobSeekers,
        &data("job-seekers-bad-nik.csv"),
        &ImportOptions {
            dry_run: true,
            ..Default::default()
        },
    );
    assert_eq!(r.problem_count, 3);
    assert_eq!(db.store.summary(&Scope::Central).unwrap().job_seekers, 0);
    assert_eq!(db.store.batches(10).unwrap().len(), 0);
    // The data are unchanged; only SQLite's page bookkeeping may differ after a rolled-back write.
    let _ = before;
}

#[test]
fn skip_invalid_imports_valid_rows_and_writes_the_rest_to_a_side_file() {
    let mut db = Db::new();
    committed(&db.import(Entity::Blks, "blks.csv"));
    let side = db.dir.path().join("rejected.csv");
    let opts = ImportOptions {
        skip_invalid: true,
        rejects_path: Some(side.clone()),
        ..Default::default()
    };
    let r = db.import_with(Entity::JobSeekers, &data("job-seekers-bad-nik.csv"), &opts);
    let s = committed(&r);
    assert_eq!((s.inserted, s.rejected, s.total), (1, 3, 4));
    let text = std::fs::read_to_string(&side).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    // UTF-8 with a byte-order mark, in the source's delimiter; the reason in both languages.
    assert!(
        text.starts_with("\u{feff}line,column,reason,alasan,nik,name"),
        "{text}"
    );
    assert!(
        text.contains("3,nik,nik: NIK must have 16 digits"),
        "{text}"
    );
    assert!(text.contains("nik: NIK harus"), "{text}");
    let r = db.import_with(Entity::Cohorts, &data("cohorts-unknown-blk.csv"), &opts);
    let s = committed(&r);
    assert_eq!((s.inserted, s.rejected), (1, 1));
    assert!(
        std::fs::read_to_string(&side)
            .unwrap()
            .contains("2,blk_code,BLK BLK-9999-99 is not registered")
    );
}

#[test]
fn a_row_with_more_cells_than_the_header_is_rejected_whole_and_loses_no_cell() {
    let mut db = Db::new();
    committed(&db.import(Entity::Blks, "blks.csv"));
    let file = db.dir.path().join("extra.csv");
    std::fs::write(
        &file,
        "nik,name,sex,region_code,education,registered_date\n\
         3273014508950003,Siti,P,32.73,SMK,2025-01-10\n\
         3273014508950011,Lebih,L,32.73,SMA,2025-01-11,sel lebih,dua\n\
         327301450895000,Pendek,P,32.73,SMK,2025-01-10\n",
    )
    .unwrap();
    let side = db.dir.path().join("extra.rejected.csv");
    let opts = ImportOptions {
        skip_invalid: true,
        rejects_path: Some(side.clone()),
        ..Default::default()
    };
    let r = db.import_with(Entity::JobSeekers, &file, &opts);
    let s = committed(&r);
    assert_eq!((s.inserted, s.rejected, s.total), (1, 2, 3));
    // Every record of the side file has the header's width; the extra cells are kept, under
    // columns of their own.
    let mut rd = csv::Reader::from_path(&side).unwrap();
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[header.len() - 2..], ["(extra 1)", "(extra 2)"]);
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.len() == header.len()));
    assert_eq!(&rows[0][0], "3");
    assert!(
        rows[0][2].starts_with("(row): the row has 8 cells but the header has 6"),
        "{:?}",
        &rows[0]
    );
    assert_eq!(
        rows[0].iter().rev().take(2).collect::<Vec<_>>(),
        ["dua", "sel lebih"]
    );
    assert_eq!(&rows[1][0], "4");
    assert_eq!(rows[1].iter().rev().take(2).collect::<Vec<_>>(), ["", ""]);
}

#[test]
fn every_template_imports_cleanly_in_dependency_order() {
    let mut db = Db::new();
    for entity in [
        Entity::Blks,
        Entity::Vacancies,
        Entity::JobSeekers,
        Entity::Cohorts,
        Entity::Placements,
        Entity::Tracer,
        Entity::Indicators,
    ] {
        let path = db.dir.path().join(format!("{}.csv", entity.name()));
        let mut f = std::fs::File::create(&path).unwrap();
        ingest::write_template_csv(entity, &mut f).unwrap();
        let s = committed(&db.import_with(entity, &path, &ImportOptions::default())).clone();
        assert_eq!(s.inserted, 1, "{entity}");
    }
    let sum = db.store.summary(&Scope::Central).unwrap();
    assert_eq!(
        (sum.placements, sum.tracer_responses, sum.trainees),
        (1, 1, 1)
    );
}

fn xlsx(path: &Path, rows: &[&[XCell]]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell {
                XCell::S(s) => ws.write_string(r as u32, c as u16, *s).unwrap(),
                XCell::N(n) => ws.write_number(r as u32, c as u16, *n).unwrap(),
            };
        }
    }
    wb.save(path).unwrap();
}

enum XCell {
    S(&'static str),
    N(f64),
}

/// A job-seeker sheet's header, as an office's form writes it.
const SEEKER_HEADER: &[XCell] = &[
    XCell::S("NIK"),
    XCell::S("Nama"),
    XCell::S("JK"),
    XCell::S("Kode Wilayah"),
    XCell::S("Pendidikan"),
    XCell::S("Tanggal Daftar"),
];

#[test]
fn xlsx_numeric_niks_are_refused_and_numeric_region_codes_repaired() {
    use XCell::*;
    let mut db = Db::new();
    let path = db.dir.path().join("pencaker.xlsx");
    xlsx(
        &path,
        &[
            SEEKER_HEADER,
            &[
                S("3273014508950003"),
                S("Siti"),
                S("P"),
                N(32.1),
                S("SMK"),
                N(45_667.0),
            ],
            &[
                N(3_273_011_203_990_001.0),
                S("Budi"),
                S("L"),
                S("32.73"),
                S("SMA"),
                S("2025-01-11"),
            ],
        ],
    );
    let r = db.import_with(Entity::JobSeekers, &path, &ImportOptions::default());
    assert_eq!(r.outcome, Outcome::Refused);
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert_eq!(
        (r.problems[0].line, r.problems[0].column.as_str()),
        (3, "nik")
    );
    assert!(r.problems[0].reason.contains("stored as a number"));
    let r = db.import_with(
        Entity::JobSeekers,
        &path,
        &ImportOptions {
            skip_invalid: true,
            ..Default::default()
        },
    );
    committed(&r);
    // 32.1 is the regency 32.10 typed into a number cell, and the date arrived as a serial.
    let out = db.export("job-seekers");
    assert!(out.contains(",32.10,SMK,,,2025-01-10,"), "{out}");
    // A year typed into a date cell is named as a year (as a serial it is a day in 1905).
    let path = db.dir.path().join("tahun.xlsx");
    xlsx(
        &path,
        &[
            SEEKER_HEADER,
            &[
                S("3273014508950011"),
                S("Ani"),
                S("P"),
                S("32.73"),
                S("SMK"),
                N(2025.0),
            ],
        ],
    );
    let r = db.import_with(Entity::JobSeekers, &path, &ImportOptions::default());
    assert_eq!(r.outcome, Outcome::Refused);
    assert!(
        r.problems[0].reason.contains("2025 is a year, not a date"),
        "{:?}",
        r.problems
    );
}

#[test]
fn xlsx_zip_bombs_are_refused_before_inflating() {
    use std::io::Write;
    let mut db = Db::new();
    let path = db.dir.path().join("bomb.xlsx");
    let f = std::fs::File::create(&path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..64 {
        z.write_all(&zeros).unwrap();
    }
    z.finish().unwrap();
    let err = import_file(
        &mut db.store,
        &Scope::Central,
        Entity::JobSeekers,
        &path,
        &ImportOptions::default(),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("zip bomb"), "{err}");
}

#[test]
fn oversized_sheets_are_refused() {
    use XCell::*;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.xlsx");
    let rows: Vec<[XCell; 3]> = (0..50).map(|_| [S("a"), S("b"), S("c")]).collect();
    let refs: Vec<&[XCell]> = rows.iter().map(|r| r.as_slice()).collect();
    xlsx(&path, &refs);
    let limits = ingest::XlsxLimits {
        max_cells: 100,
        ..Default::default()
    };
    let err = ingest::Source::open(&path, limits).err().unwrap();
    assert!(err.to_string().contains("limit of 100 cells"), "{err}");
}

#[test]
fn vacancies_without_codes_are_coded_located_and_clustered() {
    let mut db = Db::new();
    committed(&db.import(Entity::Vacancies, "vacancies-uncoded.csv"));
    let out = db.export("vacancies");
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(out.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let col = |name: &str| {
        store::export_columns("vacancies")
            .unwrap()
            .iter()
            .position(|c| *c == name)
            .unwrap()
    };
    let (isco, region, cluster) = (col("isco08"), col("region_code"), col("duplicate_cluster"));
    // The export says how each code was obtained.
    let basis: Vec<&str> = rows.iter().map(|r| r[col("isco_basis")].as_str()).collect();
    assert_eq!(
        basis,
        [
            "coded_on_import",
            "coded_on_import",
            "coded_on_import",
            "uncoded"
        ]
    );
    // The welder ad and its noisy re-post: coded 7212, located in Kabupaten Bekasi, one cluster.
    assert_eq!(rows[0][isco], "7212");
    assert_eq!(rows[1][isco], "7212");
    assert_eq!(rows[0][region], "32.16");
    assert_eq!(rows[1][region], "32.16");
    assert_eq!(rows[0][cluster], rows[1][cluster]);
    assert_ne!(rows[2][cluster], rows[0][cluster]);
    assert_eq!(rows[2][region], "35.78");
    // Gibberish stays uncoded and "Jabodetabek" spans several regencies: both left empty.
    assert_eq!(rows[3][isco], "");
    assert_eq!(rows[3][region], "");
}

/// MagangHub lists internships at the head office and names the city in the title; Loker.id
/// gives some ads only the province. The title's place is where the work is counted.
#[test]
fn a_title_that_names_the_workplace_places_the_vacancy() {
    let mut db = Db::new();
    let path = db.dir.path().join("magang.csv");
    std::fs::write(
        &path,
        "sumber,id,title,employer,location,posted_date\n\
         maganghub,1,General Affair Internship (Semarang),PT. Propan Raya Industria,KAB. TANGERANG,2025-06-20\n\
         maganghub,2,Sales Administrator Internship,PT. Propan Raya Industria,KAB. TANGERANG,2025-06-20\n\
         lokerid,3,Sales Motoris (Bekasi),PT Karya Sentosa,Jawa Barat,2025-06-21\n\
         lokerid,4,Sales Motoris (Bekasi),PT Karya Sentosa,Kab. Bekasi,2025-06-21\n",
    )
    .unwrap();
    committed(&db.import_with(Entity::Vacancies, &path, &ImportOptions::default()));
    let out = db.export("vacancies");
    let region = store::export_columns("vacancies")
        .unwrap()
        .iter()
        .position(|c| *c == "region_code")
        .unwrap();
    let regions: Vec<String> = csv::Reader::from_reader(out.as_bytes())
        .records()
        .map(|r| r.unwrap()[region].to_string())
        .collect();
    assert_eq!(regions, ["33.74", "36.03", "32.75", "32.16"]);
}

#[test]
fn a_vacancys_category_and_function_settle_a_generic_title() {
    // Loker.id's columns: the same generic title, once bare and once with the category,
    // subcategory and function of an accounting ad.
    let mut db = Db::new();
    let path = db.dir.path().join("loker.csv");
    std::fs::write(
        &path,
        "sumber,job_id,title,category,subcategory,function,location,posted_date\n\
         lokerid,1,Staff Operasional,,,,Jakarta Barat,2025-06-20\n\
         lokerid,2,Staff Operasional,Akuntansi,Akuntansi Finansial,Staff Accounting,Jakarta Barat,2025-06-21\n",
    )
    .unwrap();
    committed(&db.import_with(Entity::Vacancies, &path, &ImportOptions::default()));
    let out = db.export("vacancies");
    let isco = store::export_columns("vacancies")
        .unwrap()
        .iter()
        .position(|c| *c == "isco08")
        .unwrap();
    let codes: Vec<String> = csv::Reader::from_reader(out.as_bytes())
        .records()
        .map(|r| r.unwrap()[isco].to_string())
        .collect();
    assert_eq!(codes, ["4110", "3313"]);
}

#[test]
fn matching_reads_a_vacancys_skill_tags_but_not_its_category_as_skills() {
    let mut db = Db::new();
    let path = db.dir.path().join("portal.csv");
    std::fs::write(
        &path,
        "sumber,id,Title,Kategori,Skills,kode_wilayah,isco08,posted_date\n\
         mixed,1,Marketing Consultant Officer,Penjualan dan Pemasaran,\"Negosiasi dan Marketing, Komunikasi\",32.73,3322,2026-01-10\n\
         mixed,2,IT Project Intern,It And Engineering,,32.73,2511,2026-01-10\n",
    )
    .unwrap();
    committed(&db.import_with(Entity::Vacancies, &path, &ImportOptions::default()));
    let market = pipeline::matching::open_market(&mut db.store, &Scope::Central, None, 60)
        .unwrap()
        .expect("two open vacancies");
    let tagged = market
        .rows
        .iter()
        .find(|r| r.title.starts_with("Marketing"))
        .unwrap();
    assert_eq!(
        tagged.skill_tags.as_deref(),
        Some("Negosiasi dan Marketing, Komunikasi")
    );
    // The tags' skills are in the index; the department's words are not a skill.
    for skill in ["negotiation", "communication"] {
        assert!(market.skills.get(skill).is_some(), "{skill}");
    }
    assert!(market.skills.get("packaging engineering").is_none());
}

#[test]
fn occupations_wished_for_in_words_are_coded() {
    let mut db = Db::new();
    committed(&db.import(Entity::JobSeekers, "job-seekers-words.csv"));
    let out = db.export("job-seekers");
    assert!(out.contains(",7214;7212,"), "{out}");
    assert!(out.contains(",5120,"), "{out}");
}

#[test]
fn control_characters_inside_list_cells_are_problems_not_database_errors() {
    let mut db = Db::new();
    let path = db.dir.path().join("nul.csv");
    std::fs::write(&path, "nik,nama,jk,kode_wilayah,pendidikan,tanggal_daftar,keterampilan\n3273014508950003,Siti,P,32.73,SMK,2025-01-10,las\u{0};jahit\n").unwrap();
    let r = db.import_with(Entity::JobSeekers, &path, &ImportOptions::default());
    assert_eq!(r.outcome, Outcome::Refused);
    assert_eq!(
        (r.problems[0].line, r.problems[0].column.as_str()),
        (2, "skills")
    );
}

#[test]
fn a_sheet_spanning_a_huge_extent_is_refused_without_allocating_it() {
    let mut db = Db::new();
    let path = db.dir.path().join("far.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "nik").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(&path).unwrap();
    let err = import_file(
        &mut db.store,
        &Scope::Central,
        Entity::JobSeekers,
        &path,
        &ImportOptions::default(),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("spans more than the limit"),
        "{err}"
    );
}

#[test]
fn a_partly_rejected_file_can_be_imported_again_once_its_references_exist() {
    let mut db = Db::new();
    let opts = ImportOptions {
        skip_invalid: true,
        rejects_path: Some(db.dir.path().join("r.csv")),
        ..Default::default()
    };
    let s = committed(&db.import_with(Entity::Cohorts, &data("cohorts-unknown-blk.csv"), &opts))
        .clone();
    assert_eq!((s.inserted, s.rejected), (0, 2));
    committed(&db.import(Entity::Blks, "blks.csv"));
    let s = committed(&db.import_with(Entity::Cohorts, &data("cohorts-unknown-blk.csv"), &opts))
        .clone();
    assert_eq!(
        (s.inserted, s.rejected),
        (1, 1),
        "the row whose BLK now exists comes in"
    );
}

#[test]
fn numeric_niks_are_not_echoed_in_reports() {
    use XCell::*;
    let mut db = Db::new();
    let path = db.dir.path().join("n.xlsx");
    xlsx(
        &path,
        &[
            SEEKER_HEADER,
            &[
                N(3_273_011_203_990_001.0),
                S("Budi"),
                S("L"),
                S("32.73"),
                S("SMA"),
                S("2025-01-11"),
            ],
        ],
    );
    let r = db.import_with(Entity::JobSeekers, &path, &ImportOptions::default());
    assert!(
        !r.problems[0].reason.contains("3273011203990001")
            && !r.problems[0].reason.contains("327301120399"),
        "{}",
        r.problems[0].reason
    );
}

#[test]
fn a_stray_byte_in_a_utf8_file_is_reported_on_its_line_not_reinterpreted() {
    let mut db = Db::new();
    let path = db.dir.path().join("mixed.csv");
    let mut bytes = "nik,nama,jk,kode_wilayah,pendidikan,tanggal_daftar\n3273014508950003,André,L,32.73,SMK,2025-01-10\n".as_bytes().to_vec();
    bytes.extend_from_slice(b"3273011203990001,Bad\xA0Byte,L,32.73,SMA,2025-01-11\n");
    std::fs::write(&path, bytes).unwrap();
    let err = import_file(
        &mut db.store,
        &Scope::Central,
        Entity::JobSeekers,
        &path,
        &ImportOptions::default(),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("mixed.csv:3"), "{err}");
    assert!(err.to_string().contains("UTF-8"), "{err}");
}

#[test]
fn rows_with_more_cells_than_the_header_are_problems() {
    let mut db = Db::new();
    let path = db.dir.path().join("wide.csv");
    std::fs::write(&path, "nik,nama,jk,kode_wilayah,pendidikan,tanggal_daftar,telepon\n3273014508950003,Siti,P,32.73,SMK,2025-01-10,0812, 0813\n").unwrap();
    let r = db.import_with(Entity::JobSeekers, &path, &ImportOptions::default());
    assert_eq!(r.outcome, Outcome::Refused);
    assert!(
        r.problems[0].reason.contains("must be quoted"),
        "{:?}",
        r.problems
    );
}

#[test]
fn regional_indicators_import_once_and_a_revision_updates_only_what_changed() {
    let mut db = Db::new();
    let s = committed(&db.import(Entity::Indicators, "indicators.csv")).clone();
    assert_eq!((s.inserted, s.total), (15, 15));
    let out = db.export("indicators");
    // Indonesian decimals and grouped counts are read as numbers; labelled categories as letters.
    assert!(out.starts_with("region_code,year,kbli_category,grdp_idr_billion,employment\n"));
    assert!(out.contains("32.16,2023,A,2104.55,95120\n"), "{out}");
    assert!(out.contains("32.15,2023,A,6512.7,180400\n"), "{out}");
    assert!(out.contains("32,2024,C,701318.6,\n"), "{out}");

    // The same file again is a no-op by its hash.
    assert!(matches!(
        db.import(Entity::Indicators, "indicators.csv").outcome,
        Outcome::AlreadyImported { .. }
    ));

    // A revised release: one GRDP figure changed, one employment figure added, and one left
    // blank where the store has it (kept). Everything else is the same, row for row.
    let original = std::fs::read_to_string(data("indicators.csv")).unwrap();
    let revised = original
        .replace("210.356,02;621.950", "211.002,40;621.950")
        .replace("23.074,61;\n", "23.074,61;165.900\n")
        .replace("10.402,33;92.050", "10.402,33;");
    assert_ne!(original, revised);
    let path = db.dir.path().join("indicators-revised.csv");
    std::fs::write(&path, revised).unwrap();
    let opts = ImportOptions {
        actor: "test".into(),
        ..Default::default()
    };
    let s = committed(&db.import_with(Entity::Indicators, &path, &opts)).clone();
    assert_eq!(
        (s.inserted, s.updated, s.unchanged, s.total),
        (0, 2, 13, 15)
    );
    let out = db.export("indicators");
    assert!(out.contains("32.16,2024,C,211002.4,621950\n"), "{out}");
    assert!(out.contains("32.16,2024,G,23074.61,165900\n"), "{out}");
    assert!(out.contains("32.15,2024,G,10402.33,92050\n"), "{out}");
    assert_eq!(out.lines().count(), 16);

    // Read back for analytics, filtered by scope.
    let count = |db: &mut Db, scope: &Scope| {
        let mut n = 0;
        db.store.indicator_facts(scope, |_| n += 1).unwrap();
        n
    };
    let bekasi = domain::RegionCode::parse("32.16").unwrap();
    assert_eq!(count(&mut db, &Scope::Central), 15);
    assert_eq!(count(&mut db, &Scope::Province(bekasi.province())), 15);
    assert_eq!(count(&mut db, &Scope::Regency(bekasi)), 6);
}

#[test]
fn a_regency_office_cannot_import_another_regency_s_indicators() {
    let mut db = Db::new();
    let bekasi = domain::RegionCode::parse("32.16").unwrap();
    let before = db.checksum();
    let r = import_file(
        &mut db.store,
        &Scope::Regency(bekasi),
        Entity::Indicators,
        &data("indicators.csv"),
        &ImportOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(r.outcome, Outcome::Refused);
    // Karawang's six rows and the province's three are outside the office's area.
    assert_eq!(r.problem_count, 9);
    assert!(
        r.problems
            .iter()
            .all(|p| p.column == "region_code" && p.reason.contains("outside your area"))
    );
    assert_eq!(db.checksum(), before);
}

#[test]
fn bad_indicator_rows_say_what_to_fix() {
    let file = "indicators-bad.csv";
    assert_refused(
        Entity::Indicators,
        file,
        3,
        "kbli_category",
        "already given on line 2",
    );
    assert_refused(
        Entity::Indicators,
        file,
        4,
        "kbli_category",
        "combines KBLI categories",
    );
    assert_refused(Entity::Indicators, file, 5, "year", "a value is required");
    assert_refused(
        Entity::Indicators,
        file,
        6,
        "grdp_idr_billion",
        "outside the allowed range",
    );
    assert_refused(Entity::Indicators, file, 7, "kbli_category", "so write C");
}

/// Reads (isco08, isco_confidence) of a vacancy straight from the database file.
fn stored_code(db: &Db, source_id: &str) -> (Option<String>, Option<f64>) {
    let c = rusqlite::Connection::open(db.dir.path().join("t.db")).unwrap();
    c.query_row(
        "SELECT isco08, isco_confidence FROM vacancies WHERE source_id = ?1",
        [source_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

fn set_code(db: &Db, source_id: &str, isco: Option<&str>, confidence: Option<f64>) {
    let c = rusqlite::Connection::open(db.dir.path().join("t.db")).unwrap();
    let n = c
        .execute(
            "UPDATE vacancies SET isco08 = ?1, isco_confidence = ?2 WHERE source_id = ?3",
            rusqlite::params![isco, confidence, source_id],
        )
        .unwrap();
    assert_eq!(n, 1);
}

/// The uncoded test ads, and a source's own "Tukang Las" (SN-1) coded 7214 by the source's
/// reading, where the coder says 7212: Listraf never overrides a source.
fn uncoded_ads_and_a_sourced_welder() -> Db {
    let mut db = Db::new();
    committed(&db.import(Entity::Vacancies, "vacancies-uncoded.csv"));
    let sourced = db.dir.path().join("sourced.csv");
    std::fs::write(
        &sourced,
        "source,source_id,title,employer,location,isco08,posted_date\n\
         sisnaker,SN-1,Tukang Las,PT Logam,Kab. Bekasi,7214,2025-08-04\n",
    )
    .unwrap();
    committed(&db.import_with(
        Entity::Vacancies,
        &sourced,
        &ImportOptions {
            actor: "test".into(),
            ..Default::default()
        },
    ));
    db
}

#[test]
fn an_export_imported_elsewhere_keeps_sources_codes_and_codes_its_coders_readings_again() {
    // The exporting system's coder read the welder ad as 8160; the importing one reads it
    // itself. The source's own code (SN-1) stays the source's.
    let mut a = uncoded_ads_and_a_sourced_welder();
    set_code(&a, "KH-10", Some("8160"), Some(0.3));
    let exported = a.dir.path().join("export.csv");
    std::fs::write(&exported, a.export("vacancies")).unwrap();
    let mut b = Db::new();
    let opts = ImportOptions {
        actor: "test".into(),
        ..Default::default()
    };
    let r = b.import_with(Entity::Vacancies, &exported, &opts);
    committed(&r);
    assert!(
        !r.ignored_columns.contains(&"isco_basis".to_string()),
        "{:?}",
        r.ignored_columns
    );
    let (code, confidence) = stored_code(&b, "KH-10");
    assert_eq!(code.as_deref(), Some("7212"));
    assert!(confidence.is_some(), "coded by this system's coder");
    assert_eq!(stored_code(&b, "SN-1"), (Some("7214".into()), None));
    assert_eq!(stored_code(&b, "LK-6"), (None, None));
    // A basis this system does not know is a problem named by line and column.
    let bad = b.dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "source,source_id,title,isco08,isco_basis,posted_date\n\
         x,1,Tukang Las,7212,guessed,2025-08-01\n",
    )
    .unwrap();
    let r = b.import_with(Entity::Vacancies, &bad, &opts);
    assert!(
        !matches!(r.outcome, Outcome::Committed(_)),
        "{:?}",
        r.outcome
    );
    let p = &r.problems[0];
    assert_eq!((p.line, p.column.as_str()), (2, "isco_basis"), "{p:?}");
}

#[test]
fn recode_refreshes_listraf_codes_only_and_records_one_batch() {
    let mut db = uncoded_ads_and_a_sourced_welder();
    let welder = stored_code(&db, "KH-10");
    assert_eq!(welder.0.as_deref(), Some("7212"));
    assert!(welder.1.is_some_and(|c| c > 0.0 && c <= 1.0), "{welder:?}");
    let version = db.store.data_version().unwrap();

    // The coder that imported these is the coder recoding them: nothing moves, no batch.
    let r = pipeline::recode::recode(&mut db.store, &Scope::Central, "test", false).unwrap();
    assert_eq!(r.examined, 4, "{r:?}"); // the source-coded ad is not Listraf's to code
    assert_eq!(r.changed(), 0, "{r:?}");
    assert!(r.batch.is_none());
    assert_eq!(db.store.data_version().unwrap(), version);

    // As if an older model had coded the welder as a cleaner and left "Staff Admin" uncoded.
    set_code(&db, "KH-10", Some("9112"), Some(0.41));
    set_code(&db, "LK-5", None, None);
    let admin = stored_code(&db, "JS-77");
    let dry = pipeline::recode::recode(&mut db.store, &Scope::Central, "test", true).unwrap();
    // Read one vacancy at a time, the run finds the same.
    let paged =
        pipeline::recode::recode_in_pages(&mut db.store, &Scope::Central, "test", true, 1).unwrap();
    assert_eq!(paged, dry);
    assert_eq!((dry.recoded, dry.newly_coded, dry.now_uncoded), (1, 1, 0));
    assert_eq!(dry.changed(), 2);
    assert!(dry.batch.is_none());
    let moves: Vec<(Option<String>, Option<String>, usize)> = dry
        .transitions
        .iter()
        .map(|(a, b, n)| (a.map(|c| c.to_string()), b.map(|c| c.to_string()), *n))
        .collect();
    assert_eq!(
        moves,
        [
            (None, Some("4110".into()), 1),
            (Some("9112".into()), Some("7212".into()), 1)
        ]
    );
    assert_eq!(stored_code(&db, "KH-10").0.as_deref(), Some("9112"));
    assert_eq!(db.store.data_version().unwrap(), version);

    let r = pipeline::recode::recode(&mut db.store, &Scope::Central, "test", false).unwrap();
    assert_eq!(r.changed(), 2, "{r:?}");
    let batch = r.batch.expect("a recode that changed codes is a batch");
    // Read: the four vacancies Listraf codes, and "Jabodetabek", still without a region.
    assert_eq!((batch.total, batch.updated, batch.unchanged), (5, 2, 3));
    assert!(db.store.data_version().unwrap() > version);
    assert_eq!(stored_code(&db, "KH-10"), welder);
    assert_eq!(stored_code(&db, "LK-5").0.as_deref(), Some("4110"));
    assert_eq!(stored_code(&db, "JS-77"), admin);
    assert_eq!(stored_code(&db, "SN-1"), (Some("7214".into()), None));
    let b = &db.store.batches(1).unwrap()[0];
    assert_eq!(b.entity, "recode");
    assert_eq!(
        (b.file_name.as_str(), b.rows_updated),
        ("listraf recode", 2)
    );
    assert_eq!(r.model.len(), 16);
    // The audit trail says a recode happened, by whom, not an import of a file.
    let c = rusqlite::Connection::open(db.dir.path().join("t.db")).unwrap();
    let (action, actor, object, outcome): (String, String, String, String) = c
        .query_row(
            "SELECT action, actor, object, outcome FROM audit_events WHERE action <> 'export' ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (action.as_str(), actor.as_str(), object.as_str()),
        ("recode", "test", "recode:listraf recode")
    );
    assert!(outcome.contains("2 updated"), "{outcome}");
    let imports: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'import'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(imports, 2, "the two file imports stay imports");

    // Once more: nothing left to change.
    let again = pipeline::recode::recode(&mut db.store, &Scope::Central, "test", false).unwrap();
    assert_eq!(again.changed(), 0);
    assert!(again.batch.is_none());
}

/// (region_code, region_resolved, duplicate_cluster) of a vacancy, the cluster as the
/// source id of the cluster's first vacancy.
fn stored_place(db: &Db, source_id: &str) -> (Option<String>, i64, Option<String>) {
    let c = rusqlite::Connection::open(db.dir.path().join("t.db")).unwrap();
    c.query_row(
        "SELECT v.region_code, v.region_resolved, f.source_id FROM vacancies v
         LEFT JOIN vacancies f ON f.id = v.duplicate_cluster WHERE v.source_id = ?1",
        [source_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

#[test]
fn recode_places_vacancies_an_older_resolver_left_without_a_region() {
    let mut db = Db::new();
    committed(&db.import(Entity::Vacancies, "vacancies-uncoded.csv"));
    // "Cikarang" is placed in Kab. Bekasi, and the re-post of KH-10 joins its cluster.
    let placed = stored_place(&db, "JS-77");
    assert_eq!(placed, (Some("32.16".into()), 1, Some("KH-10".into())));
    // "Jabodetabek" spans three provinces: no region, now or later (a cluster of its own).
    let jabodetabek = (None, 0, Some("LK-6".to_string()));
    assert_eq!(stored_place(&db, "LK-6"), jabodetabek);

    // As if an older resolver had not known "Cikarang": no region, so no cluster either.
    let c = rusqlite::Connection::open(db.dir.path().join("t.db")).unwrap();
    c.execute(
        "UPDATE vacancies SET region_code = NULL, province_code = NULL, region_resolved = 0,
         duplicate_cluster = NULL WHERE source_id = 'JS-77'",
        [],
    )
    .unwrap();
    let version = db.store.data_version().unwrap();

    // A regional office sees no vacancy without a region, so its recode places none.
    let bekasi = domain::RegionCode::parse("32.16").unwrap();
    let regional = pipeline::recode::recode(
        &mut db.store,
        &Scope::Province(bekasi.province()),
        "test",
        false,
    )
    .unwrap();
    assert_eq!((regional.unlocated, regional.located), (0, 0));
    assert!(regional.batch.is_none());

    let dry = pipeline::recode::recode(&mut db.store, &Scope::Central, "test", true).unwrap();
    assert_eq!(
        (dry.unlocated, dry.located, dry.changed()),
        (2, 1, 1),
        "{dry:?}"
    );
    assert_eq!(stored_place(&db, "JS-77"), (None, 0, None));
    assert_eq!(db.store.data_version().unwrap(), version);

    let r = pipeline::recode::recode(&mut db.store, &Scope::Central, "test", false).unwrap();
    assert_eq!((r.unlocated, r.located, r.changed()), (2, 1, 1), "{r:?}");
    let batch = r.batch.expect("a vacancy placed is a change to record");
    assert_eq!(batch.updated, 1);
    // Placed as at import, and back in its cluster: demand counts it once again.
    assert_eq!(stored_place(&db, "JS-77"), placed);
    assert_eq!(stored_place(&db, "LK-6"), jabodetabek);

    let again = pipeline::recode::recode(&mut db.store, &Scope::Central, "test", false).unwrap();
    assert_eq!((again.unlocated, again.located, again.changed()), (1, 0, 0));
    assert!(again.batch.is_none());

    // Stored before titles were read for the workplace, with no location text: its title,
    // "URGENT!! Tukang Las (Cikarang)", places it as an import now would.
    c.execute(
        "UPDATE vacancies SET region_code = NULL, province_code = NULL, region_resolved = 0,
         duplicate_cluster = NULL, location_text = NULL WHERE source_id = 'JS-77'",
        [],
    )
    .unwrap();
    let titled = pipeline::recode::recode(&mut db.store, &Scope::Central, "test", false).unwrap();
    assert_eq!((titled.unlocated, titled.located), (2, 1), "{titled:?}");
    assert_eq!(stored_place(&db, "JS-77"), placed);
}

#[test]
fn rows_the_store_refuses_say_why_in_indonesian_too() {
    let mut db = Db::new();
    committed(&db.import(Entity::Blks, "blks.csv"));
    let mut found = Vec::new();
    let r = db.import(Entity::Cohorts, "cohorts-unknown-blk.csv");
    let blk = r.problems.iter().find(|p| p.column == "blk_code").unwrap();
    assert_eq!(
        blk.reason_id,
        "BLK BLK-9999-99 belum terdaftar; impor dulu data BLK (`listraf import blks`)"
    );
    found.extend(r.problems);
    for (entity, name, text) in [
        (
            Entity::Placements,
            "penempatan.csv",
            "nik,placement_type,employer,start_date\n3273014508950003,WAGE,PT A,2025-05-01\n",
        ),
        (
            Entity::Tracer,
            "tracer.csv",
            "nik,cohort_code,wave,response_date,status\n3273014508950003,K-9,1,2025-05-01,UNEMPLOYED\n",
        ),
        (
            Entity::Targets,
            "target.csv",
            "indicator,level,area_code,year,project_year,target\nGRADUATES,BLK,BLK-X,2025,1,100\n",
        ),
    ] {
        let path = db.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let r = db.import_with(entity, &path, &ImportOptions::default());
        assert_eq!(r.outcome, Outcome::Refused, "{name}");
        assert_eq!(r.problems.len(), 1, "{name}: {:?}", r.problems);
        found.extend(r.problems);
    }
    let bekasi = domain::RegionCode::parse("32.16").unwrap();
    let r = import_file(
        &mut db.store,
        &Scope::Regency(bekasi),
        Entity::Indicators,
        &data("indicators.csv"),
        &ImportOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(
        r.problems[0].reason_id,
        "data ini berada di luar wilayah Anda (kabupaten/kota 32.16)"
    );
    found.extend(r.problems);
    for p in &found {
        assert!(!p.reason_id.is_empty() && p.reason_id != p.reason, "{p:?}");
        assert_eq!(
            domain::error::leftover_english(&p.reason_id),
            None,
            "{:?}",
            p.reason_id
        );
    }
}

/// (isco08, isco_confidence, isco_reviewed) of a vacancy.
fn stored_review(db: &Db, source_id: &str) -> (Option<String>, Option<f64>, i64) {
    let c = rusqlite::Connection::open(db.dir.path().join("t.db")).unwrap();
    c.query_row(
        "SELECT isco08, isco_confidence, isco_reviewed FROM vacancies WHERE source_id = ?1",
        [source_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

#[test]
fn a_reviewed_title_codes_its_ads_now_and_in_later_imports_until_withdrawn() {
    use pipeline::review::{ReviewRefusal, review_queue, review_title, withdraw_review};
    let isco = |s: &str| domain::IscoCode::parse(s).unwrap();
    let mut db = uncoded_ads_and_a_sourced_welder();
    let opts = ImportOptions {
        actor: "test".into(),
        ..Default::default()
    };
    let welder = stored_code(&db, "KH-10");
    assert_eq!(welder.0.as_deref(), Some("7212"));

    // The queue: the uncoded gibberish first (one expected wrong), then the titles by what
    // their confidence leaves. "Tukang Las" and "URGENT!! Tukang Las (Cikarang)" are one
    // title, and one ad, since the second is a re-post of the first; the source's own
    // "Tukang Las" is not in it.
    let q = review_queue(&mut db.store, &Scope::Central, 10).unwrap();
    let keys: Vec<&str> = q.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys.len(), 3, "{q:?}");
    assert_eq!(q[0].key, "xqzv blorft");
    assert_eq!((q[0].ads, q[0].uncoded, q[0].expected_wrong), (1, 1, 1.0));
    let las = q.iter().find(|g| g.key == "tukang las").unwrap();
    assert_eq!((las.ads, las.uncoded), (1, 0));
    assert_eq!(las.codes, [(isco("7212"), 1)]);
    assert!((las.expected_wrong - (1.0 - welder.1.unwrap())).abs() < 1e-9);
    assert_eq!(las.title, "Tukang Las");

    // Reviews are national, and a title of noise words alone names nothing.
    let bekasi = domain::RegionCode::parse("32.16").unwrap();
    let regional = Scope::Province(bekasi.province());
    let version = db.store.data_version().unwrap();
    let refused = review_title(
        &mut db.store,
        &regional,
        "Tukang Las",
        isco("7214"),
        None,
        "t",
    );
    assert_eq!(refused.unwrap(), Err(ReviewRefusal::NotCentral));
    let refused = review_title(
        &mut db.store,
        &Scope::Central,
        "URGENT!!",
        isco("7214"),
        None,
        "t",
    );
    assert_eq!(refused.unwrap(), Err(ReviewRefusal::EmptyTitle));
    assert_eq!(db.store.data_version().unwrap(), version);

    // Coded by hand: both of the title's ads take 7214, as a reviewer's code (no confidence).
    let r = review_title(
        &mut db.store,
        &Scope::Central,
        "Tukang Las ",
        isco("7214"),
        Some("SMAW, konstruksi baja"),
        "test",
    )
    .unwrap()
    .unwrap();
    assert_eq!((r.key.as_str(), r.changed), ("tukang las", 2));
    let batch = r.batch.unwrap();
    assert_eq!((batch.total, batch.updated), (2, 2));
    assert!(db.store.data_version().unwrap() > version);
    assert_eq!(stored_review(&db, "KH-10"), (Some("7214".into()), None, 1));
    assert_eq!(stored_review(&db, "JS-77"), (Some("7214".into()), None, 1));
    assert_eq!(stored_review(&db, "SN-1"), (Some("7214".into()), None, 0));
    assert_eq!(stored_code(&db, "LK-5").0.as_deref(), Some("4110"));
    // The export says whose each code is.
    let export = db.export("vacancies");
    let basis_of = |id: &str| {
        export
            .lines()
            .find(|l| l.contains(&format!(",{id},")))
            .and_then(|l| l.rsplit(',').next())
            .map(str::to_string)
    };
    assert_eq!(basis_of("KH-10").as_deref(), Some("reviewed"));
    assert_eq!(basis_of("SN-1").as_deref(), Some("source"));
    assert_eq!(basis_of("LK-5").as_deref(), Some("coded_on_import"));
    let b = &db.store.batches(1).unwrap()[0];
    assert_eq!(
        (b.entity.as_str(), b.file_name.as_str()),
        ("occupation review", "review")
    );
    let c = rusqlite::Connection::open(db.dir.path().join("t.db")).unwrap();
    let action: String = c
        .query_row(
            "SELECT action FROM audit_events WHERE action <> 'export' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(action, "review");
    let reviewed = db.store.title_reviews().unwrap();
    assert_eq!(reviewed.len(), 1);
    assert_eq!(
        (reviewed[0].title.as_str(), reviewed[0].note.as_deref()),
        ("Tukang Las", Some("SMAW, konstruksi baja"))
    );
    let q = review_queue(&mut db.store, &Scope::Central, 10).unwrap();
    assert!(q.iter().all(|g| g.key != "tukang las"), "{q:?}");

    // The same review again records nothing; another note is a batch that changes no ad; a
    // recode leaves reviewed ads alone.
    let version = db.store.data_version().unwrap();
    let same = review_title(
        &mut db.store,
        &Scope::Central,
        "TUKANG LAS",
        isco("7214"),
        Some("SMAW, konstruksi baja"),
        "t",
    )
    .unwrap()
    .unwrap();
    assert_eq!((same.changed, same.batch), (0, None));
    assert_eq!(db.store.data_version().unwrap(), version);
    let renoted = review_title(
        &mut db.store,
        &Scope::Central,
        "TUKANG LAS",
        isco("7214"),
        None,
        "t",
    )
    .unwrap()
    .unwrap();
    assert_eq!((renoted.changed, renoted.batch.unwrap().unchanged), (0, 2));
    assert_eq!(db.store.title_reviews().unwrap()[0].note, None);
    let recode = pipeline::recode::recode(&mut db.store, &Scope::Central, "test", true).unwrap();
    assert_eq!((recode.examined, recode.changed()), (2, 0), "{recode:?}");

    // A later import: a new ad of the title takes the reviewer's code, not the coder's.
    let later = db.dir.path().join("later.csv");
    std::fs::write(
        &later,
        "source,source_id,title,employer,location,posted_date\n\
         lokerid,LK-9,Dibutuhkan Tukang Las - PT Maju,PT Maju,KOTA SURABAYA,2025-09-01\n",
    )
    .unwrap();
    committed(&db.import_with(Entity::Vacancies, &later, &opts));
    assert_eq!(stored_review(&db, "LK-9"), (Some("7214".into()), None, 1));
    let titles = pipeline::review::reviewed_titles(&mut db.store).unwrap();
    assert_eq!(titles.len(), 1);
    assert_eq!(
        titles[0].ads, 2,
        "one cluster in Bekasi, one ad in Surabaya"
    );

    // Withdrawn: the ads go back to the coder, as an import would code them.
    let w = withdraw_review(&mut db.store, &Scope::Central, "tukang las", "test")
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(w.changed, 3);
    assert_eq!(stored_code(&db, "KH-10"), welder);
    let (code, confidence, flag) = stored_review(&db, "LK-9");
    assert_eq!((code.as_deref(), flag), (Some("7212"), 0));
    assert!(confidence.is_some());
    assert_eq!(stored_review(&db, "SN-1"), (Some("7214".into()), None, 0));
    assert!(db.store.title_reviews().unwrap().is_empty());
    let none = withdraw_review(&mut db.store, &Scope::Central, "tukang las", "test").unwrap();
    assert_eq!(none, Ok(None));
}

#[test]
fn a_file_of_reviews_is_read_whole_or_refused_whole_and_reading_it_again_changes_nothing() {
    use pipeline::review::{ReviewFile, import_reviews};
    let mut db = Db::new();
    committed(&db.import(Entity::Vacancies, "vacancies-uncoded.csv"));
    let version = db.store.data_version().unwrap();
    let read = |db: &mut Db, name: &str, body: &str| {
        let path = db.dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        import_reviews(&mut db.store, &Scope::Central, &path, "test")
            .unwrap()
            .unwrap()
    };

    // The queue's export with a code column filled in by hand, but with three bad rows: each
    // is named, and nothing is written.
    let bad = "title,title_key,ads,uncoded,codes,expected_wrong,isco08,catatan\n\
               Tukang Las,tukang las,1,0,7212,0.2,72,\n\
               URGENT!!,,1,1,,1.0,7212,\n\
               Staff Admin,staff admin,1,0,4110,0.3,4110,\n\
               STAFF ADMIN (Surabaya),,1,0,,0.3,4120,\n\
               xqzv blorft,xqzv blorft,1,1,,1.0,,\n";
    let ReviewFile::Refused(problems) = read(&mut db, "bad.csv", bad) else {
        panic!("refused")
    };
    let found: Vec<(usize, &str)> = problems
        .iter()
        .map(|p| (p.line, p.column.as_str()))
        .collect();
    assert_eq!(
        found,
        [(2, "isco08"), (3, "title"), (5, "isco08")],
        "{problems:?}"
    );
    assert!(problems[0].reason.contains("unit group"), "{problems:?}");
    assert!(
        problems[2].reason.contains("4110 on line 4"),
        "{problems:?}"
    );
    assert!(problems[2].reason_id.contains("baris 4"), "{problems:?}");
    assert!(problems.iter().all(|p| p.file == "bad.csv"));
    assert_eq!(db.store.data_version().unwrap(), version);
    assert!(db.store.title_reviews().unwrap().is_empty());

    // A file without a code column is refused on its header line.
    let ReviewFile::Refused(problems) =
        read(&mut db, "nocode.csv", "judul,catatan\nTukang Las,x\n")
    else {
        panic!("refused")
    };
    assert_eq!(
        (
            problems.len(),
            problems[0].line,
            problems[0].column.as_str()
        ),
        (1, 1, "isco08")
    );

    // Fixed: two titles coded, the row left without a code skipped, one batch.
    let good = "judul,kode,catatan\n\
                Tukang Las,7214,konstruksi baja\n\
                Staff Admin,4110,\n\
                xqzv blorft,,\n";
    let ReviewFile::Read {
        reviews,
        skipped,
        written,
        changed,
        batch,
        ..
    } = read(&mut db, "good.csv", good)
    else {
        panic!("read")
    };
    assert_eq!((reviews, skipped, written), (2, 1, 2));
    // The two welders take 7214; the admin ad already had 4110 from the coder, and now has it
    // as a reviewer's code.
    assert_eq!(changed, 3);
    assert!(batch.is_some());
    assert_eq!(stored_review(&db, "JS-77"), (Some("7214".into()), None, 1));
    assert_eq!(stored_review(&db, "LK-5"), (Some("4110".into()), None, 1));
    let version = db.store.data_version().unwrap();

    // The same file again: nothing to change, no batch.
    let ReviewFile::Read {
        written,
        changed,
        batch,
        ..
    } = read(&mut db, "good.csv", good)
    else {
        panic!("read")
    };
    assert_eq!((written, changed, batch), (0, 0, None));
    assert_eq!(db.store.data_version().unwrap(), version);
}

#[test]
fn a_spreadsheet_of_reviews_reads_codes_typed_as_numbers() {
    use XCell::*;
    use pipeline::review::{ReviewFile, import_reviews};
    let mut db = Db::new();
    committed(&db.import(Entity::Vacancies, "vacancies-uncoded.csv"));
    // Excel stores a typed 7214 as the number 7214.
    let path = db.dir.path().join("tinjauan.xlsx");
    xlsx(
        &path,
        &[
            &[S("Judul"), S("Kode"), S("Catatan")],
            &[S("Tukang Las"), N(7214.0), S("konstruksi baja")],
            &[S("Staff Admin"), S("4110"), S("")],
            // A General cell turns a typed 0110 into 110: the armed forces' unit, read back.
            &[S("Perwira TNI"), N(110.0), S("")],
        ],
    );
    let read = import_reviews(&mut db.store, &Scope::Central, &path, "test")
        .unwrap()
        .unwrap();
    let ReviewFile::Read {
        reviews, changed, ..
    } = read
    else {
        panic!("{read:?}")
    };
    assert_eq!((reviews, changed), (3, 3));
    assert_eq!(stored_review(&db, "KH-10"), (Some("7214".into()), None, 1));
    let codes: Vec<(String, String)> = db
        .store
        .title_reviews()
        .unwrap()
        .into_iter()
        .map(|r| (r.title, r.isco.to_string()))
        .collect();
    assert!(
        codes.contains(&("Perwira TNI".to_string(), "0110".to_string())),
        "{codes:?}"
    );
}

/// The id of a vacancy by its source id.
fn vacancy_id(db: &Db, source_id: &str) -> i64 {
    let c = rusqlite::Connection::open(db.dir.path().join("t.db")).unwrap();
    c.query_row(
        "SELECT id FROM vacancies WHERE source_id = ?1",
        [source_id],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn one_ad_coded_on_its_own_outranks_its_titles_review_until_withdrawn() {
    use pipeline::review::{
        ReviewRefusal, review_title, review_vacancy, withdraw_review, withdraw_vacancy_review,
    };
    let isco = |s: &str| domain::IscoCode::parse(s).unwrap();
    let mut db = uncoded_ads_and_a_sourced_welder();
    let welder = stored_code(&db, "KH-10");
    let (js, sn) = (vacancy_id(&db, "JS-77"), vacancy_id(&db, "SN-1"));
    let central = Scope::Central;
    review_title(
        &mut db.store,
        &central,
        "Tukang Las",
        isco("7214"),
        None,
        "t",
    )
    .unwrap()
    .unwrap();

    // The re-post is a pipe welder's ad: coded on its own, over its title's review.
    let b = review_vacancy(&mut db.store, &central, js, isco("7212"), Some("pipa"), "t")
        .unwrap()
        .unwrap();
    assert!(b.is_some());
    assert_eq!(stored_review(&db, "JS-77"), (Some("7212".into()), None, 2));
    let r = db.store.vacancy_review(js).unwrap().unwrap();
    assert_eq!((r.isco, r.note.as_deref()), (isco("7212"), Some("pipa")));
    // Said again: nothing recorded. A source's code, or no such ad: refused.
    let again = review_vacancy(&mut db.store, &central, js, isco("7212"), Some("pipa"), "t");
    assert_eq!(again.unwrap(), Ok(None));
    for (id, refusal) in [
        (sn, ReviewRefusal::NotReviewable),
        (999_999, ReviewRefusal::UnknownVacancy(999_999)),
    ] {
        let refused = review_vacancy(&mut db.store, &central, id, isco("7212"), None, "t");
        assert_eq!(refused.unwrap(), Err(refusal));
    }
    assert_eq!(
        withdraw_vacancy_review(&mut db.store, &central, 999_999, "t").unwrap(),
        Err(ReviewRefusal::UnknownVacancy(999_999))
    );
    assert_eq!(stored_review(&db, "SN-1"), (Some("7214".into()), None, 0));

    // The title's next review passes the ad by; the queue and the export say whose code is whose.
    review_title(
        &mut db.store,
        &central,
        "Tukang Las",
        isco("7213"),
        None,
        "t",
    )
    .unwrap()
    .unwrap();
    assert_eq!(stored_review(&db, "KH-10"), (Some("7213".into()), None, 1));
    assert_eq!(stored_review(&db, "JS-77"), (Some("7212".into()), None, 2));
    let export = db.export("vacancies");
    let js_row = export.lines().find(|l| l.contains(",JS-77,")).unwrap();
    assert!(js_row.ends_with(",reviewed_ad"), "{js_row}");

    // Withdrawn, the ad takes its title's review; that withdrawn, the coder's code.
    let w = withdraw_vacancy_review(&mut db.store, &central, js, "t").unwrap();
    assert!(w.unwrap().is_some());
    assert_eq!(stored_review(&db, "JS-77"), (Some("7213".into()), None, 1));
    assert_eq!(db.store.vacancy_review(js).unwrap(), None);
    let none = withdraw_vacancy_review(&mut db.store, &central, js, "t").unwrap();
    assert_eq!(none, Ok(None));
    withdraw_review(&mut db.store, &central, "tukang las", "t")
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(stored_code(&db, "KH-10"), welder);
    assert_eq!(stored_review(&db, "JS-77").2, 0);
}

/// (preferred_isco, preferred_given) of each job seeker, by NIK's last two digits.
fn stored_wishes(db: &Db) -> Vec<(String, Option<String>)> {
    let c = rusqlite::Connection::open(db.dir.path().join("t.db")).unwrap();
    let mut st = c
        .prepare(
            "SELECT js.preferred_isco, js.preferred_given FROM job_seekers js
             JOIN persons p ON p.id = js.person_id ORDER BY p.name",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_job_seekers_written_wish_reads_a_reviewed_title_as_its_reviewer_coded_it() {
    let mut db = Db::new();
    committed(&db.import(Entity::Vacancies, "vacancies-uncoded.csv"));
    // One row per person: (name, NIK's last digits, wishes as written).
    let seekers = |db: &Db, file: &str, rows: &[(&str, &str, &str)]| {
        let path = db.dir.path().join(file);
        let mut text = String::from(
            "NIK;Nama Lengkap;Tanggal Lahir;Jenis Kelamin;Kode Wilayah;Pendidikan Terakhir;Jabatan Diminati;Keterampilan;Tanggal Daftar\n",
        );
        for (name, nik_tail, wishes) in rows {
            text.push_str(&format!(
                "32730145089500{nik_tail};{name};05/08/1995;P;32.73;SMK;{wishes};pengelasan;10/01/2025\n"
            ));
        }
        std::fs::write(&path, text).unwrap();
        path
    };
    let opts = ImportOptions {
        actor: "test".into(),
        ..Default::default()
    };
    // Before any review, the coder reads the wish (7212); a source's own code stays apart.
    let first = seekers(
        &db,
        "pencaker-1.csv",
        &[
            ("A Siti", "03", "Tukang Las (SMAW)"),
            ("B Ani", "05", "\"9313;Tukang Las\""),
            ("C Lama", "07", "Tukang Las"),
        ],
    );
    committed(&db.import_with(Entity::JobSeekers, &first, &opts));
    assert_eq!(
        stored_wishes(&db),
        [
            ("7212".to_string(), Some(String::new())),
            ("9313;7212".to_string(), Some("9313".to_string())),
            ("7212".to_string(), Some(String::new())),
        ]
    );
    // A row stored before the source's codes were kept apart.
    rusqlite::Connection::open(db.dir.path().join("t.db"))
        .unwrap()
        .execute(
            "UPDATE job_seekers SET preferred_given = NULL WHERE person_id =
                 (SELECT id FROM persons WHERE name = 'C Lama')",
            [],
        )
        .unwrap();
    let review = pipeline::review::review_title(
        &mut db.store,
        &Scope::Central,
        "Tukang Las",
        domain::IscoCode::parse("7214").unwrap(),
        None,
        "test",
    )
    .unwrap()
    .unwrap();
    // The stored job seekers take the reviewer's code as the ads do: supply and demand of
    // the gap move together. The source's 9313 stays.
    assert_eq!(review.wishes, 3, "{review:?}");
    assert_eq!(
        stored_wishes(&db),
        [
            ("7214".to_string(), Some(String::new())),
            ("9313;7214".to_string(), Some("9313".to_string())),
            ("7214".to_string(), Some(String::new())),
        ]
    );
    // And so does a job seeker imported later.
    let second = seekers(
        &db,
        "pencaker-2.csv",
        &[("D Baru", "11", "Tukang Las (SMAW)")],
    );
    committed(&db.import_with(Entity::JobSeekers, &second, &opts));
    assert_eq!(stored_wishes(&db)[3].0, "7214");
    // Withdrawn: every wish is the coder's again.
    let key = classify::lexicon::title_key("Tukang Las");
    let w = pipeline::review::withdraw_review(&mut db.store, &Scope::Central, &key, "test")
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(w.wishes, 4, "{w:?}");
    let codes: Vec<String> = stored_wishes(&db).into_iter().map(|w| w.0).collect();
    assert_eq!(codes, ["7212", "9313;7212", "7212", "7212"]);
}

#[test]
fn a_file_without_rows_or_without_one_valid_row_records_no_batch() {
    let mut db = Db::new();
    let before = db.checksum();
    let header_only = db.dir.path().join("header-only.csv");
    std::fs::write(
        &header_only,
        "nik,name,sex,region_code,education,registered_date,status\r\n",
    )
    .unwrap();
    let err = import_file(
        &mut db.store,
        &Scope::Central,
        Entity::JobSeekers,
        &header_only,
        &ImportOptions::default(),
        &mut |_, _| {},
    )
    .expect_err("a header alone is an error");
    assert!(err.to_string().contains("no data rows"), "{err}");
    // Every row invalid, even when invalid rows may be skipped: refused, nothing written.
    let all_bad = db.dir.path().join("all-bad.csv");
    std::fs::write(
        &all_bad,
        "nik,name,sex,region_code,education,registered_date,status\n123,Siti,P,32.73,SMK,2025-01-10,ACTIVE\n",
    )
    .unwrap();
    let r = db.import_with(
        Entity::JobSeekers,
        &all_bad,
        &ImportOptions {
            skip_invalid: true,
            ..Default::default()
        },
    );
    assert!(matches!(r.outcome, Outcome::Refused), "{:?}", r.outcome);
    assert_eq!(r.problems[0].line, 2);
    assert!(db.store.batches(10).unwrap().is_empty());
    assert_eq!(db.checksum(), before);
}

#[test]
fn recode_codes_job_seekers_wishes_again_but_never_a_sources_code() {
    let mut db = Db::new();
    let path = db.dir.path().join("pencaker.csv");
    std::fs::write(
        &path,
        "NIK;Nama Lengkap;Tanggal Lahir;Jenis Kelamin;Kode Wilayah;Pendidikan Terakhir;Jabatan Diminati;Keterampilan;Tanggal Daftar\n\
         3273014508950003;A Siti;05/08/1995;P;32.73;SMK;\"9313;Tukang Las\";pengelasan;10/01/2025\n",
    )
    .unwrap();
    committed(&db.import_with(Entity::JobSeekers, &path, &ImportOptions::default()));
    assert_eq!(stored_wishes(&db)[0].0, "9313;7212");
    // As an older coder left it: the wish read as 7213.
    rusqlite::Connection::open(db.dir.path().join("t.db"))
        .unwrap()
        .execute("UPDATE job_seekers SET preferred_isco = '9313;7213'", [])
        .unwrap();
    let dry = pipeline::recode::recode(&mut db.store, &Scope::Central, "test", true).unwrap();
    assert_eq!((dry.wishes, dry.batch.is_none()), (1, true), "{dry:?}");
    assert_eq!(
        stored_wishes(&db)[0].0,
        "9313;7213",
        "a dry run writes nothing"
    );
    let r = pipeline::recode::recode(&mut db.store, &Scope::Central, "test", false).unwrap();
    assert_eq!(r.wishes, 1, "{r:?}");
    assert_eq!(
        stored_wishes(&db),
        [("9313;7212".to_string(), Some("9313".to_string()))]
    );
    let again = pipeline::recode::recode(&mut db.store, &Scope::Central, "test", false).unwrap();
    assert_eq!((again.wishes, again.batch), (0, None));
}

#[test]
fn an_office_workbook_with_instructions_first_and_a_title_row_imports() {
    let mut db = Db::new();
    let path = db.dir.path().join("form.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("Petunjuk").unwrap();
    notes
        .write_string(0, 0, "Isi satu baris per pencari kerja.")
        .unwrap();
    let data = wb.add_worksheet();
    data.set_name("Data").unwrap();
    data.write_string(0, 0, "DATA PENCARI KERJA KOTA BANDUNG 2025")
        .unwrap();
    let header = [
        "NIK",
        "Nama",
        "JK",
        "Kode Wilayah",
        "Pendidikan",
        "Tanggal Daftar",
    ];
    let row = [
        "3273014508950003",
        "Siti",
        "P",
        "32.73",
        "SMK",
        "2025-01-10",
    ];
    let bad = [
        "3273014508950011",
        "Budi",
        "X",
        "32.73",
        "SMK",
        "2025-01-11",
    ];
    for (r, cells) in [(2u32, &header), (3, &row), (4, &bad)] {
        for (c, v) in cells.iter().enumerate() {
            data.write_string(r, c as u16, *v).unwrap();
        }
    }
    wb.save(&path).unwrap();
    let r = db.import_with(Entity::JobSeekers, &path, &ImportOptions::default());
    // The data sheet was read, its header found under the title, and lines are the sheet's.
    assert_eq!(r.outcome, Outcome::Refused, "{:?}", r.problems);
    assert_eq!(
        r.problems
            .iter()
            .map(|p| (p.line, p.column.as_str()))
            .collect::<Vec<_>>(),
        [(5, "sex")],
        "{:?}",
        r.problems
    );
}

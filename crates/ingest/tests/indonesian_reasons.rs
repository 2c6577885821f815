//! Every row problem ingest can report carries its reason in Bahasa Indonesia as well as in
//! English: the repository's bad-row files, and for each entity a file that trips every check
//! its rows go through.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use domain::error::{leftover_english, quoted_parts};
use ingest::{Entity, IngestError, RowProblem, Source, XlsxLimits};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../pipeline/tests/data")
}

/// Every problem of a file: its header's, or its rows'.
fn problems(path: &Path, entity: Entity) -> Vec<RowProblem> {
    let source = Source::open(path, XlsxLimits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut found = Vec::new();
    match ingest::read_records(&source, entity, |_, result| {
        if let Err(p) = result {
            found.extend(p);
        }
    }) {
        Ok(_) => {}
        Err(e @ IngestError::Header { .. }) => found.extend(e.problems().iter().cloned()),
        Err(e) => panic!("{}: {e}", path.display()),
    }
    found
}

fn assert_indonesian(p: &RowProblem) {
    let where_ = format!("{}:{} {}", p.file, p.line, p.column);
    assert!(
        !p.reason_id.trim().is_empty(),
        "{where_}: no Indonesian reason"
    );
    assert_ne!(p.reason_id, p.reason, "{where_}: not translated");
    assert_eq!(
        leftover_english(&p.reason_id),
        None,
        "{where_}: English left in {:?}",
        p.reason_id
    );
    for q in quoted_parts(&p.reason) {
        assert!(
            p.reason_id.contains(q),
            "{where_}: {:?} lacks {q} of {:?}",
            p.reason_id,
            p.reason
        );
    }
}

#[test]
fn the_bad_row_corpora_read_in_indonesian() {
    let mut seen = 0;
    for entry in std::fs::read_dir(corpus_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(entity) = Entity::ALL
            .into_iter()
            .filter(|e| name.starts_with(e.name()))
            .max_by_key(|e| e.name().len())
        else {
            continue;
        };
        if name.contains("malformed") {
            // Refused as a whole file before any row problem.
            continue;
        }
        for p in problems(&path, entity) {
            assert_indonesian(&p);
            seen += 1;
        }
    }
    assert!(seen >= 15, "only {seen} problems in the corpora");
}

#[test]
fn a_bad_nik_reads_as_the_officer_would_write_it() {
    let found = problems(
        &corpus_dir().join("job-seekers-bad-nik.csv"),
        Entity::JobSeekers,
    );
    let short = found.iter().find(|p| p.line == 3).unwrap();
    assert_eq!(short.reason, "NIK must have 16 digits; found 15");
    assert_eq!(short.reason_id, "NIK harus 16 digit; ditemukan 15");
    let header = problems(
        &corpus_dir().join("job-seekers-missing-column.csv"),
        Entity::JobSeekers,
    );
    assert!(
        header.iter().any(|p| p
            .reason_id
            .starts_with("kolom wajib \"sex\" tidak ada (judul kolom yang diterima: sex, ")),
        "{header:#?}"
    );
}

/// A file's entity, its text, and the (line, column) pairs it must report.
type Case = (Entity, &'static str, &'static [(usize, &'static str)]);

/// One file per entity whose rows fail every check they can, each with the problems it must
/// report, so a check that stops firing is noticed too.
const CASES: &[Case] = &[
    (
        Entity::Vacancies,
        "source,source_id,title,employer,region_code,isco08,kbli,education,experience_years,salary_min,salary_max,positions,posted_date,expires_date\n\
         ,,TITLE301,PT A,32-73,12a,1,TK,dua,lima juta,-5000,nol,31/02/2025,\n\
         uji,V-2,Kasir\u{1}x,,99.99,9999,99999,SMA,99,6000000,4000000,0,2025-08-17,2025-08-01\n\
         uji,V-3,Kasir,,32.73,,,,,,,,2025-08-17,,lebih\n",
        &[
            (2, "source"),
            (2, "source_id"),
            (2, "title"),
            (2, "region_code"),
            (2, "isco08"),
            (2, "kbli"),
            (2, "education"),
            (2, "experience_years"),
            (2, "salary_min"),
            (2, "salary_max"),
            (2, "positions"),
            (2, "posted_date"),
            (3, "title"),
            (3, "region_code"),
            (3, "isco08"),
            (3, "kbli"),
            (3, "experience_years"),
            (3, "salary_max"),
            (3, "positions"),
            (3, "expires_date"),
            (4, "(row)"),
        ],
    ),
    (
        Entity::JobSeekers,
        "nik,name,birth_date,sex,region_code,education,preferred_isco,registered_date,status\n\
         3273014508950003,,2020-01-01,L,32.73,SMK,12345;99999,2025-01-10,MENCARI\n\
         0000000000000000,A,,L,32.73,SMK,,2025-01-10,\n\
         0073014508950003,A,,L,32.73,SMK,,2025-01-10,\n\
         3273013208950003,A,,L,32.73,SMK,,2025-01-10,\n\
         3273014513950003,A,,L,32.73,SMK,,2025-01-10,\n\
         3273014508950000,A,,L,32.73,SMK,,2025-01-10,\n\
         ,A,,,,,,,\n",
        &[
            (2, "name"),
            (2, "birth_date"),
            (2, "preferred_isco"),
            (2, "status"),
            (3, "nik"),
            (4, "nik"),
            (5, "nik"),
            (6, "nik"),
            (7, "nik"),
            (8, "nik"),
            (8, "sex"),
            (8, "region_code"),
            (8, "education"),
            (8, "registered_date"),
        ],
    ),
    (
        Entity::Blks,
        "code,name,type,region_code,capacity,programmes\n\
         B1,BLK Satu,SWASTA,32,LAS:2:3;LAS:1:1;XX,ZZZ-99\n",
        &[
            (2, "type"),
            (2, "region_code"),
            (2, "capacity"),
            (2, "programmes"),
        ],
    ),
    (
        Entity::Cohorts,
        "cohort_code,blk_code,programme_code,start_date,end_date,seats,funding,nik,name,sex,status,certified\n\
         K1,B1,LAS-01,2025-03-01,2025-02-01,500,HIBAH,3273014508950003,Siti,P,AKTIF,ya\n\
         K1,B2,LAS-01,2025-03-01,2025-02-01,16,APBN,3273014508950003,Siti,P,LULUS,mungkin\n\
         K2,B1,ZZZ,2025-03-01,2025-04-01,16,APBN,3273014508950003,Siti,P,STATUSX,\n",
        &[
            (2, "end_date"),
            (2, "seats"),
            (2, "funding"),
            (2, "certified"),
            (3, "blk_code"),
            (3, "certified"),
            (4, "programme_code"),
            (4, "status"),
        ],
    ),
    (
        Entity::Placements,
        "nik,placement_type,employer,start_date,vacancy_source,vacancy_source_id,monthly_income\n\
         3273014508950003,MAGANG,PT A,2025-01-01,karirhub,,Rp lima\n",
        &[
            (2, "placement_type"),
            (2, "vacancy_source_id"),
            (2, "monthly_income"),
        ],
    ),
    (
        Entity::Tracer,
        "nik,cohort_code,wave,response_date,status,relevant,respondent\n\
         3273014508950003,K1,,2025-01-01,KERJA,mungkin,SIAPA\n\
         3273014508950003,K1,40,2025-01-01,UNEMPLOYED,ya,SELF\n",
        &[
            (2, "wave"),
            (2, "status"),
            (2, "relevant"),
            (2, "respondent"),
            (3, "wave"),
        ],
    ),
    (
        Entity::Indicators,
        "region_code,year,kbli_category,grdp_idr_billion\n\
         32.16,1900,C,dua ribu\n",
        &[(2, "year"), (2, "grdp_idr_billion")],
    ),
    (
        Entity::Targets,
        "indicator,level,area_code,year,project_year,target\n\
         GRADUATES,NATIONAL,32,,,100\n\
         KEBEKERJAAN,PROVINCE,32,2025,1,150%\n\
         XYZ,LEVELX,,2025,9,banyak\n\
         GRADUATES,BLK,,2025,1,100\n\
         GRADUATES,PROVINCE,ABC,2025,1,100\n\
         GRADUATES,NATIONAL,,2025,1,-5\n",
        &[
            (2, "area_code"),
            (2, "year"),
            (2, "project_year"),
            (3, "target"),
            (4, "indicator"),
            (4, "level"),
            (4, "project_year"),
            (4, "target"),
            (5, "area_code"),
            (6, "area_code"),
            (7, "target"),
        ],
    ),
];

#[test]
fn every_entity_check_reads_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let mut reasons = BTreeSet::new();
    for (entity, text, expected) in CASES {
        let path = dir.path().join(format!("{}.csv", entity.name()));
        std::fs::write(&path, text.replace("TITLE301", &"x".repeat(301))).unwrap();
        let found = problems(&path, *entity);
        for p in &found {
            assert_indonesian(p);
            reasons.insert(p.reason_id.clone());
        }
        let at: BTreeSet<(usize, &str)> =
            found.iter().map(|p| (p.line, p.column.as_str())).collect();
        for want in *expected {
            assert!(
                at.contains(want),
                "{entity}: no problem at {want:?}: {found:#?}"
            );
        }
    }
    assert!(
        reasons.len() >= 50,
        "only {} distinct reasons",
        reasons.len()
    );
}

#[test]
fn spreadsheet_numbers_read_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pencaker.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, h) in [
        "nik",
        "name",
        "sex",
        "region_code",
        "education",
        "registered_date",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    // A NIK typed into a number cell, and a date serial from before 1900-03-01.
    sheet.write_number(1, 0, 3_273_014_508_950_003.0).unwrap();
    sheet.write_string(1, 1, "Siti").unwrap();
    sheet.write_string(1, 2, "P").unwrap();
    sheet.write_string(1, 3, "32.73").unwrap();
    sheet.write_string(1, 4, "SMK").unwrap();
    sheet.write_number(1, 5, 5.0).unwrap();
    book.save(&path).unwrap();
    let found = problems(&path, Entity::JobSeekers);
    let columns: BTreeSet<&str> = found.iter().map(|p| p.column.as_str()).collect();
    assert_eq!(
        columns,
        BTreeSet::from(["nik", "registered_date"]),
        "{found:#?}"
    );
    for p in &found {
        assert_indonesian(p);
    }
    let nik = found.iter().find(|p| p.column == "nik").unwrap();
    assert!(nik.reason_id.contains("Teks"), "{}", nik.reason_id);
}

/// A file refused whole says why in Bahasa Indonesia too, naming the file (and the line).
#[test]
fn files_refused_whole_say_why_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let refused = |name: &str, bytes: &[u8]| -> IngestError {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        match Source::open(&path, XlsxLimits::default()) {
            Err(e) => e,
            Ok(_) => panic!("{name}: opened"),
        }
    };
    let legacy = refused("lama.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old");
    assert!(legacy.to_string().contains("old .xls workbook"), "{legacy}");
    assert_eq!(
        legacy.indonesian(),
        "lama.xls: ini buku kerja .xls lama atau berkas teks UTF-16; simpan sebagai .xlsx atau sebagai CSV UTF-8"
    );
    let empty = refused("kosong.csv", b",,\n1,2,3\n");
    assert_eq!(
        empty.indonesian(),
        "kosong.csv: berkas tidak memiliki baris judul kolom"
    );
    let broken = refused("rusak.xlsx", b"PK\x03\x04 not a zip at all");
    let id = broken.indonesian();
    assert!(id.starts_with("rusak.xlsx: berkas ditolak ("), "{id}");
    // Not a table under a table's name: said what it is, not "required column missing".
    for (name, bytes, en, id) in [
        (
            "laporan.csv",
            &b"%PDF-1.7\n..."[..],
            "a PDF document",
            "dokumen PDF",
        ),
        ("foto.csv", &b"\x89PNG\r\n\x1a\n"[..], "an image", "gambar"),
        (
            "halaman.csv",
            &b"<!DOCTYPE html><html>"[..],
            "a web page",
            "halaman web",
        ),
        (
            "data.csv",
            &b"[{\"nik\": 1}]"[..],
            "a JSON document",
            "dokumen JSON",
        ),
    ] {
        let e = refused(name, bytes);
        assert!(e.to_string().contains(en), "{e}");
        assert!(e.indonesian().contains(id), "{}", e.indonesian());
    }
}

#[test]
fn implausible_incomes_are_named_by_line_and_column() {
    let found = problems(&corpus_dir().join("tracer-implausible.csv"), Entity::Tracer);
    let at: Vec<(usize, &str)> = found.iter().map(|p| (p.line, p.column.as_str())).collect();
    // Rp 4.5 billion a month (a year's or a typo), an income while unemployed, and Rp 4,500
    // (thousands typed for rupiah); no income (zero) while out of the labour force is fine.
    assert_eq!(
        at,
        [
            (2, "monthly_income"),
            (3, "monthly_income"),
            (5, "monthly_income")
        ],
        "{found:?}"
    );
    assert!(
        found[2].reason.contains("at least 10000"),
        "{}",
        found[2].reason
    );
    assert!(found[0].reason.contains("per month"), "{}", found[0].reason);
    assert!(
        found[1].reason.contains("UNEMPLOYED"),
        "{}",
        found[1].reason
    );
}

#[test]
fn a_spreadsheet_error_in_a_cell_is_named_not_stored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pencaker.csv");
    std::fs::write(
        &path,
        "nik,name,sex,region_code,education,registered_date,phone\n\
         3273014508950003,Siti,P,32.73,SMK,2025-01-10,#N/A\n\
         3273014508950011,Budi,L,32.73,SLTA/Sederajat,17-Agu-2025,0812345678\n",
    )
    .unwrap();
    let found = problems(&path, Entity::JobSeekers);
    let at: Vec<(usize, &str)> = found.iter().map(|p| (p.line, p.column.as_str())).collect();
    // The second row (a form's education, Excel's Indonesian date) is fine.
    assert_eq!(at, [(2, "phone")], "{found:?}");
    assert!(
        found[0].reason.contains("spreadsheet error #N/A"),
        "{found:?}"
    );
    assert_indonesian(&found[0]);
}

#[test]
fn an_unclosed_quote_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kutip.csv");
    std::fs::write(
        &path,
        "nik,name,sex,region_code,education,registered_date\n\
         3273014508950003,\"Siti,P,32.73,SMK,2025-01-10\n\
         3273014508950011,Budi,L,32.73,SMA,2025-01-11\n\
         3273014508950029,Ani,P,32.73,SMK,2025-01-12\n",
    )
    .unwrap();
    let found = problems(&path, Entity::JobSeekers);
    assert_eq!(
        (found[0].line, found[0].column.as_str()),
        (2, "(row)"),
        "{found:?}"
    );
    assert!(found[0].reason.contains("never closed"), "{found:?}");
    assert!(found[0].reason.contains("\"name\""), "{found:?}");
    assert_indonesian(&found[0]);
}

#[test]
fn a_phone_cell_that_is_no_phone_number_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("telepon.csv");
    std::fs::write(
        &path,
        "nik,name,sex,region_code,education,registered_date,phone\n\
         3273014508950003,Siti,P,32.73,SMK,2025-01-10,0812\n\
         3273014508950011,Budi,L,32.73,SMA,2025-01-11,8.12345E+11\n\
         3273014508950029,Ani,P,32.73,SMK,2025-01-12,tidak ada\n\
         3273014508950037,Dewi,P,32.73,SMK,2025-01-12,+62 812-3456-7890\n",
    )
    .unwrap();
    let found = problems(&path, Entity::JobSeekers);
    let at: Vec<(usize, &str)> = found.iter().map(|p| (p.line, p.column.as_str())).collect();
    assert_eq!(at, [(2, "phone"), (3, "phone"), (4, "phone")], "{found:?}");
    assert!(found[1].reason.contains("scientific notation"), "{found:?}");
    for p in &found {
        assert_indonesian(p);
    }
}

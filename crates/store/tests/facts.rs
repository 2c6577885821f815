//! The analytics facts read on both engines: duplicates marked, unplaced vacancies counted
//! rather than dropped, only active job seekers and only enrolled or completed trainees, and
//! every read filtered by the caller's scope. Each test runs on SQLite and, when a server
//! answers, on PostgreSQL in a database created for the test and dropped afterwards.

use domain::records::*;
use domain::{Date, Education, IscoCode, Nik, RegionCode, Rupiah, Scope, Sex, YearMonth};
use store::{
    BatchMeta, IndicatorFactRow, RecodeChange, RegionFill, RowOutcome, SeekerFactRow, Store,
    TraineeFactReport, TraineeFactRow, VacancyFactReport, VacancyFactRow,
};

mod common;

use common::{TestDb, import};

on_both_engines!(
    vacancy_facts_mark_duplicates_and_count_unplaced_vacancies,
    supply_facts_read_active_seekers_and_enrolled_or_completed_trainees,
    every_fact_read_is_filtered_by_the_scope,
    indicators_upsert_by_natural_key_and_read_back_in_scope,
    recoding_reads_and_rewrites_only_listraf_codes_in_scope,
    vacancies_without_a_region_are_placed_centrally_and_only_once,
);

fn region(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn isco(s: &str) -> IscoCode {
    IscoCode::parse(s).unwrap()
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn month(s: &str) -> YearMonth {
    YearMonth::parse(s).unwrap()
}

fn vacancy(id: &str, reg: Option<&str>, code: Option<&str>, posted: &str, n: u32) -> Record {
    Record::Vacancy(VacancyRecord {
        source: "test".into(),
        source_id: id.into(),
        title: format!("Lowongan {id}"),
        description: None,
        context: None,
        skill_tags: None,
        employer: Some("PT Maju".into()),
        region: reg.map(region),
        location_text: None,
        isco: code.map(isco),
        isco_confidence: None,
        isco_reviewed: false,
        region_resolved: false,
        kbli: None,
        education: None,
        experience_years: None,
        salary_min: Some(Rupiah(4_000_000)),
        salary_max: Some(Rupiah(6_000_000)),
        positions: Some(n),
        posted: date(posted),
        expires: None,
    })
}

fn seeker(
    nik: &str,
    reg: &str,
    codes: &[&str],
    registered: &str,
    status: JobSeekerStatus,
) -> Record {
    Record::JobSeeker(JobSeekerRecord {
        nik: Nik::parse(nik).unwrap(),
        name: "Siti".into(),
        birth_date: None,
        sex: Sex::Female,
        region: region(reg),
        education: Education::Smk,
        preferred_isco: codes.iter().map(|c| isco(c)).collect(),
        preferred_text: vec![],
        preferred_coded: vec![],
        skills: vec![],
        registered: date(registered),
        status: Some(status),
        phone: None,
    })
}

fn blk(code: &str, reg: &str) -> Record {
    Record::Blk(BlkRecord {
        code: code.into(),
        name: format!("BLK {code}"),
        blk_type: BlkType::Uptd,
        region: region(reg),
        address: None,
        capacity: vec![KejuruanCapacity {
            kejuruan: "LAS",
            workshops: 2,
            instructors: 3,
        }],
        programmes: vec!["LAS-01".into()],
    })
}

fn trainee(cohort: &str, blk: &str, end: &str, nik: &str, status: TraineeStatus) -> Record {
    Record::CohortTrainee(CohortTraineeRecord {
        cohort_code: cohort.into(),
        blk_code: blk.into(),
        programme_code: "LAS-01".into(),
        start: date("2025-03-03"),
        end: date(end),
        seats: 16,
        funding: FundingSource::Dekon,
        nik: Nik::parse(nik).unwrap(),
        // The job seekers' person: a NIK registered to one sex is refused with another.
        name: "Siti".into(),
        sex: Sex::Female,
        birth_date: None,
        education: None,
        region: None,
        phone: None,
        status,
        certified: false,
    })
}

fn placement(nik: &str, cohort: &str) -> Record {
    Record::Placement(PlacementRecord {
        nik: Nik::parse(nik).unwrap(),
        placement_type: PlacementType::Wage,
        employer: "PT Maju".into(),
        start: date("2025-05-05"),
        cohort_code: Some(cohort.into()),
        vacancy_source: None,
        vacancy_source_id: None,
        isco: None,
        region: None,
        monthly_income: None,
        evidence: None,
    })
}

/// Bandung (32.73) and Jakarta Pusat (31.71): placed vacancies with one duplicate pair, four
/// that cannot be placed, job seekers of every status, and trainees of every status.
fn fill(store: &mut Store) {
    import(
        store,
        "blks",
        "b",
        &[blk("B-BDG", "32.73"), blk("B-JKT", "31.71")],
    );
    let meta = BatchMeta {
        entity: "vacancies",
        file_name: "v.csv",
        file_sha256: "v",
        source_label: "test",
        actor: "cli",
        synthetic: false,
    };
    let mut s = store.begin_import(&Scope::Central, &meta).unwrap();
    for r in [
        vacancy("V1", Some("32.73"), Some("7212"), "2025-01-10", 3),
        vacancy("V2", Some("32.73"), Some("7212"), "2025-01-12", 3),
        vacancy("V3", Some("31.71"), Some("5223"), "2025-02-01", 1),
        vacancy("V4", None, Some("7212"), "2025-01-05", 2),
        vacancy("V5", Some("32"), Some("7212"), "2025-01-05", 5),
        vacancy("V6", Some("32.73"), None, "2025-01-05", 7),
        vacancy("V7", Some("32.73"), Some("721"), "2025-01-05", 11),
        vacancy("V8", None, None, "2025-01-06", 13),
    ] {
        s.add(&r).unwrap();
    }
    // V2 repeats V1, and V8 repeats V4: a duplicate is never counted as unplaced either.
    let rows = s.vacancies_for_dedup().unwrap();
    let id = |title: &str| rows.iter().find(|r| r.title == title).unwrap().id;
    s.set_duplicate_clusters(&[
        (id("Lowongan V1"), id("Lowongan V1")),
        (id("Lowongan V2"), id("Lowongan V1")),
        (id("Lowongan V4"), id("Lowongan V4")),
        (id("Lowongan V8"), id("Lowongan V4")),
    ])
    .unwrap();
    s.commit().unwrap();

    import(
        store,
        "job-seekers",
        "s",
        &[
            seeker(
                "3273010101900001",
                "32.73",
                &["7212", "7223"],
                "2025-01-10",
                JobSeekerStatus::Active,
            ),
            seeker(
                "3273010101900002",
                "32.73",
                &["7212", "7223"],
                "2025-01-20",
                JobSeekerStatus::Active,
            ),
            seeker(
                "3273010101900003",
                "32.73",
                &["7212"],
                "2025-01-20",
                JobSeekerStatus::Placed,
            ),
            seeker(
                "3171010101900004",
                "31.71",
                &["5223"],
                "2025-02-03",
                JobSeekerStatus::Active,
            ),
        ],
    );
    import(
        store,
        "cohorts",
        "c",
        &[
            trainee(
                "C1",
                "B-BDG",
                "2025-04-25",
                "3273010101900011",
                TraineeStatus::Enrolled,
            ),
            trainee(
                "C1",
                "B-BDG",
                "2025-04-25",
                "3273010101900012",
                TraineeStatus::Completed,
            ),
            trainee(
                "C1",
                "B-BDG",
                "2025-04-25",
                "3273010101900013",
                TraineeStatus::Dropped,
            ),
            trainee(
                "C1",
                "B-BDG",
                "2025-04-25",
                "3273010101900014",
                TraineeStatus::NotPassed,
            ),
            // Also a registered job seeker.
            trainee(
                "C1",
                "B-BDG",
                "2025-04-25",
                "3171010101900004",
                TraineeStatus::Completed,
            ),
            // Placed below.
            trainee(
                "C1",
                "B-BDG",
                "2025-04-25",
                "3273010101900015",
                TraineeStatus::Completed,
            ),
            trainee(
                "C2",
                "B-JKT",
                "2025-06-20",
                "3171010101900021",
                TraineeStatus::Completed,
            ),
        ],
    );
    import(
        store,
        "placements",
        "p",
        &[placement("3273010101900015", "C1")],
    );
}

fn vacancies(store: &mut Store, scope: &Scope) -> (Vec<VacancyFactRow>, VacancyFactReport) {
    let mut facts = Vec::new();
    let report = store.vacancy_facts(scope, |f| facts.push(f)).unwrap();
    (facts, report)
}

fn seekers(store: &mut Store, scope: &Scope) -> Vec<SeekerFactRow> {
    let mut facts = Vec::new();
    store.seeker_facts(scope, |f| facts.push(f)).unwrap();
    facts
}

fn trainees(store: &mut Store, scope: &Scope) -> (Vec<TraineeFactRow>, TraineeFactReport) {
    let mut facts = Vec::new();
    let report = store.trainee_facts(scope, |f| facts.push(f)).unwrap();
    (facts, report)
}

fn vacancy_facts_mark_duplicates_and_count_unplaced_vacancies(db: &TestDb) {
    let mut s = db.open();
    fill(&mut s);
    let (facts, report) = vacancies(&mut s, &Scope::Central);
    let summary: Vec<_> = facts
        .iter()
        .map(|f| {
            (
                f.region.to_string(),
                f.isco.to_string(),
                f.month,
                f.positions,
                f.first_of_cluster,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("32.73".into(), "7212".into(), month("2025-01"), 3, true),
            ("32.73".into(), "7212".into(), month("2025-01"), 3, false),
            ("31.71".into(), "5223".into(), month("2025-02"), 1, true),
        ]
    );
    assert_eq!(facts[0].salary, Some(Rupiah(5_000_000)));
    assert_eq!(
        report,
        VacancyFactReport {
            rows: 8,
            facts: 3,
            // V4, V5, V6 and V7; V8 is V4 again.
            unplaced: 4,
            unplaced_positions: 2 + 5 + 7 + 11,
            unplaced_no_regency: 2,
            unplaced_no_unit: 2,
            bad_date: 0,
        }
    );
}

fn supply_facts_read_active_seekers_and_enrolled_or_completed_trainees(db: &TestDb) {
    let mut s = db.open();
    fill(&mut s);
    let mut facts = Vec::new();
    let report = s.seeker_facts(&Scope::Central, |f| facts.push(f)).unwrap();
    assert_eq!(report.seekers, 3, "the placed job seeker is not supply");
    assert_eq!((report.groups, report.bad_rows), (2, 0));
    assert_eq!(
        facts,
        vec![
            SeekerFactRow {
                region: region("31.71"),
                preferred: vec![isco("5223")],
                month: month("2025-02"),
                n: 1
            },
            SeekerFactRow {
                region: region("32.73"),
                preferred: vec![isco("7212"), isco("7223")],
                month: month("2025-01"),
                n: 2
            },
        ]
    );

    let (facts, report) = trainees(&mut s, &Scope::Central);
    assert_eq!(
        report.trainees, 5,
        "dropped and failed trainees are not read"
    );
    let summary: Vec<_> = facts
        .iter()
        .map(|f| {
            (
                f.region.to_string(),
                f.programme.as_str(),
                f.end_month,
                f.status,
                f.registered,
                f.placed,
                f.n,
            )
        })
        .collect();
    let apr = month("2025-04");
    assert_eq!(
        summary,
        vec![
            (
                "31.71".into(),
                "LAS-01",
                month("2025-06"),
                TraineeStatus::Completed,
                false,
                false,
                1
            ),
            (
                "32.73".into(),
                "LAS-01",
                apr,
                TraineeStatus::Completed,
                false,
                false,
                1
            ),
            (
                "32.73".into(),
                "LAS-01",
                apr,
                TraineeStatus::Completed,
                false,
                true,
                1
            ),
            (
                "32.73".into(),
                "LAS-01",
                apr,
                TraineeStatus::Completed,
                true,
                false,
                1
            ),
            (
                "32.73".into(),
                "LAS-01",
                apr,
                TraineeStatus::Enrolled,
                false,
                false,
                1
            ),
        ]
    );
}

fn every_fact_read_is_filtered_by_the_scope(db: &TestDb) {
    let mut s = db.open();
    fill(&mut s);
    let jabar = Scope::Province(region("32"));
    let (facts, report) = vacancies(&mut s, &jabar);
    assert_eq!(facts.len(), 2);
    assert!(facts.iter().all(|f| f.region.province() == region("32")));
    // A vacancy without any region is visible to the centre only; the province-only one is not.
    assert_eq!((report.rows, report.unplaced), (5, 3));

    let jakpus = Scope::Regency(region("31.71"));
    let (facts, _) = vacancies(&mut s, &jakpus);
    assert_eq!(facts.len(), 1);
    assert_eq!(seekers(&mut s, &jakpus).len(), 1);
    let (t, _) = trainees(&mut s, &jakpus);
    assert_eq!(t.len(), 1);

    // A BLK sees its regency's vacancies and job seekers, and only its own trainees.
    let blk = Scope::Blk {
        code: "B-BDG".into(),
        region: region("32.73"),
    };
    let (facts, _) = vacancies(&mut s, &blk);
    assert_eq!(facts.len(), 2);
    assert_eq!(seekers(&mut s, &blk).len(), 1);
    let (t, report) = trainees(&mut s, &blk);
    assert_eq!(report.trainees, 4);
    assert!(t.iter().all(|f| f.region == region("32.73")));
}

fn indicator(reg: &str, year: u16, c: char, grdp: f64, employment: Option<u64>) -> Record {
    Record::Indicator(IndicatorRecord {
        region: region(reg),
        year,
        category: domain::KbliCategory::from_letter(c).unwrap(),
        grdp_idr_billion: grdp,
        employment,
    })
}

/// Writes `records` as one batch in `scope` and returns each row's outcome.
fn outcomes(store: &mut Store, scope: &Scope, sha: &str, records: &[Record]) -> Vec<RowOutcome> {
    let meta = BatchMeta {
        entity: "indicators",
        file_name: "pdrb.csv",
        file_sha256: sha,
        source_label: "test",
        actor: "cli",
        synthetic: false,
    };
    let mut s = store.begin_import(scope, &meta).unwrap();
    let out = records.iter().map(|r| s.add(r).unwrap()).collect();
    s.commit().unwrap();
    out
}

fn indicators_upsert_by_natural_key_and_read_back_in_scope(db: &TestDb) {
    let mut store = db.open();
    let first = [
        indicator("32.16", 2024, 'C', 210_356.02, Some(621_950)),
        indicator("32.16", 2024, 'A', 2_131.9, None),
        indicator("32", 2024, 'C', 701_318.6, None),
        indicator("33.74", 2024, 'G', 40_000.5, Some(300_000)),
    ];
    assert!(
        outcomes(&mut store, &Scope::Central, "i1", &first)
            .iter()
            .all(|o| *o == RowOutcome::Inserted)
    );
    // A revision: one figure changed, one employment added, one employment left blank (kept),
    // one row as before.
    let revised = [
        indicator("32.16", 2024, 'C', 211_002.4, Some(621_950)),
        indicator("32.16", 2024, 'A', 2_131.9, Some(93_800)),
        indicator("33.74", 2024, 'G', 40_000.5, None),
        indicator("32", 2024, 'C', 701_318.6, None),
    ];
    assert_eq!(
        outcomes(&mut store, &Scope::Central, "i2", &revised),
        [
            RowOutcome::Updated,
            RowOutcome::Updated,
            RowOutcome::Unchanged,
            RowOutcome::Unchanged
        ]
    );
    // A regency office may write its own regency only.
    let bekasi = region("32.16");
    let out = outcomes(
        &mut store,
        &Scope::Regency(bekasi),
        "i3",
        &[
            indicator("32.16", 2023, 'C', 201_488.3, None),
            indicator("32", 2023, 'C', 650_000.0, None),
        ],
    );
    assert_eq!(out[0], RowOutcome::Inserted);
    assert!(matches!(
        out[1],
        RowOutcome::Rejected {
            column: "region_code",
            ..
        }
    ));

    let read = |store: &mut Store, scope: &Scope| {
        let mut rows: Vec<IndicatorFactRow> = Vec::new();
        let report = store.indicator_facts(scope, |r| rows.push(r)).unwrap();
        assert_eq!(report.bad_rows, 0);
        rows
    };
    let all = read(&mut store, &Scope::Central);
    assert_eq!(all.len(), 5);
    let c = all
        .iter()
        .find(|r| r.region == bekasi && r.year == 2024 && r.category.letter() == 'C')
        .unwrap();
    assert_eq!(
        (c.grdp_idr_billion, c.employment),
        (211_002.4, Some(621_950))
    );
    let semarang = all.iter().find(|r| r.region == region("33.74")).unwrap();
    assert_eq!(semarang.employment, Some(300_000));
    assert_eq!(read(&mut store, &Scope::Province(region("32"))).len(), 4);
    assert_eq!(read(&mut store, &Scope::Regency(bekasi)).len(), 3);

    let mut exported = Vec::new();
    store
        .export(&Scope::Regency(bekasi), "indicators", |row| {
            exported.push(row.join(","))
        })
        .unwrap();
    assert_eq!(
        exported,
        [
            "32.16,2023,C,201488.3,",
            "32.16,2024,A,2131.9,93800",
            "32.16,2024,C,211002.4,621950"
        ]
    );
}

/// `listraf recode`'s two store calls: only vacancies without a source code are read, only in
/// the caller's scope; the update refuses a row whose code came from a source, a row outside
/// the session's scope, and a row that no longer holds what was read.
fn recoding_reads_and_rewrites_only_listraf_codes_in_scope(db: &TestDb) {
    let mut store = db.open();
    let coded = |id: &str, reg: Option<&str>, code: Option<&str>, confidence: Option<f32>| {
        let mut r = vacancy(id, reg, code, "2025-03-01", 1);
        if let Record::Vacancy(v) = &mut r {
            v.isco_confidence = confidence;
        }
        r
    };
    import(
        &mut store,
        "vacancies",
        "recode",
        &[
            coded("SRC", Some("32.73"), Some("7212"), None),
            coded("LIS", Some("32.73"), Some("4110"), Some(0.8)),
            coded("UNC", Some("32.73"), None, None),
            coded("STALE", Some("32.73"), Some("5223"), Some(0.5)),
            coded("FAR", Some("35.78"), Some("5223"), Some(0.7)),
            coded("NOWHERE", None, Some("9112"), Some(0.6)),
        ],
    );
    let jabar = Scope::Province(region("32"));
    let rows = store.vacancies_for_recode(&jabar, 0, 100).unwrap();
    let titles: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["Lowongan LIS", "Lowongan UNC", "Lowongan STALE"]);
    assert_eq!(rows[0].isco, Some(isco("4110")));
    assert!(rows[0].confidence.is_some_and(|c| (c - 0.8).abs() < 1e-6));
    assert_eq!((rows[1].isco, rows[1].confidence), (None, None));
    // The centre sees every vacancy without a source code, the unplaced one too.
    let central = store.vacancies_for_recode(&Scope::Central, 0, 100).unwrap();
    assert_eq!(central.len(), 5);
    // Read a page at a time, from the id after the last one read.
    let first = store.vacancies_for_recode(&Scope::Central, 0, 2).unwrap();
    let rest = store
        .vacancies_for_recode(&Scope::Central, first[1].id, 100)
        .unwrap();
    assert_eq!((first.len(), rest.len()), (2, 3));
    assert_eq!(rest[0].id, central[2].id);
    // Every vacancy of this fresh database by source id: (id, code, confidence).
    let stored = |store: &mut Store| {
        (1..=50)
            .filter_map(|id| store.vacancy_detail(&Scope::Central, id).unwrap())
            .map(|v| {
                (
                    v.source_id.clone(),
                    (v.id, v.isco08.clone(), v.isco_confidence),
                )
            })
            .collect::<std::collections::HashMap<_, _>>()
    };
    let before = stored(&mut store);
    assert_eq!(before.len(), 6, "{before:?}");
    let change = |key: &str, read: (Option<&str>, Option<f64>), after: (&str, f64)| RecodeChange {
        id: before[key].0,
        before: (read.0.map(isco), read.1),
        after: (Some(isco(after.0)), Some(after.1)),
    };
    let mut s = store
        .begin_import(&jabar, &common::meta("recode", "r1"))
        .unwrap();
    s.set_codes(
        rows.len() as u64,
        &[
            RecodeChange {
                id: rows[0].id,
                before: (rows[0].isco, rows[0].confidence),
                after: (Some(isco("4311")), Some(0.55)),
            },
            RecodeChange {
                id: rows[1].id,
                before: (None, None),
                after: (Some(isco("9112")), Some(0.61)),
            },
            // Read as 5223 at 0.4, but it holds 0.5 now: changed since, left alone.
            change("STALE", (Some("5223"), Some(0.4)), ("9313", 0.9)),
            // Its code came from its source.
            change("SRC", (Some("7212"), None), ("9313", 0.9)),
            // Outside West Java (read exactly as stored, so only the scope refuses it).
            change("FAR", (Some("5223"), before["FAR"].2), ("9313", 0.9)),
        ],
    )
    .unwrap();
    let summary = s.commit().unwrap();
    assert_eq!(
        (summary.total, summary.updated, summary.unchanged),
        (3, 2, 1)
    );
    let after = stored(&mut store);
    let code = |k: &str| (after[k].1.clone(), after[k].2.map(|c| (c * 100.0).round()));
    assert_eq!(code("SRC"), (Some("7212".into()), None));
    assert_eq!(code("LIS"), (Some("4311".into()), Some(55.0)));
    assert_eq!(code("UNC"), (Some("9112".into()), Some(61.0)));
    assert_eq!(code("STALE"), (Some("5223".into()), Some(50.0)));
    assert_eq!(code("FAR"), (Some("5223".into()), Some(70.0)));
    // The same change from the centre goes through: the scope was what refused it.
    let mut s = store
        .begin_import(&Scope::Central, &common::meta("recode", "r2"))
        .unwrap();
    s.set_codes(
        1,
        &[change(
            "FAR",
            (Some("5223"), before["FAR"].2),
            ("9313", 0.9),
        )],
    )
    .unwrap();
    assert_eq!(s.commit().unwrap().updated, 1);
}

fn vacancies_without_a_region_are_placed_centrally_and_only_once(db: &TestDb) {
    let mut s = db.open();
    let mut unplaced = vacancy("U-1", None, None, "2025-08-01", 1);
    let mut unplaceable = vacancy("U-2", None, None, "2025-08-02", 1);
    if let (Record::Vacancy(a), Record::Vacancy(b)) = (&mut unplaced, &mut unplaceable) {
        a.location_text = Some("Cikarang".into());
        b.location_text = Some("Jabodetabek".into());
    }
    let placed = vacancy("P-1", Some("32.73"), None, "2025-08-03", 1);
    import(
        &mut s,
        "vacancies",
        "v1",
        &[
            unplaced,
            unplaceable,
            placed,
            vacancy("N-1", None, None, "2025-08-04", 1),
        ],
    );

    // Only the centre sees vacancies without a region, with their location text, if any, and
    // their title, both of which may place them.
    let west_java = Scope::Province(region("32.16").province());
    assert!(s.vacancies_without_region(&west_java).unwrap().is_empty());
    let rows = s.vacancies_without_region(&Scope::Central).unwrap();
    let texts: Vec<(Option<&str>, &str)> = rows
        .iter()
        .map(|v| (v.location_text.as_deref(), v.title.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            (Some("Cikarang"), "Lowongan U-1"),
            (Some("Jabodetabek"), "Lowongan U-2"),
            (None, "Lowongan N-1"),
        ]
    );
    let fill = RegionFill {
        id: rows[0].id,
        region: region("32.16"),
    };

    // A province's session places nothing outside its scope.
    let mut session = s
        .begin_import(
            &Scope::Province(region("31.74").province()),
            &common::meta("recode", "r0"),
        )
        .unwrap();
    assert_eq!(
        session.set_regions(1, std::slice::from_ref(&fill)).unwrap(),
        0
    );
    session.commit().unwrap();

    let mut session = s
        .begin_import(&Scope::Central, &common::meta("recode", "r1"))
        .unwrap();
    assert_eq!(
        session.set_regions(2, std::slice::from_ref(&fill)).unwrap(),
        1
    );
    let summary = session.commit().unwrap();
    assert_eq!(
        (summary.total, summary.updated, summary.unchanged),
        (2, 1, 1)
    );
    let left = s.vacancies_without_region(&Scope::Central).unwrap();
    assert_eq!(left.len(), 2);
    assert_eq!(left[0].location_text.as_deref(), Some("Jabodetabek"));
    // Now in West Java's view, as resolved from its text.
    let in_view = |s: &mut Store, scope: &Scope| -> Vec<String> {
        s.vacancies_for_recode(scope, 0, 100)
            .unwrap()
            .into_iter()
            .map(|r| r.title)
            .collect()
    };
    assert!(in_view(&mut s, &west_java).contains(&"Lowongan U-1".to_string()));

    // A stored region is never moved: a second fill of the same row changes nothing.
    let mut session = s
        .begin_import(&Scope::Central, &common::meta("recode", "r2"))
        .unwrap();
    let moved = RegionFill {
        id: fill.id,
        region: region("32.73"),
    };
    assert_eq!(session.set_regions(1, &[moved]).unwrap(), 0);
    session.commit().unwrap();
    let bandung = in_view(&mut s, &Scope::Regency(region("32.73")));
    assert_eq!(bandung, ["Lowongan P-1"]);
    assert!(
        in_view(&mut s, &Scope::Regency(region("32.16"))).contains(&"Lowongan U-1".to_string())
    );
}

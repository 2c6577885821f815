//! One contract, two engines: every test here runs on SQLite and, when a server is reachable,
//! on PostgreSQL in a database created for the test and dropped afterwards.

use domain::records::*;
use domain::{Date, Education, IscoCode, Nik, RegionCode, Rupiah, Scope, Sex};
use store::{RowOutcome, Store, StoreError};

mod common;

use common::{TestDb, meta};

on_both_engines!(
    migrations_apply_once_and_a_newer_database_is_refused,
    imports_are_idempotent_and_report_updates,
    a_rolled_back_import_leaves_nothing,
    writes_outside_the_scope_are_rejected_and_reads_are_filtered,
    cohorts_tracer_and_placements_check_their_references,
    exports_never_contain_a_clear_nik,
    a_regency_office_cannot_change_a_job_seeker_stored_elsewhere,
);

fn region(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn seeker(nik: &str, reg: &str, status: JobSeekerStatus) -> Record {
    Record::JobSeeker(JobSeekerRecord {
        nik: Nik::parse(nik).unwrap(),
        name: "Siti".into(),
        birth_date: Some(Date::new(1995, 8, 5).unwrap()),
        sex: Sex::Female,
        region: region(reg),
        education: Education::Smk,
        preferred_isco: vec![IscoCode::parse("7212").unwrap()],
        preferred_text: vec![],
        preferred_coded: vec![],
        skills: vec!["las".into()],
        registered: Date::new(2025, 1, 10).unwrap(),
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

fn trainee(cohort: &str, blk: &str, nik: &str, status: TraineeStatus, certified: bool) -> Record {
    Record::CohortTrainee(CohortTraineeRecord {
        cohort_code: cohort.into(),
        blk_code: blk.into(),
        programme_code: "LAS-01".into(),
        start: Date::new(2025, 3, 3).unwrap(),
        end: Date::new(2025, 4, 25).unwrap(),
        seats: 16,
        funding: FundingSource::Dekon,
        nik: Nik::parse(nik).unwrap(),
        name: "Budi".into(),
        sex: Sex::Male,
        birth_date: None,
        education: None,
        region: None,
        phone: None,
        status,
        certified,
    })
}

fn import(
    store: &mut Store,
    scope: &Scope,
    entity: &str,
    sha: &str,
    records: &[Record],
) -> Result<Vec<RowOutcome>, StoreError> {
    let mut s = store.begin_import(scope, &meta(entity, sha))?;
    let mut out = Vec::new();
    for r in records {
        out.push(s.add(r)?);
    }
    s.commit()?;
    Ok(out)
}

fn migrations_apply_once_and_a_newer_database_is_refused(db: &TestDb) {
    let mut s = db.open();
    assert_eq!(s.schema_version().unwrap(), store::LATEST_VERSION);
    drop(s);
    let mut s = db.open();
    assert_eq!(s.schema_version().unwrap(), store::LATEST_VERSION);
    // Pretend a newer binary migrated this database.
    let mut s2 = s.begin_import(&Scope::Central, &meta("blks", "x")).unwrap();
    s2.add(&blk("B1", "32.73")).unwrap();
    s2.commit().unwrap();
    drop(s);
    if db.target.starts_with("postgres") {
        let mut c = ::postgres::Client::connect(&db.target, ::postgres::NoTls).unwrap();
        c.batch_execute("INSERT INTO schema_migrations VALUES (99, 'future', 'x')")
            .unwrap();
    } else {
        let c = rusqlite::Connection::open(&db.target).unwrap();
        c.execute_batch("INSERT INTO schema_migrations VALUES (99, 'future', 'x')")
            .unwrap();
    }
    match Store::open(&db.target) {
        Err(StoreError::DatabaseNewer {
            database: 99,
            binary,
        }) => assert_eq!(binary, store::LATEST_VERSION),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a newer database was opened"),
    }
}

fn imports_are_idempotent_and_report_updates(db: &TestDb) {
    let mut s = db.open();
    let c = Scope::Central;
    let rows = [
        seeker("3273014508950003", "32.73", JobSeekerStatus::Active),
        seeker("3273010101900001", "32.73", JobSeekerStatus::Active),
    ];
    assert_eq!(
        import(&mut s, &c, "job-seekers", "f1", &rows).unwrap(),
        vec![RowOutcome::Inserted, RowOutcome::Inserted]
    );
    // The same file again is refused by its hash.
    match import(&mut s, &c, "job-seekers", "f1", &rows) {
        Err(StoreError::AlreadyImported { batch_id, .. }) => assert!(batch_id > 0),
        other => panic!("{other:?}"),
    }
    // An overlapping file: one unchanged, one status change, one new.
    let overlap = [
        seeker("3273014508950003", "32.73", JobSeekerStatus::Active),
        seeker("3273010101900001", "32.73", JobSeekerStatus::Placed),
        seeker("3171010101900002", "31.71", JobSeekerStatus::Active),
    ];
    assert_eq!(
        import(&mut s, &c, "job-seekers", "f2", &overlap).unwrap(),
        vec![
            RowOutcome::Unchanged,
            RowOutcome::Updated,
            RowOutcome::Inserted
        ]
    );
    let sum = s.summary(&c).unwrap();
    assert_eq!(sum.job_seekers, 3);
    assert_eq!(sum.batches, 2);
    let b = s.batches(10).unwrap();
    assert_eq!(
        (b[0].rows_inserted, b[0].rows_updated, b[0].rows_unchanged),
        (1, 1, 1)
    );
}

fn a_rolled_back_import_leaves_nothing(db: &TestDb) {
    let mut s = db.open();
    let mut session = s
        .begin_import(&Scope::Central, &meta("job-seekers", "r1"))
        .unwrap();
    session
        .add(&seeker(
            "3273014508950003",
            "32.73",
            JobSeekerStatus::Active,
        ))
        .unwrap();
    session.rollback().unwrap();
    {
        // Dropping an unfinished session rolls back too.
        let mut session = s
            .begin_import(&Scope::Central, &meta("job-seekers", "r2"))
            .unwrap();
        session
            .add(&seeker(
                "3273014508950003",
                "32.73",
                JobSeekerStatus::Active,
            ))
            .unwrap();
    }
    assert_eq!(
        s.summary(&Scope::Central).unwrap(),
        store::Summary::default()
    );
    // The hash of a rolled-back file is not registered, so it can be imported later.
    assert!(
        import(
            &mut s,
            &Scope::Central,
            "job-seekers",
            "r1",
            &[seeker("3273014508950003", "32.73", JobSeekerStatus::Active)]
        )
        .is_ok()
    );
}

fn writes_outside_the_scope_are_rejected_and_reads_are_filtered(db: &TestDb) {
    let mut s = db.open();
    let jabar = Scope::Province(region("32"));
    let out = import(
        &mut s,
        &jabar,
        "job-seekers",
        "s1",
        &[
            seeker("3273014508950003", "32.73", JobSeekerStatus::Active),
            seeker("3171010101900002", "31.71", JobSeekerStatus::Active),
        ],
    )
    .unwrap();
    assert_eq!(out[0], RowOutcome::Inserted);
    assert!(matches!(
        &out[1],
        RowOutcome::Rejected {
            column: "region_code",
            ..
        }
    ));
    import(
        &mut s,
        &Scope::Central,
        "job-seekers",
        "s2",
        &[seeker("3171010101900002", "31.71", JobSeekerStatus::Active)],
    )
    .unwrap();
    import(
        &mut s,
        &Scope::Central,
        "blks",
        "s3",
        &[blk("B-BDG", "32.73"), blk("B-JKT", "31.71")],
    )
    .unwrap();
    assert_eq!(s.summary(&Scope::Central).unwrap().job_seekers, 2);
    assert_eq!(s.summary(&jabar).unwrap().job_seekers, 1);
    assert_eq!(s.summary(&jabar).unwrap().blks, 1);
    assert_eq!(
        s.summary(&Scope::Regency(region("31.71")))
            .unwrap()
            .job_seekers,
        1
    );
    let own = Scope::Blk {
        code: "B-BDG".into(),
        region: region("32.73"),
    };
    assert_eq!(s.summary(&own).unwrap().blks, 1);
    // A BLK sees the job seekers of its own regency (by region, not by its code).
    assert_eq!(s.summary(&own).unwrap().job_seekers, 1);
    let mut names = Vec::new();
    s.export(&jabar, "blks", |r| names.push(r[0].clone()))
        .unwrap();
    assert_eq!(names, vec!["B-BDG".to_string()]);
}

fn cohorts_tracer_and_placements_check_their_references(db: &TestDb) {
    let mut s = db.open();
    let c = Scope::Central;
    let out = import(
        &mut s,
        &c,
        "cohorts",
        "c0",
        &[trainee(
            "K1",
            "B-BDG",
            "3273014508950003",
            TraineeStatus::Enrolled,
            false,
        )],
    )
    .unwrap();
    assert!(matches!(
        &out[0],
        RowOutcome::Rejected {
            column: "blk_code",
            ..
        }
    ));
    import(&mut s, &c, "blks", "b1", &[blk("B-BDG", "32.73")]).unwrap();
    let out = import(
        &mut s,
        &c,
        "cohorts",
        "c1",
        &[
            trainee(
                "K1",
                "B-BDG",
                "3273014508950003",
                TraineeStatus::Enrolled,
                false,
            ),
            trainee(
                "K1",
                "B-BDG",
                "3273010101900001",
                TraineeStatus::Enrolled,
                false,
            ),
        ],
    )
    .unwrap();
    assert_eq!(out, vec![RowOutcome::Inserted, RowOutcome::Inserted]);
    // Completion arrives later in a second file: statuses are updated, not duplicated.
    let out = import(
        &mut s,
        &c,
        "cohorts",
        "c2",
        &[trainee(
            "K1",
            "B-BDG",
            "3273014508950003",
            TraineeStatus::Completed,
            true,
        )],
    )
    .unwrap();
    assert_eq!(out, vec![RowOutcome::Updated]);
    let sum = s.summary(&c).unwrap();
    assert_eq!((sum.cohorts, sum.trainees), (1, 2));

    let answer = |nik: &str, cohort: &str| {
        Record::Tracer(TracerRecord {
            nik: Nik::parse(nik).unwrap(),
            cohort_code: cohort.into(),
            wave: 3,
            response_date: Date::new(2025, 7, 25).unwrap(),
            status: TracerStatus::WageEmployed,
            monthly_income: Some(Rupiah(4_800_000)),
            relevant: Some(true),
            respondent: Some(Respondent::Graduate),
        })
    };
    let out = import(
        &mut s,
        &c,
        "tracer",
        "t1",
        &[
            answer("3273014508950003", "K1"),
            answer("3273014508950003", "K1"),
            answer("3171010101900002", "K1"),
            answer("3273014508950003", "K9"),
        ],
    )
    .unwrap();
    assert_eq!(out[0], RowOutcome::Inserted);
    assert_eq!(out[1], RowOutcome::Unchanged);
    assert!(matches!(
        &out[2],
        RowOutcome::Rejected { column: "nik", .. }
    ));
    assert!(matches!(
        &out[3],
        RowOutcome::Rejected {
            column: "cohort_code",
            ..
        }
    ));

    let placed = |employer: &str| {
        Record::Placement(PlacementRecord {
            nik: Nik::parse("3273014508950003").unwrap(),
            placement_type: PlacementType::Wage,
            employer: employer.into(),
            start: Date::new(2025, 6, 2).unwrap(),
            cohort_code: Some("K1".into()),
            vacancy_source: None,
            vacancy_source_id: None,
            isco: None,
            region: None,
            monthly_income: None,
            evidence: None,
        })
    };
    // The same placement reported by two offices with different spellings counts once.
    let out = import(
        &mut s,
        &c,
        "placements",
        "p1",
        &[placed("PT. Baja Nusantara"), placed("pt baja nusantara")],
    )
    .unwrap();
    assert_eq!(out, vec![RowOutcome::Inserted, RowOutcome::Unchanged]);
    assert_eq!(s.summary(&c).unwrap().placements, 1);
    s.integrity_check().unwrap();
}

fn exports_never_contain_a_clear_nik(db: &TestDb) {
    let mut s = db.open();
    import(
        &mut s,
        &Scope::Central,
        "job-seekers",
        "e1",
        &[seeker("3273014508950003", "32.73", JobSeekerStatus::Active)],
    )
    .unwrap();
    let mut rows = Vec::new();
    s.export(&Scope::Central, "job-seekers", |r| rows.push(r))
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "************0003");
    assert!(!rows[0].join(",").contains("3273014508950003"));
    assert_eq!(
        rows[0].len(),
        store::export_columns("job-seekers").unwrap().len()
    );
}

fn a_regency_office_cannot_change_a_job_seeker_stored_elsewhere(db: &TestDb) {
    let mut s = db.open();
    import(
        &mut s,
        &Scope::Central,
        "job-seekers",
        "x1",
        &[seeker("3273014508950003", "32.73", JobSeekerStatus::Active)],
    )
    .unwrap();
    let jaksel = Scope::Regency(region("31.74"));
    // The row claims Jakarta Selatan, but the person is registered in Kota Bandung.
    let out = import(
        &mut s,
        &jaksel,
        "job-seekers",
        "x2",
        &[seeker("3273014508950003", "31.74", JobSeekerStatus::Placed)],
    )
    .unwrap();
    assert!(
        matches!(
            &out[0],
            RowOutcome::Rejected {
                column: "region_code",
                ..
            }
        ),
        "{out:?}"
    );
}

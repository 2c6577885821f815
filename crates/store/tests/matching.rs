//! The matching reads and the placement a match records, on both engines: open vacancies are
//! the first of their cluster and not expired; a profile carries the register's preferences
//! and the latest completed cohort; recording a match links person, vacancy and cohort, once.

use domain::records::*;
use domain::{Date, Education, IscoCode, Nik, RegionCode, Rupiah, Scope, Sex};
use store::{BatchMeta, Store};

mod common;

use common::{TestDb, import};

on_both_engines!(
    open_vacancies_are_unique_and_unexpired,
    a_profile_and_a_recorded_match_link_person_vacancy_and_cohort,
);

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn vacancy(id: &str, employer: &str, posted: &str, expires: Option<&str>) -> Record {
    Record::Vacancy(VacancyRecord {
        source: "test".into(),
        source_id: id.into(),
        title: format!("Tukang Las {id}"),
        description: Some("SMAW, pengelasan pipa".into()),
        context: None,
        skill_tags: None,
        employer: Some(employer.into()),
        region: Some(RegionCode::parse("32.73").unwrap()),
        location_text: None,
        isco: Some(IscoCode::parse("7212").unwrap()),
        isco_confidence: None,
        isco_reviewed: false,
        region_resolved: false,
        kbli: None,
        education: Some(Education::Smk),
        experience_years: None,
        salary_min: Some(Rupiah(4_000_000)),
        salary_max: Some(Rupiah(5_000_000)),
        positions: Some(1),
        posted: date(posted),
        expires: expires.map(date),
    })
}

fn open_ids(store: &mut Store, as_of: &str) -> Vec<String> {
    let mut titles = Vec::new();
    store
        .open_vacancies(&Scope::Central, date(as_of), 60, |v| titles.push(v.title))
        .unwrap();
    titles
}

fn open_vacancies_are_unique_and_unexpired(db: &TestDb) {
    let mut store = db.open();
    import(
        &mut store,
        "vacancies",
        "v",
        &[
            vacancy("A", "PT Satu", "2025-11-01", Some("2025-12-31")),
            vacancy("B", "PT Dua", "2025-08-01", Some("2025-09-30")),
            vacancy("C", "PT Tiga", "2025-11-10", None),
            vacancy("D", "PT Empat", "2025-06-01", None),
        ],
    );
    // C re-posts A: only the first of the cluster is open.
    let ids: Vec<(i64, String)> = {
        let mut v = Vec::new();
        store
            .open_vacancies(&Scope::Central, date("2025-11-20"), 60, |r| {
                v.push((r.id, r.title))
            })
            .unwrap();
        v
    };
    assert_eq!(
        ids.iter().map(|x| x.1.as_str()).collect::<Vec<_>>(),
        ["Tukang Las A", "Tukang Las C"],
        "B expired, D is older than 60 days without an expiry"
    );
    let mut s = store
        .begin_import(
            &Scope::Central,
            &BatchMeta {
                entity: "vacancies",
                file_name: "dedup",
                file_sha256: "dedup",
                source_label: "test",
                actor: "cli",
                synthetic: false,
            },
        )
        .unwrap();
    s.set_duplicate_clusters(&[(ids[1].0, ids[0].0)]).unwrap();
    s.commit().unwrap();
    assert_eq!(open_ids(&mut store, "2025-11-20"), ["Tukang Las A"]);
    // Before A was posted nothing of it is open.
    assert_eq!(open_ids(&mut store, "2025-10-15"), Vec::<String>::new());
    assert_eq!(store.latest_posting().unwrap(), Some(date("2025-11-10")));
}

fn a_profile_and_a_recorded_match_link_person_vacancy_and_cohort(db: &TestDb) {
    let mut store = db.open();
    import(
        &mut store,
        "blks",
        "b",
        &[Record::Blk(BlkRecord {
            code: "BLK-1".into(),
            name: "BLK Satu".into(),
            blk_type: BlkType::Uptd,
            region: RegionCode::parse("32.73").unwrap(),
            address: None,
            capacity: vec![],
            programmes: vec![],
        })],
    );
    let nik = "3273011501950003";
    import(
        &mut store,
        "cohorts",
        "c",
        &[Record::CohortTrainee(CohortTraineeRecord {
            cohort_code: "K-1".into(),
            blk_code: "BLK-1".into(),
            programme_code: "LAS-01".into(),
            start: date("2025-03-03"),
            end: date("2025-05-30"),
            seats: 16,
            funding: FundingSource::Dekon,
            nik: Nik::parse(nik).unwrap(),
            name: "Budi".into(),
            sex: Sex::Male,
            birth_date: None,
            education: Some(Education::Smk),
            region: None,
            phone: None,
            status: TraineeStatus::Completed,
            certified: true,
        })],
    );
    import(
        &mut store,
        "job-seekers",
        "j",
        &[Record::JobSeeker(JobSeekerRecord {
            nik: Nik::parse(nik).unwrap(),
            name: "Budi".into(),
            birth_date: None,
            sex: Sex::Male,
            region: RegionCode::parse("32.73").unwrap(),
            education: Education::Smk,
            preferred_isco: vec![
                IscoCode::parse("7212").unwrap(),
                IscoCode::parse("7214").unwrap(),
            ],
            preferred_text: vec![],
            preferred_coded: vec![],
            skills: vec!["welding".into(), "read technical drawings".into()],
            registered: date("2025-06-02"),
            status: Some(JobSeekerStatus::Active),
            phone: None,
        })],
    );
    import(
        &mut store,
        "vacancies",
        "v",
        &[vacancy("A", "PT Baja Prima", "2025-11-01", None)],
    );
    let person = store
        .person_by_nik(&Nik::parse(nik).unwrap())
        .unwrap()
        .expect("found by NIK");
    let p = store.match_profile(person).unwrap().unwrap();
    assert_eq!(p.nik_masked, "************0003");
    assert_eq!(p.region, Some(RegionCode::parse("32.73").unwrap()));
    assert_eq!(p.preferred.len(), 2);
    assert_eq!(p.skills, ["welding", "read technical drawings"]);
    let (cohort_id, programme) = p.cohort.clone().expect("a completed cohort");
    assert_eq!(programme, "LAS-01");
    assert!(store.match_profile(person + 1000).unwrap().is_none());
    let mut pool = Vec::new();
    store
        .seeker_pool(&Scope::Central, |r| pool.push(r.person_id))
        .unwrap();
    assert_eq!(pool, [person]);

    let mut vid = 0;
    store
        .open_vacancies(&Scope::Central, date("2025-11-05"), 60, |v| vid = v.id)
        .unwrap();
    let placed = store
        .record_match_placement(person, vid, date("2025-12-01"), "test")
        .unwrap();
    assert!(placed.is_some());
    assert_eq!(
        store
            .record_match_placement(person, vid, date("2025-12-01"), "test")
            .unwrap(),
        None,
        "recorded once"
    );
    let mut rows = Vec::new();
    store
        .export(&Scope::Central, "placements", |r| rows.push(r))
        .unwrap();
    assert_eq!(rows.len(), 1);
    // nik_masked, type, employer, start, cohort code, isco, region.
    assert_eq!(rows[0][0], "************0003");
    assert_eq!(rows[0][2], "PT Baja Prima");
    assert_eq!(rows[0][4], "K-1", "linked to the person's cohort");
    assert_eq!(rows[0][5], "7212");
    let _ = cohort_id;
}

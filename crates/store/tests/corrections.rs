//! A row that corrects a stored record, on both engines: a vacancy's new title, salary or code
//! is applied and counted as updated; the same row again changes nothing; a reviewer's code of
//! one ad stays the reviewer's.

use domain::records::*;
use domain::{Date, IscoCode, RegionCode, Rupiah, Scope};
use store::{RowOutcome, Store};

mod common;

use common::{TestDb, import, meta};

on_both_engines!(a_vacancy_row_that_says_something_new_corrects_the_stored_ad);

fn vacancy(title: &str, salary_max: i64, code: Option<&str>, confidence: Option<f32>) -> Record {
    Record::Vacancy(VacancyRecord {
        source: "karirhub".into(),
        source_id: "KH-1".into(),
        title: title.into(),
        description: Some("pengelasan pipa".into()),
        context: None,
        skill_tags: None,
        employer: Some("PT Baja".into()),
        region: Some(RegionCode::parse("32.73").unwrap()),
        location_text: None,
        isco: code.map(|c| IscoCode::parse(c).unwrap()),
        isco_confidence: confidence,
        isco_reviewed: false,
        region_resolved: false,
        kbli: None,
        education: None,
        experience_years: Some(2.0),
        salary_min: Some(Rupiah(4_000_000)),
        salary_max: Some(Rupiah(salary_max)),
        positions: 2,
        posted: Date::parse("2025-11-01").unwrap(),
        expires: None,
    })
}

fn add(store: &mut Store, sha: &str, r: &Record) -> RowOutcome {
    let mut s = store
        .begin_import(&Scope::Central, &meta("vacancies", sha))
        .unwrap();
    let out = s.add(r).unwrap();
    s.commit().unwrap();
    out
}

fn stored(store: &mut Store) -> (String, Option<i64>, Option<String>, Option<f64>) {
    let d = store
        .vacancy_detail(&Scope::Central, 1)
        .unwrap()
        .expect("the ad");
    (d.title, d.salary_max, d.isco08, d.isco_confidence)
}

fn a_vacancy_row_that_says_something_new_corrects_the_stored_ad(db: &TestDb) {
    let mut store = db.open();
    import(
        &mut store,
        "vacancies",
        "first",
        &[vacancy("Tukang Las", 6_000_000, Some("7212"), Some(0.6))],
    );
    // The same row from another file: unchanged.
    let same = vacancy("Tukang Las", 6_000_000, Some("7212"), Some(0.6));
    assert!(matches!(
        add(&mut store, "same", &same),
        RowOutcome::Unchanged
    ));
    // A corrected title and salary, and the code this import read: updated.
    let corrected = vacancy("Tukang Las Pipa", 9_000_000, Some("7214"), Some(0.5));
    assert!(matches!(
        add(&mut store, "corrected", &corrected),
        RowOutcome::Updated
    ));
    assert_eq!(
        stored(&mut store),
        (
            "Tukang Las Pipa".to_string(),
            Some(9_000_000),
            Some("7214".to_string()),
            Some(0.5)
        )
    );
    assert!(matches!(
        add(&mut store, "corrected-again", &corrected),
        RowOutcome::Unchanged
    ));
    // A reviewer codes this ad on its own: a later correction keeps the reviewer's code.
    let mut s = store
        .begin_import(&Scope::Central, &meta("occupation review", "ad"))
        .unwrap();
    let reviewed = s
        .review_vacancy(1, IscoCode::parse("7213").unwrap(), None)
        .unwrap();
    assert_eq!(reviewed, Some(true));
    s.commit().unwrap();
    let renamed = vacancy("Tukang Las Pipa Gas", 9_000_000, Some("7214"), Some(0.5));
    assert!(matches!(
        add(&mut store, "renamed", &renamed),
        RowOutcome::Updated
    ));
    let (title, _, code, _) = stored(&mut store);
    assert_eq!(
        (title.as_str(), code.as_deref()),
        ("Tukang Las Pipa Gas", Some("7213"))
    );
    // A regional session may not correct an ad outside its area.
    let mut s = store
        .begin_import(
            &Scope::Province(RegionCode::parse("35").unwrap()),
            &meta("vacancies", "regional"),
        )
        .unwrap();
    let out = s.add(&vacancy("Sopir", 9_000_000, None, None)).unwrap();
    assert!(matches!(out, RowOutcome::Rejected { .. }), "{out:?}");
    s.rollback().unwrap();
}

//! Occupation review on both engines: a title's code goes to the vacancies without a source
//! code, a second review replaces the first, a withdrawal hands them back with the caller's
//! codes, and a regional session writes none.

use domain::records::*;
use domain::{Date, IscoCode, RegionCode, Scope};
use store::{NewReview, REVIEW_ENTITY, Store};

mod common;

use common::{TestDb, import, meta};

on_both_engines!(
    a_review_codes_the_titles_ads_and_a_withdrawal_gives_them_back,
    one_ad_reviewed_on_its_own_is_passed_by_its_titles_review,
);

fn isco(s: &str) -> IscoCode {
    IscoCode::parse(s).unwrap()
}

fn vacancy(id: &str, title: &str, code: Option<&str>, confidence: Option<f32>) -> Record {
    Record::Vacancy(VacancyRecord {
        source: "test".into(),
        source_id: id.into(),
        title: title.into(),
        description: Some("pengelasan pipa".into()),
        context: None,
        skill_tags: None,
        employer: Some(format!("PT {id}")),
        region: Some(RegionCode::parse("32.73").unwrap()),
        location_text: None,
        isco: code.map(isco),
        isco_confidence: confidence,
        isco_reviewed: false,
        region_resolved: false,
        kbli: None,
        education: None,
        experience_years: None,
        salary_min: None,
        salary_max: None,
        positions: Some(1),
        posted: Date::parse("2025-11-01").unwrap(),
        expires: None,
    })
}

/// (isco08, confidence, reviewed) of each vacancy a review may code, by title.
fn reviewable(store: &mut Store) -> Vec<(String, Option<String>, Option<f64>, bool)> {
    store
        .reviewable_vacancies(&Scope::Central, 0, 100)
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.title,
                r.isco.map(|c| c.to_string()),
                r.confidence,
                r.reviewed,
            )
        })
        .collect()
}

fn a_review_codes_the_titles_ads_and_a_withdrawal_gives_them_back(db: &TestDb) {
    let mut store = db.open();
    import(
        &mut store,
        "vacancies",
        "v",
        &[
            vacancy("A", "Tukang Las", Some("7212"), Some(0.5)),
            vacancy("B", "TUKANG LAS", None, None),
            vacancy("C", "Tukang Las", Some("7214"), None),
            vacancy("D", "Juru Masak", Some("5120"), Some(0.9)),
        ],
    );
    // C's code came from its source: no review may touch it.
    let before = reviewable(&mut store);
    assert_eq!(before.len(), 3, "{before:?}");
    let welder = |t: &str| t.eq_ignore_ascii_case("tukang las");
    let key = |t: &str| t.to_lowercase();
    let review = |code: &str, note: Option<&'static str>| NewReview {
        key: "tukang las",
        title: "Tukang Las",
        isco: isco(code),
        note,
    };

    // A regional session writes no review.
    let bandung = RegionCode::parse("32.73").unwrap();
    let mut s = store
        .begin_import(
            &Scope::Province(bandung.province()),
            &meta(REVIEW_ENTITY, "r0"),
        )
        .unwrap();
    assert!(s.review_titles(&[review("7214", None)], key).is_err());
    s.rollback().unwrap();

    let mut s = store
        .begin_import(&Scope::Central, &meta(REVIEW_ENTITY, "r1"))
        .unwrap();
    let written = s
        .review_titles(&[review("7214", Some("baja"))], key)
        .unwrap();
    assert_eq!(written, (1, 2), "one review, two vacancies");
    s.commit().unwrap();
    let after = reviewable(&mut store);
    assert_eq!(
        after,
        [
            ("Tukang Las".into(), Some("7214".into()), None, true),
            ("TUKANG LAS".into(), Some("7214".into()), None, true),
            (
                "Juru Masak".into(),
                Some("5120".into()),
                Some(0.9f32 as f64),
                false
            ),
        ]
    );
    let reviews = store.title_reviews().unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(
        (
            reviews[0].key.as_str(),
            reviews[0].isco,
            reviews[0].note.as_deref()
        ),
        ("tukang las", isco("7214"), Some("baja"))
    );

    // A second review of the title replaces the first and recodes its ads.
    let mut s = store
        .begin_import(&Scope::Central, &meta(REVIEW_ENTITY, "r2"))
        .unwrap();
    assert_eq!(
        s.review_titles(&[review("7212", None)], key).unwrap(),
        (1, 2)
    );
    s.commit().unwrap();
    let reviews = store.title_reviews().unwrap();
    assert_eq!((reviews.len(), reviews[0].isco), (1, isco("7212")));
    // Said again, it writes nothing.
    let mut s = store
        .begin_import(&Scope::Central, &meta(REVIEW_ENTITY, "r2b"))
        .unwrap();
    assert_eq!(
        s.review_titles(&[review("7212", None)], key).unwrap(),
        (0, 0)
    );
    s.rollback().unwrap();
    assert_eq!(
        store.title_review("tukang las").unwrap(),
        Some(reviews[0].clone())
    );
    assert_eq!(store.title_review("juru masak").unwrap(), None);

    // Withdrawn: each ad takes what the caller's coder gives it, and is no longer reviewed.
    let mut s = store
        .begin_import(&Scope::Central, &meta(REVIEW_ENTITY, "r3"))
        .unwrap();
    let (withdrawn, given_back) = s
        .withdraw_title_review("tukang las", welder, |v| {
            assert_eq!(v.description.as_deref(), Some("pengelasan pipa"));
            (Some(isco("7212")), Some(0.75))
        })
        .unwrap()
        .unwrap();
    assert_eq!((withdrawn.isco, given_back), (isco("7212"), 2));
    s.commit().unwrap();
    let back = reviewable(&mut store);
    assert!(
        back[..2]
            .iter()
            .all(|r| r.1.as_deref() == Some("7212") && r.2 == Some(0.75) && !r.3)
    );
    assert!(store.title_reviews().unwrap().is_empty());
    let mut s = store
        .begin_import(&Scope::Central, &meta(REVIEW_ENTITY, "r4"))
        .unwrap();
    assert_eq!(
        s.withdraw_title_review("tukang las", welder, |_| (None, None))
            .unwrap(),
        None
    );
    s.rollback().unwrap();
}

fn one_ad_reviewed_on_its_own_is_passed_by_its_titles_review(db: &TestDb) {
    let mut store = db.open();
    import(
        &mut store,
        "vacancies",
        "v",
        &[
            vacancy("A", "Tukang Las", Some("7212"), Some(0.5)),
            vacancy("B", "Tukang Las", Some("7212"), Some(0.6)),
            vacancy("C", "Tukang Las", Some("7214"), None),
        ],
    );
    let ids: Vec<i64> = store
        .reviewable_vacancies(&Scope::Central, 0, 10)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let mut s = store
        .begin_import(&Scope::Central, &meta(REVIEW_ENTITY, "a1"))
        .unwrap();
    assert_eq!(
        s.review_vacancy(ids[1], isco("7213"), Some("pipa"))
            .unwrap(),
        Some(true)
    );
    assert_eq!(
        s.review_vacancy(ids[1], isco("7213"), Some("pipa"))
            .unwrap(),
        Some(false)
    );
    s.commit().unwrap();
    // Only the other ad is left to a title's review.
    assert_eq!(reviewable(&mut store).len(), 1);
    let mut s = store
        .begin_import(&Scope::Central, &meta(REVIEW_ENTITY, "a2"))
        .unwrap();
    let key = |t: &str| t.to_lowercase();
    let review = NewReview {
        key: "tukang las",
        title: "Tukang Las",
        isco: isco("7214"),
        note: None,
    };
    assert_eq!(s.review_titles(&[review], key).unwrap(), (1, 1));
    s.commit().unwrap();
    let r = store.vacancy_review(ids[1]).unwrap().unwrap();
    assert_eq!((r.isco, r.note.as_deref()), (isco("7213"), Some("pipa")));
    let mut s = store
        .begin_import(&Scope::Central, &meta(REVIEW_ENTITY, "a3"))
        .unwrap();
    assert!(
        s.withdraw_vacancy_review(ids[1], (Some(isco("7214")), None, 1))
            .unwrap()
    );
    assert!(!s.withdraw_vacancy_review(ids[1], (None, None, 0)).unwrap());
    s.commit().unwrap();
    let after = reviewable(&mut store);
    assert_eq!(after.len(), 2);
    assert!(after.iter().all(|r| r.1.as_deref() == Some("7214") && r.3));
    assert_eq!(store.vacancy_review(ids[1]).unwrap(), None);
}

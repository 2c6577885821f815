//! A row that corrects a stored record, on both engines: a vacancy's new title, salary or code
//! is applied and counted as updated; the same row again changes nothing; a reviewer's code of
//! one ad stays the reviewer's.

use domain::records::*;
use domain::{Date, Education, IscoCode, RegionCode, Rupiah, Scope, Sex};
use store::{RowOutcome, Store};

mod common;

use common::{TestDb, import, meta};

on_both_engines!(
    a_vacancy_row_that_says_something_new_corrects_the_stored_ad,
    a_vacancy_correction_keeps_what_its_row_leaves_out_and_the_sources_code,
    a_job_seeker_row_corrects_the_registration_and_one_nik_is_one_person,
    a_nik_is_not_given_to_a_person_of_another_name,
    a_blk_row_corrects_the_registered_blk,
    a_tracer_answer_is_corrected_but_never_by_someone_else_and_dates_follow_the_cohort,
    a_second_row_for_one_key_in_a_file_is_refused_and_a_cohort_takes_corrected_dates,
);

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
        positions: Some(2),
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

fn a_vacancy_correction_keeps_what_its_row_leaves_out_and_the_sources_code(db: &TestDb) {
    let mut store = db.open();
    // The source coded the ad itself (no confidence): 7212.
    import(
        &mut store,
        "vacancies",
        "first",
        &[vacancy("Tukang Las", 6_000_000, Some("7212"), None)],
    );
    // A file sent to fix the highest salary: source, id, title, date and salary only; the
    // import's coder read the title as 7214.
    let Record::Vacancy(mut fix) = vacancy("Tukang Las", 6_500_000, Some("7214"), Some(0.5)) else {
        unreachable!()
    };
    fix.description = None;
    fix.employer = None;
    fix.region = None;
    fix.experience_years = None;
    fix.salary_min = None;
    fix.positions = None;
    let fix = Record::Vacancy(fix);
    assert!(matches!(add(&mut store, "fix", &fix), RowOutcome::Updated));
    let d = store
        .vacancy_detail(&Scope::Central, 1)
        .unwrap()
        .expect("the ad");
    assert_eq!(
        (
            d.description.as_deref(),
            d.employer.as_deref(),
            d.region_code.as_deref(),
            d.experience_years,
            d.salary_min,
            d.salary_max,
            d.positions,
        ),
        (
            Some("pengelasan pipa"),
            Some("PT Baja"),
            Some("32.73"),
            Some(2.0),
            Some(4_000_000),
            Some(6_500_000),
            2
        )
    );
    // The source's code stands: the coder's reading of a row without one does not replace it.
    assert_eq!(
        (d.isco08.as_deref(), d.isco_confidence),
        (Some("7212"), None)
    );
    assert!(matches!(
        add(&mut store, "fix-again", &fix),
        RowOutcome::Unchanged
    ));
    // The source's own new code does.
    let recoded = vacancy("Tukang Las", 6_500_000, Some("7214"), None);
    assert!(matches!(
        add(&mut store, "recoded", &recoded),
        RowOutcome::Updated
    ));
    assert_eq!(stored(&mut store).2.as_deref(), Some("7214"));
}

fn seeker(region: &str, wish: &str, status: JobSeekerStatus, sex: Sex) -> Record {
    Record::JobSeeker(JobSeekerRecord {
        nik: domain::Nik::parse("3273014508950001").unwrap(),
        name: "Siti".into(),
        birth_date: Some(Date::parse("1995-08-05").unwrap()),
        sex,
        region: RegionCode::parse(region).unwrap(),
        education: Education::Smk,
        preferred_isco: vec![IscoCode::parse(wish).unwrap()],
        preferred_text: vec![],
        preferred_coded: vec![],
        skills: vec![],
        registered: Date::parse("2025-01-10").unwrap(),
        status: Some(status),
        phone: None,
    })
}

fn outcomes(store: &mut Store, entity: &str, sha: &str, rows: &[Record]) -> Vec<RowOutcome> {
    let mut s = store
        .begin_import(&Scope::Central, &meta(entity, sha))
        .unwrap();
    let out = rows.iter().map(|r| s.add(r).unwrap()).collect();
    s.commit().unwrap();
    out
}

fn seeker_facts(store: &mut Store) -> Vec<(String, Vec<String>)> {
    let mut facts = Vec::new();
    store
        .seeker_facts(&Scope::Central, |f| {
            facts.push((
                f.region.to_string(),
                f.preferred.iter().map(|c| c.to_string()).collect(),
            ))
        })
        .unwrap();
    facts
}

fn refused_on(out: &RowOutcome) -> Option<(&'static str, &str)> {
    match out {
        RowOutcome::Rejected { column, reason, .. } => Some((column, reason.as_str())),
        _ => None,
    }
}

fn a_nik_is_not_given_to_a_person_of_another_name(db: &TestDb) {
    use JobSeekerStatus::Active;
    let mut store = db.open();
    let named = |name: &str| {
        let Record::JobSeeker(mut r) = seeker("32.73", "7212", Active, Sex::Female) else {
            unreachable!()
        };
        r.name = name.into();
        Record::JobSeeker(r)
    };
    import(&mut store, "job_seekers", "first", &[named("Siti Aminah")]);
    // Another woman of the same birth date under this NIK (a mistyped NIK, or NIK ganda):
    // refused on the name, and nothing of hers is written.
    let other = outcomes(&mut store, "job_seekers", "other", &[named("Rina Marlina")]);
    let (column, reason) = refused_on(&other[0]).expect("another name refused");
    assert_eq!(column, "name");
    assert!(reason.contains("another name"), "{reason}");
    assert!(
        !reason.contains("Siti"),
        "the stored name is not told: {reason}"
    );
    let same = outcomes(&mut store, "job_seekers", "same", &[named("Siti Aminah")]);
    assert!(matches!(same[..], [RowOutcome::Unchanged]), "{same:?}");
    // The same name written otherwise corrects how it is written.
    for (sha, name) in [
        ("title", "SITI AMINAH, S.Kom."),
        ("typo", "Siti Aminnah"),
        ("fixed", "Siti Aminah"),
    ] {
        let out = outcomes(&mut store, "job_seekers", sha, &[named(name)]);
        assert!(matches!(out[..], [RowOutcome::Updated]), "{name}: {out:?}");
    }
    // Part of the name is the same person but does not replace the registered name, so the
    // NIK cannot be moved to "Siti Rahma" a step at a time.
    let part = outcomes(&mut store, "job_seekers", "part", &[named("Siti")]);
    assert!(matches!(part[..], [RowOutcome::Unchanged]), "{part:?}");
    let then = outcomes(&mut store, "job_seekers", "then", &[named("Siti Rahma")]);
    let (column, _) = refused_on(&then[0]).expect("another name refused");
    assert_eq!(column, "name");
}

fn a_job_seeker_row_corrects_the_registration_and_one_nik_is_one_person(db: &TestDb) {
    use JobSeekerStatus::Active;
    let mut store = db.open();
    import(
        &mut store,
        "job_seekers",
        "first",
        &[seeker("32.73", "7212", Active, Sex::Female)],
    );
    assert_eq!(
        seeker_facts(&mut store),
        [("32.73".to_string(), vec!["7212".to_string()])]
    );
    // The same row: unchanged. A new regency and wish: the registration is corrected.
    let same = outcomes(
        &mut store,
        "job_seekers",
        "same",
        &[seeker("32.73", "7212", Active, Sex::Female)],
    );
    assert!(matches!(same[..], [RowOutcome::Unchanged]), "{same:?}");
    let moved = outcomes(
        &mut store,
        "job_seekers",
        "moved",
        &[seeker("32.04", "5120", Active, Sex::Female)],
    );
    assert!(matches!(moved[..], [RowOutcome::Updated]), "{moved:?}");
    assert_eq!(
        seeker_facts(&mut store),
        [("32.04".to_string(), vec!["5120".to_string()])]
    );
    // A status file that leaves the wishes empty keeps them.
    let Record::JobSeeker(mut status_only) = seeker("32.04", "5120", Active, Sex::Female) else {
        unreachable!()
    };
    status_only.preferred_isco.clear();
    status_only.status = Some(JobSeekerStatus::Placed);
    let out = outcomes(
        &mut store,
        "job_seekers",
        "status",
        &[Record::JobSeeker(status_only)],
    );
    assert!(matches!(out[..], [RowOutcome::Updated]), "{out:?}");
    assert!(
        seeker_facts(&mut store).is_empty(),
        "a placed job seeker is no supply"
    );
    // A file without a status keeps the stored one: a placement is not undone.
    let Record::JobSeeker(mut no_status) = seeker("32.04", "5120", Active, Sex::Female) else {
        unreachable!()
    };
    no_status.status = None;
    let out = outcomes(
        &mut store,
        "job_seekers",
        "no-status",
        &[Record::JobSeeker(no_status)],
    );
    assert!(matches!(out[..], [RowOutcome::Unchanged]), "{out:?}");
    assert!(seeker_facts(&mut store).is_empty(), "still placed");
    let back = outcomes(
        &mut store,
        "job_seekers",
        "back",
        &[seeker("32.04", "5120", Active, Sex::Female)],
    );
    assert!(matches!(back[..], [RowOutcome::Updated]), "{back:?}");
    assert_eq!(
        seeker_facts(&mut store),
        [("32.04".to_string(), vec!["5120".to_string()])]
    );
    // The same NIK twice in one file with other values: the second row is refused, not
    // merged unseen; the same row again is harmless.
    let twice = outcomes(
        &mut store,
        "job_seekers",
        "twice",
        &[
            seeker("32.04", "7212", Active, Sex::Female),
            seeker("32.04", "7212", Active, Sex::Female),
            seeker("32.04", "7411", Active, Sex::Female),
        ],
    );
    assert!(matches!(twice[0], RowOutcome::Updated), "{twice:?}");
    assert!(matches!(twice[1], RowOutcome::Unchanged), "{twice:?}");
    let (column, reason) = refused_on(&twice[2]).expect("the third row refused");
    assert_eq!(column, "nik");
    assert!(reason.contains("earlier row"), "{reason}");
    assert_eq!(
        seeker_facts(&mut store),
        [("32.04".to_string(), vec!["7212".to_string()])]
    );
    // The NIK of a woman born in 1995 on a man's row: most likely a mistyped NIK, refused
    // from a job-seeker file and from a cohort list alike, and nothing is written.
    let man = outcomes(
        &mut store,
        "job_seekers",
        "man",
        &[seeker("32.04", "7212", Active, Sex::Male)],
    );
    let (column, reason) = refused_on(&man[0]).expect("refused");
    assert_eq!(column, "nik");
    assert!(reason.contains("another sex"), "{reason}");
    import(&mut store, "blks", "blks", &[blk(&["LAS-01"])]);
    let trainee = trainee("Budi", Sex::Male, Some("1990-01-01"));
    let cohort = outcomes(&mut store, "cohorts", "cohort", &[trainee]);
    let (_, reason) = refused_on(&cohort[0]).expect("refused");
    assert!(reason.contains("sex and birth date"), "{reason}");
    let mut facts = Vec::new();
    store
        .trainee_facts(&Scope::Central, |f| facts.push(f))
        .unwrap();
    assert!(facts.is_empty(), "no trainee written: {facts:?}");
    let profile = store
        .blk_profile(&Scope::Central, "BLK-1")
        .unwrap()
        .unwrap();
    assert!(profile.programmes.len() == 1);
}

fn blk(programmes: &[&str]) -> Record {
    Record::Blk(BlkRecord {
        code: "BLK-1".into(),
        name: "BLK Bandung".into(),
        blk_type: BlkType::Uptd,
        region: RegionCode::parse("32.73").unwrap(),
        address: None,
        capacity: vec![KejuruanCapacity {
            kejuruan: "LAS",
            workshops: 2,
            instructors: 3,
        }],
        programmes: programmes.iter().map(|p| p.to_string()).collect(),
    })
}

fn a_blk_row_corrects_the_registered_blk(db: &TestDb) {
    let mut store = db.open();
    import(&mut store, "blks", "first", &[blk(&["LAS-01"])]);
    let same = outcomes(&mut store, "blks", "same", &[blk(&["LAS-01"])]);
    assert!(matches!(same[..], [RowOutcome::Unchanged]), "{same:?}");
    // A new name, address, workshop and programme.
    let Record::Blk(mut r) = blk(&["LAS-01", "LAS-02"]) else {
        unreachable!()
    };
    r.name = "UPTD BLK Kota Bandung".into();
    r.address = Some("Jl. Soekarno-Hatta 1".into());
    r.capacity[0].workshops = 3;
    let corrected = outcomes(&mut store, "blks", "corrected", &[Record::Blk(r.clone())]);
    assert!(
        matches!(corrected[..], [RowOutcome::Updated]),
        "{corrected:?}"
    );
    let p = store
        .blk_profile(&Scope::Central, "BLK-1")
        .unwrap()
        .unwrap();
    assert_eq!(p.name, "UPTD BLK Kota Bandung");
    assert_eq!(p.address.as_deref(), Some("Jl. Soekarno-Hatta 1"));
    assert_eq!(p.programmes, ["LAS-01", "LAS-02"]);
    assert_eq!(p.capacity.len(), 1);
    assert_eq!(p.capacity[0].workshops, 3);
    // A file without programme or capacity columns leaves them; the same code twice in one
    // file is harmless when the rows agree and refused when they do not.
    let mut bare = r.clone();
    bare.programmes.clear();
    bare.capacity.clear();
    let mut renamed = bare.clone();
    renamed.name = "BLK Lain".into();
    let out = outcomes(
        &mut store,
        "blks",
        "bare",
        &[
            Record::Blk(bare.clone()),
            Record::Blk(bare),
            Record::Blk(renamed),
        ],
    );
    assert!(matches!(out[0], RowOutcome::Unchanged), "{out:?}");
    assert!(matches!(out[1], RowOutcome::Unchanged), "{out:?}");
    assert_eq!(refused_on(&out[2]).map(|r| r.0), Some("code"));
    let p = store
        .blk_profile(&Scope::Central, "BLK-1")
        .unwrap()
        .unwrap();
    assert_eq!(p.programmes, ["LAS-01", "LAS-02"]);
    assert_eq!(p.capacity[0].workshops, 3);
    // A province may not correct another province's BLK.
    let mut s = store
        .begin_import(
            &Scope::Province(RegionCode::parse("33").unwrap()),
            &meta("blks", "elsewhere"),
        )
        .unwrap();
    let mut moved = r.clone();
    moved.region = RegionCode::parse("33.74").unwrap();
    let out = s.add(&Record::Blk(moved)).unwrap();
    s.commit().unwrap();
    assert_eq!(refused_on(&out).map(|r| r.0), Some("region_code"));
}

fn tracer(date: &str, status: TracerStatus, respondent: Respondent) -> Record {
    Record::Tracer(TracerRecord {
        nik: domain::Nik::parse("3273014508950001").unwrap(),
        cohort_code: "K-1".into(),
        wave: 6,
        response_date: Date::parse(date).unwrap(),
        status,
        monthly_income: None,
        relevant: None,
        respondent: Some(respondent),
    })
}

fn answers(store: &mut Store) -> Vec<(String, TracerStatus, Respondent)> {
    store
        .outcome_facts(&Scope::Central)
        .unwrap()
        .answers
        .into_iter()
        .map(|a| (a.response_date.to_string(), a.status, a.respondent))
        .collect()
}

fn a_tracer_answer_is_corrected_but_never_by_someone_else_and_dates_follow_the_cohort(db: &TestDb) {
    use Respondent::{Graduate, Proxy};
    use TracerStatus::{Unemployed, WageEmployed};
    let mut store = db.open();
    import(&mut store, "blks", "blks", &[blk(&["LAS-01"])]);
    let trainee = trainee("Siti", Sex::Female, None);
    import(&mut store, "cohorts", "cohort", &[trainee]);
    import(
        &mut store,
        "tracer",
        "first",
        &[tracer("2025-10-27", Unemployed, Proxy)],
    );
    // The graduate's own later answer corrects a proxy's.
    let own = outcomes(
        &mut store,
        "tracer",
        "own",
        &[tracer("2025-10-30", WageEmployed, Graduate)],
    );
    assert!(matches!(own[..], [RowOutcome::Updated]), "{own:?}");
    assert_eq!(
        answers(&mut store),
        [("2025-10-30".to_string(), WageEmployed, Graduate)]
    );
    // A proxy's answer does not replace the graduate's own; the same answer is unchanged.
    let again = outcomes(
        &mut store,
        "tracer",
        "again",
        &[tracer("2025-11-02", Unemployed, Proxy)],
    );
    assert!(matches!(again[..], [RowOutcome::Unchanged]), "{again:?}");
    assert_eq!(
        answers(&mut store),
        [("2025-10-30".to_string(), WageEmployed, Graduate)]
    );
    // A file without a respondent column corrects the stored answer as its own respondent's:
    // the graduate's, still.
    let Record::Tracer(mut unsaid) = tracer("2025-10-31", WageEmployed, Graduate) else {
        unreachable!()
    };
    unsaid.respondent = None;
    let fixed = outcomes(&mut store, "tracer", "unsaid", &[Record::Tracer(unsaid)]);
    assert!(matches!(fixed[..], [RowOutcome::Updated]), "{fixed:?}");
    assert_eq!(
        answers(&mut store),
        [("2025-10-31".to_string(), WageEmployed, Graduate)]
    );
    // An answer dated before the cohort ended is refused.
    let early = outcomes(
        &mut store,
        "tracer",
        "early",
        &[tracer("2025-04-01", WageEmployed, Graduate)],
    );
    assert_eq!(refused_on(&early[0]).map(|r| r.0), Some("response_date"));
    // So is a placement of the cohort that starts before the cohort began.
    let placement = |start: &str| {
        Record::Placement(PlacementRecord {
            nik: domain::Nik::parse("3273014508950001").unwrap(),
            placement_type: PlacementType::Wage,
            employer: "PT Baja".into(),
            start: Date::parse(start).unwrap(),
            cohort_code: Some("K-1".into()),
            vacancy_source: None,
            vacancy_source_id: None,
            isco: None,
            region: None,
            monthly_income: None,
            evidence: None,
        })
    };
    let out = outcomes(
        &mut store,
        "placements",
        "placements",
        &[placement("2024-12-01"), placement("2025-05-02")],
    );
    assert_eq!(refused_on(&out[0]).map(|r| r.0), Some("start_date"));
    assert!(matches!(out[1], RowOutcome::Inserted), "{out:?}");
    // The same job reported again with the income the first report lacked: it counts once,
    // and the income is filled in; a third report changes nothing.
    let Record::Placement(mut with_income) = placement("2025-05-02") else {
        unreachable!()
    };
    with_income.monthly_income = Some(Rupiah(4_800_000));
    let again = outcomes(
        &mut store,
        "placements",
        "again",
        &[Record::Placement(with_income.clone())],
    );
    assert!(matches!(again[..], [RowOutcome::Updated]), "{again:?}");
    let third = outcomes(
        &mut store,
        "placements",
        "third",
        &[Record::Placement(with_income.clone())],
    );
    assert!(matches!(third[..], [RowOutcome::Unchanged]), "{third:?}");
    // A correction of the kind of work, written with the employer as "P.T. Baja": the same
    // job, corrected; the income it leaves empty stays.
    let mut corrected = with_income;
    corrected.placement_type = PlacementType::SelfEmployed;
    corrected.employer = "P.T. Baja".into();
    corrected.monthly_income = None;
    let fixed = outcomes(
        &mut store,
        "placements",
        "fixed",
        &[Record::Placement(corrected)],
    );
    assert!(matches!(fixed[..], [RowOutcome::Updated]), "{fixed:?}");
    let placements = store.outcome_facts(&Scope::Central).unwrap().placements;
    assert_eq!(placements.len(), 1);
    assert_eq!(placements[0].placement_type, PlacementType::SelfEmployed);
    let mut rows = Vec::new();
    store
        .export(&Scope::Central, "placements", |r| rows.push(r))
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].iter().any(|c| c == "4800000"), "{rows:?}");
    // A later file that corrects the start by nine days: the same job, re-dated, not a second.
    let redated = outcomes(
        &mut store,
        "placements",
        "redated",
        &[placement("2025-05-11")],
    );
    assert!(matches!(redated[..], [RowOutcome::Updated]), "{redated:?}");
    let starts = |store: &mut Store| {
        let mut s: Vec<String> = store
            .outcome_facts(&Scope::Central)
            .unwrap()
            .placements
            .iter()
            .map(|p| p.start.to_string())
            .collect();
        s.sort();
        s
    };
    assert_eq!(starts(&mut store), ["2025-05-11"]);
    // Months later at the same employer: a second job.
    let later = outcomes(
        &mut store,
        "placements",
        "later",
        &[placement("2025-09-01")],
    );
    assert!(matches!(later[..], [RowOutcome::Inserted]), "{later:?}");
    // Two jobs a fortnight apart in one report are two jobs, whatever an earlier file said.
    let both = outcomes(
        &mut store,
        "placements",
        "both",
        &[placement("2025-10-20"), placement("2025-11-03")],
    );
    assert!(
        matches!(both[..], [RowOutcome::Inserted, RowOutcome::Inserted]),
        "{both:?}"
    );
    assert_eq!(
        starts(&mut store),
        ["2025-05-11", "2025-09-01", "2025-10-20", "2025-11-03"]
    );
    // A report that corrects 2025-09-01 to the 10th and has a second job there on the 15th:
    // one re-dated, one new.
    let report = outcomes(
        &mut store,
        "placements",
        "report",
        &[placement("2025-09-10"), placement("2025-09-15")],
    );
    assert!(
        matches!(report[..], [RowOutcome::Updated, RowOutcome::Inserted]),
        "{report:?}"
    );
    assert_eq!(
        starts(&mut store),
        [
            "2025-05-11",
            "2025-09-10",
            "2025-09-15",
            "2025-10-20",
            "2025-11-03"
        ]
    );
}

/// A completed trainee of cohort K-1 (LAS-01 at BLK-1, March to April 2025) with the job
/// seekers' NIK.
fn trainee(name: &str, sex: Sex, birth: Option<&str>) -> Record {
    Record::CohortTrainee(CohortTraineeRecord {
        cohort_code: "K-1".into(),
        blk_code: "BLK-1".into(),
        programme_code: "LAS-01".into(),
        start: Date::parse("2025-03-03").unwrap(),
        end: Date::parse("2025-04-25").unwrap(),
        seats: 16,
        funding: FundingSource::Dekon,
        nik: domain::Nik::parse("3273014508950001").unwrap(),
        name: name.into(),
        sex,
        birth_date: birth.map(|d| Date::parse(d).unwrap()),
        education: None,
        region: None,
        phone: None,
        status: TraineeStatus::Completed,
        certified: true,
    })
}

fn a_second_row_for_one_key_in_a_file_is_refused_and_a_cohort_takes_corrected_dates(db: &TestDb) {
    let mut store = db.open();
    import(&mut store, "blks", "blks", &[blk(&["LAS-01"])]);
    // One file, the same ad twice: the second row is refused, not silently the one kept.
    let out = outcomes(
        &mut store,
        "vacancies",
        "twice",
        &[
            vacancy("Tukang Las", 6_000_000, None, None),
            vacancy("Tukang Las Pipa", 7_000_000, None, None),
        ],
    );
    assert!(matches!(out[0], RowOutcome::Inserted), "{out:?}");
    assert_eq!(refused_on(&out[1]).map(|r| r.0), Some("source_id"));
    assert_eq!(stored(&mut store).0, "Tukang Las");
    // The same trainee twice in one cohort file (COMPLETED, then DROPPED): refused.
    let Record::CohortTrainee(mut dropped) = trainee("Siti", Sex::Female, None) else {
        unreachable!()
    };
    dropped.status = TraineeStatus::Dropped;
    let out = outcomes(
        &mut store,
        "cohorts",
        "twice",
        &[
            trainee("Siti", Sex::Female, None),
            Record::CohortTrainee(dropped),
        ],
    );
    assert!(matches!(out[0], RowOutcome::Inserted), "{out:?}");
    assert_eq!(refused_on(&out[1]).map(|r| r.0), Some("nik"));
    // A later cohort file with the end date and seats corrected: the cohort takes them.
    let Record::CohortTrainee(mut later) = trainee("Siti", Sex::Female, None) else {
        unreachable!()
    };
    later.end = Date::parse("2025-05-02").unwrap();
    later.seats = 20;
    let out = outcomes(
        &mut store,
        "cohorts",
        "corrected",
        &[Record::CohortTrainee(later.clone())],
    );
    assert!(matches!(out[0], RowOutcome::Updated), "{out:?}");
    let cohorts = store.outcome_facts(&Scope::Central).unwrap().cohorts;
    assert_eq!(cohorts[0].end.to_string(), "2025-05-02");
    let out = outcomes(
        &mut store,
        "cohorts",
        "again",
        &[Record::CohortTrainee(later)],
    );
    assert!(matches!(out[0], RowOutcome::Unchanged), "{out:?}");
    // The same graduate's wave-6 answer twice in one file: the same row again is harmless,
    // another answer is refused.
    let answer = tracer(
        "2025-10-30",
        TracerStatus::WageEmployed,
        Respondent::Graduate,
    );
    let other = tracer("2025-10-30", TracerStatus::Unemployed, Respondent::Graduate);
    let out = outcomes(
        &mut store,
        "tracer",
        "twice",
        &[answer.clone(), answer, other],
    );
    assert!(matches!(out[0], RowOutcome::Inserted), "{out:?}");
    assert!(matches!(out[1], RowOutcome::Unchanged), "{out:?}");
    assert_eq!(refused_on(&out[2]).map(|r| r.0), Some("wave"));
    // A later file without the income keeps it while the graduate is still in work.
    let Record::Tracer(mut paid) = tracer(
        "2025-10-30",
        TracerStatus::WageEmployed,
        Respondent::Graduate,
    ) else {
        unreachable!()
    };
    paid.monthly_income = Some(Rupiah(4_800_000));
    outcomes(
        &mut store,
        "tracer",
        "paid",
        &[Record::Tracer(paid.clone())],
    );
    paid.monthly_income = None;
    paid.respondent = None;
    paid.response_date = Date::parse("2025-11-03").unwrap();
    let out = outcomes(&mut store, "tracer", "dated", &[Record::Tracer(paid)]);
    assert!(matches!(out[0], RowOutcome::Updated), "{out:?}");
    let mut rows = Vec::new();
    store
        .export(&Scope::Central, "tracer", |r| rows.push(r))
        .unwrap();
    assert!(
        rows[0].iter().any(|c| c == "4800000") && rows[0].iter().any(|c| c == "2025-11-03"),
        "{rows:?}"
    );
    // The same job twice in one file with another income: refused; a target likewise.
    let job = |income: i64| {
        Record::Placement(PlacementRecord {
            nik: domain::Nik::parse("3273014508950001").unwrap(),
            placement_type: PlacementType::Wage,
            employer: "PT Maju Jaya".into(),
            start: Date::parse("2025-06-02").unwrap(),
            cohort_code: None,
            vacancy_source: None,
            vacancy_source_id: None,
            isco: None,
            region: None,
            monthly_income: Some(Rupiah(income)),
            evidence: None,
        })
    };
    let out = outcomes(
        &mut store,
        "placements",
        "jobs",
        &[job(5_000_000), job(5_000_000), job(5_500_000)],
    );
    assert!(matches!(out[0], RowOutcome::Inserted), "{out:?}");
    assert!(matches!(out[1], RowOutcome::Unchanged), "{out:?}");
    assert_eq!(refused_on(&out[2]).map(|r| r.0), Some("employer"));
    let target = |value: f64| {
        Record::Target(TargetRecord {
            indicator: OutcomeIndicator::Placed,
            level: TargetLevel::National,
            area: String::new(),
            year: 2026,
            project_year: 2,
            value,
        })
    };
    let out = outcomes(
        &mut store,
        "targets",
        "targets",
        &[target(12_000.0), target(13_000.0)],
    );
    assert!(matches!(out[0], RowOutcome::Inserted), "{out:?}");
    assert_eq!(refused_on(&out[1]).map(|r| r.0), Some("target"));
}

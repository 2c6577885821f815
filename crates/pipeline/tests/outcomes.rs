//! Outcomes end to end on both engines: files imported through the normal path, read back with
//! `pipeline::outcomes`, and the due-list, placements and targets checked against hand-built
//! expectations.

use std::path::{Path, PathBuf};

use analytics::outcomes::{DueKind, OutcomeSettings, due_list};
use domain::records::{OutcomeIndicator, TargetLevel};
use domain::{Date, Scope};
use ingest::Entity;
use pipeline::outcomes::{load_outcomes, load_targets};
use pipeline::{ImportOptions, Outcome, import_file};
use store::Store;

#[path = "../../store/tests/common/mod.rs"]
mod common;

use common::TestDb;

on_both_engines!(
    the_due_list_picks_exactly_the_graduates_due_this_week,
    a_placement_reported_twice_is_stored_and_read_once,
    targets_import_round_trip_and_reimport_adds_no_duplicates,
);

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn import(store: &mut Store, entity: Entity, file: &Path) -> Outcome {
    let report = import_file(
        store,
        &Scope::Central,
        entity,
        file,
        &ImportOptions {
            actor: "test".into(),
            ..Default::default()
        },
        &mut |_, _| {},
    )
    .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report.outcome
}

fn committed(o: Outcome) -> store::BatchSummary {
    match o {
        Outcome::Committed(s) => s,
        other => panic!("not committed: {other:?}"),
    }
}

const BLKS: &str = "code,name,type,region_code\nBLK-A,UPTD BLK Bandung,UPTD,32.73\nBLK-B,UPTD BLK Cimahi,UPTD,32.77\n";

/// Graduates P1, P2 (answered wave 1), P3 (dropped) of K1 ending 2026-11-03 (wave 1 due
/// 2026-12-03); P4 and P5 (proxy answer to wave 6) of K2 ending 2026-06-01 (wave 6 due
/// 2026-12-01); P6 of K3 ending 2026-10-20 (wave 1 due 2026-11-20: a reminder); P7 of K4 at the
/// other BLK; P8 of K5 ending 2026-11-10 (wave 1 due 2026-12-10: next week).
const COHORTS: &str =
    "cohort_code,blk_code,programme_code,start_date,end_date,nik,name,sex,status,phone
K1,BLK-A,LAS-01,2026-09-01,2026-11-03,3273010101900001,Asep Sunandar,L,COMPLETED,081200000001
K1,BLK-A,LAS-01,2026-09-01,2026-11-03,3273010101900002,Budi Hartono,L,COMPLETED,
K1,BLK-A,LAS-01,2026-09-01,2026-11-03,3273010101900003,Cecep,L,DROPPED,
K2,BLK-A,TIK-01,2026-03-02,2026-06-01,3273014101900004,Dewi Lestari,P,COMPLETED,081200000004
K2,BLK-A,TIK-01,2026-03-02,2026-06-01,3273014101900005,Euis,P,COMPLETED,
K3,BLK-A,LAS-01,2026-08-17,2026-10-20,3273014101900006,Fitri Handayani,P,COMPLETED,081200000006
K4,BLK-B,LAS-01,2026-09-01,2026-11-03,3273010101900007,Gilang,L,COMPLETED,
K5,BLK-A,LAS-01,2026-09-07,2026-11-10,3273010101900008,Hendra,L,COMPLETED,
";

const TRACER: &str = "nik,cohort_code,wave,response_date,status,respondent
3273010101900002,K1,1,2026-11-30,UNEMPLOYED,SELF
3273014101900005,K2,6,2026-11-28,WAGE_EMPLOYED,PROXY
";

fn the_due_list_picks_exactly_the_graduates_due_this_week(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = db.open();
    committed(import(
        &mut s,
        Entity::Blks,
        &write(dir.path(), "b.csv", BLKS),
    ));
    committed(import(
        &mut s,
        Entity::Cohorts,
        &write(dir.path(), "c.csv", COHORTS),
    ));
    committed(import(
        &mut s,
        Entity::Tracer,
        &write(dir.path(), "t.csv", TRACER),
    ));
    let (data, skipped) = load_outcomes(&mut s, &Scope::Central).unwrap();
    assert_eq!(skipped, 0);
    let date = Date::parse("2026-12-01").unwrap();
    let list = due_list(&data, &OutcomeSettings::default(), "BLK-A", date);
    let contacts = s.graduate_contacts(&Scope::Central, "BLK-A").unwrap();
    let name = |person: i64| {
        contacts
            .iter()
            .find(|c| c.person_id == person)
            .map(|c| c.name.clone())
            .unwrap()
    };
    let got: Vec<(String, String, u8, DueKind)> = list
        .iter()
        .map(|e| (name(e.person), e.cohort_code.clone(), e.wave, e.kind))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Fitri Handayani".into(), "K3".into(), 1, DueKind::Reminder),
            ("Dewi Lestari".into(), "K2".into(), 6, DueKind::Due),
            ("Asep Sunandar".into(), "K1".into(), 1, DueKind::Due),
        ]
    );
    // A BLK office sees only its own graduates.
    let blk_scope = Scope::Blk {
        code: "BLK-B".into(),
        region: domain::RegionCode::parse("32.77").unwrap(),
    };
    let (mine, _) = load_outcomes(&mut s, &blk_scope).unwrap();
    assert_eq!(mine.trainees.len(), 1);
    assert!(s.graduate_contacts(&blk_scope, "BLK-A").unwrap().is_empty());
}

fn a_placement_reported_twice_is_stored_and_read_once(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = db.open();
    committed(import(
        &mut s,
        Entity::Blks,
        &write(dir.path(), "b.csv", BLKS),
    ));
    committed(import(
        &mut s,
        Entity::Cohorts,
        &write(dir.path(), "c.csv", COHORTS),
    ));
    let placements = "nik,placement_type,employer,start_date,cohort_code
3273010101900001,WAGE,PT Baja Nusantara,2026-11-20,K1
3273010101900001,WAGE,\"Baja Nusantara, PT\",2026-11-20,
";
    let b = committed(import(
        &mut s,
        Entity::Placements,
        &write(dir.path(), "p.csv", placements),
    ));
    assert_eq!((b.inserted, b.unchanged), (1, 1));
    let (data, _) = load_outcomes(&mut s, &Scope::Central).unwrap();
    assert_eq!(data.placements.len(), 1);
    let person = data.placements[0].person;
    let k1 = data.cohorts.iter().find(|c| c.code == "K1").unwrap().id;
    assert_eq!(
        data.first_job(person, k1).map(|j| j.0),
        Date::parse("2026-11-20").ok()
    );
}

fn targets_import_round_trip_and_reimport_adds_no_duplicates(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = db.open();
    committed(import(
        &mut s,
        Entity::Blks,
        &write(dir.path(), "b.csv", BLKS),
    ));
    let sheet = "indikator;tingkat;kode_wilayah;tahun;tahun_ke;target
GRADUATES;NASIONAL;;2026;1;12.000
KEBEKERJAAN;NASIONAL;;2026;1;65%
COST_PER_PLACEMENT;NASIONAL;;2026;1;15.500.000
PLACED;PROVINSI;32;2026;1;1.500
KEBEKERJAAN;BLK;BLK-A;2026;1;0,6
";
    let file = write(dir.path(), "targets.csv", sheet);
    let b = committed(import(&mut s, Entity::Targets, &file));
    assert_eq!((b.inserted, b.rejected), (5, 0));
    let got = load_targets(&mut s, &Scope::Central, Some(2026)).unwrap();
    assert_eq!(got.len(), 5);
    let value = |i: OutcomeIndicator, l: TargetLevel| {
        got.iter()
            .find(|t| t.indicator == i && t.level == l)
            .map(|t| (t.area.clone(), t.value, t.project_year))
            .unwrap()
    };
    assert_eq!(
        value(OutcomeIndicator::Graduates, TargetLevel::National),
        (String::new(), 12_000.0, 1)
    );
    assert_eq!(
        value(OutcomeIndicator::Kebekerjaan, TargetLevel::National).1,
        0.65
    );
    assert_eq!(
        value(OutcomeIndicator::CostPerPlacement, TargetLevel::National).1,
        15_500_000.0
    );
    assert_eq!(
        value(OutcomeIndicator::Placed, TargetLevel::Province),
        ("32".into(), 1_500.0, 1)
    );
    assert_eq!(
        value(OutcomeIndicator::Kebekerjaan, TargetLevel::Blk),
        ("BLK-A".into(), 0.6, 1)
    );

    // The same file again is a no-op; a corrected sheet updates one value in place.
    assert!(matches!(
        import(&mut s, Entity::Targets, &file),
        Outcome::AlreadyImported { .. }
    ));
    let corrected = write(
        dir.path(),
        "targets-2.csv",
        &sheet.replace("12.000", "12.500"),
    );
    let b = committed(import(&mut s, Entity::Targets, &corrected));
    assert_eq!((b.inserted, b.updated, b.unchanged), (0, 1, 4));
    let again = load_targets(&mut s, &Scope::Central, None).unwrap();
    assert_eq!(again.len(), 5);
    assert_eq!(
        again
            .iter()
            .find(|t| t.indicator == OutcomeIndicator::Graduates)
            .map(|t| t.value),
        Some(12_500.0)
    );
    // A province office sees national targets and its own, not another province's BLKs.
    let jatim = Scope::Province(domain::RegionCode::parse("35").unwrap());
    let seen = load_targets(&mut s, &jatim, None).unwrap();
    assert!(seen.iter().all(|t| t.level == TargetLevel::National));
    assert_eq!(seen.len(), 3);
}

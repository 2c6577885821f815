//! Saved plan runs and the planning reads, on both engines.

mod common;

use common::{TestDb, import};
use domain::records::*;
use domain::{Date, Nik, RegionCode, Scope, Sex};
use store::{NewPlanRun, ProgrammeOutcomeRow};

fn run<'a>(
    kind: &'a str,
    base_run: Option<i64>,
    inputs: &'a str,
    result: &'a str,
) -> NewPlanRun<'a> {
    NewPlanRun {
        kind,
        actor: "test",
        fund: "DEKON",
        year: 2026,
        base_run,
        data_version: 7,
        budget_idr: 25_000_000_000,
        cost_idr: 24_990_000_000,
        expected_placements: 1234.5,
        summary: "a plan",
        inputs_json: inputs,
        result_json: result,
    }
}

fn plan_runs_round_trip_with_their_json(db: &TestDb) {
    let mut s = db.open();
    let inputs = r#"{"problem":{"candidates":[{"blk":"BLK-1","score":14.726654219210172}]},"note":"ü — 1.234,5"}"#;
    let result = r#"{"lines":[],"expected":1234.5}"#;
    let id = s
        .save_plan_run(&Scope::Central, &run("allocate", None, inputs, result))
        .unwrap();
    let back = s.plan_run(&Scope::Central, id).unwrap().expect("saved");
    assert_eq!(back.id, id);
    assert_eq!(back.kind, "allocate");
    assert_eq!(back.fund, "DEKON");
    assert_eq!(back.year, 2026);
    assert_eq!(back.base_run, None);
    assert_eq!(back.data_version, 7);
    assert_eq!(back.budget_idr, 25_000_000_000);
    assert_eq!(back.cost_idr, 24_990_000_000);
    assert_eq!(back.expected_placements, 1234.5);
    assert_eq!(back.inputs_json, inputs);
    assert_eq!(back.result_json, result);
    assert_eq!(back.scope, "central");
    assert!(back.created_at.ends_with('Z'));

    let w = s
        .save_plan_run(&Scope::Central, &run("whatif", Some(id), "{}", "{}"))
        .unwrap();
    let list = s.plan_runs(&Scope::Central, 10).unwrap();
    assert_eq!(list.iter().map(|r| r.id).collect::<Vec<_>>(), vec![w, id]);
    assert_eq!(list[0].base_run, Some(id));
    assert!(list[0].inputs_json.is_empty(), "lists leave the JSON out");

    // A province office sees its own runs only; the centre sees all.
    let jabar = Scope::Province(RegionCode::parse("32").unwrap());
    let p = s
        .save_plan_run(&jabar, &run("allocate", None, "{}", "{}"))
        .unwrap();
    assert_eq!(
        s.plan_runs(&jabar, 10)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>(),
        vec![p]
    );
    assert!(s.plan_run(&jabar, id).unwrap().is_none());
    assert_eq!(s.plan_runs(&Scope::Central, 10).unwrap().len(), 3);
    assert!(s.plan_run(&Scope::Central, 9999).unwrap().is_none());
}

fn planning_reads_run_on_an_empty_database(db: &TestDb) {
    let mut s = db.open();
    assert!(s.plan_blks(&Scope::Central).unwrap().is_empty());
    let cutoff = Date::parse("2025-06-01").unwrap();
    assert!(
        s.programme_outcomes(&Scope::Central, cutoff)
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.schema_version().unwrap(), store::LATEST_VERSION);
}

fn blk(code: &str, reg: &str, capacity: Vec<KejuruanCapacity>) -> Record {
    Record::Blk(BlkRecord {
        code: code.into(),
        name: format!("BLK {code}"),
        blk_type: BlkType::Uptd,
        region: RegionCode::parse(reg).unwrap(),
        address: None,
        capacity,
        programmes: vec!["LAS-01".into()],
    })
}

fn trainee(cohort: &str, blk: &str, end: &str, nik: &str, status: TraineeStatus) -> Record {
    Record::CohortTrainee(CohortTraineeRecord {
        cohort_code: cohort.into(),
        blk_code: blk.into(),
        programme_code: "LAS-01".into(),
        start: Date::parse("2025-01-06").unwrap(),
        end: Date::parse(end).unwrap(),
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
        certified: false,
    })
}

fn placement(nik: &str, cohort: &str) -> Record {
    Record::Placement(PlacementRecord {
        nik: Nik::parse(nik).unwrap(),
        placement_type: PlacementType::Wage,
        employer: "PT Maju".into(),
        start: Date::parse("2025-05-05").unwrap(),
        cohort_code: Some(cohort.into()),
        vacancy_source: None,
        vacancy_source_id: None,
        isco: None,
        region: None,
        monthly_income: None,
        evidence: None,
    })
}

fn capacity_and_outcomes_are_read_per_blk_and_programme(db: &TestDb) {
    let mut s = db.open();
    let las = KejuruanCapacity {
        kejuruan: "LAS",
        workshops: 2,
        instructors: 3,
    };
    let tik = KejuruanCapacity {
        kejuruan: "TIK",
        workshops: 1,
        instructors: 0,
    };
    import(
        &mut s,
        "blks",
        "b1",
        &[
            blk("B-1", "32.73", vec![las, tik]),
            blk("B-2", "31.71", vec![las]),
        ],
    );
    import(
        &mut s,
        "cohorts",
        "c1",
        &[
            // Ended before the cut-off: 2 completed (1 placed), 1 dropped.
            trainee(
                "C-1",
                "B-1",
                "2025-03-28",
                "3273010101900001",
                TraineeStatus::Completed,
            ),
            trainee(
                "C-1",
                "B-1",
                "2025-03-28",
                "3273010101900002",
                TraineeStatus::Completed,
            ),
            trainee(
                "C-1",
                "B-1",
                "2025-03-28",
                "3273010101900003",
                TraineeStatus::Dropped,
            ),
            // Ends after it: not counted yet.
            trainee(
                "C-2",
                "B-1",
                "2025-09-26",
                "3273010101900004",
                TraineeStatus::Enrolled,
            ),
            trainee(
                "C-3",
                "B-2",
                "2025-03-28",
                "3171010101900005",
                TraineeStatus::Completed,
            ),
        ],
    );
    import(
        &mut s,
        "placements",
        "p1",
        &[placement("3273010101900001", "C-1")],
    );

    let blks = s.plan_blks(&Scope::Central).unwrap();
    assert_eq!(
        blks.iter().map(|b| b.code.as_str()).collect::<Vec<_>>(),
        ["B-1", "B-2"]
    );
    assert_eq!(blks[0].region, Some(RegionCode::parse("32.73").unwrap()));
    let caps: Vec<(&str, i64, i64)> = blks[0]
        .capacity
        .iter()
        .map(|c| (c.kejuruan_code.as_str(), c.workshops, c.instructors))
        .collect();
    assert_eq!(caps, [("LAS", 2, 3), ("TIK", 1, 0)]);
    assert_eq!(blks[1].capacity.len(), 1);

    let cutoff = Date::parse("2025-06-01").unwrap();
    let rows = s.programme_outcomes(&Scope::Central, cutoff).unwrap();
    assert_eq!(
        rows,
        [
            ProgrammeOutcomeRow {
                blk_code: "B-1".into(),
                programme_code: "LAS-01".into(),
                cohorts: 1,
                finished: 3,
                completed: 2,
                placed: 1,
            },
            ProgrammeOutcomeRow {
                blk_code: "B-2".into(),
                programme_code: "LAS-01".into(),
                cohorts: 1,
                finished: 1,
                completed: 1,
                placed: 0,
            },
        ]
    );
    // Scoped: a province office sees its own BLKs only.
    let jabar = Scope::Province(RegionCode::parse("32").unwrap());
    assert_eq!(s.plan_blks(&jabar).unwrap().len(), 1);
    assert_eq!(s.programme_outcomes(&jabar, cutoff).unwrap().len(), 1);
}

on_both_engines!(
    plan_runs_round_trip_with_their_json,
    planning_reads_run_on_an_empty_database,
    capacity_and_outcomes_are_read_per_blk_and_programme,
);

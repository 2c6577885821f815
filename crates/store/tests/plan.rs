//! Saved plan runs and the planning reads, on both engines.

mod common;

use common::TestDb;
use domain::{Date, RegionCode, Scope};
use store::NewPlanRun;

fn run<'a>(kind: &'a str, base_run: Option<i64>, inputs: &'a str, result: &'a str) -> NewPlanRun<'a> {
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
        s.plan_runs(&jabar, 10).unwrap().iter().map(|r| r.id).collect::<Vec<_>>(),
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
    assert!(s.programme_outcomes(&Scope::Central, cutoff).unwrap().is_empty());
    assert_eq!(s.schema_version().unwrap(), store::LATEST_VERSION);
}

on_both_engines!(
    plan_runs_round_trip_with_their_json,
    planning_reads_run_on_an_empty_database
);

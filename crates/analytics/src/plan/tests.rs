use std::collections::BTreeMap;

use domain::{IscoCode, RegionCode, YearMonth};
use proptest::prelude::*;

use super::*;
use crate::market::MonthWindow;

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).expect("a test region")
}

fn unit(s: &str) -> IscoCode {
    IscoCode::parse(s).expect("a test ISCO unit")
}

fn window() -> MonthWindow {
    MonthWindow::ending(YearMonth::parse("2025-12").expect("a month"), 12)
}

fn candidate(
    blk: &str,
    prov: &str,
    prog: &str,
    cost: i64,
    segments: &[(u32, f64)],
    weeks: u32,
) -> Candidate {
    Candidate {
        blk: blk.into(),
        province: code(prov).province(),
        programme: prog.into(),
        kejuruan: prog.split('-').next().unwrap_or("X").into(),
        cost_per_cohort: cost,
        cohort_weeks: weeks,
        max_cohorts: segments.iter().map(|s| s.0).sum(),
        score: 0.0,
        rate: 0.5,
        rate_lo: 0.4,
        rate_hi: 0.6,
        room: 0.0,
        in_model: true,
        segments: segments
            .iter()
            .map(|&(cohorts, placements_per_cohort)| Segment {
                cohorts,
                placements_per_cohort,
            })
            .collect(),
        reason_id: String::new(),
        reason_en: String::new(),
    }
}

fn problem(
    candidates: Vec<Candidate>,
    capacity: Vec<CapacityRow>,
    budget: i64,
    share: f64,
) -> AllocationProblem {
    let mut params = AllocationParams::new("DEKON", 2026, budget);
    params.min_share_province = share;
    params.mip_gap = 0.0;
    AllocationProblem {
        params,
        seats_per_cohort: 16,
        window: "2025-01..2025-12".into(),
        pairs: candidates.len(),
        blk_names: candidates
            .iter()
            .map(|c| (c.blk.clone(), c.blk.clone()))
            .collect(),
        candidates,
        capacity,
    }
}

fn cohorts(r: &AllocationResult) -> BTreeMap<(String, String), u32> {
    r.lines
        .iter()
        .map(|l| ((l.blk.clone(), l.programme.clone()), l.cohorts))
        .collect()
}

/// Three candidates in two provinces, small enough to enumerate by hand:
/// A (31) Rp 100 jt, 10 placements, at most 3; B (32) Rp 150 jt, 12, at most 2; C (32) Rp 50 jt,
/// 4.5, at most 4. With Rp 400 jt the best is 3 A + 2 C = 39. With half the budget reserved
/// for each province, 31 can spend only 200 (2 A = 20) and 32's best for 200 is 4 C = 18.
fn hand_case(share: f64) -> AllocationProblem {
    problem(
        vec![
            candidate("A", "31.71", "LAS-01", 100_000_000, &[(3, 10.0)], 8),
            candidate("B", "32.73", "TIK-01", 150_000_000, &[(2, 12.0)], 8),
            candidate("C", "32.73", "BOG-01", 50_000_000, &[(4, 4.5)], 4),
        ],
        Vec::new(),
        400_000_000,
        share,
    )
}

#[test]
fn finds_the_hand_checked_optimum() {
    let r = allocate(&hand_case(0.0)).expect("feasible");
    let got = cohorts(&r);
    assert_eq!(got.get(&("A".into(), "LAS-01".into())), Some(&3));
    assert_eq!(got.get(&("C".into(), "BOG-01".into())), Some(&2));
    assert_eq!(got.get(&("B".into(), "TIK-01".into())), None);
    assert!((r.expected - 39.0).abs() < 1e-9, "{}", r.expected);
    assert_eq!(r.cost, 400_000_000);
    assert!(r.binding.contains(&Binding::Budget { slack: 0 }));
    // The range scales each line by its kebekerjaan range (0.4 and 0.6 around 0.5).
    assert!((r.expected_lo - 39.0 * 0.8).abs() < 1e-9);
    assert!((r.expected_hi - 39.0 * 1.2).abs() < 1e-9);
}

#[test]
fn province_shares_change_the_optimum_as_computed_by_hand() {
    let r = allocate(&hand_case(0.5)).expect("feasible");
    let got = cohorts(&r);
    assert_eq!(got.get(&("A".into(), "LAS-01".into())), Some(&2));
    assert_eq!(got.get(&("C".into(), "BOG-01".into())), Some(&4));
    assert!((r.expected - 38.0).abs() < 1e-9, "{}", r.expected);
    // Rp 1 miliar more in 31 buys the third A (the only one left): 10 placements.
    let p31 = r
        .provinces
        .iter()
        .find(|p| p.province == code("31"))
        .expect("31");
    assert_eq!(p31.extra_placements, Some(10.0));
    assert!(p31.floor_binding);
}

#[test]
fn marginal_values_agree_with_each_other() {
    // With the budget spent, the nation's value of Rp 1 miliar more is at least the best
    // province's: giving it to that province is one way to spend it.
    let r = allocate(&hand_case(0.5)).expect("feasible");
    let best = r
        .provinces
        .iter()
        .filter_map(|p| p.extra_placements)
        .fold(0.0, f64::max);
    let national = r.national_extra_placements.expect("computed");
    assert!(best > 0.0 && national >= best - 1e-9, "{national} < {best}");
    // With more than Rp 1 miliar left unspent, capacity limits the plan: more money buys
    // nothing, in any province or nationally.
    let mut rich = hand_case(0.0);
    rich.params.budget = 5_000_000_000;
    let r = allocate(&rich).expect("feasible");
    assert_eq!(r.cost, 3 * 100_000_000 + 2 * 150_000_000 + 4 * 50_000_000);
    assert_eq!(r.national_extra_placements, Some(0.0));
    assert!(
        r.provinces.iter().all(|p| p.extra_placements == Some(0.0)),
        "{:?}",
        r.provinces
    );
}

#[test]
fn a_year_the_evidence_cannot_plan_is_refused() {
    let ev = evidence();
    for year in [1900, 2099] {
        let e = recommend(&ev, "BLK-LAS", year).expect_err("out of range");
        assert!(matches!(e, PlanError::YearOutOfRange { .. }), "{e}");
        let e = AllocationProblem::build(&ev, AllocationParams::new("DEKON", year, 1_000_000_000))
            .expect_err("out of range");
        assert!(matches!(e, PlanError::YearOutOfRange { .. }), "{e}");
    }
    assert!(recommend(&ev, "BLK-LAS", 2026).is_ok());
}

#[test]
fn a_budget_that_buys_no_cohort_is_refused() {
    let mut p = hand_case(0.0);
    p.params.budget = 40_000_000;
    let e = allocate(&p).expect_err("below the cheapest cohort");
    assert_eq!(
        e,
        PlanError::BudgetBelowCohort {
            budget: 40_000_000,
            cheapest: 50_000_000
        }
    );
}

#[test]
fn impossible_shares_are_refused_with_a_reason() {
    let e = allocate(&hand_case(0.6)).expect_err("two provinces cannot both get 60 %");
    assert!(
        matches!(e, PlanError::SharesExceedBudget { provinces: 2, .. }),
        "{e}"
    );
    // 31 can spend at most 3 × Rp 100 jt; a 45 % floor of Rp 4 miliar is out of reach.
    let mut p = hand_case(0.45);
    p.params.budget = 4_000_000_000;
    let e = allocate(&p).expect_err("31 lacks capacity");
    assert!(
        matches!(&e, PlanError::ProvinceCapacity { province, .. } if province == "31"),
        "{e}"
    );
}

#[test]
fn diminishing_returns_spread_cohorts_across_blks() {
    // Two identical BLKs whose second cohort places half as well: two cohorts go to different
    // BLKs, not both to the first.
    let p = problem(
        vec![
            candidate("A", "31.71", "LAS-01", 100, &[(1, 10.0), (3, 5.0)], 8),
            candidate("B", "31.71", "LAS-01", 100, &[(1, 9.0), (3, 4.5)], 8),
        ],
        Vec::new(),
        200,
        0.0,
    );
    let r = allocate(&p).expect("feasible");
    let got = cohorts(&r);
    assert_eq!(got.get(&("A".into(), "LAS-01".into())), Some(&1));
    assert_eq!(got.get(&("B".into(), "LAS-01".into())), Some(&1));
}

#[test]
fn capacity_rows_limit_the_kejuruan_not_each_programme() {
    // One LAS kejuruan with 16 cohort-weeks: two 8-week programmes share it.
    let p = problem(
        vec![
            candidate("A", "31.71", "LAS-01", 100, &[(2, 10.0)], 8),
            candidate("A", "31.71", "LAS-02", 100, &[(2, 9.0)], 8),
        ],
        vec![CapacityRow {
            blk: "A".into(),
            kejuruan: "LAS".into(),
            weeks: 16,
        }],
        1_000,
        0.0,
    );
    let r = allocate(&p).expect("feasible");
    assert_eq!(r.cohorts, 2);
    assert!((r.expected - 20.0).abs() < 1e-9);
    assert!(r.binding.iter().any(|b| matches!(
        b,
        Binding::Capacity {
            used: 16,
            weeks: 16,
            ..
        }
    )));
}

/// A hand-built market: strong welding demand around Kota Bandung, one BLK there with LAS and
/// one in Kabupaten Bandung with only TIK.
fn evidence() -> PlanEvidence {
    let bandung = code("32.73");
    let kab = code("32.04");
    let market = MarketView::from_cells(
        window(),
        [
            (bandung, unit("7212"), 134.0, 100.0, 160.8),
            (bandung, unit("2512"), 50.0, 50.0, 20.0),
            (kab, unit("7212"), 300.0, 200.0, 10.0),
        ],
    );
    let blks = vec![
        PlanBlk {
            code: "BLK-LAS".into(),
            name: "BLK Las".into(),
            region: bandung,
            capacity: vec![PlanCapacity {
                kejuruan: "LAS".into(),
                workshops: 1,
                instructors: 1,
            }],
        },
        PlanBlk {
            code: "BLK-TIK".into(),
            name: "BLK TIK".into(),
            region: kab,
            capacity: vec![PlanCapacity {
                kejuruan: "TIK".into(),
                workshops: 2,
                instructors: 2,
            }],
        },
    ];
    let outcomes = vec![OutcomeFact {
        blk: "BLK-LAS".into(),
        programme: "LAS-01".into(),
        cohorts: 7,
        finished: 110,
        completed: 100,
        placed: 58,
    }];
    let rates = RateModel::fit(&outcomes);
    PlanEvidence::build(
        &market,
        &Potentials::none(),
        &rates,
        &blks,
        &PlanSettings {
            radius_km: 5.0,
            ..PlanSettings::default()
        },
    )
}

#[test]
fn reasons_carry_the_numbers_that_produced_them() {
    let ev = evidence();
    let rec = recommend(&ev, "BLK-LAS", 2026).expect("known BLK");
    let las = rec
        .lines
        .iter()
        .find(|l| l.evidence.programme == "LAS-01")
        .expect("LAS-01 is in the catalogue");
    let id = &las.evidence.reason_id;
    assert!(
        id.contains(
            "lowongan pekerja pengelasan di radius 5 km naik 34% dalam 12 bulan (134 posisi)"
        ),
        "{id}"
    );
    assert!(id.contains("pencari kerja 1,2 per lowongan"), "{id}");
    assert!(
        id.contains("kebekerjaan program 58% (58 dari 100 lulusan di BLK ini"),
        "{id}"
    );
    assert!(id.contains("biaya Rp 9.500.000 per peserta"), "{id}");
    let en = &las.evidence.reason_en;
    assert!(en.contains("up 34% in 12 months (134 positions)"), "{en}");
    assert!(en.contains("1.2 job seekers per vacancy"), "{en}");
    assert!(en.contains("programme employment rate 58%"), "{en}");
    // More seekers than positions: no room, so no cohorts suggested.
    assert_eq!(las.evidence.room, 0.0);
    assert_eq!(las.cohorts, 0);
    assert!(!las.needs_investment);
    // TIK is not taught here: listed as needing investment, not dropped.
    let tik = rec
        .lines
        .iter()
        .find(|l| l.evidence.programme == "TIK-02")
        .expect("every catalogue programme is listed");
    assert!(tik.needs_investment && tik.cohorts == 0);
    assert!(
        tik.evidence.reason_id.starts_with("perlu investasi"),
        "{}",
        tik.evidence.reason_id
    );
    assert!(tik.evidence.reason_en.starts_with("needs investment"));
    assert_eq!(rec.lines.len(), domain::reference().programmes.len());
}

#[test]
fn public_reasons_hide_small_counts_of_persons_only() {
    let mut ev = evidence();
    let radius = ev.settings.radius_km;
    let line = ev.blks[0]
        .lines
        .iter_mut()
        .find(|e| e.programme == "LAS-01")
        .expect("LAS-01 is in the catalogue");
    let (id, en) = line.public_reasons(radius);
    assert_eq!(id, line.reason_id, "no small counts: the same sentence");
    assert_eq!(en, line.reason_en);
    line.kebekerjaan.placed = 3;
    line.kebekerjaan.completed = 4;
    let (id, en) = line.public_reasons(radius);
    assert!(id.contains("(<5 dari <5 lulusan di BLK ini"), "{id}");
    assert!(en.contains("(<5 of <5 graduates at this BLK"), "{en}");
    assert!(id.contains("naik 34% dalam 12 bulan (134 posisi)"), "{id}");
}

#[test]
fn a_blk_without_a_welding_workshop_never_gets_welding() {
    let ev = evidence();
    // Welding is where the demand is, next to the BLK that cannot teach it.
    let rec = recommend(&ev, "BLK-TIK", 2026).expect("known BLK");
    assert!(
        rec.lines
            .iter()
            .filter(|l| l.evidence.kejuruan == "LAS")
            .all(|l| l.needs_investment && l.cohorts == 0)
    );
    for top_k in [0, 5] {
        let mut params = AllocationParams::new("DEKON", 2026, 50_000_000_000);
        params.top_k = top_k;
        params.marginals = false;
        let p = AllocationProblem::build(&ev, params).expect("candidates exist");
        assert!(
            !p.candidates
                .iter()
                .any(|c| c.blk == "BLK-TIK" && c.kejuruan == "LAS")
        );
        let r = allocate(&p).expect("feasible");
        assert!(
            r.lines.iter().any(|l| l.blk == "BLK-TIK"),
            "TIK still gets cohorts"
        );
        assert!(
            !r.lines
                .iter()
                .any(|l| l.blk == "BLK-TIK" && l.programme.starts_with("LAS"))
        );
    }
    // Nor can a what-if move welding there.
    let p = AllocationProblem::build(&ev, AllocationParams::new("DEKON", 2026, 50_000_000_000))
        .expect("ok");
    let r = allocate(&p).expect("feasible");
    let from = r.lines.first().expect("a line");
    let mv = Move::parse(&format!(
        "{}:{}->BLK-TIK:LAS-01:1",
        from.blk, from.programme
    ))
    .expect("syntax");
    let e = what_if(&p, &r, &[Change::Move(mv)]).expect_err("not runnable");
    assert!(matches!(e, PlanError::NotRunnable { .. }), "{e}");
    // A BLK or a programme that does not exist is named as such.
    for (to, want) in [
        ("NOPE:LAS-01", "no BLK with code NOPE"),
        ("BLK-TIK:XXX-99", "programme XXX-99"),
    ] {
        let mv = Move::parse(&format!("{}:{}->{to}:1", from.blk, from.programme)).expect("syntax");
        let e = what_if(&p, &r, &[Change::Move(mv)]).expect_err("unknown");
        assert!(e.to_string().contains(want), "{e}");
    }
}

#[test]
fn the_same_inputs_give_the_same_plan() {
    let ev = evidence();
    let mut params = AllocationParams::new("DEKON", 2026, 3_000_000_000);
    params.min_share_province = 0.0;
    let p = AllocationProblem::build(&ev, params).expect("ok");
    let a = allocate(&p).expect("feasible");
    let b = allocate(&p).expect("feasible");
    assert_eq!(a.lines, b.lines);
    // Through JSON and back (what a saved run does), too.
    let json = serde_json::to_string(&p).expect("serialises");
    let back: AllocationProblem = serde_json::from_str(&json).expect("parses");
    assert_eq!(back, p);
    let c = allocate(&back).expect("feasible");
    assert_eq!(a.lines, c.lines);
    let rebuilt = AllocationProblem::build(&evidence(), p.params.clone()).expect("ok");
    assert_eq!(rebuilt, p);
}

#[test]
fn what_if_moves_and_budget_changes_report_deltas() {
    let base_p = hand_case(0.0);
    let base = allocate(&base_p).expect("feasible");
    // Moving one A cohort to B: −10 + 12 placements, +Rp 50 jt, which breaks the budget.
    let mv = Move::parse("A:LAS-01->B:TIK-01:1").expect("syntax");
    let (_, w) = what_if(&base_p, &base, &[Change::Move(mv)]).expect("runnable");
    assert!(
        (w.delta_expected - 2.0).abs() < 1e-9,
        "{}",
        w.delta_expected
    );
    assert_eq!(w.delta_cost, 50_000_000);
    // The LP bound is the problem's, as in the base run, not the moved plan's own value.
    assert_eq!(w.result.bound, base.bound);
    assert!(
        w.violations
            .iter()
            .any(|v| v.contains("exceeds the budget")),
        "{:?}",
        w.violations
    );
    // More budget: re-solved, never worse.
    let (p2, w) = what_if(&base_p, &base, &[Change::Budget(500_000_000)]).expect("feasible");
    assert_eq!(p2.params.budget, 500_000_000);
    assert!(w.delta_expected >= 0.0 && w.result.cost <= 500_000_000);
    assert!(w.violations.is_empty());
    // Moving more cohorts than the plan has is refused.
    let mv = Move::parse("C:BOG-01->B:TIK-01:5").expect("syntax");
    assert!(matches!(
        what_if(&base_p, &base, &[Change::Move(mv)]),
        Err(PlanError::MoveTooMany { have: 2, .. })
    ));
    assert!(Move::parse("A:LAS-01->B:TIK-01").is_err());
    assert!(Move::parse("A->B:TIK-01:1").is_err());
    // A move to where the cohorts are already is refused, not saved as a plan.
    assert!(matches!(
        Move::parse("A:LAS-01->a:las-01:1"),
        Err(PlanError::MoveToItself(_))
    ));
}

#[test]
fn kebekerjaan_is_shrunk_toward_the_national_rate() {
    // Ten BLKs at 50 %, one with 1 of 1 placed: its estimate stays near the national rate.
    let mut facts: Vec<OutcomeFact> = (0..10)
        .map(|i| OutcomeFact {
            blk: format!("B{i}"),
            programme: "LAS-01".into(),
            cohorts: 4,
            finished: 64,
            completed: 60,
            placed: 30,
        })
        .collect();
    facts.push(OutcomeFact {
        blk: "NEW".into(),
        programme: "LAS-01".into(),
        cohorts: 1,
        finished: 1,
        completed: 1,
        placed: 1,
    });
    let m = RateModel::fit(&facts);
    let k = m.kebekerjaan("NEW", "LAS-01");
    assert_eq!(k.source, RateSource::Blk);
    assert!(k.rate > 0.5 && k.rate < 0.6, "{}", k.rate);
    assert!(k.lo < k.rate && k.rate < k.hi);
    let never = m.kebekerjaan("NONE", "LAS-01");
    assert_eq!(never.source, RateSource::National);
    assert!((never.rate - never.national).abs() < 1e-12);
    assert_eq!(m.kebekerjaan("NONE", "TIK-01").source, RateSource::Prior);
}

#[test]
fn catchments_hold_the_own_regency_and_weight_by_distance() {
    let c = catchment(code("32.73"), 50.0);
    assert_eq!(c.members[0].region, code("32.73"));
    assert_eq!(c.members[0].weight, 1.0);
    assert!(c.members.len() > 3, "Bandung has neighbours within 50 km");
    assert!(
        c.members
            .iter()
            .all(|m| m.distance_km < 50.0 && m.weight > 0.0 && m.weight <= 1.0)
    );
    assert!(
        c.members
            .windows(2)
            .all(|w| w[0].distance_km <= w[1].distance_km)
    );
    // Jakarta to Bandung is about 120 km.
    let d = haversine_km(-6.2, 106.82, -6.91, 107.61);
    assert!((d - 117.0).abs() < 10.0, "{d}");
    assert_eq!(catchment(code("32.73"), 0.0).members.len(), 1);
}

fn random_problem() -> impl Strategy<Value = AllocationProblem> {
    let cand = (
        0usize..3,
        0usize..3,
        1i64..20,
        1u32..4,
        0.0f64..10.0,
        1u32..9,
    );
    (
        prop::collection::vec(cand, 1..7),
        1i64..60,
        0.0f64..0.4,
        4u32..30,
    )
        .prop_map(|(cs, budget, share, cap)| {
            let provinces = ["31.71", "32.73", "33.74"];
            let mut candidates = Vec::new();
            for (i, (blk, prov, cost, n, rate, weeks)) in cs.into_iter().enumerate() {
                candidates.push(candidate(
                    &format!("B{blk}"),
                    provinces[(blk + prov) % 3],
                    &format!("LAS-{i:02}"),
                    cost * 10,
                    &[(n, rate), (n, rate * 0.5)],
                    weeks,
                ));
            }
            // A BLK sits in one province: give each BLK the province of its first candidate.
            let mut home: BTreeMap<String, RegionCode> = BTreeMap::new();
            for c in &mut candidates {
                let p = *home.entry(c.blk.clone()).or_insert(c.province);
                c.province = p;
            }
            let capacity = home
                .keys()
                .map(|b| CapacityRow {
                    blk: b.clone(),
                    kejuruan: "LAS".into(),
                    weeks: cap,
                })
                .collect();
            let mut p = problem(candidates, capacity, budget * 10, share);
            p.params.marginals = false;
            p
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn budget_shares_and_capacity_are_never_violated(p in random_problem()) {
        match allocate(&p) {
            Ok(r) => {
                let plan = r.plan_of(&p);
                let (_, violations) = evaluate_plan(&p, &plan);
                prop_assert!(violations.is_empty(), "{:?}", violations);
                prop_assert!(r.cost <= p.params.budget);
                for (c, &n) in p.candidates.iter().zip(&plan) {
                    prop_assert!(n <= c.max_cohorts);
                }
                let floor = p.floor();
                for prov in p.provinces() {
                    let spend: i64 = p.candidates.iter().zip(&plan)
                        .filter(|(c, _)| c.province == prov)
                        .map(|(c, &n)| c.cost_per_cohort * i64::from(n)).sum();
                    prop_assert!(spend >= floor, "{prov}: {spend} < {floor}");
                }
            }
            Err(e) => prop_assert!(matches!(
                e,
                PlanError::Infeasible(_)
                    | PlanError::SharesExceedBudget { .. }
                    | PlanError::ProvinceCapacity { .. }
                    | PlanError::BudgetBelowCohort { .. }
            ), "{e}"),
        }
    }
}

/// The welding line (LAS-01) of a welding BLK in `region` over `market`, its catchment
/// `radius_km` wide.
fn welding_line(market: &MarketView, region: RegionCode, radius_km: f64) -> Evidence {
    let blk = PlanBlk {
        code: "BLK-LAS".into(),
        name: "BLK Las".into(),
        region,
        capacity: vec![PlanCapacity {
            kejuruan: "LAS".into(),
            workshops: 1,
            instructors: 1,
        }],
    };
    let ev = PlanEvidence::build(
        market,
        &Potentials::none(),
        &RateModel::fit(&[]),
        std::slice::from_ref(&blk),
        &PlanSettings {
            radius_km,
            ..PlanSettings::default()
        },
    );
    ev.blks[0]
        .lines
        .iter()
        .find(|e| e.programme == "LAS-01")
        .expect("LAS-01 is in the catalogue")
        .clone()
}

/// A one-regency catchment's supply of 3, 4 or 6 welders gives the same evidence, field for
/// field: before, its index (or its room, D − S) gave the exact supply back, and with it a
/// regency's "<5" in the gap tables.
#[test]
fn a_catchments_supply_is_known_only_to_within_its_rounding() {
    let kab = code("32.04");
    assert_eq!(catchment(kab, 0.0).members.len(), 1, "one regency");
    let line = |supply: f64| -> Evidence {
        let market = MarketView::from_cells(window(), [(kab, unit("7212"), 20.0, 12.0, supply)]);
        welding_line(&market, kab, 0.0)
    };
    let three = line(3.0);
    assert_eq!(three.supply, 5.0);
    assert_eq!(three.room, 15.0);
    assert_eq!(three.gap_index, Some(15.0 / 25.0));
    for other in [4.0, 6.0, 7.4] {
        assert_eq!(line(other), three, "{other} job seekers");
    }
    assert_ne!(line(7.5), three, "7.5 rounds to 10");
    assert_eq!(line(2.4).supply, 0.0);
}

/// Built from data, the evidence reads the regency gap table as published: 1 and 4 welders
/// are both "<5" there and give the same evidence; a regency the table leaves out (no demand,
/// "<5") adds nothing, whatever it holds.
#[test]
fn the_evidence_reads_the_gap_table_as_published() {
    use crate::market::{GapInputs, SeekerFact};
    use crate::snapshot::VacancyFact;
    let month = YearMonth::parse("2025-06").expect("a month");
    let kab = code("32.04");
    let line = |here: u64, next_door: u64| -> Evidence {
        let mut seekers = vec![SeekerFact {
            region: kab,
            preferred: vec![unit("7212")],
            month,
            n: here,
        }];
        if next_door > 0 {
            // Kota Bandung, inside a 50 km catchment, without demand.
            seekers.push(SeekerFact {
                region: code("32.73"),
                preferred: vec![unit("7212")],
                month,
                n: next_door,
            });
        }
        let inputs = GapInputs::build(
            &[VacancyFact {
                region: kab,
                isco: unit("7212"),
                month,
                positions: 30,
                salary: None,
                counted: true,
            }],
            &seekers,
            &[],
        )
        .expect("valid");
        let market = MarketView::build(&inputs, window());
        welding_line(&market, kab, PlanSettings::default().radius_km)
    };
    let one = line(1, 0);
    assert_eq!(one, line(4, 0));
    assert_eq!(one, line(4, 3), "a left-out cell adds nothing");
    assert_ne!(one, line(4, 6), "6 are published ~5 and count");
    assert_ne!(one, line(8, 0), "8 are published ~10");
}

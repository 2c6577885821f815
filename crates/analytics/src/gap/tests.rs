//! Gap cube tests on small cubes computed by hand: roll-ups, duplicates, supply rules, the
//! thin-evidence flag, coverage notes and the ranking order.

use domain::records::TraineeStatus;
use domain::{IscoCode, RegionCode, YearMonth};

use super::*;
use crate::market::{SeekerFact, TraineeFact};
use crate::snapshot::VacancyFact;

fn region(s: &str) -> RegionCode {
    RegionCode::parse(s).expect("a test region")
}

fn isco(s: &str) -> IscoCode {
    IscoCode::parse(s).expect("a test ISCO code")
}

fn ym(s: &str) -> YearMonth {
    YearMonth::parse(s).expect("a test month")
}

fn vacancy(reg: &str, code: &str, month: &str, positions: u32) -> VacancyFact {
    VacancyFact {
        region: region(reg),
        isco: isco(code),
        month: ym(month),
        positions,
        salary: None,
        counted: true,
    }
}

fn seekers(reg: &str, codes: &[&str], month: &str, n: u64) -> SeekerFact {
    SeekerFact {
        region: region(reg),
        preferred: codes.iter().map(|c| isco(c)).collect(),
        month: ym(month),
        n,
    }
}

fn trainees(reg: &str, programme: &str, end: &str, status: TraineeStatus, n: u64) -> TraineeFact {
    TraineeFact {
        region: region(reg),
        programme: programme.into(),
        end_month: ym(end),
        status,
        registered: false,
        placed: false,
        n,
    }
}

fn q1_2025() -> MonthWindow {
    MonthWindow::new(ym("2025-01"), ym("2025-03")).expect("ordered")
}

/// Kota Bandung (32.73), Kab. Bandung (32.04) and Jakarta Pusat (31.71), first quarter 2025.
///
/// | regency | unit | D | S |
/// |---|---|---|---|
/// | 32.73 | 7212 | 3 + 2 = 5 | 1 seeker (half of 2) + 4 graduates = 5 |
/// | 32.73 | 7223 | 4 | 1 seeker |
/// | 32.04 | 7212 | 5 | 3 seekers |
/// | 31.71 | 5223 | 6 | 0 |
/// | 31.71 | 7231, 7234 | 0 | 1 graduate each (OTO-01 has two units) |
fn small_cube() -> GapInputs {
    GapInputs::build(
        &[
            vacancy("32.73", "7212", "2025-01", 3),
            vacancy("32.73", "7212", "2025-02", 2),
            vacancy("32.73", "7223", "2025-01", 4),
            vacancy("32.04", "7212", "2025-03", 5),
            vacancy("31.71", "5223", "2025-01", 6),
            // Outside the window.
            vacancy("31.71", "5223", "2024-12", 50),
        ],
        &[
            seekers("32.73", &["7212", "7223"], "2025-01", 2),
            seekers("32.04", &["7212"], "2025-02", 3),
        ],
        &[
            trainees("32.73", "LAS-01", "2025-03", TraineeStatus::Completed, 4),
            trainees("31.71", "OTO-01", "2025-02", TraineeStatus::Completed, 2),
        ],
    )
    .expect("a valid cube")
}

/// The cube as computed, every cell kept (the published tables' omission has its own test).
fn query(by: RegionLevel, level: u8) -> GapQuery {
    GapQuery {
        by,
        level,
        published: false,
        ..GapQuery::new(q1_2025())
    }
}

/// (area code, ISCO code, demand, supply) of every cell, sorted by area then code.
fn cells(t: &GapTable) -> Vec<(String, String, i64, f64)> {
    let mut out: Vec<_> = t
        .cells
        .iter()
        .map(|c| {
            (
                c.area.code(),
                c.isco.to_string(),
                c.demand,
                c.supply.total(),
            )
        })
        .collect();
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

fn cell(code: &str, isco: &str, d: i64, s: f64) -> (String, String, i64, f64) {
    (code.to_string(), isco.to_string(), d, s)
}

#[test]
fn the_regency_cube_holds_the_hand_computed_cells() {
    let t = small_cube().gap(&query(RegionLevel::Regency, 4));
    assert_eq!(
        cells(&t),
        vec![
            cell("31.71", "5223", 6, 0.0),
            cell("31.71", "7231", 0, 1.0),
            cell("31.71", "7234", 0, 1.0),
            cell("32.04", "7212", 5, 3.0),
            cell("32.73", "7212", 5, 5.0),
            cell("32.73", "7223", 4, 1.0),
        ]
    );
    let bdg = t
        .cells
        .iter()
        .find(|c| c.area.code() == "32.73" && c.isco == isco("7212"))
        .expect("present");
    assert_eq!(bdg.supply.seekers, 1.0);
    assert_eq!(bdg.supply.graduates, 4.0);
    assert_eq!(bdg.vacancies, 2);
    assert_eq!(bdg.gap_index(), 0.0);
    assert_eq!(bdg.seekers_per_position(), Some(1.0));
}

#[test]
fn roll_ups_equal_the_sums_of_their_parts() {
    let inputs = small_cube();
    assert_eq!(
        cells(&inputs.gap(&query(RegionLevel::Province, 4))),
        vec![
            cell("31", "5223", 6, 0.0),
            cell("31", "7231", 0, 1.0),
            cell("31", "7234", 0, 1.0),
            cell("32", "7212", 10, 8.0),
            cell("32", "7223", 4, 1.0),
        ]
    );
    assert_eq!(
        cells(&inputs.gap(&query(RegionLevel::Province, 2))),
        vec![
            cell("31", "52", 6, 0.0),
            cell("31", "72", 0, 2.0),
            cell("32", "72", 14, 9.0),
        ]
    );
    assert_eq!(
        cells(&inputs.gap(&query(RegionLevel::Nation, 1))),
        vec![cell("00", "5", 6, 0.0), cell("00", "7", 14, 11.0)]
    );
    // Every combination of levels: each coarser cell is the sum of the finest cells inside it.
    let finest = inputs.gap(&query(RegionLevel::Regency, 4));
    for by in [
        RegionLevel::Regency,
        RegionLevel::Province,
        RegionLevel::Nation,
    ] {
        for level in 1..=4u8 {
            for c in inputs.gap(&query(by, level)).cells {
                let parts = finest.cells.iter().filter(|f| {
                    let Area::Region(r) = f.area else {
                        return false;
                    };
                    let in_area = match c.area {
                        Area::Nation => true,
                        Area::Region(a) => a.contains(r),
                    };
                    in_area && f.isco.truncate(level) == c.isco
                });
                let (d, s) = parts.fold((0, 0.0), |(d, s), f| (d + f.demand, s + f.supply.total()));
                assert_eq!((c.demand, c.supply.total()), (d, s), "{c:?}");
            }
        }
    }
}

#[test]
fn a_duplicate_cluster_is_counted_once() {
    let mut dup = vacancy("32.73", "7212", "2025-01", 3);
    dup.counted = false;
    let inputs =
        GapInputs::build(&[vacancy("32.73", "7212", "2025-01", 3), dup], &[], &[]).expect("valid");
    let t = inputs.gap(&query(RegionLevel::Regency, 4));
    assert_eq!(t.cells.len(), 1);
    assert_eq!((t.cells[0].demand, t.cells[0].vacancies), (3, 1));
    assert_eq!(inputs.demand_report().duplicates, 1);
}

#[test]
fn cells_below_the_evidence_threshold_are_flagged_and_not_ranked() {
    let inputs = small_cube();
    // D + S: 32.73/7212 = 10, 32.04/7212 = 8, 32.73/7223 = 5, 31.71/5223 = 6, the OTO units 1.
    let t = inputs.gap(&query(RegionLevel::Regency, 4));
    let thin: Vec<(String, String)> = t
        .cells
        .iter()
        .filter(|c| c.thin)
        .map(|c| (c.area.code(), c.isco.to_string()))
        .collect();
    assert_eq!(thin.len(), 5);
    let ranked: Vec<_> = t.cells.iter().filter(|c| c.rank.is_some()).collect();
    assert_eq!(ranked.len(), 1);
    assert_eq!(
        (ranked[0].area.code(), ranked[0].demand),
        ("32.73".into(), 5)
    );
    assert!(t.cells[0].rank == Some(1), "ranked cells come first");
    assert!(t.cells.iter().filter(|c| c.thin).all(|c| c.rank.is_none()));

    // The threshold is a parameter.
    let loose = inputs.gap(&GapQuery {
        thin_below: 2.0,
        ..query(RegionLevel::Regency, 4)
    });
    assert_eq!(loose.cells.iter().filter(|c| c.thin).count(), 2);
}

#[test]
fn ranking_is_by_gap_index_then_demand_then_isco() {
    let inputs = GapInputs::build(
        &[
            vacancy("32.73", "7212", "2025-01", 20),
            vacancy("32.73", "7223", "2025-01", 40),
            vacancy("32.73", "5223", "2025-01", 40),
            vacancy("32.73", "4110", "2025-01", 10),
        ],
        &[
            seekers("32.73", &["7212"], "2025-01", 20),
            seekers("32.73", &["7223"], "2025-01", 40),
            seekers("32.73", &["5223"], "2025-01", 40),
        ],
        &[],
    )
    .expect("valid");
    let t = inputs.gap(&query(RegionLevel::Regency, 4));
    let order: Vec<(String, Option<u32>)> = t
        .cells
        .iter()
        .map(|c| (c.isco.to_string(), c.rank))
        .collect();
    // 4110 has no supply, published "<5": G is ranked by the bound the table shows,
    // (10 − 4.5) / (10 + 4.5) > 0; the other three G = 0, ordered by demand (40, 40, 20), ties
    // by code.
    assert_eq!(
        order,
        vec![
            ("4110".into(), Some(1)),
            ("5223".into(), Some(2)),
            ("7223".into(), Some(3)),
            ("7212".into(), Some(4)),
        ]
    );
    assert_eq!(t.cells[0].gap_index(), 5.5 / 14.5);
    assert_eq!(t.cells[0].seekers_per_position(), Some(0.45));
}

#[test]
fn filters_keep_the_asked_region_and_occupation_group() {
    let inputs = small_cube();
    let t = inputs.gap(&GapQuery {
        region: Some(region("32")),
        isco: Some(isco("72")),
        ..query(RegionLevel::Regency, 4)
    });
    assert_eq!(
        cells(&t),
        vec![
            cell("32.04", "7212", 5, 3.0),
            cell("32.73", "7212", 5, 5.0),
            cell("32.73", "7223", 4, 1.0),
        ]
    );
    // A filter finer than the level raises the level: 7212 is not rolled up into 72.
    let t = inputs.gap(&GapQuery {
        region: Some(region("32.73")),
        isco: Some(isco("7212")),
        ..query(RegionLevel::Regency, 2)
    });
    assert_eq!(cells(&t), vec![cell("32.73", "7212", 5, 5.0)]);
}

#[test]
fn a_coarse_grain_over_a_filtered_region_is_labelled_with_that_region() {
    let inputs = small_cube();
    let t = inputs.gap(&GapQuery {
        region: Some(region("32")),
        ..query(RegionLevel::Nation, 1)
    });
    assert_eq!(cells(&t), vec![cell("32", "7", 14, 9.0)]);
    let t = inputs.gap(&GapQuery {
        region: Some(region("32.73")),
        ..query(RegionLevel::Province, 4)
    });
    assert_eq!(
        cells(&t),
        vec![cell("32.73", "7212", 5, 5.0), cell("32.73", "7223", 4, 1.0)]
    );
}

proptest::proptest! {
    /// The demand kernel against a naive group-by on random facts: positions and vacancy counts
    /// per (regency, unit) over a random window, duplicates left out.
    #[test]
    fn demand_matches_a_naive_group_by(
        rows in proptest::collection::vec(
            (0usize..4, 0usize..3, 0i32..6, 0u32..5, proptest::bool::weighted(0.8)),
            0..60,
        ),
        lo in 0i32..6,
        len in 1i32..6,
    ) {
        let regs = ["31.71", "32.04", "32.73", "35.78"];
        let units = ["2512", "5223", "7212"];
        let facts: Vec<VacancyFact> = rows
            .iter()
            .map(|&(r, u, m, p, counted)| VacancyFact {
                month: YearMonth::from_index(ym("2024-01").index() + m),
                counted,
                ..vacancy(regs[r], units[u], "2024-01", p)
            })
            .collect();
        let inputs = GapInputs::build(&facts, &[], &[]).expect("valid");
        let first = YearMonth::from_index(ym("2024-01").index() + lo);
        let last = YearMonth::from_index(first.index() + len - 1);
        let window = MonthWindow::new(first, last).expect("ordered");
        let t = inputs.gap(&GapQuery {
            thin_below: 0.0,
            ..GapQuery { by: RegionLevel::Regency, ..GapQuery::new(window) }
        });
        let mut naive: std::collections::BTreeMap<(String, String), (i64, u64)> = Default::default();
        for f in facts.iter().filter(|f| f.counted && f.month >= first && f.month <= last) {
            let e = naive.entry((f.region.to_string(), f.isco.to_string())).or_default();
            e.0 += i64::from(f.positions);
            e.1 += 1;
        }
        let got: std::collections::BTreeMap<(String, String), (i64, u64)> = t
            .cells
            .iter()
            .map(|c| ((c.area.code(), c.isco.to_string()), (c.demand, c.vacancies)))
            .collect();
        // A group of zero-position vacancies has D + S = 0 and is not a cell.
        naive.retain(|_, v| v.0 > 0);
        proptest::prop_assert_eq!(got, naive);
    }
}

#[test]
fn enrolled_trainees_count_when_they_finish_within_the_pipeline() {
    let inputs = GapInputs::build(
        &[vacancy("32.73", "7212", "2025-03", 10)],
        &[],
        &[
            trainees("32.73", "LAS-01", "2025-05", TraineeStatus::Enrolled, 3),
            trainees("32.73", "LAS-01", "2025-10", TraineeStatus::Enrolled, 7),
            // A graduate after the window is not supply of the window.
            trainees("32.73", "LAS-01", "2025-05", TraineeStatus::Completed, 11),
        ],
    )
    .expect("valid");
    let t = inputs.gap(&query(RegionLevel::Regency, 4));
    assert_eq!(t.cells[0].supply.expected, 3.0);
    assert_eq!(t.cells[0].supply.graduates, 0.0);
    let longer = inputs.gap(&GapQuery {
        pipeline_months: 7,
        ..query(RegionLevel::Regency, 4)
    });
    assert_eq!(longer.cells[0].supply.expected, 10.0);
}

#[test]
fn trainees_already_registered_or_placed_are_not_counted_twice() {
    let mut registered = trainees("32.73", "LAS-01", "2025-02", TraineeStatus::Completed, 2);
    registered.registered = true;
    let mut placed = trainees("32.73", "LAS-01", "2025-02", TraineeStatus::Completed, 3);
    placed.placed = true;
    let inputs = GapInputs::build(
        &[],
        &[
            seekers("32.73", &["7212"], "2025-02", 1),
            seekers("32", &["7212"], "2025-02", 4),
            seekers("32.73", &["72"], "2025-02", 5),
        ],
        &[
            registered,
            placed,
            trainees("32.73", "LAS-01", "2025-02", TraineeStatus::Dropped, 6),
            trainees("32.73", "NO-SUCH", "2025-02", TraineeStatus::Completed, 7),
            trainees("32.73", "OTO-01", "2025-02", TraineeStatus::Completed, 8),
        ],
    )
    .expect("valid");
    let r = inputs.supply_report();
    assert_eq!(
        (
            r.seekers,
            r.seekers_counted,
            r.seekers_not_regency,
            r.seekers_no_unit
        ),
        (10, 1, 4, 5)
    );
    assert_eq!(
        (
            r.trainees,
            r.graduates_counted,
            r.trainees_registered,
            r.trainees_placed,
            r.trainees_other_status,
            r.trainees_no_occupation
        ),
        (26, 8, 2, 3, 6, 7)
    );
    let t = inputs.gap(&query(RegionLevel::Regency, 4));
    assert_eq!(
        cells(&t),
        vec![
            cell("32.73", "7212", 0, 1.0),
            cell("32.73", "7231", 0, 4.0),
            cell("32.73", "7234", 0, 4.0),
        ]
    );
}

#[test]
fn a_province_with_few_ads_for_its_labour_force_gets_a_coverage_note() {
    // Jawa Barat holds about 18 % of the labour force and gets 99 % of the ads; Jawa Tengah
    // holds about 13 % and gets 1 %.
    let mut facts: Vec<VacancyFact> = (0..99)
        .map(|_| vacancy("32.73", "7212", "2025-02", 1))
        .collect();
    facts.push(vacancy("33.74", "7212", "2025-02", 1));
    let inputs = GapInputs::build(&facts, &[], &[]).expect("valid");
    let t = inputs.gap(&query(RegionLevel::Province, 4));
    let noted: Vec<String> = t.coverage.iter().map(|n| n.province.to_string()).collect();
    assert!(noted.contains(&"33".to_string()));
    assert!(!noted.contains(&"32".to_string()));
    let jateng = t
        .coverage
        .iter()
        .find(|n| n.province == region("33"))
        .expect("noted");
    assert!((jateng.vacancy_share - 0.01).abs() < 1e-12);
    assert!((0.10..0.16).contains(&jateng.labour_share), "{jateng:?}");
    for c in &t.cells {
        assert_eq!(
            c.low_coverage,
            c.area == Area::Region(region("33")),
            "{c:?}"
        );
    }
    // Asking about one province gives its note only.
    let jabar = inputs.gap(&GapQuery {
        region: Some(region("32")),
        ..query(RegionLevel::Province, 4)
    });
    assert!(jabar.coverage.is_empty());
    // Provinces without ads at all are noted; the new Papua provinces say where their labour
    // force comes from.
    let papua_selatan = t
        .coverage
        .iter()
        .find(|n| n.province == region("93"))
        .expect("no ads at all");
    assert!(
        papua_selatan.text().contains("split from"),
        "{}",
        papua_selatan.text()
    );
}

#[test]
fn an_empty_cube_answers_with_nothing() {
    let inputs = GapInputs::build(&[], &[], &[]).expect("valid");
    assert_eq!(inputs.default_window(), None);
    let t = inputs.gap(&query(RegionLevel::Regency, 4));
    assert!(t.cells.is_empty() && t.coverage.is_empty());
}

#[test]
fn the_default_window_is_the_last_twelve_months_of_vacancies() {
    let w = small_cube().default_window().expect("data");
    assert_eq!((w.first, w.last), (ym("2024-04"), ym("2025-03")));
}

/// Kota Batam (21.71) and Kota Tanjung Pinang (21.72), welders: Batam's 3 job seekers are
/// "<5". With an exact index beside the exact demand, Tanjung Pinang's 6 and the province's 9
/// were published in effect, and 9 − 6 gave Batam's 3 back.
#[test]
fn a_small_supply_cannot_be_worked_out_from_its_province_and_neighbours() {
    let inputs = GapInputs::build(
        &[
            vacancy("21.71", "7212", "2025-01", 10),
            vacancy("21.72", "7212", "2025-01", 10),
            vacancy("21.01", "7212", "2025-01", 10),
        ],
        &[
            seekers("21.71", &["7212"], "2025-01", 3),
            seekers("21.72", &["7212"], "2025-01", 6),
        ],
        &[],
    )
    .expect("valid");
    let cell = |by: RegionLevel, code: &str| -> GapCell {
        let t = inputs.gap(&GapQuery {
            region: Some(region("21")),
            ..query(by, 4)
        });
        t.cells
            .into_iter()
            .find(|c| c.area.code() == code)
            .expect("present")
    };
    let (batam, pinang, province) = (
        cell(RegionLevel::Regency, "21.71"),
        cell(RegionLevel::Regency, "21.72"),
        cell(RegionLevel::Province, "21"),
    );
    assert_eq!(batam.public().supply, Shown::Small);
    // No job seeker at all in Karimun reads "<5" too: a "<5" that meant at least one would put
    // a floor under a sum of many such cells, and a rounded total minus the floors could pin
    // them to exactly one.
    let karimun = cell(RegionLevel::Regency, "21.01");
    assert_eq!(karimun.supply_total(), 0.0);
    assert_eq!(karimun.public().supply, Shown::Small);
    assert!(matches!(
        karimun.public().gap_index,
        Bounded::Above(Some(_))
    ));
    // Nor is a cell without demand listed for its "<5" supply: being there would say it is
    // not zero. Bintan's 2 job seekers are in the cube, and in the province's rounded total.
    let with_bintan = GapInputs::build(
        &[vacancy("21.71", "7212", "2025-01", 10)],
        &[
            seekers("21.71", &["7212"], "2025-01", 3),
            seekers("21.02", &["7212"], "2025-01", 2),
            seekers("21.03", &["7212"], "2025-01", 6),
        ],
        &[],
    )
    .expect("valid");
    let listed = |published: bool| -> Vec<String> {
        let q = GapQuery {
            region: Some(region("21")),
            by: RegionLevel::Regency,
            published,
            ..GapQuery::new(q1_2025())
        };
        let mut codes: Vec<String> = with_bintan
            .gap(&q)
            .cells
            .iter()
            .map(|c| c.area.code())
            .collect();
        codes.sort();
        codes
    };
    assert_eq!(listed(false), ["21.02", "21.03", "21.71"]);
    assert_eq!(
        listed(true),
        ["21.03", "21.71"],
        "Natuna's 6 are ~5, Batam has demand"
    );
    // What a reader can know of a rounded cell's supply: the published count ± 2.5, and no
    // more from its ratio and index, which are the rounded count's.
    let interval = |c: &GapCell| -> (f64, f64) {
        let p = c.public();
        let Shown::Rounded(n) = p.supply else {
            panic!("{c:?} is rounded");
        };
        let (n, d) = (n as f64, c.demand as f64);
        assert_eq!(p.gap_index, Bounded::Exact(Some((d - n) / (d + n))));
        assert_eq!(p.seekers_per_position, Bounded::Exact(Some(n / d)));
        (n - 2.5, n + 2.5)
    };
    assert_eq!(pinang.public().supply, Shown::Rounded(5));
    assert_eq!(province.public().supply, Shown::Rounded(10));
    let (p_lo, p_hi) = interval(&province);
    let (n_lo, n_hi) = interval(&pinang);
    for v in 1..=4 {
        let v = f64::from(v);
        assert!(
            p_lo - n_hi < v && v < p_hi - n_lo,
            "Batam's supply could be {v}"
        );
    }
    // The small cell's index is a bound, from 4.5 persons, and the truth is above it.
    let Bounded::Above(Some(g)) = batam.public().gap_index else {
        panic!("a bound");
    };
    assert!((g - (10.0 - 4.5) / 14.5).abs() < 1e-12 && g < (10.0 - 3.0) / 13.0);
}

/// "~5" is 4½ to 7½ (less would be "<5"), so a "~5" supply with "~5" job seekers would leave
/// its graduates under 3: the rounded part is withheld instead.
#[test]
fn a_row_never_narrows_its_own_small_part() {
    let cell = |seekers: f64, graduates: f64| GapCell {
        area: Area::Nation,
        isco: isco("7212"),
        demand: 10,
        vacancies: 3,
        supply: Supply {
            seekers,
            graduates,
            expected: 0.0,
        },
        rank: None,
        thin: false,
        low_coverage: false,
    };
    let p = cell(5.0, 1.0).public();
    assert_eq!(p.supply, Shown::Rounded(5));
    assert_eq!(p.parts, [Shown::Withheld, Shown::Small, Shown::Small]);
    // With room for any of 0 to 4 beside it, the part is shown: ~10 total, ~5 seekers.
    let p = cell(6.0, 3.0).public();
    assert_eq!(p.supply, Shown::Rounded(10));
    assert_eq!(p.parts, [Shown::Rounded(5), Shown::Small, Shown::Small]);
    // A supply that is no number is no count.
    assert_eq!(cell(f64::NAN, 0.0).published_supply(), Shown::Small);
}

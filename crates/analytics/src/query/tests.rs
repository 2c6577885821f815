//! Kernel tests: every kernel against a naive HashMap reference on small random data, plus the
//! ranking rules (ties, floor) spelled out by hand.

use std::collections::HashMap;
use std::ops::Range;

use proptest::prelude::*;

use super::*;
use crate::AnalyticsError;
use crate::snapshot::{DenseColumns, Snapshot, VacancyFact};

/// Raw rows as a test writes them: (region, isco, month, positions, salary).
#[derive(Debug, Clone)]
struct Data {
    n_regions: u16,
    rows: Vec<(u16, u16, u8, u16, f32)>,
}

impl Data {
    fn snapshot(&self) -> Snapshot {
        let region: Vec<u16> = self.rows.iter().map(|r| r.0).collect();
        let isco: Vec<u16> = self.rows.iter().map(|r| r.1).collect();
        let month: Vec<u8> = self.rows.iter().map(|r| r.2).collect();
        let positions: Vec<u16> = self.rows.iter().map(|r| r.3).collect();
        let salary: Vec<f32> = self.rows.iter().map(|r| r.4).collect();
        Snapshot::from_dense(
            DenseColumns {
                region: &region,
                isco: &isco,
                month: &month,
                positions: &positions,
                salary: &salary,
            },
            self.n_regions,
        )
        .expect("test data is in range")
    }

    fn in_windows<'a>(
        &'a self,
        regions: &'a Range<u16>,
        months: &'a Range<u16>,
    ) -> impl Iterator<Item = &'a (u16, u16, u8, u16, f32)> + 'a {
        self.rows
            .iter()
            .filter(move |r| regions.contains(&r.0) && months.contains(&u16::from(r.2)))
    }
}

/// A few ISCO values, including one below 1000 (armed forces 0110) and the two ends.
const ISCO: [u16; 6] = [110, 1111, 2619, 3113, 7212, 9629];

fn data(max_rows: usize) -> impl Strategy<Value = Data> {
    (1u16..7).prop_flat_map(move |n_regions| {
        let row = (
            0..n_regions,
            prop::sample::select(ISCO.to_vec()),
            0u8..9,
            0u16..6,
            prop::option::of(1_000_000f32..9_000_000f32),
        )
            .prop_map(|(r, i, m, p, s)| (r, i, m, p, s.unwrap_or(f32::NAN)));
        prop::collection::vec(row, 0..max_rows).prop_map(move |rows| Data { n_regions, rows })
    })
}

fn naive_cells(d: &Data, regions: &Range<u16>, months: &Range<u16>) -> Vec<CellPositions> {
    let mut sums: HashMap<(u16, u16, u8), i64> = HashMap::new();
    for r in d.in_windows(regions, months) {
        *sums.entry((r.0, r.1, r.2)).or_default() += i64::from(r.3);
    }
    let mut out: Vec<CellPositions> = sums.into_iter().map(|(k, v)| (k.0, k.1, k.2, v)).collect();
    out.sort_unstable();
    out
}

fn naive_rollup(d: &Data, regions: &Range<u16>, months: &Range<u16>) -> Vec<OccupationMonth> {
    let mut sums: HashMap<(u16, u8), i64> = HashMap::new();
    for r in d.in_windows(regions, months) {
        *sums.entry((r.1, r.2)).or_default() += i64::from(r.3);
    }
    let mut out: Vec<OccupationMonth> = sums.into_iter().map(|(k, v)| (k.0, k.1, v)).collect();
    out.sort_unstable();
    out
}

/// The SQL of benchmark query (c), written naively: sums per occupation, the floor, then an
/// ordering by the floating-point rate as an SQL engine computes it.
fn naive_growth(d: &Data, q: &GrowthQuery) -> Vec<Growth> {
    let mut sums: HashMap<u16, (i64, i64)> = HashMap::new();
    for r in d.rows.iter().filter(|r| q.regions.contains(&r.0)) {
        let m = u16::from(r.2);
        let e = sums.entry(r.1).or_default();
        if q.current.contains(&m) {
            e.0 += i64::from(r.3);
        }
        if q.previous.contains(&m) {
            e.1 += i64::from(r.3);
        }
    }
    let mut out: Vec<Growth> = sums
        .into_iter()
        .filter(|(_, (_, p))| *p >= q.min_previous.max(1))
        .map(|(isco, (current, previous))| Growth {
            isco,
            current,
            previous,
        })
        .collect();
    out.sort_by(|a, b| b.rate().total_cmp(&a.rate()).then(a.isco.cmp(&b.isco)));
    out.truncate(q.limit);
    out
}

fn check_cells(d: &Data, regions: Range<u16>, months: Range<u16>) {
    let s = d.snapshot();
    let expected = naive_cells(d, &regions, &months);
    assert_eq!(
        s.positions_by_cell(regions.clone(), months.clone()),
        expected
    );
    assert_eq!(s.positions_by_cell_from_rows(regions, months), expected);
}

/// Windows that may be empty, reversed or reach past the data.
fn window_pair() -> impl Strategy<Value = (Range<u16>, Range<u16>)> {
    (0u16..8, 0u16..8, 0u16..11, 0u16..11).prop_map(|(a, b, c, e)| (a..b, c..e))
}

proptest! {
    #[test]
    fn cells_match_a_naive_group_by(d in data(400), (regions, months) in window_pair()) {
        check_cells(&d, regions, months);
    }

    #[test]
    fn the_full_cube_matches_a_naive_group_by(d in data(400)) {
        check_cells(&d, 0..u16::MAX, 0..u16::MAX);
    }

    #[test]
    fn rollups_match_a_naive_group_by(d in data(400), (regions, months) in window_pair()) {
        let s = d.snapshot();
        prop_assert_eq!(
            s.positions_by_occupation_month(regions.clone(), months.clone()),
            naive_rollup(&d, &regions, &months)
        );
    }

    #[test]
    fn growth_matches_a_naive_ranking(
        d in data(600),
        (regions, _) in window_pair(),
        cur in (0u16..10, 0u16..10),
        prev in (0u16..10, 0u16..10),
        min_previous in -1i64..12,
        limit in 0usize..8,
    ) {
        let q = GrowthQuery {
            regions,
            current: cur.0..cur.1,
            previous: prev.0..prev.1,
            min_previous,
            limit,
        };
        prop_assert_eq!(d.snapshot().occupation_growth(&q), naive_growth(&d, &q));
    }

    #[test]
    fn rows_are_the_input_rows_clustered_by_region_occupation_month(d in data(400)) {
        let s = d.snapshot();
        let r = s.rows();
        let got: Vec<(u16, u16, u8, u16, u32)> = (0..r.len())
            .map(|i| (r.region()[i], r.isco()[i], r.month()[i], r.positions()[i], r.salary()[i].to_bits()))
            .collect();
        prop_assert!(got.windows(2).all(|w| (w[0].0, w[0].1, w[0].2) <= (w[1].0, w[1].1, w[1].2)));
        let mut expected: Vec<_> = d.rows.iter().map(|x| (x.0, x.1, x.2, x.3, x.4.to_bits())).collect();
        let mut got_sorted = got.clone();
        expected.sort_unstable();
        got_sorted.sort_unstable();
        prop_assert_eq!(got_sorted, expected);
        for reg in 0..d.n_regions {
            let range = s.row_range(reg..reg + 1);
            prop_assert!(r.region()[range.clone()].iter().all(|&x| x == reg));
            prop_assert_eq!(range.len(), d.rows.iter().filter(|x| x.0 == reg).count());
        }
    }
}

fn growth(isco: u16, current: i64, previous: i64) -> Growth {
    Growth {
        isco,
        current,
        previous,
    }
}

/// One region, month 0 is "previous" and month 1 "current".
fn two_months(series: &[(u16, u16, u16)]) -> Data {
    let mut rows = Vec::new();
    for &(isco, prev, cur) in series {
        rows.push((0, isco, 0, prev, f32::NAN));
        rows.push((0, isco, 1, cur, f32::NAN));
    }
    Data { n_regions: 1, rows }
}

fn rank(d: &Data, min_previous: i64, limit: usize) -> Vec<Growth> {
    d.snapshot().occupation_growth(&GrowthQuery {
        regions: 0..1,
        current: 1..2,
        previous: 0..1,
        min_previous,
        limit,
    })
}

#[test]
fn equal_growth_rates_are_ordered_by_isco_ascending() {
    // 20/10 and 40/20 are both +100 %; 7212 grows less.
    let d = two_months(&[(3113, 10, 20), (2619, 20, 40), (7212, 10, 15)]);
    assert_eq!(
        rank(&d, 10, 20),
        [
            growth(2619, 40, 20),
            growth(3113, 20, 10),
            growth(7212, 15, 10)
        ]
    );
    assert_eq!(rank(&d, 10, 1), [growth(2619, 40, 20)]);
}

#[test]
fn occupations_below_the_previous_floor_are_not_ranked() {
    let d = two_months(&[(2619, 9, 90), (3113, 10, 11)]);
    assert_eq!(rank(&d, 10, 20), [growth(3113, 11, 10)]);
    assert_eq!(rank(&d, 9, 20), [growth(2619, 90, 9), growth(3113, 11, 10)]);
}

#[test]
fn growth_from_zero_is_never_ranked_even_without_a_floor() {
    let d = two_months(&[(2619, 0, 50), (3113, 1, 1)]);
    assert_eq!(rank(&d, 0, 20), [growth(3113, 1, 1)]);
    assert_eq!(rank(&d, -5, 20), [growth(3113, 1, 1)]);
}

#[test]
fn year_on_year_windows_are_the_last_twelve_months_and_the_twelve_before() {
    let q = GrowthQuery::year_on_year(267..268, 60, 10, 20);
    assert_eq!((q.current, q.previous), (48..60, 36..48));
    let q = GrowthQuery::year_on_year(0..1, 5, 10, 20);
    assert_eq!((q.current, q.previous), (0..5, 0..0));
}

#[test]
fn groups_with_rows_but_zero_positions_are_still_groups() {
    let d = Data {
        n_regions: 2,
        rows: vec![(1, 7212, 3, 0, f32::NAN), (1, 7212, 3, 0, 5e6)],
    };
    check_cells(&d, 0..2, 0..60);
    assert_eq!(
        d.snapshot().positions_by_cell(0..2, 0..60),
        [(1, 7212, 3, 0)]
    );
}

#[test]
fn an_empty_snapshot_answers_every_query_with_nothing() {
    let d = Data {
        n_regions: 514,
        rows: Vec::new(),
    };
    let s = d.snapshot();
    assert_eq!(s.n_cells(), 0);
    assert!(s.positions_by_cell(0..514, 0..60).is_empty());
    assert!(s.positions_by_occupation_month(0..514, 0..60).is_empty());
    assert!(
        s.occupation_growth(&GrowthQuery::year_on_year(0..514, 60, 10, 20))
            .is_empty()
    );
}

#[test]
fn a_wide_key_space_with_small_regions_sorts_the_same() {
    // Many occupations × many months makes the per-region key space much larger than the
    // regions, which takes the comparison-sort path of the build.
    let mut rows = Vec::new();
    for i in 0..3000u16 {
        let isco = 1000 + (u32::from(i) * 7919 % 9000) as u16;
        let month = (i % 251) as u8;
        rows.push((i % 50, isco, month, i % 4, f32::NAN));
    }
    let d = Data {
        n_regions: 50,
        rows,
    };
    check_cells(&d, 0..50, 0..300);
    check_cells(&d, 10..20, 100..200);
}

#[test]
fn snapshot_bytes_counts_rows_cells_and_indices() {
    let d = two_months(&[(2619, 1, 2), (3113, 3, 4)]);
    let s = d.snapshot();
    assert_eq!(s.n_rows(), 4);
    assert_eq!(s.n_cells(), 4);
    // Rows 11 bytes each, cells 29 bytes each plus the end offset, two region offsets and two
    // occupations; capacities may exceed lengths, never fall short.
    assert!(s.snapshot_bytes() >= 4 * 11 + 4 * 29 + 4 + 2 * 4 + 2 * 2);
}

#[test]
fn inconsistent_columns_are_refused_with_the_row() {
    let cols = |region: &'static [u16], isco: &'static [u16]| DenseColumns {
        region,
        isco,
        month: &[0, 0],
        positions: &[1u8, 1],
        salary: &[f32::NAN, f32::NAN],
    };
    assert_eq!(
        Snapshot::from_dense(cols(&[0, 5], &[1111, 1111]), 5).err(),
        Some(AnalyticsError::RegionOutOfRange {
            row: 1,
            value: 5,
            n_regions: 5
        })
    );
    assert_eq!(
        Snapshot::from_dense(cols(&[0, 1], &[10_000, 1111]), 5).err(),
        Some(AnalyticsError::IscoOutOfRange {
            row: 0,
            value: 10_000
        })
    );
    assert!(matches!(
        Snapshot::from_dense(cols(&[0], &[1111, 1111]), 5),
        Err(AnalyticsError::ColumnLengths { region: 1, .. })
    ));
}

fn fact(region: &str, isco: &str, month: &str, positions: u32, counted: bool) -> VacancyFact {
    VacancyFact {
        region: region.parse().expect("test region code"),
        isco: isco.parse().expect("test ISCO code"),
        month: month.parse().expect("test month"),
        positions,
        salary: Some(domain::Rupiah(4_500_000)),
        counted,
    }
}

#[test]
fn facts_map_to_the_regency_index_and_months_from_the_earliest() {
    let facts = [
        fact("32.73", "7212", "2024-03", 2, true),
        fact("32.73", "7212", "2024-03", 5, false),
        fact("32.73", "7212", "2025-03", 3, true),
        fact("32", "7212", "2025-03", 4, true),
        fact("32.73", "72", "2025-03", 4, true),
        fact("31.71", "2619", "2025-01", 70_000, true),
        fact("31.71", "2619", "2025-01", 1, true),
    ];
    let (s, report) = Snapshot::from_facts(&facts).expect("a valid history");
    assert_eq!(
        report,
        crate::BuildReport {
            facts: 7,
            rows: 3,
            duplicates: 1,
            not_regency: 1,
            not_unit_group: 1,
            positions_too_large: 1,
        }
    );
    let base = "2024-03".parse().expect("test month");
    assert_eq!(s.base(), Some(base));
    let bandung = crate::regions::regency_index("32.73".parse().expect("code")).expect("regency");
    let jakpus = crate::regions::regency_index("31.71".parse().expect("code")).expect("regency");
    let mar25 = s
        .month_index("2025-03".parse().expect("month"))
        .expect("inside");
    assert_eq!(mar25, 12);
    let jabar = crate::regions::index_range("32".parse().expect("code"));
    assert_eq!(
        s.positions_by_cell(jabar, 0..256),
        [(bandung, 7212, 0, 2), (bandung, 7212, 12, 3)]
    );
    assert_eq!(
        s.positions_by_cell(jakpus..jakpus + 1, 0..256),
        [(jakpus, 2619, 10, 1)]
    );
    let q = GrowthQuery::year_on_year(crate::regions::all(), 13, 1, 20);
    assert_eq!(s.occupation_growth(&q), [growth(7212, 3, 2)]);
}

#[test]
fn a_history_longer_than_256_months_is_refused() {
    let facts = [
        fact("32.73", "7212", "2000-01", 1, true),
        fact("32.73", "7212", "2021-05", 1, true),
    ];
    assert!(matches!(
        Snapshot::from_facts(&facts),
        Err(AnalyticsError::MonthSpan { .. })
    ));
}

//! Hand-computed cases for the outcome rules.

use domain::records::{
    OutcomeIndicator, PlacementType, Respondent, TargetLevel, TracerStatus, TraineeStatus,
};
use domain::{Date, RegionCode, Sex};

use super::*;

fn d(s: &str) -> Date {
    Date::parse(s).expect("test date")
}

fn blk(code: &str, region: &str) -> OutcomeBlk {
    OutcomeBlk {
        code: code.into(),
        name: format!("BLK {code}"),
        region: RegionCode::parse(region).expect("test region"),
    }
}

fn cohort(id: i64, blk: &str, programme: &str, end: &str) -> OutcomeCohort {
    OutcomeCohort {
        id,
        code: format!("C{id}"),
        blk: blk.into(),
        programme: programme.into(),
        start: d(end).add_days(-60),
        end: d(end),
    }
}

fn grad(person: i64, cohort: i64, sex: Sex) -> OutcomeTrainee {
    OutcomeTrainee {
        person,
        cohort,
        status: TraineeStatus::Completed,
        certified: person % 2 == 0,
        sex,
    }
}

fn answer(
    person: i64,
    cohort: i64,
    wave: u8,
    status: TracerStatus,
    who: Respondent,
) -> OutcomeAnswer {
    OutcomeAnswer {
        person,
        cohort,
        wave,
        date: d("2025-01-01"),
        status,
        respondent: who,
    }
}

/// One cohort of `n` graduates ended 2024-06-30 at BLK A, wave-6 answers from the first `traced`
/// of them, the first `employed` of those employed.
fn class(n: i64, traced: i64, employed: i64) -> OutcomeData {
    let trainees = (0..n).map(|p| grad(p, 1, Sex::Male)).collect();
    let answers = (0..traced)
        .map(|p| {
            let s = if p < employed {
                TracerStatus::WageEmployed
            } else {
                TracerStatus::Unemployed
            };
            answer(p, 1, 6, s, Respondent::Graduate)
        })
        .collect();
    OutcomeData::new(
        vec![blk("A", "32.73")],
        vec![cohort(1, "A", "LAS-01", "2024-06-30")],
        trainees,
        answers,
        vec![],
    )
}

fn table(data: &OutcomeData, settings: &OutcomeSettings, by: GroupBy) -> Vec<OutcomeRow> {
    outcome_table(data, settings, by, Some(6), d("2025-06-30"), &|_| true)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[test]
fn wilson_interval_of_12_of_20_is_387_to_781() {
    let (lo, hi) = wilson(12, 20, Z95).expect("n > 0");
    assert_eq!((round3(lo), round3(hi)), (0.387, 0.781));
    let (lo, hi) = wilson(0, 10, Z95).expect("n > 0");
    assert_eq!((round3(lo), round3(hi)), (0.0, 0.278));
    assert_eq!(wilson(1, 0, Z95), None);
}

#[test]
fn kebekerjaan_of_a_class_is_employed_over_traced_with_response_rate() {
    let rows = table(
        &class(30, 20, 12),
        &OutcomeSettings::default(),
        GroupBy::Blk,
    );
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!((r.graduates, r.traced, r.employed), (30, 20, 12));
    assert_eq!(r.rate, Some(0.6));
    assert_eq!(r.response_rate.map(round3), Some(0.667));
    let (lo, hi) = r.interval.expect("traced > 0");
    assert_eq!((round3(lo), round3(hi)), (0.387, 0.781));
    let p = r.public(5);
    assert_eq!(
        (p.rate.as_str(), p.ci_low.as_str(), p.ci_high.as_str()),
        ("60.0", "38.7", "78.1")
    );
    assert_eq!(p.response_rate, "66.7");
}

#[test]
fn cells_under_five_traced_show_no_rate_and_masked_counts() {
    let rows = table(
        &class(9, 4, 3),
        &OutcomeSettings::default(),
        GroupBy::Programme,
    );
    let p = rows[0].public(5);
    assert_eq!(p.graduates, "9");
    assert_eq!(p.traced, "<5");
    assert_eq!(p.employed, "<5");
    assert_eq!(p.rate, "");
    assert_eq!((p.ci_low.as_str(), p.ci_high.as_str()), ("", ""));
    assert_eq!(p.weighted_rate, "");
    assert_eq!(p.overseas, "0", "zero is not disclosive");
    // Five traced is enough.
    let p = table(
        &class(9, 5, 3),
        &OutcomeSettings::default(),
        GroupBy::Programme,
    )[0]
    .public(5);
    assert_eq!((p.traced.as_str(), p.rate.as_str()), ("5", "60.0"));
    assert_eq!(p.employed, "<5");
}

#[test]
fn proxy_and_unconfirmed_answers_are_counted_apart_and_left_out_by_default() {
    let mut data = class(10, 0, 0);
    data = OutcomeData::new(
        data.blks,
        data.cohorts,
        data.trainees,
        vec![
            answer(0, 1, 6, TracerStatus::WageEmployed, Respondent::Graduate),
            answer(1, 1, 6, TracerStatus::Unemployed, Respondent::Graduate),
            answer(2, 1, 6, TracerStatus::SelfEmployed, Respondent::Proxy),
            answer(3, 1, 6, TracerStatus::Overseas, Respondent::Proxy),
            answer(4, 1, 6, TracerStatus::Unemployed, Respondent::Unconfirmed),
        ],
        vec![],
    );
    let strict = &table(&data, &OutcomeSettings::default(), GroupBy::National)[0];
    assert_eq!((strict.answered, strict.confirmed), (5, 2));
    assert_eq!((strict.proxy, strict.unconfirmed), (2, 1));
    assert_eq!((strict.traced, strict.employed), (2, 1));
    assert_eq!(strict.rate, Some(0.5));
    assert_eq!(strict.response_rate, Some(0.2));
    let loose = OutcomeSettings {
        include_proxy: true,
        ..Default::default()
    };
    let all = &table(&data, &loose, GroupBy::National)[0];
    assert_eq!((all.traced, all.employed), (5, 3));
    assert_eq!((all.wage, all.self_employed, all.overseas), (1, 1, 1));
    // Response rates follow the same rule.
    let rates = response_rates(&data, &OutcomeSettings::default(), None, d("2025-06-30"));
    let w6 = rates.iter().find(|r| r.wave == 6).expect("wave 6");
    assert_eq!((w6.due, w6.answered, w6.confirmed), (10, 5, 2));
    assert_eq!((w6.rate, w6.rate_any), (Some(0.2), Some(0.5)));
}

#[test]
fn a_placement_reported_twice_counts_once() {
    let base = class(3, 0, 0);
    let job = |start: &str, cohort: Option<i64>| OutcomePlacement {
        person: 0,
        cohort,
        kind: PlacementType::Wage,
        start: d(start),
    };
    let data = OutcomeData::new(
        base.blks,
        base.cohorts,
        base.trainees,
        vec![],
        // The same job from the BLK and from the Disnaker, and a later second job.
        vec![
            job("2024-08-01", Some(1)),
            job("2024-08-01", None),
            job("2025-02-01", None),
        ],
    );
    let r = &table(&data, &OutcomeSettings::default(), GroupBy::Blk)[0];
    assert_eq!(r.placed, 1);
    assert_eq!(data.first_job(0, 1).map(|j| j.0), Some(d("2024-08-01")));
    let cards = scorecards(&data, &OutcomeSettings::default(), d("2025-06-30"));
    assert_eq!(cards[0].placed, 1);
    assert_eq!(cards[0].median_days_to_first_job, Some(32.0));
    // 3 trainees × Rp 9.5 million (LAS-01) for one placement.
    assert_eq!(cards[0].cost_per_placement, Some(28_500_000));
}

#[test]
fn weighting_by_programme_and_sex_restores_the_class_mix() {
    // Ten men, five answer, four employed; ten women, two answer, none employed.
    let mut trainees: Vec<OutcomeTrainee> = (0..10).map(|p| grad(p, 1, Sex::Male)).collect();
    trainees.extend((10..20).map(|p| grad(p, 1, Sex::Female)));
    let mut answers: Vec<OutcomeAnswer> = (0..5)
        .map(|p| {
            let s = if p < 4 {
                TracerStatus::WageEmployed
            } else {
                TracerStatus::Unemployed
            };
            answer(p, 1, 6, s, Respondent::Graduate)
        })
        .collect();
    answers
        .extend((10..12).map(|p| answer(p, 1, 6, TracerStatus::Unemployed, Respondent::Graduate)));
    let data = OutcomeData::new(
        vec![blk("A", "32.73")],
        vec![cohort(1, "A", "LAS-01", "2024-06-30")],
        trainees,
        answers,
        vec![],
    );
    let r = &table(&data, &OutcomeSettings::default(), GroupBy::Programme)[0];
    // Raw 4 / 7; weighted (10 × 4/5 + 10 × 0/2) / 20 = 0.4.
    assert_eq!(r.rate.map(round3), Some(0.571));
    assert_eq!(r.weighted_rate.map(round3), Some(0.4));
    assert_eq!(r.unrepresented, 0);
}

#[test]
fn a_cell_nobody_answered_from_is_left_out_of_the_weighted_rate() {
    let mut trainees: Vec<OutcomeTrainee> = (0..4).map(|p| grad(p, 1, Sex::Male)).collect();
    trainees.extend((4..10).map(|p| grad(p, 1, Sex::Female)));
    let answers = vec![
        answer(0, 1, 6, TracerStatus::WageEmployed, Respondent::Graduate),
        answer(1, 1, 6, TracerStatus::Unemployed, Respondent::Graduate),
    ];
    let data = OutcomeData::new(
        vec![blk("A", "32.73")],
        vec![cohort(1, "A", "LAS-01", "2024-06-30")],
        trainees,
        answers,
        vec![],
    );
    let r = &table(&data, &OutcomeSettings::default(), GroupBy::Blk)[0];
    assert_eq!(r.weighted_rate, Some(0.5));
    assert_eq!(r.unrepresented, 6);
}

#[test]
fn due_list_takes_graduates_due_this_week_without_an_answer_and_overdue_ones_as_reminders() {
    let settings = OutcomeSettings::default();
    // Cohort 1 ended 2026-11-03: wave 1 due 2026-12-03 (in the week of 2026-12-01).
    // Cohort 2 ended 2026-06-20: wave 6 due 2026-12-20 (not this week); wave 3 due 2026-09-20
    // (closed). Cohort 3 ended 2026-10-20: wave 1 due 2026-11-20, 11 days overdue.
    let data = OutcomeData::new(
        vec![blk("A", "32.73"), blk("B", "32.73")],
        vec![
            cohort(1, "A", "LAS-01", "2026-11-03"),
            cohort(2, "A", "TIK-01", "2026-06-20"),
            cohort(3, "A", "LAS-01", "2026-10-20"),
            cohort(4, "B", "LAS-01", "2026-11-03"),
        ],
        vec![
            grad(1, 1, Sex::Male),
            grad(2, 1, Sex::Female),
            OutcomeTrainee {
                status: TraineeStatus::Dropped,
                ..grad(3, 1, Sex::Male)
            },
            grad(4, 2, Sex::Male),
            grad(5, 3, Sex::Female),
            grad(6, 3, Sex::Male),
            grad(7, 4, Sex::Male),
        ],
        vec![
            answer(2, 1, 1, TracerStatus::Unemployed, Respondent::Proxy),
            answer(6, 3, 1, TracerStatus::WageEmployed, Respondent::Graduate),
        ],
        vec![],
    );
    let list = due_list(&data, &settings, "A", d("2026-12-01"));
    let got: Vec<(i64, u8, DueKind)> = list.iter().map(|e| (e.person, e.wave, e.kind)).collect();
    assert_eq!(got, vec![(5, 1, DueKind::Reminder), (1, 1, DueKind::Due)]);
    assert_eq!(list[0].days_overdue, 11);
    let text = message("Siti Aminah", "LAS-01", "UPTD BLK Bandung", 1, DueKind::Due);
    assert!(
        text.starts_with("Halo Siti Aminah, salam dari UPTD BLK Bandung."),
        "{text}"
    );
    assert!(text.contains("Pengelasan SMAW 3G"), "{text}");
    assert!(text.chars().count() < 480, "{}", text.chars().count());
}

#[test]
fn scorecards_adjust_the_expected_rate_for_unemployment() {
    // Two BLKs with the same programme and the same rate: one in Banten (high TPT), one in
    // Bali (low TPT). Beside its hard market Banten's BLK does better than expected.
    let mut trainees = Vec::new();
    let mut answers = Vec::new();
    for (c, base) in [(1i64, 0i64), (2, 100)] {
        for p in base..base + 20 {
            trainees.push(grad(p, c, Sex::Male));
            let s = if p - base < 10 {
                TracerStatus::WageEmployed
            } else {
                TracerStatus::Unemployed
            };
            answers.push(answer(p, c, 6, s, Respondent::Graduate));
        }
    }
    let data = OutcomeData::new(
        vec![blk("BANTEN", "36.71"), blk("BALI", "51.71")],
        vec![
            cohort(1, "BANTEN", "LAS-01", "2024-06-30"),
            cohort(2, "BALI", "LAS-01", "2024-06-30"),
        ],
        trainees,
        answers,
        vec![],
    );
    let cards = scorecards(&data, &OutcomeSettings::default(), d("2025-06-30"));
    let banten = cards.iter().find(|c| c.blk == "BANTEN").expect("present");
    let bali = cards.iter().find(|c| c.blk == "BALI").expect("present");
    assert_eq!(banten.expected_mix, Some(0.5));
    assert!(banten.province_tpt > bali.province_tpt);
    let (e_banten, e_bali) = (banten.expected.unwrap_or(0.0), bali.expected.unwrap_or(1.0));
    assert!(e_banten < 0.5 && e_bali > 0.5, "{e_banten} {e_bali}");
    assert_eq!(banten.rank_adjusted, Some((1, 2)));
    assert_eq!(bali.rank_adjusted, Some((2, 2)));
    assert_eq!(banten.completion_rate, Some(1.0));
    assert_eq!(banten.certification_rate, Some(0.5));
}

#[test]
fn year_end_forecast_follows_last_years_shape_or_else_days_elapsed() {
    // Last year: 100 by the end of June, 400 in all. This year: 120 by the end of June.
    let mut events = vec![(d("2024-03-01"), 100.0), (d("2024-10-01"), 300.0)];
    events.push((d("2025-03-01"), 120.0));
    let f = seasonal_forecast(&events, 2025, d("2025-06-30"));
    assert_eq!(f.to_date, 120.0);
    assert_eq!(f.method, "seasonal");
    assert_eq!(f.forecast, Some(480.0));
    // No past year: linear, 181 of 365 days.
    let f = seasonal_forecast(&events[2..], 2025, d("2025-06-30"));
    assert_eq!(f.method, "linear");
    assert_eq!(f.forecast.map(|v| v.round()), Some(242.0));
    let f = seasonal_forecast(&events, 2025, d("2026-01-10"));
    assert_eq!((f.forecast, f.method), (Some(120.0), "year complete"));
}

#[test]
fn achievement_reads_met_at_100_percent_for_costs_too() {
    use super::framework::achievement;
    assert_eq!(
        achievement(OutcomeIndicator::Graduates, Some(30.0), Some(40.0)),
        Some(0.75)
    );
    // A cost of 8 million against a target of 10 million is 125 % achieved; 12.5 million is 80 %.
    let cost = |to_date| {
        achievement(
            OutcomeIndicator::CostPerPlacement,
            Some(to_date),
            Some(10e6),
        )
    };
    assert_eq!(cost(8e6), Some(1.25));
    assert_eq!(cost(12.5e6), Some(0.8));
    assert_eq!(cost(0.0), None);
    assert_eq!(
        achievement(OutcomeIndicator::Placed, Some(5.0), Some(0.0)),
        None
    );
    assert_eq!(achievement(OutcomeIndicator::Placed, None, Some(5.0)), None);
}

#[test]
fn results_framework_compares_to_date_and_forecast_with_targets() {
    let data = class(30, 20, 12);
    let targets = vec![
        Target {
            indicator: OutcomeIndicator::Graduates,
            level: TargetLevel::National,
            area: String::new(),
            year: 2024,
            project_year: 1,
            value: 40.0,
        },
        Target {
            indicator: OutcomeIndicator::Kebekerjaan,
            level: TargetLevel::National,
            area: String::new(),
            year: 2024,
            project_year: 1,
            value: 0.55,
        },
    ];
    let settings = OutcomeSettings::default();
    let rows = results_framework(&data, &settings, &targets, 2024, d("2024-12-31"), None);
    let g = rows
        .iter()
        .find(|r| r.indicator == OutcomeIndicator::Graduates)
        .expect("graduates row");
    assert_eq!(
        (g.to_date, g.target, g.achievement),
        (Some(30.0), Some(40.0), Some(0.75))
    );
    assert_eq!(g.on_track, Some(false));
    let k = rows
        .iter()
        .find(|r| r.indicator == OutcomeIndicator::Kebekerjaan)
        .expect("kebekerjaan row");
    // Wave 6 of a cohort that ended 2024-06-30 falls due on 2024-12-30.
    assert_eq!(
        (k.to_date, k.traced, k.on_track),
        (Some(0.6), 20, Some(true))
    );
    let proposed = propose_targets(&data, &settings, 2025, &ProposalSettings::default());
    let national_grads: Vec<f64> = proposed
        .iter()
        .filter(|t| t.level == TargetLevel::National && t.indicator == OutcomeIndicator::Graduates)
        .map(|t| t.value)
        .collect();
    assert_eq!(national_grads, vec![32.0, 33.0, 35.0, 36.0]);
    // Every count target is its parts' added up: the nation the provinces', a province its
    // BLKs'.
    for t in proposed.iter().filter(|t| {
        t.level != TargetLevel::Blk
            && !matches!(
                t.indicator,
                OutcomeIndicator::Kebekerjaan | OutcomeIndicator::CostPerPlacement
            )
    }) {
        let child = match t.level {
            TargetLevel::National => TargetLevel::Province,
            _ => TargetLevel::Blk,
        };
        let parts: f64 = proposed
            .iter()
            .filter(|p| p.indicator == t.indicator && p.year == t.year && p.level == child)
            .filter(|p| {
                t.level == TargetLevel::National
                    || data
                        .blk(&p.area)
                        .is_some_and(|b| b.region.province().to_string() == t.area)
            })
            .map(|p| p.value)
            .sum();
        assert_eq!(t.value, parts, "{t:?}");
    }
}

/// What a reader who knows the total can tell of each part of a published row: the values
/// each part could take, by trying every split of the total.
fn readable(shown: [Shown; 3], total: u64) -> [Vec<u64>; 3] {
    let fits = |s: Shown, n: u64| match s {
        Shown::Count(c) => c == n,
        Shown::Small => (1..5).contains(&n),
        Shown::Withheld => n == 0 || n >= 5,
        Shown::Rounded(r) => n >= 5 && n + 2 >= r && n <= r + 2,
    };
    let mut out: [Vec<u64>; 3] = Default::default();
    for a in 0..=total {
        for b in 0..=total - a {
            let c = total - a - b;
            if fits(shown[0], a) && fits(shown[1], b) && fits(shown[2], c) {
                for (o, n) in out.iter_mut().zip([a, b, c]) {
                    if !o.contains(&n) {
                        o.push(n);
                    }
                }
            }
        }
    }
    out
}

#[test]
fn a_small_kind_of_work_cannot_be_worked_out_from_the_total_and_the_others() {
    // The defect this guards: 0.682 × 151 traced = 103 employed, wage 101, abroad 0, so a
    // self-employed "<5" was 2.
    assert_eq!(
        protect_parts([101, 2, 0], 5),
        [Shown::Withheld, Shown::Small, Shown::Count(0)]
    );
    // The smaller of two shown parts is the one withheld.
    assert_eq!(
        protect_parts([100, 2, 30], 5),
        [Shown::Count(100), Shown::Small, Shown::Withheld]
    );
    // A total under 5 is all a reader is given.
    assert_eq!(protect_parts([0, 2, 0], 5), [Shown::Withheld; 3]);
    // Nothing small, nothing withheld.
    assert_eq!(
        protect_parts([100, 0, 30], 5),
        [Shown::Count(100), Shown::Count(0), Shown::Count(30)]
    );
    // Two small parts that add up to 2 would both be 1: a third is withheld.
    assert_eq!(
        protect_parts([1, 1, 40], 5),
        [Shown::Small, Shown::Small, Shown::Withheld]
    );
    // A BLK's parts are rounded to 5; a lone small one beside a rounded one is still
    // protected (98 rounds to 100, so 1 self-employed of 99 employed would be pinned).
    assert_eq!(
        rounded_parts([98, 1, 0], 5),
        [Shown::Withheld, Shown::Small, Shown::Count(0)]
    );
    assert_eq!(
        rounded_parts([100, 1, 15], 5),
        [Shown::Rounded(100), Shown::Small, Shown::Rounded(15)]
    );
    // Both at the bottom of their rounding (98 and 13 of 112): 1 would be pinned again.
    assert_eq!(
        rounded_parts([98, 1, 13], 5),
        [Shown::Rounded(100), Shown::Small, Shown::Withheld]
    );
    for rounded in [false, true] {
        for a in 0..16 {
            for b in 0..16 {
                for c in 0..16 {
                    let shown = if rounded {
                        rounded_parts([a, b, c], 5)
                    } else {
                        protect_parts([a, b, c], 5)
                    };
                    for (s, n) in shown.iter().zip([a, b, c]) {
                        match s {
                            Shown::Rounded(r) => assert!(rounded && n >= 5 && n.abs_diff(*r) <= 2),
                            Shown::Count(x) => assert_eq!(*x, n),
                            Shown::Small => assert!((1..5).contains(&n)),
                            // Beside a shown part a withheld one is never small: the reader's
                            // model below relies on it.
                            Shown::Withheld if shown != [Shown::Withheld; 3] => {
                                assert!(n == 0 || n >= 5)
                            }
                            Shown::Withheld => {}
                        }
                    }
                    let read = readable(shown, a + b + c);
                    if shown == [Shown::Withheld; 3] {
                        // Only the total is known: no set of parts protects a small one, which
                        // a part of 10 or more always does (this happens to 1 self-employed
                        // beside 5 abroad, or to three small parts).
                        assert!(a.max(b).max(c) < 10, "{a} {b} {c}");
                    }
                    for (s, values) in shown.iter().zip(&read) {
                        if *s == Shown::Small {
                            let mut v = values.clone();
                            v.sort();
                            assert_eq!(v, [1, 2, 3, 4], "{a} {b} {c}: {shown:?}");
                        }
                    }
                }
            }
        }
    }
}

/// A BLK's scorecard with only what the protection reads: region, traced, employed by kind.
fn card(code: &str, region: &str, parts: [u64; 3], traced: u64) -> Scorecard {
    let mut keb = OutcomeRow::new(code.into(), code.into(), 6);
    keb.traced = traced;
    (keb.wage, keb.self_employed, keb.overseas) = (parts[0], parts[1], parts[2]);
    keb.employed = parts.iter().sum();
    keb.rate = Some(keb.employed as f64 / traced as f64);
    Scorecard {
        blk: code.into(),
        name: code.into(),
        region: RegionCode::parse(region).unwrap(),
        cohorts: 1,
        trainees: traced,
        finished: traced,
        completed: traced,
        certified: 0,
        completion_rate: None,
        certification_rate: None,
        placed: 0,
        cost_idr: 0,
        cost_per_placement: None,
        median_days_to_first_job: None,
        kinds: keb.employed_by_kind(5),
        kebekerjaan: keb,
        province_tpt: None,
        national_tpt: 5.0,
        expected_mix: None,
        expected: None,
        difference: None,
        rank_adjusted: None,
        rank_raw: None,
        peers: 0,
        peer_median_rate: None,
        rank_in_peers: None,
    }
}

#[test]
fn a_blks_small_count_is_not_left_to_one_value_by_its_provinces_total() {
    // Papua Tengah in the demo: self-employed 23, 1, 13 and 0 in four BLKs, 37 in the
    // province, published ≈25, <5, ≈15, 0 and ≈35: 37 − 23 − 13 leaves the "<5" one value.
    let mut cards = vec![
        card("A", "94.01", [59, 23, 0], 155),
        card("B", "94.02", [15, 1, 0], 45),
        card("C", "94.05", [48, 13, 0], 140),
        card("D", "94.02", [8, 0, 0], 32),
    ];
    let mut province = OutcomeRow::new("94".into(), "Papua Tengah".into(), 6);
    province.traced = 372;
    (province.wage, province.self_employed, province.overseas) = (130, 37, 0);
    province.employed = 167;
    province.rate = Some(167.0 / 372.0);
    assert_eq!(province.employed_by_kind(5)[1], Shown::Rounded(35));
    assert_eq!(cards[1].kinds[1], Shown::Small);
    protect_against_provinces(&mut cards, &[province], 5);
    // The smallest count shown beside it, C's 13 (≈15), is withheld; A's stays.
    assert_eq!(cards[2].kinds[1], Shown::Withheld);
    assert_eq!(cards[0].kinds[1], Shown::Rounded(25));
    assert_eq!(cards[1].kinds[1], Shown::Small);
    // A province whose total leaves room changes nothing.
    let before: Vec<[Shown; 3]> = cards.iter().map(|c| c.kinds).collect();
    let mut wide = OutcomeRow::new("94".into(), "Papua Tengah".into(), 6);
    wide.traced = 372;
    (wide.wage, wide.self_employed, wide.overseas) = (130, 39, 0);
    wide.employed = 169;
    wide.rate = Some(169.0 / 372.0);
    protect_against_provinces(&mut cards, &[wide], 5);
    assert_eq!(cards.iter().map(|c| c.kinds).collect::<Vec<_>>(), before);
}

//! Forecast tests on synthetic series whose truth is known: growth, Holt-Winters recovering a
//! seasonal pattern with honest intervals, the short-series fallbacks, MASE's two fixed points
//! and the backtest.

use domain::YearMonth;

use super::*;
use crate::market::GapInputs;
use crate::snapshot::VacancyFact;

fn ym(s: &str) -> YearMonth {
    YearMonth::parse(s).expect("a test month")
}

fn series(values: Vec<f64>) -> MonthlySeries {
    MonthlySeries {
        start: ym("2022-01"),
        values,
    }
}

/// Deterministic standard normal draws (xorshift64* and Box-Muller), so the tests never flake.
struct Normal(u64);

impl Normal {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        ((x >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn draw(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// 100 + 0.5 t + 20 sin(2πt/12): a trend with a yearly cycle.
fn truth(t: usize) -> f64 {
    100.0 + 0.5 * t as f64 + 20.0 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).sin()
}

#[test]
fn twelve_month_growth_compares_the_last_year_with_the_one_before() {
    let mut v = vec![10.0; 12];
    v.extend(vec![12.5; 12]);
    let g = series(v.clone()).year_growth().expect("24 months");
    assert_eq!((g.previous, g.current), (120.0, 150.0));
    assert_eq!(g.rate(), Some(0.25));
    assert_eq!(series(v[1..].to_vec()).year_growth(), None);
    let from_zero = YearGrowth {
        current: 5.0,
        previous: 0.0,
    };
    assert_eq!(from_zero.rate(), None);
}

#[test]
fn holt_winters_recovers_a_seasonal_pattern_and_its_95_percent_interval_covers_the_truth() {
    let (mut covered95, mut covered80, mut total) = (0, 0, 0);
    let mut worst_mae: f64 = 0.0;
    for seed in 1..=20u64 {
        let mut noise = Normal(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let observed: Vec<f64> = (0..60).map(|t| truth(t) + 3.0 * noise.draw()).collect();
        let f = forecast(&series(observed[..48].to_vec()), 12).expect("48 months");
        assert!(matches!(f.method(), Method::HoltWinters { .. }));
        assert_eq!(f.points().len(), 12);
        assert_eq!(f.points()[0].month(), ym("2026-01"));
        let mae = f
            .points()
            .iter()
            .enumerate()
            .map(|(h, p)| (p.mean() - truth(48 + h)).abs())
            .sum::<f64>()
            / 12.0;
        worst_mae = worst_mae.max(mae);
        for (h, p) in f.points().iter().enumerate() {
            covered95 += usize::from(p.pi95().contains(observed[48 + h]));
            covered80 += usize::from(p.pi80().contains(observed[48 + h]));
            total += 1;
        }
        // σ should be near the noise's 3.
        assert!((1.5..5.0).contains(&f.sigma()), "σ {}", f.sigma());
    }
    // The pattern (amplitude 20) is recovered to within the noise level.
    assert!(worst_mae < 4.0, "worst MAE {worst_mae}");
    let share95 = covered95 as f64 / total as f64;
    let share80 = covered80 as f64 / total as f64;
    assert!(share95 >= 0.85, "95 % interval covered {share95}");
    assert!(
        (0.6..=1.0).contains(&share80),
        "80 % interval covered {share80}"
    );
}

#[test]
fn intervals_nest_and_widen_with_the_horizon() {
    let mut noise = Normal(7);
    let v: Vec<f64> = (0..36).map(|t| truth(t) + 3.0 * noise.draw()).collect();
    let f = forecast(&series(v), 24).expect("36 months");
    let widths: Vec<f64> = f
        .points()
        .iter()
        .map(|p| p.pi95().hi() - p.pi95().lo())
        .collect();
    assert!(widths.windows(2).all(|w| w[1] >= w[0] - 1e-9), "{widths:?}");
    for p in f.points() {
        assert!(p.pi95().lo() <= p.pi80().lo() && p.pi80().hi() <= p.pi95().hi());
        assert!(p.pi80().contains(p.mean()));
    }
}

#[test]
fn a_short_series_falls_back_to_seasonal_naive_with_drift() {
    // Eighteen months of a pattern that rises by 6 a year: the forecast is the same month a
    // year earlier plus 6.
    let v: Vec<f64> = (0..18)
        .map(|t| (t % 12) as f64 * 10.0 + if t >= 12 { 6.0 } else { 0.0 })
        .collect();
    let f = forecast(&series(v.clone()), 14).expect("18 months");
    assert_eq!(
        f.method(),
        Method::SeasonalNaiveDrift { yearly_change: 6.0 }
    );
    for (h, p) in f.points().iter().enumerate() {
        let t = 18 + h;
        let years = (t - 6) / 12;
        let expected = v[t - 12 * years.max(1)] + 6.0 * years.max(1) as f64;
        assert!(
            (p.mean() - expected).abs() < 1e-9,
            "h {h}: {} vs {expected}",
            p.mean()
        );
    }
    // A perfectly regular history has no error to spread, so the interval is the point.
    assert_eq!(f.sigma(), 0.0);
    assert_eq!(f.points()[0].pi95().lo(), f.points()[0].mean());
}

#[test]
fn very_short_series_use_naive_with_drift_and_two_months_are_refused() {
    let f = forecast(&series(vec![10.0, 12.0, 13.0, 17.0, 18.0]), 3).expect("5 months");
    assert_eq!(
        f.method(),
        Method::NaiveDrift {
            monthly_change: 2.0
        }
    );
    let means: Vec<f64> = f.points().iter().map(|p| p.mean()).collect();
    assert_eq!(means, vec![20.0, 22.0, 24.0]);
    assert!(f.sigma() > 0.0);
    assert!(f.points()[0].pi95().lo() < 20.0 && f.points()[0].pi95().hi() > 20.0);
    // Thirteen and fourteen months are too few for the seasonal method.
    let f = forecast(&series(vec![1.0; 14]), 1).expect("14 months");
    assert!(matches!(f.method(), Method::NaiveDrift { .. }));
    assert_eq!(
        forecast(&series(vec![1.0, 2.0]), 1),
        Err(AnalyticsError::ForecastHistory {
            months: 2,
            needed: 3
        })
    );
    assert_eq!(
        forecast(&series(vec![1.0, f64::NAN, 2.0]), 1),
        Err(AnalyticsError::ForecastNotFinite)
    );
}

#[test]
fn counts_are_never_forecast_below_zero() {
    let f = forecast(&series(vec![9.0, 6.0, 4.0, 2.0, 1.0]), 6).expect("5 months");
    for p in f.points() {
        assert!(p.mean() >= 0.0 && p.pi95().lo() >= 0.0);
    }
}

#[test]
fn mase_is_zero_for_a_perfect_forecast_and_one_for_in_sample_seasonal_naive() {
    let mut noise = Normal(11);
    let training: Vec<f64> = (0..36).map(|t| truth(t) + 3.0 * noise.draw()).collect();
    let actual = [5.0, 7.0, 9.0];
    assert_eq!(mase(&actual, &actual, &training), Some(0.0));
    let seasonal_naive = &training[..training.len() - 12];
    let m = mase(&training[12..], seasonal_naive, &training).expect("a scale");
    assert!((m - 1.0).abs() < 1e-12, "{m}");
    // A flat history has no scale.
    assert_eq!(mase(&actual, &actual, &[4.0; 24]), None);
}

#[test]
fn the_backtest_scores_78_forecasts_and_holt_winters_beats_seasonal_naive_on_a_trend() {
    let mut noise = Normal(5);
    let v: Vec<f64> = (0..48).map(|t| truth(t) + 2.0 * noise.draw()).collect();
    let b = backtest(&v).expect("48 months");
    assert_eq!(b.forecasts, 78);
    assert!(b.mase < 1.0 && b.mase_h1 < 1.0, "{b:?}");
    // Too short: the first origin would have fewer than 13 months behind it.
    assert_eq!(backtest(&v[..24]), None);
    assert!(backtest(&v[..25]).is_some());
}

#[test]
fn mase_summaries_give_the_median_and_mean() {
    let s = MaseSummary::of(&[0.5, 2.0, 1.0, f64::NAN]).expect("three values");
    assert_eq!((s.series, s.median, s.mean), (3, 1.0, 3.5 / 3.0));
    let even = MaseSummary::of(&[1.0, 2.0, 3.0, 4.0]).expect("four values");
    assert_eq!(even.median, 2.5);
    assert_eq!(MaseSummary::of(&[]), None);
}

#[test]
fn demand_series_hold_every_month_of_the_snapshot_with_zeros() {
    let fact = |reg: &str, code: &str, month: &str, positions: u32| VacancyFact {
        region: domain::RegionCode::parse(reg).expect("a region"),
        isco: domain::IscoCode::parse(code).expect("a code"),
        month: ym(month),
        positions,
        salary: None,
        counted: true,
    };
    let inputs = GapInputs::build(
        &[
            fact("32.73", "7212", "2025-01", 2),
            fact("32.04", "7212", "2025-03", 3),
            fact("31.71", "5223", "2025-03", 4),
        ],
        &[],
        &[],
    )
    .expect("valid");
    let jabar = domain::RegionCode::parse("32").ok();
    let s = inputs.demand_series(jabar, None).expect("vacancies");
    assert_eq!(
        (s.start, s.values.clone()),
        (ym("2025-01"), vec![2.0, 0.0, 3.0])
    );
    let welders = domain::IscoCode::parse("72").ok();
    let s = inputs.demand_series(None, welders).expect("vacancies");
    assert_eq!(s.values, vec![2.0, 0.0, 3.0]);
    let by = inputs.demand_series_by(RegionLevel::Nation, 1);
    let summary: Vec<(String, Vec<f64>)> = by
        .iter()
        .map(|(_, code, s)| (code.to_string(), s.values.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("5".into(), vec![0.0, 0.0, 4.0]),
            ("7".into(), vec![2.0, 0.0, 3.0])
        ]
    );
}

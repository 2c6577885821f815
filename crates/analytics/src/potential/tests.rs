//! Hand-computed location quotients, growth and Klassen classes on a three-regency country, and
//! the bridge's own checks.

use super::*;

fn region(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn cat(c: char) -> KbliCategory {
    KbliCategory::from_letter(c).unwrap()
}

fn fact(r: &str, year: u16, c: char, grdp: f64, employment: Option<u64>) -> IndicatorFact {
    IndicatorFact {
        region: region(r),
        year,
        category: cat(c),
        grdp,
        employment,
    }
}

/// Two provinces: Jawa Barat with 32.01 and 32.02, Jawa Tengah with 33.01; three sectors.
///
/// | region | year | A | C | G |
/// |---|---|---|---|---|
/// | 32.01 | 2020 | 100 | 300 | 100 |
/// | 32.02 | 2020 | 200 | 100 | 200 |
/// | 33.01 | 2020 | 400 | 200 | 400 |
/// | 32.01 | 2022 | 121 | 363 | 100 |
/// | 32.02 | 2022 | 200 | 121 | 242 |
/// | 33.01 | 2022 | 400 | 200 | 484 |
fn country() -> Vec<IndicatorFact> {
    let mut f = Vec::new();
    for (r, year, a, c, g) in [
        ("32.01", 2020, 100.0, 300.0, 100.0),
        ("32.02", 2020, 200.0, 100.0, 200.0),
        ("33.01", 2020, 400.0, 200.0, 400.0),
        ("32.01", 2022, 121.0, 363.0, 100.0),
        ("32.02", 2022, 200.0, 121.0, 242.0),
        ("33.01", 2022, 400.0, 200.0, 484.0),
    ] {
        f.push(fact(r, year, 'A', a, None));
        f.push(fact(r, year, 'C', c, None));
        f.push(fact(r, year, 'G', g, None));
    }
    f
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn sector(t: &PotentialTable, c: char) -> &SectorPotential {
    &t.sectors[cat(c).index()]
}

/// The one place the potential is asked for in these tests.
fn check(facts: &[IndicatorFact], q: PotentialQuery) -> PotentialTable {
    Economy::build(facts).potential(&q).unwrap()
}

#[test]
fn location_quotients_growth_and_classes_match_the_hand_computation() {
    let t = check(&country(), PotentialQuery::new(region("32.01")));
    assert_eq!((t.first_year, t.last_year), (2020, 2022));
    assert!(close(t.grdp, 584.0));
    // Nation 2022: A 721, C 684, G 826 (2 231); 2020: A 700, C 600, G 700.
    let a = sector(&t, 'A');
    assert!(close(a.share, 121.0 / 584.0));
    assert!(close(a.reference_share, 721.0 / 2231.0));
    assert!(close(a.lq.unwrap(), (121.0 / 584.0) / (721.0 / 2231.0))); // 0.641
    assert!(close(a.growth.unwrap(), 0.1));
    assert!(close(
        a.reference_growth.unwrap(),
        (721.0f64 / 700.0).sqrt() - 1.0
    )); // 1.5 %
    assert_eq!(a.klassen, Some(Klassen::Developing));

    let c = sector(&t, 'C');
    assert!(close(c.lq.unwrap(), (363.0 / 584.0) / (684.0 / 2231.0))); // 2.027
    assert!(close(c.reference_growth.unwrap(), 1.14f64.sqrt() - 1.0)); // 6.8 %
    assert_eq!(c.klassen, Some(Klassen::Prima));

    let g = sector(&t, 'G');
    assert!(close(g.lq.unwrap(), (100.0 / 584.0) / (826.0 / 2231.0))); // 0.462
    assert!(close(g.growth.unwrap(), 0.0));
    assert_eq!(g.klassen, Some(Klassen::Lagging));

    let leading: Vec<char> = t.leading().map(|s| s.category.letter()).collect();
    assert_eq!(leading, ['C']);
    // Categories without rows count as zero: no LQ where the nation has none, no class.
    let j = sector(&t, 'J');
    assert_eq!((j.lq, j.klassen), (None, None));
    assert!(t.notes.contains(&PotentialNote::MissingCategories {
        year: 2022,
        missing: 18
    }));
    // Total growth: 500 → 584, nation 2 000 → 2 231.
    assert!(close(t.growth.unwrap(), (584.0f64 / 500.0).sqrt() - 1.0));
    assert!(close(
        t.reference_growth.unwrap(),
        (2231.0f64 / 2000.0).sqrt() - 1.0
    ));
}

#[test]
fn against_the_province_a_tie_in_growth_is_no_advantage() {
    let q = PotentialQuery {
        reference: ReferenceArea::Province,
        ..PotentialQuery::new(region("32.01"))
    };
    let t = check(&country(), q);
    assert_eq!(t.reference_area, Some(region("32")));
    // Jawa Barat 2022: A 321, C 484, G 342 (1 147); C grew 400 → 484, 10 % a year like 32.01.
    let c = sector(&t, 'C');
    assert!(close(c.lq.unwrap(), (363.0 / 584.0) / (484.0 / 1147.0))); // 1.473
    assert_eq!(c.growth, c.reference_growth);
    assert_eq!(c.klassen, Some(Klassen::Potential));
    assert_eq!(t.leading().count(), 0);
    // A grew 10 % against the province's (321/300)^½ − 1 = 3.4 %, with LQ 0.64: developing.
    assert_eq!(sector(&t, 'A').klassen, Some(Klassen::Developing));
}

#[test]
fn a_province_uses_its_own_rows_before_the_sum_of_its_regencies() {
    let mut facts = country();
    // Jawa Tengah publishes its own table, larger than its one regency here.
    for (year, a, c, g) in [(2020, 800.0, 400.0, 800.0), (2022, 800.0, 400.0, 968.0)] {
        facts.push(fact("33", year, 'A', a, None));
        facts.push(fact("33", year, 'C', c, None));
        facts.push(fact("33", year, 'G', g, None));
    }
    let t = check(&facts, PotentialQuery::new(region("32")));
    // Jawa Barat is the sum of its regencies: 2022 A 321, C 484, G 342 (1 147).
    assert!(close(t.grdp, 1147.0));
    // Nation 2022 = Jawa Barat + Jawa Tengah's own row: A 1 121, C 884, G 1 310 (3 315).
    let c = sector(&t, 'C');
    assert!(close(c.reference_share, 884.0 / 3315.0));
    assert!(close(c.lq.unwrap(), (484.0 / 1147.0) / (884.0 / 3315.0)));
    // A province compared with its own province is refused.
    let q = PotentialQuery {
        reference: ReferenceArea::Province,
        ..PotentialQuery::new(region("32"))
    };
    assert!(matches!(
        Economy::build(&facts).potential(&q),
        Err(AnalyticsError::PotentialReference { .. })
    ));
}

#[test]
fn employment_is_reported_or_estimated_from_the_reference_productivity() {
    let mut facts = country();
    // 33.01 reports C employment: 20 workers in both years, so 10 (billion) of GRDP per worker.
    // 32.01 reports G employment, falling from 50 to 40.
    for f in &mut facts {
        match (f.region.to_string().as_str(), f.category.letter(), f.year) {
            ("33.01", 'C', _) => f.employment = Some(20),
            ("32.01", 'G', 2020) => f.employment = Some(50),
            ("32.01", 'G', 2022) => f.employment = Some(40),
            _ => {}
        }
    }
    let t = check(&facts, PotentialQuery::new(region("32.01")));
    let c = sector(&t, 'C');
    // 363 / 10 = 36.3 workers now, 300 / 10 = 30 then: +3.15 a year, estimated.
    assert!(close(c.employment.unwrap(), 36.3));
    assert!(close(c.employment_change.unwrap(), 3.15));
    assert!(c.employment_estimated);
    let g = sector(&t, 'G');
    assert_eq!(g.employment, Some(40.0));
    assert!(close(g.employment_change.unwrap(), -5.0));
    assert!(!g.employment_estimated);
    // A: nobody reports it, so it is unknown and noted.
    assert_eq!(sector(&t, 'A').employment, None);
    assert!(t.notes.iter().any(|n| matches!(
        n,
        PotentialNote::NoProductivity { categories } if categories.contains(&cat('A'))
    )));

    // The bridge spreads each change by its weights and sums by occupation.
    let bridge = Bridge::parse(
        "kbli_category,isco08_unit,weight\nC,7212,0.6\nC,8160,0.4\nG,5223,0.5\nG,7212,0.5\n",
    )
    .unwrap();
    let demand = occupation_demand(&t.sectors, &bridge);
    let by_code = |code: &str| {
        demand
            .iter()
            .find(|d| d.isco.to_string() == code)
            .unwrap()
            .clone()
    };
    // 7212: 3.15 × 0.6 − 5 × 0.5 = −0.61, driven most by G's decline.
    let welders = by_code("7212");
    assert!(close(welders.workers_per_year, 3.15 * 0.6 - 2.5));
    assert_eq!(welders.main_sector, cat('G'));
    assert!(close(by_code("8160").workers_per_year, 3.15 * 0.4));
    assert_eq!(demand[0].isco.to_string(), "8160");
    assert_eq!(demand.last().unwrap().isco.to_string(), "5223");
}

#[test]
fn expected_demand_adds_up_to_the_sectors_employment_change() {
    let mut facts = country();
    for f in &mut facts {
        f.employment = Some((f.grdp / 10.0).round() as u64 + u64::from(f.year - 2020));
    }
    let t = check(&facts, PotentialQuery::new(region("32.02")));
    let sectors: f64 = t.sectors.iter().filter_map(|s| s.employment_change).sum();
    let occupations: f64 = t.demand.iter().map(|d| d.workers_per_year).sum();
    assert!(
        (sectors - occupations).abs() < 1e-9,
        "{sectors} vs {occupations}"
    );
}

#[test]
fn one_year_gives_shares_and_quotients_but_no_growth_or_class() {
    let facts: Vec<IndicatorFact> = country().into_iter().filter(|f| f.year == 2022).collect();
    let t = check(&facts, PotentialQuery::new(region("32.01")));
    assert_eq!((t.first_year, t.last_year), (2022, 2022));
    let c = sector(&t, 'C');
    assert!(c.lq.is_some() && c.growth.is_none() && c.klassen.is_none());
    assert!(t.demand.is_empty());
}

#[test]
fn unknown_regions_and_years_are_errors_not_empty_tables() {
    let e = Economy::build(&country());
    let err = e
        .potential(&PotentialQuery::new(region("35.78")))
        .unwrap_err();
    assert!(matches!(
        err,
        AnalyticsError::PotentialNoData { year: None, .. }
    ));
    let q = PotentialQuery {
        year: Some(2021),
        ..PotentialQuery::new(region("32.01"))
    };
    let err = e.potential(&q).unwrap_err();
    assert_eq!(err.to_string(), "no regional indicators for 32.01 in 2021");
    let q = PotentialQuery {
        year: Some(2020),
        from_year: Some(2022),
        ..PotentialQuery::new(region("32.01"))
    };
    assert!(matches!(
        e.potential(&q),
        Err(AnalyticsError::PotentialWindow { .. })
    ));
}

#[test]
fn klassen_ties_go_to_the_lower_class() {
    assert_eq!(Klassen::of(1.0, 0.05, 0.04), Klassen::Developing);
    assert_eq!(Klassen::of(1.2, 0.04, 0.04), Klassen::Potential);
    assert_eq!(Klassen::of(1.2, 0.05, 0.04), Klassen::Prima);
    assert_eq!(Klassen::of(0.8, 0.03, 0.04), Klassen::Lagging);
    assert_eq!(Klassen::Prima.to_string(), "I prima");
}

#[test]
fn the_bridge_covers_every_category_with_valid_units_whose_weights_sum_to_one() {
    let b = bridge();
    let isco = |code: &str| domain::reference().isco(code).map(|e| e.title_en.clone());
    for c in KbliCategory::all() {
        let units = b.units(c);
        assert!(
            (8..=15).contains(&units.len()),
            "{c}: {} units",
            units.len()
        );
        let sum: f64 = units.iter().map(|u| u.1).sum();
        assert!((sum - 1.0).abs() < 1e-9, "{c}: weights sum to {sum}");
        let mut seen = std::collections::HashSet::new();
        for (unit, _) in units {
            assert!(unit.is_unit(), "{c}: {unit}");
            assert!(seen.insert(*unit), "{c}: {unit} twice");
        }
    }
    // The title column is there for readers; it must name the code it sits beside.
    let mut reader = BRIDGE.lines().skip(1);
    for line in reader.by_ref() {
        let fields: Vec<&str> = line.splitn(4, ',').collect();
        let title = fields[3].trim_matches('"');
        assert_eq!(isco(fields[1]).as_deref(), Some(title), "{line}");
    }
}

#[test]
fn a_malformed_bridge_is_refused_with_its_line() {
    for (text, needle) in [
        ("h\nC,7299,0.5\n", "line 2"),
        ("h\nC,721,0.5\n", "unit group"),
        ("h\nX,7212,0.5\n", "category"),
        ("h\nC,7212,1.5\n", "(0, 1]"),
        ("h\nC,7212,abc\n", "not a number"),
    ] {
        let err = Bridge::parse(text).unwrap_err();
        assert!(err.contains(needle), "{text:?}: {err}");
    }
}

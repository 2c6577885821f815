use super::*;

fn isco(s: &str) -> IscoCode {
    IscoCode::parse(s).unwrap()
}

fn region(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn vacancy(id: i64, r: &str, unit: &str, skills: &[u32]) -> OpenVacancy {
    OpenVacancy {
        id,
        region: region(r),
        isco: Some(isco(unit)),
        skills: skills.to_vec(),
        education: Some(Education::Smk),
        salary_min: Some(Rupiah(4_000_000)),
        salary_max: Some(Rupiah(5_000_000)),
    }
}

fn welder() -> Profile {
    Profile {
        id: 1,
        region: region("32.73"),
        occupations: vec![isco("7212")],
        skills: vec![1, 2],
        education: Some(Education::Sma),
        expected_salary: Some(Rupiah(4_500_000)),
    }
}

#[test]
fn occupation_similarity_follows_the_isco_tree() {
    assert_eq!(occupation_similarity(isco("7212"), isco("7212")), 1.0);
    assert_eq!(occupation_similarity(isco("7212"), isco("7214")), 0.6);
    assert_eq!(occupation_similarity(isco("7212"), isco("7233")), 0.3);
    assert_eq!(occupation_similarity(isco("7212"), isco("7411")), 0.1);
    assert_eq!(occupation_similarity(isco("7212"), isco("2521")), 0.0);
    // A wanted group contains its units.
    assert_eq!(occupation_similarity(isco("72"), isco("7212")), 1.0);
    assert_eq!(occupation_similarity(isco("72"), isco("7311")), 0.1);
}

#[test]
fn a_score_is_the_weighted_sum_of_its_parts() {
    let w = Weights::default();
    let v = vacancy(10, "32.73", "7212", &[1, 2, 3, 4]);
    let s = score(&w, &welder(), &v, 0.0);
    assert_eq!(s.occupation, 1.0);
    assert_eq!(s.skills, 0.5, "two of the vacancy's four skills");
    assert_eq!(s.distance, 1.0);
    assert_eq!(s.education, 1.0, "SMA meets an SMK minimum");
    // Offer 5.0 M against 4.5 M expected: fully met.
    assert_eq!(s.salary, 1.0);
    let expected = 0.45 + 0.20 * 0.5 + 0.20 + 0.10 + 0.05;
    assert!((s.total - expected).abs() < 1e-12);
    // 50 km away: the distance part is 1/e.
    let far = score(&w, &welder(), &v, 50.0);
    assert!((far.distance - (-1.0f64).exp()).abs() < 1e-12);
    // An offer of 3 M against 4.5 M expected: (3/4.5 − 0.5)/0.5 = 1/3.
    let mut cheap = v.clone();
    cheap.salary_max = Some(Rupiah(3_000_000));
    assert!((score(&w, &welder(), &cheap, 0.0).salary - 1.0 / 3.0).abs() < 1e-12);
    // D3 required, SMA held: two levels short.
    let mut d3 = v;
    d3.education = Some(Education::D3);
    assert_eq!(score(&w, &welder(), &d3, 0.0).education, 0.0);
}

#[test]
fn distances_come_from_regency_centroids() {
    // Kota Bandung to Kota Cimahi: neighbours, under 15 km; to Kota Surabaya, over 500 km.
    assert!(distance_km(region("32.73"), region("32.77")) < 15.0);
    assert!(distance_km(region("32.73"), region("35.78")) > 500.0);
    assert_eq!(distance_km(region("32.73"), region("32.73")), 0.0);
}

/// The pruned search must return exactly what scoring every vacancy and sorting would.
#[test]
fn the_pruned_top_k_equals_a_full_scan() {
    let regions = ["32.73", "32.77", "32.04", "35.78", "31.71", "64.72"];
    let units = ["7212", "7214", "7233", "7411", "2521", "5120", "8153"];
    let mut vacancies = Vec::new();
    let mut seed = 7u64;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    for id in 0..3000 {
        let skills: Vec<u32> = {
            let mut s: Vec<u32> = (0..3).map(|_| next(8) as u32).collect();
            s.sort_unstable();
            s.dedup();
            s
        };
        let mut v = vacancy(
            id,
            regions[next(regions.len())],
            units[next(units.len())],
            &skills,
        );
        v.education = [None, Some(Education::Sma), Some(Education::D3)][next(3)];
        vacancies.push(v);
    }
    let index = MatchIndex::build(vacancies.clone(), Weights::default());
    for occupations in [
        vec![isco("7212")],
        vec![isco("72")],
        vec![isco("2521"), isco("5120")],
        vec![],
    ] {
        let p = Profile {
            occupations,
            ..welder()
        };
        let (top, scored) = index.top_k(&p, 20);
        let mut all: Vec<(f64, i64)> = vacancies
            .iter()
            .map(|v| {
                (
                    score(&Weights::default(), &p, v, distance_km(p.region, v.region)).total,
                    v.id,
                )
            })
            .collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let want: Vec<i64> = all.iter().take(20).map(|x| x.1).collect();
        let got: Vec<i64> = top.iter().map(|m| m.id).collect();
        // Distances in the index are f32, so compare scores rather than insist on the order of
        // near-ties.
        for (m, (s, _)) in top.iter().zip(all.iter()) {
            assert!((m.parts.total - s).abs() < 1e-6, "{got:?} vs {want:?}");
        }
        assert_eq!(top.len(), 20);
        if !p.occupations.is_empty() {
            assert!(
                scored < vacancies.len(),
                "pruning skipped nothing ({scored})"
            );
        }
    }
}

#[test]
fn candidates_for_a_vacancy_are_ranked_by_the_same_score() {
    let index = MatchIndex::build(Vec::new(), Weights::default());
    let v = vacancy(1, "32.73", "7212", &[1, 2]);
    let near = welder();
    let far = Profile {
        id: 2,
        region: region("64.72"),
        ..welder()
    };
    let other = Profile {
        id: 3,
        occupations: vec![isco("2521")],
        ..welder()
    };
    let top = index.top_candidates(&v, &[other, far, near], 2);
    assert_eq!(top.iter().map(|m| m.id).collect::<Vec<_>>(), vec![1, 2]);
}

//! Graduate and job-seeker ↔ vacancy matching: a score in [0, 1] made of five visible parts,
//! and a top-k search over an index of open vacancies fast enough for a counter clerk.
//!
//! The parts, each in [0, 1], weighted by [`Weights`] (default in brackets):
//! - occupation (0.45): the closest pair of the person's occupations and the vacancy's ISCO
//!   unit in the ISCO tree — same unit 1, same minor group (3 digits) 0.6, same sub-major
//!   group (2) 0.3, same major group (1) 0.1, else 0;
//! - skills (0.20): the share of the vacancy's skills the person has (0.5 when the vacancy names
//!   none: no evidence either way);
//! - distance (0.20): exp(−d / 50 km) between regency centroids (a province-only address uses
//!   the province centroid);
//! - education (0.10): 1 when the person meets the minimum, 0.5 one level below, else 0
//!   (SMA and SMK are one level; an unknown minimum counts as met);
//! - salary (0.05): 1 when the offer reaches the person's expectation, falling linearly to 0
//!   at half of it; 0.5 when either side is unknown.
//!
//! The search groups vacancies by ISCO unit. Groups are visited by falling occupation part,
//! and the visit stops when even a perfect score on every other part could not beat the k-th
//! best found: most queries score a few thousand vacancies, not the million in the index.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use domain::{Education, IscoCode, RegionCode, Rupiah};

/// How much each part counts; they should sum to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub occupation: f64,
    pub skills: f64,
    pub distance: f64,
    pub education: f64,
    pub salary: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            occupation: 0.45,
            skills: 0.20,
            distance: 0.20,
            education: 0.10,
            salary: 0.05,
        }
    }
}

/// Distance at which the distance part falls to 1/e.
pub const DISTANCE_SCALE_KM: f64 = 50.0;

/// An open vacancy as the index holds it. Skills are ids from a shared [`SkillIds`].
#[derive(Debug, Clone, PartialEq)]
pub struct OpenVacancy {
    pub id: i64,
    pub region: RegionCode,
    pub isco: Option<IscoCode>,
    pub skills: Vec<u32>,
    pub education: Option<Education>,
    pub salary_min: Option<Rupiah>,
    pub salary_max: Option<Rupiah>,
}

/// A graduate or job seeker looking for work.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub id: i64,
    /// A regency/city, or a province when that is all that is known.
    pub region: RegionCode,
    /// Wanted occupations (a job seeker's preferences, a graduate's programme units).
    pub occupations: Vec<IscoCode>,
    pub skills: Vec<u32>,
    pub education: Option<Education>,
    pub expected_salary: Option<Rupiah>,
}

/// One match with the parts of its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreParts {
    pub occupation: f64,
    pub skills: f64,
    pub distance_km: f64,
    pub distance: f64,
    pub education: f64,
    pub salary: f64,
    pub total: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// The vacancy's id (searching vacancies) or the profile's id (searching candidates).
    pub id: i64,
    pub parts: ScoreParts,
}

/// Interns skill labels to dense ids shared by vacancies and profiles.
#[derive(Debug, Default, Clone)]
pub struct SkillIds {
    ids: HashMap<String, u32>,
}

impl SkillIds {
    pub fn id(&mut self, label: &str) -> u32 {
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        *self.ids.entry(label.to_string()).or_insert(next)
    }

    /// The id of a known label, without adding it.
    pub fn get(&self, label: &str) -> Option<u32> {
        self.ids.get(label).copied()
    }

    /// Sorted, deduplicated ids of labels (unknown ones are added).
    pub fn ids<'a>(&mut self, labels: impl IntoIterator<Item = &'a str>) -> Vec<u32> {
        let mut v: Vec<u32> = labels.into_iter().map(|l| self.id(l)).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// One step on the education ladder; SMA and SMK share a level, as do D4 and S1.
fn level(e: Education) -> u8 {
    match e {
        Education::Sd => 1,
        Education::Smp => 2,
        Education::Sma | Education::Smk => 3,
        Education::D1 => 4,
        Education::D2 => 5,
        Education::D3 => 6,
        Education::D4 | Education::S1 => 7,
        Education::S2 => 8,
        Education::S3 => 9,
    }
}

fn education_part(person: Option<Education>, minimum: Option<Education>) -> f64 {
    match (person, minimum) {
        (_, None) => 1.0,
        (None, Some(_)) => 0.5,
        (Some(p), Some(m)) => {
            let (p, m) = (level(p), level(m));
            if p >= m {
                1.0
            } else if p + 1 == m {
                0.5
            } else {
                0.0
            }
        }
    }
}

fn salary_part(expected: Option<Rupiah>, min: Option<Rupiah>, max: Option<Rupiah>) -> f64 {
    let offer = max.or(min);
    match (expected, offer) {
        (Some(e), Some(o)) if e.0 > 0 => {
            let ratio = o.0 as f64 / e.0 as f64;
            ((ratio - 0.5) / 0.5).clamp(0.0, 1.0)
        }
        _ => 0.5,
    }
}

fn skills_part(person: &[u32], vacancy: &[u32]) -> f64 {
    if vacancy.is_empty() {
        return 0.5;
    }
    // Both sorted: a merge count.
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < person.len() && j < vacancy.len() {
        match person[i].cmp(&vacancy[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / vacancy.len() as f64
}

/// Similarity of two ISCO codes by the depth of their common prefix. When one code contains
/// the other (the same unit, or a person who wants the whole group "72" and a welding unit)
/// it is a full match.
pub fn occupation_similarity(a: IscoCode, b: IscoCode) -> f64 {
    let shorter = a.level().min(b.level());
    let prefix = |c: IscoCode, n: u8| c.as_u16() / 10u16.pow(u32::from(c.level() - n));
    let common = (1..=shorter)
        .take_while(|n| prefix(a, *n) == prefix(b, *n))
        .count();
    if common == usize::from(shorter) {
        1.0
    } else {
        [0.0, 0.1, 0.3, 0.6][common.min(3)]
    }
}

/// Great-circle distance between two regions' centroids, km.
pub fn distance_km(a: RegionCode, b: RegionCode) -> f64 {
    if a == b {
        return 0.0;
    }
    let (p, q) = (a.info(), b.info());
    haversine(p.lat, p.lng, q.lat, q.lng)
}

pub fn haversine(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let r = 6371.0;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lng2 - lng1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

/// Scores one pair; `km` is the centroid distance.
pub fn score(w: &Weights, p: &Profile, v: &OpenVacancy, km: f64) -> ScoreParts {
    let occupation = match v.isco {
        None => 0.0,
        Some(u) => p
            .occupations
            .iter()
            .map(|o| occupation_similarity(*o, u))
            .fold(0.0, f64::max),
    };
    parts(w, occupation, p, v, km)
}

fn parts(w: &Weights, occupation: f64, p: &Profile, v: &OpenVacancy, km: f64) -> ScoreParts {
    let skills = skills_part(&p.skills, &v.skills);
    let distance = (-km / DISTANCE_SCALE_KM).exp();
    let education = education_part(p.education, v.education);
    let salary = salary_part(p.expected_salary, v.salary_min, v.salary_max);
    let total = w.occupation * occupation
        + w.skills * skills
        + w.distance * distance
        + w.education * education
        + w.salary * salary;
    ScoreParts {
        occupation,
        skills,
        distance_km: km,
        distance,
        education,
        salary,
        total,
    }
}

/// Dense region numbering with a precomputed distance table (38 + 514 regions, ~1.2 MB), so
/// scoring a vacancy costs one lookup instead of trigonometry.
struct Distances {
    index: HashMap<RegionCode, u16>,
    n: usize,
    km: Vec<f32>,
}

impl Distances {
    fn build() -> Distances {
        let r = domain::reference();
        let all: Vec<&domain::reference::Region> =
            r.provinces.iter().chain(r.regencies.iter()).collect();
        let n = all.len();
        let mut km = vec![0.0f32; n * n];
        for (i, a) in all.iter().enumerate() {
            for (j, b) in all.iter().enumerate().skip(i + 1) {
                let d = haversine(a.lat, a.lng, b.lat, b.lng) as f32;
                km[i * n + j] = d;
                km[j * n + i] = d;
            }
        }
        let index = all
            .iter()
            .enumerate()
            .filter_map(|(i, reg)| Some((reg.code, u16::try_from(i).ok()?)))
            .collect();
        Distances { index, n, km }
    }

    fn idx(&self, r: RegionCode) -> Option<u16> {
        self.index.get(&r).copied()
    }

    fn km(&self, a: Option<u16>, b: Option<u16>) -> f64 {
        match (a, b) {
            (Some(a), Some(b)) => f64::from(self.km[usize::from(a) * self.n + usize::from(b)]),
            // A region outside the table is far away.
            _ => 1000.0,
        }
    }
}

/// Open vacancies grouped by ISCO unit for the pruned top-k search.
pub struct MatchIndex {
    weights: Weights,
    distances: Distances,
    /// (unit code as a number 0..9999, or `None` for uncoded) → positions in `vacancies`.
    groups: Vec<(Option<IscoCode>, Vec<u32>)>,
    vacancies: Vec<OpenVacancy>,
    regions: Vec<Option<u16>>,
}

/// A heap entry ordered by score, ties by the smaller id first (deterministic results).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ranked(f64, i64, usize);

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    /// "Greater" is worse, so a max-heap keeps the worst of the best k on top.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then_with(|| self.1.cmp(&other.1))
    }
}

impl MatchIndex {
    pub fn build(vacancies: Vec<OpenVacancy>, weights: Weights) -> MatchIndex {
        let distances = Distances::build();
        let mut by_unit: HashMap<Option<IscoCode>, Vec<u32>> = HashMap::new();
        for (i, v) in vacancies.iter().enumerate() {
            if let Ok(i) = u32::try_from(i) {
                by_unit.entry(v.isco).or_default().push(i);
            }
        }
        let mut groups: Vec<(Option<IscoCode>, Vec<u32>)> = by_unit.into_iter().collect();
        groups.sort_by_key(|g| g.0);
        let regions = vacancies.iter().map(|v| distances.idx(v.region)).collect();
        MatchIndex {
            weights,
            distances,
            groups,
            vacancies,
            regions,
        }
    }

    pub fn len(&self) -> usize {
        self.vacancies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vacancies.is_empty()
    }

    pub fn vacancy(&self, id: i64) -> Option<&OpenVacancy> {
        self.vacancies.iter().find(|v| v.id == id)
    }

    /// The `k` best vacancies for a person, best first; ties broken by the smaller id. Returns
    /// also how many vacancies were scored.
    pub fn top_k(&self, p: &Profile, k: usize) -> (Vec<Match>, usize) {
        if k == 0 {
            return (Vec::new(), 0);
        }
        let w = &self.weights;
        let mut order: Vec<(f64, usize)> = self
            .groups
            .iter()
            .enumerate()
            .map(|(g, (unit, _))| {
                let sim = unit.map_or(0.0, |u| {
                    p.occupations
                        .iter()
                        .map(|o| occupation_similarity(*o, u))
                        .fold(0.0, f64::max)
                });
                (sim, g)
            })
            .collect();
        order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let rest = w.skills + w.distance + w.education + w.salary;
        let home = self.distances.idx(p.region);
        let mut heap: BinaryHeap<Ranked> = BinaryHeap::with_capacity(k + 1);
        let mut scored = 0;
        for (sim, g) in order {
            let bound = w.occupation * sim + rest;
            if heap.len() == k && heap.peek().is_some_and(|worst| bound < worst.0) {
                break;
            }
            for &i in &self.groups[g].1 {
                let i = i as usize;
                let v = &self.vacancies[i];
                let km = self.distances.km(home, self.regions[i]);
                let s = parts(w, sim, p, v, km).total;
                scored += 1;
                let entry = Ranked(s, v.id, i);
                if heap.len() < k {
                    heap.push(entry);
                } else if heap.peek().is_some_and(|worst| entry < *worst) {
                    heap.pop();
                    heap.push(entry);
                }
            }
        }
        let mut best = heap.into_sorted_vec();
        best.truncate(k);
        let out = best
            .into_iter()
            .map(|Ranked(_, id, i)| {
                let v = &self.vacancies[i];
                let km = self.distances.km(home, self.regions[i]);
                Match {
                    id,
                    parts: score(w, p, v, km),
                }
            })
            .collect();
        (out, scored)
    }

    /// The `k` best candidates for a vacancy among `people`, best first (a plain scan: the
    /// candidate pool of one regency or province is small).
    pub fn top_candidates(&self, v: &OpenVacancy, people: &[Profile], k: usize) -> Vec<Match> {
        let home = self.distances.idx(v.region);
        let mut all: Vec<Match> = people
            .iter()
            .map(|p| {
                let km = self.distances.km(self.distances.idx(p.region), home);
                Match {
                    id: p.id,
                    parts: score(&self.weights, p, v, km),
                }
            })
            .collect();
        all.sort_by(|a, b| {
            b.parts
                .total
                .total_cmp(&a.parts.total)
                .then(a.id.cmp(&b.id))
        });
        all.truncate(k);
        all
    }
}

#[cfg(test)]
mod tests;

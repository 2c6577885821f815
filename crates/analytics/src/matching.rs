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
        Education::BelowSd => 0,
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
/// scoring a vacancy costs one lookup instead of trigonometry; and, for each region, every
/// region in order of distance from it. Slot `n` stands for "no known region", far from all.
struct Distances {
    index: HashMap<RegionCode, u16>,
    n: usize,
    km: Vec<f32>,
    /// `(n + 1)` rows of `n + 1` slots, nearest first.
    by_distance: Vec<u16>,
}

/// How far an unknown region counts.
const FAR_KM: f32 = 1000.0;

impl Distances {
    fn build() -> Distances {
        let r = domain::reference();
        let all: Vec<&domain::reference::Region> =
            r.provinces.iter().chain(r.regencies.iter()).collect();
        let n = all.len();
        let m = n + 1;
        let mut km = vec![FAR_KM; m * m];
        for (i, a) in all.iter().enumerate() {
            km[i * m + i] = 0.0;
            for (j, b) in all.iter().enumerate().skip(i + 1) {
                let d = haversine(a.lat, a.lng, b.lat, b.lng) as f32;
                km[i * m + j] = d;
                km[j * m + i] = d;
            }
        }
        let mut by_distance = Vec::with_capacity(m * m);
        for home in 0..m {
            let mut row: Vec<u16> = (0..m).filter_map(|s| u16::try_from(s).ok()).collect();
            row.sort_by(|a, b| {
                km[home * m + usize::from(*a)]
                    .total_cmp(&km[home * m + usize::from(*b)])
                    .then(a.cmp(b))
            });
            by_distance.extend(row);
        }
        let index = all
            .iter()
            .enumerate()
            .filter_map(|(i, reg)| Some((reg.code, u16::try_from(i).ok()?)))
            .collect();
        Distances {
            index,
            n,
            km,
            by_distance,
        }
    }

    /// The slot of a region (`n` when unknown).
    fn slot(&self, r: RegionCode) -> usize {
        self.index.get(&r).map_or(self.n, |i| usize::from(*i))
    }

    fn km(&self, a: usize, b: usize) -> f64 {
        f64::from(self.km[a * (self.n + 1) + b])
    }

    fn nearest_first(&self, home: usize) -> &[u16] {
        let m = self.n + 1;
        &self.by_distance[home * m..(home + 1) * m]
    }
}

/// The vacancies of one ISCO unit, ordered by region slot, with where each slot starts.
struct Group {
    unit: Option<IscoCode>,
    /// Positions in `MatchIndex::vacancies`.
    members: Vec<u32>,
    /// `n + 2` offsets into `members`: slot `s` is `members[starts[s]..starts[s + 1]]`.
    starts: Vec<u32>,
}

/// Open vacancies grouped by ISCO unit and, within a unit, by region, for the pruned top-k
/// search.
pub struct MatchIndex {
    weights: Weights,
    distances: Distances,
    groups: Vec<Group>,
    vacancies: Vec<OpenVacancy>,
    slots: Vec<u16>,
}

/// A region bucket of one unit group waiting to be scored, ordered by the best score any of
/// its vacancies could reach.
#[derive(Clone, Copy)]
struct Bucket {
    bound: f64,
    sim: f64,
    group: usize,
    /// Position in the person's nearest-first region list.
    pos: usize,
    /// Whether `pos` is a non-empty bucket (else `bound` is an upper bound from `pos` on).
    exact: bool,
}

impl PartialEq for Bucket {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Bucket {}

impl PartialOrd for Bucket {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Bucket {
    fn cmp(&self, other: &Self) -> Ordering {
        self.bound
            .total_cmp(&other.bound)
            .then_with(|| other.group.cmp(&self.group))
            .then_with(|| other.pos.cmp(&self.pos))
            .then_with(|| self.exact.cmp(&other.exact))
    }
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
        let slots: Vec<u16> = vacancies
            .iter()
            .map(|v| u16::try_from(distances.slot(v.region)).unwrap_or(u16::MAX))
            .collect();
        let mut by_unit: HashMap<Option<IscoCode>, Vec<u32>> = HashMap::new();
        for (i, v) in vacancies.iter().enumerate() {
            if let Ok(i) = u32::try_from(i) {
                by_unit.entry(v.isco).or_default().push(i);
            }
        }
        let m = distances.n + 1;
        let mut groups: Vec<Group> = by_unit
            .into_iter()
            .map(|(unit, mut members)| {
                members.sort_by_key(|&i| (slots[i as usize], i));
                let mut starts = vec![0u32; m + 1];
                for &i in &members {
                    starts[usize::from(slots[i as usize]).min(m - 1) + 1] += 1;
                }
                for s in 1..=m {
                    starts[s] += starts[s - 1];
                }
                Group {
                    unit,
                    members,
                    starts,
                }
            })
            .collect();
        groups.sort_by_key(|g| g.unit);
        MatchIndex {
            weights,
            distances,
            groups,
            vacancies,
            slots,
        }
    }

    pub fn len(&self) -> usize {
        self.vacancies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vacancies.is_empty()
    }

    /// The `k` best vacancies for a person, best first; ties broken by the smaller id. Returns
    /// also how many vacancies were scored.
    ///
    /// Vacancies are scored bucket by bucket (one ISCO unit in one region), best possible
    /// score first, where a bucket's best possible score is its occupation and distance parts
    /// with every other part perfect. The search stops at the first bucket that cannot beat
    /// the k-th best found, so the answer equals a full scan's.
    pub fn top_k(&self, p: &Profile, k: usize) -> (Vec<Match>, usize) {
        if k == 0 {
            return (Vec::new(), 0);
        }
        let w = &self.weights;
        let mut order: Vec<(f64, usize)> = self
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let sim = group.unit.map_or(0.0, |u| {
                    p.occupations
                        .iter()
                        .map(|o| occupation_similarity(*o, u))
                        .fold(0.0, f64::max)
                });
                (sim, g)
            })
            .collect();
        order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let home = self.distances.slot(p.region);
        let nearest = self.distances.nearest_first(home);
        let bound_of = |sim: f64, slot: usize| {
            w.occupation * sim
                + w.skills
                + w.education
                + w.salary
                + w.distance * (-self.distances.km(home, slot) / DISTANCE_SCALE_KM).exp()
        };
        // The next non-empty region bucket of a group at or after position `from` of `nearest`.
        let next_bucket = |g: usize, from: usize| -> Option<usize> {
            let group = &self.groups[g];
            (from..nearest.len()).find(|&pos| {
                let slot = usize::from(nearest[pos]);
                group.starts[slot] < group.starts[slot + 1]
            })
        };
        // Best first over (unit, region) buckets: the bucket with the highest possible score
        // is scored next, so the search stops at the first bucket that cannot beat the k-th.
        // A group enters with the bound of the person's own region (distance 0), an upper
        // bound for all its buckets; its first real bucket is looked up only if it is popped,
        // so unlikely occupations cost nothing.
        let mut frontier: BinaryHeap<Bucket> = order
            .into_iter()
            .map(|(sim, g)| Bucket {
                bound: bound_of(sim, home),
                sim,
                group: g,
                pos: 0,
                exact: false,
            })
            .collect();
        let mut heap: BinaryHeap<Ranked> = BinaryHeap::with_capacity(k + 1);
        let mut scored = 0;
        while let Some(b) = frontier.pop() {
            if heap.len() == k && heap.peek().is_some_and(|worst| b.bound < worst.0) {
                break;
            }
            if !b.exact {
                if let Some(pos) = next_bucket(b.group, b.pos) {
                    frontier.push(Bucket {
                        bound: bound_of(b.sim, usize::from(nearest[pos])),
                        pos,
                        exact: true,
                        ..b
                    });
                }
                continue;
            }
            let group = &self.groups[b.group];
            let slot = usize::from(nearest[b.pos]);
            let km = self.distances.km(home, slot);
            let (s, e) = (group.starts[slot] as usize, group.starts[slot + 1] as usize);
            for &i in &group.members[s..e] {
                let i = i as usize;
                let v = &self.vacancies[i];
                let total = parts(w, b.sim, p, v, km).total;
                scored += 1;
                let entry = Ranked(total, v.id, i);
                if heap.len() < k {
                    heap.push(entry);
                } else if heap.peek().is_some_and(|top| entry < *top) {
                    heap.pop();
                    heap.push(entry);
                }
            }
            if let Some(pos) = next_bucket(b.group, b.pos + 1) {
                frontier.push(Bucket {
                    bound: bound_of(b.sim, usize::from(nearest[pos])),
                    pos,
                    ..b
                });
            }
        }
        let out = heap
            .into_sorted_vec()
            .into_iter()
            .map(|Ranked(_, id, i)| {
                let v = &self.vacancies[i];
                let km = self.distances.km(home, usize::from(self.slots[i]));
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
        let home = self.distances.slot(v.region);
        let mut all: Vec<Match> = people
            .iter()
            .map(|p| {
                let km = self.distances.km(self.distances.slot(p.region), home);
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

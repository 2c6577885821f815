//! What became of graduates: placements into wage work, self-employment or work abroad, and
//! their answers to tracer waves at 1, 3, 6 and 12 months, consistent with each other.

use domain::records::{BlkType, PlacementType, Respondent, TracerStatus, TraineeStatus};
use domain::{Date, IscoCode, reference};

use crate::blks::Blk;
use crate::calendar::{FIRST_YEAR, last_day};
use crate::employers::{employer, overseas, own_business, respell};
use crate::geo::geo;
use crate::occupations::{find, occupations};
use crate::rng::Rng;
use crate::training::Training;
use crate::vacancies::Vacancy;

pub struct Placement {
    pub trainee: usize,
    pub kind: PlacementType,
    pub employer: String,
    pub start: Date,
    pub isco: IscoCode,
    /// Empty for work abroad.
    pub regency: Option<usize>,
    pub income: Option<i64>,
    pub evidence: Option<&'static str>,
    /// Index into the vacancies when the graduate was placed through a listed ad.
    pub vacancy: Option<usize>,
}

pub struct Response {
    pub trainee: usize,
    pub wave: u8,
    pub date: Date,
    pub status: TracerStatus,
    pub income: Option<i64>,
    pub relevant: Option<bool>,
    pub respondent: Respondent,
}

pub struct Outcomes {
    /// Placements; the last `duplicates` rows report earlier ones a second time.
    pub placements: Vec<Placement>,
    pub duplicates: usize,
    pub responses: Vec<Response>,
    /// For each trainee, the index of their placement (first report) if placed.
    pub placement_of: Vec<Option<usize>>,
}

/// Base chance that a graduate of a programme is placed within six months: trades in short
/// supply (welding, automotive, hospitality, Japanese internships) place best; garment and
/// farming courses, often taken by people who stay home, place least.
fn placement_rate(kejuruan: &str, programme: &str) -> f64 {
    match programme {
        "BHS-01" => return 0.64,
        "BHS-02" => return 0.5,
        "BHS-05" => return 0.55,
        "BHS-03" | "BHS-04" => return 0.42,
        _ => {}
    }
    match kejuruan {
        "LAS" => 0.6,
        "ALB" => 0.58,
        "PAR" => 0.56,
        "OTO" => 0.54,
        "MES" => 0.53,
        "MAN" => 0.5,
        "REF" | "LIS" | "LOG" | "KES" => 0.48,
        "ELK" | "KEC" | "BAN" => 0.44,
        "BOG" => 0.42,
        "TIK" | "BIS" => 0.4,
        "KRE" => 0.36,
        "IKN" => 0.34,
        "GAR" => 0.32,
        "TAN" => 0.3,
        _ => 0.4,
    }
}

fn overseas_share(kejuruan: &str, programme: &str) -> f64 {
    match programme {
        "BHS-01" | "BHS-02" => 0.8,
        "BHS-05" => 0.85,
        "BHS-03" => 0.15,
        "BHS-04" => 0.05,
        "KES-01" => 0.35,
        "KES-03" => 0.15,
        "IKN-05" => 0.4,
        _ => match kejuruan {
            "PAR" => 0.06,
            "LAS" => 0.04,
            _ => 0.01,
        },
    }
}

fn self_employed_share(kejuruan: &str, programme: &str) -> f64 {
    if programme == "IKN-05" {
        return 0.05;
    }
    match kejuruan {
        "TAN" => 0.55,
        "KEC" => 0.5,
        "BOG" | "IKN" => 0.45,
        "KRE" | "GAR" => 0.3,
        "ELK" | "BAN" => 0.2,
        "OTO" | "REF" => 0.15,
        "LIS" | "TIK" => 0.1,
        _ => 0.05,
    }
}

fn round50k(v: f64) -> i64 {
    ((v / 50_000.0).round() * 50_000.0) as i64
}

fn overseas_income(rng: &mut Rng, country: &str, programme: &str) -> f64 {
    let (lo, hi) = match country {
        "Jepang" => (22.0, 30.0),
        "Korea Selatan" => (27.0, 35.0),
        "Jerman" => (35.0, 45.0),
        "Taiwan" if programme.starts_with("IKN") => (7.0, 9.0),
        "Taiwan" => (9.0, 12.0),
        "Hong Kong" => (8.0, 10.0),
        "Kapal pesiar" => (15.0, 25.0),
        _ => (8.0, 12.0),
    };
    (lo + rng.f64() * (hi - lo)) * 1_000_000.0
}

const WAGE_EVIDENCE: &[&str] = &[
    "surat keterangan kerja",
    "kontrak kerja",
    "slip gaji",
    "konfirmasi HRD perusahaan",
    "foto ID card karyawan",
];
const SELF_EVIDENCE: &[&str] = &[
    "foto tempat usaha",
    "NIB usaha",
    "surat keterangan usaha dari desa",
    "kunjungan instruktur",
];
const OVERSEAS_EVIDENCE: &[&str] = &[
    "visa kerja",
    "kontrak kerja luar negeri",
    "data SISKOP2MI",
    "surat keterangan P3MI",
];

/// Ads a graduate of a programme could have been hired through: same occupation, in the BLK's
/// regency or a neighbour, sorted by posting date (vacancies come sorted).
struct AdIndex {
    /// (ISCO unit, regency) → vacancy indices, kept sorted by key for binary search.
    keys: Vec<(u16, usize)>,
    lists: Vec<Vec<usize>>,
}

impl AdIndex {
    fn new(vacancies: &[Vacancy]) -> Self {
        let occ = occupations();
        let mut pairs: Vec<((u16, usize), usize)> = vacancies
            .iter()
            .enumerate()
            .map(|(i, v)| ((occ[v.occupation].isco.as_u16(), v.regency), i))
            .collect();
        pairs.sort();
        let mut keys: Vec<(u16, usize)> = Vec::new();
        let mut lists: Vec<Vec<usize>> = Vec::new();
        for (k, i) in pairs {
            if keys.last() != Some(&k) {
                keys.push(k);
                lists.push(Vec::new());
            }
            if let Some(l) = lists.last_mut() {
                l.push(i);
            }
        }
        AdIndex { keys, lists }
    }

    fn get(&self, unit: u16, regency: usize) -> &[usize] {
        match self.keys.binary_search(&(unit, regency)) {
            Ok(i) => &self.lists[i],
            Err(_) => &[],
        }
    }
}

pub fn generate(seed: u64, blks: &[Blk], training: &Training, vacancies: &[Vacancy]) -> Outcomes {
    let r = reference();
    let g = geo();
    let occ = occupations();
    let today = last_day();
    let ads = AdIndex::new(vacancies);
    let mut rng = Rng::derive(seed, "placements");
    let mut placements = Vec::new();
    let mut placement_of = vec![None; training.trainees.len()];

    for (t, trainee) in training.trainees.iter().enumerate() {
        if trainee.status != TraineeStatus::Completed {
            continue;
        }
        let cohort = &training.cohorts[trainee.cohort];
        let blk = &blks[cohort.blk];
        let programme = &r.programmes[cohort.programme];
        let kej = programme.kejuruan_code.as_str();
        let code = programme.code.as_str();
        let mut p = placement_rate(kej, code)
            + blk.quality
            + if trainee.certified { 0.06 } else { -0.08 }
            + (cohort.start.year() - FIRST_YEAR) as f64 * 0.01;
        p += match blk.kind {
            BlkType::Uptp => 0.03,
            BlkType::Komunitas => -0.04,
            _ => 0.0,
        };
        if !rng.chance(p.clamp(0.05, 0.9)) {
            continue;
        }
        let kind = if rng.chance(overseas_share(kej, code)) {
            PlacementType::Overseas
        } else if rng.chance(self_employed_share(kej, code)) {
            PlacementType::SelfEmployed
        } else {
            PlacementType::Wage
        };
        let delay = match kind {
            PlacementType::Overseas => rng.range(60, 180),
            PlacementType::SelfEmployed => ((-(1.0 - rng.f64()).ln() * 30.0) as i64).min(180),
            PlacementType::Wage => ((-(1.0 - rng.f64()).ln() * 40.0) as i64).min(180),
        };
        let start = cohort.end.add_days(delay);
        // Not yet placed as far as anyone knows.
        if start > today {
            continue;
        }
        let units = &programme.isco_units;
        let isco = units[if units.len() == 1 || rng.chance(0.6) {
            0
        } else {
            1 + rng.index(units.len() - 1)
        }];
        let o = &occ[find(&isco.to_string()).expect("programme units have occupation rows")];
        let mut vacancy = None;
        let (employer_name, regency, income, evidence) = match kind {
            PlacementType::Wage => {
                let mut regency = g.near(&mut rng, blk.regency, 0.6);
                let mut name = employer(seed, o.sector, regency, rng.zipf(60, 1.1));
                // Some graduates are hired through an ad the BLK's job desk matched.
                if rng.chance(0.15) {
                    let near: Vec<usize> = std::iter::once(blk.regency)
                        .chain(g.neighbours[blk.regency].iter().copied())
                        .collect();
                    let lo = start.add_days(-75);
                    let hi = start.add_days(-5);
                    let fits: Vec<usize> = near
                        .iter()
                        .flat_map(|&rg| ads.get(isco.as_u16(), rg).iter().copied())
                        .filter(|&i| vacancies[i].posted >= lo && vacancies[i].posted <= hi)
                        .collect();
                    if !fits.is_empty() {
                        let i = *rng.pick(&fits);
                        vacancy = Some(i);
                        name = vacancies[i].employer.clone();
                        regency = vacancies[i].regency;
                    }
                }
                let pay = o.salary_min as f64 * g.wage_factor(regency) * (0.85 + rng.f64() * 0.3);
                (
                    name,
                    Some(regency),
                    round50k(pay).max(1_000_000),
                    rng.pick(WAGE_EVIDENCE),
                )
            }
            PlacementType::SelfEmployed => {
                // At home when home is near the BLK. Graduates of the national centres who came
                // from another province are followed up, and so recorded, near the BLK.
                let home = trainee.person.regency;
                let regency = if home == blk.regency || g.neighbours[blk.regency].contains(&home) {
                    home
                } else {
                    g.near(&mut rng, blk.regency, 0.6)
                };
                let pay =
                    o.salary_min as f64 * g.wage_factor(regency) * rng.normal(-0.3, 0.4).exp();
                (
                    own_business(&mut rng, kej, &trainee.person.name),
                    Some(regency),
                    round50k(pay).max(500_000),
                    rng.pick(SELF_EVIDENCE),
                )
            }
            PlacementType::Overseas => {
                let (country, name) = overseas(&mut rng, code);
                let pay = overseas_income(&mut rng, country, code);
                (name, None, round50k(pay), rng.pick(OVERSEAS_EVIDENCE))
            }
        };
        placement_of[t] = Some(placements.len());
        placements.push(Placement {
            trainee: t,
            kind,
            employer: employer_name,
            start,
            isco,
            regency,
            income: (!rng.chance(0.08)).then_some(income),
            evidence: (!rng.chance(0.15)).then_some(*evidence),
            vacancy,
        });
    }

    // About one placement in twenty is reported again (by the BLK and by the Disnaker, say),
    // with the employer spelled differently: same person, same start date.
    let originals = placements.len();
    for i in 0..originals {
        if rng.chance(0.05) {
            let p = &placements[i];
            let again = Placement {
                trainee: p.trainee,
                kind: p.kind,
                employer: respell(&mut rng, &p.employer),
                start: p.start,
                isco: p.isco,
                regency: p.regency,
                income: if rng.chance(0.3) { None } else { p.income },
                evidence: if rng.chance(0.5) { p.evidence } else { None },
                vacancy: None,
            };
            placements.push(again);
        }
    }
    let duplicates = placements.len() - originals;

    let responses = tracer(seed, training, &placements, &placement_of);
    Outcomes {
        placements,
        duplicates,
        responses,
        placement_of,
    }
}

/// Tracer answers: waves 1, 3, 6 and 12 months after the course ends, as far as they have
/// happened; fewer graduates answer each later wave.
fn tracer(
    seed: u64,
    training: &Training,
    placements: &[Placement],
    placement_of: &[Option<usize>],
) -> Vec<Response> {
    let r = reference();
    let occ = occupations();
    let today = last_day();
    let mut rng = Rng::derive(seed, "tracer");
    let mut out = Vec::new();
    for (t, trainee) in training.trainees.iter().enumerate() {
        if trainee.status != TraineeStatus::Completed {
            continue;
        }
        let cohort = &training.cohorts[trainee.cohort];
        let programme = &r.programmes[cohort.programme];
        let placed = placement_of[t].map(|i| &placements[i]);
        for (wave, rate) in [(1u8, 0.65), (3, 0.5), (6, 0.4), (12, 0.3)] {
            let due = cohort.end.add_months(wave as i32);
            if due > today {
                break;
            }
            // Graduates with a job answer a little more often: the bias tracer studies know.
            let rate = rate + if placed.is_some() { 0.04 } else { -0.03 };
            if !rng.chance(rate) {
                continue;
            }
            // Most answer within a week of the call or message; a few after reminders.
            let date = due.add_days(rng.poisson(4.0).min(21) as i64).min(today);
            let respondent = *rng.weighted_pick(&[
                (Respondent::Graduate, 88.0),
                (Respondent::Proxy, 9.0),
                (Respondent::Unconfirmed, 3.0),
            ]);
            let (status, income, relevant) = match placed.filter(|p| p.start <= date) {
                Some(p) => {
                    let status = match p.kind {
                        PlacementType::Wage => TracerStatus::WageEmployed,
                        PlacementType::SelfEmployed => TracerStatus::SelfEmployed,
                        PlacementType::Overseas => TracerStatus::Overseas,
                    };
                    let months = crate::calendar::days_between(p.start, date) as f64 / 30.4;
                    let base = p.income.map(|v| v as f64).unwrap_or_else(|| {
                        find(&p.isco.to_string())
                            .map(|o| occ[o].salary_min as f64)
                            .unwrap_or(3_000_000.0)
                    });
                    let income = base * (1.0 + 0.006 * months) * rng.normal(1.0, 0.05);
                    (
                        status,
                        (!rng.chance(0.12)).then_some(round50k(income).max(500_000)),
                        Some(rng.chance(0.86)),
                    )
                }
                None if wave >= 3 && rng.chance(0.05) => {
                    // Work found without the BLK hearing of it: the tracer is the only record.
                    let status = if rng.chance(0.6) {
                        TracerStatus::WageEmployed
                    } else {
                        TracerStatus::SelfEmployed
                    };
                    let unit = programme.isco_units[0].to_string();
                    let base = find(&unit)
                        .map(|o| occ[o].salary_min as f64)
                        .unwrap_or(3_000_000.0);
                    let income = base * rng.normal(0.9, 0.15);
                    (
                        status,
                        (!rng.chance(0.2)).then_some(round50k(income).max(500_000)),
                        Some(rng.chance(0.5)),
                    )
                }
                None => {
                    let status = *rng.weighted_pick(&[
                        (TracerStatus::Unemployed, 78.0),
                        (TracerStatus::Studying, 10.0),
                        (TracerStatus::NotInLabourForce, 12.0),
                    ]);
                    (status, None, None)
                }
            };
            out.push(Response {
                trainee: t,
                wave,
                date,
                status,
                income,
                relevant,
                respondent,
            });
        }
    }
    // Answers arrive in date order.
    out.sort_by_key(|x| x.date);
    out
}

//! Training cohorts (angkatan) of the programme years 2022–2025 and their trainees.

use domain::records::{BlkType, FundingSource, TraineeStatus};
use domain::{Date, Sex, reference};

use crate::blks::Blk;
use crate::calendar::{
    FIRST_YEAR, LAST_YEAR, last_day, next_monday, training_end, uniform_day, ymd,
};
use crate::geo::geo;
use crate::people::{self, NikIssuer, Person, TRAINEE_EDUCATION};
use crate::rng::Rng;

pub const SEATS: u16 = 16;

#[derive(Debug, Clone)]
pub struct Cohort {
    pub code: String,
    pub blk: usize,
    /// Index into `reference().programmes`.
    pub programme: usize,
    pub start: Date,
    pub end: Date,
    pub funding: FundingSource,
    /// This cohort's trainees are `trainees[first..first + count]`.
    pub first: usize,
    pub count: usize,
}

#[derive(Debug, Clone)]
pub struct Trainee {
    pub cohort: usize,
    pub person: Person,
    pub status: TraineeStatus,
    pub certified: bool,
}

/// Share of women among trainees of a kejuruan (or of a single programme where it differs).
fn female_share(kejuruan: &str, programme: &str) -> f64 {
    match programme {
        "BHS-01" => return 0.3,
        "BHS-02" => return 0.2,
        "BHS-05" => return 0.75,
        _ => {}
    }
    match kejuruan {
        "LAS" | "OTO" | "ALB" | "BAN" => 0.05,
        "LIS" | "REF" | "MES" => 0.08,
        "LOG" => 0.15,
        "IKN" => 0.2,
        "TAN" => 0.25,
        "ELK" => 0.3,
        "MAN" => 0.35,
        "KRE" => 0.45,
        "TIK" | "PAR" => 0.5,
        "BHS" => 0.55,
        "BIS" => 0.65,
        "BOG" => 0.75,
        "KES" => 0.8,
        "GAR" => 0.85,
        "KEC" => 0.9,
        _ => 0.5,
    }
}

/// Cohorts a BLK runs in a year: the Ministry's centres run dozens, a community BLK a few.
fn cohorts_per_year(rng: &mut Rng, kind: BlkType, factor: f64) -> usize {
    let base = match kind {
        BlkType::Uptp => rng.range(30, 50),
        BlkType::Uptd => rng.range(6, 12),
        _ => rng.range(1, 3),
    } as f64
        * factor;
    // Random rounding keeps the expected count exact at fractional factors.
    (base.floor() + if rng.chance(base.fract()) { 1.0 } else { 0.0 }) as usize
}

fn funding(rng: &mut Rng, kind: BlkType) -> FundingSource {
    match kind {
        // Regional BLKs run central money through Dekon/TP and their own APBD.
        BlkType::Uptd => *rng.weighted_pick(&[
            (FundingSource::Dekon, 45.0),
            (FundingSource::Tp, 20.0),
            (FundingSource::Apbd, 35.0),
        ]),
        _ => FundingSource::Apbn,
    }
}

/// Where a trainee lives: community BLKs serve their own village, UPTDs their regency, and
/// the Ministry's centres recruit across the province and the country.
fn home(rng: &mut Rng, blk: &Blk) -> usize {
    let g = geo();
    match blk.kind {
        BlkType::Uptp => match rng.weighted(&[55.0, 25.0, 20.0]) {
            0 => blk.regency,
            1 => {
                let p = &g.provinces[g.regencies[blk.regency].province_idx];
                p.regencies[p.by_population.sample(rng)]
            }
            _ => g.residents.sample(rng),
        },
        BlkType::Uptd => g.near(rng, blk.regency, 0.85),
        _ => g.near(rng, blk.regency, 0.93),
    }
}

pub struct Training {
    /// In file order: by start date, then code.
    pub cohorts: Vec<Cohort>,
    pub trainees: Vec<Trainee>,
}

/// Cohorts and trainees of all BLKs. `uptp_factor` and `uptd_factor` stretch the cohort counts
/// when the number of BLKs of a type could not follow the scale (21 real UPTPs at most, a
/// floor of one UPTD per province).
pub fn generate(
    seed: u64,
    blks: &[Blk],
    uptp_factor: f64,
    uptd_factor: f64,
    issuer: &mut NikIssuer,
) -> Training {
    let r = reference();
    let mut rng = Rng::derive(seed, "cohorts");
    let mut cohorts = Vec::new();
    for (b, blk) in blks.iter().enumerate() {
        let factor = match blk.kind {
            BlkType::Uptp => uptp_factor,
            BlkType::Uptd => uptd_factor,
            _ => 1.0,
        };
        // Programmes weighted by the workshops of their kejuruan.
        let weights: Vec<f64> = blk
            .programmes
            .iter()
            .map(|&p| blk.workshops(&r.programmes[p].kejuruan_code).max(1) as f64)
            .collect();
        if weights.is_empty() {
            continue;
        }
        for year in FIRST_YEAR..=LAST_YEAR {
            let n = cohorts_per_year(&mut rng, blk.kind, factor);
            let mut planned: Vec<(Date, usize)> = (0..n)
                .map(|_| {
                    let p = blk.programmes[rng.weighted(&weights)];
                    // Classes open from February (after budgets are released) to November.
                    let start =
                        next_monday(uniform_day(&mut rng, ymd(year, 2, 1), ymd(year, 11, 24)));
                    (start, p)
                })
                .collect();
            planned.sort();
            // Cohort numbers count each programme's classes of the year in start order.
            let mut seq: Vec<(usize, u32)> = Vec::new();
            for (start, p) in planned {
                let k = match seq.iter_mut().find(|(q, _)| *q == p) {
                    Some(entry) => {
                        entry.1 += 1;
                        entry.1
                    }
                    None => {
                        seq.push((p, 1));
                        1
                    }
                };
                let programme = &r.programmes[p];
                cohorts.push(Cohort {
                    code: format!("{}/{year}/{}/{k:02}", blk.code, programme.code),
                    blk: b,
                    programme: p,
                    start,
                    end: training_end(start, programme.jp_hours),
                    funding: funding(&mut rng, blk.kind),
                    first: 0,
                    count: 0,
                });
            }
        }
    }
    cohorts.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.code.cmp(&b.code)));

    let mut trainees = Vec::new();
    let today = last_day();
    for (c, cohort) in cohorts.iter_mut().enumerate() {
        let blk = &blks[cohort.blk];
        let programme = &r.programmes[cohort.programme];
        let n = 14 + rng.weighted(&[0.15, 0.25, 0.6]);
        cohort.first = trainees.len();
        cohort.count = n;
        let share = female_share(&programme.kejuruan_code, &programme.code);
        let certify = match blk.kind {
            BlkType::Uptp => 0.8,
            BlkType::Uptd => 0.7,
            _ => 0.55,
        };
        for _ in 0..n {
            let sex = if rng.chance(share) {
                Sex::Female
            } else {
                Sex::Male
            };
            let age = people::young_age(&mut rng, 17, 35, 1.6);
            let regency = home(&mut rng, blk);
            let person = people::person(
                &mut rng,
                issuer,
                regency,
                sex,
                age,
                cohort.start,
                TRAINEE_EDUCATION,
                0.96,
            );
            let status = if cohort.end > today {
                TraineeStatus::Enrolled
            } else {
                *rng.weighted_pick(&[
                    (TraineeStatus::Completed, 90.0 + blk.quality * 40.0),
                    (TraineeStatus::NotPassed, 6.0),
                    (TraineeStatus::Dropped, 4.0),
                ])
            };
            let certified = status == TraineeStatus::Completed && rng.chance(certify);
            trainees.push(Trainee {
                cohort: c,
                person,
                status,
                certified,
            });
        }
    }
    Training { cohorts, trainees }
}

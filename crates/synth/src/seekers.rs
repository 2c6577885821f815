//! Registered job seekers: the general register and the trainees who also hold an AK/I card,
//! with the occupations they want and the skills they claim.

use domain::records::{JobSeekerStatus, TraineeStatus};
use domain::{Date, Education, Sex, reference};

use crate::calendar::{first_day, last_day, uniform_day, weekday};
use crate::geo::geo;
use crate::occupations::{Occupation, occupations};
use crate::outcomes::Outcomes;
use crate::people::{self, NikIssuer, Person, SEEKER_EDUCATION};
use crate::rng::{Rng, Table};
use crate::training::Training;

pub struct JobSeeker {
    pub person: Person,
    /// Indices into `occupations()`.
    pub preferred: Vec<usize>,
    pub skills: Vec<&'static str>,
    pub registered: Date,
    pub status: JobSeekerStatus,
}

/// Occupation choice by education: people aim at jobs near their schooling level.
pub struct Preferences {
    by_education: Vec<Table>,
}

fn fit(person: Education, job: Education) -> f64 {
    let gap = job.years() as i32 - person.years() as i32;
    match gap {
        g if g > 3 => 0.02,
        1..=3 => 0.3,
        0 => 1.5,
        -3..=-1 => 1.0,
        -6..=-4 => 0.4,
        _ => 0.1,
    }
}

impl Preferences {
    pub fn new() -> Self {
        let occ = occupations();
        Preferences {
            by_education: Education::ALL
                .iter()
                .map(|&e| Table::new(occ.iter().map(|o| o.weight * fit(e, o.education))))
                .collect(),
        }
    }

    fn first(&self, rng: &mut Rng, e: Education) -> usize {
        let i = Education::ALL.iter().position(|&x| x == e).unwrap_or(2);
        self.by_education[i].sample(rng)
    }

    /// One to three occupations, the later ones often in the same minor group as the first.
    pub fn choose(&self, rng: &mut Rng, e: Education) -> Vec<usize> {
        let occ = occupations();
        let n = rng.weighted(&[0.45, 0.35, 0.2]) + 1;
        let mut out = vec![self.first(rng, e)];
        while out.len() < n {
            let first = &occ[out[0]].code;
            let kin: Vec<usize> = (0..occ.len())
                .filter(|&i| occ[i].code[..2] == first[..2] && !out.contains(&i))
                .collect();
            let next = if !kin.is_empty() && rng.chance(0.6) {
                *rng.pick(&kin)
            } else {
                self.first(rng, e)
            };
            if !out.contains(&next) {
                out.push(next);
            }
        }
        out
    }
}

/// Two to four skills of the first occupation, sometimes one of the second.
fn skills(rng: &mut Rng, preferred: &[usize]) -> Vec<&'static str> {
    let occ: &'static [Occupation] = occupations();
    let mut out: Vec<&'static str> = Vec::new();
    let first = &occ[preferred[0]];
    let want = rng.range(2, 4) as usize;
    let mut pool: Vec<&'static str> = first.skills.iter().map(String::as_str).collect();
    while out.len() < want && !pool.is_empty() {
        let i = rng.index(pool.len());
        out.push(pool.remove(i));
    }
    if let Some(&second) = preferred.get(1)
        && rng.chance(0.4)
    {
        let s = rng.pick(&occ[second].skills).as_str();
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Registration days: growing ~6% a year, busiest after the school year ends (June–August).
fn registration_days() -> (Vec<Date>, Table) {
    let first = first_day().days_since_epoch();
    let last = last_day().days_since_epoch();
    let days: Vec<Date> = (first..=last).map(Date::from_days_since_epoch).collect();
    let table = Table::new(days.iter().map(|&d| {
        let t = (d.days_since_epoch() - first) as f64 / 365.25;
        let season = if (6..=8).contains(&d.month()) {
            1.3
        } else {
            1.0
        };
        let week = if weekday(d) >= 5 { 0.3 } else { 1.0 };
        1.06f64.powf(t) * season * week
    }));
    (days, table)
}

fn general_status(rng: &mut Rng, registered: Date) -> JobSeekerStatus {
    // AK/I registrations lapse: old ones are more often inactive.
    let inactive = if registered.year() < 2024 { 0.17 } else { 0.03 };
    let x = rng.f64();
    if x < 0.08 {
        JobSeekerStatus::Placed
    } else if x < 0.08 + inactive {
        JobSeekerStatus::Inactive
    } else {
        JobSeekerStatus::Active
    }
}

/// The general register (`general` people) plus about 30% of trainees, sorted by registration.
pub fn generate(
    seed: u64,
    general: usize,
    training: &Training,
    outcomes: &Outcomes,
    issuer: &mut NikIssuer,
) -> Vec<JobSeeker> {
    let g = geo();
    let r = reference();
    let prefs = Preferences::new();
    let (days, day_table) = registration_days();
    let mut rng = Rng::derive(seed, "job-seekers");
    let mut out = Vec::with_capacity(general + training.trainees.len() / 3);
    for _ in 0..general {
        let registered = days[day_table.sample(&mut rng)];
        let regency = g.residents.sample(&mut rng);
        let sex = if rng.chance(0.47) {
            Sex::Female
        } else {
            Sex::Male
        };
        let age = people::young_age(&mut rng, 18, 45, 1.8);
        let person = people::person(
            &mut rng,
            issuer,
            regency,
            sex,
            age,
            registered,
            SEEKER_EDUCATION,
            0.93,
        );
        let preferred = prefs.choose(&mut rng, person.education);
        let skills = skills(&mut rng, &preferred);
        out.push(JobSeeker {
            status: general_status(&mut rng, registered),
            person,
            preferred,
            skills,
            registered,
        });
    }
    for (t, trainee) in training.trainees.iter().enumerate() {
        if !rng.chance(0.3) {
            continue;
        }
        let cohort = &training.cohorts[trainee.cohort];
        let programme = &r.programmes[cohort.programme];
        // Most register for the AK/I card to enrol; some only when they start looking.
        let after = cohort.end.add_days(rng.range(0, 60));
        let registered = if rng.chance(0.3) && after <= last_day() {
            after
        } else {
            cohort.start.add_days(-rng.range(7, 120)).max(first_day())
        };
        // The AK/I card is issued from 18: younger trainees register once they turn 18.
        let registered = registered.max(trainee.person.birth.add_months(12 * 18));
        if registered > last_day() {
            continue;
        }
        let mut preferred: Vec<usize> = programme
            .isco_units
            .iter()
            .filter_map(|u| crate::occupations::find(&u.to_string()))
            .take(rng.range(1, 3) as usize)
            .collect();
        if preferred.len() < 3 && rng.chance(0.3) {
            let extra = prefs.choose(&mut rng, trainee.person.education)[0];
            if !preferred.contains(&extra) {
                preferred.push(extra);
            }
        }
        let placed = outcomes.placement_of[t].is_some();
        let status = match trainee.status {
            // Many placed graduates never update their AK/I status.
            TraineeStatus::Completed if placed && rng.chance(0.4) => JobSeekerStatus::Placed,
            TraineeStatus::Enrolled => JobSeekerStatus::Active,
            _ if rng.chance(0.15) => JobSeekerStatus::Inactive,
            _ => JobSeekerStatus::Active,
        };
        let skills = skills(&mut rng, &preferred);
        out.push(JobSeeker {
            person: trainee.person.clone(),
            preferred,
            skills,
            registered,
            status,
        });
    }
    out.sort_by(|a, b| {
        a.registered
            .cmp(&b.registered)
            .then(a.person.nik.cmp(&b.person.nik))
    });
    out
}

/// One job seeker of a standalone benchmark file: person number `serial` of the serial space.
pub fn standalone(rng: &mut Rng, prefs: &Preferences, serial: u64) -> JobSeeker {
    let g = geo();
    let regency = g.residents.sample(rng);
    let (nik, birth, sex) = people::standalone_identity(serial, regency);
    let from = birth.add_months(12 * 18).max(first_day());
    let to = birth.add_months(12 * 45).min(last_day());
    let registered = uniform_day(rng, from, to.max(from));
    let age = people::age_on(birth, registered);
    let education = people::education(rng, SEEKER_EDUCATION, age);
    let person = Person {
        nik,
        name: crate::names::full_name(rng, g.regencies[regency].province, sex),
        sex,
        birth,
        regency,
        education,
        phone: rng.chance(0.93).then(|| people::phone(rng)),
    };
    let preferred = prefs.choose(rng, education);
    let skills = skills(rng, &preferred);
    JobSeeker {
        status: general_status(rng, registered),
        person,
        preferred,
        skills,
        registered,
    }
}

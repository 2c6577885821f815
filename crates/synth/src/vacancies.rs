//! Job ads as six portals would export them: titles with the noise real ads carry, Indonesian
//! and English texts, employers, places written many ways, salaries by region, seasonality and
//! growth over 2022–2025, and re-posts of the same ad for de-duplication to find.

use domain::{Date, Education};

use crate::calendar::{PostingDays, days_between, last_day};
use crate::employers::pick_employer;
use crate::geo::geo;
use crate::occupations::{Occupation, Profile, Sector, occupations, trend};
use crate::rng::{Rng, Table};

pub struct Vacancy {
    pub source: &'static str,
    pub source_id: String,
    pub title: String,
    pub description: String,
    pub employer: String,
    pub regency: usize,
    pub location: String,
    /// Index into `occupations()`.
    pub occupation: usize,
    pub kbli: Option<&'static str>,
    pub education: Education,
    pub experience: Option<u8>,
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    pub positions: u8,
    pub posted: Date,
    pub expires: Option<Date>,
    /// Written in English rather than Indonesian.
    pub english: bool,
}

/// Portals: (name, share of ads, share of ads written in Indonesian, share of noisy titles).
const SOURCES: [(&str, f64, f64, f64); 6] = [
    ("karirhub", 0.22, 0.85, 0.15),
    ("jobstreet", 0.25, 0.5, 0.15),
    ("lokerid", 0.18, 0.88, 0.45),
    ("glints", 0.12, 0.45, 0.1),
    ("kitalulus", 0.13, 0.8, 0.3),
    ("disnaker", 0.10, 0.95, 0.3),
];

fn source_weights(profile: Profile) -> [f64; 6] {
    let mut w = SOURCES.map(|s| s.1);
    match profile {
        // Glints and JobStreet are metropolitan; Disnaker boards matter where portals are thin.
        Profile::Metro | Profile::Industrial => w[3] *= 1.5,
        Profile::Outer | Profile::Resource => {
            w[3] *= 0.3;
            w[1] *= 0.7;
            w[5] *= 2.0;
        }
        _ => {}
    }
    w
}

fn round_to(v: f64, step: f64) -> i64 {
    ((v / step).round() * step) as i64
}

fn education_en(e: Education) -> &'static str {
    match e {
        Education::BelowSd | Education::Sd => "elementary school",
        Education::Smp => "junior high school",
        Education::Sma => "high school (SMA/SMK)",
        Education::Smk => "vocational high school (SMK)",
        Education::D1 | Education::D2 => "diploma (D1/D2)",
        Education::D3 => "diploma (D3)",
        Education::D4 | Education::S1 => "bachelor's degree (S1)",
        Education::S2 | Education::S3 => "master's degree",
    }
}

fn experience(rng: &mut Rng, unit: u16) -> Option<u8> {
    if rng.chance(0.15) {
        return None;
    }
    let (lo, hi) = match unit / 1000 {
        1 => (3, 8),
        2 => (0, 5),
        3 => (1, 3),
        4 | 5 => (0, 2),
        6 | 9 => (0, 1),
        _ => (0, 3),
    };
    Some(rng.range(lo, hi) as u8)
}

/// The three skills an ad names, from the occupation's list.
fn three_skills<'a>(rng: &mut Rng, o: &'a Occupation) -> [&'a str; 3] {
    let n = o.skills.len();
    let a = rng.index(n);
    let b = (a + 1 + rng.index(n - 1)) % n;
    let mut c = rng.index(n);
    if c == a || c == b {
        c = (0..n).find(|&i| i != a && i != b).unwrap_or(a);
    }
    [&o.skills[a], &o.skills[b], &o.skills[c]]
}

struct Ad<'a> {
    occ: &'a Occupation,
    english: bool,
    employer: &'a str,
    city: &'a str,
    experience: Option<u8>,
}

fn noisy_title(rng: &mut Rng, base: &str, ad: &Ad<'_>) -> String {
    let city = ad.city;
    let employer = ad.employer;
    if ad.english {
        match rng.index(7) {
            0 => format!("{base} (Urgent)"),
            1 => format!("Hiring: {base}"),
            2 => format!("{base} - {city}"),
            3 => format!("{base} - {employer}"),
            4 => format!("{base} | {city}"),
            5 => format!("Urgently Hiring {base}"),
            _ => format!("{base} (Contract)"),
        }
    } else {
        match rng.index(11) {
            0 => format!("URGENT!! Dibutuhkan {base}"),
            1 => format!("Dibutuhkan Segera {base}"),
            2 => format!("Lowongan Kerja {base}"),
            3 => format!("{base} ({city})"),
            4 => format!("{base} - {employer}"),
            5 => base.to_uppercase(),
            6 => format!("{base} - Penempatan {city}"),
            7 => format!("Loker {base} {city}"),
            8 => format!("{base} Lulusan {}", ad.occ.education.code()),
            9 => format!("{base} (Kontrak)"),
            _ => format!("{base} (Fresh Graduate)"),
        }
    }
}

fn description(rng: &mut Rng, title: &str, ad: &Ad<'_>) -> String {
    let [s1, s2, s3] = three_skills(rng, ad.occ);
    let (city, employer) = (ad.city, ad.employer);
    let unit = ad.occ.isco.as_u16();
    if ad.english {
        let intro = match rng.index(3) {
            0 => format!("{employer} is looking for a {title} to join our team in {city}."),
            1 => format!("We are hiring a {title} for our {city} operations."),
            _ => format!("Join {employer} as {title} ({city})."),
        };
        let exp = match ad.experience {
            Some(0) | None => ", fresh graduates are welcome".to_string(),
            Some(n) => format!(", at least {n} year(s) of relevant experience"),
        };
        let benefit = rng.pick(&[
            "We offer a competitive salary, BPJS and annual leave.",
            "Health insurance, THR and performance bonus.",
            "Career development and training provided.",
            "",
        ]);
        format!(
            "{intro} Requirements: minimum {}{exp}. Skills: {s1}, {s2}, {s3}. {benefit}",
            education_en(ad.occ.education)
        )
        .trim_end()
        .to_string()
    } else {
        let intro = match rng.index(3) {
            0 => format!("{employer} membuka lowongan {title} untuk penempatan {city}."),
            1 => format!("Dibutuhkan segera {title} untuk {employer}, penempatan {city}."),
            _ => format!("Kami sedang mencari {title} yang siap bekerja di {city}."),
        };
        let mut req = format!(
            "Kualifikasi: pendidikan minimal {}",
            ad.occ.education.code()
        );
        match ad.experience {
            Some(0) | None => req.push_str(", fresh graduate dipersilakan melamar"),
            Some(n) => req.push_str(&format!(", pengalaman minimal {n} tahun")),
        }
        if rng.chance(0.4) {
            req.push_str(&format!(", usia maksimal {} tahun", rng.range(25, 40)));
        }
        // Indonesian ads still state a sex for some jobs.
        let heavy = matches!(ad.occ.sector, Sector::Security | Sector::Mining)
            || matches!(unit, 8322 | 8332 | 8342 | 8343 | 8344 | 7212 | 9333);
        if heavy && rng.chance(0.5) {
            req.push_str(", pria");
        } else if matches!(unit, 5141 | 5142 | 5311 | 4226) && rng.chance(0.4) {
            req.push_str(", wanita");
        }
        let benefit = rng.pick(&[
            "Gaji pokok + tunjangan, BPJS Kesehatan dan Ketenagakerjaan.",
            "Gaji sesuai UMK, lembur dibayar, BPJS.",
            "Insentif bulanan dan THR.",
            "Mess disediakan.",
            "",
        ]);
        let closing = rng.pick(&[
            "Kirim CV ke email HRD.",
            "Lamaran dikirim melalui aplikasi.",
            "Interview langsung di lokasi.",
            "Tidak dipungut biaya apa pun.",
        ]);
        format!("{intro} {req}. Menguasai {s1}, {s2} dan {s3}. {benefit} {closing}")
            .replace("  ", " ")
    }
}

/// One fresh ad (the source id is assigned later, in posting order).
fn fresh(
    rng: &mut Rng,
    seed: u64,
    day: Date,
    regency: usize,
    o: usize,
    profile: Profile,
) -> Vacancy {
    let g = geo();
    let occ = &occupations()[o];
    let unit = occ.isco.as_u16();
    let source = rng.weighted(&source_weights(profile));
    let (name, _, id_share, noise) = SOURCES[source];
    let blue_collar = matches!(unit / 1000, 6..=9);
    let english = !rng.chance((id_share + if blue_collar { 0.1 } else { 0.0 }).min(0.98));
    let employer = pick_employer(rng, seed, occ.sector, regency);
    let city = g.regencies[regency].short.clone();
    let exp = experience(rng, unit);
    let ad = Ad {
        occ,
        english,
        employer: &employer,
        city: &city,
        experience: exp,
    };
    let base = rng
        .pick(if english {
            &occ.titles_en
        } else {
            &occ.titles_id
        })
        .clone();
    let title = if rng.chance(noise) {
        noisy_title(rng, &base, &ad)
    } else {
        base.clone()
    };
    let description = description(rng, &base, &ad);
    let location = g.location_text(rng, regency, english);
    let kbli = rng.chance(0.8).then(|| *rng.pick(occ.sector.kbli()));
    let wf = g.wage_factor(regency);
    let (salary_min, salary_max) = if rng.chance(0.25) {
        (None, None)
    } else {
        let lo =
            round_to(occ.salary_min as f64 * wf * rng.normal(1.0, 0.08), 50_000.0).max(500_000);
        let hi = round_to(occ.salary_max as f64 * wf * rng.normal(1.0, 0.1), 50_000.0);
        let hi = hi.max(lo + 500_000);
        // Some ads give only a floor ("mulai Rp4 juta").
        (Some(lo), (!rng.chance(0.08)).then_some(hi))
    };
    let positions = rng.weighted(&[0.55, 0.20, 0.12, 0.08, 0.05]) as u8 + 1;
    let expires = (!rng.chance(0.05)).then(|| day.add_days(rng.range(14, 60)));
    Vacancy {
        source: name,
        source_id: String::new(),
        title,
        description,
        employer,
        regency,
        location,
        occupation: o,
        kbli,
        education: occ.education,
        experience: exp,
        salary_min,
        salary_max,
        positions,
        posted: day,
        expires,
        english,
    }
}

/// The same ad seen again: cross-posted to another portal, or re-listed on the same one under
/// a new id, a few days later.
fn repost(rng: &mut Rng, v: &Vacancy) -> Option<Vacancy> {
    let posted = v.posted.add_days(rng.range(1, 20));
    if posted > last_day() {
        return None;
    }
    let source = if rng.chance(0.6) {
        let others: Vec<&str> = SOURCES
            .iter()
            .map(|s| s.0)
            .filter(|s| *s != v.source)
            .collect();
        *rng.pick(&others)
    } else {
        v.source
    };
    let location = if rng.chance(0.5) {
        geo().location_text(rng, v.regency, v.english)
    } else {
        v.location.clone()
    };
    Some(Vacancy {
        source,
        source_id: String::new(),
        title: v.title.clone(),
        description: v.description.clone(),
        employer: v.employer.clone(),
        regency: v.regency,
        location,
        occupation: v.occupation,
        kbli: v.kbli,
        education: v.education,
        experience: v.experience,
        salary_min: v.salary_min,
        salary_max: v.salary_max,
        positions: v.positions,
        posted,
        expires: v
            .expires
            .map(|e| posted.add_days(days_between(v.posted, e))),
        english: v.english,
    })
}

/// Per-portal id counters, so ids are unique per source and rise with the posting date.
struct Ids {
    karirhub: [u32; 8],
    jobstreet: u64,
    lokerid: u64,
    glints: u64,
    kitalulus: u64,
    disnaker: Vec<[u32; 8]>,
}

impl Ids {
    fn next(&mut self, rng: &mut Rng, source: &str, posted: Date, province_idx: usize) -> String {
        let y = (posted.year() - crate::calendar::FIRST_YEAR).clamp(0, 7) as usize;
        match source {
            "karirhub" => {
                self.karirhub[y] += 1;
                format!("KH-{}-{:06}", posted.year(), self.karirhub[y])
            }
            "jobstreet" => {
                self.jobstreet += rng.range(1, 25) as u64;
                self.jobstreet.to_string()
            }
            "lokerid" => {
                self.lokerid += rng.range(1, 9) as u64;
                format!("loker-{}", self.lokerid)
            }
            "glints" => {
                self.glints += 1;
                // A UUID-looking id whose last group is a bijection of the counter: unique.
                let h = crate::rng::mix(self.glints);
                format!(
                    "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
                    h >> 32,
                    (h >> 16) & 0xffff,
                    h & 0xfff,
                    0x8000 | (h >> 48 & 0x3fff),
                    (self.glints ^ 0x5a5a_5a5a_5a5a) & 0xffff_ffff_ffff
                )
            }
            "kitalulus" => {
                self.kitalulus += rng.range(1, 3) as u64;
                format!("KL{:08}", self.kitalulus)
            }
            _ => {
                self.disnaker[province_idx][y] += 1;
                format!(
                    "DSN-{}-{}-{:05}",
                    geo().provinces[province_idx].code,
                    posted.year(),
                    self.disnaker[province_idx][y]
                )
            }
        }
    }
}

/// About 55,000 × scale ads (at least 50,000 × scale), sorted by posting date.
pub fn generate(seed: u64, scale: f64) -> Vec<Vacancy> {
    let g = geo();
    let occ = occupations();
    let mut rng = Rng::derive(seed, "vacancies");
    let target = (55_000.0 * scale).round() as usize;
    let days = PostingDays::new();
    let profiles: Vec<Profile> = g
        .regencies
        .iter()
        .map(|r| Profile::of(r.code, r.kota))
        .collect();
    // Occupation mix per regional profile and quarter: demand trends shift the mix over time
    // while the overall volume follows the daily posting curve.
    let quarters = ((crate::calendar::LAST_YEAR - crate::calendar::FIRST_YEAR + 1) * 4) as usize;
    let tables: Vec<Table> = Profile::ALL
        .iter()
        .flat_map(|p| {
            (0..quarters).map(move |q| {
                let t = q as f64 / 4.0 + 0.125;
                Table::new(occ.iter().map(|o| {
                    o.weight
                        * p.multiplier(o.sector)
                        * (1.0 + trend(o.isco.as_u16())).max(0.1).powf(t)
                }))
            })
        })
        .collect();
    let mut out: Vec<Vacancy> = Vec::with_capacity(target + 8);
    while out.len() < target {
        let day = days.days[days.table.sample(&mut rng)];
        let regency = g.vacancies.sample(&mut rng);
        let profile = profiles[regency];
        let q = ((day.year() - crate::calendar::FIRST_YEAR) * 4) as usize
            + (day.month() as usize - 1) / 3;
        let o = tables[profile.index() * quarters + q.min(quarters - 1)].sample(&mut rng);
        let v = fresh(&mut rng, seed, day, regency, o, profile);
        let again = if rng.chance(0.05) {
            repost(&mut rng, &v)
        } else {
            None
        };
        out.push(v);
        out.extend(again);
    }
    // Stable: ads of one day keep their generation order.
    out.sort_by_key(|v| v.posted);
    let mut ids = Ids {
        karirhub: [0; 8],
        jobstreet: 4_812_000,
        lokerid: 120_000,
        glints: 0,
        kitalulus: 10_000,
        disnaker: vec![[0; 8]; g.provinces.len()],
    };
    for v in &mut out {
        v.source_id = ids.next(
            &mut rng,
            v.source,
            v.posted,
            g.regencies[v.regency].province_idx,
        );
    }
    out
}

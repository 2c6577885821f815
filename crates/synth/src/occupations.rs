//! The occupations job ads and job seekers are drawn from (`data/occupations.csv`), and what
//! follows from an occupation: its economic sector, plausible KBLI divisions and demand trend.

use std::sync::OnceLock;

use domain::{Education, IscoCode};

pub struct Occupation {
    pub isco: IscoCode,
    /// The unit code as written, e.g. "7212".
    pub code: String,
    /// Relative frequency among job ads.
    pub weight: f64,
    pub titles_id: Vec<String>,
    pub titles_en: Vec<String>,
    /// National median range of advertised monthly pay, in Rupiah.
    pub salary_min: i64,
    pub salary_max: i64,
    pub education: Education,
    pub skills: Vec<String>,
    pub sector: Sector,
}

const OCCUPATIONS: &str = include_str!("../data/occupations.csv");

/// All occupations, in code order. The file is part of the build and checked by the tests, so
/// a malformed row is a build defect and panics with the row's content.
pub fn occupations() -> &'static [Occupation] {
    static OCC: OnceLock<Vec<Occupation>> = OnceLock::new();
    OCC.get_or_init(load)
}

fn split(s: &str) -> Vec<String> {
    s.split('|')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

fn load() -> Vec<Occupation> {
    let mut rows: Vec<Occupation> = csv::Reader::from_reader(OCCUPATIONS.as_bytes())
        .into_records()
        .map(|r| {
            let r = r.expect("embedded occupations.csv is well formed");
            let code = r[0].to_string();
            let unit: u16 = code.parse().expect("occupations.csv: numeric ISCO unit");
            Occupation {
                isco: IscoCode::parse(&code).expect("occupations.csv: ISCO unit exists"),
                weight: r[1].parse().expect("occupations.csv: numeric weight"),
                titles_id: split(&r[2]),
                titles_en: split(&r[3]),
                salary_min: r[4]
                    .parse()
                    .expect("occupations.csv: numeric salary_min_idr"),
                salary_max: r[5]
                    .parse()
                    .expect("occupations.csv: numeric salary_max_idr"),
                education: Education::parse(&r[6]).expect("occupations.csv: education code"),
                // Commas would make the job-seeker skills list ambiguous on import.
                skills: split(&r[7])
                    .into_iter()
                    .map(|s| s.replace(',', " "))
                    .collect(),
                sector: sector(unit),
                code,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.code.cmp(&b.code));
    rows
}

/// Index of an occupation by its unit code.
pub fn find(code: &str) -> Option<usize> {
    occupations()
        .binary_search_by(|o| o.code.as_str().cmp(code))
        .ok()
}

/// The kind of establishment that employs an occupation: decides employer names, KBLI
/// divisions and regional demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sector {
    Office,
    Manufacturing,
    Garment,
    Food,
    Construction,
    Electrical,
    Automotive,
    Retail,
    Hotel,
    Restaurant,
    Health,
    Pharmacy,
    /// Secondary schools.
    School,
    /// Primary schools and kindergartens, with their teacher aides.
    Primary,
    /// Printing and digital-printing shops.
    Printing,
    /// Courses, tutoring, training providers and universities.
    Course,
    Finance,
    Tech,
    Media,
    Logistics,
    Agriculture,
    Fishery,
    Mining,
    Beauty,
    Household,
    Security,
    /// Cleaning, parking and pest-control contractors.
    Facility,
    /// Gyms and sports clubs.
    Leisure,
    /// Petrol stations.
    Fuel,
    Energy,
}

impl Sector {
    /// Plausible KBLI 2020 divisions (2 digits) of an employer in this sector.
    pub fn kbli(self) -> &'static [&'static str] {
        use Sector::*;
        match self {
            Office => &["46", "47", "70", "78", "82", "68", "69", "73"],
            Manufacturing => &[
                "22", "24", "25", "26", "27", "28", "29", "20", "17", "32", "31",
            ],
            Garment => &["13", "14", "15"],
            Food => &["10", "11"],
            Construction => &["41", "42", "43", "71"],
            Electrical => &["43", "27", "35", "33"],
            Automotive => &["45", "29", "33"],
            Retail => &["47", "46"],
            Hotel => &["55", "79"],
            Restaurant => &["56"],
            Health => &["86", "87", "88"],
            Pharmacy => &["47", "21", "86"],
            School | Primary | Course => &["85"],
            Printing => &["18"],
            Facility => &["81", "82"],
            Leisure => &["93"],
            Fuel => &["47"],
            Finance => &["64", "65", "66"],
            Tech => &["62", "63", "61"],
            Media => &["59", "60", "73", "18", "58"],
            Logistics => &["49", "52", "53", "50"],
            Agriculture => &["01", "02", "10"],
            Fishery => &["03", "10"],
            Mining => &["05", "07", "08", "09", "06"],
            Beauty => &["96"],
            Household => &["97", "88"],
            Security => &["80"],
            Energy => &["35", "36", "37", "19"],
        }
    }
}

/// The sector of an ISCO-08 unit, by the establishments that typically advertise it.
pub fn sector(unit: u16) -> Sector {
    use Sector::*;
    match unit {
        // Tractor drivers farm; earthmoving operators mostly work on mine sites.
        8341 => Agriculture,
        8342 => Mining,
        // Counter staff of food outlets, and carers employed by households.
        5246 => Restaurant,
        5322 => Household,
        1321
        | 2141
        | 2144
        | 2145
        | 3115
        | 3122
        | 3257
        | 7212..=7215
        | 7222..=7224
        | 7543
        | 8121
        | 8122
        | 8131
        | 8141
        | 8142
        | 8172
        | 8182
        | 8183
        | 8189
        | 8211
        | 8212
        | 8219
        | 9321
        | 9329
        | 7522
        | 7523 => Manufacturing,
        2163 | 7318 | 7531..=7536 | 8151..=8156 => Garment,
        7511..=7515 | 8160 => Food,
        1323
        | 2142
        | 2161
        | 2165
        | 2263
        | 3112
        | 3118
        | 3123
        | 7111..=7126
        | 7131
        | 7132
        | 9312
        | 9313 => Construction,
        2151..=2153 | 3113 | 3114 | 7127 | 7411..=7413 | 7421 | 7422 => Electrical,
        3131 | 3132 => Energy,
        5245 => Fuel,
        7231 | 7233 | 7234 | 9122 => Automotive,
        1420 | 5164 | 5222..=5249 | 3322 => Retail,
        3331 => Logistics,
        3332 => Media,
        1411 | 4221 | 4224 | 5113 | 5151 | 8157 | 9121 => Hotel,
        1412 | 3434 | 5120 | 5131 | 5132 | 9411 | 9412 => Restaurant,
        2211 | 2221 | 2264 | 2634 | 3212 | 3221 | 3222 | 3251 | 3252 | 5321 => Health,
        2262 | 3213 | 2433 => Pharmacy,
        2330 => School,
        2341 | 2342 | 5312 => Primary,
        7321 | 7322 => Printing,
        2310 | 2320 | 2353..=2359 | 5165 => Course,
        3422 | 3423 => Leisure,
        5153 | 7544 | 9112 | 9622 | 9629 => Facility,
        1346 | 2411..=2413 | 3312 | 3313 | 3321 | 4211 | 4214 | 4311..=4313 => Finance,
        1330 | 2120 | 2166 | 2434 | 2511..=2529 | 3511..=3514 => Tech,
        2641..=2656 | 3431 | 3432 | 3521 | 3522 => Media,
        1324 | 4321..=4323 | 8321..=8350 | 9333 | 9334 | 9621 => Logistics,
        3142 | 6111..=6130 | 9211..=9214 => Agriculture,
        6210..=6224 | 9216 => Fishery,
        2146 | 3121 | 8111 => Mining,
        5141 | 5142 | 3255 => Beauty,
        5311 | 9111 => Household,
        5414 => Security,
        _ => Office,
    }
}

/// Relative annual growth of demand for an occupation on top of the overall ~8%: digital and
/// e-commerce work grows, routine clerical and cashier work shrinks.
pub fn trend(unit: u16) -> f64 {
    match unit {
        2656 => 0.35,               // live-streaming hosts
        2431 | 2120 => 0.18,        // digital marketing, data
        9621 | 4323 => 0.12,        // couriers, e-commerce logistics
        2512..=2514 | 2519 => 0.06, // software
        5322 | 5321 => 0.08,        // caregivers (ageing clients at home and abroad)
        7411 | 7412 | 3113 => 0.05, // electricians (rooftop solar, automation)
        2146 | 3121 | 8342 => 0.05, // nickel and coal mining
        4131 | 4132 => -0.1,        // typists and data entry
        4110 => -0.03,
        5230 => -0.05, // cashiers (self-checkout, QRIS)
        4211 => -0.06, // bank tellers
        _ => {
            // Small occupation-specific drift, fixed per code so runs agree.
            let h = crate::rng::mix(unit as u64);
            ((h % 81) as f64 - 40.0) / 1000.0
        }
    }
}

/// How strongly a regional economy pulls on a sector (multiplies occupation weights).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Jakarta, Surabaya, Kota Bandung, Semarang, Medan, Makassar: head offices and services.
    Metro,
    /// Bekasi, Karawang, Tangerang, Batam…: factories and logistics.
    Industrial,
    /// The rest of Java.
    Java,
    /// Coal, nickel and palm-oil provinces of Kalimantan, Sulawesi and Maluku Utara.
    Resource,
    /// Bali, Lombok, Yogyakarta: hotels and restaurants.
    Tourism,
    /// The rest of the outer islands: farming and fisheries.
    Outer,
}

impl Profile {
    pub const ALL: [Profile; 6] = [
        Profile::Metro,
        Profile::Industrial,
        Profile::Java,
        Profile::Resource,
        Profile::Tourism,
        Profile::Outer,
    ];

    pub fn index(self) -> usize {
        Profile::ALL
            .iter()
            .position(|&p| p == self)
            .unwrap_or_default()
    }

    pub fn of(code: domain::RegionCode, kota: bool) -> Profile {
        let c = code.to_string();
        let p = code.as_u16() / 100;
        const METRO: [&str; 10] = [
            "31.71", "31.72", "31.73", "31.74", "31.75", "35.78", "32.73", "33.74", "12.71",
            "73.71",
        ];
        const INDUSTRIAL: [&str; 14] = [
            "32.16", "32.75", "32.15", "32.14", "36.03", "36.71", "36.74", "36.04", "36.72",
            "35.15", "35.25", "35.14", "21.71", "64.71",
        ];
        if METRO.contains(&c.as_str()) {
            Profile::Metro
        } else if INDUSTRIAL.contains(&c.as_str()) {
            Profile::Industrial
        } else if p == 51 || p == 52 || (p == 34 && !kota) || c == "34.71" {
            Profile::Tourism
        } else if (31..=36).contains(&p) {
            Profile::Java
        } else if matches!(p, 14 | 15 | 16 | 62 | 63 | 64 | 65 | 72 | 74 | 82) {
            Profile::Resource
        } else {
            Profile::Outer
        }
    }

    pub fn multiplier(self, s: Sector) -> f64 {
        use Sector::*;
        match (self, s) {
            (Profile::Metro, Tech | Finance | Media) => 2.0,
            (Profile::Metro, Office | Security) => 1.4,
            (Profile::Metro, Agriculture | Fishery) => 0.08,
            (Profile::Metro, Mining) => 0.4,
            (Profile::Metro, Manufacturing | Garment) => 0.6,
            (Profile::Industrial, Manufacturing) => 2.2,
            (Profile::Industrial, Garment | Food | Logistics | Automotive) => 1.5,
            (Profile::Industrial, Agriculture | Fishery | Mining) => 0.15,
            (Profile::Java, Garment | Food) => 1.4,
            (Profile::Java, Agriculture) => 0.7,
            (Profile::Java, Fishery) => 0.6,
            (Profile::Java, Mining) => 0.2,
            (Profile::Java, Tech | Finance | Media) => 0.8,
            (Profile::Resource, Mining) => 6.0,
            (Profile::Resource, Agriculture) => 3.0,
            (Profile::Resource, Fishery) => 1.5,
            (Profile::Resource, Manufacturing | Garment) => 0.5,
            (Profile::Resource, Tech | Media) => 0.5,
            (Profile::Tourism, Hotel) => 4.0,
            (Profile::Tourism, Restaurant | Beauty) => 2.0,
            (Profile::Tourism, Manufacturing | Mining) => 0.3,
            (Profile::Outer, Agriculture) => 3.0,
            (Profile::Outer, Fishery) => 3.0,
            (Profile::Outer, Mining) => 1.5,
            (Profile::Outer, Manufacturing | Garment) => 0.5,
            (Profile::Outer, Tech | Media) => 0.5,
            _ => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{KbliCode, reference};

    #[test]
    fn the_embedded_table_is_complete_and_consistent() {
        let occ = occupations();
        assert!(occ.len() >= 200, "{}", occ.len());
        for o in occ {
            assert!(o.isco.is_unit(), "{}", o.code);
            assert!(o.weight > 0.0);
            assert!(
                !o.titles_id.is_empty() && !o.titles_en.is_empty(),
                "{}",
                o.code
            );
            assert!(
                o.salary_min > 1_000_000 && o.salary_min < o.salary_max,
                "{}",
                o.code
            );
            assert!(o.skills.len() >= 3, "{}", o.code);
            assert_eq!(find(&o.code).map(|i| &occ[i].code), Some(&o.code));
        }
        // Every unit a catalogue programme trains for has an occupation row (placements and
        // job-seeker preferences of graduates rely on it).
        for p in &reference().programmes {
            for u in &p.isco_units {
                assert!(find(&u.to_string()).is_some(), "{} {u}", p.code);
            }
        }
        for o in occ {
            for k in o.sector.kbli() {
                assert!(KbliCode::parse(k).is_ok(), "{k}");
            }
        }
    }

    /// The demo's ads name their occupation's skills, and Indonesian pages show each skill the
    /// extractor reads there by the project's Indonesian name.
    #[test]
    fn the_demo_skills_have_indonesian_names() {
        let mut read = 0;
        for o in occupations() {
            for phrase in &o.skills {
                for s in classify::skills::extract("", Some(phrase)) {
                    read += 1;
                    assert!(
                        classify::skills::indonesian_name(&s.label).is_some(),
                        "{}: {phrase:?} reads {:?}, which has no Indonesian name",
                        o.code,
                        s.label
                    );
                }
            }
        }
        assert!(read > 200, "{read} skills read");
    }
}

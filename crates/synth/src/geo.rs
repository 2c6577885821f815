//! Geography of the synthetic country: regency weights for people, BLKs and vacancies, regional
//! wage levels, neighbouring regencies, provincial capitals and the ways people write a place.

use std::sync::OnceLock;

use domain::reference::RegencyKind;
use domain::{RegionCode, reference};

use crate::rng::{Rng, Table};

pub struct Regency {
    pub code: RegionCode,
    pub province: u8,
    /// Index into [`Geo::provinces`].
    pub province_idx: usize,
    /// The official name, e.g. "Kabupaten Bekasi", "Kota Administrasi Jakarta Selatan".
    pub name: &'static str,
    /// The bare place name people use: "Bekasi", "Jakarta Selatan".
    pub short: String,
    pub kota: bool,
    pub population: f64,
    pub lat: f64,
    pub lng: f64,
}

impl Regency {
    /// The four digits that open a NIK issued here (3273 for Kota Bandung).
    pub fn nik_prefix(&self) -> u64 {
        self.code.as_u16() as u64
    }
}

pub struct Province {
    pub code: RegionCode,
    pub name: &'static str,
    /// Regency indices in code order.
    pub regencies: Vec<usize>,
    /// Regencies weighted by population.
    pub by_population: Table,
    /// The regency of the provincial capital.
    pub capital: usize,
}

pub struct Geo {
    pub regencies: Vec<Regency>,
    pub provinces: Vec<Province>,
    /// The up to four nearest regencies of the same province, nearest first.
    pub neighbours: Vec<Vec<usize>>,
    /// Where people live (population, Java and cities a little heavier: registration is easier
    /// where there is a Disnaker office and internet).
    pub residents: Table,
    /// Where job ads are posted: about three quarters on Java, concentrated in the metropolitan
    /// and industrial regencies.
    pub vacancies: Table,
    /// Where BLKs stand: by population.
    pub population: Table,
}

pub fn geo() -> &'static Geo {
    static GEO: OnceLock<Geo> = OnceLock::new();
    GEO.get_or_init(build)
}

pub fn is_java(province: u8) -> bool {
    (31..=36).contains(&province)
}

/// Provincial capitals, by the name of the regency/city they lie in (Sofifi lies in Kota Tidore
/// Kepulauan, Tanjung Selor in Kabupaten Bulungan, Wamena in Kabupaten Jayawijaya).
const CAPITALS: [(u8, &str); 38] = [
    (11, "Kota Banda Aceh"),
    (12, "Kota Medan"),
    (13, "Kota Padang"),
    (14, "Kota Pekanbaru"),
    (15, "Kota Jambi"),
    (16, "Kota Palembang"),
    (17, "Kota Bengkulu"),
    (18, "Kota Bandar Lampung"),
    (19, "Kota Pangkal Pinang"),
    (21, "Kota Tanjung Pinang"),
    (31, "Kota Administrasi Jakarta Pusat"),
    (32, "Kota Bandung"),
    (33, "Kota Semarang"),
    (34, "Kota Yogyakarta"),
    (35, "Kota Surabaya"),
    (36, "Kota Serang"),
    (51, "Kota Denpasar"),
    (52, "Kota Mataram"),
    (53, "Kota Kupang"),
    (61, "Kota Pontianak"),
    (62, "Kota Palangkaraya"),
    (63, "Kota Banjarbaru"),
    (64, "Kota Samarinda"),
    (65, "Kabupaten Bulungan"),
    (71, "Kota Manado"),
    (72, "Kota Palu"),
    (73, "Kota Makassar"),
    (74, "Kota Kendari"),
    (75, "Kota Gorontalo"),
    (76, "Kabupaten Mamuju"),
    (81, "Kota Ambon"),
    (82, "Kota Tidore Kepulauan"),
    (91, "Kota Jayapura"),
    (92, "Kabupaten Manokwari"),
    (93, "Kabupaten Merauke"),
    (94, "Kabupaten Nabire"),
    (95, "Kabupaten Jayawijaya"),
    (96, "Kota Sorong"),
];

/// Extra pull of the metropolitan and industrial regencies on job ads.
const VACANCY_BOOST: &[(&str, f64)] = &[
    ("31.71", 3.5),
    ("31.72", 2.5),
    ("31.73", 2.8),
    ("31.74", 3.5),
    ("31.75", 2.5),
    ("31.01", 0.3),
    ("32.16", 3.0), // Kabupaten Bekasi (Cikarang industrial estates)
    ("32.75", 2.2), // Kota Bekasi
    ("32.15", 3.0), // Karawang
    ("32.14", 1.6), // Purwakarta
    ("32.73", 2.2), // Kota Bandung
    ("32.01", 1.2), // Kabupaten Bogor
    ("32.76", 1.3), // Depok
    ("36.03", 2.2), // Kabupaten Tangerang
    ("36.71", 2.5), // Kota Tangerang
    ("36.74", 2.2), // Tangerang Selatan
    ("36.04", 1.5), // Kabupaten Serang
    ("36.72", 2.0), // Cilegon
    ("35.78", 2.8), // Surabaya
    ("35.15", 1.8), // Sidoarjo
    ("35.25", 1.8), // Gresik
    ("35.14", 1.4), // Kabupaten Pasuruan
    ("33.74", 2.2), // Kota Semarang
    ("34.71", 1.6), // Kota Yogyakarta
    ("34.04", 1.3), // Sleman
    ("21.71", 3.5), // Batam
    ("12.71", 2.4), // Medan
    ("73.71", 2.4), // Makassar
    ("64.71", 2.8), // Balikpapan
    ("64.72", 1.6), // Samarinda
    ("51.71", 2.0), // Denpasar
    ("51.03", 2.0), // Badung
    ("16.71", 1.6), // Palembang
    ("14.71", 1.6), // Pekanbaru
    ("63.71", 1.4), // Banjarmasin
    ("61.71", 1.4), // Pontianak
    ("71.71", 1.4), // Manado
    ("18.71", 1.4), // Bandar Lampung
];

/// Relative wage level by province (UMP 2025 ranges from ~Rp2,2 million in Central Java to
/// ~Rp5,4 million in Jakarta; occupation salaries in `occupations.csv` are national medians).
fn province_wage(p: u8) -> f64 {
    match p {
        31 => 1.25,
        21 => 1.08,
        36 => 1.02,
        64 | 65 => 1.02,
        14 => 0.97,
        32 => 0.95,
        51 | 71 => 0.95,
        19 | 62 | 63 => 0.92,
        11 | 12 | 15 | 16 | 73 => 0.9,
        13 | 35 | 61 | 72 | 74 | 75 | 81 | 82 => 0.86,
        17 | 18 => 0.85,
        33 | 34 | 52 | 76 => 0.8,
        91..=96 => 0.8,
        53 => 0.72,
        _ => 0.9,
    }
}

/// Regencies whose wages are well above their province's (the industrial belt's UMK).
const WAGE_OVERRIDE: &[(&str, f64)] = &[
    ("32.16", 1.28),
    ("32.75", 1.25),
    ("32.15", 1.28),
    ("32.14", 1.12),
    ("32.01", 1.1),
    ("32.71", 1.1),
    ("32.76", 1.1),
    ("36.03", 1.16),
    ("36.71", 1.16),
    ("36.74", 1.16),
    ("36.72", 1.2),
    ("35.78", 1.12),
    ("35.15", 1.1),
    ("35.25", 1.1),
    ("35.14", 1.06),
    ("35.16", 1.06),
    ("21.71", 1.15),
    ("33.74", 0.95),
    ("64.71", 1.1),
];

fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).expect("embedded region code exists")
}

fn short_name(name: &str) -> String {
    for prefix in [
        "Kota Administrasi ",
        "Kabupaten Administrasi ",
        "Kabupaten ",
        "Kota ",
    ] {
        if let Some(rest) = name.strip_prefix(prefix) {
            return rest.to_string();
        }
    }
    name.to_string()
}

fn build() -> Geo {
    let r = reference();
    let mut provinces: Vec<Province> = r
        .provinces
        .iter()
        .map(|p| Province {
            code: p.code,
            name: p.name.as_str(),
            regencies: Vec::new(),
            by_population: Table::new([]),
            capital: 0,
        })
        .collect();
    let mut regencies = Vec::with_capacity(r.regencies.len());
    for (i, reg) in r.regencies.iter().enumerate() {
        let province_idx = provinces
            .iter()
            .position(|p| p.code == reg.code.province())
            .expect("every embedded regency lies in an embedded province");
        provinces[province_idx].regencies.push(i);
        regencies.push(Regency {
            code: reg.code,
            province: (reg.code.as_u16() / 100) as u8,
            province_idx,
            name: reg.name.as_str(),
            short: short_name(&reg.name),
            kota: reg.kind == Some(RegencyKind::Kota),
            population: reg.population as f64,
            lat: reg.lat,
            lng: reg.lng,
        });
    }
    let index_of = |code: RegionCode| {
        regencies
            .iter()
            .position(|g: &Regency| g.code == code)
            .expect("embedded regency code exists")
    };
    for p in &mut provinces {
        p.by_population = Table::new(p.regencies.iter().map(|&i| regencies[i].population));
        let pc = (p.code.as_u16() / 100) as u8;
        let (_, cap) = CAPITALS
            .iter()
            .find(|(c, _)| *c == pc)
            .expect("every province has a capital in CAPITALS");
        p.capital = *p
            .regencies
            .iter()
            .find(|&&i| regencies[i].name == *cap)
            .expect("capital regency name exists in the reference table");
    }
    let neighbours = regencies
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut near: Vec<(f64, usize)> = provinces[a.province_idx]
                .regencies
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| {
                    let b = &regencies[j];
                    let dx = (a.lng - b.lng) * (a.lat.to_radians().cos());
                    let dy = a.lat - b.lat;
                    (dx * dx + dy * dy, j)
                })
                .collect();
            near.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            near.into_iter().take(4).map(|(_, j)| j).collect()
        })
        .collect();
    let residents = Table::new(regencies.iter().map(|g| {
        g.population
            * if is_java(g.province) { 1.25 } else { 1.0 }
            * if g.kota { 1.15 } else { 1.0 }
    }));
    let mut boost = vec![1.0; regencies.len()];
    for (code, b) in VACANCY_BOOST {
        boost[index_of(region(code))] = *b;
    }
    let raw: Vec<f64> = regencies
        .iter()
        .zip(&boost)
        .map(|(g, b)| g.population * b * if g.kota { 1.3 } else { 1.0 })
        .collect();
    let java: f64 = raw
        .iter()
        .zip(&regencies)
        .filter(|(_, g)| is_java(g.province))
        .map(|(w, _)| w)
        .sum();
    let other: f64 = raw.iter().sum::<f64>() - java;
    let vacancies = Table::new(raw.iter().zip(&regencies).map(|(w, g)| {
        if is_java(g.province) {
            w * 0.75 / java
        } else {
            w * 0.25 / other
        }
    }));
    let population = Table::new(regencies.iter().map(|g| g.population));
    Geo {
        regencies,
        provinces,
        neighbours,
        residents,
        vacancies,
        population,
    }
}

impl Geo {
    /// The regency with this official name; for embedded constants only.
    pub fn by_name(&self, name: &str) -> usize {
        self.regencies
            .iter()
            .position(|g| g.name == name)
            .expect("embedded regency name exists in the reference table")
    }

    #[cfg(test)]
    pub fn by_code(&self, code: &str) -> usize {
        let c = region(code);
        self.regencies
            .iter()
            .position(|g| g.code == c)
            .expect("embedded regency code exists")
    }

    /// Wage level of a regency relative to the national median.
    pub fn wage_factor(&self, i: usize) -> f64 {
        let g = &self.regencies[i];
        WAGE_OVERRIDE
            .iter()
            .find(|(c, _)| region(c) == g.code)
            .map(|(_, f)| *f)
            .unwrap_or_else(|| province_wage(g.province))
    }

    /// A regency near `home`: itself most of the time, else a neighbour in the same province.
    pub fn near(&self, rng: &mut Rng, home: usize, stay: f64) -> usize {
        let n = &self.neighbours[home];
        if n.is_empty() || rng.chance(stay) {
            home
        } else {
            // Nearer neighbours are likelier.
            n[rng.weighted(&[0.4, 0.3, 0.2, 0.1][..n.len()])]
        }
    }

    /// How a job ad writes the place: "Kab. Bekasi", "Bekasi Regency", "KOTA SURABAYA"…
    pub fn location_text(&self, rng: &mut Rng, i: usize, english: bool) -> String {
        let g = &self.regencies[i];
        let short = &g.short;
        let prov = province_label(self.provinces[g.province_idx].name);
        if g.province == 31 && g.kota {
            let en = match short.as_str() {
                "Jakarta Selatan" => "South Jakarta",
                "Jakarta Utara" => "North Jakarta",
                "Jakarta Barat" => "West Jakarta",
                "Jakarta Timur" => "East Jakarta",
                _ => "Central Jakarta",
            };
            return match rng.weighted(&[4.0, 1.5, if english { 3.0 } else { 0.5 }, 0.8, 1.0]) {
                0 => short.clone(),
                1 => format!("{short}, DKI Jakarta"),
                2 => en.to_string(),
                3 => format!("KOTA ADM. {}", short.to_uppercase()),
                _ => "DKI Jakarta".to_string(),
            };
        }
        let english_w = if english { 3.0 } else { 0.3 };
        if g.kota {
            match rng.weighted(&[3.0, 3.0, english_w, 0.8, 1.0]) {
                0 => g.name.to_string(),
                1 => short.clone(),
                2 => format!("{short} City"),
                3 => g.name.to_uppercase(),
                _ => format!("{short}, {prov}"),
            }
        } else {
            match rng.weighted(&[4.0, 2.0, english_w, 0.8, 1.5, 1.0]) {
                0 => format!("Kab. {short}"),
                1 => g.name.to_string(),
                2 => format!("{short} Regency"),
                3 => format!("KAB. {}", short.to_uppercase()),
                4 => short.clone(),
                _ => format!("{short}, {prov}"),
            }
        }
    }
}

/// The province as people write it after a city name.
pub fn province_label(name: &str) -> &str {
    match name {
        "Daerah Khusus Ibukota Jakarta" => "DKI Jakarta",
        "Daerah Istimewa Yogyakarta" => "DI Yogyakarta",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_boosts_and_neighbours_resolve() {
        let g = geo();
        assert_eq!(g.provinces.len(), 38);
        for p in &g.provinces {
            assert_eq!(g.regencies[p.capital].code.province(), p.code);
        }
        for (code, _) in VACANCY_BOOST.iter().chain(WAGE_OVERRIDE) {
            g.by_code(code);
        }
        for (i, n) in g.neighbours.iter().enumerate() {
            for &j in n {
                assert_eq!(g.regencies[j].province, g.regencies[i].province);
                assert_ne!(i, j);
            }
        }
        let java: f64 = (0..g.regencies.len())
            .filter(|&i| is_java(g.regencies[i].province))
            .map(|i| g.vacancies.weight(i))
            .sum();
        assert!((java - 0.75).abs() < 1e-9, "{java}");
        assert!(g.wage_factor(g.by_code("32.16")) > g.wage_factor(g.by_code("53.71")));
    }

    #[test]
    fn location_texts_look_like_job_ads() {
        let g = geo();
        let mut rng = Rng::new(3);
        let bekasi = g.by_code("32.16");
        let seen: Vec<String> = (0..200)
            .map(|_| g.location_text(&mut rng, bekasi, true))
            .collect();
        assert!(seen.iter().any(|s| s == "Kab. Bekasi"));
        assert!(seen.iter().any(|s| s == "Bekasi Regency"));
        let sby = g.by_code("35.78");
        assert!((0..200).any(|_| g.location_text(&mut rng, sby, false) == "KOTA SURABAYA"));
    }
}

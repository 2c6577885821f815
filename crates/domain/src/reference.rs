//! Embedded reference taxonomies, parsed once on first use.
//!
//! The CSV files under `data/` are compact copies of the tables in the project's shared
//! reference data (see `NOTICE` for origins and licences). They are compiled into the binary so
//! that a fresh machine needs no download and every process sees the same codes.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::programme::{Kejuruan, Programme};
use crate::region::RegionCode;

/// A province or regency/city with its centroid and 2025 population.
#[derive(Debug, Clone)]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    /// `None` for provinces; for regencies whether it is a kabupaten or a kota.
    pub kind: Option<RegencyKind>,
    pub lat: f64,
    pub lng: f64,
    pub population: u64,
    /// Missing for a few regencies in the source table.
    pub area_km2: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegencyKind {
    Kabupaten,
    Kota,
}

/// One ISCO-08 group at any of the four levels.
#[derive(Debug, Clone)]
pub struct IscoEntry {
    pub code: String,
    pub title_en: String,
}

/// One KBJI 2014 entry (1 to 4 digits mirror ISCO-08; 6 digits are Indonesian jabatan).
#[derive(Debug, Clone)]
pub struct KbjiEntry {
    pub code: String,
    pub title_id: String,
    /// The ISCO-08 unit group this entry belongs to, when it is at unit level or below.
    pub isco08_unit: Option<String>,
}

/// One KBLI 2020 entry: a category letter or a 2–5 digit code.
#[derive(Debug, Clone)]
pub struct KbliEntry {
    pub code: String,
    pub category: char,
    pub title_id: String,
}

/// All embedded reference tables.
pub struct Reference {
    pub provinces: Vec<Region>,
    pub regencies: Vec<Region>,
    region_index: HashMap<RegionCode, usize>,
    pub isco: Vec<IscoEntry>,
    isco_index: HashMap<String, usize>,
    pub kbji: Vec<KbjiEntry>,
    /// Position in `kbji` by code: a title is looked up once per table row.
    kbji_index: HashMap<String, usize>,
    /// Indonesian titles, written by the project, for the ISCO-08 groups the embedded KBJI 2014
    /// scrape lacks (`data/kbji2014_gaps.csv`): shown, never used as coder labels.
    kbji_gaps: HashMap<String, String>,
    pub kbli: Vec<KbliEntry>,
    kbli_sections_en: HashMap<String, String>,
    kbli_index: HashMap<String, usize>,
    pub kejuruan: Vec<Kejuruan>,
    pub programmes: Vec<Programme>,
    programme_index: HashMap<String, usize>,
}

const PROVINCES: &str = include_str!("../data/provinces.csv");
const REGENCIES: &str = include_str!("../data/regencies.csv");
const ISCO08: &str = include_str!("../data/isco08.csv");
/// KBJI 2014 titles as the shared collection scraped them, with two slips of the scrape put
/// right: "Kerumahtanggan" (5151) is written "Kerumahtanggaan", as KBJI does, and a doubled
/// space in 2263's title is one.
const KBJI2014: &str = include_str!("../data/kbji2014.csv");
const KBJI2014_GAPS: &str = include_str!("../data/kbji2014_gaps.csv");
const KBLI2020: &str = include_str!("../data/kbli2020.csv");
/// ISIC Rev.4 section titles in English (from `../shared/data/kbli-isic/isic_rev4_en.csv`):
/// the KBLI 2020 categories are the ISIC sections, letter for letter.
const ISIC4_SECTIONS_EN: &str = include_str!("../data/isic4_sections_en.csv");
const PROGRAMMES: &str = include_str!("../data/programmes.csv");

/// The reference tables, loaded on first call. The embedded files are part of the build and are
/// checked by this crate's tests, so a malformed row here is a build defect, not user input.
pub fn reference() -> &'static Reference {
    static REF: OnceLock<Reference> = OnceLock::new();
    REF.get_or_init(load)
}

fn rows(text: &'static str) -> impl Iterator<Item = csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .into_records()
        .map(|r| r.expect("embedded reference CSV is well formed"))
}

fn num<T: std::str::FromStr>(s: &str) -> T {
    s.parse()
        .ok()
        .expect("embedded reference number is well formed")
}

fn load() -> Reference {
    let mut provinces = Vec::new();
    for r in rows(PROVINCES) {
        provinces.push(Region {
            code: RegionCode::parse_unchecked(&r[0]).expect("embedded province code"),
            name: r[1].to_string(),
            kind: None,
            lat: num(&r[2]),
            lng: num(&r[3]),
            population: num(&r[4]),
            area_km2: r[5].parse().ok(),
        });
    }
    let mut regencies = Vec::new();
    for r in rows(REGENCIES) {
        regencies.push(Region {
            code: RegionCode::parse_unchecked(&r[0]).expect("embedded regency code"),
            kind: Some(if &r[1] == "kota" {
                RegencyKind::Kota
            } else {
                RegencyKind::Kabupaten
            }),
            name: r[2].to_string(),
            lat: num(&r[3]),
            lng: num(&r[4]),
            population: num(&r[5]),
            area_km2: r[6].parse().ok(),
        });
    }
    let mut region_index = HashMap::new();
    for (i, p) in provinces.iter().enumerate() {
        region_index.insert(p.code, i);
    }
    for (i, r) in regencies.iter().enumerate() {
        region_index.insert(r.code, i);
    }
    let isco: Vec<IscoEntry> = rows(ISCO08)
        .map(|r| IscoEntry {
            code: r[0].to_string(),
            title_en: r[1].to_string(),
        })
        .collect();
    let isco_index = isco
        .iter()
        .enumerate()
        .map(|(i, e)| (e.code.clone(), i))
        .collect();
    let kbji: Vec<KbjiEntry> = rows(KBJI2014)
        .map(|r| KbjiEntry {
            code: r[0].to_string(),
            title_id: r[1].to_string(),
            isco08_unit: (!r[2].is_empty()).then(|| r[2].to_string()),
        })
        .collect();
    let mut kbji_index = HashMap::new();
    for (i, e) in kbji.iter().enumerate() {
        // The first row of a code is its title, as a scan from the top would find it.
        kbji_index.entry(e.code.clone()).or_insert(i);
    }
    let kbji_gaps = rows(KBJI2014_GAPS)
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    let kbli_sections_en = rows(ISIC4_SECTIONS_EN)
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    let kbli: Vec<KbliEntry> = rows(KBLI2020)
        .map(|r| KbliEntry {
            code: r[0].to_string(),
            category: r[1].chars().next().unwrap_or('?'),
            title_id: r[2].to_string(),
        })
        .collect();
    let kbli_index = kbli
        .iter()
        .enumerate()
        .map(|(i, e)| (e.code.clone(), i))
        .collect();
    let (kejuruan, programmes) = crate::programme::load_catalogue(rows(PROGRAMMES));
    let programme_index = programmes
        .iter()
        .enumerate()
        .map(|(i, p)| (p.code.clone(), i))
        .collect();
    Reference {
        provinces,
        regencies,
        region_index,
        isco,
        isco_index,
        kbji,
        kbji_index,
        kbji_gaps,
        kbli,
        kbli_sections_en,
        kbli_index,
        kejuruan,
        programmes,
        programme_index,
    }
}

impl Reference {
    /// The province or regency with this code.
    pub fn region(&self, code: RegionCode) -> Option<&Region> {
        let i = *self.region_index.get(&code)?;
        Some(if code.is_province() {
            &self.provinces[i]
        } else {
            &self.regencies[i]
        })
    }

    pub(crate) fn region_exists(&self, code: RegionCode) -> bool {
        self.region_index.contains_key(&code)
    }

    /// Regencies/cities of one province, in code order.
    pub fn regencies_of(&self, province: RegionCode) -> impl Iterator<Item = &Region> {
        self.regencies
            .iter()
            .filter(move |r| r.code.province() == province.province())
    }

    /// The ISCO-08 entry for a code of any level.
    pub fn isco(&self, code: &str) -> Option<&IscoEntry> {
        self.isco_index.get(code).map(|&i| &self.isco[i])
    }

    /// ISCO-08 unit groups (4 digits), in code order.
    pub fn isco_units(&self) -> impl Iterator<Item = &IscoEntry> {
        self.isco.iter().filter(|e| e.code.len() == 4)
    }

    /// KBJI 2014 entries that belong to an ISCO-08 unit group (unit level and 6-digit jabatan).
    pub fn kbji_for_unit<'a>(&'a self, unit: &'a str) -> impl Iterator<Item = &'a KbjiEntry> {
        self.kbji
            .iter()
            .filter(move |e| e.isco08_unit.as_deref() == Some(unit))
    }

    /// The Indonesian title of an ISCO-08 group of any level: KBJI 2014's, or for the groups
    /// its embedded scrape lacks, the project's own (`data/kbji2014_gaps.csv`).
    pub fn title_id(&self, code: &str) -> Option<&str> {
        self.kbji_index
            .get(code)
            .map(|&i| self.kbji[i].title_id.as_str())
            .or_else(|| self.kbji_gaps.get(code).map(String::as_str))
    }

    /// The English title of a KBLI category (A–U), which is its ISIC Rev.4 section's.
    pub fn kbli_section_en(&self, code: &str) -> Option<&str> {
        self.kbli_sections_en.get(code).map(String::as_str)
    }

    pub fn kbli(&self, code: &str) -> Option<&KbliEntry> {
        self.kbli_index.get(code).map(|&i| &self.kbli[i])
    }

    pub fn programme(&self, code: &str) -> Option<&Programme> {
        self.programme_index.get(code).map(|&i| &self.programmes[i])
    }

    pub fn kejuruan(&self, code: &str) -> Option<&Kejuruan> {
        self.kejuruan.iter().find(|k| k.code == code)
    }
}

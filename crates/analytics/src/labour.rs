//! The labour force by province (and, estimated, by regency) from real BPS Sakernas figures:
//! the denominator of the gap cube's coverage note.
//!
//! Owns the two embedded tables (`data/SOURCE.md` says where they come from), their join to the
//! Kemendagri provinces of `domain::reference()`, and the estimate. It knows nothing about
//! vacancies; `gap` compares these shares with the shares of vacancies.
//!
//! # The estimate
//!
//! labour force(province) = population 2025 (reference table) × `WORKING_AGE_SHARE` × TPAK 2022.
//!
//! - TPAK (tingkat partisipasi angkatan kerja) is labour force ÷ population aged 15+, per
//!   province, from Sakernas August 2022, the latest year in the shared data. That file names
//!   provinces without codes, so it is joined by name to the reference provinces
//!   (BPS codes differ from Kemendagri codes, so codes would be wrong anyway).
//! - The share of the population aged 15+ is taken as the national 76.5 % (Sakernas August 2024:
//!   215.4 M of 281.6 M) for every province. It is a constant factor, so it cancels out of every
//!   share comparison; it only sets the scale of the absolute figure shown.
//! - Papua Selatan, Papua Tengah and Papua Pegunungan were split from Papua, and Papua Barat
//!   Daya from Papua Barat, in 2022; Sakernas 2022 still reports the old provinces. These four
//!   take the TPAK of the province they were split from, and say so (`TpakSource::Parent`).
//! - A regency's labour force is its province's labour force × its share of the province's
//!   population (same participation rate everywhere in a province: the data has no finer grain).
//!
//! The open unemployment rate (TPT) of August 2024 is carried along for display; it is joined by
//! its Kemendagri code column, which covers all 38 provinces.

use std::sync::OnceLock;

use domain::{RegionCode, reference};

/// Population aged 15 and over ÷ total population, national (Sakernas August 2024).
pub const WORKING_AGE_SHARE: f64 = 0.765;

const TPAK_2022: &str = include_str!("../data/sakernas_tpak_2022.csv");
const TPT_2024: &str = include_str!("../data/tpt_2024.csv");

/// Provinces created in 2022, with the province whose Sakernas figures they inherit.
const SPLIT_FROM: [(&str, &str); 4] = [("93", "91"), ("94", "91"), ("95", "91"), ("96", "92")];

/// Where a province's participation rate comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TpakSource {
    /// Its own Sakernas 2022 figure.
    Sakernas2022,
    /// The Sakernas 2022 figure of the province it was split from (no own figure yet).
    Parent(RegionCode),
    /// No figure at all; the national mean of the provinces that have one is used.
    NationalMean,
}

/// One province's labour force estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvinceLabour {
    pub province: RegionCode,
    pub population: u64,
    pub tpak_percent: f64,
    pub tpak_source: TpakSource,
    /// Open unemployment rate, August 2024, when the source has it.
    pub tpt_percent: Option<f64>,
    /// Persons; see the module docs for the estimate.
    pub labour_force: f64,
}

/// Upper case, letters only, with the two abbreviations BPS uses spelt out, so that
/// "DKI JAKARTA" meets "Daerah Khusus Ibukota Jakarta" and "DI YOGYAKARTA" meets "Daerah
/// Istimewa Yogyakarta".
fn name_key(name: &str) -> String {
    let upper = name.to_uppercase();
    let words: Vec<&str> = upper.split_whitespace().collect();
    let expanded = match words.first() {
        Some(&"DKI") => format!("DAERAH KHUSUS IBUKOTA {}", words[1..].join(" ")),
        Some(&"DI") => format!("DAERAH ISTIMEWA {}", words[1..].join(" ")),
        _ => words.join(" "),
    };
    expanded.chars().filter(char::is_ascii_alphabetic).collect()
}

/// (name or code, value) pairs of a two-or-more-column embedded CSV: `key_col` and `value_col`.
fn pairs(text: &'static str, key_col: usize, value_col: usize) -> Vec<(&'static str, f64)> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split(',').collect();
            let value = cols.get(value_col)?.trim().parse().ok()?;
            Some((cols.get(key_col)?.trim(), value))
        })
        .collect()
}

fn load() -> Vec<ProvinceLabour> {
    let provinces = &reference().provinces;
    let tpak_by_name = pairs(TPAK_2022, 0, 1);
    let tpt_by_code = pairs(TPT_2024, 0, 2);
    let own_tpak = |code: RegionCode| -> Option<f64> {
        let key = name_key(&reference().region(code)?.name);
        tpak_by_name
            .iter()
            .find(|(name, _)| name_key(name) == key)
            .map(|&(_, v)| v)
    };
    let known: Vec<f64> = provinces.iter().filter_map(|p| own_tpak(p.code)).collect();
    let mean = known.iter().sum::<f64>() / known.len().max(1) as f64;
    provinces
        .iter()
        .map(|p| {
            let code = p.code.to_string();
            let parent = SPLIT_FROM
                .iter()
                .find(|(child, _)| *child == code)
                .and_then(|(_, parent)| RegionCode::parse(parent).ok());
            let (tpak_percent, tpak_source) = match (own_tpak(p.code), parent) {
                (Some(v), _) => (v, TpakSource::Sakernas2022),
                (None, Some(parent)) => match own_tpak(parent) {
                    Some(v) => (v, TpakSource::Parent(parent)),
                    None => (mean, TpakSource::NationalMean),
                },
                (None, None) => (mean, TpakSource::NationalMean),
            };
            let tpt_percent = tpt_by_code
                .iter()
                .find(|(c, _)| *c == code)
                .map(|&(_, v)| v);
            ProvinceLabour {
                province: p.code,
                population: p.population,
                tpak_percent,
                tpak_source,
                tpt_percent,
                labour_force: p.population as f64 * WORKING_AGE_SHARE * tpak_percent / 100.0,
            }
        })
        .collect()
}

/// All 38 provinces, in code order.
pub fn provinces() -> &'static [ProvinceLabour] {
    static TABLE: OnceLock<Vec<ProvinceLabour>> = OnceLock::new();
    TABLE.get_or_init(load)
}

/// The estimate for the province of `code` (a province or any regency in it).
pub fn province(code: RegionCode) -> Option<&'static ProvinceLabour> {
    let p = code.province();
    provinces().iter().find(|l| l.province == p)
}

/// A regency's labour force: its province's, in proportion to population.
pub fn regency_labour_force(code: RegionCode) -> Option<f64> {
    let regency = reference().region(code).filter(|_| code.is_regency())?;
    let province = province(code)?;
    let province_population: u64 = reference()
        .regencies_of(code.province())
        .map(|r| r.population)
        .sum();
    (province_population > 0)
        .then(|| province.labour_force * regency.population as f64 / province_population as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sakernas_province_joins_by_name() {
        let named = pairs(TPAK_2022, 0, 1);
        assert_eq!(named.len(), 34);
        let own = provinces()
            .iter()
            .filter(|p| p.tpak_source == TpakSource::Sakernas2022)
            .count();
        assert_eq!(own, 34, "every named province found its Kemendagri code");
    }

    #[test]
    fn the_new_papua_provinces_inherit_their_parents_rate() {
        let code = |s: &str| RegionCode::parse(s).expect("a province");
        for (child, parent) in SPLIT_FROM {
            let c = province(code(child)).expect("in the table");
            let p = province(code(parent)).expect("in the table");
            assert_eq!(c.tpak_source, TpakSource::Parent(code(parent)));
            assert_eq!(c.tpak_percent, p.tpak_percent);
        }
        assert!(provinces().iter().all(|p| p.tpt_percent.is_some()));
    }

    #[test]
    fn the_national_labour_force_is_of_the_right_size() {
        // BPS counted 152 M in the labour force in August 2024.
        let total: f64 = provinces().iter().map(|p| p.labour_force).sum();
        assert!((140e6..160e6).contains(&total), "{total}");
        let jabar = province(RegionCode::parse("32").expect("Jawa Barat")).expect("present");
        assert_eq!(jabar.tpak_percent, 66.15);
    }

    #[test]
    fn regencies_share_their_province_labour_force_by_population() {
        let jabar = RegionCode::parse("32").expect("Jawa Barat");
        let sum: f64 = reference()
            .regencies_of(jabar)
            .filter_map(|r| regency_labour_force(r.code))
            .sum();
        let whole = province(jabar).map(|p| p.labour_force).unwrap_or(0.0);
        assert!((sum - whole).abs() < 1e-6 * whole);
        assert_eq!(regency_labour_force(jabar), None);
    }
}

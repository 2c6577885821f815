//! Regional economic indicators of the synthetic country: GRDP at constant prices for every
//! regency × year (2021–2025) × KBLI 2020 category (A–U), and the persons employed in each.
//!
//! The model, in four steps:
//! 1. **Sector mix.** A kota starts from a trade/services/manufacturing profile, a kabupaten
//!    from an agriculture-heavy one. Province traits multiply it (plantations in Sumatra and
//!    Kalimantan, coal and oil in Kalimantan, Sumatra and Riau, nickel in Sulawesi and Maluku
//!    Utara, tourism in Bali, finance and ICT in Jakarta, the state in Papua), and a short list
//!    of real places sharpens it further (the Bekasi–Karawang industrial belt, Mimika's copper,
//!    Badung's hotels…). Each regency × sector weight then gets its own noise.
//! 2. **Scale.** GRDP = population × a provincial productivity level (kota higher) × how much a
//!    sharpened sector adds on top of the population-based economy, scaled so that the country
//!    sums to about Rp 10.9 million billion of value added in 2021 (BPS, 2010 prices).
//! 3. **Growth.** Each sector has a national real growth rate (agriculture ~2 %, ICT and
//!    accommodation ~7 %); each regency, regency × sector and year adds a deviation. A few
//!    smelter regencies boom.
//! 4. **Employment.** GRDP ÷ labour productivity: a national figure per sector (million Rupiah
//!    of value added per worker, from BPS GRDP and Sakernas), higher in richer areas and in a
//!    sharpened sector (capital-intensive plants and mines), rising 0.5–4 % a year, so that
//!    employment grows more slowly than output and falls in agriculture.
//!
//! Every draw comes from a stream keyed by (seed, regency), so the rows do not depend on the
//! order anything else is generated in.

use domain::RegionCode;

use crate::geo::{Geo, geo, is_java};
use crate::rng::Rng;

/// The years written, first to last.
pub const FIRST_YEAR: u16 = 2021;
pub const LAST_YEAR: u16 = 2025;

const N: usize = 21;

/// One row of the file.
pub struct IndicatorRow {
    /// Index into `geo().regencies`.
    pub regency: usize,
    pub year: u16,
    /// 0 = A … 20 = U.
    pub category: usize,
    pub grdp_idr_billion: f64,
    pub employment: u64,
}

// Shares of value added (percent) of a typical kabupaten and kota, A … U.
//                          A     B    C     D    E     F     G     H    I    J    K    L    M    N    O    P    Q    R    S    T    U
const KABUPATEN: [f64; N] = [
    20.0, 3.0, 11.0, 0.3, 0.05, 10.0, 13.0, 3.5, 2.0, 4.0, 1.8, 2.5, 0.4, 0.4, 3.5, 3.2, 1.1, 0.2,
    1.0, 0.3, 0.0,
];
const KOTA: [f64; N] = [
    1.5, 0.3, 14.0, 1.2, 0.12, 11.0, 21.0, 7.0, 4.5, 9.0, 7.5, 5.0, 2.0, 2.0, 3.5, 3.0, 2.0, 0.6,
    1.5, 0.4, 0.0,
];

/// National real growth of value added, percent a year (BPS 2021–2024 pattern, smoothed).
const GROWTH: [f64; N] = [
    2.0, 2.5, 4.6, 5.0, 4.0, 4.2, 4.9, 6.5, 6.8, 7.2, 4.8, 3.0, 5.5, 6.2, 2.8, 3.2, 6.0, 6.5, 5.5,
    4.0, 2.0,
];

/// Value added per worker, million Rupiah a year at 2010 prices, national (GRDP ÷ Sakernas
/// employment by sector, rounded).
const PRODUCTIVITY: [f64; N] = [
    33.0, 600.0, 125.0, 450.0, 25.0, 125.0, 60.0, 105.0, 33.0, 750.0, 320.0, 850.0, 110.0, 60.0,
    85.0, 55.0, 65.0, 40.0, 30.0, 8.0, 200.0,
];

/// Growth of value added per worker, percent a year: output can grow without as many new
/// workers, most of all where machines and software replace hands.
const PRODUCTIVITY_GROWTH: [f64; N] = [
    2.5, 1.0, 2.0, 2.0, 1.0, 1.5, 1.5, 2.0, 1.0, 4.0, 2.5, 1.0, 1.5, 1.0, 1.0, 1.0, 1.5, 1.0, 1.0,
    0.5, 0.5,
];

/// National value added at 2010 prices in 2021, billion Rupiah (GDP less net product taxes).
const NATIONAL_2021: f64 = 10_900_000.0;

fn cat(letter: char) -> usize {
    (letter as u8 - b'A') as usize
}

/// Relative GRDP per person of a province's regencies before sector sharpening.
fn province_level(p: u8) -> f64 {
    match p {
        31 => 2.8,
        64 => 1.6,
        21 => 1.7,
        14 | 65 => 1.5,
        96 => 1.0,
        12 | 15 | 19 | 62 | 72 => 1.1,
        16 | 35 | 51 | 63 | 71 | 73 | 74 | 91 => 1.0,
        36 => 0.95,
        13 | 61 | 32 | 92 => 0.85,
        18 | 33 | 34 | 75 | 82 => 0.8,
        11 | 17 | 76 => 0.7,
        52 | 81 | 93 | 94 | 95 => 0.6,
        53 => 0.45,
        _ => 0.9,
    }
}

/// Provinces where oil palm and rubber estates dominate farming outside the towns.
fn plantation(p: u8) -> bool {
    matches!(p, 12 | 14 | 15 | 16 | 18 | 61 | 62 | 64 | 65)
}

/// Typical mining intensity of a province's kabupaten (multiplier on B before regency noise).
fn province_mining(p: u8) -> f64 {
    match p {
        64 => 10.0,
        62 | 63 | 65 => 6.0,
        14 | 15 | 16 | 19 => 4.0,
        21 | 72 | 74 | 82 => 3.0,
        91..=96 => 2.0,
        _ => 1.0,
    }
}

/// Places whose real economy is far from their province's profile: (code, [(category,
/// multiplier)]). Multipliers apply on top of the province traits.
const PLACES: &[(&str, &[(char, f64)])] = &[
    // The Jakarta–Bekasi–Karawang–Purwakarta industrial belt and Banten's industry.
    ("32.16", &[('C', 12.0), ('A', 0.3)]),
    ("32.15", &[('C', 9.0), ('A', 0.6)]),
    ("32.14", &[('C', 8.0)]),
    ("32.01", &[('C', 3.0)]),
    ("36.03", &[('C', 5.0), ('A', 0.5)]),
    ("36.04", &[('C', 4.0)]),
    ("36.71", &[('C', 2.0), ('H', 2.5)]),
    ("36.72", &[('C', 5.0), ('D', 4.0)]),
    ("36.74", &[('L', 2.5), ('J', 1.5), ('P', 1.5)]),
    // East Java's industry, Kudus's and Kediri's kretek, Batam.
    ("35.15", &[('C', 4.0)]),
    ("35.25", &[('C', 5.0)]),
    ("35.14", &[('C', 4.0)]),
    ("35.16", &[('C', 3.0)]),
    ("33.19", &[('C', 6.0)]),
    ("35.71", &[('C', 7.0)]),
    ("21.71", &[('C', 3.0), ('H', 1.5)]),
    // Smelters, refineries and LNG.
    ("72.06", &[('C', 60.0), ('B', 4.0)]),
    ("82.02", &[('C', 40.0), ('B', 4.0)]),
    ("64.74", &[('C', 8.0)]),
    ("14.72", &[('C', 4.0)]),
    // Mines and wells.
    ("94.04", &[('B', 300.0)]),
    ("52.07", &[('B', 150.0)]),
    ("92.06", &[('B', 120.0), ('C', 4.0)]),
    ("35.22", &[('B', 20.0)]),
    ("64.08", &[('B', 5.0)]),
    ("64.02", &[('B', 4.0)]),
    ("64.03", &[('B', 3.0)]),
    ("63.10", &[('B', 3.0)]),
    ("63.09", &[('B', 3.0)]),
    ("16.03", &[('B', 3.0)]),
    ("14.03", &[('B', 3.0)]),
    ("14.08", &[('B', 3.0)]),
    ("21.03", &[('B', 6.0)]),
    ("21.05", &[('B', 8.0)]),
    ("73.24", &[('B', 6.0)]),
    ("74.09", &[('B', 6.0)]),
    ("15.06", &[('B', 3.0)]),
    // Tourism.
    ("51.03", &[('I', 4.0), ('A', 0.4), ('H', 1.5)]),
    ("51.04", &[('I', 1.5)]),
    ("51.71", &[('I', 2.0)]),
    ("52.08", &[('I', 4.0)]),
    ("53.15", &[('I', 4.0)]),
    ("34.71", &[('I', 1.8), ('P', 1.5)]),
    ("34.04", &[('I', 1.6), ('P', 1.8)]),
    ("31.01", &[('I', 6.0), ('A', 2.0)]),
    // Jakarta's centre: government, headquarters, embassies.
    ("31.71", &[('O', 2.0), ('K', 1.5)]),
    ("31.74", &[('K', 1.3), ('J', 1.3)]),
];

/// Where embassies and international bodies (category U) are; elsewhere the category is empty.
const EXTRATERRITORIAL: [&str; 2] = ["31.71", "31.74"];

/// Growth bonuses of booming places, percentage points a year: (code, category, bonus).
const BOOMS: &[(&str, char, f64)] = &[
    ("72.06", 'C', 12.0),
    ("82.02", 'C', 14.0),
    ("36.74", 'J', 3.0),
    ("53.15", 'I', 4.0),
];

/// Share-of-value-added weights of one regency before noise: profile × province traits ×
/// place overrides; also returns the multipliers applied, which sharpen productivity too.
fn weights(g: &Geo, i: usize) -> ([f64; N], [f64; N]) {
    let reg = &g.regencies[i];
    let p = reg.province;
    let mut w = if reg.kota { KOTA } else { KABUPATEN };
    let mut m = [1.0; N];
    let mut times = |c: char, f: f64| m[cat(c)] *= f;
    if !reg.kota {
        if plantation(p) {
            // Oil palm and rubber: the plantations and the mills that press them.
            times('A', 1.3);
            times('C', 1.3);
        }
        times('B', province_mining(p));
        if is_java(p) {
            times('C', 1.5);
            times('A', 0.8);
        }
    }
    if p == 31 && reg.kota {
        for (c, f) in [
            ('A', 0.02),
            ('C', 0.6),
            ('K', 2.5),
            ('J', 1.8),
            ('L', 1.3),
            ('M', 2.0),
            ('N', 2.0),
            ('G', 1.2),
        ] {
            times(c, f);
        }
    }
    if p == 51 {
        times('I', 4.0);
        times('R', 2.0);
        times('N', 1.5);
        times('A', 0.7);
    }
    if (91..=96).contains(&p) {
        times('O', 2.0);
        times('A', 1.2);
    }
    if g.provinces[reg.province_idx].capital == i {
        times('O', 1.6);
        times('Q', 1.3);
        times('P', 1.2);
    }
    for (code, overrides) in PLACES {
        if region(code) == reg.code {
            for &(c, f) in *overrides {
                times(c, f);
            }
        }
    }
    if EXTRATERRITORIAL.iter().any(|c| region(c) == reg.code) {
        w[cat('U')] = 0.05;
    }
    for s in 0..N {
        w[s] *= m[s];
    }
    (w, m)
}

fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).expect("embedded region code exists")
}

/// Every row, in regency code order, then year, then category.
pub fn generate(seed: u64) -> Vec<IndicatorRow> {
    let g = geo();
    struct Draft {
        /// GRDP of the first year before national scaling.
        base: [f64; N],
        growth: Vec<[f64; N]>,
        productivity: [f64; N],
    }
    let years = (LAST_YEAR - FIRST_YEAR + 1) as usize;
    let kota_level = |kota: bool| if kota { 1.5 } else { 1.0 };
    // The general productivity of an area, relative to the population-weighted mean.
    let general = |i: usize| {
        let r = &g.regencies[i];
        province_level(r.province) * kota_level(r.kota)
    };
    let population: f64 = g.regencies.iter().map(|r| r.population).sum();
    let mean_general = g
        .regencies
        .iter()
        .enumerate()
        .map(|(i, r)| general(i) * r.population)
        .sum::<f64>()
        / population;
    let drafts: Vec<Draft> = (0..g.regencies.len())
        .map(|i| {
            let reg = &g.regencies[i];
            let mut rng = Rng::keyed(seed, "indicators", reg.code.as_u16() as u64);
            let (mut w, m) = weights(g, i);
            let plain: f64 = if reg.kota { KOTA } else { KABUPATEN }.iter().sum();
            // Sharpened sectors add production on top of what the population alone would
            // make; the exponent keeps a mining regency rich but not absurdly so.
            let sharpened = (w.iter().sum::<f64>() / plain).powf(0.75);
            for v in &mut w {
                *v *= rng.normal(0.0, 0.25).exp();
            }
            let total = w.iter().sum::<f64>().max(f64::MIN_POSITIVE);
            let level = general(i) / mean_general;
            let size = reg.population * level * sharpened * rng.normal(0.0, 0.1).exp();
            let mut base = [0.0; N];
            for s in 0..N {
                base[s] = size * w[s] / total;
            }
            let regency_offset = rng.normal(0.0, 0.6);
            let mut sector_offset = [0.0; N];
            for (s, o) in sector_offset.iter_mut().enumerate() {
                // Mining output swings with prices and concessions.
                let sd = if s == cat('B') { 3.0 } else { 1.2 };
                *o = rng.normal(0.0, sd);
            }
            for &(code, c, bonus) in BOOMS {
                if region(code) == reg.code {
                    sector_offset[cat(c)] += bonus;
                }
            }
            let growth = (1..years)
                .map(|_| {
                    let mut y = [0.0; N];
                    for s in 0..N {
                        let pct =
                            GROWTH[s] + regency_offset + sector_offset[s] + rng.normal(0.0, 0.8);
                        y[s] = pct.clamp(-5.0, 25.0) / 100.0;
                    }
                    y
                })
                .collect();
            let mut productivity = [0.0; N];
            for s in 0..N {
                // Capital-intensive plants and mines need fewer hands per Rupiah, up to a point.
                let sharp = m[s].sqrt().clamp(1.0, 4.0);
                productivity[s] =
                    PRODUCTIVITY[s] * level.powf(0.85) * sharp * rng.normal(0.0, 0.08).exp();
            }
            if plantation(reg.province) && !reg.kota {
                // An oil-palm smallholder adds more value a year than a rice farmer.
                productivity[cat('A')] *= 1.4;
            }
            Draft {
                base,
                growth,
                productivity,
            }
        })
        .collect();
    let total: f64 = drafts.iter().flat_map(|d| d.base.iter()).sum();
    let scale = NATIONAL_2021 / total.max(f64::MIN_POSITIVE);
    let mut rows = Vec::with_capacity(drafts.len() * years * N);
    for (i, d) in drafts.iter().enumerate() {
        let mut grdp: [f64; N] = d.base.map(|v| v * scale);
        for y in 0..years {
            if y > 0 {
                for (v, g) in grdp.iter_mut().zip(&d.growth[y - 1]) {
                    *v *= 1.0 + g;
                }
            }
            for s in 0..N {
                let per_worker =
                    d.productivity[s] * (1.0 + PRODUCTIVITY_GROWTH[s] / 100.0).powi(y as i32);
                // A billion is a thousand millions: billion Rupiah × 1000 ÷ million per worker.
                let employment = (grdp[s] * 1000.0 / per_worker).round() as u64;
                rows.push(IndicatorRow {
                    regency: i,
                    year: FIRST_YEAR + y as u16,
                    category: s,
                    grdp_idr_billion: (grdp[s] * 100.0).round() / 100.0,
                    employment,
                });
            }
        }
    }
    rows
}

/// The rows of the default seed, for tests of the model itself.
#[cfg(test)]
fn default_rows() -> &'static [IndicatorRow] {
    static ROWS: std::sync::OnceLock<Vec<IndicatorRow>> = std::sync::OnceLock::new();
    ROWS.get_or_init(|| generate(20250101))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regency_total(code: &str, year: u16) -> ([f64; N], [u64; N]) {
        let g = geo();
        let i = g.by_code(code);
        let mut grdp = [0.0; N];
        let mut emp = [0; N];
        for r in default_rows()
            .iter()
            .filter(|r| r.regency == i && r.year == year)
        {
            grdp[r.category] = r.grdp_idr_billion;
            emp[r.category] = r.employment;
        }
        (grdp, emp)
    }

    fn share(v: &[f64; N], letter: char) -> f64 {
        v[cat(letter)] / v.iter().sum::<f64>()
    }

    #[test]
    fn the_country_adds_up_to_its_real_size() {
        let rows = default_rows();
        let sum = |year: u16| -> (f64, f64) {
            rows.iter()
                .filter(|r| r.year == year)
                .fold((0.0, 0.0), |(g, e), r| {
                    (g + r.grdp_idr_billion, e + r.employment as f64)
                })
        };
        let (g21, e21) = sum(2021);
        let (g25, e25) = sum(2025);
        assert!((g21 / NATIONAL_2021 - 1.0).abs() < 0.01, "{g21}");
        let growth = (g25 / g21).powf(0.25) - 1.0;
        assert!((0.035..0.065).contains(&growth), "national growth {growth}");
        // Sakernas: about 131 million employed in 2021, 142 million in 2024.
        assert!((110e6..155e6).contains(&e21), "employment 2021 {e21}");
        assert!(e25 > e21 && e25 / e21 < 1.12, "{e21} → {e25}");
        assert_eq!(rows.len(), geo().regencies.len() * 5 * N);
    }

    #[test]
    fn sector_mixes_follow_the_real_geography() {
        let (bekasi, _) = regency_total("32.16", 2021);
        assert!(
            share(&bekasi, 'C') > 0.5,
            "Bekasi C {}",
            share(&bekasi, 'C')
        );
        let (badung, _) = regency_total("51.03", 2021);
        assert!(
            share(&badung, 'I') > 0.15,
            "Badung I {}",
            share(&badung, 'I')
        );
        let (jaksel, _) = regency_total("31.74", 2021);
        assert!(share(&jaksel, 'K') > 0.1 && share(&jaksel, 'A') < 0.01);
        let (kutim, _) = regency_total("64.08", 2021);
        assert!(
            share(&kutim, 'B') > 0.3,
            "Kutai Timur B {}",
            share(&kutim, 'B')
        );
        let (mimika, _) = regency_total("94.04", 2021);
        assert!(share(&mimika, 'B') > 0.6);
        // A rural kabupaten off Java lives from farming.
        let (ntt, _) = regency_total("53.01", 2021);
        assert!(share(&ntt, 'A') > 0.2);
    }

    #[test]
    fn no_regency_employs_more_people_than_it_has() {
        let g = geo();
        for i in 0..g.regencies.len() {
            let code = g.regencies[i].code.to_string();
            let (_, emp) = regency_total(&code, 2025);
            let total: u64 = emp.iter().sum();
            let ratio = total as f64 / g.regencies[i].population;
            assert!((0.2..0.8).contains(&ratio), "{code}: {ratio}");
        }
    }
}

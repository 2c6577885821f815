//! Employer names: companies, shops, hospitals and schools that match the occupation, the
//! one-person businesses of self-employed graduates, and employers abroad.
//!
//! An employer is identified by (sector, regency, rank); its name is derived from that key
//! alone, so the same employer keeps its name across many job ads and placements without a
//! stored registry, and a few big employers (low ranks) post most of the ads.

use crate::geo::geo;
use crate::names;
use crate::occupations::Sector;
use crate::rng::{Rng, mix2};

const W1: &[&str] = &[
    "Sinar", "Cahaya", "Bintang", "Surya", "Mitra", "Karya", "Tunas", "Citra", "Mega", "Prima",
    "Sumber", "Berkah", "Anugerah", "Mulia", "Agung", "Graha", "Bina", "Duta", "Putra", "Indo",
    "Nusa", "Buana", "Dharma", "Artha", "Panca", "Tri", "Eka", "Dwi", "Multi", "Global", "Wahana",
    "Pilar", "Inti", "Samudra", "Bumi", "Tirta", "Kencana", "Permata", "Lintas", "Andalan",
    "Harapan", "Kurnia", "Makmur", "Gemilang", "Sentosa", "Jaya", "Rajawali", "Garuda",
];

const W2: &[&str] = &[
    "Jaya",
    "Abadi",
    "Mandiri",
    "Sejahtera",
    "Makmur",
    "Sentosa",
    "Utama",
    "Perkasa",
    "Lestari",
    "Gemilang",
    "Mulia",
    "Sakti",
    "Persada",
    "Nusantara",
    "Bersama",
    "Indah",
    "Agung",
    "Raya",
    "Prima",
    "Mas",
    "Baru",
    "Megah",
    "Cemerlang",
    "Santosa",
    "Kencana",
    "Perdana",
    "Berjaya",
    "Sukses",
    "Lancar",
    "Mulya",
    "Wijaya",
    "Pratama",
];

fn pt(rng: &mut Rng, suffixes: &[&str]) -> String {
    let a = rng.pick(W1);
    let mut b = rng.pick(W2);
    if a == b {
        b = &"Jaya";
    }
    let s = rng.pick(suffixes);
    if s.is_empty() {
        format!("PT {a} {b}")
    } else {
        format!("PT {a} {b} {s}")
    }
}

fn two(rng: &mut Rng) -> String {
    let a = rng.pick(W1);
    let b = rng.pick(W2);
    if a == b {
        a.to_string()
    } else {
        format!("{a} {b}")
    }
}

/// A fresh employer name for a sector in a regency (whose short name some public bodies carry).
fn build(rng: &mut Rng, sector: Sector, regency: usize) -> String {
    use Sector::*;
    let place = &geo().regencies[regency].short;
    let w = |rng: &mut Rng| rng.pick(W1).to_string();
    match sector {
        Office => match rng.weighted(&[5.0, 2.0, 1.0, 1.0, 0.5]) {
            0 => pt(rng, &["", "Indonesia", "Group", "Internasional"]),
            1 => format!("CV {}", two(rng)),
            2 => pt(rng, &["Outsourcing", "Sumber Daya", "Solusi Kerja"]),
            3 => format!("Yayasan {}", two(rng)),
            _ => format!("{} Tbk", pt(rng, &["", "Indonesia"])),
        },
        Manufacturing => match rng.weighted(&[7.0, 2.0, 1.0]) {
            0 => pt(
                rng,
                &[
                    "Indonesia",
                    "Industri",
                    "Manufacturing",
                    "Plastindo",
                    "Metalindo",
                    "Steel",
                    "Packaging",
                    "Precision",
                    "Engineering",
                    "Components",
                    "Chemical",
                    "Teknik Indonesia",
                ],
            ),
            1 => pt(rng, &[""]),
            _ => format!("CV {}", two(rng)),
        },
        Garment => match rng.weighted(&[5.0, 3.0, 1.0]) {
            0 => pt(
                rng,
                &[
                    "Garmindo", "Textile", "Apparel", "Busana", "Fashion", "Tekstil",
                ],
            ),
            1 => format!("Konveksi {}", two(rng)),
            _ => format!("CV {} Garment", w(rng)),
        },
        Food => match rng.weighted(&[4.0, 2.0, 2.0]) {
            0 => pt(
                rng,
                &["Food Indonesia", "Pangan", "Snack Food", "Foods", "Bakery"],
            ),
            1 => format!("UD {}", two(rng)),
            _ => format!("Pabrik Roti {}", w(rng)),
        },
        Construction => match rng.weighted(&[5.0, 3.0, 2.0]) {
            0 => pt(
                rng,
                &[
                    "Konstruksi",
                    "Karya Bangun",
                    "Kontraktor",
                    "Beton",
                    "Property",
                ],
            ),
            1 => format!("CV {}", two(rng)),
            _ => format!("CV {} Teknik", w(rng)),
        },
        Electrical => match rng.weighted(&[4.0, 3.0, 2.0]) {
            0 => pt(
                rng,
                &[
                    "Elektrindo",
                    "Teknik Mandiri",
                    "Electric",
                    "Power Solusindo",
                ],
            ),
            1 => format!("CV {} Teknik", w(rng)),
            _ => format!("Toko Elektronik {}", two(rng)),
        },
        Energy => match rng.weighted(&[4.0, 1.0]) {
            0 => pt(rng, &["Energi", "Power", "Gas", "Energi Lestari"]),
            _ => format!("Perumda Air Minum Tirta {}", w(rng)),
        },
        Automotive => match rng.weighted(&[4.0, 3.0, 2.0]) {
            0 => format!("Bengkel {} Motor", two(rng)),
            1 => pt(rng, &["Motor", "Otomotif", "Auto"]),
            _ => format!("Dealer {} Motor", w(rng)),
        },
        Retail => match rng.weighted(&[4.0, 3.0, 2.0, 1.0, 1.0]) {
            0 => format!("Toko {}", two(rng)),
            1 => format!("Minimarket {}", two(rng)),
            2 => format!("Toko Bangunan {}", two(rng)),
            3 => pt(rng, &["Retailindo", "Swalayan"]),
            _ => format!("Swalayan {}", w(rng)),
        },
        Hotel => match rng.weighted(&[4.0, 2.0, 2.0, 1.0]) {
            0 => format!("Hotel {}", two(rng)),
            1 => format!("{} Hotel", two(rng)),
            2 => format!("Grand {} Hotel {place}", w(rng)),
            _ => format!("{} Resort & Spa", w(rng)),
        },
        Restaurant => match rng.weighted(&[4.0, 2.0, 2.0, 2.0, 1.0, 1.0]) {
            0 => format!("Rumah Makan {}", two(rng)),
            1 => format!("RM Padang {}", two(rng)),
            2 => format!("Restoran {}", two(rng)),
            3 => format!("{} Coffee", w(rng)),
            4 => format!("Bakso {}", two(rng)),
            _ => format!("Kedai Kopi {}", w(rng)),
        },
        Health => match rng.weighted(&[3.0, 2.0, 2.0, 2.0, 1.0, 1.0]) {
            0 => format!("RS {} Medika", w(rng)),
            1 => format!("RSU {}", two(rng)),
            2 => format!("Klinik Pratama {}", two(rng)),
            3 => format!("RS Islam {place}"),
            4 => format!("RSUD {place}"),
            _ => format!("RS Ibu dan Anak {}", w(rng)),
        },
        Pharmacy => match rng.weighted(&[4.0, 2.0, 2.0]) {
            0 => format!("Apotek {} Farma", w(rng)),
            1 => format!("Apotek {}", two(rng)),
            _ => pt(rng, &["Farma", "Pharmaceutical", "Medika"]),
        },
        School => match rng.weighted(&[2.0, 2.0, 2.0, 1.5, 1.0]) {
            0 => format!("SMK {}", two(rng)),
            1 => format!("SMP {}", two(rng)),
            2 => format!("SMA {}", two(rng)),
            3 => format!("Yayasan Pendidikan {}", two(rng)),
            _ => format!("Sekolah {} {place}", w(rng)),
        },
        Primary => match rng.weighted(&[2.0, 2.0, 1.5, 1.0, 1.0]) {
            0 => format!("SD Islam Terpadu {}", w(rng)),
            1 => format!("SD {}", two(rng)),
            2 => format!("TK {}", two(rng)),
            3 => format!("PAUD {}", w(rng)),
            _ => format!("Yayasan Pendidikan {}", two(rng)),
        },
        Printing => match rng.weighted(&[3.0, 2.0, 1.0]) {
            0 => format!("Percetakan {}", two(rng)),
            1 => format!("CV {} Digital Printing", w(rng)),
            _ => pt(rng, &["Grafika", "Printing"]),
        },
        Course => match rng.weighted(&[3.0, 2.0, 2.0, 1.0, 1.0]) {
            0 => format!("Bimbel {}", w(rng)),
            1 => format!("LPK {}", two(rng)),
            2 => format!("Lembaga Kursus {}", two(rng)),
            3 => format!("Universitas {}", two(rng)),
            _ => format!("Politeknik {} {place}", w(rng)),
        },
        Leisure => match rng.weighted(&[2.0, 1.0, 1.0]) {
            0 => format!("{} Fitness Center", w(rng)),
            1 => format!("Gym {}", two(rng)),
            _ => format!("{} Sport Club", w(rng)),
        },
        Facility => match rng.weighted(&[3.0, 2.0, 1.0, 1.0]) {
            0 => pt(rng, &["Facility Services", "Jasa Kebersihan"]),
            1 => format!("CV {} Cleaning Service", w(rng)),
            2 => format!("PT {} Parkir Indonesia", w(rng)),
            _ => format!("CV {} Pest Control", w(rng)),
        },
        Fuel => match rng.weighted(&[4.0, 1.0]) {
            // Petrol stations are known by their number.
            0 => format!(
                "SPBU {}.{:03}.{:02}",
                geo().regencies[regency].province,
                rng.range(100, 999),
                rng.range(1, 40)
            ),
            _ => format!("PT {} Energi Niaga", w(rng)),
        },
        Finance => match rng.weighted(&[3.0, 2.0, 2.0, 1.0]) {
            0 => format!("PT BPR {}", two(rng)),
            1 => format!("KSP {}", two(rng)),
            2 => pt(rng, &["Finance", "Multifinance"]),
            _ => format!("PT Asuransi {}", two(rng)),
        },
        Tech => match rng.weighted(&[4.0, 2.0, 2.0]) {
            0 => pt(
                rng,
                &["Teknologi", "Digital Indonesia", "Solusindo", "Informatika"],
            ),
            1 => format!("PT {} Data Sistem", w(rng)),
            _ => format!("PT {} Teknologi Nusantara", w(rng)),
        },
        Media => match rng.weighted(&[3.0, 2.0, 1.0, 1.5]) {
            0 => pt(rng, &["Media", "Kreatif", "Production", "Komunika"]),
            1 => format!("{} Production House", w(rng)),
            2 => format!("Radio {} FM", w(rng)),
            _ => format!("{} Studio", w(rng)),
        },
        Logistics => match rng.weighted(&[4.0, 2.0, 2.0, 1.0]) {
            0 => pt(
                rng,
                &["Logistik", "Trans", "Cargo", "Transportindo", "Shipping"],
            ),
            1 => format!("PT {} Ekspres", w(rng)),
            2 => format!("CV {} Trans", w(rng)),
            _ => format!("Ekspedisi {}", two(rng)),
        },
        Agriculture => match rng.weighted(&[3.0, 2.0, 2.0, 1.0, 1.0]) {
            0 => pt(rng, &["Agro", "Agro Lestari", "Plantation", "Agrindo"]),
            1 => format!("PT Perkebunan {}", two(rng)),
            2 => format!("Kelompok Tani {}", two(rng)),
            3 => format!("Peternakan {}", two(rng)),
            _ => format!("PT {} Sawit Lestari", w(rng)),
        },
        Fishery => match rng.weighted(&[3.0, 2.0, 1.0]) {
            0 => pt(rng, &["Bahari", "Perikanan", "Samudra", "Seafood"]),
            1 => format!("CV Tambak {}", w(rng)),
            _ => format!("KUD Mina {}", w(rng)),
        },
        Mining => match rng.weighted(&[4.0, 2.0, 2.0]) {
            0 => pt(rng, &["Mining", "Coal", "Minerals", "Resources"]),
            1 => format!("PT {} Tambang Energi", w(rng)),
            _ => format!("PT {} Nikel Indonesia", w(rng)),
        },
        Beauty => {
            let owner =
                names::full_name(rng, geo().regencies[regency].province, domain::Sex::Female);
            let owner = names::called_name(&owner).to_string();
            match rng.weighted(&[3.0, 2.0, 2.0, 1.0]) {
                0 => format!("Salon {owner}"),
                1 => format!("{owner} Beauty"),
                2 => format!("Klinik Kecantikan {}", w(rng)),
                _ => format!("{} Spa", w(rng)),
            }
        }
        Household => match rng.weighted(&[3.0, 2.0, 1.0]) {
            0 => format!("Yayasan Penyalur {}", two(rng)),
            1 => format!("LPK {} (penyalur ART)", two(rng)),
            _ => format!("Agen Perawat Lansia {}", w(rng)),
        },
        Security => match rng.weighted(&[3.0, 2.0]) {
            0 => pt(rng, &["Security", "Garda Utama", "Satria Pengamanan"]),
            _ => format!("PT {} Garda Nusantara", w(rng)),
        },
    }
}

/// The employer of rank `rank` in a sector and regency. Same key, same name.
pub fn employer(seed: u64, sector: Sector, regency: usize, rank: usize) -> String {
    let key = mix2(mix2(sector as u64, regency as u64), rank as u64);
    let mut rng = Rng::keyed(seed, "employer", key);
    build(&mut rng, sector, regency)
}

/// A ranked employer: a few large employers post much of the demand.
pub fn pick_employer(rng: &mut Rng, seed: u64, sector: Sector, regency: usize) -> String {
    let rank = rng.zipf(60, 1.1);
    employer(seed, sector, regency, rank)
}

/// The business a self-employed graduate runs, named after them as small businesses are.
pub fn own_business(rng: &mut Rng, kejuruan: &str, person_name: &str) -> String {
    let n = names::called_name(person_name);
    let options: &[&str] = match kejuruan {
        "KEC" => &[
            "Salon {}",
            "{} Make Up Artist",
            "Rias Pengantin {}",
            "{} Beauty Care",
        ],
        "BOG" => &[
            "Usaha Kue {}",
            "Warung Makan {}",
            "Dapur {}",
            "Roti {}",
            "Katering {}",
        ],
        "TAN" => &[
            "Usaha Ternak {}",
            "Kebun Hidroponik {}",
            "Tani {}",
            "Peternakan Ayam {}",
        ],
        "IKN" => &[
            "Kolam Lele {}",
            "Tambak {}",
            "Budidaya Ikan {}",
            "Olahan Ikan {}",
        ],
        "OTO" => &["Bengkel {} Motor", "Servis Motor {}", "Bengkel {}"],
        "GAR" => &["Penjahit {}", "Jahit {}", "Konveksi {}"],
        "LAS" => &["Bengkel Las {}", "Las {} Teknik"],
        "ELK" | "LIS" | "REF" => &["Servis Elektronik {}", "{} Teknik", "Servis AC {}"],
        "TIK" | "KRE" => &["Jasa Desain {}", "{} Digital Printing", "{} Studio"],
        "BAN" => &["Jasa Bangunan {}", "Tukang {}"],
        _ => &["Usaha {}", "Toko {}", "Warung {}"],
    };
    rng.pick(options).replace("{}", n)
}

/// A destination country and an employer there, for graduates placed abroad.
pub fn overseas(rng: &mut Rng, programme: &str) -> (&'static str, String) {
    const JP_FAMILY: &[&str] = &[
        "Yamamoto",
        "Tanaka",
        "Suzuki",
        "Sato",
        "Takahashi",
        "Watanabe",
        "Ito",
        "Nakamura",
        "Kobayashi",
        "Kato",
        "Yoshida",
        "Yamada",
        "Sasaki",
        "Matsumoto",
        "Inoue",
        "Kimura",
    ];
    const JP_TRADE: &[&str] = &[
        "Seiki",
        "Kogyo",
        "Foods",
        "Denki",
        "Kensetsu",
        "Seisakusho",
        "Metal",
        "Sangyo",
    ];
    const KR: &[&str] = &[
        "Daeil", "Hanil", "Samjin", "Dongsung", "Kyungin", "Sewon", "Jinyoung", "Haesung",
    ];
    const DE: &[&str] = &[
        "Mainz", "Kassel", "Bremen", "Augsburg", "Freiburg", "Dortmund",
    ];
    const TW: &[&str] = &["Chen", "Lin", "Wang", "Huang", "Chang", "Liu"];
    match programme {
        "BHS-01" => (
            "Jepang",
            format!("{} {} Co., Ltd.", rng.pick(JP_FAMILY), rng.pick(JP_TRADE)),
        ),
        "BHS-02" => (
            "Korea Selatan",
            format!(
                "{} {} Co., Ltd.",
                rng.pick(KR),
                rng.pick(&["Industrial", "Precision", "Tech", "Farm"])
            ),
        ),
        "BHS-05" => ("Jerman", format!("Klinikum {}", rng.pick(DE))),
        p if p.starts_with("KES") => match rng.weighted(&[3.0, 2.0, 1.0]) {
            0 => ("Taiwan", format!("Keluarga {} (Taipei)", rng.pick(TW))),
            1 => ("Jepang", format!("Kaigo {} Co., Ltd.", rng.pick(JP_FAMILY))),
            _ => (
                "Hong Kong",
                format!("Keluarga {} (Hong Kong)", rng.pick(TW)),
            ),
        },
        p if p.starts_with("IKN") => ("Taiwan", format!("{} Ocean Fishing Co.", rng.pick(TW))),
        p if p.starts_with("PAR") || p.starts_with("BHS") => (
            "Kapal pesiar",
            format!(
                "{} Cruise Line",
                rng.pick(&["Royal Ocean", "Coral Sea", "Pacific Star", "Blue Horizon"])
            ),
        ),
        _ => match rng.weighted(&[2.0, 1.0, 1.0]) {
            0 => (
                "Jepang",
                format!("{} {} Co., Ltd.", rng.pick(JP_FAMILY), rng.pick(JP_TRADE)),
            ),
            1 => (
                "Korea Selatan",
                format!("{} Industrial Co., Ltd.", rng.pick(KR)),
            ),
            _ => (
                "Arab Saudi",
                format!(
                    "{} Contracting Co.",
                    rng.pick(&["Al Rajhi", "Al Falah", "Al Noor", "Al Safwa"])
                ),
            ),
        },
    }
}

/// The same employer written differently in a second report: "PT. X" for "PT X", capitals,
/// or the legal form moved to the end.
pub fn respell(rng: &mut Rng, name: &str) -> String {
    if let Some(rest) = name.strip_prefix("PT ") {
        match rng.weighted(&[4.0, 2.0, 1.0]) {
            0 => format!("PT. {rest}"),
            1 => format!("{rest}, PT"),
            _ => name.to_uppercase(),
        }
    } else if let Some(rest) = name.strip_prefix("CV ") {
        format!("CV. {rest}")
    } else if rng.chance(0.5) {
        name.to_uppercase()
    } else {
        name.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::geo;

    #[test]
    fn employers_are_stable_per_key_and_match_their_sector() {
        let bekasi = geo().by_code("32.16");
        let a = employer(1, Sector::Manufacturing, bekasi, 3);
        assert_eq!(a, employer(1, Sector::Manufacturing, bekasi, 3));
        assert_ne!(a, employer(1, Sector::Manufacturing, bekasi, 4));
        for rank in 0..30 {
            let h = employer(1, Sector::Health, bekasi, rank);
            assert!(["RS", "Klinik"].iter().any(|p| h.starts_with(p)), "{h}");
        }
        let mut rng = Rng::new(2);
        let r = respell(&mut rng, "PT Sinar Jaya");
        assert_ne!(r, "PT Sinar Jaya");
        assert!(r.to_uppercase().contains("SINAR JAYA"), "{r}");
        let s = own_business(&mut rng, "KEC", "Ni Made Ayu Lestari");
        assert!(s.contains("Ayu"), "{s}");
    }
}

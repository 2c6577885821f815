//! The BLK network: the Ministry's UPTPs with their real names and seats, a regional UPTD in
//! every province capital plus regency UPTDs, and community BLKs, with what each can teach.

use domain::records::BlkType;
use domain::reference;

use crate::geo::{geo, is_java, province_label};
use crate::rng::{Rng, Table};

#[derive(Debug, Clone)]
pub struct Capacity {
    pub kejuruan: &'static str,
    pub workshops: u8,
    pub instructors: u8,
}

#[derive(Debug, Clone)]
pub struct Blk {
    pub code: String,
    pub name: String,
    pub kind: BlkType,
    pub regency: usize,
    pub address: String,
    pub capacity: Vec<Capacity>,
    /// Indices into `reference().programmes`, in catalogue order.
    pub programmes: Vec<usize>,
    /// How much better or worse than typical its graduates fare (a BLK effect that planning
    /// analytics should be able to find).
    pub quality: f64,
}

/// The Ministry's own centres (UPTP), their seats and the kejuruan they are known for.
const UPTP: [(&str, &str, &[&str]); 21] = [
    (
        "BBPVP Bekasi",
        "Kota Bekasi",
        &["MAN", "LAS", "REF", "ELK", "TIK", "BHS", "LIS", "MES"],
    ),
    (
        "BBPVP Bandung",
        "Kota Bandung",
        &["TIK", "ELK", "OTO", "LIS", "MES", "KRE", "BIS"],
    ),
    (
        "BBPVP Serang",
        "Kota Serang",
        &["MAN", "LAS", "MES", "LIS", "OTO", "TIK", "BHS"],
    ),
    (
        "BBPVP Medan",
        "Kota Medan",
        &["OTO", "LAS", "LIS", "TIK", "BOG", "PAR", "BIS"],
    ),
    (
        "BBPVP Semarang",
        "Kota Semarang",
        &["GAR", "TIK", "OTO", "LAS", "BOG", "KRE", "BIS"],
    ),
    (
        "BBPVP Makassar",
        "Kota Makassar",
        &["ALB", "OTO", "LAS", "TIK", "PAR", "BOG", "LIS"],
    ),
    (
        "BPVP Banda Aceh",
        "Kota Banda Aceh",
        &["TIK", "OTO", "LAS", "BOG", "GAR", "LIS"],
    ),
    (
        "BPVP Padang",
        "Kota Padang",
        &["OTO", "TIK", "BOG", "PAR", "LAS", "BAN"],
    ),
    (
        "BPVP Bantaeng",
        "Kabupaten Bantaeng",
        &["TAN", "IKN", "OTO", "LAS", "BOG", "ALB"],
    ),
    (
        "BPVP Kendari",
        "Kota Kendari",
        &["ALB", "OTO", "LAS", "TIK", "IKN", "LIS"],
    ),
    (
        "BPVP Ternate",
        "Kota Ternate",
        &["ALB", "OTO", "LAS", "IKN", "TIK", "PAR"],
    ),
    (
        "BPVP Sorong",
        "Kota Sorong",
        &["OTO", "LAS", "ALB", "TIK", "BAN", "IKN"],
    ),
    (
        "BPVP Ambon",
        "Kota Ambon",
        &["IKN", "OTO", "TIK", "PAR", "LAS", "BOG"],
    ),
    (
        "BPVP Lombok Timur",
        "Kabupaten Lombok Timur",
        &["PAR", "BHS", "TAN", "OTO", "BOG", "KES"],
    ),
    (
        "BPVP Samarinda",
        "Kota Samarinda",
        &["ALB", "OTO", "LAS", "LIS", "TIK", "REF"],
    ),
    (
        "BPVP Belitung",
        "Kabupaten Belitung",
        &["PAR", "IKN", "OTO", "BOG", "TIK", "KRE"],
    ),
    (
        "BPVP Banyuwangi",
        "Kabupaten Banyuwangi",
        &["PAR", "TAN", "OTO", "BOG", "TIK", "IKN"],
    ),
    (
        "BPVP Surakarta",
        "Kota Surakarta",
        &["TIK", "GAR", "KRE", "OTO", "BOG", "BIS"],
    ),
    (
        "BPVP Pangkep",
        "Kabupaten Pangkajene dan Kepulauan",
        &["IKN", "TAN", "OTO", "LAS", "BOG", "MAN"],
    ),
    (
        "BPVP Bandung Barat",
        "Kabupaten Bandung Barat",
        &["TIK", "BIS", "KRE", "PAR", "BHS", "KES"],
    ),
    (
        "BPVP Sidoarjo",
        "Kabupaten Sidoarjo",
        &["MAN", "LAS", "OTO", "ELK", "TIK", "BHS", "LOG"],
    ),
];

/// Base popularity of each kejuruan by BLK type: community BLKs (mostly in pesantren) teach
/// IT, sewing, food processing and motorcycle repair far more than heavy equipment.
fn base_weight(kind: BlkType, kej: &str) -> f64 {
    let (uptp, uptd, komunitas) = match kej {
        "LAS" => (3.0, 3.0, 2.5),
        "OTO" => (3.0, 3.5, 3.0),
        "LIS" => (3.0, 3.0, 1.5),
        "REF" => (2.0, 2.0, 1.0),
        "TIK" => (3.0, 3.5, 5.0),
        "GAR" => (2.0, 3.0, 4.0),
        "BOG" => (2.0, 2.5, 3.0),
        "PAR" => (2.0, 1.5, 0.5),
        "BAN" => (2.0, 2.0, 0.5),
        "MAN" => (2.5, 1.5, 0.3),
        "TAN" => (1.5, 2.0, 2.0),
        "IKN" => (1.0, 1.2, 1.0),
        "BIS" => (2.0, 2.0, 1.5),
        "BHS" => (2.5, 1.0, 0.5),
        "KEC" => (1.5, 2.5, 2.0),
        "ELK" => (2.5, 2.0, 1.5),
        "MES" => (2.0, 1.0, 0.2),
        "KRE" => (1.5, 1.2, 1.0),
        "LOG" => (1.5, 1.0, 0.3),
        "KES" => (1.0, 0.7, 0.3),
        "ALB" => (1.0, 0.5, 0.1),
        _ => (1.0, 1.0, 0.5),
    };
    match kind {
        BlkType::Uptp => uptp,
        BlkType::Uptd => uptd,
        _ => komunitas,
    }
}

/// Regional fit: farming and fisheries off Java, heavy equipment where the mines are, tourism
/// in Bali, Lombok and Yogyakarta, factory skills in the industrial belt.
fn regional_weight(province: u8, kej: &str) -> f64 {
    match kej {
        "TAN" | "IKN" if province == 31 => 0.3,
        "TAN" | "IKN" if !is_java(province) => 2.0,
        "ALB" if matches!(province, 14 | 15 | 16 | 62 | 63 | 64 | 65 | 72 | 74 | 82) => 4.0,
        "PAR" if matches!(province, 51 | 52 | 34) => 3.0,
        "BHS" if matches!(province, 51 | 52 | 34 | 53) => 1.5,
        "MAN" | "MES" if matches!(province, 32 | 36 | 35 | 21) => 2.0,
        _ => 1.0,
    }
}

const STREETS: &[&str] = &[
    "Jend. Sudirman",
    "Ahmad Yani",
    "Diponegoro",
    "Gatot Subroto",
    "Pahlawan",
    "Veteran",
    "Merdeka",
    "Soekarno-Hatta",
    "Imam Bonjol",
    "Gajah Mada",
    "Hasanuddin",
    "Pattimura",
    "Raya Industri",
    "Raya Pendidikan",
    "Balai Latihan Kerja",
    "Pramuka",
    "Kartini",
    "Cut Nyak Dien",
    "Sisingamangaraja",
    "Teuku Umar",
    "Mayjen Sutoyo",
    "Raya Pesantren",
];

const PESANTREN: &[&str] = &[
    "Al-Hikmah",
    "Darul Ulum",
    "Miftahul Huda",
    "Nurul Iman",
    "Al-Falah",
    "Darussalam",
    "Al-Ikhlas",
    "Raudhatul Jannah",
    "Hidayatullah",
    "Baitul Hikmah",
    "Darul Falah",
    "Al-Muhajirin",
    "Nurul Huda",
    "Al-Amanah",
    "Daarul Qur'an",
    "Manbaul Ulum",
    "Bustanul Ulum",
    "Riyadhus Sholihin",
    "Al-Furqon",
    "Roudlotul Muttaqin",
    "Nurul Jadid",
    "Al-Ittihad",
    "Sunan Drajat",
    "Al-Mukhlisin",
    "Tarbiyatul Islamiyah",
    "Darul Arqam",
    "Al-Hidayah",
    "Mambaul Hikam",
];

fn address(rng: &mut Rng, regency: usize) -> String {
    let g = &geo().regencies[regency];
    format!(
        "Jl. {} No. {}, {}",
        rng.pick(STREETS),
        rng.range(1, 180),
        g.name
    )
}

/// The name of a community BLK, after the institution that hosts it.
fn komunitas_name(rng: &mut Rng, regency: usize) -> String {
    let g = &geo().regencies[regency];
    let host = match g.province {
        53 => rng
            .pick(&[
                "Yayasan Kristen",
                "Paroki Santo Yoseph",
                "GMIT Jemaat",
                "Yayasan Katolik",
            ])
            .to_string(),
        71 => rng
            .pick(&["GMIM Jemaat", "Yayasan Kristen", "Paroki Hati Kudus"])
            .to_string(),
        81 => rng
            .pick(&[
                "GPM Jemaat",
                "Pondok Pesantren Al-Hikmah",
                "Yayasan Kristen",
            ])
            .to_string(),
        91..=96 => rng
            .pick(&[
                "GKI di Tanah Papua Jemaat",
                "Yayasan Kristen",
                "Paroki Kristus Raja",
            ])
            .to_string(),
        51 => rng
            .pick(&["Desa Adat", "Yayasan Dharma", "Yayasan Widya"])
            .to_string(),
        12 if rng.chance(0.35) => rng.pick(&["HKBP", "Yayasan Kristen"]).to_string(),
        _ => match rng.weighted(&[7.0, 1.5, 1.0, 0.5]) {
            0 => format!("Pondok Pesantren {}", rng.pick(PESANTREN)),
            1 => format!(
                "Yayasan {} {}",
                rng.pick(&["Bina", "Insan", "Cahaya", "Harapan", "Mitra"]),
                rng.pick(&["Mandiri", "Umat", "Sejahtera", "Bangsa", "Kreatif"])
            ),
            2 => rng.pick(&["PCNU", "PD Muhammadiyah"]).to_string(),
            _ => "Serikat Pekerja".to_string(),
        },
    };
    // Generic hosts carry the place name; pesantren names often do too.
    if host.starts_with("Pondok") && rng.chance(0.6) {
        format!("BLK Komunitas {host}")
    } else {
        format!("BLK Komunitas {host} {}", g.short)
    }
}

/// Chooses `n` distinct kejuruan by weight, returned in catalogue order.
fn choose_kejuruan(
    rng: &mut Rng,
    kind: BlkType,
    province: u8,
    known_for: &[&str],
    n: usize,
) -> Vec<usize> {
    let kej = &reference().kejuruan;
    let mut weights: Vec<f64> = kej
        .iter()
        .map(|k| {
            let fame = if known_for.contains(&k.code.as_str()) {
                6.0
            } else {
                1.0
            };
            base_weight(kind, &k.code) * regional_weight(province, &k.code) * fame
        })
        .collect();
    let mut chosen = Vec::with_capacity(n);
    for _ in 0..n.min(kej.len()) {
        let i = rng.weighted(&weights);
        chosen.push(i);
        weights[i] = 0.0;
    }
    chosen.sort_unstable();
    chosen
}

fn equip(rng: &mut Rng, kind: BlkType, kejuruan: &[usize]) -> (Vec<Capacity>, Vec<usize>) {
    let r = reference();
    let mut capacity = Vec::new();
    let mut programmes = Vec::new();
    for &k in kejuruan {
        let code = r.kejuruan[k].code.as_str();
        let (workshops, instructors) = match kind {
            BlkType::Uptp => (rng.range(2, 3), rng.range(2, 4)),
            BlkType::Uptd => (rng.weighted(&[5.0, 4.0, 1.0]) as i64 + 1, rng.range(1, 3)),
            _ => (1, rng.range(1, 2)),
        };
        capacity.push(Capacity {
            kejuruan: code,
            workshops: workshops as u8,
            instructors: instructors.max(workshops) as u8,
        });
        let offered: Vec<usize> = r
            .programmes
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kejuruan_code == code)
            .map(|(i, _)| i)
            .collect();
        let want = match kind {
            BlkType::Uptp => (offered.len() * 3).div_ceil(4),
            BlkType::Uptd => rng.range(1, 3) as usize,
            _ => rng.range(1, 2) as usize,
        }
        .clamp(1, offered.len());
        // The first programmes of a kejuruan are its staples (SMAW before pipe welding).
        let mut pool = offered.clone();
        let mut weights: Vec<f64> = (0..pool.len())
            .map(|i| 1.0 / (1.0 + i as f64 * 0.3))
            .collect();
        for _ in 0..want {
            let i = rng.weighted(&weights);
            programmes.push(pool[i]);
            pool.remove(i);
            weights.remove(i);
        }
    }
    programmes.sort_unstable();
    (capacity, programmes)
}

/// The BLK network for a scale: about 21 UPTP, 270 UPTD and 300 community BLKs at 1.0.
/// Every province keeps its provincial UPTD however small the scale.
pub fn generate(seed: u64, scale: f64) -> Vec<Blk> {
    let g = geo();
    let mut rng = Rng::derive(seed, "blks");
    let mut blks = Vec::new();
    // Serial numbers per (type, regency) for the codes.
    let mut serial = vec![[0u16; 3]; g.regencies.len()];
    let mut next_code = |prefix: &str, t: usize, regency: usize, width: usize| {
        serial[regency][t] += 1;
        format!(
            "{prefix}-{:04}-{:0width$}",
            g.regencies[regency].nik_prefix(),
            serial[regency][t]
        )
    };

    let n_uptp = ((UPTP.len() as f64 * scale).round() as usize).clamp(1, UPTP.len());
    for (name, seat, known_for) in UPTP.iter().take(n_uptp) {
        let regency = g.by_name(seat);
        let n = rng.range(6, 10) as usize;
        let kej = choose_kejuruan(
            &mut rng,
            BlkType::Uptp,
            g.regencies[regency].province,
            known_for,
            n,
        );
        let (capacity, programmes) = equip(&mut rng, BlkType::Uptp, &kej);
        blks.push(Blk {
            code: next_code("UPTP", 0, regency, 2),
            name: name.to_string(),
            kind: BlkType::Uptp,
            regency,
            address: address(&mut rng, regency),
            capacity,
            programmes,
            quality: rng.normal(0.04, 0.04),
        });
    }

    let n_uptd = ((270.0 * scale).round() as usize).max(g.provinces.len());
    let mut uptd_sites: Vec<(usize, bool)> =
        g.provinces.iter().map(|p| (p.capital, true)).collect();
    let mut has_uptd = vec![0u8; g.regencies.len()];
    while uptd_sites.len() < n_uptd {
        // Most regencies have at most one UPTD BLK: redraw a few times before doubling up.
        let mut r = g.population.sample(&mut rng);
        for _ in 0..40 {
            if has_uptd[r] == 0 {
                break;
            }
            r = g.population.sample(&mut rng);
        }
        has_uptd[r] += 1;
        uptd_sites.push((r, false));
    }
    let mut named = vec![0usize; g.regencies.len()];
    for (regency, provincial) in uptd_sites {
        let reg = &g.regencies[regency];
        let name = if provincial {
            format!(
                "UPTD Balai Pelatihan Kerja Provinsi {}",
                province_label(g.provinces[reg.province_idx].name)
            )
        } else {
            let base = if reg.province == 31 {
                format!("UPT PPKD {}", reg.short)
            } else {
                format!("UPTD BLK {}", reg.name)
            };
            named[regency] += 1;
            match named[regency] {
                1 => base,
                n => format!("{base} {}", ["II", "III", "IV", "V", "VI"][(n - 2).min(4)]),
            }
        };
        let n = rng.range(3, 6) as usize;
        let kej = choose_kejuruan(&mut rng, BlkType::Uptd, reg.province, &[], n);
        let (capacity, programmes) = equip(&mut rng, BlkType::Uptd, &kej);
        blks.push(Blk {
            code: next_code("UPTD", 1, regency, 2),
            name,
            kind: BlkType::Uptd,
            regency,
            address: address(&mut rng, regency),
            capacity,
            programmes,
            quality: rng.normal(0.0, 0.05),
        });
    }

    let n_komunitas = (300.0 * scale).round() as usize;
    let table: &Table = &g.population;
    for _ in 0..n_komunitas {
        let regency = table.sample(&mut rng);
        let province = g.regencies[regency].province;
        let n = rng.range(1, 2) as usize;
        let kej = choose_kejuruan(&mut rng, BlkType::Komunitas, province, &[], n);
        let (capacity, programmes) = equip(&mut rng, BlkType::Komunitas, &kej);
        blks.push(Blk {
            code: next_code("BLKK", 2, regency, 3),
            name: komunitas_name(&mut rng, regency),
            kind: BlkType::Komunitas,
            regency,
            address: address(&mut rng, regency),
            capacity,
            programmes,
            quality: rng.normal(-0.04, 0.06),
        });
    }
    blks
}

impl Blk {
    /// `KEJ:workshops:instructors;…` as the import expects.
    pub fn capacity_text(&self) -> String {
        self.capacity
            .iter()
            .map(|c| format!("{}:{}:{}", c.kejuruan, c.workshops, c.instructors))
            .collect::<Vec<_>>()
            .join(";")
    }

    pub fn programmes_text(&self) -> String {
        let r = reference();
        self.programmes
            .iter()
            .map(|&i| r.programmes[i].code.as_str())
            .collect::<Vec<_>>()
            .join(";")
    }

    pub fn workshops(&self, kejuruan: &str) -> u8 {
        self.capacity
            .iter()
            .find(|c| c.kejuruan == kejuruan)
            .map(|c| c.workshops)
            .unwrap_or(0)
    }
}

//! The columns each importable entity has, their Indonesian and English names, and examples.

use std::collections::HashMap;
use std::fmt;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    Vacancies,
    JobSeekers,
    Blks,
    Cohorts,
    Placements,
    Tracer,
    /// Regional economic indicators: GRDP (and employment) by region × year × KBLI category.
    Indicators,
    /// Results-framework targets: indicator × level × area × year.
    Targets,
}

impl Entity {
    pub const ALL: [Entity; 8] = [
        Entity::Blks,
        Entity::Indicators,
        Entity::JobSeekers,
        Entity::Vacancies,
        Entity::Cohorts,
        Entity::Placements,
        Entity::Tracer,
        Entity::Targets,
    ];

    /// The name used on the command line and in the batch registry.
    pub fn name(self) -> &'static str {
        match self {
            Entity::Vacancies => "vacancies",
            Entity::JobSeekers => "job-seekers",
            Entity::Blks => "blks",
            Entity::Cohorts => "cohorts",
            Entity::Placements => "placements",
            Entity::Tracer => "tracer",
            Entity::Indicators => "indicators",
            Entity::Targets => "targets",
        }
    }

    pub fn parse(s: &str) -> Option<Entity> {
        let k = s.trim().to_lowercase().replace('_', "-");
        Some(match k.as_str() {
            "vacancies" | "lowongan" => Entity::Vacancies,
            "job-seekers" | "jobseekers" | "pencari-kerja" => Entity::JobSeekers,
            "blks" | "blk" => Entity::Blks,
            "cohorts" | "trainees" | "angkatan" | "peserta" => Entity::Cohorts,
            "placements" | "penempatan" => Entity::Placements,
            "tracer" | "tracer-responses" => Entity::Tracer,
            "indicators" | "regional-indicators" | "indikator" | "pdrb" | "grdp" => {
                Entity::Indicators
            }
            "targets" | "target" | "sasaran" | "kerangka-hasil" => Entity::Targets,
            _ => return None,
        })
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            Entity::Vacancies => VACANCY_FIELDS,
            Entity::JobSeekers => JOB_SEEKER_FIELDS,
            Entity::Blks => BLK_FIELDS,
            Entity::Cohorts => COHORT_FIELDS,
            Entity::Placements => PLACEMENT_FIELDS,
            Entity::Tracer => TRACER_FIELDS,
            Entity::Indicators => INDICATOR_FIELDS,
            Entity::Targets => TARGET_FIELDS,
        }
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One column: its canonical (English) header, the other headers accepted, whether it must be
/// present, and a value for the template's example row.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
    pub example: &'static str,
    /// Codes and identifiers that a spreadsheet must keep as text.
    pub text: bool,
}

const fn f(
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    example: &'static str,
) -> Field {
    Field {
        name,
        aliases,
        required,
        example,
        text: false,
    }
}

const fn t(
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    example: &'static str,
) -> Field {
    Field {
        name,
        aliases,
        required,
        example,
        text: true,
    }
}

const NIK: Field = t(
    "nik",
    &["no_ktp", "nomor_induk_kependudukan", "ktp", "national_id"],
    true,
    "3273014508950003",
);
const REGION: &[&str] = &[
    "kode_wilayah",
    "kode_kab_kota",
    "kode_kabupaten",
    "kode_kota",
    "kode_daerah",
    "regency_code",
    "kode_kemendagri",
    "wilayah",
];

/// A vacancy's context fields, in the order they are joined (`domain::records::ad_context`):
/// what a portal or a job fair says the job is, read by the occupation coder with the title.
/// The last, `skills`, is also kept on its own as the ad's skill tags.
pub const VACANCY_CONTEXT_FIELDS: [&str; 5] = [
    "category",
    "subcategory",
    "function",
    "study_programme",
    "skills",
];

/// The header names a vacancy's context field goes by: its name, then its aliases.
pub fn vacancy_context_headers(field: &str) -> impl Iterator<Item = &'static str> {
    VACANCY_FIELDS
        .iter()
        .filter(move |f| f.name == field)
        .flat_map(|f| std::iter::once(f.name).chain(f.aliases.iter().copied()))
}

static VACANCY_FIELDS: &[Field] = &[
    t(
        "source",
        &["sumber", "portal", "sumber_data"],
        true,
        "karirhub",
    ),
    t(
        "source_id",
        &["id_sumber", "id_lowongan", "job_id", "vacancy_id", "id"],
        true,
        "KH-2025-000123",
    ),
    f(
        "title",
        &[
            "judul",
            "jabatan",
            "posisi",
            "nama_jabatan",
            "job_title",
            "position",
            "judul_lowongan",
        ],
        true,
        "Tukang Las SMAW",
    ),
    f(
        "description",
        &[
            "deskripsi",
            "uraian",
            "uraian_tugas",
            "job_description",
            "desc",
            "persyaratan",
        ],
        false,
        "Dibutuhkan welder berpengalaman 2 tahun, sertifikat BNSP diutamakan",
    ),
    // The ad's context fields (`VACANCY_CONTEXT_FIELDS`).
    f(
        "category",
        &[
            "kategori",
            "job_category",
            "kategori_pekerjaan",
            "department",
            "job_department",
            "departemen",
            "divisi",
            "bidang",
        ],
        false,
        "Teknik",
    ),
    f(
        "subcategory",
        &["sub_category", "subkategori", "sub_kategori"],
        false,
        "Teknik Mesin",
    ),
    f(
        "function",
        &["fungsi", "job_function", "fungsi_pekerjaan"],
        false,
        "Welder",
    ),
    f(
        "study_programme",
        &["program_studi", "study_program", "jurusan", "prodi"],
        false,
        "Teknik Pengelasan",
    ),
    f(
        "skills",
        &["skill_set", "keahlian", "keterampilan", "kompetensi"],
        false,
        "SMAW; membaca gambar teknik",
    ),
    f(
        "employer",
        &[
            "perusahaan",
            "pemberi_kerja",
            "company",
            "nama_perusahaan",
            "company_name",
        ],
        false,
        "PT Baja Nusantara",
    ),
    t("region_code", REGION, false, "32.16"),
    f(
        "location",
        &[
            "lokasi",
            "kota",
            "kabupaten",
            "city",
            "location_text",
            "penempatan",
        ],
        false,
        "Kab. Bekasi",
    ),
    t(
        "isco08",
        &[
            "kode_isco",
            "isco",
            "isco_code",
            "kbji",
            "kode_kbji",
            "kode_jabatan",
            "occupation_code",
        ],
        false,
        "7212",
    ),
    // Whose the code is, as `listraf export vacancies` writes it: a file exported from one
    // Listraf and imported into another keeps the sources' and reviewers' codes, and lets the
    // importing system code again what the exporting one's coder read.
    f("isco_basis", &["dasar_kode"], false, "source"),
    t(
        "kbli",
        &["kode_kbli", "sektor", "sector", "kbli_code"],
        false,
        "24101",
    ),
    f(
        "education",
        &[
            "pendidikan",
            "pendidikan_minimal",
            "min_education",
            "pendidikan_min",
        ],
        false,
        "SMK",
    ),
    f(
        "experience_years",
        &[
            "pengalaman",
            "pengalaman_tahun",
            "experience",
            "min_experience",
        ],
        false,
        "2",
    ),
    f(
        "salary_min",
        &[
            "gaji_min",
            "gaji_minimal",
            "upah_min",
            "min_salary",
            "gaji_dari",
        ],
        false,
        "4.500.000",
    ),
    f(
        "salary_max",
        &[
            "gaji_max",
            "gaji_maks",
            "gaji_maksimal",
            "upah_max",
            "max_salary",
            "gaji_sampai",
        ],
        false,
        "6.000.000",
    ),
    f(
        "positions",
        &[
            "jumlah_lowongan",
            "jumlah",
            "formasi",
            "kebutuhan",
            "openings",
            "jumlah_kebutuhan",
            "vacancies",
        ],
        false,
        "3",
    ),
    f(
        "posted_date",
        &[
            "tanggal_posting",
            "tanggal_tayang",
            "tanggal",
            "posted",
            "date_posted",
            "tanggal_terbit",
        ],
        true,
        "2025-08-17",
    ),
    f(
        "expires_date",
        &[
            "tanggal_berakhir",
            "batas_akhir",
            "deadline",
            "expiry_date",
            "closing_date",
            "tanggal_tutup",
        ],
        false,
        "2025-09-30",
    ),
];

static JOB_SEEKER_FIELDS: &[Field] = &[
    NIK,
    f(
        "name",
        &["nama", "nama_lengkap", "full_name"],
        true,
        "Siti Rahmawati",
    ),
    f(
        "birth_date",
        &["tanggal_lahir", "tgl_lahir", "dob", "date_of_birth"],
        false,
        "1995-08-05",
    ),
    f(
        "sex",
        &["jenis_kelamin", "jk", "gender", "kelamin"],
        true,
        "P",
    ),
    t(
        "region_code",
        &[
            "kode_wilayah",
            "domisili",
            "kode_domisili",
            "kode_kab_kota",
            "kode_kabupaten",
            "regency_code",
            "kode_daerah",
        ],
        true,
        "32.73",
    ),
    f(
        "education",
        &["pendidikan", "pendidikan_terakhir", "last_education"],
        true,
        "SMK",
    ),
    t(
        "preferred_isco",
        &[
            "jabatan_diminati",
            "kode_isco",
            "isco",
            "preferred_occupations",
            "minat_jabatan",
            "isco_diminati",
            "jabatan_yang_diminati",
            "kbji",
        ],
        false,
        "7212;7214",
    ),
    f(
        "skills",
        &["keterampilan", "keahlian", "kompetensi"],
        false,
        "pengelasan SMAW;membaca gambar teknik",
    ),
    f(
        "registered_date",
        &[
            "tanggal_daftar",
            "tgl_daftar",
            "registration_date",
            "tanggal_registrasi",
        ],
        true,
        "2025-01-10",
    ),
    f(
        "status",
        &["status_pencari_kerja", "status_pencaker"],
        false,
        "ACTIVE",
    ),
    t(
        "phone",
        &[
            "telepon", "no_hp", "hp", "whatsapp", "no_wa", "nomor_hp", "telp",
        ],
        false,
        "081234567890",
    ),
];

static BLK_FIELDS: &[Field] = &[
    t(
        "code",
        &["kode_blk", "kode", "blk_code", "kode_lembaga"],
        true,
        "BLK-3273-01",
    ),
    f(
        "name",
        &["nama_blk", "nama", "nama_lembaga", "institution_name"],
        true,
        "UPTD BLK Kota Bandung",
    ),
    f(
        "type",
        &["jenis", "tipe", "jenis_blk", "blk_type", "jenis_lembaga"],
        true,
        "UPTD",
    ),
    t("region_code", REGION, true, "32.73"),
    f(
        "address",
        &["alamat"],
        false,
        "Jl. Soekarno-Hatta No. 1, Bandung",
    ),
    f(
        "capacity",
        &["kapasitas", "kapasitas_kejuruan"],
        false,
        "LAS:2:3;TIK:1:2",
    ),
    f(
        "programmes",
        &["program", "program_pelatihan", "kode_program"],
        false,
        "LAS-01;TIK-01",
    ),
];

static COHORT_FIELDS: &[Field] = &[
    t(
        "cohort_code",
        &["kode_angkatan", "angkatan", "kode_pelatihan", "batch_code"],
        true,
        "BLK-3273-01/2025/LAS-01/1",
    ),
    t("blk_code", &["kode_blk", "blk"], true, "BLK-3273-01"),
    t(
        "programme_code",
        &["kode_program", "program", "programme"],
        true,
        "LAS-01",
    ),
    f(
        "start_date",
        &["tanggal_mulai", "mulai", "tgl_mulai", "start"],
        true,
        "2025-03-03",
    ),
    f(
        "end_date",
        &["tanggal_selesai", "selesai", "tgl_selesai", "end"],
        true,
        "2025-04-25",
    ),
    f(
        "seats",
        &["kuota", "jumlah_kursi", "paket", "kapasitas"],
        false,
        "16",
    ),
    f(
        "funding",
        &["sumber_dana", "anggaran", "dana", "funding_source"],
        false,
        "DEKON",
    ),
    // The job seekers' template's person, who trains here: one NIK is one person.
    NIK,
    f(
        "name",
        &["nama", "nama_peserta", "nama_lengkap"],
        true,
        "Siti Rahmawati",
    ),
    f("sex", &["jenis_kelamin", "jk", "gender"], true, "P"),
    f(
        "birth_date",
        &["tanggal_lahir", "tgl_lahir", "dob"],
        false,
        "1995-08-05",
    ),
    f(
        "education",
        &["pendidikan", "pendidikan_terakhir"],
        false,
        "SMA",
    ),
    t(
        "region_code",
        &["kode_wilayah", "domisili", "kode_domisili", "kode_kab_kota"],
        false,
        "32.73",
    ),
    t(
        "phone",
        &["telepon", "no_hp", "hp", "whatsapp", "no_wa", "nomor_hp"],
        false,
        "081298765432",
    ),
    f(
        "status",
        &[
            "status_peserta",
            "status_kelulusan",
            "trainee_status",
            "kelulusan",
        ],
        false,
        "COMPLETED",
    ),
    f(
        "certified",
        &[
            "sertifikasi",
            "bersertifikat",
            "kompeten",
            "sertifikat_bnsp",
            "certificate",
        ],
        false,
        "ya",
    ),
];

static PLACEMENT_FIELDS: &[Field] = &[
    NIK,
    f(
        "placement_type",
        &["jenis_penempatan", "tipe", "jenis", "type"],
        true,
        "WAGE",
    ),
    f(
        "employer",
        &[
            "perusahaan",
            "pemberi_kerja",
            "nama_perusahaan",
            "usaha",
            "company",
        ],
        true,
        "PT Baja Nusantara",
    ),
    f(
        "start_date",
        &[
            "tanggal_mulai_kerja",
            "tanggal_penempatan",
            "tmt",
            "tanggal",
            "start",
        ],
        true,
        "2025-06-02",
    ),
    t(
        "cohort_code",
        &["kode_angkatan", "angkatan"],
        false,
        "BLK-3273-01/2025/LAS-01/1",
    ),
    t("vacancy_source", &["sumber_lowongan"], false, "karirhub"),
    t(
        "vacancy_source_id",
        &["id_lowongan"],
        false,
        "KH-2025-000123",
    ),
    t(
        "isco08",
        &["kode_isco", "isco", "kbji", "kode_jabatan"],
        false,
        "7212",
    ),
    t(
        "region_code",
        &[
            "kode_wilayah",
            "lokasi_kerja",
            "kode_kab_kota",
            "kode_lokasi",
        ],
        false,
        "32.16",
    ),
    f(
        "monthly_income",
        &[
            "gaji",
            "upah",
            "penghasilan",
            "pendapatan",
            "income",
            "salary",
        ],
        false,
        "5.200.000",
    ),
    f(
        "evidence",
        &["bukti", "keterangan", "evidence_note"],
        false,
        "surat keterangan kerja",
    ),
];

static TRACER_FIELDS: &[Field] = &[
    NIK,
    t(
        "cohort_code",
        &["kode_angkatan", "angkatan"],
        true,
        "BLK-3273-01/2025/LAS-01/1",
    ),
    f(
        "wave",
        &[
            "gelombang",
            "bulan_ke",
            "bulan_setelah_lulus",
            "months_after",
        ],
        true,
        "6",
    ),
    f(
        "response_date",
        &[
            "tanggal_respon",
            "tanggal_jawab",
            "tanggal",
            "tanggal_survei",
        ],
        true,
        "2025-10-27",
    ),
    f(
        "status",
        &["status_kerja", "status_pekerjaan", "employment_status"],
        true,
        "WAGE_EMPLOYED",
    ),
    f(
        "monthly_income",
        &["penghasilan", "gaji", "upah", "pendapatan", "income"],
        false,
        "4.800.000",
    ),
    f(
        "relevant",
        &["relevan", "sesuai_pelatihan", "relevansi", "related"],
        false,
        "ya",
    ),
    f(
        "respondent",
        &[
            "responden",
            "dijawab_oleh",
            "identitas_dikonfirmasi",
            "konfirmasi_identitas",
        ],
        false,
        "SELF",
    ),
];

static INDICATOR_FIELDS: &[Field] = &[
    t(
        "region_code",
        &[
            "kode_wilayah",
            "kode_kab_kota",
            "kode_kabupaten",
            "kode_kota",
            "kode_provinsi",
            "kode_daerah",
            "regency_code",
            "kode_kemendagri",
            "wilayah",
        ],
        true,
        "32.16",
    ),
    f("year", &["tahun", "tahun_data"], true, "2024"),
    t(
        "kbli_category",
        &[
            "kategori_kbli",
            "kategori",
            "lapangan_usaha",
            "kbli",
            "kode_kbli",
            "sektor",
            "sector",
            "category",
        ],
        true,
        "C",
    ),
    f(
        "grdp_idr_billion",
        &[
            "pdrb",
            "grdp",
            "pdrb_adhk",
            "pdrb_adhk_miliar",
            "pdrb_miliar",
            "nilai_pdrb",
            "grdp_constant_prices",
        ],
        true,
        "224.815,30",
    ),
    f(
        "employment",
        &[
            "tenaga_kerja",
            "penduduk_bekerja",
            "jumlah_tenaga_kerja",
            "pekerja",
            "employed_persons",
        ],
        false,
        "612400",
    ),
];

static TARGET_FIELDS: &[Field] = &[
    f(
        "indicator",
        &["indikator", "ukuran", "indikator_kinerja"],
        true,
        "PLACED",
    ),
    f("level", &["tingkat", "jenjang"], true, "NATIONAL"),
    t(
        "area_code",
        &[
            "kode_wilayah",
            "kode_provinsi",
            "kode_blk",
            "wilayah",
            "area",
            "kode",
        ],
        false,
        "",
    ),
    f("year", &["tahun", "tahun_anggaran"], true, "2026"),
    f(
        "project_year",
        &["tahun_proyek", "tahun_ke", "tahun_program"],
        true,
        "1",
    ),
    f(
        "target",
        &["nilai_target", "sasaran", "target_value"],
        true,
        "12000",
    ),
];

/// Folds a header to a comparable key: lower case, ASCII letters and digits, `_` between words.
pub fn header_key(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut gap = false;
    for c in h.trim().trim_start_matches('\u{feff}').chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// Which column of the file feeds each field.
#[derive(Debug)]
pub struct ColumnMap {
    /// Field index → column index.
    pub columns: Vec<Option<usize>>,
    /// Headers that matched no field; reported, not fatal.
    pub ignored: Vec<String>,
}

/// A problem with the header row as a whole.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderProblem {
    Missing {
        field: &'static str,
        accepted: String,
    },
    Duplicate {
        field: &'static str,
        first: String,
        second: String,
    },
}

impl fmt::Display for HeaderProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderProblem::Missing { field, accepted } => {
                write!(
                    f,
                    "required column {field:?} is missing (accepted headers: {accepted})"
                )
            }
            HeaderProblem::Duplicate {
                field,
                first,
                second,
            } => write!(
                f,
                "columns {first:?} and {second:?} both mean {field:?}; keep one"
            ),
        }
    }
}

impl HeaderProblem {
    /// The problem in Bahasa Indonesia, with the same quoted headers as `Display`.
    pub fn indonesian(&self) -> String {
        match self {
            HeaderProblem::Missing { field, accepted } => {
                format!("kolom wajib {field:?} tidak ada (judul kolom yang diterima: {accepted})")
            }
            HeaderProblem::Duplicate {
                field,
                first,
                second,
            } => format!(
                "kolom {first:?} dan {second:?} sama-sama berarti {field:?}; hapus salah satunya"
            ),
        }
    }
}

pub fn map_columns(entity: Entity, headers: &[String]) -> (ColumnMap, Vec<HeaderProblem>) {
    let fields = entity.fields();
    let mut lookup: HashMap<String, usize> = HashMap::new();
    for (i, fd) in fields.iter().enumerate() {
        lookup.insert(header_key(fd.name), i);
        for a in fd.aliases {
            lookup.entry(header_key(a)).or_insert(i);
        }
    }
    let mut columns = vec![None; fields.len()];
    let mut ignored = Vec::new();
    let mut problems = Vec::new();
    for (col, h) in headers.iter().enumerate() {
        match lookup.get(&header_key(h)) {
            Some(&fi) => match columns[fi] {
                None => columns[fi] = Some(col),
                Some(prev) => problems.push(HeaderProblem::Duplicate {
                    field: fields[fi].name,
                    first: headers[prev].clone(),
                    second: h.clone(),
                }),
            },
            None if h.trim().is_empty() => {}
            None => ignored.push(h.clone()),
        }
    }
    for (fi, fd) in fields.iter().enumerate() {
        if fd.required && columns[fi].is_none() {
            let mut accepted = vec![fd.name];
            accepted.extend(fd.aliases.iter().copied());
            problems.push(HeaderProblem::Missing {
                field: fd.name,
                accepted: accepted.join(", "),
            });
        }
    }
    (ColumnMap { columns, ignored }, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_keys_fold_case_spaces_and_punctuation() {
        assert_eq!(header_key("Tanggal Lahir"), "tanggal_lahir");
        assert_eq!(header_key("\u{feff}NIK "), "nik");
        assert_eq!(header_key("Kode Kab/Kota"), "kode_kab_kota");
        assert_eq!(header_key("jenis-kelamin"), "jenis_kelamin");
    }

    #[test]
    fn maps_indonesian_and_english_headers() {
        let headers: Vec<String> = [
            "NIK",
            "Nama Lengkap",
            "Jenis Kelamin",
            "Kode Wilayah",
            "Pendidikan Terakhir",
            "Tanggal Daftar",
            "Hobi",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (map, problems) = map_columns(Entity::JobSeekers, &headers);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(map.columns[0], Some(0));
        assert_eq!(map.ignored, vec!["Hobi".to_string()]);
    }

    #[test]
    fn reports_missing_and_duplicate_columns() {
        let headers: Vec<String> = ["nik", "nama", "name"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (_, problems) = map_columns(Entity::JobSeekers, &headers);
        assert!(
            problems
                .iter()
                .any(|p| matches!(p, HeaderProblem::Duplicate { field: "name", .. }))
        );
        assert!(
            problems
                .iter()
                .any(|p| matches!(p, HeaderProblem::Missing { field: "sex", .. }))
        );
    }

    #[test]
    fn every_entity_has_unique_field_names_and_aliases() {
        for e in Entity::ALL {
            let mut seen = std::collections::HashSet::new();
            for fd in e.fields() {
                assert!(seen.insert(header_key(fd.name)), "{e}: {}", fd.name);
                for a in fd.aliases {
                    assert!(seen.insert(header_key(a)), "{e}: alias {a}");
                }
            }
        }
    }
}

//! Records of the entities Listraf imports, with their small closed vocabularies.
//!
//! A record holds only parsed domain values: `ingest` builds them from files, `store` persists
//! them, and nothing downstream re-validates.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{ParseError, Phrase};
use crate::money::Rupiah;
use crate::nik::Nik;
use crate::occupation::{IscoCode, KbliCategory, KbliCode};
use crate::person::{Education, Sex};
use crate::region::RegionCode;

/// Declares a closed vocabulary: what it is called (English, Indonesian), a code written to
/// files and databases, an Indonesian label and the spellings accepted on input (compared
/// case-insensitively, ignoring spaces, `-` and `_`).
macro_rules! vocabulary {
    ($name:ident, $what:literal, $what_id:literal, { $($variant:ident => $code:literal, $label:literal, [$($alias:literal),*]);+ $(;)? }) => {
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            const EXPECTED: &'static str = concat!($($code, " "),+);

            pub fn parse(input: &str) -> Result<Self, ParseError> {
                let key: String = input.trim().to_lowercase().chars()
                    .filter(|c| !matches!(c, ' ' | '-' | '_' | '.')).collect();
                $(
                    if key == $code.to_lowercase().replace(['_', '-', ' '], "") $(|| key == $alias)* {
                        return Ok($name::$variant);
                    }
                )+
                Err(ParseError::Choice { what: Phrase::new($what, $what_id), input: input.trim().to_string(), expected: Self::EXPECTED.trim_ascii_end() })
            }

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label_id(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.code()) }
        }

        impl TryFrom<String> for $name {
            type Error = ParseError;
            fn try_from(s: String) -> Result<Self, Self::Error> { Self::parse(&s) }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String { v.code().to_string() }
        }
    };
}

vocabulary!(BlkType, "BLK type", "jenis BLK", {
    Uptp => "UPTP", "UPT Pusat (Kemnaker)", ["bbpvp", "bpvp", "pusat"];
    Uptd => "UPTD", "UPT Daerah", ["daerah", "blkd"];
    Komunitas => "KOMUNITAS", "BLK Komunitas", ["blkkomunitas", "blkk", "community"];
    Lpk => "LPK", "Lembaga Pelatihan Kerja swasta", ["lpkswasta", "private"];
});

vocabulary!(FundingSource, "funding source", "sumber dana", {
    Apbn => "APBN", "APBN (pusat)", ["pusat"];
    Dekon => "DEKON", "Dekonsentrasi", ["dekonsentrasi"];
    Tp => "TP", "Tugas Pembantuan", ["tugaspembantuan"];
    Apbd => "APBD", "APBD", [];
    Blud => "BLUD", "BLUD", [];
    Other => "LAINNYA", "Lainnya", ["other", "swasta", "csr"];
});

vocabulary!(TraineeStatus, "trainee status", "status peserta", {
    Enrolled => "ENROLLED", "Peserta aktif", ["terdaftar", "peserta", "aktif", "sedangpelatihan"];
    Completed => "COMPLETED", "Lulus", ["lulus", "selesai", "graduated", "kompeten"];
    NotPassed => "NOT_PASSED", "Tidak lulus", ["tidaklulus", "belumkompeten", "failed"];
    Dropped => "DROPPED", "Mengundurkan diri", ["keluar", "dropout", "mengundurkandiri", "do"];
});

vocabulary!(JobSeekerStatus, "job-seeker status", "status pencari kerja", {
    Active => "ACTIVE", "Aktif mencari kerja", ["aktif", "mencarikerja"];
    Placed => "PLACED", "Sudah ditempatkan", ["ditempatkan", "bekerja", "employed"];
    Inactive => "INACTIVE", "Tidak aktif", ["tidakaktif", "kadaluarsa", "expired"];
});

vocabulary!(PlacementType, "placement type", "jenis penempatan", {
    Wage => "WAGE", "Bekerja (penerima upah)", ["upah", "bekerja", "employed", "pekerja"];
    SelfEmployed => "SELF_EMPLOYED", "Wirausaha", ["wirausaha", "mandiri", "selfemployed", "usahasendiri"];
    Overseas => "OVERSEAS", "Bekerja di luar negeri (PMI)", ["luarnegeri", "pmi", "abroad"];
});

vocabulary!(TracerStatus, "tracer status", "status tracer study", {
    WageEmployed => "WAGE_EMPLOYED", "Bekerja (penerima upah)", ["bekerja", "upah", "employed"];
    SelfEmployed => "SELF_EMPLOYED", "Wirausaha", ["wirausaha", "mandiri", "selfemployed"];
    Overseas => "OVERSEAS", "Bekerja di luar negeri", ["luarnegeri", "pmi", "abroad"];
    Unemployed => "UNEMPLOYED", "Belum bekerja, mencari kerja", ["mencarikerja", "belumbekerja", "menganggur"];
    Studying => "STUDYING", "Melanjutkan pendidikan", ["sekolah", "kuliah", "melanjutkanpendidikan", "education"];
    NotInLabourForce => "NOT_IN_LABOUR_FORCE", "Tidak bekerja dan tidak mencari kerja", ["bukanangkatankerja", "tidakmencari", "inactive"];
});

vocabulary!(Respondent, "respondent", "responden", {
    Graduate => "SELF", "Alumni sendiri (identitas dikonfirmasi)", ["sendiri", "alumni", "graduate", "peserta", "ya"];
    Proxy => "PROXY", "Dijawab orang lain", ["oranglain", "keluarga", "wakil", "proxy", "tidak"];
    Unconfirmed => "UNCONFIRMED", "Identitas belum dikonfirmasi", ["belumdikonfirmasi", "unknown", "tidaktahu"];
});

vocabulary!(OutcomeIndicator, "results-framework indicator", "indikator kerangka hasil", {
    Graduates => "GRADUATES", "Lulusan", ["lulusan", "jumlahlulusan"];
    Certified => "CERTIFIED", "Lulusan bersertifikat", ["bersertifikat", "sertifikasi", "tersertifikasi"];
    Placed => "PLACED", "Lulusan ditempatkan", ["ditempatkan", "penempatan", "placement", "placements"];
    Kebekerjaan => "KEBEKERJAAN", "Tingkat kebekerjaan", ["tingkatkebekerjaan", "employmentrate"];
    CostPerPlacement => "COST_PER_PLACEMENT", "Biaya per penempatan", ["biayaperpenempatan", "biayapenempatan"];
});

vocabulary!(TargetLevel, "target level", "tingkat target", {
    National => "NATIONAL", "Nasional", ["nasional", "pusat"];
    Province => "PROVINCE", "Provinsi", ["provinsi", "prov"];
    Blk => "BLK", "BLK", ["lembaga"];
});

impl TracerStatus {
    /// Counts toward kebekerjaan: wage employment at home or abroad, or self-employment.
    pub fn is_employed(self) -> bool {
        matches!(
            self,
            TracerStatus::WageEmployed | TracerStatus::SelfEmployed | TracerStatus::Overseas
        )
    }
}

/// A BLK with its capacity per kejuruan.
#[derive(Debug, Clone, PartialEq)]
pub struct BlkRecord {
    pub code: String,
    pub name: String,
    pub blk_type: BlkType,
    pub region: RegionCode,
    pub address: Option<String>,
    pub capacity: Vec<KejuruanCapacity>,
    /// Catalogue programmes the BLK offers.
    pub programmes: Vec<String>,
}

/// What a BLK can run in one kejuruan: workshops and instructors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KejuruanCapacity {
    pub kejuruan: &'static str,
    pub workshops: u16,
    pub instructors: u16,
}

/// A registered job seeker (AK/I card holder).
#[derive(Debug, Clone, PartialEq)]
pub struct JobSeekerRecord {
    pub nik: Nik,
    pub name: String,
    pub birth_date: Option<Date>,
    pub sex: Sex,
    pub region: RegionCode,
    pub education: Education,
    /// The occupations the source coded.
    pub preferred_isco: Vec<IscoCode>,
    /// Wished-for occupations written as words ("tukang las", "admin gudang"), kept as typed;
    /// the import codes them into `preferred_coded` when the coder is confident.
    pub preferred_text: Vec<String>,
    /// The codes of `preferred_text` (the coder's, or a reviewed title's), kept apart from the
    /// source's: a later review or recode replaces them and never a source's code.
    pub preferred_coded: Vec<IscoCode>,
    pub skills: Vec<String>,
    pub registered: Date,
    /// `None` when the file gives none: a new job seeker is ACTIVE, a stored one keeps theirs
    /// (a file without the column must not undo placements).
    pub status: Option<JobSeekerStatus>,
    pub phone: Option<String>,
}

/// How much of each context field is read: a category or a department is short; a list of
/// study programmes or skill tags can run on, and its first entries are the telling ones.
const CONTEXT_FIELD_CHARS: usize = 200;

/// Joins an ad's context fields in the order given: each field's markup stripped, its
/// whitespace folded and cut at 200 characters between words, the non-empty ones joined by
/// "; ". None when all are empty. The gold files' `context` column is written by
/// `crates/classify/data/gold/context.py` by the same rule (a test compares the two).
pub fn ad_context<'a>(fields: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let parts: Vec<String> = fields
        .into_iter()
        .map(|f| {
            let text = strip_markup(f);
            let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
            match folded.char_indices().nth(CONTEXT_FIELD_CHARS) {
                // The cut falls between words: half a word reads as another one ("'Tec" of a
                // cut "'Technical Aspects'" is an ESCO label of tidal stream generators).
                Some((i, c)) => {
                    let head = &folded[..i];
                    let in_a_word =
                        c.is_alphanumeric() && head.ends_with(|p: char| p.is_alphanumeric());
                    let whole = if in_a_word {
                        head.rsplit_once(' ').map_or(head, |(words, _)| words)
                    } else {
                        head
                    };
                    whole.trim_end().to_string()
                }
                None => folded,
            }
        })
        .filter(|f| !f.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Text with each `<…>` tag replaced by a space.
fn strip_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        match rest[open + 1..].find('>') {
            // Python's `<[^>]+>`: a tag has at least one character between its brackets.
            Some(len) if len > 0 => {
                out.push_str(&rest[..open]);
                out.push(' ');
                rest = &rest[open + 1 + len + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A job vacancy from one source.
#[derive(Debug, Clone, PartialEq)]
pub struct VacancyRecord {
    pub source: String,
    pub source_id: String,
    pub title: String,
    pub description: Option<String>,
    /// The ad's context fields (category, subcategory, function, department, accepted study
    /// programmes, skill tags), joined by [`ad_context`]: the coder reads them with the title.
    pub context: Option<String>,
    /// The skill tags among them (a portal's, or a job fair's list), cut by the same rule:
    /// read as skills, where a category is not.
    pub skill_tags: Option<String>,
    pub employer: Option<String>,
    pub region: Option<RegionCode>,
    pub location_text: Option<String>,
    pub isco: Option<IscoCode>,
    /// How `isco` was obtained: given by the source (`None`), or coded from the text with this
    /// calibrated confidence.
    pub isco_confidence: Option<f32>,
    /// Whether `isco` is a reviewer's: the ad's title is one a user of this deployment coded
    /// by hand (`title_reviews`), and every ad of that title takes the reviewer's code.
    pub isco_reviewed: bool,
    /// Whether `region` was resolved from `location_text` rather than given as a code.
    pub region_resolved: bool,
    pub kbli: Option<KbliCode>,
    pub education: Option<Education>,
    pub experience_years: Option<f32>,
    pub salary_min: Option<Rupiah>,
    pub salary_max: Option<Rupiah>,
    /// Positions offered; `None` when the file gives none (a new ad then offers one, a stored
    /// one keeps its number).
    pub positions: Option<u32>,
    pub posted: Date,
    pub expires: Option<Date>,
}

/// One trainee in one cohort; cohort fields repeat on each trainee row of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortTraineeRecord {
    pub cohort_code: String,
    pub blk_code: String,
    pub programme_code: String,
    pub start: Date,
    pub end: Date,
    pub seats: u16,
    pub funding: FundingSource,
    pub nik: Nik,
    pub name: String,
    pub sex: Sex,
    pub birth_date: Option<Date>,
    pub education: Option<Education>,
    pub region: Option<RegionCode>,
    pub phone: Option<String>,
    pub status: TraineeStatus,
    pub certified: bool,
}

/// A person placed into work.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementRecord {
    pub nik: Nik,
    pub placement_type: PlacementType,
    pub employer: String,
    pub start: Date,
    pub cohort_code: Option<String>,
    pub vacancy_source: Option<String>,
    pub vacancy_source_id: Option<String>,
    pub isco: Option<IscoCode>,
    pub region: Option<RegionCode>,
    pub monthly_income: Option<Rupiah>,
    pub evidence: Option<String>,
}

/// One answer of a graduate (or a proxy) to one tracer wave.
#[derive(Debug, Clone, PartialEq)]
pub struct TracerRecord {
    pub nik: Nik,
    pub cohort_code: String,
    /// Months after completion: 1, 3, 6 or 12 by default.
    pub wave: u8,
    pub response_date: Date,
    pub status: TracerStatus,
    pub monthly_income: Option<Rupiah>,
    /// Whether the job is related to the training.
    pub relevant: Option<bool>,
    /// Who answered; `None` when the file does not say: a new answer is stored as unconfirmed,
    /// and a later row for a stored answer (a correction) keeps the stored respondent.
    pub respondent: Option<Respondent>,
}

/// Economic indicators of one region, year and KBLI category, as BPS publishes them in the
/// GRDP tables (PDRB atas dasar harga konstan menurut lapangan usaha) and Sakernas.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRecord {
    /// A province or a regency/city.
    pub region: RegionCode,
    pub year: u16,
    pub category: KbliCategory,
    /// GRDP at constant prices, in billion Rupiah. Not a `Rupiah`: the tables give billions
    /// with decimals, and whole Rupiah would claim a precision the source does not have.
    pub grdp_idr_billion: f64,
    /// Persons employed in the sector, when the source gives it.
    pub employment: Option<u64>,
}

/// A yearly target of the results framework for one indicator at one level.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRecord {
    pub indicator: OutcomeIndicator,
    pub level: TargetLevel,
    /// Empty for the nation; a province code (`32`) or a BLK code.
    pub area: String,
    /// Calendar year the target is for.
    pub year: u16,
    /// Year of the project, 1 to 4.
    pub project_year: u8,
    /// A count for graduates, certified and placed; a fraction (0.65) for kebekerjaan; Rupiah
    /// for the cost per placement.
    pub value: f64,
}

/// Any record an import produces.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Vacancy(VacancyRecord),
    JobSeeker(JobSeekerRecord),
    Blk(BlkRecord),
    CohortTrainee(CohortTraineeRecord),
    Placement(PlacementRecord),
    Tracer(TracerRecord),
    Indicator(IndicatorRecord),
    Target(TargetRecord),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_fields_are_joined_marked_up_text_stripped_and_long_lists_cut() {
        // A Loker.id ad's category, subcategory, function and portal skill tags, as read.
        assert_eq!(
            ad_context([
                "Akuntansi",
                " Akuntansi  Finansial ",
                "",
                "Staff <b>Accounting</b>",
            ])
            .as_deref(),
            Some("Akuntansi; Akuntansi Finansial; Staff Accounting")
        );
        assert_eq!(ad_context(["", "  "]), None);
        assert_eq!(ad_context(std::iter::empty()), None);
        // A long list of study programmes is cut within 200 characters, between words.
        let long = "Teknik Sipil; Arsitektur; Perencanaan Wilayah dan Kota; ".repeat(10);
        let cut = ad_context([long.as_str()]).unwrap_or_default();
        let next = long[cut.len()..].chars().next();
        assert!(long.starts_with(&cut), "{cut}");
        assert!(
            !(cut.ends_with(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)),
            "{cut}"
        );
        assert!((190..=200).contains(&cut.chars().count()), "{cut}");
        // A Loker.id ad's skill tags, cut inside "'Technical Aspects'": no "'Tec" left over.
        let tags = "['Design Software', 'Autocad', 'Modeling Revit Bim', 'Minimum Preferred \
                    Electrical Ska Level', 'Diagram', 'Rowsld', 'Types', 'Electrical Measuring \
                    Devices', 'Standard', 'Electrical Installation', 'Technical Aspects', 'Good \
                    Communication Skills', 'Presentations']";
        let cut = ad_context([tags]).unwrap_or_default();
        assert!(cut.ends_with("'Electrical Installation',"), "{cut}");
        // One word longer than the limit is cut on a character boundary.
        assert_eq!(
            ad_context(["é".repeat(300).as_str()]).map(|c| c.chars().count()),
            Some(200)
        );
        // A lone "<" is text, not a tag.
        assert_eq!(ad_context(["R < 5 tahun"]).as_deref(), Some("R < 5 tahun"));
    }

    #[test]
    fn vocabularies_accept_codes_and_indonesian_words() {
        assert_eq!(BlkType::parse("BLK Komunitas").unwrap(), BlkType::Komunitas);
        assert_eq!(BlkType::parse("uptd").unwrap(), BlkType::Uptd);
        assert_eq!(
            FundingSource::parse("Dekonsentrasi").unwrap(),
            FundingSource::Dekon
        );
        assert_eq!(
            TraineeStatus::parse("lulus").unwrap(),
            TraineeStatus::Completed
        );
        assert_eq!(
            TraineeStatus::parse("NOT_PASSED").unwrap(),
            TraineeStatus::NotPassed
        );
        assert_eq!(
            TracerStatus::parse("wirausaha").unwrap(),
            TracerStatus::SelfEmployed
        );
        assert_eq!(Respondent::parse("orang lain").unwrap(), Respondent::Proxy);
        for s in TracerStatus::ALL {
            assert_eq!(TracerStatus::parse(s.code()).unwrap(), *s);
        }
        let err = PlacementType::parse("magang").unwrap_err();
        assert!(
            err.to_string().contains("WAGE SELF_EMPLOYED OVERSEAS"),
            "{err}"
        );
    }
}

//! What a page or API resource shows, loaded once and shared by the HTML, export and JSON
//! renderings: the store reads behind each resource, the 12-month window, rates and
//! small-cell rules.
//!
//! Every read is made with the region of the page as its `Scope` (the store's one filtering
//! predicate), inside what the caller may see; until accounts exist the caller is `Central`.

use std::any::Any;
use std::collections::HashMap;
use std::sync::Arc;

use domain::reference::{IscoEntry, Region};
use domain::{IscoCode, Programme, RegionCode, Scope, YearMonth, reference};
use store::{
    BlkListRow, BlkProfile, CohortGroup, Headline, MonthRange, OccupationDemand, RegionCounts,
    RegionLevel, Store, StoreError, VacancyDetail, VacancyListRow, VacancyPage,
};

use crate::AppState;
use crate::ctx::MIN_CELL;
use crate::error::AppError;
use crate::params::VacancyQuery;

/// How many occupations a region page lists.
pub const TOP_OCCUPATIONS: i64 = 20;

/// The 12 months ending with the latest month that has vacancy postings. The data's own
/// calendar is used rather than today's, so a database of past years still shows something.
pub fn window_12m(latest: Option<YearMonth>) -> Option<MonthRange> {
    latest.map(|to| MonthRange {
        from: YearMonth::from_index(to.index() - 11),
        to,
    })
}

/// Vacancies per 100,000 population; `None` without a population.
pub fn per_100k(n: i64, population: u64) -> Option<f64> {
    (population > 0).then(|| n as f64 * 100_000.0 / population as f64)
}

/// A share of persons, hidden when the denominator is a small cell.
pub fn share(part: i64, whole: i64) -> Option<f64> {
    (whole >= MIN_CELL).then(|| part as f64 / whole as f64)
}

/// A count of persons as JSON: `null` when suppressed (1 to 4).
pub fn persons_json(n: i64) -> serde_json::Value {
    if (1..MIN_CELL).contains(&n) {
        serde_json::Value::Null
    } else {
        n.into()
    }
}

/// The region named in a URL: a province or regency/city code, or 404.
pub fn parse_region(input: &str) -> Result<RegionCode, AppError> {
    if input.len() > 8 {
        return Err(AppError::unknown_region(
            &input.chars().take(8).collect::<String>(),
        ));
    }
    RegionCode::parse(input).map_err(|_| AppError::unknown_region(input))
}

/// The ISCO-08/KBJI group named in a URL (1 to 4 digits), or 404.
pub fn parse_isco(input: &str) -> Result<IscoCode, AppError> {
    if input.len() > 8 {
        return Err(AppError::unknown_occupation(
            &input.chars().take(8).collect::<String>(),
        ));
    }
    IscoCode::parse(input).map_err(|_| AppError::unknown_occupation(input))
}

/// A BLK code as it may appear in a URL: letters, digits, `-`, `_`, `.`; at most 64 bytes.
pub fn check_blk_code(input: &str) -> Result<&str, AppError> {
    let ok = !input.is_empty()
        && input.len() <= 64
        && input
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(input)
    } else {
        Err(AppError::unknown_blk(
            &input.chars().take(64).collect::<String>(),
        ))
    }
}

/// The scope that limits reads to one region.
pub fn region_scope(region: RegionCode) -> Scope {
    if region.is_province() {
        Scope::Province(region)
    } else {
        Scope::Regency(region)
    }
}

/// Fills in every region of `all` (zero where the store had nothing), in reference order.
fn complete(
    all: &[&'static Region],
    counts: Vec<RegionCounts>,
) -> Vec<(&'static Region, RegionCounts)> {
    let mut by_code: HashMap<RegionCode, RegionCounts> =
        counts.into_iter().map(|c| (c.region, c)).collect();
    all.iter()
        .map(|r| {
            let c = by_code.remove(&r.code).unwrap_or(RegionCounts {
                region: r.code,
                blks: 0,
                active_job_seekers: 0,
                unique_vacancies: 0,
                positions: 0,
            });
            (*r, c)
        })
        .collect()
}

pub struct Overview {
    pub headline: Headline,
    pub window: Option<MonthRange>,
    pub provinces: Vec<(&'static Region, RegionCounts)>,
    pub synthetic: bool,
}

/// Loads through the cache: the value for `key` at the current data version, computed by
/// `load` on a miss.
pub(crate) async fn cached<T, F>(st: &AppState, key: String, load: F) -> Result<Arc<T>, AppError>
where
    T: Any + Send + Sync,
    F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
{
    let cache = st.cache.clone();
    st.pool
        .run(move |s| {
            let version = s.data_version()?;
            if let Some(hit) = cache.get::<T>(&key, version) {
                return Ok(hit);
            }
            let value = Arc::new(load(s)?);
            cache.put(&key, version, value.clone());
            Ok(value)
        })
        .await
}

/// The occupation review's codes, which the coding page, file and API give reviewed titles
/// (a review is a batch: it moves the data version, and with it this cache).
pub async fn reviewed_titles(
    st: &AppState,
) -> Result<Arc<pipeline::review::ReviewedTitles>, AppError> {
    cached(st, "reviewed-titles".into(), |s| {
        Ok(s.title_reviews()?.into_iter().collect())
    })
    .await
}

pub async fn overview(st: &AppState) -> Result<Arc<Overview>, AppError> {
    cached(st, "overview".into(), |s| {
        let scope = Scope::Central;
        let window = window_12m(s.latest_vacancy_month(&scope)?);
        let headline = s.headline(&scope)?;
        let counts = s.region_counts(&scope, RegionLevel::Province, window)?;
        let synthetic = s
            .setting("dataset")?
            .is_some_and(|d| d.starts_with("synthetic"));
        let all: Vec<&Region> = reference().provinces.iter().collect();
        Ok(Overview {
            headline,
            window,
            provinces: complete(&all, counts),
            synthetic,
        })
    })
    .await
}

pub struct RegionView {
    pub region: &'static Region,
    pub province: Option<&'static Region>,
    pub headline: Headline,
    pub window: Option<MonthRange>,
    pub occupations: Vec<OccupationDemand>,
    pub blks: Vec<BlkListRow>,
    /// For a province: its regencies and cities.
    pub regencies: Vec<(&'static Region, RegionCounts)>,
}

pub async fn region(st: &AppState, code: RegionCode) -> Result<Arc<RegionView>, AppError> {
    cached(st, format!("region:{code}"), move |s| {
        let scope = region_scope(code);
        let window = window_12m(s.latest_vacancy_month(&Scope::Central)?);
        let headline = s.headline(&scope)?;
        let occupations = s.top_occupations(&scope, window, TOP_OCCUPATIONS)?;
        let blks = s.blk_list(&scope)?;
        let regencies = if code.is_province() {
            let counts = s.region_counts(&scope, RegionLevel::Regency, window)?;
            let all: Vec<&Region> = reference().regencies_of(code).collect();
            complete(&all, counts)
        } else {
            Vec::new()
        };
        Ok(RegionView {
            region: code.info(),
            province: (!code.is_province()).then(|| code.province().info()),
            headline,
            window,
            occupations,
            blks,
            regencies,
        })
    })
    .await
}

pub struct BlkView {
    pub profile: BlkProfile,
    pub cohorts: Vec<CohortGroup>,
}

/// A BLK with its cohorts; `None` when there is no such BLK in scope.
pub async fn blk(st: &AppState, code: &str) -> Result<Arc<Option<BlkView>>, AppError> {
    let owned = code.to_string();
    cached(st, format!("blk:{code}"), move |s| {
        let Some(profile) = s.blk_profile(&Scope::Central, &owned)? else {
            return Ok(None);
        };
        let cohorts = s.blk_cohorts(&Scope::Central, &owned)?;
        Ok(Some(BlkView { profile, cohorts }))
    })
    .await
}

pub struct OccupationView {
    pub window: Option<MonthRange>,
    pub by_province: Vec<(&'static Region, RegionCounts)>,
    pub programmes: Vec<&'static Programme>,
    pub subgroups: Vec<&'static IscoEntry>,
    /// Skills most asked for: (skill, ads naming it), of `skills_read` recent ads.
    pub skills: Vec<(String, i64)>,
    pub skills_read: i64,
}

/// Recent ads of an occupation read for its skills table.
pub const SKILL_ADS: i64 = 2000;
/// Skills listed on an occupation page.
pub const TOP_SKILLS: usize = 25;

pub async fn occupation(st: &AppState, isco: IscoCode) -> Result<Arc<OccupationView>, AppError> {
    cached(st, format!("occupation:{isco}"), move |s| {
        let window = window_12m(s.latest_vacancy_month(&Scope::Central)?);
        let counts_by_province =
            s.occupation_by_region(&Scope::Central, isco, RegionLevel::Province, window)?;
        let r = reference();
        let all: Vec<&Region> = r.provinces.iter().collect();
        let prefix = isco.to_string();
        let programmes = r
            .programmes
            .iter()
            .filter(|p| {
                p.isco_units
                    .iter()
                    .any(|u| u.to_string().starts_with(&prefix))
            })
            .collect();
        let subgroups = r
            .isco
            .iter()
            .filter(|e| e.code.len() == prefix.len() + 1 && e.code.starts_with(&prefix))
            .collect();
        let ads = s.occupation_ad_texts(&Scope::Central, isco, window, SKILL_ADS)?;
        let mut counts: HashMap<String, i64> = HashMap::new();
        for (title, description) in &ads {
            for skill in classify::skills::extract(title, description.as_deref()) {
                *counts.entry(skill.label).or_default() += 1;
            }
        }
        let mut skills: Vec<(String, i64)> = counts.into_iter().collect();
        skills.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        skills.truncate(TOP_SKILLS);
        Ok(OccupationView {
            window,
            by_province: complete(&all, counts_by_province),
            programmes,
            subgroups,
            skills,
            skills_read: ads.len() as i64,
        })
    })
    .await
}

pub async fn vacancies(st: &AppState, q: &VacancyQuery) -> Result<VacancyPage, AppError> {
    let q = q.clone();
    st.pool
        .run(move |s| s.vacancy_list(&Scope::Central, &q.filter, q.offset(), q.page_size))
        .await
}

/// A vacancy number as it may appear in a URL: a positive integer of at most 18 digits.
pub fn parse_vacancy_id(input: &str) -> Result<i64, AppError> {
    let ok = !input.is_empty() && input.len() <= 18 && input.bytes().all(|b| b.is_ascii_digit());
    match ok.then(|| input.parse::<i64>().ok()).flatten() {
        Some(id) if id > 0 => Ok(id),
        _ => Err(AppError::unknown_vacancy(
            &input.chars().take(20).collect::<String>(),
        )),
    }
}

/// Duplicates listed on a vacancy's page; a cluster is rarely larger.
pub const CLUSTER_LIMIT: i64 = 50;

/// How a vacancy's recorded occupation was obtained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IscoBasis {
    /// The source gave the code.
    Source,
    /// Listraf's coder gave it at import, with this confidence.
    CodedOnImport(f64),
    /// A reviewer coded the ad's title by hand (`/kode/tinjau`).
    Reviewed,
    /// A reviewer coded this ad on its own (its page's form).
    ReviewedAd,
    /// No code: the source gave none and the coder was not confident enough.
    Uncoded,
}

impl IscoBasis {
    /// The key the API uses.
    pub fn key(self) -> &'static str {
        match self {
            IscoBasis::Source => "source",
            IscoBasis::CodedOnImport(_) => "coded_on_import",
            IscoBasis::Reviewed => "reviewed",
            IscoBasis::ReviewedAd => "reviewed_ad",
            IscoBasis::Uncoded => "uncoded",
        }
    }
}

/// A vacancy's page: the ad as recorded, the other vacancies of its duplicate cluster, and
/// what the shipped coder reads in it today (its candidates, confidence and evidence, and the
/// skills it finds), so a user can see why the ad counts where it does.
pub struct VacancyView {
    pub vacancy: VacancyDetail,
    /// The recorded occupation, when its code parses, and how it was obtained.
    pub recorded: Option<IscoCode>,
    pub basis: IscoBasis,
    /// The cluster's vacancies, this one included, first posted first; empty when no other
    /// vacancy shares its cluster (a cluster of one is no duplicate).
    pub cluster: Vec<VacancyListRow>,
    pub coding: classify::Coding,
    pub skills: Vec<classify::skills::Skill>,
}

impl VacancyView {
    /// The other vacancies of its cluster.
    pub fn others(&self) -> impl Iterator<Item = &VacancyListRow> {
        self.cluster.iter().filter(|r| r.id != self.vacancy.id)
    }
}

/// One vacancy, its cluster and its coding. Vacancies are public ads: read in the central
/// scope, as the list is. The coder runs on a blocking thread of its own, after the database
/// connection is given back (its first call builds it, about half a second).
pub async fn vacancy(st: &AppState, id: i64) -> Result<VacancyView, AppError> {
    let (v, mut cluster) = st
        .pool
        .run(move |s| {
            let Some(v) = s.vacancy_detail(&Scope::Central, id)? else {
                return Ok(None);
            };
            let cluster = match v.duplicate_cluster {
                Some(c) => s.vacancy_cluster(&Scope::Central, c, CLUSTER_LIMIT)?,
                None => Vec::new(),
            };
            Ok(Some((v, cluster)))
        })
        .await?
        .ok_or_else(|| AppError::unknown_vacancy(&id.to_string()))?;
    if cluster.len() < 2 {
        cluster.clear();
    }
    let recorded = v.isco08.as_deref().and_then(|i| IscoCode::parse(i).ok());
    let basis = match (&v.isco08, v.isco_confidence) {
        (None, _) => IscoBasis::Uncoded,
        (Some(_), None) if v.isco_reviewed == store::AD_REVIEWED => IscoBasis::ReviewedAd,
        (Some(_), None) if v.isco_reviewed != 0 => IscoBasis::Reviewed,
        (Some(_), Some(c)) => IscoBasis::CodedOnImport(c),
        (Some(_), None) => IscoBasis::Source,
    };
    tokio::task::spawn_blocking(move || {
        let coding = classify::Coder::shipped().code_ad(
            &v.title,
            classify::coder::AdBody {
                description: v.description.as_deref(),
                context: v.context.as_deref(),
            },
        );
        let skills = classify::skills::extract_ad(
            &v.title,
            v.skill_tags.as_deref(),
            v.description.as_deref(),
            v.employer.as_deref(),
        );
        VacancyView {
            vacancy: v,
            recorded,
            basis,
            cluster,
            coding,
            skills,
        }
    })
    .await
    .map_err(|e| AppError::Internal(format!("coding task: {e}")))
}

/// The coder's evidence in the page's language. The coder writes it in English from a few
/// fixed phrases ("ESCO alt label \"…\"", "learned from labelled titles", "; lexicon a→b");
/// Indonesian pages get those phrases translated, the quoted labels and codes as they are. A
/// phrase not in the table stays English (a test codes real titles to keep the table whole).
pub fn evidence_in(lang: crate::i18n::Lang, evidence: &str) -> String {
    // Longest first: "ESCO alt label" before "ESCO label".
    const ID: [(&str, &str); 18] = [
        (
            "house convention: the title heads the work of",
            "konvensi Listraf: judul memimpin pekerjaan",
        ),
        (
            ", coded to its managers",
            ", dikodekan ke kelompok manajernya",
        ),
        (
            "no word of the title is known to the taxonomy",
            "tidak satu kata pun dari judul dikenal taksonomi",
        ),
        ("the title alone points to", "judul saja menunjuk ke"),
        ("the rest of the ad", "isi iklan selebihnya"),
        ("the ad's description", "deskripsi iklan"),
        (
            "learned from labelled titles",
            "dipelajari dari judul berlabel",
        ),
        ("Listraf title list entry", "entri daftar judul Listraf"),
        ("Listraf title list label", "label daftar judul Listraf"),
        ("ESCO alt label", "label alternatif ESCO"),
        ("ESCO alt entry", "entri alternatif ESCO"),
        ("ISCO index label", "label indeks ISCO"),
        ("ISCO index entry", "entri indeks ISCO"),
        ("ESCO label", "label ESCO"),
        ("ISCO-08 label", "label ISCO-08"),
        ("KBJI 2014 label", "label KBJI 2014"),
        ("KBJI 2014 entry", "entri KBJI 2014"),
        ("; lexicon ", "; leksikon "),
    ];
    match lang {
        crate::i18n::Lang::En => evidence.to_string(),
        crate::i18n::Lang::Id => {
            // Phrases are replaced outside quotes only: a quoted label is data.
            let mut out = String::with_capacity(evidence.len() + 16);
            for (i, part) in evidence.split('"').enumerate() {
                if i > 0 {
                    out.push('"');
                }
                if i % 2 == 1 {
                    out.push_str(part);
                    continue;
                }
                let mut p = part.to_string();
                for (en, id) in ID {
                    p = p.replace(en, id);
                }
                out.push_str(&p);
            }
            out
        }
    }
}

/// An ad's text with e-mail addresses and telephone numbers replaced by `mask`, and how many
/// were replaced. Ads are public, but the recruiter's own number or address is a person's
/// contact and the system has no need to republish it; the source ad still has it.
pub fn hide_contacts(text: &str, mask: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut hidden = 0;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        // An e-mail address: a run without spaces holding an @ with a dot after it.
        if !chars[i].is_whitespace() && (i == 0 || chars[i - 1].is_whitespace()) {
            let end = (i..chars.len())
                .find(|&j| chars[j].is_whitespace())
                .unwrap_or(chars.len());
            let word: String = chars[i..end].iter().collect();
            // Brackets and quotes around the address stay; a handle ("@toko.id") has no
            // name before the @ and is not an address.
            let core = word.trim_start_matches(['(', '<', '[', '"', '\'']);
            let lead = word.len() - core.len();
            let trimmed = core.trim_end_matches(['.', ',', ';', ':', ')', '>', ']', '"', '\'']);
            if let Some(at) = trimmed.find('@')
                && at > 0
                && trimmed[at + 1..].contains('.')
            {
                out.push_str(&word[..lead]);
                out.push_str(mask);
                out.push_str(&core[trimmed.len()..]);
                hidden += 1;
                i = end;
                continue;
            }
        }
        // A telephone number: digits with spaces, dashes, brackets or a leading +, 9 to 15
        // digits in all, starting 0, 62 or +62 (how Indonesian numbers are written; a salary
        // such as 5000000 does not start so).
        if (chars[i].is_ascii_digit() || chars[i] == '+' || chars[i] == '(')
            && (i == 0 || !chars[i - 1].is_alphanumeric())
        {
            let mut j = i;
            let mut digits = String::new();
            while j < chars.len()
                && (chars[j].is_ascii_digit() || matches!(chars[j], ' ' | '-' | '(' | ')' | '+'))
            {
                if chars[j].is_ascii_digit() {
                    digits.push(chars[j]);
                }
                j += 1;
            }
            // Give back trailing separators.
            while j > i && !chars[j - 1].is_ascii_digit() {
                j -= 1;
            }
            let phone = (9..=15).contains(&digits.len())
                && (digits.starts_with('0') || digits.starts_with("62"))
                && (j == chars.len() || !chars[j].is_alphanumeric());
            if phone {
                out.push_str(mask);
                hidden += 1;
                i = j;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    (out, hidden)
}

/// The title of an occupation group in a language: KBJI's Indonesian title when there is one.
pub fn occupation_title(isco: IscoCode, lang: crate::i18n::Lang) -> String {
    match lang {
        crate::i18n::Lang::Id => isco.title_id().unwrap_or(isco.title_en()).to_string(),
        crate::i18n::Lang::En => isco.title_en().to_string(),
    }
}

/// A skill's name in the page's language: the project's Indonesian name where it has one, else
/// the skill's label (ESCO's English, which stays the key in downloads and the API).
pub fn skill_name(label: &str, lang: crate::i18n::Lang) -> &str {
    match lang {
        crate::i18n::Lang::Id => classify::skills::indonesian_name(label).unwrap_or(label),
        crate::i18n::Lang::En => label,
    }
}

/// A BLK type's name in the page's language (its code stays the key in downloads).
pub fn blk_type_label(code: &str, lang: crate::i18n::Lang) -> String {
    use crate::i18n::Lang;
    let Ok(t) = domain::records::BlkType::parse(code) else {
        return code.to_string();
    };
    use domain::records::BlkType::*;
    match (lang, t) {
        (Lang::Id, _) => t.label_id().to_string(),
        (Lang::En, Uptp) => "Central UPT (Ministry of Manpower)".into(),
        (Lang::En, Uptd) => "Regional UPT".into(),
        (Lang::En, Komunitas) => "Community BLK".into(),
        (Lang::En, Lpk) => "Private training institution (LPK)".into(),
    }
}

/// The note under demand figures that count placed and coded vacancies only: how many unique
/// vacancies (and positions) the snapshot left out for want of a regency/city or a four-digit
/// occupation, so a reader comparing them with the overview's totals knows why they differ.
/// `None` when none was left out.
pub fn left_out_note(report: &store::VacancyFactReport, lang: crate::i18n::Lang) -> Option<String> {
    if report.unplaced == 0 {
        return None;
    }
    let n = |v: u64| crate::ctx::fmt_int(i64::try_from(v).unwrap_or(i64::MAX), lang);
    let (all, positions, region, unit) = (
        n(report.unplaced),
        n(report.unplaced_positions),
        n(report.unplaced_no_regency),
        n(report.unplaced_no_unit),
    );
    Some(match lang {
        crate::i18n::Lang::Id => format!(
            "Tidak dapat dihitung di tabel seperti ini (seluruh Indonesia, seluruh periode): {all} lowongan unik dengan {positions} posisi — {region} tanpa kabupaten/kota dan {unit} tanpa kode jabatan 4 digit. Ringkasan nasional menghitung semuanya; kode jabatan yang kurang dapat diberikan di Tinjauan kode jabatan."
        ),
        crate::i18n::Lang::En => format!(
            "Cannot be counted in tables like this one (all of Indonesia, all periods): {all} unique vacancies with {positions} positions — {region} without a regency/city and {unit} without a 4-digit occupation code. The national overview counts them all; missing occupation codes can be given under Occupation code review."
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_the_twelve_months_ending_with_the_latest() {
        let w = window_12m(Some(YearMonth::parse("2025-12").unwrap())).unwrap();
        assert_eq!(w.from.to_string(), "2025-01");
        let w = window_12m(Some(YearMonth::parse("2025-03").unwrap())).unwrap();
        assert_eq!(w.from.to_string(), "2024-04");
        assert!(window_12m(None).is_none());
    }

    #[test]
    fn shares_over_small_cells_are_hidden() {
        assert_eq!(share(3, 4), None);
        assert_eq!(share(4, 5), Some(0.8));
        assert_eq!(persons_json(3), serde_json::Value::Null);
        assert_eq!(persons_json(0), serde_json::json!(0));
    }

    #[test]
    fn contacts_in_an_ad_are_hidden_and_salaries_are_not() {
        let mask = "[x]";
        let (t, n) = hide_contacts(
            "Kirim CV ke hrd.rekrut@ptmaju.co.id atau WA 0812-3456-7890 / +62 21 5550 1234. Gaji 5000000 - 7.000.000, usia 18-35.",
            mask,
        );
        assert_eq!(
            t,
            "Kirim CV ke [x] atau WA [x] / [x]. Gaji 5000000 - 7.000.000, usia 18-35."
        );
        assert_eq!(n, 3);
        let (t, n) = hide_contacts(
            "(021) 7654321, wa.me/6281234567890 dan @ptmaju (@bckdenim.id), <hrd@maju.id>.",
            mask,
        );
        assert_eq!(t, "[x], wa.me/[x] dan @ptmaju (@bckdenim.id), <[x]>.");
        assert_eq!(n, 3);
        assert_eq!(hide_contacts("", mask), (String::new(), 0));
    }

    #[test]
    fn the_coders_evidence_reads_in_indonesian() {
        use crate::i18n::Lang;
        let coder = classify::Coder::shipped();
        // Real codings, one per kind of evidence: a list title with a lexicon rewrite, a
        // taxonomy label, the learned models, a description that moved the answer, nothing, a
        // head of a function moved to its managers by the house convention.
        let mut seen = Vec::new();
        for (title, desc) in [
            ("Supir Truk", None),
            ("Brand Specialist", None),
            ("Staff Engineering", None),
            ("Qwzx Vbnm", None),
            ("HR Manager", None),
            (
                "Staf Operasional",
                Some(
                    "Mengemudikan truk pengiriman barang ke pelanggan setiap hari, merawat kendaraan.",
                ),
            ),
        ] {
            let c = coder.code_ad(
                title,
                classify::coder::AdBody {
                    description: desc,
                    context: None,
                },
            );
            let id = evidence_in(Lang::Id, &c.evidence);
            assert_eq!(evidence_in(Lang::En, &c.evidence), c.evidence);
            // Outside the quotes, no English phrase of the coder is left.
            let outside: String = id.split('"').step_by(2).collect();
            for english in [
                "entry",
                "learned",
                "lexicon",
                "title",
                "description",
                "the ",
                " alt ",
                "index",
                "house",
                "heads",
                "coded",
            ] {
                assert!(
                    !outside.contains(english),
                    "{english} in {id:?} (from {:?})",
                    c.evidence
                );
            }
            seen.push(c.evidence);
        }
        for kind in [
            "lexicon",
            "label \"",
            "entry \"",
            "learned from",
            "the title alone points to",
            "no word of the title",
            "house convention",
        ] {
            assert!(seen.iter().any(|e| e.contains(kind)), "{kind}: {seen:?}");
        }
        // A quoted label is data: left as written.
        assert_eq!(
            evidence_in(Lang::Id, "ESCO alt label \"the ad's description\""),
            "label alternatif ESCO \"the ad's description\""
        );
    }

    #[test]
    fn vacancy_numbers_in_urls_are_positive_integers() {
        assert_eq!(parse_vacancy_id("42").unwrap(), 42);
        for bad in [
            "0",
            "-1",
            "abc",
            "1e3",
            "",
            "99999999999999999999",
            "%3Cscript%3E",
        ] {
            assert!(parse_vacancy_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn url_codes_are_checked_before_any_query() {
        assert!(parse_region("32.73").is_ok());
        assert!(parse_region("99").is_err());
        assert!(parse_region("<script>").is_err());
        assert!(parse_isco("7212").is_ok());
        assert!(parse_isco("72121").is_err());
        assert!(check_blk_code("UPTP-3275-01").is_ok());
        assert!(check_blk_code("a/b").is_err());
        assert!(check_blk_code("").is_err());
    }
}

//! Region resolution: the free-text workplace of a job ad ("Bandung Kota", "KAB. SEMARANG",
//! "South Jakarta", "Cikarang", "Kota Bekasi, Jawa Barat") to one Kemendagri `RegionCode`, or
//! an explicit reason why there is none.
//!
//! Owns the name index (official names of the 38 provinces and 514 regencies from
//! `domain::reference()`, plus a small hand-written table of towns, abbreviations and areas) and
//! the rules that turn the names found in a text into one answer. It knows nothing below the
//! regency (no kecamatan or desa table) and does no IO; callers decide what to store.
//!
//! # Rules
//!
//! - Names are matched on folded text with spaces removed, so "Pematang Siantar",
//!   "Bukit tinggi" and "Palangka Raya" meet "Pematangsiantar", "Bukittinggi", "Palangkaraya".
//!   The longest name wins ("Bandung Barat" before "Bandung", "Lampung Selatan" before "Lampung").
//! - "Kab", "Kabupaten", "Regency" and "Kota", "City" next to a name (before or after it) choose
//!   between a kabupaten and a kota of the same name; "Provinsi"/"Province" chooses the province.
//! - A bare name that is both a kota and a kabupaten in the same province ("Bandung", "Bekasi",
//!   "Tangerang", "Semarang", "Malang") resolves to the **kota**: ads that name a city mean the
//!   city, and portals that mean the regency say so ("Bandung Kabupaten", "Bekasi Regency").
//!   The same holds for a name shared by a province and its capital ("Jambi", "Bengkulu",
//!   "Yogyakarta", "Gorontalo"); "DI Yogyakarta", "Provinsi Jambi" name the province.
//!   Kota Banjar (Jawa Barat) and Kabupaten Banjar (Kalimantan Selatan) lie in different
//!   provinces, so bare "Banjar" stays ambiguous.
//! - A name that only fits several regencies of one province ("Kotawaringin", "Lombok") gives
//!   that province; across provinces it is `Ambiguous`.
//! - Several names are combined: a province narrows a regency name ("Bekasi, Jawa Barat"), a
//!   town narrows a twin name ("Bekasi, Cikarang" → Kabupaten Bekasi). Names of different
//!   regencies in one province give the province; in several provinces, `Multiple`.
//!   Areas that span provinces ("Jabodetabek") are `Multiple` unless a region is also named.
//! - A named Indonesian region wins over "Remote", a foreign place or "Indonesia" in the same
//!   text ("Jakarta (Remote)" → Jakarta).
//! - Typos are tolerated only for long names (edit distance 1 from 8 letters, 2 from 12), only
//!   when exact matching left words unexplained, and only when one region is clearly closest.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use domain::RegionCode;
use domain::reference::{RegencyKind, reference};

use crate::normalise::{fold, words};

/// The region a location text resolves to, or why it does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// A kabupaten or kota.
    Regency(RegionCode),
    /// Only the province is identifiable.
    Province(RegionCode),
    Unresolved(UnresolvedReason),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnresolvedReason {
    /// Nothing but spaces and punctuation.
    Empty,
    /// No known Indonesian place name in the text.
    Unknown,
    /// The name fits several regions in different provinces (e.g. "Banjar", "Barito").
    Ambiguous(Vec<RegionCode>),
    /// The text names, or an area spans, regions in several provinces (e.g. "Jabodetabek").
    Multiple(Vec<RegionCode>),
    /// Remote work or work from home, with no region named.
    Remote,
    /// A place outside Indonesia.
    Abroad,
    /// Only the country is named ("Indonesia", "seluruh Indonesia").
    Country,
}

impl Resolution {
    /// The regency or province, when the text resolves to one.
    pub fn region(&self) -> Option<RegionCode> {
        match self {
            Resolution::Regency(c) | Resolution::Province(c) => Some(*c),
            Resolution::Unresolved(_) => None,
        }
    }
}

impl fmt::Display for Resolution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Resolution::Regency(c) => write!(f, "regency {c} {}", c.name()),
            Resolution::Province(c) => write!(f, "province {c} {}", c.name()),
            Resolution::Unresolved(r) => write!(f, "unresolved: {r}"),
        }
    }
}

impl fmt::Display for UnresolvedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnresolvedReason::Empty => f.write_str("the location is empty"),
            UnresolvedReason::Unknown => f.write_str("no known Indonesian region in the text"),
            UnresolvedReason::Ambiguous(cs) => {
                write!(
                    f,
                    "the name fits regions in several provinces: {}",
                    list(cs)
                )
            }
            UnresolvedReason::Multiple(cs) => {
                write!(
                    f,
                    "the text spans regions in several provinces: {}",
                    list(cs)
                )
            }
            UnresolvedReason::Remote => f.write_str("remote work, no workplace region"),
            UnresolvedReason::Abroad => f.write_str("the workplace is outside Indonesia"),
            UnresolvedReason::Country => f.write_str("only the country, Indonesia, is named"),
        }
    }
}

fn list(codes: &[RegionCode]) -> String {
    codes
        .iter()
        .map(|c| format!("{c} {}", c.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Resolves a free-text location to a region. Never panics; any text is accepted.
pub fn resolve(text: &str) -> Resolution {
    // A Kemendagri code written as the location ("31.74", "3174", "32") is that region.
    if text.trim().bytes().any(|b| b.is_ascii_digit())
        && let Ok(code) = RegionCode::parse(text.trim())
    {
        return if code.is_province() {
            Resolution::Province(code)
        } else {
            Resolution::Regency(code)
        };
    }
    let idx = index();
    let mut mentions: Vec<Mention> = Vec::new();
    let mut any_word = false;
    for segment in segments(text) {
        if segment.is_empty() {
            continue;
        }
        any_word = true;
        let exact = scan(idx, &segment, false);
        // Typo tolerance is a second chance for words exact matching could not explain, so a
        // well-formed text never meets a fuzzy match.
        let best = if exact.n_unexplained > 0 {
            let fuzzy = scan(idx, &segment, true);
            if fuzzy.n_unexplained < exact.n_unexplained {
                fuzzy
            } else {
                exact
            }
        } else {
            exact
        };
        mentions.extend(best.mentions);
    }
    if !any_word {
        return Resolution::Unresolved(UnresolvedReason::Empty);
    }
    combine(&mentions)
}

/// Where a job ad's work is: the location's region, or the place its title names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workplace {
    pub region: Option<RegionCode>,
    /// The title's place decided it: it narrowed the location, chose between twins, stood in
    /// for a missing location or overruled the location.
    pub from_title: bool,
}

/// Where a job ad's work is, from its title and its location's region. A title that names a
/// place ("Sales (Bekasi)", "Kasir | Kab. Bandung") is read with the location first: it narrows
/// a province ("Jawa Barat") to the regency and chooses between twins ("Bekasi" on a Kabupaten
/// Bekasi ad is the kabupaten). When the two conflict, the title's place is the workplace: ads
/// are listed under the office that recruits ("General Affair Internship (Semarang)", location
/// Kabupaten Tangerang; "Card & Funding Officer (Palangkaraya)", location Pontianak).
pub fn workplace(title: &str, location: Option<RegionCode>) -> Workplace {
    let of_location = Workplace {
        region: location,
        from_title: false,
    };
    let Some(text) = title_place_part(title) else {
        return of_location;
    };
    let Some(named) = resolve(&text).region() else {
        return of_location;
    };
    let region = match location {
        None => named,
        Some(location) => match resolve(&format!("{text}, {}", location.name())) {
            Resolution::Regency(both) => both,
            // Several places of one province, none of them the location ("Head of Area Bogor
            // - Sukabumi - Cianjur" at Kabupaten Bogor): the work is the province's.
            _ if named.is_province()
                && named.contains(location)
                && text.contains(", ")
                && !text.split(", ").any(|p| {
                    resolve(&format!("{p}, {}", location.name())) == Resolution::Regency(location)
                }) =>
            {
                named
            }
            _ if named.contains(location) => location,
            // "Tangerang" beside Tangerang Selatan, "Bandung" beside Bandung Barat: the
            // area the location is part of, not the kota a bare name is read as.
            _ if fold(location.name()).contains(&fold(&text)) => location,
            _ => named,
        },
    };
    Workplace {
        region: Some(region),
        from_title: Some(region) != location,
    }
}

/// The parts of a title that say where the job is ("Sales (Bekasi)", "Kasir | Kab. Bandung",
/// "Medical Representative (Solo - Yogyakarta)"): the parts after the job that are only place
/// names, joined by commas. A place after the employer's name is the employer's ("… - PT.
/// Trijaya Pratama Futures (Jakarta)" for a job in Bandung), so the search stops at a part
/// that opens with a legal form.
fn title_place_part(title: &str) -> Option<String> {
    let parts = crate::dedup::split_title(title);
    let main = parts
        .iter()
        .position(|p| p.chars().any(char::is_alphanumeric))?;
    let places: Vec<String> = parts[main + 1..]
        .iter()
        // Titles are short; a pasted text with thousands of brackets says no workplace.
        .take(MAX_TITLE_PARTS)
        .map(|p| (p, fold(p)))
        .take_while(|(_, folded)| {
            !words(folded)
                .next()
                .is_some_and(|w| crate::dedup::LEGAL_FORMS.contains(&w))
        })
        // A part listing places is read as that many parts.
        .flat_map(|(raw, folded)| {
            listed_places(raw, &folded).unwrap_or_else(|| place_in(&folded).into_iter().collect())
        })
        .collect();
    (!places.is_empty()).then(|| places.join(", "))
}

/// The place a folded title part names, without the words that only mark it as one
/// ("Cabang Pontianak", "Placement Bogor", "Medan Area", "Site: Sumatera Selatan"); `None`
/// when what is left is no place.
fn place_in(folded: &str) -> Option<String> {
    let place = strip_markers(folded);
    is_title_place(&place).then_some(place)
}

fn is_title_place(place: &str) -> bool {
    !NOT_PLACES_IN_TITLES.contains(&place) && is_place_name(place)
}

/// A folded title part without the words around a place that only mark it as one.
fn strip_markers(folded: &str) -> String {
    let ws: Vec<&str> = words(folded).collect();
    let start = ws
        .iter()
        .position(|w| !PLACE_MARKERS.contains(w))
        .unwrap_or(ws.len());
    let end = ws
        .iter()
        .rposition(|w| !PLACE_MARKERS.contains(w))
        .map_or(start, |e| e + 1);
    ws[start..end.max(start)].join(" ")
}

/// A title part that lists places ("Bekasi/Cikarang", "Bogor & Depok", "Solo dan Klaten"): the
/// places, when every piece is one; `None` for any other part.
fn listed_places(part: &str, folded: &str) -> Option<Vec<String>> {
    const SEPARATORS: [char; 4] = ['/', '&', ',', ';'];
    // Most parts list nothing: they are not split and folded again.
    if !part.contains(SEPARATORS) && !folded.contains(" dan ") && !folded.contains(" and ") {
        return None;
    }
    let folded: Vec<String> = part.split(SEPARATORS).map(fold).collect();
    let places: Option<Vec<String>> = folded
        .iter()
        .flat_map(|f| f.split(" dan ").flat_map(|q| q.split(" and ")))
        .map(strip_markers)
        .filter(|p| !p.is_empty())
        .map(|p| is_title_place(&p).then_some(p))
        .collect();
    places.filter(|p| p.len() > 1)
}

/// Parts of a title read for its workplace, at most.
const MAX_TITLE_PARTS: usize = 12;

/// Words around a place in a title that say it is the workplace: "(Cabang Pontianak)",
/// "(HO Tangerang)", "(Placement Bogor)", "- Wilayah Karawang", "(Medan Area)". Not "pusat",
/// which ends "Jakarta Pusat".
#[rustfmt::skip]
const PLACE_MARKERS: &[&str] = &[
    "cabang", "branch", "ho", "kantor", "placement", "penempatan", "area", "wilayah",
    "region", "regional", "site", "lokasi", "location", "onsite", "wfo", "di", "based", "in",
];

/// Place names that a title more often uses as words: "(Puncak)" is a hill resort, not
/// Kabupaten Puncak in Papua; "Batu Bara" is coal; "Kuningan" is Jakarta's business district
/// as often as the regency in Jawa Barat.
#[rustfmt::skip]
const NOT_PLACES_IN_TITLES: &[&str] = &[
    "puncak", "batu", "batu bara", "batubara", "kuningan", "kota", "pusat",
];

/// Whether the text is nothing but place names and their markers ("Bekasi", "(Kota Bandung)",
/// "Remote", "Singapore"): every word is explained. "Baros, Bandung" is not: "Baros" is unknown.
/// Used to strip location suffixes from job titles without stripping what is not a place.
pub fn is_place_name(text: &str) -> bool {
    let idx = index();
    let mut any_name = false;
    for segment in segments(text) {
        if segment.is_empty() {
            continue;
        }
        let found = scan(idx, &segment, false);
        if found.n_unexplained > 0 {
            return false;
        }
        any_name |= !found.mentions.is_empty();
    }
    any_name
}

// ---------------------------------------------------------------------------------------------
// Hand-written tables.

/// Towns, districts, industrial estates and colloquial names that ads use instead of the
/// regency name. Each maps to the regency (or regencies) that contains it.
const TOWNS: &[(&str, &[&str])] = &[
    // Jabodetabek and the Jakarta–Karawang industrial belt.
    ("Cikarang", &["32.16"]),
    ("Cibitung", &["32.16"]),
    ("Tambun", &["32.16"]),
    ("Jababeka", &["32.16"]),
    ("MM2100", &["32.16"]),
    ("Cikampek", &["32.15"]),
    ("Cibinong", &["32.01"]),
    ("Cileungsi", &["32.01"]),
    ("Citeureup", &["32.01"]),
    ("Gunung Putri", &["32.01"]),
    ("Sentul", &["32.01"]),
    ("Cimanggis", &["32.76"]),
    ("Serpong", &["36.74"]),
    ("BSD", &["36.74"]),
    ("Bintaro", &["36.74"]),
    // The township straddles the boundary; the ad's location decides.
    ("Alam Sutera", &["36.71", "36.74"]),
    ("Pamulang", &["36.74"]),
    ("Ciputat", &["36.74"]),
    ("Gading Serpong", &["36.03"]),
    ("Cikupa", &["36.03"]),
    ("Balaraja", &["36.03"]),
    ("Tigaraksa", &["36.03"]),
    ("Karawaci", &["36.71"]),
    ("Cikande", &["36.04"]),
    ("Merak", &["36.72"]),
    // Jakarta districts that ads name on their own.
    ("Sunter", &["31.72"]),
    ("Kelapa Gading", &["31.72"]),
    ("Pluit", &["31.72"]),
    ("Tanjung Priok", &["31.72"]),
    ("Kemayoran", &["31.71"]),
    ("SCBD", &["31.74"]),
    ("Mega Kuningan", &["31.74"]),
    ("Kemang", &["31.74"]),
    ("Cilandak", &["31.74"]),
    ("Kebayoran", &["31.74"]),
    ("Pondok Indah", &["31.74"]),
    ("Cengkareng", &["31.73"]),
    ("Kebon Jeruk", &["31.73"]),
    ("Pulogadung", &["31.75"]),
    ("Cakung", &["31.75"]),
    ("Jatinegara", &["31.75"]),
    // Short forms of regency names.
    ("Jaksel", &["31.74"]),
    ("Jakbar", &["31.73"]),
    ("Jakut", &["31.72"]),
    ("Jaktim", &["31.75"]),
    ("Jakpus", &["31.71"]),
    ("Tangsel", &["36.74"]),
    ("Solo", &["33.72"]),
    ("Jogja", &["34.71"]),
    ("Jogjakarta", &["34.71"]),
    ("Yogya", &["34.71"]),
    ("Jogya", &["34.71"]),
    ("Djogja", &["34.71"]),
    ("Pangkep", &["73.10"]),
    ("Sidrap", &["73.14"]),
    ("Mamuju Utara", &["76.01"]), // renamed Pasangkayu in 2017; still common in HR systems
    ("Toraja", &["73.18", "73.26"]),
    // Towns outside Java that are regency seats but not regency names.
    ("Kuta", &["51.03"]),
    ("Nusa Dua", &["51.03"]),
    ("Jimbaran", &["51.03"]),
    ("Seminyak", &["51.03"]),
    ("Canggu", &["51.03"]),
    ("Ubud", &["51.04"]),
    ("Sanur", &["51.71"]),
    ("Labuan Bajo", &["53.15"]),
    ("Slawi", &["33.28"]),
    ("Kotabumi", &["18.03"]),
    ("Muara Sabak", &["15.07"]),
    ("Tanjung Selor", &["65.01"]),
    ("Batulicin", &["63.10"]),
    ("Sangatta", &["64.08"]),
    ("Tenggarong", &["64.02"]),
    ("Lubuk Pakam", &["12.07"]),
];

/// Province abbreviations and older official forms.
const PROVINCE_ALIASES: &[(&str, &str)] = &[
    ("DKI", "31"),
    ("DKI Jakarta", "31"),
    ("Jakarta Raya", "31"),
    ("DKI Jakarta Raya", "31"),
    ("DIY", "34"),
    ("DI Yogyakarta", "34"),
    ("Special Region of Yogyakarta", "34"),
    ("NAD", "11"),
    ("Nanggroe Aceh Darussalam", "11"),
    ("Sumut", "12"),
    ("Sumbar", "13"),
    ("Sumsel", "16"),
    ("Babel", "19"),
    ("Bangka Belitung", "19"),
    ("Kepri", "21"),
    ("Jabar", "32"),
    ("Jateng", "33"),
    ("Jatim", "35"),
    ("NTB", "52"),
    ("NTT", "53"),
    ("Kalbar", "61"),
    ("Kalteng", "62"),
    ("Kalsel", "63"),
    ("Kaltim", "64"),
    ("Kaltara", "65"),
    ("Sulut", "71"),
    ("Sulteng", "72"),
    ("Sulsel", "73"),
    ("Sultra", "74"),
    ("Sulbar", "76"),
    ("Malut", "82"),
];

#[rustfmt::skip]
const JABODETABEK: &[&str] = &[
    "31", "32.01", "32.71", "32.76", "32.16", "32.75", "36.03", "36.71", "36.74",
];

/// Areas that span several regions at once (not alternatives between them).
const AREAS: &[(&str, &[&str])] = &[
    ("Jabodetabek", JABODETABEK),
    ("Jabotabek", JABODETABEK),
    ("Jadetabek", JABODETABEK),
    ("Greater Jakarta", JABODETABEK),
    (
        "Jabodebek",
        &["31", "32.01", "32.71", "32.76", "32.16", "32.75"],
    ),
    (
        "Bodetabek",
        &[
            "32.01", "32.71", "32.76", "32.16", "32.75", "36.03", "36.71", "36.74",
        ],
    ),
    ("Bandung Raya", &["32.04", "32.17", "32.73", "32.77"]),
    (
        "Gerbangkertosusila",
        &[
            "35.25", "35.16", "35.76", "35.78", "35.15", "35.24", "35.26",
        ],
    ),
];

#[rustfmt::skip]
const REMOTE: &[&str] = &[
    "Remote", "Fully Remote", "WFH", "WFA", "Work From Home", "Work From Anywhere",
    "Kerja Dari Rumah", "Anywhere",
];

#[rustfmt::skip]
const ABROAD: &[&str] = &[
    "Singapore", "Singapura", "Malaysia", "Kuala Lumpur", "Johor", "Johor Bahru", "Penang",
    "Brunei", "Thailand", "Bangkok", "Vietnam", "Ho Chi Minh", "Hanoi", "Philippines", "Filipina",
    "Manila", "Timor Leste", "Dili", "Japan", "Jepang", "Tokyo", "Korea", "Korea Selatan",
    "South Korea", "Seoul", "Taiwan", "Taipei", "Hong Kong", "China", "Tiongkok", "Shanghai",
    "Australia", "Sydney", "Melbourne", "Perth", "New Zealand", "Dubai", "UAE", "Abu Dhabi",
    "Saudi Arabia", "Arab Saudi", "Qatar", "Doha", "India", "United States", "USA",
    "United Kingdom", "UK", "London", "Germany", "Jerman", "Netherlands", "Belanda", "Overseas",
    "Luar Negeri",
];

#[rustfmt::skip]
const COUNTRY: &[&str] = &[
    "Indonesia", "Seluruh Indonesia", "All Indonesia", "Nationwide", "Nasional",
];

// ---------------------------------------------------------------------------------------------
// Words.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Kabupaten,
    Kota,
    Province,
}

fn marker(word: &str) -> Option<Marker> {
    match word {
        "kab" | "kabupaten" | "regency" | "kabupatan" => Some(Marker::Kabupaten),
        "kota" | "city" | "kotamadya" | "kotamadia" | "kodya" => Some(Marker::Kota),
        "provinsi" | "propinsi" | "prov" | "prop" | "province" => Some(Marker::Province),
        _ => None,
    }
}

/// English compass words and the Indonesian words they become after the name
/// ("South Jakarta" is "Jakarta Selatan"; "Central" is "Pusat" for Jakarta, "Tengah" elsewhere).
fn english_compass(word: &str) -> Option<&'static [&'static str]> {
    match word {
        "north" => Some(&["utara"]),
        "south" => Some(&["selatan"]),
        "east" => Some(&["timur"]),
        "west" => Some(&["barat"]),
        "central" => Some(&["pusat", "tengah"]),
        "southeast" => Some(&["tenggara"]),
        "southwest" => Some(&["baratdaya"]),
        _ => None,
    }
}

/// Indonesian compass words that end many regency names; used to build name families.
#[rustfmt::skip]
const COMPASS: &[&str] = &[
    "utara", "selatan", "timur", "barat", "tengah", "tenggara", "pusat", "daya",
];

/// Abbreviations and English spellings, rewritten before matching on both sides of the index.
fn canonical_word(word: &str) -> Option<&'static str> {
    Some(match word {
        "kep" | "kepl" => "kepulauan",
        "tg" | "tj" | "tjg" => "tanjung",
        "jkt" | "jak" => "jakarta",
        "sel" | "sltn" => "selatan",
        "utr" | "ut" => "utara",
        "tim" | "tmr" => "timur",
        "bar" | "brt" => "barat",
        "pst" => "pusat",
        "tgh" => "tengah",
        "java" => "jawa",
        "sumatra" => "sumatera",
        _ => return None,
    })
}

/// Words that carry no information for matching ("Kota Adm. Jakarta Selatan").
fn transparent(word: &str) -> bool {
    matches!(word, "adm" | "administrasi" | "administratif")
        || word.bytes().all(|b| b.is_ascii_digit())
}

fn canonical_words(folded: &str) -> Vec<String> {
    words(folded)
        .filter(|w| !transparent(w))
        .map(|w| canonical_word(w).unwrap_or(w).to_string())
        .collect()
}

/// The index key of a name: canonical words joined without spaces.
fn key_of(name: &str) -> (String, usize) {
    let ws = canonical_words(&fold(name));
    (ws.concat(), ws.len())
}

/// Splits a location text where ads separate places: commas, slashes, brackets, " - ".
fn segments(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for part in text.split(" - ").flat_map(|p| p.split(" – ")) {
        for piece in part.split([',', ';', '/', '|', '(', ')', '[', ']', '\n', '&', '+']) {
            out.push(canonical_words(&fold(piece)));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The index.

#[derive(Debug)]
enum Target {
    /// The name fits any one of these regions. `twin_rule` is set for official names, where a
    /// kota/kabupaten pair in one province resolves to the kota.
    Names {
        codes: Vec<RegionCode>,
        twin_rule: bool,
    },
    /// An area covering all of these regions at once.
    Area(Vec<RegionCode>),
    Remote,
    Abroad,
    Country,
}

struct Index {
    exact: HashMap<String, Target>,
    /// Keys of region names long enough for typo tolerance, sorted for determinism.
    fuzzy: Vec<String>,
    max_words: usize,
}

fn code(s: &str) -> RegionCode {
    // The tables above are part of the source and covered by `every_table_code_exists`.
    RegionCode::parse(s).unwrap_or_else(|e| panic!("hand-written region code {s:?}: {e}"))
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(build_index)
}

fn strip_prefix_words<'a>(ws: &'a [String], prefix: &[&str]) -> &'a [String] {
    if ws.len() > prefix.len() && ws.iter().zip(prefix).all(|(w, p)| w == p) {
        &ws[prefix.len()..]
    } else {
        ws
    }
}

fn build_index() -> Index {
    let r = reference();
    let mut official: HashMap<String, Vec<RegionCode>> = HashMap::new();
    let mut max_words = 1;
    let mut cores: Vec<(Vec<String>, RegionCode)> = Vec::new();

    for p in &r.provinces {
        let ws = canonical_words(&fold(&p.name));
        official.entry(ws.concat()).or_default().push(p.code);
        max_words = max_words.max(ws.len());
        let core = strip_prefix_words(&ws, &["daerah", "khusus", "ibukota"]);
        let core = strip_prefix_words(core, &["daerah", "istimewa"]);
        if core.len() != ws.len() {
            official.entry(core.concat()).or_default().push(p.code);
        }
        cores.push((core.to_vec(), p.code));
    }
    for g in &r.regencies {
        let ws = canonical_words(&fold(&g.name));
        // "Kabupaten X" and "Kota X" (and "Kota Administrasi X": administrasi is transparent).
        let core = match ws.first().map(String::as_str) {
            Some("kabupaten") | Some("kota") if ws.len() > 1 => &ws[1..],
            _ => &ws[..],
        };
        official.entry(core.concat()).or_default().push(g.code);
        max_words = max_words.max(core.len());
        cores.push((core.to_vec(), g.code));
    }

    let mut exact: HashMap<String, Target> = HashMap::new();
    for (k, mut codes) in official {
        codes.sort();
        codes.dedup();
        exact.insert(
            k,
            Target::Names {
                codes,
                twin_rule: true,
            },
        );
    }

    // Families: "Kotawaringin" for Kotawaringin Barat and Timur, "Sumatera" for the three
    // Sumatera provinces. Only where no official name has the key and at least two regions share it.
    let mut families: HashMap<String, Vec<RegionCode>> = HashMap::new();
    for (ws, c) in &cores {
        let mut n = ws.len();
        while n > 1 && COMPASS.contains(&ws[n - 1].as_str()) {
            n -= 1;
        }
        if n < ws.len() {
            families.entry(ws[..n].concat()).or_default().push(*c);
        }
    }
    for (k, mut codes) in families {
        if codes.len() >= 2 && !exact.contains_key(&k) {
            codes.sort();
            exact.insert(
                k,
                Target::Names {
                    codes,
                    twin_rule: false,
                },
            );
        }
    }

    // Hand-written names override generated ones: they were written to settle exactly those.
    let mut put = |name: &str, t: Target, exact: &mut HashMap<String, Target>| {
        let (k, n) = key_of(name);
        max_words = max_words.max(n);
        exact.insert(k, t);
    };
    for (name, codes) in TOWNS {
        let mut codes: Vec<RegionCode> = codes.iter().map(|s| code(s)).collect();
        codes.sort();
        put(
            name,
            Target::Names {
                codes,
                twin_rule: false,
            },
            &mut exact,
        );
    }
    for (name, c) in PROVINCE_ALIASES {
        put(
            name,
            Target::Names {
                codes: vec![code(c)],
                twin_rule: false,
            },
            &mut exact,
        );
    }
    for (name, codes) in AREAS {
        let mut codes: Vec<RegionCode> = codes.iter().map(|s| code(s)).collect();
        codes.sort();
        put(name, Target::Area(codes), &mut exact);
    }
    for name in REMOTE {
        put(name, Target::Remote, &mut exact);
    }
    for name in ABROAD {
        put(name, Target::Abroad, &mut exact);
    }
    for name in COUNTRY {
        put(name, Target::Country, &mut exact);
    }

    let mut fuzzy: Vec<String> = exact
        .iter()
        .filter(|(k, t)| k.len() >= 8 && matches!(t, Target::Names { .. }))
        .map(|(k, _)| k.clone())
        .collect();
    fuzzy.sort();
    Index {
        exact,
        fuzzy,
        max_words,
    }
}

// ---------------------------------------------------------------------------------------------
// Scanning a segment.

struct Mention {
    target: &'static Target,
    marker: Option<Marker>,
}

struct Scan {
    mentions: Vec<Mention>,
    /// Words that are neither part of a name nor a marker.
    n_unexplained: usize,
}

fn scan(idx: &'static Index, ws: &[String], with_typos: bool) -> Scan {
    // (start, end, target) of each name found, in order.
    let mut found: Vec<(usize, usize, &'static Target)> = Vec::new();
    let mut markers: Vec<(usize, Marker)> = Vec::new();
    let mut n_unexplained = 0;
    let mut i = 0;
    while i < ws.len() {
        if let Some((end, t)) = match_at(idx, ws, i, with_typos) {
            found.push((i, end, t));
            i = end;
            continue;
        }
        match marker(&ws[i]) {
            Some(m) => markers.push((i, m)),
            // A compass word right after a place names a part of it ("Cikarang Utara",
            // "Bekasi Barat" are districts): explained, even though it adds nothing.
            None if COMPASS.contains(&ws[i].as_str())
                && found.last().is_some_and(|&(_, e, _)| e == i) => {}
            None => n_unexplained += 1,
        }
        i += 1;
    }
    let mut mentions: Vec<Mention> = found
        .iter()
        .map(|&(_, _, target)| Mention {
            target,
            marker: None,
        })
        .collect();
    // A marker belongs to the name right after it ("Kota Bandung"), else to the name right
    // before it ("Bandung Kota", "Semarang Regency").
    for (pos, m) in markers {
        let after = found.iter().position(|&(s, _, _)| s == pos + 1);
        let before = found.iter().position(|&(_, e, _)| e == pos);
        if let Some(k) = after.or(before)
            && mentions[k].marker.is_none()
        {
            mentions[k].marker = Some(m);
        }
    }
    Scan {
        mentions,
        n_unexplained,
    }
}

/// The longest name starting at word `i`: its end (exclusive) and target.
fn match_at(
    idx: &'static Index,
    ws: &[String],
    i: usize,
    with_typos: bool,
) -> Option<(usize, &'static Target)> {
    // "South Jakarta", "West Java": the compass word moves behind the name.
    if let Some(suffixes) = english_compass(&ws[i]) {
        let longest = idx.max_words.min(ws.len() - i - 1);
        for n in (1..=longest).rev() {
            let base = ws[i + 1..i + 1 + n].concat();
            for s in suffixes {
                if let Some(t) = idx.exact.get(&format!("{base}{s}")) {
                    return Some((i + 1 + n, t));
                }
            }
        }
    }
    let longest = idx.max_words.min(ws.len() - i);
    for n in (1..=longest).rev() {
        let slice = &ws[i..i + n];
        let key = slice.concat();
        if let Some(t) = idx.exact.get(&key) {
            return Some((i + n, t));
        }
        if with_typos
            && key.len() >= 8
            && slice
                .iter()
                .all(|w| marker(w).is_none() && english_compass(w).is_none())
            && let Some(t) = fuzzy_lookup(idx, &key)
        {
            return Some((i + n, t));
        }
    }
    None
}

/// The one region name within the allowed edit distance of `key`, if exactly one is closest.
fn fuzzy_lookup(idx: &'static Index, key: &str) -> Option<&'static Target> {
    let mut best: Option<(usize, &str)> = None;
    let mut tied = false;
    for k in &idx.fuzzy {
        let allowed = if k.len() >= 12 { 2 } else { 1 };
        if k.len().abs_diff(key.len()) > allowed || k.as_bytes()[0] != key.as_bytes()[0] {
            continue;
        }
        let Some(d) = bounded_levenshtein(key.as_bytes(), k.as_bytes(), allowed) else {
            continue;
        };
        match best {
            Some((bd, _)) if d > bd => {}
            Some((bd, _)) if d == bd => tied = true,
            _ => {
                best = Some((d, k));
                tied = false;
            }
        }
    }
    match best {
        Some((_, k)) if !tied => idx.exact.get(k),
        _ => None,
    }
}

/// Levenshtein distance if it is at most `max`.
fn bounded_levenshtein(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

// ---------------------------------------------------------------------------------------------
// Combining the names found.

/// Candidate regions of one name mention, after its marker, plus whether the twin rule applies.
struct Candidates {
    codes: Vec<RegionCode>,
    twin_rule: bool,
}

fn kind_of(c: RegionCode) -> Option<RegencyKind> {
    reference().region(c).and_then(|r| r.kind)
}

fn apply_marker(codes: &[RegionCode], m: Option<Marker>) -> Vec<RegionCode> {
    let keep = |c: &RegionCode| match m {
        None => true,
        Some(Marker::Province) => c.is_province(),
        Some(Marker::Kota) => kind_of(*c) == Some(RegencyKind::Kota),
        Some(Marker::Kabupaten) => kind_of(*c) == Some(RegencyKind::Kabupaten),
    };
    let kept: Vec<RegionCode> = codes.iter().copied().filter(keep).collect();
    // A marker that fits none of the candidates ("Kota Bandung Barat") is a slip; ignore it.
    if kept.is_empty() {
        codes.to_vec()
    } else {
        kept
    }
}

fn nests(a: RegionCode, b: RegionCode) -> bool {
    a.contains(b) || b.contains(a)
}

fn combine(mentions: &[Mention]) -> Resolution {
    let mut names: Vec<Candidates> = Vec::new();
    let mut area: Vec<RegionCode> = Vec::new();
    let (mut remote, mut abroad, mut country) = (false, false, false);
    for m in mentions {
        match m.target {
            Target::Names { codes, twin_rule } => names.push(Candidates {
                codes: apply_marker(codes, m.marker),
                // An explicit marker has already chosen; the twin rule is for bare names.
                twin_rule: *twin_rule && m.marker.is_none(),
            }),
            Target::Area(codes) => area.extend(codes),
            Target::Remote => remote = true,
            Target::Abroad => abroad = true,
            Target::Country => country = true,
        }
    }
    if !names.is_empty() {
        return combine_names(&names);
    }
    if !area.is_empty() {
        area.sort();
        area.dedup();
        return spread(area);
    }
    let reason = if abroad {
        UnresolvedReason::Abroad
    } else if remote {
        UnresolvedReason::Remote
    } else if country {
        UnresolvedReason::Country
    } else {
        UnresolvedReason::Unknown
    };
    Resolution::Unresolved(reason)
}

/// Several regions named at once: their common province, or `Multiple`.
fn spread(codes: Vec<RegionCode>) -> Resolution {
    match codes.first() {
        Some(first) if codes.iter().all(|c| c.province() == first.province()) => {
            Resolution::Province(first.province())
        }
        None => Resolution::Unresolved(UnresolvedReason::Unknown),
        Some(_) => Resolution::Unresolved(UnresolvedReason::Multiple(codes)),
    }
}

fn combine_names(names: &[Candidates]) -> Resolution {
    // Keep, for each name, the candidates that nest with some candidate of every other name:
    // "Bekasi" next to "Jawa Barat" or "Cikarang" loses the regions that do not fit.
    let filtered: Vec<Vec<RegionCode>> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            n.codes
                .iter()
                .copied()
                .filter(|&c| {
                    names
                        .iter()
                        .enumerate()
                        .all(|(j, o)| i == j || o.codes.iter().any(|&d| nests(c, d)))
                })
                .collect()
        })
        .collect();
    if filtered.iter().any(Vec::is_empty) {
        return conflicting(names);
    }
    // The most specific answer: regencies that every name with a regency reading agrees on.
    let mut regencies: Option<Vec<RegionCode>> = None;
    let mut twin_rule = true;
    for (n, f) in names.iter().zip(&filtered) {
        let rs: Vec<RegionCode> = f.iter().copied().filter(|c| c.is_regency()).collect();
        if rs.is_empty() {
            continue;
        }
        twin_rule &= n.twin_rule;
        regencies = Some(match regencies {
            None => rs,
            Some(prev) => prev.into_iter().filter(|c| rs.contains(c)).collect(),
        });
    }
    match regencies {
        Some(rs) if rs.is_empty() => conflicting(names),
        Some(rs) => choose(rs, twin_rule),
        None => {
            // Only provinces: those every name allows.
            let mut ps = filtered[0].clone();
            for f in &filtered[1..] {
                ps.retain(|c| f.contains(c));
            }
            match ps.len() {
                0 => conflicting(names),
                1 => Resolution::Province(ps[0]),
                _ => Resolution::Unresolved(UnresolvedReason::Ambiguous(ps)),
            }
        }
    }
}

/// One region out of alternatives that all fit the text.
fn choose(mut codes: Vec<RegionCode>, twin_rule: bool) -> Resolution {
    codes.sort();
    codes.dedup();
    if let [only] = codes[..] {
        return if only.is_regency() {
            Resolution::Regency(only)
        } else {
            Resolution::Province(only)
        };
    }
    let Some(first) = codes.first().copied() else {
        return Resolution::Unresolved(UnresolvedReason::Unknown);
    };
    let one_province = codes.iter().all(|c| c.province() == first.province());
    if one_province {
        let kotas: Vec<RegionCode> = codes
            .iter()
            .copied()
            .filter(|&c| kind_of(c) == Some(RegencyKind::Kota))
            .collect();
        if twin_rule && let [kota] = kotas[..] {
            return Resolution::Regency(kota);
        }
        return Resolution::Province(first.province());
    }
    Resolution::Unresolved(UnresolvedReason::Ambiguous(codes))
}

/// Names that do not fit together: each is resolved alone and the results are spread.
fn conflicting(names: &[Candidates]) -> Resolution {
    let mut picks: Vec<RegionCode> = Vec::new();
    for n in names {
        match combine_names(std::slice::from_ref(n)) {
            Resolution::Regency(c) | Resolution::Province(c) => picks.push(c),
            Resolution::Unresolved(UnresolvedReason::Ambiguous(cs))
            | Resolution::Unresolved(UnresolvedReason::Multiple(cs)) => picks.extend(cs),
            Resolution::Unresolved(_) => {}
        }
    }
    picks.sort();
    picks.dedup();
    spread(picks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> RegionCode {
        RegionCode::parse(s).expect("test code")
    }

    /// Real titles: MagangHub's internships listed at the head office, Dealls' bank officers
    /// listed at the recruiting office, and twins read with the location.
    #[test]
    fn the_title_says_where_the_work_is() {
        let at = |title: &str, location: Option<&str>| {
            let w = workplace(title, location.map(c));
            (w.region.map(|r| r.to_string()), w.from_title)
        };
        let some = |s: &str| Some(s.to_string());
        // Against the location, the title's place wins.
        assert_eq!(
            at("General Affair Internship (Semarang)", Some("36.03")),
            (some("33.74"), true)
        );
        assert_eq!(
            at("Card & Funding Officer (Palangkaraya)", Some("61.71")),
            (some("62.71"), true)
        );
        // It narrows a province, and stands in for a missing location.
        assert_eq!(at("Sales (Bekasi)", Some("32")), (some("32.75"), true));
        assert_eq!(at("Sales | Kab. Bandung", None), (some("32.04"), true));
        // Read with the location: "Bekasi" on a Kabupaten Bekasi ad, Cikarang in it.
        assert_eq!(
            at("Sales Motoris (Bekasi)", Some("32.16")),
            (some("32.16"), false)
        );
        assert_eq!(
            at("Operator (Cikarang)", Some("32.16")),
            (some("32.16"), false)
        );
        // Places listed in one part: of one regency, that regency; of one province, the
        // province unless one of them is the location.
        assert_eq!(
            at("Operator Produksi (Bekasi/Cikarang)", None),
            (some("32.16"), true)
        );
        assert_eq!(
            at("Sales Canvas (Bogor & Depok)", Some("32")),
            (some("32"), false)
        );
        assert_eq!(
            at("Sales Canvas (Bogor & Depok)", Some("32.76")),
            (some("32.76"), false)
        );
        assert_eq!(
            at("Medical Representative (Solo dan Klaten)", Some("31.71")),
            (some("33"), true)
        );
        // A piece that is no place leaves the part unread.
        assert_eq!(
            at("Admin (Gudang/Bekasi)", Some("32.73")),
            (some("32.73"), false)
        );
        assert_eq!(
            at("Driver (SIM B1/B2)", Some("32.73")),
            (some("32.73"), false)
        );
        // A province in the title does not widen a regency.
        assert_eq!(
            at("Sales (Jawa Barat)", Some("32.73")),
            (some("32.73"), false)
        );
        // No place in the title; a place after the employer's name is the employer's.
        assert_eq!(at("Staff Admin", Some("32.73")), (some("32.73"), false));
        assert_eq!(
            at(
                "Customer Relation - PT. Trijaya Pratama Futures (Jakarta)",
                Some("32.73")
            ),
            (some("32.73"), false)
        );
        assert_eq!(at("Staff (QC) Produksi", None), (None, false));
        // Several places: their province, or across provinces none (Dealls).
        assert_eq!(
            at(
                "Medical Representative Supervisor (Solo - Yogyakarta)",
                Some("34.71")
            ),
            (some("34.71"), false)
        );
        assert_eq!(
            at("Head of Area Bogor - Sukabumi - Cianjur", Some("32.01")),
            (some("32"), true)
        );
        assert_eq!(
            at("Area Sales (Bandung - Sukabumi)", Some("32.73")),
            (some("32.73"), false)
        );
        assert_eq!(
            at("Area Sales (Cikarang - Karawang)", Some("32.16")),
            (some("32.16"), false)
        );
        assert_eq!(
            at("Admin (Jakarta Pusat - Jakarta Selatan)", Some("31.73")),
            (some("31"), true)
        );
        assert_eq!(
            at("Medical Representative (Bekasi - Bogor)", None),
            (some("32"), true)
        );
        // A bare twin name beside a location that bears it is the area ("Tangerang" at
        // Tangerang Selatan); elsewhere it is the kota, in the location's province too.
        assert_eq!(
            at("Marketing Specialist & Trainer - Tangerang", Some("36.74")),
            (some("36.74"), false)
        );
        assert_eq!(
            at("Medical Representative Supervisor (Bogor)", Some("31")),
            (some("32.71"), true)
        );
        assert_eq!(
            at("Card Funding Officer (Kediri)", Some("35.73")),
            (some("35.71"), true)
        );
        assert_eq!(at("Sales (Bandung)", Some("32.75")), (some("32.73"), true));
        assert_eq!(
            at("Admin (Bogor Kota)", Some("32.16")),
            (some("32.71"), true)
        );
        // Words that are places only sometimes: the location stands.
        assert_eq!(
            at("Staf Hotel (Puncak)", Some("32.01")),
            (some("32.01"), false)
        );
        assert_eq!(
            at("Operator Alat Berat (Batu Bara)", Some("64.02")),
            (some("64.02"), false)
        );
        assert_eq!(
            at("Staff (Kuningan)", Some("31.74")),
            (some("31.74"), false)
        );
        // Alam Sutera straddles Kota Tangerang and Tangerang Selatan: the location decides.
        assert_eq!(
            at("Student Advisor (BINUS @Alam Sutera)", Some("36.71")),
            (some("36.71"), false)
        );
        // Branch and placement words around the place (Dealls, MagangHub).
        assert_eq!(
            at("Sales (Cabang Pontianak)", Some("32.76")),
            (some("61.71"), true)
        );
        assert_eq!(
            at("Admin (Placement Bogor)", Some("31.71")),
            (some("32.71"), true)
        );
        assert_eq!(
            at("Supervisor - Wilayah Karawang", Some("31")),
            (some("32.15"), true)
        );
        assert_eq!(
            at("Admin (Jakarta Pusat - Jakarta Selatan)", Some("32")),
            (some("31"), true)
        );
    }

    /// `expected` is a regency code ("32.73"), a province code prefixed with "P" ("P31"), or a
    /// reason word: empty, unknown, ambiguous, multiple, remote, abroad, country.
    fn check(input: &str, expected: &str) {
        let got = resolve(input);
        let ok = match (expected, &got) {
            (e, Resolution::Regency(g)) if e.contains('.') => c(e) == *g,
            (e, Resolution::Province(g)) if e.starts_with('P') => c(&e[1..]) == *g,
            ("empty", Resolution::Unresolved(UnresolvedReason::Empty))
            | ("unknown", Resolution::Unresolved(UnresolvedReason::Unknown))
            | ("ambiguous", Resolution::Unresolved(UnresolvedReason::Ambiguous(_)))
            | ("multiple", Resolution::Unresolved(UnresolvedReason::Multiple(_)))
            | ("remote", Resolution::Unresolved(UnresolvedReason::Remote))
            | ("abroad", Resolution::Unresolved(UnresolvedReason::Abroad))
            | ("country", Resolution::Unresolved(UnresolvedReason::Country)) => true,
            _ => false,
        };
        assert!(ok, "{input:?}: expected {expected}, got {got}");
    }

    #[test]
    fn resolves_official_and_portal_forms_of_regency_names() {
        check("Kota Bandung", "32.73");
        check("Bandung Kota", "32.73");
        check("Bandung Kabupaten", "32.04");
        check("Kabupaten Bandung", "32.04");
        check("Bandung Barat", "32.17");
        check("KAB. SEMARANG", "33.22");
        check("Kab Semarang", "33.22");
        check("Semarang Regency", "33.22");
        check("Lampung Selatan Regency", "18.01");
        check("Jakarta Barat", "31.73");
        check("Kota Adm. Jakarta Selatan", "31.74");
        check("KOTA ADM. JAKARTA SELATAN", "31.74");
        check("Kabupaten Kepulauan Seribu", "31.01");
        check("Kep. Seribu", "31.01");
        check("Tangerang Selatan", "36.74");
        check("KOTA TANGERANG SELATAN", "36.74");
        check("Kab. Lima Puluh Kota", "13.07");
    }

    #[test]
    fn bare_twin_names_resolve_to_the_kota() {
        for (name, kota) in [
            ("Bandung", "32.73"),
            ("Bekasi", "32.75"),
            ("Bogor", "32.71"),
            ("Tangerang", "36.71"),
            ("Semarang", "33.74"),
            ("Malang", "35.73"),
        ] {
            check(name, kota);
        }
        // Province capitals that share the province's name.
        check("Jambi", "15.71");
        check("Yogyakarta", "34.71");
        check("Gorontalo", "75.71");
        check("Gorontalo Regency", "75.01");
        check("Provinsi Jambi", "P15");
        // Kota Banjar and Kabupaten Banjar are in different provinces.
        check("Banjar", "ambiguous");
        check("Kota Banjar", "32.79");
    }

    #[test]
    fn resolves_provinces_short_forms_and_english() {
        check("Jakarta", "P31");
        check("DKI Jakarta", "P31");
        check("Daerah Khusus Ibukota Jakarta", "P31");
        check("DI Yogyakarta", "P34");
        check("Jawa Barat", "P32");
        check("West Java", "P32");
        check("Central Java", "P33");
        check("South Jakarta", "31.74");
        check("Central Jakarta", "31.71");
        check("North Sumatra", "P12");
        check("Tangsel", "36.74");
        check("Jogja", "34.71");
        check("Jak-Sel", "31.74");
        check("Surakarta / Solo", "33.72");
        check("Solo City", "33.72");
        check("Kalimantan Tengah", "P62");
        check("Bali", "P51");
    }

    #[test]
    fn resolves_towns_through_the_alias_table() {
        check("Cikarang", "32.16");
        check("Cikarang Utara", "32.16");
        check("Cibinong", "32.01");
        check("BSD City", "36.74");
        check("Serpong", "36.74");
        check("Kuta", "51.03");
        check("Nusa Dua, Bali", "51.03");
        check("Sunter", "31.72");
        check("Karawang", "32.15");
        check("Depok", "32.76");
        check("Batam", "21.71");
        check("Sleman", "34.04");
        check("KAB. MAMUJU UTARA", "76.01");
    }

    #[test]
    fn uses_the_province_and_other_names_to_disambiguate() {
        check("Kota Bekasi, Jawa Barat", "32.75");
        check("Bekasi - Jawa Barat", "32.75");
        check("Jakarta Selatan, DKI Jakarta", "31.74");
        check("Bandung, Indonesia", "32.73");
        check("Bekasi, Cikarang", "32.16");
        check("Medan, Sumatra", "12.71");
        check("Denpasar, Bali", "51.71");
        check("Jambi, Kerinci", "15.01");
    }

    #[test]
    fn a_kemendagri_code_is_its_region() {
        let code = |s: &str| RegionCode::parse(s).unwrap();
        assert_eq!(resolve("31.74"), Resolution::Regency(code("31.74")));
        assert_eq!(resolve(" 3174 "), Resolution::Regency(code("31.74")));
        assert_eq!(resolve("32"), Resolution::Province(code("32")));
        // A code that does not exist is no place.
        assert!(matches!(resolve("99.99"), Resolution::Unresolved(_)));
    }

    #[test]
    fn matches_names_regardless_of_spaces() {
        check("Pematang Siantar", "12.72");
        check("Pematangsiantar", "12.72");
        check("Bukit tinggi", "13.75");
        check("Palangka Raya", "62.71");
        check("KOTA PALANGKARAYA", "62.71");
        check("KOTA BAU BAU", "74.72");
        check("KAB. TOLI TOLI", "72.04");
        check("Kota Pare Pare", "73.72");
    }

    #[test]
    fn families_give_the_province_or_stay_ambiguous() {
        check("Kotawaringin", "P62");
        check("Lombok", "P52");
        // Barito Selatan, Utara and Timur; Barito Kuala (Kalimantan Selatan) is no compass variant.
        check("Barito", "P62");
        check("Sumatera", "ambiguous");
        check("Kalimantan", "ambiguous");
    }

    #[test]
    fn explains_what_it_cannot_resolve() {
        check("", "empty");
        check("  - , ", "empty");
        check("Jabodetabek", "multiple");
        check("Jakarta, Bandung", "multiple");
        check("Remote", "remote");
        check("WFH", "remote");
        check("Work from home", "remote");
        check("Singapore", "abroad");
        check("Malaysia", "abroad");
        check("Kuala Lumpur", "abroad");
        check("Indonesia", "country");
        check("Lorem ipsum", "unknown");
    }

    #[test]
    fn a_named_region_wins_over_remote_and_country_words() {
        check("Jakarta (Remote)", "P31");
        check("Remote - Bandung", "32.73");
        check("Jabodetabek (Bekasi)", "32.75");
    }

    #[test]
    fn several_regencies_of_one_province_give_the_province() {
        check("Jakarta Selatan, Jakarta Barat", "P31");
        check("Bandung Raya", "P32");
    }

    #[test]
    fn tolerates_typos_in_long_names_only() {
        check("Tanggerang", "36.71");
        check("Yogyakata", "34.71");
        check("Jakarta Selatn", "31.74");
        check("Balikpapn", "64.71");
        // Short names get no typo tolerance: "Bogr" is not Bogor.
        check("Bogr", "unknown");
    }

    #[test]
    fn displays_reasons_in_plain_english() {
        assert_eq!(
            resolve("Kota Bandung").to_string(),
            "regency 32.73 Kota Bandung"
        );
        assert_eq!(
            resolve("Jakarta").to_string(),
            "province 31 Daerah Khusus Ibukota Jakarta"
        );
        assert_eq!(
            resolve("Banjar").to_string(),
            "unresolved: the name fits regions in several provinces: \
             32.79 Kota Banjar, 63.03 Kabupaten Banjar"
        );
        assert_eq!(resolve("WFH").region(), None);
        assert_eq!(resolve("Kota Bandung").region(), Some(c("32.73")));
    }

    #[test]
    fn recognises_texts_that_are_only_place_names() {
        for place in [
            "Bekasi",
            "Kota Bandung",
            "Cikarang Utara",
            "Remote",
            "Singapore",
            "Jakarta Selatan, DKI Jakarta",
        ] {
            assert!(is_place_name(place), "{place}");
        }
        for other in ["Baros, Bandung", "Staff Admin", "QC", "", "Kota"] {
            assert!(!is_place_name(other), "{other}");
        }
    }

    #[test]
    fn every_table_code_exists() {
        // Building the index parses every hand-written code and would panic on a bad one.
        let idx = index();
        assert!(idx.exact.len() > 600, "{}", idx.exact.len());
        for (name, _) in TOWNS {
            let (k, _) = key_of(name);
            assert!(
                matches!(idx.exact.get(&k), Some(Target::Names { .. })),
                "{name}"
            );
        }
    }

    #[test]
    fn arbitrary_text_never_panics() {
        for s in [
            "ß",
            "İstanbul",
            "Kota",
            "Kab.",
            "kota kota kota",
            "— — —",
            "🙂 Jakarta",
            "a/b/c/d",
            "South",
            "Central",
            "Kab. Provinsi Kota",
        ] {
            let _ = resolve(s);
        }
    }
}

//! Near-duplicate vacancies: the same ad re-posted days later, or scraped from two portals.
//!
//! Owns the fingerprint of an ad (cleaned title words, employer words without legal forms,
//! word 3-shingles of the description), the candidate search (one-permutation MinHash cut into LSH
//! bands, plus an exact title + employer key, both blocked by province) and the pair rule that
//! decides whether two candidates are the same vacancy. It never drops an ad: it labels each
//! with a cluster id and leaves counting and storage to the caller.
//!
//! # Pair rule
//!
//! Two ads are the same vacancy when all of these hold:
//! - their regions are equal, or one is the province that contains the other, or both are
//!   unknown (an ad with a region is never matched with one without). An ad's region here is
//!   where its work is ([`crate::location::workplace`]): the place its title names, read with
//!   the location ("Sales (Bekasi)" at "Jawa Barat" is Kota Bekasi; "(Palangkaraya)" at
//!   Pontianak is Palangkaraya);
//! - they were posted at most `window_days` apart;
//! - their cleaned titles share at least `title_threshold` of their words (Jaccard), and no
//!   word that sets jobs apart (senior, lead, kepala, internal, …) is in one title only;
//! - if both name an employer, the employers share at least `employer_threshold` of their
//!   distinctive words ("Rumah Sakit Pelni" and "Rumah Sakit Aulia" share none); different
//!   employers are never duplicates, however generic the title;
//! - if both have a description, the descriptions share at least `threshold` of their word
//!   3-shingles (Jaccard), or one is a truncated copy of the other (90 % of the shorter one's
//!   shingles, at least 30 of them);
//! - if one has no description, both employers are known and match: same employer, same job,
//!   same place, same weeks.
//!
//! Clusters are the connected components of that relation (single linkage), so a chain of
//! re-posts each within the window of the next forms one cluster, with one exception: a
//! cluster holds at most one regency. An ad placed only in a province matches the same ad in
//! each of its regencies, and would otherwise chain a chain store's Bekasi and Bandung ads into
//! one vacancy. Pairs in the same region are joined first; each province-level ad then joins
//! the cluster it matches most closely in time (ties broken by content, never by input order)
//! and no other regency's.

use domain::RegionCode;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use std::collections::HashMap;

use crate::location::is_place_name;
use crate::normalise::{fold, words};

/// The parts of an ad that identify it.
#[derive(Debug, Clone, Copy)]
pub struct AdText<'a> {
    pub title: &'a str,
    pub employer: Option<&'a str>,
    pub description: Option<&'a str>,
    pub region: Option<RegionCode>,
    /// Days since 1970-01-01 (`Date::days_since_epoch`).
    pub posted_day: i64,
}

/// Thresholds of the pair rule and the shape of the candidate search.
#[derive(Debug, Clone)]
pub struct DedupConfig {
    /// Largest gap in days between two postings of the same vacancy.
    pub window_days: i64,
    /// Least Jaccard similarity of description shingles when both ads have a description.
    pub threshold: f64,
    /// Least Jaccard similarity of cleaned title words.
    pub title_threshold: f64,
    /// Least Jaccard similarity of distinctive employer words when both ads name one.
    pub employer_threshold: f64,
    /// LSH bands × rows per band = MinHash signature length. With 20 × 4, a pair whose
    /// fingerprints have Jaccard 0.6 becomes a candidate with probability 0.94, at 0.3 with 0.15.
    pub bands: usize,
    pub rows: usize,
    /// Buckets with more ads than this are skipped: a band shared by thousands of ads is
    /// boilerplate (a portal footer), not evidence, and comparing all of them is quadratic.
    pub max_bucket: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            window_days: 30,
            threshold: 0.5,
            title_threshold: 0.8,
            employer_threshold: 0.5,
            bands: 20,
            rows: 4,
            max_bucket: 2000,
        }
    }
}

/// Containment that marks a truncated copy of a description, and the least size it needs.
const CONTAINMENT: f64 = 0.9;
const MIN_CONTAINED: usize = 30;
/// Descriptions shorter than this many words are treated as absent.
const MIN_DESCRIPTION_WORDS: usize = 8;
const SHINGLE: usize = 3;

/// How a pair of ads in nested regions is ordered for joining: days apart, then the two ads'
/// content hashes, then their positions (only identical ads tie before that).
type PairKey = (i64, u64, u64, usize, usize);

/// A cluster id per ad: the index of the first ad of its cluster, so ids are stable under
/// reruns and an ad without duplicates has its own index. Deterministic.
pub fn clusters(ads: &[AdText], cfg: &DedupConfig) -> Vec<usize> {
    let prints: Vec<Print> = ads.iter().map(Print::new).collect();
    let mut uf = UnionFind::new(ads.len());

    // Candidate keys: (key, posted_day, ad index), grouped by key and then walked in time order.
    let n_hashes = cfg.bands.max(1) * cfg.rows.max(1);
    let mut keyed: Vec<(u64, i64, usize)> = Vec::with_capacity(ads.len() * (cfg.bands + 1));
    let mut sig = vec![0u64; n_hashes];
    for (i, p) in prints.iter().enumerate() {
        if p.title.is_empty() {
            // No title words: nothing can match it, and it would crowd every bucket.
            continue;
        }
        let block = p.block as u64;
        let day = ads[i].posted_day;
        keyed.push((mix(block ^ mix(p.title_key ^ mix(p.employer_key))), day, i));
        signature(&p.features, &mut sig);
        for (b, band) in sig.chunks(cfg.rows.max(1)).enumerate() {
            let mut h = mix(block.wrapping_add((b as u64 + 1) << 20));
            for &v in band {
                h = mix(h ^ v);
            }
            keyed.push((h, day, i));
        }
    }
    keyed.sort_unstable();

    // Pairs in different regions (a province and a regency in it), joined after all same-region
    // pairs so that the order of the joins, not the input's, decides which regency such an ad
    // joins.
    // Only the closest pair per province-level ad and regency is kept: a chain store's
    // province-level ads each match its every branch, in every band they share.
    let mut across: HashMap<(usize, RegionCode), PairKey> = HashMap::new();
    let mut start = 0;
    while start < keyed.len() {
        let key = keyed[start].0;
        let mut end = start + 1;
        while end < keyed.len() && keyed[end].0 == key {
            end += 1;
        }
        let bucket = &keyed[start..end];
        if bucket.len() > 1 && bucket.len() <= cfg.max_bucket {
            for (k, &(_, day_a, a)) in bucket.iter().enumerate() {
                for &(_, day_b, b) in &bucket[k + 1..] {
                    // Sorted by day within the bucket, so the rest are even later.
                    if day_b.saturating_sub(day_a) > cfg.window_days {
                        break;
                    }
                    if prints[a].region != prints[b].region {
                        let (Some(ra), Some(rb)) = (prints[a].region, prints[b].region) else {
                            continue;
                        };
                        let slot = if ra.contains(rb) {
                            (a, rb)
                        } else if rb.contains(ra) {
                            (b, ra)
                        } else {
                            continue;
                        };
                        let (ka, kb) = (prints[a].content, prints[b].content);
                        let key = (day_b - day_a, ka.min(kb), ka.max(kb), a.min(b), a.max(b));
                        if across.get(&slot).is_some_and(|best| *best <= key) {
                            continue;
                        }
                        if same_vacancy(&ads[a], &prints[a], &ads[b], &prints[b], cfg) {
                            across.insert(slot, key);
                        }
                    } else if uf.find(a) != uf.find(b)
                        && same_vacancy(&ads[a], &prints[a], &ads[b], &prints[b], cfg)
                    {
                        uf.union(a, b);
                    }
                }
            }
        }
        start = end;
    }

    // Each cluster's most specific region so far: same-region joins leave it as it is.
    let mut place: Vec<Option<RegionCode>> = prints.iter().map(|p| p.region).collect();
    let mut across: Vec<PairKey> = across.into_values().collect();
    across.sort_unstable();
    for &(_, _, _, a, b) in &across {
        let (ra, rb) = (uf.find(a), uf.find(b));
        if ra == rb {
            continue;
        }
        let joined = match (place[ra], place[rb]) {
            (Some(x), Some(y)) if x.contains(y) => Some(y),
            (Some(x), Some(y)) if y.contains(x) => Some(x),
            (None, None) => None,
            // Two regencies, or a region and none: not one vacancy.
            _ => continue,
        };
        uf.union(a, b);
        let root = uf.find(a);
        place[root] = joined;
    }

    // The smallest index of each component names it.
    let mut first: Vec<usize> = (0..ads.len()).collect();
    for i in 0..ads.len() {
        let r = uf.find(i);
        first[r] = first[r].min(i);
    }
    (0..ads.len()).map(|i| first[uf.find(i)]).collect()
}

/// Whether two ads are the same vacancy under the pair rule (the test `clusters` applies to
/// each candidate pair).
pub fn is_duplicate(a: &AdText, b: &AdText, cfg: &DedupConfig) -> bool {
    same_vacancy(a, &Print::new(a), b, &Print::new(b), cfg)
}

/// A job title without recruitment noise: "URGENT!! Dibutuhkan Staff Admin (Bekasi) - PT ABC"
/// becomes "staff admin". Drops bracketed or dash-separated parts that are places, remote/abroad
/// words, companies (PT, CV, Tbk) or noise, a trailing "di/at PT …", noise words ("urgent",
/// "dibutuhkan", "lowongan", "hiring", "pria/wanita") and single letters ("P/W"), then folds.
/// Keeps the original words if cleaning would leave nothing.
pub fn clean_title(title: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let folded_parts: Vec<(String, String)> = split_title(title)
        .into_iter()
        .map(|p| (fold(&p), p))
        .collect();
    let mut have_main = false;
    for (folded, raw) in &folded_parts {
        let ws: Vec<&str> = words(folded).collect();
        if ws.iter().all(|w| is_noise_word(w))
            || ws.first().is_some_and(|w| LEGAL_FORMS.contains(w))
        {
            continue;
        }
        // The first real part is the job; later parts that are only places ("(Bekasi)",
        // "| Jakarta Selatan", "(Remote)") say where, which the ad's region already says. Place words left in the main part are
        // removed later against the ad's own region.
        if have_main && is_place_name(raw) {
            continue;
        }
        have_main = true;
        let cut = company_tail(&ws).unwrap_or(ws.len());
        out.extend(ws[..cut].iter().copied().filter(|w| !is_noise_word(w)));
    }
    if out.is_empty() {
        // Everything looked like noise ("Dibutuhkan Segera"); the folded title is all we have.
        return fold(title);
    }
    out.join(" ")
}

/// Employer words without legal forms and placeholders: "PT. ABC Indonesia Tbk" → "abc indonesia".
/// Empty when the employer is unknown or hidden ("Confidential", "Perusahaan Rahasia").
pub fn clean_employer(employer: &str) -> String {
    let folded = fold(employer);
    let ws: Vec<&str> = words(&folded)
        .filter(|w| w.chars().count() > 1 && !LEGAL_FORMS.contains(w))
        .collect();
    if ws.iter().all(|w| HIDDEN_EMPLOYER.contains(w)) {
        return String::new();
    }
    ws.join(" ")
}

// ---------------------------------------------------------------------------------------------
// Title cleaning.

#[rustfmt::skip]
const NOISE_WORDS: &[&str] = &[
    "urgent", "urgently", "segera", "dibutuhkan", "dicari", "dicarikan", "butuh", "cepat",
    "lowongan", "loker", "hiring", "vacancy", "vacancies", "recruitment", "rekrutmen", "open",
    "opening", "immediate", "immediately", "asap", "needed", "wanted", "we", "are", "re", "kami",
    "membutuhkan", "mencari", "job", "jobs", "pria", "wanita", "laki", "perempuan", "cowok",
    "cewek", "kerja", "new",
];

pub(crate) const LEGAL_FORMS: &[&str] =
    &["pt", "cv", "ud", "tbk", "persero", "perseroan", "terbatas"];

/// Words many employers share ("Rumah Sakit Pelni" and "Rumah Sakit Aulia" are different
/// employers): compared only when an employer has no other word.
#[rustfmt::skip]
const GENERIC_EMPLOYER: &[&str] = &[
    "rumah", "sakit", "rs", "rsu", "rsia", "klinik", "apotek", "hotel", "resort", "resto",
    "restoran", "restaurant", "cafe", "kafe", "coffee", "kopi", "toko", "store", "shop", "bank",
    "bpr", "koperasi", "yayasan", "sekolah", "universitas", "group", "grup", "holding", "indonesia",
    "indo", "nusantara", "international", "internasional", "global", "asia", "agency",
    "corporation", "corp", "co", "ltd", "inc", "official", "studio", "salon", "bengkel", "industri",
    "industry", "industries", "teknologi", "technology", "solusi", "solution", "solutions",
    "consulting", "konsultan", "services", "service", "logistik", "logistics", "property",
    "properti", "trading", "manufacturing",
];

#[rustfmt::skip]
const HIDDEN_EMPLOYER: &[&str] = &[
    "confidential", "rahasia", "dirahasiakan", "perusahaan", "company", "private", "anonim",
    "undisclosed", "client", "klien", "our",
];

/// Noise words, and single characters ("P/W", "L/P", a stray branch number).
fn is_noise_word(w: &str) -> bool {
    NOISE_WORDS.contains(&w) || w.chars().count() == 1
}

/// Words that make two otherwise similar titles different jobs: rank and scope.
/// "Audit Internal Specialist" and "Audit Internal Lead Specialist" share 3 of 4 words.
#[rustfmt::skip]
const RANK_WORDS: &[&str] = &[
    "senior", "junior", "lead", "leader", "head", "kepala", "ketua", "wakil", "deputy", "chief",
    "principal", "manager", "manajer", "supervisor", "koordinator", "coordinator", "assistant",
    "asisten", "intern", "internship", "magang", "trainee", "specialist", "spesialis", "internal",
    "eksternal", "external", "sr", "jr",
];

/// The employer words that are not generic, or all of them if every word is generic.
fn distinctive(employer_words: &[u64]) -> Vec<u64> {
    let generic = generic_employer_hashes();
    let kept: Vec<u64> = employer_words
        .iter()
        .copied()
        .filter(|h| !generic.contains(h))
        .collect();
    if kept.is_empty() {
        employer_words.to_vec()
    } else {
        kept
    }
}

fn generic_employer_hashes() -> &'static [u64] {
    static HASHES: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    HASHES.get_or_init(|| GENERIC_EMPLOYER.iter().map(|w| word_hash(w)).collect())
}

fn rank_differs(a: &[u64], b: &[u64]) -> bool {
    rank_hashes()
        .iter()
        .any(|h| a.binary_search(h).is_ok() != b.binary_search(h).is_ok())
}

fn rank_hashes() -> &'static [u64] {
    static HASHES: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    HASHES.get_or_init(|| RANK_WORDS.iter().map(|w| word_hash(w)).collect())
}

/// Splits a title into its main text and the parts ads append: brackets and " - ", " | ", " @ ".
pub(crate) fn split_title(title: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    for c in title.chars() {
        match c {
            '(' | ')' | '[' | ']' | '{' | '}' | '|' | '@' | '–' | '—' => {
                parts.push(std::mem::take(&mut cur));
            }
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    // A spaced hyphen separates; a hyphen inside a word ("Part-time", "E-commerce") does not.
    parts
        .into_iter()
        .flat_map(|p| p.split(" - ").map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// Where a trailing "di PT X" / "at PT X" / "PT X" starts, if it does.
fn company_tail(ws: &[&str]) -> Option<usize> {
    (1..ws.len())
        .find(|&i| {
            let legal = LEGAL_FORMS.contains(&ws[i]) && ws[i] != "terbatas";
            let after_prep = matches!(ws[i - 1], "di" | "at" | "in" | "for" | "untuk");
            legal && (after_prep || i + 1 < ws.len())
        })
        .map(|i| {
            if matches!(ws[i - 1], "di" | "at" | "in" | "for" | "untuk") {
                i - 1
            } else {
                i
            }
        })
}

// ---------------------------------------------------------------------------------------------
// Fingerprints.

struct Print {
    /// Sorted, distinct hashes of cleaned title words, minus employer and place words.
    title: Vec<u64>,
    title_key: u64,
    /// Employer words compared between ads: the distinctive ones, or all if none is.
    employer: Option<Vec<u64>>,
    employer_key: u64,
    description: Option<Vec<u64>>,
    /// Everything above, tagged by field: what the MinHash signature is computed over.
    features: Vec<u64>,
    /// Province number, or 0 for an unknown region.
    block: u8,
    /// Where the ad's work is ([`crate::location::workplace`]): its region, or the place its
    /// title names.
    region: Option<RegionCode>,
    /// A hash of everything compared, to order pairs without looking at input positions.
    content: u64,
}

/// Words of official region names that are not place names.
const ADMINISTRATIVE_WORDS: &[&str] = &[
    "kabupaten",
    "kota",
    "administrasi",
    "daerah",
    "khusus",
    "ibukota",
    "istimewa",
];

const TAG_TITLE: u64 = 0x7469_746c_6500_0000;
const TAG_EMPLOYER: u64 = 0x656d_706c_6f79_6572;

impl Print {
    fn new(ad: &AdText) -> Print {
        let employer_clean = ad.employer.map(clean_employer).unwrap_or_default();
        let employer_words: Vec<u64> = sorted_set(words(&employer_clean).map(word_hash));

        // Employer and place names in a title say who and where, which other fields carry.
        let mut context: Vec<u64> = Vec::new();
        if let Some(e) = ad.employer {
            context.extend(words(&fold(e)).map(word_hash));
        }
        if let Some(r) = ad.region {
            for c in [r, r.province()] {
                if let Some(info) = domain::reference().region(c) {
                    // "Kota Administrasi Jakarta Selatan": the place is "jakarta selatan";
                    // "administrasi" in a title is a job ("Staff Administrasi").
                    let name = fold(&info.name);
                    context.extend(
                        words(&name)
                            .filter(|w| !ADMINISTRATIVE_WORDS.contains(w))
                            .map(word_hash),
                    );
                }
            }
        }
        let region = crate::location::workplace(ad.title, ad.region).region;
        let cleaned = clean_title(ad.title);
        let all_title: Vec<u64> = sorted_set(words(&cleaned).map(word_hash));
        let without_context: Vec<u64> = all_title
            .iter()
            .copied()
            .filter(|h| !context.contains(h))
            .collect();
        let title = if without_context.is_empty() {
            all_title
        } else {
            without_context
        };

        let description = ad.description.and_then(shingles);
        let mut features: Vec<u64> = Vec::with_capacity(
            title.len() + employer_words.len() + description.as_ref().map_or(0, Vec::len),
        );
        features.extend(title.iter().map(|h| mix(h ^ TAG_TITLE)));
        features.extend(employer_words.iter().map(|h| mix(h ^ TAG_EMPLOYER)));
        if let Some(d) = &description {
            features.extend(d);
        }
        let content = mix(set_hash(&features)
            ^ mix(ad.posted_day as u64)
            ^ region.map_or(0, |r| u64::from(r.as_u16())));
        Print {
            title_key: set_hash(&title),
            employer_key: set_hash(&employer_words),
            employer: (!employer_words.is_empty()).then(|| distinctive(&employer_words)),
            title,
            description,
            features,
            block: region.map_or(0, |r| (r.as_u16() / 100) as u8),
            region,
            content,
        }
    }
}

fn same_vacancy(a: &AdText, pa: &Print, b: &AdText, pb: &Print, cfg: &DedupConfig) -> bool {
    let regions_fit = match (pa.region, pb.region) {
        (None, None) => true,
        (Some(x), Some(y)) => x.contains(y) || y.contains(x),
        _ => false,
    };
    let window = u64::try_from(cfg.window_days).unwrap_or(0);
    if !regions_fit || a.posted_day.abs_diff(b.posted_day) > window {
        return false;
    }
    if jaccard(&pa.title, &pb.title) < cfg.title_threshold || rank_differs(&pa.title, &pb.title) {
        return false;
    }
    let employers_match = match (&pa.employer, &pb.employer) {
        (Some(x), Some(y)) => {
            if jaccard(x, y) < cfg.employer_threshold {
                return false;
            }
            true
        }
        _ => false,
    };
    match (&pa.description, &pb.description) {
        (Some(x), Some(y)) => {
            let common = intersection(x, y);
            let union = x.len() + y.len() - common;
            let smaller = x.len().min(y.len());
            common as f64 >= cfg.threshold * union as f64
                || (smaller >= MIN_CONTAINED && common as f64 >= CONTAINMENT * smaller as f64)
        }
        _ => employers_match,
    }
}

/// Word 3-shingles of a description, or `None` when it is too short to say anything.
fn shingles(text: &str) -> Option<Vec<u64>> {
    let mut hs: Vec<u64> = Vec::new();
    for_each_folded_word(text, |w| hs.push(word_hash(w)));
    if hs.len() < MIN_DESCRIPTION_WORDS {
        return None;
    }
    Some(sorted_set(hs.windows(SHINGLE).map(|w| {
        mix(w[0].wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ w[1].rotate_left(21) ^ w[2].rotate_left(42))
    })))
}

/// The words `words(&fold(text))` would give, without building the folded string: descriptions
/// are most of the text, and `fold` allocates and runs NFKD on every character. ASCII
/// characters take a direct path; others go through the same NFKD decomposition as `fold`.
fn for_each_folded_word(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::with_capacity(32);
    let push_char = |c: char, word: &mut String, f: &mut dyn FnMut(&str)| {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                word.push(l);
            }
        } else if !word.is_empty() {
            f(word);
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else if !word.is_empty() {
                f(&word);
                word.clear();
            }
        } else {
            decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    push_char(d, &mut word, &mut f);
                }
            });
        }
    }
    if !word.is_empty() {
        f(&word);
    }
}

fn sorted_set(it: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut v: Vec<u64> = it.collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn intersection(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let common = intersection(a, b);
    let union = a.len() + b.len() - common;
    if union == 0 {
        0.0
    } else {
        common as f64 / union as f64
    }
}

// ---------------------------------------------------------------------------------------------
// Hashing. Fixed functions, not `RandomState`, so clusters are the same on every run and machine.

/// FNV-1a over the bytes, finished by `mix`.
fn word_hash(w: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in w.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// The SplitMix64 finaliser: spreads every input bit over the output.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn set_hash(sorted: &[u64]) -> u64 {
    sorted.iter().fold(0x5eed, |h, &x| mix(h ^ x))
}

/// Signature slot values of originally non-empty bins are below this; densified slots above.
const FILLED: u64 = 1 << 32;

/// One-permutation MinHash (Li, Owen & Zhang 2012): one hash per feature picks a bin and a
/// value, and each bin keeps its minimum. Plain MinHash costs one hash per feature *and* slot
/// (80× more), which dominated the run time on long descriptions. Empty bins are filled by
/// rotation densification (Shrivastava & Li 2014): an empty bin copies the nearest non-empty
/// bin to its right, offset by the distance, so equal sets still get equal signatures and the
/// chance that two slots agree still tracks the Jaccard similarity.
fn signature(features: &[u64], out: &mut [u64]) {
    let k = out.len();
    out.fill(u64::MAX);
    for &x in features {
        let h = mix(x ^ 0x0b5e_55ed_5eed_0001);
        let bin = (((h >> 32) * k as u64) >> 32) as usize;
        let v = h & (FILLED - 1);
        if v < out[bin] {
            out[bin] = v;
        }
    }
    let Some(last) = (0..k).rev().find(|&j| out[j] < FILLED) else {
        return;
    };
    // Walk right to left from the last non-empty bin, once round, carrying the nearest
    // non-empty bin to the right (as a virtual position beyond `k` where it wraps).
    let (mut next_value, mut next_pos) = (out[last], last + k);
    for v in (last + 1..last + k).rev() {
        let j = v % k;
        if out[j] < FILLED {
            (next_value, next_pos) = (out[j], v);
        } else {
            out[j] = next_value + (((next_pos - v) as u64) << 32);
        }
    }
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // Smaller root wins, only to keep trees shallow in index order; ids are computed later.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).expect("test code")
    }

    const DESC: &str = "PT Maju Jaya adalah perusahaan distribusi alat tulis kantor di Bekasi. \
        Tanggung jawab: mengelola dokumen penjualan, membuat laporan harian stok gudang, \
        input data faktur ke sistem, berkoordinasi dengan tim gudang dan keuangan. \
        Kualifikasi: pendidikan minimal SMA/SMK, menguasai Microsoft Excel, teliti dan rapi, \
        bersedia bekerja shift. Gaji: Rp 5.000.000 - Rp 6.000.000 per bulan.";

    fn ad<'a>(
        title: &'a str,
        employer: Option<&'a str>,
        desc: Option<&'a str>,
        region: &str,
        day: i64,
    ) -> AdText<'a> {
        AdText {
            title,
            employer,
            description: desc,
            region: Some(code(region)),
            posted_day: day,
        }
    }

    /// Clusters of the ads, as a list of index groups with more than one member.
    fn groups(ads: &[AdText]) -> Vec<Vec<usize>> {
        let ids = clusters(ads, &DedupConfig::default());
        let mut by: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (i, id) in ids.iter().enumerate() {
            by.entry(*id).or_default().push(i);
        }
        by.into_values().filter(|g| g.len() > 1).collect()
    }

    #[test]
    fn cleans_recruitment_noise_from_titles() {
        assert_eq!(
            clean_title("URGENT!! Dibutuhkan Staff Admin (Bekasi) - PT ABC"),
            "staff admin"
        );
        assert_eq!(
            clean_title("[HIRING] Sales Executive | Jakarta Selatan"),
            "sales executive"
        );
        assert_eq!(
            clean_title("Lowongan Kerja Operator Produksi Pria/Wanita"),
            "operator produksi"
        );
        assert_eq!(clean_title("Admin Gudang di PT Sinar Jaya"), "admin gudang");
        assert_eq!(clean_title("Barista (Remote)"), "barista");
        // Content in brackets that is part of the job stays.
        assert_eq!(clean_title("Staff (QC) Produksi"), "staff qc produksi");
        assert_eq!(clean_title("Full-Stack Developer"), "full stack developer");
        assert_eq!(clean_title("Dibutuhkan Segera"), "dibutuhkan segera");
    }

    #[test]
    fn cleans_legal_forms_and_hidden_employers() {
        assert_eq!(clean_employer("PT. ABC Indonesia Tbk"), "abc indonesia");
        assert_eq!(clean_employer("ABC Indonesia, PT"), "abc indonesia");
        assert_eq!(clean_employer("Perusahaan Rahasia"), "");
        assert_eq!(clean_employer("Confidential"), "");
    }

    #[test]
    fn a_noisy_repost_of_the_same_ad_is_a_duplicate() {
        let shorter = DESC.replace("bersedia bekerja shift. ", "");
        let ads = [
            ad(
                "Staff Admin",
                Some("PT Maju Jaya"),
                Some(DESC),
                "32.75",
                100,
            ),
            ad(
                "URGENT!! Dibutuhkan STAFF ADMIN (Bekasi)",
                Some("PT. MAJU JAYA"),
                Some(&shorter),
                "32.75",
                112,
            ),
        ];
        assert_eq!(groups(&ads), vec![vec![0, 1]]);
    }

    #[test]
    fn same_generic_title_at_different_employers_is_not_a_duplicate() {
        let ads = [
            ad("Staff Admin", Some("PT Maju Jaya"), None, "32.75", 100),
            ad("Staff Admin", Some("CV Sumber Rejeki"), None, "32.75", 101),
            ad(
                "Staff Admin",
                Some("PT Maju Jaya"),
                Some(DESC),
                "32.75",
                100,
            ),
            ad(
                "Staff Admin",
                Some("CV Sumber Rejeki"),
                Some(DESC),
                "32.75",
                101,
            ),
        ];
        // Only the two Maju Jaya ads (one with, one without description) pair up.
        assert_eq!(groups(&ads), vec![vec![0, 2], vec![1, 3]]);
        assert!(!is_duplicate(&ads[0], &ads[1], &DedupConfig::default()));
        assert!(!is_duplicate(&ads[2], &ads[3], &DedupConfig::default()));
    }

    #[test]
    fn the_same_ad_in_two_regencies_is_not_a_duplicate() {
        let ads = [
            ad(
                "Staff Admin",
                Some("PT Maju Jaya"),
                Some(DESC),
                "32.75",
                100,
            ),
            ad(
                "Staff Admin",
                Some("PT Maju Jaya"),
                Some(DESC),
                "32.16",
                100,
            ),
            // The province that contains the first one is compatible.
            ad("Staff Admin", Some("PT Maju Jaya"), Some(DESC), "32", 101),
        ];
        let cfg = DedupConfig::default();
        assert!(!is_duplicate(&ads[0], &ads[1], &cfg));
        assert!(is_duplicate(&ads[0], &ads[2], &cfg));
    }

    /// A portal that shows only the province matches the same chain-store ad in each of its
    /// regencies; it must not make the Kota Bekasi and Kota Bandung ads one vacancy, whatever
    /// the input order.
    #[test]
    fn a_province_level_ad_does_not_chain_two_regencies_into_one_cluster() {
        let ads = vec![
            ad("Kasir", Some("PT Maju Jaya"), Some(DESC), "32.75", 100),
            ad("Kasir", Some("PT Maju Jaya"), Some(DESC), "32", 103),
            ad("Kasir", Some("PT Maju Jaya"), Some(DESC), "32.73", 104),
            ad("Kasir", Some("PT Maju Jaya"), Some(DESC), "32.73", 110),
        ];
        // The province-level ad (day 103) is closest in time to the Bandung one (day 104).
        assert_eq!(groups(&ads), vec![vec![1, 2, 3]]);
        for order in [[3, 2, 1, 0], [1, 0, 3, 2], [2, 3, 0, 1]] {
            let shuffled: Vec<AdText> = order.iter().map(|&i| ads[i]).collect();
            let ids = clusters(&shuffled, &DedupConfig::default());
            let pos = |i: usize| order.iter().position(|&o| o == i).expect("in order");
            assert_eq!(ids[pos(1)], ids[pos(2)], "{order:?}");
            assert_eq!(ids[pos(2)], ids[pos(3)], "{order:?}");
            assert_ne!(ids[pos(0)], ids[pos(1)], "{order:?}");
        }
        // Two province-level re-posts of one regency ad still join it.
        let ads = vec![
            ad("Kasir", Some("PT Maju Jaya"), Some(DESC), "32", 100),
            ad("Kasir", Some("PT Maju Jaya"), Some(DESC), "32.75", 101),
            ad("Kasir", Some("PT Maju Jaya"), Some(DESC), "32", 102),
        ];
        assert_eq!(groups(&ads), vec![vec![0, 1, 2]]);
    }

    /// A plain title between titles that name places must not chain them (Dealls: Bank Mega's
    /// officers, all listed at Pontianak), with the location or without one.
    #[test]
    fn a_plain_title_does_not_chain_titles_that_name_different_places() {
        for location in [Some("61.71"), None] {
            let officer = |title| AdText {
                region: location.map(code),
                ..ad(title, Some("Bank Mega"), None, "61.71", 100)
            };
            let ads = vec![
                officer("Card & Funding Officer (Palangkaraya)"),
                officer("Card & funding Officer (kotabaru)"),
                officer("Card & Funding Officer (Pontianak)"),
                officer("Card & Funding Officer"),
            ];
            let want: Vec<Vec<usize>> = match location {
                // The plain one is at Pontianak, as its location says.
                Some(_) => vec![vec![2, 3]],
                // Without a location the plain one is nowhere, and matches none.
                None => vec![],
            };
            assert_eq!(groups(&ads), want, "{location:?}");
        }
    }

    /// "Bekasi" on a Kabupaten Bekasi ad is the kabupaten, though a bare "Bekasi" elsewhere is
    /// the kota; Cikarang lies in the kabupaten.
    #[test]
    fn a_twin_name_in_a_title_is_read_with_the_ads_location() {
        let sales = |title, employer, region| ad(title, Some(employer), Some(DESC), region, 100);
        let ads = vec![
            sales("Sales Motoris (Bekasi)", "PT Karya Sentosa", "32.16"),
            sales("Sales Motoris (Kab. Bekasi)", "PT Karya Sentosa", "32.16"),
            sales("Sales Motoris (Cikarang)", "PT Karya Sentosa", "32.16"),
            sales("Sales Motoris (Bogor)", "PT Bumi Lestari", "32.01"),
            sales("Sales Motoris (Kab. Bogor)", "PT Bumi Lestari", "32.01"),
            sales("Sales Motoris (Tangerang)", "PT Bumi Lestari", "36.03"),
            sales(
                "Sales Motoris (Kabupaten Tangerang)",
                "PT Bumi Lestari",
                "36.03",
            ),
        ];
        assert_eq!(groups(&ads), vec![vec![0, 1, 2], vec![3, 4], vec![5, 6]]);
    }

    /// Loker.id-style titles that carry the city when the location says only the province.
    #[test]
    fn a_title_that_names_the_city_places_a_province_level_ad() {
        let cfg = DedupConfig::default();
        let bekasi = ad(
            "Sales (Bekasi)",
            Some("PT Maju Jaya"),
            Some(DESC),
            "32",
            100,
        );
        let bandung = ad(
            "Sales (Bandung)",
            Some("PT Maju Jaya"),
            Some(DESC),
            "32",
            101,
        );
        assert!(!is_duplicate(&bekasi, &bandung, &cfg));
        let plain = ad("Sales", Some("PT Maju Jaya"), Some(DESC), "32", 102);
        assert!(is_duplicate(&bekasi, &plain, &cfg));
        let in_bekasi = ad("Sales", Some("PT Maju Jaya"), Some(DESC), "32.75", 102);
        assert!(is_duplicate(&bekasi, &in_bekasi, &cfg));
        assert!(!is_duplicate(&bandung, &in_bekasi, &cfg));
        // A title place that conflicts with the location is the workplace: the ad is in
        // Surabaya, not Jawa Barat (Dealls, a bank's officers listed under the office that
        // recruits them).
        let odd = ad(
            "Sales (Surabaya)",
            Some("PT Maju Jaya"),
            Some(DESC),
            "32",
            102,
        );
        assert!(!is_duplicate(&odd, &plain, &cfg));
        let in_surabaya = ad("Sales", Some("PT Maju Jaya"), Some(DESC), "35.78", 103);
        assert!(is_duplicate(&odd, &in_surabaya, &cfg));
        let officer = |title| ad(title, Some("Bank Mandiri"), None, "61.71", 100);
        assert!(!is_duplicate(
            &officer("Card & Funding Officer (Palangkaraya)"),
            &officer("Card & Funding Officer (Pontianak)"),
            &cfg
        ));
        assert!(is_duplicate(
            &officer("Card Funding Officer (BANDUNG)"),
            &officer("Card Funding Officer (Bandung)"),
            &cfg
        ));
    }

    #[test]
    fn postings_further_apart_than_the_window_are_not_duplicates() {
        let ads = [
            ad(
                "Staff Admin",
                Some("PT Maju Jaya"),
                Some(DESC),
                "32.75",
                100,
            ),
            ad(
                "Staff Admin",
                Some("PT Maju Jaya"),
                Some(DESC),
                "32.75",
                131,
            ),
        ];
        assert!(groups(&ads).is_empty());
        let wide = DedupConfig {
            window_days: 60,
            ..DedupConfig::default()
        };
        assert_eq!(clusters(&ads, &wide), vec![0, 0]);
    }

    #[test]
    fn different_jobs_with_the_same_company_boilerplate_are_not_duplicates() {
        let ads = [
            ad(
                "Staff Admin",
                Some("PT Maju Jaya"),
                Some(DESC),
                "32.75",
                100,
            ),
            ad(
                "Driver Pengiriman",
                Some("PT Maju Jaya"),
                Some(DESC),
                "32.75",
                100,
            ),
        ];
        assert!(groups(&ads).is_empty());
    }

    #[test]
    fn cluster_ids_are_the_first_member_and_do_not_depend_on_input_order() {
        let ads = vec![
            ad("Barista", Some("Kopi Kenangan"), None, "31.74", 10),
            ad(
                "Staff Admin",
                Some("PT Maju Jaya"),
                Some(DESC),
                "32.75",
                100,
            ),
            ad("Barista", Some("Kopi Kenangan"), None, "31.74", 12),
            ad(
                "Staff Admin!!",
                Some("PT Maju Jaya"),
                Some(DESC),
                "32.75",
                101,
            ),
        ];
        assert_eq!(clusters(&ads, &DedupConfig::default()), vec![0, 1, 0, 1]);
        let reversed: Vec<AdText> = ads.iter().rev().copied().collect();
        assert_eq!(
            clusters(&reversed, &DedupConfig::default()),
            vec![0, 1, 0, 1]
        );
    }

    #[test]
    fn an_ad_without_a_region_only_matches_ads_without_one() {
        let mut a = ad("Barista", Some("Kopi Kenangan"), Some(DESC), "31.74", 10);
        let mut b = a;
        a.region = None;
        let cfg = DedupConfig::default();
        assert!(!is_duplicate(&a, &b, &cfg));
        b.region = None;
        assert!(is_duplicate(&a, &b, &cfg));
    }

    #[test]
    fn place_words_in_a_title_are_ignored_but_administrative_words_are_not() {
        let cfg = DedupConfig::default();
        let a = ad("Staff Admin", Some("PT Maju Jaya"), None, "32.75", 100);
        let b = ad(
            "Staff Admin Bekasi",
            Some("PT Maju Jaya"),
            None,
            "32.75",
            101,
        );
        assert!(is_duplicate(&a, &b, &cfg));
        let c = ad(
            "Staff Administrasi Keuangan",
            Some("PT Maju Jaya"),
            None,
            "31.74",
            100,
        );
        let d = ad("Staff Keuangan", Some("PT Maju Jaya"), None, "31.74", 101);
        assert!(!is_duplicate(&c, &d, &cfg));
    }

    #[test]
    fn a_reworded_title_is_found_through_the_description_bands() {
        // The titles differ, so the exact title + employer key cannot pair them; only the
        // MinHash bands over the shared description can.
        let edited = DESC.replace("Gaji: Rp 5.000.000", "Gaji: Rp 5.500.000");
        let ads = [
            ad(
                "Admin Gudang Pusat Distribusi",
                Some("PT Maju Jaya"),
                Some(DESC),
                "32.75",
                100,
            ),
            ad(
                "Admin Gudang Pusat Distribusi Barang",
                Some("PT Maju Jaya"),
                Some(&edited),
                "32.75",
                110,
            ),
        ];
        assert_eq!(groups(&ads), vec![vec![0, 1]]);
    }

    #[test]
    fn extreme_days_do_not_overflow() {
        let ads = [
            ad("Staff Admin", Some("PT Maju Jaya"), None, "32.75", i64::MIN),
            ad("Staff Admin", Some("PT Maju Jaya"), None, "32.75", i64::MAX),
        ];
        assert!(groups(&ads).is_empty());
    }

    #[test]
    fn a_truncated_copy_of_a_description_matches() {
        let long = DESC.repeat(3);
        let ads = [
            ad("Staff Admin", None, Some(&long), "32.75", 100),
            ad("Staff Admin", None, Some(DESC), "32.75", 101),
        ];
        assert!(is_duplicate(&ads[0], &ads[1], &DedupConfig::default()));
    }

    #[test]
    fn signature_agreement_tracks_jaccard_similarity() {
        // Two sets of 300 features sharing 240: Jaccard 240/360 = 0.67.
        let a: Vec<u64> = (0..300u64).map(mix).collect();
        let b: Vec<u64> = (60..360u64).map(mix).collect();
        let (mut sa, mut sb) = (vec![0u64; 400], vec![0u64; 400]);
        signature(&a, &mut sa);
        signature(&b, &mut sb);
        let agree = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / 400.0;
        assert!((agree - 0.67).abs() < 0.08, "{agree}");
        // Small sets leave most bins empty; equal sets still give equal signatures.
        let (mut s1, mut s2) = (vec![0u64; 80], vec![0u64; 80]);
        signature(&[mix(1), mix(2)], &mut s1);
        signature(&[mix(2), mix(1)], &mut s2);
        assert_eq!(s1, s2);
        assert!(s1.iter().all(|&v| v != u64::MAX));
    }

    proptest! {
        #[test]
        fn streamed_words_equal_folded_words(s in "\\PC{0,40}") {
            let mut streamed = Vec::new();
            for_each_folded_word(&s, |w| streamed.push(w.to_string()));
            let folded = fold(&s);
            let expected: Vec<String> = words(&folded).map(str::to_string).collect();
            prop_assert_eq!(streamed, expected);
        }

        #[test]
        fn arbitrary_titles_never_panic(s in "\\PC{0,40}") {
            let _ = clean_title(&s);
            let _ = clean_employer(&s);
        }
    }
}

//! Measurements of the region resolver and the near-duplicate detector on real Indonesian ads.
//!
//! The ads live in the project's shared data folder (`/work/shared/data/job-postings-id`, or
//! `LISTRAF_JOB_POSTINGS_DIR`); they are third-party scrapes without a licence, so they are
//! read from there and never copied into the repository. A test whose file is missing prints
//! why and passes without measuring. Run with `--nocapture` to see the figures.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Instant;

use classify::dedup::{AdText, DedupConfig, clean_employer, clusters};
use classify::location::{Resolution, UnresolvedReason, resolve};
use classify::normalise::fold;
use domain::{Date, RegionCode, reference};

fn data_dir() -> PathBuf {
    std::env::var_os("LISTRAF_JOB_POSTINGS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/data/job-postings-id"))
}

/// The rows of a shared CSV file as header → value maps, or `None` (with the reason printed).
fn read_rows(file: &str) -> Option<Vec<HashMap<String, String>>> {
    let path = data_dir().join(file);
    if !path.exists() {
        println!("SKIPPED: {} is absent", path.display());
        return None;
    }
    let mut reader = match csv::Reader::from_path(&path) {
        Ok(r) => r,
        Err(e) => panic!("{} exists but cannot be opened: {e}", path.display()),
    };
    let headers = reader.headers().expect("readable header").clone();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("well-formed CSV record");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect();
    Some(rows)
}

fn field<'a>(row: &'a HashMap<String, String>, name: &str) -> &'a str {
    row.get(name).map_or("", String::as_str)
}

// ---------------------------------------------------------------------------------------------
// Region resolver.

fn category(r: &Resolution) -> &'static str {
    match r {
        Resolution::Regency(_) => "regency",
        Resolution::Province(_) => "province",
        Resolution::Unresolved(UnresolvedReason::Empty) => "unresolved: empty",
        Resolution::Unresolved(UnresolvedReason::Unknown) => "unresolved: unknown",
        Resolution::Unresolved(UnresolvedReason::Ambiguous(_)) => "unresolved: ambiguous",
        Resolution::Unresolved(UnresolvedReason::Multiple(_)) => "unresolved: multiple",
        Resolution::Unresolved(UnresolvedReason::Remote) => "unresolved: remote",
        Resolution::Unresolved(UnresolvedReason::Abroad) => "unresolved: abroad",
        Resolution::Unresolved(UnresolvedReason::Country) => "unresolved: country only",
    }
}

/// Resolves one column and returns the share resolved to a regency or province.
fn measure_location_column(file: &str, column: &str) -> Option<f64> {
    let rows = read_rows(file)?;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unresolved: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for row in &rows {
        let text = field(row, column);
        let r = resolve(text);
        *counts.entry(category(&r)).or_default() += 1;
        if r.region().is_none() {
            let e = unresolved
                .entry(text.to_string())
                .or_insert((0, r.to_string()));
            e.0 += 1;
        }
    }
    let n = rows.len();
    println!("{file} `{column}`: {n} rows");
    for (cat, k) in &counts {
        println!(
            "  {cat:<26} {k:>5}  {:>5.1} %",
            100.0 * *k as f64 / n as f64
        );
    }
    for (text, (k, why)) in &unresolved {
        println!("    {k:>4} × {text:?}: {why}");
    }
    let resolved = counts.get("regency").unwrap_or(&0) + counts.get("province").unwrap_or(&0);
    Some(resolved as f64 / n as f64)
}

#[test]
fn portal_locations_mostly_resolve_to_a_region() {
    // Floors sit a little below the measured shares (see the report printed by this test), so a
    // regression in the index or the rules fails here.
    for (file, column, floor) in [
        ("lokerid_2025.csv", "location", 0.97),
        ("dealls_2024.csv", "job_location", 0.95),
        ("mixed_portals_titles_skills_2026.csv", "Lokasi", 0.96),
    ] {
        if let Some(share) = measure_location_column(file, column) {
            println!("  resolved: {:.1} %\n", 100.0 * share);
            assert!(
                share >= floor,
                "{file}: resolved {share:.3} < floor {floor}"
            );
        }
    }
}

#[test]
fn maganghub_regency_names_resolve_to_the_gold_kemendagri_code() {
    let Some(rows) = read_rows("maganghub_2025.csv") else {
        return;
    };
    let (mut n, mut correct, mut no_gold) = (0, 0, 0);
    let mut wrong: BTreeMap<String, String> = BTreeMap::new();
    for row in &rows {
        let gold = field(row, "kode_kabupaten");
        let name = field(row, "nama_kabupaten");
        let Ok(gold) = RegionCode::parse(gold) else {
            no_gold += 1;
            continue;
        };
        n += 1;
        let got = resolve(name);
        if got == Resolution::Regency(gold) {
            correct += 1;
        } else {
            wrong.insert(name.to_string(), format!("gold {gold}, got {got}"));
        }
    }
    let accuracy = correct as f64 / n as f64;
    println!(
        "maganghub_2025.csv `nama_kabupaten`: {correct}/{n} = {:.2} % exact regency \
         ({no_gold} rows without a gold code skipped)",
        100.0 * accuracy
    );
    for (name, why) in &wrong {
        println!("  {name:?}: {why}");
    }
    assert!(n > 1000, "expected the full MagangHub file, got {n} rows");
    assert!(accuracy >= 0.995, "accuracy {accuracy:.4}");
}

// ---------------------------------------------------------------------------------------------
// Near-duplicates: a re-post corpus generated from real ads.

/// SplitMix64: a fixed, dependency-free generator so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

#[derive(Clone)]
struct Ad {
    title: String,
    employer: Option<String>,
    description: Option<String>,
    location: String,
    day: i64,
    region: Option<RegionCode>,
}

impl Ad {
    fn text(&self) -> AdText<'_> {
        AdText {
            title: &self.title,
            employer: self.employer.as_deref(),
            description: self.description.as_deref(),
            region: self.region,
            posted_day: self.day,
        }
    }
}

fn ad(title: &str, employer: &str, description: Option<String>, location: &str, day: i64) -> Ad {
    Ad {
        title: title.to_string(),
        employer: (!employer.trim().is_empty()).then(|| employer.to_string()),
        description,
        location: location.to_string(),
        day,
        region: resolve(location).region(),
    }
}

/// Distinct real ads: Loker.id (with descriptions and dates) and the mixed-portal file (titles
/// only; dates drawn inside the Loker.id period).
fn real_ads(rng: &mut Rng) -> Option<(Vec<Ad>, usize)> {
    let lokerid = read_rows("lokerid_2025.csv")?;
    let mixed = read_rows("mixed_portals_titles_skills_2026.csv")?;
    let mut out = Vec::new();
    for row in &lokerid {
        let Ok(date) = Date::parse(field(row, "posted_date")) else {
            continue;
        };
        let desc = field(row, "description");
        out.push(ad(
            field(row, "title"),
            field(row, "company"),
            (!desc.trim().is_empty()).then(|| desc.to_string()),
            field(row, "location"),
            date.days_since_epoch(),
        ));
    }
    let (lo, hi) = out.iter().fold((i64::MAX, i64::MIN), |(lo, hi), a| {
        (lo.min(a.day), hi.max(a.day))
    });
    for row in &mixed {
        let day = lo + rng.below((hi - lo + 1) as usize) as i64;
        out.push(ad(
            field(row, "Title"),
            field(row, "Perusahaan"),
            None,
            field(row, "Lokasi"),
            day,
        ));
    }
    // The data has its own repeats, across portals too ("Digital Marketing" at one employer in
    // "Jakarta Utara" on Loker.id and in "Jakarta" elsewhere). Keep one ad per folded title and
    // employer among regions that nest, so that the originals are distinct by construction.
    let before = out.len();
    let mut kept: HashMap<(String, String), Vec<Option<RegionCode>>> = HashMap::new();
    out.retain(|a| {
        let key = (fold(&a.title), fold(a.employer.as_deref().unwrap_or("")));
        let regions = kept.entry(key).or_default();
        let nests = |r: &Option<RegionCode>| match (r, &a.region) {
            (None, None) => true,
            (Some(x), Some(y)) => x.contains(*y) || y.contains(*x),
            _ => false,
        };
        if regions.iter().any(nests) {
            return false;
        }
        regions.push(a.region);
        true
    });
    Some((out, before))
}

const PREFIXES: &[&str] = &[
    "URGENT!! Dibutuhkan ",
    "Dibutuhkan Segera ",
    "[HIRING] ",
    "Lowongan Kerja ",
    "Dicari ",
    "",
    "",
];

fn repost_title(rng: &mut Rng, a: &Ad) -> String {
    let company = a.employer.clone().unwrap_or_default();
    let place = a.location.clone();
    let suffixes = [
        format!(" ({place})"),
        format!(" - {company}"),
        " - URGENT".to_string(),
        " (Pria/Wanita)".to_string(),
        String::new(),
        String::new(),
    ];
    let t = format!("{}{}{}", rng.pick(PREFIXES), a.title, rng.pick(&suffixes));
    match rng.below(3) {
        0 => t.to_uppercase(),
        1 => t.to_lowercase(),
        _ => t,
    }
}

fn repost_employer(rng: &mut Rng, e: &str) -> String {
    let bare = e
        .trim()
        .trim_start_matches("PT. ")
        .trim_start_matches("PT ")
        .to_string();
    match rng.below(5) {
        0 => e.to_uppercase(),
        1 => bare,
        2 => format!("PT. {bare}"),
        3 => format!("{bare}, PT"),
        _ => e.to_string(),
    }
}

/// One to two edits: a sentence dropped, two neighbouring sentences swapped, the salary changed.
fn repost_description(rng: &mut Rng, d: &str) -> String {
    let mut pieces: Vec<String> = d
        .split_inclusive('\n')
        .flat_map(|line| line.split_inclusive(". "))
        .map(str::to_string)
        .collect();
    for _ in 0..1 + rng.below(2) {
        match rng.below(3) {
            0 if pieces.len() >= 4 => {
                let k = rng.below(pieces.len());
                // "A sentence", not a paragraph: long pieces stay.
                if pieces[k].len() * 4 <= d.len() {
                    pieces.remove(k);
                }
            }
            1 if pieces.len() >= 2 => {
                let k = rng.below(pieces.len() - 1);
                pieces.swap(k, k + 1);
            }
            _ => {
                let low = 3 + rng.below(6);
                let salary = format!(
                    "\nGaji: Rp {low}.000.000 - Rp {}.500.000 per bulan\n",
                    low + 1 + rng.below(3)
                );
                let k = rng.below(pieces.len() + 1);
                pieces.insert(k, salary);
            }
        }
    }
    pieces.concat()
}

/// A location text another portal might use for the same place.
fn repost_location(rng: &mut Rng, a: &Ad) -> String {
    match a.region {
        // Some portals show only the province; such a re-post must still join its original,
        // and must not chain it to the same employer's ad in another regency.
        Some(c) if c.is_regency() && rng.chance(0.1) => format!("Provinsi {}", c.province().name()),
        Some(c) if c.is_regency() && rng.chance(0.4) => {
            let name = c
                .name()
                .replace("Kabupaten ", "KAB. ")
                .replace("Administrasi", "ADM.");
            name.to_uppercase()
        }
        _ => a.location.clone(),
    }
}

struct Corpus {
    ads: Vec<Ad>,
    truth: Vec<usize>,
    n_originals: usize,
    n_reposts: usize,
    n_negatives: usize,
}

fn repost_corpus(seed: u64) -> Option<Corpus> {
    let mut rng = Rng(seed);
    let (originals, before) = real_ads(&mut rng)?;
    println!(
        "originals: {} distinct ads ({} repeats already in the data dropped)",
        originals.len(),
        before - originals.len()
    );
    let regencies: Vec<RegionCode> = reference().regencies.iter().map(|r| r.code).collect();
    let n_originals = originals.len();
    let mut ads = originals.clone();
    let mut truth: Vec<usize> = (0..n_originals).collect();
    let (mut n_reposts, mut n_negatives) = (0, 0);
    for (i, a) in originals.iter().enumerate() {
        if !rng.chance(0.3) {
            continue;
        }
        for _ in 0..1 + rng.below(3) {
            // One in five re-posts comes from a portal that shows no description.
            let other_source = rng.chance(0.2);
            let description = match &a.description {
                Some(d) if !other_source => Some(repost_description(&mut rng, d)),
                _ => None,
            };
            let employer = a.employer.as_deref().map(|e| repost_employer(&mut rng, e));
            let location = repost_location(&mut rng, a);
            let r = ad(
                &repost_title(&mut rng, a),
                employer.as_deref().unwrap_or(""),
                description,
                &location,
                a.day + 1 + rng.below(20) as i64,
            );
            // The official name of the ad's own regency, or of its province, must resolve back.
            assert!(
                r.region == a.region || r.region.zip(a.region).is_some_and(|(r, a)| r.contains(a)),
                "{location:?} vs {:?}",
                a.location
            );
            ads.push(r);
            truth.push(i);
            n_reposts += 1;
        }
        // Hard negatives: the same ad in another regency, and the same title and text from
        // another employer. Neither is a duplicate under the rules.
        if a.region.is_some_and(|c| c.is_regency()) && rng.chance(0.1) {
            // Half of them in the same province: a chain's branches, the case a province-level
            // re-post could chain together.
            let same_province = rng.chance(0.5);
            let fits = |c: &RegionCode| {
                Some(*c) != a.region
                    && (!same_province || a.region.is_some_and(|r| r.province() == c.province()))
            };
            let candidates: Vec<RegionCode> = regencies.iter().copied().filter(fits).collect();
            let elsewhere = match candidates.is_empty() {
                false => *rng.pick(&candidates),
                // A province with one regency (none has): any other regency.
                true => *rng.pick(&regencies),
            };
            let mut n = a.clone();
            n.location = elsewhere.name().to_string();
            n.region = Some(elsewhere);
            n.day += rng.below(5) as i64;
            truth.push(ads.len());
            ads.push(n);
            n_negatives += 1;
        }
        if a.employer.is_some() && rng.chance(0.1) {
            let other = &originals[rng.below(n_originals)];
            // A known, different employer: "Confidential" could be anyone, the same one included.
            let known = |e: &Option<String>| clean_employer(e.as_deref().unwrap_or(""));
            if !known(&other.employer).is_empty() && known(&other.employer) != known(&a.employer) {
                let mut n = a.clone();
                n.employer = other.employer.clone();
                n.day += rng.below(5) as i64;
                truth.push(ads.len());
                ads.push(n);
                n_negatives += 1;
            }
        }
    }
    Some(Corpus {
        ads,
        truth,
        n_originals,
        n_reposts,
        n_negatives,
    })
}

fn pairs(sizes: impl Iterator<Item = usize>) -> u64 {
    sizes.map(|n| (n * n.saturating_sub(1) / 2) as u64).sum()
}

/// Pairwise precision and recall of predicted clusters against true ones.
fn pairwise(pred: &[usize], truth: &[usize]) -> (f64, f64, u64, u64, u64) {
    let mut by_pred: HashMap<usize, usize> = HashMap::new();
    let mut by_truth: HashMap<usize, usize> = HashMap::new();
    let mut by_both: HashMap<(usize, usize), usize> = HashMap::new();
    for (&p, &t) in pred.iter().zip(truth) {
        *by_pred.entry(p).or_default() += 1;
        *by_truth.entry(t).or_default() += 1;
        *by_both.entry((p, t)).or_default() += 1;
    }
    let predicted = pairs(by_pred.into_values());
    let actual = pairs(by_truth.into_values());
    let tp = pairs(by_both.into_values());
    let precision = if predicted == 0 {
        1.0
    } else {
        tp as f64 / predicted as f64
    };
    let recall = if actual == 0 {
        1.0
    } else {
        tp as f64 / actual as f64
    };
    (precision, recall, tp, predicted, actual)
}

#[test]
fn dedup_finds_generated_reposts_of_real_ads() {
    // Another seed gives another sample: `LISTRAF_DEDUP_SEED=7 cargo test …`.
    let seed = std::env::var("LISTRAF_DEDUP_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20250716);
    let Some(corpus) = repost_corpus(seed) else {
        return;
    };
    let texts: Vec<AdText> = corpus.ads.iter().map(Ad::text).collect();
    let started = Instant::now();
    let pred = clusters(&texts, &DedupConfig::default());
    let elapsed = started.elapsed();
    let (precision, recall, tp, predicted, actual) = pairwise(&pred, &corpus.truth);
    println!(
        "dedup corpus: {} ads = {} originals + {} re-posts + {} hard negatives; {:.0} ms ({} build)",
        corpus.ads.len(),
        corpus.n_originals,
        corpus.n_reposts,
        corpus.n_negatives,
        elapsed.as_secs_f64() * 1000.0,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
    );
    println!(
        "pairwise precision {precision:.4} ({tp}/{predicted}), recall {recall:.4} ({tp}/{actual})"
    );
    // A few examples of each kind of error, for whoever tunes the rule next.
    let mut shown_fp = 0;
    let mut shown_fn = 0;
    for i in 0..texts.len() {
        for j in i + 1..texts.len() {
            let same_pred = pred[i] == pred[j];
            let same_truth = corpus.truth[i] == corpus.truth[j];
            let (label, shown) = match (same_pred, same_truth) {
                (true, false) => ("false positive", &mut shown_fp),
                (false, true) => ("missed", &mut shown_fn),
                _ => continue,
            };
            if *shown < 8 {
                *shown += 1;
                let (a, b) = (&corpus.ads[i], &corpus.ads[j]);
                println!(
                    "  {label}: {:?} / {:?} @ {:?} day {}  vs  {:?} / {:?} @ {:?} day {} (desc {} / {})",
                    a.title,
                    a.employer,
                    a.location,
                    a.day,
                    b.title,
                    b.employer,
                    b.location,
                    b.day,
                    a.description.is_some(),
                    b.description.is_some()
                );
            }
        }
    }
    assert!(
        corpus.n_reposts > 500,
        "too few re-posts generated: {}",
        corpus.n_reposts
    );
    assert!(precision >= 0.95, "precision {precision:.4}");
    assert!(recall >= 0.95, "recall {recall:.4}");
}

/// Word-salad text from a fixed syllable table, for timing without the shared data.
fn synthetic_words(rng: &mut Rng, n: usize) -> String {
    const SYL: &[&str] = &[
        "ka", "ri", "ma", "tu", "se", "lo", "pe", "ngan", "da", "bu", "ker", "ja", "si", "to",
        "la", "wa", "ru", "de", "gi", "han",
    ];
    let mut out = String::new();
    for k in 0..n {
        if k > 0 {
            out.push(' ');
        }
        for _ in 0..2 + rng.below(2) {
            let syllable: &&str = rng.pick(SYL);
            out.push_str(syllable);
        }
    }
    out
}

#[test]
fn dedup_scales_linearly_with_lsh_buckets() {
    // Debug builds time a smaller corpus; the release figure in the report comes from
    // `LISTRAF_DEDUP_BENCH_N=100000 cargo test --release -p classify --test location_dedup
    //  dedup_scales -- --nocapture`.
    let n: usize = std::env::var("LISTRAF_DEDUP_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let mut rng = Rng(7);
    let regencies: Vec<RegionCode> = reference().regencies.iter().map(|r| r.code).collect();
    let pool: Vec<Ad> = match real_ads(&mut rng) {
        Some((ads, _)) => ads
            .into_iter()
            .filter(|a| a.description.is_some())
            .collect(),
        None => {
            println!("using synthetic text instead of the shared ads");
            (0..2000)
                .map(|_| {
                    let title = synthetic_words(&mut rng, 2);
                    let employer = synthetic_words(&mut rng, 2);
                    let desc = synthetic_words(&mut rng, 150);
                    ad(&title, &employer, Some(desc), "Jakarta", 0)
                })
                .collect()
        }
    };
    // Each ad mixes the title, employer and description of three random real ads and gets a
    // random regency and day, so most are distinct; every tenth is a re-post of an earlier one.
    let mut ads: Vec<Ad> = Vec::with_capacity(n);
    let mut planted: Vec<(usize, usize)> = Vec::new();
    for i in 0..n {
        if i > 0 && i % 10 == 0 {
            let k = rng.below(i);
            let mut r = ads[k].clone();
            r.title = format!("URGENT {}", r.title);
            r.day += 1 + rng.below(10) as i64;
            planted.push((k, i));
            ads.push(r);
            continue;
        }
        let t = &pool[rng.below(pool.len())];
        let e = &pool[rng.below(pool.len())];
        let d = &pool[rng.below(pool.len())];
        ads.push(Ad {
            title: t.title.clone(),
            employer: e.employer.clone(),
            description: d.description.clone(),
            location: String::new(),
            day: 20_000 + rng.below(365) as i64,
            region: Some(*rng.pick(&regencies)),
        });
    }
    let texts: Vec<AdText> = ads.iter().map(Ad::text).collect();
    let started = Instant::now();
    let ids = clusters(&texts, &DedupConfig::default());
    let elapsed = started.elapsed();
    let n_clusters = ids.iter().enumerate().filter(|&(i, &c)| i == c).count();
    let found = planted.iter().filter(|&&(k, i)| ids[k] == ids[i]).count();
    println!(
        "dedup timing: {n} ads in {:.2} s ({:.0} ads/s, {} build), {n_clusters} clusters, \
         {found}/{} planted re-posts found",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        planted.len()
    );
    assert!(found as f64 >= 0.95 * planted.len() as f64);
    // The rerun gives the same ids.
    assert_eq!(clusters(&texts, &DedupConfig::default()), ids);
}

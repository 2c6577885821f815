//! The occupation coder: job title (and description) → ranked ISCO-08 unit groups with a
//! calibrated confidence and the evidence behind the first one.
//!
//! Model: every ISCO-08 unit group is a weighted centroid of the word and word-pair features of
//! everything known to name it — ESCO preferred and alternative labels, the ILO index of titles,
//! ISCO-08 and KBJI 2014 titles (with 6-digit jabatan), the project's lexicon — plus, when
//! present, feature counts learned from labelled vacancy titles (built by `listraf
//! train-coder`: in the Indonesian [`Profile`] from the Indonesian gold set's `dev` and `test`
//! ads and the Indonesian training titles of `data/gold/indonesian_titles.csv`,
//! `data/learned_id.tsv`; in the international one from foreign labelled titles alone,
//! `data/learned.tsv`). A
//! title is scored by a Naive Bayes posterior plus cosine similarity against all centroids
//! through an inverted index, then blended with the linear model of
//! [`crate::linear`] (`data/linear_id.tsv` or `data/linear.tsv`), weighted by how many of the
//! title's words that model knows. In the Indonesian profile, the rest of an ad (its context
//! fields, such as a portal's category and function or the study programmes an internship
//! accepts, and the start of its description: [`AdBody`]) adds the decisions of a second
//! linear model, learned from the same of Indonesian labelled ads and of up to five other ads
//! of each labelled title ([`labelled_reposts`]) (`data/description_id.tsv`): it separates
//! the units a generic title leaves open. A third, the whole-ad model
//! (`data/whole_ad_id.tsv`), learned from the same ads, reads the title with the rest and
//! learns what a description says of a title ("Marketing" with a sales target).
//! Confidence maps the first unit's lead over the second through a table calibrated by
//! cross-validation of each profile's models (`data/calibration_id.tsv`,
//! `data/calibration.tsv`); below a floor the answer is "uncoded", never a guess dressed as a
//! code. In the Indonesian profile, a title that is word for word one of the project's list
//! titles (`data/titles_id.tsv`) takes the list's code: the list says how Indonesian ads use
//! a title. Any other title then meets the house conventions of [`crate::conventions`]: one
//! that heads a function ("HR Manager") takes the function's managers' unit.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use domain::{IscoCode, reference};

use crate::keys::{Fnv, KeyMap, key_of};
use crate::lexicon::{
    LexiconHit, canonical_each, canonical_strs, canonical_words, split_title, title_words,
};
use crate::linear::{Example, LinearModel, PrefixPair};
use crate::normalise::fold;

const LABELS: &str = include_str!("../data/occupation_labels.tsv");
const TITLES_ID: &str = include_str!("../data/titles_id.tsv");
const LEARNED: &str = include_str!("../data/learned.tsv");
const LEARNED_ID: &str = include_str!("../data/learned_id.tsv");
const CALIBRATION: &str = include_str!("../data/calibration.tsv");
const CALIBRATION_ID: &str = include_str!("../data/calibration_id.tsv");
const LINEAR: &str = include_str!("../data/linear.tsv");
const LINEAR_ID: &str = include_str!("../data/linear_id.tsv");
const DESCRIPTION_ID: &str = include_str!("../data/description_id.tsv");
const WHOLE_AD_ID: &str = include_str!("../data/whole_ad_id.tsv");
const GOLD_ID: &str = include_str!("../data/gold/indonesian_ads.csv");
const TITLES_TRAIN_ID: &str = include_str!("../data/gold/indonesian_titles.csv");

/// Below this calibrated confidence a title is reported as uncoded.
pub const UNCODED_BELOW: f32 = 0.15;

/// The least confidence of a list title's code: about the share of such codes the gold set
/// `data/gold/indonesian_ads.csv` found right where they overruled the models (see
/// `tests/gold_indonesian.rs`).
pub const LIST_TITLE_CONFIDENCE: f32 = 0.75;

/// The confidence of a code the manager rule gave: about the share of such codes found right in
/// the Indonesian cross-validation (see `data/gold/CONVENTIONS.md`).
pub const MANAGER_RULE_CONFIDENCE: f32 = 0.55;

/// Where a label comes from; kept as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelSource {
    EscoPreferred,
    EscoAlternative,
    IscoIndex,
    IscoTitle,
    Kbji,
    /// Common Indonesian ad titles written by the project (`data/titles_id.tsv`).
    Listraf,
}

impl LabelSource {
    pub(crate) fn name(self) -> &'static str {
        match self {
            LabelSource::EscoPreferred => "ESCO",
            LabelSource::EscoAlternative => "ESCO alt",
            LabelSource::IscoIndex => "ISCO index",
            LabelSource::IscoTitle => "ISCO-08",
            LabelSource::Kbji => "KBJI 2014",
            LabelSource::Listraf => "Listraf title list",
        }
    }

    fn weight(self) -> f32 {
        match self {
            LabelSource::EscoPreferred | LabelSource::IscoTitle | LabelSource::Kbji => 1.5,
            LabelSource::EscoAlternative | LabelSource::IscoIndex => 1.0,
            // Few, hand-checked and phrased the way Indonesian ads are: they must carry weight
            // against thousands of learned foreign titles.
            LabelSource::Listraf => 6.0,
        }
    }
}

/// A taxonomy label with its unit group.
#[derive(Debug, Clone)]
pub struct Label {
    pub text: String,
    pub unit: u16,
    pub source: LabelSource,
    /// KBJI code for KBJI labels (to hold entries out in evaluation).
    pub code: Option<String>,
    words: Vec<String>,
}

/// Feature counts learned from labelled titles: per unit, how many titles carried a feature.
#[derive(Debug, Clone, Default)]
pub struct Learned {
    pub counts: HashMap<(u16, String), f32>,
    pub titles: HashMap<u16, f32>,
}

impl Learned {
    /// Learns from (title, ISCO unit value) pairs.
    pub fn from_titles<'a>(pairs: impl IntoIterator<Item = (&'a str, u16)>) -> Learned {
        let mut l = Learned::default();
        for (title, unit) in pairs {
            let feats = features(&title_words(title, None));
            if feats.is_empty() {
                continue;
            }
            *l.titles.entry(unit).or_default() += 1.0;
            for f in feats {
                *l.counts.entry((unit, f)).or_default() += 1.0;
            }
        }
        l
    }

    /// `unit<TAB>feature<TAB>count`, with `unit<TAB>#titles<TAB>n` rows; sorted for stable diffs.
    pub fn to_tsv(&self) -> String {
        let mut rows: Vec<(u16, String, f32)> = self
            .counts
            .iter()
            .map(|((u, f), c)| (*u, f.clone(), *c))
            .collect();
        rows.extend(
            self.titles
                .iter()
                .map(|(u, n)| (*u, "#titles".to_string(), *n)),
        );
        rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut out = String::from(
            "# Feature counts learned from labelled vacancy titles; built by `listraf train-coder`.\n",
        );
        for (u, f, c) in rows {
            out.push_str(&format!("{u:04}\t{f}\t{c}\n"));
        }
        out
    }

    pub fn from_tsv(text: &str) -> Learned {
        let mut l = Learned::default();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let mut parts = line.split('\t');
            let (Some(u), Some(f), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
                continue;
            };
            let (Ok(u), Ok(c)) = (u.parse::<u16>(), c.parse::<f32>()) else {
                continue;
            };
            if f == "#titles" {
                l.titles.insert(u, c);
            } else {
                l.counts.insert((u, f.to_string()), c);
            }
        }
        l
    }
}

/// Maps a raw confidence signal to the share of codes found correct in cross-validation.
#[derive(Debug, Clone, Default)]
pub struct Calibration {
    /// (upper bound of the signal, probability correct), ascending.
    pub bins: Vec<(f32, f32)>,
}

impl Calibration {
    pub fn from_tsv(text: &str) -> Calibration {
        let bins = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (a, b) = l.split_once('\t')?;
                Some((a.parse().ok()?, b.parse().ok()?))
            })
            .collect();
        Calibration { bins }
    }

    pub fn to_tsv(&self) -> String {
        let mut out = String::from(
            "# signal upper bound → share correct in cross-validation; built by `listraf train-coder`.\n",
        );
        for (a, b) in &self.bins {
            out.push_str(&format!("{a}\t{b}\n"));
        }
        out
    }

    /// Fits bins of equal count, made monotone by pooling adjacent violators.
    pub fn fit(mut points: Vec<(f32, bool)>, n_bins: usize) -> Calibration {
        if points.is_empty() {
            return Calibration::default();
        }
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        let per = points.len().div_ceil(n_bins.max(1));
        let mut blocks: Vec<(f32, f32, f32)> = points
            .chunks(per)
            .map(|c| {
                (
                    c.last().map(|p| p.0).unwrap_or(0.0),
                    c.iter().filter(|p| p.1).count() as f32,
                    c.len() as f32,
                )
            })
            .collect();
        // Pool adjacent violators until accuracy never falls as the signal rises.
        let mut i = 0;
        while i + 1 < blocks.len() {
            if blocks[i].1 / blocks[i].2 > blocks[i + 1].1 / blocks[i + 1].2 {
                let (hi, c, n) = blocks.remove(i + 1);
                blocks[i] = (hi, blocks[i].1 + c, blocks[i].2 + n);
                i = i.saturating_sub(1);
            } else {
                i += 1;
            }
        }
        Calibration {
            bins: blocks.into_iter().map(|(hi, c, n)| (hi, c / n)).collect(),
        }
    }

    /// The confidence of a coding: the calibrated signal, and for a list title's code at
    /// least the list's measured share right (where the models agree with a clear lead,
    /// their higher calibrated confidence stands).
    pub fn confidence(&self, signal: f32, list_title: bool) -> f32 {
        let c = self.apply(signal);
        if list_title {
            c.max(LIST_TITLE_CONFIDENCE)
        } else {
            c
        }
    }

    pub fn apply(&self, signal: f32) -> f32 {
        match self.bins.iter().find(|(hi, _)| signal <= *hi) {
            Some((_, p)) => *p,
            None => self
                .bins
                .last()
                .map(|b| b.1)
                .unwrap_or(signal.clamp(0.0, 1.0)),
        }
    }
}

/// One ranked candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub unit: IscoCode,
    pub score: f32,
}

/// The coder's answer for one ad.
#[derive(Debug, Clone, PartialEq)]
pub struct Coding {
    /// The code, or `None` when nothing is good enough ("uncoded").
    pub code: Option<IscoCode>,
    /// Calibrated probability that `candidates[0]` is right.
    pub confidence: f32,
    /// The raw signal the calibration maps (score plus margin).
    pub signal: f32,
    pub candidates: Vec<Candidate>,
    /// What matched: the closest label of the first candidate and any lexicon rewrites.
    pub evidence: String,
    /// The title is one of the project's list titles and took its code; the confidence is
    /// then at least [`LIST_TITLE_CONFIDENCE`], and `signal` says nothing of it.
    pub list_title: bool,
    /// A house convention ([`crate::conventions`]) moved the first candidate; the confidence
    /// is then [`MANAGER_RULE_CONFIDENCE`], and `signal` says nothing of it.
    pub house_rule: bool,
}

/// Which labelled titles the shipped models learned from. Indonesian ads and the foreign
/// labelled titles name the same English words differently ("Key Account Manager" is a sales
/// representative, 3322, in Indonesian ads and a manager in the Malaysian labels), so each
/// kind of text has its own models and calibration; the taxonomy, the lexicon and the title
/// list are shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// Indonesian job ads, whatever their language: models learned from the taxonomy and the
    /// Indonesian labelled titles only (`learned_id.tsv`, `linear_id.tsv`, calibrated by
    /// `calibration_id.tsv`), and a description model (`description_id.tsv`). The product's
    /// default: imports, the web application and `listraf code`.
    #[default]
    Indonesia,
    /// Foreign vacancy titles (the Malaysian JobBERT benchmark): models learned from the
    /// taxonomy and the foreign labelled titles only (`learned.tsv`, `linear.tsv`,
    /// `calibration.tsv`), and the project's list titles do not decide: they say how
    /// Indonesian ads use a title, which foreign employers do not follow.
    International,
}

/// Words of Indonesian job titles that foreign English titles do not use; a file whose
/// titles carry them is Indonesian (see [`Profile::detect`]).
const INDONESIAN_MARKERS: [&str; 33] = [
    "dan",
    "untuk",
    "di",
    "staf",
    "karyawan",
    "magang",
    "kepala",
    "tenaga",
    "pengembangan",
    "teknisi",
    "lapangan",
    "gudang",
    "penjualan",
    "pemasaran",
    "keuangan",
    "pelayan",
    "kasir",
    "sopir",
    "supir",
    "juru",
    "tukang",
    "guru",
    "perawat",
    "bidan",
    "apoteker",
    "asisten",
    "pengajar",
    "dokter",
    "koki",
    "satpam",
    "wilayah",
    "cabang",
    "kantor",
];

/// Share of a file's titles carrying an Indonesian marker word above which the file is read
/// as Indonesian ads: 0.5 % of the Malaysian benchmark's titles carry one, 10–25 % of the
/// Indonesian portals' ads (Dealls, nearly all English, 2 %).
const INDONESIAN_MARKER_SHARE: f32 = 0.03;

/// Below this many titles a file is too small to tell; the product's default holds.
const DETECT_MIN_TITLES: usize = 50;

/// What [`Profile::detect_ads`] read the profile from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ProfileEvidence {
    /// Share of the ads naming a place whose place is an Indonesian region.
    Places(f32),
    /// Share of the titles carrying an Indonesian marker word.
    Titles(f32),
}

impl Profile {
    pub fn name(self) -> &'static str {
        match self {
            Profile::Indonesia => "indonesia",
            Profile::International => "international",
        }
    }

    pub fn parse(s: &str) -> Option<Profile> {
        match s.trim().to_ascii_lowercase().as_str() {
            "indonesia" | "id" => Some(Profile::Indonesia),
            "international" | "intl" => Some(Profile::International),
            _ => None,
        }
    }

    /// The profile a file's titles call for, with the share of them carrying an Indonesian
    /// marker word: Indonesian ads unless the file is large enough to tell and nearly none of
    /// its titles is Indonesian.
    pub fn detect<'a>(titles: impl IntoIterator<Item = &'a str>) -> (Profile, f32) {
        let (mut n, mut marked) = (0usize, 0usize);
        for t in titles {
            n += 1;
            let folded = fold(t);
            if folded
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| INDONESIAN_MARKERS.contains(&w))
            {
                marked += 1;
            }
        }
        let share = marked as f32 / n.max(1) as f32;
        let profile = if n >= DETECT_MIN_TITLES && share < INDONESIAN_MARKER_SHARE {
            Profile::International
        } else {
            Profile::Indonesia
        };
        (profile, share)
    }

    /// The profile a file of ads calls for. Ads placed in Indonesia are Indonesian ads,
    /// whatever language their titles are in (a Dealls file titles nearly every job in English):
    /// when at least 50 ads name a place and most of those places are Indonesian regions, the
    /// file is Indonesian. Otherwise the titles tell, as in [`Profile::detect`]; places that
    /// do not resolve prove nothing, since free-text places may fail to.
    /// `in_indonesia` holds, for each ad that names a place, whether it resolved to a region.
    pub fn detect_ads<'a>(
        titles: impl IntoIterator<Item = &'a str>,
        in_indonesia: impl IntoIterator<Item = bool>,
    ) -> (Profile, ProfileEvidence) {
        let (mut placed, mut resolved) = (0usize, 0usize);
        for r in in_indonesia {
            placed += 1;
            resolved += r as usize;
        }
        let share = resolved as f32 / placed.max(1) as f32;
        if placed >= DETECT_MIN_TITLES && share >= 0.5 {
            return (Profile::Indonesia, ProfileEvidence::Places(share));
        }
        let (p, share) = Profile::detect(titles);
        (p, ProfileEvidence::Titles(share))
    }
}

/// A short fingerprint, in hexadecimal, of the data this crate ships for a profile's coder:
/// taxonomy labels, list titles, lexicon, learned counts, models and calibration. Kept on the
/// batch of a `listraf recode`, so that a database says which model gave its codes. The code
/// and the ISCO/KBJI reference of `domain` are not in it: they change with a release, which
/// the batch's date tells.
pub fn model_fingerprint(profile: Profile) -> String {
    let learned: &[&str] = match profile {
        Profile::Indonesia => &[
            LEARNED_ID,
            CALIBRATION_ID,
            LINEAR_ID,
            DESCRIPTION_ID,
            WHOLE_AD_ID,
        ],
        Profile::International => &[LEARNED, CALIBRATION, LINEAR],
    };
    let h = [LABELS, TITLES_ID, crate::lexicon::LEXICON]
        .iter()
        .chain(learned)
        // Each part's length goes in too, so that moving text between two parts shows.
        .fold(Fnv::default().str(profile.name()), |h, part| {
            h.bytes(&(part.len() as u64).to_le_bytes()).str(part)
        });
    // The ISCO-08 and KBJI 2014 titles are labels too (`taxonomy_labels`).
    let r = reference();
    let h = r
        .isco_units()
        .map(|e| (e.code.as_str(), e.title_en.as_str()))
        .chain(
            r.kbji
                .iter()
                .map(|e| (e.code.as_str(), e.title_id.as_str())),
        )
        .fold(h, |h, (code, title)| {
            h.bytes(&(code.len() as u64 + title.len() as u64).to_le_bytes())
                .str(code)
                .str(title)
        });
    format!("{:016x}", h.finish())
}

/// The feature counts shipped for a profile.
pub fn shipped_learned(profile: Profile) -> Learned {
    Learned::from_tsv(match profile {
        Profile::Indonesia => LEARNED_ID,
        Profile::International => LEARNED,
    })
}

/// The calibration shipped for a profile: each is fitted on the cross-validated signals of
/// its own models (`data/calibration_id.tsv` over the Indonesian labelled titles,
/// `data/calibration.tsv` over the foreign ones), since the same lead means a different
/// chance of being right on each.
pub fn shipped_calibration(profile: Profile) -> Calibration {
    Calibration::from_tsv(match profile {
        Profile::Indonesia => CALIBRATION_ID,
        Profile::International => CALIBRATION,
    })
}

/// The linear model shipped for a profile (empty when the file holds none).
pub fn shipped_linear(profile: Profile) -> LinearModel {
    LinearModel::from_tsv(match profile {
        Profile::Indonesia => LINEAR_ID,
        Profile::International => LINEAR,
    })
}

/// The description model shipped for a profile: the Indonesian profile's, learned from the
/// descriptions of Indonesian ads (`data/description_id.tsv`); none for foreign titles, whose
/// labelled data has no descriptions.
pub fn shipped_description(profile: Profile) -> Option<LinearModel> {
    indonesian_ad_model(profile, DESCRIPTION_ID)
}

/// The whole-ad model shipped for a profile: the Indonesian profile's, learned from the titles
/// of Indonesian ads read with their context and description (`data/whole_ad_id.tsv`); none
/// for foreign titles.
pub fn shipped_whole_ad(profile: Profile) -> Option<LinearModel> {
    indonesian_ad_model(profile, WHOLE_AD_ID)
}

fn indonesian_ad_model(profile: Profile, tsv: &str) -> Option<LinearModel> {
    match profile {
        Profile::Indonesia => Some(LinearModel::from_tsv(tsv)).filter(|m| !m.is_empty()),
        Profile::International => None,
    }
}

/// The taxonomy labels the linear model learns from next to the labelled titles: every
/// label but KBJI's (held out so that the KBJI evaluation measures unseen titles). ESCO
/// preferred labels and ISCO-08 titles name their unit outright and count as one; alternative
/// labels and index entries, many shared between units, count less. The project's Indonesian
/// list titles are hand-checked codings of how Indonesian ads name jobs: for Indonesian ads
/// they count as several labelled titles ("office boy" is 9112 here), for foreign titles as
/// one taxonomy label among others.
pub fn taxonomy_examples(profile: Profile) -> Vec<Example<'static>> {
    let list_weight = match profile {
        Profile::Indonesia => LISTRAF_EXAMPLE_WEIGHT,
        Profile::International => 1.0,
    };
    all_labels()
        .iter()
        .filter(|l| l.source != LabelSource::Kbji)
        .map(|l| Example {
            title: l.text.as_str(),
            unit: l.unit,
            weight: match l.source {
                LabelSource::Listraf => list_weight,
                LabelSource::EscoPreferred | LabelSource::IscoTitle => 1.0,
                _ => TAXONOMY_EXAMPLE_WEIGHT,
            },
        })
        .collect()
}

/// One Indonesian labelled ad title: its code, how many foreign labelled titles it counts as,
/// its ad's description where the source has one (Loker.id and MagangHub ads do; the training
/// titles keep the first 450 characters), and its ad's context fields (see [`ad_context`]).
#[derive(Debug, Clone)]
pub struct IndonesianTitle {
    pub title: String,
    pub unit: u16,
    pub count: usize,
    pub description: Option<String>,
    pub context: Option<String>,
}

impl IndonesianTitle {
    /// The rest of this title's ad, as the coder reads it.
    pub fn ad(&self) -> AdBody<'_> {
        AdBody {
            description: self.description.as_deref(),
            context: self.context.as_deref(),
        }
    }
}

/// What an ad says beyond its title: its description, and its context, the short fields that
/// say what the job is (a portal's category and function, a department, the study programmes
/// an internship accepts, skill tags), as [`ad_context`] joins them.
#[derive(Debug, Clone, Copy, Default)]
pub struct AdBody<'a> {
    pub description: Option<&'a str>,
    pub context: Option<&'a str>,
}

impl<'a> AdBody<'a> {
    pub fn description(description: Option<&'a str>) -> AdBody<'a> {
        AdBody {
            description,
            context: None,
        }
    }

    /// What the description model reads: the context, then the start of the description.
    /// Borrowed unless there are both to join: most ads coded have one or the other.
    fn model_text(&self) -> Option<Cow<'a, str>> {
        match (self.context, self.description) {
            (None, None) => None,
            (Some(c), None) => Some(Cow::Borrowed(c)),
            (None, Some(d)) => Some(Cow::Borrowed(description_head(d))),
            (Some(c), Some(d)) => Some(Cow::Owned(format!("{c}; {}", description_head(d)))),
        }
    }
}

/// What the whole-ad model reads: the title, then what the description model reads of the
/// rest of the ad, joined as [`PrefixPair`] reads them. Ads with nothing but a title are left to
/// the title's own models.
fn whole_ad_text(title: &str, rest: &str) -> String {
    PrefixPair::joined(title, rest)
}

/// The context fields of an ad joined as the coder reads them: defined with the records that
/// carry them, so that imports store them by the same rule.
pub use domain::records::ad_context;

/// The Indonesian labelled titles both models learn next to the foreign ones: the gold set's
/// `dev` and `test` ads, and the training titles of `data/gold/indonesian_titles.csv`. A gold
/// ad counts as several Malaysian labelled titles, a training title as fewer. The gold set's
/// `holdout` split is never learned from; it measures.
pub fn indonesian_titles() -> &'static [IndonesianTitle] {
    static T: OnceLock<Vec<IndonesianTitle>> = OnceLock::new();
    T.get_or_init(|| {
        let described = |d: String| (!d.trim().is_empty()).then_some(d);
        let gold = csv_columns(
            GOLD_ID,
            ["title", "isco08_gold", "split", "description", "context"],
        )
        .into_iter()
        .filter(|[_, _, split, _, _]| matches!(split.as_str(), "dev" | "test"))
        .filter_map(|[title, code, _, description, context]| {
            Some(IndonesianTitle {
                title,
                unit: code.parse().ok()?,
                count: INDONESIAN_GOLD_COUNT,
                description: described(description),
                context: described(context),
            })
        });
        let training = csv_columns(
            TITLES_TRAIN_ID,
            [
                "title",
                "isco08",
                "isco08_second",
                "isco08_adjudicated",
                "description",
                "context",
            ],
        )
        .into_iter()
        .filter_map(
            |[title, first, second, adjudicated, description, context]| {
                let unit = training_code(
                    first.parse().ok(),
                    second.parse().ok(),
                    adjudicated.parse().ok(),
                )?;
                Some(IndonesianTitle {
                    title,
                    unit,
                    count: INDONESIAN_TITLE_COUNT,
                    description: described(description),
                    context: described(context),
                })
            },
        );
        gold.chain(training).collect()
    })
}

/// A training title's code: the adjudicated one where there is one (the two independent
/// codings differed, or agreed against a house convention), else the one both codings gave;
/// none for a title left uncoded.
fn training_code(first: Option<u16>, second: Option<u16>, adjudicated: Option<u16>) -> Option<u16> {
    match (first?, second?, adjudicated) {
        (_, _, Some(a)) => Some(a),
        (f, s, None) if f == s => Some(f),
        _ => None,
    }
}

/// The named columns of each well-formed row of a CSV text; nothing when a column is missing.
fn csv_columns<const N: usize>(text: &str, names: [&str; N]) -> Vec<[String; N]> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let Ok(h) = r.headers().cloned() else {
        return Vec::new();
    };
    let Some(cols) = names
        .iter()
        .map(|n| h.iter().position(|x| x == *n))
        .collect::<Option<Vec<usize>>>()
    else {
        return Vec::new();
    };
    r.records()
        .filter_map(Result::ok)
        .map(|rec| std::array::from_fn(|i| rec.get(cols[i]).unwrap_or("").to_string()))
        .collect()
}

/// Learns the Naive Bayes feature counts of the international profile from foreign labelled
/// (title, unit) pairs alone; the counterpart of [`train_linear`]. The Indonesian titles are
/// left out: learned together, each source pulled the other away from its own conventions.
/// The Indonesian holdout rose from 68.0 % to 70.4 % when its models left the foreign labels
/// out, and the JobBERT cross-validation from 49.5 % to 51.2 % when its models left the
/// Indonesian titles out (52.7 % with the list rule off and list titles at weight 1 too).
/// A fraction of the foreign titles' weight did not help the Indonesian models either (first
/// candidates right in the Indonesian cross-validation: 68.0 % without them, 68.0 % at 0.2,
/// 67.5 % at 0.5). Nor did cleaning the foreign labels: leaving out the half of the titles a
/// nested cross-validation contradicted most confidently lowered the JobBERT cross-validation
/// from 52.7 % to 51.8 %, for the held-out titles share the labels' noise.
pub fn train_learned<'a>(pairs: impl IntoIterator<Item = (&'a str, u16)>) -> Learned {
    train_learned_with(pairs, &[])
}

/// The Naive Bayes feature counts of the Indonesian profile: the Indonesian labelled titles,
/// each counted as many times as [`indonesian_titles`] says.
pub fn train_learned_id() -> Learned {
    train_learned_with(std::iter::empty(), indonesian_titles())
}

/// [`train_learned`] with the given Indonesian titles (cross-validation holds some out).
pub fn train_learned_with<'a>(
    pairs: impl IntoIterator<Item = (&'a str, u16)>,
    indonesian: &'a [IndonesianTitle],
) -> Learned {
    let indonesian = indonesian
        .iter()
        .flat_map(|x| std::iter::repeat_n((x.title.as_str(), x.unit), x.count));
    Learned::from_titles(pairs.into_iter().chain(indonesian))
}

/// Trains the international profile's linear model on foreign labelled (title, unit) pairs
/// plus the taxonomy, on every core (see [`train_learned`] for why no Indonesian title).
pub fn train_linear<'a>(pairs: impl IntoIterator<Item = (&'a str, u16)>) -> LinearModel {
    train_linear_with(Profile::International, pairs, &[])
}

/// The Indonesian profile's linear model: the taxonomy and the Indonesian labelled titles.
pub fn train_linear_id() -> LinearModel {
    train_linear_with(Profile::Indonesia, std::iter::empty(), indonesian_titles())
}

/// A profile's linear model from the given labelled pairs and Indonesian titles
/// (cross-validation holds some of either out).
pub fn train_linear_with<'a>(
    profile: Profile,
    pairs: impl IntoIterator<Item = (&'a str, u16)>,
    indonesian: &'a [IndonesianTitle],
) -> LinearModel {
    let mut examples: Vec<Example<'_>> = pairs
        .into_iter()
        .map(|(title, unit)| Example {
            title,
            unit,
            weight: 1.0,
        })
        .collect();
    examples.extend(taxonomy_examples(profile));
    examples.extend(indonesian.iter().map(|x| Example {
        title: x.title.as_str(),
        unit: x.unit,
        weight: x.count as f32,
    }));
    LinearModel::train(&examples, training_threads())
}

/// Training runs on every core.
fn training_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// An ad of the source files, unlabelled: its title and the rest the ad models read.
#[derive(Debug, Clone, Default)]
pub struct SourceAd {
    pub title: String,
    pub description: Option<String>,
    pub context: Option<String>,
}

/// How many of a labelled title's other ads the ad models learn from, and what each counts
/// as beside the labelled ad itself. A title is coded once, from one of its ads; its other
/// ads (re-posts, the same job at other employers) describe the same work in other words, and
/// the description and whole-ad models learn those words under the title's code. Indonesian
/// 5-fold cross-validation (first candidate right, titles held out with all their ads):
/// 68.9 % without them; 69.4 % at 5 ads per title counting 1 each, 69.3 % at 3, and 69.1 %
/// at 20 counting 0.5.
const REPOSTS_PER_TITLE: usize = 5;
const REPOST_WEIGHT: f32 = 1.0;

/// The source ads the ad models must not read: every ad of the titles held out for measuring,
/// and every ad whose description opens as one of the held-out ads' does. Some employers post
/// one text under several titles, so an ad of a training title can be a held-out ad in all but
/// its title; reading it would let the measure see a text the models had learned.
#[derive(Debug, Default, Clone)]
pub struct LeftOut {
    /// Folded titles.
    titles: HashSet<String>,
    /// [`description_opening`]s.
    openings: HashSet<String>,
}

impl LeftOut {
    /// The titles and description openings of the given ads, each (title, description).
    pub fn of<'a>(ads: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> Self {
        let mut out = LeftOut::default();
        for (title, description) in ads {
            out.titles.insert(fold(title));
            if let Some(o) = description.and_then(description_opening) {
                out.openings.insert(o);
            }
        }
        out
    }

    /// Whether an ad of this folded title and description is left out.
    fn contains(&self, folded_title: &str, description: Option<&str>) -> bool {
        self.titles.contains(folded_title)
            || description
                .and_then(description_opening)
                .is_some_and(|o| self.openings.contains(&o))
    }
}

/// How many folded characters of a description say that two ads share their text: long enough
/// that two ads sharing them were written once (the first sentence or two), short enough that
/// a text cut or completed differently further on still matches.
const OPENING_CHARS: usize = 150;

/// A description's first [`OPENING_CHARS`] folded characters; none when it folds to nothing.
fn description_opening(description: &str) -> Option<String> {
    let folded = fold(description);
    let opening: String = folded.chars().take(OPENING_CHARS).collect();
    (!opening.is_empty()).then_some(opening)
}

/// The other ads of the labelled titles, each with its title's code: the ads of `ads` whose
/// folded title is that of a labelled title with one code (a title its codings split between
/// units says nothing certain of its other ads), at most `REPOSTS_PER_TITLE` (5) per title, in
/// file order, leaving out the ads whose text a labelled ad or an earlier one already has and
/// those `left_out` holds (ads held out for measuring, see [`LeftOut`]).
pub fn labelled_reposts(
    labelled: &[IndonesianTitle],
    ads: &[SourceAd],
    left_out: &LeftOut,
) -> Vec<IndonesianTitle> {
    let mut unit_of: HashMap<String, Option<u16>> = HashMap::new();
    let mut seen: HashSet<String> = HashSet::new();
    for x in labelled {
        unit_of
            .entry(fold(&x.title))
            .and_modify(|u| {
                if *u != Some(x.unit) {
                    *u = None;
                }
            })
            .or_insert(Some(x.unit));
        if let Some(t) = x.ad().model_text() {
            seen.insert(t.into_owned());
        }
    }
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for ad in ads {
        let key = fold(&ad.title);
        let Some(&Some(unit)) = unit_of.get(&key) else {
            continue;
        };
        if left_out.contains(&key, ad.description.as_deref()) {
            continue;
        }
        let body = AdBody {
            description: ad.description.as_deref(),
            context: ad.context.as_deref(),
        };
        let Some(text) = body.model_text() else {
            continue;
        };
        let n = taken.entry(key).or_insert(0);
        if *n >= REPOSTS_PER_TITLE || !seen.insert(text.into_owned()) {
            continue;
        }
        *n += 1;
        out.push(IndonesianTitle {
            title: ad.title.clone(),
            unit,
            count: 1,
            description: ad.description.clone(),
            context: ad.context.clone(),
        });
    }
    out
}

/// The gold set's `holdout` split as [`LeftOut`]: the shipped models read none of its titles'
/// ads, nor an ad whose description opens as one of its ads' does, so that the split still
/// measures ads the models never read.
pub fn holdout_left_out() -> LeftOut {
    let rows = csv_columns(GOLD_ID, ["title", "split", "description"]);
    LeftOut::of(
        rows.iter()
            .filter(|[_, split, _]| split == "holdout")
            .map(|[title, _, d]| (title.as_str(), Some(d.as_str()))),
    )
}

/// Trains the description model: the linear model of [`crate::linear`], over word uni- and
/// bigrams only, on the rest of each Indonesian labelled ad that has more than a title (its
/// context fields and the start of its description), each as one example, and on the
/// labelled titles' other ads ([`labelled_reposts`]).
pub fn train_description_with(
    indonesian: &[IndonesianTitle],
    reposts: &[IndonesianTitle],
) -> LinearModel {
    train_ad_texts(
        ad_examples(indonesian, reposts)
            .filter_map(|(x, w)| Some((x.ad().model_text()?, x.unit, w))),
    )
}

/// Trains the whole-ad model: as [`train_description_with`], on each ad read as its title
/// followed by what the description model reads of it.
pub fn train_whole_ad_with(
    indonesian: &[IndonesianTitle],
    reposts: &[IndonesianTitle],
) -> LinearModel {
    train_ad_texts(ad_examples(indonesian, reposts).filter_map(|(x, w)| {
        Some((
            Cow::Owned(whole_ad_text(&x.title, &x.ad().model_text()?)),
            x.unit,
            w,
        ))
    }))
}

/// The labelled ads at weight 1, then their titles' other ads at [`REPOST_WEIGHT`].
fn ad_examples<'a>(
    indonesian: &'a [IndonesianTitle],
    reposts: &'a [IndonesianTitle],
) -> impl Iterator<Item = (&'a IndonesianTitle, f32)> {
    indonesian
        .iter()
        .map(|x| (x, 1.0))
        .chain(reposts.iter().map(|x| (x, REPOST_WEIGHT)))
}

fn train_ad_texts<'a>(texts: impl Iterator<Item = (Cow<'a, str>, u16, f32)>) -> LinearModel {
    let texts: Vec<(Cow<'a, str>, u16, f32)> = texts.collect();
    let examples: Vec<Example<'_>> = texts
        .iter()
        .map(|(text, unit, weight)| Example {
            title: text,
            unit: *unit,
            weight: *weight,
        })
        .collect();
    LinearModel::train_words(&examples, training_threads())
}

/// How much of a description the description model reads: as much as the training titles
/// keep of theirs.
const DESCRIPTION_CHARS: usize = 450;

fn description_head(d: &str) -> &str {
    match d.char_indices().nth(DESCRIPTION_CHARS) {
        Some((i, _)) => &d[..i],
        None => d,
    }
}

/// What to build a coder from.
#[derive(Default)]
pub struct BuildOptions<'a> {
    pub learned: Option<&'a Learned>,
    /// The discriminative model blended with the Naive Bayes score; `None` codes without it.
    pub linear: Option<LinearModel>,
    /// The description model, read when an ad has a description; `None` codes without it.
    pub description: Option<LinearModel>,
    /// The whole-ad model, read beside it; `None` codes without it.
    pub whole_ad: Option<LinearModel>,
    pub calibration: Option<Calibration>,
    /// Labels to leave out (for honest evaluation on the taxonomy's own titles).
    pub exclude: Option<&'a dyn Fn(&Label) -> bool>,
    /// Which kind of text the coder codes: only a coder for Indonesian ads lets the project's
    /// list titles decide (see [`Profile`]).
    pub profile: Profile,
}

pub struct Coder {
    units: Vec<IscoCode>,
    unit_index: HashMap<u16, u16>,
    /// Feature key (see [`feature_keys`]) → its position in `features`.
    feature_ids: KeyMap<u32>,
    features: Vec<Feature>,
    /// (unit position, weight) runs, weights of L2-normalised centroids.
    postings: Vec<(u16, f32)>,
    /// Naive Bayes runs: (unit, ln(c+α) − ln α) for units that have the feature.
    nb_postings: Vec<(u16, f32)>,
    /// Naive Bayes per unit: log prior and ln(α) − ln(T_u + αV).
    nb_prior: Vec<f32>,
    nb_unseen: Vec<f32>,
    labels: Vec<Label>,
    /// Per unit, its labels' word keys one after another: the evidence search scans them
    /// without touching the labels themselves.
    label_words: Vec<Vec<LabelWords>>,
    label_keys: Vec<u64>,
    calibration: Calibration,
    /// Whole-title key of each project list title's canonical words → (unit position, label);
    /// empty in the international profile, where the list does not decide.
    list_titles: KeyMap<(u16, u32)>,
    /// The same, keyed by the list title's folded words as written: a title that is a list
    /// title letter for letter names that entry ("tukang las", not its canonical "welder").
    list_literal: KeyMap<(u16, u32)>,
    /// Only a coder for Indonesian ads applies the house conventions of [`crate::conventions`].
    conventions: bool,
    /// The weight of the cosine-to-centroid score next to the Naive Bayes posterior
    /// ([`COSINE_WEIGHT`], [`COSINE_WEIGHT_ID`]).
    cosine_weight: f32,
    /// The title model, its decisions in unit order ([`LinearModel::for_units`]).
    linear: Option<LinearModel>,
    /// The description model (plain) and the whole-ad model (the title its prefix), likewise.
    ad_models: PrefixPair,
}

// Tuned by 5-fold cross-validation on the labelled titles (`listraf eval-coder --folds 5`):
// Naive Bayes smoothing, the weight of a learned title against a taxonomy label, and the
// weight of the cosine-to-centroid score added to the Naive Bayes posterior.
const NB_ALPHA: f32 = 0.03;
const LEARNED_WEIGHT: f32 = 3.0;
const COSINE_WEIGHT: f32 = 3.0;
/// The same weight for Indonesian ads, tuned by the Indonesian cross-validation (first
/// candidate right): 69.3 % at 1.5, 69.4 % at 3, 69.7 % at 6, 69.8 % at 9, 69.7 % at 12 (see
/// [`NB_BLEND`] for the other constants measured there). A plateau from 6 on: the smallest
/// weight on it ships, leaving the title's other scores the most say.
const COSINE_WEIGHT_ID: f32 = 6.0;
// With the linear model: its decision value plus this share of the Naive Bayes + cosine
// score; units the linear model never saw start from a low decision value; and a unit that
// shares no word with the title is a candidate only if the linear model rates it above the
// floor. Tuned by the same cross-validation.
//
// Measured for Indonesian ads too (Indonesian cross-validation, first candidate right): the
// share gave 69.0 % at 0.1, 69.4 % at 0.2, 69.5 % at 0.3, 69.7 % at 0.4, 69.3 % at 0.6 and
// 69.0 % at 0.8 (the holdout split: 73.6 % at 0.4 against 73.0 %). Not taken: at 0.4 the
// Naive Bayes follows the one labelled "Staff Operasional" ad (a packer, 9321) and outvotes
// the linear model's general office clerk, so a title that generic, with no description, was
// coded a hand packer. A cosine weight of 6 did as much without that (69.7 %; with the share
// at 0.4 too, 69.7 %), and ships for Indonesian ads ([`COSINE_WEIGHT_ID`]). The Naive Bayes smoothing (0.01, 0.1), the learned titles' weight (1.5, 6), the
// trust power (1, 5), the floor (-0.6, 0), the unseen decision (-1, -2) and the taxonomy
// (0.1, 0.6) and list (2.5, 10) example weights all stayed between 69.3 % and 69.5 %.
const NB_BLEND: f32 = 0.2;
// The linear model's weight is the share of the title's words it knows, to this power:
// 3 keeps cross-validated accuracy on the labelled titles within 0.1 point of full trust
// and lifts the KBJI held-out titles from 42 % to 63 %.
const TRUST_POWER: f32 = 3.0;
const UNSEEN_DECISION: f32 = -1.5;
const LINEAR_CANDIDATE_FLOOR: f32 = -0.3;
const TAXONOMY_EXAMPLE_WEIGHT: f32 = 0.3;
/// Weight of the description model's decision value next to the title's blend, chosen by the
/// Indonesian cross-validation (4-digit: 64.9 % without the model; with a word model 65.8 % at
/// 1, 66.3 % at 2; a model with character n-grams too did no better, 66.0 % at 1 and 66.1 % at
/// 2, at 1.6 times the time per full ad). Lowered since the whole-ad model reads beside it
/// (below).
const DESCRIPTION_WEIGHT: f32 = 1.5;
/// The same for an ad with context fields but no description: a category or a department
/// alone says less, and at the full weight it outvoted titles (Indonesian cross-validation,
/// context read: 64.4 % at 2, 66.8 % at 1 and at 0, 67.1 % at 0.5, against 66.3 % without
/// context).
const CONTEXT_ONLY_WEIGHT: f32 = 0.5;
/// Weights of the whole-ad model, with a description and with context fields alone. Reading
/// the title, it learns what a description says of a title, but its title words also pull
/// toward the title's usual unit, so that alone it no longer lets a clear description overrule
/// a generic title ("Staf Operasional" driving trucks stayed a clerk, 4110, at 3 and 1). The
/// two models together keep both. Indonesian cross-validation, first candidates right, with
/// (description, context alone) weights for the description model and then the whole-ad
/// model: 68.0 % at (2, 0.5) and none, and at (2, 0.5) and (2, 0.5); 68.5 % at none and
/// (3, 1), which lost the truck driver; 68.5 % at (1, 0.25) and (2, 0.75); 68.4 % at (1, 0.5)
/// and (2, 0.5), at (0.5, 0.25) and (2.5, 0.75), and at (1, 0.25) and (1.5, 0.75); 68.3 % at
/// (1.5, 0.5) and (1.5, 0.5), and at (1, 0.5) and (2, 1); 68.2 % at (2, 0.5) and (1, 0.5),
/// and at (1.5, 0.25) and (2, 0.75); 68.1 % at (1, 0.25) and (2.5, 1). Below a description
/// weight of 1.5 a short description no longer overruled "Staf Operasional" ("Mengemudikan
/// truk pengiriman barang ke pelanggan setiap hari, merawat kendaraan." stayed 4110), so the
/// best setting that keeps it ships: (1.5, 0.5) and (1.5, 0.5). Reading the whole-ad model
/// only when the title's own lead was large, and the description model otherwise, did no
/// better (67.9 to 68.3 %). Measured again once the two models read the labelled titles'
/// other ads (69.4 % at the shipped weights): 69.4 % at (2, 0.5) and (1, 0.5); 69.3 % at
/// (1, 0.5) and (2, 0.5); 69.2 % at (1, 0.5) and (1, 0.5); 68.9 % at (2, 0.5) and (2, 0.5).
const WHOLE_AD_WEIGHT: f32 = 1.5;
const WHOLE_AD_CONTEXT_ONLY_WEIGHT: f32 = 0.5;
/// How many labelled titles a project list title counts as in the Indonesian profile's linear
/// model. The international profile counts each once (JobBERT cross-validation 52.3 % at 5,
/// 52.7 % at 1, 52.7 % at 0; top decile 88.1, 88.7 and 88.4 %).
const LISTRAF_EXAMPLE_WEIGHT: f32 = 5.0;
// How many labelled titles (or preferred taxonomy labels) an Indonesian gold ad and a
// training title each count as in the Indonesian profile's models. Both were coded twice,
// independently, and adjudicated where the codings differed; a gold ad counts more because its
// coders read the whole ad. Counting the training titles three times instead of two scored the
// same on the gold holdout split (68.0 %, measured when the models still learned the foreign
// labelled titles too). Counting a training title by its coder's certainty did worse in the
// Indonesian 5-fold cross-validation (68.9 % with every title at 2): high 3, medium 2, low 1:
// 68.5 %; low titles at 1 where their two codings differed, 68.7 %, or at 1 all, 68.5 %; low
// titles at 3, 68.5 %; every title at 3, 68.7 %.
const INDONESIAN_GOLD_COUNT: usize = 3;
const INDONESIAN_TITLE_COUNT: usize = 2;

/// A label's words within `Coder::label_keys`.
#[derive(Debug, Clone, Copy)]
struct LabelWords {
    label: u32,
    start: u32,
    len: u32,
    /// One bit per word key (key mod 64): a label whose mask misses the title's shares no
    /// word with it, and most of a unit's labels are passed over on that alone.
    mask: u64,
}

/// The key of canonical words joined by spaces: what a title and a list title share when
/// they are the same title.
fn whole_key<S: AsRef<str>>(words: &[S]) -> u64 {
    Fnv::default()
        .joined(words.iter().map(AsRef::as_ref))
        .finish()
}

/// The key of folded text's words as written, joined by single spaces.
fn literal_key(folded: &str) -> u64 {
    Fnv::default()
        .joined(crate::normalise::words(folded))
        .finish()
}

/// Puts a unit first among the ranked candidates with the given score, the others keeping
/// their order behind it (a rule, not the models, chose it).
fn promote(top: &mut Vec<(usize, f32)>, unit: usize, score: f32, keep: usize) {
    top.retain(|t| t.0 != unit);
    top.insert(0, (unit, score));
    top.truncate(keep);
}

/// Evidence: what matched, then the lexicon's rewrites of the title.
fn with_rewrites(head: String, hits: &[LexiconHit]) -> String {
    let mut e = head;
    for h in hits.iter().filter(|h| !h.to.is_empty()) {
        e.push_str(&format!("; lexicon {}→{}", h.from, h.to));
    }
    e
}

fn word_mask(keys: impl IntoIterator<Item = u64>) -> u64 {
    keys.into_iter().fold(0, |m, k| m | 1 << (k % 64))
}

/// e^x for x ≤ 0, within two units in the last place of `f32::exp`; 0 below −40, where
/// e^x is below what an f32 sum that includes 1 can hold. Cephes' `expf` polynomial after
/// Cody–Waite range reduction, with no branch and no libm call.
fn exp_to_zero(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // Adding and taking away 1.5 · 2^23 rounds to the nearest integer without `round`, which
    // the baseline x86-64 target has no vector instruction for.
    const ROUND: f32 = 12_582_912.0;
    let y = x.max(-40.0);
    let n = (y * LOG2E + ROUND) - ROUND;
    let r = y - n * LN2_HI - n * LN2_LO;
    let p = ((((1.987_569_2e-4 * r + 1.398_199_9e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 1.666_666_5e-1)
        * r
        + 0.5;
    let e = p * r * r + r + 1.0;
    // 2^n from its exponent bits; n ≥ −58 here, well inside the normal range.
    let scale = f32::from_bits((((n as i32) + 127) as u32) << 23);
    if x < -40.0 { 0.0 } else { e * scale }
}

/// The sum of `xs` in eight running lanes, which the compiler can keep in vector registers.
fn lane_sum(xs: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let chunks = xs.chunks_exact(8);
    let tail: f32 = chunks.remainder().iter().sum();
    for c in chunks {
        for (l, &x) in lanes.iter_mut().zip(c) {
            *l += x;
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// What the coder knows of one feature: its idf and where its postings lie.
struct Feature {
    idf: f32,
    postings: std::ops::Range<u32>,
    nb_postings: std::ops::Range<u32>,
}

/// The keys of [`features`] of the same words, sorted and without repeats, computed without
/// building the feature strings: the coder's index is keyed by them.
pub fn feature_keys<S: AsRef<str>>(words: &[S]) -> Vec<u64> {
    let mut keys: Vec<u64> = Vec::with_capacity(2 * words.len() + 1);
    keys.extend(words.iter().map(|w| key_of(w.as_ref())));
    for pair in words.windows(2) {
        keys.push(
            Fnv::default()
                .joined(pair.iter().map(AsRef::as_ref))
                .finish(),
        );
    }
    if words.len() > 1 {
        let whole = Fnv::default().byte(b'=');
        keys.push(whole.joined(words.iter().map(AsRef::as_ref)).finish());
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Word and adjacent word-pair features of canonical words.
pub fn features(words: &[String]) -> Vec<String> {
    let mut f: Vec<String> = words.to_vec();
    for pair in words.windows(2) {
        f.push(format!("{} {}", pair[0], pair[1]));
    }
    // The whole title as one feature: titles repeat verbatim across ads far more often than
    // their words suggest, and an exact match is the strongest evidence there is.
    if words.len() > 1 {
        f.push(format!("={}", words.join(" ")));
    }
    f.sort();
    f.dedup();
    f
}

fn taxonomy_labels() -> Vec<Label> {
    let mut labels = Vec::new();
    let mut push = |text: &str, unit: &str, source: LabelSource, code: Option<String>| {
        let Ok(u) = unit.parse::<u16>() else { return };
        if unit.len() != 4 {
            return;
        }
        let words = canonical_words(text, None);
        if !words.is_empty() {
            labels.push(Label {
                text: text.to_string(),
                unit: u,
                source,
                code,
                words,
            });
        }
    };
    for line in LABELS.lines() {
        let mut p = line.split('\t');
        let (Some(kind), Some(unit), Some(text)) = (p.next(), p.next(), p.next()) else {
            continue;
        };
        let source = match kind {
            "esco_pref" => LabelSource::EscoPreferred,
            "isco_index" => LabelSource::IscoIndex,
            _ => LabelSource::EscoAlternative,
        };
        push(text, unit, source, None);
    }
    for line in TITLES_ID.lines().filter(|l| !l.starts_with('#')) {
        if let Some((text, unit)) = line.split_once('\t') {
            push(text, unit.trim(), LabelSource::Listraf, None);
        }
    }
    let r = reference();
    for e in r.isco_units() {
        push(&e.title_en, &e.code, LabelSource::IscoTitle, None);
    }
    for e in &r.kbji {
        if let Some(unit) = &e.isco08_unit
            && e.code.len() >= 4
        {
            push(&e.title_id, unit, LabelSource::Kbji, Some(e.code.clone()));
        }
    }
    labels
}

pub(crate) fn all_labels() -> &'static [Label] {
    static L: OnceLock<Vec<Label>> = OnceLock::new();
    L.get_or_init(taxonomy_labels)
}

impl Coder {
    /// The coder as shipped for Indonesian ads (the product's default profile).
    pub fn shipped() -> &'static Coder {
        Coder::shipped_for(Profile::Indonesia)
    }

    /// The coder as shipped for a profile: taxonomy, learned counts and calibration from
    /// `data/`, built once on first use.
    pub fn shipped_for(profile: Profile) -> &'static Coder {
        static ID: OnceLock<Coder> = OnceLock::new();
        static INTL: OnceLock<Coder> = OnceLock::new();
        match profile {
            Profile::Indonesia => &ID,
            Profile::International => &INTL,
        }
        .get_or_init(|| Coder::build_shipped(profile))
    }

    /// Builds the shipped coder afresh (what `shipped_for` caches; benchmarks time this).
    pub fn build_shipped(profile: Profile) -> Coder {
        let learned = shipped_learned(profile);
        let linear = shipped_linear(profile);
        Coder::build(&BuildOptions {
            learned: (!learned.titles.is_empty()).then_some(&learned),
            linear: (!linear.is_empty()).then_some(linear),
            description: shipped_description(profile),
            whole_ad: shipped_whole_ad(profile),
            calibration: Some(shipped_calibration(profile)),
            exclude: None,
            profile,
        })
    }

    pub fn build(opts: &BuildOptions<'_>) -> Coder {
        let labels: Vec<Label> = all_labels()
            .iter()
            .filter(|l| opts.exclude.is_none_or(|ex| !ex(l)))
            .cloned()
            .collect();
        let units: Vec<IscoCode> = reference()
            .isco_units()
            .filter_map(|e| IscoCode::parse(&e.code).ok())
            .collect();
        let unit_index: HashMap<u16, u16> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.as_u16(), i as u16))
            .collect();
        // Weighted feature mass per unit, normalised by the unit's total so that units with
        // hundreds of labels do not drown those with few.
        let mut mass: HashMap<(u16, String), f32> = HashMap::new();
        let mut total = vec![0f32; units.len()];
        let mut label_words = vec![Vec::new(); units.len()];
        let mut label_keys = Vec::new();
        for (li, l) in labels.iter().enumerate() {
            let Some(&ui) = unit_index.get(&l.unit) else {
                continue;
            };
            let start = label_keys.len();
            label_keys.extend(l.words.iter().map(|w| key_of(w)));
            label_words[ui as usize].push(LabelWords {
                label: li as u32,
                start: start as u32,
                len: l.words.len() as u32,
                mask: word_mask(label_keys[start..].iter().copied()),
            });
            let w = l.source.weight();
            total[ui as usize] += w;
            for f in features(&l.words) {
                *mass.entry((ui, f)).or_default() += w;
            }
        }
        if let Some(learned) = opts.learned {
            for (&unit, &n) in &learned.titles {
                if let Some(&ui) = unit_index.get(&unit) {
                    total[ui as usize] += n * LEARNED_WEIGHT;
                }
            }
            for ((unit, f), &c) in &learned.counts {
                if let Some(&ui) = unit_index.get(unit) {
                    *mass.entry((ui, f.clone())).or_default() += c * LEARNED_WEIGHT;
                }
            }
        }
        // The sums below run in one fixed order: a map's order would change their last bits
        // from run to run, and with them the calibration `train-coder` writes.
        let mut mass: Vec<((u16, String), f32)> = mass.into_iter().collect();
        mass.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut df: HashMap<&str, f32> = HashMap::new();
        for ((_, f), _) in &mass {
            *df.entry(f.as_str()).or_default() += 1.0;
        }
        let n_units = units.len() as f32;
        let idf: HashMap<&str, f32> = df
            .iter()
            .map(|(f, d)| (*f, (n_units / d).ln() + 1.0))
            .collect();
        let alpha = NB_ALPHA;
        let vocab = df.len() as f32;
        let mut unit_mass = vec![0f32; units.len()];
        for ((ui, _), m) in &mass {
            unit_mass[*ui as usize] += m;
        }
        let mut nb_runs: HashMap<&str, Vec<(u16, f32)>> = HashMap::new();
        for ((ui, f), m) in &mass {
            nb_runs
                .entry(f.as_str())
                .or_default()
                .push((*ui, (m + alpha).ln() - alpha.ln()));
        }
        let nb_unseen: Vec<f32> = unit_mass
            .iter()
            .map(|t| alpha.ln() - (t + alpha * vocab).ln())
            .collect();
        // Priors reflect how often units occur in real ads (the learned titles), not how many
        // labels the taxonomy happens to have.
        let mut seen = vec![1f32; units.len()];
        if let Some(learned) = opts.learned {
            for (&unit, &n) in &learned.titles {
                if let Some(&ui) = unit_index.get(&unit) {
                    seen[ui as usize] += n;
                }
            }
        }
        let all: f32 = seen.iter().sum();
        let nb_prior: Vec<f32> = seen.iter().map(|n| (n / all).ln()).collect();
        let mut norms = vec![0f32; units.len()];
        let mut weights: Vec<(u16, &str, f32)> = Vec::with_capacity(mass.len());
        for ((ui, f), m) in &mass {
            let w = (m / total[*ui as usize].max(1.0)) * idf[f.as_str()];
            norms[*ui as usize] += w * w;
            weights.push((*ui, f.as_str(), w));
        }
        let mut cos_runs: HashMap<&str, Vec<(u16, f32)>> = HashMap::new();
        for (ui, f, w) in weights {
            let norm = norms[ui as usize].sqrt().max(1e-9);
            cos_runs.entry(f).or_default().push((ui, w / norm));
        }
        // Flat runs, one per feature, in a fixed order so that builds are reproducible.
        let mut names: Vec<&str> = idf.keys().copied().collect();
        names.sort_unstable();
        let mut feature_ids = KeyMap::default();
        let mut features = Vec::with_capacity(names.len());
        let mut postings = Vec::with_capacity(mass.len());
        let mut nb_postings = Vec::with_capacity(mass.len());
        for f in names {
            let mut cos = cos_runs.remove(f).unwrap_or_default();
            cos.sort_by_key(|x| x.0);
            let mut nb = nb_runs.remove(f).unwrap_or_default();
            nb.sort_by_key(|x| x.0);
            let p0 = postings.len() as u32;
            postings.extend(cos);
            let n0 = nb_postings.len() as u32;
            nb_postings.extend(nb);
            feature_ids.insert(key_of(f), features.len() as u32);
            features.push(Feature {
                idf: idf[f],
                postings: p0..postings.len() as u32,
                nb_postings: n0..nb_postings.len() as u32,
            });
        }
        // Only a coder for Indonesian ads lets list titles decide: for foreign titles the maps
        // stay empty and no title is a list title.
        let mut list_titles = KeyMap::default();
        let mut list_literal = KeyMap::default();
        for (li, l) in labels.iter().enumerate() {
            if opts.profile == Profile::Indonesia
                && l.source == LabelSource::Listraf
                && let Some(&ui) = unit_index.get(&l.unit)
            {
                list_literal
                    .entry(literal_key(&fold(&l.text)))
                    .or_insert((ui, li as u32));
                // Several list titles can share their canonical words ("sales area" is
                // "sales" once "area" is dropped); the shortest is the one to show.
                let e = list_titles
                    .entry(whole_key(&l.words))
                    .or_insert((ui, li as u32));
                if l.text.len() < labels[e.1 as usize].text.len() {
                    *e = (ui, li as u32);
                }
            }
        }
        // The linear models decide unit by unit, in the coder's unit order.
        let unit_values: Vec<u16> = units.iter().map(|u| u.as_u16()).collect();
        let linear = opts
            .linear
            .as_ref()
            .filter(|m| !m.is_empty())
            .map(|m| m.for_units(&unit_values, UNSEEN_DECISION));
        // A unit no described ad had gets a plain "no" (a one-vs-rest SVM's margin for its
        // negatives).
        let for_units = |m: &Option<LinearModel>| {
            m.as_ref()
                .filter(|m| !m.is_empty())
                .map(|m| m.for_units(&unit_values, -1.0))
        };
        Coder {
            conventions: opts.profile == Profile::Indonesia,
            cosine_weight: match opts.profile {
                Profile::Indonesia => COSINE_WEIGHT_ID,
                Profile::International => COSINE_WEIGHT,
            },
            linear,
            ad_models: PrefixPair::new(for_units(&opts.description), for_units(&opts.whole_ad)),
            units,
            unit_index,
            feature_ids,
            features,
            postings,
            nb_postings,
            nb_prior,
            nb_unseen,
            labels,
            label_words,
            label_keys,
            calibration: opts.calibration.clone().unwrap_or_default(),
            list_titles,
            list_literal,
        }
    }

    /// Codes a title, with the description as weaker evidence when given.
    pub fn code(&self, title: &str, description: Option<&str>) -> Coding {
        self.code_k(title, AdBody::description(description), 3)
    }

    /// Codes a title with the rest of its ad: its description and context fields.
    pub fn code_ad(&self, title: &str, ad: AdBody<'_>) -> Coding {
        self.code_k(title, ad, 3)
    }

    pub fn code_k(&self, title: &str, ad: AdBody<'_>, k: usize) -> Coding {
        let description = ad.description;
        let mut hits: Vec<LexiconHit> = Vec::new();
        let (main, _) = split_title(title);
        let folded_main = fold(&main);
        let words = canonical_strs(&folded_main, Some(&mut hits));
        // (feature position, weight)
        let mut query: Vec<(u32, f32)> = feature_keys(&words)
            .into_iter()
            .filter_map(|k| self.feature_ids.get(&k))
            .map(|&id| (id, self.features[id as usize].idf))
            .collect();
        // Title features decide; the description only nudges the cosine part, with at most a
        // third of the title's weight in all, so a long text cannot outvote a clear title.
        let n_title = query.len();
        if let Some(d) = description {
            let mut dw: Vec<u32> = Vec::new();
            canonical_each(&fold(d), None, |w| {
                if let Some(&id) = self.feature_ids.get(&key_of(w)) {
                    dw.push(id);
                }
            });
            dw.sort_unstable();
            dw.dedup();
            let mut extra: Vec<(u32, f32)> = dw
                .into_iter()
                .filter(|id| !query.iter().any(|(f, _)| f == id))
                .map(|id| (id, self.features[id as usize].idf))
                .collect();
            let title_norm = query.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            let extra_norm = extra.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if extra_norm > 0.0 {
                let budget = if title_norm > 0.0 {
                    title_norm / 3.0
                } else {
                    1.0
                };
                for (_, w) in extra.iter_mut() {
                    *w *= budget / extra_norm;
                }
                query.extend(extra);
            }
        }
        let qnorm = query.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        let mut scores = vec![0f32; self.units.len()];
        let mut cosine = vec![0f32; self.units.len()];
        if qnorm > 0.0 {
            for &(f, w) in &query {
                let run = &self.features[f as usize].postings;
                for &(ui, cw) in &self.postings[run.start as usize..run.end as usize] {
                    cosine[ui as usize] += w / qnorm * cw;
                }
            }
        }
        // Naive Bayes posterior over units, plus the cosine to each unit's centroid: the
        // posterior ranks well, the cosine rescues titles whose words are rare in learning.
        let mut posterior = vec![0f32; self.units.len()];
        if n_title > 0 {
            let qn = n_title as f32;
            for (i, p) in posterior.iter_mut().enumerate() {
                *p = self.nb_prior[i] + qn * self.nb_unseen[i];
            }
            for &(f, _) in &query[..n_title] {
                let run = &self.features[f as usize].nb_postings;
                for &(ui, d) in &self.nb_postings[run.start as usize..run.end as usize] {
                    posterior[ui as usize] += d;
                }
            }
            let max = posterior.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
            // Branch-free, so that the compiler runs it four units at a time: libm's expf
            // unit by unit was a tenth of the time a title takes.
            for p in posterior.iter_mut() {
                *p = exp_to_zero(*p - max);
            }
            let z = lane_sum(&posterior);
            for ((s, p), c) in scores.iter_mut().zip(posterior.iter_mut()).zip(&cosine) {
                *p /= z;
                // Units sharing no feature with the title keep a zero score: they are never candidates.
                *s = if *c > 0.0 {
                    *p + self.cosine_weight * c
                } else {
                    0.0
                };
            }
        }
        // With the linear model the ranking score is its decision value, weighted by how much
        // of the title it knows, plus a share of the above; the signal calibrated is the lead
        // of the first unit over the second, on the scale of that mix.
        let mut margin_signal = None;
        // The first unit on the title alone, when a description was read: if the description
        // moved the answer, the evidence says so.
        let mut title_alone: Option<usize> = None;
        if let Some(m) = &self.linear {
            // The linear model reads the whole title; when it has no bracket or dash to cut,
            // the job part is the whole title and is folded already.
            let (mut v, known, word_share) = if main.len() == title.len() {
                m.decisions_folded(&folded_main)
            } else {
                m.decisions(title)
            };
            // The linear model learned from Malaysian and English titles; on a title whose
            // words it has mostly never seen (formal Indonesian, KBJI-style) its decisions
            // are noise, and the lexicon-aware Naive Bayes should decide.
            let trust = word_share.powf(TRUST_POWER);
            if known > 0 {
                // The description and whole-ad models' decisions join the title's: they
                // separate the units a title leaves open ("Staf Keuangan": clerk or
                // accountant?). Read only here, where they can count.
                // The whole-ad model reads `whole_ad_text(title, rest)`.
                let [desc, whole] = match ad.model_text() {
                    Some(rest) => self.ad_models.decisions(title, &rest),
                    None => [None, None],
                };
                let (desc_weight, whole_weight) = if ad.description.is_some() {
                    (DESCRIPTION_WEIGHT, WHOLE_AD_WEIGHT)
                } else {
                    (CONTEXT_ONLY_WEIGHT, WHOLE_AD_CONTEXT_ONLY_WEIGHT)
                };
                // In passes the compiler can run several units at a time: the blend, with each
                // unit's candidacy kept in `scores` (1 or 0) until the ranking score replaces it;
                // a unit is a candidate when it shares a feature with the title or the model
                // rates it above the floor.
                for (x, s) in v.iter_mut().zip(scores.iter_mut()) {
                    let lin = *x;
                    let candidate = *s > 0.0 || lin > LINEAR_CANDIDATE_FLOOR;
                    *x = trust * lin + NB_BLEND * *s;
                    *s = if candidate { 1.0 } else { 0.0 };
                }
                if desc.is_some() || whole.is_some() {
                    let mut title_first = f32::NEG_INFINITY;
                    for (i, (&x, &s)) in v.iter().zip(&scores).enumerate() {
                        if s > 0.0 && x > title_first {
                            title_first = x;
                            title_alone = Some(i);
                        }
                    }
                    for (model, weight) in [(&desc, desc_weight), (&whole, whole_weight)] {
                        if let Some(d) = model {
                            for (x, &e) in v.iter_mut().zip(d) {
                                *x += weight * e;
                            }
                        }
                    }
                }
                let (mut first, mut second) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
                for &x in &v {
                    if x > first {
                        second = first;
                        first = x;
                    } else if x > second {
                        second = x;
                    }
                }
                for (s, &x) in scores.iter_mut().zip(&v) {
                    // Scores are ranked as positive numbers; the offset keeps the order.
                    *s = if *s > 0.0 {
                        (x - UNSEEN_DECISION * 4.0).max(f32::MIN_POSITIVE)
                    } else {
                        0.0
                    };
                }
                if first.is_finite() && second.is_finite() {
                    margin_signal = Some((first - second) / (trust + NB_BLEND));
                }
            } else {
                // Not one character n-gram the model knows: nothing to be confident about.
                margin_signal = Some(0.0);
            }
        }
        let mut top: Vec<(usize, f32)> = Vec::with_capacity(k + 1);
        for (i, &s) in scores.iter().enumerate() {
            if s <= 0.0 {
                continue;
            }
            if top.len() < k + 1 || s > top[top.len() - 1].1 {
                let pos = top.partition_point(|&(_, t)| t >= s);
                top.insert(pos, (i, s));
                top.truncate(k + 1);
            }
        }
        // In the Indonesian profile a title that is, word for word, one of the project's list
        // titles takes the list's code: the list says how Indonesian ads use a title ("sales",
        // "staff marketing") where the taxonomy's labels use it otherwise. Foreign labels do
        // not follow the list (they agree with it on 42 % of the JobBERT titles that are list
        // titles), and the rule cost 0.9 points of the JobBERT cross-validation.
        let list_match = (!words.is_empty())
            .then(|| self.list_titles.get(&whole_key(&words)))
            .flatten()
            // Equal letters imply equal canonical words: only a canonical hit needs a look
            // for the entry as written.
            .map(|&hit| {
                self.list_literal
                    .get(&literal_key(&folded_main))
                    .copied()
                    .unwrap_or(hit)
            });
        if let Some((ui, _)) = list_match {
            let ui = ui as usize;
            if top.first().is_none_or(|t| t.0 != ui) {
                let lead = top.first().map(|t| t.1).unwrap_or(1.0);
                promote(&mut top, ui, lead.max(f32::MIN_POSITIVE), k + 1);
            }
        }
        // A title that heads the function its first unit works in takes the function's
        // managers' unit (crate::conventions); a list title has said its code already.
        let mut headed: Option<usize> = None;
        if self.conventions
            && list_match.is_none()
            && let Some(&(ui, lead)) = top.first()
        {
            let first = self.units[ui].as_u16();
            // The work headed is the first unit's, or, when that is no function's work, what
            // the title says without its head words (read on its own, title only).
            let work = if crate::conventions::is_function_work(first) {
                Some(ui)
            } else {
                crate::conventions::headed_work(&folded_main)
                    .and_then(|rest| {
                        self.code_k(&rest, AdBody::default(), 1)
                            .candidates
                            .first()
                            .map(|c| c.unit.as_u16())
                    })
                    .filter(|&u| crate::conventions::is_function_work(u))
                    .and_then(|u| self.unit_index.get(&u).map(|&i| i as usize))
            };
            if let Some(wi) = work
                && let Some(m) =
                    crate::conventions::manager_unit(&folded_main, self.units[wi].as_u16())
                && let Some(&mi) = self.unit_index.get(&m)
                // Models that put the managers first already have said it, with their confidence.
                && mi as usize != ui
            {
                promote(&mut top, mi as usize, lead, k + 1);
                headed = Some(wi);
            }
        }
        // The posterior of the first candidate is what the calibration maps.
        let signal = match margin_signal {
            Some(m) if !top.is_empty() => m,
            _ => top.first().map(|t| posterior[t.0]).unwrap_or(0.0),
        };
        let confidence = if top.is_empty() {
            0.0
        } else if headed.is_some() {
            MANAGER_RULE_CONFIDENCE
        } else {
            self.calibration.confidence(signal, list_match.is_some())
        };
        let candidates: Vec<Candidate> = top
            .iter()
            .take(k)
            .map(|&(i, s)| Candidate {
                unit: self.units[i],
                score: s,
            })
            .collect();
        let code = (confidence >= UNCODED_BELOW)
            .then(|| candidates.first().map(|c| c.unit))
            .flatten();
        let evidence = match (top.first(), list_match) {
            (None, _) => "no word of the title is known to the taxonomy".to_string(),
            (Some(_), None) if let Some(f) = headed => format!(
                "house convention: the title heads the work of {}, coded to its managers; {}",
                self.units[f],
                self.evidence(f, &words, &hits)
            ),
            (Some(_), Some((_, li))) => {
                let label = &self.labels[li as usize];
                with_rewrites(
                    format!("{} entry \"{}\"", label.source.name(), label.text),
                    &hits,
                )
            }
            (Some(&(ui, _)), None) => match title_alone.filter(|&t| t != ui) {
                Some(t) => format!(
                    "{} (the title alone points to {}); {}",
                    if ad.context.is_some() {
                        "the rest of the ad"
                    } else {
                        "the ad's description"
                    },
                    self.units[t],
                    self.evidence(ui, &words, &hits)
                ),
                None => self.evidence(ui, &words, &hits),
            },
        };
        Coding {
            code,
            confidence,
            signal,
            candidates,
            evidence,
            list_title: list_match.is_some(),
            house_rule: headed.is_some(),
        }
    }

    fn evidence(&self, ui: usize, words: &[&str], hits: &[LexiconHit]) -> String {
        let word_keys: Vec<u64> = words.iter().map(|w| key_of(w)).collect();
        let mask = word_mask(word_keys.iter().copied());
        let mut best: Option<(&Label, f32)> = None;
        for lw in &self.label_words[ui] {
            if lw.mask & mask == 0 {
                continue;
            }
            let keys = &self.label_keys[lw.start as usize..(lw.start + lw.len) as usize];
            let common = keys.iter().filter(|k| word_keys.contains(k)).count() as f32;
            if common == 0.0 {
                continue;
            }
            let score = common / (lw.len as usize + words.len()) as f32;
            let l = &self.labels[lw.label as usize];
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((l, score));
            }
        }
        let head = match best {
            Some((l, _)) => format!("{} label \"{}\"", l.source.name(), l.text),
            None => "learned from labelled titles".to_string(),
        };
        with_rewrites(head, hits)
    }

    pub fn unit_position(&self, unit: u16) -> Option<u16> {
        self.unit_index.get(&unit).copied()
    }

    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    pub fn set_calibration(&mut self, c: Calibration) {
        self.calibration = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn top(title: &str) -> String {
        Coder::shipped()
            .code(title, None)
            .candidates
            .first()
            .map(|c| c.unit.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn codes_common_indonesian_and_english_titles() {
        for (title, want) in [
            ("Tukang Las", "7212"),
            ("Welder SMAW", "7212"),
            ("Juru Masak", "5120"),
            ("Penjahit", "7531"),
            ("Kasir", "5230"),
            ("Perawat", "2221"),
            ("Sopir Truk", "8332"),
            ("Satpam", "5414"),
            ("Accountant", "2411"),
            ("Software Engineer", "2512"),
        ] {
            assert_eq!(top(title), want, "{title}");
        }
        // Teachers of unknown level land in the teaching professionals (23).
        assert!(top("Guru Matematika").starts_with("23"));
    }

    #[test]
    fn feature_keys_are_the_keys_of_the_features() {
        for title in [
            "Tukang Las",
            "Staff Admin Gudang Bekasi",
            "Chef",
            "sales sales manager",
        ] {
            let words = title_words(title, None);
            let mut want: Vec<u64> = features(&words).iter().map(|f| key_of(f)).collect();
            want.sort_unstable();
            want.dedup();
            assert_eq!(feature_keys(&words), want, "{title}");
        }
    }

    #[test]
    fn a_title_that_is_a_list_title_takes_the_list_code() {
        let c = Coder::shipped();
        // "Sales" alone is a shop assistant in the foreign labelled titles the models learned
        // from; in Indonesian ads it is a field sales representative, as the list says.
        for title in ["Sales", "SALES (Bekasi)", "Staf Marketing", "Kurir Paket"] {
            let coding = c.code(title, None);
            assert!(coding.list_title, "{title}");
            assert!(coding.confidence >= LIST_TITLE_CONFIDENCE, "{title}");
            assert!(
                coding.evidence.starts_with("Listraf title list entry"),
                "{title}: {}",
                coding.evidence
            );
        }
        assert!(c.code("Sales", None).evidence.contains("\"sales\""));
        // Letter for letter, the entry as written is named, not another of the same words.
        assert!(
            c.code("Tukang Las", None)
                .evidence
                .contains("\"tukang las\"")
        );
        assert_eq!(top("SALES (Bekasi)"), "3322");
        assert_eq!(top("Kurir Paket"), "8321");
        // Where the models agree with the list by a clear lead, their higher confidence stands.
        let agreed = c.code("Barista", None);
        assert_eq!(agreed.code.map(|u| u.to_string()).as_deref(), Some("5132"));
        assert!(agreed.confidence > LIST_TITLE_CONFIDENCE);
        // A longer title is not a list title: the models decide, and the list only weighs in.
        let longer = c.code("Sales Engineer Pompa Industri", None);
        assert!(!longer.list_title);
        assert_ne!(longer.confidence, LIST_TITLE_CONFIDENCE);
        // Foreign titles follow their own labels: the international coder's models decide
        // even on a list title, and say so in the evidence.
        let intl = Coder::shipped_for(Profile::International);
        for title in ["Sales", "Staf Marketing", "Tukang Las"] {
            let coding = intl.code(title, None);
            assert!(!coding.list_title, "{title}");
            assert!(coding.code.is_some(), "{title}");
            assert!(
                !coding.evidence.starts_with("Listraf title list entry"),
                "{title}: {}",
                coding.evidence
            );
        }
    }

    #[test]
    fn a_head_of_a_function_is_coded_to_its_managers_by_the_house_convention() {
        let c = Coder::shipped();
        // Without the rule the models give these the unit of the work headed (2423, 4416,
        // 4110): too few heads of each function are among the labelled titles.
        for (title, function, managers) in [
            ("HR Manager", "2423", "1212"),
            ("Kepala Personalia", "4416", "1212"),
            ("Kepala Administrasi", "4110", "1219"),
        ] {
            let coding = c.code(title, None);
            assert!(coding.house_rule, "{title}: {}", coding.evidence);
            assert_eq!(
                coding.code.map(|u| u.to_string()).as_deref(),
                Some(managers),
                "{title}"
            );
            assert_eq!(coding.confidence, MANAGER_RULE_CONFIDENCE);
            assert!(
                coding.evidence.starts_with(&format!(
                    "house convention: the title heads the work of {function}, coded to its managers; "
                )),
                "{title}: {}",
                coding.evidence
            );
            // The work headed stays a candidate.
            assert_eq!(coding.candidates[1].unit.to_string(), function, "{title}");
        }
        // A department head whose whole title the models place among another function's
        // managers (1321, from "Kepala Bagian Produksi") is read by the work it heads: the
        // title without its head and department words, coded on its own.
        // "Kepala Bagian HRD" the models place among HR managers themselves since their cosine
        // weight rose for Indonesian ads; the rule is then not needed, but the code must hold.
        for (title, managers, by_rule) in [
            ("Kepala Bagian Akuntansi", "1211", true),
            ("Kabag Akuntansi", "1211", true),
            ("Kepala Bagian HRD", "1212", false),
        ] {
            let coding = c.code(title, None);
            if by_rule {
                assert!(coding.house_rule, "{title}: {}", coding.evidence);
            }
            assert_eq!(
                coding.code.map(|u| u.to_string()).as_deref(),
                Some(managers),
                "{title}: {}",
                coding.evidence
            );
        }
        // A department whose managers the models name keeps their answer and confidence.
        let production = c.code("Kepala Bagian Produksi", None);
        assert!(!production.house_rule, "{}", production.evidence);
        assert_eq!(
            production.code.map(|u| u.to_string()).as_deref(),
            Some("1321")
        );
        // Roles called managers, assistants and section heads keep the models' answer.
        for title in [
            "Account Manager",
            "Asisten Manager Keuangan",
            "Brand Manager",
            "HR Section Head",
        ] {
            assert!(!c.code(title, None).house_rule, "{title}");
        }
        // Foreign labels follow their own conventions: the international coder has no rule.
        let intl = Coder::shipped_for(Profile::International);
        assert!(!intl.code("Kepala Personalia", None).house_rule);
    }

    /// Titles of real Indonesian ads (`job-postings-id`) that are not in the project's title
    /// list but whose head is: the list must win over habits learned from Malaysian labels
    /// ("housekeeping" is a supervisor there, "general affair" a labourer).
    #[test]
    fn indonesian_ad_titles_follow_the_project_list() {
        for (title, want) in [
            ("General Affairs Staff", "4110"),
            ("Admin Project", "4110"),
            ("Housekeeping Trainee", "9112"),
            ("HSE Officer Project", "2263"),
            ("Salesman Area", "3322"),
            ("Area Sales Manager Jawa", "1221"),
            ("Human Capital Staff", "2423"),
            ("Staf Produksi", "8189"),
        ] {
            assert_eq!(top(title), want, "{title}");
        }
    }

    #[test]
    fn every_output_code_exists_and_gibberish_is_uncoded() {
        let c = Coder::shipped().code("xqzv blorft", None);
        assert!(c.code.is_none());
        assert!(c.candidates.is_empty());
        let c = Coder::shipped().code(
            "Operator Produksi",
            Some("Mengoperasikan mesin produksi di pabrik"),
        );
        for cand in &c.candidates {
            assert!(reference().isco(&cand.unit.to_string()).is_some());
        }
        assert!(!c.evidence.is_empty());
    }

    #[test]
    fn the_models_learn_the_gold_dev_and_test_ads_and_the_training_titles() {
        let all = indonesian_titles();
        // 500 dev and test ads and 3,919 training titles, one code each; the holdout split
        // and the two uncoded training titles are not learned.
        assert_eq!(all.len(), 500 + 3919);
        let gold = all
            .iter()
            .filter(|x| x.count == INDONESIAN_GOLD_COUNT)
            .count();
        let training = all
            .iter()
            .filter(|x| x.count == INDONESIAN_TITLE_COUNT)
            .count();
        assert!(gold >= 500 && training >= 3919, "{gold} {training}");
        let learned = |title: &str| {
            all.iter()
                .filter(|x| x.title == title)
                .map(|x| x.unit)
                .collect::<Vec<_>>()
        };
        // Both codings gave 9112.
        assert_eq!(learned("Office Boy"), [9112]);
        // First coding 4110, second 5244, adjudicated 5223: the adjudicated code is learned.
        assert_eq!(learned("Freelance Admin Marketplace"), [5223]);
        // Both codings 3322; the adjudicated code carries the gold dev/test convention.
        assert_eq!(learned("Customer Relation - Mangunjaya, Bandung"), [3311]);
        // Left uncoded by the first coder: not learned.
        assert!(learned("Magang Pupuk Kaltim").is_empty());
    }

    #[test]
    fn the_training_titles_carry_their_ads_context_fields() {
        // The training titles carry their ad's context by the same rule: a Loker.id barista's
        // fields, a Dealls data engineer's department.
        let all = indonesian_titles();
        let context = |title: &str| {
            all.iter()
                .find(|x| x.title == title)
                .and_then(|x| x.context.clone())
        };
        assert_eq!(
            context("Barista").as_deref(),
            Some(
                "Restaurant; Barista; Barista; ['Manual Coffee Machines', 'Coffee Machine', 'Grinder', 'Settings']"
            )
        );
        assert_eq!(
            context("Data Engineer").as_deref(),
            Some("Data And Product Management")
        );
        let with_context = all.iter().filter(|x| x.context.is_some()).count();
        assert!(with_context > all.len() * 9 / 10, "{with_context}");
    }

    #[test]
    fn the_whole_ad_model_reads_the_title_before_the_rest_of_the_ad() {
        let barista = indonesian_titles()
            .iter()
            .find(|x| x.title == "Barista")
            .map(|x| (x.title.as_str(), x.ad().model_text().unwrap_or_default()));
        let (title, rest) = barista.unwrap_or_default();
        assert!(rest.starts_with("Restaurant; Barista"), "{rest}");
        assert_eq!(whole_ad_text(title, &rest), format!("Barista; {rest}"));
        // A title alone has no rest to read: the title's own models code it.
        assert_eq!(AdBody::default().model_text(), None);
    }

    /// Read together, the description and whole-ad models give, to the bit, what each gives
    /// alone on its own text, on every labelled Indonesian ad and on texts at the edges.
    #[test]
    fn the_ad_models_read_together_decide_as_each_alone() {
        let (desc, whole) = (
            shipped_description(Profile::Indonesia),
            shipped_whole_ad(Profile::Indonesia),
        );
        assert!(desc.is_some() && whole.is_some());
        let pair = PrefixPair::new(desc.clone(), whole.clone());
        let alone = |m: &Option<LinearModel>, t: &str| {
            let (d, known, _) = m.as_ref()?.decisions(t);
            (known > 0).then_some(d)
        };
        let mut texts: Vec<(String, String)> = indonesian_titles()
            .iter()
            .filter_map(|x| Some((x.title.clone(), x.ad().model_text()?.into_owned())))
            .collect();
        assert!(texts.len() > 1000, "{}", texts.len());
        for (t, r) in [
            ("", "Mengemudikan truk pengiriman"),
            ("Sopir", ""),
            ("Sopir", "--- • ---"),
            ("Staf Gudang (Cikarang)", "Mengelola stok barang; gudang"),
            ("Kasir Café", "Melayani pembeli à la carte, kasir kasir"),
        ] {
            texts.push((t.to_string(), r.to_string()));
        }
        for (title, rest) in &texts {
            let [d, w] = pair.decisions(title, rest);
            assert_eq!(d, alone(&desc, rest), "{title}; {rest}");
            assert_eq!(
                w,
                alone(&whole, &whole_ad_text(title, rest)),
                "{title}; {rest}"
            );
        }
    }

    #[test]
    fn the_fast_exponential_is_the_exponential() {
        let mut x = 0.0f32;
        while x > -45.0 {
            let (want, got) = (x.exp(), exp_to_zero(x));
            if x < -40.0 {
                assert_eq!(got, 0.0, "{x}");
            } else {
                assert!(
                    (got - want).abs() <= 2.5e-7 * want,
                    "e^{x}: {got} against {want}"
                );
            }
            x -= 0.000_37;
        }
        assert_eq!(exp_to_zero(0.0), 1.0);
        assert_eq!(lane_sum(&[1.0; 19]), 19.0);
    }

    #[test]
    fn calibration_is_monotone() {
        let pts = vec![
            (0.1, false),
            (0.2, true),
            (0.3, false),
            (0.4, true),
            (0.5, true),
            (0.6, true),
        ];
        let c = Calibration::fit(pts, 3);
        let ps: Vec<f32> = c.bins.iter().map(|b| b.1).collect();
        assert!(ps.windows(2).all(|w| w[0] <= w[1]), "{ps:?}");
        assert!(c.apply(0.05) <= c.apply(0.9));
    }

    fn labelled(title: &str, unit: u16, description: &str) -> IndonesianTitle {
        IndonesianTitle {
            title: title.to_string(),
            unit,
            count: INDONESIAN_TITLE_COUNT,
            description: Some(description.to_string()),
            context: None,
        }
    }

    fn source(title: &str, description: Option<&str>) -> SourceAd {
        SourceAd {
            title: title.to_string(),
            description: description.map(str::to_string),
            context: None,
        }
    }

    const HELD_OUT: &str = "Menyiapkan laporan stok harian, rekap penjualan, dan arsip faktur \
        untuk gudang pusat; berkoordinasi dengan tim logistik setiap pagi dan menjaga kerapian \
        dokumen pengiriman serta stok opname bulanan.";

    /// A labelled title's other ads take its code; an ad the labelled one already is, an ad
    /// with nothing but a title, a title coded two ways, a title left out, an ad whose text
    /// opens as a held-out ad's does and ads beyond the cap give nothing.
    #[test]
    fn a_labelled_titles_other_ads_learn_under_its_code() {
        let labelled = [
            labelled("Staff Gudang", 9333, "Menyusun barang di gudang."),
            labelled("Admin", 4110, "Input data."),
            labelled("ADMIN", 4132, "Entri data."),
            labelled("Kurir", 9621, "Mengantar paket."),
        ];
        let mut ads = vec![
            // The labelled ad itself, as the source file holds it.
            source("staff  gudang", Some("Menyusun barang di gudang.")),
            // A held-out ad's text under a training title: other case and spacing, another end.
            source(
                "Staff Gudang",
                Some(
                    &HELD_OUT
                        .to_uppercase()
                        .replace(", ", ",  ")
                        .replace("bulanan.", "tiap bulan."),
                ),
            ),
            source("Staff Gudang", Some("Bongkar muat barang, stock opname.")),
            source("Staff Gudang", None),
            source("Admin", Some("Membuat laporan harian.")),
            source("Kurir", Some("Antar paket ke pelanggan, SIM C.")),
            source("Sales", Some("Menjual produk.")),
        ];
        for i in 0..REPOSTS_PER_TITLE + 2 {
            ads.push(source("Staff Gudang", Some(&format!("Gudang shift {i}."))));
        }
        assert!(description_opening(HELD_OUT).is_some_and(|o| o.chars().count() == OPENING_CHARS));
        let left_out = LeftOut::of([("KURIR", None), ("Staf Stok", Some(HELD_OUT))]);
        let got = labelled_reposts(&labelled, &ads, &left_out);
        let texts: Vec<(&str, u16, &str)> = got
            .iter()
            .map(|x| {
                (
                    x.title.as_str(),
                    x.unit,
                    x.description.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(texts.len(), REPOSTS_PER_TITLE, "{texts:?}");
        assert_eq!(
            texts[0],
            ("Staff Gudang", 9333, "Bongkar muat barang, stock opname.")
        );
        assert!(texts.iter().all(|t| t.0 == "Staff Gudang" && t.1 == 9333));
        let last = format!("Gudang shift {}.", REPOSTS_PER_TITLE - 2);
        assert_eq!(texts.last().map(|t| t.2), Some(last.as_str()));
        // Each counts at the repost weight in the ad models, after the labelled ads.
        let examples: Vec<f32> = ad_examples(&labelled, &got).map(|(_, w)| w).collect();
        assert_eq!(examples.len(), labelled.len() + got.len());
        assert!(
            examples[labelled.len()..]
                .iter()
                .all(|&w| w == REPOST_WEIGHT)
        );
    }
}

//! Skills extraction: a dictionary of ESCO skill labels (English) and the project's Indonesian
//! skill words, matched on whole words of the ad after company blurbs, benefits and
//! equal-opportunity boilerplate are stripped.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::normalise::{fold, fold_into};

const ESCO_SKILLS: &str = include_str!("../data/skills.tsv");
const SKILLS_ID: &str = include_str!("../data/skills_id.tsv");

/// Folded one-word labels too generic to count as a skill in an ad.
const TOO_GENERIC: [&str; 14] = [
    "work",
    "team",
    "sales",
    "design",
    "service",
    "support",
    "travel",
    "time",
    "english",
    "data",
    "management",
    "office",
    "plan",
    "lead",
];

/// Folded labels that are everyday Indonesian words ("ada" is "there is", "staf" is staff,
/// "keras" is hard) or English words an ad uses in another sense ("Chef" the cook, "Access"
/// the verb, "Google" the company): in an Indonesian ad they name no skill. Found by tallying
/// the matches over the 7,558 ads of `job-postings-id`.
const NOT_A_SKILL_HERE: [&str; 19] = [
    "ada",
    "ide",
    "pos",
    "sem",
    "keras",
    "staf",
    "adr",
    "google",
    "chef",
    "access",
    "source",
    "canvas",
    "assembly",
    "swift",
    "scratch",
    "ict",
    "noc",
    "supra",
    "malaysian",
];

/// One-word ESCO alternative labels written in lower case are ordinary words, and ESCO often
/// gives one to a narrow skill ("engineering" for packaging engineering, "equipment" for
/// compiling airport certification manuals, "security" for securities): they are left out,
/// except these, which do name their skill in an ad. Names and acronyms ("Python", "CRM")
/// are kept.
const ONE_WORD_ALIASES_KEPT: [&str; 24] = [
    "troubleshooting",
    "warehouse",
    "purchase",
    "welding",
    "logistic",
    "agile",
    "scrum",
    "git",
    "sewing",
    "massage",
    "brainstorming",
    "bookkeeping",
    "soldering",
    "uml",
    "bim",
    "kaizen",
    "drone",
    "tutoring",
    "upsell",
    "roofing",
    "communicating",
    "negotiate",
    "ceramics",
    "dance",
];

/// Whether an ESCO label (folded `key`) of the skill whose folded preferred label is
/// `folded_pref` may be matched in an ad: not too generic, not a homograph, and not a one-word
/// lower-case alternative label outside the kept few.
fn matchable(folded_pref: &str, label: &str, key: &str) -> bool {
    if key.len() < 3 || TOO_GENERIC.contains(&key) || NOT_A_SKILL_HERE.contains(&key) {
        return false;
    }
    let alternative = folded_pref != key;
    let ordinary_word = !key.contains(' ') && label.chars().all(|c| !c.is_uppercase());
    !(alternative && ordinary_word) || ONE_WORD_ALIASES_KEPT.contains(&key)
}

/// One skill found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skill {
    /// The skill's canonical label (ESCO preferred label where one exists).
    pub label: String,
    /// The words in the ad that matched.
    pub matched: String,
}

struct Dictionary {
    matcher: AhoCorasick,
    /// Pattern index → canonical label.
    labels: Vec<String>,
}

fn dictionary() -> &'static Dictionary {
    static D: OnceLock<Dictionary> = OnceLock::new();
    D.get_or_init(|| {
        let mut by_pattern: HashMap<String, String> = HashMap::new();
        let mut esco_pref: HashMap<String, String> = HashMap::new();
        let entries: Vec<(&str, &str)> = ESCO_SKILLS
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .collect();
        // A skill's own preferred label first, whether or not the file lists it as a label:
        // "project management" is the skill project management, not the alternative label
        // ESCO also gives project commissioning. Up to three words, as the file's labels.
        let mut preferred: Vec<(&str, &str)> = entries
            .iter()
            .filter(|(pref, _)| pref.split_whitespace().count() <= 3)
            .map(|&(pref, _)| (pref, pref))
            .collect();
        // The file lists a skill's labels together: one entry per skill is enough.
        preferred.dedup();
        // Folded once per skill, not once per label: this build runs at start-up.
        let mut folded_pref: (&str, String) = ("", String::new());
        for (pref, label) in preferred.into_iter().chain(entries) {
            if folded_pref.0 != pref {
                folded_pref = (pref, fold(pref));
            }
            let key = if label == pref {
                folded_pref.1.clone()
            } else {
                fold(label)
            };
            esco_pref
                .entry(key.clone())
                .or_insert_with(|| pref.to_string());
            if matchable(&folded_pref.1, label, &key) {
                by_pattern.entry(key).or_insert_with(|| pref.to_string());
            }
        }
        for line in SKILLS_ID.lines().filter(|l| !l.starts_with('#')) {
            let Some((id, label)) = line.split_once('\t') else {
                continue;
            };
            // Point Indonesian words at the ESCO preferred label when the target is an ESCO label.
            let canonical = esco_pref
                .get(&fold(label))
                .cloned()
                .unwrap_or_else(|| label.to_string());
            by_pattern.insert(fold(id), canonical);
        }
        let mut patterns: Vec<(String, String)> = by_pattern.into_iter().collect();
        patterns.sort();
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns.iter().map(|p| p.0.as_str()))
            .expect("the skill dictionary builds");
        Dictionary {
            matcher,
            labels: patterns.into_iter().map(|p| p.1).collect(),
        }
    })
}

/// Lines that describe the company, the benefits or the application process rather than the
/// job; matching skills there ("we are a leading logistics company") would invent demand.
const BOILERPLATE: [&str; 24] = [
    "equal opportunity",
    "equal employment",
    "kesempatan yang sama",
    "tidak memungut biaya",
    "tidak dipungut biaya",
    "gratis tanpa biaya",
    "about us",
    "about the company",
    "tentang kami",
    "tentang perusahaan",
    "we are a",
    "we are the",
    "kami adalah",
    "perusahaan kami",
    "adalah perusahaan",
    "didirikan pada",
    "established in",
    "kirim cv",
    "kirimkan cv",
    "send your cv",
    "lamaran dapat",
    "apply now",
    "benefit",
    "tunjangan",
];

/// Removes boilerplate sentences and lines; returns the folded remainder.
pub fn strip_boilerplate(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    strip_boilerplate_into(&mut kept, text);
    kept
}

/// [`strip_boilerplate`], appended to `kept`: each part is folded straight into the buffer
/// and cut off again when it is boilerplate.
fn strip_boilerplate_into(kept: &mut String, text: &str) {
    static BOILER: OnceLock<AhoCorasick> = OnceLock::new();
    let boiler = BOILER.get_or_init(|| {
        AhoCorasick::new(BOILERPLATE).expect("the boilerplate phrases build a matcher")
    });
    for part in text.split(['\n', '.', '•', ';']) {
        let start = kept.len();
        fold_into(kept, part);
        if kept.len() == start || boiler.is_match(&kept[start..]) {
            kept.truncate(start);
            continue;
        }
        kept.push(' ');
    }
}

/// Skills named in a title and description, in order of first appearance, each once.
pub fn extract(title: &str, description: Option<&str>) -> Vec<Skill> {
    extract_tagged(title, None, description)
}

/// Skills named in a title, the skill tags a portal gave the ad and its description, in order
/// of first appearance, each once. Only the tags among an ad's context fields: a category
/// ("It And Engineering") or the study programmes an internship accepts are not skills the
/// job asks for.
pub fn extract_tagged(title: &str, tags: Option<&str>, description: Option<&str>) -> Vec<Skill> {
    let mut text = fold(title);
    // Tags are skills by the portal's word, not prose: none is boilerplate, and a tag that
    // reads like it ("Compensation & Benefits") must not take the whole list with it, as one
    // comma-separated line would under the boilerplate filter.
    if let Some(tags) = tags {
        text.push(' ');
        fold_into(&mut text, tags);
    }
    if let Some(description) = description {
        text.push(' ');
        strip_boilerplate_into(&mut text, description);
    }
    let d = dictionary();
    let bytes = text.as_bytes();
    let mut out: Vec<Skill> = Vec::new();
    for m in d.matcher.find_iter(&text) {
        // Whole words only: "java" must not match inside "javascript".
        let before = m.start() == 0 || bytes[m.start() - 1] == b' ';
        let after = m.end() == bytes.len() || bytes[m.end()] == b' ';
        if !(before && after) {
            continue;
        }
        let label = &d.labels[m.pattern().as_usize()];
        if !out.iter().any(|s| &s.label == label) {
            out.push(Skill {
                label: label.clone(),
                matched: text[m.start()..m.end()].to_string(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(title: &str, desc: &str) -> Vec<String> {
        extract(title, Some(desc))
            .into_iter()
            .map(|s| s.label)
            .collect()
    }

    #[test]
    fn finds_indonesian_and_english_skills_on_whole_words() {
        let l = labels(
            "Welder",
            "Mampu membaca gambar teknik, pengelasan SMAW, menguasai Microsoft Excel dan bahasa Inggris.",
        );
        assert!(l.contains(&"join metals".to_string()), "{l:?}");
        assert!(
            l.contains(&"use spreadsheets software".to_string()),
            "{l:?}"
        );
        assert!(l.iter().any(|s| s == "read engineering drawings"), "{l:?}");
        let l = labels("Developer", "Experience with JavaScript and SQL");
        assert!(!l.iter().any(|s| s.eq_ignore_ascii_case("java")), "{l:?}");
    }

    fn tagged(title: &str, tags: &str) -> Vec<String> {
        extract_tagged(title, Some(tags), None)
            .into_iter()
            .map(|s| s.label)
            .collect()
    }

    /// Real tags from `mixed_portals_titles_skills_2026.csv` ("Tax Manager"): one tag reads
    /// like benefits boilerplate, and the list was dropped whole.
    #[test]
    fn a_portal_tag_list_is_read_whole_even_with_a_benefits_tag() {
        let l = tagged(
            "Tax Manager",
            "Microsoft Excel, Microsoft Office, Data Management, Compensation & Benefits, Databases, Risk Analysis",
        );
        assert!(
            l.contains(&"use spreadsheets software".to_string()),
            "{l:?}"
        );
        assert!(l.contains(&"use microsoft office".to_string()), "{l:?}");
        // The portals' most frequent tags that named no skill before (same file).
        let l = tagged(
            "Content Creator",
            "Social Media, Canva, CapCut, Copywriting, Video Editing, Teamwork",
        );
        for want in [
            "social media management",
            "graphics editor software",
            "perform video editing",
            "perform copywriting",
            "teamwork principles",
            "create digital content",
        ] {
            assert!(l.contains(&want.to_string()), "{want}: {l:?}");
        }
        // The description's boilerplate is still dropped: no skill from a benefits line.
        let l = labels("Admin", "Benefit: BPJS, pelatihan Microsoft Excel gratis");
        assert!(
            !l.contains(&"use spreadsheets software".to_string()),
            "{l:?}"
        );
    }

    #[test]
    fn indonesian_words_and_narrow_aliases_are_not_skills() {
        // After Loker.id ads: "ada", "ide", "keras", "staf" are Indonesian words; "Google",
        // "engineering", "equipment", "security" are ESCO alternative labels of narrow skills.
        let l = labels(
            "Staf Engineering",
            "Ada ide kreatif, mampu bekerja keras. Menguasai Google Sheets dan SEO. Merawat equipment gedung dan security system. Project management.",
        );
        for wrong in [
            "STAF",
            "computer programming",
            "integrated development environment software",
            "computer vision",
            "search engines",
            "packaging engineering",
            "compile airport certification manuals",
            "securities",
            "project commissioning",
        ] {
            assert!(!l.iter().any(|s| s == wrong), "{wrong}: {l:?}");
        }
        assert!(l.iter().any(|s| s == "project management"), "{l:?}");
        assert!(l.iter().any(|s| s == "use spreadsheets software"), "{l:?}");
        // Digital-marketing tools ads name by brand: the project's list, not ESCO's labels.
        let l = labels(
            "SEO Specialist",
            "Menguasai Google Analytics, SEO dan Meta Ads.",
        );
        for right in [
            "search engine optimisation",
            "web analytics",
            "online ads campaign techniques",
        ] {
            assert!(l.iter().any(|s| s == right), "{right}: {l:?}");
        }
        // Kept: names, acronyms and the one-word aliases that do name their skill.
        let l = labels(
            "IT Support",
            "Troubleshooting jaringan, Python, CRM, warehouse.",
        );
        for right in [
            "troubleshoot",
            "Python (computer programming)",
            "customer relationship management",
            "perform warehousing operations",
        ] {
            assert!(l.iter().any(|s| s == right), "{right}: {l:?}");
        }
    }

    #[test]
    fn boilerplate_is_ignored_and_nothing_found_is_empty() {
        let l = labels(
            "Staff",
            "PT Maju adalah perusahaan logistik terkemuka yang bergerak di bidang accounting. Kami memberi kesempatan yang sama.",
        );
        assert!(l.is_empty(), "{l:?}");
        assert!(extract("xyz", None).is_empty());
    }
}

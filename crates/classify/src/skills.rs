//! Skills extraction: a dictionary of ESCO skill labels (English) and the project's Indonesian
//! skill words, matched on whole words of the ad after company blurbs, benefits and
//! equal-opportunity boilerplate are stripped. A skill keeps its ESCO label as its identity (in
//! files and the API); [`indonesian_name`] gives the name Indonesian pages show.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::normalise::{fold, fold_into};

const ESCO_SKILLS: &str = include_str!("../data/skills.tsv");
const SKILLS_ID: &str = include_str!("../data/skills_id.tsv");
const NAMES_ID: &str = include_str!("../data/skill_names_id.tsv");

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
const NOT_A_SKILL_HERE: [&str; 48] = [
    // "You will be responsible for …", an English ad's every other sentence.
    "be responsible",
    // A school's or a foundation's name ("Sekolah Islam Terpadu"); religious education is
    // read as "pendidikan agama islam" (the project's list).
    "islam",
    // Indeks Pembangunan Manusia in Indonesian ads, not integrated pest management.
    "ipm",
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
    // Found while naming the skills of real ads in Indonesian: "Mechanical Ski(ll)"; the
    // accounting package "Myob Etcs"; gel and nail polish; an ENT clinic (Telinga Hidung
    // Tenggorok), not through-hole technology; software logging, not felling trees; and
    // "policies and procedures", which ESCO lists as a label of airport certification manuals.
    "ski",
    "etcs",
    "polish",
    "tht",
    "logging",
    "and procedures",
    // An audit of every (skill, words) pair found in the 7,558 ads, each doubtful pair read in
    // all its ads: job titles ("application support staff"), two list items run together
    // ("good communication problem solving"), an address ("Golf Island PIK"), the ad's own
    // hiring steps, a tool list ("design software: Photoshop, CorelDraw", whose tools are read
    // on their own), accounting work ("reconciliation of financial data"), a driver's GPS.
    "support staff",
    "support manager",
    "staff support",
    "communication problem",
    "communication science",
    "cbt",
    "philosophy",
    "political parties",
    "joint venture",
    "provide evidence",
    "application procedure",
    "application process",
    "paint wood",
    "golf",
    "design architecture",
    "regulatory requirements",
    "design software",
    "software design",
    "financial data",
    "gps",
];

/// One-word ESCO alternative labels written in lower case are ordinary words, and ESCO often
/// gives one to a narrow skill ("engineering" for packaging engineering, "equipment" for
/// compiling airport certification manuals, "security" for securities): they are left out,
/// except these, which do name their skill in an ad. Names and acronyms ("Python", "CRM")
/// are kept.
const ONE_WORD_ALIASES_KEPT: [&str; 23] = [
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

/// Phrases that contain a skill's label but name something else: a degree ("Desain
/// Komunikasi Visual" is no communication skill), a cuisine, a style, a place or a list. They
/// are matched like labels, so they take their words away from the shorter label, and give no
/// skill.
const NOT_SKILLS: [&str; 50] = [
    "visual communication",
    "komunikasi visual",
    "ilmu komunikasi",
    "chinese food",
    "chinese restaurant",
    "japanese food",
    "japanese restaurant",
    "japanese style",
    "japanese cuisine",
    "french style",
    "french patisserie",
    "french pastry",
    "french bakery",
    "korean food",
    "korean bbq",
    "korean style",
    "korean cuisine",
    "italian cuisine",
    "japanese fusion",
    "russian volume",
    "russian manicure",
    "french press",
    "dutch bucket",
    // Places and lists, not the skills their words spell.
    "east java",
    "west java",
    "central java",
    "database pelanggan",
    "database prospek",
    "database karyawan",
    "database customer",
    "database konsumen",
    // Records a clerk keeps (tax, suppliers, contracts, assets, alumni), not database
    // technology: every such phrase in the real ads.
    "database pajak",
    "database kantor",
    "database perusahaan",
    "database leads",
    "database mitra",
    "database supplier",
    "database vendor",
    "database talent",
    "database kontak",
    "database kontrak",
    "database alumni",
    "database audit",
    "database aset",
    "database administrasi",
    // A sales clerk receives a customer's purchase order and a warehouse checks goods against
    // one; a buyer who makes purchase orders does practise procurement.
    "menerima purchase order",
    "dengan purchase order",
    // The worker's own phone, not Android development.
    "hp android",
    "handphone android",
    "smartphone android",
];

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
        for phrase in NOT_SKILLS {
            by_pattern.insert(phrase.to_string(), String::new());
        }
        let mut patterns: Vec<(String, String)> = by_pattern.into_iter().collect();
        patterns.sort();
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(patterns.iter().map(|p| p.0.as_str()))
            .expect("the skill dictionary builds");
        Dictionary {
            matcher,
            labels: patterns.into_iter().map(|p| p.1).collect(),
        }
    })
}

/// Sentences about the benefits, the application process or fair hiring rather than the job:
/// dropped whole.
const BOILERPLATE: [&str; 15] = [
    "equal opportunity",
    "equal employment",
    "kesempatan yang sama",
    "tidak memungut biaya",
    "tidak dipungut biaya",
    "gratis tanpa biaya",
    "about us",
    "about the company",
    "kirim cv",
    "kirimkan cv",
    "send your cv",
    "lamaran dapat",
    "apply now",
    "benefit",
    "tunjangan",
];

/// Phrases that introduce the company ("PT X adalah perusahaan yang bergerak di bidang
/// perakitan komputer", "we are a leading logistics company"): matching skills there would
/// invent demand. A sentence with one is dropped up to the point where it turns to the job
/// ([`TURNS_TO_THE_JOB`]), or whole when it does not. Found by reading the introductions of
/// the 2,209 Loker.id ads that have one.
const COMPANY: [&str; 57] = [
    "perusahaan penjualan",
    "perusahaan perdagangan",
    "bergerak distributor",
    "bergerak dibiding",
    "dealer resmi",
    "kami menawarkan",
    "kami menyediakan",
    "kami melayani",
    "our business",
    "tentang kami",
    "tentang perusahaan",
    "we are a",
    "we are the",
    "we are an",
    "kami adalah",
    "perusahaan kami",
    "adalah perusahaan",
    "merupakan perusahaan",
    "adalah sebuah",
    "merupakan sebuah",
    "adalah salah satu",
    "merupakan salah satu",
    "perusahaan yang bergerak",
    "perusahaan yang berfokus",
    "perusahaan yang berkembang",
    "perusahaan terkemuka",
    "perusahaan di bidang",
    "perusahaan dibidang",
    "perusahaan manufaktur",
    "perusahaan distributor",
    "perusahaan swasta",
    "perusahaan nasional",
    "perusahaan multinasional",
    "salah satu perusahaan",
    "bergerak di bidang",
    "bergerak dibidang",
    "bergerak dalam bidang",
    "yang bergerak di",
    "berfokus di bidang",
    "anak perusahaan",
    "group of companies",
    "is a company",
    "is a leading",
    "is one of",
    "one of the leading",
    "a leading",
    "a growing",
    "engaged in",
    "specializing in",
    "specialising in",
    "our client",
    "klien kami",
    "didirikan pada",
    "didirikan tahun",
    "berdiri sejak",
    "berdiri pada",
    "established in",
];

/// What an introduction says the employer is: "X adalah toko …", "Y merupakan distributor …".
/// Each is a company phrase after "adalah" and "merupakan".
const KINDS_OF_EMPLOYER: [&str; 30] = [
    "toko",
    "distributor",
    "supplier",
    "produsen",
    "pabrik",
    "pusat",
    "penyedia",
    "studio",
    "sekolah",
    "lembaga",
    "yayasan",
    "agensi",
    "agency",
    "klinik",
    "rumah sakit",
    "restoran",
    "restaurant",
    "hotel",
    "brand",
    "merek",
    "bisnis",
    "usaha",
    "startup",
    "koperasi",
    "dealer",
    "kantor",
    "salon",
    "grup",
    "group",
    "pemimpin",
];

/// Where a sentence that began with the company turns to the job: "…bergerak di bidang
/// digital printing, saat ini membutuhkan Staff Finishing Spanduk" is read from "saat ini".
const TURNS_TO_THE_JOB: [&str; 17] = [
    "saat ini",
    "membutuhkan",
    "sedang mencari",
    "mencari",
    "membuka lowongan",
    "membuka kesempatan",
    "membuka peluang",
    "mengundang",
    "untuk posisi",
    "untuk mengisi",
    "sebagai",
    "looking for",
    "is hiring",
    "are hiring",
    "seeking",
    "we need",
    "requires",
];

/// Headings of the parts of an ad about the job: what follows is read.
const JOB_HEADINGS: [&str; 29] = [
    "tanggung jawab",
    "tanggung jawab pekerjaan",
    "tanggung jawab utama",
    "job description",
    "job desc",
    "jobdesc",
    "deskripsi pekerjaan",
    "deskripsi",
    "uraian tugas",
    "uraian pekerjaan",
    "tugas",
    "responsibilities",
    "responsibility",
    "key responsibilities",
    "requirements",
    "requirement",
    "qualifications",
    "qualification",
    "kualifikasi",
    "persyaratan",
    "syarat",
    "keahlian",
    "kemampuan",
    "kriteria",
    "skills",
    "skill",
    "hard skill",
    "soft skill",
    "what you will do",
];

/// Headings of the parts about the company, pay and perks, hours or how to apply: nothing is
/// read from the heading to the next job heading ("Tunjangan :" followed by "BPJS", "Pelatihan
/// Microsoft Excel" is a perk, not a requirement).
const OTHER_HEADINGS: [&str; 27] = [
    "tunjangan",
    "insentif",
    "benefit",
    "benefits",
    "fasilitas",
    "kompensasi",
    "gaji",
    "salary",
    "waktu bekerja",
    "waktu kerja",
    "jam kerja",
    "hari kerja",
    "what we offer",
    "what you will get",
    "what you ll get",
    "why join us",
    "about us",
    "about the company",
    "tentang kami",
    "tentang perusahaan",
    "company profile",
    "profil perusahaan",
    "cara melamar",
    "how to apply",
    "penempatan",
    "lokasi kerja",
    "catatan",
];

/// Removes boilerplate sentences and lines; returns the folded remainder.
pub fn strip_boilerplate(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    strip_boilerplate_into(&mut kept, text);
    kept
}

/// What a line opens, when it is a heading.
#[derive(Clone, Copy, PartialEq)]
enum Heading {
    Job,
    Other,
}

/// Whether a line is a heading: one of the known headings, alone or followed by a colon
/// ("Tunjangan :", "Requirements", "🎁 Fasilitas:", "Kualifikasi: S1 Teknik"), with what
/// follows its colon on the same line. "Mampu mengelola media sosial seperti:" is no heading.
fn heading(line: &str) -> Option<(Heading, &str)> {
    let (head, rest, colon) = match line.split_once(':') {
        Some((h, r)) => (h, r, true),
        None => (line, "", false),
    };
    // Headings are short; a sentence that merely starts with "Tugas" is not one.
    if head.len() > 40 {
        return None;
    }
    let folded = fold(head);
    if folded.is_empty() || folded.split(' ').count() > 4 {
        return None;
    }
    // Without a colon the whole line must be the heading ("Requirements"); with one, the
    // heading may go on ("Tanggung Jawab Pekerjaan :", "Benefit yang didapat:").
    let starts = |h: &&str| {
        folded == *h
            || (colon && folded.starts_with(*h) && folded.as_bytes().get(h.len()) == Some(&b' '))
    };
    if OTHER_HEADINGS.iter().any(starts) {
        Some((Heading::Other, rest))
    } else if JOB_HEADINGS.contains(&folded.as_str()) {
        Some((Heading::Job, rest))
    } else if JOB_HEADINGS.iter().any(starts) {
        // "Kemampuan Negosiasi: …", "Skill Komunikasi:": the heading's own words name a skill.
        Some((Heading::Job, line))
    } else {
        None
    }
}

/// [`strip_boilerplate`], appended to `kept`: each part is folded straight into the buffer
/// and cut off again when it is boilerplate.
fn strip_boilerplate_into(kept: &mut String, text: &str) {
    static BOILER: OnceLock<[AhoCorasick; 3]> = OnceLock::new();
    let [boiler, company, turn] = BOILER.get_or_init(|| {
        let build = |phrases: &[&str]| {
            AhoCorasick::new(phrases).expect("the boilerplate phrases build a matcher")
        };
        let mut company: Vec<String> = COMPANY.iter().map(|p| p.to_string()).collect();
        for verb in ["adalah", "merupakan"] {
            for kind in KINDS_OF_EMPLOYER {
                company.push(format!("{verb} {kind}"));
                company.push(format!("{verb} sebuah {kind}"));
            }
        }
        [
            build(&BOILERPLATE),
            AhoCorasick::new(&company).expect("the company phrases build a matcher"),
            build(&TURNS_TO_THE_JOB),
        ]
    });
    let mut reading = true;
    for line in text.split('\n') {
        let mut body = line;
        if let Some((kind, rest)) = heading(line) {
            match kind {
                Heading::Job => reading = true,
                // "Gaji: 5 juta" or "Penempatan: Bekasi" in the middle of the requirements is
                // one line of facts; only a heading on its own line opens a part.
                Heading::Other if rest.trim().is_empty() => reading = false,
                Heading::Other => continue,
            }
            body = rest;
        }
        if !reading {
            continue;
        }
        for part in body.split(['.', '•', ';']) {
            let start = kept.len();
            fold_into(kept, part);
            if kept.len() == start || boiler.is_match(&kept[start..]) {
                kept.truncate(start);
                continue;
            }
            let company_end = company
                .find_iter(&kept[start..])
                .filter(|m| on_word_boundaries(kept, start + m.start(), start + m.end()))
                .last()
                .map(|m| start + m.end());
            if let Some(after) = company_end {
                let job = turn
                    .find_iter(&kept[after..])
                    .map(|m| (after + m.start(), after + m.end()))
                    .find(|&(a, b)| on_word_boundaries(kept, a, b));
                match job {
                    Some((from, _)) => {
                        kept.replace_range(start..from, "");
                    }
                    None => {
                        kept.truncate(start);
                        continue;
                    }
                }
            }
            kept.push(' ');
        }
    }
}

/// `text` with every whole-word occurrence of `phrase` (both folded) turned into a word no
/// label has, so labels neither match it nor run across it.
fn mask_phrase(text: &str, phrase: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    let mut from = 0;
    while let Some(at) = text[from..].find(phrase).map(|i| from + i) {
        let end = at + phrase.len();
        if on_word_boundaries(text, at, end) {
            out.push_str(&text[rest..at]);
            out.push('\u{2}');
            rest = end;
        }
        from = end;
    }
    out.push_str(&text[rest..]);
    out
}

/// Whether `text[a..b]` is whole words.
fn on_word_boundaries(text: &str, a: usize, b: usize) -> bool {
    let bytes = text.as_bytes();
    (a == 0 || bytes[a - 1] == b' ') && (b == bytes.len() || bytes[b] == b' ')
}

/// The Indonesian name of a skill, by its label, where the project has written one: every
/// skill found in the real Indonesian ads of `job-postings-id` and in the demo's ads has one. The label stays the
/// skill's identity in files and the API, which other systems read by ESCO's words.
pub fn indonesian_name(label: &str) -> Option<&'static str> {
    static NAMES: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            NAMES_ID
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once('\t'))
                .collect()
        })
        .get(label)
        .copied()
}

/// Skills named in a title and description, in order of first appearance, each once.
pub fn extract(title: &str, description: Option<&str>) -> Vec<Skill> {
    extract_tagged(title, None, description)
}

/// Builds the skills dictionary and the boilerplate matchers now rather than at the first ad:
/// a server or a benchmark pays for them at start-up, as for the coder's index.
pub fn prepare() {
    dictionary();
    strip_boilerplate_into(&mut String::new(), "");
}

/// Skills named in a title, the skill tags a portal gave the ad and its description, in order
/// of first appearance, each once. Only the tags among an ad's context fields: a category
/// ("It And Engineering") or the study programmes an internship accepts are not skills the
/// job asks for.
pub fn extract_tagged(title: &str, tags: Option<&str>, description: Option<&str>) -> Vec<Skill> {
    extract_ad(title, tags, description, None)
}

/// [`extract_tagged`] for an ad whose employer is known: the employer's name is no skill of
/// the job, wherever the ad repeats it ("Dance Station adalah toko …", "Medikpro Aesthetics
/// and Laser Clinic membutuhkan …", "PT Java Tech Semesta"). The name is masked whole, so a
/// hair stylist at "Anton Hair Design" still asks for hair skills the ad names elsewhere.
pub fn extract_ad(
    title: &str,
    tags: Option<&str>,
    description: Option<&str>,
    employer: Option<&str>,
) -> Vec<Skill> {
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
    if let Some(name) = employer.map(crate::dedup::clean_employer)
        && name.len() >= 3
        && text.contains(&name)
    {
        text = mask_phrase(&text, &name);
    }
    let d = dictionary();
    // Whole words only: "java" must not match inside "javascript". The search is overlapping,
    // and the longest whole-word match at the leftmost place wins afterwards: a leftmost-longest
    // search would let a label found across a word boundary ("g mic" in "gudang microsoft
    // office") hide the whole words it overlaps.
    let mut found: Vec<(usize, std::cmp::Reverse<usize>, usize)> = d
        .matcher
        .find_overlapping_iter(&text)
        .filter(|m| on_word_boundaries(&text, m.start(), m.end()))
        .map(|m| {
            (
                m.start(),
                std::cmp::Reverse(m.end()),
                m.pattern().as_usize(),
            )
        })
        .collect();
    found.sort_unstable();
    let mut out: Vec<Skill> = Vec::new();
    let mut free_from = 0;
    for (start, std::cmp::Reverse(end), pattern) in found {
        if start < free_from {
            continue;
        }
        free_from = end;
        let m = start..end;
        let label = &d.labels[pattern];
        if label.is_empty() {
            continue;
        }
        if !out.iter().any(|s| &s.label == label) {
            out.push(Skill {
                label: label.clone(),
                matched: text[m].to_string(),
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
        // Real ads' words that an ESCO label of another skill spells (Loker.id, MagangHub and
        // the mixed portals, 2025–26).
        for (title, text, wrong) in [
            (
                "Staff Engineering",
                "Memahami Troubleshooting dan Mechanical Ski",
                "ski",
            ),
            (
                "Staff Accounting",
                "'Myob Etcs Financial Software', 'Coretax Tax Reporting'",
                "European Train Control System",
            ),
            (
                "Terapis Nail",
                "Berpengalaman dalam aplikasi gel polish dan nail art",
                "Polish",
            ),
            (
                "Perawat Poli THT (Audiologi)",
                "THT",
                "through-hole technology",
            ),
            (
                "Front-End Developer",
                "error & retry handling, dan observabilitas (logging/analytics)",
                "logging",
            ),
            (
                "Staff Finance Tax",
                "Support the implementation of financial policies and procedures",
                "compile airport certification manuals",
            ),
            ("Treasury Support Staff", "", "guide staff"),
            (
                "Admin",
                "Good communication, problem solving",
                "communication disorders",
            ),
            (
                "Sales Golf",
                "Ruko Golf Island PIK, seputar produk golf",
                "golf",
            ),
            (
                "Graphic Designer",
                "Design software: Adobe Photoshop, Illustrator, CorelDraw",
                "industrial software",
            ),
            (
                "Staff Accounting",
                "Perform reconciliation of financial data",
                "economics",
            ),
            (
                "Kurir",
                "Memiliki HP Android min RAM 3 GB, mampu membaca peta rute melalui GPS Google Maps",
                "geographic information systems",
            ),
            (
                "Kurir",
                "Memiliki HP Android min RAM 3 GB",
                "Android (mobile operating systems)",
            ),
            (
                "Sales Admin",
                "Menerima purchase order (PO) dari customer",
                "perform procurement processes",
            ),
            (
                "Warehouse (Receiving & Verification)",
                "Membandingkan barang masuk dengan purchase order (PO), surat jalan",
                "perform procurement processes",
            ),
            (
                "Telemarketing",
                "Memperbarui database pelanggan setiap hari",
                "database",
            ),
            (
                "Staff Purchasing",
                "Mencatat dan memperbarui database supplier",
                "database",
            ),
            (
                "Tax Internal",
                "Menginput faktur dan membuat database pajak perusahaan",
                "database",
            ),
            (
                "Asset Management Officer",
                "Mencatat dan memperbarui database aset",
                "database",
            ),
            (
                "Staff Gudang",
                "Penempatan Surabaya, East Java",
                "Java (computer programming)",
            ),
            (
                "Eyelash Artist",
                "Menguasai teknik eyelash extension classic dan russian volume",
                "Russian",
            ),
            (
                "Barista",
                "Manual brew: V60, french press, aeropress",
                "French",
            ),
        ] {
            let l = labels(title, text);
            assert!(!l.iter().any(|s| s == wrong), "{wrong}: {l:?}");
        }
        // The same words where they do name the skill.
        for (text, right) in [
            (
                "Menguasai Java dan Spring Boot",
                "Java (computer programming)",
            ),
            ("Menguasai SQL dan desain database", "database"),
            (
                "Membuat purchase request dan purchase ke vendor",
                "perform procurement processes",
            ),
            (
                "Membuat Purchase Order (PO) untuk supplier import",
                "perform procurement processes",
            ),
            ("Fasih berbahasa Jepang dan Japanese level N3", "Japanese"),
        ] {
            let l = labels("Staff", text);
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

    /// Loker.id introductions (real ads, 2025): the company's trade is no skill of the job;
    /// the job the sentence turns to is read.
    #[test]
    fn a_company_introduction_is_read_only_from_where_it_turns_to_the_job() {
        let l = labels(
            "Staff Finishing Spanduk",
            "Kurnia Printing berdiri sejak tahun 2004, bergerak dalam bidang Digital Printing, saat ini membutuhkan Staff Finishing Spanduk yang menguasai Microsoft Excel.",
        );
        assert!(!l.iter().any(|s| s == "digital printing"), "{l:?}");
        assert!(
            l.contains(&"use spreadsheets software".to_string()),
            "{l:?}"
        );
        let l = labels(
            "Staff Admin",
            "PT. Smarket Indonesia Wholesale is a company engaged in wholesale trading, specializing in cosmetics and skincare products.",
        );
        assert!(!l.iter().any(|s| s == "cosmetics"), "{l:?}");
        let l = labels(
            "Sales Executive",
            "PT Sentra Propertindo Sejahtera, perusahaan yang bergerak di bidang penjualan properti, membuka kesempatan bagi Anda yang komunikatif untuk bergabung sebagai Sales Executive dengan kemampuan negosiasi.",
        );
        assert!(l.contains(&"negotiation".to_string()), "{l:?}");
        // "Sales" is the title's; the company's "penjualan" adds nothing it would not.
        let l = labels(
            "Teknisi Selang Hidrolik",
            "Selang Berkat Mulya, perusahaan yang bergerak di bidang penjualan dan perakitan selang hidrolik, membuka lowongan untuk posisi Teknisi Selang Hidrolik.",
        );
        assert!(!l.iter().any(|s| s == "sales"), "{l:?}");
    }

    /// Loker.id's template: "Tunjangan :" and "Insentif :" open parts that are perks, read
    /// to the next heading about the job; a one-line "Gaji: …" closes nothing.
    #[test]
    fn perks_under_their_heading_are_not_skills_but_a_job_heading_reads_again() {
        let d = "Tanggung Jawab Pekerjaan :\n- Input data penjualan\n\nTunjangan :\nPelatihan Microsoft Excel\nBonus penjualan\n\nKualifikasi :\n- Menguasai Microsoft Word\nGaji: 5 juta\n- Mampu negosiasi";
        let l = labels("Admin", d);
        assert!(l.contains(&"sales".to_string()), "{l:?}");
        assert!(
            !l.contains(&"use spreadsheets software".to_string()),
            "{l:?}"
        );
        assert!(l.contains(&"negotiation".to_string()), "{l:?}");
        // A heading that names a skill keeps its words.
        let l = labels(
            "Sales",
            "Keahlian:\n- Kemampuan Negosiasi: menutup penjualan",
        );
        assert!(l.contains(&"negotiation".to_string()), "{l:?}");
    }

    /// A label found across a word boundary ("g mic" in "gudang microsoft") must not hide the
    /// whole words it overlaps: Loker.id's "Admin Gudang" ads listing "* Microsoft office".
    #[test]
    fn a_match_inside_words_does_not_hide_a_whole_word_skill() {
        let l = labels("Admin Gudang", "* Microsoft office");
        assert!(
            l.contains(&"use Microsoft Office".to_string())
                || l.contains(&"use microsoft office".to_string()),
            "{l:?}"
        );
    }

    /// The most frequent phrases of Loker.id's "Keahlian :" lines that named no skill: an
    /// Indonesian verb form ("berkomunikasi", "berbahasa Inggris") or a tool by its brand.
    #[test]
    fn frequent_indonesian_skill_phrases_of_real_ads_are_read() {
        let l = labels(
            "Drafter",
            "Mampu berkomunikasi dengan baik, berbahasa Inggris, menguasai AutoCAD dan SketchUp, membuat laporan harian, manajemen waktu.",
        );
        for want in [
            "communication",
            "English",
            "use CAD software",
            "3D modelling",
            "write work-related reports",
            "manage time",
        ] {
            assert!(l.iter().any(|s| s == want), "{want}: {l:?}");
        }
    }

    fn of_ad(title: &str, desc: &str, employer: &str) -> Vec<String> {
        extract_ad(title, None, Some(desc), Some(employer))
            .into_iter()
            .map(|s| s.label)
            .collect()
    }

    /// Real Loker.id ads where the employer's name or kind named the skill.
    #[test]
    fn the_employers_name_and_kind_are_no_skill() {
        let l = of_ad(
            "Admin Online Shop",
            "Dance Station membutuhkan admin online shop yang menguasai Microsoft Excel.",
            "Dance Station",
        );
        assert!(!l.iter().any(|s| s == "perform dances"), "{l:?}");
        assert!(
            l.contains(&"use spreadsheets software".to_string()),
            "{l:?}"
        );
        // Masked whole: the hair stylist at a hair salon keeps the skill the ad asks for.
        let l = of_ad(
            "Hair Stylist",
            "Anton Hair Design mencari hair stylist yang mahir potong rambut.",
            "Anton Hair Design",
        );
        assert!(l.iter().any(|s| s == "hair"), "{l:?}");
        let l = labels(
            "Guru SD",
            "Sekolah Islam Terpadu Fajar Hidayah memberi lowongan untuk guru sd. Mampu mengajar Pendidikan Agama Islam.",
        );
        assert_eq!(l.iter().filter(|s| *s == "Islam").count(), 1, "{l:?}");
        let l = labels(
            "Office Boy",
            "SDI AHASS adalah sekolah dasar Islam di Jakarta.",
        );
        assert!(!l.iter().any(|s| s == "Islam"), "{l:?}");
        let l = labels(
            "Barista",
            "Toko roti japanese style french patisserie membutuhkan barista. You will be responsible for the coffee bar.",
        );
        for wrong in ["Japanese", "French", "assume responsibility"] {
            assert!(!l.iter().any(|s| s == wrong), "{wrong}: {l:?}");
        }
        let l = labels(
            "Desainer Grafis",
            "Lulusan S1 Desain Komunikasi Visual, menguasai CorelDraw.",
        );
        assert!(!l.iter().any(|s| s == "communication"), "{l:?}");
        assert!(l.iter().any(|s| s == "graphics editor software"), "{l:?}");
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

    /// The names file is the project's own writing: a slip (a label ESCO spelt otherwise, a
    /// stray space, a name given twice) would leave a skill in English without a word.
    #[test]
    fn every_indonesian_name_names_a_skill_the_extractor_finds() {
        let known: std::collections::HashSet<&str> =
            dictionary().labels.iter().map(String::as_str).collect();
        let mut labels = std::collections::HashSet::new();
        let mut names = std::collections::HashMap::new();
        let lines: Vec<&str> = NAMES_ID.lines().filter(|l| !l.starts_with('#')).collect();
        assert!(lines.len() >= 400, "{} names", lines.len());
        for line in lines {
            let (label, name) = line.split_once('\t').unwrap_or_else(|| panic!("{line:?}"));
            assert!(known.contains(label), "no skill is labelled {label:?}");
            assert!(labels.insert(label), "{label:?} is named twice");
            assert!(
                !name.is_empty() && name.trim() == name && !name.contains('\t'),
                "{line:?}"
            );
            if let Some(other) = names.insert(name, label) {
                panic!("{other:?} and {label:?} are both named {name:?}");
            }
            assert_eq!(indonesian_name(label), Some(name));
        }
        assert_eq!(indonesian_name("no such skill"), None);
    }

    /// Indonesian pages show skills by these names, so the skills found in real Indonesian
    /// ads must have one. The gold set's 1,000 ads come from the four Indonesian files; a new
    /// extraction rule that finds skills the file does not name fails here.
    #[test]
    fn the_skills_of_real_indonesian_ads_have_indonesian_names() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/gold/indonesian_ads.csv");
        let mut r = csv::Reader::from_path(path).expect("the gold set ships in the repository");
        let h = r.headers().expect("header").clone();
        let col = |name: &str| h.iter().position(|x| x == name).expect(name);
        let (t, d, x, c) = (
            col("title"),
            col("description"),
            col("context"),
            col("company"),
        );
        let (mut mentions, mut unnamed) = (0, Vec::new());
        for rec in r.records() {
            let rec = rec.expect("a well-formed row");
            let nonempty = |i: usize| Some(&rec[i]).filter(|s| !s.is_empty());
            for skill in extract_ad(&rec[t], nonempty(x), nonempty(d), nonempty(c)) {
                mentions += 1;
                if indonesian_name(&skill.label).is_none() {
                    unnamed.push(skill.label);
                }
            }
        }
        assert!(mentions > 2000, "{mentions} skill mentions");
        assert!(
            unnamed.len() * 100 <= mentions,
            "{} of {mentions} mentions have no Indonesian name: {unnamed:?}",
            unnamed.len()
        );
    }
}

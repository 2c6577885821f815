//! The Indonesian↔English job-word lexicon (`data/lexicon.tsv`, written by the project) and
//! the canonical token sequence of a job title built with it.
//!
//! Titles and taxonomy labels go through the same function, so "Tukang Las", "juru las" and the
//! ESCO label "welder" all become `welder`, and noise words of ads ("dibutuhkan", "urgent",
//! "fresh graduate") disappear.

use std::sync::OnceLock;

use crate::keys::{Fnv, KeyMap, key_of};
use crate::normalise::{fold, words};

pub(crate) const LEXICON: &str = include_str!("../data/lexicon.tsv");

/// Longest phrase in the lexicon, in words.
const MAX_PHRASE: usize = 4;

pub struct Lexicon {
    /// Key of the folded phrase → its entry.
    by_key: KeyMap<u32>,
    entries: Vec<Entry>,
}

struct Entry {
    /// The folded phrase.
    from: String,
    /// Replacement words (empty: drop).
    to: Vec<String>,
    /// `to` joined, for the evidence; `None` when it is `from` itself (nothing to report).
    changed: Option<String>,
}

pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut lex = Lexicon {
            by_key: KeyMap::default(),
            entries: Vec::new(),
        };
        for line in LEXICON.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (from, to) = line.split_once('\t').unwrap_or((line, ""));
            let from = fold(from);
            let k = key_of(&from);
            if lex.by_key.contains_key(&k) {
                continue;
            }
            let to: Vec<String> = words(&fold(to)).map(str::to_string).collect();
            let joined = to.join(" ");
            lex.by_key.insert(k, lex.entries.len() as u32);
            lex.entries.push(Entry {
                changed: (joined != from).then_some(joined),
                from,
                to,
            });
        }
        lex
    })
}

/// A replacement the lexicon made, kept as evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconHit {
    pub from: String,
    pub to: String,
}

impl Lexicon {
    /// Rewrites folded words, longest phrase first. Returns the canonical words and the hits
    /// that changed something.
    pub fn apply(&self, folded: &str, hits: Option<&mut Vec<LexiconHit>>) -> Vec<String> {
        let mut out = Vec::new();
        self.each(folded, hits, |w| out.push(w.to_string()));
        out
    }

    /// [`Lexicon::apply`] word by word, borrowing each word from the text or the lexicon: a
    /// description of hundreds of words would otherwise cost an allocation each.
    pub fn each<'a>(
        &'a self,
        folded: &'a str,
        mut hits: Option<&mut Vec<LexiconHit>>,
        mut f: impl FnMut(&'a str),
    ) {
        let ws: Vec<&str> = words(folded).collect();
        let mut i = 0;
        while i < ws.len() {
            match self.longest_at(&ws, i) {
                Some((len, e)) => {
                    if let (Some(h), Some(to)) = (hits.as_deref_mut(), &e.changed) {
                        h.push(LexiconHit {
                            from: e.from.clone(),
                            to: to.clone(),
                        });
                    }
                    e.to.iter().for_each(|w| f(w));
                    i += len;
                }
                None => {
                    f(ws[i]);
                    i += 1;
                }
            }
        }
    }

    /// The longest entry whose phrase starts at word `i`, and its length in words.
    fn longest_at(&self, ws: &[&str], i: usize) -> Option<(usize, &Entry)> {
        let longest = MAX_PHRASE.min(ws.len() - i);
        // Keys of the phrases of 1..=MAX_PHRASE words starting at `i`, built word by word.
        let mut keys = [0u64; MAX_PHRASE];
        let mut h = Fnv::default();
        for (len, w) in ws[i..i + longest].iter().enumerate() {
            h = if len > 0 { h.byte(b' ') } else { h }.str(w);
            keys[len] = h.finish();
        }
        (1..=longest).rev().find_map(|len| {
            let e = &self.entries[*self.by_key.get(&keys[len - 1])? as usize];
            // A key collision must not rewrite a word: the phrase itself must match.
            e.from
                .split(' ')
                .eq(ws[i..i + len].iter().copied())
                .then_some((len, e))
        })
    }

    /// Folded text without the phrases the lexicon drops as noise ("urgent", "dibutuhkan",
    /// "lowongan kerja"), every other word as written.
    pub fn without_noise(&self, folded: &str) -> String {
        let ws: Vec<&str> = words(folded).collect();
        let mut out: Vec<&str> = Vec::with_capacity(ws.len());
        let mut i = 0;
        while i < ws.len() {
            match self.longest_at(&ws, i) {
                Some((len, e)) if e.to.is_empty() => i += len,
                _ => {
                    out.push(ws[i]);
                    i += 1;
                }
            }
        }
        out.join(" ")
    }
}

/// Splits a raw title into the part that names the job and the rest: text in brackets and
/// after a dash, bar or "@" is usually a place, a company or a shift ("Sales (Bekasi)",
/// "Welder - PT Baja Prima").
pub fn split_title(raw: &str) -> (String, String) {
    let mut main = String::with_capacity(raw.len());
    let mut rest = String::new();
    let mut depth = 0usize;
    for c in raw.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ if depth > 0 => rest.push(c),
            _ => main.push(c),
        }
        if depth > 0 && matches!(c, '(' | '[' | '{') {
            rest.push(' ');
        }
    }
    for sep in [" - ", " – ", " — ", " | ", " @ ", " at "] {
        if let Some((head, tail)) = main.split_once(sep)
            && !head.trim().is_empty()
        {
            rest.push(' ');
            rest.push_str(tail);
            main = head.to_string();
        }
    }
    if main.trim().is_empty() {
        return (rest, String::new());
    }
    (main, rest)
}

/// The key a title is reviewed under: its job part ([`split_title`]), folded, without the
/// lexicon's noise phrases, so "Sales (Bekasi)", "URGENT!! SALES" and "Sales - PT ABC" are one
/// title to a reviewer, while "Staf Admin" and "Staff Admin" stay two (a reviewer codes what
/// ads write, not what the lexicon reads).
pub fn title_key(raw: &str) -> String {
    lexicon().without_noise(&fold(&split_title(raw).0))
}

/// The canonical words of a job title: the job part, folded, rewritten by the lexicon, with
/// numbers and one-letter words dropped.
pub fn title_words(raw: &str, hits: Option<&mut Vec<LexiconHit>>) -> Vec<String> {
    let (main, _) = split_title(raw);
    canonical_words(&main, hits)
}

/// Canonical words of any text (a label, a description).
pub fn canonical_words(text: &str, hits: Option<&mut Vec<LexiconHit>>) -> Vec<String> {
    canonical_folded(&fold(text), hits)
}

/// [`canonical_words`] of text already folded.
pub fn canonical_folded(folded: &str, hits: Option<&mut Vec<LexiconHit>>) -> Vec<String> {
    let mut ws = Vec::new();
    canonical_each(folded, hits, |w| ws.push(w.to_string()));
    ws
}

/// [`canonical_folded`], borrowed from the text and the lexicon.
pub fn canonical_strs<'a>(folded: &'a str, hits: Option<&mut Vec<LexiconHit>>) -> Vec<&'a str> {
    let mut ws = Vec::new();
    canonical_each(folded, hits, |w| ws.push(w));
    ws
}

/// Calls `f` with each of [`canonical_folded`]'s words in turn, allocating none.
pub fn canonical_each<'a>(
    folded: &'a str,
    hits: Option<&mut Vec<LexiconHit>>,
    mut f: impl FnMut(&'a str),
) {
    lexicon().each(folded, hits, |w| {
        // One-letter words, numbers and roman numerals say nothing of the job.
        if w.chars().nth(1).is_some() && !w.chars().all(|c| c.is_ascii_digit()) && !is_roman(w) {
            f(crate::stem::stem(w));
        }
    });
}

fn is_roman(w: &str) -> bool {
    matches!(w, "ii" | "iii" | "iv" | "vi" | "vii" | "viii" | "ix")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, want: &str) {
        assert_eq!(title_words(raw, None).join(" "), want, "{raw}");
    }

    #[test]
    fn review_keys_drop_places_companies_and_case_but_not_spelling() {
        // Real Loker.id/MagangHub titles.
        assert_eq!(title_key("Sales (Bekasi)"), "sales");
        assert_eq!(title_key("SALES"), "sales");
        assert_eq!(title_key("Welder - PT Baja Prima"), "welder");
        assert_eq!(title_key("  Staf  Operasional, "), "staf operasional");
        assert_ne!(title_key("Staf Admin"), title_key("Staff Admin"));
        assert_eq!(title_key("(Jakarta)"), "jakarta");
        assert_eq!(title_key("URGENT!! Tukang Las (Cikarang)"), "tukang las");
        assert_eq!(title_key("Lowongan Kerja Dibutuhkan Kasir"), "kasir");
        assert_eq!(title_key("Lowongan"), "");
    }

    #[test]
    fn indonesian_and_english_titles_meet() {
        check("Tukang Las", "welder");
        check("Juru Las SMAW", "welder smaw");
        check("URGENT!! Dibutuhkan Staff Admin", "staff administrative");
        check("Sales (Bekasi)", "sales");
        check("Welder - PT Baja Prima", "welder");
        check("Lowongan Kerja Sopir Pribadi", "driver pribadi");
        check("SPV Produksi", "supervisor production");
        check("Fresh Graduate Admin Gudang", "administrative warehouse");
        check("Operator Produksi II", "production operator");
        check("Juru Masak", "cook");
        check("Penjahit", "tailor");
        check("Kasir Toko", "cashier shop");
        check("Perawat", "nurse");
        check("Guru SD", "teacher sd");
    }

    #[test]
    fn the_lexicon_reports_what_it_replaced() {
        let mut hits = Vec::new();
        title_words("Tukang Las", Some(&mut hits));
        assert_eq!(
            hits,
            vec![LexiconHit {
                from: "tukang las".into(),
                to: "welder".into()
            }]
        );
    }
}

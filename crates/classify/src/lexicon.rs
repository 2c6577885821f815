//! The Indonesian↔English job-word lexicon (`data/lexicon.tsv`, written by the project) and
//! the canonical token sequence of a job title built with it.
//!
//! Titles and taxonomy labels go through the same function, so "Tukang Las", "juru las" and the
//! ESCO label "welder" all become `welder`, and noise words of ads ("dibutuhkan", "urgent",
//! "fresh graduate") disappear.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::normalise::{fold, words};

const LEXICON: &str = include_str!("../data/lexicon.tsv");

/// Longest phrase in the lexicon, in words.
const MAX_PHRASE: usize = 4;

pub struct Lexicon {
    /// Folded phrase → replacement words (empty: drop).
    map: HashMap<String, Vec<String>>,
}

pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut map = HashMap::new();
        for line in LEXICON.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (from, to) = line.split_once('\t').unwrap_or((line, ""));
            let to: Vec<String> = words(&fold(to)).map(str::to_string).collect();
            map.entry(fold(from)).or_insert(to);
        }
        Lexicon { map }
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
        let ws: Vec<&str> = words(folded).collect();
        let mut out = Vec::with_capacity(ws.len());
        let mut hits = hits;
        let mut i = 0;
        let mut key = String::new();
        while i < ws.len() {
            let mut matched = false;
            for len in (1..=MAX_PHRASE.min(ws.len() - i)).rev() {
                key.clear();
                for (k, w) in ws[i..i + len].iter().enumerate() {
                    if k > 0 {
                        key.push(' ');
                    }
                    key.push_str(w);
                }
                if let Some(to) = self.map.get(key.as_str()) {
                    if let Some(h) = hits.as_deref_mut()
                        && to.join(" ") != key
                    {
                        h.push(LexiconHit {
                            from: key.clone(),
                            to: to.join(" "),
                        });
                    }
                    out.extend(to.iter().cloned());
                    i += len;
                    matched = true;
                    break;
                }
            }
            if !matched {
                out.push(ws[i].to_string());
                i += 1;
            }
        }
        out
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

/// The canonical words of a job title: the job part, folded, rewritten by the lexicon, with
/// numbers and one-letter words dropped.
pub fn title_words(raw: &str, hits: Option<&mut Vec<LexiconHit>>) -> Vec<String> {
    let (main, _) = split_title(raw);
    canonical_words(&main, hits)
}

/// Canonical words of any text (a label, a description).
pub fn canonical_words(text: &str, hits: Option<&mut Vec<LexiconHit>>) -> Vec<String> {
    let mut ws = lexicon().apply(&fold(text), hits);
    ws.retain(|w| w.chars().count() > 1 && !w.chars().all(|c| c.is_ascii_digit()) && !is_roman(w));
    for w in ws.iter_mut() {
        *w = crate::stem::stem(w);
    }
    ws
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

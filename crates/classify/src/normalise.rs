//! Text normalisation shared by every coder: case, accents, punctuation and whitespace.

/// Lower-cases, strips accents (NFKD, combining marks dropped), turns every character that is
/// not a letter or digit into a space, and collapses runs of spaces.
/// `"KAB. SEMARANG"` → `"kab semarang"`, `"Café–Barista"` → `"cafe barista"`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(&mut out, text);
    out
}

/// [`fold`], appended to `out` (with no space of its own at either end): folding a text part
/// by part into one buffer spares an allocation per part.
pub fn fold_into(out: &mut String, text: &str) {
    let start = out.len();
    // Starting "after a space" drops leading separators.
    let mut space = true;
    if text.is_ascii() {
        // Most ads are plain ASCII: byte by byte, no Unicode tables. Every ad's description
        // is folded two or three times on its way through the coder and the skills extractor.
        for &b in text.as_bytes() {
            if b.is_ascii_alphanumeric() {
                out.push(b.to_ascii_lowercase() as char);
                space = false;
            } else if !space {
                out.push(' ');
                space = true;
            }
        }
    } else {
        // Decomposing character by character equals decomposing the text (NFKD's reordering
        // only moves combining marks, which are dropped), and leaves the ASCII characters of
        // a mostly-ASCII text (a description with "•" bullets) on the fast path.
        let mut push = |c: char| {
            if c.is_alphanumeric() {
                if c.is_ascii() {
                    out.push(c.to_ascii_lowercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                space = false;
            } else if !space {
                out.push(' ');
                space = true;
            }
        };
        for c in text.chars() {
            if c.is_ascii() {
                push(c);
            } else {
                unicode_normalization::char::decompose_compatible(c, |d| {
                    if !unicode_normalization::char::is_combining_mark(d) {
                        push(d)
                    }
                });
            }
        }
    }
    if out.len() > start && out.ends_with(' ') {
        out.pop();
    }
}

/// The words of folded text.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(' ').filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(fold("KAB. SEMARANG"), "kab semarang");
        assert_eq!(fold("  Café–Barista!! "), "cafe barista");
        assert_eq!(
            fold("Kota Adm. Jakarta Selatan"),
            "kota adm jakarta selatan"
        );
        assert_eq!(fold(""), "");
    }

    /// The text-wide NFKD fold the character-wise one must equal.
    fn fold_reference(text: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let mut out = String::new();
        let mut space = true;
        for c in text
            .nfkd()
            .filter(|&c| !unicode_normalization::char::is_combining_mark(c))
        {
            if c.is_alphanumeric() {
                out.extend(c.to_lowercase());
                space = false;
            } else if !space {
                out.push(' ');
                space = true;
            }
        }
        if out.ends_with(' ') {
            out.pop();
        }
        out
    }

    #[test]
    fn character_wise_decomposition_folds_as_the_whole_text_does() {
        for t in [
            "Café–Barista",
            "• Menguasai Ms. Excel • Pendidikan min. D3",
            "Ｓｔａｆｆ　Ａｄｍｉｎ",
            "ﬁnance ofﬁcer",
            "Señor Ñandú Übersetzer",
            "e\u{301}\u{323}\u{302}x",
            "관리자 직원",
            "Ⅻ ½ ²",
            "",
            "•",
        ] {
            assert_eq!(fold(t), fold_reference(t), "{t:?}");
        }
        let mut buf = String::from("kept ");
        fold_into(&mut buf, " • Juru Masak! ");
        assert_eq!(buf, "kept juru masak");
    }

    #[test]
    fn the_ascii_path_folds_as_the_unicode_path_does() {
        // A trailing "é" forces the Unicode path; its result minus the "e" is the ASCII one.
        for t in [
            "Staff Admin (Bekasi) - PT ABC",
            "  SPV. Produksi!!  ",
            "Sales/Marketing_Executive 2025",
            "a\tb\nc",
            "",
        ] {
            let unicode = fold(&format!("{t} é"));
            let want = unicode.strip_suffix('e').unwrap_or(&unicode).trim_end();
            assert_eq!(fold(t), want, "{t:?}");
        }
    }
}

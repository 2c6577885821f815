//! Text normalisation shared by every coder: case, accents, punctuation and whitespace.

use unicode_normalization::UnicodeNormalization;

/// Lower-cases, strips accents (NFKD, combining marks dropped), turns every character that is
/// not a letter or digit into a space, and collapses runs of spaces.
/// `"KAB. SEMARANG"` → `"kab semarang"`, `"Café–Barista"` → `"cafe barista"`.
pub fn fold(text: &str) -> String {
    // Most ads are plain ASCII, for which decomposition is the identity: a byte loop gives
    // the same result without the Unicode tables.
    if text.is_ascii() {
        return fold_ascii(text.as_bytes());
    }
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(l);
            }
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

fn fold_ascii(text: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for &b in text {
        if b.is_ascii_alphanumeric() {
            out.push(b.to_ascii_lowercase() as char);
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

//! Text normalisation shared by every coder: case, accents, punctuation and whitespace.

use unicode_normalization::UnicodeNormalization;

/// Lower-cases, strips accents (NFKD, combining marks dropped), turns every character that is
/// not a letter or digit into a space, and collapses runs of spaces.
/// `"KAB. SEMARANG"` → `"kab semarang"`, `"Café–Barista"` → `"cafe barista"`.
pub fn fold(text: &str) -> String {
    // Most ads are plain ASCII, for which decomposition is the identity: skipping it skips
    // the Unicode tables.
    if text.is_ascii() {
        return fold_chars(text.chars(), text.len());
    }
    fold_chars(
        text.nfkd()
            .filter(|&c| !unicode_normalization::char::is_combining_mark(c)),
        text.len(),
    )
}

fn fold_chars(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut space = true;
    for c in chars {
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

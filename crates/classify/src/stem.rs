//! A light Indonesian stemmer for job words.
//!
//! It only strips particles and possessives (-nya, -lah, -kah, -ku, -mu) and the common
//! noun-forming affixes pe(N)-…-an / ke-…-an / -an when what remains is still a plausible
//! word; it never touches words the taxonomy knows in English. Dictionary-free stemmers
//! over-stem, so this one stays deliberately timid: the lexicon does the heavy lifting.

/// English endings that look like Indonesian suffixes ("technician", "mechanic").
fn looks_english(w: &str) -> bool {
    const ENDINGS: [&str; 12] = [
        "ian", "ean", "man", "ion", "tan", "gan", "can", "lan", "nan", "ran", "ban", "van",
    ];
    w.is_ascii()
        && ENDINGS.iter().any(|e| w.ends_with(e))
        && !w.starts_with("pe")
        && !w.starts_with("ke")
}

/// The stem of `w`, always a part of it (so no allocation is needed).
pub fn stem(w: &str) -> &str {
    if w.len() <= 5 || !w.is_ascii() {
        return w;
    }
    let mut s = w;
    for p in ["nya", "lah", "kah"] {
        if let Some(r) = s.strip_suffix(p)
            && r.len() >= 4
        {
            s = r;
            break;
        }
    }
    // pe(N)…an and ke…an nominalisations: "pengelasan" is handled by the lexicon, but the
    // long tail ("pengiriman", "keamanan") still benefits from a shared root.
    if !looks_english(s) {
        for (pre, suf) in [
            ("peng", "an"),
            ("pem", "an"),
            ("pen", "an"),
            ("per", "an"),
            ("ke", "an"),
        ] {
            if let Some(r) = s.strip_prefix(pre).and_then(|r| r.strip_suffix(suf))
                && r.len() >= 4
            {
                return r;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn strips_only_what_is_safe() {
        assert_eq!(stem("pengiriman"), "irim");
        assert_eq!(stem("keamanan"), "aman");
        assert_eq!(stem("technician"), "technician");
        assert_eq!(stem("mechanic"), "mechanic");
        assert_eq!(stem("barangnya"), "barang");
        assert_eq!(stem("las"), "las");
        assert_eq!(stem("pemasaran"), "asar");
    }
}

//! What the shipped models were learned from. `listraf train-coder` writes three digests into
//! every model file it builds: `#inputs`, of what it learns from inside the repository (the
//! taxonomy labels and list titles as the coder reads them, the lexicon, and the Indonesian
//! labelled titles with their descriptions and contexts), `#foreign_titles`, of the foreign
//! labelled file it was given and the columns it read, and `#ads`, of the source ad files whose
//! other ads of the labelled titles the ad models learn from. Tests compare them with what the
//! repository and `../shared` hold today, so that an edit to the title list, the lexicon or
//! the gold files cannot land without the retrain that makes the models follow it: the title
//! list once changed without one, and the documented command no longer rebuilt the models.
//!
//! A change of code that moves what training computes is not caught here; the digests cover
//! data, which is where the drift happened.

use crate::coder::{all_labels, indonesian_titles};
use crate::lexicon::LEXICON;

/// The header key of the repository inputs' digest.
pub const INPUTS: &str = "#inputs";
/// The header key of the foreign labelled titles' digest.
pub const FOREIGN_TITLES: &str = "#foreign_titles";
/// The header key of the source ad files' digest (`train-coder --ads-dir`).
pub const ADS: &str = "#ads";

/// 64-bit FNV-1a over fields, each ended by a unit separator: stable across platforms and
/// releases, which the standard library's hasher is not promised to be.
struct Digest(u64);

impl Digest {
    fn new() -> Digest {
        Digest(0xcbf2_9ce4_8422_2325)
    }

    fn field(&mut self, s: &str) {
        for &b in s.as_bytes().iter().chain(&[0x1f]) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// Bytes, not text: a file is digested as it is, whatever its encoding.
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The digest of what training learns from inside the repository, as the coder reads it.
pub fn inputs_digest() -> String {
    let mut d = Digest::new();
    for l in all_labels() {
        d.field(&l.text);
        d.field(&l.unit.to_string());
        d.field(l.source.name());
    }
    d.field(LEXICON);
    for t in indonesian_titles() {
        d.field(&t.title);
        d.field(&t.unit.to_string());
        d.field(&t.count.to_string());
        d.field(t.description.as_deref().unwrap_or(""));
        d.field(t.context.as_deref().unwrap_or(""));
    }
    d.hex()
}

/// The digest of a foreign labelled file as `train-coder` read it: its bytes and the two
/// columns named.
pub fn foreign_titles_digest(file: &[u8], title_col: &str, code_col: &str) -> String {
    let mut d = Digest::new();
    d.field(title_col);
    d.field(code_col);
    d.bytes(file);
    d.hex()
}

/// The digest of the source ad files `train-coder` read the labelled titles' other ads from:
/// each file's name and bytes, in the order given (file-name order).
pub fn ads_digest(files: &[(String, Vec<u8>)]) -> String {
    let mut d = Digest::new();
    for (name, bytes) in files {
        d.field(name);
        d.bytes(bytes);
    }
    d.hex()
}

/// [`ads_digest`] of files on disk, each under its file name: what `train-coder` stamps and
/// what the test of the stamp recomputes.
pub fn ads_digest_of(paths: &[std::path::PathBuf]) -> std::io::Result<String> {
    let files = paths
        .iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            std::fs::read(p)
                .map(|bytes| (name, bytes))
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    Ok(ads_digest(&files))
}

/// The source ad files of a folder `train-coder --ads-dir` reads: its CSV and XLSX files, in
/// file-name order (the order [`ads_digest`] takes them in).
pub fn source_ad_files(dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| x.eq_ignore_ascii_case("csv") || x.eq_ignore_ascii_case("xlsx"))
        })
        .collect();
    paths.sort();
    Ok(paths)
}

/// A model file's text with `stamps` as header lines after its first (comment) line; every
/// model reader skips or ignores header lines it does not know.
pub fn stamped(model: &str, stamps: &[(&str, &str)]) -> String {
    let (first, rest) = model.split_once('\n').unwrap_or((model, ""));
    let mut out = String::with_capacity(model.len() + 64);
    out.push_str(first);
    out.push('\n');
    for (key, value) in stamps {
        out.push_str(key);
        out.push('\t');
        out.push_str(value);
        out.push('\n');
    }
    out.push_str(rest);
    out
}

/// The value of a header stamp of a model file, if it has one.
pub fn stamp<'a>(model: &'a str, key: &str) -> Option<&'a str> {
    model
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix(key)?.strip_prefix('\t'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coder::{Calibration, Learned};
    use crate::linear::LinearModel;

    /// The shipped model files, by name.
    const MODELS: [(&str, &str); 8] = [
        ("learned.tsv", include_str!("../data/learned.tsv")),
        ("learned_id.tsv", include_str!("../data/learned_id.tsv")),
        ("linear.tsv", include_str!("../data/linear.tsv")),
        ("linear_id.tsv", include_str!("../data/linear_id.tsv")),
        (
            "description_id.tsv",
            include_str!("../data/description_id.tsv"),
        ),
        ("whole_ad_id.tsv", include_str!("../data/whole_ad_id.tsv")),
        ("calibration.tsv", include_str!("../data/calibration.tsv")),
        (
            "calibration_id.tsv",
            include_str!("../data/calibration_id.tsv"),
        ),
    ];

    #[test]
    fn the_shipped_models_were_learned_from_the_inputs_in_the_repository() {
        let now = inputs_digest();
        for (name, text) in MODELS {
            assert_eq!(
                stamp(text, INPUTS),
                Some(now.as_str()),
                "{name} was built from other inputs than the repository holds: run `listraf \
                 train-coder` (README) after editing the title list, the lexicon, the labels \
                 or the gold files"
            );
            assert!(stamp(text, FOREIGN_TITLES).is_some(), "{name}");
        }
    }

    #[test]
    fn the_inputs_digest_moves_with_any_input() {
        let mut d = Digest::new();
        d.field("staf admin");
        d.field("4110");
        let mut e = Digest::new();
        e.field("staf admi");
        e.field("n4110");
        // Field ends count: moving a character between fields changes the digest.
        assert_ne!(d.hex(), e.hex());
        assert_eq!(d.hex().len(), 16);
        assert_ne!(
            foreign_titles_digest(b"a,b\n", "a", "b"),
            foreign_titles_digest(b"a,b\n", "b", "a")
        );
        assert_ne!(
            foreign_titles_digest(b"a,b\n", "a", "b"),
            foreign_titles_digest(b"a,c\n", "a", "b")
        );
        let ads = |name: &str, bytes: &[u8]| ads_digest(&[(name.to_string(), bytes.to_vec())]);
        assert_ne!(ads("a.csv", b"title\nx\n"), ads("b.csv", b"title\nx\n"));
        assert_ne!(ads("a.csv", b"title\nx\n"), ads("a.csv", b"title\ny\n"));
        assert_ne!(ads("a.csv", b"title\nx\n"), ads_digest(&[]));
    }

    #[test]
    fn stamps_are_read_back_and_every_model_reader_ignores_them() {
        let stamps = [
            (INPUTS, "0123456789abcdef"),
            (FOREIGN_TITLES, "fedcba9876543210"),
        ];
        let linear = include_str!("../data/linear_id.tsv");
        let (first, _) = linear.split_once('\n').unwrap();
        let bare: String = linear
            .lines()
            .filter(|l| !l.starts_with(INPUTS) && !l.starts_with(FOREIGN_TITLES))
            .map(|l| format!("{l}\n"))
            .collect();
        let again = stamped(&bare, &stamps);
        assert!(again.starts_with(&format!("{first}\n{INPUTS}\t0123456789abcdef\n")));
        assert_eq!(stamp(&again, INPUTS), Some("0123456789abcdef"));
        assert_eq!(stamp(&again, FOREIGN_TITLES), Some("fedcba9876543210"));
        assert_eq!(stamp(&bare, INPUTS), None);
        // The readers see the same model with or without the stamps.
        let (a, b) = (LinearModel::from_tsv(&bare), LinearModel::from_tsv(&again));
        assert_eq!(a.to_tsv(), b.to_tsv());
        assert!(a.n_weights() > 0);
        let learned = include_str!("../data/learned_id.tsv");
        let l = Learned::from_tsv(&stamped(learned, &stamps));
        assert_eq!(l.to_tsv(), Learned::from_tsv(learned).to_tsv());
        let cal = include_str!("../data/calibration_id.tsv");
        let c = Calibration::from_tsv(&stamped(cal, &stamps));
        assert_eq!(c.to_tsv(), Calibration::from_tsv(cal).to_tsv());
        assert!(!c.bins.is_empty());
    }
}

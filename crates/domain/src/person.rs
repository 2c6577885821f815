//! Attributes of people: education level, sex, and whether two spellings of a name are one
//! person's.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::ParseError;

/// Highest completed education, in the levels Indonesian registers use.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Education {
    /// Never at school, or primary school not finished (BPS: "tidak/belum pernah sekolah",
    /// "tidak/belum tamat SD"): job seekers and trainees with it must be registrable.
    BelowSd,
    Sd,
    Smp,
    Sma,
    Smk,
    D1,
    D2,
    D3,
    D4,
    S1,
    S2,
    S3,
}

impl Education {
    pub const ALL: [Education; 12] = [
        Education::BelowSd,
        Education::Sd,
        Education::Smp,
        Education::Sma,
        Education::Smk,
        Education::D1,
        Education::D2,
        Education::D3,
        Education::D4,
        Education::S1,
        Education::S2,
        Education::S3,
    ];

    /// Accepts the codes and the common older or long names (SLTA, STM, MA, Diploma III, Sarjana…).
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let key: String = input
            .trim()
            .to_uppercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        // "SLTA/Sederajat", "SMP sederajat": the level with its equivalents (Paket, MA, …).
        let key = key
            .strip_suffix("SEDERAJAT")
            .filter(|k| !k.is_empty())
            .unwrap_or(&key);
        use Education::*;
        let e = match key {
            "TS" | "TIDAKSEKOLAH" | "BELUMSEKOLAH" | "TIDAKBELUMSEKOLAH" | "TIDAKPERNAHSEKOLAH"
            | "TIDAKBELUMPERNAHSEKOLAH" | "TIDAKTAMATSD" | "BELUMTAMATSD" | "TIDAKBELUMTAMATSD"
            | "NOSCHOOLING" | "NONE" => BelowSd,
            "SD" | "MI" | "SDMI" | "TAMATSD" | "SEKOLAHDASAR" | "PRIMARY" | "PAKETA" => Sd,
            "SMP"
            | "SLTP"
            | "MTS"
            | "SEKOLAHMENENGAHPERTAMA"
            | "JUNIORHIGH"
            | "JUNIORHIGHSCHOOL"
            | "SMPMTS"
            | "SMPSLTP"
            | "PAKETB" => Smp,
            "SMA"
            | "SLTA"
            | "SMU"
            | "MA"
            | "SEKOLAHMENENGAHATAS"
            | "SENIORHIGH"
            | "SENIORHIGHSCHOOL"
            | "HIGHSCHOOL"
            | "PAKETC"
            // General and vocational together: the general level.
            | "SMASMK"
            | "SMAMA"
            | "SMASLTA"
            | "SLTASMK" => Sma,
            "SMK" | "STM" | "SMEA" | "MAK" | "SEKOLAHMENENGAHKEJURUAN" | "VOCATIONALHIGHSCHOOL" => {
                Smk
            }
            "D1" | "DI" | "DIPLOMA1" | "DIPLOMAI" => D1,
            "D2" | "DII" | "DIPLOMA2" | "DIPLOMAII" => D2,
            "D3" | "DIII" | "DIPLOMA3" | "DIPLOMAIII" | "DIPLOMA" | "AHLIMADYA" => D3,
            "D4" | "DIV" | "DIPLOMA4" | "DIPLOMAIV" | "SARJANATERAPAN" => D4,
            "S1" | "SARJANA" | "BACHELOR" | "BACHELORS" => S1,
            "S2" | "MAGISTER" | "MASTER" | "MASTERS" => S2,
            "S3" | "DOKTOR" | "DOCTORATE" | "PHD" => S3,
            // "SMK Teknik Mesin", "SMK Negeri 2": a vocational school named with its field.
            k if k.starts_with("SMK") || k.starts_with("STM") => Smk,
            _ => {
                return Err(ParseError::Education {
                    input: input.trim().to_string(),
                });
            }
        };
        Ok(e)
    }

    pub fn code(self) -> &'static str {
        use Education::*;
        match self {
            BelowSd => "TS",
            Sd => "SD",
            Smp => "SMP",
            Sma => "SMA",
            Smk => "SMK",
            D1 => "D1",
            D2 => "D2",
            D3 => "D3",
            D4 => "D4",
            S1 => "S1",
            S2 => "S2",
            S3 => "S3",
        }
    }

    pub fn label_id(self) -> &'static str {
        use Education::*;
        match self {
            BelowSd => "Tidak/belum tamat SD",
            Sd => "Sekolah Dasar",
            Smp => "Sekolah Menengah Pertama",
            Sma => "Sekolah Menengah Atas",
            Smk => "Sekolah Menengah Kejuruan",
            D1 => "Diploma I",
            D2 => "Diploma II",
            D3 => "Diploma III",
            D4 => "Diploma IV / Sarjana Terapan",
            S1 => "Sarjana (S1)",
            S2 => "Magister (S2)",
            S3 => "Doktor (S3)",
        }
    }

    /// Years of schooling a level normally takes; SMA and SMK are the same level.
    pub fn years(self) -> u8 {
        use Education::*;
        match self {
            BelowSd => 0,
            Sd => 6,
            Smp => 9,
            Sma | Smk => 12,
            D1 => 13,
            D2 => 14,
            D3 => 15,
            D4 | S1 => 16,
            S2 => 18,
            S3 => 21,
        }
    }
}

impl fmt::Display for Education {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl TryFrom<String> for Education {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Education> for String {
    fn from(e: Education) -> String {
        e.code().to_string()
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        match input.trim().to_lowercase().replace([' ', '-'], "").as_str() {
            "l" | "lk" | "lakilaki" | "pria" | "m" | "male" | "1" => Ok(Sex::Male),
            "p" | "pr" | "perempuan" | "wanita" | "f" | "female" | "2" => Ok(Sex::Female),
            _ => Err(ParseError::Sex {
                input: input.trim().to_string(),
            }),
        }
    }

    /// The code Indonesian registers use: L or P.
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "L",
            Sex::Female => "P",
        }
    }

    pub fn label_id(self) -> &'static str {
        match self {
            Sex::Male => "Laki-laki",
            Sex::Female => "Perempuan",
        }
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl TryFrom<String> for Sex {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Sex> for String {
    fn from(s: Sex) -> String {
        s.code().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn education_accepts_codes_and_long_names() {
        assert_eq!(Education::parse("smk").unwrap(), Education::Smk);
        assert_eq!(Education::parse("SLTA").unwrap(), Education::Sma);
        assert_eq!(Education::parse("D-III").unwrap(), Education::D3);
        assert_eq!(Education::parse("Diploma IV").unwrap(), Education::D4);
        assert_eq!(Education::parse("Sarjana").unwrap(), Education::S1);
        for e in Education::ALL {
            assert_eq!(Education::parse(e.code()).unwrap(), e);
        }
        assert!(matches!(
            Education::parse("TK"),
            Err(ParseError::Education { .. })
        ));
        assert!(Education::Sma < Education::S1);
    }

    #[test]
    fn education_reads_what_registration_forms_write() {
        for (written, level) in [
            ("SMA/SMK", Education::Sma),
            ("SLTA/Sederajat", Education::Sma),
            ("SMP sederajat", Education::Smp),
            ("Paket C", Education::Sma),
            ("Paket A", Education::Sd),
            ("SMK Teknik Mesin", Education::Smk),
            ("Tidak Tamat SD", Education::BelowSd),
            ("Tidak/Belum Pernah Sekolah", Education::BelowSd),
            ("Tidak Sekolah", Education::BelowSd),
            ("SMP/MTs", Education::Smp),
            ("Tamat SD", Education::Sd),
            ("SD/MI", Education::Sd),
            ("SMA/MA", Education::Sma),
        ] {
            assert_eq!(Education::parse(written).unwrap(), level, "{written}");
        }
        assert!(Education::BelowSd < Education::Sd);
        assert!(Education::parse("Sederajat").is_err());
    }

    #[test]
    fn sex_accepts_indonesian_and_english() {
        assert_eq!(Sex::parse("L").unwrap(), Sex::Male);
        assert_eq!(Sex::parse("Laki-laki").unwrap(), Sex::Male);
        assert_eq!(Sex::parse("perempuan").unwrap(), Sex::Female);
        assert_eq!(Sex::parse("F").unwrap(), Sex::Female);
        assert!(Sex::parse("x").is_err());
    }
}

/// How a name in a new row stands to the name registered under the same NIK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameMatch {
    /// The same name, written otherwise or in full: the row's spelling may replace the stored
    /// one.
    Same,
    /// Part of the stored name ("Siti" for "Siti Aminah"): the same person, but the row's
    /// shorter name must not replace the registered one, or a next row could move the NIK to
    /// "Siti Rahma" a step at a time.
    Part,
    /// Another person's name.
    Other,
}

/// Whether a new row's name (`incoming`) is the registered person's (`stored`): the same name
/// written otherwise — case, punctuation, academic titles and honorifics, an initial or a
/// common short form for a word ("M.", "Moh.", "Abd."), old spelling ("Soeharto"), words run
/// together ("Nurhayati"), a word added or left out, or a slip within a long word (two
/// letters swapped, a doubled letter, one vowel for another) — and not another person's.
///
/// One NIK with two names is most often a mistyped NIK (or one of the NIK ganda, numbers issued
/// twice), and a mistyped serial keeps the same sex and birth date, so the name is the last
/// check before one person's training, job and telephone number go to another. A slip that
/// changes a consonant ("Suharto", "Suharno") is read as another name: the row is refused with
/// a reason, which is safer than merging two people.
pub fn compare_person_names(stored: &str, incoming: &str) -> NameMatch {
    let (a, b) = (name_words(stored), name_words(incoming));
    let same = a.is_empty() || b.is_empty() || a.concat() == b.concat() || covers(&a, &b);
    if !same && !covers(&b, &a) {
        return NameMatch::Other;
    }
    // Fewer words, or an initial or short form where the registered name has the word in
    // full ("M. Rizki" for "Muhammad Rizki"): the person's, but not the fuller name's
    // replacement.
    if b.len() < a.len() || abbreviations(incoming) > abbreviations(stored) {
        NameMatch::Part
    } else {
        NameMatch::Same
    }
}

/// How many of a name's words are written as an initial or a short form ("M.", "Moh.", "Abd.").
fn abbreviations(name: &str) -> usize {
    let given = name.split(',').next().unwrap_or("");
    given
        .split(|c: char| c.is_whitespace() || c == '.')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .filter(|w| w.chars().count() == 1 || written_out(w) != w.as_str())
        .count()
}

/// Every word of `short` stands for its own word of `long` (or two of its words run
/// together): a full word by `close_words`, an initial by the first letter.
fn covers(short: &[String], long: &[String]) -> bool {
    if short.len() > long.len() || short.iter().all(|w| w.chars().count() == 1) {
        return false;
    }
    let mut used = vec![false; long.len()];
    // Full words first, so an initial does not take the word a full word needs.
    let mut order: Vec<&String> = short.iter().collect();
    order.sort_by_key(|w| w.chars().count() == 1);
    order.into_iter().all(|w| {
        let initial = w.chars().count() == 1;
        let found = (0..long.len()).find(|&i| {
            !used[i]
                && if initial {
                    long[i].starts_with(w.as_str())
                } else {
                    close_words(w, &long[i])
                }
        });
        if let Some(i) = found {
            used[i] = true;
            return true;
        }
        // "Nurhaliza" for "Nur Haliza".
        !initial
            && (0..long.len().saturating_sub(1)).any(|i| {
                let pair = !used[i] && !used[i + 1] && *w == format!("{}{}", long[i], long[i + 1]);
                if pair {
                    used[i] = true;
                    used[i + 1] = true;
                }
                pair
            })
    })
}

/// One word, or a slip within a long one: two neighbouring letters swapped, a letter doubled
/// or not, or (in words of five letters or more) one vowel for another ("Santoso",
/// "Santosa"). Never another first letter, never another consonant.
fn close_words(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if x.len() < 4 || y.len() < 4 || x[0] != y[0] {
        return false;
    }
    let vowel = |c: char| "aeiou".contains(c);
    if x.len() == y.len() {
        let diff: Vec<usize> = (0..x.len()).filter(|&i| x[i] != y[i]).collect();
        return match diff[..] {
            [i] => x.len() >= 5 && vowel(x[i]) && vowel(y[i]),
            [i, j] => j == i + 1 && x[i] == y[j] && x[j] == y[i],
            _ => false,
        };
    }
    // A doubled letter: the longer word less one letter that repeats its neighbour.
    let (long, short) = if x.len() > y.len() {
        (&x, &y)
    } else {
        (&y, &x)
    };
    long.len() == short.len() + 1
        && (1..long.len()).any(|i| {
            long[i] == long[i - 1] && long[..i] == short[..i] && long[i + 1..] == short[i..]
        })
}

/// A name's words, folded, without the titles and honorifics written around Indonesian names,
/// with common short forms written out and old spelling made new.
fn name_words(name: &str) -> Vec<String> {
    // Written with or without points and spaces: "S.Kom", "S. Kom", "Amd", "A.Md.Kep".
    const TITLES: [&str; 24] = [
        "skom", "st", "spd", "se", "sh", "ssos", "sip", "skep", "ssi", "sked", "sos", "amd",
        "amdkep", "amdkeb", "mm", "mt", "mpd", "msi", "dr", "drs", "dra", "ir", "hj", "h",
    ];
    let mut words = Vec::new();
    // A name's part after a comma is its titles: "Budi Santoso, S.Kom., M.M.".
    let given = name.split(',').next().unwrap_or("");
    for token in given.split_whitespace() {
        let folded: String = token
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '.')
            .flat_map(char::to_lowercase)
            .map(without_accent)
            .collect();
        let bare: String = folded.chars().filter(|c| *c != '.').collect();
        if bare.is_empty() {
            continue;
        }
        // A title beside the name: "Dr. Siti", "Hj. Aminah", "Joko S.T.".
        if TITLES.contains(&bare.as_str()) && (folded.contains('.') || bare.len() >= 2) {
            continue;
        }
        // "M.Rizki" is two words, "M" and "Rizki".
        words.extend(
            folded
                .split('.')
                .filter(|w| !w.is_empty())
                .map(|w| modern_spelling(written_out(w))),
        );
    }
    words
}

/// A letter without its accent ("Pürba", "Ÿohanes"), as names are registered in ASCII.
fn without_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
    }
}

/// Common short forms of name words, written out.
fn written_out(word: &str) -> &str {
    match word {
        "moh" | "muh" | "moch" | "much" | "mhd" | "mochammad" | "mochamad" | "muchammad"
        | "muhamad" | "mohammad" | "mohamad" | "mohamed" | "muhammed" => "muhammad",
        "abd" => "abdul",
        "gst" => "gusti",
        "nym" => "nyoman",
        "kt" => "ketut",
        other => other,
    }
}

/// Old (van Ophuijsen and Soewandi) spelling and its variants folded to one form, on both
/// sides of a comparison: "Soeharto" and "Suharto", "Djoko" and "Joko", "Tjahjo" and "Cahyo",
/// "Jusuf" and "Yusuf", "Njoman" and "Nyoman", "Chairul", "Khairul" and "Hairul", "Achmad" and
/// "Ahmad", "Iqbal" and "Ikbal", "Fitriyani" and "Fitriani"; and a final "y" as "i" ("Rizky").
/// The folded form is only compared, never stored.
fn modern_spelling(word: &str) -> String {
    let mut w = word
        .replace("oe", "u")
        .replace("dj", "j")
        .replace("tj", "c")
        .replace("ch", "h")
        .replace("kh", "h")
        .replace('j', "y")
        .replace('q', "k")
        .replace("iya", "ia");
    if w.len() > 2 && w.ends_with('y') {
        w.pop();
        w.push('i');
    }
    w
}

#[cfg(test)]
mod name_tests {
    use super::{NameMatch, compare_person_names};

    fn same(a: &str, b: &str) -> bool {
        compare_person_names(a, b) != NameMatch::Other
    }

    #[test]
    fn one_name_written_otherwise_is_one_person() {
        for (a, b) in [
            ("Budi Santoso", "BUDI SANTOSO"),
            ("Budi Santoso", "Budi Santoso, S.Kom."),
            ("Budi Santoso", "Budi Santoso, S. Kom., M.M."),
            ("Budi Santoso", "Budi Santosa"),
            ("Budi Santoso", "Budi Santsoo"),
            ("Siti Aminah", "Siti Aminnah"),
            ("Muhammad Rizki", "M. Rizki"),
            ("Muhammad Rizki", "M.Rizki"),
            ("Muhammad Rizki", "Moh. Rizki"),
            ("Muhammad Rizki", "Muh Rizky"),
            ("Muhammad Rizki", "Mochammad Rizki"),
            ("Abdul Rahman", "Abd. Rahman"),
            ("Gusti Ayu Made", "Gst. Ayu Made"),
            ("Suharto", "Soeharto"),
            ("Joko Sutjipto", "Djoko Sucipto"),
            ("Khairul Anwar", "Chairul Anwar"),
            ("Ahmad Dahlan", "Achmad Dahlan"),
            ("Ahmad Dahlan", "Akhmad Dahlan"),
            ("Yusuf Kalla", "Jusuf Kalla"),
            ("Yohanes Purba", "Johanes Purba"),
            ("Yohanes Purba", "Ÿohanes Pürba"),
            ("Cahyo Kumolo", "Tjahjo Kumolo"),
            ("I Nyoman Sudi", "I Njoman Sudi"),
            ("Muhammad Iqbal", "Muhammad Ikbal"),
            ("Fitriani", "Fitriyani"),
            ("Ani", "Any"),
            ("Siti Aminah", "Hj. Siti Aminah"),
            ("Siti Aminah", "Siti Aminah Putri"),
            ("Dewi Lestari", "Dewi  Lestari."),
            ("Nurhayati", "Nur Hayati"),
            ("Nurhaliza", "Siti Nur Haliza"),
            ("Agus", "Agus"),
            ("Joko Widodo", "Ir. Joko Widodo"),
            ("Ni Made Ayu", "Ni Made Ayu Sri"),
            ("I Wayan Sudana", "Wayan Sudana"),
            ("Maria Simanjuntak", "Maria Br. Simanjuntak"),
        ] {
            assert!(same(a, b), "{a} / {b}");
            assert!(same(b, a), "{b} / {a}");
        }
    }

    #[test]
    fn another_persons_name_is_not() {
        for (a, b) in [
            ("Siti Aminah", "Siti Rahma"),
            ("Budi Santoso", "Agus Santoso"),
            ("Dewi", "Rina"),
            ("Ani", "Ana"),
            ("Muhammad Rizki", "Muhammad Fajar"),
            ("Muhammad Ali", "Muhammad Ari"),
            ("Muhammad Fajar", "Muhammad Fajri"),
            ("Muhammad Rizki", "Muhammad Rizal"),
            ("Muhammad Yusuf", "Muhammad Yunus"),
            ("I Kadek Dodi", "I Kadek Dedi"),
            ("I Wayan Sudi", "I Wayan Sadi"),
            ("Ni Luh Putu Ayu", "Ni Luh Putu Ani"),
            ("Jajang Saputra", "Ujang Saputra"),
            ("Fitri Rosita", "Siti Rosita"),
            ("Mince Murib", "Lince Murib"),
            ("William Salim", "William Lim"),
            ("Sugiarto", "Sugianto"),
            ("Suharto", "Suharno"),
        ] {
            assert!(!same(a, b), "{a} / {b}");
            assert!(!same(b, a), "{b} / {a}");
        }
    }

    #[test]
    fn a_shorter_name_is_the_person_but_does_not_replace_the_registered_one() {
        assert_eq!(compare_person_names("Siti Aminah", "Siti"), NameMatch::Part);
        assert_eq!(compare_person_names("Siti", "Siti Aminah"), NameMatch::Same);
        assert_eq!(
            compare_person_names("Siti Aminah", "Siti Rahma"),
            NameMatch::Other
        );
        // An initial or short form for a word the registered name has in full keeps the full.
        assert_eq!(
            compare_person_names("Muhammad Rizki", "M. Rizki"),
            NameMatch::Part
        );
        assert_eq!(
            compare_person_names("Muhammad Rizki", "Moh. Rizki"),
            NameMatch::Part
        );
        assert_eq!(
            compare_person_names("M. Rizki", "Muhammad Rizki"),
            NameMatch::Same
        );
        assert_eq!(
            compare_person_names("Teuku Umar", "T. Umar"),
            NameMatch::Part
        );
        assert_eq!(
            compare_person_names("Budi Santsoo", "Budi Santoso"),
            NameMatch::Same
        );
    }
}

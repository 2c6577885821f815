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

/// Whether two registrations of one NIK name the same person: the same name written otherwise
/// (case, punctuation, an academic title or honorific, an initial for a word, a word left out,
/// or a typo of a letter or two), not another person's name.
///
/// One NIK with two names is most often a mistyped NIK (or one of the NIK ganda, numbers issued
/// twice), and a file that renamed the registered person would give one person's training,
/// job and telephone to another.
pub fn same_person_name(a: &str, b: &str) -> bool {
    let (a, b) = (name_words(a), name_words(b));
    let (joined_a, joined_b) = (a.concat(), b.concat());
    // A typo allowance that grows with the name: "Ani" and "Ana" are two people.
    let allowed = match joined_a.chars().count().min(joined_b.chars().count()) {
        0..5 => 0,
        5..10 => 1,
        _ => 2,
    };
    if a.is_empty() || b.is_empty() || edit_distance(&joined_a, &joined_b) <= allowed {
        return true;
    }
    covers(&a, &b) || covers(&b, &a)
}

/// Every full word of `short` is in `long` (a letter off allowed in long words), and each of
/// its initials stands for a word there.
fn covers(short: &[String], long: &[String]) -> bool {
    let mut full = short.iter().filter(|w| w.chars().count() > 1).peekable();
    full.peek().is_some()
        && full.all(|w| {
            long.iter()
                .any(|l| l == w || (w.chars().count() >= 5 && edit_distance(l, w) <= 1))
        })
        && short
            .iter()
            .filter(|w| w.chars().count() == 1)
            .all(|i| long.iter().any(|l| l.starts_with(i.as_str())))
}

/// A name's words, folded, without the titles and honorifics written around Indonesian names.
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
                .map(str::to_string),
        );
    }
    words
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diag + usize::from(ca != *cb));
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod name_tests {
    use super::same_person_name;

    #[test]
    fn one_name_written_otherwise_is_one_person() {
        for (a, b) in [
            ("Budi Santoso", "BUDI SANTOSO"),
            ("Budi Santoso", "Budi Santoso, S.Kom."),
            ("Budi Santoso", "Budi Santoso, S. Kom., M.M."),
            ("Budi Santoso", "Budi Santosa"),
            ("Muhammad Rizki", "M. Rizki"),
            ("Muhammad Rizki", "M.Rizki"),
            ("Siti Aminah", "Hj. Siti Aminah"),
            ("Siti Aminah", "Siti Aminah Putri"),
            ("Dewi Lestari", "Dewi  Lestari."),
            ("Nurhayati", "Nur Hayati"),
            ("Agus", "Agus"),
            ("Joko Widodo", "Ir. Joko Widodo"),
            ("Ahmad", "Ahmad Fauzi, S.T."),
            ("Ni Made Ayu", "Ni Made Ayu Sri"),
        ] {
            assert!(same_person_name(a, b), "{a} / {b}");
            assert!(same_person_name(b, a), "{b} / {a}");
        }
    }

    #[test]
    fn another_persons_name_is_not() {
        for (a, b) in [
            ("Siti Aminah", "Siti Rahma"),
            ("Budi Santoso", "Agus Santoso"),
            ("Dewi", "Rina"),
            ("Muhammad Rizki", "Muhammad Fajar"),
            ("Ani", "Ana"),
        ] {
            assert!(!same_person_name(a, b), "{a} / {b}");
            assert!(!same_person_name(b, a), "{b} / {a}");
        }
    }
}

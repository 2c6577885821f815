//! Attributes of people: education level and sex.

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

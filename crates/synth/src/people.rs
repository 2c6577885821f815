//! Synthetic people: NIKs that are valid in form and never repeat, birth dates, education and
//! phone numbers.
//!
//! A NIK is RRRR DD DDMMYY SSSS: the regency of registration, a district (01–30 here), the
//! birth date with 40 added to the day for women, and a serial among people registered in
//! that district with that birth date. Real serials are therefore mostly 0001–0003, and so are
//! these: the issuer counts per (regency, district, birth date) and so can never repeat one.

use std::collections::HashMap;

use domain::{Date, Education, Sex};

use crate::calendar::ymd;
use crate::geo::geo;
use crate::rng::Rng;

#[derive(Debug, Clone)]
pub struct Person {
    /// The 16 digits as a number; the first digit is a province digit, never 0.
    pub nik: u64,
    pub name: String,
    pub sex: Sex,
    pub birth: Date,
    pub regency: usize,
    pub education: Education,
    pub phone: Option<String>,
}

impl Person {
    pub fn nik_text(&self) -> String {
        format!("{:016}", self.nik)
    }
}

/// Digits 7–12 of a NIK.
fn birth_field(birth: Date, sex: Sex) -> u64 {
    let day = birth.day() as u64 + if sex == Sex::Female { 40 } else { 0 };
    day * 10_000 + birth.month() as u64 * 100 + (birth.year().rem_euclid(100)) as u64
}

/// Hands out NIKs for one synthetic population; a NIK is never issued twice.
#[derive(Default)]
pub struct NikIssuer {
    /// Last serial used per first twelve digits. Only looked up, never iterated, so its order
    /// cannot leak into the output.
    last_serial: HashMap<u64, u16>,
}

impl NikIssuer {
    pub fn issue(&mut self, rng: &mut Rng, regency: usize, birth: Date, sex: Sex) -> u64 {
        let region = geo().regencies[regency].nik_prefix();
        let born = birth_field(birth, sex);
        loop {
            let district = rng.range(1, 30) as u64;
            let head = (region * 100 + district) * 1_000_000 + born;
            let serial = self.last_serial.entry(head).or_insert(0);
            // 9999 people of one district born on one day would exhaust the serials; another
            // district is then tried (never reached at realistic scales).
            if *serial < 9999 {
                *serial += 1;
                return head * 10_000 + *serial as u64;
            }
        }
    }
}

/// The birth date of someone who is `age` years old on `on`.
pub fn birth_for_age(rng: &mut Rng, on: Date, age: i32) -> Date {
    let latest = on.add_months(-12 * age);
    let earliest = on.add_months(-12 * (age + 1)).add_days(1);
    crate::calendar::uniform_day(rng, earliest, latest)
}

/// Whole years between `birth` and `on`.
pub fn age_on(birth: Date, on: Date) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// An age in [lo, hi], skewed towards the young end as registrants and trainees are.
pub fn young_age(rng: &mut Rng, lo: i32, hi: i32, skew: f64) -> i32 {
    lo + (rng.f64().powf(skew) * (hi - lo + 1) as f64).floor() as i32
}

/// Registered job seekers (Sakernas/SIAPkerja-like mix): SMA and SMK dominate.
pub const SEEKER_EDUCATION: &[(Education, f64)] = &[
    (Education::Sd, 5.0),
    (Education::Smp, 12.0),
    (Education::Sma, 30.0),
    (Education::Smk, 30.0),
    (Education::D1, 0.7),
    (Education::D2, 0.4),
    (Education::D3, 8.0),
    (Education::D4, 1.2),
    (Education::S1, 14.0),
    (Education::S2, 0.4),
];

/// BLK trainees: fewer graduates of higher education than among job seekers.
pub const TRAINEE_EDUCATION: &[(Education, f64)] = &[
    (Education::Sd, 4.0),
    (Education::Smp, 14.0),
    (Education::Sma, 34.0),
    (Education::Smk, 36.0),
    (Education::D1, 0.5),
    (Education::D3, 4.0),
    (Education::D4, 0.5),
    (Education::S1, 7.0),
];

/// An education level plausible for the age: nobody holds a degree at 19.
pub fn education(rng: &mut Rng, mix: &[(Education, f64)], age: i32) -> Education {
    let e = *rng.weighted_pick(mix);
    let min_age = match e {
        Education::S2 => 24,
        Education::S1 | Education::D4 => 21,
        Education::D3 => 20,
        Education::D1 | Education::D2 => 19,
        _ => 0,
    };
    if age < min_age {
        if rng.chance(0.5) {
            Education::Sma
        } else {
            Education::Smk
        }
    } else {
        e
    }
}

/// Mobile number prefixes by operator, weighted by market share.
const PHONE_PREFIXES: &[(&str, f64)] = &[
    ("0811", 3.0),
    ("0812", 8.0),
    ("0813", 8.0),
    ("0821", 7.0),
    ("0822", 7.0),
    ("0823", 4.0),
    ("0852", 6.0),
    ("0853", 5.0),
    ("0851", 2.0),
    ("0814", 1.0),
    ("0815", 2.0),
    ("0816", 1.0),
    ("0855", 1.0),
    ("0856", 4.0),
    ("0857", 5.0),
    ("0858", 3.0),
    ("0817", 2.0),
    ("0818", 2.0),
    ("0819", 3.0),
    ("0859", 3.0),
    ("0877", 4.0),
    ("0878", 4.0),
    ("0831", 1.0),
    ("0838", 2.0),
    ("0895", 3.0),
    ("0896", 3.0),
    ("0897", 1.0),
    ("0898", 2.0),
    ("0881", 1.0),
    ("0882", 0.5),
    ("0889", 0.5),
];

/// An Indonesian mobile number, 11 to 13 digits.
pub fn phone(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(13);
    let prefix = *rng.weighted_pick(PHONE_PREFIXES);
    s.push_str(prefix);
    let rest = rng.weighted(&[2.0, 6.0, 3.0]) + 7;
    for _ in 0..rest {
        s.push((b'0' + rng.below(10) as u8) as char);
    }
    s
}

/// Builds a person registered in `regency`, `age` years old on `on`.
#[allow(clippy::too_many_arguments)]
pub fn person(
    rng: &mut Rng,
    issuer: &mut NikIssuer,
    regency: usize,
    sex: Sex,
    age: i32,
    on: Date,
    mix: &[(Education, f64)],
    phone_share: f64,
) -> Person {
    let birth = birth_for_age(rng, on, age);
    let nik = issuer.issue(rng, regency, birth, sex);
    let name = crate::names::full_name(rng, geo().regencies[regency].province, sex);
    let education = education(rng, mix, age);
    let phone = rng.chance(phone_share).then(|| phone(rng));
    Person {
        nik,
        name,
        sex,
        birth,
        regency,
        education,
        phone,
    }
}

/// Birth dates of the standalone job-seeker files: 1977-01-01 to 2004-12-31, so that every
/// registration in 2022–2025 can fall between the ages of 18 and 45.
const STANDALONE_DAYS: u64 = 10_227;
/// Distinct (birth day, sex, district, serial) combinations.
pub const STANDALONE_CAPACITY: u64 = STANDALONE_DAYS * 2 * 30 * 9999;
/// A prime that shares no factor with the capacity (2·3·5·7·11·101·487), so multiplying by it
/// modulo the capacity is a bijection that scatters consecutive serial numbers.
const SCATTER: u128 = 2_654_435_761;

/// The NIK, birth date and sex of person number `serial` of the standalone files. Distinct
/// serials below [`STANDALONE_CAPACITY`] give distinct NIKs whatever the regency, because the
/// birth-date, district and serial digits alone already differ.
pub fn standalone_identity(serial: u64, regency: usize) -> (u64, Date, Sex) {
    let cap = STANDALONE_CAPACITY as u128;
    let mut x = ((serial as u128 % cap) * SCATTER + 0x1F2E_3D4C) % cap;
    let nik_serial = (x % 9999) as u64 + 1;
    x /= 9999;
    let district = (x % 30) as u64 + 1;
    x /= 30;
    let sex = if x.is_multiple_of(2) {
        Sex::Male
    } else {
        Sex::Female
    };
    x /= 2;
    let birth = ymd(1977, 1, 1).add_days(x as i64);
    let region = geo().regencies[regency].nik_prefix();
    let head = (region * 100 + district) * 1_000_000 + birth_field(birth, sex);
    (head * 10_000 + nik_serial, birth, sex)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Nik;
    use std::collections::HashSet;

    #[test]
    fn issued_niks_are_valid_unique_and_encode_the_person() {
        let mut rng = Rng::new(9);
        let mut issuer = NikIssuer::default();
        let bandung = geo().by_code("32.73");
        let on = ymd(2024, 6, 1);
        let mut seen = HashSet::new();
        for i in 0..5000 {
            let sex = if i % 2 == 0 { Sex::Male } else { Sex::Female };
            let p = person(
                &mut rng,
                &mut issuer,
                bandung,
                sex,
                20,
                on,
                SEEKER_EDUCATION,
                1.0,
            );
            let nik = Nik::parse(&p.nik_text()).expect("valid NIK");
            assert!(seen.insert(p.nik));
            assert_eq!(
                nik.region_hint().map(|r| r.to_string()).as_deref(),
                Some("32.73")
            );
            assert_eq!(nik.sex_hint(), sex);
            assert_eq!(nik.birth_date_hint(on), Some(p.birth));
            assert_eq!(age_on(p.birth, on), 20);
            let ph = p.phone.expect("phone");
            assert!(
                ph.starts_with("08") && (11..=13).contains(&ph.len()),
                "{ph}"
            );
        }
    }

    #[test]
    fn standalone_identities_are_injective() {
        let r = geo().by_code("35.78");
        let mut seen = HashSet::new();
        for s in (0..50_000u64).chain(STANDALONE_CAPACITY - 1000..STANDALONE_CAPACITY) {
            let (nik, birth, _) = standalone_identity(s, r);
            assert!(seen.insert(nik % 1_000_000_000_000), "{s}");
            assert!(birth >= ymd(1977, 1, 1) && birth <= ymd(2004, 12, 31));
            assert!(Nik::parse(&format!("{nik:016}")).is_ok());
        }
    }
}

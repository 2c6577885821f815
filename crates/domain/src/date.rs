//! Calendar dates and year-months, parsed from the forms Indonesian files use.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ParseError;

/// A proleptic Gregorian calendar date without time zone.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: i16,
    month: u8,
    day: u8,
}

const MONTHS: [(&str, u8); 37] = [
    ("januari", 1),
    ("january", 1),
    ("jan", 1),
    ("februari", 2),
    ("february", 2),
    ("feb", 2),
    ("pebruari", 2),
    ("maret", 3),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("mei", 5),
    ("may", 5),
    ("juni", 6),
    ("june", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("jul", 7),
    ("agustus", 8),
    ("august", 8),
    ("agu", 8),
    ("agt", 8),
    ("agust", 8),
    ("ags", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("oktober", 10),
    ("october", 10),
    ("okt", 10),
    ("november", 11),
    ("nov", 11),
    ("nop", 11),
    ("nopember", 11),
];

fn month_by_name(name: &str) -> Option<u8> {
    let n = name.trim_end_matches('.').to_lowercase();
    match n.as_str() {
        "desember" | "december" | "des" | "dec" => return Some(12),
        "oct" => return Some(10),
        _ => {}
    }
    MONTHS.iter().find(|(m, _)| *m == n).map(|&(_, v)| v)
}

fn is_weekday(word: &str) -> bool {
    matches!(
        word.trim_end_matches(',').to_lowercase().as_str(),
        "senin"
            | "selasa"
            | "rabu"
            | "kamis"
            | "jumat"
            | "jum'at"
            | "sabtu"
            | "minggu"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
    )
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Result<Self, ParseError> {
        if !(1900..=2100).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return Err(ParseError::Date {
                input: format!("{year:04}-{month:02}-{day:02}"),
            });
        }
        Ok(Date {
            year: year as i16,
            month,
            day,
        })
    }

    /// Accepts `2025-08-17`, `2025/08/17`, `17/08/2025`, `17-08-2025`, `17.08.2025`,
    /// `17 Agustus 2025`, `17 Aug 2025` and an ISO timestamp (`2025-08-17T09:00:00`, date kept).
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim();
        let err = || ParseError::Date {
            input: s.to_string(),
        };
        let s10 = s.split(['T', ' ']).next().unwrap_or(s);
        let nums: Vec<&str> = s10.split(['-', '/', '.']).collect();
        let num = |t: &str| -> Result<i32, ParseError> {
            if !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) {
                t.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        // A two-digit year stays refused: "17/08/25" could be a birth in 1925 or a
        // registration in 2025.
        if nums.len() == 3 {
            // "17-Agu-1995": Excel's day-month-year with the month's name.
            if let Some(m) = month_by_name(nums[1]) {
                let (d, y) = (num(nums[0])?, num(nums[2])?);
                if nums[2].len() != 4 {
                    return Err(err());
                }
                let d = u8::try_from(d).map_err(|_| err())?;
                return Date::new(y, m, d).map_err(|_| err());
            }
            let (a, b, c) = (num(nums[0])?, num(nums[1])?, num(nums[2])?);
            let (y, m, d) = if nums[0].len() == 4 {
                (a, b, c)
            } else if nums[2].len() == 4 {
                (c, b, a)
            } else {
                return Err(err());
            };
            let m = u8::try_from(m).map_err(|_| err())?;
            let d = u8::try_from(d).map_err(|_| err())?;
            return Date::new(y, m, d).map_err(|_| err());
        }
        let mut words: Vec<&str> = s.split_whitespace().collect();
        // "Kamis, 17 Agustus 1995", "Thursday 17 August 1995": the day of the week goes.
        if words.len() == 4 && (words[0].ends_with(',') || is_weekday(words[0])) {
            words.remove(0);
        }
        if words.len() == 3 {
            let d = u8::try_from(num(words[0])?).map_err(|_| err())?;
            let m = month_by_name(words[1]).ok_or_else(err)?;
            let y = num(words[2])?;
            return Date::new(y, m, d).map_err(|_| err());
        }
        Err(err())
    }

    /// Converts an Excel serial date (1900 date system, days since 1899-12-30).
    pub fn from_excel_serial(serial: f64) -> Result<Self, ParseError> {
        if !(1.0..2_958_466.0).contains(&serial) {
            return Err(ParseError::Date {
                input: serial.to_string(),
            });
        }
        // 25569 is the serial of 1970-01-01. Serials before 61 (March 1900) are off by one in
        // Excel's own calendar, and no labour-market date is that old, so they are refused.
        if serial < 61.0 {
            return Err(ParseError::Date {
                input: serial.to_string(),
            });
        }
        let d = Date::from_days_since_epoch(serial.floor() as i64 - 25_569);
        Date::new(d.year(), d.month(), d.day())
    }

    pub fn year(self) -> i32 {
        self.year as i32
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    pub fn year_month(self) -> YearMonth {
        YearMonth {
            year: self.year,
            month: self.month,
        }
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's civil-from-days algorithm.
    pub fn days_since_epoch(self) -> i64 {
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Hours western Indonesian time (WIB), the Ministry's clock, is ahead of UTC: national
    /// figures use its calendar.
    pub const WIB: i64 = 7;

    /// Today's date where the clock is `utc_offset_hours` ahead of UTC: 7 in western
    /// Indonesia (WIB), 8 in central (WITA), 9 in eastern (WIT), as
    /// `RegionCode::utc_offset_hours` tells. A system clock before 1970 reads as 1970-01-01.
    pub fn today_at(utc_offset_hours: i64) -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Date::at_instant(secs, utc_offset_hours)
    }

    /// The date at `unix_secs` (seconds since 1970-01-01T00:00Z) where the clock is
    /// `utc_offset_hours` ahead of UTC.
    pub fn at_instant(unix_secs: i64, utc_offset_hours: i64) -> Date {
        Date::from_days_since_epoch((unix_secs + utc_offset_hours * 3600).div_euclid(86_400))
    }

    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
        Date {
            year: y as i16,
            month: m,
            day: d,
        }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// The same day `n` months later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb).
    pub fn add_months(self, n: i32) -> Date {
        let total = self.year as i32 * 12 + (self.month as i32 - 1) + n;
        let year = total.div_euclid(12);
        let month = (total.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        Date {
            year: year as i16,
            month,
            day,
        }
    }

    /// Indonesian display form: `17 Agustus 2025`.
    pub fn to_id_string(self) -> String {
        const NAMES: [&str; 12] = [
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ];
        format!(
            "{} {} {}",
            self.day,
            NAMES[self.month as usize - 1],
            self.year
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

impl FromStr for Date {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Date {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

/// A calendar month, the time grain of the gap cube and of monthly reporting.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    year: i16,
    month: u8,
}

impl YearMonth {
    pub fn new(year: i32, month: u8) -> Result<Self, ParseError> {
        if !(1900..=2100).contains(&year) || !(1..=12).contains(&month) {
            return Err(ParseError::YearMonth {
                input: format!("{year}-{month:02}"),
            });
        }
        Ok(YearMonth {
            year: year as i16,
            month,
        })
    }

    /// Accepts `2025-08`, `2025/08` and `08/2025`.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim();
        let err = || ParseError::YearMonth {
            input: s.to_string(),
        };
        let (a, b) = s.split_once(['-', '/']).ok_or_else(err)?;
        let (y, m) = if a.len() == 4 { (a, b) } else { (b, a) };
        if y.len() != 4 || m.is_empty() || m.len() > 2 {
            return Err(err());
        }
        let y: i32 = y.parse().map_err(|_| err())?;
        let m: u8 = m.parse().map_err(|_| err())?;
        YearMonth::new(y, m).map_err(|_| err())
    }

    pub fn year(self) -> i32 {
        self.year as i32
    }

    pub fn month(self) -> u8 {
        self.month
    }

    /// Months since January 1970, for dense time axes.
    pub fn index(self) -> i32 {
        (self.year as i32 - 1970) * 12 + self.month as i32 - 1
    }

    pub fn from_index(i: i32) -> YearMonth {
        YearMonth {
            year: (1970 + i.div_euclid(12)) as i16,
            month: (i.rem_euclid(12) + 1) as u8,
        }
    }

    pub fn first_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: 1,
        }
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl fmt::Debug for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "YearMonth({self})")
    }
}

impl FromStr for YearMonth {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for YearMonth {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<YearMonth> for String {
    fn from(d: YearMonth) -> String {
        d.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_moment_falls_on_each_zones_own_date() {
        // 2026-12-01T16:30Z: 23:30 in Jakarta, 00:30 the next day in Makassar and Jayapura.
        let t = Date::parse("2026-12-01").unwrap().days_since_epoch() * 86_400 + 16 * 3600 + 1800;
        let day = |offset| Date::at_instant(t, offset).to_string();
        assert_eq!(day(0), "2026-12-01");
        assert_eq!(day(7), "2026-12-01");
        assert_eq!(day(8), "2026-12-02");
        assert_eq!(day(9), "2026-12-02");
        // Just after midnight UTC on New Year's Day it is already morning everywhere.
        let ny = Date::parse("2027-01-01").unwrap().days_since_epoch() * 86_400 + 60;
        assert_eq!(Date::at_instant(ny, 7).to_string(), "2027-01-01");
        assert_eq!(Date::at_instant(ny - 120, 0).to_string(), "2026-12-31");
    }

    #[test]
    fn parses_the_usual_forms() {
        let want = Date::new(2025, 8, 17).unwrap();
        for s in [
            "2025-08-17",
            "2025/08/17",
            "17/08/2025",
            "17-08-2025",
            "17.08.2025",
            "17 Agustus 2025",
            "17 Aug 2025",
            "17 agu 2025",
            "17 Agt 2025",
            "17 Ags 2025",
            "17-Agu-2025",
            "17-Aug-2025",
            "Minggu, 17 Agustus 2025",
            "Minggu 17 Agustus 2025",
            "17 Agust 2025",
            "2025-08-17T09:30:00",
        ] {
            assert_eq!(Date::parse(s).unwrap(), want, "{s}");
        }
        assert_eq!(
            Date::parse("1 Desember 2024").unwrap().to_string(),
            "2024-12-01"
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        for s in [
            "2025-02-29",
            "31/04/2025",
            "2025-13-01",
            "17/08/25",
            "17-Agu-25",
            "kemarin",
            "",
            "2025-8",
        ] {
            assert!(Date::parse(s).is_err(), "{s:?}");
        }
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn excel_serials_and_month_arithmetic() {
        assert_eq!(
            Date::from_excel_serial(45_886.0).unwrap().to_string(),
            "2025-08-17"
        );
        let jan31 = Date::new(2025, 1, 31).unwrap();
        assert_eq!(jan31.add_months(1).to_string(), "2025-02-28");
        assert_eq!(jan31.add_months(12).to_string(), "2026-01-31");
        assert_eq!(jan31.add_months(-2).to_string(), "2024-11-30");
        assert_eq!(jan31.to_id_string(), "31 Januari 2025");
    }

    #[test]
    fn year_months() {
        let ym = YearMonth::parse("2025-03").unwrap();
        assert_eq!(YearMonth::parse("03/2025").unwrap(), ym);
        assert_eq!(YearMonth::from_index(ym.index()), ym);
        assert!(YearMonth::parse("2025-13").is_err());
        assert!(YearMonth::parse("2025").is_err());
    }

    proptest! {
        #[test]
        fn days_round_trip(d in -25_000i64..47_000) {
            let date = Date::from_days_since_epoch(d);
            prop_assert_eq!(date.days_since_epoch(), d);
            prop_assert_eq!(Date::parse(&date.to_string()).unwrap(), date);
        }
    }
}

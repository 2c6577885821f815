//! The synthetic calendar: the 2022–2025 window, weekdays, Lebaran, training durations and the
//! daily intensity curve of vacancy postings.

use domain::Date;

use crate::rng::Table;

/// First and last day of the data: programme years 2022–2025, observed up to the last day.
pub const FIRST_YEAR: i32 = 2022;
pub const LAST_YEAR: i32 = 2025;

/// A calendar date from constants known to be valid.
pub fn ymd(year: i32, month: u8, day: u8) -> Date {
    Date::new(year, month, day).expect("calendar constant is a valid date")
}

pub fn first_day() -> Date {
    ymd(FIRST_YEAR, 1, 1)
}

/// The "today" of the synthetic world: nothing is recorded after it.
pub fn last_day() -> Date {
    ymd(LAST_YEAR, 12, 31)
}

/// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
pub fn weekday(d: Date) -> u8 {
    (d.days_since_epoch() + 3).rem_euclid(7) as u8
}

/// The same day if it is a Monday, else the next Monday: cohorts open on Mondays.
pub fn next_monday(d: Date) -> Date {
    d.add_days((7 - weekday(d) as i64) % 7)
}

/// Idul Fitri (1 Syawal) as set by the Indonesian government; Lebaran moves ~11 days earlier
/// each year, which is why seasonality cannot be tied to a fixed calendar month.
pub fn lebaran(year: i32) -> Date {
    match year {
        2021 => ymd(2021, 5, 13),
        2022 => ymd(2022, 5, 2),
        2023 => ymd(2023, 4, 22),
        2024 => ymd(2024, 4, 10),
        2025 => ymd(2025, 3, 31),
        2026 => ymd(2026, 3, 20),
        // Outside the window only an approximation is needed: the lunar year is ~354.4 days.
        _ => ymd(2025, 3, 31).add_days(((year - 2025) as f64 * 354.37).round() as i64),
    }
}

/// The last day of a course of `jp` lesson hours started on `start` (a Monday): 8 JP a day,
/// five days a week, so 320 JP is 40 training days, i.e. eight weeks ending on a Friday.
pub fn training_end(start: Date, jp: u32) -> Date {
    let days = jp.div_ceil(8).max(1) as i64;
    let weeks = (days - 1) / 5;
    let rest = (days - 1) % 5;
    start.add_days(weeks * 7 + rest)
}

/// Relative posting intensity on one day: overall growth (~8% a year), a dip in the last two
/// weeks of Ramadan and the Lebaran week (HR departments and job seekers are on leave), a rebound
/// in the six weeks after it (the post-Lebaran turnover), a year-end lull, and quiet weekends.
pub fn posting_intensity(d: Date) -> f64 {
    let t = (d.days_since_epoch() - first_day().days_since_epoch()) as f64 / 365.25;
    let mut w = 1.08f64.powf(t);
    let leb = lebaran(d.year()).days_since_epoch();
    let since = d.days_since_epoch() - leb;
    w *= match since {
        -30..=-15 => 0.85,
        -14..=7 => 0.5,
        8..=50 => 1.3,
        _ => 1.0,
    };
    if d.month() == 12 && d.day() >= 18 {
        w *= 0.7;
    }
    if d.month() == 1 && d.day() >= 5 {
        w *= 1.1;
    }
    w * match weekday(d) {
        5 => 0.35,
        6 => 0.2,
        0 => 1.15,
        _ => 1.0,
    }
}

/// All days of the window and a table to draw a posting day from.
pub struct PostingDays {
    pub days: Vec<Date>,
    pub table: Table,
}

impl PostingDays {
    pub fn new() -> Self {
        let first = first_day().days_since_epoch();
        let last = last_day().days_since_epoch();
        let days: Vec<Date> = (first..=last).map(Date::from_days_since_epoch).collect();
        let table = Table::new(days.iter().map(|&d| posting_intensity(d)));
        PostingDays { days, table }
    }
}

/// Uniform day in [from, to] (inclusive).
pub fn uniform_day(rng: &mut crate::rng::Rng, from: Date, to: Date) -> Date {
    let a = from.days_since_epoch();
    let b = to.days_since_epoch();
    Date::from_days_since_epoch(rng.range(a, b))
}

/// Days from `a` to `b`.
pub fn days_between(a: Date, b: Date) -> i64 {
    b.days_since_epoch() - a.days_since_epoch()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_and_course_lengths() {
        let mon = ymd(2025, 3, 3);
        assert_eq!(weekday(mon), 0);
        assert_eq!(next_monday(ymd(2025, 3, 1)), mon);
        assert_eq!(next_monday(mon), mon);
        // 320 JP: eight weeks, ending on the Friday of week eight.
        assert_eq!(training_end(mon, 320), ymd(2025, 4, 25));
        assert_eq!(weekday(training_end(mon, 240)), 4);
    }

    #[test]
    fn lebaran_dips_and_rebounds() {
        for y in FIRST_YEAR..=LAST_YEAR {
            let l = lebaran(y);
            let dip = posting_intensity(next_monday(l));
            let after = posting_intensity(next_monday(l.add_days(21)));
            assert!(after > dip * 2.0, "{y}");
        }
    }
}

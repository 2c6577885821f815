//! A table as pages show it and exports write it: one definition, three renderings (HTML via
//! `templates/partials/table.html`, CSV and XLSX via `export.rs`), so an export always holds
//! exactly the table on the page.

use crate::ctx::{
    MIN_CELL, fmt_change, fmt_date, fmt_dec1, fmt_dec2, fmt_int, fmt_pct, fmt_persons,
};
use crate::i18n::Lang;

pub struct Table {
    /// Stable id: the `table=` of an export and the HTML anchor.
    pub id: &'static str,
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Whether a person count in it may be suppressed (adds a note under the table).
    pub has_persons: bool,
}

pub struct Column {
    /// Header in CSV and XLSX: plain, stable, English.
    pub key: &'static str,
    /// Header on the page, in the page language.
    pub label: &'static str,
}

impl Table {
    fn any(&self, f: impl Fn(&Value) -> bool) -> bool {
        self.rows.iter().flatten().any(|c| f(&c.value))
    }

    /// Whether a count in it is rounded (adds a note saying why).
    pub fn has_rounded(&self) -> bool {
        self.any(|v| matches!(v, Value::Rounded(_)))
    }

    /// Whether a count in it is withheld (adds a note saying why).
    pub fn has_withheld(&self) -> bool {
        self.any(|v| matches!(v, Value::Withheld))
    }

    /// Whether a figure in it is published as a bound (adds a note saying why).
    pub fn has_bounded(&self) -> bool {
        self.any(|v| matches!(v, Value::Below(_) | Value::Above(_)))
    }
}

pub fn col(key: &'static str, label: &'static str) -> Column {
    Column { key, label }
}

pub enum Value {
    Text(String),
    /// An identifier (region, occupation, BLK code): text in every format.
    Code(String),
    Int(i64),
    /// A count of persons: 1 to 4 shown as "<5" everywhere, exports included.
    Persons(i64),
    /// A count of persons withheld so that a "<5" beside it cannot be worked out: "×" on the
    /// page, "x" in CSV and XLSX, empty in Parquet.
    Withheld,
    /// A count of persons rounded to the nearest 5 (counts that add up across tables):
    /// "≈25" on the page, "~25" in CSV and XLSX, the number in Parquet.
    Rounded(i64),
    /// One decimal, e.g. a rate per 100,000.
    Decimal(Option<f64>),
    /// A share in 0..=1, shown as a percentage; `None` when not shown (too few persons).
    Share(Option<f64>),
    /// An ISO date.
    Date(Option<String>),
    /// An ISO timestamp in UTC (`2026-12-01T01:43:14Z`): a date and time in the page's
    /// language on the page, ISO in exports.
    Timestamp(String),
    /// Shown as `label` on the page when set; `true`/`false` in exports.
    Flag(bool, &'static str),
    /// Two decimals, signed (an index or a ratio).
    Dec2(Option<f64>),
    /// An index or a ratio published only as an upper bound ("< 0,13" on the page, "<0.129"
    /// in CSV and XLSX, empty in Parquet): its exact value would give away a small count.
    Below(f64),
    /// An index or a ratio published only as a lower bound ("> 0,77").
    Above(f64),
    /// A relative change, shown as a signed percentage (`+34,0%`).
    Change(Option<f64>),
    /// Flags shown as labels, joined; comma-separated keys in exports.
    Flags(Vec<(&'static str, &'static str)>),
    /// A monthly series drawn as a sparkline on the page, `;`-separated in exports.
    Spark(Vec<f64>),
    /// A term of a vocabulary: its label in the page language on the page, its plain key in
    /// exports (an indicator, a yes/no), so a file reads the same in either language.
    Keyed(String, String),
}

pub struct Cell {
    pub value: Value,
    pub href: Option<String>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Value::Text(s.into()).into()
    }

    pub fn code(s: impl Into<String>) -> Cell {
        Value::Code(s.into()).into()
    }

    pub fn int(n: i64) -> Cell {
        Value::Int(n).into()
    }

    pub fn persons(n: i64) -> Cell {
        Value::Persons(n).into()
    }

    pub fn link(mut self, href: impl Into<String>) -> Cell {
        self.href = Some(href.into());
        self
    }

    /// The cell as the page shows it.
    pub fn html_text(&self, lang: &Lang) -> String {
        let lang = *lang;
        match &self.value {
            Value::Text(s) | Value::Code(s) => s.clone(),
            Value::Int(n) => fmt_int(*n, lang),
            Value::Persons(n) => fmt_persons(*n, lang),
            Value::Withheld => "×".into(),
            Value::Rounded(n) => format!("≈{}", fmt_int(*n, lang)),
            Value::Decimal(x) => x.map(|x| fmt_dec1(x, lang)).unwrap_or_else(|| "–".into()),
            Value::Share(s) => fmt_pct(*s, lang),
            Value::Date(d) => d.as_deref().map(|d| fmt_date(d, lang)).unwrap_or_default(),
            Value::Timestamp(t) => match (t.get(..10), t.get(11..16)) {
                (Some(day), Some(time)) => {
                    let time = match lang {
                        // Indonesian writes hours and minutes with a point (01.43).
                        Lang::Id => time.replace(':', "."),
                        Lang::En => time.to_string(),
                    };
                    format!("{} {time} UTC", fmt_date(day, lang))
                }
                _ => t.clone(),
            },
            Value::Flag(on, label) => {
                if *on {
                    label.to_string()
                } else {
                    String::new()
                }
            }
            Value::Dec2(x) => x.map(|x| fmt_dec2(x, lang)).unwrap_or_else(|| "–".into()),
            Value::Below(x) => format!("< {}", fmt_dec2(*x, lang)),
            Value::Above(x) => format!("> {}", fmt_dec2(*x, lang)),
            Value::Change(x) => fmt_change(*x, lang),
            Value::Flags(f) => f.iter().map(|(_, l)| *l).collect::<Vec<_>>().join(", "),
            Value::Spark(_) => String::new(),
            Value::Keyed(_, label) => label.clone(),
        }
    }

    /// The inline SVG of a sparkline cell, else `None`.
    pub fn svg(&self) -> Option<String> {
        match &self.value {
            Value::Spark(v) => Some(crate::chart::sparkline(v, "")),
            _ => None,
        }
    }

    /// The cell as CSV writes it: plain numbers, ISO dates, suppression kept.
    pub fn plain_text(&self) -> String {
        match &self.value {
            Value::Text(s) | Value::Code(s) => s.clone(),
            Value::Keyed(key, _) => key.clone(),
            Value::Int(n) => n.to_string(),
            Value::Persons(n) if (1..MIN_CELL).contains(n) => "<5".into(),
            Value::Persons(n) => n.to_string(),
            Value::Withheld => "x".into(),
            Value::Rounded(n) => format!("~{n}"),
            Value::Decimal(x) => x.map(|x| fixed(x, 1)).unwrap_or_default(),
            Value::Share(s) => s.map(|s| fixed(s, 3)).unwrap_or_default(),
            Value::Date(d) => d.clone().unwrap_or_default(),
            Value::Timestamp(t) => t.clone(),
            Value::Flag(on, _) => on.to_string(),
            Value::Dec2(x) => x.map(|x| fixed(x, 3)).unwrap_or_default(),
            Value::Below(x) => format!("<{}", fixed(*x, 3)),
            Value::Above(x) => format!(">{}", fixed(*x, 3)),
            Value::Change(x) => x.map(|x| fixed(x, 3)).unwrap_or_default(),
            Value::Flags(f) => f.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(","),
            Value::Spark(v) => v
                .iter()
                .map(|x| format!("{x:.0}"))
                .collect::<Vec<_>>()
                .join(";"),
        }
    }

    pub fn href(&self) -> Option<&str> {
        self.href.as_deref()
    }

    pub fn class(&self) -> &'static str {
        match self.value {
            Value::Int(_)
            | Value::Persons(_)
            | Value::Withheld
            | Value::Rounded(_)
            | Value::Decimal(_)
            | Value::Share(_)
            | Value::Dec2(_)
            | Value::Below(_)
            | Value::Above(_)
            | Value::Change(_) => "n",
            Value::Code(_) => "c",
            Value::Flag(..) | Value::Flags(_) => "f",
            Value::Spark(_) => "s",
            Value::Date(_) | Value::Timestamp(_) => "d",
            _ => "",
        }
    }
}

/// `x` with `decimals` places, a half rounded away from zero as the page rounds it (Rust's
/// formatting rounds an exact half to even: 0.8125 read "0.812" in a file beside "81,3%").
fn fixed(x: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    format!("{:.decimals$}", (x * scale).round() / scale)
}

/// A ratio or an index as published: exact (two decimals) or as a bound.
impl From<analytics::Bounded> for Cell {
    fn from(b: analytics::Bounded) -> Self {
        use analytics::Bounded;
        match b {
            Bounded::Exact(x) => Value::Dec2(x),
            Bounded::Below(Some(x)) => Value::Below(x),
            Bounded::Above(Some(x)) => Value::Above(x),
            Bounded::Below(None) | Bounded::Above(None) => Value::Dec2(None),
        }
        .into()
    }
}

/// A count of persons as published beside others it adds up with.
impl From<analytics::outcomes::Shown> for Cell {
    fn from(s: analytics::outcomes::Shown) -> Self {
        use analytics::outcomes::Shown;
        match s {
            Shown::Count(n) => Cell::persons(i64::try_from(n).unwrap_or(i64::MAX)),
            // Any of 1 to 4: shown and exported as "<5".
            Shown::Small => Cell::persons(1),
            Shown::Withheld => Value::Withheld.into(),
            Shown::Rounded(n) => Value::Rounded(i64::try_from(n).unwrap_or(i64::MAX)).into(),
        }
    }
}

impl From<Value> for Cell {
    fn from(value: Value) -> Self {
        Cell { value, href: None }
    }
}

/// Finds the table an export asks for: the named one, or the first.
pub fn pick<'a>(tables: &'a [Table], id: Option<&str>) -> Option<&'a Table> {
    match id {
        None => tables.first(),
        Some(id) => tables.iter().find(|t| t.id == id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_rounds_a_half_as_the_page_does() {
        let c: Cell = Value::Share(Some(13.0 / 16.0)).into();
        assert_eq!(c.html_text(&Lang::Id), "81,3%");
        assert_eq!(c.plain_text(), "0.813");
        let d: Cell = Value::Decimal(Some(5.25)).into();
        assert_eq!(d.html_text(&Lang::Id), "5,3");
        assert_eq!(d.plain_text(), "5.3");
    }

    #[test]
    fn a_timestamp_reads_as_a_date_and_time_and_exports_as_iso() {
        let c: Cell = Value::Timestamp("2026-12-01T01:43:14Z".into()).into();
        assert_eq!(c.html_text(&Lang::Id), "1 Desember 2026 01.43 UTC");
        assert_eq!(c.html_text(&Lang::En), "1 December 2026 01:43 UTC");
        assert_eq!(c.plain_text(), "2026-12-01T01:43:14Z");
    }
}

//! What every page needs besides its data: the language, its texts, the current path, the link
//! that switches language, and number and date formatting in that language.
//!
//! The language comes from `?lang=` (which also sets a cookie, see `routes.rs`), else from the
//! `lang` cookie, else Bahasa Indonesia.

use axum::extract::FromRequestParts;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use domain::{Date, YearMonth};

use crate::i18n::{Lang, Texts};

/// Counts of persons below this are shown as "<5" (small-cell suppression).
pub const MIN_CELL: i64 = analytics::outcomes::MIN_CELL as i64;

pub struct Ctx {
    pub lang: Lang,
    pub t: &'static Texts,
    pub path: String,
    /// The current page in the other language.
    pub switch_href: String,
    /// The decoded query string.
    pub query: Vec<(String, String)>,
    /// The page this request came from, when it is a page of this site (path and query from
    /// `Referer`): where an error page sends the user back to, e.g. the form a POST came from.
    pub back: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query: Vec<(String, String)> = parts
            .uri
            .query()
            .and_then(|q| serde_urlencoded::from_str(q).ok())
            .unwrap_or_default();
        let lang = lang_of(parts, &query);
        let path = parts.uri.path().to_string();
        let mut rest: Vec<(String, String)> =
            query.iter().filter(|(k, _)| k != "lang").cloned().collect();
        rest.push(("lang".into(), lang.other().code().into()));
        let switch_href = format!(
            "{path}?{}",
            serde_urlencoded::to_string(&rest).unwrap_or_default()
        );
        let back = same_site_referer(parts);
        Ok(Ctx {
            lang,
            t: lang.texts(),
            path,
            switch_href,
            query,
            back,
        })
    }
}

/// The path and query of `Referer` when it names a page of the host this request was sent to;
/// any other site's address is never linked.
fn same_site_referer(parts: &Parts) -> Option<String> {
    let referer = parts
        .headers
        .get(axum::http::header::REFERER)?
        .to_str()
        .ok()?;
    let host = parts.headers.get(axum::http::header::HOST)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("http://")
        .or_else(|| referer.strip_prefix("https://"))?;
    let path = rest.strip_prefix(host)?;
    path.starts_with('/').then(|| path.to_string())
}

/// The language asked for by query or cookie.
pub fn lang_of(parts: &Parts, query: &[(String, String)]) -> Lang {
    if let Some(l) = query
        .iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::parse(v))
    {
        return l;
    }
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| Lang::parse(v))
        .unwrap_or(Lang::Id)
}

impl Ctx {
    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn other_lang_code(&self) -> &'static str {
        self.lang.other().code()
    }

    pub fn num(&self, n: &i64) -> String {
        fmt_int(*n, self.lang)
    }

    pub fn persons(&self, n: &i64) -> String {
        fmt_persons(*n, self.lang)
    }

    pub fn persons_of(&self, n: i64) -> String {
        fmt_persons(n, self.lang)
    }

    pub fn dec2(&self, x: &f64) -> String {
        fmt_dec2(*x, self.lang)
    }

    pub fn change(&self, x: &Option<f64>) -> String {
        fmt_change(*x, self.lang)
    }

    pub fn month(&self, m: &YearMonth) -> String {
        fmt_month(*m, self.lang)
    }

    /// This page with some parameters replaced (`None` removes one); `lang` is always dropped,
    /// the cookie carries it.
    pub fn href_with(&self, changes: &[(&str, Option<&str>)]) -> String {
        let mut q: Vec<(String, String)> = self
            .query
            .iter()
            .filter(|(k, v)| {
                k != "lang" && !v.trim().is_empty() && !changes.iter().any(|(c, _)| c == k)
            })
            .cloned()
            .collect();
        for (k, v) in changes {
            if let Some(v) = v {
                q.push((k.to_string(), v.to_string()));
            }
        }
        if q.is_empty() {
            self.path.clone()
        } else {
            format!(
                "{}?{}",
                self.path,
                serde_urlencoded::to_string(&q).unwrap_or_default()
            )
        }
    }

    /// The link that downloads one of this page's tables.
    pub fn export_href(&self, table: &str, format: &str) -> String {
        self.href_with(&[("table", Some(table)), ("format", Some(format))])
    }

    /// Whether a link in the navigation is the current page (for `aria-current`).
    pub fn is_current(&self, href: &str) -> bool {
        if href == "/" {
            self.path == "/"
        } else {
            self.path.starts_with(href)
        }
    }
}

/// `1234567` → `1.234.567` (Indonesian) or `1,234,567` (English).
pub fn fmt_int(n: i64, lang: Lang) -> String {
    let sep = match lang {
        Lang::Id => '.',
        Lang::En => ',',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A number with one decimal: `1234.56` → `1.234,6` (Indonesian) or `1,234.6` (English).
pub fn fmt_dec1(x: f64, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let tenths = (x * 10.0).round() as i64;
    let whole = fmt_int(tenths / 10, lang);
    let frac = (tenths % 10).unsigned_abs();
    let sign = if tenths < 0 && tenths / 10 == 0 {
        "-"
    } else {
        ""
    };
    let point = match lang {
        Lang::Id => ',',
        Lang::En => '.',
    };
    format!("{sign}{whole}{point}{frac}")
}

/// A number with two decimals: `-0.4321` → `-0,43`.
pub fn fmt_dec2(x: f64, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let hundredths = (x * 100.0).round() as i64;
    let whole = fmt_int(hundredths / 100, lang);
    let frac = (hundredths % 100).unsigned_abs();
    let sign = if hundredths < 0 && hundredths / 100 == 0 {
        "-"
    } else {
        ""
    };
    let point = match lang {
        Lang::Id => ',',
        Lang::En => '.',
    };
    format!("{sign}{whole}{point}{frac:02}")
}

/// A relative change as a signed percentage: `0.34` → `+34,0%`; `None` as a dash.
pub fn fmt_change(x: Option<f64>, lang: Lang) -> String {
    match x {
        Some(x) if x.is_finite() => {
            let sign = if x > 0.0 { "+" } else { "" };
            format!("{sign}{}%", fmt_dec1(x * 100.0, lang))
        }
        _ => "–".into(),
    }
}

/// `Rp 1.234.567` (or `Rp 1,234,567` in English).
pub fn fmt_rupiah(n: i64, lang: Lang) -> String {
    format!("Rp {}", fmt_int(n, lang))
}

/// A count of persons, with counts from 1 to 4 suppressed.
pub fn fmt_persons(n: i64, lang: Lang) -> String {
    if (1..MIN_CELL).contains(&n) {
        "<5".into()
    } else {
        fmt_int(n, lang)
    }
}

/// A share as a percentage with one decimal; `None` (not shown) as a dash.
pub fn fmt_pct(share: Option<f64>, lang: Lang) -> String {
    match share {
        // Rounded to thousandths of the share first, as files write it (0.6265 → 0.627 and
        // 62,7%): rounding s × 100 instead would round 62.6499… down.
        Some(s) => format!("{}%", fmt_dec1((s * 1000.0).round() / 10.0, lang)),
        None => "–".into(),
    }
}

const MONTHS_ID: [&str; 12] = [
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
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2025-08-17` → `17 Agustus 2025` or `17 August 2025`; anything unparsable as it is.
pub fn fmt_date(iso: &str, lang: Lang) -> String {
    match Date::parse(iso) {
        Ok(d) => match lang {
            Lang::Id => d.to_id_string(),
            Lang::En => format!(
                "{} {} {}",
                d.day(),
                MONTHS_EN[d.month() as usize - 1],
                d.year()
            ),
        },
        Err(_) => iso.to_string(),
    }
}

/// `2025-08` → `Agustus 2025` or `August 2025`.
pub fn fmt_month(m: YearMonth, lang: Lang) -> String {
    let names = match lang {
        Lang::Id => &MONTHS_ID,
        Lang::En => &MONTHS_EN,
    };
    format!("{} {}", names[m.month() as usize - 1], m.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_the_indonesian_way_by_default() {
        assert_eq!(fmt_int(1_234_567, Lang::Id), "1.234.567");
        assert_eq!(fmt_int(1_234_567, Lang::En), "1,234,567");
        assert_eq!(fmt_int(999, Lang::Id), "999");
        assert_eq!(fmt_int(1000, Lang::Id), "1.000");
        assert_eq!(fmt_int(-45_000, Lang::Id), "-45.000");
        assert_eq!(fmt_int(0, Lang::Id), "0");
        assert_eq!(fmt_dec1(1234.56, Lang::Id), "1.234,6");
        assert_eq!(fmt_dec1(1234.56, Lang::En), "1,234.6");
        assert_eq!(fmt_dec1(-0.26, Lang::Id), "-0,3");
        assert_eq!(fmt_pct(Some(0.853), Lang::Id), "85,3%");
        // As the files write the share: 0.6265 is 0.627 there and 62,7% here.
        assert_eq!(fmt_pct(Some(0.6265), Lang::Id), "62,7%");
        let cell: crate::table::Cell = crate::table::Value::Share(Some(0.6265)).into();
        assert_eq!(cell.plain_text(), "0.627");
        assert_eq!(fmt_dec2(-0.4321, Lang::Id), "-0,43");
        assert_eq!(fmt_dec2(1234.5, Lang::En), "1,234.50");
        assert_eq!(fmt_change(Some(0.34), Lang::Id), "+34,0%");
        assert_eq!(fmt_change(Some(-0.051), Lang::En), "-5.1%");
        assert_eq!(fmt_change(None, Lang::Id), "–");
    }

    #[test]
    fn dates_are_written_out_in_the_page_language() {
        assert_eq!(fmt_date("2025-08-17", Lang::Id), "17 Agustus 2025");
        assert_eq!(fmt_date("2025-08-17", Lang::En), "17 August 2025");
        assert_eq!(fmt_date("not a date", Lang::Id), "not a date");
        assert_eq!(
            fmt_month(YearMonth::parse("2025-01").unwrap(), Lang::Id),
            "Januari 2025"
        );
    }

    #[test]
    fn small_counts_of_persons_are_suppressed() {
        assert_eq!(fmt_persons(0, Lang::Id), "0");
        for n in 1..5 {
            assert_eq!(fmt_persons(n, Lang::Id), "<5");
        }
        assert_eq!(fmt_persons(5, Lang::Id), "5");
    }
}

//! Query-string parsing shared by pages and the JSON API. Every rejected value names its
//! parameter, so a bad filter is a 400 that says what to fix, never a 500 or a silent default.

use domain::{IscoCode, RegionCode, YearMonth};
use store::{MonthRange, VacancyFilter};

use crate::error::AppError;

/// The decoded query string, in order. Empty values count as absent (an empty form field).
pub struct Params {
    pairs: Vec<(String, String)>,
}

/// How a page answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Csv,
    Xlsx,
    Parquet,
}

pub const DEFAULT_PAGE_SIZE: i64 = 50;
pub const MAX_PAGE_SIZE: i64 = 500;
const MAX_PAGE: i64 = 1_000_000;
const MAX_TEXT: usize = 100;

/// Parameters of `/api/v1/vacancies`; the vacancy explorer also takes `format`, `table` and
/// `lang`.
pub const VACANCY_PARAMS: &[&str] = &[
    "province",
    "regency",
    "isco",
    "q",
    "from",
    "to",
    "page",
    "page_size",
];

impl Params {
    pub fn parse(raw: Option<&str>) -> Result<Params, AppError> {
        let pairs = match raw {
            None => Vec::new(),
            Some(q) => serde_urlencoded::from_str::<Vec<(String, String)>>(q).map_err(|_| {
                AppError::bad_param(
                    "query",
                    "tidak dapat dibaca (periksa penyandian %).",
                    "cannot be decoded (check its %-encoding).",
                )
            })?,
        };
        Ok(Params { pairs })
    }

    /// The first non-empty value of a parameter, trimmed.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .find(|v| !v.is_empty())
    }

    /// Refuses parameters not in `allowed`.
    pub fn only(&self, allowed: &[&str]) -> Result<(), AppError> {
        match self
            .pairs
            .iter()
            .find(|(k, _)| !allowed.contains(&k.as_str()))
        {
            Some((k, _)) => Err(AppError::unknown_param(k, allowed)),
            None => Ok(()),
        }
    }

    pub fn format(&self) -> Result<Format, AppError> {
        match self.get("format") {
            None | Some("html") => Ok(Format::Html),
            Some("csv") => Ok(Format::Csv),
            Some("xlsx") => Ok(Format::Xlsx),
            Some("parquet") => Ok(Format::Parquet),
            Some(other) => Err(AppError::bad_param(
                "format",
                format!("\"{other}\"; gunakan html, csv, xlsx atau parquet."),
                format!("\"{other}\"; use html, csv, xlsx or parquet."),
            )),
        }
    }

    /// `limit=`: `default` when absent, else a whole number from 1 to `max`.
    pub fn limit(&self, default: i64, max: i64) -> Result<i64, AppError> {
        match self.get("limit") {
            None => Ok(default),
            Some(l) => match l.parse::<i64>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(AppError::bad_param(
                    "limit",
                    format!("1 sampai {max}."),
                    format!("1 to {max}."),
                )),
            },
        }
    }

    pub fn table(&self) -> Option<&str> {
        self.get("table")
    }
}

/// A parsed vacancy query.
#[derive(Debug, Clone, PartialEq)]
pub struct VacancyQuery {
    pub filter: VacancyFilter,
    /// 1-based.
    pub page: i64,
    pub page_size: i64,
}

impl VacancyQuery {
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.page_size
    }
}

pub fn vacancy_query(p: &Params) -> Result<VacancyQuery, AppError> {
    vacancy_query_with(p, &[])
}

/// [`vacancy_query`] on a page that also takes the parameters `extra` (the explorer's
/// `format`, `table` and `lang`).
pub fn vacancy_query_with(p: &Params, extra: &[&str]) -> Result<VacancyQuery, AppError> {
    let allowed: Vec<&str> = VACANCY_PARAMS.iter().chain(extra).copied().collect();
    p.only(&allowed)?;
    let province = match p.get("province") {
        None => None,
        Some(s) => match RegionCode::parse(s) {
            Ok(r) if r.is_province() => Some(r),
            _ => {
                return Err(AppError::bad_param(
                    "province",
                    format!("\"{s}\" bukan kode provinsi Kemendagri (misalnya 32)."),
                    format!("\"{s}\" is not a Kemendagri province code (such as 32)."),
                ));
            }
        },
    };
    let regency = match p.get("regency") {
        None => None,
        Some(s) => match RegionCode::parse(s) {
            Ok(r) if r.is_regency() => Some(r),
            _ => {
                return Err(AppError::bad_param(
                    "regency",
                    format!("\"{s}\" bukan kode kabupaten/kota Kemendagri (misalnya 32.73)."),
                    format!("\"{s}\" is not a Kemendagri regency/city code (such as 32.73)."),
                ));
            }
        },
    };
    if let (Some(pr), Some(rg)) = (province, regency)
        && !pr.contains(rg)
    {
        return Err(AppError::bad_param(
            "regency",
            format!("{rg} tidak terletak di provinsi {pr}."),
            format!("{rg} does not lie in province {pr}."),
        ));
    }
    let isco = match p.get("isco") {
        None => None,
        Some(s) => Some(IscoCode::parse(s).map_err(|_| {
            AppError::bad_param(
                "isco",
                format!(
                    "\"{s}\" bukan kode ISCO-08/KBJI 1 sampai 4 angka (misalnya 72 atau 7212)."
                ),
                format!(
                    "\"{s}\" is not an ISCO-08/KBJI code of 1 to 4 digits (such as 72 or 7212)."
                ),
            )
        })?),
    };
    let title_contains = match p.get("q") {
        Some(s) if s.chars().count() > MAX_TEXT => {
            return Err(AppError::bad_param(
                "q",
                format!("paling banyak {MAX_TEXT} karakter."),
                format!("at most {MAX_TEXT} characters."),
            ));
        }
        other => other.map(str::to_string),
    };
    let month = |key: &str| -> Result<Option<YearMonth>, AppError> {
        match p.get(key) {
            None => Ok(None),
            Some(s) => YearMonth::parse(s).map(Some).map_err(|_| {
                AppError::bad_param(
                    key,
                    format!("\"{s}\" bukan bulan; tulis TTTT-BB, misalnya 2025-08."),
                    format!("\"{s}\" is not a month; write YYYY-MM, such as 2025-08."),
                )
            }),
        }
    };
    let (from, to) = (month("from")?, month("to")?);
    let period = match (from, to) {
        (None, None) => None,
        (f, t) => {
            let f = f.unwrap_or_else(|| YearMonth::new(1900, 1).expect("a valid month"));
            let t = t.unwrap_or_else(|| YearMonth::new(2100, 12).expect("a valid month"));
            if f > t {
                return Err(AppError::bad_param(
                    "to",
                    "bulan akhir sebelum bulan awal.",
                    "the end month is before the start month.",
                ));
            }
            Some(MonthRange { from: f, to: t })
        }
    };
    let int = |key: &str, default: i64, max: i64| -> Result<i64, AppError> {
        match p.get(key) {
            None => Ok(default),
            Some(s) => match s.parse::<i64>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                Ok(n) if n > max => Err(AppError::bad_param(
                    key,
                    format!("{n} terlalu besar; paling banyak {max}."),
                    format!("{n} is too large; at most {max}."),
                )),
                _ => Err(AppError::bad_param(
                    key,
                    format!("\"{s}\" bukan bilangan bulat positif."),
                    format!("\"{s}\" is not a positive whole number."),
                )),
            },
        }
    };
    let page = int("page", 1, MAX_PAGE)?;
    let page_size = int("page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)?;
    Ok(VacancyQuery {
        filter: VacancyFilter {
            province,
            regency,
            isco,
            title_contains,
            period,
        },
        page,
        page_size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &str) -> Result<VacancyQuery, String> {
        vacancy_query(&Params::parse(Some(query)).unwrap()).map_err(|e| match e {
            AppError::BadRequest { param, .. } => param,
            other => format!("{other:?}"),
        })
    }

    #[test]
    fn empty_form_fields_mean_no_filter() {
        let q = check("province=&regency=&isco=&q=&from=&to=&page_size=").unwrap();
        assert_eq!(q.filter, VacancyFilter::default());
        assert_eq!((q.page, q.page_size), (1, DEFAULT_PAGE_SIZE));
    }

    #[test]
    fn valid_filters_are_parsed() {
        let q = check(
            "province=32&regency=32.73&isco=72&q=las&from=2025-01&to=2025-06&page=3&page_size=100",
        )
        .unwrap();
        assert_eq!(q.filter.regency.unwrap().to_string(), "32.73");
        assert_eq!(q.filter.isco.unwrap().to_string(), "72");
        assert_eq!(q.offset(), 200);
    }

    #[test]
    fn each_bad_value_names_its_parameter() {
        assert_eq!(check("province=99").unwrap_err(), "province");
        assert_eq!(check("province=32.73").unwrap_err(), "province");
        assert_eq!(check("regency=32").unwrap_err(), "regency");
        assert_eq!(check("province=31&regency=32.73").unwrap_err(), "regency");
        assert_eq!(check("isco=72a").unwrap_err(), "isco");
        assert_eq!(check("from=2025-13").unwrap_err(), "from");
        assert_eq!(check("from=2025-06&to=2025-01").unwrap_err(), "to");
        assert_eq!(check("page=0").unwrap_err(), "page");
        assert_eq!(check("page=-1").unwrap_err(), "page");
        assert_eq!(check("page_size=501").unwrap_err(), "page_size");
        assert_eq!(check("page_size=abc").unwrap_err(), "page_size");
        assert_eq!(check("color=red").unwrap_err(), "color");
        assert_eq!(check(&format!("q={}", "a".repeat(101))).unwrap_err(), "q");
    }
}

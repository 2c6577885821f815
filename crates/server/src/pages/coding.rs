//! `/kode`: codes vacancy titles pasted into a form, one per line (optionally a tab and the
//! location, as a spreadsheet's two columns paste), with the shipped coder for Indonesian ads:
//! each title's occupation code, its confidence and evidence, the coder's other candidates,
//! the skills the title names, and the region of the location.
//!
//! A GET form: nothing is stored, a result is a link that can be shared, and the table
//! downloads as CSV, XLSX or Parquet like every page's. Whole files, with descriptions and
//! context fields, are for `listraf code`; the page codes at most [`MAX_LINES`] titles.

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use classify::coder::Coding;
use classify::location::Resolution;
use classify::skills::Skill;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::params::Params;
use crate::table::{Cell, Table, Value, col};
use crate::view::{evidence_in, occupation_title};

/// Titles coded per request: a page of results, and a bound on the work one request asks for
/// (a title takes some 20 µs; the coder is built once, in about half a second).
pub const MAX_LINES: usize = 500;
/// Characters read of one title: longer lines are pasted descriptions, not titles.
const MAX_TITLE: usize = 200;

#[derive(Template)]
#[template(path = "coding/show.html")]
struct CodingPage<'a> {
    c: &'a Ctx,
    input: String,
    max_chars: usize,
    n: i64,
    coded: i64,
    tables: Vec<Table>,
}

/// One pasted line: the title, and the location when a tab follows it.
struct Line {
    title: String,
    location: Option<String>,
}

struct Coded {
    line: Line,
    coding: Coding,
    skills: Vec<Skill>,
    place: Option<Resolution>,
}

pub async fn show(c: Ctx, RawQuery(q): RawQuery) -> Response {
    let result = build(&c, q.as_deref()).await;
    super::finish(c, result)
}

fn parse_lines(input: &str) -> Result<Vec<Line>, AppError> {
    let lines: Vec<Line> = input
        .lines()
        .filter_map(|l| {
            let mut cells = l.split('\t');
            let title = cells.next()?.trim();
            (!title.is_empty()).then(|| Line {
                title: title.chars().take(MAX_TITLE).collect(),
                location: cells
                    .next()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| s.chars().take(MAX_TITLE).collect()),
            })
        })
        .collect();
    if lines.len() > MAX_LINES {
        return Err(AppError::bad_param(
            "judul",
            format!(
                "paling banyak {MAX_LINES} judul sekali kodekan, ini {}. Kodekan berkas dengan perintah `listraf code`.",
                lines.len()
            ),
            format!(
                "at most {MAX_LINES} titles at a time, this is {}. Code files with `listraf code`.",
                lines.len()
            ),
        ));
    }
    Ok(lines)
}

async fn build(c: &Ctx, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    params.only(&["judul", "format", "table", "lang"])?;
    let input = params.get("judul").unwrap_or("").to_string();
    let lines = parse_lines(&input)?;
    // Coding is CPU work (and the first request builds the coder): off the async workers.
    let rows = tokio::task::spawn_blocking(move || {
        let coder = classify::Coder::shipped();
        lines
            .into_iter()
            .map(|line| Coded {
                coding: coder.code(&line.title, None),
                skills: classify::skills::extract(&line.title, None),
                place: line.location.as_deref().map(classify::location::resolve),
                line,
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| AppError::Internal(format!("coding task: {e}")))?;
    let tables = vec![results_table(c, &rows)];
    if let Some(r) = super::export_if_asked(&params, "kode", &tables)? {
        return Ok(r);
    }
    super::render(&CodingPage {
        c,
        input,
        max_chars: MAX_LINES * (MAX_TITLE + 1),
        n: rows.len() as i64,
        coded: rows.iter().filter(|r| r.coding.code.is_some()).count() as i64,
        tables,
    })
}

fn results_table(c: &Ctx, rows: &[Coded]) -> Table {
    let t = c.t;
    Table {
        id: "coded",
        caption: t.code_results.to_string(),
        columns: vec![
            col("line", "No."),
            col("title", t.title),
            col("isco08", t.code),
            col("occupation", t.occupation),
            col("confidence", t.confidence),
            col("evidence", t.evidence),
            col("candidates", t.coder_candidates),
            col("skills", t.skills_found),
            col("location", t.location_as_written),
            col("region", t.region),
        ],
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (code, occupation) = match r.coding.code {
                    Some(u) => {
                        let href = format!("/okupasi/{u}");
                        (
                            Cell::code(u.to_string()).link(href.clone()),
                            Cell::text(occupation_title(u, c.lang)).link(href),
                        )
                    }
                    None => (Cell::code(""), Cell::text(t.coder_uncoded)),
                };
                // The candidates after the first: what else the title could be.
                let others = r
                    .coding
                    .candidates
                    .iter()
                    .skip(usize::from(r.coding.code.is_some()))
                    .map(|x| format!("{} {}", x.unit, occupation_title(x.unit, c.lang)))
                    .collect::<Vec<_>>()
                    .join("; ");
                let skills = if r.skills.is_empty() {
                    t.code_no_skills.to_string()
                } else {
                    r.skills
                        .iter()
                        .map(|s| s.label.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                let region = match &r.place {
                    None => Cell::text(""),
                    Some(p) => match p.region() {
                        Some(code) => Cell::text(format!("{code} {}", code.info().name))
                            .link(format!("/wilayah/{code}")),
                        None => Cell::text(t.region_unresolved),
                    },
                };
                vec![
                    Cell::int(i as i64 + 1),
                    Cell::text(r.line.title.clone()),
                    code,
                    occupation,
                    Value::Share(Some(f64::from(r.coding.confidence))).into(),
                    Cell::text(evidence_in(c.lang, &r.coding.evidence)),
                    Cell::text(others),
                    Cell::text(skills),
                    Cell::text(r.line.location.clone().unwrap_or_default()),
                    region,
                ]
            })
            .collect(),
        has_persons: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lines_give_titles_and_locations_and_too_many_are_refused() {
        let l = parse_lines("Tukang Las\tKab. Bekasi\n\n  Sopir  \n\t\nKasir\t \n").unwrap();
        let got: Vec<(&str, Option<&str>)> = l
            .iter()
            .map(|x| (x.title.as_str(), x.location.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Tukang Las", Some("Kab. Bekasi")),
                ("Sopir", None),
                ("Kasir", None)
            ]
        );
        let many = "Sales\n".repeat(MAX_LINES + 1);
        let e = parse_lines(&many)
            .err()
            .map(|e| e.message(crate::i18n::Lang::Id));
        assert!(e.is_some_and(|m| m.contains("501")));
        assert_eq!(
            parse_lines(&"Sales\n".repeat(MAX_LINES))
                .map(|l| l.len())
                .ok(),
            Some(MAX_LINES)
        );
        let long = "x".repeat(MAX_TITLE * 2);
        assert_eq!(
            parse_lines(&long).unwrap()[0].title.chars().count(),
            MAX_TITLE
        );
    }
}

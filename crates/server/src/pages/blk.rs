//! `/blk/{code}`: one BLK: capacity per kejuruan, the programmes it offers, and its cohorts by
//! year and programme with completion and certification rates, its outcome scorecard and tracer
//! due counts, and the programme recommendation for next year (`pages/plans.rs`). Trainees are
//! only counted.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use domain::reference;
use domain::reference::Region;
use store::BlkProfile;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Params;
use crate::table::{Cell, Table, Value, col};
use crate::view::{self, BlkView, share};

#[derive(Template)]
#[template(path = "blk/show.html")]
struct BlkPage<'a> {
    c: &'a Ctx,
    blk: BlkProfile,
    /// The BLK's type in the page's language ("BLK Komunitas", "Community BLK").
    type_label: String,
    region: Option<&'static Region>,
    province: Option<&'static Region>,
    /// The scorecard as (key, label, value) lines, and the date it is measured at.
    scorecard: Vec<(&'static str, &'static str, String)>,
    scorecard_as_of: String,
    /// Whether a scorecard count is rounded or withheld (the note then says why).
    scorecard_withheld: bool,
    /// Tracer contacts due this week and overdue, by wave.
    due: Option<crate::results::DueCounts>,
    tables: Vec<Table>,
    /// The programme recommendation (`pages/plans.rs`).
    plan: super::plans::BlkPlan,
}

pub async fn show(
    State(st): State<AppState>,
    c: Ctx,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(q): RawQuery,
) -> Response {
    let result = match path {
        Ok(Path(code)) => build(&st, &c, &code, q.as_deref()).await,
        Err(_) => Err(AppError::unknown_blk("?")),
    };
    super::finish(c, result)
}

async fn build(st: &AppState, c: &Ctx, code: &str, q: Option<&str>) -> Result<Response, AppError> {
    let params = Params::parse(q)?;
    let code = view::check_blk_code(code)?;
    let found = view::blk(st, code).await?;
    let Some(data) = found.as_ref() else {
        return Err(AppError::unknown_blk(code));
    };
    let mut tables = tables(c, data);
    // The recommendation's tables export like the page's own, whole; the page shows them cut.
    let mut plan = super::plans::blk_section(st, c, code, &params).await?;
    let own = tables.len();
    tables.append(&mut plan.tables);
    if let Some(r) = super::export_if_asked(&params, &format!("blk-{code}"), &tables)? {
        return Ok(r);
    }
    plan.tables = tables.split_off(own);
    plan.cut_for_page(c.t);
    let region = data.profile.region;
    let cur = crate::market::current(st).await?;
    let owned = code.to_string();
    let outcomes = crate::market::compute(&cur.loaded, move |l| {
        let o = l.outcomes.as_ref()?;
        let card = o.scorecards.get(&owned).cloned();
        Some((card, o.due_counts(&owned), o.as_of, o.settings.min_cell))
    })
    .await?;
    let (scorecard, scorecard_as_of, due, scorecard_withheld) = match outcomes {
        Some((card, due, as_of, min_cell)) => (
            card.as_ref()
                .map(|k| scorecard_lines(c, k, min_cell))
                .unwrap_or_default(),
            crate::ctx::fmt_date(&as_of.to_string(), c.lang),
            Some(due),
            card.is_some_and(|k| {
                k.kinds.iter().any(|s| {
                    matches!(
                        s,
                        analytics::outcomes::Shown::Withheld
                            | analytics::outcomes::Shown::Rounded(_)
                    )
                })
            }),
        ),
        None => (Vec::new(), String::new(), None, false),
    };
    super::render(&BlkPage {
        c,
        scorecard_withheld,
        region: region.map(|r| r.info()),
        province: region.map(|r| r.province().info()),
        type_label: crate::view::blk_type_label(&data.profile.blk_type, c.lang),
        blk: data.profile.clone(),
        plan,
        scorecard,
        scorecard_as_of,
        due,
        tables,
    })
}

/// The scorecard in the page language; rates of cells below `min_cell` traced graduates are
/// not shown.
fn scorecard_lines(
    c: &Ctx,
    k: &analytics::outcomes::Scorecard,
    min_cell: u64,
) -> Vec<(&'static str, &'static str, String)> {
    use crate::ctx::{fmt_dec1, fmt_int, fmt_pct};
    let t = c.t;
    let lang = c.lang;
    let n = |v: u64| crate::ctx::fmt_persons(i64::try_from(v).unwrap_or(i64::MAX), lang);
    let pct = |v: Option<f64>| fmt_pct(v, lang);
    let kb = &k.kebekerjaan;
    let ok = kb.publishable(min_cell);
    let of = t.of_n;
    let mut lines = vec![
        (
            "kebekerjaan",
            t.kebekerjaan,
            if ok {
                let (lo, hi) = kb.interval.unwrap_or((0.0, 0.0));
                format!(
                    "{} [{}–{}] · {} {} · {} {}",
                    pct(kb.rate),
                    fmt_dec1(lo * 100.0, lang),
                    fmt_dec1(hi * 100.0, lang),
                    n(kb.traced),
                    t.traced.to_lowercase(),
                    t.weighted_rate.to_lowercase(),
                    pct(kb.weighted_rate)
                )
            } else {
                "–".into()
            },
        ),
        (
            "response_rate",
            t.response_rate,
            format!(
                "{} ({} {of} {})",
                pct(kb.response_rate),
                n(kb.traced),
                n(kb.graduates)
            ),
        ),
        ("employed_by_kind", t.employed_by_kind, {
            let [wage, self_employed, overseas] = k
                .kinds
                .map(|s| crate::table::Cell::from(s).html_text(&lang));
            format!(
                "{} {wage} · {} {self_employed} · {} {overseas}",
                t.wage, t.self_employed, t.overseas,
            )
        }),
        (
            "completion",
            t.completion,
            format!(
                "{} ({} {of} {})",
                pct(k.completion_rate),
                n(k.completed),
                n(k.finished)
            ),
        ),
        (
            "certification",
            t.certification,
            format!(
                "{} ({} {of} {})",
                pct(k.certification_rate),
                n(k.certified),
                n(k.completed)
            ),
        ),
        ("placed", t.placed, n(k.placed)),
        (
            "cost_per_placement",
            t.cost_per_placement,
            k.cost_per_placement
                .map_or_else(|| "–".into(), |v| crate::ctx::fmt_rupiah(v, lang)),
        ),
        (
            "days_to_first_job",
            t.days_to_first_job,
            k.median_days_to_first_job
                .map_or_else(|| "–".into(), |d| fmt_dec1(d, lang)),
        ),
        (
            "unemployment",
            t.unemployment,
            format!(
                "{}% / {}%",
                k.province_tpt
                    .map_or_else(|| "–".into(), |v| fmt_dec1(v, lang)),
                fmt_dec1(k.national_tpt, lang)
            ),
        ),
        ("expected", t.expected, pct(k.expected)),
        (
            "difference",
            t.difference,
            k.difference.map_or_else(
                || "–".into(),
                |d| {
                    let sign = if d > 0.0 { "+" } else { "" };
                    format!("{sign}{} {}", fmt_dec1(d * 100.0, lang), t.points)
                },
            ),
        ),
    ];
    let rank = |r: Option<(usize, usize)>| {
        r.map_or_else(
            || "–".into(),
            |(a, b)| {
                format!(
                    "{} {of} {}",
                    fmt_int(a as i64, lang),
                    fmt_int(b as i64, lang)
                )
            },
        )
    };
    lines.push(("rank_adjusted", t.rank_adjusted, rank(k.rank_adjusted)));
    lines.push(("rank_raw", t.rank_raw, rank(k.rank_raw)));
    lines.push(("rank_peers", t.rank_peers, rank(k.rank_in_peers)));
    lines
}

fn name_of<'a>(lang: Lang, id: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

fn tables(c: &Ctx, data: &BlkView) -> Vec<Table> {
    let t = c.t;
    let r = reference();
    let kejuruan_name = |code: &str| {
        r.kejuruan(code)
            .map(|k| name_of(c.lang, &k.name_id, &k.name_en).to_string())
            .unwrap_or_default()
    };
    let programme_name = |code: &str| {
        r.programme(code)
            .map(|p| name_of(c.lang, &p.name_id, &p.name_en).to_string())
            .unwrap_or_default()
    };
    vec![
        Table {
            id: "capacity",
            caption: t.capacity.to_string(),
            columns: vec![
                col("kejuruan_code", t.code),
                col("kejuruan", t.kejuruan),
                col("workshops", t.workshops),
                col("instructors", t.instructors),
            ],
            rows: data
                .profile
                .capacity
                .iter()
                .map(|k| {
                    vec![
                        Cell::code(k.kejuruan_code.clone()),
                        Cell::text(kejuruan_name(&k.kejuruan_code)),
                        Cell::int(k.workshops),
                        Cell::int(k.instructors),
                    ]
                })
                .collect(),
            has_persons: false,
        },
        Table {
            id: "programmes",
            caption: t.programmes_offered.to_string(),
            columns: vec![
                col("programme_code", t.code),
                col("programme", t.programme),
                col("kejuruan", t.kejuruan),
                col("jp_hours", t.jp_hours),
                col("isco08_units", t.prepares_for),
            ],
            rows: data
                .profile
                .programmes
                .iter()
                .map(|code| {
                    let p = r.programme(code);
                    let units = p
                        .map(|p| {
                            p.isco_units
                                .iter()
                                .map(|u| u.to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                        .unwrap_or_default();
                    vec![
                        Cell::code(code.clone()),
                        Cell::text(programme_name(code)),
                        Cell::text(
                            p.map(|p| kejuruan_name(&p.kejuruan_code))
                                .unwrap_or_default(),
                        ),
                        match p {
                            Some(p) => Cell::int(p.jp_hours as i64),
                            None => Cell::text(""),
                        },
                        Cell::code(units),
                    ]
                })
                .collect(),
            has_persons: false,
        },
        Table {
            id: "cohorts",
            caption: t.cohorts_by_year.to_string(),
            columns: vec![
                col("year", t.year),
                col("programme_code", t.code),
                col("programme", t.programme),
                col("cohorts", t.cohorts),
                col("seats", t.seats),
                col("trainees", t.trainees),
                col("completion_rate", t.completion_rate),
                col("certification_rate", t.certification_rate),
            ],
            rows: data
                .cohorts
                .iter()
                .map(|g| {
                    vec![
                        Cell::code(g.year.to_string()),
                        Cell::code(g.programme_code.clone()),
                        Cell::text(programme_name(&g.programme_code)),
                        Cell::int(g.cohorts),
                        Cell::int(g.seats),
                        Cell::persons(g.trainees),
                        Value::Share(share(g.completed, g.finished)).into(),
                        Value::Share(share(g.certified, g.completed)).into(),
                    ]
                })
                .collect(),
            has_persons: true,
        },
    ]
}

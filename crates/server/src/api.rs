//! The JSON API under `/api/v1`: the same resources as the pages, plain numbers and ISO dates,
//! counts of persons from 1 to 4 as `null`. Errors are `{"code": …, "message": …}` with a 4xx
//! status (and `parameter` for a bad query parameter). Described by `openapi.json`.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use store::{Headline, MonthRange, RegionCounts};

use crate::AppState;
use crate::analysis::Current;
use crate::error::{ApiError, AppError};
use crate::market::{self, GapArgs, TrendArgs};
use crate::params::{Params, vacancy_query};
use crate::view::{self, per_100k, persons_json, share};

const OPENAPI: &str = include_str!("openapi.json");

pub async fn openapi() -> Response {
    ([(CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

fn headline_json(h: &Headline) -> Value {
    json!({
        "blks": h.blks,
        "active_job_seekers": persons_json(h.active_job_seekers),
        "unique_vacancies": h.unique_vacancies,
        "cohorts": h.cohorts,
        "trainees": persons_json(h.trainees),
        "graduates": persons_json(h.graduates),
        "placements": persons_json(h.placements),
    })
}

fn period_json(w: Option<MonthRange>) -> Value {
    match w {
        Some(w) => json!({"from": w.from.to_string(), "to": w.to.to_string()}),
        None => Value::Null,
    }
}

fn region_counts_json(r: &domain::reference::Region, n: &RegionCounts) -> Value {
    json!({
        "code": r.code.to_string(),
        "name": r.name,
        "population": r.population,
        "blks": n.blks,
        "active_job_seekers": persons_json(n.active_job_seekers),
        "unique_vacancies": n.unique_vacancies,
        "positions": n.positions,
        "vacancies_per_100k": per_100k(n.unique_vacancies, r.population),
    })
}

pub async fn summary(State(st): State<AppState>) -> Result<Json<Value>, ApiError> {
    let d = view::overview(&st).await?;
    Ok(Json(json!({
        "scope": "national",
        "synthetic": d.synthetic,
        "period": period_json(d.window),
        "counts": headline_json(&d.headline),
        "provinces": d.provinces.iter().map(|(r, n)| region_counts_json(r, n)).collect::<Vec<_>>(),
    })))
}

pub async fn region(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let Ok(Path(code)) = path else {
        return Err(AppError::unknown_region("?").into());
    };
    let code = view::parse_region(&code)?;
    let d = view::region(&st, code).await?;
    Ok(Json(json!({
        "code": code.to_string(),
        "name": d.region.name,
        "level": if code.is_province() { "province" } else { "regency" },
        "province": d.province.map(|p| json!({"code": p.code.to_string(), "name": p.name})),
        "population": d.region.population,
        "period": period_json(d.window),
        "counts": headline_json(&d.headline),
        "top_occupations": d.occupations.iter().map(|o| json!({
            "isco08": o.isco.to_string(),
            "title_en": o.isco.title_en(),
            "title_id": o.isco.title_id(),
            "unique_vacancies": o.unique_vacancies,
            "positions": o.positions,
        })).collect::<Vec<_>>(),
        "blks": d.blks.iter().map(|b| json!({
            "code": b.code,
            "name": b.name,
            "type": b.blk_type,
            "region_code": b.region.map(|r| r.to_string()),
        })).collect::<Vec<_>>(),
        "regencies": d.regencies.iter().map(|(r, n)| region_counts_json(r, n)).collect::<Vec<_>>(),
    })))
}

pub async fn vacancies(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(q.as_deref())?;
    if params.get("format").is_some() {
        return Err(AppError::bad_param(
            "format",
            "API selalu menjawab JSON; ekspor CSV/XLSX ada di /lowongan.",
            "the API always answers JSON; CSV/XLSX exports are at /lowongan.",
        )
        .into());
    }
    let query = vacancy_query(&params)?;
    let page = view::vacancies(&st, &query).await?;
    Ok(Json(json!({
        "page": query.page,
        "page_size": query.page_size,
        "total": page.total,
        "items": page.rows.iter().map(|v| json!({
            "id": v.id,
            "source": v.source,
            "title": v.title,
            "employer": v.employer,
            "region_code": v.region_code,
            "isco08": v.isco08,
            "positions": v.positions,
            "posted_date": v.posted_date,
            "expires_date": v.expires_date,
            "duplicate_of": v.duplicate_of,
        })).collect::<Vec<_>>(),
    })))
}

/// Codes one ad given in the query: its occupation (code, confidence, evidence, the coder's
/// candidates), the skills it names and the region of its location. Nothing is stored; the
/// same coder as imports and `/kode`.
pub async fn code(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(q.as_deref())?;
    params.only(&["title", "description", "context", "location"])?;
    // Each field is cut to what the coder could use of it.
    let field = |name: &str, chars: usize| -> Option<String> {
        params
            .get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| v.chars().take(chars).collect())
    };
    let Some(title) = field("title", 200) else {
        return Err(AppError::bad_param(
            "title",
            "judul lowongan wajib diisi, misalnya title=Tukang%20Las.",
            "a vacancy title is required, e.g. title=Tukang%20Las.",
        )
        .into());
    };
    let (description, context, location) = (
        field("description", 5_000),
        field("context", 1_000),
        field("location", 200),
    );
    let reviewed = view::reviewed_titles(&st).await?;
    let out = tokio::task::spawn_blocking(move || {
        let coded = pipeline::coding::AdCoding::of(
            classify::Coder::shipped(),
            &reviewed,
            &title,
            classify::coder::AdBody {
                description: description.as_deref(),
                context: context.as_deref(),
            },
        );
        let c = &coded.coding;
        let skills = classify::skills::extract_tagged(&title, None, description.as_deref());
        let place = location.as_deref().map(classify::location::resolve);
        // Where the work is, as imports and `listraf code` store it: the title's place counts.
        let workplace =
            classify::location::workplace(&title, place.as_ref().and_then(|p| p.region()));
        let occupation = |u: domain::IscoCode| {
            json!({
                "isco08": u.to_string(),
                "title_en": u.title_en(),
                "title_id": u.title_id(),
            })
        };
        json!({
            "title": title,
            "occupation": coded.code().map(occupation),
            "basis": coded.basis(),
            "review": coded.review.map(|r| json!({
                "title": r.title,
                "isco08": r.isco.to_string(),
                "note": r.note,
                "reviewer": r.actor,
                "reviewed_at": r.reviewed_at,
            })),
            "confidence": c.confidence,
            "evidence": coded.evidence(),
            "candidates": c.candidates.iter().map(|x| occupation(x.unit)).collect::<Vec<_>>(),
            "skills": skills.iter().map(|s| json!({
                "label": s.label,
                "name_id": classify::skills::indonesian_name(&s.label),
                "matched": s.matched,
            })).collect::<Vec<_>>(),
            "location": location,
            "region": workplace.region.map(|r| json!({
                "code": r.to_string(),
                "name": r.info().name,
            })),
            "region_from_title": workplace.from_title,
            "region_note": place
                .as_ref()
                .filter(|_| workplace.region.is_none())
                .map(|p| p.to_string()),
        })
    })
    .await
    .map_err(|e| AppError::Internal(format!("coding task: {e}")))?;
    Ok(Json(out))
}

/// One vacancy: the ad as recorded (contacts in its description hidden), how its occupation
/// was obtained, what the coder reads in it today, its skills and its duplicate cluster.
pub async fn vacancy(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let Ok(Path(id)) = path else {
        return Err(AppError::unknown_vacancy("?").into());
    };
    let id = view::parse_vacancy_id(&id)?;
    let data = view::vacancy(&st, id).await?;
    let v = &data.vacancy;
    let description = v
        .description
        .as_deref()
        .map(|d| view::hide_contacts(d, "[contact hidden]").0);
    Ok(Json(json!({
        "id": v.id,
        "source": v.source,
        "source_id": v.source_id,
        "title": v.title,
        "employer": v.employer,
        "location_text": v.location_text,
        "region_code": v.region_code,
        "region_resolved": v.region_resolved,
        "isco08": v.isco08,
        "isco_basis": data.basis.key(),
        "isco_confidence": v.isco_confidence,
        "kbli": v.kbli,
        "education": v.education,
        "experience_years": v.experience_years,
        "salary_min": v.salary_min,
        "salary_max": v.salary_max,
        "positions": v.positions,
        "posted_date": v.posted_date,
        "expires_date": v.expires_date,
        "context": v.context,
        "skill_tags": v.skill_tags,
        "description": description,
        "coder": {
            "isco08": data.coding.code.map(|c| c.to_string()),
            "confidence": data.coding.confidence,
            "evidence": data.coding.evidence,
            "candidates": data.coding.candidates.iter().map(|c| json!({
                "isco08": c.unit.to_string(),
                "title_en": c.unit.title_en(),
            })).collect::<Vec<_>>(),
        },
        "skills": data.skills.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(),
        "skill_names_id": skill_names_id(data.skills.iter().map(|s| s.label.as_str())),
        "duplicate_cluster": v.duplicate_cluster,
        "duplicates": data.others().map(|r| json!({
            "id": r.id,
            "source": r.source,
            "title": r.title,
            "posted_date": r.posted_date,
            "counted": r.duplicate_of.is_none(),
        })).collect::<Vec<_>>(),
    })))
}

/// Skill labels → their Indonesian names, for the labels that have one: the labels stay the
/// skills' identity, so a client that shows Indonesian looks each one up here.
fn skill_names_id<'a>(labels: impl Iterator<Item = &'a str>) -> serde_json::Map<String, Value> {
    labels
        .filter_map(|l| {
            Some((
                l.to_string(),
                Value::from(classify::skills::indonesian_name(l)?),
            ))
        })
        .collect()
}

pub async fn occupation(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let Ok(Path(code)) = path else {
        return Err(AppError::unknown_occupation("?").into());
    };
    let isco = view::parse_isco(&code)?;
    let d = view::occupation(&st, isco).await?;
    Ok(Json(json!({
        "isco08": isco.to_string(),
        "level": isco.level(),
        "title_en": isco.title_en(),
        "title_id": isco.title_id(),
        "parent": isco.parent().map(|p| p.to_string()),
        "period": period_json(d.window),
        "by_province": d.by_province.iter().map(|(r, n)| json!({
            "code": r.code.to_string(),
            "name": r.name,
            "unique_vacancies": n.unique_vacancies,
            "positions": n.positions,
        })).collect::<Vec<_>>(),
        "programmes": d.programmes.iter().map(|p| json!({
            "code": p.code,
            "name_id": p.name_id,
            "name_en": p.name_en,
            "kejuruan_code": p.kejuruan_code,
            "jp_hours": p.jp_hours,
            "isco08_units": p.isco_units.iter().map(|u| u.to_string()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "skills": {
            "ads_read": d.skills_read,
            "most_asked": d.skills.iter().map(|(label, n)| json!({
                "label": label,
                "name_id": classify::skills::indonesian_name(label),
                "ads": n,
                "share_of_ads": share(*n, d.skills_read),
            })).collect::<Vec<_>>(),
        },
        "subgroups": d.subgroups.iter().map(|e| json!({
            "isco08": e.code,
            "title_en": e.title_en,
            "title_id": domain::IscoCode::parse(&e.code).ok().and_then(|i| i.title_id()),
        })).collect::<Vec<_>>(),
    })))
}

pub async fn blk(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let Ok(Path(code)) = path else {
        return Err(AppError::unknown_blk("?").into());
    };
    let code = view::check_blk_code(&code)?;
    let found = view::blk(&st, code).await?;
    let Some(d) = found.as_ref() else {
        return Err(AppError::unknown_blk(code).into());
    };
    let p = &d.profile;
    Ok(Json(json!({
        "code": p.code,
        "name": p.name,
        "type": p.blk_type,
        "region_code": p.region.map(|r| r.to_string()),
        "address": p.address,
        "capacity": p.capacity.iter().map(|k| json!({
            "kejuruan_code": k.kejuruan_code,
            "workshops": k.workshops,
            "instructors": k.instructors,
        })).collect::<Vec<_>>(),
        "programmes": p.programmes,
        "cohorts": d.cohorts.iter().map(|g| json!({
            "year": g.year,
            "programme_code": g.programme_code,
            "cohorts": g.cohorts,
            "seats": g.seats,
            "trainees": persons_json(g.trainees),
            "completion_rate": share(g.completed, g.finished),
            "certification_rate": share(g.certified, g.completed),
        })).collect::<Vec<_>>(),
    })))
}

/// Parameters of `/api/v1/gap`: the page's filters plus `limit`.
const API_GAP_PARAMS: &[&str] = &["region", "isco", "level", "by", "period", "limit", "offset"];
const DEFAULT_GAP_LIMIT: usize = 1000;
const MAX_GAP_LIMIT: usize = 20_000;

fn snapshot_json(cur: &Current) -> Value {
    json!({"data_version": cur.loaded.version, "refreshing": cur.refreshing})
}

/// A rounded supply share as a count of persons (suppressed from 1 to 4).
pub async fn gap(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(q.as_deref())?;
    params.only(API_GAP_PARAMS)?;
    let args = GapArgs::parse(&params)?;
    let limit = match params.get("limit") {
        None => DEFAULT_GAP_LIMIT,
        Some(l) => match l.parse::<usize>() {
            Ok(n) if (1..=MAX_GAP_LIMIT).contains(&n) => n,
            _ => {
                return Err(AppError::bad_param(
                    "limit",
                    format!("1 sampai {MAX_GAP_LIMIT}."),
                    format!("1 to {MAX_GAP_LIMIT}."),
                )
                .into());
            }
        },
    };
    // A regency table holds tens of thousands of cells: read it a page at a time.
    let offset = match params.get("offset") {
        None => 0,
        Some(o) => o.parse::<usize>().map_err(|_| {
            AppError::bad_param(
                "offset",
                "bilangan bulat 0 atau lebih.",
                "a whole number, 0 or more.",
            )
        })?,
    };
    let cur = market::current(&st).await?;
    let a = args.clone();
    let table = market::gap_cached(&st, &cur, &a).await?;
    let Some(t) = table.as_ref() else {
        return Ok(Json(json!({
            "snapshot": snapshot_json(&cur),
            "period": Value::Null,
            "total": 0,
            "cells": [],
            "coverage_notes": [],
        })));
    };
    Ok(Json(json!({
        "snapshot": snapshot_json(&cur),
        "formula": "gap_index = (demand - supply) / (demand + supply), in [-1, 1]; supply = job seekers + graduates + due_to_graduate, rounded to a multiple of supply_rounded_to (null when 0 to 4: then seekers_per_position_below and gap_index_above are bounds; a cell without demand and a supply under 5 is not listed); seekers_per_position and gap_index are computed from the rounded supply",
        "supply_rounded_to": analytics::outcomes::MIN_CELL,
        "thin_below": t.query.thin_below,
        "by": args.by_key(),
        "level": t.query.level,
        "period": {"from": t.query.window.first.to_string(), "to": t.query.window.last.to_string()},
        "total": t.cells.len(),
        "offset": offset,
        "cells": t.cells.iter().skip(offset).take(limit).map(|g| {
            let p = g.public();
            let [seekers, graduates, expected] = p.parts.map(shown_json);
            let bound = |b: analytics::Bounded| match b {
                analytics::Bounded::Below(x) | analytics::Bounded::Above(x) => x,
                analytics::Bounded::Exact(_) => None,
            };
            json!({
            "rank": g.rank,
            "region_code": g.area.code(),
            "region": g.area.name(),
            "isco08": g.isco.to_string(),
            "title_en": g.isco.title_en(),
            "title_id": g.isco.title_id(),
            "demand_positions": g.demand,
            "unique_vacancies": g.vacancies,
            "job_seekers": seekers,
            "graduates": graduates,
            "due_to_graduate": expected,
            "supply": shown_json(p.supply),
            "seekers_per_position": p.seekers_per_position.exact(),
            "seekers_per_position_below": bound(p.seekers_per_position),
            "gap_index": p.gap_index.exact(),
            "gap_index_above": bound(p.gap_index),
            "thin": g.thin,
            "low_coverage": g.low_coverage,
        })}).collect::<Vec<_>>(),
        "coverage_notes": t.coverage.iter().map(|n| json!({
            "province": n.province.to_string(),
            "vacancy_share": n.vacancy_share,
            "labour_share": n.labour_share,
            "ratio": n.ratio,
            "text": n.text(),
        })).collect::<Vec<_>>(),
    })))
}

pub async fn forecast(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(q.as_deref())?;
    params.only(&["region", "isco", "horizon"])?;
    let args = TrendArgs::parse(&params)?;
    let cur = market::current(&st).await?;
    let a = args.clone();
    let trend = market::compute(&cur.loaded, move |l| {
        market::trend(l, a.region, a.isco, a.horizon)
    })
    .await?;
    let head = json!({
        "region_code": args.region.map(|r| r.to_string()),
        "isco08": args.isco.map(|i| i.to_string()),
        "horizon": args.horizon,
    });
    let Some(t) = trend else {
        return Ok(Json(json!({
            "snapshot": snapshot_json(&cur),
            "query": head,
            "history": [],
            "forecast": Value::Null,
        })));
    };
    let history: Vec<Value> = t
        .series
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| json!({"month": t.series.month(i).to_string(), "positions": v}))
        .collect();
    let forecast = match &t.forecast {
        Ok(f) => json!({
            "method": f.method().name(),
            "sigma": f.sigma(),
            "backtest_mase": t.mase,
            "points": f.points().iter().map(|p| json!({
                "month": p.month().to_string(),
                "mean": p.mean().max(0.0),
                "pi80": [p.pi80().lo().max(0.0), p.pi80().hi()],
                "pi95": [p.pi95().lo().max(0.0), p.pi95().hi()],
            })).collect::<Vec<_>>(),
        }),
        Err(e) => json!({"unavailable": e}),
    };
    Ok(Json(json!({
        "snapshot": snapshot_json(&cur),
        "query": head,
        "growth_12m": t.growth.map(|g| json!({
            "current": g.current,
            "previous": g.previous,
            "rate": g.rate(),
        })),
        "history": history,
        "forecast": forecast,
    })))
}

pub async fn potential(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let Ok(Path(code)) = path else {
        return Err(AppError::unknown_region("?").into());
    };
    let code = view::parse_region(&code)?;
    let cur = market::current(&st).await?;
    let table = market::compute(&cur.loaded, move |l| market::potential(l, code)).await?;
    let Some(p) = table else {
        return Err(AppError::NotFound {
            code: "no_indicators",
            id: format!("Belum ada indikator ekonomi daerah untuk {code}."),
            en: format!("There are no regional economic indicators for {code} yet."),
        }
        .into());
    };
    Ok(Json(json!({
        "snapshot": snapshot_json(&cur),
        "region_code": code.to_string(),
        "name": code.name(),
        "reference": "nation",
        "first_year": p.first_year,
        "last_year": p.last_year,
        "grdp_idr_billion": p.grdp,
        "growth": p.growth,
        "reference_growth": p.reference_growth,
        "sectors": p.sectors.iter().map(|s| json!({
            "kbli_category": s.category.to_string(),
            "title_id": s.category.title_id(),
            "title_en": s.category.title_en(),
            "grdp_idr_billion": s.grdp,
            "share": s.share,
            "reference_share": s.reference_share,
            "lq": s.lq,
            "growth": s.growth,
            "reference_growth": s.reference_growth,
            "klassen": s.klassen.map(|k| k.numeral()),
            "leading": s.is_leading(),
            "employment": s.employment,
            "employment_estimated": s.employment_estimated,
            "employment_change_per_year": s.employment_change,
        })).collect::<Vec<_>>(),
        "expected_demand": p.demand.iter().map(|d| json!({
            "isco08": d.isco.to_string(),
            "title_en": d.isco.title_en(),
            "workers_per_year": d.workers_per_year,
            "main_sector": d.main_sector.to_string(),
        })).collect::<Vec<_>>(),
        "notes": p.notes.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
    })))
}

/// A published count of persons as JSON: the count, or null when under the threshold or
/// withheld.
fn shown_json(s: analytics::outcomes::Shown) -> Value {
    s.count().map_or(Value::Null, |n| json!(n))
}

/// A count of persons as JSON from an unsigned count.
fn persons_u(n: u64) -> Value {
    persons_json(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `kinds`: the row's kinds of work as published (a BLK's are protected against its
/// province's too).
fn outcome_row_json(
    r: &analytics::outcomes::OutcomeRow,
    min_cell: u64,
    kinds: [analytics::outcomes::Shown; 3],
) -> Value {
    let ok = r.publishable(min_cell);
    let rate = |v: Option<f64>| if ok { v } else { None };
    // Rounded to 5, or null when under 5 or withheld so that such a count cannot be
    // worked out.
    let [wage, self_employed, overseas] = kinds.map(|s| s.count());
    json!({
        "code": r.key,
        "name": r.label,
        "wave_months": r.wave,
        "graduates": persons_u(r.graduates),
        "traced": persons_u(r.traced),
        "response_rate": if r.graduates >= min_cell { r.response_rate } else { None },
        "kebekerjaan": rate(r.rate),
        "ci95": if ok { r.interval.map(|(lo, hi)| json!([lo, hi])) } else { None },
        "weighted_rate": rate(r.weighted_rate),
        "wage": wage,
        "self_employed": self_employed,
        "overseas": overseas,
        "proxy_answers_left_out": persons_u(r.proxy + r.unconfirmed),
    })
}

fn framework_json(r: &analytics::outcomes::FrameworkRow) -> Value {
    json!({
        "level": r.level.code(),
        "area_code": if r.area.is_empty() { "00" } else { r.area.as_str() },
        "area": r.area_name,
        "indicator": r.indicator.code(),
        "year": r.year,
        "project_year": r.project_year,
        "target": r.target,
        "to_date": r.to_date,
        "achievement": r.achievement,
        "year_end_forecast": r.forecast,
        "forecast_method": r.method,
        "on_track": r.on_track,
    })
}

/// `/api/v1/outcomes?by=province|programme`: kebekerjaan at the 6-month wave and the results
/// framework of the current year (nation and provinces).
pub async fn outcomes(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(q.as_deref())?;
    params.only(&["by"])?;
    let by = params.get("by").unwrap_or("province");
    if !matches!(by, "province" | "programme") {
        return Err(AppError::bad_param(
            "by",
            "province atau programme.",
            "province or programme.",
        )
        .into());
    }
    let cur = market::current(&st).await?;
    let Some(o) = cur.loaded.outcomes.as_ref() else {
        return Ok(Json(
            json!({"snapshot": snapshot_json(&cur), "as_of": Value::Null, "rows": [], "framework": []}),
        ));
    };
    let rows = if by == "province" {
        &o.by_province
    } else {
        &o.by_programme
    };
    Ok(Json(json!({
        "snapshot": snapshot_json(&cur),
        "as_of": o.as_of.to_string(),
        "wave_months": o.settings.headline_wave,
        "min_cell": o.settings.min_cell,
        "definition": "kebekerjaan = (wage-employed + self-employed + overseas) / traced graduates; proxy and unconfirmed answers left out",
        "kinds_of_work_rounded_to": o.settings.min_cell,
        "by": by,
        "rows": rows.iter().map(|r| outcome_row_json(r, o.settings.min_cell, r.employed_by_kind(o.settings.min_cell))).collect::<Vec<_>>(),
        "framework": o.framework.iter().map(framework_json).collect::<Vec<_>>(),
    })))
}

/// `/api/v1/blks/{code}/scorecard`.
pub async fn scorecard(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let Ok(Path(code)) = path else {
        return Err(AppError::unknown_blk("?").into());
    };
    let code = view::check_blk_code(&code)?.to_string();
    let cur = market::current(&st).await?;
    let found = cur
        .loaded
        .outcomes
        .as_ref()
        .and_then(|o| Some((o, o.scorecards.get(&code)?)));
    let Some((o, k)) = found else {
        return Err(AppError::unknown_blk(&code).into());
    };
    let due = o.due_counts(&code);
    Ok(Json(json!({
        "snapshot": snapshot_json(&cur),
        "blk": k.blk,
        "name": k.name,
        "region_code": k.region.to_string(),
        "as_of": o.as_of.to_string(),
        "cohorts": k.cohorts,
        "trainees": persons_u(k.trainees),
        "completion_rate": k.completion_rate,
        "certification_rate": k.certification_rate,
        "placed": persons_u(k.placed),
        "cost_idr": k.cost_idr,
        "cost_per_placement_idr": k.cost_per_placement,
        "median_days_to_first_job": k.median_days_to_first_job,
        "kebekerjaan": outcome_row_json(&k.kebekerjaan, o.settings.min_cell, k.kinds),
        // As the page writes them: "~90" rounded, "<5", "x" withheld, "0".
        "kinds_of_work_shown": {
            "wage": k.kinds[0].public(o.settings.min_cell),
            "self_employed": k.kinds[1].public(o.settings.min_cell),
            "overseas": k.kinds[2].public(o.settings.min_cell),
        },
        "kinds_of_work_rounded_to": o.settings.min_cell,
        "province_unemployment_percent": k.province_tpt,
        "national_unemployment_percent": k.national_tpt,
        "expected_from_programme_mix": k.expected_mix,
        "expected": k.expected,
        "difference": k.difference,
        "rank_adjusted": k.rank_adjusted.map(|(a, b)| json!([a, b])),
        "rank_raw": k.rank_raw.map(|(a, b)| json!([a, b])),
        "peers": k.peers,
        "rank_in_peers": k.rank_in_peers.map(|(a, b)| json!([a, b])),
        // Counts of graduates as the page writes them: 1 to 4 is null ("<5").
        "tracer_due": due.due.iter().map(|(w, n)| json!({"wave_months": w, "graduates": persons_u(*n)})).collect::<Vec<_>>(),
        "tracer_overdue": due.reminders.iter().map(|(w, n)| json!({"wave_months": w, "graduates": persons_u(*n)})).collect::<Vec<_>>(),
    })))
}

/// `GET /api/v1/review-queue`: the stored titles most in need of a hand-given occupation code
/// (expected wrong codes first, as `/kode/tinjau` ranks them) and the titles already reviewed.
pub async fn review_queue(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(q.as_deref())?;
    params.only(&["limit"])?;
    let limit = params.limit(50, 200)? as usize;
    let data = crate::pages::review::queue_and_reviews(&st).await?;
    let (queue, reviewed) = &*data;
    let titles: Vec<Value> = queue
        .iter()
        .take(limit)
        .map(|g| {
            json!({
                "title": g.title,
                "title_key": g.key,
                "ads": g.ads,
                "uncoded": g.uncoded,
                "codes": g.codes.iter().map(|(c, n)| json!({"isco08": c.to_string(), "ads": n})).collect::<Vec<_>>(),
                "expected_wrong": (g.expected_wrong * 1000.0).round() / 1000.0,
            })
        })
        .collect();
    let reviews: Vec<Value> = reviewed
        .iter()
        .map(|r| {
            json!({
                "title": r.review.title,
                "title_key": r.review.key,
                "isco08": r.review.isco.to_string(),
                "ads": r.ads,
                "note": r.review.note,
                "reviewer": r.review.actor,
                "reviewed_at": r.review.reviewed_at,
            })
        })
        .collect();
    Ok(Json(json!({"titles": titles, "reviewed": reviews})))
}

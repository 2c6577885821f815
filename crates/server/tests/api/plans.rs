//! Training plans on the web: a BLK's ranked recommendation whose page figures and reasons match
//! the JSON API; allocation runs made from the form (within budget), what-ifs with their deltas,
//! the form token, read-only mode off loopback, and clear 4xx answers for bad input.

use serde_json::Value;

use crate::helpers::{Response, TestApp, spawn_app, spawn_app_on_copy, start_with};
use crate::{hrefs, id_num, sel, text, texts};

/// A signed whole number the Indonesian way: -984000000 → -984.000.000.
fn id_int(n: i64) -> String {
    if n < 0 {
        format!("-{}", id_num(-n))
    } else {
        id_num(n)
    }
}

/// One decimal the Indonesian way: 1234.56 → 1.234,6.
fn id_dec1(x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.abs();
    format!("{sign}{},{}", id_num(t / 10), t % 10)
}

fn form_body(pairs: &[(&str, &str)]) -> Vec<u8> {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn post_form(app: &TestApp, path: &str, pairs: &[(&str, &str)]) -> Response {
    app.request(
        "POST",
        path,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &form_body(pairs),
    )
    .await
}

async fn token(app: &TestApp) -> String {
    let doc = app.get("/rencana").await.html();
    doc.select(&sel("#new-plan input[name=csrf]"))
        .next()
        .and_then(|e| e.value().attr("value").map(str::to_string))
        .expect("a form token on a loopback server")
}

/// The run a 303 points to.
fn run_id(r: &Response) -> i64 {
    assert_eq!(r.status, 303, "{}", r.text());
    let to = r.header("location").expect("a Location header");
    to.strip_prefix("/rencana/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("a run page, got {to}"))
}

/// A BLK whose recommendation suggests cohorts, with that recommendation.
async fn blk_with_cohorts(app: &TestApp) -> (String, Value) {
    let (_, summary) = app.json("/api/v1/summary").await;
    let mut provinces: Vec<&Value> = summary["provinces"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["blks"].as_i64().unwrap() > 0)
        .collect();
    provinces.sort_by_key(|p| -p["unique_vacancies"].as_i64().unwrap());
    for p in provinces.iter().take(8) {
        let (_, region) = app
            .json(&format!("/api/v1/regions/{}", p["code"].as_str().unwrap()))
            .await;
        for b in region["blks"].as_array().unwrap() {
            let code = b["code"].as_str().unwrap().to_string();
            let (status, rec) = app
                .json(&format!("/api/v1/blks/{code}/recommendations"))
                .await;
            assert_eq!(status, 200, "{rec}");
            if rec["totals"]["cohorts"].as_u64().unwrap() > 0 {
                return (code, rec);
            }
        }
    }
    panic!("no BLK in the test data gets a suggested cohort");
}

#[tokio::test]
async fn a_blk_page_ranks_programmes_with_reasons_whose_numbers_match_the_api() {
    let app = spawn_app().await;
    let (code, rec) = blk_with_cohorts(&app).await;
    let lines = rec["lines"].as_array().unwrap();
    let runnable: Vec<&Value> = lines
        .iter()
        .filter(|l| !l["needs_investment"].as_bool().unwrap())
        .collect();
    let first = runnable[0];
    assert_eq!(first["rank"], 1);

    let r = app.get(&format!("/blk/{code}")).await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    assert!(text(&doc, "#plan-title").ends_with(&rec["year"].to_string()));
    assert_eq!(
        text(&doc, "#plan-summary dd[data-key=cohorts]"),
        id_num(rec["totals"]["cohorts"].as_i64().unwrap())
    );
    assert_eq!(
        text(&doc, "#plan-summary dd[data-key=cost]"),
        format!("Rp {}", id_num(rec["totals"]["cost_idr"].as_i64().unwrap()))
    );
    // Every shown row is the API's line of the same rank, with the same figures and reason.
    let rows: Vec<Vec<String>> = doc
        .select(&sel("#recommendation tbody tr"))
        .map(|tr| {
            tr.select(&sel("td"))
                .map(|td| td.text().collect::<String>().trim().to_string())
                .collect()
        })
        .collect();
    assert!(!rows.is_empty() && rows.len() <= runnable.len());
    for (row, line) in rows.iter().zip(&runnable) {
        assert_eq!(row[0], line["rank"].to_string());
        assert_eq!(row[1], line["programme"].as_str().unwrap());
        assert_eq!(row[4], id_num(line["cohorts"].as_i64().unwrap()));
        assert_eq!(
            row[6],
            id_dec1(line["expected_placements"].as_f64().unwrap())
        );
        assert_eq!(
            row[10],
            id_dec1(line["placements_per_billion"].as_f64().unwrap())
        );
        let reason = line["reason_id"].as_str().unwrap();
        assert_eq!(row[14], reason);
        // The reason carries the score it ranks by.
        assert!(
            reason.contains(&format!(
                "~{} penempatan per Rp 1 miliar",
                id_dec1(line["placements_per_billion"].as_f64().unwrap())
            )),
            "{reason}"
        );
    }
    // Ranked: placements per Rp 1 miliar never rise down the list.
    let scores: Vec<f64> = runnable
        .iter()
        .map(|l| l["placements_per_billion"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let invest = doc.select(&sel("#needs_investment tbody tr")).count();
    assert!(invest <= 10);
    assert_eq!(
        invest,
        lines.len().saturating_sub(runnable.len()).min(10),
        "the top 10 needing investment"
    );
    assert_eq!(
        doc.select(&sel("#catchment tbody tr")).count(),
        rec["catchment"]["members"].as_array().unwrap().len()
    );

    // English: the English sentence.
    let doc = app.get(&format!("/blk/{code}?lang=en")).await.html();
    assert_eq!(
        texts(&doc, "#recommendation tbody tr:first-child td")[14],
        first["reason_en"].as_str().unwrap()
    );

    // The export holds every runnable line, with plain numbers.
    let csv = app
        .get(&format!("/blk/{code}?format=csv&table=recommendation"))
        .await;
    assert_eq!(csv.status, 200);
    let body = csv.text();
    assert!(body.starts_with("rank,programme_code,programme,"), "{body}");
    assert_eq!(body.trim_end().lines().count(), runnable.len() + 1);

    // Bad input: a clear 4xx.
    let (status, e) = app
        .json(&format!("/api/v1/blks/{code}/recommendations?year=26"))
        .await;
    assert_eq!((status, e["parameter"].as_str()), (400, Some("year")));
    let (status, e) = app.json("/api/v1/blks/NO-SUCH-BLK/recommendations").await;
    assert_eq!((status, e["code"].as_str()), (404, Some("unknown_blk")));
}

#[tokio::test]
async fn a_plan_made_from_the_form_stays_within_budget_and_a_what_if_shows_its_deltas() {
    let (app, _db) = spawn_app_on_copy("plans").await;
    let csrf = token(&app).await;
    let budget: i64 = 2_000_000_000;

    // A forged token and a bad budget are refused before anything is solved.
    let forged = post_form(
        &app,
        "/rencana",
        &[
            ("csrf", "forged"),
            ("fund", "DEKON"),
            ("year", "2026"),
            ("budget", "2000000000"),
        ],
    )
    .await;
    assert_eq!(forged.status, 403);
    let bad = post_form(
        &app,
        "/rencana",
        &[
            ("csrf", &csrf),
            ("fund", "DEKON"),
            ("year", "2026"),
            ("budget", "dua miliar"),
        ],
    )
    .await;
    assert_eq!(bad.status, 400);
    assert!(
        text(&bad.html(), "#error-message").contains("\"budget\""),
        "{}",
        bad.text()
    );
    let (_, runs) = app.json("/api/v1/plans").await;
    assert_eq!(runs["runs"].as_array().unwrap().len(), 0, "nothing saved");

    // A run: solved, saved, and shown on its own page.
    let r = post_form(
        &app,
        "/rencana",
        &[
            ("csrf", &csrf),
            ("fund", "dekon"),
            ("year", "2026"),
            ("budget", "2.000.000.000"),
            ("min_share_province", "0"),
            ("top_k", "5"),
        ],
    )
    .await;
    let id = run_id(&r);
    let (status, run) = app.json(&format!("/api/v1/plans/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(run["fund"], "DEKON");
    let result = &run["result"];
    let cost = result["cost_idr"].as_i64().unwrap();
    assert!(cost > 0 && cost <= budget, "cost {cost} within {budget}");
    let lines = result["lines"].as_array().unwrap();
    assert!(!lines.is_empty());
    let page = app.get(&format!("/rencana/{id}")).await;
    assert_eq!(page.status, 200);
    let doc = page.html();
    assert_eq!(
        text(&doc, "#summary dd[data-key=cost]"),
        format!("Rp {}", id_num(cost))
    );
    assert_eq!(
        text(&doc, "#inputs dd[data-key=budget]"),
        format!("Rp {}", id_num(budget))
    );
    assert_eq!(
        doc.select(&sel("#plan tbody tr")).count(),
        lines.len().min(150)
    );
    assert!(doc.select(&sel("#provinces tbody tr")).count() > 0);
    assert!(doc.select(&sel("#whatif input[name=csrf]")).count() == 1);
    let listed = app.get("/rencana").await.html();
    assert!(hrefs(&listed, "#runs tbody a").contains(&format!("/rencana/{id}")));

    // A what-if with half the budget: saved against its base, deltas shown. With a forged
    // token it is refused before anything is solved.
    let half = (budget / 2).to_string();
    let forged = post_form(
        &app,
        &format!("/rencana/{id}/whatif"),
        &[("csrf", "forged"), ("budget", &half), ("moves", "")],
    )
    .await;
    assert_eq!(forged.status, 403);
    let r = post_form(
        &app,
        &format!("/rencana/{id}/whatif"),
        &[("csrf", &csrf), ("budget", &half), ("moves", "")],
    )
    .await;
    let w = run_id(&r);
    assert_ne!(w, id);
    let (_, wrun) = app.json(&format!("/api/v1/plans/{w}")).await;
    let cmp = &wrun["comparison"];
    assert_eq!(cmp["base_run"].as_i64(), Some(id));
    let delta = cmp["delta_expected_placements"].as_f64().unwrap();
    let expected_then = result["expected_placements"].as_f64().unwrap();
    let expected_now = wrun["result"]["expected_placements"].as_f64().unwrap();
    assert!((delta - (expected_now - expected_then)).abs() < 1e-6);
    assert!(wrun["result"]["cost_idr"].as_i64().unwrap() <= budget / 2);
    let doc = app.get(&format!("/rencana/{w}")).await.html();
    assert_eq!(hrefs(&doc, "#base-run"), [format!("/rencana/{id}")]);
    let first = texts(&doc, "#comparison tbody tr:first-child td");
    assert_eq!(first[1], id_dec1(expected_then));
    assert_eq!(first[2], id_dec1(expected_now));
    assert_eq!(first[3], id_dec1(delta));
    let cost_row = texts(&doc, "#comparison tbody tr:nth-child(2) td");
    assert_eq!(cost_row[3], id_int(cmp["delta_cost_idr"].as_i64().unwrap()));

    // A move of one cohort between two lines of the plan: exactly those lines change.
    if lines.len() >= 2 {
        let (a, b) = (&lines[0], &lines[1]);
        let m = format!(
            "{}:{}->{}:{}:1",
            a["blk"].as_str().unwrap(),
            a["programme"].as_str().unwrap(),
            b["blk"].as_str().unwrap(),
            b["programme"].as_str().unwrap()
        );
        let r = post_form(
            &app,
            &format!("/rencana/{id}/whatif"),
            &[("csrf", &csrf), ("moves", &m)],
        )
        .await;
        let moved = run_id(&r);
        let (_, mrun) = app.json(&format!("/api/v1/plans/{moved}")).await;
        let changed = mrun["comparison"]["changed_lines"].as_array().unwrap();
        assert_eq!(changed.len(), 2, "{changed:?}");
        let steps: Vec<i64> = changed
            .iter()
            .map(|l| l["cohorts_after"].as_i64().unwrap() - l["cohorts_before"].as_i64().unwrap())
            .collect();
        assert!(steps.contains(&-1) && steps.contains(&1), "{steps:?}");
    }

    // Bad what-ifs: named, never a 500.
    let r = post_form(
        &app,
        &format!("/rencana/{id}/whatif"),
        &[("csrf", &csrf), ("moves", "not a move")],
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(text(&r.html(), "#error-message").contains("\"moves\""));
    let r = post_form(&app, &format!("/rencana/{id}/whatif"), &[("csrf", &csrf)]).await;
    assert_eq!(r.status, 400);
    let r = post_form(
        &app,
        "/rencana/999999/whatif",
        &[("csrf", &csrf), ("budget", "1000000000")],
    )
    .await;
    assert_eq!(r.status, 404);
    let r = post_form(
        &app,
        "/rencana",
        &[
            ("csrf", &csrf),
            ("fund", "TP"),
            ("year", "2026"),
            ("budget", "1000000000"),
            ("top_k", "0"),
        ],
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(text(&r.html(), "#error-message").contains("\"top_k\""));
}

#[tokio::test]
async fn a_server_not_on_loopback_shows_no_plan_forms_and_refuses_posts() {
    let public = start_with("0.0.0.0:0", server::Options::default()).await;
    let r = public.get("/rencana").await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    assert_eq!(doc.select(&sel("#new-plan")).count(), 0);
    assert_eq!(doc.select(&sel("#read-only")).count(), 1);
    let r = post_form(
        &public,
        "/rencana",
        &[
            ("csrf", "x"),
            ("fund", "TP"),
            ("year", "2026"),
            ("budget", "1000000000"),
        ],
    )
    .await;
    assert_eq!(r.status, 403);
    let r = post_form(
        &public,
        "/rencana/1/whatif",
        &[("csrf", "x"), ("budget", "1")],
    )
    .await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn unknown_runs_and_bad_parameters_are_clear_4xx() {
    let app = spawn_app().await;
    for path in ["/rencana/999999", "/rencana/abc", "/rencana/-1"] {
        let r = app.get(path).await;
        assert_eq!(r.status, 404, "{path}");
        assert!(!text(&r.html(), "#error-message").is_empty());
    }
    let (status, e) = app.json("/api/v1/plans/999999").await;
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("unknown_plan_run"))
    );
    let (status, e) = app.json("/api/v1/plans?limit=0").await;
    assert_eq!((status, e["parameter"].as_str()), (400, Some("limit")));
    let (status, _) = app.json("/api/v1/plans").await;
    assert_eq!(status, 200);
    assert_eq!(app.get("/rencana?format=pdf").await.status, 400);
    // Reachable from every page's header.
    let doc = app.get("/").await.html();
    assert!(hrefs(&doc, "header nav a").contains(&"/rencana".to_string()));
}

#[tokio::test]
async fn recommendation_evidence_gives_back_no_supply_finer_than_its_rounding() {
    let app = spawn_app().await;
    // The published regency gap table: supply per (regency, ISCO unit), "<5" as 2.
    let mut table: std::collections::HashMap<(String, String), f64> = Default::default();
    let mut offset = 0;
    loop {
        let (status, page) = app
            .json(&format!(
                "/api/v1/gap?by=regency&level=4&limit=20000&offset={offset}"
            ))
            .await;
        assert_eq!(status, 200);
        let cells = page["cells"].as_array().unwrap();
        for c in cells {
            table.insert(
                (
                    c["region_code"].as_str().unwrap().to_string(),
                    c["isco08"].as_str().unwrap().to_string(),
                ),
                c["supply"].as_f64().unwrap_or(2.0),
            );
        }
        if cells.len() < 20_000 {
            break;
        }
        offset += 20_000;
    }
    let (_, summary) = app.json("/api/v1/summary").await;
    let (mut lines_seen, mut with_index) = (0, 0);
    for p in summary["provinces"].as_array().unwrap() {
        let (_, region) = app
            .json(&format!("/api/v1/regions/{}", p["code"].as_str().unwrap()))
            .await;
        for b in region["blks"].as_array().unwrap() {
            let code = b["code"].as_str().unwrap();
            let (status, rec) = app
                .json(&format!("/api/v1/blks/{code}/recommendations"))
                .await;
            assert_eq!(status, 200, "{rec}");
            let members = rec["catchment"]["members"].as_array().unwrap();
            for line in rec["lines"].as_array().unwrap() {
                lines_seen += 1;
                let d = line["demand_positions"].as_f64().unwrap();
                let s = line["supply"]
                    .as_f64()
                    .expect("a multiple of 5 is never hidden");
                // The index and the room are the rounded supply's: with the exact demand they
                // say nothing finer (an exact one gave a one-regency catchment's supply back).
                assert!(
                    (line["room"].as_f64().unwrap() - (d - s).max(0.0)).abs() < 1e-9,
                    "{line}"
                );
                if let Some(g) = line["gap_index"].as_f64() {
                    with_index += 1;
                    assert!((g - (d - s) / (d + s)).abs() < 1e-9, "{line}");
                }
                // And the rounded supply is the published table's, weighted over the catchment
                // (a cell the table leaves out counting none): the evidence tells a reader
                // nothing the tables do not.
                let programme = domain::reference()
                    .programme(line["programme"].as_str().unwrap())
                    .expect("a catalogue programme");
                let mut sum = 0.0;
                for m in members {
                    let region = m["region_code"].as_str().unwrap().to_string();
                    for u in &programme.isco_units {
                        sum += m["weight"].as_f64().unwrap()
                            * table
                                .get(&(region.clone(), u.to_string()))
                                .copied()
                                .unwrap_or(0.0);
                    }
                }
                assert_eq!((sum / 5.0).round() * 5.0, s, "{code}: {line}");
            }
        }
    }
    assert!(
        lines_seen > 0 && with_index > 0,
        "{lines_seen} lines, {with_index} with an index"
    );
}

//! Training results on the pages: the results framework against its targets, kebekerjaan with
//! small cells suppressed, the kebekerjaan map, and a BLK's scorecard and tracer due counts.

use crate::helpers::spawn_app;
use crate::{sel, text, texts};

/// Rows of a CSV export as header → value maps.
fn csv_rows(body: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(body.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn results_show_the_framework_and_suppress_small_cells() {
    let app = spawn_app().await;
    let r = app.get("/hasil").await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    // The nation's five indicators, each with a target (the demo proposes them).
    let national = texts(&doc, "#framework tbody tr td:nth-child(3)");
    assert_eq!(national.len(), 5, "{national:?}");
    let targets = texts(&doc, "#framework tbody tr td:nth-child(5)");
    assert!(targets.iter().all(|t| !t.is_empty()), "{targets:?}");

    let csv = app.get("/hasil?format=csv&table=by_province").await;
    assert_eq!(csv.status, 200);
    let rows = csv_rows(&csv.text());
    assert!(!rows.is_empty());
    let mut shown = 0;
    for row in &rows {
        let traced = &row["traced"];
        if traced == "<5" {
            assert_eq!(
                row["kebekerjaan"], "",
                "a rate over fewer than 5 traced is hidden"
            );
            assert_eq!(row["ci95_low"], "");
        } else if !row["kebekerjaan"].is_empty() {
            shown += 1;
            let rate: f64 = row["kebekerjaan"].parse().unwrap();
            let (lo, hi): (f64, f64) = (
                row["ci95_low"].parse().unwrap(),
                row["ci95_high"].parse().unwrap(),
            );
            assert!(lo <= rate && rate <= hi, "{row:?}");
        }
    }
    // Programmes are named in the page's language, as the catalogue names them; the two
    // bounds of the interval are told apart.
    for (lang, name_of) in [
        (
            "",
            (|p: &domain::Programme| p.name_id.clone()) as fn(&domain::Programme) -> String,
        ),
        ("?lang=en", |p: &domain::Programme| p.name_en.clone()),
    ] {
        let doc = app.get(&format!("/hasil{lang}")).await.html();
        let codes = texts(&doc, "#by_programme tbody tr td:nth-child(1)");
        let names = texts(&doc, "#by_programme tbody tr td:nth-child(2)");
        assert!(!codes.is_empty());
        for (code, name) in codes.iter().zip(&names) {
            let p = domain::reference()
                .programme(code)
                .expect("a catalogue programme");
            assert_eq!(name, &name_of(p), "{lang} {code}");
        }
        let heads = texts(&doc, "#by_programme thead th");
        let lower = heads.iter().filter(|h| h.contains("95")).count();
        assert_eq!(lower, 2, "{heads:?}");
        assert_ne!(heads[6], heads[7], "{heads:?}");
    }
    // The framework's download reads the same in both languages: indicator codes as targets
    // are imported, on-track as true/false.
    let id = app.get("/hasil?format=csv&table=framework").await.text();
    let en = app
        .get("/hasil?format=csv&table=framework&lang=en")
        .await
        .text();
    assert_eq!(id, en);
    let rows = csv_rows(&id);
    assert!(rows.iter().any(|r| r["indicator"] == "KEBEKERJAAN"), "{id}");
    assert!(
        rows.iter()
            .all(|r| ["true", "false", ""].contains(&r["on_track"].as_str())),
        "{id}"
    );
    // The map colours exactly the provinces whose rate may be published.
    let map = app.get("/?peta=kebekerjaan").await.html();
    let coloured = map
        .select(&sel("#map path"))
        .filter(|p| p.value().attr("fill") != Some("#d9d9d9"))
        .count();
    assert_eq!(coloured, shown);
    // The overview carries the same framework.
    let overview = app.get("/").await.html();
    assert_eq!(
        texts(&overview, "#framework tbody tr td:nth-child(3)"),
        national
    );
}

#[tokio::test]
async fn a_blk_page_shows_its_scorecard_and_tracer_due_counts() {
    let app = spawn_app().await;
    let (_, summary) = app.json("/api/v1/summary").await;
    assert!(summary["counts"]["cohorts"].as_i64().unwrap() > 0);
    // A BLK of the busiest province, from its region page.
    let doc = app.get("/wilayah/32").await.html();
    let blk = crate::hrefs(&doc, "#blks tbody tr td:first-child a")
        .into_iter()
        .next()
        .expect("a BLK in Jawa Barat");
    let page = app.get(&blk).await;
    assert_eq!(page.status, 200);
    let doc = page.html();
    assert!(text(&doc, "#scorecard h2").starts_with("Rapor BLK"));
    for key in ["completion", "certification", "expected", "rank_adjusted"] {
        assert!(
            !text(&doc, &format!("#scorecard dd[data-key={key}]")).is_empty(),
            "{key}"
        );
    }
    let waves: Vec<String> = doc
        .select(&sel("#tracer-due tbody tr"))
        .filter_map(|r| r.value().attr("data-wave").map(str::to_string))
        .collect();
    assert_eq!(waves, ["1", "3", "6", "12"]);
    let en = app.get(&format!("{blk}?lang=en")).await.html();
    assert!(text(&en, "#scorecard h2").starts_with("BLK scorecard"));

    // The API's scorecard is the page's.
    let code = blk.trim_start_matches("/blk/");
    let (status, card) = app.json(&format!("/api/v1/blks/{code}/scorecard")).await;
    assert_eq!(status, 200, "{card}");
    let completion = card["completion_rate"].as_f64().unwrap();
    let shown = text(&doc, "#scorecard dd[data-key=completion]");
    let pct = format!("{:.1}%", completion * 100.0).replace('.', ",");
    assert!(shown.starts_with(&pct), "{shown} vs {pct}");
    // A BLK's kinds of work add up to its province's: each is rounded to 5 ("≈"), under 5
    // ("<5"), withheld ("×") or 0, on the page and in the API alike.
    let kinds = text(&doc, "#scorecard dd[data-key=employed_by_kind]");
    let values: Vec<&str> = kinds
        .split(" · ")
        .map(|part| part.rsplit(' ').next().unwrap())
        .collect();
    assert_eq!(values.len(), 3, "{kinds}");
    for (v, key) in values.iter().zip(["wage", "self_employed", "overseas"]) {
        let api = &card["kebekerjaan"][key];
        match *v {
            "<5" | "×" => assert!(api.is_null(), "{key}: {v} vs {api}"),
            "0" => assert_eq!(api.as_u64(), Some(0)),
            rounded => {
                let n: u64 = rounded
                    .strip_prefix('≈')
                    .unwrap_or_else(|| panic!("{key}: {rounded} is not rounded"))
                    .replace('.', "")
                    .parse()
                    .unwrap();
                assert_eq!(n % 5, 0, "{kinds}");
                assert_eq!(api.as_u64(), Some(n), "{key}");
            }
        }
    }
    assert_eq!(card["kinds_of_work_rounded_to"], 5);
    // Tracer contacts due are counts of persons: 1 to 4 is "<5" on the page and null in the
    // API, for every BLK of two provinces.
    let mut small = 0;
    for province in ["32", "11"] {
        let doc = app.get(&format!("/wilayah/{province}")).await.html();
        for blk in crate::hrefs(&doc, "#blks tbody tr td:first-child a") {
            let page = app.get(&blk).await.html();
            let shown: std::collections::HashMap<u64, Vec<String>> = page
                .select(&sel("#tracer-due tbody tr"))
                .map(|r| {
                    let wave = r.value().attr("data-wave").unwrap().parse().unwrap();
                    let cells = r
                        .select(&sel("td"))
                        .map(|td| td.text().collect::<String>().trim().to_string())
                        .collect();
                    (wave, cells)
                })
                .collect();
            let code = blk.trim_start_matches("/blk/");
            let (_, card) = app.json(&format!("/api/v1/blks/{code}/scorecard")).await;
            for (key, column) in [("tracer_due", 1), ("tracer_overdue", 2)] {
                for w in card[key].as_array().unwrap() {
                    let n = &w["graduates"];
                    let row = &shown[&w["wave_months"].as_u64().unwrap()];
                    assert!(
                        n.is_null() || n.as_u64() == Some(0) || n.as_u64() >= Some(5),
                        "{code} {key}: {w}"
                    );
                    if n.is_null() {
                        small += 1;
                        assert_eq!(row[column], "<5", "{code} {key}: {row:?}");
                    }
                }
            }
        }
    }
    assert!(small > 0, "some BLK has 1 to 4 graduates due");
    let (status, _) = app.json("/api/v1/blks/NO-SUCH-BLK/scorecard").await;
    assert_eq!(status, 404);
    let (status, o) = app.json("/api/v1/outcomes?by=programme").await;
    assert_eq!(status, 200);
    for r in o["rows"].as_array().unwrap() {
        if r["traced"].is_null() {
            assert!(r["kebekerjaan"].is_null(), "suppressed: {r}");
        }
    }
    assert_eq!(app.json("/api/v1/outcomes?by=planet").await.0, 400);
}

/// The values a "<5" kind of work could have for a reader who has the row's rate (three
/// decimals), its traced count and the other kinds (`x` withheld: 0 or at least 5).
fn readable_small(row: &std::collections::HashMap<String, String>, small: &str) -> Vec<u64> {
    let traced: u64 = row["traced"].parse().unwrap();
    let rate: f64 = row["kebekerjaan"].parse().unwrap();
    let kinds = ["wage", "self_employed", "overseas"];
    let fits = |cell: &str, n: u64| match cell {
        "<5" => (1..5).contains(&n),
        "x" => n == 0 || n >= 5,
        c => match c.strip_prefix('~') {
            // Rounded to the nearest 5.
            Some(r) => n >= 5 && n.abs_diff(r.parse().unwrap()) <= 2,
            None => c.parse::<u64>().unwrap() == n,
        },
    };
    let mut values = Vec::new();
    for employed in 0..=traced {
        if (employed as f64 / traced as f64 - rate).abs() > 0.000_5 + 1e-9 {
            continue;
        }
        for a in 0..=employed {
            for b in 0..=employed - a {
                let split = [a, b, employed - a - b];
                if kinds.iter().zip(split).all(|(k, n)| fits(&row[*k], n)) {
                    let v = split[kinds.iter().position(|k| *k == small).unwrap()];
                    if !values.contains(&v) {
                        values.push(v);
                    }
                }
            }
        }
    }
    values
}

#[tokio::test]
async fn a_small_kind_of_work_cannot_be_worked_out_from_the_rate_and_the_other_kinds() {
    let app = spawn_app().await;
    let mut small = 0;
    let mut withheld = 0;
    for table in ["by_programme", "by_province"] {
        let csv = app.get(&format!("/hasil?format=csv&table={table}")).await;
        for row in csv_rows(&csv.text()) {
            for kind in ["wage", "self_employed", "overseas"] {
                withheld += usize::from(row[kind] == "x");
                if row[kind] != "<5" || row["kebekerjaan"].is_empty() {
                    continue;
                }
                small += 1;
                let values = readable_small(&row, kind);
                assert!(values.len() > 1, "{table}: {kind} is {values:?} in {row:?}");
            }
        }
    }
    assert!(
        small > 0 && withheld > 0,
        "{small} small, {withheld} withheld"
    );
    // The page marks a withheld count and says why; the API gives it as null.
    let doc = app.get("/hasil").await.html();
    assert!(texts(&doc, "#by_programme td").iter().any(|t| t == "×"));
    assert!(text(&doc, "#by_programme .note").contains("×"));
    let (_, o) = app.json("/api/v1/outcomes?by=programme").await;
    let csv = csv_rows(&app.get("/hasil?format=csv&table=by_programme").await.text());
    for (json, row) in o["rows"].as_array().unwrap().iter().zip(&csv) {
        assert_eq!(json["code"].as_str().unwrap(), row["code"]);
        for kind in ["wage", "self_employed", "overseas"] {
            match row[kind].as_str() {
                "x" | "<5" => assert!(json[kind].is_null(), "{json}"),
                n => assert_eq!(
                    json[kind].as_u64().unwrap().to_string(),
                    n.trim_start_matches('~')
                ),
            }
        }
    }
}

/// What a reader knows a published kind of work lies in, given its row's employed total.
fn bounds(shown: &str, employed: u64) -> (u64, u64) {
    match shown {
        "<5" => (1, 4),
        "x" => (0, employed),
        s => match s.strip_prefix('~') {
            Some(r) => {
                let r: u64 = r.parse().unwrap();
                ((r - 2).max(5), r + 2)
            }
            None => {
                let n = s.parse().unwrap();
                (n, n)
            }
        },
    }
}

#[tokio::test]
async fn a_blks_small_kind_of_work_cannot_be_worked_out_from_its_provinces() {
    let app = spawn_app().await;
    let province_rows = csv_rows(&app.get("/hasil?format=csv&table=by_province").await.text());
    let (_, api) = app.json("/api/v1/outcomes?by=province").await;
    let mut checked = 0;
    for (row, json) in province_rows.iter().zip(api["rows"].as_array().unwrap()) {
        let Some(rate) = json["kebekerjaan"].as_f64() else {
            continue;
        };
        let employed = (rate * json["traced"].as_f64().unwrap()).round() as u64;
        let (_, region) = app.json(&format!("/api/v1/regions/{}", row["code"])).await;
        let mut blks = Vec::new();
        for b in region["blks"].as_array().unwrap() {
            let code = b["code"].as_str().unwrap();
            let (_, card) = app.json(&format!("/api/v1/blks/{code}/scorecard")).await;
            let k = &card["kebekerjaan"];
            let blk_employed = match k["kebekerjaan"].as_f64() {
                Some(r) => (r * k["traced"].as_f64().unwrap()).round() as u64,
                None => 4,
            };
            blks.push((card["kinds_of_work_shown"].clone(), blk_employed));
        }
        for kind in ["wage", "self_employed", "overseas"] {
            let (p_lo, p_hi) = bounds(&row[kind], employed);
            for (i, (shown, _)) in blks.iter().enumerate() {
                if shown[kind] != "<5" {
                    continue;
                }
                let (lo, hi) = blks
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, (s, e))| bounds(s[kind].as_str().unwrap(), *e))
                    .fold((0, 0), |(a, b), (lo, hi)| (a + lo, b + hi));
                let (from, to) = (
                    p_lo.saturating_sub(hi).max(1),
                    p_hi.saturating_sub(lo).min(4),
                );
                assert!(from < to, "{}: a BLK's {kind} is {from}..{to}", row["code"]);
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no small BLK count was checked");
}

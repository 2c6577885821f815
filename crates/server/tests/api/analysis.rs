//! The gap, trend and potential pages and API resources, answered from the analytics
//! snapshot, and the snapshot's refresh after an import.

use std::time::{Duration, Instant};

use scraper::Html;
use serde_json::Value;

use crate::helpers::{spawn_app, spawn_app_on_copy};
use crate::{busy_province, indonesian_skill_names, sel, text, texts};

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Sums demand positions over the cells of a gap answer.
fn demand_sum(gap: &Value) -> i64 {
    gap["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["demand_positions"].as_i64().unwrap())
        .sum()
}

#[tokio::test]
async fn the_gap_rolls_up_and_ranks_by_its_stated_index() {
    let app = spawn_app().await;
    let mut totals = Vec::new();
    for by in ["regency", "province", "nation"] {
        let (status, g) = app
            .json(&format!("/api/v1/gap?by={by}&level=2&limit=20000"))
            .await;
        assert_eq!(status, 200, "{g}");
        assert_eq!(
            g["total"].as_u64().unwrap() as usize,
            g["cells"].as_array().unwrap().len()
        );
        totals.push(demand_sum(&g));
        let cells = g["cells"].as_array().unwrap();
        // Ranked cells come first, by falling gap index, numbered 1, 2, 3 …
        let ranked: Vec<&Value> = cells.iter().filter(|c| !c["rank"].is_null()).collect();
        assert!(!ranked.is_empty(), "{by}: nothing ranked");
        for (i, c) in ranked.iter().enumerate() {
            assert_eq!(c["rank"].as_u64().unwrap() as usize, i + 1);
            assert!(!c["thin"].as_bool().unwrap());
        }
        // Ranked by the exact index; where a small supply leaves only a bound published, the
        // exact indexes still fall in rank order.
        let exact: Vec<f64> = ranked
            .iter()
            .filter_map(|c| c["gap_index"].as_f64())
            .collect();
        assert!(exact.len() > ranked.len() / 2, "{by}: mostly exact");
        for w in exact.windows(2) {
            assert!(w[0] >= w[1] - 1e-12);
        }
        assert!(
            cells[ranked.len()..]
                .iter()
                .all(|c| c["thin"].as_bool().unwrap())
        );
        for c in cells {
            let d = c["demand_positions"].as_f64().unwrap();
            if c["supply"].is_null() {
                // A supply of 1 to 4 persons: the ratio and the index, which with the demand
                // would give it back, are bounds only.
                assert!(c["gap_index"].is_null(), "{c}");
                assert!(c["seekers_per_position"].is_null(), "{c}");
                let above = f(&c["gap_index_above"]);
                assert!((above - (d - 4.5) / (d + 4.5)).abs() < 1e-9, "{c}");
                continue;
            }
            assert!(c["gap_index_above"].is_null() && c["seekers_per_position_below"].is_null());
            let gi = f(&c["gap_index"]);
            assert!((-1.0..=1.0).contains(&gi));
            // The index is (D − S) / (D + S) of the figures shown, up to the rounding of the
            // supply (fractional: a job seeker wanting two occupations counts half in each).
            if let Some(s) = c["supply"].as_f64() {
                let at = |s: f64| if d + s > 0.0 { (d - s) / (d + s) } else { 0.0 };
                let (lo, hi) = (at(s + 0.5), at((s - 0.5).max(0.0)));
                assert!(lo - 1e-9 <= gi && gi <= hi + 1e-9, "{c}");
            }
        }
    }
    assert!(totals[0] > 0);
    // A table larger than one answer is read page by page, in rank order.
    let (_, all) = app.json("/api/v1/gap?by=province&level=2&limit=300").await;
    let (_, second) = app
        .json("/api/v1/gap?by=province&level=2&limit=100&offset=100")
        .await;
    assert_eq!(second["offset"].as_u64(), Some(100));
    assert_eq!(second["cells"][0], all["cells"][100]);
    assert_eq!(second["cells"][99], all["cells"][199]);
    let (status, _) = app.json("/api/v1/gap?offset=-1").await;
    assert_eq!(status, 400);
    assert_eq!(totals[0], totals[1], "regencies sum to provinces");
    assert_eq!(totals[1], totals[2], "provinces sum to the nation");
}

#[tokio::test]
async fn the_gap_page_shows_the_formula_ranked_rows_and_exports_every_row() {
    let app = spawn_app().await;
    let (_, g) = app
        .json("/api/v1/gap?by=province&level=4&limit=20000")
        .await;
    let total = g["total"].as_u64().unwrap() as usize;
    let r = app.get("/kesenjangan?by=province&level=4").await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    assert!(
        text(&doc, "#gap-formula").contains("(permintaan − penawaran) / (permintaan + penawaran)")
    );
    let rows = doc.select(&sel("#gap tbody tr")).count();
    assert_eq!(rows, total.min(100));
    let first = &g["cells"][0];
    let cells = texts(&doc, "#gap tbody tr:first-child td");
    assert_eq!(cells[0], "1");
    assert_eq!(cells[3], first["isco08"].as_str().unwrap());
    let gi = match first["gap_index"].as_f64() {
        Some(g) => format!("{g:.2}"),
        None => format!("> {:.2}", f(&first["gap_index_above"])),
    };
    assert_eq!(
        cells[12],
        gi.replace('.', ","),
        "the index in Indonesian format"
    );
    let csv = app.get("/kesenjangan?by=province&level=4&format=csv").await;
    assert_eq!(csv.status, 200);
    let body = csv.text();
    assert_eq!(
        body.lines().count(),
        total + 1,
        "the export holds every row"
    );
    assert!(body.lines().next().unwrap().contains("gap_index"));
    let xlsx = app.get("/kesenjangan?by=province&format=xlsx").await;
    assert_eq!(xlsx.status, 200);
}

#[tokio::test]
async fn a_small_supply_cannot_be_worked_out_from_the_gap_tables() {
    let app = spawn_app().await;
    let csv = app
        .get("/kesenjangan?by=regency&level=4&format=csv")
        .await
        .text();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let col = |k: &str| header.iter().position(|h| h == k).unwrap();
    let (dem, sup) = (col("demand_positions"), col("supply"));
    let parts = [col("job_seekers"), col("graduates"), col("due_to_graduate")];
    let (ratio, index) = (col("seekers_per_position"), col("gap_index"));
    // What a reader knows of a published count (fractional persons), from and below: "<5" is
    // under 4.5, "~n" is n ± 2.5 but never under 4.5 (less would be "<5"), "x" is anything.
    // Nothing else is published: no exact count, no zero told apart from 1 to 4.
    let interval = |v: &str| -> (f64, f64) {
        match v {
            "<5" => (0.0, 4.5),
            "x" => (0.0, f64::INFINITY),
            _ => {
                let n: f64 = v
                    .strip_prefix('~')
                    .unwrap_or_else(|| panic!("a count is \"<5\", \"x\" or rounded: {v}"))
                    .parse()
                    .unwrap();
                ((n - 2.5).max(4.5), n + 2.5)
            }
        }
    };
    let (mut small_supply, mut small_parts, mut rounded) = (0, 0, 0);
    for record in reader.records() {
        let record = record.unwrap();
        let line = record.iter().collect::<Vec<_>>().join(",");
        let at = |i: usize| &record[i];
        let supply = at(sup);
        let demand: f64 = at(dem).parse().unwrap();
        if supply == "<5" {
            small_supply += 1;
            assert!(at(index).starts_with('>'), "{line}");
            assert!(demand == 0.0 || at(ratio).starts_with('<'), "{line}");
            continue;
        }
        // Across tables: a supply of 5 or more is published only rounded to 5, and the ratio
        // and the index are those of the rounded supply, so with the exact demand they give
        // back nothing finer (an exact index gave a regency's supply, and a province's minus
        // it undid a neighbour's "<5").
        let shown: f64 = supply
            .strip_prefix('~')
            .unwrap_or_else(|| panic!("a supply of 5 or more is rounded: {line}"))
            .parse()
            .unwrap();
        assert!(shown >= 5.0 && shown % 5.0 == 0.0, "{line}");
        rounded += 1;
        let g: f64 = at(index).parse().unwrap();
        assert!(
            (g - (demand - shown) / (demand + shown)).abs() < 1e-4,
            "the index is the rounded supply's: {line}"
        );
        if demand > 0.0 {
            let r: f64 = at(ratio).parse().unwrap();
            assert!(
                (r - shown / demand).abs() < 1e-3,
                "the ratio is the rounded supply's: {line}"
            );
        }
        // Within the row: the total's top less the other parts' floors leaves each "<5" part
        // room up to 4.5, so it could still be any of 0 to 4.
        let top = interval(supply).1;
        for (k, &i) in parts.iter().enumerate() {
            if at(i) != "<5" {
                continue;
            }
            small_parts += 1;
            let floors: f64 = parts
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != k)
                .map(|(_, &o)| interval(at(o)).0)
                .sum();
            assert!(top - floors >= 4.5, "a \"<5\" is held under 4.5: {line}");
        }
    }
    assert!(
        small_supply > 0 && small_parts > 0 && rounded > 0,
        "the demo has small and rounded cells"
    );
    let (status, body) = app.json("/api/v1/gap?by=province&level=2&limit=1000").await;
    assert_eq!(status, 200);
    assert_eq!(body["supply_rounded_to"], 5);
    for cell in body["cells"].as_array().unwrap() {
        if let (Some(s), Some(r)) = (
            cell["supply"].as_f64(),
            cell["seekers_per_position"].as_f64(),
        ) {
            let d = cell["demand_positions"].as_f64().unwrap();
            assert!(s % 5.0 == 0.0, "{cell}");
            assert!(
                (r * d - s).abs() < 1e-6,
                "full precision gives only the rounded supply: {cell}"
            );
        }
    }
}

#[tokio::test]
async fn bad_analysis_parameters_are_clear_4xx_answers() {
    let app = spawn_app().await;
    for (path, param) in [
        ("/api/v1/gap?by=planet", "by"),
        ("/api/v1/gap?level=9", "level"),
        ("/api/v1/gap?region=99", "region"),
        ("/api/v1/gap?isco=12345", "isco"),
        ("/api/v1/gap?period=2025-12..2025-01", "period"),
        ("/api/v1/gap?limit=0", "limit"),
        ("/api/v1/gap?format=csv", "format"),
        ("/api/v1/forecast?horizon=100", "horizon"),
    ] {
        let (status, body) = app.json(path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["parameter"], param, "{path}: {body}");
        assert!(body["message"].as_str().unwrap().contains(param));
    }
    let (status, body) = app.json("/api/v1/potential/99").await;
    assert_eq!(status, 404, "{body}");
    for path in [
        "/kesenjangan?level=0",
        "/tren?horizon=x",
        "/kesenjangan?bogus=1",
    ] {
        assert_eq!(app.get(path).await.status, 400, "{path}");
    }
    assert_eq!(app.get("/potensi/99").await.status, 404);

    // Rows coarser than the region asked for are that region's own rows, labelled as such.
    for (query, by, region) in [
        ("by=nation&region=32", "province", "32"),
        ("by=province&region=32.73", "regency", "32.73"),
        ("by=nation&region=32.73", "regency", "32.73"),
    ] {
        let (status, g) = app.json(&format!("/api/v1/gap?{query}")).await;
        assert_eq!(status, 200, "{query}: {g}");
        assert_eq!(g["by"], by, "{query}");
        let cells = g["cells"].as_array().unwrap();
        assert!(!cells.is_empty(), "{query}");
        assert!(cells.iter().all(|c| c["region_code"] == region), "{query}");
        let doc = app.get(&format!("/kesenjangan?{query}")).await.html();
        let selected = doc
            .select(&sel("select[name=by] option[selected]"))
            .next()
            .and_then(|o| o.value().attr("value").map(str::to_string));
        assert_eq!(selected.as_deref(), Some(by), "{query}");
    }
}

#[tokio::test]
async fn a_forecast_always_comes_with_nested_intervals() {
    let app = spawn_app().await;
    let (status, t) = app.json("/api/v1/forecast?isco=7&horizon=6").await;
    assert_eq!(status, 200, "{t}");
    let points = t["forecast"]["points"].as_array().unwrap();
    assert_eq!(points.len(), 6);
    for p in points {
        let (m, lo80, hi80) = (f(&p["mean"]), f(&p["pi80"][0]), f(&p["pi80"][1]));
        let (lo95, hi95) = (f(&p["pi95"][0]), f(&p["pi95"][1]));
        assert!(
            lo95 <= lo80 && lo80 <= m && m <= hi80 && hi80 <= hi95,
            "{p}"
        );
        assert!(hi95 > lo95, "a real interval: {p}");
    }
    // The 12-month growth is the sum of the last twelve months of the history it shows.
    let history = t["history"].as_array().unwrap();
    let last12: f64 = history[history.len() - 12..]
        .iter()
        .map(|h| f(&h["positions"]))
        .sum();
    assert_eq!(f(&t["growth_12m"]["current"]), last12);
    // The first forecast month follows the last observed month.
    let last = history.last().unwrap()["month"].as_str().unwrap();
    let first = points[0]["month"].as_str().unwrap();
    assert!(first > last, "{first} after {last}");

    let r = app.get("/tren?isco=7&horizon=6").await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    assert_eq!(doc.select(&sel("#trend-chart svg polygon.pi95")).count(), 1);
    assert_eq!(doc.select(&sel("#trend-chart svg polygon.pi80")).count(), 1);
    assert_eq!(doc.select(&sel("#forecast tbody tr")).count(), 6);
    assert!(!text(&doc, "#trend-facts dd[data-key=method]").is_empty());
}

#[tokio::test]
async fn the_potential_page_lists_the_leading_sectors_the_api_computes() {
    let app = spawn_app().await;
    let province = busy_province(&app).await;
    let (status, p) = app.json(&format!("/api/v1/potential/{province}")).await;
    assert_eq!(status, 200, "{p}");
    let sectors = p["sectors"].as_array().unwrap();
    assert_eq!(sectors.len(), 21, "KBLI categories A to U");
    let leading: Vec<&str> = sectors
        .iter()
        .filter(|s| s["leading"].as_bool().unwrap())
        .map(|s| s["kbli_category"].as_str().unwrap())
        .collect();
    for s in sectors {
        let lead = s["leading"].as_bool().unwrap();
        assert_eq!(lead, s["klassen"] == "I", "{s}");
        if lead {
            assert!(f(&s["lq"]) > 1.0 && f(&s["growth"]) > f(&s["reference_growth"]));
        }
    }
    let doc = app.get(&format!("/potensi/{province}")).await.html();
    let shown: Vec<String> = texts(&doc, "#leading-sectors .sector")
        .into_iter()
        .map(|s| s.split(' ').next().unwrap().to_string())
        .collect();
    assert_eq!(shown, leading);
    assert_eq!(doc.select(&sel("#sectors tbody tr")).count(), 21);
    // Sectors are named in the page's language: KBLI's Indonesian, the ISIC section's English.
    let en = app
        .get(&format!("/potensi/{province}?lang=en"))
        .await
        .html();
    let names = texts(&en, "#sectors tbody tr td:nth-child(1)");
    assert!(names.iter().any(|n| n == "C Manufacturing"), "{names:?}");
    let names = texts(&doc, "#sectors tbody tr td:nth-child(1)");
    assert!(
        names.iter().any(|n| n == "C Industri Pengolahan"),
        "{names:?}"
    );
    // The region page names the same sectors and links here.
    let region = app.get(&format!("/wilayah/{province}")).await.html();
    assert_eq!(
        texts(&region, "#leading-sectors .sector").len(),
        leading.len()
    );
    assert!(crate::hrefs(&region, "#see-potential")[0].ends_with(&province));
}

#[tokio::test]
async fn a_region_page_shows_shortages_and_surpluses_with_trend_lines() {
    // The small test data has more job seekers than vacancies everywhere, so a shortage is
    // made: 15 positions for database designers in Kota Bandung, where nobody seeks that work.
    let (app, db) = spawn_app_on_copy("shortage").await;
    let (_, before) = app.json("/api/v1/gap?region=32.73&by=regency").await;
    let version = before["snapshot"]["data_version"].as_i64().unwrap();
    let month = before["period"]["to"].as_str().unwrap().to_string();
    import_extra_vacancies(&db, &month).await;
    let started = Instant::now();
    while app.json("/api/v1/gap?region=32.73&by=regency").await.1["snapshot"]["data_version"]
        .as_i64()
        .unwrap()
        == version
    {
        assert!(started.elapsed() < Duration::from_secs(60), "no refresh");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Wait until the page's own snapshot is the new one too.
    let doc = loop {
        let doc: Html = app.get("/wilayah/32.73").await.html();
        if doc.select(&sel("#refreshing")).next().is_none() {
            break doc;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let shortage = doc.select(&sel("#shortage tbody tr")).count();
    assert!(shortage > 0 && shortage <= 10, "{shortage}");
    assert_eq!(
        doc.select(&sel("#shortage tbody tr svg.spark")).count(),
        shortage
    );
    let codes = texts(&doc, "#shortage tbody tr td:nth-child(2)");
    assert!(codes.contains(&"2521".to_string()), "{codes:?}");
    let ranks: Vec<i64> = texts(&doc, "#shortage tbody tr td:first-child")
        .iter()
        .map(|r| r.parse().unwrap())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] < w[1]), "by rank: {ranks:?}");
    for gi in texts(&doc, "#shortage tbody tr td:nth-child(11)") {
        assert!(
            !gi.starts_with('-') && gi != "0,00",
            "a shortage has a positive index: {gi}"
        );
    }
    // Surpluses: the province, where enough job seekers are counted to rank.
    let doc: Html = app.get("/wilayah/32").await.html();
    let surplus = doc.select(&sel("#surplus tbody tr")).count();
    assert!(surplus > 0 && surplus <= 10, "{surplus}");
    for gi in texts(&doc, "#surplus tbody tr td:nth-child(11)") {
        assert!(gi.starts_with('-'), "a surplus has a negative index: {gi}");
    }
}

async fn import_extra_vacancies(db: &str, month: &str) {
    let dir = std::path::Path::new(db).parent().unwrap().join(format!(
        "extra-{}",
        std::path::Path::new(db)
            .file_stem()
            .unwrap()
            .to_string_lossy()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = extra_vacancies(&dir, month);
    let db = db.to_string();
    tokio::task::spawn_blocking(move || {
        crate::helpers::import_vacancies(&mut store::Store::open(&db).unwrap(), &file)
    })
    .await
    .unwrap();
}

/// A file of three vacancies for occupation 2521 in Kota Bandung, in `month`.
fn extra_vacancies(dir: &std::path::Path, month: &str) -> std::path::PathBuf {
    let path = dir.join("extra-vacancies.csv");
    let mut s =
        String::from("source,source_id,title,employer,region_code,isco08,positions,posted_date\n");
    // Three different employers and titles, so no two are near-duplicates of each other.
    for (i, title, employer, positions) in [
        (1, "Perancang Basis Data", "PT Sinar Abadi Teknologi", 4),
        (
            2,
            "Database Administrator Senior",
            "CV Maju Jaya Informatika",
            5,
        ),
        (
            3,
            "Desainer Database Perbankan",
            "Bank Perkreditan Rakyat Sejahtera",
            6,
        ),
    ] {
        s.push_str(&format!(
            "uji,EXTRA-{i},{title},{employer},32.73,2521,{positions},{month}-10\n"
        ));
    }
    std::fs::write(&path, s).unwrap();
    path
}

#[tokio::test]
async fn the_snapshot_is_rebuilt_after_an_import() {
    let (app, db) = spawn_app_on_copy("refresh").await;
    let q = "/api/v1/gap?region=32.73&isco=2521&by=regency";
    let (_, before) = app.json(q).await;
    let version = before["snapshot"]["data_version"].as_i64().unwrap();
    let period_to = before["period"]["to"].as_str().unwrap().to_string();
    let demand_before = demand_sum(&before);

    import_extra_vacancies(&db, &period_to).await;

    // The first answer after the import may still come from the old snapshot, labelled as
    // refreshing; a newer one follows within seconds.
    let started = Instant::now();
    let after = loop {
        let (_, g) = app.json(q).await;
        if g["snapshot"]["data_version"].as_i64().unwrap() > version {
            assert_eq!(g["snapshot"]["refreshing"], false);
            break g;
        }
        assert_eq!(g["snapshot"]["refreshing"], true, "an old snapshot says so");
        assert!(started.elapsed() < Duration::from_secs(60), "no refresh");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(demand_sum(&after), demand_before + 15);
}

#[tokio::test]
async fn the_overview_maps_job_seekers_per_position_and_the_occupation_page_its_trend() {
    let app = spawn_app().await;
    let doc = app.get("/?peta=kesenjangan").await.html();
    assert!(text(&doc, "#map h2").contains("per formasi"));
    // The map's classes are computed from the same gap as the API's, summed per province.
    let (_, g) = app
        .json("/api/v1/gap?by=province&level=1&limit=20000")
        .await;
    let coloured = doc
        .select(&sel("#map path"))
        .filter(|p| p.value().attr("fill") != Some("#d9d9d9"))
        .count();
    let mut with_demand = std::collections::HashSet::new();
    for c in g["cells"].as_array().unwrap() {
        if c["demand_positions"].as_i64().unwrap() > 0 {
            with_demand.insert(c["region_code"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(coloured, with_demand.len());
    assert_eq!(app.get("/?peta=bogus").await.status, 400);

    let doc = app.get("/okupasi/72").await.html();
    assert_eq!(doc.select(&sel("#trend-chart svg polygon.pi95")).count(), 1);
    let (_, g) = app
        .json("/api/v1/gap?isco=72&level=2&by=province&limit=20000")
        .await;
    assert_eq!(
        doc.select(&sel("#gap tbody tr")).count(),
        g["total"].as_u64().unwrap() as usize
    );
}

#[tokio::test]
async fn a_table_exports_as_typed_parquet_with_suppressed_counts_as_null() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let app = spawn_app().await;
    let csv = app.get("/kesenjangan?by=province&level=2&format=csv").await;
    let rows = csv.text().lines().count() - 1;
    let r = app
        .get("/kesenjangan?by=province&level=2&format=parquet")
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("application/vnd.apache.parquet")
    );
    let dir = tempfile_dir();
    let path = dir.join("gap.parquet");
    std::fs::write(&path, &r.body).unwrap();
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let meta = reader.metadata();
    assert_eq!(meta.file_metadata().num_rows() as usize, rows);
    let schema = meta.file_metadata().schema_descr();
    let type_of = |name: &str| {
        (0..schema.num_columns())
            .map(|i| schema.column(i))
            .find(|c| c.name() == name)
            .map(|c| c.physical_type().to_string())
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    assert_eq!(type_of("demand_positions"), "INT64");
    // Unranked (thin) rows have no rank: nulls in a number column, as on the region pages.
    assert_eq!(type_of("rank"), "INT64");
    assert_eq!(type_of("gap_index"), "DOUBLE");
    assert_eq!(type_of("region_code"), "BYTE_ARRAY");
    // Suppressed and withheld counts are nulls: the job-seeker column has as many nulls as
    // "<5" and "x" in the CSV.
    let suppressed = csv
        .text()
        .lines()
        .skip(1)
        .filter(|l| {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(l.as_bytes());
            matches!(&r.records().next().unwrap().unwrap()[7], "<5" | "x")
        })
        .count();
    let idx = (0..schema.num_columns())
        .find(|&i| schema.column(i).name() == "job_seekers")
        .unwrap();
    let nulls: i64 = (0..meta.num_row_groups())
        .map(|g| {
            meta.row_group(g)
                .column(idx)
                .statistics()
                .and_then(|s| s.null_count_opt())
                .unwrap_or(0) as i64
        })
        .sum();
    assert_eq!(nulls as usize, suppressed);
    // The marks a typed column cannot carry are named in the file's metadata.
    let marks = |key: &str| -> Vec<String> {
        meta.file_metadata()
            .key_value_metadata()
            .and_then(|kv| kv.iter().find(|k| k.key == key))
            .and_then(|k| k.value.clone())
            .unwrap_or_else(|| panic!("no {key}"))
            .split(',')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect()
    };
    let rounded = marks("listraf.rounded_to_5");
    assert!(rounded.contains(&"supply".to_string()), "{rounded:?}");
    assert!(!rounded.contains(&"demand_positions".to_string()));
    assert!(marks("listraf.null_is_suppressed").contains(&"job_seekers".to_string()));
    assert_eq!(
        marks("listraf.null_is_bounded"),
        ["seekers_per_position", "gap_index"]
    );
    assert_eq!(app.get("/kesenjangan?format=pdf").await.status, 400);
}

fn tempfile_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("listraf-parquet-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[tokio::test]
async fn an_occupation_page_lists_the_skills_its_ads_ask_for() {
    let app = spawn_app().await;
    let doc = app.get("/okupasi/72").await.html();
    let counts: Vec<i64> = texts(&doc, "#skills tbody tr td:nth-child(2)")
        .iter()
        .map(|n| n.replace('.', "").parse().unwrap())
        .collect();
    assert!(!counts.is_empty(), "the synthetic ads name their skills");
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most asked first: {counts:?}"
    );
    // The caption says how many ads were read; no skill is named by more of them.
    let caption = text(&doc, "#skills h2");
    let read: i64 = caption
        .split('(')
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .map(|n| n.replace('.', "").parse().unwrap())
        .unwrap();
    assert!(counts[0] <= read && read > 0, "{caption}");
    // Skills are named in the page's language; the download keeps their ESCO labels, as the
    // English page shows them.
    let names = texts(&doc, "#skills tbody tr td:nth-child(1)");
    let en = app.get("/okupasi/72?lang=en").await.html();
    let labels = texts(&en, "#skills tbody tr td:nth-child(1)");
    assert_eq!(names, indonesian_skill_names(&labels));
    assert!(names.iter().zip(&labels).any(|(n, l)| n != l), "{names:?}");
    let csv = app.get("/okupasi/72?format=csv&table=skills").await.text();
    let mut rd = csv::Reader::from_reader(csv.as_bytes());
    let in_file: Vec<String> = rd.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(in_file, labels, "{csv}");
    // The API lists the same skills, with the same counts, by label and Indonesian name.
    let (status, api) = app.json("/api/v1/occupations/72").await;
    assert_eq!(status, 200);
    assert_eq!(api["skills"]["ads_read"].as_i64(), Some(read), "{api}");
    let most = api["skills"]["most_asked"].as_array().unwrap();
    let api_labels: Vec<&str> = most.iter().map(|s| s["label"].as_str().unwrap()).collect();
    assert_eq!(api_labels, labels);
    let api_names: Vec<&str> = most
        .iter()
        .map(|s| s["name_id"].as_str().unwrap())
        .collect();
    assert_eq!(api_names, names);
    let api_counts: Vec<i64> = most.iter().map(|s| s["ads"].as_i64().unwrap()).collect();
    assert_eq!(api_counts, counts);
    let share = most[0]["share_of_ads"].as_f64().unwrap();
    assert!(
        (share - counts[0] as f64 / read as f64).abs() < 1e-9,
        "{share}"
    );
}

/// The left-out note's numbers: unique vacancies, positions, without a regency, without a unit.
fn left_out_numbers(doc: &Html) -> Vec<i64> {
    let note = text(doc, "#left-out")
        .replace("4 digit", "")
        .replace("4-digit", "");
    note.split(|c: char| !c.is_ascii_digit() && c != '.')
        .filter_map(|w| w.replace('.', "").parse().ok())
        .collect()
}

#[tokio::test]
async fn demand_pages_say_how_many_vacancies_they_cannot_count() {
    let (app, db) = spawn_app_on_copy("left-out").await;
    let before = app.get("/kesenjangan?by=nation").await.html();
    let counts = left_out_numbers(&before);
    assert_eq!(counts.len(), 4, "{}", text(&before, "#left-out"));
    let trend = app.get("/tren").await.html();
    assert_eq!(text(&trend, "#left-out"), text(&before, "#left-out"));
    let en = app.get("/kesenjangan?by=nation&lang=en").await.html();
    assert!(
        text(&en, "#left-out").contains("without a 4-digit occupation code"),
        "{}",
        text(&en, "#left-out")
    );
    let (_, g) = app.json("/api/v1/gap?by=nation").await;
    let version = g["snapshot"]["data_version"].as_i64().unwrap();
    // One ad no coder can name, of 3 positions, and one placed in a province only, of 2.
    let file = std::path::PathBuf::from(format!("{db}.left-out.csv"));
    std::fs::write(
        &file,
        "source,source_id,title,employer,region_code,positions,posted_date\n\
         uji-luar,L-1,Xqzv Wrrpt,PT Contoh,32.73,3,2025-11-03\n\
         uji-luar,L-2,Juru Masak,PT Contoh,32,2,2025-11-04\n",
    )
    .unwrap();
    let path = db.clone();
    tokio::task::spawn_blocking(move || {
        let mut s = store::Store::open(&path).unwrap();
        crate::helpers::import_vacancies(&mut s, &file);
    })
    .await
    .unwrap();
    let started = Instant::now();
    let after = loop {
        let (_, g) = app.json("/api/v1/gap?by=nation").await;
        let doc = app.get("/kesenjangan?by=nation").await.html();
        if g["snapshot"]["data_version"].as_i64() != Some(version)
            && doc.select(&sel("#refreshing")).next().is_none()
        {
            break doc;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no refresh");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let now = left_out_numbers(&after);
    assert_eq!(
        now,
        [counts[0] + 2, counts[1] + 5, counts[2] + 1, counts[3] + 1],
        "{}",
        text(&after, "#left-out")
    );
}

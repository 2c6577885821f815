//! Black-box tests of the web application and JSON API: a real server on a random port over a
//! small national database built through the real import path (synthetic files at scale 0.02,
//! imported with `pipeline::import_file`), asked over plain HTTP/1.1.
//!
//! The database is built once per test binary; each test starts its own server on it.
//! Assertions select elements from the HTML (`scraper`), never whole pages.

mod analysis;
mod browser;
mod coding;
mod helpers;
mod imports;
mod outcomes;
mod plans;
mod regency_map;
mod review;
mod vacancy;

use helpers::{TestApp, spawn_app};
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn texts(doc: &Html, s: &str) -> Vec<String> {
    doc.select(&sel(s))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn text(doc: &Html, s: &str) -> String {
    texts(doc, s)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no element {s}"))
}

fn hrefs(doc: &Html, s: &str) -> Vec<String> {
    doc.select(&sel(s))
        .filter_map(|e| e.value().attr("href").map(str::to_string))
        .collect()
}

/// Skills as an Indonesian page names them, by their ESCO labels.
fn indonesian_skill_names(labels: &[String]) -> Vec<String> {
    labels
        .iter()
        .map(|l| {
            classify::skills::indonesian_name(l)
                .unwrap_or(l)
                .to_string()
        })
        .collect()
}

/// Indonesian grouping: 1234567 → 1.234.567.
fn id_num(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A province with BLKs and vacancies in the test data, from the API.
async fn busy_province(app: &TestApp) -> String {
    let (_, summary) = app.json("/api/v1/summary").await;
    summary["provinces"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["blks"].as_i64().unwrap() > 0)
        .max_by_key(|p| p["unique_vacancies"].as_i64().unwrap())
        .map(|p| p["code"].as_str().unwrap().to_string())
        .unwrap()
}

#[tokio::test]
async fn overview_shows_headline_counts_a_map_and_every_province() {
    let app = spawn_app().await;
    let (status, summary) = app.json("/api/v1/summary").await;
    assert_eq!(status, 200);
    let r = app.get("/").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let doc = r.html();
    assert_eq!(doc.root_element().value().attr("lang"), Some("id"));
    let counts = &summary["counts"];
    for key in ["blks", "unique_vacancies", "cohorts"] {
        assert_eq!(
            text(&doc, &format!("#headline dd[data-key={key}]")),
            id_num(counts[key].as_i64().unwrap()),
            "{key}"
        );
    }
    assert!(counts["unique_vacancies"].as_i64().unwrap() > 0);
    // The choropleth: one linked path per province, coloured.
    let areas = doc.select(&sel("svg.map a[data-code]")).count();
    assert_eq!(areas, 38);
    let fills: std::collections::HashSet<&str> = doc
        .select(&sel("svg.map path"))
        .filter_map(|p| p.value().attr("fill"))
        .collect();
    assert!(fills.len() >= 3, "a map in several colours: {fills:?}");
    assert!(text(&doc, "#map figcaption").contains("100.000"));
    // The province table links every province.
    let rows = doc.select(&sel("#provinces tbody tr")).count();
    assert_eq!(rows, 38);
    let links = hrefs(&doc, "#provinces tbody td:first-child a");
    assert!(links.contains(&"/wilayah/32".to_string()));
    assert!(text(&doc, "#synthetic").contains("sintetis"));
    assert!(r.body.len() < 200_000, "overview is {} bytes", r.body.len());
}

#[tokio::test]
async fn every_kind_of_page_is_reachable_by_links_from_the_overview() {
    let app = spawn_app().await;
    let home = app.get("/").await.html();
    let province = hrefs(&home, "#provinces tbody td:first-child a")
        .into_iter()
        .find(|h| h == &format!("/wilayah/{}", "32"))
        .unwrap();
    assert!(hrefs(&home, "header nav a").contains(&"/lowongan".to_string()));
    let prov = app.get(&province).await;
    assert_eq!(prov.status, 200);
    let prov = prov.html();
    let regency = hrefs(&prov, "#regencies tbody td:first-child a")[0].clone();
    let blk = hrefs(&prov, "#blks tbody td:first-child a")[0].clone();
    let occupation = hrefs(&prov, "#occupations tbody td:first-child a")[0].clone();
    assert!(regency.starts_with("/wilayah/32."));
    assert!(blk.starts_with("/blk/"));
    assert!(occupation.starts_with("/okupasi/"));
    for page in [&regency, &blk, &occupation, &"/lowongan".to_string()] {
        let r = app.get(page).await;
        assert_eq!(r.status, 200, "{page}");
    }
}

#[tokio::test]
async fn no_link_on_the_overview_or_a_province_page_is_broken() {
    let app = spawn_app().await;
    let province = format!("/wilayah/{}", busy_province(&app).await);
    let mut seen = std::collections::BTreeSet::new();
    for page in ["/", province.as_str()] {
        let doc = app.get(page).await.html();
        for h in hrefs(&doc, "a") {
            if h.starts_with('/') && !h.contains("format=") {
                seen.insert(h);
            }
        }
    }
    assert!(seen.len() > 50, "{}", seen.len());
    for h in &seen {
        let r = app.get(h).await;
        assert_eq!(r.status, 200, "{h}");
    }
}

#[tokio::test]
async fn a_province_page_lists_its_regencies_blks_and_top_occupations() {
    let app = spawn_app().await;
    let code = busy_province(&app).await;
    let r = app.get(&format!("/wilayah/{code}")).await;
    assert_eq!(r.status, 200);
    assert!(r.body.len() < 200_000, "{} bytes", r.body.len());
    let doc = r.html();
    let (_, api) = app.json(&format!("/api/v1/regions/{code}")).await;
    assert_eq!(text(&doc, "h1"), api["name"].as_str().unwrap());
    assert_eq!(text(&doc, "#region-code"), code);
    let n_regencies = domain::reference()
        .regencies_of(domain::RegionCode::parse(&code).unwrap())
        .count();
    assert_eq!(doc.select(&sel("#regencies tbody tr")).count(), n_regencies);
    assert_eq!(
        doc.select(&sel("#blks tbody tr")).count(),
        api["blks"].as_array().unwrap().len()
    );
    assert!(!api["blks"].as_array().unwrap().is_empty());
    let occupations = texts(&doc, "#occupations tbody td:nth-child(2)");
    assert!(!occupations.is_empty());
    // Titles come from KBJI 2014 in Indonesian where it has one.
    let first = &api["top_occupations"][0];
    let expected = first["title_id"]
        .as_str()
        .unwrap_or(first["title_en"].as_str().unwrap());
    assert_eq!(occupations[0], expected);
    assert_eq!(
        hrefs(&doc, "#see-vacancies"),
        vec![format!("/lowongan?province={code}")]
    );
}

#[tokio::test]
async fn a_regency_page_links_back_to_its_province() {
    let app = spawn_app().await;
    let r = app.get("/wilayah/32.73").await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    assert_eq!(text(&doc, "h1"), "Kota Bandung");
    assert!(hrefs(&doc, ".crumbs a").contains(&"/wilayah/32".to_string()));
    assert_eq!(doc.select(&sel("#regencies")).count(), 0);
    let r = app.get("/wilayah/3273").await;
    assert_eq!(r.status, 200, "the undotted form is accepted too");
}

#[tokio::test]
async fn unknown_or_malformed_region_codes_are_clear_404_pages() {
    let app = spawn_app().await;
    for code in [
        "99",
        "32.99",
        "abc",
        "%3Cscript%3E",
        "1234567890123",
        "32.7",
    ] {
        let r = app.get(&format!("/wilayah/{code}")).await;
        assert_eq!(r.status, 404, "{code}");
        let doc = r.html();
        assert!(
            text(&doc, "#error-message").contains("tidak dikenal"),
            "{code}"
        );
        assert!(!r.text().contains("<script>"), "the input is escaped");
        let (status, body) = app.json(&format!("/api/v1/regions/{code}")).await;
        assert_eq!(status, 404, "{code}");
        assert_eq!(body["code"], "unknown_region");
        assert!(body["message"].as_str().unwrap().contains("Kemendagri"));
    }
}

#[tokio::test]
async fn the_vacancy_explorer_filters_pages_and_marks_duplicates() {
    let app = spawn_app().await;
    let r = app.get("/lowongan").await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    assert_eq!(doc.select(&sel("#vacancies tbody tr")).count(), 50);
    let (_, all) = app.json("/api/v1/vacancies").await;
    let total = all["total"].as_i64().unwrap();
    assert!(text(&doc, "#result-count").starts_with(&id_num(total)));
    // Page 2 follows page 1.
    let next = hrefs(&doc, "a[rel=next]");
    assert_eq!(next, vec!["/lowongan?page=2".to_string()]);
    let (_, p2) = app.json("/api/v1/vacancies?page=2").await;
    assert_ne!(p2["items"][0]["id"], all["items"][0]["id"]);
    // A province filter keeps only that province's vacancies.
    let code = busy_province(&app).await;
    let doc = app
        .get(&format!("/lowongan?province={code}&page_size=100"))
        .await
        .html();
    let regions = texts(&doc, "#vacancies tbody td:nth-child(4)");
    assert!(!regions.is_empty());
    for r in &regions {
        assert!(r.starts_with(&format!("{code}.")), "{r}");
    }
    // The download links on the page export every vacancy the filters select, with plain
    // codes, in every format.
    let selected = app
        .json(&format!("/api/v1/vacancies?province={code}"))
        .await
        .1["total"]
        .as_i64()
        .unwrap();
    assert!(selected > 100, "more than one page: {selected}");
    let link = hrefs(&doc, "p.dl a")[0].clone();
    assert!(
        link.contains("table=vacancies") && link.contains("format=csv"),
        "{link}"
    );
    let csv = app.get(&link).await;
    assert_eq!(csv.status, 200, "{}", csv.text());
    let mut rd = csv::Reader::from_reader(csv.body.as_slice());
    let h: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        h,
        [
            "posted_date",
            "title",
            "employer",
            "region_code",
            "region",
            "isco08",
            "occupation",
            "positions",
            "expires_date",
            "source",
            "duplicate",
            "id"
        ]
    );
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.len() as i64, selected);
    // Each row names its vacancy: its page and its API resource.
    let first_id = &rows[0][11];
    let (status, v) = app.json(&format!("/api/v1/vacancies/{first_id}")).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["title"].as_str(), Some(&rows[0][1]), "{v}");
    for r in &rows {
        assert!(
            domain::RegionCode::parse(&r[3])
                .is_ok_and(|x| x.to_string().starts_with(&format!("{code}."))),
            "{r:?}"
        );
        assert!(
            r[5].is_empty() || domain::IscoCode::parse(&r[5]).is_ok(),
            "{r:?}"
        );
    }
    for format in ["xlsx", "parquet"] {
        let r = app
            .get(&format!(
                "/lowongan?province={code}&table=vacancies&format={format}"
            ))
            .await;
        assert_eq!(r.status, 200, "{format}");
    }
    assert!(
        doc.select(&sel(&format!(
            "select[name=province] option[value=\"{code}\"][selected]"
        )))
        .count()
            == 1
    );
    // An ISCO prefix and words in the title.
    let (_, welders) = app.json("/api/v1/vacancies?isco=72&page_size=500").await;
    for v in welders["items"].as_array().unwrap() {
        assert!(v["isco08"].as_str().unwrap().starts_with("72"));
    }
    let word = all["items"][0]["title"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_lowercase();
    let (_, found) = app
        .json(&format!("/api/v1/vacancies?q={word}&page_size=500"))
        .await;
    assert!(found["total"].as_i64().unwrap() > 0);
    for v in found["items"].as_array().unwrap() {
        assert!(v["title"].as_str().unwrap().to_lowercase().contains(&word));
    }
    // Duplicates are listed and marked: the page marks exactly the API's duplicates.
    let mut marked = 0;
    let mut duplicates = 0;
    for page in 1..=3 {
        let doc = app
            .get(&format!("/lowongan?page_size=500&page={page}"))
            .await
            .html();
        marked += texts(&doc, "#vacancies tbody td.f")
            .iter()
            .filter(|t| t.as_str() == "duplikat")
            .count();
        let (_, api) = app
            .json(&format!("/api/v1/vacancies?page_size=500&page={page}"))
            .await;
        duplicates += api["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| !v["duplicate_of"].is_null())
            .count();
    }
    assert!(duplicates > 0, "the test data has duplicate ads");
    assert_eq!(marked, duplicates);
}

#[tokio::test]
async fn bad_filters_are_400s_that_name_the_parameter() {
    let app = spawn_app().await;
    for (query, param) in [
        ("page_size=501", "page_size"),
        ("page_size=ten", "page_size"),
        ("page=0", "page"),
        ("province=99", "province"),
        ("province=32.73", "province"),
        ("regency=32", "regency"),
        ("province=31&regency=32.73", "regency"),
        ("isco=7x", "isco"),
        ("isco=99999", "isco"),
        ("from=2025-13", "from"),
        ("from=2025-06&to=2025-01", "to"),
        ("colour=red", "colour"),
        ("format=pdf", "format"),
    ] {
        let r = app.get(&format!("/lowongan?{query}")).await;
        assert_eq!(r.status, 400, "{query}");
        let msg = text(&r.html(), "#error-message");
        assert!(msg.contains(&format!("\"{param}\"")), "{query}: {msg}");
        if param != "format" {
            let (status, body) = app.json(&format!("/api/v1/vacancies?{query}")).await;
            assert_eq!(status, 400, "{query}");
            assert_eq!(body["parameter"], param, "{query}");
            assert!(
                ["bad_parameter", "unknown_parameter"].contains(&body["code"].as_str().unwrap())
            );
        }
    }
    let r = app.get("/lowongan?page_size=501&lang=en").await;
    assert!(text(&r.html(), "#error-message").contains("at most 500"));
    // A page past the last leads to the last, its filters kept.
    let r = app.get("/lowongan?province=32&page=99999").await;
    assert_eq!(r.status, 303);
    let last = r.header("location").unwrap().to_string();
    assert!(last.contains("province=32"), "{last}");
    let doc = app.get(&last).await.html();
    assert!(
        doc.select(&sel("#vacancies tbody tr")).next().is_some(),
        "{last}"
    );
    let n: u64 = last
        .split(['?', '&'])
        .find_map(|kv| kv.strip_prefix("page="))
        .unwrap()
        .parse()
        .unwrap();
    assert!(n > 1 && n < 99999, "{last}");
    let past = app
        .get(&last.replace(&format!("page={n}"), &format!("page={}", n + 1)))
        .await;
    assert_eq!(past.header("location"), Some(last.as_str()));
}

#[tokio::test]
async fn a_blk_page_shows_capacity_programmes_and_cohorts_without_personal_data() {
    let app = spawn_app().await;
    let code = busy_province(&app).await;
    let (_, region) = app.json(&format!("/api/v1/regions/{code}")).await;
    let blk = region["blks"][0]["code"].as_str().unwrap().to_string();
    let r = app.get(&format!("/blk/{blk}")).await;
    assert_eq!(r.status, 200);
    assert!(r.body.len() < 200_000);
    let doc = r.html();
    assert_eq!(text(&doc, "#blk-code"), blk);
    let (_, api) = app.json(&format!("/api/v1/blks/{blk}")).await;
    assert_eq!(
        doc.select(&sel("#capacity tbody tr")).count(),
        api["capacity"].as_array().unwrap().len()
    );
    assert_eq!(
        doc.select(&sel("#programmes tbody tr")).count(),
        api["programmes"].as_array().unwrap().len()
    );
    assert_eq!(
        doc.select(&sel("#cohorts tbody tr")).count(),
        api["cohorts"].as_array().unwrap().len()
    );
    // Rates are percentages or a dash; counts of trainees are numbers or "<5".
    for rate in texts(&doc, "#cohorts tbody td:nth-child(7)") {
        assert!(rate == "–" || rate.ends_with('%'), "{rate}");
    }
    for n in texts(&doc, "#cohorts tbody td:nth-child(6)") {
        assert!(
            n == "<5" || n.chars().all(|c| c.is_ascii_digit() || c == '.'),
            "{n}"
        );
    }
    // No NIK (masked or not) and no personal columns anywhere.
    let body = r.text();
    assert!(!body.contains("****"));
    assert!(
        !body
            .as_bytes()
            .windows(16)
            .any(|w| w.iter().all(u8::is_ascii_digit))
    );
    let r = app.get("/blk/NO-SUCH-BLK").await;
    assert_eq!(r.status, 404);
    let r = app.get("/blk/a%2Fb").await;
    assert_eq!(r.status, 404);
    let (status, body) = app.json("/api/v1/blks/NO-SUCH-BLK").await;
    assert_eq!((status, body["code"].as_str()), (404, Some("unknown_blk")));
}

#[tokio::test]
async fn an_occupation_page_shows_titles_vacancies_by_province_and_programmes() {
    let app = spawn_app().await;
    let r = app.get("/okupasi/7212").await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    assert_eq!(text(&doc, "#isco-code"), "7212");
    assert_eq!(text(&doc, "#title-en"), "Welders and flamecutters");
    assert!(!text(&doc, "#title-id").is_empty());
    assert_eq!(doc.select(&sel("#provinces tbody tr")).count(), 38);
    let expected: Vec<&str> = domain::reference()
        .programmes
        .iter()
        .filter(|p| p.isco_units.iter().any(|u| u.to_string() == "7212"))
        .map(|p| p.code.as_str())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(texts(&doc, "#programmes tbody td:first-child"), expected);
    assert!(hrefs(&doc, ".crumbs a").contains(&"/okupasi/721".to_string()));
    let doc = app.get("/okupasi/72").await.html();
    assert!(hrefs(&doc, "#subgroups a").contains(&"/okupasi/721".to_string()));
    let (status, api) = app.json("/api/v1/occupations/7212").await;
    assert_eq!(status, 200);
    assert_eq!(api["parent"], "721");
    assert_eq!(api["by_province"].as_array().unwrap().len(), 38);
    for bad in ["99999", "abc", "0000", "9999"] {
        assert_eq!(
            app.get(&format!("/okupasi/{bad}")).await.status,
            404,
            "{bad}"
        );
        let (status, body) = app.json(&format!("/api/v1/occupations/{bad}")).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (404, Some("unknown_occupation"))
        );
    }
}

#[tokio::test]
async fn tables_export_as_csv_and_xlsx_with_codes_as_text() {
    let app = spawn_app().await;
    let r = app.get("/?format=csv").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(
        r.header("content-disposition"),
        Some("attachment; filename=\"listraf-nasional-provinces.csv\"")
    );
    let csv = r.text();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "province_code,province,population,blks,active_job_seekers,unique_vacancies_12m,positions_12m,vacancies_per_100k"
        )
    );
    assert_eq!(lines.clone().count(), 38);
    assert!(lines.any(|l| l.starts_with("32,Jawa Barat,")));
    let r = app.get("/?format=xlsx").await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    assert_eq!(&r.body[..2], b"PK");
    // A page with several tables exports the one asked for.
    let code = busy_province(&app).await;
    let r = app
        .get(&format!("/wilayah/{code}?format=csv&table=blks"))
        .await;
    assert_eq!(r.status, 200);
    assert!(r.text().starts_with("blk_code,name,type,regency\n"));
    // The explorer exports every vacancy its filters select, not the page shown; dates plain
    // ISO, regions as codes.
    let r = app
        .get(&format!("/lowongan?province={code}&format=csv"))
        .await;
    let text = r.text();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let n = rows
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            assert_eq!(rec[0].len(), 10, "ISO date: {}", &rec[0]);
            assert!(rec[3].starts_with(&format!("{code}.")), "{:?}", rec);
        })
        .count();
    let (_, selected) = app
        .json(&format!("/api/v1/vacancies?province={code}"))
        .await;
    assert_eq!(Some(n as i64), selected["total"].as_i64());
    let r = app.get("/wilayah/32?format=csv&table=nope").await;
    assert_eq!(r.status, 400);
    assert!(text_of(&r).contains("\"table\""));
    // Export links on the page point at these exports.
    let doc = app.get("/").await.html();
    assert_eq!(
        hrefs(&doc, "#provinces .dl a"),
        vec![
            "/?table=provinces&format=csv".to_string(),
            "/?table=provinces&format=xlsx".to_string(),
            "/?table=provinces&format=parquet".to_string()
        ]
    );
}

fn text_of(r: &helpers::Response) -> String {
    text(&r.html(), "#error-message")
}

#[tokio::test]
async fn english_is_served_on_request_and_remembered_in_a_cookie() {
    let app = spawn_app().await;
    let r = app.get("/?lang=en").await;
    assert_eq!(r.status, 200);
    assert!(
        r.header("set-cookie")
            .unwrap()
            .starts_with("lang=en; Path=/")
    );
    let doc = r.html();
    assert_eq!(doc.root_element().value().attr("lang"), Some("en"));
    assert_eq!(text(&doc, "h1"), "National overview");
    assert_eq!(hrefs(&doc, "#lang-switch"), vec!["/?lang=id".to_string()]);
    // The cookie keeps English on the next page, with English numbers and dates.
    let r = app.get_with_cookie("/lowongan", "lang=en").await;
    let doc = r.html();
    assert_eq!(text(&doc, "h1"), "Vacancies");
    let date = texts(&doc, "#vacancies tbody td:first-child")[0].clone();
    assert!(
        [
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
            "December"
        ]
        .iter()
        .any(|m| date.contains(m)),
        "{date}"
    );
    let count = text(&doc, "#result-count");
    assert!(count.contains(','), "{count}");
    // Indonesian by default, with Indonesian numbers and dates.
    let doc = app.get("/lowongan").await.html();
    assert_eq!(text(&doc, "h1"), "Lowongan");
    let date = texts(&doc, "#vacancies tbody td:first-child")[0].clone();
    assert!(
        [
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
            "Desember"
        ]
        .iter()
        .any(|m| date.contains(m)),
        "{date}"
    );
    assert!(text(&doc, "#result-count").contains('.'));
}

#[tokio::test]
async fn the_api_answers_with_the_documented_shapes() {
    let app = spawn_app().await;
    let (status, s) = app.json("/api/v1/summary").await;
    assert_eq!(status, 200);
    assert_eq!(s["scope"], "national");
    assert!(s["period"]["from"].as_str().unwrap().len() == 7);
    for key in [
        "blks",
        "active_job_seekers",
        "unique_vacancies",
        "cohorts",
        "trainees",
        "graduates",
        "placements",
    ] {
        assert!(
            s["counts"][key].is_i64() || s["counts"][key].is_null(),
            "{key}"
        );
    }
    let p = &s["provinces"][0];
    for key in [
        "code",
        "name",
        "population",
        "unique_vacancies",
        "vacancies_per_100k",
    ] {
        assert!(!p[key].is_null() || key == "vacancies_per_100k", "{key}");
    }
    let (status, r) = app.json("/api/v1/regions/32.73").await;
    assert_eq!(status, 200);
    assert_eq!(r["level"], "regency");
    assert_eq!(r["province"]["code"], "32");
    assert!(r["regencies"].as_array().unwrap().is_empty());
    let (_, r) = app.json("/api/v1/regions/32").await;
    assert_eq!(r["level"], "province");
    assert_eq!(r["regencies"].as_array().unwrap().len(), 27);
    let (status, v) = app.json("/api/v1/vacancies?page_size=5&page=2").await;
    assert_eq!(status, 200);
    assert_eq!(
        (v["page"].as_i64(), v["page_size"].as_i64()),
        (Some(2), Some(5))
    );
    assert_eq!(v["items"].as_array().unwrap().len(), 5);
    let item = &v["items"][0];
    for key in ["id", "title", "positions", "posted_date"] {
        assert!(!item[key].is_null(), "{key}");
    }
    assert!(item.get("description").is_none());
    let (status, body) = app.json("/api/v1/vacancies?format=csv").await;
    assert_eq!((status, body["parameter"].as_str()), (400, Some("format")));
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let app = spawn_app().await;
    let (status, doc) = app.json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.0"));
    for path in [
        "/api/v1/summary",
        "/api/v1/regions/{code}",
        "/api/v1/vacancies",
        "/api/v1/vacancies/{id}",
        "/api/v1/occupations/{isco}",
        "/api/v1/blks/{code}",
        "/api/v1/gap",
        "/api/v1/forecast",
        "/api/v1/potential/{code}",
        "/api/v1/code",
        "/api/v1/review-queue",
        "/api/v1/outcomes",
        "/api/v1/blks/{code}/scorecard",
        "/api/v1/blks/{code}/recommendations",
        "/api/v1/plans",
        "/api/v1/plans/{id}",
        "/api/v1/openapi.json",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
    let params: Vec<&str> = doc["paths"]["/api/v1/vacancies"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        params,
        [
            "province",
            "regency",
            "isco",
            "q",
            "from",
            "to",
            "page",
            "page_size"
        ]
    );
    // Every error an endpoint answers carries a code the document names.
    let codes: Vec<&str> = doc["components"]["schemas"]["Error"]["properties"]["code"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for (url, status) in [
        ("/api/v1/vacancies/0", 404),
        ("/api/v1/vacancies/9999999", 404),
        ("/api/v1/plans/abc", 404),
        ("/api/v1/plans/99999", 404),
        ("/api/v1/regions/99", 404),
        ("/api/v1/occupations/99999", 404),
        ("/api/v1/blks/XX-0", 404),
        ("/api/v1/vacancies?page=0", 400),
        ("/api/v1/vacancies?lang=en", 400),
        ("/api/v1/code?title=Sales&lang=en", 400),
        ("/api/v1/nope", 404),
    ] {
        let (got, body) = app.json(url).await;
        assert_eq!(got, status, "{url}: {body}");
        let code = body["code"].as_str().unwrap_or("");
        assert!(
            codes.contains(&code),
            "{url}: {code} is not in the Error enum"
        );
    }
    // A nullable reference is typed, as OpenAPI 3.0 wants `nullable` next to a `type`.
    assert_eq!(
        doc["components"]["schemas"]["Coding"]["properties"]["occupation"]["type"],
        "object"
    );
}

#[tokio::test]
async fn health_readiness_and_metrics_answer() {
    let app = spawn_app().await;
    let r = app.get("/healthz").await;
    assert_eq!((r.status, r.text().as_str()), (200, "ok\n"));
    let r = app.get("/readyz").await;
    assert_eq!((r.status, r.text().as_str()), (200, "ready\n"));
    app.get("/wilayah/99").await;
    app.get("/wilayah/32.73").await;
    let r = app.get("/metrics").await;
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let m = r.text();
    assert!(m.contains(
        "listraf_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"
    ));
    assert!(m.contains(
        "listraf_http_requests_total{route=\"/wilayah/{code}\",method=\"GET\",status=\"404\"} 1"
    ));
    assert!(m.contains("listraf_http_request_duration_seconds_count{route=\"/wilayah/{code}\"} 2"));
    assert!(m.contains("# TYPE listraf_http_request_duration_seconds histogram"));
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_are_4xx_never_500() {
    let app = spawn_app().await;
    let r = app.get("/nope").await;
    assert_eq!(r.status, 404);
    assert!(text_of(&r).contains("/nope"));
    let (status, body) = app.json("/api/v1/nope").await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let r = app.request("POST", "/", &[], b"x").await;
    assert_eq!(r.status, 405);
    // Said, not an empty answer: a page, or JSON under /api/.
    assert!(text_of(&r).contains("metode HTTP"), "{}", text_of(&r));
    let r = app.request("POST", "/api/v1/summary", &[], b"").await;
    assert_eq!(r.status, 405);
    let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(body["code"].as_str(), Some("method_not_allowed"), "{body}");
    let big = vec![b'a'; 100 * 1024];
    let r = app.request("POST", "/lowongan", &[], &big).await;
    assert!((400..500).contains(&r.status), "{}", r.status);
    for query in [
        "q=%ZZ",
        "q=%FF%FE",
        "province=%00",
        "page=99999999999999999999",
    ] {
        let r = app.get(&format!("/lowongan?{query}")).await;
        assert!(r.status < 500, "{query}: {}", r.status);
    }
    let r = app.get("/wilayah/").await;
    assert_eq!(r.status, 404);
    // Security headers on every answer.
    let r = app.get("/").await;
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(
        r.header("content-security-policy")
            .unwrap()
            .contains("default-src 'none'")
    );
}

/// On the server's multi-threaded runtime a download is written off the async workers
/// (`block_in_place`): several at once all arrive whole, and pages answer meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn downloads_on_a_multi_threaded_runtime_arrive_whole_while_pages_answer() {
    let app = std::sync::Arc::new(spawn_app().await);
    let mut downloads = Vec::new();
    for format in ["xlsx", "csv", "parquet", "xlsx"] {
        let app = app.clone();
        downloads.push(tokio::spawn(async move {
            app.get(&format!("/lowongan?table=vacancies&format={format}"))
                .await
        }));
    }
    assert_eq!(app.get("/healthz").await.status, 200);
    let (_, all) = app.json("/api/v1/vacancies").await;
    let total = all["total"].as_i64().unwrap();
    for d in downloads {
        let r = d.await.unwrap();
        assert_eq!(r.status, 200);
        if r.header("content-type")
            .unwrap_or("")
            .starts_with("text/csv")
        {
            assert_eq!(r.text().lines().count() as i64, total + 1);
        }
    }
}

#[tokio::test]
async fn pages_stay_under_200_kb() {
    let app = spawn_app().await;
    // The explorer's largest page, 500 ads of eleven columns that a user asks for, has a budget
    // of its own: 500 bytes an ad.
    for (page, budget) in [
        ("/", 200_000),
        ("/wilayah/35", 200_000),
        ("/wilayah/94", 200_000),
        ("/lowongan", 200_000),
        ("/lowongan?page_size=500", 250_000),
        ("/okupasi/2", 200_000),
    ] {
        let r = app.get(page).await;
        assert_eq!(r.status, 200, "{page}");
        assert!(r.body.len() < budget, "{page}: {} bytes", r.body.len());
    }
}

#[tokio::test]
async fn every_route_answers_the_same_on_postgresql() {
    let Some((pg, _database)) = helpers::spawn_app_on_postgres().await else {
        return;
    };
    let sqlite = spawn_app().await;
    for path in [
        "/api/v1/summary",
        "/api/v1/regions/32",
        "/api/v1/regions/32.73",
        "/api/v1/vacancies?province=32&isco=7&q=a&from=2024-01&to=2025-12&page=2&page_size=20",
        "/api/v1/occupations/72",
    ] {
        let (a, b) = (sqlite.json(path).await, pg.json(path).await);
        assert_eq!(a.0, 200, "{path}");
        assert_eq!(a, b, "{path}");
    }
    let (_, region) = sqlite.json("/api/v1/regions/32").await;
    let blk = region["blks"][0]["code"].as_str().unwrap();
    let path = format!("/api/v1/blks/{blk}");
    assert_eq!(sqlite.json(&path).await, pg.json(&path).await);
    // One vacancy, and one that is a duplicate: the same on both engines.
    let (_, list) = sqlite.json("/api/v1/vacancies?page_size=500").await;
    let items = list["items"].as_array().unwrap();
    let duplicate = items.iter().find(|v| v["duplicate_of"].is_i64()).unwrap();
    for v in [&items[0], duplicate] {
        let path = format!("/api/v1/vacancies/{}", v["id"]);
        let (a, b) = (sqlite.json(&path).await, pg.json(&path).await);
        assert_eq!(a.0, 200, "{path}");
        assert_eq!(a, b, "{path}");
        assert_eq!(pg.get(&format!("/lowongan/{}", v["id"])).await.status, 200);
    }
    for page in [
        "/",
        "/wilayah/32",
        "/lowongan?regency=32.73",
        "/okupasi/7212",
    ] {
        assert_eq!(pg.get(page).await.status, 200, "{page}");
    }
    assert_eq!(pg.get("/readyz").await.status, 200);
}

#[tokio::test]
async fn an_error_page_links_back_to_the_page_of_this_site_it_came_from() {
    let app = spawn_app().await;
    let from = format!("http://{}/lowongan?wilayah=32", app.addr);
    let r = app
        .request("GET", "/lowongan?page=abc", &[("Referer", &from)], b"")
        .await;
    assert_eq!(r.status, 400);
    let doc = r.html();
    assert_eq!(
        crate::hrefs(&doc, "#error-back"),
        ["/lowongan?wilayah=32"],
        "back to the form"
    );
    // Another site's address is never linked.
    let r = app
        .request(
            "GET",
            "/lowongan?page=abc",
            &[("Referer", "http://example.org/lowongan")],
            b"",
        )
        .await;
    assert!(crate::hrefs(&r.html(), "#error-back").is_empty());
}

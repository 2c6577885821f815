//! Occupation review on the web: the queue ranks stored titles by expected wrong codes, a
//! title coded by hand gives its code to every ad of the title (shown on the vacancy page and
//! in the API as the reviewer's), and a withdrawal gives them back to the coder; only a
//! loopback server with this process's form token writes.

use crate::helpers::{spawn_app, spawn_app_on_copy, start_with};
use crate::{sel, text, texts};

/// Three ads of one title, written three ways, that their source left uncoded.
const ADS: &str = "source,source_id,title,employer,region_code,positions,posted_date\n\
uji-tinjau,T-1,Operator Lumbung Padi,PUD Tani Makmur,33.21,2,2025-11-03\n\
uji-tinjau,T-2,URGENT Operator Lumbung Padi (Demak),CV Beras Demak,33.21,1,2025-11-06\n\
uji-tinjau,T-3,OPERATOR LUMBUNG PADI - PT Sri Rejeki,PT Sri Rejeki,35.09,1,2025-11-08\n";

const KEY: &str = "operator lumbung padi";
const PAGE: &str = "/kode/tinjau/judul?judul=Operator+Lumbung+Padi";

#[tokio::test]
async fn a_title_coded_by_hand_codes_all_its_ads_until_the_review_is_withdrawn() {
    let (app, db) = spawn_app_on_copy("review-web").await;
    let file = std::path::PathBuf::from(format!("{db}.review.csv"));
    std::fs::write(&file, ADS).unwrap();
    let db2 = db.clone();
    let ids: Vec<i64> = tokio::task::spawn_blocking(move || {
        let mut s = store::Store::open(&db2).unwrap();
        crate::helpers::import_vacancies(&mut s, &file);
        let ads =
            pipeline::review::title_vacancies(&mut s, &domain::Scope::Central, KEY, 10).unwrap();
        assert_eq!((ads.total, ads.unique(false), ads.unique(true)), (3, 3, 0));
        ads.rows.iter().map(|r| r.id).collect()
    })
    .await
    .unwrap();

    // The queue lists the title once, with its three ads, linked to its page.
    let doc = app.get("/kode/tinjau").await.html();
    let keys = texts(&doc, "#review_queue tbody tr td:nth-child(2)");
    let row = keys
        .iter()
        .position(|k| k == KEY)
        .expect("the title is queued");
    let ads = texts(&doc, "#review_queue tbody tr td:nth-child(3)");
    assert_eq!(ads[row], "3");
    let href = doc
        .select(&sel("#review_queue tbody tr td:nth-child(1) a"))
        .nth(row)
        .and_then(|a| a.value().attr("href").map(str::to_string))
        .unwrap();
    assert!(href.starts_with("/kode/tinjau/judul?judul="), "{href}");
    // The API has the same queue.
    let (status, api) = app.json("/api/v1/review-queue?limit=200").await;
    assert_eq!(status, 200);
    let queued = api["titles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title_key"] == KEY)
        .expect("the title is in the API's queue");
    assert_eq!(queued["ads"], 3);
    assert_eq!(queued["uncoded"], 0);
    assert_eq!(app.get("/api/v1/review-queue?limit=0").await.status, 400);
    // Its export names the columns in English, plain.
    let csv = app
        .get("/kode/tinjau?format=csv&table=review_queue")
        .await
        .text();
    assert!(
        csv.starts_with("title,title_key,ads,uncoded,codes,expected_wrong,isco08,note\n"),
        "{csv}"
    );
    assert!(csv.contains(&format!(",{KEY},3,")), "{csv}");

    // The title's page: its key, its ads, the coder's suggestions, the form.
    let page = app.get(PAGE).await;
    assert_eq!(page.status, 200);
    let doc = page.html();
    assert_eq!(text(&doc, "#review-key"), KEY);
    assert_eq!(text(&doc, "#review-total"), "3");
    assert!(text(&doc, "#review-current").contains("belum ditinjau"));
    assert!(!text(&doc, "#review-suggestions").is_empty());
    assert_eq!(doc.select(&sel("#title_ads tbody tr")).count(), 3);
    let token = doc
        .select(&sel("#review-form input[name=csrf]"))
        .next()
        .and_then(|e| e.value().attr("value").map(str::to_string))
        .expect("a form token");

    // Refused: a forged token, a group instead of a unit group, a code ISCO-08 lacks, a
    // title of ad words only.
    let form = |judul: &str, isco: &str| {
        format!("csrf={token}&judul={judul}&isco={isco}&catatan=gudang+beras+Bulog")
    };
    let r = app
        .post_form(
            "/kode/tinjau/judul",
            "csrf=x&judul=Operator+Lumbung+Padi&isco=8160",
        )
        .await;
    assert_eq!(r.status, 403);
    for (judul, isco, param) in [
        ("Operator+Lumbung+Padi", "816", "isco"),
        ("Operator+Lumbung+Padi", "9999", "isco"),
        ("URGENT+Dibutuhkan", "8160", "judul"),
    ] {
        let r = app
            .post_form("/kode/tinjau/judul", &form(judul, isco))
            .await;
        assert_eq!(r.status, 400, "{judul} {isco}");
        assert!(r.text().contains(param), "{judul} {isco}");
    }
    let unchanged = app.get(PAGE).await.html();
    assert!(text(&unchanged, "#review-current").contains("belum ditinjau"));

    // Saved: a redirect to the title's page, which says how many ads changed.
    let r = app
        .post_form("/kode/tinjau/judul", &form("Operator+Lumbung+Padi", "8160"))
        .await;
    assert_eq!(r.status, 303);
    let location = r.header("location").unwrap().to_string();
    assert!(location.ends_with("&disimpan=3&pencaker=0"), "{location}");
    let doc = app.get(&location).await.html();
    assert!(text(&doc, "#review-flash").starts_with("Tersimpan"));
    // Where job seekers wrote the title as a wish, the banner counts them too.
    let seekers = app
        .get(&location.replace("pencaker=0", "pencaker=4"))
        .await
        .html();
    let banner = text(&seekers, "#review-flash");
    assert!(
        banner.contains("3; pencari kerja") && banner.ends_with(" 4"),
        "{banner}"
    );
    let current = text(&doc, "#review-current");
    assert!(current.starts_with("8160"), "{current}");
    assert!(current.contains("gudang beras Bulog"), "{current}");
    assert!(doc.select(&sel("#review-withdraw")).next().is_some());
    let codes = texts(&doc, "#title_ads tbody tr td:nth-child(3)");
    assert_eq!(codes, ["8160", "8160", "8160"]);

    // Every ad of the title carries it, as the reviewer's code, on its page and in the API.
    for id in &ids {
        let doc = app.get(&format!("/lowongan/{id}")).await.html();
        let recorded = text(&doc, "#recorded-code");
        assert!(recorded.starts_with("8160"), "{recorded}");
        assert!(recorded.contains("dikode petugas"), "{recorded}");
        let (_, v) = app.json(&format!("/api/v1/vacancies/{id}")).await;
        assert_eq!(v["isco_basis"], "reviewed");
        assert_eq!(v["isco08"], "8160");
    }
    let doc = app.get(&format!("/lowongan/{}", ids[0])).await.html();
    let link = doc
        .select(&sel("#review-title-link"))
        .next()
        .and_then(|a| a.value().attr("href").map(str::to_string))
        .unwrap();
    assert_eq!(link, PAGE);

    // Out of the queue, into the reviewed titles; the import history names the batch.
    let doc = app.get("/kode/tinjau").await.html();
    assert!(!texts(&doc, "#review_queue tbody tr td:nth-child(2)").contains(&KEY.to_string()));
    let reviewed = texts(&doc, "#reviewed_titles tbody tr td:nth-child(2)");
    let row = reviewed.iter().position(|k| k == KEY).unwrap();
    assert_eq!(
        texts(&doc, "#reviewed_titles tbody tr td:nth-child(5)")[row],
        "3"
    );
    let (_, api) = app.json("/api/v1/review-queue").await;
    let r = &api["reviewed"][0];
    assert_eq!(
        (
            r["title_key"].as_str(),
            r["isco08"].as_str(),
            r["ads"].as_i64()
        ),
        (Some(KEY), Some("8160"), Some(3))
    );
    assert_eq!(r["note"], "gudang beras Bulog");
    let history = texts(
        &app.get("/impor").await.html(),
        "#batches tbody tr td:nth-child(2)",
    );
    assert!(
        history.iter().any(|k| k == "Tinjauan kode jabatan"),
        "{history:?}"
    );

    // Withdrawn: the ads are the coder's again.
    let r = app
        .post_form(
            "/kode/tinjau/tarik",
            &format!("csrf={token}&judul=Operator+Lumbung+Padi"),
        )
        .await;
    assert_eq!(r.status, 303);
    let location = r.header("location").unwrap().to_string();
    assert!(location.ends_with("&ditarik=3&pencaker=0"), "{location}");
    let doc = app.get(&location).await.html();
    assert!(text(&doc, "#review-current").contains("belum ditinjau"));
    // Withdrawn again: there is nothing to withdraw, and the page says so.
    let r = app
        .post_form(
            "/kode/tinjau/tarik",
            &format!("csrf={token}&judul=Operator+Lumbung+Padi"),
        )
        .await;
    assert_eq!(r.status, 404);
    assert!(r.text().contains("tidak punya tinjauan"), "{}", r.text());
    for id in &ids {
        let (_, v) = app.json(&format!("/api/v1/vacancies/{id}")).await;
        assert_ne!(v["isco_basis"], "reviewed", "{v}");
    }

    // A file of reviewers' codes, uploaded from the queue page: a bad row refuses it whole,
    // by line and column, in the page language; fixed, it codes the title; again, it changes
    // nothing.
    let token_of = |doc: &scraper::Html| {
        doc.select(&sel("#review-file-form input[name=csrf]"))
            .next()
            .and_then(|e| e.value().attr("value").map(str::to_string))
            .expect("the file form's token")
    };
    let token = token_of(&app.get("/kode/tinjau").await.html());
    let bad = "title,isco08,catatan\nOperator Lumbung Padi,816,\n";
    let r = app
        .post_multipart(
            "/kode/tinjau/berkas",
            None,
            &[("csrf", &token)],
            Some(("kode petugas.csv", bad.as_bytes())),
        )
        .await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    assert!(text(&doc, "#review-file-outcome").starts_with("Berkas ditolak"));
    assert_eq!(
        texts(&doc, "#problems tbody tr td"),
        [
            "2",
            "isco08",
            "816 adalah kelompok, bukan golongan jabatan: tulis 4 angka"
        ]
    );
    let r = app
        .post_multipart(
            "/kode/tinjau/berkas",
            None,
            &[("csrf", "forged")],
            Some(("kode.csv", bad.as_bytes())),
        )
        .await;
    assert_eq!(r.status, 403);
    // The queue as downloaded, with one code and a note written in: no other row has a code.
    let sheet = app
        .get("/kode/tinjau?format=csv&table=review_queue")
        .await
        .text();
    let good: String = sheet
        .lines()
        .map(|l| match l.strip_suffix(",,") {
            Some(row) if l.contains(&format!(",{KEY},")) => format!("{row},8160,dari berkas\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    assert!(good.contains(",8160,dari berkas\n"), "{good}");
    let others = (sheet.lines().count() - 2).to_string();
    for (round, outcome) in [(1, "Disimpan sebagai batch"), (2, "Tidak ada yang berubah")] {
        let r = app
            .post_multipart(
                "/kode/tinjau/berkas",
                None,
                &[("csrf", &token)],
                Some(("kode.csv", good.as_bytes())),
            )
            .await;
        assert_eq!(r.status, 200);
        let doc = r.html();
        assert!(
            text(&doc, "#review-file-outcome").starts_with(outcome),
            "round {round}"
        );
        let counts = texts(&doc, "#review-file-counts dd");
        let want = if round == 1 {
            ["1", &others, "1", "3"]
        } else {
            ["1", &others, "0", "0"]
        };
        assert_eq!(counts, want, "round {round}");
    }
    let (_, v) = app.json(&format!("/api/v1/vacancies/{}", ids[0])).await;
    assert_eq!(
        (v["isco_basis"].as_str(), v["isco08"].as_str()),
        (Some("reviewed"), Some("8160"))
    );

    // In English too.
    let doc = app.get("/kode/tinjau?lang=en").await.html();
    assert_eq!(text(&doc, "h1"), "Review occupation codes");
}

#[tokio::test]
async fn a_public_server_shows_reviews_but_takes_no_code() {
    let public = start_with("0.0.0.0:0", server::Options::default()).await;
    let doc = public.get(PAGE).await.html();
    assert!(doc.select(&sel("#review-form")).next().is_none());
    assert!(doc.select(&sel("#review-read-only")).next().is_some());
    let r = public
        .post_form(
            "/kode/tinjau/judul",
            "csrf=x&judul=Operator+Lumbung+Padi&isco=8160",
        )
        .await;
    assert_eq!(r.status, 403);
    let r = public
        .post_form("/kode/tinjau/tarik", "csrf=x&judul=Operator+Lumbung+Padi")
        .await;
    assert_eq!(r.status, 403);
    let r = public
        .post_multipart(
            "/kode/tinjau/berkas",
            None,
            &[("csrf", "x")],
            Some(("kode.csv", b"title,isco08\nOperator Lumbung Padi,8160\n")),
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(
        public
            .get("/kode/tinjau")
            .await
            .html()
            .select(&sel("#review-file-form"))
            .next()
            .is_none()
    );
    assert_eq!(
        public
            .post_form("/lowongan/1/kode", "csrf=x&run=save&isco=8160")
            .await
            .status,
        403
    );
    // A page without a title to review is a clear 400.
    assert_eq!(public.get("/kode/tinjau/judul").await.status, 400);
    assert_eq!(
        public.get("/kode/tinjau/judul?judul=urgent").await.status,
        400
    );
}

#[tokio::test]
async fn one_ad_is_coded_on_its_own_from_its_page() {
    let (app, db) = spawn_app_on_copy("review-ad-web").await;
    let file = std::path::PathBuf::from(format!("{db}.review-ad.csv"));
    std::fs::write(&file, ADS).unwrap();
    let db2 = db.clone();
    let id: i64 = tokio::task::spawn_blocking(move || {
        let mut s = store::Store::open(&db2).unwrap();
        crate::helpers::import_vacancies(&mut s, &file);
        let ads =
            pipeline::review::title_vacancies(&mut s, &domain::Scope::Central, KEY, 10).unwrap();
        ads.rows[0].id
    })
    .await
    .unwrap();
    let page = format!("/lowongan/{id}");
    let doc = app.get(&page).await.html();
    let token = doc
        .select(&sel("#ad-review-form input[name=csrf]"))
        .next()
        .and_then(|e| e.value().attr("value").map(str::to_string))
        .expect("the ad's review form");
    assert!(doc.select(&sel("#ad-review-withdraw")).next().is_none());
    let path = format!("/lowongan/{id}/kode");
    assert_eq!(
        app.post_form(&path, "csrf=x&run=save&isco=8160")
            .await
            .status,
        403
    );
    let bad = app
        .post_form(&path, &format!("csrf={token}&run=save&isco=81"))
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(
        app.post_form(&path, &format!("csrf={token}&run=x"))
            .await
            .status,
        400
    );
    // No such vacancy: a 404 that says so, for saving and for withdrawing.
    for run in ["save", "withdraw"] {
        let r = app
            .post_form(
                "/lowongan/999999999/kode",
                &format!("csrf={token}&run={run}&isco=8160"),
            )
            .await;
        assert_eq!(r.status, 404, "{run}");
        assert_eq!(
            text(&r.html(), "#error-message"),
            "Lowongan nomor \"999999999\" tidak ditemukan. Cari lowongan di /lowongan."
        );
    }

    let r = app
        .post_form(
            &path,
            &format!("csrf={token}&run=save&isco=8160&catatan=mesin+penggilingan"),
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some(page.as_str()));
    let doc = app.get(&page).await.html();
    let recorded = text(&doc, "#recorded-code");
    assert!(recorded.starts_with("8160"), "{recorded}");
    assert!(recorded.contains("lowongan ini saja"), "{recorded}");
    assert!(text(&doc, "#ad-review").contains("mesin penggilingan"));
    let (_, v) = app.json(&format!("/api/v1/vacancies/{id}")).await;
    assert_eq!(v["isco_basis"], "reviewed_ad");
    // A title's review passes the ad by.
    let r = app
        .post_form(
            "/kode/tinjau/judul",
            &format!("csrf={token}&judul=Operator+Lumbung+Padi&isco=9329"),
        )
        .await;
    assert!(
        r.header("location")
            .unwrap()
            .ends_with("&disimpan=2&pencaker=0")
    );
    let (_, v) = app.json(&format!("/api/v1/vacancies/{id}")).await;
    assert_eq!(v["isco08"], "8160");

    // Withdrawn: the ad takes its title's review.
    let r = app
        .post_form(&path, &format!("csrf={token}&run=withdraw"))
        .await;
    assert_eq!(r.status, 303);
    let (_, v) = app.json(&format!("/api/v1/vacancies/{id}")).await;
    assert_eq!(
        (v["isco_basis"].as_str(), v["isco08"].as_str()),
        (Some("reviewed"), Some("9329"))
    );
}

#[tokio::test]
async fn the_coding_page_file_and_api_give_a_reviewed_title_its_reviewers_code() {
    let (app, db) = spawn_app_on_copy("review-coding").await;
    let pasted = "/kode?judul=URGENT+Operator+Lumbung+Padi+%28Demak%29%0ATukang+Las";
    let api = "/api/v1/code?title=Operator+Lumbung+Padi+-+PT+Sri+Rejeki";
    // Before any review: the coder's answers, none of them a reviewer's.
    let doc = app.get(pasted).await.html();
    let before = texts(&doc, "#coded tbody tr td:nth-child(3)");
    assert_ne!(before[0], "9333", "the coder alone must read another code");
    assert!(doc.select(&sel("#code-reviewed")).next().is_none());
    let (_, v) = app.json(api).await;
    assert_eq!(v["basis"], "coded", "{v}");
    assert!(v["review"].is_null());

    let db2 = db.clone();
    tokio::task::spawn_blocking(move || {
        let mut s = store::Store::open(&db2).unwrap();
        let isco = domain::IscoCode::parse("9333").unwrap();
        pipeline::review::review_title(
            &mut s,
            &domain::Scope::Central,
            "Operator Lumbung Padi",
            isco,
            Some("gudang beras Bulog"),
            "petugas-uji",
        )
        .unwrap()
        .unwrap();
    })
    .await
    .unwrap();

    // The pasted titles: the reviewed one takes the review's code, with no model confidence
    // and the review as its evidence, linked to the title's page; the other is the coder's.
    let doc = app.get(pasted).await.html();
    let codes = texts(&doc, "#coded tbody tr td:nth-child(3)");
    assert_eq!(codes, ["9333", before[1].as_str()]);
    assert_eq!(
        texts(&doc, "#coded tbody tr td:nth-child(5)")[0],
        "–",
        "a reviewer's code has no model confidence"
    );
    let evidence = texts(&doc, "#coded tbody tr td:nth-child(6)");
    assert!(
        evidence[0].starts_with(
            "tinjauan kode jabatan: judul \"Operator Lumbung Padi\" dikode oleh petugas-uji"
        ),
        "{evidence:?}"
    );
    assert!(evidence[0].contains("gudang beras Bulog"), "{evidence:?}");
    let link = doc
        .select(&sel("#coded tbody tr td:nth-child(6) a"))
        .next()
        .and_then(|a| a.value().attr("href").map(str::to_string));
    assert_eq!(link.as_deref(), Some(PAGE));
    assert!(text(&doc, "#code-reviewed").starts_with("1 dengan kode petugas"));
    assert!(text(&doc, "#code-summary").starts_with("2 / 2"));
    let en = app.get(&format!("{pasted}&lang=en")).await.html();
    assert!(
        texts(&en, "#coded tbody tr td:nth-child(6)")[0]
            .starts_with("occupation review: title \"Operator Lumbung Padi\" coded by petugas-uji")
    );

    // The API: the reviewer's code, the review, and still the coder's own reading.
    let (status, v) = app.json(api).await;
    assert_eq!(status, 200);
    assert_eq!(v["basis"], "reviewed", "{v}");
    assert_eq!(v["occupation"]["isco08"], "9333");
    assert_eq!(v["review"]["reviewer"], "petugas-uji");
    assert_eq!(v["review"]["note"], "gudang beras Bulog");
    assert_eq!(v["review"]["title"], "Operator Lumbung Padi");
    assert!(v["confidence"].as_f64().is_some_and(|c| c > 0.0));
    assert_eq!(
        v["candidates"][0]["isco08"].as_str(),
        Some(before[0].as_str())
    );
    assert!(
        v["evidence"]
            .as_str()
            .is_some_and(|e| e.starts_with("occupation review: \"Operator Lumbung Padi\"")),
        "{v}"
    );

    // A file: the reviewed title's rows say `reviewed`, with no confidence.
    let file = "judul,lokasi\nOPERATOR LUMBUNG PADI,Kab. Demak\nTukang Las,Kab. Bekasi\n";
    let r = app
        .post_multipart(
            "/kode/berkas",
            None,
            &[],
            Some(("bursa.csv", file.as_bytes())),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let mut rd = csv::Reader::from_reader(r.body.as_slice());
    let h: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    let get =
        |row: usize, col: &str| rows[row][h.iter().position(|x| x == col).unwrap()].to_string();
    assert_eq!(
        (
            get(0, "isco08_unit"),
            get(0, "isco_basis"),
            get(0, "isco_confidence")
        ),
        ("9333".to_string(), "reviewed".to_string(), String::new())
    );
    assert_eq!(get(1, "isco_basis"), "coded");
    assert!(!get(1, "isco_confidence").is_empty());
}

#[tokio::test]
async fn a_titles_page_counts_its_unique_ads_as_the_queue_does() {
    let app = spawn_app().await;
    let doc = app.get("/kode/tinjau").await.html();
    let links = crate::hrefs(&doc, "#review_queue tbody tr td:nth-child(1) a");
    let heads = texts(&doc, "#review_queue thead th");
    let ads_column = heads
        .iter()
        .position(|h| h == "Lowongan (unik)")
        .unwrap_or_else(|| panic!("{heads:?}"));
    let counts = texts(
        &doc,
        &format!("#review_queue tbody tr td:nth-child({})", ads_column + 1),
    );
    assert!(links.len() >= 20, "{}", links.len());
    let mut with_reposts = 0;
    // Every title of the first page: which of them have re-posts moves with the coder's
    // doubts, so the first few may have none.
    for (link, count) in links.iter().zip(&counts) {
        let page = app.get(link).await.html();
        assert_eq!(&text(&page, "#review-total"), count, "{link}");
        let listed = page.select(&sel("#title_ads tbody tr")).count();
        with_reposts += usize::from(listed > count.replace('.', "").parse::<usize>().unwrap());
    }
    assert!(
        with_reposts > 0,
        "some title has re-posts listed besides its unique ads"
    );
}

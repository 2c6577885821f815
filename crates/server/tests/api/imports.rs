//! The import pages: a dry run that reports every bad row and writes nothing, a commit of a
//! checked file, the history, the per-process form token, the size limit, and read-only mode
//! on a non-loopback address.

use crate::helpers::{TestApp, spawn_app_on_copy, start_with};
use crate::{sel, text, texts};

async fn post_upload(
    app: &TestApp,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> crate::helpers::Response {
    post_upload_in(app, None, fields, file).await
}

/// An upload from a browser whose language cookie is `lang` (none: the default, Indonesian).
async fn post_upload_in(
    app: &TestApp,
    lang: Option<&str>,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> crate::helpers::Response {
    app.post_multipart("/impor", lang, fields, file).await
}

async fn csrf(app: &TestApp) -> String {
    let doc = app.get("/impor").await.html();
    doc.select(&sel("#upload input[name=csrf]"))
        .next()
        .and_then(|e| e.value().attr("value").map(str::to_string))
        .expect("a form token")
}

const GOOD: &str = "source,source_id,title,employer,region_code,isco08,positions,posted_date\n\
uji-web,W-1,Juru Masak Hotel,PT Hotel Sentosa,32.73,5120,2,2025-11-03\n\
uji-web,W-2,Operator Mesin Bubut,CV Logam Presisi,32.16,7223,3,2025-11-05\n";

const BAD: &str = "source,source_id,title,employer,region_code,isco08,positions,posted_date\n\
uji-web,B-1,Juru Masak Hotel,PT Hotel Sentosa,32.73,5120,2,2025-11-03\n\
uji-web,B-2,Operator Mesin Bubut,CV Logam Presisi,32.16,7223,3,2025-13-45\n";

#[tokio::test]
async fn a_dry_run_reports_each_bad_row_and_writes_nothing_then_a_commit_writes_once() {
    let (app, db) = spawn_app_on_copy("imports").await;
    let (_, before) = app.json("/api/v1/gap?by=nation&level=1").await;
    let token = csrf(&app).await;

    // A bad row: named by line and column, and nothing written.
    let r = post_upload(
        &app,
        &[("csrf", &token), ("entity", "vacancies")],
        Some(("lowongan-salah.csv", BAD.as_bytes())),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let doc = r.html();
    assert_eq!(text(&doc, "#file-name"), "lowongan-salah.csv");
    assert_eq!(text(&doc, "#report dd[data-key=invalid_rows]"), "1");
    let problem = texts(&doc, "#problems tbody tr:first-child td");
    assert_eq!(problem[0], "3", "the file's line");
    assert_eq!(problem[1], "posted_date");
    assert!(!problem[2].is_empty());
    let (_, after_dry_run) = app.json("/api/v1/gap?by=nation&level=1").await;
    assert_eq!(
        after_dry_run["snapshot"]["data_version"], before["snapshot"]["data_version"],
        "a dry run writes no batch"
    );

    // A good file: checked, then committed with the token the report page carries.
    let r = post_upload(
        &app,
        &[("csrf", &token), ("entity", "vacancies")],
        Some(("lowongan-baik.csv", GOOD.as_bytes())),
    )
    .await;
    let doc = r.html();
    assert_eq!(doc.select(&sel("#no-problems")).count(), 1);
    assert!(text(&doc, "#report dd[data-key=would]").contains('2'));
    let form: Vec<(String, String)> = doc
        .select(&sel("#commit input"))
        .map(|e| {
            (
                e.value().attr("name").unwrap().to_string(),
                e.value().attr("value").unwrap().to_string(),
            )
        })
        .collect();
    let body = serde_urlencoded::to_string(&form).unwrap();
    let commit = |body: String| {
        let app = &app;
        async move {
            app.request(
                "POST",
                "/impor/simpan",
                &[("Content-Type", "application/x-www-form-urlencoded")],
                body.as_bytes(),
            )
            .await
        }
    };
    // The commit form with a forged token is refused and commits nothing.
    let forged: Vec<(String, String)> = form
        .iter()
        .map(|(k, v)| {
            let v = if k == "csrf" {
                "forged".to_string()
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect();
    let r = commit(serde_urlencoded::to_string(&forged).unwrap()).await;
    assert_eq!(r.status, 403, "{}", r.text());
    let r = commit(body.clone()).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let batch = text(&r.html(), "#committed");
    assert!(batch.contains("batch"), "{batch}");
    // The same form again: the checked file is gone, and nothing is imported twice.
    assert_eq!(commit(body).await.status, 409);
    let history = app.get("/impor").await.html();
    let first = texts(&history, "#batches tbody tr:first-child td");
    assert_eq!(first[2], "lowongan-baik.csv");
    // What the batch holds is named in the page language, not by its command-line name.
    assert_eq!(first[1], "Lowongan");
    // A recode is a batch without a file: named as what it did.
    tokio::task::spawn_blocking(move || {
        let mut s = store::Store::open(&db).unwrap();
        let meta = store::BatchMeta {
            entity: store::RECODE_ENTITY,
            file_name: "listraf recode",
            file_sha256: "recode:test",
            source_label: "coder model test",
            actor: "test",
            synthetic: false,
        };
        s.begin_import(&domain::Scope::Central, &meta)
            .unwrap()
            .commit()
            .unwrap();
    })
    .await
    .unwrap();
    let recoded = |doc: &scraper::Html| texts(doc, "#batches tbody tr:first-child td")[1].clone();
    assert_eq!(
        recoded(&app.get("/impor").await.html()),
        "Pengodean ulang lowongan"
    );
    assert_eq!(
        recoded(&app.get("/impor?lang=en").await.html()),
        "Vacancies recoded"
    );
    // Uploading the same file again is recognised before any write.
    let r = post_upload(
        &app,
        &[("csrf", &token), ("entity", "vacancies")],
        Some(("lowongan-baik.csv", GOOD.as_bytes())),
    )
    .await;
    assert_eq!(r.html().select(&sel("#already")).count(), 1);
}

const BAD_NIK: &str = "nik,name,sex,region_code,education,registered_date\n\
3273014508950003,Siti,P,32.73,SMK,2025-01-10\n\
327301450895000,Pendek,P,32.73,SMK,2025-01-10\n\
3273014508950011,Lebih,L,32.73,SMA,2025-01-11,sel lebih\n";

#[tokio::test]
async fn row_problems_are_given_in_the_page_language() {
    let (app, _db) = spawn_app_on_copy("imports-lang").await;
    let token = csrf(&app).await;
    let upload = |lang| {
        let (app, token) = (&app, &token);
        async move {
            let r = post_upload_in(
                app,
                lang,
                &[("csrf", token), ("entity", "job-seekers")],
                Some(("pencaker-nik.csv", BAD_NIK.as_bytes())),
            )
            .await;
            assert_eq!(r.status, 200, "{}", r.text());
            r.html()
        }
    };

    // Bahasa Indonesia by default.
    let doc = upload(None).await;
    let problem = texts(&doc, "#problems tbody tr:first-child td");
    assert_eq!(problem[0], "3");
    assert_eq!(problem[1], "nik");
    assert_eq!(problem[2], "NIK harus 16 digit; ditemukan 15");
    // A problem of the whole row names no column: "(baris)", not "(row)".
    let extra = texts(&doc, "#problems tbody tr:nth-child(2) td");
    assert_eq!(extra[..2], ["4", "(baris)"]);

    // English when the browser asked for it.
    let en = upload(Some("en")).await;
    let problem = texts(&en, "#problems tbody tr:first-child td");
    assert_eq!(problem[2], "NIK must have 16 digits; found 15");
    let extra = texts(&en, "#problems tbody tr:nth-child(2) td");
    assert_eq!(extra[..2], ["4", "(row)"]);

    // The page after saving the valid rows lists the skipped row in Indonesian too.
    let form: Vec<(String, String)> = doc
        .select(&sel("#commit input"))
        .map(|e| {
            (
                e.value().attr("name").unwrap().to_string(),
                e.value().attr("value").unwrap().to_string(),
            )
        })
        .collect();
    let r = app
        .request(
            "POST",
            "/impor/simpan",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            serde_urlencoded::to_string(&form).unwrap().as_bytes(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let doc = r.html();
    assert_eq!(doc.select(&sel("#committed")).count(), 1);
    assert_eq!(
        texts(&doc, "#problems tbody tr:first-child td")[2],
        "NIK harus 16 digit; ditemukan 15"
    );
}

#[tokio::test]
async fn uploads_need_the_form_token_a_known_kind_and_a_csv_or_xlsx() {
    let (app, _db) = spawn_app_on_copy("imports-refused").await;
    let token = csrf(&app).await;
    let file = Some(("a.csv", GOOD.as_bytes()));
    let r = post_upload(&app, &[("csrf", "forged"), ("entity", "vacancies")], file).await;
    assert_eq!(r.status, 403);
    let r = post_upload(&app, &[("csrf", &token), ("entity", "rockets")], file).await;
    assert_eq!(r.status, 400);
    let r = post_upload(
        &app,
        &[("csrf", &token), ("entity", "vacancies")],
        Some(("a.exe", b"MZ")),
    )
    .await;
    assert_eq!(r.status, 400);
    let r = app
        .request(
            "POST",
            "/impor",
            &[("Content-Type", "text/plain")],
            b"hello",
        )
        .await;
    assert_eq!(r.status, 400);
    // A file that cannot be read says so in the page language, with what to do.
    let legacy = Some((
        "lama.csv",
        &b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old workbook"[..],
    ));
    let r = post_upload(&app, &[("csrf", &token), ("entity", "vacancies")], legacy).await;
    assert_eq!(r.status, 400);
    assert!(
        r.text().contains("buku kerja .xls lama") && r.text().contains("simpan sebagai .xlsx"),
        "{}",
        r.text()
    );
    assert!(!r.text().contains("old .xls workbook"), "{}", r.text());
    let r = post_upload_in(
        &app,
        Some("en"),
        &[("csrf", &token), ("entity", "vacancies")],
        legacy,
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.text().contains("old .xls workbook"), "{}", r.text());
}

#[tokio::test]
async fn an_oversized_upload_is_a_clear_413_and_a_public_server_is_read_only() {
    let options = server::Options {
        upload_limit: 4 * 1024,
        ..Default::default()
    };
    let app = start_with("127.0.0.1:0", options.clone()).await;
    let token = csrf(&app).await;
    let big = vec![b'a'; 64 * 1024];
    let r = post_upload(
        &app,
        &[("csrf", &token), ("entity", "vacancies")],
        Some(("big.csv", &big)),
    )
    .await;
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.text().contains("listraf import"));
    // Far beyond the limit: cut off while streaming, still a clear 413 page.
    let huge = vec![b'a'; 512 * 1024];
    let r = post_upload(
        &app,
        &[("csrf", &token), ("entity", "vacancies")],
        Some(("huge.csv", &huge)),
    )
    .await;
    assert_eq!(r.status, 413);
    assert!(r.text().contains("listraf import"), "{}", r.text());

    // On every interface, not loopback: the page shows the history only, and posts are refused.
    let public = start_with("0.0.0.0:0", options).await;
    let doc = public.get("/impor").await.html();
    assert_eq!(doc.select(&sel("#upload")).count(), 0);
    assert_eq!(doc.select(&sel("#read-only")).count(), 1);
    let r = post_upload(&public, &[("csrf", "x"), ("entity", "vacancies")], None).await;
    assert_eq!(r.status, 403);
    assert_eq!(doc.select(&sel("#recode-form")).count(), 0);
    let r = public
        .post_form("/impor/kode-ulang", "csrf=x&run=write")
        .await;
    assert_eq!(r.status, 403);
}

/// A form post, as a browser sends one.
#[tokio::test]
async fn a_recode_from_the_import_page_checks_first_then_writes_one_batch() {
    let (app, db) = spawn_app_on_copy("recode-web").await;
    // Two ads their source left uncoded, so Listraf coded them on import; then one of them is
    // given the confidence an older coder would have left.
    let file = std::path::PathBuf::from(format!("{db}.uncoded.csv"));
    std::fs::write(
        &file,
        "source,source_id,title,employer,region_code,positions,posted_date\n\
         uji-recode,R-1,Tukang Las,CV Baja Kuat,32.16,2,2025-11-03\n\
         uji-recode,R-2,Juru Masak,PT Rasa Nusantara,32.73,1,2025-11-04\n",
    )
    .unwrap();
    tokio::task::spawn_blocking(move || {
        use domain::Scope;
        let mut s = store::Store::open(&db).unwrap();
        crate::helpers::import_vacancies(&mut s, &file);
        let rows = s
            .vacancies_for_recode(&Scope::Central, 0, 1_000_000)
            .unwrap();
        let welder = rows.iter().find(|r| r.title == "Tukang Las").unwrap();
        assert!(welder.confidence.is_some(), "coded by Listraf on import");
        let meta = store::BatchMeta {
            entity: store::RECODE_ENTITY,
            file_name: "older coder",
            file_sha256: "older-coder-test",
            source_label: "older coder",
            actor: "test",
            synthetic: false,
        };
        let mut session = s.begin_import(&Scope::Central, &meta).unwrap();
        session
            .set_codes(
                1,
                &[store::RecodeChange {
                    id: welder.id,
                    before: (welder.isco, welder.confidence),
                    after: (welder.isco, Some(0.123)),
                }],
            )
            .unwrap();
        session.commit().unwrap();
    })
    .await
    .unwrap();

    let token = csrf(&app).await;
    let page = app.get("/impor").await.html();
    assert!(page.select(&sel("#recode-form")).next().is_some());
    // A forged token is refused.
    let r = app
        .post_form("/impor/kode-ulang", "csrf=forged&run=write")
        .await;
    assert_eq!(r.status, 403);
    // The check finds the one stale confidence and saves nothing.
    let r = app
        .post_form("/impor/kode-ulang", &format!("csrf={token}&run=check"))
        .await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    assert!(text(&doc, "#recode-outcome").contains("Pemeriksaan saja"));
    let counts = texts(&doc, "#recode_counts tbody tr td:nth-child(3)");
    let keys = texts(&doc, "#recode_counts tbody tr td:nth-child(1)");
    let count = |k: &str| {
        keys.iter()
            .position(|x| x == k)
            .map(|i| counts[i].clone())
            .unwrap_or_default()
    };
    assert_eq!(count("confidence_only"), "1", "{keys:?} {counts:?}");
    assert_eq!(count("recoded"), "0");
    // The check offers the write, and no download link that would ask for the page by GET.
    assert!(doc.select(&sel("#recode-run")).next().is_some());
    assert_eq!(doc.select(&sel("#recode_counts a")).count(), 0);
    let history = |doc: &scraper::Html| texts(doc, "#batches tbody tr td:nth-child(2)");
    let recodes_before = history(&app.get("/impor").await.html())
        .iter()
        .filter(|k| *k == "Pengodean ulang lowongan")
        .count();
    // The real run writes one batch, which the history names in the page language.
    let r = app
        .post_form("/impor/kode-ulang", &format!("csrf={token}&run=write"))
        .await;
    assert_eq!(r.status, 200);
    assert!(text(&r.html(), "#recode-outcome").starts_with("Disimpan sebagai batch"));
    let after = history(&app.get("/impor").await.html());
    assert_eq!(
        after
            .iter()
            .filter(|k| *k == "Pengodean ulang lowongan")
            .count(),
        recodes_before + 1,
        "{after:?}"
    );
    // A second run has nothing left to change.
    let r = app
        .post_form("/impor/kode-ulang", &format!("csrf={token}&run=write"))
        .await;
    assert!(text(&r.html(), "#recode-outcome").contains("Tidak ada yang perlu diubah"));
    let r = app
        .post_form("/impor/kode-ulang", &format!("csrf={token}&run=x"))
        .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn another_sites_page_can_neither_read_the_form_token_nor_post() {
    let app = start_with("127.0.0.1:0", server::Options::default()).await;
    let token = csrf(&app).await;
    let form = format!("csrf={token}&run=check");
    let as_form = [("Content-Type", "application/x-www-form-urlencoded")];
    // A page of another site whose name now leads to 127.0.0.1 (DNS rebinding), or a reverse
    // proxy passing its public name: nothing is answered, so no token can be read.
    let port = app.addr.port();
    for host in [
        format!("attacker.example:{port}"),
        "listraf.kemnaker.go.id".into(),
    ] {
        for (method, path) in [
            ("GET", "/impor"),
            ("GET", "/"),
            ("POST", "/impor/kode-ulang"),
        ] {
            let r = app
                .request_to_host(&host, method, path, &as_form, form.as_bytes())
                .await;
            assert_eq!(r.status, 403, "{host} {method} {path}");
            assert!(!r.text().contains(&token));
            assert!(r.text().contains("localhost"), "{}", r.text());
        }
    }
    // A proxy that passes on a loopback Host but says it forwarded the request.
    for proxy in [
        ("X-Forwarded-For", "203.0.113.9"),
        ("X-Real-IP", "203.0.113.9"),
        ("Forwarded", "for=203.0.113.9"),
        ("Via", "1.1 nginx"),
    ] {
        let r = app.request("GET", "/impor", &[proxy], b"").await;
        assert_eq!(r.status, 403, "{proxy:?}");
        assert!(!r.text().contains(&token));
        // A refusal carries the security headers like any answer.
        assert!(r.header("content-security-policy").is_some());
    }
    // Loopback names are this machine's own.
    for host in [
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.1".into(),
    ] {
        let r = app.request_to_host(&host, "GET", "/impor", &[], b"").await;
        assert_eq!(r.status, 200, "{host}");
    }
    // A post naming another site as its origin is refused even with the right token; the
    // same post from this server's own page goes through.
    let own = format!("http://{}", app.addr);
    for (origin, status) in [
        ("https://attacker.example", 403),
        ("null", 403),
        (own.as_str(), 200),
    ] {
        let headers = [as_form[0], ("Origin", origin)];
        let r = app
            .request("POST", "/impor/kode-ulang", &headers, form.as_bytes())
            .await;
        assert_eq!(r.status, status, "{origin}: {}", r.text());
    }
    // A read-only server answers any name (it is meant for others), and still refuses a
    // foreign origin's post.
    let public = start_with("0.0.0.0:0", server::Options::default()).await;
    let r = public
        .request_to_host("listraf.kemnaker.go.id", "GET", "/", &[], b"")
        .await;
    assert_eq!(r.status, 200);
    let headers = [("Origin", "https://attacker.example")];
    let r = public.request("POST", "/kode/berkas", &headers, b"").await;
    assert_eq!(r.status, 403);
    assert!(r.text().contains("situs lain"), "{}", r.text());
    // Behind a proxy, a post from the site's own public pages names the host the proxy was
    // asked for.
    let headers = [
        ("Origin", "https://listraf.example"),
        ("X-Forwarded-Host", "listraf.example"),
    ];
    let r = public.request("POST", "/kode/berkas", &headers, b"").await;
    assert_ne!(r.status, 403, "{}", r.text());
}

#[tokio::test]
async fn an_upload_is_answered_with_what_was_done_however_long_it_takes() {
    // Every page must answer within the request timeout; an upload is not cut off by it, since
    // its work goes on to the end whatever the browser is told.
    let options = server::Options {
        request_timeout: std::time::Duration::from_nanos(1),
        ..Default::default()
    };
    let app = start_with("127.0.0.1:0", options).await;
    let token = csrf(&app).await;
    let r = post_upload(
        &app,
        &[("csrf", &token), ("entity", "vacancies")],
        Some(("lowongan-salah.csv", BAD.as_bytes())),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        text(&r.html(), "#report dd[data-key=invalid_rows]"),
        "1",
        "the dry run's own report"
    );
}

#[tokio::test]
async fn rows_the_database_refuses_count_as_invalid_in_the_check() {
    let app = start_with("127.0.0.1:0", server::Options::default()).await;
    let token = csrf(&app).await;
    // Well-formed rows: the first for a NIK nobody registered (refused by the database), the
    // second with a date that is no date (refused by the file's checks).
    let file = "nik,placement_type,employer,start_date\n\
                3273014508950099,WAGE,PT Contoh,2025-06-01\n\
                3273014508950098,WAGE,PT Contoh,2025-02-30\n";
    let r = post_upload(
        &app,
        &[("csrf", &token), ("entity", "placements")],
        Some(("penempatan.csv", file.as_bytes())),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let doc = r.html();
    assert_eq!(text(&doc, "#report dd[data-key=invalid_rows]"), "2");
    let lines = texts(&doc, "#problems tbody tr td:nth-child(1)");
    assert_eq!(lines, ["2", "3"], "in line order");
}

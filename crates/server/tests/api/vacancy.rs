//! `/lowongan/{id}` and `/api/v1/vacancies/{id}`: one vacancy, its coding and its cluster.
//! Synthetic ads carry their codes; three ads written after real Loker.id ads (no occupation
//! or region code, a contact in the text, a re-post on another portal) are imported into a
//! copy of the test database through the real import path, so the coder, the resolver and the
//! duplicate detector have done their work when the page is read.

use store::Store;

use crate::helpers::{import_vacancies, spawn_app, spawn_app_on_copy};
use crate::{hrefs, indonesian_skill_names, sel, text, texts};

const DESCRIPTION: &str = "Badan Pengelola Rusunami City Park, pengelola gedung dengan 15 tower dan 3544 unit, membutuhkan staff engineering 2 orang.\n\nTanggung Jawab Pekerjaan :\n- Melakukan perawatan & perbaikan peralatan di unit apartemen\n- Bersedia bekerja mobile di area gedung (indoor & outdoor)\n\nKeahlian :\n- Mengerti mekanikal elektrikal dan plumbing\n- Memahami troubleshooting\n\nKualifikasi :\n- Lulusan SMA/SMK (diutamakan jurusan Teknik Listrik, Mesin, Pendingin)\n- Pengalaman minimal 3 tahun di bidangnya";

fn ads_csv() -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "source",
        "source_id",
        "title",
        "description",
        "category",
        "subcategory",
        "function",
        "skills",
        "employer",
        "region_code",
        "location",
        "isco08",
        "salary_min",
        "salary_max",
        "positions",
        "posted_date",
    ])
    .unwrap();
    let with_contact =
        format!("{DESCRIPTION}\n\nKirim CV ke hrd.citypark@rusunami.co.id atau WA 0812-3456-7890.");
    w.write_record([
        "lokerid",
        "15758013",
        "Staff Engineering",
        &with_contact,
        "Teknik",
        "Teknik Elektro / Elektronika",
        "Teknisi Elektro",
        "Plumbing, Troubleshooting",
        "Rusunami Citypark",
        "",
        "Jakarta Barat",
        "",
        "3000000",
        "4000000",
        "2",
        "2025-07-09",
    ])
    .unwrap();
    // The same job re-posted three days later on another portal.
    w.write_record([
        "jobportal",
        "jp-77120",
        "Staff Engineering",
        DESCRIPTION,
        "",
        "",
        "",
        "",
        "Rusunami Citypark",
        "",
        "Kota Adm. Jakarta Barat",
        "",
        "",
        "",
        "2",
        "2025-07-12",
    ])
    .unwrap();
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[tokio::test]
async fn a_coded_ad_shows_its_coding_skills_region_hidden_contacts_and_re_post() {
    let (app, db) = spawn_app_on_copy("vacancy-page").await;
    let file = std::path::PathBuf::from(format!("{db}.ads.csv"));
    std::fs::write(&file, ads_csv()).unwrap();
    let f = file.clone();
    tokio::task::spawn_blocking(move || import_vacancies(&mut Store::open(&db).unwrap(), &f))
        .await
        .unwrap();
    let (_, list) = app
        .json("/api/v1/vacancies?regency=31.73&q=staff%20engineering&page_size=500")
        .await;
    let ours: Vec<&serde_json::Value> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["employer"] == "Rusunami Citypark")
        .collect();
    assert_eq!(ours.len(), 2, "both ads, their region resolved: {list}");
    let first = ours.iter().find(|v| v["source"] == "lokerid").unwrap();
    let repost = ours.iter().find(|v| v["source"] == "jobportal").unwrap();
    let (first_id, repost_id) = (
        first["id"].as_i64().unwrap(),
        repost["id"].as_i64().unwrap(),
    );
    assert_eq!(repost["duplicate_of"].as_i64(), Some(first_id));

    // The page of the first ad.
    let r = app.get(&format!("/lowongan/{first_id}")).await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    assert_eq!(text(&doc, "#vacancy-title"), "Staff Engineering");
    assert_eq!(
        hrefs(&doc, "#fact-region a"),
        vec!["/wilayah/31.73".to_string()]
    );
    assert!(text(&doc, "#fact-region").contains("dibaca Listraf dari teks lokasi"));
    assert_eq!(text(&doc, "#fact-salary"), "Rp 3.000.000 – Rp 4.000.000");
    // Coded on import, by the coder the page asks again: the same answer, and no warning.
    let expected = classify::Coder::shipped().code_ad(
        "Staff Engineering",
        classify::coder::AdBody {
            description: Some(&format!(
                "{DESCRIPTION}\n\nKirim CV ke hrd.citypark@rusunami.co.id atau WA 0812-3456-7890."
            )),
            context: Some(
                "Teknik; Teknik Elektro / Elektronika; Teknisi Elektro; Plumbing, Troubleshooting",
            ),
        },
    );
    let code = expected.code.expect("the ad is coded").to_string();
    assert_eq!(first["isco08"].as_str(), Some(code.as_str()));
    assert!(text(&doc, "#recorded-code").starts_with(&code));
    assert!(text(&doc, "#recorded-code").contains("dikode Listraf saat impor"));
    assert!(text(&doc, "#coder-answer").starts_with(&code));
    // The evidence reads in the page's language; in English it is the coder's own text.
    assert!(!text(&doc, "#coder-evidence").is_empty());
    assert_eq!(doc.select(&sel("#coder-differs")).count(), 0);
    let candidates = texts(&doc, "#candidates tbody td:nth-child(2)");
    assert_eq!(candidates[0], code);
    assert_eq!(candidates.len(), expected.candidates.len());
    // Skills: the ones the extractor finds in the title, tags and text.
    let skills = classify::skills::extract_ad(
        "Staff Engineering",
        Some("Plumbing, Troubleshooting"),
        Some(DESCRIPTION),
        Some("Rusunami Citypark"),
    );
    assert!(!skills.is_empty());
    let labels: Vec<String> = skills.iter().map(|s| s.label.clone()).collect();
    // In Indonesian by the project's names ("troubleshoot" reads "memecahkan masalah
    // teknis"); in English by ESCO's labels.
    let names = indonesian_skill_names(&labels);
    assert_eq!(texts(&doc, "#skills li"), names);
    assert!(names.iter().zip(&labels).any(|(n, l)| n != l), "{names:?}");
    let en = app
        .get(&format!("/lowongan/{first_id}?lang=en"))
        .await
        .html();
    assert_eq!(texts(&en, "#skills li"), labels);
    assert!(text(&doc, "#context-skill-tags").contains("Plumbing"));
    // The contact is hidden; the rest of the text is there.
    let body = text(&doc, "#description .adtext");
    assert!(body.contains("Memahami troubleshooting"));
    assert!(body.contains("[kontak disembunyikan]"));
    assert!(
        !body.contains("0812") && !body.contains("rusunami.co.id"),
        "{body}"
    );
    assert!(text(&doc, "#contacts-hidden").starts_with('2'));
    // Its re-post is listed, linked, and not counted.
    assert!(hrefs(&doc, "#duplicates tbody a").contains(&format!("/lowongan/{repost_id}")));
    assert!(text(&doc, "#cluster-note").contains("iklan ini yang dihitung"));

    // The re-post's page points back to the first ad, which is the one counted.
    let doc = app.get(&format!("/lowongan/{repost_id}")).await.html();
    assert!(hrefs(&doc, "#duplicates tbody a").contains(&format!("/lowongan/{first_id}")));
    assert!(text(&doc, "#cluster-note").contains("hanya iklan pertama"));
    assert_eq!(doc.select(&sel("#contacts-hidden")).count(), 0);

    // The same in JSON, and in English.
    let (status, v) = app.json(&format!("/api/v1/vacancies/{first_id}")).await;
    assert_eq!(status, 200);
    assert_eq!(v["isco_basis"], "coded_on_import");
    assert_eq!(v["coder"]["isco08"].as_str(), Some(code.as_str()));
    assert_eq!(v["region_code"], "31.73");
    assert_eq!(v["region_resolved"], true);
    assert!(
        v["description"]
            .as_str()
            .unwrap()
            .contains("[contact hidden]")
    );
    assert_eq!(v["duplicates"][0]["id"].as_i64(), Some(repost_id));
    assert_eq!(v["duplicates"][0]["counted"], false);
    // Skills by their labels, and beside them each label's Indonesian name.
    let api_labels: Vec<&str> = v["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(api_labels, labels);
    for (label, name) in labels.iter().zip(&names) {
        assert_eq!(
            v["skill_names_id"][label].as_str(),
            Some(name.as_str()),
            "{label}"
        );
    }
    let doc = app
        .get(&format!("/lowongan/{first_id}?lang=en"))
        .await
        .html();
    assert_eq!(text(&doc, "#coding h2"), "Occupation");
    assert_eq!(text(&doc, "#coder-evidence"), expected.evidence);
    assert!(text(&doc, "#fact-salary").contains("Rp 3,000,000"));
    assert!(text(&doc, "#description .adtext").contains("[contact hidden]"));
    let _ = std::fs::remove_file(file);
}

#[tokio::test]
async fn every_vacancy_in_the_list_links_to_its_page() {
    let app = spawn_app().await;
    let doc = app.get("/lowongan").await.html();
    let links = hrefs(&doc, "#vacancies tbody td:nth-child(2) a");
    assert_eq!(links.len(), 50);
    let titles = texts(&doc, "#vacancies tbody td:nth-child(2)");
    let (_, page) = app.json("/api/v1/vacancies").await;
    for (i, href) in links.iter().enumerate().take(12) {
        assert_eq!(href, &format!("/lowongan/{}", page["items"][i]["id"]));
        let r = app.get(href).await;
        assert_eq!(r.status, 200, "{href}");
        let d = r.html();
        assert_eq!(text(&d, "#vacancy-title"), titles[i]);
        // Synthetic ads carry their code: it comes from the source.
        assert!(text(&d, "#recorded-code").contains("kode dari sumber data"));
        let recorded = page["items"][i]["isco08"].as_str().unwrap();
        assert_eq!(
            hrefs(&d, "#recorded-code a"),
            vec![format!("/okupasi/{recorded}")]
        );
        // When today's coder disagrees with a source's code, the page says the source's code
        // stands; when it agrees, nothing is said.
        if text(&d, "#coder-answer").starts_with(recorded) {
            assert_eq!(d.select(&sel("#coder-differs")).count(), 0);
        } else {
            assert!(text(&d, "#coder-differs").contains("Kode sumber tetap dipakai"));
        }
    }
    // The candidates table downloads like any other table.
    let r = app
        .get(&format!("{}?format=csv&table=candidates", links[0]))
        .await;
    assert_eq!(r.status, 200);
    assert!(r.text().starts_with("rank,isco08,title"), "{}", r.text());
}

#[tokio::test]
async fn unknown_or_malformed_vacancy_numbers_are_clear_404s() {
    let app = spawn_app().await;
    for id in [
        "0",
        "abc",
        "-3",
        "999999999",
        "%3Cscript%3E",
        "12345678901234567890",
    ] {
        let r = app.get(&format!("/lowongan/{id}")).await;
        assert_eq!(r.status, 404, "{id}");
        assert!(r.text().contains("tidak ditemukan"), "{id}");
        let (status, body) = app.json(&format!("/api/v1/vacancies/{id}")).await;
        assert_eq!(status, 404, "{id}");
        assert_eq!(body["code"], "unknown_vacancy", "{id}");
    }
}

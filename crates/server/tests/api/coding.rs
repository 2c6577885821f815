//! `/kode`: pasted titles are coded, shown in the page language and downloaded as CSV.

use crate::helpers::spawn_app;

/// A query value as a form sends it.
fn form_value(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The cells of the coded table, row by row.
fn coded_rows(doc: &scraper::Html) -> Vec<Vec<String>> {
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    doc.select(&sel("#coded tbody tr"))
        .map(|tr| {
            tr.select(&sel("td"))
                .map(|td| td.text().collect::<String>())
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn pasted_titles_are_coded_with_evidence_skills_and_region() {
    let app = spawn_app().await;
    // Real Loker.id titles; the second with a location pasted from a spreadsheet's next column.
    let input = "Tukang Las\nAdmin Gudang\tKAB. SEMARANG\nQwzx Vbnm\n";
    let r = app.get(&format!("/kode?judul={}", form_value(input))).await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let rows = coded_rows(&doc);
    assert_eq!(rows.len(), 3, "{rows:?}");
    // Welder: coded, its KBJI title in Indonesian, a percentage with a decimal comma.
    assert_eq!(rows[0][1], "Tukang Las");
    assert_eq!(rows[0][2], "7212");
    assert!(
        rows[0][4].ends_with('%') && rows[0][4].contains(','),
        "{:?}",
        rows[0]
    );
    assert!(
        rows[0][5].contains("entri daftar judul Listraf"),
        "{:?}",
        rows[0]
    );
    // A stock clerk, placed in Kabupaten Semarang.
    assert_eq!(rows[1][2], "4321", "{:?}", rows[1]);
    assert_eq!(rows[1][8], "KAB. SEMARANG");
    assert!(rows[1][9].starts_with("33.22 "), "{:?}", rows[1]);
    // Gibberish is uncoded, says why, and finds no skill.
    assert_eq!(rows[2][2], "");
    assert!(rows[2][3].contains("tidak dikode"), "{:?}", rows[2]);
    assert_eq!(rows[2][7], "0 ditemukan");
    let summary = doc
        .select(&sel("#code-summary"))
        .next()
        .map(|e| e.text().collect::<String>())
        .unwrap_or_default();
    assert!(summary.starts_with("2 / 3"), "{summary}");
    // The textarea keeps what was pasted, so the form can be corrected and sent again.
    let kept = doc
        .select(&sel("textarea#judul"))
        .next()
        .map(|e| e.text().collect::<String>())
        .unwrap_or_default();
    assert_eq!(kept.trim_end(), input.trim_end());

    // English page, then the CSV download of the same link.
    let en = app
        .get(&format!("/kode?judul={}&lang=en", form_value(input)))
        .await
        .text();
    assert!(
        en.contains("Coding results") && en.contains("uncoded"),
        "{en}"
    );
    let csv = app
        .get(&format!(
            "/kode?judul={}&format=csv&table=coded",
            form_value(input)
        ))
        .await;
    assert_eq!(csv.status, 200);
    let text = csv.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[0].starts_with("line,title,isco08,occupation,confidence"),
        "{text}"
    );
    assert!(lines[1].starts_with("1,Tukang Las,7212,"), "{text}");
    // The gibberish's skills are an empty list in the file, not the page's words.
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let skills: Vec<String> = rd.records().map(|r| r.unwrap()[7].to_string()).collect();
    assert_eq!(skills[2], "", "{text}");
    // Skills: Indonesian names on the page, ESCO labels in the file.
    let input = form_value("Staff Admin Excel");
    let found = classify::skills::extract("Staff Admin Excel", None);
    let (labels, names): (Vec<&str>, Vec<&str>) = found
        .iter()
        .map(|s| {
            let name = classify::skills::indonesian_name(&s.label).expect("named");
            (s.label.as_str(), name)
        })
        .unzip();
    assert!(!labels.is_empty() && labels != names, "{labels:?}");
    let rows = coded_rows(&app.get(&format!("/kode?judul={input}")).await.html());
    assert_eq!(rows[0][7], names.join("; "), "{:?}", rows[0]);
    let text = app
        .get(&format!("/kode?judul={input}&format=csv&table=coded"))
        .await
        .text();
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let skills: Vec<String> = rd.records().map(|r| r.unwrap()[7].to_string()).collect();
    assert_eq!(skills, vec![labels.join("; ")], "{text}");
}

/// A location with no region says why, in the page's language; a pasted description is cut to
/// a title's length and shows it.
#[tokio::test]
async fn an_unplaced_location_says_why_and_a_cut_title_shows_it() {
    let app = spawn_app().await;
    let long = format!("Staff Admin {}", "dengan pengalaman ".repeat(20));
    let input =
        format!("Sales\tJabodetabek\nBarista\tRemote\n{long}\nSales (Bekasi)\tJawa Barat\n");
    let r = app
        .get(&format!("/kode?judul={}", form_value(&input)))
        .await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    let rows = coded_rows(&doc);
    assert_eq!(rows.len(), 4, "{rows:?}");
    // The title's place narrows the province, and the table says where the region came from.
    assert!(
        rows[3][9].starts_with("32.75 ") && rows[3][9].ends_with("(dari judul)"),
        "{:?}",
        rows[3]
    );
    assert!(
        rows[0][9].contains("beberapa provinsi") && rows[0][9].contains("Bogor"),
        "{:?}",
        rows[0]
    );
    assert!(rows[1][9].contains("jarak jauh"), "{:?}", rows[1]);
    assert!(rows[2][1].ends_with('…'), "{:?}", rows[2]);
    assert_eq!(rows[2][1].chars().count(), 201, "{:?}", rows[2]);
    let en = app
        .get(&format!("/kode?judul={}&lang=en", form_value(&input)))
        .await
        .text();
    assert!(en.contains("remote work, no workplace region"), "{en}");
}

#[tokio::test]
async fn an_empty_form_codes_nothing_and_too_many_titles_are_coded_up_to_the_limit() {
    let app = spawn_app().await;
    let r = app.get("/kode").await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    assert!(doc.select(&sel("form#code-form textarea")).next().is_some());
    assert!(doc.select(&sel("#coded")).next().is_none());
    // More titles than are coded at once: the first 500 are, the paste is kept, and the page
    // points to the file form.
    let many = "Sales\nTukang Las\n".repeat(260);
    let r = app.get(&format!("/kode?judul={}", form_value(&many))).await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    assert_eq!(doc.select(&sel("#coded tbody tr")).count(), 500);
    let note = doc
        .select(&sel("#code-cut-off"))
        .next()
        .map(|e| e.text().collect::<String>())
        .unwrap_or_default();
    assert!(note.contains("500 judul pertama dari 520"), "{note}");
    assert!(!note.contains('`'), "{note}");
    let kept = doc
        .select(&sel("textarea#judul"))
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert_eq!(kept.lines().count(), 520);
    let r = app.get("/kode?judul=Sales&x=1").await;
    assert_eq!(r.status, 400);

    // The longest paste the form takes fits in a URL even with every character escaped; one
    // character more is a clear 400, never a bare "URI too long".
    let textarea = doc.select(&sel("textarea#judul")).next().unwrap();
    let max: usize = textarea.value().attr("maxlength").unwrap().parse().unwrap();
    let line = "Admin/Gudang (Shift) & Kasir: 2 orang!!\n"; // 40 characters
    let full: String = line.repeat(max / line.len());
    assert_eq!(full.chars().count(), max);
    let escaped: String = full.bytes().map(|b| format!("%{b:02X}")).collect();
    let r = app.get(&format!("/kode?judul={escaped}")).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let over = format!("{full}x");
    let r = app.get(&format!("/kode?judul={}", form_value(&over))).await;
    assert_eq!(r.status, 400);
    assert!(
        r.text().contains("paling banyak 20000 karakter"),
        "{}",
        r.text()
    );
}

#[tokio::test]
async fn the_api_codes_one_ad_with_its_description_and_location() {
    let app = spawn_app().await;
    // A title that leaves the unit open (an office clerk alone); the description makes it a
    // driver.
    let description = "Mengemudikan truk pengiriman barang ke pelanggan setiap hari, merawat kendaraan. Memiliki SIM B1.";
    let (status, alone) = app.json("/api/v1/code?title=Staf%20Operasional").await;
    assert_eq!(status, 200, "{alone}");
    let (status, v) = app
        .json(&format!(
            "/api/v1/code?title=Staf%20Operasional&description={}&location=Cikarang",
            form_value(description)
        ))
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["occupation"]["isco08"], "8322", "{v}");
    assert_ne!(
        alone["occupation"]["isco08"], v["occupation"]["isco08"],
        "{alone}"
    );
    assert!(
        v["evidence"]
            .as_str()
            .unwrap()
            .contains("the ad's description"),
        "{v}"
    );
    let c = v["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&c), "{v}");
    assert_eq!(v["candidates"][0]["isco08"], "8322");
    assert!(v["candidates"][0]["title_id"].is_string(), "{v}");
    assert_eq!(v["region"]["code"], "32.16", "{v}");
    // Each skill by its label and its Indonesian name ("drive vehicles": "mengemudikan
    // kendaraan").
    let skills = v["skills"].as_array().unwrap();
    assert!(!skills.is_empty(), "{v}");
    for s in skills {
        let label = s["label"].as_str().unwrap();
        assert_eq!(
            s["name_id"].as_str(),
            classify::skills::indonesian_name(label),
            "{s}"
        );
    }
    assert!(skills.iter().any(|s| s["name_id"].is_string()), "{v}");
    assert!(v["region_note"].is_null());
    // Gibberish: uncoded, with the evidence saying why, no skills, no region asked for.
    let (status, g) = app
        .json("/api/v1/code?title=Qwzx%20Vbnm&location=Jabodetabek")
        .await;
    assert_eq!(status, 200);
    assert!(g["occupation"].is_null(), "{g}");
    assert_eq!(g["skills"], serde_json::json!([]));
    assert!(g["region"].is_null() && g["region_note"].is_string(), "{g}");
    // No title, or a parameter the endpoint does not know: 400 naming it.
    let (status, e) = app.json("/api/v1/code?description=x").await;
    assert_eq!(
        (status, e["parameter"].as_str()),
        (400, Some("title")),
        "{e}"
    );
    let (status, e) = app.json("/api/v1/code?title=Sales&lang=xx").await;
    assert_eq!(status, 400, "{e}");
}

/// A multipart upload of one file, as the page's file form sends it.
async fn upload(
    app: &crate::helpers::TestApp,
    name: &str,
    data: &[u8],
) -> crate::helpers::Response {
    app.post_multipart("/kode/berkas", None, &[], Some((name, data)))
        .await
}

#[tokio::test]
async fn an_uploaded_file_comes_back_coded_as_listraf_code_writes_it() {
    let app = spawn_app().await;
    // Indonesian headers, a description, a location, a re-post; a formula-looking cell.
    let file = "judul,perusahaan,lokasi,deskripsi,catatan\n\
        Tukang Las,CV Baja Kuat,KAB. BEKASI,Pengelasan SMAW dan membaca gambar teknik.,=1+1\n\
        Staf Operasional,PT Kirim Cepat,Cikarang,\"Mengemudikan truk pengiriman barang ke pelanggan setiap hari, merawat kendaraan.\",\n\
        Tukang Las,CV Baja Kuat,KAB. BEKASI,Pengelasan SMAW dan membaca gambar teknik.,\n";
    let r = upload(&app, "lowongan bursa kerja.csv", file.as_bytes()).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.header("content-type")
            .unwrap_or("")
            .starts_with("text/csv")
    );
    assert_eq!(
        r.header("content-disposition"),
        Some("attachment; filename=\"lowongan_bursa_kerja-kode.csv\"")
    );
    let mut rd = csv::Reader::from_reader(r.body.as_slice());
    let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header,
        [
            "judul",
            "perusahaan",
            "lokasi",
            "deskripsi",
            "catatan",
            "isco08_unit",
            "isco_title",
            "kbji_title",
            "isco_confidence",
            "isco_evidence",
            "isco_basis",
            "skills",
            "skills_found",
            "region_code",
            "region_note",
            "duplicate_cluster"
        ]
    );
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][5], "7212");
    assert_eq!(&rows[0][7], "Pekerja Pengelasan");
    assert_eq!(&rows[0][4], "'=1+1", "a formula is written as text");
    assert_eq!(&rows[0][10], "coded");
    assert!(rows[0][11].contains("join metals"), "{:?}", rows[0]);
    assert_eq!(&rows[0][13], "32.16");
    assert_eq!(&rows[1][5], "8322", "{:?}", rows[1]);
    // The re-post joins the first ad's cluster.
    assert_eq!(&rows[2][15], &rows[0][15]);
    assert_ne!(&rows[1][15], &rows[0][15]);

    // A file without a title column, and one that is not a table, are refused with reasons.
    let r = upload(&app, "x.csv", b"nama,kota\nBudi,Bandung\n").await;
    assert_eq!(r.status, 400);
    assert!(r.text().contains("tidak punya kolom judul"), "{}", r.text());
    let r = upload(&app, "x.xlsx", b"PK\x03\x04 a damaged workbook").await;
    assert_eq!(r.status, 400);
    assert!(
        r.text().contains("Berkas tidak dapat dibaca"),
        "{}",
        r.text()
    );
    let r = upload(&app, "x.exe", b"judul\nSales\n").await;
    assert_eq!(r.status, 400);
    let r = upload(&app, "x.csv", b"").await;
    assert_eq!(r.status, 400);

    // A file of foreign ads (English titles, too few places in Indonesia to tell) is read by
    // the international models, as `listraf code` reads it by default.
    let mut file = String::from("title,location\n");
    for _ in 0..20 {
        file.push_str("Accountant,Kuala Lumpur\nSoftware Engineer,Penang\nChef,Johor Bahru\n");
    }
    let r = upload(&app, "ads.csv", file.as_bytes()).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let mut rd = csv::Reader::from_reader(r.body.as_slice());
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    let international = classify::Coder::shipped_for(classify::Profile::International);
    for (row, title) in rows.iter().zip(["Accountant", "Software Engineer", "Chef"]) {
        let c = international.code(title, None);
        assert_eq!(
            &row[2],
            &c.code.map(|u| u.to_string()).unwrap_or_default(),
            "{row:?}"
        );
        assert_eq!(&row[5], &format!("{:.3}", c.confidence), "{row:?}");
    }
}

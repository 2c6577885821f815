//! The regency map on a province page: one linked, titled area per regency or city, coloured by
//! the class of its vacancies per 100,000, and absent from regency pages.

use std::collections::{BTreeSet, HashMap};

use crate::helpers::spawn_app;
use crate::{hrefs, sel, text, texts};

/// A number as the English pages write it (`1,234.5`).
fn number(s: &str) -> f64 {
    s.trim()
        .replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

#[tokio::test]
async fn a_province_page_maps_each_of_its_regencies_once_with_a_link_and_a_title() {
    let app = spawn_app().await;
    let r = app.get("/wilayah/32").await;
    assert_eq!(r.status, 200);
    assert!(
        r.body.len() < 200_000,
        "Jawa Barat is {} bytes",
        r.body.len()
    );
    let doc = r.html();
    let links = hrefs(&doc, "#regency-map svg a");
    assert_eq!(links.len(), 27);
    assert!(
        links
            .iter()
            .all(|h| h.len() == "/wilayah/32.xx".len() && h.starts_with("/wilayah/32.")),
        "{links:?}"
    );
    let expected: BTreeSet<String> = domain::reference()
        .regencies_of(domain::RegionCode::parse("32").unwrap())
        .map(|r| format!("/wilayah/{}", r.code))
        .collect();
    assert_eq!(links.iter().cloned().collect::<BTreeSet<_>>(), expected);
    let bandung = text(&doc, "#regency-map svg a[href=\"/wilayah/32.73\"] title");
    assert!(bandung.starts_with("Kota Bandung: "), "{bandung}");
    let caption = text(&doc, "#regency-map figcaption");
    assert!(caption.contains("100.000 penduduk"), "{caption}");
    assert!(caption.contains("provinsi ini"), "{caption}");
    assert!(texts(&doc, "#regency-map .legend li").len() >= 2);

    let en = app.get("/wilayah/32?lang=en").await.html();
    assert!(text(&en, "#regency-map h2").contains("regency and city"));
    let caption = text(&en, "#regency-map figcaption");
    assert!(caption.contains("100,000 population"), "{caption}");
    assert!(caption.contains("this province"), "{caption}");
}

#[tokio::test]
async fn a_regency_is_filled_with_the_legend_class_that_holds_its_value() {
    let app = spawn_app().await;
    let doc = app.get("/wilayah/32?lang=en").await.html();
    let (_, api) = app.json("/api/v1/regions/32").await;
    let values: HashMap<String, f64> = api["regencies"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| {
            Some((
                r["code"].as_str()?.to_string(),
                r["vacancies_per_100k"].as_f64()?,
            ))
        })
        .collect();
    assert!(values.len() >= 10, "{values:?}");
    // Legend: (fill, lower, upper) for each colour class; the last item is "no data".
    let mut legend: Vec<(String, f64, f64)> = doc
        .select(&sel("#regency-map .legend li"))
        .map(|li| {
            let swatch = li.select(&sel("span")).next().unwrap();
            let fill = swatch.value().attr("style").unwrap()["background:".len()..].to_string();
            let label = li.text().collect::<String>();
            let (lower, upper) = label
                .split_once('–')
                .map_or((f64::NAN, f64::NAN), |(a, b)| (number(a), number(b)));
            (fill, lower, upper)
        })
        .collect();
    let (no_data, ..) = legend.pop().unwrap();
    assert!(legend.len() >= 3, "{legend:?}");
    let mut coloured = 0;
    for area in doc.select(&sel("#regency-map svg a")) {
        let code = area.value().attr("data-code").unwrap();
        let fill = area
            .select(&sel("path"))
            .next()
            .unwrap()
            .value()
            .attr("fill")
            .unwrap();
        let Some(&v) = values.get(code) else {
            assert_eq!(fill, no_data, "{code} has no value");
            continue;
        };
        coloured += 1;
        let Some((_, lower, upper)) = legend.iter().find(|(f, ..)| f == fill) else {
            panic!("{code}: fill {fill} is not in the legend {legend:?}");
        };
        // The legend shows one decimal, so allow half a tenth either side.
        assert!(
            *lower - 0.05 <= v && v <= *upper + 0.05,
            "{code}: {v} outside its class {lower} – {upper}"
        );
    }
    assert_eq!(coloured, values.len());
    let top = values
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(code, _)| code.clone())
        .unwrap();
    let top_fill = doc
        .select(&sel(&format!(
            "#regency-map svg a[data-code=\"{top}\"] path"
        )))
        .next()
        .and_then(|p| p.value().attr("fill"))
        .unwrap()
        .to_string();
    assert_eq!(
        top_fill,
        legend.last().unwrap().0,
        "the highest value is darkest"
    );
}

#[tokio::test]
async fn a_regency_page_has_no_map() {
    let app = spawn_app().await;
    let doc = app.get("/wilayah/32.73").await.html();
    assert_eq!(doc.select(&sel("#regency-map")).count(), 0);
}

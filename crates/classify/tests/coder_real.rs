//! The occupation coder on real data: Indonesian job ads from `../shared/data/job-postings-id`
//! and the labelled titles of `../shared/data/labelled-occupations`. Tests that need files
//! outside the repository skip, saying so, when they are absent.

use std::path::{Path, PathBuf};

use classify::eval::{Gold, cross_validate, kbji_holdout};
use classify::{Coder, Profile};

fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("SKIPPED: {} is absent", p.display());
        None
    }
}

#[test]
fn real_indonesian_ads_are_mostly_coded_and_known_titles_land_right() {
    let Some(path) = shared("job-postings-id/lokerid_2025.csv") else {
        return;
    };
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    let ti = headers.iter().position(|h| h == "title").unwrap();
    let di = headers.iter().position(|h| h == "description").unwrap();
    let coder = Coder::shipped();
    let (mut n, mut coded) = (0, 0);
    for rec in r.records() {
        let rec = rec.unwrap();
        n += 1;
        coded += coder.code(&rec[ti], Some(&rec[di])).code.is_some() as usize;
    }
    let coverage = coded as f64 / n as f64;
    eprintln!("lokerid_2025: {coded} of {n} ads coded ({coverage:.3})");
    assert!(coverage >= 0.90, "coverage {coverage}");
    // Real titles from that file, with the unit group a human coder gives them.
    for (title, want) in [
        ("Sales Engineer", "2433"),
        // Building electrician, as the project's title list and ESCO both have it.
        ("Teknisi Listrik", "7411"),
        ("Manager Marketing", "1221"),
        // The ILO index of titles: "Author, internet content" 2166.
        ("Content Creator", "2166"),
        ("Juru Masak / Koki Bakmi", "5120"),
        ("Terapis Pijat / Massage Therapist", "3255"),
    ] {
        let got = coder
            .code(title, None)
            .candidates
            .first()
            .map(|c| c.unit.to_string())
            .unwrap_or_default();
        assert_eq!(got, want, "{title}");
    }
}

#[test]
fn kbji_jabatan_titles_held_out_code_back_to_their_unit() {
    // KBJI jabatan titles are Indonesian: the Indonesian profile, as the product codes them.
    let r = kbji_holdout(10, Profile::Indonesia);
    eprintln!(
        "KBJI held out: n={} 4-digit={:.3} 1-digit={:.3} coverage={:.3} top decile={:.3}",
        r.n,
        r.accuracy[3],
        r.accuracy[0],
        r.coverage(),
        r.top_decile_accuracy()
    );
    assert!(r.n > 2000);
    // 0.623 before the models learned Indonesian ad titles, 0.577 with the 3,919 training
    // titles in one model with the foreign titles (the linear model knew more Indonesian
    // words and was trusted more on formal jabatan names it reads poorly); 0.587 with the
    // Indonesian profile's own models (the international ones: 0.579).
    assert!(r.accuracy[3] >= 0.56, "{}", r.accuracy[3]);
    // 0.958 before the linear model learned Indonesian ad titles, 0.953 now.
    assert!(
        r.top_decile_accuracy() >= 0.93,
        "{}",
        r.top_decile_accuracy()
    );
}

#[test]
fn cross_validated_accuracy_on_labelled_vacancy_titles() {
    let Some(path) = shared("labelled-occupations/jobbert_myfuturejobs_validation.csv") else {
        return;
    };
    let mut r = csv::Reader::from_path(path).unwrap();
    let items: Vec<Gold> = r
        .records()
        .map(|x| x.unwrap())
        .filter(|x| x[3].len() == 4)
        .map(|x| Gold {
            title: x[0].to_string(),
            description: None,
            context: None,
            code: x[3].to_string(),
        })
        .collect();
    // Three folds, not the five of the reported figures: each fold trains the linear model,
    // and three keep this test near a minute and a half.
    let nb = cross_validate(&items, 3, false);
    let cv = cross_validate(&items, 3, true);
    for (name, r) in [("Naive Bayes only", &nb), ("with the linear model", &cv)] {
        eprintln!(
            "3-fold CV, {name}: 4-digit={:.3} 1-digit={:.3} coverage={:.3} top decile={:.3}",
            r.accuracy[3],
            r.accuracy[0],
            r.coverage(),
            r.top_decile_accuracy()
        );
    }
    // Measured 0.524, 0.671 and 0.878 since the international models learn these foreign
    // titles and the taxonomy alone, and the project's Indonesian list titles no longer
    // decide them (0.493, 0.654 and 0.828 when they learned the Indonesian ad titles too
    // and the list decided: those follow Indonesian conventions, not these labels').
    assert!(cv.accuracy[3] >= 0.51, "{}", cv.accuracy[3]);
    assert!(cv.accuracy[0] >= 0.65, "{}", cv.accuracy[0]);
    assert!(
        cv.top_decile_accuracy() >= 0.86,
        "{}",
        cv.top_decile_accuracy()
    );
    // The linear model earns its place: clearly better than the Naive Bayes coder alone.
    assert!(
        cv.accuracy[3] >= nb.accuracy[3] + 0.03,
        "{} vs {}",
        cv.accuracy[3],
        nb.accuracy[3]
    );
}

/// One source file of `job-postings-id`: its rows, and the columns that name an ad (id, or
/// none; title; company) and hold its context (as `data/gold/context.py` reads them).
struct SourceFile {
    headers: csv::StringRecord,
    rows: Vec<csv::StringRecord>,
    id: Option<&'static str>,
    title: &'static str,
    company: &'static str,
    context: &'static [&'static str],
}

impl SourceFile {
    /// `source` as the gold files name it ("lokerid_2025" in the ads, "lokerid" in the titles).
    fn open(source: &str) -> Option<SourceFile> {
        let (file, id, title, company, context): (_, _, _, _, &'static [&'static str]) =
            match source.split('_').next().unwrap_or_default() {
                "lokerid" => (
                    "lokerid_2025",
                    Some("job_id"),
                    "title",
                    "company",
                    &["category", "subcategory", "function", "skill_set"],
                ),
                "dealls" => (
                    "dealls_2024",
                    Some("job_url"),
                    "job_title",
                    "company",
                    &["job_department"],
                ),
                "maganghub" => (
                    "maganghub_2025",
                    Some("id_posisi"),
                    "posisi",
                    "nama_perusahaan",
                    &["program_studi"],
                ),
                _ => (
                    "mixed_portals_titles_skills_2026",
                    None,
                    "Title",
                    "Perusahaan",
                    &["Kategori", "Skills"],
                ),
            };
        let path = shared(&format!("job-postings-id/{file}.csv"))?;
        let mut r = csv::Reader::from_path(path).unwrap();
        let headers = r.headers().unwrap().clone();
        let rows = r.records().map(Result::unwrap).collect();
        Some(SourceFile {
            headers,
            rows,
            id,
            title,
            company,
            context,
        })
    }

    fn at(&self, column: &str) -> usize {
        self.headers.iter().position(|h| h == column).unwrap()
    }

    /// The ad's context as imports and `listraf code` join it.
    fn context(&self, row: &csv::StringRecord) -> String {
        domain::records::ad_context(self.context.iter().map(|c| &row[self.at(c)]))
            .unwrap_or_default()
    }

    /// The ads of this title and company, in file order.
    fn ads_named<'a>(
        &'a self,
        title: &'a str,
        company: &'a str,
    ) -> impl Iterator<Item = &'a csv::StringRecord> + 'a {
        let (t, c) = (self.at(self.title), self.at(self.company));
        self.rows
            .iter()
            .filter(move |x| x[t].trim() == title.trim() && x[c].trim() == company.trim())
    }
}

fn gold_rows(file: &str) -> Vec<std::collections::HashMap<String, String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/gold")
        .join(file);
    let mut r = csv::Reader::from_path(path).unwrap();
    r.deserialize().map(Result::unwrap).collect()
}

#[test]
fn the_gold_contexts_are_the_ads_fields_as_imports_join_them() {
    // The models learn the training titles' contexts and the holdout is scored on the gold
    // ads' ones: both must be what an import of the same ad reads, cut for cut.
    let mut files = std::collections::HashMap::new();
    for s in ["lokerid", "dealls", "maganghub", "mixed"] {
        let Some(f) = SourceFile::open(s) else { return };
        files.insert(s, f);
    }
    let file_of = |source: &str| &files[source.split('_').next().unwrap_or_default()];
    let mut long_fields = 0;
    let ads = gold_rows("indonesian_ads.csv");
    for g in &ads {
        let f = file_of(&g["source"]);
        let ad = match f.id {
            Some(id) => f.rows.iter().find(|x| x[f.at(id)] == g["source_id"]),
            // A mixed-portals ad has no id: the first ad of its title and company.
            None => f.ads_named(&g["title"], &g["company"]).next(),
        };
        let ad = ad.unwrap_or_else(|| panic!("gold ad {} is in no source file", g["id"]));
        assert_eq!(g["context"], f.context(ad), "gold ad {}", g["id"]);
        long_fields += f.context.iter().any(|c| ad[f.at(c)].chars().count() > 200) as usize;
    }
    assert_eq!(ads.len(), 1000);
    // Long skill-tag lists are common: the cut is exercised, not only short fields.
    assert!(long_fields > 50, "{long_fields}");
    // A training title's ad is one of its title and company (the one drawn for it).
    let titles = gold_rows("indonesian_titles.csv");
    for g in &titles {
        let f = file_of(&g["source"]);
        let contexts: Vec<String> = f
            .ads_named(&g["title"], &g["company"])
            .map(|ad| f.context(ad))
            .collect();
        assert!(
            contexts.contains(&g["context"]),
            "training title {}: {:?} is none of {contexts:?}",
            g["id"],
            g["context"]
        );
    }
    assert!(titles.len() > 3900);
}

#[test]
fn the_international_models_were_learned_from_the_labelled_file_the_readme_names() {
    // README: `listraf train-coder ../shared/data/labelled-occupations/
    // jobbert_myfuturejobs_validation.csv --title-col vacancy_title` (codes in isco08_unit).
    let Some(path) = shared("labelled-occupations/jobbert_myfuturejobs_validation.csv") else {
        return;
    };
    let want = classify::provenance::foreign_titles_digest(
        &std::fs::read(path).unwrap(),
        "vacancy_title",
        "isco08_unit",
    );
    for (name, text) in [
        ("learned.tsv", include_str!("../data/learned.tsv")),
        ("linear.tsv", include_str!("../data/linear.tsv")),
        ("calibration.tsv", include_str!("../data/calibration.tsv")),
    ] {
        assert_eq!(
            classify::provenance::stamp(text, classify::provenance::FOREIGN_TITLES),
            Some(want.as_str()),
            "{name}: learned from another file or other columns than the README's command"
        );
    }
}

#[test]
fn the_ad_models_learned_from_the_source_ads_the_readme_names() {
    // README: `listraf train-coder … --ads-dir ../shared/data/job-postings-id`: every CSV and
    // XLSX file there, in file-name order.
    let Some(dir) = shared("job-postings-id") else {
        return;
    };
    let paths = classify::provenance::source_ad_files(&dir).unwrap();
    assert_eq!(paths.len(), 4, "{paths:?}");
    let want = classify::provenance::ads_digest_of(&paths).unwrap();
    for (name, text) in [
        (
            "description_id.tsv",
            include_str!("../data/description_id.tsv"),
        ),
        ("whole_ad_id.tsv", include_str!("../data/whole_ad_id.tsv")),
        (
            "calibration_id.tsv",
            include_str!("../data/calibration_id.tsv"),
        ),
    ] {
        assert_eq!(
            classify::provenance::stamp(text, classify::provenance::ADS),
            Some(want.as_str()),
            "{name}: learned from other source ads than the README's command reads"
        );
    }
}

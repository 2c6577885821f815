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

//! The shipped coder against the project's Indonesian gold set (`data/gold/indonesian_ads.csv`):
//! 1,000 real ads from the four Indonesian files, each coded twice independently and the
//! disagreements adjudicated. The models learn from the `dev` and `test` splits and from the
//! training titles of `data/gold/indonesian_titles.csv`; the `holdout` split was never learned
//! from nor read item by item while the project's title list was written, so it is the
//! figure that says how the coder does on Indonesian ads.

use classify::coder::{AdBody, Coder, LIST_TITLE_CONFIDENCE, Profile};

struct Ad {
    split: String,
    title: String,
    description: Option<String>,
    /// The ad's context fields (category, department, study programmes, skills), joined.
    context: Option<String>,
    gold: String,
    agreed: bool,
}

fn gold() -> Vec<Ad> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/gold/indonesian_ads.csv");
    let mut r = csv::Reader::from_path(path).expect("the gold set ships in the repository");
    let h = r.headers().expect("header").clone();
    let col = |name: &str| h.iter().position(|x| x == name).expect(name);
    let (s, t, d, x, g, a) = (
        col("split"),
        col("title"),
        col("description"),
        col("context"),
        col("isco08_gold"),
        col("agreed"),
    );
    r.records()
        .map(|rec| {
            let rec = rec.expect("a well-formed row");
            Ad {
                split: rec[s].to_string(),
                title: rec[t].to_string(),
                description: Some(rec[d].to_string()).filter(|x| !x.is_empty()),
                context: Some(rec[x].to_string()).filter(|x| !x.is_empty()),
                gold: rec[g].to_string(),
                agreed: &rec[a] == "1",
            }
        })
        .collect()
}

#[test]
fn the_gold_set_is_whole_and_its_codes_exist() {
    let ads = gold();
    assert_eq!(ads.len(), 1000);
    for split in ["dev", "test", "holdout"] {
        assert!(ads.iter().any(|a| a.split == split), "{split}");
    }
    for a in &ads {
        assert!(
            domain::IscoCode::parse(&a.gold).is_ok(),
            "{}: {}",
            a.title,
            a.gold
        );
    }
    // The two codings agreed on about nine ads in ten, as human coders do on such ads.
    let agreed = ads.iter().filter(|a| a.agreed).count() as f64 / ads.len() as f64;
    assert!((0.85..0.95).contains(&agreed), "{agreed}");
}

#[test]
fn held_out_indonesian_ads_are_coded_at_least_as_well_as_measured() {
    // The product's coder: the Indonesian profile.
    let coder = Coder::shipped();
    assert!(std::ptr::eq(coder, Coder::shipped_for(Profile::Indonesia)));
    let all = gold();
    let held: Vec<&Ad> = all.iter().filter(|a| a.split == "holdout").collect();
    let mut right = 0usize;
    let mut list = (0usize, 0usize);
    // (sum of confidences, first candidates right, coded or not): what a confidence promises.
    let mut promised = (0f64, 0usize);
    for a in &held {
        // As `listraf code` reads an ad: title, description and context fields.
        let c = coder.code_ad(
            &a.title,
            AdBody {
                description: a.description.as_deref(),
                context: a.context.as_deref(),
            },
        );
        let ok = c.code.map(|u| u.to_string()) == Some(a.gold.clone());
        right += ok as usize;
        promised.0 += c.confidence as f64;
        promised.1 += c
            .candidates
            .first()
            .is_some_and(|x| x.unit.to_string() == a.gold) as usize;
        if c.list_title {
            list.0 += 1;
            list.1 += ok as usize;
        }
    }
    let accuracy = right as f64 / held.len() as f64;
    eprintln!(
        "holdout: {} ads, 4-digit accuracy {accuracy:.3}; list titles {} of them, right {:.3}",
        held.len(),
        list.0,
        list.1 as f64 / list.0.max(1) as f64
    );
    // Measured at 0.724 with the Indonesian profile's own models, the ads' context fields, the
    // whole-ad model and list titles that follow the conventions (0.714 without the last two;
    // 0.440 before the list rule, 0.542 with it, 0.584 with the dev and test splits learned,
    // 0.680 in one model with the foreign titles, 0.704 without the context fields); a floor a
    // little below catches a regression without failing on a retrain's noise.
    assert!(accuracy >= 0.68, "{accuracy}");
    // A list title's code is given at least LIST_TITLE_CONFIDENCE: the list must earn it.
    let list_share = list.1 as f64 / list.0.max(1) as f64;
    assert!(
        list_share >= LIST_TITLE_CONFIDENCE as f64 - 0.03,
        "{list_share}"
    );
    // The Indonesian profile's own calibration: on ads it never learned, the mean confidence
    // is the share right (with the foreign models' calibration it was 0.642 against 0.704,
    // promising less than it gave).
    let (mean_confidence, first_right) = (
        promised.0 / held.len() as f64,
        promised.1 as f64 / held.len() as f64,
    );
    assert!(
        (mean_confidence - first_right).abs() < 0.04,
        "mean confidence {mean_confidence:.3}, first candidates right {first_right:.3}"
    );
}

/// Folded words: how two titles are the same title to the eye, whatever their case and spacing.
fn same_title_key(title: &str) -> String {
    title
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_training_titles_are_coded_to_real_units_and_none_is_a_gold_title() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/gold/indonesian_titles.csv"
    );
    let mut r = csv::Reader::from_path(path).expect("the training titles ship in the repository");
    let h = r.headers().expect("header").clone();
    let col = |name: &str| h.iter().position(|x| x == name).expect(name);
    let (t, c, k, c2, adj) = (
        col("title"),
        col("isco08"),
        col("certainty"),
        col("isco08_second"),
        col("isco08_adjudicated"),
    );
    let unit = |s: &str| s.len() == 4 && domain::IscoCode::parse(s).is_ok();
    let gold: std::collections::HashSet<String> =
        gold().iter().map(|a| same_title_key(&a.title)).collect();
    let mut seen = std::collections::HashSet::new();
    let (mut coded, mut adjudicated, mut overruled) = (0usize, 0usize, 0usize);
    for rec in r.records() {
        let rec = rec.expect("a well-formed row");
        let title = same_title_key(&rec[t]);
        // Were a gold title learned, the holdout would measure memory, not coding.
        assert!(!gold.contains(&title), "{title} is a gold-set title");
        assert!(seen.insert(title.clone()), "{title} twice");
        match &rec[k] {
            "none" => {
                assert!(rec[c].is_empty() && rec[c2].is_empty(), "{title}");
                assert!(rec[adj].is_empty(), "{title}");
            }
            "high" | "medium" | "low" => {
                // Coded twice, independently; adjudicated wherever the two differ, and where
                // they agree only to carry a house convention of the gold dev/test codings.
                assert!(unit(&rec[c]), "{title}: {}", &rec[c]);
                assert!(unit(&rec[c2]), "{title}: {}", &rec[c2]);
                if rec[c] != rec[c2] {
                    assert!(unit(&rec[adj]), "{title}: {}", &rec[adj]);
                    adjudicated += 1;
                } else if !rec[adj].is_empty() {
                    assert!(unit(&rec[adj]) && rec[adj] != rec[c], "{title}");
                    overruled += 1;
                }
                coded += 1;
            }
            other => panic!("{title}: certainty {other}"),
        }
    }
    // Every distinct title of the four Indonesian files that the gold set does not hold.
    assert!(coded > 3900, "{coded}");
    // The two codings agree on about 85 %: adjudication settles the rest.
    assert!(
        adjudicated > 0 && adjudicated * 5 < coded,
        "{adjudicated} of {coded}"
    );
    // Agreeing codings overruled: only the futures broker's "Customer Relation" ads (README).
    assert_eq!(overruled, 14);
}

#[test]
fn the_profile_is_read_from_the_titles_indonesian_ads_unless_nearly_none_is() {
    let all = gold();
    let (p, share) = Profile::detect(all.iter().map(|a| a.title.as_str()));
    assert_eq!(p, Profile::Indonesia, "{share}");
    assert!(share > 0.05, "{share}");
    // English occupation titles, as a foreign vacancy file has them.
    let reference = domain::reference::reference();
    let english: Vec<&str> = reference
        .isco_units()
        .map(|u| u.title_en.as_str())
        .collect();
    let (p, share) = Profile::detect(english.iter().copied());
    assert_eq!(p, Profile::International, "{share}");
    // Too few titles to tell: the product's default.
    assert_eq!(
        Profile::detect(english.iter().take(10).copied()).0,
        Profile::Indonesia
    );
    assert_eq!(Profile::parse("intl"), Some(Profile::International));
    assert_eq!(Profile::parse(" Indonesia "), Some(Profile::Indonesia));
    assert_eq!(Profile::parse("auto"), None);
}

#[test]
fn ads_placed_in_indonesia_are_indonesian_whatever_the_language_of_their_titles() {
    use classify::coder::ProfileEvidence;
    let reference = domain::reference::reference();
    let english: Vec<&str> = reference
        .isco_units()
        .map(|u| u.title_en.as_str())
        .collect();
    // English titles (as Dealls writes them) placed in Indonesian regions: Indonesian ads.
    let (p, e) = Profile::detect_ads(english.iter().copied(), english.iter().map(|_| true));
    assert_eq!(p, Profile::Indonesia);
    assert_eq!(e, ProfileEvidence::Places(1.0));
    // Places that mostly do not resolve prove nothing: the titles decide.
    let places = english.iter().enumerate().map(|(i, _)| i % 3 == 0);
    let (p, e) = Profile::detect_ads(english.iter().copied(), places);
    assert_eq!(p, Profile::International);
    assert!(matches!(e, ProfileEvidence::Titles(s) if s < 0.03), "{e:?}");
    // Too few ads name a place to tell by places: the titles decide.
    let (p, e) = Profile::detect_ads(english.iter().copied(), std::iter::repeat_n(true, 49));
    assert_eq!(p, Profile::International);
    assert!(matches!(e, ProfileEvidence::Titles(_)), "{e:?}");
    // No place column at all: the titles decide, as `detect` does.
    assert_eq!(
        Profile::detect_ads(english.iter().copied(), std::iter::empty()).0,
        Profile::detect(english.iter().copied()).0
    );
}

#[test]
fn the_description_decides_what_a_generic_title_leaves_open_and_says_so() {
    let coder = Coder::shipped();
    let finance = "Tanggung Jawab Pekerjaan: membuat jurnal dan laporan keuangan bulanan, \
                   rekonsiliasi bank, mencatat transaksi kas dan pembayaran vendor, menyiapkan \
                   laporan pajak";
    let warehouse = "Tanggung Jawab Pekerjaan: mencatat barang masuk dan keluar gudang, melakukan \
                     stock opname, membuat surat jalan, mengecek stok dan persediaan barang";
    let sales = "Tanggung Jawab Pekerjaan: menawarkan produk kepada pelanggan, mencapai target \
                 penjualan, kunjungan ke toko dan distributor, membuat laporan penjualan";
    let unit = |title: &str, d: Option<&str>| coder.code(title, d).code.map(|u| u.as_u16());
    for title in ["Staff Operasional", "Back Office"] {
        // On the title alone: a general office clerk.
        assert_eq!(unit(title, None), Some(4110), "{title}");
        // Stock clerks, sales representatives, accounting: as the ad describes the work.
        assert_eq!(unit(title, Some(warehouse)), Some(4321), "{title}");
        assert_eq!(unit(title, Some(sales)), Some(3322), "{title}");
        assert!(
            matches!(unit(title, Some(finance)), Some(3313 | 4311)),
            "{title}"
        );
        let c = coder.code(title, Some(warehouse));
        assert!(
            c.evidence
                .starts_with("the ad's description (the title alone points to 4110)"),
            "{}",
            c.evidence
        );
    }
    // A project list title keeps the list's code: the list says how Indonesian ads use it.
    assert_eq!(unit("Admin Staff", Some(warehouse)), Some(4110));
    // The international profile has no description model: the description barely moves it.
    let intl = Coder::shipped_for(Profile::International);
    assert!(
        !intl
            .code("Staff Operasional", Some(warehouse))
            .evidence
            .starts_with("the ad's description")
    );
}

#[test]
fn an_ads_category_and_function_settle_a_generic_title_and_say_so() {
    let coder = Coder::shipped();
    let unit = |title: &str, context: Option<&str>| {
        coder
            .code_ad(
                title,
                AdBody {
                    description: None,
                    context,
                },
            )
            .code
            .map(|u| u.as_u16())
    };
    // Loker.id's category, subcategory and function of an accounting ad, and of a sales ad.
    let accounting = "Akuntansi; Akuntansi Finansial; Staff Accounting";
    let sales = "Sales / Penjualan; Konsultan Penjualan; Sales Canvasser";
    assert_eq!(unit("Staff Operasional", None), Some(4110));
    assert_eq!(unit("Staff Operasional", Some(accounting)), Some(3313));
    assert_eq!(unit("Marketing", None), Some(2431));
    assert_eq!(unit("Marketing", Some(sales)), Some(3322));
    let c = coder.code_ad(
        "Marketing",
        AdBody {
            description: None,
            context: Some(sales),
        },
    );
    assert!(
        c.evidence
            .starts_with("the rest of the ad (the title alone points to 2431)"),
        "{}",
        c.evidence
    );
    // Fields that only repeat what the title says leave it where it was.
    assert_eq!(
        unit(
            "Marketing",
            Some("Marketing / Pemasaran; Pemasaran Digital; Digital Marketing")
        ),
        Some(2431)
    );
}

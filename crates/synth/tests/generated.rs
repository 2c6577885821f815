//! Properties of the generated files, read back as CSV the way an importer sees them.
//!
//! The scale-1.0 data set is generated once per test binary (it is what the demo ships);
//! properties that do not depend on scale use small scales.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use csv::StringRecord;
use domain::{Date, IscoCode, Nik, RegionCode, reference};
use synth::{SynthConfig, write_all, write_job_seekers};

struct Table {
    header: Vec<String>,
    rows: Vec<StringRecord>,
}

impl Table {
    fn read(path: &Path) -> Table {
        let mut r = csv::Reader::from_path(path).expect("generated file opens");
        let header = r
            .headers()
            .expect("header row")
            .iter()
            .map(str::to_string)
            .collect();
        let rows = r
            .records()
            .map(|x| x.expect("well-formed CSV row"))
            .collect();
        Table { header, rows }
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name} exists"))
    }

    fn values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        let c = self.col(name);
        self.rows.iter().map(move |r| &r[c])
    }
}

struct Generated {
    dir: PathBuf,
    files: Vec<(&'static str, PathBuf)>,
    tables: BTreeMap<&'static str, Table>,
}

impl Generated {
    fn t(&self, entity: &str) -> &Table {
        &self.tables[entity]
    }
}

fn generate(dir: PathBuf, cfg: SynthConfig) -> Generated {
    let _ = std::fs::remove_dir_all(&dir);
    let started = Instant::now();
    let files = write_all(&dir, &cfg).expect("write_all succeeds");
    eprintln!(
        "write_all(scale {}) took {:.2?}",
        cfg.scale,
        started.elapsed()
    );
    let tables = files.iter().map(|(e, p)| (*e, Table::read(p))).collect();
    Generated { dir, files, tables }
}

fn tmp(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
}

/// The default demo data set, generated once.
fn demo() -> &'static Generated {
    static DEMO: OnceLock<Generated> = OnceLock::new();
    DEMO.get_or_init(|| generate(tmp("synth-scale-1"), SynthConfig::default()))
}

/// A small data set for properties that do not depend on volume.
fn small() -> &'static Generated {
    static SMALL: OnceLock<Generated> = OnceLock::new();
    SMALL.get_or_init(|| {
        generate(
            tmp("synth-scale-0.05"),
            SynthConfig {
                seed: 7,
                scale: 0.05,
            },
        )
    })
}

#[test]
fn files_come_in_import_order_with_the_canonical_headers() {
    let g = small();
    let names: Vec<&str> = g.files.iter().map(|(e, _)| *e).collect();
    assert_eq!(
        names,
        [
            "blks",
            "indicators",
            "job-seekers",
            "vacancies",
            "cohorts",
            "placements",
            "tracer"
        ]
    );
    // However small the scale, every province keeps a BLK.
    let provinces: HashSet<&str> = g.t("blks").values("region_code").map(|v| &v[..2]).collect();
    assert_eq!(provinces.len(), 38);
    for (entity, path) in &g.files {
        assert!(path.starts_with(&g.dir));
        let e = ingest::Entity::parse(entity).expect("entity name the CLI knows");
        let want: Vec<&str> = e.fields().iter().map(|f| f.name).collect();
        assert_eq!(g.t(entity).header, want, "{entity}");
    }
}

#[test]
fn same_seed_gives_identical_bytes_and_another_seed_other_files() {
    let cfg = |seed| SynthConfig { seed, scale: 0.03 };
    let a = write_all(&tmp("synth-det-a"), &cfg(11)).expect("a");
    let b = write_all(&tmp("synth-det-b"), &cfg(11)).expect("b");
    let c = write_all(&tmp("synth-det-c"), &cfg(12)).expect("c");
    for ((x, y), z) in a.iter().zip(&b).zip(&c) {
        let bytes = |p: &PathBuf| std::fs::read(p).expect("readable");
        assert!(bytes(&x.1) == bytes(&y.1), "{} differs between runs", x.0);
        assert!(bytes(&x.1) != bytes(&z.1), "{} ignores the seed", x.0);
    }
}

#[test]
fn every_row_passes_the_real_import_path() {
    let g = small();
    for (entity, path) in &g.files {
        let e = ingest::Entity::parse(entity).expect("entity");
        let source = ingest::Source::open(path, ingest::XlsxLimits::default()).expect("opens");
        let mut first_problems = Vec::new();
        let summary = ingest::read_records(&source, e, |_, r| {
            if let Err(p) = r
                && first_problems.len() < 5
            {
                first_problems.push(p);
            }
        })
        .expect("file reads");
        assert_eq!(summary.invalid, 0, "{entity}: {first_problems:?}");
        assert!(summary.ignored_columns.is_empty(), "{entity}");
        assert_eq!(summary.rows, g.t(entity).rows.len());
    }
}

#[test]
fn every_code_parses_and_every_programme_exists() {
    let g = demo();
    let r = reference();
    for (entity, col) in [
        ("job-seekers", "nik"),
        ("cohorts", "nik"),
        ("placements", "nik"),
        ("tracer", "nik"),
    ] {
        for v in g.t(entity).values(col) {
            assert_eq!(v.len(), 16, "{entity}: {v}");
            Nik::parse(v).unwrap_or_else(|e| panic!("{entity}: {v}: {e}"));
        }
    }
    for entity in ["blks", "job-seekers", "vacancies", "cohorts", "placements"] {
        for v in g.t(entity).values("region_code").filter(|v| !v.is_empty()) {
            let code = RegionCode::parse(v).unwrap_or_else(|e| panic!("{entity}: {v}: {e}"));
            assert!(code.is_regency() && v.contains('.'), "{entity}: {v}");
        }
    }
    for (entity, col) in [
        ("vacancies", "isco08"),
        ("placements", "isco08"),
        ("job-seekers", "preferred_isco"),
    ] {
        // Loker.id's ads come uncoded (synth::UNCODED_SOURCE): the import codes them.
        for v in g.t(entity).values(col).filter(|v| !v.is_empty()) {
            for code in v.split(';') {
                let c = IscoCode::parse(code).unwrap_or_else(|e| panic!("{entity}: {code}: {e}"));
                assert!(c.is_unit());
            }
        }
    }
    // One portal's ads, and only its, come without a code, so the demo's import codes them.
    let vacancies = g.t("vacancies");
    let (source, isco) = (vacancies.col("source"), vacancies.col("isco08"));
    let uncoded = vacancies.rows.iter().filter(|r| r[isco].is_empty()).count();
    assert!(uncoded > 1000, "{uncoded}");
    for r in &vacancies.rows {
        assert_eq!(
            r[isco].is_empty(),
            r[source] == *synth::UNCODED_SOURCE,
            "{r:?}"
        );
    }
    for v in g.t("cohorts").values("programme_code") {
        assert!(r.programme(v).is_some(), "{v}");
    }
    let blks = g.t("blks");
    for row in &blks.rows {
        let offered: Vec<&str> = row[blks.col("programmes")].split(';').collect();
        let kejuruan: Vec<&str> = row[blks.col("capacity")]
            .split(';')
            .map(|c| c.split(':').next().unwrap_or(""))
            .collect();
        for p in &offered {
            let prog = r.programme(p).unwrap_or_else(|| panic!("{p}"));
            assert!(kejuruan.contains(&prog.kejuruan_code.as_str()), "{p}");
        }
        for c in row[blks.col("capacity")].split(';') {
            let parts: Vec<&str> = c.split(':').collect();
            assert_eq!(parts.len(), 3, "{c}");
            assert!(r.kejuruan(parts[0]).is_some(), "{c}");
        }
    }
    // Each cohort runs a programme its BLK offers.
    let offers: HashMap<&str, HashSet<&str>> = blks
        .rows
        .iter()
        .map(|row| (&row[0], row[blks.col("programmes")].split(';').collect()))
        .collect();
    let c = g.t("cohorts");
    for row in &c.rows {
        let blk = &row[c.col("blk_code")];
        assert!(offers[blk].contains(&row[c.col("programme_code")]));
    }
}

#[test]
fn niks_are_unique_where_they_must_be_and_overlap_where_real_data_does() {
    let g = demo();
    let seekers: Vec<&str> = g.t("job-seekers").values("nik").collect();
    let unique: HashSet<&str> = seekers.iter().copied().collect();
    assert_eq!(unique.len(), seekers.len(), "job-seeker NIKs repeat");
    let c = g.t("cohorts");
    let mut per_cohort: HashMap<&str, HashSet<&str>> = HashMap::new();
    for row in &c.rows {
        let fresh = per_cohort
            .entry(&row[c.col("cohort_code")])
            .or_default()
            .insert(&row[c.col("nik")]);
        assert!(fresh, "NIK twice in cohort {}", &row[c.col("cohort_code")]);
    }
    let trainees: HashSet<&str> = c.values("nik").collect();
    let both = trainees.iter().filter(|n| unique.contains(*n)).count();
    let share = both as f64 / trainees.len() as f64;
    assert!(
        (0.27..0.33).contains(&share),
        "trainees registered as seekers: {share}"
    );
}

#[test]
fn placements_and_tracer_answers_belong_to_graduates_of_their_cohort() {
    let g = demo();
    let c = g.t("cohorts");
    let mut status: HashMap<(&str, &str), &str> = HashMap::new();
    let mut end: HashMap<&str, Date> = HashMap::new();
    for row in &c.rows {
        status.insert(
            (&row[c.col("nik")], &row[c.col("cohort_code")]),
            &row[c.col("status")],
        );
        end.insert(
            &row[c.col("cohort_code")],
            Date::parse(&row[c.col("end_date")]).expect("date"),
        );
    }
    let last = Date::new(2025, 12, 31).expect("date");
    let b = g.t("blks");
    let blk_region: HashMap<&str, &str> = b
        .rows
        .iter()
        .map(|row| (&row[b.col("code")], &row[b.col("region_code")]))
        .collect();
    let p = g.t("placements");
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for row in &p.rows {
        let key = (&row[p.col("nik")], &row[p.col("cohort_code")]);
        assert_eq!(status.get(&key), Some(&"COMPLETED"), "{key:?}");
        let start = Date::parse(&row[p.col("start_date")]).expect("date");
        let ended = end[key.1];
        assert!(start >= ended && start <= last, "{key:?} {start:?}");
        assert!(
            start <= ended.add_months(6).add_days(3),
            "{key:?} {start:?}"
        );
        let overseas = &row[p.col("placement_type")] == "OVERSEAS";
        let region = &row[p.col("region_code")];
        assert_eq!(region.is_empty(), overseas);
        // Work is found in the BLK's regency or a neighbour in the same province.
        let blk = key.1.split('/').next().unwrap_or("");
        assert!(
            overseas || blk_region[blk][..2] == region[..2],
            "{key:?} {region}"
        );
        *seen
            .entry((&row[p.col("nik")], &row[p.col("start_date")]))
            .or_default() += 1;
    }
    // About one placement in twenty is reported twice.
    let dup = seen.values().filter(|&&n| n > 1).count() as f64 / seen.len() as f64;
    assert!((0.03..0.07).contains(&dup), "duplicate placements {dup}");
    let mut placed: HashMap<(&str, &str), (Date, &str)> = HashMap::new();
    for row in &p.rows {
        let start = Date::parse(&row[p.col("start_date")]).expect("date");
        placed.insert(
            (&row[p.col("nik")], &row[p.col("cohort_code")]),
            (start, &row[p.col("placement_type")]),
        );
    }
    let t = g.t("tracer");
    let mut waves: HashMap<&str, usize> = HashMap::new();
    for row in &t.rows {
        let key = (&row[t.col("nik")], &row[t.col("cohort_code")]);
        assert_eq!(status.get(&key), Some(&"COMPLETED"), "{key:?}");
        let date = Date::parse(&row[t.col("response_date")]).expect("date");
        assert!(date <= last);
        let wave: i32 = row[t.col("wave")].parse().expect("wave");
        assert!(date >= end[key.1].add_months(wave));
        // Someone placed before answering reports that work.
        let answer = &row[t.col("status")];
        if let Some((start, kind)) = placed.get(&key)
            && *start <= date
        {
            let want = match *kind {
                "WAGE" => "WAGE_EMPLOYED",
                other => other,
            };
            assert_eq!(answer, want, "{key:?}");
        }
        let employed = ["WAGE_EMPLOYED", "SELF_EMPLOYED", "OVERSEAS"].contains(&answer);
        assert_eq!(row[t.col("relevant")].is_empty(), !employed, "{key:?}");
        *waves.entry(&row[t.col("wave")]).or_default() += 1;
    }
    assert!(waves["1"] > waves["3"] && waves["3"] > waves["6"] && waves["6"] > waves["12"]);
}

#[test]
fn volumes_and_regional_spread_at_scale_one() {
    let g = demo();
    let seekers = g.t("job-seekers").rows.len();
    let vacancies = g.t("vacancies").rows.len();
    assert!(seekers >= 50_000, "{seekers}");
    assert!(vacancies >= 50_000, "{vacancies}");
    let provinces = |entity: &str| -> HashSet<String> {
        g.t(entity)
            .values("region_code")
            .map(|v| v[..2].to_string())
            .collect()
    };
    assert_eq!(provinces("blks").len(), 38);
    assert_eq!(provinces("vacancies").len(), 38);
    let java = g
        .t("vacancies")
        .values("region_code")
        .filter(|v| ("31".."37").contains(&&v[..2]))
        .count() as f64
        / vacancies as f64;
    assert!((0.65..=0.85).contains(&java), "Java share {java}");
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for k in g.t("blks").values("type") {
        *kinds.entry(k).or_default() += 1;
    }
    assert!((18..=22).contains(&kinds["UPTP"]), "{kinds:?}");
    assert!((250..=290).contains(&kinds["UPTD"]), "{kinds:?}");
    assert!((280..=320).contains(&kinds["KOMUNITAS"]), "{kinds:?}");
    let codes: HashSet<&str> = g.t("blks").values("code").collect();
    assert_eq!(codes.len(), g.t("blks").rows.len());
}

#[test]
fn trainee_statuses_and_certificates_are_consistent() {
    let g = demo();
    let c = g.t("cohorts");
    let last = Date::new(2025, 12, 31).expect("date");
    let (mut completed, mut certified) = (0usize, 0usize);
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for row in &c.rows {
        let status = &row[c.col("status")];
        let ya = &row[c.col("certified")] == "ya";
        assert!(!ya || status == "COMPLETED", "certified but {status}");
        let end = Date::parse(&row[c.col("end_date")]).expect("date");
        assert_eq!(status == "ENROLLED", end > last, "{}", &row[0]);
        if status == "COMPLETED" {
            completed += 1;
            certified += ya as usize;
        }
        *sizes.entry(&row[0]).or_default() += 1;
    }
    let share = certified as f64 / completed as f64;
    assert!((0.62..0.78).contains(&share), "certified share {share}");
    assert!(sizes.values().all(|&n| (14..=16).contains(&n)));
}

#[test]
fn vacancies_carry_realistic_noise_and_dynamics() {
    let g = demo();
    let v = g.t("vacancies");
    let n = v.rows.len() as f64;
    // Source ids are unique per source.
    let ids: HashSet<(&str, &str)> = v.rows.iter().map(|r| (&r[0], &r[1])).collect();
    assert_eq!(ids.len(), v.rows.len());
    // Re-posts: same employer, title and region seen more than once.
    let mut ads: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for r in &v.rows {
        *ads.entry((
            &r[v.col("employer")],
            &r[v.col("title")],
            &r[v.col("region_code")],
        ))
        .or_default() += 1;
    }
    let repeated: usize = ads.values().filter(|&&k| k > 1).map(|k| k - 1).sum();
    assert!((0.03..0.09).contains(&(repeated as f64 / n)), "{repeated}");
    let no_salary = v.values("salary_min").filter(|s| s.is_empty()).count() as f64 / n;
    assert!((0.2..0.3).contains(&no_salary), "{no_salary}");
    // Growth: 2025 has clearly more ads than 2022; the Lebaran weeks are quieter.
    let mut per_year: BTreeMap<&str, usize> = BTreeMap::new();
    for d in v.values("posted_date") {
        *per_year.entry(&d[..4]).or_default() += 1;
    }
    assert!(
        per_year["2025"] as f64 > per_year["2022"] as f64 * 1.15,
        "{per_year:?}"
    );
    let weeks = |from: &str, to: &str| {
        v.values("posted_date")
            .filter(|d| *d >= from && *d <= to)
            .count()
    };
    assert!(weeks("2024-04-03", "2024-04-16") * 2 < weeks("2024-05-01", "2024-05-14"));
    let english = v
        .values("description")
        .filter(|d| d.contains("Requirements:"))
        .count() as f64
        / n;
    assert!((0.22..0.38).contains(&english), "{english}");
    for (i, r) in v.rows.iter().enumerate().take(5000) {
        let lo = &r[v.col("salary_min")];
        let hi = &r[v.col("salary_max")];
        if let (Ok(lo), Ok(hi)) = (lo.parse::<i64>(), hi.parse::<i64>()) {
            assert!(lo <= hi && lo % 50_000 == 0 && hi % 50_000 == 0, "row {i}");
        }
        let p: u32 = r[v.col("positions")].parse().expect("positions");
        assert!((1..=5).contains(&p));
    }
}

#[test]
fn placement_rates_differ_by_kejuruan_as_intended() {
    let g = demo();
    let c = g.t("cohorts");
    let mut graduates: HashMap<String, usize> = HashMap::new();
    let mut kej_of: HashMap<(&str, &str), String> = HashMap::new();
    let r = reference();
    for row in &c.rows {
        if &row[c.col("status")] != "COMPLETED" {
            continue;
        }
        let prog = r
            .programme(&row[c.col("programme_code")])
            .expect("programme");
        *graduates.entry(prog.kejuruan_code.clone()).or_default() += 1;
        kej_of.insert(
            (&row[c.col("nik")], &row[c.col("cohort_code")]),
            prog.kejuruan_code.clone(),
        );
    }
    let p = g.t("placements");
    let mut placed: HashMap<String, HashSet<&str>> = HashMap::new();
    for row in &p.rows {
        let k = &kej_of[&(&row[p.col("nik")], &row[p.col("cohort_code")])];
        placed
            .entry(k.clone())
            .or_default()
            .insert(&row[p.col("nik")]);
    }
    let rate = |k: &str| placed.get(k).map_or(0, |s| s.len()) as f64 / graduates[k] as f64;
    assert!(
        rate("LAS") > rate("GAR") + 0.1,
        "LAS {} GAR {}",
        rate("LAS"),
        rate("GAR")
    );
    let overall = placed.values().map(|s| s.len()).sum::<usize>() as f64
        / graduates.values().sum::<usize>() as f64;
    assert!((0.3..0.6).contains(&overall), "{overall}");
}

#[test]
fn standalone_job_seeker_files_with_different_offsets_share_no_nik() {
    let rows = 20_000;
    let a = tmp("synth-standalone-a.csv");
    let b = tmp("synth-standalone-b.csv");
    let a2 = tmp("synth-standalone-a2.csv");
    write_job_seekers(&a, rows, 3, 0).expect("a");
    write_job_seekers(&b, rows, 3, rows as u64).expect("b");
    write_job_seekers(&a2, rows, 3, 0).expect("a again");
    assert!(std::fs::read(&a).expect("a") == std::fs::read(&a2).expect("a2"));
    let niks =
        |p: &Path| -> Vec<String> { Table::read(p).values("nik").map(str::to_string).collect() };
    let (na, nb) = (niks(&a), niks(&b));
    assert_eq!(na.len(), rows);
    let sa: HashSet<&String> = na.iter().collect();
    let sb: HashSet<&String> = nb.iter().collect();
    assert_eq!(sa.len(), rows);
    assert_eq!(sb.len(), rows);
    assert!(sa.is_disjoint(&sb));
    for n in na.iter().take(2000) {
        Nik::parse(n).expect("valid NIK");
    }
    // The same rows under another seed still use the same serial space: no NIK is shared
    // with a file at a different offset either.
    let c = tmp("synth-standalone-c.csv");
    write_job_seekers(&c, rows, 4, 2 * rows as u64).expect("c");
    let nc = niks(&c);
    assert!(nc.iter().all(|n| !sa.contains(n) && !sb.contains(n)));
}

#[test]
fn prints_row_counts_at_scale_one() {
    let g = demo();
    for (entity, _) in &g.files {
        eprintln!("{entity:>12}: {:>8} rows", g.t(entity).rows.len());
    }
}

#[test]
fn indicators_cover_every_regency_year_and_category_once_whatever_the_scale() {
    let g = small();
    let t = g.t("indicators");
    let r = reference();
    assert_eq!(t.rows.len(), r.regencies.len() * 5 * 21);
    let mut keys = HashSet::new();
    for row in &t.rows {
        let region = RegionCode::parse(&row[t.col("region_code")]).expect("region");
        assert!(region.is_regency());
        let year: u16 = row[t.col("year")].parse().expect("year");
        assert!((2021..=2025).contains(&year));
        let category = domain::KbliCategory::parse(&row[t.col("kbli_category")]).expect("cat");
        assert!(
            keys.insert((region, year, category)),
            "{region} {year} {category} twice"
        );
        // Always two decimals, so no figure can be misread as a grouped thousand.
        let grdp = &row[t.col("grdp_idr_billion")];
        assert_eq!(
            grdp.split_once('.').map(|(_, d)| d.len()),
            Some(2),
            "{grdp}"
        );
        row[t.col("employment")].parse::<u64>().expect("employment");
    }
}

//! Deterministic, realistic synthetic national data for Listraf, written as the CSV files the
//! real import path reads: BLKs, regional economic indicators (GRDP and employment by regency,
//! year and KBLI category), job seekers, vacancies, cohorts with trainees, placements and
//! tracer answers.
//!
//! Owns the synthetic world (who lives where, which BLK teaches what, who is placed where) and
//! its CSV rendering with the canonical headers of each importable entity. Everything is drawn
//! from a seeded generator of our own and iterated in a fixed order, so the same configuration
//! always yields byte-identical files.

mod blks;
mod calendar;
mod employers;
mod geo;
mod indicators;
mod names;
mod occupations;
mod outcomes;
mod people;
mod rng;
mod seekers;
mod training;
mod vacancies;

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use domain::records::BlkType;
use domain::reference;

use crate::geo::geo;
use crate::occupations::occupations;
use crate::outcomes::Outcomes;
use crate::people::NikIssuer;
use crate::seekers::JobSeeker;
use crate::training::Training;
use crate::vacancies::Vacancy;

/// What to generate: the seed fixes every value, the scale the volume (1.0 is the demo size:
/// ~590 BLKs, ~55,000 vacancies, ~190,000 job seekers, ~240,000 trainees).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SynthConfig {
    pub seed: u64,
    pub scale: f64,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            seed: 20250101,
            scale: 1.0,
        }
    }
}

/// Canonical headers, in the order of the import schema's fields.
const BLK_HEADER: [&str; 7] = [
    "code",
    "name",
    "type",
    "region_code",
    "address",
    "capacity",
    "programmes",
];
const JOB_SEEKER_HEADER: [&str; 11] = [
    "nik",
    "name",
    "birth_date",
    "sex",
    "region_code",
    "education",
    "preferred_isco",
    "skills",
    "registered_date",
    "status",
    "phone",
];
const VACANCY_HEADER: [&str; 22] = [
    "source",
    "source_id",
    "title",
    "description",
    "category",
    "subcategory",
    "function",
    "study_programme",
    "skills",
    "employer",
    "region_code",
    "location",
    "isco08",
    "isco_basis",
    "kbli",
    "education",
    "experience_years",
    "salary_min",
    "salary_max",
    "positions",
    "posted_date",
    "expires_date",
];
const COHORT_HEADER: [&str; 16] = [
    "cohort_code",
    "blk_code",
    "programme_code",
    "start_date",
    "end_date",
    "seats",
    "funding",
    "nik",
    "name",
    "sex",
    "birth_date",
    "education",
    "region_code",
    "phone",
    "status",
    "certified",
];
const PLACEMENT_HEADER: [&str; 11] = [
    "nik",
    "placement_type",
    "employer",
    "start_date",
    "cohort_code",
    "vacancy_source",
    "vacancy_source_id",
    "isco08",
    "region_code",
    "monthly_income",
    "evidence",
];
const INDICATOR_HEADER: [&str; 5] = [
    "region_code",
    "year",
    "kbli_category",
    "grdp_idr_billion",
    "employment",
];
const TRACER_HEADER: [&str; 8] = [
    "nik",
    "cohort_code",
    "wave",
    "response_date",
    "status",
    "monthly_income",
    "relevant",
    "respondent",
];

/// The whole synthetic world of one configuration.
struct World {
    blks: Vec<blks::Blk>,
    training: Training,
    outcomes: Outcomes,
    vacancies: Vec<Vacancy>,
    seekers: Vec<JobSeeker>,
    indicators: Vec<indicators::IndicatorRow>,
}

fn check_scale(scale: f64) -> io::Result<()> {
    if scale.is_finite() && scale > 0.0 && scale <= 1000.0 {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("scale must be a number above 0 and at most 1000, not {scale}"),
        ))
    }
}

impl World {
    fn build(cfg: &SynthConfig) -> World {
        let (seed, scale) = (cfg.seed, cfg.scale);
        let vacancies = vacancies::generate(seed, scale);
        let blks = blks::generate(seed, scale);
        // Where the BLK count of a type could not follow the scale (21 real UPTPs at most, a
        // provincial UPTD everywhere), each BLK runs proportionally more or fewer cohorts.
        let count = |k: BlkType| blks.iter().filter(|b| b.kind == k).count().max(1) as f64;
        let uptp_factor = 21.0 * scale / count(BlkType::Uptp);
        let uptd_factor = 270.0 * scale / count(BlkType::Uptd);
        let mut issuer = NikIssuer::default();
        let training = training::generate(seed, &blks, uptp_factor, uptd_factor, &mut issuer);
        let outcomes = outcomes::generate(seed, &blks, &training, &vacancies);
        // The general register outnumbers the trainees who also register (~72,000 at 1.0),
        // as it does in SIAPkerja.
        let general = (120_000.0 * scale).round() as usize;
        let seekers = seekers::generate(seed, general, &training, &outcomes, &mut issuer);
        World {
            blks,
            training,
            outcomes,
            vacancies,
            seekers,
            // The economy does not scale with the demo: every regency has its figures.
            indicators: indicators::generate(seed),
        }
    }
}

type Writer = csv::Writer<BufWriter<File>>;

fn writer(path: &Path, header: &[&str]) -> io::Result<Writer> {
    let file = File::create(path)?;
    let mut w = csv::WriterBuilder::new().from_writer(BufWriter::with_capacity(1 << 20, file));
    w.write_record(header)?;
    Ok(w)
}

fn finish(mut w: Writer) -> io::Result<()> {
    w.flush()?;
    let inner = w
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    inner.into_inner().map_err(|e| e.into_error())?;
    Ok(())
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn yes_no(b: bool) -> &'static str {
    if b { "ya" } else { "tidak" }
}

fn write_blks(path: &Path, world: &World) -> io::Result<()> {
    let g = geo();
    let mut w = writer(path, &BLK_HEADER)?;
    for b in &world.blks {
        w.write_record([
            b.code.as_str(),
            b.name.as_str(),
            b.kind.code(),
            &g.regencies[b.regency].code.to_string(),
            b.address.as_str(),
            &b.capacity_text(),
            &b.programmes_text(),
        ])?;
    }
    finish(w)
}

fn write_indicators(path: &Path, world: &World) -> io::Result<()> {
    let g = geo();
    let mut w = writer(path, &INDICATOR_HEADER)?;
    for r in &world.indicators {
        let category = char::from(b'A' + r.category as u8);
        w.write_record([
            g.regencies[r.regency].code.to_string().as_str(),
            &r.year.to_string(),
            category.encode_utf8(&mut [0u8; 4]),
            // Two decimals always, so a figure such as 1.500 never looks like a grouped 1500.
            &format!("{:.2}", r.grdp_idr_billion),
            &r.employment.to_string(),
        ])?;
    }
    finish(w)
}

fn write_seeker_rows(w: &mut Writer, s: &JobSeeker) -> io::Result<()> {
    let occ = occupations();
    let p = &s.person;
    let preferred = s
        .preferred
        .iter()
        .map(|&i| occ[i].code.as_str())
        .collect::<Vec<_>>()
        .join(";");
    w.write_record([
        p.nik_text().as_str(),
        p.name.as_str(),
        &p.birth.to_string(),
        p.sex.code(),
        &geo().regencies[p.regency].code.to_string(),
        p.education.code(),
        &preferred,
        &s.skills.join(";"),
        &s.registered.to_string(),
        s.status.code(),
        p.phone.as_deref().unwrap_or(""),
    ])?;
    Ok(())
}

fn write_seekers(path: &Path, world: &World) -> io::Result<()> {
    let mut w = writer(path, &JOB_SEEKER_HEADER)?;
    for s in &world.seekers {
        write_seeker_rows(&mut w, s)?;
    }
    finish(w)
}

/// The portal whose ads carry no occupation code.
pub const UNCODED_SOURCE: &str = "lokerid";

fn write_vacancies(path: &Path, world: &World) -> io::Result<()> {
    let g = geo();
    let occ = occupations();
    let mut w = writer(path, &VACANCY_HEADER)?;
    for v in &world.vacancies {
        w.write_record([
            v.source,
            v.source_id.as_str(),
            v.title.as_str(),
            v.description.as_str(),
            // Category, subcategory, function, study programme, skills: a portal's context
            // fields, left empty (the coder reads the title and description).
            "",
            "",
            "",
            "",
            "",
            v.employer.as_str(),
            &g.regencies[v.regency].code.to_string(),
            v.location.as_str(),
            // Ads scraped from Loker.id come without an occupation code, as a scraping
            // portal's do: the import codes them, so the demo shows the coder's codes, its
            // confidence and the review queue next to the codes other portals give.
            if v.source == UNCODED_SOURCE {
                ""
            } else {
                occ[v.occupation].code.as_str()
            },
            // Every code given here is its portal's.
            if v.source == UNCODED_SOURCE {
                ""
            } else {
                "source"
            },
            v.kbli.unwrap_or(""),
            v.education.code(),
            &opt(v.experience),
            &opt(v.salary_min),
            &opt(v.salary_max),
            &v.positions.to_string(),
            &v.posted.to_string(),
            &opt(v.expires),
        ])?;
    }
    finish(w)
}

fn write_cohorts(path: &Path, world: &World) -> io::Result<()> {
    let g = geo();
    let r = reference();
    let mut w = writer(path, &COHORT_HEADER)?;
    let seats = training::SEATS.to_string();
    for c in &world.training.cohorts {
        let (start, end) = (c.start.to_string(), c.end.to_string());
        let blk = &world.blks[c.blk];
        let programme = &r.programmes[c.programme].code;
        for t in &world.training.trainees[c.first..c.first + c.count] {
            let p = &t.person;
            w.write_record([
                c.code.as_str(),
                blk.code.as_str(),
                programme.as_str(),
                &start,
                &end,
                &seats,
                c.funding.code(),
                &p.nik_text(),
                p.name.as_str(),
                p.sex.code(),
                &p.birth.to_string(),
                p.education.code(),
                &g.regencies[p.regency].code.to_string(),
                p.phone.as_deref().unwrap_or(""),
                t.status.code(),
                yes_no(t.certified),
            ])?;
        }
    }
    finish(w)
}

fn write_placements(path: &Path, world: &World) -> io::Result<()> {
    let g = geo();
    let tr = &world.training;
    let all = &world.outcomes.placements;
    let originals = all.len() - world.outcomes.duplicates;
    // First reports by start date; the second reports of some of them come last, as a later
    // batch would bring them.
    let mut order: Vec<usize> = (0..originals).collect();
    order.sort_by_key(|&i| (all[i].start, all[i].trainee));
    order.extend(originals..all.len());
    let mut w = writer(path, &PLACEMENT_HEADER)?;
    for i in order {
        let p = &all[i];
        let trainee = &tr.trainees[p.trainee];
        let cohort = &tr.cohorts[trainee.cohort];
        let (vsource, vid) = match p.vacancy {
            Some(v) => (
                world.vacancies[v].source,
                world.vacancies[v].source_id.as_str(),
            ),
            None => ("", ""),
        };
        w.write_record([
            trainee.person.nik_text().as_str(),
            p.kind.code(),
            p.employer.as_str(),
            &p.start.to_string(),
            cohort.code.as_str(),
            vsource,
            vid,
            &p.isco.to_string(),
            &opt(p.regency.map(|r| g.regencies[r].code)),
            &opt(p.income),
            p.evidence.unwrap_or(""),
        ])?;
    }
    finish(w)
}

fn write_tracer(path: &Path, world: &World) -> io::Result<()> {
    let tr = &world.training;
    let mut w = writer(path, &TRACER_HEADER)?;
    for a in &world.outcomes.responses {
        let trainee = &tr.trainees[a.trainee];
        w.write_record([
            trainee.person.nik_text().as_str(),
            tr.cohorts[trainee.cohort].code.as_str(),
            &a.wave.to_string(),
            &a.date.to_string(),
            a.status.code(),
            &opt(a.income),
            a.relevant.map(yes_no).unwrap_or(""),
            a.respondent.code(),
        ])?;
    }
    finish(w)
}

/// Files written, in import order (blks, indicators, job-seekers, vacancies, cohorts,
/// placements, tracer), each (entity name as on the CLI, path).
pub fn write_all(dir: &Path, cfg: &SynthConfig) -> io::Result<Vec<(&'static str, PathBuf)>> {
    check_scale(cfg.scale)?;
    std::fs::create_dir_all(dir)?;
    let world = World::build(cfg);
    type Render = fn(&Path, &World) -> io::Result<()>;
    let files: [(&'static str, &str, Render); 7] = [
        ("blks", "blks.csv", write_blks),
        ("indicators", "indicators.csv", write_indicators),
        ("job-seekers", "job-seekers.csv", write_seekers),
        ("vacancies", "vacancies.csv", write_vacancies),
        ("cohorts", "cohorts.csv", write_cohorts),
        ("placements", "placements.csv", write_placements),
        ("tracer", "tracer.csv", write_tracer),
    ];
    let mut written = Vec::with_capacity(files.len());
    for (entity, file, render) in files {
        let path = dir.join(file);
        render(&path, &world)?;
        written.push((entity, path));
    }
    Ok(written)
}

/// A standalone job-seeker file with `rows` rows and unique NIKs, for benchmarks and crash
/// tests. `offset` shifts the NIK serial space so files with different offsets never share a
/// NIK, and the same (seed, rows, offset) always gives the same bytes.
///
/// Row `k` is person number `offset + k` of a serial space of about 6.1 billion, and distinct
/// serial numbers always give distinct NIKs; so files whose ranges `offset..offset + rows` do
/// not overlap (e.g. `offset` = file number × `rows`) never share a NIK. Rows are streamed, so
/// any size fits in memory.
pub fn write_job_seekers(path: &Path, rows: usize, seed: u64, offset: u64) -> io::Result<()> {
    let end = offset.checked_add(rows as u64);
    if end.is_none_or(|e| e > people::STANDALONE_CAPACITY) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "offset {offset} + rows {rows} exceeds the {} distinct synthetic NIKs",
                people::STANDALONE_CAPACITY
            ),
        ));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let prefs = seekers::Preferences::new();
    let mut rng = rng::Rng::keyed(seed, "standalone-job-seekers", offset);
    let mut w = writer(path, &JOB_SEEKER_HEADER)?;
    for k in 0..rows as u64 {
        let s = seekers::standalone(&mut rng, &prefs, offset + k);
        write_seeker_rows(&mut w, &s)?;
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unusable_scales_and_offsets() {
        let dir = std::env::temp_dir().join("synth-never-written");
        for scale in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let cfg = SynthConfig { seed: 1, scale };
            let err = write_all(&dir, &cfg).expect_err("refused");
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        }
        let err = write_job_seekers(&dir.join("x.csv"), 10, 1, u64::MAX - 5).expect_err("refused");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }
}

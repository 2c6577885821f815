//! `listraf match` (top vacancies for a person, or top candidates for a vacancy, with the parts
//! of each score; `--record` turns a match into a placement) and `listraf bench match` (top-20
//! latency over a million synthetic open vacancies on one core).
//!
//! Arguments, tables and timing only: scoring is `analytics::matching`, reading and recording
//! are `pipeline::matching` and `store`.

use std::process::ExitCode;
use std::time::Instant;

use analytics::matching::{Match, MatchIndex, OpenVacancy, Profile, ScoreParts, Weights};
use anyhow::{Context, Result, bail};
use clap::Args;
use domain::{Date, Education, IscoCode, Nik, RegionCode, Rupiah, Scope, reference};
use store::Store;

#[derive(Args, Debug)]
pub struct MatchArgs {
    /// The person's id (as in exports and the placement record).
    #[arg(long, conflicts_with_all = ["nik", "vacancy"])]
    person: Option<i64>,
    /// The person's NIK (looked up through the blind index; never printed).
    #[arg(long, conflicts_with = "vacancy")]
    nik: Option<String>,
    /// A vacancy id: its best candidates among active job seekers of its province.
    #[arg(long)]
    vacancy: Option<i64>,
    /// How many matches to print.
    #[arg(short, default_value_t = 20)]
    k: usize,
    /// The day vacancies must be open on (default: the latest posting date in the database).
    #[arg(long)]
    as_of: Option<String>,
    /// Vacancies without an expiry date count as open for this many days after posting.
    #[arg(long, default_value_t = 60)]
    max_age_days: i64,
    /// Record that the person started work at this vacancy (links person, vacancy and their
    /// latest completed cohort).
    #[arg(long, requires = "start")]
    record: Option<i64>,
    /// The first working day, for --record.
    #[arg(long)]
    start: Option<String>,
}

fn parse_date(flag: &str, s: &str) -> Result<Date> {
    Date::parse(s).with_context(|| format!("{flag} {s}: use YYYY-MM-DD"))
}

fn parts_text(p: &ScoreParts) -> String {
    format!(
        "{:.3}  occ {:.1}  skills {:.2}  {:>5.0} km  edu {:.1}  salary {:.1}",
        p.total, p.occupation, p.skills, p.distance_km, p.education, p.salary
    )
}

pub fn run(args: MatchArgs, store: &mut Store) -> Result<ExitCode> {
    let as_of = args
        .as_of
        .as_deref()
        .map(|s| parse_date("--as-of", s))
        .transpose()?;
    let person = match (&args.person, &args.nik) {
        (Some(id), _) => Some(*id),
        (None, Some(n)) => {
            let nik = Nik::parse(n).context("--nik")?;
            match store.person_by_nik(&nik)? {
                Some(id) => Some(id),
                None => bail!("no person with NIK {nik} is registered"),
            }
        }
        (None, None) => None,
    };
    if let (Some(p), Some(v)) = (person, args.record) {
        let start = parse_date("--start", args.start.as_deref().unwrap_or_default())?;
        return match store.record_match_placement(p, v, start, "cli")? {
            Some(id) => {
                println!("recorded placement {id}: person {p} at vacancy {v} from {start}");
                Ok(ExitCode::SUCCESS)
            }
            None => {
                println!(
                    "already recorded: person {p} at this employer from {start}; nothing written"
                );
                Ok(ExitCode::SUCCESS)
            }
        };
    }
    if args.record.is_some() {
        bail!("--record needs --person or --nik");
    }
    let started = Instant::now();
    let Some(market) =
        pipeline::matching::open_market(store, &Scope::Central, as_of, args.max_age_days)?
    else {
        bail!("the database holds no vacancies yet");
    };
    eprintln!(
        "{} vacancies open on {} (index built in {:.1} s)",
        market.index.len(),
        market.as_of,
        started.elapsed().as_secs_f64()
    );
    let mut skills = market.skills.clone();
    if let Some(p) = person {
        let (profile, row) = pipeline::matching::profile(store, &mut skills, p)?;
        println!(
            "person {} ({}), {}, wants {}{}",
            row.person_id,
            row.nik_masked,
            profile.region.name(),
            if profile.occupations.is_empty() {
                "no stated occupation".to_string()
            } else {
                profile
                    .occupations
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            row.cohort
                .as_ref()
                .map(|(_, prog)| format!("; graduated from {prog}"))
                .unwrap_or_default()
        );
        let t = Instant::now();
        let (top, scored) = market.index.top_k(&profile, args.k);
        eprintln!(
            "{scored} vacancies scored in {:.2} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
        println!(
            "{:>3}  {:>8}  {:<36} {:<26} {:<20} {:<5} score  parts",
            "#", "vacancy", "title", "employer", "regency", "isco"
        );
        for (i, m) in top.iter().enumerate() {
            let Some(r) = market.row(m.id) else { continue };
            println!(
                "{:>3}  {:>8}  {:<36} {:<26} {:<20} {:<5} {}",
                i + 1,
                r.id,
                crate::cut(&r.title, 36),
                crate::cut(r.employer.as_deref().unwrap_or(""), 26),
                crate::cut(r.region.name(), 20),
                r.isco.map(|c| c.to_string()).unwrap_or_default(),
                parts_text(&m.parts)
            );
        }
        if top.is_empty() {
            println!("no open vacancy");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(vid) = args.vacancy else {
        bail!("give --person, --nik or --vacancy");
    };
    let Some(row) = store.vacancy_for_match(vid)? else {
        bail!("there is no vacancy {vid}, or it has no region");
    };
    let found = classify::skills::extract_tagged(
        &row.title,
        row.skill_tags.as_deref(),
        row.description.as_deref(),
    );
    let v = OpenVacancy {
        id: row.id,
        region: row.region,
        isco: row.isco.filter(|c| c.is_unit()),
        skills: skills.ids(found.iter().map(|s| s.label.as_str())),
        education: row.education,
        salary_min: row.salary_min,
        salary_max: row.salary_max,
    };
    let mut people = Vec::new();
    store.seeker_pool(&Scope::Province(row.region.province()), |r| {
        if let Some(p) = pipeline::matching::to_profile(&r, &mut skills) {
            people.push(p);
        }
    })?;
    println!(
        "vacancy {}: {} at {} in {} ({} active job seekers in the province)",
        row.id,
        row.title,
        row.employer.as_deref().unwrap_or("-"),
        row.region.name(),
        people.len()
    );
    let top = market.index.top_candidates(&v, &people, args.k);
    println!("{:>3}  {:>8}  score  parts", "#", "person");
    for (i, Match { id, parts }) in top.iter().enumerate() {
        println!("{:>3}  {:>8}  {}", i + 1, id, parts_text(parts));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args, Debug)]
pub struct BenchMatchArgs {
    /// Open vacancies in the synthetic index.
    #[arg(long, default_value_t = 1_000_000)]
    vacancies: usize,
    /// Timed queries (after 100 warm-up queries).
    #[arg(long, default_value_t = 2000)]
    queries: usize,
    #[arg(short, default_value_t = 20)]
    k: usize,
}

/// A small deterministic generator (SplitMix64), so every run measures the same index.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Picks an index by cumulative weights.
fn weighted(rng: &mut Rng, cumulative: &[f64]) -> usize {
    let total = cumulative.last().copied().unwrap_or(1.0);
    let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
    cumulative
        .partition_point(|c| *c < x)
        .min(cumulative.len() - 1)
}

/// One million open vacancies shaped like the real market: regencies weighted by population,
/// occupations by a Zipf law over every ISCO unit, three skills from a pool of twelve per
/// unit; then timed top-k queries for job seekers drawn the same way, one at a time on one
/// thread.
pub fn bench(args: BenchMatchArgs) -> Result<ExitCode> {
    let r = reference();
    let regencies: Vec<RegionCode> = r.regencies.iter().map(|g| g.code).collect();
    let mut cum = 0.0;
    let region_weights: Vec<f64> = r
        .regencies
        .iter()
        .map(|g| {
            cum += g.population.max(1) as f64;
            cum
        })
        .collect();
    let units: Vec<IscoCode> = r
        .isco_units()
        .filter_map(|e| IscoCode::parse(&e.code).ok())
        .collect();
    let mut cum = 0.0;
    let unit_weights: Vec<f64> = (0..units.len())
        .map(|i| {
            cum += 1.0 / (i as f64 + 1.0);
            cum
        })
        .collect();
    let education = [
        Education::Smp,
        Education::Sma,
        Education::Smk,
        Education::D3,
        Education::S1,
    ];
    let mut rng = Rng(20261129);
    let skills_of = |rng: &mut Rng, unit: usize, n: usize| -> Vec<u32> {
        let mut s: Vec<u32> = (0..n).map(|_| (unit * 12 + rng.below(12)) as u32).collect();
        s.sort_unstable();
        s.dedup();
        s
    };
    let started = Instant::now();
    let vacancies: Vec<OpenVacancy> = (0..args.vacancies)
        .map(|i| {
            let u = weighted(&mut rng, &unit_weights);
            let low = 3_000_000 + 250_000 * rng.below(12) as i64;
            OpenVacancy {
                id: i as i64 + 1,
                region: regencies[weighted(&mut rng, &region_weights)],
                isco: Some(units[u]),
                skills: skills_of(&mut rng, u, 3),
                education: (rng.below(4) > 0).then(|| education[rng.below(education.len())]),
                salary_min: Some(Rupiah(low)),
                salary_max: Some(Rupiah(low + 1_500_000)),
            }
        })
        .collect();
    let generated = started.elapsed();
    let started = Instant::now();
    let index = MatchIndex::build(vacancies, Weights::default());
    let built = started.elapsed();
    let profiles: Vec<Profile> = (0..args.queries + 100)
        .map(|i| {
            let u = weighted(&mut rng, &unit_weights);
            let mut occupations = vec![units[u]];
            if rng.below(3) == 0 {
                occupations.push(units[weighted(&mut rng, &unit_weights)]);
            }
            Profile {
                id: i as i64,
                region: regencies[weighted(&mut rng, &region_weights)],
                occupations,
                skills: skills_of(&mut rng, u, 4),
                education: Some(education[rng.below(education.len())]),
                expected_salary: Some(Rupiah(3_500_000 + 250_000 * rng.below(10) as i64)),
            }
        })
        .collect();
    let mut times = Vec::with_capacity(args.queries);
    let mut scored_total = 0usize;
    let mut checksum = 0i64;
    for (i, p) in profiles.iter().enumerate() {
        let t = Instant::now();
        let (top, scored) = index.top_k(p, args.k);
        let e = t.elapsed();
        if i >= 100 {
            times.push(e.as_secs_f64() * 1000.0);
            scored_total += scored;
            checksum = checksum.wrapping_add(top.first().map_or(0, |m| m.id));
        }
    }
    times.sort_by(f64::total_cmp);
    let pct = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "vacancies={} generate_ms={:.0} index_ms={:.0}",
        args.vacancies,
        generated.as_secs_f64() * 1000.0,
        built.as_secs_f64() * 1000.0
    );
    println!(
        "queries={} k={} p50_ms={:.3} p99_ms={:.3} max_ms={:.3} scored_mean={:.0} checksum={checksum}",
        times.len(),
        args.k,
        pct(0.5),
        pct(0.99),
        times.last().copied().unwrap_or(0.0),
        scored_total as f64 / times.len().max(1) as f64
    );
    Ok(ExitCode::SUCCESS)
}

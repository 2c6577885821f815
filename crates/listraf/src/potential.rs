//! `listraf potential`: the economic potential of a regency or province — GRDP share, location
//! quotient, growth and Klassen class per KBLI category, the leading sectors (sektor
//! unggulan), and the occupations that sector growth is expected to need.
//!
//! Argument parsing, the table and the CSV files only: the numbers come from
//! `analytics::potential`, the rows from `store`. Like every CLI command it reads in the central
//! scope, so the national reference is the whole database.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use analytics::{
    Economy, ExpectedDemand, PotentialQuery, PotentialTable, ReferenceArea, SectorPotential,
};
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use domain::{IscoCode, RegionCode};
use store::Store;

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum Reference {
    /// Indonesia: every region in the database.
    National,
    /// The regency's province.
    Province,
}

#[derive(Args, Debug)]
pub struct PotentialArgs {
    /// The regency/city (Kemendagri code, e.g. 32.16).
    #[arg(long)]
    regency: Option<String>,
    /// The province (e.g. 32): its own potential, or, with --regency, the province it must lie in.
    #[arg(long)]
    province: Option<String>,
    /// The area the region is compared with.
    #[arg(long, value_enum, default_value = "national")]
    reference: Reference,
    /// The last year of the comparison (default: the region's latest year).
    #[arg(long)]
    year: Option<u16>,
    /// The first year for growth rates (default: the region's earliest year).
    #[arg(long)]
    from: Option<u16>,
    /// Occupations to print (the -o files get every row).
    #[arg(long, default_value_t = 15)]
    top: usize,
    /// Write the sectors to this CSV file, and the occupations beside it (<name>.occupations.csv).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

impl PotentialArgs {
    fn region(&self) -> Result<RegionCode> {
        let parse =
            |flag: &str, s: &str| RegionCode::parse(s).with_context(|| format!("--{flag} {s}"));
        let province = self
            .province
            .as_deref()
            .map(|p| parse("province", p))
            .transpose()?;
        if let Some(p) = province.filter(|p| !p.is_province()) {
            bail!("--province {p} is a regency/city; use --regency {p}");
        }
        match (&self.regency, province) {
            (Some(r), p) => {
                let code = parse("regency", r)?;
                if !code.is_regency() {
                    bail!("--regency {r} is a province; use --province {code}");
                }
                if let Some(p) = p.filter(|p| !p.contains(code)) {
                    bail!("--regency {code} does not lie in --province {p}");
                }
                Ok(code)
            }
            (None, Some(p)) => Ok(p),
            (None, None) => bail!("give --regency (e.g. 32.16) or --province (e.g. 32)"),
        }
    }
}

/// Reads every indicator in the central scope, reporting on stderr what could not be read.
fn load(store: &mut Store) -> Result<Economy> {
    let (economy, report) = pipeline::analysis::load_economy(store)?;
    if report.bad_rows > 0 {
        eprintln!(
            "warning: {} stored indicator rows no longer parse and were left out",
            report.bad_rows
        );
    }
    if economy.is_empty() {
        bail!(
            "the database holds no regional indicators yet; import GRDP by KBLI category with `listraf import indicators <file>` (template: `listraf import --template indicators`)"
        );
    }
    Ok(economy)
}

pub fn potential(args: PotentialArgs, store: &mut Store) -> Result<ExitCode> {
    let region = args.region()?;
    if region.is_province() && matches!(args.reference, Reference::Province) {
        bail!(
            "--reference province compares a regency with its province; a province is compared with the nation"
        );
    }
    let economy = load(store)?;
    let q = PotentialQuery {
        region,
        reference: match args.reference {
            Reference::National => ReferenceArea::Nation,
            Reference::Province => ReferenceArea::Province,
        },
        year: args.year,
        from_year: args.from,
    };
    let t = economy.potential(&q)?;
    print_table(&t, args.top);
    if let Some(path) = &args.output {
        write_sectors(&t, path)?;
        let occupations = occupations_path(path);
        write_occupations(&t, &occupations)?;
        eprintln!(
            "wrote {} sectors to {} and {} occupations to {}",
            t.sectors.len(),
            path.display(),
            t.demand.len(),
            occupations.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn place(code: Option<RegionCode>) -> String {
    code.map_or_else(
        || "Indonesia".to_string(),
        |r| format!("{} ({r})", r.name()),
    )
}

/// The Indonesian KBJI title where there is one, else the English ISCO title.
fn title(code: IscoCode) -> &'static str {
    code.title_id().unwrap_or_else(|| code.title_en())
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |g| format!("{:+.1} %", 100.0 * g))
}

fn print_table(t: &PotentialTable, top: usize) {
    let reference = place(t.reference_area);
    println!(
        "Regional potential of {}, {}–{}, against {reference}",
        place(Some(t.region)),
        t.first_year,
        t.last_year
    );
    println!(
        "GRDP {} {:.1} billion Rupiah at constant prices; growth {} a year ({reference} {})",
        t.last_year,
        t.grdp,
        pct(t.growth),
        pct(t.reference_growth)
    );
    println!(
        "LQ = sector's share of the region's GRDP ÷ its share of the reference area's; growth = compound annual, {}–{}",
        t.first_year, t.last_year
    );
    println!(
        "Klassen: I prima (LQ > 1, growing faster than the reference) = leading sector (*), II potensial (LQ > 1, not faster), III berkembang (LQ ≤ 1, faster), IV tertinggal (LQ ≤ 1, not faster)"
    );
    println!(
        "{:<3} {:<40} {:>7} {:>6} {:>8} {:>8}  {:<14} {:>10} {:>9}",
        "", "KBLI category", "share", "LQ", "growth", "ref.", "Klassen", "employed", "Δ/year"
    );
    for s in &t.sectors {
        println!(
            "{} {} {:<40} {:>5.1} % {:>6} {:>8} {:>8}  {:<14} {:>10} {:>9}",
            if s.is_leading() { "*" } else { " " },
            s.category,
            crate::cut(s.category.title_id(), 40),
            100.0 * s.share,
            s.lq.map_or_else(|| "-".to_string(), |v| format!("{v:.2}")),
            pct(s.growth),
            pct(s.reference_growth),
            s.klassen.map_or_else(|| "-".to_string(), |k| k.to_string()),
            employed(s),
            s.employment_change
                .map_or_else(|| "-".to_string(), |d| format!("{d:+.0}")),
        );
    }
    let leading: Vec<String> = t
        .leading()
        .map(|s| format!("{} {}", s.category, s.category.title_id()))
        .collect();
    if leading.is_empty() {
        println!("Leading sectors (sektor unggulan): none");
    } else {
        println!("Leading sectors (sektor unggulan): {}", leading.join("; "));
    }
    if t.sectors.iter().any(|s| s.employment_estimated) {
        println!("~ = employment estimated from GRDP and the reference area's output per worker");
    }
    let rising: Vec<&ExpectedDemand> = t
        .demand
        .iter()
        .filter(|d| d.workers_per_year > 0.0)
        .take(top)
        .collect();
    println!(
        "Expected additional workers a year if the {}–{} sector trends continue (KBLI → ISCO bridge; net expansion demand, replacement of leavers not included):",
        t.first_year, t.last_year
    );
    if rising.is_empty() {
        println!("  none: no sector with known employment is growing");
    }
    for d in rising {
        println!(
            "  {}  {:<52} {:>+9.0}  mostly {} {}",
            d.isco,
            crate::cut(title(d.isco), 52),
            d.workers_per_year,
            d.main_sector,
            crate::cut(d.main_sector.title_id(), 30)
        );
    }
    for n in &t.notes {
        println!("note: {n}");
    }
}

fn employed(s: &SectorPotential) -> String {
    match s.employment {
        None => "-".to_string(),
        Some(e) if s.employment_estimated => format!("~{e:.0}"),
        Some(e) => format!("{e:.0}"),
    }
}

/// `out/bekasi.csv` → `out/bekasi.occupations.csv`.
fn occupations_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "potential".into());
    path.with_file_name(format!("{stem}.occupations.csv"))
}

/// A number without thousands separators or trailing zeros; empty when unknown.
fn num(v: Option<f64>, decimals: usize) -> String {
    v.map(|v| {
        let s = format!("{v:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    })
    .unwrap_or_default()
}

fn write_sectors(t: &PotentialTable, path: &Path) -> Result<()> {
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("creating {}", path.display()))?;
    w.write_record([
        "region_code",
        "reference",
        "first_year",
        "last_year",
        "kbli_category",
        "title",
        "grdp_idr_billion",
        "share",
        "reference_share",
        "lq",
        "growth",
        "reference_growth",
        "klassen",
        "leading",
        "employment",
        "employment_estimated",
        "employment_change_per_year",
    ])?;
    let reference = t
        .reference_area
        .map_or_else(|| "ID".to_string(), |r| r.to_string());
    for s in &t.sectors {
        w.write_record([
            t.region.to_string(),
            reference.clone(),
            t.first_year.to_string(),
            t.last_year.to_string(),
            s.category.to_string(),
            s.category.title_id().to_string(),
            num(Some(s.grdp), 2),
            num(Some(s.share), 6),
            num(Some(s.reference_share), 6),
            num(s.lq, 4),
            num(s.growth, 6),
            num(s.reference_growth, 6),
            s.klassen
                .map(|k| k.numeral().to_string())
                .unwrap_or_default(),
            u8::from(s.is_leading()).to_string(),
            num(s.employment, 0),
            u8::from(s.employment_estimated).to_string(),
            num(s.employment_change, 1),
        ])?;
    }
    w.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn write_occupations(t: &PotentialTable, path: &Path) -> Result<()> {
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("creating {}", path.display()))?;
    w.write_record([
        "region_code",
        "first_year",
        "last_year",
        "isco08",
        "occupation",
        "workers_per_year",
        "main_kbli_category",
    ])?;
    for d in &t.demand {
        w.write_record([
            t.region.to_string(),
            t.first_year.to_string(),
            t.last_year.to_string(),
            d.isco.to_string(),
            title(d.isco).to_string(),
            num(Some(d.workers_per_year), 1),
            d.main_sector.to_string(),
        ])?;
    }
    w.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

//! Kebekerjaan tables by programme, BLK, cohort, regency, province or the nation, and wave.
//!
//! Every row carries the response rate beside the rate, the Wilson 95 % interval, wage,
//! self-employed and overseas work apart, and a non-response-weighted estimate:
//!
//! Graduates who answer are not a random half of the class (those with a job answer more often),
//! and the mix of who answers differs between BLKs. Within each row the graduates are split into
//! cells by programme × sex; each respondent of cell *c* stands for N_c ÷ n_c graduates of the cell
//! (N_c graduates due, n_c answers that count). The weighted rate is
//! Σ_c N_c · (e_c ÷ n_c) ÷ Σ_c N_c over the cells with at least one respondent; graduates of cells
//! nobody answered from cannot be represented and are left out (their number is `unrepresented`).

use std::collections::HashMap;

use domain::records::TracerStatus;
use domain::{Date, RegionCode, Sex, reference};

use super::stats::{Shown, Z95, public_count, public_rate, rounded_parts, wilson};
use super::{OutcomeData, OutcomeSettings, wave_due};

/// What a table's rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    National,
    Programme,
    Blk,
    Cohort,
    Regency,
    Province,
}

impl GroupBy {
    pub fn parse(s: &str) -> Option<GroupBy> {
        Some(match s.trim().to_lowercase().as_str() {
            "national" | "nasional" => GroupBy::National,
            "programme" | "program" => GroupBy::Programme,
            "blk" => GroupBy::Blk,
            "cohort" | "angkatan" => GroupBy::Cohort,
            "regency" | "kabupaten" | "kab" => GroupBy::Regency,
            "province" | "provinsi" => GroupBy::Province,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            GroupBy::National => "national",
            GroupBy::Programme => "programme",
            GroupBy::Blk => "blk",
            GroupBy::Cohort => "cohort",
            GroupBy::Regency => "regency",
            GroupBy::Province => "province",
        }
    }
}

/// One row of a kebekerjaan table.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeRow {
    pub key: String,
    pub label: String,
    pub wave: u8,
    /// Graduates whose wave has fallen due.
    pub graduates: u64,
    /// Answers from anyone, and from whom.
    pub answered: u64,
    pub confirmed: u64,
    pub proxy: u64,
    pub unconfirmed: u64,
    /// Answers that count toward the rate.
    pub traced: u64,
    /// Wage work at home, self-employment and work abroad.
    pub employed: u64,
    pub wage: u64,
    pub self_employed: u64,
    pub overseas: u64,
    pub rate: Option<f64>,
    pub interval: Option<(f64, f64)>,
    /// traced ÷ graduates.
    pub response_rate: Option<f64>,
    pub weighted_rate: Option<f64>,
    /// Graduates in programme × sex cells with no respondent (outside the weighted estimate).
    pub unrepresented: u64,
    /// Graduates due with a recorded placement (each counted once however often reported).
    pub placed: u64,
}

impl OutcomeRow {
    pub(super) fn new(key: String, label: String, wave: u8) -> Self {
        OutcomeRow {
            key,
            label,
            wave,
            graduates: 0,
            answered: 0,
            confirmed: 0,
            proxy: 0,
            unconfirmed: 0,
            traced: 0,
            employed: 0,
            wage: 0,
            self_employed: 0,
            overseas: 0,
            rate: None,
            interval: None,
            response_rate: None,
            weighted_rate: None,
            unrepresented: 0,
            placed: 0,
        }
    }

    /// Whether the rates of this row may be published.
    pub fn publishable(&self, min_cell: u64) -> bool {
        self.traced >= min_cell
    }

    /// Wage work, self-employment and work abroad as a public table may show them. Every
    /// table's kinds add up to another's (BLKs and regencies to provinces, provinces and
    /// programmes to the nation), and the rate and the traced count give each row's sum away,
    /// so where the rate is published the kinds are rounded to `min_cell` and a small one is
    /// protected within its row ([`rounded_parts`]); where it is not, fewer than `min_cell`
    /// are traced, the sum is itself suppressed, and each kind is merely masked.
    pub fn employed_by_kind(&self, min_cell: u64) -> [Shown; 3] {
        let parts = [self.wage, self.self_employed, self.overseas];
        if self.publishable(min_cell) {
            rounded_parts(parts, min_cell)
        } else {
            parts.map(|n| {
                if n > 0 && n < min_cell {
                    Shown::Small
                } else {
                    Shown::Count(n)
                }
            })
        }
    }

    /// The row as a public table shows it: small counts masked, rates of small cells empty,
    /// kinds of work as [`Self::employed_by_kind`] gives them.
    pub fn public(&self, min_cell: u64) -> PublicOutcomeRow {
        self.public_with(min_cell, self.employed_by_kind(min_cell))
    }

    /// The row as a public table shows it, with its kinds of work as given (protected against
    /// a table above it: [`super::kinds_within_provinces`]).
    pub fn public_with(&self, min_cell: u64, kinds: [Shown; 3]) -> PublicOutcomeRow {
        let [wage, self_employed, overseas] = kinds;
        let c = |n| public_count(n, min_cell);
        let pct = |r: Option<f64>| public_rate(r, self.traced, min_cell);
        let (lo, hi) = match self.interval {
            Some((lo, hi)) if self.publishable(min_cell) => {
                (format!("{:.1}", lo * 100.0), format!("{:.1}", hi * 100.0))
            }
            _ => (String::new(), String::new()),
        };
        PublicOutcomeRow {
            key: self.key.clone(),
            label: self.label.clone(),
            wave: self.wave,
            graduates: c(self.graduates),
            traced: c(self.traced),
            response_rate: public_rate(self.response_rate, self.graduates, min_cell),
            employed: c(self.employed),
            rate: pct(self.rate),
            ci_low: lo,
            ci_high: hi,
            weighted_rate: pct(self.weighted_rate),
            wage: wage.public(min_cell),
            self_employed: self_employed.public(min_cell),
            overseas: overseas.public(min_cell),
            proxy_or_unconfirmed: c(self.proxy + self.unconfirmed),
            placed: c(self.placed),
        }
    }
}

/// A row ready for a public table or file: every value already text, small cells masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOutcomeRow {
    pub key: String,
    pub label: String,
    pub wave: u8,
    pub graduates: String,
    pub traced: String,
    /// Percent.
    pub response_rate: String,
    pub employed: String,
    pub rate: String,
    pub ci_low: String,
    pub ci_high: String,
    pub weighted_rate: String,
    pub wage: String,
    pub self_employed: String,
    pub overseas: String,
    pub proxy_or_unconfirmed: String,
    pub placed: String,
}

impl PublicOutcomeRow {
    pub const HEADER: [&'static str; 16] = [
        "key",
        "name",
        "wave",
        "graduates",
        "traced",
        "response_rate_pct",
        "employed",
        "kebekerjaan_pct",
        "ci95_low_pct",
        "ci95_high_pct",
        "weighted_kebekerjaan_pct",
        "wage",
        "self_employed",
        "overseas",
        "proxy_or_unconfirmed",
        "placed_recorded",
    ];

    pub fn cells(&self) -> [String; 16] {
        [
            self.key.clone(),
            self.label.clone(),
            self.wave.to_string(),
            self.graduates.clone(),
            self.traced.clone(),
            self.response_rate.clone(),
            self.employed.clone(),
            self.rate.clone(),
            self.ci_low.clone(),
            self.ci_high.clone(),
            self.weighted_rate.clone(),
            self.wage.clone(),
            self.self_employed.clone(),
            self.overseas.clone(),
            self.proxy_or_unconfirmed.clone(),
            self.placed.clone(),
        ]
    }
}

/// Employed and traced counts of one programme × sex cell.
#[derive(Default, Clone, Copy)]
struct Cell {
    graduates: u64,
    traced: u64,
    employed: u64,
}

/// The key and label of the row a graduate of `cohort` falls in.
fn group_key(
    data: &OutcomeData,
    by: GroupBy,
    cohort: &super::OutcomeCohort,
) -> Option<(String, String)> {
    let region = || data.blk(&cohort.blk).map(|b| b.region);
    let region_name = |r: RegionCode| reference().region(r).map(|x| x.name.clone());
    Some(match by {
        GroupBy::National => ("ID".into(), "Indonesia".into()),
        GroupBy::Programme => (
            cohort.programme.clone(),
            reference()
                .programme(&cohort.programme)
                .map_or_else(|| cohort.programme.clone(), |p| p.name_id.clone()),
        ),
        GroupBy::Blk => (
            cohort.blk.clone(),
            data.blk(&cohort.blk)
                .map_or_else(|| cohort.blk.clone(), |b| b.name.clone()),
        ),
        GroupBy::Cohort => (cohort.code.clone(), cohort.programme.clone()),
        GroupBy::Regency => {
            let r = region()?;
            (r.to_string(), region_name(r).unwrap_or_default())
        }
        GroupBy::Province => {
            let p = region()?.province();
            (p.to_string(), region_name(p).unwrap_or_default())
        }
    })
}

/// Kebekerjaan by `by` for each wave (or only `wave`), as of `as_of`, in (key, wave) order.
/// `filter` keeps the cohorts to count (e.g. one BLK's).
pub fn outcome_table(
    data: &OutcomeData,
    settings: &OutcomeSettings,
    by: GroupBy,
    wave: Option<u8>,
    as_of: Date,
    filter: &dyn Fn(&super::OutcomeCohort) -> bool,
) -> Vec<OutcomeRow> {
    let waves: Vec<u8> = match wave {
        Some(w) => vec![w],
        None => settings.waves.clone(),
    };
    // Groups and programmes are numbered once per cohort, so the loop over graduates allocates
    // nothing: the national tables run over a few hundred thousand graduates per wave.
    let n_waves = waves.len();
    let mut groups: Vec<(String, String)> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    let mut programme_of: HashMap<&str, usize> = HashMap::new();
    let mut per_cohort: HashMap<i64, Option<(usize, usize)>> = HashMap::new();
    let mut rows: Vec<Option<OutcomeRow>> = Vec::new();
    let mut cells: HashMap<(usize, usize, usize, Sex), Cell> = HashMap::new();
    for (t, c) in data.graduates() {
        let slot = *per_cohort.entry(c.id).or_insert_with(|| {
            if !filter(c) {
                return None;
            }
            let (key, label) = group_key(data, by, c)?;
            let g = *group_of.entry(key.clone()).or_insert_with(|| {
                groups.push((key, label));
                groups.len() - 1
            });
            let n = programme_of.len();
            let p = *programme_of.entry(c.programme.as_str()).or_insert(n);
            Some((g, p))
        });
        let Some((g, p)) = slot else {
            continue;
        };
        if rows.len() < groups.len() * n_waves {
            rows.resize_with(groups.len() * n_waves, || None);
        }
        for (wi, &w) in waves.iter().enumerate() {
            if wave_due(c.end, w) > as_of {
                continue;
            }
            let row = rows[g * n_waves + wi].get_or_insert_with(|| {
                OutcomeRow::new(groups[g].0.clone(), groups[g].1.clone(), w)
            });
            let cell = cells.entry((g, wi, p, t.sex)).or_default();
            row.graduates += 1;
            cell.graduates += 1;
            if data.first_job(t.person, c.id).is_some() {
                row.placed += 1;
            }
            let Some(a) = data.answer(t.person, c.id, w) else {
                continue;
            };
            row.answered += 1;
            match a.respondent {
                domain::records::Respondent::Graduate => row.confirmed += 1,
                domain::records::Respondent::Proxy => row.proxy += 1,
                domain::records::Respondent::Unconfirmed => row.unconfirmed += 1,
            }
            if !settings.counts(a.respondent) {
                continue;
            }
            row.traced += 1;
            cell.traced += 1;
            if a.status.is_employed() {
                row.employed += 1;
                cell.employed += 1;
            }
            match a.status {
                TracerStatus::WageEmployed => row.wage += 1,
                TracerStatus::SelfEmployed => row.self_employed += 1,
                TracerStatus::Overseas => row.overseas += 1,
                _ => {}
            }
        }
    }
    // Weighted estimates: each row sums its programme × sex cells.
    let mut weighted: HashMap<usize, (f64, u64, u64)> = HashMap::new();
    for (&(g, wi, _, _), cell) in &cells {
        let e = weighted.entry(g * n_waves + wi).or_default();
        if cell.traced > 0 {
            e.0 += cell.graduates as f64 * cell.employed as f64 / cell.traced as f64;
            e.1 += cell.graduates;
        } else {
            e.2 += cell.graduates;
        }
    }
    let mut out: Vec<OutcomeRow> = rows
        .into_iter()
        .enumerate()
        .filter_map(|(k, row)| {
            let mut row = row?;
            if row.traced > 0 {
                row.rate = Some(row.employed as f64 / row.traced as f64);
                row.interval = wilson(row.employed, row.traced, Z95);
            }
            if row.graduates > 0 {
                row.response_rate = Some(row.traced as f64 / row.graduates as f64);
            }
            if let Some(&(sum, represented, unrepresented)) = weighted.get(&k) {
                row.unrepresented = unrepresented;
                if represented > 0 {
                    row.weighted_rate = Some(sum / represented as f64);
                }
            }
            Some(row)
        })
        .collect();
    out.sort_by(|a, b| (&a.key, a.wave).cmp(&(&b.key, b.wave)));
    out
}

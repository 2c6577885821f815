//! The BLK training programme catalogue (written by the project; see `data/programmes.csv`).

use crate::money::Rupiah;
use crate::occupation::IscoCode;

/// A vocational field (kejuruan), e.g. Teknik Las or TIK.
#[derive(Debug, Clone)]
pub struct Kejuruan {
    pub code: String,
    pub name_id: String,
    pub name_en: String,
}

/// A catalogue programme: what a cohort is trained in.
#[derive(Debug, Clone)]
pub struct Programme {
    pub code: String,
    pub kejuruan_code: String,
    pub name_id: String,
    pub name_en: String,
    /// Length in JP (jam pelajaran, 45-minute lesson hours).
    pub jp_hours: u32,
    pub cost_per_trainee: Rupiah,
    /// ISCO-08 unit groups the programme prepares for.
    pub isco_units: Vec<IscoCode>,
}

pub(crate) fn load_catalogue(
    rows: impl Iterator<Item = csv::StringRecord>,
) -> (Vec<Kejuruan>, Vec<Programme>) {
    let mut kejuruan: Vec<Kejuruan> = Vec::new();
    let mut programmes = Vec::new();
    for r in rows {
        if !kejuruan.iter().any(|k| k.code == r[1]) {
            kejuruan.push(Kejuruan {
                code: r[1].to_string(),
                name_id: r[2].to_string(),
                name_en: r[3].to_string(),
            });
        }
        programmes.push(Programme {
            code: r[0].to_string(),
            kejuruan_code: r[1].to_string(),
            name_id: r[4].to_string(),
            name_en: r[5].to_string(),
            jp_hours: r[6].parse().expect("embedded programme JP hours"),
            cost_per_trainee: Rupiah(r[7].parse().expect("embedded programme cost")),
            isco_units: r[8]
                .split(';')
                .map(|c| IscoCode::parse_form(c).expect("embedded programme ISCO unit"))
                .collect(),
        });
    }
    (kejuruan, programmes)
}

#[cfg(test)]
mod tests {
    use crate::reference::reference;

    #[test]
    fn catalogue_has_at_least_60_programmes_in_15_kejuruan() {
        let r = reference();
        assert!(r.programmes.len() >= 60, "{}", r.programmes.len());
        assert!(r.kejuruan.len() >= 15, "{}", r.kejuruan.len());
        for p in &r.programmes {
            assert!(p.jp_hours >= 40 && p.jp_hours <= 1000, "{}", p.code);
            assert!(p.cost_per_trainee.0 > 500_000, "{}", p.code);
            assert!(
                !p.isco_units.is_empty() && p.isco_units.iter().all(|c| c.is_unit()),
                "{}",
                p.code
            );
            for c in &p.isco_units {
                assert!(r.isco(&c.to_string()).is_some(), "{}: {c}", p.code);
            }
            assert!(r.kejuruan(&p.kejuruan_code).is_some());
            assert!(r.programme(&p.code).is_some());
        }
    }
}

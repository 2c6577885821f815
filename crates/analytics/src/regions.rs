//! The dense regency index: regencies/cities numbered 0..514 in the order of
//! `domain::reference().regencies`, which is Kemendagri code order.
//!
//! Owns the mapping between `RegionCode` and the `u16` the snapshot stores, and the contiguous
//! index range of each province (code order puts a province's regencies next to each other, so a
//! province roll-up is a range filter, not a lookup table). It knows nothing about vacancies.

use std::ops::Range;
use std::sync::OnceLock;

use domain::{RegionCode, reference};

/// `RegionCode::as_u16` is at most 99 × 100 + 99, so a flat table covers every code.
const CODE_SPACE: usize = 10_000;
const NONE: u16 = u16::MAX;

fn table() -> &'static [u16] {
    static TABLE: OnceLock<Vec<u16>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = vec![NONE; CODE_SPACE];
        for (idx, r) in reference().regencies.iter().enumerate() {
            // 514 regencies fit easily in a u16; the reference table is compiled in.
            t[usize::from(r.code.as_u16())] = idx as u16;
        }
        t
    })
}

/// Number of regencies/cities in the reference table (514), i.e. the size of the dense index.
pub fn n_regencies() -> u16 {
    reference().regencies.len() as u16
}

/// The dense index of a regency/city; `None` for a province-level code.
pub fn regency_index(code: RegionCode) -> Option<u16> {
    let idx = *table().get(usize::from(code.as_u16()))?;
    (idx != NONE).then_some(idx)
}

/// The regency/city at a dense index.
pub fn regency_code(idx: u16) -> Option<RegionCode> {
    reference().regencies.get(usize::from(idx)).map(|r| r.code)
}

/// The dense indices of the regencies/cities of `region`'s province (all of them for a
/// province code, just the one for a regency code, as `RegionCode::contains` says).
pub fn index_range(region: RegionCode) -> Range<u16> {
    if let Some(idx) = regency_index(region) {
        return idx..idx + 1;
    }
    let regs = &reference().regencies;
    let p = region.province();
    let start = regs.partition_point(|r| r.code.province() < p);
    let end = regs.partition_point(|r| r.code.province() <= p);
    start as u16..end as u16
}

/// The whole country.
pub fn all() -> Range<u16> {
    0..n_regencies()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regencies_are_in_code_order_so_provinces_are_contiguous() {
        let regs = &reference().regencies;
        assert!(regs.windows(2).all(|w| w[0].code < w[1].code));
    }

    #[test]
    fn maps_codes_to_indices_and_back() {
        assert_eq!(n_regencies(), 514);
        for idx in all() {
            let code = regency_code(idx).expect("index inside the table");
            assert_eq!(regency_index(code), Some(idx));
        }
        assert_eq!(regency_code(514), None);
        let jabar: RegionCode = "32".parse().expect("Jawa Barat exists");
        assert_eq!(regency_index(jabar), None);
    }

    #[test]
    fn a_province_range_holds_exactly_its_regencies() {
        for p in &reference().provinces {
            let range = index_range(p.code);
            assert!(!range.is_empty(), "{}", p.code);
            let inside: Vec<_> = range.clone().filter_map(regency_code).collect();
            let expected: Vec<_> = reference().regencies_of(p.code).map(|r| r.code).collect();
            assert_eq!(inside, expected, "{}", p.code);
        }
        let bandung: RegionCode = "32.73".parse().expect("Kota Bandung exists");
        let idx = regency_index(bandung).expect("a regency");
        assert_eq!(index_range(bandung), idx..idx + 1);
    }
}

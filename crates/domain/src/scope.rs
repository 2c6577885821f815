//! Who is asking, in terms of the regions and BLKs they may see and change.

use std::fmt;

use crate::region::RegionCode;

/// The reach of a caller. Every store function takes one, so region rules live in one place.
/// The command-line tool acts as `Central`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Scope {
    /// The Ministry: everything.
    Central,
    /// A provincial office: its province and every regency in it.
    Province(RegionCode),
    /// A regency/city office: its regency.
    Regency(RegionCode),
    /// One BLK: its own records, located in its regency.
    Blk { code: String, region: RegionCode },
}

impl Scope {
    /// Whether a record located in `region` is inside this scope. A record with no region
    /// (an ad with an unresolved location) is visible only to the centre.
    pub fn allows_region(&self, region: Option<RegionCode>) -> bool {
        match (self, region) {
            (Scope::Central, _) => true,
            (_, None) => false,
            (Scope::Province(p), Some(r)) => p.contains(r),
            (Scope::Regency(g), Some(r)) => *g == r,
            (Scope::Blk { region: g, .. }, Some(r)) => *g == r,
        }
    }

    /// Whether the caller may act on this BLK.
    pub fn allows_blk(&self, blk_code: &str, blk_region: RegionCode) -> bool {
        match self {
            Scope::Blk { code, .. } => code == blk_code,
            _ => self.allows_region(Some(blk_region)),
        }
    }

    /// The region prefix this scope is limited to, if any.
    pub fn region(&self) -> Option<RegionCode> {
        match self {
            Scope::Central => None,
            Scope::Province(r) | Scope::Regency(r) | Scope::Blk { region: r, .. } => Some(*r),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Central => f.write_str("central"),
            Scope::Province(r) => write!(f, "province:{r}"),
            Scope::Regency(r) => write!(f, "regency:{r}"),
            Scope::Blk { code, .. } => write!(f, "blk:{code}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_contain_what_they_should() {
        let jabar = RegionCode::parse("32").unwrap();
        let bandung = RegionCode::parse("32.73").unwrap();
        let jaksel = RegionCode::parse("31.74").unwrap();
        assert!(Scope::Central.allows_region(None));
        assert!(Scope::Province(jabar).allows_region(Some(bandung)));
        assert!(!Scope::Province(jabar).allows_region(Some(jaksel)));
        assert!(!Scope::Province(jabar).allows_region(None));
        assert!(Scope::Regency(bandung).allows_region(Some(bandung)));
        assert!(!Scope::Regency(bandung).allows_region(Some(jabar)));
        let blk = Scope::Blk {
            code: "BLK-1".into(),
            region: bandung,
        };
        assert!(blk.allows_blk("BLK-1", bandung));
        assert!(!blk.allows_blk("BLK-2", bandung));
    }
}

//! Catchments: the regencies a BLK recruits from and places into, by centroid distance.
//!
//! Owns the distance (haversine on the regency centroids of `domain::reference()`) and the
//! linear decay weight `1 − d / radius`; what is summed over a catchment is `evidence`'s job.

use domain::{RegionCode, reference};
use serde::{Deserialize, Serialize};

/// Mean Earth radius (IUGG), km.
const EARTH_KM: f64 = 6371.0088;

/// One regency of a catchment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CatchmentMember {
    pub region: RegionCode,
    pub distance_km: f64,
    /// 1 at the centre, falling linearly to 0 at the radius.
    pub weight: f64,
}

/// A BLK's regency and its neighbours within the radius, nearest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catchment {
    pub centre: RegionCode,
    pub radius_km: f64,
    pub members: Vec<CatchmentMember>,
}

/// Great-circle distance between two points given in degrees.
pub fn haversine_km(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lng2 - lng1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_KM * a.sqrt().min(1.0).asin()
}

/// The catchment of a BLK located in `centre`. A province-level location (a BLK whose regency
/// is unknown) is measured from the province's centroid and has no member of its own.
pub fn catchment(centre: RegionCode, radius_km: f64) -> Catchment {
    let r = reference();
    let radius = radius_km.max(0.0);
    let (lat, lng) = r.region(centre).map_or((0.0, 0.0), |c| (c.lat, c.lng));
    let mut members: Vec<CatchmentMember> = r
        .regencies
        .iter()
        .filter_map(|g| {
            let own = g.code == centre;
            let d = if own {
                0.0
            } else {
                haversine_km(lat, lng, g.lat, g.lng)
            };
            if !own && d >= radius {
                return None;
            }
            let weight = if own { 1.0 } else { 1.0 - d / radius };
            Some(CatchmentMember {
                region: g.code,
                distance_km: d,
                weight,
            })
        })
        .collect();
    members.sort_by(|a, b| {
        a.distance_km
            .total_cmp(&b.distance_km)
            .then(a.region.cmp(&b.region))
    });
    Catchment {
        centre,
        radius_km: radius,
        members,
    }
}

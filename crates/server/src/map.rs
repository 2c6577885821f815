//! The choropleths: the national map of 38 province outlines and, for each province, a map of
//! its regencies and cities. Both are simplified once from the id-boundaries GeoJSON (MIT,
//! Cahya DSN) by `data/build_map.py` and `data/build_regency_map.py`, embedded here, and
//! coloured in five classes.
//!
//! Classes are quintiles of the values shown, so each map always uses its whole palette; the
//! legend states each class's range. Areas without a value are grey.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::ctx::fmt_dec1;
use crate::i18n::Lang;

const PATHS: &str = include_str!("../data/provinces.svgpaths");
const REGENCY_PATHS: &str = include_str!("../data/regencies.svgpaths");

/// Sequential palette (ColorBrewer YlGnBu, 5 classes), light to dark.
const PALETTE: [&str; 5] = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"];
const NO_DATA: &str = "#d9d9d9";

struct Shape {
    code: String,
    d: &'static str,
}

struct Shapes {
    view_box: &'static str,
    shapes: Vec<Shape>,
}

fn shapes() -> &'static Shapes {
    static SHAPES: OnceLock<Shapes> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut view_box = "0 0 1000 372";
        let mut shapes = Vec::new();
        for line in PATHS.lines() {
            let mut parts = line.splitn(3, '\t');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("viewBox"), Some(v), None) => view_box = v,
                (Some(code), Some(_name), Some(d)) => shapes.push(Shape {
                    code: code.to_string(),
                    d,
                }),
                _ => {}
            }
        }
        Shapes { view_box, shapes }
    })
}

/// The regency maps, keyed by province code; each province has its own box.
fn regency_shapes() -> &'static HashMap<&'static str, Shapes> {
    static SHAPES: OnceLock<HashMap<&'static str, Shapes>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut provinces = HashMap::new();
        let mut current: Option<(&'static str, Shapes)> = None;
        for line in REGENCY_PATHS.lines() {
            let mut parts = line.splitn(3, '\t');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("P"), Some(province), Some(view_box)) => {
                    let next = Shapes {
                        view_box,
                        shapes: Vec::new(),
                    };
                    if let Some((code, done)) = current.replace((province, next)) {
                        provinces.insert(code, done);
                    }
                }
                (Some(code), Some(_name), Some(d)) => {
                    if let Some((_, shapes)) = current.as_mut() {
                        shapes.shapes.push(Shape {
                            code: code.to_string(),
                            d,
                        });
                    }
                }
                _ => {}
            }
        }
        if let Some((code, done)) = current {
            provinces.insert(code, done);
        }
        provinces
    })
}

pub struct Area {
    pub code: String,
    pub name: String,
    pub d: &'static str,
    pub fill: &'static str,
    /// Tooltip: name and value.
    pub label: String,
}

pub struct LegendItem {
    pub fill: &'static str,
    pub label: String,
}

pub struct Choropleth {
    pub view_box: &'static str,
    pub areas: Vec<Area>,
    pub legend: Vec<LegendItem>,
}

/// Colours each province by its value; `name_of` gives the tooltip name of a province code.
pub fn choropleth(
    values: &HashMap<String, f64>,
    name_of: impl Fn(&str) -> String,
    lang: Lang,
    no_data: &str,
) -> Choropleth {
    colour(shapes(), values, name_of, lang, no_data)
}

/// Colours the regencies and cities of one province by their value (keyed by dotted regency
/// code), with classes drawn from this province's values alone; `None` for a code that is not
/// a province on the map.
pub fn regency_choropleth(
    province: &str,
    values: &HashMap<String, f64>,
    name_of: impl Fn(&str) -> String,
    lang: Lang,
    no_data: &str,
) -> Option<Choropleth> {
    let s = regency_shapes().get(province)?;
    Some(colour(s, values, name_of, lang, no_data))
}

fn colour(
    s: &'static Shapes,
    values: &HashMap<String, f64>,
    name_of: impl Fn(&str) -> String,
    lang: Lang,
    no_data: &str,
) -> Choropleth {
    // Only the areas drawn set the classes, so a stray value cannot stretch the legend.
    let mut sorted: Vec<f64> = s
        .shapes
        .iter()
        .filter_map(|shape| values.get(&shape.code).copied())
        .filter(|v| v.is_finite())
        .collect();
    sorted.sort_by(f64::total_cmp);
    // Upper bounds of classes 0..4 (the last is the maximum).
    let breaks: Vec<f64> = (1..=PALETTE.len())
        .map(|k| {
            if sorted.is_empty() {
                0.0
            } else {
                let i = (k * sorted.len()).div_ceil(PALETTE.len()).saturating_sub(1);
                sorted[i.min(sorted.len() - 1)]
            }
        })
        .collect();
    let class_of = |v: f64| {
        breaks
            .iter()
            .position(|&b| v <= b)
            .unwrap_or(PALETTE.len() - 1)
    };
    let areas = s
        .shapes
        .iter()
        .map(|shape| {
            let name = name_of(&shape.code);
            match values.get(&shape.code) {
                Some(&v) if v.is_finite() => Area {
                    label: format!("{name}: {}", fmt_dec1(v, lang)),
                    fill: PALETTE[class_of(v)],
                    code: shape.code.clone(),
                    name,
                    d: shape.d,
                },
                _ => Area {
                    label: format!("{name}: {no_data}"),
                    fill: NO_DATA,
                    code: shape.code.clone(),
                    name,
                    d: shape.d,
                },
            }
        })
        .collect();
    let mut legend = Vec::new();
    if !sorted.is_empty() {
        let mut lower = sorted[0];
        for (k, &upper) in breaks.iter().enumerate() {
            if k > 0 && upper <= breaks[k - 1] {
                continue;
            }
            legend.push(LegendItem {
                fill: PALETTE[k],
                label: format!("{} – {}", fmt_dec1(lower, lang), fmt_dec1(upper, lang)),
            });
            lower = upper;
        }
    }
    legend.push(LegendItem {
        fill: NO_DATA,
        label: no_data.to_string(),
    });
    Choropleth {
        view_box: s.view_box,
        areas,
        legend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_map_has_all_38_provinces_and_stays_small() {
        let s = shapes();
        assert_eq!(s.shapes.len(), 38);
        assert!(PATHS.len() < 150_000, "{} bytes", PATHS.len());
        for shape in &s.shapes {
            assert!(
                domain::RegionCode::parse(&shape.code)
                    .unwrap()
                    .is_province()
            );
            assert!(shape.d.starts_with('M'), "{}", shape.code);
        }
    }

    #[test]
    fn provinces_are_coloured_by_quintile_and_missing_ones_grey() {
        let values: HashMap<String, f64> = shapes()
            .shapes
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != 0)
            .map(|(i, s)| (s.code.clone(), i as f64))
            .collect();
        let m = choropleth(&values, |c| c.to_string(), Lang::Id, "tanpa data");
        assert_eq!(m.areas[0].fill, NO_DATA);
        assert_eq!(m.areas[1].fill, PALETTE[0]);
        assert_eq!(m.areas[37].fill, PALETTE[4]);
        assert_eq!(m.legend.len(), 6);
    }

    #[test]
    fn every_regency_has_a_path_in_its_province_map_and_the_maps_stay_small() {
        let maps = regency_shapes();
        assert_eq!(maps.len(), 38);
        assert!(
            REGENCY_PATHS.len() < 400_000,
            "{} bytes",
            REGENCY_PATHS.len()
        );
        let reference = domain::reference();
        assert_eq!(reference.regencies.len(), 514);
        for province in &reference.provinces {
            let code = province.code.to_string();
            let Some(map) = maps.get(code.as_str()) else {
                panic!("no map for province {code}");
            };
            let expected: Vec<String> = reference
                .regencies_of(province.code)
                .map(|r| r.code.to_string())
                .collect();
            let drawn: Vec<&str> = map.shapes.iter().map(|s| s.code.as_str()).collect();
            assert_eq!(drawn, expected, "province {code}");
            for shape in &map.shapes {
                assert!(shape.d.starts_with('M'), "{}", shape.code);
            }
            let bytes: usize = map.shapes.iter().map(|s| s.d.len()).sum();
            assert!(bytes < 60_000, "province {code}: {bytes} bytes");
        }
    }

    #[test]
    fn regencies_are_coloured_by_quintile_of_their_own_province() {
        let values: HashMap<String, f64> = regency_shapes()["32"]
            .shapes
            .iter()
            .enumerate()
            .map(|(i, s)| (s.code.clone(), i as f64))
            // A value from another province must not shift Jawa Barat's classes.
            .chain([("33.01".to_string(), 1e9)])
            .collect();
        let m = regency_choropleth("32", &values, |c| c.to_string(), Lang::En, "no data")
            .expect("Jawa Barat has a map");
        assert_eq!(m.areas.len(), 27);
        assert_eq!(m.areas[0].fill, PALETTE[0]);
        assert_eq!(m.areas[26].fill, PALETTE[4]);
        assert_eq!(m.legend.len(), 6);
        assert!(m.legend[4].label.ends_with("26.0"), "{}", m.legend[4].label);
        assert!(regency_choropleth("32.01", &values, |c| c.to_string(), Lang::En, "").is_none());
    }
}

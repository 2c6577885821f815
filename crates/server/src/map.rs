//! The national choropleth: 38 province outlines, simplified once by `data/build_map.py` from
//! the id-boundaries GeoJSON (MIT, Cahya DSN) and embedded here, coloured in five classes.
//!
//! Classes are quintiles of the values shown, so the map always uses its whole palette; the
//! legend states each class's range. Provinces without a value are grey.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::ctx::fmt_dec1;
use crate::i18n::Lang;

const PATHS: &str = include_str!("../data/provinces.svgpaths");

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

/// Colours each province by its value; `names` gives the tooltip name of a province code.
pub fn choropleth(
    values: &HashMap<String, f64>,
    name_of: impl Fn(&str) -> String,
    lang: Lang,
    no_data: &str,
) -> Choropleth {
    let s = shapes();
    let mut sorted: Vec<f64> = values.values().copied().filter(|v| v.is_finite()).collect();
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
}

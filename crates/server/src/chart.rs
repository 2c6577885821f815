//! Inline SVG charts: sparklines in table cells and the forecast fan chart. Plain SVG written
//! as text (no script, no external file), so a chart costs a few hundred bytes and works with
//! the page's strict content-security policy.

use std::fmt::Write;

use analytics::ForecastPoint;
use domain::YearMonth;

use crate::ctx::fmt_int;
use crate::i18n::Lang;

/// A 96 × 20 line of the values, scaled to their own maximum; the last point marked. Empty
/// input gives an empty string.
pub fn sparkline(values: &[f64], label: &str) -> String {
    if values.is_empty() {
        return String::new();
    }
    let (w, h) = (96.0, 20.0);
    let max = values.iter().copied().fold(0.0_f64, f64::max).max(1e-9);
    let step = if values.len() > 1 {
        w / (values.len() - 1) as f64
    } else {
        0.0
    };
    let pts: Vec<(f64, f64)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (i as f64 * step, h - 1.0 - (v / max) * (h - 2.0)))
        .collect();
    let mut s = format!(
        r#"<svg class="spark" width="96" height="20" viewBox="0 0 96 20" role="img" aria-label="{}"><polyline fill="none" stroke="currentColor" stroke-width="1.2" points=""#,
        escape(label)
    );
    for (x, y) in &pts {
        let _ = write!(s, "{x:.1},{y:.1} ");
    }
    s.push_str(r#""/>"#);
    if let Some((x, y)) = pts.last() {
        let _ = write!(s, r#"<circle cx="{x:.1}" cy="{y:.1}" r="1.8"/>"#);
    }
    s.push_str("</svg>");
    s
}

/// History as a line, then the forecast mean dashed inside its 80 % and 95 % prediction bands.
/// Never draws a forecast without its bands.
pub fn fan_chart(
    start: YearMonth,
    history: &[f64],
    forecast: &[ForecastPoint],
    label: &str,
    lang: Lang,
) -> String {
    let n = history.len() + forecast.len();
    if n < 2 {
        return String::new();
    }
    let (w, h, left, bottom, top) = (640.0, 220.0, 56.0, 22.0, 8.0);
    let plot_w = w - left - 8.0;
    let plot_h = h - bottom - top;
    let max = history
        .iter()
        .copied()
        .chain(forecast.iter().map(|p| p.pi95().hi()))
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let x = |i: usize| left + plot_w * i as f64 / (n - 1) as f64;
    let y = |v: f64| top + plot_h - plot_h * (v.max(0.0) / max);
    let mut s = format!(
        r#"<svg class="fan" viewBox="0 0 {w} {h}" role="img" aria-label="{}" preserveAspectRatio="xMidYMid meet">"#,
        escape(label)
    );
    // Axes: zero line, the maximum, and a tick at every January.
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{y0:.1}" x2="{x1:.1}" y2="{y0:.1}" stroke="#999"/><text x="{tx}" y="{ty:.1}" font-size="11" text-anchor="end">{maxl}</text><text x="{tx}" y="{y0:.1}" font-size="11" text-anchor="end">0</text>"##,
        y0 = y(0.0),
        x1 = w - 8.0,
        tx = left - 4.0,
        ty = top + 10.0,
        maxl = fmt_int(max.round() as i64, lang)
    );
    for i in 0..n {
        let m = YearMonth::from_index(start.index() + i as i32);
        if m.month() == 1 {
            let _ = write!(
                s,
                r##"<line x1="{xi:.1}" y1="{top}" x2="{xi:.1}" y2="{y0:.1}" stroke="#ddd"/><text x="{xi:.1}" y="{ty:.1}" font-size="11" text-anchor="middle">{yr}</text>"##,
                xi = x(i),
                y0 = y(0.0),
                ty = h - 6.0,
                yr = m.year()
            );
        }
    }
    if !forecast.is_empty() {
        let base = history.len();
        for (band, fill) in [(95, "#c6dbef"), (80, "#6baed6")] {
            let mut poly = String::new();
            // The band starts at the last observed point so it joins the history line.
            if let Some(last) = history.last() {
                let _ = write!(poly, "{:.1},{:.1} ", x(base - 1), y(*last));
            }
            for (k, p) in forecast.iter().enumerate() {
                let iv = if band == 95 { p.pi95() } else { p.pi80() };
                let _ = write!(poly, "{:.1},{:.1} ", x(base + k), y(iv.hi()));
            }
            for (k, p) in forecast.iter().enumerate().rev() {
                let iv = if band == 95 { p.pi95() } else { p.pi80() };
                let _ = write!(poly, "{:.1},{:.1} ", x(base + k), y(iv.lo()));
            }
            let _ = write!(
                s,
                r#"<polygon class="pi{band}" fill="{fill}" fill-opacity="0.7" points="{poly}"/>"#
            );
        }
        let mut mean = String::new();
        if let Some(last) = history.last() {
            let _ = write!(mean, "{:.1},{:.1} ", x(base - 1), y(*last));
        }
        for (k, p) in forecast.iter().enumerate() {
            let _ = write!(mean, "{:.1},{:.1} ", x(base + k), y(p.mean()));
        }
        let _ = write!(
            s,
            r##"<polyline class="mean" fill="none" stroke="#08519c" stroke-width="2" stroke-dasharray="5 3" points="{mean}"/>"##
        );
    }
    let mut line = String::new();
    for (i, v) in history.iter().enumerate() {
        let _ = write!(line, "{:.1},{:.1} ", x(i), y(*v));
    }
    let _ = write!(
        s,
        r##"<polyline class="history" fill="none" stroke="#222" stroke-width="1.6" points="{line}"/></svg>"##
    );
    s
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sparkline_has_one_point_per_value_and_escapes_its_label() {
        let s = sparkline(&[0.0, 2.0, 4.0], "a<b");
        assert!(s.contains("a&lt;b"));
        let points = s
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(points.split_whitespace().count(), 3);
        assert!(
            points.starts_with("0.0,19.0"),
            "zero at the bottom: {points}"
        );
        assert!(
            points.trim_end().ends_with("96.0,1.0"),
            "max at the top: {points}"
        );
        assert_eq!(sparkline(&[], "x"), "");
    }
}

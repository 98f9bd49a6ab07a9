//! Charts drawn as SVG on the server: they work without JavaScript, print, and need no
//! font or drawing library. Every label is escaped; the markup is then safe to embed.

use std::fmt::Write;

/// Colours for the series (bedroom sizes), distinguishable in greyscale too.
const PALETTE: [&str; 5] = ["#1b4f72", "#2e86c1", "#85c1e9", "#f5b041", "#a04000"];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A stacked bar per month (`(label, values per series, is_forecast)`); forecast months
/// are drawn lighter.
pub fn stacked_months(
    months: &[(String, Vec<u32>, bool)],
    series: &[String],
    title: &str,
) -> String {
    let (width, height, left, bottom, top) = (760.0, 300.0, 40.0, 60.0, 30.0);
    let plot_h = height - bottom - top;
    let max = months
        .iter()
        .map(|(_, v, _)| v.iter().sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = (width - left - 10.0) / months.len().max(1) as f64;
    let bar = slot * 0.7;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title" class="chart"><title id="chart-title">{}</title>"#,
        escape(title)
    );
    // Axis with three gridlines.
    for step in 0..=3 {
        let value = (max * step as f64 / 3.0).round();
        let y = top + plot_h - plot_h * value / max;
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{}" y="{:.1}" font-size="10" text-anchor="end">{value}</text>"##,
            width - 10.0,
            left - 4.0,
            y + 3.0
        );
    }
    for (i, (label, values, forecast)) in months.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar) / 2.0;
        let mut y = top + plot_h;
        let total: u32 = values.iter().sum();
        let _ = write!(svg, r#"<g><title>{}: {total}</title>"#, escape(label));
        for (s, v) in values.iter().enumerate() {
            if *v == 0 {
                continue;
            }
            let h = plot_h * *v as f64 / max;
            y -= h;
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{h:.1}" fill="{}"{}/>"#,
                PALETTE[s % PALETTE.len()],
                if *forecast {
                    r#" fill-opacity="0.45""#
                } else {
                    ""
                }
            );
        }
        svg.push_str("</g>");
        if i % 3 == 0 || i + 1 == months.len() {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle">{}</text>"#,
                x + bar / 2.0,
                top + plot_h + 14.0,
                escape(label)
            );
        }
    }
    // Legend.
    for (s, name) in series.iter().enumerate() {
        let x = left + 120.0 * s as f64;
        let y = height - 18.0;
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{y}" font-size="11">{}</text>"#,
            y - 9.0,
            PALETTE[s % PALETTE.len()],
            x + 14.0,
            escape(name)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Neighbourhoods at their coordinates (`(name, latitude, longitude, units)`), each a
/// circle whose area grows with its count. No map tiles: positions only.
pub fn area_map(points: &[(String, f64, f64, u32)], title: &str) -> String {
    let (width, height, pad) = (520.0, 360.0, 40.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="map-title" class="chart"><title id="map-title">{}</title>"#,
        escape(title)
    );
    if points.is_empty() {
        svg.push_str("</svg>");
        return svg;
    }
    let (min_lat, max_lat) = points
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let (min_lon, max_lon) = points
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.2), b.max(p.2)));
    let span_lat = (max_lat - min_lat).max(1e-6);
    let span_lon = (max_lon - min_lon).max(1e-6);
    let max_units = points.iter().map(|p| p.3).max().unwrap_or(0).max(1) as f64;
    for (name, lat, lon, units) in points {
        let x = pad + (lon - min_lon) / span_lon * (width - 2.0 * pad);
        let y = pad + (max_lat - lat) / span_lat * (height - 2.0 * pad);
        let r = 3.0 + 22.0 * (*units as f64 / max_units).sqrt();
        let _ = write!(
            svg,
            r##"<g><title>{}: {units}</title><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="#2e86c1" fill-opacity="{}" stroke="#1b4f72"/><text x="{x:.1}" y="{:.1}" font-size="9" text-anchor="middle">{} ({units})</text></g>"##,
            escape(name),
            if *units == 0 { "0.1" } else { "0.6" },
            y + r + 10.0,
            escape(name)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_escape_labels_and_draw_one_bar_segment_per_value() {
        let svg = stacked_months(
            &[
                ("2026-11".into(), vec![2, 0, 3, 0, 1], false),
                ("2026-12".into(), vec![1, 1, 0, 0, 0], true),
            ],
            &[
                "Bachelor".into(),
                "<1>".into(),
                "2".into(),
                "3".into(),
                "4+".into(),
            ],
            "Units & places",
        );
        assert_eq!(
            svg.matches("<rect").count(),
            5 + 5,
            "5 segments and 5 legend keys"
        );
        assert!(svg.contains("Units &amp; places") && svg.contains("&lt;1&gt;"));
        assert!(
            svg.contains(r#"fill-opacity="0.45""#),
            "forecast months are lighter"
        );
        let map = area_map(
            &[
                ("Vanier".into(), 45.44, -75.66, 4),
                ("Kanata".into(), 45.30, -75.91, 0),
            ],
            "Map",
        );
        assert_eq!(map.matches("<circle").count(), 2);
        assert!(map.contains("Vanier (4)"));
    }
}

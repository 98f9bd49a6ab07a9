//! Charts drawn as SVG on the server: they work without JavaScript, print, and need no
//! font or drawing library. Every label is escaped; the markup is then safe to embed.

use crate::i18n::Tr;
use std::fmt::Write;

/// Colours for the series (bedroom sizes), distinguishable in greyscale too.
const PALETTE: [&str; 5] = ["#1b4f72", "#2e86c1", "#85c1e9", "#f5b041", "#a04000"];

/// An id for a chart's title, from the title itself: several charts on one page each
/// name their own.
fn title_id(title: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("chart-{}", slug.trim_matches('-'))
}

/// Bars side by side for each item (`(label, one value per series)`), on one scale; a
/// value withheld (`None`) is drawn as no bar and labelled `withheld`.
pub fn grouped_bars(
    tr: Tr,
    items: &[(String, Vec<Option<f64>>)],
    series: &[String],
    withheld: &str,
    title: &str,
) -> String {
    let (width, left, top, row, bar) = (760.0, 180.0, 30.0, 22.0, 16.0);
    let per_item = row * series.len().max(1) as f64 + 10.0;
    let height = top + per_item * items.len() as f64 + 40.0;
    let max = items
        .iter()
        .flat_map(|(_, v)| v.iter().flatten())
        .fold(0.0f64, |m, v| m.max(*v))
        .max(1.0);
    let scale = (width - left - 60.0) / max;
    let mut svg = svg_open(width, height, title);
    for (i, (label, values)) in items.iter().enumerate() {
        let y0 = top + per_item * i as f64;
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"#,
            left - 6.0,
            y0 + bar * 0.8,
            escape(label)
        );
        for (s, value) in values.iter().enumerate() {
            let y = y0 + row * s as f64;
            match value {
                Some(v) => {
                    let w = (v * scale).max(1.0);
                    let _ = write!(
                        svg,
                        r#"<rect x="{left}" y="{y:.1}" width="{w:.1}" height="{bar}" fill="{}"><title>{}</title></rect><text x="{:.1}" y="{:.1}" font-size="10">{}</text>"#,
                        PALETTE[s % PALETTE.len()],
                        escape(&tr.pair(&series[s % series.len().max(1)], format_value(tr, *v))),
                        left + w + 4.0,
                        y + bar * 0.75,
                        format_value(tr, *v)
                    );
                }
                None => {
                    let _ = write!(
                        svg,
                        r##"<text x="{left}" y="{:.1}" font-size="10" fill="#555">{}</text>"##,
                        y + bar * 0.75,
                        escape(withheld)
                    );
                }
            }
        }
    }
    legend(&mut svg, series, left, 160.0, height - 14.0);
    svg.push_str("</svg>");
    svg
}

/// The series' colours and names in a row from `x`, `step` apart, on the baseline `y`.
fn legend(svg: &mut String, series: &[String], x: f64, step: f64, y: f64) {
    for (s, name) in series.iter().enumerate() {
        let x = x + step * s as f64;
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{y}" font-size="11">{}</text>"#,
            y - 9.0,
            PALETTE[s % PALETTE.len()],
            x + 14.0,
            escape(name)
        );
    }
}

/// A projection over months: the median as a line within the band from the low to the high
/// value (`(label, low, median, high)`), and a dashed line at `threshold`.
pub fn fan(
    points: &[(String, usize, usize, usize)],
    threshold: usize,
    threshold_label: &str,
    title: &str,
) -> String {
    let (width, height, left, bottom, top) = (760.0, 300.0, 50.0, 40.0, 30.0);
    let plot_h = height - bottom - top;
    let max = points
        .iter()
        .map(|p| p.3)
        .max()
        .unwrap_or(0)
        .max(threshold)
        .max(1) as f64;
    let step = (width - left - 20.0) / points.len().saturating_sub(1).max(1) as f64;
    let x = |i: usize| left + step * i as f64;
    let y = |v: usize| top + plot_h - plot_h * v as f64 / max;
    let mut svg = svg_open(width, height, title);
    gridlines(&mut svg, left, width - 20.0, max, |v| y(v as usize));
    if !points.is_empty() {
        let upper: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.3)))
            .collect();
        let lower: Vec<String> = points
            .iter()
            .enumerate()
            .rev()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.1)))
            .collect();
        let _ = write!(
            svg,
            r#"<polygon points="{} {}" fill="{}" fill-opacity="0.25"/>"#,
            upper.join(" "),
            lower.join(" "),
            PALETTE[1]
        );
        let median: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.2)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>"#,
            median.join(" "),
            PALETTE[0]
        );
    }
    let _ = write!(
        svg,
        r##"<line x1="{left}" x2="{}" y1="{:.1}" y2="{:.1}" stroke="#a04000" stroke-dasharray="6 4"/><text x="{}" y="{:.1}" font-size="10" text-anchor="end" fill="#a04000">{}</text>"##,
        width - 20.0,
        y(threshold),
        y(threshold),
        width - 20.0,
        y(threshold) - 4.0,
        escape(threshold_label)
    );
    for (i, p) in points.iter().enumerate() {
        if i % 12 == 0 || i + 1 == points.len() {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle">{}</text>"#,
                x(i),
                top + plot_h + 14.0,
                escape(&p.0)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A value on a bar: whole numbers as such, others with one decimal.
/// A bar's value: whole, or with one decimal, in the reader's form.
fn format_value(tr: Tr, v: f64) -> String {
    tr.decimal(v, if v.fract() == 0.0 { 0 } else { 1 })
}

/// Four horizontal gridlines from 0 to `max` (rounded values), each labelled at the left,
/// from `left` to `right`; `y` places a value.
fn gridlines(svg: &mut String, left: f64, right: f64, max: f64, y: impl Fn(f64) -> f64) {
    for step in 0..=3 {
        let value = (max * step as f64 / 3.0).round();
        let at = y(value);
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{right}" y1="{at:.1}" y2="{at:.1}" stroke="#ddd"/><text x="{}" y="{:.1}" font-size="10" text-anchor="end">{value}</text>"##,
            left - 4.0,
            at + 3.0
        );
    }
}

/// A chart's opening: an image named by its title, for screen readers too.
fn svg_open(width: f64, height: f64, title: &str) -> String {
    let id = title_id(title);
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}" class="chart"><title id="{id}">{}</title>"#,
        escape(title)
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A stacked bar per month (`(label, values per series, is_forecast)`); forecast months
/// are drawn lighter.
pub fn stacked_months(
    tr: Tr,
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
    let mut svg = svg_open(width, height, title);
    // Axis with three gridlines.
    gridlines(&mut svg, left, width - 10.0, max, |v| {
        top + plot_h - plot_h * v / max
    });
    for (i, (label, values, forecast)) in months.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar) / 2.0;
        let mut y = top + plot_h;
        let total: u32 = values.iter().sum();
        let _ = write!(
            svg,
            r#"<g><title>{}</title>"#,
            escape(&tr.pair(label, total))
        );
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
    legend(&mut svg, series, left, 120.0, height - 18.0);
    svg.push_str("</svg>");
    svg
}

/// Neighbourhoods at their coordinates (`(name, latitude, longitude, units)`), each a
/// circle whose area grows with its count. No map tiles: positions only.
pub fn area_map(tr: Tr, points: &[(String, f64, f64, u32)], title: &str) -> String {
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
            r##"<g><title>{}</title><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="#2e86c1" fill-opacity="{}" stroke="#1b4f72"/><text x="{x:.1}" y="{:.1}" font-size="9" text-anchor="middle">{} ({units})</text></g>"##,
            escape(&tr.pair(name, units)),
            if *units == 0 { "0.1" } else { "0.6" },
            y + r + 10.0,
            escape(name)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// An agency on the network map.
pub struct MapNode {
    pub href: String,
    pub label: String,
    /// Shown on hover: name, type, area and the measure the size shows.
    pub tooltip: String,
    /// Index into the legend's groups (agency types): the colour.
    pub group: usize,
    /// Latitude and longitude of its area; agencies without one line up under the map.
    pub position: Option<(f64, f64)>,
    /// The chosen measure, 0–1: the circle's area.
    pub size: f64,
}

/// A relationship on the network map.
pub struct MapTie {
    pub from: usize,
    pub to: usize,
    /// Intensity 1–4: the line's width.
    pub level: u8,
    /// Index into the legend's styles (relationship kinds): the dash pattern.
    pub style: usize,
    /// An arrow at the target's end (not for co-attendance, which has no direction).
    pub directed: bool,
    pub tooltip: String,
}

/// The translated names the legend shows.
pub struct MapLegend {
    pub groups: Vec<String>,
    pub styles: Vec<String>,
    pub levels: Vec<String>,
}

/// Colours for agency types, told apart by hue and lightness.
const GROUP_COLOURS: [&str; 14] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#ad494a", "#637939", "#843c39",
];
/// Dash patterns for relationship kinds (the last for co-attendance); arrows show
/// direction.
const TIE_DASHES: [&str; 5] = ["", "6 3", "2 3", "8 3 2 3", "1 5"];
const TIE_WIDTHS: [f64; 4] = [0.6, 1.1, 1.8, 2.6];

fn dash_attribute(pattern: &str) -> String {
    if pattern.is_empty() {
        String::new()
    } else {
        format!(r#" stroke-dasharray="{pattern}""#)
    }
}

/// The network drawn where its agencies work: each area at its coordinates, its agencies
/// on a ring around it, ties as lines styled by kind and intensity, every agency a link.
/// The drawing is a group, not an image: an image's children are presentational, so its
/// links would be nested controls that assistive technology cannot reach.
/// The positions come from geography rather than a force layout, so the map is stable
/// from one date or filter to the next and reads like the city.
pub fn network_map(nodes: &[MapNode], ties: &[MapTie], legend: &MapLegend, title: &str) -> String {
    let (width, height, pad) = (900.0, 620.0, 60.0);
    // Legend rows of four: agency types, then kinds, then intensities.
    let rows = |n: usize| n.div_ceil(4);
    let kind_rows = rows(legend.styles.len().min(TIE_DASHES.len()));
    let legend_height = 16.0 * (rows(legend.groups.len()) + kind_rows + 1) as f64 + 20.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {}" role="group" aria-labelledby="network-map-title" class="chart network-map"><title id="network-map-title">{}</title><defs><marker id="arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="4" markerHeight="4" orient="auto-start-reverse"><path d="M0,0 L6,3 L0,6 z" fill="#555"/></marker></defs>"##,
        height + legend_height,
        escape(title)
    );
    // Agencies sharing an area share a ring around the area's place on the drawing.
    let mut rings: Vec<((i64, i64), Vec<usize>)> = Vec::new();
    let mut unplaced = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        match n.position {
            Some((lat, lon)) => {
                let key = ((lat * 1e5) as i64, (lon * 1e5) as i64);
                match rings.iter_mut().find(|r| r.0 == key) {
                    Some(r) => r.1.push(i),
                    None => rings.push((key, vec![i])),
                }
            }
            None => unplaced.push(i),
        }
    }
    // Downtown areas lie close together and would pile up: each axis blends the true
    // coordinate with the area's rank along it, which keeps the city's shape (west stays
    // west) while giving every ring room.
    let spread = |values: Vec<i64>| -> Vec<f64> {
        let (min, max) = values
            .iter()
            .fold((i64::MAX, i64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
        let span = (max - min).max(1) as f64;
        let mut sorted = values.clone();
        sorted.sort_unstable();
        sorted.dedup();
        let ranks = (sorted.len().max(2) - 1) as f64;
        values
            .iter()
            .map(|v| {
                let rank = sorted.binary_search(v).unwrap_or(0) as f64 / ranks;
                0.3 * ((v - min) as f64 / span) + 0.7 * rank
            })
            .collect()
    };
    let xs = spread(rings.iter().map(|r| r.0.1).collect());
    let ys = spread(rings.iter().map(|r| -r.0.0).collect());
    let mut xy = vec![(0.0, 0.0); nodes.len()];
    for (ring, (_, members)) in rings.iter().enumerate() {
        let cx = pad + xs[ring] * (width - 2.0 * pad);
        let cy = pad + ys[ring] * (height - 2.0 * pad - 30.0);
        let radius = if members.len() == 1 {
            0.0
        } else {
            14.0 + 8.0 * (members.len() as f64).sqrt()
        };
        for (k, &i) in members.iter().enumerate() {
            let angle = std::f64::consts::TAU * k as f64 / members.len() as f64;
            xy[i] = (cx + radius * angle.cos(), cy + radius * angle.sin());
        }
    }
    for (k, &i) in unplaced.iter().enumerate() {
        let step = (width - 2.0 * pad) / unplaced.len().max(1) as f64;
        xy[i] = (pad + step * (k as f64 + 0.5), height - 15.0);
    }
    let radius = |n: &MapNode| 3.5 + 11.0 * n.size.clamp(0.0, 1.0).sqrt();
    svg.push_str(r##"<g class="ties" stroke="#555" stroke-opacity="0.3" fill="none">"##);
    for t in ties {
        let ((x1, y1), (x2, y2)) = (xy[t.from], xy[t.to]);
        let length = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt().max(1e-6);
        // Stop at the target's edge so the arrow shows.
        let back = radius(&nodes[t.to]) + 1.0;
        let (x2, y2) = (
            x2 - (x2 - x1) / length * back,
            y2 - (y2 - y1) / length * back,
        );
        let level = t.level.clamp(1, 4) as usize - 1;
        let style = t.style.min(TIE_DASHES.len() - 1);
        let dash = dash_attribute(TIE_DASHES[style]);
        let _ = write!(
            svg,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke-width="{}"{dash}{} data-kind="{style}" data-level="{}"><title>{}</title></line>"#,
            TIE_WIDTHS[level],
            if t.directed {
                r#" marker-end="url(#arrow)""#
            } else {
                ""
            },
            level + 1,
            escape(&t.tooltip)
        );
    }
    svg.push_str("</g><g class=\"agencies\">");
    // The most central agencies are named on the map; every agency is named on hover.
    let mut by_size: Vec<usize> = (0..nodes.len()).collect();
    by_size.sort_by(|&a, &b| nodes[b].size.total_cmp(&nodes[a].size).then(a.cmp(&b)));
    let named: std::collections::HashSet<usize> = by_size.into_iter().take(8).collect();
    for (i, n) in nodes.iter().enumerate() {
        let (x, y) = xy[i];
        let r = radius(n);
        let _ = write!(
            svg,
            r##"<a href="{}"><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{}" stroke="#fff" stroke-width="1"><title>{}</title></circle>"##,
            escape(&n.href),
            GROUP_COLOURS[n.group % GROUP_COLOURS.len()],
            escape(&n.tooltip)
        );
        if named.contains(&i) {
            let _ = write!(
                svg,
                r##"<text x="{x:.1}" y="{:.1}" font-size="9" text-anchor="middle" stroke="#fff" stroke-width="3" paint-order="stroke">{}</text>"##,
                y - r - 3.0,
                escape(&n.label)
            );
        }
        svg.push_str("</a>");
    }
    svg.push_str("</g>");
    // Legend: colours, then dash patterns, then widths, each in a grid of columns.
    let column = (width - 2.0 * pad) / 4.0;
    let cell = |k: usize, first_row: f64| {
        (
            pad + column * (k % 4) as f64,
            first_row + 16.0 * (k / 4) as f64,
        )
    };
    for (g, name) in legend.groups.iter().enumerate() {
        let (x, y) = cell(g, height + 8.0);
        let _ = write!(
            svg,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="5" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="10">{}</text>"#,
            GROUP_COLOURS[g % GROUP_COLOURS.len()],
            x + 9.0,
            y + 3.5,
            escape(name)
        );
    }
    let below_groups = height + 8.0 + 16.0 * legend.groups.len().div_ceil(4) as f64 + 6.0;
    let kinds = legend.styles.iter().take(TIE_DASHES.len()).enumerate();
    let levels = legend.levels.iter().take(TIE_WIDTHS.len()).enumerate();
    for (k, name) in kinds {
        let (x, y) = cell(k, below_groups);
        let _ = write!(
            svg,
            r##"<line x1="{x:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#555" stroke-width="1.5"{}/><text x="{:.1}" y="{:.1}" font-size="10">{}</text>"##,
            x + 24.0,
            dash_attribute(TIE_DASHES[k]),
            x + 28.0,
            y + 3.5,
            escape(name)
        );
    }
    for (l, name) in levels {
        let (x, y) = cell(l, below_groups + 16.0 * kind_rows as f64);
        let _ = write!(
            svg,
            r##"<line x1="{x:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#555" stroke-width="{}"/><text x="{:.1}" y="{:.1}" font-size="10">{}</text>"##,
            x + 24.0,
            TIE_WIDTHS[l],
            x + 28.0,
            y + 3.5,
            escape(name)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use passerelle_domain::roles::Language;

    #[test]
    fn charts_escape_labels_and_draw_one_bar_segment_per_value() {
        let svg = stacked_months(
            Tr::new(Language::En),
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
            Tr::new(Language::En),
            &[
                ("Vanier".into(), 45.44, -75.66, 4),
                ("Kanata".into(), 45.30, -75.91, 0),
            ],
            "Map",
        );
        assert_eq!(map.matches("<circle").count(), 2);
        assert!(map.contains("Vanier (4)"));
    }

    #[test]
    fn the_network_map_links_every_agency_and_styles_every_tie() {
        let node = |label: &str, position, size| MapNode {
            href: format!("/network/agencies/{label}"),
            label: label.into(),
            tooltip: format!("{label} <drop-in>"),
            group: 1,
            position,
            size,
        };
        let nodes = [
            node("A", Some((45.44, -75.66)), 1.0),
            node("B", Some((45.44, -75.66)), 0.2),
            node("C", None, 0.0),
        ];
        let ties = [
            MapTie {
                from: 0,
                to: 1,
                level: 4,
                style: 2,
                tooltip: "A → B".into(),
                directed: false,
            },
            MapTie {
                from: 1,
                to: 2,
                level: 1,
                style: 0,
                tooltip: "B → C".into(),
                directed: true,
            },
        ];
        let legend = MapLegend {
            groups: vec!["Shelter".into(), "Drop-in".into()],
            styles: vec![
                "refers".into(),
                "receives".into(),
                "shares".into(),
                "co-delivers".into(),
            ],
            levels: vec!["1".into(), "2".into(), "3".into(), "4".into()],
        };
        let svg = network_map(&nodes, &ties, &legend, "Network & more");
        assert_eq!(svg.matches("<a href=\"/network/agencies/").count(), 3);
        assert!(svg.contains("&lt;drop-in&gt;") && svg.contains("Network &amp; more"));
        assert!(
            svg.contains(r#"stroke-width="2.6" stroke-dasharray="2 3" data-kind"#),
            "an undirected tie has no arrow"
        );
        assert!(
            svg.contains(r#"stroke-width="0.6" marker-end"#),
            "kind 0 is a solid line"
        );
        // A and B share an area: they sit on a ring, not on top of each other.
        let centres: Vec<&str> = svg
            .match_indices("<circle cx=")
            .map(|(i, _)| &svg[i..i + 40])
            .collect();
        assert_ne!(centres[0], centres[1]);
    }
}

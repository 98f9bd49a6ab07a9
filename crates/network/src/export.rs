//! The network for other tools: GraphML (yEd, Gephi, NetworkX, igraph), GEXF 1.3 (Gephi),
//! and CSV tables of nodes, ties and measures. Every attribute an agency or a tie has is
//! carried, and the measures when given.

use crate::{Graph, NetworkMetrics};
use passerelle_domain::text::csv_field;
use std::fmt::Write;

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The measures carried on each node: name, GraphML type, GEXF type.
const MEASURES: [(&str, &str, &str); 5] = [
    ("in_degree", "int", "integer"),
    ("out_degree", "int", "integer"),
    ("betweenness", "double", "double"),
    ("closeness", "double", "double"),
    ("eigenvector", "double", "double"),
];

fn measure_values(m: &crate::NodeMetrics) -> [String; 5] {
    [
        m.in_degree.to_string(),
        m.out_degree.to_string(),
        m.betweenness.to_string(),
        m.closeness.to_string(),
        m.eigenvector.to_string(),
    ]
}

/// Writes each measure of a node through `item(name, value)`.
fn write_measures(
    out: &mut String,
    m: Option<&crate::NodeMetrics>,
    item: impl Fn(&str, &str) -> String,
) {
    if let Some(m) = m {
        for ((name, _, _), value) in MEASURES.iter().zip(measure_values(m)) {
            out.push_str(&item(name, &value));
        }
    }
}

/// GraphML: a directed graph, node and edge attributes declared as keys.
pub fn graphml(graph: &Graph, metrics: Option<&NetworkMetrics>) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    let mut keys = vec![
        ("label", "node", "string"),
        ("agency_type", "node", "string"),
        ("area", "node", "string"),
        ("kind", "edge", "string"),
        ("intensity", "edge", "int"),
        ("since", "edge", "string"),
    ];
    if metrics.is_some() {
        keys.extend(
            MEASURES
                .iter()
                .map(|(name, kind, _)| (*name, "node", *kind)),
        );
    }
    for (name, domain, kind) in &keys {
        let _ = writeln!(
            out,
            "  <key id=\"{name}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
        );
    }
    out.push_str("  <graph id=\"network\" edgedefault=\"directed\">\n");
    for (i, n) in graph.nodes.iter().enumerate() {
        let _ = write!(
            out,
            "    <node id=\"{}\"><data key=\"label\">{}</data><data key=\"agency_type\">{}</data><data key=\"area\">{}</data>",
            xml(&n.id),
            xml(&n.label),
            xml(&n.agency_type),
            xml(&n.area)
        );
        write_measures(&mut out, metrics.map(|m| &m.per_node[i]), |name, value| {
            format!("<data key=\"{name}\">{value}</data>")
        });
        out.push_str("</node>\n");
    }
    for (i, t) in graph.ties.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\"><data key=\"kind\">{}</data><data key=\"intensity\">{}</data><data key=\"since\">{}</data></edge>",
            xml(&graph.nodes[t.from as usize].id),
            xml(&graph.nodes[t.to as usize].id),
            t.kind.code(),
            t.intensity as u8,
            day_text(t.since)
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// GEXF 1.3: a static directed graph with attributes; edge weight is the intensity.
pub fn gexf(graph: &Graph, metrics: Option<&NetworkMetrics>) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n\
         \x20 <meta><creator>Passerelle</creator><description>Partner network</description></meta>\n\
         \x20 <graph mode=\"static\" defaultedgetype=\"directed\">\n\
         \x20   <attributes class=\"node\">\n\
         \x20     <attribute id=\"agency_type\" title=\"agency_type\" type=\"string\"/>\n\
         \x20     <attribute id=\"area\" title=\"area\" type=\"string\"/>\n",
    );
    if metrics.is_some() {
        for (id, kind) in [
            ("in_degree", "integer"),
            ("out_degree", "integer"),
            ("betweenness", "double"),
            ("closeness", "double"),
            ("eigenvector", "double"),
        ] {
            let _ = writeln!(
                out,
                "      <attribute id=\"{id}\" title=\"{id}\" type=\"{kind}\"/>"
            );
        }
    }
    out.push_str(
        "    </attributes>\n    <attributes class=\"edge\">\n\
         \x20     <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n\
         \x20     <attribute id=\"since\" title=\"since\" type=\"string\"/>\n\
         \x20   </attributes>\n    <nodes>\n",
    );
    for (i, n) in graph.nodes.iter().enumerate() {
        let _ = write!(
            out,
            "      <node id=\"{}\" label=\"{}\"><attvalues><attvalue for=\"agency_type\" value=\"{}\"/><attvalue for=\"area\" value=\"{}\"/>",
            xml(&n.id),
            xml(&n.label),
            xml(&n.agency_type),
            xml(&n.area)
        );
        write_measures(&mut out, metrics.map(|m| &m.per_node[i]), |name, value| {
            format!("<attvalue for=\"{name}\" value=\"{value}\"/>")
        });
        out.push_str("</attvalues></node>\n");
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for (i, t) in graph.ties.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{}\"><attvalues><attvalue for=\"kind\" value=\"{}\"/><attvalue for=\"since\" value=\"{}\"/></attvalues></edge>",
            xml(&graph.nodes[t.from as usize].id),
            xml(&graph.nodes[t.to as usize].id),
            t.intensity as u8,
            t.kind.code(),
            day_text(t.since)
        );
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

/// `source,target,kind,intensity,since`.
pub fn ties_csv(graph: &Graph) -> String {
    let mut out = String::from("source,target,kind,intensity,since\n");
    for t in &graph.ties {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            csv_field(&graph.nodes[t.from as usize].id),
            csv_field(&graph.nodes[t.to as usize].id),
            t.kind.code(),
            t.intensity.code(),
            day_text(t.since)
        );
    }
    out
}

/// `id,label,agency_type,area,in_degree,out_degree,betweenness,closeness,eigenvector,broker`.
pub fn metrics_csv(graph: &Graph, metrics: &NetworkMetrics) -> String {
    let mut out = String::from(
        "id,label,agency_type,area,in_degree,out_degree,betweenness,closeness,eigenvector,broker\n",
    );
    for (i, n) in graph.nodes.iter().enumerate() {
        let m = &metrics.per_node[i];
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{:.6},{:.6},{:.6},{}",
            csv_field(&n.id),
            csv_field(&n.label),
            csv_field(&n.agency_type),
            csv_field(&n.area),
            m.in_degree,
            m.out_degree,
            m.betweenness,
            m.closeness,
            m.eigenvector,
            metrics.brokers.contains(&(i as u32))
        );
    }
    out
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (civil calendar).
pub fn day_text(day: i32) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = day as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_calendar_dates() {
        assert_eq!(day_text(0), "1970-01-01");
        assert_eq!(day_text(20_419), "2025-11-27");
        assert_eq!(day_text(-1), "1969-12-31");
    }
}

//! GraphML and GEXF that other tools read: well-formed, with every node and tie and their
//! attributes, checked by reading them back with a small XML reader; and NetworkX's own
//! readers when NetworkX is installed (`.ci/run` installs it).

use passerelle_network::export::{gexf, graphml, metrics_csv, ties_csv};
use passerelle_network::generate::network;

/// Counts start tags named `name`, after checking that every tag closes in order.
fn well_formed_count(xml: &str, name: &str) -> usize {
    let mut stack: Vec<String> = Vec::new();
    let mut count = 0;
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("a tag closes") + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(closing) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(closing.trim()), "tags nest");
            continue;
        }
        let tag_name = tag
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_owned();
        if tag_name == name {
            count += 1;
        }
        if !tag.ends_with('/') {
            stack.push(tag_name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    count
}

#[test]
fn exports_carry_every_node_tie_and_measure() {
    let mut g = network(60, 300, 20_400, 5);
    g.nodes[0].label = "Refuge <Élan> & \"Cie\"".into();
    let m = g.metrics();
    let gm = graphml(&g, Some(&m));
    assert_eq!(well_formed_count(&gm, "node"), 60);
    assert_eq!(well_formed_count(&gm, "edge"), 300);
    assert!(gm.contains("Refuge &lt;Élan&gt; &amp; &quot;Cie&quot;"));
    assert!(gm.contains("attr.name=\"betweenness\""));
    let gx = gexf(&g, Some(&m));
    assert_eq!(well_formed_count(&gx, "node"), 60);
    assert_eq!(well_formed_count(&gx, "edge"), 300);
    assert!(gx.contains("version=\"1.3\""));
    assert_eq!(ties_csv(&g).lines().count(), 301);
    let table = metrics_csv(&g, &m);
    assert_eq!(table.lines().count(), 61);
    assert!(
        table
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("a0,\"Refuge <Élan> & \"\"Cie\"\"\"")
    );

    // NetworkX reads both back, when it is there.
    let dir = std::env::temp_dir().join(format!("passerelle-network-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (gm_path, gx_path) = (dir.join("n.graphml"), dir.join("n.gexf"));
    std::fs::write(&gm_path, &gm).unwrap();
    std::fs::write(&gx_path, &gx).unwrap();
    let script = format!(
        "import networkx as nx\na = nx.read_graphml('{}')\nb = nx.read_gexf('{}')\nprint(a.number_of_nodes(), a.number_of_edges(), b.number_of_nodes(), b.number_of_edges(), a.nodes['a0']['label'])",
        gm_path.display(),
        gx_path.display()
    );
    match std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
    {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                text.starts_with("60 300 60 300 Refuge <Élan> & \"Cie\""),
                "{text}"
            );
        }
        Ok(out) if String::from_utf8_lossy(&out.stderr).contains("No module named 'networkx'") => {
            eprintln!("NetworkX is not installed: the read-back check is skipped");
        }
        Ok(out) => panic!(
            "NetworkX could not read the exports: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!("python3 is not available: the read-back check is skipped"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

//! Measures against values computed independently with NetworkX 3.6.1
//! (`python3 tests/reference_networkx.py`, recorded here): betweenness_centrality
//! (normalized), harmonic_centrality / (n − 1), eigenvector_centrality_numpy on the connected
//! part scaled to a maximum of 1, density, connected components, articulation points. And
//! values that follow by hand from small shapes.

use passerelle_network::{Graph, Intensity, Kind, Node, Tie};

fn graph(n: usize, edges: &[(u32, u32)]) -> Graph {
    Graph {
        nodes: (0..n)
            .map(|i| Node {
                id: format!("n{i}"),
                label: format!("Agency {i}"),
                agency_type: "shelter".into(),
                area: "vanier".into(),
            })
            .collect(),
        ties: edges
            .iter()
            .map(|&(from, to)| Tie {
                from,
                to,
                kind: Kind::RefersClientsTo,
                intensity: Intensity::Cooperation,
                since: 20_000,
            })
            .collect(),
    }
}

fn close(a: &[f64], b: &[f64]) {
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!((x - y).abs() < 1e-6, "node {i}: {x} vs {y}\n{a:?}\n{b:?}");
    }
}

#[test]
fn agrees_with_networkx_on_two_clusters_a_bridge_and_an_isolate() {
    let edges = [
        (0, 1),
        (1, 2),
        (2, 0),
        (2, 3),
        (3, 4),
        (4, 5),
        (5, 6),
        (6, 7),
        (7, 5),
        (4, 8),
        (8, 4),
    ];
    let m = graph(10, &edges).metrics();
    let pick = |f: fn(&passerelle_network::NodeMetrics) -> f64| {
        m.per_node.iter().map(f).collect::<Vec<_>>()
    };
    close(
        &pick(|x| x.betweenness),
        &[
            0.0,
            0.0,
            0.333333333,
            0.416666667,
            0.527777778,
            0.333333333,
            0.0,
            0.0,
            0.0,
            0.0,
        ],
    );
    close(
        &pick(|x| x.closeness),
        &[
            0.414814815,
            0.414814815,
            0.518518519,
            0.518518519,
            0.574074074,
            0.537037037,
            0.424074074,
            0.424074074,
            0.388888889,
            0.0,
        ],
    );
    close(
        &pick(|x| x.eigenvector),
        &[
            0.595997708,
            0.595997708,
            0.810302074,
            0.719971048,
            0.888521789,
            1.0,
            0.735525339,
            0.735525339,
            0.3765605,
            0.0,
        ],
    );
    assert!((m.density - 0.12222222222222222).abs() < 1e-12);
    assert_eq!(m.ties, 11);
    assert_eq!(m.components, 2);
    assert_eq!(m.brokers, vec![2, 3, 4, 5]);
    assert_eq!(m.isolates, vec![9]);
    // Directed degrees: 4 names 5 and 8, and is named by 3 and 8.
    assert_eq!((m.per_node[4].out_degree, m.per_node[4].in_degree), (2, 2));
}

#[test]
fn small_shapes_have_their_textbook_values() {
    // A star: the hub is on every shortest path between leaves.
    let star = graph(5, &[(0, 1), (0, 2), (0, 3), (0, 4)]).metrics();
    assert!((star.per_node[0].betweenness - 1.0).abs() < 1e-12);
    assert!(star.per_node[1].betweenness.abs() < 1e-12);
    assert!((star.per_node[0].closeness - 1.0).abs() < 1e-12);
    assert_eq!(star.brokers, vec![0]);
    // A path of three: the middle one carries the single pair's path.
    let path = graph(3, &[(0, 1), (1, 2)]).metrics();
    assert!((path.per_node[1].betweenness - 1.0).abs() < 1e-12);
    // A cycle: everyone equal.
    let cycle = graph(4, &[(0, 1), (1, 2), (2, 3), (3, 0)]).metrics();
    let b = cycle.per_node[0].betweenness;
    assert!(
        cycle
            .per_node
            .iter()
            .all(|m| (m.betweenness - b).abs() < 1e-12 && (m.eigenvector - 1.0).abs() < 1e-9)
    );
    assert!(cycle.brokers.is_empty());
}

#[test]
fn the_network_on_an_earlier_day_and_the_change_since() {
    let mut g = graph(3, &[(0, 1), (1, 2)]);
    g.ties[1].since = 20_100;
    let before = g.as_of(20_050).metrics();
    let after = g.as_of(20_100).metrics();
    assert_eq!(before.ties, 1);
    assert_eq!(after.ties, 2);
    let change = passerelle_network::change(&before, &after);
    assert_eq!(change[2].in_degree, 1);
    assert!((change[1].betweenness - 1.0).abs() < 1e-12);
}

#[test]
fn a_subgraph_keeps_the_ties_among_the_agencies_kept_renumbered() {
    // A path 0–1–2–3; dropping agency 1 leaves 0 isolated and the tie 2→3 as 1→2.
    let g = graph(4, &[(0, 1), (1, 2), (2, 3)]);
    let sub = g.subgraph(|n| n.id != "n1");
    assert_eq!(
        sub.nodes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
        ["n0", "n2", "n3"]
    );
    assert_eq!(sub.ties.len(), 1);
    assert_eq!((sub.ties[0].from, sub.ties[0].to), (1, 2));
    let m = sub.metrics();
    assert_eq!(m.isolates, [0]);
    assert_eq!(m.components, 2);
}

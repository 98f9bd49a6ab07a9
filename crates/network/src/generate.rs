//! Seeded synthetic networks for tests and benchmarks: agencies in a few types and areas,
//! ties more likely within a type and an area, with kinds, intensities and dates.

use crate::{Graph, Intensity, Kind, Node, Tie};
use passerelle_rng::Rng;

/// `agencies` agencies and about `ties` ties reported over the two years before `last_day`.
pub fn network(agencies: usize, ties: usize, last_day: i32, seed: u64) -> Graph {
    let mut rng = Rng::new(seed);
    let types = [
        "shelter",
        "drop-in",
        "health",
        "housing",
        "youth",
        "indigenous",
        "legal",
        "food",
    ];
    let nodes: Vec<Node> = (0..agencies)
        .map(|i| Node {
            id: format!("a{i}"),
            label: format!("Agency {i}"),
            agency_type: types[rng.below(types.len())].to_owned(),
            area: format!("area-{}", rng.below(20)),
        })
        .collect();
    let mut out = Vec::with_capacity(ties);
    if agencies >= 2 {
        while out.len() < ties {
            let from = rng.below(agencies);
            // Half the ties stay close: same type or same area.
            let to = if rng.chance(0.5) {
                let mut candidate = rng.below(agencies);
                for _ in 0..20 {
                    if nodes[candidate].agency_type == nodes[from].agency_type
                        || nodes[candidate].area == nodes[from].area
                    {
                        break;
                    }
                    candidate = rng.below(agencies);
                }
                candidate
            } else {
                rng.below(agencies)
            };
            if to == from {
                continue;
            }
            out.push(Tie {
                from: from as u32,
                to: to as u32,
                kind: Kind::ALL[rng.below(Kind::ALL.len())],
                intensity: [
                    Intensity::Awareness,
                    Intensity::Cooperation,
                    Intensity::Coordination,
                    Intensity::Integration,
                ][rng.below(4)],
                since: last_day - rng.below(730) as i32,
            });
        }
    }
    Graph { nodes, ties: out }
}

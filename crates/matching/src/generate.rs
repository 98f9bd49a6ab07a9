//! Seeded synthetic instances shaped like real priority policies, for tests, benchmarks
//! and `passerelle match generate`.
//!
//! A sparse instance gives each client a priority level and a fixed number of feasible
//! units chosen at random; a pair's weight is `level × 1000 + fit` with `fit` in 0–999, the
//! way [`crate::policy`] builds weights, so equal weights are common. A dense instance
//! joins every client to every unit with a uniform weight.

use crate::solver::Problem;
use passerelle_rng::Rng;

/// A sparse policy-like instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SparseSpec {
    pub clients: u32,
    pub units: u32,
    /// Feasible pairs in all; each client gets `edges / clients` or one more.
    pub edges: u64,
    /// Each unit's capacity is uniform in `capacity_min..=capacity_max`.
    pub capacity_min: u32,
    pub capacity_max: u32,
    /// Priority levels are `1..=priority_levels`.
    pub priority_levels: u32,
    pub seed: u64,
}

impl SparseSpec {
    /// The benchmark shapes named in the docs: `clients` × `units` with `edges` pairs,
    /// unit capacity 1, ten priority levels.
    pub fn new(clients: u32, units: u32, edges: u64, seed: u64) -> Self {
        SparseSpec {
            clients,
            units,
            edges,
            capacity_min: 1,
            capacity_max: 1,
            priority_levels: 10,
            seed,
        }
    }
}

/// Builds the instance `spec` describes. The same spec always gives the same problem.
pub fn sparse(spec: &SparseSpec) -> Problem {
    let mut rng = Rng::new(spec.seed);
    let mut problem = Problem::new(spec.clients, spec.units);
    let spread = spec.capacity_max.saturating_sub(spec.capacity_min) as usize + 1;
    for unit in 0..spec.units {
        problem.set_capacity(unit, spec.capacity_min + rng.below(spread) as u32);
    }
    if spec.clients == 0 || spec.units == 0 {
        return problem;
    }
    let per_client = spec.edges / spec.clients as u64;
    let extra = spec.edges % spec.clients as u64;
    problem.reserve_edges(spec.edges as usize);
    // Which units the current client already has: a stamp per unit avoids clearing a set.
    let mut taken = vec![u32::MAX; spec.units as usize];
    for client in 0..spec.clients {
        let level = 1 + rng.below(spec.priority_levels.max(1) as usize) as u64;
        let wanted = (per_client + u64::from((client as u64) < extra)).min(spec.units as u64);
        let mut chosen = 0;
        while chosen < wanted {
            let unit = rng.below(spec.units as usize);
            if taken[unit] == client {
                continue;
            }
            taken[unit] = client;
            chosen += 1;
            let fit = rng.below(1000) as u64;
            problem.add_edge(client, unit as u32, level * 1000 + fit);
        }
    }
    problem
}

/// Every one of `n` clients joined to every one of `n` units, weights uniform in
/// `0..=max_weight`.
pub fn dense(n: u32, max_weight: u64, seed: u64) -> Problem {
    let mut rng = Rng::new(seed);
    let mut problem = Problem::new(n, n);
    problem.reserve_edges(n as usize * n as usize);
    for client in 0..n {
        for unit in 0..n {
            let weight = (rng.next_u64() % (max_weight + 1)) as u64;
            problem.add_edge(client, unit, weight);
        }
    }
    problem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_instances_have_the_requested_shape_and_are_reproducible() {
        let mut spec = SparseSpec::new(500, 100, 9_500, 7);
        spec.capacity_max = 5;
        let a = sparse(&spec);
        assert_eq!(a.edges().len(), 9_500);
        assert!(a.check().is_ok(), "no duplicate pairs");
        assert!(a.edges().iter().all(|e| (1000..11_000).contains(&e.weight)));
        assert!((0..100).all(|u| (1..=5).contains(&a.capacity(u))));
        assert_eq!(a.edges(), sparse(&spec).edges());
        spec.seed = 8;
        assert_ne!(a.edges(), sparse(&spec).edges());
    }

    #[test]
    fn dense_instances_join_everyone() {
        let p = dense(30, 999, 1);
        assert_eq!(p.edges().len(), 900);
        assert!(p.edges().iter().all(|e| e.weight <= 999));
    }
}

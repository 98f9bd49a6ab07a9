//! Solve time on the benchmark shapes (docs/matching.md), single-threaded, reading
//! excluded. Instances come from `passerelle_matching::generate` (both generators, and
//! the community model through a plan's screening for the round) with fixed seeds, the
//! same ones `passerelle match generate` writes.

use criterion::{Criterion, criterion_group, criterion_main};
use passerelle_matching::generate::{self, SparseSpec};
use passerelle_matching::{Problem, solve};
use std::time::Duration;

fn shapes() -> Vec<(&'static str, Problem)> {
    vec![
        (
            "sparse 5000x1000 475k pairs (seed 1)",
            generate::sparse(&SparseSpec::new(5_000, 1_000, 475_000, 1)),
        ),
        (
            "sparse 50000x5000 1M pairs (seed 2)",
            generate::sparse(&SparseSpec::new(50_000, 5_000, 1_000_000, 2)),
        ),
        (
            "capacities 1-5 20000x2000 400k pairs (seed 3)",
            generate::sparse(&SparseSpec {
                capacity_max: 5,
                ..SparseSpec::new(20_000, 2_000, 400_000, 3)
            }),
        ),
        (
            "skewed 5000x1000 ~475k pairs (seed 11)",
            generate::skewed(&SparseSpec::new(5_000, 1_000, 475_000, 11)),
        ),
        (
            "skewed capacities 1-5 20000x2000 ~400k pairs (seed 13)",
            generate::skewed(&SparseSpec {
                capacity_max: 5,
                ..SparseSpec::new(20_000, 2_000, 400_000, 13)
            }),
        ),
        (
            "skewed capacities 1-5 4000x2000 ~300k pairs (seed 53), more places than clients",
            generate::skewed(&SparseSpec {
                capacity_max: 5,
                ..SparseSpec::new(4_000, 2_000, 300_000, 53)
            }),
        ),
        (
            "skewed capacities 1-5 4000x2000 ~300k pairs, fit spread 4 (seed 56), ties across clients",
            generate::skewed(&SparseSpec {
                capacity_max: 5,
                fit_spread: 4,
                ..SparseSpec::new(4_000, 2_000, 300_000, 56)
            }),
        ),
        (
            "skewed 3000x3000 ~200k pairs, fit spread 3 (seed 101), single places, ties across clients",
            generate::skewed(&SparseSpec {
                fit_spread: 3,
                ..SparseSpec::new(3_000, 3_000, 200_000, 101)
            }),
        ),
        (
            "capacities 1-30 20000x400 400k pairs (seed 55), a few large programs",
            generate::sparse(&SparseSpec {
                capacity_max: 30,
                ..SparseSpec::new(20_000, 400, 400_000, 55)
            }),
        ),
        (
            "skewed 50000x5000 ~1M pairs (seed 12)",
            generate::skewed(&SparseSpec::new(50_000, 5_000, 1_000_000, 12)),
        ),
        (
            "skewed 2000x8000 ~400k pairs (seed 15)",
            generate::skewed(&SparseSpec::new(2_000, 8_000, 400_000, 15)),
        ),
        (
            "dense 4000x4000 weights 0-999 (seed 4)",
            generate::dense(4_000, 999, 4),
        ),
        (
            "dense 2000x2000 clients ranking units alike, own part 0-3 (seed 5), LAPJV",
            generate::dense_alike(2_000, 4, 5),
        ),
        (
            "round 5750x1565 ~1.5M pairs (seed 5)",
            round(5_750, 1_565, 5),
        ),
    ]
}

/// A round's problem: the community model's households and units, screened and weighted
/// as `match plan` does (thousands of priority levels, units with several places).
fn round(clients: usize, units: usize, seed: u64) -> Problem {
    let (clients, units) = generate::community::generate(clients, units, seed);
    passerelle_matching::plan::solver_problem(
        &clients,
        &units,
        &Default::default(),
        &Default::default(),
    )
    .expect("the community model's profiles are valid")
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("solve");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (name, problem) in shapes() {
        group.bench_function(name, |b| b.iter(|| solve(&problem).unwrap()));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Metrics for 5,000 agencies and 50,000 ties (`generate::network`, seed 1).

use criterion::{Criterion, criterion_group, criterion_main};
use passerelle_network::generate::network;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let graph = network(5_000, 50_000, 20_400, 1);
    let mut group = c.benchmark_group("network");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("metrics 5000 agencies 50000 ties (seed 1)", |b| {
        b.iter(|| graph.metrics())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

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
    /// The skewed model's fit is the unit's quality, shared by every client, plus a part of
    /// the pair's own, uniform in `0..fit_spread`. A small spread makes clients rank units
    /// alike, as a policy that scores mostly the unit does: weights then tie across clients.
    pub fit_spread: u32,
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
            fit_spread: 400,
            seed,
        }
    }
}

/// The spec's clients and units without pairs, each unit's capacity drawn from its range.
fn with_capacities(spec: &SparseSpec, rng: &mut Rng) -> Problem {
    let mut problem = Problem::new(spec.clients, spec.units);
    let spread = spec.capacity_max.saturating_sub(spec.capacity_min) as usize + 1;
    for unit in 0..spec.units {
        problem.set_capacity(unit, spec.capacity_min + rng.below(spread) as u32);
    }
    problem
}

/// Builds the instance `spec` describes. The same spec always gives the same problem.
pub fn sparse(spec: &SparseSpec) -> Problem {
    let mut rng = Rng::new(spec.seed);
    let mut problem = with_capacities(spec, &mut rng);
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

/// A second model of a waiting list's pairs, independent of [`sparse`], for checking
/// that the solver is not tuned to one generator. Where [`sparse`] is uniform, this one
/// is uneven the way a city is:
/// - units differ in how many clients accept them: each unit's draw weight follows a Zipf
///   law (exponent 0.8) over a shuffled order, so a few units are acceptable to many and
///   most to few;
/// - clients differ in how many units they accept: one plus a geometric number, with the
///   spec's mean (`edges / clients`), so the edge count is `edges` only on average;
/// - priority levels are skewed, most clients low and few at the top (the square of a
///   uniform draw);
/// - a pair's fit is the unit's quality (0–599, shared by every client) plus the client's
///   taste (0–399), so clients agree on which units are good.
///
/// Weights are `level × 1000 + fit`, as the policy builds them.
pub fn skewed(spec: &SparseSpec) -> Problem {
    let mut rng = Rng::new(spec.seed ^ 0x005E_ED0F_C17E);
    let mut problem = with_capacities(spec, &mut rng);
    if spec.clients == 0 || spec.units == 0 {
        return problem;
    }
    let units = spec.units as usize;
    let quality: Vec<u64> = (0..units).map(|_| rng.below(600) as u64).collect();
    // Popularity by rank over a shuffled order (Fisher–Yates), as a cumulative table.
    let mut order: Vec<usize> = (0..units).collect();
    for i in (1..units).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut by_unit = Vec::with_capacity(units);
    let mut total = 0.0;
    for (rank, &unit) in order.iter().enumerate() {
        total += 1.0 / ((rank + 1) as f64).powf(0.8);
        by_unit.push((total, unit as u32));
    }
    let mean = (spec.edges as f64 / spec.clients as f64).max(1.0);
    // Geometric with mean `mean - 1`: failures before a success of probability p.
    let p = 1.0 / mean;
    let mut taken = vec![u32::MAX; units];
    for client in 0..spec.clients {
        let u = rng.unit();
        let level = 1 + ((spec.priority_levels.max(1) as f64) * u * u) as u64;
        let extra = if p >= 1.0 {
            0.0
        } else {
            ((1.0 - rng.unit()).ln() / (1.0 - p).ln()).floor()
        };
        let wanted = (1.0 + extra).min(units as f64) as usize;
        // Rejection on repeats would crawl when a client wants most units: then take
        // units in order from a random start instead.
        let mut chosen = 0;
        let mut tries = 0;
        while chosen < wanted {
            tries += 1;
            let unit = if tries > 8 * wanted {
                (client as usize + tries) % units
            } else {
                let x = rng.unit() * total;
                let at = by_unit.partition_point(|&(c, _)| c < x).min(units - 1);
                by_unit[at].1 as usize
            };
            if taken[unit] == client {
                continue;
            }
            taken[unit] = client;
            chosen += 1;
            let fit = quality[unit] + rng.below(spec.fit_spread.max(1) as usize) as u64;
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
            let weight = rng.next_u64() % (max_weight + 1);
            problem.add_edge(client, unit, weight);
        }
    }
    problem
}

/// Every one of `n` clients joined to every one of `n` units, clients ranking units alike,
/// as a policy that scores units rather than pairs makes them: a unit quality in 0–40
/// every client agrees on, times 100, plus a client's level in 0–4 times 10,000, plus the
/// pair's own part, uniform in `0..fit_spread` (at least 1). Where the solver's bidding
/// start collides and LAPJV takes over (decision 0037).
pub fn dense_alike(n: u32, fit_spread: u32, seed: u64) -> Problem {
    let mut rng = Rng::new(seed ^ 0x00A1_1CE5);
    let quality: Vec<u64> = (0..n).map(|_| rng.below(41) as u64 * 100).collect();
    let mut problem = Problem::new(n, n);
    problem.reserve_edges(n as usize * n as usize);
    for client in 0..n {
        let level = rng.below(5) as u64 * 10_000;
        for unit in 0..n {
            let own = rng.below(fit_spread.max(1) as usize) as u64;
            problem.add_edge(client, unit, level + quality[unit as usize] + own);
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
    fn skewed_instances_are_uneven_and_reproducible() {
        let mut spec = SparseSpec::new(4_000, 400, 40_000, 3);
        spec.capacity_max = 3;
        let a = skewed(&spec);
        assert!(a.check().is_ok(), "no duplicate pairs");
        let n = a.edges().len() as f64;
        assert!((36_000.0..44_000.0).contains(&n), "about the mean: {n}");
        assert_eq!(a.edges(), skewed(&spec).edges());
        // A few units are acceptable to many: the most popular tenth hold far more than
        // a tenth of the pairs.
        let mut degree = vec![0u32; 400];
        for e in a.edges() {
            degree[e.unit as usize] += 1;
        }
        degree.sort_unstable_by(|x, y| y.cmp(x));
        let top: u32 = degree[..40].iter().sum();
        assert!(top as f64 > 0.3 * n, "top tenth holds {top} of {n}");
        // Most clients are at low levels.
        let low = a.edges().iter().filter(|e| e.weight < 4_000).count() as f64;
        assert!(low > 0.4 * n);
    }

    #[test]
    fn dense_instances_join_everyone() {
        let p = dense(30, 999, 1);
        assert_eq!(p.edges().len(), 900);
        assert!(p.edges().iter().all(|e| e.weight <= 999));
    }

    #[test]
    fn dense_alike_instances_join_everyone_and_every_client_ranks_units_alike() {
        let p = dense_alike(40, 4, 3);
        assert_eq!(p.edges().len(), 1_600);
        assert_eq!(p.edges(), dense_alike(40, 4, 3).edges());
        // Without the pair's own part (under 4), every client orders the units the same
        // way: a unit's weight less the client's first unit's weight is one number.
        let gap = |client: usize, unit: usize| {
            let row = &p.edges()[client * 40..(client + 1) * 40];
            row[unit].weight as i64 - row[0].weight as i64
        };
        for unit in 0..40 {
            let gaps: Vec<i64> = (0..40).map(|c| gap(c, unit)).collect();
            let (lo, hi) = (gaps.iter().min().unwrap(), gaps.iter().max().unwrap());
            assert!(hi - lo <= 6, "unit {unit}: {gaps:?}");
        }
    }
}

/// A synthetic waiting list and set of open units, Ottawa-like, for `passerelle match
/// plan` demonstrations and benchmarks of whole-city matches.
pub mod community {
    use crate::compatibility::{
        Accessibility, ClientProfile, LandlordPreferences, Point, Program, UnitProfile,
    };
    use crate::plan::Candidate;
    use crate::policy::PriorityInputs;
    use passerelle_rng::Rng;

    /// Neighbourhoods with a rough centre and a rent level (percent of the city's).
    const AREAS: [(&str, f64, f64, u32); 12] = [
        ("centretown", 45.4157, -75.6990, 115),
        ("lowertown", 45.4313, -75.6897, 105),
        ("sandy_hill", 45.4231, -75.6792, 110),
        ("vanier", 45.4390, -75.6600, 90),
        ("overbrook", 45.4280, -75.6490, 88),
        ("hintonburg", 45.4040, -75.7330, 112),
        ("carlington", 45.3830, -75.7370, 92),
        ("heron_gate", 45.3780, -75.6560, 85),
        ("south_keys", 45.3560, -75.6600, 90),
        ("orleans", 45.4700, -75.5150, 100),
        ("kanata", 45.3090, -75.9080, 105),
        ("barrhaven", 45.2730, -75.7370, 102),
    ];

    fn near(rng: &mut Rng, (lat, lon): (f64, f64)) -> Point {
        Point {
            latitude: lat + rng.jitter(0.012),
            longitude: lon + rng.jitter(0.018),
        }
    }

    fn area(rng: &mut Rng) -> (&'static str, (f64, f64), u32) {
        let (name, lat, lon, level) = AREAS[rng.below(AREAS.len())];
        (name, (lat, lon), level)
    }

    /// `clients` waiting households and `units` open units, the same for the same seed.
    pub fn generate(clients: usize, units: usize, seed: u64) -> (Vec<Candidate>, Vec<UnitProfile>) {
        let mut rng = Rng::new(seed);
        let candidates = (0..clients)
            .map(|i| {
                let family = rng.chance(0.22);
                let adults = if family {
                    1 + rng.below(2) as u8
                } else if rng.chance(0.1) {
                    2
                } else {
                    1
                };
                let children = if family { 1 + rng.below(3) as u8 } else { 0 };
                let size = adults + children;
                let (home, centre, _) = area(&mut rng);
                let mut needs = Accessibility::default();
                if rng.chance(0.08) {
                    needs.wheelchair = true;
                    needs.step_free = true;
                } else if rng.chance(0.1) {
                    needs.elevator = true;
                }
                let mut programs = Vec::new();
                if !family && rng.chance(0.15) {
                    programs.push(Program::Youth);
                }
                if family {
                    programs.push(Program::Family);
                }
                if rng.chance(0.12) {
                    programs.push(Program::IndigenousLed);
                }
                if rng.chance(0.08) {
                    programs.push(Program::Seniors);
                }
                let has_supports = rng.chance(0.5);
                Candidate {
                    profile: ClientProfile {
                        id: format!("r{:05}", i + 1),
                        adults,
                        children,
                        min_bedrooms: if size == 1 { 0 } else { size.div_ceil(2) },
                        needs,
                        has_pets: rng.chance(0.18),
                        smokes: rng.chance(0.25),
                        // Shelter allowance plus any portable benefit: $700–$2,100.
                        max_rent: (70_000 + rng.below(90) as i64 * 1_000)
                            + if rng.chance(0.4) { 50_000 } else { 0 },
                        preferred_areas: vec![home.to_owned()],
                        excluded_areas: if rng.chance(0.1) {
                            vec![area(&mut rng).0.to_owned()]
                        } else {
                            vec![]
                        },
                        supports: has_supports.then(|| near(&mut rng, centre)),
                        max_distance_to_supports_m: (has_supports && rng.chance(0.4))
                            .then(|| 3_000 + rng.below(8) as u32 * 1_000),
                        has_support_worker: rng.chance(0.55),
                        eligible_programs: programs,
                    },
                    priority: PriorityInputs {
                        acuity: rng.below(18) as u16,
                        days_homeless: rng.below(1_096) as u16,
                        // Referrals over the last two years before 2026-11-01.
                        referral_day: 20_393 - rng.below(730) as i32,
                        ..Default::default()
                    },
                }
            })
            .collect();
        let units = (0..units)
            .map(|i| {
                let (name, centre, level) = area(&mut rng);
                let program = if rng.chance(0.12) {
                    Some(Program::ALL[rng.below(Program::ALL.len())])
                } else {
                    None
                };
                let bedrooms = [0u8, 1, 1, 1, 2, 2, 3][rng.below(7)];
                let base = [95_000i64, 125_000, 160_000, 195_000][bedrooms as usize];
                let elevator = rng.chance(0.35);
                UnitProfile {
                    id: format!("u{:05}", i + 1),
                    bedrooms,
                    max_occupants: 2 * bedrooms.max(1),
                    rent: base * level as i64 / 100 + rng.below(20) as i64 * 1_000 - 10_000,
                    features: Accessibility {
                        step_free: elevator || rng.chance(0.2),
                        elevator,
                        wheelchair: elevator && rng.chance(0.3),
                    },
                    pets_allowed: rng.chance(0.4),
                    smoking_allowed: rng.chance(0.2),
                    area: name.to_owned(),
                    location: Some(near(&mut rng, centre)),
                    landlord: LandlordPreferences {
                        max_household: rng.chance(0.15).then(|| 1 + rng.below(3) as u8),
                        requires_support_worker: rng.chance(0.3),
                    },
                    program,
                    openings: if program.is_some() {
                        1 + rng.below(4) as u32
                    } else {
                        1
                    },
                }
            })
            .collect();
        (candidates, units)
    }
}

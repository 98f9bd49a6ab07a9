//! The solver against exhaustive search on every shape of small instance, with the
//! optimality certificate checked each time.

use passerelle_matching::{Problem, solve, verify};
use passerelle_rng::Rng;

/// The best total by dynamic programming over clients, remembering each unit's remaining
/// capacity (two bits per unit, so capacities up to 3 and at most 8 units).
fn brute_force(p: &Problem) -> u64 {
    let units = p.units() as usize;
    assert!(units <= 8);
    let mut by_client = vec![Vec::new(); p.clients() as usize];
    for e in p.edges() {
        by_client[e.client as usize].push((e.unit as usize, e.weight));
    }
    let start: u32 = (0..units)
        .map(|u| p.capacity(u as u32).min(3) << (2 * u))
        .sum();
    let bits = 2 * units;
    let mut memo = vec![u64::MAX; (by_client.len() + 1) << bits];
    fn best(
        i: usize,
        caps: u32,
        bits: usize,
        by_client: &[Vec<(usize, u64)>],
        memo: &mut [u64],
    ) -> u64 {
        if i == by_client.len() {
            return 0;
        }
        let key = (i << bits) | caps as usize;
        if memo[key] != u64::MAX {
            return memo[key];
        }
        let mut value = best(i + 1, caps, bits, by_client, memo);
        for &(unit, weight) in &by_client[i] {
            if (caps >> (2 * unit)) & 3 > 0 {
                let rest = best(i + 1, caps - (1 << (2 * unit)), bits, by_client, memo);
                value = value.max(weight + rest);
            }
        }
        memo[key] = value;
        value
    }
    best(0, start, bits, &by_client, &mut memo)
}

fn random_problem(rng: &mut Rng) -> Problem {
    let clients = rng.below(9) as u32;
    let units = rng.below(9) as u32;
    let mut p = Problem::new(clients, units);
    for u in 0..units {
        p.set_capacity(u, rng.below(4) as u32);
    }
    let density = rng.unit();
    // Few distinct weights make ties, which is where exact solvers go wrong.
    let weights = [4, 10, 1000][rng.below(3)];
    let policy_like = rng.chance(0.5);
    for c in 0..clients {
        let level = rng.below(3) as u64;
        for u in 0..units {
            if rng.chance(density) {
                let w = if policy_like {
                    level * 1000 + rng.below(weights) as u64
                } else {
                    rng.below(weights) as u64
                };
                p.add_edge(c, u, w);
            }
        }
    }
    p
}

#[test]
fn optimal_on_twenty_thousand_random_small_instances() {
    let mut rng = Rng::new(20261127);
    for case in 0..20_000 {
        let p = random_problem(&mut rng);
        let s = solve(&p).unwrap();
        let expected = brute_force(&p);
        assert_eq!(s.objective, expected as u128, "case {case}: {p:?}");
        if let Err(e) = verify(&p, &s) {
            panic!("case {case}: certificate refused: {e}\n{p:?}\n{s:?}");
        }
        // The same edges not grouped by client take the solver's other way of listing
        // each unit's clients.
        let reversed = reversed(&p);
        let s = solve(&reversed).unwrap();
        assert_eq!(
            s.objective, expected as u128,
            "case {case}, reversed: {p:?}"
        );
        if let Err(e) = verify(&reversed, &s) {
            panic!("case {case}, reversed: certificate refused: {e}\n{p:?}\n{s:?}");
        }
    }
}

/// The problem with its edges in the opposite order.
fn reversed(p: &Problem) -> Problem {
    let mut r = Problem::new(p.clients(), p.units());
    for u in 0..p.units() {
        r.set_capacity(u, p.capacity(u));
    }
    for e in p.edges().iter().rev() {
        r.add_edge(e.client, e.unit, e.weight);
    }
    r
}

#[test]
fn the_same_problem_gives_the_same_assignment() {
    let mut rng = Rng::new(5);
    for _ in 0..500 {
        let p = random_problem(&mut rng);
        assert_eq!(solve(&p).unwrap(), solve(&p).unwrap());
    }
}

/// The best total by successive shortest paths on the flow network (source → client →
/// unit → sink, a unit's arc to the sink carrying its capacity), with Bellman–Ford on
/// the residual graph: slow, but exact for any capacity, and sharing nothing with the
/// solver.
fn by_flow(p: &Problem) -> u64 {
    let (clients, units) = (p.clients() as usize, p.units() as usize);
    let (source, sink) = (clients + units, clients + units + 1);
    // Arcs as (to, residual capacity, cost); arc i's reverse is i ^ 1.
    let mut arcs: Vec<(usize, i64, i64)> = Vec::new();
    let mut out = vec![Vec::new(); clients + units + 2];
    let mut add = |from: usize, to: usize, capacity: i64, cost: i64| {
        out[from].push(arcs.len());
        arcs.push((to, capacity, cost));
        out[to].push(arcs.len());
        arcs.push((from, 0, -cost));
    };
    for c in 0..clients {
        add(source, c, 1, 0);
    }
    for e in p.edges() {
        add(
            e.client as usize,
            clients + e.unit as usize,
            1,
            -(e.weight as i64),
        );
    }
    for u in 0..units {
        add(clients + u, sink, p.capacity(u as u32) as i64, 0);
    }
    let mut total = 0;
    loop {
        let mut dist = vec![i64::MAX; out.len()];
        let mut via = vec![usize::MAX; out.len()];
        dist[source] = 0;
        for _ in 0..out.len() {
            let mut changed = false;
            for v in 0..out.len() {
                if dist[v] == i64::MAX {
                    continue;
                }
                for &i in &out[v] {
                    let (to, capacity, cost) = arcs[i];
                    if capacity > 0 && dist[v] + cost < dist[to] {
                        (dist[to], via[to]) = (dist[v] + cost, i);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        // Stop when no path gains: a client may stay without a unit.
        if dist[sink] >= 0 {
            return total;
        }
        total += (-dist[sink]) as u64;
        let mut v = sink;
        while v != source {
            let i = via[v];
            arcs[i].1 -= 1;
            arcs[i ^ 1].1 += 1;
            v = arcs[i ^ 1].0;
        }
    }
}

/// The solver's optimum equals the flow oracle's, in both edge orders, with its certificate
/// accepted.
fn assert_optimal_by_flow(case: usize, p: &Problem) {
    let expected = by_flow(p);
    for p in [p.clone(), reversed(p)] {
        let s = solve(&p).unwrap();
        assert_eq!(s.objective, expected as u128, "case {case}: {p:?}");
        if let Err(e) = verify(&p, &s) {
            panic!("case {case}: certificate refused: {e}\n{p:?}\n{s:?}");
        }
    }
}

/// Units with many places, each on many clients' lists, and more clients than places:
/// the solver then bids from the units, each reading long lists of clients and keeping
/// candidates for its next bids, which small instances never exercise.
#[test]
fn optimal_when_units_with_many_places_bid_over_long_lists() {
    let mut rng = Rng::new(20261203);
    for case in 0..300 {
        let units = 2 + rng.below(5) as u32;
        let clients = 30 + rng.below(40) as u32;
        let mut p = Problem::new(clients, units);
        for u in 0..units {
            p.set_capacity(u, 1 + rng.below(12) as u32);
        }
        let density = 0.5 + rng.unit() / 2.0;
        let weights = [3, 10, 1000][rng.below(3)];
        for c in 0..clients {
            let level = rng.below(4) as u64;
            for u in 0..units {
                if rng.chance(density) {
                    p.add_edge(c, u, level * 1000 + rng.below(weights) as u64);
                }
            }
        }
        assert_optimal_by_flow(case, &p);
    }
}

/// More places than clients, so that the clients bid for units with several places
/// (`take_place`): popular units every client wants, units without places, weights that
/// tie often or seldom.
#[test]
fn optimal_when_clients_bid_for_units_with_several_places() {
    let mut rng = Rng::new(20261204);
    for case in 0..400 {
        let units = 4 + rng.below(30) as u32;
        let clients = 10 + rng.below(50) as u32;
        let p = places_problem(&mut rng, clients, units, 0..7);
        assert_optimal_by_flow(case, &p);
    }
}

/// The same with a few large programs, whose holders make deep heaps and are displaced
/// many times over.
#[test]
fn optimal_when_clients_bid_for_large_programs() {
    let mut rng = Rng::new(20261205);
    for case in 0..60 {
        let units = 3 + rng.below(6) as u32;
        let clients = 60 + rng.below(140) as u32;
        let p = places_problem(&mut rng, clients, units, 10..60);
        assert_optimal_by_flow(case, &p);
    }
}

/// Hundreds of places, so that the auction stops short of the ε that alone guarantees an
/// optimum (a 64th of a weight unit is 2 or more in scaled units only from 127 places on),
/// where settling the duals and the searches must finish whatever it leaves: sparse
/// lists over popular units, weights that tie across clients. Single places (the auction
/// from the clients) and up to three (from either side, as the places fall).
#[test]
fn optimal_when_the_auction_stops_short() {
    let mut rng = Rng::new(20261206);
    for case in 0..30 {
        let clients = 250 + rng.below(400) as u32;
        let units = clients / 2 + rng.below(clients as usize) as u32;
        let most = [1, 1, 3][rng.below(3)];
        let mut p = Problem::new(clients, units);
        for u in 0..units {
            p.set_capacity(u, 1 + rng.below(most) as u32);
        }
        let degree = 3 + rng.below(20);
        let fit = [1, 3, 8, 100][rng.below(4)];
        for c in 0..clients {
            let level = rng.below(4) as u64;
            let mut listed = std::collections::BTreeSet::new();
            for _ in 0..degree {
                // Squaring a uniform draw favours the low-numbered units.
                let u = (rng.unit().powi(2) * units as f64) as u32;
                listed.insert(u.min(units - 1));
            }
            for u in listed {
                p.add_edge(
                    c,
                    u,
                    level * 1000 + (u as u64 % 7) * 10 + rng.below(fit) as u64,
                );
            }
        }
        assert_optimal_by_flow(case, &p);
    }
}

/// `clients` × `units` with capacities drawn from `capacity`: a few popular units that
/// most clients accept, the rest accepted now and then, in three priority levels whose
/// fits tie often or seldom.
fn places_problem(
    rng: &mut Rng,
    clients: u32,
    units: u32,
    capacity: std::ops::Range<usize>,
) -> Problem {
    let mut p = Problem::new(clients, units);
    for u in 0..units {
        p.set_capacity(u, (capacity.start + rng.below(capacity.len())) as u32);
    }
    let popular = 1 + rng.below(4) as u32;
    let density = 0.1 + rng.unit() / 2.0;
    let weights = [2, 5, 50, 1000][rng.below(4)];
    for c in 0..clients {
        let level = rng.below(3) as u64;
        for u in 0..units {
            if rng.chance(if u < popular { 0.9 } else { density }) {
                p.add_edge(c, u, level * 1000 + rng.below(weights) as u64);
            }
        }
    }
    p
}

/// Every client with every unit, one place each: the solver's dense method (LAPJV), on
/// the weight patterns that stress it — few distinct values, clients who rank units
/// alike, zero weights, Machol and Wien's products, which make its bidding rounds run out
/// — square and with either side up to twice the other, against exhaustive search when
/// small and the flow oracle when not, edges in both orders.
#[test]
fn optimal_on_complete_graphs_with_one_place_per_unit() {
    let mut rng = Rng::new(20261204);
    for case in 0..3_000 {
        let large = case % 10 == 0;
        let side = if large {
            20 + rng.below(40)
        } else {
            1 + rng.below(8)
        } as u32;
        let other = side + rng.below(side as usize + 1) as u32;
        let (clients, units) = if rng.chance(0.5) {
            (side, other)
        } else {
            (other, side)
        };
        if !large && clients.max(units) > 8 {
            continue;
        }
        let mut p = Problem::new(clients, units);
        let quality: Vec<u64> = (0..units).map(|_| rng.below(5) as u64).collect();
        let pattern = rng.below(5);
        let spread = [1, 2, 4, 100, 1_000_000][rng.below(5)];
        for c in 0..clients {
            let level = rng.below(3) as u64;
            for u in 0..units {
                let w = match pattern {
                    0 => rng.below(spread) as u64,
                    1 => level * 1000 + rng.below(spread) as u64,
                    2 => level * 10_000 + quality[u as usize] * 100 + rng.below(spread) as u64,
                    3 => (c as u64 + 1) * (u as u64 + 1),
                    _ => (rng.below(spread) as u64).saturating_sub(spread as u64 / 2),
                };
                p.add_edge(c, u, w);
            }
        }
        let expected = if large { by_flow(&p) } else { brute_force(&p) };
        for p in [p.clone(), reversed(&p)] {
            let s = solve(&p).unwrap();
            assert_eq!(s.objective, expected as u128, "case {case}: {p:?}");
            if let Err(e) = verify(&p, &s) {
                panic!("case {case}: certificate refused: {e}\n{p:?}\n{s:?}");
            }
        }
    }
}

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

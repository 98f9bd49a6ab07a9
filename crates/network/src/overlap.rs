//! Overlap between sets (A7): which agencies offer the same services to the same people in
//! the same area, and refer them to the same places. Each agency is a set of elements
//! (service type × population × area, or the agencies it refers to); two agencies overlap
//! by the Jaccard index of their sets, and overlapping agencies group into clusters.
//!
//! Pairs are found through an inverted index (element → the sets holding it), so only sets
//! sharing something are compared: a sector of thousands of agencies is not n².

use std::collections::HashMap;
use std::hash::Hash;

/// |a ∩ b| / |a ∪ b| of two sorted, deduplicated slices; 0 when both are empty.
pub fn jaccard<T: Ord>(a: &[T], b: &[T]) -> f64 {
    let shared = intersection(a, b).len();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// The elements two sorted, deduplicated slices share, in order.
pub fn intersection<'a, T: Ord>(a: &'a [T], b: &[T]) -> Vec<&'a T> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(&a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Two sets that overlap, `a < b`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub jaccard: f64,
}

/// Every pair of `sets` (each sorted and deduplicated) whose Jaccard index is at least
/// `min` (and above zero), strongest first, ties by index.
pub fn overlapping_pairs<T: Ord + Hash + Eq>(sets: &[Vec<T>], min: f64) -> Vec<Pair> {
    let mut holders: HashMap<&T, Vec<usize>> = HashMap::new();
    for (i, set) in sets.iter().enumerate() {
        for e in set {
            holders.entry(e).or_default().push(i);
        }
    }
    let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
    for list in holders.values() {
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                *shared.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<Pair> = shared
        .into_iter()
        .map(|((a, b), n)| Pair {
            a,
            b,
            jaccard: n as f64 / (sets[a].len() + sets[b].len() - n) as f64,
        })
        .filter(|p| p.jaccard >= min && p.jaccard > 0.0)
        .collect();
    pairs.sort_by(|x, y| {
        y.jaccard
            .total_cmp(&x.jaccard)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    pairs
}

/// Groups of two or more of `n` items joined by `pairs` (connected components), largest
/// first, each sorted.
pub fn clusters(n: usize, pairs: &[Pair]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for p in pairs {
        let (ra, rb) = (root(&mut parent, p.a), root(&mut parent, p.b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for x in 0..n {
        let r = root(&mut parent, x);
        groups.entry(r).or_default().push(x);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_by_hand() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard::<u8>(&[], &[]), 0.0);
        assert_eq!(jaccard(&[1], &[1]), 1.0);
        assert_eq!(
            intersection(&["a", "b", "c"], &["b", "c", "d"]),
            [&"b", &"c"]
        );
    }

    #[test]
    fn pairs_agree_with_comparing_every_pair() {
        let mut rng = passerelle_rng::Rng::new(7);
        let sets: Vec<Vec<u32>> = (0..60)
            .map(|_| {
                let mut s: Vec<u32> = (0..rng.below(8)).map(|_| rng.below(25) as u32).collect();
                s.sort_unstable();
                s.dedup();
                s
            })
            .collect();
        let found = overlapping_pairs(&sets, 0.25);
        let mut expected = Vec::new();
        for a in 0..sets.len() {
            for b in a + 1..sets.len() {
                let j = jaccard(&sets[a], &sets[b]);
                if j >= 0.25 {
                    expected.push((a, b, j));
                }
            }
        }
        assert_eq!(found.len(), expected.len());
        for p in &found {
            let e = expected.iter().find(|e| e.0 == p.a && e.1 == p.b).unwrap();
            assert!((e.2 - p.jaccard).abs() < 1e-12);
        }
    }

    #[test]
    fn clusters_are_connected_components_of_two_or_more() {
        let pair = |a, b| Pair { a, b, jaccard: 1.0 };
        let groups = clusters(7, &[pair(0, 1), pair(1, 2), pair(4, 5)]);
        assert_eq!(groups, [vec![0, 1, 2], vec![4, 5]]);
    }
}

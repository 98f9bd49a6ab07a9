//! Accuracy against known truth: pairwise precision, recall and F1 over the pairs of
//! records put in one cluster, and B-cubed figures per record.

use rustc_hash::FxHashMap;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Scores {
    fn new(precision: f64, recall: f64) -> Scores {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Scores {
            precision,
            recall,
            f1,
        }
    }
}

fn pairs_within(groups: &FxHashMap<usize, Vec<usize>>) -> u64 {
    groups
        .values()
        .map(|g| (g.len() as u64) * (g.len() as u64).saturating_sub(1) / 2)
        .sum()
}

fn groups(labels: &[usize]) -> FxHashMap<usize, Vec<usize>> {
    let mut g: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (i, &l) in labels.iter().enumerate() {
        g.entry(l).or_default().push(i);
    }
    g
}

/// Pairwise scores of `predicted` clusters against `truth` (one label per record).
pub fn pairwise(predicted: &[usize], truth: &[usize]) -> Scores {
    let predicted_groups = groups(predicted);
    let true_pairs = pairs_within(&groups(truth));
    let predicted_pairs = pairs_within(&predicted_groups);
    let mut correct = 0u64;
    for members in predicted_groups.values() {
        let mut by_truth: FxHashMap<usize, u64> = FxHashMap::default();
        for &i in members {
            *by_truth.entry(truth[i]).or_default() += 1;
        }
        correct += by_truth
            .values()
            .map(|n| n * n.saturating_sub(1) / 2)
            .sum::<u64>();
    }
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    Scores::new(ratio(correct, predicted_pairs), ratio(correct, true_pairs))
}

/// B-cubed scores: per record, the share of its cluster that is truly it, and the share of
/// its true person that its cluster holds, averaged.
pub fn b_cubed(predicted: &[usize], truth: &[usize]) -> Scores {
    let p_groups = groups(predicted);
    let t_groups = groups(truth);
    let mut overlap: FxHashMap<(usize, usize), f64> = FxHashMap::default();
    for i in 0..predicted.len() {
        *overlap.entry((predicted[i], truth[i])).or_default() += 1.0;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for i in 0..predicted.len() {
        let both = overlap[&(predicted[i], truth[i])];
        precision += both / p_groups[&predicted[i]].len() as f64;
        recall += both / t_groups[&truth[i]].len() as f64;
    }
    let n = predicted.len().max(1) as f64;
    Scores::new(precision / n, recall / n)
}

/// How many of the true pairs (records of one person) are among `candidates` (sorted, as
/// [`crate::Linker::candidate_pairs`] returns them), out of how many.
pub fn pairs_completeness(candidates: &[(u32, u32)], truth: &[usize]) -> (usize, usize) {
    let (mut found, mut all) = (0, 0);
    for members in groups(truth).values() {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                let pair = (i.min(j) as u32, i.max(j) as u32);
                all += 1;
                found += usize::from(candidates.binary_search(&pair).is_ok());
            }
        }
    }
    (found, all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_count_pairs_and_records() {
        let truth = [0, 0, 0, 1, 1, 2];
        let perfect = pairwise(&truth, &truth);
        assert_eq!((perfect.precision, perfect.recall), (1.0, 1.0));
        // One record split off person 0, and persons 1 and 2 merged.
        let predicted = [0, 0, 3, 1, 1, 1];
        let p = pairwise(&predicted, &truth);
        assert!((p.precision - 2.0 / 4.0).abs() < 1e-9, "{p:?}");
        assert!((p.recall - 2.0 / 4.0).abs() < 1e-9, "{p:?}");
        let b = b_cubed(&predicted, &truth);
        assert!(b.precision < 1.0 && b.recall < 1.0);
    }
}

//! Accuracy and time of identity resolution on a people file with known truth, and where
//! the true pairs it misses are lost (blocking, scoring, the link rules or clustering):
//!
//!     cargo run --release -p passerelle-linkage --example evaluate -- people.csv truth.csv
//!
//! `truth.csv` is `id,person`. Files from elsewhere: `scripts/febrl_people.py`.

use passerelle_linkage::evaluate::{b_cubed, pairs_completeness, pairwise};
use passerelle_linkage::io::read_people;
use passerelle_linkage::{LinkKind, Linker, ScoredPair, Thresholds, cluster};
use std::collections::HashMap;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (people_path, truth_path) = match &args[..] {
        [_, p, t] => (p, t),
        _ => {
            eprintln!("usage: evaluate PEOPLE.csv TRUTH.csv");
            std::process::exit(2);
        }
    };
    let people = read_people(&std::fs::read(people_path).expect("people file"))
        .unwrap_or_else(|e| panic!("{people_path}: {e}"));
    let truth_text = std::fs::read_to_string(truth_path).expect("truth file");
    let person_of: HashMap<&str, &str> = truth_text
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(','))
        .collect();
    let mut labels: HashMap<&str, usize> = HashMap::new();
    let truth: Vec<usize> = people
        .records
        .iter()
        .map(|r| {
            let person = person_of
                .get(r.id.as_str())
                .unwrap_or_else(|| panic!("{} is not in the truth", r.id));
            let next = labels.len();
            *labels.entry(person).or_insert(next)
        })
        .collect();
    let thresholds = Thresholds::default();
    let started = Instant::now();
    let mut linker = Linker::new(people.records);
    let prepared = started.elapsed().as_secs_f64();
    let candidates = linker.candidate_pairs();
    let blocked = started.elapsed().as_secs_f64();
    linker.train(&candidates, Linker::random_pairs_for(linker.len()), 2026);
    let trained = started.elapsed().as_secs_f64();
    let scored = linker.score_pairs(&candidates, thresholds.review);
    let clusters = cluster(&linker, &scored, thresholds);
    let all = started.elapsed().as_secs_f64();
    println!(
        "{} records (impossible birth dates {}, unreadable {}), {} candidates, {:.3} relatives per person pair",
        linker.len(),
        people.impossible_birth_dates,
        people.unreadable_birth_dates,
        candidates.len(),
        linker.model.relatives
    );
    println!(
        "seconds: prepare {prepared:.3}, block {:.3}, train {:.3}, score and cluster {:.3}, all {all:.3}",
        blocked - prepared,
        trained - blocked,
        all - trained
    );
    let (found, true_pairs) = pairs_completeness(&candidates, &truth);
    let p = pairwise(&clusters, &truth);
    let b = b_cubed(&clusters, &truth);
    println!(
        "clusters: precision {:.4} recall {:.4} F1 {:.4}; b-cubed F1 {:.4}; blocking completeness {:.4}",
        p.precision,
        p.recall,
        p.f1,
        b.f1,
        found as f64 / true_pairs as f64
    );
    // Where the true pairs that clustering did not join were lost.
    let by_pair: HashMap<(u32, u32), ScoredPair> =
        scored.iter().map(|s| ((s.a, s.b), *s)).collect();
    let mut persons: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &t) in truth.iter().enumerate() {
        persons.entry(t).or_default().push(i);
    }
    let mut lost: HashMap<&str, usize> = HashMap::new();
    for members in persons.values() {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if clusters[i] == clusters[j] {
                    continue;
                }
                let pair = (i.min(j) as u32, i.max(j) as u32);
                let why = match by_pair.get(&pair) {
                    _ if candidates.binary_search(&pair).is_err() => "not a candidate",
                    None => "below the review band",
                    Some(s) if s.probability < thresholds.link => "in the review band",
                    Some(s) if s.kind == LinkKind::Disputed && !s.links(thresholds.link) => {
                        "disputed: not one person over strangers and relatives"
                    }
                    Some(s) if !s.links(thresholds.link) => "too little agrees",
                    Some(s) if s.kind == LinkKind::NamesOnly => {
                        "names only, not pointing to one person"
                    }
                    Some(_) => "kept apart by clustering",
                };
                *lost.entry(why).or_default() += 1;
            }
        }
    }
    let mut lost: Vec<_> = lost.into_iter().collect();
    lost.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let missed: usize = lost.iter().map(|(_, n)| n).sum();
    println!("true pairs not joined: {missed} of {true_pairs}");
    for (why, n) in lost {
        println!("  {n:>6}  {why}");
    }
}

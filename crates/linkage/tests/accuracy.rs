//! Accuracy on synthetic referrals with known truth (names, birth date and address only).

use passerelle_linkage::evaluate::{b_cubed, pairwise};
use passerelle_linkage::generate::{SyntheticSpec, synthetic};
use passerelle_linkage::{Thresholds, deduplicate};

#[test]
fn links_duplicates_precisely_on_names_birth_dates_and_addresses() {
    let data = synthetic(&SyntheticSpec {
        people: 20_000,
        duplicated: 0.3,
        contact_details: false,
        seed: 11,
    });
    let (linker, pairs, clusters) = deduplicate(data.records, Thresholds::default());
    let mut shown = 0;
    for p in &pairs {
        if clusters[p.a as usize] == clusters[p.b as usize]
            && data.truth[p.a as usize] != data.truth[p.b as usize]
            && shown < 8
        {
            shown += 1;
            let (a, b) = (&linker.records[p.a as usize], &linker.records[p.b as usize]);
            eprintln!(
                "FP {} {} {:?} {} {} | {} {} {:?} {} {}",
                a.given_name,
                a.family_name,
                a.birth_date,
                a.street,
                a.postal_code,
                b.given_name,
                b.family_name,
                b.birth_date,
                b.street,
                b.postal_code
            );
            let e = linker.explain(p.a as usize, p.b as usize);
            eprintln!(
                "   {:?}",
                e.fields
                    .iter()
                    .map(|f| (f.level, (f.weight * 10.0).round() / 10.0))
                    .collect::<Vec<_>>()
            );
        }
    }
    let mut missed = 0;
    let mut by_truth: std::collections::HashMap<usize, Vec<usize>> = Default::default();
    for (i, t) in data.truth.iter().enumerate() {
        by_truth.entry(*t).or_default().push(i);
    }
    for g in by_truth.values() {
        for x in 0..g.len() {
            for y in x + 1..g.len() {
                if clusters[g[x]] != clusters[g[y]] {
                    missed += 1;
                    if missed <= 10 {
                        let (a, b) = (&linker.records[g[x]], &linker.records[g[y]]);
                        let e = linker.explain(g[x], g[y]);
                        eprintln!(
                            "FN p={:.4} {} {} {:?} {} {} | {} {} {:?} {} {}",
                            e.probability,
                            a.given_name,
                            a.family_name,
                            a.birth_date,
                            a.street,
                            a.postal_code,
                            b.given_name,
                            b.family_name,
                            b.birth_date,
                            b.street,
                            b.postal_code
                        );
                        eprintln!(
                            "   {:?}",
                            e.fields
                                .iter()
                                .map(|f| (f.level, (f.weight * 10.0).round() / 10.0))
                                .collect::<Vec<_>>()
                        );
                    }
                }
            }
        }
    }
    eprintln!("missed pairs {missed}");
    let (mut guard, mut low, mut other, mut uncand) = (0, 0, 0, 0);
    let cand: std::collections::HashSet<(u32, u32)> = pairs.iter().map(|p| (p.a, p.b)).collect();
    for g in by_truth.values() {
        for x in 0..g.len() {
            for y in x + 1..g.len() {
                if clusters[g[x]] != clusters[g[y]] {
                    let (i, j) = (g[x].min(g[y]) as u32, g[x].max(g[y]) as u32);
                    let e = linker.explain(i as usize, j as usize);
                    let c = passerelle_linkage::compare::compare(
                        &passerelle_linkage::normalize::prepare(&linker.records[i as usize]),
                        &passerelle_linkage::normalize::prepare(&linker.records[j as usize]),
                    );
                    if !passerelle_linkage::linker::auto_linkable(&c) {
                        guard += 1;
                        if guard <= 12 {
                            eprintln!(
                                "G {:?} | {} {} {:?} | {} {} {:?}",
                                c.levels,
                                linker.records[i as usize].given_name,
                                linker.records[i as usize].family_name,
                                linker.records[i as usize]
                                    .birth_date
                                    .map(|d| (d.year, d.month, d.day)),
                                linker.records[j as usize].given_name,
                                linker.records[j as usize].family_name,
                                linker.records[j as usize]
                                    .birth_date
                                    .map(|d| (d.year, d.month, d.day))
                            );
                        }
                    } else if e.probability < 0.999 {
                        low += 1;
                        if low <= 6 {
                            eprintln!(
                                "L {:.4} {:?} | {} {} {:?} {} | {} {} {:?} {}",
                                e.probability,
                                c.levels,
                                linker.records[i as usize].given_name,
                                linker.records[i as usize].family_name,
                                linker.records[i as usize]
                                    .birth_date
                                    .map(|d| (d.year, d.month, d.day)),
                                linker.records[i as usize].street,
                                linker.records[j as usize].given_name,
                                linker.records[j as usize].family_name,
                                linker.records[j as usize]
                                    .birth_date
                                    .map(|d| (d.year, d.month, d.day)),
                                linker.records[j as usize].street
                            );
                        }
                    } else if !cand.contains(&(i, j)) {
                        uncand += 1;
                        if uncand <= 6 {
                            eprintln!(
                                "U {:.4} {:?} | {} {} {:?} | {} {} {:?}",
                                e.probability,
                                c.levels,
                                linker.records[i as usize].given_name,
                                linker.records[i as usize].family_name,
                                linker.records[i as usize]
                                    .birth_date
                                    .map(|d| (d.year, d.month, d.day)),
                                linker.records[j as usize].given_name,
                                linker.records[j as usize].family_name,
                                linker.records[j as usize]
                                    .birth_date
                                    .map(|d| (d.year, d.month, d.day))
                            );
                        }
                    } else {
                        other += 1
                    }
                }
            }
        }
    }
    eprintln!(
        "missed: guard {guard} low {low} not-candidate-or-below-review {uncand} other {other}"
    );
    eprintln!(
        "false links: {}",
        pairs
            .iter()
            .filter(
                |p| p.probability >= 0.99 && data.truth[p.a as usize] != data.truth[p.b as usize]
            )
            .count()
    );
    let p = pairwise(&clusters, &data.truth);
    let b = b_cubed(&clusters, &data.truth);
    eprintln!(
        "pairwise {p:?}\nb-cubed {b:?}\nmodel prior {}",
        linker.model.prior
    );
    for f in 0..8 {
        eprintln!(
            "{:?} used {} m {:.4?} u {:.5?}",
            passerelle_linkage::compare::Field::ALL[f],
            linker.model.used[f],
            linker.model.m[f],
            linker.model.u[f]
        );
    }
    assert!(p.precision >= 0.995, "{p:?}");
    assert!(p.f1 >= 0.99, "{p:?}");
}

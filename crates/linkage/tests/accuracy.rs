//! Accuracy on synthetic referrals with known truth, using names, birth date and address
//! only (no identifier, phone or email): 20,000 people, 30 % of them referred two to four
//! times with typos, nicknames, transposed or mistyped birth dates, missing fields, swapped
//! names, added family names and new addresses.

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
    let records = data.records.len();
    let linker = passerelle_linkage::Linker::new(data.records.clone());
    let candidates = linker.candidate_pairs();
    let (found, all) = passerelle_linkage::evaluate::pairs_completeness(&candidates, &data.truth);
    let completeness = found as f64 / all as f64;
    let reduction = 1.0 - candidates.len() as f64 / (records as f64 * (records as f64 - 1.0) / 2.0);
    eprintln!("blocking: pairs completeness {completeness:.4}, reduction ratio {reduction:.5}");
    assert!(
        completeness >= 0.98 && reduction >= 0.999,
        "{completeness} {reduction}"
    );
    let (_, pairs, clusters) = deduplicate(data.records, Thresholds::default());
    let p = pairwise(&clusters, &data.truth);
    let b = b_cubed(&clusters, &data.truth);
    let review = pairs
        .iter()
        .filter(|x| x.probability < Thresholds::default().link)
        .count();
    eprintln!("{records} records; pairwise {p:?}; b-cubed {b:?}; {review} pairs to review");
    // Precision first: a wrong merge can cost someone their place.
    assert!(p.precision >= 0.995, "{p:?}");
    assert!(p.f1 >= 0.99, "{p:?}");
    assert!(b.precision >= 0.998 && b.f1 >= 0.99, "{b:?}");
}

/// The second, independent model of referral files (`intake`): names drawn by a Zipf law,
/// twins and juniors, keyboard and OCR slips, birth dates written several ways and some
/// impossible. Read through the same CSV reader as `passerelle link`.
#[test]
fn links_the_second_models_referrals_without_merging_relatives() {
    use passerelle_linkage::intake::{IntakeSpec, intake};
    use passerelle_linkage::io::read_people;
    for seed in [7, 8] {
        let file = intake(&IntakeSpec {
            people: 5_000,
            duplicated: 0.4,
            seed,
        });
        let people = read_people(&file.csv).unwrap();
        assert!(people.impossible_birth_dates > 0);
        let (_, _, clusters) = deduplicate(people.records, Thresholds::default());
        let p = pairwise(&clusters, &file.truth);
        eprintln!("intake seed {seed}: pairwise {p:?}");
        assert!(p.precision >= 0.99, "{p:?}");
        assert!(p.f1 >= 0.93, "{p:?}");
    }
}

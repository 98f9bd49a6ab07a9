//! Relatives against one person written down badly: when a name or the birth date flatly
//! disagrees, only evidence a relative could not share (a birth date, an identifier, an
//! email) links two records; a family name, a home and a phone do not.

use passerelle_linkage::generate::{SyntheticSpec, synthetic};
use passerelle_linkage::{BirthDate, LinkKind, Linker, PersonRecord, Thresholds, cluster};

fn record(id: &str, given: &str, birth: &str, email: &str, identifier: &str) -> PersonRecord {
    PersonRecord {
        id: id.into(),
        given_name: given.into(),
        family_name: "Kowalczyk".into(),
        birth_date: BirthDate::parse(birth),
        street: "455 rue Dalhousie".into(),
        city: "Ottawa".into(),
        postal_code: "K1N 7G2".into(),
        phone: "613-555-0142".into(),
        email: email.into(),
        identifier: identifier.into(),
        ..Default::default()
    }
}

#[test]
fn a_flat_disagreement_links_only_on_evidence_a_relative_could_not_share() {
    let data = synthetic(&SyntheticSpec {
        people: 5_000,
        duplicated: 0.3,
        contact_details: true,
        seed: 21,
    });
    let mut records = data.records;
    let first = records.len();
    records.extend([
        // Twins: one family name, birth date, home and phone; two given names.
        record("twin-a", "Agnieszka", "1991-03-14", "", "4471 902 113"),
        record("twin-b", "Zofia", "1991-03-14", "", "4471 902 999"),
        // A father and son of one name, born 27 years apart.
        record("senior", "Tomasz", "1964-11-02", "", ""),
        record("junior", "Tomasz", "1991-08-30", "", ""),
        // One woman, her given name written as the name she goes by on one form: the
        // birth date, email and health card agree.
        record(
            "form-1",
            "Wiktoria",
            "1958-06-21",
            "w.kowalczyk@example.org",
            "1180 554 207",
        ),
        record(
            "form-2",
            "Vicky",
            "1958-06-21",
            "w.kowalczyk@example.org",
            "1180 554 207",
        ),
    ]);
    let mut linker = Linker::new(records);
    let candidates = linker.candidate_pairs();
    linker.train(&candidates, Linker::random_pairs_for(linker.len()), 5);
    let thresholds = Thresholds::default();
    let scored = linker.score_pairs(&candidates, thresholds.review);
    let pair = |a: usize, b: usize| {
        scored
            .iter()
            .find(|p| (p.a as usize, p.b as usize) == (first + a, first + b))
            .copied()
    };
    // The twins score high on everything a family shares, but flatly disagree on the given
    // name and have nothing of their own in common: never linked.
    let twins = pair(0, 1).expect("the twins are a candidate pair");
    assert_eq!(twins.kind, LinkKind::Disputed);
    assert!(!twins.links(thresholds.link), "{twins:?}");
    if let Some(junior) = pair(2, 3) {
        assert!(!junior.links(thresholds.link), "{junior:?}");
    }
    let forms = pair(4, 5).expect("the two forms are a candidate pair");
    assert_eq!(forms.kind, LinkKind::Disputed);
    assert!(forms.links(thresholds.link), "{forms:?}");
    assert!(forms.person_probability < forms.probability);

    let clusters = cluster(&linker, &scored, thresholds);
    assert_ne!(clusters[first], clusters[first + 1], "twins");
    assert_ne!(clusters[first + 2], clusters[first + 3], "father and son");
    assert_eq!(clusters[first + 4], clusters[first + 5], "one woman");
}

//! Checking one new referral against existing records, with the reasons.

use passerelle_linkage::compare::Field;
use passerelle_linkage::generate::{SyntheticSpec, synthetic};
use passerelle_linkage::{BirthDate, Linker, PersonRecord, Thresholds};

#[test]
fn a_new_referral_finds_its_person_and_says_why() {
    let data = synthetic(&SyntheticSpec {
        people: 5_000,
        duplicated: 0.3,
        contact_details: false,
        seed: 3,
    });
    let mut records = data.records;
    records.push(PersonRecord {
        id: "existing".into(),
        given_name: "Marie-Ève".into(),
        family_name: "Lachapelle".into(),
        birth_date: BirthDate::parse("1979-04-23"),
        street: "12 rue Dupuis".into(),
        postal_code: "K1L 6P3".into(),
        ..Default::default()
    });
    let mut linker = Linker::new(records);
    let pairs = linker.candidate_pairs();
    linker.train(&pairs, 50_000, 1);

    let new = PersonRecord {
        id: "new".into(),
        given_name: "Marie Eve".into(),
        family_name: "LACHAPELLE-ROY".into(),
        birth_date: BirthDate::parse("19790423"),
        postal_code: "K1L6P3".into(),
        ..Default::default()
    };
    let found = linker.check(&new, Thresholds::default().review);
    let (index, why) = &found[0];
    assert_eq!(linker.records[*index].id, "existing");
    assert!(why.probability >= 0.99, "{why:?}");
    let level = |f: Field| why.fields.iter().find(|e| e.field == f).map(|e| e.level);
    assert_eq!(level(Field::GivenName), Some("exact"));
    assert_eq!(level(Field::FamilyName), Some("shares_a_name"));
    assert_eq!(level(Field::BirthDate), Some("exact"));
    assert_eq!(level(Field::Address), Some("same_postal_code"));
    let total: f64 = why.prior_weight + why.fields.iter().map(|e| e.weight).sum::<f64>();
    assert!(
        (total - why.total_weight).abs() < 1e-9,
        "the weights add up to the total"
    );

    // An alias recorded by another agency finds the person too.
    let alias = PersonRecord {
        id: "alias".into(),
        given_name: "Evie".into(),
        family_name: "Smith".into(),
        other_names: "Marie-Ève Lachapelle".into(),
        birth_date: BirthDate::parse("1979-04-23"),
        ..Default::default()
    };
    let found = linker.check(&alias, Thresholds::default().review);
    assert_eq!(linker.records[found[0].0].id, "existing", "{found:?}");

    // Someone else entirely finds nobody.
    let stranger = PersonRecord {
        id: "stranger".into(),
        given_name: "Zébulon".into(),
        family_name: "Quackenbush".into(),
        birth_date: BirthDate::parse("1901-01-01"),
        ..Default::default()
    };
    assert!(
        linker
            .check(&stranger, Thresholds::default().review)
            .is_empty()
    );
}

#[test]
fn a_record_added_later_is_found_as_if_it_had_been_there_from_the_start() {
    let data = synthetic(&SyntheticSpec {
        people: 2_000,
        duplicated: 0.3,
        contact_details: true,
        seed: 5,
    });
    let mut records = data.records;
    let last = records.pop().unwrap();
    let mut whole = Linker::new(records.iter().cloned().chain([last.clone()]).collect());
    let pairs = whole.candidate_pairs();
    whole.train(&pairs, 20_000, 2);

    let mut grown = Linker::new(records);
    grown.model = whole.model.clone();
    let index = grown.add(last.clone());
    assert_eq!(index, grown.len() - 1);
    assert_eq!(grown.records[index], last);

    // Every record checked against both linkers finds the same candidates, the added one
    // included, with the same kinds.
    for probe in grown.records.iter().step_by(97) {
        let a = whole.candidates(probe, 0.5);
        let b = grown.candidates(probe, 0.5);
        let ids = |c: &[passerelle_linkage::Candidate], l: &Linker| {
            c.iter()
                .map(|c| (l.records[c.index].id.clone(), c.kind))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&a, &whole), ids(&b, &grown), "{}", probe.id);
    }
    let found = grown.candidates(&last, 0.5);
    assert_eq!(grown.records[found[0].index].id, last.id, "itself, first");
}

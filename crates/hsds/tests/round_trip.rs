use passerelle_demo::{DemoOptions, generate};
use passerelle_domain::directory::DirectorySnapshot;
use passerelle_hsds::{Tables, from_tables, read_path, to_tables, write_path};

fn demo() -> DirectorySnapshot {
    generate(DemoOptions::default()).directory
}

/// What a round trip must keep: the organizations with everything under them (their French
/// descriptions included, in Passerelle's `_fr` columns and properties), and areas by name. HSDS has no field for an area's French name or centre, nor for the area a location
/// lies in, so those are left out of the comparison.
fn comparable(
    d: &DirectorySnapshot,
) -> (
    Vec<passerelle_domain::directory::OrganizationRecord>,
    Vec<String>,
) {
    let mut orgs = d.organizations.clone();
    for r in &mut orgs {
        for l in &mut r.locations {
            l.fields.area_id = None;
        }
        for s in &mut r.services {
            s.fields.term_ids.sort();
            s.fields.area_ids.sort();
            s.fields.location_ids.sort();
        }
    }
    let mut areas: Vec<String> = d.areas.iter().map(|a| a.name.clone()).collect();
    areas.sort();
    (orgs, areas)
}

#[test]
fn json_round_trip_keeps_the_directory() {
    let original = demo();
    // The demo's agencies write in both languages, so the comparison covers the French texts.
    assert!(original.organizations.iter().all(|r| {
        r.organization.fields.description_fr.is_some()
            && r.services.iter().all(|s| s.fields.description_fr.is_some())
    }));
    let json = to_tables(&original).to_json().unwrap();
    let back = from_tables(&Tables::from_json(&json, "dir.json").unwrap()).unwrap();
    assert_eq!(comparable(&back), comparable(&original));
}

#[test]
fn csv_round_trip_keeps_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let original = demo();
    write_path(&dir.path().join("tables"), &original).unwrap();
    for table in [
        "organization",
        "service",
        "location",
        "address",
        "service_at_location",
        "service_area",
        "attribute",
        "contact",
        "phone",
    ] {
        assert!(
            dir.path()
                .join("tables")
                .join(format!("{table}.csv"))
                .exists(),
            "{table}"
        );
    }
    let back = read_path(&dir.path().join("tables")).unwrap();
    assert_eq!(comparable(&back), comparable(&original));
}

#[test]
fn reads_a_bare_array_of_hsds_organizations_with_nested_terms() {
    let json = r#"[{
        "id": "2f1c6a3e-0d5b-4c1e-9a53-0c7a1f0b9e11",
        "name": "Centre Espoir",
        "services": [{
            "id": "svc-1",
            "name": "Repas",
            "status": "active",
            "minimum_age": 18,
            "service_areas": [{"id": "sa-1", "name": "Vanier"}],
            "attributes": [{"id": "a1", "taxonomy_term": {"id": "t-meals", "name": "Meals", "taxonomy": "211", "parent_id": null}}]
        }],
        "locations": [{"id": "loc-1", "name": "Main", "latitude": 45.43, "longitude": -75.66,
                        "addresses": [{"id": "ad-1", "address_1": "1 Rue Main", "city": "Ottawa", "postal_code": "k1l 5a1", "address_type": "physical"}]}],
        "contacts": [{"id": "c1", "name": "Anne Roy", "phones": [{"id": "p1", "number": "613-555-0101"}]}]
    }]"#;
    let d = from_tables(&Tables::from_json(json, "211.json").unwrap()).unwrap();
    let org = &d.organizations[0];
    assert_eq!(org.organization.fields.name, "Centre Espoir");
    assert_eq!(org.services[0].fields.minimum_age, Some(18));
    assert_eq!(org.services[0].fields.term_ids.len(), 1);
    assert_eq!(d.areas[0].name, "Vanier");
    assert_eq!(
        org.locations[0]
            .fields
            .postal_code
            .as_ref()
            .unwrap()
            .as_str(),
        "K1L 5A1"
    );
    assert_eq!(
        org.contacts[0].fields.phone.as_deref(),
        Some("613-555-0101")
    );
    assert_eq!(d.taxonomies[0].name, "211");
}

#[test]
fn a_bad_record_is_named_by_file_record_and_field() {
    let json = r#"{"organizations": [
        {"id": "o1", "name": "Good"},
        {"id": "o2", "name": "Bad", "email": "not-an-email"}
    ]}"#;
    let error = from_tables(&Tables::from_json(json, "dir.json").unwrap()).unwrap_err();
    assert_eq!(error.file, "dir.json (organization)");
    assert_eq!(error.record, "o2");
    assert_eq!(error.field, "email");

    let dangling = r#"[{"id": "o1", "name": "A", "services": [{"id": "s1", "name": "S",
        "service_at_locations": [{"id": "x", "location_id": "nowhere"}]}]}]"#;
    let error = from_tables(&Tables::from_json(dangling, "d.json").unwrap()).unwrap_err();
    assert_eq!(
        (error.record.as_str(), error.field.as_str()),
        ("x", "location_id")
    );

    let error = Tables::from_json("{not json", "broken.json").unwrap_err();
    assert_eq!(error.file, "broken.json");
    assert!(error.message.contains("line 1"), "{}", error.message);
}

#[test]
fn a_bad_csv_line_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("organization.csv"),
        "id,name,email\no1,Good,\no2,Bad,nope\n",
    )
    .unwrap();
    let error = read_path(dir.path()).unwrap_err();
    assert_eq!(
        (
            error.file.as_str(),
            error.record.as_str(),
            error.field.as_str()
        ),
        ("organization.csv", "o2", "email")
    );
    std::fs::write(
        dir.path().join("organization.csv"),
        "id,name\no1,Good,extra\n",
    )
    .unwrap();
    let error = read_path(dir.path()).unwrap_err();
    assert_eq!(
        (error.file.as_str(), error.record.as_str()),
        ("organization.csv", "line 2")
    );
}

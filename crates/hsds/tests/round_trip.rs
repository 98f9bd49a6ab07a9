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
    let back = from_tables(&Tables::from_json(&json, "dir.json").unwrap())
        .unwrap()
        .snapshot;
    assert_eq!(comparable(&back), comparable(&original));
}

#[test]
fn csv_round_trip_keeps_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let original = demo();
    write_path(&dir.path().join("tables"), &original).unwrap();
    // The standard's file names, and a data package that lists each with its columns.
    let package: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("tables/datapackage.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(package["profile"], "tabular-data-package");
    for file in [
        "organizations.csv",
        "services.csv",
        "locations.csv",
        "addresses.csv",
        "service_at_location.csv",
        "service_areas.csv",
        "taxonomies.csv",
        "taxonomy_terms.csv",
        "attributes.csv",
        "contacts.csv",
        "phones.csv",
    ] {
        let text = std::fs::read_to_string(dir.path().join("tables").join(file)).unwrap();
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let resource = package["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["path"] == file)
            .unwrap_or_else(|| panic!("{file} in datapackage.json"));
        let fields: Vec<&str> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(fields, header, "{file}");
    }
    let back = read_path(&dir.path().join("tables")).unwrap().snapshot;
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
    let d = from_tables(&Tables::from_json(json, "211.json").unwrap())
        .unwrap()
        .snapshot;
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
        dir.path().join("organizations.csv"),
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
        ("organizations.csv", "o2", "email")
    );
    std::fs::write(
        dir.path().join("organizations.csv"),
        "id,name\no1,Good,extra\n",
    )
    .unwrap();
    let error = read_path(dir.path()).unwrap_err();
    assert_eq!(
        (error.file.as_str(), error.record.as_str()),
        ("organizations.csv", "line 2")
    );

    // An earlier export's singular file name is still read, and named as it is.
    let old = tempfile::tempdir().unwrap();
    std::fs::write(
        old.path().join("organization.csv"),
        "id,name,email\no1,Good,\no2,Bad,nope\n",
    )
    .unwrap();
    let error = read_path(old.path()).unwrap_err();
    assert_eq!(error.file, "organization.csv");
}

/// The shapes the standard defines besides Passerelle's own: one organization in full (as
/// `GET /organizations/{id}` answers) and a list response; a file that holds no organization
/// is an error, never an import of nothing.
#[test]
fn one_organization_in_full_or_a_list_response_imports_and_nothing_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let organization = serde_json::json!({
        "id": "3f1c1d2e-6b0a-4a5e-9c1f-1b2c3d4e5f60",
        "name": "Maison du Quartier",
        "description": "Repas et halte-accueil",
        "services": [{
            "id": "5a6b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
            "name": "Repas du midi",
            "status": "active",
            "minimum_age": 16,
        }],
        "locations": [{
            "id": "7c8d9e0f-2a3b-4c5d-9e6f-7a8b9c0d1e2f",
            "name": "Site principal",
            "latitude": 45.43,
            "longitude": -75.68,
            "addresses": [{"address_1": "12, rue Principale", "city": "Gatineau", "state_province": "QC", "postal_code": "J8X 1A1", "country": "CA", "address_type": "physical"}],
        }],
    });
    let one = dir.path().join("organization_full.json");
    std::fs::write(&one, organization.to_string()).unwrap();
    let read = read_path(&one).unwrap().snapshot;
    assert_eq!(read.organizations.len(), 1);
    let record = &read.organizations[0];
    assert_eq!(record.organization.fields.name, "Maison du Quartier");
    assert_eq!(record.services[0].fields.minimum_age, Some(16));
    assert_eq!(record.locations[0].fields.latitude, Some(45.43));
    assert_eq!(record.locations[0].fields.city.as_deref(), Some("Gatineau"));

    let page = dir.path().join("page.json");
    let list = serde_json::json!({"total_items": 1, "total_pages": 1, "page_number": 1, "size": 1, "first_page": true, "last_page": true, "empty": false, "contents": [organization]});
    std::fs::write(&page, list.to_string()).unwrap();
    assert_eq!(read_path(&page).unwrap().snapshot.organizations.len(), 1);

    for nothing in [
        serde_json::json!({}),
        serde_json::json!([]),
        serde_json::json!({"contents": []}),
        serde_json::json!({"taxonomies": []}),
        serde_json::json!({"title": "not HSDS"}),
    ] {
        let file = dir.path().join("nothing.json");
        std::fs::write(&file, nothing.to_string()).unwrap();
        assert!(read_path(&file).is_err(), "{nothing}");
    }
}

/// Coordinates and ages are numbers in the JSON form, as the standard types them, and the
/// descriptions it requires (an organization's, a taxonomy term's) are always there.
#[test]
fn the_json_form_writes_numbers_as_numbers() {
    let mut directory = demo();
    directory.organizations[0].organization.fields.description = None;
    let json = to_tables(&directory).to_json().unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    for organization in value["contents"].as_array().unwrap() {
        assert!(
            organization["description"].is_string(),
            "{}",
            organization["name"]
        );
    }
    assert_eq!(value["contents"][0]["description"], "");
    for term in value["taxonomy_terms"].as_array().unwrap() {
        assert!(term["description"].is_string(), "{}", term["name"]);
    }
    // And a blank description comes back as none.
    let back =
        passerelle_hsds::from_tables(&passerelle_hsds::Tables::from_json(&json, "d.json").unwrap())
            .unwrap()
            .snapshot;
    assert_eq!(back.organizations[0].organization.fields.description, None);
    let first = &value["contents"][0];
    assert!(
        first["locations"][0]["latitude"].is_f64(),
        "{}",
        first["locations"][0]
    );
    let ages: Vec<&serde_json::Value> = value["contents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["services"].as_array().unwrap())
        .filter_map(|s| s.get("minimum_age"))
        .collect();
    assert!(!ages.is_empty() && ages.iter().all(|a| a.is_u64()));
}

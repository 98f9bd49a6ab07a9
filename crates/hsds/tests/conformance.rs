//! HSDS 3.1 conformance: every export keeps the standard's rules (`conformance::check`), files
//! in each of the standard's shapes import with what they hold and count what they do not,
//! and an export read back and written again is the same file, in both forms.
//!
//! The files below are written for these tests from the standard's documentation (schema and
//! API references): the shapes, names and nesting it describes, with Ottawa-area content.

use passerelle_demo::{DemoOptions, generate};
use passerelle_domain::directory::DirectorySnapshot;
use passerelle_hsds::conformance::{check, check_list};
use passerelle_hsds::{Imported, read_path, to_tables, write_path};
use serde_json::{Value, json};
use std::path::Path;

fn demo() -> DirectorySnapshot {
    generate(DemoOptions::default()).directory
}

const ORG: &str = "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d01";
const SERVICE: &str = "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d02";
const LOCATION: &str = "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d03";
const LINK: &str = "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d04";
const CONTACT: &str = "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d05";
const PHONE: &str = "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d06";
const TERM: &str = "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d07";
const TAXONOMY: &str = "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d08";
/// An organization the files name but do not hold (HSDS lets a location stand without its
/// organization).
const ELSEWHERE: &str = "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d99";

fn location() -> Value {
    json!({
        "id": LOCATION,
        "organization_id": ELSEWHERE,
        "location_type": "physical",
        "name": "Centre communautaire Overbrook",
        "transportation": "Bus 19",
        "latitude": 45.4321,
        "longitude": -75.6543,
        "addresses": [{
            "id": "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d10",
            "attention": "Accueil",
            "address_1": "33, chemin Quill",
            "city": "Ottawa",
            "state_province": "ON",
            "postal_code": "K1K 4E7",
            "country": "CA",
            "address_type": "physical"
        }],
        "schedules": [{"id": "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d11", "opens_at": "09:00", "closes_at": "17:00"}]
    })
}

fn contact() -> Value {
    json!({
        "id": CONTACT,
        "name": "Rita Cloutier",
        "title": "Coordinatrice",
        "phones": [{"id": PHONE, "number": "613-555-0142", "extension": "12", "type": "voice"}]
    })
}

fn attribute() -> Value {
    json!({
        "id": "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d12",
        "taxonomy_term": {
            "id": TERM,
            "name": "Food",
            "description": "Meals, groceries and food banks",
            "code": "BD",
            "taxonomy_detail": {"id": TAXONOMY, "name": "211 Ontario", "description": "The 211 taxonomy", "version": "2024"}
        }
    })
}

fn service_fields() -> Value {
    json!({
        "id": SERVICE,
        "name": "Repas du midi",
        "description": "Un repas chaud en semaine",
        "status": "active",
        "minimum_age": 16,
        "fees_description": "Gratuit",
        "service_areas": [{"id": "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d13", "name": "Overbrook"}],
        "attributes": [attribute()],
        "contacts": [contact()],
        "languages": [{"id": "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d14", "name": "French", "code": "fr"}]
    })
}

fn organization_fields() -> Value {
    json!({
        "id": ORG,
        "name": "Maison communautaire Overbrook",
        "description": "Repas, halte-accueil et aide au logement",
        "email": "info@overbrook.example.org",
        "year_incorporated": 1998,
        "funding": [{"id": "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d15", "source": "City"}]
    })
}

fn merge(mut base: Value, more: Value) -> Value {
    for (k, v) in more.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

/// `GET /organizations/{id}`: the organization with everything nested.
fn organization_full() -> Value {
    let mut service = service_fields();
    service["service_at_locations"] = json!([{"id": LINK, "location": location()}]);
    merge(
        organization_fields(),
        json!({"services": [service], "locations": [location()], "contacts": [contact()],
               "phones": [{"id": "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d16", "number": "613-555-0100"}]}),
    )
}

/// `GET /services/{id}`: the service with its organization and locations nested.
fn service_full() -> Value {
    merge(
        service_fields(),
        json!({"organization": organization_fields(),
               "service_at_locations": [{"id": LINK, "location": location()}]}),
    )
}

/// `GET /service_at_locations/{id}`.
fn service_at_location_full() -> Value {
    json!({"id": LINK, "service": merge(service_fields(), json!({"organization": organization_fields()})), "location": location()})
}

fn list(items: Vec<Value>) -> Value {
    json!({"total_items": items.len(), "total_pages": 1, "page_number": 1, "size": items.len(),
           "first_page": true, "last_page": true, "empty": items.is_empty(), "contents": items})
}

fn read_json(dir: &Path, name: &str, value: &Value) -> Imported {
    let file = dir.join(name);
    std::fs::write(&file, value.to_string()).unwrap();
    read_path(&file).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// What every shape must bring in: the organization, its service at its location (which
/// named an organization the file does not hold), the contact and its phone, the term.
fn assert_whole(imported: &Imported, shape: &str) {
    let d = &imported.snapshot;
    assert_eq!(d.organizations.len(), 1, "{shape}");
    let record = &d.organizations[0];
    assert_eq!(record.organization.id.to_string(), ORG, "{shape}");
    assert_eq!(record.services.len(), 1, "{shape}");
    assert_eq!(record.locations.len(), 1, "{shape}");
    assert_eq!(
        record.services[0].fields.location_ids,
        vec![record.locations[0].id],
        "{shape}"
    );
    assert_eq!(
        record.locations[0].fields.latitude,
        Some(45.4321),
        "{shape}"
    );
    assert_eq!(record.services[0].fields.minimum_age, Some(16), "{shape}");
    assert_eq!(record.contacts.len(), 1, "{shape}");
    assert_eq!(
        record.contacts[0].fields.phone.as_deref(),
        Some("613-555-0142"),
        "{shape}"
    );
    assert!(d.terms.iter().any(|t| t.id.to_string() == TERM), "{shape}");
    assert!(
        d.taxonomies.iter().any(|t| t.name == "211 Ontario"),
        "{shape}"
    );
    // What the directory has no place for is counted, by what it is.
    for expected in [
        "location.schedules",
        "service.fees_description",
        "service.languages",
    ] {
        assert!(
            imported.not_kept.contains_key(expected),
            "{shape}: {expected} in {:?}",
            imported.not_kept
        );
    }
}

#[test]
fn every_json_shape_of_the_standard_imports_with_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let full = read_json(d, "organization_full.json", &organization_full());
    assert_whole(&full, "organization in full");
    // An organization's own phones are not a contact's: counted, not kept.
    assert_eq!(full.not_kept.get("organization.phones"), Some(&1));
    assert_eq!(full.not_kept.get("organization.funding"), Some(&1));
    // The location appears twice (beside the services and under its link): counted once.
    assert_eq!(full.not_kept.get("location.schedules"), Some(&1));

    assert_whole(
        &read_json(d, "service_full.json", &service_full()),
        "service in full",
    );
    assert_whole(
        &read_json(d, "sal.json", &service_at_location_full()),
        "service at location in full",
    );
    assert_whole(
        &read_json(
            d,
            "organization_list.json",
            &list(vec![organization_full()]),
        ),
        "organization list",
    );
    assert_whole(
        &read_json(d, "service_list.json", &list(vec![service_full()])),
        "service list",
    );
    assert_whole(
        &read_json(d, "array.json", &json!([service_at_location_full()])),
        "bare array",
    );

    // A folder of files: one service in each, sharing their organization and location.
    let folder = d.join("api");
    std::fs::create_dir(&folder).unwrap();
    let second = merge(
        service_full(),
        json!({"id": "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d20", "name": "Halte-accueil",
               "attributes": [], "contacts": [],
               "service_at_locations": [{"id": "5b0e6f3c-2a41-4d8e-9c7b-1f2a3b4c5d21", "location": location()}]}),
    );
    std::fs::write(folder.join("1.json"), service_full().to_string()).unwrap();
    std::fs::write(folder.join("2.json"), second.to_string()).unwrap();
    let both = read_path(&folder).unwrap().snapshot;
    assert_eq!(both.organizations.len(), 1);
    assert_eq!(both.organizations[0].services.len(), 2);
    assert_eq!(both.organizations[0].locations.len(), 1);
}

#[test]
fn a_tabular_package_imports_any_subset_and_counts_the_tables_it_does_not_keep() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let write = |name: &str, text: &str| std::fs::write(p.join(name), text).unwrap();
    write(
        "organizations.csv",
        &format!(
            "id,name,description,tax_status\n{ORG},Maison communautaire Overbrook,Repas,exempt\n"
        ),
    );
    write(
        "services.csv",
        &format!(
            "id,organization_id,name,status,minimum_age,wait_time\n{SERVICE},{ORG},Repas du midi,active,16,\n"
        ),
    );
    // A location that names an organization the package does not hold.
    write(
        "locations.csv",
        &format!(
            "id,organization_id,location_type,name,latitude,longitude\n{LOCATION},{ELSEWHERE},physical,Centre,45.4321,-75.6543\n"
        ),
    );
    write(
        "service_at_location.csv",
        &format!(
            "id,service_id,location_id,description\n{LINK},{SERVICE},{LOCATION},Au sous-sol\n"
        ),
    );
    write(
        "contacts.csv",
        &format!(
            "id,organization_id,service_id,name\n{CONTACT},{ELSEWHERE},{SERVICE},Rita Cloutier\n"
        ),
    );
    write(
        "phones.csv",
        &format!("id,contact_id,number,extension\n{PHONE},{CONTACT},613-555-0142,12\n"),
    );
    write(
        "schedules.csv",
        "id,service_id,opens_at\nx,y,09:00\nz,w,10:00\n",
    );
    write("funding.csv", "id,organization_id,source\nf,o,City\n");
    write(
        "datapackage.json",
        r#"{"profile": "tabular-data-package", "resources": []}"#,
    );
    let imported = read_path(p).unwrap();
    let record = &imported.snapshot.organizations[0];
    assert_eq!(
        record.services[0].fields.location_ids,
        vec![record.locations[0].id]
    );
    assert_eq!(
        record.contacts[0].fields.phone.as_deref(),
        Some("613-555-0142")
    );
    let not_kept = &imported.not_kept;
    assert_eq!(not_kept.get("schedules.csv"), Some(&2), "{not_kept:?}");
    assert_eq!(not_kept.get("funding.csv"), Some(&1));
    assert_eq!(not_kept.get("organization.tax_status"), Some(&1));
    assert_eq!(not_kept.get("phone.extension"), Some(&1));
    assert_eq!(not_kept.get("service_at_location.description"), Some(&1));
    // An empty cell is nothing lost.
    assert_eq!(not_kept.get("service.wait_time"), None);
}

#[test]
fn what_the_directory_cannot_take_is_refused_with_its_place_or_counted() {
    let dir = tempfile::tempdir().unwrap();
    // A service without its organization cannot be placed: refused, named.
    let orphan =
        json!({"id": SERVICE, "name": "Repas", "status": "active", "organization_id": ELSEWHERE});
    let file = dir.path().join("orphan.json");
    std::fs::write(
        &file,
        json!({"contents": [orphan, organization_fields()]}).to_string(),
    )
    .unwrap();
    let error = read_path(&file).unwrap_err();
    assert_eq!(
        (error.record.as_str(), error.field.as_str()),
        (SERVICE, "organization_id")
    );
    // A status outside the standard's list: refused, named.
    let bad_status = merge(service_full(), json!({"status": "open"}));
    std::fs::write(&file, bad_status.to_string()).unwrap();
    assert_eq!(read_path(&file).unwrap_err().field, "status");

    // Coordinates that cannot be a place, a postal code from abroad: left out and counted,
    // the rest kept.
    let mut abroad = organization_full();
    abroad["locations"][0]["latitude"] = json!(100);
    abroad["locations"][0]["addresses"][0]["postal_code"] = json!("ABC 1234");
    abroad["locations"][0]["addresses"][0]["country"] = json!("US");
    abroad["services"][0]["service_at_locations"] = json!([{"id": LINK, "location_id": LOCATION}]);
    let imported = read_json(dir.path(), "abroad.json", &abroad);
    let location = &imported.snapshot.organizations[0].locations[0];
    assert_eq!(
        (location.fields.latitude, location.fields.longitude),
        (None, None)
    );
    assert_eq!(location.fields.postal_code, None);
    assert_eq!(location.fields.city.as_deref(), Some("Ottawa"));
    assert!(
        imported
            .not_kept
            .contains_key("location.latitude and longitude (out of range)")
    );
    assert!(
        imported
            .not_kept
            .contains_key("address.postal_code (outside Canada)")
    );
}

#[test]
fn every_export_keeps_the_standards_rules() {
    let directory = demo();
    let tables = to_tables(&directory);
    let value: Value = serde_json::from_str(&tables.to_json().unwrap()).unwrap();
    let breaches = check_list("organization", &value);
    assert!(breaches.is_empty(), "{breaches:#?}");
    assert_eq!(
        value["total_items"].as_u64(),
        Some(directory.organizations.len() as u64)
    );
    // Each object by id, as the API gives them, in full.
    let view = passerelle_hsds::View::new(&tables);
    for record in directory.organizations.iter().take(10) {
        for service in &record.services {
            let value = view
                .service(&service.id.to_string(), passerelle_hsds::Depth::Full)
                .unwrap();
            assert_eq!(check("service", &value), Vec::<String>::new());
            assert!(value["organization"]["name"].is_string());
        }
    }
    for link in tables.service_at_location.iter().take(20) {
        let id = link.id.as_deref().unwrap();
        let value = view
            .service_at_location(id, passerelle_hsds::Depth::Full)
            .unwrap();
        assert_eq!(check("service_at_location", &value), Vec::<String>::new());
        assert!(value["location"]["location_type"].is_string());
    }
    // The checker does find breaches: a status outside the list, an id that is not a UUID,
    // a required description missing, a latitude as text.
    let bad = json!({"id": "12", "name": "x", "status": "open",
                     "service_at_locations": [{"id": LINK, "location": {"id": LOCATION, "location_type": "physical", "latitude": "45.4"}}],
                     "attributes": [{"id": TERM, "taxonomy_term": {"id": TERM, "name": "Food"}}]});
    assert_eq!(
        check("service", &bad).len(),
        4,
        "{:#?}",
        check("service", &bad)
    );
}

#[test]
fn the_tabular_export_follows_the_standards_file_names_and_required_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("package");
    write_path(&out, &demo()).unwrap();
    let package: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("datapackage.json")).unwrap())
            .unwrap();
    let listed: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    files.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    // Plural names, as the standard's package has them, `service_at_location` the exception.
    for file in &files {
        assert!(
            file.ends_with("s.csv") || file == "service_at_location.csv",
            "{file}"
        );
    }
    // Required columns are filled in every row (an empty cell is a missing value in a
    // tabular package).
    for (file, required) in [
        ("organizations.csv", &["id", "name", "description"][..]),
        ("services.csv", &["id", "name", "status"]),
        ("locations.csv", &["id", "location_type"]),
        ("taxonomies.csv", &["id", "name", "description"]),
        ("taxonomy_terms.csv", &["id", "name", "description"]),
        ("phones.csv", &["id", "number"]),
    ] {
        let mut reader = csv::Reader::from_path(out.join(file)).unwrap();
        let headers = reader.headers().unwrap().clone();
        for row in reader.records() {
            let row = row.unwrap();
            for column in required {
                let at = headers.iter().position(|h| h == *column).unwrap();
                assert!(!row[at].is_empty(), "{file}: {column} empty in {row:?}");
            }
        }
    }
}

#[test]
fn export_import_export_gives_the_same_files_in_both_forms() {
    let dir = tempfile::tempdir().unwrap();
    let original = demo();
    let json1 = dir.path().join("one.json");
    write_path(&json1, &original).unwrap();
    let back = read_path(&json1).unwrap();
    assert!(back.not_kept.is_empty(), "{:?}", back.not_kept);
    let json2 = dir.path().join("two.json");
    write_path(&json2, &back.snapshot).unwrap();
    assert_eq!(
        std::fs::read_to_string(&json1).unwrap(),
        std::fs::read_to_string(&json2).unwrap()
    );

    let csv1 = dir.path().join("one");
    write_path(&csv1, &original).unwrap();
    let back = read_path(&csv1).unwrap();
    assert!(back.not_kept.is_empty(), "{:?}", back.not_kept);
    let csv2 = dir.path().join("two");
    write_path(&csv2, &back.snapshot).unwrap();
    for entry in std::fs::read_dir(&csv1).unwrap() {
        let name = entry.unwrap().file_name();
        assert_eq!(
            std::fs::read_to_string(csv1.join(&name)).unwrap(),
            std::fs::read_to_string(csv2.join(&name)).unwrap(),
            "{name:?}"
        );
    }
}

//! The HSDS 3.1 API at `/hsds/`, over real HTTP on the demo community: the standard's
//! paths, list shape and parameters, every answer held to the standard's rules
//! (`passerelle_hsds::conformance`), public or not as the community chooses, and contacts
//! only where the app would show them.

mod common;

use common::*;
use passerelle_hsds::conformance::{check, check_list};
use reqwest::StatusCode;
use serde_json::Value;

async fn anonymous(base: &str, path: &str) -> (StatusCode, Value) {
    let r = client().get(format!("{base}{path}")).send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// A list answer that keeps the standard's rules; its contents.
fn contents(object: &str, page: &Value) -> Vec<Value> {
    let breaches = check_list(object, page);
    assert!(breaches.is_empty(), "{breaches:#?}");
    page["contents"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_signed_in_reader_gets_the_standards_lists_and_objects() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    // Not public unless the community says so.
    assert_eq!(
        anonymous(base, "/hsds/services").await.0,
        StatusCode::UNAUTHORIZED
    );
    let admin = login(base, "admin@passerelle.example.org").await;

    let (status, meta) = get_json(base, &admin, "/hsds/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(meta["version"], "3.1");
    assert!(
        meta["openapi_url"]
            .as_str()
            .unwrap()
            .ends_with("/api/openapi.json")
    );

    // Search by words, accents and case ignored, in either language.
    let (_, found) = get_json(base, &admin, "/hsds/services?search=food").await;
    let food = contents("service", &found);
    assert!(!food.is_empty());
    // Each found by its own words or its organization's.
    for service in &food {
        let id = service["id"].as_str().unwrap();
        let (_, full) = get_json(base, &admin, &format!("/hsds/services/{id}")).await;
        let text = format!("{} {}", full, full["organization"]).to_lowercase();
        assert!(text.contains("food"), "{full}");
    }
    let (_, repas) = get_json(base, &admin, "/hsds/services?search=D%C3%89JEUNER").await;
    assert!(!contents("service", &repas).is_empty());

    // Paging: the total is the same on every page, the pages do not overlap.
    let (_, all) = get_json(base, &admin, "/hsds/services?per_page=200").await;
    let total = all["total_items"].as_u64().unwrap();
    assert!(total > 20, "{total}");
    let (_, first) = get_json(base, &admin, "/hsds/services?per_page=10").await;
    let (_, second) = get_json(base, &admin, "/hsds/services?per_page=10&page=2").await;
    assert_eq!(first["total_items"], total);
    assert_eq!(second["page_number"], 2);
    assert_eq!(second["first_page"], false);
    assert_eq!(first["total_pages"], total.div_ceil(10));
    let ids = |page: &Value| -> Vec<String> {
        contents("service", page)
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(ids(&first).iter().all(|id| !ids(&second).contains(id)));
    let (_, beyond) = get_json(base, &admin, "/hsds/services?page=1000").await;
    assert_eq!(beyond["empty"], true);
    assert_eq!(beyond["last_page"], true);

    // Filters narrow each other: an organization's services with a term of a taxonomy.
    let service = &contents("service", &all)[0];
    let org = service["organization_id"].as_str().unwrap();
    let (_, own) = get_json(
        base,
        &admin,
        &format!("/hsds/services?organization_id={org}&per_page=200"),
    )
    .await;
    let own = contents("service", &own);
    assert!(own.iter().all(|s| s["organization_id"] == org));
    let (_, full) = get_json(
        base,
        &admin,
        &format!("/hsds/services/{}", service["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(check("service", &full), Vec::<String>::new());
    assert_eq!(full["organization"]["id"], org);
    let term = full["attributes"][0]["taxonomy_term"].clone();
    let taxonomy = term["taxonomy_id"].as_str().unwrap();
    let (_, by_term) = get_json(
        base,
        &admin,
        &format!(
            "/hsds/services?taxonomy_term_id={}&organization_id={org}&taxonomy_id={taxonomy}",
            term["id"].as_str().unwrap()
        ),
    )
    .await;
    let by_term = contents("service", &by_term);
    assert!(by_term.iter().any(|s| s["id"] == service["id"]));
    assert!(by_term.len() <= own.len());
    let (_, none) = get_json(
        base,
        &admin,
        "/hsds/services?modified_after=2999-01-01T00:00:00Z",
    )
    .await;
    assert_eq!(none["total_items"], 0);
    let (_, since) = get_json(
        base,
        &admin,
        "/hsds/services?modified_after=2000-01-01T00:00:00Z&per_page=1",
    )
    .await;
    assert_eq!(since["total_items"], total);

    // Full lists, and the services at locations with their location in full.
    let (_, orgs) = get_json(
        base,
        &admin,
        "/hsds/organizations?full=true&full_service=true&per_page=5",
    )
    .await;
    for organization in contents("organization", &orgs) {
        assert!(organization["services"].is_array());
        // Lists never carry contacts, whoever asks.
        assert_eq!(organization["contacts"], serde_json::json!([]));
    }
    let (_, links) = get_json(
        base,
        &admin,
        "/hsds/service_at_locations?full=true&per_page=5",
    )
    .await;
    let links = contents("service_at_location", &links);
    let link = links[0]["id"].as_str().unwrap();
    let (_, one) = get_json(base, &admin, &format!("/hsds/service_at_locations/{link}")).await;
    assert_eq!(check("service_at_location", &one), Vec::<String>::new());
    assert!(one["location"]["latitude"].is_number());
    assert!(one["service"]["name"].is_string());

    // Taxonomies and their terms.
    let (_, taxonomies) = get_json(base, &admin, "/hsds/taxonomies").await;
    assert!(contents("taxonomy", &taxonomies).len() >= 3);
    let (_, top) = get_json(
        base,
        &admin,
        &format!("/hsds/taxonomy_terms?taxonomy_id={taxonomy}&top_only=true&per_page=200"),
    )
    .await;
    for term in contents("taxonomy_term", &top) {
        assert_eq!(term["taxonomy_id"], taxonomy);
        assert!(term.get("parent_id").is_none(), "{term}");
    }
    let (status, _) = get_json(
        base,
        &admin,
        &format!("/hsds/taxonomy_terms/{}", term["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // Wrong parameters are refused with a problem; unknown ids are 404.
    for bad in [
        "per_page=0",
        "per_page=x",
        "page=0",
        "full=maybe",
        "taxonomy_id=12",
        "modified_after=2026-01-01",
        "taxonomy_id=",
        "format=ndjson",
    ] {
        let (status, problem) = get_json(base, &admin, &format!("/hsds/services?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(problem["code"], "error-bad-request", "{bad}");
    }
    for path in [
        "/hsds/services/nope",
        "/hsds/organizations/00000000-0000-0000-0000-000000000000",
        "/hsds/service_at_locations/00000000-0000-0000-0000-000000000000",
    ] {
        assert_eq!(
            get_json(base, &admin, path).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn contacts_follow_the_apps_rules_and_a_public_api_shows_none() {
    let app = spawn_demo_app_configured(passerelle_web::Config {
        hsds_public: true,
        ..Default::default()
    })
    .await;
    let base = &app.base;
    let worker_agency = agency_of(&app.store, WORKER).await;
    let path = format!("/hsds/organizations/{worker_agency}");

    // Public: anyone reads the directory, never the people in it.
    let (status, public) = anonymous(base, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(check("organization", &public), Vec::<String>::new());
    assert_eq!(public["contacts"], serde_json::json!([]));
    let (status, list) = anonymous(base, "/hsds/services?search=food").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!contents("service", &list).is_empty());

    // An analyst sees no contacts on the page, so none here.
    let analyst = login(base, "analyst@passerelle.example.org").await;
    let (_, seen) = get_json(base, &analyst, &path).await;
    assert_eq!(seen["contacts"], serde_json::json!([]));

    // A worker does, with their phone, and the read is in the audit trail.
    let before = app.store.audit_trail(worker_agency).await.unwrap().len();
    let worker = login(base, WORKER).await;
    let (_, seen) = get_json(base, &worker, &path).await;
    assert_eq!(check("organization", &seen), Vec::<String>::new());
    let contacts = seen["contacts"].as_array().unwrap();
    assert!(!contacts.is_empty());
    assert!(
        contacts
            .iter()
            .any(|c| c["phones"][0]["number"].is_string())
    );
    let trail = app.store.audit_trail(worker_agency).await.unwrap();
    assert_eq!(trail.len(), before + 1);
    assert_eq!(trail[0].action.as_str(), "read");
}

//! The store's conformance suite: every check runs against SQLite and, when
//! `PASSERELLE_TEST_POSTGRES` names a server (as `.ci/run` does), against a fresh
//! PostgreSQL database too. Both backends must behave identically.

use passerelle_demo::{DemoOptions, generate};
use passerelle_domain::directory::*;
use passerelle_domain::roles::Role;
use passerelle_domain::values::Email;
use passerelle_domain::vocabulary::Vocabulary;
use passerelle_store::{NewUser, Store, StoreError, testing};
use uuid::Uuid;

async fn stores() -> (tempfile::TempDir, Vec<Store>) {
    let dir = tempfile::tempdir().unwrap();
    let mut stores = Vec::new();
    for url in testing::test_database_urls(dir.path()).await {
        stores.push(
            Store::open(&url)
                .await
                .unwrap_or_else(|e| panic!("{url}: {e}")),
        );
    }
    (dir, stores)
}

fn org(name: &str) -> OrganizationFields {
    OrganizationInput {
        name: name.into(),
        ..Default::default()
    }
    .parse()
    .unwrap()
}

#[tokio::test]
async fn organizations_are_created_updated_and_unique_by_folded_name() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let backend = store.backend().name();
        let created = store
            .create_organization(None, org("Refuge Élan"))
            .await
            .unwrap();
        assert_eq!(
            store.organization(created.id).await.unwrap(),
            created,
            "{backend}"
        );

        let duplicate = store.create_organization(None, org("REFUGE elan")).await;
        assert!(
            matches!(duplicate, Err(StoreError::Conflict("error-duplicate-name"))),
            "{backend}: {duplicate:?}"
        );

        let mut fields = org("Refuge Élan Vanier");
        fields.term_ids = vec![Vocabulary::AgencyType.term_id("shelter")];
        let updated = store
            .update_organization(None, created.id, fields.clone())
            .await
            .unwrap();
        assert_eq!(
            store.organization(created.id).await.unwrap().fields,
            fields,
            "{backend}"
        );
        assert_eq!(updated.fields, fields);

        let missing = store
            .update_organization(None, Uuid::new_v4(), org("Nobody"))
            .await;
        assert!(matches!(missing, Err(StoreError::NotFound)), "{backend}");

        let trail = store.audit_trail(created.id).await.unwrap();
        let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
        assert!(
            actions.contains(&"create") && actions.contains(&"update"),
            "{backend}: {actions:?}"
        );
    }
}

#[tokio::test]
async fn services_link_only_known_terms_and_their_own_locations() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let backend = store.backend().name();
        let a = store
            .create_organization(None, org("Agency A"))
            .await
            .unwrap();
        let b = store
            .create_organization(None, org("Agency B"))
            .await
            .unwrap();
        let loc_b = store
            .create_location(None, b.id, LocationFields::default())
            .await
            .unwrap();
        let loc_a = store
            .create_location(None, a.id, LocationFields::default())
            .await
            .unwrap();

        let mut fields = ServiceInput {
            name: "Beds".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        fields.location_ids = vec![loc_b.id];
        let foreign = store.create_service(None, a.id, fields.clone()).await;
        assert!(
            matches!(&foreign, Err(StoreError::Invalid(e)) if e.for_field("location_ids") == Some("error-foreign-location")),
            "{backend}: {foreign:?}"
        );

        fields.location_ids = vec![loc_a.id];
        fields.term_ids = vec![Uuid::new_v4()];
        let unknown = store.create_service(None, a.id, fields.clone()).await;
        assert!(
            matches!(&unknown, Err(StoreError::Invalid(_))),
            "{backend}: {unknown:?}"
        );

        fields.term_ids = vec![
            Vocabulary::ServiceType.term_id("meals"),
            Vocabulary::Population.term_id("youth"),
        ];
        let service = store
            .create_service(None, a.id, fields.clone())
            .await
            .unwrap();
        let mut expected = fields.term_ids.clone();
        expected.sort();
        let stored = store.service(service.id).await.unwrap();
        assert_eq!(stored.fields.term_ids, expected, "{backend}");
        assert_eq!(stored.fields.location_ids, vec![loc_a.id], "{backend}");
        // Nothing of the refused attempts was saved.
        assert_eq!(
            store
                .organization_record(a.id)
                .await
                .unwrap()
                .services
                .len(),
            1,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn an_import_is_all_or_nothing_and_exports_what_it_imported() {
    let (_dir, stores) = stores().await;
    let community = generate(DemoOptions::default());
    for store in stores {
        let backend = store.backend().name();
        let mut broken = community.directory.clone();
        let last = broken.organizations.last_mut().unwrap();
        last.services[0].fields.term_ids.push(Uuid::new_v4());
        assert!(
            store.import_directory(None, &broken).await.is_err(),
            "{backend}"
        );
        assert_eq!(
            store.directory_counts().await.unwrap().organizations,
            0,
            "{backend}: a failed import left rows"
        );

        let summary = store
            .import_directory(None, &community.directory)
            .await
            .unwrap();
        assert_eq!(summary.organizations, 80);
        let exported = store.export_directory().await.unwrap();
        let mut expected = community.directory.organizations.clone();
        for record in &mut expected {
            for s in &mut record.services {
                s.fields.term_ids.sort();
                s.fields.area_ids.sort();
                s.fields.location_ids.sort();
            }
            record
                .services
                .sort_by(|a, b| (&a.fields.name, a.id).cmp(&(&b.fields.name, b.id)));
            record
                .locations
                .sort_by(|a, b| (&a.fields.name, a.id).cmp(&(&b.fields.name, b.id)));
            record
                .contacts
                .sort_by(|a, b| (&a.fields.name, a.id).cmp(&(&b.fields.name, b.id)));
        }
        expected.sort_by_key(|r| passerelle_domain::text::fold(&r.organization.fields.name));
        assert_eq!(exported.organizations, expected, "{backend}");
        assert_eq!(
            exported.areas.len(),
            community.directory.areas.len(),
            "{backend}"
        );

        // Importing the same directory again changes nothing.
        store
            .import_directory(None, &community.directory)
            .await
            .unwrap();
        assert_eq!(
            store.export_directory().await.unwrap(),
            exported,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn search_by_words_types_populations_areas_and_agency_types() {
    let (_dir, stores) = stores().await;
    let community = generate(DemoOptions::default());
    let orgs = &community.directory.organizations;
    for store in stores {
        let backend = store.backend().name();
        store
            .import_directory(None, &community.directory)
            .await
            .unwrap();

        let all = store.search(&DirectoryQuery::default()).await.unwrap();
        assert_eq!(all.total, 80, "{backend}");
        assert_eq!(all.hits.len(), DirectoryQuery::PAGE_SIZE as usize);
        let last_page = store
            .search(&DirectoryQuery {
                page: 3,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(last_page.hits.len(), 5, "{backend}");

        // Accents and case are ignored: "orleans" finds "Orléans".
        let by_text = store
            .search(&DirectoryQuery {
                text: Some("ORLEANS".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        let expected = orgs
            .iter()
            .filter(|r| {
                let org = &r.organization.fields;
                let org_text = search_text(&[
                    Some(&org.name),
                    org.alternate_name.as_deref(),
                    org.description.as_deref(),
                ]);
                org_text.contains("orleans")
                    || r.services.iter().any(|s| {
                        search_text(&[
                            Some(&s.fields.name),
                            s.fields.alternate_name.as_deref(),
                            s.fields.description.as_deref(),
                        ])
                        .contains("orleans")
                    })
            })
            .count();
        assert!(expected > 0);
        assert_eq!(by_text.total as usize, expected, "{backend}");

        // A broad service type finds services filed under its narrower terms.
        let housing = Vocabulary::ServiceType.term_id("housing");
        let narrower: Vec<Uuid> = [
            "emergency-shelter",
            "transitional-housing",
            "supportive-housing",
            "housing-search",
            "rent-assistance",
        ]
        .iter()
        .map(|c| Vocabulary::ServiceType.term_id(c))
        .collect();
        let youth = Vocabulary::Population.term_id("youth");
        let area = community.directory.areas[4].id;
        let query = DirectoryQuery {
            service_type: Some(housing),
            population: Some(youth),
            ..Default::default()
        };
        let found = store.search(&query).await.unwrap();
        let matches = |s: &Service| {
            s.fields.term_ids.iter().any(|t| narrower.contains(t))
                && s.fields.term_ids.contains(&youth)
        };
        let expected = orgs
            .iter()
            .filter(|r| r.services.iter().any(matches))
            .count();
        assert!(expected > 0);
        assert_eq!(found.total as usize, expected, "{backend}");
        for hit in &found.hits {
            assert!(!hit.matched_services.is_empty(), "{backend}");
        }

        let in_area = store
            .search(&DirectoryQuery {
                area: Some(area),
                ..Default::default()
            })
            .await
            .unwrap();
        let expected = orgs
            .iter()
            .filter(|r| r.services.iter().any(|s| s.fields.area_ids.contains(&area)))
            .count();
        assert_eq!(in_area.total as usize, expected, "{backend}");

        let shelter = Vocabulary::AgencyType.term_id("shelter");
        let shelters = store
            .search(&DirectoryQuery {
                agency_type: Some(shelter),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(shelters.total, 10, "{backend}");
    }
}

#[tokio::test]
async fn users_and_sessions() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let backend = store.backend().name();
        let agency = store
            .create_organization(None, org("Drop-in"))
            .await
            .unwrap();
        let new = |email: &str, role, agency_id| NewUser {
            email: Email::parse("email", email).unwrap(),
            display_name: "Pat".into(),
            role,
            agency_id,
            password_hash: "hash".into(),
        };
        let user = store
            .create_user(
                None,
                new("Pat@Example.org", Role::PartnerWorker, Some(agency.id)),
            )
            .await
            .unwrap();
        let again = store
            .create_user(None, new("pat@example.org", Role::Analyst, None))
            .await;
        assert!(
            matches!(again, Err(StoreError::Conflict("error-duplicate-email"))),
            "{backend}"
        );
        let no_agency = store
            .create_user(None, new("x@example.org", Role::PartnerWorker, None))
            .await;
        assert!(
            matches!(no_agency, Err(StoreError::Invalid(_))),
            "{backend}"
        );

        let (found, hash) = store
            .user_credentials(" PAT@example.ORG ")
            .await
            .unwrap()
            .unwrap();
        assert_eq!((found.id, hash.as_str()), (user.id, "hash"), "{backend}");

        let later = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
        store
            .create_session("live", user.id, "csrf1", later)
            .await
            .unwrap();
        let earlier = time::OffsetDateTime::now_utc() - time::Duration::hours(1);
        store
            .create_session("expired", user.id, "csrf2", earlier)
            .await
            .unwrap();
        let session = store.session("live").await.unwrap().unwrap();
        assert_eq!(
            (session.user.id, session.csrf_token.as_str()),
            (user.id, "csrf1"),
            "{backend}"
        );
        assert_eq!(store.session("expired").await.unwrap(), None, "{backend}");
        store.delete_session("live", user.id).await.unwrap();
        assert_eq!(store.session("live").await.unwrap(), None, "{backend}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_all_succeed() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let backend = store.backend().name();
        let tasks: Vec<_> = (0..24)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move {
                    let created = store
                        .create_organization(None, org(&format!("Agency {i}")))
                        .await?;
                    store
                        .create_location(None, created.id, LocationFields::default())
                        .await
                })
            })
            .collect();
        for task in tasks {
            task.await
                .unwrap()
                .unwrap_or_else(|e| panic!("{backend}: {e}"));
        }
        assert_eq!(
            store.directory_counts().await.unwrap().locations,
            24,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn reopening_keeps_data_and_vocabularies_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("reopen.db").display());
    let store = Store::open(&url).await.unwrap();
    let terms = store.terms().await.unwrap().len();
    store.create_organization(None, org("Kept")).await.unwrap();
    store.close().await;
    let store = Store::open(&url).await.unwrap();
    assert_eq!(store.terms().await.unwrap().len(), terms);
    let expected: usize = Vocabulary::ALL.iter().map(|v| v.terms().len()).sum();
    assert_eq!(terms, expected);
    assert_eq!(store.directory_counts().await.unwrap().organizations, 1);
}

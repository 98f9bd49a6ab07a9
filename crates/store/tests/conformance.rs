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
        let idle = time::Duration::minutes(30);
        let session = store.session("live", idle).await.unwrap().unwrap();
        assert_eq!(
            (session.user.id, session.csrf_token.as_str()),
            (user.id, "csrf1"),
            "{backend}"
        );
        assert_eq!(
            store.session("expired", idle).await.unwrap(),
            None,
            "{backend}"
        );
        // Unused for longer than the idle limit (none at all here): ended.
        assert_eq!(
            store.session("live", time::Duration::ZERO).await.unwrap(),
            None,
            "{backend}"
        );
        // A new password ends every other session of the user.
        store
            .create_session("other", user.id, "csrf3", later)
            .await
            .unwrap();
        store
            .set_password(user.id, "new-hash", Some("live"))
            .await
            .unwrap();
        assert_eq!(
            store.password_hash(user.id).await.unwrap(),
            "new-hash",
            "{backend}"
        );
        assert!(
            store.session("live", idle).await.unwrap().is_some(),
            "{backend}"
        );
        assert_eq!(
            store.session("other", idle).await.unwrap(),
            None,
            "{backend}"
        );
        store.delete_session("live", user.id).await.unwrap();
        assert_eq!(
            store.session("live", idle).await.unwrap(),
            None,
            "{backend}"
        );

        // An API token acts as its user until the end of its last day, then never again;
        // revoked, at once.
        let last_day = time::macros::date!(2026 - 12 - 31);
        let fields = passerelle_domain::roles::TokenFields {
            name: "export".into(),
            scope: passerelle_domain::roles::TokenScope::Read,
            expires_on: last_day,
        };
        let token = store
            .create_token(user.id, user.id, &fields, "token-hash")
            .await
            .unwrap();
        let (acting, scope) = store
            .token_user("token-hash", last_day)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((acting.id, scope), (user.id, fields.scope), "{backend}");
        let listed = store.tokens(Some(user.id)).await.unwrap();
        assert_eq!(listed.len(), 1, "{backend}");
        assert!(
            listed[0].last_used_at.is_some(),
            "{backend}: its use is recorded"
        );
        let next_day = last_day + time::Duration::days(1);
        assert_eq!(
            store.token_user("token-hash", next_day).await.unwrap(),
            None,
            "{backend}"
        );
        assert_eq!(
            store.token_user("other-hash", last_day).await.unwrap(),
            None,
            "{backend}"
        );
        store.revoke_token(user.id, token).await.unwrap();
        assert_eq!(
            store.token_user("token-hash", last_day).await.unwrap(),
            None,
            "{backend}"
        );
        assert!(
            matches!(
                store.revoke_token(user.id, token).await,
                Err(StoreError::NotFound)
            ),
            "{backend}: revoked once"
        );

        // A disabled account signs in no more, its sessions have ended and its tokens are
        // refused; enabled again, it signs in.
        store
            .create_session("again", user.id, "csrf4", later)
            .await
            .unwrap();
        store
            .create_token(user.id, user.id, &fields, "second-hash")
            .await
            .unwrap();
        store
            .set_account_disabled(user.id, user.id, true)
            .await
            .unwrap();
        assert_eq!(
            store.session("again", idle).await.unwrap(),
            None,
            "{backend}"
        );
        assert_eq!(
            store.user_credentials("pat@example.org").await.unwrap(),
            None,
            "{backend}"
        );
        assert_eq!(
            store.token_user("second-hash", last_day).await.unwrap(),
            None,
            "{backend}"
        );
        let account = store
            .accounts()
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.user.id == user.id)
            .unwrap();
        assert!(
            account.disabled_at.is_some() && account.sessions == 0,
            "{backend}"
        );
        store
            .set_account_disabled(user.id, user.id, false)
            .await
            .unwrap();
        assert!(
            store
                .user_credentials("pat@example.org")
                .await
                .unwrap()
                .is_some(),
            "{backend}"
        );
        assert!(
            store
                .token_user("second-hash", last_day)
                .await
                .unwrap()
                .is_some(),
            "{backend}"
        );
        assert!(matches!(
            store
                .set_account_disabled(user.id, uuid::Uuid::new_v4(), true)
                .await,
            Err(StoreError::NotFound)
        ));
    }
}

/// A link that sets a password works once, before its time, for an account not disabled;
/// a newer one ends it; using it ends every session. A role change keeps the role and agency
/// rule and refuses an agency not in the directory.
#[tokio::test]
async fn password_links_work_once_and_roles_change_under_their_rule() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let backend = store.backend().name();
        let user = store
            .create_user(
                None,
                NewUser {
                    email: passerelle_domain::values::Email::parse("email", "lou@example.org")
                        .unwrap(),
                    display_name: "Lou".into(),
                    role: Role::Analyst,
                    agency_id: None,
                    password_hash: "unknown".into(),
                },
            )
            .await
            .unwrap();
        let soon = time::OffsetDateTime::now_utc() + time::Duration::hours(72);
        let past = time::OffsetDateTime::now_utc() - time::Duration::hours(1);
        store
            .create_session("lou-session", user.id, "csrf", soon)
            .await
            .unwrap();
        store
            .create_password_reset(user.id, user.id, "first", soon)
            .await
            .unwrap();
        store
            .create_password_reset(user.id, user.id, "second", soon)
            .await
            .unwrap();
        use passerelle_store::ResetLink;
        assert_eq!(
            store.password_reset("first").await.unwrap(),
            ResetLink::Spent,
            "{backend}: replaced"
        );
        assert!(matches!(
            store.password_reset("second").await.unwrap(),
            ResetLink::Valid(u) if u.id == user.id
        ));
        assert!(matches!(
            store
                .use_password_reset("second", "new-hash")
                .await
                .unwrap(),
            ResetLink::Valid(_)
        ));
        assert_eq!(
            store
                .use_password_reset("second", "other-hash")
                .await
                .unwrap(),
            ResetLink::Spent,
            "{backend}: once"
        );
        assert_eq!(store.password_hash(user.id).await.unwrap(), "new-hash");
        let idle = time::Duration::minutes(30);
        assert_eq!(
            store.session("lou-session", idle).await.unwrap(),
            None,
            "{backend}: sessions ended"
        );
        store
            .create_password_reset(user.id, user.id, "late", past)
            .await
            .unwrap();
        assert_eq!(
            store.password_reset("late").await.unwrap(),
            ResetLink::Spent,
            "{backend}: past its time"
        );

        let agency = store
            .create_organization(
                None,
                OrganizationInput {
                    name: "Maison Lou".into(),
                    ..Default::default()
                }
                .parse()
                .unwrap(),
            )
            .await
            .unwrap()
            .id;
        assert!(matches!(
            store
                .set_account_role(user.id, user.id, Role::PartnerWorker, None)
                .await,
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            store
                .set_account_role(
                    user.id,
                    user.id,
                    Role::PartnerWorker,
                    Some(uuid::Uuid::new_v4())
                )
                .await,
            Err(StoreError::Invalid(_))
        ));
        store
            .set_account_role(user.id, user.id, Role::PartnerWorker, Some(agency))
            .await
            .unwrap();
        let (now, _) = store
            .user_credentials("lou@example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (now.role, now.agency_id),
            (Role::PartnerWorker, Some(agency)),
            "{backend}"
        );
        assert!(matches!(
            store
                .set_account_role(user.id, uuid::Uuid::new_v4(), Role::Analyst, None)
                .await,
            Err(StoreError::NotFound)
        ));
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

mod housing {
    use super::stores;
    use passerelle_domain::housing::*;
    use passerelle_store::{Store, StoreError, UnitFilter};
    use std::collections::{HashMap, HashSet};
    use time::macros::date;
    use time::{Date, Duration};
    use uuid::Uuid;

    const TODAY: Date = date!(2026 - 11 - 27);

    fn landlord(name: &str) -> LandlordFields {
        LandlordInput {
            kind: "company".into(),
            name: name.into(),
            committed_units: "4".into(),
            ..Default::default()
        }
        .parse()
        .unwrap()
    }

    fn unit(label: &str, available_from: &str) -> UnitFields {
        UnitInput {
            label: label.into(),
            bedrooms: "2".into(),
            rent: "1450".into(),
            available_from: available_from.into(),
            ..Default::default()
        }
        .parse(None)
        .unwrap()
    }

    fn to(status: UnitStatus, on: Date) -> Transition {
        Transition {
            to: status,
            hold: None,
            household_ref: None,
            reason: None,
            on,
        }
    }

    async fn agency(store: &Store, name: &str) -> Uuid {
        store
            .create_organization(None, super::org(name))
            .await
            .unwrap()
            .id
    }

    async fn portfolio(store: &Store) -> (Uuid, Uuid, Uuid) {
        let l = store
            .create_landlord(None, landlord("Habitations Rideau"))
            .await
            .unwrap();
        let fields = PropertyInput {
            address: "12 Rue Dupuis".into(),
            in_service_since: "2020-01-01".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        let p = store.create_property(None, l.id, fields).await.unwrap();
        let a = store
            .create_unit(None, p.id, unit("1", "2026-10-01"), date!(2026 - 10 - 01))
            .await
            .unwrap();
        let b = store
            .create_unit(None, p.id, unit("2", "2026-10-01"), date!(2026 - 10 - 01))
            .await
            .unwrap();
        (p.id, a.id, b.id)
    }

    #[tokio::test]
    async fn a_unit_goes_through_its_lifecycle_with_history_and_tenancies() {
        let (_dir, stores) = stores().await;
        for store in stores {
            let backend = store.backend().name();
            let (property, unit_id, _) = portfolio(&store).await;
            let duplicate = store
                .create_landlord(None, landlord("HABITATIONS rideau"))
                .await;
            assert!(
                matches!(
                    duplicate,
                    Err(StoreError::Conflict("error-duplicate-landlord"))
                ),
                "{backend}"
            );
            let before = store
                .create_unit(None, property, unit("3", "2019-06-01"), TODAY)
                .await;
            assert!(
                matches!(before, Err(StoreError::Invalid(_))),
                "{backend}: {before:?}"
            );

            let shelter = agency(&store, "Refuge Lifecycle").await;
            let hold = Transition {
                hold: Some(Hold {
                    agency_id: shelter,
                    until: date!(2026 - 12 - 15),
                }),
                reason: Some("for a family referred by the shelter".into()),
                ..to(UnitStatus::Held, date!(2026 - 11 - 02))
            };
            store.transition_unit(None, unit_id, &hold).await.unwrap();
            let wrong = store
                .transition_unit(None, unit_id, &to(UnitStatus::Occupied, TODAY))
                .await;
            assert!(matches!(wrong, Err(StoreError::Invalid(_))), "{backend}");
            store
                .transition_unit(
                    None,
                    unit_id,
                    &to(UnitStatus::Offered, date!(2026 - 11 - 05)),
                )
                .await
                .unwrap();
            let lease = Transition {
                household_ref: Some("R-0042".into()),
                ..to(UnitStatus::Leased, date!(2026 - 11 - 10))
            };
            store.transition_unit(None, unit_id, &lease).await.unwrap();
            for (status, on) in [
                (UnitStatus::Occupied, date!(2026 - 11 - 15)),
                (UnitStatus::Vacated, date!(2026 - 11 - 20)),
                (UnitStatus::Available, date!(2026 - 11 - 25)),
            ] {
                store
                    .transition_unit(None, unit_id, &to(status, on))
                    .await
                    .unwrap();
            }
            let record = store.unit(unit_id).await.unwrap();
            let steps: Vec<&str> = record.history.iter().rev().map(|e| e.to.as_str()).collect();
            assert_eq!(
                steps,
                [
                    "available",
                    "held",
                    "offered",
                    "leased",
                    "occupied",
                    "vacated",
                    "available"
                ],
                "{backend}"
            );
            assert_eq!(
                record.history[5].reason.as_deref(),
                Some("for a family referred by the shelter")
            );
            assert_eq!(record.tenancies.len(), 1);
            let t = &record.tenancies[0];
            assert_eq!(
                (
                    t.household_ref.as_deref(),
                    t.leased_on,
                    t.moved_in_on,
                    t.ended_on
                ),
                (
                    Some("R-0042"),
                    date!(2026 - 11 - 10),
                    Some(date!(2026 - 11 - 15)),
                    Some(date!(2026 - 11 - 20))
                ),
                "{backend}"
            );
            assert_eq!(
                record.listing.unit.fields.available_from,
                Some(date!(2026 - 11 - 25))
            );
            // A building cannot start taking tenants after one of its units was available.
            let mut moved = store.property(property).await.unwrap().fields;
            moved.in_service_since = Some(date!(2026 - 11 - 01));
            let refused = store.update_property(None, property, moved.clone()).await;
            assert!(
                matches!(refused, Err(StoreError::Invalid(_))),
                "{backend}: {refused:?}"
            );
            moved.in_service_since = Some(date!(2019 - 01 - 01));
            moved.address = "14 Rue Dupuis".into();
            store.update_property(None, property, moved).await.unwrap();
            assert_eq!(
                store.property(property).await.unwrap().fields.address,
                "14 Rue Dupuis"
            );

            // October and November count once each; the open stretch runs on.
            let nov = MonthIndex::of(TODAY);
            let cells = store
                .availability(MonthIndex(nov.0 - 1), nov.next())
                .await
                .unwrap();
            let total = |m: MonthIndex| -> u32 {
                cells.iter().filter(|c| c.month == m).map(|c| c.units).sum()
            };
            assert_eq!(
                (total(MonthIndex(nov.0 - 1)), total(nov), total(nov.next())),
                (2, 2, 2),
                "{backend}"
            );
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn of_two_simultaneous_holds_exactly_one_wins() {
        let (_dir, stores) = stores().await;
        for store in stores {
            let backend = store.backend().name();
            let (_, unit_id, _) = portfolio(&store).await;
            let first = agency(&store, "Agence Une").await;
            let second = agency(&store, "Agence Deux").await;
            for round in 0..5 {
                let hold = |agency_id| Transition {
                    hold: Some(Hold {
                        agency_id,
                        until: TODAY + Duration::days(10),
                    }),
                    ..to(UnitStatus::Held, TODAY)
                };
                let (a, b) = (store.clone(), store.clone());
                let (ha, hb) = (hold(first), hold(second));
                let (ra, rb) = tokio::join!(
                    tokio::spawn(async move { a.transition_unit(None, unit_id, &ha).await }),
                    tokio::spawn(async move { b.transition_unit(None, unit_id, &hb).await })
                );
                let results = [ra.unwrap(), rb.unwrap()];
                let won = results.iter().filter(|r| r.is_ok()).count();
                assert_eq!(won, 1, "{backend} round {round}: {results:?}");
                assert!(
                    results
                        .iter()
                        .any(|r| matches!(r, Err(StoreError::Conflict("error-unit-taken")))),
                    "{backend}: {results:?}"
                );
                let holder = store
                    .unit(unit_id)
                    .await
                    .unwrap()
                    .listing
                    .unit
                    .hold
                    .unwrap();
                let winner = if results[0].is_ok() { first } else { second };
                assert_eq!(holder.agency_id, winner, "{backend}");
                store
                    .transition_unit(None, unit_id, &to(UnitStatus::Available, TODAY))
                    .await
                    .unwrap();
            }
            // A lapsed hold frees the unit for the next one.
            let old = Transition {
                hold: Some(Hold {
                    agency_id: first,
                    until: TODAY - Duration::days(1),
                }),
                ..to(UnitStatus::Held, TODAY - Duration::days(5))
            };
            store.transition_unit(None, unit_id, &old).await.unwrap();
            let again = Transition {
                hold: Some(Hold {
                    agency_id: second,
                    until: TODAY + Duration::days(3),
                }),
                ..to(UnitStatus::Held, TODAY)
            };
            store.transition_unit(None, unit_id, &again).await.unwrap();
        }
    }

    /// Whether the unit was open to the network on `day`, read straight from its history:
    /// the status of the day's last change or the one before, the latest stretch starting
    /// no earlier than the day the unit is ready.
    fn open_on(history: &[(Date, UnitStatus)], ready: Date, day: Date) -> bool {
        let Some(at) = history.iter().rposition(|(on, _)| *on <= day) else {
            return false;
        };
        if !history[at].1.is_open() {
            return false;
        }
        let latest_opening = history
            .iter()
            .enumerate()
            .rev()
            .find(|(i, (_, s))| s.is_open() && (*i == 0 || !history[i - 1].1.is_open()))
            .map(|(i, _)| i);
        let opening = (0..=at)
            .rev()
            .find(|&i| history[i].1.is_open() && (i == 0 || !history[i - 1].1.is_open()));
        !(opening == latest_opening && day < ready)
    }

    #[tokio::test]
    async fn monthly_availability_agrees_with_the_unit_histories() {
        let (_dir, stores) = stores().await;
        let community = passerelle_demo::generate(passerelle_demo::DemoOptions::default());
        let housing = passerelle_demo::generate_housing(2026, 1, TODAY, &community.directory);
        let area_of: HashMap<Uuid, Option<Uuid>> = housing
            .properties
            .iter()
            .map(|p| (p.id, p.fields.area_id))
            .collect();
        let last = MonthIndex::of(TODAY).next().next();
        let first = MonthIndex(last.0 - 26);
        // Day by day, unit by unit.
        let mut expected: HashMap<(MonthIndex, Option<Uuid>, u8), u32> = HashMap::new();
        for (unit, history) in &housing.units {
            let statuses: Vec<(Date, UnitStatus)> =
                history.iter().map(|(d, s, _)| (*d, *s)).collect();
            let ready = unit.fields.available_from.unwrap();
            let mut month = first;
            while month <= last {
                let mut day = month.first_day();
                let mut counted = false;
                while MonthIndex::of(day) == month && !counted {
                    counted = open_on(&statuses, ready, day);
                    day = day.next_day().unwrap();
                }
                if counted {
                    *expected
                        .entry((month, area_of[&unit.property_id], unit.fields.bedrooms))
                        .or_default() += 1;
                }
                month = month.next();
            }
        }
        assert!(expected.values().sum::<u32>() > 1000, "a lively portfolio");
        for store in stores {
            let backend = store.backend().name();
            store
                .import_directory(None, &community.directory)
                .await
                .unwrap();
            store.import_housing(&housing).await.unwrap();
            let cells = store.availability(first, last).await.unwrap();
            let got: HashMap<(MonthIndex, Option<Uuid>, u8), u32> = cells
                .iter()
                .map(|c| ((c.month, c.area_id, c.bedrooms), c.units))
                .collect();
            let mut differences: Vec<String> = expected
                .keys()
                .chain(got.keys())
                .collect::<HashSet<_>>()
                .into_iter()
                .filter(|k| got.get(k) != expected.get(k))
                .map(|k| {
                    format!(
                        "{k:?}: store {:?}, histories {:?}",
                        got.get(k),
                        expected.get(k)
                    )
                })
                .collect();
            differences.sort();
            assert!(
                differences.is_empty(),
                "{backend}: {} cells differ, e.g. {:#?}",
                differences.len(),
                &differences[..differences.len().min(8)]
            );
            // The open units listed are the ones the current month counts from now on.
            let open = store
                .units(&UnitFilter {
                    open_only: true,
                    ..Default::default()
                })
                .await
                .unwrap();
            let ids: HashSet<Uuid> = open.iter().map(|u| u.unit.id).collect();
            let counted_next: u32 = got
                .iter()
                .filter(|((m, _, _), _)| *m == last)
                .map(|(_, n)| *n)
                .sum();
            assert_eq!(ids.len() as u32, counted_next, "{backend}");
        }
    }

    /// What one server reads of units, availability and agencies' names, asked twice and
    /// after another server on the same database writes: the second answer (kept in
    /// memory) is the first, and a write through the other server is seen at once.
    #[tokio::test]
    async fn kept_answers_follow_writes_made_through_another_server() {
        let dir = tempfile::tempdir().unwrap();
        for url in passerelle_store::testing::test_database_urls(dir.path()).await {
            let store = Store::open(&url).await.unwrap();
            let other = Store::open(&url).await.unwrap();
            let backend = store.backend().name();
            let (_, unit_id, _) = portfolio(&store).await;
            let shelter = agency(&store, "Refuge Kept").await;
            let open = UnitFilter {
                open_only: true,
                page: Some((0, 25)),
                ..Default::default()
            };
            // December: the leased unit's stretch ends in November.
            let december = MonthIndex::of(TODAY).next();
            let read = async |s: &Store| {
                let units: Vec<Uuid> = s
                    .units(&open)
                    .await
                    .unwrap()
                    .iter()
                    .map(|u| u.unit.id)
                    .collect();
                let available: u32 = s
                    .availability(december, december)
                    .await
                    .unwrap()
                    .iter()
                    .map(|c| c.units)
                    .sum();
                let names: Vec<String> = s
                    .organization_names()
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|(_, name)| name)
                    .collect();
                (s.units_count(&open).await.unwrap(), units, available, names)
            };
            let first = read(&store).await;
            assert_eq!(first.0, 2, "{backend}");
            assert_eq!(first.2, 2, "{backend}");
            assert_eq!(read(&store).await, first, "{backend}");

            // Through the other server: the unit held, offered and leased (off the open
            // list and out of availability), and the agency renamed.
            let hold = Transition {
                hold: Some(Hold {
                    agency_id: shelter,
                    until: date!(2026 - 12 - 15),
                }),
                ..to(UnitStatus::Held, TODAY)
            };
            other.transition_unit(None, unit_id, &hold).await.unwrap();
            for status in [UnitStatus::Offered, UnitStatus::Leased] {
                other
                    .transition_unit(None, unit_id, &to(status, TODAY))
                    .await
                    .unwrap();
            }
            other
                .update_organization(None, shelter, super::org("Refuge Renamed"))
                .await
                .unwrap();
            let after = read(&store).await;
            assert_eq!(after.0, 1, "{backend}");
            assert!(!after.1.contains(&unit_id), "{backend}");
            assert_eq!(after.2, 1, "{backend}");
            assert!(after.3.contains(&"Refuge Renamed".to_owned()), "{backend}");
            assert!(!after.3.contains(&"Refuge Kept".to_owned()), "{backend}");
            assert_eq!(read(&other).await, after, "{backend}");
        }
    }
}

fn relationship(to_name: &str, kind: &str) -> passerelle_domain::network::RelationshipFields {
    passerelle_domain::network::RelationshipInput {
        to_name: to_name.into(),
        kind: kind.into(),
        intensity: "cooperation".into(),
        ..Default::default()
    }
    .parse()
    .unwrap()
}

#[tokio::test]
async fn named_agencies_are_matched_by_name_or_acronym_or_queued_to_contact() {
    let (_dir, stores) = stores().await;
    let community = generate(DemoOptions::default());
    let day = time::macros::date!(2026 - 03 - 02);
    for store in stores {
        let backend = store.backend().name();
        store
            .import_directory(None, &community.directory)
            .await
            .unwrap();
        let orgs = &community.directory.organizations;
        let (from, to) = (&orgs[0].organization, &orgs[1].organization);
        // Its name in capitals without accents, then its French name if it has one.
        let typed = passerelle_domain::text::fold(&to.fields.name).to_uppercase();
        let matched = store
            .add_relationship(
                None,
                from.id,
                relationship(&typed, "refers_clients_to"),
                day,
            )
            .await
            .unwrap();
        assert_eq!(matched.to_org, Some(to.id), "{backend}");
        assert_eq!(matched.to_name, to.fields.name, "{backend}");
        if let Some(other) = orgs
            .iter()
            .find(|o| o.organization.fields.alternate_name.is_some())
        {
            let alternate = other.organization.fields.alternate_name.clone().unwrap();
            let by_alternate = store
                .add_relationship(
                    None,
                    from.id,
                    relationship(&alternate, "shares_staff_or_space"),
                    day,
                )
                .await
                .unwrap();
            assert_eq!(
                by_alternate.to_org,
                Some(other.organization.id),
                "{backend}"
            );
        }
        // Unknown names queue up under one key however they are typed.
        for (by, name) in [
            (0, "Maison Bleue"),
            (1, "MAISON  BLEUE"),
            (1, "Maison Bleue"),
            (2, "Halte Nord"),
        ] {
            store
                .add_relationship(
                    None,
                    orgs[by].organization.id,
                    relationship(name, "co_delivers_a_program"),
                    day,
                )
                .await
                .unwrap();
        }
        let queue = store.contact_queue().await.unwrap();
        assert_eq!(queue.len(), 2, "{backend}: {queue:?}");
        assert_eq!(
            (queue[0].name.as_str(), queue[0].times_named),
            ("Maison Bleue", 3),
            "{backend}"
        );
        assert_eq!(
            queue[0].named_by.len(),
            2,
            "{backend}: two agencies named it"
        );
        // An agency cannot name itself.
        let itself = store
            .add_relationship(
                None,
                from.id,
                relationship(&from.fields.name, "refers_clients_to"),
                day,
            )
            .await;
        assert!(matches!(itself, Err(StoreError::Invalid(_))), "{backend}");
        let graph = store.network_graph("en").await.unwrap();
        assert_eq!(graph.nodes.len(), orgs.len(), "{backend}");
        assert_eq!(
            graph.ties.len(),
            store
                .relationships()
                .await
                .unwrap()
                .iter()
                .filter(|r| r.to_org.is_some())
                .count(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn the_outreach_pipeline_follows_contacts_meetings_and_marks() {
    use passerelle_domain::outreach::*;
    use time::macros::date;
    let (_dir, stores) = stores().await;
    let community = generate(DemoOptions::default());
    let today = date!(2026 - 11 - 27);
    for store in stores {
        let backend = store.backend().name();
        store
            .import_directory(None, &community.directory)
            .await
            .unwrap();
        let org = |i: usize| community.directory.organizations[i].organization.id;
        let stage = |agencies: &[passerelle_store::AgencyOutreach], id: Uuid| {
            agencies.iter().find(|a| a.org_id == id).unwrap().stage
        };
        let overview = store.outreach_overview(today, 6).await.unwrap();
        assert_eq!(
            overview.never_contacted.len(),
            community.directory.organizations.len(),
            "{backend}"
        );

        let contact = ContactInput {
            contacted_on: "2026-11-02".into(),
            channel: "phone".into(),
            note: "Left a message with the director".into(),
        }
        .parse(today)
        .unwrap();
        store
            .log_contact(None, org(0), contact.clone())
            .await
            .unwrap();
        // Another agency was last heard from eight months ago: stale after six, not twelve.
        let old = ContactFields {
            contacted_on: date!(2026 - 03 - 20),
            ..contact
        };
        store.log_contact(None, org(3), old).await.unwrap();
        let agencies = store.outreach_agencies().await.unwrap();
        assert_eq!(stage(&agencies, org(0)), Stage::Contacted, "{backend}");
        let overview = store.outreach_overview(today, 6).await.unwrap();
        assert_eq!(
            overview.stale.iter().map(|a| a.org_id).collect::<Vec<_>>(),
            [org(3)],
            "{backend}"
        );
        assert!(
            store
                .outreach_overview(today, 12)
                .await
                .unwrap()
                .stale
                .is_empty(),
            "{backend}"
        );

        let meeting = store
            .create_meeting(
                None,
                MeetingInput {
                    purpose: "How the two drop-ins divide the work".into(),
                    preparation: "Both run a meal at noon.".into(),
                    scheduled_on: "2026-11-10".into(),
                    agencies: vec![org(0).to_string(), org(1).to_string()],
                    ..Default::default()
                }
                .parse()
                .unwrap(),
            )
            .await
            .unwrap();
        let agencies = store.outreach_agencies().await.unwrap();
        assert_eq!(stage(&agencies, org(1)), Stage::MeetingPlanned, "{backend}");
        assert_eq!(
            store
                .outreach_overview(today, 6)
                .await
                .unwrap()
                .planned
                .len(),
            1,
            "{backend}"
        );

        let answers = Answers::parse(|f| match f {
            "role" => "The only evening drop-in east of the canal".into(),
            "hub_should_stop" => "Asking us for the same statistics twice".into(),
            _ => String::new(),
        })
        .unwrap();
        store
            .record_answers(None, meeting, org(0), &answers)
            .await
            .unwrap();
        let uninvited = store.record_answers(None, meeting, org(2), &answers).await;
        assert!(matches!(uninvited, Err(StoreError::NotFound)), "{backend}");
        let outcome = OutcomeInput {
            held_on: "2026-11-10".into(),
            decisions: "Lunch stays at one, dinner moves to the other".into(),
            next_meeting_on: String::new(),
        }
        .parse(today)
        .unwrap();
        store.record_outcome(None, meeting, outcome).await.unwrap();
        let follow_up = store
            .add_follow_up(
                None,
                meeting,
                FollowUpInput {
                    description: "Send the shared meal schedule".into(),
                    owner: "Hub".into(),
                    due_on: "2026-11-20".into(),
                }
                .parse()
                .unwrap(),
            )
            .await
            .unwrap();

        let record = store.meeting(meeting).await.unwrap();
        assert_eq!(record.agencies.len(), 2, "{backend}");
        let first = record.agencies.iter().find(|a| a.org_id == org(0)).unwrap();
        assert_eq!(first.answers, answers, "{backend}");
        assert_eq!(record.held_on, Some(date!(2026 - 11 - 10)), "{backend}");
        let overview = store.outreach_overview(today, 6).await.unwrap();
        assert_eq!(stage(&overview.agencies, org(1)), Stage::Met, "{backend}");
        assert_eq!(
            overview.held_without_next.len(),
            1,
            "{backend}: no next meeting agreed"
        );
        assert_eq!(overview.overdue.len(), 1, "{backend}");
        assert_eq!(overview.overdue[0].id, follow_up, "{backend}");

        // A later meeting with one of the same agencies brings the open follow-up back;
        // one with other agencies does not.
        let later = |agencies: Vec<Uuid>| MeetingInput {
            purpose: "Take stock".into(),
            scheduled_on: "2026-12-01".into(),
            agencies: agencies.iter().map(Uuid::to_string).collect(),
            ..Default::default()
        };
        let with_org1 = store
            .create_meeting(None, later(vec![org(1), org(5)]).parse().unwrap())
            .await
            .unwrap();
        let unrelated = store
            .create_meeting(None, later(vec![org(6)]).parse().unwrap())
            .await
            .unwrap();
        let open = store.open_follow_ups_before(with_org1).await.unwrap();
        assert_eq!(
            open.iter().map(|f| f.id).collect::<Vec<_>>(),
            [follow_up],
            "{backend}"
        );
        assert!(
            store
                .open_follow_ups_before(unrelated)
                .await
                .unwrap()
                .is_empty(),
            "{backend}"
        );
        assert!(
            store
                .open_follow_ups_before(meeting)
                .await
                .unwrap()
                .is_empty(),
            "{backend}: not its own"
        );
        assert_eq!(
            store
                .complete_follow_up(None, follow_up, today)
                .await
                .unwrap(),
            meeting,
            "{backend}"
        );
        assert!(
            store
                .outreach_overview(today, 6)
                .await
                .unwrap()
                .overdue
                .is_empty(),
            "{backend}"
        );
        store
            .set_outreach_marks(None, org(1), true, Some(today))
            .await
            .unwrap();
        let record = store.agency_outreach(org(1)).await.unwrap();
        assert_eq!(record.summary.stage, Stage::Partner, "{backend}");
        assert!(record.summary.reluctant, "{backend}");
        assert_eq!(
            record.meetings.len(),
            2,
            "{backend}: the first and the later one"
        );
        let alongside = &store.agency_outreach(org(0)).await.unwrap().met_alongside;
        assert_eq!(alongside.len(), 1, "{backend}");
        assert_eq!(alongside[0].1, 1, "{backend}");
        assert_eq!(
            store.agency_outreach(org(0)).await.unwrap().contacts.len(),
            1,
            "{backend}"
        );
        assert!(
            matches!(
                store.agency_outreach(Uuid::new_v4()).await,
                Err(StoreError::NotFound)
            ),
            "{backend}"
        );

        // Editing the meeting: org(1) stays with its place, org(0) leaves with its answers,
        // org(2) joins.
        let edited = MeetingInput {
            purpose: "How three agencies divide the work".into(),
            scheduled_on: "2026-11-10".into(),
            agencies: vec![org(1).to_string(), org(2).to_string()],
            ..Default::default()
        }
        .parse()
        .unwrap();
        store
            .update_meeting(None, meeting, edited.clone())
            .await
            .unwrap();
        let record = store.meeting(meeting).await.unwrap();
        assert_eq!(
            record.purpose, "How three agencies divide the work",
            "{backend}"
        );
        let invited: Vec<Uuid> = record.agencies.iter().map(|a| a.org_id).collect();
        assert!(
            invited.contains(&org(1)) && invited.contains(&org(2)) && !invited.contains(&org(0)),
            "{backend}"
        );
        assert_eq!(
            record.held_on,
            Some(date!(2026 - 11 - 10)),
            "{backend}: the outcome stays"
        );
        assert!(
            matches!(
                store.update_meeting(None, Uuid::new_v4(), edited).await,
                Err(StoreError::NotFound)
            ),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn systemic_issues_are_counted_by_distinct_agency_and_quarter() {
    use passerelle_domain::systemic::*;
    use time::macros::date;
    let (_dir, stores) = stores().await;
    let community = generate(DemoOptions::default());
    let today = date!(2026 - 11 - 27);
    for store in stores {
        let backend = store.backend().name();
        store
            .import_directory(None, &community.directory)
            .await
            .unwrap();
        let org = |i: usize| community.directory.organizations[i].organization.id;
        let log = |org, issue: &str, day: &str| {
            let fields = IssueInput {
                issue: issue.into(),
                observed_on: day.into(),
                note: String::new(),
            }
            .parse(today)
            .unwrap();
            let store = store.clone();
            async move { store.add_systemic_issue(None, org, fields).await.unwrap() }
        };
        // Three agencies raise ID documents in 2026-Q3, one of them twice; one raises it in
        // Q4 too; transit costs once; one entry falls before the period.
        log(org(0), "id-documents", "2026-07-03").await;
        log(org(0), "id-documents", "2026-08-20").await;
        log(org(1), "id-documents", "2026-09-30").await;
        log(org(2), "id-documents", "2026-07-01").await;
        log(org(2), "id-documents", "2026-10-01").await;
        log(org(3), "transit-costs", "2026-10-15").await;
        log(org(4), "transit-costs", "2025-12-31").await;
        let quarters = Quarter::of(today).last(2);
        let counts = store.systemic_issue_counts(&quarters).await.unwrap();
        let ids = ISSUES.iter().position(|i| i.0 == "id-documents").unwrap();
        let transit = ISSUES.iter().position(|i| i.0 == "transit-costs").unwrap();
        assert_eq!(counts.cells[ids], [3, 1], "{backend}");
        assert_eq!(counts.row_totals[ids], 3, "{backend}");
        assert_eq!(counts.cells[transit], [0, 1], "{backend}");
        assert_eq!(counts.column_totals, [3, 2], "{backend}");
        assert_eq!(
            store.systemic_issues(Some(org(0))).await.unwrap().len(),
            2,
            "{backend}"
        );
        assert_eq!(
            store.systemic_issues(None).await.unwrap().len(),
            7,
            "{backend}"
        );
        let unknown = IssueInput {
            issue: "id-documents".into(),
            observed_on: "2026-11-01".into(),
            note: String::new(),
        }
        .parse(today)
        .unwrap();
        assert!(
            matches!(
                store
                    .add_systemic_issue(None, Uuid::new_v4(), unknown)
                    .await,
                Err(StoreError::NotFound)
            ),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn the_audit_trail_reads_back_in_the_order_events_happened_even_within_one_instant() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let entity = Uuid::new_v4();
        // Ten events in a row: most share a timestamp.
        for n in 1..=10 {
            store.record_audit(read_of(entity, n)).await.unwrap();
        }
        let trail: Vec<String> = store
            .audit_trail(entity)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.detail)
            .collect();
        let newest_first: Vec<String> = (1..=10).rev().map(|n: i32| n.to_string()).collect();
        assert_eq!(trail, newest_first, "{}", store.backend().name());
    }
}

/// A read of an organization's record, told apart from the others by `n`.
fn read_of(entity: Uuid, n: impl ToString) -> passerelle_domain::audit::AuditEvent {
    passerelle_domain::audit::AuditEvent::new(
        None,
        passerelle_domain::audit::AuditAction::Read,
        "organization",
        Some(entity),
    )
    .with_detail(n.to_string())
}

/// The places in the trail (`seq`) of the events about `entity`, newest first.
async fn trail_places(store: &Store, entity: Uuid) -> Vec<i64> {
    let filter = passerelle_store::AuditFilter {
        entity_id: Some(entity),
        ..Default::default()
    };
    store
        .audit_events(&filter, 1000)
        .await
        .unwrap()
        .iter()
        .map(|r| r.seq)
        .collect()
}

/// Reads recorded at the same moment are written together: each call returns only once its
/// own event is in the trail, every event is there once, and the trail's order has no gap
/// and no repeat.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_records_made_at_once_are_each_written_before_their_call_returns() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let name = store.backend().name();
        let entity = Uuid::new_v4();
        let calls: Vec<_> = (0..60)
            .map(|n| {
                let store = store.clone();
                tokio::spawn(async move {
                    store.record_audit(read_of(entity, n)).await.unwrap();
                    // Written by the time the call returns: a read of the trail sees it.
                    let trail = store.audit_trail(entity).await.unwrap();
                    assert!(
                        trail.iter().any(|e| e.detail == n.to_string()),
                        "{name}: event {n} not in the trail when its call returned"
                    );
                })
            })
            .collect();
        for call in calls {
            call.await.unwrap();
        }
        let mut details: Vec<i32> = store
            .audit_trail(entity)
            .await
            .unwrap()
            .iter()
            .map(|e| e.detail.parse().unwrap())
            .collect();
        details.sort();
        assert_eq!(details, (0..60).collect::<Vec<_>>(), "{name}");
        let mut seqs = trail_places(&store, entity).await;
        seqs.dedup();
        assert_eq!(seqs.len(), 60, "{name}: one place in the trail each");
    }
}

/// Two app servers on one database, recording reads at the same moment, give each event a
/// place in the trail of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_recording_at_once_give_each_event_its_own_place_in_the_trail() {
    let dir = tempfile::tempdir().unwrap();
    for url in testing::test_database_urls(dir.path()).await {
        let servers = [
            Store::open(&url).await.unwrap(),
            Store::open(&url).await.unwrap(),
        ];
        let name = servers[0].backend().name();
        let entity = Uuid::new_v4();
        let calls: Vec<_> = (0..80)
            .map(|n| {
                let store = servers[n % 2].clone();
                tokio::spawn(async move {
                    store.record_audit(read_of(entity, n)).await.unwrap();
                })
            })
            .collect();
        for call in calls {
            call.await.unwrap();
        }
        let mut seqs = trail_places(&servers[0], entity).await;
        assert_eq!(seqs.len(), 80, "{name}");
        seqs.dedup();
        assert_eq!(seqs.len(), 80, "{name}: a place of its own each");
    }
}

#[tokio::test]
async fn sign_in_failures_count_by_email_after_its_last_success_and_by_address() {
    use passerelle_store::{LoginFailures, LoginOutcome};
    let (_dir, stores) = stores().await;
    for store in stores {
        // Names of their own, should the database be shared with other tests.
        let tag = Uuid::new_v4().simple().to_string();
        let email = format!("someone-{tag}@example.org");
        let address = format!("198.51.100.{}", tag.len());
        let hour_ago = time::OffsetDateTime::now_utc() - time::Duration::hours(1);
        let count = |email: String, address: String| {
            let store = store.clone();
            async move {
                store
                    .login_failures(&email, &address, hour_ago)
                    .await
                    .unwrap()
            }
        };
        for outcome in [
            LoginOutcome::Failed,
            LoginOutcome::Failed,
            LoginOutcome::Throttled,
        ] {
            store
                .record_login_attempt(&email.to_uppercase(), &address, outcome)
                .await
                .unwrap();
        }
        let name = store.backend().name();
        let before = count(email.clone(), format!("{address}-{tag}")).await;
        assert_eq!(before.by_email, 2, "{name}: any case, refusals not counted");
        store
            .record_login_attempt(&email, &format!("{address}-{tag}"), LoginOutcome::Succeeded)
            .await
            .unwrap();
        assert_eq!(
            count(email.clone(), address.clone()).await,
            LoginFailures {
                by_email: 0,
                by_address: 2
            },
            "{name}: a success clears the e-mail's count, not the address's"
        );
        let later = time::OffsetDateTime::now_utc() + time::Duration::minutes(1);
        let none = store.login_failures(&email, &address, later).await.unwrap();
        assert_eq!(none.by_address, 0, "{name}: outside the window");
    }
}

#[tokio::test]
async fn a_database_found_empty_is_put_back_as_it_was_found() {
    let (_dir, stores) = stores().await;
    let today = time::macros::date!(2026 - 11 - 27);
    for store in stores {
        let backend = store.backend().name();
        let empty = store.found_empty().await.unwrap().expect(backend);
        let vocabularies = store.taxonomies().await.unwrap();
        let community = generate(DemoOptions::default());
        store
            .import_directory(None, &community.directory)
            .await
            .unwrap();
        let housing = passerelle_demo::generate_housing(2026, 1, today, &community.directory);
        store.import_housing(&housing).await.unwrap();
        let held = store.found_empty().await.unwrap();
        assert!(held.is_err(), "{backend}: data written, found {held:?}");

        store.erase_since_empty(empty).await.unwrap();
        assert!(
            store.found_empty().await.unwrap().is_ok(),
            "{backend}: nothing left"
        );
        assert_eq!(store.taxonomies().await.unwrap(), vocabularies, "{backend}");
        // And the same data goes in again, as into a new database.
        store
            .import_directory(None, &community.directory)
            .await
            .unwrap();
        store.import_housing(&housing).await.unwrap();
        assert_eq!(
            store.directory_counts().await.unwrap().organizations,
            community.directory.organizations.len() as i64,
            "{backend}"
        );
    }
}

/// SQLite's backup (PostgreSQL's is `pg_dump`, see `docs/operations.md`).
#[tokio::test]
async fn a_backup_taken_while_writes_go_on_restores_every_write_acknowledged_before_it() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let live = Store::open(&format!(
        "sqlite://{}",
        dir.path().join("live.db").display()
    ))
    .await
    .unwrap();
    let community = generate(DemoOptions::default());
    live.import_directory(None, &community.directory)
        .await
        .unwrap();
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (live, acknowledged, stop) = (live.clone(), acknowledged.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                live.create_organization(None, org(&format!("Written {n}")))
                    .await
                    .unwrap();
                n += 1;
                acknowledged.store(n, Ordering::SeqCst);
            }
        })
    };
    let reached = |n: usize| {
        let acknowledged = acknowledged.clone();
        async move {
            while acknowledged.load(Ordering::SeqCst) < n {
                tokio::task::yield_now().await;
            }
        }
    };
    reached(10).await;
    let before = acknowledged.load(Ordering::SeqCst);
    let backup = dir.path().join("backup.db");
    live.backup_to(&backup).await.unwrap();
    let after = acknowledged.load(Ordering::SeqCst);
    reached(after + 5).await;
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    assert!(
        matches!(live.backup_to(&backup).await, Err(StoreError::Refused(_))),
        "a backup never overwrites a file"
    );
    // Into a database that holds data: no proof, no restore.
    assert!(live.found_empty().await.unwrap().is_err());

    let restored = Store::open(&format!(
        "sqlite://{}",
        dir.path().join("restored.db").display()
    ))
    .await
    .unwrap();
    let empty = restored.found_empty().await.unwrap().unwrap();
    let summary = restored.restore_from(empty, &backup).await.unwrap();
    assert!(summary.rows > 0 && summary.tables > 10, "{summary:?}");
    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("restored.db").display()
    ))
    .await
    .unwrap();
    let written: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM organization WHERE name LIKE 'Written %'")
            .fetch_all(&db)
            .await
            .unwrap();
    let mut numbers: Vec<usize> = written
        .iter()
        .map(|(name,)| name["Written ".len()..].parse().unwrap())
        .collect();
    numbers.sort();
    // One instant: every write acknowledged before the backup began, none after it
    // ended, and no gap.
    assert!(
        numbers.len() >= before && numbers.len() <= after + 1,
        "{} of {before}..={after}",
        numbers.len()
    );
    assert_eq!(numbers, (0..numbers.len()).collect::<Vec<_>>());
    let organizations: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organization")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(
        organizations.0 as usize,
        community.directory.organizations.len() + numbers.len()
    );
    let broken: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&db)
        .await
        .unwrap();
    assert!(broken.is_empty(), "{broken:?}");
}

/// The housing lists, searched, sorted and paged, give the same pages on both databases
/// (which disagree by default on where NULLs sort and how text compares), and each page
/// continues the one before it.
#[tokio::test]
async fn housing_lists_sort_and_page_alike_on_both_databases() {
    use passerelle_store::{LandlordQuery, LandlordSort, UnitFilter, UnitSort};
    use std::collections::HashSet;
    let (_dir, stores) = stores().await;
    let today = time::macros::date!(2026 - 11 - 27);
    let community = generate(DemoOptions::default());
    let housing = passerelle_demo::generate_housing(2026, 1, today, &community.directory);
    let mut answers: Vec<Vec<String>> = Vec::new();
    for store in stores {
        let backend = store.backend().name();
        store
            .import_directory(None, &community.directory)
            .await
            .unwrap();
        store.import_housing(&housing).await.unwrap();
        let mut seen = Vec::new();
        for sort in [
            LandlordSort::Name,
            LandlordSort::Units,
            LandlordSort::OpenUnits,
            LandlordSort::Committed,
        ] {
            for descending in [false, true] {
                let mut all = Vec::new();
                for page in 0..4 {
                    let query = LandlordQuery {
                        sort,
                        descending,
                        page,
                        per_page: 100,
                        ..Default::default()
                    };
                    let (total, landlords) = store.landlords_page(&query).await.unwrap();
                    assert_eq!(total, 300, "{backend}");
                    all.extend(landlords.into_iter().map(|l| (l.id, l.units, l.open_units)));
                }
                // Every landlord once over the pages.
                let ids: HashSet<Uuid> = all.iter().map(|l| l.0).collect();
                assert_eq!(ids.len(), 300, "{backend} {sort:?}");
                seen.push(format!("{sort:?} {descending} {all:?}"));
            }
        }
        let (total, found) = store
            .landlords_page(&LandlordQuery {
                text: Some("GESTION".into()),
                per_page: 100,
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(
            total > 0 && found.iter().all(|l| l.name.contains("Gestion")),
            "{backend}"
        );
        seen.push(format!("{total} {found:?}"));
        for sort in [
            UnitSort::Available,
            UnitSort::Area,
            UnitSort::Bedrooms,
            UnitSort::Rent,
            UnitSort::Status,
        ] {
            for french in [false, true] {
                let filter = |page| UnitFilter {
                    open_only: true,
                    sort,
                    descending: french,
                    french,
                    page: Some((page, 25)),
                    ..Default::default()
                };
                let total = store.units_count(&filter(0)).await.unwrap();
                let mut ids = Vec::new();
                for page in 0..total.div_ceil(25) as u32 {
                    ids.extend(
                        store
                            .units(&filter(page))
                            .await
                            .unwrap()
                            .into_iter()
                            .map(|u| u.unit.id),
                    );
                }
                assert_eq!(ids.len() as u64, total, "{backend} {sort:?}");
                assert_eq!(
                    ids.iter().collect::<HashSet<_>>().len() as u64,
                    total,
                    "{backend} {sort:?}: a unit on two pages"
                );
                seen.push(format!("{sort:?} {french} {ids:?}"));
            }
        }
        answers.push(seen);
    }
    if let [sqlite, postgres] = &answers[..] {
        for (a, b) in sqlite.iter().zip(postgres) {
            assert_eq!(a, b);
        }
    }
}

/// The documents a search looks words up in, as the store's contract states them: an
/// organization's own text, and each service's text after its organization's.
fn search_documents(record: &OrganizationRecord) -> (String, Vec<(&Service, String)>) {
    let o = &record.organization.fields;
    let own = search_text(&[
        Some(&o.name),
        o.alternate_name.as_deref(),
        o.description.as_deref(),
        o.description_fr.as_deref(),
    ]);
    let services = record
        .services
        .iter()
        .map(|s| {
            let f = &s.fields;
            let text = search_text(&[
                Some(&f.name),
                f.alternate_name.as_deref(),
                f.description.as_deref(),
                f.description_fr.as_deref(),
            ]);
            (s, format!("{own} {text}"))
        })
        .collect();
    (own, services)
}

/// Every page of a search, in order.
async fn all_pages(store: &Store, query: &DirectoryQuery) -> (u64, Vec<Uuid>) {
    let mut ids = Vec::new();
    let mut page = 0;
    loop {
        let results = store
            .search(&DirectoryQuery {
                page,
                ..query.clone()
            })
            .await
            .unwrap();
        if results.hits.is_empty() {
            return (results.total, ids);
        }
        ids.extend(results.hits.iter().map(|h| h.organization.id));
        page += 1;
    }
}

/// The search index finds exactly what reading every document would, on both databases, in
/// the same order: accents, case, French elisions, parts of words, short words, filters.
#[tokio::test]
async fn the_search_index_finds_what_a_full_scan_finds_in_the_same_order_on_both_databases() {
    let dir = tempfile::tempdir().unwrap();
    let urls = testing::test_database_urls(dir.path()).await;
    let community = generate(DemoOptions::default());
    let housing = Vocabulary::ServiceType.term_id("housing");
    let area = community.directory.areas[2].id;
    let queries: Vec<DirectoryQuery> = [
        "orleans",
        "ORLÉANS",
        "l'Armée",
        "armée du SALUT",
        "refug",
        "helt",
        "centre de jour",
        "d'urgence",
        "de",
        "b",
        "repas soir",
        "élisabeth-bruyère",
        "zzzz",
    ]
    .iter()
    .map(|t| DirectoryQuery {
        text: Some((*t).into()),
        ..Default::default()
    })
    .chain([
        DirectoryQuery {
            text: Some("refuge".into()),
            service_type: Some(housing),
            ..Default::default()
        },
        DirectoryQuery {
            text: Some("jour".into()),
            area: Some(area),
            ..Default::default()
        },
        DirectoryQuery {
            service_type: Some(housing),
            area: Some(area),
            ..Default::default()
        },
    ])
    .collect();

    let mut orders: Vec<Vec<(u64, String)>> = Vec::new();
    for url in &urls {
        let store = &Store::open(url).await.unwrap();
        let backend = store.backend().name();
        store
            .import_directory(None, &community.directory)
            .await
            .unwrap();
        // Agencies only a French or an accented search finds, one without services.
        let salut = store
            .create_organization(None, org("L'Armée du Salut"))
            .await
            .unwrap();
        let refuge = ServiceInput {
            name: "Refuge d'urgence".into(),
            description_fr: "Repas du soir et lits".into(),
            term_ids: vec![Vocabulary::ServiceType.term_id("emergency-shelter")],
            area_ids: vec![area],
            ..Default::default()
        };
        store
            .create_service(None, salut.id, refuge.parse().unwrap())
            .await
            .unwrap();
        store
            .create_organization(None, org("Centre de jour Élisabeth-Bruyère"))
            .await
            .unwrap();

        let snapshot = store.export_directory().await.unwrap();
        let narrower = with_descendants(&store.terms().await.unwrap(), housing);
        let mut results = Vec::new();
        for query in &queries {
            let words = search_words(query.text.as_deref().unwrap_or_default());
            let holds = |doc: &str| words.iter().all(|w| doc.contains(w.as_str()));
            let service_meets = |s: &Service| {
                query
                    .service_type
                    .is_none_or(|_| s.fields.term_ids.iter().any(|t| narrower.contains(t)))
                    && query.area.is_none_or(|a| s.fields.area_ids.contains(&a))
            };
            let mut expected: Vec<Uuid> = snapshot
                .organizations
                .iter()
                .filter(|record| {
                    let (own, services) = search_documents(record);
                    (!query.has_service_criteria() && holds(&own))
                        || services
                            .iter()
                            .any(|(s, doc)| service_meets(s) && holds(doc))
                })
                .map(|r| r.organization.id)
                .collect();
            let (total, mut found) = all_pages(store, query).await;
            // By name: the agencies made here have other ids on the other database.
            let names: Vec<&str> = found
                .iter()
                .map(|id| {
                    let record = snapshot
                        .organizations
                        .iter()
                        .find(|r| r.organization.id == *id);
                    record.map_or("?", |r| r.organization.fields.name.as_str())
                })
                .collect();
            results.push((total, names.join(" | ")));
            assert_eq!(total as usize, found.len(), "{backend}: {query:?}");
            expected.sort();
            found.sort();
            assert_eq!(found, expected, "{backend}: {query:?}");
        }
        // The agency whose name begins with the words comes first.
        for text in ["l'Armée", "armée du SALUT"] {
            let first = store
                .search(&DirectoryQuery {
                    text: Some(text.into()),
                    ..Default::default()
                })
                .await
                .unwrap();
            assert_eq!(first.hits[0].organization.id, salut.id, "{backend}: {text}");
            assert_eq!(first.hits[0].matched_services.len(), 1, "{backend}: {text}");
        }

        // The index follows every write, and so do the answers a server keeps in memory
        // when another server on the same database makes it: a renamed agency is found by
        // its new name only, and its service's words are still found with it.
        let old_name = DirectoryQuery {
            text: Some("armee salut".into()),
            ..Default::default()
        };
        assert!(all_pages(store, &old_name).await.1.contains(&salut.id));
        let other = Store::open(url).await.unwrap();
        other
            .update_organization(None, salut.id, org("Salvation Army Ottawa"))
            .await
            .unwrap();
        let by_old = all_pages(store, &old_name).await;
        assert!(!by_old.1.contains(&salut.id), "{backend}");
        let by_new = all_pages(
            store,
            &DirectoryQuery {
                text: Some("salvation urgence".into()),
                ..Default::default()
            },
        )
        .await;
        assert_eq!(by_new.1, vec![salut.id], "{backend}");
        orders.push(results);
    }
    // Same totals and the same order, page after page, on both databases.
    for other in &orders[1..] {
        assert_eq!(other, &orders[0]);
    }
}

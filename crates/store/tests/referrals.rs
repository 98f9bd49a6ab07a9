//! Conformance of coordinated access on SQLite and, when `PASSERELLE_TEST_POSTGRES` is set,
//! PostgreSQL: saving referrals with their placement, reading them within an agency,
//! linking and undoing, consent reminders, expiry and withdrawal, the list's facts and
//! flows, notifications, policies and the stored model.

use passerelle_domain::directory::OrganizationInput;
use passerelle_domain::referrals::*;
use passerelle_domain::roles::Role;
use passerelle_domain::values::Email;
use passerelle_store::*;
use time::Date;
use time::macros::date;
use uuid::Uuid;

async fn stores() -> (tempfile::TempDir, Vec<Store>) {
    let dir = tempfile::tempdir().unwrap();
    let mut stores = Vec::new();
    for url in testing::test_database_urls(dir.path()).await {
        stores.push(Store::open(&url).await.unwrap());
    }
    (dir, stores)
}

const TODAY: Date = date!(2026 - 11 - 30);

fn referral(
    given: &str,
    birth: &str,
    expires: &str,
    extra: impl FnOnce(&mut ReferralInput),
) -> ParsedReferral {
    let mut input = ReferralInput {
        given_name: given.into(),
        family_name: "Bélanger".into(),
        birth_date: birth.into(),
        adults: "1".into(),
        children_ages: "3".into(),
        days_homeless: "200".into(),
        assessment_score: "9".into(),
        needs: vec!["housing".into(), "food".into()],
        consent_hub: Some(true),
        consent_method: "signed_form".into(),
        consent_given_on: "2026-01-10".into(),
        consent_expires_on: expires.into(),
        ..Default::default()
    };
    extra(&mut input);
    input.parse(TODAY).unwrap()
}

async fn agency(store: &Store, name: &str) -> Uuid {
    let fields = OrganizationInput {
        name: name.into(),
        ..Default::default()
    }
    .parse()
    .unwrap();
    store.create_organization(None, fields).await.unwrap().id
}

async fn worker(store: &Store, email: &str, agency: Uuid) -> Uuid {
    store
        .create_user(
            None,
            NewUser {
                email: Email::parse("e", email).unwrap(),
                display_name: email.into(),
                role: Role::PartnerWorker,
                agency_id: Some(agency),
                password_hash: "x".into(),
            },
        )
        .await
        .unwrap()
        .id
}

fn same(candidate: Uuid, probability: f64) -> PossibleSame {
    PossibleSame {
        candidate_referral: candidate,
        probability,
        explanation: r#"{"fields":[],"total_weight":3.0,"probability":0.9}"#.into(),
    }
}

async fn save(
    store: &Store,
    agency: Uuid,
    on: Date,
    r: ParsedReferral,
    placement: Placement,
    reviews: Vec<PossibleSame>,
) -> CreatedReferral {
    store
        .create_referral(
            None,
            NewReferral {
                agency: Some(agency),
                referred_on: on,
                referral: r,
                placement,
                reviews,
            },
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn referrals_join_persons_and_reviews_link_and_undo_exactly() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let b = store.backend().name();
        let a1 = agency(&store, "Refuge A").await;
        let a2 = agency(&store, "Halte B").await;
        let w1 = worker(&store, "w1@a.ca", a1).await;
        let w2 = worker(&store, "w2@b.ca", a2).await;

        let first = save(
            &store,
            a1,
            date!(2026 - 02 - 01),
            referral("Geneviève", "1985-02-09", "2027-06-01", |_| {}),
            Placement::NewPerson,
            vec![],
        )
        .await;
        let person = first.person_id.unwrap();
        assert!(!first.joined, "{b}");
        // The same person again, joined automatically by the engine's decision.
        let joined = save(
            &store,
            a1,
            date!(2026 - 03 - 01),
            referral("Genevieve", "1985-02-09", "2027-06-01", |i| {
                i.days_homeless = "400".into()
            }),
            Placement::Join(same(first.id, 0.9995)),
            vec![],
        )
        .await;
        assert_eq!(
            (joined.person_id, joined.joined),
            (Some(person), true),
            "{b}"
        );
        // A possible same person from another agency: a person of its own and a review item.
        let second = save(
            &store,
            a2,
            date!(2026 - 04 - 01),
            referral("Ginette", "1985-09-02", "2027-06-01", |i| {
                i.assessment_score = "12".into()
            }),
            Placement::NewPerson,
            vec![same(first.id, 0.93)],
        )
        .await;
        assert_ne!(second.person_id, Some(person), "{b}");
        assert_eq!(second.reviews.len(), 1, "{b}");

        // Each agency reads its own referrals only; the hub reads all.
        let own: Vec<Uuid> = store
            .referrals(Some(a2), None)
            .await
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(own, vec![second.id], "{b}");
        assert_eq!(store.referrals(None, None).await.unwrap().len(), 3, "{b}");
        let read = store.referral(second.id).await.unwrap();
        let fields = read.fields.clone().unwrap();
        assert_eq!(
            (
                fields.given_name.as_str(),
                fields.household.bedrooms_needed()
            ),
            ("Ginette", 2),
            "{b}"
        );
        assert_eq!(
            fields.needs,
            vec!["food".to_owned(), "housing".to_owned()],
            "{b}"
        );
        assert_eq!(read.status, Some(ListStatus::Active), "{b}");

        // The list: two persons; the first gathers the facts of its two referrals.
        let entries = store.list_entries(&[ListStatus::Active]).await.unwrap();
        assert_eq!(entries.len(), 2, "{b}");
        let e = entries.iter().find(|e| e.person_id == person).unwrap();
        assert_eq!(
            (
                e.referrals,
                e.days_homeless,
                e.first_referred_on,
                e.children
            ),
            (2, Some(400), date!(2026 - 02 - 01), true),
            "{b}"
        );

        // Link: the second person merges into the first; both agencies are told.
        let review = store.reviews(ReviewState::Open).await.unwrap();
        assert_eq!(review.len(), 1, "{b}");
        let into = store
            .decide_review(
                None,
                review[0].id,
                ReviewDecision::Link,
                Some("same person".into()),
            )
            .await
            .unwrap();
        assert_eq!(into, person, "{b}");
        let entries = store.list_entries(&[]).await.unwrap();
        assert_eq!(entries.len(), 1, "{b}");
        assert_eq!(entries[0].agencies.len(), 2, "{b}");
        assert_eq!(entries[0].assessment_score, Some(12), "{b}");
        assert_eq!(
            store
                .person(second.person_id.unwrap())
                .await
                .unwrap()
                .entry
                .person_id,
            person,
            "a merged person answers with the one it joined ({b})"
        );
        assert_eq!(store.unread_notifications(w1).await.unwrap(), 1, "{b}");
        assert_eq!(store.unread_notifications(w2).await.unwrap(), 1, "{b}");
        assert!(
            matches!(
                store
                    .decide_review(None, review[0].id, ReviewDecision::KeepApart, None)
                    .await,
                Err(StoreError::Conflict(_))
            ),
            "{b}"
        );

        // Undo: exactly the moved referral goes back to its own person.
        store
            .undo_review(None, review[0].id, "different mothers".into(), TODAY)
            .await
            .unwrap();
        let entries = store.list_entries(&[]).await.unwrap();
        assert_eq!(entries.len(), 2, "{b}");
        assert_eq!(
            store.referral(second.id).await.unwrap().person_id,
            second.person_id,
            "{b}"
        );
        assert_eq!(
            store.referral(joined.id).await.unwrap().person_id,
            Some(person),
            "{b}"
        );
        // An automatic link can be undone too: the referral gets a person of its own.
        let auto = store.reviews(ReviewState::Linked).await.unwrap();
        assert_eq!(auto.len(), 1, "{b}");
        store
            .undo_review(None, auto[0].id, "wrong join".into(), TODAY)
            .await
            .unwrap();
        assert_ne!(
            store.referral(joined.id).await.unwrap().person_id,
            Some(person),
            "{b}"
        );
        assert_eq!(store.list_entries(&[]).await.unwrap().len(), 3, "{b}");

        // Every decision is in the audit trail.
        let trail = store.audit_trail(review[0].id).await.unwrap();
        assert_eq!(trail.len(), 2, "{b}: {trail:?}");
        assert!(
            trail.iter().any(|e| e.detail.contains("different mothers")),
            "{b}"
        );
    }
}

#[tokio::test]
async fn consent_reminds_expires_and_withdraws_leaving_only_stubs() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let b = store.backend().name();
        let a1 = agency(&store, "Refuge A").await;
        let w1 = worker(&store, "w1@a.ca", a1).await;
        let soon = save(
            &store,
            a1,
            date!(2026 - 01 - 10),
            referral("Luc", "1970-05-05", "2026-12-20", |_| {}),
            Placement::NewPerson,
            vec![],
        )
        .await;
        let later = save(
            &store,
            a1,
            date!(2026 - 01 - 10),
            referral("Anne", "1975-05-05", "2027-12-20", |_| {}),
            Placement::NewPerson,
            vec![],
        )
        .await;
        let anonymous = save(
            &store,
            a1,
            date!(2026 - 01 - 10),
            ParsedReferral::Anonymous,
            Placement::NewPerson,
            vec![],
        )
        .await;
        assert_eq!(anonymous.person_id, None, "{b}");

        // Within 30 days of expiry: one reminder, only once, even when two requests (or two
        // servers) apply the day at the same moment.
        let (one, two) = tokio::join!(
            store.apply_consent_dates(TODAY),
            store.apply_consent_dates(TODAY)
        );
        assert!(one.unwrap().is_empty() && two.unwrap().is_empty(), "{b}");
        assert!(
            store.apply_consent_dates(TODAY).await.unwrap().is_empty(),
            "{b}"
        );
        let notes = store.notifications(w1, 10).await.unwrap();
        assert_eq!(
            notes
                .iter()
                .filter(|n| n.kind == "consent_expiring")
                .count(),
            1,
            "{b}"
        );

        // At expiry: erased to a stub, off the list, the agency told; by one of two at once.
        let (one, two) = tokio::join!(
            store.apply_consent_dates(date!(2026 - 12 - 20)),
            store.apply_consent_dates(date!(2026 - 12 - 20))
        );
        let ended = [one.unwrap(), two.unwrap()].concat();
        assert_eq!(ended, vec![soon.id], "{b}");
        let told = store.notifications(w1, 10).await.unwrap();
        assert_eq!(
            told.iter().filter(|n| n.kind == "consent_ended").count(),
            1,
            "{b}"
        );
        let stub = store.referral(soon.id).await.unwrap();
        assert!(stub.fields.is_none() && stub.redacted_at.is_some(), "{b}");
        assert_eq!(
            (stub.status, stub.inactive_reason),
            (
                Some(ListStatus::Inactive),
                Some(InactiveReason::ConsentEnded)
            ),
            "{b}"
        );
        let listed: Vec<Uuid> = store
            .list_entries(&[])
            .await
            .unwrap()
            .iter()
            .map(|e| e.person_id)
            .collect();
        assert_eq!(listed, vec![later.person_id.unwrap()], "{b}");
        assert!(
            store
                .identity_rows()
                .await
                .unwrap()
                .iter()
                .all(|r| r.referral_id != soon.id),
            "{b}"
        );

        // Withdrawal: the same, at once, and only once.
        let erased = store.withdraw_consent(None, later.id, TODAY).await.unwrap();
        assert_eq!(erased, vec![later.id], "{b}");
        assert!(store.list_entries(&[]).await.unwrap().is_empty(), "{b}");
        assert!(
            matches!(
                store.withdraw_consent(None, later.id, TODAY).await,
                Err(StoreError::Conflict(_))
            ),
            "{b}"
        );
        // The counts stay: three referrals, and the flows show two new persons and two exits.
        assert_eq!(
            store.referrals(Some(a1), None).await.unwrap().len(),
            3,
            "{b}"
        );
        let flows = store.list_flows(date!(2026 - 01 - 01)).await.unwrap();
        let total = |flow: &str| {
            flows
                .iter()
                .filter(|f| f.flow == flow)
                .map(|f| f.count)
                .sum::<i64>()
        };
        assert_eq!((total("new"), total("inactive")), (2, 2), "{b}: {flows:?}");
    }
}

#[tokio::test]
async fn statuses_policies_and_the_model_are_kept_with_their_dates() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let b = store.backend().name();
        let a1 = agency(&store, "Refuge A").await;
        let r = save(
            &store,
            a1,
            date!(2026 - 05 - 01),
            referral("Luc", "1970-05-05", "2027-12-20", |_| {}),
            Placement::NewPerson,
            vec![],
        )
        .await;
        let person = r.person_id.unwrap();
        let refused = store
            .set_person_status(None, person, ListStatus::Inactive, None, TODAY)
            .await;
        assert!(
            matches!(refused, Err(StoreError::Invalid(_))),
            "inactive needs a reason ({b})"
        );
        store
            .set_person_status(
                None,
                person,
                ListStatus::Housed,
                None,
                date!(2026 - 10 - 03),
            )
            .await
            .unwrap();
        store
            .set_person_status(
                None,
                person,
                ListStatus::Active,
                None,
                date!(2026 - 11 - 03),
            )
            .await
            .unwrap();
        let record = store.person(person).await.unwrap();
        let flows: Vec<Option<String>> = record.events.iter().map(|e| e.flow.clone()).collect();
        assert_eq!(
            flows,
            vec![
                Some("new".into()),
                Some("housed".into()),
                Some("returned_from_housed".into())
            ],
            "{b}"
        );

        assert!(store.priority_policies().await.unwrap().is_empty(), "{b}");
        store
            .set_priority_policy(None, "acuity,referral_date")
            .await
            .unwrap();
        store
            .set_priority_policy(None, "children,acuity")
            .await
            .unwrap();
        let policies = store.priority_policies().await.unwrap();
        assert_eq!(policies.len(), 2, "{b}");
        assert_eq!(policies[0].keys, "children,acuity", "newest first ({b})");

        assert!(store.linkage_model().await.unwrap().is_none(), "{b}");
        store
            .save_linkage_model(None, 12, true, "{\"m\":[]}")
            .await
            .unwrap();
        let model = store.linkage_model().await.unwrap().unwrap();
        assert_eq!(
            (model.records, model.synthetic, model.model.as_str()),
            (12, true, "{\"m\":[]}"),
            "{b}"
        );
    }
}

#[tokio::test]
async fn persons_without_contact_for_the_configured_days_become_inactive() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let b = store.backend().name();
        let shelter = agency(&store, "Refuge Contact").await;
        let worker = worker(&store, &format!("contact-{b}@example.org"), shelter).await;
        assert_eq!(
            store.no_contact_days().await.unwrap(),
            90,
            "the default ({b})"
        );
        for refused in [0, 13, 366] {
            assert!(
                matches!(
                    store.set_no_contact_days(None, refused).await,
                    Err(StoreError::Invalid(_))
                ),
                "{refused} days ({b})"
            );
        }
        store.set_no_contact_days(None, 30).await.unwrap();
        assert_eq!(store.no_contact_days().await.unwrap(), 30);

        let person_of = |c: CreatedReferral| c.person_id.unwrap();
        // Referred 40 days ago, never heard from since: becomes inactive.
        let silent = person_of(
            save(
                &store,
                shelter,
                TODAY - time::Duration::days(40),
                referral("Silence", "1970-01-01", "2029-01-01", |_| {}),
                Placement::NewPerson,
                vec![],
            )
            .await,
        );
        // Referred as long ago, but a worker called 10 days ago: stays.
        let called = person_of(
            save(
                &store,
                shelter,
                TODAY - time::Duration::days(40),
                referral("Appel", "1971-01-01", "2029-01-01", |i| {
                    i.family_name = "Tremblay".into()
                }),
                Placement::NewPerson,
                vec![],
            )
            .await,
        );
        store
            .record_contact(
                Some(worker),
                called,
                TODAY - time::Duration::days(10),
                "Called",
            )
            .await
            .unwrap();
        // Referred 20 days ago: within the delay.
        let recent = person_of(
            save(
                &store,
                shelter,
                TODAY - time::Duration::days(20),
                referral("Récent", "1972-01-01", "2029-01-01", |i| {
                    i.family_name = "Gagnon".into()
                }),
                Placement::NewPerson,
                vec![],
            )
            .await,
        );
        // Housed long ago: not waiting, so not concerned.
        let housed = person_of(
            save(
                &store,
                shelter,
                TODAY - time::Duration::days(200),
                referral("Logé", "1973-01-01", "2029-01-01", |i| {
                    i.family_name = "Roy".into()
                }),
                Placement::NewPerson,
                vec![],
            )
            .await,
        );
        store
            .set_person_status(
                None,
                housed,
                ListStatus::Housed,
                None,
                TODAY - time::Duration::days(150),
            )
            .await
            .unwrap();

        // Two requests (or servers) applying the rule at once: one changes the person, the
        // other finds nobody left, and neither fails.
        let (one, two) = tokio::join!(store.apply_no_contact(TODAY), store.apply_no_contact(TODAY));
        assert_eq!(one.unwrap() + two.unwrap(), 1, "{b}");
        let status = |p| {
            let store = store.clone();
            async move {
                let e = store.person(p).await.unwrap().entry;
                (e.status, e.inactive_reason)
            }
        };
        assert_eq!(
            status(silent).await,
            (ListStatus::Inactive, Some(InactiveReason::NoContact)),
            "{b}"
        );
        for p in [called, recent] {
            assert_eq!(status(p).await, (ListStatus::Active, None), "{b}");
        }
        assert_eq!(status(housed).await.0, ListStatus::Housed);
        let contacts = store.contacts(called).await.unwrap();
        assert_eq!(contacts.len(), 1);
        assert_eq!(contacts[0].note, "Called");
        assert_eq!(
            store.apply_no_contact(TODAY).await.unwrap(),
            0,
            "applied once ({b})"
        );
        // The referring worker is told.
        let notices = store.notifications(worker, 10).await.unwrap();
        assert!(
            notices.iter().any(|n| n.kind == "status_changed"),
            "{b}: {notices:?}"
        );
    }
}

//! Offers on SQLite and, when `PASSERELLE_TEST_POSTGRES` is set, PostgreSQL: a unit or a
//! person is in at most one live offer whoever tries at once; every step moves the unit and
//! the person with the offer; a decline or a lapse returns both to the pool.

use passerelle_domain::directory::OrganizationInput;
use passerelle_domain::housing::*;
use passerelle_domain::offers::{OfferState, OfferStep};
use passerelle_domain::referrals::{InactiveReason, ListStatus, ReferralInput};
use passerelle_store::*;
use time::Date;
use time::macros::date;
use uuid::Uuid;

const TODAY: Date = date!(2026 - 11 - 30);

async fn stores() -> (tempfile::TempDir, Vec<Store>) {
    let dir = tempfile::tempdir().unwrap();
    let mut stores = Vec::new();
    for url in testing::test_database_urls(dir.path()).await {
        stores.push(Store::open(&url).await.unwrap());
    }
    (dir, stores)
}

async fn person(store: &Store, agency: Uuid, given: &str) -> Uuid {
    let referral = ReferralInput {
        given_name: given.into(),
        family_name: "Tremblay".into(),
        adults: "1".into(),
        consent_hub: Some(true),
        consent_method: "signed_form".into(),
        consent_given_on: "2026-10-01".into(),
        consent_expires_on: "2027-10-01".into(),
        ..Default::default()
    }
    .parse(TODAY)
    .unwrap();
    store
        .create_referral(
            None,
            NewReferral {
                agency: Some(agency),
                referred_on: date!(2026 - 10 - 01),
                referral,
                placement: Placement::NewPerson,
                reviews: vec![],
            },
        )
        .await
        .unwrap()
        .person_id
        .unwrap()
}

/// An agency, three persons and two available units.
async fn world(store: &Store) -> (Vec<Uuid>, Vec<Uuid>) {
    let agency = store
        .create_organization(
            None,
            OrganizationInput {
                name: "Centre Offres".into(),
                ..Default::default()
            }
            .parse()
            .unwrap(),
        )
        .await
        .unwrap()
        .id;
    let mut persons = Vec::new();
    for name in ["Ana", "Brigitte", "Chantal"] {
        persons.push(person(store, agency, name).await);
    }
    let landlord = store
        .create_landlord(
            None,
            LandlordInput {
                kind: "company".into(),
                name: "Logements Offres".into(),
                ..Default::default()
            }
            .parse()
            .unwrap(),
        )
        .await
        .unwrap();
    let property = store
        .create_property(
            None,
            landlord.id,
            PropertyInput {
                address: "5 Rue Offre".into(),
                ..Default::default()
            }
            .parse()
            .unwrap(),
        )
        .await
        .unwrap();
    let mut units = Vec::new();
    for label in ["1", "2"] {
        let fields = UnitInput {
            label: label.into(),
            bedrooms: "1".into(),
            rent: "1100".into(),
            available_from: "2026-11-01".into(),
            ..Default::default()
        }
        .parse(None)
        .unwrap();
        units.push(
            store
                .create_unit(None, property.id, fields, date!(2026 - 11 - 01))
                .await
                .unwrap()
                .id,
        );
    }
    (persons, units)
}

fn offer(person: Uuid, unit: Uuid) -> NewOffer {
    NewOffer {
        person_id: person,
        unit_id: unit,
        round_id: None,
        priority_position: None,
        fit: None,
        offered_on: date!(2026 - 11 - 20),
        respond_by: date!(2026 - 11 - 27),
    }
}

/// Two offers made at once, from two tasks on two threads (two app servers, in effect).
async fn race(
    store: &Store,
    one: NewOffer,
    two: NewOffer,
) -> (Result<Vec<Uuid>>, Result<Vec<Uuid>>) {
    let (s1, s2) = (store.clone(), store.clone());
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
    let (b1, b2) = (barrier.clone(), barrier);
    let h1 = tokio::spawn(async move {
        b1.wait().await;
        s1.create_offers(None, &[one]).await
    });
    let h2 = tokio::spawn(async move {
        b2.wait().await;
        s2.create_offers(None, &[two]).await
    });
    (h1.await.unwrap(), h2.await.unwrap())
}

fn is_conflict(r: &Result<Vec<Uuid>>) -> bool {
    matches!(r, Err(StoreError::Conflict(_)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_locators_offering_the_same_unit_or_person_at_once_one_wins() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let backend = store.backend().name();
        let (persons, units) = world(&store).await;
        // The same unit to two persons at once.
        let (a, b) = race(
            &store,
            offer(persons[0], units[0]),
            offer(persons[1], units[0]),
        )
        .await;
        assert_eq!(
            [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
            1,
            "{backend}: same unit: {a:?} {b:?}"
        );
        assert!(is_conflict(&a) || is_conflict(&b), "{backend}");
        let winner = if a.is_ok() { persons[0] } else { persons[1] };
        let loser = if a.is_ok() { persons[1] } else { persons[0] };

        // The same person (the winner) to the other unit, and the loser to it, at once: the
        // winner is already matched, so only the loser's offer can be made.
        let (c, d) = race(&store, offer(winner, units[1]), offer(loser, units[1])).await;
        assert!(is_conflict(&c), "{backend}: {c:?}");
        assert!(d.is_ok(), "{backend}: {d:?}");

        // A batch with one taken pair makes none of its offers.
        let third = persons[2];
        let batch = store.create_offers(None, &[offer(third, units[1])]).await;
        assert!(is_conflict(&batch), "{backend}");
        let live = store
            .offers(&OfferFilter {
                live_only: true,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(live.len(), 2, "{backend}");
        let unit = store.unit(units[0]).await.unwrap();
        assert_eq!(unit.listing.unit.status, UnitStatus::Offered, "{backend}");
        let entries = store.list_entries(&[ListStatus::Matched]).await.unwrap();
        assert_eq!(entries.len(), 2, "{backend}");
    }
}

#[tokio::test]
async fn an_offer_goes_to_the_move_in_and_a_decline_or_lapse_returns_both_to_the_pool() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let backend = store.backend().name();
        let (persons, units) = world(&store).await;
        let made = store
            .create_offers(
                None,
                &[offer(persons[0], units[0]), offer(persons[1], units[1])],
            )
            .await
            .unwrap();
        let respond = date!(2026 - 12 - 05);
        let step = |s: OfferStep| s;
        let accept = step(OfferStep::Client {
            accepted: true,
            reason: None,
            note: None,
            on: date!(2026 - 11 - 21),
        });
        assert_eq!(
            store
                .decide_offer(None, made[0], &accept, respond)
                .await
                .unwrap(),
            OfferState::ClientAccepted
        );
        // The same answer recorded twice (two workers at once): the second changes nothing.
        assert!(matches!(
            store.decide_offer(None, made[0], &accept, respond).await,
            Err(StoreError::Conflict("error-offer-changed"))
        ));
        let landlord = OfferStep::Landlord {
            accepted: true,
            reason: None,
            note: None,
            on: date!(2026 - 11 - 22),
        };
        store
            .decide_offer(None, made[0], &landlord, respond)
            .await
            .unwrap();
        let lease = OfferStep::Lease {
            signed_on: date!(2026 - 11 - 24),
            rent: Cents(110_000),
            subsidy: Cents(40_000),
            starts_on: date!(2026 - 11 - 25),
        };
        store
            .decide_offer(None, made[0], &lease, respond)
            .await
            .unwrap();
        assert_eq!(
            store.unit(units[0]).await.unwrap().listing.unit.status,
            UnitStatus::Leased,
            "{backend}"
        );
        let move_in = OfferStep::MoveIn {
            on: date!(2026 - 11 - 26),
        };
        assert_eq!(
            store
                .decide_offer(None, made[0], &move_in, respond)
                .await
                .unwrap(),
            OfferState::MovedIn
        );
        let unit = store.unit(units[0]).await.unwrap();
        assert_eq!(unit.listing.unit.status, UnitStatus::Occupied, "{backend}");
        assert_eq!(unit.tenancies.len(), 1, "{backend}");
        assert_eq!(
            unit.tenancies[0].moved_in_on,
            Some(date!(2026 - 11 - 26)),
            "{backend}"
        );
        let housed = store.person(persons[0]).await.unwrap();
        assert_eq!(housed.entry.status, ListStatus::Housed, "{backend}");
        let (record, history) = store.offer(made[0]).await.unwrap();
        assert_eq!(record.state, OfferState::MovedIn);
        assert_eq!(record.subsidy_cents, Some(40_000));
        assert_eq!(history.len(), 5, "{backend}: offered + four steps");

        // The second offer is not answered by its deadline: it lapses on the next day's
        // read, the unit is available again and the person active again.
        assert_eq!(store.lapse_offers(TODAY, 2).await.unwrap(), 1, "{backend}");
        let (lapsed, _) = store.offer(made[1]).await.unwrap();
        assert_eq!(lapsed.state, OfferState::Lapsed);
        assert_eq!(lapsed.end_reason.as_deref(), Some("deadline"));
        assert_eq!(
            store.unit(units[1]).await.unwrap().listing.unit.status,
            UnitStatus::Available,
            "{backend}"
        );
        assert_eq!(
            store.person(persons[1]).await.unwrap().entry.status,
            ListStatus::Active,
            "{backend}"
        );
        // Back in the pool: a new offer of the same pair can be made, and declined.
        let again = store
            .create_offers(
                None,
                &[NewOffer {
                    offered_on: TODAY,
                    respond_by: date!(2026 - 12 - 07),
                    ..offer(persons[1], units[1])
                }],
            )
            .await
            .unwrap();
        let decline = OfferStep::Client {
            accepted: false,
            reason: Some("location".into()),
            note: None,
            on: TODAY,
        };
        store
            .decide_offer(None, again[0], &decline, respond)
            .await
            .unwrap();
        let (declined, _) = store.offer(again[0]).await.unwrap();
        assert_eq!(declined.client_reason.as_deref(), Some("location"));
        assert_eq!(
            store.unit(units[1]).await.unwrap().listing.unit.status,
            UnitStatus::Available,
            "{backend}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consent_ending_withdraws_the_persons_offer_and_frees_the_unit() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let backend = store.backend().name();
        let (persons, units) = world(&store).await;
        let made = store
            .create_offers(None, &[offer(persons[2], units[0])])
            .await
            .unwrap();
        let referral = store.person(persons[2]).await.unwrap().referrals[0].id;
        store.withdraw_consent(None, referral, TODAY).await.unwrap();
        let (ended, history) = store.offer(made[0]).await.unwrap();
        assert_eq!(ended.state, OfferState::Withdrawn, "{backend}");
        assert_eq!(ended.end_reason.as_deref(), Some("consent_ended"));
        assert_eq!(history.len(), 2, "{backend}: offered, then withdrawn");
        assert_eq!(
            store.unit(units[0]).await.unwrap().listing.unit.status,
            UnitStatus::Available,
            "{backend}"
        );
        // The person left the list (and every view) and stays off it: ending the offer
        // did not put them back. Their status history says matched, then inactive.
        let everyone = store.equity_persons().await.unwrap();
        let history: Vec<ListStatus> = everyone
            .iter()
            .find(|p| p.person_id == persons[2])
            .unwrap()
            .statuses
            .iter()
            .map(|s| s.1)
            .collect();
        assert_eq!(
            history,
            [
                ListStatus::Active,
                ListStatus::Matched,
                ListStatus::Inactive
            ],
            "{backend}"
        );
        // The unit can be offered again at once.
        store
            .create_offers(None, &[offer(persons[0], units[0])])
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn offers_of_the_past_are_recorded_with_their_steps_and_the_live_rule_holds() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let backend = store.backend().name();
        let (persons, units) = world(&store).await;
        let declined = PastOffer {
            person_id: persons[0],
            unit_id: units[0],
            offered_on: date!(2026 - 09 - 01),
            respond_by: date!(2026 - 09 - 08),
            steps: vec![
                (date!(2026 - 09 - 02), OfferState::ClientAccepted, None),
                (
                    date!(2026 - 09 - 05),
                    OfferState::LandlordDeclined,
                    Some("references".into()),
                ),
            ],
            rent: None,
            tenancy_id: None,
            proposal: None,
        };
        // The open one came from a round's proposal.
        let round = NewRound {
            on: date!(2026 - 11 - 23),
            policy: "acuity".into(),
            dry_run: false,
            outcome: RoundOutcome {
                persons: 2,
                units: 2,
                feasible_pairs: 1,
                matched: 1,
                objective: 7,
                result: "{}".into(),
                timings: "{}".into(),
            },
            inputs: "{}".into(),
        };
        let round_id = store.save_round(None, &round).await.unwrap();
        let open = PastOffer {
            person_id: persons[1],
            unit_id: units[1],
            offered_on: date!(2026 - 11 - 25),
            respond_by: date!(2026 - 12 - 02),
            steps: vec![],
            rent: None,
            tenancy_id: None,
            proposal: Some((round_id, 3, 41)),
        };
        store
            .record_past_offers(&[declined.clone(), open.clone()])
            .await
            .unwrap();
        let all = store.offers(&OfferFilter::default()).await.unwrap();
        assert_eq!(all.len(), 2, "{backend}");
        let ended = all.iter().find(|o| o.person_id == persons[0]).unwrap();
        assert_eq!(ended.state, OfferState::LandlordDeclined, "{backend}");
        assert_eq!(ended.landlord_reason.as_deref(), Some("references"));
        assert_eq!(ended.end_reason.as_deref(), Some("references"));
        let (_, history) = store.offer(ended.id).await.unwrap();
        assert_eq!(history.len(), 3, "{backend}: offered, accepted, declined");
        assert_eq!(ended.round_id, None);
        let proposed = all.iter().find(|o| o.person_id == persons[1]).unwrap();
        assert_eq!(
            (proposed.round_id, proposed.priority_position, proposed.fit),
            (Some(round_id), Some(3), Some(41)),
            "{backend}"
        );
        assert_eq!(store.round(round_id).await.unwrap().offers, 1, "{backend}");
        // A second live offer of the open one's unit is refused, and nothing is recorded.
        let again = PastOffer {
            person_id: persons[2],
            ..open
        };
        assert!(matches!(
            store.record_past_offers(&[again]).await,
            Err(StoreError::Conflict("error-offer-exists"))
        ));
        assert_eq!(
            store.offers(&OfferFilter::default()).await.unwrap().len(),
            2
        );
    }
}

#[tokio::test]
async fn a_rounds_candidates_are_every_active_person_in_person_id_order() {
    let (_dir, stores) = stores().await;
    for store in stores {
        let backend = store.backend().name();
        let (mut persons, _) = world(&store).await;
        let agency = store.organization_names().await.unwrap()[0].0;
        // The candidates are read in two halves of the person ids (below '8' and from '8'):
        // add persons until both halves hold some.
        let low = |p: &Uuid| p.to_string().as_str() < "8";
        while !(persons.iter().any(low) && persons.iter().any(|p| !low(p))) {
            persons.push(person(&store, agency, "Dana").await);
        }
        let gone = persons.pop().unwrap();
        store
            .set_person_status(
                None,
                gone,
                ListStatus::Inactive,
                Some(InactiveReason::MovedAway),
                TODAY,
            )
            .await
            .unwrap();
        let mut expected: Vec<String> = persons.iter().map(Uuid::to_string).collect();
        expected.sort();
        let read: Vec<String> = store
            .match_candidates()
            .await
            .unwrap()
            .iter()
            .map(|c| c.entry.person_id.to_string())
            .collect();
        assert_eq!(read, expected, "{backend}");
    }
}

#[tokio::test]
async fn a_tenancy_from_an_offer_is_supported_followed_and_ended_with_its_reason() {
    use passerelle_domain::tenancies::{ContactParty, FollowUpCadence, NewContact, TenancyEnd};
    let (_dir, stores) = stores().await;
    for store in stores {
        let backend = store.backend().name();
        let (persons, units) = world(&store).await;
        let id = store
            .create_offers(None, &[offer(persons[0], units[0])])
            .await
            .unwrap()[0];
        let steps = [
            OfferStep::Client {
                accepted: true,
                reason: None,
                note: None,
                on: date!(2026 - 11 - 21),
            },
            OfferStep::Landlord {
                accepted: true,
                reason: None,
                note: None,
                on: date!(2026 - 11 - 22),
            },
            OfferStep::Lease {
                signed_on: date!(2026 - 11 - 23),
                rent: Cents(110_000),
                subsidy: Cents(0),
                starts_on: date!(2026 - 11 - 24),
            },
            OfferStep::MoveIn {
                on: date!(2026 - 11 - 25),
            },
        ];
        for step in &steps {
            store
                .decide_offer(None, id, step, date!(2026 - 12 - 05))
                .await
                .unwrap();
        }
        // The referring agency keeps supporting the person (no other agency was named).
        let referring = store.person(persons[0]).await.unwrap();
        let agency = referring.referrals[0].agency_id;
        let all = store.tenancies(&TenancyFilter::default()).await.unwrap();
        assert_eq!(all.len(), 1, "{backend}");
        let tenancy = all[0].id;
        assert_eq!(all[0].person_id, persons[0], "{backend}");
        assert_eq!(all[0].support_agency_id, agency, "{backend}");
        assert_eq!(all[0].moved_in_on, Some(date!(2026 - 11 - 25)), "{backend}");
        let elsewhere = TenancyFilter {
            support_agency: Some(Uuid::new_v4()),
            ..Default::default()
        };
        let theirs = TenancyFilter {
            person: Some(persons[0]),
            ..Default::default()
        };
        assert_eq!(
            store.tenancies(&theirs).await.unwrap().len(),
            1,
            "{backend}"
        );
        let others = TenancyFilter {
            person: Some(persons[1]),
            ..Default::default()
        };
        assert!(
            store.tenancies(&others).await.unwrap().is_empty(),
            "{backend}"
        );
        assert_eq!(all[0].referred_again_on, None, "{backend}");
        assert!(
            store.tenancies(&elsewhere).await.unwrap().is_empty(),
            "{backend}"
        );
        // As the reports read it: the household and the referral that led to the housing.
        let housed = store.housed_records().await.unwrap();
        assert_eq!(housed.len(), 1, "{backend}");
        assert_eq!(housed[0].household, "single", "{backend}");
        assert_eq!(
            housed[0].referred_on,
            Some(date!(2026 - 10 - 01)),
            "{backend}"
        );
        assert_eq!(housed[0].moved_in, date!(2026 - 11 - 25), "{backend}");
        assert_eq!(housed[0].referred_again_on, None, "{backend}");
        // The two persons still waiting named no need.
        assert!(store.waiting_needs().await.unwrap().is_empty(), "{backend}");

        // A visit counts for follow-up; an attempt that did not reach the tenant does not.
        let visit = |on, outcome: &str| NewContact {
            party: ContactParty::Support,
            on,
            kind: "home_visit".into(),
            outcome: outcome.into(),
            notes: Some("Settling in.".into()),
        };
        store
            .add_tenancy_contact(None, tenancy, &visit(date!(2026 - 11 - 28), "stable"))
            .await
            .unwrap();
        store
            .add_tenancy_contact(None, tenancy, &visit(date!(2026 - 11 - 29), "no_contact"))
            .await
            .unwrap();
        let (read, contacts) = store.tenancy(tenancy).await.unwrap();
        assert_eq!(contacts.len(), 2, "{backend}");
        assert_eq!(
            contacts[0].on,
            date!(2026 - 11 - 29),
            "{backend}: newest first"
        );
        assert_eq!(read.support_days, vec![date!(2026 - 11 - 28)], "{backend}");
        assert!(read.landlord_days.is_empty(), "{backend}");

        // An incident, mediated, then closed: nothing more is recorded on it.
        use passerelle_domain::tenancies::{IncidentClose, NewIncident, NewMeeting};
        let incident = store
            .add_incident(
                None,
                tenancy,
                &NewIncident {
                    on: date!(2026 - 11 - 28),
                    kind: "noise".into(),
                    raised_by: "neighbour".into(),
                    description: None,
                },
            )
            .await
            .unwrap();
        let meeting = NewMeeting {
            on: date!(2026 - 11 - 29),
            attendees: "Tenant, landlord".into(),
            agreed: Some("Quiet after ten.".into()),
        };
        store
            .add_incident_meeting(None, incident, &meeting)
            .await
            .unwrap();
        let close = IncidentClose {
            on: date!(2026 - 11 - 29),
            outcome: "resolved".into(),
            note: None,
        };
        store.close_incident(None, incident, &close).await.unwrap();
        let read = store.incident(incident).await.unwrap();
        assert_eq!(read.outcome.as_deref(), Some("resolved"), "{backend}");
        assert_eq!(read.meetings.len(), 1, "{backend}");
        assert_eq!(
            store.incidents_of(tenancy).await.unwrap(),
            vec![read],
            "{backend}"
        );
        let again = store.add_incident_meeting(None, incident, &meeting).await;
        assert!(
            matches!(again, Err(StoreError::Invalid(_))),
            "{backend}: {again:?}"
        );
        let twice = store.close_incident(None, incident, &close).await;
        assert!(
            matches!(twice, Err(StoreError::Invalid(_))),
            "{backend}: {twice:?}"
        );

        // Ending it vacates the unit on the same day and keeps the reason.
        let end = TenancyEnd {
            on: date!(2026 - 11 - 30),
            reason: "eviction".into(),
            note: None,
        };
        store.end_tenancy(None, tenancy, &end).await.unwrap();
        let (ended, _) = store.tenancy(tenancy).await.unwrap();
        assert_eq!(ended.ended_on, Some(date!(2026 - 11 - 30)), "{backend}");
        assert_eq!(ended.end_reason.as_deref(), Some("eviction"), "{backend}");
        let unit = store.unit(units[0]).await.unwrap();
        assert_eq!(unit.listing.unit.status, UnitStatus::Vacated, "{backend}");
        // Nothing more is logged on it, and it does not end twice.
        let late = store
            .add_tenancy_contact(None, tenancy, &visit(date!(2026 - 11 - 30), "stable"))
            .await;
        assert!(
            matches!(late, Err(StoreError::Invalid(_))),
            "{backend}: {late:?}"
        );
        let twice = store.end_tenancy(None, tenancy, &end).await;
        assert!(
            matches!(twice, Err(StoreError::Invalid(_))),
            "{backend}: {twice:?}"
        );
        assert_eq!(
            store.tenancy(tenancy).await.unwrap().1.len(),
            2,
            "{backend}"
        );
        // The landlord's relationship: the offer, the tenancy's 5 days, the incident.
        let landlord = store.unit(units[0]).await.unwrap().listing.landlord_id;
        let relationship = store.landlord_relationship(landlord).await.unwrap();
        assert_eq!(relationship.years.len(), 1, "{backend}");
        let year = &relationship.years[0];
        assert_eq!(
            (
                year.offers,
                year.tenancies_started,
                year.tenancies_ended,
                year.incidents
            ),
            (1, 1, 1, 1),
            "{backend}"
        );
        assert_eq!(year.median_days_housed, Some(5), "{backend}");
        assert_eq!(
            relationship.end_reasons,
            vec![("eviction".to_owned(), 1)],
            "{backend}"
        );
        assert_eq!(relationship.tenancies[0].incidents, 1, "{backend}");
        let current = TenancyFilter {
            current_only: true,
            ..Default::default()
        };
        assert!(
            store.tenancies(&current).await.unwrap().is_empty(),
            "{backend}"
        );

        // The cadence: the default until an administrator sets one.
        assert_eq!(
            store.follow_up_cadence().await.unwrap(),
            FollowUpCadence::default(),
            "{backend}"
        );
        let fortnightly = FollowUpCadence {
            weekly_weeks: 2,
            monthly_until: 18,
        };
        store
            .set_follow_up_cadence(None, fortnightly)
            .await
            .unwrap();
        store
            .set_follow_up_cadence(None, fortnightly)
            .await
            .unwrap();
        assert_eq!(
            store.follow_up_cadence().await.unwrap(),
            fortnightly,
            "{backend}"
        );
        // Supports can change, to an agency of the directory only.
        store
            .set_tenancy_supports(None, tenancy, None, Some("Jo"))
            .await
            .unwrap();
        assert_eq!(
            store
                .tenancy(tenancy)
                .await
                .unwrap()
                .0
                .support_worker
                .as_deref(),
            Some("Jo"),
            "{backend}"
        );
        let unknown = store
            .set_tenancy_supports(None, tenancy, Some(Uuid::new_v4()), None)
            .await;
        assert!(matches!(unknown, Err(StoreError::Invalid(_))), "{backend}");
    }
}

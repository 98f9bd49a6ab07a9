//! Matching and offers over real HTTP on the demo community: a round run and read by the
//! locator, an offer taken by the referring worker to the client and by the locator to the
//! move-in, bad input refused in the user's language, stale proposals and second offers
//! refused, and the role × agency matrix of the new routes.

mod common;

use common::*;
use passerelle_domain::housing::UnitStatus;
use passerelle_domain::referrals::ListStatus;
use passerelle_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const LOCATOR: &str = "locator@passerelle.example.org";
const ADMIN: &str = "admin@passerelle.example.org";
const CONVENER: &str = "convener@passerelle.example.org";
const ANALYST: &str = "analyst@passerelle.example.org";

/// Runs a round through the page; its id.
async fn run_round(base: &str, locator: &str) -> Uuid {
    let csrf = csrf_of(base, locator, "/match").await;
    let (status, location, body) =
        post_form(base, locator, "/match".into(), vec![("csrf", csrf)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    location
        .unwrap()
        .trim_start_matches("/match/rounds/")
        .parse()
        .unwrap()
}

/// The worker refers a person at the top of the list (highest score, longest homeless),
/// alone, who can pay any demo rent: the next round proposes them a unit. Their person id.
async fn refer_top_person(base: &str, worker: &str) -> Uuid {
    let (status, created) = post_json(
        base,
        worker,
        "/api/v1/referrals",
        json!({"given_name": "Mireille", "family_name": "Gagnon-Offre", "birth_date": "1980-04-02",
               "adults": "1", "max_rent": "4000", "days_homeless": "1095", "assessment_score": "100",
               "consent_hub": true, "consent_method": "signed_form", "consent_expires_on": "2099-01-01"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["person_id"].as_str().unwrap().parse().unwrap()
}

/// The unit a round proposes to `person`.
async fn proposed_unit(base: &str, locator: &str, round: Uuid, person: Uuid) -> Uuid {
    let (_, view) = get_json(base, locator, &format!("/api/v1/match/rounds/{round}")).await;
    view["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["person_id"] == json!(person))
        .expect("the person at the top of the list is proposed a unit")["unit_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_round_is_explained_offered_accepted_leased_and_moved_into() {
    let app = add_other_worker(spawn_demo_app().await).await;
    let base = &app.base;
    let locator = login(base, LOCATOR).await;
    let worker = login(base, WORKER).await;
    let other = login(base, OTHER_WORKER).await;
    let person = refer_top_person(base, &worker).await;
    let round = run_round(base, &locator).await;

    let (status, page) = get(base, &locator, &format!("/match/rounds/{round}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"proposals\""), "proposals table");
    assert!(page.contains("id=\"binding\""), "binding constraints table");
    let (_, view) = get_json(base, &locator, &format!("/api/v1/match/rounds/{round}")).await;
    let proposals = view["proposals"].as_array().unwrap();
    assert!(
        proposals.len() >= 10,
        "the demo round proposes: {}",
        proposals.len()
    );
    // Every proposal says why: its fit terms add up to its fit.
    for p in proposals {
        let terms: u64 = p["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t[1].as_u64().unwrap())
            .sum();
        assert_eq!(terms, p["fit"].as_u64().unwrap());
    }
    // Every waiting person ranked above the last proposal says why not.
    let last = proposals
        .iter()
        .map(|p| p["priority_position"].as_u64().unwrap())
        .max()
        .unwrap();
    for w in view["waiting"].as_array().unwrap() {
        if w["priority_position"].as_u64().unwrap() < last {
            let no_unit = w["feasible_units"] == 0;
            assert!(
                !no_unit || !w["ruled_out_by"].as_array().unwrap().is_empty(),
                "{w}"
            );
        }
    }

    let unit = proposed_unit(base, &locator, round, person).await;
    let csrf = csrf_of(base, &locator, &format!("/match/rounds/{round}")).await;
    let (status, location, body) = post_form(
        base,
        &locator,
        format!("/match/rounds/{round}/offers"),
        vec![("csrf", csrf), ("pair", format!("{person}:{unit}"))],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location.unwrap(), format!("/offers?round={round}"));
    assert_eq!(
        app.store.person(person).await.unwrap().entry.status,
        ListStatus::Matched
    );
    // A second offer of the same pair: 409, nothing changes.
    let (status, body) = post_json(
        base,
        &locator,
        &format!("/api/v1/match/rounds/{round}/offers"),
        json!({"pairs": [{"person_id": person, "unit_id": unit}]}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    // The worker sees the offer, without the unit's address until the client accepts.
    let offers = every_page(base, &worker, "/api/v1/offers", "offers").await;
    let offer = offers
        .iter()
        .find(|o| o["person_id"] == json!(person))
        .expect("the worker sees their client's offer")
        .clone();
    assert_eq!(offer["address"], "");
    let offer_id = offer["id"].as_str().unwrap().to_owned();
    // Another agency's worker does not.
    let (status, _) = get_json(base, &other, &format!("/api/v1/offers/{offer_id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get(base, &other, &format!("/offers/{offer_id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A decline without its reason is refused, in French for a French user.
    let csrf = csrf_of(base, &worker, &format!("/offers/{offer_id}")).await;
    let step = |fields: &[(&'static str, &str)]| {
        let mut f = vec![("csrf", csrf.clone())];
        f.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
        f
    };
    let french = format!("{worker}; passerelle_lang=fr");
    let (status, _, page) = post_form(
        base,
        &french,
        format!("/offers/{offer_id}/steps"),
        step(&[("step", "client"), ("answer", "decline")]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Indiquez la raison."), "French field error");
    let (status, _, body) = post_form(
        base,
        &worker,
        format!("/offers/{offer_id}/steps"),
        step(&[("step", "client"), ("answer", "accept")]),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (_, seen) = get_json(base, &worker, &format!("/api/v1/offers/{offer_id}")).await;
    assert_ne!(seen["address"], "", "the address once the client accepted");
    // The worker cannot answer for the landlord.
    let (status, _, _) = post_form(
        base,
        &worker,
        format!("/offers/{offer_id}/steps"),
        step(&[("step", "landlord"), ("answer", "accept")]),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The locator records the landlord's acceptance, refuses a lease dated before the
    // offer, records the lease and the move-in (over the API).
    let path = format!("/api/v1/offers/{offer_id}/steps");
    let (status, _) = post_json(
        base,
        &locator,
        &path,
        json!({"step": "landlord", "answer": "accept"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = post_json(
        base,
        &locator,
        &path,
        json!({"step": "lease", "signed_on": "2020-01-01", "rent": "1500"}),
    )
    .await;
    // Well formed, but before the offer: a conflict with what is recorded.
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "error-conflict");
    assert_eq!(body["fields"][0]["code"], "error-before-offer");
    let (status, _) = post_json(
        base,
        &locator,
        &path,
        json!({"step": "lease", "rent": "1500", "subsidy": "700"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, moved) = post_json(base, &locator, &path, json!({"step": "move_in"})).await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["state"], "moved_in");
    assert_eq!(moved["history"].as_array().unwrap().len(), 5);
    let unit_record = app.store.unit(unit).await.unwrap();
    assert_eq!(unit_record.listing.unit.status, UnitStatus::Occupied);
    assert_eq!(
        app.store.person(person).await.unwrap().entry.status,
        ListStatus::Housed
    );
    // The list's outflow counts the person housed.
    let (_, list) = get(base, &locator, "/list").await;
    assert!(list.contains("id=\"flows\""));
}

#[tokio::test]
async fn the_demos_offers_were_proposed_by_its_fortnightly_rounds() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let locator = login(base, LOCATOR).await;
    let rounds = app.store.rounds(200).await.unwrap();
    assert!((40..=53).contains(&rounds.len()), "{} rounds", rounds.len());
    let offers = app
        .store
        .offers(&passerelle_store::OfferFilter::default())
        .await
        .unwrap();
    assert!(offers.len() > 400, "{} offers", offers.len());
    let mut made = 0;
    for round in &rounds {
        assert!(!round.dry_run);
        let (status, view) = get_json(
            base,
            &locator,
            &format!("/api/v1/match/rounds/{}", round.id),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{view}");
        let proposed: Vec<(String, String)> = view["proposals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["person_id"].as_str().unwrap().to_owned(),
                    p["unit_id"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let from_round: Vec<_> = offers
            .iter()
            .filter(|o| o.round_id == Some(round.id))
            .collect();
        assert_eq!(round.offers as usize, from_round.len());
        for o in from_round {
            // Offered the round's day, as proposed, with the proposal's rank and fit.
            assert_eq!(o.offered_on, round.on);
            let pair = (o.person_id.to_string(), o.unit_id.to_string());
            let at = proposed
                .iter()
                .position(|p| *p == pair)
                .unwrap_or_else(|| panic!("{pair:?} not proposed"));
            let proposal = &view["proposals"][at];
            assert_eq!(o.priority_position, proposal["priority_position"].as_i64());
            assert_eq!(o.fit, proposal["fit"].as_i64());
            made += 1;
        }
    }
    // Every offer came from a round; none is left over.
    assert_eq!(made, offers.len());
    // The latest round's page explains its first proposal and the highest-ranked person left
    // waiting, like any round.
    let latest = &rounds[0];
    let (status, page) = get(base, &locator, &format!("/match/rounds/{}", latest.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"proposals\""), "{page}");
    // Its proposals were offered: each links to its offer, none reads as out of date.
    assert_eq!(
        page.matches("href=\"/offers/").count(),
        (latest.offers as usize).min(50),
        "{page}"
    );
    assert!(!page.contains("id=\"round-stale\""), "{page}");
}

#[tokio::test]
async fn a_proposal_made_stale_elsewhere_is_never_offered() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let locator = login(base, LOCATOR).await;
    let round = run_round(base, &locator).await;
    let (_, view) = get_json(base, &locator, &format!("/api/v1/match/rounds/{round}")).await;
    let p = &view["proposals"][0];
    let (person, unit): (Uuid, Uuid) = (
        p["person_id"].as_str().unwrap().parse().unwrap(),
        p["unit_id"].as_str().unwrap().parse().unwrap(),
    );
    // Someone holds the unit for another agency meanwhile.
    let agency = agency_of(&app.store, WORKER).await;
    let hold = passerelle_domain::housing::Transition {
        to: UnitStatus::Held,
        hold: Some(passerelle_domain::housing::Hold {
            agency_id: agency,
            until: time::OffsetDateTime::now_utc().date() + time::Duration::days(5),
        }),
        household_ref: None,
        reason: None,
        on: time::OffsetDateTime::now_utc().date(),
    };
    app.store.transition_unit(None, unit, &hold).await.unwrap();
    let (status, page) = get(base, &locator, &format!("/match/rounds/{round}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"round-stale\""));
    let (status, body) = post_json(
        base,
        &locator,
        &format!("/api/v1/match/rounds/{round}/offers"),
        json!({"pairs": [{"person_id": person, "unit_id": unit}]}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "error-round-stale");
    assert_eq!(
        app.store.person(person).await.unwrap().entry.status,
        ListStatus::Active
    );

    // Excluding the first proposal solves the round again without it.
    let (status, _) = post_json(
        base,
        &locator,
        &format!("/api/v1/match/rounds/{round}/corrections"),
        json!({"person_id": person, "unit_id": unit, "kind": "exclude"}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an exclusion needs its reason"
    );
    let (status, _) = post_json(
        base,
        &locator,
        &format!("/api/v1/match/rounds/{round}/corrections"),
        json!({"person_id": person, "unit_id": unit, "kind": "exclude", "reason": "safety"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, view) = get_json(base, &locator, &format!("/api/v1/match/rounds/{round}")).await;
    assert!(
        !view["proposals"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["person_id"] == json!(person) && p["unit_id"] == json!(unit))
    );
    assert_eq!(view["corrections"].as_array().unwrap().len(), 1);
}

/// A form's fields, besides its CSRF token.
type Form = Vec<(&'static str, String)>;

#[tokio::test]
async fn every_matching_route_answers_each_role_as_its_rule_says() {
    let app = add_other_worker(spawn_demo_app().await).await;
    let base = &app.base;
    let locator = login(base, LOCATOR).await;
    let person = refer_top_person(base, &login(base, WORKER).await).await;
    let round = run_round(base, &locator).await;
    let unit = proposed_unit(base, &locator, round, person).await;
    let (status, made) = post_json(
        base,
        &locator,
        &format!("/api/v1/match/rounds/{round}/offers"),
        json!({"pairs": [{"person_id": person, "unit_id": unit}]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let offer = made["offers"][0].as_str().unwrap().to_owned();
    use StatusCode as S;
    const OK: S = S::OK;
    const NO: S = S::FORBIDDEN;
    // Administrator, locator, convener, analyst, worker, another agency's worker.
    let routes: Vec<(String, [S; 6])> = vec![
        ("/match".into(), [OK, OK, NO, NO, NO, NO]),
        (format!("/match/rounds/{round}"), [OK, OK, NO, NO, NO, NO]),
        ("/offers".into(), [OK, OK, NO, NO, OK, OK]),
        ("/api/v1/match/rounds".into(), [OK, OK, NO, NO, NO, NO]),
        (
            format!("/api/v1/match/rounds/{round}"),
            [OK, OK, NO, NO, NO, NO],
        ),
        ("/api/v1/offers".into(), [OK, OK, NO, NO, OK, OK]),
        // Equity is aggregate: the hub and analysts, never partner workers.
        ("/reports/equity".into(), [OK, OK, OK, OK, NO, NO]),
        (
            format!("/reports/equity?round={round}"),
            [OK, OK, OK, OK, NO, NO],
        ),
        ("/api/v1/reports/equity".into(), [OK, OK, OK, OK, NO, NO]),
        (
            "/reports/policy-comparison".into(),
            [OK, OK, OK, OK, NO, NO],
        ),
        (
            "/api/v1/reports/policy-comparison".into(),
            [OK, OK, OK, OK, NO, NO],
        ),
        // The offer goes through the worker's agency: another agency's worker is told it
        // does not exist.
        (
            format!("/offers/{offer}"),
            [OK, OK, NO, NO, OK, S::NOT_FOUND],
        ),
        (
            format!("/api/v1/offers/{offer}"),
            [OK, OK, NO, NO, OK, S::NOT_FOUND],
        ),
    ];
    let logins = [ADMIN, LOCATOR, CONVENER, ANALYST, WORKER, OTHER_WORKER];
    for (i, email) in logins.iter().enumerate() {
        let cookie = login(base, email).await;
        for (path, expected) in &routes {
            let (status, _) = get(base, &cookie, path).await;
            assert_eq!(status, expected[i], "{email} GET {path}");
        }
        // The page forms: the round's are the hub's; the landlord's answer too (the worker's
        // own client's offer refuses it, another agency's is not found).
        let csrf = csrf_of(base, &cookie, "/").await;
        let page_posts: [(String, Form, S); 4] = [
            (
                "/match".into(),
                vec![("dry_run", "1".into())],
                if i < 2 { S::SEE_OTHER } else { NO },
            ),
            (
                format!("/match/rounds/{round}/corrections"),
                vec![("kind", "pin".into())],
                if i < 2 { S::UNPROCESSABLE_ENTITY } else { NO },
            ),
            (
                format!("/match/rounds/{round}/offers"),
                vec![],
                if i < 2 { S::UNPROCESSABLE_ENTITY } else { NO },
            ),
            (
                format!("/offers/{offer}/steps"),
                vec![("step", "landlord".into()), ("answer", "accept".into())],
                match i {
                    // The client has not answered yet: the landlord's step does not apply.
                    0 | 1 => S::CONFLICT,
                    5 => S::NOT_FOUND,
                    _ => NO,
                },
            ),
        ];
        for (path, fields, want) in page_posts {
            let mut form = vec![("csrf", csrf.clone())];
            form.extend(fields);
            let (status, _, body) = post_form(base, &cookie, path.clone(), form).await;
            assert_eq!(status, want, "{email} POST {path}: {body}");
        }
        // Writes: starting a round and making offers are the hub's.
        let (status, _) = post_json(
            base,
            &cookie,
            "/api/v1/match/rounds",
            json!({"dry_run": true}),
        )
        .await;
        let hub = i < 2;
        assert_eq!(
            status,
            if hub { S::CREATED } else { NO },
            "{email} POST round"
        );
        let (status, _) = post_json(
            base,
            &cookie,
            &format!("/api/v1/match/rounds/{round}/offers"),
            json!({"pairs": []}),
        )
        .await;
        assert_eq!(
            status,
            if hub { S::UNPROCESSABLE_ENTITY } else { NO },
            "{email} POST offers"
        );
        let (status, _) = post_json(
            base,
            &cookie,
            &format!("/api/v1/match/rounds/{round}/corrections"),
            json!({"person_id": "x", "unit_id": "y", "kind": "pin"}),
        )
        .await;
        assert_eq!(
            status,
            if hub { S::UNPROCESSABLE_ENTITY } else { NO },
            "{email} POST correction"
        );
        // The API's offer steps answer as the page form does.
        let (status, _) = post_json(
            base,
            &cookie,
            &format!("/api/v1/offers/{offer}/steps"),
            json!({"step": "landlord", "answer": "accept"}),
        )
        .await;
        let want = match i {
            0 | 1 => S::CONFLICT,
            5 => S::NOT_FOUND,
            _ => NO,
        };
        assert_eq!(status, want, "{email} POST API step");
    }
    // A dry run is for looking only.
    let admin = login(base, ADMIN).await;
    let (_, dry) = post_json(
        base,
        &admin,
        "/api/v1/match/rounds",
        json!({"dry_run": true}),
    )
    .await;
    let dry_id = dry["id"].as_str().unwrap();
    let (_, view) = get_json(base, &admin, &format!("/api/v1/match/rounds/{dry_id}")).await;
    let p = &view["proposals"][0];
    let (status, body) = post_json(
        base,
        &admin,
        &format!("/api/v1/match/rounds/{dry_id}/offers"),
        json!({"pairs": [{"person_id": p["person_id"], "unit_id": p["unit_id"]}]}),
    )
    .await;
    assert_eq!(status, S::CONFLICT);
    assert_eq!(body["code"], "error-round-dry-run");
}

/// A person as the test's own SQL counts them: id, latest referral's agency, adults,
/// children's ages, pregnancy, then offered, accepted and moved in on the day, and waiting
/// on it (0 or 1).
type Counted = (String, Option<String>, i64, String, i64, i64, i64, i64, i64);

/// A count of persons as the equity report publishes it: a number, or "withheld".
fn published(cell: &Value) -> Option<u64> {
    cell.get("Shown").and_then(Value::as_u64)
}

#[tokio::test]
async fn the_equity_figures_are_those_a_count_of_the_offers_and_the_list_gives() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let locator = login(base, LOCATOR).await;
    let analyst = login(base, ANALYST).await;
    let round = run_round(base, &locator).await;
    let (_, view) = get_json(base, &locator, &format!("/api/v1/match/rounds/{round}")).await;
    let pairs: Vec<Value> = view["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| json!({"person_id": p["person_id"], "unit_id": p["unit_id"]}))
        .collect();
    assert!(
        pairs.len() >= 10,
        "the demo round proposes enough to measure"
    );
    let (status, body) = post_json(
        base,
        &locator,
        &format!("/api/v1/match/rounds/{round}/offers"),
        json!({ "pairs": pairs }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // A third stays unanswered, a third is accepted, a third goes to the move-in; one is
    // declined instead.
    let offers = every_page(
        base,
        &locator,
        &format!("/api/v1/offers?round={round}"),
        "offers",
    )
    .await;
    for (i, offer) in offers.iter().enumerate() {
        let path = format!("/api/v1/offers/{}/steps", offer["id"].as_str().unwrap());
        let steps: Vec<Value> = match i % 3 {
            _ if i == 0 => {
                vec![json!({"step": "client", "answer": "decline", "reason": "location"})]
            }
            0 => vec![],
            1 => vec![json!({"step": "client", "answer": "accept"})],
            _ => vec![
                json!({"step": "client", "answer": "accept"}),
                json!({"step": "landlord", "answer": "accept"}),
                json!({"step": "lease", "rent": "1500"}),
                json!({"step": "move_in"}),
            ],
        };
        for step in steps {
            let (status, body) = post_json(base, &locator, &path, step).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
    }

    let today = time::OffsetDateTime::now_utc().date().to_string();
    let (status, report) = get_json(
        base,
        &analyst,
        &format!("/api/v1/reports/equity?from={today}&to={today}&k=3"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");

    // The same figures counted in SQL of the test's own, from the list's status history,
    // the referrals and the offers: each person by their latest referral. (Each condition
    // as 1 or 0: SQLite answers integers, PostgreSQL booleans.)
    let db = app.db().await;
    let rows: Vec<Counted> = sqlx::query_as(
        "WITH latest AS (SELECT r.* FROM referral r WHERE r.seq = \
           (SELECT MAX(seq) FROM referral x WHERE x.person_id = r.person_id)), \
         waiting AS (SELECT p.id FROM person p WHERE p.merged_into IS NULL AND ( \
           (SELECT e.to_status FROM person_status_event e WHERE e.person_id = p.id AND e.on_day < $1 \
              ORDER BY e.seq DESC LIMIT 1) IN ('active', 'matched') \
           OR EXISTS (SELECT 1 FROM person_status_event e WHERE e.person_id = p.id AND e.on_day = $1 \
              AND e.to_status IN ('active', 'matched')))) \
         SELECT l.person_id, l.agency_id, l.adults, COALESCE(l.children_ages, ''), l.pregnant, \
           CASE WHEN EXISTS (SELECT 1 FROM offer o WHERE o.person_id = l.person_id AND o.offered_on = $1) \
             THEN 1 ELSE 0 END, \
           CASE WHEN EXISTS (SELECT 1 FROM offer_event e JOIN offer o ON o.id = e.offer_id \
             WHERE o.person_id = l.person_id AND e.to_state = 'client_accepted' AND e.on_day = $1) \
             THEN 1 ELSE 0 END, \
           CASE WHEN EXISTS (SELECT 1 FROM offer o WHERE o.person_id = l.person_id AND o.moved_in_on = $1) \
             THEN 1 ELSE 0 END, \
           CASE WHEN l.person_id IN (SELECT id FROM waiting) THEN 1 ELSE 0 END \
         FROM latest l JOIN person p ON p.id = l.person_id AND p.merged_into IS NULL",
    )
    .bind(&today)
    .fetch_all(&db)
    .await
    .unwrap();
    // Counted: those waiting on the day, and anyone with an outcome on it.
    let rows: Vec<Counted> = rows
        .into_iter()
        .filter(|r| r.8 == 1 || r.5 == 1 || r.6 == 1 || r.7 == 1)
        .collect();
    let total = |pick: fn(&Counted) -> bool| rows.iter().filter(|r| pick(r)).count() as u64;
    let offered = total(|r| r.5 == 1);
    let accepted = total(|r| r.6 == 1);
    let housed = total(|r| r.7 == 1);
    // The round's offers, and any of the demo's history dated today.
    assert!(offered >= pairs.len() as u64);
    assert!(accepted > 0 && housed > 0);
    let everyone = &report["total"];
    assert_eq!(published(&everyone["listed"]), Some(rows.len() as u64));
    for (i, expected) in [offered, accepted, housed].into_iter().enumerate() {
        assert_eq!(published(&everyone["outcomes"][i]["count"]), Some(expected));
    }

    // By agency and by household type: every count shown is the one SQL finds, every count
    // from 1 to 2 is withheld, and no column has a single withheld count (its total would
    // give it away).
    let household = |r: &Counted| {
        if !r.3.is_empty() || r.4 == 1 {
            "family"
        } else if r.2 > 1 {
            "adults"
        } else {
            "single"
        }
        .to_owned()
    };
    type Grouping = fn(&Counted) -> String;
    let by_agency: Grouping = |r| r.1.clone().unwrap_or_else(|| "hub".into());
    for (dimension, group_of) in [
        ("agency", by_agency),
        ("household_type", household as Grouping),
    ] {
        let lines: Vec<&Value> = report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["dimension"] == dimension)
            .collect();
        assert!(lines.len() >= 3, "{dimension}");
        let mut withheld = [0; 4];
        for line in &lines {
            let members: Vec<_> = rows
                .iter()
                .filter(|r| group_of(r) == line["group"].as_str().unwrap())
                .collect();
            let counts = [
                members.len(),
                members.iter().filter(|r| r.5 == 1).count(),
                members.iter().filter(|r| r.6 == 1).count(),
                members.iter().filter(|r| r.7 == 1).count(),
            ];
            let cells = [
                &line["listed"],
                &line["outcomes"][0]["count"],
                &line["outcomes"][1]["count"],
                &line["outcomes"][2]["count"],
            ];
            for (c, (cell, &count)) in cells.iter().zip(&counts).enumerate() {
                match published(cell) {
                    Some(shown) => assert_eq!(shown, count as u64, "{dimension} {line}"),
                    None => withheld[c] += 1,
                }
                if (1..3).contains(&count) {
                    assert_eq!(published(cell), None, "{dimension}: {count} shown");
                }
            }
            // The ratio for the offers, where shown, is the group's rate against everyone's.
            if let Some(ratio) = line["outcomes"][0]["ratio"]["value"].as_f64() {
                let expected =
                    (counts[1] as f64 / counts[0] as f64) / (offered as f64 / rows.len() as f64);
                assert!((ratio - expected).abs() < 1e-9, "{line}");
                assert_eq!(line["outcomes"][0]["count"]["Shown"], counts[1] as u64);
            }
        }
        assert!(!withheld.contains(&1), "{dimension}: {withheld:?}");
    }

    // The page shows the same report to the analyst, in French with its decimal comma; a
    // partner worker may not read it.
    let (status, page) = get(
        base,
        &format!("{analyst}; passerelle_lang=fr"),
        &format!("/reports/equity?from={today}&to={today}&k=3"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Par organisme d’aiguillage"),
        "French captions"
    );
    assert!(page.contains("id=\"equity-household-type\""));
    let worker = login(base, WORKER).await;
    let (status, _) = get(base, &worker, "/reports/equity").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = get_json(base, &worker, "/api/v1/reports/equity").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Over the last year, the demo's history of offers shows: placements and declines.
    let (_, year) = get_json(base, &analyst, "/api/v1/reports/equity").await;
    let outcome = |i: usize| published(&year["total"]["outcomes"][i]["count"]).unwrap();
    assert!(outcome(0) > 100 && outcome(2) > 20, "{}", year["total"]);
    // Bad input: k below 3 is refused with the field's error.
    let (status, body) = get_json(base, &analyst, "/api/v1/reports/equity?k=2").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"][0]["code"], "error-k-persons", "{body}");
}

#[tokio::test]
async fn two_policies_and_two_ways_are_compared_on_one_snapshot() {
    // Before any round there is nothing to compare.
    let empty = spawn_empty_app_with_user(ANALYST, Role::Analyst).await;
    let analyst = login(&empty.base, ANALYST).await;
    let (status, page) = get(&empty.base, &analyst, "/reports/policy-comparison").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"compare-no-round\""));
    let (status, _) = get_json(&empty.base, &analyst, "/api/v1/reports/policy-comparison").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let app = spawn_demo_app().await;
    let base = &app.base;
    let locator = login(base, LOCATOR).await;
    let analyst = login(base, ANALYST).await;

    let round = run_round(base, &locator).await;
    let (_, saved) = get_json(base, &locator, &format!("/api/v1/match/rounds/{round}")).await;
    let path = "/api/v1/reports/policy-comparison?b=referral_date&k=3";
    let (status, view) = get_json(base, &locator, path).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["round"], json!(round));
    let columns = view["columns"].as_array().unwrap();
    assert_eq!(columns.len(), 4);
    assert_eq!(columns[0]["way"], "round");
    assert_eq!(columns[1]["way"], "one_vacancy_at_a_time");
    assert_eq!(columns[2]["policy"], "referral_date");
    // Policy A all at once is the round itself (no correction was made).
    assert_eq!(
        columns[0]["matched"].as_u64().unwrap(),
        saved["proposals"].as_array().unwrap().len() as u64
    );
    for c in columns {
        let matched = c["matched"].as_u64().unwrap();
        assert!(matched > 0, "{c}");
        assert!(c["top_ranked_matched"].as_u64().unwrap() <= matched);
        assert!(c["last_rank"].as_u64().unwrap() >= matched);
        // Each partition's groups add up to the persons matched where nothing is withheld.
        for dimension in ["household_type", "age_group", "gender"] {
            let cells: Vec<Option<u64>> = c["groups"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["dimension"] == dimension)
                .map(|r| published(&r["outcomes"][0]["count"]))
                .collect();
            if cells.iter().all(Option::is_some) {
                assert_eq!(cells.iter().flatten().sum::<u64>(), matched, "{dimension}");
            } else {
                assert!(
                    cells.iter().filter(|c| c.is_none()).count() >= 2,
                    "{dimension}"
                );
            }
        }
    }
    // Who changes, for the hub: the counts are the difference of the two sets.
    let changes = view["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2);
    for ch in changes {
        let (from, to) = (
            ch["from"].as_u64().unwrap() as usize,
            ch["to"].as_u64().unwrap() as usize,
        );
        let gained = ch["gained_count"].as_i64().unwrap();
        let lost = ch["lost_count"].as_i64().unwrap();
        assert_eq!(
            gained - lost,
            columns[to]["matched"].as_i64().unwrap() - columns[from]["matched"].as_i64().unwrap()
        );
        assert_eq!(
            ch["gained"].as_array().unwrap().len() as i64,
            gained.min(100)
        );
    }
    // Analysts get the aggregates, never who.
    let (status, aggregate) = get_json(base, &analyst, path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(aggregate.get("changes").is_none());
    assert_eq!(aggregate["columns"], view["columns"]);
    let (_, page) = get(base, &analyst, "/reports/policy-comparison?b=referral_date").await;
    assert!(page.contains("id=\"compare-summary\""));
    assert!(
        !page.contains("/list/persons/"),
        "no person named to an analyst"
    );
    let (_, page) = get(
        base,
        &format!("{locator}; passerelle_lang=fr"),
        "/reports/policy-comparison?b=referral_date",
    )
    .await;
    assert!(page.contains("un logement à la fois"));
    assert!(page.contains("/list/persons/"), "the hub sees who changes");
    // A policy with an unknown key is refused with the field's error.
    let (status, body) =
        get_json(base, &analyst, "/api/v1/reports/policy-comparison?b=height").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["code"], "error-policy-key");
}

#[tokio::test]
async fn the_offers_list_pages_and_sorts_from_its_url() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let locator = login(base, LOCATOR).await;
    let every = every_page(base, &locator, "/api/v1/offers", "offers").await;
    assert!(
        every.len() > 100,
        "the demo has pages of offers: {}",
        every.len()
    );
    let offer = |id: &str| every.iter().find(|o| o["id"] == id).unwrap().clone();
    let listed = |page: &str| linked_ids(page, "offers", "/offers/");

    // Every offer, the latest first, 50 a page, the total in the caption.
    let (status, first) = get(base, &locator, "/offers?show=all").await;
    assert_eq!(status, StatusCode::OK);
    let ids = listed(&first);
    assert_eq!(ids.len(), 50);
    let days: Vec<String> = ids
        .iter()
        .map(|id| offer(id)["offered_on"].as_str().unwrap().to_owned())
        .collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    let caption = &first[first.find("id=\"offers-caption\">").unwrap() + 20..];
    let caption = &caption[..caption.find("</caption>").unwrap()];
    assert_eq!(caption.replace(',', ""), format!("{} offers", every.len()));

    // Page 2 of 25 follows page 1; `show=all` stays in the links.
    let (_, one) = get(base, &locator, "/offers?show=all&per_page=25").await;
    let (_, two) = get(base, &locator, "/offers?show=all&per_page=25&page=2").await;
    let mut both = listed(&one);
    both.extend(listed(&two));
    assert_eq!(both, ids);
    assert!(one.contains(
        "href=\"/offers?show=all&#38;sort=offered&#38;dir=desc&#38;per_page=25&#38;page=2\""
    ));

    // By agency, A to Z.
    let (_, by_agency) = get(base, &locator, "/offers?show=all&sort=agency&per_page=100").await;
    let agencies: Vec<String> = listed(&by_agency)
        .iter()
        .map(|id| {
            let name = offer(id)["agency_name"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            passerelle_domain::text::fold(&name)
        })
        .collect();
    assert_eq!(agencies.len(), 100);
    assert!(agencies.windows(2).all(|w| w[0] <= w[1]), "{agencies:?}");

    // The live offers by default; a bookmark the list cannot read opens on its defaults.
    let (_, live) = get(base, &locator, "/offers").await;
    let (_, odd) = get(
        base,
        &locator,
        "/offers?sort=shoe&dir=up&per_page=3&page=zz",
    )
    .await;
    assert_eq!(listed(&odd), listed(&live));
    let live_offers = every_page(base, &locator, "/api/v1/offers?live=true", "offers").await;
    let live_offers: Vec<&str> = live_offers
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert!(live_offers.len() < every.len());
    assert_eq!(listed(&live).len(), live_offers.len().min(50));
    assert!(
        listed(&live)
            .iter()
            .all(|id| live_offers.contains(&id.as_str()))
    );

    // The API's page is the page's, and what it cannot read is refused.
    let (_, by_person) = get(
        base,
        &locator,
        "/offers?show=all&sort=person&per_page=25&page=2",
    )
    .await;
    let (status, api) = get_json(
        base,
        &locator,
        "/api/v1/offers?sort=person&per_page=25&page=2",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(api["total"], every.len());
    assert_eq!(page_ids(&api, "offers"), listed(&by_person));
    let odd = [
        "sort=shoe",
        "per_page=3",
        "page=zz",
        "live=maybe",
        "round=x",
    ];
    refuses_each(base, &locator, "/api/v1/offers", &odd).await;
}

//! After housing over real HTTP on the demo: a worker clears an overdue follow-up by logging
//! the visit, the locator checks in with the landlord and ends a tenancy with its reason
//! (retention follows from the dates), bad input is refused field by field with nothing
//! saved, and the role × agency matrix of every tenancy route; and the demo loads the same
//! life after move-in every time.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

const LOCATOR: &str = "locator@passerelle.example.org";
const ADMIN: &str = "admin@passerelle.example.org";
const CONVENER: &str = "convener@passerelle.example.org";
const ANALYST: &str = "analyst@passerelle.example.org";

/// A page form's fields.
type Form = Vec<(&'static str, String)>;

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

fn day(v: &Value) -> Option<time::Date> {
    passerelle_domain::housing::date("", v.as_str()?).ok()
}

/// The ids of a work queue (`overdue`, `soon`, `check_in`), most pressing first, read
/// through every page of the list filtered to it.
async fn queue_ids(base: &str, cookie: &str, due: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for page in 1.. {
        let path = format!("/tenancies?due={due}&sort=next_due&dir=asc&per_page=100&page={page}");
        let (status, body) = get(base, cookie, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let batch = table_ids(&body, "tenancies");
        let done = batch.len() < 100;
        ids.extend(batch);
        if done {
            break;
        }
    }
    ids
}

/// The ids listed in one table of a page (its rows link to `/tenancies/{id}`).
fn table_ids(page: &str, table_id: &str) -> Vec<String> {
    linked_ids(page, table_id, "/tenancies/")
}

#[tokio::test]
async fn an_overdue_visit_logged_leaves_the_list_and_an_ended_tenancy_moves_retention() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let locator = login(base, LOCATOR).await;
    let worker = login(base, WORKER).await;
    let worker_agency = agency_of(&app.store, WORKER).await;

    // The hub sees every tenancy; some are overdue. The locator hands one to the worker's
    // agency.
    let all = every_page(base, &locator, "/api/v1/tenancies", "tenancies").await;
    assert!(all.len() > 50, "{}", all.len());
    let overdue = all
        .iter()
        .find(|t| {
            t["support_follow_up"]["overdue"] == true
                && t["support_agency_id"] != json!(worker_agency.to_string())
        })
        .expect("an overdue tenancy in the demo");
    let id = overdue["id"].as_str().unwrap().to_owned();
    let moved_in = day(&overdue["moved_in_on"]).unwrap();
    let (status, body) = send_json(
        base,
        &locator,
        reqwest::Method::PUT,
        &format!("/api/v1/tenancies/{id}/supports"),
        Some(json!({"agency_id": worker_agency.to_string(), "worker": "Mélanie Roy"})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");

    // The worker finds it in their agency's overdue queue.
    assert!(
        queue_ids(base, &worker, "overdue").await.contains(&id),
        "not listed overdue"
    );
    // A visit dated before the move-in is refused, field by field, and nothing is saved.
    let (_, before) = get_json(base, &worker, &format!("/api/v1/tenancies/{id}")).await;
    let contacts_before = before["contacts"].as_array().unwrap().len();
    let before_move_in = passerelle_domain::housing::date_text(moved_in - time::Duration::days(1));
    let (status, refused) = post_json(
        base,
        &worker,
        &format!("/api/v1/tenancies/{id}/contacts"),
        json!({"party": "support", "on": before_move_in, "kind": "home_visit", "outcome": "stable"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert!(
        refused.to_string().contains("error-before-move-in"),
        "{refused}"
    );
    // The same refusal on the page, in French.
    let french = format!("{worker}; passerelle_lang=fr");
    let csrf = csrf_of(base, &french, &format!("/tenancies/{id}")).await;
    let (status, _, page) = post_form(
        base,
        &french,
        format!("/tenancies/{id}/contacts"),
        vec![
            ("csrf", csrf.clone()),
            ("party", "support".into()),
            ("on", "2099-01-01".into()),
            ("kind", "home_visit".into()),
            ("outcome", String::new()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Cette date est dans le futur."), "{page}");
    assert!(page.contains("Ce champ est obligatoire."), "{page}");
    // Only the hub checks in with landlords.
    let (status, _) = post_json(
        base,
        &worker,
        &format!("/api/v1/tenancies/{id}/contacts"),
        json!({"party": "landlord", "kind": "phone_call", "outcome": "satisfied"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, unchanged) = get_json(base, &worker, &format!("/api/v1/tenancies/{id}")).await;
    assert_eq!(
        unchanged["contacts"].as_array().unwrap().len(),
        contacts_before
    );

    // The visit, logged on the page today: the tenancy leaves the overdue list.
    let (status, location, body) = post_form(
        base,
        &worker,
        format!("/tenancies/{id}/contacts"),
        vec![
            (
                "csrf",
                csrf_of(base, &worker, &format!("/tenancies/{id}")).await,
            ),
            ("party", "support".into()),
            ("on", String::new()),
            ("kind", "home_visit".into()),
            ("outcome", "some_concerns".into()),
            ("notes", "Behind on rent; budgeting help booked.".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(
        location.as_deref(),
        Some(format!("/tenancies/{id}").as_str())
    );
    assert!(
        !queue_ids(base, &worker, "overdue").await.contains(&id),
        "still overdue"
    );
    let (_, after) = get_json(base, &worker, &format!("/api/v1/tenancies/{id}")).await;
    assert_eq!(after["support_follow_up"]["overdue"], false);
    assert!(day(&after["support_follow_up"]["next_due"]).is_none_or(|d| d > today()));
    assert_eq!(
        after["contacts"].as_array().unwrap().len(),
        contacts_before + 1
    );
    assert_eq!(after["support_worker"], "Mélanie Roy");
    // The worker's read of the tenancy is in the audit trail.
    let admin = login(base, ADMIN).await;
    let (_, audit) = get_json(base, &admin, &format!("/api/v1/audit?entity={id}")).await;
    let audit = audit.to_string();
    assert!(
        audit.contains("tenancy_supports") && audit.contains("tenancy_contact"),
        "{audit}"
    );
    assert!(audit.contains(WORKER), "{audit}");

    // The locator ends a tenancy six to twelve months old: kept at six months, lost at
    // twelve, and the list's counts move with it.
    let maturing = all
        .iter()
        .find(|t| t["retention_6_months"] == "retained" && t["retention_12_months"] == "not_yet")
        .expect("a tenancy between six and twelve months");
    let ending = maturing["id"].as_str().unwrap().to_owned();
    let count =
        |list: &[Value], mark: &str, value: &str| list.iter().filter(|t| t[mark] == value).count();
    let landlord = maturing["landlord_id"].as_str().unwrap().to_owned();
    let year = |relationship: &Value| {
        relationship["years"]
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["year"] == today().year())
            .cloned()
            .unwrap_or(Value::Null)
    };
    let (_, before) = get_json(
        base,
        &locator,
        &format!("/api/v1/landlords/{landlord}/relationship"),
    )
    .await;

    // First an incident, mediated, that ends the tenancy.
    let csrf = csrf_of(base, &locator, &format!("/tenancies/{ending}")).await;
    let (status, location, body) = post_form(
        base,
        &locator,
        format!("/tenancies/{ending}/incidents"),
        vec![
            ("csrf", csrf.clone()),
            ("on", String::new()),
            ("kind", "arrears".into()),
            ("raised_by", "landlord".into()),
            ("description", "Three months behind.".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let incident_page = location.unwrap();
    let incident = incident_page.trim_start_matches("/incidents/").to_owned();
    let (status, refused) = post_json(
        base,
        &locator,
        &format!("/api/v1/incidents/{incident}/meetings"),
        json!({"on": "2000-01-01", "attendees": ""}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.to_string();
    assert!(
        refused.contains("error-before-incident") && refused.contains("error-required"),
        "{refused}"
    );
    let (status, _, body) = post_form(
        base,
        &locator,
        format!("/incidents/{incident}/meetings"),
        vec![
            ("csrf", csrf.clone()),
            ("on", String::new()),
            ("attendees", "Tenant, landlord, support worker".into()),
            ("agreed", "A repayment plan over six months.".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (status, _) = post_json(
        base,
        &locator,
        &format!("/api/v1/incidents/{incident}/close"),
        json!({"outcome": "tenancy_ended", "note": "The landlord would not wait."}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, closed) = get_json(base, &locator, &format!("/api/v1/incidents/{incident}")).await;
    assert_eq!(closed["outcome"], "tenancy_ended");
    assert_eq!(closed["meetings"].as_array().unwrap().len(), 1);
    let (status, late) = post_json(
        base,
        &locator,
        &format!("/api/v1/incidents/{incident}/meetings"),
        json!({"attendees": "Tenant"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(late.to_string().contains("error-incident-closed"), "{late}");
    let (_, page) = get(base, &locator, &incident_page).await;
    assert!(page.contains("A repayment plan over six months."));
    let ended_before =
        every_page(base, &locator, "/api/v1/tenancies?show=ended", "tenancies").await;
    // The report's retention, over the demo's two years.
    let period = {
        let from = today() - time::Duration::days(700);
        format!(
            "/api/v1/reports/outcomes?from={:04}-{:02}&k=3",
            from.year(),
            from.month() as u8
        )
    };
    let not_retained_at_12 =
        |report: &Value| report["retention"]["grid"]["cells"][1][1]["Shown"].as_u64();
    let (_, report_before) = get_json(base, &locator, &period).await;
    let csrf = csrf_of(base, &locator, &format!("/tenancies/{ending}")).await;
    let (status, _, page) = post_form(
        base,
        &locator,
        format!("/tenancies/{ending}/end"),
        vec![
            ("csrf", csrf.clone()),
            ("on", String::new()),
            ("reason", "nope".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Choose from the list"), "{page}");
    let (status, _, _) = post_form(
        base,
        &locator,
        format!("/tenancies/{ending}/end"),
        vec![
            ("csrf", csrf),
            ("on", String::new()),
            ("reason", "eviction".into()),
            ("note", "Arrears after the subsidy ended.".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, ended) = get_json(base, &locator, &format!("/api/v1/tenancies/{ending}")).await;
    assert_eq!(ended["end_reason"], "eviction");
    assert_eq!(ended["retention_6_months"], "retained");
    assert_eq!(ended["retention_12_months"], "not_retained");
    assert_eq!(ended["support_follow_up"]["next_due"], Value::Null);
    let ended_after = every_page(base, &locator, "/api/v1/tenancies?show=ended", "tenancies").await;
    let (_, report_after) = get_json(base, &locator, &period).await;
    assert_eq!(
        not_retained_at_12(&report_after),
        not_retained_at_12(&report_before).map(|n| n + 1),
        "the report's retention at twelve months moves with the end"
    );
    assert_eq!(
        count(&ended_after, "retention_12_months", "not_retained"),
        count(&ended_before, "retention_12_months", "not_retained") + 1
    );
    // The landlord's year counts the end and the incident that ended it.
    let (status, after) = get_json(
        base,
        &locator,
        &format!("/api/v1/landlords/{landlord}/relationship"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let counted = |y: &Value, field: &str| y[field].as_u64().unwrap_or(0);
    for field in ["tenancies_ended", "incidents", "incidents_ending_tenancy"] {
        assert_eq!(
            counted(&year(&after), field),
            counted(&year(&before), field) + 1,
            "{field}"
        );
    }
    let (_, landlord_page) = get(base, &locator, &format!("/housing/landlords/{landlord}")).await;
    assert!(
        landlord_page.contains(&format!("/tenancies/{ending}")),
        "the landlord's page lists the tenancy"
    );
    // Its unit is vacated, and nothing more is logged on the tenancy.
    let unit = ended["unit_id"].as_str().unwrap();
    let (_, unit_page) = get(base, &locator, &format!("/housing/units/{unit}")).await;
    assert!(
        unit_page.contains("tenancy ended"),
        "the unit's history names the end"
    );
    let (status, late) = post_json(
        base,
        &locator,
        &format!("/api/v1/tenancies/{ending}/contacts"),
        json!({"party": "landlord", "kind": "phone_call", "outcome": "satisfied"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(late.to_string().contains("error-tenancy-ended"), "{late}");
    let (status, _) = post_json(
        base,
        &locator,
        &format!("/api/v1/tenancies/{ending}/end"),
        json!({"reason": "unknown"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_cadence_is_the_administrators_and_bad_values_are_refused() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let admin = login(base, ADMIN).await;
    let (status, cadence) = get_json(base, &admin, "/api/v1/follow-up-cadence").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cadence, json!({"weekly_weeks": 4, "monthly_until": 12}));
    let put = |body: Value| {
        let admin = admin.clone();
        async move {
            send_json(
                base,
                &admin,
                reqwest::Method::PUT,
                "/api/v1/follow-up-cadence",
                Some(body),
            )
            .await
        }
    };
    let (status, body) = put(json!({"weekly_weeks": 20, "monthly_until": 3})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.to_string().contains("error-weekly-past-end"), "{body}");
    let (status, body) = put(json!({"weekly_weeks": -1, "monthly_until": 99})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // A tenancy's count of follow-ups due so far follows the cadence in force.
    let before = every_page(base, &admin, "/api/v1/tenancies", "tenancies").await;
    let due = |list: &[Value]| -> u64 {
        list.iter()
            .filter_map(|t| t["support_follow_up"]["due_so_far"].as_u64())
            .sum()
    };
    let (status, _) = put(json!({"weekly_weeks": 0, "monthly_until": 12})).await;
    assert_eq!(status, StatusCode::OK);
    let after = every_page(base, &admin, "/api/v1/tenancies", "tenancies").await;
    assert!(
        due(&after) < due(&before),
        "{} vs {}",
        due(&after),
        due(&before)
    );
    // The page's form: errors in the reader's language, the value typed kept.
    let french = format!("{admin}; passerelle_lang=fr");
    let csrf = csrf_of(base, &french, "/tenancies").await;
    let (status, _, page) = post_form(
        base,
        &french,
        "/tenancies/cadence".into(),
        vec![
            ("csrf", csrf),
            ("weekly_weeks", "quatre".into()),
            ("monthly_until", "12".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("value=\"quatre\""), "the typed value is kept");
    assert!(page.contains("nombre entier"), "{page}");
}

#[tokio::test]
async fn every_tenancy_route_answers_each_role_as_its_rule_says() {
    let app = add_other_worker(spawn_demo_app().await).await;
    let base = &app.base;
    let worker_agency = agency_of(&app.store, WORKER).await;
    let worker = login(base, WORKER).await;
    let theirs = every_page(base, &worker, "/api/v1/tenancies", "tenancies").await;
    assert!(!theirs.is_empty(), "the worker's agency supports tenancies");
    assert!(
        theirs
            .iter()
            .all(|t| t["support_agency_id"] == json!(worker_agency.to_string())),
        "only their agency's"
    );
    let id = theirs[0]["id"].as_str().unwrap().to_owned();
    let locator = login(base, LOCATOR).await;
    let (status, made) = post_json(
        base,
        &locator,
        &format!("/api/v1/tenancies/{id}/incidents"),
        json!({"kind": "noise", "raised_by": "neighbour"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let incident = made["id"].as_str().unwrap().to_owned();
    let landlord = theirs[0]["landlord_id"].as_str().unwrap().to_owned();
    let (_, detail_before) = get_json(base, &worker, &format!("/api/v1/tenancies/{id}")).await;
    use StatusCode as S;
    const OK: S = S::OK;
    const NO: S = S::FORBIDDEN;
    const GONE: S = S::NOT_FOUND;
    // Administrator, locator, convener, analyst, worker, another agency's worker.
    let routes: Vec<(String, [S; 6])> = vec![
        ("/tenancies".into(), [OK, OK, NO, NO, OK, OK]),
        ("/tenancies?show=ended".into(), [OK, OK, NO, NO, OK, OK]),
        (format!("/tenancies/{id}"), [OK, OK, NO, NO, OK, GONE]),
        ("/api/v1/tenancies".into(), [OK, OK, NO, NO, OK, OK]),
        (
            format!("/api/v1/tenancies/{id}"),
            [OK, OK, NO, NO, OK, GONE],
        ),
        ("/api/v1/follow-up-cadence".into(), [OK, OK, NO, NO, OK, OK]),
        (format!("/incidents/{incident}"), [OK, OK, NO, NO, OK, GONE]),
        (
            format!("/api/v1/incidents/{incident}"),
            [OK, OK, NO, NO, OK, GONE],
        ),
        // The landlord's side is the hub's.
        (
            format!("/api/v1/landlords/{landlord}/relationship"),
            [OK, OK, NO, NO, NO, NO],
        ),
    ];
    let logins = [ADMIN, LOCATOR, CONVENER, ANALYST, WORKER, OTHER_WORKER];
    for (i, email) in logins.iter().enumerate() {
        let cookie = login(base, email).await;
        for (path, expected) in &routes {
            let (status, _) = get(base, &cookie, path).await;
            assert_eq!(status, expected[i], "{email} GET {path}");
        }
        let hub = i < 2;
        // Forms and API calls with a missing field: the allowed get to the field check
        // (422), nothing is saved by anyone.
        let csrf = csrf_of(base, &cookie, "/").await;
        let support_side = match i {
            0 | 1 | 4 => S::UNPROCESSABLE_ENTITY,
            5 => GONE,
            _ => NO,
        };
        let posts: [(String, Form, S); 8] = [
            (
                format!("/tenancies/{id}/incidents"),
                vec![("kind", "loud".into())],
                support_side,
            ),
            (
                format!("/incidents/{incident}/meetings"),
                vec![("attendees", String::new())],
                support_side,
            ),
            (
                format!("/incidents/{incident}/close"),
                vec![("outcome", "maybe".into())],
                support_side,
            ),
            (
                "/tenancies/cadence".into(),
                vec![("weekly_weeks", "x".into())],
                if i == 0 { S::UNPROCESSABLE_ENTITY } else { NO },
            ),
            (
                format!("/tenancies/{id}/contacts"),
                vec![("party", "support".into())],
                match i {
                    0 | 1 | 4 => S::UNPROCESSABLE_ENTITY,
                    5 => GONE,
                    _ => NO,
                },
            ),
            (
                format!("/tenancies/{id}/contacts"),
                vec![("party", "landlord".into())],
                match i {
                    0 | 1 => S::UNPROCESSABLE_ENTITY,
                    5 => GONE,
                    _ => NO,
                },
            ),
            (
                format!("/tenancies/{id}/supports"),
                vec![("agency_id", "not-an-id".into())],
                if hub { S::UNPROCESSABLE_ENTITY } else { NO },
            ),
            (
                format!("/tenancies/{id}/end"),
                vec![("reason", String::new())],
                if hub { S::UNPROCESSABLE_ENTITY } else { NO },
            ),
        ];
        for (path, fields, want) in posts {
            let mut form = vec![("csrf", csrf.clone())];
            form.extend(fields);
            let (status, _, body) = post_form(base, &cookie, path.clone(), form).await;
            assert_eq!(status, want, "{email} POST {path}: {body}");
        }
        let api_calls: [(reqwest::Method, String, Value, S); 7] = [
            (
                reqwest::Method::POST,
                format!("/api/v1/tenancies/{id}/incidents"),
                json!({"kind": "loud"}),
                support_side,
            ),
            (
                reqwest::Method::POST,
                format!("/api/v1/incidents/{incident}/meetings"),
                json!({"attendees": ""}),
                support_side,
            ),
            (
                reqwest::Method::POST,
                format!("/api/v1/incidents/{incident}/close"),
                json!({"outcome": "maybe"}),
                support_side,
            ),
            (
                reqwest::Method::POST,
                format!("/api/v1/tenancies/{id}/contacts"),
                json!({"party": "support"}),
                match i {
                    0 | 1 | 4 => S::UNPROCESSABLE_ENTITY,
                    5 => GONE,
                    _ => NO,
                },
            ),
            (
                reqwest::Method::PUT,
                format!("/api/v1/tenancies/{id}/supports"),
                json!({"agency_id": "x"}),
                if hub { S::UNPROCESSABLE_ENTITY } else { NO },
            ),
            (
                reqwest::Method::POST,
                format!("/api/v1/tenancies/{id}/end"),
                json!({"reason": ""}),
                if hub { S::UNPROCESSABLE_ENTITY } else { NO },
            ),
            (
                reqwest::Method::PUT,
                "/api/v1/follow-up-cadence".into(),
                json!({"weekly_weeks": 99, "monthly_until": 1}),
                if i == 0 { S::UNPROCESSABLE_ENTITY } else { NO },
            ),
        ];
        for (method, path, body, want) in api_calls {
            let (status, answer) =
                send_json(base, &cookie, method.clone(), &path, Some(body)).await;
            assert_eq!(status, want, "{email} {method} {path}: {answer}");
        }
    }
    // Nothing of the above was saved.
    let (_, after) = get_json(base, &worker, &format!("/api/v1/tenancies/{id}")).await;
    assert_eq!(after["contacts"], detail_before["contacts"]);
    assert_eq!(after["incidents"], detail_before["incidents"]);
    assert_eq!(
        after["support_agency_id"],
        detail_before["support_agency_id"]
    );
    assert_eq!(after["ended_on"], Value::Null);
    let (_, cadence) = get_json(base, &worker, "/api/v1/follow-up-cadence").await;
    assert_eq!(cadence, json!({"weekly_weeks": 4, "monthly_until": 12}));
}

#[tokio::test]
async fn a_housed_person_referred_again_within_a_year_is_a_return_on_the_tenancy_and_the_list() {
    use passerelle_domain::referrals::BirthDateValue;
    let app = spawn_demo_app().await;
    let base = &app.base;
    let locator = login(base, LOCATOR).await;
    let all = every_page(base, &locator, "/api/v1/tenancies", "tenancies").await;
    let ended = every_page(base, &locator, "/api/v1/tenancies?show=ended", "tenancies").await;
    // The demo's returns show on the tenancy and on the person's list entry.
    let returned = ended
        .iter()
        .find(|t| !t["returned_on"].is_null())
        .expect("the demo has returns to homelessness");
    let person = returned["person_id"].as_str().unwrap();
    let (_, page) = get(base, &locator, &format!("/list/persons/{person}")).await;
    assert!(
        page.contains("Referred again on"),
        "the list entry marks the return"
    );
    let (_, view) = get_json(base, &locator, &format!("/api/v1/persons/{person}")).await;
    let tenancies = view["tenancies"].as_array().unwrap();
    assert!(
        tenancies
            .iter()
            .any(|t| t["returned_on"] == returned["returned_on"])
    );

    // A household housed this year, referred again today by another agency's worker with
    // the same name and birth date: identity resolution joins the referral to the person
    // (or the hub links it), and the tenancy shows the return.
    let current = all
        .iter()
        .find(|t| {
            t["returned_on"].is_null()
                && day(&t["moved_in_on"])
                    .is_some_and(|d| d > today() - time::Duration::days(300) && d < today())
        })
        .expect("a tenancy less than a year old");
    let tenancy = current["id"].as_str().unwrap();
    let person: uuid::Uuid = current["person_id"].as_str().unwrap().parse().unwrap();
    let record = app.store.person(person).await.unwrap();
    let fields = record
        .referrals
        .iter()
        .rev()
        .find_map(|r| r.fields.clone())
        .unwrap();
    let birth_date = match fields.birth_date {
        BirthDateValue::Full { date } => passerelle_domain::housing::date_text(date),
        BirthDateValue::YearMonth { year, month } => format!("{year:04}-{month:02}"),
        _ => String::new(),
    };
    let (status, created) = post_json(
        base,
        &locator,
        "/api/v1/referrals",
        json!({"given_name": fields.given_name, "family_name": fields.family_name.unwrap_or_default(),
               "birth_date": birth_date, "phone": fields.phone.unwrap_or_default(), "adults": "1",
               "consent_hub": true, "consent_method": "signed_form", "consent_expires_on": "2099-01-01"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    if created["person_id"] != json!(person.to_string()) {
        let (_, reviews) = get_json(base, &locator, "/api/v1/reviews").await;
        let referral = created["id"].as_str().unwrap();
        let review = reviews
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["referral_id"] == referral)
            .expect("a possible same person to review");
        let (status, body) = post_json(
            base,
            &locator,
            &format!(
                "/api/v1/reviews/{}/decision",
                review["id"].as_str().unwrap()
            ),
            json!({"decision": "link", "reason": "Same person, housed this year."}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (_, after) = get_json(base, &locator, &format!("/api/v1/tenancies/{tenancy}")).await;
    assert_eq!(day(&after["returned_on"]), Some(today()), "{after}");
    let (_, page) = get(base, &locator, &format!("/tenancies/{tenancy}")).await;
    assert!(page.contains("id=\"tenancy-returned\""));
}

#[tokio::test]
async fn the_list_of_all_tenancies_pages_and_sorts_from_its_url() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let locator = login(base, LOCATOR).await;
    let all = every_page(base, &locator, "/api/v1/tenancies", "tenancies").await;
    assert!(all.len() > 25, "the demo has pages of current tenancies");
    let moved_in = |id: &str| {
        let t = all.iter().find(|t| t["id"] == id).unwrap();
        day(&t["moved_in_on"])
    };

    // The latest move-in first, 50 a page, the total in the caption.
    let (status, first) = get(base, &locator, "/tenancies").await;
    assert_eq!(status, StatusCode::OK);
    let listed = table_ids(&first, "tenancies");
    assert_eq!(listed.len(), all.len().min(50));
    let dates: Vec<_> = listed.iter().map(|id| moved_in(id)).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert!(first.contains(&format!(">{} tenancies</caption>", all.len())));

    // 25 a page: page 2 follows page 1, together they are the first 50.
    let (_, one) = get(base, &locator, "/tenancies?per_page=25").await;
    let (_, two) = get(base, &locator, "/tenancies?per_page=25&page=2").await;
    let mut both = table_ids(&one, "tenancies");
    both.extend(table_ids(&two, "tenancies"));
    assert_eq!(both, listed[..50.min(listed.len())]);
    assert!(two.contains("rel=\"prev\""));

    // By landlord, A to Z; the link on the header turns it round.
    let (_, by_landlord) = get(base, &locator, "/tenancies?sort=landlord&per_page=100").await;
    let landlords: Vec<String> = table_ids(&by_landlord, "tenancies")
        .iter()
        .map(|id| {
            let t = all.iter().find(|t| t["id"] == id.as_str()).unwrap();
            passerelle_domain::text::fold(t["landlord_name"].as_str().unwrap())
        })
        .collect();
    assert!(landlords.windows(2).all(|w| w[0] <= w[1]), "{landlords:?}");
    assert!(by_landlord.contains("aria-sort=\"ascending\""));
    let header = &by_landlord[by_landlord.find("aria-sort=\"ascending\"").unwrap()..][..200];
    assert!(header.contains("sort=landlord&#38;dir=desc"), "{header}");

    // Ended tenancies keep `show=ended` in every link.
    let (status, ended) = get(base, &locator, "/tenancies?show=ended&sort=ended").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        ended.contains("aria-sort=\"ascending\""),
        "ended tenancies in the demo"
    );
    assert!(ended.contains("href=\"/tenancies?show=ended&#38;sort=person&#38;dir=asc"));

    // A bookmark the list cannot read opens on its defaults; an unknown `show` is refused.
    let (status, odd) = get(base, &locator, "/tenancies?sort=shoe&page=x&per_page=7").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(table_ids(&odd, "tenancies"), listed);
    let (status, _) = get(base, &locator, "/tenancies?show=maybe").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The API gives the same pages in the same order, and refuses what it cannot read.
    let (status, api) = get_json(
        base,
        &locator,
        "/api/v1/tenancies?sort=landlord&per_page=100",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(api["total"], all.len());
    assert_eq!(
        (api["page"].as_u64(), api["per_page"].as_u64()),
        (Some(1), Some(100))
    );
    assert_eq!(
        page_ids(&api, "tenancies"),
        table_ids(&by_landlord, "tenancies")
    );
    let (_, second) = get_json(base, &locator, "/api/v1/tenancies?per_page=25&page=2").await;
    assert_eq!(
        second["tenancies"][0]["id"].as_str(),
        Some(listed[25].as_str())
    );
    let odd = ["sort=shoe", "page=x", "per_page=7", "dir=up", "due=late"];
    refuses_each(base, &locator, "/api/v1/tenancies", &odd).await;
}

#[tokio::test]
async fn each_work_queue_leads_with_its_most_pressing_lines_and_links_to_all_of_them() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let locator = login(base, LOCATOR).await;
    let all = every_page(base, &locator, "/api/v1/tenancies", "tenancies").await;
    let next_due = |id: &str, follow_up: &str| {
        let t = all.iter().find(|t| t["id"] == id).unwrap();
        day(&t[follow_up]["next_due"])
    };
    let (status, front) = get(base, &locator, "/tenancies").await;
    assert_eq!(status, StatusCode::OK);
    for (due, table, follow_up) in [
        ("overdue", "overdue", "support_follow_up"),
        ("soon", "due-soon", "support_follow_up"),
        ("check_in", "check-ins-due", "landlord_follow_up"),
    ] {
        // The queue, from the tenancies themselves.
        let today = today();
        let expected: Vec<&str> = all
            .iter()
            .filter(|t| {
                let f = &t[follow_up];
                let soon =
                    day(&f["next_due"]).is_some_and(|d| d <= today + time::Duration::days(7));
                match due {
                    "overdue" => f["overdue"] == true,
                    "soon" => f["overdue"] == false && soon,
                    _ => f["overdue"] == true || soon,
                }
            })
            .map(|t| t["id"].as_str().unwrap())
            .collect();
        // All of it through the list filtered to it, most pressing first; the API alike.
        let queue = queue_ids(base, &locator, due).await;
        let mut sorted = queue.clone();
        sorted.sort();
        let mut want: Vec<String> = expected.iter().map(|id| id.to_string()).collect();
        want.sort();
        assert_eq!(sorted, want, "{due}");
        let days: Vec<_> = queue.iter().map(|id| next_due(id, follow_up)).collect();
        assert!(days.windows(2).all(|w| w[0] <= w[1]), "{due}: {days:?}");
        let api = every_page(
            base,
            &locator,
            &format!("/api/v1/tenancies?due={due}&sort=next_due&dir=asc"),
            "tenancies",
        )
        .await;
        let api: Vec<String> = api
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(api, queue, "{due}");
        // The page leads with its first ten, counts them all, and links to the rest.
        let shown = table_ids(&front, table);
        assert_eq!(shown, queue[..queue.len().min(10)], "{due}");
        let caption = format!("id=\"{table}-caption\">{} tenancies</caption>", queue.len());
        assert!(front.contains(&caption), "{due}: {caption}");
        let link = format!("id=\"{table}-all\"",);
        assert_eq!(front.contains(&link), queue.len() > 10, "{due}");
        if due == "overdue" {
            assert!(
                queue.len() > 10,
                "the demo has more overdue visits than a page leads with"
            );
        }
    }
    assert!(
        front.contains("href=\"/tenancies?due=overdue&#38;sort=next_due&#38;dir=asc\""),
        "the overdue queue's link"
    );
    // The filtered list says which queue it is, keeps it in its links, and leads back.
    let (_, overdue) = get(base, &locator, "/tenancies?due=overdue").await;
    assert!(overdue.contains("Current tenancies: Follow-ups overdue"));
    assert!(overdue.contains("href=\"/tenancies?due=overdue&#38;sort=person&#38;dir=asc"));
    assert!(overdue.contains("id=\"tenancies-every\""));
    let (status, _) = get(base, &locator, "/tenancies?due=late").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// What a demo tenancy shows of its life after move-in, without its random ids.
type TenancyHistory = (
    String,
    String,
    time::Date,
    Option<time::Date>,
    Option<time::Date>,
    Option<String>,
    Vec<time::Date>,
    Vec<time::Date>,
    Option<time::Date>,
);

/// The demo's tenancies and their history, loaded into a fresh SQLite database.
async fn demo_tenancies(today: time::Date) -> Vec<TenancyHistory> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let store = passerelle_store::Store::open(&url).await.unwrap();
    let empty = store.found_empty().await.unwrap().unwrap();
    let options = passerelle_demo::DemoOptions::default();
    passerelle_web::demo::load(&store, empty, options, today)
        .await
        .unwrap();
    let mut tenancies: Vec<TenancyHistory> = store
        .tenancies(&passerelle_store::TenancyFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|t| {
            (
                t.address,
                t.unit_label,
                t.leased_on,
                t.moved_in_on,
                t.ended_on,
                t.end_reason,
                t.support_days,
                t.landlord_days,
                t.referred_again_on,
            )
        })
        .collect();
    store.close().await;
    tenancies.sort();
    tenancies
}

#[tokio::test]
async fn the_demo_loads_the_same_life_after_move_in_every_time() {
    // The seeded generators draw each tenancy's visits, end and return in turn, from the
    // tenancies in the order the store lists them: a demo that differed from one load to
    // the next would make every test that reads its history depend on the run.
    let today = today();
    let first = demo_tenancies(today).await;
    assert!(first.len() > 50, "{} tenancies", first.len());
    assert!(
        first.iter().any(|t| t.8.is_some()),
        "some return to the list"
    );
    let second = demo_tenancies(today).await;
    let differ = first.iter().zip(&second).filter(|(a, b)| a != b).count();
    assert_eq!(first.len(), second.len());
    assert_eq!(differ, 0, "{differ} of {} tenancies differ", first.len());
}

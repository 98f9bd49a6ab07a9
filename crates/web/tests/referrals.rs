//! Coordinated access over real HTTP: the journey of one person referred by two agencies,
//! the role × agency × consent matrix of every referral and person route, bad input in
//! French, and the API.

mod common;

use common::*;
use passerelle_domain::referrals::ListStatus;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const OTHER: &str = OTHER_WORKER;
const LOCATOR: &str = "locator@passerelle.example.org";
const ADMIN: &str = "admin@passerelle.example.org";
const CONVENER: &str = "convener@passerelle.example.org";
const ANALYST: &str = "analyst@passerelle.example.org";

fn form(csrf: &str, fields: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("csrf", csrf.to_owned()),
        ("consent_hub", "yes".to_owned()),
        ("consent_method", "signed_form".to_owned()),
        ("consent_expires_on", "2099-01-01".to_owned()),
        ("adults", "1".to_owned()),
    ];
    out.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
    out
}

/// Refers through the form; the new referral's id.
async fn refer(base: &str, cookie: &str, fields: &[(&'static str, &str)]) -> Uuid {
    let csrf = csrf_of(base, cookie, "/referrals/new").await;
    let (status, location, body) =
        post_form(base, cookie, "/referrals".into(), form(&csrf, fields)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let location = location.unwrap();
    let id = location
        .trim_start_matches("/referrals/")
        .split('?')
        .next()
        .unwrap();
    Uuid::parse_str(id).unwrap()
}

fn french(cookie: &str) -> String {
    format!("{cookie}; passerelle_lang=fr")
}

#[tokio::test]
async fn one_person_referred_by_two_agencies_is_reviewed_linked_followed_by_both_and_withdrawn() {
    let app = spawn_demo_app_with_two_workers().await;
    let base = &app.base;
    let worker = french(&login(base, WORKER).await);
    let other = login(base, OTHER).await;
    let locator = login(base, LOCATOR).await;

    let first = refer(
        base,
        &worker,
        &[
            ("given_name", "Geneviève"),
            ("family_name", "Bélanger"),
            ("birth_date", "1985-02-09"),
            ("phone", "613-555-0101"),
            ("needs", "housing"),
        ],
    )
    .await;
    let (_, page) = get(base, &worker, &format!("/referrals/{first}?saved=1")).await;
    assert!(
        page.contains("L’orientation a été envoyée au carrefour."),
        "the worker works in French"
    );
    let second = refer(
        base,
        &other,
        &[
            ("given_name", "Ginette"),
            ("family_name", "Belanger"),
            ("birth_date", "1985-09-02"),
        ],
    )
    .await;

    // The hub sees one possible same person, with the engine's reasons.
    let (status, queue) = get(base, &locator, "/reviews").await;
    assert_eq!(status, StatusCode::OK);
    let items: Vec<&str> = queue
        .match_indices("href=\"/reviews/")
        .map(|(i, _)| &queue[i + 15..i + 51])
        .collect();
    let mut ours = Vec::new();
    for item in items {
        let (_, page) = get(base, &locator, &format!("/reviews/{item}")).await;
        if page.contains(&format!("/referrals/{second}")) {
            ours.push((item.to_owned(), page));
        }
    }
    assert_eq!(
        ours.len(),
        1,
        "one possible same person; linked automatically: {:?}",
        app.store
            .reviews(passerelle_store::ReviewState::Linked)
            .await
            .unwrap()
    );
    let (review, page) = &ours[0];
    assert!(
        page.contains("day and month swapped"),
        "the birth dates' agreement is explained"
    );
    assert!(page.contains(&format!("/referrals/{first}")));

    // Linked: one entry on the list, followed by both agencies.
    let csrf = csrf_of(base, &locator, &format!("/reviews/{review}")).await;
    let (status, _, _) = post_form(
        base,
        &locator,
        format!("/reviews/{review}/decision"),
        vec![
            ("csrf", csrf),
            ("decision", "link".into()),
            ("reason", "same person, nickname".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let list: Value = client()
        .get(format!("{base}/api/v1/priority-list"))
        .header("cookie", &locator)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ours: Vec<&Value> = list["persons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"].as_str().unwrap().contains("elanger"))
        .collect();
    assert_eq!(ours.len(), 1, "{list}");
    assert_eq!(ours[0]["referring_agencies"].as_array().unwrap().len(), 2);
    assert!(
        ours[0]["keys"]["acuity"].is_string(),
        "each key's value is shown"
    );

    // Each worker sees their own referral and its status, never the other's.
    for (cookie, own, theirs) in [(&worker, first, second), (&other, second, first)] {
        let (status, page) = get(base, cookie, &format!("/referrals/{own}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("id=\"status\">Active<") || page.contains("id=\"status\">Active</dd>"),
            "{page}"
        );
        assert_eq!(
            get(base, cookie, &format!("/referrals/{theirs}")).await.0,
            StatusCode::NOT_FOUND
        );
        let (_, mine) = get(base, cookie, "/referrals").await;
        assert!(mine.contains(&own.to_string()) && !mine.contains(&theirs.to_string()));
    }
    let (_, notices) = get(base, &other, "/notifications").await;
    assert!(
        notices.contains("linked one of your agency"),
        "the other agency was told"
    );

    // Withdrawing consent takes the person off the list and out of both workers' views.
    let csrf = csrf_of(base, &worker, &format!("/referrals/{first}")).await;
    let (status, _, _) = post_form(
        base,
        &worker,
        format!("/referrals/{first}/consent/withdraw"),
        vec![("csrf", csrf), ("confirm", "1".into())],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let list: Value = client()
        .get(format!("{base}/api/v1/priority-list"))
        .header("cookie", &locator)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!list.to_string().contains("elanger"));
    for (cookie, own) in [(&worker, first), (&other, second)] {
        let (_, page) = get(base, cookie, &format!("/referrals/{own}")).await;
        let text = without_ids(&page);
        assert!(
            !text.contains("elanger") && !text.contains("1985"),
            "erased for every agency: {text}"
        );
    }
    let trail = app.store.audit_trail(first).await.unwrap();
    assert!(
        trail.iter().any(|e| e.action == "read"),
        "reads are audited"
    );
    assert!(trail.iter().any(|e| e.detail.contains("withdrawn")));
}

#[tokio::test]
async fn every_referral_and_person_route_answers_by_role_and_agency() {
    let app = spawn_demo_app_with_two_workers().await;
    let base = &app.base;
    let worker = login(base, WORKER).await;
    let referral = refer(
        base,
        &worker,
        &[
            ("given_name", "Matrice"),
            ("family_name", "Essai"),
            ("birth_date", "1990-01-01"),
        ],
    )
    .await;
    let person = app
        .store
        .referral(referral)
        .await
        .unwrap()
        .person_id
        .unwrap();
    let cookies = [
        ("admin", login(base, ADMIN).await),
        ("locator", login(base, LOCATOR).await),
        ("convener", login(base, CONVENER).await),
        ("analyst", login(base, ANALYST).await),
        ("worker", worker.clone()),
        ("other", login(base, OTHER).await),
    ];
    // Expected status per role, in the order above.
    use StatusCode as S;
    const OK: StatusCode = S::OK;
    const NO: StatusCode = S::FORBIDDEN;
    let routes: Vec<(String, [StatusCode; 6])> = vec![
        ("/referrals".into(), [OK, OK, NO, NO, OK, OK]),
        ("/referrals/new".into(), [OK, OK, NO, NO, OK, OK]),
        (
            format!("/referrals/{referral}"),
            [OK, OK, NO, NO, OK, S::NOT_FOUND],
        ),
        ("/list".into(), [OK, OK, NO, NO, NO, NO]),
        (format!("/list/persons/{person}"), [OK, OK, NO, NO, NO, NO]),
        ("/list/policy".into(), [OK, NO, NO, NO, NO, NO]),
        ("/reviews".into(), [OK, OK, NO, NO, NO, NO]),
        (
            format!("/reviews/{}", {
                app.store
                    .reviews(passerelle_store::ReviewState::Open)
                    .await
                    .unwrap()[0]
                    .id
            }),
            [OK, OK, NO, NO, NO, NO],
        ),
        ("/notifications".into(), [OK, OK, OK, OK, OK, OK]),
        ("/api/v1/referrals".into(), [OK, OK, NO, NO, OK, OK]),
        (
            format!("/api/v1/referrals/{referral}"),
            [OK, OK, NO, NO, OK, S::NOT_FOUND],
        ),
        ("/api/v1/priority-list".into(), [OK, OK, NO, NO, NO, NO]),
        (
            format!("/api/v1/persons/{person}"),
            [OK, OK, NO, NO, NO, NO],
        ),
        ("/api/v1/reviews".into(), [OK, OK, NO, NO, NO, NO]),
        (
            format!("/api/v1/reviews/{}", {
                app.store
                    .reviews(passerelle_store::ReviewState::Open)
                    .await
                    .unwrap()[0]
                    .id
            }),
            [OK, OK, NO, NO, NO, NO],
        ),
        ("/api/v1/notifications".into(), [OK, OK, OK, OK, OK, OK]),
    ];
    for (path, expected) in &routes {
        for ((who, cookie), want) in cookies.iter().zip(expected) {
            let (status, _) = get(base, cookie, path).await;
            assert_eq!(status, *want, "{who} GET {path}");
        }
    }
    // Writes: referring, withdrawing and deciding follow the same rules.
    for ((who, cookie), want) in cookies.iter().zip([
        S::UNPROCESSABLE_ENTITY,
        S::UNPROCESSABLE_ENTITY,
        NO,
        NO,
        S::UNPROCESSABLE_ENTITY,
        S::UNPROCESSABLE_ENTITY,
    ]) {
        let r = client()
            .post(format!("{base}/api/v1/referrals"))
            .header("cookie", cookie)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), want, "{who} POST /api/v1/referrals");
    }
    let other = &cookies[5].1;
    let r = client()
        .post(format!(
            "{base}/api/v1/referrals/{referral}/consent/withdrawal"
        ))
        .header("cookie", other)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        S::NOT_FOUND,
        "another agency's referral does not exist for them"
    );
    for (who, cookie) in [&cookies[2], &cookies[3]] {
        let r = client()
            .post(format!(
                "{base}/api/v1/referrals/{referral}/consent/withdrawal"
            ))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), NO, "{who} withdraws no consent");
    }
    for (who, cookie) in [&cookies[2], &cookies[4]] {
        let csrf = csrf_of(base, cookie, "/notifications").await;
        let (status, _, _) = post_form(
            base,
            cookie,
            format!("/list/persons/{person}/status"),
            vec![("csrf", csrf), ("status", "housed".into())],
        )
        .await;
        assert_eq!(status, NO, "{who} changes no status");
    }
    // Every form route, every role: an incomplete form is refused with its errors (422) to
    // those allowed, so nothing changes, and with 403 (or 404) to everyone else.
    let review = app
        .store
        .reviews(passerelle_store::ReviewState::Open)
        .await
        .unwrap()[0]
        .id;
    const BAD: StatusCode = S::UNPROCESSABLE_ENTITY;
    const MOVED: StatusCode = S::SEE_OTHER;
    // (path, fields besides the CSRF token, expected status per role)
    type FormCase<'a> = (String, Vec<(&'static str, &'a str)>, [StatusCode; 6]);
    let forms: Vec<FormCase> = vec![
        ("/referrals".into(), vec![], [BAD, BAD, NO, NO, BAD, BAD]),
        (
            format!("/referrals/{referral}/consent/withdraw"),
            vec![],
            [BAD, BAD, NO, NO, BAD, S::NOT_FOUND],
        ),
        (
            format!("/list/persons/{person}/status"),
            vec![("status", "")],
            [BAD, BAD, NO, NO, NO, NO],
        ),
        (
            format!("/reviews/{review}/decision"),
            vec![("decision", "maybe")],
            [BAD, BAD, NO, NO, NO, NO],
        ),
        (
            format!("/reviews/{review}/undo"),
            vec![("reason", "")],
            [BAD, BAD, NO, NO, NO, NO],
        ),
        (
            "/list/policy".into(),
            vec![("key0", "acuity"), ("key1", "acuity")],
            [BAD, NO, NO, NO, NO, NO],
        ),
        (
            format!("/list/persons/{person}/contacts"),
            vec![("contact_on", "2099-01-01")],
            [BAD, BAD, NO, NO, NO, NO],
        ),
        (
            "/list/settings".into(),
            vec![("no_contact_days", "5")],
            [BAD, NO, NO, NO, NO, NO],
        ),
        (
            "/list/linkage/retrain".into(),
            vec![],
            [MOVED, NO, NO, NO, NO, NO],
        ),
        (
            "/notifications".into(),
            vec![],
            [MOVED, MOVED, MOVED, MOVED, MOVED, MOVED],
        ),
    ];
    for (path, fields, expected) in &forms {
        for ((who, cookie), want) in cookies.iter().zip(expected) {
            let csrf = csrf_of(base, cookie, "/notifications").await;
            let mut form = vec![("csrf", csrf)];
            form.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
            let (status, _, _) = post_form(base, cookie, path.clone(), form).await;
            assert_eq!(status, *want, "{who} POST {path}");
        }
    }
    // The same writes over the API: bad input is 422 with field codes to the hub (409 for
    // a date after today: well formed, but not yet), 403 to everyone else.
    const LATER: StatusCode = StatusCode::CONFLICT;
    let api_writes: Vec<(String, Value, [StatusCode; 6])> = vec![
        (
            format!("/api/v1/persons/{person}/status"),
            json!({"status": "inactive"}),
            [BAD, BAD, NO, NO, NO, NO],
        ),
        (
            format!("/api/v1/persons/{person}/contacts"),
            json!({"on": "2099-01-01"}),
            [LATER, LATER, NO, NO, NO, NO],
        ),
        (
            format!("/api/v1/reviews/{review}/decision"),
            json!({"decision": "maybe"}),
            [BAD, BAD, NO, NO, NO, NO],
        ),
    ];
    for (path, body, expected) in &api_writes {
        for ((who, cookie), want) in cookies.iter().zip(expected) {
            let r = client()
                .post(format!("{base}{path}"))
                .header("cookie", cookie)
                .json(body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), *want, "{who} POST {path}");
        }
    }
    let still = app.store.referral(referral).await.unwrap();
    assert!(
        still.fields.is_some(),
        "no refused form changed the referral"
    );
    assert_eq!(
        app.store.person(person).await.unwrap().entry.status,
        ListStatus::Active,
        "no refused write changed the person"
    );
    // Without a session, every route asks to log in.
    for (path, _) in &routes {
        let r = client().get(format!("{base}{path}")).send().await.unwrap();
        assert!(
            matches!(r.status(), S::UNAUTHORIZED | S::SEE_OTHER),
            "{path}: {}",
            r.status()
        );
    }
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_in_french_and_nothing_is_saved() {
    let app = spawn_demo_app_with_two_workers().await;
    let base = &app.base;
    let worker = french(&login(base, WORKER).await);
    let before = app.store.referrals(None, None).await.unwrap().len();
    let csrf = csrf_of(base, &worker, "/referrals/new").await;
    let areas = app.store.areas().await.unwrap();
    let area = areas[0].id.to_string();
    let mut fields = form(
        &csrf,
        &[
            ("given_name", "Luc"),
            ("birth_date", "2031-01-01"),
            ("children_ages", "4, 30"),
            ("monthly_income", "-20"),
            ("preferred_areas", &area),
            ("excluded_areas", &area),
        ],
    );
    fields.retain(|(k, _)| *k != "consent_hub");
    let (status, _, page) = post_form(base, &worker, "/referrals".into(), fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Une date de naissance ne peut pas être dans l’avenir.",
        "Entrez l’âge de chaque enfant",
        "Un quartier ne peut pas être à la fois souhaité et à éviter.",
        "Indiquez si la personne consent au partage avec le carrefour.",
    ] {
        assert!(page.contains(message), "{message}");
    }
    assert!(page.contains("value=\"Luc\""), "what was typed is kept");
    assert_eq!(
        app.store.referrals(None, None).await.unwrap().len(),
        before,
        "nothing saved"
    );

    // The API answers 422 with field codes.
    let r = client()
        .post(format!("{base}/api/v1/referrals"))
        .header("cookie", &worker)
        .json(&json!({"given_name": "Luc", "consent_hub": true, "consent_method": "verbal_witnessed", "consent_expires_on": "2020-01-01", "birth_date": "1990-02-30"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    let codes: Vec<(String, String)> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_owned(),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for (field, code) in [
        ("birth_date", "error-birth-date"),
        ("consent_witness", "error-consent-witness"),
        ("consent_expires_on", "error-consent-expiry"),
    ] {
        assert!(
            codes.contains(&(field.to_owned(), code.to_owned())),
            "{field} {code}: {codes:?}"
        );
    }
    assert_eq!(app.store.referrals(None, None).await.unwrap().len(), before);
}

#[tokio::test]
async fn the_api_refers_lists_and_withdraws_and_a_refusal_keeps_only_a_count() {
    let app = spawn_demo_app_with_two_workers().await;
    let base = &app.base;
    let worker = login(base, WORKER).await;
    let r = client()
        .post(format!("{base}/api/v1/referrals"))
        .header("cookie", &worker)
        .json(&json!({"given_name": "Aline", "family_name": "Ouellet", "birth_date": "1972-06", "adults": 2, "children_ages": "5, 8", "max_rent": 1150.5, "consent_hub": true, "consent_method": "signed_form", "consent_expires_on": "2099-01-01"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: Value = r.json().await.unwrap();
    let id = created["referral"]["id"].as_str().unwrap().to_owned();
    assert!(created["person_id"].is_string());
    assert_eq!(
        created["referral"]["fields"]["max_rent"], 115_050,
        "money in cents"
    );
    assert_eq!(
        created["referral"]["fields"]["birth_date"]["precision"],
        "year_month"
    );

    let mine: Value = client()
        .get(format!("{base}/api/v1/referrals?status=active"))
        .header("cookie", &worker)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        mine["referrals"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id.as_str())
    );
    let bad = client()
        .get(format!("{base}/api/v1/referrals?status=lost"))
        .header("cookie", &worker)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    // A person who does not consent is counted, never named.
    let r = client()
        .post(format!("{base}/api/v1/referrals"))
        .header("cookie", &worker)
        .json(&json!({"given_name": "Personne", "consent_hub": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let anonymous: Value = r.json().await.unwrap();
    assert!(
        anonymous["person_id"].is_null()
            && anonymous["referral"]["fields"].is_null()
            && anonymous["referral"]["anonymous"] == true
    );

    let r = client()
        .post(format!("{base}/api/v1/referrals/{id}/consent/withdrawal"))
        .header("cookie", &worker)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["erased"], 1);
    let again = client()
        .post(format!("{base}/api/v1/referrals/{id}/consent/withdrawal"))
        .header("cookie", &worker)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let read: Value = client()
        .get(format!("{base}/api/v1/referrals/{id}"))
        .header("cookie", &worker)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        read["fields"].is_null()
            && read["status"] == "inactive"
            && read["inactive_reason"] == "consent_ended"
    );
}

#[tokio::test]
async fn an_administrator_previews_a_policy_before_putting_it_in_force() {
    let app = spawn_demo_app_with_two_workers().await;
    let base = &app.base;
    let worker = login(base, WORKER).await;
    refer(
        base,
        &worker,
        &[
            ("given_name", "Yves"),
            ("family_name", "Un"),
            ("birth_date", "1960-01-01"),
            ("assessment_score", "15"),
        ],
    )
    .await;
    refer(
        base,
        &worker,
        &[
            ("given_name", "Zoé"),
            ("family_name", "Deux"),
            ("birth_date", "1990-01-01"),
            ("assessment_score", "2"),
            ("children_ages", "3"),
        ],
    )
    .await;
    let admin = login(base, ADMIN).await;
    let ranks = || async {
        let list: Value = client()
            .get(format!("{base}/api/v1/priority-list"))
            .header("cookie", &admin)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let ranks: std::collections::HashMap<String, u64> = list["persons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["person_id"].as_str().unwrap().to_owned(),
                    p["rank"].as_u64().unwrap(),
                )
            })
            .collect();
        let position = |name: &str| {
            list["persons"]
                .as_array()
                .unwrap()
                .iter()
                .position(|p| p["name"] == name)
                .unwrap()
        };
        (
            list["policy"].clone(),
            ranks,
            position("Yves Un"),
            position("Zoé Deux"),
        )
    };
    let (_, before, yves, zoe) = ranks().await;
    assert!(
        yves < zoe,
        "the higher assessment score first under the default policy"
    );
    let csrf = csrf_of(base, &admin, "/list/policy").await;
    let (status, _, page) = post_form(
        base,
        &admin,
        "/list/policy".into(),
        vec![
            ("csrf", csrf.clone()),
            ("key0", "children".into()),
            ("key1", "acuity".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("id=\"policy-preview\""),
        "a preview before saving"
    );
    assert!(
        app.store.priority_policies().await.unwrap().is_empty(),
        "nothing saved by a preview"
    );
    let preview = page;
    let (status, _, _) = post_form(
        base,
        &admin,
        "/list/policy".into(),
        vec![
            ("csrf", csrf.clone()),
            ("key0", "children".into()),
            ("key1", "acuity".into()),
            ("confirm", "1".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (policy, after, yves, zoe) = ranks().await;
    assert_eq!(policy, json!(["children", "acuity"]));
    assert!(zoe < yves, "households with children first now");
    // The preview told exactly how many would move.
    let moved = after
        .iter()
        .filter(|(p, rank)| before[*p] != **rank)
        .count();
    assert!(moved > 1);
    assert!(
        preview.contains(&format!("{moved} persons would move")),
        "{moved}: {preview}"
    );
    let (status, _, page) = post_form(
        base,
        &admin,
        "/list/policy".into(),
        vec![
            ("csrf", csrf),
            ("key0", "acuity".into()),
            ("key1", "acuity".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Each key can be used once."));
}

#[tokio::test]
async fn notifications_are_mailed_to_the_referring_worker_without_personal_data() {
    let outbox = tempfile::tempdir().unwrap();
    let mail = passerelle_web::mail::Mail::from_settings(&passerelle_web::mail::MailSettings {
        smtp_url: None,
        mail_dir: Some(outbox.path().to_owned()),
        from: "Passerelle <passerelle@hub.example.org>".into(),
        public_url: "https://passerelle.example.org".into(),
    })
    .unwrap();
    let app = add_other_worker(
        spawn_demo_app_configured(passerelle_web::Config {
            mail,
            ..Default::default()
        })
        .await,
    )
    .await;
    let base = &app.base;
    // The demo's history is never mailed: only what happens from now on.
    let worker = french(&login(base, WORKER).await);
    let referral = refer(
        base,
        &worker,
        &[
            ("given_name", "Rosalie"),
            ("family_name", "Courrier"),
            ("birth_date", "1977-05-05"),
        ],
    )
    .await;
    // The worker chose French: their messages are in French.
    let csrf = csrf_of(base, &worker, "/referrals").await;
    post_form(
        base,
        &worker,
        "/language".into(),
        vec![("csrf", csrf), ("lang", "fr".into())],
    )
    .await;
    let person = app
        .store
        .referral(referral)
        .await
        .unwrap()
        .person_id
        .unwrap();
    let locator = login(base, LOCATOR).await;
    let csrf = csrf_of(base, &locator, &format!("/list/persons/{person}")).await;
    let (status, _, _) = post_form(
        base,
        &locator,
        format!("/list/persons/{person}/status"),
        vec![
            ("csrf", csrf),
            ("status", "inactive".into()),
            ("reason", "moved_away".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // The outbox runs in the background: wait for its message (bounded, not timed).
    let mut messages = Vec::new();
    for _ in 0..600 {
        messages = mailed(outbox.path());
        if !messages.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(messages.len(), 1, "one message, to the referring worker");
    let message = &messages[0];
    assert!(
        message.contains("To: worker@passerelle.example.org"),
        "{message}"
    );
    assert!(message.contains("From: Passerelle <passerelle@hub.example.org>"));
    assert!(
        message.contains(&format!(
            "https://passerelle.example.org/referrals/{referral}"
        )),
        "{message}"
    );
    assert!(
        message.contains("Le statut d’une orientation de votre organisme a changé."),
        "in the worker's language: {message}"
    );
    assert!(
        !message.contains("Rosalie") && !message.contains("Courrier") && !message.contains("1977"),
        "no personal data by e-mail: {message}"
    );
    // Among the worker's notifications, not necessarily the newest: times are kept to the
    // second, and the demo's own history can end within the same second.
    let notifications = app
        .store
        .notifications(agency_user(&app, WORKER).await, 100)
        .await
        .unwrap();
    assert!(
        notifications
            .iter()
            .any(|n| n.kind == "status_changed" && n.referral_id == Some(referral) && !n.read),
        "the same news in the app"
    );
}

async fn agency_user(app: &TestApp, email: &str) -> Uuid {
    app.store
        .user_credentials(email)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
}

#[tokio::test]
async fn the_hub_records_contacts_and_an_administrator_sets_the_days_before_inactivity() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let admin = french(&login(base, ADMIN).await);
    let csrf = csrf_of(base, &admin, "/list/policy").await;
    let (status, _, page) = post_form(
        base,
        &admin,
        "/list/settings".into(),
        vec![("csrf", csrf.clone()), ("no_contact_days", "dix".into())],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Entrez un nombre de jours de 14 à 365."),
        "{page}"
    );
    assert!(page.contains("value=\"dix\""), "what was typed is kept");
    let (status, location, _) = post_form(
        base,
        &admin,
        "/list/settings".into(),
        vec![("csrf", csrf), ("no_contact_days", "120".into())],
    )
    .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/list/policy#settings"))
    );
    assert_eq!(app.store.no_contact_days().await.unwrap(), 120);
    let (_, page) = get(base, &admin, "/list/policy").await;
    assert!(page.contains("value=\"120\""));

    // The list is paged, fifty persons a page by default, in priority order unless sorted
    // otherwise, and searched by name.
    let locator = login(base, LOCATOR).await;
    let (_, first) = get(base, &locator, "/list").await;
    assert!(first.contains("rel=\"next\"") && !first.contains("rel=\"prev\""));
    let persons = |page: &str| linked_ids(page, "by-name-list", "/list/persons/");
    let ranks = |page: &str| -> Vec<usize> {
        let body = &page[page.find("id=\"by-name-list\"").unwrap()..];
        body.split("<tr><td>")
            .skip(1)
            .map(|row| row[..row.find("</td>").unwrap()].parse().unwrap())
            .collect()
    };
    assert_eq!(persons(&first).len(), 50);
    assert_eq!(ranks(&first), (1..=50).collect::<Vec<_>>());
    let (_, second) = get(base, &locator, "/list?page=2").await;
    assert!(second.contains("rel=\"prev\""));
    assert_eq!(ranks(&second), (51..=100).collect::<Vec<_>>());
    let (_, hundred) = get(base, &locator, "/list?per_page=100").await;
    assert_eq!(persons(&hundred)[50..], persons(&second)[..]);
    let (_, by_name) = get(base, &locator, "/list?sort=name&per_page=100").await;
    let waiting = app.store.list_entries(&[ListStatus::Active]).await.unwrap();
    let names: Vec<String> = persons(&by_name)
        .iter()
        .filter_map(|id| waiting.iter().find(|e| e.person_id.to_string() == *id))
        .map(|e| passerelle_domain::text::fold(&e.name))
        .collect();
    assert!(names.len() > 50);
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    // A search finds exactly the waiting persons with a word of their name beginning with
    // each word typed. A short family name can still match more than a page: the full
    // name is what pins one person down, whichever person the store happens to list first.
    let someone = waiting[0].clone();
    let (store, as_locator) = (&app.store, &locator);
    let search = |words: String| async move {
        let (_, found) = get(
            base,
            as_locator,
            &format!(
                "/list?per_page=100&q={}",
                passerelle_web::views::url_encode(&words)
            ),
        )
        .await;
        let search = passerelle_domain::text::NameSearch::new(&words);
        let matching: Vec<String> = store
            .list_entries(&[])
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.status.is_waiting())
            .filter(|e| search.matches(&e.name))
            .map(|e| e.person_id.to_string())
            .collect();
        (persons(&found), matching)
    };
    let family = someone.name.rsplit(' ').next().unwrap().to_owned();
    let (shown, matching) = search(family).await;
    assert_eq!(shown.len(), matching.len().min(100));
    assert!(shown.iter().all(|id| matching.contains(id)), "{shown:?}");
    let (shown, matching) = search(someone.name.clone()).await;
    assert!(shown.contains(&someone.person_id.to_string()));
    assert_eq!(shown.len(), matching.len());

    // A contact keeps a person on the list; the person's page shows it.
    let person = someone.person_id;
    let path = format!("/list/persons/{person}");
    let csrf = csrf_of(base, &locator, &path).await;
    let (status, _, _) = post_form(
        base,
        &locator,
        format!("{path}/contacts"),
        vec![
            ("csrf", csrf),
            ("contact_on", "".into()),
            ("contact_note", "Met at the drop-in".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = get(base, &locator, &path).await;
    assert!(page.contains("Met at the drop-in"));
    assert!(page.contains("no contact"), "the rule is explained: {page}");
    let trail = app.store.audit_trail(person).await.unwrap();
    assert!(trail.iter().any(|e| e.detail.starts_with("contact on")));
}

#[tokio::test]
async fn a_referral_saved_by_another_server_is_found_by_this_one() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let worker = login(base, WORKER).await;
    // This server's identity index is built by a first referral.
    refer(
        base,
        &worker,
        &[("given_name", "Amorce"), ("birth_date", "1960-06-06")],
    )
    .await;
    // Another server (or `passerelle import referrals`) saves a person through its own index.
    let input = passerelle_domain::referrals::ReferralInput {
        given_name: "Théodore".into(),
        family_name: "Lapointe-Ailleurs".into(),
        birth_date: "1981-04-17".into(),
        phone: "613-555-0199".into(),
        adults: "1".into(),
        consent_hub: Some(true),
        consent_method: "signed_form".into(),
        consent_expires_on: "2099-01-01".into(),
        ..Default::default()
    };
    let today = time::OffsetDateTime::now_utc().date();
    let elsewhere = passerelle_web::referrals::save_referral(
        &app.store,
        &passerelle_web::referrals::identity::PeopleIndex::default(),
        None,
        passerelle_web::referrals::Incoming {
            agency: None,
            referred_on: today,
            referral: input.parse(today).unwrap(),
        },
    )
    .await
    .unwrap();
    // The same person referred here is weighed against that referral too.
    let theodore = [
        ("given_name", "Théodore"),
        ("family_name", "Lapointe-Ailleurs"),
        ("birth_date", "1981-04-17"),
        ("phone", "613-555-0199"),
    ];
    let here = refer(base, &worker, &theodore).await;
    let here = app.store.referral(here).await.unwrap();
    assert_eq!(
        here.person_id, elsewhere.person_id,
        "joined the person saved by the other server"
    );

    // The other server records the person's withdrawal of consent: both referrals are
    // erased there. This server must forget them too: the same person referred again is a
    // new person, weighed against nothing erased.
    let erased = app
        .store
        .withdraw_consent(None, elsewhere.id, today)
        .await
        .unwrap();
    assert_eq!(erased.len(), 2);
    let again = refer(base, &worker, &theodore).await;
    let again = app.store.referral(again).await.unwrap();
    assert_ne!(
        again.person_id, elsewhere.person_id,
        "not joined to an erased person"
    );
    use passerelle_store::ReviewState::{KeptApart, Linked, Open};
    for state in [Open, Linked, KeptApart] {
        let reviews = app.store.reviews(state).await.unwrap();
        assert!(
            !reviews
                .iter()
                .any(|r| r.referral_id == again.id && erased.contains(&r.candidate_referral_id)),
            "no erased referral is proposed: {reviews:?}"
        );
    }
}

/// A page without its identifiers and tokens (runs of 32 or more hex digits and hyphens:
/// ids in links, the CSRF token), which hold any four digits by chance (a 64-digit token
/// holds "1985" about once in a thousand pages): a check that a birth year is gone must
/// not depend on them.
fn without_ids(page: &str) -> String {
    let mut text = String::with_capacity(page.len());
    let mut run = String::new();
    for ch in page.chars().chain(std::iter::once(' ')) {
        if ch.is_ascii_hexdigit() || ch == '-' {
            run.push(ch);
            continue;
        }
        if run.len() < 32 {
            text.push_str(&run);
        }
        run.clear();
        text.push(ch);
    }
    text
}

/// The referrals in a page's table, in order.
fn listed(page: &str) -> Vec<Uuid> {
    let body = &page[page.find("<tbody>").unwrap()..];
    body.match_indices("href=\"/referrals/")
        .map(|(i, _)| Uuid::parse_str(&body[i + 17..i + 53]).unwrap())
        .collect()
}

/// The referrals list at `/referrals` pages, filters and sorts from its URL alone (newest
/// first unless asked), keeps each agency to its own, and opens on its defaults whatever a
/// bookmark says.
#[tokio::test]
async fn the_referrals_list_pages_filters_and_sorts_from_its_url() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let locator = login(base, LOCATOR).await;
    let everyone = app.store.referrals(None, None).await.unwrap();
    assert!(everyone.len() > 100, "the demo has pages of referrals");

    // Newest first, 50 a page, the total in the caption.
    let (status, first) = get(base, &locator, "/referrals").await;
    assert_eq!(status, StatusCode::OK);
    let newest: Vec<Uuid> = everyone.iter().take(50).map(|r| r.id).collect();
    assert_eq!(listed(&first), newest);
    let caption = &first[first.find("<caption>").unwrap() + 9..first.find("</caption>").unwrap()];
    assert_eq!(
        caption.replace(',', ""),
        format!("{} referrals", everyone.len()),
        "the total, in the reader's grouping"
    );
    let (_, second) = get(
        base,
        &locator,
        "/referrals?sort=referred&dir=desc&per_page=50&page=2",
    )
    .await;
    let next: Vec<Uuid> = everyone.iter().skip(50).take(50).map(|r| r.id).collect();
    assert_eq!(listed(&second), next, "page 2 follows page 1");
    assert!(second.contains("rel=\"prev\""));

    // Oldest first, 25 a page.
    let (_, oldest) = get(base, &locator, "/referrals?dir=asc&per_page=25").await;
    let expected: Vec<Uuid> = everyone.iter().rev().take(25).map(|r| r.id).collect();
    assert_eq!(listed(&oldest), expected);

    // By agency: names in order; by status with a filter: only that status.
    let (_, by_agency) = get(base, &locator, "/referrals?sort=agency&per_page=100").await;
    let names: Vec<String> = listed(&by_agency)
        .iter()
        .map(|id| {
            let r = everyone.iter().find(|r| r.id == *id).unwrap();
            passerelle_domain::text::fold(r.agency_name.as_deref().unwrap_or_default())
        })
        .collect();
    assert_eq!(names.len(), 100);
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    let (_, active) = get(base, &locator, "/referrals?status=active&per_page=100").await;
    let active = listed(&active);
    assert!(!active.is_empty());
    for id in &active {
        let r = everyone.iter().find(|r| r.id == *id).unwrap();
        assert_eq!(r.status, Some(ListStatus::Active), "{id}");
    }

    // A partner worker pages through their own agency's only.
    let worker = login(base, WORKER).await;
    let agency = agency_of(&app.store, WORKER).await;
    let own = app.store.referrals(Some(agency), None).await.unwrap();
    let (_, theirs) = get(base, &worker, "/referrals?per_page=100").await;
    let expected: Vec<Uuid> = own.iter().take(100).map(|r| r.id).collect();
    assert_eq!(listed(&theirs), expected);

    // A bookmark the list cannot read opens on its defaults.
    let (status, odd) = get(
        base,
        &locator,
        "/referrals?sort=shoe&dir=up&page=x&per_page=7&status=z",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed(&odd), newest);

    // The API answers the same pages, and refuses what it cannot read.
    let (status, api) = get_json(
        base,
        &locator,
        "/api/v1/referrals?sort=referred&dir=desc&per_page=50&page=2",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(api["total"], everyone.len());
    let next_ids: Vec<String> = next.iter().map(Uuid::to_string).collect();
    assert_eq!(page_ids(&api, "referrals"), next_ids);
    let (_, api_active) = get_json(
        base,
        &locator,
        "/api/v1/referrals?status=active&per_page=100",
    )
    .await;
    assert_eq!(
        api_active["referrals"].as_array().unwrap().len(),
        active.len()
    );
    let odd = ["sort=shoe", "dir=up", "page=x", "per_page=7", "status=z"];
    refuses_each(base, &locator, "/api/v1/referrals", &odd).await;
}

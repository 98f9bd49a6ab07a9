//! The app over real HTTP: login, CSRF, roles, forms that keep what was typed, the API's
//! error codes, and the OpenAPI document.

mod common;

use common::{
    client, csrf_of, get, get_json, login, post_form, post_json, send_json, set_cookie,
    spawn_demo_app,
};
use reqwest::StatusCode;

#[tokio::test]
async fn login_fails_politely_and_pages_need_a_session() {
    let app = spawn_demo_app().await;
    let c = client();
    let redirect = c
        .get(format!("{}/directory", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), StatusCode::SEE_OTHER);
    assert_eq!(redirect.headers()["location"], "/login?next=/directory");

    let page = c
        .get(format!("{}/login", app.base))
        .header("accept-language", "fr-CA")
        .send()
        .await
        .unwrap();
    let csrf = set_cookie(&page, "passerelle_csrf").unwrap();
    assert!(page.text().await.unwrap().contains("Mot de passe"));
    let wrong = c
        .post(format!("{}/login", app.base))
        .header("cookie", format!("passerelle_csrf={csrf}"))
        .header("accept-language", "fr")
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "admin@passerelle.example.org"),
            ("password", "nope"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("Le courriel ou le mot de passe est incorrect.")
    );

    // Without the matching token the form is refused, and nobody is logged in.
    let forged = c
        .post(format!("{}/login", app.base))
        .form(&[
            ("csrf", "x"),
            ("email", "admin@passerelle.example.org"),
            ("password", passerelle_demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(set_cookie(&forged, "passerelle_session").is_none());
}

#[tokio::test]
async fn an_invalid_organization_form_keeps_what_was_typed_and_shows_errors_in_french() {
    let app = spawn_demo_app().await;
    let cookie = format!(
        "{}; passerelle_lang=fr",
        login(&app.base, "convener@passerelle.example.org").await
    );
    let csrf = csrf_of(&app.base, &cookie, "/directory/organizations/new").await;
    let response = client()
        .post(format!("{}/directory/organizations", app.base))
        .header("cookie", &cookie)
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Refuge Test"),
            ("email", "pas-un-courriel"),
            ("website", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Entrez une adresse courriel comme nom@exemple.org."),
        "{html}"
    );
    assert!(html.contains("value=\"pas-un-courriel\""));
    assert!(html.contains("value=\"Refuge Test\""));
    assert_eq!(
        app.store.directory_counts().await.unwrap().organizations,
        80,
        "nothing saved"
    );

    // A duplicate name (up to accents and case) is refused on the name field.
    let existing = app.store.export_directory().await.unwrap().organizations[0]
        .organization
        .fields
        .name
        .to_uppercase();
    let response = client()
        .post(format!("{}/directory/organizations", app.base))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str()), ("name", existing.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Un organisme porte déjà ce nom.")
    );

    let created = client()
        .post(format!("{}/directory/organizations", app.base))
        .header("cookie", &cookie)
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Refuge Test"),
            ("email", "info@refuge.example.org"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    let page = client()
        .get(format!("{}{location}", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("info@refuge.example.org")
    );
}

#[tokio::test]
async fn roles_decide_who_edits_and_who_sees_contacts() {
    let app = spawn_demo_app().await;
    let directory = app.store.export_directory().await.unwrap();
    let worker = app
        .store
        .user_credentials("worker@passerelle.example.org")
        .await
        .unwrap()
        .unwrap()
        .0;
    let own = worker.agency_id.unwrap();
    let other = directory
        .organizations
        .iter()
        .find(|o| o.organization.id != own)
        .unwrap()
        .organization
        .id;

    let cookie = login(&app.base, "worker@passerelle.example.org").await;
    let c = client();
    assert_eq!(
        c.get(format!("{}/directory/organizations/{own}/edit", app.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        c.get(format!("{}/directory/organizations/{other}/edit", app.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let api = c
        .put(format!("{}/api/v1/organizations/{other}", app.base))
        .header("cookie", &cookie)
        .json(&serde_json::json!({"name": "Taken over"}))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::FORBIDDEN);

    let analyst = login(&app.base, "analyst@passerelle.example.org").await;
    let record: serde_json::Value = c
        .get(format!("{}/api/v1/organizations/{own}", app.base))
        .header("cookie", &analyst)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        record["contacts"].as_array().unwrap().len(),
        0,
        "analysts never see people"
    );
    let trail_before = app.store.audit_trail(own).await.unwrap().len();
    let record: serde_json::Value = c
        .get(format!("{}/api/v1/organizations/{own}", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!record["contacts"].as_array().unwrap().is_empty());
    let trail = app.store.audit_trail(own).await.unwrap();
    assert_eq!(trail.len(), trail_before + 1);
    assert_eq!(
        (trail[0].action.as_str(), trail[0].actor),
        ("read", Some(worker.id))
    );
}

#[tokio::test]
async fn the_api_answers_with_codes_and_statuses() {
    let app = spawn_demo_app().await;
    let cookie = login(&app.base, "locator@passerelle.example.org").await;
    let c = client();
    let post = |body: &'static str, content_type: &'static str| {
        c.post(format!("{}/api/v1/organizations", app.base))
            .header("cookie", &cookie)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let cases = [
        (
            post("{not json", "application/json").await.unwrap(),
            StatusCode::BAD_REQUEST,
            "error-bad-json",
        ),
        (
            post("{\"name\": 5}", "application/json").await.unwrap(),
            StatusCode::BAD_REQUEST,
            "error-json-shape",
        ),
        (
            post("{\"name\": \"x\"}", "text/plain").await.unwrap(),
            StatusCode::BAD_REQUEST,
            "error-content-type",
        ),
        (
            post("{\"name\": \" \"}", "application/json").await.unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "error-invalid",
        ),
    ];
    for (response, status, code) in cases {
        assert_eq!(response.status(), status);
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json",
            "{code}"
        );
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(problem["code"], code);
        assert_eq!(problem["status"], status.as_u16());
        assert_eq!(problem["type"], format!("urn:passerelle:problem:{code}"));
        assert!(problem["title"].as_str().is_some_and(|t| !t.is_empty()));
    }
    // The fields at fault, each with a message in the caller's language; errors the
    // framework answers by itself (a method the path does not take, a query string that
    // does not parse) are problems too.
    let french = c
        .post(format!("{}/api/v1/organizations", app.base))
        .header("cookie", &cookie)
        .header("content-type", "application/json")
        .header("accept-language", "fr-CA,fr;q=0.9")
        .body("{\"name\": \" \"}")
        .send()
        .await
        .unwrap();
    let problem: serde_json::Value = french.json().await.unwrap();
    assert_eq!(
        problem["title"], "Certains champs ne sont pas valides.",
        "{problem}"
    );
    assert_eq!(problem["fields"][0]["field"], "name");
    assert_eq!(problem["fields"][0]["code"], "error-required");
    assert_eq!(problem["fields"][0]["message"], "Ce champ est obligatoire.");
    let wrong_method = c
        .delete(format!("{}/api/v1/areas", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong_method.headers().contains_key("allow"));
    let problem: serde_json::Value = wrong_method.json().await.unwrap();
    assert_eq!(problem["code"], "error-method");
    let bad_query = c
        .get(format!("{}/api/v1/referrals?status=lost", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(bad_query.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        bad_query.headers()["content-type"],
        "application/problem+json"
    );
    let created = post(
        "{\"name\": \"Maison API\", \"website\": \"https://api.example.org\"}",
        "application/json",
    )
    .await
    .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let again = post("{\"name\": \"maison api\"}", "application/json")
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(
        again.json::<serde_json::Value>().await.unwrap()["code"],
        "error-duplicate-name"
    );

    let missing = c
        .get(format!(
            "{}/api/v1/organizations/{}",
            app.base,
            uuid::Uuid::new_v4()
        ))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let garbage = c
        .get(format!("{}/api/v1/services/not-an-id", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), StatusCode::NOT_FOUND);
    let anonymous = client()
        .get(format!("{}/api/v1/areas", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let app = spawn_demo_app().await;
    let doc: serde_json::Value = client()
        .get(format!("{}/api/openapi.json", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/organizations",
        "/api/v1/organizations/{id}",
        "/api/v1/organizations/{id}/services",
        "/api/v1/services/{id}",
        "/api/v1/taxonomy_terms",
        "/api/v1/areas",
        "/hsds/",
        "/hsds/services",
        "/hsds/services/{id}",
        "/hsds/organizations",
        "/hsds/organizations/{id}",
        "/hsds/service_at_locations",
        "/hsds/service_at_locations/{id}",
        "/hsds/taxonomies",
        "/hsds/taxonomy_terms",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
    }
    // Every error an operation can answer is declared, as a problem: the session or token
    // (401), the role, agency or token scope (403), a record named in the path (404), a body
    // or query string that does not read (400), a body too large (413), input that
    // conflicts with what is stored (409).
    // The HSDS API is read-only and open to every role, so it never answers 403.
    let api = |p: &str| p.starts_with("/api/v1/") || p.starts_with("/hsds/");
    for (path, item) in paths.iter().filter(|(p, _)| api(p)) {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let mut expected = vec!["401"];
            if !path.starts_with("/hsds/") {
                expected.push("403");
            }
            if path.contains('{') {
                expected.push("404");
            }
            if op.get("requestBody").is_some() {
                expected.extend(["400", "413"]);
            }
            if op.get("requestBody").is_some() {
                expected.push("409");
            }
            let queries = op["parameters"].as_array().into_iter().flatten();
            if queries.filter(|p| p["in"] == "query").count() > 0 {
                expected.push("400");
            }
            for status in expected {
                assert!(
                    responses.contains_key(status),
                    "{method} {path}: no {status}"
                );
            }
            for (status, response) in responses.iter().filter(|(s, _)| s.as_str() >= "400") {
                assert_eq!(
                    response["content"]["application/problem+json"]["schema"]["$ref"],
                    "#/components/schemas/Problem",
                    "{method} {path} {status}"
                );
            }
        }
    }
    // Every documented path answers (401 without a session, never 404).
    for path in paths.keys() {
        let concrete = path.replace("{id}", &uuid::Uuid::nil().to_string());
        let status = client()
            .get(format!("{}{concrete}", app.base))
            .send()
            .await
            .unwrap()
            .status();
        assert!(
            status == StatusCode::UNAUTHORIZED || status == StatusCode::METHOD_NOT_ALLOWED,
            "{path}: {status}"
        );
    }
}

#[tokio::test]
async fn every_answer_carries_a_request_id_the_callers_when_plain() {
    let app = spawn_demo_app().await;
    let id_of = |r: &reqwest::Response| r.headers()["x-request-id"].to_str().unwrap().to_owned();
    let made = client()
        .get(format!("{}/health", app.base))
        .send()
        .await
        .unwrap();
    let made = id_of(&made);
    assert!(
        made.len() == 32 && made.bytes().all(|b| b.is_ascii_hexdigit()),
        "{made}"
    );
    let again = client()
        .get(format!("{}/health", app.base))
        .send()
        .await
        .unwrap();
    assert_ne!(id_of(&again), made, "one id a request");
    let kept = client()
        .get(format!("{}/no-such-page", app.base))
        .header("x-request-id", "lb-7f3a.2")
        .send()
        .await
        .unwrap();
    assert_eq!(id_of(&kept), "lb-7f3a.2");
    for odd in ["has space", "semi;colon", &"x".repeat(65)] {
        let replaced = client()
            .get(format!("{}/health", app.base))
            .header("x-request-id", odd)
            .send()
            .await
            .unwrap();
        assert_eq!(id_of(&replaced).len(), 32, "{odd}");
    }
}

/// Logs in with `next` as the login form would send it; the answer.
async fn log_in_then(base: &str, next: &str) -> reqwest::Response {
    let c = client();
    let page = c.get(format!("{base}/login")).send().await.unwrap();
    let csrf = set_cookie(&page, "passerelle_csrf").unwrap();
    c.post(format!("{base}/login"))
        .header("cookie", format!("passerelle_csrf={csrf}"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "admin@passerelle.example.org"),
            ("password", passerelle_demo::DEMO_PASSWORD),
            ("next", next),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn after_login_only_a_path_on_this_site_is_followed_and_every_answer_forbids_framing() {
    let app = spawn_demo_app().await;
    let ok = log_in_then(&app.base, "/list?status=active").await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(ok.headers()["location"], "/list?status=active");
    // Browsers read a backslash as a slash: `/\evil.example` is another site. A control
    // character cannot go in a header: it used to answer 500 after the session was made.
    for next in [
        "/\\evil.example",
        "//evil.example",
        "https://evil.example",
        "/ok\nSet-Cookie: x=1",
    ] {
        let answer = log_in_then(&app.base, next).await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(answer.headers()["location"], "/", "{next:?}");
    }
    for path in [
        "/login",
        "/api/openapi.json",
        "/static/app.css",
        "/health",
        "/ready",
        "/no-such-page",
    ] {
        let answer = client()
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        let h = answer.headers();
        let policy = h["content-security-policy"].to_str().unwrap();
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert!(policy.contains("default-src 'none'"), "{path}: {policy}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        // Over plain HTTP (secure cookies off), no HSTS: it would lock browsers out.
        assert!(h.get("strict-transport-security").is_none(), "{path}");
    }
}

/// One attempt to log in through the form, as a browser would, from `forwarded_for` when
/// given (the app trusts it only when configured to).
async fn attempt_login(
    base: &str,
    email: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> reqwest::Response {
    let c = client();
    let page = c.get(format!("{base}/login")).send().await.unwrap();
    let csrf = set_cookie(&page, "passerelle_csrf").unwrap();
    let mut request = c
        .post(format!("{base}/login"))
        .header("cookie", format!("passerelle_csrf={csrf}"))
        .header("accept-language", "fr")
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", password),
        ]);
    if let Some(address) = forwarded_for {
        request = request.header("x-forwarded-for", format!("198.51.100.1, {address}"));
    }
    request.send().await.unwrap()
}

async fn login_audit(app: &common::TestApp) -> Vec<(String, String)> {
    let db = app.db().await;
    sqlx::query_as(
        "SELECT action, detail FROM audit_event WHERE action LIKE 'login_%' ORDER BY seq",
    )
    .fetch_all(&db)
    .await
    .unwrap()
}

#[tokio::test]
async fn password_guessing_is_throttled_per_email_before_any_hash_and_audited_with_its_address() {
    let app = spawn_demo_app().await;
    let admin = "admin@passerelle.example.org";
    for _ in 0..5 {
        let wrong = attempt_login(&app.base, admin, "guess", None).await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    }
    // The right password no longer opens the account, in the user's language.
    let right = attempt_login(&app.base, admin, passerelle_demo::DEMO_PASSWORD, None).await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(right.headers()["retry-after"], "900");
    assert!(set_cookie(&right, "passerelle_session").is_none());
    let page = right.text().await.unwrap();
    assert!(
        page.contains("Trop de tentatives de connexion ont échoué."),
        "{page}"
    );
    // Another account from the same address is not locked out by it, and the e-mail's
    // case does not make a new account to guess at.
    let other = attempt_login(
        &app.base,
        common::WORKER,
        passerelle_demo::DEMO_PASSWORD,
        None,
    )
    .await;
    assert_eq!(other.status(), StatusCode::SEE_OTHER);
    let shouted = attempt_login(&app.base, "ADMIN@passerelle.example.org", "guess", None).await;
    assert_eq!(shouted.status(), StatusCode::TOO_MANY_REQUESTS);

    let audit = login_audit(&app).await;
    let failed: Vec<_> = audit.iter().filter(|(a, _)| a == "login_failed").collect();
    assert_eq!(failed.len(), 5, "{audit:?}");
    assert!(
        failed
            .iter()
            .all(|(_, d)| d == "email admin@passerelle.example.org from 127.0.0.1"),
        "{failed:?}"
    );
    assert_eq!(
        audit.iter().filter(|(a, _)| a == "login_throttled").count(),
        2,
        "{audit:?}"
    );
}

#[tokio::test]
async fn behind_a_proxy_one_address_guessing_many_accounts_is_throttled_and_others_are_not() {
    let app = common::spawn_demo_app_configured(passerelle_web::Config {
        trust_forwarded_for: true,
        ..Default::default()
    })
    .await;
    for i in 0..30 {
        let email = format!("nobody{i}@example.org");
        let wrong = attempt_login(&app.base, &email, "guess", Some("203.0.113.7")).await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let from_there = attempt_login(
        &app.base,
        common::WORKER,
        passerelle_demo::DEMO_PASSWORD,
        Some("203.0.113.7"),
    )
    .await;
    assert_eq!(from_there.status(), StatusCode::TOO_MANY_REQUESTS);
    // The proxy's last hop is the address; the hop before it is the client's say-so.
    let elsewhere = attempt_login(
        &app.base,
        common::WORKER,
        passerelle_demo::DEMO_PASSWORD,
        Some("203.0.113.8"),
    )
    .await;
    assert_eq!(elsewhere.status(), StatusCode::SEE_OTHER);
    let audit = login_audit(&app).await;
    assert!(
        audit
            .iter()
            .any(|(a, d)| a == "login_failed" && d == "email nobody0@example.org from 203.0.113.7"),
        "{audit:?}"
    );
}

async fn readiness(base: &str) -> (StatusCode, String) {
    let answer = reqwest::get(format!("{base}/ready")).await.unwrap();
    (answer.status(), answer.text().await.unwrap())
}

async fn assert_unready(base: &str, because: &str) {
    let (status, said) = readiness(base).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{said}");
    assert!(said.contains(because), "{said}");
}

#[tokio::test]
async fn readiness_answers_only_when_the_schema_is_this_programs() {
    let app = spawn_demo_app().await;
    assert_eq!(
        readiness(&app.base).await,
        (StatusCode::OK, "ready".to_owned())
    );
    let health = reqwest::get(format!("{}/health", app.base)).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let db = app.db().await;
    let (last,): (i64,) = sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&db)
        .await
        .unwrap();
    let renumber = |from: i64, to: i64| {
        sqlx::query("UPDATE _sqlx_migrations SET version = $1 WHERE version = $2")
            .bind(to)
            .bind(from)
            .execute(&db)
    };
    // A schema behind this program: a migration not applied.
    renumber(last, -last).await.unwrap();
    assert_unready(&app.base, &format!("migration {last} is not applied")).await;
    renumber(-last, last).await.unwrap();
    assert_eq!(readiness(&app.base).await.0, StatusCode::OK);
    // A schema ahead of it: a migration applied by a newer program.
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
         SELECT version + 1000, description, installed_on, success, checksum, execution_time \
         FROM _sqlx_migrations WHERE version = $1",
    )
    .bind(last)
    .execute(&db)
    .await
    .unwrap();
    let newer = last + 1000;
    assert_unready(
        &app.base,
        &format!("migration {newer} was applied by a newer"),
    )
    .await;
}

#[tokio::test]
async fn a_session_left_unused_for_half_an_hour_ends() {
    let app = spawn_demo_app().await;
    let cookie = common::login(&app.base, "admin@passerelle.example.org").await;
    assert_eq!(
        common::get(&app.base, &cookie, "/list").await.0,
        StatusCode::OK
    );
    let db = app.db().await;
    let ago = |minutes: i64| {
        (time::OffsetDateTime::now_utc() - time::Duration::minutes(minutes))
            .replace_nanosecond(0)
            .unwrap()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let last_seen = || async {
        let (seen,): (String,) = sqlx::query_as("SELECT last_seen_at FROM session")
            .fetch_one(&db)
            .await
            .unwrap();
        seen
    };
    // Used ten minutes ago: still open, and this use is recorded.
    let ten = ago(10);
    sqlx::query("UPDATE session SET last_seen_at = $1")
        .bind(&ten)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(
        common::get(&app.base, &cookie, "/list").await.0,
        StatusCode::OK
    );
    assert!(last_seen().await > ten, "the use was recorded");
    // Unused for 31 minutes: the next request is a visitor's, sent to the login page.
    sqlx::query("UPDATE session SET last_seen_at = $1")
        .bind(ago(31))
        .execute(&db)
        .await
        .unwrap();
    let answer = client()
        .get(format!("{}/list", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert!(
        answer.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login"),
        "{:?}",
        answer.headers()["location"]
    );
}

#[tokio::test]
async fn over_https_the_session_and_csrf_cookies_are_host_only_and_secure() {
    let app = common::spawn_demo_app_configured(passerelle_web::Config {
        secure_cookies: true,
        ..Default::default()
    })
    .await;
    let c = client();
    let page = c.get(format!("{}/login", app.base)).send().await.unwrap();
    let set: Vec<String> = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let csrf_cookie = set
        .iter()
        .find(|c| c.starts_with("__Host-passerelle_csrf="))
        .unwrap_or_else(|| panic!("{set:?}"));
    assert!(csrf_cookie.contains("; Secure") && csrf_cookie.contains("Path=/"));
    assert!(!csrf_cookie.contains("Domain="));
    let csrf = set_cookie(&page, "__Host-passerelle_csrf").unwrap();
    let signed_in = c
        .post(format!("{}/login", app.base))
        .header("cookie", format!("__Host-passerelle_csrf={csrf}"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", common::WORKER),
            ("password", passerelle_demo::DEMO_PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let session = set_cookie(&signed_in, "__Host-passerelle_session").unwrap();
    let (status, _) = common::get(
        &app.base,
        &format!("__Host-passerelle_session={session}"),
        "/referrals",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // The same token under the unprefixed name, as a neighbouring host could set it, opens
    // nothing.
    let (status, _) = common::get(
        &app.base,
        &format!("passerelle_session={session}"),
        "/referrals",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

/// What Schemathesis found (`.ci/schemathesis`): the API refuses what its schema refuses,
/// and accepts what it allows.
#[tokio::test]
async fn the_api_accepts_what_its_schema_allows_and_refuses_the_rest() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let admin = login(base, "admin@passerelle.example.org").await;
    let status_of = |path: &'static str| {
        let admin = admin.clone();
        async move { get_json(base, &admin, path).await.0 }
    };
    // A filter that is not an id is an error for a program (a page ignores it).
    assert_eq!(
        status_of("/api/v1/organizations?service_type=abc").await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        status_of("/api/v1/organizations?page=-1").await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        status_of("/api/v1/organizations?service_type=").await,
        StatusCode::OK
    );
    assert_eq!(
        status_of("/api/v1/tenancies?show=lost").await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        status_of("/api/v1/tenancies?show=ended").await,
        StatusCode::OK
    );
    // Blank means no round, as for every other optional filter.
    assert_eq!(status_of("/api/v1/offers?round=").await, StatusCode::OK);

    // An address no browser would follow as typed.
    let (status, body) = post_json(
        base,
        &admin,
        "/api/v1/organizations",
        serde_json::json!({"name": "Crochets", "website": "http://[x"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"][0]["code"], "error-url");
    // Text fields take text, a number or null, not an object read as its JSON.
    let (status, body) = post_json(
        base,
        &admin,
        "/api/v1/referrals",
        serde_json::json!({"consent_hub": false, "assessment_score": {}}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "error-json-shape");
    // JSON does not tell 2.0 from 2.
    let (status, body) = send_json(
        base,
        &admin,
        reqwest::Method::PUT,
        "/api/v1/follow-up-cadence",
        Some(serde_json::json!({"weekly_weeks": 2.0, "monthly_until": 12})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["weekly_weeks"], 2);
    // A blank policy is the one in force, as an absent one is.
    let (status, body) = post_json(
        base,
        &admin,
        "/api/v1/match/rounds",
        serde_json::json!({"policy": " ", "dry_run": true}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_ne!(body["policy"], "");
}

/// An agency's texts in both languages: each reader sees their own, a text the agency gave
/// in one language only is shown to the other reader marked and tagged with its language,
/// and the search finds the agency by words of either language.
#[tokio::test]
async fn an_agencys_texts_show_in_the_readers_language_or_marked_in_the_other() {
    let app = spawn_demo_app().await;
    let session = login(&app.base, "convener@passerelle.example.org").await;
    let (english, french) = (
        format!("{session}; passerelle_lang=en"),
        format!("{session}; passerelle_lang=fr"),
    );
    let csrf = csrf_of(&app.base, &english, "/directory/organizations/new").await;
    let create = |name: &'static str, description: &'static str, description_fr: &'static str| {
        post_form(
            &app.base,
            &english,
            "/directory/organizations".into(),
            vec![
                ("csrf", csrf.clone()),
                ("name", name.into()),
                ("description", description.into()),
                ("description_fr", description_fr.into()),
            ],
        )
    };
    let (status, both, _) = create(
        "Maison Bilingue",
        "Hot meals every evening",
        "Repas chauds tous les soirs",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let both = both.unwrap();
    let (_, page) = get(&app.base, &french, &both).await;
    assert!(page.contains("Repas chauds tous les soirs"), "{page}");
    assert!(!page.contains("Hot meals") && !page.contains("lang-marker"));
    let (_, page) = get(&app.base, &english, &both).await;
    assert!(page.contains("Hot meals every evening") && !page.contains("Repas chauds"));

    let (_, french_only, _) =
        create("Halte Sainte-Anne", "", "Halte-accueil de jour pour femmes").await;
    let (_, page) = get(&app.base, &english, &french_only.unwrap()).await;
    assert!(
        page.contains(
            "<span lang=\"fr\">Halte-accueil de jour pour femmes</span> <span class=\"lang-marker\">(in French)</span>"
        ),
        "{page}"
    );

    // Words of either language find the agency, whatever the reader's language.
    for (cookie, words) in [(&english, "repas chauds"), (&french, "hot meals")] {
        let (_, results) = get(
            &app.base,
            cookie,
            &format!("/directory?q={}", words.replace(' ', "+")),
        )
        .await;
        assert!(results.contains("Maison Bilingue"), "{words}: {results}");
    }

    // The API carries both texts.
    let id = both.rsplit('/').next().unwrap();
    let (status, body) =
        get_json(&app.base, &english, &format!("/api/v1/organizations/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["organization"]["description_fr"],
        "Repas chauds tous les soirs"
    );
}

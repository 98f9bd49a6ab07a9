//! Accounts over real HTTP on the demo: personal access tokens (made with a session, shown
//! once, acting as their user with their scope, revoked at once, never managing tokens,
//! audited), a user's own password under the policy, and administrators disabling accounts
//! and ending their sessions.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

const ADMIN: &str = "admin@passerelle.example.org";
const LOCATOR: &str = "locator@passerelle.example.org";
const CONVENER: &str = "convener@passerelle.example.org";
const ANALYST: &str = "analyst@passerelle.example.org";

/// A call to the API with a session cookie or a bearer token.
enum By<'a> {
    Session(&'a str),
    Token(&'a str),
}

async fn call(
    base: &str,
    by: By<'_>,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value, reqwest::header::HeaderMap) {
    let mut request = client().request(method, format!("{base}{path}"));
    request = match by {
        By::Session(cookie) => request.header("cookie", cookie),
        By::Token(secret) => request.bearer_auth(secret),
    };
    if let Some(body) = body {
        request = request.json(&body);
    }
    let r = request.send().await.unwrap();
    let (status, headers) = (r.status(), r.headers().clone());
    (status, r.json().await.unwrap_or(Value::Null), headers)
}

async fn make_token(base: &str, cookie: &str, scope: &str) -> (String, String) {
    let body = json!({"name": format!("{scope} script"), "scope": scope, "days": "30"});
    let (status, made, _) = call(
        base,
        By::Session(cookie),
        reqwest::Method::POST,
        "/api/v1/tokens",
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    (
        made["id"].as_str().unwrap().to_owned(),
        made["secret"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn a_worker_reads_their_agencys_referrals_with_a_token_until_it_is_revoked() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let worker = login(base, WORKER).await;
    let admin = login(base, ADMIN).await;
    let get = reqwest::Method::GET;
    let post = reqwest::Method::POST;

    // Bad input is refused field by field and nothing is made.
    let (status, refused, _) = call(
        base,
        By::Session(&worker),
        post.clone(),
        "/api/v1/tokens",
        Some(json!({"name": " ", "scope": "admin", "days": "400"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = refused["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["error-required", "error-choose", "error-token-days"]
    );
    assert!(app.store.tokens(None).await.unwrap().is_empty());

    let (id, secret) = make_token(base, &worker, "read").await;
    assert!(secret.starts_with("pas_") && secret.len() > 60);
    // Only a hash is kept: the secret is nowhere in the database's token row.
    let pool = app.db().await;
    let row: (String, String) =
        sqlx::query_as("SELECT token_hash, name FROM api_token WHERE id = $1")
            .bind(&id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(!row.0.contains(&secret[4..]) && row.1 == "read script");

    // The token reads what its user reads, and nothing of another agency.
    let (status, by_session, _) = call(
        base,
        By::Session(&worker),
        get.clone(),
        "/api/v1/referrals",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, by_token, _) = call(
        base,
        By::Token(&secret),
        get.clone(),
        "/api/v1/referrals",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_token, by_session);
    assert!(!by_token["referrals"].as_array().unwrap().is_empty());
    let (_, everyone, _) = call(
        base,
        By::Session(&admin),
        get.clone(),
        "/api/v1/referrals",
        None,
    )
    .await;
    let own: Vec<&Value> = by_token["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    let other = everyone["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .find(|id| !own.contains(id))
        .unwrap();
    let path = format!("/api/v1/referrals/{}", other.as_str().unwrap());
    let (status, _, _) = call(base, By::Token(&secret), get.clone(), &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A read-only token cannot write; no token manages tokens; pages ignore tokens.
    let (status, body, _) = call(
        base,
        By::Token(&secret),
        post.clone(),
        "/api/v1/referrals",
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("error-token-scope"))
    );
    let (status, body, _) = call(
        base,
        By::Token(&secret),
        get.clone(),
        "/api/v1/tokens",
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("error-token-scope"))
    );
    let page = client()
        .get(format!("{base}/list"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(
        page.status(),
        StatusCode::SEE_OTHER,
        "a page wants a session"
    );

    // A write token gets past the gate to the form's own checks.
    let (_, writer) = make_token(base, &worker, "write").await;
    let (status, body, _) = call(
        base,
        By::Token(&writer),
        post.clone(),
        "/api/v1/referrals",
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

    // The owner sees when it was last used; the administrator sees everyone's tokens.
    let (_, mine, _) = call(
        base,
        By::Session(&worker),
        get.clone(),
        "/api/v1/tokens",
        None,
    )
    .await;
    let listed = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id.as_str())
        .unwrap();
    assert!(listed["last_used_at"].is_string(), "{listed}");
    assert!(listed.get("secret").is_none() && listed.get("token_hash").is_none());
    let (_, all, _) = call(
        base,
        By::Session(&admin),
        get.clone(),
        "/api/v1/tokens",
        None,
    )
    .await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    let (admins_id, _) = make_token(base, &admin, "read").await;
    let (_, mine, _) = call(
        base,
        By::Session(&worker),
        get.clone(),
        "/api/v1/tokens",
        None,
    )
    .await;
    assert_eq!(
        mine.as_array().unwrap().len(),
        2,
        "a worker sees their own only"
    );
    let path = format!("/api/v1/tokens/{admins_id}");
    let (status, _, _) = call(
        base,
        By::Session(&worker),
        reqwest::Method::DELETE,
        &path,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nor revokes another's");

    // Revoked by the administrator, the token stops at once.
    let path = format!("/api/v1/tokens/{id}");
    let (status, _, _) = call(
        base,
        By::Session(&admin),
        reqwest::Method::DELETE,
        &path,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body, headers) = call(
        base,
        By::Token(&secret),
        get.clone(),
        "/api/v1/referrals",
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("error-token-refused"))
    );
    assert!(
        headers["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    let (status, _, _) = call(
        base,
        By::Token("pas_not-a-token"),
        get.clone(),
        "/api/v1/referrals",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Making and revoking it are in the audit trail.
    let (_, trail, _) = call(
        base,
        By::Session(&admin),
        get,
        &format!("/api/v1/audit?entity={id}"),
        None,
    )
    .await;
    let actions: Vec<&str> = trail
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["update", "create"], "{trail}");
}

#[tokio::test]
async fn every_role_makes_and_revokes_its_own_tokens_on_its_page_in_its_language() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    for who in [ADMIN, LOCATOR, CONVENER, ANALYST, WORKER] {
        let cookie = login(base, who).await;
        let (status, page) = get(base, &cookie, "/account/tokens").await;
        assert_eq!(status, StatusCode::OK, "{who}");
        assert!(page.contains("id=\"tokens-none\""), "{who}: no token yet");
        let csrf = csrf_of(base, &cookie, "/account/tokens").await;
        let form = vec![
            ("csrf", csrf.clone()),
            ("name", "Monthly export".to_owned()),
            ("scope", "read".to_owned()),
            ("days", "7".to_owned()),
        ];
        let (status, _, page) = post_form(base, &cookie, "/account/tokens".into(), form).await;
        assert_eq!(status, StatusCode::OK, "{who}");
        let start = page
            .find("<code>pas_")
            .unwrap_or_else(|| panic!("{who}: the secret is shown"))
            + 6;
        let secret: String = page[start..].chars().take_while(|c| *c != '<').collect();
        let (status, _, _) = call(
            base,
            By::Token(&secret),
            reqwest::Method::GET,
            "/api/v1/areas",
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{who}");
        // Shown once: the list never shows it again.
        let (_, page) = get(base, &cookie, "/account/tokens").await;
        assert!(
            !page.contains(&secret) && page.contains("Monthly export"),
            "{who}"
        );
        let id = app
            .store
            .tokens(None)
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.user_email == who)
            .unwrap()
            .id;
        let (status, location, _) = post_form(
            base,
            &cookie,
            format!("/account/tokens/{id}/revoke"),
            vec![("csrf", csrf.clone())],
        )
        .await;
        assert_eq!(
            (status, location.as_deref()),
            (StatusCode::SEE_OTHER, Some("/account/tokens")),
            "{who}"
        );
        let (status, _, _) = call(
            base,
            By::Token(&secret),
            reqwest::Method::GET,
            "/api/v1/areas",
            None,
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{who}");
    }
    // A refused form keeps what was typed and says why, in French for a French reader.
    let cookie = format!("{}; passerelle_lang=fr", login(base, WORKER).await);
    let csrf = csrf_of(base, &cookie, "/account/tokens").await;
    let form = vec![
        ("csrf", csrf),
        ("name", "Rapport".to_owned()),
        ("scope", "write".to_owned()),
        ("days", "0".to_owned()),
    ];
    let (status, _, page) = post_form(base, &cookie, "/account/tokens".into(), form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Indiquez un nombre de jours de 1 à 365."),
        "{page}"
    );
    assert!(page.contains("value=\"Rapport\""));
    // Without a session there is no page and no API.
    let anonymous = client()
        .get(format!("{base}/account/tokens"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    let anonymous = client()
        .get(format!("{base}/api/v1/tokens"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_user_changes_their_password_under_the_policy_and_their_other_sessions_end() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let here = login(base, WORKER).await;
    let elsewhere = login(base, WORKER).await;
    let french = format!("{here}; passerelle_lang=fr");
    let csrf = csrf_of(base, &here, "/account/password").await;
    let form = |current: &str, new: &str, confirm: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("current", current.to_owned()),
            ("new", new.to_owned()),
            ("confirm", confirm.to_owned()),
        ]
    };
    let demo = passerelle_demo::DEMO_PASSWORD;
    // Each refusal says why beside its field, in the reader's language, and changes nothing.
    for (current, new, confirm, field, message) in [
        (
            "wrong password!",
            "ciel gris sur la rivière",
            "ciel gris sur la rivière",
            "current",
            "Ce n’est pas votre mot de passe actuel.",
        ),
        (
            demo,
            "court",
            "court",
            "new",
            "Utilisez au moins 12 caractères.",
        ),
        (
            demo,
            "password1234",
            "password1234",
            "new",
            "Ce mot de passe est trop facile à deviner",
        ),
        (
            demo,
            "worker-at-the-drop-in",
            "worker-at-the-drop-in",
            "new",
            "Ce mot de passe est trop facile à deviner",
        ),
        (
            demo,
            "ciel gris sur la rivière",
            "ciel gris sur le fleuve",
            "confirm",
            "Les deux nouveaux mots de passe diffèrent.",
        ),
    ] {
        let (status, _, page) = post_form(
            base,
            &french,
            "/account/password".into(),
            form(current, new, confirm),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{new}");
        let page = page.replace("&#39;", "'");
        assert!(
            page.contains(&format!("id=\"e-{field}\"")) && page.contains(message),
            "{new}: {page}"
        );
    }
    let (status, _) = get(base, &elsewhere, "/account/password").await;
    assert_eq!(status, StatusCode::OK, "the other session still holds");

    let new = "ciel gris sur la rivière";
    let (status, _, page) = post_form(
        base,
        &here,
        "/account/password".into(),
        form(demo, new, new),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"password-saved\""));
    let (status, _) = get(base, &here, "/account/password").await;
    assert_eq!(status, StatusCode::OK, "this session goes on");
    let (status, _) = get(base, &elsewhere, "/account/password").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the other one ended");

    // Through the API, with a session; never with a token.
    let (_, secret) = make_token(base, &here, "write").await;
    let body = json!({"current": new, "new": "une autre phrase de passe"});
    let (status, refused, _) = call(
        base,
        By::Token(&secret),
        reqwest::Method::PUT,
        "/api/v1/account/password",
        Some(body.clone()),
    )
    .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("error-token-scope"))
    );
    let (status, _, _) = call(
        base,
        By::Session(&here),
        reqwest::Method::PUT,
        "/api/v1/account/password",
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, refused, _) = call(
        base,
        By::Session(&here),
        reqwest::Method::PUT,
        "/api/v1/account/password",
        Some(json!({"current": "une autre phrase de passe", "new": "une autre phrase de passe"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["fields"][0]["code"], "error-password-same");
    // The old password no longer signs in; the new one does.
    let worker = app.store.user_credentials(WORKER).await.unwrap().unwrap().0;
    let hash = app.store.password_hash(worker.id).await.unwrap();
    assert!(passerelle_web::auth::verify_password(
        "une autre phrase de passe",
        &hash
    ));
    assert!(!passerelle_web::auth::verify_password(demo, &hash));
}

#[tokio::test]
async fn an_administrator_disables_an_account_and_its_sessions_and_tokens_stop_at_once() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let admin = login(base, ADMIN).await;
    let worker = login(base, WORKER).await;
    let (_, secret) = make_token(base, &worker, "read").await;
    let (_, accounts, _) = call(
        base,
        By::Session(&admin),
        reqwest::Method::GET,
        "/api/v1/users",
        None,
    )
    .await;
    let find = |accounts: &Value, email: &str| {
        accounts
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["email"] == email)
            .unwrap()
            .clone()
    };
    let account = find(&accounts, WORKER);
    let id = account["id"].as_str().unwrap().to_owned();
    assert!(account["disabled_at"].is_null() && account["sessions"].as_i64().unwrap() >= 1);

    // Nobody else may.
    for who in [LOCATOR, CONVENER, ANALYST, WORKER] {
        let cookie = login(base, who).await;
        let (status, _) = get(base, &cookie, "/admin/users").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
        let (status, _, _) = call(
            base,
            By::Session(&cookie),
            reqwest::Method::GET,
            "/api/v1/users",
            None,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
        let path = format!("/api/v1/users/{id}/disabled");
        let (status, _, _) = call(
            base,
            By::Session(&cookie),
            reqwest::Method::PUT,
            &path,
            Some(json!({"disabled": true})),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
    }

    // The page lists every account; disabling from it ends the worker's session and token.
    let (status, page) = get(base, &admin, "/admin/users").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(WORKER) && page.contains(ADMIN));
    let csrf = csrf_of(base, &admin, "/admin/users").await;
    let (status, location, _) = post_form(
        base,
        &admin,
        format!("/admin/users/{id}/disabled"),
        vec![("csrf", csrf.clone()), ("disabled", "true".into())],
    )
    .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/admin/users"))
    );
    let (status, _) = get(base, &worker, "/referrals").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the session ended");
    let (status, _, _) = call(
        base,
        By::Token(&secret),
        reqwest::Method::GET,
        "/api/v1/referrals",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the token is refused");
    let page = client().get(format!("{base}/login")).send().await.unwrap();
    let csrf_cookie = set_cookie(&page, "passerelle_csrf").unwrap();
    let refused = client()
        .post(format!("{base}/login"))
        .header("cookie", format!("passerelle_csrf={csrf_cookie}"))
        .form(&[
            ("csrf", csrf_cookie.as_str()),
            ("email", WORKER),
            ("password", passerelle_demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused.status(),
        StatusCode::UNAUTHORIZED,
        "sign-in is refused like a wrong password"
    );

    // Not one's own account; enabled again, the worker signs in and the token works again.
    let me = find(&accounts, ADMIN)["id"].as_str().unwrap().to_owned();
    let (status, body, _) = call(
        base,
        By::Session(&admin),
        reqwest::Method::PUT,
        &format!("/api/v1/users/{me}/disabled"),
        Some(json!({"disabled": true})),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("error-disable-self"))
    );
    let (status, _, _) = call(
        base,
        By::Session(&admin),
        reqwest::Method::PUT,
        &format!("/api/v1/users/{id}/disabled"),
        Some(json!({"disabled": false})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let worker = login(base, WORKER).await;
    let (status, _, _) = call(
        base,
        By::Token(&secret),
        reqwest::Method::GET,
        "/api/v1/referrals",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Ending its sessions signs it out everywhere, and says how many ended.
    let (status, ended, _) = call(
        base,
        By::Session(&admin),
        reqwest::Method::DELETE,
        &format!("/api/v1/users/{id}/sessions"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(ended["ended"].as_u64().unwrap() >= 1, "{ended}");
    let nobody = format!("/api/v1/users/{}/sessions", uuid::Uuid::new_v4());
    let (status, _, _) = call(
        base,
        By::Session(&admin),
        reqwest::Method::DELETE,
        &nobody,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no such account");
    let (status, _) = get(base, &worker, "/referrals").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // All of it is in the audit trail.
    let (_, trail, _) = call(
        base,
        By::Session(&admin),
        reqwest::Method::GET,
        &format!("/api/v1/audit?entity={id}"),
        None,
    )
    .await;
    let details: Vec<&str> = trail
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["detail"].as_str())
        .collect();
    assert!(
        details.contains(&"disabled") && details.contains(&"enabled"),
        "{details:?}"
    );
    assert!(
        details.iter().any(|d| d.ends_with("sessions ended")),
        "{details:?}"
    );
}

#[tokio::test]
async fn an_administrators_token_scrapes_the_metrics_and_nobody_else_reads_them() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let admin = login(base, ADMIN).await;
    let (_, scraper) = make_token(base, &admin, "read").await;
    let scrape = || async {
        let r = client()
            .get(format!("{base}/metrics"))
            .bearer_auth(&scraper)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
        r.text().await.unwrap()
    };
    let count_of = |text: &str, series: &str| -> u64 {
        text.lines()
            .find_map(|l| l.strip_prefix(series).map(|n| n.trim().parse().unwrap()))
            .unwrap_or(0)
    };
    let before = scrape().await;
    for _ in 0..3 {
        client()
            .get(format!("{base}/no-such-page"))
            .send()
            .await
            .unwrap();
    }
    let after = scrape().await;
    let not_found = "passerelle_http_requests_total{method=\"GET\",status=\"404\"} ";
    assert_eq!(
        count_of(&after, not_found),
        count_of(&before, not_found) + 3,
        "{after}"
    );
    let total = "passerelle_http_request_duration_seconds_count ";
    assert!(
        count_of(&after, total) >= count_of(&before, total) + 4,
        "{after}"
    );
    assert!(after.contains("passerelle_http_request_duration_seconds_bucket{le=\"+Inf\"}"));
    assert!(after.contains("passerelle_db_connections{pool=\"read\",state=\"open\"}"));
    // Nothing names a person or a path.
    assert!(!after.contains("no-such-page"));
    // Without a session or token: 401; any other role: 403.
    let anonymous = client()
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    for who in [LOCATOR, CONVENER, ANALYST, WORKER] {
        let cookie = login(base, who).await;
        let r = client()
            .get(format!("{base}/metrics"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who}");
    }
}

/// The link of a page that shows one once (`<code id="link-url">…</code>`), as a path.
fn shown_link(page: &str) -> String {
    let start = page.find("<code id=\"link-url\">").expect("a link shown") + 20;
    let url = &page[start..start + page[start..].find('<').unwrap()];
    url.split_once("/password-reset/")
        .map(|(_, token)| format!("/password-reset/{token}"))
        .unwrap()
}

/// Follows a password link as a visitor not signed in: the page's status and text after
/// posting `new` twice (or `confirm` when given).
async fn set_by_link(
    base: &str,
    link: &str,
    new: &str,
    confirm: Option<&str>,
) -> (StatusCode, String) {
    let page = client().get(format!("{base}{link}")).send().await.unwrap();
    let csrf = set_cookie(&page, "passerelle_csrf").unwrap();
    let r = client()
        .post(format!("{base}{link}"))
        .header(
            "cookie",
            format!("passerelle_csrf={csrf}; passerelle_lang=fr"),
        )
        .form(&[
            ("csrf", csrf.as_str()),
            ("new", new),
            ("confirm", confirm.unwrap_or(new)),
        ])
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

/// Signs in with a password; the session's cookie, or the status when refused.
async fn sign_in(base: &str, email: &str, password: &str) -> Result<String, StatusCode> {
    let page = client().get(format!("{base}/login")).send().await.unwrap();
    let csrf = set_cookie(&page, "passerelle_csrf").unwrap();
    let r = client()
        .post(format!("{base}/login"))
        .header("cookie", format!("passerelle_csrf={csrf}"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", password),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    match set_cookie(&r, "passerelle_session") {
        Some(session) => Ok(format!("passerelle_session={session}")),
        None => Err(r.status()),
    }
}

#[tokio::test]
async fn an_administrator_makes_a_worker_who_sets_a_password_reads_with_a_token_and_is_traced() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let admin = login(base, ADMIN).await;
    let own = agency_of(&app.store, WORKER).await;
    let csrf = csrf_of(base, &admin, "/admin/users").await;

    // The administrator makes a partner worker at the demo worker's agency, on the page.
    let new_worker = |agency: String| {
        let (admin, csrf) = (admin.clone(), csrf.clone());
        async move {
            let form = vec![
                ("csrf", csrf),
                ("email", "nadia.tremblay@passerelle.example.org".into()),
                ("name", "Nadia Tremblay".into()),
                ("role", "partner_worker".into()),
                ("agency_id", agency),
            ];
            post_form(base, &admin, "/admin/users".into(), form).await
        }
    };
    let (status, _, page) = new_worker(String::new()).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a worker needs an agency"
    );
    assert!(page.contains("id=\"e-agency_id\""), "{page}");
    let (status, _, page) = new_worker(own.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    let link = shown_link(&page);
    // Nobody can sign in before the link is used: the account has no password anyone knows.
    assert!(
        sign_in(base, "nadia.tremblay@passerelle.example.org", "")
            .await
            .is_err()
    );

    // She follows the link: the policy holds, in her language; then the password is set,
    // once.
    let (status, page) = set_by_link(base, &link, "short", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("12"), "{page}");
    let password = "lanterne-verte-Rideau-42";
    let (status, page) = set_by_link(base, &link, password, Some("lanterne-verte")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    let (status, page) = set_by_link(base, &link, password, None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("id=\"reset-done\""));
    let (status, _) = set_by_link(base, &link, "encore-un-autre-Mot-7", None).await;
    assert_eq!(status, StatusCode::GONE, "a link works once");

    // She signs in, makes a read-only token, and reads her agency's referrals with it,
    // not another agency's.
    let nadia = sign_in(base, "nadia.tremblay@passerelle.example.org", password)
        .await
        .unwrap();
    let (token_id, secret) = make_token(base, &nadia, "read").await;
    let (status, referrals, _) = call(
        base,
        By::Token(&secret),
        reqwest::Method::GET,
        "/api/v1/referrals",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let referrals = referrals["referrals"].as_array().unwrap();
    assert!(!referrals.is_empty());
    assert!(
        referrals.len() < 50,
        "the agency's referrals fit on one page"
    );
    // The same list as the agency's other worker sees: their agency's, nobody else's.
    let (_, colleague) = get_json(base, &login(base, WORKER).await, "/api/v1/referrals").await;
    assert_eq!(referrals, colleague["referrals"].as_array().unwrap());
    let every = every_page(base, &admin, "/api/v1/referrals", "referrals").await;
    let theirs = every
        .iter()
        .find(|r| !referrals.iter().any(|own| own["id"] == r["id"]))
        .expect("another agency's referral")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _, _) = call(
        base,
        By::Token(&secret),
        reqwest::Method::GET,
        &format!("/api/v1/referrals/{theirs}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another agency's referral");

    // Ten wrong passwords in a row: the next attempt, even the right one, is made to wait.
    // Attempts are timed in whole seconds, and failures in the second of her sign-in above
    // count as before it: they start in a later second, however fast the requests before.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    for _ in 0..10 {
        let _ = sign_in(base, "nadia.tremblay@passerelle.example.org", "pas-le-bon").await;
    }
    assert_eq!(
        sign_in(base, "nadia.tremblay@passerelle.example.org", password).await,
        Err(StatusCode::TOO_MANY_REQUESTS)
    );

    // The administrator finds all of it in the audit trail, and revokes the token.
    let (status, trail, _) = call(
        base,
        By::Session(&admin),
        reqwest::Method::GET,
        "/api/v1/audit?actor=nadia.tremblay%40passerelle.example.org",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let details: Vec<String> = trail
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["action"].as_str().unwrap(),
                e["detail"].as_str().unwrap_or("")
            )
        })
        .collect();
    for expected in ["update password set by reset link", "create ", "read "] {
        assert!(
            details.iter().any(|d| d.starts_with(expected)),
            "{expected:?} in {details:?}"
        );
    }
    let (_, failures, _) = call(
        base,
        By::Session(&admin),
        reqwest::Method::GET,
        "/api/v1/audit?action=login_failed",
        None,
    )
    .await;
    let failed = failures
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["detail"]
                .as_str()
                .unwrap_or("")
                .contains("nadia.tremblay@")
        })
        .count();
    assert!(failed >= 5, "{failures}");
    let (status, _, _) = call(
        base,
        By::Session(&admin),
        reqwest::Method::DELETE,
        &format!("/api/v1/tokens/{token_id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, _) = call(
        base,
        By::Token(&secret),
        reqwest::Method::GET,
        "/api/v1/referrals",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn roles_change_at_once_and_reset_links_replace_each_other_and_are_mailed_when_they_can_be() {
    let outbox = tempfile::tempdir().unwrap();
    let mail = passerelle_web::mail::Mail::from_settings(&passerelle_web::mail::MailSettings {
        smtp_url: None,
        mail_dir: Some(outbox.path().to_owned()),
        from: "Passerelle <passerelle@hub.example.org>".into(),
        public_url: "https://passerelle.example.org".into(),
    })
    .unwrap();
    let app = spawn_demo_app_configured(passerelle_web::Config {
        mail,
        ..Default::default()
    })
    .await;
    let base = &app.base;
    let admin = login(base, ADMIN).await;
    let (_, users) = get_json(base, &admin, "/api/v1/users").await;
    let id_of = |email: &str| {
        users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == email)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (analyst_id, admin_id) = (id_of(ANALYST), id_of(ADMIN));
    let analyst = login(base, ANALYST).await;
    let (status, _) = get_json(base, &analyst, "/api/v1/referrals").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The analyst becomes a housing locator: their open session reads referrals at once.
    let role = |id: String, body: Value| {
        let admin = admin.clone();
        async move {
            send_json(
                base,
                &admin,
                reqwest::Method::PUT,
                &format!("/api/v1/users/{id}/role"),
                Some(body),
            )
            .await
        }
    };
    let agency = agency_of(&app.store, WORKER).await;
    let (status, body) = role(
        analyst_id.clone(),
        json!({"role": "housing_locator", "agency_id": agency.to_string()}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"][0]["code"], "error-agency-not-allowed");
    let (status, _) = role(analyst_id.clone(), json!({"role": "housing_locator"})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = get_json(base, &analyst, "/api/v1/referrals").await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = role(admin_id, json!({"role": "analyst"})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("error-role-self"))
    );
    // A token, even an administrator's, does not manage accounts.
    let (_, secret) = make_token(base, &admin, "write").await;
    let (status, body, _) = call(
        base,
        By::Token(&secret),
        reqwest::Method::POST,
        &format!("/api/v1/users/{analyst_id}/password-reset"),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("error-token-scope"))
    );

    // With mail configured, the link goes to the account's e-mail, not to the administrator.
    let reset = || {
        let admin = admin.clone();
        let id = analyst_id.clone();
        async move {
            post_json(
                base,
                &admin,
                &format!("/api/v1/users/{id}/password-reset"),
                json!({}),
            )
            .await
        }
    };
    let (status, first) = reset().await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(
        (first["mailed"].as_bool(), first["url"].is_null()),
        (Some(true), true)
    );
    let (_, second) = reset().await;
    assert_eq!(second["mailed"], true);
    let mut links: Vec<String> = mailed(outbox.path())
        .into_iter()
        .filter(|m| m.contains(ANALYST))
        .filter_map(|m| {
            let start = m.find("https://passerelle.example.org/password-reset/")?;
            Some(m[start + 30..start + 30 + 16 + 64].to_owned())
        })
        .collect();
    links.sort();
    links.dedup();
    assert_eq!(links.len(), 2, "two messages, two links");
    // The older link was ended by the newer one; the newer one works, and ends the
    // analyst's sessions.
    let mut answers = Vec::new();
    for link in &links {
        let (status, _) = set_by_link(base, link, "boussole-Rivière-2031", None).await;
        answers.push(status);
    }
    answers.sort();
    assert_eq!(answers, [StatusCode::OK, StatusCode::GONE]);
    let (status, _) = get_json(base, &analyst, "/api/v1/referrals").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "sessions ended by the new password"
    );
}

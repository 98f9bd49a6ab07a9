//! The authorization matrix: every route the app serves, read from the router itself
//! (`passerelle_web::routes()`), with every method it takes (a method it does not take
//! answers 405), tried by every role, by the partner worker of the agency the records
//! belong to and by a worker of another agency, and by nobody signed in. One table below
//! holds the expected answer of each; a route added without a row fails the test, and so
//! does a row whose route is gone.
//!
//! A write is sent with a body that passes the role check and then fails validation (or
//! changes nothing that matters), so that one run can try every role on the same records.

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// What a role gets: `Y` served (anything but 401, 403 and 404: a page, a redirect after
/// a change, or a refusal of the body), `N` forbidden (403), `H` hidden (404: a record of
/// another agency, or not the user's own).
///
/// `P` in the first column: a public route, served to visitors signed in or not, and only
/// tried anonymously (signing out would end the roles' sessions).
///
/// Columns: administrator, housing locator, network convener, analyst, the records'
/// partner worker, a partner worker of another agency.
#[rustfmt::skip]
const RULES: &[(&str, &str, &str)] = &[
    // Public: no sign-in needed
    ("GET", "/login", "P"),
    ("GET", "/health", "P"),
    ("GET", "/ready", "P"),
    ("GET", "/static/app.css", "P"),
    ("GET", "/api/openapi.json", "P"),
    ("POST", "/login", "P"),
    ("POST", "/logout", "P"),
    ("POST", "/language", "P"),
    ("GET", "/password-reset/{token}", "P"),
    ("POST", "/password-reset/{token}", "P"),
    // Accounts, tokens, the audit trail and operations
    ("GET", "/", "YYYYYY"),
    ("GET", "/account/password", "YYYYYY"),
    ("GET", "/account/tokens", "YYYYYY"),
    ("GET", "/admin/audit", "YNNNNN"),
    ("GET", "/admin/audit.csv", "YNNNNN"),
    ("GET", "/admin/users", "YNNNNN"),
    ("GET", "/api/v1/audit", "YNNNNN"),
    ("GET", "/api/v1/notifications", "YYYYYY"),
    ("GET", "/api/v1/tokens", "YYYYYY"),
    ("GET", "/api/v1/users", "YNNNNN"),
    ("GET", "/metrics", "YNNNNN"),
    ("GET", "/notifications", "YYYYYY"),
    ("DELETE", "/api/v1/tokens/{id}", "YHHHYH"),
    ("DELETE", "/api/v1/users/{id}/sessions", "YNNNNN"),
    ("POST", "/account/password", "YYYYYY"),
    ("POST", "/account/tokens", "YYYYYY"),
    ("POST", "/account/tokens/{id}/revoke", "YHHHYH"),
    ("POST", "/admin/users/{id}/disabled", "YNNNNN"),
    ("POST", "/admin/users/{id}/sessions/end", "YNNNNN"),
    ("POST", "/api/v1/tokens", "YYYYYY"),
    ("POST", "/notifications", "YYYYYY"),
    ("PUT", "/api/v1/account/password", "YYYYYY"),
    ("PUT", "/api/v1/users/{id}/disabled", "YNNNNN"),
    ("POST", "/admin/users", "YNNNNN"),
    ("POST", "/admin/users/{id}/role", "YNNNNN"),
    ("POST", "/admin/users/{id}/password-reset", "YNNNNN"),
    ("POST", "/api/v1/users", "YNNNNN"),
    ("PUT", "/api/v1/users/{id}/role", "YNNNNN"),
    ("POST", "/api/v1/users/{id}/password-reset", "YNNNNN"),
    // The directory
    ("GET", "/hsds/", "YYYYYY"),
    ("GET", "/hsds/organizations", "YYYYYY"),
    ("GET", "/hsds/organizations/{id}", "YYYYYY"),
    ("GET", "/hsds/service_at_locations", "YYYYYY"),
    ("GET", "/hsds/service_at_locations/{id}", "YYYYYY"),
    ("GET", "/hsds/services", "YYYYYY"),
    ("GET", "/hsds/services/{id}", "YYYYYY"),
    ("GET", "/hsds/taxonomies", "YYYYYY"),
    ("GET", "/hsds/taxonomies/{id}", "YYYYYY"),
    ("GET", "/hsds/taxonomy_terms", "YYYYYY"),
    ("GET", "/hsds/taxonomy_terms/{id}", "YYYYYY"),
    ("GET", "/api/v1/areas", "YYYYYY"),
    ("GET", "/api/v1/organizations", "YYYYYY"),
    ("GET", "/api/v1/organizations/{id}", "YYYYYY"),
    ("GET", "/api/v1/services/{id}", "YYYYYY"),
    ("GET", "/api/v1/taxonomy_terms", "YYYYYY"),
    ("GET", "/directory", "YYYYYY"),
    ("GET", "/directory/organizations/new", "YYYNNN"),
    ("GET", "/directory/organizations/{id}", "YYYYYY"),
    ("GET", "/directory/organizations/{id}/contacts/new", "YYYNYN"),
    ("GET", "/directory/organizations/{id}/edit", "YYYNYN"),
    ("GET", "/directory/organizations/{id}/locations/new", "YYYNYN"),
    ("GET", "/directory/organizations/{id}/services/new", "YYYNYN"),
    ("GET", "/directory/services/{id}/edit", "YYYNYN"),
    ("POST", "/api/v1/organizations", "YYYNNN"),
    ("POST", "/api/v1/organizations/{id}/services", "YYYNYN"),
    ("POST", "/directory/organizations", "YYYNNN"),
    ("POST", "/directory/organizations/{id}", "YYYNYN"),
    ("POST", "/directory/organizations/{id}/contacts", "YYYNYN"),
    ("POST", "/directory/organizations/{id}/locations", "YYYNYN"),
    ("POST", "/directory/organizations/{id}/services", "YYYNYN"),
    ("POST", "/directory/services/{id}", "YYYNYN"),
    ("PUT", "/api/v1/organizations/{id}", "YYYNYN"),
    ("PUT", "/api/v1/services/{id}", "YYYNYN"),
    // The partner network
    ("GET", "/network", "YYYNYY"),
    ("GET", "/network/agencies/{id}", "YYYNYY"),
    ("GET", "/network/duplication", "YYYNYY"),
    ("GET", "/network/duplication.csv", "YYYNYY"),
    ("GET", "/network/export/{file}", "YYYNYY"),
    ("GET", "/network/gaps", "YYYYYY"),
    ("GET", "/network/issues", "YNYNYY"),
    ("GET", "/network/meetings", "YNYNNN"),
    ("GET", "/api/v1/meetings", "YNYNNN"),
    ("GET", "/api/v1/outreach", "YNYNNN"),
    ("GET", "/api/v1/outreach/{queue}", "YNYNNN"),
    ("GET", "/network/meetings/new", "YNYNNN"),
    ("GET", "/network/meetings/{id}", "YNYNNN"),
    ("GET", "/network/meetings/{id}/agenda", "YNYNNN"),
    ("GET", "/network/meetings/{id}/edit", "YNYNNN"),
    ("GET", "/network/outreach", "YNYNNN"),
    ("GET", "/network/queue", "YYYNYY"),
    ("POST", "/network/agencies/{id}/contacts", "YNYNNN"),
    ("POST", "/network/agencies/{id}/marks", "YNYNNN"),
    ("POST", "/network/agencies/{id}/relationships", "YNYNYN"),
    ("POST", "/network/follow-ups/{id}/done", "YNYNNN"),
    ("POST", "/network/issues", "YNYNYY"),
    ("POST", "/network/meetings", "YNYNNN"),
    ("POST", "/network/meetings/{id}", "YNYNNN"),
    ("POST", "/network/meetings/{id}/answers/{org}", "YNYNNN"),
    ("POST", "/network/meetings/{id}/follow-ups", "YNYNNN"),
    ("POST", "/network/meetings/{id}/outcome", "YNYNNN"),
    // Landlords and units
    ("GET", "/api/v1/landlords/{id}/relationship", "YYNNNN"),
    ("GET", "/housing", "YYYYYY"),
    ("GET", "/api/v1/landlords", "YYNNNN"),
    ("GET", "/api/v1/units", "YYYNYY"),
    ("GET", "/housing/availability", "YYYYYY"),
    ("GET", "/housing/availability.csv", "YYYYYY"),
    ("GET", "/housing/landlords/new", "YYNNNN"),
    ("GET", "/housing/landlords/{id}", "YYNNNN"),
    ("GET", "/housing/landlords/{id}/edit", "YYNNNN"),
    ("GET", "/housing/landlords/{id}/properties/new", "YYNNNN"),
    ("GET", "/housing/properties/{id}/edit", "YYNNNN"),
    ("GET", "/housing/properties/{id}/units/new", "YYNNNN"),
    ("GET", "/housing/units", "YYYNYY"),
    ("GET", "/housing/units/{id}", "YYHNHH"),
    ("GET", "/housing/units/{id}/edit", "YYNNNN"),
    ("POST", "/housing/landlords", "YYNNNN"),
    ("POST", "/housing/landlords/{id}", "YYNNNN"),
    ("POST", "/housing/landlords/{id}/contacts", "YYNNNN"),
    ("POST", "/housing/landlords/{id}/events", "YYNNNN"),
    ("POST", "/housing/landlords/{id}/properties", "YYNNNN"),
    ("POST", "/housing/properties/{id}", "YYNNNN"),
    ("POST", "/housing/properties/{id}/units", "YYNNNN"),
    ("POST", "/housing/units/{id}", "YYNNNN"),
    ("POST", "/housing/units/{id}/status", "YYNNNN"),
    // Referrals, the list and possible same persons
    ("GET", "/api/v1/persons/{id}", "YYNNNN"),
    ("GET", "/api/v1/priority-list", "YYNNNN"),
    ("GET", "/api/v1/referrals", "YYNNYY"),
    ("GET", "/api/v1/referrals/{id}", "YYNNYH"),
    ("GET", "/api/v1/reviews", "YYNNNN"),
    ("GET", "/api/v1/reviews/{id}", "YYNNNN"),
    ("GET", "/list", "YYNNNN"),
    ("GET", "/list/persons/{id}", "YYNNNN"),
    ("GET", "/list/policy", "YNNNNN"),
    ("GET", "/referrals", "YYNNYY"),
    ("GET", "/referrals/new", "YYNNYY"),
    ("GET", "/referrals/{id}", "YYNNYH"),
    ("GET", "/reviews", "YYNNNN"),
    ("GET", "/reviews/{id}", "YYNNNN"),
    ("POST", "/api/v1/persons/{id}/contacts", "YYNNNN"),
    ("POST", "/api/v1/persons/{id}/status", "YYNNNN"),
    ("POST", "/api/v1/referrals", "YYNNYY"),
    ("POST", "/api/v1/reviews/{id}/decision", "YYNNNN"),
    ("POST", "/list/linkage/retrain", "YNNNNN"),
    ("POST", "/list/persons/{id}/contacts", "YYNNNN"),
    ("POST", "/list/persons/{id}/status", "YYNNNN"),
    ("POST", "/list/policy", "YNNNNN"),
    ("POST", "/list/settings", "YNNNNN"),
    ("POST", "/referrals", "YYNNYY"),
    ("POST", "/reviews/{id}/decision", "YYNNNN"),
    ("POST", "/reviews/{id}/undo", "YYNNNN"),
    // Rounds and offers
    ("GET", "/api/v1/match/rounds", "YYNNNN"),
    ("GET", "/api/v1/match/rounds/{id}", "YYNNNN"),
    ("GET", "/api/v1/offers", "YYNNYY"),
    ("GET", "/api/v1/offers/{id}", "YYNNYH"),
    ("GET", "/match", "YYNNNN"),
    ("GET", "/match/rounds/{id}", "YYNNNN"),
    ("GET", "/offers", "YYNNYY"),
    ("GET", "/offers/{id}", "YYNNYH"),
    ("POST", "/api/v1/match/rounds", "YYNNNN"),
    ("POST", "/api/v1/match/rounds/{id}/corrections", "YYNNNN"),
    ("POST", "/api/v1/match/rounds/{id}/offers", "YYNNNN"),
    ("POST", "/api/v1/offers/{id}/steps", "YYNNYH"),
    ("POST", "/match", "YYNNNN"),
    ("POST", "/match/rounds/{id}/corrections", "YYNNNN"),
    ("POST", "/match/rounds/{id}/offers", "YYNNNN"),
    ("POST", "/offers/{id}/steps", "YYNNYH"),
    // Tenancies and incidents
    ("GET", "/api/v1/follow-up-cadence", "YYNNYY"),
    ("GET", "/api/v1/incidents/{id}", "YYNNYH"),
    ("GET", "/api/v1/tenancies", "YYNNYY"),
    ("GET", "/api/v1/tenancies/{id}", "YYNNYH"),
    ("GET", "/incidents/{id}", "YYNNYH"),
    ("GET", "/tenancies", "YYNNYY"),
    ("GET", "/tenancies/{id}", "YYNNYH"),
    ("POST", "/api/v1/incidents/{id}/close", "YYNNYH"),
    ("POST", "/api/v1/incidents/{id}/meetings", "YYNNYH"),
    ("POST", "/api/v1/tenancies/{id}/contacts", "YYNNYH"),
    ("POST", "/api/v1/tenancies/{id}/end", "YYNNNN"),
    ("POST", "/api/v1/tenancies/{id}/incidents", "YYNNYH"),
    ("POST", "/incidents/{id}/close", "YYNNYH"),
    ("POST", "/incidents/{id}/meetings", "YYNNYH"),
    ("POST", "/tenancies/cadence", "YNNNNN"),
    ("POST", "/tenancies/{id}/contacts", "YYNNYH"),
    ("POST", "/tenancies/{id}/end", "YYNNNN"),
    ("POST", "/tenancies/{id}/incidents", "YYNNYH"),
    ("POST", "/tenancies/{id}/supports", "YYNNNN"),
    ("PUT", "/api/v1/follow-up-cadence", "YNNNNN"),
    ("PUT", "/api/v1/tenancies/{id}/supports", "YYNNNN"),
    // Reports
    ("GET", "/api/v1/reports/equity", "YYYYNN"),
    ("GET", "/api/v1/reports/outcomes", "YYYYNN"),
    ("GET", "/api/v1/reports/policy-comparison", "YYYYNN"),
    ("GET", "/api/v1/reports/projection", "YYYYNN"),
    ("GET", "/reports", "YYYYYY"),
    ("GET", "/reports/equity", "YYYYNN"),
    ("GET", "/reports/outcomes", "YYYYNN"),
    ("GET", "/reports/outcomes.csv", "YYYYNN"),
    ("GET", "/reports/policy-comparison", "YYYYNN"),
    ("GET", "/reports/projection", "YYYYNN"),
    ("GET", "/reports/systemic-issues", "YYYYYY"),
    ("GET", "/reports/systemic-issues.csv", "YYYYYY"),
    // Last: withdrawing consent erases the person the rows above read
    ("POST", "/api/v1/referrals/{id}/consent/withdrawal", "YYNNYH"),
    ("POST", "/referrals/{id}/consent/withdraw", "YYNNYH"),
];

/// The body a write is sent with, where the default (only the form's security token, or
/// `{}`) would change something or not parse.
fn body_for(method: &str, path: &str) -> Option<serde_json::Value> {
    Some(match (method, path) {
        ("POST", "/api/v1/match/rounds") => json!({"policy": "no-such-key"}),
        ("POST", "/api/v1/match/rounds/{id}/corrections") => {
            json!({"person_id": "x", "unit_id": "x", "kind": "x"})
        }
        ("POST", "/api/v1/match/rounds/{id}/offers") => json!({"pairs": []}),
        ("POST", "/api/v1/offers/{id}/steps") => json!({"step": "client"}),
        ("PUT", "/api/v1/account/password") => json!({"current": "", "new": ""}),
        ("PUT", "/api/v1/users/{id}/disabled") => json!({"disabled": false}),
        ("PUT", "/api/v1/follow-up-cadence") => json!({"weekly_weeks": -1, "monthly_until": 0}),
        ("PUT", "/api/v1/tenancies/{id}/supports") => json!({"agency_id": "x"}),
        _ => return None,
    })
}

/// Form fields sent besides the security token, where an empty form would act.
fn form_for(path: &str) -> Vec<(&'static str, String)> {
    match path {
        // A dry run: a round is saved, and no offer made.
        "/match" => vec![("dry_run", "1".into())],
        "/list/policy" => vec![("policy", "no-such-key".into())],
        // The client's answer, without the answer: any other step is the hub's.
        "/offers/{id}/steps" => vec![("step", "client".into())],
        _ => vec![],
    }
}

/// The records the routes are tried on: the partner worker's own where a record belongs
/// to an agency.
struct Fixtures(BTreeMap<&'static str, String>);

impl Fixtures {
    async fn of(app: &TestApp, admin: &str, worker: &str) -> Fixtures {
        let base = &app.base;
        let store = &app.store;
        let mut ids = BTreeMap::new();
        let agency = agency_of(store, WORKER).await;
        ids.insert("organization", agency.to_string());
        let (_, record) = get_json(base, admin, &format!("/api/v1/organizations/{agency}")).await;
        ids.insert("service", string(&record["services"][0]["id"]));
        let unit = store
            .units(&passerelle_store::UnitFilter::default())
            .await
            .unwrap()
            .remove(0);
        ids.insert("unit", unit.unit.id.to_string());
        ids.insert("property", unit.property_id.to_string());
        ids.insert("landlord", unit.landlord_id.to_string());
        let mut meeting = None;
        for summary in store.meeting_summaries(None).await.unwrap() {
            let record = store.meeting(summary.id).await.unwrap();
            if !record.follow_ups.is_empty() && !record.agencies.is_empty() {
                meeting = Some(record);
                break;
            }
        }
        let meeting = meeting.expect("a meeting with agencies and follow-ups");
        ids.insert("meeting", meeting.id.to_string());
        ids.insert("meeting-agency", meeting.agencies[0].org_id.to_string());
        ids.insert("follow-up", meeting.follow_ups[0].id.to_string());
        let referrals = every_page(base, worker, "/api/v1/referrals", "referrals").await;
        let referral = referrals
            .iter()
            .find(|r| !r["person_id"].is_null())
            .expect("the worker has referred someone");
        ids.insert("referral", string(&referral["id"]));
        ids.insert("person", string(&referral["person_id"]));
        let review = store
            .reviews(passerelle_store::ReviewState::Open)
            .await
            .unwrap()
            .remove(0);
        ids.insert("review", review.id.to_string());
        let round = store.rounds(1).await.unwrap().remove(0);
        ids.insert("round", round.id.to_string());
        let (_, offers) = get_json(base, worker, "/api/v1/offers").await;
        ids.insert("offer", string(&offers["offers"][0]["id"]));
        let (_, tenancies) = get_json(base, worker, "/api/v1/tenancies").await;
        let tenancy = string(&tenancies["tenancies"][0]["id"]);
        let (status, incident) = post_json(
            base,
            worker,
            &format!("/api/v1/tenancies/{tenancy}/incidents"),
            json!({"kind": "noise", "raised_by": "landlord"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{incident}");
        ids.insert("tenancy", tenancy);
        ids.insert("incident", string(&incident["id"]));
        let (status, token) = post_json(
            base,
            worker,
            "/api/v1/tokens",
            json!({"name": "matrix", "scope": "read", "days": "1"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{token}");
        ids.insert("token", string(&token["id"]));
        let (_, links) = get_json(base, worker, "/hsds/service_at_locations?per_page=1").await;
        ids.insert("service_at_location", string(&links["contents"][0]["id"]));
        let (_, terms) = get_json(base, worker, "/hsds/taxonomy_terms?per_page=1").await;
        ids.insert("taxonomy_term", string(&terms["contents"][0]["id"]));
        ids.insert("taxonomy", string(&terms["contents"][0]["taxonomy_id"]));
        // An account of nobody signed in here: ending its sessions ends none of the test's.
        let spare = store
            .create_user(
                None,
                passerelle_store::NewUser {
                    email: passerelle_domain::values::Email::parse(
                        "email",
                        "spare@passerelle.example.org",
                    )
                    .unwrap(),
                    display_name: "Spare".into(),
                    role: passerelle_domain::roles::Role::Analyst,
                    agency_id: None,
                    password_hash: "unused".into(),
                },
            )
            .await
            .unwrap();
        ids.insert("user", spare.id.to_string());
        Fixtures(ids)
    }

    /// `path` with its parameters replaced by the records they name.
    fn concrete(&self, path: &str) -> String {
        let kind = [
            ("/api/v1/organizations/", "organization"),
            ("/directory/organizations/", "organization"),
            ("/network/agencies/", "organization"),
            ("/api/v1/services/", "service"),
            ("/hsds/organizations/", "organization"),
            ("/hsds/services/", "service"),
            ("/hsds/service_at_locations/", "service_at_location"),
            ("/hsds/taxonomies/", "taxonomy"),
            ("/hsds/taxonomy_terms/", "taxonomy_term"),
            ("/directory/services/", "service"),
            ("/housing/landlords/", "landlord"),
            ("/api/v1/landlords/", "landlord"),
            ("/housing/properties/", "property"),
            ("/housing/units/", "unit"),
            ("/network/meetings/", "meeting"),
            ("/network/follow-ups/", "follow-up"),
            ("/referrals/", "referral"),
            ("/api/v1/referrals/", "referral"),
            ("/list/persons/", "person"),
            ("/api/v1/persons/", "person"),
            ("/reviews/", "review"),
            ("/api/v1/reviews/", "review"),
            ("/match/rounds/", "round"),
            ("/api/v1/match/rounds/", "round"),
            ("/offers/", "offer"),
            ("/api/v1/offers/", "offer"),
            ("/tenancies/", "tenancy"),
            ("/api/v1/tenancies/", "tenancy"),
            ("/incidents/", "incident"),
            ("/api/v1/incidents/", "incident"),
            ("/account/tokens/", "token"),
            ("/api/v1/tokens/", "token"),
            ("/admin/users/", "user"),
            ("/api/v1/users/", "user"),
        ]
        .into_iter()
        .find(|(prefix, _)| path.starts_with(prefix))
        .map(|(_, kind)| kind);
        let mut out = path
            .replace("{file}", "network.graphml")
            .replace("{queue}", "never_contacted")
            .replace("{token}", "no-such-link");
        out = out.replace("{org}", &self.0["meeting-agency"]);
        if path == "/reports/outcomes.csv" {
            out.push_str("?report=placements");
        }
        if out.contains("{id}") {
            let kind = kind.unwrap_or_else(|| panic!("no record for {path}: add its prefix"));
            out = out.replace("{id}", &self.0[kind]);
        }
        out
    }
}

fn string(value: &serde_json::Value) -> String {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not an id: {value}"))
        .to_owned()
}

/// The answer, in the table's letters.
fn letter(status: StatusCode, location: Option<&str>) -> char {
    match status {
        StatusCode::FORBIDDEN => 'N',
        StatusCode::NOT_FOUND => 'H',
        StatusCode::UNAUTHORIZED => 'L',
        _ if location.is_some_and(|l| l.starts_with("/login")) => 'L',
        _ => 'Y',
    }
}

/// Sends `method path` with `cookie` (a session's, or a visitor's form token), a form
/// carrying `csrf`; the answer's letter.
async fn try_route(
    base: &str,
    cookie: Option<&str>,
    csrf: Option<&str>,
    method: &str,
    template: &str,
    path: &str,
) -> (char, StatusCode) {
    let method = Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = client().request(method.clone(), format!("{base}{path}"));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    if method != Method::GET {
        if template.starts_with("/api/") {
            let body = body_for(method.as_str(), template).unwrap_or_else(|| json!({}));
            request = request.json(&body);
        } else {
            let mut form = form_for(template);
            form.push(("csrf", csrf.unwrap_or_default().to_owned()));
            request = request.form(&form);
        }
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    (letter(status, location.as_deref()), status)
}

#[tokio::test]
async fn every_route_answers_every_role_and_agency_as_its_rule_says() {
    let app = spawn_demo_app_with_two_workers().await;
    let base = &app.base;
    let emails = [
        "admin@passerelle.example.org",
        "locator@passerelle.example.org",
        "convener@passerelle.example.org",
        "analyst@passerelle.example.org",
        WORKER,
        OTHER_WORKER,
    ];
    let mut sessions = Vec::new();
    for email in emails {
        let cookie = login(base, email).await;
        let csrf = csrf_of(base, &cookie, "/").await;
        // The form token is checked against the one the session's cookie carries.
        sessions.push((format!("{cookie}; passerelle_csrf={csrf}"), csrf));
    }
    let fixtures = Fixtures::of(&app, &sessions[0].0, &sessions[4].0).await;
    // A visitor not signed in, with the form token the sign-in page gives.
    let page = client().get(format!("{base}/login")).send().await.unwrap();
    let anonymous_csrf = set_cookie(&page, "passerelle_csrf").unwrap();
    let anonymous_cookie = format!("passerelle_csrf={anonymous_csrf}");

    // What the router serves: each path, and the methods that do not answer 405.
    let mut served = BTreeSet::new();
    for path in passerelle_web::routes().paths() {
        let concrete = fixtures.concrete(path);
        for method in ["GET", "POST", "PUT", "DELETE"] {
            let answer = client()
                .request(
                    Method::from_bytes(method.as_bytes()).unwrap(),
                    format!("{base}{concrete}"),
                )
                .send()
                .await
                .unwrap();
            if answer.status() != StatusCode::METHOD_NOT_ALLOWED {
                served.insert((method, *path));
            }
        }
    }
    let ruled: BTreeSet<(&str, &str)> = RULES.iter().map(|(m, p, _)| (*m, *p)).collect();
    let unruled: Vec<_> = served.difference(&ruled).collect();
    let gone: Vec<_> = ruled.difference(&served).collect();

    // Reads first, then writes, each in the table's order: a write may change what a
    // later request finds (a consent withdrawn), never what an earlier one did. A route
    // without a rule is tried too, so that the printed table (PASSERELLE_PRINT_MATRIX=1)
    // shows what it answers.
    let rule = |method: &str, path: &str| {
        RULES
            .iter()
            .find(|r| r.0 == method && r.1 == path)
            // A route without a rule (already failing the test) is tried with no
            // expectation, so that the printed table shows what it answers.
            .map_or("------", |r| r.2)
    };
    let mut rows: Vec<(&str, &str)> = RULES
        .iter()
        .map(|r| (r.0, r.1))
        .chain(unruled.iter().map(|r| (r.0, r.1)))
        .filter(|r| served.contains(r))
        .collect();
    rows.sort_by_key(|r| r.0 != "GET");
    let mut wrong = Vec::new();
    let mut printed = Vec::new();
    for (method, template) in rows {
        let expected = rule(method, template);
        let path = fixtures.concrete(template);
        let (anonymous, status) = try_route(
            base,
            Some(&anonymous_cookie),
            Some(&anonymous_csrf),
            method,
            template,
            &path,
        )
        .await;
        if expected == "P" {
            // Served to anyone: a sign-in refused or a sign-out sent back to the sign-in
            // page is still the route answering.
            if matches!(anonymous, 'N' | 'H') || status.is_server_error() {
                wrong.push(format!("{method} {template}: anonymous got {status}"));
            }
            printed.push(format!("    (\"{method}\", \"{template}\", \"P\"),"));
            continue;
        }
        if anonymous != 'L' {
            wrong.push(format!(
                "{method} {template}: anonymous got {status}, not a sign-in"
            ));
        }
        let mut got = String::new();
        for ((cookie, csrf), want) in sessions.iter().zip(expected.chars()) {
            let (answer, status) =
                try_route(base, Some(cookie), Some(csrf), method, template, &path).await;
            got.push(answer);
            if want != '-' && answer != want {
                wrong.push(format!(
                    "{method} {template}: expected {expected}, got {status} ({answer}) as {}",
                    emails[got.len() - 1]
                ));
            }
        }
        printed.push(format!("    (\"{method}\", \"{template}\", \"{got}\"),"));
    }
    if std::env::var_os("PASSERELLE_PRINT_MATRIX").is_some() {
        println!("{}", printed.join("\n"));
    }
    assert!(
        unruled.is_empty() && gone.is_empty() && wrong.is_empty(),
        "routes without a rule: {unruled:?}\nrules without a route: {gone:?}\nwrong answers:\n{}",
        wrong.join("\n")
    );
}

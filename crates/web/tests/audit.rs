//! The audit trail viewer: administrators read, filter, page and download the trail, the
//! download is itself recorded, and no other role reaches any of it.

mod common;

use common::{client, get, login, spawn_demo_app};
use reqwest::StatusCode;
use serde_json::Value;

async fn api(base: &str, cookie: &str, query: &str) -> (StatusCode, Value) {
    let answer = client()
        .get(format!("{base}/api/v1/audit?{query}"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (answer.status(), answer.json().await.unwrap())
}

fn events(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("{v}"))
}

#[tokio::test]
async fn an_administrator_filters_pages_and_downloads_the_trail_and_no_one_else_reaches_it() {
    let app = spawn_demo_app().await;
    let admin = login(&app.base, "admin@passerelle.example.org").await;
    let _worker = login(&app.base, "worker@passerelle.example.org").await;

    // By actor (any case) and action: the worker's sign-in, and nothing else.
    let (status, found) = api(
        &app.base,
        &admin,
        "actor=Worker@Passerelle.example.org&action=login",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let found = events(&found);
    assert!(!found.is_empty());
    for e in found {
        assert_eq!(e["action"], "login", "{e}");
        assert_eq!(e["actor_email"], "worker@passerelle.example.org", "{e}");
    }

    // Newest first, a hundred at a time; `before` gives the next, older hundred.
    let (_, first) = api(&app.base, &admin, "").await;
    let first = events(&first).clone();
    assert_eq!(first.len(), 100);
    let seqs = |page: &[Value]| {
        page.iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    let first_seqs = seqs(&first);
    assert!(first_seqs.windows(2).all(|w| w[0] > w[1]), "newest first");
    let last = *first_seqs.last().unwrap();
    let (_, second) = api(&app.base, &admin, &format!("before={last}")).await;
    let second_seqs = seqs(events(&second));
    assert_eq!(second_seqs.len(), 100);
    assert!(second_seqs.iter().all(|&s| s < last), "older only");

    // By record: every event about one record, and only those.
    let record = first
        .iter()
        .find_map(|e| e["entity_id"].as_str())
        .expect("an event about a record")
        .to_owned();
    let (_, about) = api(&app.base, &admin, &format!("entity={record}")).await;
    assert!(!events(&about).is_empty());
    assert!(
        events(&about)
            .iter()
            .all(|e| e["entity_id"] == record.as_str())
    );

    // By dates: nothing from tomorrow on, everything up to today.
    let today = time::OffsetDateTime::now_utc().date();
    let (_, none) = api(
        &app.base,
        &admin,
        &format!("from={}", today.next_day().unwrap()),
    )
    .await;
    assert!(events(&none).is_empty());
    let (_, up_to_today) = api(&app.base, &admin, &format!("to={today}")).await;
    assert_eq!(events(&up_to_today).len(), 100);

    // A filter that cannot be read is named, field by field.
    let (status, refused) = api(&app.base, &admin, "entity=not-an-id&action=shout&from=1st").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<(&str, &str)> = refused["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("entity", "error-record-id"),
            ("action", "error-choose"),
            ("from", "error-date")
        ]
    );
    let (status, page) = get(&app.base, &admin, "/admin/audit?entity=not-an-id").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Enter an id such as"), "{page}");

    // The page, and the CSV of the same filter, whose download is recorded.
    let (status, page) = get(&app.base, &admin, "/admin/audit?action=login").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("worker@passerelle.example.org") && page.contains("Signed in"));
    let csv = client()
        .get(format!("{}/admin/audit.csv?action=login", app.base))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("seq,at,actor,action,entity,entity_id,detail")
    );
    let rows = lines.count();
    assert!(
        rows >= 2 && csv.contains("worker@passerelle.example.org"),
        "{csv}"
    );
    let (_, exports) = api(&app.base, &admin, "action=export").await;
    let export = &events(&exports)[0];
    assert_eq!(export["actor_email"], "admin@passerelle.example.org");
    assert_eq!(export["detail"], format!("CSV of {rows} events"));

    // Every file downloaded is recorded, with its name and size.
    let (status, report) = get(&app.base, &admin, "/reports/systemic-issues.csv?k=5").await;
    assert_eq!(status, StatusCode::OK);
    let (_, exports) = api(&app.base, &admin, "action=export").await;
    assert_eq!(
        events(&exports)[0]["detail"],
        format!("systemic-issues-k5.csv, {} bytes", report.len())
    );

    // Every other role: forbidden, on the page, the CSV and the API; a visitor signs in first.
    for email in [
        "locator@passerelle.example.org",
        "convener@passerelle.example.org",
        "analyst@passerelle.example.org",
        "worker@passerelle.example.org",
    ] {
        let cookie = login(&app.base, email).await;
        for path in ["/admin/audit", "/admin/audit.csv", "/api/v1/audit"] {
            let (status, _) = get(&app.base, &cookie, path).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email} {path}");
        }
        assert!(
            !get(&app.base, &cookie, "/")
                .await
                .1
                .contains("/admin/audit"),
            "{email}: no link"
        );
    }
    assert_eq!(api(&app.base, "", "").await.0, StatusCode::UNAUTHORIZED);
    let visitor = client()
        .get(format!("{}/admin/audit", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(visitor.status(), StatusCode::SEE_OTHER);
    assert!(
        get(&app.base, &admin, "/")
            .await
            .1
            .contains("href=\"/admin/audit\"")
    );
}

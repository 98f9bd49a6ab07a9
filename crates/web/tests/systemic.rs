//! Systemic issues over real HTTP: a partner worker logs for their own agency only; the
//! report counts distinct agencies, withholds small counts, names no agency, and is all
//! an analyst sees of it.

mod common;

use common::{agency_of, csrf_of, get, login, post_form, spawn_demo_app};
use reqwest::StatusCode;

#[tokio::test]
async fn agencies_log_issues_and_the_public_report_names_none() {
    let app = spawn_demo_app().await;
    let names = app.store.organization_names().await.unwrap();
    let own = agency_of(&app.store, "worker@passerelle.example.org").await;
    let other = names.iter().find(|(id, _)| *id != own).unwrap().0;

    // The partner worker logs for their agency and sees its entries only.
    let worker = login(&app.base, "worker@passerelle.example.org").await;
    let csrf = csrf_of(&app.base, &worker, "/network/issues").await;
    let before = app.store.systemic_issues(Some(own)).await.unwrap().len();
    let (status, location, _) = post_form(
        &app.base,
        &worker,
        "/network/issues".into(),
        vec![
            ("csrf", csrf.clone()),
            ("agency", own.to_string()),
            ("issue", "pets-not-allowed".into()),
            ("observed_on", "2026-01-15".into()),
            ("note", "A client sleeps outside to keep his dog".into()),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/network/issues"))
    );
    assert_eq!(
        app.store.systemic_issues(Some(own)).await.unwrap().len(),
        before + 1
    );
    let (_, page) = get(&app.base, &worker, "/network/issues").await;
    let entries = &page[page.find("id=\"issue-entries\"").unwrap()..];
    let own_name = &names.iter().find(|(id, _)| *id == own).unwrap().1;
    let rows = entries.matches("<tr><td>").count();
    assert_eq!(
        entries.matches(own_name.as_str()).count(),
        rows,
        "only its own agency's entries"
    );

    // For another agency: refused. Without an issue, in French: the form again, nothing saved.
    let (status, _, _) = post_form(
        &app.base,
        &worker,
        "/network/issues".into(),
        vec![
            ("csrf", csrf.clone()),
            ("agency", other.to_string()),
            ("issue", "id-documents".into()),
            ("observed_on", "2026-01-15".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, html) = post_form(
        &app.base,
        &format!("{worker}; passerelle_lang=fr"),
        "/network/issues".into(),
        vec![
            ("csrf", csrf),
            ("agency", own.to_string()),
            ("observed_on", "2026-01-15".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Choisissez dans la liste"));
    assert_eq!(
        app.store.systemic_issues(Some(own)).await.unwrap().len(),
        before + 1
    );

    // The analyst: the report, and nothing else of it.
    let analyst = login(&app.base, "analyst@passerelle.example.org").await;
    let (status, _) = get(&app.base, &analyst, "/network/issues").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, report) = get(&app.base, &analyst, "/reports/systemic-issues").await;
    assert_eq!(status, StatusCode::OK);
    for (_, name) in &names {
        assert!(!report.contains(name.as_str()), "the report names {name}");
    }
    let table =
        &report[report.find("id=\"issue-report\"").unwrap()..report.find("</table>").unwrap()];
    assert!(
        table.contains("<td>x</td>"),
        "the demo has rarely raised issues"
    );
    // No published count is from 1 or 2 agencies.
    for cell in table.split("<td>").skip(1) {
        let value = &cell[..cell.find('<').unwrap()];
        if let Ok(n) = value.parse::<usize>() {
            assert!(n == 0 || n >= 3, "{n} in\n{table}");
        }
    }

    // A stricter k withholds more; a k below 3 is refused with the reason.
    let (_, strict) = get(&app.base, &analyst, "/reports/systemic-issues?k=10").await;
    assert!(strict.matches("<td>x</td>").count() > table.matches("<td>x</td>").count());
    let (status, html) = get(&app.base, &analyst, "/reports/systemic-issues?k=1").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("from 3 to 50"));
    let (status, csv) = get(
        &app.base,
        &analyst,
        "/reports/systemic-issues.csv?k=3&quarters=4",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut lines = csv.lines();
    let heading = lines.next().unwrap();
    assert_eq!(heading.split(',').count(), 2 + 4 + 1);
    assert!(heading.starts_with("issue,label,Q"), "{heading}");
    assert_eq!(
        csv.lines().count(),
        1 + 10 + 1,
        "header, ten issues, all issues"
    );
    // In French: the headings, the quarters and the labels, the issues' codes as they are.
    let (_, french) = get(
        &app.base,
        &format!("{analyst}; passerelle_lang=fr"),
        "/reports/systemic-issues.csv?k=3&quarters=4",
    )
    .await;
    let heading = french.lines().next().unwrap();
    assert!(heading.starts_with("enjeu,libellé,T"), "{heading}");
    assert!(heading.ends_with(",total"), "{heading}");
    let codes: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let french_codes: Vec<&str> = french
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(codes, french_codes);
}

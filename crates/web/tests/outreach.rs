//! The convener's outreach over real HTTP: log a contact, plan a meeting with a purpose,
//! print its agenda, record answers, the outcome and a follow-up, and watch the agency's
//! stage and the to-do lists change. Refusals in French; other roles kept out.

mod common;

use common::{csrf_of, get, linked_ids, login, post_form, spawn_demo_app};
use reqwest::StatusCode;

/// The id at the end of a redirect such as `/network/meetings/{id}`.
fn last_segment(location: &str) -> String {
    location.rsplit('/').next().unwrap().to_owned()
}

/// The text of the stage badge on an agency page.
fn stage_of(html: &str) -> &str {
    let start = html.find("id=\"stage\">").unwrap() + 11;
    &html[start..start + html[start..].find('<').unwrap()]
}

#[tokio::test]
async fn the_convener_contacts_meets_and_follows_up_with_an_agency() {
    let app = spawn_demo_app().await;
    let convener = login(&app.base, "convener@passerelle.example.org").await;
    let french = format!("{convener}; passerelle_lang=fr");
    let agencies = app.store.outreach_agencies().await.unwrap();
    let never: Vec<_> = agencies
        .iter()
        .filter(|a| a.stage == passerelle_domain::outreach::Stage::Identified)
        .collect();
    let (agency, other) = (never[0], never[1]);
    let page = format!("/network/agencies/{}", agency.org_id);
    let csrf = csrf_of(&app.base, &convener, &page).await;

    let (status, home) = get(&app.base, &convener, "/network/outreach").await;
    assert_eq!(status, StatusCode::OK);
    let list = &home[home.find("id=\"never-contacted\"").unwrap()..];
    assert!(list.contains(&agency.name));

    // A contact in the future is refused in French; a real one moves the agency on.
    let (status, _, html) = post_form(
        &app.base,
        &french,
        format!("{page}/contacts"),
        vec![
            ("csrf", csrf.clone()),
            ("contacted_on", "2999-01-01".into()),
            ("channel", "phone".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Cette date est dans le futur"));
    let (_, html) = get(&app.base, &convener, &page).await;
    assert_eq!(stage_of(&html), "Identified", "nothing was saved");
    let (status, _, _) = post_form(
        &app.base,
        &convener,
        format!("{page}/contacts"),
        vec![
            ("csrf", csrf.clone()),
            ("contacted_on", "2026-01-05".into()),
            ("channel", "email".into()),
            ("note", "Sent the introduction letter".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = get(&app.base, &convener, &page).await;
    assert_eq!(stage_of(&html), "Contacted");
    assert!(html.contains("Sent the introduction letter"));

    // A meeting needs a purpose.
    let (status, _, html) = post_form(
        &app.base,
        &french,
        "/network/meetings".into(),
        vec![
            ("csrf", csrf.clone()),
            ("scheduled_on", "2026-02-10".into()),
            ("agencies", agency.org_id.to_string()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Ce champ est obligatoire"));
    let (status, location, _) = post_form(
        &app.base,
        &convener,
        "/network/meetings".into(),
        vec![
            ("csrf", csrf.clone()),
            ("purpose", "Who serves evening meals in the east end".into()),
            ("scheduled_on", "2026-02-10".into()),
            ("preparation", "Both agencies run a meal program.".into()),
            ("expected_outcomes", "One schedule, no overlap".into()),
            ("agencies", agency.org_id.to_string()),
            ("agencies", other.org_id.to_string()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let meeting = last_segment(&location.unwrap());
    let (_, html) = get(&app.base, &convener, &page).await;
    assert_eq!(stage_of(&html), "Meeting planned");

    let (status, agenda) = get(
        &app.base,
        &convener,
        &format!("/network/meetings/{meeting}/agenda"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(agenda.contains("Who serves evening meals in the east end"));
    assert!(agenda.contains("One schedule, no overlap"));
    assert_eq!(
        agenda.matches("The hub should stop").count(),
        2,
        "the questions, once per agency"
    );

    // The four questions answered by the agency, then the outcome.
    let (status, _, _) = post_form(
        &app.base,
        &convener,
        format!("/network/meetings/{meeting}/answers/{}", agency.org_id),
        vec![
            ("csrf", csrf.clone()),
            ("role", "The only evening meal east of the canal".into()),
            ("hub_does_well", "Finding units fast".into()),
            (
                "hub_should_stop",
                "Asking for the same statistics twice".into(),
            ),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, html) = post_form(
        &app.base,
        &french,
        format!("/network/meetings/{meeting}/outcome"),
        vec![
            ("csrf", csrf.clone()),
            ("held_on", "2026-02-10".into()),
            ("next_meeting_on", "2026-02-01".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("La prochaine rencontre doit suivre celle-ci"));
    let (status, _, _) = post_form(
        &app.base,
        &convener,
        format!("/network/meetings/{meeting}/outcome"),
        vec![
            ("csrf", csrf.clone()),
            ("held_on", "2026-02-10".into()),
            ("decisions", "Meals alternate by weekday".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = post_form(
        &app.base,
        &convener,
        format!("/network/meetings/{meeting}/follow-ups"),
        vec![
            ("csrf", csrf.clone()),
            ("description", "Circulate the weekday schedule".into()),
            ("owner", "Hub coordinator".into()),
            ("due_on", "2026-03-01".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (_, html) = get(
        &app.base,
        &convener,
        &format!("/network/meetings/{meeting}"),
    )
    .await;
    assert!(html.contains("The only evening meal east of the canal"));
    assert!(html.contains("Held on February 10, 2026"));
    let (_, html) = get(&app.base, &convener, &page).await;
    assert_eq!(stage_of(&html), "Met");
    let (_, html) = get(
        &app.base,
        &convener,
        &format!("/network/agencies/{}", other.org_id),
    )
    .await;
    assert!(
        html.contains(&format!("{} (1)", agency.name)),
        "co-attendance"
    );

    // Each queue whole: the overview shows only the first lines of each.
    let (_, overdue) = get(
        &app.base,
        &convener,
        "/network/outreach?queue=overdue&per_page=100",
    )
    .await;
    assert!(overdue.contains("Circulate the weekday schedule"));
    let (_, without_next) = get(
        &app.base,
        &convener,
        "/network/outreach?queue=without_next&per_page=100",
    )
    .await;
    assert!(without_next.contains("Who serves evening meals in the east end"));
    let follow_up = app
        .store
        .meeting(meeting.parse().unwrap())
        .await
        .unwrap()
        .follow_ups[0]
        .id;
    let (status, location, _) = post_form(
        &app.base,
        &convener,
        format!("/network/follow-ups/{follow_up}/done"),
        vec![("csrf", csrf.clone()), ("back", "outreach".into())],
    )
    .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/network/outreach"))
    );
    let (_, overdue) = get(
        &app.base,
        &convener,
        "/network/outreach?queue=overdue&per_page=100",
    )
    .await;
    assert!(!overdue.contains("Circulate the weekday schedule"));

    // The meeting can be changed afterwards: its purpose (never emptied) and its agencies.
    let (status, form) = get(
        &app.base,
        &convener,
        &format!("/network/meetings/{meeting}/edit"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("value=\"Who serves evening meals in the east end\""));
    let edit = |purpose: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("purpose", purpose.to_owned()),
            ("scheduled_on", "2026-02-10".into()),
            ("agencies", agency.org_id.to_string()),
        ]
    };
    let (status, _, _) = post_form(
        &app.base,
        &convener,
        format!("/network/meetings/{meeting}"),
        edit(" "),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _, _) = post_form(
        &app.base,
        &convener,
        format!("/network/meetings/{meeting}"),
        edit("Evening meals in the east end: who does what"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, held) = get(&app.base, &convener, "/network/meetings?status=held").await;
    assert!(held.contains("Evening meals in the east end: who does what"));
    let (_, planned) = get(&app.base, &convener, "/network/meetings?status=planned").await;
    assert!(!planned.contains("Evening meals in the east end: who does what"));
    let record = app.store.meeting(meeting.parse().unwrap()).await.unwrap();
    assert_eq!(record.agencies.len(), 1, "the other agency was taken off");
    assert!(
        !record.agencies[0].answers.is_empty(),
        "the answers given stay"
    );

    // Marked reluctant: ticked on every new meeting; marked partner: the last stage.
    let (status, _, _) = post_form(
        &app.base,
        &convener,
        format!("/network/agencies/{}/marks", other.org_id),
        vec![("csrf", csrf.clone()), ("reluctant", "1".into())],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, form) = get(&app.base, &convener, "/network/meetings/new").await;
    assert!(form.contains(&format!("value=\"{}\" checked", other.org_id)));
    post_form(
        &app.base,
        &convener,
        format!("{page}/marks"),
        vec![("csrf", csrf.clone()), ("partner", "1".into())],
    )
    .await;
    let (_, html) = get(&app.base, &convener, &page).await;
    assert_eq!(stage_of(&html), "Ongoing partner");
}

#[tokio::test]
async fn outreach_is_the_conveners_alone() {
    let app = spawn_demo_app().await;
    let agency = app.store.outreach_agencies().await.unwrap()[0].org_id;
    for email in [
        "worker@passerelle.example.org",
        "locator@passerelle.example.org",
    ] {
        let cookie = login(&app.base, email).await;
        for path in ["/network/outreach", "/network/meetings/new"] {
            let (status, _) = get(&app.base, &cookie, path).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email} {path}");
        }
        let page = format!("/network/agencies/{agency}");
        let (status, html) = get(&app.base, &cookie, &page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!html.contains("id=\"outreach\""), "{email}");
        let csrf = csrf_of(&app.base, &cookie, &page).await;
        let (status, _, _) = post_form(
            &app.base,
            &cookie,
            format!("{page}/contacts"),
            vec![
                ("csrf", csrf),
                ("contacted_on", "2026-01-05".into()),
                ("channel", "email".into()),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
    }
}

#[tokio::test]
async fn the_meetings_list_pages_searches_and_sorts_from_its_url() {
    let app = spawn_demo_app().await;
    let convener = login(&app.base, "convener@passerelle.example.org").await;
    let every = app.store.meeting_summaries(None).await.unwrap();
    assert!(every.len() > 50, "the demo has pages of meetings");
    let listed = |page: &str| linked_ids(page, "meetings", "/network/meetings/");
    let of = |id: &str| every.iter().find(|m| m.id.to_string() == id).unwrap();

    // The latest first, 50 a page; page 2 follows.
    let (status, first) = get(&app.base, &convener, "/network/meetings").await;
    assert_eq!(status, StatusCode::OK);
    let ids = listed(&first);
    assert_eq!(ids.len(), 50);
    let dates: Vec<_> = ids.iter().map(|id| of(id).scheduled_on).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert!(first.contains(&format!("{} meetings</caption>", every.len())));
    let (_, second) = get(&app.base, &convener, "/network/meetings?page=2").await;
    let rest = listed(&second);
    assert_eq!(rest.len(), every.len().min(100) - 50);
    assert!(rest.iter().all(|id| !ids.contains(id)));

    // By purpose, A to Z, among the held ones only.
    let (_, by_purpose) = get(
        &app.base,
        &convener,
        "/network/meetings?status=held&sort=purpose&per_page=100",
    )
    .await;
    let purposes: Vec<String> = listed(&by_purpose)
        .iter()
        .map(|id| {
            assert!(of(id).held_on.is_some());
            passerelle_domain::text::fold(&of(id).purpose)
        })
        .collect();
    assert!(purposes.windows(2).all(|w| w[0] <= w[1]), "{purposes:?}");
    assert!(
        by_purpose.contains("href=\"/network/meetings?status=held&#38;sort=date&#38;dir=asc"),
        "the status is kept in the links"
    );

    // Words from one invited agency's name, accents and case aside, find its meetings.
    let agency = every[0].agencies[0].clone();
    let word = agency
        .split_whitespace()
        .max_by_key(|w| w.len())
        .unwrap()
        .to_uppercase();
    let (_, found) = get(
        &app.base,
        &convener,
        &format!(
            "/network/meetings?q={}&per_page=100",
            common::url_encoded(&word)
        ),
    )
    .await;
    let found = listed(&found);
    assert!(found.contains(&every[0].id.to_string()), "{word}");
    let folded = passerelle_domain::text::fold(&word);
    for id in &found {
        let m = of(id);
        let text =
            passerelle_domain::text::fold(&format!("{} {}", m.purpose, m.agencies.join(" ")));
        assert!(text.contains(&folded), "{text}");
    }

    // The API gives the same pages for the same parameters, and refuses what it cannot read.
    for query in [
        "",
        "?page=2",
        "?status=held&sort=purpose&per_page=100",
        &format!("?q={}&per_page=100", common::url_encoded(&word)),
    ] {
        let (_, page) = get(&app.base, &convener, &format!("/network/meetings{query}")).await;
        let (status, api) =
            common::get_json(&app.base, &convener, &format!("/api/v1/meetings{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        assert_eq!(common::page_ids(&api, "meetings"), listed(&page), "{query}");
        assert_eq!(api["total"], every_matching_total(&page), "{query}");
    }
    common::refuses_each(
        &app.base,
        &convener,
        "/api/v1/meetings",
        &["status=soon", "sort=shoe", "dir=up", "page=0", "per_page=7"],
    )
    .await;
    let worker = login(&app.base, "worker@passerelle.example.org").await;
    let (status, _) = common::get_json(&app.base, &worker, "/api/v1/meetings").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The count in a meetings page's caption (`N meetings`).
fn every_matching_total(page: &str) -> serde_json::Value {
    let end = page.find(" meetings</caption>").expect("a count");
    let start = page[..end].rfind('>').unwrap() + 1;
    page[start..end].parse::<u64>().unwrap().into()
}

/// The links of one list of the outreach overview, in order: the 36 characters after each
/// `marker` between the element `id="{element}"` and the end of its section.
fn section_ids(page: &str, element: &str, marker: &str) -> Vec<String> {
    let Some(start) = page.find(&format!("id=\"{element}\"")) else {
        return Vec::new();
    };
    let section = &page[start..start + page[start..].find("</section>").unwrap()];
    section
        .split(marker)
        .skip(1)
        .map(|s| s[..36].to_owned())
        .collect()
}

/// Each queue of the overview shows its first ten lines and its count, and links to the
/// whole queue when there are more; the whole queue shows only itself and pages through
/// every line, in the overview's order.
#[tokio::test]
async fn each_outreach_queue_leads_with_its_first_lines_and_pages_through_all_of_them() {
    let app = spawn_demo_app().await;
    let convener = login(&app.base, "convener@passerelle.example.org").await;
    let today = time::OffsetDateTime::now_utc().date();
    let o = app.store.outreach_overview(today, 6).await.unwrap();
    let ids = |list: Vec<uuid::Uuid>| list.iter().map(|id| id.to_string()).collect::<Vec<_>>();
    let agencies = "href=\"/network/agencies/";
    let meetings = "href=\"/network/meetings/";
    let queues = [
        (
            "overdue",
            "overdue",
            "action=\"/network/follow-ups/",
            ids(o.overdue.iter().map(|f| f.id).collect()),
        ),
        (
            "never_contacted",
            "never-contacted",
            agencies,
            ids(o.never_contacted.iter().map(|a| a.org_id).collect()),
        ),
        (
            "without_next",
            "without-next",
            meetings,
            ids(o.held_without_next.iter().map(|m| m.id).collect()),
        ),
        (
            "stale",
            "stale",
            agencies,
            ids(o.stale.iter().map(|a| a.org_id).collect()),
        ),
        (
            "planned",
            "planned",
            meetings,
            ids(o.planned.iter().map(|m| m.id).collect()),
        ),
        (
            "reluctant",
            "reluctant",
            agencies,
            ids(o
                .agencies
                .iter()
                .filter(|a| a.reluctant)
                .map(|a| a.org_id)
                .collect()),
        ),
    ];
    assert!(
        queues.iter().any(|(_, _, _, all)| all.len() > 10),
        "the demo has a queue longer than the overview shows"
    );
    let (status, home) = get(&app.base, &convener, "/network/outreach").await;
    assert_eq!(status, StatusCode::OK);
    for (code, element, marker, all) in &queues {
        let first = &all[..all.len().min(10)];
        assert_eq!(
            &section_ids(&home, element, marker),
            first,
            "{code} on the overview"
        );
        let see_all = format!("id=\"{element}-all\"");
        assert_eq!(
            home.contains(&see_all),
            all.len() > 10,
            "{code}: link to all"
        );
        if all.len() > 10 {
            assert!(home.contains(&format!("href=\"/network/outreach?queue={code}\"")));
        }

        let mut read = Vec::new();
        let mut page = 1;
        loop {
            let path = format!("/network/outreach?queue={code}&per_page=25&page={page}");
            let (status, html) = get(&app.base, &convener, &path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert_eq!(
                html.matches("<section").count(),
                1,
                "{path}: only its queue"
            );
            assert!(
                html.contains(&format!("({})", all.len())),
                "{path}: its count"
            );
            read.extend(section_ids(&html, element, marker));
            if !html.contains("rel=\"next\"") {
                break;
            }
            page += 1;
        }
        assert_eq!(&read, all, "{code}, whole");
    }
    // An unknown queue is the overview, as an old bookmark would be.
    let (status, html) = get(&app.base, &convener, "/network/outreach?queue=late").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("<section").count(), 6);
}

/// The API gives the overview's figures and each queue whole, a page at a time, in the
/// page's order; it refuses what it cannot read, and an unknown queue is not found.
#[tokio::test]
async fn the_api_gives_the_overviews_figures_and_each_queue_a_page_at_a_time() {
    let app = spawn_demo_app().await;
    let convener = login(&app.base, "convener@passerelle.example.org").await;
    let today = time::OffsetDateTime::now_utc().date();
    let o = app.store.outreach_overview(today, 6).await.unwrap();
    let (status, overview) = common::get_json(&app.base, &convener, "/api/v1/outreach").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        overview["queues"]["never_contacted"],
        o.never_contacted.len()
    );
    assert_eq!(overview["queues"]["overdue"], o.overdue.len());
    let staged: u64 = overview["stages"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(
        staged as usize,
        o.agencies.len(),
        "every agency at one stage"
    );

    let mut read = Vec::new();
    for page in 1.. {
        let path = format!("/api/v1/outreach/never_contacted?per_page=25&page={page}");
        let (status, queue) = common::get_json(&app.base, &convener, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(queue["total"], o.never_contacted.len());
        let items = queue["items"].as_array().unwrap();
        if items.is_empty() {
            break;
        }
        read.extend(
            items
                .iter()
                .map(|a| a["org_id"].as_str().unwrap().to_owned()),
        );
    }
    let every: Vec<String> = o
        .never_contacted
        .iter()
        .map(|a| a.org_id.to_string())
        .collect();
    assert_eq!(read, every, "the whole queue, in order");
    let (_, planned) = common::get_json(&app.base, &convener, "/api/v1/outreach/planned").await;
    let ids = common::page_ids(&planned, "items");
    let expected: Vec<String> = o
        .planned
        .iter()
        .take(50)
        .map(|m| m.id.to_string())
        .collect();
    assert_eq!(ids, expected, "meetings planned, soonest first");

    common::refuses_each(
        &app.base,
        &convener,
        "/api/v1/outreach/stale",
        &[
            "stale_months=0",
            "stale_months=soon",
            "per_page=7",
            "page=0",
        ],
    )
    .await;
    let (status, _) = common::get_json(&app.base, &convener, "/api/v1/outreach/late").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

//! The partner network's pages over real HTTP, on the demo community: who sees them, the
//! map and its filters agreeing with the store's network, exports, and an agency naming
//! the agencies it works with (matched to the directory or queued to contact).

mod common;

use common::{agency_of, client, csrf_of, get, login, post_form, spawn_demo_app};
use reqwest::StatusCode;

/// The number shown in the map page's fact `id`.
fn fact(html: &str, id: &str) -> usize {
    let start = html.find(&format!("id=\"{id}\">")).unwrap() + id.len() + 6;
    html[start..start + html[start..].find('<').unwrap()]
        .parse()
        .unwrap()
}

/// The agencies drawn on the map (each a link inside the SVG).
fn drawn(html: &str) -> usize {
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    svg.matches("<a href=\"/network/agencies/").count()
}

#[tokio::test]
async fn the_map_its_filters_and_exports_agree_with_the_network() {
    let app = spawn_demo_app().await;
    let with_meetings = app.store.network_graph("en").await.unwrap();
    let graph = with_meetings.clone().with_co_attendance(false);
    let convener = login(&app.base, "convener@passerelle.example.org").await;

    let (status, html) = get(&app.base, &convener, "/network").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fact(&html, "fact-agencies"), graph.nodes.len());
    assert_eq!(drawn(&html), graph.nodes.len());
    assert_eq!(fact(&html, "fact-ties"), graph.metrics().ties);
    assert!(
        graph.ties.len() >= 300,
        "the demo network has hundreds of ties"
    );
    assert!(html.contains("<title>") && html.contains("Refers clients to"));

    // Co-attendance: one tie per pair of agencies that sat at the same held meeting,
    // counted here from the meetings themselves.
    let mut pairs = std::collections::HashSet::new();
    for m in app.store.meeting_summaries(None).await.unwrap() {
        if m.held_on.is_none() {
            continue;
        }
        let record = app.store.meeting(m.id).await.unwrap();
        for a in &record.agencies {
            for b in &record.agencies {
                if a.org_id < b.org_id {
                    pairs.insert((a.org_id, b.org_id));
                }
            }
        }
    }
    assert!(pairs.len() >= 3, "the demo has group meetings");
    let (_, html) = get(&app.base, &convener, "/network?kind=co_attended").await;
    assert_eq!(fact(&html, "fact-ties"), pairs.len());
    let (_, html) = get(&app.base, &convener, "/network?meetings=1").await;
    assert_eq!(fact(&html, "fact-ties"), with_meetings.metrics().ties);
    assert!(html.contains("Met at the same meeting"));

    // Drop-in centres only: every row and every circle is one.
    let drop_ins = graph
        .nodes
        .iter()
        .filter(|n| n.agency_type == "drop-in")
        .count();
    let (_, html) = get(
        &app.base,
        &convener,
        "/network?agency_type=drop-in&size=betweenness",
    )
    .await;
    assert_eq!(fact(&html, "fact-agencies"), drop_ins);
    assert_eq!(drawn(&html), drop_ins);
    let table = &html[html.find("id=\"network-metrics\"").unwrap()..];
    assert_eq!(table.matches("<td>Drop-in centre</td>").count(), drop_ins);

    // Before any relationship was reported: every agency, no tie.
    let (_, html) = get(&app.base, &convener, "/network?as_of=2000-01-01").await;
    assert_eq!(fact(&html, "fact-ties"), 0);
    assert_eq!(fact(&html, "fact-agencies"), graph.nodes.len());

    // The change since an earlier day adds its columns.
    let (status, html) = get(&app.base, &convener, "/network?since=2025-06-01").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Δ Degree") && html.contains("change since June 1, 2025"));

    // Dates that cannot be read, in French; the map still shows today's network.
    let french = format!("{convener}; passerelle_lang=fr");
    let (status, html) = get(
        &app.base,
        &french,
        "/network?as_of=demain&kind=refers_clients_to",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Entrez une date"), "{html}");
    assert!(html.contains("Oriente des personnes vers"));
    assert_eq!(drawn(&html), graph.nodes.len());
    let (status, html) = get(
        &app.base,
        &french,
        "/network?as_of=2025-01-01&since=2025-06-01",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("doit précéder"));

    // Exports carry the filtered network.
    let response = client()
        .get(format!(
            "{}/network/export/network.graphml?agency_type=drop-in",
            app.base
        ))
        .header("cookie", &convener)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "application/graphml+xml"
    );
    let graphml = response.text().await.unwrap();
    assert_eq!(graphml.matches("<node ").count(), drop_ins);
    let (status, csv) = get(&app.base, &convener, "/network/export/metrics.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv.lines().count(), graph.nodes.len() + 1);
    let (status, gexf) = get(&app.base, &convener, "/network/export/network.gexf").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(gexf.matches("<edge ").count(), graph.ties.len());
    let (status, _) = get(&app.base, &convener, "/network/export/passwords.txt").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Analysts get aggregate reports, not who works with whom.
    let analyst = login(&app.base, "analyst@passerelle.example.org").await;
    for path in [
        "/network",
        "/network/queue",
        "/network/export/ties.csv",
        &format!("/network/agencies/{}", graph.nodes[0].id),
    ] {
        let (status, _) = get(&app.base, &analyst, path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    let (_, home) = get(&app.base, &analyst, "/").await;
    assert!(!home.contains("id=\"nav-network\""));
    let title = &home[home.find("<title>").unwrap()..home.find("</title>").unwrap()];
    assert!(!title[7..].contains('<'), "the title is text: {title}");
    assert!(home.contains("href=\"/reports/systemic-issues\""));
    let (_, home) = get(&app.base, &convener, "/").await;
    assert!(home.contains("id=\"home-outreach\""));
}

#[tokio::test]
async fn an_agency_names_its_partners_and_unknown_names_wait_to_be_contacted() {
    let app = spawn_demo_app().await;
    let own = agency_of(&app.store, "worker@passerelle.example.org").await;
    let names = app.store.organization_names().await.unwrap();
    let (other, other_name) = names.iter().find(|(id, _)| *id != own).unwrap().clone();
    let cookie = login(&app.base, "worker@passerelle.example.org").await;
    let page = format!("/network/agencies/{own}");
    let csrf = csrf_of(&app.base, &cookie, &page).await;
    let post = |form: Vec<(&'static str, String)>, on: String| {
        let (base, cookie) = (app.base.clone(), cookie.clone());
        async move { post_form(&base, &cookie, format!("{on}/relationships"), form).await }
    };
    let before = app.store.relationships().await.unwrap().len();

    // Named by its name typed in another case and without accents: matched to the directory.
    let typed = passerelle_domain::text::fold(&other_name).to_uppercase();
    let (status, location, _) = post(
        vec![
            ("csrf", csrf.clone()),
            ("to_name", typed),
            ("kind", "refers_clients_to".into()),
            ("intensity", "coordination".into()),
        ],
        page.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some(page.as_str()));
    let (_, html) = get(&app.base, &cookie, &format!("/network/agencies/{other}")).await;
    let named_by = &html[html.find("id=\"named-by\"").unwrap()..];
    let own_name = &names.iter().find(|(id, _)| *id == own).unwrap().1;
    assert!(named_by.contains(&format!("/network/agencies/{own}\">{own_name}")));

    // An agency not in the directory joins the queue, with who named it.
    let (status, _, _) = post(
        vec![
            ("csrf", csrf.clone()),
            ("to_name", "Maison Bleue des Familles".into()),
            ("kind", "co_delivers_a_program".into()),
            ("intensity", "awareness".into()),
        ],
        page.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, queue) = get(&app.base, &cookie, "/network/queue?q=maison+BLEUE").await;
    assert!(
        queue.contains(">One agency to contact</caption>"),
        "found by words of its name"
    );
    let row = &queue[queue.find("Maison Bleue des Familles").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains(">1<") && row.contains(own_name.as_str()),
        "{row}"
    );

    // Refusals, in French, save nothing: no agency, no kind; naming itself.
    let french = format!("{cookie}; passerelle_lang=fr");
    let (status, _, html) = post_form(
        &app.base,
        &french,
        format!("{page}/relationships"),
        vec![("csrf", csrf.clone()), ("intensity", "integration".into())],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Choisissez dans la liste") && html.contains("Ce champ est obligatoire"),
        "{html}"
    );
    let (status, _, html) = post_form(
        &app.base,
        &french,
        format!("{page}/relationships"),
        vec![
            ("csrf", csrf.clone()),
            ("to_org", own.to_string()),
            ("kind", "refers_clients_to".into()),
            ("intensity", "integration".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("ne peut pas se nommer"));
    assert_eq!(app.store.relationships().await.unwrap().len(), before + 2);

    // A partner worker speaks for their own agency only.
    let (status, _, _) = post(
        vec![
            ("csrf", csrf),
            ("to_org", own.to_string()),
            ("kind", "refers_clients_to".into()),
            ("intensity", "integration".into()),
        ],
        format!("/network/agencies/{other}"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, html) = get(&app.base, &cookie, &format!("/network/agencies/{other}")).await;
    assert!(!html.contains("id=\"relationship-form\""));

    // What one agency notes about another stays with it, the convener and administrators.
    let convener = login(&app.base, "convener@passerelle.example.org").await;
    let other_page = format!("/network/agencies/{other}");
    let convener_csrf = csrf_of(&app.base, &convener, &other_page).await;
    let said = "Their intake line is often busy";
    let (status, _, _) = post_form(
        &app.base,
        &convener,
        format!("{other_page}/relationships"),
        vec![
            ("csrf", convener_csrf),
            ("to_org", own.to_string()),
            ("kind", "refers_clients_to".into()),
            ("intensity", "cooperation".into()),
            ("note", said.into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = get(&app.base, &convener, &other_page).await;
    assert!(html.contains(said), "the convener reads it");
    let (_, html) = get(&app.base, &cookie, &other_page).await;
    assert!(
        html.contains(&format!("/network/agencies/{own}\">")) && !html.contains(said),
        "another agency's worker sees the tie, not the note"
    );
    // A housing locator edits the directory but does not speak for an agency.
    let locator = login(&app.base, "locator@passerelle.example.org").await;
    let (_, html) = get(&app.base, &locator, &other_page).await;
    assert!(!html.contains(said) && !html.contains("id=\"relationship-form\""));
    let locator_csrf = csrf_of(&app.base, &locator, "/network").await;
    let (status, _, _) = post_form(
        &app.base,
        &locator,
        format!("{page}/relationships"),
        vec![
            ("csrf", locator_csrf),
            ("to_org", other.to_string()),
            ("kind", "refers_clients_to".into()),
            ("intensity", "integration".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn drop_ins_that_duplicate_each_other_are_grouped_with_the_evidence() {
    let app = spawn_demo_app().await;
    let convener = login(&app.base, "convener@passerelle.example.org").await;
    let (status, html) = get(
        &app.base,
        &convener,
        "/network/duplication?agency_type=drop-in&min=30",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("14 agencies compared"),
        "the demo has 14 drop-ins"
    );
    let clusters = html.matches("<section class=\"cluster\"").count();
    assert!(clusters >= 2, "{html}");
    assert!(
        html.contains("Drop-in day program · Adults ·"),
        "the shared offer is shown"
    );
    // The same question sorted by referrals, and as CSV: one line per overlapping pair,
    // each at least 30 %.
    let (status, _) = get(
        &app.base,
        &convener,
        "/network/duplication?agency_type=drop-in&sort=referrals",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, csv) = get(
        &app.base,
        &convener,
        "/network/duplication.csv?agency_type=drop-in&min=30",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let pairs: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert!(pairs.len() >= clusters);
    for pair in &pairs {
        let overlap: f64 = pair[2].parse().unwrap();
        assert!(overlap >= 0.3, "{pair:?}");
    }
    // A higher bar, fewer groups; analysts do not see who duplicates whom.
    let (_, strict) = get(
        &app.base,
        &convener,
        "/network/duplication?agency_type=drop-in&min=90",
    )
    .await;
    assert!(strict.matches("<section class=\"cluster\"").count() < clusters);
    let analyst = login(&app.base, "analyst@passerelle.example.org").await;
    let (status, _) = get(&app.base, &analyst, "/network/duplication").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The numbers of a table row whose header is `label` (the columns of services and units,
/// not the demand beside them).
fn row_numbers(html: &str, label: &str) -> Vec<usize> {
    let start = html
        .find(&format!("<th scope=\"row\">{label}</th>"))
        .unwrap();
    let row = &html[start..start + html[start..].find("</tr>").unwrap()];
    row.split("<td")
        .skip(1)
        .filter(|cell| !cell.starts_with(" class=\"demand\"") && !cell.starts_with("></td>"))
        .map(|cell| {
            let value = &cell[cell.find('>').unwrap() + 1..];
            value[..value.find('<').unwrap()].parse().unwrap()
        })
        .collect()
}

#[tokio::test]
async fn gaps_count_the_services_meeting_each_need_and_the_open_units() {
    use passerelle_domain::directory::ServiceStatus;
    use passerelle_domain::vocabulary::Vocabulary;
    let app = spawn_demo_app().await;
    let directory = app.store.export_directory().await.unwrap();
    // Counted here from the directory: active emergency shelters for youth (or anyone).
    let shelter = Vocabulary::ServiceType.term_id("emergency-shelter");
    let youth = Vocabulary::Population.term_id("youth");
    let populations: Vec<uuid::Uuid> = Vocabulary::Population
        .terms()
        .iter()
        .map(|t| Vocabulary::Population.term_id(t.0))
        .collect();
    let expected = directory
        .organizations
        .iter()
        .flat_map(|o| &o.services)
        .filter(|s| {
            s.fields.status == ServiceStatus::Active && s.fields.term_ids.contains(&shelter)
        })
        .filter(|s| {
            s.fields.term_ids.contains(&youth)
                || !s.fields.term_ids.iter().any(|t| populations.contains(t))
        })
        .count();
    let analyst = login(&app.base, "analyst@passerelle.example.org").await;
    let (status, html) = get(&app.base, &analyst, "/network/gaps").await;
    assert_eq!(status, StatusCode::OK);
    let youth_column = Vocabulary::Population
        .terms()
        .iter()
        .position(|t| t.0 == "youth")
        .unwrap();
    assert_eq!(row_numbers(&html, "A bed tonight")[youth_column], expected);
    assert!(
        html.contains("class=\"none\""),
        "the demo has needs with no service somewhere"
    );

    let (_, html) = get(&app.base, &analyst, "/network/gaps?by=area").await;
    let open = app
        .store
        .units(&passerelle_store::UnitFilter {
            open_only: true,
            ..Default::default()
        })
        .await
        .unwrap();
    let with_area = open.iter().filter(|u| u.area_id.is_some()).count();
    assert_eq!(
        row_numbers(&html, "Open housing units")
            .iter()
            .sum::<usize>(),
        with_area
    );
    let french = format!("{analyst}; passerelle_lang=fr");
    let (_, html) = get(&app.base, &french, "/network/gaps?by=area").await;
    assert!(html.contains("Logements à pourvoir") && html.contains("Un lit ce soir"));
}

#[tokio::test]
async fn the_to_contact_queue_pages_searches_and_sorts_from_its_url() {
    let app = spawn_demo_app().await;
    let cookie = login(&app.base, "convener@passerelle.example.org").await;
    let queue = app.store.contact_queue().await.unwrap();
    assert!(
        queue.len() > 1,
        "the demo names agencies outside the directory"
    );
    let names = |page: &str| -> Vec<String> {
        let table = &page[page.find("id=\"queue\"").unwrap()..];
        let body = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
        body.split("<tr><td>")
            .skip(1)
            .map(|row| row[..row.find("</td>").unwrap()].to_owned())
            .collect()
    };
    let decoded = |s: &str| s.replace("&#39;", "'").replace("&#38;", "&");

    // The most often named first, then by name.
    let (status, first) = get(&app.base, &cookie, "/network/queue").await;
    assert_eq!(status, StatusCode::OK);
    let expected: Vec<String> = queue.iter().take(50).map(|q| q.name.clone()).collect();
    let shown: Vec<String> = names(&first).iter().map(|n| decoded(n)).collect();
    assert_eq!(shown, expected);

    // By name, A to Z, 25 a page.
    let (_, by_name) = get(
        &app.base,
        &cookie,
        "/network/queue?sort=name&per_page=25&page=1",
    )
    .await;
    let sorted: Vec<String> = names(&by_name)
        .iter()
        .map(|n| passerelle_domain::text::fold(&decoded(n)))
        .collect();
    assert!(sorted.windows(2).all(|w| w[0] <= w[1]), "{sorted:?}");
    assert!(by_name.contains("aria-sort=\"ascending\""));

    // Words of a name, in another case and without accents, find it; others are left out.
    let wanted = &queue[0].name;
    let word = wanted.split_whitespace().max_by_key(|w| w.len()).unwrap();
    let (_, found) = get(
        &app.base,
        &cookie,
        &format!(
            "/network/queue?q={}",
            common::url_encoded(&passerelle_domain::text::fold(word).to_uppercase())
        ),
    )
    .await;
    let found: Vec<String> = names(&found).iter().map(|n| decoded(n)).collect();
    assert!(found.contains(wanted), "{found:?}");
    let folded = passerelle_domain::text::fold(word);
    assert!(
        found
            .iter()
            .all(|n| passerelle_domain::text::fold(n).contains(&folded))
    );
    let (_, none) = get(&app.base, &cookie, "/network/queue?q=zzqqxx").await;
    assert!(none.contains("No agency to contact has these words in its name."));
}

#[tokio::test]
async fn the_table_of_measures_pages_and_sorts_with_the_maps_filters_kept() {
    let app = spawn_demo_app().await;
    let cookie = login(&app.base, "convener@passerelle.example.org").await;
    let agencies = app.store.network_graph("en").await.unwrap().nodes.len();
    assert!(agencies > 50, "the demo's network fills more than a page");
    // Each row's agency and its cells, in order.
    let rows = |page: &str| -> Vec<(String, Vec<String>)> {
        let table = &page[page.find("id=\"network-metrics\"").unwrap()..];
        let body = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
        body.split("<tr>")
            .skip(1)
            .map(|row| {
                let id = row.split("href=\"/network/agencies/").nth(1).unwrap()[..36].to_owned();
                let cells = row
                    .split("<td>")
                    .skip(1)
                    .map(|c| c[..c.find("</td>").unwrap()].to_owned())
                    .collect();
                (id, cells)
            })
            .collect()
    };
    let degree = |cells: &Vec<String>| cells[2].parse::<u32>().unwrap();

    // Sized by degree (the default): the largest degree first, 50 a page, then the rest.
    let (_, first) = get(&app.base, &cookie, "/network").await;
    let first = rows(&first);
    assert_eq!(first.len(), 50);
    assert!(first.windows(2).all(|w| degree(&w[0].1) >= degree(&w[1].1)));
    let (_, second) = get(&app.base, &cookie, "/network?page=2").await;
    let second = rows(&second);
    assert_eq!(first.len() + second.len(), agencies.min(100));
    assert!(
        second
            .iter()
            .all(|(id, _)| first.iter().all(|(f, _)| f != id))
    );

    // By out-degree, the filters of the map kept in the header's links.
    let (_, by_out) = get(
        &app.base,
        &cookie,
        "/network?size=betweenness&kind=refers_clients_to&sort=out_degree&per_page=100",
    )
    .await;
    let outs: Vec<u32> = rows(&by_out)
        .iter()
        .map(|(_, c)| c[4].parse().unwrap())
        .collect();
    assert!(outs.windows(2).all(|w| w[0] <= w[1]), "{outs:?}");
    assert!(by_out.contains(
        "href=\"/network?kind=refers_clients_to&#38;size=betweenness&#38;sort=agency&#38;dir=asc"
    ));
}

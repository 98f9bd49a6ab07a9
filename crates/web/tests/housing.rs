//! The housing locator's pages over real HTTP: roles, field errors in the user's language,
//! and two holds on one unit at once.

mod common;

use common::{client, csrf_of, get, login, post_form, spawn_demo_app};
use passerelle_domain::housing::UnitStatus;
use passerelle_store::UnitFilter;
use reqwest::StatusCode;

#[tokio::test]
async fn each_role_sees_what_it_should() {
    let app = spawn_demo_app().await;
    let open = app
        .store
        .units(&UnitFilter {
            open_only: true,
            ..Default::default()
        })
        .await
        .unwrap();
    let all = app.store.units(&UnitFilter::default()).await.unwrap();
    let occupied = all
        .iter()
        .find(|u| u.unit.status == UnitStatus::Occupied)
        .unwrap();
    let some_open = &open[0];

    let locator = login(&app.base, "locator@passerelle.example.org").await;
    let (status, html) = get(&app.base, &locator, "/housing").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("300 landlords"), "{html}");
    let (status, html) = get(
        &app.base,
        &locator,
        &format!("/housing/landlords/{}", some_open.landlord_id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&some_open.landlord_name.replace('&', "&amp;")));
    let reads = app.store.audit_trail(some_open.landlord_id).await.unwrap();
    assert!(
        reads.iter().any(|e| e.action == "read"),
        "reading a landlord's file is audited"
    );
    // An occupied unit's page names its tenancies: reading them is audited too.
    let (status, _) = get(
        &app.base,
        &locator,
        &format!("/housing/units/{}", occupied.unit.id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let reads = app.store.audit_trail(occupied.unit.id).await.unwrap();
    assert!(
        reads
            .iter()
            .any(|e| e.action == "read" && e.detail.starts_with("tenancies")),
        "{reads:?}"
    );

    // A partner worker sees open units, but no landlord and no street address.
    let worker = login(&app.base, "worker@passerelle.example.org").await;
    let (status, html) = get(&app.base, &worker, "/housing/units").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!("{} open units", open.len())),
        "{html}"
    );
    assert!(!html.contains(&some_open.address), "no street address");
    let (status, html) = get(
        &app.base,
        &worker,
        &format!("/housing/units/{}", some_open.unit.id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(&some_open.landlord_name) && !html.contains(&some_open.address));
    let (status, _) = get(
        &app.base,
        &worker,
        &format!("/housing/units/{}", occupied.unit.id),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not an open unit");
    for path in [
        "/housing/landlords/new".to_owned(),
        format!("/housing/landlords/{}", some_open.landlord_id),
    ] {
        assert_eq!(
            get(&app.base, &worker, &path).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }

    // An analyst sees aggregates only.
    let analyst = login(&app.base, "analyst@passerelle.example.org").await;
    assert_eq!(
        get(&app.base, &analyst, "/housing/units").await.0,
        StatusCode::FORBIDDEN
    );
    let (status, html) = get(&app.base, &analyst, "/housing/availability").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<svg") && html.contains("availability-table"));
    // The waiting list's composition beside the units: the households active on the list,
    // in total (the demo's list is long enough that the total is published).
    let active = app
        .store
        .list_entries(&[passerelle_domain::referrals::ListStatus::Active])
        .await
        .unwrap()
        .len();
    assert!(active >= passerelle_domain::outcomes::DEFAULT_K);
    assert!(
        html.contains(&format!("<td id=\"needs-waiting-total\">{active}</td>")),
        "{active} waiting"
    );
    let (status, csv) = get(&app.base, &analyst, "/housing/availability.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.starts_with("month,neighbourhood,bedrooms,units\n"));
    assert!(!csv.contains(&some_open.address));
}

#[tokio::test]
async fn bad_input_is_refused_in_the_users_language_and_nothing_is_saved() {
    let app = spawn_demo_app().await;
    let cookie = format!(
        "{}; passerelle_lang=fr",
        login(&app.base, "locator@passerelle.example.org").await
    );
    let csrf = csrf_of(&app.base, &cookie, "/housing/landlords/new").await;
    let post =
        |path: String, form: Vec<(&'static str, String)>| post_form(&app.base, &cookie, path, form);
    let (status, _, html) = post(
        "/housing/landlords".into(),
        vec![
            ("csrf", csrf.clone()),
            ("kind", "company".into()),
            ("name", "".into()),
            ("committed_until", "31/12/2027".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Ce champ est obligatoire.")
            && html.contains("Entrez une date au format AAAA-MM-JJ."),
        "{html}"
    );

    let (status, location, _) = post(
        "/housing/landlords".into(),
        vec![
            ("csrf", csrf.clone()),
            ("kind", "company".into()),
            ("name", "Immeubles Test".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let landlord = location.unwrap();
    let (status, location, _) = post(
        format!("{landlord}/properties"),
        vec![
            ("csrf", csrf.clone()),
            ("address", "99 Rue Test".into()),
            ("in_service_since", "2020-01-01".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let units_path = location.unwrap().replace("/new", "");
    let before = app.store.unit_count().await.unwrap();
    let (status, _, html) = post(
        units_path.clone(),
        vec![
            ("csrf", csrf.clone()),
            ("label", "1".into()),
            ("bedrooms", "2".into()),
            ("rent", "-1200".into()),
            ("available_from", "2019-05-01".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Ce montant ne peut pas être négatif."),
        "{html}"
    );
    assert!(html.contains(
        "Un logement ne peut pas être disponible avant que l’immeuble accueille des locataires."
    ));
    assert!(html.contains("value=\"-1200\""), "what was typed is kept");
    assert_eq!(
        app.store.unit_count().await.unwrap(),
        before,
        "nothing saved"
    );

    let (status, location, _) = post(
        units_path,
        vec![
            ("csrf", csrf.clone()),
            ("label", "1".into()),
            ("bedrooms", "2".into()),
            ("rent", "1 350,00".into()),
            ("available_from", "2026-01-01".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let unit = location.unwrap();
    let agency = app.store.organization_names().await.unwrap()[0]
        .0
        .to_string();
    let (status, _, html) = post(
        format!("{unit}/status"),
        vec![
            ("csrf", csrf.clone()),
            ("to", "held".into()),
            ("agency_id", agency.clone()),
            ("hold_until", "2020-01-01".into()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Une réservation doit se terminer aujourd’hui ou plus tard."),
        "{html}"
    );
    let (status, _, html) = post(
        format!("{unit}/status"),
        vec![("csrf", csrf.clone()), ("to", "occupied".into())],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Ce logement ne peut pas passer à cette étape depuis son état actuel."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_locators_holding_one_unit_at_once_one_wins_the_other_is_told() {
    let app = spawn_demo_app().await;
    let cookie = login(&app.base, "locator@passerelle.example.org").await;
    let open = app
        .store
        .units(&UnitFilter {
            open_only: true,
            ..Default::default()
        })
        .await
        .unwrap();
    let unit = open
        .iter()
        .find(|u| u.unit.status == UnitStatus::Available)
        .unwrap()
        .unit
        .id;
    let csrf = csrf_of(&app.base, &cookie, &format!("/housing/units/{unit}")).await;
    let agencies = app.store.organization_names().await.unwrap();
    let until = (time::OffsetDateTime::now_utc().date() + time::Duration::days(7)).to_string();
    let hold = |agency: String| {
        let (cookie, csrf, until, base) = (
            cookie.clone(),
            csrf.clone(),
            until.clone(),
            app.base.clone(),
        );
        tokio::spawn(async move {
            let r = client()
                .post(format!("{base}/housing/units/{unit}/status"))
                .header("cookie", cookie)
                .form(&[
                    ("csrf", csrf),
                    ("to", "held".into()),
                    ("agency_id", agency),
                    ("hold_until", until),
                ])
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        })
    };
    let (a, b) = tokio::join!(
        hold(agencies[0].0.to_string()),
        hold(agencies[1].0.to_string())
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::SEE_OTHER, StatusCode::CONFLICT],
        "{a:?} {b:?}"
    );
    let loser = if a.0 == StatusCode::CONFLICT {
        &a.1
    } else {
        &b.1
    };
    assert!(loser.contains("Someone else has just held or changed this unit."));
}

/// The landlords list at `/housing` pages, searches, filters and sorts from its URL alone,
/// and `/api/v1/landlords` answers the same for the same parameters.
#[tokio::test]
async fn the_landlords_list_pages_searches_and_sorts_from_its_url_and_the_api_agrees() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let locator = login(base, "locator@passerelle.example.org").await;
    let api = |query: &'static str| {
        let locator = locator.clone();
        async move {
            let (status, body) =
                common::get_json(base, &locator, &format!("/api/v1/landlords?{query}")).await;
            assert_eq!(status, StatusCode::OK, "{query}: {body}");
            body
        }
    };
    let names = |body: &serde_json::Value| -> Vec<String> {
        body["landlords"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["name"].as_str().unwrap().to_owned())
            .collect()
    };

    // Pages of 25 over the demo's 300 landlords; the page links keep the order and size.
    let (status, html) = get(base, &locator, "/housing?per_page=25&sort=units&dir=desc").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Page 1 of 12"), "{html}");
    assert!(
        html.contains(
            "rel=\"next\" href=\"/housing?sort=units&#38;dir=desc&#38;per_page=25&#38;page=2\""
        ),
        "{html}"
    );
    assert!(html.contains("aria-sort=\"descending\""));
    let first = api("per_page=25&sort=units&dir=desc").await;
    let second = api("per_page=25&sort=units&dir=desc&page=2").await;
    assert_eq!(first["total"], 300);
    // The page shows what the API gives, in its order.
    let shown: Vec<usize> = names(&first)
        .iter()
        .map(|n| html.find(&escaped(n)).unwrap_or_else(|| panic!("{n}")))
        .collect();
    assert!(shown.windows(2).all(|w| w[0] < w[1]));
    let units: Vec<i64> = [&first, &second]
        .iter()
        .flat_map(|b| b["landlords"].as_array().unwrap().clone())
        .map(|l| l["units"].as_i64().unwrap())
        .collect();
    assert!(units.windows(2).all(|w| w[0] >= w[1]), "{units:?}");
    assert!(names(&first).iter().all(|n| !names(&second).contains(n)));

    // Search by a word of a name, accents and case ignored; and by kind.
    let all = api("per_page=100").await;
    let accented = names(&all)
        .into_iter()
        .find(|n| n.chars().any(|c| "éèêàçô".contains(c)))
        .expect("a landlord with an accent in its name");
    let word = accented
        .split(' ')
        .find(|w| w.chars().any(|c| "éèêàçô".contains(c)))
        .unwrap();
    let plain: String = passerelle_domain::text::fold(word).to_uppercase();
    let (_, found) = common::get_json(
        base,
        &locator,
        &format!("/api/v1/landlords?q={plain}&per_page=100"),
    )
    .await;
    assert!(names(&found).contains(&accented), "{plain}: {found}");
    for name in names(&found) {
        assert!(
            passerelle_domain::text::fold(&name).contains(&plain.to_lowercase()),
            "{name}"
        );
    }
    let companies = api("kind=company&per_page=100").await;
    assert!(companies["total"].as_u64().unwrap() > 0);
    assert!(
        companies["landlords"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["kind"] == "company")
    );
    let (_, html) = get(base, &locator, &format!("/housing?q={plain}")).await;
    assert!(html.contains(&escaped(&accented)), "{html}");

    // A wrong parameter: the API says so, the page (an old bookmark) shows its default.
    for bad in [
        "sort=rent",
        "dir=up",
        "per_page=7",
        "page=0",
        "kind=cooperative",
    ] {
        let (status, problem) =
            common::get_json(base, &locator, &format!("/api/v1/landlords?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(problem["code"], "error-bad-request");
        let (status, _) = get(base, &locator, &format!("/housing?{bad}")).await;
        assert_eq!(status, StatusCode::OK, "{bad}");
    }
    // Landlords are the locator's: an analyst gets neither.
    let analyst = login(base, "analyst@passerelle.example.org").await;
    let (status, _) = common::get_json(base, &analyst, "/api/v1/landlords").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// Text as the pages write it (askama's escaping).
fn escaped(text: &str) -> String {
    text.replace('&', "&#38;").replace('\'', "&#39;")
}

/// The open units list sorts and pages from its URL, the API agrees, and a partner worker
/// gets from the API only what their page shows.
#[tokio::test]
async fn the_open_units_list_sorts_and_pages_and_the_api_shows_workers_what_their_page_does() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let locator = login(base, "locator@passerelle.example.org").await;
    let (status, first) = common::get_json(
        base,
        &locator,
        "/api/v1/units?sort=rent&dir=desc&per_page=25",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (_, second) = common::get_json(
        base,
        &locator,
        "/api/v1/units?sort=rent&dir=desc&per_page=25&page=2",
    )
    .await;
    let total = first["total"].as_u64().unwrap();
    assert!(total > 50, "{total}");
    let rents: Vec<i64> = [&first, &second]
        .iter()
        .flat_map(|b| b["units"].as_array().unwrap().clone())
        .map(|u| u["rent_cents"].as_i64().unwrap())
        .collect();
    assert_eq!(rents.len(), 50);
    assert!(rents.windows(2).all(|w| w[0] >= w[1]), "{rents:?}");
    // The page shows the same total and, first, the dearest unit's address.
    let (_, html) = get(
        base,
        &locator,
        "/housing/units?sort=rent&dir=desc&per_page=25",
    )
    .await;
    assert!(
        html.contains(&format!("Page 1 of {}", total.div_ceil(25))),
        "{html}"
    );
    let dearest = first["units"][0]["address"].as_str().unwrap();
    assert!(html.contains(&escaped(dearest)), "{dearest}");
    // Filters narrow: two-bedroom units only.
    let (_, two) = common::get_json(base, &locator, "/api/v1/units?bedrooms=2&per_page=100").await;
    assert!(
        two["units"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["bedrooms"] == 2)
    );
    assert!(two["total"].as_u64().unwrap() < total);

    // A partner worker: no address, landlord or label, in the API as on the page.
    let worker = login(base, common::WORKER).await;
    let (status, seen) = common::get_json(base, &worker, "/api/v1/units?per_page=100").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen["total"], total);
    for unit in seen["units"].as_array().unwrap() {
        for hidden in ["address", "landlord_id", "landlord_name", "label"] {
            assert!(unit.get(hidden).is_none(), "{unit}");
        }
    }
    let (status, _) = common::get_json(base, &worker, "/api/v1/units?bedrooms=two").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = get(base, &worker, "/housing/units?bedrooms=two&sort=size").await;
    assert_eq!(status, StatusCode::OK);
}

/// A landlord's page shows its units a page at a time, sorted from the URL: a building of
/// thirty units in two properties, read 25 at a time by rent, highest first.
#[tokio::test]
async fn a_landlords_units_page_and_sort_from_its_url() {
    use passerelle_domain::housing::{Cents, LandlordFields, PropertyFields, UnitFields};
    let app = spawn_demo_app().await;
    let landlord = app
        .store
        .create_landlord(
            None,
            LandlordFields {
                name: "Tall Building Co-operative".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let mut rents = Vec::new();
    for (p, address) in ["12 Long Street", "14 Long Street"].iter().enumerate() {
        let property = app
            .store
            .create_property(
                None,
                landlord.id,
                PropertyFields {
                    address: address.to_string(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        for n in 0..15 {
            // Rents that do not follow the labels' order, two units per rent.
            let rent = 90_000 + ((n * 7 + p * 3) % 15) as i64 * 1_000;
            rents.push(rent);
            app.store
                .create_unit(
                    None,
                    property.id,
                    UnitFields {
                        label: format!("{}", 100 + n),
                        bedrooms: 1,
                        rent: Cents(rent),
                        available_from: Some(time::OffsetDateTime::now_utc().date()),
                        ..Default::default()
                    },
                    time::OffsetDateTime::now_utc().date(),
                )
                .await
                .unwrap();
        }
    }
    let locator = login(&app.base, "locator@passerelle.example.org").await;
    let page = |query: &str| {
        let path = format!("/housing/landlords/{}{query}", landlord.id);
        let (base, locator) = (app.base.clone(), locator.clone());
        async move {
            let (status, html) = get(&base, &locator, &path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            html
        }
    };
    let rows = |html: &str| -> Vec<String> {
        let start = html.find("id=\"landlord-units\"").unwrap();
        let table = &html[start..start + html[start..].find("</table>").unwrap()];
        table.split("<tr>").skip(2).map(str::to_owned).collect()
    };
    let first = page("").await;
    assert!(first.contains("30 units"), "the count is all of them");
    assert_eq!(rows(&first).len(), 30, "50 to a page by default");

    let by_rent = page("?sort=rent&dir=desc&per_page=25").await;
    let next = page("?sort=rent&dir=desc&per_page=25&page=2").await;
    assert_eq!(rows(&by_rent).len(), 25);
    assert_eq!(rows(&next).len(), 5);
    assert!(by_rent.contains("rel=\"next\""));
    assert!(!next.contains("rel=\"next\""));
    // The rents read down both pages, highest first, each unit once.
    let money = |row: &String| -> i64 {
        let cell = row.split("<td>").nth(4).unwrap();
        cell[..cell.find("</td>").unwrap()]
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap()
    };
    let read: Vec<i64> = rows(&by_rent)
        .iter()
        .chain(&rows(&next))
        .map(money)
        .collect();
    rents.sort_by(|a, b| b.cmp(a));
    let dollars: Vec<i64> = rents.iter().map(|cents| cents / 100).collect();
    assert_eq!(read, dollars, "rents as the page shows them, whole dollars");
}

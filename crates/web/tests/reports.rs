//! The reports area over real HTTP on the demo: the housing outcomes agree with a count the
//! test makes itself from the raw tenancies and referrals; no published count of persons
//! (page, CSV or API) lies between 1 and k − 1, and no line leaves a lone withheld count a
//! total would give away; bad periods are refused field by field; an empty period says so;
//! and each role reaches what its rule says.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::HashMap;
use time::{Date, Duration};

const LOCATOR: &str = "locator@passerelle.example.org";
const ADMIN: &str = "admin@passerelle.example.org";
const CONVENER: &str = "convener@passerelle.example.org";
const ANALYST: &str = "analyst@passerelle.example.org";

fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

fn day(raw: &str) -> Date {
    passerelle_domain::housing::date("", raw).unwrap()
}

/// The two years of the demo, as the report's query.
fn two_years() -> String {
    let to = today();
    let from = to - Duration::days(720);
    format!(
        "from={:04}-{:02}&to={:04}-{:02}",
        from.year(),
        from.month() as u8,
        to.year(),
        to.month() as u8
    )
}

/// A published count: `Some(n)` when shown, `None` when withheld.
fn count(cell: &Value) -> Option<u64> {
    cell.get("Shown").and_then(Value::as_u64)
}

/// Every count of a published grid: cells, row totals, column totals, total.
fn grid_counts(grid: &Value) -> Vec<&Value> {
    let mut all: Vec<&Value> = grid["cells"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .collect();
    all.extend(grid["row_totals"].as_array().unwrap());
    all.extend(grid["column_totals"].as_array().unwrap());
    if !grid["total"].is_null() {
        all.push(&grid["total"]);
    }
    all
}

/// No line of a grid holds exactly one withheld count.
fn no_lone_withheld(grid: &Value) {
    let cells: Vec<&Vec<Value>> = grid["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap())
        .collect();
    let rows = grid["row_totals"].as_array().unwrap();
    let cols = grid["column_totals"].as_array().unwrap();
    let lone = |line: Vec<&Value>| line.iter().filter(|c| count(c).is_none()).count() == 1;
    for (r, row) in cells.iter().enumerate() {
        assert!(
            !lone(row.iter().chain([&rows[r]]).collect()),
            "row {r}: {grid}"
        );
    }
    if !cols.is_empty() {
        for (c, total) in cols.iter().enumerate() {
            assert!(
                !lone(cells.iter().map(|r| &r[c]).chain([total]).collect()),
                "column {c}: {grid}"
            );
        }
        let total = &grid["total"];
        assert!(
            !lone(rows.iter().chain([total]).collect()),
            "totals: {grid}"
        );
        assert!(
            !lone(cols.iter().chain([total]).collect()),
            "totals: {grid}"
        );
    }
}

/// One tenancy as the test reads it from the database itself.
struct Raw {
    moved_in: Date,
    ended: Option<Date>,
    reason: Option<String>,
    /// The person's referral days, merged persons followed.
    referrals: Vec<Date>,
}

async fn raw_tenancies(app: &common::TestApp) -> Vec<Raw> {
    let db = app.db().await;
    let tenancies: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT t.person_id, t.moved_in_on, t.ended_on, t.end_reason FROM tenancy t \
         WHERE t.person_id IS NOT NULL AND t.moved_in_on IS NOT NULL",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    let merged: HashMap<String, String> = sqlx::query_as::<_, (String, String)>(
        "SELECT id, merged_into FROM person WHERE merged_into IS NOT NULL",
    )
    .fetch_all(&db)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let mut referrals: HashMap<String, Vec<Date>> = HashMap::new();
    for (person, on) in sqlx::query_as::<_, (String, String)>(
        "SELECT person_id, referred_on FROM referral WHERE person_id IS NOT NULL",
    )
    .fetch_all(&db)
    .await
    .unwrap()
    {
        referrals.entry(person).or_default().push(day(&on));
    }
    tenancies
        .into_iter()
        .map(|(person, moved_in, ended, reason)| {
            let person = merged.get(&person).cloned().unwrap_or(person);
            Raw {
                moved_in: day(&moved_in),
                ended: ended.as_deref().map(day),
                reason,
                referrals: referrals.get(&person).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

/// The same calendar day `months` later, clamped to the month's end.
fn months_after(d: Date, months: u32) -> Date {
    passerelle_domain::tenancies::add_months(d, months)
}

#[tokio::test]
async fn the_outcomes_agree_with_a_count_of_the_raw_tenancies_and_referrals() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let analyst = login(base, ANALYST).await;
    let (status, o) = get_json(
        base,
        &analyst,
        &format!("/api/v1/reports/outcomes?{}&k=3", two_years()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{o}");
    let raw = raw_tenancies(&app).await;
    let from = o["from"].as_str().unwrap().to_owned();
    let to = o["to"].as_str().unwrap().to_owned();
    let month = |d: Date| format!("{:04}-{:02}", d.year(), d.month() as u8);
    let in_period: Vec<&Raw> = raw
        .iter()
        .filter(|r| (from.clone()..=to.clone()).contains(&month(r.moved_in)))
        .collect();
    assert!(in_period.len() > 100, "{}", in_period.len());

    // Placements: the move-ins of each month, against the published column totals.
    let months: Vec<String> = o["placements"]["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let m = m.as_i64().unwrap();
            format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
        })
        .collect();
    let grid = &o["placements"]["grid"];
    assert_eq!(count(&grid["total"]), Some(in_period.len() as u64));
    let mut compared = 0;
    for (i, m) in months.iter().enumerate() {
        let mine = in_period.iter().filter(|r| month(r.moved_in) == *m).count() as u64;
        if let Some(published) = count(&grid["column_totals"][i]) {
            assert_eq!(published, mine, "{m}");
            compared += 1;
        }
    }
    assert!(compared > 12, "most months are published");

    // Days from referral to move-in, for everyone: median and 90th percentile.
    let mut waits: Vec<i64> = in_period
        .iter()
        .filter_map(|r| {
            let referred = r.referrals.iter().filter(|d| **d <= r.moved_in).max()?;
            Some((r.moved_in - *referred).whole_days())
        })
        .collect();
    waits.sort_unstable();
    let rank = |share: f64| waits[((share * waits.len() as f64).ceil() as usize).max(1) - 1];
    let everyone = o["time_to_housing"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(everyone["group"], "all");
    assert_eq!(count(&everyone["housed"]), Some(waits.len() as u64));
    assert_eq!(everyone["median_days"].as_i64(), Some(rank(0.5)));
    assert_eq!(everyone["p90_days"].as_i64(), Some(rank(0.9)));

    // Retention at 6 and 12 months: kept to the mark or moved on; deaths left out.
    for (row, months) in [6u32, 12].iter().enumerate() {
        let (mut kept, mut lost, mut out, mut ahead) = (0u64, 0u64, 0u64, 0u64);
        for r in &in_period {
            let mark = months_after(r.moved_in, *months);
            match (r.ended, r.reason.as_deref()) {
                (Some(end), Some("moved_to_other_housing")) if end < mark => kept += 1,
                (Some(end), Some("death")) if end < mark => out += 1,
                (Some(end), _) if end < mark => lost += 1,
                _ if mark > today() => ahead += 1,
                _ => kept += 1,
            }
        }
        let line = &o["retention"]["grid"]["cells"][row];
        for (i, mine) in [kept, lost, out, ahead].iter().enumerate() {
            if let Some(published) = count(&line[i]) {
                assert_eq!(published, *mine, "retention at {months} months, column {i}");
            }
        }
        assert_eq!(
            count(&o["retention"]["grid"]["row_totals"][row]),
            Some(in_period.len() as u64)
        );
    }

    // Returns: referred again within twelve months of the move-in.
    let returned = in_period
        .iter()
        .filter(|r| {
            let limit = months_after(r.moved_in, 12);
            r.referrals
                .iter()
                .any(|d| *d > r.moved_in && *d <= limit && *d <= today())
        })
        .count() as u64;
    let returns = &o["returns"];
    let published: Vec<Option<u64>> = returns["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| count(&row[0]))
        .collect();
    let total = count(&returns["column_totals"][0]);
    match total {
        Some(n) => assert_eq!(n, returned),
        None => assert!(returned < 3 || published.iter().any(Option::is_none)),
    }
}

#[tokio::test]
async fn no_published_count_of_persons_lies_between_one_and_k_minus_one() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let analyst = login(base, ANALYST).await;
    for k in [3u64, 5, 11] {
        let query = format!("{}&k={k}", two_years());
        let (_, o) = get_json(base, &analyst, &format!("/api/v1/reports/outcomes?{query}")).await;
        let grids = [
            &o["placements"]["grid"],
            &o["retention"]["grid"],
            &o["returns"],
            &o["flows"]["grid"],
        ];
        for grid in grids {
            for c in grid_counts(grid) {
                if let Some(n) = count(c) {
                    assert!(n == 0 || n >= k, "k = {k}: {n} published in {grid}");
                }
            }
            no_lone_withheld(grid);
        }
        // The time to housing: the groups and everyone are one line.
        let waits = o["time_to_housing"].as_array().unwrap();
        let lone = waits
            .iter()
            .filter(|w| count(&w["housed"]).is_none())
            .count()
            == 1;
        assert!(!lone, "k = {k}: {waits:?}");
        for w in waits {
            if let Some(n) = count(&w["housed"]) {
                assert!(n == 0 || n >= k);
            } else {
                assert!(w["median_days"].is_null() && w["p90_days"].is_null());
            }
        }
        // Every CSV and the page: no number in a count column from 1 to k − 1. The
        // time-to-housing CSV's day columns are not counts.
        for report in [
            "placements",
            "time-to-housing",
            "retention",
            "returns",
            "flows",
        ] {
            let (status, csv) = get(
                base,
                &analyst,
                &format!("/reports/outcomes.csv?report={report}&{query}"),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{report}");
            for line in csv.lines().skip(1) {
                let cells: Vec<&str> = line.split(',').collect();
                let counts = match report {
                    "time-to-housing" => &cells[1..2],
                    // The rate is a percentage, not a count.
                    "retention" => &cells[1..cells.len() - 1],
                    _ => &cells[1..],
                };
                for c in counts {
                    if let Ok(n) = c.trim_matches('"').parse::<u64>() {
                        assert!(n == 0 || n >= k, "k = {k}: {report}: {line}");
                    }
                }
            }
        }
        let (status, page) = get(base, &analyst, &format!("/reports/outcomes?{query}")).await;
        assert_eq!(status, StatusCode::OK);
        for table in [
            "placements-table",
            "retention-table",
            "returns-table",
            "flows-table",
        ] {
            let start = page.find(&format!("id=\"{table}\"")).unwrap();
            let body = &page[start..start + page[start..].find("</table>").unwrap()];
            for td in body.split("<td>").skip(1) {
                let value = &td[..td.find("</td>").unwrap()];
                if let Ok(n) = value.parse::<u64>() {
                    assert!(n == 0 || n >= k, "k = {k}: {table}: {n}");
                }
            }
        }
    }
}

#[tokio::test]
async fn bad_periods_are_refused_an_empty_one_says_so_and_roles_are_kept() {
    let app = add_other_worker(spawn_demo_app().await).await;
    let base = &app.base;
    let analyst = login(base, ANALYST).await;
    let french = format!("{analyst}; passerelle_lang=fr");
    let (status, page) = get(
        base,
        &french,
        "/reports/outcomes?from=2026-05&to=2026-02&k=2",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("La fin précède le début."), "{page}");
    assert!(
        page.contains("value=\"2026-05\""),
        "the typed month is kept"
    );
    let (status, body) = get_json(base, &analyst, "/api/v1/reports/outcomes?k=2").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.to_string().contains("error-k"), "{body}");
    let (status, _) = get(
        base,
        &analyst,
        "/reports/outcomes.csv?report=placements&from=May",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = get(base, &analyst, "/reports/outcomes.csv?report=nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A period before anything was recorded: every report is there, empty, and says so.
    let (status, page) = get(base, &analyst, "/reports/outcomes?from=2001-01&to=2001-12").await;
    assert_eq!(status, StatusCode::OK);
    for id in [
        "placements",
        "time-to-housing",
        "retention",
        "returns",
        "flows",
    ] {
        assert!(
            page.contains(&format!("id=\"{id}-empty\"")),
            "{id} says it is empty"
        );
    }
    // A file downloaded is in the audit trail.
    let (status, _) = get(base, &analyst, "/reports/outcomes.csv?report=placements").await;
    assert_eq!(status, StatusCode::OK);
    let admin = login(base, ADMIN).await;
    let (_, audit) = get_json(base, &admin, "/api/v1/audit?action=export").await;
    assert!(audit.to_string().contains("placements-"), "{audit}");

    use StatusCode as S;
    const OK: S = S::OK;
    const NO: S = S::FORBIDDEN;
    // Administrator, locator, convener, analyst, worker, another agency's worker.
    let routes: [(&str, [S; 6]); 6] = [
        ("/reports", [OK, OK, OK, OK, OK, OK]),
        ("/reports/projection", [OK, OK, OK, OK, NO, NO]),
        ("/api/v1/reports/projection", [OK, OK, OK, OK, NO, NO]),
        ("/reports/outcomes", [OK, OK, OK, OK, NO, NO]),
        (
            "/reports/outcomes.csv?report=flows",
            [OK, OK, OK, OK, NO, NO],
        ),
        ("/api/v1/reports/outcomes", [OK, OK, OK, OK, NO, NO]),
    ];
    let logins = [ADMIN, LOCATOR, CONVENER, ANALYST, WORKER, OTHER_WORKER];
    for (i, email) in logins.iter().enumerate() {
        let cookie = login(base, email).await;
        for (path, expected) in &routes {
            let (status, _) = get(base, &cookie, path).await;
            assert_eq!(status, expected[i], "{email} GET {path}");
        }
        // The index lists the outcomes to those who may open them only.
        let (_, index) = get(base, &cookie, "/reports").await;
        assert_eq!(index.contains("/reports/outcomes"), i < 4, "{email}");
    }
}

#[tokio::test]
async fn the_projection_starts_from_the_list_today_and_its_last_year() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let analyst = login(base, ANALYST).await;
    let (status, o) = get_json(base, &analyst, "/api/v1/reports/projection?threshold=3").await;
    assert_eq!(status, StatusCode::OK, "{o}");
    // Its starting point is the list as the test counts it.
    let db = app.db().await;
    let (waiting,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM person WHERE merged_into IS NULL AND status IN ('active', 'matched')",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let a = &o["assumptions"];
    assert_eq!(a["waiting"].as_i64(), Some(waiting));
    assert!(a["chronic"].as_i64().unwrap() <= waiting);
    assert_eq!(a["months_of_history"], 12);
    assert!(a["inflow_per_month"].as_f64().unwrap() > 0.0);
    // Ten years of months, each band in order.
    let chronic = o["as_is"]["chronic"].as_array().unwrap();
    assert_eq!(chronic.len(), 120);
    for b in chronic {
        assert!(
            b["low"].as_u64() <= b["median"].as_u64() && b["median"].as_u64() <= b["high"].as_u64()
        );
    }
    // The extra units, when found, bring the median date a year sooner.
    if let (Some(base_month), Some(sooner)) = (
        o["as_is"]["zero_median"].as_u64(),
        o["a_year_sooner"]["zero_median"].as_u64(),
    ) {
        assert!(sooner + 12 <= base_month);
    }
    // The page says it, with its assumptions; the same day shows the same figures.
    let (status, page) = get(base, &analyst, "/reports/projection").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"projection-summary\""));
    assert!(page.contains("id=\"assumptions\""));
    let (_, again) = get_json(base, &analyst, "/api/v1/reports/projection?threshold=3").await;
    assert_eq!(again, o);
    // A threshold that is not one is refused, in the reader's language.
    let french = format!("{analyst}; passerelle_lang=fr");
    let (status, page) = get(base, &french, "/reports/projection?threshold=beaucoup").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Entrez un nombre entier de 0 à 1 000."),
        "{page}"
    );
    let (status, _) = get_json(base, &analyst, "/api/v1/reports/projection?threshold=-1").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_gaps_set_the_persons_waiting_who_need_each_against_its_services() {
    let app = spawn_demo_app().await;
    let base = &app.base;
    let analyst = login(base, ANALYST).await;
    let (status, page) = get(base, &analyst, "/network/gaps").await;
    assert_eq!(status, StatusCode::OK);
    // The test's own count: persons waiting whose latest referral names the need.
    let db = app.db().await;
    let rows: Vec<(Option<String>,)> = sqlx::query_as(
        "SELECT r.needs FROM person p JOIN referral r ON r.person_id = p.id \
         WHERE p.merged_into IS NULL AND p.status IN ('active', 'matched') \
         AND r.seq = (SELECT MAX(q.seq) FROM referral q WHERE q.person_id = p.id)",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    let mut mine: HashMap<String, u64> = HashMap::new();
    for (needs,) in rows {
        for need in needs
            .unwrap_or_default()
            .split(',')
            .filter(|n| !n.is_empty())
        {
            *mine.entry(need.to_owned()).or_default() += 1;
        }
    }
    let table = &page[page.find("id=\"gaps\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let demand: Vec<String> = table
        .split("<td class=\"demand\">")
        .skip(1)
        .step_by(2)
        .map(|c| c[..c.find("</td>").unwrap()].to_owned())
        .collect();
    let needs = passerelle_domain::needs::NEEDS;
    assert_eq!(demand.len(), needs.len());
    let mut compared = 0;
    for (need, shown) in needs.iter().zip(&demand) {
        let count = mine.get(need.0).copied().unwrap_or(0);
        if count == 0 || count >= 5 {
            assert_eq!(shown, &count.to_string(), "{}", need.0);
            compared += usize::from(count > 0);
        } else {
            assert_eq!(shown, "x", "{}: {count} persons must be withheld", need.0);
        }
    }
    assert!(compared > 3, "the demo's persons name needs");
}

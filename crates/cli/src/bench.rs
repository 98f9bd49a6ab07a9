//! Benchmarks that print their figures: cold start on a large directory, and the directory
//! search page's latency under concurrent clients. Inputs are the demo generator at a
//! stated seed and scale.

use clap::Subcommand;
use passerelle_demo::{DemoOptions, generate};
use passerelle_store::Store;
use std::time::{Duration, Instant};

#[derive(Subcommand)]
pub enum BenchKind {
    /// Time from launching `passerelle serve` to its first answered request.
    ColdStart {
        /// Demo scale: 60 gives about 100,000 directory rows.
        #[arg(long, default_value_t = 60)]
        scale: u32,
        #[arg(long, default_value_t = 5)]
        runs: u32,
    },
    /// p50/p95/p99 latency of the directory search page.
    Search {
        /// Demo scale: 60 gives about 11,000 services.
        #[arg(long, default_value_t = 60)]
        scale: u32,
        #[arg(long, default_value_t = 50)]
        clients: usize,
        #[arg(long, default_value_t = 40)]
        requests_per_client: usize,
    },
    /// Every main page under concurrent clients, signed in as an administrator (who sees
    /// them all), on the whole demo community at `scale`: p50, p95, p99 and errors per page.
    Pages {
        /// Demo scale: 10 is ten times the demo (800 agencies, their housing, network and
        /// referrals).
        #[arg(long, default_value_t = 10)]
        scale: u32,
        #[arg(long, default_value_t = 50)]
        clients: usize,
        #[arg(long, default_value_t = 40)]
        requests_per_client: usize,
    },
    /// Identity resolution: deduplicating synthetic referrals stage by stage, then checking
    /// new referrals one at a time against all of them.
    Link {
        /// About how many records (people × about 1.6).
        #[arg(long, default_value_t = 1_000_000)]
        records: usize,
        /// How many new referrals to check one by one.
        #[arg(long, default_value_t = 200)]
        checks: usize,
    },
    /// Render time of the monthly availability dashboard (24 months) over many units.
    Availability {
        /// About how many units (the demo portfolio has about 1,270 per unit of scale).
        #[arg(long, default_value_t = 100_000)]
        units: usize,
        #[arg(long, default_value_t = 50)]
        requests: usize,
    },
    /// Coordinated access at scale: the by-name list page with `list_persons` waiting under
    /// concurrent clients; then, with `persons` known, saving referrals through HTTP (the
    /// duplicate check included) and retraining the linkage model.
    Referrals {
        #[arg(long, default_value_t = 10_000)]
        list_persons: usize,
        #[arg(long, default_value_t = 20)]
        clients: usize,
        #[arg(long, default_value_t = 10)]
        requests_per_client: usize,
        #[arg(long, default_value_t = 100_000)]
        persons: usize,
        #[arg(long, default_value_t = 200)]
        saves: usize,
    },
    /// A match round at scale: `persons` waiting against about `units` open units, from the
    /// database to saved proposals (loading, matching, saving, timed apart); then the round's
    /// page, one request after another.
    Match {
        #[arg(long, default_value_t = 5_000)]
        persons: usize,
        #[arg(long, default_value_t = 1_500)]
        units: usize,
        #[arg(long, default_value_t = 50)]
        requests: usize,
    },
    /// Render time of the network map page for the demo network, sized by each measure.
    NetworkMap {
        #[arg(long, default_value_t = 50)]
        requests: usize,
    },
    /// The reports for public authorities on a city's history: about `referrals` referrals
    /// spread over `years` years (saved through identity resolution) and `tenancies`
    /// tenancies of those persons; then each report's page, CSV and API over the whole
    /// period, the projection, and a one-year report pack.
    Reports {
        #[arg(long, default_value_t = 50_000)]
        referrals: usize,
        #[arg(long, default_value_t = 15_000)]
        tenancies: usize,
        #[arg(long, default_value_t = 10)]
        years: i64,
        #[arg(long, default_value_t = 20)]
        requests: usize,
    },
}

/// Fills the database with the demo community at `scale` unless it already holds it.
async fn prepare(url: &str, scale: u32) -> Result<Store, String> {
    let store = Store::open(url).await.map_err(|e| e.to_string())?;
    let community = generate(DemoOptions { seed: 2026, scale });
    let want = community.directory.organizations.len() as i64;
    if store
        .directory_counts()
        .await
        .map_err(|e| e.to_string())?
        .organizations
        != want
    {
        let started = Instant::now();
        store
            .import_directory(None, &community.directory)
            .await
            .map_err(|e| e.to_string())?;
        eprintln!(
            "loaded {} directory rows in {:.1} s",
            community.directory.row_count(),
            started.elapsed().as_secs_f64()
        );
    }
    let password_hash =
        passerelle_web::auth::hash_password("bench-password").map_err(|e| e.to_string())?;
    use passerelle_domain::roles::Role;
    let first_agency = community.directory.organizations[0].organization.id;
    for (email, role, agency_id) in [
        (BENCH_USER, Role::NetworkConvener, None),
        (BENCH_LOCATOR, Role::HousingLocator, None),
        (BENCH_WORKER, Role::PartnerWorker, Some(first_agency)),
    ] {
        let user = passerelle_store::NewUser {
            email: passerelle_domain::values::Email::parse("email", email).map_err(|_| "email")?,
            display_name: "Bench".into(),
            role,
            agency_id,
            password_hash: password_hash.clone(),
        };
        match store.create_user(None, user).await {
            Ok(_) | Err(passerelle_store::StoreError::Conflict(_)) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    println!(
        "database: {} rows of directory ({} organizations, {} services)",
        community.directory.row_count(),
        want,
        community
            .directory
            .organizations
            .iter()
            .map(|o| o.services.len())
            .sum::<usize>()
    );
    Ok(store)
}

/// `latencies`, sorted, as "p50 … ms, p95 … ms, max … ms".
fn spread(latencies: &mut [Duration]) -> String {
    latencies.sort();
    format!(
        "p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        percentile(latencies, 0.5),
        percentile(latencies, 0.95),
        percentile(latencies, 1.0)
    )
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

pub async fn run(what: BenchKind, url: &str) -> Result<(), String> {
    match what {
        BenchKind::ColdStart { scale, runs } => {
            prepare(url, scale).await?.close().await;
            let exe = std::env::current_exe().map_err(|e| e.to_string())?;
            let client = reqwest::Client::new();
            let mut times = Vec::new();
            for run in 0..runs {
                let port = 20_000 + (std::process::id() % 20_000) as u16 + run as u16;
                let started = Instant::now();
                let mut child = tokio::process::Command::new(&exe)
                    .args([
                        "--database",
                        url,
                        "serve",
                        "--bind",
                        &format!("127.0.0.1:{port}"),
                    ])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .kill_on_drop(true)
                    .spawn()
                    .map_err(|e| e.to_string())?;
                loop {
                    if client
                        .get(format!("http://127.0.0.1:{port}/health"))
                        .send()
                        .await
                        .is_ok_and(|r| r.status().is_success())
                    {
                        break;
                    }
                    if started.elapsed() > Duration::from_secs(60) {
                        return Err("the server did not answer within 60 s".into());
                    }
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
                let elapsed = started.elapsed();
                let _ = child.kill().await;
                println!(
                    "run {}: first response after {:.1} ms",
                    run + 1,
                    elapsed.as_secs_f64() * 1000.0
                );
                times.push(elapsed);
            }
            times.sort();
            println!(
                "cold start: median {:.1} ms, worst {:.1} ms",
                percentile(&times, 0.5),
                percentile(&times, 1.0)
            );
            Ok(())
        }
        BenchKind::Search {
            scale,
            clients,
            requests_per_client,
        } => {
            let store = prepare(url, scale).await?;
            let base = serve(&store).await?;
            // Log in once per client, through the real login form.
            let terms = store.terms().await.map_err(|e| e.to_string())?;
            let areas = store.areas().await.map_err(|e| e.to_string())?;
            let queries: Vec<String> = vec![
                "/directory".into(),
                "/directory?q=shelter".into(),
                "/directory?q=vanier+meals".into(),
                format!(
                    "/directory?service_type={}",
                    passerelle_domain::vocabulary::Vocabulary::ServiceType.term_id("housing")
                ),
                format!(
                    "/directory?population={}&area={}",
                    passerelle_domain::vocabulary::Vocabulary::Population.term_id("youth"),
                    areas[3].id
                ),
                format!("/directory?agency_type={}&page=3", terms[0].id),
                "/directory?q=centre+de+jour".into(),
            ]
            .into_iter()
            .chain(word_queries(&store).await?)
            .collect();
            // Each query once, before any answer is kept in memory: what a query nobody
            // asked since the directory last changed costs.
            let mut first = time_requests(base.clone(), queries.clone(), 0, queries.len()).await?;
            println!(
                "search page, first answers ({} different queries, one client): {}",
                first.len(),
                spread(&mut first)
            );
            under_load(
                "search page",
                BENCH_USER,
                &base,
                vec![("search".into(), queries)],
                clients,
                requests_per_client,
            )
            .await?;
            Ok(())
        }
        BenchKind::Pages {
            scale,
            clients,
            requests_per_client,
        } => {
            let store = prepare_community(url, scale).await?;
            let pages = main_pages(&store).await?;
            let base = serve(&store).await?;
            // Each page alone first (one client, each page three times): what a request
            // costs without waiting for others, and what builds the kept answers.
            under_load(
                "each page alone",
                BENCH_ADMIN,
                &base,
                pages.clone(),
                1,
                pages.len() * 3,
            )
            .await?;
            under_load(
                &format!("main pages at scale {scale}"),
                BENCH_ADMIN,
                &base,
                pages,
                clients,
                requests_per_client,
            )
            .await
        }
        BenchKind::Link { records, checks } => {
            use passerelle_linkage::generate::{SyntheticSpec, synthetic};
            let spec = |people, seed| SyntheticSpec {
                people,
                duplicated: 0.3,
                contact_details: false,
                seed,
            };
            let data = synthetic(&spec(records * 5 / 8, 11));
            let n = data.records.len();
            let started = Instant::now();
            let mut linker = passerelle_linkage::Linker::new(data.records);
            let prepare = started.elapsed();
            let started = Instant::now();
            let pairs = linker.candidate_pairs();
            let block = started.elapsed();
            let started = Instant::now();
            linker.train(
                &pairs,
                passerelle_linkage::Linker::random_pairs_for(n),
                2026,
            );
            let train = started.elapsed();
            let thresholds = passerelle_linkage::Thresholds::default();
            let started = Instant::now();
            let scored = linker.score_pairs(&pairs, thresholds.review);
            let score = started.elapsed();
            let started = Instant::now();
            let clusters = passerelle_linkage::cluster(&linker, &scored, thresholds);
            let cluster = started.elapsed();
            let total = prepare + block + train + score + cluster;
            println!(
                "deduplicated {n} records ({} candidate pairs) in {:.1} s: prepare {:.1}, block {:.1}, train {:.1}, compare and score {:.1}, cluster {:.1}",
                pairs.len(),
                total.as_secs_f64(),
                prepare.as_secs_f64(),
                block.as_secs_f64(),
                train.as_secs_f64(),
                score.as_secs_f64(),
                cluster.as_secs_f64()
            );
            // Blocking: how many true pairs are candidates, and how many comparisons it saves.
            let (found, all) =
                passerelle_linkage::evaluate::pairs_completeness(&pairs, &data.truth);
            let possible = n as f64 * (n as f64 - 1.0) / 2.0;
            println!(
                "blocking: pairs completeness {:.4} ({found} of {all} true pairs), reduction ratio {:.6}",
                found as f64 / all.max(1) as f64,
                1.0 - pairs.len() as f64 / possible
            );
            let p = passerelle_linkage::evaluate::pairwise(&clusters, &data.truth);
            println!(
                "pairwise precision {:.4}, recall {:.4}, F1 {:.4}",
                p.precision, p.recall, p.f1
            );
            drop(pairs);
            drop(scored);
            let new = synthetic(&spec(checks, 99));
            let mut latencies = Vec::with_capacity(checks);
            for record in new.records.iter().take(checks) {
                let t = Instant::now();
                let found = linker.check(record, thresholds.review);
                latencies.push(t.elapsed());
                std::hint::black_box(found);
            }
            latencies.sort();
            println!(
                "one new referral against {n}: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms ({} checks)",
                percentile(&latencies, 0.5),
                percentile(&latencies, 0.95),
                percentile(&latencies, 1.0),
                latencies.len()
            );
            Ok(())
        }
        BenchKind::Availability { units, requests } => {
            let store = prepare(url, 1).await?;
            prepare_housing(&store, units).await?;
            let base = serve(&store).await?;
            let mut latencies =
                time_requests(base, vec!["/housing/availability".into()], 0, requests).await?;
            println!(
                "availability dashboard (24 months), {requests} requests one after another: {}",
                spread(&mut latencies)
            );
            Ok(())
        }
        BenchKind::Referrals {
            list_persons,
            clients,
            requests_per_client,
            persons,
            saves,
        } => {
            let store = prepare(url, 1).await?;
            let community = generate(DemoOptions {
                seed: 2026,
                scale: 1,
            });
            grow_list(&store, &community, list_persons, 1).await?;
            let waiting = store
                .list_entries(&[passerelle_domain::referrals::ListStatus::Active])
                .await
                .map_err(|e| e.to_string())?
                .len();
            let base = serve(&store).await?;
            // The first request builds the app's linkage index: not counted.
            time_requests_as(BENCH_LOCATOR, base.clone(), vec!["/list".into()], 0, 1).await?;
            under_load(
                &format!("by-name list page, {waiting} active persons"),
                BENCH_LOCATOR,
                &base,
                vec![("list".into(), vec!["/list".into()])],
                clients,
                requests_per_client,
            )
            .await?;

            grow_list(&store, &community, persons, 2).await?;
            let known = store
                .identity_rows()
                .await
                .map_err(|e| e.to_string())?
                .len();
            // Half new people, half referred again (their records as another agency wrote them).
            let fresh = passerelle_demo::generate_referrals(
                77,
                saves.div_ceil(1_000).max(1) as u32,
                today(),
                &community.directory,
                None,
            );
            let again =
                passerelle_demo::generate_referrals(2, 1, today(), &community.directory, None);
            let inputs: Vec<&passerelle_domain::referrals::ReferralInput> = fresh
                .referrals
                .iter()
                .zip(&again.referrals)
                .flat_map(|(a, b)| [&a.input, &b.input])
                .filter(|i| i.consent_hub == Some(true))
                .take(saves + 1)
                .collect();
            let base = serve(&store).await?;
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| e.to_string())?;
            let cookie = login(&client, &base, BENCH_WORKER).await?;
            let mut latencies = Vec::with_capacity(saves);
            for (i, input) in inputs.iter().enumerate() {
                let body = referral_json(input);
                let t = Instant::now();
                let response = client
                    .post(format!("{base}/api/v1/referrals"))
                    .header("cookie", &cookie)
                    .json(&body)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                let status = response.status();
                let text = response.text().await.map_err(|e| e.to_string())?;
                if status != reqwest::StatusCode::CREATED {
                    return Err(format!("saving a referral answered {status}: {text}"));
                }
                // The first save builds the app's linkage index over every person: not counted.
                if i > 0 {
                    latencies.push(t.elapsed());
                }
            }
            println!(
                "saving a referral through HTTP with the duplicate check, {known} referrals known, {} saves one after another: {}",
                latencies.len(),
                spread(&mut latencies)
            );

            let people = passerelle_web::referrals::identity::PeopleIndex::default();
            let mut guard = people.lock(&store).await.map_err(|e| e.to_string())?;
            let index = guard.as_mut().ok_or("no index")?;
            let started = Instant::now();
            index
                .retrain(&store, None)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "retraining the linkage model on {} referrals: {:.1} s",
                index.live(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        BenchKind::Match {
            persons,
            units,
            requests,
        } => {
            let store = prepare(url, 1).await?;
            let community = generate(DemoOptions {
                seed: 2026,
                scale: 1,
            });
            grow_list(&store, &community, persons, 3).await?;
            // The demo portfolio's share of units open today sets its scale.
            let one = passerelle_demo::generate_housing(2026, 1, today(), &community.directory);
            let open_per_scale = one
                .units
                .iter()
                .filter(|(u, _)| u.status == passerelle_domain::housing::UnitStatus::Available)
                .count()
                .max(1);
            let scale = units.div_ceil(open_per_scale);
            prepare_housing(&store, scale * one.units.len()).await?;
            let policy =
                passerelle_matching::policy::Policy::parse("acuity,days_homeless,referral_date")
                    .map_err(|e| format!("{e:?}"))?;
            let started = Instant::now();
            let summary =
                passerelle_web::matching::round::start_round(&store, None, today(), &policy, false)
                    .await
                    .map_err(|e| format!("{e:?}"))?;
            let total = started.elapsed().as_secs_f64();
            println!(
                "round: {} persons waiting, {} units open, {} compatible pairs, {} matched",
                summary.persons, summary.units, summary.feasible_pairs, summary.matched
            );
            println!(
                "round from the database to saved proposals: {:.3} s (loading {:.3} s, compatibility and solving {:.3} s, saving {:.3} s)",
                total, summary.seconds.loading, summary.seconds.matching, summary.seconds.saving
            );
            let round = summary.id.ok_or("the round was not saved")?;
            let paths: Vec<String> = (1..=3)
                .map(|page| format!("/match/rounds/{round}?page={page}"))
                .collect();
            let base = serve(&store).await?;
            // The first request warms the connection pool: not counted.
            time_requests_as(BENCH_LOCATOR, base.clone(), paths.clone(), 0, 1).await?;
            let mut latencies = time_requests_as(BENCH_LOCATOR, base, paths, 0, requests).await?;
            println!(
                "round page, {requests} requests one after another over its first 3 pages: {}",
                spread(&mut latencies)
            );
            Ok(())
        }
        BenchKind::Reports {
            referrals,
            tenancies,
            years,
            requests,
        } => {
            let store = prepare(url, 1).await?;
            city_history(&store, referrals, tenancies, years).await?;
            let base = serve(&store).await?;
            let to = today();
            let from = passerelle_domain::housing::MonthIndex(
                passerelle_domain::housing::MonthIndex::of(to).0 - (years as i32 * 12 - 1),
            );
            let period = format!(
                "from={}&to={}",
                from.code(),
                passerelle_domain::housing::MonthIndex::of(to).code()
            );
            let mut paths: Vec<(String, String)> = vec![
                (
                    "outcomes page".into(),
                    format!("/reports/outcomes?{period}"),
                ),
                (
                    "outcomes API".into(),
                    format!("/api/v1/reports/outcomes?{period}"),
                ),
                ("projection page".into(), "/reports/projection".into()),
                ("gaps page".into(), "/network/gaps".into()),
            ];
            for report in [
                "placements",
                "time-to-housing",
                "retention",
                "returns",
                "flows",
            ] {
                paths.push((
                    format!("{report} CSV"),
                    format!("/reports/outcomes.csv?report={report}&{period}"),
                ));
            }
            for (name, path) in paths {
                let mut latencies = time_requests(base.clone(), vec![path], 0, requests).await?;
                println!(
                    "{name} ({years} years), {requests} requests one after another: {}",
                    spread(&mut latencies)
                );
            }
            // A council's pack: the last twelve months, read and written as the CLI does.
            let started = Instant::now();
            let range = passerelle_domain::outcomes::MonthRange::last_twelve(to);
            let outcomes = passerelle_web::outcomes::outcomes(&store, range, 5, to)
                .await
                .map_err(|e| e.to_string())?;
            let files = passerelle_web::outcomes::pack_files(
                &passerelle_web::i18n::Tr::new(passerelle_domain::roles::Language::En),
                &outcomes,
            )?;
            let dir =
                std::env::temp_dir().join(format!("passerelle-pack-{}", uuid::Uuid::new_v4()));
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            for (name, body) in &files {
                std::fs::write(dir.join(name), body).map_err(|e| e.to_string())?;
            }
            let _ = std::fs::remove_dir_all(&dir);
            println!(
                "report pack for one year: {} files in {:.2} s",
                files.len(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        BenchKind::NetworkMap { requests } => {
            let store = prepare(url, 1).await?;
            let community = generate(DemoOptions {
                seed: 2026,
                scale: 1,
            });
            if store
                .relationships()
                .await
                .map_err(|e| e.to_string())?
                .is_empty()
            {
                passerelle_web::demo::load_network(&store, 2026, &community.directory, today())
                    .await
                    .map_err(|e| e.to_string())?;
            }
            let graph = store.network_graph("en").await.map_err(|e| e.to_string())?;
            println!(
                "network: {} agencies, {} relationships",
                graph.nodes.len(),
                graph.ties.len()
            );
            let pages = [
                "/network?size=degree",
                "/network?size=betweenness",
                "/network?size=eigenvector&since=2025-11-01",
                "/network?agency_type=drop-in&size=closeness",
            ];
            let paths = pages.iter().map(|p| p.to_string()).collect();
            let mut latencies = time_requests(serve(&store).await?, paths, 0, requests).await?;
            println!(
                "network map page, {requests} requests one after another over {} filter sets: {}",
                pages.len(),
                spread(&mut latencies)
            );
            Ok(())
        }
    }
}

/// The whole demo community at `scale` (directory, housing, network, outreach, referrals,
/// offers, tenancies), loaded all or nothing into an empty database, or found already
/// there; and the bench administrator.
async fn prepare_community(url: &str, scale: u32) -> Result<Store, String> {
    let store = Store::open(url).await.map_err(|e| e.to_string())?;
    let options = DemoOptions { seed: 2026, scale };
    let want = generate(options).directory.organizations.len() as i64;
    match store.found_empty().await.map_err(|e| e.to_string())? {
        Ok(empty) => {
            let started = Instant::now();
            passerelle_web::demo::load(&store, empty, options, today())
                .await
                .map_err(|e| e.to_string())?;
            eprintln!(
                "loaded the demo at scale {scale} in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
        Err(_) => {
            let have = store
                .directory_counts()
                .await
                .map_err(|e| e.to_string())?
                .organizations;
            if have != want {
                return Err(format!(
                    "this database holds {have} agencies, not the demo at scale {scale} \
                     ({want}): give --database a new file or database"
                ));
            }
        }
    }
    let user = passerelle_store::NewUser {
        email: passerelle_domain::values::Email::parse("email", BENCH_ADMIN)
            .map_err(|_| "email")?,
        display_name: "Bench".into(),
        role: passerelle_domain::roles::Role::Administrator,
        agency_id: None,
        password_hash: passerelle_web::auth::hash_password("bench-password")
            .map_err(|e| e.to_string())?,
    };
    match store.create_user(None, user).await {
        Ok(_) | Err(passerelle_store::StoreError::Conflict(_)) => {}
        Err(e) => return Err(e.to_string()),
    }
    let counts = store.directory_counts().await.map_err(|e| e.to_string())?;
    println!(
        "database: the demo at scale {scale}: {} agencies, {} services, {} units, {} persons on the list",
        counts.organizations,
        counts.services,
        store.unit_count().await.map_err(|e| e.to_string())?,
        store
            .list_entries(&[])
            .await
            .map_err(|e| e.to_string())?
            .len()
    );
    Ok(store)
}

/// The pages [`BenchKind::Pages`] drives, each with the addresses its requests cycle
/// through: several searches, filters, sorts and later pages where the page has them.
async fn main_pages(store: &Store) -> Result<Vec<Page>, String> {
    let agencies: Vec<String> = store
        .organization_names()
        .await
        .map_err(|e| e.to_string())?
        .iter()
        .step_by(97)
        .map(|(id, _)| format!("/directory/organizations/{id}"))
        .collect();
    let mut search = vec![
        "/directory".to_owned(),
        "/directory?q=shelter".to_owned(),
        "/directory?q=centre+de+jour".to_owned(),
        "/directory?page=3".to_owned(),
    ];
    search.extend(word_queries(store).await?);
    let fixed: [(&str, &[&str]); 11] = [
        (
            "housing",
            &[
                "/housing",
                "/housing?page=2",
                "/housing?sort=units&dir=desc",
            ],
        ),
        (
            "units",
            &[
                "/housing/units",
                "/housing/units?sort=rent",
                "/housing/units?page=2",
                "/housing/units?bedrooms=2",
            ],
        ),
        ("availability", &["/housing/availability"]),
        ("network map", &["/network", "/network?size=betweenness"]),
        ("outreach", &["/network/outreach", "/network/meetings"]),
        ("by-name list", &["/list"]),
        ("referrals", &["/referrals"]),
        ("offers", &["/offers"]),
        ("tenancies", &["/tenancies"]),
        ("outcomes report", &["/reports/outcomes"]),
        ("audit trail", &["/admin/audit"]),
    ];
    let mut pages = vec![
        ("directory search".to_owned(), search),
        ("organization".to_owned(), agencies),
    ];
    pages.extend(fixed.iter().map(|(page, paths)| {
        (
            page.to_string(),
            paths.iter().map(|p| p.to_string()).collect(),
        )
    }));
    Ok(pages)
}

/// A page of a load test, and the addresses its requests cycle through.
type Page = (String, Vec<String>);

/// Times `clients` concurrent clients, each signed in as `email` through the real sign-in
/// form and making `requests_per_client` requests over `pages` in turn, from its own
/// starting point; prints the latency percentiles, errors (answers other than 200) and
/// throughput under `label`, and each page's when there are several.
async fn under_load(
    label: &str,
    email: &'static str,
    base: &str,
    pages: Vec<Page>,
    clients: usize,
    requests_per_client: usize,
) -> Result<(), String> {
    let pages = std::sync::Arc::new(pages);
    // Every client signs in before any is timed: sign-ins (Argon2) are not the pages' cost.
    let signed_in = std::sync::Arc::new(tokio::sync::Barrier::new(clients + 1));
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (signed_in, pages, base) = (signed_in.clone(), pages.clone(), base.to_owned());
        tasks.push(tokio::spawn(async move {
            let client = signed_in_client(&base, email).await;
            signed_in.wait().await;
            let (client, cookie) = client?;
            let mut timed = Vec::with_capacity(requests_per_client);
            for r in c..c + requests_per_client {
                let page = r % pages.len();
                let paths = &pages[page].1;
                let path = &paths[(r / pages.len() + c) % paths.len()];
                let t = Instant::now();
                let answer = client
                    .get(format!("{base}{path}"))
                    .header("cookie", &cookie)
                    .send()
                    .await;
                // What went wrong, if anything: a status other than 200, or no answer.
                let error = match answer {
                    Ok(answer) => {
                        let status = answer.status();
                        match answer.bytes().await {
                            Ok(_) if status == reqwest::StatusCode::OK => None,
                            Ok(_) => Some(status.as_u16().to_string()),
                            Err(e) => Some(e.to_string()),
                        }
                    }
                    Err(e) => Some(e.to_string()),
                };
                timed.push((page, t.elapsed(), error));
            }
            Ok::<_, String>(timed)
        }));
    }
    signed_in.wait().await;
    let started = Instant::now();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.map_err(|e| e.to_string())??);
    }
    let wall = started.elapsed();
    let summary = |of: &dyn Fn(usize) -> bool| {
        let mut latencies: Vec<Duration> = all
            .iter()
            .filter(|(page, _, _)| of(*page))
            .map(|(_, latency, _)| *latency)
            .collect();
        let mut errors: Vec<&str> = all
            .iter()
            .filter(|(page, _, _)| of(*page))
            .filter_map(|(_, _, error)| error.as_deref())
            .collect();
        errors.sort();
        let mut kinds: Vec<String> = Vec::new();
        for chunk in errors.chunk_by(|a, b| a == b) {
            kinds.push(format!("{} × {}", chunk.len(), chunk[0]));
        }
        let errors = match kinds.is_empty() {
            true => "0 errors".to_owned(),
            false => format!("{} errors ({})", errors.len(), kinds.join(", ")),
        };
        latencies.sort();
        if latencies.is_empty() {
            // Fewer requests than pages: no client reached this one.
            return "no request".to_owned();
        }
        format!(
            "{} requests: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {errors}",
            latencies.len(),
            percentile(&latencies, 0.5),
            percentile(&latencies, 0.95),
            percentile(&latencies, 0.99),
            percentile(&latencies, 1.0),
        )
    };
    println!(
        "{label}, {clients} concurrent clients, {}, {:.0} requests/s",
        summary(&|_| true),
        all.len() as f64 / wall.as_secs_f64()
    );
    if pages.len() > 1 {
        for (i, (page, _)) in pages.iter().enumerate() {
            println!("  {page:<17} {}", summary(&|p| p == i));
        }
    }
    Ok(())
}

/// Searches by words taken from the directory itself: a word of every 400th service's
/// name, whole, and its first four letters (a partial word).
async fn word_queries(store: &Store) -> Result<Vec<String>, String> {
    let snapshot = store.export_directory().await.map_err(|e| e.to_string())?;
    let mut queries = Vec::new();
    let services = snapshot.organizations.iter().flat_map(|o| &o.services);
    for service in services.step_by(400) {
        let words: Vec<&str> = service
            .fields
            .name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 5)
            .collect();
        if let Some(word) = words.last() {
            let partial: String = word.chars().take(4).collect();
            for q in [word.to_string(), partial] {
                let path = format!("/directory?q={}", urlencoding(&q));
                if !queries.contains(&path) {
                    queries.push(path);
                }
            }
        }
    }
    Ok(queries)
}

/// `text` as a URL query value.
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Loads demo referrals (seed `seed`) until the list has about `persons` persons, as the
/// demo does: one batch through the app's save path (identity resolution included), with
/// the people's latest contacts.
async fn grow_list(
    store: &Store,
    community: &passerelle_demo::Community,
    persons: usize,
    seed: u64,
) -> Result<(), String> {
    let have = store
        .list_entries(&[])
        .await
        .map_err(|e| e.to_string())?
        .len();
    if have * 100 >= persons * 95 {
        return Ok(());
    }
    // About 1,000 persons per unit of the generator's scale, a tenth of whom leave the list.
    let scale = ((persons - have) * 11 / 10).div_ceil(1_000) as u32;
    let demo =
        passerelle_demo::generate_referrals(seed, scale, today(), &community.directory, None);
    let started = Instant::now();
    let count = demo.referrals.len();
    passerelle_web::demo::load_referrals(store, demo, &Default::default(), today())
        .await
        .map_err(|e| e.to_string())?;
    passerelle_web::demo::close_history(store, today())
        .await
        .map_err(|e| e.to_string())?;
    eprintln!(
        "saved {count} referrals (identity resolution on each) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A referral as the API takes it.
fn referral_json(input: &passerelle_domain::referrals::ReferralInput) -> serde_json::Value {
    serde_json::json!({
        "given_name": input.given_name,
        "family_name": input.family_name,
        "birth_date": input.birth_date,
        "sex_gender": input.sex_gender,
        "phone": input.phone,
        "email": input.email,
        "last_address": input.last_address,
        "postal_code": input.postal_code,
        "adults": input.adults,
        "children_ages": input.children_ages,
        "needs": input.needs,
        "days_homeless": input.days_homeless,
        "assessment_score": input.assessment_score,
        "consent_hub": true,
        "consent_method": input.consent_method,
        "consent_witness": input.consent_witness,
        "consent_expires_on": (today() + time::Duration::days(730)).to_string(),
    })
}

/// Serves the app over `store` on a free port; its base URL.
async fn serve(store: &Store) -> Result<String, String> {
    let state = passerelle_web::AppState::new(store.clone(), passerelle_web::Config::default());
    let addr = passerelle_web::spawn(state)
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!("http://{addr}"))
}

/// Logs in as the bench convener and times `requests` requests, one after another,
/// cycling through `paths` from the `first`.
async fn time_requests(
    base: String,
    paths: Vec<String>,
    first: usize,
    requests: usize,
) -> Result<Vec<Duration>, String> {
    time_requests_as(BENCH_USER, base, paths, first, requests).await
}

const BENCH_USER: &str = "bench@passerelle.example.org";
const BENCH_LOCATOR: &str = "bench-locator@passerelle.example.org";
const BENCH_WORKER: &str = "bench-worker@passerelle.example.org";
const BENCH_ADMIN: &str = "bench-admin@passerelle.example.org";

/// [`time_requests`] as the bench user `email`.
async fn time_requests_as(
    email: &'static str,
    base: String,
    paths: Vec<String>,
    first: usize,
    requests: usize,
) -> Result<Vec<Duration>, String> {
    time_requests_with(
        signed_in_client(&base, email).await?,
        base,
        paths,
        first,
        requests,
    )
    .await
}

/// A client and its session cookie, signed in as the bench user `email`.
async fn signed_in_client(base: &str, email: &str) -> Result<(reqwest::Client, String), String> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let cookie = login(&client, base, email).await?;
    Ok((client, cookie))
}

/// Times `requests` requests by a signed-in client, one after another, cycling through
/// `paths` from the `first`.
async fn time_requests_with(
    (client, cookie): (reqwest::Client, String),
    base: String,
    paths: Vec<String>,
    first: usize,
    requests: usize,
) -> Result<Vec<Duration>, String> {
    let mut latencies = Vec::with_capacity(requests);
    for path in paths.iter().cycle().skip(first).take(requests) {
        let t = Instant::now();
        let response = client
            .get(format!("{base}{path}"))
            .header("cookie", &cookie)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        response.bytes().await.map_err(|e| e.to_string())?;
        if !status.is_success() {
            return Err(format!("{path} answered {status}"));
        }
        latencies.push(t.elapsed());
    }
    Ok(latencies)
}

/// Fills the database with a demo portfolio of about `units` units unless it holds one.
async fn prepare_housing(store: &Store, units: usize) -> Result<(), String> {
    let community = generate(DemoOptions {
        seed: 2026,
        scale: 1,
    });
    let per_scale = passerelle_demo::generate_housing(2026, 1, today(), &community.directory)
        .units
        .len();
    let scale = units.div_ceil(per_scale.max(1)) as u32;
    let housing = passerelle_demo::generate_housing(2026, scale, today(), &community.directory);
    if store.unit_count().await.map_err(|e| e.to_string())? != housing.units.len() as i64 {
        let started = Instant::now();
        store
            .import_housing(&housing)
            .await
            .map_err(|e| e.to_string())?;
        eprintln!(
            "loaded {} units with their history in {:.1} s",
            housing.units.len(),
            started.elapsed().as_secs_f64()
        );
    }
    println!(
        "database: {} landlords, {} units, {} months of history",
        housing.landlords.len(),
        housing.units.len(),
        passerelle_demo::HISTORY_MONTHS
    );
    Ok(())
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// Logs in as a bench user and returns the cookie header to send.
async fn login(client: &reqwest::Client, base: &str, email: &str) -> Result<String, String> {
    let page = client
        .get(format!("{base}/login"))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let csrf_cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.strip_prefix("passerelle_csrf=")
                .and_then(|r| r.split(';').next())
                .map(str::to_owned)
        })
        .ok_or("no CSRF cookie")?;
    let form = [
        ("csrf", csrf_cookie.as_str()),
        ("email", email),
        ("password", "bench-password"),
        ("next", "/"),
    ];
    let response = client
        .post(format!("{base}/login"))
        .header("cookie", format!("passerelle_csrf={csrf_cookie}"))
        .form(&form)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let session = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.strip_prefix("passerelle_session=")
                .and_then(|r| r.split(';').next())
                .map(str::to_owned)
        })
        .ok_or("login failed")?;
    Ok(format!("passerelle_session={session}"))
}

/// A city's history for the reports' benchmark, unless the database holds it: demo
/// referrals (through identity resolution) with their days spread back over `years` years,
/// then `tenancies` tenancies of their persons on a demo portfolio, each moved into a month
/// to a year after the person's latest referral, four in ten ended since with a reason.
async fn city_history(
    store: &Store,
    referrals: usize,
    tenancies: usize,
    years: i64,
) -> Result<(), String> {
    use passerelle_store::testing::{HistoricTenancy, insert_historic_tenancies};
    let today = today();
    let community = generate(DemoOptions {
        seed: 2026,
        scale: 1,
    });
    let have = store
        .latest_referral_seq()
        .await
        .map_err(|e| e.to_string())? as usize;
    if have * 100 < referrals * 95 {
        let scale = (referrals - have).div_ceil(1_500) as u32;
        let mut demo =
            passerelle_demo::generate_referrals(7, scale, today, &community.directory, None);
        // The generator spans two years: stretched over `years`, consent still holding, the
        // person as old at the referral as they were (their birth moved back as far).
        for r in &mut demo.referrals {
            let back = (today - r.referred_on).whole_days() * years / 2;
            let moved = r.referred_on - (today - time::Duration::days(back));
            r.referred_on -= moved;
            if let Ok(born) = passerelle_domain::housing::date("", &r.input.birth_date) {
                r.input.birth_date = passerelle_domain::housing::date_text(born - moved);
            }
            r.input.consent_given_on = passerelle_domain::housing::date_text(r.referred_on);
            r.input.consent_expires_on =
                passerelle_domain::housing::date_text(today + time::Duration::days(365));
        }
        // A referral the stretch made unreadable (a birth known by its month only) is left
        // out, as a worker would have been refused it.
        demo.referrals
            .retain(|r| r.input.parse(r.referred_on).is_ok());
        let count = demo.referrals.len();
        let started = Instant::now();
        passerelle_web::demo::load_referrals(store, demo, &Default::default(), today)
            .await
            .map_err(|e| e.to_string())?;
        passerelle_web::demo::close_history(store, today)
            .await
            .map_err(|e| e.to_string())?;
        eprintln!(
            "saved {count} referrals over {years} years (identity resolution on each) in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let followed = store
        .tenancies(&passerelle_store::TenancyFilter::default())
        .await
        .map_err(|e| e.to_string())?
        .len();
    if followed * 100 < tenancies * 95 {
        prepare_housing(store, tenancies / 5).await?;
        let units: Vec<uuid::Uuid> = store
            .units(&Default::default())
            .await
            .map_err(|e| e.to_string())?
            .iter()
            .map(|u| u.unit.id)
            .collect();
        let entries = store.list_entries(&[]).await.map_err(|e| e.to_string())?;
        let mut rng = passerelle_rng::Rng::new(2026);
        let reasons = passerelle_domain::tenancies::TENANCY_END_REASONS;
        let mut history = Vec::with_capacity(tenancies);
        for (i, e) in entries
            .iter()
            .cycle()
            .take(tenancies - followed)
            .enumerate()
        {
            let moved_in = e.first_referred_on + time::Duration::days(30 + rng.below(330) as i64);
            if moved_in >= today {
                continue;
            }
            let ended = rng.chance(0.4).then(|| {
                let on = moved_in + time::Duration::days(10 + rng.below(900) as i64);
                (on.min(today), reasons[rng.below(reasons.len())])
            });
            history.push(HistoricTenancy {
                unit_id: units[i % units.len()],
                person_id: e.person_id,
                moved_in_on: moved_in,
                ended,
            });
        }
        insert_historic_tenancies(store, &history)
            .await
            .map_err(|e| e.to_string())?;
    }
    let referrals = store
        .latest_referral_seq()
        .await
        .map_err(|e| e.to_string())?;
    let followed = store
        .tenancies(&passerelle_store::TenancyFilter::default())
        .await
        .map_err(|e| e.to_string())?
        .len();
    println!(
        "database: {referrals} referrals over {years} years, {followed} tenancies of persons housed"
    );
    Ok(())
}

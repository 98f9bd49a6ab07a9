//! Duplication (A7): "how many drop-in centres offer the same services to the same people
//! in the same area, and refer them to the same places?" Each agency's offer is the set of
//! (service type × population × area) its services cover; agencies whose offers overlap
//! (Jaccard at least the threshold) form clusters, shown with the evidence: what they
//! share, and how alike their referral destinations are.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::routes::Routes;
use crate::views::{CSV, Choice, recorded_attachment, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use passerelle_domain::directory::DirectorySnapshot;
use passerelle_domain::text::fold;
use passerelle_domain::vocabulary::Vocabulary;
use passerelle_network::overlap::{Pair, clusters, intersection, jaccard, overlapping_pairs};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new()
        .route("/network/duplication", get(duplication_page))
        .route("/network/duplication.csv", get(duplication_csv))
}

/// One element of an offer: a service type, for a population (nil: anyone), in an area
/// (nil: unknown).
type Offer = (Uuid, Uuid, Uuid);

struct Agency {
    id: Uuid,
    name: String,
    agency_type: Option<Uuid>,
    offers: Vec<Offer>,
    /// Agencies it refers clients to.
    destinations: Vec<Uuid>,
}

/// What the page and the CSV are built from.
struct Analysis {
    agencies: Vec<Agency>,
    pairs: Vec<Pair>,
    labels: HashMap<Uuid, String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct DuplicationQuery {
    /// An agency type's code; all types when empty.
    agency_type: String,
    /// Smallest overlap shown, in percent.
    min: String,
    /// size, services or referrals.
    sort: String,
}

impl DuplicationQuery {
    fn min(&self) -> f64 {
        self.min
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=100).contains(m))
            .unwrap_or(30) as f64
            / 100.0
    }
}

async fn analyse(state: &AppState, q: &DuplicationQuery, lang: &str) -> Result<Analysis, AppError> {
    let directory = state.store.export_directory().await?;
    let referrals = state.store.relationships().await?;
    let wanted_type =
        (!q.agency_type.is_empty()).then(|| Vocabulary::AgencyType.term_id(&q.agency_type));
    let agencies: Vec<Agency> = offers(&directory)
        .into_iter()
        .filter(|a| wanted_type.is_none() || a.agency_type == wanted_type)
        .map(|mut a| {
            let mut destinations: Vec<Uuid> = referrals
                .iter()
                .filter(|r| r.from_org == a.id && r.kind == "refers_clients_to")
                .filter_map(|r| r.to_org)
                .collect();
            destinations.sort_unstable();
            destinations.dedup();
            a.destinations = destinations;
            a
        })
        .collect();
    let sets: Vec<Vec<Offer>> = agencies.iter().map(|a| a.offers.clone()).collect();
    let pairs = overlapping_pairs(&sets, q.min());
    let mut labels: HashMap<Uuid, String> = directory
        .terms
        .iter()
        .map(|t| {
            let name = match (lang, &t.name_fr) {
                ("fr", Some(fr)) => fr.clone(),
                _ => t.name.clone(),
            };
            (t.id, name)
        })
        .collect();
    labels.extend(
        directory
            .areas
            .iter()
            .map(|a| (a.id, a.label(lang).to_owned())),
    );
    labels.extend(
        directory
            .organizations
            .iter()
            .map(|o| (o.organization.id, o.organization.fields.name.clone())),
    );
    Ok(Analysis {
        agencies,
        pairs,
        labels,
    })
}

/// Every agency with its offer: each service's types × populations × areas (the areas of
/// the service's locations, else of the agency's).
fn offers(directory: &DirectorySnapshot) -> Vec<Agency> {
    let vocabulary_of: HashMap<Uuid, Uuid> = directory
        .terms
        .iter()
        .map(|t| (t.id, t.taxonomy_id))
        .collect();
    let is = |term: &Uuid, v: Vocabulary| vocabulary_of.get(term) == Some(&v.id());
    directory
        .organizations
        .iter()
        .map(|o| {
            let area_of: HashMap<Uuid, Uuid> = o
                .locations
                .iter()
                .filter_map(|l| Some((l.id, l.fields.area_id?)))
                .collect();
            let agency_areas: Vec<Uuid> = area_of.values().copied().collect();
            let mut offers = Vec::new();
            for s in &o.services {
                let terms = &s.fields.term_ids;
                let types: Vec<Uuid> = terms
                    .iter()
                    .copied()
                    .filter(|t| is(t, Vocabulary::ServiceType))
                    .collect();
                let mut people: Vec<Uuid> = terms
                    .iter()
                    .copied()
                    .filter(|t| is(t, Vocabulary::Population))
                    .collect();
                if people.is_empty() {
                    people.push(Uuid::nil());
                }
                let mut areas: Vec<Uuid> = s
                    .fields
                    .location_ids
                    .iter()
                    .filter_map(|l| area_of.get(l).copied())
                    .collect();
                if areas.is_empty() {
                    areas = agency_areas.clone();
                }
                if areas.is_empty() {
                    areas.push(Uuid::nil());
                }
                for t in &types {
                    for p in &people {
                        for a in &areas {
                            offers.push((*t, *p, *a));
                        }
                    }
                }
            }
            offers.sort_unstable();
            offers.dedup();
            Agency {
                id: o.organization.id,
                name: o.organization.fields.name.clone(),
                agency_type: o
                    .organization
                    .fields
                    .term_ids
                    .iter()
                    .copied()
                    .find(|t| is(t, Vocabulary::AgencyType)),
                offers,
                destinations: Vec::new(),
            }
        })
        .collect()
}

struct ClusterView {
    agencies: Vec<(Uuid, String)>,
    /// Mean overlap of offers over the overlapping pairs, in percent.
    services: u32,
    /// Mean overlap of referral destinations over every pair, in percent.
    referrals: u32,
    /// (what is shared, by how many of them)
    shared_offers: Vec<(String, usize)>,
    shared_destinations: Vec<(String, usize)>,
}

/// Elements held by two or more of `sets`, most held first.
fn shared<T: Ord + Copy>(sets: &[&Vec<T>]) -> Vec<(T, usize)> {
    let mut count: BTreeMap<T, usize> = BTreeMap::new();
    for set in sets {
        for e in set.iter() {
            *count.entry(*e).or_default() += 1;
        }
    }
    let mut out: Vec<(T, usize)> = count.into_iter().filter(|(_, n)| *n > 1).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

fn percent(x: f64) -> u32 {
    (x * 100.0).round() as u32
}

fn cluster_views(analysis: &Analysis, sort: &str, anyone: &str, nowhere: &str) -> Vec<ClusterView> {
    let label = |id: &Uuid, fallback: &str| {
        analysis
            .labels
            .get(id)
            .cloned()
            .unwrap_or_else(|| fallback.to_owned())
    };
    let mut views: Vec<ClusterView> = clusters(analysis.agencies.len(), &analysis.pairs)
        .into_iter()
        .map(|members| {
            let agencies: Vec<&Agency> = members.iter().map(|&i| &analysis.agencies[i]).collect();
            let inside: Vec<&Pair> = analysis
                .pairs
                .iter()
                .filter(|p| members.contains(&p.a) && members.contains(&p.b))
                .collect();
            let services =
                inside.iter().map(|p| p.jaccard).sum::<f64>() / inside.len().max(1) as f64;
            let mut referral_sum = 0.0;
            let mut referral_pairs = 0;
            for (k, a) in agencies.iter().enumerate() {
                for b in &agencies[k + 1..] {
                    referral_sum += jaccard(&a.destinations, &b.destinations);
                    referral_pairs += 1;
                }
            }
            let offers: Vec<&Vec<Offer>> = agencies.iter().map(|a| &a.offers).collect();
            let destinations: Vec<&Vec<Uuid>> = agencies.iter().map(|a| &a.destinations).collect();
            ClusterView {
                agencies: agencies.iter().map(|a| (a.id, a.name.clone())).collect(),
                services: percent(services),
                referrals: percent(referral_sum / referral_pairs.max(1) as f64),
                shared_offers: shared(&offers)
                    .into_iter()
                    .map(|((t, p, a), n)| {
                        (
                            format!(
                                "{} · {} · {}",
                                label(&t, "?"),
                                label(&p, anyone),
                                label(&a, nowhere)
                            ),
                            n,
                        )
                    })
                    .collect(),
                shared_destinations: shared(&destinations)
                    .into_iter()
                    .map(|(d, n)| (label(&d, "?"), n))
                    .collect(),
            }
        })
        .collect();
    match sort {
        "services" => views.sort_by_key(|v| std::cmp::Reverse(v.services)),
        "referrals" => views.sort_by_key(|v| std::cmp::Reverse(v.referrals)),
        _ => {}
    }
    views
}

#[derive(Template)]
#[template(path = "network/duplication.html")]
struct DuplicationPage<'a> {
    ctx: &'a Ctx,
    types: Vec<Choice>,
    min: u32,
    sort: String,
    compared: usize,
    clusters: Vec<ClusterView>,
    query: String,
}

async fn duplication_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DuplicationQuery>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_see_network())?;
    let lang = ctx.lang();
    let analysis = analyse(&state, &q, lang).await?;
    let clusters = cluster_views(
        &analysis,
        &q.sort,
        &ctx.tr.t("duplication-anyone"),
        &ctx.tr.t("duplication-no-area"),
    );
    let mut types: Vec<Choice> = Vocabulary::AgencyType
        .terms()
        .iter()
        .map(|t| Choice {
            value: t.0.to_owned(),
            label: Vocabulary::AgencyType
                .label(t.0, lang)
                .unwrap_or(t.0)
                .to_owned(),
            selected: q.agency_type == t.0,
            depth: 0,
        })
        .collect();
    types.sort_by_key(|c| fold(&c.label));
    let min = percent(q.min());
    let page = DuplicationPage {
        ctx: &ctx,
        types,
        min,
        sort: q.sort.clone(),
        compared: analysis.agencies.len(),
        clusters,
        query: format!(
            "agency_type={}&min={min}",
            crate::views::url_encode(&q.agency_type)
        ),
    };
    Ok(render(&page))
}

/// Every overlapping pair with its two measures and what the two share.
async fn duplication_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DuplicationQuery>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_see_network())?;
    let analysis = analyse(&state, &q, ctx.lang()).await?;
    let quote = passerelle_domain::text::csv_field;
    let label = |id: &Uuid| analysis.labels.get(id).cloned().unwrap_or_default();
    let mut out = crate::views::csv_heading(
        &ctx.tr,
        &[
            "agency-a",
            "agency-b",
            "services-overlap",
            "referrals-overlap",
            "shared-services",
        ],
    );
    for p in &analysis.pairs {
        let (a, b) = (&analysis.agencies[p.a], &analysis.agencies[p.b]);
        let evidence: Vec<String> = intersection(&a.offers, &b.offers)
            .into_iter()
            .map(|(t, pop, area)| format!("{} / {} / {}", label(t), label(pop), label(area)))
            .collect();
        let _ = writeln!(
            out,
            "{},{},{:.3},{:.3},{}",
            quote(&a.name),
            quote(&b.name),
            p.jaccard,
            jaccard(&a.destinations, &b.destinations),
            quote(&evidence.join("; "))
        );
    }
    recorded_attachment(&state.store, &ctx, CSV, "duplication.csv", out).await
}

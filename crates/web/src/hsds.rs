//! The HSDS 3.1 API, read-only, at `/hsds/`: the standard's paths, list shape and
//! parameters over the directory, for 211 aggregators and other Open Referral tools.
//!
//! A community chooses whether it is public (`passerelle serve --hsds-public`) or needs a
//! signed-in user or an API token. Either way contacts, which name people, are only in an
//! organization read by id, to a user whose role may see them, and that read is audited as
//! on the organization's page; lists never carry them.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::routes::Routes;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::routing::get;
use passerelle_domain::directory::{DirectorySnapshot, OrganizationRecord};
use passerelle_domain::roles::User;
use passerelle_hsds::{Depth, View};
use passerelle_store::{HsdsPage, HsdsQuery, HsdsTable};
use serde_json::Value;
use uuid::Uuid;

/// The version of the standard served, and where its base profile is described.
const VERSION: &str = "3.1";
const PROFILE: &str = "https://docs.openreferral.org/en/latest/hsds/overview.html";

/// A list page holds this many items unless asked for fewer or more, and never more than
/// [`MAX_PER_PAGE`].
const PER_PAGE: u32 = 50;
const MAX_PER_PAGE: u32 = 200;
const MAX_PAGE: u32 = 1_000_000;

pub fn router() -> Routes {
    Routes::new()
        .route("/hsds/", get(metadata))
        .route("/hsds/services", get(services))
        .route("/hsds/services/{id}", get(service))
        .route("/hsds/organizations", get(organizations))
        .route("/hsds/organizations/{id}", get(organization))
        .route("/hsds/service_at_locations", get(service_at_locations))
        .route("/hsds/service_at_locations/{id}", get(service_at_location))
        .route("/hsds/taxonomies", get(taxonomies))
        .route("/hsds/taxonomies/{id}", get(taxonomy))
        .route("/hsds/taxonomy_terms", get(taxonomy_terms))
        .route("/hsds/taxonomy_terms/{id}", get(taxonomy_term))
}

/// Who may read: anyone when the community made the API public, else a signed-in user or
/// a token. `Some(user)` when someone is signed in, public or not.
fn reader<'a>(state: &AppState, ctx: &'a Ctx) -> Result<Option<&'a User>, AppError> {
    match &ctx.user {
        Some(user) => Ok(Some(user)),
        None if state.config.hsds_public => Ok(None),
        None => Err(AppError::Unauthorized),
    }
}

/// The standard's query parameters, as text so that a wrong one gets a clear error (a
/// problem with `error-bad-request`) rather than a framework's rejection.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ListParams {
    search: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    format: Option<String>,
    taxonomy_term_id: Option<String>,
    taxonomy_id: Option<String>,
    organization_id: Option<String>,
    modified_after: Option<String>,
    postcode: Option<String>,
    full: Option<String>,
    full_service: Option<String>,
    parent_id: Option<String>,
    top_only: Option<String>,
}

fn bad() -> AppError {
    AppError::BadRequest("error-bad-request")
}

/// A parameter that is there must read as its type says, even empty: `?taxonomy_id=` is a
/// mistake to report, not a filter left out.
fn opt_id(raw: &Option<String>) -> Result<Option<Uuid>, AppError> {
    raw.as_deref()
        .map(|raw| Uuid::parse_str(raw.trim()).map_err(|_| bad()))
        .transpose()
}

fn flag(raw: &Option<String>) -> Result<bool, AppError> {
    match raw.as_deref().map(str::trim) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(bad()),
    }
}

fn number(
    raw: &Option<String>,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, AppError> {
    match raw.as_deref() {
        None => Ok(default),
        Some(raw) => raw
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(bad),
    }
}

fn text(raw: &Option<String>) -> Option<String> {
    raw.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A time as the standard's `modified_after` gives it: an RFC 3339 date-time.
fn moment(raw: &Option<String>) -> Result<Option<time::OffsetDateTime>, AppError> {
    use time::format_description::well_known::Rfc3339;
    raw.as_deref()
        // RFC 3339 allows a lower-case `t` and `z`.
        .map(|raw| time::OffsetDateTime::parse(&raw.trim().to_ascii_uppercase(), &Rfc3339))
        .transpose()
        .map_err(|_| bad())
}

impl ListParams {
    fn query(&self) -> Result<HsdsQuery, AppError> {
        // Only JSON pages are served; `ndjson` (all results streamed) is optional in the
        // standard and not offered.
        if self.format.as_deref().is_some_and(|f| f.trim() != "json") {
            return Err(bad());
        }
        Ok(HsdsQuery {
            search: text(&self.search),
            taxonomy_term_id: opt_id(&self.taxonomy_term_id)?,
            taxonomy_id: opt_id(&self.taxonomy_id)?,
            organization_id: opt_id(&self.organization_id)?,
            modified_after: moment(&self.modified_after)?,
            postcode: text(&self.postcode),
            page: number(&self.page, 1, 1..=MAX_PAGE)?,
            per_page: number(&self.per_page, PER_PAGE, 1..=MAX_PER_PAGE)?,
        })
    }

    fn depth(&self) -> Result<Depth, AppError> {
        depth(&self.full)
    }

    /// How deep an organization's services are written (`full_service`).
    fn services_depth(&self) -> Result<Depth, AppError> {
        depth(&self.full_service)
    }
}

fn depth(raw: &Option<String>) -> Result<Depth, AppError> {
    Ok(if flag(raw)? {
        Depth::Full
    } else {
        Depth::Brief
    })
}

/// The directory a response is written from: the vocabularies and these organizations.
async fn directory(
    state: &AppState,
    organizations: Vec<OrganizationRecord>,
) -> Result<DirectorySnapshot, AppError> {
    Ok(DirectorySnapshot {
        taxonomies: state.store.taxonomies().await?,
        terms: state.store.terms().await?,
        areas: state.store.areas().await?,
        organizations,
    })
}

/// The directory records a response is written from, as HSDS tables.
struct Records(passerelle_hsds::Tables);

impl Records {
    fn of(directory: &DirectorySnapshot) -> Records {
        Records(passerelle_hsds::to_tables(directory))
    }

    async fn load(state: &AppState, records: Vec<OrganizationRecord>) -> Result<Records, AppError> {
        Ok(Records::of(&directory(state, records).await?))
    }

    /// These organizations, their contacts left out (only an organization read by id
    /// carries them).
    async fn without_contacts(state: &AppState, ids: &[Uuid]) -> Result<Records, AppError> {
        let mut records = state.store.directory_records(ids).await?;
        for record in &mut records {
            record.contacts.clear();
        }
        Records::load(state, records).await
    }

    fn view(&self) -> View<'_> {
        View::new(&self.0)
    }
}

/// One page of a list: the ids the store found, each written by `write` from its
/// organization's record.
async fn list_of(
    state: &AppState,
    page: HsdsPage,
    query: &HsdsQuery,
    write: impl Fn(&View, &str) -> Option<Value>,
) -> Result<Json<Value>, AppError> {
    let records = Records::without_contacts(state, &page.organizations).await?;
    let view = records.view();
    let contents = page
        .ids
        .iter()
        .filter_map(|id| write(&view, &id.to_string()))
        .collect();
    Ok(Json(passerelle_hsds::page(
        contents,
        page.total,
        query.page,
        query.per_page,
    )))
}

/// A record found through the organization that holds it (a service, a service at a
/// location), written in full by `write`.
async fn owned(
    state: &AppState,
    table: HsdsTable,
    id: &str,
    write: impl Fn(&View, &str) -> Option<Value>,
) -> Result<Json<Value>, AppError> {
    let id = parse_id(id)?;
    let owner = state.store.hsds_owner(table, id).await?;
    let records = Records::without_contacts(state, &[owner]).await?;
    let found = write(&records.view(), &id.to_string());
    found.map(Json).ok_or(AppError::NotFound)
}

fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

/// `/hsds/`: the version, the profile and where this API is described.
async fn metadata(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> Result<Json<Value>, AppError> {
    reader(&state, &ctx)?;
    Ok(Json(serde_json::json!({
        "version": VERSION,
        "profile": PROFILE,
        "openapi_url": format!("{}/api/openapi.json", crate::views::request_origin(&state, &headers)),
    })))
}

async fn services(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<ListParams>,
) -> Result<Json<Value>, AppError> {
    reader(&state, &ctx)?;
    let query = params.query()?;
    let depth = params.depth()?;
    let page = state.store.hsds_services(&query).await?;
    list_of(&state, page, &query, |view, id| view.service(id, depth)).await
}

async fn service(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    reader(&state, &ctx)?;
    owned(&state, HsdsTable::Service, &id, |view, id| {
        view.service(id, Depth::Full)
    })
    .await
}

async fn organizations(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<ListParams>,
) -> Result<Json<Value>, AppError> {
    reader(&state, &ctx)?;
    let query = params.query()?;
    let depth = params.depth()?;
    let services = params.services_depth()?;
    let page = state.store.hsds_organizations(&query).await?;
    list_of(&state, page, &query, |view, id| {
        view.organization(id, depth, services)
    })
    .await
}

/// One organization in full. Its contacts are there for a user whose role sees them on the
/// organization's page, and the read is recorded as it is there.
async fn organization(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(params): Query<ListParams>,
) -> Result<Json<Value>, AppError> {
    let user = reader(&state, &ctx)?;
    let services = params.services_depth()?;
    let id = parse_id(&id)?;
    let mut record = state.store.organization_record(id).await?;
    crate::api::shown_contacts(&state, user, &mut record).await?;
    let records = Records::load(&state, vec![record]).await?;
    let found = records
        .view()
        .organization(&id.to_string(), Depth::Full, services);
    found.map(Json).ok_or(AppError::NotFound)
}

async fn service_at_locations(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<ListParams>,
) -> Result<Json<Value>, AppError> {
    reader(&state, &ctx)?;
    let query = params.query()?;
    let depth = params.depth()?;
    let page = state.store.hsds_service_at_locations(&query).await?;
    list_of(&state, page, &query, |view, id| {
        view.service_at_location(id, depth)
    })
    .await
}

async fn service_at_location(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    reader(&state, &ctx)?;
    owned(&state, HsdsTable::ServiceAtLocation, &id, |view, id| {
        view.service_at_location(id, Depth::Full)
    })
    .await
}

/// A page of `items` (already filtered), as the standard's list.
fn page_of_all(items: Vec<Value>, query: &HsdsQuery) -> Json<Value> {
    let total = items.len() as u64;
    let start = (query.page as usize - 1).saturating_mul(query.per_page as usize);
    let contents = items
        .into_iter()
        .skip(start)
        .take(query.per_page as usize)
        .collect();
    Json(passerelle_hsds::page(
        contents,
        total,
        query.page,
        query.per_page,
    ))
}

/// Whether `name` holds every word of `search` (accents and case ignored).
fn matches(search: &Option<String>, name: &str) -> bool {
    let Some(search) = search else {
        return true;
    };
    let name = passerelle_domain::text::fold(name);
    passerelle_domain::text::fold(search)
        .split(' ')
        .filter(|w| !w.is_empty())
        .all(|w| name.contains(w))
}

/// The taxonomies (few: held in memory and paged there).
async fn taxonomies(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<ListParams>,
) -> Result<Json<Value>, AppError> {
    reader(&state, &ctx)?;
    let query = params.query()?;
    let directory = directory(&state, Vec::new()).await?;
    let records = Records::of(&directory);
    let view = records.view();
    let items = directory
        .taxonomies
        .iter()
        .filter(|x| matches(&query.search, &x.name))
        .filter_map(|x| view.taxonomy(&x.id.to_string()))
        .collect();
    Ok(page_of_all(items, &query))
}

async fn taxonomy(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    reader(&state, &ctx)?;
    let id = parse_id(&id)?;
    let records = Records::load(&state, Vec::new()).await?;
    let found = records.view().taxonomy(&id.to_string());
    found.map(Json).ok_or(AppError::NotFound)
}

/// The terms, filtered by taxonomy, parent or to the top of their taxonomy.
async fn taxonomy_terms(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<ListParams>,
) -> Result<Json<Value>, AppError> {
    reader(&state, &ctx)?;
    let query = params.query()?;
    let parent = opt_id(&params.parent_id)?;
    let top_only = flag(&params.top_only)?;
    let directory = directory(&state, Vec::new()).await?;
    let records = Records::of(&directory);
    let view = records.view();
    let items = directory
        .terms
        .iter()
        .filter(|t| query.taxonomy_id.is_none_or(|x| t.taxonomy_id == x))
        .filter(|t| parent.is_none_or(|p| t.parent_id == Some(p)))
        .filter(|t| !top_only || t.parent_id.is_none())
        .filter(|t| {
            matches(&query.search, &t.name)
                || t.name_fr
                    .as_deref()
                    .is_some_and(|n| matches(&query.search, n))
        })
        .filter_map(|t| view.taxonomy_term(&t.id.to_string()))
        .collect();
    Ok(page_of_all(items, &query))
}

async fn taxonomy_term(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    reader(&state, &ctx)?;
    let id = parse_id(&id)?;
    let records = Records::load(&state, Vec::new()).await?;
    let found = records.view().taxonomy_term(&id.to_string());
    found.map(Json).ok_or(AppError::NotFound)
}

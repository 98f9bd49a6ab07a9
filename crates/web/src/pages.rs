//! Server-rendered pages: log in, home, and the directory (A1). Handlers parse and
//! authorize, call the store, and hand a view to a template.

use crate::AppState;
use crate::auth::{self, Ctx, LANG_COOKIE, SESSION_COOKIE, SESSION_HOURS};
use crate::error::{AppError, permit};
use crate::routes::Routes;
use crate::views::*;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use passerelle_domain::FieldErrors;
use passerelle_domain::directory::*;
use passerelle_domain::roles::Language;
use passerelle_domain::vocabulary::Vocabulary;
use passerelle_store::LoginOutcome;
use std::collections::HashMap;
use std::net::SocketAddr;
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new()
        .route("/", get(home))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/language", post(set_language))
        .route("/directory", get(directory))
        .route("/directory/organizations/new", get(new_organization))
        .route("/directory/organizations", post(create_organization))
        .route(
            "/directory/organizations/{id}",
            get(organization).post(update_organization),
        )
        .route("/directory/organizations/{id}/edit", get(edit_organization))
        .route(
            "/directory/organizations/{id}/services/new",
            get(new_service),
        )
        .route(
            "/directory/organizations/{id}/services",
            post(create_service),
        )
        .route("/directory/services/{id}/edit", get(edit_service))
        .route("/directory/services/{id}", post(update_service))
        .route(
            "/directory/organizations/{id}/locations/new",
            get(new_location),
        )
        .route(
            "/directory/organizations/{id}/locations",
            post(create_location),
        )
        .route(
            "/directory/organizations/{id}/contacts/new",
            get(new_contact),
        )
        .route(
            "/directory/organizations/{id}/contacts",
            post(create_contact),
        )
}

/// A submitted form as name/value pairs, which keeps repeated names (checkbox lists).
pub struct FormData(Vec<(String, String)>);

impl FormData {
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every id submitted under `name`; anything that is not an id is ignored, as a
    /// checkbox list cannot produce it.
    pub fn ids(&self, name: &str) -> Vec<Uuid> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .filter_map(|(_, v)| Uuid::parse_str(v).ok())
            .collect()
    }

    /// Whether a checkbox named `name` was ticked.
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && !v.is_empty())
    }

    /// Every value submitted under `name` (checkbox lists of codes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Checks the CSRF token before anything else is read.
    pub(crate) fn checked(form: Vec<(String, String)>, ctx: &Ctx) -> Result<Self, AppError> {
        let form = FormData(form);
        ctx.check_csrf(&form.get("csrf"))?;
        Ok(form)
    }
}

pub(crate) fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

/// Where to go after logging in: a path on this site, else home. Browsers read `/\host`
/// and `//host` as another site, and a header cannot hold a control character, a space or
/// anything past ASCII: such a `next` is refused whole, never trimmed into something else.
fn local_path(next: &str) -> String {
    let on_this_site = next.starts_with('/')
        && !next.starts_with("//")
        && next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    if on_this_site {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

async fn home(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let counts = state.store.directory_counts().await?;
    Ok(render(&HomePage {
        ctx: &ctx,
        counts,
        can_create: user.can_create_organization(),
    }))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct NextQuery {
    next: String,
}

async fn login_page(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    render(&LoginPage {
        ctx: &ctx,
        email: String::new(),
        error: None,
        next: local_path(&q.next),
    })
}

/// Failed sign-ins allowed within [`LOGIN_WINDOW_MINUTES`]: per e-mail (after its last
/// success), enough for typos but not for guessing; per address, higher, since an office
/// may share one address.
const LOGIN_FAILURES_PER_EMAIL: i64 = 5;
const LOGIN_FAILURES_PER_ADDRESS: i64 = 30;
const LOGIN_WINDOW_MINUTES: i64 = 15;

async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ctx: Ctx,
    request_headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let email = form.get("email");
    let password = form.get("password");
    let next = local_path(&form.get("next"));
    let address = client_address(peer, &request_headers, state.config.trust_forwarded_for);
    let refuse = |status: StatusCode, key: &'static str, email: String| {
        let page = LoginPage {
            ctx: &ctx,
            email,
            error: Some(key),
            next: next.clone(),
        };
        (status, render(&page)).into_response()
    };
    // Checked before the password, so that a guessing run costs no hash once throttled.
    let since = time::OffsetDateTime::now_utc() - time::Duration::minutes(LOGIN_WINDOW_MINUTES);
    let failures = state.store.login_failures(&email, &address, since).await?;
    if failures.by_email >= LOGIN_FAILURES_PER_EMAIL
        || failures.by_address >= LOGIN_FAILURES_PER_ADDRESS
    {
        state
            .store
            .record_login_attempt(&email, &address, LoginOutcome::Throttled)
            .await?;
        let mut response = refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "error-login-throttled",
            email,
        );
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(LOGIN_WINDOW_MINUTES * 60),
        );
        return Ok(response);
    }
    let found = state.store.user_credentials(&email).await?;
    let hash = found
        .as_ref()
        .map(|(_, h)| h.as_str())
        .unwrap_or(auth::decoy_hash());
    let verified = auth::verify_password(&password, hash);
    let outcome = if found.is_some() && verified {
        LoginOutcome::Succeeded
    } else {
        LoginOutcome::Failed
    };
    state
        .store
        .record_login_attempt(&email, &address, outcome)
        .await?;
    let Some((user, _)) = found.filter(|_| verified) else {
        return Ok(refuse(StatusCode::UNAUTHORIZED, "error-login", email));
    };
    let token = auth::random_token();
    let expires = time::OffsetDateTime::now_utc() + time::Duration::hours(SESSION_HOURS);
    state
        .store
        .create_session(
            &auth::token_hash(&token),
            user.id,
            &auth::random_token(),
            expires,
        )
        .await?;
    let mut response = Redirect::to(&next).into_response();
    let secure = state.config.secure_cookies;
    let headers = response.headers_mut();
    headers.append(
        header::SET_COOKIE,
        auth::set_cookie(
            &auth::cookie_name(SESSION_COOKIE, secure),
            &token,
            SESSION_HOURS * 3600,
            secure,
        ),
    );
    if let Some(lang) = user.language {
        headers.append(
            header::SET_COOKIE,
            auth::set_cookie(LANG_COOKIE, lang.code(), 365 * 86400, secure),
        );
    }
    Ok(response)
}

/// The address a request came from: the peer's, or behind a trusted reverse proxy the last
/// `X-Forwarded-For` hop (the one that proxy added; earlier hops are the client's say-so).
fn client_address(peer: SocketAddr, headers: &HeaderMap, trust_forwarded_for: bool) -> String {
    let forwarded = trust_forwarded_for
        .then(|| headers.get_all("x-forwarded-for").iter().next_back())
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|hop| hop.trim().parse::<std::net::IpAddr>().ok());
    forwarded.unwrap_or(peer.ip()).to_string()
}

async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    FormData::checked(form, &ctx)?;
    if let (Some(hash), Some(user)) = (&ctx.session_hash, &ctx.user) {
        state.store.delete_session(hash, user.id).await?;
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(
            &auth::cookie_name(SESSION_COOKIE, state.config.secure_cookies),
            "",
            0,
            state.config.secure_cookies,
        ),
    );
    Ok(response)
}

async fn set_language(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let lang = Language::parse(&form.get("lang")).ok_or(AppError::BadRequest("error-invalid"))?;
    if let Some(user) = &ctx.user {
        state.store.set_user_language(user.id, lang).await?;
    }
    let mut response = Redirect::to(&local_path(&form.get("next"))).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(
            LANG_COOKIE,
            lang.code(),
            365 * 86400,
            state.config.secure_cookies,
        ),
    );
    Ok(response)
}

/// The last page of search results one can ask for.
const MAX_PAGE: u32 = 100_000;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SearchParams {
    pub q: String,
    pub service_type: String,
    pub population: String,
    pub area: String,
    pub agency_type: String,
    pub page: String,
}

impl SearchParams {
    /// Parses the query string; an unparseable criterion is ignored rather than refused,
    /// as a bookmarked search should still open.
    pub fn query(&self) -> DirectoryQuery {
        let id = |s: &str| Uuid::parse_str(s.trim()).ok();
        DirectoryQuery {
            text: Some(self.q.trim().to_owned()).filter(|t| !t.is_empty()),
            service_type: id(&self.service_type),
            population: id(&self.population),
            area: id(&self.area),
            agency_type: id(&self.agency_type),
            page: self.page.trim().parse().unwrap_or(0).min(MAX_PAGE),
        }
    }

    /// The API's reading: a client gets an error for a criterion it got wrong, where a
    /// page ignores it.
    pub fn strict_query(&self) -> Result<DirectoryQuery, AppError> {
        let bad = || AppError::BadRequest("error-bad-request");
        for raw in [
            &self.service_type,
            &self.population,
            &self.area,
            &self.agency_type,
        ] {
            if !raw.trim().is_empty() && Uuid::parse_str(raw.trim()).is_err() {
                return Err(bad());
            }
        }
        let page = self.page.trim();
        if !page.is_empty() && !page.parse::<u32>().is_ok_and(|p| p <= MAX_PAGE) {
            return Err(bad());
        }
        Ok(self.query())
    }

    fn link(&self, page: u32) -> String {
        format!(
            "/directory?q={}&service_type={}&population={}&area={}&agency_type={}&page={page}",
            url_encode(&self.q),
            url_encode(&self.service_type),
            url_encode(&self.population),
            url_encode(&self.area),
            url_encode(&self.agency_type)
        )
    }
}

/// Labels of `ids` among `terms`, joined for display.
fn labels(
    terms: &HashMap<Uuid, TaxonomyTerm>,
    ids: &[Uuid],
    taxonomy: Option<Uuid>,
    lang: &str,
) -> String {
    let mut names: Vec<&str> = ids
        .iter()
        .filter_map(|id| terms.get(id))
        .filter(|t| taxonomy.is_none_or(|x| t.taxonomy_id == x))
        .map(|t| t.label(lang))
        .collect();
    names.sort();
    names.join(", ")
}

async fn directory(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<SearchParams>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let query = params.query();
    let (results, vocabularies) = state.store.search_with_vocabularies(&query).await?;
    let (terms, areas) = (&vocabularies.terms, &vocabularies.areas);
    let lang = ctx.lang();
    let by_id: HashMap<Uuid, TaxonomyTerm> = terms.iter().map(|t| (t.id, t.clone())).collect();
    let selected = |id: Option<Uuid>| id.into_iter().collect::<Vec<_>>();
    let hits = results
        .hits
        .into_iter()
        .map(|h| HitView {
            id: h.organization.id,
            name: h.organization.fields.name.clone(),
            alternate_name: h
                .organization
                .fields
                .alternate_name
                .clone()
                .unwrap_or_default(),
            agency_types: labels(
                &by_id,
                &h.organization.fields.term_ids,
                Some(Vocabulary::AgencyType.id()),
                lang,
            ),
            services: h
                .matched_services
                .into_iter()
                .map(|(_, name)| name)
                .collect(),
        })
        .collect();
    let pages = results.total.div_ceil(u64::from(DirectoryQuery::PAGE_SIZE));
    let page = DirectoryPage {
        ctx: &ctx,
        text: params.q.clone(),
        service_types: term_choices(
            terms,
            Vocabulary::ServiceType.id(),
            &selected(query.service_type),
            lang,
        ),
        populations: term_choices(
            terms,
            Vocabulary::Population.id(),
            &selected(query.population),
            lang,
        ),
        areas: area_choices(areas, &selected(query.area), lang),
        agency_types: term_choices(
            terms,
            Vocabulary::AgencyType.id(),
            &selected(query.agency_type),
            lang,
        ),
        hits,
        total: results.total,
        previous_page: (query.page > 0).then(|| params.link(query.page - 1)),
        next_page: (u64::from(query.page) + 1 < pages).then(|| params.link(query.page + 1)),
        can_create: user.can_create_organization(),
    };
    Ok(render(&page))
}

async fn organization(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let mut record = state.store.organization_record(parse_id(&id)?).await?;
    let show_contacts = user.can_see_contacts();
    // Contacts are people: their being shown is a read of personal data.
    crate::api::shown_contacts(&state, Some(user), &mut record).await?;
    let lang = ctx.lang();
    let terms: HashMap<Uuid, TaxonomyTerm> = state
        .store
        .terms()
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let areas: HashMap<Uuid, Area> = state
        .store
        .areas()
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let services = record
        .services
        .iter()
        .map(|s| {
            let f = &s.fields;
            let mut area_names: Vec<&str> = f
                .area_ids
                .iter()
                .filter_map(|a| areas.get(a))
                .map(|a| a.label(lang))
                .collect();
            area_names.sort();
            ServiceView {
                id: s.id,
                name: f.name.clone(),
                alternate_name: f.alternate_name.clone().unwrap_or_default(),
                description: localized(
                    ctx.tr.lang,
                    f.description.as_deref(),
                    f.description_fr.as_deref(),
                ),
                eligibility: localized(
                    ctx.tr.lang,
                    f.eligibility_description.as_deref(),
                    f.eligibility_description_fr.as_deref(),
                ),
                status: ctx
                    .tr
                    .t(&format!("status-{}", f.status.as_str().replace(' ', "-"))),
                types: labels(
                    &terms,
                    &f.term_ids,
                    Some(Vocabulary::ServiceType.id()),
                    lang,
                ),
                populations: labels(&terms, &f.term_ids, Some(Vocabulary::Population.id()), lang),
                areas: area_names.join(", "),
                ages: match (f.minimum_age, f.maximum_age) {
                    (None, None) => String::new(),
                    (min, max) => format!(
                        "{}–{}",
                        min.map(|a| a.to_string()).unwrap_or_default(),
                        max.map(|a| a.to_string()).unwrap_or_default()
                    ),
                },
                locations: record
                    .locations
                    .iter()
                    .filter(|l| f.location_ids.contains(&l.id))
                    .filter_map(|l| l.fields.name.clone().or_else(|| l.fields.address_1.clone()))
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })
        .collect();
    let agency_types = labels(&terms, &record.organization.fields.term_ids, None, lang);
    let can_edit = user.can_edit_organization(record.organization.id);
    let f = &record.organization.fields;
    let description = localized(
        ctx.tr.lang,
        f.description.as_deref(),
        f.description_fr.as_deref(),
    );
    Ok(render(&OrganizationPage {
        ctx: &ctx,
        description,
        record,
        agency_types,
        services,
        can_edit,
        show_contacts,
    }))
}

/// The organization form, blank or filled, with any errors.
async fn organization_form(
    state: &AppState,
    ctx: &Ctx,
    existing: Option<Uuid>,
    input: OrganizationInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let terms = state.store.terms().await?;
    let agency_types = term_choices(
        &terms,
        Vocabulary::AgencyType.id(),
        &input.term_ids,
        ctx.lang(),
    );
    let (title, action, cancel) = match existing {
        Some(id) => (
            ctx.tr.t("org-edit"),
            format!("/directory/organizations/{id}"),
            format!("/directory/organizations/{id}"),
        ),
        None => (
            ctx.tr.t("org-new"),
            "/directory/organizations".to_owned(),
            "/directory".to_owned(),
        ),
    };
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = OrganizationFormPage {
        ctx,
        title,
        action,
        cancel,
        input,
        agency_types,
        errors: FormErrors::new(errors, ctx.tr),
    };
    Ok((status, render(&page)).into_response())
}

/// Reads the organization form: the agency-type select replaces the organization's
/// agency-type terms and keeps any other terms it had (from an HSDS import, say).
fn organization_input(
    form: &FormData,
    previous_terms: &[Uuid],
    agency_types: &[Uuid],
) -> OrganizationInput {
    let mut term_ids: Vec<Uuid> = previous_terms
        .iter()
        .filter(|t| !agency_types.contains(t))
        .copied()
        .collect();
    term_ids.extend(form.ids("agency_type"));
    OrganizationInput {
        name: form.get("name"),
        alternate_name: form.get("alternate_name"),
        description: form.get("description"),
        description_fr: form.get("description_fr"),
        email: form.get("email"),
        website: form.get("website"),
        term_ids,
    }
}

fn agency_type_ids() -> Vec<Uuid> {
    Vocabulary::AgencyType
        .terms()
        .iter()
        .map(|t| Vocabulary::AgencyType.term_id(t.0))
        .collect()
}

async fn new_organization(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    permit(ctx.user()?.can_create_organization())?;
    organization_form(
        &state,
        &ctx,
        None,
        OrganizationInput::default(),
        FieldErrors::default(),
    )
    .await
}

/// Saves the organization or shows the form again with the errors and what was typed.
async fn save_organization(
    state: &AppState,
    ctx: &Ctx,
    existing: Option<Uuid>,
    input: OrganizationInput,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let fields = match input.parse() {
        Ok(fields) => fields,
        Err(errors) => return organization_form(state, ctx, existing, input, errors).await,
    };
    let saved = match existing {
        Some(id) => {
            state
                .store
                .update_organization(Some(user.id), id, fields)
                .await
        }
        None => state.store.create_organization(Some(user.id), fields).await,
    };
    match saved {
        Ok(org) => {
            Ok(Redirect::to(&format!("/directory/organizations/{}", org.id)).into_response())
        }
        Err(passerelle_store::StoreError::Conflict(code)) => {
            organization_form(
                state,
                ctx,
                existing,
                input,
                FieldErrors(vec![passerelle_domain::FieldError::new("name", code)]),
            )
            .await
        }
        Err(passerelle_store::StoreError::Invalid(errors)) => {
            organization_form(state, ctx, existing, input, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn create_organization(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    permit(ctx.user()?.can_create_organization())?;
    let input = organization_input(&form, &[], &agency_type_ids());
    save_organization(&state, &ctx, None, input).await
}

async fn edit_organization(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    permit(ctx.user()?.can_edit_organization(id))?;
    let org = state.store.organization(id).await?;
    organization_form(
        &state,
        &ctx,
        Some(id),
        OrganizationInput::from_fields(&org.fields),
        FieldErrors::default(),
    )
    .await
}

async fn update_organization(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let id = parse_id(&id)?;
    permit(ctx.user()?.can_edit_organization(id))?;
    let previous = state.store.organization(id).await?;
    let input = organization_input(&form, &previous.fields.term_ids, &agency_type_ids());
    save_organization(&state, &ctx, Some(id), input).await
}

/// The service form for an organization, blank or filled, with any errors.
async fn service_form(
    state: &AppState,
    ctx: &Ctx,
    record: &OrganizationRecord,
    existing: Option<Uuid>,
    input: ServiceInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let lang = ctx.lang();
    let terms = state.store.terms().await?;
    let areas = state.store.areas().await?;
    let org_id = record.organization.id;
    let (title, action) = match existing {
        Some(id) => (
            ctx.tr.t("service-edit"),
            format!("/directory/services/{id}"),
        ),
        None => (
            ctx.tr.t("service-new"),
            format!("/directory/organizations/{org_id}/services"),
        ),
    };
    let current_status = ServiceStatus::parse("status", &input.status).unwrap_or_default();
    let page = ServiceFormPage {
        ctx,
        title,
        action,
        cancel: format!("/directory/organizations/{org_id}"),
        organization_name: record.organization.fields.name.clone(),
        statuses: ServiceStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: ctx
                    .tr
                    .t(&format!("status-{}", s.as_str().replace(' ', "-"))),
                selected: *s == current_status,
                depth: 0,
            })
            .collect(),
        service_types: term_choices(&terms, Vocabulary::ServiceType.id(), &input.term_ids, lang),
        populations: term_choices(&terms, Vocabulary::Population.id(), &input.term_ids, lang),
        areas: area_choices(&areas, &input.area_ids, lang),
        locations: record
            .locations
            .iter()
            .map(|l| Choice {
                value: l.id.to_string(),
                label: l
                    .fields
                    .name
                    .clone()
                    .or_else(|| l.fields.address_1.clone())
                    .unwrap_or_else(|| l.id.to_string()),
                selected: input.location_ids.contains(&l.id),
                depth: 0,
            })
            .collect(),
        input,
        errors: FormErrors::new(errors.clone(), ctx.tr),
    };
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, render(&page)).into_response())
}

fn service_input(form: &FormData) -> ServiceInput {
    ServiceInput {
        name: form.get("name"),
        alternate_name: form.get("alternate_name"),
        description: form.get("description"),
        description_fr: form.get("description_fr"),
        url: form.get("url"),
        email: form.get("email"),
        status: form.get("status"),
        eligibility_description: form.get("eligibility_description"),
        eligibility_description_fr: form.get("eligibility_description_fr"),
        minimum_age: form.get("minimum_age"),
        maximum_age: form.get("maximum_age"),
        term_ids: form.ids("term_ids"),
        area_ids: form.ids("area_ids"),
        location_ids: form.ids("location_ids"),
    }
}

async fn save_service(
    state: &AppState,
    ctx: &Ctx,
    record: &OrganizationRecord,
    existing: Option<Uuid>,
    input: ServiceInput,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let fields = match input.parse() {
        Ok(fields) => fields,
        Err(errors) => return service_form(state, ctx, record, existing, input, errors).await,
    };
    let saved = match existing {
        Some(id) => state.store.update_service(Some(user.id), id, fields).await,
        None => {
            state
                .store
                .create_service(Some(user.id), record.organization.id, fields)
                .await
        }
    };
    match saved {
        Ok(service) => Ok(Redirect::to(&format!(
            "/directory/organizations/{}",
            service.organization_id
        ))
        .into_response()),
        Err(passerelle_store::StoreError::Invalid(errors)) => {
            service_form(state, ctx, record, existing, input, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn new_service(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    permit(ctx.user()?.can_edit_organization(id))?;
    let record = state.store.organization_record(id).await?;
    service_form(
        &state,
        &ctx,
        &record,
        None,
        ServiceInput::default(),
        FieldErrors::default(),
    )
    .await
}

async fn create_service(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let id = parse_id(&id)?;
    permit(ctx.user()?.can_edit_organization(id))?;
    let record = state.store.organization_record(id).await?;
    save_service(&state, &ctx, &record, None, service_input(&form)).await
}

async fn edit_service(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let service = state.store.service(parse_id(&id)?).await?;
    permit(ctx.user()?.can_edit_organization(service.organization_id))?;
    let record = state
        .store
        .organization_record(service.organization_id)
        .await?;
    service_form(
        &state,
        &ctx,
        &record,
        Some(service.id),
        ServiceInput::from_fields(&service.fields),
        FieldErrors::default(),
    )
    .await
}

async fn update_service(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let service = state.store.service(parse_id(&id)?).await?;
    permit(ctx.user()?.can_edit_organization(service.organization_id))?;
    let record = state
        .store
        .organization_record(service.organization_id)
        .await?;
    save_service(
        &state,
        &ctx,
        &record,
        Some(service.id),
        service_input(&form),
    )
    .await
}

async fn location_form(
    state: &AppState,
    ctx: &Ctx,
    org: &Organization,
    input: LocationInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let areas = state.store.areas().await?;
    let selected: Vec<Uuid> = input.area_id.into_iter().collect();
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = LocationFormPage {
        ctx,
        action: format!("/directory/organizations/{}/locations", org.id),
        cancel: format!("/directory/organizations/{}", org.id),
        organization_name: org.fields.name.clone(),
        areas: area_choices(&areas, &selected, ctx.lang()),
        input,
        errors: FormErrors::new(errors, ctx.tr),
    };
    Ok((status, render(&page)).into_response())
}

async fn new_location(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    permit(ctx.user()?.can_edit_organization(id))?;
    let org = state.store.organization(id).await?;
    let input = LocationInput {
        city: "Ottawa".into(),
        state_province: "ON".into(),
        country: "CA".into(),
        ..Default::default()
    };
    location_form(&state, &ctx, &org, input, FieldErrors::default()).await
}

async fn create_location(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let id = parse_id(&id)?;
    let user = ctx.user()?;
    permit(user.can_edit_organization(id))?;
    let org = state.store.organization(id).await?;
    let input = LocationInput {
        name: form.get("name"),
        description: form.get("description"),
        address_1: form.get("address_1"),
        city: form.get("city"),
        state_province: form.get("state_province"),
        postal_code: form.get("postal_code"),
        country: form.get("country"),
        latitude: form.get("latitude"),
        longitude: form.get("longitude"),
        area_id: form.ids("area_id").first().copied(),
    };
    match input.parse() {
        Ok(fields) => match state.store.create_location(Some(user.id), id, fields).await {
            Ok(_) => Ok(Redirect::to(&format!("/directory/organizations/{id}")).into_response()),
            Err(passerelle_store::StoreError::Invalid(errors)) => {
                location_form(&state, &ctx, &org, input, errors).await
            }
            Err(e) => Err(e.into()),
        },
        Err(errors) => location_form(&state, &ctx, &org, input, errors).await,
    }
}

async fn contact_form(
    ctx: &Ctx,
    org: &Organization,
    input: ContactInput,
    errors: FieldErrors,
) -> Response {
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ContactFormPage {
        ctx,
        action: format!("/directory/organizations/{}/contacts", org.id),
        cancel: format!("/directory/organizations/{}", org.id),
        organization_name: org.fields.name.clone(),
        input,
        errors: FormErrors::new(errors, ctx.tr),
    };
    (status, render(&page)).into_response()
}

async fn new_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    permit(ctx.user()?.can_edit_organization(id))?;
    let org = state.store.organization(id).await?;
    Ok(contact_form(&ctx, &org, ContactInput::default(), FieldErrors::default()).await)
}

async fn create_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let id = parse_id(&id)?;
    let user = ctx.user()?;
    permit(user.can_edit_organization(id))?;
    let org = state.store.organization(id).await?;
    let input = ContactInput {
        name: form.get("name"),
        title: form.get("title"),
        department: form.get("department"),
        email: form.get("email"),
        phone: form.get("phone"),
    };
    match input.parse() {
        Ok(fields) => {
            state
                .store
                .create_contact(Some(user.id), id, fields)
                .await?;
            Ok(Redirect::to(&format!("/directory/organizations/{id}")).into_response())
        }
        Err(errors) => Ok(contact_form(&ctx, &org, input, errors).await),
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_paths_on_this_site_are_followed_after_login() {
        for ok in [
            "/",
            "/list?status=active",
            "/offers/1a2b#top",
            "/directory?q=caf%C3%A9",
        ] {
            assert_eq!(local_path(ok), ok);
        }
        for other in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "/ok\nLocation: x",
            "/a b",
            "/café",
            "",
            "list",
        ] {
            assert_eq!(local_path(other), "/", "{other:?}");
        }
    }
}

//! The JSON API under `/api/v1/`, described by `/api/openapi.json`. It uses the same
//! session as the pages; state-changing calls need `Content-Type: application/json`,
//! which a cross-site form cannot send, so they need no CSRF token.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::pages::SearchParams;
use crate::routes::Routes;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::directory::*;
use uuid::Uuid;

/// The OpenAPI 3.1 description of this API.
pub const OPENAPI: &str = include_str!("../openapi.json");

pub fn router() -> Routes {
    Routes::new()
        .route("/api/openapi.json", get(openapi))
        .route(
            "/api/v1/organizations",
            get(search).post(create_organization),
        )
        .route(
            "/api/v1/organizations/{id}",
            get(organization).put(update_organization),
        )
        .route(
            "/api/v1/organizations/{id}/services",
            axum::routing::post(create_service),
        )
        .route("/api/v1/services/{id}", get(service).put(update_service))
        .route("/api/v1/taxonomy_terms", get(terms))
        .route("/api/v1/areas", get(areas))
}

/// JSON bodies whose rejections are errors with codes, like every other API error.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(AppError::BadRequest("error-content-type"))
            }
            Err(JsonRejection::JsonDataError(_)) => Err(AppError::BadRequest("error-json-shape")),
            Err(_) => Err(AppError::BadRequest("error-bad-json")),
        }
    }
}

fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn search(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<SearchParams>,
) -> Result<Json<SearchResults>, AppError> {
    ctx.user()?;
    Ok(Json(state.store.search(&params.strict_query()?).await?))
}

async fn organization(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<OrganizationRecord>, AppError> {
    let user = ctx.user()?;
    let mut record = state.store.organization_record(parse_id(&id)?).await?;
    shown_contacts(&state, Some(user), &mut record).await?;
    Ok(Json(record))
}

/// Leaves an organization's contacts in `record` only for a `reader` whose role sees them
/// (never for nobody signed in), and records that read in the audit trail.
pub(crate) async fn shown_contacts(
    state: &AppState,
    reader: Option<&passerelle_domain::roles::User>,
    record: &mut OrganizationRecord,
) -> Result<(), AppError> {
    match reader {
        Some(user) if user.can_see_contacts() => {
            if !record.contacts.is_empty() {
                let event = AuditEvent::new(
                    Some(user.id),
                    AuditAction::Read,
                    "organization_contacts",
                    Some(record.organization.id),
                );
                state.store.record_audit(event).await?;
            }
        }
        _ => record.contacts.clear(),
    }
    Ok(())
}

async fn create_organization(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<OrganizationInput>,
) -> Result<(StatusCode, Json<Organization>), AppError> {
    let user = ctx.user()?;
    permit(user.can_create_organization())?;
    let fields = input.parse().map_err(AppError::Invalid)?;
    Ok((
        StatusCode::CREATED,
        Json(
            state
                .store
                .create_organization(Some(user.id), fields)
                .await?,
        ),
    ))
}

async fn update_organization(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OrganizationInput>,
) -> Result<Json<Organization>, AppError> {
    let user = ctx.user()?;
    let id = parse_id(&id)?;
    permit(user.can_edit_organization(id))?;
    let fields = input.parse().map_err(AppError::Invalid)?;
    Ok(Json(
        state
            .store
            .update_organization(Some(user.id), id, fields)
            .await?,
    ))
}

async fn create_service(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ServiceInput>,
) -> Result<(StatusCode, Json<Service>), AppError> {
    let user = ctx.user()?;
    let org_id = parse_id(&id)?;
    permit(user.can_edit_organization(org_id))?;
    let fields = input.parse().map_err(AppError::Invalid)?;
    Ok((
        StatusCode::CREATED,
        Json(
            state
                .store
                .create_service(Some(user.id), org_id, fields)
                .await?,
        ),
    ))
}

async fn service(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<Service>, AppError> {
    ctx.user()?;
    Ok(Json(state.store.service(parse_id(&id)?).await?))
}

async fn update_service(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ServiceInput>,
) -> Result<Json<Service>, AppError> {
    let user = ctx.user()?;
    let existing = state.store.service(parse_id(&id)?).await?;
    permit(user.can_edit_organization(existing.organization_id))?;
    let fields = input.parse().map_err(AppError::Invalid)?;
    Ok(Json(
        state
            .store
            .update_service(Some(user.id), existing.id, fields)
            .await?,
    ))
}

async fn terms(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<TaxonomyTerm>>, AppError> {
    ctx.user()?;
    Ok(Json(state.store.terms().await?))
}

async fn areas(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<Area>>, AppError> {
    ctx.user()?;
    Ok(Json(state.store.areas().await?))
}

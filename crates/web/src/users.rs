//! Accounts for administrators: every account with its role, agency and state, disabled
//! (sessions end at once, sign-in and tokens refused) or enabled again, and its sessions
//! ended on demand. `/admin/users` and `/api/v1/users` read and change the same way.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::pages::{FormData, parse_id};
use crate::routes::Routes;
use crate::views::render;
use askama::Template;
use axum::Json;
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post, put};
use passerelle_domain::roles::User;
use passerelle_store::Account;
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new()
        .route("/admin/users", get(users_page))
        .route("/admin/users/{id}/disabled", post(disabled_from_form))
        .route(
            "/admin/users/{id}/sessions/end",
            post(end_sessions_from_form),
        )
}

pub fn api_router() -> Routes {
    Routes::new()
        .route("/api/v1/users", get(users_api))
        .route("/api/v1/users/{id}/disabled", put(disabled_api))
        .route("/api/v1/users/{id}/sessions", delete(end_sessions_api))
}

fn administrator(ctx: &Ctx) -> Result<&User, AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_users())?;
    Ok(user)
}

/// Disables or enables an account. Administrators cannot disable their own: the community
/// would risk having none left.
async fn set_disabled(
    state: &AppState,
    by: &User,
    id: Uuid,
    disabled: bool,
) -> Result<(), AppError> {
    if disabled && id == by.id {
        return Err(AppError::Conflict("error-disable-self"));
    }
    Ok(state
        .store
        .set_account_disabled(by.id, id, disabled)
        .await?)
}

struct AccountRow {
    id: Uuid,
    email: String,
    name: String,
    role: String,
    agency: String,
    created: String,
    disabled: bool,
    state: String,
    sessions: i64,
    is_me: bool,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage<'a> {
    ctx: &'a Ctx,
    rows: Vec<AccountRow>,
}

async fn users_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let me = administrator(&ctx)?;
    let agencies: HashMap<Uuid, String> = state
        .store
        .organization_names()
        .await?
        .into_iter()
        .collect();
    let rows = state
        .store
        .accounts()
        .await?
        .into_iter()
        .map(|a| AccountRow {
            id: a.user.id,
            is_me: a.user.id == me.id,
            email: a.user.email,
            name: a.user.display_name,
            role: ctx.role_name(a.user.role),
            agency: a
                .user
                .agency_id
                .and_then(|id| agencies.get(&id).cloned())
                .unwrap_or_default(),
            created: a.created_at.chars().take(10).collect(),
            disabled: a.disabled_at.is_some(),
            state: match &a.disabled_at {
                Some(at) => format!(
                    "{} {}",
                    ctx.tr.t("user-disabled-on"),
                    at.chars().take(10).collect::<String>()
                ),
                None => ctx.tr.t("user-active"),
            },
            sessions: a.sessions,
        })
        .collect();
    Ok(render(&UsersPage { ctx: &ctx, rows }))
}

async fn disabled_from_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let me = administrator(&ctx)?;
    let disabled = form.get("disabled") == "true";
    set_disabled(&state, me, parse_id(&id)?, disabled).await?;
    Ok(Redirect::to("/admin/users").into_response())
}

async fn end_sessions_from_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    FormData::checked(form, &ctx)?;
    let me = administrator(&ctx)?;
    state.store.end_sessions_of(me.id, parse_id(&id)?).await?;
    Ok(Redirect::to("/admin/users").into_response())
}

async fn users_api(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<Account>>, AppError> {
    administrator(&ctx)?;
    Ok(Json(state.store.accounts().await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DisabledInput {
    disabled: bool,
}

async fn disabled_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DisabledInput>,
) -> Result<axum::http::StatusCode, AppError> {
    let me = administrator(&ctx)?;
    set_disabled(&state, me, parse_id(&id)?, input.disabled).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

async fn end_sessions_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, AppError> {
    let me = administrator(&ctx)?;
    let ended = state.store.end_sessions_of(me.id, parse_id(&id)?).await?;
    Ok(Json(serde_json::json!({ "ended": ended })))
}

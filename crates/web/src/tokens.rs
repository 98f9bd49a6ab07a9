//! Personal access tokens for the API: each user makes, lists and revokes their own at
//! `/account/tokens` (or `/api/v1/tokens`); administrators see and revoke everyone's. A token
//! is shown once, when made; the store keeps only its hash. Tokens are managed from a
//! session only, so a token can never make another and outlive its own revocation.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::{Ctx, random_token, token_hash};
use crate::error::AppError;
use crate::pages::{FormData, parse_id};
use crate::routes::Routes;
use crate::views::{FormErrors, form_status, render, today};
use askama::Template;
use axum::Json;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post};
use passerelle_domain::FieldErrors;
use passerelle_domain::housing::date_text;
use passerelle_domain::roles::{TOKEN_MAX_DAYS, TokenInput, TokenScope, User};
use passerelle_store::TokenRecord;
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new()
        .route("/account/tokens", get(tokens_page).post(create_from_form))
        .route("/account/tokens/{id}/revoke", post(revoke_from_form))
}

pub fn api_router() -> Routes {
    Routes::new()
        .route("/api/v1/tokens", get(tokens_api).post(create_api))
        .route("/api/v1/tokens/{id}", delete(revoke_api))
}

/// The tokens `user` may see: their own, or everyone's for an administrator.
async fn visible(state: &AppState, user: &User) -> Result<Vec<TokenRecord>, AppError> {
    let owner = (!user.can_see_every_token()).then_some(user.id);
    Ok(state.store.tokens(owner).await?)
}

/// Makes a token for `user` and returns its secret, the only time it exists outside the
/// caller's hands.
async fn create(
    state: &AppState,
    user: &User,
    input: &TokenInput,
) -> Result<(Uuid, String), AppError> {
    let fields = input.parse(today()).map_err(AppError::Invalid)?;
    let secret = format!("pas_{}", random_token());
    let id = state
        .store
        .create_token(user.id, user.id, &fields, &token_hash(&secret))
        .await?;
    Ok((id, secret))
}

async fn revoke(state: &AppState, user: &User, id: Uuid) -> Result<(), AppError> {
    let token = state.store.token(id).await?;
    // Someone else's token is not even acknowledged to exist.
    if !user.can_manage_token_of(token.user_id) {
        return Err(AppError::NotFound);
    }
    if token.revoked_at.is_some() {
        return Ok(());
    }
    Ok(state.store.revoke_token(user.id, id).await?)
}

// ---------------------------------------------------------------- pages

struct TokenRow {
    id: Uuid,
    owner: String,
    name: String,
    scope: String,
    created: String,
    expires: String,
    last_used: String,
    /// Empty while the token is accepted.
    ended: String,
}

#[derive(Template)]
#[template(path = "account/tokens.html")]
struct TokensPage<'a> {
    ctx: &'a Ctx,
    rows: Vec<TokenRow>,
    every_owner: bool,
    errors: FormErrors,
    token_name: String,
    scope: String,
    days: String,
    max_days: i64,
    /// The secret of the token just made, shown this once.
    secret: Option<String>,
}

fn rows(ctx: &Ctx, tokens: Vec<TokenRecord>) -> Vec<TokenRow> {
    let today = today();
    tokens
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            owner: t.user_email,
            name: t.name,
            scope: ctx.tr.t(&format!("token-scope-{}", t.scope.code())),
            created: t.created_at.chars().take(10).collect(),
            expires: date_text(t.expires_on),
            last_used: t
                .last_used_at
                .map(|at| at.replace('T', " ").trim_end_matches('Z').to_owned())
                .unwrap_or_else(|| ctx.tr.t("token-never-used")),
            ended: match (&t.revoked_at, t.expires_on < today) {
                (Some(at), _) => {
                    format!("{} {}", ctx.tr.t("token-revoked"), &at[..10.min(at.len())])
                }
                (None, true) => ctx.tr.t("token-expired"),
                (None, false) => String::new(),
            },
        })
        .collect()
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    input: TokenInput,
    errors: FieldErrors,
    secret: Option<String>,
) -> Result<Response, AppError> {
    let user = ctx.session_user()?;
    let status = form_status(&errors);
    let view = TokensPage {
        ctx,
        rows: rows(ctx, visible(state, user).await?),
        every_owner: user.can_see_every_token(),
        errors: FormErrors::new(errors, ctx.tr),
        token_name: input.name,
        scope: if input.scope.is_empty() {
            TokenScope::Read.code().to_owned()
        } else {
            input.scope
        },
        days: if input.days.is_empty() {
            "90".to_owned()
        } else {
            input.days
        },
        max_days: TOKEN_MAX_DAYS,
        secret,
    };
    Ok((status, render(&view)).into_response())
}

async fn tokens_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    page(
        &state,
        &ctx,
        TokenInput::default(),
        FieldErrors::default(),
        None,
    )
    .await
}

async fn create_from_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.session_user()?;
    let input = TokenInput {
        name: form.get("name"),
        scope: form.get("scope"),
        days: form.get("days"),
    };
    match create(&state, user, &input).await {
        Ok((_, secret)) => {
            page(
                &state,
                &ctx,
                TokenInput::default(),
                FieldErrors::default(),
                Some(secret),
            )
            .await
        }
        Err(AppError::Invalid(errors)) => page(&state, &ctx, input, errors, None).await,
        Err(other) => Err(other),
    }
}

async fn revoke_from_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    FormData::checked(form, &ctx)?;
    let user = ctx.session_user()?;
    revoke(&state, user, parse_id(&id)?).await?;
    Ok(Redirect::to("/account/tokens").into_response())
}

// ---------------------------------------------------------------- API

async fn tokens_api(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<TokenRecord>>, AppError> {
    let user = ctx.session_user()?;
    Ok(Json(visible(&state, user).await?))
}

async fn create_api(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<TokenInput>,
) -> Result<Response, AppError> {
    let user = ctx.session_user()?;
    let (id, secret) = create(&state, user, &input).await?;
    let token = state.store.token(id).await?;
    let mut body = serde_json::to_value(&token).map_err(|e| AppError::Internal(e.to_string()))?;
    body["secret"] = serde_json::Value::String(secret);
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

async fn revoke_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let user = ctx.session_user()?;
    revoke(&state, user, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

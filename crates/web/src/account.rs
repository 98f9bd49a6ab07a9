//! A user's own password: changed at `/account/password` (or `PUT /api/v1/account/password`)
//! after giving the current one, or set through a one-time link an administrator made
//! (`/password-reset/{token}`, for a new account or a forgotten password), under the
//! password policy (`passerelle_domain::passwords`). A change ends the user's other
//! sessions; a link ends them all.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::{Ctx, hash_password, token_hash, verify_password};
use crate::error::AppError;
use crate::pages::FormData;
use crate::routes::Routes;
use crate::views::{FormErrors, form_status, render};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use passerelle_domain::passwords::{MIN_CHARS, new_password};
use passerelle_domain::{FieldError, FieldErrors};
use passerelle_store::ResetLink;
use serde::Deserialize;

pub fn router() -> Routes {
    Routes::new()
        .route(
            "/account/password",
            get(password_page).post(change_from_form),
        )
        .route(
            "/password-reset/{token}",
            get(reset_page).post(reset_from_form),
        )
}

pub fn api_router() -> Routes {
    Routes::new().route("/api/v1/account/password", put(change_api))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct PasswordChange {
    current: String,
    new: String,
}

/// Checks and makes the change for the signed-in user of `ctx`; their other sessions end.
async fn change(state: &AppState, ctx: &Ctx, input: &PasswordChange) -> Result<(), AppError> {
    let user = ctx.session_user()?;
    let mut errors = FieldErrors::default();
    let hash = state.store.password_hash(user.id).await?;
    if !verify_password(&input.current, &hash) {
        errors.push("current", "error-password-current");
    }
    let password = errors.take(new_password("new", &input.new, &user.email));
    if input.new == input.current && errors.for_field("new").is_none() {
        errors.0.push(FieldError::new("new", "error-password-same"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let new_hash = hash_password(&password)?;
    Ok(state
        .store
        .set_password(user.id, &new_hash, ctx.session_hash.as_deref())
        .await?)
}

#[derive(Template)]
#[template(path = "account/password.html")]
struct PasswordPage<'a> {
    ctx: &'a Ctx,
    errors: FormErrors,
    saved: bool,
    min_chars: usize,
}

fn page(ctx: &Ctx, errors: FieldErrors, saved: bool) -> Response {
    let status = form_status(&errors);
    let view = PasswordPage {
        ctx,
        errors: FormErrors::new(errors, ctx.tr),
        saved,
        min_chars: MIN_CHARS,
    };
    (status, render(&view)).into_response()
}

async fn password_page(ctx: Ctx) -> Result<Response, AppError> {
    ctx.session_user()?;
    Ok(page(&ctx, FieldErrors::default(), false))
}

async fn change_from_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let input = PasswordChange {
        current: form.get("current"),
        new: form.get("new"),
    };
    // The confirmation is the form's own check: a typo here would lock the user out.
    if form.get("confirm") != input.new {
        let mut errors = FieldErrors::default();
        errors.push("confirm", "error-password-confirm");
        return Ok(page(&ctx, errors, false));
    }
    match change(&state, &ctx, &input).await {
        Ok(()) => Ok(page(&ctx, FieldErrors::default(), true)),
        Err(AppError::Invalid(errors)) => Ok(page(&ctx, errors, false)),
        Err(other) => Err(other),
    }
}

async fn change_api(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<PasswordChange>,
) -> Result<StatusCode, AppError> {
    change(&state, &ctx, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------- one-time links

#[derive(Template)]
#[template(path = "account/reset.html")]
struct ResetPage<'a> {
    ctx: &'a Ctx,
    token: &'a str,
    /// The account the link sets the password of; none when the link no longer works.
    email: Option<String>,
    errors: FormErrors,
    done: bool,
    min_chars: usize,
}

/// The link's page: its form, what went wrong, or that it is done or spent (410: the
/// address existed and is gone for good).
fn reset_view(
    ctx: &Ctx,
    token: &str,
    link: &ResetLink,
    errors: FieldErrors,
    done: bool,
) -> Response {
    let email = match link {
        ResetLink::Valid(user) => Some(user.email.clone()),
        ResetLink::Spent => None,
    };
    let status = match (&email, done) {
        (None, false) => StatusCode::GONE,
        _ => form_status(&errors),
    };
    let view = ResetPage {
        ctx,
        token,
        email,
        errors: FormErrors::new(errors, ctx.tr),
        done,
        min_chars: MIN_CHARS,
    };
    (status, render(&view)).into_response()
}

async fn reset_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let link = state.store.password_reset(&token_hash(&token)).await?;
    Ok(reset_view(
        &ctx,
        &token,
        &link,
        FieldErrors::default(),
        false,
    ))
}

async fn reset_from_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let hash = token_hash(&token);
    let link = state.store.password_reset(&hash).await?;
    let ResetLink::Valid(user) = &link else {
        return Ok(reset_view(
            &ctx,
            &token,
            &link,
            FieldErrors::default(),
            false,
        ));
    };
    let mut errors = FieldErrors::default();
    let password = errors.take(new_password("new", &form.get("new"), &user.email));
    if form.get("confirm") != form.get("new") {
        errors.push("confirm", "error-password-confirm");
    }
    if !errors.is_empty() {
        return Ok(reset_view(&ctx, &token, &link, errors, false));
    }
    let used = state
        .store
        .use_password_reset(&hash, &hash_password(&password)?)
        .await?;
    let done = matches!(used, ResetLink::Valid(_));
    Ok(reset_view(
        &ctx,
        &token,
        &used,
        FieldErrors::default(),
        done,
    ))
}

//! Accounts for administrators: every account with its role, agency and state; new
//! accounts, a change of role or agency, and one-time links that set a password (mailed
//! where mail is configured, else shown once to the administrator); disabling (sessions end
//! at once, sign-in and tokens refused) or enabling again, and ending sessions on demand.
//! `/admin/users` and `/api/v1/users` read and change the same way. What gives or takes
//! access needs a signed-in administrator, never an API token: a stolen token must not be
//! able to make itself an account.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::{Ctx, hash_password, random_token, token_hash};
use crate::error::{AppError, permit};
use crate::pages::{FormData, parse_id};
use crate::routes::Routes;
use crate::views::{Choice, FormErrors, form_status, render};
use askama::Template;
use axum::Json;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post, put};
use passerelle_domain::FieldErrors;
use passerelle_domain::roles::{Role, User};
use passerelle_domain::values::{Email, required_text};
use passerelle_store::{Account, NewUser};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new()
        .route("/admin/users", get(users_page).post(create_from_form))
        .route("/admin/users/{id}/role", post(role_from_form))
        .route("/admin/users/{id}/password-reset", post(reset_from_form))
        .route("/admin/users/{id}/disabled", post(disabled_from_form))
        .route(
            "/admin/users/{id}/sessions/end",
            post(end_sessions_from_form),
        )
}

pub fn api_router() -> Routes {
    Routes::new()
        .route("/api/v1/users", get(users_api).post(create_api))
        .route("/api/v1/users/{id}/role", put(role_api))
        .route("/api/v1/users/{id}/password-reset", post(reset_api))
        .route("/api/v1/users/{id}/disabled", put(disabled_api))
        .route("/api/v1/users/{id}/sessions", delete(end_sessions_api))
}

/// How long a link that sets a password works.
const LINK_HOURS: i64 = 72;

fn administrator(ctx: &Ctx) -> Result<&User, AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_users())?;
    Ok(user)
}

/// An administrator in a session: for what gives or takes access.
fn session_administrator(ctx: &Ctx) -> Result<&User, AppError> {
    let user = ctx.session_user()?;
    permit(user.can_manage_users())?;
    Ok(user)
}

/// A role and agency as typed: the role's code, and an agency's id or blank.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RoleInput {
    role: String,
    agency_id: String,
}

impl RoleInput {
    fn parse(&self, e: &mut FieldErrors) -> (Role, Option<Uuid>) {
        parse_role(&self.role, &self.agency_id, e)
    }
}

/// A role's code and an agency's id (or blank) as typed, each error recorded in `e`; the
/// store checks that they go together.
fn parse_role(role: &str, agency_id: &str, e: &mut FieldErrors) -> (Role, Option<Uuid>) {
    let role = Role::parse(role.trim()).unwrap_or_else(|| {
        e.push("role", "error-choose");
        Role::Analyst
    });
    let agency = match agency_id.trim() {
        "" => None,
        raw => Uuid::parse_str(raw).map(Some).unwrap_or_else(|_| {
            e.push("agency_id", "error-choose");
            None
        }),
    };
    (role, agency)
}

/// A new account as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct AccountInput {
    email: String,
    name: String,
    role: String,
    agency_id: String,
}

impl AccountInput {
    /// The account to create, with a password nobody knows: the link sets the first one.
    fn parse(&self) -> Result<NewUser, AppError> {
        let mut e = FieldErrors::default();
        let email = e.take(Email::parse("email", &self.email));
        let name = e.take(required_text("name", &self.name, 200));
        let (role, agency_id) = parse_role(&self.role, &self.agency_id, &mut e);
        if !e.is_empty() {
            return Err(AppError::Invalid(e));
        }
        Ok(NewUser {
            email,
            display_name: name,
            role,
            agency_id,
            password_hash: hash_password(&random_token())?,
        })
    }
}

/// A link that sets an account's password, as made: its address unless it was mailed.
#[derive(Debug, Clone, Serialize)]
struct IssuedLink {
    email: String,
    /// Shown this once; absent when the link went to the account's e-mail.
    url: Option<String>,
    mailed: bool,
    expires_at: String,
}

/// Where this app is reached: the mail settings' address, else the request's own host.
fn public_base(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(mail) = &state.config.mail {
        return mail.public_url().trim_end_matches('/').to_owned();
    }
    crate::views::request_origin(state, headers)
}

/// Makes a one-time link that sets `account`'s password (ending its earlier links), mails
/// it where mail is configured, and says how it went. A mail server that fails leaves the
/// link to be shown instead: the administrator can still pass it on.
async fn issue_link(
    state: &AppState,
    by: &User,
    account: &User,
    new_account: bool,
    headers: &HeaderMap,
) -> Result<IssuedLink, AppError> {
    let token = random_token();
    let expires = (time::OffsetDateTime::now_utc() + time::Duration::hours(LINK_HOURS))
        .replace_nanosecond(0)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    state
        .store
        .create_password_reset(by.id, account.id, &token_hash(&token), expires)
        .await?;
    let url = format!("{}/password-reset/{token}", public_base(state, headers));
    let mailed = match &state.config.mail {
        Some(mail) => match mail
            .send_password_link(&account.email, account.language, &url, new_account)
            .await
        {
            Ok(()) => true,
            Err(error) => {
                tracing::warn!(%error, "password link not mailed; shown instead");
                false
            }
        },
        None => false,
    };
    Ok(IssuedLink {
        email: account.email.clone(),
        url: (!mailed).then_some(url),
        mailed,
        expires_at: expires
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|e| AppError::Internal(e.to_string()))?,
    })
}

async fn account_user(state: &AppState, id: Uuid) -> Result<User, AppError> {
    state
        .store
        .accounts()
        .await?
        .into_iter()
        .map(|a| a.user)
        .find(|u| u.id == id)
        .ok_or(AppError::NotFound)
}

/// Creates an account and its first link.
async fn create(
    state: &AppState,
    by: &User,
    input: &AccountInput,
    headers: &HeaderMap,
) -> Result<(User, IssuedLink), AppError> {
    let user = state.store.create_user(Some(by.id), input.parse()?).await?;
    let link = issue_link(state, by, &user, true, headers).await?;
    Ok((user, link))
}

/// Changes an account's role and agency. An administrator keeps their own role: the
/// community would risk having none left.
async fn change_role(
    state: &AppState,
    by: &User,
    id: Uuid,
    input: &RoleInput,
) -> Result<(), AppError> {
    let mut e = FieldErrors::default();
    let (role, agency) = input.parse(&mut e);
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    if id == by.id && role != Role::Administrator {
        return Err(AppError::Conflict("error-role-self"));
    }
    Ok(state
        .store
        .set_account_role(by.id, id, role, agency)
        .await?)
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
    role_code: &'static str,
    agency: String,
    agency_id: Option<Uuid>,
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
    roles: Vec<Choice>,
    agencies: Vec<(Uuid, String)>,
    /// The new-account form: what was typed, and what is wrong with it.
    new: AccountInput,
    errors: FormErrors,
    /// A link just made, shown this once.
    issued: Option<IssuedLink>,
    link_hours: i64,
}

/// The accounts page, with the new-account form as typed and the link just made, if any.
async fn users_view(
    state: &AppState,
    ctx: &Ctx,
    new: AccountInput,
    errors: FieldErrors,
    issued: Option<IssuedLink>,
) -> Result<Response, AppError> {
    let me = session_administrator(ctx)?;
    let agencies = state.store.organization_names().await?;
    let names: HashMap<Uuid, &str> = agencies.iter().map(|(id, n)| (*id, n.as_str())).collect();
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
            role_code: a.user.role.as_str(),
            agency: a
                .user
                .agency_id
                .and_then(|id| names.get(&id).map(|n| n.to_string()))
                .unwrap_or_default(),
            agency_id: a.user.agency_id,
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
    let roles = Role::ALL
        .into_iter()
        .map(|r| Choice {
            value: r.as_str().to_owned(),
            label: ctx.role_name(r),
            selected: new.role == r.as_str(),
            depth: 0,
        })
        .collect();
    let status = form_status(&errors);
    let view = UsersPage {
        ctx,
        rows,
        roles,
        agencies,
        new,
        errors: FormErrors::new(errors, ctx.tr),
        issued,
        link_hours: LINK_HOURS,
    };
    Ok((status, render(&view)).into_response())
}

async fn users_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    users_view(
        &state,
        &ctx,
        AccountInput::default(),
        FieldErrors::default(),
        None,
    )
    .await
}

async fn create_from_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let me = session_administrator(&ctx)?;
    let input = AccountInput {
        email: form.get("email"),
        name: form.get("name"),
        role: form.get("role"),
        agency_id: form.get("agency_id"),
    };
    match create(&state, me, &input, &headers).await {
        Ok((_, link)) => {
            users_view(
                &state,
                &ctx,
                AccountInput::default(),
                FieldErrors::default(),
                Some(link),
            )
            .await
        }
        Err(AppError::Invalid(errors)) => users_view(&state, &ctx, input, errors, None).await,
        Err(AppError::Conflict(code)) => {
            let mut errors = FieldErrors::default();
            errors.push("email", code);
            users_view(&state, &ctx, input, errors, None).await
        }
        Err(other) => Err(other),
    }
}

async fn role_from_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let me = session_administrator(&ctx)?;
    let id = parse_id(&id)?;
    let input = RoleInput {
        role: form.get("role"),
        agency_id: form.get("agency_id"),
    };
    match change_role(&state, me, id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/users#user-{id}")).into_response()),
        Err(AppError::Invalid(errors)) => {
            users_view(&state, &ctx, AccountInput::default(), errors, None).await
        }
        Err(other) => Err(other),
    }
}

async fn reset_from_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    FormData::checked(form, &ctx)?;
    let me = session_administrator(&ctx)?;
    let account = account_user(&state, parse_id(&id)?).await?;
    let link = issue_link(&state, me, &account, false, &headers).await?;
    users_view(
        &state,
        &ctx,
        AccountInput::default(),
        FieldErrors::default(),
        Some(link),
    )
    .await
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

/// A new account, and the link that sets its first password.
#[derive(Serialize)]
struct Created {
    account: User,
    link: IssuedLink,
}

async fn create_api(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    ApiJson(input): ApiJson<AccountInput>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let me = session_administrator(&ctx)?;
    let (account, link) = create(&state, me, &input, &headers).await?;
    Ok((StatusCode::CREATED, Json(Created { account, link })))
}

async fn role_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RoleInput>,
) -> Result<StatusCode, AppError> {
    let me = session_administrator(&ctx)?;
    change_role(&state, me, parse_id(&id)?, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn reset_api(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<IssuedLink>), AppError> {
    let me = session_administrator(&ctx)?;
    let account = account_user(&state, parse_id(&id)?).await?;
    let link = issue_link(&state, me, &account, false, &headers).await?;
    Ok((StatusCode::CREATED, Json(link)))
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

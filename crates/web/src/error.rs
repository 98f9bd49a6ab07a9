//! One error type for the web layer. As JSON (the API) it carries a machine-readable code;
//! on pages, [`html_errors`] turns it into a translated page or a redirect to log in.

use crate::auth::{LANG_COOKIE, cookie};
use crate::i18n::{Tr, negotiate};
use crate::views::ErrorPage;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use passerelle_domain::FieldErrors;
use passerelle_domain::roles::Language;
use passerelle_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not logged in")]
    Unauthorized,
    /// An API token that is unknown, revoked or past its last day.
    #[error("the API token is not accepted")]
    TokenRefused,
    /// A read-only API token used to change something, or any token used to manage tokens.
    #[error("the API token does not allow this")]
    TokenScope,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("the form's security token is missing or stale")]
    Csrf,
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Logged with its detail; the client sees only `error-internal`.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized | AppError::TokenRefused => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf | AppError::TokenScope => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Invalid(fields) if conflicts_only(fields) => StatusCode::CONFLICT,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code clients and translations key on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "error-unauthorized",
            AppError::TokenRefused => "error-token-refused",
            AppError::TokenScope => "error-token-scope",
            AppError::Forbidden => "error-forbidden",
            AppError::NotFound => "error-not-found",
            AppError::Csrf => "error-csrf",
            AppError::BadRequest(code) | AppError::Conflict(code) => code,
            AppError::Invalid(fields) if conflicts_only(fields) => "error-conflict",
            AppError::Invalid(_) => "error-invalid",
            AppError::Internal(_) => "error-internal",
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(code) => AppError::Conflict(code),
            StoreError::Invalid(fields) => AppError::Invalid(fields),
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// Forbidden unless `allowed`: a route states its rule as one of the `User::can_*`
/// functions (`passerelle_domain::roles`) and checks it through here.
pub fn permit(allowed: bool) -> Result<(), AppError> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// What a response carries of the error it reports, so [`html_errors`] can render it as a
/// page and [`problem_details`] in the caller's language.
#[derive(Clone)]
struct ErrorMarker {
    code: &'static str,
    fields: Option<FieldErrors>,
}

/// The media type of RFC 9457 problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

impl ErrorMarker {
    /// The RFC 9457 body: `type` names the problem for good (a URN built on the code, as no
    /// page describes it), `title` and each field's `message` are in the caller's language,
    /// `code` and the fields' codes stay the same in every language for clients to key on.
    fn problem(&self, status: StatusCode, tr: Tr) -> serde_json::Value {
        let mut body = serde_json::json!({
            "type": format!("urn:passerelle:problem:{}", self.code),
            "title": tr.t(self.code),
            "status": status.as_u16(),
            "code": self.code,
        });
        if let Some(fields) = &self.fields {
            body["fields"] = fields
                .0
                .iter()
                .map(|f| serde_json::json!({ "field": f.field, "code": f.code, "message": tr.t(f.code) }))
                .collect();
        }
        body
    }
}

/// A response's body replaced by the problem in `tr`'s language; status and headers kept
/// (`WWW-Authenticate`, `Allow`, the request id).
fn with_problem_body(response: Response, marker: &ErrorMarker, tr: Tr) -> Response {
    let (mut parts, _) = response.into_parts();
    let body = marker.problem(parts.status, tr).to_string();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(PROBLEM_JSON),
    );
    Response::from_parts(parts, axum::body::Body::from(body))
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "request failed");
        }
        let status = self.status();
        let token_refused = matches!(self, AppError::TokenRefused);
        let marker = ErrorMarker {
            code: self.code(),
            fields: match self {
                AppError::Invalid(fields) => Some(fields),
                _ => None,
            },
        };
        let mut response = with_problem_body(
            status.into_response(),
            &marker,
            Tr::new(Language::default()),
        );
        if token_refused {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        response.extensions_mut().insert(marker);
        response
    }
}

/// Field errors that do not come from the input alone but from what is stored or from
/// today's date: a record referred to that does not exist or is taken, a tenancy that has
/// ended, a date before the offer or after today. When every error of an input is one of
/// these, the API answers 409 (the input is well formed, and conflicts with the present
/// state) rather than 422 (the input breaks a rule its schema states), so that a client, or
/// a contract test, can tell a request it must correct from one it may retry later.
const STATE_CODES: &[&str] = &[
    "error-unknown-reference",
    "error-foreign-location",
    "error-unit-taken",
    "error-person-taken",
    "error-tenancy-ended",
    "error-incident-closed",
    "error-date-in-future",
    "error-date-in-past",
    "error-future-date",
    "error-contact-future",
    "error-birth-date-future",
    "error-month-in-future",
    "error-hold-in-past",
    "error-before-offer",
    "error-before-lease",
    "error-before-move-in",
    "error-before-incident",
    "error-before-property",
    "error-not-leased",
    "error-offer-changed",
    "error-round-changed",
    "error-offer-exists",
    "error-already-corrected",
    "error-not-a-proposal",
    "error-pin-infeasible",
    "error-transition",
    "error-state",
    "error-review-decided",
    "error-consent-already-ended",
];

fn conflicts_only(fields: &FieldErrors) -> bool {
    fields.0.iter().all(|f| STATE_CODES.contains(&f.code))
}

/// Codes the domain and store raise that users may see; each has a translation.
pub const USER_FACING_CODES: &[&str] = &[
    "error-k-persons",
    "error-token-days",
    "error-disable-self",
    "error-password-current",
    "error-password-short",
    "error-password-long",
    "error-password-common",
    "error-password-same",
    "error-password-confirm",
    "error-token-refused",
    "error-token-scope",
    "error-period-order",
    "error-required",
    "error-too-long",
    "error-email",
    "error-url",
    "error-postal-code",
    "error-latitude",
    "error-longitude",
    "error-coordinates-pair",
    "error-age",
    "error-age-range",
    "error-status",
    "error-phone",
    "error-unknown-reference",
    "error-foreign-location",
    "error-duplicate-name",
    "error-duplicate-email",
    "error-agency-required",
    "error-agency-not-allowed",
    "error-unauthorized",
    "error-forbidden",
    "error-not-found",
    "error-csrf",
    "error-invalid",
    "error-conflict",
    "error-internal",
    "error-method",
    "error-too-large",
    "error-bad-request",
    "error-login",
    "error-bad-json",
    "error-content-type",
    "error-json-shape",
    "error-date-in-future",
    "error-date-in-past",
    "error-before-offer",
    "error-before-lease",
    "error-not-leased",
    "error-reason-required",
    "error-subsidy-above-rent",
    "error-choose-proposal",
    "error-policy-key",
    "error-round-changed",
    "error-already-corrected",
    "error-offer-changed",
    "error-offer-exists",
    "error-person-taken",
    "error-person-changed",
    "error-unit-taken",
    "error-not-a-proposal",
    "error-pin-infeasible",
    "error-round-dry-run",
    "error-round-stale",
    "role-administrator",
    "role-housing-locator",
    "role-partner-worker",
    "role-network-convener",
    "role-analyst",
    "status-active",
    "status-inactive",
    "status-defunct",
    "status-temporarily-closed",
];

/// The language a request is served in, once the request's context (`Ctx`) has found it:
/// the error layers lend it to the request and read it back with the response.
#[derive(Clone, Default)]
pub struct ReplyLanguage(std::sync::Arc<std::sync::OnceLock<Language>>);

impl ReplyLanguage {
    pub fn set(&self, lang: Language) {
        let _ = self.0.set(lang);
    }

    /// Lends a fresh one to `request`, and keeps a handle on it.
    fn lend(request: &mut Request) -> ReplyLanguage {
        let reply = ReplyLanguage::default();
        request.extensions_mut().insert(reply.clone());
        reply
    }

    /// The language the request was served in, else what its headers ask for.
    fn get(&self, fallback: Language) -> Language {
        self.0.get().copied().unwrap_or(fallback)
    }
}

/// The language an error is told in when no context was made (no handler ran): the
/// visitor's chosen one (the language cookie), else the first their client accepts, else
/// English.
fn request_language(headers: &header::HeaderMap) -> Language {
    cookie(headers, LANG_COOKIE)
        .as_deref()
        .and_then(Language::parse)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(negotiate)
        })
        .unwrap_or_default()
}

/// On pages (not the API), turns error responses into a translated page, and sends
/// visitors who must log in to the login page.
pub async fn html_errors(mut request: Request, next: Next) -> Response {
    let asked = request_language(request.headers());
    let reply = ReplyLanguage::lend(&mut request);
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let response = next.run(request).await;
    let Some(ErrorMarker { code, .. }) = response.extensions().get::<ErrorMarker>().cloned() else {
        return response;
    };
    if code == "error-unauthorized" {
        return Redirect::to(&format!("/login?next={}", crate::views::url_encode(&path)))
            .into_response();
    }
    let tr = Tr::new(reply.get(asked));
    let page = ErrorPage {
        tr,
        message: tr.t(code),
    };
    (response.status(), crate::views::render(&page)).into_response()
}

/// Every error the API answers is an RFC 9457 problem in the caller's language, including
/// those the framework answers before a handler runs (a method the path does not take, a
/// query string that does not parse, a body too large), which come as plain text.
pub async fn problem_details(mut request: Request, next: Next) -> Response {
    let asked = request_language(request.headers());
    let reply = ReplyLanguage::lend(&mut request);
    let api = crate::routes::is_api(request.uri().path());
    let response = next.run(request).await;
    // Errors on pages were rendered by `html_errors`, which leaves no marker.
    let marker = match response.extensions().get::<ErrorMarker>() {
        Some(marker) => marker.clone(),
        None if api
            && (response.status().is_client_error() || response.status().is_server_error()) =>
        {
            ErrorMarker {
                code: framework_code(response.status()),
                fields: None,
            }
        }
        None => return response,
    };
    with_problem_body(response, &marker, Tr::new(reply.get(asked)))
}

/// The code of an error the framework answered by itself, by its status.
fn framework_code(status: StatusCode) -> &'static str {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => "error-method",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "error-content-type",
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        StatusCode::NOT_FOUND => "error-not-found",
        status if status.is_server_error() => "error-internal",
        _ => "error-bad-request",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_user_facing_code_is_translated() {
        for lang in Language::ALL {
            let ids = crate::i18n::message_ids(lang);
            for code in USER_FACING_CODES {
                assert!(
                    ids.iter().any(|id| id == code),
                    "{code} missing in {}",
                    lang.code()
                );
            }
        }
    }
}

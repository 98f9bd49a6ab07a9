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

/// Marks a response as an error so [`html_errors`] can render it for people.
#[derive(Clone, Copy)]
struct ErrorMarker(&'static str);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "request failed");
        }
        let mut body = serde_json::json!({ "error": self.code() });
        if let AppError::Invalid(fields) = &self {
            body["fields"] = serde_json::to_value(fields).unwrap_or_default();
        }
        let mut response = (self.status(), axum::Json(body)).into_response();
        if let AppError::TokenRefused = self {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        response.extensions_mut().insert(ErrorMarker(self.code()));
        response
    }
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
    "error-internal",
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

/// On pages (not the API), turns error responses into a translated page, and sends
/// visitors who must log in to the login page.
pub async fn html_errors(request: Request, next: Next) -> Response {
    let lang = cookie(request.headers(), LANG_COOKIE)
        .as_deref()
        .and_then(Language::parse)
        .or_else(|| {
            request
                .headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(negotiate)
        })
        .unwrap_or_default();
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let response = next.run(request).await;
    let Some(ErrorMarker(code)) = response.extensions().get::<ErrorMarker>().copied() else {
        return response;
    };
    if code == "error-unauthorized" {
        return Redirect::to(&format!("/login?next={}", crate::views::url_encode(&path)))
            .into_response();
    }
    let tr = Tr::new(lang);
    let page = ErrorPage {
        tr,
        message: tr.t(code),
    };
    (response.status(), crate::views::render(&page)).into_response()
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

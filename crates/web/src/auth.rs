//! Passwords, sessions, CSRF protection and the request context every page starts from.

use crate::AppState;
use crate::error::AppError;
use crate::i18n::{Tr, negotiate};
use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use axum::extract::{FromRef, FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header, request::Parts};
use axum::middleware::Next;
use axum::response::Response;
use blake2::{Blake2s256, Digest};
use passerelle_domain::roles::{Language, TokenScope, User};

pub const SESSION_COOKIE: &str = "passerelle_session";
/// Carries the CSRF token of visitors who are not logged in (double-submit cookie).
pub const CSRF_COOKIE: &str = "passerelle_csrf";

/// The name a session or CSRF cookie goes by. Over HTTPS it takes the `__Host-` prefix:
/// browsers then accept it only as Secure, for this host alone and the whole site, so a
/// neighbouring subdomain cannot plant or overwrite it. Over plain HTTP (the demo) the
/// prefix would make browsers refuse it.
pub fn cookie_name(name: &'static str, secure: bool) -> std::borrow::Cow<'static, str> {
    if secure {
        format!("__Host-{name}").into()
    } else {
        name.into()
    }
}
pub const LANG_COOKIE: &str = "passerelle_lang";
/// How long a session lasts without logging in again.
pub const SESSION_HOURS: i64 = 12;
/// How long a session lasts unused: a computer left signed in at a drop-in or a shared
/// office signs itself out.
pub const SESSION_IDLE_MINUTES: i64 = 30;

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("hashing: {e}")))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A password no account has, verified when the email is unknown so that a login takes
/// as long whether or not the account exists.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| hash_password("decoy password").unwrap_or_default());
    &DECOY
}

/// 32 random bytes, hex-encoded.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    hex(&bytes)
}

/// What the database keeps of a session token: its hash, so a leaked table opens nothing.
pub fn token_hash(token: &str) -> String {
    hex(&Blake2s256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A `Set-Cookie` value: HttpOnly and SameSite=Lax always; Secure when the app is served
/// over HTTPS (see `Config::secure_cookies`).
pub fn set_cookie(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"
    ))
    .expect("cookie values are hex or language codes")
}

/// The anonymous CSRF token, set for this request by [`csrf_cookie`].
#[derive(Clone)]
struct AnonymousCsrf(String);

/// Gives every visitor without one a CSRF cookie, so the login form can be protected too.
pub async fn csrf_cookie(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let name = cookie_name(CSRF_COOKIE, state.config.secure_cookies);
    let existing = cookie(request.headers(), &name).filter(|t| t.len() == 64);
    let token = existing.clone().unwrap_or_else(random_token);
    request
        .extensions_mut()
        .insert(AnonymousCsrf(token.clone()));
    let mut response = next.run(request).await;
    if existing.is_none() {
        response.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(&name, &token, 60 * 60 * 24, state.config.secure_cookies),
        );
    }
    response
}

/// Who is asking, in which language, and the CSRF token their forms must carry.
#[derive(Clone)]
pub struct Ctx {
    pub user: Option<User>,
    pub tr: Tr,
    pub csrf: String,
    /// The session cookie's token hash, when logged in.
    pub session_hash: Option<String>,
    /// The path and query of this request, for links back to it.
    pub path: String,
    /// Unread notifications, for the header (0 when logged out).
    pub unread: i64,
    /// The scope of the API token the request came with, when it came with one rather than
    /// a session.
    pub token: Option<TokenScope>,
}

impl Ctx {
    /// The logged-in user, or an error that sends the visitor to the login page.
    pub fn user(&self) -> Result<&User, AppError> {
        self.user.as_ref().ok_or(AppError::Unauthorized)
    }

    /// The user of a session, never of an API token: for what a token must not do to
    /// outlive itself, such as making or revoking tokens.
    pub fn session_user(&self) -> Result<&User, AppError> {
        match self.token {
            Some(_) => Err(AppError::TokenScope),
            None => self.user(),
        }
    }

    /// Refuses a state-changing request whose form token is not this visitor's.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), AppError> {
        // Constant-time comparison: the token is a secret.
        let a = self.csrf.as_bytes();
        let b = submitted.as_bytes();
        let same =
            a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0;
        if same { Ok(()) } else { Err(AppError::Csrf) }
    }

    /// The user's role in their language.
    pub fn role_label(&self) -> String {
        self.user
            .as_ref()
            .map(|u| self.role_name(u.role))
            .unwrap_or_default()
    }

    /// A role's name in the reader's language.
    pub fn role_name(&self, role: passerelle_domain::roles::Role) -> String {
        self.tr
            .t(&format!("role-{}", role.as_str().replace('_', "-")))
    }

    pub fn lang(&self) -> &'static str {
        self.tr.code()
    }
}

impl<S> FromRequestParts<S> for Ctx
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        // The API and the metrics also take a personal access token; pages are for browsers
        // and sessions.
        let path = parts.uri.path();
        if (crate::routes::is_api(path) || path == "/metrics")
            && let Some(token) = bearer(&parts.headers)
        {
            let ctx = token_ctx(&state, parts, &token).await?;
            reply_in(parts, &ctx);
            return Ok(ctx);
        }
        let name = cookie_name(SESSION_COOKIE, state.config.secure_cookies);
        let session_hash = cookie(&parts.headers, &name).map(|t| token_hash(&t));
        let session = match &session_hash {
            Some(hash) => {
                let idle = time::Duration::minutes(SESSION_IDLE_MINUTES);
                state.store.session(hash, idle).await?
            }
            None => None,
        };
        let chosen = cookie(&parts.headers, LANG_COOKIE)
            .as_deref()
            .and_then(Language::parse);
        let accepted = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(negotiate);
        let lang = session
            .as_ref()
            .and_then(|s| s.user.language)
            .or(chosen)
            .or(accepted)
            .unwrap_or_default();
        let anonymous = parts
            .extensions
            .get::<AnonymousCsrf>()
            .map(|a| a.0.clone())
            .unwrap_or_default();
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into());
        let unread = match &session {
            Some(s) if s.user.referral_scope().is_some() => s.unread_notifications,
            _ => 0,
        };
        let ctx = match session {
            Some(s) => Ctx {
                user: Some(s.user),
                tr: Tr::new(lang),
                csrf: s.csrf_token,
                session_hash,
                path,
                unread,
                token: None,
            },
            None => Ctx {
                user: None,
                tr: Tr::new(lang),
                csrf: anonymous,
                session_hash: None,
                path,
                unread: 0,
                token: None,
            },
        };
        reply_in(parts, &ctx);
        Ok(ctx)
    }
}

/// Tells the error layer the language the request is served in (the account's own, when it
/// has one), so an error is told in it too.
fn reply_in(parts: &Parts, ctx: &Ctx) {
    if let Some(reply) = parts.extensions.get::<crate::error::ReplyLanguage>() {
        reply.set(ctx.tr.lang);
    }
}

/// The secret of an `Authorization: Bearer` header, if the request has one.
fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| secret.trim().to_owned())
}

/// The context of an API request made with a token: its user as they are now, in their
/// language, with no form token (the API takes none). A read-only token may only read.
async fn token_ctx(state: &AppState, parts: &Parts, secret: &str) -> Result<Ctx, AppError> {
    let today = time::OffsetDateTime::now_utc().date();
    let (user, scope) = state
        .store
        .token_user(&token_hash(secret), today)
        .await?
        .ok_or(AppError::TokenRefused)?;
    let reads = matches!(parts.method, Method::GET | Method::HEAD);
    if scope == TokenScope::Read && !reads {
        return Err(AppError::TokenScope);
    }
    let accepted = parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(negotiate);
    Ok(Ctx {
        tr: Tr::new(user.language.or(accepted).unwrap_or_default()),
        user: Some(user),
        csrf: String::new(),
        session_hash: None,
        path: parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into()),
        unread: 0,
        token: Some(scope),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }

    #[test]
    fn cookies_are_read_from_any_cookie_header() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; passerelle_lang=fr"),
        );
        assert_eq!(cookie(&headers, LANG_COOKIE).as_deref(), Some("fr"));
        assert_eq!(cookie(&headers, "b"), None);
    }
}

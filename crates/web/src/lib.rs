//! Passerelle's web application: bilingual server-rendered pages that work without
//! JavaScript, and the JSON API. Handlers parse and authorize, then call the store.

mod account;
pub mod api;
mod audit;
pub mod auth;
mod charts;
pub mod demo;
mod duplication;
pub mod error;
mod gaps;
mod housing;
mod hsds;
pub mod i18n;
mod listing;
pub mod mail;
pub mod matching;
mod metrics;
mod network;
pub mod outcomes;
mod outreach;
pub mod pages;
pub mod referrals;
pub mod routes;
mod systemic;
pub(crate) mod tenancies;
mod tokens;
mod users;
pub mod views;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use passerelle_store::Store;
use routes::Routes;
use std::net::SocketAddr;

/// Settings of a running app.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Mark cookies `Secure`. Required in production behind HTTPS; off for a demo served
    /// over plain HTTP on a loopback address, where browsers would otherwise drop them.
    pub secure_cookies: bool,
    /// Notifications by e-mail, where a mail server is configured.
    pub mail: Option<std::sync::Arc<mail::Mail>>,
    /// Take a request's address from the last `X-Forwarded-For` hop (set this behind a
    /// reverse proxy, which every request would otherwise seem to come from).
    pub trust_forwarded_for: bool,
    /// Serve the HSDS API (`/hsds/`) to anyone, for a 211 aggregator; else it needs a
    /// signed-in user or an API token like the rest of the API.
    pub hsds_public: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Config,
    /// Identity resolution over the list's referrals (built on first use).
    pub people: std::sync::Arc<referrals::identity::PeopleIndex>,
    /// The ranked by-name list and the day the no-contact rule last ran.
    pub(crate) lists: std::sync::Arc<referrals::list::ListCache>,
    /// Requests served, for `/metrics`.
    pub(crate) metrics: std::sync::Arc<metrics::Metrics>,
    /// Projections of the list already made (see `outcomes::ProjectionCache`).
    pub(crate) projections: std::sync::Arc<outcomes::ProjectionCache>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> AppState {
        AppState {
            store,
            config,
            people: Default::default(),
            lists: Default::default(),
            metrics: Default::default(),
            projections: Default::default(),
        }
    }
}

pub(crate) const CSS: &str = include_str!("../static/app.css");

/// Every route the app serves: pages (errors shown as translated pages) and the API (errors
/// as problem details).
pub fn routes() -> Routes {
    let pages = pages::router()
        .merge(housing::router())
        .merge(network::router())
        .merge(outreach::router())
        .merge(systemic::router())
        .merge(duplication::router())
        .merge(gaps::router())
        .merge(referrals::router())
        .merge(matching::router())
        .merge(audit::router())
        .merge(tokens::router())
        .merge(account::router())
        .merge(users::router())
        .merge(tenancies::router())
        .merge(outcomes::router())
        .map(|r| r.layer(axum::middleware::from_fn(error::html_errors)));
    Routes::new()
        .merge(pages)
        .merge(api::router())
        .merge(referrals::api::router())
        .merge(matching::api::router())
        .merge(audit::api_router())
        .merge(tokens::api_router())
        .merge(account::api_router())
        .merge(users::api_router())
        .merge(tenancies::api_router())
        .merge(outcomes::api_router())
        .merge(hsds::router())
        .merge(housing::api_router())
        .merge(outreach::api_router())
        // Liveness: the process answers. Readiness: it can serve (see `Store::unready`).
        .route("/health", get(|| async { "ok" }))
        .route("/ready", get(ready))
        .route("/metrics", get(metrics::metrics))
        .route(
            "/static/app.css",
            get(|| async {
                ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
            }),
        )
}

/// The whole application, with what every request goes through.
pub fn app(state: AppState) -> Router {
    routes()
        .into_router()
        .fallback(|| async { error::AppError::NotFound })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::csrf_cookie,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            poke_outbox,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            request_log,
        ))
        // Outermost, so that an error from any layer reaches the caller as a problem.
        .layer(axum::middleware::from_fn(error::problem_details))
        .with_state(state)
}

/// A caller's request id is kept when it is a plain token a proxy would send.
fn plain_request_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

/// A path as the request log may keep it: a password link's secret is left out.
fn loggable_path(path: &str) -> String {
    match path.strip_prefix("/password-reset/") {
        Some(_) => "/password-reset/{token}".to_owned(),
        None => path.to_owned(),
    }
}

/// Logs and counts (for `/metrics`) every request once answered: its id, method, path (never the query string, which
/// can carry a person's name), status and time taken. The id is the caller's `X-Request-Id`
/// when plain (a reverse proxy's, so both logs line up), else one made here; it goes back
/// in the answer and marks every log line written while the request was served.
async fn request_log(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use tracing::Instrument;
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| plain_request_id(v))
        .map(str::to_owned)
        .unwrap_or_else(|| auth::random_token()[..32].to_owned());
    let method = request.method().clone();
    let path = loggable_path(request.uri().path());
    let started = std::time::Instant::now();
    let span = tracing::info_span!("request", request_id = %id);
    let mut response = next.run(request).instrument(span.clone()).await;
    let seconds = started.elapsed().as_secs_f64();
    state
        .metrics
        .record(method.as_str(), response.status().as_u16(), seconds);
    let ms = (seconds * 1000.0 * 10.0).round() / 10.0;
    span.in_scope(|| {
        tracing::info!(
            target: "passerelle::request",
            method = %method,
            path = %path,
            status = response.status().as_u16(),
            ms,
            "answered"
        )
    });
    if let Ok(value) = header::HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// What every answer tells the browser. The app serves its own stylesheet and no script at
/// all, so the content policy can forbid everything else: nothing injected into a page can
/// load or run, no other site can frame a page (clickjacking), and no answer is read as
/// another type than it says. Behind HTTPS (secure cookies on), browsers are told to come
/// back only over HTTPS.
async fn security_headers(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use axum::http::HeaderValue;
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if state.config.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// After a request that may have changed something (and so made notifications), wakes the
/// mail outbox.
async fn poke_outbox(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let changes = request.method() != axum::http::Method::GET;
    let response = next.run(request).await;
    if changes {
        state.poke_outbox();
    }
    response
}

impl AppState {
    /// Asks the mail outbox, if mail is configured, to send what is waiting.
    pub fn poke_outbox(&self) {
        if let Some(mail) = &self.config.mail {
            mail.poke();
        }
    }

    fn start_background_tasks(&self) {
        if let Some(mail) = &self.config.mail {
            mail.spawn_outbox(self.store.clone());
        }
    }
}

async fn ready(State(state): State<AppState>) -> Response {
    match state.store.unready().await {
        None => "ready".into_response(),
        Some(reason) => (StatusCode::SERVICE_UNAVAILABLE, reason).into_response(),
    }
}

/// Serves the app on `listener` until Ctrl-C or SIGTERM (what a service manager sends):
/// requests under way are finished, then the store is closed (SQLite checkpoints its WAL
/// file into the database).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    state.start_background_tasks();
    let store = state.store.clone();
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(stop_requested())
    .await?;
    store.close().await;
    Ok(())
}

/// Waits for Ctrl-C or, on Unix, SIGTERM.
async fn stop_requested() {
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            // Without the handler, Ctrl-C still stops the server.
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await
        }
    };
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
}

/// Starts the app on a free loopback port in the background, for tests and benchmarks.
pub async fn spawn(state: AppState) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    state.start_background_tasks();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app(state).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    Ok(addr)
}

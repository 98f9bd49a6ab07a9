//! Starts the real app on a random port over a fresh database with the demo community.

#![allow(dead_code)]

use passerelle_demo::DemoOptions;
use passerelle_store::Store;
use passerelle_web::{AppState, Config};
use reqwest::{Client, StatusCode, redirect::Policy};

pub struct TestApp {
    pub base: String,
    pub store: Store,
    /// The database's URL, for a test that counts in SQL of its own (see [`TestApp::db`]).
    pub db_url: String,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// A pool of the test's own on the app's database, whichever it is.
    pub async fn db(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        sqlx::AnyPool::connect(&self.db_url).await.unwrap()
    }
}

/// Set to `postgres` (with `PASSERELLE_TEST_POSTGRES` naming a server), the apps these tests
/// start run on PostgreSQL instead of SQLite: `.ci/run` runs the HTTP tests once on each.
pub const BACKEND_ENV: &str = "PASSERELLE_TEST_WEB_BACKEND";

/// The PostgreSQL server's admin URL when the tests run on PostgreSQL.
fn postgres_admin() -> Option<String> {
    match std::env::var(BACKEND_ENV).as_deref() {
        Ok("postgres") => Some(
            std::env::var(passerelle_store::testing::POSTGRES_ENV).unwrap_or_else(|_| {
                panic!(
                    "{BACKEND_ENV}=postgres needs {} naming a server",
                    passerelle_store::testing::POSTGRES_ENV
                )
            }),
        ),
        Ok("sqlite") | Err(_) => None,
        Ok(other) => panic!("{BACKEND_ENV}={other}: use sqlite or postgres"),
    }
}

/// A fresh, empty database for one test: a file in `dir`, or a new PostgreSQL database.
async fn fresh_database(dir: &std::path::Path) -> String {
    match postgres_admin() {
        Some(admin) => passerelle_store::testing::fresh_postgres_database(&admin, None)
            .await
            .unwrap(),
        None => format!("sqlite://{}", dir.join("app.db").display()),
    }
}

/// The demo community, loaded once per test binary and copied for each test: loading it
/// takes seconds, copying it milliseconds.
enum DemoTemplate {
    /// The bytes of a SQLite copy of the demo.
    Sqlite(Vec<u8>),
    /// A PostgreSQL database nothing stays connected to, for `CREATE DATABASE … TEMPLATE`.
    Postgres { admin: String, name: String },
}

static DEMO: tokio::sync::OnceCell<DemoTemplate> = tokio::sync::OnceCell::const_new();

async fn demo_template() -> &'static DemoTemplate {
    DEMO.get_or_init(|| async {
        let dir = tempfile::tempdir().unwrap();
        let url = fresh_database(dir.path()).await;
        let store = Store::open(&url).await.unwrap();
        let today = time::OffsetDateTime::now_utc().date();
        let empty = store.found_empty().await.unwrap().unwrap();
        passerelle_web::demo::load(&store, empty, DemoOptions::default(), today)
            .await
            .unwrap();
        // SQLite: a copy made by the database itself (VACUUM INTO), whole whatever its
        // write-ahead log still holds. Reading the file after closing the pools relied on
        // the last connection checkpointing it; a CI run on a loaded machine copied a file
        // that SQLite then called malformed.
        let template = dir.path().join("template.db");
        if postgres_admin().is_none() {
            store.backup_to(&template).await.unwrap();
        }
        store.close().await;
        match postgres_admin() {
            Some(admin) => DemoTemplate::Postgres {
                admin,
                name: url.rsplit_once('/').unwrap().1.to_owned(),
            },
            None => DemoTemplate::Sqlite(std::fs::read(&template).unwrap()),
        }
    })
    .await
}

/// A copy of the demo community for one test.
async fn demo_database(dir: &std::path::Path) -> String {
    match demo_template().await {
        DemoTemplate::Sqlite(bytes) => {
            let file = dir.join("app.db");
            std::fs::write(&file, bytes).unwrap();
            format!("sqlite://{}", file.display())
        }
        DemoTemplate::Postgres { admin, name } => {
            passerelle_store::testing::fresh_postgres_database(admin, Some(name))
                .await
                .unwrap()
        }
    }
}

pub async fn spawn_demo_app() -> TestApp {
    spawn_demo_app_configured(Config::default()).await
}

/// The demo app with the settings given (mail, say).
pub async fn spawn_demo_app_configured(config: Config) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = demo_database(dir.path()).await;
    let store = Store::open(&url).await.unwrap();
    serve(dir, store, url, config).await
}

/// The app over a database holding nothing but one user of `role` signing in as `email`
/// with the demo's password: for what only an empty community shows.
pub async fn spawn_empty_app_with_user(
    email: &str,
    role: passerelle_domain::roles::Role,
) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let store = Store::open(&url).await.unwrap();
    store
        .create_user(
            None,
            passerelle_store::NewUser {
                email: passerelle_domain::values::Email::parse("email", email).unwrap(),
                display_name: email.into(),
                role,
                agency_id: None,
                password_hash: passerelle_web::auth::hash_password(passerelle_demo::DEMO_PASSWORD)
                    .unwrap(),
            },
        )
        .await
        .unwrap();
    serve(dir, store, url, Config::default()).await
}

async fn serve(dir: tempfile::TempDir, store: Store, db_url: String, config: Config) -> TestApp {
    let state = AppState::new(store.clone(), config);
    let addr = passerelle_web::spawn(state).await.unwrap();
    TestApp {
        base: format!("http://{addr}"),
        store,
        db_url,
        _dir: dir,
    }
}

pub fn client() -> Client {
    Client::builder().redirect(Policy::none()).build().unwrap()
}

pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.strip_prefix(&format!("{name}="))
                .and_then(|r| r.split(';').next())
                .map(str::to_owned)
        })
}

/// Logs in through the form and returns the cookie header of the session.
pub async fn login(base: &str, email: &str) -> String {
    let c = client();
    let page = c.get(format!("{base}/login")).send().await.unwrap();
    let csrf = set_cookie(&page, "passerelle_csrf").unwrap();
    let response = c
        .post(format!("{base}/login"))
        .header("cookie", format!("passerelle_csrf={csrf}"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", passerelle_demo::DEMO_PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    assert!(
        cookie
            .iter()
            .any(|c| c.contains("HttpOnly") && c.contains("SameSite=Lax")),
        "{cookie:?}"
    );
    format!(
        "passerelle_session={}",
        set_cookie(&response, "passerelle_session").unwrap()
    )
}

/// The CSRF token of a logged-in page's forms.
pub async fn csrf_of(base: &str, cookie: &str, path: &str) -> String {
    let html = client()
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = html.find("name=\"csrf\" value=\"").unwrap() + 19;
    html[start..start + 64].to_owned()
}

/// Gets a page as a logged-in user: its status and body.
pub async fn get(base: &str, cookie: &str, path: &str) -> (StatusCode, String) {
    let r = client()
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

/// Sends a request as a logged-in user, with a JSON body when given: its status and the
/// JSON answer (null when the answer is not JSON).
pub async fn send_json(
    base: &str,
    cookie: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value) {
    let mut request = client()
        .request(method, format!("{base}{path}"))
        .header("cookie", cookie);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let r = request.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

/// [`send_json`] as a GET.
pub async fn get_json(base: &str, cookie: &str, path: &str) -> (StatusCode, serde_json::Value) {
    send_json(base, cookie, reqwest::Method::GET, path, None).await
}

/// Every item of a paged API list (`{"total", "page", "per_page", FIELD: [...]}`), its
/// pages read in turn at 100 a page; `path` may carry other parameters.
pub async fn every_page(
    base: &str,
    cookie: &str,
    path: &str,
    field: &str,
) -> Vec<serde_json::Value> {
    let joiner = if path.contains('?') { '&' } else { '?' };
    let mut items = Vec::new();
    for page in 1.. {
        let (status, body) = get_json(
            base,
            cookie,
            &format!("{path}{joiner}per_page=100&page={page}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        let batch = body[field].as_array().expect("a paged list").clone();
        let done = batch.is_empty()
            || items.len() + batch.len() >= body["total"].as_u64().unwrap() as usize;
        items.extend(batch);
        if done {
            break;
        }
    }
    items
}

/// The ids of one page of a paged API list (`FIELD` in `{"total", "page", "per_page",
/// FIELD: [...]}`), in its order.
pub fn page_ids(page: &serde_json::Value, field: &str) -> Vec<String> {
    page[field]
        .as_array()
        .expect("a paged list")
        .iter()
        .map(|item| item["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// Asserts that the API list at `path` answers 400 to each of `parameters` (`sort=shoe`):
/// the API reads its parameters strictly, where pages take their defaults.
pub async fn refuses_each(base: &str, cookie: &str, path: &str, parameters: &[&str]) {
    for parameter in parameters {
        let (status, _) = get_json(base, cookie, &format!("{path}?{parameter}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}?{parameter}");
    }
}

/// [`send_json`] as a POST of `body`.
pub async fn post_json(
    base: &str,
    cookie: &str,
    path: &str,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    send_json(base, cookie, reqwest::Method::POST, path, Some(body)).await
}

/// Posts a form; returns the status, where it redirects to, and the page.
pub async fn post_form(
    base: &str,
    cookie: &str,
    path: String,
    form: Vec<(&'static str, String)>,
) -> (StatusCode, Option<String>, String) {
    let r = client()
        .post(format!("{base}{path}"))
        .header("cookie", cookie)
        .form(&form)
        .send()
        .await
        .unwrap();
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    (r.status(), location, r.text().await.unwrap())
}

/// The agency a demo login belongs to (the partner worker's).
pub async fn agency_of(store: &Store, email: &str) -> uuid::Uuid {
    store
        .user_credentials(email)
        .await
        .unwrap()
        .unwrap()
        .0
        .agency_id
        .unwrap()
}

/// The demo's partner worker, and a second one this function adds at another agency: the
/// two referring agencies of the coordinated-access journeys.
pub const WORKER: &str = "worker@passerelle.example.org";
pub const OTHER_WORKER: &str = "other-worker@passerelle.example.org";

/// The demo app with [`OTHER_WORKER`] at an agency other than [`WORKER`]'s.
pub async fn spawn_demo_app_with_two_workers() -> TestApp {
    add_other_worker(spawn_demo_app().await).await
}

/// Adds [`OTHER_WORKER`] at an agency other than [`WORKER`]'s.
pub async fn add_other_worker(app: TestApp) -> TestApp {
    let own = agency_of(&app.store, WORKER).await;
    let other = app
        .store
        .organization_names()
        .await
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .find(|id| *id != own)
        .unwrap();
    app.store
        .create_user(
            None,
            passerelle_store::NewUser {
                email: passerelle_domain::values::Email::parse("email", OTHER_WORKER).unwrap(),
                display_name: "Other worker".into(),
                role: passerelle_domain::roles::Role::PartnerWorker,
                agency_id: Some(other),
                password_hash: passerelle_web::auth::hash_password(passerelle_demo::DEMO_PASSWORD)
                    .unwrap(),
            },
        )
        .await
        .unwrap();
    app
}

/// The messages a mail folder has received, decoded. Only whole messages count: one still
/// being written has another name until it is complete.
pub fn mailed(folder: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
        .map(|path| quoted_printable(&std::fs::read_to_string(path).unwrap()))
        .collect()
}

/// A mail file's text with quoted-printable soft breaks and escapes undone.
fn quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The ids a page's table (by its `id`) links to under `path` (`/offers/`), in order.
pub fn linked_ids(page: &str, table_id: &str, path: &str) -> Vec<String> {
    let Some(start) = page.find(&format!("id=\"{table_id}\"")) else {
        return Vec::new();
    };
    let table = &page[start..start + page[start..].find("</table>").unwrap()];
    table
        .split(&format!("href=\"{path}"))
        .skip(1)
        .map(|s| s[..36].to_owned())
        .collect()
}

/// `text` for a URL's query: every byte but letters and digits percent-encoded.
pub fn url_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

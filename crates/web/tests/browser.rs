//! Browser journeys in real headless Chromium, driven over WebDriver (chromedriver).
//!
//! They run when `PASSERELLE_BROWSER_TESTS=1` (as `.ci/run` sets, after installing Debian's
//! `chromium` and `chromium-driver`); then a missing browser is a failure, not a skip.
//! Without the variable they are skipped with a message, so `cargo test` needs only Rust.

mod common;

use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A minimal WebDriver client: the handful of W3C WebDriver commands the journeys use.
struct Browser {
    http: reqwest::Client,
    session: String,
    _driver: Driver,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The chromedriver process, stopped and reaped however the test ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Browser {
    async fn start() -> Option<Browser> {
        if std::env::var("PASSERELLE_BROWSER_TESTS").is_err() {
            eprintln!("browser tests skipped: set PASSERELLE_BROWSER_TESTS=1 (bash .ci/run does)");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Driver(Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("PASSERELLE_BROWSER_TESTS is set but chromedriver cannot start: install chromium-driver"));
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                         "--no-first-run", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--lang=en-US"]
            }
        }}});
        for _ in 0..100 {
            if let Ok(response) = http
                .post(format!("{base}/session"))
                .json(&capabilities)
                .send()
                .await
            {
                let body: Value = response.json().await.unwrap();
                let session = body["value"]["sessionId"]
                    .as_str()
                    .unwrap_or_else(|| panic!("no session: {body}"))
                    .to_owned();
                return Some(Browser {
                    http,
                    session: format!("{base}/session/{session}"),
                    _driver: driver,
                });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not answer");
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let request = self.http.request(method, format!("{}{path}", self.session));
        let response = request.json(&body).send().await.unwrap();
        let value: Value = response.json().await.unwrap();
        if value["value"].get("error").is_some() {
            panic!("WebDriver {path}: {}", value["value"]);
        }
        value["value"].clone()
    }

    async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", json!({"url": url}))
            .await;
    }

    async fn find(&self, css: &str) -> String {
        let found = self
            .call(
                reqwest::Method::POST,
                "/element",
                json!({"using": "css selector", "value": css}),
            )
            .await;
        found[ELEMENT].as_str().unwrap().to_owned()
    }

    /// Clicks a control that loads a new page, and waits until that page has loaded: a
    /// WebDriver click may return before the navigation it starts has finished.
    async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.script("window.passerelleOldPage = true; return true;")
            .await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            json!({}),
        )
        .await;
        for _ in 0..200 {
            let loaded = self
                .script(
                    "return window.passerelleOldPage === undefined \
                     && document.readyState === 'complete';",
                )
                .await;
            if loaded == Value::Bool(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("clicking {css} did not load a new page within 10 s");
    }

    async fn script(&self, body: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            json!({"script": body, "args": []}),
        )
        .await
    }

    async fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/clear"),
            json!({}),
        )
        .await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            json!({"text": text}),
        )
        .await;
    }

    /// Chooses an option of a select (or sets any field) by value.
    async fn choose(&self, css: &str, value: &str) {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            json!({"script": "document.querySelector(arguments[0]).value = arguments[1]; return true;", "args": [css, value]}),
        )
        .await;
    }

    async fn text(&self, css: &str) -> String {
        let id = self.find(css).await;
        self.call(
            reqwest::Method::GET,
            &format!("/element/{id}/text"),
            json!({}),
        )
        .await
        .as_str()
        .unwrap()
        .to_owned()
    }

    async fn attribute(&self, css: &str, name: &str) -> String {
        let id = self.find(css).await;
        let value = self
            .call(
                reqwest::Method::GET,
                &format!("/element/{id}/property/{name}"),
                json!({}),
            )
            .await;
        value.as_str().unwrap_or_default().to_owned()
    }

    async fn title(&self) -> String {
        self.call(reqwest::Method::GET, "/title", json!({}))
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn quit(self) {
        let _ = self.http.delete(&self.session).send().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_in_search_switch_language_and_see_a_field_error_in_french() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = common::spawn_demo_app().await;

    browser.goto(&format!("{}/directory", app.base)).await;
    assert_eq!(
        browser.title().await,
        "Log in · Passerelle",
        "a visitor is sent to log in"
    );
    browser
        .type_into("#email", "convener@passerelle.example.org")
        .await;
    browser
        .type_into("#password", passerelle_demo::DEMO_PASSWORD)
        .await;
    browser.click("#login-submit").await;
    assert_eq!(
        browser.title().await,
        "Directory · Passerelle",
        "back where the visitor wanted to go"
    );

    browser.type_into("#f-q", "vanier").await;
    browser.click("#search-submit").await;
    let count = browser.text("#result-count").await;
    assert!(count.ends_with("organizations found"), "{count}");
    let first = browser.text(".results .org-link").await;
    assert!(passerelle_domain::text::fold(&first).contains("vanier") || !first.is_empty());

    browser.click("#switch-language").await;
    assert_eq!(browser.title().await, "Répertoire · Passerelle");
    let count = browser.text("#result-count").await;
    assert!(
        count.ends_with("organismes trouvés"),
        "the search is kept across the switch: {count}"
    );

    browser
        .goto(&format!("{}/directory/organizations/new", app.base))
        .await;
    assert_eq!(browser.title().await, "Nouvel organisme · Passerelle");
    browser.type_into("#f-name", "Refuge du Navigateur").await;
    browser.type_into("#f-email", "pas-un-courriel").await;
    browser.click("#save").await;
    assert_eq!(
        browser.text("#e-email").await,
        "Entrez une adresse courriel comme nom@exemple.org."
    );
    assert_eq!(
        browser.attribute("#f-name", "value").await,
        "Refuge du Navigateur",
        "what was typed is kept"
    );
    assert_eq!(
        browser.attribute("#f-email", "value").await,
        "pas-un-courriel"
    );

    browser
        .type_into("#f-email", "accueil@navigateur.example.org")
        .await;
    browser.click("#save").await;
    assert_eq!(browser.title().await, "Refuge du Navigateur · Passerelle");
    browser.quit().await;
}

/// This month's total on the availability page.
async fn open_this_month(browser: &Browser, base: &str) -> u32 {
    browser.goto(&format!("{base}/housing/availability")).await;
    let month =
        passerelle_domain::housing::MonthIndex::of(time::OffsetDateTime::now_utc().date()).code();
    browser
        .text(&format!("#month-{month} .total"))
        .await
        .parse()
        .unwrap()
}

/// The housing locator's journey, in the language given: a landlord, a property with two
/// units, a hold, and the month's availability counting them.
async fn locator_journey(browser: &Browser, base: &str, french: bool) {
    let t = |en: &'static str, fr: &'static str| if french { fr } else { en };
    let before = open_this_month(browser, base).await;
    assert_eq!(
        browser.title().await,
        t(
            "Monthly availability · Passerelle",
            "Disponibilité mensuelle · Passerelle"
        )
    );

    browser.goto(&format!("{base}/housing")).await;
    browser.click("#new-landlord").await;
    assert_eq!(
        browser.title().await,
        t(
            "New landlord · Passerelle",
            "Nouveau propriétaire · Passerelle"
        )
    );
    let name = t("Navigator Homes", "Habitations du Navigateur");
    browser.type_into("#f-name", name).await;
    browser.type_into("#f-committed_units", "2").await;
    browser.click("#save").await;
    assert_eq!(browser.title().await, format!("{name} · Passerelle"));

    browser.click("#new-property").await;
    browser
        .type_into(
            "#f-address",
            t("12 Navigator Street", "12, rue du Navigateur"),
        )
        .await;
    browser.click("#save").await;
    assert_eq!(
        browser.title().await,
        t("New unit · Passerelle", "Nouveau logement · Passerelle")
    );

    // A rent that makes no sense is refused in the user's language, what was typed kept.
    browser.type_into("#f-label", "1").await;
    browser.type_into("#f-bedrooms", "2").await;
    browser.type_into("#f-rent", "-1450").await;
    browser.click("#save-and-add").await;
    assert_eq!(
        browser.text("#e-rent").await,
        t(
            "This cannot be negative.",
            "Ce montant ne peut pas être négatif."
        )
    );
    assert_eq!(browser.attribute("#f-label", "value").await, "1");
    browser.type_into("#f-rent", t("1450", "1 450,00")).await;
    browser.click("#save-and-add").await;
    assert_eq!(
        browser.title().await,
        t("New unit · Passerelle", "Nouveau logement · Passerelle")
    );
    browser.type_into("#f-label", "2").await;
    browser.type_into("#f-bedrooms", "1").await;
    browser.type_into("#f-rent", "1200").await;
    browser.click("#save").await;
    assert_eq!(
        browser.text("#unit-status").await,
        t("Available", "Disponible")
    );

    let agency = browser
        .attribute("#f-agency_id option:nth-child(2)", "value")
        .await;
    browser.choose("#f-agency_id", &agency).await;
    browser.click("#step-held").await;
    assert_eq!(browser.text("#unit-status").await, t("Held", "Réservé"));
    assert!(
        browser
            .text("#unit-hold")
            .await
            .starts_with(t("Held for", "Réservé pour"))
    );

    // Both new units are open this month: the held one too.
    assert_eq!(open_this_month(browser, base).await, before + 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locator_adds_a_landlord_a_property_and_two_units_holds_one_and_sees_it_counted() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = common::spawn_demo_app().await;
    browser.goto(&format!("{}/housing", app.base)).await;
    browser
        .type_into("#email", "locator@passerelle.example.org")
        .await;
    browser
        .type_into("#password", passerelle_demo::DEMO_PASSWORD)
        .await;
    browser.click("#login-submit").await;
    assert_eq!(browser.title().await, "Housing · Passerelle");
    locator_journey(&browser, &app.base, false).await;
    browser.click("#switch-language").await;
    locator_journey(&browser, &app.base, true).await;
    browser.quit().await;
}

/// The convener's journey, in the language given: from the to-do page to an agency never
/// contacted, a contact logged, a meeting planned with a purpose, the four answers, the
/// outcome and a follow-up, the agency's stage moving on; then the map, filtered.
async fn convener_journey(browser: &Browser, base: &str, french: bool) {
    let t = |en: &'static str, fr: &'static str| if french { fr } else { en };
    browser.goto(&format!("{base}/network/outreach")).await;
    browser.click("#never-contacted li a").await;
    let agency_page = browser.script("return location.pathname;").await;
    let agency_page = format!("{base}{}", agency_page.as_str().unwrap());
    assert_eq!(browser.text("#stage").await, t("Identified", "Repéré"));

    browser
        .script("document.querySelector('#log-contact').open = true; return true;")
        .await;
    browser
        .type_into(
            "#contact-form textarea[name=note]",
            t("Called the director", "Appel à la directrice"),
        )
        .await;
    browser.click("#contact-form button").await;
    assert_eq!(browser.text("#stage").await, t("Contacted", "Contacté"));

    browser.click("#plan-meeting").await;
    let purpose = t(
        "Learn how the agency sees its role",
        "Comprendre comment l'organisme voit son rôle",
    );
    browser.type_into("#f-purpose", purpose).await;
    browser.click("#meeting-form button").await;
    assert_eq!(browser.text("#meeting-purpose").await, purpose);

    for (field, answer) in [
        (
            "role",
            t(
                "Evening meals east of the canal",
                "Les repas du soir à l'est du canal",
            ),
        ),
        ("strengths", t("Peer workers", "Des pairs aidants")),
        ("place_in_network", t("A crossroads", "Un carrefour")),
        (
            "hub_should_stop",
            t(
                "Asking for statistics twice",
                "Demander deux fois les statistiques",
            ),
        ),
    ] {
        browser
            .type_into(&format!(".answers-form textarea[name={field}]"), answer)
            .await;
    }
    browser.click(".answers-form button").await;
    assert!(
        browser
            .text("#answers-heading + details summary")
            .await
            .ends_with(t("answered", "réponses consignées"))
    );
    browser.click("#outcome-form button").await;
    assert!(
        browser
            .text("#meeting-status")
            .await
            .starts_with(t("Held on", "Tenue le"))
    );
    browser
        .type_into(
            "#f-description",
            t("Send the referral form", "Envoyer le formulaire"),
        )
        .await;
    browser.type_into("#f-owner", "Hub").await;
    browser.choose("#f-due_on", "2030-01-15").await;
    browser.click("#follow-up-form button").await;
    assert!(
        browser
            .text("#follow-up-list")
            .await
            .contains(t("Send the referral form", "Envoyer le formulaire"))
    );

    browser.goto(&agency_page).await;
    assert_eq!(browser.text("#stage").await, t("Met", "Rencontré"));

    browser.goto(&format!("{base}/network")).await;
    assert_eq!(
        browser.title().await,
        t(
            "Partner network · Passerelle",
            "Réseau des partenaires · Passerelle"
        )
    );
    let all: usize = browser.text("#fact-agencies").await.parse().unwrap();
    browser.choose("#f-agency_type", "drop-in").await;
    browser.click("#map-filters button").await;
    let drop_ins: usize = browser.text("#fact-agencies").await.parse().unwrap();
    assert!(0 < drop_ins && drop_ins < all, "{drop_ins} of {all}");
    let circles = browser
        .script("return document.querySelectorAll('#network-map svg a circle').length;")
        .await;
    assert_eq!(circles.as_u64(), Some(drop_ins as u64));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_convener_contacts_meets_and_records_an_agency_then_filters_the_map() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = common::spawn_demo_app().await;
    browser
        .goto(&format!("{}/network/outreach", app.base))
        .await;
    browser
        .type_into("#email", "convener@passerelle.example.org")
        .await;
    browser
        .type_into("#password", passerelle_demo::DEMO_PASSWORD)
        .await;
    browser.click("#login-submit").await;
    assert_eq!(
        browser.title().await,
        "Outreach: what needs doing · Passerelle"
    );
    convener_journey(&browser, &app.base, false).await;
    browser.click("#switch-language").await;
    convener_journey(&browser, &app.base, true).await;
    browser.quit().await;
}

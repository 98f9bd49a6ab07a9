//! Browser journeys in real headless Chromium, driven over WebDriver (chromedriver).
//!
//! They run when `PASSERELLE_BROWSER_TESTS=1` (as `.ci/run` sets, after installing Debian's
//! `chromium` and `chromium-driver`); then a missing browser is a failure, not a skip.
//! Without the variable they are skipped with a message, so `cargo test` needs only Rust.
//!
//! Every page a journey loads is checked with axe-core against WCAG 2.1 A and AA, in the
//! language the journey is in: a violation fails the journey. axe-core comes from its npm
//! package, installed by `.ci/run` with `npm ci --prefix crates/web/tests/axe`.

mod common;

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// axe-core's source, read once: from `AXE_CORE` if set, else from the npm package
/// `.ci/run` installs beside these tests.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = std::env::var("AXE_CORE").map(PathBuf::from).unwrap_or_else(|_| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/axe/node_modules/axe-core/axe.min.js")
        });
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "PASSERELLE_BROWSER_TESTS is set but axe-core is not at {} ({e}): run npm ci --prefix crates/web/tests/axe",
                path.display()
            )
        })
    })
}

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

    /// Loads a page and checks it for accessibility.
    async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", json!({"url": url}))
            .await;
        self.audit().await;
    }

    /// Runs axe-core on the page loaded and fails with every WCAG 2.1 A or AA violation,
    /// each with the elements it was found on.
    async fn audit(&self) {
        let script = format!(
            "{}\n{}",
            axe_source(),
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                 .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): '
                   + v.nodes.map(n => n.target.join(' ')).join(', '))))
                 .catch(e => done(['axe-core did not run: ' + e]));"#
        );
        let violations = self
            .call(
                reqwest::Method::POST,
                "/execute/async",
                json!({"script": script, "args": []}),
            )
            .await;
        if violations.as_array().is_some_and(|v| !v.is_empty()) {
            let page = self.script("return location.pathname + location.search + ' (' + document.documentElement.lang + ')';").await;
            panic!("{page} fails WCAG 2.1 AA: {violations:#}");
        }
        self.check_french_forms().await;
    }

    /// On a page in French, fails on what French does not write: a decimal point, a percent
    /// sign against its number, an English month, a month as `2026-11`, an English quarter,
    /// or a plural noun after 0 or 1 (French counts both in the singular). The rules are
    /// written here, from the glossary's conventions, not from the formatter they test.
    async fn check_french_forms(&self) {
        let found = self
            .script(
                r#"if (document.documentElement.lang !== 'fr') return [];
                   // Addresses (http://127.0.0.1:…) are not numbers.
                   const text = (document.querySelector('main') || document.body).innerText
                     .replace(/https?:\/\/\S+/g, '');
                   const rules = [
                     [/\d\.\d/g, 'decimal point'],
                     [/\d%/g, 'percent sign without its space'],
                     [/(?<!\p{L})(January|February|March|April|June|July|August|September|October|November|December)(?!\p{L})/gu, 'English month'],
                     [/(?<![\w-])\d{4}-\d{2}(?![\w-])/g, 'month as YYYY-MM'],
                     [/\bQ[1-4] \d{4}\b/g, 'English quarter'],
                     [/(?<![\d\u00a0\u202f,])[01] (logements|personnes|organismes|services|offres|ménages|propriétaires|jours|semaines|suivis|orientations|contacts|chambres|tours|demandes)(?!\p{L})/gu, 'plural after 0 or 1'],
                   ];
                   const found = [];
                   for (const [pattern, what] of rules) {
                     for (const m of text.matchAll(pattern)) {
                       found.push(what + ': …' + text.slice(Math.max(0, m.index - 30), m.index + 30).replace(/\s+/g, ' ') + '…');
                     }
                   }
                   return found;"#,
            )
            .await;
        if found.as_array().is_some_and(|f| !f.is_empty()) {
            let page = self
                .script("return location.pathname + location.search;")
                .await;
            panic!("{page} in French writes English forms: {found:#}");
        }
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
                self.audit().await;
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("clicking {css} did not load a new page within 10 s");
    }

    /// Ticks a checkbox or selects a radio button (a click that loads no page).
    async fn tick(&self, css: &str) {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            json!({"script": "document.querySelector(arguments[0]).checked = true; return true;", "args": [css]}),
        )
        .await;
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
    // The agency's own description in French, with no marker of another language.
    browser.click(".results .org-link").await;
    let description = browser.text("#org-description").await;
    assert!(
        !description.is_empty() && !description.contains("(en anglais)"),
        "{description}"
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

/// Months as French writes them, typed here rather than taken from the formatter under test.
const FRENCH_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// « décembre 2026 »
fn french_month(day: time::Date) -> String {
    format!("{} {}", FRENCH_MONTHS[day.month() as usize - 1], day.year())
}

/// « 1er décembre 2026 », « 30 novembre 2026 »
fn french_date(day: time::Date) -> String {
    let ordinal = if day.day() == 1 { "er" } else { "" };
    format!("{}{ordinal} {}", day.day(), french_month(day))
}

/// This month's total on the availability page.
async fn open_this_month(browser: &Browser, base: &str) -> u32 {
    browser.goto(&format!("{base}/housing/availability")).await;
    let month =
        passerelle_domain::housing::MonthIndex::of(time::OffsetDateTime::now_utc().date()).code();
    // The count is written in the page's language: « 1 234 » groups with a space.
    browser
        .text(&format!("#month-{month} .total"))
        .await
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
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
    if french {
        // A month, an amount and a plural as French writes them.
        let month = passerelle_domain::housing::MonthIndex::of(today()).code();
        assert_eq!(
            browser.text(&format!("#month-{month} th a")).await,
            french_month(today())
        );
        // The open units, one bedroom, dearest first: unit 2 is on one of the pages.
        browser
            .goto(&format!(
                "{base}/housing/units?bedrooms=1&sort=rent&dir=desc"
            ))
            .await;
        let units = browser.text("#open-count").await;
        assert!(units.ends_with(" logements à pourvoir"), "{units}");
        let mut found = false;
        for _ in 0..20 {
            let page = browser
                .script("return document.querySelector('main').innerText;")
                .await;
            if page.as_str().unwrap().contains("1\u{a0}200\u{a0}$") {
                found = true;
                break;
            }
            let next = browser
                .script("return document.querySelector('#page-next') !== null;")
                .await;
            if next != json!(true) {
                break;
            }
            browser.click("#page-next").await;
        }
        assert!(found, "the rent of unit 2 as French writes it");
    }
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

    browser.goto(&format!("{base}/network/gaps")).await;
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
    if french {
        // The day in a sentence and the density with a decimal comma.
        assert_eq!(
            browser.text("#whole-heading").await,
            format!("Le réseau au {}", french_date(today()))
        );
        let density = browser.text("#fact-density").await;
        assert!(density.starts_with("0,"), "{density}");
    }
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

/// Logs in through the login page, in the language given (switched on the page after).
async fn log_in(browser: &Browser, base: &str, email: &str, french: bool) {
    browser.goto(&format!("{base}/login")).await;
    browser.type_into("#email", email).await;
    browser
        .type_into("#password", passerelle_demo::DEMO_PASSWORD)
        .await;
    browser.click("#login-submit").await;
    let lang = browser
        .script("return document.documentElement.lang;")
        .await;
    if lang.as_str() != Some(if french { "fr" } else { "en" }) {
        browser.click("#switch-language").await;
    }
}

async fn log_out(browser: &Browser) {
    browser.click("#logout").await;
}

/// A person's referral through the form, with consent to share with the hub; its id.
async fn refer(
    browser: &Browser,
    base: &str,
    (given, family, born, phone): (&str, &str, &str, &str),
) -> String {
    browser.goto(&format!("{base}/referrals")).await;
    browser.click("#new-referral").await;
    browser.tick("#f-consent_hub-yes").await;
    browser.choose("#f-consent_method", "signed_form").await;
    browser.choose("#f-consent_expires_on", "2099-01-01").await;
    browser.type_into("#f-given_name", given).await;
    browser.type_into("#f-family_name", family).await;
    browser.type_into("#f-birth_date", born).await;
    browser.type_into("#f-phone", phone).await;
    browser.type_into("#f-adults", "1").await;
    browser.click("#referral-submit").await;
    let path = browser.script("return location.pathname;").await;
    path.as_str()
        .unwrap()
        .trim_start_matches("/referrals/")
        .to_owned()
}

/// One person as two agencies write them down.
struct Person<'a> {
    given: &'a str,
    nickname: &'a str,
    family: &'a str,
    /// The family name as the second agency typed it (accents dropped, say).
    family_variant: &'a str,
    born: &'a str,
    /// The birth date with the day and month swapped.
    swapped: &'a str,
    /// The phone each agency has for the person (people's phones change).
    phones: (&'a str, &'a str),
}

/// Coordinated access, in the language given: a worker refers a person (after a birth date
/// in the future is refused); a worker at another agency refers the same person with a
/// nickname and the day and month swapped; the hub sees one possible same person with the
/// engine's explanation and links it; the list shows one entry followed by both agencies;
/// each worker sees only their own referral and its status; withdrawing consent takes the
/// person off the list and out of both workers' views.
async fn coordinated_access_journey(
    browser: &Browser,
    app: &common::TestApp,
    french: bool,
    person: Person<'_>,
) {
    let Person {
        given,
        nickname,
        family,
        family_variant,
        born,
        swapped,
        phones,
    } = person;
    let t = |en: &'static str, fr: &'static str| if french { fr } else { en };
    let base = &app.base;
    let agency_name = |id| async move {
        app.store
            .organization_names()
            .await
            .unwrap()
            .into_iter()
            .find(|(o, _)| *o == id)
            .unwrap()
            .1
    };
    let worker_agency = agency_name(common::agency_of(&app.store, common::WORKER).await).await;
    let other_agency = agency_name(common::agency_of(&app.store, common::OTHER_WORKER).await).await;

    log_in(browser, base, common::WORKER, french).await;
    browser.goto(&format!("{base}/referrals/new")).await;
    browser.tick("#f-consent_hub-yes").await;
    browser.choose("#f-consent_method", "signed_form").await;
    browser.type_into("#f-given_name", given).await;
    browser.type_into("#f-birth_date", "2099-01-01").await;
    browser.click("#referral-submit").await;
    assert!(!browser.text("#e-birth_date").await.is_empty());
    assert_eq!(browser.attribute("#f-given_name", "value").await, given);
    assert_eq!(
        browser.attribute("#f-birth_date", "value").await,
        "2099-01-01"
    );
    let first = refer(browser, base, (given, family, born, phones.0)).await;
    assert_eq!(
        browser.text("#saved").await,
        t(
            "The referral was sent to the hub.",
            "L’orientation a été envoyée au carrefour."
        )
    );
    log_out(browser).await;

    log_in(browser, base, common::OTHER_WORKER, french).await;
    let second = refer(browser, base, (nickname, family_variant, swapped, phones.1)).await;
    log_out(browser).await;

    // The hub: exactly one possible same person names the second referral.
    log_in(browser, base, "locator@passerelle.example.org", french).await;
    browser.goto(&format!("{base}/reviews")).await;
    let items = browser
        .script("return [...document.querySelectorAll('#reviews a')].map(a => a.href);")
        .await;
    let mut ours = Vec::new();
    for item in items.as_array().unwrap() {
        browser.goto(item.as_str().unwrap()).await;
        let names_it = browser
            .script(&format!(
                "return document.querySelector('#side-by-side a[href=\"/referrals/{second}\"]') !== null;"
            ))
            .await;
        if names_it == Value::Bool(true) {
            ours.push(item.as_str().unwrap().to_owned());
        }
    }
    assert_eq!(
        ours.len(),
        1,
        "one possible same person among {items}; linked at once: {:?}",
        app.store
            .reviews(passerelle_store::ReviewState::Linked)
            .await
            .unwrap()
    );
    browser.goto(&ours[0]).await;
    let rows = browser
        .script("return document.querySelectorAll('#side-by-side tbody tr').length;")
        .await;
    assert!(
        rows.as_u64().unwrap() >= 3,
        "each field's agreement and weight"
    );
    assert!(!browser.text("#review-summary").await.is_empty());
    browser
        .type_into(
            "#f-reason",
            t("Same person, nickname", "Même personne, surnom"),
        )
        .await;
    browser.click("#link").await;
    assert_eq!(browser.text("#review-state").await, t("Linked", "Liées"));

    // Both referrals now lead to one person, with one entry on the list followed by both
    // agencies. (The demo list holds other people with these names: go by ids.)
    let mut persons = Vec::new();
    for referral in [&first, &second] {
        browser.goto(&format!("{base}/referrals/{referral}")).await;
        persons.push(browser.attribute("#person-link", "pathname").await);
    }
    assert_eq!(persons[0], persons[1], "one person");
    let person = persons.remove(0);
    let entries_of = |person: &str| {
        format!(
            "return [...document.querySelectorAll('#by-name-list tbody tr')]\
               .filter(r => r.querySelector('a[href=\"{person}\"]'))\
               .map(r => r.lastElementChild.textContent);"
        )
    };
    // The list is long and paged: the hub finds the person by name.
    browser
        .goto(&format!("{base}/list?q={family_variant}"))
        .await;
    let entries = browser.script(&entries_of(&person)).await;
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), 1, "one entry on the list: {entries:?}");
    let followed_by = entries[0].as_str().unwrap();
    assert!(
        followed_by.contains(&worker_agency) && followed_by.contains(&other_agency),
        "followed by both agencies: {followed_by}"
    );
    if french {
        // This month in the list's flows as French writes it, and a count with its plural.
        assert!(
            browser
                .text("#flows")
                .await
                .contains(&french_month(today())),
            "flows by month in French"
        );
        let count = browser.text("#list-caption").await;
        let (n, noun) = count.split_once(' ').unwrap();
        let n: u32 = n.parse().unwrap();
        assert_eq!(
            noun,
            if n <= 1 { "personne" } else { "personnes" },
            "{count}"
        );
    }
    browser.goto(&format!("{base}{person}")).await;
    assert_eq!(browser.text("#person-status").await, t("Active", "Active"));
    log_out(browser).await;

    // The administrator's policy page, with a list setting refused in the user's language.
    log_in(browser, base, "admin@passerelle.example.org", french).await;
    browser.goto(&format!("{base}/list/policy")).await;
    browser.type_into("#f-no_contact_days", "5").await;
    browser.click("#save-settings").await;
    assert_eq!(
        browser.text("#e-no_contact_days").await,
        t(
            "Enter a number of days from 14 to 365.",
            "Entrez un nombre de jours de 14 à 365."
        )
    );
    assert_eq!(browser.attribute("#f-no_contact_days", "value").await, "5");
    // The audit trail of the person's record: who read and changed it.
    let person_id = person.rsplit('/').next().unwrap();
    browser
        .goto(&format!("{base}/admin/audit?entity={person_id}"))
        .await;
    assert_eq!(
        browser.text("h1").await,
        t("Audit trail", "Journal d’audit")
    );
    let rows = browser
        .script("return document.querySelectorAll('#audit-events tbody tr').length;")
        .await;
    assert!(rows.as_u64().unwrap() > 0, "{rows}");
    browser.goto(&format!("{base}/admin/audit?entity=x")).await;
    assert_eq!(
        browser.text("#e-entity").await,
        t(
            "Enter an id such as 0b8e6c2a-5f3d-4c1e-9a7b-2d4f6e8a0c1b.",
            "Entrez un identifiant tel que 0b8e6c2a-5f3d-4c1e-9a7b-2d4f6e8a0c1b."
        )
    );
    // An API token: a day count out of range is refused beside its field, then the token is
    // made, shown once, and revoked from the list.
    browser.click("#nav-tokens").await;
    browser.type_into("#f-name", "Nightly export").await;
    browser.type_into("#f-days", "400").await;
    browser.click("#token-create").await;
    assert_eq!(
        browser.text("#e-days").await,
        t(
            "Give a number of days from 1 to 365.",
            "Indiquez un nombre de jours de 1 à 365."
        )
    );
    browser.type_into("#f-days", "30").await;
    browser.click("#token-create").await;
    assert!(browser.text("#token-secret code").await.starts_with("pas_"));
    browser
        .click("#tokens tbody tr:first-child button[type=submit]")
        .await;
    assert!(
        browser
            .script("return document.getElementById('token-secret') === null;")
            .await
            == Value::Bool(true)
    );
    let state = browser
        .text("#tokens tbody tr:first-child td:last-child")
        .await;
    assert!(state.starts_with(t("Revoked on", "Révoqué le")), "{state}");
    // A new password too short is refused beside its field; nothing changes.
    browser.click("#nav-password").await;
    browser
        .type_into("#f-current", passerelle_demo::DEMO_PASSWORD)
        .await;
    browser.type_into("#f-new", "short one").await;
    browser.type_into("#f-confirm", "short one").await;
    browser.click("#password-change").await;
    assert_eq!(
        browser.text("#e-new").await,
        t(
            "Use at least 12 characters.",
            "Utilisez au moins 12 caractères."
        )
    );
    // The accounts, where an administrator disables one or ends its sessions.
    browser.click("#nav-users").await;
    let listed = browser
        .script("return document.querySelectorAll('#users tbody tr').length;")
        .await;
    assert!(listed.as_u64().unwrap() >= 5, "{listed}");
    // A new analyst's account: the link that sets its password is shown once, and works
    // for a visitor not signed in.
    let email = format!("analyste-{}@passerelle.example.org", t("en", "fr"));
    browser.type_into("#f-email", &email).await;
    browser.type_into("#f-name", "Analyste Nouvelle").await;
    browser.choose("#f-role", "analyst").await;
    browser.click("#create-account").await;
    let link = browser.text("#link-url").await;
    assert!(link.contains("/password-reset/"), "{link}");
    log_out(browser).await;
    browser.goto(&link).await;
    browser.type_into("#f-new", "courge-Brillante-1987").await;
    browser
        .type_into("#f-confirm", "courge-Brillante-1987")
        .await;
    browser.click("#reset-submit").await;
    assert_eq!(
        browser.text("#reset-done").await,
        t(
            "Your password is set. Sign in with it.",
            "Votre mot de passe est fixé. Connectez-vous avec lui."
        )
    );

    // Each worker sees their own referral and its status, never the other's.
    for (email, own, theirs) in [
        (common::WORKER, &first, &second),
        (common::OTHER_WORKER, &second, &first),
    ] {
        log_in(browser, base, email, french).await;
        browser.goto(&format!("{base}/referrals")).await;
        let links = browser
            .script("return [...document.querySelectorAll('#referrals a')].map(a => a.getAttribute('href'));")
            .await
            .to_string();
        assert!(
            links.contains(own.as_str()) && !links.contains(theirs.as_str()),
            "{email}: {links}"
        );
        browser.goto(&format!("{base}/referrals/{own}")).await;
        assert_eq!(browser.text("#status").await, t("Active", "Active"));
        browser.goto(&format!("{base}/notifications")).await;
        if email == common::OTHER_WORKER {
            // Consent withdrawn by the person, recorded by the second agency's worker.
            browser.goto(&format!("{base}/referrals/{own}")).await;
            browser.tick("#f-confirm").await;
            browser.click("#withdraw").await;
        }
        log_out(browser).await;
    }

    // Off the list and out of both workers' views: their referrals are erased stubs.
    log_in(browser, base, "locator@passerelle.example.org", french).await;
    browser
        .goto(&format!("{base}/list?q={family_variant}"))
        .await;
    let entries = browser.script(&entries_of(&person)).await;
    assert_eq!(entries, json!([]), "off the list");
    log_out(browser).await;
    for (email, own) in [(common::WORKER, &first), (common::OTHER_WORKER, &second)] {
        log_in(browser, base, email, french).await;
        browser.goto(&format!("{base}/referrals")).await;
        let row = browser
            .script(&format!(
                "const a = document.querySelector('#referrals a[href=\"/referrals/{own}\"]'); \
                 return a ? a.closest('tr').textContent : '';"
            ))
            .await;
        let row = row.as_str().unwrap();
        assert!(
            !row.contains(given) && !row.contains(nickname) && !row.contains(born),
            "{email} no longer sees the person: {row}"
        );
        browser.goto(&format!("{base}/referrals/{own}")).await;
        let page = browser
            .script("return document.querySelector('main').textContent;")
            .await;
        let page = page.as_str().unwrap();
        assert!(
            !page.contains(family) && !page.contains(family_variant) && !page.contains(born),
            "{email}: the referral is an erased stub"
        );
        log_out(browser).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_person_referred_by_two_agencies_is_linked_by_the_hub_and_withdrawn_in_both_languages()
{
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = common::spawn_demo_app_with_two_workers().await;
    coordinated_access_journey(
        &browser,
        &app,
        false,
        Person {
            given: "Katherine",
            nickname: "Katie",
            family: "Whitcombe",
            family_variant: "Whitcomb",
            born: "1979-03-11",
            swapped: "1979-11-03",
            phones: ("613-555-0142", "819-555-0177"),
        },
    )
    .await;
    coordinated_access_journey(
        &browser,
        &app,
        true,
        Person {
            given: "Geneviève",
            nickname: "Ginette",
            family: "Bélanger",
            family_variant: "Belanger",
            born: "1985-02-09",
            swapped: "1985-09-02",
            phones: ("613-555-0101", ""),
        },
    )
    .await;
    browser.quit().await;
}

/// The `id` of the first element matching `css` whose attribute `name` holds `text`, or
/// the `href` of the first link whose text does.
async fn pick(browser: &Browser, css: &str, text: &str, want: &str) -> String {
    let found = browser
        .call(
            reqwest::Method::POST,
            "/execute/sync",
            json!({"script": "const [css, text, want] = arguments; \
                const el = [...document.querySelectorAll(css)].find(e => \
                  (e.getAttribute('aria-label') || e.textContent).includes(text)); \
                return el ? el.getAttribute(want) : null;",
                   "args": [css, text, want]}),
        )
        .await;
    found
        .as_str()
        .unwrap_or_else(|| panic!("nothing matching {css} names {text}"))
        .to_owned()
}

/// Matching in the language given: a worker refers a person who tops the list (saying,
/// voluntarily, a group they belong to); the locator runs a round and offers the person
/// their proposal; the worker's decline without a reason is refused in the user's
/// language, then the client's acceptance is recorded; the locator records the landlord's
/// acceptance, the lease and the move-in; the offer shows moved in; the equity and policy
/// comparison reports open. axe-core checks every page on the way.
async fn matching_journey(
    browser: &Browser,
    base: &str,
    french: bool,
    (given, family): (&str, &str),
) {
    let t = |en: &'static str, fr: &'static str| if french { fr } else { en };
    log_in(browser, base, common::WORKER, french).await;
    browser.goto(&format!("{base}/referrals/new")).await;
    browser.tick("#f-consent_hub-yes").await;
    browser.choose("#f-consent_method", "signed_form").await;
    browser.choose("#f-consent_expires_on", "2099-01-01").await;
    browser.type_into("#f-given_name", given).await;
    browser.type_into("#f-family_name", family).await;
    browser.type_into("#f-adults", "1").await;
    browser.type_into("#f-max_rent", "4000").await;
    browser.type_into("#f-days_homeless", "1095").await;
    browser.type_into("#f-assessment_score", "100").await;
    browser
        .tick("input[name=self_identified][value=francophone]")
        .await;
    browser.click("#referral-submit").await;
    assert!(
        browser
            .script("return location.pathname;")
            .await
            .as_str()
            .unwrap()
            .starts_with("/referrals/"),
        "the referral is saved"
    );
    log_out(browser).await;

    log_in(browser, base, "locator@passerelle.example.org", french).await;
    browser.goto(&format!("{base}/match")).await;
    browser.click("#run-round").await;
    let round = browser.script("return location.pathname;").await;
    assert!(round.as_str().unwrap().starts_with("/match/rounds/"));
    assert!(!browser.text("#round-summary").await.is_empty());
    let pair = pick(browser, "#proposals input[name=pair]", given, "id").await;
    browser.tick(&format!("#{pair}")).await;
    browser.click("#make-offers").await;
    let offer = pick(browser, "#offers a", given, "href").await;
    browser.goto(&format!("{base}{offer}")).await;
    log_out(browser).await;

    log_in(browser, base, common::WORKER, french).await;
    browser.goto(&format!("{base}/offers")).await;
    browser.goto(&format!("{base}{offer}")).await;
    browser.tick("#client-decline").await;
    browser.click("#save-client-answer").await;
    assert_eq!(
        browser.text("#e-reason").await,
        t("Give the reason.", "Indiquez la raison.")
    );
    browser.tick("#client-accept").await;
    browser.click("#save-client-answer").await;
    assert_eq!(
        browser.text("#offer-state").await,
        t(
            "Accepted by the client, waiting for the landlord",
            "Acceptée par la personne, en attente du ou de la propriétaire"
        )
    );
    log_out(browser).await;

    log_in(browser, base, "locator@passerelle.example.org", french).await;
    browser.goto(&format!("{base}{offer}")).await;
    browser.tick("#landlord-accept").await;
    browser.click("#save-landlord-answer").await;
    browser.type_into("#f-rent", "1500").await;
    browser.click("#save-lease").await;
    browser.click("#save-move-in").await;
    assert_eq!(
        browser.text("#offer-state").await,
        t("Moved in", "Emménagement fait")
    );
    browser.goto(&format!("{base}/offers?show=all")).await;
    browser.goto(&format!("{base}/reports/equity")).await;
    assert!(!browser.text("#equity-self-identified").await.is_empty());
    browser
        .goto(&format!(
            "{base}/reports/equity?round={}",
            round.as_str().unwrap().trim_start_matches("/match/rounds/")
        ))
        .await;
    browser
        .goto(&format!("{base}/reports/policy-comparison"))
        .await;
    assert!(!browser.text("#compare-summary").await.is_empty());
    log_out(browser).await;
}

/// After the move-in, in the language given: the worker finds the new tenancy among their
/// agency's, is told to choose how a visit was made when they forget, and logs it; the
/// locator logs a landlord check-in and ends the tenancy with its reason, which the ended
/// list shows. axe-core checks every page on the way.
async fn tenancy_journey(browser: &Browser, base: &str, french: bool, given: &str) {
    let t = |en: &'static str, fr: &'static str| if french { fr } else { en };
    log_in(browser, base, common::WORKER, french).await;
    browser.goto(&format!("{base}/tenancies")).await;
    let tenancy = pick(browser, "#tenancies a", given, "href").await;
    browser.goto(&format!("{base}{tenancy}")).await;
    browser.choose("#f-support-outcome", "stable").await;
    browser.click("#save-support-contact").await;
    assert!(
        browser
            .text("#support-form .error-summary")
            .await
            .contains(t("This field is required.", "Ce champ est obligatoire.")),
        "the missing kind is named"
    );
    browser.choose("#f-support-kind", "home_visit").await;
    browser.choose("#f-support-outcome", "stable").await;
    browser.click("#save-support-contact").await;
    assert!(
        browser
            .text("#tenancy-contacts")
            .await
            .contains(t("Home visit", "Visite à domicile"))
    );
    log_out(browser).await;

    log_in(browser, base, "locator@passerelle.example.org", french).await;
    browser.goto(&format!("{base}{tenancy}")).await;
    browser.choose("#f-landlord-kind", "phone_call").await;
    browser.choose("#f-landlord-outcome", "satisfied").await;
    browser.click("#save-landlord-contact").await;
    // An incident, a mediation meeting, and its close.
    browser.choose("#f-incident-kind", "noise").await;
    browser.choose("#f-incident-raised-by", "neighbour").await;
    browser.click("#save-incident").await;
    browser.click("#save-meeting").await;
    assert!(
        browser
            .text("#meeting-form .error-summary")
            .await
            .contains(t("This field is required.", "Ce champ est obligatoire.")),
        "who took part is required"
    );
    browser
        .type_into("#f-attendees", "Tenant, neighbour, landlord")
        .await;
    browser.type_into("#f-agreed", "Quiet after ten.").await;
    browser.click("#save-meeting").await;
    browser.choose("#f-outcome", "resolved").await;
    browser.click("#close-incident").await;
    assert!(
        browser
            .text("#incident-state")
            .await
            .starts_with(t("Resolved", "Résolu"))
    );
    browser.goto(&format!("{base}{tenancy}")).await;
    browser
        .choose("#f-end-reason", "moved_to_other_housing")
        .await;
    browser.click("#end-tenancy").await;
    assert!(browser.text("#tenancy-ended").await.contains(t(
        "Moved to other housing",
        "Déménagement dans un autre logement"
    )));
    browser.goto(&format!("{base}/tenancies?show=ended")).await;
    pick(browser, "#tenancies a", given, "href").await;
    // The landlord's page: the relationship over the years.
    browser.goto(&format!("{base}{tenancy}")).await;
    browser.click("#tenancy-landlord").await;
    assert!(!browser.text("#relationship-years").await.is_empty());
    log_out(browser).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_is_matched_offered_and_moved_in_in_both_languages() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = common::spawn_demo_app().await;
    matching_journey(&browser, &app.base, false, ("Mireille", "Gagnon-Offre")).await;
    tenancy_journey(&browser, &app.base, false, "Mireille").await;
    matching_journey(&browser, &app.base, true, ("Théophile", "Lavoie-Offre")).await;
    tenancy_journey(&browser, &app.base, true, "Théophile").await;
    // The administrator's list carries the cadence form.
    log_in(&browser, &app.base, "admin@passerelle.example.org", true).await;
    browser.goto(&format!("{}/tenancies", app.base)).await;
    assert!(!browser.text("#cadence-form").await.is_empty());
    log_out(&browser).await;
    // An analyst reads the aggregate reports only: the reports area and the housing
    // outcomes in both languages.
    for french in [false, true] {
        log_in(
            &browser,
            &app.base,
            "analyst@passerelle.example.org",
            french,
        )
        .await;
        browser.goto(&format!("{}/reports", app.base)).await;
        // Every report the index lists opens (and passes axe).
        let links = browser
            .script(
                "return [...document.querySelectorAll('#reports a')].map(a => a.getAttribute('href'));",
            )
            .await;
        let links: Vec<String> = links
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap().to_owned())
            .collect();
        assert!(links.len() >= 7, "{links:?}");
        for link in &links {
            browser.goto(&format!("{}{link}", app.base)).await;
        }
        browser.goto(&format!("{}/reports", app.base)).await;
        browser.click("#reports a[href='/reports/outcomes']").await;
        assert!(!browser.text("#placements-table").await.is_empty());
        // Its CSV link downloads with the analyst's session (the page's policy lets no
        // script fetch it, so the test takes the browser's cookies), and no count of persons
        // below k is in it.
        let href = browser.attribute("#placements-csv", "href").await;
        let cookies = browser
            .call(reqwest::Method::GET, "/cookie", json!({}))
            .await;
        let cookie = cookies
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                format!(
                    "{}={}",
                    c["name"].as_str().unwrap(),
                    c["value"].as_str().unwrap()
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        // WebDriver gives the link's absolute address.
        let url = if href.starts_with("http") {
            href.clone()
        } else {
            format!("{}{href}", app.base)
        };
        let download = common::client()
            .get(url)
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(download.status(), reqwest::StatusCode::OK);
        let csv = download.text().await.unwrap();
        assert!(csv.lines().count() > 1, "{csv}");
        for cell in csv.lines().skip(1).flat_map(|l| l.split(',').skip(1)) {
            if let Ok(n) = cell.parse::<u32>() {
                assert!(n == 0 || n >= 5, "{csv}");
            }
        }
        // Printed, each of the five reports takes a page of its own.
        let pdf = browser
            .call(
                reqwest::Method::POST,
                "/print",
                json!({"orientation": "portrait"}),
            )
            .await;
        let pages = printed_pages(pdf.as_str().unwrap());
        assert!(pages >= 5, "{pages} printed pages");
        browser
            .goto(&format!(
                "{}/reports/outcomes?from=2001-01&to=2001-06",
                app.base
            ))
            .await;
        assert!(!browser.text("#placements-empty").await.is_empty());
        browser
            .goto(&format!("{}/reports/projection", app.base))
            .await;
        assert!(!browser.text("#projection-summary").await.is_empty());
        log_out(&browser).await;
    }
    log_in(&browser, &app.base, "analyst@passerelle.example.org", true).await;
    browser.goto(&format!("{}/reports/equity", app.base)).await;
    browser
        .goto(&format!("{}/reports/policy-comparison", app.base))
        .await;
    browser.quit().await;
}

/// How many pages a PDF from WebDriver's print (base64) has: its page objects.
fn printed_pages(encoded: &str) -> usize {
    const TABLE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut bits, mut held) = (0u32, 0);
    let mut bytes = Vec::with_capacity(encoded.len() * 3 / 4);
    for value in encoded
        .bytes()
        .filter_map(|c| TABLE.iter().position(|t| *t == c))
    {
        bits = (bits << 6) | value as u32;
        held += 6;
        if held >= 8 {
            held -= 8;
            bytes.push((bits >> held) as u8);
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}

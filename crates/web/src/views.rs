//! Page templates (askama, in `templates/`) and the small helpers they share.

use crate::auth::Ctx;
use crate::i18n::Tr;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use passerelle_domain::FieldErrors;
use passerelle_domain::directory::*;
use passerelle_store::DirectoryCounts;
use uuid::Uuid;

/// Renders a template; a template that fails to render is a bug, reported as a 500.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => crate::error::AppError::Internal(format!("template: {e}")).into_response(),
    }
}

pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One option of a select or a checkbox list.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
    /// Nesting depth, for hierarchical terms.
    pub depth: usize,
}

/// Coded values (`refers_clients_to`) as choices labelled by their message
/// (`{prefix}refers-clients-to`).
pub fn code_choices(values: &[&str], prefix: &str, selected: &[String], ctx: &Ctx) -> Vec<Choice> {
    values
        .iter()
        .map(|v| Choice {
            value: (*v).to_owned(),
            label: ctx.tr.t(&format!("{prefix}{}", v.replace('_', "-"))),
            selected: selected.iter().any(|s| s == v),
            depth: 0,
        })
        .collect()
}

/// A file to download: its body, type and name.
pub fn attachment(content_type: &str, filename: &str, body: String) -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_owned()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// CSV, UTF-8.
pub const CSV: &str = "text/csv; charset=utf-8";

/// The availability CSV's headings in the reader's language (the page's download and
/// `passerelle report availability --lang`).
pub fn availability_heading(tr: &crate::i18n::Tr) -> String {
    csv_heading(tr, &["month", "neighbourhood", "bedrooms", "units"])
}

/// A CSV file's first line: each column's heading in the reader's language (messages
/// `csv-…`). The cells under them keep stable codes where a program reads them (an issue's
/// code, an audit action), with the people's words in columns of their own.
pub fn csv_heading(tr: &crate::i18n::Tr, columns: &[&str]) -> String {
    let mut line = columns
        .iter()
        .map(|c| passerelle_domain::text::csv_field(&tr.t(&format!("csv-{c}"))))
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

/// A file downloaded from the app, recorded in the audit trail first (who took which file,
/// and its size): every export appears there.
pub async fn recorded_attachment(
    store: &passerelle_store::Store,
    ctx: &Ctx,
    content_type: &str,
    filename: &str,
    body: String,
) -> Result<Response, crate::error::AppError> {
    let actor = ctx.user.as_ref().map(|u| u.id);
    let event = passerelle_domain::audit::AuditEvent::new(
        actor,
        passerelle_domain::audit::AuditAction::Export,
        "file",
        None,
    )
    .with_detail(format!("{filename}, {} bytes", body.len()));
    store.record_audit(event).await?;
    Ok(attachment(content_type, filename, body))
}

/// 200 for a blank form, 422 for one shown again with its errors.
/// A text an agency wrote, in the reader's language where the agency gave it in that
/// language, else in the other one, marked.
#[derive(Debug, Clone, PartialEq)]
pub struct Localized {
    pub text: String,
    /// The text's language when it is not the reader's: the page sets it as the text's
    /// `lang` (so a screen reader switches voice) and says so beside it.
    pub other: Option<passerelle_domain::roles::Language>,
}

/// The reader's version of a text kept in English and in French, or the other one marked;
/// `None` when the agency gave neither.
pub fn localized(
    reader: passerelle_domain::roles::Language,
    english: Option<&str>,
    french: Option<&str>,
) -> Option<Localized> {
    use passerelle_domain::roles::Language;
    let (own, other, other_lang) = match reader {
        Language::En => (english, french, Language::Fr),
        Language::Fr => (french, english, Language::En),
    };
    fn present(t: Option<&str>) -> Option<&str> {
        t.map(str::trim).filter(|t| !t.is_empty())
    }
    match (present(own), present(other)) {
        (Some(text), _) => Some(Localized {
            text: text.to_owned(),
            other: None,
        }),
        (None, Some(text)) => Some(Localized {
            text: text.to_owned(),
            other: Some(other_lang),
        }),
        (None, None) => None,
    }
}

/// A birth date as a page shows it: a day as `1948-01-07` like every date in a table, a date
/// known only to the month as the language writes a month (« janvier 1948 »), and an
/// unreadable one exactly as it was written.
pub fn birth_date_text(tr: Tr, value: &passerelle_domain::referrals::BirthDateValue) -> String {
    use passerelle_domain::referrals::BirthDateValue;
    match value {
        BirthDateValue::YearMonth { year, month } => tr.month(
            passerelle_domain::housing::MonthIndex(year * 12 + i32::from(*month) - 1),
        ),
        other => other.text(),
    }
}

pub fn form_status(errors: &FieldErrors) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// A day as `YYYY-MM-DD`, or blank when there is none (for forms and tables).
pub fn day_text(day: Option<time::Date>) -> String {
    day.map(passerelle_domain::housing::date_text)
        .unwrap_or_default()
}

/// Today in UTC: the day changes take effect and the day reports stand on.
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// The terms of one taxonomy as choices, children under their parents.
pub fn term_choices(
    terms: &[TaxonomyTerm],
    taxonomy: Uuid,
    selected: &[Uuid],
    lang: &str,
) -> Vec<Choice> {
    fn walk(
        terms: &[TaxonomyTerm],
        taxonomy: Uuid,
        parent: Option<Uuid>,
        depth: usize,
        selected: &[Uuid],
        lang: &str,
        out: &mut Vec<Choice>,
    ) {
        let mut level: Vec<&TaxonomyTerm> = terms
            .iter()
            .filter(|t| t.taxonomy_id == taxonomy && t.parent_id == parent)
            .collect();
        level.sort_by_key(|t| passerelle_domain::text::fold(t.label(lang)));
        for term in level {
            out.push(Choice {
                value: term.id.to_string(),
                label: term.label(lang).to_owned(),
                selected: selected.contains(&term.id),
                depth,
            });
            walk(
                terms,
                taxonomy,
                Some(term.id),
                depth + 1,
                selected,
                lang,
                out,
            );
        }
    }
    let mut out = Vec::new();
    walk(terms, taxonomy, None, 0, selected, lang, &mut out);
    out
}

pub fn area_choices(areas: &[Area], selected: &[Uuid], lang: &str) -> Vec<Choice> {
    let mut choices: Vec<Choice> = areas
        .iter()
        .map(|a| Choice {
            value: a.id.to_string(),
            label: a.label(lang).to_owned(),
            selected: selected.contains(&a.id),
            depth: 0,
        })
        .collect();
    choices.sort_by_key(|c| passerelle_domain::text::fold(&c.label));
    choices
}

/// Field errors translated for one form.
pub struct FormErrors {
    errors: FieldErrors,
    tr: Tr,
}

impl FormErrors {
    pub fn new(errors: FieldErrors, tr: Tr) -> Self {
        Self { errors, tr }
    }

    /// The translated error of `field`, or an empty string.
    pub fn of(&self, field: &str) -> String {
        self.errors
            .for_field(field)
            .map(|code| self.tr.t(code))
            .unwrap_or_default()
    }

    pub fn any(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Every message, for the summary at the top of the form (each also shows beside its
    /// field when the form has one).
    pub fn messages(&self) -> Vec<String> {
        self.errors.0.iter().map(|e| self.tr.t(e.code)).collect()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub tr: Tr,
    pub message: String,
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage<'a> {
    pub ctx: &'a Ctx,
    pub email: String,
    /// Why the last attempt was refused, as a message key.
    pub error: Option<&'static str>,
    pub next: String,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage<'a> {
    pub ctx: &'a Ctx,
    pub counts: DirectoryCounts,
    pub can_create: bool,
}

pub struct HitView {
    pub id: Uuid,
    pub name: String,
    pub alternate_name: String,
    pub agency_types: String,
    pub services: Vec<String>,
}

#[derive(Template)]
#[template(path = "directory.html")]
pub struct DirectoryPage<'a> {
    pub ctx: &'a Ctx,
    pub text: String,
    pub service_types: Vec<Choice>,
    pub populations: Vec<Choice>,
    pub areas: Vec<Choice>,
    pub agency_types: Vec<Choice>,
    pub hits: Vec<HitView>,
    pub total: u64,
    pub previous_page: Option<String>,
    pub next_page: Option<String>,
    pub can_create: bool,
}

pub struct ServiceView {
    pub id: Uuid,
    pub name: String,
    pub alternate_name: String,
    pub description: Option<Localized>,
    pub eligibility: Option<Localized>,
    pub status: String,
    pub types: String,
    pub populations: String,
    pub areas: String,
    pub ages: String,
    pub locations: String,
}

#[derive(Template)]
#[template(path = "organization.html")]
pub struct OrganizationPage<'a> {
    pub ctx: &'a Ctx,
    pub record: OrganizationRecord,
    pub description: Option<Localized>,
    pub agency_types: String,
    pub services: Vec<ServiceView>,
    pub can_edit: bool,
    pub show_contacts: bool,
}

#[derive(Template)]
#[template(path = "organization_form.html")]
pub struct OrganizationFormPage<'a> {
    pub ctx: &'a Ctx,
    pub title: String,
    pub action: String,
    pub cancel: String,
    pub input: OrganizationInput,
    pub agency_types: Vec<Choice>,
    pub errors: FormErrors,
}

#[derive(Template)]
#[template(path = "service_form.html")]
pub struct ServiceFormPage<'a> {
    pub ctx: &'a Ctx,
    pub title: String,
    pub action: String,
    pub cancel: String,
    pub organization_name: String,
    pub input: ServiceInput,
    pub statuses: Vec<Choice>,
    pub service_types: Vec<Choice>,
    pub populations: Vec<Choice>,
    pub areas: Vec<Choice>,
    pub locations: Vec<Choice>,
    pub errors: FormErrors,
}

#[derive(Template)]
#[template(path = "location_form.html")]
pub struct LocationFormPage<'a> {
    pub ctx: &'a Ctx,
    pub action: String,
    pub cancel: String,
    pub organization_name: String,
    pub input: LocationInput,
    pub areas: Vec<Choice>,
    pub errors: FormErrors,
}

#[derive(Template)]
#[template(path = "contact_form.html")]
pub struct ContactFormPage<'a> {
    pub ctx: &'a Ctx,
    pub action: String,
    pub cancel: String,
    pub organization_name: String,
    pub input: ContactInput,
    pub errors: FormErrors,
}

/// The scheme and host a request reached this app at (`https` when cookies are secure,
/// that is behind HTTPS), for absolute links in answers.
pub(crate) fn request_origin(state: &crate::AppState, headers: &axum::http::HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use passerelle_domain::roles::Language;

    #[test]
    fn a_text_is_the_readers_language_else_the_other_marked() {
        let both = (Some("Meals"), Some("Repas"));
        assert_eq!(
            localized(Language::Fr, both.0, both.1).map(|l| (l.text, l.other)),
            Some(("Repas".to_owned(), None))
        );
        assert_eq!(
            localized(Language::En, both.0, both.1).map(|l| (l.text, l.other)),
            Some(("Meals".to_owned(), None))
        );
        assert_eq!(
            localized(Language::Fr, Some("Meals"), Some("  ")).map(|l| (l.text, l.other)),
            Some(("Meals".to_owned(), Some(Language::En)))
        );
        assert_eq!(localized(Language::En, None, Some("")), None);
    }
}

//! The audit trail for administrators: who read or changed what and when, filtered by the
//! person or record, the actor, the action and the dates, newest first, a page at a time,
//! and downloadable as CSV. The page, the CSV and `/api/v1/audit` read the same filter.
//! A download is itself recorded.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::routes::Routes;
use crate::views::{CSV, Choice, FormErrors, attachment, form_status, render, url_encode};
use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::date;
use passerelle_domain::text::csv_field;
use passerelle_domain::values::optional;
use passerelle_domain::{FieldError, FieldErrors};
use passerelle_store::{AuditFilter, AuditRecord};
use serde::Deserialize;
use std::fmt::Write;
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new()
        .route("/admin/audit", get(audit_page))
        .route("/admin/audit.csv", get(audit_csv))
}

pub fn api_router() -> Routes {
    Routes::new().route("/api/v1/audit", get(audit_api))
}

/// What kind of record an event is about, in the reader's language; a kind recorded by a
/// version that had no label for it shows as its code.
fn entity_label(ctx: &Ctx, code: &str) -> String {
    let key = format!("audit-entity-{}", code.replace('_', "-"));
    if ctx.tr.has(&key) {
        ctx.tr.t(&key)
    } else {
        code.to_owned()
    }
}

/// Records that `user` read a list naming people: `count` records of `entity`
/// (`referral`, `tenancy`, `offer`, `priority_list`), whether a page or the API showed it. A
/// list of names is a read of each person's data, as opening one record is.
pub(crate) async fn record_list_read(
    state: &AppState,
    user: &passerelle_domain::roles::User,
    entity: &'static str,
    count: usize,
) -> Result<(), AppError> {
    state
        .store
        .record_audit(
            AuditEvent::new(Some(user.id), AuditAction::Read, entity, None)
                .with_detail(format!("{count} listed")),
        )
        .await?;
    Ok(())
}

/// Events on one page of the viewer or the API.
const PAGE_SIZE: u32 = 100;
/// The most events one CSV holds; narrow the filter for more.
const CSV_LIMIT: u32 = 100_000;

/// The filter as typed: every field optional, each checked.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    /// A person's or a record's id.
    entity: String,
    /// The actor's e-mail.
    actor: String,
    action: String,
    from: String,
    to: String,
    /// The `seq` of the last event of the previous page.
    before: String,
}

impl AuditQuery {
    fn filter(&self) -> Result<AuditFilter, FieldErrors> {
        let mut errors = FieldErrors::default();
        let filter = AuditFilter {
            entity_id: errors.take(optional("entity", &self.entity, |field, raw| {
                Uuid::parse_str(raw.trim()).map_err(|_| FieldError::new(field, "error-record-id"))
            })),
            actor_email: errors.take(optional("actor", &self.actor, |_, raw| {
                Ok(raw.trim().to_owned())
            })),
            action: errors.take(optional("action", &self.action, |field, raw| {
                AuditAction::parse(raw.trim()).ok_or(FieldError::new(field, "error-choose"))
            })),
            from: errors.take(optional("from", &self.from, date)),
            to: errors.take(optional("to", &self.to, date)),
            before: errors.take(optional("before", &self.before, |field, raw| {
                raw.trim()
                    .parse::<i64>()
                    .map_err(|_| FieldError::new(field, "error-invalid"))
            })),
        };
        if errors.0.is_empty() {
            Ok(filter)
        } else {
            Err(errors)
        }
    }

    /// The filter as a query string (without `before`), for the CSV and the next page.
    fn query_string(&self) -> String {
        [
            ("entity", &self.entity),
            ("actor", &self.actor),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", url_encode(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
    }
}

struct EventRow {
    at: String,
    actor: String,
    action: String,
    entity: String,
    entity_id: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage<'a> {
    ctx: &'a Ctx,
    input: AuditQuery,
    actions: Vec<Choice>,
    errors: FormErrors,
    events: Vec<EventRow>,
    /// The link to the next (older) page, when there may be one.
    older: Option<String>,
    query: String,
}

fn action_label(ctx: &Ctx, code: &str) -> String {
    match AuditAction::parse(code) {
        Some(a) => ctx
            .tr
            .t(&format!("audit-action-{}", a.as_str().replace('_', "-"))),
        None => code.to_owned(),
    }
}

async fn audit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(input): Query<AuditQuery>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_read_audit())?;
    let (events, errors) = match input.filter() {
        Ok(filter) => (
            state.store.audit_events(&filter, PAGE_SIZE).await?,
            FieldErrors::default(),
        ),
        Err(errors) => (Vec::new(), errors),
    };
    let query = input.query_string();
    let older = (events.len() == PAGE_SIZE as usize)
        .then(|| events.last())
        .flatten()
        .map(|last| {
            let sep = if query.is_empty() { "" } else { "&" };
            format!("/admin/audit?{query}{sep}before={}", last.seq)
        });
    let actions = AuditAction::ALL
        .iter()
        .map(|a| Choice {
            value: a.as_str().to_owned(),
            label: action_label(&ctx, a.as_str()),
            selected: input.action.trim() == a.as_str(),
            depth: 0,
        })
        .collect();
    let rows = events
        .iter()
        .map(|e| EventRow {
            at: e.entry.at.replace('T', " ").replace('Z', " UTC"),
            actor: e
                .actor_email
                .clone()
                .unwrap_or_else(|| ctx.tr.t("audit-no-actor")),
            action: action_label(&ctx, &e.entry.action),
            entity: entity_label(&ctx, &e.entry.entity),
            entity_id: e
                .entry
                .entity_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            detail: e.entry.detail.clone(),
        })
        .collect();
    let page = AuditPage {
        ctx: &ctx,
        input,
        actions,
        errors: FormErrors::new(errors.clone(), ctx.tr),
        events: rows,
        older,
        query,
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

/// Every event the filter selects (up to [`CSV_LIMIT`]), oldest last like the page.
async fn audit_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(input): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    permit(user.can_read_audit())?;
    let filter = input.filter().map_err(AppError::Invalid)?;
    let events = state.store.audit_events(&filter, CSV_LIMIT).await?;
    let mut out = crate::views::csv_heading(
        &ctx.tr,
        &[
            "seq",
            "at",
            "actor",
            "action",
            "entity",
            "entity-id",
            "detail",
        ],
    );
    for e in &events {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{}",
            e.seq,
            csv_field(&e.entry.at),
            csv_field(e.actor_email.as_deref().unwrap_or("")),
            csv_field(&e.entry.action),
            csv_field(&e.entry.entity),
            e.entry
                .entity_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            csv_field(&e.entry.detail),
        );
    }
    state
        .store
        .record_audit(
            AuditEvent::new(Some(user.id), AuditAction::Export, "audit", None)
                .with_detail(format!("CSV of {} events", events.len())),
        )
        .await?;
    Ok(attachment(CSV, "audit.csv", out))
}

/// The API's page: the same filter, `before` to page, newest first.
async fn audit_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(input): Query<AuditQuery>,
) -> Result<Json<Vec<AuditRecord>>, AppError> {
    permit(ctx.user()?.can_read_audit())?;
    let filter = input.filter().map_err(AppError::Invalid)?;
    Ok(Json(state.store.audit_events(&filter, PAGE_SIZE).await?))
}

#[cfg(test)]
mod tests {
    use crate::i18n::Tr;
    use passerelle_domain::roles::Language;

    /// Every source file of the workspace under `dir`.
    fn sources(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(std::fs::read_to_string(&path).unwrap());
            }
        }
    }

    /// The trail names every kind of record in the reader's language: each kind an event is
    /// recorded with (the first string given to `AuditEvent::new` or `record_list_read`)
    /// has its label in both files.
    #[test]
    fn every_kind_of_record_in_the_trail_has_its_label() {
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for name in ["web", "store"] {
            sources(&crates.join(name).join("src"), &mut files);
        }
        let mut kinds = std::collections::BTreeSet::new();
        for text in &files {
            for call in ["AuditEvent::new(", "record_list_read("] {
                for (at, _) in text.match_indices(call) {
                    let after = &text[at + call.len()..];
                    let after = &after[..after.len().min(300)];
                    let code = after
                        .split_once('"')
                        .and_then(|(_, rest)| rest.split_once('"'))
                        .map(|(code, _)| code);
                    if let Some(code) = code
                        && !code.is_empty()
                        && code.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    {
                        kinds.insert(code.to_owned());
                    }
                }
            }
        }
        assert!(kinds.len() > 20, "{kinds:?}");
        for lang in Language::ALL {
            let tr = Tr::new(lang);
            for kind in &kinds {
                let key = format!("audit-entity-{}", kind.replace('_', "-"));
                assert!(tr.has(&key), "{key} in {}", lang.code());
            }
        }
    }
}

//! The audit trail, written in the same transaction as the change it records.

use crate::rows::{SqlBuilder, opt_i64, opt_id, opt_text, text};
use crate::{Result, Store, now};
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::date_text;
use sqlx::AnyConnection;
use time::Date;
use uuid::Uuid;

/// A recorded audit entry.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: Option<Uuid>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<Uuid>,
    pub detail: String,
}

/// What the audit viewer asks for: each field given narrows the trail.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    /// The person or record the events are about.
    pub entity_id: Option<Uuid>,
    /// The user who acted, by e-mail.
    pub actor_email: Option<String>,
    pub action: Option<AuditAction>,
    /// From this day, inclusive (UTC).
    pub from: Option<Date>,
    /// To this day, inclusive (UTC).
    pub to: Option<Date>,
    /// Keyset paging: only events older than this one (its `seq`).
    pub before: Option<i64>,
}

/// An event as the viewer shows it: its place in the trail and who the actor is.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditRecord {
    /// The trail's order (newer is larger); pass it as `before` for the next page.
    pub seq: i64,
    #[serde(flatten)]
    pub entry: AuditEntry,
    pub actor_email: Option<String>,
}

fn entry_from(r: &sqlx::any::AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        at: text(r, "at")?,
        actor: opt_id(r, "actor_id")?,
        action: text(r, "action")?,
        entity: text(r, "entity")?,
        entity_id: opt_id(r, "entity_id")?,
        detail: opt_text(r, "detail")?.unwrap_or_default(),
    })
}

pub(crate) async fn record(conn: &mut AnyConnection, event: AuditEvent) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_event (id, seq, at, actor_id, action, entity, entity_id, detail) \
         VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_event), $2, $3, $4, $5, $6, $7)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(now())
    .bind(event.actor.map(|a| a.to_string()))
    .bind(event.action.as_str())
    .bind(event.entity)
    .bind(event.entity_id.map(|e| e.to_string()))
    .bind(event.detail)
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// Records an event that is not part of a change (a read of personal data, a login).
    /// One statement, so its own transaction: no `BEGIN` and `COMMIT` around it (a list
    /// page records one on every read, and SQLite has one writer).
    pub async fn record_audit(&self, event: AuditEvent) -> Result<()> {
        record(&mut *self.write.acquire().await?, event).await
    }

    /// Up to `limit` events that `filter` selects, newest first.
    pub async fn audit_events(&self, filter: &AuditFilter, limit: u32) -> Result<Vec<AuditRecord>> {
        let mut sql = SqlBuilder::default();
        sql.push(
            "SELECT e.seq, e.at, e.actor_id, e.action, e.entity, e.entity_id, e.detail, u.email AS actor_email \
             FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id WHERE 1 = 1",
        );
        if let Some(id) = filter.entity_id {
            sql.push(" AND e.entity_id = ").bind_text(id.to_string());
        }
        if let Some(email) = &filter.actor_email {
            sql.push(" AND LOWER(u.email) = ")
                .bind_text(email.trim().to_lowercase());
        }
        if let Some(action) = filter.action {
            sql.push(" AND e.action = ").bind_text(action.as_str());
        }
        // Times are RFC 3339 in UTC: a day's events sort from its date's text on.
        if let Some(from) = filter.from {
            sql.push(" AND e.at >= ").bind_text(date_text(from));
        }
        if let Some(next) = filter.to.and_then(|to| to.next_day()) {
            sql.push(" AND e.at < ").bind_text(date_text(next));
        }
        // Numbers written by this code, never the caller's text.
        if let Some(before) = filter.before {
            sql.push(&format!(" AND e.seq < {before}"));
        }
        sql.push(&format!(" ORDER BY e.seq DESC LIMIT {limit}"));
        sql.query()
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| {
                Ok(AuditRecord {
                    seq: opt_i64(r, "seq")?.unwrap_or(0),
                    entry: entry_from(r)?,
                    actor_email: opt_text(r, "actor_email")?,
                })
            })
            .collect()
    }

    /// The trail for one record, newest first.
    pub async fn audit_trail(&self, entity_id: Uuid) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT at, actor_id, action, entity, entity_id, detail FROM audit_event WHERE entity_id = $1 ORDER BY seq DESC",
        )
        .bind(entity_id.to_string())
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(entry_from).collect()
    }
}

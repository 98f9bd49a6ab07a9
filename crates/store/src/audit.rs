//! The audit trail, written in the same transaction as the change it records.

use crate::rows::{opt_id, opt_text, text};
use crate::{Result, Store, now};
use passerelle_domain::audit::AuditEvent;
use sqlx::AnyConnection;
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
    pub async fn record_audit(&self, event: AuditEvent) -> Result<()> {
        let mut tx = self.begin_write().await?;
        record(&mut tx, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The trail for one record, newest first.
    pub async fn audit_trail(&self, entity_id: Uuid) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT at, actor_id, action, entity, entity_id, detail FROM audit_event WHERE entity_id = $1 ORDER BY seq DESC",
        )
        .bind(entity_id.to_string())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: text(r, "at")?,
                    actor: opt_id(r, "actor_id")?,
                    action: text(r, "action")?,
                    entity: text(r, "entity")?,
                    entity_id: opt_id(r, "entity_id")?,
                    detail: opt_text(r, "detail")?.unwrap_or_default(),
                })
            })
            .collect()
    }
}

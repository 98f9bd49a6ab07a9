//! The audit trail, written in the same transaction as the change it records.

use crate::rows::{SqlBuilder, opt_i64, opt_id, opt_text, text};
use crate::{Result, Store, StoreError, now};
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
    record_all(conn, vec![event]).await
}

/// How many events one statement writes: seven parameters each, well under both
/// databases' limits.
const EVENTS_PER_STATEMENT: usize = 200;

/// Writes events in the order given, numbered after the trail's last. One statement per
/// [`EVENTS_PER_STATEMENT`]. On PostgreSQL the numbers come from a sequence (migration
/// 0024), in the rows' order; on SQLite, whose one writer holds the database meanwhile,
/// from the largest number the statement finds when it starts (it reads the trail before
/// it inserts into it).
pub(crate) async fn record_all(conn: &mut AnyConnection, events: Vec<AuditEvent>) -> Result<()> {
    let postgres = conn.backend_name() == <sqlx::Postgres as sqlx::Database>::NAME;
    let (seq_column, seq_value) = match postgres {
        true => ("", ""),
        false => (
            "seq, ",
            "(SELECT COALESCE(MAX(seq), 0) FROM audit_event) + k, ",
        ),
    };
    let at = now();
    let mut events = events.into_iter().peekable();
    while events.peek().is_some() {
        let chunk: Vec<AuditEvent> = events.by_ref().take(EVENTS_PER_STATEMENT).collect();
        let rows: Vec<String> = (0..chunk.len())
            .map(|k| {
                let p = 7 * k;
                // The row's place in the statement is a number written by this code.
                format!(
                    "(${}, {}, ${}, ${}, ${}, ${}, ${}, ${})",
                    p + 1,
                    k + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5,
                    p + 6,
                    p + 7
                )
            })
            .collect();
        let sql = format!(
            "WITH v (id, k, at, actor_id, action, entity, entity_id, detail) AS (VALUES {}) \
             INSERT INTO audit_event (id, {seq_column}at, actor_id, action, entity, entity_id, detail) \
             SELECT id, {seq_value}at, actor_id, action, entity, entity_id, detail FROM v ORDER BY k",
            rows.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for event in chunk {
            query = query
                .bind(Uuid::new_v4().to_string())
                .bind(at.clone())
                .bind(event.actor.map(|a| a.to_string()))
                .bind(event.action.as_str())
                .bind(event.entity)
                .bind(event.entity_id.map(|e| e.to_string()))
                .bind(event.detail);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The events of reads waiting to be written, and whether a writer is at work on them.
///
/// Every page that shows personal data records its read before it answers, and SQLite has
/// one writer: written one at a time, at 600 reads a second these pages waited in line for
/// it (p50 55 ms under load where other pages took 15). Written together, the events that
/// arrived while a batch was being written cost one transaction (group commit), and each
/// read still answers only after its event is in the database.
#[derive(Default)]
pub(crate) struct AuditQueue {
    state: std::sync::Mutex<QueueState>,
}

#[derive(Default)]
struct QueueState {
    waiting: Vec<(
        AuditEvent,
        tokio::sync::oneshot::Sender<std::result::Result<(), String>>,
    )>,
    writing: bool,
}

impl AuditQueue {
    fn state(&self) -> std::sync::MutexGuard<'_, QueueState> {
        // The lock is held only to push or take, never across a write: a panic cannot
        // leave the queue half-changed.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Stands for the running writer: if its task is dropped (its runtime shut down), the
/// queue is left writable, and the events it held fail rather than wait for ever.
struct WriterRunning<'a>(&'a AuditQueue);

impl Drop for WriterRunning<'_> {
    fn drop(&mut self) {
        let mut state = self.0.state();
        state.writing = false;
        state.waiting.clear();
    }
}

impl Store {
    /// Records an event that is not part of a change (a read of personal data, a login),
    /// and returns once it is written. Events recorded at the same time are written in
    /// one transaction (see [`AuditQueue`]).
    pub async fn record_audit(&self, event: AuditEvent) -> Result<()> {
        let (written, done) = tokio::sync::oneshot::channel();
        let start_writer = {
            let mut state = self.audit_queue.state();
            state.waiting.push((event, written));
            !std::mem::replace(&mut state.writing, true)
        };
        if start_writer {
            // A task of its own, not this request's: a request whose client goes away is
            // dropped, and the events of the others must still be written.
            let store = self.clone();
            tokio::spawn(async move { store.write_audit_queue().await });
        }
        match done.await {
            Ok(result) => result.map_err(StoreError::Audit),
            Err(_) => Err(StoreError::Audit(
                "the audit writer stopped before writing the event".into(),
            )),
        }
    }

    /// Writes what waits in the audit queue, batch after batch, until it is empty.
    async fn write_audit_queue(&self) {
        let running = WriterRunning(&self.audit_queue);
        loop {
            let batch = {
                let mut state = running.0.state();
                if state.waiting.is_empty() {
                    state.writing = false;
                    std::mem::forget(running);
                    return;
                }
                std::mem::take(&mut state.waiting)
            };
            let (events, waiting): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
            let result = self
                .write_audit_events(events)
                .await
                .map_err(|e| e.to_string());
            for written in waiting {
                // A reader that went away no longer waits for its answer.
                let _ = written.send(result.clone());
            }
        }
    }

    async fn write_audit_events(&self, events: Vec<AuditEvent>) -> Result<()> {
        // A transaction, for a batch longer than one statement.
        let mut tx = self.begin_write().await?;
        record_all(&mut tx, events).await?;
        tx.commit().await?;
        Ok(())
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

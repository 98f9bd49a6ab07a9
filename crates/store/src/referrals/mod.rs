//! Coordinated access in the store: referrals and their consent, persons on the by-name
//! list with their status history, possible same persons and their decisions,
//! notifications to referring agencies, prioritization policies and the linkage model.
//!
//! Which person a new referral joins is decided by the caller (the identity-resolution
//! engine runs above the store); the store writes the decision and everything it implies
//! in one transaction, with its audit entry.

mod notices;
mod persons;
mod records;
mod reviews;

pub(crate) use notices::notify_referring;
pub use notices::{MailItem, Notification, PolicyRecord, StoredModel};
pub use persons::{ContactRecord, FlowCount, ListEntry, PersonRecord, StatusEvent};
pub(crate) use persons::{LIST_COLUMNS, LIST_FROM, LIST_ORDER, add_to_entries, change_status};
pub use records::{
    CreatedReferral, IdentityRow, NewReferral, Placement, PossibleSame, ReferralBatch,
    ReferralQuery, ReferralRecord, ReferralSort, ReferralSummary,
};
pub use reviews::{ReviewDecision, ReviewRecord, ReviewState, ReviewSummary};

/// Codes joined for storage (see the migration: read whole, never queried one by one).
pub(crate) fn join<T: ToString>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// The name of the referral in `row`, from its `given` and `family` columns.
pub(crate) fn name_of(row: &sqlx::any::AnyRow, given: &str, family: &str) -> crate::Result<String> {
    use crate::rows::opt_text;
    Ok(passerelle_domain::referrals::referral::full_name(
        opt_text(row, given)?.as_deref(),
        opt_text(row, family)?.as_deref(),
    ))
}

pub(crate) fn split(stored: Option<String>) -> Vec<String> {
    stored
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Marks the by-name list as changed (see `Store::list_version`).
pub(crate) async fn bump_list_version(conn: &mut sqlx::AnyConnection) -> crate::Result<()> {
    sqlx::query("UPDATE list_version SET n = n + 1 WHERE id = 1")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// See [`crate::Store::identity_state`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdentityState {
    pub latest_seq: i64,
    pub version: i64,
}

impl crate::Store {
    /// Begins a write of what the calendar decides (consent dates, the no-contact rule), one
    /// at a time across requests and app servers: it first locks the list's version row, so
    /// that a second one waits there, then reads what the first left (nothing left to do),
    /// rather than reminding, erasing or changing a status a second time.
    pub(crate) async fn begin_calendar_write(
        &self,
    ) -> crate::Result<sqlx::Transaction<'static, sqlx::Any>> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE list_version SET n = n WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    /// Where the identity index must be, read in one query: the latest referral saved, and
    /// the number that moves when a referral's identifying fields are erased, or
    /// a linkage model is saved (migration 0022), by any server.
    pub async fn identity_state(&self) -> crate::Result<IdentityState> {
        let row = sqlx::query(
            "SELECT (SELECT COALESCE(MAX(seq), 0) FROM referral), \
             (SELECT n FROM data_version WHERE name = 'identity')",
        )
        .fetch_one(&self.read)
        .await?;
        Ok(IdentityState {
            latest_seq: crate::rows::i64_at(&row, 0)?,
            version: crate::rows::i64_at(&row, 1)?,
        })
    }

    /// The sequence number of the latest referral saved (0 when none).
    pub async fn latest_referral_seq(&self) -> crate::Result<i64> {
        let row = sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM referral")
            .fetch_one(&self.read)
            .await?;
        crate::rows::i64_at(&row, 0)
    }

    /// A number that changes whenever the by-name list may have changed, in this process
    /// or another: cached rankings are valid while it holds.
    pub async fn list_version(&self) -> crate::Result<i64> {
        let row = sqlx::query("SELECT n FROM list_version WHERE id = 1")
            .fetch_one(&self.read)
            .await?;
        crate::rows::i64_at(&row, 0)
    }
}

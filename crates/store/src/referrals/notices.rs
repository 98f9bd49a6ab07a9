//! What keeps people informed and the hub's settings for the list: in-app notifications
//! to referring agencies, the prioritization policies in force over time, and the stored
//! identity-resolution model.

use crate::audit::record;
use crate::rows::{get_flag, i64_at, id, opt_id, opt_text, text};
use crate::{Result, Store, now};
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::roles::Role;
use serde::Serialize;
use sqlx::AnyConnection;
use uuid::Uuid;

/// A notification to one user.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notification {
    pub id: Uuid,
    /// `status_changed`, `review_linked`, `review_kept_apart`, `review_undone`,
    /// `consent_expiring`, `consent_ended`.
    pub kind: String,
    pub referral_id: Option<Uuid>,
    pub at: String,
    pub read: bool,
}

/// A notification waiting to be sent by e-mail, with where to send it.
#[derive(Debug, Clone, PartialEq)]
pub struct MailItem {
    pub id: Uuid,
    pub email: String,
    /// The user's language (`en`, `fr`), if they chose one.
    pub language: Option<String>,
    pub kind: String,
    pub referral_id: Option<Uuid>,
}

/// A prioritization policy and when it came into force.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyRecord {
    pub id: Uuid,
    /// Keys in order of importance, comma-separated (the matching engine's codes).
    pub keys: String,
    /// RFC 3339, UTC.
    pub effective_from: String,
    pub set_by: Option<String>,
}

/// The identity-resolution model as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredModel {
    pub trained_at: String,
    /// How many referrals it was trained on.
    pub records: i64,
    /// Trained on synthetic records (too few of the community's own yet).
    pub synthetic: bool,
    /// The engine's model, as JSON.
    pub model: String,
}

/// Tells every partner worker of the agencies that sent `referrals` (one notification each
/// per referral).
pub(crate) async fn notify_referring(
    conn: &mut AnyConnection,
    referrals: &[Uuid],
    kind: &str,
) -> Result<()> {
    for referral in referrals {
        let users = sqlx::query(
            "SELECT u.id FROM referral r JOIN app_user u ON u.agency_id = r.agency_id \
             WHERE r.id = $1 AND u.role = $2",
        )
        .bind(referral.to_string())
        .bind(Role::PartnerWorker.as_str())
        .fetch_all(&mut *conn)
        .await?;
        for u in &users {
            sqlx::query("INSERT INTO notification (id, user_id, referral_id, kind, at) VALUES ($1, $2, $3, $4, $5)")
                .bind(Uuid::new_v4().to_string())
                .bind(text(u, "id")?)
                .bind(referral.to_string())
                .bind(kind)
                .bind(now())
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

impl Store {
    /// A user's notifications, newest first (at most `limit`).
    pub async fn notifications(&self, user: Uuid, limit: i64) -> Result<Vec<Notification>> {
        sqlx::query(
            "SELECT id, kind, referral_id, at, CASE WHEN read_at IS NULL THEN 0 ELSE 1 END AS is_read FROM notification \
             WHERE user_id = $1 ORDER BY at DESC, id LIMIT $2",
        )
        .bind(user.to_string())
        .bind(limit)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(Notification {
                id: id(r, "id")?,
                kind: text(r, "kind")?,
                referral_id: opt_id(r, "referral_id")?,
                at: text(r, "at")?,
                read: get_flag(r, "is_read")?,
            })
        })
        .collect()
    }

    /// Notifications made since `since` (RFC 3339) and not yet mailed, oldest first: the
    /// outbox. Older ones are never mailed, so turning mail on does not send the history.
    pub async fn mail_outbox(&self, since: &str, limit: i64) -> Result<Vec<MailItem>> {
        sqlx::query(
            "SELECT n.id, u.email, u.language, n.kind, n.referral_id FROM notification n \
             JOIN app_user u ON u.id = n.user_id \
             WHERE n.mailed_at IS NULL AND n.at >= $1 ORDER BY n.at, n.id LIMIT $2",
        )
        .bind(since)
        .bind(limit)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(MailItem {
                id: id(r, "id")?,
                email: text(r, "email")?,
                language: opt_text(r, "language")?,
                kind: text(r, "kind")?,
                referral_id: opt_id(r, "referral_id")?,
            })
        })
        .collect()
    }

    /// Marks every notification as mailed (or not to be mailed): for history loaded in bulk,
    /// such as the demo's, which nobody should receive as fresh news.
    pub async fn mark_all_mailed(&self) -> Result<()> {
        sqlx::query("UPDATE notification SET mailed_at = $1 WHERE mailed_at IS NULL")
            .bind(now())
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Takes a notification to mail it: marks it mailed unless someone (another app server's
    /// outbox) already did. True when this caller is the one to send it.
    pub async fn claim_mail(&self, notification: Uuid) -> Result<bool> {
        let claimed = sqlx::query(
            "UPDATE notification SET mailed_at = $1 WHERE id = $2 AND mailed_at IS NULL",
        )
        .bind(now())
        .bind(notification.to_string())
        .execute(&self.write)
        .await?;
        Ok(claimed.rows_affected() == 1)
    }

    /// Gives back a notification claimed by [`Store::claim_mail`] whose mail could not be
    /// sent: the next round (of any server) tries it again.
    pub async fn release_mail(&self, notification: Uuid) -> Result<()> {
        sqlx::query("UPDATE notification SET mailed_at = NULL WHERE id = $1")
            .bind(notification.to_string())
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn unread_notifications(&self, user: Uuid) -> Result<i64> {
        let row =
            sqlx::query("SELECT COUNT(*) FROM notification WHERE user_id = $1 AND read_at IS NULL")
                .bind(user.to_string())
                .fetch_one(&self.read)
                .await?;
        i64_at(&row, 0)
    }

    pub async fn mark_notifications_read(&self, user: Uuid) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE notification SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
            .bind(now())
            .bind(user.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every policy put in force, newest first.
    pub async fn priority_policies(&self) -> Result<Vec<PolicyRecord>> {
        sqlx::query(
            "SELECT p.id, p.keys, p.effective_from, u.display_name FROM priority_policy p \
             LEFT JOIN app_user u ON u.id = p.set_by ORDER BY p.seq DESC",
        )
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(PolicyRecord {
                id: id(r, "id")?,
                keys: text(r, "keys")?,
                effective_from: text(r, "effective_from")?,
                set_by: opt_text(r, "display_name")?,
            })
        })
        .collect()
    }

    /// Puts a policy in force now. The caller has checked the keys.
    pub async fn set_priority_policy(&self, actor: Option<Uuid>, keys: &str) -> Result<Uuid> {
        let policy = Uuid::new_v4();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO priority_policy (id, seq, keys, effective_from, set_by) \
             VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM priority_policy), $2, $3, $4)",
        )
        .bind(policy.to_string())
        .bind(keys)
        .bind(now())
        .bind(actor.map(|a| a.to_string()))
        .execute(&mut *tx)
        .await?;
        super::bump_list_version(&mut tx).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "priority_policy", Some(policy))
                .with_detail(keys.to_owned()),
        )
        .await?;
        tx.commit().await?;
        Ok(policy)
    }

    /// The latest model saved, if any.
    pub async fn linkage_model(&self) -> Result<Option<StoredModel>> {
        let row = sqlx::query(
            "SELECT trained_at, records, synthetic, model FROM linkage_model ORDER BY seq DESC LIMIT 1",
        )
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(StoredModel {
                trained_at: text(&r, "trained_at")?,
                records: crate::rows::opt_i64(&r, "records")?.unwrap_or(0),
                synthetic: get_flag(&r, "synthetic")?,
                model: text(&r, "model")?,
            })
        })
        .transpose()
    }

    pub async fn save_linkage_model(
        &self,
        actor: Option<Uuid>,
        records: i64,
        synthetic: bool,
        model: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let row = Uuid::new_v4();
        sqlx::query(
            "INSERT INTO linkage_model (id, seq, trained_at, records, synthetic, model) \
             VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM linkage_model), $2, $3, $4, $5)",
        )
        .bind(row.to_string())
        .bind(now())
        .bind(records)
        .bind(i64::from(synthetic))
        .bind(model)
        .execute(&mut *tx)
        .await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "linkage_model", Some(row))
                .with_detail(format!("trained on {records} referrals")),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

//! Possible same persons (B2 in the app): the hub links two referrals' persons or keeps
//! them apart, and can undo either decision later with a reason. Linking merges the
//! referral's person into the candidate's; undoing moves exactly the referrals that moved.

use super::records::{ReferralRecord, columns, create_person, person_of, referral_record};
use super::{join, split};
use crate::audit::record;
use crate::rows::{get_flag, id, opt_id, opt_text, text};
use crate::{Result, Store, StoreError, now};
use passerelle_domain::audit::{AuditAction, AuditEvent};
use serde::Serialize;
use sqlx::AnyConnection;
use time::Date;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    Open,
    Linked,
    KeptApart,
}

impl ReviewState {
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Linked => "linked",
            Self::KeptApart => "kept_apart",
        }
    }

    pub fn parse(raw: &str) -> Result<ReviewState> {
        match raw {
            "open" => Ok(Self::Open),
            "linked" => Ok(Self::Linked),
            "kept_apart" => Ok(Self::KeptApart),
            other => Err(StoreError::Corrupt(format!("review state {other:?}"))),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    Link,
    KeepApart,
}

impl ReviewDecision {
    /// `link` or `keep_apart`, as a form or the API sends it.
    pub fn parse(raw: &str) -> Option<ReviewDecision> {
        match raw {
            "link" => Some(Self::Link),
            "keep_apart" => Some(Self::KeepApart),
            _ => None,
        }
    }
}

/// A review item as a line of the hub's queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewSummary {
    pub id: Uuid,
    pub referral_id: Uuid,
    pub candidate_referral_id: Uuid,
    pub probability: f64,
    pub state: ReviewState,
    pub automatic: bool,
    pub referral_name: String,
    pub candidate_name: String,
    pub created_at: String,
}

/// A review item with both referrals side by side and the engine's explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewRecord {
    pub summary: ReviewSummary,
    /// The engine's explanation as JSON, as it was when the pair was found.
    pub explanation: String,
    pub referral: ReferralRecord,
    pub candidate: ReferralRecord,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<String>,
    pub reason: Option<String>,
}

const SUMMARY: &str = "SELECT v.id, v.referral_id, v.candidate_referral_id, v.probability, v.state, v.automatic, \
     v.created_at, v.explanation, v.decided_by, v.decided_at, v.reason, \
     a.given_name AS a_given, a.family_name AS a_family, b.given_name AS b_given, b.family_name AS b_family \
     FROM link_review v JOIN referral a ON a.id = v.referral_id JOIN referral b ON b.id = v.candidate_referral_id";

fn summary(r: &sqlx::any::AnyRow) -> Result<ReviewSummary> {
    let name = |g: &str, f: &str| super::name_of(r, g, f);
    Ok(ReviewSummary {
        id: id(r, "id")?,
        referral_id: id(r, "referral_id")?,
        candidate_referral_id: id(r, "candidate_referral_id")?,
        probability: crate::rows::opt_f64(r, "probability")?.unwrap_or(0.0),
        state: ReviewState::parse(&text(r, "state")?)?,
        automatic: get_flag(r, "automatic")?,
        referral_name: name("a_given", "a_family")?,
        candidate_name: name("b_given", "b_family")?,
        created_at: text(r, "created_at")?,
    })
}

async fn referrals_of(conn: &mut AnyConnection, person: Uuid) -> Result<Vec<Uuid>> {
    sqlx::query("SELECT id FROM referral WHERE person_id = $1 ORDER BY id")
        .bind(person.to_string())
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| id(r, "id"))
        .collect()
}

async fn move_referrals(conn: &mut AnyConnection, referrals: &[Uuid], to: Uuid) -> Result<()> {
    super::bump_list_version(conn).await?;
    for r in referrals {
        sqlx::query("UPDATE referral SET person_id = $1 WHERE id = $2")
            .bind(to.to_string())
            .bind(r.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Review items in `state` (open ones for the queue), most likely first; items whose
    /// referrals have been erased (consent ended) are left out.
    pub async fn reviews(&self, state: ReviewState) -> Result<Vec<ReviewSummary>> {
        sqlx::query(&format!(
            "{SUMMARY} WHERE v.state = $1 AND a.redacted_at IS NULL AND b.redacted_at IS NULL \
             ORDER BY v.probability DESC, v.created_at, v.id"
        ))
        .bind(state.code())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(summary)
        .collect()
    }

    /// How many review items are in `state`, counted as [`Store::reviews`] lists them (the
    /// list page shows the open ones' number, not the items).
    pub async fn reviews_count(&self, state: ReviewState) -> Result<usize> {
        let row = sqlx::query(
            "SELECT COUNT(*) FROM link_review v JOIN referral a ON a.id = v.referral_id \
             JOIN referral b ON b.id = v.candidate_referral_id \
             WHERE v.state = $1 AND a.redacted_at IS NULL AND b.redacted_at IS NULL",
        )
        .bind(state.code())
        .fetch_one(&self.read)
        .await?;
        Ok(usize::try_from(crate::rows::i64_at(&row, 0)?).unwrap_or(0))
    }

    /// The review items that touch `referral` (found for it, or naming it as candidate).
    pub async fn reviews_of_referral(&self, referral: Uuid) -> Result<Vec<ReviewSummary>> {
        sqlx::query(&format!(
            "{SUMMARY} WHERE v.referral_id = $1 OR v.candidate_referral_id = $1 ORDER BY v.created_at, v.id"
        ))
        .bind(referral.to_string())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(summary)
        .collect()
    }

    pub async fn review(&self, review: Uuid) -> Result<ReviewRecord> {
        let row = sqlx::query(&format!("{SUMMARY} WHERE v.id = $1"))
            .bind(review.to_string())
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound)?;
        let s = summary(&row)?;
        let (cols, from) = columns();
        let read = |referral: Uuid| {
            let sql = format!("SELECT {cols} {from} WHERE r.id = $1");
            async move {
                let r = sqlx::query(&sql)
                    .bind(referral.to_string())
                    .fetch_one(&self.read)
                    .await?;
                referral_record(&r)
            }
        };
        Ok(ReviewRecord {
            referral: read(s.referral_id).await?,
            candidate: read(s.candidate_referral_id).await?,
            explanation: text(&row, "explanation")?,
            decided_by: opt_id(&row, "decided_by")?,
            decided_at: opt_text(&row, "decided_at")?,
            reason: opt_text(&row, "reason")?,
            summary: s,
        })
    }

    /// Decides an open review item: link the two persons, or keep them apart. Both
    /// referring agencies are told. Returns the person the referral belongs to afterwards.
    pub async fn decide_review(
        &self,
        actor: Option<Uuid>,
        review: Uuid,
        decision: ReviewDecision,
        reason: Option<String>,
    ) -> Result<Uuid> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "SELECT referral_id, candidate_referral_id, state FROM link_review WHERE id = $1",
        )
        .bind(review.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if ReviewState::parse(&text(&row, "state")?)? != ReviewState::Open {
            return Err(StoreError::Conflict("error-review-decided"));
        }
        let referral = id(&row, "referral_id")?;
        let candidate = id(&row, "candidate_referral_id")?;
        let from = person_of(&mut tx, referral)
            .await?
            .ok_or(StoreError::NotFound)?;
        let into = person_of(&mut tx, candidate)
            .await?
            .ok_or(StoreError::NotFound)?;
        let (state, person) = match decision {
            ReviewDecision::KeepApart => (ReviewState::KeptApart, from),
            ReviewDecision::Link => {
                if from != into {
                    let moved = referrals_of(&mut tx, from).await?;
                    move_referrals(&mut tx, &moved, into).await?;
                    sqlx::query("UPDATE person SET merged_into = $1 WHERE id = $2")
                        .bind(into.to_string())
                        .bind(from.to_string())
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("UPDATE link_review SET moved_from_person = $1, moved_referrals = $2 WHERE id = $3")
                        .bind(from.to_string())
                        .bind(join(&moved))
                        .bind(review.to_string())
                        .execute(&mut *tx)
                        .await?;
                }
                (ReviewState::Linked, into)
            }
        };
        sqlx::query("UPDATE link_review SET state = $1, decided_by = $2, decided_at = $3, reason = $4 WHERE id = $5")
            .bind(state.code())
            .bind(actor.map(|a| a.to_string()))
            .bind(now())
            .bind(reason.as_deref())
            .bind(review.to_string())
            .execute(&mut *tx)
            .await?;
        let kind = match decision {
            ReviewDecision::Link => "review_linked",
            ReviewDecision::KeepApart => "review_kept_apart",
        };
        super::notices::notify_referring(&mut tx, &[referral, candidate], kind).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "link_review", Some(review))
                .with_detail(format!("{}: {}", state.code(), reason.unwrap_or_default())),
        )
        .await?;
        tx.commit().await?;
        Ok(person)
    }

    /// Undoes a decision (a link, automatic or not, or keeping apart), with the reason: the
    /// referrals that moved go back to their own person and the item is open again.
    pub async fn undo_review(
        &self,
        actor: Option<Uuid>,
        review: Uuid,
        reason: String,
        on: Date,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "SELECT referral_id, candidate_referral_id, state, moved_from_person, moved_referrals, automatic \
             FROM link_review WHERE id = $1",
        )
        .bind(review.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let state = ReviewState::parse(&text(&row, "state")?)?;
        if state == ReviewState::Open {
            return Err(StoreError::Conflict("error-review-open"));
        }
        let referral = id(&row, "referral_id")?;
        let candidate = id(&row, "candidate_referral_id")?;
        if state == ReviewState::Linked {
            match opt_id(&row, "moved_from_person")? {
                Some(from) => {
                    let moved: Vec<Uuid> = split(opt_text(&row, "moved_referrals")?)
                        .iter()
                        .filter_map(|s| Uuid::parse_str(s).ok())
                        .collect();
                    move_referrals(&mut tx, &moved, from).await?;
                    sqlx::query("UPDATE person SET merged_into = NULL WHERE id = $1")
                        .bind(from.to_string())
                        .execute(&mut *tx)
                        .await?;
                }
                None if get_flag(&row, "automatic")? => {
                    // Joined on arrival: the referral never had a person of its own.
                    let person = create_person(&mut tx, actor, on).await?;
                    move_referrals(&mut tx, &[referral], person).await?;
                }
                None => {} // linked two referrals that already shared a person
            }
        }
        sqlx::query(
            "UPDATE link_review SET state = 'open', automatic = 0, moved_from_person = NULL, moved_referrals = NULL, \
             decided_by = $1, decided_at = $2, reason = $3 WHERE id = $4",
        )
        .bind(actor.map(|a| a.to_string()))
        .bind(now())
        .bind(reason.as_str())
        .bind(review.to_string())
        .execute(&mut *tx)
        .await?;
        super::notices::notify_referring(&mut tx, &[referral, candidate], "review_undone").await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "link_review", Some(review))
                .with_detail(format!("undo {}: {reason}", state.code())),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

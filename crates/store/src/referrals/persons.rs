//! Persons on the by-name list: their status and its history, the facts the prioritization
//! policy ranks on (gathered from all of a person's referrals), and monthly flows.

use super::records::{ReferralRecord, columns, referral_record};
use crate::audit::record;
use crate::rows::{get_flag, id, opt_i64, opt_id, opt_text, req_date, text};
use crate::{Result, Store, StoreError, now};
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::date_text;
use passerelle_domain::referrals::status::Flow;
use passerelle_domain::referrals::*;
use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;
use time::Date;
use uuid::Uuid;

/// A person as a line of the by-name list, with the facts the policy ranks on. Where the
/// person's referrals disagree: the earliest referral date (time waiting counts from the
/// first referral), the most days homeless and the highest assessment score any agency
/// recorded, children or youth if any referral says so.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListEntry {
    pub person_id: Uuid,
    pub status: ListStatus,
    pub inactive_reason: Option<InactiveReason>,
    pub status_since: Date,
    /// From the latest referral.
    pub name: String,
    pub first_referred_on: Date,
    pub days_homeless: Option<u16>,
    pub assessment_score: Option<u16>,
    pub children: bool,
    pub youth: bool,
    pub bedrooms_needed: u8,
    /// The agencies that referred the person (walk-ins recorded by the hub are blank).
    pub agencies: Vec<String>,
    pub referrals: usize,
}

/// One change of a person's status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusEvent {
    pub on: Date,
    pub from: Option<ListStatus>,
    pub to: ListStatus,
    pub reason: Option<String>,
    pub flow: Option<String>,
    pub actor: Option<Uuid>,
    pub actor_name: Option<String>,
}

/// A person with every referral that brought them and their history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonRecord {
    pub entry: ListEntry,
    pub referrals: Vec<ReferralRecord>,
    pub events: Vec<StatusEvent>,
}

/// How many status changes of one kind happened in one month (`YYYY-MM`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowCount {
    pub month: String,
    pub flow: String,
    pub count: i64,
}

pub(super) async fn record_status_event(
    conn: &mut AnyConnection,
    actor: Option<Uuid>,
    person: Uuid,
    on: Date,
    from: Option<ListStatus>,
    to: ListStatus,
    reason: Option<InactiveReason>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO person_status_event (id, person_id, seq, on_day, from_status, to_status, reason, flow, actor_id, at) \
         VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM person_status_event WHERE person_id = $2), \
         $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(person.to_string())
    .bind(date_text(on))
    .bind(from.map(|s| s.code()))
    .bind(to.code())
    .bind(reason.map(|r| r.code()))
    .bind(Flow::of(from, to).map(|f| f.code()))
    .bind(actor.map(|a| a.to_string()))
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Changes a person's status, records the event and tells the referring agencies
/// (`notify`). A change to the same status and reason is a no-op.
pub(crate) async fn change_status(
    conn: &mut AnyConnection,
    actor: Option<Uuid>,
    person: Uuid,
    to: ListStatus,
    reason: Option<InactiveReason>,
    on: Date,
    notify: bool,
) -> Result<()> {
    let row = sqlx::query(
        "SELECT status, inactive_reason FROM person WHERE id = $1 AND merged_into IS NULL",
    )
    .bind(person.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    let from = ListStatus::parse(&text(&row, "status")?)
        .ok_or_else(|| StoreError::Corrupt("person status".into()))?;
    let from_reason = opt_text(&row, "inactive_reason")?;
    if from == to && from_reason.as_deref() == reason.map(|r| r.code()) {
        return Ok(());
    }
    // The status this transaction read must still be the person's: a change made meanwhile
    // by another transaction (an offer, another locator) fails this one rather than being
    // overwritten.
    let changed = sqlx::query(
        "UPDATE person SET status = $1, inactive_reason = $2, status_since = $3 WHERE id = $4 AND status = $5",
    )
    .bind(to.code())
    .bind(reason.map(|r| r.code()))
    .bind(date_text(on))
    .bind(person.to_string())
    .bind(from.code())
    .execute(&mut *conn)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(StoreError::Conflict("error-person-changed"));
    }
    super::bump_list_version(conn).await?;
    record_status_event(conn, actor, person, on, Some(from), to, reason).await?;
    if notify {
        let referrals: Vec<Uuid> = sqlx::query("SELECT id FROM referral WHERE person_id = $1")
            .bind(person.to_string())
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| id(r, "id"))
            .collect::<Result<_>>()?;
        super::notices::notify_referring(conn, &referrals, "status_changed").await?;
    }
    record(
        conn,
        AuditEvent::new(actor, AuditAction::Update, "person", Some(person)).with_detail(format!(
            "status {} → {}",
            from.code(),
            to.code()
        )),
    )
    .await?;
    Ok(())
}

/// The list's columns, the persons and referrals they come from, and the order
/// [`add_to_entries`] reads them in: a person's referrals together, oldest first.
pub(crate) const LIST_COLUMNS: &str = "p.id AS person_id, p.status, p.inactive_reason, p.status_since, \
     r.given_name, r.family_name, r.referred_on, r.days_homeless, r.assessment_score, r.children_ages, \
     r.pregnant, r.youth, r.bedrooms_needed, o.name AS agency_name";
pub(crate) const LIST_FROM: &str = "FROM person p JOIN referral r ON r.person_id = p.id \
     AND r.redacted_at IS NULL AND r.anonymous = 0 \
     LEFT JOIN organization o ON o.id = r.agency_id WHERE p.merged_into IS NULL";
pub(crate) const LIST_ORDER: &str = "p.id, r.referred_on, r.seq";

/// Adds one row of [`LIST_COLUMNS`] to the list being read: a new entry, or one more
/// referral of the last entry's person.
pub(crate) fn add_to_entries(entries: &mut Vec<ListEntry>, r: &AnyRow) -> Result<()> {
    let person = id(r, "person_id")?;
    let name = super::name_of(r, "given_name", "family_name")?;
    let days = opt_i64(r, "days_homeless")?.map(|v| v as u16);
    let score = opt_i64(r, "assessment_score")?.map(|v| v as u16);
    let children =
        !opt_text(r, "children_ages")?.unwrap_or_default().is_empty() || get_flag(r, "pregnant")?;
    let youth = get_flag(r, "youth")?;
    let bedrooms = opt_i64(r, "bedrooms_needed")?.unwrap_or(0).clamp(0, 255) as u8;
    let agency = opt_text(r, "agency_name")?.unwrap_or_default();
    match entries.last_mut().filter(|e| e.person_id == person) {
        Some(e) => {
            // Rows come oldest first: the latest referral's name wins.
            e.name = name;
            e.days_homeless = e.days_homeless.max(days);
            e.assessment_score = e.assessment_score.max(score);
            e.children |= children;
            e.youth |= youth;
            e.bedrooms_needed = e.bedrooms_needed.max(bedrooms);
            if !e.agencies.contains(&agency) {
                e.agencies.push(agency);
            }
            e.referrals += 1;
        }
        None => {
            let status_code = text(r, "status")?;
            entries.push(ListEntry {
                person_id: person,
                status: ListStatus::parse(&status_code)
                    .ok_or_else(|| StoreError::Corrupt(format!("status {status_code:?}")))?,
                inactive_reason: opt_text(r, "inactive_reason")?
                    .and_then(|c| InactiveReason::parse(&c)),
                status_since: req_date(r, "status_since")?,
                name,
                first_referred_on: req_date(r, "referred_on")?,
                days_homeless: days,
                assessment_score: score,
                children,
                youth,
                bedrooms_needed: bedrooms,
                agencies: vec![agency],
                referrals: 1,
            })
        }
    }
    Ok(())
}

impl Store {
    /// The list: persons (not merged into another) with a referral whose consent holds,
    /// in `statuses` (all when empty), unranked: the policy ranks them above the store.
    pub async fn list_entries(&self, statuses: &[ListStatus]) -> Result<Vec<ListEntry>> {
        self.entries(statuses, None).await
    }

    async fn entries(
        &self,
        statuses: &[ListStatus],
        person: Option<Uuid>,
    ) -> Result<Vec<ListEntry>> {
        let mut sql = crate::rows::SqlBuilder::default();
        sql.push(&format!("SELECT {LIST_COLUMNS} {LIST_FROM}"));
        if !statuses.is_empty() {
            sql.push(" AND p.status IN (");
            for (i, s) in statuses.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.bind_text(s.code());
            }
            sql.push(")");
        }
        if let Some(person) = person {
            sql.push(" AND p.id = ").bind_text(person.to_string());
        }
        sql.push(&format!(" ORDER BY {LIST_ORDER}"));
        let rows = sql.query().fetch_all(&self.read).await?;
        let mut entries: Vec<ListEntry> = Vec::new();
        for r in &rows {
            add_to_entries(&mut entries, r)?;
        }
        Ok(entries)
    }

    /// One person with all their referrals and status history. A person merged into
    /// another answers with the one they were merged into.
    pub async fn person(&self, person: Uuid) -> Result<PersonRecord> {
        let merged = sqlx::query("SELECT merged_into FROM person WHERE id = $1")
            .bind(person.to_string())
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound)?;
        let person = opt_id(&merged, "merged_into")?.unwrap_or(person);
        let (cols, from) = columns();
        let referrals = sqlx::query(&format!(
            "SELECT {cols} {from} WHERE r.person_id = $1 ORDER BY r.referred_on, r.seq"
        ))
        .bind(person.to_string())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(referral_record)
        .collect::<Result<Vec<_>>>()?;
        let entry = self
            .entries(&[], Some(person))
            .await?
            .into_iter()
            .find(|e| e.person_id == person)
            .ok_or(StoreError::NotFound)?;
        let events = sqlx::query(
            "SELECT e.on_day, e.from_status, e.to_status, e.reason, e.flow, e.actor_id, u.display_name \
             FROM person_status_event e LEFT JOIN app_user u ON u.id = e.actor_id \
             WHERE e.person_id = $1 ORDER BY e.seq",
        )
        .bind(person.to_string())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            let to = text(r, "to_status")?;
            Ok(StatusEvent {
                on: req_date(r, "on_day")?,
                from: opt_text(r, "from_status")?.and_then(|s| ListStatus::parse(&s)),
                to: ListStatus::parse(&to)
                    .ok_or_else(|| StoreError::Corrupt(format!("status {to:?}")))?,
                reason: opt_text(r, "reason")?,
                flow: opt_text(r, "flow")?,
                actor: opt_id(r, "actor_id")?,
                actor_name: opt_text(r, "display_name")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(PersonRecord {
            entry,
            referrals,
            events,
        })
    }

    /// Sets a person's status by hand (the hub's decision), telling the referring agencies.
    /// Inactive needs a reason; other statuses take none.
    pub async fn set_person_status(
        &self,
        actor: Option<Uuid>,
        person: Uuid,
        to: ListStatus,
        reason: Option<InactiveReason>,
        on: Date,
    ) -> Result<()> {
        let reason = if to == ListStatus::Inactive {
            Some(reason.ok_or_else(|| {
                StoreError::Invalid(passerelle_domain::FieldErrors(vec![
                    passerelle_domain::FieldError::new("reason", "error-choose"),
                ]))
            })?)
        } else {
            None
        };
        let mut tx = self.begin_write().await?;
        change_status(&mut tx, actor, person, to, reason, on, true).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Status changes that are flows, counted by month from `from` on; kept while no status
    /// changes (the count reads every change since `from`).
    pub async fn list_flows(&self, from: Date) -> Result<Vec<FlowCount>> {
        let flows = self
            .kept_or_made("list-flows", &["list_flows"], from.to_string(), || {
                self.read_list_flows(from)
            })
            .await?;
        Ok(flows.to_vec())
    }

    async fn read_list_flows(&self, from: Date) -> Result<Vec<FlowCount>> {
        let rows = sqlx::query(
            "SELECT substr(on_day, 1, 7) AS month, flow, COUNT(*) AS n FROM person_status_event \
             WHERE flow IS NOT NULL AND on_day >= $1 GROUP BY substr(on_day, 1, 7), flow ORDER BY 1, 2",
        )
        .bind(date_text(from))
        .fetch_all(&self.read)
        .await?;
        let mut out = BTreeMap::new();
        for r in &rows {
            out.insert(
                (text(r, "month")?, text(r, "flow")?),
                crate::rows::i64_at(r, 2)?,
            );
        }
        Ok(out
            .into_iter()
            .map(|((month, flow), count)| FlowCount { month, flow, count })
            .collect())
    }
}

/// A contact with a person on the list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactRecord {
    pub on: String,
    pub note: String,
    pub recorded_by: Option<String>,
}

impl Store {
    /// Records a contact with a person (a call, a visit, a message) on `on`.
    pub async fn record_contact(
        &self,
        actor: Option<Uuid>,
        person: Uuid,
        on: Date,
        note: &str,
    ) -> Result<()> {
        self.record_contacts(actor, &[(person, on, note)]).await
    }

    /// Records contacts in one transaction: all or none.
    pub async fn record_contacts(
        &self,
        actor: Option<Uuid>,
        contacts: &[(Uuid, Date, &str)],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for (person, on, note) in contacts {
            let exists = sqlx::query("SELECT id FROM person WHERE id = $1 AND merged_into IS NULL")
                .bind(person.to_string())
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                return Err(StoreError::NotFound);
            }
            sqlx::query(
                "INSERT INTO person_contact (id, person_id, on_day, recorded_by, note, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(Uuid::new_v4().to_string())
            .bind(person.to_string())
            .bind(date_text(*on))
            .bind(actor.map(|a| a.to_string()))
            .bind(*note)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            record(
                &mut tx,
                AuditEvent::new(actor, AuditAction::Update, "person", Some(*person))
                    .with_detail(format!("contact on {}", date_text(*on))),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A person's contacts, latest first (those of persons linked into them included).
    pub async fn contacts(&self, person: Uuid) -> Result<Vec<ContactRecord>> {
        sqlx::query(
            "SELECT c.on_day, c.note, u.display_name FROM person_contact c \
             LEFT JOIN app_user u ON u.id = c.recorded_by \
             WHERE c.person_id = $1 OR c.person_id IN (SELECT id FROM person WHERE merged_into = $1) \
             ORDER BY c.on_day DESC, c.created_at DESC",
        )
        .bind(person.to_string())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(ContactRecord {
                on: text(r, "on_day")?,
                note: text(r, "note")?,
                recorded_by: opt_text(r, "display_name")?,
            })
        })
        .collect()
    }

    /// Days without contact after which a person becomes inactive.
    pub async fn no_contact_days(&self) -> Result<i64> {
        let row = sqlx::query("SELECT no_contact_days FROM list_settings WHERE id = 1")
            .fetch_optional(&self.read)
            .await?;
        Ok(match row {
            Some(r) => crate::rows::i64_at(&r, 0)?,
            None => status::DEFAULT_INACTIVE_AFTER_DAYS,
        })
    }

    /// Sets the days without contact after which a person becomes inactive.
    pub async fn set_no_contact_days(&self, actor: Option<Uuid>, days: i64) -> Result<()> {
        if !status::INACTIVE_AFTER_DAYS.contains(&days) {
            return Err(StoreError::Invalid(passerelle_domain::FieldErrors(vec![
                passerelle_domain::FieldError::new("no_contact_days", "error-no-contact-days"),
            ])));
        }
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM list_settings WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO list_settings (id, no_contact_days) VALUES (1, $1)")
            .bind(days)
            .execute(&mut *tx)
            .await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "list_settings", None)
                .with_detail(format!("inactive after {days} days without contact")),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes inactive (no contact) every active person with neither a referral nor a
    /// contact nor a status change in the configured number of days before `today`,
    /// telling their referring agencies. Returns how many.
    pub async fn apply_no_contact(&self, today: Date) -> Result<usize> {
        let days = self.no_contact_days().await?;
        let cutoff = date_text(today - time::Duration::days(days));
        // Linking moves referrals to the person kept, but contacts stay where they were
        // recorded: those of the persons linked into it count too. (Each condition on its own
        // so that every one is answered from an index.)
        let due = || {
            sqlx::query(
                "SELECT p.id FROM person p WHERE p.status = $1 AND p.merged_into IS NULL \
                 AND p.status_since < $2 \
                 AND NOT EXISTS (SELECT 1 FROM referral r WHERE r.person_id = p.id AND r.referred_on >= $2) \
                 AND NOT EXISTS (SELECT 1 FROM person_contact c WHERE c.person_id = p.id AND c.on_day >= $2) \
                 AND NOT EXISTS (SELECT 1 FROM person q JOIN person_contact c ON c.person_id = q.id \
                     WHERE q.merged_into = p.id AND c.on_day >= $2)",
            )
            .bind(ListStatus::Active.code())
            .bind(cutoff.clone())
        };
        // Read first without a write: once applied, the rule finds nobody the rest of the day.
        if due().fetch_all(&self.read).await?.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_calendar_write().await?;
        let rows = due().fetch_all(&mut *tx).await?;
        for r in &rows {
            change_status(
                &mut tx,
                None,
                id(r, "id")?,
                ListStatus::Inactive,
                Some(InactiveReason::NoContact),
                today,
                true,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(rows.len())
    }
}

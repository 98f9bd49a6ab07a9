//! After housing in the store (E1): tenancies of persons placed through the list, with their
//! supporting agency, the contacts logged after move-in, and how each ended. What is due is
//! not stored: the caller computes it from the dates read here (`passerelle_domain::tenancies`).

use crate::audit::record;
use crate::housing::transition_in;
use crate::rows::{SqlBuilder, id, opt_date, opt_id, opt_text, req_date, text};
use crate::{Result, Store, StoreError, now};
use passerelle_domain::FieldErrors;
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::{Transition, UnitStatus, date_text};
use passerelle_domain::tenancies::{
    ContactParty, FollowUpCadence, NO_CONTACT, NewContact, TenancyDates, TenancyEnd,
};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use time::Date;
use uuid::Uuid;

/// Which tenancies to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TenancyFilter {
    /// Only those this agency supports (a partner worker's scope).
    pub support_agency: Option<Uuid>,
    /// Only those not ended.
    pub current_only: bool,
}

/// A tenancy of a person placed through the list, as lists and pages show it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TenancySummary {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub unit_label: String,
    pub address: String,
    pub landlord_id: Uuid,
    pub landlord_name: String,
    pub person_id: Uuid,
    pub leased_on: Date,
    pub moved_in_on: Option<Date>,
    pub ended_on: Option<Date>,
    /// A code of `TENANCY_END_REASONS`; `None` while current, or when ended without one
    /// (a unit vacated from its own page).
    pub end_reason: Option<String>,
    pub end_note: Option<String>,
    pub support_agency_id: Option<Uuid>,
    pub support_agency_name: Option<String>,
    pub support_worker: Option<String>,
    /// The days of the contacts that count for follow-up (not attempts), oldest first.
    pub support_days: Vec<Date>,
    pub landlord_days: Vec<Date>,
}

impl TenancySummary {
    pub fn dates(&self) -> TenancyDates {
        TenancyDates {
            leased_on: self.leased_on,
            moved_in_on: self.moved_in_on,
            ended_on: self.ended_on,
        }
    }
}

/// A contact after move-in, as recorded.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TenancyContact {
    pub id: Uuid,
    pub party: ContactParty,
    pub on: Date,
    pub kind: String,
    pub outcome: String,
    pub notes: Option<String>,
    pub recorded_by: Option<String>,
    pub recorded_at: String,
}

/// A contact for a bulk load (the demo): recorded by nobody, at its own day.
#[derive(Debug, Clone, PartialEq)]
pub struct PastContact {
    pub tenancy_id: Uuid,
    pub contact: NewContact,
}

const SUMMARY_SELECT: &str = "SELECT t.id, t.unit_id, u.label, p.address, l.id AS landlord_id, \
     l.name AS landlord_name, t.person_id, t.leased_on, t.moved_in_on, t.ended_on, t.end_reason, \
     t.end_note, t.support_agency_id, o.name AS agency_name, t.support_worker \
     FROM tenancy t JOIN unit u ON u.id = t.unit_id JOIN property p ON p.id = u.property_id \
     JOIN landlord l ON l.id = p.landlord_id LEFT JOIN organization o ON o.id = t.support_agency_id \
     WHERE t.person_id IS NOT NULL";

fn summary_of(r: &AnyRow) -> Result<TenancySummary> {
    Ok(TenancySummary {
        id: id(r, "id")?,
        unit_id: id(r, "unit_id")?,
        unit_label: text(r, "label")?,
        address: text(r, "address")?,
        landlord_id: id(r, "landlord_id")?,
        landlord_name: text(r, "landlord_name")?,
        person_id: id(r, "person_id")?,
        leased_on: req_date(r, "leased_on")?,
        moved_in_on: opt_date(r, "moved_in_on")?,
        ended_on: opt_date(r, "ended_on")?,
        end_reason: opt_text(r, "end_reason")?,
        end_note: opt_text(r, "end_note")?,
        support_agency_id: opt_id(r, "support_agency_id")?,
        support_agency_name: opt_text(r, "agency_name")?,
        support_worker: opt_text(r, "support_worker")?,
        support_days: Vec::new(),
        landlord_days: Vec::new(),
    })
}

fn filter_sql(filter: &TenancyFilter) -> SqlBuilder {
    let mut sql = SqlBuilder::default();
    if let Some(agency) = filter.support_agency {
        sql.push(" AND t.support_agency_id = ")
            .bind_text(agency.to_string());
    }
    if filter.current_only {
        sql.push(" AND t.ended_on IS NULL");
    }
    sql
}

fn invalid(field: &str, code: &'static str) -> StoreError {
    let mut e = FieldErrors::default();
    e.push(field, code);
    StoreError::Invalid(e)
}

/// Gives a tenancy its person's supports from their latest referral: the supporting agency
/// named there when the person agreed to share with their supports, else the referring
/// agency (which keeps supporting them); the supporting worker named there, with the same
/// agreement.
pub(crate) async fn assign_supports(
    conn: &mut AnyConnection,
    tenancy: Uuid,
    person: Uuid,
) -> Result<()> {
    let latest = "FROM referral r WHERE r.person_id = $1 AND r.redacted_at IS NULL \
                  ORDER BY r.seq DESC LIMIT 1";
    let shared = "r.consent_supports = 1 AND r.supporting_agency_id IS NOT NULL";
    sqlx::query(&format!(
        "UPDATE tenancy SET \
         support_agency_id = (SELECT CASE WHEN {shared} THEN r.supporting_agency_id ELSE r.agency_id END {latest}), \
         support_worker = (SELECT CASE WHEN r.consent_supports = 1 THEN r.supporting_worker END {latest}) \
         WHERE id = $2"
    ))
    .bind(person.to_string())
    .bind(tenancy.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// The follow-up cadence in force: the administrator's, else the default.
    pub async fn follow_up_cadence(&self) -> Result<FollowUpCadence> {
        let row =
            sqlx::query("SELECT weekly_weeks, monthly_until FROM follow_up_settings WHERE id = 1")
                .fetch_optional(&self.read)
                .await?;
        Ok(match row {
            Some(r) => FollowUpCadence {
                weekly_weeks: crate::rows::i64_at(&r, 0)? as u32,
                monthly_until: crate::rows::i64_at(&r, 1)? as u32,
            },
            None => FollowUpCadence::default(),
        })
    }

    /// Puts a follow-up cadence in force for every tenancy (their schedules are computed).
    pub async fn set_follow_up_cadence(
        &self,
        actor: Option<Uuid>,
        cadence: FollowUpCadence,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM follow_up_settings WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO follow_up_settings (id, weekly_weeks, monthly_until) VALUES (1, $1, $2)",
        )
        .bind(cadence.weekly_weeks as i64)
        .bind(cadence.monthly_until as i64)
        .execute(&mut *tx)
        .await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "follow_up_settings", None).with_detail(
                format!(
                    "weekly for {} weeks, then monthly to {} months",
                    cadence.weekly_weeks, cadence.monthly_until
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The tenancies of persons placed through the list, newest move-in first, with the
    /// days of their counting contacts.
    pub async fn tenancies(&self, filter: &TenancyFilter) -> Result<Vec<TenancySummary>> {
        let conditions = filter_sql(filter);
        let mut sql = SqlBuilder::default();
        sql.push(SUMMARY_SELECT)
            .append(&conditions)
            .push(" ORDER BY COALESCE(t.moved_in_on, t.leased_on) DESC, t.id");
        let mut tenancies: Vec<TenancySummary> = sql
            .query()
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(summary_of)
            .collect::<Result<_>>()?;
        let mut days = SqlBuilder::default();
        days.push(
            "SELECT c.tenancy_id, c.party, c.on_day FROM tenancy_contact c \
             JOIN tenancy t ON t.id = c.tenancy_id WHERE t.person_id IS NOT NULL AND c.outcome <> ",
        )
        .bind_text(NO_CONTACT)
        .append(&conditions)
        .push(" ORDER BY c.on_day");
        let index: std::collections::HashMap<Uuid, usize> = tenancies
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id, i))
            .collect();
        for r in days.query().fetch_all(&self.read).await? {
            let Some(&i) = index.get(&id(&r, "tenancy_id")?) else {
                continue;
            };
            let on = req_date(&r, "on_day")?;
            match ContactParty::parse(&text(&r, "party")?) {
                Some(ContactParty::Support) => tenancies[i].support_days.push(on),
                Some(ContactParty::Landlord) => tenancies[i].landlord_days.push(on),
                None => {}
            }
        }
        Ok(tenancies)
    }

    /// One tenancy of a person placed through the list, with every contact, newest first.
    pub async fn tenancy(&self, tenancy: Uuid) -> Result<(TenancySummary, Vec<TenancyContact>)> {
        let mut sql = SqlBuilder::default();
        sql.push(SUMMARY_SELECT)
            .push(" AND t.id = ")
            .bind_text(tenancy.to_string());
        let row = sql
            .query()
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut summary = summary_of(&row)?;
        let rows = sqlx::query(
            "SELECT c.id, c.party, c.on_day, c.kind, c.outcome, c.notes, c.recorded_at, \
             u.display_name FROM tenancy_contact c LEFT JOIN app_user u ON u.id = c.recorded_by \
             WHERE c.tenancy_id = $1 ORDER BY c.on_day DESC, c.recorded_at DESC",
        )
        .bind(tenancy.to_string())
        .fetch_all(&self.read)
        .await?;
        let mut contacts = Vec::with_capacity(rows.len());
        for r in &rows {
            let contact = TenancyContact {
                id: id(r, "id")?,
                party: ContactParty::parse(&text(r, "party")?)
                    .ok_or_else(|| StoreError::Corrupt("tenancy_contact.party".into()))?,
                on: req_date(r, "on_day")?,
                kind: text(r, "kind")?,
                outcome: text(r, "outcome")?,
                notes: opt_text(r, "notes")?,
                recorded_by: opt_text(r, "display_name")?,
                recorded_at: text(r, "recorded_at")?,
            };
            if contact.outcome != NO_CONTACT {
                match contact.party {
                    ContactParty::Support => summary.support_days.push(contact.on),
                    ContactParty::Landlord => summary.landlord_days.push(contact.on),
                }
            }
            contacts.push(contact);
        }
        summary.support_days.sort();
        summary.landlord_days.sort();
        Ok((summary, contacts))
    }

    /// Logs a contact after move-in. The caller checked it against the tenancy's dates as
    /// it read them; an end recorded since is refused here, in the same transaction.
    pub async fn add_tenancy_contact(
        &self,
        actor: Option<Uuid>,
        tenancy: Uuid,
        contact: &NewContact,
    ) -> Result<Uuid> {
        let mut tx = self.begin_write().await?;
        current_unit(&mut tx, tenancy).await?;
        let contact_id = insert_contact(&mut tx, actor, tenancy, contact, &now()).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Create, "tenancy_contact", Some(tenancy))
                .with_detail(format!(
                    "{} {}",
                    contact.party.code(),
                    date_text(contact.on)
                )),
        )
        .await?;
        tx.commit().await?;
        Ok(contact_id)
    }

    /// Changes who supports a tenancy: an agency of the directory (or none) and a worker's
    /// name.
    pub async fn set_tenancy_supports(
        &self,
        actor: Option<Uuid>,
        tenancy: Uuid,
        agency: Option<Uuid>,
        worker: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        if let Some(agency) = agency {
            sqlx::query("SELECT 1 FROM organization WHERE id = $1")
                .bind(agency.to_string())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| invalid("agency_id", "error-unknown-reference"))?;
        }
        let changed = sqlx::query(
            "UPDATE tenancy SET support_agency_id = $1, support_worker = $2 \
             WHERE id = $3 AND person_id IS NOT NULL",
        )
        .bind(agency.map(|a| a.to_string()))
        .bind(worker)
        .bind(tenancy.to_string())
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        record(
            &mut tx,
            AuditEvent::new(
                actor,
                AuditAction::Update,
                "tenancy_supports",
                Some(tenancy),
            )
            .with_detail(agency.map(|a| a.to_string()).unwrap_or_default()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends a current tenancy with its reason: the unit is vacated on that day, in the same
    /// transaction, so the unit's history and the tenancy agree.
    pub async fn end_tenancy(
        &self,
        actor: Option<Uuid>,
        tenancy: Uuid,
        end: &TenancyEnd,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let unit = current_unit(&mut tx, tenancy).await?;
        let transition = Transition {
            to: UnitStatus::Vacated,
            hold: None,
            household_ref: None,
            reason: Some("tenancy-ended".into()),
            on: end.on,
        };
        transition_in(&mut tx, actor, unit, &transition).await?;
        sqlx::query("UPDATE tenancy SET end_reason = $1, end_note = $2 WHERE id = $3")
            .bind(&end.reason)
            .bind(&end.note)
            .bind(tenancy.to_string())
            .execute(&mut *tx)
            .await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "tenancy_end", Some(tenancy))
                .with_detail(format!("{} {}", end.reason, date_text(end.on))),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Loads past contacts and ends (the demo's two years), in one transaction: each contact
    /// recorded at its own day by nobody, each end's reason set on a tenancy already ended.
    pub async fn record_after_housing(
        &self,
        contacts: &[PastContact],
        end_reasons: &[(Uuid, String)],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for c in contacts {
            let at = format!("{}T12:00:00Z", date_text(c.contact.on));
            insert_contact(&mut tx, None, c.tenancy_id, &c.contact, &at).await?;
        }
        for (tenancy, reason) in end_reasons {
            sqlx::query(
                "UPDATE tenancy SET end_reason = $1 WHERE id = $2 AND ended_on IS NOT NULL",
            )
            .bind(reason)
            .bind(tenancy.to_string())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The unit of a followed tenancy that has not ended, read in the writing transaction so
/// that an end recorded meanwhile is seen: an ended one is refused as the form's date error.
async fn current_unit(conn: &mut AnyConnection, tenancy: Uuid) -> Result<Uuid> {
    let row = sqlx::query(
        "SELECT unit_id, ended_on FROM tenancy WHERE id = $1 AND person_id IS NOT NULL",
    )
    .bind(tenancy.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    if opt_text(&row, "ended_on")?.is_some() {
        return Err(invalid("on", "error-tenancy-ended"));
    }
    id(&row, "unit_id")
}

async fn insert_contact(
    conn: &mut AnyConnection,
    actor: Option<Uuid>,
    tenancy: Uuid,
    contact: &NewContact,
    at: &str,
) -> Result<Uuid> {
    let contact_id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO tenancy_contact (id, tenancy_id, party, on_day, kind, outcome, notes, \
         recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(contact_id.to_string())
    .bind(tenancy.to_string())
    .bind(contact.party.code())
    .bind(date_text(contact.on))
    .bind(&contact.kind)
    .bind(&contact.outcome)
    .bind(&contact.notes)
    .bind(actor.map(|a| a.to_string()))
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(contact_id)
}

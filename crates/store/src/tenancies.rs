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
    ContactParty, FollowUpCadence, IncidentClose, IncidentDates, NO_CONTACT, NewContact,
    NewIncident, NewMeeting, RelationshipTenancy, RelationshipYear, TenancyDates, TenancyEnd,
    relationship_by_year,
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
    /// Only this person's.
    pub person: Option<Uuid>,
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
    /// The person's first referral after the move-in (joined to them by identity
    /// resolution), if any: a return to homelessness when it came soon enough.
    pub referred_again_on: Option<Date>,
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

/// The tenancy `t`'s person as the list knows them now: the one they were linked into, if
/// any (their referrals moved there with the link).
macro_rules! person_now {
    () => {
        "(SELECT COALESCE(q.merged_into, q.id) FROM person q WHERE q.id = t.person_id)"
    };
}

/// The first referral of the tenancy `t`'s person after the move-in, as `referred_again_on`.
macro_rules! referred_again {
    () => {
        concat!(
            "(SELECT MIN(a.referred_on) FROM referral a WHERE a.person_id = ",
            person_now!(),
            " AND a.referred_on > t.moved_in_on) AS referred_again_on"
        )
    };
}

const SUMMARY_SELECT: &str = concat!(
    "SELECT t.id, t.unit_id, u.label, p.address, l.id AS landlord_id, \
     l.name AS landlord_name, t.person_id, t.leased_on, t.moved_in_on, t.ended_on, t.end_reason, \
     t.end_note, t.support_agency_id, o.name AS agency_name, t.support_worker, ",
    referred_again!(),
    " FROM tenancy t JOIN unit u ON u.id = t.unit_id JOIN property p ON p.id = u.property_id \
     JOIN landlord l ON l.id = p.landlord_id LEFT JOIN organization o ON o.id = t.support_agency_id \
     WHERE t.person_id IS NOT NULL"
);

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
        referred_again_on: opt_date(r, "referred_again_on")?,
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
    if let Some(person) = filter.person {
        // The person as they are now, and anyone since linked into them.
        sql.push(" AND t.person_id IN (SELECT id FROM person WHERE id = ")
            .bind_text(person.to_string())
            .push(" OR merged_into = ")
            .bind_text(person.to_string())
            .push(")");
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

/// An incident in a tenancy, with its mediation meetings (oldest first).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IncidentRecord {
    pub id: Uuid,
    pub tenancy_id: Uuid,
    pub on: Date,
    pub kind: String,
    pub raised_by: String,
    pub description: Option<String>,
    /// `None` while open.
    pub outcome: Option<String>,
    pub closed_on: Option<Date>,
    pub outcome_note: Option<String>,
    pub recorded_by: Option<String>,
    pub meetings: Vec<MediationMeeting>,
}

impl IncidentRecord {
    pub fn dates(&self) -> IncidentDates {
        IncidentDates {
            on: self.on,
            closed_on: self.closed_on,
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MediationMeeting {
    pub id: Uuid,
    pub on: Date,
    pub attendees: String,
    pub agreed: Option<String>,
    pub recorded_by: Option<String>,
}

/// An incident for a bulk load (the demo), with its meetings and its close.
#[derive(Debug, Clone, PartialEq)]
pub struct PastIncident {
    pub tenancy_id: Uuid,
    pub incident: NewIncident,
    pub meetings: Vec<NewMeeting>,
    pub close: Option<IncidentClose>,
}

/// A landlord's tenancies one by one, for the relationship's page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LandlordTenancy {
    pub id: Uuid,
    pub unit_label: String,
    pub address: String,
    /// Whether a person housed through the list holds it (it has a tenancy page).
    pub followed: bool,
    pub leased_on: Date,
    pub moved_in_on: Option<Date>,
    pub ended_on: Option<Date>,
    pub end_reason: Option<String>,
    pub incidents: usize,
}

/// A landlord's long-term relationship with the network.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LandlordRelationship {
    pub years: Vec<RelationshipYear>,
    /// Newest first.
    pub tenancies: Vec<LandlordTenancy>,
    /// How the tenancies ended, by reason code (`not_recorded` for none), most first.
    pub end_reasons: Vec<(String, usize)>,
}

const INCIDENT_COLUMNS: &str = "i.id, i.tenancy_id, i.on_day, i.kind, i.raised_by, i.description, \
     i.outcome, i.closed_on, i.outcome_note, u.display_name";

fn incident_of(r: &AnyRow) -> Result<IncidentRecord> {
    Ok(IncidentRecord {
        id: id(r, "id")?,
        tenancy_id: id(r, "tenancy_id")?,
        on: req_date(r, "on_day")?,
        kind: text(r, "kind")?,
        raised_by: text(r, "raised_by")?,
        description: opt_text(r, "description")?,
        outcome: opt_text(r, "outcome")?,
        closed_on: opt_date(r, "closed_on")?,
        outcome_note: opt_text(r, "outcome_note")?,
        recorded_by: opt_text(r, "display_name")?,
        meetings: Vec::new(),
    })
}

impl Store {
    /// The incidents of a tenancy, newest first, each with its meetings.
    pub async fn incidents_of(&self, tenancy: Uuid) -> Result<Vec<IncidentRecord>> {
        let mut incidents: Vec<IncidentRecord> = sqlx::query(&format!(
            "SELECT {INCIDENT_COLUMNS} FROM tenancy_incident i \
             LEFT JOIN app_user u ON u.id = i.recorded_by WHERE i.tenancy_id = $1 \
             ORDER BY i.on_day DESC, i.recorded_at DESC"
        ))
        .bind(tenancy.to_string())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(incident_of)
        .collect::<Result<_>>()?;
        let meetings = sqlx::query(
            "SELECT m.id, m.incident_id, m.on_day, m.attendees, m.agreed, u.display_name \
             FROM incident_meeting m JOIN tenancy_incident i ON i.id = m.incident_id \
             LEFT JOIN app_user u ON u.id = m.recorded_by WHERE i.tenancy_id = $1 \
             ORDER BY m.on_day, m.recorded_at",
        )
        .bind(tenancy.to_string())
        .fetch_all(&self.read)
        .await?;
        for r in &meetings {
            let incident = id(r, "incident_id")?;
            if let Some(i) = incidents.iter_mut().find(|i| i.id == incident) {
                i.meetings.push(meeting_of(r)?);
            }
        }
        Ok(incidents)
    }

    /// One incident with its meetings.
    pub async fn incident(&self, incident: Uuid) -> Result<IncidentRecord> {
        let row = sqlx::query(&format!(
            "SELECT {INCIDENT_COLUMNS} FROM tenancy_incident i \
             LEFT JOIN app_user u ON u.id = i.recorded_by WHERE i.id = $1"
        ))
        .bind(incident.to_string())
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        let tenancy = incident_of(&row)?.tenancy_id;
        self.incidents_of(tenancy)
            .await?
            .into_iter()
            .find(|i| i.id == incident)
            .ok_or(StoreError::NotFound)
    }

    /// Records an incident on a current tenancy.
    pub async fn add_incident(
        &self,
        actor: Option<Uuid>,
        tenancy: Uuid,
        incident: &NewIncident,
    ) -> Result<Uuid> {
        let mut tx = self.begin_write().await?;
        current_unit(&mut tx, tenancy).await?;
        let incident_id = insert_incident(&mut tx, actor, tenancy, incident, &now()).await?;
        record(
            &mut tx,
            AuditEvent::new(
                actor,
                AuditAction::Create,
                "tenancy_incident",
                Some(tenancy),
            )
            .with_detail(format!("{} {}", incident.kind, date_text(incident.on))),
        )
        .await?;
        tx.commit().await?;
        Ok(incident_id)
    }

    /// Records a mediation meeting on an open incident.
    pub async fn add_incident_meeting(
        &self,
        actor: Option<Uuid>,
        incident: Uuid,
        meeting: &NewMeeting,
    ) -> Result<Uuid> {
        let mut tx = self.begin_write().await?;
        let tenancy = open_incident(&mut tx, incident).await?;
        let meeting_id = insert_meeting(&mut tx, actor, incident, meeting, &now()).await?;
        record(
            &mut tx,
            AuditEvent::new(
                actor,
                AuditAction::Create,
                "incident_meeting",
                Some(tenancy),
            )
            .with_detail(date_text(meeting.on)),
        )
        .await?;
        tx.commit().await?;
        Ok(meeting_id)
    }

    /// Closes an open incident with its outcome.
    pub async fn close_incident(
        &self,
        actor: Option<Uuid>,
        incident: Uuid,
        close: &IncidentClose,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let tenancy = open_incident(&mut tx, incident).await?;
        set_incident_close(&mut tx, incident, close).await?;
        record(
            &mut tx,
            AuditEvent::new(
                actor,
                AuditAction::Update,
                "tenancy_incident",
                Some(tenancy),
            )
            .with_detail(format!("{} {}", close.outcome, date_text(close.on))),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Loads past incidents with their meetings and closes (the demo), in one transaction.
    pub async fn record_incidents(&self, incidents: &[PastIncident]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for past in incidents {
            let at = format!("{}T12:00:00Z", date_text(past.incident.on));
            let incident =
                insert_incident(&mut tx, None, past.tenancy_id, &past.incident, &at).await?;
            for meeting in &past.meetings {
                let at = format!("{}T12:00:00Z", date_text(meeting.on));
                insert_meeting(&mut tx, None, incident, meeting, &at).await?;
            }
            if let Some(close) = &past.close {
                set_incident_close(&mut tx, incident, close).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// A landlord's relationship with the network over the years: offers on its units,
    /// tenancies (followed or not) with their length and end, incidents, and the days each
    /// vacated unit took to be let again.
    pub async fn landlord_relationship(&self, landlord: Uuid) -> Result<LandlordRelationship> {
        let key = landlord.to_string();
        let units = "SELECT u.id FROM unit u JOIN property p ON p.id = u.property_id \
                     WHERE p.landlord_id = $1";
        let offers: Vec<Date> = sqlx::query(&format!(
            "SELECT offered_on FROM offer WHERE unit_id IN ({units})"
        ))
        .bind(&key)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| req_date(r, "offered_on"))
        .collect::<Result<_>>()?;
        let tenancy_rows = sqlx::query(
            "SELECT t.id, u.label, p.address, t.person_id, t.leased_on, t.moved_in_on, \
             t.ended_on, t.end_reason, \
             (SELECT COUNT(*) FROM tenancy_incident i WHERE i.tenancy_id = t.id) AS incidents \
             FROM tenancy t JOIN unit u ON u.id = t.unit_id JOIN property p ON p.id = u.property_id \
             WHERE p.landlord_id = $1 ORDER BY t.leased_on DESC, u.label",
        )
        .bind(&key)
        .fetch_all(&self.read)
        .await?;
        let mut tenancies = Vec::with_capacity(tenancy_rows.len());
        for r in &tenancy_rows {
            tenancies.push(LandlordTenancy {
                id: id(r, "id")?,
                unit_label: text(r, "label")?,
                address: text(r, "address")?,
                followed: opt_id(r, "person_id")?.is_some(),
                leased_on: req_date(r, "leased_on")?,
                moved_in_on: opt_date(r, "moved_in_on")?,
                ended_on: opt_date(r, "ended_on")?,
                end_reason: opt_text(r, "end_reason")?,
                incidents: crate::rows::opt_i64(r, "incidents")?.unwrap_or(0) as usize,
            });
        }
        let incidents: Vec<(Date, bool)> = sqlx::query(
            "SELECT i.on_day, i.outcome FROM tenancy_incident i JOIN tenancy t ON t.id = i.tenancy_id \
             JOIN unit u ON u.id = t.unit_id JOIN property p ON p.id = u.property_id \
             WHERE p.landlord_id = $1",
        )
        .bind(&key)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok((
                req_date(r, "on_day")?,
                opt_text(r, "outcome")?.as_deref() == Some("tenancy_ended"),
            ))
        })
        .collect::<Result<_>>()?;
        // Re-lets from each unit's history, in order: a vacated day, then the next lease.
        let events = sqlx::query(&format!(
            "SELECT unit_id, to_status, effective_on FROM unit_event WHERE unit_id IN ({units}) \
             ORDER BY unit_id, seq"
        ))
        .bind(&key)
        .fetch_all(&self.read)
        .await?;
        let mut relets = Vec::new();
        let mut vacated: Option<(Uuid, Date)> = None;
        for r in &events {
            let unit = id(r, "unit_id")?;
            let on = req_date(r, "effective_on")?;
            match text(r, "to_status")?.as_str() {
                "vacated" => vacated = Some((unit, on)),
                "leased" => {
                    if let Some((u, left)) = vacated.take()
                        && u == unit
                    {
                        relets.push((left, on));
                    }
                }
                _ => {}
            }
        }
        let years = relationship_by_year(
            &offers,
            &tenancies
                .iter()
                .map(|t| RelationshipTenancy {
                    leased_on: t.leased_on,
                    moved_in_on: t.moved_in_on,
                    ended_on: t.ended_on,
                })
                .collect::<Vec<_>>(),
            &incidents,
            &relets,
        );
        let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
        for t in tenancies.iter().filter(|t| t.ended_on.is_some()) {
            let code = t
                .end_reason
                .clone()
                .unwrap_or_else(|| "not_recorded".into());
            *reasons.entry(code).or_default() += 1;
        }
        let mut end_reasons: Vec<(String, usize)> = reasons.into_iter().collect();
        end_reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(LandlordRelationship {
            years,
            tenancies,
            end_reasons,
        })
    }
}

fn meeting_of(r: &AnyRow) -> Result<MediationMeeting> {
    Ok(MediationMeeting {
        id: id(r, "id")?,
        on: req_date(r, "on_day")?,
        attendees: text(r, "attendees")?,
        agreed: opt_text(r, "agreed")?,
        recorded_by: opt_text(r, "display_name")?,
    })
}

/// The tenancy of an incident still open, read in the writing transaction; a closed one is
/// refused as the form's date error.
async fn open_incident(conn: &mut AnyConnection, incident: Uuid) -> Result<Uuid> {
    let row = sqlx::query("SELECT tenancy_id, outcome FROM tenancy_incident WHERE id = $1")
        .bind(incident.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if opt_text(&row, "outcome")?.is_some() {
        return Err(invalid("on", "error-incident-closed"));
    }
    id(&row, "tenancy_id")
}

async fn insert_incident(
    conn: &mut AnyConnection,
    actor: Option<Uuid>,
    tenancy: Uuid,
    incident: &NewIncident,
    at: &str,
) -> Result<Uuid> {
    let incident_id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO tenancy_incident (id, tenancy_id, on_day, kind, raised_by, description, \
         recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(incident_id.to_string())
    .bind(tenancy.to_string())
    .bind(date_text(incident.on))
    .bind(&incident.kind)
    .bind(&incident.raised_by)
    .bind(&incident.description)
    .bind(actor.map(|a| a.to_string()))
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(incident_id)
}

async fn insert_meeting(
    conn: &mut AnyConnection,
    actor: Option<Uuid>,
    incident: Uuid,
    meeting: &NewMeeting,
    at: &str,
) -> Result<Uuid> {
    let meeting_id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO incident_meeting (id, incident_id, on_day, attendees, agreed, recorded_by, \
         recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(meeting_id.to_string())
    .bind(incident.to_string())
    .bind(date_text(meeting.on))
    .bind(&meeting.attendees)
    .bind(&meeting.agreed)
    .bind(actor.map(|a| a.to_string()))
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(meeting_id)
}

async fn set_incident_close(
    conn: &mut AnyConnection,
    incident: Uuid,
    close: &IncidentClose,
) -> Result<()> {
    sqlx::query(
        "UPDATE tenancy_incident SET outcome = $1, closed_on = $2, outcome_note = $3 WHERE id = $4",
    )
    .bind(&close.outcome)
    .bind(date_text(close.on))
    .bind(&close.note)
    .bind(incident.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// Every tenancy of a person housed through the list that has a move-in, as the reports
    /// count it: the household and the day of the referral that led to it (the person's
    /// latest on or before the move-in), the end, and the first referral after the move-in.
    pub async fn housed_records(&self) -> Result<Vec<passerelle_domain::outcomes::HousedRecord>> {
        let rows = sqlx::query(concat!(
            "SELECT t.moved_in_on, t.ended_on, t.end_reason, r.referred_on, r.adults, \
             r.children_ages, r.pregnant, ",
            referred_again!(),
            " FROM tenancy t LEFT JOIN referral r ON r.id = (SELECT b.id FROM referral b \
               WHERE b.person_id = ",
            person_now!(),
            " AND b.referred_on <= t.moved_in_on \
               ORDER BY b.referred_on DESC, b.seq DESC LIMIT 1) \
             WHERE t.person_id IS NOT NULL AND t.moved_in_on IS NOT NULL"
        ))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                // A referral whose consent ended keeps no household: counted as one adult.
                let adults = crate::rows::opt_i64(r, "adults")?
                    .unwrap_or(1)
                    .clamp(0, 255) as u8;
                let children = crate::referrals::split(opt_text(r, "children_ages")?).len();
                let pregnant = crate::rows::get_flag(r, "pregnant")?;
                Ok(passerelle_domain::outcomes::HousedRecord {
                    household: passerelle_domain::equity::household_type(
                        adults, children, pregnant,
                    ),
                    referred_on: opt_date(r, "referred_on")?,
                    moved_in: req_date(r, "moved_in_on")?,
                    ended: opt_date(r, "ended_on")?,
                    end_reason: opt_text(r, "end_reason")?,
                    referred_again_on: opt_date(r, "referred_again_on")?,
                })
            })
            .collect()
    }
}

impl Store {
    /// How many persons waiting (active or matched) need each need, by its code, from their
    /// latest referral: the demand that gap analysis sets against the services.
    pub async fn waiting_needs(&self) -> Result<std::collections::HashMap<String, usize>> {
        let rows = sqlx::query(
            "SELECT r.needs FROM person p JOIN referral r ON r.person_id = p.id \
             WHERE p.merged_into IS NULL AND p.status IN ('active', 'matched') \
             AND r.seq = (SELECT MAX(q.seq) FROM referral q WHERE q.person_id = p.id)",
        )
        .fetch_all(&self.read)
        .await?;
        let mut counts = std::collections::HashMap::new();
        for r in &rows {
            for need in crate::referrals::split(opt_text(r, "needs")?) {
                *counts.entry(need).or_insert(0) += 1;
            }
        }
        Ok(counts)
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

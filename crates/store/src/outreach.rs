//! Outreach (A3) and meetings (A4): contacts logged with each agency, the convener's marks,
//! meetings with their purpose, the answers each agency gave, decisions and follow-ups.
//! An agency's pipeline stage is derived here from those facts, in one place.

use crate::audit::record;
use crate::rows::{get_flag, id, opt_date, opt_text, req_date, text};
use crate::{Result, Store, StoreError};
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::date_text;
use passerelle_domain::outreach::*;
use serde::Serialize;
use sqlx::any::AnyRow;
use std::collections::HashMap;
use time::Date;
use uuid::Uuid;

/// One agency's place in the outreach pipeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgencyOutreach {
    pub org_id: Uuid,
    pub name: String,
    pub stage: Stage,
    pub reluctant: bool,
    pub partner_since: Option<Date>,
    pub last_contact: Option<Date>,
    pub last_met: Option<Date>,
    /// The earliest meeting planned with it and not yet held.
    pub next_meeting: Option<Date>,
}

impl AgencyOutreach {
    /// The last time the hub heard from it: a contact or a meeting held.
    pub fn last_touch(&self) -> Option<Date> {
        self.last_contact.max(self.last_met)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactLog {
    pub id: Uuid,
    pub contacted_on: Date,
    pub channel: &'static str,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingSummary {
    pub id: Uuid,
    pub purpose: String,
    pub scheduled_on: Date,
    pub held_on: Option<Date>,
    pub next_meeting_on: Option<Date>,
    /// The agencies invited, by name.
    pub agencies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub meeting_purpose: String,
    pub description: String,
    pub owner: String,
    pub due_on: Date,
    pub done_on: Option<Date>,
}

/// An agency at a meeting, with what it said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingAgency {
    pub org_id: Uuid,
    pub name: String,
    pub reluctant: bool,
    pub answers: Answers,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingRecord {
    pub id: Uuid,
    pub purpose: String,
    pub preparation: Option<String>,
    pub expected_outcomes: Option<String>,
    pub scheduled_on: Date,
    pub held_on: Option<Date>,
    pub decisions: Option<String>,
    pub next_meeting_on: Option<Date>,
    pub agencies: Vec<MeetingAgency>,
    pub follow_ups: Vec<FollowUp>,
}

/// The convener's page: what needs doing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutreachOverview {
    /// Every agency, by stage then name.
    pub agencies: Vec<AgencyOutreach>,
    pub never_contacted: Vec<AgencyOutreach>,
    /// Contacted or met before, but not touched for `stale_months`.
    pub stale: Vec<AgencyOutreach>,
    /// Held meetings where no next meeting was agreed.
    pub held_without_next: Vec<MeetingSummary>,
    /// Meetings planned and not yet held.
    pub planned: Vec<MeetingSummary>,
    pub overdue: Vec<FollowUp>,
}

/// An agency's outreach page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgencyOutreachRecord {
    pub summary: AgencyOutreach,
    pub contacts: Vec<ContactLog>,
    pub meetings: Vec<MeetingSummary>,
    /// Agencies it met alongside, with how many meetings held together, most first.
    pub met_alongside: Vec<(String, usize)>,
}

fn follow_up(row: &AnyRow) -> Result<FollowUp> {
    Ok(FollowUp {
        id: id(row, "id")?,
        meeting_id: id(row, "meeting_id")?,
        meeting_purpose: text(row, "purpose")?,
        description: text(row, "description")?,
        owner: text(row, "owner")?,
        due_on: req_date(row, "due_on")?,
        done_on: opt_date(row, "done_on")?,
    })
}

const FOLLOW_UP_COLUMNS: &str = "f.id, f.meeting_id, m.purpose, f.description, f.owner, f.due_on, f.done_on \
     FROM follow_up f JOIN meeting m ON m.id = f.meeting_id";

/// `today` less `months` calendar months (the day clamped to the month's length).
fn months_before(today: Date, months: u32) -> Date {
    let total = today.year() * 12 + today.month() as i32 - 1 - months as i32;
    let (year, month) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
    let month = time::Month::try_from(month).unwrap_or(time::Month::January);
    let day = today.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(today)
}

/// Adds agencies to a meeting's list.
async fn invite(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    meeting: Uuid,
    orgs: &[Uuid],
) -> Result<()> {
    for org in orgs {
        sqlx::query("INSERT INTO meeting_agency (meeting_id, org_id) VALUES ($1, $2)")
            .bind(meeting.to_string())
            .bind(org.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Every agency's stage and dates, derived from contacts, meetings and marks.
    pub async fn outreach_agencies(&self) -> Result<Vec<AgencyOutreach>> {
        self.outreach_of(None).await
    }

    /// Every agency's outreach, or only `org`'s: the same derivation either way, reading
    /// only the rows it needs.
    async fn outreach_of(&self, org: Option<Uuid>) -> Result<Vec<AgencyOutreach>> {
        // `$1` is empty for every agency, else the one agency's id.
        let only = org.map(|o| o.to_string()).unwrap_or_default();
        let rows = |sql: &'static str| {
            let only = only.clone();
            async move { sqlx::query(sql).bind(only).fetch_all(&self.read).await }
        };
        let orgs =
            rows("SELECT id, name FROM organization WHERE $1 = '' OR id = $1 ORDER BY name, id")
                .await?;
        let marks = rows(
            "SELECT org_id, reluctant, partner_since FROM outreach_mark WHERE $1 = '' OR org_id = $1",
        )
        .await?;
        let contacts = rows(
            "SELECT org_id, MAX(contacted_on) AS last FROM outreach_contact \
             WHERE $1 = '' OR org_id = $1 GROUP BY org_id",
        )
        .await?;
        let meetings = rows(
            "SELECT ma.org_id, m.scheduled_on, m.held_on FROM meeting_agency ma \
             JOIN meeting m ON m.id = ma.meeting_id WHERE $1 = '' OR ma.org_id = $1",
        )
        .await?;
        let mut mark: HashMap<Uuid, (bool, Option<Date>)> = HashMap::new();
        for r in &marks {
            mark.insert(
                id(r, "org_id")?,
                (get_flag(r, "reluctant")?, opt_date(r, "partner_since")?),
            );
        }
        let mut last_contact: HashMap<Uuid, Date> = HashMap::new();
        for r in &contacts {
            if let Some(d) = opt_date(r, "last")? {
                last_contact.insert(id(r, "org_id")?, d);
            }
        }
        let mut last_met: HashMap<Uuid, Date> = HashMap::new();
        let mut next_meeting: HashMap<Uuid, Date> = HashMap::new();
        for r in &meetings {
            let org = id(r, "org_id")?;
            match opt_date(r, "held_on")? {
                Some(held) => {
                    let e = last_met.entry(org).or_insert(held);
                    *e = (*e).max(held);
                }
                None => {
                    let planned = req_date(r, "scheduled_on")?;
                    let e = next_meeting.entry(org).or_insert(planned);
                    *e = (*e).min(planned);
                }
            }
        }
        let mut agencies = orgs
            .iter()
            .map(|r| {
                let org = id(r, "id")?;
                let (reluctant, partner_since) = mark.get(&org).copied().unwrap_or_default();
                let (contact, met, next) = (
                    last_contact.get(&org).copied(),
                    last_met.get(&org).copied(),
                    next_meeting.get(&org).copied(),
                );
                Ok(AgencyOutreach {
                    org_id: org,
                    name: text(r, "name")?,
                    stage: Stage::of(
                        partner_since.is_some(),
                        met.is_some(),
                        next.is_some(),
                        contact.is_some(),
                    ),
                    reluctant,
                    partner_since,
                    last_contact: contact,
                    last_met: met,
                    next_meeting: next,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        agencies.sort_by(|a, b| a.stage.cmp(&b.stage).then_with(|| a.name.cmp(&b.name)));
        Ok(agencies)
    }

    /// What the convener has to do on `today`; contacts older than `stale_months` are stale.
    /// Kept while no agency, mark, contact, meeting or follow-up changes: it reads every
    /// agency's outreach and every meeting.
    pub async fn outreach_overview(
        &self,
        today: Date,
        stale_months: u32,
    ) -> Result<OutreachOverview> {
        let key = format!("{today}|{stale_months}");
        let overview = self
            .kept_or_made("outreach-overview", &["network"], key, || {
                self.read_outreach_overview(today, stale_months)
            })
            .await?;
        Ok((*overview).clone())
    }

    async fn read_outreach_overview(
        &self,
        today: Date,
        stale_months: u32,
    ) -> Result<OutreachOverview> {
        let agencies = self.outreach_agencies().await?;
        let stale_before = months_before(today, stale_months);
        let never_contacted = agencies
            .iter()
            .filter(|a| a.stage == Stage::Identified)
            .cloned()
            .collect();
        let mut stale: Vec<AgencyOutreach> = agencies
            .iter()
            .filter(|a| a.next_meeting.is_none())
            .filter(|a| a.last_touch().is_some_and(|t| t < stale_before))
            .cloned()
            .collect();
        stale.sort_by_key(|a| a.last_touch());
        let meetings = self.meeting_summaries(None).await?;
        let held_without_next = meetings
            .iter()
            .filter(|m| m.held_on.is_some() && m.next_meeting_on.is_none())
            .cloned()
            .collect();
        let mut planned: Vec<MeetingSummary> = meetings
            .into_iter()
            .filter(|m| m.held_on.is_none())
            .collect();
        planned.sort_by_key(|m| m.scheduled_on);
        let overdue = sqlx::query(&format!(
            "SELECT {FOLLOW_UP_COLUMNS} WHERE f.done_on IS NULL AND f.due_on < $1 ORDER BY f.due_on, f.id"
        ))
        .bind(date_text(today))
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(follow_up)
        .collect::<Result<_>>()?;
        Ok(OutreachOverview {
            agencies,
            never_contacted,
            stale,
            held_without_next,
            planned,
            overdue,
        })
    }

    /// Meetings, latest first, with the names of the agencies invited; only those `org`
    /// was invited to when given. Every meeting is read once while the network holds: the
    /// meetings page asked for all of them on every request.
    pub async fn meeting_summaries(&self, org: Option<Uuid>) -> Result<Vec<MeetingSummary>> {
        let meetings = self
            .kept_or_made("meetings", &["network"], String::new(), || {
                self.read_meeting_summaries()
            })
            .await?;
        Ok(meetings
            .iter()
            .filter(|(_, invited)| org.is_none_or(|org| invited.contains(&org)))
            .map(|(m, _)| m.clone())
            .collect())
    }

    /// Every meeting, latest first, with the ids of the agencies invited.
    async fn read_meeting_summaries(&self) -> Result<Vec<(MeetingSummary, Vec<Uuid>)>> {
        let rows = sqlx::query(
            "SELECT m.id, m.purpose, m.scheduled_on, m.held_on, m.next_meeting_on, o.name, ma.org_id \
             FROM meeting m JOIN meeting_agency ma ON ma.meeting_id = m.id JOIN organization o ON o.id = ma.org_id \
             ORDER BY m.scheduled_on DESC, m.id, o.name",
        )
        .fetch_all(&self.read)
        .await?;
        let mut out: Vec<(MeetingSummary, Vec<Uuid>)> = Vec::new();
        for r in &rows {
            let meeting = id(r, "id")?;
            let invited = id(r, "org_id")?;
            match out.last_mut() {
                Some((m, agencies)) if m.id == meeting => {
                    m.agencies.push(text(r, "name")?);
                    agencies.push(invited);
                }
                _ => out.push((
                    MeetingSummary {
                        id: meeting,
                        purpose: text(r, "purpose")?,
                        scheduled_on: req_date(r, "scheduled_on")?,
                        held_on: opt_date(r, "held_on")?,
                        next_meeting_on: opt_date(r, "next_meeting_on")?,
                        agencies: vec![text(r, "name")?],
                    },
                    vec![invited],
                )),
            }
        }
        Ok(out)
    }

    /// One agency's outreach: stage, contacts, meetings and who it met alongside.
    pub async fn agency_outreach(&self, org: Uuid) -> Result<AgencyOutreachRecord> {
        let summary = self
            .outreach_of(Some(org))
            .await?
            .pop()
            .ok_or(StoreError::NotFound)?;
        let contacts = sqlx::query(
            "SELECT id, contacted_on, channel, note FROM outreach_contact WHERE org_id = $1 ORDER BY contacted_on DESC, id",
        )
        .bind(org.to_string())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            let channel = text(r, "channel")?;
            Ok(ContactLog {
                id: id(r, "id")?,
                contacted_on: req_date(r, "contacted_on")?,
                channel: CHANNELS
                    .iter()
                    .copied()
                    .find(|c| *c == channel)
                    .ok_or_else(|| StoreError::Corrupt(format!("channel {channel:?}")))?,
                note: opt_text(r, "note")?,
            })
        })
        .collect::<Result<_>>()?;
        let alongside = sqlx::query(
            "SELECT o.name FROM meeting_agency mine \
             JOIN meeting m ON m.id = mine.meeting_id AND m.held_on IS NOT NULL \
             JOIN meeting_agency other ON other.meeting_id = mine.meeting_id AND other.org_id <> mine.org_id \
             JOIN organization o ON o.id = other.org_id WHERE mine.org_id = $1",
        )
        .bind(org.to_string())
        .fetch_all(&self.read)
        .await?;
        let mut counts: HashMap<String, usize> = HashMap::new();
        for r in &alongside {
            *counts.entry(text(r, "name")?).or_default() += 1;
        }
        let mut met_alongside: Vec<(String, usize)> = counts.into_iter().collect();
        met_alongside.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(AgencyOutreachRecord {
            summary,
            contacts,
            meetings: self.meeting_summaries(Some(org)).await?,
            met_alongside,
        })
    }

    /// Every agency invited must be in the directory.
    async fn require_agencies(&self, orgs: &[Uuid]) -> Result<()> {
        for org in orgs {
            self.require_organization(*org).await.map_err(|_| {
                let mut e = passerelle_domain::FieldErrors::default();
                e.push("agencies", "error-unknown-reference");
                StoreError::Invalid(e)
            })?;
        }
        Ok(())
    }

    /// `NotFound` unless `org` is in the directory.
    pub(crate) async fn require_organization(&self, org: Uuid) -> Result<()> {
        sqlx::query("SELECT id FROM organization WHERE id = $1")
            .bind(org.to_string())
            .fetch_optional(&self.read)
            .await?
            .map(|_| ())
            .ok_or(StoreError::NotFound)
    }

    pub async fn log_contact(
        &self,
        actor: Option<Uuid>,
        org: Uuid,
        fields: ContactFields,
    ) -> Result<Uuid> {
        self.require_organization(org).await?;
        let contact = Uuid::new_v4();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO outreach_contact (id, org_id, contacted_on, channel, note, logged_by) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(contact.to_string())
        .bind(org.to_string())
        .bind(date_text(fields.contacted_on))
        .bind(fields.channel)
        .bind(fields.note)
        .bind(actor.map(|a| a.to_string()))
        .execute(&mut *tx)
        .await?;
        record(
            &mut tx,
            AuditEvent::new(
                actor,
                AuditAction::Create,
                "outreach_contact",
                Some(contact),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(contact)
    }

    /// The convener's marks on an agency: reluctant (kept on every invitation list) and
    /// ongoing partner since a day.
    pub async fn set_outreach_marks(
        &self,
        actor: Option<Uuid>,
        org: Uuid,
        reluctant: bool,
        partner_since: Option<Date>,
    ) -> Result<()> {
        self.require_organization(org).await?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO outreach_mark (org_id, reluctant, partner_since) VALUES ($1, $2, $3) \
             ON CONFLICT (org_id) DO UPDATE SET reluctant = excluded.reluctant, partner_since = excluded.partner_since",
        )
        .bind(org.to_string())
        .bind(i64::from(reluctant))
        .bind(partner_since.map(date_text))
        .execute(&mut *tx)
        .await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "outreach_mark", Some(org)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn create_meeting(&self, actor: Option<Uuid>, fields: MeetingFields) -> Result<Uuid> {
        self.require_agencies(&fields.agencies).await?;
        let meeting = Uuid::new_v4();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO meeting (id, purpose, preparation, expected_outcomes, scheduled_on, created_by) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(meeting.to_string())
        .bind(&fields.purpose)
        .bind(&fields.preparation)
        .bind(&fields.expected_outcomes)
        .bind(date_text(fields.scheduled_on))
        .bind(actor.map(|a| a.to_string()))
        .execute(&mut *tx)
        .await?;
        invite(&mut tx, meeting, &fields.agencies).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Create, "meeting", Some(meeting)),
        )
        .await?;
        tx.commit().await?;
        Ok(meeting)
    }

    /// Changes a meeting's purpose, notes, date and agencies. Agencies still invited keep
    /// the answers they gave; an agency taken off the list takes its answers with it.
    pub async fn update_meeting(
        &self,
        actor: Option<Uuid>,
        meeting: Uuid,
        fields: MeetingFields,
    ) -> Result<()> {
        self.require_agencies(&fields.agencies).await?;
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE meeting SET purpose = $1, preparation = $2, expected_outcomes = $3, scheduled_on = $4 WHERE id = $5",
        )
        .bind(&fields.purpose)
        .bind(&fields.preparation)
        .bind(&fields.expected_outcomes)
        .bind(date_text(fields.scheduled_on))
        .bind(meeting.to_string())
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let present = sqlx::query("SELECT org_id FROM meeting_agency WHERE meeting_id = $1")
            .bind(meeting.to_string())
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| id(r, "org_id"))
            .collect::<Result<Vec<Uuid>>>()?;
        for org in present.iter().filter(|o| !fields.agencies.contains(o)) {
            sqlx::query("DELETE FROM meeting_agency WHERE meeting_id = $1 AND org_id = $2")
                .bind(meeting.to_string())
                .bind(org.to_string())
                .execute(&mut *tx)
                .await?;
        }
        let joining: Vec<Uuid> = fields
            .agencies
            .iter()
            .copied()
            .filter(|o| !present.contains(o))
            .collect();
        invite(&mut tx, meeting, &joining).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "meeting", Some(meeting)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn meeting(&self, meeting: Uuid) -> Result<MeetingRecord> {
        let m = sqlx::query(
            "SELECT id, purpose, preparation, expected_outcomes, scheduled_on, held_on, decisions, next_meeting_on FROM meeting WHERE id = $1",
        )
        .bind(meeting.to_string())
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        let agencies = sqlx::query(
            "SELECT ma.org_id, o.name, COALESCE(mk.reluctant, 0) AS reluctant, ma.role, ma.strengths, ma.place_in_network, \
             ma.hub_does_well, ma.hub_does_less_well, ma.hub_should_start, ma.hub_should_stop \
             FROM meeting_agency ma JOIN organization o ON o.id = ma.org_id \
             LEFT JOIN outreach_mark mk ON mk.org_id = ma.org_id WHERE ma.meeting_id = $1 ORDER BY o.name",
        )
        .bind(meeting.to_string())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            let mut answers = Answers::default();
            for (slot, column) in answers.0.iter_mut().zip(ANSWERS) {
                *slot = opt_text(r, column)?;
            }
            Ok(MeetingAgency {
                org_id: id(r, "org_id")?,
                name: text(r, "name")?,
                reluctant: get_flag(r, "reluctant")?,
                answers,
            })
        })
        .collect::<Result<_>>()?;
        let follow_ups = sqlx::query(&format!(
            "SELECT {FOLLOW_UP_COLUMNS} WHERE f.meeting_id = $1 ORDER BY f.due_on, f.id"
        ))
        .bind(meeting.to_string())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(follow_up)
        .collect::<Result<_>>()?;
        Ok(MeetingRecord {
            id: meeting,
            purpose: text(&m, "purpose")?,
            preparation: opt_text(&m, "preparation")?,
            expected_outcomes: opt_text(&m, "expected_outcomes")?,
            scheduled_on: req_date(&m, "scheduled_on")?,
            held_on: opt_date(&m, "held_on")?,
            decisions: opt_text(&m, "decisions")?,
            next_meeting_on: opt_date(&m, "next_meeting_on")?,
            agencies,
            follow_ups,
        })
    }

    /// What one agency present said; an agency not invited to the meeting is refused.
    pub async fn record_answers(
        &self,
        actor: Option<Uuid>,
        meeting: Uuid,
        org: Uuid,
        answers: &Answers,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let mut q = sqlx::query(
            "UPDATE meeting_agency SET role = $1, strengths = $2, place_in_network = $3, hub_does_well = $4, \
             hub_does_less_well = $5, hub_should_start = $6, hub_should_stop = $7 WHERE meeting_id = $8 AND org_id = $9",
        );
        for answer in &answers.0 {
            q = q.bind(answer.clone());
        }
        let updated = q
            .bind(meeting.to_string())
            .bind(org.to_string())
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "meeting", Some(meeting)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The meeting was held: when, what was decided, and the next meeting agreed.
    pub async fn record_outcome(
        &self,
        actor: Option<Uuid>,
        meeting: Uuid,
        outcome: OutcomeFields,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE meeting SET held_on = $1, decisions = $2, next_meeting_on = $3 WHERE id = $4",
        )
        .bind(date_text(outcome.held_on))
        .bind(outcome.decisions)
        .bind(outcome.next_meeting_on.map(date_text))
        .bind(meeting.to_string())
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "meeting", Some(meeting)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Follow-ups not yet done from meetings before `meeting` (scheduled earlier) that had
    /// any of its agencies: what its agenda should bring back.
    pub async fn open_follow_ups_before(&self, meeting: Uuid) -> Result<Vec<FollowUp>> {
        sqlx::query(&format!(
            "SELECT DISTINCT {FOLLOW_UP_COLUMNS} \
             JOIN meeting_agency earlier ON earlier.meeting_id = m.id \
             JOIN meeting_agency invited ON invited.org_id = earlier.org_id AND invited.meeting_id = $1 \
             JOIN meeting upcoming ON upcoming.id = $1 \
             WHERE f.done_on IS NULL AND m.id <> $1 AND m.scheduled_on <= upcoming.scheduled_on \
             ORDER BY f.due_on, f.id"
        ))
        .bind(meeting.to_string())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(follow_up)
        .collect()
    }

    pub async fn add_follow_up(
        &self,
        actor: Option<Uuid>,
        meeting: Uuid,
        fields: FollowUpFields,
    ) -> Result<Uuid> {
        self.meeting(meeting).await?;
        let follow_up = Uuid::new_v4();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO follow_up (id, meeting_id, description, owner, due_on) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(follow_up.to_string())
        .bind(meeting.to_string())
        .bind(&fields.description)
        .bind(&fields.owner)
        .bind(date_text(fields.due_on))
        .execute(&mut *tx)
        .await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Create, "follow_up", Some(follow_up)),
        )
        .await?;
        tx.commit().await?;
        Ok(follow_up)
    }

    /// Marks a follow-up done on `on`; its meeting, for the caller to return to.
    pub async fn complete_follow_up(
        &self,
        actor: Option<Uuid>,
        follow_up: Uuid,
        on: Date,
    ) -> Result<Uuid> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT meeting_id FROM follow_up WHERE id = $1")
            .bind(follow_up.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        sqlx::query("UPDATE follow_up SET done_on = $1 WHERE id = $2")
            .bind(date_text(on))
            .bind(follow_up.to_string())
            .execute(&mut *tx)
            .await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "follow_up", Some(follow_up)),
        )
        .await?;
        tx.commit().await?;
        id(&row, "meeting_id")
    }
}

#[cfg(test)]
mod tests {
    use super::months_before;
    use time::macros::date;

    #[test]
    fn months_before_clamps_to_the_month_and_crosses_years() {
        assert_eq!(
            months_before(date!(2026 - 11 - 27), 6),
            date!(2026 - 05 - 27)
        );
        assert_eq!(
            months_before(date!(2026 - 03 - 31), 1),
            date!(2026 - 02 - 28)
        );
        assert_eq!(
            months_before(date!(2026 - 01 - 15), 13),
            date!(2024 - 12 - 15)
        );
    }
}

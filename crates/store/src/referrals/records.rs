//! Referrals: saving one with the person it joins or creates, reading them back within an
//! agency's scope, and the consent's reminder, expiry and withdrawal.

use super::{join, split};
use crate::audit::record;
use crate::rows::{SqlBuilder, get_flag, id, opt_i64, opt_id, opt_text, req_date};
use crate::{Result, Store, StoreError, now};
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::{Cents, date_text};
use passerelle_domain::referrals::*;
use passerelle_domain::values::{Email, PostalCode};
use passerelle_domain::{FieldError, FieldErrors};
use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};
use time::{Date, Duration};
use uuid::Uuid;

/// Where a new referral goes, as identity resolution decided (by default, a new person).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Placement {
    /// Nobody known is this person.
    #[default]
    NewPerson,
    /// Linked automatically to the person of `candidate_referral`.
    Join(PossibleSame),
}

/// An existing referral the new one may be the same person as, with the engine's reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct PossibleSame {
    pub candidate_referral: Uuid,
    pub probability: f64,
    /// The engine's explanation, as JSON.
    pub explanation: String,
}

/// A referral to save.
#[derive(Debug, Clone)]
pub struct NewReferral {
    /// The referring agency; `None` for a walk-in recorded by the hub.
    pub agency: Option<Uuid>,
    pub referred_on: Date,
    pub referral: ParsedReferral,
    pub placement: Placement,
    /// Possible same persons for the hub to review.
    pub reviews: Vec<PossibleSame>,
}

/// What saving a referral did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreatedReferral {
    pub id: Uuid,
    /// The person it created or joined; `None` for an anonymous count.
    pub person_id: Option<Uuid>,
    /// Whether it joined a person already known.
    pub joined: bool,
    /// The review items created.
    pub reviews: Vec<Uuid>,
}

/// A referral as read back. `fields` is `None` for an anonymous count and once consent has
/// ended (the identifying columns are erased then).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralRecord {
    pub id: Uuid,
    pub person_id: Option<Uuid>,
    pub agency_id: Option<Uuid>,
    pub agency_name: Option<String>,
    pub referred_by: Option<Uuid>,
    pub referred_on: Date,
    pub anonymous: bool,
    pub redacted_at: Option<String>,
    pub fields: Option<ReferralFields>,
    /// The person's status on the list (shared by every agency that referred them).
    pub status: Option<ListStatus>,
    pub inactive_reason: Option<InactiveReason>,
}

/// A referral as a line of a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralSummary {
    pub id: Uuid,
    pub person_id: Option<Uuid>,
    pub agency_name: Option<String>,
    pub referred_on: Date,
    /// Blank once consent has ended or for an anonymous count.
    pub name: String,
    pub anonymous: bool,
    pub redacted: bool,
    pub status: Option<ListStatus>,
    pub consent_expires_on: Option<Date>,
}

/// How the referrals list is ordered; each then by the order the referrals were saved, so
/// that equal values keep one order across pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReferralSort {
    #[default]
    ReferredOn,
    Agency,
    Status,
}

/// What the referrals list shows: one agency's (`Some`) or all, only those whose person has
/// a status, in an order, a page (from 0) of `per_page`.
#[derive(Debug, Clone, Default)]
pub struct ReferralQuery {
    pub agency: Option<Uuid>,
    pub status: Option<ListStatus>,
    pub sort: ReferralSort,
    pub descending: bool,
    pub page: u32,
    pub per_page: u32,
}

/// A referral as a list shows it, with the agency's name and the person's status.
const SUMMARY_SELECT: &str = "SELECT r.id, r.person_id, o.name AS agency_name, r.referred_on, \
     r.given_name, r.family_name, r.anonymous, r.redacted_at, r.consent_expires_on, p.status \
     FROM referral r LEFT JOIN organization o ON o.id = r.agency_id LEFT JOIN person p ON p.id = r.person_id";

/// The conditions for one agency's referrals (or all) whose person has `status` (or any),
/// written only for what is asked: a condition that is always true (`$1 = '' OR …`) would
/// keep SQLite from using the agency's index, and a count of all referrals needs no join.
fn summary_where(agency: Option<Uuid>, status: Option<ListStatus>) -> SqlBuilder {
    let mut sql = SqlBuilder::default();
    sql.push(" WHERE 1 = 1");
    if let Some(agency) = agency {
        sql.push(" AND r.agency_id = ")
            .bind_text(agency.to_string());
    }
    if let Some(status) = status {
        sql.push(" AND p.status = ").bind_text(status.code());
    }
    sql
}

fn referral_summary(r: &sqlx::any::AnyRow) -> Result<ReferralSummary> {
    Ok(ReferralSummary {
        id: id(r, "id")?,
        person_id: opt_id(r, "person_id")?,
        agency_name: opt_text(r, "agency_name")?,
        referred_on: req_date(r, "referred_on")?,
        name: super::name_of(r, "given_name", "family_name")?,
        anonymous: get_flag(r, "anonymous")?,
        redacted: opt_text(r, "redacted_at")?.is_some(),
        status: opt_text(r, "status")?.and_then(|s| ListStatus::parse(&s)),
        consent_expires_on: opt_day(r, "consent_expires_on")?,
    })
}

/// The identifying fields of a referral, for identity resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityRow {
    pub referral_id: Uuid,
    pub person_id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub other_names: String,
    pub birth_date: String,
    pub sex_gender: String,
    pub phone: String,
    pub email: String,
    pub last_address: String,
    pub postal_code: String,
    pub identifier: String,
}

const REFERRAL_COLUMNS: &str = "r.id, r.person_id, r.agency_id, o.name AS agency_name, r.referred_by, r.referred_on, \
     r.anonymous, r.redacted_at, r.given_name, r.family_name, r.other_names, r.birth_date, r.sex_gender, r.self_identified, \
     r.phone, r.email, r.last_address, r.postal_code, r.identifier, r.adults, r.children_ages, r.pregnant, \
     r.needs, r.accessibility, r.pets, r.smoking, r.monthly_income_cents, r.income_sources, \
     r.subsidy_eligible, r.max_rent_cents, r.preferred_areas, r.excluded_areas, r.supporting_agency_id, \
     r.supporting_worker, r.days_homeless, r.assessment_score, r.notes, r.consent_supports, \
     r.consent_landlords, r.consent_method, r.consent_witness, r.consent_given_on, r.consent_expires_on, \
     r.consent_withdrawn_on, p.status, p.inactive_reason";

const REFERRAL_FROM: &str = "FROM referral r LEFT JOIN organization o ON o.id = r.agency_id \
     LEFT JOIN person p ON p.id = r.person_id";

/// The SQL that erases a referral's identifying columns once consent has ended.
const REDACT: &str = "UPDATE referral SET redacted_at = $1, given_name = NULL, family_name = NULL, \
     other_names = NULL, birth_date = NULL, sex_gender = NULL, self_identified = NULL, phone = NULL, email = NULL, \
     last_address = NULL, postal_code = NULL, identifier = NULL, notes = NULL, supporting_worker = NULL, \
     consent_witness = NULL";

fn small(row: &AnyRow, column: &str) -> Result<Option<u16>> {
    Ok(opt_i64(row, column)?.map(|v| v.clamp(0, u16::MAX as i64) as u16))
}

fn corrupt(what: &str) -> impl Fn(FieldError) -> StoreError + '_ {
    move |e| StoreError::Corrupt(format!("{what}: {}", e.code))
}

fn uuids(stored: Option<String>) -> Result<Vec<Uuid>> {
    split(stored)
        .iter()
        .map(|s| Uuid::parse_str(s).map_err(|_| StoreError::Corrupt(format!("area {s:?}"))))
        .collect()
}

fn opt_day(row: &AnyRow, column: &str) -> Result<Option<Date>> {
    crate::rows::opt_date(row, column)
}

pub(super) fn referral_record(row: &AnyRow) -> Result<ReferralRecord> {
    let anonymous = get_flag(row, "anonymous")?;
    let redacted_at = opt_text(row, "redacted_at")?;
    let status = opt_text(row, "status")?
        .map(|s| ListStatus::parse(&s).ok_or_else(|| StoreError::Corrupt(format!("status {s:?}"))))
        .transpose()?;
    let inactive_reason = opt_text(row, "inactive_reason")?.and_then(|r| InactiveReason::parse(&r));
    let fields = if anonymous || redacted_at.is_some() {
        None
    } else {
        Some(referral_fields(row)?)
    };
    Ok(ReferralRecord {
        id: id(row, "id")?,
        person_id: opt_id(row, "person_id")?,
        agency_id: opt_id(row, "agency_id")?,
        agency_name: opt_text(row, "agency_name")?,
        referred_by: opt_id(row, "referred_by")?,
        referred_on: req_date(row, "referred_on")?,
        anonymous,
        redacted_at,
        fields,
        status,
        inactive_reason,
    })
}

fn referral_fields(row: &AnyRow) -> Result<ReferralFields> {
    let text_of = |c: &str| opt_text(row, c);
    let children_ages = split(text_of("children_ages")?)
        .iter()
        .map(|a| {
            a.parse::<u8>()
                .map_err(|_| StoreError::Corrupt(format!("age {a:?}")))
        })
        .collect::<Result<Vec<u8>>>()?;
    let method = text_of("consent_method")?.unwrap_or_default();
    Ok(ReferralFields {
        given_name: text_of("given_name")?.unwrap_or_default(),
        family_name: text_of("family_name")?,
        other_names: text_of("other_names")?,
        birth_date: BirthDateValue::from_stored(&text_of("birth_date")?.unwrap_or_default()),
        sex_gender: text_of("sex_gender")?,
        phone: text_of("phone")?,
        email: text_of("email")?
            .map(|e| Email::parse("email", &e).map_err(corrupt("email")))
            .transpose()?,
        last_address: text_of("last_address")?,
        postal_code: text_of("postal_code")?
            .map(|p| PostalCode::parse("postal_code", &p).map_err(corrupt("postal code")))
            .transpose()?,
        identifier: text_of("identifier")?,
        household: Household {
            adults: small(row, "adults")?.unwrap_or(1) as u8,
            children_ages,
            pregnant: get_flag(row, "pregnant")?,
        },
        self_identified: split(text_of("self_identified")?),
        needs: split(text_of("needs")?),
        accessibility: split(text_of("accessibility")?),
        pets: get_flag(row, "pets")?,
        smoking: get_flag(row, "smoking")?,
        monthly_income: opt_i64(row, "monthly_income_cents")?.map(Cents),
        income_sources: split(text_of("income_sources")?),
        subsidy_eligible: get_flag(row, "subsidy_eligible")?,
        max_rent: opt_i64(row, "max_rent_cents")?.map(Cents),
        preferred_areas: uuids(text_of("preferred_areas")?)?,
        excluded_areas: uuids(text_of("excluded_areas")?)?,
        supporting_agency: opt_id(row, "supporting_agency_id")?,
        supporting_worker: text_of("supporting_worker")?,
        days_homeless: small(row, "days_homeless")?,
        assessment_score: small(row, "assessment_score")?,
        notes: text_of("notes")?,
        consent: Consent {
            share_with_hub: true,
            share_with_supports: get_flag(row, "consent_supports")?,
            share_with_landlords: get_flag(row, "consent_landlords")?,
            method: ConsentMethod::parse(&method)
                .ok_or_else(|| StoreError::Corrupt(format!("consent method {method:?}")))?,
            witness: text_of("consent_witness")?,
            given_on: req_date(row, "consent_given_on")?,
            expires_on: req_date(row, "consent_expires_on")?,
            withdrawn_on: opt_day(row, "consent_withdrawn_on")?,
        },
    })
}

/// Refuses areas and agencies that do not exist, naming the field.
async fn check_references(conn: &mut AnyConnection, f: &ReferralFields) -> Result<()> {
    let mut errors = FieldErrors::default();
    for (field, areas) in [
        ("preferred_areas", &f.preferred_areas),
        ("excluded_areas", &f.excluded_areas),
    ] {
        for area in areas {
            let found = sqlx::query("SELECT 1 FROM area WHERE id = $1")
                .bind(area.to_string())
                .fetch_optional(&mut *conn)
                .await?;
            if found.is_none() {
                errors.push(field, "error-choose");
                break;
            }
        }
    }
    if let Some(agency) = f.supporting_agency {
        let found = sqlx::query("SELECT 1 FROM organization WHERE id = $1")
            .bind(agency.to_string())
            .fetch_optional(&mut *conn)
            .await?;
        if found.is_none() {
            errors.push("supporting_agency", "error-choose");
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

/// Creates a person on the list, active from `on`, with its first status event.
pub(super) async fn create_person(
    conn: &mut AnyConnection,
    actor: Option<Uuid>,
    on: Date,
) -> Result<Uuid> {
    let person = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO person (id, status, status_since, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(person.to_string())
    .bind(ListStatus::Active.code())
    .bind(date_text(on))
    .bind(now())
    .execute(&mut *conn)
    .await?;
    super::persons::record_status_event(conn, actor, person, on, None, ListStatus::Active, None)
        .await?;
    Ok(person)
}

/// The person a referral belongs to now.
/// Referrals being saved in one transaction; see [`Store::begin_referrals`].
pub struct ReferralBatch {
    tx: Transaction<'static, Any>,
    actor: Option<Uuid>,
}

impl ReferralBatch {
    /// The person of each referral, as this batch sees them.
    pub async fn persons_of(&mut self, referrals: &[Uuid]) -> Result<Vec<(Uuid, Option<Uuid>)>> {
        if referrals.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = crate::rows::SqlBuilder::default();
        sql.push("SELECT id, person_id FROM referral WHERE id IN ")
            .bind_ids(referrals);
        let rows = sql.query().fetch_all(&mut *self.tx).await?;
        rows.iter()
            .map(|r| Ok((id(r, "id")?, opt_id(r, "person_id")?)))
            .collect()
    }

    /// Saves a referral placed by identity resolution: joined to a known person, or a new
    /// person with its possible same persons to review.
    pub async fn create(&mut self, new: NewReferral) -> Result<CreatedReferral> {
        let actor = self.actor;
        let tx = &mut self.tx;
        let referral = Uuid::new_v4();
        let agency = new.agency.map(|a| a.to_string());
        let (person, joined) = match (&new.referral, &new.placement) {
            (ParsedReferral::Anonymous, _) => (None, false),
            (ParsedReferral::Identified(f), placement) => {
                check_references(tx, f).await?;
                match placement {
                    Placement::NewPerson => (
                        Some(create_person(tx, actor, new.referred_on).await?),
                        false,
                    ),
                    Placement::Join(same) => {
                        let person = person_of(tx, same.candidate_referral)
                            .await?
                            .ok_or(StoreError::NotFound)?;
                        (Some(person), true)
                    }
                }
            }
        };
        let base = sqlx::query(
            "INSERT INTO referral (id, seq, person_id, agency_id, referred_by, referred_on, created_at, anonymous) \
             VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM referral), $2, $3, $4, $5, $6, $7)",
        )
        .bind(referral.to_string())
        .bind(person.map(|p| p.to_string()))
        .bind(agency)
        .bind(actor.map(|a| a.to_string()))
        .bind(date_text(new.referred_on))
        .bind(now())
        .bind(i64::from(matches!(new.referral, ParsedReferral::Anonymous)))
        .execute(&mut **tx)
        .await;
        base.map_err(|e| match StoreError::from(e) {
            StoreError::Invalid(_) => {
                StoreError::Invalid(FieldErrors(vec![FieldError::new("agency", "error-choose")]))
            }
            other => other,
        })?;
        let mut reviews = Vec::new();
        if let ParsedReferral::Identified(f) = &new.referral {
            write_fields(tx, referral, f, new.referred_on).await?;
            if let Placement::Join(same) = &new.placement {
                insert_review(tx, referral, same, true).await?;
            }
            for same in &new.reviews {
                reviews.push(insert_review(tx, referral, same, false).await?);
            }
        }
        super::bump_list_version(tx).await?;
        let detail = match (&new.placement, person) {
            (_, None) => "anonymous",
            (Placement::Join(_), _) => "joined a known person",
            (Placement::NewPerson, _) => "new person",
        };
        record(
            tx,
            AuditEvent::new(actor, AuditAction::Create, "referral", Some(referral))
                .with_detail(detail),
        )
        .await?;
        Ok(CreatedReferral {
            id: referral,
            person_id: person,
            joined,
            reviews,
        })
    }

    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

pub(super) async fn person_of(conn: &mut AnyConnection, referral: Uuid) -> Result<Option<Uuid>> {
    let row = sqlx::query("SELECT person_id FROM referral WHERE id = $1")
        .bind(referral.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    opt_id(&row, "person_id")
}

pub(super) async fn insert_review(
    conn: &mut AnyConnection,
    referral: Uuid,
    same: &PossibleSame,
    automatic: bool,
) -> Result<Uuid> {
    let review = Uuid::new_v4();
    let state = if automatic { "linked" } else { "open" };
    sqlx::query(
        "INSERT INTO link_review (id, referral_id, candidate_referral_id, probability, explanation, state, automatic, decided_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(review.to_string())
    .bind(referral.to_string())
    .bind(same.candidate_referral.to_string())
    .bind(same.probability)
    .bind(same.explanation.as_str())
    .bind(state)
    .bind(i64::from(automatic))
    .bind(automatic.then(now))
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(review)
}

impl Store {
    /// Saves one referral in its own transaction (a batch of one): the referral, the person
    /// it joins or creates and its review items together, so nothing is half-saved.
    pub async fn create_referral(
        &self,
        actor: Option<Uuid>,
        new: NewReferral,
    ) -> Result<CreatedReferral> {
        let mut batch = self.begin_referrals(actor).await?;
        let created = batch.create(new).await?;
        batch.commit().await?;
        Ok(created)
    }

    /// Starts saving referrals in one transaction: all of them are saved, or none (an
    /// import). Reads through the batch see the referrals it has created so far.
    pub async fn begin_referrals(&self, actor: Option<Uuid>) -> Result<ReferralBatch> {
        Ok(ReferralBatch {
            tx: self.begin_write().await?,
            actor,
        })
    }

    /// One referral, whoever referred it (the caller checks who may read it).
    pub async fn referral(&self, referral: Uuid) -> Result<ReferralRecord> {
        let row = sqlx::query(&format!(
            "SELECT {REFERRAL_COLUMNS} {REFERRAL_FROM} WHERE r.id = $1"
        ))
        .bind(referral.to_string())
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        referral_record(&row)
    }

    /// Referrals, newest first: one agency's (`Some`) or all (`None`), optionally only those
    /// whose person has `status`.
    pub async fn referrals(
        &self,
        agency: Option<Uuid>,
        status: Option<ListStatus>,
    ) -> Result<Vec<ReferralSummary>> {
        let mut sql = SqlBuilder::default();
        sql.push(SUMMARY_SELECT)
            .append(&summary_where(agency, status))
            .push(" ORDER BY r.referred_on DESC, r.seq DESC");
        let rows = sql.query().fetch_all(&self.read).await?;
        rows.iter().map(referral_summary).collect()
    }

    /// One page of the referrals `query` asks for, and how many there are in all.
    pub async fn referrals_page(
        &self,
        query: &ReferralQuery,
    ) -> Result<(u64, Vec<ReferralSummary>)> {
        let conditions = summary_where(query.agency, query.status);
        let mut count = SqlBuilder::default();
        count.push("SELECT COUNT(*) FROM referral r");
        if query.status.is_some() {
            count.push(" LEFT JOIN person p ON p.id = r.person_id");
        }
        count.append(&conditions);
        let total =
            crate::rows::i64_at(&count.query().fetch_one(&self.read).await?, 0)?.max(0) as u64;
        // Blanks (an anonymous count has no status; an agency may be gone) sort first on
        // both databases, which place NULLs at opposite ends.
        let column = match query.sort {
            ReferralSort::ReferredOn => "r.referred_on",
            ReferralSort::Agency => "COALESCE(o.name_key, '')",
            ReferralSort::Status => "COALESCE(p.status, '')",
        };
        let direction = if query.descending { "DESC" } else { "ASC" };
        let mut page = SqlBuilder::default();
        page.push(SUMMARY_SELECT).append(&conditions).push(&format!(
            " ORDER BY {column} {direction}, r.seq {direction} LIMIT {} OFFSET {}",
            query.per_page,
            u64::from(query.page) * u64::from(query.per_page)
        ));
        let rows = page.query().fetch_all(&self.read).await?;
        Ok((
            total,
            rows.iter().map(referral_summary).collect::<Result<_>>()?,
        ))
    }

    /// The identifying fields of every referral whose person is on the list and whose
    /// consent holds: what identity resolution compares a new referral against.
    pub async fn identity_rows(&self) -> Result<Vec<IdentityRow>> {
        self.identity_rows_after(0).await
    }

    /// The identifying fields of the referrals saved after the one numbered `seq`, in order.
    pub async fn identity_rows_after(&self, seq: i64) -> Result<Vec<IdentityRow>> {
        let rows = sqlx::query(
            "SELECT id, person_id, given_name, family_name, other_names, birth_date, sex_gender, phone, email, \
             last_address, postal_code, identifier FROM referral \
             WHERE seq > $1 AND person_id IS NOT NULL AND redacted_at IS NULL AND anonymous = 0 ORDER BY seq",
        )
        .bind(seq)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let t = |c: &str| opt_text(r, c).map(Option::unwrap_or_default);
                Ok(IdentityRow {
                    referral_id: id(r, "id")?,
                    person_id: id(r, "person_id")?,
                    given_name: t("given_name")?,
                    family_name: t("family_name")?,
                    other_names: t("other_names")?,
                    birth_date: t("birth_date")?,
                    sex_gender: t("sex_gender")?,
                    phone: t("phone")?,
                    email: t("email")?,
                    last_address: t("last_address")?,
                    postal_code: t("postal_code")?,
                    identifier: t("identifier")?,
                })
            })
            .collect()
    }

    /// The person each of `referrals` belongs to now (they move when persons are linked).
    pub async fn persons_of(&self, referrals: &[Uuid]) -> Result<Vec<(Uuid, Option<Uuid>)>> {
        let mut sql = crate::rows::SqlBuilder::default();
        sql.push("SELECT id, person_id FROM referral WHERE id IN ")
            .bind_ids(referrals);
        if referrals.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sql.query().fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| Ok((id(r, "id")?, opt_id(r, "person_id")?)))
            .collect()
    }

    /// Withdraws the person's consent on `on`: every referral of the person is erased to a
    /// stub, the person leaves the list, and every referring agency is told. Returns the
    /// referrals erased.
    pub async fn withdraw_consent(
        &self,
        actor: Option<Uuid>,
        referral: Uuid,
        on: Date,
    ) -> Result<Vec<Uuid>> {
        let mut tx = self.begin_write().await?;
        let stored =
            sqlx::query("SELECT person_id, anonymous, redacted_at FROM referral WHERE id = $1")
                .bind(referral.to_string())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        if get_flag(&stored, "anonymous")? || opt_text(&stored, "redacted_at")?.is_some() {
            return Err(StoreError::Conflict("error-consent-already-ended"));
        }
        let person = opt_id(&stored, "person_id")?.ok_or(StoreError::NotFound)?;
        let ids: Vec<Uuid> = sqlx::query(
            "SELECT id FROM referral WHERE person_id = $1 AND redacted_at IS NULL ORDER BY id",
        )
        .bind(person.to_string())
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| id(r, "id"))
        .collect::<Result<_>>()?;
        sqlx::query("UPDATE referral SET consent_withdrawn_on = $1 WHERE person_id = $2 AND redacted_at IS NULL")
            .bind(date_text(on))
            .bind(person.to_string())
            .execute(&mut *tx)
            .await?;
        end_consent(&mut tx, actor, &ids, on).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "referral", Some(referral))
                .with_detail("consent withdrawn"),
        )
        .await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// Applies consent dates on `today`: reminds referring workers of consents expiring
    /// within 30 days (once), and ends expired ones. Returns the referrals erased.
    pub async fn apply_consent_dates(&self, today: Date) -> Result<Vec<Uuid>> {
        let horizon = date_text(today + Duration::days(consent::REMINDER_DAYS));
        let due = || {
            sqlx::query(
                "SELECT id, consent_expires_on FROM referral WHERE anonymous = 0 AND redacted_at IS NULL \
                 AND consent_expires_on <= $1 AND (consent_reminded_on IS NULL OR consent_expires_on <= $2)",
            )
            .bind(horizon.clone())
            .bind(date_text(today))
        };
        // Read first without a write: most reads of the day find nothing to do, and that
        // holds until a referral or the day changes (every list page asks).
        let nothing_due = self
            .kept_or_made(
                "consent-nothing-due",
                &["persons"],
                date_text(today),
                || async { Ok::<_, StoreError>(due().fetch_all(&self.read).await?.is_empty()) },
            )
            .await?;
        if *nothing_due {
            return Ok(Vec::new());
        }
        let mut tx = self.begin_calendar_write().await?;
        let due = due().fetch_all(&mut *tx).await?;
        let mut expired = Vec::new();
        let mut expiring = Vec::new();
        for r in &due {
            if req_date(r, "consent_expires_on")? <= today {
                expired.push(id(r, "id")?);
            } else {
                expiring.push(id(r, "id")?);
            }
        }
        for referral in &expiring {
            sqlx::query("UPDATE referral SET consent_reminded_on = $1 WHERE id = $2")
                .bind(date_text(today))
                .bind(referral.to_string())
                .execute(&mut *tx)
                .await?;
            super::notices::notify_referring(&mut tx, &[*referral], "consent_expiring").await?;
        }
        end_consent(&mut tx, None, &expired, today).await?;
        tx.commit().await?;
        Ok(expired)
    }
}

/// Erases `referrals` to stubs, tells their agencies, and takes off the list every person
/// left with no referral whose consent holds.
async fn end_consent(
    conn: &mut AnyConnection,
    actor: Option<Uuid>,
    referrals: &[Uuid],
    on: Date,
) -> Result<()> {
    if referrals.is_empty() {
        return Ok(());
    }
    // Notified before erasing, while the referrals still say which agency sent them.
    super::notices::notify_referring(conn, referrals, "consent_ended").await?;
    super::bump_list_version(conn).await?;
    let mut persons = Vec::new();
    for referral in referrals {
        sqlx::query(&format!("{REDACT} WHERE id = $2"))
            .bind(now())
            .bind(referral.to_string())
            .execute(&mut *conn)
            .await?;
        if let Some(p) = person_of(conn, *referral).await? {
            persons.push(p);
        }
        record(
            conn,
            AuditEvent::new(actor, AuditAction::Update, "referral", Some(*referral))
                .with_detail("consent ended: identifying data erased"),
        )
        .await?;
    }
    persons.sort();
    persons.dedup();
    for person in persons {
        let left = sqlx::query(
            "SELECT COUNT(*) FROM referral WHERE person_id = $1 AND redacted_at IS NULL",
        )
        .bind(person.to_string())
        .fetch_one(&mut *conn)
        .await?;
        if crate::rows::i64_at(&left, 0)? == 0 {
            super::persons::change_status(
                conn,
                actor,
                person,
                ListStatus::Inactive,
                Some(InactiveReason::ConsentEnded),
                on,
                false,
            )
            .await?;
            // After the status: the offers' end must not put the person back on the list.
            crate::matching::withdraw_offers_of(conn, actor, person, on).await?;
        }
    }
    Ok(())
}

async fn write_fields(
    conn: &mut AnyConnection,
    referral: Uuid,
    f: &ReferralFields,
    referred_on: Date,
) -> Result<()> {
    let flag = |b: bool| i64::from(b);
    sqlx::query(
        "UPDATE referral SET given_name = $2, family_name = $3, other_names = $4, birth_date = $5, \
         birth_date_flagged = $6, sex_gender = $7, phone = $8, email = $9, last_address = $10, postal_code = $11, \
         identifier = $12, adults = $13, children_ages = $14, pregnant = $15, bedrooms_needed = $16, needs = $17, \
         accessibility = $18, pets = $19, smoking = $20, monthly_income_cents = $21, income_sources = $22, \
         subsidy_eligible = $23, max_rent_cents = $24, preferred_areas = $25, excluded_areas = $26, \
         supporting_agency_id = $27, supporting_worker = $28, days_homeless = $29, assessment_score = $30, \
         youth = $31, notes = $32, consent_supports = $33, consent_landlords = $34, consent_method = $35, \
         consent_witness = $36, consent_given_on = $37, consent_expires_on = $38, self_identified = $39 WHERE id = $1",
    )
    .bind(referral.to_string())
    .bind(f.given_name.as_str())
    .bind(f.family_name.as_deref())
    .bind(f.other_names.as_deref())
    .bind(Some(f.birth_date.text()).filter(|t| !t.is_empty()))
    .bind(flag(f.birth_date.is_unreadable()))
    .bind(f.sex_gender.as_deref())
    .bind(f.phone.as_deref())
    .bind(f.email.as_ref().map(|e| e.as_str().to_owned()))
    .bind(f.last_address.as_deref())
    .bind(f.postal_code.as_ref().map(|p| p.as_str().to_owned()))
    .bind(f.identifier.as_deref())
    .bind(i64::from(f.household.adults))
    .bind(join(&f.household.children_ages))
    .bind(flag(f.household.pregnant))
    .bind(i64::from(f.household.bedrooms_needed()))
    .bind(join(&f.needs))
    .bind(join(&f.accessibility))
    .bind(flag(f.pets))
    .bind(flag(f.smoking))
    .bind(f.monthly_income.map(|c| c.0))
    .bind(join(&f.income_sources))
    .bind(flag(f.subsidy_eligible))
    .bind(f.max_rent.map(|c| c.0))
    .bind(join(&f.preferred_areas))
    .bind(join(&f.excluded_areas))
    .bind(f.supporting_agency.map(|a| a.to_string()))
    .bind(f.supporting_worker.as_deref())
    .bind(f.days_homeless.map(i64::from))
    .bind(f.assessment_score.map(i64::from))
    .bind(flag(f.is_youth(referred_on)))
    .bind(f.notes.as_deref())
    .bind(flag(f.consent.share_with_supports))
    .bind(flag(f.consent.share_with_landlords))
    .bind(f.consent.method.code())
    .bind(f.consent.witness.as_deref())
    .bind(date_text(f.consent.given_on))
    .bind(date_text(f.consent.expires_on))
    .bind(join(&f.self_identified))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The referral's columns as one row type, for callers in this module tree.
pub(super) fn columns() -> (&'static str, &'static str) {
    (REFERRAL_COLUMNS, REFERRAL_FROM)
}

//! Matching and offers in the store (D1–D5): what a match round reads (the persons waiting
//! with their latest referral's facts, the units open now), the rounds with their inputs and
//! results, the locator's exclusions and pins, and offers from the proposal to the move-in.
//!
//! The store does not know the engine: a round's inputs and result are JSON text written
//! and read by the caller. It keeps the rules that must hold whoever writes: a unit or a
//! person is in at most one live offer (partial unique indexes), and every step of an offer
//! moves the unit and the person with it, in one transaction.

use crate::housing::{listing_from, transition_in};
use crate::referrals::{
    LIST_COLUMNS, LIST_FROM, LIST_ORDER, add_to_entries, change_status, notify_referring, split,
};
use crate::rows::{get_flag, id, opt_date, opt_f64, opt_i64, opt_id, opt_text, req_date, text};
use crate::{ListEntry, Result, Store, StoreError, UnitListing, now};
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::{Cents, Transition, UnitStatus, date_text};
use passerelle_domain::offers::{OfferState, OfferStep};
use passerelle_domain::referrals::ListStatus;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use time::Date;
use uuid::Uuid;

use crate::audit::record;

/// A person waiting, as a match round reads them: their list entry (what the policy ranks
/// on) and their latest referral's household and preferences.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchCandidate {
    pub entry: ListEntry,
    pub referral_id: Uuid,
    pub agency_id: Option<Uuid>,
    /// As stored (`YYYY-MM-DD`, `YYYY-MM`, or unreadable text).
    pub birth_date: Option<String>,
    pub sex_gender: Option<String>,
    pub adults: u8,
    pub children_ages: Vec<u8>,
    pub pregnant: bool,
    pub bedrooms_needed: u8,
    pub accessibility: Vec<String>,
    pub pets: bool,
    pub smoking: bool,
    pub max_rent: Option<Cents>,
    pub preferred_areas: Vec<String>,
    pub excluded_areas: Vec<String>,
    pub has_support_worker: bool,
    /// Where the supporting agency is (its first located site).
    pub supports_at: Option<(f64, f64)>,
}

/// A unit open to matching, with what its property and landlord add.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchUnit {
    pub listing: UnitListing,
    pub location: Option<(f64, f64)>,
    /// The building's step-free entrance and elevator count for the unit.
    pub property_step_free: bool,
    pub property_elevator: bool,
    pub landlord_accepts_pets: bool,
    pub landlord_accepts_smoking: bool,
    pub landlord_max_household: Option<u8>,
    pub landlord_requires_support_worker: bool,
}

/// A round to save.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRound {
    pub on: Date,
    pub policy: String,
    pub dry_run: bool,
    pub outcome: RoundOutcome,
    pub inputs: String,
}

/// What a solve produced: saved with the round, and again after each solve-again.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundOutcome {
    pub persons: usize,
    pub units: usize,
    pub feasible_pairs: usize,
    pub matched: usize,
    pub objective: u128,
    pub result: String,
    pub timings: String,
}

/// A round as listed and as its page's header shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RoundRecord {
    pub id: Uuid,
    pub seq: i64,
    pub on: Date,
    pub started_at: String,
    pub started_by: Option<String>,
    pub policy: String,
    pub dry_run: bool,
    pub persons: i64,
    pub units: i64,
    pub feasible_pairs: i64,
    pub matched: i64,
    pub objective: String,
    pub timings: String,
    pub revision: i64,
    /// How many offers were made from it.
    pub offers: i64,
}

/// The locator's correction to a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionKind {
    /// Never propose this pair (the reason is kept).
    Exclude,
    /// Propose this pair whatever the optimum says.
    Pin,
}

impl CorrectionKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Exclude => "exclude",
            Self::Pin => "pin",
        }
    }

    pub fn parse(raw: &str) -> Option<CorrectionKind> {
        [Self::Exclude, Self::Pin]
            .into_iter()
            .find(|k| k.code() == raw.trim())
    }
}

/// A correction to record.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    pub person_id: Uuid,
    pub unit_id: Uuid,
    pub kind: CorrectionKind,
    pub reason: Option<String>,
}

/// An exclusion or a pin.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OverrideRecord {
    pub person_id: Uuid,
    pub unit_id: Uuid,
    pub kind: CorrectionKind,
    pub reason: Option<String>,
    pub by: Option<String>,
    pub at: String,
}

/// A proposal the locator accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOffer {
    pub person_id: Uuid,
    pub unit_id: Uuid,
    pub round_id: Option<Uuid>,
    pub priority_position: Option<u32>,
    pub fit: Option<u32>,
    pub offered_on: Date,
    pub respond_by: Date,
}

/// An offer as listed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OfferRecord {
    pub id: Uuid,
    pub round_id: Option<Uuid>,
    pub person_id: Uuid,
    pub person_name: String,
    pub unit_id: Uuid,
    pub unit_label: String,
    pub address: String,
    pub area_id: Option<Uuid>,
    pub bedrooms: u8,
    pub rent: Cents,
    pub landlord_id: Uuid,
    pub landlord_name: String,
    pub referral_id: Option<Uuid>,
    pub agency_id: Option<Uuid>,
    pub agency_name: Option<String>,
    pub priority_position: Option<i64>,
    pub fit: Option<i64>,
    pub state: OfferState,
    pub offered_on: Date,
    pub respond_by: Date,
    pub client_answered_on: Option<Date>,
    pub client_reason: Option<String>,
    pub landlord_answered_on: Option<Date>,
    pub landlord_reason: Option<String>,
    pub lease_signed_on: Option<Date>,
    pub lease_starts_on: Option<Date>,
    pub rent_cents: Option<i64>,
    pub subsidy_cents: Option<i64>,
    pub moved_in_on: Option<Date>,
    pub ended_on: Option<Date>,
    pub end_reason: Option<String>,
}

/// One step in an offer's history.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OfferEvent {
    pub on: Date,
    pub from: Option<String>,
    pub to: String,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub by: Option<String>,
}

/// Which offers to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfferFilter {
    /// Only the offers made through this agency (a partner worker's scope).
    pub agency: Option<Uuid>,
    pub round: Option<Uuid>,
    pub live_only: bool,
}

const OFFER_COLUMNS: &str = "o.id AS offer_id, o.round_id, o.person_id, o.unit_id, o.referral_id, o.agency_id, \
     ag.name AS agency_name, o.priority_position, o.fit, o.state, o.offered_on, o.respond_by, \
     o.client_answered_on, o.client_reason, o.landlord_answered_on, o.landlord_reason, o.lease_signed_on, \
     o.lease_starts_on, o.rent_cents, o.subsidy_cents, o.moved_in_on, o.ended_on, o.end_reason, \
     u.label, u.bedrooms, u.rent_cents AS unit_rent, p.address, p.area_id, l.id AS landlord_id, l.name AS landlord_name, \
     r.given_name, r.family_name";

const OFFER_FROM: &str = "FROM offer o JOIN unit u ON u.id = o.unit_id JOIN property p ON p.id = u.property_id \
     JOIN landlord l ON l.id = p.landlord_id LEFT JOIN organization ag ON ag.id = o.agency_id \
     LEFT JOIN referral r ON r.id = o.referral_id";

fn offer_from(r: &AnyRow) -> Result<OfferRecord> {
    let state = text(r, "state")?;
    Ok(OfferRecord {
        id: id(r, "offer_id")?,
        round_id: opt_id(r, "round_id")?,
        person_id: id(r, "person_id")?,
        person_name: crate::referrals::name_of(r, "given_name", "family_name")?,
        unit_id: id(r, "unit_id")?,
        unit_label: text(r, "label")?,
        address: text(r, "address")?,
        area_id: opt_id(r, "area_id")?,
        bedrooms: opt_i64(r, "bedrooms")?.unwrap_or(0) as u8,
        rent: Cents(opt_i64(r, "unit_rent")?.unwrap_or(0)),
        landlord_id: id(r, "landlord_id")?,
        landlord_name: text(r, "landlord_name")?,
        referral_id: opt_id(r, "referral_id")?,
        agency_id: opt_id(r, "agency_id")?,
        agency_name: opt_text(r, "agency_name")?,
        priority_position: opt_i64(r, "priority_position")?,
        fit: opt_i64(r, "fit")?,
        state: OfferState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("offer state {state:?}")))?,
        offered_on: req_date(r, "offered_on")?,
        respond_by: req_date(r, "respond_by")?,
        client_answered_on: opt_date(r, "client_answered_on")?,
        client_reason: opt_text(r, "client_reason")?,
        landlord_answered_on: opt_date(r, "landlord_answered_on")?,
        landlord_reason: opt_text(r, "landlord_reason")?,
        lease_signed_on: opt_date(r, "lease_signed_on")?,
        lease_starts_on: opt_date(r, "lease_starts_on")?,
        rent_cents: opt_i64(r, "rent_cents")?,
        subsidy_cents: opt_i64(r, "subsidy_cents")?,
        moved_in_on: opt_date(r, "moved_in_on")?,
        ended_on: opt_date(r, "ended_on")?,
        end_reason: opt_text(r, "end_reason")?,
    })
}

fn round_from(r: &AnyRow) -> Result<RoundRecord> {
    Ok(RoundRecord {
        id: id(r, "id")?,
        seq: opt_i64(r, "seq")?.unwrap_or(0),
        on: req_date(r, "on_day")?,
        started_at: text(r, "started_at")?,
        started_by: opt_text(r, "display_name")?,
        policy: text(r, "policy")?,
        dry_run: get_flag(r, "dry_run")?,
        persons: opt_i64(r, "persons")?.unwrap_or(0),
        units: opt_i64(r, "units")?.unwrap_or(0),
        feasible_pairs: opt_i64(r, "feasible_pairs")?.unwrap_or(0),
        matched: opt_i64(r, "matched")?.unwrap_or(0),
        objective: text(r, "objective")?,
        timings: text(r, "timings")?,
        revision: opt_i64(r, "revision")?.unwrap_or(1),
        offers: opt_i64(r, "offers")?.unwrap_or(0),
    })
}

const ROUND_SELECT: &str = "SELECT m.id, m.seq, m.on_day, m.started_at, u.display_name, m.policy, m.dry_run, \
     m.persons, m.units, m.feasible_pairs, m.matched, m.objective, m.timings, m.revision, \
     (SELECT COUNT(*) FROM offer o WHERE o.round_id = m.id) AS offers \
     FROM match_round m LEFT JOIN app_user u ON u.id = m.started_by";

/// Why a unit or a person cannot be offered: the unit is not available, or the person is
/// not active (already offered, housed, inactive, or their consent ended).
fn taken(error: sqlx::Error, code: &'static str) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(code),
        _ => error.into(),
    }
}

impl Store {
    /// The persons a round matches: active on the list (not offered, housed or inactive),
    /// not merged into another, with a referral whose consent still holds. Each comes with
    /// their latest such referral's household and preferences.
    pub async fn match_candidates(&self) -> Result<Vec<MatchCandidate>> {
        // Decoding some 10,000 rows of 30 columns is most of a round's loading. Person ids are
        // random UUIDs, so splitting them at '8' gives two halves of about the same size, read
        // and decoded on two connections and two threads at once; each half comes in person
        // id order, so the first followed by the second is the whole list in that order.
        let low = tokio::spawn(read_candidates(self.read.clone(), "p.id < '8'"));
        let high = tokio::spawn(read_candidates(self.read.clone(), "p.id >= '8'"));
        let joined =
            |r: std::result::Result<Result<Vec<MatchCandidate>>, tokio::task::JoinError>| {
                r.map_err(|e| StoreError::Corrupt(format!("reading the candidates: {e}")))?
            };
        let mut candidates = joined(low.await)?;
        candidates.extend(joined(high.await)?);
        Ok(candidates)
    }

    /// The units a round matches on `on`: available (not held, not offered) from that day.
    pub async fn match_units(&self, on: Date) -> Result<Vec<MatchUnit>> {
        self.units_to_match(
            "u.status = 'available' AND u.available_from <= $1",
            Some(on),
        )
        .await
    }

    /// Every unit as a round would see it, whatever its status now: for rounds of the past
    /// (the demo's history), whose units the caller knows.
    pub async fn match_units_any_status(&self) -> Result<Vec<MatchUnit>> {
        self.units_to_match("1 = 1", None).await
    }

    async fn units_to_match(&self, filter: &str, on: Option<Date>) -> Result<Vec<MatchUnit>> {
        let sql = format!(
            "SELECT {}, p.latitude, p.longitude, p.step_free AS p_step_free, p.elevator AS p_elevator, \
             l.accepts_pets, l.accepts_smoking, l.max_household, l.requires_support_worker \
             {} WHERE {filter} ORDER BY u.available_from, u.id",
            crate::housing::UNIT_COLUMNS,
            crate::housing::UNIT_FROM
        );
        let mut query = sqlx::query(&sql);
        if let Some(on) = on {
            query = query.bind(date_text(on));
        }
        query
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| {
                Ok(MatchUnit {
                    listing: listing_from(r)?,
                    location: opt_f64(r, "latitude")?.zip(opt_f64(r, "longitude")?),
                    property_step_free: get_flag(r, "p_step_free")?,
                    property_elevator: get_flag(r, "p_elevator")?,
                    landlord_accepts_pets: get_flag(r, "accepts_pets")?,
                    landlord_accepts_smoking: get_flag(r, "accepts_smoking")?,
                    landlord_max_household: opt_i64(r, "max_household")?
                        .map(|v| v.clamp(0, 255) as u8),
                    landlord_requires_support_worker: get_flag(r, "requires_support_worker")?,
                })
            })
            .collect()
    }

    /// Saves a round with its inputs and result.
    pub async fn save_round(&self, actor: Option<Uuid>, round: &NewRound) -> Result<Uuid> {
        let round_id = Uuid::new_v4();
        let o = &round.outcome;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO match_round (id, seq, on_day, started_at, started_by, policy, dry_run, persons, units, \
             feasible_pairs, matched, objective, inputs, result, timings) \
             VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM match_round), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(round_id.to_string())
        .bind(date_text(round.on))
        .bind(now())
        .bind(actor.map(|a| a.to_string()))
        .bind(&round.policy)
        .bind(i64::from(round.dry_run))
        .bind(o.persons as i64)
        .bind(o.units as i64)
        .bind(o.feasible_pairs as i64)
        .bind(o.matched as i64)
        .bind(o.objective.to_string())
        .bind(&round.inputs)
        .bind(&o.result)
        .bind(&o.timings)
        .execute(&mut *tx)
        .await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Create, "match_round", Some(round_id)).with_detail(
                format!(
                    "{} persons, {} units, {} matched",
                    o.persons, o.units, o.matched
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(round_id)
    }

    /// Records the locator's correction (an exclusion with its reason, or a pin) with the
    /// result solved with it, in one transaction. `revision` is the one the caller solved
    /// from: if another locator solved the round meanwhile, nothing is written
    /// (`Conflict("error-round-changed")`); a pair already corrected keeps its first
    /// correction (`Conflict("error-already-corrected")`).
    pub async fn correct_round(
        &self,
        actor: Option<Uuid>,
        round_id: Uuid,
        revision: i64,
        correction: &Correction,
        outcome: &RoundOutcome,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO match_override (id, round_id, person_id, unit_id, kind, reason, by_user, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(Uuid::new_v4().to_string())
        .bind(round_id.to_string())
        .bind(correction.person_id.to_string())
        .bind(correction.unit_id.to_string())
        .bind(correction.kind.code())
        .bind(correction.reason.as_deref())
        .bind(actor.map(|a| a.to_string()))
        .bind(now())
        .execute(&mut *tx)
        .await
        .map_err(|e| taken(e, "error-already-corrected"))?;
        let done = sqlx::query(
            "UPDATE match_round SET feasible_pairs = $1, matched = $2, objective = $3, result = $4, timings = $5, \
             revision = revision + 1 WHERE id = $6 AND revision = $7",
        )
        .bind(outcome.feasible_pairs as i64)
        .bind(outcome.matched as i64)
        .bind(outcome.objective.to_string())
        .bind(&outcome.result)
        .bind(&outcome.timings)
        .bind(round_id.to_string())
        .bind(revision)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict("error-round-changed"));
        }
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "match_round", Some(round_id)).with_detail(
                format!(
                    "{} person {} unit {}; solved again: {} matched",
                    correction.kind.code(),
                    correction.person_id,
                    correction.unit_id,
                    outcome.matched
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(revision + 1)
    }

    /// The latest rounds, newest first.
    pub async fn rounds(&self, limit: i64) -> Result<Vec<RoundRecord>> {
        sqlx::query(&format!("{ROUND_SELECT} ORDER BY m.seq DESC LIMIT $1"))
            .bind(limit)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(round_from)
            .collect()
    }

    /// A round's header.
    pub async fn round(&self, round_id: Uuid) -> Result<RoundRecord> {
        let row = sqlx::query(&format!("{ROUND_SELECT} WHERE m.id = $1"))
            .bind(round_id.to_string())
            .fetch_one(&self.read)
            .await?;
        round_from(&row)
    }

    /// A round's inputs and result, as saved (JSON), with the revision they belong to.
    pub async fn round_data(&self, round_id: Uuid) -> Result<(String, String, i64)> {
        let row = sqlx::query("SELECT inputs, result, revision FROM match_round WHERE id = $1")
            .bind(round_id.to_string())
            .fetch_one(&self.read)
            .await?;
        Ok((
            text(&row, "inputs")?,
            text(&row, "result")?,
            opt_i64(&row, "revision")?.unwrap_or(1),
        ))
    }

    /// A round's exclusions and pins, oldest first.
    pub async fn overrides(&self, round_id: Uuid) -> Result<Vec<OverrideRecord>> {
        sqlx::query(
            "SELECT o.person_id, o.unit_id, o.kind, o.reason, u.display_name, o.at FROM match_override o \
             LEFT JOIN app_user u ON u.id = o.by_user WHERE o.round_id = $1 ORDER BY o.at, o.id",
        )
        .bind(round_id.to_string())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(OverrideRecord {
                person_id: id(r, "person_id")?,
                unit_id: id(r, "unit_id")?,
                kind: CorrectionKind::parse(&text(r, "kind")?)
                    .ok_or_else(|| StoreError::Corrupt("correction kind".into()))?,
                reason: opt_text(r, "reason")?,
                by: opt_text(r, "display_name")?,
                at: text(r, "at")?,
            })
        })
        .collect()
    }

    /// Which of `units` are no longer available and which of `persons` are no longer
    /// active: a round's proposals naming them are stale.
    pub async fn stale_pairs(&self, units: &[Uuid], persons: &[Uuid]) -> Result<StaleIds> {
        let units = by_ids(
            self,
            "SELECT id FROM unit WHERE status <> 'available' AND id IN",
            units,
            "",
        )
        .await?;
        let persons = by_ids(
            self,
            "SELECT id FROM person WHERE (status <> 'active' OR merged_into IS NOT NULL) AND id IN",
            persons,
            "",
        )
        .await?;
        Ok(StaleIds {
            units: units.iter().map(|r| id(r, "id")).collect::<Result<_>>()?,
            persons: persons.iter().map(|r| id(r, "id")).collect::<Result<_>>()?,
        })
    }

    /// Makes offers, all or none: each unit must still be available and each person still
    /// active, and neither may be in another live offer. The unit becomes offered, the
    /// person matched, and the referring agency's workers are told.
    pub async fn create_offers(
        &self,
        actor: Option<Uuid>,
        offers: &[NewOffer],
    ) -> Result<Vec<Uuid>> {
        let mut tx = self.begin_write().await?;
        let mut ids = Vec::with_capacity(offers.len());
        for offer in offers {
            ids.push(create_offer(&mut tx, actor, offer).await?);
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Offers in scope, newest first.
    pub async fn offers(&self, filter: &OfferFilter) -> Result<Vec<OfferRecord>> {
        // Kept while nothing an offer shows changes: the offer, its unit, property and
        // landlord, its person's referral and its agency.
        let key = format!("{filter:?}");
        let offers = self
            .kept_or_made(
                "offers",
                &["offers", "housing", "persons", "network"],
                key,
                || self.read_offers(filter),
            )
            .await?;
        Ok(offers.to_vec())
    }

    async fn read_offers(&self, filter: &OfferFilter) -> Result<Vec<OfferRecord>> {
        let mut sql = crate::rows::SqlBuilder::default();
        sql.push(&format!("SELECT {OFFER_COLUMNS} {OFFER_FROM} WHERE 1 = 1"));
        if let Some(agency) = filter.agency {
            sql.push(" AND o.agency_id = ")
                .bind_text(agency.to_string());
        }
        if let Some(round) = filter.round {
            sql.push(" AND o.round_id = ").bind_text(round.to_string());
        }
        if filter.live_only {
            sql.push(" AND o.live = 1");
        }
        sql.push(" ORDER BY o.seq DESC");
        sql.query()
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(offer_from)
            .collect()
    }

    /// One offer with its history.
    pub async fn offer(&self, offer_id: Uuid) -> Result<(OfferRecord, Vec<OfferEvent>)> {
        let row = sqlx::query(&format!(
            "SELECT {OFFER_COLUMNS} {OFFER_FROM} WHERE o.id = $1"
        ))
        .bind(offer_id.to_string())
        .fetch_one(&self.read)
        .await?;
        let events = sqlx::query(
            "SELECT e.on_day, e.from_state, e.to_state, e.reason, e.note, u.display_name FROM offer_event e \
             LEFT JOIN app_user u ON u.id = e.actor_id WHERE e.offer_id = $1 ORDER BY e.seq",
        )
        .bind(offer_id.to_string())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(OfferEvent {
                on: req_date(r, "on_day")?,
                from: opt_text(r, "from_state")?,
                to: text(r, "to_state")?,
                reason: opt_text(r, "reason")?,
                note: opt_text(r, "note")?,
                by: opt_text(r, "display_name")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok((offer_from(&row)?, events))
    }

    /// Takes an offer one step: the client's or the landlord's answer, the lease, the
    /// move-in or a withdrawal. A step that does not apply in the offer's state, or that
    /// another user took first, is `Conflict("error-offer-changed")` and changes nothing.
    /// `respond_by` is the landlord's deadline after the client accepts.
    pub async fn decide_offer(
        &self,
        actor: Option<Uuid>,
        offer_id: Uuid,
        step: &OfferStep,
        respond_by: Date,
    ) -> Result<OfferState> {
        let mut tx = self.begin_write().await?;
        let row =
            sqlx::query("SELECT state, person_id, unit_id, referral_id FROM offer WHERE id = $1")
                .bind(offer_id.to_string())
                .fetch_one(&mut *tx)
                .await?;
        let from = OfferState::parse(&text(&row, "state")?)
            .ok_or_else(|| StoreError::Corrupt("offer state".into()))?;
        let to = step
            .next_state(from)
            .ok_or(StoreError::Conflict("error-offer-changed"))?;
        let person = id(&row, "person_id")?;
        let unit = id(&row, "unit_id")?;
        let referral = opt_id(&row, "referral_id")?;
        let on = step.on();
        let day = date_text(on);
        // Every update names the state it read: a step taken meanwhile by someone else
        // (the same answer recorded twice) changes no row, and this one fails.
        let mut update = crate::rows::SqlBuilder::default();
        update
            .push("UPDATE offer SET state = ")
            .bind_text(to.code());
        update.push(", live = ");
        update.push(if to.is_live() { "1" } else { "NULL" });
        let (reason, note) = match step {
            OfferStep::Client { reason, note, .. } => {
                update.push(", client_answered_on = ").bind_text(&day);
                if let Some(r) = reason {
                    update.push(", client_reason = ").bind_text(r);
                } else {
                    // The landlord now has until `respond_by` to answer.
                    update
                        .push(", respond_by = ")
                        .bind_text(date_text(respond_by));
                }
                (reason.clone(), note.clone())
            }
            OfferStep::Landlord { reason, note, .. } => {
                update.push(", landlord_answered_on = ").bind_text(&day);
                if let Some(r) = reason {
                    update.push(", landlord_reason = ").bind_text(r);
                }
                (reason.clone(), note.clone())
            }
            OfferStep::Lease {
                rent,
                subsidy,
                starts_on,
                ..
            } => {
                update.push(", lease_signed_on = ").bind_text(&day);
                update
                    .push(", lease_starts_on = ")
                    .bind_text(date_text(*starts_on));
                update.push(&format!(
                    ", rent_cents = {}, subsidy_cents = {}",
                    rent.0, subsidy.0
                ));
                (None, None)
            }
            OfferStep::MoveIn { .. } => {
                update.push(", moved_in_on = ").bind_text(&day);
                (None, None)
            }
            OfferStep::Withdraw { reason, note, .. } => (Some(reason.clone()), note.clone()),
        };
        if !to.is_live() {
            update.push(", ended_on = ").bind_text(&day);
            update.push(", end_reason = ");
            match &reason {
                Some(r) => update.bind_text(r),
                None => update.push("NULL"),
            };
        }
        update.push(" WHERE id = ").bind_text(offer_id.to_string());
        update.push(" AND state = ").bind_text(from.code());
        if update.query().execute(&mut *tx).await?.rows_affected() != 1 {
            return Err(StoreError::Conflict("error-offer-changed"));
        }
        add_offer_event(
            &mut tx,
            actor,
            offer_id,
            on,
            Some(from),
            to,
            reason.as_deref(),
            note.as_deref(),
        )
        .await?;
        match to {
            OfferState::Leased => {
                let transition = Transition {
                    to: UnitStatus::Leased,
                    hold: None,
                    household_ref: Some(person.to_string()),
                    reason: Some("offer-leased".into()),
                    on,
                };
                transition_in(&mut tx, actor, unit, &transition).await?;
                let tenancy = sqlx::query(
                    "SELECT id FROM tenancy WHERE unit_id = $1 AND ended_on IS NULL ORDER BY leased_on DESC LIMIT 1",
                )
                .bind(unit.to_string())
                .fetch_one(&mut *tx)
                .await?;
                let tenancy = id(&tenancy, "id")?;
                sqlx::query("UPDATE tenancy SET person_id = $1 WHERE id = $2")
                    .bind(person.to_string())
                    .bind(tenancy.to_string())
                    .execute(&mut *tx)
                    .await?;
                crate::tenancies::assign_supports(&mut tx, tenancy, person).await?;
                sqlx::query("UPDATE offer SET tenancy_id = $1 WHERE id = $2")
                    .bind(tenancy.to_string())
                    .bind(offer_id.to_string())
                    .execute(&mut *tx)
                    .await?;
            }
            OfferState::MovedIn => {
                let transition = Transition {
                    to: UnitStatus::Occupied,
                    hold: None,
                    household_ref: None,
                    reason: Some("offer-moved-in".into()),
                    on,
                };
                transition_in(&mut tx, actor, unit, &transition).await?;
                change_status(&mut tx, actor, person, ListStatus::Housed, None, on, true).await?;
            }
            s if !s.is_live() => {
                release(&mut tx, actor, unit, person, on, to).await?;
            }
            _ => {}
        }
        if let Some(referral) = referral {
            let kind = match to {
                OfferState::LandlordAccepted | OfferState::LandlordDeclined => {
                    Some("offer_landlord_answered")
                }
                OfferState::Withdrawn => Some("offer_withdrawn"),
                _ => None,
            };
            if let Some(kind) = kind {
                notify_referring(&mut tx, &[referral], kind).await?;
            }
        }
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "offer", Some(offer_id))
                .with_detail(format!("{} -> {}", from.code(), to.code())),
        )
        .await?;
        tx.commit().await?;
        Ok(to)
    }

    /// Ends the offers whose deadline passed before `today` without an answer (lapsed:
    /// the unit and the person go back to the pool), and reminds the referring agency of
    /// the offers due within `remind_days`. Returns how many lapsed.
    pub async fn lapse_offers(&self, today: Date, remind_days: i64) -> Result<usize> {
        let due = sqlx::query(
            "SELECT id, state, person_id, unit_id FROM offer WHERE live = 1 \
             AND state IN ('offered', 'client_accepted') AND respond_by < $1",
        )
        .bind(date_text(today))
        .fetch_all(&self.read)
        .await?;
        let remind_by = today + time::Duration::days(remind_days);
        let reminders = sqlx::query(
            "SELECT id, referral_id FROM offer WHERE live = 1 AND state = 'offered' \
             AND respond_by >= $1 AND respond_by <= $2 AND reminded_on IS NULL",
        )
        .bind(date_text(today))
        .bind(date_text(remind_by))
        .fetch_all(&self.read)
        .await?;
        if due.is_empty() && reminders.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let mut lapsed = 0;
        for r in &due {
            if end_offer(&mut tx, None, r, OfferState::Lapsed, "deadline", today).await? {
                lapsed += 1;
            }
        }
        for r in &reminders {
            sqlx::query("UPDATE offer SET reminded_on = $1 WHERE id = $2")
                .bind(date_text(today))
                .bind(text(r, "id")?)
                .execute(&mut *tx)
                .await?;
            if let Some(referral) = opt_id(r, "referral_id")? {
                notify_referring(&mut tx, &[referral], "offer_reminder").await?;
            }
        }
        tx.commit().await?;
        Ok(lapsed)
    }
}

/// The candidates whose person matches `half` (a condition on `p.id`), in list order.
async fn read_candidates(read: sqlx::AnyPool, half: &'static str) -> Result<Vec<MatchCandidate>> {
    // One read gives both the list's entries and each person's referrals: the rows of the
    // list, with what matching needs besides.
    let sql = format!(
        "SELECT {LIST_COLUMNS}, r.seq, r.id, r.agency_id, r.birth_date, r.sex_gender, r.adults, \
         r.accessibility, r.pets, r.smoking, r.max_rent_cents, r.preferred_areas, r.excluded_areas, \
         r.supporting_agency_id, r.supporting_worker, \
         (SELECT lo.latitude FROM location lo WHERE lo.organization_id = r.supporting_agency_id \
          AND lo.latitude IS NOT NULL ORDER BY lo.id LIMIT 1) AS supports_lat, \
         (SELECT lo.longitude FROM location lo WHERE lo.organization_id = r.supporting_agency_id \
          AND lo.latitude IS NOT NULL ORDER BY lo.id LIMIT 1) AS supports_lon \
         {LIST_FROM} AND p.status = $1 AND {half} ORDER BY {LIST_ORDER}"
    );
    let rows = sqlx::query(&sql)
        .bind(ListStatus::Active.code())
        .fetch_all(&read)
        .await?;
    let mut entries = Vec::new();
    // Each person's latest referral (the last entered) says what they need now.
    let mut latest: Vec<(i64, &AnyRow)> = Vec::new();
    for r in &rows {
        let seq = opt_i64(r, "seq")?.unwrap_or(0);
        let before = entries.len();
        add_to_entries(&mut entries, r)?;
        match latest.last_mut() {
            Some(last) if entries.len() == before => {
                if seq > last.0 {
                    *last = (seq, r);
                }
            }
            _ => latest.push((seq, r)),
        }
    }
    let mut candidates = Vec::with_capacity(entries.len());
    for (entry, (_, r)) in entries.into_iter().zip(latest) {
        let children_ages = split(opt_text(r, "children_ages")?)
            .iter()
            .filter_map(|a| a.parse().ok())
            .collect();
        let supports_at = opt_f64(r, "supports_lat")?.zip(opt_f64(r, "supports_lon")?);
        candidates.push(MatchCandidate {
            referral_id: id(r, "id")?,
            agency_id: opt_id(r, "agency_id")?,
            birth_date: opt_text(r, "birth_date")?,
            sex_gender: opt_text(r, "sex_gender")?,
            adults: opt_i64(r, "adults")?.unwrap_or(1).clamp(1, 255) as u8,
            children_ages,
            pregnant: get_flag(r, "pregnant")?,
            bedrooms_needed: opt_i64(r, "bedrooms_needed")?.unwrap_or(0).clamp(0, 255) as u8,
            accessibility: split(opt_text(r, "accessibility")?),
            pets: get_flag(r, "pets")?,
            smoking: get_flag(r, "smoking")?,
            max_rent: opt_i64(r, "max_rent_cents")?.map(Cents),
            preferred_areas: split(opt_text(r, "preferred_areas")?),
            excluded_areas: split(opt_text(r, "excluded_areas")?),
            has_support_worker: opt_text(r, "supporting_worker")?.is_some()
                || opt_id(r, "supporting_agency_id")?.is_some(),
            supports_at,
            entry,
        });
    }
    Ok(candidates)
}

/// Which units and persons named by a round are no longer open to it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StaleIds {
    pub units: Vec<Uuid>,
    pub persons: Vec<Uuid>,
}

async fn create_offer(
    conn: &mut AnyConnection,
    actor: Option<Uuid>,
    offer: &NewOffer,
) -> Result<Uuid> {
    let unit = sqlx::query("SELECT status FROM unit WHERE id = $1")
        .bind(offer.unit_id.to_string())
        .fetch_one(&mut *conn)
        .await?;
    if text(&unit, "status")? != UnitStatus::Available.as_str() {
        return Err(StoreError::Conflict("error-unit-taken"));
    }
    let person = sqlx::query("SELECT status FROM person WHERE id = $1 AND merged_into IS NULL")
        .bind(offer.person_id.to_string())
        .fetch_one(&mut *conn)
        .await?;
    if text(&person, "status")? != ListStatus::Active.code() {
        return Err(StoreError::Conflict("error-person-taken"));
    }
    // The offer goes through the person's latest referral whose consent holds.
    let referral = sqlx::query(
        "SELECT id, agency_id FROM referral WHERE person_id = $1 AND redacted_at IS NULL AND anonymous = 0 \
         ORDER BY seq DESC LIMIT 1",
    )
    .bind(offer.person_id.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::Conflict("error-person-taken"))?;
    let referral_id = id(&referral, "id")?;
    let offer_id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO offer (id, seq, round_id, person_id, unit_id, referral_id, agency_id, priority_position, fit, \
         state, live, offered_on, respond_by, created_by, created_at) \
         VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM offer), $2, $3, $4, $5, $6, $7, $8, 'offered', 1, $9, $10, $11, $12)",
    )
    .bind(offer_id.to_string())
    .bind(offer.round_id.map(|r| r.to_string()))
    .bind(offer.person_id.to_string())
    .bind(offer.unit_id.to_string())
    .bind(referral_id.to_string())
    .bind(opt_id(&referral, "agency_id")?.map(|a| a.to_string()))
    .bind(offer.priority_position.map(i64::from))
    .bind(offer.fit.map(i64::from))
    .bind(date_text(offer.offered_on))
    .bind(date_text(offer.respond_by))
    .bind(actor.map(|a| a.to_string()))
    .bind(now())
    .execute(&mut *conn)
    .await
    .map_err(|e| taken(e, "error-offer-exists"))?;
    add_offer_event(
        conn,
        actor,
        offer_id,
        offer.offered_on,
        None,
        OfferState::Offered,
        None,
        None,
    )
    .await?;
    let transition = Transition {
        to: UnitStatus::Offered,
        hold: None,
        household_ref: None,
        reason: Some("offer-made".into()),
        on: offer.offered_on,
    };
    transition_in(conn, actor, offer.unit_id, &transition)
        .await
        .map_err(|e| match e {
            StoreError::Invalid(_) => StoreError::Conflict("error-unit-taken"),
            other => other,
        })?;
    // Matched: off the pool until the offer ends. The referring workers are told by the
    // offer's own notification rather than a status change.
    change_status(
        conn,
        actor,
        offer.person_id,
        ListStatus::Matched,
        None,
        offer.offered_on,
        false,
    )
    .await
    .map_err(|e| match e {
        StoreError::Conflict(_) => StoreError::Conflict("error-person-taken"),
        other => other,
    })?;
    notify_referring(conn, &[referral_id], "offer_made").await?;
    record(
        conn,
        AuditEvent::new(actor, AuditAction::Create, "offer", Some(offer_id))
            .with_detail(format!("person {} unit {}", offer.person_id, offer.unit_id)),
    )
    .await?;
    Ok(offer_id)
}

/// An offer ended without a move-in: the unit is available again and the person active
/// again (unless their status changed meanwhile, e.g. inactive).
/// An offer from before it was kept here (a demo's history, or an import), with its steps
/// as they happened. Recording it moves no unit and no person: their own histories already
/// say where they went.
#[derive(Debug, Clone, PartialEq)]
pub struct PastOffer {
    pub person_id: Uuid,
    pub unit_id: Uuid,
    pub offered_on: Date,
    pub respond_by: Date,
    /// After the offer itself, each step in order: (day, state reached, reason).
    pub steps: Vec<(Date, OfferState, Option<String>)>,
    /// The lease's rent, when it was signed.
    pub rent: Option<Cents>,
    /// The tenancy the lease made; it learns its person.
    pub tenancy_id: Option<Uuid>,
    /// The round that proposed it, with the proposal's priority position and fit.
    pub proposal: Option<(Uuid, u32, u32)>,
}

impl Store {
    /// Records offers of the past, all or none, each through its person's latest referral.
    pub async fn record_past_offers(&self, offers: &[PastOffer]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for offer in offers {
            record_past_offer(&mut tx, offer).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

async fn record_past_offer(conn: &mut AnyConnection, offer: &PastOffer) -> Result<()> {
    let referral = sqlx::query(
        "SELECT id, agency_id FROM referral WHERE person_id = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(offer.person_id.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    let state = offer.steps.last().map_or(OfferState::Offered, |s| s.1);
    let day_of = |wanted: &[OfferState]| {
        offer
            .steps
            .iter()
            .find(|s| wanted.contains(&s.1))
            .map(|s| (date_text(s.0), s.2.clone()))
    };
    use OfferState::*;
    let client = day_of(&[ClientAccepted, ClientDeclined]);
    let landlord = day_of(&[LandlordAccepted, LandlordDeclined]);
    let leased = day_of(&[Leased]);
    let moved_in = day_of(&[MovedIn]);
    let ended = day_of(&[ClientDeclined, LandlordDeclined, Lapsed, Withdrawn]);
    let offer_id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO offer (id, seq, person_id, unit_id, referral_id, agency_id, state, live, offered_on, \
         respond_by, created_at, client_answered_on, client_reason, landlord_answered_on, landlord_reason, \
         lease_signed_on, lease_starts_on, rent_cents, moved_in_on, ended_on, end_reason, tenancy_id, \
         round_id, priority_position, fit) \
         VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM offer), $2, $3, $4, $5, $6, $7, $8, $9, $10, \
         $11, $12, $13, $14, $15, $15, $16, $17, $18, $19, $20, $21, $22, $23)",
    )
    .bind(offer_id.to_string())
    .bind(offer.person_id.to_string())
    .bind(offer.unit_id.to_string())
    .bind(text(&referral, "id")?)
    .bind(opt_text(&referral, "agency_id")?)
    .bind(state.code())
    .bind(state.is_live().then_some(1i64))
    .bind(date_text(offer.offered_on))
    .bind(date_text(offer.respond_by))
    .bind(now())
    .bind(client.as_ref().map(|c| c.0.clone()))
    .bind(client.and_then(|c| c.1))
    .bind(landlord.as_ref().map(|l| l.0.clone()))
    .bind(landlord.and_then(|l| l.1))
    .bind(leased.map(|l| l.0))
    .bind(offer.rent.map(|r| r.0))
    .bind(moved_in.map(|m| m.0))
    .bind(ended.as_ref().map(|e| e.0.clone()))
    .bind(ended.and_then(|e| e.1))
    .bind(offer.tenancy_id.map(|t| t.to_string()))
    .bind(offer.proposal.map(|p| p.0.to_string()))
    .bind(offer.proposal.map(|p| i64::from(p.1)))
    .bind(offer.proposal.map(|p| i64::from(p.2)))
    .execute(&mut *conn)
    .await
    .map_err(|e| taken(e, "error-offer-exists"))?;
    let mut from = None;
    for (on, to, reason) in std::iter::once(&(offer.offered_on, Offered, None)).chain(&offer.steps)
    {
        add_offer_event(
            conn,
            None,
            offer_id,
            *on,
            from,
            *to,
            reason.as_deref(),
            None,
        )
        .await?;
        from = Some(*to);
    }
    if let Some(tenancy) = offer.tenancy_id {
        sqlx::query("UPDATE tenancy SET person_id = $1 WHERE id = $2")
            .bind(offer.person_id.to_string())
            .bind(tenancy.to_string())
            .execute(&mut *conn)
            .await?;
        crate::tenancies::assign_supports(&mut *conn, tenancy, offer.person_id).await?;
    }
    Ok(())
}

/// Ends the live offer read as `offer` (its id, state, unit and person) in `to` with
/// `reason`, and returns its unit and person to the pool. False when the offer moved on
/// meanwhile (someone else took a step): nothing is changed then.
async fn end_offer(
    conn: &mut AnyConnection,
    actor: Option<Uuid>,
    offer: &AnyRow,
    to: OfferState,
    reason: &str,
    on: Date,
) -> Result<bool> {
    let offer_id = id(offer, "id")?;
    let from = text(offer, "state")?;
    let done = sqlx::query(
        "UPDATE offer SET state = $1, live = NULL, ended_on = $2, end_reason = $3 \
         WHERE id = $4 AND state = $5 AND live = 1",
    )
    .bind(to.code())
    .bind(date_text(on))
    .bind(reason)
    .bind(offer_id.to_string())
    .bind(&from)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    add_offer_event(
        conn,
        actor,
        offer_id,
        on,
        OfferState::parse(&from),
        to,
        Some(reason),
        None,
    )
    .await?;
    release(
        conn,
        actor,
        id(offer, "unit_id")?,
        id(offer, "person_id")?,
        on,
        to,
    )
    .await?;
    Ok(true)
}

/// When a person's consent ends, the offers not yet leased are withdrawn: the hub may no
/// longer share the person's facts with a landlord, and the unit goes back to the pool. A
/// signed lease stands.
pub(crate) async fn withdraw_offers_of(
    conn: &mut AnyConnection,
    actor: Option<Uuid>,
    person: Uuid,
    on: Date,
) -> Result<()> {
    let live = sqlx::query(
        "SELECT id, state, person_id, unit_id FROM offer WHERE live = 1 AND person_id = $1 \
         AND state IN ('offered', 'client_accepted', 'landlord_accepted')",
    )
    .bind(person.to_string())
    .fetch_all(&mut *conn)
    .await?;
    for offer in &live {
        end_offer(
            conn,
            actor,
            offer,
            OfferState::Withdrawn,
            "consent_ended",
            on,
        )
        .await?;
    }
    Ok(())
}

async fn release(
    conn: &mut AnyConnection,
    actor: Option<Uuid>,
    unit: Uuid,
    person: Uuid,
    on: Date,
    why: OfferState,
) -> Result<()> {
    let status = sqlx::query("SELECT status FROM unit WHERE id = $1")
        .bind(unit.to_string())
        .fetch_one(&mut *conn)
        .await?;
    if text(&status, "status")? == UnitStatus::Offered.as_str() {
        let transition = Transition {
            to: UnitStatus::Available,
            hold: None,
            household_ref: None,
            reason: Some(format!("offer-{}", why.code())),
            on,
        };
        transition_in(conn, actor, unit, &transition).await?;
    }
    let person_status = sqlx::query("SELECT status FROM person WHERE id = $1")
        .bind(person.to_string())
        .fetch_one(&mut *conn)
        .await?;
    if text(&person_status, "status")? == ListStatus::Matched.code() {
        change_status(conn, actor, person, ListStatus::Active, None, on, false).await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn add_offer_event(
    conn: &mut AnyConnection,
    actor: Option<Uuid>,
    offer: Uuid,
    on: Date,
    from: Option<OfferState>,
    to: OfferState,
    reason: Option<&str>,
    note: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO offer_event (id, offer_id, seq, on_day, from_state, to_state, reason, note, actor_id, at) \
         VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM offer_event WHERE offer_id = $2), $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(offer.to_string())
    .bind(date_text(on))
    .bind(from.map(OfferState::code))
    .bind(to.code())
    .bind(reason)
    .bind(note)
    .bind(actor.map(|a| a.to_string()))
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// `select` followed by `(…ids…)` and `then`, in chunks of ids both databases accept.
async fn by_ids(store: &Store, select: &str, ids: &[Uuid], then: &str) -> Result<Vec<AnyRow>> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(500) {
        let mut sql = crate::rows::SqlBuilder::default();
        sql.push(select).push(" ").bind_ids(chunk).push(then);
        rows.extend(sql.query().fetch_all(&store.read).await?);
    }
    Ok(rows)
}

/// A unit as a round's page names it.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitLabel {
    pub label: String,
    pub address: String,
    pub bedrooms: u8,
    pub rent: Cents,
    pub landlord: String,
}

impl Store {
    /// The names of `persons` from their latest referral whose consent holds (a person
    /// whose consent ended has none).
    pub async fn person_names(
        &self,
        persons: &[Uuid],
    ) -> Result<std::collections::HashMap<Uuid, String>> {
        let rows = by_ids(
            self,
            "SELECT person_id, given_name, family_name FROM referral WHERE redacted_at IS NULL \
             AND anonymous = 0 AND person_id IN",
            persons,
            // Oldest first: the latest referral's name is inserted last and wins.
            " ORDER BY seq",
        )
        .await?;
        let mut names = std::collections::HashMap::new();
        for r in &rows {
            names.insert(
                id(r, "person_id")?,
                crate::referrals::name_of(r, "given_name", "family_name")?,
            );
        }
        Ok(names)
    }

    /// The labels of `units`.
    pub async fn unit_labels(
        &self,
        units: &[Uuid],
    ) -> Result<std::collections::HashMap<Uuid, UnitLabel>> {
        let rows = by_ids(
            self,
            "SELECT u.id, u.label, u.bedrooms, u.rent_cents, p.address, l.name FROM unit u \
             JOIN property p ON p.id = u.property_id JOIN landlord l ON l.id = p.landlord_id WHERE u.id IN",
            units,
            "",
        )
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    id(r, "id")?,
                    UnitLabel {
                        label: text(r, "label")?,
                        address: text(r, "address")?,
                        bedrooms: opt_i64(r, "bedrooms")?.unwrap_or(0) as u8,
                        rent: Cents(opt_i64(r, "rent_cents")?.unwrap_or(0)),
                        landlord: text(r, "name")?,
                    },
                ))
            })
            .collect()
    }
}

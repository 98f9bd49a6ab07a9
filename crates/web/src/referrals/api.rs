//! Coordinated access over the JSON API (`/api/v1/`), with the same rules as the pages:
//! partner workers see their agency's referrals only (another agency's id answers 404),
//! the by-name list is for the hub.

use super::list::{parse_contact, parse_status, ranked_list};
use super::pages::{REFERRAL_SORTS, referrals_in_listing};
use super::{Incoming, apply_dates, readable_referral, save_referral};
use crate::AppState;
use crate::api::ApiJson;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::listing::ListingParams;
use crate::pages::parse_id;
use crate::routes::Routes;
use crate::views::today;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::referrals::{ListStatus, ReferralInput};
use passerelle_store::{
    ListEntry, ReferralRecord, ReviewDecision, ReviewRecord, ReviewState, ReviewSummary,
};
use serde::Serialize;
use std::collections::BTreeMap;
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new()
        .route("/api/v1/referrals", get(list).post(create))
        .route("/api/v1/referrals/{id}", get(one))
        .route("/api/v1/referrals/{id}/consent/withdrawal", post(withdraw))
        .route("/api/v1/priority-list", get(priority_list))
        .route("/api/v1/persons/{id}", get(person))
        .route("/api/v1/persons/{id}/status", post(person_status))
        .route("/api/v1/persons/{id}/contacts", post(person_contact))
        .route("/api/v1/reviews", get(reviews))
        .route("/api/v1/reviews/{id}", get(review))
        .route("/api/v1/reviews/{id}/decision", post(review_decision))
        .route("/api/v1/notifications", get(notifications))
}

/// A possible same person found when the referral was saved: the review item only, so
/// that a partner worker learns nothing of another agency's referral.
#[derive(Serialize)]
struct PossibleSamePerson {
    review_id: Uuid,
}

#[derive(Serialize)]
struct Created {
    referral: ReferralRecord,
    /// The person the referral joined or created; absent for an anonymous count.
    person_id: Option<Uuid>,
    joined_known_person: bool,
    possible_same_persons: Vec<PossibleSamePerson>,
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<ReferralInput>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let user = ctx.user()?;
    permit(user.can_refer())?;
    let parsed = input.parse(today()).map_err(AppError::Invalid)?;
    let created = save_referral(
        &state.store,
        &state.people,
        Some(user.id),
        Incoming {
            agency: user.agency_id,
            referred_on: today(),
            referral: parsed,
        },
    )
    .await?;
    let referral = state.store.referral(created.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            referral,
            person_id: created.person_id,
            joined_known_person: created.joined,
            possible_same_persons: created
                .reviews
                .into_iter()
                .map(|review_id| PossibleSamePerson { review_id })
                .collect(),
        }),
    ))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    /// Blank for every status. Read as text: a flattened query reads every value as text.
    status: String,
    #[serde(flatten)]
    listing: ListingParams,
}

/// `GET /api/v1/referrals`: one page of the caller's referrals, sorted as the referrals
/// page sorts them (the newest first unless asked otherwise).
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Json<serde_json::Value>, AppError> {
    let user = ctx.user()?;
    // A role without referrals is refused before its parameters are read.
    user.referral_scope().ok_or(AppError::Forbidden)?;
    let status = match q.status.trim() {
        "" => None,
        raw => Some(ListStatus::parse(raw).ok_or(AppError::BadRequest("error-status"))?),
    };
    let mut listing = (q.listing).listing_descending("/api/v1/referrals", &REFERRAL_SORTS, true)?;
    let referrals = referrals_in_listing(&state, user, status, &mut listing).await?;
    Ok(Json(serde_json::json!({
        "total": listing.total,
        "page": listing.page,
        "per_page": listing.per_page,
        "referrals": referrals,
    })))
}

async fn one(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<ReferralRecord>, AppError> {
    let user = ctx.user()?;
    apply_dates(&state, today()).await?;
    let referral = readable_referral(&state, user, parse_id(&id)?).await?;
    if referral.fields.is_some() {
        state
            .store
            .record_audit(AuditEvent::new(
                Some(user.id),
                AuditAction::Read,
                "referral",
                Some(referral.id),
            ))
            .await?;
    }
    Ok(Json(referral))
}

#[derive(Serialize)]
struct Withdrawn {
    /// The referrals of the person erased to stubs.
    erased: usize,
}

async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<Withdrawn>, AppError> {
    let user = ctx.user()?;
    let referral = readable_referral(&state, user, parse_id(&id)?).await?;
    let erased = super::pages::withdraw_consent(&state, user.id, referral.id).await?;
    Ok(Json(Withdrawn {
        erased: erased.len(),
    }))
}

#[derive(Serialize)]
struct ListLine {
    rank: usize,
    person_id: Uuid,
    name: String,
    status: ListStatus,
    /// Each key of the policy in force and the person's value for it.
    keys: BTreeMap<&'static str, String>,
    bedrooms_needed: u8,
    referring_agencies: Vec<String>,
}

#[derive(Serialize)]
struct PriorityList {
    /// The policy's keys, most important first; ties go to the earliest first referral.
    policy: Vec<&'static str>,
    persons: Vec<ListLine>,
}

async fn priority_list(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<PriorityList>, AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_list())?;
    let list = ranked_list(&state).await?;
    let (policy, ranked) = (&list.policy, &list.ranked);
    crate::audit::record_list_read(&state, user, "priority_list", ranked.len()).await?;
    Ok(Json(PriorityList {
        policy: policy.keys().iter().map(|k| k.code()).collect(),
        persons: ranked
            .iter()
            .map(|r| ListLine {
                rank: r.rank,
                person_id: r.entry.person_id,
                name: r.entry.name.clone(),
                status: r.entry.status,
                keys: r.keys.iter().cloned().collect(),
                bedrooms_needed: r.entry.bedrooms_needed,
                referring_agencies: r.entry.agencies.clone(),
            })
            .collect(),
    }))
}

// ---------------------------------------------------------------- persons (the hub)

#[derive(Serialize)]
struct PersonView {
    #[serde(flatten)]
    person: passerelle_store::PersonRecord,
    /// The person's rank on the list when waiting.
    rank: Option<usize>,
    contacts: Vec<passerelle_store::ContactRecord>,
    /// The person's tenancies, each with its return to homelessness if any.
    tenancies: Vec<crate::tenancies::TenancyView>,
}

/// A person on the list with every referral, the status history and the contacts, as the
/// person's page shows them. Hub roles; audited.
async fn person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<PersonView>, AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_list())?;
    let list = ranked_list(&state).await?;
    let person = state.store.person(parse_id(&id)?).await?;
    let id = person.entry.person_id;
    state
        .store
        .record_audit(AuditEvent::new(
            Some(user.id),
            AuditAction::Read,
            "person",
            Some(id),
        ))
        .await?;
    Ok(Json(PersonView {
        rank: list
            .ranked
            .iter()
            .find(|r| r.entry.person_id == id)
            .map(|r| r.rank),
        contacts: state.store.contacts(id).await?,
        tenancies: crate::tenancies::person_tenancies(&state, id).await?,
        person,
    }))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct StatusInput {
    status: String,
    /// For inactive: `no_contact`, `moved_away`, `hospital`, `prison` or `deceased`.
    reason: String,
}

async fn person_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<StatusInput>,
) -> Result<Json<ListEntry>, AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_list())?;
    let id = parse_id(&id)?;
    let (status, reason) = parse_status(&input.status, &input.reason).map_err(AppError::Invalid)?;
    state
        .store
        .set_person_status(Some(user.id), id, status, reason, today())
        .await?;
    Ok(Json(state.store.person(id).await?.entry))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ContactInput {
    /// `YYYY-MM-DD`; today when absent.
    on: String,
    note: String,
}

async fn person_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ContactInput>,
) -> Result<(StatusCode, Json<Vec<passerelle_store::ContactRecord>>), AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_list())?;
    let id = parse_id(&id)?;
    let (on, note) = parse_contact(&input.on, &input.note).map_err(AppError::Invalid)?;
    state
        .store
        .record_contact(Some(user.id), id, on, &note)
        .await?;
    Ok((StatusCode::CREATED, Json(state.store.contacts(id).await?)))
}

// ---------------------------------------------------------------- possible same persons

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ReviewsQuery {
    /// `open` (the default), `linked` or `kept_apart`.
    state: String,
}

async fn reviews(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ReviewsQuery>,
) -> Result<Json<Vec<ReviewSummary>>, AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_list())?;
    let wanted = match q.state.trim() {
        "" => ReviewState::Open,
        raw => ReviewState::parse(raw).map_err(|_| AppError::BadRequest("error-state"))?,
    };
    apply_dates(&state, today()).await?;
    Ok(Json(state.store.reviews(wanted).await?))
}

/// A possible same person with both referrals and the engine's explanation. Audited.
async fn review(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<ReviewRecord>, AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_list())?;
    apply_dates(&state, today()).await?;
    let review = state.store.review(parse_id(&id)?).await?;
    state
        .store
        .record_audit(AuditEvent::new(
            Some(user.id),
            AuditAction::Read,
            "link_review",
            Some(review.summary.id),
        ))
        .await?;
    Ok(Json(review))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct DecisionInput {
    /// `link` or `keep_apart`.
    decision: String,
    reason: String,
}

#[derive(Serialize)]
struct Decided {
    /// The person the new referral belongs to after the decision.
    person_id: Uuid,
}

async fn review_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Result<Json<Decided>, AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_list())?;
    let decision = ReviewDecision::parse(&input.decision).ok_or_else(|| {
        AppError::Invalid(passerelle_domain::FieldErrors(vec![
            passerelle_domain::FieldError::new("decision", "error-choose"),
        ]))
    })?;
    let reason = Some(input.reason.trim().to_owned()).filter(|r| !r.is_empty());
    let person_id = state
        .store
        .decide_review(Some(user.id), parse_id(&id)?, decision, reason)
        .await?;
    Ok(Json(Decided { person_id }))
}

// ---------------------------------------------------------------- notifications

#[derive(Serialize)]
struct Notifications {
    unread: i64,
    /// Newest first, at most 200.
    notifications: Vec<passerelle_store::Notification>,
}

async fn notifications(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Notifications>, AppError> {
    let user = ctx.user()?;
    apply_dates(&state, today()).await?;
    Ok(Json(Notifications {
        unread: state.store.unread_notifications(user.id).await?,
        notifications: state.store.notifications(user.id, 200).await?,
    }))
}

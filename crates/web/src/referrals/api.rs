//! Coordinated access over the JSON API (`/api/v1/`), with the same rules as the pages:
//! partner workers see their agency's referrals only (another agency's id answers 404),
//! the by-name list is for the hub.

use super::list::ranked_list;
use super::{Incoming, apply_consent_dates, readable_referral, require_list, save_referral};
use crate::AppState;
use crate::api::ApiJson;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::pages::parse_id;
use crate::views::today;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::referrals::{ListStatus, ReferralInput};
use passerelle_store::{ReferralRecord, ReferralSummary};
use serde::Serialize;
use std::collections::BTreeMap;
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/referrals", get(list).post(create))
        .route("/api/v1/referrals/{id}", get(one))
        .route("/api/v1/referrals/{id}/consent/withdrawal", post(withdraw))
        .route("/api/v1/priority-list", get(priority_list))
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
    if !user.can_refer() {
        return Err(AppError::Forbidden);
    }
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
    status: String,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<ReferralSummary>>, AppError> {
    let user = ctx.user()?;
    let scope = user.referral_scope().ok_or(AppError::Forbidden)?;
    let status = match q.status.trim() {
        "" => None,
        raw => Some(ListStatus::parse(raw).ok_or(AppError::BadRequest("error-status"))?),
    };
    apply_consent_dates(&state, today()).await?;
    Ok(Json(state.store.referrals(scope, status).await?))
}

async fn one(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<ReferralRecord>, AppError> {
    let user = ctx.user()?;
    apply_consent_dates(&state, today()).await?;
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
    require_list(user)?;
    let (policy, ranked) = ranked_list(&state).await?;
    state
        .store
        .record_audit(AuditEvent::new(
            Some(user.id),
            AuditAction::Read,
            "priority_list",
            None,
        ))
        .await?;
    Ok(Json(PriorityList {
        policy: policy.keys().iter().map(|k| k.code()).collect(),
        persons: ranked
            .into_iter()
            .map(|r| ListLine {
                rank: r.rank,
                person_id: r.entry.person_id,
                name: r.entry.name,
                status: r.entry.status,
                keys: r.keys.into_iter().collect(),
                bedrooms_needed: r.entry.bedrooms_needed,
                referring_agencies: r.entry.agencies,
            })
            .collect(),
    }))
}

//! Match rounds and offers over the JSON API (`/api/v1/`), with the pages' rules: rounds
//! are the hub's; partner workers read and answer their own clients' offers only (another
//! agency's offer answers 404), and see the unit's address and landlord only once the client
//! has accepted.

use super::pages::{
    OFFER_SORTS, in_listing_order, offers_from_round, parse_correction, readable_offer, sees_unit,
    take_step,
};
use super::round::{LoadedRound, correct, load_round, person_of, start_round};
use super::{apply_offer_dates, default_respond_by};
use crate::AppState;
use crate::api::ApiJson;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::listing::ListingParams;
use crate::pages::parse_id;
use crate::referrals::list::policy_in_force;
use crate::routes::Routes;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use passerelle_domain::FieldErrors;
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::offers::OfferStepInput;
use passerelle_domain::roles::User;
use passerelle_matching::plan::{Assignment, Unmatched};
use passerelle_matching::policy::Policy;
use passerelle_store::{OfferEvent, OfferFilter, OfferRecord, OverrideRecord, RoundRecord};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new()
        .route("/api/v1/match/rounds", get(rounds).post(start))
        .route("/api/v1/match/rounds/{id}", get(round))
        .route("/api/v1/match/rounds/{id}/corrections", post(correction))
        .route("/api/v1/match/rounds/{id}/offers", post(make_offers))
        .route("/api/v1/offers", get(offers))
        .route("/api/v1/offers/{id}", get(offer))
        .route("/api/v1/offers/{id}/steps", post(step))
        .merge(super::equity::api_router())
        .merge(super::compare::api_router())
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct StartRound {
    /// Priority keys, most important first; the policy in force when absent.
    policy: Option<String>,
    dry_run: bool,
}

async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<StartRound>,
) -> Result<(StatusCode, Json<super::round::RoundSummary>), AppError> {
    let user = ctx.user()?;
    permit(user.can_run_matching())?;
    // Blank is no policy given, as absent is.
    let given = input.policy.as_deref().filter(|p| !p.trim().is_empty());
    let policy = match given {
        Some(keys) => Policy::parse(keys).map_err(|_| {
            AppError::Invalid(FieldErrors(vec![passerelle_domain::FieldError::new(
                "policy",
                "error-policy-key",
            )]))
        })?,
        None => policy_in_force(&state.store).await?,
    };
    // A round under another policy than the one in force is a comparison: never offered.
    let dry_run = input.dry_run || given.is_some();
    let day = apply_offer_dates(&state).await?;
    let summary = start_round(&state.store, Some(user.id), day, &policy, dry_run).await?;
    Ok((StatusCode::CREATED, Json(summary)))
}

async fn rounds(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<RoundRecord>>, AppError> {
    permit(ctx.user()?.can_run_matching())?;
    Ok(Json(state.store.rounds(100).await?))
}

/// A proposal as the API gives it: the person and unit ids, with the engine's reasons.
#[derive(Serialize)]
struct Proposal<'a> {
    person_id: Option<Uuid>,
    unit_id: &'a str,
    #[serde(flatten)]
    explanation: &'a Assignment,
}

#[derive(Serialize)]
struct Waiting<'a> {
    person_id: Option<Uuid>,
    #[serde(flatten)]
    explanation: &'a Unmatched,
}

#[derive(Serialize)]
struct RoundView<'a> {
    round: RoundRecord,
    proposals: Vec<Proposal<'a>>,
    /// Every person left waiting, in priority order, with why.
    waiting: Vec<Waiting<'a>>,
    corrections: Vec<OverrideRecord>,
}

async fn round(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, AppError> {
    let user = ctx.user()?;
    permit(user.can_run_matching())?;
    let id = parse_id(&id)?;
    let header = state.store.round(id).await?;
    let loaded: LoadedRound = load_round(&state.store, id).await?;
    state
        .store
        .record_audit(AuditEvent::new(
            Some(user.id),
            AuditAction::Read,
            "match_round",
            Some(id),
        ))
        .await?;
    let view = RoundView {
        round: header,
        proposals: loaded
            .result
            .assignments
            .iter()
            .map(|a| Proposal {
                person_id: person_of(&a.client),
                unit_id: &a.unit,
                explanation: a,
            })
            .collect(),
        waiting: loaded
            .result
            .unmatched
            .iter()
            .map(|w| Waiting {
                person_id: person_of(&w.client),
                explanation: w,
            })
            .collect(),
        corrections: state.store.overrides(id).await?,
    };
    serde_json::to_value(&view)
        .map(Json)
        .map_err(|e| AppError::Internal(e.to_string()))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct CorrectionInput {
    person_id: String,
    unit_id: String,
    /// `exclude` or `pin`.
    kind: String,
    /// Required for an exclusion.
    reason: String,
}

async fn correction(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CorrectionInput>,
) -> Result<Json<RoundRecord>, AppError> {
    let user = ctx.user()?;
    permit(user.can_run_matching())?;
    let id = parse_id(&id)?;
    let c = parse_correction(&input.person_id, &input.unit_id, &input.kind, &input.reason)
        .map_err(AppError::Invalid)?;
    correct(&state.store, Some(user.id), id, &c).await?;
    Ok(Json(state.store.round(id).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PairInput {
    person_id: Uuid,
    unit_id: Uuid,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OffersInput {
    pairs: Vec<PairInput>,
    /// `YYYY-MM-DD`; a week from today when absent.
    #[serde(default)]
    respond_by: Option<String>,
}

#[derive(Serialize)]
struct OffersMade {
    offers: Vec<Uuid>,
}

async fn make_offers(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OffersInput>,
) -> Result<(StatusCode, Json<OffersMade>), AppError> {
    let user = ctx.user()?;
    permit(user.can_run_matching())?;
    let id = parse_id(&id)?;
    let respond_by = match input.respond_by.as_deref() {
        None => default_respond_by(crate::views::today()),
        Some(raw) => passerelle_domain::housing::date("respond_by", raw)
            .map_err(|e| AppError::Invalid(FieldErrors(vec![e])))?,
    };
    let pairs: Vec<(Uuid, Uuid)> = input
        .pairs
        .iter()
        .map(|p| (p.person_id, p.unit_id))
        .collect();
    let offers = offers_from_round(&state, user, id, &pairs, respond_by).await?;
    Ok((StatusCode::CREATED, Json(OffersMade { offers })))
}

/// An offer as a user may see it: the unit's address and landlord only for the hub, or
/// once the client accepted.
#[derive(Serialize)]
struct OfferView {
    #[serde(flatten)]
    offer: OfferRecord,
    live: bool,
}

fn view_for(user: &User, mut offer: OfferRecord) -> OfferView {
    if !sees_unit(user, &offer) {
        offer.unit_label.clear();
        offer.address.clear();
        offer.landlord_name.clear();
        offer.landlord_id = Uuid::nil();
        offer.unit_id = Uuid::nil();
    }
    OfferView {
        live: offer.state.is_live(),
        offer,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OffersQuery {
    /// A round's id; blank for every round.
    round: String,
    /// `true` for the offers still open only. Read as text: a flattened query reads every
    /// value as text.
    live: String,
    #[serde(flatten)]
    listing: ListingParams,
}

/// `GET /api/v1/offers`: one page of the offers in the caller's scope, sorted as the offers
/// page sorts them (the latest offer first unless asked otherwise).
async fn offers(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<OffersQuery>,
) -> Result<Json<serde_json::Value>, AppError> {
    let user = ctx.user()?;
    let scope = user.offer_scope().ok_or(AppError::Forbidden)?;
    let bad = || AppError::BadRequest("error-bad-request");
    let live_only = match q.live.trim() {
        "" | "false" => false,
        "true" => true,
        _ => return Err(bad()),
    };
    let round = match q.round.trim() {
        "" => None,
        raw => Some(Uuid::parse_str(raw).map_err(|_| bad())?),
    };
    let mut listing = (q.listing).listing_descending("/api/v1/offers", &OFFER_SORTS, true)?;
    apply_offer_dates(&state).await?;
    let list = state
        .store
        .offers(&OfferFilter {
            agency: scope,
            round,
            live_only,
        })
        .await?;
    crate::audit::record_list_read(&state, user, "offer", list.len()).await?;
    let page: Vec<OfferView> = in_listing_order(&ctx, &list, &mut listing)
        .into_iter()
        .map(|o| view_for(user, o.clone()))
        .collect();
    Ok(Json(serde_json::json!({
        "total": listing.total,
        "page": listing.page,
        "per_page": listing.per_page,
        "offers": page,
    })))
}

#[derive(Serialize)]
struct OfferWithHistory {
    #[serde(flatten)]
    offer: OfferView,
    history: Vec<OfferEvent>,
}

async fn offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<OfferWithHistory>, AppError> {
    let user = ctx.user()?;
    apply_offer_dates(&state).await?;
    let (offer, history) = readable_offer(&state, user, parse_id(&id)?).await?;
    Ok(Json(OfferWithHistory {
        offer: view_for(user, offer),
        history,
    }))
}

async fn step(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OfferStepInput>,
) -> Result<Json<OfferWithHistory>, AppError> {
    let user = ctx.user()?;
    let id = parse_id(&id)?;
    take_step(&state, user, id, &input).await?;
    let (offer, history) = readable_offer(&state, user, id).await?;
    Ok(Json(OfferWithHistory {
        offer: view_for(user, offer),
        history,
    }))
}

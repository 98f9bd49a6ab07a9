//! Possible same persons (B2): the hub's queue, each pair side by side with every field's
//! agreement and weight as the engine explained it, and the decision (link or keep apart)
//! that can be undone later with a reason.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::pages::{FormData, parse_id};
use crate::routes::Routes;
use crate::views::{FormErrors, render};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::{FieldError, FieldErrors};
use passerelle_store::{ReferralRecord, ReviewDecision, ReviewState, ReviewSummary};

pub fn router() -> Routes {
    Routes::new()
        .route("/reviews", get(queue))
        .route("/reviews/{id}", get(review_page))
        .route("/reviews/{id}/decision", post(decide))
        .route("/reviews/{id}/undo", post(undo))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct QueueQuery {
    state: String,
}

#[derive(Template)]
#[template(path = "referrals/reviews.html")]
struct QueuePage<'a> {
    ctx: &'a Ctx,
    reviews: Vec<ReviewSummary>,
    state: &'static str,
}

async fn queue(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_manage_list())?;
    let wanted = match q.state.as_str() {
        "linked" => ReviewState::Linked,
        "kept_apart" => ReviewState::KeptApart,
        _ => ReviewState::Open,
    };
    let reviews = state.store.reviews(wanted).await?;
    Ok(render(&QueuePage {
        ctx: &ctx,
        reviews,
        state: wanted.code(),
    }))
}

/// One field of the engine's explanation, as stored with the review item.
#[derive(serde::Deserialize)]
struct Evidence {
    field: String,
    level: String,
    weight: f64,
}

#[derive(serde::Deserialize)]
struct Explanation {
    fields: Vec<Evidence>,
    #[serde(default)]
    swapped_names: bool,
    total_weight: f64,
    probability: f64,
}

/// One line of the side-by-side table.
struct Line {
    label: String,
    left: String,
    right: String,
    level: String,
    weight: String,
    /// `for`, `against` or `neutral`, for the weight's colour (the sign is also printed).
    tone: &'static str,
}

#[derive(Template)]
#[template(path = "referrals/review.html")]
struct ReviewPage<'a> {
    ctx: &'a Ctx,
    review: ReviewSummary,
    left_agency: String,
    right_agency: String,
    lines: Vec<Line>,
    swapped_names: bool,
    total_weight: String,
    probability: String,
    state: String,
    reason: String,
    errors: FormErrors,
}

/// What each referral says for one of the engine's fields.
fn value_of(tr: crate::i18n::Tr, r: &ReferralRecord, field: &str) -> String {
    let Some(f) = &r.fields else {
        return String::new();
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    match field {
        "given_name" => {
            let others = opt(&f.other_names);
            if others.is_empty() {
                f.given_name.clone()
            } else {
                format!("{} ({others})", f.given_name)
            }
        }
        "family_name" => opt(&f.family_name),
        "birth_date" => crate::views::birth_date_text(tr, &f.birth_date),
        "sex" => opt(&f.sex_gender),
        "address" => [
            opt(&f.last_address),
            f.postal_code
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", "),
        "phone" => opt(&f.phone),
        "email" => f
            .email
            .as_ref()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default(),
        "identifier" => opt(&f.identifier),
        _ => String::new(),
    }
}

async fn render_review(
    state: &AppState,
    ctx: &Ctx,
    id: uuid::Uuid,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_list())?;
    let record = state.store.review(id).await?;
    for referral in [record.referral.id, record.candidate.id] {
        state
            .store
            .record_audit(
                AuditEvent::new(Some(user.id), AuditAction::Read, "referral", Some(referral))
                    .with_detail("review"),
            )
            .await?;
    }
    let explanation: Explanation = serde_json::from_str(&record.explanation)
        .map_err(|e| AppError::Internal(format!("stored explanation: {e}")))?;
    let lines = explanation
        .fields
        .iter()
        .map(|e| Line {
            label: ctx
                .tr
                .t(&format!("link-field-{}", e.field.replace('_', "-"))),
            left: value_of(ctx.tr, &record.referral, &e.field),
            right: value_of(ctx.tr, &record.candidate, &e.field),
            level: ctx
                .tr
                .t(&format!("link-level-{}", e.level.replace('_', "-"))),
            weight: ctx.tr.signed(e.weight, 1),
            tone: if e.weight > 0.5 {
                "for"
            } else if e.weight < -0.5 {
                "against"
            } else {
                "neutral"
            },
        })
        .collect();
    let walk_in = ctx.tr.t("referral-walk-in");
    let page = ReviewPage {
        ctx,
        left_agency: record
            .referral
            .agency_name
            .clone()
            .unwrap_or_else(|| walk_in.clone()),
        right_agency: record.candidate.agency_name.clone().unwrap_or(walk_in),
        lines,
        swapped_names: explanation.swapped_names,
        total_weight: ctx.tr.signed(explanation.total_weight, 1),
        probability: ctx.tr.percent(explanation.probability),
        state: ctx.tr.t(&format!(
            "review-state-{}",
            record.summary.state.code().replace('_', "-")
        )),
        reason: record.reason.clone().unwrap_or_default(),
        errors: FormErrors::new(errors.clone(), ctx.tr),
        review: record.summary,
    };
    Ok((crate::views::form_status(&errors), render(&page)).into_response())
}

async fn review_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    render_review(&state, &ctx, parse_id(&id)?, FieldErrors::default()).await
}

async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_manage_list())?;
    let id = parse_id(&id)?;
    let Some(decision) = ReviewDecision::parse(&form.get("decision")) else {
        return render_review(
            &state,
            &ctx,
            id,
            FieldErrors(vec![FieldError::new("decision", "error-choose")]),
        )
        .await;
    };
    let reason = Some(form.get("reason").trim().to_owned()).filter(|r| !r.is_empty());
    state
        .store
        .decide_review(Some(user.id), id, decision, reason)
        .await?;
    Ok(Redirect::to(&format!("/reviews/{id}")).into_response())
}

async fn undo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_manage_list())?;
    let id = parse_id(&id)?;
    let reason = form.get("reason").trim().to_owned();
    if reason.is_empty() {
        return render_review(
            &state,
            &ctx,
            id,
            FieldErrors(vec![FieldError::new("reason", "error-undo-reason")]),
        )
        .await;
    }
    state
        .store
        .undo_review(Some(user.id), id, reason, crate::views::today())
        .await?;
    Ok(Redirect::to(&format!("/reviews/{id}")).into_response())
}

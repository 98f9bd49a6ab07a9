//! The by-name list (B3): every person waiting, ranked by the prioritization policy in
//! force with each key's value shown (no opaque score), monthly inflow and outflow, one
//! person with every referral that brought them, status changes, and the policy itself:
//! what a change would move before it is saved, and every policy kept with its dates.

use super::{apply_consent_dates, require_list};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::pages::{FormData, parse_id};
use crate::views::{Choice, FormErrors, code_choices, form_status, render, today};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use passerelle_domain::FieldErrors;
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::{MonthIndex, date_text};
use passerelle_domain::referrals::status::Flow;
use passerelle_domain::referrals::{InactiveReason, ListStatus};
use passerelle_matching::policy::{Policy, PriorityInputs, PriorityKey};
use passerelle_store::{ListEntry, StoreError};
use std::collections::HashMap;
use time::Date;
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/list", get(list_page))
        .route("/list/persons/{id}", get(person_page))
        .route("/list/persons/{id}/status", post(change_status))
        .route("/list/policy", get(policy_page).post(save_policy))
        .route("/list/linkage/retrain", post(retrain))
}

// ---------------------------------------------------------------- ranking

/// The policy in force: the latest one saved, else the engine's default.
pub(super) async fn policy_in_force(state: &AppState) -> Result<Policy, AppError> {
    match state.store.priority_policies().await?.first() {
        Some(p) => {
            Policy::parse(&p.keys).map_err(|e| AppError::Internal(format!("stored policy: {e}")))
        }
        None => Ok(Policy::default()),
    }
}

/// The facts the policy ranks on, as the engine reads them.
fn inputs(e: &ListEntry) -> PriorityInputs {
    let epoch = Date::from_calendar_date(1970, time::Month::January, 1).expect("valid");
    PriorityInputs {
        acuity: e.assessment_score.unwrap_or(0),
        days_homeless: e.days_homeless.unwrap_or(0),
        referral_day: (e.first_referred_on - epoch).whole_days() as i32,
        children: e.children,
        youth: e.youth,
    }
}

/// The tie-breaker after every key: the earliest first referral, then the person's id.
/// Stable, explicit, and the same for every policy.
fn reference(e: &ListEntry) -> String {
    format!("{}|{}", date_text(e.first_referred_on), e.person_id)
}

/// A person's place on the list and the values that put them there.
pub struct Ranked {
    pub rank: usize,
    pub entry: ListEntry,
    /// (key code, value as shown).
    pub keys: Vec<(&'static str, String)>,
}

/// Ranks the waiting persons (active or matched) under `policy`, highest priority first.
pub fn rank(policy: &Policy, entries: Vec<ListEntry>) -> Vec<Ranked> {
    let refs: Vec<String> = entries.iter().map(reference).collect();
    let clients: Vec<(&str, PriorityInputs)> = entries
        .iter()
        .zip(&refs)
        .map(|(e, r)| (r.as_str(), inputs(e)))
        .collect();
    let ranking = policy.rank(&clients);
    let mut by_index: Vec<Option<ListEntry>> = entries.into_iter().map(Some).collect();
    ranking
        .order
        .iter()
        .enumerate()
        .map(|(place, &i)| {
            let entry = by_index[i].take().expect("each index once");
            let keys = policy
                .keys()
                .iter()
                .map(|k| (k.code(), key_value(*k, &entry)))
                .collect();
            Ranked {
                rank: place + 1,
                entry,
                keys,
            }
        })
        .collect()
}

fn key_value(key: PriorityKey, e: &ListEntry) -> String {
    let flag = |b: bool| if b { "1" } else { "0" }.to_owned();
    match key {
        PriorityKey::Acuity => e
            .assessment_score
            .map(|s| s.to_string())
            .unwrap_or_default(),
        PriorityKey::DaysHomeless => e.days_homeless.map(|s| s.to_string()).unwrap_or_default(),
        PriorityKey::ReferralDate => date_text(e.first_referred_on),
        PriorityKey::Children => flag(e.children),
        PriorityKey::Youth => flag(e.youth),
    }
}

/// The waiting persons ranked under the policy in force.
pub(super) async fn ranked_list(state: &AppState) -> Result<(Policy, Vec<Ranked>), AppError> {
    apply_consent_dates(state, today()).await?;
    let policy = policy_in_force(state).await?;
    let entries = state
        .store
        .list_entries(&[ListStatus::Active, ListStatus::Matched])
        .await?;
    let ranked = rank(&policy, entries);
    Ok((policy, ranked))
}

// ---------------------------------------------------------------- the list page

struct Row {
    rank: String,
    person_id: Uuid,
    name: String,
    status: String,
    keys: Vec<String>,
    bedrooms: u8,
    agencies: String,
}

/// One month of flows: inflows by kind, outflows by kind.
struct FlowRow {
    month: String,
    counts: Vec<i64>,
}

#[derive(Template)]
#[template(path = "referrals/by_name_list.html")]
struct ListPage<'a> {
    ctx: &'a Ctx,
    key_labels: Vec<String>,
    rows: Vec<Row>,
    statuses: Vec<Choice>,
    flow_labels: Vec<String>,
    flows: Vec<FlowRow>,
    inflow_chart: String,
    outflow_chart: String,
    open_reviews: usize,
    can_set_policy: bool,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: String,
}

fn key_label(ctx: &Ctx, code: &str) -> String {
    ctx.tr.t(&format!("policy-key-{}", code.replace('_', "-")))
}

fn status_text(ctx: &Ctx, e: &ListEntry) -> String {
    let status = ctx.tr.t(&format!("list-status-{}", e.status.code()));
    match e.inactive_reason {
        Some(r) => format!(
            "{status} ({})",
            ctx.tr
                .t(&format!("inactive-reason-{}", r.code().replace('_', "-")))
        ),
        None => status,
    }
}

async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    require_list(user)?;
    let (policy, ranked) = ranked_list(&state).await?;
    let filter = ListStatus::parse(&q.status);
    let rows: Vec<Row> = match filter {
        // Housed and inactive persons are not ranked: they are not waiting.
        Some(s) if !s.is_waiting() => state
            .store
            .list_entries(&[s])
            .await?
            .into_iter()
            .map(|e| Row {
                rank: String::new(),
                person_id: e.person_id,
                name: e.name.clone(),
                status: status_text(&ctx, &e),
                keys: policy.keys().iter().map(|k| key_value(*k, &e)).collect(),
                bedrooms: e.bedrooms_needed,
                agencies: e.agencies.join(", "),
            })
            .collect(),
        _ => ranked
            .iter()
            .filter(|r| filter.is_none_or(|s| r.entry.status == s))
            .map(|r| Row {
                rank: r.rank.to_string(),
                person_id: r.entry.person_id,
                name: r.entry.name.clone(),
                status: status_text(&ctx, &r.entry),
                keys: r.keys.iter().map(|(_, v)| v.clone()).collect(),
                bedrooms: r.entry.bedrooms_needed,
                agencies: r.entry.agencies.join(", "),
            })
            .collect(),
    };
    let (flow_labels, flows, inflow_chart, outflow_chart) = flows(&state, &ctx).await?;
    let open_reviews = state
        .store
        .reviews(passerelle_store::ReviewState::Open)
        .await?
        .len();
    let page = ListPage {
        key_labels: policy
            .keys()
            .iter()
            .map(|k| key_label(&ctx, k.code()))
            .collect(),
        rows,
        statuses: code_choices(
            &ListStatus::ALL.map(|s| s.code()),
            "list-status-",
            std::slice::from_ref(&q.status),
            &ctx,
        ),
        flow_labels,
        flows,
        inflow_chart,
        outflow_chart,
        open_reviews,
        can_set_policy: user.can_set_policy(),
        ctx: &ctx,
    };
    Ok(render(&page))
}

/// Twelve months of flows: a table and two stacked charts (in and out).
async fn flows(
    state: &AppState,
    ctx: &Ctx,
) -> Result<(Vec<String>, Vec<FlowRow>, String, String), AppError> {
    let now = MonthIndex::of(today());
    let first = MonthIndex(now.0 - 11);
    let from = Date::from_calendar_date(
        first.year(),
        time::Month::try_from(first.month()).expect("1–12"),
        1,
    )
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let counts: HashMap<(String, String), i64> = state
        .store
        .list_flows(from)
        .await?
        .into_iter()
        .map(|f| ((f.month, f.flow), f.count))
        .collect();
    let labels: Vec<String> = Flow::ALL
        .iter()
        .map(|f| ctx.tr.t(&format!("flow-{}", f.code().replace('_', "-"))))
        .collect();
    let rows: Vec<FlowRow> = (first.0..=now.0)
        .map(|m| {
            let month = MonthIndex(m);
            let code = format!("{:04}-{:02}", month.year(), month.month());
            FlowRow {
                counts: Flow::ALL
                    .iter()
                    .map(|f| {
                        counts
                            .get(&(code.clone(), f.code().to_owned()))
                            .copied()
                            .unwrap_or(0)
                    })
                    .collect(),
                month: code,
            }
        })
        .collect();
    let chart = |inflow: bool, title: &str| {
        let picked: Vec<usize> = (0..Flow::ALL.len())
            .filter(|&i| Flow::ALL[i].is_inflow() == inflow)
            .collect();
        crate::charts::stacked_months(
            &rows
                .iter()
                .map(|r| {
                    (
                        r.month.clone(),
                        picked.iter().map(|&i| r.counts[i].max(0) as u32).collect(),
                        false,
                    )
                })
                .collect::<Vec<_>>(),
            &picked
                .iter()
                .map(|&i| labels[i].clone())
                .collect::<Vec<_>>(),
            title,
        )
    };
    let inflow = chart(true, &ctx.tr.t("list-inflow"));
    let outflow = chart(false, &ctx.tr.t("list-outflow"));
    Ok((labels, rows, inflow, outflow))
}

// ---------------------------------------------------------------- one person

struct ReferralLine {
    id: Uuid,
    referred_on: String,
    agency: String,
    name: String,
}

struct EventLine {
    on: String,
    change: String,
    by: String,
}

#[derive(Template)]
#[template(path = "referrals/person.html")]
struct PersonPage<'a> {
    ctx: &'a Ctx,
    person_id: Uuid,
    name: String,
    status: String,
    rank: String,
    keys: Vec<(String, String)>,
    referrals: Vec<ReferralLine>,
    events: Vec<EventLine>,
    statuses: Vec<Choice>,
    reasons: Vec<Choice>,
    errors: FormErrors,
}

async fn render_person(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    require_list(user)?;
    // Ranking first: it applies consent dates, so a lapsed person is not shown.
    let (policy, ranked) = ranked_list(state).await?;
    let person = state.store.person(id).await?;
    state
        .store
        .record_audit(AuditEvent::new(
            Some(user.id),
            AuditAction::Read,
            "person",
            Some(person.entry.person_id),
        ))
        .await?;
    let place = ranked
        .iter()
        .find(|r| r.entry.person_id == person.entry.person_id);
    let walk_in = ctx.tr.t("referral-walk-in");
    let status_label = |s: ListStatus| ctx.tr.t(&format!("list-status-{}", s.code()));
    let page = PersonPage {
        ctx,
        person_id: person.entry.person_id,
        name: person.entry.name.clone(),
        status: status_text(ctx, &person.entry),
        rank: place.map(|r| r.rank.to_string()).unwrap_or_default(),
        keys: policy
            .keys()
            .iter()
            .map(|k| (key_label(ctx, k.code()), key_value(*k, &person.entry)))
            .collect(),
        referrals: person
            .referrals
            .iter()
            .map(|r| ReferralLine {
                id: r.id,
                referred_on: date_text(r.referred_on),
                agency: r.agency_name.clone().unwrap_or_else(|| walk_in.clone()),
                name: r
                    .fields
                    .as_ref()
                    .map(|f| f.full_name())
                    .unwrap_or_else(|| ctx.tr.t("referral-consent-ended")),
            })
            .collect(),
        events: person
            .events
            .iter()
            .map(|e| EventLine {
                on: date_text(e.on),
                change: match e.from {
                    Some(from) => format!("{} → {}", status_label(from), status_label(e.to)),
                    None => status_label(e.to),
                },
                by: e.actor_name.clone().unwrap_or_default(),
            })
            .collect(),
        statuses: code_choices(
            &ListStatus::ALL.map(|s| s.code()),
            "list-status-",
            &[person.entry.status.code().to_owned()],
            ctx,
        ),
        reasons: code_choices(
            &InactiveReason::CHOSEN.map(|r| r.code()),
            "inactive-reason-",
            &[],
            ctx,
        ),
        errors: FormErrors::new(errors.clone(), ctx.tr),
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

async fn person_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    render_person(&state, &ctx, parse_id(&id)?, FieldErrors::default()).await
}

async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    require_list(user)?;
    let id = parse_id(&id)?;
    let Some(status) = ListStatus::parse(&form.get("status")) else {
        return render_person(
            &state,
            &ctx,
            id,
            FieldErrors(vec![passerelle_domain::FieldError::new(
                "status",
                "error-choose",
            )]),
        )
        .await;
    };
    let reason =
        InactiveReason::parse(&form.get("reason")).filter(|r| InactiveReason::CHOSEN.contains(r));
    match state
        .store
        .set_person_status(Some(user.id), id, status, reason, today())
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/list/persons/{id}")).into_response()),
        Err(StoreError::Invalid(errors)) => render_person(&state, &ctx, id, errors).await,
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- the policy

/// How a proposed policy would move the waiting persons.
struct Preview {
    moved: usize,
    largest: usize,
    waiting: usize,
}

fn preview(current: &[Ranked], proposed: &Policy) -> Preview {
    let before: HashMap<Uuid, usize> = current
        .iter()
        .map(|r| (r.entry.person_id, r.rank))
        .collect();
    let after = rank(proposed, current.iter().map(|r| r.entry.clone()).collect());
    let moves: Vec<usize> = after
        .iter()
        .map(|r| before[&r.entry.person_id].abs_diff(r.rank))
        .filter(|&d| d > 0)
        .collect();
    Preview {
        moved: moves.len(),
        largest: moves.iter().copied().max().unwrap_or(0),
        waiting: current.len(),
    }
}

struct PolicyLine {
    keys: String,
    effective_from: String,
    set_by: String,
}

#[derive(Template)]
#[template(path = "referrals/policy.html")]
struct PolicyPage<'a> {
    ctx: &'a Ctx,
    /// One select per position, each with its chosen key.
    positions: Vec<Vec<Choice>>,
    preview: Option<Preview>,
    history: Vec<PolicyLine>,
    errors: FormErrors,
    trained_on: usize,
    model_date: String,
    model_synthetic: bool,
}

async fn render_policy(
    state: &AppState,
    ctx: &Ctx,
    chosen: Vec<String>,
    preview: Option<Preview>,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let codes = PriorityKey::ALL.map(|k| k.code());
    let positions = (0..PriorityKey::ALL.len())
        .map(|i| {
            code_choices(
                &codes,
                "policy-key-",
                std::slice::from_ref(&chosen.get(i).cloned().unwrap_or_default()),
                ctx,
            )
        })
        .collect();
    let history = state
        .store
        .priority_policies()
        .await?
        .into_iter()
        .map(|p| PolicyLine {
            keys: p
                .keys
                .split(',')
                .map(|k| key_label(ctx, k))
                .collect::<Vec<_>>()
                .join(" → "),
            effective_from: p.effective_from,
            set_by: p.set_by.unwrap_or_default(),
        })
        .collect();
    let model = state.store.linkage_model().await?;
    let page = PolicyPage {
        ctx,
        positions,
        preview,
        history,
        errors: FormErrors::new(errors.clone(), ctx.tr),
        trained_on: model
            .as_ref()
            .map(|m| m.records.max(0) as usize)
            .unwrap_or(0),
        model_date: model
            .as_ref()
            .map(|m| m.trained_at.clone())
            .unwrap_or_default(),
        model_synthetic: model.is_some_and(|m| m.synthetic),
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

async fn policy_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.user()?;
    if !user.can_set_policy() {
        return Err(AppError::Forbidden);
    }
    let current = policy_in_force(&state).await?;
    let chosen = current.keys().iter().map(|k| k.code().to_owned()).collect();
    render_policy(&state, &ctx, chosen, None, FieldErrors::default()).await
}

async fn save_policy(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    if !user.can_set_policy() {
        return Err(AppError::Forbidden);
    }
    let chosen: Vec<String> = (0..PriorityKey::ALL.len())
        .map(|i| form.get(&format!("key{i}")))
        .collect();
    let keys: Vec<&str> = chosen
        .iter()
        .map(|k| k.trim())
        .filter(|k| !k.is_empty())
        .collect();
    let policy = match Policy::parse(&keys.join(",")) {
        Ok(p) if !p.keys().is_empty() => p,
        Ok(_) => {
            return render_policy(
                &state,
                &ctx,
                chosen,
                None,
                FieldErrors(vec![passerelle_domain::FieldError::new(
                    "key0",
                    "error-policy-empty",
                )]),
            )
            .await;
        }
        Err(_) => {
            return render_policy(
                &state,
                &ctx,
                chosen,
                None,
                FieldErrors(vec![passerelle_domain::FieldError::new(
                    "key0",
                    "error-policy-repeated",
                )]),
            )
            .await;
        }
    };
    if form.has("confirm") {
        state
            .store
            .set_priority_policy(Some(user.id), &keys.join(","))
            .await?;
        return Ok(Redirect::to("/list/policy").into_response());
    }
    let (_, current) = ranked_list(&state).await?;
    let moves = preview(&current, &policy);
    render_policy(&state, &ctx, chosen, Some(moves), FieldErrors::default()).await
}

async fn retrain(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    if !user.can_set_policy() {
        return Err(AppError::Forbidden);
    }
    let mut guard = state.people.lock(&state.store).await?;
    if let Some(index) = guard.as_mut() {
        index.retrain(&state.store, Some(user.id)).await?;
    }
    Ok(Redirect::to("/list/policy").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u128, days: u16, score: Option<u16>, first: Date, children: bool) -> ListEntry {
        ListEntry {
            person_id: Uuid::from_u128(n),
            status: ListStatus::Active,
            inactive_reason: None,
            status_since: first,
            name: format!("P{n}"),
            first_referred_on: first,
            days_homeless: Some(days),
            assessment_score: score,
            children,
            youth: false,
            bedrooms_needed: 0,
            agencies: vec![],
            referrals: 1,
        }
    }

    #[test]
    fn ranks_show_each_key_and_ties_go_to_the_earliest_referral() {
        use time::macros::date;
        let entries = vec![
            entry(1, 100, Some(9), date!(2026 - 03 - 01), false),
            entry(2, 100, Some(9), date!(2026 - 01 - 01), false),
            entry(3, 900, Some(4), date!(2026 - 05 - 01), true),
        ];
        let ranked = rank(&Policy::default(), entries.clone());
        let order: Vec<u128> = ranked.iter().map(|r| r.entry.person_id.as_u128()).collect();
        assert_eq!(
            order,
            vec![2, 1, 3],
            "acuity first; the earlier referral breaks the tie"
        );
        assert_eq!(ranked[0].keys[0], ("acuity", "9".to_owned()));
        assert_eq!(
            ranked[0].keys[2],
            ("referral_date", "2026-01-01".to_owned())
        );

        let by_children = Policy::parse("children,days_homeless").unwrap();
        let moves = preview(&ranked, &by_children);
        assert_eq!((moves.moved, moves.largest, moves.waiting), (3, 2, 3));
        let unchanged = preview(&ranked, &Policy::default());
        assert_eq!(unchanged.moved, 0);
    }
}

//! The by-name list (B3): every person waiting, ranked by the prioritization policy in
//! force with each key's value shown (no opaque score), monthly inflow and outflow, one
//! person with every referral that brought them, status changes, and the policy itself:
//! what a change would move before it is saved, and every policy kept with its dates.

use super::apply_dates;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::listing::{Listing, ListingParams};
use crate::pages::{FormData, parse_id};
use crate::routes::Routes;
use crate::views::{Choice, FormErrors, code_choices, form_status, render, today};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use passerelle_domain::FieldErrors;
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::{MonthIndex, date_text};
use passerelle_domain::referrals::status::Flow;
use passerelle_domain::referrals::{InactiveReason, ListStatus};
use passerelle_matching::policy::{Policy, PriorityInputs, PriorityKey};
use passerelle_store::{ListEntry, Store, StoreError};
use std::collections::HashMap;
use std::sync::Arc;
use time::Date;
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new()
        .route("/list", get(list_page))
        .route("/list/persons/{id}", get(person_page))
        .route("/list/persons/{id}/status", post(change_status))
        .route("/list/persons/{id}/contacts", post(record_contact))
        .route("/list/policy", get(policy_page).post(save_policy))
        .route("/list/settings", post(save_settings))
        .route("/list/linkage/retrain", post(retrain))
}

// ---------------------------------------------------------------- ranking

/// The policy in force: the latest one saved, else the engine's default.
pub(crate) async fn policy_in_force(store: &Store) -> Result<Policy, AppError> {
    match store.priority_policies().await?.first() {
        Some(p) => {
            Policy::parse(&p.keys).map_err(|e| AppError::Internal(format!("stored policy: {e}")))
        }
        None => Ok(Policy::default()),
    }
}

/// The facts the policy ranks on, as the engine reads them.
pub(crate) fn inputs(e: &ListEntry) -> PriorityInputs {
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
pub(crate) fn reference(e: &ListEntry) -> String {
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

pub(crate) fn key_value(key: PriorityKey, e: &ListEntry) -> String {
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
pub(crate) async fn ranked_list(state: &AppState) -> Result<Arc<RankedList>, AppError> {
    apply_dates(state, today()).await?;
    // The version is read before the lock: a request holding the lock while it waits for
    // a connection would make every list and availability page wait in turn.
    let version = state.store.list_version().await?;
    let kept = |cached: &Option<(i64, Arc<RankedList>)>| {
        cached
            .as_ref()
            .filter(|(at, _)| *at >= version)
            .map(|(_, list)| Arc::clone(list))
    };
    if let Some(list) = kept(&*state.lists.ranked.lock().await) {
        return Ok(list);
    }
    // Held while ranking, so that concurrent requests after a change rank once.
    let mut cached = state.lists.ranked.lock().await;
    if let Some(list) = kept(&cached) {
        return Ok(list);
    }
    let policy = policy_in_force(&state.store).await?;
    let entries = state
        .store
        .list_entries(&[ListStatus::Active, ListStatus::Matched])
        .await?;
    let ranked = rank(&policy, entries);
    let list = Arc::new(RankedList { policy, ranked });
    *cached = Some((version, Arc::clone(&list)));
    Ok(list)
}

/// The waiting persons ranked under the policy in force.
pub struct RankedList {
    pub policy: Policy,
    pub ranked: Vec<Ranked>,
}

/// What the app keeps between requests about the list: the latest ranking with the list
/// version it was made at (a thousand persons take tens of milliseconds to read and rank;
/// the list changes far less often than it is read), and the day and delay the no-contact
/// rule was last applied with (a person can only cross its threshold when the date or the
/// delay changes; the delay is read from the store, so a change on another server counts).
#[derive(Default)]
pub struct ListCache {
    ranked: tokio::sync::Mutex<Option<(i64, Arc<RankedList>)>>,
    pub no_contact_applied: std::sync::Mutex<Option<(Date, i64)>>,
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
    month: MonthIndex,
    /// The month as the reader's language writes it.
    label: String,
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
    q: String,
    /// The page's place: the ranking covers everyone, the page shows a slice.
    listing: Listing,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: String,
    /// The beginnings of words of a name (accents and case ignored).
    q: String,
    #[serde(flatten)]
    listing: ListingParams,
}

/// The columns the list sorts by; the first (its priority order) is the default.
const LIST_SORTS: [&str; 4] = ["rank", "name", "status", "bedrooms"];

pub(crate) fn key_label(ctx: &Ctx, code: &str) -> String {
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
    permit(user.can_manage_list())?;
    let list = ranked_list(&state).await?;
    let (policy, ranked) = (&list.policy, &list.ranked);
    crate::audit::record_list_read(&state, user, "priority_list", ranked.len()).await?;
    let filter = ListStatus::parse(&q.status);
    let search = passerelle_domain::text::NameSearch::new(&q.q);
    let named = |name: &str| search.matches(name);
    // Filter first, then build the rows of one page only: the list can hold thousands.
    let unranked;
    let kept: Vec<(Option<usize>, &ListEntry)> = match filter {
        // Housed and inactive persons are not ranked: they are not waiting.
        Some(s) if !s.is_waiting() => {
            unranked = state.store.list_entries(&[s]).await?;
            unranked
                .iter()
                .filter(|e| named(&e.name))
                .map(|e| (None, e))
                .collect()
        }
        _ => ranked
            .iter()
            .filter(|r| filter.is_none_or(|s| r.entry.status == s) && named(&r.entry.name))
            .map(|r| (Some(r.rank), &r.entry))
            .collect(),
    };
    let mut listing = q
        .listing
        .listing("/list", &LIST_SORTS, false)?
        .filter("status", filter.map(|s| s.code()).unwrap_or_default())
        .filter("q", q.q.trim());
    let sort = listing.sort;
    let fold = passerelle_domain::text::fold;
    let rows: Vec<Row> = listing
        .page_of(
            kept,
            |(rank, e)| match sort {
                "name" => (0, fold(&e.name)),
                "status" => (0, status_text(&ctx, e)),
                "bedrooms" => (usize::from(e.bedrooms_needed), String::new()),
                _ => (rank.unwrap_or(usize::MAX), String::new()),
            },
            |(rank, e)| (rank.unwrap_or(usize::MAX), fold(&e.name), e.person_id),
        )
        .into_iter()
        .map(|(rank, e)| Row {
            rank: rank.map(|r| r.to_string()).unwrap_or_default(),
            person_id: e.person_id,
            name: e.name.clone(),
            status: status_text(&ctx, e),
            keys: policy.keys().iter().map(|k| key_value(*k, e)).collect(),
            bedrooms: e.bedrooms_needed,
            agencies: e.agencies.join(", "),
        })
        .collect();
    let (flow_labels, flows, inflow_chart, outflow_chart) = flows(&state, &ctx).await?;
    let open_reviews = state
        .store
        .reviews_count(passerelle_store::ReviewState::Open)
        .await?;
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
        q: q.q.clone(),
        listing,
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
                label: ctx.tr.month(month),
                month,
            }
        })
        .collect();
    let chart = |inflow: bool, title: &str| {
        let picked: Vec<usize> = (0..Flow::ALL.len())
            .filter(|&i| Flow::ALL[i].is_inflow() == inflow)
            .collect();
        crate::charts::stacked_months(
            ctx.tr,
            &rows
                .iter()
                .map(|r| {
                    (
                        ctx.tr.month_short(r.month),
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
    contacts: Vec<passerelle_store::ContactRecord>,
    /// The person's tenancies: where, moved in, ended, and a return to homelessness.
    tenancies: Vec<PersonTenancy>,
    today: String,
    no_contact_days: i64,
    errors: FormErrors,
}

struct PersonTenancy {
    id: Uuid,
    unit: String,
    moved_in: String,
    ended: String,
    returned: String,
}

async fn render_person(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_list())?;
    // Ranking first: it applies consent dates, so a lapsed person is not shown.
    let list = ranked_list(state).await?;
    let (policy, ranked) = (&list.policy, &list.ranked);
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
        contacts: state.store.contacts(person.entry.person_id).await?,
        tenancies: crate::tenancies::person_tenancies(state, person.entry.person_id)
            .await?
            .into_iter()
            .map(|v| PersonTenancy {
                id: v.tenancy.id,
                unit: format!("{}, {}", v.tenancy.unit_label, v.tenancy.address),
                moved_in: v.tenancy.moved_in_on.map(date_text).unwrap_or_default(),
                ended: v
                    .tenancy
                    .ended_on
                    .map(|on| {
                        let reason =
                            crate::tenancies::end_reason_text(ctx, v.tenancy.end_reason.as_deref());
                        format!("{} · {reason}", date_text(on))
                    })
                    .unwrap_or_default(),
                returned: v.returned_on.map(date_text).unwrap_or_default(),
            })
            .collect(),
        today: date_text(today()),
        no_contact_days: state.store.no_contact_days().await?,
        errors: FormErrors::new(errors.clone(), ctx.tr),
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

/// A status and inactive reason as a form or the API gives them (codes). The store checks
/// that inactive has a reason; only the reasons a person can be given by hand are accepted.
pub(super) fn parse_status(
    status: &str,
    reason: &str,
) -> Result<(ListStatus, Option<InactiveReason>), FieldErrors> {
    let status = ListStatus::parse(status).ok_or_else(|| {
        FieldErrors(vec![passerelle_domain::FieldError::new(
            "status",
            "error-choose",
        )])
    })?;
    let reason = InactiveReason::parse(reason).filter(|r| InactiveReason::CHOSEN.contains(r));
    Ok((status, reason))
}

/// A contact as typed: its day (blank: today; never in the future) and an optional note.
pub(super) fn parse_contact(on: &str, note: &str) -> Result<(Date, String), FieldErrors> {
    let mut errors = FieldErrors::default();
    let on = match passerelle_domain::housing::date("contact_on", on) {
        _ if on.trim().is_empty() => Some(today()),
        Ok(day) if day > today() => {
            errors.push("contact_on", "error-contact-future");
            None
        }
        Ok(day) => Some(day),
        Err(e) => {
            errors.0.push(e);
            None
        }
    };
    let note = errors.take(passerelle_domain::values::optional_text(
        "contact_note",
        note,
        500,
    ));
    match on {
        Some(on) if errors.is_empty() => Ok((on, note.unwrap_or_default())),
        _ => Err(errors),
    }
}

/// A contact with the person (a call, a visit): it keeps them on the list, as the no-contact
/// rule counts from the latest contact or referral.
async fn record_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_manage_list())?;
    let id = parse_id(&id)?;
    match parse_contact(&form.get("contact_on"), &form.get("contact_note")) {
        Ok((on, note)) => {
            state
                .store
                .record_contact(Some(user.id), id, on, &note)
                .await?;
            Ok(Redirect::to(&format!("/list/persons/{id}#contacts")).into_response())
        }
        Err(errors) => render_person(&state, &ctx, id, errors).await,
    }
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
    permit(user.can_manage_list())?;
    let id = parse_id(&id)?;
    let (status, reason) = match parse_status(&form.get("status"), &form.get("reason")) {
        Ok(parsed) => parsed,
        Err(errors) => return render_person(&state, &ctx, id, errors).await,
    };
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
    /// Days without contact before a person becomes inactive: as stored, or as typed.
    no_contact_days: String,
}

/// The policy page: `typed_days` is the list setting as typed when it was refused.
async fn render_policy(
    state: &AppState,
    ctx: &Ctx,
    chosen: Vec<String>,
    preview: Option<Preview>,
    errors: FieldErrors,
    typed_days: Option<String>,
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
        no_contact_days: match typed_days {
            Some(typed) => typed,
            None => state.store.no_contact_days().await?.to_string(),
        },
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

async fn policy_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.user()?;
    permit(user.can_set_policy())?;
    let current = policy_in_force(&state.store).await?;
    let chosen = current.keys().iter().map(|k| k.code().to_owned()).collect();
    render_policy(&state, &ctx, chosen, None, FieldErrors::default(), None).await
}

async fn save_policy(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_set_policy())?;
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
                None,
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
                None,
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
    let current = &ranked_list(&state).await?.ranked;
    let moves = preview(current, &policy);
    render_policy(
        &state,
        &ctx,
        chosen,
        Some(moves),
        FieldErrors::default(),
        None,
    )
    .await
}

/// The list's settings (administrators): the days without contact before inactivity.
async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_set_policy())?;
    let typed = form.get("no_contact_days");
    let saved = match typed.trim().parse::<i64>() {
        Ok(days) => state.store.set_no_contact_days(Some(user.id), days).await,
        Err(_) => Err(StoreError::Invalid(FieldErrors(vec![
            passerelle_domain::FieldError::new("no_contact_days", "error-no-contact-days"),
        ]))),
    };
    match saved {
        Ok(()) => Ok(Redirect::to("/list/policy#settings").into_response()),
        Err(StoreError::Invalid(errors)) => {
            let chosen = policy_in_force(&state.store)
                .await?
                .keys()
                .iter()
                .map(|k| k.code().to_owned())
                .collect();
            render_policy(&state, &ctx, chosen, None, errors, Some(typed)).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn retrain(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_set_policy())?;
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

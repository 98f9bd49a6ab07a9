//! After housing (E1): the tenancies of persons placed through the list, their follow-ups
//! due and overdue, support visits and landlord check-ins, who supports each tenancy, and
//! how it ended. Pages under `/tenancies`, the same data under `/api/v1/tenancies`. See
//! `docs/after-housing.md`.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::listing::{Listing, ListingParams};
use crate::pages::{FormData, parse_id};
use crate::routes::Routes;
use crate::views::{Choice, FormErrors, code_choices, form_status, render, today};
use askama::Template;
use axum::Json;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use passerelle_domain::FieldErrors;
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::date_text;
use passerelle_domain::roles::User;
use passerelle_domain::tenancies::{
    ContactInput, ContactParty, FollowUpCadence, FollowUpCadenceInput, FollowUpState,
    INCIDENT_KINDS, INCIDENT_OUTCOMES, INCIDENT_RAISED_BY, IncidentCloseInput, IncidentInput,
    LANDLORD_KINDS, LANDLORD_OUTCOMES, MeetingInput, Retention, SUPPORT_KINDS, SUPPORT_OUTCOMES,
    TENANCY_END_REASONS, TenancyEndInput, follow_up, landlord_schedule, retention, returned_on,
};
use passerelle_store::{
    IncidentRecord, LandlordRelationship, TenancyContact, TenancyFilter, TenancySummary,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::Date;
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new()
        .route("/tenancies", get(list_page))
        .route("/tenancies/cadence", post(save_cadence))
        .route("/tenancies/{id}", get(tenancy_page))
        .route("/tenancies/{id}/contacts", post(add_contact_form))
        .route("/tenancies/{id}/supports", post(supports_form))
        .route("/tenancies/{id}/end", post(end_form))
        .route("/tenancies/{id}/incidents", post(add_incident_form))
        .route("/incidents/{id}", get(incident_page))
        .route("/incidents/{id}/meetings", post(add_meeting_form))
        .route("/incidents/{id}/close", post(close_incident_form))
}

pub fn api_router() -> Routes {
    Routes::new()
        .route("/api/v1/tenancies", get(list_api))
        .route("/api/v1/tenancies/{id}", get(tenancy_api))
        .route("/api/v1/tenancies/{id}/contacts", post(add_contact_api))
        .route(
            "/api/v1/tenancies/{id}/supports",
            axum::routing::put(supports_api),
        )
        .route("/api/v1/tenancies/{id}/end", post(end_api))
        .route(
            "/api/v1/follow-up-cadence",
            get(cadence_api).put(set_cadence_api),
        )
        .route("/api/v1/tenancies/{id}/incidents", post(add_incident_api))
        .route("/api/v1/incidents/{id}", get(incident_api))
        .route("/api/v1/incidents/{id}/meetings", post(add_meeting_api))
        .route("/api/v1/incidents/{id}/close", post(close_incident_api))
        .route("/api/v1/landlords/{id}/relationship", get(relationship_api))
}

/// A tenancy with what its dates say today: follow-ups due and retention. Pages and the
/// API show this one view, so they cannot disagree.
#[derive(Debug, Clone, Serialize)]
pub struct TenancyView {
    #[serde(flatten)]
    pub tenancy: TenancySummary,
    /// `None` when the person's consent has ended.
    pub person_name: Option<String>,
    /// The supporting agency's visits; `None` until the household has moved in.
    pub support_follow_up: Option<FollowUpState>,
    /// The locator's landlord check-ins; `None` until the household has moved in.
    pub landlord_follow_up: Option<FollowUpState>,
    /// `None` until the household has moved in.
    pub retention_6_months: Option<Retention>,
    pub retention_12_months: Option<Retention>,
    /// The day the person was referred again within twelve months of the move-in: a return
    /// to homelessness.
    pub returned_on: Option<Date>,
}

fn view_of(
    tenancy: TenancySummary,
    person_name: Option<String>,
    cadence: FollowUpCadence,
    today: Date,
) -> TenancyView {
    let moved_in = tenancy.moved_in_on;
    let state = |schedule: Vec<Date>, days: &[Date], moved_in: Date| {
        follow_up(&schedule, moved_in, days, today, tenancy.ended_on)
    };
    let support = moved_in.map(|m| state(cadence.schedule(m), &tenancy.support_days, m));
    let landlord = moved_in.map(|m| state(landlord_schedule(m), &tenancy.landlord_days, m));
    let ended = tenancy
        .ended_on
        .map(|on| (on, tenancy.end_reason.as_deref()));
    let kept = |months| moved_in.map(|m| retention(m, ended, months, today));
    TenancyView {
        returned_on: moved_in.and_then(|m| returned_on(m, tenancy.referred_again_on)),
        retention_6_months: kept(6),
        retention_12_months: kept(12),
        support_follow_up: support,
        landlord_follow_up: landlord,
        person_name,
        tenancy,
    }
}

/// Which tenancies a list shows: current ones (the default) or ended ones, and among them
/// those with a follow-up to make.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ListQuery {
    /// `current` (or blank) for the current tenancies, `ended` for the ended ones.
    show: String,
    /// `overdue`, `soon` or `check_in` for the tenancies of one work queue (blank: all).
    due: String,
}

/// The work queues the list page leads with, each a filter of the whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Due {
    /// A support visit overdue.
    Overdue,
    /// A support visit due within the week, not overdue.
    Soon,
    /// A landlord check-in due within the week or overdue.
    CheckIn,
}

impl Due {
    fn code(self) -> &'static str {
        match self {
            Due::Overdue => "overdue",
            Due::Soon => "soon",
            Due::CheckIn => "check_in",
        }
    }

    fn holds(self, view: &TenancyView, today: Date) -> bool {
        match self {
            Due::Overdue => view.support_follow_up.is_some_and(|s| s.overdue),
            Due::Soon => view.support_follow_up.is_some_and(|s| s.due_soon(today)),
            Due::CheckIn => view
                .landlord_follow_up
                .is_some_and(|s| s.overdue || s.due_soon(today)),
        }
    }

    /// The follow-up the queue is about, whose next day orders it.
    fn follow_up(self, view: &TenancyView) -> Option<FollowUpState> {
        match self {
            Due::Overdue | Due::Soon => view.support_follow_up,
            Due::CheckIn => view.landlord_follow_up,
        }
    }
}

impl ListQuery {
    /// Whether the ended tenancies are asked for; another value is an error, not the
    /// current ones by default.
    fn ended(&self) -> Result<bool, AppError> {
        match self.show.trim() {
            "" | "current" => Ok(false),
            "ended" => Ok(true),
            _ => Err(AppError::BadRequest("error-bad-request")),
        }
    }

    /// The work queue asked for, if any; another value is an error. (Ended tenancies have
    /// no follow-up to make: a queue of them is empty.)
    fn due(&self) -> Result<Option<Due>, AppError> {
        match self.due.trim() {
            "" => Ok(None),
            "overdue" => Ok(Some(Due::Overdue)),
            "soon" => Ok(Some(Due::Soon)),
            "check_in" => Ok(Some(Due::CheckIn)),
            _ => Err(AppError::BadRequest("error-bad-request")),
        }
    }
}

/// What the followed tenancies are read from: tenancies and contacts, the units, properties
/// and landlords they name, their persons' referrals (names, returns) and support agencies.
const TENANCY_VERSIONS: [&str; 4] = ["tenancies", "housing", "persons", "network"];

/// The tenancies `user` follows, as views under `cadence` today, with the read audited.
/// Reading them means every tenancy of the scope with its contacts and its person's name,
/// which is most of the list's time: the views are kept (see `Store::kept_or_made`) while
/// nothing they are read from changes, by scope, day and cadence. The read is audited on
/// every request all the same.
async fn tenancy_views(
    state: &AppState,
    user: &User,
    ended: bool,
    cadence: FollowUpCadence,
) -> Result<Arc<Vec<TenancyView>>, AppError> {
    let scope = user.tenancy_scope().ok_or(AppError::Forbidden)?;
    let day = today();
    let key = format!("{scope:?}|{ended}|{day}|{cadence:?}");
    let views = state
        .store
        .kept_or_made("tenancies", &TENANCY_VERSIONS, key, || async {
            let mut tenancies = state
                .store
                .tenancies(&TenancyFilter {
                    support_agency: scope,
                    current_only: !ended,
                    person: None,
                })
                .await?;
            if ended {
                tenancies.retain(|t| t.ended_on.is_some());
            }
            let persons: Vec<Uuid> = tenancies.iter().map(|t| t.person_id).collect();
            let mut names = state.store.person_names(&persons).await?;
            Ok::<_, AppError>(
                tenancies
                    .into_iter()
                    .map(|t| {
                        let name = names.remove(&t.person_id);
                        view_of(t, name, cadence, day)
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .await?;
    crate::audit::record_list_read(state, user, "tenancy", views.len()).await?;
    Ok(views)
}

/// A tenancy within `user`'s scope, with its contacts: a role without tenancies is refused,
/// and another agency's tenancy is not acknowledged to exist. Every read and write of one
/// tenancy starts here.
async fn tenancy_in_scope(
    state: &AppState,
    user: &User,
    id: Uuid,
) -> Result<(TenancySummary, Vec<TenancyContact>), AppError> {
    user.tenancy_scope().ok_or(AppError::Forbidden)?;
    let (tenancy, contacts) = state.store.tenancy(id).await?;
    if !user.can_read_tenancy(tenancy.support_agency_id) {
        return Err(AppError::NotFound);
    }
    Ok((tenancy, contacts))
}

/// One tenancy `user` may read, as a view with its contacts; the read is audited.
async fn readable_tenancy(
    state: &AppState,
    user: &User,
    id: Uuid,
) -> Result<(TenancyView, Vec<TenancyContact>), AppError> {
    let (tenancy, contacts) = tenancy_in_scope(state, user, id).await?;
    state
        .store
        .record_audit(AuditEvent::new(
            Some(user.id),
            AuditAction::Read,
            "tenancy",
            Some(id),
        ))
        .await?;
    let name = state
        .store
        .person_names(&[tenancy.person_id])
        .await?
        .remove(&tenancy.person_id);
    let cadence = state.store.follow_up_cadence().await?;
    Ok((view_of(tenancy, name, cadence, today()), contacts))
}

/// Logs a contact after move-in, as the page or the API asks: support visits by the
/// supporting agency (or the hub), landlord check-ins by the hub.
async fn add_contact(
    state: &AppState,
    user: &User,
    id: Uuid,
    input: &ContactInput,
) -> Result<Uuid, AppError> {
    let (tenancy, _) = tenancy_in_scope(state, user, id).await?;
    let allowed = match ContactParty::parse(&input.party) {
        Some(ContactParty::Landlord) => user.can_manage_tenancies(),
        _ => user.can_log_support_for(tenancy.support_agency_id),
    };
    permit(allowed)?;
    let contact = input
        .parse(today(), tenancy.dates())
        .map_err(AppError::Invalid)?;
    Ok(state
        .store
        .add_tenancy_contact(Some(user.id), id, &contact)
        .await?)
}

/// Who supports a tenancy, as the page's form or the API sends it.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct SupportsInput {
    /// An agency of the directory; blank for none.
    agency_id: String,
    worker: String,
}

async fn set_supports(
    state: &AppState,
    user: &User,
    id: Uuid,
    input: &SupportsInput,
) -> Result<(), AppError> {
    permit(user.can_manage_tenancies())?;
    let mut e = FieldErrors::default();
    let agency = match input.agency_id.trim() {
        "" => None,
        raw => match Uuid::parse_str(raw) {
            Ok(a) => Some(a),
            Err(_) => {
                e.push("agency_id", "error-choose");
                None
            }
        },
    };
    let worker = e.take(passerelle_domain::values::optional_text(
        "worker",
        &input.worker,
        200,
    ));
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    Ok(state
        .store
        .set_tenancy_supports(Some(user.id), id, agency, worker.as_deref())
        .await?)
}

async fn end_tenancy(
    state: &AppState,
    user: &User,
    id: Uuid,
    input: &TenancyEndInput,
) -> Result<(), AppError> {
    permit(user.can_manage_tenancies())?;
    let (tenancy, _) = state.store.tenancy(id).await?;
    let end = input
        .parse(today(), tenancy.dates())
        .map_err(AppError::Invalid)?;
    Ok(state.store.end_tenancy(Some(user.id), id, &end).await?)
}

/// A followed tenancy `user` may work on (the supporting agency's workers and the hub).
async fn workable_tenancy(
    state: &AppState,
    user: &User,
    id: Uuid,
) -> Result<TenancySummary, AppError> {
    let (tenancy, _) = tenancy_in_scope(state, user, id).await?;
    permit(user.can_log_support_for(tenancy.support_agency_id))?;
    Ok(tenancy)
}

/// Records an incident: the supporting agency and the hub.
async fn add_incident(
    state: &AppState,
    user: &User,
    id: Uuid,
    input: &IncidentInput,
) -> Result<Uuid, AppError> {
    let tenancy = workable_tenancy(state, user, id).await?;
    let incident = input
        .parse(today(), tenancy.dates())
        .map_err(AppError::Invalid)?;
    Ok(state
        .store
        .add_incident(Some(user.id), id, &incident)
        .await?)
}

/// An incident `user` may read, with its tenancy; the read is audited.
async fn readable_incident(
    state: &AppState,
    user: &User,
    id: Uuid,
) -> Result<(IncidentRecord, TenancySummary), AppError> {
    user.tenancy_scope().ok_or(AppError::Forbidden)?;
    let incident = state.store.incident(id).await?;
    let (tenancy, _) = tenancy_in_scope(state, user, incident.tenancy_id).await?;
    state
        .store
        .record_audit(AuditEvent::new(
            Some(user.id),
            AuditAction::Read,
            "tenancy_incident",
            Some(tenancy.id),
        ))
        .await?;
    Ok((incident, tenancy))
}

/// A mediation meeting or a close, on an incident `user` may work on.
enum IncidentStep {
    Meeting(MeetingInput),
    Close(IncidentCloseInput),
}

async fn take_incident_step(
    state: &AppState,
    user: &User,
    id: Uuid,
    step: &IncidentStep,
) -> Result<(), AppError> {
    let (incident, tenancy) = readable_incident(state, user, id).await?;
    permit(user.can_log_support_for(tenancy.support_agency_id))?;
    let day = today();
    match step {
        IncidentStep::Meeting(input) => {
            let meeting = input
                .parse(day, incident.dates())
                .map_err(AppError::Invalid)?;
            state
                .store
                .add_incident_meeting(Some(user.id), id, &meeting)
                .await?;
        }
        IncidentStep::Close(input) => {
            let close = input
                .parse(day, incident.dates())
                .map_err(AppError::Invalid)?;
            state
                .store
                .close_incident(Some(user.id), id, &close)
                .await?;
        }
    }
    Ok(())
}

// Pages.

/// A tenancy as one line of a list.
struct TenancyLine {
    id: Uuid,
    person: String,
    unit: String,
    landlord: String,
    agency: String,
    moved_in: String,
    next_visit: String,
    next_check_in: String,
    overdue: bool,
    check_in_overdue: bool,
    ended: String,
    end_reason: String,
    returned: String,
}

/// Retention over a list: kept, lost and left out at a mark.
#[derive(Default)]
struct RetentionCount {
    retained: usize,
    not_retained: usize,
    excluded: usize,
}

impl RetentionCount {
    fn add(&mut self, r: Option<Retention>) {
        match r {
            Some(Retention::Retained) => self.retained += 1,
            Some(Retention::NotRetained) => self.not_retained += 1,
            Some(Retention::Excluded) => self.excluded += 1,
            Some(Retention::NotYet) | None => {}
        }
    }

    /// The share kept of those who reached the mark (deaths left out); empty when nobody
    /// has.
    fn rate(&self, tr: &crate::i18n::Tr) -> String {
        let measured = self.retained + self.not_retained;
        if measured == 0 {
            return String::new();
        }
        tr.percent(self.retained as f64 / measured as f64)
    }
}

/// The page's query: which tenancies, and the place in the list of them all.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ListPageQuery {
    #[serde(flatten)]
    which: ListQuery,
    #[serde(flatten)]
    listing: ListingParams,
}

/// The columns the list of all tenancies sorts by; the first (the latest move-in first) is
/// the default. `next_due` is the day of the next follow-up (of the work queue asked for; else
/// the next support visit).
const TENANCY_SORTS: [&str; 6] = [
    "moved_in", "person", "landlord", "agency", "ended", "next_due",
];

impl ListPageQuery {
    fn listing(&self, ended: bool, due: Option<Due>) -> Result<Listing, AppError> {
        Ok(self
            .listing
            .listing_descending("/tenancies", &TENANCY_SORTS, false)?
            .filter("show", if ended { "ended" } else { "" })
            .filter("due", due.map(Due::code).unwrap_or_default()))
    }
}

/// One page of `views` (of one work queue's, when `due` names one) in the listing's order
/// (ties by person, then move-in).
fn listed<'v>(
    ctx: &Ctx,
    views: &'v [TenancyView],
    due: Option<Due>,
    listing: &mut Listing,
) -> Vec<&'v TenancyView> {
    use passerelle_domain::text::fold;
    let sort = listing.sort;
    let day = today();
    listing.page_of(
        views.iter().filter(|v| due.is_none_or(|d| d.holds(v, day))),
        |v| {
            let t = &v.tenancy;
            match sort {
                "person" => (fold(&person_text(ctx, v)), None),
                "landlord" => (fold(&t.landlord_name), None),
                "agency" => (
                    fold(t.support_agency_name.as_deref().unwrap_or_default()),
                    None,
                ),
                "ended" => (String::new(), t.ended_on),
                "next_due" => (
                    String::new(),
                    due.unwrap_or(Due::Overdue)
                        .follow_up(v)
                        .and_then(|s| s.next_due),
                ),
                _ => (String::new(), t.moved_in_on),
            }
        },
        |v| {
            let t = &v.tenancy;
            (fold(&person_text(ctx, v)), t.moved_in_on, t.id)
        },
    )
}

#[derive(Template)]
#[template(path = "tenancies/list.html")]
struct ListPage<'a> {
    ctx: &'a Ctx,
    ended: bool,
    overdue: Queue,
    due_soon: Queue,
    check_ins_due: Queue,
    /// The work queue the whole list is filtered to, if any (its heading's text), and its
    /// code for the page size form.
    due_filter: Option<String>,
    due_code: &'static str,
    /// One page of them all, in the listing's order.
    all: Vec<TenancyLine>,
    listing: Listing,
    is_hub: bool,
    six: RetentionCount,
    twelve: RetentionCount,
    can_set_cadence: bool,
    cadence: FollowUpCadence,
    cadence_weekly: String,
    cadence_monthly: String,
    errors: FormErrors,
}

/// How many lines of each work queue the list page leads with: the most pressing ones. The
/// rest are on the whole list filtered to the queue (`href`), paged, in the same order.
const QUEUE_LINES: usize = 10;

/// A work queue's first lines, how many it holds, and where to see them all.
struct Queue {
    lines: Vec<TenancyLine>,
    total: u64,
    href: String,
}

impl Queue {
    /// The first lines of the `due` queue, most overdue first (as its page orders it).
    fn of(ctx: &Ctx, views: &[TenancyView], due: Due) -> Result<Queue, AppError> {
        let params = ListingParams {
            sort: Some("next_due".into()),
            dir: Some("asc".into()),
            ..ListingParams::default()
        };
        let mut listing = params.listing_descending("/tenancies", &TENANCY_SORTS, true)?;
        let lines = listed(ctx, views, Some(due), &mut listing)
            .into_iter()
            .take(QUEUE_LINES)
            .map(|v| line_of(ctx, v))
            .collect();
        Ok(Queue {
            lines,
            total: listing.total,
            href: format!("/tenancies?due={}&sort=next_due&dir=asc", due.code()),
        })
    }

    fn none() -> Queue {
        Queue {
            lines: Vec::new(),
            total: 0,
            href: String::new(),
        }
    }
}

fn person_text(ctx: &Ctx, view: &TenancyView) -> String {
    view.person_name
        .clone()
        .unwrap_or_else(|| ctx.tr.t("tenancy-person-withheld"))
}

pub(crate) fn end_reason_text(ctx: &Ctx, reason: Option<&str>) -> String {
    match reason {
        Some(r) => ctx
            .tr
            .t(&format!("tenancy-end-reason-{}", r.replace('_', "-"))),
        None => ctx.tr.t("tenancy-end-reason-not-recorded"),
    }
}

fn line_of(ctx: &Ctx, v: &TenancyView) -> TenancyLine {
    let t = &v.tenancy;
    let due = |s: &Option<FollowUpState>| {
        s.and_then(|s| s.next_due)
            .map(date_text)
            .unwrap_or_default()
    };
    TenancyLine {
        id: t.id,
        person: person_text(ctx, v),
        unit: format!("{}, {}", t.unit_label, t.address),
        landlord: t.landlord_name.clone(),
        agency: t
            .support_agency_name
            .clone()
            .unwrap_or_else(|| ctx.tr.t("tenancy-no-support")),
        moved_in: t
            .moved_in_on
            .map(date_text)
            .unwrap_or_else(|| ctx.tr.t("tenancy-not-moved-in")),
        next_visit: due(&v.support_follow_up),
        next_check_in: due(&v.landlord_follow_up),
        overdue: v.support_follow_up.is_some_and(|s| s.overdue),
        check_in_overdue: v.landlord_follow_up.is_some_and(|s| s.overdue),
        ended: t.ended_on.map(date_text).unwrap_or_default(),
        end_reason: if t.ended_on.is_some() {
            end_reason_text(ctx, t.end_reason.as_deref())
        } else {
            String::new()
        },
        returned: v.returned_on.map(date_text).unwrap_or_default(),
    }
}

/// A person's tenancies, as views, for their page on the list (the hub's).
pub(crate) async fn person_tenancies(
    state: &AppState,
    person: Uuid,
) -> Result<Vec<TenancyView>, AppError> {
    let tenancies = state
        .store
        .tenancies(&TenancyFilter {
            person: Some(person),
            ..TenancyFilter::default()
        })
        .await?;
    let cadence = state.store.follow_up_cadence().await?;
    let day = today();
    Ok(tenancies
        .into_iter()
        .map(|t| view_of(t, None, cadence, day))
        .collect())
}

async fn render_list(
    state: &AppState,
    ctx: &Ctx,
    ended: bool,
    due: Option<Due>,
    mut listing: Listing,
    errors: FieldErrors,
    typed: Option<&FollowUpCadenceInput>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let cadence = state.store.follow_up_cadence().await?;
    let views = tenancy_views(state, user, ended, cadence).await?;
    let is_hub = user.can_manage_tenancies();
    let all = listed(ctx, &views, due, &mut listing)
        .into_iter()
        .map(|v| line_of(ctx, v))
        .collect();
    let queue = |due: Due, shown: bool| match shown && !ended {
        true => Queue::of(ctx, &views, due),
        false => Ok(Queue::none()),
    };
    let mut page = ListPage {
        ctx,
        ended,
        overdue: queue(Due::Overdue, true)?,
        due_soon: queue(Due::Soon, true)?,
        check_ins_due: queue(Due::CheckIn, is_hub)?,
        due_filter: due.map(|d| {
            ctx.tr.t(match d {
                Due::Overdue => "tenancies-overdue",
                Due::Soon => "tenancies-due-soon",
                Due::CheckIn => "tenancies-check-ins-due",
            })
        }),
        due_code: due.map(Due::code).unwrap_or_default(),
        all,
        listing,
        is_hub,
        six: RetentionCount::default(),
        twelve: RetentionCount::default(),
        can_set_cadence: user.can_set_policy(),
        cadence,
        cadence_weekly: String::new(),
        cadence_monthly: String::new(),
        errors: FormErrors::new(errors.clone(), ctx.tr),
    };
    (page.cadence_weekly, page.cadence_monthly) = match typed {
        Some(input) => (input.weekly_weeks.clone(), input.monthly_until.clone()),
        None => (
            page.cadence.weekly_weeks.to_string(),
            page.cadence.monthly_until.to_string(),
        ),
    };
    for v in views.iter() {
        page.six.add(v.retention_6_months);
        page.twelve.add(v.retention_12_months);
    }
    Ok((form_status(&errors), render(&page)).into_response())
}

async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListPageQuery>,
) -> Result<Response, AppError> {
    let ended = q.which.ended()?;
    let due = q.which.due()?;
    let listing = q.listing(ended, due)?;
    render_list(
        &state,
        &ctx,
        ended,
        due,
        listing,
        FieldErrors::default(),
        None,
    )
    .await
}

async fn save_cadence(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_set_policy())?;
    let input = FollowUpCadenceInput {
        weekly_weeks: form.get("weekly_weeks"),
        monthly_until: form.get("monthly_until"),
    };
    match input.parse() {
        Ok(cadence) => {
            state
                .store
                .set_follow_up_cadence(Some(user.id), cadence)
                .await?;
            Ok(Redirect::to("/tenancies").into_response())
        }
        Err(errors) => {
            let listing = ListPageQuery::default().listing(false, None)?;
            render_list(&state, &ctx, false, None, listing, errors, Some(&input)).await
        }
    }
}

struct ContactLine {
    on: String,
    party: String,
    kind: String,
    outcome: String,
    notes: String,
    by: String,
}

/// Where one kind of follow-up stands, in words.
struct FollowUpLine {
    next_due: String,
    overdue: bool,
    met: String,
}

#[derive(Template)]
#[template(path = "tenancies/tenancy.html")]
struct TenancyPage<'a> {
    ctx: &'a Ctx,
    id: Uuid,
    person: String,
    person_id: Uuid,
    unit_id: Uuid,
    unit: String,
    landlord_id: Uuid,
    landlord: String,
    agency: String,
    worker: String,
    leased_on: String,
    moved_in: String,
    ended: String,
    end_reason: String,
    end_note: String,
    support: Option<FollowUpLine>,
    landlord_check_ins: Option<FollowUpLine>,
    retention_6: String,
    retention_12: String,
    returned: String,
    contacts: Vec<ContactLine>,
    support_form: bool,
    landlord_form: bool,
    manage_forms: bool,
    is_hub: bool,
    support_kinds: Vec<Choice>,
    support_outcomes: Vec<Choice>,
    landlord_kinds: Vec<Choice>,
    landlord_outcomes: Vec<Choice>,
    end_reasons: Vec<Choice>,
    agencies: Vec<Choice>,
    incidents: Vec<IncidentLine>,
    incident_kinds: Vec<Choice>,
    incident_raised_by: Vec<Choice>,
    today: String,
    errors: FormErrors,
    /// The form the errors belong to: `support`, `landlord`, `supports`, `end` or
    /// `incident`.
    failed: String,
}

/// An incident as its tenancy's page lists it.
struct IncidentLine {
    id: Uuid,
    on: String,
    kind: String,
    raised_by: String,
    meetings: usize,
    /// The outcome in words, or "open".
    state: String,
}

fn incident_state(ctx: &Ctx, i: &IncidentRecord) -> String {
    match &i.outcome {
        Some(o) => format!(
            "{} ({})",
            ctx.tr
                .t(&format!("incident-outcome-{}", o.replace('_', "-"))),
            i.closed_on.map(date_text).unwrap_or_default()
        ),
        None => ctx.tr.t("incident-open"),
    }
}

fn coded(ctx: &Ctx, prefix: &str, code: &str) -> String {
    ctx.tr.t(&format!("{prefix}{}", code.replace('_', "-")))
}

fn follow_up_line(ctx: &Ctx, s: Option<FollowUpState>) -> Option<FollowUpLine> {
    s.map(|s| FollowUpLine {
        next_due: s
            .next_due
            .map(date_text)
            .unwrap_or_else(|| ctx.tr.t("tenancy-nothing-due")),
        overdue: s.overdue,
        met: ctx.tr.tn(
            "tenancy-follow-ups-met",
            &[("met", s.met as u64), ("due", s.due_so_far as u64)],
        ),
    })
}

fn retention_text(ctx: &Ctx, r: Option<Retention>) -> String {
    let code = match r {
        Some(Retention::Retained) => "retained",
        Some(Retention::NotRetained) => "not-retained",
        Some(Retention::Excluded) => "excluded",
        Some(Retention::NotYet) | None => "not-yet",
    };
    ctx.tr.t(&format!("tenancy-retention-{code}"))
}

async fn render_tenancy(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    errors: FieldErrors,
    failed: &str,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let (view, contacts) = readable_tenancy(state, user, id).await?;
    let t = &view.tenancy;
    let current = t.ended_on.is_none();
    let manage = user.can_manage_tenancies();
    let agencies = if manage && current {
        state
            .store
            .organization_names()
            .await?
            .into_iter()
            .map(|(a, name)| Choice {
                value: a.to_string(),
                label: name,
                selected: t.support_agency_id == Some(a),
                depth: 0,
            })
            .collect()
    } else {
        Vec::new()
    };
    let party_text = |p: ContactParty| ctx.tr.t(&format!("tenancy-party-{}", p.code()));
    let incidents = state.store.incidents_of(id).await?;
    let page = TenancyPage {
        ctx,
        id,
        person: person_text(ctx, &view),
        person_id: t.person_id,
        unit_id: t.unit_id,
        unit: format!("{}, {}", t.unit_label, t.address),
        landlord_id: t.landlord_id,
        landlord: t.landlord_name.clone(),
        agency: t
            .support_agency_name
            .clone()
            .unwrap_or_else(|| ctx.tr.t("tenancy-no-support")),
        worker: t.support_worker.clone().unwrap_or_default(),
        leased_on: date_text(t.leased_on),
        moved_in: t
            .moved_in_on
            .map(date_text)
            .unwrap_or_else(|| ctx.tr.t("tenancy-not-moved-in")),
        ended: t.ended_on.map(date_text).unwrap_or_default(),
        end_reason: if current {
            String::new()
        } else {
            end_reason_text(ctx, t.end_reason.as_deref())
        },
        end_note: t.end_note.clone().unwrap_or_default(),
        support: follow_up_line(ctx, view.support_follow_up),
        landlord_check_ins: follow_up_line(ctx, view.landlord_follow_up),
        retention_6: retention_text(ctx, view.retention_6_months),
        retention_12: retention_text(ctx, view.retention_12_months),
        returned: view.returned_on.map(date_text).unwrap_or_default(),
        contacts: contacts
            .iter()
            .map(|c| ContactLine {
                on: date_text(c.on),
                party: party_text(c.party),
                kind: coded(ctx, "tenancy-kind-", &c.kind),
                outcome: coded(
                    ctx,
                    &format!("tenancy-outcome-{}-", c.party.code()),
                    &c.outcome,
                ),
                notes: c.notes.clone().unwrap_or_default(),
                by: c.recorded_by.clone().unwrap_or_default(),
            })
            .collect(),
        support_form: current && user.can_log_support_for(t.support_agency_id),
        landlord_form: current && manage,
        manage_forms: current && manage,
        is_hub: manage,
        support_kinds: code_choices(&SUPPORT_KINDS, "tenancy-kind-", &[], ctx),
        support_outcomes: code_choices(&SUPPORT_OUTCOMES, "tenancy-outcome-support-", &[], ctx),
        landlord_kinds: code_choices(&LANDLORD_KINDS, "tenancy-kind-", &[], ctx),
        landlord_outcomes: code_choices(&LANDLORD_OUTCOMES, "tenancy-outcome-landlord-", &[], ctx),
        end_reasons: code_choices(&TENANCY_END_REASONS, "tenancy-end-reason-", &[], ctx),
        agencies,
        incidents: incidents
            .iter()
            .map(|i| IncidentLine {
                id: i.id,
                on: date_text(i.on),
                kind: coded(ctx, "incident-kind-", &i.kind),
                raised_by: coded(ctx, "incident-raised-by-", &i.raised_by),
                meetings: i.meetings.len(),
                state: incident_state(ctx, i),
            })
            .collect(),
        incident_kinds: code_choices(&INCIDENT_KINDS, "incident-kind-", &[], ctx),
        incident_raised_by: code_choices(&INCIDENT_RAISED_BY, "incident-raised-by-", &[], ctx),
        today: date_text(today()),
        errors: FormErrors::new(errors.clone(), ctx.tr),
        failed: failed.to_owned(),
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

async fn add_incident_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    let id = parse_id(&id)?;
    let input = IncidentInput {
        on: form.get("on"),
        kind: form.get("kind"),
        raised_by: form.get("raised_by"),
        description: form.get("description"),
    };
    match add_incident(&state, user, id, &input).await {
        Ok(incident) => Ok(Redirect::to(&format!("/incidents/{incident}")).into_response()),
        Err(AppError::Invalid(errors)) => {
            render_tenancy(&state, &ctx, id, errors, "incident").await
        }
        Err(e) => Err(e),
    }
}

struct MeetingLine {
    on: String,
    attendees: String,
    agreed: String,
    by: String,
}

#[derive(Template)]
#[template(path = "tenancies/incident.html")]
struct IncidentPage<'a> {
    ctx: &'a Ctx,
    id: Uuid,
    tenancy_id: Uuid,
    person: String,
    unit: String,
    on: String,
    kind: String,
    raised_by: String,
    description: String,
    state: String,
    outcome_note: String,
    open: bool,
    can_act: bool,
    meetings: Vec<MeetingLine>,
    outcomes: Vec<Choice>,
    today: String,
    errors: FormErrors,
    /// The form the errors belong to: `meeting` or `close`.
    failed: String,
}

async fn render_incident(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    errors: FieldErrors,
    failed: &str,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let (incident, tenancy) = readable_incident(state, user, id).await?;
    let person = state
        .store
        .person_names(&[tenancy.person_id])
        .await?
        .remove(&tenancy.person_id)
        .unwrap_or_else(|| ctx.tr.t("tenancy-person-withheld"));
    let page = IncidentPage {
        ctx,
        id,
        tenancy_id: tenancy.id,
        person,
        unit: format!("{}, {}", tenancy.unit_label, tenancy.address),
        on: date_text(incident.on),
        kind: coded(ctx, "incident-kind-", &incident.kind),
        raised_by: coded(ctx, "incident-raised-by-", &incident.raised_by),
        description: incident.description.clone().unwrap_or_default(),
        state: incident_state(ctx, &incident),
        outcome_note: incident.outcome_note.clone().unwrap_or_default(),
        open: incident.outcome.is_none(),
        can_act: user.can_log_support_for(tenancy.support_agency_id),
        meetings: incident
            .meetings
            .iter()
            .map(|m| MeetingLine {
                on: date_text(m.on),
                attendees: m.attendees.clone(),
                agreed: m.agreed.clone().unwrap_or_default(),
                by: m.recorded_by.clone().unwrap_or_default(),
            })
            .collect(),
        outcomes: code_choices(&INCIDENT_OUTCOMES, "incident-outcome-", &[], ctx),
        today: date_text(today()),
        errors: FormErrors::new(errors.clone(), ctx.tr),
        failed: failed.to_owned(),
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

async fn incident_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    render_incident(&state, &ctx, parse_id(&id)?, FieldErrors::default(), "").await
}

async fn incident_step_form(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    step: IncidentStep,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let id = parse_id(id)?;
    let form_name = match step {
        IncidentStep::Meeting(_) => "meeting",
        IncidentStep::Close(_) => "close",
    };
    match take_incident_step(state, user, id, &step).await {
        Ok(()) => Ok(Redirect::to(&format!("/incidents/{id}")).into_response()),
        Err(AppError::Invalid(errors)) => render_incident(state, ctx, id, errors, form_name).await,
        Err(e) => Err(e),
    }
}

async fn add_meeting_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let step = IncidentStep::Meeting(MeetingInput {
        on: form.get("on"),
        attendees: form.get("attendees"),
        agreed: form.get("agreed"),
    });
    incident_step_form(&state, &ctx, &id, step).await
}

async fn close_incident_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let step = IncidentStep::Close(IncidentCloseInput {
        on: form.get("on"),
        outcome: form.get("outcome"),
        note: form.get("note"),
    });
    incident_step_form(&state, &ctx, &id, step).await
}

async fn tenancy_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    render_tenancy(&state, &ctx, parse_id(&id)?, FieldErrors::default(), "").await
}

/// After a form: back to the tenancy, or the page again with the form's errors.
async fn after_form(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    form_name: &str,
    outcome: Result<(), AppError>,
) -> Result<Response, AppError> {
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/tenancies/{id}")).into_response()),
        Err(AppError::Invalid(errors)) => render_tenancy(state, ctx, id, errors, form_name).await,
        Err(e) => Err(e),
    }
}

async fn add_contact_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    let id = parse_id(&id)?;
    let input = ContactInput {
        party: form.get("party"),
        on: form.get("on"),
        kind: form.get("kind"),
        outcome: form.get("outcome"),
        notes: form.get("notes"),
    };
    let outcome = add_contact(&state, user, id, &input).await.map(|_| ());
    let form_name = if input.party == "landlord" {
        "landlord"
    } else {
        "support"
    };
    after_form(&state, &ctx, id, form_name, outcome).await
}

async fn supports_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    let id = parse_id(&id)?;
    let input = SupportsInput {
        agency_id: form.get("agency_id"),
        worker: form.get("worker"),
    };
    let outcome = set_supports(&state, user, id, &input).await;
    after_form(&state, &ctx, id, "supports", outcome).await
}

async fn end_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    let id = parse_id(&id)?;
    let input = TenancyEndInput {
        on: form.get("on"),
        reason: form.get("reason"),
        note: form.get("note"),
    };
    let outcome = end_tenancy(&state, user, id, &input).await;
    after_form(&state, &ctx, id, "end", outcome).await
}

// API.

/// `GET /api/v1/tenancies`: one page of the tenancies list, with the page's parameters (a
/// sort or page size it does not know is an error here, as the API's schema says).
async fn list_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListPageQuery>,
) -> Result<Json<serde_json::Value>, AppError> {
    let ended = q.which.ended()?;
    let due = q.which.due()?;
    let mut listing = (q.listing).listing_descending("/api/v1/tenancies", &TENANCY_SORTS, true)?;
    let cadence = state.store.follow_up_cadence().await?;
    let views = tenancy_views(&state, ctx.user()?, ended, cadence).await?;
    let page = listed(&ctx, &views, due, &mut listing);
    Ok(Json(serde_json::json!({
        "total": listing.total,
        "page": listing.page,
        "per_page": listing.per_page,
        "tenancies": page,
    })))
}

#[derive(Serialize)]
struct TenancyDetail {
    #[serde(flatten)]
    view: TenancyView,
    contacts: Vec<TenancyContact>,
    incidents: Vec<IncidentRecord>,
}

async fn tenancy_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<TenancyDetail>, AppError> {
    let id = parse_id(&id)?;
    let (view, contacts) = readable_tenancy(&state, ctx.user()?, id).await?;
    let incidents = state.store.incidents_of(id).await?;
    Ok(Json(TenancyDetail {
        view,
        contacts,
        incidents,
    }))
}

#[derive(Serialize)]
struct Created {
    id: Uuid,
}

async fn add_contact_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ContactInput>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let id = add_contact(&state, ctx.user()?, parse_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

async fn supports_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<SupportsInput>,
) -> Result<StatusCode, AppError> {
    set_supports(&state, ctx.user()?, parse_id(&id)?, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn end_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TenancyEndInput>,
) -> Result<StatusCode, AppError> {
    end_tenancy(&state, ctx.user()?, parse_id(&id)?, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn cadence_api(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<FollowUpCadence>, AppError> {
    ctx.user()?.tenancy_scope().ok_or(AppError::Forbidden)?;
    Ok(Json(state.store.follow_up_cadence().await?))
}

/// The cadence as the API takes it: numbers, checked as the form's text is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CadenceBody {
    weekly_weeks: serde_json::Number,
    monthly_until: serde_json::Number,
}

/// A JSON number as the form's text: `2.0` is the whole number 2 (JSON does not tell them
/// apart), while `2.5` stays as written and is refused as a whole number.
fn whole_number_text(n: &serde_json::Number) -> String {
    match (n.as_i64(), n.as_f64()) {
        (Some(i), _) => i.to_string(),
        (None, Some(f)) if f.fract() == 0.0 && f.abs() < 1e9 => (f as i64).to_string(),
        _ => n.to_string(),
    }
}

async fn set_cadence_api(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<CadenceBody>,
) -> Result<Json<FollowUpCadence>, AppError> {
    let user = ctx.user()?;
    permit(user.can_set_policy())?;
    let cadence = FollowUpCadenceInput {
        weekly_weeks: whole_number_text(&body.weekly_weeks),
        monthly_until: whole_number_text(&body.monthly_until),
    }
    .parse()
    .map_err(AppError::Invalid)?;
    state
        .store
        .set_follow_up_cadence(Some(user.id), cadence)
        .await?;
    Ok(Json(cadence))
}

async fn add_incident_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<IncidentInput>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let id = add_incident(&state, ctx.user()?, parse_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

async fn incident_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<IncidentRecord>, AppError> {
    let (incident, _) = readable_incident(&state, ctx.user()?, parse_id(&id)?).await?;
    Ok(Json(incident))
}

async fn add_meeting_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MeetingInput>,
) -> Result<StatusCode, AppError> {
    let step = IncidentStep::Meeting(input);
    take_incident_step(&state, ctx.user()?, parse_id(&id)?, &step).await?;
    Ok(StatusCode::CREATED)
}

async fn close_incident_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<IncidentCloseInput>,
) -> Result<StatusCode, AppError> {
    let step = IncidentStep::Close(input);
    take_incident_step(&state, ctx.user()?, parse_id(&id)?, &step).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A landlord's relationship over the years: the locator's, as the landlord's page.
async fn relationship_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<LandlordRelationship>, AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_housing())?;
    let id = parse_id(&id)?;
    state.store.landlord(id).await?;
    state
        .store
        .record_audit(AuditEvent::new(
            Some(user.id),
            AuditAction::Read,
            "landlord",
            Some(id),
        ))
        .await?;
    Ok(Json(state.store.landlord_relationship(id).await?))
}

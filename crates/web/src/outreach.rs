//! The convener's pages (A3, A4): what needs doing across the pipeline, and meetings with
//! a purpose: planned, their printable agenda, the answers each agency gave, decisions,
//! the next meeting and follow-ups. Administrators and the convener only.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::listing::{Listing, ListingParams, filter_value};
use crate::network::{MeetingRow, stage_label};
use crate::pages::{FormData, parse_id};
use crate::routes::Routes;
use crate::views::{Choice, FormErrors, day_text, form_status, render, today};
use askama::Template;
use axum::Json;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use passerelle_domain::FieldErrors;
use passerelle_domain::directory::{holds_every_word, search_words};
use passerelle_domain::housing::date_text;
use passerelle_domain::outreach::*;
use passerelle_domain::roles::User;
use passerelle_domain::text::fold;
use passerelle_store::{
    AgencyOutreach, FollowUp, MeetingRecord, MeetingSummary, OutreachOverview, StoreError,
};
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new()
        .route("/network/outreach", get(overview_page))
        .route("/network/meetings/new", get(new_meeting))
        .route("/network/meetings", get(meetings_page).post(create_meeting))
        .route(
            "/network/meetings/{id}",
            get(meeting_page).post(update_meeting),
        )
        .route("/network/meetings/{id}/edit", get(edit_meeting))
        .route("/network/meetings/{id}/agenda", get(agenda_page))
        .route("/network/meetings/{id}/answers/{org}", post(record_answers))
        .route("/network/meetings/{id}/outcome", post(record_outcome))
        .route("/network/meetings/{id}/follow-ups", post(add_follow_up))
        .route("/network/follow-ups/{id}/done", post(complete_follow_up))
}

/// The API's counterparts of the convener's lists.
pub fn api_router() -> Routes {
    Routes::new()
        .route("/api/v1/meetings", get(meetings_api))
        .route("/api/v1/outreach", get(overview_api))
        .route("/api/v1/outreach/{queue}", get(queue_api))
}

pub(crate) fn require_outreach(user: &User) -> Result<&User, AppError> {
    permit(user.can_run_outreach()).map(|()| user)
}

// ---------------------------------------------------------------- the convener's home

struct AgencyRow {
    id: Uuid,
    name: String,
    stage: String,
    reluctant: bool,
    last_touch: String,
}

impl AgencyRow {
    fn of(ctx: &Ctx, a: &AgencyOutreach) -> AgencyRow {
        AgencyRow {
            id: a.org_id,
            name: a.name.clone(),
            stage: stage_label(ctx, a.stage),
            reluctant: a.reluctant,
            last_touch: day_text(a.last_touch()),
        }
    }
}

struct FollowUpRow {
    id: Uuid,
    meeting_id: Uuid,
    meeting_purpose: String,
    description: String,
    owner: String,
    due_on: String,
    done_on: String,
}

impl FollowUpRow {
    fn of(f: &FollowUp) -> FollowUpRow {
        FollowUpRow {
            id: f.id,
            meeting_id: f.meeting_id,
            meeting_purpose: f.meeting_purpose.clone(),
            description: f.description.clone(),
            owner: f.owner.clone(),
            due_on: date_text(f.due_on),
            done_on: day_text(f.done_on),
        }
    }
}

/// The overview's lists, each a queue of work. The overview shows the first lines of each
/// and how many there are; `?queue=` shows one whole, a page at a time (at ten times the
/// demo, the agencies never contacted alone were 180 lines above everything else).
#[derive(Clone, Copy, PartialEq, Eq)]
enum OutreachQueue {
    Overdue,
    NeverContacted,
    WithoutNext,
    Stale,
    Planned,
    Reluctant,
}

impl OutreachQueue {
    const ALL: [OutreachQueue; 6] = [
        OutreachQueue::Overdue,
        OutreachQueue::NeverContacted,
        OutreachQueue::WithoutNext,
        OutreachQueue::Stale,
        OutreachQueue::Planned,
        OutreachQueue::Reluctant,
    ];

    fn code(self) -> &'static str {
        match self {
            OutreachQueue::Overdue => "overdue",
            OutreachQueue::NeverContacted => "never_contacted",
            OutreachQueue::WithoutNext => "without_next",
            OutreachQueue::Stale => "stale",
            OutreachQueue::Planned => "planned",
            OutreachQueue::Reluctant => "reluctant",
        }
    }

    fn parse(code: &str) -> Option<OutreachQueue> {
        OutreachQueue::ALL.into_iter().find(|q| q.code() == code)
    }
}

/// How many lines of each queue the overview shows.
const QUEUE_LINES: usize = 10;

/// One queue as the page shows it.
struct Section<R> {
    /// The first lines on the overview; the page asked for when the queue is shown whole.
    lines: Vec<R>,
    total: usize,
    /// The whole queue's address.
    href: String,
    /// Whether the page shows it: every queue on the overview, one when it is shown whole.
    shown: bool,
}

/// One page of a queue, in its own order (the store's: most pressing first).
fn in_queue_order<'t, T>(listing: &mut Listing, items: &'t [T]) -> Vec<&'t T> {
    listing
        .page_of(items.iter().enumerate(), |(i, _)| *i, |(i, _)| *i)
        .into_iter()
        .map(|(_, item)| item)
        .collect()
}

/// The queue shown whole, if one is, and where its list stands.
struct Focus {
    queue: OutreachQueue,
    listing: Listing,
}

impl Focus {
    /// The queue's lines for the page: its first ones on the overview, the listing's page
    /// when it is the queue shown whole, none when another is. Each queue keeps the store's
    /// order (most pressing first), so its only sort is that order.
    fn section<T, R>(
        focus: Option<&mut Focus>,
        queue: OutreachQueue,
        items: &[T],
        stale_months: u32,
        row: impl Fn(&T) -> R,
    ) -> Section<R> {
        let months = match queue {
            OutreachQueue::Stale if stale_months != DEFAULT_STALE_MONTHS => {
                format!("&stale_months={stale_months}")
            }
            _ => String::new(),
        };
        let (lines, shown) = match focus {
            None => (items.iter().take(QUEUE_LINES).map(&row).collect(), true),
            Some(focus) if focus.queue == queue => (
                in_queue_order(&mut focus.listing, items)
                    .into_iter()
                    .map(row)
                    .collect(),
                true,
            ),
            Some(_) => (Vec::new(), false),
        };
        Section {
            lines,
            total: items.len(),
            href: format!("/network/outreach?queue={}{months}", queue.code()),
            shown,
        }
    }
}

#[derive(Template)]
#[template(path = "network/outreach.html")]
struct OverviewPage<'a> {
    ctx: &'a Ctx,
    stale_months: u32,
    /// (stage label, how many agencies are at it)
    pipeline: Vec<(String, usize)>,
    never_contacted: Section<AgencyRow>,
    reluctant: Section<AgencyRow>,
    stale: Section<AgencyRow>,
    held_without_next: Section<MeetingRow>,
    planned: Section<MeetingRow>,
    overdue: Section<FollowUpRow>,
    /// The queue shown whole and its pages, if one is.
    focus: Option<Focus>,
}

impl OverviewPage<'_> {
    fn focused(&self) -> bool {
        self.focus.is_some()
    }
}

#[derive(serde::Deserialize)]
struct OverviewQuery {
    stale_months: Option<String>,
    queue: Option<String>,
    #[serde(flatten)]
    listing: ListingParams,
}

/// Contacts older than this many months are stale unless the convener asks otherwise.
const DEFAULT_STALE_MONTHS: u32 = 6;

async fn overview_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<OverviewQuery>,
) -> Result<Response, AppError> {
    require_outreach(ctx.user()?)?;
    // A queue that is not one shows the overview: an old bookmark still opens.
    let stale_months = stale_months(&q.stale_months, false)?;
    let mut focus = match q.queue.as_deref().and_then(OutreachQueue::parse) {
        Some(queue) => {
            let mut listing = q
                .listing
                .listing("/network/outreach", &["order"], false)?
                .filter("queue", queue.code());
            if queue == OutreachQueue::Stale && stale_months != DEFAULT_STALE_MONTHS {
                listing = listing.filter("stale_months", &stale_months.to_string());
            }
            Some(Focus { queue, listing })
        }
        None => None,
    };
    let o = state.store.outreach_overview(today(), stale_months).await?;
    let reluctant = reluctant_agencies(&o);
    let agency_row = |a: &AgencyOutreach| AgencyRow::of(&ctx, a);
    let never_contacted = Focus::section(
        focus.as_mut(),
        OutreachQueue::NeverContacted,
        &o.never_contacted,
        stale_months,
        agency_row,
    );
    let reluctant = Focus::section(
        focus.as_mut(),
        OutreachQueue::Reluctant,
        &reluctant,
        stale_months,
        agency_row,
    );
    let stale = Focus::section(
        focus.as_mut(),
        OutreachQueue::Stale,
        &o.stale,
        stale_months,
        agency_row,
    );
    let held_without_next = Focus::section(
        focus.as_mut(),
        OutreachQueue::WithoutNext,
        &o.held_without_next,
        stale_months,
        MeetingRow::of,
    );
    let planned = Focus::section(
        focus.as_mut(),
        OutreachQueue::Planned,
        &o.planned,
        stale_months,
        MeetingRow::of,
    );
    let overdue = Focus::section(
        focus.as_mut(),
        OutreachQueue::Overdue,
        &o.overdue,
        stale_months,
        FollowUpRow::of,
    );
    let page = OverviewPage {
        ctx: &ctx,
        stale_months,
        pipeline: pipeline(&o)
            .map(|(stage, n)| (stage_label(&ctx, stage), n))
            .collect(),
        never_contacted,
        reluctant,
        stale,
        held_without_next,
        planned,
        overdue,
        focus,
    };
    Ok(render(&page))
}

/// The months after which a contact is stale: 1 to 60, 6 unless asked. With `strict` (the
/// API) a value that does not read is refused; the page takes the default.
fn stale_months(raw: &Option<String>, strict: bool) -> Result<u32, AppError> {
    Ok(filter_value(raw, strict, |m| {
        m.parse::<u32>().ok().filter(|m| (1..=60).contains(m))
    })?
    .unwrap_or(DEFAULT_STALE_MONTHS))
}

/// The agencies marked reluctant, in the overview's order.
fn reluctant_agencies(o: &OutreachOverview) -> Vec<AgencyOutreach> {
    o.agencies.iter().filter(|a| a.reluctant).cloned().collect()
}

/// How many agencies are at each stage, earliest first.
fn pipeline(o: &OutreachOverview) -> impl Iterator<Item = (Stage, usize)> + '_ {
    Stage::ALL
        .into_iter()
        .map(|s| (s, o.agencies.iter().filter(|a| a.stage == s).count()))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct QueueQuery {
    stale_months: Option<String>,
    #[serde(flatten)]
    listing: ListingParams,
}

/// `GET /api/v1/outreach`: the overview page's figures: how many agencies are at each
/// stage, and how many lines each queue holds.
async fn overview_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<QueueQuery>,
) -> Result<Json<serde_json::Value>, AppError> {
    require_outreach(ctx.user()?)?;
    let stale_months = stale_months(&q.stale_months, true)?;
    let o = state.store.outreach_overview(today(), stale_months).await?;
    let stages: serde_json::Map<String, serde_json::Value> = pipeline(&o)
        .map(|(stage, n)| (stage.as_str().to_owned(), n.into()))
        .collect();
    let reluctant = reluctant_agencies(&o).len();
    let queues: serde_json::Map<String, serde_json::Value> = OutreachQueue::ALL
        .into_iter()
        .map(|queue| {
            let total = match queue {
                OutreachQueue::Overdue => o.overdue.len(),
                OutreachQueue::NeverContacted => o.never_contacted.len(),
                OutreachQueue::WithoutNext => o.held_without_next.len(),
                OutreachQueue::Stale => o.stale.len(),
                OutreachQueue::Planned => o.planned.len(),
                OutreachQueue::Reluctant => reluctant,
            };
            (queue.code().to_owned(), total.into())
        })
        .collect();
    Ok(Json(serde_json::json!({
        "stale_months": stale_months,
        "stages": stages,
        "queues": queues,
    })))
}

/// `GET /api/v1/outreach/{queue}`: one queue of the overview whole, a page at a time, in
/// the page's order (`/network/outreach?queue=…`).
async fn queue_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(queue): Path<String>,
    Query(q): Query<QueueQuery>,
) -> Result<Json<serde_json::Value>, AppError> {
    require_outreach(ctx.user()?)?;
    let queue = OutreachQueue::parse(&queue).ok_or(AppError::NotFound)?;
    let stale_months = stale_months(&q.stale_months, true)?;
    let mut listing = q.listing.listing(
        format!("/api/v1/outreach/{}", queue.code()),
        &["order"],
        true,
    )?;
    let o = state.store.outreach_overview(today(), stale_months).await?;
    fn page<T: serde::Serialize>(listing: &mut Listing, items: &[T]) -> serde_json::Value {
        serde_json::json!(in_queue_order(listing, items))
    }
    let items = match queue {
        OutreachQueue::Overdue => page(&mut listing, &o.overdue),
        OutreachQueue::NeverContacted => page(&mut listing, &o.never_contacted),
        OutreachQueue::WithoutNext => page(&mut listing, &o.held_without_next),
        OutreachQueue::Stale => page(&mut listing, &o.stale),
        OutreachQueue::Planned => page(&mut listing, &o.planned),
        OutreachQueue::Reluctant => page(&mut listing, &reluctant_agencies(&o)),
    };
    Ok(Json(serde_json::json!({
        "queue": queue.code(),
        "stale_months": stale_months,
        "total": listing.total,
        "page": listing.page,
        "per_page": listing.per_page,
        "items": items,
    })))
}

// ---------------------------------------------------------------- planning a meeting

#[derive(Template)]
#[template(path = "network/meeting_form.html")]
struct MeetingFormPage<'a> {
    ctx: &'a Ctx,
    /// The meeting being edited; None for a new one.
    meeting: Option<Uuid>,
    input: MeetingInput,
    /// Every agency; reluctant ones first and ticked, so they stay on every invitation.
    agencies: Vec<(Choice, bool)>,
    errors: FormErrors,
}

async fn render_meeting_form(
    state: &AppState,
    ctx: &Ctx,
    meeting: Option<Uuid>,
    input: MeetingInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let mut agencies: Vec<(Choice, bool)> = state
        .store
        .outreach_agencies()
        .await?
        .into_iter()
        .map(|a| {
            let value = a.org_id.to_string();
            (
                Choice {
                    selected: input.agencies.contains(&value),
                    value,
                    label: a.name,
                    depth: 0,
                },
                a.reluctant,
            )
        })
        .collect();
    agencies.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| fold(&a.0.label).cmp(&fold(&b.0.label)))
    });
    let page = MeetingFormPage {
        ctx,
        meeting,
        input,
        agencies,
        errors: FormErrors::new(errors.clone(), ctx.tr),
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

#[derive(serde::Deserialize)]
struct NewMeetingQuery {
    agency: Option<String>,
}

async fn new_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NewMeetingQuery>,
) -> Result<Response, AppError> {
    require_outreach(ctx.user()?)?;
    // The agency the convener came from, and every reluctant agency, start ticked.
    let mut agencies: Vec<String> = q.agency.into_iter().collect();
    agencies.extend(
        state
            .store
            .outreach_agencies()
            .await?
            .iter()
            .filter(|a| a.reluctant)
            .map(|a| a.org_id.to_string()),
    );
    let input = MeetingInput {
        scheduled_on: date_text(today()),
        agencies,
        ..Default::default()
    };
    render_meeting_form(&state, &ctx, None, input, FieldErrors::default()).await
}

fn meeting_input(form: &FormData) -> MeetingInput {
    MeetingInput {
        purpose: form.get("purpose"),
        preparation: form.get("preparation"),
        expected_outcomes: form.get("expected_outcomes"),
        scheduled_on: form.get("scheduled_on"),
        agencies: form.all("agencies"),
    }
}

/// Creates a meeting (`meeting` None) or changes one; shows the form again on errors.
async fn save_meeting(
    state: &AppState,
    ctx: &Ctx,
    meeting: Option<Uuid>,
    form: FormData,
) -> Result<Response, AppError> {
    let user = require_outreach(ctx.user()?)?;
    let input = meeting_input(&form);
    let errors = match input.parse() {
        Ok(fields) => {
            let saved = match meeting {
                Some(id) => state
                    .store
                    .update_meeting(Some(user.id), id, fields)
                    .await
                    .map(|_| id),
                None => state.store.create_meeting(Some(user.id), fields).await,
            };
            match saved {
                Ok(id) => {
                    return Ok(Redirect::to(&format!("/network/meetings/{id}")).into_response());
                }
                Err(StoreError::Invalid(errors)) => errors,
                Err(e) => return Err(e.into()),
            }
        }
        Err(errors) => errors,
    };
    render_meeting_form(state, ctx, meeting, input, errors).await
}

async fn create_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    save_meeting(&state, &ctx, None, form).await
}

async fn update_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let id = parse_id(&id)?;
    save_meeting(&state, &ctx, Some(id), form).await
}

async fn edit_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    require_outreach(ctx.user()?)?;
    let id = parse_id(&id)?;
    let m = state.store.meeting(id).await?;
    let input = MeetingInput {
        purpose: m.purpose,
        preparation: m.preparation.unwrap_or_default(),
        expected_outcomes: m.expected_outcomes.unwrap_or_default(),
        scheduled_on: date_text(m.scheduled_on),
        agencies: m.agencies.iter().map(|a| a.org_id.to_string()).collect(),
    };
    render_meeting_form(&state, &ctx, Some(id), input, FieldErrors::default()).await
}

#[derive(Template)]
#[template(path = "network/meetings.html")]
struct MeetingsPage<'a> {
    ctx: &'a Ctx,
    /// One page of the meetings kept, in the listing's order.
    meetings: Vec<MeetingRow>,
    status: String,
    q: String,
    listing: Listing,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct MeetingsQuery {
    /// planned, held, or every meeting when empty.
    status: String,
    /// Words in the purpose or an invited agency's name (accents and case ignored).
    q: String,
    #[serde(flatten)]
    listing: ListingParams,
}

/// The columns the meetings list sorts by; the first (the latest date first) is the
/// default.
const MEETING_SORTS: [&str; 3] = ["date", "purpose", "held"];

impl MeetingsQuery {
    /// The meetings this query selects (the latest first unless asked; only those planned
    /// or only those held, or those whose purpose or agencies hold the words, when asked),
    /// one page of them, the list's place and the status kept. With `strict` (the API), a
    /// status or list parameter that does not read is refused; the page takes its default.
    fn select<'m>(
        &self,
        meetings: &'m [MeetingSummary],
        path: &'static str,
        strict: bool,
    ) -> Result<(Vec<&'m MeetingSummary>, Listing, String), AppError> {
        let status = match self.status.trim() {
            "planned" | "held" => self.status.trim().to_owned(),
            "" => String::new(),
            _ if strict => return Err(AppError::BadRequest("error-bad-request")),
            _ => String::new(),
        };
        let words = search_words(&self.q);
        let kept = meetings.iter().filter(|m| {
            (status.is_empty() || (status == "held") == m.held_on.is_some())
                && holds_every_word(&words, &format!("{} {}", m.purpose, m.agencies.join(" ")))
        });
        let mut listing = self
            .listing
            .listing_descending(path, &MEETING_SORTS, strict)?
            .filter("status", &status)
            .filter("q", self.q.trim());
        let sort = listing.sort;
        let page = listing.page_of(
            kept,
            |m| match sort {
                "purpose" => (fold(&m.purpose), None),
                "held" => (String::new(), m.held_on),
                _ => (String::new(), Some(m.scheduled_on)),
            },
            |m| (m.scheduled_on, m.id),
        );
        Ok((page, listing, status))
    }
}

async fn meetings_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<MeetingsQuery>,
) -> Result<Response, AppError> {
    require_outreach(ctx.user()?)?;
    let summaries = state.store.meeting_summaries(None).await?;
    let (page, listing, status) = q.select(&summaries, "/network/meetings", false)?;
    Ok(render(&MeetingsPage {
        ctx: &ctx,
        meetings: page.into_iter().map(MeetingRow::of).collect(),
        status,
        q: q.q.trim().to_owned(),
        listing,
    }))
}

/// `GET /api/v1/meetings`: the meetings page's list, with the same parameters and roles.
async fn meetings_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<MeetingsQuery>,
) -> Result<Json<serde_json::Value>, AppError> {
    require_outreach(ctx.user()?)?;
    let summaries = state.store.meeting_summaries(None).await?;
    let (page, listing, _) = q.select(&summaries, "/api/v1/meetings", true)?;
    Ok(Json(serde_json::json!({
        "total": listing.total,
        "page": listing.page,
        "per_page": listing.per_page,
        "meetings": page,
    })))
}

// ---------------------------------------------------------------- a meeting

/// One answer with its question, for the page and the agenda.
struct AnswerView {
    field: &'static str,
    question: String,
    value: String,
}

struct AgencyAtMeeting {
    id: Uuid,
    name: String,
    reluctant: bool,
    answers: Vec<AnswerView>,
    answered: bool,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "network/meeting.html")]
struct MeetingPage<'a> {
    ctx: &'a Ctx,
    meeting: MeetingRecord,
    agencies: Vec<AgencyAtMeeting>,
    follow_ups: Vec<FollowUpRow>,
    outcome: OutcomeInput,
    outcome_errors: FormErrors,
    follow_up: FollowUpInput,
    follow_up_errors: FormErrors,
}

#[derive(Template)]
#[template(path = "network/agenda.html")]
struct AgendaPage<'a> {
    ctx: &'a Ctx,
    meeting: MeetingRecord,
    agencies: Vec<AgencyAtMeeting>,
    /// Follow-ups still open from earlier meetings with these agencies.
    open_follow_ups: Vec<FollowUpRow>,
}

/// The meeting page's forms as submitted; blank when only viewed.
#[derive(Default)]
struct MeetingForms {
    /// Answers re-shown for one agency, with their errors.
    answers: Option<(Uuid, Vec<String>, FieldErrors)>,
    outcome: Option<(OutcomeInput, FieldErrors)>,
    follow_up: Option<(FollowUpInput, FieldErrors)>,
}

fn agencies_at(ctx: &Ctx, record: &MeetingRecord, forms: &MeetingForms) -> Vec<AgencyAtMeeting> {
    record
        .agencies
        .iter()
        .map(|a| {
            let retyped = forms
                .answers
                .as_ref()
                .filter(|(org, _, _)| *org == a.org_id);
            let answers = ANSWERS
                .iter()
                .enumerate()
                .map(|(i, field)| AnswerView {
                    field,
                    question: ctx.tr.t(&format!("answer-{}", field.replace('_', "-"))),
                    value: match retyped {
                        Some((_, values, _)) => values[i].clone(),
                        None => a.answers.0[i].clone().unwrap_or_default(),
                    },
                })
                .collect();
            AgencyAtMeeting {
                id: a.org_id,
                name: a.name.clone(),
                reluctant: a.reluctant,
                answers,
                answered: !a.answers.is_empty(),
                errors: FormErrors::new(
                    retyped.map(|(_, _, e)| e.clone()).unwrap_or_default(),
                    ctx.tr,
                ),
            }
        })
        .collect()
}

async fn render_meeting(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    forms: MeetingForms,
) -> Result<Response, AppError> {
    require_outreach(ctx.user()?)?;
    let meeting = state.store.meeting(id).await?;
    let agencies = agencies_at(ctx, &meeting, &forms);
    let errors: Vec<&FieldErrors> = [
        forms.answers.as_ref().map(|f| &f.2),
        forms.outcome.as_ref().map(|f| &f.1),
        forms.follow_up.as_ref().map(|f| &f.1),
    ]
    .into_iter()
    .flatten()
    .collect();
    let status = errors
        .iter()
        .map(|e| form_status(e))
        .max()
        .unwrap_or(axum::http::StatusCode::OK);
    let (outcome, outcome_errors) = forms.outcome.unwrap_or_else(|| {
        (
            OutcomeInput {
                held_on: date_text(meeting.held_on.unwrap_or_else(today).min(today())),
                decisions: meeting.decisions.clone().unwrap_or_default(),
                next_meeting_on: day_text(meeting.next_meeting_on),
            },
            FieldErrors::default(),
        )
    });
    let (follow_up, follow_up_errors) = forms.follow_up.unwrap_or_default();
    let page = MeetingPage {
        ctx,
        follow_ups: meeting.follow_ups.iter().map(FollowUpRow::of).collect(),
        agencies,
        meeting,
        outcome,
        outcome_errors: FormErrors::new(outcome_errors, ctx.tr),
        follow_up,
        follow_up_errors: FormErrors::new(follow_up_errors, ctx.tr),
    };
    Ok((status, render(&page)).into_response())
}

async fn meeting_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    render_meeting(&state, &ctx, parse_id(&id)?, MeetingForms::default()).await
}

/// The agenda to print: purpose, preparation, outcomes expected, the questions for each
/// agency, and what is still open from earlier meetings with them.
async fn agenda_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    require_outreach(ctx.user()?)?;
    let meeting = state.store.meeting(parse_id(&id)?).await?;
    let open_follow_ups = state
        .store
        .open_follow_ups_before(meeting.id)
        .await?
        .iter()
        .map(FollowUpRow::of)
        .collect();
    let agencies = agencies_at(&ctx, &meeting, &MeetingForms::default());
    Ok(render(&AgendaPage {
        ctx: &ctx,
        meeting,
        agencies,
        open_follow_ups,
    }))
}

async fn record_answers(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, org)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = require_outreach(ctx.user()?)?;
    let (id, org) = (parse_id(&id)?, parse_id(&org)?);
    match Answers::parse(|field| form.get(field)) {
        Ok(answers) => {
            state
                .store
                .record_answers(Some(user.id), id, org, &answers)
                .await?;
            Ok(Redirect::to(&format!("/network/meetings/{id}#agency-{org}")).into_response())
        }
        Err(errors) => {
            let values = ANSWERS.iter().map(|f| form.get(f)).collect();
            let forms = MeetingForms {
                answers: Some((org, values, errors)),
                ..Default::default()
            };
            render_meeting(&state, &ctx, id, forms).await
        }
    }
}

async fn record_outcome(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = require_outreach(ctx.user()?)?;
    let id = parse_id(&id)?;
    let input = OutcomeInput {
        held_on: form.get("held_on"),
        decisions: form.get("decisions"),
        next_meeting_on: form.get("next_meeting_on"),
    };
    match input.parse(today()) {
        Ok(outcome) => {
            state
                .store
                .record_outcome(Some(user.id), id, outcome)
                .await?;
            Ok(Redirect::to(&format!("/network/meetings/{id}")).into_response())
        }
        Err(errors) => {
            let forms = MeetingForms {
                outcome: Some((input, errors)),
                ..Default::default()
            };
            render_meeting(&state, &ctx, id, forms).await
        }
    }
}

async fn add_follow_up(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = require_outreach(ctx.user()?)?;
    let id = parse_id(&id)?;
    let input = FollowUpInput {
        description: form.get("description"),
        owner: form.get("owner"),
        due_on: form.get("due_on"),
    };
    match input.parse() {
        Ok(fields) => {
            state.store.add_follow_up(Some(user.id), id, fields).await?;
            Ok(Redirect::to(&format!("/network/meetings/{id}#follow-ups")).into_response())
        }
        Err(errors) => {
            let forms = MeetingForms {
                follow_up: Some((input, errors)),
                ..Default::default()
            };
            render_meeting(&state, &ctx, id, forms).await
        }
    }
}

async fn complete_follow_up(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = require_outreach(ctx.user()?)?;
    let meeting = state
        .store
        .complete_follow_up(Some(user.id), parse_id(&id)?, today())
        .await?;
    // Back where the convener ticked it: the overview, or the meeting.
    let back = match form.get("back").as_str() {
        "outreach" => "/network/outreach".to_owned(),
        _ => format!("/network/meetings/{meeting}#follow-ups"),
    };
    Ok(Redirect::to(&back).into_response())
}

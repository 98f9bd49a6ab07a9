//! The partner network's pages (A2, A6): the agencies an agency works with and the form to
//! name more, the to-contact queue, and the network map with its measures, their change
//! between two dates, and its exports. Analysts do not see these pages: they name agencies'
//! individual relationships.

use crate::AppState;
use crate::auth::Ctx;
use crate::charts::{MapLegend, MapNode, MapTie, network_map};
use crate::error::{AppError, permit};
use crate::listing::{Listing, ListingParams};
use crate::outreach::require_outreach;
use crate::pages::{FormData, parse_id};
use crate::routes::Routes;
use crate::views::{
    CSV, Choice, FormErrors, code_choices, day_text, form_status, recorded_attachment, render,
    today, url_encode,
};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use passerelle_domain::directory::{holds_every_word, search_words};
use passerelle_domain::housing::{date, date_text};
use passerelle_domain::network::{INTENSITIES, KINDS, Relationship, RelationshipInput, day_number};
use passerelle_domain::outreach::{CHANNELS, ContactInput, Stage};
use passerelle_domain::text::fold;
use passerelle_domain::vocabulary::Vocabulary;
use passerelle_domain::{FieldError, FieldErrors};
use passerelle_network::{
    Graph, Kind, NetworkMetrics, NodeMetrics, NodeMetricsChange, change, export,
};
use passerelle_store::{MeetingSummary, QueuedAgency, StoreError};
use std::collections::HashMap;
use time::Date;
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new()
        .route("/network", get(map_page))
        .route("/network/export/{file}", get(export_file))
        .route("/network/queue", get(queue_page))
        .route("/network/agencies/{id}", get(agency_page))
        .route(
            "/network/agencies/{id}/relationships",
            post(add_relationship),
        )
        .route("/network/agencies/{id}/contacts", post(log_contact))
        .route("/network/agencies/{id}/marks", post(set_marks))
}

fn kind_label(ctx: &Ctx, code: &str) -> String {
    ctx.tr.t(&format!("kind-{}", code.replace('_', "-")))
}

fn intensity_label(ctx: &Ctx, level: u8) -> String {
    let code = INTENSITIES[(level.clamp(1, 4) - 1) as usize];
    ctx.tr.t(&format!("intensity-{code}"))
}

fn agency_type_label(lang: &str, code: &str) -> String {
    Vocabulary::AgencyType
        .label(code, lang)
        .unwrap_or(code)
        .to_owned()
}

// ---------------------------------------------------------------- one agency's relationships

struct RelationshipRow {
    other: String,
    other_id: Option<Uuid>,
    kind: String,
    intensity: String,
    on: String,
    note: String,
}

#[derive(Template)]
#[template(path = "network/agency.html")]
struct AgencyPage<'a> {
    ctx: &'a Ctx,
    id: Uuid,
    name: String,
    named: Vec<RelationshipRow>,
    named_by: Vec<RelationshipRow>,
    can_report: bool,
    agencies: Vec<Choice>,
    kinds: Vec<Choice>,
    intensities: Vec<Choice>,
    input: RelationshipInput,
    errors: FormErrors,
    /// The convener's view: pipeline, contacts, meetings. None for other roles.
    outreach: Option<OutreachView>,
    contact: ContactInput,
    contact_errors: FormErrors,
    channels: Vec<Choice>,
}

struct OutreachView {
    stage: String,
    reluctant: bool,
    partner_since: String,
    contacts: Vec<(String, String, String)>,
    meetings: Vec<MeetingRow>,
    met_alongside: Vec<(String, usize)>,
}

/// A meeting in a list.
pub(crate) struct MeetingRow {
    pub id: Uuid,
    pub purpose: String,
    pub scheduled_on: String,
    pub held_on: String,
    pub next_meeting_on: String,
    pub agencies: String,
}

impl MeetingRow {
    pub(crate) fn of(m: &MeetingSummary) -> MeetingRow {
        MeetingRow {
            id: m.id,
            purpose: m.purpose.clone(),
            scheduled_on: date_text(m.scheduled_on),
            held_on: day_text(m.held_on),
            next_meeting_on: day_text(m.next_meeting_on),
            agencies: m.agencies.join(", "),
        }
    }
}

/// The agency page's forms as submitted, with their errors; blank when only viewed.
#[derive(Default)]
struct AgencyForms {
    relationship: RelationshipInput,
    relationship_errors: FieldErrors,
    contact: ContactInput,
    contact_errors: FieldErrors,
}

impl AgencyForms {
    fn blank() -> AgencyForms {
        AgencyForms {
            relationship: RelationshipInput {
                kind: KINDS[0].into(),
                intensity: INTENSITIES[1].into(),
                ..Default::default()
            },
            contact: ContactInput {
                contacted_on: date_text(today()),
                channel: CHANNELS[0].into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }
}

pub(crate) fn stage_label(ctx: &Ctx, stage: Stage) -> String {
    ctx.tr
        .t(&format!("stage-{}", stage.as_str().replace('_', "-")))
}

async fn render_agency(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    forms: AgencyForms,
) -> Result<Response, AppError> {
    let AgencyForms {
        relationship: input,
        relationship_errors: errors,
        contact,
        contact_errors,
    } = forms;
    let user = ctx.user()?;
    permit(user.can_see_network())?;
    let names: HashMap<Uuid, String> = state
        .store
        .organization_names()
        .await?
        .into_iter()
        .collect();
    let name = names.get(&id).cloned().ok_or(AppError::NotFound)?;
    let row = |r: &Relationship, other: Option<Uuid>| RelationshipRow {
        other: other
            .and_then(|o| names.get(&o).cloned())
            .unwrap_or_else(|| r.to_name.clone()),
        other_id: other,
        kind: kind_label(ctx, r.kind),
        intensity: intensity_label(ctx, r.intensity),
        on: date_text(r.reported_on),
        note: if user.can_report_relationships_for(r.from_org) {
            r.note.clone().unwrap_or_default()
        } else {
            String::new()
        },
    };
    let all = state.store.relationships().await?;
    let named = all
        .iter()
        .filter(|r| r.from_org == id)
        .map(|r| row(r, r.to_org))
        .collect();
    let named_by = all
        .iter()
        .filter(|r| r.to_org == Some(id))
        .map(|r| row(r, Some(r.from_org)))
        .collect();
    let mut agencies: Vec<Choice> = names
        .iter()
        .filter(|(o, _)| **o != id)
        .map(|(o, n)| Choice {
            value: o.to_string(),
            label: n.clone(),
            selected: input.to_org == o.to_string(),
            depth: 0,
        })
        .collect();
    agencies.sort_by_key(|c| fold(&c.label));
    let outreach = if user.can_run_outreach() {
        let record = state.store.agency_outreach(id).await?;
        let s = &record.summary;
        Some(OutreachView {
            stage: stage_label(ctx, s.stage),
            reluctant: s.reluctant,
            partner_since: s.partner_since.map(|d| ctx.tr.date(d)).unwrap_or_default(),
            contacts: record
                .contacts
                .iter()
                .map(|c| {
                    (
                        date_text(c.contacted_on),
                        ctx.tr
                            .t(&format!("channel-{}", c.channel.replace('_', "-"))),
                        c.note.clone().unwrap_or_default(),
                    )
                })
                .collect(),
            meetings: record.meetings.iter().map(MeetingRow::of).collect(),
            met_alongside: record.met_alongside,
        })
    } else {
        None
    };
    let page = AgencyPage {
        ctx,
        id,
        name,
        named,
        named_by,
        can_report: user.can_report_relationships_for(id),
        agencies,
        kinds: code_choices(&KINDS, "kind-", std::slice::from_ref(&input.kind), ctx),
        intensities: code_choices(
            &INTENSITIES,
            "intensity-",
            std::slice::from_ref(&input.intensity),
            ctx,
        ),
        input,
        errors: FormErrors::new(errors.clone(), ctx.tr),
        outreach,
        channels: code_choices(
            &CHANNELS,
            "channel-",
            std::slice::from_ref(&contact.channel),
            ctx,
        ),
        contact,
        contact_errors: FormErrors::new(contact_errors.clone(), ctx.tr),
    };
    let status = form_status(&errors).max(form_status(&contact_errors));
    Ok((status, render(&page)).into_response())
}

async fn agency_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    render_agency(&state, &ctx, parse_id(&id)?, AgencyForms::blank()).await
}

/// An agency names one it works with. Partner workers speak for their own agency only.
async fn add_relationship(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    let id = parse_id(&id)?;
    permit(user.can_see_network())?;
    permit(user.can_report_relationships_for(id))?;
    let input = RelationshipInput {
        to_org: form.get("to_org"),
        to_name: form.get("to_name"),
        kind: form.get("kind"),
        intensity: form.get("intensity"),
        note: form.get("note"),
    };
    let errors = match input.parse() {
        Ok(fields) => match state
            .store
            .add_relationship(Some(user.id), id, fields, today())
            .await
        {
            Ok(_) => return Ok(Redirect::to(&format!("/network/agencies/{id}")).into_response()),
            Err(StoreError::Invalid(errors)) => errors,
            Err(e) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    let forms = AgencyForms {
        relationship: input,
        relationship_errors: errors,
        ..AgencyForms::blank()
    };
    render_agency(&state, &ctx, id, forms).await
}

/// The convener logs an email, a call or a visit.
async fn log_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    require_outreach(user)?;
    let id = parse_id(&id)?;
    let contact = ContactInput {
        contacted_on: form.get("contacted_on"),
        channel: form.get("channel"),
        note: form.get("note"),
    };
    match contact.parse(today()) {
        Ok(fields) => {
            state.store.log_contact(Some(user.id), id, fields).await?;
            Ok(Redirect::to(&format!("/network/agencies/{id}#outreach")).into_response())
        }
        Err(contact_errors) => {
            let forms = AgencyForms {
                contact,
                contact_errors,
                ..AgencyForms::blank()
            };
            render_agency(&state, &ctx, id, forms).await
        }
    }
}

/// Reluctant and ongoing-partner marks. A partner keeps the day it first became one.
async fn set_marks(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    require_outreach(user)?;
    let id = parse_id(&id)?;
    let current = state.store.agency_outreach(id).await?.summary;
    let partner_since = form
        .has("partner")
        .then(|| current.partner_since.unwrap_or_else(today));
    state
        .store
        .set_outreach_marks(Some(user.id), id, form.has("reluctant"), partner_since)
        .await?;
    Ok(Redirect::to(&format!("/network/agencies/{id}#outreach")).into_response())
}

// ---------------------------------------------------------------- the to-contact queue

#[derive(Template)]
#[template(path = "network/queue.html")]
struct QueuePage<'a> {
    ctx: &'a Ctx,
    /// One page of the agencies kept, in the listing's order.
    queue: Vec<QueuedAgency>,
    q: String,
    listing: Listing,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct QueueQuery {
    /// Words in the agency's name (accents and case ignored).
    q: String,
    #[serde(flatten)]
    listing: ListingParams,
}

/// The columns the queue sorts by; the first (the most often named first) is the default.
const QUEUE_SORTS: [&str; 2] = ["named", "name"];

/// Agencies named by others but not in the directory, the most often named first.
async fn queue_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_see_network())?;
    let words = search_words(&q.q);
    let kept = state
        .store
        .contact_queue()
        .await?
        .into_iter()
        .filter(|a| holds_every_word(&words, &a.name));
    let mut listing = q
        .listing
        .listing_descending("/network/queue", &QUEUE_SORTS, false)?
        .filter("q", q.q.trim());
    let by_name = listing.sort == "name";
    let queue = listing.page_of(
        kept,
        |a| {
            if by_name {
                (0, fold(&a.name))
            } else {
                (a.times_named, String::new())
            }
        },
        |a| fold(&a.name),
    );
    Ok(render(&QueuePage {
        ctx: &ctx,
        queue,
        q: q.q.trim().to_owned(),
        listing,
    }))
}

// ---------------------------------------------------------------- the map

/// The map's filters as the form sends them.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct MapQuery {
    agency_type: String,
    area: String,
    kind: String,
    /// YYYY-MM-DD: the network as it stood that day (today when empty).
    as_of: String,
    /// YYYY-MM-DD: an earlier day to measure the change from (none when empty).
    since: String,
    /// degree, betweenness, closeness or eigenvector.
    size: String,
    /// Non-empty: also draw agencies that met at the same meeting.
    meetings: String,
}

const SIZES: [&str; 4] = ["degree", "betweenness", "closeness", "eigenvector"];

/// The kinds the map can show: those agencies report, and co-attendance at meetings.
const MAP_KINDS: [&str; 5] = [KINDS[0], KINDS[1], KINDS[2], KINDS[3], "co_attended"];

/// The filters once read; a date that cannot be read is reported and left out.
struct MapFilter {
    day: Date,
    since: Option<Date>,
    size: &'static str,
    errors: FieldErrors,
}

impl MapQuery {
    fn read(&self) -> MapFilter {
        let mut errors = FieldErrors::default();
        let mut day_of = |field: &str, raw: &str| match raw.trim() {
            "" => None,
            raw => date(field, raw).map_err(|e| errors.0.push(e)).ok(),
        };
        let day = day_of("as_of", &self.as_of).unwrap_or_else(today);
        let since = day_of("since", &self.since);
        if since.is_some_and(|s| s >= day) {
            errors
                .0
                .push(FieldError::new("since", "error-since-after-day"));
        }
        MapFilter {
            day,
            since: since.filter(|s| *s < day),
            size: SIZES
                .into_iter()
                .find(|s| *s == self.size)
                .unwrap_or(SIZES[0]),
            errors,
        }
    }

    /// The network the filters select on `day`: the agencies of that type and area, and
    /// the ties of that kind among them.
    fn select(&self, graph: &Graph, day: Date) -> Graph {
        let co_attendance = !self.meetings.is_empty() || self.kind == Kind::CoAttended.code();
        let mut g = graph
            .as_of(day_number(day))
            .with_co_attendance(co_attendance)
            .subgraph(|n| {
                (self.agency_type.is_empty() || n.agency_type == self.agency_type)
                    && (self.area.is_empty() || n.area == self.area)
            });
        if !self.kind.is_empty() {
            g.ties.retain(|t| t.kind.code() == self.kind);
        }
        g
    }

    /// The same filters as a query string, for the export links.
    /// The filters as the URL names them.
    fn pairs(&self) -> [(&'static str, &str); 7] {
        [
            ("agency_type", &self.agency_type),
            ("area", &self.area),
            ("kind", &self.kind),
            ("as_of", &self.as_of),
            ("since", &self.since),
            ("size", &self.size),
            ("meetings", &self.meetings),
        ]
    }

    fn to_query_string(&self) -> String {
        self.pairs()
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", url_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

fn measure(m: &NodeMetrics, size: &str) -> f64 {
    match size {
        "betweenness" => m.betweenness,
        "closeness" => m.closeness,
        "eigenvector" => m.eigenvector,
        _ => (m.in_degree + m.out_degree) as f64,
    }
}

struct MetricRow {
    id: String,
    label: String,
    agency_type: String,
    area: String,
    degree: u32,
    in_degree: u32,
    out_degree: u32,
    betweenness: String,
    closeness: String,
    eigenvector: String,
    broker: bool,
    /// Change since the earlier day, when one was chosen.
    change: Option<ChangeCells>,
}

struct ChangeCells {
    degree: String,
    betweenness: String,
}

#[derive(Template)]
#[template(path = "network/map.html")]
struct MapPage<'a> {
    ctx: &'a Ctx,
    svg: &'a str,
    day: String,
    since: String,
    agencies: usize,
    ties: usize,
    density: String,
    components: usize,
    isolates: Vec<String>,
    brokers: Vec<String>,
    /// One page of the agencies' measures, in the listing's order.
    rows: Vec<MetricRow>,
    listing: Listing,
    types: Vec<Choice>,
    areas: Vec<Choice>,
    kinds: Vec<Choice>,
    sizes: Vec<Choice>,
    query: MapQuery,
    export_query: String,
    errors: FormErrors,
}

/// The map page's query: the map's filters, and the place in its table of measures.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct MapPageQuery {
    #[serde(flatten)]
    map: MapQuery,
    #[serde(flatten)]
    listing: ListingParams,
}

/// The columns the table of measures sorts by, besides the measure the map is sized by
/// (its default, the largest first).
const METRIC_SORTS: [&str; 7] = [
    "agency",
    "degree",
    "in_degree",
    "out_degree",
    "betweenness",
    "closeness",
    "eigenvector",
];

/// A measure's value as a sort key: measures are never negative, and the bits of a
/// non-negative float order as the float does.
fn measure_key(value: f64) -> u64 {
    value.max(0.0).to_bits()
}

/// The kinds of data the network's answers are read from (see `Store::kept_or_made`):
/// agencies and their agency types and areas, relationships and meetings.
const NETWORK_VERSIONS: [&str; 3] = ["directory", "vocabulary", "network"];

/// The network as one filter selects it on its day, with its measures: what the map page,
/// its table and the exports derive from. Betweenness and the reading of every tie take
/// most of a request, and the network changes far less often than it is looked at, so it
/// is kept (see `Store::kept_or_made`) under the filter, the day and the language (areas
/// are named in it).
struct Measured {
    graph: Graph,
    metrics: NetworkMetrics,
    /// Each agency's change since the filter's earlier day, when it has one.
    changes: Option<Vec<NodeMetricsChange>>,
    /// The whole network's agency types and area names, for the filter's choices.
    type_codes: Vec<String>,
    area_names: Vec<String>,
    /// The map, drawn by the first page that shows these measures (the page's largest
    /// part: an element per agency and per tie). Kept with them, so that it is never drawn
    /// from measures older than the ones it is kept under.
    picture: std::sync::OnceLock<String>,
}

/// What identifies a [`Measured`] network and its picture: the language, the day the
/// filter resolves to (today by default) and the filter itself.
fn measured_key(lang: &str, q: &MapQuery, filter: &MapFilter) -> String {
    format!("{lang}|{}|{}", filter.day, q.to_query_string())
}

async fn measured(
    state: &AppState,
    lang: &'static str,
    q: &MapQuery,
    filter: &MapFilter,
) -> Result<std::sync::Arc<Measured>, AppError> {
    let key = measured_key(lang, q, filter);
    state
        .store
        .kept_or_made("network-measures", &NETWORK_VERSIONS, key, || async {
            let whole = state.store.network_graph(lang).await?;
            let graph = q.select(&whole, filter.day);
            let metrics = graph.metrics();
            let changes = filter.since.map(|since| {
                let before = q.select(&whole, since).metrics();
                change(&before, &metrics)
            });
            let mut type_codes: Vec<String> =
                whole.nodes.iter().map(|n| n.agency_type.clone()).collect();
            type_codes.retain(|t| !t.is_empty());
            type_codes.sort_unstable();
            type_codes.dedup();
            let mut area_names: Vec<String> = whole.nodes.iter().map(|n| n.area.clone()).collect();
            area_names.retain(|a| !a.is_empty());
            area_names.sort_by_cached_key(|a| fold(a));
            area_names.dedup();
            Ok(Measured {
                graph,
                metrics,
                changes,
                type_codes,
                area_names,
                picture: std::sync::OnceLock::new(),
            })
        })
        .await
}

async fn map_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(MapPageQuery { map: q, listing }): Query<MapPageQuery>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_see_network())?;
    let lang = ctx.lang();
    let filter = q.read();
    let measures = measured(&state, lang, &q, &filter).await?;
    let Measured {
        graph,
        metrics,
        changes,
        ..
    } = &*measures;
    let type_codes: Vec<&str> = measures.type_codes.iter().map(String::as_str).collect();
    let area_names: Vec<&str> = measures.area_names.iter().map(String::as_str).collect();
    let svg = match measures.picture.get() {
        Some(svg) => svg,
        None => {
            let area_position: HashMap<String, (f64, f64)> = state
                .store
                .areas()
                .await?
                .iter()
                .filter_map(|a| Some((a.label(lang).to_owned(), (a.latitude?, a.longitude?))))
                .collect();
            measures
                .picture
                .get_or_init(|| draw(&ctx, graph, metrics, &filter, &type_codes, &area_position))
        }
    };
    let size_sort = filter.size;
    let sorts: Vec<&'static str> = std::iter::once(size_sort)
        .chain(METRIC_SORTS.into_iter().filter(|s| *s != size_sort))
        .collect();
    let mut listing = listing.listing_descending("/network", &sorts, false)?;
    for (name, value) in q.pairs() {
        listing = listing.filter(name, value);
    }
    let sort = listing.sort;
    let order = listing.page_of(
        0..graph.nodes.len(),
        |&i| {
            let m = &metrics.per_node[i];
            match sort {
                "agency" => (0, fold(&graph.nodes[i].label)),
                "in_degree" => (measure_key(m.in_degree as f64), String::new()),
                "out_degree" => (measure_key(m.out_degree as f64), String::new()),
                other => (measure_key(measure(m, other)), String::new()),
            }
        },
        |&i| (fold(&graph.nodes[i].label), i),
    );
    let rows = order
        .iter()
        .map(|&i| {
            let (n, m) = (&graph.nodes[i], &metrics.per_node[i]);
            MetricRow {
                id: n.id.clone(),
                label: n.label.clone(),
                agency_type: agency_type_label(lang, &n.agency_type),
                area: n.area.clone(),
                degree: m.in_degree + m.out_degree,
                in_degree: m.in_degree,
                out_degree: m.out_degree,
                betweenness: ctx.tr.decimal(m.betweenness, 3),
                closeness: ctx.tr.decimal(m.closeness, 3),
                eigenvector: ctx.tr.decimal(m.eigenvector, 3),
                broker: metrics.brokers.contains(&(i as u32)),
                change: changes.as_ref().map(|c| ChangeCells {
                    degree: ctx.tr.signed((c[i].in_degree + c[i].out_degree) as f64, 0),
                    betweenness: ctx.tr.signed(c[i].betweenness, 3),
                }),
            }
        })
        .collect();
    let choices = |values: &[&str], selected: &str, label: &dyn Fn(&str) -> String| {
        values
            .iter()
            .map(|v| Choice {
                value: (*v).to_owned(),
                label: label(v),
                selected: *v == selected,
                depth: 0,
            })
            .collect()
    };
    let names = |list: &[u32]| -> Vec<String> {
        list.iter()
            .map(|&i| graph.nodes[i as usize].label.clone())
            .collect()
    };
    let page = MapPage {
        ctx: &ctx,
        svg,
        day: ctx.tr.date(filter.day),
        since: filter.since.map(|d| ctx.tr.date(d)).unwrap_or_default(),
        agencies: metrics.nodes,
        ties: metrics.ties,
        density: ctx.tr.decimal(metrics.density, 3),
        components: metrics.components,
        isolates: names(&metrics.isolates),
        brokers: names(&metrics.brokers),
        rows,
        listing,
        types: choices(&type_codes, &q.agency_type, &|c| agency_type_label(lang, c)),
        areas: choices(&area_names, &q.area, &|a| a.to_owned()),
        kinds: code_choices(&MAP_KINDS, "kind-", std::slice::from_ref(&q.kind), &ctx),
        sizes: SIZES
            .iter()
            .map(|s| Choice {
                value: (*s).to_owned(),
                label: ctx.tr.t(&format!("network-{s}")),
                selected: *s == filter.size,
                depth: 0,
            })
            .collect(),
        export_query: q.to_query_string(),
        query: q,
        errors: FormErrors::new(filter.errors.clone(), ctx.tr),
    };
    Ok((form_status(&filter.errors), render(&page)).into_response())
}

/// The map: agencies at their area, coloured by type, sized by the chosen measure.
fn draw(
    ctx: &Ctx,
    graph: &Graph,
    metrics: &NetworkMetrics,
    filter: &MapFilter,
    type_codes: &[&str],
    area_position: &HashMap<String, (f64, f64)>,
) -> String {
    let lang = ctx.lang();
    let largest = metrics
        .per_node
        .iter()
        .map(|m| measure(m, filter.size))
        .fold(0.0, f64::max)
        .max(1e-12);
    let nodes: Vec<MapNode> = graph
        .nodes
        .iter()
        .zip(&metrics.per_node)
        .map(|(n, m)| {
            let value = measure(m, filter.size);
            MapNode {
                href: format!("/network/agencies/{}", n.id),
                label: n.label.clone(),
                tooltip: format!(
                    "{} — {}, {} — {}",
                    n.label,
                    agency_type_label(lang, &n.agency_type),
                    n.area,
                    ctx.tr.labelled(
                        &format!("network-{}", filter.size),
                        ctx.tr
                            .decimal(value, if filter.size == "degree" { 0 } else { 3 })
                    ),
                ),
                group: type_codes
                    .iter()
                    .position(|t| *t == n.agency_type)
                    .unwrap_or(type_codes.len()),
                position: area_position.get(&n.area).copied(),
                size: value / largest,
            }
        })
        .collect();
    let ties: Vec<MapTie> = graph
        .ties
        .iter()
        .map(|t| MapTie {
            from: t.from as usize,
            to: t.to as usize,
            level: t.intensity as u8,
            style: MAP_KINDS
                .iter()
                .position(|k| *k == t.kind.code())
                .unwrap_or(0),
            directed: t.kind != Kind::CoAttended,
            tooltip: format!(
                "{} → {}: {}, {}",
                graph.nodes[t.from as usize].label,
                graph.nodes[t.to as usize].label,
                kind_label(ctx, t.kind.code()),
                intensity_label(ctx, t.intensity as u8)
            ),
        })
        .collect();
    let legend = MapLegend {
        groups: type_codes
            .iter()
            .map(|c| agency_type_label(lang, c))
            .collect(),
        styles: MAP_KINDS.iter().map(|k| kind_label(ctx, k)).collect(),
        levels: (1..=4).map(|l| intensity_label(ctx, l)).collect(),
    };
    network_map(
        &nodes,
        &ties,
        &legend,
        &ctx.tr
            .t1("network-map-title", "day", ctx.tr.date(filter.day)),
    )
}

/// The filtered network as a file, as the CLI writes it.
async fn export_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(file): Path<String>,
    Query(q): Query<MapQuery>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_see_network())?;
    let filter = q.read();
    if !filter.errors.is_empty() {
        return Err(AppError::Invalid(filter.errors));
    }
    let measures = measured(&state, ctx.lang(), &q, &filter).await?;
    let (graph, metrics) = (&measures.graph, &measures.metrics);
    let (body, content_type) = match file.as_str() {
        "network.graphml" => (
            export::graphml(graph, Some(metrics)),
            "application/graphml+xml",
        ),
        "network.gexf" => (export::gexf(graph, Some(metrics)), "application/gexf+xml"),
        "ties.csv" => (export::ties_csv(graph), CSV),
        "metrics.csv" => (export::metrics_csv(graph, metrics), CSV),
        _ => return Err(AppError::NotFound),
    };
    recorded_attachment(&state.store, &ctx, content_type, &file, body).await
}

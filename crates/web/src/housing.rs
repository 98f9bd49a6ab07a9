//! The housing locator's pages (C1–C3): landlords, properties, units and their lifecycle,
//! the open units partner workers can see, and monthly availability with its charts.
//! Handlers parse and authorize, call the store, and hand a view to a template.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::listing::{Listing, ListingParams, filter_value};
use crate::pages::{FormData, parse_id};
use crate::routes::Routes;
use crate::views::{
    CSV, Choice, FormErrors, area_choices, code_choices, day_text, form_status,
    recorded_attachment, render, today,
};
use askama::Template;
use axum::Json;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::directory::Area;
use passerelle_domain::housing::*;
use passerelle_domain::text::fold;
use passerelle_domain::{FieldError, FieldErrors};
use passerelle_store::{
    HousingTotals, LandlordQuery, LandlordRecord, LandlordSort, LandlordSummary, StoreError,
    UnitFilter, UnitListing, UnitSort,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The housing locator's lists in the API.
pub fn api_router() -> Routes {
    Routes::new()
        .route("/api/v1/landlords", get(landlords_api))
        .route("/api/v1/units", get(units_api))
}

pub fn router() -> Routes {
    Routes::new()
        .route("/housing", get(home))
        .route("/housing/landlords/new", get(new_landlord))
        .route("/housing/landlords", post(create_landlord))
        .route(
            "/housing/landlords/{id}",
            get(landlord_page).post(update_landlord),
        )
        .route("/housing/landlords/{id}/edit", get(edit_landlord))
        .route("/housing/landlords/{id}/contacts", post(add_contact))
        .route("/housing/landlords/{id}/events", post(add_event))
        .route("/housing/landlords/{id}/properties/new", get(new_property))
        .route("/housing/landlords/{id}/properties", post(create_property))
        .route("/housing/properties/{id}", post(update_property))
        .route("/housing/properties/{id}/edit", get(edit_property))
        .route("/housing/properties/{id}/units/new", get(new_unit))
        .route("/housing/properties/{id}/units", post(create_unit))
        .route("/housing/units", get(units_page))
        .route("/housing/units/{id}", get(unit_page).post(update_unit))
        .route("/housing/units/{id}/edit", get(edit_unit))
        .route("/housing/units/{id}/status", post(change_status))
        .route("/housing/availability", get(availability_page))
        .route("/housing/availability.csv", get(availability_csv))
}

/// Store refusals a form can show: a conflict on `field`, or field errors.
fn form_refusal(e: StoreError, field: &str) -> Result<FieldErrors, AppError> {
    match e {
        StoreError::Conflict(code) => Ok(FieldErrors(vec![FieldError::new(field, code)])),
        StoreError::Invalid(errors) => Ok(errors),
        other => Err(other.into()),
    }
}

fn area_names(areas: &[Area], lang: &str) -> HashMap<Uuid, String> {
    areas
        .iter()
        .map(|a| (a.id, a.label(lang).to_owned()))
        .collect()
}

// ---------------------------------------------------------------- home and landlords

#[derive(Template)]
#[template(path = "housing/home.html")]
struct HomePage<'a> {
    ctx: &'a Ctx,
    totals: HousingTotals,
    landlords: Vec<LandlordSummary>,
    listing: Listing,
    q: String,
    kinds: Vec<Choice>,
}

/// The landlords list's filters and place, from the URL (the page and the API read the
/// same parameters).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct LandlordParams {
    q: Option<String>,
    kind: Option<String>,
    #[serde(flatten)]
    listing: ListingParams,
}

/// The columns the landlords list sorts by, the first its default.
const LANDLORD_SORTS: [&str; 4] = ["name", "units", "open", "committed"];

impl LandlordParams {
    /// The store's query and the list's place; `strict` for the API (see `listing`).
    fn query(
        &self,
        path: &'static str,
        strict: bool,
    ) -> Result<(LandlordQuery, Listing), AppError> {
        let q = self.q.as_deref().map(str::trim).unwrap_or_default();
        let kind = filter_value(&self.kind, strict, LandlordKind::parse)?;
        let listing = self
            .listing
            .listing(path, &LANDLORD_SORTS, strict)?
            .filter("q", q)
            .filter("kind", kind.map(LandlordKind::as_str).unwrap_or_default());
        let query = LandlordQuery {
            text: Some(q.to_owned()).filter(|q| !q.is_empty()),
            kind,
            sort: match listing.sort {
                "units" => LandlordSort::Units,
                "open" => LandlordSort::OpenUnits,
                "committed" => LandlordSort::Committed,
                _ => LandlordSort::Name,
            },
            descending: listing.descending,
            page: listing.page_index(),
            per_page: listing.per_page,
        };
        Ok((query, listing))
    }
}

async fn home(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<LandlordParams>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    if !user.can_manage_housing() {
        let to = if user.can_see_open_units() {
            "/housing/units"
        } else {
            "/housing/availability"
        };
        return Ok(Redirect::to(to).into_response());
    }
    let (query, mut listing) = params.query("/housing", false)?;
    let (total, landlords) = state.store.landlords_page(&query).await?;
    listing.total = total;
    let selected: Vec<String> = query
        .kind
        .map(|k| k.as_str().to_owned())
        .into_iter()
        .collect();
    Ok(render(&HomePage {
        kinds: code_choices(
            &["individual", "company"],
            "landlord-kind-",
            &selected,
            &ctx,
        ),
        ctx: &ctx,
        totals: state.store.housing_totals().await?,
        landlords,
        q: query.text.unwrap_or_default(),
        listing,
    }))
}

/// `GET /api/v1/landlords`: the landlords list's page, with the same parameters.
async fn landlords_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<LandlordParams>,
) -> Result<Json<serde_json::Value>, AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_housing())?;
    let (query, listing) = params.query("/api/v1/landlords", true)?;
    let (total, landlords) = state.store.landlords_page(&query).await?;
    Ok(Json(serde_json::json!({
        "total": total,
        "page": listing.page,
        "per_page": listing.per_page,
        "landlords": landlords,
    })))
}

#[derive(Template)]
#[template(path = "housing/landlord_form.html")]
struct LandlordFormPage<'a> {
    ctx: &'a Ctx,
    title: String,
    action: String,
    cancel: String,
    input: LandlordInput,
    kinds: Vec<Choice>,
    programs: Vec<Choice>,
    errors: FormErrors,
}

fn landlord_form(
    ctx: &Ctx,
    existing: Option<Uuid>,
    input: LandlordInput,
    errors: FieldErrors,
) -> Response {
    let (title, action, cancel) = match existing {
        Some(id) => (
            ctx.tr.t("landlord-edit"),
            format!("/housing/landlords/{id}"),
            format!("/housing/landlords/{id}"),
        ),
        None => (
            ctx.tr.t("landlord-new"),
            "/housing/landlords".to_owned(),
            "/housing".to_owned(),
        ),
    };
    let page = LandlordFormPage {
        ctx,
        title,
        action,
        cancel,
        kinds: code_choices(
            &["individual", "company"],
            "landlord-kind-",
            std::slice::from_ref(&input.kind),
            ctx,
        ),
        programs: code_choices(&PROGRAMS, "program-", &input.programs, ctx),
        input,
        errors: FormErrors::new(errors.clone(), ctx.tr),
    };
    (form_status(&errors), render(&page)).into_response()
}

fn landlord_input(form: &FormData) -> LandlordInput {
    LandlordInput {
        kind: form.get("kind"),
        name: form.get("name"),
        email: form.get("email"),
        phone: form.get("phone"),
        committed_units: form.get("committed_units"),
        committed_until: form.get("committed_until"),
        commitment_terms: form.get("commitment_terms"),
        accepts_pets: form.has("accepts_pets"),
        accepts_smoking: form.has("accepts_smoking"),
        max_household: form.get("max_household"),
        requires_support_worker: form.has("requires_support_worker"),
        programs: form.all("programs"),
        private_notes: form.get("private_notes"),
    }
}

async fn new_landlord(ctx: Ctx) -> Result<Response, AppError> {
    permit(ctx.user()?.can_manage_housing())?;
    Ok(landlord_form(
        &ctx,
        None,
        LandlordInput {
            kind: "individual".into(),
            ..Default::default()
        },
        FieldErrors::default(),
    ))
}

async fn edit_landlord(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_manage_housing())?;
    let id = parse_id(&id)?;
    let landlord = state.store.landlord(id).await?;
    Ok(landlord_form(
        &ctx,
        Some(id),
        LandlordInput::from_fields(&landlord.fields),
        FieldErrors::default(),
    ))
}

async fn save_landlord(
    state: &AppState,
    ctx: &Ctx,
    existing: Option<Uuid>,
    form: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, ctx)?;
    let user = ctx.user()?;
    permit(user.can_manage_housing())?;
    let input = landlord_input(&form);
    let fields = match input.parse() {
        Ok(fields) => fields,
        Err(errors) => return Ok(landlord_form(ctx, existing, input, errors)),
    };
    let saved = match existing {
        Some(id) => state.store.update_landlord(Some(user.id), id, fields).await,
        None => state.store.create_landlord(Some(user.id), fields).await,
    };
    match saved {
        Ok(l) => Ok(Redirect::to(&format!("/housing/landlords/{}", l.id)).into_response()),
        Err(e) => Ok(landlord_form(
            ctx,
            existing,
            input,
            form_refusal(e, "name")?,
        )),
    }
}

async fn create_landlord(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_landlord(&state, &ctx, None, form).await
}

async fn update_landlord(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    save_landlord(&state, &ctx, Some(id), form).await
}

/// A unit as a line of a list.
struct UnitRow {
    id: Uuid,
    label: String,
    address: String,
    area: String,
    bedrooms: String,
    rent: String,
    features: String,
    available_from: String,
    status: String,
    status_code: &'static str,
    hold: String,
}

fn unit_row(
    ctx: &Ctx,
    u: &UnitListing,
    areas: &HashMap<Uuid, String>,
    agencies: &HashMap<Uuid, String>,
) -> UnitRow {
    let f = &u.unit.fields;
    let mut features = Vec::new();
    for (on, key) in [
        (f.step_free, "unit-step-free"),
        (f.elevator, "unit-elevator"),
        (f.wheelchair, "unit-wheelchair"),
        (f.pets_allowed, "unit-pets"),
        (f.smoking_allowed, "unit-smoking"),
    ] {
        if on {
            features.push(ctx.tr.t(key));
        }
    }
    UnitRow {
        id: u.unit.id,
        label: f.label.clone(),
        address: u.address.clone(),
        // The area is the row's link: never empty, or the link would have no name.
        area: u
            .area_id
            .and_then(|a| areas.get(&a).cloned())
            .unwrap_or_else(|| ctx.tr.t("unit-area-unknown")),
        bedrooms: bedrooms_label(ctx, f.bedrooms),
        rent: ctx.tr.money(f.rent),
        features: features.join(", "),
        available_from: day_text(f.available_from),
        status: ctx.tr.t(&format!("status-unit-{}", u.unit.status.as_str())),
        status_code: u.unit.status.as_str(),
        hold: u
            .unit
            .hold
            .as_ref()
            .filter(|_| u.unit.status == UnitStatus::Held)
            .map(|h| {
                format!(
                    "{} · {}",
                    agencies.get(&h.agency_id).cloned().unwrap_or_default(),
                    date_text(h.until)
                )
            })
            .unwrap_or_default(),
    }
}

fn bedrooms_label(ctx: &Ctx, bedrooms: u8) -> String {
    if bedrooms == 0 {
        ctx.tr.t("unit-bachelor")
    } else {
        ctx.tr.count("unit-bedrooms-count", bedrooms as u64)
    }
}

async fn agency_names(state: &AppState) -> Result<HashMap<Uuid, String>, AppError> {
    Ok(state
        .store
        .organization_names()
        .await?
        .into_iter()
        .collect())
}

struct EventRow {
    kind: String,
    on: String,
    amount: String,
    note: String,
    by: String,
}

#[derive(Template)]
#[template(path = "housing/landlord.html")]
struct LandlordPage<'a> {
    ctx: &'a Ctx,
    record: LandlordRecord,
    kind: String,
    programs: String,
    committed_until: String,
    /// One page of its units, and where that page lies among them all.
    units: Vec<UnitRow>,
    units_listing: Listing,
    open_units: usize,
    events: Vec<EventRow>,
    properties: Vec<(Uuid, String, String)>,
    relationship: passerelle_store::LandlordRelationship,
    /// How its tenancies ended: the reason in words, and how many.
    end_reasons: Vec<(String, usize)>,
    contact: LandlordContactInput,
    contact_errors: FormErrors,
    event: LandlordEventInput,
    event_kinds: Vec<Choice>,
    event_errors: FormErrors,
}

/// The columns a landlord's units sort by, the first its default.
const LANDLORD_UNIT_SORTS: [&str; 5] = ["address", "label", "bedrooms", "rent", "status"];

#[allow(clippy::too_many_arguments)]
async fn render_landlord(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    units_page: &ListingParams,
    contact: LandlordContactInput,
    contact_errors: FieldErrors,
    event: LandlordEventInput,
    event_errors: FieldErrors,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_housing())?;
    let record = state.store.landlord_record(id).await?;
    // A landlord may be a private person: reading their file is recorded.
    state
        .store
        .record_audit(AuditEvent::new(
            Some(user.id),
            AuditAction::Read,
            "landlord",
            Some(id),
        ))
        .await?;
    let areas = area_names(&state.store.areas().await?, ctx.lang());
    let agencies = agency_names(state).await?;
    let f = &record.landlord.fields;
    // A landlord may own a building of hundreds of units: they come a page at a time,
    // sorted from the URL as every list is.
    let mut units_listing = units_page.listing(
        format!("/housing/landlords/{id}"),
        &LANDLORD_UNIT_SORTS,
        false,
    )?;
    let sort = units_listing.sort;
    let units: Vec<UnitRow> = units_listing
        .page_of(
            &record.units,
            |u| {
                let f = &u.unit.fields;
                match sort {
                    "label" => (fold(&f.label), 0, ""),
                    "bedrooms" => (String::new(), i64::from(f.bedrooms), ""),
                    "rent" => (String::new(), f.rent.0, ""),
                    "status" => (String::new(), 0, u.unit.status.as_str()),
                    _ => (fold(&u.address), 0, ""),
                }
            },
            |u| (fold(&u.address), fold(&u.unit.fields.label), u.unit.id),
        )
        .into_iter()
        .map(|u| unit_row(ctx, u, &areas, &agencies))
        .collect();
    let open_units = record
        .units
        .iter()
        .filter(|u| u.unit.status.is_open())
        .count();
    let events = record
        .events
        .iter()
        .map(|e| EventRow {
            kind: ctx
                .tr
                .t(&format!("event-{}", e.kind.as_str().replace('_', "-"))),
            on: date_text(e.occurred_on),
            amount: e.amount.map(|a| ctx.tr.money(a)).unwrap_or_default(),
            note: e.note.clone().unwrap_or_default(),
            by: e.recorded_by.clone().unwrap_or_default(),
        })
        .collect();
    let properties = record
        .properties
        .iter()
        .map(|p| {
            (
                p.id,
                p.fields.address.clone(),
                p.fields
                    .area_id
                    .and_then(|a| areas.get(&a).cloned())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let relationship = state.store.landlord_relationship(id).await?;
    let end_reasons = relationship
        .end_reasons
        .iter()
        .map(|(code, n)| {
            let reason = (code != "not_recorded").then_some(code.as_str());
            (crate::tenancies::end_reason_text(ctx, reason), *n)
        })
        .collect();
    let status = if contact_errors.is_empty() && event_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = LandlordPage {
        ctx,
        kind: f
            .kind
            .map(|k| ctx.tr.t(&format!("landlord-kind-{}", k.as_str())))
            .unwrap_or_default(),
        programs: f
            .programs
            .iter()
            .map(|p| ctx.tr.t(&format!("program-{}", p.replace('_', "-"))))
            .collect::<Vec<_>>()
            .join(", "),
        committed_until: day_text(f.committed_until),
        units,
        units_listing,
        open_units,
        events,
        properties,
        relationship,
        end_reasons,
        event_kinds: code_choices(
            &LandlordEventKind::ALL.map(LandlordEventKind::as_str),
            "event-",
            std::slice::from_ref(&event.kind),
            ctx,
        ),
        contact,
        contact_errors: FormErrors::new(contact_errors, ctx.tr),
        event,
        event_errors: FormErrors::new(event_errors, ctx.tr),
        record,
    };
    Ok((status, render(&page)).into_response())
}

async fn landlord_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(units_page): Query<ListingParams>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    render_landlord(
        &state,
        &ctx,
        id,
        &units_page,
        LandlordContactInput::default(),
        FieldErrors::default(),
        LandlordEventInput {
            occurred_on: date_text(today()),
            ..Default::default()
        },
        FieldErrors::default(),
    )
    .await
}

async fn add_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_manage_housing())?;
    let id = parse_id(&id)?;
    let input = LandlordContactInput {
        name: form.get("name"),
        role: form.get("role"),
        email: form.get("email"),
        phone: form.get("phone"),
    };
    let errors = match input.parse(id) {
        Ok(contact) => match state
            .store
            .add_landlord_contact(Some(user.id), &contact)
            .await
        {
            Ok(()) => {
                return Ok(
                    Redirect::to(&format!("/housing/landlords/{id}#contacts")).into_response()
                );
            }
            Err(e) => form_refusal(e, "name")?,
        },
        Err(errors) => errors,
    };
    let event = LandlordEventInput {
        occurred_on: date_text(today()),
        ..Default::default()
    };
    render_landlord(
        &state,
        &ctx,
        id,
        &ListingParams::default(),
        input,
        errors,
        event,
        FieldErrors::default(),
    )
    .await
}

async fn add_event(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_manage_housing())?;
    let id = parse_id(&id)?;
    let input = LandlordEventInput {
        kind: form.get("kind"),
        occurred_on: form.get("occurred_on"),
        amount: form.get("amount"),
        note: form.get("note"),
    };
    let errors = match input.parse(id, today()) {
        Ok(event) => match state.store.add_landlord_event(Some(user.id), &event).await {
            Ok(()) => {
                return Ok(
                    Redirect::to(&format!("/housing/landlords/{id}#history")).into_response()
                );
            }
            Err(e) => form_refusal(e, "kind")?,
        },
        Err(errors) => errors,
    };
    render_landlord(
        &state,
        &ctx,
        id,
        &ListingParams::default(),
        LandlordContactInput::default(),
        FieldErrors::default(),
        input,
        errors,
    )
    .await
}

// ---------------------------------------------------------------- properties and units

#[derive(Template)]
#[template(path = "housing/property_form.html")]
struct PropertyFormPage<'a> {
    ctx: &'a Ctx,
    title: String,
    action: String,
    cancel: String,
    landlord_name: String,
    input: PropertyInput,
    areas: Vec<Choice>,
    errors: FormErrors,
}

/// The property form for `landlord_id`: a new property, or `existing`.
async fn property_form(
    state: &AppState,
    ctx: &Ctx,
    landlord_id: Uuid,
    existing: Option<Uuid>,
    input: PropertyInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let landlord = state.store.landlord(landlord_id).await?;
    let selected: Vec<Uuid> = Uuid::parse_str(&input.area_id).into_iter().collect();
    let (title, action) = match existing {
        Some(id) => (
            ctx.tr.t("property-edit"),
            format!("/housing/properties/{id}"),
        ),
        None => (
            ctx.tr.t("property-new"),
            format!("/housing/landlords/{landlord_id}/properties"),
        ),
    };
    let page = PropertyFormPage {
        ctx,
        title,
        action,
        cancel: format!("/housing/landlords/{landlord_id}"),
        landlord_name: landlord.fields.name,
        areas: area_choices(&state.store.areas().await?, &selected, ctx.lang()),
        input,
        errors: FormErrors::new(errors.clone(), ctx.tr),
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

fn property_input(form: &FormData) -> PropertyInput {
    PropertyInput {
        address: form.get("address"),
        postal_code: form.get("postal_code"),
        area_id: form.get("area_id"),
        latitude: form.get("latitude"),
        longitude: form.get("longitude"),
        step_free: form.has("step_free"),
        elevator: form.has("elevator"),
        in_service_since: form.get("in_service_since"),
    }
}

async fn new_property(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_manage_housing())?;
    let id = parse_id(&id)?;
    property_form(
        &state,
        &ctx,
        id,
        None,
        PropertyInput::default(),
        FieldErrors::default(),
    )
    .await
}

async fn create_property(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_manage_housing())?;
    let landlord_id = parse_id(&id)?;
    let input = property_input(&form);
    let errors = match input.parse() {
        Ok(fields) => match state
            .store
            .create_property(Some(user.id), landlord_id, fields)
            .await
        {
            Ok(p) => {
                return Ok(
                    Redirect::to(&format!("/housing/properties/{}/units/new", p.id))
                        .into_response(),
                );
            }
            Err(e) => form_refusal(e, "address")?,
        },
        Err(errors) => errors,
    };
    property_form(&state, &ctx, landlord_id, None, input, errors).await
}

async fn edit_property(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_manage_housing())?;
    let property = state.store.property(parse_id(&id)?).await?;
    let input = PropertyInput::from_fields(&property.fields);
    property_form(
        &state,
        &ctx,
        property.landlord_id,
        Some(property.id),
        input,
        FieldErrors::default(),
    )
    .await
}

async fn update_property(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_manage_housing())?;
    let property = state.store.property(parse_id(&id)?).await?;
    let input = property_input(&form);
    let errors = match input.parse() {
        Ok(fields) => match state
            .store
            .update_property(Some(user.id), property.id, fields)
            .await
        {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/housing/landlords/{}", property.landlord_id))
                        .into_response(),
                );
            }
            Err(e) => form_refusal(e, "in_service_since")?,
        },
        Err(errors) => errors,
    };
    property_form(
        &state,
        &ctx,
        property.landlord_id,
        Some(property.id),
        input,
        errors,
    )
    .await
}

#[derive(Template)]
#[template(path = "housing/unit_form.html")]
struct UnitFormPage<'a> {
    ctx: &'a Ctx,
    title: String,
    action: String,
    cancel: String,
    address: String,
    input: UnitInput,
    includes: Vec<Choice>,
    inspections: Vec<Choice>,
    errors: FormErrors,
}

fn unit_form(
    ctx: &Ctx,
    property: &Property,
    existing: Option<Uuid>,
    input: UnitInput,
    errors: FieldErrors,
) -> Response {
    let (title, action, cancel) = match existing {
        Some(id) => (
            ctx.tr.t("unit-edit"),
            format!("/housing/units/{id}"),
            format!("/housing/units/{id}"),
        ),
        None => (
            ctx.tr.t("unit-new"),
            format!("/housing/properties/{}/units", property.id),
            format!("/housing/landlords/{}", property.landlord_id),
        ),
    };
    let page = UnitFormPage {
        ctx,
        title,
        action,
        cancel,
        address: property.fields.address.clone(),
        includes: code_choices(&RENT_INCLUDES, "includes-", &input.rent_includes, ctx),
        inspections: code_choices(
            &["pass", "fail"],
            "inspection-",
            std::slice::from_ref(&input.inspection),
            ctx,
        ),
        input,
        errors: FormErrors::new(errors.clone(), ctx.tr),
    };
    (form_status(&errors), render(&page)).into_response()
}

fn unit_input(form: &FormData) -> UnitInput {
    UnitInput {
        label: form.get("label"),
        bedrooms: form.get("bedrooms"),
        rent: form.get("rent"),
        rent_includes: form.all("rent_includes"),
        step_free: form.has("step_free"),
        elevator: form.has("elevator"),
        wheelchair: form.has("wheelchair"),
        pets_allowed: form.has("pets_allowed"),
        smoking_allowed: form.has("smoking_allowed"),
        available_from: form.get("available_from"),
        inspected_on: form.get("inspected_on"),
        inspection: form.get("inspection"),
        inspection_notes: form.get("inspection_notes"),
    }
}

async fn new_unit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_manage_housing())?;
    let property = state.store.property(parse_id(&id)?).await?;
    let input = UnitInput {
        bedrooms: "1".into(),
        available_from: date_text(today()),
        ..Default::default()
    };
    Ok(unit_form(
        &ctx,
        &property,
        None,
        input,
        FieldErrors::default(),
    ))
}

async fn save_unit(
    state: &AppState,
    ctx: &Ctx,
    property: &Property,
    existing: Option<Uuid>,
    form: &FormData,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    permit(user.can_manage_housing())?;
    let input = unit_input(form);
    let fields = match input.parse(property.fields.in_service_since) {
        Ok(fields) => fields,
        Err(errors) => return Ok(unit_form(ctx, property, existing, input, errors)),
    };
    let saved = match existing {
        Some(id) => state.store.update_unit(Some(user.id), id, fields).await,
        None => {
            state
                .store
                .create_unit(Some(user.id), property.id, fields, today())
                .await
        }
    };
    match saved {
        Ok(_) if existing.is_none() && form.get("then") == "another" => Ok(Redirect::to(&format!(
            "/housing/properties/{}/units/new",
            property.id
        ))
        .into_response()),
        Ok(unit) => Ok(Redirect::to(&format!("/housing/units/{}", unit.id)).into_response()),
        Err(e) => Ok(unit_form(
            ctx,
            property,
            existing,
            input,
            form_refusal(e, "label")?,
        )),
    }
}

async fn create_unit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let property = state.store.property(parse_id(&id)?).await?;
    save_unit(&state, &ctx, &property, None, &form).await
}

async fn edit_unit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_manage_housing())?;
    let record = state.store.unit(parse_id(&id)?).await?;
    let property = state.store.property(record.listing.property_id).await?;
    Ok(unit_form(
        &ctx,
        &property,
        Some(record.listing.unit.id),
        UnitInput {
            rent: ctx.tr.money_field(record.listing.unit.fields.rent),
            ..UnitInput::from_fields(&record.listing.unit.fields)
        },
        FieldErrors::default(),
    ))
}

async fn update_unit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let record = state.store.unit(parse_id(&id)?).await?;
    let property = state.store.property(record.listing.property_id).await?;
    save_unit(&state, &ctx, &property, Some(record.listing.unit.id), &form).await
}

/// One step a unit can take now, as a small form on its page.
struct Step {
    to: &'static str,
    label: String,
    needs_hold: bool,
    needs_household: bool,
}

struct HistoryRow {
    change: String,
    on: String,
    by: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "housing/unit.html")]
struct UnitPage<'a> {
    ctx: &'a Ctx,
    row: UnitRow,
    landlord_id: Uuid,
    landlord_name: String,
    includes: String,
    inspection: String,
    manage: bool,
    steps: Vec<Step>,
    agencies: Vec<Choice>,
    transition: TransitionInput,
    errors: FormErrors,
    history: Vec<HistoryRow>,
    tenancies: Vec<Tenancy>,
}

async fn render_unit(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    transition: TransitionInput,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    permit(user.can_see_open_units())?;
    let record = state.store.unit(id).await?;
    let manage = user.can_manage_housing();
    // Partner workers see open units only, without the landlord or the street address.
    if !manage && !record.listing.unit.status.is_open() {
        return Err(AppError::NotFound);
    }
    let areas = area_names(&state.store.areas().await?, ctx.lang());
    let names = agency_names(state).await?;
    let mut row = unit_row(ctx, &record.listing, &areas, &names);
    if !manage {
        row.address.clear();
        row.hold.clear();
    }
    // A tenancy names who lives there: shown to the hub only, and each reading recorded.
    if manage && !record.tenancies.is_empty() {
        state
            .store
            .record_audit(
                AuditEvent::new(Some(user.id), AuditAction::Read, "unit", Some(id)).with_detail(
                    format!("tenancies ({}) of the unit", record.tenancies.len()),
                ),
            )
            .await?;
    }
    let f = &record.listing.unit.fields;
    let from = record.listing.unit.status;
    let steps = UnitStatus::ALL
        .into_iter()
        .filter(|to| from.can_become(*to))
        .map(|to| Step {
            to: to.as_str(),
            label: ctx.tr.t(&format!("step-{}", to.as_str())),
            needs_hold: to == UnitStatus::Held,
            needs_household: to == UnitStatus::Leased,
        })
        .collect();
    let mut agencies: Vec<Choice> = names
        .iter()
        .map(|(id, name)| Choice {
            value: id.to_string(),
            label: name.clone(),
            selected: transition.agency_id == id.to_string(),
            depth: 0,
        })
        .collect();
    agencies.sort_by_key(|c| passerelle_domain::text::fold(&c.label));
    let history = if manage {
        record
            .history
            .iter()
            .map(|e| HistoryRow {
                change: match e.from {
                    Some(f) => format!(
                        "{} → {}",
                        ctx.tr.t(&format!("status-unit-{}", f.as_str())),
                        ctx.tr.t(&format!("status-unit-{}", e.to.as_str()))
                    ),
                    None => ctx.tr.t(&format!("status-unit-{}", e.to.as_str())),
                },
                on: date_text(e.on),
                by: e.by.clone().unwrap_or_default(),
                reason: e
                    .reason
                    .as_deref()
                    // Reasons the system records are codes with a message; people's own
                    // are shown as typed.
                    .map(|r| {
                        let key = format!("unit-reason-{r}");
                        if ctx.tr.has(&key) {
                            ctx.tr.t(&key)
                        } else {
                            r.to_owned()
                        }
                    })
                    .unwrap_or_default(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let page = UnitPage {
        ctx,
        includes: f
            .rent_includes
            .iter()
            .map(|i| ctx.tr.t(&format!("includes-{i}")))
            .collect::<Vec<_>>()
            .join(", "),
        inspection: match (f.inspected_on, f.inspection_passed) {
            (Some(on), Some(true)) => {
                format!("{} · {}", date_text(on), ctx.tr.t("inspection-pass"))
            }
            (Some(on), Some(false)) => {
                format!("{} · {}", date_text(on), ctx.tr.t("inspection-fail"))
            }
            (Some(on), None) => date_text(on),
            _ => String::new(),
        },
        landlord_id: record.listing.landlord_id,
        landlord_name: if manage {
            record.listing.landlord_name.clone()
        } else {
            String::new()
        },
        manage,
        steps,
        agencies,
        transition,
        errors: FormErrors::new(errors, ctx.tr),
        history,
        tenancies: if manage { record.tenancies } else { Vec::new() },
        row,
    };
    Ok((status, render(&page)).into_response())
}

async fn unit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let transition = TransitionInput {
        hold_until: date_text(today() + time::Duration::days(7)),
        ..Default::default()
    };
    render_unit(
        &state,
        &ctx,
        id,
        transition,
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_manage_housing())?;
    let id = parse_id(&id)?;
    let input = TransitionInput {
        to: form.get("to"),
        agency_id: form.get("agency_id"),
        hold_until: form.get("hold_until"),
        household_ref: form.get("household_ref"),
        reason: form.get("reason"),
    };
    let (errors, status) = match input.parse(today()) {
        Ok(transition) => match state
            .store
            .transition_unit(Some(user.id), id, &transition)
            .await
        {
            Ok(_) => return Ok(Redirect::to(&format!("/housing/units/{id}")).into_response()),
            Err(StoreError::Conflict(code)) => (
                FieldErrors(vec![FieldError::new("to", code)]),
                StatusCode::CONFLICT,
            ),
            Err(e) => (form_refusal(e, "to")?, StatusCode::UNPROCESSABLE_ENTITY),
        },
        Err(errors) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
    };
    render_unit(&state, &ctx, id, input, errors, status).await
}

#[derive(Template)]
#[template(path = "housing/units.html")]
struct UnitsPage<'a> {
    ctx: &'a Ctx,
    units: Vec<UnitRow>,
    areas: Vec<Choice>,
    sizes: Vec<Choice>,
    manage: bool,
    listing: Listing,
}

/// The open units list's filters and place, from the URL (the page and the API read the
/// same parameters).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct UnitsQuery {
    area: Option<String>,
    bedrooms: Option<String>,
    #[serde(flatten)]
    listing: ListingParams,
}

/// The columns the units list sorts by, the first its default.
const UNIT_SORTS: [&str; 5] = ["available", "area", "bedrooms", "rent", "status"];

impl UnitsQuery {
    /// The store's filter and the list's place; `strict` for the API (see `listing`).
    fn filter(
        &self,
        path: &'static str,
        strict: bool,
        lang: &str,
    ) -> Result<(UnitFilter, Listing), AppError> {
        let area_id = filter_value(&self.area, strict, |raw| Uuid::parse_str(raw).ok())?;
        let bedrooms = filter_value(&self.bedrooms, strict, |raw| raw.parse::<u8>().ok())?;
        let listing = self
            .listing
            .listing(path, &UNIT_SORTS, strict)?
            .filter("area", &area_id.map(|a| a.to_string()).unwrap_or_default())
            .filter(
                "bedrooms",
                &bedrooms.map(|b| b.to_string()).unwrap_or_default(),
            );
        let filter = UnitFilter {
            open_only: true,
            area_id,
            bedrooms,
            sort: match listing.sort {
                "area" => UnitSort::Area,
                "bedrooms" => UnitSort::Bedrooms,
                "rent" => UnitSort::Rent,
                "status" => UnitSort::Status,
                _ => UnitSort::Available,
            },
            descending: listing.descending,
            french: lang == "fr",
            page: Some((listing.page_index(), listing.per_page)),
        };
        Ok((filter, listing))
    }
}

async fn units_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<UnitsQuery>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    permit(user.can_see_open_units())?;
    let manage = user.can_manage_housing();
    let (filter, mut listing) = q.filter("/housing/units", false, ctx.lang())?;
    let listings = state.store.units(&filter).await?;
    listing.total = state.store.units_count(&filter).await?;
    let all_areas = state.store.areas().await?;
    let names = area_names(&all_areas, ctx.lang());
    let agencies = agency_names(&state).await?;
    let units = listings
        .iter()
        .map(|u| {
            let mut row = unit_row(&ctx, u, &names, &agencies);
            if !manage {
                row.address.clear();
                row.hold.clear();
            }
            row
        })
        .collect();
    let sizes = (0..=4u8)
        .map(|b| Choice {
            value: b.to_string(),
            label: bedrooms_label(&ctx, b),
            selected: filter.bedrooms == Some(b),
            depth: 0,
        })
        .collect();
    Ok(render(&UnitsPage {
        ctx: &ctx,
        units,
        areas: area_choices(
            &all_areas,
            &filter.area_id.into_iter().collect::<Vec<_>>(),
            ctx.lang(),
        ),
        sizes,
        manage,
        listing,
    }))
}

/// `GET /api/v1/units`: the open units list's page, with the same parameters. Partner
/// workers get what their page shows: no address, landlord or hold.
async fn units_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<UnitsQuery>,
) -> Result<Json<serde_json::Value>, AppError> {
    let user = ctx.user()?;
    permit(user.can_see_open_units())?;
    let manage = user.can_manage_housing();
    let (filter, listing) = q.filter("/api/v1/units", true, ctx.lang())?;
    let total = state.store.units_count(&filter).await?;
    let units: Vec<serde_json::Value> = state
        .store
        .units(&filter)
        .await?
        .iter()
        .map(|u| {
            let f = &u.unit.fields;
            let mut row = serde_json::json!({
                "id": u.unit.id,
                "area_id": u.area_id,
                "bedrooms": f.bedrooms,
                "rent_cents": f.rent.0,
                "rent_includes": f.rent_includes,
                "step_free": f.step_free,
                "elevator": f.elevator,
                "wheelchair": f.wheelchair,
                "pets_allowed": f.pets_allowed,
                "smoking_allowed": f.smoking_allowed,
                "available_from": f.available_from.map(|d| d.to_string()),
                "status": u.unit.status.as_str(),
            });
            if manage {
                row["label"] = f.label.clone().into();
                row["address"] = u.address.clone().into();
                row["landlord_id"] = u.landlord_id.to_string().into();
                row["landlord_name"] = u.landlord_name.clone().into();
            }
            row
        })
        .collect();
    Ok(Json(serde_json::json!({
        "total": total,
        "page": listing.page,
        "per_page": listing.per_page,
        "units": units,
    })))
}

// ---------------------------------------------------------------- availability

/// Bedroom sizes as the dashboard groups them: bachelor, 1, 2, 3, 4 or more.
const SIZES: usize = 5;

fn size_index(bedrooms: u8) -> usize {
    (bedrooms as usize).min(SIZES - 1)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct AvailabilityQuery {
    /// `YYYY-MM`: the month whose neighbourhoods are shown (the current one by default).
    month: String,
}

/// The window: 18 months back, this month, and 5 ahead.
fn window() -> (MonthIndex, MonthIndex, MonthIndex) {
    let current = MonthIndex::of(today());
    (
        MonthIndex(current.0 - 18),
        current,
        MonthIndex(current.0 + 5),
    )
}

struct MonthRow {
    month: MonthIndex,
    sizes: [u32; SIZES],
    total: u32,
    future: bool,
    selected: bool,
}

struct AreaRow {
    name: String,
    sizes: [u32; SIZES],
    total: u32,
}

/// One size of unit: how many are open in the month chosen, and how many households on the
/// by-name list wait for that size.
struct NeedRow {
    size: String,
    open: String,
    /// Withheld ("x") below the reports' k, as a count of persons.
    waiting: String,
}

#[derive(Template)]
#[template(path = "housing/availability.html")]
struct AvailabilityPage<'a> {
    ctx: &'a Ctx,
    months: Vec<MonthRow>,
    needs: Vec<NeedRow>,
    needs_total: String,
    k: usize,
    size_labels: Vec<String>,
    chart: String,
    map: String,
    selected: String,
    areas: Vec<AreaRow>,
}

async fn availability_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AvailabilityQuery>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_see_availability())?;
    let (first, current, last) = window();
    let selected = MonthIndex::parse(&q.month)
        .filter(|m| (first..=last).contains(m))
        .unwrap_or(current);
    let cells = state.store.availability(first, last).await?;
    let all_areas = state.store.areas().await?;
    let lang = ctx.lang();
    let months: Vec<MonthRow> = (first.0..=last.0)
        .map(|m| {
            let mut sizes = [0u32; SIZES];
            for c in cells.iter().filter(|c| c.month.0 == m) {
                sizes[size_index(c.bedrooms)] += c.units;
            }
            MonthRow {
                month: MonthIndex(m),
                total: sizes.iter().sum(),
                sizes,
                future: m > current.0,
                selected: m == selected.0,
            }
        })
        .collect();
    let size_labels: Vec<String> = (0..SIZES)
        .map(|s| {
            if s == SIZES - 1 {
                ctx.tr.t("unit-size-4-plus")
            } else {
                bedrooms_label(&ctx, s as u8)
            }
        })
        .collect();
    let mut by_area: HashMap<Option<Uuid>, [u32; SIZES]> = HashMap::new();
    for c in cells.iter().filter(|c| c.month == selected) {
        by_area.entry(c.area_id).or_default()[size_index(c.bedrooms)] += c.units;
    }
    let names = area_names(&all_areas, lang);
    let mut areas: Vec<AreaRow> = by_area
        .iter()
        .map(|(a, sizes)| AreaRow {
            name: a
                .and_then(|a| names.get(&a).cloned())
                .unwrap_or_else(|| ctx.tr.t("unit-area-unknown")),
            total: sizes.iter().sum(),
            sizes: *sizes,
        })
        .collect();
    areas.sort_by(|a, b| b.total.cmp(&a.total).then(a.name.cmp(&b.name)));
    let chart = crate::charts::stacked_months(
        ctx.tr,
        &months
            .iter()
            .map(|m| (ctx.tr.month_short(m.month), m.sizes.to_vec(), m.future))
            .collect::<Vec<_>>(),
        &size_labels,
        &ctx.tr.t("availability-chart-title"),
    );
    let points: Vec<(String, f64, f64, u32)> = all_areas
        .iter()
        .filter_map(|a| {
            let total = by_area
                .get(&Some(a.id))
                .map(|s| s.iter().sum())
                .unwrap_or(0);
            Some((a.label(lang).to_owned(), a.latitude?, a.longitude?, total))
        })
        .collect();
    let map = crate::charts::area_map(
        ctx.tr,
        &points,
        &ctx.tr
            .t1("availability-map-title", "month", ctx.tr.month(selected)),
    );
    // The list's composition against the month's open units. Every role sees this page, so
    // the waiting households are published as the reports publish persons.
    let k = passerelle_domain::outcomes::DEFAULT_K;
    // From the ranked list the app keeps between changes, not a read of every entry.
    let mut waiting = vec![0usize; SIZES];
    let list = crate::referrals::list::ranked_list(&state).await?;
    for r in list
        .ranked
        .iter()
        .filter(|r| r.entry.status == passerelle_domain::referrals::ListStatus::Active)
    {
        waiting[size_index(r.entry.bedrooms_needed)] += 1;
    }
    let total: usize = waiting.iter().sum();
    let published = passerelle_domain::suppression::publish_grid(
        std::slice::from_ref(&waiting),
        &[total],
        None,
        None,
        k,
    );
    let open_now = months
        .iter()
        .find(|m| m.selected)
        .map(|m| m.sizes)
        .unwrap_or_default();
    let needs = (0..SIZES)
        .map(|s| NeedRow {
            size: size_labels[s].clone(),
            open: ctx.tr.number(open_now[s]),
            waiting: ctx.tr.published(published.cells[0][s]),
        })
        .collect();
    Ok(render(&AvailabilityPage {
        ctx: &ctx,
        months,
        needs,
        needs_total: ctx.tr.published(published.row_totals[0]),
        k,
        size_labels,
        chart,
        map,
        selected: ctx.tr.month(selected),
        areas,
    }))
}

async fn availability_csv(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    permit(ctx.user()?.can_see_availability())?;
    let (first, _, last) = window();
    let cells = state.store.availability(first, last).await?;
    let names = area_names(&state.store.areas().await?, ctx.lang());
    let csv = availability_csv_text(crate::views::availability_heading(&ctx.tr), &cells, |a| {
        a.and_then(|a| names.get(&a).cloned()).unwrap_or_default()
    });
    recorded_attachment(&state.store, &ctx, CSV, "availability.csv", csv).await
}

//! The referral form (B1), each agency's referrals and their status (B4), one referral
//! with its consent, and withdrawing consent.

use super::{Incoming, apply_dates, readable_referral, save_referral};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::listing::{Listing, ListingParams, filter_value};
use crate::pages::{FormData, parse_id};
use crate::routes::Routes;
use crate::views::{
    Choice, FormErrors, area_choices, code_choices, day_text, form_status, render, today,
};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use passerelle_domain::FieldErrors;
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::date_text;
use passerelle_domain::needs::{NEEDS, need_label};
use passerelle_domain::referrals::consent::ConsentMethod;
use passerelle_domain::referrals::*;
use passerelle_domain::text::fold;
use passerelle_store::{
    ReferralQuery, ReferralRecord, ReferralSort, ReferralSummary, ReviewSummary,
};
use std::collections::HashMap;
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new()
        .route("/referrals", get(list_page).post(create))
        .route("/referrals/new", get(new_page))
        .route("/referrals/{id}", get(referral_page))
        .route("/referrals/{id}/consent/withdraw", post(withdraw))
}

// ---------------------------------------------------------------- the form

/// A referral as the form sent it.
fn input_from_form(form: &FormData) -> ReferralInput {
    ReferralInput {
        given_name: form.get("given_name"),
        family_name: form.get("family_name"),
        other_names: form.get("other_names"),
        birth_date: form.get("birth_date"),
        sex_gender: form.get("sex_gender"),
        self_identified: form.all("self_identified"),
        phone: form.get("phone"),
        email: form.get("email"),
        last_address: form.get("last_address"),
        postal_code: form.get("postal_code"),
        identifier: form.get("identifier"),
        adults: form.get("adults"),
        children_ages: form.get("children_ages"),
        pregnant: form.has("pregnant"),
        needs: form.all("needs"),
        accessibility: form.all("accessibility"),
        pets: form.has("pets"),
        smoking: form.has("smoking"),
        monthly_income: form.get("monthly_income"),
        income_sources: form.all("income_sources"),
        subsidy_eligible: form.has("subsidy_eligible"),
        max_rent: form.get("max_rent"),
        preferred_areas: form.all("preferred_areas"),
        excluded_areas: form.all("excluded_areas"),
        supporting_agency: form.get("supporting_agency"),
        supporting_worker: form.get("supporting_worker"),
        days_homeless: form.get("days_homeless"),
        assessment_score: form.get("assessment_score"),
        notes: form.get("notes"),
        consent_hub: match form.get("consent_hub").as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        consent_supports: form.has("consent_supports"),
        consent_landlords: form.has("consent_landlords"),
        consent_method: form.get("consent_method"),
        consent_witness: form.get("consent_witness"),
        consent_given_on: form.get("consent_given_on"),
        consent_expires_on: form.get("consent_expires_on"),
    }
}

#[derive(Template)]
#[template(path = "referrals/form.html")]
struct FormPage<'a> {
    ctx: &'a Ctx,
    input: ReferralInput,
    errors: FormErrors,
    /// The referring agency's name, or blank for a walk-in at the hub.
    agency: String,
    self_identified: Vec<Choice>,
    needs: Vec<Choice>,
    accessibility: Vec<Choice>,
    income_sources: Vec<Choice>,
    preferred_areas: Vec<Choice>,
    excluded_areas: Vec<Choice>,
    agencies: Vec<Choice>,
    methods: Vec<Choice>,
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    input: ReferralInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let lang = ctx.lang();
    let areas = state.store.areas().await?;
    let ids = |raw: &[String]| -> Vec<Uuid> {
        raw.iter().filter_map(|r| Uuid::parse_str(r).ok()).collect()
    };
    let names = state.store.organization_names().await?;
    let agency = user
        .agency_id
        .and_then(|a| names.iter().find(|(id, _)| *id == a))
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    let mut agencies: Vec<Choice> = names
        .into_iter()
        .map(|(id, name)| Choice {
            selected: input.supporting_agency == id.to_string(),
            value: id.to_string(),
            label: name,
            depth: 0,
        })
        .collect();
    agencies.sort_by_key(|c| fold(&c.label));
    let page = FormPage {
        ctx,
        agency,
        needs: NEEDS
            .iter()
            .map(|n| Choice {
                value: n.0.to_owned(),
                label: need_label(n.0, lang).unwrap_or(n.0).to_owned(),
                selected: input.needs.iter().any(|s| s == n.0),
                depth: 0,
            })
            .collect(),
        self_identified: code_choices(
            &SELF_IDENTIFIED_GROUPS,
            "referral-group-",
            &input.self_identified,
            ctx,
        ),
        accessibility: code_choices(
            &ACCESSIBILITY_NEEDS,
            "referral-access-",
            &input.accessibility,
            ctx,
        ),
        income_sources: code_choices(
            &INCOME_SOURCES,
            "referral-income-",
            &input.income_sources,
            ctx,
        ),
        preferred_areas: area_choices(&areas, &ids(&input.preferred_areas), lang),
        excluded_areas: area_choices(&areas, &ids(&input.excluded_areas), lang),
        agencies,
        methods: code_choices(
            &ConsentMethod::ALL.map(|m| m.code()),
            "consent-method-",
            std::slice::from_ref(&input.consent_method),
            ctx,
        ),
        errors: FormErrors::new(errors.clone(), ctx.tr),
        input,
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

async fn new_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    permit(ctx.user()?.can_refer())?;
    let input = ReferralInput {
        adults: "1".into(),
        consent_given_on: date_text(today()),
        ..Default::default()
    };
    render_form(&state, &ctx, input, FieldErrors::default()).await
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_refer())?;
    let input = input_from_form(&form);
    let errors = match input.parse(today()) {
        Ok(parsed) => {
            match save_referral(
                &state.store,
                &state.people,
                Some(user.id),
                Incoming {
                    agency: user.agency_id,
                    referred_on: today(),
                    referral: parsed,
                },
            )
            .await
            {
                Ok(created) => {
                    return Ok(
                        Redirect::to(&format!("/referrals/{}?saved=1", created.id)).into_response()
                    );
                }
                Err(passerelle_store::StoreError::Invalid(errors)) => errors,
                Err(other) => return Err(other.into()),
            }
        }
        Err(errors) => errors,
    };
    render_form(&state, &ctx, input, errors).await
}

// ---------------------------------------------------------------- lists and one referral

/// A referral as a line of a list, in the user's language.
struct Row {
    id: Uuid,
    referred_on: String,
    name: String,
    agency: String,
    status: String,
    consent: String,
}

fn status_label(ctx: &Ctx, status: Option<ListStatus>, anonymous: bool, redacted: bool) -> String {
    if anonymous {
        ctx.tr.t("referral-anonymous")
    } else if redacted {
        ctx.tr.t("referral-consent-ended")
    } else {
        status
            .map(|s| ctx.tr.t(&format!("list-status-{}", s.code())))
            .unwrap_or_default()
    }
}

fn row(ctx: &Ctx, r: &ReferralSummary) -> Row {
    Row {
        id: r.id,
        referred_on: date_text(r.referred_on),
        name: r.name.clone(),
        agency: r
            .agency_name
            .clone()
            .unwrap_or_else(|| ctx.tr.t("referral-walk-in")),
        status: status_label(ctx, r.status, r.anonymous, r.redacted),
        consent: if r.anonymous || r.redacted {
            String::new()
        } else {
            day_text(r.consent_expires_on)
        },
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: Option<String>,
    #[serde(flatten)]
    listing: ListingParams,
}

/// The columns the referrals list sorts by, the first its default (newest first).
pub(super) const REFERRAL_SORTS: [&str; 3] = ["referred", "agency", "status"];

#[derive(Template)]
#[template(path = "referrals/list.html")]
struct ListPage<'a> {
    ctx: &'a Ctx,
    rows: Vec<Row>,
    statuses: Vec<Choice>,
    can_refer: bool,
    listing: Listing,
}

/// One page of the referrals `user` may read, with `status` if given, in `listing`'s order
/// (its total set): the referrals page's and the API's. The read is audited.
pub(super) async fn referrals_in_listing(
    state: &AppState,
    user: &passerelle_domain::roles::User,
    status: Option<ListStatus>,
    listing: &mut Listing,
) -> Result<Vec<ReferralSummary>, AppError> {
    let scope = user.referral_scope().ok_or(AppError::Forbidden)?;
    apply_dates(state, today()).await?;
    let query = ReferralQuery {
        agency: scope,
        status,
        sort: match listing.sort {
            "agency" => ReferralSort::Agency,
            "status" => ReferralSort::Status,
            _ => ReferralSort::ReferredOn,
        },
        descending: listing.descending,
        page: listing.page_index(),
        per_page: listing.per_page,
    };
    let (total, referrals) = state.store.referrals_page(&query).await?;
    listing.total = total;
    crate::audit::record_list_read(state, user, "referral", referrals.len()).await?;
    Ok(referrals)
}

async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let status = filter_value(&q.status, false, ListStatus::parse)?;
    let mut listing = q
        .listing
        .listing_descending("/referrals", &REFERRAL_SORTS, false)?
        .filter("status", status.map(|s| s.code()).unwrap_or_default());
    let referrals = referrals_in_listing(&state, user, status, &mut listing).await?;
    let selected: Vec<String> = status.map(|s| s.code().to_owned()).into_iter().collect();
    let page = ListPage {
        ctx: &ctx,
        rows: referrals.iter().map(|r| row(&ctx, r)).collect(),
        statuses: code_choices(
            &ListStatus::ALL.map(|s| s.code()),
            "list-status-",
            &selected,
            &ctx,
        ),
        can_refer: user.can_refer(),
        listing,
    };
    Ok(render(&page))
}

/// One label and value of a referral's page.
struct Fact {
    label: String,
    value: String,
}

#[derive(Template)]
#[template(path = "referrals/referral.html")]
struct ReferralPage<'a> {
    ctx: &'a Ctx,
    id: Uuid,
    title: String,
    saved: bool,
    agency: String,
    referred_on: String,
    status: String,
    /// The person's page, for the hub.
    person_link: Option<String>,
    facts: Vec<Fact>,
    consent: Vec<Fact>,
    consent_state: String,
    can_withdraw: bool,
    reviews: Vec<ReviewSummary>,
    show_reviews: bool,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct SavedQuery {
    saved: String,
}

/// The referral's facts, labelled in the user's language.
fn facts(
    ctx: &Ctx,
    f: &ReferralFields,
    areas: &HashMap<Uuid, String>,
    agencies: &HashMap<Uuid, String>,
) -> Vec<Fact> {
    let lang = ctx.lang();
    let yes_no = |b: bool| ctx.tr.t(if b { "yes" } else { "no" });
    let list = |items: Vec<String>| items.join(", ");
    let area_list = |ids: &[Uuid]| list(ids.iter().filter_map(|a| areas.get(a).cloned()).collect());
    let money = |c: Option<passerelle_domain::housing::Cents>| {
        c.map(|c| ctx.tr.money(c)).unwrap_or_default()
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut out = vec![
        ("referral-given-name", f.given_name.clone()),
        ("referral-family-name", opt(&f.family_name)),
        ("referral-other-names", opt(&f.other_names)),
        (
            "referral-birth-date",
            crate::views::birth_date_text(ctx.tr, &f.birth_date),
        ),
        ("referral-sex-gender", opt(&f.sex_gender)),
        ("referral-phone", opt(&f.phone)),
        (
            "referral-email",
            f.email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
        ),
        ("referral-last-address", opt(&f.last_address)),
        (
            "referral-postal-code",
            f.postal_code
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
        ),
        ("referral-identifier", opt(&f.identifier)),
        (
            "referral-self-identified",
            list(
                f.self_identified
                    .iter()
                    .map(|g| ctx.tr.t(&format!("referral-group-{g}")))
                    .collect(),
            ),
        ),
        ("referral-adults", f.household.adults.to_string()),
        (
            "referral-children-ages",
            list(
                f.household
                    .children_ages
                    .iter()
                    .map(u8::to_string)
                    .collect(),
            ),
        ),
        ("referral-pregnant", yes_no(f.household.pregnant)),
        (
            "referral-bedrooms-needed",
            f.household.bedrooms_needed().to_string(),
        ),
        (
            "referral-needs",
            list(
                f.needs
                    .iter()
                    .map(|n| need_label(n, lang).unwrap_or(n).to_owned())
                    .collect(),
            ),
        ),
        (
            "referral-accessibility",
            list(
                f.accessibility
                    .iter()
                    .map(|a| {
                        ctx.tr
                            .t(&format!("referral-access-{}", a.replace('_', "-")))
                    })
                    .collect(),
            ),
        ),
        ("referral-pets", yes_no(f.pets)),
        ("referral-smoking", yes_no(f.smoking)),
        ("referral-monthly-income", money(f.monthly_income)),
        (
            "referral-income-sources",
            list(
                f.income_sources
                    .iter()
                    .map(|s| {
                        ctx.tr
                            .t(&format!("referral-income-{}", s.replace('_', "-")))
                    })
                    .collect(),
            ),
        ),
        ("referral-subsidy-eligible", yes_no(f.subsidy_eligible)),
        ("referral-max-rent", money(f.max_rent)),
        ("referral-preferred-areas", area_list(&f.preferred_areas)),
        ("referral-excluded-areas", area_list(&f.excluded_areas)),
        (
            "referral-supporting-agency",
            f.supporting_agency
                .and_then(|a| agencies.get(&a).cloned())
                .unwrap_or_default(),
        ),
        ("referral-supporting-worker", opt(&f.supporting_worker)),
        (
            "referral-days-homeless",
            f.days_homeless.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (
            "referral-assessment-score",
            f.assessment_score
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        ("referral-notes", opt(&f.notes)),
    ];
    if f.birth_date.is_unreadable() {
        out.push(("referral-birth-date-flagged", yes_no(true)));
    }
    out.into_iter()
        .map(|(key, value)| Fact {
            label: ctx.tr.t(key),
            value,
        })
        .collect()
}

async fn referral_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    apply_dates(&state, today()).await?;
    let referral = readable_referral(&state, user, parse_id(&id)?).await?;
    let lang = ctx.lang();
    let areas: HashMap<Uuid, String> = state
        .store
        .areas()
        .await?
        .iter()
        .map(|a| (a.id, a.label(lang).to_owned()))
        .collect();
    let agencies: HashMap<Uuid, String> = state
        .store
        .organization_names()
        .await?
        .into_iter()
        .collect();
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
    let show_reviews = user.can_manage_list();
    let reviews = if show_reviews {
        state.store.reviews_of_referral(referral.id).await?
    } else {
        Vec::new()
    };
    let page = referral_view(
        &ctx,
        &referral,
        &areas,
        &agencies,
        q.saved == "1",
        reviews,
        show_reviews,
    );
    Ok(render(&page))
}

fn referral_view<'a>(
    ctx: &'a Ctx,
    r: &ReferralRecord,
    areas: &HashMap<Uuid, String>,
    agencies: &HashMap<Uuid, String>,
    saved: bool,
    reviews: Vec<ReviewSummary>,
    show_reviews: bool,
) -> ReferralPage<'a> {
    let user_is_hub = ctx.user.as_ref().is_some_and(|u| u.can_manage_list());
    let (title, facts, consent, consent_state) = match &r.fields {
        Some(f) => {
            let c = &f.consent;
            let yes_no = |b: bool| ctx.tr.t(if b { "yes" } else { "no" });
            let consent = vec![
                Fact {
                    label: ctx.tr.t("consent-hub"),
                    value: yes_no(true),
                },
                Fact {
                    label: ctx.tr.t("consent-supports"),
                    value: yes_no(c.share_with_supports),
                },
                Fact {
                    label: ctx.tr.t("consent-landlords"),
                    value: yes_no(c.share_with_landlords),
                },
                Fact {
                    label: ctx.tr.t("consent-method"),
                    value: ctx.tr.t(&format!(
                        "consent-method-{}",
                        c.method.code().replace('_', "-")
                    )),
                },
                Fact {
                    label: ctx.tr.t("consent-witness"),
                    value: c.witness.clone().unwrap_or_default(),
                },
                Fact {
                    label: ctx.tr.t("consent-given-on"),
                    value: date_text(c.given_on),
                },
                Fact {
                    label: ctx.tr.t("consent-expires-on"),
                    value: date_text(c.expires_on),
                },
            ];
            let state = ctx.tr.t(&format!(
                "consent-state-{}",
                c.state(today()).code().replace('_', "-")
            ));
            (
                f.full_name(),
                facts(ctx, f, areas, agencies),
                consent,
                state,
            )
        }
        None if r.anonymous => (
            ctx.tr.t("referral-anonymous"),
            Vec::new(),
            Vec::new(),
            ctx.tr.t("referral-anonymous-note"),
        ),
        None => (
            ctx.tr.t("referral-consent-ended"),
            Vec::new(),
            Vec::new(),
            ctx.tr.t("referral-consent-ended-note"),
        ),
    };
    ReferralPage {
        ctx,
        id: r.id,
        title,
        saved,
        agency: r
            .agency_name
            .clone()
            .unwrap_or_else(|| ctx.tr.t("referral-walk-in")),
        referred_on: date_text(r.referred_on),
        status: status_label(ctx, r.status, r.anonymous, r.redacted_at.is_some()),
        person_link: r
            .person_id
            .filter(|_| user_is_hub && r.fields.is_some())
            .map(|p| format!("/list/persons/{p}")),
        can_withdraw: r.fields.is_some(),
        facts,
        consent,
        consent_state,
        reviews,
        show_reviews,
    }
}

async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    let referral = readable_referral(&state, user, parse_id(&id)?).await?;
    if !form.has("confirm") {
        return Err(AppError::Invalid(FieldErrors(vec![
            passerelle_domain::FieldError::new("confirm", "error-confirm"),
        ])));
    }
    withdraw_consent(&state, user.id, referral.id).await?;
    Ok(Redirect::to(&format!("/referrals/{}", referral.id)).into_response())
}

/// Withdraws the person's consent and drops their referrals from identity resolution;
/// the referrals erased.
pub(super) async fn withdraw_consent(
    state: &AppState,
    actor: Uuid,
    referral: Uuid,
) -> Result<Vec<Uuid>, AppError> {
    let mut guard = state.people.lock(&state.store).await?;
    let erased = state
        .store
        .withdraw_consent(Some(actor), referral, today())
        .await?;
    if let Some(index) = guard.as_mut() {
        index.remove(&erased);
    }
    Ok(erased)
}

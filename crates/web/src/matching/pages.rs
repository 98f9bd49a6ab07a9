//! The locator's pages for match rounds, and everyone's pages for offers.

use super::round::{LoadedRound, correct, load_round, person_of, start_round};
use super::{apply_offer_dates, default_respond_by};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::listing::{Listing, ListingParams};
use crate::pages::{FormData, parse_id};
use crate::referrals::list::{key_label, policy_in_force};
use crate::routes::Routes;
use crate::views::{Choice, FormErrors, code_choices, form_status, render, today};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use passerelle_domain::FieldErrors;
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::{date, date_text};
use passerelle_domain::offers::{
    CLIENT_DECLINE_REASONS, LANDLORD_DECLINE_REASONS, OfferDates, OfferState, OfferStepInput,
    WITHDRAW_REASONS,
};
use passerelle_domain::roles::User;
use passerelle_matching::compatibility::Constraint;
use passerelle_matching::plan::{Assignment, Unmatched};
use passerelle_matching::policy::{PriorityInputs, PriorityKey};
use passerelle_store::{Correction, CorrectionKind, NewOffer, OfferFilter, OfferRecord};
use std::collections::{HashMap, HashSet};
use time::Date;
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new()
        .route("/match", get(rounds_page).post(start))
        .route("/match/rounds/{id}", get(round_page))
        .route("/match/rounds/{id}/corrections", post(correct_pair))
        .route("/match/rounds/{id}/offers", post(make_offers))
        .route("/offers", get(offers_page))
        .route("/offers/{id}", get(offer_page))
        .route("/offers/{id}/steps", post(offer_step))
}

// ---------------------------------------------------------------- rounds

struct RoundLine {
    id: Uuid,
    on: String,
    policy: String,
    dry_run: bool,
    persons: i64,
    units: i64,
    matched: i64,
    offers: i64,
    started_by: String,
}

#[derive(Template)]
#[template(path = "matching/rounds.html")]
struct RoundsPage<'a> {
    ctx: &'a Ctx,
    rounds: Vec<RoundLine>,
    policy: String,
}

/// A policy's keys in words, most important first.
pub(super) fn policy_text(ctx: &Ctx, keys: &str) -> String {
    keys.split(',')
        .filter(|k| !k.is_empty())
        .map(|k| key_label(ctx, k))
        .collect::<Vec<_>>()
        .join(" → ")
}

async fn rounds_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.user()?;
    permit(user.can_run_matching())?;
    let policy = policy_in_force(&state.store).await?;
    let rounds = state
        .store
        .rounds(50)
        .await?
        .into_iter()
        .map(|r| RoundLine {
            id: r.id,
            on: date_text(r.on),
            policy: policy_text(&ctx, &r.policy),
            dry_run: r.dry_run,
            persons: r.persons,
            units: r.units,
            matched: r.matched,
            offers: r.offers,
            started_by: r.started_by.unwrap_or_default(),
        })
        .collect();
    let page = RoundsPage {
        ctx: &ctx,
        rounds,
        policy: policy_text(&ctx, &policy.codes()),
    };
    Ok(render(&page))
}

async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_run_matching())?;
    let day = apply_offer_dates(&state).await?;
    let policy = policy_in_force(&state.store).await?;
    let summary = start_round(
        &state.store,
        Some(user.id),
        day,
        &policy,
        form.has("dry_run"),
    )
    .await?;
    let id = summary
        .id
        .ok_or(AppError::Internal("round not saved".into()))?;
    Ok(Redirect::to(&format!("/match/rounds/{id}")).into_response())
}

// ---------------------------------------------------------------- one round

/// Proposals and waiting persons shown per page.
const ROUND_PAGE: usize = 50;

struct ProposalRow {
    rank: u32,
    person_id: Uuid,
    name: String,
    unit_id: Uuid,
    unit: String,
    fit: u32,
    terms: String,
    keys: String,
    higher: String,
    pinned: bool,
    stale: bool,
    /// The offer made from this proposal, if one was.
    offered: Option<Uuid>,
}

struct WaitingRow {
    rank: u32,
    person_id: Uuid,
    name: String,
    keys: String,
    why: String,
}

struct BindingRow {
    constraint: String,
    alone: usize,
    any: usize,
}

struct CorrectionLine {
    kind: String,
    person: String,
    unit: String,
    reason: String,
    by: String,
}

#[derive(Template)]
#[template(path = "matching/round.html")]
struct RoundPage<'a> {
    ctx: &'a Ctx,
    id: Uuid,
    on: String,
    policy: String,
    dry_run: bool,
    persons: i64,
    units: i64,
    feasible_pairs: i64,
    matched: i64,
    objective: String,
    timings: String,
    proposals: Vec<ProposalRow>,
    proposals_total: usize,
    waiting: Vec<WaitingRow>,
    /// Waiting persons ranked above the last person matched.
    waiting_total: usize,
    no_fit: usize,
    outranked: usize,
    binding: Vec<BindingRow>,
    corrections: Vec<CorrectionLine>,
    stale_count: usize,
    respond_by: String,
    exclude_reasons: Vec<Choice>,
    pin_persons: Vec<Choice>,
    pin_units: Vec<Choice>,
    previous_page: Option<String>,
    next_page: Option<String>,
    errors: FormErrors,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RoundQuery {
    /// From 1: the page of proposals and of waiting persons shown.
    page: usize,
}

/// Why the locator excludes a pair: kept with the correction.
pub(crate) const EXCLUDE_REASONS: [&str; 5] = [
    "landlord_refused_before",
    "client_refused_area",
    "safety",
    "unit_not_ready",
    "other",
];

fn key_text(key: PriorityKey, p: &PriorityInputs) -> String {
    match key {
        PriorityKey::Acuity => p.acuity.to_string(),
        PriorityKey::DaysHomeless => p.days_homeless.to_string(),
        PriorityKey::ReferralDate => {
            let epoch = Date::from_calendar_date(1970, time::Month::January, 1).expect("valid");
            date_text(epoch + time::Duration::days(p.referral_day as i64))
        }
        PriorityKey::Children | PriorityKey::Youth => {
            if key.value(p) > 0 { "✓" } else { "–" }.to_owned()
        }
    }
}

/// The person an offer is for: their name, or that their consent ended (the name is
/// erased then, and a link or heading must still say something).
fn person_label(ctx: &Ctx, o: &OfferRecord) -> String {
    if o.person_name.trim().is_empty() {
        ctx.tr.t("referral-consent-ended")
    } else {
        o.person_name.clone()
    }
}

fn constraint_label(ctx: &Ctx, c: Constraint) -> String {
    ctx.tr
        .t(&format!("constraint-{}", c.code().replace('_', "-")))
}

fn counted(ctx: &Ctx, list: &[(Constraint, usize)]) -> String {
    list.iter()
        .map(|(c, n)| format!("{} ({n})", constraint_label(ctx, *c)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn why_waiting(ctx: &Ctx, w: &Unmatched) -> String {
    let mut parts = Vec::new();
    if w.feasible_units == 0 {
        parts.push(
            ctx.tr
                .t1("round-why-no-unit", "ruled", counted(ctx, &w.ruled_out_by)),
        );
        if !w.blocked_only_by.is_empty() {
            parts.push(
                ctx.tr
                    .t1("round-why-alone", "alone", counted(ctx, &w.blocked_only_by)),
            );
        }
    } else {
        parts.push(ctx.tr.tn(
            "round-why-places",
            &[
                ("places", w.feasible_places),
                ("higher", w.places_to_higher_priority as u64),
                ("same", w.places_to_same_priority as u64),
            ],
        ));
    }
    if w.excluded_units > 0 {
        parts.push(ctx.tr.count("round-why-excluded", w.excluded_units as u64));
    }
    parts.join(" ")
}

/// Counts, over the persons waiting above the last person matched, how many each constraint
/// keeps from some unit on its own, and from every unit together with others.
fn binding_constraints(ctx: &Ctx, waiting: &[&Unmatched]) -> Vec<BindingRow> {
    let mut alone = [0usize; Constraint::ALL.len()];
    let mut any = [0usize; Constraint::ALL.len()];
    for w in waiting {
        for (c, _) in &w.blocked_only_by {
            alone[*c as usize] += 1;
        }
        for (c, _) in &w.ruled_out_by {
            any[*c as usize] += 1;
        }
    }
    let mut rows: Vec<BindingRow> = Constraint::ALL
        .into_iter()
        .filter(|c| any[*c as usize] > 0)
        .map(|c| BindingRow {
            constraint: constraint_label(ctx, c),
            alone: alone[c as usize],
            any: any[c as usize],
        })
        .collect();
    rows.sort_by(|a, b| b.alone.cmp(&a.alone).then(b.any.cmp(&a.any)));
    rows
}

/// The waiting persons the locator must be able to explain: those ranked above the last
/// person who got a proposal.
fn waiting_above(round: &LoadedRound) -> Vec<&Unmatched> {
    let last = round
        .result
        .assignments
        .iter()
        .map(|a| a.priority_position)
        .max()
        .unwrap_or(0);
    round
        .result
        .unmatched
        .iter()
        .filter(|w| w.priority_position < last)
        .collect()
}

fn page_of<T>(items: &[T], page: usize) -> &[T] {
    let start = (page.max(1) - 1) * ROUND_PAGE;
    &items[start.min(items.len())..(start + ROUND_PAGE).min(items.len())]
}

async fn round_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<RoundQuery>,
) -> Result<Response, AppError> {
    render_round(
        &state,
        &ctx,
        parse_id(&id)?,
        q.page.max(1),
        FieldErrors::default(),
    )
    .await
}

async fn render_round(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    page: usize,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    permit(user.can_run_matching())?;
    let header = state.store.round(id).await?;
    let round = load_round(&state.store, id).await?;
    let priorities: HashMap<&str, &PriorityInputs> = round
        .input
        .clients
        .iter()
        .map(|c| (c.profile.id.as_str(), &c.priority))
        .collect();
    let keys_of = |client: &str| {
        priorities
            .get(client)
            .map(|p| {
                round
                    .policy
                    .keys()
                    .iter()
                    .map(|k| format!("{} {}", key_label(ctx, k.code()), key_text(*k, p)))
                    .collect::<Vec<_>>()
                    .join(" · ")
            })
            .unwrap_or_default()
    };
    let waiting = waiting_above(&round);
    let shown_proposals: &[Assignment] = page_of(&round.result.assignments, page);
    let shown_waiting = page_of(&waiting, page);
    let stale = {
        let units: Vec<Uuid> = round
            .result
            .assignments
            .iter()
            .filter_map(|a| Uuid::parse_str(&a.unit).ok())
            .collect();
        let persons: Vec<Uuid> = round
            .result
            .assignments
            .iter()
            .filter_map(|a| person_of(&a.client))
            .collect();
        state.store.stale_pairs(&units, &persons).await?
    };
    let stale_units: HashSet<Uuid> = stale.units.iter().copied().collect();
    let stale_persons: HashSet<Uuid> = stale.persons.iter().copied().collect();
    // A proposal offered from this round is not out of date: it is the round's outcome.
    let offered: HashMap<(Uuid, Uuid), Uuid> = state
        .store
        .offers(&OfferFilter {
            round: Some(id),
            ..OfferFilter::default()
        })
        .await?
        .into_iter()
        .map(|o| ((o.person_id, o.unit_id), o.id))
        .collect();
    let offer_of = |a: &Assignment| {
        let pair = (person_of(&a.client)?, Uuid::parse_str(&a.unit).ok()?);
        offered.get(&pair).copied()
    };
    let is_stale = |a: &Assignment| {
        offer_of(a).is_none()
            && (Uuid::parse_str(&a.unit).is_ok_and(|u| stale_units.contains(&u))
                || person_of(&a.client).is_some_and(|p| stale_persons.contains(&p)))
    };
    let stale_count = round
        .result
        .assignments
        .iter()
        .filter(|a| is_stale(a))
        .count();

    let corrections = state.store.overrides(id).await?;
    // Names for the rows shown only: a round can hold thousands of persons.
    let mut person_ids: Vec<Uuid> = shown_proposals
        .iter()
        .map(|a| a.client.as_str())
        .chain(shown_waiting.iter().map(|w| w.client.as_str()))
        .filter_map(person_of)
        .collect();
    person_ids.extend(corrections.iter().map(|c| c.person_id));
    let pin_candidates: Vec<&Unmatched> = waiting.iter().take(ROUND_PAGE).copied().collect();
    person_ids.extend(pin_candidates.iter().filter_map(|w| person_of(&w.client)));
    let mut unit_ids: Vec<Uuid> = shown_proposals
        .iter()
        .filter_map(|a| Uuid::parse_str(&a.unit).ok())
        .collect();
    unit_ids.extend(corrections.iter().map(|c| c.unit_id));
    let round_units: Vec<Uuid> = round
        .input
        .units
        .iter()
        .filter_map(|u| Uuid::parse_str(&u.id).ok())
        .collect();
    unit_ids.extend(round_units.iter().copied());
    let names = state.store.person_names(&person_ids).await?;
    let labels = state.store.unit_labels(&unit_ids).await?;
    let name = |p: Option<Uuid>| {
        p.and_then(|p| names.get(&p).cloned())
            .unwrap_or_else(|| ctx.tr.t("referral-consent-ended"))
    };
    let unit_text = |u: Uuid| {
        labels
            .get(&u)
            .map(|l| {
                format!(
                    "{}, {} — {} · {}",
                    l.label,
                    l.address,
                    ctx.tr.count("unit-bedrooms-count", l.bedrooms as u64),
                    ctx.tr.money(l.rent)
                )
            })
            .unwrap_or_default()
    };
    state
        .store
        .record_audit(
            AuditEvent::new(Some(user.id), AuditAction::Read, "match_round", Some(id))
                .with_detail(format!("page {page}")),
        )
        .await?;

    let proposals = shown_proposals
        .iter()
        .map(|a| {
            let unit_id = Uuid::parse_str(&a.unit).unwrap_or_default();
            ProposalRow {
                rank: a.priority_position,
                person_id: person_of(&a.client).unwrap_or_default(),
                name: name(person_of(&a.client)),
                unit_id,
                unit: unit_text(unit_id),
                fit: a.fit,
                terms: a
                    .terms
                    .iter()
                    .map(|(t, points)| {
                        format!(
                            "{} {points}",
                            ctx.tr.t(&format!("term-{}", t.code().replace('_', "-")))
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" · "),
                keys: keys_of(&a.client),
                higher: ctx
                    .tr
                    .count("round-higher-priority", a.higher_priority_count as u64),
                pinned: a.pinned,
                stale: is_stale(a),
                offered: offer_of(a),
            }
        })
        .collect();
    let waiting_rows = shown_waiting
        .iter()
        .map(|w| WaitingRow {
            rank: w.priority_position,
            person_id: person_of(&w.client).unwrap_or_default(),
            name: name(person_of(&w.client)),
            keys: keys_of(&w.client),
            why: why_waiting(ctx, w),
        })
        .collect();
    let total_pages = round
        .result
        .assignments
        .len()
        .max(waiting.len())
        .div_ceil(ROUND_PAGE);
    let link = |p: usize| format!("/match/rounds/{id}?page={p}");
    let page_view = RoundPage {
        ctx,
        id,
        on: date_text(header.on),
        policy: policy_text(ctx, &header.policy),
        dry_run: header.dry_run,
        persons: header.persons,
        units: header.units,
        feasible_pairs: header.feasible_pairs,
        matched: header.matched,
        objective: header.objective.clone(),
        timings: timings_text(ctx.tr, &header.timings),
        proposals,
        proposals_total: round.result.assignments.len(),
        waiting: waiting_rows,
        waiting_total: waiting.len(),
        no_fit: waiting.iter().filter(|w| w.feasible_units == 0).count(),
        outranked: waiting.iter().filter(|w| w.feasible_units > 0).count(),
        binding: binding_constraints(ctx, &waiting),
        corrections: corrections
            .iter()
            .map(|c| CorrectionLine {
                kind: ctx.tr.t(&format!("round-correction-{}", c.kind.code())),
                person: name(Some(c.person_id)),
                unit: unit_text(c.unit_id),
                reason: c
                    .reason
                    .as_deref()
                    .map(|r| ctx.tr.t(&format!("exclude-reason-{}", r.replace('_', "-"))))
                    .unwrap_or_default(),
                by: c.by.clone().unwrap_or_default(),
            })
            .collect(),
        stale_count,
        respond_by: date_text(default_respond_by(today())),
        exclude_reasons: code_choices(&EXCLUDE_REASONS, "exclude-reason-", &[], ctx),
        pin_persons: pin_candidates
            .iter()
            .filter_map(|w| {
                let p = person_of(&w.client)?;
                Some(Choice {
                    value: p.to_string(),
                    label: format!("{} · {}", w.priority_position, name(Some(p))),
                    selected: false,
                    depth: 0,
                })
            })
            .collect(),
        pin_units: round_units
            .iter()
            .map(|u| Choice {
                value: u.to_string(),
                label: unit_text(*u),
                selected: false,
                depth: 0,
            })
            .collect(),
        previous_page: (page > 1).then(|| link(page - 1)),
        next_page: (page < total_pages).then(|| link(page + 1)),
        errors: FormErrors::new(errors.clone(), ctx.tr),
    };
    Ok((form_status(&errors), render(&page_view)).into_response())
}

fn timings_text(tr: crate::i18n::Tr, json: &str) -> String {
    let seconds = |s: f64| format!("{}\u{a0}s", tr.decimal(s, 3));
    serde_json::from_str::<super::round::Timings>(json)
        .map(|t| {
            format!(
                "{} · {} · {}",
                seconds(t.loading),
                seconds(t.matching),
                seconds(t.saving)
            )
        })
        .unwrap_or_default()
}

/// A correction as a form or the API gives it.
pub(crate) fn parse_correction(
    person: &str,
    unit: &str,
    kind: &str,
    reason: &str,
) -> Result<Correction, FieldErrors> {
    let mut e = FieldErrors::default();
    let person_id = Uuid::parse_str(person.trim()).ok();
    if person_id.is_none() {
        e.push("person_id", "error-choose");
    }
    let unit_id = Uuid::parse_str(unit.trim()).ok();
    if unit_id.is_none() {
        e.push("unit_id", "error-choose");
    }
    let kind = CorrectionKind::parse(kind);
    let reason = reason.trim();
    match kind {
        None => e.push("kind", "error-choose"),
        Some(CorrectionKind::Exclude) if reason.is_empty() => {
            e.push("reason", "error-reason-required")
        }
        Some(CorrectionKind::Exclude) if !EXCLUDE_REASONS.contains(&reason) => {
            e.push("reason", "error-choose")
        }
        _ => {}
    }
    match (person_id, unit_id, kind) {
        (Some(person_id), Some(unit_id), Some(kind)) if e.is_empty() => Ok(Correction {
            person_id,
            unit_id,
            kind,
            reason: (kind == CorrectionKind::Exclude).then(|| reason.to_owned()),
        }),
        _ => Err(e),
    }
}

async fn correct_pair(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_run_matching())?;
    let id = parse_id(&id)?;
    // The exclusion form names a proposal (`person:unit`); the pin form, a person and a unit.
    let (person, unit) = match form.get("pair").split_once(':') {
        Some((p, u)) => (p.to_owned(), u.to_owned()),
        None => (form.get("person_id"), form.get("unit_id")),
    };
    match parse_correction(&person, &unit, &form.get("kind"), &form.get("reason")) {
        Ok(c) => {
            correct(&state.store, Some(user.id), id, &c).await?;
            Ok(Redirect::to(&format!("/match/rounds/{id}")).into_response())
        }
        Err(errors) => render_round(&state, &ctx, id, 1, errors).await,
    }
}

/// Offers from a round's proposals, all or none. Each must be one of the round's current
/// proposals and still open (its unit available, its person active): a proposal made
/// stale by a change elsewhere is refused, never offered.
pub(crate) async fn offers_from_round(
    state: &AppState,
    user: &User,
    round_id: Uuid,
    pairs: &[(Uuid, Uuid)],
    respond_by: Date,
) -> Result<Vec<Uuid>, AppError> {
    let day = apply_offer_dates(state).await?;
    let header = state.store.round(round_id).await?;
    if header.dry_run {
        return Err(AppError::Conflict("error-round-dry-run"));
    }
    if pairs.is_empty() {
        return Err(AppError::Invalid(FieldErrors(vec![
            passerelle_domain::FieldError::new("pair", "error-choose-proposal"),
        ])));
    }
    if respond_by < day {
        return Err(AppError::Invalid(FieldErrors(vec![
            passerelle_domain::FieldError::new("respond_by", "error-date-in-past"),
        ])));
    }
    let round = load_round(&state.store, round_id).await?;
    let proposals: HashMap<(Uuid, Uuid), &Assignment> = round
        .result
        .assignments
        .iter()
        .filter_map(|a| Some(((person_of(&a.client)?, Uuid::parse_str(&a.unit).ok()?), a)))
        .collect();
    let mut offers = Vec::with_capacity(pairs.len());
    for pair in pairs {
        let a = proposals
            .get(pair)
            .ok_or(AppError::Conflict("error-not-a-proposal"))?;
        offers.push(NewOffer {
            person_id: pair.0,
            unit_id: pair.1,
            round_id: Some(round_id),
            priority_position: Some(a.priority_position),
            fit: Some(a.fit),
            offered_on: day,
            respond_by,
        });
    }
    let stale = state
        .store
        .stale_pairs(
            &pairs.iter().map(|p| p.1).collect::<Vec<_>>(),
            &pairs.iter().map(|p| p.0).collect::<Vec<_>>(),
        )
        .await?;
    if !stale.units.is_empty() || !stale.persons.is_empty() {
        return Err(AppError::Conflict("error-round-stale"));
    }
    Ok(state.store.create_offers(Some(user.id), &offers).await?)
}

/// `person:unit` as the round page's checkboxes send it.
fn parse_pair(raw: &str) -> Option<(Uuid, Uuid)> {
    let (p, u) = raw.split_once(':')?;
    Some((Uuid::parse_str(p).ok()?, Uuid::parse_str(u).ok()?))
}

async fn make_offers(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    permit(user.can_run_matching())?;
    let id = parse_id(&id)?;
    let respond_by = match form.get("respond_by").trim() {
        "" => default_respond_by(today()),
        raw => match date("respond_by", raw) {
            Ok(d) => d,
            Err(e) => return render_round(&state, &ctx, id, 1, FieldErrors(vec![e])).await,
        },
    };
    let pairs: Vec<(Uuid, Uuid)> = form
        .all("pair")
        .iter()
        .filter_map(|p| parse_pair(p))
        .collect();
    match offers_from_round(&state, user, id, &pairs, respond_by).await {
        Ok(_) => Ok(Redirect::to(&format!("/offers?round={id}")).into_response()),
        Err(AppError::Invalid(errors)) => render_round(&state, &ctx, id, 1, errors).await,
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------- offers

/// Whether the user may see the offer's unit and landlord: the hub always; the referring
/// worker once the client has accepted (before, the landlord's details stay with the hub).
pub(crate) fn sees_unit(user: &User, o: &OfferRecord) -> bool {
    user.can_run_matching()
        || (o.client_answered_on.is_some() && o.state != OfferState::ClientDeclined)
}

/// Reads an offer the user may see: another agency's answers 404.
pub(crate) async fn readable_offer(
    state: &AppState,
    user: &User,
    id: Uuid,
) -> Result<(OfferRecord, Vec<passerelle_store::OfferEvent>), AppError> {
    let scope = user.offer_scope().ok_or(AppError::Forbidden)?;
    let (offer, events) = state.store.offer(id).await?;
    if let Some(agency) = scope
        && offer.agency_id != Some(agency)
    {
        return Err(AppError::NotFound);
    }
    state
        .store
        .record_audit(AuditEvent::new(
            Some(user.id),
            AuditAction::Read,
            "offer",
            Some(id),
        ))
        .await?;
    Ok((offer, events))
}

struct OfferLine {
    id: Uuid,
    person: String,
    unit: String,
    agency: String,
    state: String,
    respond_by: String,
    offered_on: String,
    live: bool,
}

#[derive(Template)]
#[template(path = "matching/offers.html")]
struct OffersPage<'a> {
    ctx: &'a Ctx,
    /// One page of the offers, in the listing's order.
    offers: Vec<OfferLine>,
    live_only: bool,
    round: Option<Uuid>,
    listing: Listing,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct OffersQuery {
    round: String,
    /// `all` shows ended offers too.
    show: String,
    #[serde(flatten)]
    listing: ListingParams,
}

/// The columns the offers list sorts by; the first (the latest offer first) is the default.
pub(super) const OFFER_SORTS: [&str; 5] = ["offered", "person", "agency", "state", "respond_by"];

fn state_label(ctx: &Ctx, s: OfferState) -> String {
    ctx.tr
        .t(&format!("offer-state-{}", s.code().replace('_', "-")))
}

fn unit_summary(ctx: &Ctx, user: &User, o: &OfferRecord) -> String {
    let size = ctx.tr.count("unit-bedrooms-count", o.bedrooms as u64);
    if sees_unit(user, o) {
        format!(
            "{}, {} — {size} · {}",
            o.unit_label,
            o.address,
            ctx.tr.money(o.rent)
        )
    } else {
        format!("{size} · {}", ctx.tr.money(o.rent))
    }
}

/// The referring agency's name, or "walk-in" for a referral made at the hub's door.
fn agency_label(ctx: &Ctx, o: &OfferRecord) -> String {
    o.agency_name
        .clone()
        .unwrap_or_else(|| ctx.tr.t("referral-walk-in"))
}

/// One page of `offers` in `listing`'s order (ties by offer day, person and id): the offers
/// page's and the API's.
pub(super) fn in_listing_order<'o>(
    ctx: &Ctx,
    offers: &'o [OfferRecord],
    listing: &mut Listing,
) -> Vec<&'o OfferRecord> {
    let sort = listing.sort;
    let fold = passerelle_domain::text::fold;
    listing.page_of(
        offers,
        |o| match sort {
            "person" => (fold(&person_label(ctx, o)), None),
            "agency" => (fold(&agency_label(ctx, o)), None),
            "state" => (fold(&state_label(ctx, o.state)), None),
            "respond_by" => (
                String::new(),
                o.state.awaits_answer().then_some(o.respond_by),
            ),
            _ => (String::new(), Some(o.offered_on)),
        },
        |o| (o.offered_on, fold(&person_label(ctx, o)), o.id),
    )
}

async fn offers_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<OffersQuery>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let scope = user.offer_scope().ok_or(AppError::Forbidden)?;
    apply_offer_dates(&state).await?;
    let round = Uuid::parse_str(q.round.trim()).ok();
    let live_only = q.show != "all" && round.is_none();
    let offers = state
        .store
        .offers(&OfferFilter {
            agency: scope,
            round,
            live_only,
        })
        .await?;
    crate::audit::record_list_read(&state, user, "offer", offers.len()).await?;
    let mut listing = q
        .listing
        .listing_descending("/offers", &OFFER_SORTS, false)?
        .filter("round", &round.map(|r| r.to_string()).unwrap_or_default())
        .filter("show", if live_only { "" } else { "all" });
    // The page's offers first, then lines for those only: `show=all` holds every offer.
    let page_offers = in_listing_order(&ctx, &offers, &mut listing);
    let lines = page_offers.into_iter().map(|o| OfferLine {
        id: o.id,
        person: person_label(&ctx, o),
        unit: unit_summary(&ctx, user, o),
        agency: agency_label(&ctx, o),
        state: state_label(&ctx, o.state),
        respond_by: if o.state.awaits_answer() {
            date_text(o.respond_by)
        } else {
            String::new()
        },
        offered_on: date_text(o.offered_on),
        live: o.state.is_live(),
    });
    let page = OffersPage {
        ctx: &ctx,
        offers: lines.collect(),
        live_only,
        round,
        listing,
    };
    Ok(render(&page))
}

struct EventLine {
    on: String,
    change: String,
    reason: String,
    note: String,
    by: String,
}

#[derive(Template)]
#[template(path = "matching/offer.html")]
struct OfferPage<'a> {
    ctx: &'a Ctx,
    id: Uuid,
    person_id: Uuid,
    person: String,
    unit_id: Uuid,
    unit: String,
    landlord: String,
    agency: String,
    state: String,
    offered_on: String,
    respond_by: String,
    lease: String,
    events: Vec<EventLine>,
    /// Which forms the user may use in the offer's state.
    client_form: bool,
    landlord_form: bool,
    lease_form: bool,
    move_in_form: bool,
    withdraw_form: bool,
    is_hub: bool,
    sees_unit: bool,
    client_reasons: Vec<Choice>,
    landlord_reasons: Vec<Choice>,
    withdraw_reasons: Vec<Choice>,
    today: String,
    rent: String,
    errors: FormErrors,
    /// The step whose form the errors belong to.
    failed_step: String,
}

async fn render_offer(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    errors: FieldErrors,
    failed_step: &str,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    apply_offer_dates(state).await?;
    let (o, events) = readable_offer(state, user, id).await?;
    let hub = user.can_run_matching();
    let sees = sees_unit(user, &o);
    let reason_text = |r: &str| {
        [
            "client-decline-reason-",
            "landlord-decline-reason-",
            "withdraw-reason-",
        ]
        .iter()
        .map(|p| format!("{p}{}", r.replace('_', "-")))
        .find(|k| ctx.tr.has(k))
        .map(|k| ctx.tr.t(&k))
        .unwrap_or_else(|| r.to_owned())
    };
    let page = OfferPage {
        ctx,
        id,
        person_id: o.person_id,
        person: person_label(ctx, &o),
        unit_id: o.unit_id,
        unit: unit_summary(ctx, user, &o),
        landlord: if sees {
            o.landlord_name.clone()
        } else {
            String::new()
        },
        agency: agency_label(ctx, &o),
        state: state_label(ctx, o.state),
        offered_on: date_text(o.offered_on),
        respond_by: if o.state.awaits_answer() {
            date_text(o.respond_by)
        } else {
            String::new()
        },
        lease: match (o.lease_signed_on, o.rent_cents) {
            (Some(on), Some(rent)) => format!(
                "{} · {} · {}",
                date_text(on),
                ctx.tr.money(passerelle_domain::housing::Cents(rent)),
                ctx.tr.money(passerelle_domain::housing::Cents(
                    o.subsidy_cents.unwrap_or(0)
                ))
            ),
            _ => String::new(),
        },
        events: events
            .iter()
            .map(|e| EventLine {
                on: date_text(e.on),
                change: match (&e.from, OfferState::parse(&e.to)) {
                    (Some(from), Some(to)) => format!(
                        "{} → {}",
                        OfferState::parse(from)
                            .map(|f| state_label(ctx, f))
                            .unwrap_or_default(),
                        state_label(ctx, to)
                    ),
                    (None, Some(to)) => state_label(ctx, to),
                    _ => e.to.clone(),
                },
                reason: e.reason.as_deref().map(reason_text).unwrap_or_default(),
                note: e.note.clone().unwrap_or_default(),
                by: e.by.clone().unwrap_or_default(),
            })
            .collect(),
        client_form: o.state == OfferState::Offered && user.can_answer_for_client(o.agency_id),
        landlord_form: o.state == OfferState::ClientAccepted && hub,
        lease_form: o.state == OfferState::LandlordAccepted && hub,
        move_in_form: o.state == OfferState::Leased && hub,
        withdraw_form: o.state.is_live() && o.state != OfferState::Leased && hub,
        is_hub: hub,
        sees_unit: sees,
        client_reasons: code_choices(&CLIENT_DECLINE_REASONS, "client-decline-reason-", &[], ctx),
        landlord_reasons: code_choices(
            &LANDLORD_DECLINE_REASONS,
            "landlord-decline-reason-",
            &[],
            ctx,
        ),
        withdraw_reasons: code_choices(&WITHDRAW_REASONS, "withdraw-reason-", &[], ctx),
        today: date_text(today()),
        rent: ctx.tr.money_field(o.rent),
        errors: FormErrors::new(errors.clone(), ctx.tr),
        failed_step: failed_step.to_owned(),
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

async fn offer_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    render_offer(&state, &ctx, parse_id(&id)?, FieldErrors::default(), "").await
}

/// Takes an offer one step, as the page or the API asks: who may take which step, the
/// step's checks against the offer's dates, then the store's transaction.
pub(crate) async fn take_step(
    state: &AppState,
    user: &User,
    id: Uuid,
    input: &OfferStepInput,
) -> Result<OfferState, AppError> {
    let day = apply_offer_dates(state).await?;
    let (offer, _) = readable_offer(state, user, id).await?;
    let allowed = match input.step.trim() {
        "client" => user.can_answer_for_client(offer.agency_id),
        _ => user.can_run_matching(),
    };
    permit(allowed)?;
    let step = input
        .parse(
            day,
            OfferDates {
                offered_on: offer.offered_on,
                lease_signed_on: offer.lease_signed_on,
                lease_starts_on: offer.lease_starts_on,
            },
        )
        .map_err(AppError::Invalid)?;
    Ok(state
        .store
        .decide_offer(Some(user.id), id, &step, default_respond_by(day))
        .await?)
}

async fn offer_step(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    let id = parse_id(&id)?;
    let input = OfferStepInput {
        step: form.get("step"),
        answer: form.get("answer"),
        reason: form.get("reason"),
        note: form.get("note"),
        on: form.get("on"),
        signed_on: form.get("signed_on"),
        starts_on: form.get("starts_on"),
        rent: form.get("rent"),
        subsidy: form.get("subsidy"),
    };
    match take_step(&state, user, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/offers/{id}")).into_response()),
        Err(AppError::Invalid(errors)) => render_offer(&state, &ctx, id, errors, &input.step).await,
        Err(e) => Err(e),
    }
}

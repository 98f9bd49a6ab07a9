//! The equity of matching (D4) as a page for the hub and analysts and as the API's
//! `/api/v1/reports/equity`: for one round or a period, each group's offers, acceptances
//! and move-ins against its share of the persons waiting, counts below k withheld. The
//! measuring is the domain's (`passerelle_domain::equity`); this reads the store, groups
//! each person and labels the groups in the user's language.

use super::round::{load_round, person_of};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::i18n::Tr;
use crate::pages::parse_id;
use crate::routes::Routes;
use crate::views::{Choice, FormErrors, form_status, render, today};
use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use passerelle_domain::FieldErrors;
use passerelle_domain::equity::{
    AGE_GROUPS, Dimension, EquityReport, GENDERS, HOUSEHOLD_TYPES, PersonOutcomes, Ratio, Row,
    age_group, gender, household_type, measure,
};
use passerelle_domain::housing::{date, date_text};
use passerelle_domain::referrals::{BirthDateValue, SELF_IDENTIFIED_GROUPS};
use passerelle_domain::suppression::{MAX_K, MIN_K, Published};
use passerelle_domain::text::fold;
use passerelle_store::EquityPerson;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use time::{Date, Duration};
use uuid::Uuid;

/// The smallest count of persons shown unless the reader asks for more.
pub const DEFAULT_K: usize = 5;
/// The default period: the last year.
const DEFAULT_DAYS: i64 = 365;

pub fn router() -> Routes {
    Routes::new().route("/reports/equity", get(page))
}

pub fn api_router() -> Routes {
    Routes::new().route("/api/v1/reports/equity", get(api))
}

/// What is measured: one round (its persons and the offers made from it), or a period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    Round { id: Uuid, on: Date },
    Period { from: Date, to: Date },
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EquityQuery {
    round: String,
    from: String,
    to: String,
    k: String,
}

impl EquityQuery {
    /// The scope and k asked for, or the defaults with each bad field's error.
    async fn read(&self, state: &AppState) -> Result<(Scope, usize, FieldErrors), AppError> {
        let mut errors = FieldErrors::default();
        let k = read_k(&self.k, &mut errors);
        if !self.round.trim().is_empty() {
            match parse_id(&self.round) {
                Ok(id) => match state.store.round(id).await {
                    Ok(r) => return Ok((Scope::Round { id: r.id, on: r.on }, k, errors)),
                    Err(passerelle_store::StoreError::NotFound) => {
                        errors.push("round", "error-unknown-reference")
                    }
                    Err(e) => return Err(e.into()),
                },
                Err(_) => errors.push("round", "error-choose"),
            }
        }
        let day = today();
        let mut day_of = |field: &str, raw: &str, default: Date| match raw.trim() {
            "" => default,
            raw => match date(field, raw) {
                Ok(d) => d,
                Err(e) => {
                    errors.0.push(e);
                    default
                }
            },
        };
        let to = day_of("to", &self.to, day);
        let mut from = day_of("from", &self.from, to - Duration::days(DEFAULT_DAYS));
        if from > to {
            errors.push("from", "error-period-order");
            from = to - Duration::days(DEFAULT_DAYS);
        }
        Ok((Scope::Period { from, to }, k, errors))
    }
}

/// The smallest count of persons shown, as asked for: blank for the default, else 3 to 50.
pub(super) fn read_k(raw: &str, errors: &mut FieldErrors) -> usize {
    match raw.trim() {
        "" => DEFAULT_K,
        raw => match raw.parse::<usize>() {
            Ok(k) if (MIN_K..=MAX_K).contains(&k) => k,
            _ => {
                errors.push("k", "error-k-persons");
                DEFAULT_K
            }
        },
    }
}

/// A person's groups, by what their latest referral says on `on`.
pub(super) fn groups_of(p: &EquityPerson, on: Date) -> Vec<(Dimension, String)> {
    let age = p
        .birth_date
        .as_deref()
        .and_then(|b| BirthDateValue::from_stored(b).age_on(on));
    let mut groups = vec![
        (Dimension::Agency, agency_code(p.agency_id)),
        (
            Dimension::HouseholdType,
            household_type(p.adults, p.children, p.pregnant).into(),
        ),
        (Dimension::AgeGroup, age_group(age).into()),
        (Dimension::Gender, gender(p.sex_gender.as_deref()).into()),
    ];
    groups.extend(
        p.self_identified
            .iter()
            .map(|g| (Dimension::SelfIdentified, g.clone())),
    );
    groups
}

/// Walk-ins recorded at the hub have no referring agency.
fn agency_code(agency: Option<Uuid>) -> String {
    agency.map_or_else(|| "hub".to_owned(), |a| a.to_string())
}

/// What happened to each person within `scope`.
async fn outcomes(state: &AppState, scope: Scope) -> Result<Vec<PersonOutcomes>, AppError> {
    let persons = state.store.equity_persons().await?;
    // A round's persons are those it matched; a period's, those waiting at some time in it.
    let (in_round, on) = match scope {
        Scope::Round { id, on } => {
            let round = load_round(&state.store, id).await?;
            let persons: HashSet<Uuid> = round
                .input
                .clients
                .iter()
                .filter_map(|c| person_of(&c.profile.id))
                .collect();
            (persons, on)
        }
        Scope::Period { to, .. } => (HashSet::new(), to),
    };
    let listed = |p: &EquityPerson| match scope {
        Scope::Round { .. } => in_round.contains(&p.person_id),
        Scope::Period { from, to } => p.waiting_between(from, to),
    };
    // Which of a person's offers count, and when each outcome counts as within the scope.
    let counts = |round: Option<Uuid>, day: Date| match scope {
        Scope::Round { id, .. } => round == Some(id),
        Scope::Period { from, to } => (from..=to).contains(&day),
    };
    let first = |p: &EquityPerson, day: fn(&passerelle_store::EquityOffer) -> Option<Date>| {
        p.offers
            .iter()
            .filter_map(|o| day(o).filter(|&d| counts(o.round_id, d)))
            .min()
    };
    Ok(persons
        .iter()
        .map(|p| PersonOutcomes {
            groups: groups_of(p, on),
            entered_on: p.entered_on,
            listed: listed(p),
            offered_on: first(p, |o| Some(o.offered_on)),
            accepted_on: first(p, |o| o.accepted_on),
            moved_in_on: first(p, |o| o.moved_in_on),
        })
        .collect())
}

/// Every dimension's groups in the order shown: agencies by name (the hub's walk-ins last),
/// the rest in their vocabularies' order.
pub(super) async fn group_order(
    state: &AppState,
) -> Result<(Vec<(Dimension, Vec<String>)>, HashMap<String, String>), AppError> {
    let mut agencies = state.store.organization_names().await?;
    agencies.sort_by_key(|(_, name)| fold(name));
    let names: HashMap<String, String> = agencies
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let codes = |v: &[&str]| v.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    let order = vec![
        (
            Dimension::Agency,
            agencies
                .iter()
                .map(|(id, _)| id.to_string())
                .chain(["hub".to_owned()])
                .collect(),
        ),
        (Dimension::HouseholdType, codes(&HOUSEHOLD_TYPES)),
        (Dimension::AgeGroup, codes(&AGE_GROUPS)),
        (Dimension::Gender, codes(&GENDERS)),
        (Dimension::SelfIdentified, codes(&SELF_IDENTIFIED_GROUPS)),
    ];
    Ok((order, names))
}

/// The report for `scope`; an agency with nobody on the list in it is left out (a city's
/// directory holds many agencies that never refer).
pub async fn report(
    state: &AppState,
    scope: Scope,
    k: usize,
) -> Result<(EquityReport, HashMap<String, String>), AppError> {
    let persons = outcomes(state, scope).await?;
    let (mut order, names) = group_order(state).await?;
    let referring: HashSet<&str> = persons
        .iter()
        .filter(|p| p.listed)
        .flat_map(|p| &p.groups)
        .filter(|(d, _)| *d == Dimension::Agency)
        .map(|(_, g)| g.as_str())
        .collect();
    order[0].1.retain(|a| referring.contains(a.as_str()));
    Ok((measure(&persons, &order, k), names))
}

pub(super) fn group_label(row: &Row, names: &HashMap<String, String>, tr: &Tr) -> String {
    match row.dimension {
        None => tr.t("equity-everyone"),
        Some(Dimension::Agency) if row.group == "hub" => tr.t("equity-group-hub"),
        Some(Dimension::Agency) => names.get(&row.group).cloned().unwrap_or_default(),
        Some(Dimension::SelfIdentified) => tr.t(&format!("referral-group-{}", row.group)),
        Some(d) => tr.t(&format!(
            "equity-{}-{}",
            d.code().replace('_', "-"),
            row.group
        )),
    }
}

// ---------------------------------------------------------------- the page

pub(super) fn percent(share: Option<f64>, tr: &Tr) -> String {
    share.map_or_else(String::new, |s| tr.percent(s))
}

fn ratio_text(r: Option<Ratio>, tr: &Tr) -> (String, bool) {
    match r {
        None => (String::new(), false),
        Some(r) => (
            format!(
                "{} ({}–{})",
                tr.decimal(r.value, 2),
                tr.decimal(r.low, 2),
                tr.decimal(r.high, 2)
            ),
            r.beyond_chance(),
        ),
    }
}

struct OutcomeView {
    count: String,
    share: String,
    ratio: String,
    beyond_chance: bool,
}

struct RowView {
    label: String,
    listed: String,
    list_share: String,
    outcomes: Vec<OutcomeView>,
    days_to_offer: String,
    days_to_move_in: String,
}

struct TableView {
    id: String,
    caption: String,
    rows: Vec<RowView>,
}

#[derive(Template)]
#[template(path = "matching/equity.html")]
struct EquityPage<'a> {
    ctx: &'a Ctx,
    errors: FormErrors,
    rounds: Vec<Choice>,
    from: String,
    to: String,
    k: usize,
    scope_text: String,
    total: RowView,
    tables: Vec<TableView>,
}

fn row_view(row: &Row, names: &HashMap<String, String>, tr: &Tr) -> RowView {
    // A median is withheld ("x") when fewer than k persons are behind it, and blank when
    // nobody is.
    let days = |d: Option<f64>, behind: Published| match (d, behind) {
        (Some(d), _) => tr.decimal(d, 0),
        (None, Published::Shown(0)) => String::new(),
        (None, _) => "x".to_owned(),
    };
    RowView {
        label: group_label(row, names, tr),
        listed: tr.published(row.listed),
        list_share: percent(row.list_share, tr),
        outcomes: row
            .outcomes
            .iter()
            .map(|o| {
                let (ratio, beyond_chance) = ratio_text(o.ratio, tr);
                OutcomeView {
                    count: tr.published(o.count),
                    share: percent(o.share, tr),
                    ratio,
                    beyond_chance,
                }
            })
            .collect(),
        days_to_offer: days(row.median_days_to_offer, row.outcomes[0].count),
        days_to_move_in: days(row.median_days_to_move_in, row.outcomes[2].count),
    }
}

async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<EquityQuery>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_read_equity())?;
    let (scope, k, errors) = q.read(&state).await?;
    let (report, names) = report(&state, scope, k).await?;
    let tr = &ctx.tr;
    let rounds = state
        .store
        .rounds(100)
        .await?
        .into_iter()
        .filter(|r| !r.dry_run)
        .map(|r| Choice {
            selected: matches!(scope, Scope::Round { id, .. } if id == r.id),
            value: r.id.to_string(),
            label: tr.ts(
                "equity-round-choice",
                &[("on", date_text(r.on).into()), ("offers", r.offers.into())],
            ),
            depth: 0,
        })
        .collect();
    let (from, to) = match scope {
        Scope::Period { from, to } => (date_text(from), date_text(to)),
        Scope::Round { .. } => (q.from.clone(), q.to.clone()),
    };
    let scope_text = match scope {
        Scope::Round { on, .. } => tr.t1("equity-scope-round", "on", tr.date(on)),
        Scope::Period { from, to } => tr.ts(
            "equity-scope-period",
            &[("from", tr.date(from).into()), ("to", tr.date(to).into())],
        ),
    };
    let mut tables: Vec<TableView> = Vec::new();
    for dimension in Dimension::ALL {
        tables.push(TableView {
            id: format!("equity-{}", dimension.code().replace('_', "-")),
            caption: tr.t(&format!("equity-by-{}", dimension.code().replace('_', "-"))),
            rows: report
                .rows
                .iter()
                .filter(|r| r.dimension == Some(dimension))
                .map(|r| row_view(r, &names, tr))
                .collect(),
        });
    }
    let page = EquityPage {
        ctx: &ctx,
        errors: FormErrors::new(errors.clone(), ctx.tr),
        rounds,
        from,
        to,
        k,
        scope_text,
        total: row_view(&report.total, &names, tr),
        tables,
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

// ---------------------------------------------------------------- the API

#[derive(Serialize)]
struct ApiRow {
    #[serde(flatten)]
    row: Row,
    label: String,
}

#[derive(Serialize)]
struct ApiReport {
    scope: Scope,
    k: usize,
    total: ApiRow,
    rows: Vec<ApiRow>,
}

async fn api(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<EquityQuery>,
) -> Result<Json<ApiReport>, AppError> {
    permit(ctx.user()?.can_read_equity())?;
    let (scope, k, errors) = q.read(&state).await?;
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (report, names) = report(&state, scope, k).await?;
    let labelled = |row: Row| ApiRow {
        label: group_label(&row, &names, &ctx.tr),
        row,
    };
    Ok(Json(ApiReport {
        scope,
        k,
        total: labelled(report.total),
        rows: report.rows.into_iter().map(labelled).collect(),
    }))
}

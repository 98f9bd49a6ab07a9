//! Policy comparison (D4): one round's snapshot matched under two policies, each all at once
//! (as a round does) and one vacancy at a time (as most coordinated-entry systems do), with
//! nothing offered. For each: persons matched, their ranks, total fit, and the groups'
//! shares with small counts withheld; for the hub's locators and administrators, who changes
//! between the ways. The page is `/reports/policy-comparison`, the API
//! `/api/v1/reports/policy-comparison`.

use super::equity::{group_label, group_order, groups_of, percent, read_k};
use super::pages::policy_text;
use super::round::{LoadedRound, SnapshotMatch, Way, load_round, match_snapshot, person_of};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::i18n::Tr;
use crate::pages::parse_id;
use crate::routes::Routes;
use crate::views::{Choice, FormErrors, form_status, render};
use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use passerelle_domain::FieldErrors;
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::equity::{Dimension, PersonOutcomes, Row, measure};
use passerelle_domain::housing::date_text;
use passerelle_domain::roles::User;
use passerelle_matching::policy::Policy;
use passerelle_store::RoundRecord;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The policy set against the round's own when none is asked for: first come, first served,
/// the order many lists kept before prioritization.
const DEFAULT_OTHER_POLICY: &str = "referral_date";
/// How many persons each "who changes" list names.
const CHANGES_LISTED: usize = 100;

pub fn router() -> Routes {
    Routes::new().route("/reports/policy-comparison", get(page))
}

pub fn api_router() -> Routes {
    Routes::new().route("/api/v1/reports/policy-comparison", get(api))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CompareQuery {
    round: String,
    /// Priority keys, most important first; the round's policy when blank.
    a: String,
    /// The other policy; first come, first served when blank.
    b: String,
    k: String,
}

/// One column: a policy and a way, with what it gives.
#[derive(Serialize)]
struct Column {
    policy: String,
    way: Way,
    matched: usize,
    total_fit: u64,
    median_rank: Option<f64>,
    last_rank: Option<u32>,
    /// Of the n highest-ranked persons (n = matched), how many were matched.
    top_ranked_matched: usize,
    /// The groups' counts among the persons matched ("offered" is "matched" here), against
    /// their share of the round's persons.
    groups: Vec<Row>,
    #[serde(skip)]
    matched_ids: HashSet<String>,
}

/// Persons matched one way and not another.
#[derive(Serialize)]
struct Change {
    /// Column indices.
    from: usize,
    to: usize,
    /// Matched in `to` and not in `from`, and the reverse, highest-ranked first.
    gained: Vec<ChangedPerson>,
    lost: Vec<ChangedPerson>,
    gained_count: usize,
    lost_count: usize,
}

#[derive(Serialize)]
struct ChangedPerson {
    person_id: Uuid,
    name: String,
    /// The rank under policy A.
    rank: u32,
}

#[derive(Serialize)]
struct ComparisonView {
    round: Uuid,
    on: String,
    persons: usize,
    units: usize,
    k: usize,
    columns: Vec<Column>,
    /// For locators and administrators only; absent for other roles.
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<Vec<Change>>,
}

fn parse_policy(raw: &str, default: &str, field: &str, errors: &mut FieldErrors) -> Policy {
    let raw = if raw.trim().is_empty() { default } else { raw };
    Policy::parse(raw).unwrap_or_else(|_| {
        errors.push(field, "error-policy-key");
        Policy::parse(default).expect("the default policies parse")
    })
}

/// The rounds to choose from (not dry runs, newest first), the chosen one, and the
/// policies asked for.
async fn read(
    state: &AppState,
    q: &CompareQuery,
) -> Result<
    (
        Vec<RoundRecord>,
        Option<RoundRecord>,
        Policy,
        Policy,
        usize,
        FieldErrors,
    ),
    AppError,
> {
    let mut errors = FieldErrors::default();
    let k = read_k(&q.k, &mut errors);
    let rounds: Vec<RoundRecord> = state
        .store
        .rounds(100)
        .await?
        .into_iter()
        .filter(|r| !r.dry_run)
        .collect();
    let chosen = match q.round.trim() {
        "" => rounds.first().cloned(),
        raw => {
            let found = match parse_id(raw) {
                Ok(id) => {
                    let found = rounds.iter().find(|r| r.id == id).cloned();
                    if found.is_none() {
                        errors.push("round", "error-unknown-reference");
                    }
                    found
                }
                Err(_) => {
                    errors.push("round", "error-choose");
                    None
                }
            };
            found.or_else(|| rounds.first().cloned())
        }
    };
    let own = chosen.as_ref().map_or("", |r| r.policy.as_str()).to_owned();
    let a = parse_policy(&q.a, &own, "a", &mut errors);
    let other = if a.codes() == DEFAULT_OTHER_POLICY {
        "acuity,days_homeless,referral_date"
    } else {
        DEFAULT_OTHER_POLICY
    };
    let b = parse_policy(&q.b, other, "b", &mut errors);
    Ok((rounds, chosen, a, b, k, errors))
}

/// The round's persons with the groups they are in, by engine id.
async fn round_persons(
    state: &AppState,
    round: &LoadedRound,
    record: &RoundRecord,
) -> Result<Vec<(String, PersonOutcomes)>, AppError> {
    let by_person: HashMap<Uuid, String> = round
        .input
        .clients
        .iter()
        .filter_map(|c| person_of(&c.profile.id).map(|p| (p, c.profile.id.clone())))
        .collect();
    Ok(state
        .store
        .equity_persons()
        .await?
        .iter()
        .filter_map(|p| {
            by_person.get(&p.person_id).map(|engine_id| {
                (
                    engine_id.clone(),
                    PersonOutcomes {
                        groups: groups_of(p, record.on),
                        entered_on: p.entered_on,
                        listed: true,
                        offered_on: None,
                        accepted_on: None,
                        moved_in_on: None,
                    },
                )
            })
        })
        .collect())
}

fn column(
    policy: &Policy,
    matched: SnapshotMatch,
    persons: &[(String, PersonOutcomes)],
    order: &[(Dimension, Vec<String>)],
    day: time::Date,
    k: usize,
) -> Column {
    let matched_ids: HashSet<String> = matched.pairs.iter().map(|p| p.client.clone()).collect();
    let outcomes: Vec<PersonOutcomes> = persons
        .iter()
        .map(|(id, p)| PersonOutcomes {
            offered_on: matched_ids.contains(id).then_some(day),
            ..p.clone()
        })
        .collect();
    Column {
        policy: policy.codes(),
        way: matched.way,
        matched: matched.matched(),
        total_fit: matched.total_fit(),
        median_rank: matched.median_rank(),
        last_rank: matched.last_rank(),
        top_ranked_matched: matched.top_ranked_matched(),
        groups: measure(&outcomes, order, k).rows,
        matched_ids,
    }
}

async fn compare(
    state: &AppState,
    user: &User,
    record: &RoundRecord,
    a: &Policy,
    b: &Policy,
    k: usize,
) -> Result<(ComparisonView, HashMap<String, String>), AppError> {
    let round = load_round(&state.store, record.id).await?;
    let persons = round_persons(state, &round, record).await?;
    let (mut order, names) = group_order(state).await?;
    // By agency, a round's figures name too few persons per agency to say much: the equity
    // page has them.
    order.retain(|(d, _)| *d != Dimension::Agency);
    let mut columns = Vec::with_capacity(4);
    for policy in [a, b] {
        for way in [Way::Round, Way::OneVacancyAtATime] {
            let matched = match_snapshot(&round.input, policy, way)?;
            columns.push(column(policy, matched, &persons, &order, record.on, k));
        }
    }
    let changes = if user.can_run_matching() {
        // A's ranks name everyone: A's round has them all, matched or not.
        let a_ranks = {
            let refs: Vec<_> = round
                .input
                .clients
                .iter()
                .map(|c| (c.profile.id.as_str(), c.priority))
                .collect();
            let ranking = a.rank(&refs);
            refs.iter()
                .enumerate()
                .map(|(i, (id, _))| ((*id).to_owned(), ranking.position[i]))
                .collect::<HashMap<String, u32>>()
        };
        let ids: Vec<Uuid> = a_ranks.keys().filter_map(|c| person_of(c)).collect();
        let names = state.store.person_names(&ids).await?;
        state
            .store
            .record_audit(
                AuditEvent::new(
                    Some(user.id),
                    AuditAction::Read,
                    "match_round",
                    Some(record.id),
                )
                .with_detail("policy comparison".to_owned()),
            )
            .await?;
        let listed = |set: Vec<&String>| -> Vec<ChangedPerson> {
            let mut people: Vec<ChangedPerson> = set
                .into_iter()
                .map(|c| ChangedPerson {
                    person_id: person_of(c).unwrap_or_default(),
                    name: person_of(c)
                        .and_then(|p| names.get(&p).cloned())
                        .unwrap_or_default(),
                    rank: a_ranks.get(c).copied().unwrap_or(0),
                })
                .collect();
            people.sort_by_key(|p| p.rank);
            people.truncate(CHANGES_LISTED);
            people
        };
        // A's round against A one vacancy at a time, and against B's round.
        Some(
            [(0, 1), (0, 2)]
                .into_iter()
                .map(|(from, to)| {
                    let (f, t) = (&columns[from].matched_ids, &columns[to].matched_ids);
                    Change {
                        from,
                        to,
                        gained_count: t.difference(f).count(),
                        lost_count: f.difference(t).count(),
                        gained: listed(t.difference(f).collect()),
                        lost: listed(f.difference(t).collect()),
                    }
                })
                .collect(),
        )
    } else {
        None
    };
    Ok((
        ComparisonView {
            round: record.id,
            on: date_text(record.on),
            persons: round.input.clients.len(),
            units: round.input.units.len(),
            k,
            columns,
            changes,
        },
        names,
    ))
}

// ---------------------------------------------------------------- the page

struct ColumnHead {
    policy: String,
    way: String,
}

/// One measure across the four columns.
struct MeasureLine {
    label: String,
    cells: Vec<String>,
}

struct GroupLine {
    label: String,
    listed: String,
    /// (count, share) per column.
    cells: Vec<(String, String)>,
}

struct GroupTable {
    id: String,
    caption: String,
    lines: Vec<GroupLine>,
}

struct ChangeTable {
    id: String,
    caption: String,
    gained_caption: String,
    lost_caption: String,
    gained: Vec<ChangedPerson>,
    lost: Vec<ChangedPerson>,
}

#[derive(Template)]
#[template(path = "matching/compare.html")]
struct ComparePage<'a> {
    ctx: &'a Ctx,
    errors: FormErrors,
    rounds: Vec<Choice>,
    a: String,
    b: String,
    k: usize,
    intro: String,
    heads: Vec<ColumnHead>,
    measures: Vec<MeasureLine>,
    groups: Vec<GroupTable>,
    changes: Vec<ChangeTable>,
    has_round: bool,
}

fn way_word(tr: &Tr, way: Way) -> String {
    tr.t(match way {
        Way::Round => "compare-way-round",
        Way::OneVacancyAtATime => "compare-way-usual",
    })
}

async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CompareQuery>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    permit(user.can_read_equity())?;
    let (rounds, chosen, a, b, k, errors) = read(&state, &q).await?;
    let tr = &ctx.tr;
    let choices = rounds
        .iter()
        .map(|r| Choice {
            selected: chosen.as_ref().is_some_and(|c| c.id == r.id),
            value: r.id.to_string(),
            label: tr.ts(
                "compare-round-choice",
                &[
                    ("on", tr.date(r.on).into()),
                    ("persons", r.persons.into()),
                    ("units", r.units.into()),
                ],
            ),
            depth: 0,
        })
        .collect();
    let mut page = ComparePage {
        ctx: &ctx,
        errors: FormErrors::new(errors.clone(), ctx.tr),
        rounds: choices,
        a: a.codes(),
        b: b.codes(),
        k,
        intro: String::new(),
        heads: Vec::new(),
        measures: Vec::new(),
        groups: Vec::new(),
        changes: Vec::new(),
        has_round: chosen.is_some(),
    };
    if let Some(record) = &chosen {
        let (view, names) = compare(&state, user, record, &a, &b, k).await?;
        page.intro = tr.ts(
            "compare-snapshot",
            &[
                ("on", tr.date(record.on).into()),
                ("persons", view.persons.into()),
                ("units", view.units.into()),
            ],
        );
        let c = &view.columns;
        page.heads = c
            .iter()
            .map(|col| ColumnHead {
                policy: policy_text(&ctx, &col.policy),
                way: way_word(tr, col.way),
            })
            .collect();
        let line = |key: &str, cell: &dyn Fn(&Column) -> String| MeasureLine {
            label: tr.t(key),
            cells: c.iter().map(cell).collect(),
        };
        let optional = |x: Option<f64>| x.map_or_else(String::new, |x| tr.decimal(x, 1));
        page.measures = vec![
            line("compare-matched", &|col| col.matched.to_string()),
            line("compare-total-fit", &|col| col.total_fit.to_string()),
            line("compare-median-rank", &|col| optional(col.median_rank)),
            line("compare-last-rank", &|col| {
                col.last_rank.map_or_else(String::new, |r| r.to_string())
            }),
            line("compare-top-ranked", &|col| {
                tr.ts(
                    "compare-top-ranked-cell",
                    &[
                        ("matched", col.top_ranked_matched.into()),
                        ("of", col.matched.into()),
                    ],
                )
            }),
        ];
        for dimension in Dimension::ALL
            .into_iter()
            .filter(|d| *d != Dimension::Agency)
        {
            let rows_of = |col: &Column| -> Vec<Row> {
                col.groups
                    .iter()
                    .filter(|r| r.dimension == Some(dimension))
                    .cloned()
                    .collect()
            };
            let per_column: Vec<Vec<Row>> = c.iter().map(rows_of).collect();
            let lines = per_column[0]
                .iter()
                .enumerate()
                .map(|(i, first)| GroupLine {
                    label: group_label(first, &names, tr),
                    listed: tr.published(first.listed),
                    cells: per_column
                        .iter()
                        .map(|rows| {
                            let o = &rows[i].outcomes[0];
                            (tr.published(o.count), percent(o.share, tr))
                        })
                        .collect(),
                })
                .collect();
            let code = dimension.code().replace('_', "-");
            page.groups.push(GroupTable {
                id: format!("compare-{code}"),
                caption: tr.t(&format!("equity-by-{code}")),
                lines,
            });
        }
        // A person whose consent ended has no name left; their link still says why.
        let named = |people: Vec<ChangedPerson>| -> Vec<ChangedPerson> {
            people
                .into_iter()
                .map(|p| ChangedPerson {
                    name: if p.name.is_empty() {
                        tr.t("referral-consent-ended")
                    } else {
                        p.name
                    },
                    ..p
                })
                .collect()
        };
        for (i, change) in view.changes.into_iter().flatten().enumerate() {
            let against = |col: usize| {
                tr.ts(
                    "compare-column",
                    &[
                        ("policy", policy_text(&ctx, &c[col].policy).into()),
                        ("way", way_word(tr, c[col].way).into()),
                    ],
                )
            };
            let (from, to) = (against(change.from), against(change.to));
            page.changes.push(ChangeTable {
                id: format!("changes-{i}"),
                caption: tr.ts(
                    "compare-changes",
                    &[("from", from.clone().into()), ("to", to.clone().into())],
                ),
                gained_caption: tr.ts(
                    "compare-gained",
                    &[
                        ("count", change.gained_count.into()),
                        ("to", to.clone().into()),
                        ("from", from.clone().into()),
                    ],
                ),
                lost_caption: tr.ts(
                    "compare-lost",
                    &[
                        ("count", change.lost_count.into()),
                        ("to", to.into()),
                        ("from", from.into()),
                    ],
                ),
                gained: named(change.gained),
                lost: named(change.lost),
            });
        }
    }
    Ok((form_status(&errors), render(&page)).into_response())
}

// ---------------------------------------------------------------- the API

async fn api(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CompareQuery>,
) -> Result<Json<ComparisonView>, AppError> {
    let user = ctx.user()?;
    permit(user.can_read_equity())?;
    let (_, chosen, a, b, k, errors) = read(&state, &q).await?;
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let record = chosen.ok_or(AppError::NotFound)?;
    Ok(Json(compare(&state, user, &record, &a, &b, k).await?.0))
}

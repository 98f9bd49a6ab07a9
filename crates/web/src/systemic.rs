//! Systemic issues (A9): agencies log the gaps their clients meet; the report for public
//! authorities counts distinct agencies per issue and quarter with small counts withheld.
//! Analysts see the report only: no entry, no agency name.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::pages::{FormData, parse_id};
use crate::routes::Routes;
use crate::views::{CSV, Choice, FormErrors, form_status, recorded_attachment, render, today};
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use passerelle_domain::FieldErrors;
use passerelle_domain::housing::date_text;
use passerelle_domain::suppression::{MAX_K, MIN_K};
use passerelle_domain::systemic::*;
use passerelle_domain::text::fold;
use std::fmt::Write;

pub fn router() -> Routes {
    Routes::new()
        .route("/network/issues", get(issues_page).post(log_issue))
        .route("/reports/systemic-issues", get(report_page))
        .route("/reports/systemic-issues.csv", get(report_csv))
}

// ---------------------------------------------------------------- logging issues

struct EntryRow {
    agency: String,
    issue: String,
    observed_on: String,
    note: String,
}

#[derive(Template)]
#[template(path = "network/issues.html")]
struct IssuesPage<'a> {
    ctx: &'a Ctx,
    /// The agencies the user may log for (one for a partner worker).
    agencies: Vec<Choice>,
    issues: Vec<Choice>,
    input: IssueInput,
    errors: FormErrors,
    entries: Vec<EntryRow>,
}

async fn render_issues(
    state: &AppState,
    ctx: &Ctx,
    input: IssueInput,
    agency: String,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let scope = user.issue_entries_scope().ok_or(AppError::Forbidden)?;
    let lang = ctx.lang();
    let mut agencies: Vec<Choice> = state
        .store
        .organization_names()
        .await?
        .into_iter()
        .filter(|(id, _)| user.can_log_issue_for(*id))
        .map(|(id, name)| Choice {
            selected: agency == id.to_string(),
            value: id.to_string(),
            label: name,
            depth: 0,
        })
        .collect();
    agencies.sort_by_key(|c| fold(&c.label));
    let entries = state
        .store
        .systemic_issues(scope)
        .await?
        .into_iter()
        .map(|e| EntryRow {
            agency: e.org_name,
            issue: issue_label(e.issue, lang).unwrap_or(e.issue).to_owned(),
            observed_on: date_text(e.observed_on),
            note: e.note.unwrap_or_default(),
        })
        .collect();
    let page = IssuesPage {
        ctx,
        agencies,
        issues: ISSUES
            .iter()
            .map(|i| Choice {
                value: i.0.to_owned(),
                label: issue_label(i.0, lang).unwrap_or(i.0).to_owned(),
                selected: input.issue == i.0,
                depth: 0,
            })
            .collect(),
        input,
        errors: FormErrors::new(errors.clone(), ctx.tr),
        entries,
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

async fn issues_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let agency = ctx
        .user()?
        .agency_id
        .map(|a| a.to_string())
        .unwrap_or_default();
    let input = IssueInput {
        observed_on: date_text(today()),
        ..Default::default()
    };
    render_issues(&state, &ctx, input, agency, FieldErrors::default()).await
}

async fn log_issue(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    let agency = form.get("agency");
    let input = IssueInput {
        issue: form.get("issue"),
        observed_on: form.get("observed_on"),
        note: form.get("note"),
    };
    let org = parse_id(&agency).ok();
    if let Some(org) = org
        && !user.can_log_issue_for(org)
    {
        return Err(AppError::Forbidden);
    }
    let mut errors = match input.parse(today()) {
        Ok(fields) => match org {
            Some(org) => {
                state
                    .store
                    .add_systemic_issue(Some(user.id), org, fields)
                    .await?;
                return Ok(Redirect::to("/network/issues").into_response());
            }
            None => FieldErrors::default(),
        },
        Err(errors) => errors,
    };
    if org.is_none() {
        errors.push("agency", "error-choose");
    }
    render_issues(&state, &ctx, input, agency, errors).await
}

// ---------------------------------------------------------------- the report

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ReportQuery {
    /// The smallest number of agencies a published count may stand for.
    k: String,
    /// How many quarters, ending with the current one.
    quarters: String,
}

impl ReportQuery {
    fn read(&self) -> (usize, usize, FieldErrors) {
        let mut errors = FieldErrors::default();
        // A whole number within `range`, or the default when blank; else the field's error.
        let mut number = |field: &str,
                          code: &'static str,
                          raw: &str,
                          default: usize,
                          range: std::ops::RangeInclusive<usize>| {
            match raw.trim() {
                "" => default,
                raw => match raw.parse::<usize>() {
                    Ok(n) if range.contains(&n) => n,
                    _ => {
                        errors.push(field, code);
                        default
                    }
                },
            }
        };
        let k = number("k", "error-k", &self.k, MIN_K, MIN_K..=MAX_K);
        let quarters = number("quarters", "error-quarters", &self.quarters, 8, 1..=20);
        (k, quarters, errors)
    }
}

async fn build_report(state: &AppState, k: usize, count: usize) -> Result<IssueTable, AppError> {
    let quarters = Quarter::of(today()).last(count);
    let counts = state.store.systemic_issue_counts(&quarters).await?;
    Ok(IssueTable::publish(quarters, &counts, k))
}

fn cell(p: &Published) -> String {
    match p {
        Published::Shown(n) => n.to_string(),
        Published::Suppressed => "x".into(),
    }
}

#[derive(Template)]
#[template(path = "reports/systemic_issues.html")]
struct ReportPage<'a> {
    ctx: &'a Ctx,
    quarters: Vec<String>,
    /// (issue label, cells, total)
    rows: Vec<(String, Vec<String>, String)>,
    column_totals: Vec<String>,
    k: usize,
    count: usize,
    query: String,
    errors: FormErrors,
}

async fn report_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    ctx.user()?;
    let (k, count, errors) = q.read();
    let table = build_report(&state, k, count).await?;
    let lang = ctx.lang();
    let page = ReportPage {
        ctx: &ctx,
        quarters: table.quarters.iter().map(|q| ctx.tr.quarter(*q)).collect(),
        rows: table
            .rows
            .iter()
            .map(|(code, cells, total)| {
                (
                    issue_label(code, lang).unwrap_or(code).to_owned(),
                    cells.iter().map(cell).collect(),
                    cell(total),
                )
            })
            .collect(),
        column_totals: table.column_totals.iter().map(cell).collect(),
        k,
        count,
        query: format!("k={k}&quarters={count}"),
        errors: FormErrors::new(errors.clone(), ctx.tr),
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

/// The same table as CSV: issue code and label, one column per quarter, the total; `x`
/// marks a withheld count.
async fn report_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    ctx.user()?;
    let (k, count, errors) = q.read();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let table = build_report(&state, k, count).await?;
    let lang = ctx.lang();
    let mut out = crate::views::csv_heading(&ctx.tr, &["issue", "label"]);
    out.pop();
    for q in &table.quarters {
        let _ = write!(out, ",{}", ctx.tr.quarter(*q));
    }
    let _ = writeln!(out, ",{}", ctx.tr.t("csv-total"));
    for (code, cells, total) in &table.rows {
        let label = passerelle_domain::text::csv_field(issue_label(code, lang).unwrap_or(code));
        let _ = write!(out, "{code},{label}");
        for c in cells {
            let _ = write!(out, ",{}", cell(c));
        }
        let _ = writeln!(out, ",{}", cell(total));
    }
    let _ = write!(
        out,
        "all,{}",
        passerelle_domain::text::csv_field(&ctx.tr.t("report-all-issues"))
    );
    for c in &table.column_totals {
        let _ = write!(out, ",{}", cell(c));
    }
    out.push_str(",\n");
    let file = format!("systemic-issues-k{k}.csv");
    recorded_attachment(&state.store, &ctx, CSV, &file, out).await
}

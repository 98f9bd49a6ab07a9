//! The reports area (F): `/reports` gathers every report for public authorities, and
//! `/reports/outcomes` publishes the housing outcomes of a period — placements per month,
//! days from referral to move-in, retention, returns to homelessness, the list's inflow and
//! outflow — with small counts withheld, as a page (one report per printed page), as CSV
//! per report, and under `/api/v1/reports/outcomes`. See `docs/reports.md`.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use crate::i18n::Tr;
use crate::routes::Routes;
use crate::views::{FormErrors, form_status, render, today};
use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use passerelle_domain::FieldErrors;
use passerelle_domain::equity::HOUSEHOLD_TYPES;
use passerelle_domain::housing::MonthIndex;
use passerelle_domain::outcomes::{
    FlowRecord, FlowsReport, MonthRange, PlacementsReport, RETENTION_COLUMNS, RETENTION_MARKS,
    RETURN_COLUMNS, ReportQuery, RetentionReport, WaitLine, flows_report, placements,
    retention_report, returns_report, time_to_housing,
};
use passerelle_domain::referrals::status::Flow;
use passerelle_domain::suppression::{Published, PublishedGrid};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

pub fn router() -> Routes {
    Routes::new()
        .route("/reports", get(index_page))
        .route("/reports/outcomes", get(outcomes_page))
        .route("/reports/outcomes.csv", get(outcomes_csv))
        .route("/reports/projection", get(projection_page))
}

pub fn api_router() -> Routes {
    Routes::new()
        .route("/api/v1/reports/outcomes", get(outcomes_api))
        .route("/api/v1/reports/projection", get(projection_api))
}

/// Every report of the period, computed from the tenancies and the list's flows.
#[derive(Debug, Serialize)]
pub struct Outcomes {
    pub from: String,
    pub to: String,
    #[serde(skip)]
    pub range: MonthRange,
    pub k: usize,
    pub placements: PlacementsReport,
    pub time_to_housing: Vec<WaitLine>,
    pub retention: RetentionReport,
    pub returns: PublishedGrid,
    pub flows: FlowsReport,
}

/// Every report of the period on `day`, read from `store`.
pub async fn outcomes(
    store: &passerelle_store::Store,
    range: MonthRange,
    k: usize,
    day: time::Date,
) -> Result<Outcomes, passerelle_store::StoreError> {
    let records = store.housed_records().await?;
    let flows: Vec<FlowRecord> = store
        .list_flows(range.from.first_day())
        .await?
        .into_iter()
        .filter_map(|f| {
            Some(FlowRecord {
                month: MonthIndex::parse(&f.month)?,
                flow: Flow::ALL.into_iter().find(|x| x.code() == f.flow)?,
                count: f.count.max(0) as usize,
            })
        })
        .collect();
    Ok(Outcomes {
        from: range.from.code(),
        to: range.to.code(),
        range,
        k,
        placements: placements(&records, range, k),
        time_to_housing: time_to_housing(&records, range, k),
        retention: retention_report(&records, range, day, k),
        returns: returns_report(&records, range, day, k),
        flows: flows_report(&flows, range, k),
    })
}

/// The period and k asked for, or the field errors (the default period is then shown).
fn read_query(q: &ReportQuery) -> (MonthRange, usize, FieldErrors) {
    match q.parse(today()) {
        Ok((range, k)) => (range, k, FieldErrors::default()),
        Err(errors) => (
            MonthRange::last_twelve(today()),
            passerelle_domain::outcomes::DEFAULT_K,
            errors,
        ),
    }
}

fn cell(p: &Published) -> String {
    match p {
        Published::Shown(n) => n.to_string(),
        Published::Suppressed => "x".into(),
    }
}

/// A published table in words, for the page and the CSV alike.
struct Table {
    id: &'static str,
    /// The first column's heading, then the columns'.
    head: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

fn grid_table(
    id: &'static str,
    corner: String,
    columns: Vec<String>,
    rows: Vec<String>,
    grid: &PublishedGrid,
    total: &str,
) -> Table {
    let mut head = vec![corner];
    head.extend(columns);
    head.push(total.to_owned());
    let mut lines: Vec<(String, Vec<String>)> = rows
        .into_iter()
        .zip(grid.cells.iter().zip(&grid.row_totals))
        .map(|(label, (cells, t))| (label, cells.iter().chain([t]).map(cell).collect()))
        .collect();
    if !grid.column_totals.is_empty() {
        let mut totals: Vec<String> = grid.column_totals.iter().map(cell).collect();
        totals.push(grid.total.as_ref().map(cell).unwrap_or_default());
        lines.push((total.to_owned(), totals));
    }
    Table {
        id,
        head,
        rows: lines,
    }
}

/// One report of the page: its heading, what it counts, its chart and its table.
struct Section {
    id: &'static str,
    title: String,
    note: String,
    /// Nothing was counted in the period.
    empty: bool,
    chart: String,
    table: Table,
}

/// What the reports count, over which months, in the reader's language.
fn period_text(tr: &Tr, range: MonthRange) -> String {
    tr.ts(
        "outcomes-intro",
        &[
            ("from", tr.month(range.from).into()),
            ("to", tr.month(range.to).into()),
        ],
    )
}

fn month_labels(tr: Tr, months: &[MonthIndex]) -> Vec<String> {
    months.iter().map(|m| tr.month_short(*m)).collect()
}

/// A grid whose columns are months as stacked bars, one series per row; a withheld count
/// is not drawn.
fn stacked_grid(
    tr: Tr,
    months: &[MonthIndex],
    grid: &PublishedGrid,
    series: &[String],
    title: &str,
) -> String {
    let bars: Vec<(String, Vec<u32>, bool)> = month_labels(tr, months)
        .into_iter()
        .enumerate()
        .map(|(m, label)| {
            let values = grid
                .cells
                .iter()
                .map(|row| row[m].shown().unwrap_or(0) as u32)
                .collect();
            (label, values, false)
        })
        .collect();
    crate::charts::stacked_months(tr, &bars, series, title)
}

fn sections(tr: &Tr, o: &Outcomes) -> Vec<Section> {
    let t = |key: &str| tr.t(key);
    let total = t("outcomes-total");
    let households: Vec<String> = HOUSEHOLD_TYPES
        .iter()
        .map(|h| t(&format!("equity-household-type-{h}")))
        .collect();
    let withheld = t("outcomes-withheld");

    let p = &o.placements;
    let placements_chart = stacked_grid(
        *tr,
        &p.months,
        &p.grid,
        &households,
        &t("outcomes-placements"),
    );

    let waits = &o.time_to_housing;
    let group_label = |g: &str| {
        if g == "all" {
            t("outcomes-everyone")
        } else {
            t(&format!("equity-household-type-{g}"))
        }
    };
    let wait_chart = crate::charts::grouped_bars(
        *tr,
        &waits
            .iter()
            .map(|w| {
                (
                    group_label(w.group),
                    vec![
                        w.median_days.map(|d| d as f64),
                        w.p90_days.map(|d| d as f64),
                    ],
                )
            })
            .collect::<Vec<_>>(),
        &[t("outcomes-median-days"), t("outcomes-p90-days")],
        &withheld,
        &t("outcomes-time-to-housing"),
    );
    let days = |d: Option<i64>| d.map(|d| d.to_string()).unwrap_or_else(|| "x".into());
    let wait_table = Table {
        id: "time-to-housing-table",
        head: vec![
            t("outcomes-household"),
            t("outcomes-housed"),
            t("outcomes-median-days"),
            t("outcomes-p90-days"),
        ],
        rows: waits
            .iter()
            .map(|w| {
                (
                    group_label(w.group),
                    vec![cell(&w.housed), days(w.median_days), days(w.p90_days)],
                )
            })
            .collect(),
    };

    let r = &o.retention;
    let mark_label = |m: &u32| t(&format!("outcomes-at-{m}-months"));
    let retention_chart = crate::charts::grouped_bars(
        *tr,
        &RETENTION_MARKS
            .iter()
            .zip(&r.rates)
            .map(|(m, rate)| {
                (
                    mark_label(m),
                    vec![rate.map(|x| (x * 1000.0).round() / 10.0)],
                )
            })
            .collect::<Vec<_>>(),
        &[t("outcomes-retention-rate")],
        &withheld,
        &t("outcomes-retention"),
    );
    let mut retention_table = grid_table(
        "retention-table",
        t("tenancies-retention-mark"),
        RETENTION_COLUMNS
            .iter()
            .map(|c| t(&format!("outcomes-retention-{}", c.replace('_', "-"))))
            .collect(),
        RETENTION_MARKS.iter().map(mark_label).collect(),
        &r.grid,
        &t("outcomes-moved-in"),
    );
    retention_table.head.push(t("tenancies-retention-rate"));
    for ((_, cells), rate) in retention_table.rows.iter_mut().zip(&r.rates) {
        cells.push(rate.map(|x| tr.percent(x)).unwrap_or_else(|| "x".into()));
    }

    let returns_chart = crate::charts::grouped_bars(
        *tr,
        &households
            .iter()
            .zip(&o.returns.cells)
            .map(|(h, row)| (h.clone(), vec![row[0].shown().map(|n| n as f64)]))
            .collect::<Vec<_>>(),
        &[t("outcomes-returned")],
        &withheld,
        &t("outcomes-returns"),
    );

    let f = &o.flows;
    let flow_labels: Vec<String> = Flow::ALL
        .iter()
        .map(|x| t(&format!("flow-{}", x.code().replace('_', "-"))))
        .collect();
    let flows_chart = stacked_grid(*tr, &f.months, &f.grid, &flow_labels, &t("outcomes-flows"));
    let none = |g: &PublishedGrid| g.row_totals.iter().all(|p| *p == Published::Shown(0));
    vec![
        Section {
            id: "placements",
            title: t("outcomes-placements"),
            note: t("outcomes-placements-note"),
            empty: p.grid.total == Some(Published::Shown(0)),
            chart: placements_chart,
            table: grid_table(
                "placements-table",
                t("outcomes-household"),
                month_labels(*tr, &p.months),
                households.clone(),
                &p.grid,
                &total,
            ),
        },
        Section {
            id: "time-to-housing",
            title: t("outcomes-time-to-housing"),
            note: t("outcomes-time-to-housing-note"),
            empty: waits
                .last()
                .is_some_and(|w| w.housed == Published::Shown(0)),
            chart: wait_chart,
            table: wait_table,
        },
        Section {
            id: "retention",
            title: t("outcomes-retention"),
            note: t("outcomes-retention-note"),
            empty: none(&r.grid),
            chart: retention_chart,
            table: retention_table,
        },
        Section {
            id: "returns",
            title: t("outcomes-returns"),
            note: t("outcomes-returns-note"),
            empty: o.returns.total == Some(Published::Shown(0)),
            chart: returns_chart,
            table: grid_table(
                "returns-table",
                t("outcomes-household"),
                RETURN_COLUMNS
                    .iter()
                    .map(|c| t(&format!("outcomes-{}", c.replace('_', "-"))))
                    .collect(),
                households,
                &o.returns,
                &total,
            ),
        },
        Section {
            id: "flows",
            title: t("outcomes-flows"),
            note: t("outcomes-flows-note"),
            empty: none(&f.grid),
            chart: flows_chart,
            table: grid_table(
                "flows-table",
                t("outcomes-flow"),
                month_labels(*tr, &f.months),
                flow_labels,
                &f.grid,
                &total,
            ),
        },
    ]
}

#[derive(Template)]
#[template(path = "reports/outcomes.html")]
struct OutcomesPage<'a> {
    ctx: &'a Ctx,
    from: String,
    to: String,
    /// The period counted, in the reader's language.
    period: String,
    k: usize,
    query: String,
    sections: Vec<Section>,
    errors: FormErrors,
}

/// Every report of the period on `day`, kept (see `Store::kept_or_made`) while nothing it
/// reads changes: each report reads every housed person's tenancies and the whole list's
/// flows, and is asked for far more often than they change.
async fn kept_outcomes(
    state: &AppState,
    range: MonthRange,
    k: usize,
    day: time::Date,
) -> Result<std::sync::Arc<Outcomes>, AppError> {
    let key = format!("{range:?}|{k}|{day}");
    state
        .store
        .kept_or_made(
            "outcomes",
            &["tenancies", "persons", "list_flows"],
            key,
            || async { Ok(outcomes(&state.store, range, k, day).await?) },
        )
        .await
}

async fn outcomes_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_read_equity())?;
    let (range, k, errors) = read_query(&q);
    let o = kept_outcomes(&state, range, k, today()).await?;
    let page = OutcomesPage {
        ctx: &ctx,
        // What was typed stays in the form; the figures are the default period's.
        from: if errors.is_empty() {
            o.from.clone()
        } else {
            q.from.clone()
        },
        to: if errors.is_empty() {
            o.to.clone()
        } else {
            q.to.clone()
        },
        period: period_text(&ctx.tr, o.range),
        k,
        query: format!("from={}&to={}&k={k}", o.from, o.to),
        sections: sections(&ctx.tr, &o),
        errors: FormErrors::new(errors.clone(), ctx.tr),
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CsvQuery {
    #[serde(flatten)]
    period: ReportQuery,
    /// Which report: `placements`, `time-to-housing`, `retention`, `returns` or `flows`.
    report: String,
}

/// One report as CSV: the page's table, with `x` for a withheld count; every cell a user
/// could have typed is neutralized against formula injection.
async fn outcomes_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CsvQuery>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_read_equity())?;
    let (range, k) = q.period.parse(today()).map_err(AppError::Invalid)?;
    let o = kept_outcomes(&state, range, k, today()).await?;
    let section = sections(&ctx.tr, &o)
        .into_iter()
        .find(|s| s.id == q.report)
        .ok_or(AppError::NotFound)?;
    let out = csv_of(&section.table);
    let file = format!("{}-{}-{}-k{k}.csv", section.id, o.from, o.to);
    crate::views::recorded_attachment(&state.store, &ctx, crate::views::CSV, &file, out).await
}

fn csv_of(table: &Table) -> String {
    let mut out = String::new();
    let line = |cells: &mut dyn Iterator<Item = &String>, out: &mut String| {
        let fields: Vec<String> = cells
            .map(|c| passerelle_domain::text::csv_field(c))
            .collect();
        let _ = writeln!(out, "{}", fields.join(","));
    };
    line(&mut table.head.iter(), &mut out);
    for (label, cells) in &table.rows {
        line(&mut std::iter::once(label).chain(cells), &mut out);
    }
    out
}

async fn outcomes_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    permit(ctx.user()?.can_read_equity())?;
    let (range, k) = q.parse(today()).map_err(AppError::Invalid)?;
    let o = kept_outcomes(&state, range, k, today()).await?;
    Ok(Json(&*o).into_response())
}

/// A report of the area, as the index lists it.
struct ReportLink {
    href: &'static str,
    title: String,
    about: String,
}

#[derive(Template)]
#[template(path = "reports/index.html")]
struct IndexPage<'a> {
    ctx: &'a Ctx,
    reports: Vec<ReportLink>,
}

/// Every report the reader may open, each with what it tells.
async fn index_page(ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let link = |href, key: &str| ReportLink {
        href,
        title: ctx.tr.t(&format!("{key}-title")),
        about: ctx.tr.t(&format!("{key}-about")),
    };
    let mut reports = Vec::new();
    if user.can_read_equity() {
        reports.push(link("/reports/outcomes", "outcomes"));
        reports.push(link("/reports/projection", "projection"));
        reports.push(link("/reports/equity", "reports-equity"));
        reports.push(link("/reports/policy-comparison", "reports-compare"));
    }
    reports.push(link("/housing/availability", "reports-availability"));
    reports.push(link("/reports/systemic-issues", "reports-issues"));
    reports.push(link("/network/gaps", "reports-gaps"));
    if user.can_see_network() {
        reports.push(link("/network/duplication", "reports-duplication"));
    }
    Ok(render(&IndexPage { ctx: &ctx, reports }))
}

#[derive(Template)]
#[template(path = "reports/pack.html")]
struct PackPage<'a> {
    tr: &'a Tr,
    /// The period's months as the reader's language writes them, for the title.
    from: String,
    to: String,
    period: String,
    k: usize,
    css: &'static str,
    sections: Vec<Section>,
}

/// The files of a report pack: each report as CSV (`placements.csv`…), and every report in
/// one printable HTML file (`outcomes.html`, one report per printed page, its style inside).
pub fn pack_files(tr: &Tr, o: &Outcomes) -> Result<Vec<(String, String)>, String> {
    let sections = sections(tr, o);
    let mut files: Vec<(String, String)> = sections
        .iter()
        .map(|s| (format!("{}.csv", s.id), csv_of(&s.table)))
        .collect();
    let page = PackPage {
        tr,
        from: tr.month(o.range.from),
        to: tr.month(o.range.to),
        period: period_text(tr, o.range),
        k: o.k,
        css: crate::CSS,
        sections,
    };
    files.push((
        "outcomes.html".into(),
        page.render().map_err(|e| e.to_string())?,
    ));
    Ok(files)
}

// ---------------------------------------------------------------- the projection

/// The threshold and the period of a projection, as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ProjectionQuery {
    /// At most this many persons chronically homeless is functional zero (0 to 1,000).
    threshold: String,
}

/// The default threshold: Built for Zero's "three or fewer" for a small or mid-sized city.
const DEFAULT_THRESHOLD: usize = 3;

impl ProjectionQuery {
    fn read(&self) -> Result<usize, FieldErrors> {
        match self.threshold.trim() {
            "" => Ok(DEFAULT_THRESHOLD),
            raw => match raw.parse::<usize>() {
                Ok(n) if n <= 1_000 => Ok(n),
                _ => {
                    let mut e = FieldErrors::default();
                    e.push("threshold", "error-threshold");
                    Err(e)
                }
            },
        }
    }
}

/// The last twelve months and the list today, as the projection reads them: flows by month,
/// the persons waiting (active or matched), the chronically homeless among them (days
/// homeless when referred plus days since, at least [`CHRONIC_DAYS`]), the newcomers' share
/// chronic when referred, and the bedrooms the persons waiting need.
pub async fn projection_history(
    store: &passerelle_store::Store,
    day: time::Date,
) -> Result<passerelle_domain::projection::History, passerelle_store::StoreError> {
    use passerelle_domain::projection::CHRONIC_DAYS;
    use passerelle_domain::referrals::ListStatus;
    let range = MonthRange::last_twelve(day);
    let mut history = passerelle_domain::projection::History {
        inflow: vec![0; 12],
        housed: vec![0; 12],
        inactive: vec![0; 12],
        waiting: 0,
        chronic: 0,
        chronic_at_arrival: 0.0,
        bedrooms_needed: Vec::new(),
    };
    for f in store.list_flows(range.from.first_day()).await? {
        let (Some(month), Some(flow)) = (
            MonthIndex::parse(&f.month),
            Flow::ALL.into_iter().find(|x| x.code() == f.flow),
        ) else {
            continue;
        };
        let Some(m) = (month.0 - range.from.0)
            .try_into()
            .ok()
            .filter(|m: &usize| *m < 12)
        else {
            continue;
        };
        let n = f.count.max(0) as usize;
        match flow {
            Flow::Housed => history.housed[m] += n,
            Flow::Inactive => history.inactive[m] += n,
            _ => history.inflow[m] += n,
        }
    }
    let homeless_days = |e: &passerelle_store::ListEntry, on: time::Date| {
        i64::from(e.days_homeless.unwrap_or(0)) + (on - e.first_referred_on).whole_days()
    };
    let entries = store.list_entries(&[]).await?;
    let mut sizes: std::collections::BTreeMap<u8, usize> = Default::default();
    let (mut newcomers, mut newcomers_chronic) = (0usize, 0usize);
    for e in &entries {
        if range.contains(e.first_referred_on) {
            newcomers += 1;
            newcomers_chronic += usize::from(homeless_days(e, e.first_referred_on) >= CHRONIC_DAYS);
        }
        if matches!(e.status, ListStatus::Active | ListStatus::Matched) {
            history.waiting += 1;
            history.chronic += usize::from(homeless_days(e, day) >= CHRONIC_DAYS);
            *sizes.entry(e.bedrooms_needed).or_default() += 1;
        }
    }
    history.chronic_at_arrival = if newcomers > 0 {
        newcomers_chronic as f64 / newcomers as f64
    } else {
        0.0
    };
    history.bedrooms_needed = sizes.into_iter().collect();
    Ok(history)
}

#[derive(Template)]
#[template(path = "reports/projection.html")]
struct ProjectionPage<'a> {
    ctx: &'a Ctx,
    threshold: String,
    k: usize,
    chart: String,
    /// The outcome in words: when, and the range.
    summary: String,
    sooner: String,
    /// (after, waiting low–median–high, chronic low–median–high) once a year.
    years: Vec<(String, String, String)>,
    /// (assumption, value)
    assumptions: Vec<(String, String)>,
    errors: FormErrors,
}

/// The month `months` after `day`'s.
fn month_after(day: time::Date, months: usize) -> MonthIndex {
    MonthIndex(MonthIndex::of(day).0 + months as i32)
}

async fn projection_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ProjectionQuery>,
) -> Result<Response, AppError> {
    use passerelle_domain::outcomes::DEFAULT_K;
    permit(ctx.user()?.can_read_equity())?;
    let (threshold, errors) = match q.read() {
        Ok(n) => (n, FieldErrors::default()),
        Err(e) => (DEFAULT_THRESHOLD, e),
    };
    let day = today();
    let o = cached_outlook(&state, threshold).await?;
    let tr = &ctx.tr;
    let when = |m: Option<usize>| match m {
        Some(m) => tr.month(month_after(day, m)),
        None => tr.t("projection-not-within-ten-years"),
    };
    let summary = tr.ts(
        "projection-summary",
        &[
            ("median", when(o.as_is.zero_median).into()),
            ("early", when(o.as_is.zero_early).into()),
            ("late", when(o.as_is.zero_late).into()),
        ],
    );
    let sooner = match &o.a_year_sooner {
        Some(p) => tr.ts(
            "projection-a-year-sooner",
            &[
                ("units", p.extra_units.into()),
                (
                    "sizes",
                    o.extra_by_size
                        .iter()
                        .map(|(b, n)| format!("{} × {}", tr.number(n), bedrooms_label(tr, *b)))
                        .collect::<Vec<_>>()
                        .join(", ")
                        .into(),
                ),
                ("median", when(p.zero_median).into()),
            ],
        ),
        None => tr.t("projection-no-sooner"),
    };
    let band = |b: &passerelle_domain::projection::Band| {
        format!(
            "{} ({}–{})",
            tr.number(b.median),
            tr.number(b.low),
            tr.number(b.high)
        )
    };
    let years = (1..=10)
        .map(|y| {
            let m = y * 12 - 1;
            (
                tr.month(month_after(day, m + 1)),
                band(&o.as_is.waiting[m]),
                band(&o.as_is.chronic[m]),
            )
        })
        .collect();
    // Today's counts are persons: withheld below k like every report's.
    let count = |n: usize| {
        if n > 0 && n < DEFAULT_K {
            "x".to_owned()
        } else {
            tr.number(n)
        }
    };
    let a = &o.assumptions;
    let assumptions = vec![
        (tr.t("projection-waiting-today"), count(a.waiting)),
        (tr.t("projection-chronic-today"), count(a.chronic)),
        (tr.t("projection-inflow"), tr.decimal(a.inflow_per_month, 1)),
        (tr.t("projection-housed"), tr.decimal(a.housed_per_month, 1)),
        (tr.t("projection-inactive"), tr.percent(a.inactive_share)),
        (
            tr.t("projection-chronic-at-arrival"),
            tr.percent(a.chronic_at_arrival),
        ),
        (
            tr.t("projection-becoming-chronic"),
            tr.percent(a.becoming_chronic),
        ),
        (
            tr.t("projection-runs"),
            tr.number(passerelle_domain::projection::RUNS),
        ),
    ];
    let chart = crate::charts::fan(
        &o.as_is
            .chronic
            .iter()
            .enumerate()
            .map(|(m, b)| {
                (
                    tr.month_short(month_after(day, m + 1)),
                    b.low,
                    b.median,
                    b.high,
                )
            })
            .collect::<Vec<_>>(),
        threshold,
        &tr.t1("projection-threshold-line", "n", threshold),
        &tr.t("projection-chart"),
    );
    let page = ProjectionPage {
        ctx: &ctx,
        threshold: if errors.is_empty() {
            threshold.to_string()
        } else {
            q.threshold.clone()
        },
        k: DEFAULT_K,
        chart,
        summary,
        sooner,
        years,
        assumptions,
        errors: FormErrors::new(errors.clone(), ctx.tr),
    };
    Ok((form_status(&errors), render(&page)).into_response())
}

fn bedrooms_label(tr: &Tr, bedrooms: u8) -> String {
    if bedrooms == 0 {
        tr.t("projection-bachelor")
    } else {
        tr.tn("projection-bedrooms", &[("n", u64::from(bedrooms))])
    }
}

/// Projections already made, by day, threshold and the list's version: thousands of
/// simulated months are worth making once while nothing they read has changed (every
/// referral and status change moves the list's version; the rates are the last twelve
/// months', and the runs are seeded by the day). A few entries at most.
/// A projection's key: the day, the threshold, the list's version.
type ProjectionKey = (time::Date, usize, i64);

#[derive(Default)]
pub struct ProjectionCache(
    std::sync::Mutex<
        Vec<(
            ProjectionKey,
            std::sync::Arc<passerelle_domain::projection::Outlook>,
        )>,
    >,
);

/// How many projections the cache keeps.
const CACHED_PROJECTIONS: usize = 8;

/// The outlook for `threshold` today, from the cache when nothing it reads has changed.
async fn cached_outlook(
    state: &AppState,
    threshold: usize,
) -> Result<std::sync::Arc<passerelle_domain::projection::Outlook>, AppError> {
    let day = today();
    let key = (day, threshold, state.store.list_version().await?);
    let hit = {
        let cache = state
            .projections
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        cache
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, o)| o.clone())
    };
    if let Some(outlook) = hit {
        return Ok(outlook);
    }
    let history = projection_history(&state.store, day).await?;
    // Thousands of simulated months: off the request threads' runtime.
    let outlook = tokio::task::spawn_blocking(move || {
        passerelle_domain::projection::outlook(&history, threshold, projection_seed(day))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let outlook = std::sync::Arc::new(outlook);
    let mut cache = state
        .projections
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    cache.retain(|(k, _)| *k != key);
    cache.push((key, outlook.clone()));
    if cache.len() > CACHED_PROJECTIONS {
        cache.remove(0);
    }
    Ok(outlook)
}

/// The same day gives the same runs: a page read twice shows the same figures.
fn projection_seed(day: time::Date) -> u64 {
    day.to_julian_day() as u64
}

async fn projection_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ProjectionQuery>,
) -> Result<Json<passerelle_domain::projection::Outlook>, AppError> {
    permit(ctx.user()?.can_read_equity())?;
    let threshold = q.read().map_err(AppError::Invalid)?;
    Ok(Json((*cached_outlook(&state, threshold).await?).clone()))
}

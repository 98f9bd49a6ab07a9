//! Gap analysis (A8): each need of the needs vocabulary against the services that meet it,
//! by population (within an area, or city-wide) or by area (for a population, or anyone),
//! with open housing units as the capacity behind "a place to live", and the demand beside
//! it: the persons waiting who need each, per service. Cells with no service or a thin one
//! stand out. Counts of services, and of persons with small counts withheld: every role may
//! see it.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::routes::Routes;
use crate::views::{Choice, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use passerelle_domain::directory::ServiceStatus;
use passerelle_domain::needs::{NEEDS, ServiceCover, coverage, need_label};
use passerelle_domain::text::fold;
use passerelle_domain::vocabulary::Vocabulary;
use passerelle_store::UnitFilter;
use std::collections::HashMap;
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new().route("/network/gaps", get(gaps_page))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct GapsQuery {
    /// population (columns are populations) or area (columns are areas).
    by: String,
    /// An area id: limit the population view to it.
    area: String,
    /// A population code: limit the area view to it.
    population: String,
    /// A cell with this many services or fewer is thin (default 1).
    thin: String,
}

struct Row {
    need: String,
    /// (count, class: none, thin or "")
    cells: Vec<(usize, &'static str)>,
    /// Persons waiting who need it, city-wide, as published (`x` below k).
    waiting: String,
    /// Persons waiting per service meeting the need city-wide; blank when withheld or
    /// when no service meets it.
    per_service: String,
}

#[derive(Template)]
#[template(path = "network/gaps.html")]
struct GapsPage<'a> {
    ctx: &'a Ctx,
    by_area: bool,
    columns: Vec<String>,
    rows: Vec<Row>,
    /// Open units per column, in the area view.
    open_units: Vec<usize>,
    areas: Vec<Choice>,
    populations: Vec<Choice>,
    thin: usize,
    none_count: usize,
    thin_count: usize,
}

async fn gaps_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<GapsQuery>,
) -> Result<Response, AppError> {
    ctx.user()?;
    let lang = ctx.lang();
    let directory = state.store.export_directory().await?;
    let by_area = q.by == "area";
    let thin = q.thin.trim().parse::<usize>().unwrap_or(1).min(20);
    let area_filter = uuid::Uuid::parse_str(q.area.trim()).ok();
    let population_filter = Vocabulary::Population
        .terms()
        .iter()
        .find(|t| t.0 == q.population)
        .map(|t| Vocabulary::Population.term_id(t.0));

    let population_ids: HashMap<Uuid, &str> = Vocabulary::Population
        .terms()
        .iter()
        .map(|t| (Vocabulary::Population.term_id(t.0), t.0))
        .collect();
    let service_types: Vec<Uuid> = Vocabulary::ServiceType
        .terms()
        .iter()
        .map(|t| Vocabulary::ServiceType.term_id(t.0))
        .collect();
    let mut services = Vec::new();
    for o in &directory.organizations {
        let area_of: HashMap<Uuid, Uuid> = o
            .locations
            .iter()
            .filter_map(|l| Some((l.id, l.fields.area_id?)))
            .collect();
        for s in o
            .services
            .iter()
            .filter(|s| s.fields.status == ServiceStatus::Active)
        {
            let mut areas: Vec<Uuid> = s
                .fields
                .location_ids
                .iter()
                .filter_map(|l| area_of.get(l).copied())
                .collect();
            if areas.is_empty() {
                areas = area_of.values().copied().collect();
            }
            services.push(ServiceCover {
                service_types: s
                    .fields
                    .term_ids
                    .iter()
                    .copied()
                    .filter(|t| service_types.contains(t))
                    .collect(),
                populations: s
                    .fields
                    .term_ids
                    .iter()
                    .copied()
                    .filter(|t| population_ids.contains_key(t))
                    .collect(),
                areas,
            });
        }
    }

    let mut areas = directory.areas.clone();
    areas.sort_by_key(|a| fold(a.label(lang)));
    let population_label = |code: &str| {
        Vocabulary::Population
            .label(code, lang)
            .unwrap_or(code)
            .to_owned()
    };
    let (column_ids, columns): (Vec<Uuid>, Vec<String>) = if by_area {
        areas
            .iter()
            .map(|a| (a.id, a.label(lang).to_owned()))
            .unzip()
    } else {
        Vocabulary::Population
            .terms()
            .iter()
            .map(|t| (Vocabulary::Population.term_id(t.0), population_label(t.0)))
            .unzip()
    };
    let counts = coverage(
        &services,
        &column_ids,
        !by_area,
        area_filter,
        population_filter,
    );
    let class = |n: usize| match n {
        0 => "none",
        n if n <= thin => "thin",
        _ => "",
    };
    // The demand: persons, so a count below k is withheld like every report's. Persons
    // have several needs and the rows publish no total, so no line can give one away.
    let waiting = state.store.waiting_needs().await?;
    let k = passerelle_domain::outcomes::DEFAULT_K;
    let rows: Vec<Row> = NEEDS
        .iter()
        .zip(&counts)
        .enumerate()
        .map(|(i, (need, cells))| {
            let persons = waiting.get(need.0).copied().unwrap_or(0);
            let shown = persons == 0 || persons >= k;
            let services_city_wide = city_wide_services(&services, i);
            Row {
                need: need_label(need.0, lang).unwrap_or(need.0).to_owned(),
                cells: cells.iter().map(|&n| (n, class(n))).collect(),
                waiting: if shown {
                    persons.to_string()
                } else {
                    "x".into()
                },
                per_service: match (shown, services_city_wide) {
                    (true, s) if s > 0 => ctx.tr.decimal(persons as f64 / s as f64, 1),
                    _ => String::new(),
                },
            }
        })
        .collect();
    let open_units = if by_area {
        let open = state
            .store
            .units(&UnitFilter {
                open_only: true,
                ..Default::default()
            })
            .await?;
        column_ids
            .iter()
            .map(|a| open.iter().filter(|u| u.area_id == Some(*a)).count())
            .collect()
    } else {
        Vec::new()
    };
    let all: Vec<&(usize, &str)> = rows.iter().flat_map(|r| r.cells.iter()).collect();
    let page = GapsPage {
        ctx: &ctx,
        by_area,
        none_count: all.iter().filter(|c| c.1 == "none").count(),
        thin_count: all.iter().filter(|c| c.1 == "thin").count(),
        columns,
        rows,
        open_units,
        areas: areas
            .iter()
            .map(|a| Choice {
                value: a.id.to_string(),
                label: a.label(lang).to_owned(),
                selected: area_filter == Some(a.id),
                depth: 0,
            })
            .collect(),
        populations: Vocabulary::Population
            .terms()
            .iter()
            .map(|t| Choice {
                value: t.0.to_owned(),
                label: population_label(t.0),
                selected: q.population == t.0,
                depth: 0,
            })
            .collect(),
        thin,
    };
    Ok(render(&page))
}

/// The services meeting need `row` anywhere in the city (whatever their area or population).
fn city_wide_services(services: &[ServiceCover], row: usize) -> usize {
    let types: Vec<Uuid> = NEEDS[row]
        .3
        .iter()
        .map(|t| Vocabulary::ServiceType.term_id(t))
        .collect();
    services
        .iter()
        .filter(|s| s.service_types.iter().any(|t| types.contains(t)))
        .count()
}

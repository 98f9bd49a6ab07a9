//! A match round as a service: the waiting persons and open units read from the store,
//! turned into the engine's profiles, matched, and saved with their inputs so the round can
//! be re-explained (and solved again after a correction) exactly as it was. The pages, the
//! API and `passerelle match round` all go through here.

use crate::error::AppError;
use crate::referrals::list::{inputs, reference};
use passerelle_domain::equity::{self, SENIOR_AGE};
use passerelle_domain::referrals::BirthDateValue;
use passerelle_matching::compatibility::{
    Accessibility, FitWeights, LandlordPreferences, Point, Program, UnitProfile,
};
use passerelle_matching::plan::{Candidate, MatchPlan, Overrides, PlanInput, plan_with};
use passerelle_matching::policy::Policy;
use passerelle_store::{
    Correction, CorrectionKind, MatchCandidate, MatchUnit, NewRound, RoundOutcome, Store,
};
use serde::{Deserialize, Serialize};
use std::time::Instant;
use time::Date;
use uuid::Uuid;

/// How long each stage of a round took, in seconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    /// Reading the persons and units from the database and building their profiles.
    pub loading: f64,
    /// Compatibility of every pair, the exact solve with its certificate, and the reasons.
    pub matching: f64,
    pub saving: f64,
}

/// What a round run reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundSummary {
    /// `None` for a dry run that was not saved.
    pub id: Option<Uuid>,
    pub on: String,
    pub policy: String,
    pub persons: usize,
    pub units: usize,
    pub feasible_pairs: usize,
    pub matched: usize,
    pub objective: String,
    pub seconds: Timings,
}

/// A person's id in the engine: the list's tie-breaker (first referral date, then person
/// id), so that a round orders equal persons exactly as the by-name list does.
pub fn person_of(client: &str) -> Option<Uuid> {
    client
        .rsplit('|')
        .next()
        .and_then(|id| Uuid::parse_str(id).ok())
}

/// The programs a person is eligible for, from what the referral says about them.
fn programs(c: &MatchCandidate, today: Date) -> Vec<Program> {
    let mut eligible = Vec::new();
    if c.entry.youth {
        eligible.push(Program::Youth);
    }
    if c.entry.children {
        eligible.push(Program::Family);
    }
    let age = c
        .birth_date
        .as_deref()
        .and_then(|b| BirthDateValue::from_stored(b).age_on(today));
    if age.is_some_and(|a| a >= SENIOR_AGE) {
        eligible.push(Program::Seniors);
    }
    // Women's programs take those who say they are a woman, in their own words.
    if equity::gender(c.sex_gender.as_deref()) == "woman" {
        eligible.push(Program::Women);
    }
    eligible
}

pub fn client_profile(c: &MatchCandidate, today: Date) -> Candidate {
    let needs = |code: &str| c.accessibility.iter().any(|a| a == code);
    Candidate {
        profile: passerelle_matching::compatibility::ClientProfile {
            id: reference(&c.entry),
            adults: c.adults,
            children: (c.children_ages.len() + usize::from(c.pregnant)).min(255) as u8,
            min_bedrooms: c.bedrooms_needed,
            needs: Accessibility {
                step_free: needs("step_free"),
                elevator: needs("elevator"),
                wheelchair: needs("wheelchair"),
            },
            has_pets: c.pets,
            smokes: c.smoking,
            // A referral without a rent limit says nothing the engine can rule on: no limit.
            max_rent: c.max_rent.map(|m| m.0).unwrap_or(i64::MAX),
            preferred_areas: c.preferred_areas.clone(),
            excluded_areas: c.excluded_areas.clone(),
            supports: c.supports_at.map(|(latitude, longitude)| Point {
                latitude,
                longitude,
            }),
            max_distance_to_supports_m: None,
            has_support_worker: c.has_support_worker,
            eligible_programs: programs(c, today),
        },
        priority: inputs(&c.entry),
    }
}

/// National Occupancy Standard, read the other way: two people a bedroom, and a couple in a
/// bachelor.
fn max_occupants(bedrooms: u8) -> u8 {
    bedrooms.saturating_mul(2).max(2)
}

pub fn unit_profile(u: &MatchUnit) -> UnitProfile {
    let f = &u.listing.unit.fields;
    UnitProfile {
        id: u.listing.unit.id.to_string(),
        bedrooms: f.bedrooms,
        max_occupants: max_occupants(f.bedrooms),
        rent: f.rent.0,
        features: Accessibility {
            step_free: f.step_free || u.property_step_free,
            elevator: f.elevator || u.property_elevator,
            wheelchair: f.wheelchair,
        },
        // The landlord's preference binds every unit of theirs.
        pets_allowed: f.pets_allowed && u.landlord_accepts_pets,
        smoking_allowed: f.smoking_allowed && u.landlord_accepts_smoking,
        area: u.listing.area_id.map(|a| a.to_string()).unwrap_or_default(),
        location: u.location.map(|(latitude, longitude)| Point {
            latitude,
            longitude,
        }),
        landlord: LandlordPreferences {
            max_household: u.landlord_max_household,
            requires_support_worker: u.landlord_requires_support_worker,
        },
        // The programs a landlord names are those whose clients they accept, not a
        // restriction of their units to them; units dedicated to one program are not
        // recorded yet, so no unit is closed to anyone by program.
        program: None,
        openings: 1,
    }
}

fn outcome(
    input: &PlanInput,
    result: &MatchPlan,
    timings: &Timings,
) -> Result<RoundOutcome, AppError> {
    Ok(RoundOutcome {
        persons: input.clients.len(),
        units: input.units.len(),
        feasible_pairs: result.feasible_pairs,
        matched: result.assignments.len(),
        objective: result.objective,
        result: json(result)?,
        timings: json(timings)?,
    })
}

/// The engine's input for a round on `on`: the persons' and units' profiles, in the order
/// given (the list's), under `policy`.
pub fn plan_input<'a>(
    candidates: impl IntoIterator<Item = &'a MatchCandidate>,
    units: impl IntoIterator<Item = &'a MatchUnit>,
    on: Date,
    policy: &Policy,
) -> PlanInput {
    PlanInput {
        clients: candidates
            .into_iter()
            .map(|c| client_profile(c, on))
            .collect(),
        units: units.into_iter().map(unit_profile).collect(),
        policy: Some(policy.codes()),
        fit_weights: FitWeights::default(),
    }
}

/// A solved round as the store keeps it.
pub fn new_round(
    on: Date,
    policy: &Policy,
    dry_run: bool,
    input: &PlanInput,
    result: &MatchPlan,
    timings: &Timings,
) -> Result<NewRound, AppError> {
    Ok(NewRound {
        on,
        policy: policy.codes(),
        dry_run,
        outcome: outcome(input, result, timings)?,
        inputs: json(input)?,
    })
}

fn json<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::Internal(e.to_string()))
}

pub fn solve(
    input: &PlanInput,
    policy: &Policy,
    overrides: &Overrides,
) -> Result<MatchPlan, AppError> {
    plan_with(
        &input.clients,
        &input.units,
        policy,
        &input.fit_weights,
        overrides,
    )
    .map_err(|e| match e {
        passerelle_matching::plan::PlanError::Pin { .. }
        | passerelle_matching::plan::PlanError::UnknownPair { .. } => {
            AppError::Conflict("error-pin-infeasible")
        }
        other => AppError::Internal(other.to_string()),
    })
}

/// Runs a round on `today`'s waiting persons and open units under `policy` and saves it. A
/// dry run is saved too, marked as such, so that it can be read and compared; no offer is
/// ever made from it. The caller applies the day's consent dates and offer deadlines
/// first, so that nobody whose consent ended is matched and no lapsed offer holds a unit.
pub async fn start_round(
    store: &Store,
    actor: Option<Uuid>,
    today: Date,
    policy: &Policy,
    dry_run: bool,
) -> Result<RoundSummary, AppError> {
    let started = Instant::now();
    let (candidates, units) = tokio::try_join!(store.match_candidates(), store.match_units(today))?;
    let input = plan_input(&candidates, &units, today, policy);
    let mut timings = Timings {
        loading: started.elapsed().as_secs_f64(),
        ..Default::default()
    };
    let matching = Instant::now();
    let result = solve(&input, policy, &Overrides::default())?;
    timings.matching = matching.elapsed().as_secs_f64();
    let saving = Instant::now();
    let round = new_round(today, policy, dry_run, &input, &result, &timings)?;
    let id = store.save_round(actor, &round).await?;
    timings.saving = saving.elapsed().as_secs_f64();
    Ok(RoundSummary {
        id: Some(id),
        on: passerelle_domain::housing::date_text(today),
        policy: round.policy,
        persons: input.clients.len(),
        units: input.units.len(),
        feasible_pairs: result.feasible_pairs,
        matched: result.assignments.len(),
        objective: result.objective.to_string(),
        seconds: timings,
    })
}

/// A saved round, read back: its inputs, result and the revision they belong to.
pub struct LoadedRound {
    pub input: PlanInput,
    pub result: MatchPlan,
    pub revision: i64,
    pub policy: Policy,
}

pub async fn load_round(store: &Store, round_id: Uuid) -> Result<LoadedRound, AppError> {
    let (inputs, result, revision) = store.round_data(round_id).await?;
    let corrupt = |e: serde_json::Error| AppError::Internal(format!("round {round_id}: {e}"));
    let input: PlanInput = serde_json::from_str(&inputs).map_err(corrupt)?;
    let result: MatchPlan = serde_json::from_str(&result).map_err(corrupt)?;
    let policy = Policy::parse(input.policy.as_deref().unwrap_or(""))
        .map_err(|e| AppError::Internal(format!("round {round_id}: {e}")))?;
    Ok(LoadedRound {
        input,
        result,
        revision,
        policy,
    })
}

/// Records the locator's correction to a round and solves it again from its saved inputs
/// with every correction so far. A pin that breaks a hard constraint, or that the round's
/// inputs do not hold, is refused and nothing is saved.
pub async fn correct(
    store: &Store,
    actor: Option<Uuid>,
    round_id: Uuid,
    correction: &Correction,
) -> Result<(), AppError> {
    let round = load_round(store, round_id).await?;
    let engine_id = |person: Uuid| {
        round
            .input
            .clients
            .iter()
            .find(|c| person_of(&c.profile.id) == Some(person))
            .map(|c| c.profile.id.clone())
    };
    let mut overrides = Overrides::default();
    let saved = store.overrides(round_id).await?;
    let all = saved
        .iter()
        .map(|o| (o.person_id, o.unit_id, o.kind))
        .chain([(correction.person_id, correction.unit_id, correction.kind)]);
    for (person, unit, kind) in all {
        let client = engine_id(person).ok_or(AppError::Conflict("error-pin-infeasible"))?;
        let pair = (client, unit.to_string());
        match kind {
            CorrectionKind::Pin => overrides.pinned.push(pair),
            CorrectionKind::Exclude => overrides.excluded.push(pair),
        }
    }
    let started = Instant::now();
    let result = solve(&round.input, &round.policy, &overrides)?;
    let timings = Timings {
        matching: started.elapsed().as_secs_f64(),
        ..Default::default()
    };
    store
        .correct_round(
            actor,
            round_id,
            round.revision,
            correction,
            &outcome(&round.input, &result, &timings)?,
        )
        .await?;
    Ok(())
}

/// A round set against the way most coordinated-entry systems match today (each open unit
/// in turn to the highest-ranked compatible person), on the same snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub optimal_matched: usize,
    pub optimal_fit: u64,
    pub usual_matched: usize,
    pub usual_fit: u64,
    /// Persons the round houses that one vacancy at a time leaves waiting, and the reverse.
    pub only_optimal: usize,
    pub only_usual: usize,
}

pub fn compare_with_usual(round: &LoadedRound) -> Result<Comparison, AppError> {
    let usual = match_snapshot(&round.input, &round.policy, Way::OneVacancyAtATime)?;
    let optimal: std::collections::HashSet<&str> = round
        .result
        .assignments
        .iter()
        .map(|a| a.client.as_str())
        .collect();
    let usual_set: std::collections::HashSet<&str> =
        usual.pairs.iter().map(|p| p.client.as_str()).collect();
    Ok(Comparison {
        optimal_matched: round.result.assignments.len(),
        optimal_fit: round.result.assignments.iter().map(|a| a.fit as u64).sum(),
        usual_matched: usual.matched(),
        usual_fit: usual.total_fit(),
        only_optimal: optimal.difference(&usual_set).count(),
        only_usual: usual_set.difference(&optimal).count(),
    })
}

/// How a snapshot is matched: all of it at once (the round), or the usual way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Way {
    Round,
    OneVacancyAtATime,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    pub client: String,
    pub unit: String,
    pub fit: u32,
    /// The person's place under the policy, from 1.
    pub rank: u32,
}

/// A snapshot matched one way under one policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotMatch {
    pub way: Way,
    pub pairs: Vec<Pair>,
}

impl SnapshotMatch {
    pub fn matched(&self) -> usize {
        self.pairs.len()
    }

    pub fn total_fit(&self) -> u64 {
        self.pairs.iter().map(|p| u64::from(p.fit)).sum()
    }

    /// The median rank of the persons matched.
    pub fn median_rank(&self) -> Option<f64> {
        let mut ranks: Vec<u32> = self.pairs.iter().map(|p| p.rank).collect();
        ranks.sort_unstable();
        let mid = ranks.len() / 2;
        match ranks.len() {
            0 => None,
            n if n % 2 == 1 => Some(f64::from(ranks[mid])),
            _ => Some(f64::from(ranks[mid - 1] + ranks[mid]) / 2.0),
        }
    }

    /// The lowest-ranked person matched.
    pub fn last_rank(&self) -> Option<u32> {
        self.pairs.iter().map(|p| p.rank).max()
    }

    /// Of the n highest-ranked persons (n = how many were matched), how many were: n when
    /// no one lower on the list took a unit before someone higher.
    pub fn top_ranked_matched(&self) -> usize {
        let n = self.matched() as u32;
        self.pairs.iter().filter(|p| p.rank <= n).count()
    }
}

/// Matches the round's snapshot `way` under `policy`, without the round's corrections (a
/// comparison is of policies and ways, not of one locator's exclusions).
pub fn match_snapshot(
    input: &PlanInput,
    policy: &Policy,
    way: Way,
) -> Result<SnapshotMatch, AppError> {
    let weights = &input.fit_weights;
    let refs: Vec<(&str, passerelle_matching::policy::PriorityInputs)> = input
        .clients
        .iter()
        .map(|c| (c.profile.id.as_str(), c.priority))
        .collect();
    let ranking = policy.rank(&refs);
    let at: std::collections::HashMap<&str, usize> = refs
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let units: std::collections::HashMap<&str, &UnitProfile> =
        input.units.iter().map(|u| (u.id.as_str(), u)).collect();
    let pair = |client: String, unit: String| {
        let c = at[client.as_str()];
        let fit = passerelle_matching::compatibility::fit(
            &input.clients[c].profile,
            units[unit.as_str()],
            weights,
        );
        Pair {
            rank: ranking.position[c],
            client,
            unit,
            fit,
        }
    };
    let pairs = match way {
        Way::Round => {
            passerelle_matching::plan::plan(&input.clients, &input.units, policy, weights)
                .map_err(|e| AppError::Internal(format!("a saved round fails to solve: {e:?}")))?
                .assignments
                .into_iter()
                .map(|a| pair(a.client, a.unit))
                .collect()
        }
        Way::OneVacancyAtATime => {
            passerelle_matching::plan::one_vacancy_at_a_time(&input.clients, &input.units, policy)
                .into_iter()
                .map(|(c, u)| pair(c, u))
                .collect()
        }
    };
    Ok(SnapshotMatch { way, pairs })
}

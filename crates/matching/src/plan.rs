//! A whole-city match (D2–D3): every open unit against every waiting client at once,
//! solved exactly under the policy, with the reasons for every decision.

use crate::compatibility::{
    ClientProfile, Compatibility, Constraint, FitWeights, Term, UnitProfile, assess, compatible,
    failed, fit,
};
use crate::policy::{Policy, PriorityInputs, Ranking, weight};
use crate::solver::{Problem, solve, verify};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// A waiting client: the profile and what the policy ranks on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    pub profile: ClientProfile,
    #[serde(default)]
    pub priority: PriorityInputs,
}

/// A match to run, as `passerelle match plan` reads it from JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    pub clients: Vec<Candidate>,
    pub units: Vec<UnitProfile>,
    /// Priority keys, most important first (see [`Policy::parse`]); the default policy when
    /// absent.
    #[serde(default)]
    pub policy: Option<String>,
    #[serde(default)]
    pub fit_weights: FitWeights,
}

/// How many higher-priority clients an explanation lists by name; the rest are counted.
pub const LISTED_HIGHER_PRIORITY: usize = 5;

/// The locator's corrections to a match: pairs never to propose (with the reason kept by
/// the caller) and pairs to propose whatever the optimum says. Ids are the profiles' ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    #[serde(default)]
    pub excluded: Vec<(String, String)>,
    #[serde(default)]
    pub pinned: Vec<(String, String)>,
}

/// The result of a match run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchPlan {
    /// In priority order.
    pub assignments: Vec<Assignment>,
    /// In priority order.
    pub unmatched: Vec<Unmatched>,
    pub feasible_pairs: usize,
    /// The total weight (level × 1000 + fit, summed), proven optimal by the solver's dual
    /// certificate, which the run checks.
    pub objective: u128,
}

/// A client offered a unit, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub client: String,
    pub unit: String,
    /// The client's place in the priority order, from 1.
    pub priority_position: u32,
    pub fit: u32,
    /// Every hard constraint, all met.
    pub constraints_met: Vec<Constraint>,
    pub terms: Vec<(Term, u32)>,
    /// Clients of higher priority who could also have taken this unit, and what they got.
    pub higher_priority: Vec<OtherOffer>,
    /// How many such clients there are in all (only the first few are listed).
    pub higher_priority_count: usize,
    /// Proposed because the locator pinned the pair, not because the optimum chose it.
    #[serde(default)]
    pub pinned: bool,
}

/// A higher-priority client who was compatible with a unit given to someone else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OtherOffer {
    pub client: String,
    pub priority_position: u32,
    /// The unit they were offered instead (always one: leaving them out for someone of
    /// lower priority would lower the total).
    pub offered: Option<String>,
    pub fit_offered: Option<u32>,
    /// Their fit with the unit they did not get.
    pub fit_here: u32,
}

/// A client left waiting, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unmatched {
    pub client: String,
    pub priority_position: u32,
    /// How many open units the client could take, and how many places they have (a
    /// program unit may have several).
    pub feasible_units: usize,
    pub feasible_places: u64,
    /// When none: each constraint with the number of units it ruled out, most first.
    pub ruled_out_by: Vec<(Constraint, usize)>,
    /// When none: each constraint with the number of units that it alone ruled out, most
    /// first; the units relaxing that one constraint would open. A unit failing several
    /// constraints is counted in `ruled_out_by` only.
    #[serde(default)]
    pub blocked_only_by: Vec<(Constraint, usize)>,
    /// Units the locator excluded for this client (otherwise compatible).
    #[serde(default)]
    pub excluded_units: usize,
    /// Of those places, how many went to clients of higher priority, and how many to
    /// clients of the same priority who fitted better.
    pub places_to_higher_priority: usize,
    pub places_to_same_priority: usize,
}

/// Why a match could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("the client {0:?} appears twice")]
    DuplicateClient(String),
    #[error("the unit {0:?} appears twice")]
    DuplicateUnit(String),
    #[error("the fit weights add up to more than 999")]
    FitWeights,
    #[error("{id:?}: {reason}")]
    Invalid { id: String, reason: String },
    #[error("the solver failed: {0}")]
    Solver(String),
    /// A pinned or excluded pair names a client or unit not in the match.
    #[error("{client:?} and {unit:?}: not both in this match")]
    UnknownPair { client: String, unit: String },
    /// A pinned pair breaks a hard constraint, or pins a client twice or a unit beyond
    /// its openings.
    #[error("{client:?} cannot be pinned to {unit:?}: {reason}")]
    Pin {
        client: String,
        unit: String,
        reason: String,
    },
}

fn unique<'a>(ids: impl Iterator<Item = &'a str>) -> Result<(), &'a str> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(id);
        }
    }
    Ok(())
}

/// Matches `clients` to `units` under `policy`.
pub fn plan(
    clients: &[Candidate],
    units: &[UnitProfile],
    policy: &Policy,
    weights: &FitWeights,
) -> Result<MatchPlan, PlanError> {
    plan_with(clients, units, policy, weights, &Overrides::default())
}

/// The solver's problem for `clients` and `units` under `policy`: clients numbered in
/// priority order, one edge per compatible pair weighted by level and fit, each unit's
/// openings as its capacity. What a round hands the solver, for measuring the solver on
/// it (`passerelle match generate --shape round`) or for a solver elsewhere.
pub fn solver_problem(
    clients: &[Candidate],
    units: &[UnitProfile],
    policy: &Policy,
    weights: &FitWeights,
) -> Result<Problem, PlanError> {
    Ok(Composed::new(clients, units, policy, weights, &Overrides::default())?.problem)
}

/// A match made ready to solve: the inputs checked, the overrides resolved, the clients
/// ranked and every pair screened.
struct Composed {
    weights: FitWeights,
    corrections: Corrections,
    ranking: Ranking,
    problem: Problem,
    compatible_by_unit: Vec<Vec<usize>>,
    compatible_by_client: Vec<Vec<usize>>,
    feasible_by_client: Vec<usize>,
    excluded_by_client: Vec<usize>,
}

impl Composed {
    fn new(
        clients: &[Candidate],
        units: &[UnitProfile],
        policy: &Policy,
        weights: &FitWeights,
        overrides: &Overrides,
    ) -> Result<Composed, PlanError> {
        let weights = weights.checked().ok_or(PlanError::FitWeights)?;
        for c in clients {
            c.profile.check().map_err(|reason| PlanError::Invalid {
                id: c.profile.id.clone(),
                reason,
            })?;
        }
        for u in units {
            u.check().map_err(|reason| PlanError::Invalid {
                id: u.id.clone(),
                reason,
            })?;
        }
        unique(clients.iter().map(|c| c.profile.id.as_str()))
            .map_err(|id| PlanError::DuplicateClient(id.into()))?;
        unique(units.iter().map(|u| u.id.as_str()))
            .map_err(|id| PlanError::DuplicateUnit(id.into()))?;
        let corrections = Corrections::resolve(clients, units, overrides, &weights)?;
        let refs: Vec<(&str, PriorityInputs)> = clients
            .iter()
            .map(|c| (c.profile.id.as_str(), c.priority))
            .collect();
        let ranking = policy.rank(&refs);

        // Solver clients are numbered in priority order, so every listing below follows it.
        let mut problem = Problem::new(clients.len() as u32, units.len() as u32);
        for (u, unit) in units.iter().enumerate() {
            problem.set_capacity(u as u32, unit.openings - corrections.pinned_places[u]);
        }
        // Most pairs fail on rent: with the units in order of rent, the ones a client can afford
        // (the affordability constraint, rent ≤ what they can pay) are a prefix, and only those
        // are checked against every constraint.
        let mut by_rent: Vec<usize> = (0..units.len()).collect();
        by_rent.sort_by_key(|&u| units[u].rent);
        let screened = on_every_core(&ranking.order, |&c| {
            let client = &clients[c].profile;
            let end = by_rent.partition_point(|&u| units[u].rent <= client.max_rent);
            let mut affordable = by_rent[..end].to_vec();
            // In the units' order, so that the problem and its explanations do not depend on
            // rents that tie.
            affordable.sort_unstable();
            let mut screen = Screened::default();
            for u in affordable {
                if !compatible(client, &units[u]) {
                    continue;
                }
                if corrections.excluded.contains(&(c, u)) {
                    screen.excluded += 1;
                    continue;
                }
                screen.compatible.push((
                    u,
                    weight(ranking.level[c], fit(client, &units[u], &weights)),
                ));
            }
            screen
        });
        let mut compatible_by_unit: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
        let mut compatible_by_client: Vec<Vec<usize>> = vec![Vec::new(); clients.len()];
        let mut feasible_by_client = vec![0usize; clients.len()];
        let mut excluded_by_client = vec![0usize; clients.len()];
        for (solver_client, (&c, screen)) in ranking.order.iter().zip(screened).enumerate() {
            excluded_by_client[c] = screen.excluded;
            feasible_by_client[c] = screen.compatible.len();
            for &(u, weight) in &screen.compatible {
                compatible_by_unit[u].push(c);
                // A pinned client is already placed; a unit full of pinned clients has no
                // capacity left. Their compatibility still counts in the explanations.
                if corrections.pinned_unit[c].is_none() {
                    problem.add_edge(solver_client as u32, u as u32, weight);
                }
            }
            compatible_by_client[c] = screen.compatible.into_iter().map(|(u, _)| u).collect();
        }
        Ok(Composed {
            weights,
            corrections,
            ranking,
            problem,
            compatible_by_unit,
            compatible_by_client,
            feasible_by_client,
            excluded_by_client,
        })
    }
}

/// Matches `clients` to `units` under `policy`, never proposing an excluded pair and always
/// proposing a pinned one: pinned clients and the places they take leave the problem, and
/// the rest is solved exactly around them.
pub fn plan_with(
    clients: &[Candidate],
    units: &[UnitProfile],
    policy: &Policy,
    weights: &FitWeights,
    overrides: &Overrides,
) -> Result<MatchPlan, PlanError> {
    let Composed {
        weights,
        corrections,
        ranking,
        problem,
        compatible_by_unit,
        compatible_by_client,
        feasible_by_client,
        excluded_by_client,
    } = Composed::new(clients, units, policy, weights, overrides)?;
    let solution = solve(&problem).map_err(|e| PlanError::Solver(e.to_string()))?;
    verify(&problem, &solution).map_err(|e| PlanError::Solver(e.to_string()))?;
    let mut unit_of = corrections.pinned_unit.clone();
    for (solver_client, unit) in solution.pairs() {
        unit_of[ranking.order[solver_client as usize]] = Some(unit as usize);
    }
    let pinned_objective: u128 = (0..clients.len())
        .filter_map(|c| {
            let u = corrections.pinned_unit[c]?;
            let fit = assess(&clients[c].profile, &units[u], &weights).fit();
            Some(weight(ranking.level[c], fit) as u128)
        })
        .sum();

    let mut assigned_to: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    for (c, u) in unit_of.iter().enumerate() {
        if let Some(u) = u {
            assigned_to[*u].push(c);
        }
    }
    let explain = Explainer {
        clients,
        units,
        ranking: &ranking,
        weights: &weights,
        unit_of: &unit_of,
        compatible_by_unit: &compatible_by_unit,
        compatible_by_client: &compatible_by_client,
        assigned_to: &assigned_to,
    };
    let mut assignments = Vec::new();
    let mut unmatched = Vec::new();
    let explained = on_every_core(&ranking.order, |&c| match unit_of[c] {
        Some(u) => {
            let mut a = explain.assignment(c, u);
            a.pinned = corrections.pinned_unit[c].is_some();
            Explained::Proposed(a)
        }
        None => {
            let mut w = explain.unmatched(c, feasible_by_client[c]);
            w.excluded_units = excluded_by_client[c];
            Explained::Waiting(w)
        }
    });
    for reason in explained {
        match reason {
            Explained::Proposed(a) => assignments.push(a),
            Explained::Waiting(w) => unmatched.push(w),
        }
    }
    Ok(MatchPlan {
        assignments,
        unmatched,
        feasible_pairs: feasible_by_client.iter().sum(),
        objective: solution.objective + pinned_objective,
    })
}

/// One client's outcome with its reasons.
enum Explained {
    Proposed(Assignment),
    Waiting(Unmatched),
}

/// One client's compatible units, in the units' order, with the pair's weight, and how many
/// more the locator excluded.
#[derive(Default)]
struct Screened {
    compatible: Vec<(usize, u64)>,
    excluded: usize,
}

/// `work` applied to each item, on every core the machine has, in the items' order. The
/// items are dealt round-robin, since their cost follows priority (the clients who wait
/// cost most to explain) and contiguous shares would leave a core idle.
fn on_every_core<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let shares = cores.min(items.len().div_ceil(256)).max(1);
    if shares == 1 {
        return items.iter().map(work).collect();
    }
    let mut dealt: Vec<std::vec::IntoIter<R>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..shares)
            .map(|share| {
                let work = &work;
                scope.spawn(move || {
                    items
                        .iter()
                        .skip(share)
                        .step_by(shares)
                        .map(work)
                        .collect::<Vec<R>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| match worker.join() {
                Ok(results) => results.into_iter(),
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    (0..items.len())
        .map(|i| {
            dealt[i % shares]
                .next()
                .expect("every share holds its items")
        })
        .collect()
}

/// The overrides as indices, checked against the match.
struct Corrections {
    excluded: HashSet<(usize, usize)>,
    /// Each client's pinned unit.
    pinned_unit: Vec<Option<usize>>,
    /// How many of each unit's openings pinned clients take.
    pinned_places: Vec<u32>,
}

impl Corrections {
    fn resolve(
        clients: &[Candidate],
        units: &[UnitProfile],
        overrides: &Overrides,
        weights: &FitWeights,
    ) -> Result<Corrections, PlanError> {
        let client_index: HashMap<&str, usize> = clients
            .iter()
            .enumerate()
            .map(|(i, c)| (c.profile.id.as_str(), i))
            .collect();
        let unit_index: HashMap<&str, usize> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.as_str(), i))
            .collect();
        let find = |(client, unit): &(String, String)| match (
            client_index.get(client.as_str()),
            unit_index.get(unit.as_str()),
        ) {
            (Some(&c), Some(&u)) => Ok((c, u)),
            _ => Err(PlanError::UnknownPair {
                client: client.clone(),
                unit: unit.clone(),
            }),
        };
        let excluded = overrides
            .excluded
            .iter()
            .map(find)
            .collect::<Result<HashSet<_>, _>>()?;
        let mut pinned_unit = vec![None; clients.len()];
        let mut pinned_places = vec![0u32; units.len()];
        for pair in &overrides.pinned {
            let (c, u) = find(pair)?;
            let refuse = |reason: String| PlanError::Pin {
                client: pair.0.clone(),
                unit: pair.1.clone(),
                reason,
            };
            let verdict = assess(&clients[c].profile, &units[u], weights);
            if let Some(failed) = verdict.failed.first() {
                return Err(refuse(format!("fails {}", failed.code())));
            }
            if excluded.contains(&(c, u)) {
                return Err(refuse("the pair is also excluded".into()));
            }
            if pinned_unit[c].replace(u).is_some() {
                return Err(refuse("the client is pinned twice".into()));
            }
            pinned_places[u] += 1;
            if pinned_places[u] > units[u].openings {
                return Err(refuse("the unit has no opening left".into()));
            }
        }
        Ok(Corrections {
            excluded,
            pinned_unit,
            pinned_places,
        })
    }
}

/// The way most coordinated-entry systems match today, for comparison: one vacancy at a
/// time, in the order the units are given, each opening to the highest-priority compatible
/// client not yet placed. Returns (client, unit) ids in the order they were made.
pub fn one_vacancy_at_a_time(
    clients: &[Candidate],
    units: &[UnitProfile],
    policy: &Policy,
) -> Vec<(String, String)> {
    let refs: Vec<(&str, PriorityInputs)> = clients
        .iter()
        .map(|c| (c.profile.id.as_str(), c.priority))
        .collect();
    let ranking = policy.rank(&refs);
    let mut placed = vec![false; clients.len()];
    let mut pairs = Vec::new();
    for unit in units {
        for _ in 0..unit.openings {
            let next = ranking
                .order
                .iter()
                .copied()
                .find(|&c| !placed[c] && compatible(&clients[c].profile, unit));
            let Some(c) = next else { break };
            placed[c] = true;
            pairs.push((clients[c].profile.id.clone(), unit.id.clone()));
        }
    }
    pairs
}

struct Explainer<'a> {
    clients: &'a [Candidate],
    units: &'a [UnitProfile],
    ranking: &'a Ranking,
    weights: &'a FitWeights,
    unit_of: &'a [Option<usize>],
    compatible_by_unit: &'a [Vec<usize>],
    /// The same pairs by client: a waiting client's reasons read only their own units.
    compatible_by_client: &'a [Vec<usize>],
    /// Who each unit went to (every one of them is compatible with it).
    assigned_to: &'a [Vec<usize>],
}

impl Explainer<'_> {
    fn assess(&self, c: usize, u: usize) -> Compatibility {
        assess(&self.clients[c].profile, &self.units[u], self.weights)
    }

    fn assignment(&self, c: usize, u: usize) -> Assignment {
        let verdict = self.assess(c, u);
        // Compatible clients are listed in priority order (the solver's numbering).
        let higher: Vec<usize> = self.compatible_by_unit[u]
            .iter()
            .copied()
            .filter(|&h| self.ranking.outranks(h, c))
            .collect();
        let higher_priority = higher
            .iter()
            .take(LISTED_HIGHER_PRIORITY)
            .map(|&h| OtherOffer {
                client: self.clients[h].profile.id.clone(),
                priority_position: self.ranking.position[h],
                offered: self.unit_of[h].map(|o| self.units[o].id.clone()),
                fit_offered: self.unit_of[h].map(|o| self.assess(h, o).fit()),
                fit_here: self.assess(h, u).fit(),
            })
            .collect();
        Assignment {
            client: self.clients[c].profile.id.clone(),
            unit: self.units[u].id.clone(),
            priority_position: self.ranking.position[c],
            fit: verdict.fit(),
            constraints_met: Constraint::ALL.to_vec(),
            terms: verdict.terms,
            higher_priority,
            higher_priority_count: higher.len(),
            pinned: false,
        }
    }

    fn unmatched(&self, c: usize, feasible_units: usize) -> Unmatched {
        let mut ruled_out_by = Vec::new();
        let (mut by_higher, mut by_same, mut places) = (0, 0, 0);
        let mut blocked_only_by = Vec::new();
        if feasible_units == 0 {
            let mut counts = [0usize; Constraint::ALL.len()];
            let mut alone = [0usize; Constraint::ALL.len()];
            for unit in self.units {
                let mut failed = failed(&self.clients[c].profile, unit);
                let Some(first) = failed.next() else { continue };
                counts[first as usize] += 1;
                let mut only = true;
                for f in failed {
                    counts[f as usize] += 1;
                    only = false;
                }
                if only {
                    alone[first as usize] += 1;
                }
            }
            let most_first = |counts: [usize; Constraint::ALL.len()]| {
                let mut v: Vec<(Constraint, usize)> = Constraint::ALL
                    .into_iter()
                    .zip(counts)
                    .filter(|&(_, n)| n > 0)
                    .collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                v
            };
            ruled_out_by = most_first(counts);
            blocked_only_by = most_first(alone);
        } else {
            for &u in &self.compatible_by_client[c] {
                places += self.units[u].openings as u64;
                for &other in &self.assigned_to[u] {
                    if self.ranking.outranks(other, c) {
                        by_higher += 1;
                    } else {
                        by_same += 1;
                    }
                }
            }
        }
        Unmatched {
            client: self.clients[c].profile.id.clone(),
            priority_position: self.ranking.position[c],
            feasible_units,
            feasible_places: places,
            ruled_out_by,
            blocked_only_by,
            excluded_units: 0,
            places_to_higher_priority: by_higher,
            places_to_same_priority: by_same,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compatibility::tests::{client, unit};

    fn candidate(id: &str, acuity: u16) -> Candidate {
        Candidate {
            profile: client(id),
            priority: PriorityInputs {
                acuity,
                ..Default::default()
            },
        }
    }

    #[test]
    fn houses_the_highest_priority_first_and_explains_every_decision() {
        let mut high = candidate("high", 15);
        high.profile.preferred_areas = vec!["overbrook".into()];
        let mut pets = candidate("pets", 12);
        pets.profile.has_pets = true;
        let low = candidate("low", 3);
        let lowest = candidate("lowest", 1);
        let vanier = unit("vanier-1");
        let mut overbrook = unit("overbrook-1");
        overbrook.area = "overbrook".into();
        let units = vec![vanier, overbrook];
        let plan = plan(
            &[lowest, pets, low, high],
            &units,
            &Policy::default(),
            &FitWeights::default(),
        )
        .unwrap();

        let offers: Vec<(&str, &str)> = plan
            .assignments
            .iter()
            .map(|a| (a.client.as_str(), a.unit.as_str()))
            .collect();
        assert_eq!(offers, vec![("high", "overbrook-1"), ("low", "vanier-1")]);
        let low_offer = &plan.assignments[1];
        assert_eq!(low_offer.higher_priority_count, 1);
        assert_eq!(
            low_offer.higher_priority[0],
            OtherOffer {
                client: "high".into(),
                priority_position: 1,
                offered: Some("overbrook-1".into()),
                fit_offered: Some(plan.assignments[0].fit),
                fit_here: plan.assignments[0].fit - 300,
            }
        );
        assert!(
            plan.assignments[0]
                .terms
                .contains(&(Term::PreferredArea, 300))
        );

        let waiting: Vec<&str> = plan.unmatched.iter().map(|u| u.client.as_str()).collect();
        assert_eq!(waiting, vec!["pets", "lowest"]);
        assert_eq!(plan.unmatched[0].feasible_units, 0);
        assert_eq!(plan.unmatched[0].ruled_out_by, vec![(Constraint::Pets, 2)]);
        assert_eq!(plan.unmatched[1].feasible_units, 2);
        assert_eq!(plan.unmatched[1].feasible_places, 2);
        assert_eq!(plan.unmatched[1].places_to_higher_priority, 2);
    }

    #[test]
    fn program_units_take_several_eligible_households() {
        let mut units = vec![unit("youth-house")];
        units[0].program = Some(crate::compatibility::Program::Youth);
        units[0].openings = 2;
        let mut clients: Vec<Candidate> = (0..3).map(|i| candidate(&format!("y{i}"), 5)).collect();
        for c in &mut clients[..2] {
            c.profile.eligible_programs = vec![crate::compatibility::Program::Youth];
        }
        let plan = plan(&clients, &units, &Policy::default(), &FitWeights::default()).unwrap();
        assert_eq!(plan.assignments.len(), 2);
        assert_eq!(
            plan.unmatched[0].ruled_out_by,
            vec![(Constraint::ProgramEligibility, 1)]
        );
    }

    #[test]
    fn the_optimum_houses_more_than_one_vacancy_at_a_time() {
        // The first unit fits both; the second only the higher-priority client. Offering
        // each vacancy in turn to the highest-ranked compatible client houses one.
        let mut first = candidate("first", 10);
        first.profile.has_pets = true;
        let second = candidate("second", 5);
        let mut shared = unit("shared");
        shared.pets_allowed = true;
        let mut pets_only = unit("pets-only");
        pets_only.pets_allowed = true;
        pets_only.max_occupants = 1;
        let mut second_large = second.clone();
        second_large.profile.adults = 2;
        let clients = [first, second_large];
        let units = [shared, pets_only];
        let usual = one_vacancy_at_a_time(&clients, &units, &Policy::default());
        assert_eq!(usual, vec![("first".to_owned(), "shared".to_owned())]);
        let best = plan(&clients, &units, &Policy::default(), &FitWeights::default()).unwrap();
        let pairs: Vec<(&str, &str)> = best
            .assignments
            .iter()
            .map(|a| (a.client.as_str(), a.unit.as_str()))
            .collect();
        assert_eq!(pairs, vec![("first", "pets-only"), ("second", "shared")]);
    }

    #[test]
    fn excluded_pairs_are_never_proposed_and_pinned_pairs_always_are() {
        let clients = [candidate("high", 9), candidate("low", 1)];
        let units = [unit("a"), unit("b")];
        let pair = |c: &str, u: &str| (c.to_owned(), u.to_owned());
        let overrides = Overrides {
            excluded: vec![pair("high", "a")],
            pinned: vec![pair("low", "b")],
        };
        let result = plan_with(
            &clients,
            &units,
            &Policy::default(),
            &FitWeights::default(),
            &overrides,
        )
        .unwrap();
        // "high" could only take "b" (a is excluded) and "b" is pinned to "low".
        assert_eq!(result.assignments.len(), 1);
        assert_eq!(result.assignments[0].client, "low");
        assert!(result.assignments[0].pinned);
        assert_eq!(result.unmatched[0].client, "high");
        assert_eq!(result.unmatched[0].excluded_units, 1);
        assert_eq!(result.unmatched[0].places_to_higher_priority, 0);
        assert_eq!(result.unmatched[0].places_to_same_priority, 1);

        let mut pets = candidate("pets", 3);
        pets.profile.has_pets = true;
        let refused = plan_with(
            &[pets],
            &units,
            &Policy::default(),
            &FitWeights::default(),
            &Overrides {
                pinned: vec![pair("pets", "a")],
                ..Default::default()
            },
        );
        assert!(matches!(refused, Err(PlanError::Pin { .. })));
        let unknown = plan_with(
            &clients,
            &units,
            &Policy::default(),
            &FitWeights::default(),
            &Overrides {
                excluded: vec![pair("nobody", "a")],
                ..Default::default()
            },
        );
        assert!(matches!(unknown, Err(PlanError::UnknownPair { .. })));
    }

    #[test]
    fn a_waiting_client_learns_which_constraint_alone_keeps_units_away() {
        let mut big = candidate("big", 5);
        big.profile.has_pets = true;
        big.profile.adults = 2;
        big.profile.children = 2;
        big.profile.min_bedrooms = 2;
        let mut two_bed = unit("two-bed");
        two_bed.bedrooms = 2;
        two_bed.max_occupants = 5;
        let one_bed = unit("one-bed");
        let result = plan(
            &[big],
            &[two_bed, one_bed],
            &Policy::default(),
            &FitWeights::default(),
        )
        .unwrap();
        let waiting = &result.unmatched[0];
        assert_eq!(waiting.blocked_only_by, vec![(Constraint::Pets, 1)]);
        assert_eq!(waiting.ruled_out_by[0], (Constraint::Pets, 2));
    }

    #[test]
    fn work_shared_between_cores_comes_back_in_the_items_order() {
        for n in [0usize, 1, 255, 256, 257, 1000, 4097] {
            let items: Vec<usize> = (0..n).collect();
            let doubled = on_every_core(&items, |&i| i * 2);
            assert_eq!(
                doubled,
                (0..n).map(|i| i * 2).collect::<Vec<_>>(),
                "{n} items"
            );
        }
    }

    #[test]
    fn refuses_repeated_ids_and_oversized_weights() {
        let clients = [candidate("a", 1), candidate("a", 2)];
        assert_eq!(
            plan(&clients, &[], &Policy::default(), &FitWeights::default()),
            Err(PlanError::DuplicateClient("a".into()))
        );
        let too_much = FitWeights {
            preferred_area: 900,
            ..FitWeights::default()
        };
        assert_eq!(
            plan(&[], &[], &Policy::default(), &too_much),
            Err(PlanError::FitWeights)
        );
    }
}

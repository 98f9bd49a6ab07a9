//! A whole-city match (D2–D3): every open unit against every waiting client at once,
//! solved exactly under the policy, with the reasons for every decision.

use crate::compatibility::{
    ClientProfile, Compatibility, Constraint, FitWeights, Term, UnitProfile, assess,
};
use crate::policy::{Policy, PriorityInputs, Ranking, weight};
use crate::solver::{Problem, solve, verify};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

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

/// The result of a match run.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
}

/// A higher-priority client who was compatible with a unit given to someone else.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmatched {
    pub client: String,
    pub priority_position: u32,
    /// How many open units the client could take, and how many places they have (a
    /// program unit may have several).
    pub feasible_units: usize,
    pub feasible_places: u64,
    /// When none: each constraint with the number of units it ruled out, most first.
    pub ruled_out_by: Vec<(Constraint, usize)>,
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
    let refs: Vec<(&str, PriorityInputs)> = clients
        .iter()
        .map(|c| (c.profile.id.as_str(), c.priority))
        .collect();
    let ranking = policy.rank(&refs);

    // Solver clients are numbered in priority order, so every listing below follows it.
    let mut problem = Problem::new(clients.len() as u32, units.len() as u32);
    for (u, unit) in units.iter().enumerate() {
        problem.set_capacity(u as u32, unit.openings);
    }
    let mut compatible_by_unit: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    let mut feasible_by_client = vec![0usize; clients.len()];
    for (solver_client, &c) in ranking.order.iter().enumerate() {
        for (u, unit) in units.iter().enumerate() {
            let verdict = assess(&clients[c].profile, unit, &weights);
            if verdict.feasible() {
                problem.add_edge(
                    solver_client as u32,
                    u as u32,
                    weight(ranking.level[c], verdict.fit()),
                );
                compatible_by_unit[u].push(c);
                feasible_by_client[c] += 1;
            }
        }
    }
    let solution = solve(&problem).map_err(|e| PlanError::Solver(e.to_string()))?;
    verify(&problem, &solution).map_err(|e| PlanError::Solver(e.to_string()))?;
    let mut unit_of = vec![None; clients.len()];
    for (solver_client, unit) in solution.pairs() {
        unit_of[ranking.order[solver_client as usize]] = Some(unit as usize);
    }

    let explain = Explainer {
        clients,
        units,
        ranking: &ranking,
        weights: &weights,
        unit_of: &unit_of,
        compatible_by_unit: &compatible_by_unit,
    };
    let mut assignments = Vec::new();
    let mut unmatched = Vec::new();
    for &c in &ranking.order {
        match unit_of[c] {
            Some(u) => assignments.push(explain.assignment(c, u)),
            None => unmatched.push(explain.unmatched(c, feasible_by_client[c])),
        }
    }
    Ok(MatchPlan {
        assignments,
        unmatched,
        feasible_pairs: problem.edges().len(),
        objective: solution.objective,
    })
}

struct Explainer<'a> {
    clients: &'a [Candidate],
    units: &'a [UnitProfile],
    ranking: &'a Ranking,
    weights: &'a FitWeights,
    unit_of: &'a [Option<usize>],
    compatible_by_unit: &'a [Vec<usize>],
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
        }
    }

    fn unmatched(&self, c: usize, feasible_units: usize) -> Unmatched {
        let mut ruled_out_by = Vec::new();
        let (mut by_higher, mut by_same, mut places) = (0, 0, 0);
        if feasible_units == 0 {
            let mut counts = [0usize; Constraint::ALL.len()];
            for u in 0..self.units.len() {
                for failed in self.assess(c, u).failed {
                    counts[failed as usize] += 1;
                }
            }
            ruled_out_by = Constraint::ALL
                .into_iter()
                .zip(counts)
                .filter(|&(_, n)| n > 0)
                .collect();
            ruled_out_by.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        } else {
            for (u, compatible) in self.compatible_by_unit.iter().enumerate() {
                if !compatible.contains(&c) {
                    continue;
                }
                places += self.units[u].openings as u64;
                for &other in compatible {
                    if self.unit_of[other] == Some(u) {
                        if self.ranking.outranks(other, c) {
                            by_higher += 1;
                        } else {
                            by_same += 1;
                        }
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

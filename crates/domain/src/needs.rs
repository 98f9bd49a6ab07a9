//! The needs vocabulary (A8): what a person referred needs, in the words referrals will use,
//! and which service types meet each need. Gap analysis sets these needs against the
//! services available for each population and area.

use uuid::Uuid;

/// (code, English, French, service type codes that meet it).
pub const NEEDS: [(&str, &str, &str, &[&str]); 12] = [
    (
        "shelter-tonight",
        "A bed tonight",
        "Un lit ce soir",
        &["emergency-shelter"],
    ),
    (
        "housing",
        "A place to live",
        "Un logement",
        &[
            "transitional-housing",
            "supportive-housing",
            "housing-search",
        ],
    ),
    (
        "rent-help",
        "Help with rent",
        "Aide pour le loyer",
        &["rent-assistance"],
    ),
    ("food", "Food", "Nourriture", &["meals"]),
    (
        "daytime-space",
        "A daytime place, showers, clothes",
        "Un lieu de jour, douches, vêtements",
        &["day-program", "showers-laundry", "clothing"],
    ),
    (
        "primary-care",
        "A doctor or nurse",
        "Un médecin ou une infirmière",
        &["primary-care"],
    ),
    (
        "mental-health",
        "Mental health care",
        "Soins en santé mentale",
        &["mental-health-care"],
    ),
    (
        "substance-use",
        "Help with substance use",
        "Aide en consommation",
        &["addictions", "harm-reduction"],
    ),
    (
        "case-management",
        "Someone to follow their case",
        "Quelqu’un pour suivre le dossier",
        &["case-management", "outreach"],
    ),
    (
        "income",
        "Income and benefits",
        "Revenu et prestations",
        &["income-support", "employment"],
    ),
    ("legal", "Legal help", "Aide juridique", &["legal-aid"]),
    (
        "identification",
        "Identity documents",
        "Pièces d’identité",
        &["id-clinic"],
    ),
];

pub fn need_label(code: &str, lang: &str) -> Option<&'static str> {
    NEEDS
        .iter()
        .find(|n| n.0 == code)
        .map(|n| if lang == "fr" { n.2 } else { n.1 })
}

/// Populations an adult service serves as well: a shelter for adults takes men, women,
/// seniors and adults of any community, but neither families with children nor youth
/// (whose services are their own).
pub const ADULT_GROUPS: [&str; 8] = [
    "men",
    "women",
    "seniors",
    "indigenous",
    "newcomers",
    "2slgbtqi",
    "veterans",
    "disabilities",
];

/// A service as gap analysis sees it: what it offers, to whom, where.
pub struct ServiceCover {
    pub service_types: Vec<Uuid>,
    /// Population term ids; empty means anyone.
    pub populations: Vec<Uuid>,
    pub areas: Vec<Uuid>,
}

/// How many services meet each need (rows, `NEEDS` order) for each column: a population
/// (its term id) within `area` when given, or an area (its id) for `population` when given.
/// A service for anyone counts for every population, and one for adults for every
/// population of `ADULT_GROUPS`.
pub fn coverage(
    services: &[ServiceCover],
    columns: &[Uuid],
    by_population: bool,
    area: Option<Uuid>,
    population: Option<Uuid>,
) -> Vec<Vec<usize>> {
    let service_type = |code: &str| crate::vocabulary::Vocabulary::ServiceType.term_id(code);
    let population_id = |code: &str| crate::vocabulary::Vocabulary::Population.term_id(code);
    let adults = population_id("adults");
    let adult_groups: Vec<Uuid> = ADULT_GROUPS.iter().map(|c| population_id(c)).collect();
    let serves = |s: &ServiceCover, p: Uuid| {
        s.populations.is_empty()
            || s.populations.contains(&p)
            || (s.populations.contains(&adults) && adult_groups.contains(&p))
    };
    NEEDS
        .iter()
        .map(|(_, _, _, types)| {
            let met: Vec<Uuid> = types.iter().map(|t| service_type(t)).collect();
            columns
                .iter()
                .map(|&column| {
                    services
                        .iter()
                        .filter(|s| s.service_types.iter().any(|t| met.contains(t)))
                        .filter(|s| {
                            if by_population {
                                serves(s, column) && area.is_none_or(|a| s.areas.contains(&a))
                            } else {
                                s.areas.contains(&column) && population.is_none_or(|p| serves(s, p))
                            }
                        })
                        .count()
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::Vocabulary;

    #[test]
    fn services_count_for_the_needs_they_meet_where_and_for_whom() {
        let (vanier, kanata) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let youth = Vocabulary::Population.term_id("youth");
        let women = Vocabulary::Population.term_id("women");
        let services = [
            ServiceCover {
                service_types: vec![Vocabulary::ServiceType.term_id("emergency-shelter")],
                populations: vec![youth],
                areas: vec![vanier],
            },
            ServiceCover {
                service_types: vec![Vocabulary::ServiceType.term_id("meals")],
                populations: vec![],
                areas: vec![vanier, kanata],
            },
        ];
        let by_population = coverage(&services, &[youth, women], true, Some(vanier), None);
        assert_eq!(by_population[0], [1, 0], "a bed tonight: youth only");
        let adult_shelter = [ServiceCover {
            service_types: vec![Vocabulary::ServiceType.term_id("emergency-shelter")],
            populations: vec![Vocabulary::Population.term_id("adults")],
            areas: vec![vanier],
        }];
        let families = Vocabulary::Population.term_id("families");
        let adult = coverage(&adult_shelter, &[women, youth, families], true, None, None);
        assert_eq!(
            adult[0],
            [1, 0, 0],
            "an adult shelter takes women, not youth or families"
        );
        assert_eq!(by_population[3], [1, 1], "food for anyone counts for both");
        let by_area = coverage(&services, &[vanier, kanata], false, None, Some(women));
        assert_eq!(by_area[0], [0, 0]);
        assert_eq!(by_area[3], [1, 1]);
        assert!(NEEDS.iter().all(|n| need_label(n.0, "fr").is_some()));
    }
}

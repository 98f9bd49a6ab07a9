//! The product's own vocabularies: agency types, service types (hierarchical) and populations.
//!
//! They are HSDS taxonomies like any imported one, so they travel in HSDS files as
//! `taxonomy_term`s, but their ids are fixed (UUID v5 of the code) and their names exist in
//! English and French. Later capabilities (referral needs, gap analysis) use the same codes.

use uuid::Uuid;

/// The namespace of every id Passerelle derives by name (UUID v5).
pub const NAMESPACE: Uuid = Uuid::from_u128(0x8f5e_2b1c_4d3a_5e6f_9a0b_1c2d_3e4f_5a6b);

/// Derives a stable id from a kind and a natural key, e.g. `("term", "shelter")`.
pub fn derived_id(kind: &str, key: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{kind}:{key}").as_bytes())
}

/// One of the three built-in taxonomies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    AgencyType,
    ServiceType,
    Population,
}

impl Vocabulary {
    pub const ALL: [Vocabulary; 3] = [Self::AgencyType, Self::ServiceType, Self::Population];

    /// The taxonomy's stable code, also its HSDS `taxonomy.name`.
    pub fn code(self) -> &'static str {
        match self {
            Self::AgencyType => "passerelle-agency-type",
            Self::ServiceType => "passerelle-service-type",
            Self::Population => "passerelle-population",
        }
    }

    pub fn id(self) -> Uuid {
        derived_id("taxonomy", self.code())
    }

    pub fn description(self) -> &'static str {
        match self {
            Self::AgencyType => "Kinds of agencies in a homelessness-serving network",
            Self::ServiceType => "Services offered to people experiencing homelessness",
            Self::Population => "Populations a service is intended for",
        }
    }

    /// The built-in terms: (code, parent code, English name, French name).
    pub fn terms(
        self,
    ) -> &'static [(
        &'static str,
        Option<&'static str>,
        &'static str,
        &'static str,
    )] {
        match self {
            Self::AgencyType => AGENCY_TYPES,
            Self::ServiceType => SERVICE_TYPES,
            Self::Population => POPULATIONS,
        }
    }

    /// The built-in term `code`'s name in `lang` (French for `fr`, else English).
    pub fn label(self, code: &str, lang: &str) -> Option<&'static str> {
        self.terms()
            .iter()
            .find(|t| t.0 == code)
            .map(|t| if lang == "fr" { t.3 } else { t.2 })
    }

    /// The id of this vocabulary's term `code` (whether or not the code is built in).
    pub fn term_id(self, code: &str) -> Uuid {
        derived_id("term", &format!("{}/{code}", self.code()))
    }
}

const AGENCY_TYPES: &[(&str, Option<&str>, &str, &str)] = &[
    ("shelter", None, "Emergency shelter", "Refuge d’urgence"),
    ("drop-in", None, "Drop-in centre", "Halte-accueil"),
    (
        "community-health",
        None,
        "Community health centre",
        "Centre de santé communautaire",
    ),
    (
        "mental-health",
        None,
        "Mental health and addictions",
        "Santé mentale et dépendances",
    ),
    (
        "indigenous-led",
        None,
        "Indigenous-led organization",
        "Organisme dirigé par des Autochtones",
    ),
    ("youth", None, "Youth services", "Services jeunesse"),
    ("family", None, "Family services", "Services aux familles"),
    ("legal", None, "Legal clinic", "Clinique juridique"),
    ("hospital", None, "Hospital", "Hôpital"),
    (
        "housing-provider",
        None,
        "Housing provider",
        "Fournisseur de logements",
    ),
    (
        "settlement",
        None,
        "Newcomer settlement",
        "Établissement des nouveaux arrivants",
    ),
    (
        "food",
        None,
        "Food bank and meals",
        "Banque alimentaire et repas",
    ),
];

const SERVICE_TYPES: &[(&str, Option<&str>, &str, &str)] = &[
    ("housing", None, "Housing", "Logement"),
    (
        "emergency-shelter",
        Some("housing"),
        "Emergency shelter beds",
        "Lits de refuge d’urgence",
    ),
    (
        "transitional-housing",
        Some("housing"),
        "Transitional housing",
        "Logement de transition",
    ),
    (
        "supportive-housing",
        Some("housing"),
        "Supportive housing",
        "Logement avec soutien",
    ),
    (
        "housing-search",
        Some("housing"),
        "Housing search help",
        "Aide à la recherche de logement",
    ),
    (
        "rent-assistance",
        Some("housing"),
        "Rent assistance",
        "Aide au loyer",
    ),
    ("basic-needs", None, "Basic needs", "Besoins de base"),
    ("meals", Some("basic-needs"), "Meals", "Repas"),
    (
        "day-program",
        Some("basic-needs"),
        "Drop-in day program",
        "Programme de jour",
    ),
    ("clothing", Some("basic-needs"), "Clothing", "Vêtements"),
    (
        "showers-laundry",
        Some("basic-needs"),
        "Showers and laundry",
        "Douches et buanderie",
    ),
    ("health", None, "Health", "Santé"),
    (
        "primary-care",
        Some("health"),
        "Primary care",
        "Soins primaires",
    ),
    (
        "mental-health-care",
        Some("health"),
        "Mental health care",
        "Soins de santé mentale",
    ),
    (
        "addictions",
        Some("health"),
        "Addictions treatment",
        "Traitement des dépendances",
    ),
    (
        "harm-reduction",
        Some("health"),
        "Harm reduction",
        "Réduction des méfaits",
    ),
    (
        "support",
        None,
        "Support and case management",
        "Soutien et gestion de cas",
    ),
    (
        "case-management",
        Some("support"),
        "Case management",
        "Gestion de cas",
    ),
    (
        "outreach",
        Some("support"),
        "Street outreach",
        "Intervention de rue",
    ),
    (
        "income-support",
        Some("support"),
        "Income and benefits help",
        "Aide au revenu et aux prestations",
    ),
    (
        "employment",
        Some("support"),
        "Employment and training",
        "Emploi et formation",
    ),
    ("legal-help", None, "Legal help", "Aide juridique"),
    (
        "legal-aid",
        Some("legal-help"),
        "Legal advice",
        "Conseils juridiques",
    ),
    (
        "id-clinic",
        Some("legal-help"),
        "ID replacement",
        "Remplacement de pièces d’identité",
    ),
    (
        "culture",
        None,
        "Cultural and community support",
        "Soutien culturel et communautaire",
    ),
    (
        "indigenous-cultural",
        Some("culture"),
        "Indigenous cultural programs",
        "Programmes culturels autochtones",
    ),
    (
        "newcomer-support",
        Some("culture"),
        "Newcomer support",
        "Soutien aux nouveaux arrivants",
    ),
];

const POPULATIONS: &[(&str, Option<&str>, &str, &str)] = &[
    ("adults", None, "Adults", "Adultes"),
    ("men", None, "Men", "Hommes"),
    ("women", None, "Women", "Femmes"),
    ("youth", None, "Youth (16–24)", "Jeunes (16 à 24 ans)"),
    (
        "families",
        None,
        "Families with children",
        "Familles avec enfants",
    ),
    ("seniors", None, "Seniors", "Aînés"),
    (
        "indigenous",
        None,
        "Indigenous people",
        "Personnes autochtones",
    ),
    (
        "newcomers",
        None,
        "Newcomers and refugees",
        "Nouveaux arrivants et réfugiés",
    ),
    ("2slgbtqi", None, "2SLGBTQI+ people", "Personnes 2ELGBTQI+"),
    ("veterans", None, "Veterans", "Anciens combattants"),
    (
        "disabilities",
        None,
        "People with disabilities",
        "Personnes handicapées",
    ),
];

#[cfg(test)]
mod tests {

    /// The coded vocabularies' French labels follow the same typography as the interface's
    /// messages: curly apostrophes, a non-breaking space before « : », « % » and « $ ».
    #[test]
    fn french_labels_are_written_as_french_writes() {
        let mut labels: Vec<&str> = Vec::new();
        for v in Vocabulary::ALL {
            labels.extend(v.terms().iter().map(|t| t.3));
        }
        labels.extend(crate::needs::NEEDS.iter().map(|n| n.2));
        labels.extend(crate::systemic::ISSUES.iter().map(|i| i.2));
        assert!(labels.len() > 50);
        for label in labels {
            assert!(!label.contains('\''), "a straight apostrophe: {label}");
            for mark in [':', '%', '$', ';', '!', '?'] {
                assert!(
                    !label.contains(&format!(" {mark}")),
                    "a space before {mark}: {label}"
                );
            }
        }
    }

    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_parents_exist() {
        for v in Vocabulary::ALL {
            let codes: HashSet<_> = v.terms().iter().map(|t| t.0).collect();
            assert_eq!(codes.len(), v.terms().len(), "{v:?}");
            for (code, parent, ..) in v.terms() {
                if let Some(p) = parent {
                    assert!(codes.contains(p), "{code} has unknown parent {p}");
                }
            }
        }
        assert_ne!(
            Vocabulary::AgencyType.term_id("youth"),
            Vocabulary::Population.term_id("youth")
        );
    }
}

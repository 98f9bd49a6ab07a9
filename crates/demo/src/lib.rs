//! A deterministic synthetic community shaped like Ottawa's homelessness-serving network:
//! neighbourhoods, about 80 agencies per unit of scale (shelters, drop-ins, health and
//! mental-health teams, Indigenous-led, youth, family, legal…), their services, locations
//! and contacts, with French and English names, and demo logins.
//!
//! The same seed and scale always give the same community, byte for byte, so tests and
//! benchmarks can name their inputs. Every person and agency is fictional; addresses use
//! real neighbourhood names but invented street numbers, and every email and website is
//! under the reserved `example.org` domain. Later capabilities (landlords, units, clients,
//! meetings) extend [`Community`] from the same generator so they share its agencies.
//!
//! By design there is no staff count, budget or funding source anywhere (see
//! `passerelle_domain::directory`).

mod after_housing;
mod housing;
mod names;
mod network;
mod outreach;
mod referrals;
mod systemic;

pub use after_housing::{DemoAfterHousing, DemoIncident, FollowedTenancy, generate_after_housing};
pub use housing::{HISTORY_MONTHS, ROUND_EVERY_DAYS, generate_housing, round_day_on_or_after};
pub use network::generate_relationships;
pub use outreach::{DemoMeeting, DemoOutreach, generate_outreach};
pub use referrals::{
    DemoOffer, DemoOfferOutcome, DemoReferral, DemoReferrals, DemoRound, DemoStatus,
    REFERRING_AGENCIES, generate_history, generate_referrals,
};
pub use systemic::generate_issues;

use names::{AREAS, CONTACT_TITLES, FAMILY_NAMES, GIVEN_NAMES, KINDS, STREETS};
use passerelle_domain::directory::*;
use passerelle_domain::roles::Role;
use passerelle_domain::values::{Email, PostalCode, WebUrl};
use passerelle_domain::vocabulary::{Vocabulary, derived_id};
use passerelle_rng::Rng;
use uuid::Uuid;

/// The password of every demo login, printed by `passerelle demo`.
pub const DEMO_PASSWORD: &str = "passerelle-demo";

/// A demo login to create.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// For partner workers: their agency.
    pub agency_id: Option<Uuid>,
}

/// Everything the generator makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    pub directory: DirectorySnapshot,
    pub users: Vec<DemoUser>,
}

/// Generator settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    pub seed: u64,
    /// Multiplies the number of agencies (80 at scale 1).
    pub scale: u32,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            seed: 2026,
            scale: 1,
        }
    }
}

/// Builds the community for `options`.
pub fn generate(options: DemoOptions) -> Community {
    let mut rng = Rng::new(options.seed);
    let areas: Vec<Area> = AREAS
        .iter()
        .map(|a| Area {
            id: Area::id_for_name(a.name),
            name: a.name.to_owned(),
            name_fr: (a.name_fr != a.name).then(|| a.name_fr.to_owned()),
            latitude: Some(a.latitude),
            longitude: Some(a.longitude),
        })
        .collect();

    let mut organizations = Vec::new();
    for (kind_index, kind) in KINDS.iter().enumerate() {
        let count = kind.count * options.scale.max(1) as usize;
        for i in 0..count {
            organizations.push(agency(&mut rng, options.seed, kind_index, i, &areas));
        }
    }
    organizations.sort_by(|a, b| a.organization.fields.name.cmp(&b.organization.fields.name));

    let agency_of_kind = |code: &str| {
        let term = Vocabulary::AgencyType.term_id(code);
        organizations
            .iter()
            .find(|o| o.organization.fields.term_ids.contains(&term))
            .map(|o| o.organization.id)
    };
    let users = vec![
        demo_user("admin", "Alex Administrator", Role::Administrator, None),
        demo_user("locator", "Louise Tremblay", Role::HousingLocator, None),
        demo_user("convener", "Samuel Okafor", Role::NetworkConvener, None),
        demo_user("analyst", "Priya Raman", Role::Analyst, None),
        demo_user(
            "worker",
            "Marc Lavoie",
            Role::PartnerWorker,
            agency_of_kind("drop-in"),
        ),
    ];

    Community {
        directory: DirectorySnapshot {
            taxonomies: Vec::new(),
            terms: Vec::new(),
            areas,
            organizations,
        },
        users,
    }
}

fn demo_user(login: &str, name: &str, role: Role, agency_id: Option<Uuid>) -> DemoUser {
    DemoUser {
        email: format!("{login}@passerelle.example.org"),
        display_name: name.to_owned(),
        role,
        agency_id,
    }
}

fn agency(
    rng: &mut Rng,
    seed: u64,
    kind_index: usize,
    i: usize,
    areas: &[Area],
) -> OrganizationRecord {
    let kind = &KINDS[kind_index];
    let stems = kind.stems.len();
    // Walk the areas from a different starting point for each kind, so every kind spreads
    // over the city and names stay unique.
    let home_index = (i / stems + kind_index * 7) % AREAS.len();
    let home = &AREAS[home_index];
    let (stem_en, stem_fr) = kind.stems[i % stems];
    let round = i / (stems * AREAS.len());
    let suffix = if round > 0 {
        format!(" {}", round + 1)
    } else {
        String::new()
    };
    let english = format!("{}{suffix}", stem_en.replace("{area}", home.name));
    let french = format!("{}{suffix}", stem_fr.replace("{area}", home.name_fr));
    // Francophone agencies are more common in the east end, as in Ottawa.
    let francophone = rng.chance(if home.east { 0.45 } else { 0.15 });
    let bilingual = francophone || rng.chance(0.6);
    let (name, alternate_name) = match (francophone, bilingual) {
        (true, _) => (french.clone(), Some(english.clone())),
        (false, true) => (english.clone(), Some(french.clone())),
        (false, false) => (english.clone(), None),
    };
    let id = derived_id("demo-organization", &format!("{seed}/{}/{i}", kind.code));
    let domain = slug(&english);

    let mut locations = Vec::new();
    let location_count = 1 + usize::from(rng.chance(0.35));
    for l in 0..location_count {
        let area_index = if l == 0 {
            home_index
        } else {
            rng.below(AREAS.len())
        };
        let area = &AREAS[area_index];
        locations.push(Location {
            id: derived_id("demo-location", &format!("{id}/{l}")),
            organization_id: id,
            fields: LocationFields {
                // An agency names its sites in its own language.
                name: Some(match (l == 0, francophone) {
                    (true, false) => format!("{} site", area.name),
                    (false, false) => format!("{} satellite", area.name),
                    (true, true) => format!("Site {}", area.name_fr),
                    (false, true) => format!("Point de service {}", area.name_fr),
                }),
                description: None,
                address_1: Some(format!(
                    "{} {}",
                    10 + rng.below(990),
                    STREETS[rng.below(STREETS.len())]
                )),
                city: Some("Ottawa".to_owned()),
                state_province: Some("ON".to_owned()),
                postal_code: Some(postal_code(rng, area.fsa)),
                country: Some("CA".to_owned()),
                latitude: Some(round6(area.latitude + rng.jitter(0.008))),
                longitude: Some(round6(area.longitude + rng.jitter(0.012))),
                area_id: Some(areas[area_index].id),
            },
        });
    }

    let mut services = Vec::new();
    let service_count = 1 + rng.below(kind.services.len().min(4));
    // Drop-ins all open with the same core program for the same people: the duplication
    // the network is there to notice (A7).
    let duplicated = kind.code == "drop-in";
    let first = rng.below(kind.services.len());
    let first = if duplicated { 0 } else { first };
    for s in 0..service_count {
        let template = &kind.services[(first + s) % kind.services.len()];
        let mut term_ids = vec![Vocabulary::ServiceType.term_id(template.service_type)];
        let population_count = 1 + rng.below(kind.populations.len().min(2));
        let start = rng.below(kind.populations.len());
        let start = if duplicated { 0 } else { start };
        for p in 0..population_count {
            term_ids.push(
                Vocabulary::Population
                    .term_id(kind.populations[(start + p) % kind.populations.len()]),
            );
        }
        let mut area_ids = vec![areas[home_index].id];
        for _ in 0..rng.below(4) {
            let extra = areas[rng.below(areas.len())].id;
            if !area_ids.contains(&extra) {
                area_ids.push(extra);
            }
        }
        let (min_age, max_age) = match kind.code {
            "youth" => (Some(16), Some(24)),
            _ if term_ids.contains(&Vocabulary::Population.term_id("seniors")) => (Some(55), None),
            _ => (None, None),
        };
        services.push(Service {
            id: derived_id("demo-service", &format!("{id}/{s}")),
            organization_id: id,
            fields: ServiceFields {
                name: template.name.to_owned(),
                alternate_name: Some(template.name_fr.to_owned()),
                description: Some(format!("{} — {}", template.name, template.description)),
                description_fr: Some(format!(
                    "{} — {}",
                    template.name_fr, template.description_fr
                )),
                url: None,
                email: None,
                status: if rng.chance(0.03) {
                    ServiceStatus::TemporarilyClosed
                } else {
                    ServiceStatus::Active
                },
                eligibility_description: None,
                eligibility_description_fr: None,
                minimum_age: min_age,
                maximum_age: max_age,
                term_ids,
                area_ids,
                location_ids: vec![locations[rng.below(locations.len())].id],
            },
        });
    }

    let mut contacts = Vec::new();
    for c in 0..1 + rng.below(2) {
        let given = GIVEN_NAMES[rng.below(GIVEN_NAMES.len())];
        let family = FAMILY_NAMES[rng.below(FAMILY_NAMES.len())];
        let login = slug(&format!("{given}.{family}")).replace('-', ".");
        contacts.push(Contact {
            id: derived_id("demo-contact", &format!("{id}/{c}")),
            organization_id: id,
            fields: ContactFields {
                name: format!("{given} {family}"),
                title: Some({
                    let (english, french) = CONTACT_TITLES[rng.below(CONTACT_TITLES.len())];
                    if francophone { french } else { english }.to_owned()
                }),
                department: None,
                email: Email::parse("email", &format!("{login}@{domain}.example.org")).ok(),
                phone: Some(format!("613-555-{:04}", rng.below(10_000))),
            },
        });
    }

    OrganizationRecord {
        organization: Organization {
            id,
            fields: OrganizationFields {
                name,
                alternate_name,
                description: Some(kind.description.replace("{area}", home.name)),
                description_fr: Some(kind.description_fr.replace("{area}", home.name_fr)),
                email: Email::parse("email", &format!("info@{domain}.example.org")).ok(),
                website: WebUrl::parse("website", &format!("https://{domain}.example.org")).ok(),
                term_ids: vec![Vocabulary::AgencyType.term_id(kind.code)],
            },
        },
        services,
        locations,
        contacts,
    }
}

/// A valid postal code in the area's forward sortation area (e.g. `K1N`).
fn postal_code(rng: &mut Rng, fsa: &str) -> PostalCode {
    const LETTERS: &[u8] = b"ABCEGHJKLMNPRSTVWXYZ";
    let ldu = format!(
        "{}{}{}",
        rng.below(10),
        LETTERS[rng.below(LETTERS.len())] as char,
        rng.below(10)
    );
    PostalCode::parse("postal_code", &format!("{fsa} {ldu}"))
        .expect("generated postal codes are valid")
}

fn slug(name: &str) -> String {
    passerelle_domain::text::fold(name).replace(' ', "-")
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn same_seed_same_community() {
        let a = generate(DemoOptions::default());
        let b = generate(DemoOptions::default());
        assert_eq!(a, b);
        let c = generate(DemoOptions { seed: 7, scale: 1 });
        assert_ne!(a.directory.organizations, c.directory.organizations);
    }

    #[test]
    fn about_eighty_agencies_of_every_kind_with_unique_names() {
        let community = generate(DemoOptions::default());
        let orgs = &community.directory.organizations;
        assert_eq!(orgs.len(), 80);
        let names: HashSet<String> = orgs
            .iter()
            .map(|o| passerelle_domain::text::fold(&o.organization.fields.name))
            .collect();
        assert_eq!(names.len(), orgs.len());
        for kind in KINDS {
            let term = Vocabulary::AgencyType.term_id(kind.code);
            assert!(
                orgs.iter()
                    .any(|o| o.organization.fields.term_ids.contains(&term)),
                "{}",
                kind.code
            );
        }
        let bilingual = orgs
            .iter()
            .filter(|o| o.organization.fields.alternate_name.is_some())
            .count();
        assert!(bilingual > 30, "{bilingual} bilingual agencies");
        assert!(
            orgs.iter().all(|o| !o.services.is_empty()
                && !o.locations.is_empty()
                && !o.contacts.is_empty())
        );
    }

    #[test]
    fn scale_multiplies_agencies_and_keeps_names_unique() {
        let community = generate(DemoOptions { seed: 1, scale: 12 });
        let orgs = &community.directory.organizations;
        assert_eq!(orgs.len(), 960);
        let names: HashSet<String> = orgs
            .iter()
            .map(|o| passerelle_domain::text::fold(&o.organization.fields.name))
            .collect();
        assert_eq!(names.len(), orgs.len());
    }

    #[test]
    fn every_service_is_delivered_at_its_own_organizations_location() {
        for record in generate(DemoOptions::default()).directory.organizations {
            let own: HashSet<Uuid> = record.locations.iter().map(|l| l.id).collect();
            for service in &record.services {
                assert!(service.fields.location_ids.iter().all(|l| own.contains(l)));
            }
        }
    }

    #[test]
    fn partner_worker_belongs_to_an_agency() {
        let community = generate(DemoOptions::default());
        let worker = community
            .users
            .iter()
            .find(|u| u.role == Role::PartnerWorker)
            .unwrap();
        assert!(worker.agency_id.is_some());
    }
}

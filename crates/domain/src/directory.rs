//! The directory of the partner network (A1), in Open Referral HSDS 3.1 terms: organizations,
//! their services and locations, service-at-location links, hierarchical taxonomy terms
//! (which also classify agency types and populations served), service areas and contacts.
//!
//! By design (A5) there is no field for an agency's staff count, budget or funding sources:
//! the network asks agencies about their roles and services, never about their money.

use crate::values::{
    Email, FieldErrors, PostalCode, WebUrl, age, latitude, longitude, optional, optional_text,
    required_text,
};
use crate::vocabulary::derived_id;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An HSDS `taxonomy`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Taxonomy {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub uri: Option<String>,
    pub version: Option<String>,
}

/// An HSDS `taxonomy_term`; `parent_id` makes the hierarchy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaxonomyTerm {
    pub id: Uuid,
    pub taxonomy_id: Uuid,
    pub code: Option<String>,
    pub name: String,
    /// The French name, where the vocabulary has one.
    pub name_fr: Option<String>,
    pub description: Option<String>,
    pub parent_id: Option<Uuid>,
}

impl TaxonomyTerm {
    /// The name in `lang` ("en" or "fr"), falling back to the English name.
    pub fn label(&self, lang: &str) -> &str {
        match (lang, &self.name_fr) {
            ("fr", Some(fr)) => fr,
            _ => &self.name,
        }
    }
}

/// `root` and every term below it, so a search by a broad term finds services classified
/// under its narrower ones.
pub fn with_descendants(terms: &[TaxonomyTerm], root: Uuid) -> Vec<Uuid> {
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        let children: Vec<Uuid> = terms
            .iter()
            .filter(|t| t.parent_id == Some(parent) && !found.contains(&t.id))
            .map(|t| t.id)
            .collect();
        found.extend(children);
        i += 1;
    }
    found
}

/// A neighbourhood or other named part of the city that services cover and units lie in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    pub id: Uuid,
    pub name: String,
    pub name_fr: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl Area {
    /// Areas are identified by their folded name, so the same neighbourhood named in two
    /// HSDS files (or in the demo and in a file) is one area.
    pub fn id_for_name(name: &str) -> Uuid {
        derived_id("area", &crate::text::fold(name))
    }

    pub fn label(&self, lang: &str) -> &str {
        match (lang, &self.name_fr) {
            ("fr", Some(fr)) => fr,
            _ => &self.name,
        }
    }
}

/// What describes an organization, parsed from a form or a JSON body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationFields {
    pub name: String,
    /// HSDS `alternate_name`; Passerelle keeps the agency's name in the other official
    /// language here.
    pub alternate_name: Option<String>,
    /// The description in English, or in the only language the agency gave.
    pub description: Option<String>,
    /// The description in French, where the agency gives one (not an HSDS field; decision
    /// 0023 says how it travels).
    #[serde(default)]
    pub description_fr: Option<String>,
    pub email: Option<Email>,
    pub website: Option<WebUrl>,
    /// Taxonomy terms classifying the organization (HSDS `attribute`s), e.g. its agency type.
    pub term_ids: Vec<Uuid>,
}

/// An organization as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub id: Uuid,
    #[serde(flatten)]
    pub fields: OrganizationFields,
}

/// The raw, untrusted text of an organization form or JSON body.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganizationInput {
    pub name: String,
    pub alternate_name: String,
    pub description: String,
    pub description_fr: String,
    pub email: String,
    pub website: String,
    pub term_ids: Vec<Uuid>,
}

impl OrganizationInput {
    pub fn parse(&self) -> Result<OrganizationFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let fields = OrganizationFields {
            name: e.take(required_text("name", &self.name, 200)),
            alternate_name: e.take(optional_text("alternate_name", &self.alternate_name, 200)),
            description: e.take(optional_text("description", &self.description, 4000)),
            description_fr: e.take(optional_text("description_fr", &self.description_fr, 4000)),
            email: e.take(optional("email", &self.email, Email::parse)),
            website: e.take(optional("website", &self.website, WebUrl::parse)),
            term_ids: dedup(&self.term_ids),
        };
        e.finish(fields)
    }

    pub fn from_fields(f: &OrganizationFields) -> Self {
        Self {
            name: f.name.clone(),
            alternate_name: f.alternate_name.clone().unwrap_or_default(),
            description: f.description.clone().unwrap_or_default(),
            description_fr: f.description_fr.clone().unwrap_or_default(),
            email: f
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            website: f
                .website
                .as_ref()
                .map(|w| w.as_str().to_owned())
                .unwrap_or_default(),
            term_ids: f.term_ids.clone(),
        }
    }
}

/// HSDS `service.status`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    #[default]
    Active,
    Inactive,
    Defunct,
    TemporarilyClosed,
}

impl ServiceStatus {
    pub const ALL: [ServiceStatus; 4] = [
        Self::Active,
        Self::Inactive,
        Self::Defunct,
        Self::TemporarilyClosed,
    ];

    /// The HSDS spelling, also the code stored and sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Inactive => "inactive",
            Self::Defunct => "defunct",
            Self::TemporarilyClosed => "temporarily closed",
        }
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, crate::FieldError> {
        let folded = raw.trim().to_lowercase().replace('_', " ");
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == folded)
            .ok_or_else(|| crate::FieldError::new(field, "error-status"))
    }
}

/// What describes a service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceFields {
    pub name: String,
    pub alternate_name: Option<String>,
    /// In English, or in the only language the agency gave; `_fr` fields hold the French.
    pub description: Option<String>,
    #[serde(default)]
    pub description_fr: Option<String>,
    pub url: Option<WebUrl>,
    pub email: Option<Email>,
    pub status: ServiceStatus,
    pub eligibility_description: Option<String>,
    #[serde(default)]
    pub eligibility_description_fr: Option<String>,
    /// Youngest eligible age, in years.
    pub minimum_age: Option<u8>,
    /// Oldest eligible age, in years.
    pub maximum_age: Option<u8>,
    /// Service types and populations served (HSDS `attribute`s).
    pub term_ids: Vec<Uuid>,
    /// Areas served (HSDS `service_area`s).
    pub area_ids: Vec<Uuid>,
    /// Locations where it is delivered (HSDS `service_at_location`); each belongs to the
    /// same organization.
    pub location_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[serde(flatten)]
    pub fields: ServiceFields,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceInput {
    pub name: String,
    pub alternate_name: String,
    pub description: String,
    pub description_fr: String,
    pub url: String,
    pub email: String,
    pub status: String,
    pub eligibility_description: String,
    pub eligibility_description_fr: String,
    pub minimum_age: String,
    pub maximum_age: String,
    pub term_ids: Vec<Uuid>,
    pub area_ids: Vec<Uuid>,
    pub location_ids: Vec<Uuid>,
}

impl ServiceInput {
    pub fn parse(&self) -> Result<ServiceFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let status = if self.status.trim().is_empty() {
            ServiceStatus::Active
        } else {
            e.take(ServiceStatus::parse("status", &self.status))
        };
        let fields = ServiceFields {
            name: e.take(required_text("name", &self.name, 200)),
            alternate_name: e.take(optional_text("alternate_name", &self.alternate_name, 200)),
            description: e.take(optional_text("description", &self.description, 4000)),
            description_fr: e.take(optional_text("description_fr", &self.description_fr, 4000)),
            url: e.take(optional("url", &self.url, WebUrl::parse)),
            email: e.take(optional("email", &self.email, Email::parse)),
            status,
            eligibility_description: e.take(optional_text(
                "eligibility_description",
                &self.eligibility_description,
                2000,
            )),
            eligibility_description_fr: e.take(optional_text(
                "eligibility_description_fr",
                &self.eligibility_description_fr,
                2000,
            )),
            minimum_age: e.take(optional("minimum_age", &self.minimum_age, age)),
            maximum_age: e.take(optional("maximum_age", &self.maximum_age, age)),
            term_ids: dedup(&self.term_ids),
            area_ids: dedup(&self.area_ids),
            location_ids: dedup(&self.location_ids),
        };
        if let (Some(min), Some(max)) = (fields.minimum_age, fields.maximum_age)
            && min > max
        {
            e.push("maximum_age", "error-age-range");
        }
        e.finish(fields)
    }

    pub fn from_fields(f: &ServiceFields) -> Self {
        Self {
            name: f.name.clone(),
            alternate_name: f.alternate_name.clone().unwrap_or_default(),
            description: f.description.clone().unwrap_or_default(),
            description_fr: f.description_fr.clone().unwrap_or_default(),
            url: f
                .url
                .as_ref()
                .map(|u| u.as_str().to_owned())
                .unwrap_or_default(),
            email: f
                .email
                .as_ref()
                .map(|u| u.as_str().to_owned())
                .unwrap_or_default(),
            status: f.status.as_str().to_owned(),
            eligibility_description: f.eligibility_description.clone().unwrap_or_default(),
            eligibility_description_fr: f.eligibility_description_fr.clone().unwrap_or_default(),
            minimum_age: f.minimum_age.map(|a| a.to_string()).unwrap_or_default(),
            maximum_age: f.maximum_age.map(|a| a.to_string()).unwrap_or_default(),
            term_ids: f.term_ids.clone(),
            area_ids: f.area_ids.clone(),
            location_ids: f.location_ids.clone(),
        }
    }
}

/// What describes a location: HSDS `location` with its one physical `address`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LocationFields {
    pub name: Option<String>,
    pub description: Option<String>,
    pub address_1: Option<String>,
    pub city: Option<String>,
    pub state_province: Option<String>,
    pub postal_code: Option<PostalCode>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// Decimal degrees (WGS 84).
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub area_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[serde(flatten)]
    pub fields: LocationFields,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LocationInput {
    pub name: String,
    pub description: String,
    pub address_1: String,
    pub city: String,
    pub state_province: String,
    pub postal_code: String,
    pub country: String,
    pub latitude: String,
    pub longitude: String,
    pub area_id: Option<Uuid>,
}

impl LocationInput {
    pub fn parse(&self) -> Result<LocationFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let fields = LocationFields {
            name: e.take(optional_text("name", &self.name, 200)),
            description: e.take(optional_text("description", &self.description, 2000)),
            address_1: e.take(optional_text("address_1", &self.address_1, 200)),
            city: e.take(optional_text("city", &self.city, 100)),
            state_province: e.take(optional_text("state_province", &self.state_province, 100)),
            postal_code: e.take(optional(
                "postal_code",
                &self.postal_code,
                PostalCode::parse,
            )),
            country: e.take(optional_text("country", &self.country, 2)),
            latitude: e.take(optional("latitude", &self.latitude, latitude)),
            longitude: e.take(optional("longitude", &self.longitude, longitude)),
            area_id: self.area_id,
        };
        if fields.latitude.is_some() != fields.longitude.is_some() {
            let missing = if fields.latitude.is_none() {
                "latitude"
            } else {
                "longitude"
            };
            e.push(missing, "error-coordinates-pair");
        }
        e.finish(fields)
    }
}

/// A person to contact at an organization (HSDS `contact` with one `phone`). This is
/// personal data: reads and changes are audited, and analysts never see it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactFields {
    pub name: String,
    pub title: Option<String>,
    pub department: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[serde(flatten)]
    pub fields: ContactFields,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactInput {
    pub name: String,
    pub title: String,
    pub department: String,
    pub email: String,
    pub phone: String,
}

impl ContactInput {
    pub fn parse(&self) -> Result<ContactFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let phone = e.take(optional_text("phone", &self.phone, 40));
        if let Some(p) = &phone
            && p.chars().filter(char::is_ascii_digit).count() < 7
        {
            e.push("phone", "error-phone");
        }
        let fields = ContactFields {
            name: e.take(required_text("name", &self.name, 200)),
            title: e.take(optional_text("title", &self.title, 200)),
            department: e.take(optional_text("department", &self.department, 200)),
            email: e.take(optional("email", &self.email, Email::parse)),
            phone,
        };
        e.finish(fields)
    }
}

/// One organization with everything that hangs from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationRecord {
    pub organization: Organization,
    pub services: Vec<Service>,
    pub locations: Vec<Location>,
    pub contacts: Vec<Contact>,
}

/// A whole directory, as imported or exported in one piece.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DirectorySnapshot {
    pub taxonomies: Vec<Taxonomy>,
    pub terms: Vec<TaxonomyTerm>,
    pub areas: Vec<Area>,
    pub organizations: Vec<OrganizationRecord>,
}

impl DirectorySnapshot {
    /// Rows this snapshot will write, counting each entity and each link once.
    pub fn row_count(&self) -> usize {
        self.taxonomies.len()
            + self.terms.len()
            + self.areas.len()
            + self
                .organizations
                .iter()
                .map(|o| {
                    1 + o.organization.fields.term_ids.len()
                        + o.locations.len()
                        + o.contacts.len()
                        + o.services
                            .iter()
                            .map(|s| {
                                1 + s.fields.term_ids.len()
                                    + s.fields.area_ids.len()
                                    + s.fields.location_ids.len()
                            })
                            .sum::<usize>()
                })
                .sum::<usize>()
    }
}

/// A search of the directory. Every criterion narrows; an organization matches when its own
/// name matches the text and no service criterion is given, or when one of its services
/// matches them all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectoryQuery {
    /// Words to find in names and descriptions (accents and case ignored).
    pub text: Option<String>,
    /// A service-type term; services under narrower terms match too.
    pub service_type: Option<Uuid>,
    pub population: Option<Uuid>,
    pub area: Option<Uuid>,
    /// An agency-type term.
    pub agency_type: Option<Uuid>,
    /// Zero-based page of [`DirectoryQuery::PAGE_SIZE`] results.
    pub page: u32,
}

impl DirectoryQuery {
    pub const PAGE_SIZE: u32 = 25;

    pub fn has_service_criteria(&self) -> bool {
        self.service_type.is_some() || self.population.is_some() || self.area.is_some()
    }
}

/// One organization found by a search, with the services that matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub organization: Organization,
    pub matched_services: Vec<(Uuid, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    pub total: u64,
    pub page: u32,
    pub hits: Vec<SearchHit>,
}

/// The text a search compares against, folded once when a record is written.
pub fn search_text(parts: &[Option<&str>]) -> String {
    let joined: Vec<&str> = parts.iter().flatten().copied().collect();
    crate::text::fold(&joined.join(" "))
}

/// Words beyond this many are ignored: they add cost, not precision.
const MAX_SEARCH_WORDS: usize = 8;

/// The words of a search, folded (accents and case ignored). Folding leaves only letters,
/// digits and spaces, so no word holds a LIKE wildcard. A one-letter word is dropped when a
/// longer one is there: it is an elision (« l'Armée », « d'urgence ») or an initial, and as
/// part of a word it would match nearly everything.
pub fn search_words(text: &str) -> Vec<String> {
    let folded = crate::text::fold(text);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let has_longer = words.iter().any(|w| w.chars().count() > 1);
    words
        .into_iter()
        .filter(|w| !has_longer || w.chars().count() > 1)
        .take(MAX_SEARCH_WORDS)
        .map(str::to_owned)
        .collect()
}

/// Whether `text`, folded, holds every one of a search's `words` (from [`search_words`]), each
/// anywhere (the middle of a word too): a list filtered in memory, as the directory's index
/// filters in the database. No words: every text.
pub fn holds_every_word(words: &[String], text: &str) -> bool {
    words.is_empty() || {
        let folded = crate::text::fold(text);
        words.iter().all(|w| folded.contains(w.as_str()))
    }
}

/// How well an organization answers a search's folded `words`, to order the hits: a word
/// that begins a word of the organization's folded name counts most, then one that begins a
/// word of a matched service's folded name, then one found anywhere else (a description, the
/// middle of a word). The same on every database, since it is computed here.
pub fn relevance(words: &[String], organization_key: &str, service_keys: &[String]) -> u32 {
    let begins_a_word = |text: &str, word: &str| text.split(' ').any(|w| w.starts_with(word));
    words
        .iter()
        .map(|word| {
            if begins_a_word(organization_key, word) {
                4
            } else if service_keys.iter().any(|s| begins_a_word(s, word)) {
                2
            } else {
                1
            }
        })
        .sum()
}

fn dedup(ids: &[Uuid]) -> Vec<Uuid> {
    let mut out: Vec<Uuid> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(id) {
            out.push(*id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_fold_and_drop_elisions() {
        assert_eq!(search_words("L'Armée  du SALUT"), ["armee", "du", "salut"]);
        assert_eq!(search_words("d'urgence"), ["urgence"]);
        // Alone, a letter is what was asked for.
        assert_eq!(search_words("B"), ["b"]);
        assert!(search_words(" ,; ").is_empty());
        assert_eq!(search_words("a b c d e f g h i j").len(), 8);
    }

    #[test]
    fn every_word_must_be_held_anywhere_in_the_folded_text() {
        let words = search_words("BANQUE l'Alim");
        assert!(holds_every_word(&words, "Banque alimentaire d’Orléans"));
        assert!(!holds_every_word(&words, "Banque de vêtements"));
        assert!(holds_every_word(&[], "anything"));
    }

    #[test]
    fn relevance_prefers_the_agencys_name_then_a_services_then_anything() {
        let words = |q: &str| q.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let services = ["repas du soir".to_owned(), "evening meals".to_owned()];
        // « armee » begins a word of the name; « mea » begins a service's word; « ening »
        // is inside one.
        assert_eq!(relevance(&words("armee"), "l armee du salut", &[]), 4);
        assert_eq!(relevance(&words("mea"), "l armee du salut", &services), 2);
        assert_eq!(relevance(&words("ening"), "l armee du salut", &services), 1);
        assert_eq!(
            relevance(&words("salut repas ening"), "l armee du salut", &services),
            7
        );
        // The middle of a name's word is not its beginning.
        assert_eq!(relevance(&words("rmee"), "l armee du salut", &[]), 1);
    }

    #[test]
    fn organization_input_reports_every_bad_field() {
        let input = OrganizationInput {
            name: " ".into(),
            email: "not-an-email".into(),
            website: "refuge.ca".into(),
            ..Default::default()
        };
        let errors = input.parse().unwrap_err();
        assert_eq!(errors.for_field("name"), Some("error-required"));
        assert_eq!(errors.for_field("email"), Some("error-email"));
        assert_eq!(errors.for_field("website"), Some("error-url"));
    }

    #[test]
    fn service_input_checks_status_and_ages() {
        let input = ServiceInput {
            name: "Beds".into(),
            status: "open".into(),
            minimum_age: "30".into(),
            maximum_age: "16".into(),
            ..Default::default()
        };
        let errors = input.parse().unwrap_err();
        assert_eq!(errors.for_field("status"), Some("error-status"));
        assert_eq!(errors.for_field("maximum_age"), Some("error-age-range"));
        let ok = ServiceInput {
            name: "Beds".into(),
            status: "temporarily_closed".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(ok.status, ServiceStatus::TemporarilyClosed);
    }

    #[test]
    fn round_trips_form_values() {
        let fields = OrganizationInput {
            name: "Abri".into(),
            email: "a@b.ca".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(
            OrganizationInput::from_fields(&fields).parse().unwrap(),
            fields
        );
    }

    #[test]
    fn descendants_follow_the_hierarchy() {
        let t = |id: u128, parent: Option<u128>| TaxonomyTerm {
            id: Uuid::from_u128(id),
            taxonomy_id: Uuid::nil(),
            code: None,
            name: id.to_string(),
            name_fr: None,
            description: None,
            parent_id: parent.map(Uuid::from_u128),
        };
        let terms = vec![t(1, None), t(2, Some(1)), t(3, Some(2)), t(4, None)];
        let mut found = with_descendants(&terms, Uuid::from_u128(1));
        found.sort();
        assert_eq!(
            found,
            vec![Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3)]
        );
    }

    #[test]
    fn location_needs_both_coordinates() {
        let errors = LocationInput {
            latitude: "45.4".into(),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(
            errors.for_field("longitude"),
            Some("error-coordinates-pair")
        );
    }
}

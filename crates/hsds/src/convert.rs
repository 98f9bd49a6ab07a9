//! Between HSDS tables and Passerelle's directory, with every record parsed by the
//! domain's rules.

use crate::tables::*;
use crate::{HsdsError, Tables};
use passerelle_domain::FieldErrors;
use passerelle_domain::directory::*;
use passerelle_domain::vocabulary::{Vocabulary, derived_id};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use uuid::Uuid;

/// HSDS 3 ids are UUIDs; an older file's other ids are mapped to stable UUIDs (v5).
fn to_id(raw: &str) -> Uuid {
    Uuid::parse_str(raw.trim()).unwrap_or_else(|_| derived_id("hsds", raw.trim()))
}

fn text(cell: &Cell) -> String {
    cell.clone().unwrap_or_default()
}

struct Checker<'a> {
    tables: &'a Tables,
}

impl Checker<'_> {
    fn error(
        &self,
        table: &str,
        record: &str,
        field: &str,
        message: impl Into<String>,
    ) -> HsdsError {
        HsdsError::new(&self.tables.file_of(table), record, field, message)
    }

    /// The row's id, required.
    fn id(&self, table: &str, position: usize, id: &Cell) -> Result<Uuid, HsdsError> {
        match id.as_deref().map(str::trim) {
            Some(raw) if !raw.is_empty() => Ok(to_id(raw)),
            _ => Err(self.error(table, &format!("#{}", position + 1), "id", "missing id")),
        }
    }

    fn reference(
        &self,
        table: &str,
        record: &str,
        field: &str,
        cell: &Cell,
        known: &HashSet<Uuid>,
    ) -> Result<Uuid, HsdsError> {
        let raw = cell
            .as_deref()
            .ok_or_else(|| self.error(table, record, field, "missing reference"))?;
        let id = to_id(raw);
        if known.contains(&id) {
            Ok(id)
        } else {
            Err(self.error(table, record, field, format!("unknown id {raw}")))
        }
    }

    fn fields<T>(
        &self,
        table: &str,
        record: &str,
        parsed: Result<T, FieldErrors>,
    ) -> Result<T, HsdsError> {
        parsed.map_err(|errors| {
            let first = &errors.0[0];
            self.error(table, record, &first.field, first.code)
        })
    }
}

/// A directory read from HSDS files, and what they held that it does not keep.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub snapshot: DirectorySnapshot,
    /// Counted by what was left: `kind.property`, a whole table's file, or a record whose
    /// link Passerelle cannot follow (see `docs/hsds.md`).
    pub not_kept: BTreeMap<String, usize>,
}

/// Parses tables into a directory, or names the first record at fault.
///
/// A reference the standard makes optional, or that points at something Passerelle does not
/// keep, is not an error: the record is attached where the file's other links put it, or
/// left out and counted in [`Imported::not_kept`]. A reference Passerelle needs and cannot
/// follow (a service's organization, a link's location, an attribute's term) is.
pub fn from_tables(t: &Tables) -> Result<Imported, HsdsError> {
    let c = Checker { tables: t };
    let mut not_kept = t.not_kept.clone();
    let mut note = |what: &str| *not_kept.entry(what.to_owned()).or_default() += 1;

    let mut taxonomies = Vec::new();
    for (i, row) in t.taxonomy.iter().enumerate() {
        let id = c.id("taxonomy", i, &row.id)?;
        let name = row
            .name
            .clone()
            .ok_or_else(|| c.error("taxonomy", &text(&row.id), "name", "error-required"))?;
        taxonomies.push(Taxonomy {
            id,
            // Its name is how a missing description is written (below).
            description: row
                .description
                .clone()
                .filter(|d| !d.trim().is_empty() && *d != name),
            name,
            uri: row.uri.clone(),
            version: row.version.clone(),
        });
    }
    let builtin_taxonomies: HashSet<Uuid> = Vocabulary::ALL.iter().map(|v| v.id()).collect();

    let builtin_terms: HashSet<Uuid> = Vocabulary::ALL
        .iter()
        .flat_map(|v| v.terms().iter().map(move |t| v.term_id(t.0)))
        .collect();
    let mut known_terms = builtin_terms.clone();
    for (i, row) in t.taxonomy_term.iter().enumerate() {
        known_terms.insert(c.id("taxonomy_term", i, &row.id)?);
    }
    let mut terms = Vec::new();
    for (i, row) in t.taxonomy_term.iter().enumerate() {
        let id = c.id("taxonomy_term", i, &row.id)?;
        let record = text(&row.id);
        let name = row
            .name
            .clone()
            .ok_or_else(|| c.error("taxonomy_term", &record, "name", "error-required"))?;
        // A term names its taxonomy by id, or (older files) by name.
        let taxonomy_id = match (&row.taxonomy_id, &row.taxonomy) {
            // A taxonomy the file names on the term only: kept under its id and name.
            (Some(raw), Some(name))
                if !taxonomies.iter().any(|x| x.id == to_id(raw))
                    && !builtin_taxonomies.contains(&to_id(raw)) =>
            {
                taxonomies.push(Taxonomy {
                    id: to_id(raw),
                    name: name.clone(),
                    description: None,
                    uri: None,
                    version: None,
                });
                to_id(raw)
            }
            (Some(raw), _) => to_id(raw),
            (None, Some(name)) => match taxonomies.iter().find(|x| &x.name == name) {
                Some(x) => x.id,
                None => {
                    let id = derived_id("taxonomy", name);
                    taxonomies.push(Taxonomy {
                        id,
                        name: name.clone(),
                        description: None,
                        uri: None,
                        version: None,
                    });
                    id
                }
            },
            (None, None) => {
                return Err(c.error("taxonomy_term", &record, "taxonomy_id", "error-required"));
            }
        };
        if !taxonomies.iter().any(|x| x.id == taxonomy_id)
            && !builtin_taxonomies.contains(&taxonomy_id)
        {
            return Err(c.error("taxonomy_term", &record, "taxonomy_id", "unknown taxonomy"));
        }
        // A parent the file does not hold leaves the term at the top of its taxonomy.
        let parent_id = match row.parent_id.as_deref().map(to_id) {
            Some(parent) if known_terms.contains(&parent) => Some(parent),
            Some(_) => {
                note("taxonomy_term.parent_id (a parent not in the file)");
                None
            }
            None => None,
        };
        terms.push(TaxonomyTerm {
            id,
            taxonomy_id,
            code: row.code.clone(),
            name_fr: None,
            // A blank description, or the term's name, is how a missing one is written
            // (below).
            description: row
                .description
                .clone()
                .filter(|d| !d.trim().is_empty() && *d != name),
            name,
            parent_id,
        });
    }

    let mut terms_of: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (i, row) in t.attribute.iter().enumerate() {
        let record = row.id.clone().unwrap_or_else(|| format!("#{}", i + 1));
        let term = c.reference(
            "attribute",
            &record,
            "taxonomy_term_id",
            &row.taxonomy_term_id,
            &known_terms,
        )?;
        let link = row
            .link_id
            .as_deref()
            .ok_or_else(|| c.error("attribute", &record, "link_id", "missing reference"))?;
        terms_of.entry(to_id(link)).or_default().push(term);
    }

    let mut organizations: Vec<OrganizationRecord> = Vec::new();
    let mut org_index: HashMap<Uuid, usize> = HashMap::new();
    for (i, row) in t.organization.iter().enumerate() {
        let id = c.id("organization", i, &row.id)?;
        let input = OrganizationInput {
            name: text(&row.name),
            alternate_name: text(&row.alternate_name),
            description: text(&row.description),
            description_fr: text(&row.description_fr),
            email: text(&row.email),
            website: text(&row.website),
            term_ids: terms_of.get(&id).cloned().unwrap_or_default(),
        };
        let fields = c.fields("organization", &text(&row.id), input.parse())?;
        if org_index.insert(id, organizations.len()).is_some() {
            return Err(c.error("organization", &text(&row.id), "id", "duplicate id"));
        }
        organizations.push(OrganizationRecord {
            organization: Organization { id, fields },
            services: vec![],
            locations: vec![],
            contacts: vec![],
        });
    }
    let known_orgs: HashSet<Uuid> = org_index.keys().copied().collect();

    // Where services are offered, by the organizations the file says offer them: HSDS 3.1
    // lets a location stand without an organization (or name one it does not hold), and
    // Passerelle keeps it under the one whose services are offered there.
    let service_org: HashMap<Uuid, Uuid> = t
        .service
        .iter()
        .filter_map(|s| {
            Some((
                to_id(s.id.as_deref()?),
                to_id(s.organization_id.as_deref()?),
            ))
        })
        .filter(|(_, org)| known_orgs.contains(org))
        .collect();
    let mut offered_by: HashMap<Uuid, BTreeSet<Uuid>> = HashMap::new();
    for link in &t.service_at_location {
        if let (Some(location), Some(org)) = (
            link.location_id.as_deref(),
            link.service_id
                .as_deref()
                .and_then(|s| service_org.get(&to_id(s))),
        ) {
            offered_by.entry(to_id(location)).or_default().insert(*org);
        }
    }

    let mut location_owner: HashMap<Uuid, Uuid> = HashMap::new();
    for (i, row) in t.location.iter().enumerate() {
        let id = c.id("location", i, &row.id)?;
        let record = text(&row.id);
        let org = match row.organization_id.as_deref().map(to_id) {
            Some(org) if known_orgs.contains(&org) => org,
            _ => match offered_by.get(&id).map(|o| o.iter().collect::<Vec<_>>()) {
                Some(owners) if owners.len() == 1 => *owners[0],
                Some(_) => {
                    return Err(c.error(
                        "location",
                        &record,
                        "organization_id",
                        "a location without its organization, where several organizations offer services",
                    ));
                }
                None => {
                    note("location (no organization in the file, no service there)");
                    continue;
                }
            },
        };
        let address = t
            .address
            .iter()
            .filter(|a| a.location_id.as_deref().map(to_id) == Some(id))
            .min_by_key(|a| {
                // The physical address, when a location has several.
                a.address_type.as_deref() != Some("physical")
            });
        let address = address.cloned().unwrap_or_default();
        // Passerelle keeps Canadian postal codes; another country's is left out rather than
        // refusing the file (a Canadian one that does not read is still an error).
        let canadian = address.country.as_deref().is_none_or(|c| {
            let c = c.trim().to_ascii_uppercase();
            c.is_empty() || c == "CA" || c == "CAN" || c == "CANADA"
        });
        let mut postal_code = text(&address.postal_code);
        if !canadian && !postal_code.is_empty() {
            note("address.postal_code (outside Canada)");
            postal_code.clear();
        }
        let (latitude, longitude) = coordinates(&row.latitude, &row.longitude, &mut note);
        let input = LocationInput {
            name: text(&row.name),
            description: text(&row.description),
            address_1: text(&address.address_1),
            city: text(&address.city),
            state_province: text(&address.state_province),
            postal_code,
            country: text(&address.country),
            latitude,
            longitude,
            area_id: None,
        };
        let table = if input.postal_code.is_empty() || input.parse().is_ok() {
            "location"
        } else {
            "address"
        };
        let fields = c.fields(table, &record, input.parse())?;
        location_owner.insert(id, org);
        organizations[org_index[&org]].locations.push(Location {
            id,
            organization_id: org,
            fields,
        });
    }
    let known_locations: HashSet<Uuid> = location_owner.keys().copied().collect();

    let mut areas: Vec<Area> = Vec::new();
    let mut areas_of: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (i, row) in t.service_area.iter().enumerate() {
        let record = row.id.clone().unwrap_or_else(|| format!("#{}", i + 1));
        let name = row.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let name =
            name.ok_or_else(|| c.error("service_area", &record, "name", "error-required"))?;
        let area_id = Area::id_for_name(name);
        if !areas.iter().any(|a| a.id == area_id) {
            areas.push(Area {
                id: area_id,
                name: name.to_owned(),
                name_fr: None,
                latitude: None,
                longitude: None,
            });
        }
        let service = row
            .service_id
            .as_deref()
            .ok_or_else(|| c.error("service_area", &record, "service_id", "missing reference"))?;
        areas_of.entry(to_id(service)).or_default().push(area_id);
    }
    let mut locations_of: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (i, row) in t.service_at_location.iter().enumerate() {
        let record = row.id.clone().unwrap_or_else(|| format!("#{}", i + 1));
        let location = c.reference(
            "service_at_location",
            &record,
            "location_id",
            &row.location_id,
            &known_locations,
        )?;
        let service = row.service_id.as_deref().ok_or_else(|| {
            c.error(
                "service_at_location",
                &record,
                "service_id",
                "missing reference",
            )
        })?;
        locations_of
            .entry(to_id(service))
            .or_default()
            .push(location);
    }

    let mut service_owner: HashMap<Uuid, Uuid> = HashMap::new();
    for (i, row) in t.service.iter().enumerate() {
        let id = c.id("service", i, &row.id)?;
        let record = text(&row.id);
        let org = c.reference(
            "service",
            &record,
            "organization_id",
            &row.organization_id,
            &known_orgs,
        )?;
        let location_ids = locations_of.get(&id).cloned().unwrap_or_default();
        if location_ids
            .iter()
            .any(|l| location_owner.get(l) != Some(&org))
        {
            return Err(c.error(
                "service_at_location",
                &record,
                "location_id",
                "error-foreign-location",
            ));
        }
        let input = ServiceInput {
            name: text(&row.name),
            alternate_name: text(&row.alternate_name),
            description: text(&row.description),
            description_fr: text(&row.description_fr),
            url: text(&row.url),
            email: text(&row.email),
            status: text(&row.status),
            eligibility_description: text(&row.eligibility_description),
            eligibility_description_fr: text(&row.eligibility_description_fr),
            minimum_age: text(&row.minimum_age),
            maximum_age: text(&row.maximum_age),
            term_ids: terms_of.get(&id).cloned().unwrap_or_default(),
            area_ids: areas_of.get(&id).cloned().unwrap_or_default(),
            location_ids,
        };
        let fields = c.fields("service", &record, input.parse())?;
        service_owner.insert(id, org);
        organizations[org_index[&org]].services.push(Service {
            id,
            organization_id: org,
            fields,
        });
    }

    for (i, row) in t.contact.iter().enumerate() {
        let id = c.id("contact", i, &row.id)?;
        let record = text(&row.id);
        // A contact may hang from a service or a location (or name an organization the file
        // does not hold); it then belongs to that service's or location's organization.
        let org = row
            .organization_id
            .as_deref()
            .map(to_id)
            .filter(|o| known_orgs.contains(o))
            .or_else(|| {
                service_owner
                    .get(&to_id(row.service_id.as_deref()?))
                    .copied()
            })
            .or_else(|| {
                location_owner
                    .get(&to_id(row.location_id.as_deref()?))
                    .copied()
            });
        let Some(org) = org else {
            note("contact (no organization, service or location of it in the file)");
            continue;
        };
        let phone = t
            .phone
            .iter()
            .find(|p| p.contact_id.as_deref().map(to_id) == Some(id))
            .and_then(|p| p.number.clone());
        let input = ContactInput {
            name: text(&row.name),
            title: text(&row.title),
            department: text(&row.department),
            email: text(&row.email),
            phone: phone.unwrap_or_default(),
        };
        let fields = c.fields("contact", &record, input.parse())?;
        organizations[org_index[&org]].contacts.push(Contact {
            id,
            organization_id: org,
            fields,
        });
    }

    // Attributes of what Passerelle does not keep (a program, a phone…) or of records the
    // file does not hold.
    for (link, terms) in &terms_of {
        if !known_orgs.contains(link) && !service_owner.contains_key(link) {
            for _ in terms {
                note("attribute (of a record Passerelle does not keep)");
            }
        }
    }
    let contacts: HashSet<Uuid> = t
        .contact
        .iter()
        .filter_map(|c| c.id.as_deref().map(to_id))
        .collect();
    for phone in &t.phone {
        if !phone
            .contact_id
            .as_deref()
            .is_some_and(|c| contacts.contains(&to_id(c)))
        {
            note(
                "phone (of an organization, service or location: Passerelle keeps contacts' phones)",
            );
        }
    }

    Ok(Imported {
        snapshot: DirectorySnapshot {
            taxonomies,
            terms,
            areas,
            organizations,
        },
        not_kept,
    })
}

/// A location's latitude and longitude as text. A number beyond ±90° or ±180° cannot be a
/// place: the pair is left out (and counted), where text that is not a number is refused by
/// the domain's rules.
fn coordinates(latitude: &Cell, longitude: &Cell, note: &mut impl FnMut(&str)) -> (String, String) {
    let beyond = |cell: &Cell, limit: f64| {
        text(cell)
            .trim()
            .parse::<f64>()
            .is_ok_and(|degrees| degrees.abs() > limit)
    };
    if beyond(latitude, 90.0) || beyond(longitude, 180.0) {
        note("location.latitude and longitude (out of range)");
        (String::new(), String::new())
    } else {
        (text(latitude), text(longitude))
    }
}

fn some(s: &str) -> Cell {
    Some(s.to_owned())
}

fn id_cell(id: Uuid) -> Cell {
    Some(id.to_string())
}

/// What HSDS 3.1 requires that the directory lacks, one line a record: the export writes
/// it empty, which the JSON schemas accept and a tabular package's checks do not.
pub fn incomplete(d: &DirectorySnapshot) -> Vec<String> {
    d.organizations
        .iter()
        .filter(|r| r.organization.fields.description.is_none())
        .map(|r| {
            format!(
                "organization {} ({}): no description",
                r.organization.id, r.organization.fields.name
            )
        })
        .collect()
}

/// Lays a directory out as HSDS tables.
pub fn to_tables(d: &DirectorySnapshot) -> Tables {
    let mut t = Tables::default();
    let taxonomy_names: HashMap<Uuid, &str> = d
        .taxonomies
        .iter()
        .map(|x| (x.id, x.name.as_str()))
        .collect();
    for x in &d.taxonomies {
        t.taxonomy.push(TaxonomyRow {
            id: id_cell(x.id),
            name: some(&x.name),
            // Required, as a term's is: described by its name when it has no description.
            description: Some(x.description.clone().unwrap_or_else(|| x.name.clone())),
            uri: x.uri.clone(),
            version: x.version.clone(),
        });
    }
    for term in &d.terms {
        t.taxonomy_term.push(TaxonomyTermRow {
            id: id_cell(term.id),
            code: term.code.clone(),
            name: some(&term.name),
            // HSDS 3.1 requires a term's description, and a tabular package cannot leave it
            // empty: a term without one is described by its name.
            description: Some(
                term.description
                    .clone()
                    .unwrap_or_else(|| term.name.clone()),
            ),
            parent_id: term.parent_id.map(|p| p.to_string()),
            taxonomy: taxonomy_names.get(&term.taxonomy_id).map(|n| n.to_string()),
            taxonomy_id: id_cell(term.taxonomy_id),
            language: some("en"),
        });
    }
    let area_names: HashMap<Uuid, &str> = d.areas.iter().map(|a| (a.id, a.name.as_str())).collect();
    let attribute = |t: &mut Tables, entity: &str, link: Uuid, term: Uuid| {
        t.attribute.push(AttributeRow {
            id: id_cell(derived_id("attribute", &format!("{link}/{term}"))),
            link_id: id_cell(link),
            taxonomy_term_id: id_cell(term),
            link_type: None,
            link_entity: some(entity),
            value: None,
        });
    };
    for record in &d.organizations {
        let o = &record.organization;
        t.organization.push(OrganizationRow {
            id: id_cell(o.id),
            name: some(&o.fields.name),
            alternate_name: o.fields.alternate_name.clone(),
            // Required by HSDS 3.1 for an organization; empty when the agency gave none.
            description: Some(o.fields.description.clone().unwrap_or_default()),
            description_fr: o.fields.description_fr.clone(),
            email: o.fields.email.as_ref().map(|e| e.as_str().to_owned()),
            website: o.fields.website.as_ref().map(|w| w.as_str().to_owned()),
        });
        for term in &o.fields.term_ids {
            attribute(&mut t, "organization", o.id, *term);
        }
        for l in &record.locations {
            let f = &l.fields;
            t.location.push(LocationRow {
                id: id_cell(l.id),
                organization_id: id_cell(o.id),
                location_type: some("physical"),
                name: f.name.clone(),
                description: f.description.clone(),
                latitude: f.latitude.map(|v| v.to_string()),
                longitude: f.longitude.map(|v| v.to_string()),
            });
            if f.address_1.is_some() || f.city.is_some() || f.postal_code.is_some() {
                t.address.push(AddressRow {
                    id: id_cell(derived_id("address", &l.id.to_string())),
                    location_id: id_cell(l.id),
                    address_1: f.address_1.clone(),
                    city: f.city.clone(),
                    state_province: f.state_province.clone(),
                    postal_code: f.postal_code.as_ref().map(|p| p.as_str().to_owned()),
                    country: f.country.clone(),
                    address_type: some("physical"),
                });
            }
        }
        for s in &record.services {
            let f = &s.fields;
            t.service.push(ServiceRow {
                id: id_cell(s.id),
                organization_id: id_cell(o.id),
                name: some(&f.name),
                alternate_name: f.alternate_name.clone(),
                description: f.description.clone(),
                description_fr: f.description_fr.clone(),
                url: f.url.as_ref().map(|u| u.as_str().to_owned()),
                email: f.email.as_ref().map(|e| e.as_str().to_owned()),
                status: some(f.status.as_str()),
                eligibility_description: f.eligibility_description.clone(),
                eligibility_description_fr: f.eligibility_description_fr.clone(),
                minimum_age: f.minimum_age.map(|a| a.to_string()),
                maximum_age: f.maximum_age.map(|a| a.to_string()),
            });
            for term in &f.term_ids {
                attribute(&mut t, "service", s.id, *term);
            }
            for area in &f.area_ids {
                t.service_area.push(ServiceAreaRow {
                    id: id_cell(derived_id("service_area", &format!("{}/{area}", s.id))),
                    service_id: id_cell(s.id),
                    name: area_names.get(area).map(|n| n.to_string()),
                    description: None,
                });
            }
            for location in &f.location_ids {
                t.service_at_location.push(ServiceAtLocationRow {
                    id: id_cell(derived_id(
                        "service_at_location",
                        &format!("{}/{location}", s.id),
                    )),
                    service_id: id_cell(s.id),
                    location_id: id_cell(*location),
                });
            }
        }
        for contact in &record.contacts {
            let f = &contact.fields;
            t.contact.push(ContactRow {
                id: id_cell(contact.id),
                organization_id: id_cell(o.id),
                service_id: None,
                location_id: None,
                name: some(&f.name),
                title: f.title.clone(),
                department: f.department.clone(),
                email: f.email.as_ref().map(|e| e.as_str().to_owned()),
            });
            if let Some(number) = &f.phone {
                t.phone.push(PhoneRow {
                    id: id_cell(derived_id("phone", &contact.id.to_string())),
                    contact_id: id_cell(contact.id),
                    organization_id: None,
                    number: some(number),
                    phone_type: some("voice"),
                });
            }
        }
    }
    t
}

//! HSDS 3.1's JSON shapes: objects nested as the standard's API returns them, read into the
//! flat [`Tables`] and written from them.
//!
//! Read: one organization, service or service-at-location in full, a list response
//! (`{"contents": […], "total_items": …}`) or a bare array of any of these, and Passerelle's
//! earlier `{"taxonomies", "taxonomy_terms", "organizations"}` export. Objects are told apart
//! by the keys only their kind has (every field is optional to serde, so an untagged guess
//! would take any object for any kind). A property Passerelle does not keep is counted in
//! [`Tables::not_kept`] under `kind.property`, never silently dropped.
//!
//! Written: the same nested objects, by [`View`], with coordinates and ages as numbers and
//! null properties left out.

use crate::tables::*;
use crate::{HsdsError, Tables};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Properties of an object that its row does not name: counted as not kept.
type Extra = BTreeMap<String, Value>;

/// A row read from JSON, with the properties Passerelle does not keep beside it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Leaf<R> {
    #[serde(flatten)]
    row: R,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JsonTerm {
    #[serde(flatten)]
    row: TaxonomyTermRow,
    taxonomy_detail: Option<TaxonomyRow>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JsonAttribute {
    #[serde(flatten)]
    row: AttributeRow,
    taxonomy_term: Option<JsonTerm>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JsonContact {
    #[serde(flatten)]
    row: ContactRow,
    phones: Vec<Leaf<PhoneRow>>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JsonLocation {
    #[serde(flatten)]
    row: LocationRow,
    addresses: Vec<Leaf<AddressRow>>,
    contacts: Vec<JsonContact>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JsonServiceAtLocation {
    #[serde(flatten)]
    row: ServiceAtLocationRow,
    service: Option<Box<JsonService>>,
    location: Option<JsonLocation>,
    contacts: Vec<JsonContact>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JsonService {
    #[serde(flatten)]
    row: ServiceRow,
    organization: Option<Box<JsonOrganization>>,
    service_at_locations: Vec<JsonServiceAtLocation>,
    service_areas: Vec<Leaf<ServiceAreaRow>>,
    attributes: Vec<JsonAttribute>,
    contacts: Vec<JsonContact>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JsonOrganization {
    #[serde(flatten)]
    row: OrganizationRow,
    services: Vec<JsonService>,
    locations: Vec<JsonLocation>,
    contacts: Vec<JsonContact>,
    attributes: Vec<JsonAttribute>,
    #[serde(flatten)]
    extra: Extra,
}

/// A list response (`contents`), with the taxonomies Passerelle writes beside it; or
/// Passerelle's export before it followed the standard's list shape (`organizations`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JsonDirectory {
    contents: Vec<Value>,
    taxonomies: Vec<TaxonomyRow>,
    taxonomy_terms: Vec<TaxonomyTermRow>,
    organizations: Vec<Value>,
}

/// The keys that only a service-at-location, a service, a taxonomy term or a taxonomy has;
/// an object with none of them and a name is an organization.
fn kind_of(object: &Map<String, Value>) -> Option<&'static str> {
    let has = |keys: &[&str]| keys.iter().any(|k| object.contains_key(*k));
    if has(&["service", "location"]) || (has(&["service_id"]) && has(&["location_id"])) {
        Some("service_at_location")
    } else if has(&[
        "status",
        "organization_id",
        "organization",
        "service_at_locations",
        "program",
    ]) {
        Some("service")
    } else if has(&[
        "taxonomy_id",
        "taxonomy_detail",
        "parent_id",
        "term_uri",
        "code",
    ]) {
        Some("taxonomy_term")
    } else if object.contains_key("version")
        && object.keys().all(|k| {
            ["id", "name", "description", "uri", "version", "metadata"].contains(&k.as_str())
        })
    {
        Some("taxonomy")
    } else if object.contains_key("name") {
        Some("organization")
    } else {
        None
    }
}

/// Flattens nested objects into tables, each record once (a service in full repeats its
/// organization, a list of services repeats their shared locations).
struct Flattener {
    t: Tables,
    seen: HashSet<(&'static str, String)>,
}

fn fill(cell: &mut Cell, parent: &Cell) {
    if cell.is_none() {
        cell.clone_from(parent);
    }
}

impl Flattener {
    /// True the first time a record of `table` with this id is met (records without an id
    /// are all kept, to be refused by the conversion with their position).
    fn first(&mut self, table: &'static str, id: &Cell) -> bool {
        match id {
            Some(id) => self.seen.insert((table, id.clone())),
            None => true,
        }
    }

    fn not_kept(&mut self, kind: &str, extra: &Extra) {
        for (key, value) in extra {
            let empty = match value {
                Value::Null => true,
                Value::String(s) => s.is_empty(),
                Value::Array(a) => a.is_empty(),
                Value::Object(o) => o.is_empty(),
                _ => false,
            };
            if !empty {
                *self.t.not_kept.entry(format!("{kind}.{key}")).or_default() += 1;
            }
        }
    }

    fn object(&mut self, value: Value, position: &str) -> Result<(), String> {
        let Value::Object(map) = &value else {
            return Err(format!("{position}: not an object"));
        };
        let shape = |e: serde_json::Error| format!("{position}: {e}");
        match kind_of(map) {
            Some("organization") => {
                self.organization(serde_json::from_value(value).map_err(shape)?);
            }
            Some("service") => self.service(serde_json::from_value(value).map_err(shape)?, &None),
            Some("service_at_location") => self.service_at_location(
                serde_json::from_value(value).map_err(shape)?,
                &None,
                &None,
            ),
            Some("taxonomy_term") => self.term(serde_json::from_value(value).map_err(shape)?),
            Some("taxonomy") => {
                let row: Leaf<TaxonomyRow> = serde_json::from_value(value).map_err(shape)?;
                self.taxonomy(row.row);
            }
            _ => {
                return Err(format!(
                    "{position}: neither an organization, a service, a service at a location nor a taxonomy term"
                ));
            }
        }
        Ok(())
    }

    fn organization(&mut self, org: JsonOrganization) {
        let first = self.first("organization", &org.row.id);
        if first {
            self.not_kept("organization", &org.extra);
        }
        let org_id = org.row.id.clone();
        for location in org.locations {
            self.location(location, &org_id);
        }
        for attribute in org.attributes {
            self.attribute(attribute, &org_id, "organization");
        }
        for contact in org.contacts {
            self.contact(contact, &org_id, &None);
        }
        for service in org.services {
            self.service(service, &org_id);
        }
        if first {
            self.t.organization.push(org.row);
        }
    }

    fn service(&mut self, mut service: JsonService, org_id: &Cell) {
        let first = self.first("service", &service.row.id);
        if first {
            self.not_kept("service", &service.extra);
        }
        if let Some(org) = service.organization.take() {
            fill(&mut service.row.organization_id, &org.row.id);
            self.organization(*org);
        }
        fill(&mut service.row.organization_id, org_id);
        let service_id = service.row.id.clone();
        let org_id = service.row.organization_id.clone();
        for link in service.service_at_locations {
            self.service_at_location(link, &service_id, &org_id);
        }
        for mut area in service.service_areas {
            fill(&mut area.row.service_id, &service_id);
            if self.first("service_area", &area.row.id) {
                self.not_kept("service_area", &area.extra);
                self.t.service_area.push(area.row);
            }
        }
        for attribute in service.attributes {
            self.attribute(attribute, &service_id, "service");
        }
        for contact in service.contacts {
            self.contact(contact, &org_id, &service_id);
        }
        if first {
            self.t.service.push(service.row);
        }
    }

    fn service_at_location(
        &mut self,
        mut link: JsonServiceAtLocation,
        service_id: &Cell,
        org_id: &Cell,
    ) {
        let first = self.first("service_at_location", &link.row.id);
        if first {
            self.not_kept("service_at_location", &link.extra);
        }
        let mut org_id = org_id.clone();
        if let Some(service) = link.service.take() {
            fill(&mut link.row.service_id, &service.row.id);
            if org_id.is_none() {
                org_id = service
                    .row
                    .organization_id
                    .clone()
                    .or_else(|| service.organization.as_ref().and_then(|o| o.row.id.clone()));
            }
            self.service(*service, &None);
        }
        fill(&mut link.row.service_id, service_id);
        if let Some(location) = link.location.take() {
            fill(&mut link.row.location_id, &location.row.id);
            self.location(location, &org_id);
        }
        for contact in link.contacts {
            self.contact(contact, &org_id, &link.row.service_id);
        }
        if first {
            self.t.service_at_location.push(link.row);
        }
    }

    fn location(&mut self, mut location: JsonLocation, org_id: &Cell) {
        let first = self.first("location", &location.row.id);
        if first {
            self.not_kept("location", &location.extra);
        }
        fill(&mut location.row.organization_id, org_id);
        for mut address in location.addresses {
            fill(&mut address.row.location_id, &location.row.id);
            if self.first("address", &address.row.id) {
                self.not_kept("address", &address.extra);
                self.t.address.push(address.row);
            }
        }
        for contact in location.contacts {
            self.contact(contact, &location.row.organization_id, &None);
        }
        if first {
            self.t.location.push(location.row);
        }
    }

    fn attribute(&mut self, mut attribute: JsonAttribute, link_id: &Cell, entity: &str) {
        let first = self.first("attribute", &attribute.row.id);
        if first {
            self.not_kept("attribute", &attribute.extra);
        }
        fill(&mut attribute.row.link_id, link_id);
        // The entity the attribute hangs from, whatever a file wrote there.
        attribute.row.link_entity = Some(entity.to_owned());
        if let Some(term) = attribute.taxonomy_term.take() {
            fill(&mut attribute.row.taxonomy_term_id, &term.row.id);
            self.term(term);
        }
        if first {
            self.t.attribute.push(attribute.row);
        }
    }

    fn term(&mut self, mut term: JsonTerm) {
        let first = self.first("taxonomy_term", &term.row.id);
        if first {
            self.not_kept("taxonomy_term", &term.extra);
        }
        if let Some(taxonomy) = term.taxonomy_detail.take() {
            fill(&mut term.row.taxonomy_id, &taxonomy.id);
            self.taxonomy(taxonomy);
        }
        if first {
            self.t.taxonomy_term.push(term.row);
        }
    }

    fn taxonomy(&mut self, taxonomy: TaxonomyRow) {
        if self.first("taxonomy", &taxonomy.id) {
            self.t.taxonomy.push(taxonomy);
        }
    }

    fn contact(&mut self, mut contact: JsonContact, org_id: &Cell, service_id: &Cell) {
        let first = self.first("contact", &contact.row.id);
        if first {
            self.not_kept("contact", &contact.extra);
        }
        fill(&mut contact.row.organization_id, org_id);
        fill(&mut contact.row.service_id, service_id);
        for mut phone in contact.phones {
            fill(&mut phone.row.contact_id, &contact.row.id);
            if self.first("phone", &phone.row.id) {
                self.not_kept("phone", &phone.extra);
                self.t.phone.push(phone.row);
            }
        }
        if first {
            self.t.contact.push(contact.row);
        }
    }
}

impl Tables {
    /// Reads the JSON form; `file` names it in errors.
    pub fn from_json(text: &str, file: &str) -> Result<Tables, HsdsError> {
        Tables::from_json_files(&[(file.to_owned(), text.to_owned())], file)
    }

    /// Reads JSON files as one directory (a folder of them: a service in each, say, sharing
    /// their organization); `source` names them in errors about their records.
    pub fn from_json_files(files: &[(String, String)], source: &str) -> Result<Tables, HsdsError> {
        let mut f = Flattener {
            t: Tables {
                json_source: Some(source.to_owned()),
                ..Default::default()
            },
            seen: HashSet::new(),
        };
        for (file, text) in files {
            let value: Value = serde_json::from_str(text)
                .map_err(|syntax| HsdsError::new(file, "-", "-", syntax.to_string()))?;
            f.read(value)
                .map_err(|e| HsdsError::new(file, "-", "-", format!("not an HSDS file: {e}")))?;
        }
        Ok(f.t)
    }
}

impl Flattener {
    fn read(&mut self, value: Value) -> Result<(), String> {
        match value {
            Value::Array(items) => self.items(items),
            Value::Object(map)
                if map.contains_key("contents")
                    || map.contains_key("organizations")
                    || map.contains_key("taxonomy_terms") =>
            {
                // A list response, with the taxonomies beside it that Passerelle writes
                // there; or Passerelle's earlier export, its organizations under their own
                // key.
                let d: JsonDirectory =
                    serde_json::from_value(Value::Object(map)).map_err(|e| e.to_string())?;
                for taxonomy in d.taxonomies {
                    self.taxonomy(taxonomy);
                }
                for term in d.taxonomy_terms {
                    self.term(JsonTerm {
                        row: term,
                        ..Default::default()
                    });
                }
                self.items(d.contents)?;
                self.items(d.organizations)
            }
            other => self.object(other, "the file"),
        }
    }

    fn items(&mut self, items: Vec<Value>) -> Result<(), String> {
        for (i, item) in items.into_iter().enumerate() {
            self.object(item, &format!("item {}", i + 1))?;
        }
        Ok(())
    }
}

// ---- Writing -----------------------------------------------------------------------

/// How deep an object is written: its own properties, or with what hangs from it (HSDS
/// lists give the first unless asked for `full`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    Brief,
    Full,
}

/// Rows of one table grouped by a column (an id they point to), as positions in the table.
type Index<'a> = HashMap<&'a str, Vec<usize>>;

fn index<'a, R>(rows: &'a [R], key: impl Fn(&'a R) -> &'a Cell) -> Index<'a> {
    let mut map: Index<'a> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if let Some(k) = key(row).as_deref() {
            map.entry(k).or_default().push(i);
        }
    }
    map
}

/// The rows of `rows` that `index` groups under `key`.
fn under<'a, R>(rows: &'a [R], index: &Index<'_>, key: &Cell) -> impl Iterator<Item = &'a R> {
    key.as_deref()
        .and_then(|k| index.get(k))
        .into_iter()
        .flatten()
        .map(move |&i| &rows[i])
}

/// The nested JSON objects of a set of tables, looked up by id. Every table is indexed once
/// by the ids its rows point to, so writing a whole directory is linear in its size.
pub struct View<'a> {
    t: &'a Tables,
    organizations: Index<'a>,
    services: Index<'a>,
    services_of: Index<'a>,
    locations: Index<'a>,
    locations_of: Index<'a>,
    addresses_of: Index<'a>,
    contacts_of: Index<'a>,
    phones_of: Index<'a>,
    links: Index<'a>,
    links_of: Index<'a>,
    areas_of: Index<'a>,
    attributes_of: Index<'a>,
    terms: Index<'a>,
    taxonomies: Index<'a>,
}

fn row_value<T: Serialize>(row: &T) -> Map<String, Value> {
    match serde_json::to_value(row).expect("rows of text cells serialize") {
        Value::Object(mut map) => {
            type_numbers(&mut map);
            map
        }
        _ => unreachable!("a row serializes to an object"),
    }
}

/// Leaves out null properties, and writes the columns the standard types as numbers
/// (coordinates, ages) as JSON numbers: the flat tables keep every cell as text.
fn type_numbers(map: &mut Map<String, Value>) {
    map.retain(|_, v| !v.is_null());
    for (key, v) in map.iter_mut() {
        if NUMBER_COLUMNS.contains(&key.as_str())
            && let Some(n) = v.as_str().and_then(|s| s.trim().parse::<f64>().ok())
            && let Some(number) = serde_json::Number::from_f64(n)
        {
            *v = if n.fract() == 0.0 && n.abs() < 1e15 {
                Value::from(n as i64)
            } else {
                Value::Number(number)
            };
        }
    }
}

fn list(items: impl Iterator<Item = Map<String, Value>>) -> Value {
    Value::Array(items.map(Value::Object).collect())
}

impl<'a> View<'a> {
    pub fn new(t: &'a Tables) -> View<'a> {
        View {
            t,
            organizations: index(&t.organization, |r| &r.id),
            services: index(&t.service, |r| &r.id),
            services_of: index(&t.service, |r| &r.organization_id),
            locations: index(&t.location, |r| &r.id),
            locations_of: index(&t.location, |r| &r.organization_id),
            addresses_of: index(&t.address, |r| &r.location_id),
            contacts_of: index(&t.contact, |r| &r.organization_id),
            phones_of: index(&t.phone, |r| &r.contact_id),
            links: index(&t.service_at_location, |r| &r.id),
            links_of: index(&t.service_at_location, |r| &r.service_id),
            areas_of: index(&t.service_area, |r| &r.service_id),
            attributes_of: index(&t.attribute, |r| &r.link_id),
            terms: index(&t.taxonomy_term, |r| &r.id),
            taxonomies: index(&t.taxonomy, |r| &r.id),
        }
    }

    fn term(&self, id: &Cell) -> Option<Map<String, Value>> {
        let term = under(&self.t.taxonomy_term, &self.terms, id).next()?;
        let mut map = row_value(term);
        if let Some(taxonomy) = under(&self.t.taxonomy, &self.taxonomies, &term.taxonomy_id).next()
        {
            map.insert("taxonomy_detail".into(), Value::Object(row_value(taxonomy)));
        }
        Some(map)
    }

    fn attributes(&self, link: &Cell) -> Value {
        list(
            under(&self.t.attribute, &self.attributes_of, link).map(|a| {
                let mut map = row_value(a);
                if let Some(term) = self.term(&a.taxonomy_term_id) {
                    map.insert("taxonomy_term".into(), Value::Object(term));
                }
                map
            }),
        )
    }

    fn location(&self, l: &LocationRow) -> Map<String, Value> {
        let mut map = row_value(l);
        map.insert(
            "addresses".into(),
            list(under(&self.t.address, &self.addresses_of, &l.id).map(row_value)),
        );
        map
    }

    fn contacts(&self, org: &Cell) -> Value {
        list(under(&self.t.contact, &self.contacts_of, org).map(|c| {
            let mut map = row_value(c);
            map.insert(
                "phones".into(),
                list(under(&self.t.phone, &self.phones_of, &c.id).map(row_value)),
            );
            map
        }))
    }

    /// An organization: its own properties, and in full its services (each `services`
    /// deep), locations, contacts and attributes.
    pub fn organization(&self, id: &str, depth: Depth, services: Depth) -> Option<Value> {
        let id = Some(id.to_owned());
        let o = under(&self.t.organization, &self.organizations, &id).next()?;
        let mut map = row_value(o);
        if depth == Depth::Full {
            map.insert(
                "services".into(),
                Value::Array(
                    under(&self.t.service, &self.services_of, &id)
                        .map(|s| self.service_of(s, services, false))
                        .collect(),
                ),
            );
            map.insert(
                "locations".into(),
                list(under(&self.t.location, &self.locations_of, &id).map(|l| self.location(l))),
            );
            map.insert("contacts".into(), self.contacts(&id));
            map.insert("attributes".into(), self.attributes(&id));
        }
        Some(Value::Object(map))
    }

    /// A service: its own properties, and in full its organization (brief), locations,
    /// areas and attributes.
    pub fn service(&self, id: &str, depth: Depth) -> Option<Value> {
        let s = under(&self.t.service, &self.services, &Some(id.to_owned())).next()?;
        Some(self.service_of(s, depth, true))
    }

    fn service_of(&self, s: &ServiceRow, depth: Depth, with_organization: bool) -> Value {
        let mut map = row_value(s);
        if depth == Depth::Full {
            if with_organization
                && let Some(org) = s
                    .organization_id
                    .as_deref()
                    .and_then(|o| self.organization(o, Depth::Brief, Depth::Brief))
            {
                map.insert("organization".into(), org);
            }
            map.insert(
                "service_at_locations".into(),
                list(
                    under(&self.t.service_at_location, &self.links_of, &s.id)
                        .map(|l| self.link(l, with_organization)),
                ),
            );
            map.insert(
                "service_areas".into(),
                list(under(&self.t.service_area, &self.areas_of, &s.id).map(row_value)),
            );
            map.insert("attributes".into(), self.attributes(&s.id));
        }
        Value::Object(map)
    }

    /// A service at a location, its location in full when `with_location` (in an
    /// organization in full the locations are beside the services, so only their ids).
    fn link(&self, l: &ServiceAtLocationRow, with_location: bool) -> Map<String, Value> {
        let mut map = row_value(l);
        if with_location
            && let Some(location) = under(&self.t.location, &self.locations, &l.location_id).next()
        {
            map.insert("location".into(), Value::Object(self.location(location)));
        }
        map
    }

    /// A service at a location: its ids, and in full its service (in full) and location.
    pub fn service_at_location(&self, id: &str, depth: Depth) -> Option<Value> {
        let l = under(
            &self.t.service_at_location,
            &self.links,
            &Some(id.to_owned()),
        )
        .next()?;
        let mut map = self.link(l, depth == Depth::Full);
        if depth == Depth::Full
            && let Some(service) = l
                .service_id
                .as_deref()
                .and_then(|s| self.service(s, Depth::Full))
        {
            map.insert("service".into(), service);
        }
        Some(Value::Object(map))
    }

    pub fn taxonomy(&self, id: &str) -> Option<Value> {
        let x = under(&self.t.taxonomy, &self.taxonomies, &Some(id.to_owned())).next()?;
        Some(Value::Object(row_value(x)))
    }

    pub fn taxonomy_term(&self, id: &str) -> Option<Value> {
        self.term(&Some(id.to_owned())).map(Value::Object)
    }
}

/// An HSDS list response: one page of `contents` and where it lies among `total` items
/// (`page` counts from 1).
pub fn page(contents: Vec<Value>, total: u64, page: u32, per_page: u32) -> Value {
    let per_page = per_page.max(1);
    let total_pages = total.div_ceil(u64::from(per_page)).max(1);
    serde_json::json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": contents.len(),
        "first_page": page <= 1,
        "last_page": u64::from(page) >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

impl Tables {
    /// The JSON form: an HSDS list response holding every organization in full, with the
    /// taxonomies and their terms beside `contents` (Passerelle's addition, so that terms no
    /// record uses and the parents of those it does travel too; readers of the standard
    /// ignore members they do not know).
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let view = View::new(self);
        let organizations: Vec<Value> = self
            .organization
            .iter()
            .filter_map(|o| o.id.as_deref())
            .filter_map(|id| view.organization(id, Depth::Full, Depth::Full))
            .collect();
        let total = organizations.len() as u64;
        let mut value = page(organizations, total, 1, total.max(1) as u32);
        let object = value.as_object_mut().expect("a page is an object");
        object.insert(
            "taxonomies".into(),
            list(self.taxonomy.iter().map(row_value)),
        );
        object.insert(
            "taxonomy_terms".into(),
            list(self.taxonomy_term.iter().map(row_value)),
        );
        serde_json::to_string_pretty(&value)
    }
}

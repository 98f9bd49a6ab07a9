//! HSDS tables as flat rows (the tabular form), and the nested JSON form built from them.

use crate::HsdsError;
use serde::{Deserialize, Deserializer, Serialize};
use std::path::Path;

/// A cell: absent, or text. Numbers in JSON (`"latitude": 45.4`) are read as their text.
pub type Cell = Option<String>;

fn cell<'de, D: Deserializer<'de>>(d: D) -> Result<Cell, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Cell;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string, a number or null")
        }
        fn visit_str<E>(self, v: &str) -> Result<Cell, E> {
            Ok((!v.is_empty()).then(|| v.to_owned()))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Cell, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Cell, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Cell, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_bool<E>(self, v: bool) -> Result<Cell, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_none<E>(self) -> Result<Cell, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Cell, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Cell, D2::Error> {
            cell(d)
        }
    }
    d.deserialize_any(V)
}

/// Declares a row type: every field an optional [`Cell`] under its HSDS name.
macro_rules! row {
    ($(#[$doc:meta])* $name:ident { $($field:ident $(as $rename:literal)?),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(default)]
        pub struct $name {
            $(
                $(#[serde(rename = $rename)])?
                #[serde(deserialize_with = "cell")]
                pub $field: Cell,
            )*
        }
    };
}

row!(
    /// `description_fr` (and a service's `eligibility_description_fr`) are Passerelle's
    /// additions: HSDS has one language a field, and readers of the standard ignore a column
    /// or property they do not know (decision 0023).
    OrganizationRow {
    id,
    name,
    alternate_name,
    description,
    description_fr,
    email,
    website
});
row!(ServiceRow {
    id,
    organization_id,
    name,
    alternate_name,
    description,
    description_fr,
    url,
    email,
    status,
    eligibility_description,
    eligibility_description_fr,
    minimum_age,
    maximum_age,
});
row!(LocationRow {
    id,
    organization_id,
    location_type,
    name,
    description,
    latitude,
    longitude
});
row!(AddressRow {
    id,
    location_id,
    address_1,
    city,
    state_province,
    postal_code,
    country,
    address_type
});
row!(ServiceAtLocationRow {
    id,
    service_id,
    location_id
});
row!(ServiceAreaRow {
    id,
    service_id,
    name,
    description
});
row!(TaxonomyRow {
    id,
    name,
    description,
    uri,
    version
});
row!(TaxonomyTermRow {
    id,
    code,
    name,
    description,
    parent_id,
    taxonomy,
    taxonomy_id,
    language
});
row!(AttributeRow {
    id,
    link_id,
    taxonomy_term_id,
    link_type,
    link_entity,
    value
});
row!(ContactRow {
    id,
    organization_id,
    service_id,
    name,
    title,
    department,
    email
});
row!(PhoneRow { id, contact_id, organization_id, number, phone_type as "type" });

/// All the tables Passerelle reads and writes, and where they came from (for errors).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tables {
    /// The JSON file name, or `None` for a folder of CSV tables.
    pub json_source: Option<String>,
    pub organization: Vec<OrganizationRow>,
    pub service: Vec<ServiceRow>,
    pub location: Vec<LocationRow>,
    pub address: Vec<AddressRow>,
    pub service_at_location: Vec<ServiceAtLocationRow>,
    pub service_area: Vec<ServiceAreaRow>,
    pub taxonomy: Vec<TaxonomyRow>,
    pub taxonomy_term: Vec<TaxonomyTermRow>,
    pub attribute: Vec<AttributeRow>,
    pub contact: Vec<ContactRow>,
    pub phone: Vec<PhoneRow>,
}

impl Tables {
    /// How errors name the place a table came from.
    pub(crate) fn file_of(&self, table: &str) -> String {
        match &self.json_source {
            Some(file) => format!("{file} ({table})"),
            None => format!("{table}.csv"),
        }
    }
}

// ---- Nested JSON -------------------------------------------------------------------

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct JsonAttribute {
    #[serde(flatten)]
    row: AttributeRow,
    taxonomy_term: Option<TaxonomyTermRow>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct JsonLocation {
    #[serde(flatten)]
    row: LocationRow,
    addresses: Vec<AddressRow>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct JsonContact {
    #[serde(flatten)]
    row: ContactRow,
    phones: Vec<PhoneRow>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct JsonServiceAtLocation {
    #[serde(flatten)]
    row: ServiceAtLocationRow,
    location: Option<JsonLocation>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct JsonService {
    #[serde(flatten)]
    row: ServiceRow,
    service_at_locations: Vec<JsonServiceAtLocation>,
    service_areas: Vec<ServiceAreaRow>,
    attributes: Vec<JsonAttribute>,
    contacts: Vec<JsonContact>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct JsonOrganization {
    #[serde(flatten)]
    row: OrganizationRow,
    services: Vec<JsonService>,
    locations: Vec<JsonLocation>,
    contacts: Vec<JsonContact>,
    attributes: Vec<JsonAttribute>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct JsonDirectory {
    taxonomies: Vec<TaxonomyRow>,
    taxonomy_terms: Vec<TaxonomyTermRow>,
    organizations: Vec<JsonOrganization>,
}

/// The shapes of JSON file accepted.
#[derive(Deserialize)]
#[serde(untagged)]
enum JsonInput {
    Organizations(Vec<JsonOrganization>),
    Page { contents: Vec<JsonOrganization> },
    Directory(JsonDirectory),
}

fn fill(cell: &mut Cell, parent: &Cell) {
    if cell.is_none() {
        cell.clone_from(parent);
    }
}

impl Tables {
    /// Reads the JSON form; `file` names it in errors.
    pub fn from_json(text: &str, file: &str) -> Result<Tables, HsdsError> {
        let input: JsonInput = serde_json::from_str(text).map_err(|e| {
            let detail = serde_json::from_str::<serde_json::Value>(text)
                .err()
                .map(|syntax| syntax.to_string())
                .unwrap_or_else(|| format!("not an HSDS directory ({e})"));
            HsdsError::new(file, "-", "-", detail)
        })?;
        let directory = match input {
            JsonInput::Organizations(organizations)
            | JsonInput::Page {
                contents: organizations,
            } => JsonDirectory {
                organizations,
                ..Default::default()
            },
            JsonInput::Directory(d) => d,
        };
        let mut t = Tables {
            json_source: Some(file.to_owned()),
            ..Default::default()
        };
        t.taxonomy = directory.taxonomies;
        t.taxonomy_term = directory.taxonomy_terms;
        for org in directory.organizations {
            let org_id = org.row.id.clone();
            for mut location in org.locations {
                fill(&mut location.row.organization_id, &org_id);
                t.push_location(location);
            }
            for attribute in org.attributes {
                t.push_attribute(attribute, &org_id, "organization");
            }
            for contact in org.contacts {
                t.push_contact(contact, &org_id);
            }
            for mut service in org.services {
                fill(&mut service.row.organization_id, &org_id);
                let service_id = service.row.id.clone();
                for mut link in service.service_at_locations {
                    fill(&mut link.row.service_id, &service_id);
                    if let Some(mut location) = link.location {
                        fill(&mut link.row.location_id, &location.row.id);
                        fill(&mut location.row.organization_id, &org_id);
                        if !t.location.iter().any(|l| l.id == location.row.id) {
                            t.push_location(location);
                        }
                    }
                    t.service_at_location.push(link.row);
                }
                for mut area in service.service_areas {
                    fill(&mut area.service_id, &service_id);
                    t.service_area.push(area);
                }
                for attribute in service.attributes {
                    t.push_attribute(attribute, &service_id, "service");
                }
                for contact in service.contacts {
                    t.push_contact(contact, &org_id);
                }
                t.service.push(service.row);
            }
            t.organization.push(org.row);
        }
        Ok(t)
    }

    fn push_location(&mut self, location: JsonLocation) {
        for mut address in location.addresses {
            fill(&mut address.location_id, &location.row.id);
            self.address.push(address);
        }
        self.location.push(location.row);
    }

    fn push_attribute(&mut self, mut attribute: JsonAttribute, link_id: &Cell, entity: &str) {
        fill(&mut attribute.row.link_id, link_id);
        fill(&mut attribute.row.link_entity, &Some(entity.to_owned()));
        if let Some(term) = attribute.taxonomy_term {
            fill(&mut attribute.row.taxonomy_term_id, &term.id);
            // A term may be nested in many attributes; keep it once.
            if !self.taxonomy_term.iter().any(|t| t.id == term.id) {
                self.taxonomy_term.push(term);
            }
        }
        self.attribute.push(attribute.row);
    }

    fn push_contact(&mut self, mut contact: JsonContact, org_id: &Cell) {
        fill(&mut contact.row.organization_id, org_id);
        for mut phone in contact.phones {
            fill(&mut phone.contact_id, &contact.row.id);
            self.phone.push(phone);
        }
        self.contact.push(contact.row);
    }

    /// Writes the nested JSON form (null fields left out).
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let terms_by_id = |id: &Cell| self.taxonomy_term.iter().find(|t| &t.id == id).cloned();
        let attributes_of = |link: &Cell| -> Vec<JsonAttribute> {
            self.attribute
                .iter()
                .filter(|a| &a.link_id == link)
                .map(|a| JsonAttribute {
                    row: a.clone(),
                    taxonomy_term: terms_by_id(&a.taxonomy_term_id),
                })
                .collect()
        };
        let location_json = |l: &LocationRow| JsonLocation {
            row: l.clone(),
            addresses: self
                .address
                .iter()
                .filter(|a| a.location_id == l.id)
                .cloned()
                .collect(),
        };
        let organizations = self
            .organization
            .iter()
            .map(|o| JsonOrganization {
                row: o.clone(),
                services: self
                    .service
                    .iter()
                    .filter(|s| s.organization_id == o.id)
                    .map(|s| JsonService {
                        row: s.clone(),
                        service_at_locations: self
                            .service_at_location
                            .iter()
                            .filter(|l| l.service_id == s.id)
                            .map(|l| JsonServiceAtLocation {
                                row: l.clone(),
                                location: None,
                            })
                            .collect(),
                        service_areas: self
                            .service_area
                            .iter()
                            .filter(|a| a.service_id == s.id)
                            .cloned()
                            .collect(),
                        attributes: attributes_of(&s.id),
                        contacts: Vec::new(),
                    })
                    .collect(),
                locations: self
                    .location
                    .iter()
                    .filter(|l| l.organization_id == o.id)
                    .map(location_json)
                    .collect(),
                contacts: self
                    .contact
                    .iter()
                    .filter(|c| c.organization_id == o.id)
                    .map(|c| JsonContact {
                        row: c.clone(),
                        phones: self
                            .phone
                            .iter()
                            .filter(|p| p.contact_id == c.id)
                            .cloned()
                            .collect(),
                    })
                    .collect(),
                attributes: attributes_of(&o.id),
            })
            .collect();
        let directory = JsonDirectory {
            taxonomies: self.taxonomy.clone(),
            taxonomy_terms: self.taxonomy_term.clone(),
            organizations,
        };
        let mut value = serde_json::to_value(&directory)?;
        drop_nulls(&mut value);
        serde_json::to_string_pretty(&value)
    }
}

fn drop_nulls(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

// ---- Tabular CSV -------------------------------------------------------------------

fn read_table<T: for<'de> Deserialize<'de>>(dir: &Path, table: &str) -> Result<Vec<T>, HsdsError> {
    let path = dir.join(format!("{table}.csv"));
    if !path.exists() {
        return Ok(Vec::new());
    }
    let file = format!("{table}.csv");
    let mut reader = csv::Reader::from_path(&path)
        .map_err(|e| HsdsError::new(&file, "-", "-", e.to_string()))?;
    let mut rows = Vec::new();
    for (i, record) in reader.deserialize().enumerate() {
        // Line 1 is the header.
        let row = record
            .map_err(|e| HsdsError::new(&file, format!("line {}", i + 2), "-", e.to_string()))?;
        rows.push(row);
    }
    Ok(rows)
}

fn write_table<T: Serialize + Default>(
    dir: &Path,
    table: &str,
    rows: &[T],
) -> Result<(), HsdsError> {
    let file = format!("{table}.csv");
    let error = |e: csv::Error| HsdsError::new(&file, "-", "-", e.to_string());
    let mut writer = csv::Writer::from_path(dir.join(&file)).map_err(error)?;
    if rows.is_empty() {
        // Headers only, so the table's columns are still documented.
        writer.serialize(T::default()).map_err(error)?;
        drop(writer);
        let text = std::fs::read_to_string(dir.join(&file)).unwrap_or_default();
        let header = text.lines().next().unwrap_or_default();
        std::fs::write(dir.join(&file), format!("{header}\n"))
            .map_err(|e| HsdsError::new(&file, "-", "-", e.to_string()))?;
        return Ok(());
    }
    for row in rows {
        writer.serialize(row).map_err(error)?;
    }
    writer
        .flush()
        .map_err(|e| HsdsError::new(&file, "-", "-", e.to_string()))
}

impl Tables {
    pub fn read_csv_dir(dir: &Path) -> Result<Tables, HsdsError> {
        if !dir.join("organization.csv").exists() {
            return Err(HsdsError::new(
                &dir.display().to_string(),
                "-",
                "-",
                "no organization.csv in this folder",
            ));
        }
        Ok(Tables {
            json_source: None,
            organization: read_table(dir, "organization")?,
            service: read_table(dir, "service")?,
            location: read_table(dir, "location")?,
            address: read_table(dir, "address")?,
            service_at_location: read_table(dir, "service_at_location")?,
            service_area: read_table(dir, "service_area")?,
            taxonomy: read_table(dir, "taxonomy")?,
            taxonomy_term: read_table(dir, "taxonomy_term")?,
            attribute: read_table(dir, "attribute")?,
            contact: read_table(dir, "contact")?,
            phone: read_table(dir, "phone")?,
        })
    }

    pub fn write_csv_dir(&self, dir: &Path) -> Result<(), HsdsError> {
        std::fs::create_dir_all(dir).map_err(|e| HsdsError::io(dir, e))?;
        write_table(dir, "organization", &self.organization)?;
        write_table(dir, "service", &self.service)?;
        write_table(dir, "location", &self.location)?;
        write_table(dir, "address", &self.address)?;
        write_table(dir, "service_at_location", &self.service_at_location)?;
        write_table(dir, "service_area", &self.service_area)?;
        write_table(dir, "taxonomy", &self.taxonomy)?;
        write_table(dir, "taxonomy_term", &self.taxonomy_term)?;
        write_table(dir, "attribute", &self.attribute)?;
        write_table(dir, "contact", &self.contact)?;
        write_table(dir, "phone", &self.phone)
    }
}

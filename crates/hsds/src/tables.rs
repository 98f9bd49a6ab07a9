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
    /// The file each CSV table was read from, when it is not the standard's name (an
    /// earlier export's singular name), so errors name the file as it is.
    pub csv_files: std::collections::BTreeMap<String, String>,
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

/// Each table Passerelle reads and writes, with its file in an HSDS 3.1 tabular package:
/// plural names, `service_at_location.csv` the exception, as the standard's schemas give
/// them.
pub(crate) const TABLE_FILES: [(&str, &str); 11] = [
    ("organization", "organizations.csv"),
    ("service", "services.csv"),
    ("location", "locations.csv"),
    ("address", "addresses.csv"),
    ("service_at_location", "service_at_location.csv"),
    ("service_area", "service_areas.csv"),
    ("taxonomy", "taxonomies.csv"),
    ("taxonomy_term", "taxonomy_terms.csv"),
    ("attribute", "attributes.csv"),
    ("contact", "contacts.csv"),
    ("phone", "phones.csv"),
];

/// The HSDS 3.1 file of `table`.
fn file_name(table: &str) -> &'static str {
    TABLE_FILES
        .iter()
        .find(|(t, _)| *t == table)
        .map(|(_, f)| *f)
        .expect("a table Passerelle knows")
}

/// Columns the standard types as numbers; every other column is text.
const NUMBER_COLUMNS: [&str; 4] = ["latitude", "longitude", "minimum_age", "maximum_age"];

impl Tables {
    /// How errors name the place a table came from.
    pub(crate) fn file_of(&self, table: &str) -> String {
        match &self.json_source {
            Some(file) => format!("{file} ({table})"),
            None => self
                .csv_files
                .get(table)
                .cloned()
                .unwrap_or_else(|| file_name(table).to_owned()),
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

/// The shapes of JSON file accepted, told apart by their keys (every field of HSDS objects
/// is optional to serde, so an untagged guess would take any object for any shape).
enum JsonInput {
    /// A bare array of organizations in full.
    Organizations(Vec<JsonOrganization>),
    /// An HSDS API list response: `{"contents": […], "total_items": …}`.
    Page(Vec<JsonOrganization>),
    /// Passerelle's own export: `{"taxonomies", "taxonomy_terms", "organizations"}`.
    Directory(JsonDirectory),
    /// One organization in full, the shape of `GET /organizations/{id}`.
    Organization(Box<JsonOrganization>),
}

impl JsonInput {
    fn read(value: serde_json::Value) -> Result<JsonInput, String> {
        let shape = |e: serde_json::Error| e.to_string();
        match &value {
            serde_json::Value::Array(_) => serde_json::from_value(value)
                .map(JsonInput::Organizations)
                .map_err(shape),
            serde_json::Value::Object(map) if map.contains_key("contents") => {
                #[derive(Deserialize)]
                struct Page {
                    contents: Vec<JsonOrganization>,
                }
                serde_json::from_value::<Page>(value)
                    .map(|p| JsonInput::Page(p.contents))
                    .map_err(shape)
            }
            serde_json::Value::Object(map)
                if map.contains_key("organizations") || map.contains_key("taxonomies") =>
            {
                serde_json::from_value(value)
                    .map(JsonInput::Directory)
                    .map_err(shape)
            }
            serde_json::Value::Object(map) if map.contains_key("name") => {
                serde_json::from_value(value)
                    .map(|o| JsonInput::Organization(Box::new(o)))
                    .map_err(shape)
            }
            _ => Err("neither an organization, a list of organizations nor an HSDS list response (contents)".to_owned()),
        }
    }
}

fn fill(cell: &mut Cell, parent: &Cell) {
    if cell.is_none() {
        cell.clone_from(parent);
    }
}

impl Tables {
    /// Reads the JSON form; `file` names it in errors.
    pub fn from_json(text: &str, file: &str) -> Result<Tables, HsdsError> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|syntax| HsdsError::new(file, "-", "-", syntax.to_string()))?;
        let input = JsonInput::read(value)
            .map_err(|e| HsdsError::new(file, "-", "-", format!("not an HSDS file: {e}")))?;
        let directory = match input {
            JsonInput::Organizations(organizations) | JsonInput::Page(organizations) => {
                JsonDirectory {
                    organizations,
                    ..Default::default()
                }
            }
            JsonInput::Organization(organization) => JsonDirectory {
                organizations: vec![*organization],
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
        drop_nulls_and_type_numbers(&mut value);
        serde_json::to_string_pretty(&value)
    }
}

/// Leaves out null fields, and writes the columns the standard types as numbers
/// (coordinates, ages) as JSON numbers: the flat tables keep every cell as text.
fn drop_nulls_and_type_numbers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            for (key, v) in map.iter_mut() {
                if NUMBER_COLUMNS.contains(&key.as_str())
                    && let Some(n) = v.as_str().and_then(|s| s.trim().parse::<f64>().ok())
                    && let Some(number) = serde_json::Number::from_f64(n)
                {
                    *v = if n.fract() == 0.0 && n.abs() < 1e15 {
                        serde_json::Value::from(n as i64)
                    } else {
                        serde_json::Value::Number(number)
                    };
                } else {
                    drop_nulls_and_type_numbers(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_nulls_and_type_numbers),
        _ => {}
    }
}

// ---- Tabular CSV -------------------------------------------------------------------

/// Where `table` is in `dir`: the HSDS 3.1 file, else the singular name Passerelle wrote
/// before it followed the standard's names; `None` when the package leaves it out.
fn table_path(dir: &Path, table: &str) -> Option<(std::path::PathBuf, String)> {
    [file_name(table).to_owned(), format!("{table}.csv")]
        .into_iter()
        .map(|file| (dir.join(&file), file))
        .find(|(path, _)| path.exists())
}

fn read_table<T: for<'de> Deserialize<'de>>(dir: &Path, table: &str) -> Result<Vec<T>, HsdsError> {
    let Some((path, file)) = table_path(dir, table) else {
        return Ok(Vec::new());
    };
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

/// The columns of a table of `T`s, in the order its rows are written (the fields' HSDS
/// names).
fn columns<T: Serialize + Default>() -> Vec<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .serialize(T::default())
        .expect("a row of text cells serializes");
    let text = String::from_utf8(writer.into_inner().expect("written to memory"))
        .expect("column names are UTF-8");
    let header = text.lines().next().unwrap_or_default();
    header.split(',').map(str::to_owned).collect()
}

/// Writes `rows` as `table`'s file, its header even when there is no row (so the table's
/// columns are still documented); the columns written.
fn write_table<T: Serialize + Default>(
    dir: &Path,
    table: &'static str,
    rows: &[T],
) -> Result<(&'static str, Vec<String>), HsdsError> {
    let file = file_name(table);
    let error = |e: csv::Error| HsdsError::new(file, "-", "-", e.to_string());
    let columns = columns::<T>();
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_path(dir.join(file))
        .map_err(error)?;
    writer.write_record(&columns).map_err(error)?;
    for row in rows {
        writer.serialize(row).map_err(error)?;
    }
    writer
        .flush()
        .map_err(|e| HsdsError::new(file, "-", "-", e.to_string()))?;
    Ok((table, columns))
}

impl Tables {
    pub fn read_csv_dir(dir: &Path) -> Result<Tables, HsdsError> {
        if table_path(dir, "organization").is_none() {
            return Err(HsdsError::new(
                &dir.display().to_string(),
                "-",
                "-",
                "no organizations.csv in this folder (an HSDS 3.1 tabular package names its tables in the plural)",
            ));
        }
        let csv_files = TABLE_FILES
            .iter()
            .filter_map(|(table, _)| {
                let (_, file) = table_path(dir, table)?;
                (file != file_name(table)).then(|| (table.to_string(), file))
            })
            .collect();
        Ok(Tables {
            json_source: None,
            csv_files,
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

    /// Writes the tabular package: one CSV file a table, under the standard's names, and
    /// the `datapackage.json` that lists them with their columns and types.
    pub fn write_csv_dir(&self, dir: &Path) -> Result<(), HsdsError> {
        std::fs::create_dir_all(dir).map_err(|e| HsdsError::io(dir, e))?;
        let written = [
            write_table(dir, "organization", &self.organization)?,
            write_table(dir, "service", &self.service)?,
            write_table(dir, "location", &self.location)?,
            write_table(dir, "address", &self.address)?,
            write_table(dir, "service_at_location", &self.service_at_location)?,
            write_table(dir, "service_area", &self.service_area)?,
            write_table(dir, "taxonomy", &self.taxonomy)?,
            write_table(dir, "taxonomy_term", &self.taxonomy_term)?,
            write_table(dir, "attribute", &self.attribute)?,
            write_table(dir, "contact", &self.contact)?,
            write_table(dir, "phone", &self.phone)?,
        ];
        write_data_package(dir, &written)
    }
}

/// `datapackage.json` (Frictionless Data, as HSDS 3.1 packages are described): each table
/// `written`, with its file, its columns in order and their types.
fn write_data_package(dir: &Path, written: &[(&str, Vec<String>)]) -> Result<(), HsdsError> {
    let mut resources = Vec::new();
    for (table, columns) in written {
        let file = file_name(table);
        let fields: Vec<serde_json::Value> = columns
            .iter()
            .map(|column| {
                let kind = if NUMBER_COLUMNS.contains(&column.as_str()) {
                    "number"
                } else {
                    "string"
                };
                serde_json::json!({"name": column, "type": kind})
            })
            .collect();
        resources.push(serde_json::json!({
            "name": table,
            "path": file,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": fields, "primaryKey": "id"},
        }));
    }
    let package = serde_json::json!({
        "name": "passerelle-directory",
        "profile": "tabular-data-package",
        "resources": resources,
    });
    let text = serde_json::to_string_pretty(&package).expect("a JSON value");
    std::fs::write(dir.join("datapackage.json"), text + "\n").map_err(|e| HsdsError::io(dir, e))
}

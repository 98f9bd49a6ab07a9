//! HSDS tables as flat rows (the tabular form), and the nested JSON form built from them.

use crate::HsdsError;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
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
    location_id,
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
    pub csv_files: BTreeMap<String, String>,
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
    /// What the file held that Passerelle does not keep, counted: `kind.property` for a
    /// property of a JSON object or a CSV column, a file name for a whole table.
    pub not_kept: BTreeMap<String, usize>,
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
pub(crate) const NUMBER_COLUMNS: [&str; 4] =
    ["latitude", "longitude", "minimum_age", "maximum_age"];

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

// ---- Tabular CSV -------------------------------------------------------------------

/// Where `table` is in `dir`: the HSDS 3.1 file, else the singular name Passerelle wrote
/// before it followed the standard's names; `None` when the package leaves it out.
fn table_path(dir: &Path, table: &str) -> Option<(std::path::PathBuf, String)> {
    [file_name(table).to_owned(), format!("{table}.csv")]
        .into_iter()
        .map(|file| (dir.join(&file), file))
        .find(|(path, _)| path.exists())
}

/// Reads `table` from `dir`, counting in `not_kept` the cells of columns Passerelle does not
/// keep (`table.column`).
fn read_table<T: for<'de> Deserialize<'de> + Serialize + Default>(
    dir: &Path,
    table: &str,
    not_kept: &mut BTreeMap<String, usize>,
) -> Result<Vec<T>, HsdsError> {
    let Some((path, file)) = table_path(dir, table) else {
        return Ok(Vec::new());
    };
    let error = |record: String, e: csv::Error| HsdsError::new(&file, record, "-", e.to_string());
    let mut reader = csv::Reader::from_path(&path).map_err(|e| error("-".into(), e))?;
    let headers = reader.headers().map_err(|e| error("-".into(), e))?.clone();
    let known = columns::<T>();
    let unknown: Vec<(usize, &str)> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !known.iter().any(|k| k == h))
        .collect();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        // Line 1 is the header.
        let line = || format!("line {}", i + 2);
        let record = record.map_err(|e| error(line(), e))?;
        for (column, name) in &unknown {
            if record.get(*column).is_some_and(|v| !v.is_empty()) {
                *not_kept.entry(format!("{table}.{name}")).or_default() += 1;
            }
        }
        rows.push(
            record
                .deserialize(Some(&headers))
                .map_err(|e| error(line(), e))?,
        );
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
    /// Whether `dir` is a tabular package (it has an organizations table).
    pub fn is_tabular_package(dir: &Path) -> bool {
        table_path(dir, "organization").is_some()
    }

    pub fn read_csv_dir(dir: &Path) -> Result<Tables, HsdsError> {
        if !Tables::is_tabular_package(dir) {
            return Err(HsdsError::new(
                &dir.display().to_string(),
                "-",
                "-",
                "no organizations.csv in this folder (an HSDS 3.1 tabular package names its tables in the plural)",
            ));
        }
        let mut csv_files = BTreeMap::new();
        let mut read = std::collections::HashSet::new();
        for (table, _) in TABLE_FILES {
            if let Some((_, file)) = table_path(dir, table) {
                if file != file_name(table) {
                    csv_files.insert(table.to_string(), file.clone());
                }
                read.insert(file);
            }
        }
        let mut not_kept = BTreeMap::new();
        // The package's other tables (schedules, languages, programs, funding…): counted by
        // their rows, never read.
        let entries = std::fs::read_dir(dir).map_err(|e| HsdsError::io(dir, e))?;
        for entry in entries {
            let path = entry.map_err(|e| HsdsError::io(dir, e))?.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.ends_with(".csv") && !read.contains(&name) {
                let rows = csv::Reader::from_path(&path)
                    .map(|mut r| r.records().count())
                    .unwrap_or(0);
                not_kept.insert(name, rows);
            }
        }
        let mut t = Tables {
            json_source: None,
            csv_files,
            ..Default::default()
        };
        t.organization = read_table(dir, "organization", &mut not_kept)?;
        t.service = read_table(dir, "service", &mut not_kept)?;
        t.location = read_table(dir, "location", &mut not_kept)?;
        t.address = read_table(dir, "address", &mut not_kept)?;
        t.service_at_location = read_table(dir, "service_at_location", &mut not_kept)?;
        t.service_area = read_table(dir, "service_area", &mut not_kept)?;
        t.taxonomy = read_table(dir, "taxonomy", &mut not_kept)?;
        t.taxonomy_term = read_table(dir, "taxonomy_term", &mut not_kept)?;
        t.attribute = read_table(dir, "attribute", &mut not_kept)?;
        t.contact = read_table(dir, "contact", &mut not_kept)?;
        t.phone = read_table(dir, "phone", &mut not_kept)?;
        t.not_kept = not_kept;
        Ok(t)
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

//! Open Referral HSDS 3.1 for Passerelle's directory, in both of its forms:
//!
//! - **JSON**: an object `{"taxonomies": […], "taxonomy_terms": […], "organizations": […]}`
//!   whose organizations nest their services, locations (with addresses), contacts (with
//!   phones) and attributes as HSDS 3.1 does, coordinates and ages as numbers. One
//!   organization in full, a bare array of organizations, or an HSDS API list response
//!   (`{"contents": […]}`) is read too.
//! - **Tabular package**: a folder of the standard's files (`organizations.csv`,
//!   `services.csv`, `locations.csv`, `addresses.csv`, `service_at_location.csv`,
//!   `service_areas.csv`, `taxonomies.csv`, `taxonomy_terms.csv`, `attributes.csv`,
//!   `contacts.csv`, `phones.csv`) with its `datapackage.json`; any subset is read, and the
//!   singular names of Passerelle's earlier exports too.
//!
//! A file with no organization is refused rather than imported as nothing.
//!
//! Both forms pass through the same flat [`tables::Tables`], and every record is parsed
//! with the domain's own rules, so a file is refused with the file, record and field at
//! fault before anything is written. HSDS tables Passerelle does not keep (schedules,
//! languages, programs…) are ignored; `funding` is never read, by design.

mod convert;
mod tables;

pub use convert::{from_tables, to_tables};
pub use tables::Tables;

use passerelle_domain::directory::DirectorySnapshot;
use std::path::Path;

/// Why a file could not be read; nothing is imported when this is returned.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{file}: record {record}: field {field}: {message}")]
pub struct HsdsError {
    pub file: String,
    /// The record's id, or its line or position when it has none.
    pub record: String,
    pub field: String,
    pub message: String,
}

impl HsdsError {
    pub(crate) fn new(
        file: &str,
        record: impl Into<String>,
        field: &str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.to_owned(),
            record: record.into(),
            field: field.to_owned(),
            message: message.into(),
        }
    }

    fn io(path: &Path, error: impl std::fmt::Display) -> Self {
        Self::new(&path.display().to_string(), "-", "-", error.to_string())
    }
}

/// Reads a directory from `path`: a `.json` file, or a folder of HSDS CSV tables.
pub fn read_path(path: &Path) -> Result<DirectorySnapshot, HsdsError> {
    let tables = if path.is_dir() {
        Tables::read_csv_dir(path)?
    } else {
        let text = std::fs::read_to_string(path).map_err(|e| HsdsError::io(path, e))?;
        Tables::from_json(&text, &file_name(path))?
    };
    // A file that holds something but no organization would import as nothing and look
    // like a success: say so instead.
    if tables.organization.is_empty() {
        return Err(HsdsError::new(
            &file_name(path),
            "-",
            "-",
            "no organization in this file: nothing would be imported",
        ));
    }
    from_tables(&tables)
}

/// Writes `snapshot` to `path`: JSON when it ends in `.json`, else CSV tables in a folder
/// (created if missing).
pub fn write_path(path: &Path, snapshot: &DirectorySnapshot) -> Result<(), HsdsError> {
    let tables = to_tables(snapshot);
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        let text = tables.to_json().map_err(|e| HsdsError::io(path, e))?;
        std::fs::write(path, text).map_err(|e| HsdsError::io(path, e))
    } else {
        tables.write_csv_dir(path)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

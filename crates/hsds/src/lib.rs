//! Open Referral HSDS 3.1 for Passerelle's directory, in both of its forms:
//!
//! - **JSON** (`json`): the standard's nested objects. Read: one organization, service or
//!   service at a location in full, a list response (`{"contents": […]}`), a bare array of
//!   them, or a folder of such files. Written: a list response of every organization in
//!   full, with the taxonomies beside it; and, for the `/hsds/` API, any object by id
//!   ([`View`]) and list pages ([`page`]).
//! - **Tabular package** (`tables`): a folder of the standard's files (`organizations.csv`,
//!   `services.csv`, `locations.csv`, `addresses.csv`, `service_at_location.csv`,
//!   `service_areas.csv`, `taxonomies.csv`, `taxonomy_terms.csv`, `attributes.csv`,
//!   `contacts.csv`, `phones.csv`) with its `datapackage.json`; any subset is read, and the
//!   singular names of Passerelle's earlier exports too.
//!
//! Both forms pass through the same flat [`Tables`], and every record is parsed with the
//! domain's own rules, so a file is refused with the file, record and field at fault before
//! anything is written. What a file holds that Passerelle does not keep (schedules,
//! languages, programs, an organization's own phones, unknown properties…) is counted in
//! [`Imported::not_kept`], never silently dropped; `funding` is never read, by design. A file
//! with no organization is refused rather than imported as nothing.

pub mod conformance;
mod convert;
mod json;
mod tables;

pub use convert::{Imported, from_tables, incomplete, to_tables};
pub use json::{Depth, View, page};
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

/// Reads a directory from `path`: a `.json` file, a tabular package, or a folder of JSON
/// files.
pub fn read_path(path: &Path) -> Result<Imported, HsdsError> {
    let tables = if path.is_dir() && !Tables::is_tabular_package(path) {
        let mut files = Vec::new();
        let entries = std::fs::read_dir(path).map_err(|e| HsdsError::io(path, e))?;
        for entry in entries {
            let file = entry.map_err(|e| HsdsError::io(path, e))?.path();
            if file
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            {
                let text = std::fs::read_to_string(&file).map_err(|e| HsdsError::io(&file, e))?;
                files.push((file_name(&file), text));
            }
        }
        if files.is_empty() {
            return Err(HsdsError::new(
                &path.display().to_string(),
                "-",
                "-",
                "no organizations.csv and no .json file in this folder (an HSDS 3.1 tabular package names its tables in the plural)",
            ));
        }
        // In name order, so that which of two copies of a record is kept does not depend
        // on the file system.
        files.sort();
        Tables::from_json_files(&files, &file_name(path))?
    } else if path.is_dir() {
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

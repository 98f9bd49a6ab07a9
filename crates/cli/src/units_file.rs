//! Landlords' portfolios as CSV: `passerelle import units` and `passerelle export units`.
//!
//! One line per unit, with its landlord and property. The columns (any order, names in the
//! header; only `landlord`, `address`, `unit`, `bedrooms`, `rent` and `available_from` are
//! required):
//!
//! `landlord, landlord_kind (individual|company), address, postal_code, neighbourhood,
//! latitude, longitude, in_service_since, unit, bedrooms, rent, rent_includes (heat;water…),
//! step_free, elevator, wheelchair, pets_allowed, smoking_allowed (yes/no), available_from,
//! inspected_on, inspection (pass|fail), inspection_notes`
//!
//! An export adds `status` and `hold_until`, which an import ignores. Dates are YYYY-MM-DD,
//! rents in dollars.

use passerelle_domain::directory::Area;
use passerelle_domain::housing::*;
use passerelle_domain::text::fold;
use passerelle_store::{UnitImportRow, UnitListing};
use std::collections::HashMap;

pub use crate::line_error::LineError;

pub const COLUMNS: [&str; 21] = [
    "landlord",
    "landlord_kind",
    "address",
    "postal_code",
    "neighbourhood",
    "latitude",
    "longitude",
    "in_service_since",
    "unit",
    "bedrooms",
    "rent",
    "rent_includes",
    "step_free",
    "elevator",
    "wheelchair",
    "pets_allowed",
    "smoking_allowed",
    "available_from",
    "inspected_on",
    "inspection",
    "inspection_notes",
];

const FLAGS: [&str; 5] = [
    "step_free",
    "elevator",
    "wheelchair",
    "pets_allowed",
    "smoking_allowed",
];

/// What a field-error code means, for the terminal (the web UI translates the same codes).
fn explain(code: &str) -> &'static str {
    match code {
        "error-required" => "this is required",
        "error-too-long" => "this is too long",
        "error-money" => "not an amount in dollars",
        "error-negative" => "this cannot be negative",
        "error-date" => "not a date as YYYY-MM-DD",
        "error-whole-number" => "not a whole number",
        "error-choose" => "not one of the allowed values",
        "error-before-property" => "a unit cannot be available before its building takes tenants",
        "error-postal-code" => "not a Canadian postal code",
        "error-latitude" => "not a latitude between -90 and 90",
        "error-longitude" => "not a longitude between -180 and 180",
        "error-coordinates-pair" => "give both latitude and longitude, or neither",
        "error-duplicate-unit" => "this building already has a unit with this name",
        "error-duplicate-landlord" => "a landlord with this name already exists",
        _ => "not valid",
    }
}

/// Maps a form field name back to the file's column.
fn column_of(field: &str) -> &str {
    match field {
        "label" => "unit",
        "name" => "landlord",
        "area_id" => "neighbourhood",
        "inspection_passed" => "inspection",
        other => other,
    }
}

/// A yes/no cell in either language (blank is no); `None` when it is neither.
pub(crate) fn flag(raw: &str) -> Option<bool> {
    match raw.trim().to_lowercase().as_str() {
        "" | "no" | "non" | "false" | "0" | "n" => Some(false),
        "yes" | "oui" | "true" | "1" | "y" | "o" => Some(true),
        _ => None,
    }
}

/// Reads a units file; the first problem stops it.
pub fn read(data: &[u8], areas: &[Area]) -> Result<Vec<UnitImportRow>, LineError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data));
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| LineError {
            line: 1,
            column: String::new(),
            message: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    for required in [
        "landlord",
        "address",
        "unit",
        "bedrooms",
        "rent",
        "available_from",
    ] {
        if !header.iter().any(|h| h == required) {
            return Err(LineError {
                line: 1,
                column: required.into(),
                message: format!("the header must name the column {required}"),
            });
        }
    }
    let area_ids: HashMap<String, uuid::Uuid> = areas
        .iter()
        .flat_map(|a| {
            [Some(a.name.as_str()), a.name_fr.as_deref()]
                .into_iter()
                .flatten()
                .map(move |n| (fold(n), a.id))
        })
        .collect();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| LineError {
            line,
            column: String::new(),
            message: e.to_string(),
        })?;
        let get = |name: &str| -> String {
            header
                .iter()
                .position(|h| h == name)
                .and_then(|at| record.get(at))
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        let fail = |column: &str, message: &str| LineError {
            line,
            column: column.to_owned(),
            message: message.to_owned(),
        };
        let from_errors = |errors: passerelle_domain::FieldErrors| {
            let e = &errors.0[0];
            fail(column_of(&e.field), explain(e.code))
        };
        let landlord_name = get("landlord");
        if landlord_name.is_empty() {
            return Err(fail("landlord", "this is required"));
        }
        let landlord_kind = match get("landlord_kind").as_str() {
            "" => LandlordKind::Individual,
            raw => LandlordKind::parse(raw)
                .ok_or_else(|| fail("landlord_kind", "use individual or company"))?,
        };
        let neighbourhood = get("neighbourhood");
        let area_id = match neighbourhood.as_str() {
            "" => String::new(),
            name => area_ids
                .get(&fold(name))
                .ok_or_else(|| {
                    fail(
                        "neighbourhood",
                        "no neighbourhood has this name in the directory",
                    )
                })?
                .to_string(),
        };
        let property = PropertyInput {
            address: get("address"),
            postal_code: get("postal_code"),
            area_id,
            latitude: get("latitude"),
            longitude: get("longitude"),
            step_free: false,
            elevator: false,
            in_service_since: get("in_service_since"),
        }
        .parse()
        .map_err(from_errors)?;
        let mut flags = HashMap::new();
        for name in FLAGS {
            flags.insert(
                name,
                flag(&get(name)).ok_or_else(|| fail(name, "use yes or no"))?,
            );
        }
        let unit = UnitInput {
            label: get("unit"),
            bedrooms: get("bedrooms"),
            rent: get("rent"),
            rent_includes: get("rent_includes")
                .split([';', ','])
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty())
                .collect(),
            step_free: flags["step_free"],
            elevator: flags["elevator"],
            wheelchair: flags["wheelchair"],
            pets_allowed: flags["pets_allowed"],
            smoking_allowed: flags["smoking_allowed"],
            available_from: get("available_from"),
            inspected_on: get("inspected_on"),
            inspection: get("inspection").to_lowercase(),
            inspection_notes: get("inspection_notes"),
        }
        .parse(property.in_service_since)
        .map_err(from_errors)?;
        rows.push(UnitImportRow {
            line,
            landlord_name,
            landlord_kind,
            property: PropertyFields {
                step_free: unit.step_free,
                elevator: unit.elevator,
                ..property
            },
            unit,
        });
    }
    Ok(rows)
}

/// The import's store error for a line, in the file's terms.
pub fn store_error(line: usize, e: passerelle_store::StoreError) -> String {
    match e {
        passerelle_store::StoreError::Invalid(errors) if !errors.0.is_empty() => LineError {
            line,
            column: column_of(&errors.0[0].field).to_owned(),
            message: explain(errors.0[0].code).to_owned(),
        }
        .to_string(),
        passerelle_store::StoreError::Conflict(code) => format!("line {line}: {}", explain(code)),
        other => format!("line {line}: {other}"),
    }
}

/// Writes every unit with its landlord and property.
pub fn write(
    units: &[(UnitListing, Property, Landlord)],
    areas: &[Area],
) -> Result<Vec<u8>, String> {
    let names: HashMap<uuid::Uuid, &str> = areas.iter().map(|a| (a.id, a.name.as_str())).collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = COLUMNS.to_vec();
    header.extend(["status", "hold_until"]);
    w.write_record(&header).map_err(|e| e.to_string())?;
    let yes = |b: bool| if b { "yes" } else { "no" }.to_owned();
    let opt_date = |d: Option<time::Date>| d.map(date_text).unwrap_or_default();
    for (listing, property, landlord) in units {
        let f = &listing.unit.fields;
        let p = &property.fields;
        w.write_record([
            landlord.fields.name.clone(),
            landlord
                .fields
                .kind
                .map(|k| k.as_str().to_owned())
                .unwrap_or_default(),
            p.address.clone(),
            p.postal_code
                .as_ref()
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            p.area_id
                .and_then(|a| names.get(&a).map(|n| (*n).to_owned()))
                .unwrap_or_default(),
            p.latitude.map(|v| v.to_string()).unwrap_or_default(),
            p.longitude.map(|v| v.to_string()).unwrap_or_default(),
            opt_date(p.in_service_since),
            f.label.clone(),
            f.bedrooms.to_string(),
            f.rent.plain(),
            f.rent_includes.join(";"),
            yes(f.step_free),
            yes(f.elevator),
            yes(f.wheelchair),
            yes(f.pets_allowed),
            yes(f.smoking_allowed),
            opt_date(f.available_from),
            opt_date(f.inspected_on),
            match f.inspection_passed {
                Some(true) => "pass".into(),
                Some(false) => "fail".into(),
                None => String::new(),
            },
            f.inspection_notes.clone().unwrap_or_default(),
            listing.unit.status.as_str().to_owned(),
            listing
                .unit
                .hold
                .as_ref()
                .filter(|_| listing.unit.status == UnitStatus::Held)
                .map(|h| date_text(h.until))
                .unwrap_or_default(),
        ])
        .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

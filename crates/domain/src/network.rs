//! Snowball discovery (A2): an agency names the agencies it works with, with the kind of
//! relationship and how close it is. A named agency is matched against the directory, or
//! waits in a to-contact queue that shows who named it and how often.

use crate::text::fold;
use crate::values::{FieldErrors, optional_text, required_text};
use serde::Serialize;
use time::Date;
use uuid::Uuid;

/// The kind of relationship (codes shared with the network engine).
pub const KINDS: [&str; 4] = [
    "refers_clients_to",
    "receives_referrals_from",
    "shares_staff_or_space",
    "co_delivers_a_program",
];

/// How close it is, weakest first (1 to 4).
pub const INTENSITIES: [&str; 4] = ["awareness", "cooperation", "coordination", "integration"];

/// A day as the network engine counts it: days since 1970-01-01, so ties can be cut
/// at a date without the engine knowing about calendars.
pub fn day_number(day: Date) -> i32 {
    const JULIAN_DAY_OF_1970_01_01: i32 = 2_440_588;
    day.to_julian_day() - JULIAN_DAY_OF_1970_01_01
}

/// A relationship as an agency reported it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relationship {
    pub id: Uuid,
    pub from_org: Uuid,
    /// The agency named, when it is in the directory.
    pub to_org: Option<Uuid>,
    /// The name as given.
    pub to_name: String,
    pub kind: &'static str,
    pub intensity: u8,
    pub reported_on: Date,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RelationshipInput {
    /// An agency of the directory chosen from the list, or empty.
    pub to_org: String,
    /// Or a name typed (matched against the directory, else queued).
    pub to_name: String,
    pub kind: String,
    pub intensity: String,
    pub note: String,
}

/// A relationship's fields once read; the named agency is resolved by the store.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationshipFields {
    pub to_org: Option<Uuid>,
    pub to_name: String,
    pub kind: &'static str,
    pub intensity: u8,
    pub note: Option<String>,
}

impl RelationshipInput {
    pub fn parse(&self) -> Result<RelationshipFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let to_org = match self.to_org.trim() {
            "" => None,
            raw => match Uuid::parse_str(raw) {
                Ok(id) => Some(id),
                Err(_) => {
                    e.push("to_org", "error-choose");
                    None
                }
            },
        };
        let to_name = if to_org.is_some() {
            String::new()
        } else {
            e.take(required_text("to_name", &self.to_name, 200))
        };
        let kind = KINDS.iter().copied().find(|k| *k == self.kind.trim());
        if kind.is_none() {
            e.push("kind", "error-choose");
        }
        let intensity = INTENSITIES
            .iter()
            .position(|i| *i == self.intensity.trim())
            .map(|p| p as u8 + 1);
        if intensity.is_none() {
            e.push("intensity", "error-choose");
        }
        let note = e.take(optional_text("note", &self.note, 2000));
        e.finish(RelationshipFields {
            to_org,
            to_name,
            kind: kind.unwrap_or(KINDS[0]),
            intensity: intensity.unwrap_or(1),
            note,
        })
    }
}

/// Words left out of acronyms and of name matching ("Centre de santé" ~ "CSCV" needs them
/// dropped).
const FILLERS: [&str; 14] = [
    "de", "du", "des", "la", "le", "les", "l", "d", "of", "the", "and", "et", "for", "pour",
];

/// The keys a name can be found by: its folded form without fillers, and its acronym
/// ("Centre de santé communautaire de la Côte-de-Sable" → "cscccs"…, "CSCV" → "cscv").
pub fn name_keys(name: &str) -> Vec<String> {
    let folded = fold(name);
    let words: Vec<&str> = folded
        .split(' ')
        .filter(|w| !w.is_empty() && !FILLERS.contains(w))
        .collect();
    let mut keys = vec![words.join(" ")];
    if words.len() >= 2 {
        keys.push(words.iter().filter_map(|w| w.chars().next()).collect());
    } else if let Some(w) = words.first() {
        // A single short word may itself be an acronym ("CSCV", "YSB").
        if w.len() <= 6 {
            keys.push((*w).to_owned());
        }
    }
    keys.retain(|k| !k.is_empty());
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_by_folded_words_and_acronyms() {
        let full = name_keys("Centre de santé communautaire Vanier");
        assert_eq!(full, vec!["centre sante communautaire vanier", "cscv"]);
        assert!(name_keys("CSCV").iter().any(|k| full.contains(k)));
        assert!(
            name_keys("centre de sante communautaire VANIER")
                .iter()
                .any(|k| full.contains(k))
        );
        assert!(
            !name_keys("Vanier Legal Clinic")
                .iter()
                .any(|k| full.contains(k))
        );
    }

    #[test]
    fn a_relationship_needs_an_agency_a_kind_and_an_intensity() {
        let errors = RelationshipInput::default().parse().unwrap_err();
        assert_eq!(errors.for_field("to_name"), Some("error-required"));
        assert_eq!(errors.for_field("kind"), Some("error-choose"));
        let ok = RelationshipInput {
            to_name: "YSB".into(),
            kind: "refers_clients_to".into(),
            intensity: "coordination".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!((ok.kind, ok.intensity), ("refers_clients_to", 3));
    }
}

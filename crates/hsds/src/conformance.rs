//! The rules of HSDS 3.1 that an export and the `/hsds/` API must keep, written from the
//! standard's schema reference and API reference: required properties, types, the values of
//! its enumerations, UUID identifiers, and the list shape. [`check`] walks an object and
//! what is nested in it and names each breach by its path; tests run it on every export and
//! API answer (and `scripts/hsds_validate.py` checks the same output against the
//! specification's own compiled schemas).

use serde_json::Value;

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Number,
    Uuid,
}

/// An HSDS object: its required properties, its typed ones, its enumerations and the
/// objects nested under its properties.
struct Rules {
    required: &'static [&'static str],
    typed: &'static [(&'static str, Kind)],
    enums: &'static [(&'static str, &'static [&'static str])],
    nested: &'static [(&'static str, &'static str)],
}

const NONE: &[(&str, &[&str])] = &[];

fn rules(object: &str) -> Option<Rules> {
    use Kind::*;
    Some(match object {
        "organization" => Rules {
            required: &["id", "name", "description"],
            typed: &[
                ("id", Uuid),
                ("name", Text),
                ("description", Text),
                ("email", Text),
                ("website", Text),
            ],
            enums: NONE,
            nested: &[
                ("services", "service"),
                ("locations", "location"),
                ("contacts", "contact"),
                ("attributes", "attribute"),
            ],
        },
        "service" => Rules {
            required: &["id", "name", "status"],
            typed: &[
                ("id", Uuid),
                ("organization_id", Uuid),
                ("name", Text),
                ("minimum_age", Number),
                ("maximum_age", Number),
            ],
            enums: &[(
                "status",
                &["active", "inactive", "defunct", "temporarily closed"],
            )],
            nested: &[
                ("organization", "organization"),
                ("service_at_locations", "service_at_location"),
                ("service_areas", "service_area"),
                ("attributes", "attribute"),
                ("contacts", "contact"),
            ],
        },
        "service_at_location" => Rules {
            required: &["id"],
            typed: &[("id", Uuid), ("service_id", Uuid), ("location_id", Uuid)],
            enums: NONE,
            nested: &[("service", "service"), ("location", "location")],
        },
        "location" => Rules {
            required: &["id", "location_type"],
            typed: &[
                ("id", Uuid),
                ("organization_id", Uuid),
                ("latitude", Number),
                ("longitude", Number),
            ],
            enums: &[("location_type", &["physical", "postal", "virtual"])],
            nested: &[("addresses", "address"), ("contacts", "contact")],
        },
        "address" => Rules {
            required: &[
                "id",
                "address_1",
                "city",
                "state_province",
                "postal_code",
                "country",
                "address_type",
            ],
            typed: &[("id", Uuid), ("location_id", Uuid)],
            enums: &[("address_type", &["physical", "postal", "virtual"])],
            nested: &[],
        },
        "contact" => Rules {
            required: &["id"],
            typed: &[("id", Uuid), ("organization_id", Uuid)],
            enums: NONE,
            nested: &[("phones", "phone")],
        },
        "phone" => Rules {
            required: &["id", "number"],
            typed: &[("id", Uuid), ("number", Text)],
            enums: NONE,
            nested: &[],
        },
        "service_area" => Rules {
            required: &["id"],
            typed: &[("id", Uuid), ("service_id", Uuid)],
            enums: NONE,
            nested: &[],
        },
        "attribute" => Rules {
            required: &["id"],
            typed: &[("id", Uuid), ("taxonomy_term_id", Uuid), ("link_id", Uuid)],
            enums: NONE,
            nested: &[("taxonomy_term", "taxonomy_term")],
        },
        "taxonomy_term" => Rules {
            required: &["id", "name", "description"],
            typed: &[
                ("id", Uuid),
                ("taxonomy_id", Uuid),
                ("parent_id", Uuid),
                ("name", Text),
                ("description", Text),
            ],
            enums: NONE,
            nested: &[("taxonomy_detail", "taxonomy")],
        },
        "taxonomy" => Rules {
            required: &["id", "name", "description"],
            typed: &[("id", Uuid), ("name", Text), ("description", Text)],
            enums: NONE,
            nested: &[],
        },
        _ => return None,
    })
}

fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok_and(|_| s.len() == 36)
}

/// Every breach of the standard's rules in `value`, an HSDS `object` ("organization",
/// "service"…), each named by its path.
pub fn check(object: &str, value: &Value) -> Vec<String> {
    let mut breaches = Vec::new();
    walk(object, value, object, &mut breaches);
    breaches
}

/// Every breach in a list response: the paging members as the standard's `Page` types
/// them, and each item of `contents` as an `object`.
pub fn check_list(object: &str, value: &Value) -> Vec<String> {
    let mut breaches = Vec::new();
    for (member, boolean) in [
        ("total_items", false),
        ("total_pages", false),
        ("page_number", false),
        ("size", false),
        ("first_page", true),
        ("last_page", true),
        ("empty", true),
    ] {
        let ok = match value.get(member) {
            Some(v) if boolean => v.is_boolean(),
            Some(v) => v.is_u64(),
            None => false,
        };
        if !ok {
            breaches.push(format!(
                "page: {member} missing or not typed as the standard says"
            ));
        }
    }
    match value.get("contents").and_then(Value::as_array) {
        Some(items) => {
            if value.get("size").and_then(Value::as_u64) != Some(items.len() as u64) {
                breaches.push("page: size is not the number of contents".to_owned());
            }
            for (i, item) in items.iter().enumerate() {
                walk(object, item, &format!("contents[{i}]"), &mut breaches);
            }
        }
        None => breaches.push("page: no contents list".to_owned()),
    }
    breaches
}

fn walk(object: &str, value: &Value, path: &str, breaches: &mut Vec<String>) {
    let Some(rules) = rules(object) else {
        return;
    };
    let Some(map) = value.as_object() else {
        breaches.push(format!("{path}: not an object"));
        return;
    };
    for property in rules.required {
        if !map.contains_key(*property) {
            breaches.push(format!("{path}: required {property} missing"));
        }
    }
    for (property, kind) in rules.typed {
        let Some(v) = map.get(*property) else {
            continue;
        };
        let ok = match kind {
            Kind::Text => v.is_string(),
            Kind::Number => v.is_number(),
            Kind::Uuid => v.as_str().is_some_and(is_uuid),
        };
        if !ok {
            breaches.push(format!(
                "{path}: {property} is {v}, not what the standard types"
            ));
        }
    }
    for (property, allowed) in rules.enums {
        if let Some(v) = map.get(*property)
            && !v.as_str().is_some_and(|s| allowed.contains(&s))
        {
            breaches.push(format!("{path}: {property} {v} is not one of {allowed:?}"));
        }
    }
    for (property, nested) in rules.nested {
        match map.get(*property) {
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    walk(nested, item, &format!("{path}.{property}[{i}]"), breaches);
                }
            }
            Some(item @ Value::Object(_)) => {
                walk(nested, item, &format!("{path}.{property}"), breaches)
            }
            Some(other) => breaches.push(format!("{path}: {property} is {other}")),
            None => {}
        }
    }
}

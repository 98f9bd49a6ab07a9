//! Referrals as CSV, for a community that already keeps a list: `passerelle import
//! referrals FILE.csv`. The columns are documented in `docs/coordinated-access.md`; their
//! names are the referral form's fields, plus `referred_on` and `agency`.
//!
//! Every line is read and checked before anything is saved, and every problem is reported
//! with its line and column; one problem and nothing is saved. An impossible birth date is
//! the exception: it is kept as written and flagged for correction (another system's
//! export holds such dates, and they are still evidence of who the person is).

use passerelle_domain::directory::Area;
use passerelle_domain::referrals::ReferralInput;
use passerelle_domain::roles::Language;
use passerelle_domain::text::fold;
use passerelle_web::i18n::Tr;
use passerelle_web::referrals::Incoming;
use std::collections::HashMap;

pub use crate::line_error::LineError;
use crate::units_file::flag as yes_or_no;
use time::Date;
use uuid::Uuid;

/// The columns, in the order an export would write them. Only `referred_on`,
/// `given_name` and `consent_hub` are required.
pub const COLUMNS: [&str; 38] = [
    "referred_on",
    "agency",
    "given_name",
    "family_name",
    "other_names",
    "birth_date",
    "sex_gender",
    "self_identified",
    "phone",
    "email",
    "last_address",
    "postal_code",
    "identifier",
    "adults",
    "children_ages",
    "pregnant",
    "needs",
    "accessibility",
    "pets",
    "smoking",
    "monthly_income",
    "income_sources",
    "subsidy_eligible",
    "max_rent",
    "preferred_areas",
    "excluded_areas",
    "supporting_agency",
    "supporting_worker",
    "days_homeless",
    "assessment_score",
    "notes",
    "consent_hub",
    "consent_supports",
    "consent_landlords",
    "consent_method",
    "consent_witness",
    "consent_given_on",
    "consent_expires_on",
];

/// The names and ids the file may use for agencies and neighbourhoods.
pub struct Vocabularies {
    /// Organizations by folded name and by id.
    pub agencies: HashMap<String, Uuid>,
    /// Neighbourhoods by folded English or French name and by id.
    pub areas: HashMap<String, Uuid>,
}

impl Vocabularies {
    pub fn new(organizations: &[(Uuid, String)], areas: &[Area]) -> Vocabularies {
        let by_name_and_id = |pairs: Vec<(Uuid, &str)>| {
            pairs
                .into_iter()
                .flat_map(|(id, name)| [(fold(name), id), (id.to_string(), id)])
                .collect()
        };
        Vocabularies {
            agencies: by_name_and_id(
                organizations
                    .iter()
                    .map(|(id, n)| (*id, n.as_str()))
                    .collect(),
            ),
            areas: by_name_and_id(
                areas
                    .iter()
                    .flat_map(|a| {
                        [Some(a.name.as_str()), a.name_fr.as_deref()]
                            .into_iter()
                            .flatten()
                            .map(move |n| (a.id, n))
                    })
                    .collect(),
            ),
        }
    }
}

/// A line read and checked.
pub struct ReadLine {
    pub line: usize,
    pub incoming: Incoming,
    /// Its birth date could not be a real one and was kept as written.
    pub birth_date_flagged: bool,
}

/// Reads a referrals file: every line, or every problem.
pub fn read(
    data: &[u8],
    names: &Vocabularies,
    today: Date,
) -> Result<Vec<ReadLine>, Vec<LineError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data));
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(e) => return Err(vec![LineError::whole(1, e.to_string())]),
    };
    let mut errors = Vec::new();
    for required in ["referred_on", "given_name", "consent_hub"] {
        if !header.iter().any(|h| h == required) {
            errors.push(LineError {
                line: 1,
                column: required.into(),
                message: format!("the header must name the column {required}"),
            });
        }
    }
    for unknown in header.iter().filter(|h| !COLUMNS.contains(&h.as_str())) {
        errors.push(LineError {
            line: 1,
            column: unknown.clone(),
            message: "not a column of a referrals file (see docs/coordinated-access.md)".into(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let english = Tr::new(Language::En);
    let mut lines = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(LineError::whole(line, e.to_string()));
                continue;
            }
        };
        let get = |name: &str| -> String {
            header
                .iter()
                .position(|h| h == name)
                .and_then(|at| record.get(at))
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        // This line's problems (several checks below report into it).
        let problems = std::cell::RefCell::new(Vec::new());
        let fail = |column: &str, message: String| {
            problems.borrow_mut().push(LineError {
                line,
                column: column.to_owned(),
                message,
            })
        };
        let referred_on = match Date::parse(
            &get("referred_on"),
            time::macros::format_description!("[year]-[month]-[day]"),
        ) {
            Ok(d) if d <= today => Some(d),
            Ok(_) => {
                fail(
                    "referred_on",
                    "a referral cannot be dated in the future".into(),
                );
                None
            }
            Err(_) => {
                fail("referred_on", "not a date as YYYY-MM-DD".into());
                None
            }
        };
        let agency = match get("agency").as_str() {
            "" => None,
            raw => match names.agencies.get(&fold(raw)).or(names.agencies.get(raw)) {
                Some(id) => Some(*id),
                None => {
                    fail(
                        "agency",
                        "no organization of the directory has this name or id".into(),
                    );
                    None
                }
            },
        };
        let flag = |column: &str| -> bool {
            yes_or_no(&get(column)).unwrap_or_else(|| {
                fail(column, "answer yes or no (oui or non)".into());
                false
            })
        };
        let list = |column: &str| -> Vec<String> {
            get(column)
                .split(';')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .collect()
        };
        // Unanswered (blank or anything else) is the parser's "consent missing" error.
        let consent_hub = match get("consent_hub") {
            blank if blank.is_empty() => None,
            answer => yes_or_no(&answer),
        };
        let (pregnant, pets, smoking) = (flag("pregnant"), flag("pets"), flag("smoking"));
        let subsidy_eligible = flag("subsidy_eligible");
        let (consent_supports, consent_landlords) =
            (flag("consent_supports"), flag("consent_landlords"));
        let ids_of = |column: &str, known: &HashMap<String, Uuid>| -> Vec<String> {
            let mut ids = Vec::new();
            for name in list(column) {
                match known.get(&fold(&name)).or(known.get(&name)) {
                    Some(id) => ids.push(id.to_string()),
                    None => fail(column, format!("{name}: not a known name or id")),
                }
            }
            ids
        };
        let preferred_areas = ids_of("preferred_areas", &names.areas);
        let excluded_areas = ids_of("excluded_areas", &names.areas);
        let supporting_agency = ids_of("supporting_agency", &names.agencies)
            .into_iter()
            .next()
            .unwrap_or_default();
        let input = ReferralInput {
            given_name: get("given_name"),
            family_name: get("family_name"),
            other_names: get("other_names"),
            birth_date: get("birth_date"),
            sex_gender: get("sex_gender"),
            self_identified: list("self_identified"),
            phone: get("phone"),
            email: get("email"),
            last_address: get("last_address"),
            postal_code: get("postal_code"),
            identifier: get("identifier"),
            adults: get("adults"),
            children_ages: get("children_ages"),
            pregnant,
            needs: list("needs"),
            accessibility: list("accessibility"),
            pets,
            smoking,
            monthly_income: get("monthly_income"),
            income_sources: list("income_sources"),
            subsidy_eligible,
            max_rent: get("max_rent"),
            preferred_areas,
            excluded_areas,
            supporting_agency,
            supporting_worker: get("supporting_worker"),
            days_homeless: get("days_homeless"),
            assessment_score: get("assessment_score"),
            notes: get("notes"),
            consent_hub,
            consent_supports,
            consent_landlords,
            consent_method: get("consent_method"),
            consent_witness: get("consent_witness"),
            consent_given_on: get("consent_given_on"),
            consent_expires_on: get("consent_expires_on"),
        };
        errors.extend(problems.into_inner());
        let Some(referred_on) = referred_on else {
            continue;
        };
        // Checked as of the referral's own day, as the worker who made it was.
        match input.parse_imported(referred_on) {
            Ok(referral) => {
                let birth_date_flagged = matches!(
                    &referral,
                    passerelle_domain::referrals::ParsedReferral::Identified(f)
                        if f.birth_date.is_unreadable()
                );
                lines.push(ReadLine {
                    line,
                    incoming: Incoming {
                        agency,
                        referred_on,
                        referral,
                    },
                    birth_date_flagged,
                });
            }
            Err(field_errors) => {
                for e in field_errors.0 {
                    errors.push(LineError {
                        line,
                        column: e.field.clone(),
                        message: english.t(e.code),
                    });
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(lines)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

//! A referral to the hub (B1): the person, the household, needs and constraints for
//! housing, money, where they would and would not live, who keeps supporting them, the
//! facts the prioritization policy may use, and the person's consent.
//!
//! [`ReferralInput`] is what a form, the API or an import file gives (text as typed);
//! [`ReferralInput::parse`] turns it into [`ReferralFields`] or every field's error at once.

use super::consent::{Consent, ConsentMethod};
use crate::housing::{Cents, date, date_text};
use crate::needs::NEEDS;
use crate::values::{Email, FieldError, FieldErrors, PostalCode, optional, optional_text};
use serde::{Deserialize, Deserializer, Serialize};
use time::Date;
use uuid::Uuid;

/// Accessibility needs, in the words of the unit features they call for.
pub const ACCESSIBILITY_NEEDS: [&str; 3] = ["step_free", "elevator", "wheelchair"];

/// Where a household's income comes from (Ontario's programs by their usual names).
pub const INCOME_SOURCES: [&str; 7] = [
    "employment",
    "ontario_works",
    "odsp",
    "pension",
    "employment_insurance",
    "other",
    "none",
];

/// Groups a person may say they belong to, for the equity measures (D4): voluntary, never
/// required, and only what the person chooses to say. These are the groups Canadian
/// point-in-time counts and Reaching Home ask about; a community recording others adds them
/// here and in the translations.
pub const SELF_IDENTIFIED_GROUPS: [&str; 6] = [
    "indigenous",
    "racialized",
    "2slgbtqi",
    "veteran",
    "newcomer",
    "francophone",
];

/// The most days homeless a three-year window can hold.
pub const MAX_DAYS_HOMELESS: u16 = 1095;
/// Common assessment tools score 0–17 (VI-SPDAT) or 0–60 (SPDAT); 100 leaves room for others.
pub const MAX_ASSESSMENT_SCORE: u16 = 100;
/// Youth, as Ottawa's youth services define it.
pub const YOUTH_AGES: std::ops::RangeInclusive<i32> = 16..=24;

/// A referral as typed. Numbers may come as JSON numbers or text; blank means not given.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct ReferralInput {
    pub given_name: String,
    pub family_name: String,
    /// Other names and aliases, separated by `;`.
    pub other_names: String,
    /// `YYYY-MM-DD`, `YYYY-MM` (day unknown) or blank (unknown).
    pub birth_date: String,
    /// Sex or gender in the person's own words.
    pub sex_gender: String,
    /// Voluntary: codes from [`SELF_IDENTIFIED_GROUPS`].
    pub self_identified: Vec<String>,
    pub phone: String,
    pub email: String,
    pub last_address: String,
    pub postal_code: String,
    /// A health card number or another identifier, where the person gives one.
    pub identifier: String,
    #[serde(deserialize_with = "lenient_text")]
    pub adults: String,
    /// Children's ages in years, separated by commas or spaces.
    #[serde(deserialize_with = "lenient_text")]
    pub children_ages: String,
    pub pregnant: bool,
    pub needs: Vec<String>,
    pub accessibility: Vec<String>,
    pub pets: bool,
    pub smoking: bool,
    /// Dollars a month, as typed in either language.
    #[serde(deserialize_with = "lenient_text")]
    pub monthly_income: String,
    pub income_sources: Vec<String>,
    pub subsidy_eligible: bool,
    /// The most rent the household can pay, in dollars a month, subsidy included.
    #[serde(deserialize_with = "lenient_text")]
    pub max_rent: String,
    pub preferred_areas: Vec<String>,
    pub excluded_areas: Vec<String>,
    pub supporting_agency: String,
    pub supporting_worker: String,
    #[serde(deserialize_with = "lenient_text")]
    pub days_homeless: String,
    #[serde(deserialize_with = "lenient_text")]
    pub assessment_score: String,
    pub notes: String,
    /// Consent to share with the hub: yes, no, or not answered (an error).
    pub consent_hub: Option<bool>,
    pub consent_supports: bool,
    pub consent_landlords: bool,
    /// `signed_form` or `verbal_witnessed`.
    pub consent_method: String,
    pub consent_witness: String,
    pub consent_given_on: String,
    pub consent_expires_on: String,
}

/// Accepts a JSON string, number or null where the form sends text; anything else (an
/// object, a list, true or false) is refused, not read as its JSON text.
fn lenient_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Null => Ok(String::new()),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        _ => Err(serde::de::Error::custom("expected text, a number or null")),
    }
}

/// A birth date as much of it as is known.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(tag = "precision", rename_all = "snake_case")]
pub enum BirthDateValue {
    #[default]
    Unknown,
    YearMonth {
        year: i32,
        month: u8,
    },
    Full {
        date: Date,
    },
    /// As written in an imported file that holds an impossible date (day 33, month 13):
    /// kept as evidence and flagged for correction. A worker typing one is refused.
    Unreadable {
        text: String,
    },
}

impl BirthDateValue {
    /// Parses what a worker typed on `today`: blank, `YYYY-MM` or `YYYY-MM-DD`, not in the
    /// future and not more than 120 years ago.
    pub fn parse(field: &str, raw: &str, today: Date) -> Result<BirthDateValue, FieldError> {
        let value = Self::shape(field, raw)?;
        let Some((year, month)) = value.year_month() else {
            return Ok(value);
        };
        if (year, month) > (today.year(), today.month() as u8)
            || matches!(value, Self::Full { date } if date > today)
        {
            return Err(FieldError::new(field, "error-birth-date-future"));
        }
        if year < today.year() - 120 {
            return Err(FieldError::new(field, "error-birth-date"));
        }
        Ok(value)
    }

    /// Reads the shape only: blank, `YYYY-MM` or a real `YYYY-MM-DD`.
    fn shape(field: &str, raw: &str) -> Result<BirthDateValue, FieldError> {
        let raw = raw.trim();
        let bad = || FieldError::new(field, "error-birth-date");
        match raw.len() {
            0 => Ok(Self::Unknown),
            7 => {
                let (y, m) = raw.split_once('-').ok_or_else(bad)?;
                let year: i32 = y.parse().map_err(|_| bad())?;
                let month: u8 = m.parse().map_err(|_| bad())?;
                if y.len() != 4 || !(1..=12).contains(&month) {
                    return Err(bad());
                }
                Ok(Self::YearMonth { year, month })
            }
            10 => Ok(Self::Full {
                date: date(field, raw).map_err(|_| bad())?,
            }),
            _ => Err(bad()),
        }
    }

    /// Reads a stored or imported value: a readable date is parsed, anything else is
    /// kept as unreadable text.
    pub fn from_stored(text: &str) -> BirthDateValue {
        Self::shape("stored", text).unwrap_or_else(|_| Self::Unreadable {
            text: text.trim().to_owned(),
        })
    }

    /// `YYYY-MM-DD`, `YYYY-MM`, the unreadable text, or blank.
    pub fn text(&self) -> String {
        match self {
            Self::Unknown => String::new(),
            Self::YearMonth { year, month } => format!("{year:04}-{month:02}"),
            Self::Full { date } => date_text(*date),
            Self::Unreadable { text } => text.clone(),
        }
    }

    fn year_month(&self) -> Option<(i32, u8)> {
        match self {
            Self::YearMonth { year, month } => Some((*year, *month)),
            Self::Full { date } => Some((date.year(), date.month() as u8)),
            Self::Unknown | Self::Unreadable { .. } => None,
        }
    }

    /// Age in whole years on `on`; with the day unknown, the birthday is taken as the
    /// month's first.
    pub fn age_on(&self, on: Date) -> Option<i32> {
        let (year, month, day) = match self {
            Self::Full { date } => (date.year(), date.month() as u8, date.day()),
            Self::YearMonth { year, month } => (*year, *month, 1),
            _ => return None,
        };
        let before_birthday = (on.month() as u8, on.day()) < (month, day);
        Some(on.year() - year - i32::from(before_birthday))
    }

    pub fn is_unreadable(&self) -> bool {
        matches!(self, Self::Unreadable { .. })
    }
}

/// Who will live in the unit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Household {
    pub adults: u8,
    /// Ages in whole years, 0–17.
    pub children_ages: Vec<u8>,
    pub pregnant: bool,
}

impl Household {
    /// Bedrooms needed, after the National Occupancy Standard: a person alone can live in a
    /// bachelor (0); otherwise the first two adults share a bedroom, every other adult has
    /// one, and children share two to a bedroom. An expected baby counts as a child. The
    /// children's sexes are not asked, so siblings of opposite sex over five who may not
    /// share are the locator's call.
    pub fn bedrooms_needed(&self) -> u8 {
        let children = self.children_ages.len() + usize::from(self.pregnant);
        let adults = usize::from(self.adults.max(1));
        if adults + children == 1 {
            return 0;
        }
        let rooms = 1 + adults.saturating_sub(2) + children.div_ceil(2);
        rooms.min(u8::MAX as usize) as u8
    }

    pub fn size(&self) -> usize {
        usize::from(self.adults) + self.children_ages.len()
    }

    pub fn has_children(&self) -> bool {
        !self.children_ages.is_empty() || self.pregnant
    }
}

/// A referral's parsed fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralFields {
    pub given_name: String,
    pub family_name: Option<String>,
    pub other_names: Option<String>,
    pub birth_date: BirthDateValue,
    pub sex_gender: Option<String>,
    pub self_identified: Vec<String>,
    pub phone: Option<String>,
    pub email: Option<Email>,
    pub last_address: Option<String>,
    pub postal_code: Option<PostalCode>,
    pub identifier: Option<String>,
    pub household: Household,
    pub needs: Vec<String>,
    pub accessibility: Vec<String>,
    pub pets: bool,
    pub smoking: bool,
    pub monthly_income: Option<Cents>,
    pub income_sources: Vec<String>,
    pub subsidy_eligible: bool,
    pub max_rent: Option<Cents>,
    pub preferred_areas: Vec<Uuid>,
    pub excluded_areas: Vec<Uuid>,
    pub supporting_agency: Option<Uuid>,
    pub supporting_worker: Option<String>,
    pub days_homeless: Option<u16>,
    pub assessment_score: Option<u16>,
    pub notes: Option<String>,
    pub consent: Consent,
}

/// What a referral becomes once parsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ParsedReferral {
    /// The person consented to share with the hub.
    Identified(Box<ReferralFields>),
    /// The person did not: only an anonymous count is kept.
    Anonymous,
}

fn bounded(
    field: &str,
    raw: &str,
    range: std::ops::RangeInclusive<u16>,
) -> Result<u16, FieldError> {
    match raw.trim().parse::<u16>() {
        Ok(v) if range.contains(&v) => Ok(v),
        _ => Err(FieldError::new(field, "error-whole-number")),
    }
}

fn codes(e: &mut FieldErrors, field: &str, raw: &[String], allowed: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = raw
        .iter()
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect();
    if out.iter().any(|c| !allowed.contains(&c.as_str())) {
        e.push(field, "error-choose");
    }
    out.sort();
    out.dedup();
    out
}

fn ids(e: &mut FieldErrors, field: &str, raw: &[String]) -> Vec<Uuid> {
    let mut out = Vec::new();
    for r in raw.iter().filter(|r| !r.trim().is_empty()) {
        match Uuid::parse_str(r.trim()) {
            Ok(id) => out.push(id),
            Err(_) => {
                e.push(field, "error-choose");
                break;
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn phone(field: &str, raw: &str) -> Result<Option<String>, FieldError> {
    let phone = optional_text(field, raw, 40)?;
    match &phone {
        Some(p) if p.chars().filter(char::is_ascii_digit).count() < 7 => {
            Err(FieldError::new(field, "error-phone"))
        }
        _ => Ok(phone),
    }
}

fn children_ages(field: &str, raw: &str) -> Result<Vec<u8>, FieldError> {
    raw.split([',', ';', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| match s.parse::<u8>() {
            Ok(age) if age <= 17 => Ok(age),
            _ => Err(FieldError::new(field, "error-children-ages")),
        })
        .collect()
}

impl ReferralInput {
    /// Parses the referral as a worker typed it on `today`.
    pub fn parse(&self, today: Date) -> Result<ParsedReferral, FieldErrors> {
        self.parse_from(today, false)
    }

    /// Parses a referral read from another system's file: the same checks, except that an
    /// impossible birth date (day 33, month 13, year 3980) is kept as written and flagged for
    /// correction rather than refused. It is evidence: its year or digits may still agree
    /// with the person's other records, and a list being brought over must lose nobody.
    pub fn parse_imported(&self, today: Date) -> Result<ParsedReferral, FieldErrors> {
        self.parse_from(today, true)
    }

    fn parse_from(&self, today: Date, imported: bool) -> Result<ParsedReferral, FieldErrors> {
        let mut e = FieldErrors::default();
        match self.consent_hub {
            // Unanswered: an error, and the rest is checked too so every field shows its own.
            None => e.push("consent_hub", "error-consent-required"),
            Some(false) => return Ok(ParsedReferral::Anonymous),
            Some(true) => {}
        }
        let given_name = e.take(crate::values::required_text(
            "given_name",
            &self.given_name,
            100,
        ));
        let family_name = e.take(optional_text("family_name", &self.family_name, 100));
        let other_names = e.take(optional_text("other_names", &self.other_names, 300));
        let birth_date = match BirthDateValue::parse("birth_date", &self.birth_date, today) {
            Err(error)
                if imported
                    && matches!(error.code, "error-birth-date" | "error-birth-date-future") =>
            {
                BirthDateValue::Unreadable {
                    text: self.birth_date.trim().to_owned(),
                }
            }
            parsed => e.take(parsed),
        };
        let sex_gender = e.take(optional_text("sex_gender", &self.sex_gender, 60));
        let phone = e.take(phone("phone", &self.phone));
        let email = e.take(optional("email", &self.email, Email::parse));
        let last_address = e.take(optional_text("last_address", &self.last_address, 300));
        let postal_code = e.take(optional(
            "postal_code",
            &self.postal_code,
            PostalCode::parse,
        ));
        let identifier = e.take(optional_text("identifier", &self.identifier, 40));
        let adults = match self.adults.trim() {
            "" => 1,
            raw => e.take(bounded("adults", raw, 1..=12)) as u8,
        };
        let children = e.take(children_ages("children_ages", &self.children_ages));
        if let Some(age) = birth_date.age_on(today) {
            // A child older than the parent referred is a typing slip somewhere.
            if children.iter().any(|&c| i32::from(c) + 12 > age) && adults == 1 {
                e.push("children_ages", "error-children-ages");
            }
        }
        let self_identified = codes(
            &mut e,
            "self_identified",
            &self.self_identified,
            &SELF_IDENTIFIED_GROUPS,
        );
        let needs_codes: Vec<&str> = NEEDS.iter().map(|n| n.0).collect();
        let needs = codes(&mut e, "needs", &self.needs, &needs_codes);
        let accessibility = codes(
            &mut e,
            "accessibility",
            &self.accessibility,
            &ACCESSIBILITY_NEEDS,
        );
        let monthly_income = e.take(optional(
            "monthly_income",
            &self.monthly_income,
            Cents::parse,
        ));
        let income_sources = codes(
            &mut e,
            "income_sources",
            &self.income_sources,
            &INCOME_SOURCES,
        );
        let max_rent = e.take(optional("max_rent", &self.max_rent, Cents::parse));
        let preferred_areas = ids(&mut e, "preferred_areas", &self.preferred_areas);
        let excluded_areas = ids(&mut e, "excluded_areas", &self.excluded_areas);
        if preferred_areas.iter().any(|a| excluded_areas.contains(a)) {
            e.push("excluded_areas", "error-area-both");
        }
        let supporting_agency = match self.supporting_agency.trim() {
            "" => None,
            raw => match Uuid::parse_str(raw) {
                Ok(id) => Some(id),
                Err(_) => {
                    e.push("supporting_agency", "error-choose");
                    None
                }
            },
        };
        let supporting_worker = e.take(optional_text(
            "supporting_worker",
            &self.supporting_worker,
            100,
        ));
        let days_homeless = e.take(optional("days_homeless", &self.days_homeless, |f, r| {
            bounded(f, r, 0..=MAX_DAYS_HOMELESS)
        }));
        let assessment_score = e.take(optional(
            "assessment_score",
            &self.assessment_score,
            |f, r| bounded(f, r, 0..=MAX_ASSESSMENT_SCORE),
        ));
        let notes = e.take(optional_text("notes", &self.notes, 4000));
        let consent = self.parse_consent(&mut e, today);
        e.finish(ParsedReferral::Identified(Box::new(ReferralFields {
            given_name,
            family_name,
            other_names,
            birth_date,
            sex_gender,
            self_identified,
            phone,
            email,
            last_address,
            postal_code,
            identifier,
            household: Household {
                adults,
                children_ages: children,
                pregnant: self.pregnant,
            },
            needs,
            accessibility,
            pets: self.pets,
            smoking: self.smoking,
            monthly_income,
            income_sources,
            subsidy_eligible: self.subsidy_eligible,
            max_rent,
            preferred_areas,
            excluded_areas,
            supporting_agency,
            supporting_worker,
            days_homeless,
            assessment_score,
            notes,
            consent,
        })))
    }

    fn parse_consent(&self, e: &mut FieldErrors, today: Date) -> Consent {
        let method = ConsentMethod::parse(&self.consent_method);
        if method.is_none() {
            e.push("consent_method", "error-consent-method");
        }
        let witness = e.take(optional_text("consent_witness", &self.consent_witness, 100));
        if method == Some(ConsentMethod::VerbalWitnessed) && witness.is_none() {
            e.push("consent_witness", "error-consent-witness");
        }
        // A value that did not parse stands in as `today`; the errors are returned anyway.
        let given_on = match self.consent_given_on.trim() {
            "" => today,
            raw => match date("consent_given_on", raw) {
                Ok(d) if d <= today => d,
                Ok(_) => {
                    e.push("consent_given_on", "error-future-date");
                    today
                }
                Err(error) => {
                    e.0.push(error);
                    today
                }
            },
        };
        let expires_on = match date("consent_expires_on", &self.consent_expires_on) {
            Ok(d) if d > today && d > given_on => d,
            _ => {
                e.push("consent_expires_on", "error-consent-expiry");
                today
            }
        };
        Consent {
            share_with_hub: true,
            share_with_supports: self.consent_supports,
            share_with_landlords: self.consent_landlords,
            method: method.unwrap_or(ConsentMethod::SignedForm),
            witness,
            given_on,
            expires_on,
            withdrawn_on: None,
        }
    }
}

/// A person's name as shown: the given and family names that are known, in that order.
pub fn full_name(given: Option<&str>, family: Option<&str>) -> String {
    [given, family]
        .into_iter()
        .flatten()
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl ReferralFields {
    pub fn full_name(&self) -> String {
        full_name(Some(&self.given_name), self.family_name.as_deref())
    }

    /// Whether the person is a youth on `on` (from the birth date; unknown is not youth).
    pub fn is_youth(&self, on: Date) -> bool {
        self.birth_date
            .age_on(on)
            .is_some_and(|age| YOUTH_AGES.contains(&age))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 30);

    fn valid() -> ReferralInput {
        ReferralInput {
            given_name: "Marie-Ève".into(),
            family_name: "Tremblay".into(),
            birth_date: "1990-04-03".into(),
            adults: "1".into(),
            children_ages: "4, 9".into(),
            needs: vec!["housing".into()],
            monthly_income: "1 250,50".into(),
            consent_hub: Some(true),
            consent_method: "signed_form".into(),
            consent_expires_on: "2027-11-30".into(),
            ..Default::default()
        }
    }

    fn fields(input: &ReferralInput) -> ReferralFields {
        match input.parse(TODAY).unwrap() {
            ParsedReferral::Identified(f) => *f,
            ParsedReferral::Anonymous => panic!("anonymous"),
        }
    }

    #[test]
    fn a_full_referral_parses_with_bedrooms_from_the_household() {
        let f = fields(&valid());
        assert_eq!(f.household.children_ages, vec![4, 9]);
        assert_eq!(f.household.bedrooms_needed(), 2);
        assert_eq!(f.monthly_income, Some(Cents(125_050)));
        assert_eq!(f.consent.given_on, TODAY);
        assert!(f.household.has_children());
        assert!(!f.is_youth(TODAY));
    }

    #[test]
    fn bedrooms_follow_the_occupancy_standard() {
        let h = |adults, children: &[u8], pregnant| Household {
            adults,
            children_ages: children.to_vec(),
            pregnant,
        };
        assert_eq!(
            h(1, &[], false).bedrooms_needed(),
            0,
            "alone: a bachelor will do"
        );
        assert_eq!(h(2, &[], false).bedrooms_needed(), 1);
        assert_eq!(h(1, &[], true).bedrooms_needed(), 2, "the baby counts");
        assert_eq!(h(2, &[3, 5, 7], false).bedrooms_needed(), 3);
        assert_eq!(h(3, &[], false).bedrooms_needed(), 2);
    }

    #[test]
    fn birth_dates_may_be_partial_but_not_impossible_or_future() {
        let p = |raw| BirthDateValue::parse("b", raw, TODAY);
        assert_eq!(p(""), Ok(BirthDateValue::Unknown));
        assert_eq!(
            p("1984-03"),
            Ok(BirthDateValue::YearMonth {
                year: 1984,
                month: 3
            })
        );
        assert_eq!(p("2027-01-01").unwrap_err().code, "error-birth-date-future");
        assert_eq!(p("2026-12").unwrap_err().code, "error-birth-date-future");
        assert_eq!(p("1984-02-30").unwrap_err().code, "error-birth-date");
        assert_eq!(p("1984-13").unwrap_err().code, "error-birth-date");
        assert_eq!(p("1850-01-01").unwrap_err().code, "error-birth-date");
        assert_eq!(
            BirthDateValue::from_stored("1984-02-33"),
            BirthDateValue::Unreadable {
                text: "1984-02-33".into()
            }
        );
        assert_eq!(BirthDateValue::from_stored("1984-02").text(), "1984-02");
        assert_eq!(
            BirthDateValue::from_stored("1972-06"),
            BirthDateValue::YearMonth {
                year: 1972,
                month: 6
            }
        );
        assert_eq!(p("2008-12").unwrap().age_on(TODAY), Some(17));
        assert_eq!(p("2008-11").unwrap().age_on(TODAY), Some(18));
    }

    #[test]
    fn every_bad_field_has_its_own_error() {
        let input = ReferralInput {
            given_name: " ".into(),
            birth_date: "2030-01-01".into(),
            children_ages: "4, 19".into(),
            monthly_income: "-20".into(),
            preferred_areas: vec![Uuid::nil().to_string()],
            excluded_areas: vec![Uuid::nil().to_string()],
            consent_method: "email".into(),
            consent_expires_on: "2026-01-01".into(),
            ..valid()
        };
        let errors = input.parse(TODAY).unwrap_err();
        for (field, code) in [
            ("given_name", "error-required"),
            ("birth_date", "error-birth-date-future"),
            ("children_ages", "error-children-ages"),
            ("monthly_income", "error-negative"),
            ("excluded_areas", "error-area-both"),
            ("consent_method", "error-consent-method"),
            ("consent_expires_on", "error-consent-expiry"),
        ] {
            assert_eq!(errors.for_field(field), Some(code), "{field}: {errors}");
        }
    }

    #[test]
    fn consent_must_be_answered_and_a_no_keeps_only_a_count() {
        let missing = ReferralInput {
            consent_hub: None,
            ..valid()
        };
        assert_eq!(
            missing.parse(TODAY).unwrap_err().for_field("consent_hub"),
            Some("error-consent-required")
        );
        let refused = ReferralInput {
            consent_hub: Some(false),
            ..valid()
        };
        assert_eq!(refused.parse(TODAY).unwrap(), ParsedReferral::Anonymous);
        let verbal = ReferralInput {
            consent_method: "verbal_witnessed".into(),
            ..valid()
        };
        assert_eq!(
            verbal
                .parse(TODAY)
                .unwrap_err()
                .for_field("consent_witness"),
            Some("error-consent-witness")
        );
    }

    #[test]
    fn json_numbers_are_read_as_typed_text() {
        let input: ReferralInput = serde_json::from_str(
            r#"{"given_name":"Luc","adults":2,"days_homeless":400,"max_rent":1100.5,"consent_hub":true}"#,
        )
        .unwrap();
        assert_eq!(input.adults, "2");
        assert_eq!(input.days_homeless, "400");
        assert_eq!(input.max_rent, "1100.5");
    }

    #[test]
    fn youth_comes_from_the_birth_date() {
        let f = fields(&ReferralInput {
            birth_date: "2005-06".into(),
            children_ages: String::new(),
            ..valid()
        });
        assert!(f.is_youth(TODAY));
    }
}

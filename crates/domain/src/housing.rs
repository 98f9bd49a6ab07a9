//! The housing locator's world (C1–C3): landlords and their contacts, commitments,
//! preferences and relationship history; properties and units; the unit lifecycle with
//! holds; and the months in which units are available.
//!
//! Money is in integer cents, dates are calendar dates, months are counted as
//! `year × 12 + month − 1` so that consecutive months are consecutive integers.

use crate::values::{Email, FieldError, FieldErrors, optional, optional_text, required_text};
use serde::Serialize;
use time::{Date, Month};
use uuid::Uuid;

/// Money in integer cents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Cents(pub i64);

impl Cents {
    /// Reads an amount of dollars as typed in either language: `1250`, `1 250,50`,
    /// `$1,250.50`, `1250.5`. Negative amounts are refused.
    pub fn parse(field: &str, raw: &str) -> Result<Cents, FieldError> {
        let bad = || FieldError::new(field, "error-money");
        let cleaned: String = raw
            .trim()
            .trim_start_matches('$')
            .trim_end_matches('$')
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
            .collect();
        if cleaned.starts_with('-') {
            return Err(FieldError::new(field, "error-negative"));
        }
        // The last separator is the decimal one if two or fewer digits follow it.
        let (whole, fraction) = match cleaned.rfind(['.', ',']) {
            Some(at) if cleaned.len() - at - 1 <= 2 => (&cleaned[..at], &cleaned[at + 1..]),
            _ => (cleaned.as_str(), ""),
        };
        let whole: String = whole.chars().filter(|c| *c != ',' && *c != '.').collect();
        if whole.is_empty() && fraction.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !fraction.chars().all(|c| c.is_ascii_digit())
        {
            return Err(bad());
        }
        let dollars: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| bad())?
        };
        let cents: i64 = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<i64>().map_err(|_| bad())? * 10,
            _ => fraction.parse().map_err(|_| bad())?,
        };
        dollars
            .checked_mul(100)
            .and_then(|d| d.checked_add(cents))
            .filter(|c| *c <= 100_000_000)
            .map(Cents)
            .ok_or_else(bad)
    }

    /// `1250.50`, for files and the API (pages write amounts through the translator).
    pub fn plain(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// A calendar date typed as `YYYY-MM-DD` (what an HTML date field sends).
pub fn date(field: &str, raw: &str) -> Result<Date, FieldError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(raw.trim(), &format).map_err(|_| FieldError::new(field, "error-date"))
}

/// `YYYY-MM-DD`.
pub fn date_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// A month as one integer: `year × 12 + month − 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct MonthIndex(pub i32);

impl MonthIndex {
    pub fn of(d: Date) -> MonthIndex {
        MonthIndex(d.year() * 12 + d.month() as i32 - 1)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1 to 12.
    pub fn month(self) -> u8 {
        self.0.rem_euclid(12) as u8 + 1
    }

    pub fn first_day(self) -> Date {
        let month = Month::try_from(self.month()).unwrap_or(Month::January);
        Date::from_calendar_date(self.year(), month, 1).unwrap_or(Date::MIN)
    }

    pub fn next(self) -> MonthIndex {
        MonthIndex(self.0 + 1)
    }

    /// Reads `YYYY-MM`.
    pub fn parse(raw: &str) -> Option<MonthIndex> {
        let (y, m) = raw.trim().split_once('-')?;
        let (y, m) = (y.parse::<i32>().ok()?, m.parse::<i32>().ok()?);
        (1..=12).contains(&m).then_some(MonthIndex(y * 12 + m - 1))
    }

    /// `2026-11`.
    pub fn code(self) -> String {
        format!("{:04}-{:02}", self.year(), self.month())
    }
}

/// An individual who rents out a few units, or a company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LandlordKind {
    Individual,
    Company,
}

impl LandlordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Individual => "individual",
            Self::Company => "company",
        }
    }

    pub fn parse(raw: &str) -> Option<LandlordKind> {
        match raw.trim() {
            "individual" => Some(Self::Individual),
            "company" => Some(Self::Company),
            _ => None,
        }
    }
}

/// Programs whose clients a landlord accepts (the matching engine's program codes).
pub const PROGRAMS: [&str; 5] = ["youth", "family", "indigenous_led", "seniors", "women"];

/// What a landlord agreed to and prefers. The private notes are seen by housing locators
/// only.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LandlordFields {
    pub kind: Option<LandlordKind>,
    pub name: String,
    pub email: Option<Email>,
    pub phone: Option<String>,
    /// How many units the landlord committed to the program, until when, on what terms.
    pub committed_units: Option<u32>,
    pub committed_until: Option<Date>,
    pub commitment_terms: Option<String>,
    pub accepts_pets: bool,
    pub accepts_smoking: bool,
    pub max_household: Option<u8>,
    pub requires_support_worker: bool,
    /// Program codes from [`PROGRAMS`].
    pub programs: Vec<String>,
    pub private_notes: Option<String>,
}

/// A landlord as typed in a form or a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LandlordInput {
    pub kind: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub committed_units: String,
    pub committed_until: String,
    pub commitment_terms: String,
    pub accepts_pets: bool,
    pub accepts_smoking: bool,
    pub max_household: String,
    pub requires_support_worker: bool,
    pub programs: Vec<String>,
    pub private_notes: String,
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

fn whole(field: &str, raw: &str, max: u32) -> Result<u32, FieldError> {
    match raw.trim().parse::<u32>() {
        Ok(v) if v <= max => Ok(v),
        _ => Err(FieldError::new(field, "error-whole-number")),
    }
}

impl LandlordInput {
    pub fn parse(&self) -> Result<LandlordFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let kind = LandlordKind::parse(&self.kind);
        if kind.is_none() {
            e.push("kind", "error-choose");
        }
        let name = e.take(required_text("name", &self.name, 200));
        let email = e.take(optional("email", &self.email, Email::parse));
        let phone = e.take(phone("phone", &self.phone));
        let committed_units = e.take(optional(
            "committed_units",
            &self.committed_units,
            |f, r| whole(f, r, 10_000),
        ));
        let committed_until = e.take(optional("committed_until", &self.committed_until, date));
        let commitment_terms = e.take(optional_text(
            "commitment_terms",
            &self.commitment_terms,
            2000,
        ));
        let max_household = e.take(optional("max_household", &self.max_household, |f, r| {
            whole(f, r, 20).and_then(|v| {
                if v == 0 {
                    Err(FieldError::new(f, "error-whole-number"))
                } else {
                    Ok(v as u8)
                }
            })
        }));
        let programs: Vec<String> = self
            .programs
            .iter()
            .filter(|p| !p.is_empty())
            .cloned()
            .collect();
        if programs.iter().any(|p| !PROGRAMS.contains(&p.as_str())) {
            e.push("programs", "error-choose");
        }
        let private_notes = e.take(optional_text("private_notes", &self.private_notes, 4000));
        e.finish(LandlordFields {
            kind,
            name,
            email,
            phone,
            committed_units,
            committed_until,
            commitment_terms,
            accepts_pets: self.accepts_pets,
            accepts_smoking: self.accepts_smoking,
            max_household,
            requires_support_worker: self.requires_support_worker,
            programs,
            private_notes,
        })
    }

    pub fn from_fields(f: &LandlordFields) -> LandlordInput {
        LandlordInput {
            kind: f.kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
            name: f.name.clone(),
            email: f
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            phone: f.phone.clone().unwrap_or_default(),
            committed_units: f.committed_units.map(|n| n.to_string()).unwrap_or_default(),
            committed_until: f.committed_until.map(date_text).unwrap_or_default(),
            commitment_terms: f.commitment_terms.clone().unwrap_or_default(),
            accepts_pets: f.accepts_pets,
            accepts_smoking: f.accepts_smoking,
            max_household: f.max_household.map(|n| n.to_string()).unwrap_or_default(),
            requires_support_worker: f.requires_support_worker,
            programs: f.programs.clone(),
            private_notes: f.private_notes.clone().unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Landlord {
    pub id: Uuid,
    pub fields: LandlordFields,
}

/// A person to call at a landlord's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LandlordContact {
    pub id: Uuid,
    pub landlord_id: Uuid,
    pub name: String,
    pub role: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LandlordContactInput {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

impl LandlordContactInput {
    pub fn parse(&self, landlord_id: Uuid) -> Result<LandlordContact, FieldErrors> {
        let mut e = FieldErrors::default();
        let contact = LandlordContact {
            id: Uuid::new_v4(),
            landlord_id,
            name: e.take(required_text("name", &self.name, 200)),
            role: e.take(optional_text("role", &self.role, 200)),
            email: e.take(optional("email", &self.email, Email::parse)),
            phone: e.take(phone("phone", &self.phone)),
        };
        e.finish(contact)
    }
}

/// What happened between the locators and a landlord.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LandlordEventKind {
    /// A meeting where the program was presented.
    Meeting,
    Incident,
    Mediation,
    Renewal,
    IncentiveOffered,
    IncentivePaid,
}

impl LandlordEventKind {
    pub const ALL: [LandlordEventKind; 6] = [
        Self::Meeting,
        Self::Incident,
        Self::Mediation,
        Self::Renewal,
        Self::IncentiveOffered,
        Self::IncentivePaid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Meeting => "meeting",
            Self::Incident => "incident",
            Self::Mediation => "mediation",
            Self::Renewal => "renewal",
            Self::IncentiveOffered => "incentive_offered",
            Self::IncentivePaid => "incentive_paid",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw.trim())
    }

    /// Incentives carry an amount (a damage fund, a unit-hold payment).
    pub fn has_amount(self) -> bool {
        matches!(self, Self::IncentiveOffered | Self::IncentivePaid)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LandlordEvent {
    pub id: Uuid,
    pub landlord_id: Uuid,
    pub kind: LandlordEventKind,
    pub occurred_on: Date,
    pub amount: Option<Cents>,
    pub note: Option<String>,
    pub recorded_by: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LandlordEventInput {
    pub kind: String,
    pub occurred_on: String,
    pub amount: String,
    pub note: String,
}

impl LandlordEventInput {
    pub fn parse(&self, landlord_id: Uuid, today: Date) -> Result<LandlordEvent, FieldErrors> {
        let mut e = FieldErrors::default();
        let kind = LandlordEventKind::parse(&self.kind);
        if kind.is_none() {
            e.push("kind", "error-choose");
        }
        let occurred_on = e.take(date("occurred_on", &self.occurred_on).map(Some));
        if occurred_on.is_some_and(|d| d > today) {
            e.push("occurred_on", "error-future-date");
        }
        let amount = e.take(optional("amount", &self.amount, Cents::parse));
        let note = e.take(optional_text("note", &self.note, 4000));
        let event = LandlordEvent {
            id: Uuid::new_v4(),
            landlord_id,
            kind: kind.unwrap_or(LandlordEventKind::Meeting),
            occurred_on: occurred_on.unwrap_or(today),
            amount: amount.filter(|_| kind.is_some_and(LandlordEventKind::has_amount)),
            note,
            recorded_by: None,
        };
        e.finish(event)
    }
}

/// A building or house.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PropertyFields {
    pub address: String,
    pub postal_code: Option<crate::values::PostalCode>,
    /// The neighbourhood.
    pub area_id: Option<Uuid>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub step_free: bool,
    pub elevator: bool,
    /// When the property started taking tenants: no unit is available before it.
    pub in_service_since: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Property {
    pub id: Uuid,
    pub landlord_id: Uuid,
    pub fields: PropertyFields,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PropertyInput {
    pub address: String,
    pub postal_code: String,
    pub area_id: String,
    pub latitude: String,
    pub longitude: String,
    pub step_free: bool,
    pub elevator: bool,
    pub in_service_since: String,
}

impl PropertyInput {
    pub fn from_fields(f: &PropertyFields) -> PropertyInput {
        PropertyInput {
            address: f.address.clone(),
            postal_code: f
                .postal_code
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            area_id: f.area_id.map(|a| a.to_string()).unwrap_or_default(),
            latitude: f.latitude.map(|v| v.to_string()).unwrap_or_default(),
            longitude: f.longitude.map(|v| v.to_string()).unwrap_or_default(),
            step_free: f.step_free,
            elevator: f.elevator,
            in_service_since: f.in_service_since.map(date_text).unwrap_or_default(),
        }
    }

    pub fn parse(&self) -> Result<PropertyFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let address = e.take(required_text("address", &self.address, 300));
        let postal_code = e.take(optional(
            "postal_code",
            &self.postal_code,
            crate::values::PostalCode::parse,
        ));
        let area_id = match self.area_id.trim() {
            "" => None,
            raw => match Uuid::parse_str(raw) {
                Ok(id) => Some(id),
                Err(_) => {
                    e.push("area_id", "error-choose");
                    None
                }
            },
        };
        let latitude = e.take(optional(
            "latitude",
            &self.latitude,
            crate::values::latitude,
        ));
        let longitude = e.take(optional(
            "longitude",
            &self.longitude,
            crate::values::longitude,
        ));
        if latitude.is_some() != longitude.is_some() {
            e.push("longitude", "error-coordinates-pair");
        }
        let in_service_since = e.take(optional("in_service_since", &self.in_service_since, date));
        e.finish(PropertyFields {
            address,
            postal_code,
            area_id,
            latitude,
            longitude,
            step_free: self.step_free,
            elevator: self.elevator,
            in_service_since,
        })
    }
}

/// What the rent includes.
pub const RENT_INCLUDES: [&str; 6] = ["heat", "hydro", "water", "internet", "laundry", "parking"];

/// Where a unit is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    Available,
    Held,
    Offered,
    Leased,
    Occupied,
    Vacated,
}

impl UnitStatus {
    pub const ALL: [UnitStatus; 6] = [
        Self::Available,
        Self::Held,
        Self::Offered,
        Self::Leased,
        Self::Occupied,
        Self::Vacated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Available => "available",
            Self::Held => "held",
            Self::Offered => "offered",
            Self::Leased => "leased",
            Self::Occupied => "occupied",
            Self::Vacated => "vacated",
        }
    }

    pub fn parse(raw: &str) -> Option<UnitStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw.trim())
    }

    /// Vacant and offered to the network: what the availability figures count.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Available | Self::Held | Self::Offered)
    }

    /// The lifecycle: available → held → offered → leased → occupied → vacated →
    /// available again, with the ways back a real search needs (a hold released, an offer
    /// declined, a lease that ends before move-in).
    pub fn can_become(self, next: UnitStatus) -> bool {
        use UnitStatus::*;
        matches!(
            (self, next),
            (Available, Held | Offered)
                | (Held, Available | Offered)
                | (Offered, Available | Leased)
                | (Leased, Occupied | Vacated)
                | (Occupied, Vacated)
                | (Vacated, Available)
        )
    }
}

/// A unit's description (its status changes only through transitions).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UnitFields {
    /// The apartment number or name, unique within the property.
    pub label: String,
    pub bedrooms: u8,
    pub rent: Cents,
    /// Codes from [`RENT_INCLUDES`].
    pub rent_includes: Vec<String>,
    pub step_free: bool,
    pub elevator: bool,
    pub wheelchair: bool,
    pub pets_allowed: bool,
    pub smoking_allowed: bool,
    pub available_from: Option<Date>,
    pub inspected_on: Option<Date>,
    pub inspection_passed: Option<bool>,
    pub inspection_notes: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitInput {
    pub label: String,
    pub bedrooms: String,
    pub rent: String,
    pub rent_includes: Vec<String>,
    pub step_free: bool,
    pub elevator: bool,
    pub wheelchair: bool,
    pub pets_allowed: bool,
    pub smoking_allowed: bool,
    pub available_from: String,
    pub inspected_on: String,
    /// `pass`, `fail` or empty.
    pub inspection: String,
    pub inspection_notes: String,
}

impl UnitInput {
    /// Parses the unit; `in_service_since` is its property's, since no unit is available
    /// before its building takes tenants.
    pub fn parse(&self, in_service_since: Option<Date>) -> Result<UnitFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let label = e.take(required_text("label", &self.label, 60));
        let bedrooms = e.take(whole("bedrooms", &self.bedrooms, 10)) as u8;
        let rent = match self.rent.trim() {
            "" => {
                e.push("rent", "error-required");
                Cents::default()
            }
            raw => e.take(Cents::parse("rent", raw)),
        };
        let rent_includes: Vec<String> = self
            .rent_includes
            .iter()
            .filter(|r| !r.is_empty())
            .cloned()
            .collect();
        if rent_includes
            .iter()
            .any(|r| !RENT_INCLUDES.contains(&r.as_str()))
        {
            e.push("rent_includes", "error-choose");
        }
        let available_from = match self.available_from.trim() {
            "" => {
                e.push("available_from", "error-required");
                None
            }
            raw => e.take(date("available_from", raw).map(Some)),
        };
        if let (Some(from), Some(since)) = (available_from, in_service_since)
            && from < since
        {
            e.push("available_from", "error-before-property");
        }
        let inspected_on = e.take(optional("inspected_on", &self.inspected_on, date));
        let inspection_passed = match self.inspection.trim() {
            "" => None,
            "pass" => Some(true),
            "fail" => Some(false),
            _ => {
                e.push("inspection", "error-choose");
                None
            }
        };
        if inspection_passed.is_some() && inspected_on.is_none() {
            e.push("inspected_on", "error-required");
        }
        let inspection_notes = e.take(optional_text(
            "inspection_notes",
            &self.inspection_notes,
            2000,
        ));
        e.finish(UnitFields {
            label,
            bedrooms,
            rent,
            rent_includes,
            step_free: self.step_free || self.wheelchair,
            elevator: self.elevator,
            wheelchair: self.wheelchair,
            pets_allowed: self.pets_allowed,
            smoking_allowed: self.smoking_allowed,
            available_from,
            inspected_on,
            inspection_passed,
            inspection_notes,
        })
    }

    pub fn from_fields(f: &UnitFields) -> UnitInput {
        UnitInput {
            label: f.label.clone(),
            bedrooms: f.bedrooms.to_string(),
            rent: f.rent.plain(),
            rent_includes: f.rent_includes.clone(),
            step_free: f.step_free,
            elevator: f.elevator,
            wheelchair: f.wheelchair,
            pets_allowed: f.pets_allowed,
            smoking_allowed: f.smoking_allowed,
            available_from: f.available_from.map(date_text).unwrap_or_default(),
            inspected_on: f.inspected_on.map(date_text).unwrap_or_default(),
            inspection: match f.inspection_passed {
                Some(true) => "pass".into(),
                Some(false) => "fail".into(),
                None => String::new(),
            },
            inspection_notes: f.inspection_notes.clone().unwrap_or_default(),
        }
    }
}

/// Who holds a unit, and until when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hold {
    /// The agency whose client the unit is held for.
    pub agency_id: Uuid,
    pub until: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    pub id: Uuid,
    pub property_id: Uuid,
    pub fields: UnitFields,
    pub status: UnitStatus,
    pub hold: Option<Hold>,
}

/// A status change as asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub to: UnitStatus,
    /// Required for a hold.
    pub hold: Option<Hold>,
    /// The household's reference (a referral id, never a name), when leasing.
    pub household_ref: Option<String>,
    pub reason: Option<String>,
    /// The day it takes effect.
    pub on: Date,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransitionInput {
    pub to: String,
    pub agency_id: String,
    pub hold_until: String,
    pub household_ref: String,
    pub reason: String,
}

impl TransitionInput {
    pub fn parse(&self, today: Date) -> Result<Transition, FieldErrors> {
        let mut e = FieldErrors::default();
        let to = UnitStatus::parse(&self.to);
        if to.is_none() {
            e.push("to", "error-choose");
        }
        let hold = if to == Some(UnitStatus::Held) {
            let agency = Uuid::parse_str(self.agency_id.trim()).ok();
            if agency.is_none() {
                e.push("agency_id", "error-required");
            }
            let until = match self.hold_until.trim() {
                "" => {
                    e.push("hold_until", "error-required");
                    None
                }
                raw => e.take(date("hold_until", raw).map(Some)),
            };
            if until.is_some_and(|u| u < today) {
                e.push("hold_until", "error-hold-in-past");
            }
            agency
                .zip(until)
                .map(|(agency_id, until)| Hold { agency_id, until })
        } else {
            None
        };
        let household_ref = e.take(optional_text("household_ref", &self.household_ref, 80));
        let reason = e.take(optional_text("reason", &self.reason, 2000));
        e.finish(Transition {
            to: to.unwrap_or(UnitStatus::Available),
            hold,
            household_ref,
            reason,
            on: today,
        })
    }
}

/// One recorded status change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitEvent {
    pub from: Option<UnitStatus>,
    pub to: UnitStatus,
    pub on: Date,
    pub at: String,
    pub by: Option<String>,
    pub reason: Option<String>,
}

/// A household's time in a unit, from the lease to the day it left.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tenancy {
    pub id: Uuid,
    pub household_ref: Option<String>,
    pub leased_on: Date,
    pub moved_in_on: Option<Date>,
    pub ended_on: Option<Date>,
}

/// Units available in one month, in one neighbourhood, of one size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AvailabilityCell {
    pub month: MonthIndex,
    pub area_id: Option<Uuid>,
    pub bedrooms: u8,
    pub units: u32,
}

/// A unit's statuses, oldest first: the day each took effect, and why when known.
pub type StatusHistory = Vec<(Date, UnitStatus, Option<String>)>;

/// A whole housing portfolio with its history, for the demo and bulk loads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HousingSnapshot {
    pub landlords: Vec<Landlord>,
    pub contacts: Vec<LandlordContact>,
    pub events: Vec<LandlordEvent>,
    pub properties: Vec<Property>,
    /// Each unit with its history, oldest first (the last entry is its current status),
    /// and why each change happened when known.
    pub units: Vec<(Unit, StatusHistory)>,
    /// Tenancies with their unit.
    pub tenancies: Vec<(Uuid, Tenancy)>,
}

/// The stretches of months in which a unit was open to the network, from its status
/// history (in order) and the day it is ready for a tenant, which applies to its latest
/// stretch (a unit put back on the market is ready from that day, or later): `(first,
/// last)` months, `last` absent while it is still open. A month in which the unit was open
/// for a day counts; a unit counts at most once a month, so a stretch starts after the
/// month the previous one ended in.
pub fn open_stretches(
    history: &[(Date, UnitStatus)],
    available_from: Date,
) -> Vec<(MonthIndex, Option<MonthIndex>)> {
    // Days first: (opened, closed).
    let mut days: Vec<(Date, Option<Date>)> = Vec::new();
    let mut open_since: Option<Date> = None;
    for &(on, status) in history {
        match (open_since, status.is_open()) {
            (None, true) => open_since = Some(on),
            (Some(since), false) => {
                days.push((since, Some(on)));
                open_since = None;
            }
            _ => {}
        }
    }
    if let Some(since) = open_since {
        days.push((since, None));
    }
    if let Some(last) = days.last_mut() {
        last.0 = last.0.max(available_from);
    }
    let mut stretches: Vec<(MonthIndex, Option<MonthIndex>)> = Vec::new();
    for (opened, closed) in days {
        if closed.is_some_and(|c| c <= opened) {
            continue; // taken before it was ever ready, or the day it was
        }
        let mut first = MonthIndex::of(opened);
        if let Some((_, Some(previous_last))) = stretches.last() {
            first = first.max(previous_last.next());
        }
        // Closed on a day means open until the day before.
        let last = closed.map(|c| MonthIndex::of(c.previous_day().unwrap_or(c)));
        if last.is_none_or(|l| l >= first) {
            stretches.push((first, last));
        }
    }
    stretches
}

/// The monthly figures as CSV under `heading` (month, neighbourhood, bedrooms, units, in the
/// reader's language), one line per month, neighbourhood and size with any unit, in that
/// order.
pub fn availability_csv_text(
    heading: String,
    cells: &[AvailabilityCell],
    area_name: impl Fn(Option<Uuid>) -> String,
) -> String {
    let mut rows: Vec<(MonthIndex, String, u8, u32)> = cells
        .iter()
        .map(|c| (c.month, area_name(c.area_id), c.bedrooms, c.units))
        .collect();
    rows.sort();
    let mut out = heading;
    for (month, name, bedrooms, units) in rows {
        let name = crate::text::csv_field(&name);
        out.push_str(&format!("{},{name},{bedrooms},{units}\n", month.code()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn open_stretches_follow_the_history_and_count_a_month_once() {
        use UnitStatus::*;
        let history = [
            (date!(2025 - 01 - 10), Available),
            (date!(2025 - 01 - 20), Held),
            (date!(2025 - 02 - 03), Offered),
            (date!(2025 - 02 - 10), Leased),
            (date!(2025 - 03 - 01), Occupied),
            (date!(2025 - 09 - 30), Vacated),
            (date!(2025 - 10 - 15), Available),
            (date!(2025 - 10 - 20), Offered),
            (date!(2025 - 10 - 25), Leased),
            (date!(2026 - 04 - 01), Vacated),
            (date!(2026 - 04 - 02), Available),
        ];
        let m = |y, mo| MonthIndex(y * 12 + mo - 1);
        assert_eq!(
            open_stretches(&history, date!(2025 - 01 - 15)),
            vec![
                (m(2025, 1), Some(m(2025, 2))),
                (m(2025, 10), Some(m(2025, 10))),
                (m(2026, 4), None),
            ]
        );
        // Available from a later date: the months before do not count.
        assert_eq!(
            open_stretches(&[(date!(2025 - 01 - 10), Available)], date!(2025 - 06 - 01)),
            vec![(m(2025, 6), None)]
        );
        // Leased before it ever became available: nothing.
        assert_eq!(
            open_stretches(
                &[
                    (date!(2025 - 01 - 10), Available),
                    (date!(2025 - 02 - 01), Offered),
                    (date!(2025 - 03 - 01), Leased)
                ],
                date!(2025 - 05 - 01)
            ),
            vec![]
        );
        // Re-opened in the month it was leased: counted once in that month.
        assert_eq!(
            open_stretches(
                &[
                    (date!(2025 - 01 - 10), Available),
                    (date!(2025 - 01 - 12), Offered),
                    (date!(2025 - 01 - 14), Leased),
                    (date!(2025 - 01 - 20), Vacated),
                    (date!(2025 - 01 - 25), Available),
                ],
                date!(2025 - 01 - 01)
            ),
            vec![(m(2025, 1), Some(m(2025, 1))), (m(2025, 2), None)]
        );
    }

    #[test]
    fn money_is_read_in_both_languages_and_refused_when_negative() {
        let ok = |raw| Cents::parse("rent", raw).unwrap().0;
        assert_eq!(ok("1250"), 125_000);
        assert_eq!(ok("1 250,50"), 125_050);
        assert_eq!(ok("$1,250.50"), 125_050);
        assert_eq!(ok("1250.5"), 125_050);
        assert_eq!(ok("1,250"), 125_000);
        assert_eq!(ok("1 250 $"), 125_000);
        assert_eq!(
            Cents::parse("rent", "-5").unwrap_err().code,
            "error-negative"
        );
        assert_eq!(Cents::parse("rent", "abc").unwrap_err().code, "error-money");
    }

    #[test]
    fn months_are_consecutive_integers() {
        let nov = MonthIndex::of(date!(2026 - 11 - 27));
        assert_eq!(nov.code(), "2026-11");
        assert_eq!(MonthIndex::parse("2026-11"), Some(nov));
        assert_eq!(MonthIndex::parse("2026-13"), None);
        assert_eq!(nov.next().code(), "2026-12");
        assert_eq!(nov.next().next().code(), "2027-01");
        assert_eq!(nov.next().next().first_day(), date!(2027 - 01 - 01));
    }

    #[test]
    fn the_lifecycle_allows_only_its_steps() {
        use UnitStatus::*;
        assert!(Available.can_become(Held));
        assert!(Held.can_become(Offered));
        assert!(Offered.can_become(Leased));
        assert!(Leased.can_become(Occupied));
        assert!(Occupied.can_become(Vacated));
        assert!(Vacated.can_become(Available));
        assert!(!Available.can_become(Occupied));
        assert!(!Held.can_become(Held));
        assert!(!Occupied.can_become(Available));
    }

    #[test]
    fn units_refuse_what_makes_no_sense() {
        let input = UnitInput {
            label: "2B".into(),
            bedrooms: "2".into(),
            rent: "-100".into(),
            available_from: "2019-01-01".into(),
            inspection: "pass".into(),
            ..Default::default()
        };
        let errors = input.parse(Some(date!(2020 - 06 - 01))).unwrap_err();
        assert_eq!(errors.for_field("rent"), Some("error-negative"));
        assert_eq!(
            errors.for_field("available_from"),
            Some("error-before-property")
        );
        assert_eq!(errors.for_field("inspected_on"), Some("error-required"));
    }

    #[test]
    fn a_hold_needs_an_agency_and_a_future_end() {
        let today = date!(2026 - 11 - 27);
        let past = TransitionInput {
            to: "held".into(),
            agency_id: Uuid::nil().to_string(),
            hold_until: "2026-11-01".into(),
            ..Default::default()
        };
        assert_eq!(
            past.parse(today).unwrap_err().for_field("hold_until"),
            Some("error-hold-in-past")
        );
        let ok = TransitionInput {
            hold_until: "2026-12-15".into(),
            ..past
        };
        assert_eq!(
            ok.parse(today).unwrap().hold,
            Some(Hold {
                agency_id: Uuid::nil(),
                until: date!(2026 - 12 - 15)
            })
        );
    }
}

//! The housing locator (C1–C3): landlords, properties, units, the unit lifecycle and the
//! monthly availability figures.
//!
//! A unit's status changes only through [`Store::transition_unit`], which checks the
//! lifecycle, records the change (who, when, why), keeps tenancies, and recomputes the
//! unit's availability stretches from its whole history with
//! [`passerelle_domain::housing::open_stretches`]; bulk loads use the same function, so the
//! figures have one definition.

use crate::audit::record;
use crate::rows::{
    SqlBuilder, get_flag, id, opt_date, opt_f64, opt_i64, opt_id, opt_text, reparse, req_date, text,
};
use crate::{Result, Store, StoreError, now};
use passerelle_domain::FieldErrors;
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::*;
use passerelle_domain::text::fold;
use passerelle_domain::values::{Email, PostalCode};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use time::Date;
use uuid::Uuid;

/// A landlord in a list, with its units.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LandlordSummary {
    pub id: Uuid,
    pub name: String,
    pub kind: Option<LandlordKind>,
    pub committed_units: Option<u32>,
    pub units: i64,
    pub open_units: i64,
}

/// How the landlords list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LandlordSort {
    #[default]
    Name,
    Units,
    OpenUnits,
    Committed,
}

/// What the landlords list shows: words of the name, a kind, an order, a page (from 0).
#[derive(Debug, Clone, Default)]
pub struct LandlordQuery {
    pub text: Option<String>,
    pub kind: Option<LandlordKind>,
    pub sort: LandlordSort,
    pub descending: bool,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct HousingTotals {
    pub landlords: i64,
    pub units: i64,
    pub open_units: i64,
}

/// A unit with where it is, for lists and the unit page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnitListing {
    pub unit: Unit,
    pub property_id: Uuid,
    pub address: String,
    pub area_id: Option<Uuid>,
    pub landlord_id: Uuid,
    pub landlord_name: String,
}

/// Everything a unit's page shows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnitRecord {
    pub listing: UnitListing,
    pub history: Vec<UnitEvent>,
    pub tenancies: Vec<Tenancy>,
}

/// A landlord's page: the relationship at a glance.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LandlordRecord {
    pub landlord: Landlord,
    pub contacts: Vec<LandlordContact>,
    pub events: Vec<LandlordEvent>,
    pub properties: Vec<Property>,
    pub units: Vec<UnitListing>,
}

/// One line of a units file: a landlord, a property and a unit.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitImportRow {
    pub line: usize,
    pub landlord_name: String,
    pub landlord_kind: LandlordKind,
    pub property: PropertyFields,
    pub unit: UnitFields,
}

/// What a units import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct UnitImportSummary {
    pub landlords: usize,
    pub properties: usize,
    pub units_created: usize,
    pub units_updated: usize,
}

fn flag(b: bool) -> i64 {
    i64::from(b)
}

fn codes(list: &[String]) -> String {
    list.join(",")
}

fn split_codes(raw: &str) -> Vec<String> {
    raw.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

fn status_of(raw: &str) -> Result<UnitStatus> {
    UnitStatus::parse(raw).ok_or_else(|| StoreError::Corrupt(format!("unit status {raw:?}")))
}

fn invalid(field: &str, code: &'static str) -> StoreError {
    let mut e = FieldErrors::default();
    e.push(field, code);
    StoreError::Invalid(e)
}

const LANDLORD_COLUMNS: &str = "id, kind, name, email, phone, committed_units, committed_until, commitment_terms, \
     accepts_pets, accepts_smoking, max_household, requires_support_worker, programs, private_notes";

fn landlord_from(r: &AnyRow) -> Result<Landlord> {
    Ok(Landlord {
        id: id(r, "id")?,
        fields: LandlordFields {
            kind: LandlordKind::parse(&text(r, "kind")?),
            name: text(r, "name")?,
            email: reparse(opt_text(r, "email")?, Email::parse)?,
            phone: opt_text(r, "phone")?,
            committed_units: opt_i64(r, "committed_units")?.map(|n| n as u32),
            committed_until: opt_date(r, "committed_until")?,
            commitment_terms: opt_text(r, "commitment_terms")?,
            accepts_pets: get_flag(r, "accepts_pets")?,
            accepts_smoking: get_flag(r, "accepts_smoking")?,
            max_household: opt_i64(r, "max_household")?.map(|n| n as u8),
            requires_support_worker: get_flag(r, "requires_support_worker")?,
            programs: split_codes(&text(r, "programs")?),
            private_notes: opt_text(r, "private_notes")?,
        },
    })
}

const PROPERTY_COLUMNS: &str = "p.id AS property_id, p.landlord_id, p.address, p.postal_code, p.area_id, \
     p.latitude, p.longitude, p.step_free AS p_step_free, p.elevator AS p_elevator, p.in_service_since";

fn property_from(r: &AnyRow) -> Result<Property> {
    Ok(Property {
        id: id(r, "property_id")?,
        landlord_id: id(r, "landlord_id")?,
        fields: PropertyFields {
            address: text(r, "address")?,
            postal_code: reparse(opt_text(r, "postal_code")?, PostalCode::parse)?,
            area_id: opt_id(r, "area_id")?,
            latitude: opt_f64(r, "latitude")?,
            longitude: opt_f64(r, "longitude")?,
            step_free: get_flag(r, "p_step_free")?,
            elevator: get_flag(r, "p_elevator")?,
            in_service_since: opt_date(r, "in_service_since")?,
        },
    })
}

pub(crate) const UNIT_COLUMNS: &str = "u.id, u.property_id, u.label, u.bedrooms, u.rent_cents, u.rent_includes, u.step_free, \
     u.elevator, u.wheelchair, u.pets_allowed, u.smoking_allowed, u.available_from, u.status, u.hold_agency_id, \
     u.hold_until, u.inspected_on, u.inspection_passed, u.inspection_notes, p.address, p.area_id, p.landlord_id, \
     l.name AS landlord_name";

pub(crate) const UNIT_FROM: &str =
    "FROM unit u JOIN property p ON p.id = u.property_id JOIN landlord l ON l.id = p.landlord_id";

/// ` WHERE …` of the units `filter` selects.
fn unit_conditions(filter: &UnitFilter) -> SqlBuilder {
    let mut b = SqlBuilder::default();
    b.push(" WHERE 1 = 1");
    if filter.open_only {
        b.push(" AND u.status IN ('available', 'held', 'offered')");
    }
    if let Some(area) = filter.area_id {
        b.push(" AND p.area_id = ").bind_text(area.to_string());
    }
    if let Some(bedrooms) = filter.bedrooms {
        b.push(" AND u.bedrooms = CAST(")
            .bind_text(bedrooms.to_string())
            .push(" AS INTEGER)");
    }
    b
}

pub(crate) fn listing_from(r: &AnyRow) -> Result<UnitListing> {
    let hold = match (opt_id(r, "hold_agency_id")?, opt_date(r, "hold_until")?) {
        (Some(agency_id), Some(until)) => Some(Hold { agency_id, until }),
        _ => None,
    };
    let unit = Unit {
        id: id(r, "id")?,
        property_id: id(r, "property_id")?,
        fields: UnitFields {
            label: text(r, "label")?,
            bedrooms: opt_i64(r, "bedrooms")?.unwrap_or(0) as u8,
            rent: Cents(opt_i64(r, "rent_cents")?.unwrap_or(0)),
            rent_includes: split_codes(&text(r, "rent_includes")?),
            step_free: get_flag(r, "step_free")?,
            elevator: get_flag(r, "elevator")?,
            wheelchair: get_flag(r, "wheelchair")?,
            pets_allowed: get_flag(r, "pets_allowed")?,
            smoking_allowed: get_flag(r, "smoking_allowed")?,
            available_from: opt_date(r, "available_from")?,
            inspected_on: opt_date(r, "inspected_on")?,
            inspection_passed: opt_i64(r, "inspection_passed")?.map(|v| v != 0),
            inspection_notes: opt_text(r, "inspection_notes")?,
        },
        status: status_of(&text(r, "status")?)?,
        hold,
    };
    Ok(UnitListing {
        unit,
        property_id: id(r, "property_id")?,
        address: text(r, "address")?,
        area_id: opt_id(r, "area_id")?,
        landlord_id: id(r, "landlord_id")?,
        landlord_name: text(r, "landlord_name")?,
    })
}

/// Which units a list shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitFilter {
    /// Only units open to the network (available, held, offered).
    pub open_only: bool,
    pub area_id: Option<Uuid>,
    pub bedrooms: Option<u8>,
    pub sort: UnitSort,
    pub descending: bool,
    /// Neighbourhoods sort by their French names.
    pub french: bool,
    /// One page (from 0) of this many, or every unit.
    pub page: Option<(u32, u32)>,
}

/// How a list of units is ordered; each then by address and label, so that equal values
/// keep one order across pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnitSort {
    /// The soonest available first (the default: what a worker looks for).
    #[default]
    Available,
    Area,
    Bedrooms,
    Rent,
    Status,
}

impl Store {
    pub async fn create_landlord(
        &self,
        actor: Option<Uuid>,
        fields: LandlordFields,
    ) -> Result<Landlord> {
        let landlord = Landlord {
            id: Uuid::new_v4(),
            fields,
        };
        let mut tx = self.begin_write().await?;
        put_landlord(&mut tx, &landlord).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Create, "landlord", Some(landlord.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(landlord)
    }

    pub async fn update_landlord(
        &self,
        actor: Option<Uuid>,
        landlord_id: Uuid,
        fields: LandlordFields,
    ) -> Result<Landlord> {
        let landlord = Landlord {
            id: landlord_id,
            fields,
        };
        let mut tx = self.begin_write().await?;
        require(&mut tx, "landlord", landlord_id).await?;
        put_landlord(&mut tx, &landlord).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "landlord", Some(landlord.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(landlord)
    }

    pub async fn landlord(&self, landlord_id: Uuid) -> Result<Landlord> {
        let row = sqlx::query(&format!(
            "SELECT {LANDLORD_COLUMNS} FROM landlord WHERE id = $1"
        ))
        .bind(landlord_id.to_string())
        .fetch_one(&self.read)
        .await?;
        landlord_from(&row)
    }

    /// One page of landlords, with how many units each has and how many are open: those
    /// whose folded name holds every word searched, of a kind, in the order asked (then by
    /// name, so that equal counts keep a stable order across pages); and how many there are.
    pub async fn landlords_page(
        &self,
        query: &LandlordQuery,
    ) -> Result<(u64, Vec<LandlordSummary>)> {
        // Kept while no landlord, property or unit changes: a sort by units counts them all.
        let page = self
            .kept_or_made("landlords", &["housing"], format!("{query:?}"), || {
                self.read_landlords_page(query)
            })
            .await?;
        Ok((*page).clone())
    }

    async fn read_landlords_page(
        &self,
        query: &LandlordQuery,
    ) -> Result<(u64, Vec<LandlordSummary>)> {
        let mut filter = SqlBuilder::default();
        filter.push(" WHERE 1 = 1");
        for word in
            passerelle_domain::directory::search_words(query.text.as_deref().unwrap_or_default())
        {
            filter
                .push(" AND l.name_key LIKE ")
                .bind_text(format!("%{word}%"));
        }
        if let Some(kind) = query.kind {
            filter.push(" AND l.kind = ").bind_text(kind.as_str());
        }
        let mut count = SqlBuilder::default();
        count
            .push("SELECT COUNT(*) FROM landlord l")
            .append(&filter);
        let total =
            crate::rows::i64_at(&count.query().fetch_one(&self.read).await?, 0)?.max(0) as u64;

        // A landlord with no commitment sorts as if it had committed fewer units than any,
        // on both databases (which place NULLs at opposite ends).
        let column = match query.sort {
            LandlordSort::Name => "l.name_key",
            LandlordSort::Units => "units",
            LandlordSort::OpenUnits => "open_units",
            LandlordSort::Committed => "COALESCE(l.committed_units, -1)",
        };
        let direction = if query.descending { "DESC" } else { "ASC" };
        let mut page = SqlBuilder::default();
        // The counts are subqueries per landlord rather than a join grouped over every unit:
        // in name order (the default) the name's index gives the page, and only its
        // landlords' units are counted (1 ms instead of 50 for 13,579 units on SQLite).
        page.push(
            "SELECT l.id, l.name, l.kind, l.committed_units, \
             (SELECT COUNT(*) FROM property p JOIN unit u ON u.property_id = p.id \
              WHERE p.landlord_id = l.id) AS units, \
             (SELECT COUNT(*) FROM property p JOIN unit u ON u.property_id = p.id \
              WHERE p.landlord_id = l.id AND u.status IN ('available', 'held', 'offered')) AS open_units \
             FROM landlord l",
        )
        .append(&filter)
        .push(&format!(
            " ORDER BY {column} {direction}, l.name_key LIMIT {} OFFSET {}",
            query.per_page,
            u64::from(query.page) * u64::from(query.per_page)
        ));
        let landlords = page
            .query()
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| {
                Ok(LandlordSummary {
                    id: id(r, "id")?,
                    name: text(r, "name")?,
                    kind: LandlordKind::parse(&text(r, "kind")?),
                    committed_units: opt_i64(r, "committed_units")?.map(|n| n as u32),
                    units: opt_i64(r, "units")?.unwrap_or(0),
                    open_units: opt_i64(r, "open_units")?.unwrap_or(0),
                })
            })
            .collect::<Result<_>>()?;
        Ok((total, landlords))
    }

    /// How many landlords, units and open units there are in all.
    pub async fn housing_totals(&self) -> Result<HousingTotals> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM landlord), (SELECT COUNT(*) FROM unit), \
             (SELECT COUNT(*) FROM unit WHERE status IN ('available', 'held', 'offered'))",
        )
        .fetch_one(&self.read)
        .await?;
        Ok(HousingTotals {
            landlords: crate::rows::i64_at(&row, 0)?,
            units: crate::rows::i64_at(&row, 1)?,
            open_units: crate::rows::i64_at(&row, 2)?,
        })
    }

    pub async fn landlord_record(&self, landlord_id: Uuid) -> Result<LandlordRecord> {
        let landlord = self.landlord(landlord_id).await?;
        let key = landlord_id.to_string();
        let contacts = sqlx::query(
            "SELECT id, landlord_id, name, role, email, phone FROM landlord_contact WHERE landlord_id = $1 ORDER BY name",
        )
        .bind(&key)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(LandlordContact {
                id: id(r, "id")?,
                landlord_id: id(r, "landlord_id")?,
                name: text(r, "name")?,
                role: opt_text(r, "role")?,
                email: reparse(opt_text(r, "email")?, Email::parse)?,
                phone: opt_text(r, "phone")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let events = sqlx::query(
            "SELECT e.id, e.landlord_id, e.kind, e.occurred_on, e.amount_cents, e.note, a.display_name \
             FROM landlord_event e LEFT JOIN app_user a ON a.id = e.recorded_by \
             WHERE e.landlord_id = $1 ORDER BY e.occurred_on DESC, e.recorded_at DESC",
        )
        .bind(&key)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(LandlordEvent {
                id: id(r, "id")?,
                landlord_id: id(r, "landlord_id")?,
                kind: LandlordEventKind::parse(&text(r, "kind")?)
                    .ok_or_else(|| StoreError::Corrupt("landlord event kind".into()))?,
                occurred_on: req_date(r, "occurred_on")?,
                amount: opt_i64(r, "amount_cents")?.map(Cents),
                note: opt_text(r, "note")?,
                recorded_by: opt_text(r, "display_name")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let properties = sqlx::query(&format!(
            "SELECT {PROPERTY_COLUMNS} FROM property p WHERE p.landlord_id = $1 ORDER BY p.address"
        ))
        .bind(&key)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(property_from)
        .collect::<Result<Vec<_>>>()?;
        let units = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} {UNIT_FROM} WHERE p.landlord_id = $1 ORDER BY p.address, u.label"
        ))
        .bind(&key)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(listing_from)
        .collect::<Result<Vec<_>>>()?;
        Ok(LandlordRecord {
            landlord,
            contacts,
            events,
            properties,
            units,
        })
    }

    pub async fn add_landlord_contact(
        &self,
        actor: Option<Uuid>,
        contact: &LandlordContact,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        require(&mut tx, "landlord", contact.landlord_id).await?;
        put_contact(&mut tx, contact).await?;
        record(
            &mut tx,
            AuditEvent::new(
                actor,
                AuditAction::Create,
                "landlord_contact",
                Some(contact.id),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn add_landlord_event(
        &self,
        actor: Option<Uuid>,
        event: &LandlordEvent,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        require(&mut tx, "landlord", event.landlord_id).await?;
        put_event(&mut tx, event, actor).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Create, "landlord_event", Some(event.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn create_property(
        &self,
        actor: Option<Uuid>,
        landlord_id: Uuid,
        fields: PropertyFields,
    ) -> Result<Property> {
        let property = Property {
            id: Uuid::new_v4(),
            landlord_id,
            fields,
        };
        let mut tx = self.begin_write().await?;
        require(&mut tx, "landlord", landlord_id).await?;
        put_property(&mut tx, &property).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Create, "property", Some(property.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(property)
    }

    /// Changes a property; its units' availability moves with its neighbourhood. A unit
    /// available before the new "taking tenants since" date is refused.
    pub async fn update_property(
        &self,
        actor: Option<Uuid>,
        property_id: Uuid,
        fields: PropertyFields,
    ) -> Result<Property> {
        let mut tx = self.begin_write().await?;
        let current = property_in(&mut tx, property_id).await?;
        let property = Property { fields, ..current };
        let units = sqlx::query("SELECT id FROM unit WHERE property_id = $1")
            .bind(property_id.to_string())
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| id(r, "id"))
            .collect::<Result<Vec<_>>>()?;
        for unit_id in &units {
            let unit = unit_in(&mut tx, *unit_id).await?;
            check_unit_dates(&property, &unit.fields)?;
        }
        put_property(&mut tx, &property).await?;
        for unit_id in units {
            refresh_stretches(&mut tx, unit_id).await?;
        }
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "property", Some(property_id)),
        )
        .await?;
        tx.commit().await?;
        Ok(property)
    }

    pub async fn property(&self, property_id: Uuid) -> Result<Property> {
        let row = sqlx::query(&format!(
            "SELECT {PROPERTY_COLUMNS} FROM property p WHERE p.id = $1"
        ))
        .bind(property_id.to_string())
        .fetch_one(&self.read)
        .await?;
        property_from(&row)
    }

    /// Adds a unit, available from its date. `on` is the day it is recorded.
    pub async fn create_unit(
        &self,
        actor: Option<Uuid>,
        property_id: Uuid,
        fields: UnitFields,
        on: Date,
    ) -> Result<Unit> {
        let mut tx = self.begin_write().await?;
        let property = property_in(&mut tx, property_id).await?;
        check_unit_dates(&property, &fields)?;
        let unit = Unit {
            id: Uuid::new_v4(),
            property_id,
            fields,
            status: UnitStatus::Available,
            hold: None,
        };
        put_unit(&mut tx, &unit).await?;
        add_unit_event(
            &mut tx,
            unit.id,
            None,
            UnitStatus::Available,
            on,
            actor,
            None,
        )
        .await?;
        refresh_stretches(&mut tx, unit.id).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Create, "unit", Some(unit.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(unit)
    }

    /// Changes a unit's description (not its status).
    pub async fn update_unit(
        &self,
        actor: Option<Uuid>,
        unit_id: Uuid,
        fields: UnitFields,
    ) -> Result<Unit> {
        let mut tx = self.begin_write().await?;
        let current = unit_in(&mut tx, unit_id).await?;
        let property = property_in(&mut tx, current.property_id).await?;
        check_unit_dates(&property, &fields)?;
        let unit = Unit { fields, ..current };
        put_unit(&mut tx, &unit).await?;
        refresh_stretches(&mut tx, unit.id).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "unit", Some(unit.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(unit)
    }

    pub async fn unit(&self, unit_id: Uuid) -> Result<UnitRecord> {
        let key = unit_id.to_string();
        let row = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} {UNIT_FROM} WHERE u.id = $1"
        ))
        .bind(&key)
        .fetch_one(&self.read)
        .await?;
        let listing = listing_from(&row)?;
        let history = sqlx::query(
            "SELECT e.from_status, e.to_status, e.effective_on, e.changed_at, e.reason, a.display_name \
             FROM unit_event e LEFT JOIN app_user a ON a.id = e.changed_by WHERE e.unit_id = $1 \
             ORDER BY e.seq DESC",
        )
        .bind(&key)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(UnitEvent {
                from: opt_text(r, "from_status")?
                    .map(|s| status_of(&s))
                    .transpose()?,
                to: status_of(&text(r, "to_status")?)?,
                on: req_date(r, "effective_on")?,
                at: text(r, "changed_at")?,
                by: opt_text(r, "display_name")?,
                reason: opt_text(r, "reason")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let tenancies = sqlx::query(
            "SELECT id, household_ref, leased_on, moved_in_on, ended_on FROM tenancy WHERE unit_id = $1 ORDER BY leased_on DESC",
        )
        .bind(&key)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(Tenancy {
                id: id(r, "id")?,
                household_ref: opt_text(r, "household_ref")?,
                leased_on: req_date(r, "leased_on")?,
                moved_in_on: opt_date(r, "moved_in_on")?,
                ended_on: opt_date(r, "ended_on")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(UnitRecord {
            listing,
            history,
            tenancies,
        })
    }

    /// The units `filter` selects, in its order, its page only when it names one; kept
    /// while no landlord, property, unit or area changes (a page sorts every unit).
    pub async fn units(&self, filter: &UnitFilter) -> Result<Vec<UnitListing>> {
        let key = format!("{filter:?}");
        let units = self
            .kept_or_made("units", &["housing", "vocabulary"], key, || {
                self.read_units(filter)
            })
            .await?;
        Ok(units.to_vec())
    }

    async fn read_units(&self, filter: &UnitFilter) -> Result<Vec<UnitListing>> {
        let mut q = SqlBuilder::default();
        q.push(&format!("SELECT {UNIT_COLUMNS} {UNIT_FROM}"))
            .append(&unit_conditions(filter));
        let area = if filter.french {
            "(SELECT COALESCE(a.name_fr, a.name) FROM area a WHERE a.id = p.area_id)"
        } else {
            "(SELECT a.name FROM area a WHERE a.id = p.area_id)"
        };
        // Values that may be missing sort first on both databases (which place NULLs at
        // opposite ends).
        let column = match filter.sort {
            UnitSort::Available => "COALESCE(u.available_from, '')".to_owned(),
            UnitSort::Area => format!("COALESCE({area}, '')"),
            UnitSort::Bedrooms => "u.bedrooms".to_owned(),
            UnitSort::Rent => "u.rent_cents".to_owned(),
            UnitSort::Status => "u.status".to_owned(),
        };
        let direction = if filter.descending { "DESC" } else { "ASC" };
        q.push(&format!(
            " ORDER BY {column} {direction}, p.address, u.label, u.id"
        ));
        if let Some((page, per_page)) = filter.page {
            q.push(&format!(
                " LIMIT {per_page} OFFSET {}",
                u64::from(page) * u64::from(per_page)
            ));
        }
        q.query()
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(listing_from)
            .collect()
    }

    /// How many units `filter` selects, all pages together.
    pub async fn units_count(&self, filter: &UnitFilter) -> Result<u64> {
        // Pages and order do not change the count.
        let key = format!("{:?}", (filter.open_only, filter.area_id, filter.bedrooms));
        let count = self
            .kept_or_made("units-count", &["housing"], key, || async {
                let mut q = SqlBuilder::default();
                q.push(&format!("SELECT COUNT(*) {UNIT_FROM}"))
                    .append(&unit_conditions(filter));
                Ok::<_, StoreError>(
                    crate::rows::i64_at(&q.query().fetch_one(&self.read).await?, 0)?.max(0) as u64,
                )
            })
            .await?;
        Ok(*count)
    }

    /// Moves a unit along its lifecycle. Two people holding the same unit at once: the
    /// first wins, the second gets `Conflict("error-unit-taken")`.
    pub async fn transition_unit(
        &self,
        actor: Option<Uuid>,
        unit_id: Uuid,
        transition: &Transition,
    ) -> Result<Unit> {
        let mut tx = self.begin_write().await?;
        transition_in(&mut tx, actor, unit_id, transition).await?;
        let updated = unit_in(&mut tx, unit_id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Units open to the network in each month from `first` to `last`, by neighbourhood and
    /// number of bedrooms (cells with no unit are left out).
    pub async fn availability(
        &self,
        first: MonthIndex,
        last: MonthIndex,
    ) -> Result<Vec<AvailabilityCell>> {
        // Kept while no availability changes: thousands of stretches at a city's scale.
        let key = format!("{}-{}", first.0, last.0);
        let cells = self
            .kept_or_made("availability", &["availability"], key, || {
                self.read_availability(first, last)
            })
            .await?;
        Ok(cells.to_vec())
    }

    async fn read_availability(
        &self,
        first: MonthIndex,
        last: MonthIndex,
    ) -> Result<Vec<AvailabilityCell>> {
        // Stretches counted by where they start and end: few rows, whatever the number of
        // units; each adds its count to the months it covers.
        let rows = sqlx::query(
            "SELECT area_key, bedrooms, start_month, end_month, units AS n FROM availability_count \
             WHERE units > 0 AND start_month <= $1 AND end_month >= $2",
        )
        .bind(last.0 as i64)
        .bind(first.0 as i64)
        .fetch_all(&self.read)
        .await?;
        let months = (last.0 - first.0 + 1).max(0) as usize;
        let mut counts: HashMap<(Option<Uuid>, u8), Vec<i64>> = HashMap::new();
        for r in &rows {
            let area = text(r, "area_key")?;
            let area = match area.as_str() {
                "" => None,
                key => Some(
                    Uuid::parse_str(key)
                        .map_err(|_| StoreError::Corrupt(format!("area {key:?}")))?,
                ),
            };
            let key = (area, opt_i64(r, "bedrooms")?.unwrap_or(0) as u8);
            let start = opt_i64(r, "start_month")?.unwrap_or(0).max(first.0 as i64) as i32;
            let end = opt_i64(r, "end_month")?
                .unwrap_or(OPEN_END)
                .min(last.0 as i64) as i32;
            let n = opt_i64(r, "n")?.unwrap_or(0);
            let diff = counts.entry(key).or_insert_with(|| vec![0; months + 1]);
            diff[(start.max(first.0) - first.0) as usize] += n;
            diff[(end.min(last.0) - first.0 + 1) as usize] -= n;
        }
        let mut cells = Vec::new();
        for ((area_id, bedrooms), diff) in counts {
            let mut running = 0;
            for (i, d) in diff.iter().take(months).enumerate() {
                running += d;
                if running > 0 {
                    cells.push(AvailabilityCell {
                        month: MonthIndex(first.0 + i as i32),
                        area_id,
                        bedrooms,
                        units: running as u32,
                    });
                }
            }
        }
        cells.sort_by(|a, b| {
            (a.month, a.area_id, a.bedrooms).cmp(&(b.month, b.area_id, b.bedrooms))
        });
        Ok(cells)
    }

    /// Loads a units file: landlords matched by name, properties by landlord and address,
    /// units by property and label (updated when they exist). All or nothing: the first
    /// error names the line and field, and nothing is written.
    pub async fn import_units(
        &self,
        actor: Option<Uuid>,
        rows: &[UnitImportRow],
        on: Date,
    ) -> Result<UnitImportSummary, (usize, StoreError)> {
        let mut tx = self.begin_write().await.map_err(|e| (0, e))?;
        let mut summary = UnitImportSummary::default();
        let mut landlords: HashMap<String, Uuid> = HashMap::new();
        let mut properties: HashMap<(Uuid, String), Property> = HashMap::new();
        for row in rows {
            let at = |e: StoreError| (row.line, e);
            let key = fold(&row.landlord_name);
            let landlord_id = match landlords.get(&key) {
                Some(id) => *id,
                None => {
                    let found = sqlx::query("SELECT id FROM landlord WHERE name_key = $1")
                        .bind(&key)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(|e| at(e.into()))?;
                    let id = match found {
                        Some(r) => id(&r, "id").map_err(at)?,
                        None => {
                            let landlord = Landlord {
                                id: Uuid::new_v4(),
                                fields: LandlordFields {
                                    kind: Some(row.landlord_kind),
                                    name: row.landlord_name.trim().to_owned(),
                                    ..Default::default()
                                },
                            };
                            put_landlord(&mut tx, &landlord).await.map_err(at)?;
                            summary.landlords += 1;
                            landlord.id
                        }
                    };
                    landlords.insert(key, id);
                    id
                }
            };
            let address_key = (landlord_id, fold(&row.property.address));
            let property = match properties.get(&address_key) {
                Some(p) => p.clone(),
                None => {
                    let existing = sqlx::query(&format!(
                        "SELECT {PROPERTY_COLUMNS} FROM property p WHERE p.landlord_id = $1"
                    ))
                    .bind(landlord_id.to_string())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(|e| at(e.into()))?
                    .iter()
                    .map(property_from)
                    .collect::<Result<Vec<_>>>()
                    .map_err(at)?
                    .into_iter()
                    .find(|p| fold(&p.fields.address) == address_key.1);
                    let property = match existing {
                        Some(p) => p,
                        None => {
                            let p = Property {
                                id: Uuid::new_v4(),
                                landlord_id,
                                fields: row.property.clone(),
                            };
                            put_property(&mut tx, &p).await.map_err(at)?;
                            summary.properties += 1;
                            p
                        }
                    };
                    properties.insert(address_key, property.clone());
                    property
                }
            };
            check_unit_dates(&property, &row.unit).map_err(at)?;
            let existing = sqlx::query("SELECT id FROM unit WHERE property_id = $1 AND label = $2")
                .bind(property.id.to_string())
                .bind(&row.unit.label)
                .fetch_optional(&mut *tx)
                .await
                .map_err(|e| at(e.into()))?;
            match existing {
                Some(r) => {
                    let unit_id = id(&r, "id").map_err(at)?;
                    let current = unit_in(&mut tx, unit_id).await.map_err(at)?;
                    let unit = Unit {
                        fields: row.unit.clone(),
                        ..current
                    };
                    put_unit(&mut tx, &unit).await.map_err(at)?;
                    refresh_stretches(&mut tx, unit_id).await.map_err(at)?;
                    summary.units_updated += 1;
                }
                None => {
                    let unit = Unit {
                        id: Uuid::new_v4(),
                        property_id: property.id,
                        fields: row.unit.clone(),
                        status: UnitStatus::Available,
                        hold: None,
                    };
                    put_unit(&mut tx, &unit).await.map_err(at)?;
                    add_unit_event(
                        &mut tx,
                        unit.id,
                        None,
                        UnitStatus::Available,
                        on,
                        actor,
                        Some("imported"),
                    )
                    .await
                    .map_err(at)?;
                    refresh_stretches(&mut tx, unit.id).await.map_err(at)?;
                    summary.units_created += 1;
                }
            }
        }
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Import, "unit", None).with_detail(format!(
                "{} units created, {} updated",
                summary.units_created, summary.units_updated
            )),
        )
        .await
        .map_err(|e| (0, e))?;
        tx.commit().await.map_err(|e| (0, e.into()))?;
        Ok(summary)
    }

    /// Writes a whole portfolio with its history in one transaction (the demo, bulk loads).
    pub async fn import_housing(&self, snapshot: &HousingSnapshot) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for l in &snapshot.landlords {
            put_landlord(&mut tx, l).await?;
        }
        for c in &snapshot.contacts {
            put_contact(&mut tx, c).await?;
        }
        for e in &snapshot.events {
            put_event(&mut tx, e, None).await?;
        }
        for p in &snapshot.properties {
            put_property(&mut tx, p).await?;
        }
        let mut counts: HashMap<StretchCount, i64> = HashMap::new();
        let areas: HashMap<Uuid, Option<Uuid>> = snapshot
            .properties
            .iter()
            .map(|p| (p.id, p.fields.area_id))
            .collect();
        for (unit, history) in &snapshot.units {
            put_unit(&mut tx, unit).await?;
            let mut previous = None;
            for (on, status, reason) in history {
                add_unit_event(
                    &mut tx,
                    unit.id,
                    previous,
                    *status,
                    *on,
                    None,
                    reason.as_deref(),
                )
                .await?;
                previous = Some(*status);
            }
            let statuses: Vec<(Date, UnitStatus)> = history
                .iter()
                .map(|(on, status, _)| (*on, *status))
                .collect();
            let available_from = unit
                .fields
                .available_from
                .ok_or_else(|| invalid("available_from", "error-required"))?;
            let area = areas
                .get(&unit.property_id)
                .copied()
                .flatten()
                .map(|a| a.to_string());
            let stretches = open_stretches(&statuses, available_from);
            for stretch in &stretches {
                *counts
                    .entry(StretchCount::of(
                        area.clone(),
                        unit.fields.bedrooms,
                        *stretch,
                    ))
                    .or_default() += 1;
            }
            insert_stretches(&mut tx, unit.id, area, unit.fields.bedrooms, &stretches).await?;
        }
        for (count, units) in &counts {
            count.add(&mut tx, *units).await?;
        }
        for (unit_id, t) in &snapshot.tenancies {
            sqlx::query(
                "INSERT INTO tenancy (id, unit_id, household_ref, leased_on, moved_in_on, ended_on) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(t.id.to_string())
            .bind(unit_id.to_string())
            .bind(&t.household_ref)
            .bind(date_text(t.leased_on))
            .bind(t.moved_in_on.map(date_text))
            .bind(t.ended_on.map(date_text))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every unit with its landlord and property, for `passerelle export units`.
    pub async fn export_units(&self) -> Result<Vec<(UnitListing, Property, Landlord)>> {
        let units = self.units(&UnitFilter::default()).await?;
        let mut landlords: HashMap<Uuid, Landlord> = HashMap::new();
        let mut properties: HashMap<Uuid, Property> = HashMap::new();
        let mut out = Vec::with_capacity(units.len());
        for u in units {
            if let Entry::Vacant(slot) = landlords.entry(u.landlord_id) {
                slot.insert(self.landlord(u.landlord_id).await?);
            }
            if let Entry::Vacant(slot) = properties.entry(u.property_id) {
                slot.insert(self.property(u.property_id).await?);
            }
            let (p, l) = (
                properties[&u.property_id].clone(),
                landlords[&u.landlord_id].clone(),
            );
            out.push((u, p, l));
        }
        Ok(out)
    }

    pub async fn unit_count(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) FROM unit")
            .fetch_one(&self.read)
            .await?;
        crate::rows::i64_at(&row, 0)
    }
}

/// Moves a unit along its lifecycle inside the caller's transaction (see
/// [`Store::transition_unit`]): the unit's event, its tenancy, its availability stretches and
/// the audit entry are written with whatever else the caller writes.
pub(crate) async fn transition_in(
    conn: &mut AnyConnection,
    actor: Option<Uuid>,
    unit_id: Uuid,
    transition: &Transition,
) -> Result<()> {
    let mut unit = unit_in(&mut *conn, unit_id).await?;

    // A hold past its end date has lapsed: the unit is available again.
    if unit.status == UnitStatus::Held
        && unit.hold.as_ref().is_some_and(|h| h.until < transition.on)
    {
        set_status(&mut *conn, &unit, UnitStatus::Available, None).await?;
        add_unit_event(
            &mut *conn,
            unit_id,
            Some(UnitStatus::Held),
            UnitStatus::Available,
            transition.on,
            None,
            Some("hold-expired"),
        )
        .await?;
        unit.status = UnitStatus::Available;
        unit.hold = None;
    }
    let from = unit.status;
    if !from.can_become(transition.to) {
        return Err(if transition.to == UnitStatus::Held {
            StoreError::Conflict("error-unit-taken")
        } else {
            invalid("to", "error-transition")
        });
    }
    if transition.to == UnitStatus::Held {
        let hold = transition
            .hold
            .as_ref()
            .ok_or_else(|| invalid("hold_until", "error-required"))?;
        sqlx::query("SELECT 1 FROM organization WHERE id = $1")
            .bind(hold.agency_id.to_string())
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| invalid("agency_id", "error-unknown-reference"))?;
    }
    // The status this transaction read must still be the unit's: a concurrent change
    // (another hold) makes this one fail rather than overwrite it.
    if !set_status(&mut *conn, &unit, transition.to, transition.hold.as_ref()).await? {
        return Err(StoreError::Conflict("error-unit-taken"));
    }
    add_unit_event(
        &mut *conn,
        unit_id,
        Some(from),
        transition.to,
        transition.on,
        actor,
        transition.reason.as_deref(),
    )
    .await?;
    let on = date_text(transition.on);
    match transition.to {
        UnitStatus::Leased => {
            sqlx::query(
                "INSERT INTO tenancy (id, unit_id, household_ref, leased_on) VALUES ($1, $2, $3, $4)",
            )
            .bind(Uuid::new_v4().to_string())
            .bind(unit_id.to_string())
            .bind(&transition.household_ref)
            .bind(&on)
            .execute(&mut *conn)
            .await?;
        }
        UnitStatus::Occupied => {
            sqlx::query(
                "UPDATE tenancy SET moved_in_on = $1 WHERE unit_id = $2 AND ended_on IS NULL",
            )
            .bind(&on)
            .bind(unit_id.to_string())
            .execute(&mut *conn)
            .await?;
        }
        UnitStatus::Vacated => {
            sqlx::query("UPDATE tenancy SET ended_on = $1 WHERE unit_id = $2 AND ended_on IS NULL")
                .bind(&on)
                .bind(unit_id.to_string())
                .execute(&mut *conn)
                .await?;
        }
        UnitStatus::Available if from == UnitStatus::Vacated => {
            // Ready again: available from the day it was put back.
            sqlx::query(
                "UPDATE unit SET available_from = $1 WHERE id = $2 AND available_from < $1",
            )
            .bind(&on)
            .bind(unit_id.to_string())
            .execute(&mut *conn)
            .await?;
        }
        _ => {}
    }
    refresh_stretches(&mut *conn, unit_id).await?;
    record(
        &mut *conn,
        AuditEvent::new(actor, AuditAction::Update, "unit", Some(unit_id)).with_detail(format!(
            "{} -> {}",
            from.as_str(),
            transition.to.as_str()
        )),
    )
    .await?;
    Ok(())
}

async fn require(conn: &mut AnyConnection, table: &'static str, key: Uuid) -> Result<()> {
    sqlx::query(&format!("SELECT 1 FROM {table} WHERE id = $1"))
        .bind(key.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .map(|_| ())
        .ok_or(StoreError::NotFound)
}

async fn property_in(conn: &mut AnyConnection, property_id: Uuid) -> Result<Property> {
    let row = sqlx::query(&format!(
        "SELECT {PROPERTY_COLUMNS} FROM property p WHERE p.id = $1"
    ))
    .bind(property_id.to_string())
    .fetch_one(&mut *conn)
    .await?;
    property_from(&row)
}

async fn unit_in(conn: &mut AnyConnection, unit_id: Uuid) -> Result<Unit> {
    let row = sqlx::query(&format!(
        "SELECT {UNIT_COLUMNS} {UNIT_FROM} WHERE u.id = $1"
    ))
    .bind(unit_id.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(listing_from(&row)?.unit)
}

/// No unit is available before its building takes tenants.
fn check_unit_dates(property: &Property, fields: &UnitFields) -> Result<()> {
    match (fields.available_from, property.fields.in_service_since) {
        (Some(from), Some(since)) if from < since => {
            Err(invalid("available_from", "error-before-property"))
        }
        (None, _) => Err(invalid("available_from", "error-required")),
        _ => Ok(()),
    }
}

async fn put_landlord(conn: &mut AnyConnection, l: &Landlord) -> Result<()> {
    let f = &l.fields;
    let at = now();
    sqlx::query(
        "INSERT INTO landlord (id, kind, name, name_key, email, phone, committed_units, committed_until, commitment_terms, \
         accepts_pets, accepts_smoking, max_household, requires_support_worker, programs, private_notes, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) \
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, name_key = excluded.name_key, \
         email = excluded.email, phone = excluded.phone, committed_units = excluded.committed_units, \
         committed_until = excluded.committed_until, commitment_terms = excluded.commitment_terms, \
         accepts_pets = excluded.accepts_pets, accepts_smoking = excluded.accepts_smoking, \
         max_household = excluded.max_household, requires_support_worker = excluded.requires_support_worker, \
         programs = excluded.programs, private_notes = excluded.private_notes, updated_at = excluded.updated_at",
    )
    .bind(l.id.to_string())
    .bind(f.kind.unwrap_or(LandlordKind::Individual).as_str())
    .bind(&f.name)
    .bind(fold(&f.name))
    .bind(f.email.as_ref().map(Email::as_str))
    .bind(&f.phone)
    .bind(f.committed_units.map(i64::from))
    .bind(f.committed_until.map(date_text))
    .bind(&f.commitment_terms)
    .bind(flag(f.accepts_pets))
    .bind(flag(f.accepts_smoking))
    .bind(f.max_household.map(i64::from))
    .bind(flag(f.requires_support_worker))
    .bind(codes(&f.programs))
    .bind(&f.private_notes)
    .bind(at)
    .execute(&mut *conn)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Conflict("error-duplicate-landlord")
        }
        _ => StoreError::from(e),
    })?;
    Ok(())
}

async fn put_contact(conn: &mut AnyConnection, c: &LandlordContact) -> Result<()> {
    sqlx::query(
        "INSERT INTO landlord_contact (id, landlord_id, name, role, email, phone) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(c.id.to_string())
    .bind(c.landlord_id.to_string())
    .bind(&c.name)
    .bind(&c.role)
    .bind(c.email.as_ref().map(Email::as_str))
    .bind(&c.phone)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn put_event(conn: &mut AnyConnection, e: &LandlordEvent, actor: Option<Uuid>) -> Result<()> {
    sqlx::query(
        "INSERT INTO landlord_event (id, landlord_id, kind, occurred_on, amount_cents, note, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(e.id.to_string())
    .bind(e.landlord_id.to_string())
    .bind(e.kind.as_str())
    .bind(date_text(e.occurred_on))
    .bind(e.amount.map(|a| a.0))
    .bind(&e.note)
    .bind(actor.map(|a| a.to_string()))
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn put_property(conn: &mut AnyConnection, p: &Property) -> Result<()> {
    let f = &p.fields;
    sqlx::query(
        "INSERT INTO property (id, landlord_id, address, postal_code, area_id, latitude, longitude, step_free, elevator, in_service_since) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (id) DO UPDATE SET address = excluded.address, postal_code = excluded.postal_code, \
         area_id = excluded.area_id, latitude = excluded.latitude, longitude = excluded.longitude, \
         step_free = excluded.step_free, elevator = excluded.elevator, in_service_since = excluded.in_service_since",
    )
    .bind(p.id.to_string())
    .bind(p.landlord_id.to_string())
    .bind(&f.address)
    .bind(f.postal_code.as_ref().map(PostalCode::as_str))
    .bind(f.area_id.map(|a| a.to_string()))
    .bind(f.latitude)
    .bind(f.longitude)
    .bind(flag(f.step_free))
    .bind(flag(f.elevator))
    .bind(f.in_service_since.map(date_text))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn put_unit(conn: &mut AnyConnection, u: &Unit) -> Result<()> {
    let f = &u.fields;
    let at = now();
    sqlx::query(
        "INSERT INTO unit (id, property_id, label, bedrooms, rent_cents, rent_includes, step_free, elevator, wheelchair, \
         pets_allowed, smoking_allowed, available_from, status, hold_agency_id, hold_until, inspected_on, inspection_passed, \
         inspection_notes, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) \
         ON CONFLICT (id) DO UPDATE SET label = excluded.label, bedrooms = excluded.bedrooms, rent_cents = excluded.rent_cents, \
         rent_includes = excluded.rent_includes, step_free = excluded.step_free, elevator = excluded.elevator, \
         wheelchair = excluded.wheelchair, pets_allowed = excluded.pets_allowed, smoking_allowed = excluded.smoking_allowed, \
         available_from = excluded.available_from, inspected_on = excluded.inspected_on, \
         inspection_passed = excluded.inspection_passed, inspection_notes = excluded.inspection_notes, updated_at = excluded.updated_at",
    )
    .bind(u.id.to_string())
    .bind(u.property_id.to_string())
    .bind(&f.label)
    .bind(i64::from(f.bedrooms))
    .bind(f.rent.0)
    .bind(codes(&f.rent_includes))
    .bind(flag(f.step_free))
    .bind(flag(f.elevator))
    .bind(flag(f.wheelchair))
    .bind(flag(f.pets_allowed))
    .bind(flag(f.smoking_allowed))
    .bind(f.available_from.map(date_text))
    .bind(u.status.as_str())
    .bind(u.hold.as_ref().map(|h| h.agency_id.to_string()))
    .bind(u.hold.as_ref().map(|h| date_text(h.until)))
    .bind(f.inspected_on.map(date_text))
    .bind(f.inspection_passed.map(flag))
    .bind(&f.inspection_notes)
    .bind(at)
    .execute(&mut *conn)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Conflict("error-duplicate-unit")
        }
        _ => StoreError::from(e),
    })?;
    Ok(())
}

/// Sets the status if the unit still has the one read; false if it changed meanwhile.
async fn set_status(
    conn: &mut AnyConnection,
    unit: &Unit,
    to: UnitStatus,
    hold: Option<&Hold>,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE unit SET status = $1, hold_agency_id = $2, hold_until = $3, updated_at = $4 WHERE id = $5 AND status = $6",
    )
    .bind(to.as_str())
    .bind(hold.map(|h| h.agency_id.to_string()))
    .bind(hold.map(|h| date_text(h.until)))
    .bind(now())
    .bind(unit.id.to_string())
    .bind(unit.status.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

async fn add_unit_event(
    conn: &mut AnyConnection,
    unit_id: Uuid,
    from: Option<UnitStatus>,
    to: UnitStatus,
    on: Date,
    actor: Option<Uuid>,
    reason: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO unit_event (id, unit_id, seq, from_status, to_status, effective_on, changed_at, changed_by, reason) \
         VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM unit_event WHERE unit_id = $2), $3, $4, $5, $6, $7, $8)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(unit_id.to_string())
    .bind(from.map(UnitStatus::as_str))
    .bind(to.as_str())
    .bind(date_text(on))
    .bind(now())
    .bind(actor.map(|a| a.to_string()))
    .bind(reason)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Recomputes a unit's availability stretches from its whole history.
async fn refresh_stretches(conn: &mut AnyConnection, unit_id: Uuid) -> Result<()> {
    let key = unit_id.to_string();
    let head = sqlx::query(
        "SELECT u.available_from, u.bedrooms, p.area_id FROM unit u JOIN property p ON p.id = u.property_id WHERE u.id = $1",
    )
    .bind(&key)
    .fetch_one(&mut *conn)
    .await?;
    let available_from = req_date(&head, "available_from")?;
    let bedrooms = opt_i64(&head, "bedrooms")?.unwrap_or(0);
    let area_id = opt_text(&head, "area_id")?;
    let history = sqlx::query(
        "SELECT to_status, effective_on FROM unit_event WHERE unit_id = $1 ORDER BY seq",
    )
    .bind(&key)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            req_date(r, "effective_on")?,
            status_of(&text(r, "to_status")?)?,
        ))
    })
    .collect::<Result<Vec<_>>>()?;
    let old = sqlx::query(
        "SELECT area_id, bedrooms, start_month, end_month FROM availability_period WHERE unit_id = $1",
    )
    .bind(&key)
    .fetch_all(&mut *conn)
    .await?;
    for r in &old {
        let stretch = (
            MonthIndex(opt_i64(r, "start_month")?.unwrap_or(0) as i32),
            opt_i64(r, "end_month")?.map(|m| MonthIndex(m as i32)),
        );
        let count = StretchCount::of(
            opt_text(r, "area_id")?,
            opt_i64(r, "bedrooms")?.unwrap_or(0) as u8,
            stretch,
        );
        count.add(conn, -1).await?;
    }
    sqlx::query("DELETE FROM availability_period WHERE unit_id = $1")
        .bind(&key)
        .execute(&mut *conn)
        .await?;
    let stretches = open_stretches(&history, available_from);
    for stretch in &stretches {
        StretchCount::of(area_id.clone(), bedrooms as u8, *stretch)
            .add(conn, 1)
            .await?;
    }
    insert_stretches(conn, unit_id, area_id, bedrooms as u8, &stretches).await
}

/// The key under which `availability_count` adds up stretches (see its migration).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct StretchCount {
    area_key: String,
    bedrooms: u8,
    start: i64,
    end: i64,
}

/// The month that stands for "still open" in `availability_count`.
const OPEN_END: i64 = 2_147_483_647;

impl StretchCount {
    fn of(
        area_id: Option<String>,
        bedrooms: u8,
        (first, last): (MonthIndex, Option<MonthIndex>),
    ) -> Self {
        StretchCount {
            area_key: area_id.unwrap_or_default(),
            bedrooms,
            start: first.0 as i64,
            end: last.map_or(OPEN_END, |l| l.0 as i64),
        }
    }

    async fn add(&self, conn: &mut AnyConnection, units: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO availability_count (area_key, bedrooms, start_month, end_month, units) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (area_key, bedrooms, start_month, end_month) DO UPDATE SET units = availability_count.units + excluded.units",
        )
        .bind(&self.area_key)
        .bind(i64::from(self.bedrooms))
        .bind(self.start)
        .bind(self.end)
        .bind(units)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

async fn insert_stretches(
    conn: &mut AnyConnection,
    unit_id: Uuid,
    area_id: Option<String>,
    bedrooms: u8,
    stretches: &[(MonthIndex, Option<MonthIndex>)],
) -> Result<()> {
    for (first, last) in stretches {
        sqlx::query(
            "INSERT INTO availability_period (unit_id, area_id, bedrooms, start_month, end_month) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(unit_id.to_string())
        .bind(&area_id)
        .bind(i64::from(bedrooms))
        .bind(first.0 as i64)
        .bind(last.map(|l| l.0 as i64))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

//! The demo housing portfolio: about 300 landlords and 1,200 units per unit of scale, with
//! 24 months of history ending on the given day: vacancies (more in summer, when leases
//! turn over), holds for partner agencies' clients, offers, leases and move-ins, and the
//! locators' meetings, renewals, incidents and incentives.

use crate::names::{AREAS, FAMILY_NAMES, GIVEN_NAMES, STREETS};
use passerelle_domain::directory::{Area, DirectorySnapshot};
use passerelle_domain::housing::*;
use passerelle_domain::values::{Email, PostalCode};
use passerelle_domain::vocabulary::derived_id;
use passerelle_rng::Rng;
use time::{Date, Duration};
use uuid::Uuid;

/// How far back the history goes.
pub const HISTORY_MONTHS: i32 = 24;

const COMPANY_WORDS: &[&str] = &[
    "Gestion",
    "Habitations",
    "Properties",
    "Residences",
    "Immeubles",
    "Homes",
];

/// The demo's locator runs a match round every other Monday and makes its offers that day.
pub const ROUND_EVERY_DAYS: i64 = 14;

/// The first round day on or after `day`.
pub fn round_day_on_or_after(day: Date) -> Date {
    // A Monday: the grid's first round.
    let first = Date::from_calendar_date(2000, time::Month::January, 3).expect("a date");
    let late = (day - first).whole_days().rem_euclid(ROUND_EVERY_DAYS);
    if late == 0 {
        day
    } else {
        day + Duration::days(ROUND_EVERY_DAYS - late)
    }
}

/// Builds the portfolio; `today` ends the history (so the current month is lively).
pub fn generate_housing(
    seed: u64,
    scale: u32,
    today: Date,
    directory: &DirectorySnapshot,
) -> HousingSnapshot {
    let mut rng = Rng::new(seed ^ 0x0048_4f55_5349_4e47);
    let start = today - Duration::days(HISTORY_MONTHS as i64 * 30 + 15);
    let agencies: Vec<Uuid> = directory
        .organizations
        .iter()
        .map(|o| o.organization.id)
        .collect();
    let mut snapshot = HousingSnapshot::default();
    let landlords = 300 * scale.max(1) as usize;
    for i in 0..landlords {
        let company = rng.chance(0.2);
        let id = derived_id("demo-landlord", &format!("{seed}/{i}"));
        let family = FAMILY_NAMES[rng.below(FAMILY_NAMES.len())];
        let name = if company {
            let word = COMPANY_WORDS[rng.below(COMPANY_WORDS.len())];
            format!("{word} {family} {} Inc.", i + 1)
        } else {
            format!(
                "{} {family} ({})",
                GIVEN_NAMES[rng.below(GIVEN_NAMES.len())],
                i + 1
            )
        };
        let slug: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        let unit_target = if company {
            5 + rng.below(21)
        } else {
            1 + rng.below(3)
        };
        let mut programs = Vec::new();
        for p in PROGRAMS {
            if rng.chance(0.2) {
                programs.push(p.to_owned());
            }
        }
        let first_met = start + Duration::days(rng.below(120) as i64);
        // One landlord in three works in French: the locators write its terms, notes and
        // contacts' roles in French. Chosen without the generator, so the rest of the demo
        // does not move.
        let french = i % 3 == 0;
        let say = |english: &'static str, french_text: &'static str| {
            if french { french_text } else { english }.to_owned()
        };
        snapshot.landlords.push(Landlord {
            id,
            fields: LandlordFields {
                kind: Some(if company {
                    LandlordKind::Company
                } else {
                    LandlordKind::Individual
                }),
                name,
                email: Email::parse("email", &format!("{slug}@landlords.example.org")).ok(),
                phone: Some(format!("613-555-{:04}", rng.below(10_000))),
                committed_units: Some(unit_target as u32),
                committed_until: Some(today + Duration::days(90 + rng.below(540) as i64)),
                commitment_terms: rng.chance(0.5).then(|| {
                    say(
                        "Rent at or below market; 60 days' notice before leaving the program.",
                        "Loyer au prix du marché ou moins; préavis de 60 jours avant de quitter le programme.",
                    )
                }),
                accepts_pets: rng.chance(0.45),
                accepts_smoking: rng.chance(0.2),
                max_household: rng.chance(0.15).then(|| 2 + rng.below(4) as u8),
                requires_support_worker: rng.chance(0.35),
                programs,
                private_notes: rng.chance(0.3).then(|| {
                    let (english, french_text) = [
                        (
                            "Prefers email; slow to answer in summer.",
                            "Préfère le courriel; répond lentement l’été.",
                        ),
                        (
                            "Had a difficult tenancy in the past; call before any offer.",
                            "A connu une location difficile; appeler avant toute offre.",
                        ),
                        (
                            "Open to more units if the damage fund is renewed.",
                            "Prêt à offrir d’autres logements si le fonds pour dommages est renouvelé.",
                        ),
                        (
                            "Would rather be called in French.",
                            "Préfère le français au téléphone.",
                        ),
                    ][rng.below(4)];
                    say(english, french_text)
                }),
            },
        });
        if company {
            for c in 0..1 + rng.below(3) {
                let given = GIVEN_NAMES[rng.below(GIVEN_NAMES.len())];
                snapshot.contacts.push(LandlordContact {
                    id: derived_id("demo-landlord-contact", &format!("{id}/{c}")),
                    landlord_id: id,
                    name: format!("{given} {}", FAMILY_NAMES[rng.below(FAMILY_NAMES.len())]),
                    role: Some({
                        let (english, french_text) = [
                            ("Property manager", "Gestion immobilière"),
                            ("Superintendent", "Conciergerie"),
                            ("Leasing", "Location"),
                        ][c % 3];
                        say(english, french_text)
                    }),
                    email: Email::parse(
                        "email",
                        &format!("{}.{c}@{slug}.example.org", given.to_lowercase()),
                    )
                    .ok(),
                    phone: Some(format!("613-555-{:04}", rng.below(10_000))),
                });
            }
        }
        landlord_events(&mut rng, &mut snapshot, id, first_met, today, french);
        // Properties and their units.
        let mut remaining = unit_target;
        let mut p = 0;
        while remaining > 0 {
            let in_property = if company {
                remaining.min(2 + rng.below(10))
            } else {
                remaining
            };
            remaining -= in_property;
            let seed_area = &AREAS[rng.below(AREAS.len())];
            let property_id = derived_id("demo-property", &format!("{id}/{p}"));
            p += 1;
            let elevator = company && rng.chance(0.5);
            let property = Property {
                id: property_id,
                landlord_id: id,
                fields: PropertyFields {
                    address: format!(
                        "{} {}",
                        10 + rng.below(2_400),
                        STREETS[rng.below(STREETS.len())]
                    ),
                    postal_code: PostalCode::parse(
                        "postal_code",
                        &format!(
                            "{}{}{}{}",
                            seed_area.fsa,
                            rng.below(10),
                            letter(&mut rng),
                            rng.below(10)
                        ),
                    )
                    .ok(),
                    area_id: Some(Area::id_for_name(seed_area.name)),
                    latitude: Some(seed_area.latitude + rng.jitter(0.006)),
                    longitude: Some(seed_area.longitude + rng.jitter(0.009)),
                    step_free: elevator || rng.chance(0.25),
                    elevator,
                    in_service_since: Some(
                        start - Duration::days(365 * (1 + rng.below(60) as i64)),
                    ),
                },
            };
            for u in 0..in_property {
                let unit = unit(&mut rng, &property, u, seed_area.east);
                let (mut history, tenancies) = lifecycle(&mut rng, &unit, start, today);
                let mut unit = unit;
                // Ready from the day it last came on the market.
                unit.fields.available_from = history
                    .iter()
                    .rev()
                    .find(|(_, s, _)| *s == UnitStatus::Available)
                    .map(|(on, _, _)| *on);
                if let Some((_, status, _)) = history.last() {
                    unit.status = *status;
                }
                if unit.status == UnitStatus::Held {
                    if agencies.is_empty() {
                        // Nobody to hold it for: the hold never happened.
                        history.pop();
                        unit.status = history.last().map_or(UnitStatus::Available, |h| h.1);
                    } else {
                        unit.hold = Some(Hold {
                            agency_id: agencies[rng.below(agencies.len())],
                            until: today + Duration::days(3 + rng.below(12) as i64),
                        });
                    }
                }
                for t in tenancies {
                    snapshot.tenancies.push((unit.id, t));
                }
                snapshot.units.push((unit, history));
            }
            snapshot.properties.push(property);
        }
    }
    snapshot
}

fn letter(rng: &mut Rng) -> char {
    b"ABCEGHJKLMNPRSTVWXYZ"[rng.below(20)] as char
}

fn landlord_events(
    rng: &mut Rng,
    snapshot: &mut HousingSnapshot,
    id: Uuid,
    first: Date,
    today: Date,
    french: bool,
) {
    let mut n = 0;
    // The locators note each step in the landlord's language: (English, French).
    let mut push = |kind, on: Date, amount: Option<i64>, note: (&str, &str), n: &mut usize| {
        if on <= today {
            snapshot.events.push(LandlordEvent {
                id: derived_id("demo-landlord-event", &format!("{id}/{n}")),
                landlord_id: id,
                kind,
                occurred_on: on,
                amount: amount.map(Cents),
                note: Some(if french { note.1 } else { note.0 }.to_owned()),
                recorded_by: None,
            });
            *n += 1;
        }
    };
    push(
        LandlordEventKind::Meeting,
        first,
        None,
        (
            "Presented the program: rent supplements, support workers, damage fund.",
            "Présentation du programme\u{a0}: suppléments au loyer, intervenantes et intervenants de soutien, fonds pour dommages.",
        ),
        &mut n,
    );
    if rng.chance(0.6) {
        push(
            LandlordEventKind::IncentiveOffered,
            first + Duration::days(7),
            Some(50_000 + 25_000 * rng.below(7) as i64),
            (
                "Damage fund offered with the first tenancy.",
                "Fonds pour dommages offert avec la première location.",
            ),
            &mut n,
        );
    }
    if rng.chance(0.3) {
        push(
            LandlordEventKind::IncentivePaid,
            first + Duration::days(60 + rng.below(300) as i64),
            Some(30_000 + 10_000 * rng.below(10) as i64),
            (
                "Unit-hold payment while a household was found.",
                "Paiement pour garder le logement le temps de trouver un ménage.",
            ),
            &mut n,
        );
    }
    if rng.chance(0.15) {
        let on = first + Duration::days(90 + rng.below(500) as i64);
        push(
            LandlordEventKind::Incident,
            on,
            None,
            (
                "Noise complaints from neighbours.",
                "Plaintes de bruit des voisins.",
            ),
            &mut n,
        );
        push(
            LandlordEventKind::Mediation,
            on + Duration::days(5 + rng.below(20) as i64),
            None,
            (
                "Met landlord, tenant and support worker; agreed on a quiet-hours plan.",
                "Rencontre avec le ou la propriétaire, le ou la locataire et l’intervenant ou l’intervenante; entente sur des heures de calme.",
            ),
            &mut n,
        );
    }
    push(
        LandlordEventKind::Renewal,
        first + Duration::days(365),
        None,
        (
            "Commitment renewed for another year.",
            "Engagement renouvelé pour une autre année.",
        ),
        &mut n,
    );
}

fn unit(rng: &mut Rng, property: &Property, u: usize, east: bool) -> Unit {
    let bedrooms = [0u8, 1, 1, 1, 2, 2, 2, 3, 3, 4][rng.below(10)];
    // Ottawa-like rents in 2026; the east end a little cheaper.
    let base = [115_000i64, 145_000, 185_000, 230_000, 265_000][bedrooms as usize];
    let level = if east { 92 } else { 104 };
    let rent = (base * level / 100 + rng.jitter(12_000.0) as i64) / 500 * 500;
    let mut includes = vec!["water".to_owned()];
    if rng.chance(0.5) {
        includes.push("heat".to_owned());
    }
    if rng.chance(0.3) {
        includes.push("hydro".to_owned());
    }
    if rng.chance(0.4) {
        includes.push("laundry".to_owned());
    }
    let wheelchair = property.fields.elevator && rng.chance(0.25);
    Unit {
        id: derived_id("demo-unit", &format!("{}/{u}", property.id)),
        property_id: property.id,
        fields: UnitFields {
            label: if property.fields.elevator {
                format!("{}{:02}", 1 + u / 6, 1 + u % 6)
            } else {
                ["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M"][u % 12].to_owned()
            },
            bedrooms,
            rent: Cents(rent),
            rent_includes: includes,
            step_free: property.fields.step_free || wheelchair,
            elevator: property.fields.elevator,
            wheelchair,
            pets_allowed: rng.chance(0.4),
            smoking_allowed: rng.chance(0.15),
            available_from: None,
            inspected_on: None,
            inspection_passed: None,
            inspection_notes: None,
        },
        status: UnitStatus::Available,
        hold: None,
    }
}

fn lifecycle(
    rng: &mut Rng,
    unit: &Unit,
    start: Date,
    today: Date,
) -> (StatusHistory, Vec<Tenancy>) {
    let mut history: StatusHistory = Vec::new();
    let mut tenancies = Vec::new();
    let mut household = 0;
    // Most units start with a tenant; some join the program vacant.
    let mut day = start + Duration::days(rng.below(60) as i64);
    let occupied_at_start = rng.chance(0.8);
    let mut status = if occupied_at_start {
        UnitStatus::Occupied
    } else {
        UnitStatus::Available
    };
    if occupied_at_start {
        // The tenancy began before the history: record its lease and move-in then.
        let leased = day - Duration::days(200 + rng.below(700) as i64);
        history.push((leased, UnitStatus::Available, Some("joined-program".into())));
        history.push((leased + Duration::days(3), UnitStatus::Offered, None));
        history.push((leased + Duration::days(6), UnitStatus::Leased, None));
        history.push((leased + Duration::days(15), UnitStatus::Occupied, None));
        tenancies.push(Tenancy {
            id: derived_id("demo-tenancy", &format!("{}/{household}", unit.id)),
            household_ref: Some(format!("H-{:05}", rng.below(100_000))),
            leased_on: leased + Duration::days(6),
            moved_in_on: Some(leased + Duration::days(15)),
            ended_on: None,
        });
        household += 1;
    } else {
        history.push((day, UnitStatus::Available, Some("joined-program".into())));
    }
    while day < today {
        let (next, wait): (UnitStatus, i64) = match status {
            UnitStatus::Occupied => {
                // Leases turn over most in summer.
                let mut days = 0;
                loop {
                    days += 30;
                    let month = (day + Duration::days(days)).month() as u8;
                    let p = if (6..=8).contains(&month) { 0.12 } else { 0.03 };
                    if rng.chance(p) || days > 900 {
                        break;
                    }
                }
                (UnitStatus::Vacated, days + rng.below(30) as i64)
            }
            UnitStatus::Vacated => (UnitStatus::Available, 3 + rng.below(25) as i64),
            UnitStatus::Available => {
                if rng.chance(0.65) {
                    (UnitStatus::Held, 5 + rng.below(40) as i64)
                } else {
                    (UnitStatus::Offered, 7 + rng.below(50) as i64)
                }
            }
            UnitStatus::Held => {
                if rng.chance(0.85) {
                    (UnitStatus::Offered, 2 + rng.below(12) as i64)
                } else {
                    (UnitStatus::Available, 7 + rng.below(14) as i64)
                }
            }
            UnitStatus::Offered => {
                if rng.chance(0.8) {
                    (UnitStatus::Leased, 2 + rng.below(10) as i64)
                } else {
                    (UnitStatus::Available, 3 + rng.below(10) as i64)
                }
            }
            UnitStatus::Leased => (UnitStatus::Occupied, 5 + rng.below(20) as i64),
        };
        let mut on = day + Duration::days(wait);
        if next == UnitStatus::Offered {
            // Offers come out of the locator's rounds.
            on = round_day_on_or_after(on);
        }
        if on > today {
            break;
        }
        let reason = match (status, next) {
            (UnitStatus::Held, UnitStatus::Available) => Some("hold-released".to_owned()),
            (UnitStatus::Offered, UnitStatus::Available) => Some("offer-declined".to_owned()),
            _ => None,
        };
        match next {
            UnitStatus::Leased => {
                tenancies.push(Tenancy {
                    id: derived_id("demo-tenancy", &format!("{}/{household}", unit.id)),
                    household_ref: Some(format!("H-{:05}", rng.below(100_000))),
                    leased_on: on,
                    moved_in_on: None,
                    ended_on: None,
                });
                household += 1;
            }
            UnitStatus::Occupied => {
                if let Some(t) = tenancies.last_mut() {
                    t.moved_in_on = Some(on);
                }
            }
            UnitStatus::Vacated => {
                if let Some(t) = tenancies.last_mut() {
                    t.ended_on = Some(on);
                }
            }
            _ => {}
        }
        history.push((on, next, reason));
        status = next;
        day = on;
    }
    (history, tenancies)
}

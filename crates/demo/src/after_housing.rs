//! The demo's life after move-in: for each tenancy of a person housed through the list, the
//! support visits and landlord check-ins of its two years, and why each ended tenancy ended.
//!
//! Workers are not all equally regular: each tenancy draws how often its follow-ups are kept,
//! so the demo has tenancies fully on schedule, some behind, and some overdue today. Visits
//! fall a few days either side of their follow-up, never before the move-in, after the end
//! or after today. Notes are left out: the demo's people are invented, and made-up case notes
//! would read as real ones.

use passerelle_domain::tenancies::{
    ContactParty, FollowUpCadence, INCIDENT_KINDS, INCIDENT_RAISED_BY, IncidentClose, NewContact,
    NewIncident, NewMeeting, TENANCY_END_REASONS, landlord_schedule,
};
use passerelle_rng::Rng;
use time::{Date, Duration};
use uuid::Uuid;

/// A tenancy the demo follows: housed through the list, moved in.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowedTenancy {
    pub id: Uuid,
    pub moved_in: Date,
    pub ended: Option<Date>,
}

/// What the demo logs after move-in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DemoAfterHousing {
    pub contacts: Vec<(Uuid, NewContact)>,
    /// Each ended tenancy with its reason, a code of `TENANCY_END_REASONS`.
    pub end_reasons: Vec<(Uuid, &'static str)>,
    pub incidents: Vec<DemoIncident>,
}

/// An incident of the demo with its mediation and, unless still open, its close.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoIncident {
    pub tenancy_id: Uuid,
    pub incident: NewIncident,
    pub meetings: Vec<NewMeeting>,
    pub close: Option<IncidentClose>,
}

/// How tenancies end, roughly as Housing First programs report them: weights in the order
/// of [`TENANCY_END_REASONS`] (moved on, eviction, by agreement, hospital, prison, death,
/// unknown).
const END_WEIGHTS: [u32; 7] = [30, 14, 20, 8, 6, 4, 18];

fn pick<'a>(rng: &mut Rng, items: &'a [&'a str], weights: &[u32]) -> &'a str {
    let total: u32 = weights.iter().sum();
    let mut draw = rng.below(total as usize) as u32;
    for (item, w) in items.iter().zip(weights) {
        if draw < *w {
            return item;
        }
        draw -= w;
    }
    items[items.len() - 1]
}

/// The contacts of one schedule: each follow-up kept with probability `regular`, on a day a
/// few days either side of it, inside `(moved_in, last]`.
fn contacts_on(
    rng: &mut Rng,
    schedule: &[Date],
    moved_in: Date,
    last: Date,
    regular: f64,
    party: ContactParty,
) -> Vec<NewContact> {
    let (kind_weights, outcome_weights): (&[u32], &[u32]) = match party {
        ContactParty::Support => (&[55, 25, 5, 8, 7], &[68, 18, 7, 7]),
        ContactParty::Landlord => (&[70, 15, 15], &[74, 16, 3, 7]),
    };
    let mut out = Vec::new();
    for &due in schedule {
        if !rng.chance(regular) {
            continue;
        }
        let on = due + Duration::days(rng.below(6) as i64 - 2);
        if on <= moved_in || on > last {
            continue;
        }
        out.push(NewContact {
            party,
            on,
            kind: pick(rng, party.kinds(), kind_weights).to_owned(),
            outcome: pick(rng, party.outcomes(), outcome_weights).to_owned(),
            notes: None,
        });
    }
    out
}

/// The visits, check-ins and end reasons of `tenancies` up to `today`, under `cadence`.
pub fn generate_after_housing(
    seed: u64,
    tenancies: &[FollowedTenancy],
    cadence: FollowUpCadence,
    today: Date,
) -> DemoAfterHousing {
    let mut rng = Rng::new(seed ^ 0xAF7E_2400);
    let mut demo = DemoAfterHousing::default();
    for t in tenancies {
        let last = t.ended.map_or(today, |e| e.min(today));
        // Most workers keep most follow-ups; a few fall well behind.
        let regular = [0.97, 0.9, 0.8, 0.55][rng.below(4)];
        let support = contacts_on(
            &mut rng,
            &cadence.schedule(t.moved_in),
            t.moved_in,
            last,
            regular,
            ContactParty::Support,
        );
        let landlord = contacts_on(
            &mut rng,
            &landlord_schedule(t.moved_in),
            t.moved_in,
            last,
            0.85,
            ContactParty::Landlord,
        );
        demo.contacts
            .extend(support.into_iter().chain(landlord).map(|c| (t.id, c)));
        let reason = t
            .ended
            .map(|_| pick(&mut rng, &TENANCY_END_REASONS, &END_WEIGHTS));
        if let Some(reason) = reason {
            demo.end_reasons.push((t.id, reason));
        }
        incidents_of(&mut rng, t, last, reason, today, &mut demo.incidents);
    }
    demo
}

/// A tenancy's incidents: about one in five has some; an eviction always follows one,
/// mediated and closed by the end. Meetings follow the incident by days to weeks; most
/// incidents close, those of the last month may still be open.
fn incidents_of(
    rng: &mut Rng,
    t: &FollowedTenancy,
    last: Date,
    end_reason: Option<&str>,
    today: Date,
    out: &mut Vec<DemoIncident>,
) {
    let span = (last - t.moved_in).whole_days();
    let evicted = end_reason == Some("eviction");
    let count = if evicted {
        1 + rng.below(2)
    } else if rng.chance(0.2) {
        1 + usize::from(rng.chance(0.3))
    } else {
        0
    };
    if span < 10 {
        return;
    }
    for n in 0..count {
        let eviction = evicted && n + 1 == count;
        // The incident that ends a tenancy comes in its last months.
        let on = if eviction {
            last - Duration::days(1 + rng.below(span.clamp(1, 90) as usize) as i64)
        } else {
            t.moved_in + Duration::days(1 + rng.below(span as usize - 1) as i64)
        };
        let kind = if eviction {
            pick(rng, &INCIDENT_KINDS[..4], &[60, 15, 15, 10])
        } else {
            pick(rng, &INCIDENT_KINDS, &[30, 20, 10, 15, 10, 10, 5])
        };
        let raised_by = pick(rng, &INCIDENT_RAISED_BY, &[50, 10, 15, 15, 8, 2]);
        let mut meetings = Vec::new();
        let mut day = on;
        for _ in 0..rng.below(3) {
            let next = day + Duration::days(3 + rng.below(20) as i64);
            if next > last {
                break;
            }
            day = next;
            meetings.push(NewMeeting {
                on: day,
                attendees: "Tenant, landlord, support worker, housing locator".into(),
                agreed: Some(
                    [
                        "A repayment plan.",
                        "Quiet hours agreed.",
                        "Repairs and a visit next week.",
                    ][rng.below(3)]
                    .into(),
                ),
            });
        }
        let closes_on = day + Duration::days(1 + rng.below(14) as i64);
        let close = if eviction {
            Some(IncidentClose {
                on: last.max(day),
                outcome: "tenancy_ended".into(),
                note: None,
            })
        } else if closes_on <= last && (today - closes_on).whole_days() > 30 || rng.chance(0.5) {
            Some(IncidentClose {
                on: closes_on.min(last),
                outcome: pick(
                    rng,
                    &["resolved", "continues_with_conditions", "unresolved"],
                    &[60, 30, 10],
                )
                .into(),
                note: None,
            })
        } else {
            None
        };
        out.push(DemoIncident {
            tenancy_id: t.id,
            incident: NewIncident {
                on,
                kind: kind.into(),
                raised_by: raised_by.into(),
                description: None,
            },
            meetings,
            close,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use passerelle_domain::tenancies::{TenancyDates, follow_up};
    use time::macros::date;

    fn tenancies(n: usize, today: Date) -> Vec<FollowedTenancy> {
        (0..n)
            .map(|i| FollowedTenancy {
                id: Uuid::from_u128(i as u128 + 1),
                moved_in: today - Duration::days(10 + (i as i64 * 7) % 700),
                ended: (i % 4 == 0).then(|| today - Duration::days((i as i64 * 3) % 9)),
            })
            .collect()
    }

    #[test]
    fn every_contact_is_one_the_app_would_accept_on_its_day() {
        let today = date!(2026 - 11 - 30);
        let followed = tenancies(300, today);
        let demo = generate_after_housing(7, &followed, FollowUpCadence::default(), today);
        assert!(demo.contacts.len() > 300 * 5, "{}", demo.contacts.len());
        for (id, c) in &demo.contacts {
            let t = followed.iter().find(|t| t.id == *id).unwrap();
            // As the app checks a contact on its own day, before any end.
            let input = passerelle_domain::tenancies::ContactInput {
                party: c.party.code().into(),
                on: passerelle_domain::housing::date_text(c.on),
                kind: c.kind.clone(),
                outcome: c.outcome.clone(),
                notes: String::new(),
            };
            let dates = TenancyDates {
                leased_on: t.moved_in,
                moved_in_on: Some(t.moved_in),
                ended_on: None,
            };
            assert!(input.parse(c.on, dates).is_ok(), "{c:?}");
            assert!(t.ended.is_none_or(|e| c.on <= e));
        }
        let ended = followed.iter().filter(|t| t.ended.is_some()).count();
        assert_eq!(demo.end_reasons.len(), ended);
        // Some current tenancies are overdue today, and most are not.
        let overdue = followed
            .iter()
            .filter(|t| t.ended.is_none())
            .filter(|t| {
                let days: Vec<Date> = demo
                    .contacts
                    .iter()
                    .filter(|(id, c)| {
                        *id == t.id && c.party == ContactParty::Support && c.outcome != "no_contact"
                    })
                    .map(|(_, c)| c.on)
                    .collect();
                let schedule = FollowUpCadence::default().schedule(t.moved_in);
                follow_up(&schedule, t.moved_in, &days, today, None).overdue
            })
            .count();
        let current = followed.len() - ended;
        assert!(
            overdue > 0 && overdue < current / 2,
            "{overdue} of {current}"
        );
        // Incidents: inside their tenancy, meetings after the incident and before any
        // close, and every eviction preceded by one that ended the tenancy.
        assert!(!demo.incidents.is_empty());
        for i in &demo.incidents {
            let t = followed.iter().find(|t| t.id == i.tenancy_id).unwrap();
            let last = t.ended.unwrap_or(today);
            assert!(i.incident.on > t.moved_in && i.incident.on <= last, "{i:?}");
            for m in &i.meetings {
                assert!(m.on >= i.incident.on && m.on <= last, "{i:?}");
            }
            if let Some(close) = &i.close {
                assert!(close.on >= i.incident.on && close.on <= last, "{i:?}");
                assert!(i.meetings.iter().all(|m| m.on <= close.on), "{i:?}");
            }
        }
        for (id, reason) in &demo.end_reasons {
            if *reason == "eviction"
                && followed
                    .iter()
                    .any(|t| t.id == *id && t.ended.unwrap() - t.moved_in > Duration::days(10))
            {
                assert!(
                    demo.incidents.iter().any(|i| i.tenancy_id == *id
                        && i.close
                            .as_ref()
                            .is_some_and(|c| c.outcome == "tenancy_ended")),
                    "an eviction without its incident"
                );
            }
        }
        // The same seed gives the same history.
        assert_eq!(
            generate_after_housing(7, &followed, FollowUpCadence::default(), today),
            demo
        );
    }
}

//! The demo's life after move-in: for each tenancy of a person housed through the list, the
//! support visits and landlord check-ins of its two years, and why each ended tenancy ended.
//!
//! Workers are not all equally regular: each tenancy draws how often its follow-ups are kept,
//! so the demo has tenancies fully on schedule, some behind, and some overdue today. Visits
//! fall a few days either side of their follow-up, never before the move-in, after the end
//! or after today. Notes are left out: the demo's people are invented, and made-up case notes
//! would read as real ones.

use passerelle_domain::tenancies::{
    ContactParty, FollowUpCadence, NewContact, TENANCY_END_REASONS, landlord_schedule,
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
        if t.ended.is_some() {
            demo.end_reasons
                .push((t.id, pick(&mut rng, &TENANCY_END_REASONS, &END_WEIGHTS)));
        }
    }
    demo
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
        // The same seed gives the same history.
        assert_eq!(
            generate_after_housing(7, &followed, FollowUpCadence::default(), today),
            demo
        );
    }
}

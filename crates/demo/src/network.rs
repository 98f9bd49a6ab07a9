//! The demo partner network: each agency names three to eight agencies it works with
//! (mostly of its own neighbourhood or kind), over the two years before the given day, and a
//! few agencies not in the directory are named by several, for the to-contact queue.

use passerelle_domain::directory::DirectorySnapshot;
use passerelle_domain::network::{INTENSITIES, KINDS, RelationshipFields};
use passerelle_rng::Rng;
use time::{Date, Duration};
use uuid::Uuid;

/// Fictional agencies outside the directory.
const UNLISTED: [&str; 6] = [
    "Halte des Voisins",
    "Rideau Street Outreach Collective",
    "Centre Espoir Overbrook",
    "Vanier Community Fridge",
    "Le Pont Jeunesse",
    "Bytown Peer Support Network",
];

/// (agency reporting, what it reported, the day) for the demo.
pub fn generate_relationships(
    seed: u64,
    directory: &DirectorySnapshot,
    today: Date,
) -> Vec<(Uuid, RelationshipFields, Date)> {
    let mut rng = Rng::new(seed ^ 0x004e_4554_574f_524b);
    let orgs: Vec<(Uuid, Option<Uuid>, Vec<Uuid>)> = directory
        .organizations
        .iter()
        .map(|o| {
            (
                o.organization.id,
                o.locations.first().and_then(|l| l.fields.area_id),
                o.organization.fields.term_ids.clone(),
            )
        })
        .collect();
    let mut out = Vec::new();
    if orgs.len() < 2 {
        return out;
    }
    for (i, (from, area, terms)) in orgs.iter().enumerate() {
        let count = 3 + rng.below(6);
        let mut named = Vec::new();
        let mut tries = 0;
        while named.len() < count && tries < 200 {
            tries += 1;
            let j = rng.below(orgs.len());
            let (to, to_area, to_terms) = &orgs[j];
            if j == i || named.contains(to) {
                continue;
            }
            let close = to_area == area || to_terms.iter().any(|t| terms.contains(t));
            if !close && rng.chance(0.6) {
                continue;
            }
            named.push(*to);
            out.push((
                *from,
                RelationshipFields {
                    to_org: Some(*to),
                    to_name: String::new(),
                    kind: KINDS[rng.below(KINDS.len())],
                    intensity: 1 + rng.below(INTENSITIES.len()) as u8,
                    note: None,
                },
                today - Duration::days(rng.below(730) as i64),
            ));
        }
        if rng.chance(0.25) {
            out.push((
                *from,
                RelationshipFields {
                    to_org: None,
                    to_name: UNLISTED[rng.below(UNLISTED.len())].to_owned(),
                    kind: KINDS[rng.below(KINDS.len())],
                    intensity: 1 + rng.below(2) as u8,
                    note: None,
                },
                today - Duration::days(rng.below(365) as i64),
            ));
        }
    }
    // Drop-ins refer people to the same places: the shelters and health teams nearest to
    // them, so that drop-ins of one area share their destinations (A7's second question).
    let term = |code| passerelle_domain::vocabulary::Vocabulary::AgencyType.term_id(code);
    let destination_kinds = [
        term("shelter"),
        term("community-health"),
        term("mental-health"),
    ];
    for (from, area, terms) in orgs.iter().filter(|o| o.2.contains(&term("drop-in"))) {
        let mut destinations: Vec<&(Uuid, Option<Uuid>, Vec<Uuid>)> = orgs
            .iter()
            .filter(|o| o.2.iter().any(|t| destination_kinds.contains(t)))
            .collect();
        destinations.sort_by_key(|o| (o.1 != *area, o.0));
        for (to, _, _) in destinations.into_iter().take(3) {
            let named = out
                .iter()
                .any(|(f, r, _)| f == from && r.to_org == Some(*to) && r.kind == KINDS[0]);
            if !named && !terms.is_empty() {
                out.push((
                    *from,
                    RelationshipFields {
                        to_org: Some(*to),
                        to_name: String::new(),
                        kind: KINDS[0],
                        intensity: 2 + rng.below(2) as u8,
                        note: None,
                    },
                    today - Duration::days(rng.below(730) as i64),
                ));
            }
        }
    }
    out
}

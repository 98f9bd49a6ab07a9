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
    out
}

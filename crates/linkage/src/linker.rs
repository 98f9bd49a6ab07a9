//! Deduplicating a set of person records, stage by stage (the caller times them):
//! [`Linker::new`] prepares the records and indexes their blocking keys,
//! [`Linker::candidate_pairs`] lists the pairs worth comparing, [`Linker::train`] estimates
//! the model without labels, [`Linker::score`] weighs the candidates, and [`cluster`] groups
//! linked records into persons. [`Linker::check`] weighs one new record against all of them
//! through the same index, without re-running anything.

use crate::compare::{Comparison, FIELDS, Field, compare};
use crate::model::{Model, NAMESAKE_SHARE, TWIN_SHARE, probability, unmeasured_relatives};
use crate::normalize::{PersonRecord, Prepared, prepare};
use passerelle_rng::Rng;
use rustc_hash::{FxHashMap, FxHasher};
use serde::Serialize;
use std::hash::{Hash, Hasher};

/// Blocks larger than this are compared within a sliding window only (sorted by name and
/// birth date), so that one very common key cannot make the comparisons quadratic.
const MAX_BLOCK: usize = 400;
const WINDOW: usize = 40;

/// Below this many records, names are not weighed by their frequency among them.
const TF_MIN_RECORDS: usize = 1_000;

/// Thresholds, in match probability.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    /// At or above: linked automatically.
    pub link: f64,
    /// At or above (and below `link`): for a person to review.
    pub review: f64,
}

impl Default for Thresholds {
    /// Precision first: a wrong merge costs someone their place; a missed one is found in
    /// review.
    fn default() -> Self {
        Thresholds {
            link: 0.999,
            review: 0.5,
        }
    }
}

/// One field's part in a pair's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldEvidence {
    pub field: Field,
    pub level: &'static str,
    /// `log2` of the Bayes factor: positive for evidence of the same person.
    pub weight: f64,
}

/// Why two records were, or were not, linked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub prior_weight: f64,
    pub fields: Vec<FieldEvidence>,
    pub swapped_names: bool,
    pub total_weight: f64,
    pub probability: f64,
}

/// A scored pair of records (indices into the linker's records).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredPair {
    pub a: u32,
    pub b: u32,
    pub probability: f64,
    /// The probability that the pair is one person rather than two strangers or two
    /// relatives, with as many relatives as the file shows (see `Linker::evidence`). What
    /// decides a [`LinkKind::Disputed`] pair.
    pub person_probability: f64,
    /// Whether the pair may be linked without a person looking at it (see [`link_kind`]).
    pub kind: LinkKind,
}

impl ScoredPair {
    /// Whether the pair is linked without review at the `link` threshold, on its own
    /// evidence (clustering adds the rules that look at other records: names alone must
    /// point to one person, and no cluster may join two people).
    pub fn links(&self, link: f64) -> bool {
        links(self.kind, self.probability, self.person_probability, link)
    }
}

fn links(kind: LinkKind, probability: f64, person_probability: f64, link: f64) -> bool {
    match kind {
        LinkKind::Corroborated | LinkKind::NamesOnly => probability >= link,
        LinkKind::Disputed => person_probability >= link,
        LinkKind::Review => false,
    }
}

/// How much the two names together must weigh for names alone to link two records: a
/// name combination shared by about one person in 65,000 or fewer. Common names without a
/// birth date go to review.
pub const RARE_NAME_BITS: f64 = 16.0;

/// Fields that relatives share as often as one person's records do: a family name, a home,
/// a phone. Their agreement says "same family"; whether it is the same person must rest on
/// the other fields. The model, which takes fields as independent, cannot see this.
const FAMILY_FIELDS: [Field; 3] = [Field::FamilyName, Field::Address, Field::Phone];

/// How far a pair may be linked without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// Names agree with another field (birth date, address or a contact detail).
    Corroborated,
    /// Only the names agree (a birth date missing, a new address): linked only when the
    /// name points to one person, never when namesakes exist.
    NamesOnly,
    /// A name or the birth date flatly disagrees: a sibling, a twin, a parent and child
    /// named alike, or one person written down badly. Linked only when it is one person
    /// rather than strangers or relatives ([`ScoredPair::person_probability`]): in a file of
    /// families, on evidence a relative could not share (everything but the family name,
    /// address and phone).
    Disputed,
    /// Too little agrees: review at most.
    Review,
}

/// Grades a compared pair by which fields agree or flatly disagree.
pub fn link_kind(c: &Comparison) -> LinkKind {
    let level = |f: Field| c.levels[f as usize];
    let different = |f: Field| level(f) as usize == f.levels().len() - 1;
    if [Field::GivenName, Field::FamilyName, Field::BirthDate]
        .iter()
        .any(|&f| different(f))
    {
        return LinkKind::Disputed;
    }
    let names =
        (1..=3).contains(&level(Field::GivenName)) && (1..=4).contains(&level(Field::FamilyName));
    let birth = (1..=4).contains(&level(Field::BirthDate));
    let address = (1..=3).contains(&level(Field::Address));
    let contact = level(Field::Identifier) == 1
        || (1..=2).contains(&level(Field::Phone))
        || (1..=2).contains(&level(Field::Email));
    match [names, birth, address, contact]
        .iter()
        .filter(|&&x| x)
        .count()
    {
        2.. => LinkKind::Corroborated,
        1 if names => LinkKind::NamesOnly,
        _ => LinkKind::Review,
    }
}

pub struct Linker {
    pub records: Vec<PersonRecord>,
    prepared: Vec<Prepared>,
    /// Blocking key → the records that have it.
    index: FxHashMap<u64, Vec<u32>>,
    /// How often each given and family name occurs, for term-frequency adjustment.
    given_counts: FxHashMap<String, u32>,
    family_counts: FxHashMap<String, u32>,
    pub model: Model,
}

/// A blocking key: the rule in the top byte, a hash of the parts below.
fn key(rule: u8, parts: impl Hash) -> u64 {
    let mut h = FxHasher::default();
    rule.hash(&mut h);
    parts.hash(&mut h);
    (rule as u64) << 56 | (h.finish() & 0x00ff_ffff_ffff_ffff)
}

/// Rules on names (or an address) alone, for records without a birth date: in a large
/// population their blocks are big, so they pair a record only with records one of which
/// has no birth date (the others meet through the birth-date rules).
const WITHOUT_BIRTH_RULES: [u8; 4] = [11, 12, 13, 16];

/// The rule on whole names and aliases: it pairs a record only with records one of which
/// has an alias (the others meet through the other rules).
const ALIAS_RULE: u8 = 18;

/// The blocking keys of a record: records that share any key are compared. Each rule
/// tolerates what the others do not (a typo in the name, a transposed birth date, swapped
/// names, a moved household), so that nearly every true pair shares at least one.
pub fn blocking_keys(p: &Prepared) -> Vec<u64> {
    let mut keys = Vec::with_capacity(8);
    let has_given = !p.given.is_empty();
    let has_family = !p.family.is_empty();
    // Each rule pairs two fields with a third that the other rules do not need, so that a
    // slip in any one field is caught by another rule, and no block grows with the
    // population (initials split the large ones).
    let given_initial = p.given.first().map(|g| g.as_bytes()[0]);
    let family_initial = p.family_key.as_bytes().first().copied();
    if let Some(b) = p.birth {
        if has_family {
            keys.push(key(1, (p.family_sound, b.year, given_initial)));
        }
        if has_given && b.is_complete() {
            let (low, high) = (b.month.min(b.day), b.month.max(b.day));
            keys.push(key(2, (p.given_sound, low, high, family_initial)));
        }
        if has_given && has_family {
            // Swap-tolerant: both names' sounds, in either order, and the decade.
            let (x, y) = if p.given_sound <= p.family_sound {
                (p.given_sound, p.family_sound)
            } else {
                (p.family_sound, p.given_sound)
            };
            keys.push(key(3, (x, y, b.year / 10)));
        }
        if b.is_complete() {
            let (x, y) = (
                given_initial.min(family_initial),
                given_initial.max(family_initial),
            );
            keys.push(key(4, (b.year, b.month, b.day, x, y)));
            if has_family {
                // A mistyped or nicknamed given name: the family name and the whole date.
                keys.push(key(17, (&p.family_key, b.year, b.month, b.day)));
            }
        }
        if has_given && b.month > 0 {
            // A mistyped family name and a slipped day: the given name, year and month.
            keys.push(key(15, (&p.given_key, b.year, b.month)));
        }
    }
    if has_given && has_family {
        keys.push(key(5, (&p.family_key, p.given_sound)));
        // No birth date to lean on: one name exact, the other by its initial or its sound.
        // Each part of a compound family name counts on its own ("Kelly-Renaud" ~ "Kelly").
        for part in &p.family {
            keys.push(key(12, (part, p.given[0].as_bytes()[0])));
        }
        keys.push(key(13, (&p.given[0], p.family_sound)));
        // A mistyped family name and no birth date: the given name, and the family name's
        // first letter and length.
        keys.push(key(16, (&p.given[0], family_initial, p.family_key.len())));
        // Swapped names, with no birth date to lean on: the two names in either order.
        let (g, f) = (&p.given[0], p.family_as_given.join(" "));
        keys.push(key(
            11,
            if *g <= f {
                (g.clone(), f)
            } else {
                (f, g.clone())
            },
        ));
    }
    // The same home and either name, in one rule each, so that swapped names still meet.
    if !p.postal.is_empty() {
        if has_given {
            keys.push(key(6, (&p.postal, p.given_sound[0])));
        }
        if has_family {
            keys.push(key(6, (&p.postal, p.family_sound[0])));
        }
    }
    if !p.street.is_empty() && !p.street_number.is_empty() {
        let street = (&p.street_number, p.street.get(..6).unwrap_or(&p.street));
        keys.push(key(7, (street, p.family_sound)));
        if has_given {
            keys.push(key(7, (street, p.given_sound)));
        }
    }
    // Whole names, aliases included: pairs only where one side has an alias.
    for name in &p.name_keys {
        keys.push(key(ALIAS_RULE, name));
    }
    for (rule, value) in [(8, &p.phone), (9, &p.email), (10, &p.identifier)] {
        if value.len() >= 5 {
            keys.push(key(rule, value));
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

impl Linker {
    /// Prepares `records` and indexes their blocking keys.
    pub fn new(records: Vec<PersonRecord>) -> Linker {
        let prepared: Vec<Prepared> = records.iter().map(prepare).collect();
        let mut index: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        let mut given_counts: FxHashMap<String, u32> = FxHashMap::default();
        let mut family_counts: FxHashMap<String, u32> = FxHashMap::default();
        for (i, p) in prepared.iter().enumerate() {
            for k in blocking_keys(p) {
                index.entry(k).or_default().push(i as u32);
            }
            if let Some(g) = p.given.first() {
                *given_counts.entry(g.clone()).or_default() += 1;
            }
            if !p.family_key.is_empty() {
                *family_counts.entry(p.family_key.clone()).or_default() += 1;
            }
        }
        let used = Self::fields_present(&prepared);
        Linker {
            records,
            model: Model::with_u(&[], used),
            prepared,
            index,
            given_counts,
            family_counts,
        }
    }

    /// A field is scored only if some records have it.
    fn fields_present(prepared: &[Prepared]) -> [bool; FIELDS] {
        let mut used = [false; FIELDS];
        for p in prepared.iter().take(10_000) {
            let present = [
                !p.given.is_empty(),
                !p.family.is_empty(),
                p.birth.is_some(),
                p.sex.is_some(),
                !p.street.is_empty() || !p.postal.is_empty() || !p.city.is_empty(),
                !p.phone.is_empty(),
                !p.email.is_empty(),
                !p.identifier.is_empty(),
            ];
            for f in 0..FIELDS {
                used[f] |= present[f];
            }
        }
        used
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Every pair of records that share a blocking key, once, as (lower, higher) index.
    pub fn candidate_pairs(&self) -> Vec<(u32, u32)> {
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let no_birth = |i: u32| self.prepared[i as usize].birth.is_none();
        for (&k, members) in &self.index {
            if members.len() < 2 {
                continue;
            }
            let rule = (k >> 56) as u8;
            let needs_birthless = WITHOUT_BIRTH_RULES.contains(&rule);
            let has_alias = |i: u32| self.prepared[i as usize].name_keys.len() > 1;
            let mut push = |i: u32, j: u32| {
                let wanted = if rule == ALIAS_RULE {
                    has_alias(i) || has_alias(j)
                } else {
                    !needs_birthless || no_birth(i) || no_birth(j)
                };
                if wanted {
                    pairs.push((i.min(j), i.max(j)));
                }
            };
            if members.len() <= MAX_BLOCK {
                for (x, &i) in members.iter().enumerate() {
                    for &j in &members[x + 1..] {
                        push(i, j);
                    }
                }
            } else {
                // Sorted neighbourhood: neighbours by name and birth date only.
                let mut sorted = members.clone();
                let order = |i: u32| {
                    let p = &self.prepared[i as usize];
                    (
                        &p.family_key,
                        &p.given_key,
                        p.birth.map(|d| (d.year, d.month, d.day)),
                    )
                };
                sorted.sort_by(|&i, &j| order(i).cmp(&order(j)));
                for (x, &i) in sorted.iter().enumerate() {
                    for &j in sorted.iter().skip(x + 1).take(WINDOW) {
                        push(i, j);
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// Compares and scores `pairs` on two threads, keeping those at or above `review`.
    pub fn score_pairs(&self, pairs: &[(u32, u32)], review: f64) -> Vec<ScoredPair> {
        let work = |chunk: &[(u32, u32)]| -> Vec<ScoredPair> {
            chunk
                .iter()
                .filter_map(|&(a, b)| {
                    let c = compare(&self.prepared[a as usize], &self.prepared[b as usize]);
                    let (total, person_probability) = self.evidence(&self.prepared[a as usize], &c);
                    let probability = probability(total);
                    (probability >= review).then_some(ScoredPair {
                        a,
                        b,
                        probability,
                        person_probability,
                        kind: link_kind(&c),
                    })
                })
                .collect()
        };
        if pairs.len() < 50_000 {
            return work(pairs);
        }
        let (left, right) = pairs.split_at(pairs.len() / 2);
        std::thread::scope(|s| {
            let handle = s.spawn(|| work(right));
            let mut out = work(left);
            out.extend(handle.join().expect("scoring thread"));
            out
        })
    }

    /// Compares the given pairs (on two threads when there are many).
    pub fn compare_pairs(&self, pairs: &[(u32, u32)]) -> Vec<Comparison> {
        let work = |chunk: &[(u32, u32)]| -> Vec<Comparison> {
            chunk
                .iter()
                .map(|&(a, b)| compare(&self.prepared[a as usize], &self.prepared[b as usize]))
                .collect()
        };
        if pairs.len() < 50_000 {
            return work(pairs);
        }
        let (left, right) = pairs.split_at(pairs.len() / 2);
        std::thread::scope(|s| {
            let handle = s.spawn(|| work(right));
            let mut out = work(left);
            out.extend(handle.join().expect("comparison thread"));
            out
        })
    }

    /// How many random pairs [`Linker::train`] needs for u: enough to see the common levels
    /// of every field many times, growing with the records up to a bound. The rare levels
    /// (an exact birth date, about one random pair in 20,000) need no more, since their
    /// weight is capped ([`crate::model::FIELD_CAP`]) long before it is known precisely.
    pub fn random_pairs_for(records: usize) -> usize {
        (5 * records).clamp(40_000, 200_000)
    }

    /// Estimates the model without labels, as Splink does: u from `random_pairs` random
    /// pairs (seeded); m by EM in two sessions, each over pairs blocked on some fields and
    /// learning the others (same birth date → names and address; same names → birth date,
    /// address and the rest); then the share of matches among the candidates.
    pub fn train(&mut self, candidates: &[(u32, u32)], random_pairs: usize, seed: u64) {
        let n = self.prepared.len();
        let mut rng = Rng::new(seed);
        let mut random = Vec::with_capacity(random_pairs);
        if n >= 2 {
            for _ in 0..random_pairs {
                let a = rng.below(n);
                let mut b = rng.below(n - 1);
                if b >= a {
                    b += 1;
                }
                random.push((a as u32, b as u32));
            }
        }
        let used = self.model.used;
        let random = self.compare_pairs(&random);
        self.model = Model::with_u(&random, used);
        let by_birth = self.session_pairs(|p| {
            p.birth
                .filter(|b| b.is_complete())
                .map(|b| key(20, (b.year, b.month, b.day)))
        });
        let by_names = self.session_pairs(|p| {
            (!p.family_key.is_empty() && !p.given.is_empty())
                .then(|| key(21, (&p.family_key, p.given_sound)))
        });
        let mut learn = used;
        learn[Field::BirthDate as usize] = false;
        self.model
            .estimate_m(&self.compare_pairs(&by_birth), learn, 25);
        let mut learn = used;
        learn[Field::GivenName as usize] = false;
        learn[Field::FamilyName as usize] = false;
        self.model
            .estimate_m(&self.compare_pairs(&by_names), learn, 25);
        // The share of matches among candidates, on a sample.
        let step = (candidates.len() / 500_000).max(1);
        let sample: Vec<(u32, u32)> = candidates.iter().step_by(step).copied().collect();
        self.model.estimate_prior(&self.compare_pairs(&sample), 20);
        self.model.relatives = self.estimate_relatives(&random);
    }

    /// Up to 300,000 pairs of records sharing `session_key`, for one training session.
    fn session_pairs(&self, session_key: impl Fn(&Prepared) -> Option<u64>) -> Vec<(u32, u32)> {
        let mut groups: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        for (i, p) in self.prepared.iter().enumerate() {
            if let Some(k) = session_key(p) {
                groups.entry(k).or_default().push(i as u32);
            }
        }
        let mut pairs = Vec::new();
        for members in groups.values() {
            for (x, &i) in members.iter().enumerate() {
                for &j in members.iter().skip(x + 1).take(WINDOW) {
                    pairs.push((i, j));
                }
            }
            if pairs.len() >= 300_000 {
                break;
            }
        }
        pairs
    }

    /// The total weight of a compared pair, with names weighed by how common they are.
    fn weigh(&self, a: &Prepared, c: &Comparison, mut each: impl FnMut(usize, f64)) -> f64 {
        let n = self.prepared.len().max(1) as f64;
        let mut total = self.model.prior_weight();
        for f in 0..FIELDS {
            let level = c.levels[f];
            let mut w = self.model.field_weight(f, level);
            // An exact match on a rare name says more than one on a common name: u becomes
            // the name's own frequency (Splink's term-frequency adjustment). Among a few
            // hundred records a frequency says nothing (one record makes its own name look
            // universal), so small sets keep the model's weight.
            if level == 1 && self.model.used[f] && self.prepared.len() >= TF_MIN_RECORDS {
                let frequency = match (Field::ALL[f], c.swapped_names) {
                    (Field::GivenName, false) | (Field::FamilyName, true) => {
                        a.given.first().and_then(|g| self.given_counts.get(g))
                    }
                    (Field::FamilyName, false) | (Field::GivenName, true) => {
                        self.family_counts.get(&a.family_key)
                    }
                    _ => None,
                };
                if let Some(&count) = frequency {
                    let tf = (count as f64 / n).max(1.0 / n);
                    w = (self.model.m[f][1] / tf).log2().min(w + 4.0);
                }
            }
            each(f, w);
            total += w;
        }
        total
    }

    /// A pair's total weight, and the probability that it is one person rather than two
    /// strangers *or two relatives*. The model takes fields as independent; for relatives
    /// they are not (a family name, a home and a phone agree together), so relatives are a
    /// third explanation beside "same person" and "strangers": they share the fields a
    /// family shares ([`FAMILY_FIELDS`]) as one person's records do, and the other fields
    /// as strangers do, but for twins (the birth date) and a parent and child named alike
    /// (the given name). How many relatives to expect is measured on the file itself
    /// ([`Linker::estimate_relatives`]): on a file without households it is zero, and the
    /// person probability is the probability.
    fn evidence(&self, a: &Prepared, c: &Comparison) -> (f64, f64) {
        let model = &self.model;
        // log2 of how much likelier the pair's own fields are for one person than for two
        // relatives.
        let mut against_relatives = 0.0;
        let total = self.weigh(a, c, |f, w| {
            let field = Field::ALL[f];
            if FAMILY_FIELDS.contains(&field) || !model.used[f] {
                return;
            }
            against_relatives += match (field, c.levels[f]) {
                (Field::GivenName, 1) => (model.m[f][1] / NAMESAKE_SHARE).log2().min(w),
                (Field::BirthDate, 1) => (model.m[f][1] / TWIN_SHARE).log2().min(w),
                _ => w,
            };
        });
        let odds_against = (-total).exp2() + model.relatives * (-against_relatives).exp2();
        (total, 1.0 / (1.0 + odds_against))
    }

    /// How many pairs of relatives the file holds for each pair of one person's records,
    /// among pairs that share a family name and a home (a postal code, a street address or
    /// a phone). Such pairs whose given names and birth dates both flatly differ are what
    /// households leave; one person's records leave them only when two fields were both
    /// replaced, and strangers only by chance. What the model expects of those two is taken
    /// away, and what remains is relatives: hundreds or thousands in a file of households,
    /// none in a file of unrelated people with corrupted copies (FEBRL). The estimate is the
    /// count itself, not a bound above it: a bound of two standard deviations would leave
    /// every file where chance namesakes share a postal code tens of relatives it does not
    /// have. Chance can still leave a file without households a few; their only effect is
    /// that its twin-shaped pairs go to review. A file without an address or a phone cannot
    /// show its households: [`unmeasured_relatives`]. `random` are the random pairs u was
    /// counted on: how often two of them share a home is how often two strangers do.
    fn estimate_relatives(&self, random: &[Comparison]) -> f64 {
        let (address, phone) = (Field::Address as usize, Field::Phone as usize);
        let (given, birth) = (Field::GivenName as usize, Field::BirthDate as usize);
        let model = &self.model;
        if !(model.used[address] || model.used[phone]) || !model.used[given] || !model.used[birth] {
            return unmeasured_relatives();
        }
        let mut homes: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        for (i, p) in self.prepared.iter().enumerate() {
            if p.family_key.is_empty() {
                continue;
            }
            let mut home = |k: u64| homes.entry(k).or_default().push(i as u32);
            if !p.postal.is_empty() {
                home(key(30, (&p.family_key, &p.postal)));
            }
            if !p.street.is_empty() && !p.street_number.is_empty() {
                home(key(31, (&p.family_key, &p.street_number, &p.street)));
            }
            if p.phone.len() >= 5 {
                home(key(32, (&p.family_key, &p.phone)));
            }
        }
        let mut pairs = Vec::new();
        for members in homes.values() {
            for (x, &i) in members.iter().enumerate() {
                for &j in members.iter().skip(x + 1).take(WINDOW) {
                    pairs.push((i.min(j), i.max(j)));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        // A sample is enough: what counts is the share of each shape.
        let step = (pairs.len() / 300_000).max(1);
        let sample: Vec<(u32, u32)> = pairs.iter().step_by(step).copied().collect();
        let scale = pairs.len() as f64 / sample.len().max(1) as f64;
        let (mut alike, mut household) = (0.0, 0.0);
        for c in self.compare_pairs(&sample) {
            match (c.levels[given], c.levels[birth]) {
                (1..=2, 1..=3) => alike += scale,
                (5, 6) => household += scale,
                _ => {}
            }
        }
        let (m, u) = (&model.m, &model.u);
        let alike_share = (m[given][1] + m[given][2]) * (m[birth][1] + m[birth][2] + m[birth][3]);
        if alike < 1.0 || alike_share <= 0.0 {
            return unmeasured_relatives();
        }
        let one_person = alike / alike_share;
        let one_person_households = one_person * m[given][5] * m[birth][6];
        // Strangers of one family name under one roof: the pairs of namesakes, each at a
        // random home.
        let namesakes: f64 = (self.family_counts.values())
            .map(|&n| n as f64 * (n as f64 - 1.0) / 2.0)
            .sum();
        let same_home = random
            .iter()
            .filter(|c| matches!(c.levels[address], 1..=2) || c.levels[phone] == 1)
            .count() as f64
            / random.len().max(1) as f64;
        let strangers = (namesakes - one_person).max(0.0) * same_home * u[given][5] * u[birth][6];
        let relatives = household - one_person_households - strangers;
        (relatives.max(0.0) / (u[given][5] * u[birth][6])) / one_person
    }

    /// What the given and family names of records `a` and `b` weigh together, in bits.
    pub fn name_weight(&self, a: usize, b: usize) -> f64 {
        let c = compare(&self.prepared[a], &self.prepared[b]);
        let mut names = 0.0;
        self.weigh(&self.prepared[a], &c, |f, w| {
            if f == Field::GivenName as usize || f == Field::FamilyName as usize {
                names += w;
            }
        });
        names
    }

    /// Whether records `a` and `b` (indices) may be one person, compared directly. Two birth
    /// dates that no slip explains are two people, unless they are one person rather than
    /// strangers or relatives at least at `review`: one referral without a birth date must not
    /// bridge two namesakes born years apart. Otherwise, unless a name flatly disagrees or
    /// too little agrees, and the probability is below `review` too.
    pub fn could_be_same(&self, a: usize, b: usize, thresholds: Thresholds) -> bool {
        let c = compare(&self.prepared[a], &self.prepared[b]);
        let (total, person_probability) = self.evidence(&self.prepared[a], &c);
        let birth = c.levels[Field::BirthDate as usize] as usize;
        if birth == Field::BirthDate.levels().len() - 1 {
            return person_probability >= thresholds.review;
        }
        matches!(link_kind(&c), LinkKind::Corroborated | LinkKind::NamesOnly)
            || probability(total) >= thresholds.review
    }

    /// Why records `a` and `b` (indices) score as they do, field by field.
    pub fn explain(&self, a: usize, b: usize) -> Explanation {
        self.explain_prepared(&self.prepared[a], &self.prepared[b])
    }

    fn explain_prepared(&self, a: &Prepared, b: &Prepared) -> Explanation {
        let c = compare(a, b);
        let mut fields = Vec::new();
        let total = self.weigh(a, &c, |f, w| {
            if self.model.used[f] {
                fields.push(FieldEvidence {
                    field: Field::ALL[f],
                    level: Field::ALL[f].levels()[c.levels[f] as usize],
                    weight: w,
                });
            }
        });
        Explanation {
            prior_weight: self.model.prior_weight(),
            fields,
            swapped_names: c.swapped_names,
            total_weight: total,
            probability: probability(total),
        }
    }

    /// A new record against every existing one: the existing records it may be, most
    /// likely first, with the reasons (only those at or above `review`).
    pub fn check(&self, record: &PersonRecord, review: f64) -> Vec<(usize, Explanation)> {
        self.candidates(record, review)
            .into_iter()
            .map(|c| (c.index, c.explanation))
            .collect()
    }

    /// As [`Linker::check`], with how far each candidate may be linked without review.
    pub fn candidates(&self, record: &PersonRecord, review: f64) -> Vec<Candidate> {
        let p = prepare(record);
        let mut seen = rustc_hash::FxHashSet::default();
        let mut out = Vec::new();
        for k in blocking_keys(&p) {
            let Some(members) = self.index.get(&k) else {
                continue;
            };
            for &i in members {
                if seen.insert(i) {
                    let other = &self.prepared[i as usize];
                    let e = self.explain_prepared(&p, other);
                    if e.probability >= review {
                        let c = compare(&p, other);
                        out.push(Candidate {
                            index: i as usize,
                            kind: link_kind(&c),
                            person_probability: self.evidence(&p, &c).1,
                            explanation: e,
                        });
                    }
                }
            }
        }
        out.sort_by(|x, y| {
            y.explanation
                .probability
                .total_cmp(&x.explanation.probability)
                .then(x.index.cmp(&y.index))
        });
        out
    }

    /// Adds one record to the index (a referral saved after the linker was built) and
    /// returns its index. The model is not retrained: that is the caller's decision.
    pub fn add(&mut self, record: PersonRecord) -> usize {
        let p = prepare(&record);
        let i = self.prepared.len();
        for k in blocking_keys(&p) {
            self.index.entry(k).or_default().push(i as u32);
        }
        if let Some(g) = p.given.first() {
            *self.given_counts.entry(g.clone()).or_default() += 1;
        }
        if !p.family_key.is_empty() {
            *self.family_counts.entry(p.family_key.clone()).or_default() += 1;
        }
        self.prepared.push(p);
        self.records.push(record);
        i
    }
}

/// An existing record a new one may be.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The existing record's index.
    pub index: usize,
    pub explanation: Explanation,
    pub kind: LinkKind,
    /// As [`ScoredPair::person_probability`].
    pub person_probability: f64,
}

impl Candidate {
    /// As [`ScoredPair::links`].
    pub fn links(&self, link: f64) -> bool {
        links(
            self.kind,
            self.explanation.probability,
            self.person_probability,
            link,
        )
    }
}

/// Groups records into persons. Pairs at or above `link` join their records' clusters,
/// strongest first, unless the joined cluster would hold two records that look like
/// different people when compared directly (see [`Linker::could_be_same`]): one referral
/// with a missing birth date must not bridge two namesakes.
pub fn cluster(linker: &Linker, pairs: &[ScoredPair], thresholds: Thresholds) -> Vec<usize> {
    let n = linker.len();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
    fn root(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            parent[x as usize] = parent[parent[x as usize] as usize];
            x = parent[x as usize];
        }
        x
    }
    let join = |parent: &mut Vec<u32>, members: &mut Vec<Vec<u32>>, a: u32, b: u32| {
        let (ra, rb) = (root(parent, a), root(parent, b));
        if ra == rb {
            return;
        }
        let conflict = members[ra as usize].iter().any(|&x| {
            members[rb as usize]
                .iter()
                .any(|&y| !linker.could_be_same(x as usize, y as usize, thresholds))
        });
        if !conflict {
            let (keep, gone) = (ra.min(rb), ra.max(rb));
            parent[gone as usize] = keep;
            let moved = std::mem::take(&mut members[gone as usize]);
            members[keep as usize].extend(moved);
        }
    };
    let strong = |kinds: &[LinkKind]| {
        let mut links: Vec<&ScoredPair> = pairs
            .iter()
            .filter(|p| kinds.contains(&p.kind) && p.links(thresholds.link))
            .collect();
        links.sort_by(|x, y| {
            y.probability
                .total_cmp(&x.probability)
                .then((x.a, x.b).cmp(&(y.a, y.b)))
        });
        links
    };
    for p in strong(&[LinkKind::Corroborated, LinkKind::Disputed]) {
        join(&mut parent, &mut members, p.a, p.b);
    }
    // Names alone: a record joins the person its name points to only if it points to one.
    let mut partners: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for p in strong(&[LinkKind::NamesOnly])
        .into_iter()
        .filter(|p| linker.name_weight(p.a as usize, p.b as usize) >= RARE_NAME_BITS)
    {
        partners.entry(p.a).or_default().push(p.b);
        partners.entry(p.b).or_default().push(p.a);
    }
    let mut records: Vec<&u32> = partners.keys().collect();
    records.sort();
    for &r in records {
        let mut persons: Vec<u32> = partners[&r].iter().map(|&q| root(&mut parent, q)).collect();
        persons.sort_unstable();
        persons.dedup();
        if persons.len() == 1 {
            join(&mut parent, &mut members, r, persons[0]);
        }
    }
    let mut number: FxHashMap<u32, usize> = FxHashMap::default();
    (0..n as u32)
        .map(|i| {
            let r = root(&mut parent, i);
            let next = number.len();
            *number.entry(r).or_insert(next)
        })
        .collect()
}

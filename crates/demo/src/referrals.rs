//! The demo's people: about 1,500 referrals over two years from 30 partner agencies (the
//! demo worker's among them), in both languages, and what became of each person.
//!
//! The identities come from the linkage engine's synthetic generator, which writes a share
//! of people two to four times the way different agencies would (nicknames, accents
//! dropped, typos, day and month swapped, a new address). Everything else about a household
//! is drawn here. The app saves the referrals through its one save path, so identity
//! resolution links, proposes and misses exactly as it would in real use; the truth of who
//! is who is kept so the loader can decide some review items the way a reviewer would and
//! leave the rest open.
//!
//! What became of people follows the housing demo, round by round: every other Monday the
//! locator's round takes the people free for an offer and the units the housing history
//! offers that day, and whoever the round proposes gets the offer. The round itself is the
//! caller's (the app runs its own engine, see [`generate_history`]); this module decides
//! what the history already says: which offers end in a lease, a decline or a lapse, and who
//! leaves the list for a reason of their own.

use crate::housing::ROUND_EVERY_DAYS;
use passerelle_domain::directory::DirectorySnapshot;
use passerelle_domain::housing::{HousingSnapshot, UnitStatus};
use passerelle_domain::needs::NEEDS;
use passerelle_domain::referrals::{
    ACCESSIBILITY_NEEDS, INCOME_SOURCES, InactiveReason, ListStatus, ParsedReferral, ReferralInput,
};
use passerelle_domain::values::PostalCode;
use passerelle_linkage::generate::{SyntheticSpec, synthetic};
use passerelle_rng::Rng;
use time::{Date, Duration};
use uuid::Uuid;

/// The referrals' window.
pub const REFERRAL_DAYS: i64 = 730;
/// How many partner agencies refer, the demo worker's included.
pub const REFERRING_AGENCIES: usize = 30;

/// One referral as a worker typed it.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoReferral {
    pub agency: Uuid,
    pub referred_on: Date,
    pub input: ReferralInput,
    /// Who the referral truly is (an index into the demo's people): the answer identity
    /// resolution should find. The app never sees it; the loader uses it to decide reviews.
    pub person: usize,
}

/// A change of a person's status on the list.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoStatus {
    pub person: usize,
    pub to: ListStatus,
    pub reason: Option<InactiveReason>,
    pub on: Date,
    /// The unit a person is housed in or offered.
    pub unit: Option<Uuid>,
}

/// An offer in the demo's two years: the placements (every lease of a person from the list
/// came from one), the offers declined by either side or left to lapse when a unit went back
/// to available after an offer, and the offers still open.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoOffer {
    pub person: usize,
    pub unit: Uuid,
    pub offered_on: Date,
    pub outcome: DemoOfferOutcome,
    /// The round (its place among the rounds the history ran) that proposed it.
    pub round: usize,
}

/// A round of the demo's history: on its day, the persons free for an offer (referred at
/// least three weeks before, consenting, not housed, gone or in another offer) and the units
/// the housing history offers that day. The caller answers with the pairs it proposes.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoRound {
    pub on: Date,
    pub persons: Vec<usize>,
    pub units: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DemoOfferOutcome {
    /// Waiting for the client's answer.
    Open,
    ClientDeclined {
        on: Date,
        reason: &'static str,
    },
    LandlordDeclined {
        client_on: Date,
        on: Date,
        reason: &'static str,
    },
    /// Nobody answered by the deadline.
    Lapsed {
        on: Date,
    },
    /// Accepted by both, leased (the unit's `tenancy`) and, where the history says so,
    /// moved into.
    Leased {
        client_on: Date,
        landlord_on: Date,
        leased_on: Date,
        rent: passerelle_domain::housing::Cents,
        tenancy: Uuid,
        moved_in_on: Option<Date>,
    },
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DemoReferrals {
    /// In the order they were made.
    pub referrals: Vec<DemoReferral>,
    /// In date order.
    pub statuses: Vec<DemoStatus>,
    /// The person who withdraws consent.
    pub withdrawn: Option<usize>,
    /// In the order they were made.
    pub offers: Vec<DemoOffer>,
    /// The latest contact with people still waiting whose last referral is old: most are
    /// in touch with a worker; the few who are not will become inactive (no contact).
    pub contacts: Vec<(usize, Date)>,
    /// Each person's first referral day, by person.
    first_referral: Vec<Date>,
    /// The seed the referrals came from, for the history's own stream.
    seed: u64,
}

const NOTES_EN: &[&str] = &[
    "Prefers to be reached by text in the morning.",
    "Staying with a friend on the couch until the end of the month.",
    "Has a housing worker at the drop-in; please copy her on any offer.",
    "Lost a tenancy after a hospital stay; no arrears owed.",
    "Needs ground floor because of a knee injury.",
];
const NOTES_FR: &[&str] = &[
    "Préfère être jointe par texto le matin.",
    "Dort chez un ami jusqu’à la fin du mois.",
    "Suivie par une intervenante de la halte-accueil; la mettre en copie de toute offre.",
    "A perdu son logement après une hospitalisation; aucun arriéré.",
    "Doit vivre au rez-de-chaussée à cause d’une blessure au genou.",
];
const WORKERS: &[&str] = &[
    "Marc Lavoie",
    "Amina Yusuf",
    "Chantal Bélanger",
    "David Chen",
    "Nathalie Gagnon",
    "Kevin O’Brien",
];

/// The referrals for a community of `scale` (about 1,500 each), referred over the two
/// years before `today` by 30 of its agencies, the demo worker's (`worker_agency`) first.
/// What became of the people is [`generate_history`]'s.
pub fn generate_referrals(
    seed: u64,
    scale: u32,
    today: Date,
    directory: &DirectorySnapshot,
    worker_agency: Option<Uuid>,
) -> DemoReferrals {
    let mut rng = Rng::new(seed ^ 0x5245_4645_5252_414c);
    let mut agencies: Vec<Uuid> = worker_agency.into_iter().collect();
    let mut others: Vec<Uuid> = directory
        .organizations
        .iter()
        .map(|o| o.organization.id)
        .filter(|id| Some(*id) != worker_agency)
        .collect();
    while agencies.len() < REFERRING_AGENCIES && !others.is_empty() {
        agencies.push(others.swap_remove(rng.below(others.len())));
    }
    // French-speaking agencies write in French.
    let french: Vec<bool> = agencies.iter().map(|_| rng.chance(0.4)).collect();
    let areas: Vec<Uuid> = directory.areas.iter().map(|a| a.id).collect();

    let people = 1_100 * scale.max(1) as usize;
    let identities = synthetic(&SyntheticSpec {
        people,
        duplicated: 0.18,
        contact_details: true,
        seed: seed ^ 0x4944,
    });
    // Each person's household and circumstances, shared by all their referrals.
    let households: Vec<Circumstances> = (0..people)
        .map(|_| Circumstances::draw(&mut rng, &areas, &agencies))
        .collect();
    // Groups people say they belong to, on a stream of their own so that adding them left the
    // rest of the demo as it was.
    let mut groups_rng = Rng::new(seed ^ 0x4752_4f55_5053);
    let groups: Vec<Vec<String>> = (0..people)
        .map(|_| self_identified(&mut groups_rng))
        .collect();
    let first_day = today - Duration::days(REFERRAL_DAYS);
    let first_referral: Vec<Date> = (0..people)
        .map(|_| first_day + Duration::days(rng.below(REFERRAL_DAYS as usize - 20) as i64))
        .collect();

    let mut seen = vec![false; people];
    let mut referrals = Vec::with_capacity(identities.records.len());
    for (record, &person) in identities.records.iter().zip(&identities.truth) {
        let home = households[person].agency;
        let (referred_on, agency) = if std::mem::replace(&mut seen[person], true) {
            // Another agency, weeks or months later.
            let later = first_referral[person] + Duration::days(7 + rng.below(300) as i64);
            let other = (home + 1 + rng.below(agencies.len() - 1)) % agencies.len();
            (later.min(today), other)
        } else {
            (first_referral[person], home)
        };
        let input = households[person].input(
            &mut rng,
            record,
            referred_on,
            french[agency],
            &groups[person],
        );
        referrals.push(DemoReferral {
            agency: agencies[agency],
            referred_on,
            input,
            person,
        });
    }
    referrals.sort_by_key(|r| r.referred_on);

    DemoReferrals {
        referrals,
        first_referral,
        seed,
        ..DemoReferrals::default()
    }
}

/// The people who consented to share with the hub: only they are on the list.
fn consenting(demo: &DemoReferrals) -> std::collections::HashSet<usize> {
    demo.referrals
        .iter()
        .filter(|r| r.input.consent_hub == Some(true))
        .map(|r| r.person)
        .collect()
}

/// An offer the housing history makes: the unit, the round day it is offered on, and how
/// it ends.
struct Slot {
    unit: Uuid,
    offered_on: Date,
    /// The day the person is free again (or housed); today for an offer still open.
    ends_on: Date,
    end: SlotEnd,
}

enum SlotEnd {
    Leased {
        tenancy: Uuid,
        rent: passerelle_domain::housing::Cents,
        moved_in_on: Option<Date>,
    },
    /// Declined by the client or the landlord, or left to lapse.
    Declined,
    Open,
}

/// The offers in the housing history that go to people on the list: every offer declined,
/// the open ones, and about as many of the leases as house three in ten people (landlords
/// also let to other programs), from three weeks into the window.
fn slots(rng: &mut Rng, people: usize, housing: &HousingSnapshot, today: Date) -> Vec<Slot> {
    let first_day = today - Duration::days(REFERRAL_DAYS - 21);
    let leases = housing
        .tenancies
        .iter()
        .filter(|(_, t)| t.leased_on > first_day)
        .count();
    let share = (0.3 * people as f64 / leases.max(1) as f64).min(1.0);
    let mut out = Vec::new();
    for (unit, history) in &housing.units {
        for (i, &(offered_on, status, _)) in history.iter().enumerate() {
            if status != UnitStatus::Offered || offered_on < first_day {
                continue;
            }
            let (ends_on, end) = match history.get(i + 1) {
                None => (today, SlotEnd::Open),
                Some((on, UnitStatus::Leased, _)) => {
                    let Some((_, tenancy)) = housing
                        .tenancies
                        .iter()
                        .find(|(u, t)| *u == unit.id && t.leased_on == *on)
                    else {
                        continue;
                    };
                    if !rng.chance(share) {
                        continue;
                    }
                    let end = SlotEnd::Leased {
                        tenancy: tenancy.id,
                        rent: unit.fields.rent,
                        moved_in_on: tenancy.moved_in_on,
                    };
                    (*on, end)
                }
                Some((on, UnitStatus::Available, reason))
                    if reason.as_deref() == Some("offer-declined") =>
                {
                    (*on, SlotEnd::Declined)
                }
                Some(_) => continue,
            };
            out.push(Slot {
                unit: unit.id,
                offered_on,
                ends_on,
                end,
            });
        }
    }
    out.sort_by_key(|s| (s.offered_on, s.unit));
    out
}

/// What became of the people of `demo` over the housing history's two years, round by
/// round: `round` answers each [`DemoRound`] with the (person, unit) pairs it proposes, each
/// person and unit at most once; a unit it leaves out went to someone off the list. Fills
/// the statuses, the offers, the contacts and the person who withdraws consent.
pub fn generate_history(
    demo: &mut DemoReferrals,
    housing: &HousingSnapshot,
    today: Date,
    round: &mut dyn FnMut(&DemoRound) -> Vec<(usize, Uuid)>,
) {
    use passerelle_domain::offers::{CLIENT_DECLINE_REASONS, LANDLORD_DECLINE_REASONS};
    let mut rng = Rng::new(demo.seed ^ 0x0048_4953_544f_5259);
    let people = demo.first_referral.len();
    let consenting = consenting(demo);
    let days = Duration::days;
    // About one in twelve leave the list for a reason of their own, unless housed first.
    let reasons = [
        InactiveReason::NoContact,
        InactiveReason::NoContact,
        InactiveReason::MovedAway,
        InactiveReason::Hospital,
        InactiveReason::Prison,
        InactiveReason::Deceased,
    ];
    let leaving: Vec<Option<(Date, InactiveReason)>> = (0..people)
        .map(|p| {
            let leaves = consenting.contains(&p) && rng.chance(0.08);
            let on = demo.first_referral[p] + days(30 + rng.below(400) as i64);
            let reason = reasons[rng.below(reasons.len())];
            (leaves && on < today).then_some((on, reason))
        })
        .collect();
    // When each referral's consent to share with the hub holds: nobody is offered a unit
    // by a round after their consent ended, or while it ends.
    let mut consents: Vec<Vec<(Date, Date)>> = vec![Vec::new(); people];
    for r in &demo.referrals {
        if let Ok(ParsedReferral::Identified(fields)) = r.input.parse(r.referred_on) {
            consents[r.person].push((r.referred_on, fields.consent.expires_on));
        }
    }
    let consents_on = |p: usize, on: Date| {
        consents[p]
            .iter()
            .any(|&(from, until)| from <= on && until > on + days(ROUND_EVERY_DAYS))
    };
    // A person referred again later was still homeless then: they are not housed before
    // their last referral (a return to homelessness is the loader's, on purpose, not an
    // accident of the draw).
    let mut last_referral = vec![Date::MIN; people];
    for r in &demo.referrals {
        last_referral[r.person] = last_referral[r.person].max(r.referred_on);
    }
    let slots = slots(&mut rng, people, housing, today);
    // The day each person is free again; housed people never are.
    let mut free_from = vec![Date::MIN; people];
    let mut housed = vec![false; people];
    for (index, day) in slots
        .chunk_by(|a, b| a.offered_on == b.offered_on)
        .enumerate()
    {
        let on = day[0].offered_on;
        let persons: Vec<usize> = (0..people)
            .filter(|&p| {
                consents_on(p, on)
                    && !housed[p]
                    && demo.first_referral[p] + days(21) <= on
                    && last_referral[p] <= on
                    && free_from[p] <= on
                    // Nobody is offered a unit in the last fortnight before leaving.
                    && leaving[p].is_none_or(|(gone, _)| gone > on + days(14))
            })
            .collect();
        let this = DemoRound {
            on,
            persons,
            units: day.iter().map(|s| s.unit).collect(),
        };
        let mut units_given = std::collections::HashSet::new();
        let mut persons_given = std::collections::HashSet::new();
        for (person, unit) in round(&this) {
            let Some(slot) = day.iter().find(|s| s.unit == unit) else {
                continue;
            };
            if !this.persons.contains(&person)
                || !units_given.insert(unit)
                || !persons_given.insert(person)
            {
                continue;
            }
            let pick = |rng: &mut Rng, from: &[&'static str]| from[rng.below(from.len())];
            let span = (slot.ends_on - on).whole_days().max(0);
            let answered = (on + days(1 + rng.below(3) as i64)).min(slot.ends_on);
            // Matched while the offer is live, as the app marks the person; then housed, or
            // waiting again.
            let mut status = |to, on| {
                demo.statuses.push(DemoStatus {
                    person,
                    to,
                    reason: None,
                    on,
                    unit: Some(unit),
                })
            };
            status(ListStatus::Matched, on);
            match slot.end {
                SlotEnd::Open => {}
                SlotEnd::Leased { .. } => status(ListStatus::Housed, slot.ends_on),
                SlotEnd::Declined => status(ListStatus::Active, slot.ends_on),
            }
            let outcome = match slot.end {
                SlotEnd::Open => DemoOfferOutcome::Open,
                SlotEnd::Leased {
                    tenancy,
                    rent,
                    moved_in_on,
                } => {
                    housed[person] = true;
                    DemoOfferOutcome::Leased {
                        client_on: on + days(span / 3),
                        landlord_on: on + days(2 * span / 3),
                        leased_on: slot.ends_on,
                        rent,
                        tenancy,
                        moved_in_on,
                    }
                }
                SlotEnd::Declined => match rng.below(20) {
                    0..=8 => DemoOfferOutcome::ClientDeclined {
                        on: answered,
                        reason: pick(&mut rng, &CLIENT_DECLINE_REASONS),
                    },
                    9..=15 => DemoOfferOutcome::LandlordDeclined {
                        client_on: answered,
                        on: slot.ends_on,
                        reason: pick(&mut rng, &LANDLORD_DECLINE_REASONS),
                    },
                    _ => DemoOfferOutcome::Lapsed { on: slot.ends_on },
                },
            };
            // Free again the day after the offer ended.
            free_from[person] = slot.ends_on + days(1);
            demo.offers.push(DemoOffer {
                person,
                unit,
                offered_on: on,
                outcome,
                round: index,
            });
        }
    }
    for (p, leaves) in leaving.iter().enumerate() {
        if let Some((on, reason)) = leaves
            && !housed[p]
        {
            demo.statuses.push(DemoStatus {
                person: p,
                to: ListStatus::Inactive,
                reason: Some(*reason),
                on: *on,
                unit: None,
            });
        }
    }
    demo.statuses.sort_by_key(|s| (s.on, s.person));
    // Someone still on the list withdraws consent; most of those still waiting whose last
    // referral is old have been in touch lately.
    let mut last_status = std::collections::HashMap::new();
    for s in &demo.statuses {
        last_status.insert(s.person, s.to);
    }
    let settled: std::collections::HashSet<usize> = last_status
        .into_iter()
        .filter(|(_, to)| *to != ListStatus::Active)
        .map(|(p, _)| p)
        .collect();
    let mut last_referral = demo.first_referral.clone();
    for r in &demo.referrals {
        last_referral[r.person] = last_referral[r.person].max(r.referred_on);
    }
    for (p, last) in last_referral.iter().enumerate() {
        if !settled.contains(&p) && *last < today - days(60) && rng.chance(0.95) {
            let on = today - days(1 + rng.below(59) as i64);
            demo.contacts.push((p, on));
        }
    }
    demo.withdrawn = (0..people).find(|p| !settled.contains(p) && demo.first_referral[*p] < today);
}

/// The groups a person chooses to say they belong to, at roughly the shares of Ottawa's
/// point-in-time counts; one in five says nothing at all.
fn self_identified(rng: &mut Rng) -> Vec<String> {
    const SHARES: [(&str, f64); 6] = [
        ("indigenous", 0.26),
        ("racialized", 0.30),
        ("2slgbtqi", 0.10),
        ("veteran", 0.03),
        ("newcomer", 0.12),
        ("francophone", 0.14),
    ];
    if rng.chance(0.2) {
        return Vec::new();
    }
    SHARES
        .iter()
        .filter(|(_, share)| rng.chance(*share))
        .map(|(code, _)| (*code).to_owned())
        .collect()
}

/// What is true of a person whichever agency refers them.
struct Circumstances {
    agency: usize,
    adults: u8,
    children: Vec<u8>,
    pregnant: bool,
    needs: Vec<String>,
    accessibility: Vec<String>,
    pets: bool,
    smoking: bool,
    income_cents: u32,
    sources: Vec<String>,
    subsidy: bool,
    preferred: Vec<Uuid>,
    excluded: Vec<Uuid>,
    supported: bool,
    worker: &'static str,
    days_homeless: u16,
    score: Option<u16>,
    note: Option<usize>,
    short_consent: bool,
}

impl Circumstances {
    fn draw(rng: &mut Rng, areas: &[Uuid], agencies: &[Uuid]) -> Circumstances {
        let family = rng.chance(0.2);
        let adults = if rng.chance(0.15) { 2 } else { 1 };
        let children = if family {
            (0..1 + rng.below(3)).map(|_| rng.below(17) as u8).collect()
        } else {
            Vec::new()
        };
        let pick = |rng: &mut Rng, from: &[&str], most: usize| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for _ in 0..most {
                let v = from[rng.below(from.len())].to_owned();
                if !out.contains(&v) {
                    out.push(v);
                }
            }
            out
        };
        let mut needs = vec!["housing".to_owned()];
        let codes: Vec<&str> = NEEDS.iter().map(|n| n.0).collect();
        let more = rng.below(3);
        for n in pick(rng, &codes, more) {
            if !needs.contains(&n) {
                needs.push(n);
            }
        }
        let accessibility = if rng.chance(0.1) {
            pick(rng, &ACCESSIBILITY_NEEDS, 1)
        } else {
            Vec::new()
        };
        let mut preferred = Vec::new();
        for _ in 0..rng.below(3) {
            let a = areas[rng.below(areas.len())];
            if !preferred.contains(&a) {
                preferred.push(a);
            }
        }
        let excluded = if rng.chance(0.12) {
            let a = areas[rng.below(areas.len())];
            if preferred.contains(&a) {
                Vec::new()
            } else {
                vec![a]
            }
        } else {
            Vec::new()
        };
        let income_cents = 73_300 + rng.below(200_000) as u32;
        let sources = 1 + rng.below(2);
        Circumstances {
            agency: rng.below(agencies.len()),
            adults,
            pregnant: !family && rng.chance(0.03),
            children,
            needs,
            accessibility,
            pets: rng.chance(0.15),
            smoking: rng.chance(0.3),
            income_cents,
            sources: pick(rng, &INCOME_SOURCES[..5], sources),
            subsidy: rng.chance(0.6),
            preferred,
            excluded,
            supported: rng.chance(0.7),
            worker: WORKERS[rng.below(WORKERS.len())],
            days_homeless: rng.below(1_096) as u16,
            score: rng.chance(0.8).then(|| 5 + rng.below(55) as u16),
            note: rng.chance(0.3).then(|| rng.below(NOTES_EN.len())),
            short_consent: rng.chance(0.04),
        }
    }

    /// The referral as one agency's worker fills the form.
    fn input(
        &self,
        rng: &mut Rng,
        who: &passerelle_linkage::PersonRecord,
        referred_on: Date,
        french: bool,
        self_identified: &[String],
    ) -> ReferralInput {
        let birth_date = match who.birth_date {
            None => String::new(),
            // Some workers know only the year and month.
            Some(b) if rng.chance(0.05) => format!("{:04}-{:02}", b.year, b.month),
            Some(b) => format!("{:04}-{:02}-{:02}", b.year, b.month, b.day),
        };
        // A child cannot be older than the parent allows: ages are capped 15 years below.
        let parent_age = who
            .birth_date
            .map(|b| referred_on.year() - b.year as i32)
            .unwrap_or(40);
        let children: Vec<String> = self
            .children
            .iter()
            .map(|&a| (a as i32).min(parent_age - 15).max(0).to_string())
            .collect();
        let money = |cents: u32| {
            let (d, c) = (cents / 100, cents % 100);
            if french {
                let thousands = if d >= 1000 {
                    format!("{}\u{a0}{:03}", d / 1000, d % 1000)
                } else {
                    d.to_string()
                };
                format!("{thousands},{c:02}")
            } else {
                format!("{d}.{c:02}")
            }
        };
        // A rent supplement (Ottawa's Housing First programs pay the gap up to about the
        // average market rent) makes most units affordable to those eligible; without one,
        // a household pays 30 % of its income.
        let max_rent = if self.subsidy {
            self.income_cents * 3 / 10 + 140_000
        } else {
            self.income_cents * 3 / 10
        };
        let sex = match (who.sex.as_str(), french) {
            ("f", false) => "Woman",
            ("f", true) => "Femme",
            ("m", false) => "Man",
            ("m", true) => "Homme",
            _ => "",
        };
        let verbal = rng.chance(0.15);
        let expires = referred_on + Duration::days(if self.short_consent { 365 } else { 3 * 365 });
        let address = match (who.street.is_empty(), who.city.is_empty()) {
            (true, _) => String::new(),
            (false, true) => who.street.clone(),
            (false, false) => format!("{}, {}", who.street, who.city),
        };
        ReferralInput {
            given_name: who.given_name.clone(),
            family_name: who.family_name.clone(),
            other_names: who.other_names.clone(),
            birth_date,
            sex_gender: sex.to_owned(),
            self_identified: self_identified.to_vec(),
            phone: who.phone.clone(),
            email: who.email.clone(),
            last_address: address,
            postal_code: PostalCode::parse("postal_code", &who.postal_code)
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            identifier: who.identifier.clone(),
            adults: self.adults.to_string(),
            children_ages: children.join(", "),
            pregnant: self.pregnant,
            needs: self.needs.clone(),
            accessibility: self.accessibility.clone(),
            pets: self.pets,
            smoking: self.smoking,
            monthly_income: money(self.income_cents),
            income_sources: self.sources.clone(),
            subsidy_eligible: self.subsidy,
            max_rent: money(max_rent),
            preferred_areas: self.preferred.iter().map(Uuid::to_string).collect(),
            excluded_areas: self.excluded.iter().map(Uuid::to_string).collect(),
            supporting_agency: String::new(),
            supporting_worker: if self.supported {
                self.worker.to_owned()
            } else {
                String::new()
            },
            days_homeless: self.days_homeless.to_string(),
            assessment_score: self.score.map(|s| s.to_string()).unwrap_or_default(),
            notes: self
                .note
                .map(|n| if french { NOTES_FR[n] } else { NOTES_EN[n] }.to_owned())
                .unwrap_or_default(),
            consent_hub: Some(!rng.chance(0.02)),
            consent_supports: true,
            consent_landlords: rng.chance(0.7),
            consent_method: if verbal {
                "verbal_witnessed"
            } else {
                "signed_form"
            }
            .to_owned(),
            consent_witness: if verbal {
                WORKERS[rng.below(WORKERS.len())].to_owned()
            } else {
                String::new()
            },
            consent_given_on: referred_on.to_string(),
            consent_expires_on: expires.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DemoOptions, generate, generate_housing};
    use passerelle_domain::roles::Role;

    /// The demo's history with rounds that give each unit to the longest-waiting person
    /// whose household fits its bedrooms (the app runs its engine instead), and every round
    /// the history asked for.
    fn demo() -> (DemoReferrals, Option<Uuid>, Date, Vec<DemoRound>) {
        let today = Date::from_calendar_date(2026, time::Month::November, 30).unwrap();
        let community = generate(DemoOptions::default());
        let housing = generate_housing(2026, 1, today, &community.directory);
        let worker = community
            .users
            .iter()
            .find(|u| u.role == Role::PartnerWorker)
            .and_then(|u| u.agency_id);
        let mut demo = generate_referrals(2026, 1, today, &community.directory, worker);
        let mut needs = std::collections::HashMap::new();
        for r in &demo.referrals {
            if let ParsedReferral::Identified(fields) = r.input.parse(r.referred_on).unwrap() {
                needs.insert(r.person, fields.household.bedrooms_needed());
            }
        }
        let bedrooms: std::collections::HashMap<Uuid, u8> = housing
            .units
            .iter()
            .map(|(u, _)| (u.id, u.fields.bedrooms))
            .collect();
        let mut rounds = Vec::new();
        generate_history(&mut demo, &housing, today, &mut |round: &DemoRound| {
            rounds.push(round.clone());
            let mut taken = std::collections::HashSet::new();
            round
                .units
                .iter()
                .filter_map(|unit| {
                    let fits = |p: &usize| {
                        let (n, b) = (needs[p], bedrooms[unit]);
                        n <= b && n + 1 >= b && !taken.contains(p)
                    };
                    // The persons come in order of first referral.
                    let person = *round.persons.iter().find(|p| fits(p))?;
                    taken.insert(person);
                    Some((person, *unit))
                })
                .collect()
        });
        (demo, worker, today, rounds)
    }

    #[test]
    fn about_fifteen_hundred_valid_referrals_from_thirty_agencies_with_people_referred_twice() {
        let (demo, worker, today, _) = demo();
        let n = demo.referrals.len();
        assert!((1_300..=1_700).contains(&n), "{n} referrals");
        let agencies: std::collections::HashSet<Uuid> =
            demo.referrals.iter().map(|r| r.agency).collect();
        assert_eq!(agencies.len(), REFERRING_AGENCIES);
        assert!(
            agencies.contains(&worker.unwrap()),
            "the demo worker refers"
        );
        for r in &demo.referrals {
            r.input
                .parse(r.referred_on)
                .unwrap_or_else(|e| panic!("{:?}: {e:?}", r.input));
            assert!(r.referred_on <= today);
        }
        let mut by_person: std::collections::HashMap<usize, Vec<Uuid>> = Default::default();
        for r in &demo.referrals {
            by_person.entry(r.person).or_default().push(r.agency);
        }
        let twice = by_person
            .values()
            .filter(|agencies| agencies.len() > 1 && agencies.iter().any(|a| *a != agencies[0]))
            .count();
        let share = twice as f64 / by_person.len() as f64;
        assert!((0.15..=0.20).contains(&share), "{share}");
        assert!(demo.referrals.iter().any(|r| r.input.notes.contains('’')));
        assert!(
            demo.referrals
                .iter()
                .any(|r| r.input.notes.starts_with("Prefers"))
        );
    }

    #[test]
    fn every_lease_of_a_person_came_from_an_offer_and_some_were_declined_or_lapsed() {
        let (demo, _, today, _) = demo();
        let housed: Vec<&DemoStatus> = demo
            .statuses
            .iter()
            .filter(|s| s.to == ListStatus::Housed)
            .collect();
        let leased: Vec<&DemoOffer> = demo
            .offers
            .iter()
            .filter(|o| matches!(o.outcome, DemoOfferOutcome::Leased { .. }))
            .collect();
        assert_eq!(leased.len(), housed.len());
        for s in housed {
            assert!(
                leased
                    .iter()
                    .any(|o| o.person == s.person && Some(o.unit) == s.unit)
            );
        }
        let count =
            |f: fn(&DemoOfferOutcome) -> bool| demo.offers.iter().filter(|o| f(&o.outcome)).count();
        let client = count(|o| matches!(o, DemoOfferOutcome::ClientDeclined { .. }));
        let landlord = count(|o| matches!(o, DemoOfferOutcome::LandlordDeclined { .. }));
        let lapsed = count(|o| matches!(o, DemoOfferOutcome::Lapsed { .. }));
        let open = count(|o| matches!(o, DemoOfferOutcome::Open));
        println!(
            "declined by clients {client}, by landlords {landlord}, lapsed {lapsed}, open {open}"
        );
        assert!(client > 10 && landlord > 10 && lapsed > 3 && open > 0);
        // Each step follows the one before; a person is in one offer at a time.
        for o in &demo.offers {
            assert!(o.offered_on <= today);
            if let DemoOfferOutcome::Leased {
                client_on,
                landlord_on,
                leased_on,
                moved_in_on,
                ..
            } = o.outcome
            {
                assert!(
                    o.offered_on <= client_on
                        && client_on <= landlord_on
                        && landlord_on <= leased_on
                );
                assert!(moved_in_on.is_none_or(|m| m >= leased_on && m <= today));
            }
        }
        let mut by_person: std::collections::HashMap<usize, Vec<&DemoOffer>> = Default::default();
        for o in &demo.offers {
            by_person.entry(o.person).or_default().push(o);
        }
        for offers in by_person.values() {
            let open = offers
                .iter()
                .filter(|o| o.outcome == DemoOfferOutcome::Open)
                .count();
            assert!(open <= 1);
        }
    }

    #[test]
    fn offers_come_from_fortnightly_rounds_of_free_people() {
        let (demo, _, today, rounds) = demo();
        println!("{} rounds, {} offers", rounds.len(), demo.offers.len());
        assert!((40..=53).contains(&rounds.len()), "{}", rounds.len());
        for pair in rounds.windows(2) {
            assert!(pair[0].on < pair[1].on);
            assert_eq!((pair[1].on - pair[0].on).whole_days() % ROUND_EVERY_DAYS, 0);
        }
        assert_eq!(rounds[0].on.weekday(), time::Weekday::Monday);
        for o in &demo.offers {
            let round = &rounds[o.round];
            assert_eq!(o.offered_on, round.on);
            assert!(round.units.contains(&o.unit) && round.persons.contains(&o.person));
            // The list shows the person matched while the offer is live.
            assert!(demo.statuses.iter().any(|s| s.person == o.person
                && s.to == ListStatus::Matched
                && s.on == o.offered_on
                && s.unit == Some(o.unit)));
        }
        // Housed is where a person's history ends.
        let mut last: std::collections::HashMap<usize, ListStatus> = Default::default();
        for s in &demo.statuses {
            assert_ne!(last.insert(s.person, s.to), Some(ListStatus::Housed));
        }
        // Nobody is offered anything while in another offer, after being housed or after
        // leaving the list.
        let mut by_person: std::collections::HashMap<usize, Vec<&DemoOffer>> = Default::default();
        for o in &demo.offers {
            by_person.entry(o.person).or_default().push(o);
        }
        let ended = |o: &DemoOffer| match o.outcome {
            DemoOfferOutcome::Open => today,
            DemoOfferOutcome::ClientDeclined { on, .. }
            | DemoOfferOutcome::LandlordDeclined { on, .. }
            | DemoOfferOutcome::Lapsed { on } => on,
            DemoOfferOutcome::Leased { leased_on, .. } => leased_on,
        };
        for (person, offers) in &by_person {
            for pair in offers.windows(2) {
                assert!(ended(pair[0]) < pair[1].offered_on, "person {person}");
                assert!(!matches!(pair[0].outcome, DemoOfferOutcome::Leased { .. }));
            }
            let gone = demo
                .statuses
                .iter()
                .find(|s| s.person == *person && s.to == ListStatus::Inactive);
            if let Some(gone) = gone {
                assert!(offers.iter().all(|o| ended(o) < gone.on), "person {person}");
            }
            // Under a consent to share with the hub that holds from the offer to its end.
            for o in offers {
                let covered = demo.referrals.iter().any(|r| {
                    r.person == *person
                        && r.referred_on <= o.offered_on
                        && matches!(r.input.parse(r.referred_on),
                            Ok(ParsedReferral::Identified(f)) if f.consent.expires_on > ended(o))
                });
                assert!(covered, "person {person} offered {}", o.offered_on);
            }
        }
    }

    #[test]
    fn people_are_housed_matched_and_inactive_after_they_were_referred() {
        let (demo, _, _, _) = demo();
        let count = |to| demo.statuses.iter().filter(|s| s.to == to).count();
        let counts = [
            ListStatus::Housed,
            ListStatus::Matched,
            ListStatus::Inactive,
        ]
        .map(count);
        println!("housed, matched, inactive: {counts:?}");
        assert!(
            counts[0] > 20 && counts[1] > 0 && counts[2] > 20,
            "{counts:?}"
        );
        for s in &demo.statuses {
            let first = demo
                .referrals
                .iter()
                .find(|r| r.person == s.person)
                .unwrap();
            assert!(first.referred_on < s.on);
        }
        assert!(demo.withdrawn.is_some());
        assert!(
            demo.referrals
                .iter()
                .any(|r| r.input.consent_hub == Some(false)),
            "some people keep only an anonymous count"
        );
    }
}

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
//! Statuses follow the housing demo: a person is housed on the day one of its units was
//! leased within the two years (about three in ten people are), and matched while a unit is offered now, each to a person
//! whose household fits the unit's bedrooms and who was referred before.

use passerelle_domain::directory::DirectorySnapshot;
use passerelle_domain::housing::{HousingSnapshot, UnitStatus};
use passerelle_domain::needs::NEEDS;
use passerelle_domain::referrals::{
    ACCESSIBILITY_NEEDS, Household, INCOME_SOURCES, InactiveReason, ListStatus, ReferralInput,
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
pub fn generate_referrals(
    seed: u64,
    scale: u32,
    today: Date,
    directory: &DirectorySnapshot,
    housing: &HousingSnapshot,
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

    let mut demo = DemoReferrals {
        referrals,
        ..DemoReferrals::default()
    };
    demo.statuses = statuses(
        &mut rng,
        &demo,
        &households,
        &first_referral,
        housing,
        today,
    );
    // Someone still on the list withdraws consent.
    let settled: std::collections::HashSet<usize> =
        demo.statuses.iter().map(|s| s.person).collect();
    let mut last_referral = first_referral.clone();
    for r in &demo.referrals {
        last_referral[r.person] = last_referral[r.person].max(r.referred_on);
    }
    for (p, last) in last_referral.iter().enumerate() {
        if !settled.contains(&p) && *last < today - Duration::days(60) && rng.chance(0.95) {
            let on = today - Duration::days(1 + rng.below(59) as i64);
            demo.contacts.push((p, on));
        }
    }
    demo.withdrawn = (0..people).find(|p| !settled.contains(p) && first_referral[*p] < today);
    // On a stream of their own, so that the offers left the rest of the demo as it was.
    let mut offers_rng = Rng::new(seed ^ 0x4f46_4645_5253);
    demo.offers = offers(
        &mut offers_rng,
        &demo,
        &households,
        &first_referral,
        housing,
    );
    demo
}

/// The people who consented to share with the hub: only they are on the list.
fn consenting(demo: &DemoReferrals) -> std::collections::HashSet<usize> {
    demo.referrals
        .iter()
        .filter(|r| r.input.consent_hub == Some(true))
        .map(|r| r.person)
        .collect()
}

/// The offers behind the demo's statuses (see [`DemoOffer`]). A declined or lapsed offer
/// goes to the longest-waiting person the unit fits who is free then (not housed, not
/// inactive, in no other offer), at most twice a person.
fn offers(
    rng: &mut Rng,
    demo: &DemoReferrals,
    households: &[Circumstances],
    first_referral: &[Date],
    housing: &HousingSnapshot,
) -> Vec<DemoOffer> {
    use passerelle_domain::offers::{CLIENT_DECLINE_REASONS, LANDLORD_DECLINE_REASONS};
    let days = |n: i64| Duration::days(n);
    let history_of = |unit: Uuid| {
        housing
            .units
            .iter()
            .find(|(u, _)| u.id == unit)
            .map(|(u, h)| (u.fields.rent, h))
    };
    let mut out = Vec::new();
    // When each person is busy (in an offer, from the offer to its end) or gone.
    let mut busy: Vec<Vec<(Date, Date)>> = vec![Vec::new(); households.len()];
    let mut gone: Vec<Option<Date>> = vec![None; households.len()];
    for s in &demo.statuses {
        if s.to == ListStatus::Inactive {
            gone[s.person] = Some(s.on);
        }
        let Some((rent, history)) = s.unit.and_then(history_of) else {
            continue;
        };
        let unit = s.unit.expect("a unit");
        // The offer that preceded the lease, or that is open now.
        let offered_on = history
            .iter()
            .rev()
            .find(|(on, status, _)| *status == UnitStatus::Offered && *on <= s.on)
            .map_or(s.on - days(3), |h| h.0);
        let outcome = if s.to == ListStatus::Housed {
            gone[s.person] = Some(s.on);
            let Some((_, tenancy)) = housing
                .tenancies
                .iter()
                .find(|(u, t)| *u == unit && t.leased_on == s.on)
            else {
                continue;
            };
            let span = (s.on - offered_on).whole_days().max(0);
            DemoOfferOutcome::Leased {
                client_on: offered_on + days(span / 3),
                landlord_on: offered_on + days(2 * span / 3),
                leased_on: s.on,
                rent,
                tenancy: tenancy.id,
                moved_in_on: tenancy.moved_in_on,
            }
        } else {
            DemoOfferOutcome::Open
        };
        busy[s.person].push((offered_on, s.on.max(offered_on)));
        out.push(DemoOffer {
            person: s.person,
            unit,
            offered_on,
            outcome,
        });
    }
    let consenting = consenting(demo);
    let first_day = demo
        .referrals
        .iter()
        .map(|r| r.referred_on)
        .min()
        .unwrap_or(Date::MIN);
    let mut declined = vec![0u8; households.len()];
    for (unit, history) in &housing.units {
        for pair in history.windows(2) {
            let ((offered_on, from, _), (ended_on, to, reason)) = (&pair[0], &pair[1]);
            if *from != UnitStatus::Offered
                || *to != UnitStatus::Available
                || reason.as_deref() != Some("offer-declined")
                || *offered_on < first_day
            {
                continue;
            }
            let (offered_on, ended_on) = (*offered_on, *ended_on);
            let bedrooms = unit.fields.bedrooms;
            let free = |p: usize| {
                consenting.contains(&p)
                    && declined[p] < 2
                    && first_referral[p] + days(21) <= offered_on
                    && gone[p].is_none_or(|g| g > ended_on)
                    && busy[p].iter().all(|&(a, b)| b < offered_on || a > ended_on)
            };
            let Some(p) = (0..households.len())
                .filter(|&p| {
                    let needed = households[p].household().bedrooms_needed();
                    needed <= bedrooms && needed + 1 >= bedrooms && free(p)
                })
                .min_by_key(|&p| (first_referral[p], p))
            else {
                continue;
            };
            let pick = |rng: &mut Rng, from: &[&'static str]| from[rng.below(from.len())];
            let answered = offered_on + days(1 + rng.below(3) as i64);
            let outcome = match rng.below(20) {
                0..=8 => DemoOfferOutcome::ClientDeclined {
                    on: answered.min(ended_on),
                    reason: pick(rng, &CLIENT_DECLINE_REASONS),
                },
                9..=15 => DemoOfferOutcome::LandlordDeclined {
                    client_on: answered.min(ended_on),
                    on: ended_on,
                    reason: pick(rng, &LANDLORD_DECLINE_REASONS),
                },
                _ => DemoOfferOutcome::Lapsed { on: ended_on },
            };
            declined[p] += 1;
            busy[p].push((offered_on, ended_on));
            out.push(DemoOffer {
                person: p,
                unit: unit.id,
                offered_on,
                outcome,
            });
        }
    }
    out.sort_by_key(|o| (o.offered_on, o.unit));
    out
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

    fn household(&self) -> Household {
        Household {
            adults: self.adults,
            children_ages: self.children.clone(),
            pregnant: self.pregnant,
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

/// What became of people: housed into the units leased in the window, matched to the units
/// offered now, and some gone inactive, each after their first referral.
fn statuses(
    rng: &mut Rng,
    demo: &DemoReferrals,
    households: &[Circumstances],
    first_referral: &[Date],
    housing: &HousingSnapshot,
    today: Date,
) -> Vec<DemoStatus> {
    let first_day = today - Duration::days(REFERRAL_DAYS);
    let bedrooms_needed: Vec<u8> = households
        .iter()
        .map(|h| h.household().bedrooms_needed())
        .collect();
    let consenting = consenting(demo);
    let bedrooms_of = |unit: Uuid| {
        housing
            .units
            .iter()
            .find(|(u, _)| u.id == unit)
            .map(|(u, _)| u.fields.bedrooms)
            .unwrap_or(1)
    };
    let mut events: Vec<(Uuid, Date, ListStatus)> = housing
        .tenancies
        .iter()
        .filter(|(_, t)| t.leased_on > first_day + Duration::days(30))
        .map(|(unit, t)| (*unit, t.leased_on, ListStatus::Housed))
        .collect();
    for (unit, history) in &housing.units {
        if let Some(&(on, UnitStatus::Offered, _)) = history.last() {
            events.push((unit.id, on, ListStatus::Matched));
        }
    }
    events.sort_by_key(|e| e.1);
    // Not every lease goes to someone on the list (landlords also let to other programs):
    // about three in ten people are housed within the two years, as inflow outpaces it.
    let share = (0.3 * households.len() as f64 / events.len().max(1) as f64).min(1.0);
    let mut taken = vec![false; households.len()];
    let mut out = Vec::new();
    for (unit, on, to) in events {
        if to == ListStatus::Housed && !rng.chance(share) {
            continue;
        }
        let bedrooms = bedrooms_of(unit);
        // The longest-waiting person the unit fits, referred at least three weeks before.
        let person = (0..households.len())
            .filter(|&p| {
                !taken[p]
                    && consenting.contains(&p)
                    && first_referral[p] + Duration::days(21) <= on
                    && bedrooms_needed[p] <= bedrooms
                    && bedrooms_needed[p] + 1 >= bedrooms
            })
            .min_by_key(|&p| (first_referral[p], p));
        if let Some(p) = person {
            taken[p] = true;
            out.push(DemoStatus {
                person: p,
                to,
                reason: None,
                on,
                unit: Some(unit),
            });
        }
    }
    // About one in twelve of the others left the list for a reason of their own.
    let reasons = [
        InactiveReason::NoContact,
        InactiveReason::NoContact,
        InactiveReason::MovedAway,
        InactiveReason::Hospital,
        InactiveReason::Prison,
        InactiveReason::Deceased,
    ];
    for p in 0..households.len() {
        if taken[p] || !consenting.contains(&p) || !rng.chance(0.08) {
            continue;
        }
        let on = first_referral[p] + Duration::days(30 + rng.below(400) as i64);
        if on < today {
            out.push(DemoStatus {
                person: p,
                to: ListStatus::Inactive,
                reason: Some(reasons[rng.below(reasons.len())]),
                on,
                unit: None,
            });
        }
    }
    out.sort_by_key(|s| (s.on, s.person));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DemoOptions, generate, generate_housing};
    use passerelle_domain::roles::Role;

    fn demo() -> (DemoReferrals, Option<Uuid>, Date) {
        let today = Date::from_calendar_date(2026, time::Month::November, 30).unwrap();
        let community = generate(DemoOptions::default());
        let housing = generate_housing(2026, 1, today, &community.directory);
        let worker = community
            .users
            .iter()
            .find(|u| u.role == Role::PartnerWorker)
            .and_then(|u| u.agency_id);
        (
            generate_referrals(2026, 1, today, &community.directory, &housing, worker),
            worker,
            today,
        )
    }

    #[test]
    fn about_fifteen_hundred_valid_referrals_from_thirty_agencies_with_people_referred_twice() {
        let (demo, worker, today) = demo();
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
        let (demo, _, today) = demo();
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
    fn people_are_housed_matched_and_inactive_after_they_were_referred() {
        let (demo, _, _) = demo();
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

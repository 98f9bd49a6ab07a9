//! Loading the demo community into a store: the directory, housing, the partner network,
//! two years of outreach and of referrals, and the demo logins. `passerelle demo`, `serve --demo`, the
//! tests and the benchmarks all load it through here, so they all see the same community.

use crate::error::AppError;
use crate::matching::round::{self, new_round, plan_input, solve};
use crate::referrals::identity::PeopleIndex;
use crate::referrals::list::policy_in_force;
use crate::referrals::{Incoming, save_referrals};
use passerelle_demo::{
    DEMO_PASSWORD, DemoOptions, DemoReferrals, DemoRound, DemoUser, generate, generate_history,
    generate_referrals,
};
use passerelle_domain::housing::HousingSnapshot;
use passerelle_domain::referrals::ListStatus;
use passerelle_domain::values::Email;
use passerelle_matching::plan::Overrides;
use passerelle_store::{FoundEmpty, ImportSummary, NewUser, Store, StoreError};
use passerelle_store::{ReviewDecision, ReviewState};
use std::collections::HashMap;
use time::Date;

/// The demo's referrals as loaded, for the caller to report.
#[derive(Debug, Default)]
pub struct DemoPeople {
    pub referrals: usize,
    /// Persons on the list after identity resolution.
    pub persons: usize,
    /// Referrals joined to a known person automatically.
    pub joined: usize,
    pub reviews_decided: usize,
    pub reviews_open: usize,
    pub housed: usize,
    /// Tenancies followed after move-in, the visits and check-ins logged on them, and how
    /// many have ended (each with its reason).
    pub tenancies: usize,
    pub tenancy_contacts: usize,
    pub tenancies_ended: usize,
    pub incidents: usize,
    /// Households referred again within twelve months of their move-in.
    pub returns: usize,
    /// Each person's latest referral as generated, with its agency: what a return refers
    /// again.
    latest_referral: HashMap<uuid::Uuid, (uuid::Uuid, passerelle_domain::referrals::ReferralInput)>,
}

/// What was loaded, for the caller to report.
pub struct DemoLoaded {
    pub directory: ImportSummary,
    pub landlords: usize,
    pub properties: usize,
    pub units: usize,
    pub relationships: usize,
    pub meetings: usize,
    pub contacts: usize,
    pub referrals: DemoPeople,
    /// The logins (their password is `DEMO_PASSWORD`).
    pub users: Vec<DemoUser>,
}

/// Loads the demo into a database found empty, all or nothing: it is written through many
/// transactions, and if one fails, everything written before it is erased, so the database
/// is left as it was found (and the demo can be tried again).
pub async fn load(
    store: &Store,
    empty: FoundEmpty,
    options: DemoOptions,
    today: Date,
) -> Result<DemoLoaded, StoreError> {
    match write(store, options, today).await {
        Ok(loaded) => {
            store.refresh_statistics().await?;
            Ok(loaded)
        }
        Err(failure) => match store.erase_since_empty(empty).await {
            Ok(()) => Err(failure),
            Err(erasing) => Err(StoreError::Partial {
                failure: failure.to_string(),
                erasing: erasing.to_string(),
            }),
        },
    }
}

async fn write(store: &Store, options: DemoOptions, today: Date) -> Result<DemoLoaded, StoreError> {
    let community = generate(options);
    let directory = store.import_directory(None, &community.directory).await?;
    let housing =
        passerelle_demo::generate_housing(options.seed, options.scale, today, &community.directory);
    store.import_housing(&housing).await?;
    let (relationships, meetings, contacts) =
        load_network(store, options.seed, &community.directory, today).await?;
    // One hash for every demo login: argon2 is slow on purpose.
    let password_hash = crate::auth::hash_password(DEMO_PASSWORD)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    for user in &community.users {
        let new = NewUser {
            email: Email::parse("email", &user.email)
                .map_err(|_| StoreError::Corrupt(user.email.clone()))?,
            display_name: user.display_name.clone(),
            role: user.role,
            agency_id: user.agency_id,
            password_hash: password_hash.clone(),
        };
        match store.create_user(None, new).await {
            Ok(_) | Err(StoreError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    let worker_agency = community
        .users
        .iter()
        .find(|u| u.role == passerelle_domain::roles::Role::PartnerWorker)
        .and_then(|u| u.agency_id);
    let people = generate_referrals(
        options.seed,
        options.scale,
        today,
        &community.directory,
        worker_agency,
    );
    let mut referrals = load_referrals(store, people, &housing, today).await?;
    load_after_housing(store, options.seed, today, &mut referrals).await?;
    load_returns(store, today, &mut referrals).await?;
    close_history(store, today).await?;
    Ok(DemoLoaded {
        referrals,
        directory,
        landlords: housing.landlords.len(),
        properties: housing.properties.len(),
        units: housing.units.len(),
        relationships,
        meetings,
        contacts,
        users: community.users,
    })
}

/// Life after move-in for every tenancy of a person housed through the list: visits,
/// landlord check-ins and the reasons tenancies ended, under the default cadence.
async fn load_after_housing(
    store: &Store,
    seed: u64,
    today: Date,
    loaded: &mut DemoPeople,
) -> Result<(), StoreError> {
    let tenancies = store
        .tenancies(&passerelle_store::TenancyFilter::default())
        .await?;
    let followed: Vec<passerelle_demo::FollowedTenancy> = tenancies
        .iter()
        .filter_map(|t| {
            Some(passerelle_demo::FollowedTenancy {
                id: t.id,
                moved_in: t.moved_in_on?,
                ended: t.ended_on,
            })
        })
        .collect();
    let cadence = store.follow_up_cadence().await?;
    let demo = passerelle_demo::generate_after_housing(seed, &followed, cadence, today);
    let contacts: Vec<passerelle_store::PastContact> = demo
        .contacts
        .into_iter()
        .map(|(tenancy_id, contact)| passerelle_store::PastContact {
            tenancy_id,
            contact,
        })
        .collect();
    let reasons: Vec<(uuid::Uuid, String)> = demo
        .end_reasons
        .iter()
        .map(|(t, r)| (*t, (*r).to_owned()))
        .collect();
    store
        .record_after_housing(&contacts, &reasons)
        .await
        .map_err(|e| in_stage("recording life after move-in", e))?;
    let incidents: Vec<passerelle_store::PastIncident> = demo
        .incidents
        .into_iter()
        .map(|i| passerelle_store::PastIncident {
            tenancy_id: i.tenancy_id,
            incident: i.incident,
            meetings: i.meetings,
            close: i.close,
        })
        .collect();
    store
        .record_incidents(&incidents)
        .await
        .map_err(|e| in_stage("recording incidents", e))?;
    loaded.incidents = incidents.len();
    loaded.tenancies = followed.len();
    loaded.tenancy_contacts = contacts.len();
    loaded.tenancies_ended = reasons.len();
    Ok(())
}

/// A few households whose tenancy ended badly are referred again within twelve months of
/// their move-in: the same person, referred by the same agency, placed by identity
/// resolution like any referral (a possible same person is linked, as the hub would), then
/// made active on the list again. Their tenancies show a return to homelessness.
async fn load_returns(
    store: &Store,
    today: Date,
    loaded: &mut DemoPeople,
) -> Result<(), StoreError> {
    use passerelle_domain::housing::date_text;
    use passerelle_domain::tenancies::{RETURN_WITHIN_MONTHS, add_months};
    let stage = |e| in_stage("referring returns again", e);
    let tenancies = store
        .tenancies(&passerelle_store::TenancyFilter::default())
        .await?;
    let candidates = tenancies.iter().filter_map(|t| {
        let (moved_in, ended) = (t.moved_in_on?, t.ended_on?);
        let again = ended + time::Duration::days(14);
        let badly = matches!(
            t.end_reason.as_deref(),
            Some("eviction" | "unknown" | "left_by_agreement" | "prison" | "hospital")
        );
        (badly && again <= today && again <= add_months(moved_in, RETURN_WITHIN_MONTHS))
            .then_some((t.person_id, again))
    });
    let mut expected = Vec::new();
    let mut batch = Vec::new();
    for (person, again) in candidates.step_by(3).take(8) {
        let Some((agency, input)) = loaded.latest_referral.get(&person) else {
            continue;
        };
        let mut input = input.clone();
        input.consent_given_on = date_text(again);
        input.consent_expires_on = date_text(add_months(again, 12));
        let referral = input
            .parse(again)
            .map_err(|e| StoreError::Corrupt(format!("demo return: {e:?}")))?;
        batch.push(Incoming {
            agency: Some(*agency),
            referred_on: again,
            referral,
        });
        expected.push((person, again));
    }
    let created = save_referrals(store, &PeopleIndex::default(), None, batch)
        .await
        .map_err(stage)?;
    for (c, (person, again)) in created.iter().zip(&expected) {
        if c.person_id != Some(*person) {
            // Not joined at once: the hub links it to the person it is.
            for review in store.reviews_of_referral(c.id).await? {
                let candidate = store.persons_of(&[review.candidate_referral_id]).await?;
                if candidate.first().and_then(|(_, p)| *p) == Some(*person) {
                    store
                        .decide_review(
                            None,
                            review.id,
                            ReviewDecision::Link,
                            Some(
                                "Same person, housed last year: confirmed with the worker.".into(),
                            ),
                        )
                        .await
                        .map_err(stage)?;
                }
            }
        }
        store
            .set_person_status(None, *person, ListStatus::Active, None, *again)
            .await
            .map_err(stage)?;
    }
    loaded.returns = store
        .tenancies(&passerelle_store::TenancyFilter::default())
        .await?
        .iter()
        .filter(|t| {
            t.moved_in_on
                .and_then(|m| passerelle_domain::tenancies::returned_on(m, t.referred_again_on))
                .is_some()
        })
        .count();
    Ok(())
}

/// The partner network and the outreach of the demo: relationships, contacts, marks,
/// meetings with their answers, outcomes and follow-ups, and systemic issues logged. Returns how many relationships,
/// meetings and contacts.
pub async fn load_network(
    store: &Store,
    seed: u64,
    directory: &passerelle_domain::directory::DirectorySnapshot,
    today: Date,
) -> Result<(usize, usize, usize), StoreError> {
    let relationships = passerelle_demo::generate_relationships(seed, directory, today);
    for (from, fields, on) in &relationships {
        store
            .add_relationship(None, *from, fields.clone(), *on)
            .await?;
    }
    let outreach = passerelle_demo::generate_outreach(seed, directory, today);
    for (org, contact) in &outreach.contacts {
        store.log_contact(None, *org, contact.clone()).await?;
    }
    for (org, reluctant, partner_since) in &outreach.marks {
        store
            .set_outreach_marks(None, *org, *reluctant, *partner_since)
            .await?;
    }
    for m in &outreach.meetings {
        let id = store.create_meeting(None, m.fields.clone()).await?;
        for (org, answers) in &m.answers {
            store.record_answers(None, id, *org, answers).await?;
        }
        if let Some(outcome) = &m.outcome {
            store.record_outcome(None, id, outcome.clone()).await?;
        }
        for (fields, done) in &m.follow_ups {
            let follow_up = store.add_follow_up(None, id, fields.clone()).await?;
            if let Some(on) = done {
                store.complete_follow_up(None, follow_up, *on).await?;
            }
        }
    }
    for (org, fields) in passerelle_demo::generate_issues(seed, directory, today) {
        store.add_systemic_issue(None, org, fields).await?;
    }
    Ok((
        relationships.len(),
        outreach.meetings.len(),
        outreach.contacts.len(),
    ))
}

/// Ends a loaded history: the calendar's rules as of `today` (lapsed consents, persons
/// without contact), then every notification marked mailed. Run after the whole history,
/// returns to the list included: a person back on the list since a return long ago, with no
/// contact since, is made inactive here, not at the first request, which would tell (and
/// mail) the referring workers as if it were news.
pub async fn close_history(store: &Store, today: Date) -> Result<(), StoreError> {
    store.apply_consent_dates(today).await?;
    store.apply_no_contact(today).await?;
    // Two years of history: in the app's notifications, never as fresh e-mail.
    store.mark_all_mailed().await
}

/// Saves the demo's referrals through the app's one save path (identity resolution on
/// each), decides two in three of the review items the way a careful reviewer would (the
/// generator knows who is who) and leaves the rest open, then runs the rounds of the
/// `housing` history and applies what became of people and one withdrawal of consent. The
/// calendar's rules are left to [`close_history`], once the whole history is in.
pub async fn load_referrals(
    store: &Store,
    mut demo: DemoReferrals,
    housing: &HousingSnapshot,
    today: Date,
) -> Result<DemoPeople, StoreError> {
    let mut batch = Vec::with_capacity(demo.referrals.len());
    for r in &demo.referrals {
        let referral = r
            .input
            .parse(r.referred_on)
            .map_err(|e| StoreError::Corrupt(format!("demo referral: {e:?}")))?;
        batch.push(Incoming {
            agency: Some(r.agency),
            referred_on: r.referred_on,
            referral,
        });
    }
    // A fresh index: the app builds its own from the store on first use.
    let people = PeopleIndex::default();
    let created = save_referrals(store, &people, None, batch)
        .await
        .map_err(|e| in_stage("saving the referrals", e))?;
    let truth: HashMap<uuid::Uuid, usize> = created
        .iter()
        .zip(&demo.referrals)
        .map(|(c, r)| (c.id, r.person))
        .collect();
    let mut loaded = DemoPeople {
        referrals: created.len(),
        joined: created.iter().filter(|c| c.joined).count(),
        ..DemoPeople::default()
    };
    for (i, review) in store
        .reviews(ReviewState::Open)
        .await?
        .into_iter()
        .enumerate()
    {
        if i % 3 == 2 {
            loaded.reviews_open += 1;
            continue;
        }
        let same = truth.get(&review.referral_id) == truth.get(&review.candidate_referral_id);
        let (decision, reason) = if same {
            (
                ReviewDecision::Link,
                "Same phone and birth year; confirmed with both workers.",
            )
        } else {
            (
                ReviewDecision::KeepApart,
                "Different people: checked with the referring worker.",
            )
        };
        store
            .decide_review(None, review.id, decision, Some(reason.to_owned()))
            .await
            .map_err(|e| in_stage("deciding a review", e))?;
        loaded.reviews_decided += 1;
    }
    // Each person's list entry: the one their first referral belongs to now that the
    // reviews are decided (a link may have moved it).
    let mut first_referral: HashMap<usize, uuid::Uuid> = HashMap::new();
    for (c, r) in created.iter().zip(&demo.referrals) {
        first_referral.entry(r.person).or_insert(c.id);
    }
    let firsts: Vec<uuid::Uuid> = first_referral.values().copied().collect();
    let mut current: HashMap<uuid::Uuid, uuid::Uuid> = HashMap::new();
    // In chunks: a query can bind only so many values.
    for chunk in firsts.chunks(5_000) {
        for (referral, person) in store.persons_of(chunk).await? {
            if let Some(person) = person {
                current.insert(referral, person);
            }
        }
    }
    let person_of: HashMap<usize, uuid::Uuid> = first_referral
        .iter()
        .filter_map(|(truth, referral)| current.get(referral).map(|p| (*truth, *p)))
        .collect();
    let rounds = run_rounds(store, &mut demo, housing, &person_of, today).await?;
    for s in &demo.statuses {
        if let Some(&person) = person_of.get(&s.person) {
            store
                .set_person_status(None, person, s.to, s.reason, s.on)
                .await
                .map_err(|e| in_stage("setting a status", e))?;
            loaded.housed += usize::from(s.to == ListStatus::Housed);
        }
    }
    let contacts: Vec<(uuid::Uuid, Date, &str)> = demo
        .contacts
        .iter()
        .filter_map(|(p, on)| {
            person_of
                .get(p)
                .map(|person| (*person, *on, "Check-in by phone."))
        })
        .collect();
    store
        .record_contacts(None, &contacts)
        .await
        .map_err(|e| in_stage("recording contacts", e))?;
    if let Some(first) = demo
        .withdrawn
        .and_then(|p| demo.referrals.iter().position(|r| r.person == p))
    {
        store
            .withdraw_consent(None, created[first].id, today)
            .await
            .map_err(|e| in_stage("withdrawing consent", e))?;
    }
    record_offers(store, &demo, &person_of, &rounds, today).await?;
    for r in &demo.referrals {
        if let Some(&person) = person_of.get(&r.person) {
            loaded
                .latest_referral
                .insert(person, (r.agency, r.input.clone()));
        }
    }
    loaded.persons = store.list_entries(&[]).await?.len();
    Ok(loaded)
}

/// The demo's offers with their steps: each lease of a person from the list, the declines
/// and lapses, and the offers still open (their deadline a few days ahead).
async fn record_offers(
    store: &Store,
    demo: &DemoReferrals,
    person_of: &HashMap<usize, uuid::Uuid>,
    rounds: &[SavedRound],
    today: Date,
) -> Result<(), StoreError> {
    use passerelle_demo::DemoOfferOutcome as Outcome;
    use passerelle_domain::offers::{DEFAULT_RESPONSE_DAYS, OfferState as S};
    let days = time::Duration::days;
    let mut past = Vec::with_capacity(demo.offers.len());
    for (i, o) in demo.offers.iter().enumerate() {
        let Some(&person_id) = person_of.get(&o.person) else {
            continue;
        };
        let reason = |r: &str| Some(r.to_owned());
        let (steps, rent, tenancy_id) = match &o.outcome {
            Outcome::Open => (Vec::new(), None, None),
            Outcome::ClientDeclined { on, reason: r } => {
                (vec![(*on, S::ClientDeclined, reason(r))], None, None)
            }
            Outcome::LandlordDeclined {
                client_on,
                on,
                reason: r,
            } => (
                vec![
                    (*client_on, S::ClientAccepted, None),
                    (*on, S::LandlordDeclined, reason(r)),
                ],
                None,
                None,
            ),
            Outcome::Lapsed { on } => (vec![(*on, S::Lapsed, reason("deadline"))], None, None),
            Outcome::Leased {
                client_on,
                landlord_on,
                leased_on,
                rent,
                tenancy,
                moved_in_on,
            } => {
                let mut steps = vec![
                    (*client_on, S::ClientAccepted, None),
                    (*landlord_on, S::LandlordAccepted, None),
                    (*leased_on, S::Leased, None),
                ];
                if let Some(m) = moved_in_on {
                    steps.push((*m, S::MovedIn, None));
                }
                (steps, Some(*rent), Some(*tenancy))
            }
        };
        // An open offer's deadline is a few days ahead, so it does not lapse on loading.
        let respond_by = match o.outcome {
            Outcome::Open => today + days(2 + (i % 5) as i64),
            _ => o.offered_on + days(DEFAULT_RESPONSE_DAYS),
        };
        past.push(passerelle_store::PastOffer {
            person_id,
            unit_id: o.unit,
            offered_on: o.offered_on,
            respond_by,
            steps,
            rent,
            tenancy_id,
            proposal: rounds.get(o.round).and_then(|r| {
                let (position, fit) = r.proposals.get(&(person_id, o.unit))?;
                Some((r.id, *position, *fit))
            }),
        });
    }
    store
        .record_past_offers(&past)
        .await
        .map_err(|e| in_stage("recording offers", e))
}

/// A demo round as saved: its id and each proposal's priority position and fit, by
/// (person, unit).
struct SavedRound {
    id: uuid::Uuid,
    proposals: HashMap<(uuid::Uuid, uuid::Uuid), (u32, u32)>,
}

/// Runs the demo's history with the app's own rounds: on each round day, the engine matches
/// the people free then against the units offered that day, exactly as a locator's round
/// would (same profiles, same policy, same solver), and each round is saved with its inputs
/// so its page explains it. The profiles are the people's as they stand after all their
/// referrals, since a person's earlier referrals are not kept apart once linked.
async fn run_rounds(
    store: &Store,
    demo: &mut DemoReferrals,
    housing: &HousingSnapshot,
    person_of: &HashMap<usize, uuid::Uuid>,
    today: Date,
) -> Result<Vec<SavedRound>, StoreError> {
    let internal = |e: AppError| in_stage("running the rounds", StoreError::Corrupt(e.to_string()));
    let policy = policy_in_force(store).await.map_err(internal)?;
    let (candidates, units) =
        tokio::try_join!(store.match_candidates(), store.match_units_any_status())?;
    let units: HashMap<uuid::Uuid, &passerelle_store::MatchUnit> =
        units.iter().map(|u| (u.listing.unit.id, u)).collect();
    let mut solved = Vec::new();
    let mut failure = None;
    generate_history(demo, housing, today, &mut |day: &DemoRound| {
        // Each person once, however many of the generator's people were linked into them.
        let mut truth_of: HashMap<uuid::Uuid, usize> = HashMap::new();
        for p in &day.persons {
            if let Some(&id) = person_of.get(p) {
                truth_of.entry(id).or_insert(*p);
            }
        }
        let input = plan_input(
            candidates
                .iter()
                .filter(|c| truth_of.contains_key(&c.entry.person_id)),
            day.units.iter().filter_map(|u| units.get(u).copied()),
            day.on,
            &policy,
        );
        let started = std::time::Instant::now();
        let result = match solve(&input, &policy, &Overrides::default()) {
            Ok(result) => result,
            Err(e) => {
                failure.get_or_insert(e);
                return Vec::new();
            }
        };
        let timings = round::Timings {
            matching: started.elapsed().as_secs_f64(),
            ..Default::default()
        };
        // The proposals by (person, unit), kept for the offers, and the same pairs named by
        // the generator's people, in the round's order (the history draws as it goes).
        let mut proposals = HashMap::new();
        let mut pairs = Vec::new();
        for a in &result.assignments {
            let (Some(person), Ok(unit)) =
                (round::person_of(&a.client), uuid::Uuid::parse_str(&a.unit))
            else {
                continue;
            };
            proposals.insert((person, unit), (a.priority_position, a.fit));
            if let Some(&truth) = truth_of.get(&person) {
                pairs.push((truth, unit));
            }
        }
        solved.push((day.on, input, result, timings, proposals));
        pairs
    });
    if let Some(e) = failure {
        return Err(internal(e));
    }
    let mut saved = Vec::with_capacity(solved.len());
    for (on, input, result, timings, proposals) in solved {
        let round = new_round(on, &policy, false, &input, &result, &timings).map_err(internal)?;
        let id = store.save_round(None, &round).await?;
        saved.push(SavedRound { id, proposals });
    }
    Ok(saved)
}

/// A store error while loading the demo, with what was being loaded.
fn in_stage(stage: &str, e: StoreError) -> StoreError {
    StoreError::Corrupt(format!("demo referrals, {stage}: {e}"))
}

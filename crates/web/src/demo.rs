//! Loading the demo community into a store: the directory, housing, the partner network,
//! two years of outreach, and the demo logins. `passerelle demo`, `serve --demo`, the
//! tests and the benchmarks all load it through here, so they all see the same community.

use passerelle_demo::{DEMO_PASSWORD, DemoOptions, DemoUser, generate};
use passerelle_domain::values::Email;
use passerelle_store::{ImportSummary, NewUser, Store, StoreError};
use time::Date;

/// What was loaded, for the caller to report.
pub struct DemoLoaded {
    pub directory: ImportSummary,
    pub landlords: usize,
    pub properties: usize,
    pub units: usize,
    pub relationships: usize,
    pub meetings: usize,
    pub contacts: usize,
    /// The logins (their password is `DEMO_PASSWORD`).
    pub users: Vec<DemoUser>,
}

pub async fn load(
    store: &Store,
    options: DemoOptions,
    today: Date,
) -> Result<DemoLoaded, StoreError> {
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
    Ok(DemoLoaded {
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

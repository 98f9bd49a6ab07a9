//! Coordinated access (B1–B4) in the app: the referral form and each agency's referrals,
//! possible same persons for the hub to decide, the by-name list ranked by the policy in
//! force, notifications to referring agencies, and the same over the JSON API.
//!
//! Every referral, from a form, the API, an import or the demo, is saved through
//! [`save_referral`], so identity resolution runs on each one the same way.

pub mod api;
pub mod identity;
pub(crate) mod list;
mod notifications;
pub(crate) mod pages;
mod reviews;

use crate::AppState;
use crate::error::AppError;
use crate::routes::Routes;
use identity::PeopleIndex;
use passerelle_domain::referrals::{ParsedReferral, ReferralFields};
use passerelle_domain::roles::User;
use passerelle_linkage::PersonRecord;
use passerelle_store::{CreatedReferral, IdentityRow, NewReferral, Store, StoreError};
use time::Date;
use uuid::Uuid;

pub fn router() -> Routes {
    pages::router()
        .merge(reviews::router())
        .merge(list::router())
        .merge(notifications::router())
}

/// A referral to save: the agency that refers (none for the hub's walk-ins), the day, and
/// what was typed, parsed.
pub struct Incoming {
    pub agency: Option<Uuid>,
    pub referred_on: Date,
    pub referral: ParsedReferral,
}

/// Saves referrals in order, in one transaction (all or none), each placed by identity
/// resolution against every person known and every referral before it in the batch:
/// joined to a known person, or a new person with possible same persons to review.
/// Anonymous counts skip linkage. A batch that grows the records by a tenth retrains the
/// model on them first, so an import or the demo is weighed with the community's model.
pub async fn save_referrals(
    store: &Store,
    people: &PeopleIndex,
    actor: Option<Uuid>,
    batch: Vec<Incoming>,
) -> Result<Vec<CreatedReferral>, StoreError> {
    let records: Vec<Option<PersonRecord>> = batch
        .iter()
        .map(|i| match &i.referral {
            ParsedReferral::Identified(f) => Some(identity::person_record(&identity_row(f))),
            ParsedReferral::Anonymous => None,
        })
        .collect();
    let incoming: Vec<PersonRecord> = records.iter().flatten().cloned().collect();
    let mut guard = people.lock_with(store, &incoming).await?;
    let index = guard.as_mut().expect("lock builds the index");
    index.prepare(store, actor, &incoming).await?;
    let saved = save_in_order(store, index, actor, batch, records).await;
    if saved.is_err() {
        // The index may hold records the rolled-back transaction never saved.
        *guard = None;
    }
    // Referrals saved here are already in the index; the next lock adds only those saved
    // elsewhere (it skips the ones it holds).
    saved
}

async fn save_in_order(
    store: &Store,
    index: &mut identity::Indexed,
    actor: Option<Uuid>,
    batch: Vec<Incoming>,
    records: Vec<Option<PersonRecord>>,
) -> Result<Vec<CreatedReferral>, StoreError> {
    let mut tx = store.begin_referrals(actor).await?;
    let mut created = Vec::with_capacity(batch.len());
    for (item, record) in batch.into_iter().zip(records) {
        let decision = match &record {
            Some(record) => index.decide(&mut tx, record).await?,
            None => identity::Decision::default(),
        };
        let saved = tx
            .create(NewReferral {
                agency: item.agency,
                referred_on: item.referred_on,
                referral: item.referral,
                placement: decision.placement,
                reviews: decision.reviews,
            })
            .await?;
        if let Some(mut record) = record {
            record.id = saved.id.to_string();
            index.add(saved.id, record);
        }
        created.push(saved);
    }
    tx.commit().await?;
    Ok(created)
}

/// Saves one referral: a batch of one.
pub async fn save_referral(
    store: &Store,
    people: &PeopleIndex,
    actor: Option<Uuid>,
    incoming: Incoming,
) -> Result<CreatedReferral, StoreError> {
    let mut created = save_referrals(store, people, actor, vec![incoming]).await?;
    Ok(created.remove(0))
}

/// A referral's identifying fields in the shape the store gives them back.
fn identity_row(f: &ReferralFields) -> IdentityRow {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    IdentityRow {
        referral_id: Uuid::nil(),
        person_id: Uuid::nil(),
        given_name: f.given_name.clone(),
        family_name: text(&f.family_name),
        other_names: text(&f.other_names),
        birth_date: f.birth_date.text(),
        sex_gender: text(&f.sex_gender),
        phone: text(&f.phone),
        email: f
            .email
            .as_ref()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default(),
        last_address: text(&f.last_address),
        postal_code: f
            .postal_code
            .as_ref()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        identifier: text(&f.identifier),
    }
}

/// Applies what the calendar decides: consent ends where its dates say so (the erased
/// referrals leave the index), and persons without contact for the configured days become
/// inactive. Run before the list and referral pages are read, so nobody sees a lapsed
/// consent or a person who should no longer be waiting; there is no background job.
pub async fn apply_dates(state: &AppState, today: Date) -> Result<(), AppError> {
    let ended = state.store.apply_consent_dates(today).await?;
    // Once a day and delay: nobody crosses the no-contact threshold between two reads of one
    // day, unless an administrator shortens the delay (on this server or another).
    let days = state.store.no_contact_days().await?;
    let applied = || {
        state
            .lists
            .no_contact_applied
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    };
    let due = *applied() != Some((today, days));
    if due {
        state.store.apply_no_contact(today).await?;
        *applied() = Some((today, days));
    }
    // Reminders and endings may have been added: mail them.
    state.poke_outbox();
    if !ended.is_empty() {
        let mut guard = state.people.lock(&state.store).await?;
        if let Some(index) = guard.as_mut() {
            index.remove(&ended);
        }
    }
    Ok(())
}

/// Reads a referral the user may see: another agency's answers 404, as if it did not
/// exist (a partner worker must not learn that it does).
async fn readable_referral(
    state: &AppState,
    user: &User,
    id: Uuid,
) -> Result<passerelle_store::ReferralRecord, AppError> {
    if user.referral_scope().is_none() {
        return Err(AppError::Forbidden);
    }
    let referral = state.store.referral(id).await?;
    if !user.can_read_referral(referral.agency_id) {
        return Err(AppError::NotFound);
    }
    Ok(referral)
}

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
use axum::Router;
use identity::PeopleIndex;
use passerelle_domain::referrals::{ParsedReferral, ReferralFields};
use passerelle_domain::roles::User;
use passerelle_store::{CreatedReferral, IdentityRow, NewReferral, Placement, Store, StoreError};
use time::Date;
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    pages::router()
        .merge(reviews::router())
        .merge(list::router())
        .merge(notifications::router())
}

/// Saves a referral after identity resolution has placed it: joined to a known person,
/// or a new person with possible same persons to review. Anonymous counts skip linkage.
pub async fn save_referral(
    store: &Store,
    people: &PeopleIndex,
    actor: Option<Uuid>,
    agency: Option<Uuid>,
    referred_on: Date,
    referral: ParsedReferral,
) -> Result<CreatedReferral, StoreError> {
    let ParsedReferral::Identified(fields) = &referral else {
        return store
            .create_referral(
                actor,
                NewReferral {
                    agency,
                    referred_on,
                    referral,
                    placement: Placement::NewPerson,
                    reviews: Vec::new(),
                },
            )
            .await;
    };
    let mut record = identity::person_record(&identity_row(fields));
    let mut guard = people.lock(store).await?;
    let index = guard.as_mut().expect("lock builds the index");
    let decision = index.decide(store, &record).await?;
    let created = store
        .create_referral(
            actor,
            NewReferral {
                agency,
                referred_on,
                referral,
                placement: decision.placement,
                reviews: decision.reviews,
            },
        )
        .await?;
    record.id = created.id.to_string();
    index.add(store, created.id, record).await?;
    Ok(created)
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

/// Ends consent where its dates say so, and drops the erased referrals from the index.
/// Run before the list and referral pages are read, so nobody sees a lapsed consent.
pub async fn apply_consent_dates(state: &AppState, today: Date) -> Result<(), AppError> {
    let ended = state.store.apply_consent_dates(today).await?;
    if !ended.is_empty() {
        let mut guard = state.people.lock(&state.store).await?;
        if let Some(index) = guard.as_mut() {
            index.remove(&ended);
        }
    }
    Ok(())
}

fn require_list(user: &User) -> Result<(), AppError> {
    if user.can_manage_list() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
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

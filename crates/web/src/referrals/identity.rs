//! Identity resolution in the app (B2): every referral, as it is saved, is weighed by the
//! linkage engine against every referral already on the list.
//!
//! The engine is pure and in memory, so the app keeps one [`Linker`] over the referrals
//! whose consent holds, built on first use from the store and grown as referrals are saved.
//! The model is trained on the community's own records and stored with its date; it is
//! retrained when the records have grown by a tenth, and an administrator can retrain it.
//! Until the community has [`OWN_RECORDS_FOR_TRAINING`] referrals, the model learns from
//! the engine's synthetic referrals too: a few hundred records cannot estimate how often
//! two strangers share a birth date. See decision 0010.
//!
//! Saves are serialized through the index's lock, so two referrals of one person arriving
//! together cannot both miss each other.

use passerelle_linkage::generate::{SyntheticSpec, synthetic};
use passerelle_linkage::model::Model;
use passerelle_linkage::{BirthDate, LinkKind, Linker, PersonRecord, Thresholds};
use passerelle_store::{IdentityRow, Placement, PossibleSame, ReferralBatch, Store, StoreError};
use std::collections::{HashMap, HashSet};
use tokio::sync::{Mutex, MutexGuard};
use uuid::Uuid;

/// Below this many referrals of its own, a community's model also learns from synthetic ones.
pub const OWN_RECORDS_FOR_TRAINING: usize = 2_000;
/// Fixed, so that training the same records twice gives the same model.
const TRAINING_SEED: u64 = 2026;

/// The linker over the list's referrals, shared by every request.
#[derive(Default)]
pub struct PeopleIndex {
    inner: Mutex<Option<Indexed>>,
}

pub struct Indexed {
    linker: Linker,
    /// The referral of each of the linker's records.
    referrals: Vec<Uuid>,
    /// Records whose consent has ended since the linker was built: never proposed again.
    removed: HashSet<usize>,
    by_referral: HashMap<Uuid, usize>,
    /// How many records the model was trained on.
    trained_on: usize,
    /// The latest referral the index knows of, and the identity version it was built at
    /// (see `Store::identity_state`).
    latest_seq: i64,
    version: i64,
}

/// What identity resolution decided for a new referral (by default: a new person, nothing
/// to review).
#[derive(Default)]
pub struct Decision {
    pub placement: Placement,
    pub reviews: Vec<PossibleSame>,
}

/// The identifying fields of a referral as the engine reads them.
pub fn person_record(row: &IdentityRow) -> PersonRecord {
    PersonRecord {
        id: row.referral_id.to_string(),
        given_name: row.given_name.clone(),
        family_name: row.family_name.clone(),
        other_names: row.other_names.clone(),
        birth_date: BirthDate::parse(&row.birth_date),
        sex: row.sex_gender.clone(),
        phone: row.phone.clone(),
        email: row.email.clone(),
        street: row.last_address.clone(),
        city: String::new(),
        postal_code: row.postal_code.clone(),
        identifier: row.identifier.clone(),
    }
}

/// Trains a model on `records`, with synthetic referrals alongside while the community's
/// own are too few. Returns the model and whether synthetic records were used.
pub fn train(records: &[PersonRecord]) -> (Model, bool) {
    let synthetic_used = records.len() < OWN_RECORDS_FOR_TRAINING;
    let mut all = records.to_vec();
    if synthetic_used {
        all.extend(
            synthetic(&SyntheticSpec {
                people: 4_000,
                duplicated: 0.2,
                contact_details: true,
                seed: TRAINING_SEED,
            })
            .records,
        );
    }
    let mut linker = Linker::new(all);
    let pairs = linker.candidate_pairs();
    linker.train(
        &pairs,
        Linker::random_pairs_for(linker.len()),
        TRAINING_SEED,
    );
    (linker.model, synthetic_used)
}

fn internal(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

impl PeopleIndex {
    /// The index, built from the store on first use (and trained if no model is stored).
    pub async fn lock(&self, store: &Store) -> Result<MutexGuard<'_, Option<Indexed>>, StoreError> {
        self.lock_with(store, &[]).await
    }

    /// The index, about to receive `incoming`: if it must be built and no model is stored,
    /// the model learns from the incoming records too (one training for a whole import).
    /// Referrals saved since by anyone (another app server, or `passerelle import referrals`
    /// while the app runs) are added, so nobody is missed; when a referral was erased or a
    /// model saved, by anyone, the index is rebuilt, so nobody erased is weighed.
    pub async fn lock_with(
        &self,
        store: &Store,
        incoming: &[PersonRecord],
    ) -> Result<MutexGuard<'_, Option<Indexed>>, StoreError> {
        let mut guard = self.inner.lock().await;
        let now = store.identity_state().await?;
        match guard.as_mut() {
            // Built, and nothing it holds was erased nor a model saved since: only the
            // referrals saved since are added.
            Some(index) if index.version == now.version => {
                if index.latest_seq != now.latest_seq {
                    for row in store.identity_rows_after(index.latest_seq).await? {
                        if !index.by_referral.contains_key(&row.referral_id) {
                            index.add(row.referral_id, person_record(&row));
                        }
                    }
                    index.latest_seq = now.latest_seq;
                }
            }
            // Never built, or a referral erased or a model saved (here or on another
            // server): built again from the store, with the model last saved. (A model this
            // build trains and saves moves the number once more: one more rebuild, once.)
            _ => {
                let mut index = Indexed::build(store, incoming).await?;
                index.latest_seq = now.latest_seq;
                index.version = now.version;
                *guard = Some(index);
            }
        }
        Ok(guard)
    }

    /// Forgets the index, so the next use rebuilds it from the store (after an import or a
    /// change made outside the app).
    pub async fn reset(&self) {
        *self.inner.lock().await = None;
    }
}

impl Indexed {
    async fn build(store: &Store, incoming: &[PersonRecord]) -> Result<Indexed, StoreError> {
        let rows = store.identity_rows().await?;
        let records: Vec<PersonRecord> = rows.iter().map(person_record).collect();
        let referrals: Vec<Uuid> = rows.iter().map(|r| r.referral_id).collect();
        let stored = store.linkage_model().await?;
        let (model, trained_on) = match stored {
            Some(s) => (
                serde_json::from_str::<Model>(&s.model).map_err(internal)?,
                s.records.max(0) as usize,
            ),
            None => {
                let mut learn_from = records.clone();
                learn_from.extend_from_slice(incoming);
                let count = learn_from.len();
                let (model, synthetic) = tokio::task::spawn_blocking(move || train(&learn_from))
                    .await
                    .map_err(internal)?;
                let json = serde_json::to_string(&model).map_err(internal)?;
                store
                    .save_linkage_model(None, count as i64, synthetic, &json)
                    .await?;
                (model, count)
            }
        };
        let mut linker = Linker::new(records);
        linker.model = model;
        Ok(Indexed {
            by_referral: referrals.iter().enumerate().map(|(i, r)| (*r, i)).collect(),
            linker,
            referrals,
            removed: HashSet::new(),
            trained_on,
            latest_seq: 0,
            version: 0,
        })
    }

    /// Where a new referral goes: joined to the most likely person when the engine is sure
    /// and other fields corroborate the names; otherwise a new person, with every person it
    /// may be (one review item each, for their most likely referral).
    pub async fn decide(
        &self,
        batch: &mut ReferralBatch,
        record: &PersonRecord,
    ) -> Result<Decision, StoreError> {
        let thresholds = Thresholds::default();
        let candidates: Vec<_> = self
            .linker
            .candidates(record, thresholds.review)
            .into_iter()
            .filter(|c| !self.removed.contains(&c.index))
            .collect();
        let ids: Vec<Uuid> = candidates.iter().map(|c| self.referrals[c.index]).collect();
        let persons: HashMap<Uuid, Option<Uuid>> =
            batch.persons_of(&ids).await?.into_iter().collect();
        let mut seen_persons = HashSet::new();
        let mut placement = Placement::NewPerson;
        let mut reviews = Vec::new();
        for (c, referral) in candidates.iter().zip(&ids) {
            let Some(Some(person)) = persons.get(referral) else {
                continue;
            };
            if !seen_persons.insert(*person) {
                continue; // one item per person: their most likely referral
            }
            let same = PossibleSame {
                candidate_referral: *referral,
                probability: c.explanation.probability,
                explanation: serde_json::to_string(&c.explanation).map_err(internal)?,
            };
            // Names alone are never sure here: whether a name points to one person needs
            // the clustering's view of every record.
            let sure = c.kind != LinkKind::NamesOnly && c.links(thresholds.link);
            if sure && placement == Placement::NewPerson {
                placement = Placement::Join(same);
            } else {
                reviews.push(same);
            }
        }
        Ok(Decision { placement, reviews })
    }

    /// Before `incoming` records are placed: retrains the model on every record, the
    /// incoming ones included, when they would grow the records it learned from by a
    /// tenth (and there are enough to learn from).
    pub async fn prepare(
        &mut self,
        store: &Store,
        actor: Option<Uuid>,
        incoming: &[PersonRecord],
    ) -> Result<(), StoreError> {
        let after = self.live() + incoming.len();
        if !incoming.is_empty() && after >= 50 && after * 10 >= self.trained_on * 11 {
            self.retrain_with(store, actor, incoming).await?;
        }
        Ok(())
    }

    /// Adds a saved referral's record.
    pub fn add(&mut self, referral: Uuid, record: PersonRecord) {
        let index = self.linker.add(record);
        self.referrals.push(referral);
        self.by_referral.insert(referral, index);
    }

    /// Referrals whose consent ended: never proposed again.
    pub fn remove(&mut self, referrals: &[Uuid]) {
        for r in referrals {
            if let Some(&i) = self.by_referral.get(r) {
                self.removed.insert(i);
            }
        }
    }

    /// How many referrals the index compares against.
    pub fn live(&self) -> usize {
        self.referrals.len() - self.removed.len()
    }

    pub fn trained_on(&self) -> usize {
        self.trained_on
    }

    /// Retrains the model on the current records and stores it.
    pub async fn retrain(&mut self, store: &Store, actor: Option<Uuid>) -> Result<(), StoreError> {
        self.retrain_with(store, actor, &[]).await
    }

    /// Retrains on the current records and `incoming` ones about to be added.
    async fn retrain_with(
        &mut self,
        store: &Store,
        actor: Option<Uuid>,
        incoming: &[PersonRecord],
    ) -> Result<(), StoreError> {
        let mut records: Vec<PersonRecord> = self
            .linker
            .records
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.removed.contains(i))
            .map(|(_, r)| r.clone())
            .collect();
        records.extend_from_slice(incoming);
        let count = records.len();
        let (model, synthetic) = tokio::task::spawn_blocking(move || train(&records))
            .await
            .map_err(internal)?;
        let json = serde_json::to_string(&model).map_err(internal)?;
        store
            .save_linkage_model(actor, count as i64, synthetic, &json)
            .await?;
        self.linker.model = model;
        self.trained_on = count;
        Ok(())
    }
}

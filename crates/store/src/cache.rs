//! What an app server keeps in memory between requests: the vocabularies (taxonomy terms and
//! areas, read by nearly every page) and the ranked answers of recent directory searches.
//!
//! Each is kept with the `data_version` number it was read under (migration 0021): triggers
//! raise that number on every write of the data, whichever app server or tool makes it, so
//! one small read per use tells whether the copy still holds. Several servers on one
//! database each keep their own copy and never serve one older than the last write they can
//! see.

use crate::{Result, Store};
use passerelle_domain::directory::{Area, Organization, TaxonomyTerm};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// Searches kept at most; past this the oldest half of what is kept goes.
const SEARCHES_KEPT: usize = 256;

/// The `data_version` numbers, read together in one query.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DataVersions {
    /// Organizations, services and their terms and areas: what a search reads.
    pub directory: i64,
    /// Taxonomy terms and areas.
    pub vocabulary: i64,
}

/// The taxonomy terms (parents before their children) and the areas (by name).
#[derive(Debug)]
pub struct Vocabularies {
    pub terms: Vec<TaxonomyTerm>,
    pub areas: Vec<Area>,
}

/// What identifies a search's whole answer (every page of it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct SearchKey {
    pub words: Vec<String>,
    pub service_types: Vec<Uuid>,
    pub population: Option<Uuid>,
    pub area: Option<Uuid>,
    pub agency_type: Option<Uuid>,
}

impl SearchKey {
    /// Whether only services may match (an organization's own text is not enough).
    pub fn has_service_criteria(&self) -> bool {
        !self.service_types.is_empty() || self.population.is_some() || self.area.is_some()
    }
}

/// The services of an organization that met a search's criteria: id and name, by name.
pub(crate) type Matched = Vec<(Uuid, String)>;

/// The organizations a search found, best first, each with the services that matched.
pub(crate) type Ranked = Vec<(Uuid, Matched)>;

/// A search's whole answer, and the organizations of the pages read so far (they change
/// with the directory's version, as the answer does).
pub(crate) struct Answer {
    pub ranked: Ranked,
    pages: Mutex<HashMap<u32, Arc<Vec<Organization>>>>,
}

impl Answer {
    pub fn new(ranked: Ranked) -> Answer {
        Answer {
            ranked,
            pages: Mutex::default(),
        }
    }

    pub fn page(&self, page: u32) -> Option<Arc<Vec<Organization>>> {
        self.pages.lock().expect("cache lock").get(&page).cloned()
    }

    pub fn keep_page(&self, page: u32, organizations: Arc<Vec<Organization>>) {
        self.pages
            .lock()
            .expect("cache lock")
            .insert(page, organizations);
    }
}

struct Kept<T> {
    version: i64,
    value: Option<T>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept {
            version: 0,
            value: None,
        }
    }
}

#[derive(Default)]
struct Searches {
    version: i64,
    /// In the order they were kept, to let the oldest go first.
    order: Vec<SearchKey>,
    answers: HashMap<SearchKey, Arc<Answer>>,
}

#[derive(Default)]
pub(crate) struct Caches {
    vocabularies: Mutex<Kept<Arc<Vocabularies>>>,
    searches: Mutex<Searches>,
}

impl Store {
    pub(crate) async fn data_versions(&self) -> Result<DataVersions> {
        let [directory, vocabulary] = self
            .data_version_numbers(&["directory", "vocabulary"])
            .await?[..]
        else {
            unreachable!("one number per kind asked");
        };
        Ok(DataVersions {
            directory,
            vocabulary,
        })
    }

    /// The numbers of the named kinds of data (rows of `data_version`), in the order asked,
    /// read in one query: what a kept answer built from those kinds was read under. A
    /// kind without a row reads as 0.
    pub async fn data_version_numbers(&self, names: &[&str]) -> Result<Vec<i64>> {
        let mut numbers = vec![0; names.len()];
        for row in sqlx::query("SELECT name, n FROM data_version")
            .fetch_all(&self.read)
            .await?
        {
            let name = crate::rows::text(&row, "name")?;
            if let Some(i) = names.iter().position(|n| *n == name) {
                numbers[i] = crate::rows::i64_at(&row, 1)?;
            }
        }
        Ok(numbers)
    }

    /// The taxonomy terms and areas, read again only when they have changed.
    pub async fn vocabularies(&self) -> Result<Arc<Vocabularies>> {
        let versions = self.data_versions().await?;
        self.vocabularies_at(versions.vocabulary).await
    }

    /// The vocabularies as of `version` or later.
    pub(crate) async fn vocabularies_at(&self, version: i64) -> Result<Arc<Vocabularies>> {
        {
            let kept = self.caches.vocabularies.lock().expect("cache lock");
            if let Some(value) = kept.value.as_ref().filter(|_| kept.version >= version) {
                return Ok(value.clone());
            }
        }
        let read = Arc::new(Vocabularies {
            terms: self.read_terms().await?,
            areas: self.read_areas().await?,
        });
        let mut kept = self.caches.vocabularies.lock().expect("cache lock");
        // A copy read under an older version than one kept meanwhile is not kept.
        if kept.value.is_none() || kept.version <= version {
            *kept = Kept {
                version,
                value: Some(read.clone()),
            };
        }
        Ok(read)
    }

    /// The answer to `key` kept under the directory's `version`, if there is one.
    pub(crate) fn kept_search(&self, key: &SearchKey, version: i64) -> Option<Arc<Answer>> {
        let searches = self.caches.searches.lock().expect("cache lock");
        (searches.version == version)
            .then(|| searches.answers.get(key).cloned())
            .flatten()
    }

    /// Keeps `answer` as the answer to `key` read under the directory's `version`.
    pub(crate) fn keep_search(&self, key: SearchKey, version: i64, answer: Arc<Answer>) {
        let mut searches = self.caches.searches.lock().expect("cache lock");
        if version > searches.version {
            *searches = Searches {
                version,
                ..Default::default()
            };
        } else if version < searches.version {
            return;
        }
        if searches.answers.len() >= SEARCHES_KEPT {
            let oldest: Vec<SearchKey> = searches.order.drain(..SEARCHES_KEPT / 2).collect();
            for key in oldest {
                searches.answers.remove(&key);
            }
        }
        if searches.answers.insert(key.clone(), answer).is_none() {
            searches.order.push(key);
        }
    }
}

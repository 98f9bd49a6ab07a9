//! What an app server keeps in memory between requests: the vocabularies (taxonomy terms and
//! areas, read by nearly every page) and the ranked answers of recent directory searches.
//!
//! Each is kept with the `data_version` number it was read under (migration 0021): triggers
//! raise that number on every write of the data, whichever app server or tool makes it, so
//! one small read per use tells whether the copy still holds. Several servers on one
//! database each keep their own copy and never serve one older than the last write they can
//! see.

use crate::{Result, Store};
use passerelle_domain::directory::{Area, TaxonomyTerm};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// Searches kept at most; past this the oldest half of what is kept goes.
const SEARCHES_KEPT: usize = 256;

/// The kinds of data with a version (the rows of `data_version`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum DataKind {
    /// Organizations, services and their terms and areas: what a search reads.
    Directory,
    /// Taxonomy terms and areas.
    Vocabulary,
}

impl DataKind {
    fn name(self) -> &'static str {
        match self {
            DataKind::Directory => "directory",
            DataKind::Vocabulary => "vocabulary",
        }
    }
}

#[derive(Debug)]
pub(crate) struct Vocabularies {
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

/// The organizations a search found, best first, each with the services that matched.
pub(crate) type Ranked = Vec<(Uuid, Vec<(Uuid, String)>)>;

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
    answers: HashMap<SearchKey, Arc<Ranked>>,
}

#[derive(Default)]
pub(crate) struct Caches {
    vocabularies: Mutex<Kept<Arc<Vocabularies>>>,
    searches: Mutex<Searches>,
}

impl Store {
    pub(crate) async fn data_version(&self, kind: DataKind) -> Result<i64> {
        let row = sqlx::query("SELECT n FROM data_version WHERE name = $1")
            .bind(kind.name())
            .fetch_one(&self.read)
            .await?;
        crate::rows::i64_at(&row, 0)
    }

    /// The taxonomy terms and areas, read again only when they have changed.
    pub(crate) async fn vocabularies(&self) -> Result<Arc<Vocabularies>> {
        let version = self.data_version(DataKind::Vocabulary).await?;
        {
            let kept = self.caches.vocabularies.lock().expect("cache lock");
            if let Some(value) = kept.value.as_ref().filter(|_| kept.version == version) {
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

    /// The kept answer to `key`, if the directory has not changed since it was kept; else
    /// the version to keep a fresh answer under.
    pub(crate) async fn kept_search(
        &self,
        key: &SearchKey,
    ) -> Result<std::result::Result<Arc<Ranked>, i64>> {
        let version = self.data_version(DataKind::Directory).await?;
        let searches = self.caches.searches.lock().expect("cache lock");
        if searches.version != version {
            return Ok(Err(version));
        }
        Ok(searches.answers.get(key).cloned().ok_or(version))
    }

    /// Keeps `ranked` as the answer to `key` read under `version`.
    pub(crate) fn keep_search(&self, key: SearchKey, version: i64, ranked: Arc<Ranked>) {
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
        if searches.answers.insert(key.clone(), ranked).is_none() {
            searches.order.push(key);
        }
    }
}

//! Directory search: by words (accents and case ignored, any part of a word), service type
//! (with narrower terms), population, area and agency type.
//!
//! Words are found through the search index (`search_document`, migration 0021): one
//! document per service holding its organization's folded text and its own, one per
//! organization holding its own. SQLite indexes the documents' trigrams with FTS5,
//! PostgreSQL with `pg_trgm`; both answer the same `LIKE '%word%'`, so both databases find
//! the same documents, and the ranking is computed here, the same for both.

use crate::cache::{Answer, Matched, Ranked, SearchKey, Vocabularies};
use crate::rows::{SqlBuilder, id, opt_id, opt_text, text};
use crate::{Backend, Result, Store};
use passerelle_domain::directory::{
    DirectoryQuery, SearchHit, SearchResults, relevance, search_words, with_descendants,
};
use passerelle_domain::text::fold;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// Shorter words cannot use a trigram index: they only filter what the longer ones found.
const INDEXED_LENGTH: usize = 3;

/// ` AND …` keeping the search documents `doc` that hold every one of `words`.
pub(crate) fn push_words(b: &mut SqlBuilder, backend: Backend, doc: &str, words: &[String]) {
    let (indexed, short): (Vec<&String>, Vec<&String>) = words
        .iter()
        .partition(|w| w.chars().count() >= INDEXED_LENGTH);
    match backend {
        Backend::Sqlite => {
            if !indexed.is_empty() {
                // Each word a phrase of its trigrams: found where they stand in a row, as in
                // LIKE '%word%', from the index alone. Words hold no quote (see search_words).
                let phrases: Vec<String> = indexed.iter().map(|w| format!("\"{w}\"")).collect();
                b.push(&format!(
                    " AND {doc}.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH "
                ))
                .bind_text(phrases.join(" "))
                .push(")");
            }
            for word in short {
                b.push(&format!(" AND {doc}.body LIKE "))
                    .bind_text(format!("%{word}%"));
            }
        }
        Backend::Postgres => {
            for word in indexed {
                b.push(&format!(" AND {doc}.body LIKE "))
                    .bind_text(format!("%{word}%"));
            }
            // Not LIKE: the planner would look a pattern without trigrams up in the index,
            // which means reading all of it.
            for word in short {
                b.push(&format!(" AND strpos({doc}.body, "))
                    .bind_text(word.clone())
                    .push(") > 0");
            }
        }
    }
}

/// Writes the search documents of the services a `WHERE` on `s` (service) or `o` (its
/// organization) picks: the organization's folded text, then the service's.
const WRITE_SERVICE_DOCUMENTS: &str = "INSERT INTO search_document \
     (organization_id, service_id, organization_key, service_name, body) \
     SELECT o.id, s.id, o.name_key, s.name, o.search_text || ' ' || s.search_text \
     FROM service s JOIN organization o ON o.id = s.organization_id";

/// Rewrites the search documents of the organization `organization_id` and its services
/// from what is stored: called whenever the organization is written.
pub(crate) async fn index_organization(
    conn: &mut AnyConnection,
    organization_id: Uuid,
) -> Result<()> {
    let key = organization_id.to_string();
    sqlx::query("DELETE FROM search_document WHERE organization_id = $1")
        .bind(&key)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO search_document (organization_id, service_id, organization_key, service_name, body) \
         SELECT id, NULL, name_key, NULL, search_text FROM organization WHERE id = $1",
    )
    .bind(&key)
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!("{WRITE_SERVICE_DOCUMENTS} WHERE o.id = $1"))
        .bind(&key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Rewrites the search document of the service `service_id`: called whenever it is written.
pub(crate) async fn index_service(conn: &mut AnyConnection, service_id: Uuid) -> Result<()> {
    let key = service_id.to_string();
    sqlx::query("DELETE FROM search_document WHERE service_id = $1")
        .bind(&key)
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!("{WRITE_SERVICE_DOCUMENTS} WHERE s.id = $1"))
        .bind(&key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

impl Store {
    /// One page of organizations matching `query` with the services that matched, the best
    /// answers first when words were given, else by name.
    ///
    /// A search's whole answer, and each page's organizations once read, are kept in memory
    /// while the directory does not change: paging, or the same filters asked again, read
    /// only the data versions.
    pub async fn search(&self, query: &DirectoryQuery) -> Result<SearchResults> {
        Ok(self.search_with_vocabularies(query).await?.0)
    }

    /// [`Store::search`], and the vocabularies a search page offers as filters, read under
    /// the same data versions.
    pub async fn search_with_vocabularies(
        &self,
        query: &DirectoryQuery,
    ) -> Result<(SearchResults, Arc<Vocabularies>)> {
        let versions = self.data_versions().await?;
        let vocabularies = self.vocabularies_at(versions.vocabulary).await?;
        let key = SearchKey {
            words: search_words(query.text.as_deref().unwrap_or_default()),
            service_types: match query.service_type {
                Some(root) => with_descendants(&vocabularies.terms, root),
                None => Vec::new(),
            },
            population: query.population,
            area: query.area,
            agency_type: query.agency_type,
        };
        let answer = match self.kept_search(&key, versions.directory) {
            Some(answer) => answer,
            None => {
                let answer = Arc::new(Answer::new(self.rank(&key).await?));
                self.keep_search(key, versions.directory, answer.clone());
                answer
            }
        };
        let start = (u64::from(query.page) * u64::from(DirectoryQuery::PAGE_SIZE)) as usize;
        let page: Vec<&(Uuid, Matched)> = answer
            .ranked
            .iter()
            .skip(start)
            .take(DirectoryQuery::PAGE_SIZE as usize)
            .collect();
        let organizations = match answer.page(query.page) {
            Some(organizations) => organizations,
            None => {
                let ids: Vec<Uuid> = page.iter().map(|(org, _)| *org).collect();
                // One query for the page's organizations and one for their terms.
                let mut by_id = self.organizations_by_id(&ids).await?;
                let organizations = Arc::new(
                    ids.iter()
                        .map(|id| by_id.remove(id).ok_or(crate::StoreError::NotFound))
                        .collect::<Result<Vec<_>>>()?,
                );
                answer.keep_page(query.page, organizations.clone());
                organizations
            }
        };
        let results = SearchResults {
            total: answer.ranked.len() as u64,
            page: query.page,
            hits: organizations
                .iter()
                .zip(page)
                .map(|(organization, (_, services))| SearchHit {
                    organization: organization.clone(),
                    matched_services: services.clone(),
                })
                .collect(),
        };
        Ok((results, vocabularies))
    }

    /// Reads every search document meeting the criteria, in one query, and ranks the
    /// organizations they belong to (by name alone when no words were given).
    async fn rank(&self, key: &SearchKey) -> Result<Ranked> {
        let mut b = SqlBuilder::default();
        b.push(
            "SELECT d.organization_id, d.service_id, d.organization_key, d.service_name \
             FROM search_document d WHERE 1 = 1",
        );
        if key.words.is_empty() && !key.has_service_criteria() {
            // Every organization: its own document alone.
            b.push(" AND d.service_id IS NULL");
        }
        push_words(&mut b, self.backend, "d", &key.words);
        // A service criterion leaves out the organizations' own documents, whose
        // service_id is NULL and so never IN a list.
        if !key.service_types.is_empty() {
            b.push(" AND d.service_id IN (SELECT a.link_id FROM attribute a WHERE a.taxonomy_term_id IN ")
                .bind_ids(&key.service_types)
                .push(")");
        }
        if let Some(population) = key.population {
            b.push(" AND d.service_id IN (SELECT a.link_id FROM attribute a WHERE a.taxonomy_term_id = ")
                .bind_text(population.to_string())
                .push(")");
        }
        if let Some(area) = key.area {
            b.push(" AND d.service_id IN (SELECT sa.service_id FROM service_area sa WHERE sa.area_id = ")
                .bind_text(area.to_string())
                .push(")");
        }
        if let Some(agency_type) = key.agency_type {
            b.push(" AND d.organization_id IN (SELECT a.link_id FROM attribute a WHERE a.taxonomy_term_id = ")
                .bind_text(agency_type.to_string())
                .push(")");
        }

        // Each organization's folded name and matched services.
        let mut found: HashMap<Uuid, (String, Matched)> = HashMap::new();
        for r in b.query().fetch_all(&self.read).await? {
            let entry = found
                .entry(id(&r, "organization_id")?)
                .or_insert((text(&r, "organization_key")?, Vec::new()));
            if let (Some(service), Some(name)) =
                (opt_id(&r, "service_id")?, opt_text(&r, "service_name")?)
            {
                entry.1.push((service, name));
            }
        }
        let mut ranked: Vec<(u32, String, Uuid, Matched)> = found
            .into_iter()
            .map(|(org, (name_key, mut services))| {
                let score = if key.words.is_empty() {
                    0
                } else {
                    let keys: Vec<String> = services.iter().map(|s| fold(&s.1)).collect();
                    relevance(&key.words, &name_key, &keys)
                };
                services.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
                (score, name_key, org, services)
            })
            .collect();
        ranked.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| a.1.cmp(&b.1))
                .then_with(|| a.2.cmp(&b.2))
        });
        Ok(ranked
            .into_iter()
            .map(|(_, _, org, services)| (org, services))
            .collect())
    }
}

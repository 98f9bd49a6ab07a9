//! Directory search: by words (accents and case ignored, any part of a word), service type
//! (with narrower terms), population, area and agency type.
//!
//! Words are found through the search index (`search_document`, migration 0021): one
//! document per service holding its organization's folded text and its own, one per
//! organization holding its own. SQLite indexes the documents' trigrams with FTS5,
//! PostgreSQL with `pg_trgm`; both answer the same `LIKE '%word%'`, so both databases find
//! the same documents, and the ranking is computed here, the same for both.

use crate::cache::{Ranked, SearchKey};
use crate::rows::{SqlBuilder, i64_at, id, opt_id, opt_text, text};
use crate::{Backend, Result, Store};
use passerelle_domain::directory::{
    DirectoryQuery, SearchHit, SearchResults, relevance, search_words, with_descendants,
};
use passerelle_domain::text::fold;
use sqlx::AnyConnection;
use std::collections::HashMap;
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
    sqlx::query(
        "INSERT INTO search_document (organization_id, service_id, organization_key, service_name, body) \
         SELECT o.id, s.id, o.name_key, s.name, o.search_text || ' ' || s.search_text \
         FROM service s JOIN organization o ON o.id = s.organization_id WHERE o.id = $1",
    )
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
    sqlx::query(
        "INSERT INTO search_document (organization_id, service_id, organization_key, service_name, body) \
         SELECT o.id, s.id, o.name_key, s.name, o.search_text || ' ' || s.search_text \
         FROM service s JOIN organization o ON o.id = s.organization_id WHERE s.id = $1",
    )
    .bind(&key)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// One page of organizations matching `query` with the services that matched, the best
    /// answers first when words were given, else by name.
    pub async fn search(&self, query: &DirectoryQuery) -> Result<SearchResults> {
        let words = search_words(query.text.as_deref().unwrap_or_default());
        let (total, ids, mut matched) = if words.is_empty() && !query.has_service_criteria() {
            let (total, ids) = self.browse(query).await?;
            (total, ids, HashMap::new())
        } else {
            self.find(query, &words).await?
        };

        // One query for the page's organizations and one for their terms, whatever the page size.
        let mut organizations = self.organizations_by_id(&ids).await?;
        let mut hits = Vec::with_capacity(ids.len());
        for org_id in ids {
            let organization = organizations
                .remove(&org_id)
                .ok_or(crate::StoreError::NotFound)?;
            hits.push(SearchHit {
                organization,
                matched_services: matched.remove(&org_id).unwrap_or_default(),
            });
        }
        Ok(SearchResults {
            total,
            page: query.page,
            hits,
        })
    }

    /// Every organization (of an agency type, if asked), by name: the name index pages them.
    async fn browse(&self, query: &DirectoryQuery) -> Result<(u64, Vec<Uuid>)> {
        let mut filter = SqlBuilder::default();
        filter.push(" FROM organization o");
        if let Some(agency_type) = query.agency_type {
            filter
                .push(
                    " WHERE o.id IN (SELECT a.link_id FROM attribute a WHERE a.taxonomy_term_id = ",
                )
                .bind_text(agency_type.to_string())
                .push(")");
        }
        let mut count = SqlBuilder::default();
        count.push("SELECT COUNT(*)").append(&filter);
        let total = i64_at(&count.query().fetch_one(&self.read).await?, 0)?;
        let mut page = SqlBuilder::default();
        page.push("SELECT o.id").append(&filter).push(&format!(
            " ORDER BY o.name_key LIMIT {} OFFSET {}",
            DirectoryQuery::PAGE_SIZE,
            u64::from(query.page) * u64::from(DirectoryQuery::PAGE_SIZE)
        ));
        let ids = page
            .query()
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| id(r, "id"))
            .collect::<Result<_>>()?;
        Ok((total.max(0) as u64, ids))
    }

    /// Every organization meeting the criteria with its matched services, best first: kept
    /// in memory while the directory does not change, so that paging, or the same filters
    /// asked again, read nothing but the page.
    async fn find(
        &self,
        query: &DirectoryQuery,
        words: &[String],
    ) -> Result<(u64, Vec<Uuid>, HashMap<Uuid, Vec<(Uuid, String)>>)> {
        let key = SearchKey {
            words: words.to_vec(),
            service_types: match query.service_type {
                Some(root) => with_descendants(&self.terms().await?, root),
                None => Vec::new(),
            },
            population: query.population,
            area: query.area,
            agency_type: query.agency_type,
        };
        let ranked = match self.kept_search(&key).await? {
            Ok(ranked) => ranked,
            Err(version) => {
                let ranked = std::sync::Arc::new(self.rank(&key).await?);
                self.keep_search(key, version, ranked.clone());
                ranked
            }
        };
        let start = (u64::from(query.page) * u64::from(DirectoryQuery::PAGE_SIZE)) as usize;
        let page = ranked
            .iter()
            .skip(start)
            .take(DirectoryQuery::PAGE_SIZE as usize);
        let ids = page.clone().map(|(org, _)| *org).collect();
        let matched = page
            .filter(|(_, services)| !services.is_empty())
            .map(|(org, services)| (*org, services.clone()))
            .collect();
        Ok((ranked.len() as u64, ids, matched))
    }

    /// Reads every search document meeting the criteria, in one query, and ranks the
    /// organizations they belong to.
    async fn rank(&self, key: &SearchKey) -> Result<Ranked> {
        let mut b = SqlBuilder::default();
        b.push(
            "SELECT d.organization_id, d.service_id, d.organization_key, d.service_name \
             FROM search_document d WHERE 1 = 1",
        );
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
        let mut found: HashMap<Uuid, (String, Vec<(Uuid, String)>)> = HashMap::new();
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
        let mut ranked: Vec<(u32, String, Uuid, Vec<(Uuid, String)>)> = found
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

//! Directory search: by words (accents and case ignored), service type (with narrower
//! terms), population, area and agency type.

use crate::rows::{SqlBuilder, i64_at, id, text};
use crate::{Result, Store};
use passerelle_domain::directory::{DirectoryQuery, SearchHit, SearchResults, with_descendants};
use passerelle_domain::text::fold;
use std::collections::HashMap;
use uuid::Uuid;

/// Words beyond this many are ignored: they add cost, not precision.
const MAX_WORDS: usize = 8;

struct Criteria {
    words: Vec<String>,
    service_types: Vec<Uuid>,
    population: Option<Uuid>,
    area: Option<Uuid>,
}

impl Criteria {
    fn has_service_criteria(&self) -> bool {
        !self.service_types.is_empty() || self.population.is_some() || self.area.is_some()
    }

    /// ` AND …` for each criterion a service `s` of organization `o` must meet; the words
    /// may appear in either the service's or its organization's text.
    fn push_service_conditions(&self, b: &mut SqlBuilder) {
        if !self.service_types.is_empty() {
            b.push(" AND EXISTS (SELECT 1 FROM attribute a WHERE a.link_id = s.id AND a.taxonomy_term_id IN ")
                .bind_ids(&self.service_types)
                .push(")");
        }
        if let Some(population) = self.population {
            b.push(" AND EXISTS (SELECT 1 FROM attribute a WHERE a.link_id = s.id AND a.taxonomy_term_id = ")
                .bind_text(population.to_string())
                .push(")");
        }
        if let Some(area) = self.area {
            b.push(" AND EXISTS (SELECT 1 FROM service_area sa WHERE sa.service_id = s.id AND sa.area_id = ")
                .bind_text(area.to_string())
                .push(")");
        }
        self.push_words(b, "(o.search_text || ' ' || s.search_text)");
    }

    fn push_words(&self, b: &mut SqlBuilder, column: &str) {
        for word in &self.words {
            b.push(" AND ")
                .push(column)
                .push(" LIKE ")
                .bind_text(format!("%{word}%"));
        }
    }
}

/// The words of a search, folded (accents and case ignored). Folding leaves only letters,
/// digits and spaces, so no word holds a LIKE wildcard.
pub(crate) fn search_words(text: Option<&str>) -> Vec<String> {
    text.map(fold)
        .unwrap_or_default()
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(str::to_owned)
        .collect()
}

impl Store {
    /// One page of organizations matching `query`, by name, with the services that matched.
    pub async fn search(&self, query: &DirectoryQuery) -> Result<SearchResults> {
        let service_types = match query.service_type {
            Some(root) => with_descendants(&self.terms().await?, root),
            None => Vec::new(),
        };
        let criteria = Criteria {
            words: search_words(query.text.as_deref()),
            service_types,
            population: query.population,
            area: query.area,
        };

        let mut filter = SqlBuilder::default();
        filter.push(" FROM organization o WHERE 1 = 1");
        if let Some(agency_type) = query.agency_type {
            filter
                .push(" AND EXISTS (SELECT 1 FROM attribute a WHERE a.link_id = o.id AND a.taxonomy_term_id = ")
                .bind_text(agency_type.to_string())
                .push(")");
        }
        if criteria.has_service_criteria() || !criteria.words.is_empty() {
            filter.push(" AND (EXISTS (SELECT 1 FROM service s WHERE s.organization_id = o.id");
            criteria.push_service_conditions(&mut filter);
            filter.push(")");
            if !criteria.has_service_criteria() {
                // Without service criteria an organization also matches by its own text,
                // even when it has no services yet.
                filter.push(" OR (1 = 1");
                criteria.push_words(&mut filter, "o.search_text");
                filter.push(")");
            }
            filter.push(")");
        }

        let mut count = SqlBuilder::default();
        count.push("SELECT COUNT(*)");
        count.append(&filter);
        let total = i64_at(&count.query().fetch_one(&self.read).await?, 0)?;

        let mut page = SqlBuilder::default();
        page.push("SELECT o.id");
        page.append(&filter);
        page.push(&format!(
            " ORDER BY o.name_key LIMIT {} OFFSET {}",
            DirectoryQuery::PAGE_SIZE,
            u64::from(query.page) * u64::from(DirectoryQuery::PAGE_SIZE)
        ));
        let ids: Vec<Uuid> = page
            .query()
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| id(r, "id"))
            .collect::<Result<_>>()?;

        let mut matched: HashMap<Uuid, Vec<(Uuid, String)>> = HashMap::new();
        if !ids.is_empty() && (criteria.has_service_criteria() || !criteria.words.is_empty()) {
            let mut services = SqlBuilder::default();
            services
                .push("SELECT s.id, s.name, s.organization_id FROM service s JOIN organization o ON o.id = s.organization_id WHERE s.organization_id IN ")
                .bind_ids(&ids);
            criteria.push_service_conditions(&mut services);
            services.push(" ORDER BY s.name, s.id");
            for r in services.query().fetch_all(&self.read).await? {
                matched
                    .entry(id(&r, "organization_id")?)
                    .or_default()
                    .push((id(&r, "id")?, text(&r, "name")?));
            }
        }

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
            total: total.max(0) as u64,
            page: query.page,
            hits,
        })
    }
}

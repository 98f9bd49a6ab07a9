//! The queries behind the read-only HSDS API (`/hsds/`): which services, organizations or
//! services at locations a page of the standard's list holds, filtered as the standard's
//! parameters say (each one narrowing the others). The records themselves are loaded with
//! [`Store::directory_records`] and written by the `passerelle-hsds` crate.

use crate::rows::{SqlBuilder, i64_at, id};
use crate::search::push_words;
use crate::{Backend, Result, Store, timestamp};
use passerelle_domain::directory::{search_words, with_descendants};
use uuid::Uuid;

/// The standard's list parameters, parsed.
#[derive(Debug, Clone, Default)]
pub struct HsdsQuery {
    /// Words to find in a service's or its organization's names and descriptions (accents
    /// and case ignored, French texts included).
    pub search: Option<String>,
    /// Services with this term, or a narrower one.
    pub taxonomy_term_id: Option<Uuid>,
    /// Services with any term of this taxonomy.
    pub taxonomy_id: Option<Uuid>,
    pub organization_id: Option<Uuid>,
    /// Services changed at or after this time.
    pub modified_after: Option<time::OffsetDateTime>,
    /// Services at a location with this postal code (spaces and case ignored).
    pub postcode: Option<String>,
    /// From 1, as the standard counts.
    pub page: u32,
    pub per_page: u32,
}

/// One page of ids, the total they were taken from, and the organizations whose records
/// hold them (to load in one go).
#[derive(Debug, Clone, Default)]
pub struct HsdsPage {
    pub total: u64,
    pub ids: Vec<Uuid>,
    pub organizations: Vec<Uuid>,
}

impl HsdsQuery {
    fn offset(&self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(self.per_page)
    }

    /// ` AND …` for each criterion a service `s` of organization `o` must meet.
    fn push_service_conditions(&self, b: &mut SqlBuilder, backend: Backend, narrower: &[Uuid]) {
        if self.taxonomy_term_id.is_some() {
            b.push(" AND EXISTS (SELECT 1 FROM attribute a WHERE a.link_id = s.id AND a.taxonomy_term_id IN ")
                .bind_ids(narrower)
                .push(")");
        }
        if let Some(taxonomy) = self.taxonomy_id {
            b.push(" AND EXISTS (SELECT 1 FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id WHERE a.link_id = s.id AND t.taxonomy_id = ")
                .bind_text(taxonomy.to_string())
                .push(")");
        }
        if let Some(org) = self.organization_id {
            b.push(" AND s.organization_id = ")
                .bind_text(org.to_string());
        }
        if let Some(after) = self.modified_after {
            // Stored as RFC 3339 UTC text with whole seconds, which sorts as time does.
            b.push(" AND s.updated_at >= ").bind_text(timestamp(after));
        }
        if let Some(postcode) = &self.postcode {
            let compact: String = postcode
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_uppercase)
                .collect();
            b.push(" AND EXISTS (SELECT 1 FROM service_at_location sl JOIN location l ON l.id = sl.location_id WHERE sl.service_id = s.id AND REPLACE(UPPER(l.postal_code), ' ', '') = ")
                .bind_text(compact)
                .push(")");
        }
        let words = search_words(self.search.as_deref().unwrap_or_default());
        if !words.is_empty() {
            b.push(" AND s.id IN (SELECT d.service_id FROM search_document d WHERE 1 = 1");
            push_words(b, backend, "d", &words);
            b.push(")");
        }
    }
}

impl Store {
    async fn narrower(&self, query: &HsdsQuery) -> Result<Vec<Uuid>> {
        Ok(match query.taxonomy_term_id {
            Some(term) => with_descendants(&self.terms().await?, term),
            None => Vec::new(),
        })
    }

    /// Runs `SELECT COUNT(*)` and one page of `columns` over `from_where`, ordered by `order`.
    async fn hsds_page(
        &self,
        from_where: &SqlBuilder,
        columns: &str,
        order: &str,
        query: &HsdsQuery,
    ) -> Result<(u64, Vec<sqlx::any::AnyRow>)> {
        let mut count = SqlBuilder::default();
        count.push("SELECT COUNT(*)").append(from_where);
        let total = i64_at(&count.query().fetch_one(&self.read).await?, 0)?.max(0) as u64;
        let mut page = SqlBuilder::default();
        page.push("SELECT ")
            .push(columns)
            .append(from_where)
            .push(&format!(
                " ORDER BY {order} LIMIT {} OFFSET {}",
                query.per_page,
                query.offset()
            ));
        Ok((total, page.query().fetch_all(&self.read).await?))
    }

    /// A page of services, by name.
    pub async fn hsds_services(&self, query: &HsdsQuery) -> Result<HsdsPage> {
        let narrower = self.narrower(query).await?;
        let mut from = SqlBuilder::default();
        from.push(" FROM service s JOIN organization o ON o.id = s.organization_id WHERE 1 = 1");
        query.push_service_conditions(&mut from, self.backend, &narrower);
        let (total, rows) = self
            .hsds_page(&from, "s.id, s.organization_id", "s.name, s.id", query)
            .await?;
        page_of(total, &rows, "id")
    }

    /// A page of organizations, by name: those with a matching service, or (searched by
    /// words alone) whose own texts match.
    pub async fn hsds_organizations(&self, query: &HsdsQuery) -> Result<HsdsPage> {
        let words = search_words(query.search.as_deref().unwrap_or_default());
        let mut from = SqlBuilder::default();
        from.push(" FROM organization o WHERE 1 = 1");
        if !words.is_empty() {
            // An organization's documents are its own text and each of its services'.
            from.push(" AND o.id IN (SELECT d.organization_id FROM search_document d WHERE 1 = 1");
            push_words(&mut from, self.backend, "d", &words);
            from.push(")");
        }
        let (total, rows) = self
            .hsds_page(
                &from,
                "o.id, o.id AS organization_id",
                "o.name_key, o.id",
                query,
            )
            .await?;
        page_of(total, &rows, "id")
    }

    /// A page of services at locations, by service name then location.
    pub async fn hsds_service_at_locations(&self, query: &HsdsQuery) -> Result<HsdsPage> {
        let narrower = self.narrower(query).await?;
        let mut from = SqlBuilder::default();
        from.push(
            " FROM service_at_location x JOIN service s ON s.id = x.service_id \
             JOIN organization o ON o.id = s.organization_id WHERE 1 = 1",
        );
        query.push_service_conditions(&mut from, self.backend, &narrower);
        let (total, rows) = self
            .hsds_page(
                &from,
                "x.id, s.organization_id",
                "s.name, s.id, x.location_id",
                query,
            )
            .await?;
        page_of(total, &rows, "id")
    }

    /// The organization that holds a service or a service at a location (`table` is
    /// `service` or `service_at_location`), to load its record.
    pub async fn hsds_owner(&self, table: HsdsTable, record: Uuid) -> Result<Uuid> {
        let sql = match table {
            HsdsTable::Service => "SELECT organization_id FROM service WHERE id = $1",
            HsdsTable::ServiceAtLocation => {
                "SELECT s.organization_id FROM service_at_location x JOIN service s ON s.id = x.service_id WHERE x.id = $1"
            }
        };
        let row = sqlx::query(sql)
            .bind(record.to_string())
            .fetch_optional(&self.read)
            .await?
            .ok_or(crate::StoreError::NotFound)?;
        id(&row, "organization_id")
    }
}

/// The records the API finds by id through their organization.
#[derive(Debug, Clone, Copy)]
pub enum HsdsTable {
    Service,
    ServiceAtLocation,
}

fn page_of(total: u64, rows: &[sqlx::any::AnyRow], column: &str) -> Result<HsdsPage> {
    let mut page = HsdsPage {
        total,
        ..Default::default()
    };
    for r in rows {
        page.ids.push(id(r, column)?);
        let org = id(r, "organization_id")?;
        if !page.organizations.contains(&org) {
            page.organizations.push(org);
        }
    }
    Ok(page)
}

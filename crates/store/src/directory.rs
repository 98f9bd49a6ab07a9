//! The directory (A1): organizations, services, locations, contacts, taxonomies and areas.
//!
//! Every write goes through one `put_*` function per entity, used alike by the forms, the
//! API, the demo generator and HSDS imports, so a rule such as "a service is delivered only
//! at its own organization's locations" is enforced once.

use crate::audit::record;
use crate::rows::{SqlBuilder, id, opt_f64, opt_i64, opt_id, opt_text, reparse, text};
use crate::{Result, Store, StoreError, now};
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::directory::*;
use passerelle_domain::values::{Email, PostalCode, WebUrl};
use passerelle_domain::vocabulary::{Vocabulary, derived_id};
use passerelle_domain::{FieldErrors, text::fold};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use std::collections::HashMap;
use uuid::Uuid;

/// How many rows of each kind an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub taxonomies: usize,
    pub terms: usize,
    pub areas: usize,
    pub organizations: usize,
    pub services: usize,
    pub locations: usize,
    pub contacts: usize,
}

/// Row counts of the directory's main tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DirectoryCounts {
    pub organizations: i64,
    pub services: i64,
    pub locations: i64,
    pub contacts: i64,
}

impl Store {
    pub(crate) async fn install_vocabularies(&self) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for v in Vocabulary::ALL {
            let taxonomy = Taxonomy {
                id: v.id(),
                name: v.code().to_owned(),
                description: Some(v.description().to_owned()),
                uri: None,
                version: Some("1".to_owned()),
            };
            put_taxonomy(&mut tx, &taxonomy).await?;
            for (code, parent, en, fr) in v.terms() {
                let term = TaxonomyTerm {
                    id: v.term_id(code),
                    taxonomy_id: v.id(),
                    code: Some((*code).to_owned()),
                    name: (*en).to_owned(),
                    name_fr: Some((*fr).to_owned()),
                    description: None,
                    parent_id: parent.map(|p| v.term_id(p)),
                };
                put_term(&mut tx, &term).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn taxonomies(&self) -> Result<Vec<Taxonomy>> {
        let rows =
            sqlx::query("SELECT id, name, description, uri, version FROM taxonomy ORDER BY name")
                .fetch_all(&self.read)
                .await?;
        rows.iter()
            .map(|r| {
                Ok(Taxonomy {
                    id: id(r, "id")?,
                    name: text(r, "name")?,
                    description: opt_text(r, "description")?,
                    uri: opt_text(r, "uri")?,
                    version: opt_text(r, "version")?,
                })
            })
            .collect()
    }

    /// Every taxonomy term, parents before their children.
    pub async fn terms(&self) -> Result<Vec<TaxonomyTerm>> {
        Ok(self.vocabularies().await?.terms.clone())
    }

    /// Every area, by name.
    pub async fn areas(&self) -> Result<Vec<Area>> {
        Ok(self.vocabularies().await?.areas.clone())
    }

    pub(crate) async fn read_terms(&self) -> Result<Vec<TaxonomyTerm>> {
        let rows = sqlx::query(
            "SELECT id, taxonomy_id, code, name, name_fr, description, parent_id FROM taxonomy_term ORDER BY taxonomy_id, name",
        )
        .fetch_all(&self.read)
        .await?;
        let terms = rows
            .iter()
            .map(|r| {
                Ok(TaxonomyTerm {
                    id: id(r, "id")?,
                    taxonomy_id: id(r, "taxonomy_id")?,
                    code: opt_text(r, "code")?,
                    name: text(r, "name")?,
                    name_fr: opt_text(r, "name_fr")?,
                    description: opt_text(r, "description")?,
                    parent_id: opt_id(r, "parent_id")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(parents_first(terms))
    }

    /// Every organization's id and name, by name (for choosing an agency).
    /// Every agency's id and name, by name; kept while no agency changes (nearly every
    /// list names agencies, and a network has hundreds).
    pub async fn organization_names(&self) -> Result<Vec<(Uuid, String)>> {
        let names = self
            .kept_or_made(
                "organization-names",
                &["network"],
                String::new(),
                || async {
                    let rows = sqlx::query("SELECT id, name FROM organization ORDER BY name")
                        .fetch_all(&self.read)
                        .await?;
                    rows.iter()
                        .map(|r| Ok((id(r, "id")?, text(r, "name")?)))
                        .collect::<Result<Vec<_>>>()
                },
            )
            .await?;
        Ok(names.to_vec())
    }

    pub(crate) async fn read_areas(&self) -> Result<Vec<Area>> {
        let rows =
            sqlx::query("SELECT id, name, name_fr, latitude, longitude FROM area ORDER BY name")
                .fetch_all(&self.read)
                .await?;
        rows.iter()
            .map(|r| {
                Ok(Area {
                    id: id(r, "id")?,
                    name: text(r, "name")?,
                    name_fr: opt_text(r, "name_fr")?,
                    latitude: opt_f64(r, "latitude")?,
                    longitude: opt_f64(r, "longitude")?,
                })
            })
            .collect()
    }

    pub async fn directory_counts(&self) -> Result<DirectoryCounts> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM organization), (SELECT COUNT(*) FROM service), \
             (SELECT COUNT(*) FROM location), (SELECT COUNT(*) FROM contact)",
        )
        .fetch_one(&self.read)
        .await?;
        Ok(DirectoryCounts {
            organizations: crate::rows::i64_at(&row, 0)?,
            services: crate::rows::i64_at(&row, 1)?,
            locations: crate::rows::i64_at(&row, 2)?,
            contacts: crate::rows::i64_at(&row, 3)?,
        })
    }

    pub async fn organization(&self, org_id: Uuid) -> Result<Organization> {
        let mut records = self.load_records(Some(&[org_id])).await?;
        records
            .pop()
            .map(|r| r.organization)
            .ok_or(StoreError::NotFound)
    }

    /// An organization with its services, locations and contacts. Contacts are personal
    /// data: callers that show them record the read in the audit trail.
    pub async fn organization_record(&self, org_id: Uuid) -> Result<OrganizationRecord> {
        self.load_records(Some(&[org_id]))
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// The organizations with these ids (without their services), in two queries.
    pub(crate) async fn organizations_by_id(
        &self,
        ids: &[Uuid],
    ) -> Result<HashMap<Uuid, Organization>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut q = SqlBuilder::default();
        q.push("SELECT id, name, alternate_name, description, description_fr, email, website FROM organization WHERE id IN ").bind_ids(ids);
        let rows = q.query().fetch_all(&self.read).await?;
        let mut a = SqlBuilder::default();
        a.push("SELECT link_id, taxonomy_term_id FROM attribute WHERE link_id IN ")
            .bind_ids(ids);
        let terms_of = group_ids(
            &a.query().fetch_all(&self.read).await?,
            "link_id",
            "taxonomy_term_id",
        )?;
        rows.iter()
            .map(|r| {
                let org_id = id(r, "id")?;
                Ok((
                    org_id,
                    organization_from_row(r, terms_of.get(&org_id).cloned().unwrap_or_default())?,
                ))
            })
            .collect()
    }

    pub async fn service(&self, service_id: Uuid) -> Result<Service> {
        let row = sqlx::query("SELECT organization_id FROM service WHERE id = $1")
            .bind(service_id.to_string())
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound)?;
        let record = self
            .organization_record(id(&row, "organization_id")?)
            .await?;
        record
            .services
            .into_iter()
            .find(|s| s.id == service_id)
            .ok_or(StoreError::NotFound)
    }

    pub async fn create_organization(
        &self,
        actor: Option<Uuid>,
        fields: OrganizationFields,
    ) -> Result<Organization> {
        let org = Organization {
            id: Uuid::new_v4(),
            fields,
        };
        let mut tx = self.begin_write().await?;
        put_organization(&mut tx, &org).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Create, "organization", Some(org.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(org)
    }

    pub async fn update_organization(
        &self,
        actor: Option<Uuid>,
        org_id: Uuid,
        fields: OrganizationFields,
    ) -> Result<Organization> {
        let org = Organization { id: org_id, fields };
        let mut tx = self.begin_write().await?;
        require_organization(&mut tx, org_id).await?;
        put_organization(&mut tx, &org).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "organization", Some(org.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(org)
    }

    pub async fn create_service(
        &self,
        actor: Option<Uuid>,
        org_id: Uuid,
        fields: ServiceFields,
    ) -> Result<Service> {
        let service = Service {
            id: Uuid::new_v4(),
            organization_id: org_id,
            fields,
        };
        let mut tx = self.begin_write().await?;
        require_organization(&mut tx, org_id).await?;
        put_service(&mut tx, &service).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Create, "service", Some(service.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(service)
    }

    pub async fn update_service(
        &self,
        actor: Option<Uuid>,
        service_id: Uuid,
        fields: ServiceFields,
    ) -> Result<Service> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT organization_id FROM service WHERE id = $1")
            .bind(service_id.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let service = Service {
            id: service_id,
            organization_id: id(&row, "organization_id")?,
            fields,
        };
        put_service(&mut tx, &service).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Update, "service", Some(service.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(service)
    }

    pub async fn create_location(
        &self,
        actor: Option<Uuid>,
        org_id: Uuid,
        fields: LocationFields,
    ) -> Result<Location> {
        let location = Location {
            id: Uuid::new_v4(),
            organization_id: org_id,
            fields,
        };
        let mut tx = self.begin_write().await?;
        require_organization(&mut tx, org_id).await?;
        put_location(&mut tx, &location).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Create, "location", Some(location.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(location)
    }

    pub async fn create_contact(
        &self,
        actor: Option<Uuid>,
        org_id: Uuid,
        fields: ContactFields,
    ) -> Result<Contact> {
        let contact = Contact {
            id: Uuid::new_v4(),
            organization_id: org_id,
            fields,
        };
        let mut tx = self.begin_write().await?;
        require_organization(&mut tx, org_id).await?;
        put_contact(&mut tx, &contact).await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Create, "contact", Some(contact.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(contact)
    }

    /// Writes a whole directory in one transaction: everything or nothing. Records with an
    /// id already stored are replaced (an organization with all its services, locations and
    /// contacts), so importing the same file twice changes nothing.
    pub async fn import_directory(
        &self,
        actor: Option<Uuid>,
        snapshot: &DirectorySnapshot,
    ) -> Result<ImportSummary> {
        let mut summary = ImportSummary::default();
        let mut tx = self.begin_write().await?;
        for taxonomy in &snapshot.taxonomies {
            put_taxonomy(&mut tx, taxonomy).await?;
            summary.taxonomies += 1;
        }
        for term in parents_first(snapshot.terms.clone()) {
            put_term(&mut tx, &term).await?;
            summary.terms += 1;
        }
        for area in &snapshot.areas {
            put_area(&mut tx, area).await?;
            summary.areas += 1;
        }
        for record in &snapshot.organizations {
            let org_id = record.organization.id;
            // Replacing an organization replaces everything that hangs from it.
            for table in ["service", "location", "contact"] {
                let sql = format!("DELETE FROM {table} WHERE organization_id = $1");
                sqlx::query(&sql)
                    .bind(org_id.to_string())
                    .execute(&mut *tx)
                    .await?;
            }
            put_organization(&mut tx, &record.organization).await?;
            for location in &record.locations {
                put_location(&mut tx, location).await?;
            }
            for service in &record.services {
                put_service(&mut tx, service).await?;
            }
            for contact in &record.contacts {
                put_contact(&mut tx, contact).await?;
            }
            summary.organizations += 1;
            summary.services += record.services.len();
            summary.locations += record.locations.len();
            summary.contacts += record.contacts.len();
        }
        let detail = format!(
            "{} organizations, {} services",
            summary.organizations, summary.services
        );
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Import, "directory", None).with_detail(detail),
        )
        .await?;
        tx.commit().await?;
        Ok(summary)
    }

    /// The whole directory, in a stable order (organizations by name).
    pub async fn export_directory(&self) -> Result<DirectorySnapshot> {
        Ok(DirectorySnapshot {
            taxonomies: self.taxonomies().await?,
            terms: self.terms().await?,
            areas: self.areas().await?,
            organizations: self.load_records(None).await?,
        })
    }

    /// The records of these organizations (with their services, locations and contacts),
    /// in name order; ids that are not an organization's are left out.
    pub async fn directory_records(&self, ids: &[Uuid]) -> Result<Vec<OrganizationRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.load_records(Some(ids)).await
    }

    /// Loads organization records: these, or all when `only` is `None`. A handful of queries
    /// whatever the number of organizations, assembled in memory.
    async fn load_records(&self, only: Option<&[Uuid]>) -> Result<Vec<OrganizationRecord>> {
        // One numbered parameter per id, the same numbers in every query below however
        // many times it names the list: the text of a query depends only on how many ids
        // there are, so each connection prepares it once (an organization page's queries,
        // with the id written in, were prepared anew for every organization).
        let listed = only.map(|ids| {
            let numbers: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
            format!("({})", numbers.join(", "))
        });
        let ids: Vec<String> = only
            .unwrap_or_default()
            .iter()
            .map(Uuid::to_string)
            .collect();
        let filter = |column: &str| match &listed {
            Some(list) => format!(" WHERE {column} IN {list}"),
            None => String::new(),
        };
        // One connection for all seven reads: under load, each acquisition waits its turn
        // behind every other request's, and an organization page waited seven times.
        let mut conn = self.read.acquire().await?;
        let mut fetch = async |sql: String| {
            let mut query = sqlx::query(&sql);
            for id in &ids {
                query = query.bind(id.as_str());
            }
            query.fetch_all(&mut *conn).await
        };
        let orgs = fetch(format!(
            "SELECT id, name, alternate_name, description, description_fr, email, website FROM organization{} ORDER BY name_key",
            filter("id")
        ))
        .await?;
        if orgs.is_empty() {
            return Ok(Vec::new());
        }
        let links = |table: &str, column: &str| {
            format!(
                "SELECT l.service_id, l.{column} FROM {table} l JOIN service s ON s.id = l.service_id{}",
                filter("s.organization_id")
            )
        };
        // The organizations' terms and their services' terms as two index searches: joined
        // by OR, PostgreSQL read every attribute row.
        let attributes = fetch(format!(
            "SELECT a.link_id, a.taxonomy_term_id FROM attribute a{}",
            match &listed {
                Some(list) => format!(
                    " WHERE a.link_id IN {list} UNION ALL SELECT a.link_id, a.taxonomy_term_id \
                     FROM attribute a JOIN service s ON s.id = a.link_id WHERE s.organization_id IN {list}"
                ),
                None => String::new(),
            }
        ))
        .await?;
        let service_areas = fetch(links("service_area", "area_id")).await?;
        let service_locations = fetch(links("service_at_location", "location_id")).await?;
        let services = fetch(format!(
            "SELECT id, organization_id, name, alternate_name, description, description_fr, url, email, status, \
             eligibility_description, eligibility_description_fr, minimum_age, maximum_age FROM service{} ORDER BY name, id",
            filter("organization_id")
        ))
        .await?;
        let locations = fetch(format!(
            "SELECT id, organization_id, name, description, address_1, city, state_province, postal_code, \
             country, latitude, longitude, area_id FROM location{} ORDER BY name, id",
            filter("organization_id")
        ))
        .await?;
        let contacts = fetch(format!(
            "SELECT id, organization_id, name, title, department, email, phone FROM contact{} ORDER BY name, id",
            filter("organization_id")
        ))
        .await?;

        let terms_of = group_ids(&attributes, "link_id", "taxonomy_term_id")?;
        let areas_of = group_ids(&service_areas, "service_id", "area_id")?;
        let locations_of = group_ids(&service_locations, "service_id", "location_id")?;
        let ids_for =
            |map: &HashMap<Uuid, Vec<Uuid>>, key: Uuid| map.get(&key).cloned().unwrap_or_default();

        let mut records: Vec<OrganizationRecord> = Vec::with_capacity(orgs.len());
        let mut index: HashMap<Uuid, usize> = HashMap::with_capacity(orgs.len());
        for r in &orgs {
            let org_id = id(r, "id")?;
            index.insert(org_id, records.len());
            records.push(OrganizationRecord {
                organization: organization_from_row(r, ids_for(&terms_of, org_id))?,
                services: Vec::new(),
                locations: Vec::new(),
                contacts: Vec::new(),
            });
        }
        let owner = |r: &AnyRow| -> Result<usize> {
            let org = id(r, "organization_id")?;
            index
                .get(&org)
                .copied()
                .ok_or_else(|| StoreError::Corrupt(format!("orphan row of {org}")))
        };
        for r in &services {
            let service_id = id(r, "id")?;
            let at = owner(r)?;
            records[at].services.push(Service {
                id: service_id,
                organization_id: id(r, "organization_id")?,
                fields: ServiceFields {
                    name: text(r, "name")?,
                    alternate_name: opt_text(r, "alternate_name")?,
                    description: opt_text(r, "description")?,
                    description_fr: opt_text(r, "description_fr")?,
                    url: reparse(opt_text(r, "url")?, WebUrl::parse)?,
                    email: reparse(opt_text(r, "email")?, Email::parse)?,
                    status: ServiceStatus::parse("status", &text(r, "status")?)
                        .map_err(|_| StoreError::Corrupt("service status".into()))?,
                    eligibility_description: opt_text(r, "eligibility_description")?,
                    eligibility_description_fr: opt_text(r, "eligibility_description_fr")?,
                    minimum_age: opt_i64(r, "minimum_age")?.and_then(|a| u8::try_from(a).ok()),
                    maximum_age: opt_i64(r, "maximum_age")?.and_then(|a| u8::try_from(a).ok()),
                    term_ids: ids_for(&terms_of, service_id),
                    area_ids: ids_for(&areas_of, service_id),
                    location_ids: ids_for(&locations_of, service_id),
                },
            });
        }
        for r in &locations {
            let at = owner(r)?;
            records[at].locations.push(Location {
                id: id(r, "id")?,
                organization_id: id(r, "organization_id")?,
                fields: LocationFields {
                    name: opt_text(r, "name")?,
                    description: opt_text(r, "description")?,
                    address_1: opt_text(r, "address_1")?,
                    city: opt_text(r, "city")?,
                    state_province: opt_text(r, "state_province")?,
                    postal_code: reparse(opt_text(r, "postal_code")?, PostalCode::parse)?,
                    country: opt_text(r, "country")?,
                    latitude: opt_f64(r, "latitude")?,
                    longitude: opt_f64(r, "longitude")?,
                    area_id: opt_id(r, "area_id")?,
                },
            });
        }
        for r in &contacts {
            let at = owner(r)?;
            records[at].contacts.push(Contact {
                id: id(r, "id")?,
                organization_id: id(r, "organization_id")?,
                fields: ContactFields {
                    name: text(r, "name")?,
                    title: opt_text(r, "title")?,
                    department: opt_text(r, "department")?,
                    email: reparse(opt_text(r, "email")?, Email::parse)?,
                    phone: opt_text(r, "phone")?,
                },
            });
        }
        Ok(records)
    }
}

fn organization_from_row(r: &AnyRow, term_ids: Vec<Uuid>) -> Result<Organization> {
    Ok(Organization {
        id: id(r, "id")?,
        fields: OrganizationFields {
            name: text(r, "name")?,
            alternate_name: opt_text(r, "alternate_name")?,
            description: opt_text(r, "description")?,
            description_fr: opt_text(r, "description_fr")?,
            email: reparse(opt_text(r, "email")?, Email::parse)?,
            website: reparse(opt_text(r, "website")?, WebUrl::parse)?,
            term_ids,
        },
    })
}

/// Groups `(key, value)` id pairs, each group sorted so loads are stable.
fn group_ids(rows: &[AnyRow], key: &str, value: &str) -> Result<HashMap<Uuid, Vec<Uuid>>> {
    let mut map: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for r in rows {
        map.entry(id(r, key)?).or_default().push(id(r, value)?);
    }
    for ids in map.values_mut() {
        ids.sort();
    }
    Ok(map)
}

/// Orders terms so that each parent comes before its children (a stable topological sort);
/// terms whose parent is not in the list keep their place.
pub(crate) fn parents_first(terms: Vec<TaxonomyTerm>) -> Vec<TaxonomyTerm> {
    let present: std::collections::HashSet<Uuid> = terms.iter().map(|t| t.id).collect();
    let mut placed: std::collections::HashSet<Uuid> = std::collections::HashSet::new();
    let mut pending = terms;
    let mut out = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let before = pending.len();
        let (ready, rest): (Vec<_>, Vec<_>) =
            pending.into_iter().partition(|t| match t.parent_id {
                Some(p) => !present.contains(&p) || placed.contains(&p),
                None => true,
            });
        placed.extend(ready.iter().map(|t| t.id));
        out.extend(ready);
        pending = rest;
        if pending.len() == before {
            // A cycle: write the rest as they are and let the foreign key refuse them.
            out.append(&mut pending);
        }
    }
    out
}

async fn require_organization(conn: &mut AnyConnection, org_id: Uuid) -> Result<()> {
    sqlx::query("SELECT 1 FROM organization WHERE id = $1")
        .bind(org_id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .map(|_| ())
        .ok_or(StoreError::NotFound)
}

fn conflict_on_unique(code: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(code),
        _ => StoreError::from(e),
    }
}

async fn put_taxonomy(conn: &mut AnyConnection, t: &Taxonomy) -> Result<()> {
    sqlx::query(
        "INSERT INTO taxonomy (id, name, description, uri, version) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, \
         uri = excluded.uri, version = excluded.version",
    )
    .bind(t.id.to_string())
    .bind(&t.name)
    .bind(&t.description)
    .bind(&t.uri)
    .bind(&t.version)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn put_term(conn: &mut AnyConnection, t: &TaxonomyTerm) -> Result<()> {
    sqlx::query(
        "INSERT INTO taxonomy_term (id, taxonomy_id, code, name, name_fr, description, parent_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (id) DO UPDATE SET taxonomy_id = excluded.taxonomy_id, code = excluded.code, \
         name = excluded.name, name_fr = COALESCE(excluded.name_fr, taxonomy_term.name_fr), \
         description = excluded.description, parent_id = excluded.parent_id",
    )
    .bind(t.id.to_string())
    .bind(t.taxonomy_id.to_string())
    .bind(&t.code)
    .bind(&t.name)
    .bind(&t.name_fr)
    .bind(&t.description)
    .bind(t.parent_id.map(|p| p.to_string()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Adds an area, or completes a known one with what it lacked (a French name, coordinates).
pub(crate) async fn put_area(conn: &mut AnyConnection, a: &Area) -> Result<()> {
    sqlx::query(
        "INSERT INTO area (id, name, name_fr, latitude, longitude) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (id) DO UPDATE SET name_fr = COALESCE(excluded.name_fr, area.name_fr), \
         latitude = COALESCE(excluded.latitude, area.latitude), longitude = COALESCE(excluded.longitude, area.longitude)",
    )
    .bind(a.id.to_string())
    .bind(&a.name)
    .bind(&a.name_fr)
    .bind(a.latitude)
    .bind(a.longitude)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn put_organization(conn: &mut AnyConnection, org: &Organization) -> Result<()> {
    // The by-name list shows referring agencies by name: a renamed one changes it.
    crate::referrals::bump_list_version(conn).await?;
    let f = &org.fields;
    let at = now();
    sqlx::query(
        "INSERT INTO organization (id, name, name_key, alternate_name, description, description_fr, email, website, \
         search_text, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, \
         alternate_name = excluded.alternate_name, description = excluded.description, \
         description_fr = excluded.description_fr, email = excluded.email, \
         website = excluded.website, search_text = excluded.search_text, updated_at = excluded.updated_at",
    )
    .bind(org.id.to_string())
    .bind(&f.name)
    .bind(fold(&f.name))
    .bind(&f.alternate_name)
    .bind(&f.description)
    .bind(&f.description_fr)
    .bind(f.email.as_ref().map(Email::as_str))
    .bind(f.website.as_ref().map(WebUrl::as_str))
    // Both languages, so a search finds the agency by words of either.
    .bind(search_text(&[
        Some(&f.name),
        f.alternate_name.as_deref(),
        f.description.as_deref(),
        f.description_fr.as_deref(),
    ]))
    .bind(at)
    .execute(&mut *conn)
    .await
    .map_err(conflict_on_unique("error-duplicate-name"))?;
    crate::search::index_organization(conn, org.id).await?;
    replace_attributes(conn, "organization", org.id, &f.term_ids).await
}

async fn put_location(conn: &mut AnyConnection, l: &Location) -> Result<()> {
    let f = &l.fields;
    sqlx::query(
        "INSERT INTO location (id, organization_id, name, description, address_1, city, state_province, postal_code, \
         country, latitude, longitude, area_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, \
         address_1 = excluded.address_1, city = excluded.city, state_province = excluded.state_province, \
         postal_code = excluded.postal_code, country = excluded.country, latitude = excluded.latitude, \
         longitude = excluded.longitude, area_id = excluded.area_id",
    )
    .bind(l.id.to_string())
    .bind(l.organization_id.to_string())
    .bind(&f.name)
    .bind(&f.description)
    .bind(&f.address_1)
    .bind(&f.city)
    .bind(&f.state_province)
    .bind(f.postal_code.as_ref().map(PostalCode::as_str))
    .bind(&f.country)
    .bind(f.latitude)
    .bind(f.longitude)
    .bind(f.area_id.map(|a| a.to_string()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn put_service(conn: &mut AnyConnection, s: &Service) -> Result<()> {
    let f = &s.fields;
    if !f.location_ids.is_empty() {
        let mut q = SqlBuilder::default();
        q.push("SELECT COUNT(*) FROM location WHERE organization_id = ")
            .bind_text(s.organization_id.to_string())
            .push(" AND id IN ")
            .bind_ids(&f.location_ids);
        let own = crate::rows::i64_at(&q.query().fetch_one(&mut *conn).await?, 0)?;
        if own != f.location_ids.len() as i64 {
            return Err(StoreError::Invalid(FieldErrors(vec![
                passerelle_domain::FieldError::new("location_ids", "error-foreign-location"),
            ])));
        }
    }
    let at = now();
    sqlx::query(
        "INSERT INTO service (id, organization_id, name, alternate_name, description, description_fr, url, email, status, \
         eligibility_description, eligibility_description_fr, minimum_age, maximum_age, search_text, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, alternate_name = excluded.alternate_name, \
         description = excluded.description, description_fr = excluded.description_fr, url = excluded.url, \
         email = excluded.email, status = excluded.status, eligibility_description = excluded.eligibility_description, \
         eligibility_description_fr = excluded.eligibility_description_fr, minimum_age = excluded.minimum_age, \
         maximum_age = excluded.maximum_age, search_text = excluded.search_text, updated_at = excluded.updated_at",
    )
    .bind(s.id.to_string())
    .bind(s.organization_id.to_string())
    .bind(&f.name)
    .bind(&f.alternate_name)
    .bind(&f.description)
    .bind(&f.description_fr)
    .bind(f.url.as_ref().map(WebUrl::as_str))
    .bind(f.email.as_ref().map(Email::as_str))
    .bind(f.status.as_str())
    .bind(&f.eligibility_description)
    .bind(&f.eligibility_description_fr)
    .bind(f.minimum_age.map(i64::from))
    .bind(f.maximum_age.map(i64::from))
    .bind(search_text(&[
        Some(&f.name),
        f.alternate_name.as_deref(),
        f.description.as_deref(),
        f.description_fr.as_deref(),
    ]))
    .bind(at)
    .execute(&mut *conn)
    .await?;
    crate::search::index_service(conn, s.id).await?;
    replace_attributes(conn, "service", s.id, &f.term_ids).await?;
    replace_links(conn, "service_area", "area_id", s.id, &f.area_ids).await?;
    replace_links(
        conn,
        "service_at_location",
        "location_id",
        s.id,
        &f.location_ids,
    )
    .await
}

async fn put_contact(conn: &mut AnyConnection, c: &Contact) -> Result<()> {
    let f = &c.fields;
    sqlx::query(
        "INSERT INTO contact (id, organization_id, name, title, department, email, phone) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, title = excluded.title, department = excluded.department, \
         email = excluded.email, phone = excluded.phone",
    )
    .bind(c.id.to_string())
    .bind(c.organization_id.to_string())
    .bind(&f.name)
    .bind(&f.title)
    .bind(&f.department)
    .bind(f.email.as_ref().map(Email::as_str))
    .bind(&f.phone)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn replace_attributes(
    conn: &mut AnyConnection,
    entity: &str,
    link_id: Uuid,
    term_ids: &[Uuid],
) -> Result<()> {
    sqlx::query("DELETE FROM attribute WHERE link_id = $1")
        .bind(link_id.to_string())
        .execute(&mut *conn)
        .await?;
    for term in term_ids {
        sqlx::query("INSERT INTO attribute (id, link_entity, link_id, taxonomy_term_id) VALUES ($1, $2, $3, $4)")
            .bind(derived_id("attribute", &format!("{link_id}/{term}")).to_string())
            .bind(entity)
            .bind(link_id.to_string())
            .bind(term.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Replaces a service's rows in a link table (`service_area`, `service_at_location`).
async fn replace_links(
    conn: &mut AnyConnection,
    table: &str,
    column: &str,
    service_id: Uuid,
    ids: &[Uuid],
) -> Result<()> {
    let delete = format!("DELETE FROM {table} WHERE service_id = $1");
    sqlx::query(&delete)
        .bind(service_id.to_string())
        .execute(&mut *conn)
        .await?;
    let insert = format!("INSERT INTO {table} (id, service_id, {column}) VALUES ($1, $2, $3)");
    for linked in ids {
        sqlx::query(&insert)
            .bind(derived_id(table, &format!("{service_id}/{linked}")).to_string())
            .bind(service_id.to_string())
            .bind(linked.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

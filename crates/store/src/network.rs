//! The partner network (A2, A6): relationships agencies report, the to-contact queue of
//! agencies named but not yet in the directory, and the network as a graph for the engine.

use crate::audit::record;
use crate::rows::{id, opt_id, opt_text, req_date, text};
use crate::{Result, Store, StoreError};
use passerelle_domain::FieldErrors;
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::date_text;
use passerelle_domain::network::*;
use passerelle_domain::vocabulary::Vocabulary;
use passerelle_network::{Graph, Intensity, Kind, Node, Tie};
use std::collections::HashMap;
use time::Date;
use uuid::Uuid;

/// An agency named by others but not in the directory yet.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QueuedAgency {
    pub name: String,
    pub times_named: usize,
    /// The agencies that named it, by name.
    pub named_by: Vec<String>,
}

fn kind_of(code: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| k.code() == code)
}

fn intensity_of(level: i64) -> Intensity {
    match level {
        4 => Intensity::Integration,
        3 => Intensity::Coordination,
        2 => Intensity::Cooperation,
        _ => Intensity::Awareness,
    }
}

impl Store {
    /// The directory's agencies by every key their names can be found by (folded name,
    /// alternate name, acronyms).
    async fn agency_keys(&self) -> Result<HashMap<String, (Uuid, String)>> {
        let rows = sqlx::query("SELECT id, name, alternate_name FROM organization")
            .fetch_all(&self.read)
            .await?;
        let mut keys = HashMap::new();
        for r in &rows {
            let (org, name) = (id(r, "id")?, text(r, "name")?);
            let names = [Some(name.clone()), opt_text(r, "alternate_name")?];
            for n in names.iter().flatten() {
                for k in name_keys(n) {
                    keys.entry(k).or_insert((org, name.clone()));
                }
            }
        }
        Ok(keys)
    }

    /// Records that `from_org` works with the agency `fields` names: one of the directory
    /// (chosen, or recognized by its name or acronym), or a new name for the queue.
    pub async fn add_relationship(
        &self,
        actor: Option<Uuid>,
        from_org: Uuid,
        fields: RelationshipFields,
        on: Date,
    ) -> Result<Relationship> {
        let (to_org, to_name) = match fields.to_org {
            Some(org) => {
                let name = sqlx::query("SELECT name FROM organization WHERE id = $1")
                    .bind(org.to_string())
                    .fetch_optional(&self.read)
                    .await?
                    .ok_or_else(|| invalid("to_org", "error-unknown-reference"))?;
                (Some(org), text(&name, "name")?)
            }
            None => {
                let keys = self.agency_keys().await?;
                match name_keys(&fields.to_name).iter().find_map(|k| keys.get(k)) {
                    Some((org, name)) => (Some(*org), name.clone()),
                    None => (None, fields.to_name.trim().to_owned()),
                }
            }
        };
        if to_org == Some(from_org) {
            return Err(invalid("to_name", "error-self-relationship"));
        }
        let relationship = Relationship {
            id: Uuid::new_v4(),
            from_org,
            to_org,
            to_name: to_name.clone(),
            kind: fields.kind,
            intensity: fields.intensity,
            reported_on: on,
            note: fields.note,
        };
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO relationship (id, from_org, to_org, to_name, to_name_key, kind, intensity, reported_on, reported_by, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(relationship.id.to_string())
        .bind(from_org.to_string())
        .bind(to_org.map(|o| o.to_string()))
        .bind(&to_name)
        .bind(name_keys(&to_name).into_iter().next().unwrap_or_default())
        .bind(relationship.kind)
        .bind(i64::from(relationship.intensity))
        .bind(date_text(on))
        .bind(actor.map(|a| a.to_string()))
        .bind(&relationship.note)
        .execute(&mut *tx)
        .await?;
        record(
            &mut tx,
            AuditEvent::new(
                actor,
                AuditAction::Create,
                "relationship",
                Some(relationship.id),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(relationship)
    }

    /// Every relationship, oldest first.
    pub async fn relationships(&self) -> Result<Vec<Relationship>> {
        let rows = sqlx::query(
            "SELECT id, from_org, to_org, to_name, kind, intensity, reported_on, note FROM relationship ORDER BY reported_on, id",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let kind = text(r, "kind")?;
                Ok(Relationship {
                    id: id(r, "id")?,
                    from_org: id(r, "from_org")?,
                    to_org: opt_id(r, "to_org")?,
                    to_name: text(r, "to_name")?,
                    kind: KINDS
                        .iter()
                        .copied()
                        .find(|k| *k == kind)
                        .ok_or_else(|| StoreError::Corrupt(format!("kind {kind:?}")))?,
                    intensity: crate::rows::opt_i64(r, "intensity")?.unwrap_or(1) as u8,
                    reported_on: req_date(r, "reported_on")?,
                    note: opt_text(r, "note")?,
                })
            })
            .collect()
    }

    /// Agencies named but not in the directory, most often named first.
    pub async fn contact_queue(&self) -> Result<Vec<QueuedAgency>> {
        let rows = sqlx::query(
            "SELECT r.to_name_key, r.to_name, o.name AS named_by FROM relationship r \
             JOIN organization o ON o.id = r.from_org WHERE r.to_org IS NULL ORDER BY r.to_name_key, o.name",
        )
        .fetch_all(&self.read)
        .await?;
        let mut queue: Vec<(String, QueuedAgency)> = Vec::new();
        for r in &rows {
            let key = text(r, "to_name_key")?;
            let by = text(r, "named_by")?;
            match queue.last_mut() {
                Some((k, q)) if *k == key => {
                    q.times_named += 1;
                    if !q.named_by.contains(&by) {
                        q.named_by.push(by);
                    }
                }
                _ => queue.push((
                    key,
                    QueuedAgency {
                        name: text(r, "to_name")?,
                        times_named: 1,
                        named_by: vec![by],
                    },
                )),
            }
        }
        let mut queue: Vec<QueuedAgency> = queue.into_iter().map(|(_, q)| q).collect();
        queue.sort_by(|a, b| b.times_named.cmp(&a.times_named).then(a.name.cmp(&b.name)));
        Ok(queue)
    }

    /// The network for the engine: every agency of the directory (with its agency type
    /// and first neighbourhood, in `lang`), every relationship between two of them, and
    /// co-attendance at held meetings (kind `CoAttended`, for callers to keep or drop).
    pub async fn network_graph(&self, lang: &str) -> Result<Graph> {
        let orgs = sqlx::query("SELECT id, name FROM organization ORDER BY name, id")
            .fetch_all(&self.read)
            .await?;
        let types = sqlx::query(
            "SELECT a.link_id, t.code FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id \
             WHERE t.taxonomy_id = $1 ORDER BY t.code",
        )
        .bind(Vocabulary::AgencyType.id().to_string())
        .fetch_all(&self.read)
        .await?;
        let areas = sqlx::query(
            "SELECT l.organization_id, ar.name, ar.name_fr FROM location l JOIN area ar ON ar.id = l.area_id ORDER BY l.id",
        )
        .fetch_all(&self.read)
        .await?;
        let mut type_of: HashMap<Uuid, String> = HashMap::new();
        for r in &types {
            type_of
                .entry(id(r, "link_id")?)
                .or_insert(opt_text(r, "code")?.unwrap_or_default());
        }
        let mut area_of: HashMap<Uuid, String> = HashMap::new();
        for r in &areas {
            let name = match (lang, opt_text(r, "name_fr")?) {
                ("fr", Some(fr)) => fr,
                _ => text(r, "name")?,
            };
            area_of.entry(id(r, "organization_id")?).or_insert(name);
        }
        let mut index: HashMap<Uuid, u32> = HashMap::new();
        let mut nodes = Vec::with_capacity(orgs.len());
        for r in &orgs {
            let org = id(r, "id")?;
            index.insert(org, nodes.len() as u32);
            nodes.push(Node {
                id: org.to_string(),
                label: text(r, "name")?,
                agency_type: type_of.remove(&org).unwrap_or_default(),
                area: area_of.remove(&org).unwrap_or_default(),
            });
        }
        let ties = self
            .relationships()
            .await?
            .into_iter()
            .filter_map(|rel| {
                let to = rel.to_org.and_then(|t| index.get(&t))?;
                Some(Tie {
                    from: *index.get(&rel.from_org)?,
                    to: *to,
                    kind: kind_of(rel.kind)?,
                    intensity: intensity_of(rel.intensity as i64),
                    since: day_number(rel.reported_on),
                })
            })
            .collect::<Vec<Tie>>();
        let mut ties = ties;
        ties.extend(self.co_attendance(&index).await?);
        Ok(Graph { nodes, ties })
    }

    /// One `CoAttended` tie per pair of agencies that sat at the same held meeting, from
    /// the first meeting they shared, and from the agency earlier in the graph's order.
    async fn co_attendance(&self, index: &HashMap<Uuid, u32>) -> Result<Vec<Tie>> {
        let rows = sqlx::query(
            "SELECT ma.meeting_id, ma.org_id, m.held_on FROM meeting_agency ma \
             JOIN meeting m ON m.id = ma.meeting_id WHERE m.held_on IS NOT NULL \
             ORDER BY m.held_on, ma.meeting_id",
        )
        .fetch_all(&self.read)
        .await?;
        let mut by_meeting: Vec<(Uuid, i32, Vec<u32>)> = Vec::new();
        for r in &rows {
            let meeting = id(r, "meeting_id")?;
            let Some(&node) = index.get(&id(r, "org_id")?) else {
                continue;
            };
            let held = req_date(r, "held_on")?;
            match by_meeting.last_mut() {
                Some((m, _, nodes)) if *m == meeting => nodes.push(node),
                _ => by_meeting.push((meeting, day_number(held), vec![node])),
            }
        }
        let mut first_met: HashMap<(u32, u32), i32> = HashMap::new();
        for (_, day, nodes) in &by_meeting {
            for (k, &a) in nodes.iter().enumerate() {
                for &b in &nodes[k + 1..] {
                    let pair = (a.min(b), a.max(b));
                    let e = first_met.entry(pair).or_insert(*day);
                    *e = (*e).min(*day);
                }
            }
        }
        let mut ties: Vec<Tie> = first_met
            .into_iter()
            .map(|((from, to), since)| Tie {
                from,
                to,
                kind: Kind::CoAttended,
                intensity: Intensity::Cooperation,
                since,
            })
            .collect();
        ties.sort_by_key(|t| (t.from, t.to));
        Ok(ties)
    }
}

fn invalid(field: &str, code: &'static str) -> StoreError {
    let mut e = FieldErrors::default();
    e.push(field, code);
    StoreError::Invalid(e)
}

//! Systemic issues (A9): agencies' entries, and the distinct-agency counts the report to
//! public authorities is built from. The counts leave this module as numbers only.

use crate::audit::record;
use crate::rows::{id, opt_text, req_date, text};
use crate::{Result, Store, StoreError};
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::date_text;
use passerelle_domain::systemic::*;
use serde::Serialize;
use std::collections::HashSet;
use time::Date;
use uuid::Uuid;

/// One issue as an agency logged it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueEntry {
    pub id: Uuid,
    pub org_id: Uuid,
    pub org_name: String,
    pub issue: &'static str,
    pub observed_on: Date,
    pub note: Option<String>,
}

impl Store {
    pub async fn add_systemic_issue(
        &self,
        actor: Option<Uuid>,
        org: Uuid,
        fields: IssueFields,
    ) -> Result<Uuid> {
        let entry = Uuid::new_v4();
        self.require_organization(org).await?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO systemic_issue (id, org_id, issue, observed_on, note, reported_by) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(entry.to_string())
        .bind(org.to_string())
        .bind(fields.issue)
        .bind(date_text(fields.observed_on))
        .bind(fields.note)
        .bind(actor.map(|a| a.to_string()))
        .execute(&mut *tx)
        .await?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Create, "systemic_issue", Some(entry)),
        )
        .await?;
        tx.commit().await?;
        Ok(entry)
    }

    /// Entries, latest first: one agency's, or every agency's.
    pub async fn systemic_issues(&self, org: Option<Uuid>) -> Result<Vec<IssueEntry>> {
        let rows = sqlx::query(
            "SELECT s.id, s.org_id, o.name, s.issue, s.observed_on, s.note FROM systemic_issue s \
             JOIN organization o ON o.id = s.org_id WHERE $1 = '' OR s.org_id = $1 \
             ORDER BY s.observed_on DESC, s.id",
        )
        .bind(org.map(|o| o.to_string()).unwrap_or_default())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let code = text(r, "issue")?;
                Ok(IssueEntry {
                    id: id(r, "id")?,
                    org_id: id(r, "org_id")?,
                    org_name: text(r, "name")?,
                    issue: ISSUES
                        .iter()
                        .map(|i| i.0)
                        .find(|c| *c == code)
                        .ok_or_else(|| StoreError::Corrupt(format!("issue {code:?}")))?,
                    observed_on: req_date(r, "observed_on")?,
                    note: opt_text(r, "note")?,
                })
            })
            .collect()
    }

    /// How many distinct agencies raised each issue in each of `quarters`, and in total.
    pub async fn systemic_issue_counts(&self, quarters: &[Quarter]) -> Result<IssueCounts> {
        let (Some(first), Some(last)) = (quarters.first(), quarters.last()) else {
            return Ok(IssueCounts {
                cells: vec![Vec::new(); ISSUES.len()],
                row_totals: vec![0; ISSUES.len()],
                column_totals: Vec::new(),
            });
        };
        let rows = sqlx::query(
            "SELECT DISTINCT org_id, issue, observed_on FROM systemic_issue \
             WHERE observed_on >= $1 AND observed_on < $2",
        )
        .bind(format!(
            "{}-{:02}-01",
            first.year,
            (first.quarter - 1) * 3 + 1
        ))
        .bind(match last.quarter {
            4 => format!("{}-01-01", last.year + 1),
            q => format!("{}-{:02}-01", last.year, q * 3 + 1),
        })
        .fetch_all(&self.read)
        .await?;
        let cols = quarters.len();
        let mut cells: Vec<Vec<HashSet<Uuid>>> = vec![vec![HashSet::new(); cols]; ISSUES.len()];
        let mut rows_any: Vec<HashSet<Uuid>> = vec![HashSet::new(); ISSUES.len()];
        let mut cols_any: Vec<HashSet<Uuid>> = vec![HashSet::new(); cols];
        for r in &rows {
            let code = text(r, "issue")?;
            let Some(issue) = ISSUES.iter().position(|i| i.0 == code) else {
                continue;
            };
            let day = req_date(r, "observed_on")?;
            let Some(q) = quarters.iter().position(|q| *q == Quarter::of(day)) else {
                continue;
            };
            let org = id(r, "org_id")?;
            cells[issue][q].insert(org);
            rows_any[issue].insert(org);
            cols_any[q].insert(org);
        }
        Ok(IssueCounts {
            cells: cells
                .iter()
                .map(|row| row.iter().map(HashSet::len).collect())
                .collect(),
            row_totals: rows_any.iter().map(HashSet::len).collect(),
            column_totals: cols_any.iter().map(HashSet::len).collect(),
        })
    }
}

//! A database as opening it leaves it, and the way back to that state for a loader that
//! writes through many transactions (the demo) and fails halfway.
//!
//! Opening a database writes its migrations, the built-in vocabularies and the list's
//! version counter; everything else is a community's data. A loader first proves the
//! database holds none ([`Store::found_empty`]); if it fails, that proof is the only way to
//! erase what it wrote ([`Store::erase_since_empty`]), so nothing can empty a database that
//! held data.

use crate::{Backend, Result, Store};
use sqlx::Row;

/// The tables opening a database fills: never part of a community's data, never erased.
const WRITTEN_ON_OPEN: [&str; 4] = [
    "_sqlx_migrations",
    "taxonomy",
    "taxonomy_term",
    "list_version",
];

/// Proof that the database held no data when it was taken (see the module).
#[derive(Debug)]
pub struct FoundEmpty(());

impl Store {
    /// The data tables, in no particular order.
    async fn data_tables(&self) -> Result<Vec<String>> {
        let sql = match self.backend {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT CAST(tablename AS TEXT) AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            }
        };
        let names = sqlx::query(sql)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>("name"))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(names
            .into_iter()
            .filter(|n| !WRITTEN_ON_OPEN.contains(&n.as_str()))
            .collect())
    }

    /// Proof that the database holds no data, or the first table that holds some.
    pub async fn found_empty(&self) -> Result<std::result::Result<FoundEmpty, String>> {
        for table in self.data_tables().await? {
            // Names come from the catalogue, not from a user; quoted all the same.
            let sql = format!("SELECT 1 AS one FROM \"{table}\" LIMIT 1");
            if sqlx::query(&sql)
                .fetch_optional(&self.read)
                .await?
                .is_some()
            {
                return Ok(Err(table));
            }
        }
        Ok(Ok(FoundEmpty(())))
    }

    /// Erases every row written since `proof` was taken, in one transaction.
    pub async fn erase_since_empty(&self, proof: FoundEmpty) -> Result<()> {
        let FoundEmpty(()) = proof;
        let tables = self.data_tables().await?;
        let mut tx = self.begin_write().await?;
        match self.backend {
            Backend::Sqlite => {
                // Checked at commit, when every table is empty, instead of row by row in an
                // order that would have to follow every foreign key.
                sqlx::query("PRAGMA defer_foreign_keys = ON")
                    .execute(&mut *tx)
                    .await?;
                for table in &tables {
                    sqlx::query(&format!("DELETE FROM \"{table}\""))
                        .execute(&mut *tx)
                        .await?;
                }
            }
            Backend::Postgres if !tables.is_empty() => {
                let list = tables
                    .iter()
                    .map(|t| format!("\"{t}\""))
                    .collect::<Vec<_>>()
                    .join(", ");
                sqlx::query(&format!("TRUNCATE {list}"))
                    .execute(&mut *tx)
                    .await?;
            }
            Backend::Postgres => {}
        }
        tx.commit().await?;
        Ok(())
    }
}

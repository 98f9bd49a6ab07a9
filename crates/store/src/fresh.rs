//! A database as opening it leaves it, the way back to that state for a loader that writes
//! through many transactions (the demo) and fails halfway, and SQLite's backup and restore
//! (a restore goes only into a database found empty).
//!
//! Opening a database writes its migrations, the built-in vocabularies and the list's
//! version counter; everything else is a community's data. A loader first proves the
//! database holds none ([`Store::found_empty`]); if it fails, that proof is the only way to
//! erase what it wrote ([`Store::erase_since_empty`]), so nothing can empty a database that
//! held data.

use crate::{Backend, Result, Store, StoreError, applied_migrations};
use sqlx::{Connection, Executor, Row};
use std::path::Path;

/// The tables opening a database fills: never part of a community's data, never erased.
const WRITTEN_ON_OPEN: [&str; 5] = [
    "_sqlx_migrations",
    "taxonomy",
    "taxonomy_term",
    "list_version",
    "data_version",
];

/// Proof that the database held no data when it was taken (see the module).
#[derive(Debug)]
pub struct FoundEmpty(());

impl Store {
    /// The data tables, by name.
    async fn data_tables(&self) -> Result<Vec<String>> {
        let sql = match self.backend {
            Backend::Sqlite => {
                // Ordinary tables only: the search index's virtual table and its shadow
                // tables follow search_document through its triggers.
                "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
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

/// What a restore wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub tables: usize,
    pub rows: u64,
}

fn sqlite_only(backend: Backend) -> Result<()> {
    match backend {
        Backend::Sqlite => Ok(()),
        Backend::Postgres => Err(StoreError::Refused(
            "this backup is SQLite's; on PostgreSQL use pg_dump and pg_restore".into(),
        )),
    }
}

fn path_text(path: &Path) -> Result<&str> {
    path.to_str()
        .ok_or_else(|| StoreError::Refused(format!("{}: not a UTF-8 path", path.display())))
}

impl Store {
    /// Copies the SQLite database, as it stands at one instant, into a new file at `path`
    /// (`VACUUM INTO`): the app can go on writing meanwhile, and the copy is a database
    /// that opens as it is.
    pub async fn backup_to(&self, path: &Path) -> Result<()> {
        sqlite_only(self.backend)?;
        if path.exists() {
            return Err(StoreError::Refused(format!(
                "{} exists already: a backup never overwrites a file",
                path.display()
            )));
        }
        sqlx::query("VACUUM INTO $1")
            .bind(path_text(path)?)
            .execute(&self.read)
            .await?;
        Ok(())
    }

    /// Copies every row of the SQLite backup at `path` into this database, found empty,
    /// in one transaction: all of it or, on any fault, nothing. The backup must have been
    /// made by a Passerelle with the same migrations.
    pub async fn restore_from(&self, empty: FoundEmpty, path: &Path) -> Result<Restored> {
        let FoundEmpty(()) = empty;
        sqlite_only(self.backend)?;
        if !path.is_file() {
            return Err(StoreError::Refused(format!(
                "{}: no such file",
                path.display()
            )));
        }
        let tables = self.data_tables().await?;
        let mut conn = self.write.acquire().await?;
        // Read only: a restore never changes its backup.
        // As a URI, so that the path's own `%`, `?` and `#` stay part of it.
        let escaped = path_text(path)?
            .replace('%', "%25")
            .replace('?', "%3f")
            .replace('#', "%23");
        let source = format!("file:{escaped}?mode=ro");
        sqlx::query("ATTACH DATABASE $1 AS backup")
            .bind(source)
            .execute(&mut *conn)
            .await?;
        let copied = copy_from_backup(&mut conn, &tables).await;
        // Detached whatever happened: the connection goes back to the pool.
        conn.execute("DETACH DATABASE backup").await?;
        copied
    }
}

async fn copy_from_backup(conn: &mut sqlx::AnyConnection, tables: &[String]) -> Result<Restored> {
    let ours = applied_migrations(&mut *conn, "main._sqlx_migrations").await?;
    let theirs = applied_migrations(&mut *conn, "backup._sqlx_migrations")
        .await
        .map_err(|_| StoreError::Refused("the file is not a Passerelle database".into()))?;
    if ours != theirs {
        return Err(StoreError::Refused(format!(
            "the backup's schema is not this program's: its migrations end at {:?}, these at {:?}",
            theirs.last(),
            ours.last()
        )));
    }
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query("PRAGMA defer_foreign_keys = ON")
        .execute(&mut *tx)
        .await?;
    let mut restored = Restored { tables: 0, rows: 0 };
    // The built-in vocabularies are in both; a community's own taxonomies are only in the
    // backup.
    for (table, keep_ours) in tables
        .iter()
        .map(|t| (t.as_str(), false))
        .chain([("taxonomy", true), ("taxonomy_term", true)])
    {
        let columns: Vec<String> = sqlx::query(&format!("PRAGMA main.table_info(\"{table}\")"))
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>("name").map(|n| format!("\"{n}\"")))
            .collect::<std::result::Result<_, _>>()?;
        let columns = columns.join(", ");
        let conflict = if keep_ours {
            " ON CONFLICT DO NOTHING"
        } else {
            ""
        };
        let copied = sqlx::query(&format!(
            "INSERT INTO main.\"{table}\" ({columns}) SELECT {columns} FROM backup.\"{table}\" WHERE true{conflict}"
        ))
        .execute(&mut *tx)
        .await?;
        restored.tables += 1;
        restored.rows += copied.rows_affected();
    }
    tx.commit().await?;
    Ok(restored)
}

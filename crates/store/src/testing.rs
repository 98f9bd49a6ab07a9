//! Helpers for tests that need a real database: a fresh PostgreSQL database per run, or a
//! temporary SQLite file.

use sqlx::Connection;

/// The environment variable naming a PostgreSQL server for tests (an admin URL such as
/// `postgres://postgres@127.0.0.1:5432/postgres`). When it is unset, PostgreSQL tests are
/// skipped; `.ci/run` always sets it.
pub const POSTGRES_ENV: &str = "PASSERELLE_TEST_POSTGRES";

/// Creates a database with a unique name on the server at `admin_url` and returns its URL:
/// empty, or a copy of database `template` (which nothing may be connected to).
pub async fn fresh_postgres_database(
    admin_url: &str,
    template: Option<&str>,
) -> Result<String, sqlx::Error> {
    let name = format!("passerelle_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    let copy = template
        .map(|t| format!(" TEMPLATE {t}"))
        .unwrap_or_default();
    sqlx::query(&format!("CREATE DATABASE {name}{copy}"))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    let (base, _) = admin_url.rsplit_once('/').unwrap_or((admin_url, ""));
    Ok(format!("{base}/{name}"))
}

/// The database URLs a conformance test runs against: always a temporary SQLite file, and a
/// fresh PostgreSQL database when [`POSTGRES_ENV`] is set.
pub async fn test_database_urls(dir: &std::path::Path) -> Vec<String> {
    let mut urls = vec![format!("sqlite://{}", dir.join("test.db").display())];
    if let Ok(admin) = std::env::var(POSTGRES_ENV) {
        let url = fresh_postgres_database(&admin, None)
            .await
            .unwrap_or_else(|e| {
                panic!("{POSTGRES_ENV} is set but no database could be created: {e}")
            });
        urls.push(url);
    }
    urls
}

/// A tenancy of a person from an earlier time, for benchmarks that need years of history
/// the demo does not have: written as rows, with no unit status change, no offer and no
/// audit event (nothing a user did).
#[derive(Debug, Clone, PartialEq)]
pub struct HistoricTenancy {
    pub unit_id: uuid::Uuid,
    pub person_id: uuid::Uuid,
    pub moved_in_on: time::Date,
    pub ended: Option<(time::Date, &'static str)>,
}

/// Writes `tenancies` in one transaction (see [`HistoricTenancy`]).
pub async fn insert_historic_tenancies(
    store: &crate::Store,
    tenancies: &[HistoricTenancy],
) -> crate::Result<()> {
    use passerelle_domain::housing::date_text;
    let mut tx = store.begin_write().await?;
    for t in tenancies {
        sqlx::query(
            "INSERT INTO tenancy (id, unit_id, leased_on, moved_in_on, ended_on, end_reason, person_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(t.unit_id.to_string())
        .bind(date_text(t.moved_in_on))
        .bind(date_text(t.moved_in_on))
        .bind(t.ended.map(|(on, _)| date_text(on)))
        .bind(t.ended.map(|(_, reason)| reason))
        .bind(t.person_id.to_string())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

//! Passerelle's store: one interface for the domain over an embedded SQLite database (the
//! default) or PostgreSQL, chosen at start-up from the database URL.
//!
//! Both backends run the same SQL through sqlx's `Any` driver, written in the dialect both
//! understand (`$1` placeholders, `ON CONFLICT`, `||`), so every rule lives once. Only the
//! migrations (column types) and connection set-up differ; see
//! `docs/decisions/0002-one-store-two-backends.md`.

mod accounts;
mod audit;
mod cache;
mod directory;
mod equity;
mod fresh;
mod housing;
mod hsds;
mod kept;
mod matching;
mod network;
mod outreach;
mod referrals;
mod rows;
mod search;
mod systemic;
mod tenancies;
pub mod testing;

pub use accounts::{
    Account, LoginFailures, LoginOutcome, NewUser, ResetLink, SessionData, TokenRecord,
};
pub use audit::{AuditEntry, AuditFilter, AuditRecord};
pub use cache::Vocabularies;
pub use directory::{DirectoryCounts, ImportSummary};
pub use equity::{EquityOffer, EquityPerson};
pub use fresh::{FoundEmpty, Restored};
pub use housing::{
    HousingTotals, LandlordQuery, LandlordRecord, LandlordSort, LandlordSummary, UnitFilter,
    UnitImportRow, UnitImportSummary, UnitListing, UnitRecord, UnitSort,
};
pub use hsds::{HsdsPage, HsdsQuery, HsdsTable};
pub use matching::{
    Correction, CorrectionKind, MatchCandidate, MatchUnit, NewOffer, NewRound, OfferEvent,
    OfferFilter, OfferRecord, OverrideRecord, PastOffer, RoundOutcome, RoundRecord, StaleIds,
    UnitLabel,
};
pub use network::QueuedAgency;
pub use outreach::{
    AgencyOutreach, AgencyOutreachRecord, ContactLog, FollowUp, MeetingAgency, MeetingRecord,
    MeetingSummary, OutreachOverview,
};
pub use referrals::{
    ContactRecord, CreatedReferral, FlowCount, IdentityRow, IdentityState, ListEntry, MailItem,
    NewReferral, Notification, PersonRecord, Placement, PolicyRecord, PossibleSame, ReferralBatch,
    ReferralQuery, ReferralRecord, ReferralSort, ReferralSummary, ReviewDecision, ReviewRecord,
    ReviewState, ReviewSummary, StatusEvent, StoredModel,
};
pub use systemic::IssueEntry;
pub use tenancies::{
    IncidentRecord, LandlordRelationship, LandlordTenancy, MediationMeeting, PastContact,
    PastIncident, TenancyContact, TenancyFilter, TenancySummary,
};

use passerelle_domain::FieldErrors;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was broken; the code says which (`error-duplicate-name`…).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The input refers to something that does not exist or may not be linked.
    #[error("invalid: {0}")]
    Invalid(FieldErrors),
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("a stored value is unreadable: {0}")]
    Corrupt(String),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    /// An operation that cannot be done as asked (a backup over an existing file…).
    #[error("{0}")]
    Refused(String),
    /// A load through many transactions failed, and so did erasing what it had written.
    #[error(
        "{failure}; erasing what had been written failed too ({erasing}): the database holds part of it"
    )]
    Partial { failure: String, erasing: String },
    /// The record of a read could not be written, so the read is refused.
    #[error("the audit record could not be written: {0}")]
    Audit(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                StoreError::Invalid(FieldErrors(vec![passerelle_domain::FieldError::new(
                    "reference",
                    "error-unknown-reference",
                )]))
            }
            _ => StoreError::Database(error),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database engine the store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// The store. Cheap to clone: it holds connection pools.
///
/// On SQLite all writes go through a pool of exactly one connection and start with
/// `BEGIN IMMEDIATE`, so a write transaction holds the write lock from its first statement:
/// two writers queue (bounded by the busy timeout) instead of deadlocking on a lock upgrade.
/// Reads use their own pool and, in WAL mode, never wait for the writer.
#[derive(Clone)]
pub struct Store {
    backend: Backend,
    read: AnyPool,
    write: AnyPool,
    caches: std::sync::Arc<cache::Caches>,
    kept: std::sync::Arc<kept::KeptAnswers>,
    audit_queue: std::sync::Arc<audit::AuditQueue>,
}

/// How long a connection waits for SQLite's write lock before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

impl Store {
    /// Each pool's connections: (name, open, idle), for the service's metrics.
    pub fn pool_sizes(&self) -> [(&'static str, u32, usize); 2] {
        [
            ("read", self.read.size(), self.read.num_idle()),
            ("write", self.write.size(), self.write.num_idle()),
        ]
    }

    /// Opens (creating an SQLite file if needed) the database at `url`, applies pending
    /// migrations and installs the built-in vocabularies.
    pub async fn open(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let store = match backend {
            Backend::Sqlite => {
                let url = sqlite_url(url);
                let options = AnyConnectOptions::from_str(&url)?;
                let in_memory = url.contains(":memory:") || url.contains("mode=memory");
                let write = sqlite_pool(1).connect_with(options.clone()).await?;
                // An in-memory database exists once per connection: share the writer.
                let read = if in_memory {
                    write.clone()
                } else {
                    sqlite_pool(8).connect_with(options).await?
                };
                Store {
                    backend,
                    read,
                    write,
                    caches: Default::default(),
                    kept: Default::default(),
                    audit_queue: Default::default(),
                }
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // JIT compiling pays only for long analytical queries. Ours
                            // answer pages in milliseconds, and a plan whose estimate crosses
                            // the JIT threshold spent a second compiling (the outcomes
                            // report's tenancies: 1,142 ms with JIT, 72 ms without).
                            conn.execute(sqlx::raw_sql("SET jit = off")).await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await?;
                Store {
                    backend,
                    read: pool.clone(),
                    write: pool,
                    caches: Default::default(),
                    kept: Default::default(),
                    audit_queue: Default::default(),
                }
            }
        };
        store.migrate().await?;
        store.install_vocabularies().await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    fn migrator(&self) -> sqlx::migrate::Migrator {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        }
    }

    async fn migrate(&self) -> Result<()> {
        self.migrator().run(&self.write).await?;
        Ok(())
    }

    /// Why the database cannot serve requests, if it cannot: unreachable, or its schema is
    /// not the one this program's migrations make (some not applied, or some applied by a
    /// newer program). What a load balancer's readiness check asks.
    pub async fn unready(&self) -> Option<String> {
        let applied = match applied_migrations(&self.read, "_sqlx_migrations").await {
            Ok(applied) => applied,
            Err(e) => return Some(format!("the database does not answer: {e}")),
        };
        let known: std::collections::BTreeSet<i64> =
            self.migrator().iter().map(|m| m.version).collect();
        if let Some(missing) = known.difference(&applied).next() {
            return Some(format!("migration {missing} is not applied"));
        }
        if let Some(unknown) = applied.difference(&known).next() {
            return Some(format!(
                "migration {unknown} was applied by a newer version of Passerelle"
            ));
        }
        None
    }

    /// Starts a write transaction (see the type's documentation for why `IMMEDIATE`).
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Any>> {
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        Ok(self.write.begin_with(begin).await?)
    }

    /// Has PostgreSQL vacuum and measure its tables after a bulk load (the demo, an
    /// import), as its documentation advises, rather than wait for autovacuum (which may
    /// be off, or not have run yet).
    /// - It plans from the statistics, and with none it plans for empty tables: a page
    ///   that takes milliseconds took seconds (the landlords page sorted by units: 70 s).
    /// - The load leaves dead row versions (a referral is written, then linked to its
    ///   person) and no visibility map, so every count read the whole table from the heap:
    ///   at scale 10, the referrals table was 13 MB for 15,000 rows, and the main pages
    ///   under load answered 774 requests/s before the vacuum and 1,037 after.
    ///
    /// SQLite plans from its indexes alone and has no dead rows to clear, so it is left
    /// as it is.
    pub async fn refresh_statistics(&self) -> Result<()> {
        if self.backend == Backend::Postgres {
            // VACUUM cannot run inside a transaction: this is a statement of its own.
            sqlx::raw_sql("VACUUM (ANALYZE)")
                .execute(&self.write)
                .await?;
        }
        Ok(())
    }

    /// Closes every connection, leaving an SQLite database whole in its file.
    ///
    /// SQLite moves its write-ahead log into the database and removes it when the last
    /// connection closes, but only a close that finds no other connection open does so.
    /// Connections handed back to a closing pool are closed by tasks of their own, so two
    /// closes can overlap, each see the other, and leave the log behind (seen once, in a CI
    /// run of the SIGTERM test in `crates/cli/tests/cli.rs`). So the writer first copies the
    /// log into the database and empties it (`wal_checkpoint(TRUNCATE)`, with the readers
    /// already closed): whichever close comes last, nothing is left in the log.
    pub async fn close(&self) {
        self.read.close().await;
        if self.backend == Backend::Sqlite {
            let checkpoint = sqlx::raw_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.write)
                .await;
            if let Err(e) = checkpoint {
                // An in-memory database shares one pool, closed above, and has no log.
                tracing::debug!(error = %e, "no checkpoint on close");
            }
        }
        self.write.close().await;
    }
}

fn sqlite_pool(max: u32) -> AnyPoolOptions {
    AnyPoolOptions::new().max_connections(max).min_connections(1).after_connect(|conn, _| {
        Box::pin(async move {
            let pragmas = format!(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {};",
                SQLITE_BUSY_TIMEOUT.as_millis()
            );
            conn.execute(sqlx::raw_sql(&pragmas)).await?;
            Ok(())
        })
    })
}

/// The versions of the migrations applied to a database, read from `table` (its own
/// `_sqlx_migrations`, or an attached database's).
pub(crate) async fn applied_migrations<'c, E>(
    executor: E,
    table: &str,
) -> Result<std::collections::BTreeSet<i64>>
where
    E: Executor<'c, Database = Any>,
{
    Ok(
        sqlx::query(&format!("SELECT version FROM {table} WHERE success"))
            .fetch_all(executor)
            .await?
            .iter()
            .map(|r| sqlx::Row::try_get::<i64, _>(r, "version"))
            .collect::<std::result::Result<_, _>>()?,
    )
}

/// `sqlite://file.db` creates the file when missing, as a newcomer expects.
fn sqlite_url(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// The current time as stored: RFC 3339, UTC, whole seconds.
pub(crate) fn now() -> String {
    timestamp(time::OffsetDateTime::now_utc())
}

pub(crate) fn timestamp(t: time::OffsetDateTime) -> String {
    let t = t
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(t);
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(
            Backend::from_url("sqlite://passerelle.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::from_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert!(matches!(
            Backend::from_url("mysql://x"),
            Err(StoreError::UnsupportedUrl(_))
        ));
        assert_eq!(sqlite_url("sqlite://a.db"), "sqlite://a.db?mode=rwc");
        assert_eq!(sqlite_url("sqlite://a.db?mode=ro"), "sqlite://a.db?mode=ro");
    }
}

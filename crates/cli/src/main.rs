//! `passerelle`: serve the web app, load the demo community, manage users, import and
//! export HSDS directories, and measure start-up and search latency.

mod bench;
mod line_error;
mod linking;
mod matching;
mod referrals_file;
mod units_file;

use clap::{Parser, Subcommand};
use passerelle_demo::{DEMO_PASSWORD, DemoOptions};
use passerelle_domain::roles::Role;
use passerelle_domain::values::Email;
use passerelle_store::{FoundEmpty, NewUser, Store, StoreError};
use passerelle_web::{AppState, Config, auth::hash_password};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "passerelle",
    version,
    about = "A homelessness-serving network's shared system"
)]
struct Cli {
    /// Database URL: sqlite://FILE (the embedded default) or postgres://USER@HOST/DB.
    #[arg(
        long,
        global = true,
        env = "PASSERELLE_DATABASE",
        default_value = "sqlite://passerelle.db"
    )]
    database: String,
    /// How log lines are written to standard error: for people, or as JSON for a collector.
    #[arg(
        long,
        global = true,
        env = "PASSERELLE_LOG_FORMAT",
        value_enum,
        default_value = "text"
    )]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app and the API.
    Serve {
        #[arg(long, env = "PASSERELLE_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Load the demo community first if the database is empty.
        #[arg(long)]
        demo: bool,
        /// Mark cookies Secure (set this when served over HTTPS).
        #[arg(long, env = "PASSERELLE_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Take each request's address from the last X-Forwarded-For hop, for sign-in
        /// throttling and the audit trail (set this only behind a reverse proxy that sets it).
        #[arg(long, env = "PASSERELLE_TRUST_FORWARDED_FOR")]
        trust_forwarded_for: bool,
        /// Serve the Open Referral HSDS API at /hsds/ to anyone (for a 211 aggregator);
        /// without it the API needs a signed-in user or an API token.
        #[arg(long, env = "PASSERELLE_HSDS_PUBLIC")]
        hsds_public: bool,
        /// Send notifications by e-mail through this SMTP server:
        /// smtp://USER:PASSWORD@HOST:587?tls=required, or smtps://USER:PASSWORD@HOST.
        #[arg(long, env = "PASSERELLE_SMTP_URL", hide_env_values = true)]
        smtp_url: Option<String>,
        /// Write notification e-mails into this folder as .eml files instead (a trial set-up).
        #[arg(long, env = "PASSERELLE_MAIL_DIR", conflicts_with = "smtp_url")]
        mail_dir: Option<PathBuf>,
        /// The sender of notification e-mails.
        #[arg(
            long,
            env = "PASSERELLE_MAIL_FROM",
            default_value = "Passerelle <passerelle@localhost>"
        )]
        mail_from: String,
        /// The address users reach Passerelle at, for the links in e-mails (default: the
        /// address served).
        #[arg(long, env = "PASSERELLE_PUBLIC_URL")]
        public_url: Option<String>,
    },
    /// Write the demo community and its logins into the database.
    Demo {
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Multiplies the number of agencies (80 at scale 1), from 1 to 100.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
        scale: u32,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Load a directory, or landlords' units.
    Import {
        #[command(subcommand)]
        what: ImportKind,
    },
    /// Write the directory, or the units, out.
    Export {
        #[command(subcommand)]
        what: ExportKind,
    },
    /// Find the same person referred several times: pairs, persons and reasons.
    Link(linking::LinkArgs),
    /// Write synthetic data with known truth.
    Generate {
        #[command(subcommand)]
        what: GenerateKind,
    },
    /// Aggregate reports for scripted use.
    Report {
        #[command(subcommand)]
        what: ReportKind,
    },
    /// Assign units to clients: solve problems from CSV files, generate instances.
    Match {
        #[command(subcommand)]
        command: matching::MatchCommand,
    },
    /// Copy the database into a new file, consistent at one instant, while the app runs
    /// (SQLite's `VACUUM INTO`; on PostgreSQL, `pg_dump` in its custom format).
    Backup {
        /// The file to write; never overwritten.
        path: PathBuf,
    },
    /// Copy every row of an SQLite backup into an empty SQLite database, all or nothing.
    Restore {
        /// A file written by `passerelle backup`.
        path: PathBuf,
    },
    /// Measure cold start and search latency (prints its figures).
    Bench {
        #[command(subcommand)]
        what: bench::BenchKind,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user. The password is read from PASSERELLE_PASSWORD or --password.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// administrator, housing_locator, partner_worker, network_convener or analyst.
        #[arg(long)]
        role: String,
        /// The agency (organization id) of a partner worker.
        #[arg(long)]
        agency: Option<String>,
        #[arg(long, env = "PASSERELLE_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

#[derive(Subcommand)]
enum ImportKind {
    /// Open Referral HSDS 3.1: a .json file, or a folder of CSV tables.
    Hsds { path: PathBuf },
    /// Landlords' portfolios: a CSV file with one line per unit (columns in docs/housing.md).
    /// All or nothing: the first bad line is named with its column, exit code 2.
    Units { path: PathBuf },
    /// A community's existing list: a CSV file with one line per referral (columns in
    /// docs/coordinated-access.md). Every line is checked first and every problem named
    /// with its line and column (exit code 2, nothing saved); then identity resolution runs
    /// over the whole file, in date order, and its review items are created.
    Referrals { path: PathBuf },
}

#[derive(Subcommand)]
enum ExportKind {
    /// Open Referral HSDS 3.1: PATH.json, or CSV tables in the folder PATH.
    Hsds { path: PathBuf },
    /// Every unit with its landlord and property, as CSV (standard output without --output).
    Units {
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// The partner network: agencies and the relationships they reported, with their
    /// measures, as GraphML, GEXF or CSV (ties); --metrics also writes the measures table.
    Network {
        #[arg(long, value_parser = ["graphml", "gexf", "csv"])]
        format: String,
        path: PathBuf,
        /// Also write id,label,…,betweenness,closeness,eigenvector,broker as CSV.
        #[arg(long)]
        metrics: Option<PathBuf>,
        /// The network as it stood on this day (YYYY-MM-DD); today's by default.
        #[arg(long)]
        as_of: Option<String>,
        /// Also tie agencies that sat at the same held meeting (kind `co_attended`).
        #[arg(long)]
        co_attendance: bool,
    },
}

#[derive(Subcommand)]
enum GenerateKind {
    /// Referrals of people, some referred several times with the usual errors.
    People(linking::PeopleArgs),
}

#[derive(Subcommand)]
enum ReportKind {
    /// Units open to the network each month, by neighbourhood and size.
    Availability {
        /// Only csv.
        #[arg(long, default_value = "csv")]
        format: String,
        /// The first month, YYYY-MM (default: 18 months ago).
        #[arg(long)]
        from: Option<String>,
        /// How many months (default 24: 18 back, this one and 5 ahead).
        #[arg(long, default_value_t = 24)]
        months: u32,
        /// The language of the headings and neighbourhood names: en or fr.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Every housing outcome report of a period, for a council meeting: each as CSV, and
    /// all in one printable HTML file (one report per page), small counts withheld.
    Pack {
        /// The first month, YYYY-MM (default: eleven months before --to).
        #[arg(long, default_value = "")]
        from: String,
        /// The last month, YYYY-MM (default: this month).
        #[arg(long, default_value = "")]
        to: String,
        /// Withhold counts of persons below this (at least 3).
        #[arg(long, default_value = "5")]
        k: String,
        /// The language of the HTML file and the CSV headings: en or fr.
        #[arg(long, default_value = "en")]
        lang: String,
        /// The folder to write into (made if missing); files already there are kept, and
        /// the pack is refused rather than overwrite one.
        #[arg(long)]
        output: std::path::PathBuf,
    },
}

/// A failure the user can act on: printed, exit code 2; anything else is 1.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Other(String),
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        // One JSON object a line, the request's id among the span's fields: for a log
        // collector rather than a person.
        LogFormat::Json => logs
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            match e {
                CliError::Usage(_)
                | CliError::Store(StoreError::Invalid(_) | StoreError::Conflict(_)) => {
                    ExitCode::from(2)
                }
                _ => ExitCode::FAILURE,
            }
        }
    }
}

async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Serve {
            bind,
            demo,
            secure_cookies,
            trust_forwarded_for,
            hsds_public,
            smtp_url,
            mail_dir,
            mail_from,
            public_url,
        } => {
            let store = Store::open(&cli.database).await?;
            if demo && let Ok(empty) = store.found_empty().await? {
                load_demo(&store, empty, DemoOptions::default()).await?;
            }
            let listener = tokio::net::TcpListener::bind(&bind)
                .await
                .map_err(|e| CliError::Usage(format!("cannot listen on {bind}: {e}")))?;
            let addr = listener
                .local_addr()
                .map_err(|e| CliError::Other(e.to_string()))?;
            println!(
                "Passerelle is serving http://{addr}/ on {} ({})",
                store.backend().name(),
                redact(&cli.database)
            );
            let mail =
                passerelle_web::mail::Mail::from_settings(&passerelle_web::mail::MailSettings {
                    smtp_url,
                    mail_dir,
                    from: mail_from,
                    public_url: public_url.unwrap_or_else(|| format!("http://{addr}")),
                })
                .map_err(CliError::Usage)?;
            if mail.is_some() {
                println!("notifications are also sent by e-mail");
            }
            let config = Config {
                secure_cookies,
                mail,
                trust_forwarded_for,
                hsds_public,
            };
            passerelle_web::serve(listener, AppState::new(store, config))
                .await
                .map_err(|e| CliError::Other(e.to_string()))
        }
        Command::Demo { seed, scale } => {
            let store = Store::open(&cli.database).await?;
            // The demo's logins share a published password: never into a database that
            // holds anything already, where they would open a community's data to anyone.
            // And a demo that fails halfway erases what it wrote, which only an empty
            // database allows.
            match store.found_empty().await? {
                Ok(empty) => load_demo(&store, empty, DemoOptions { seed, scale }).await,
                Err(table) => Err(CliError::Usage(format!(
                    "the demo loads only into an empty database, and this one holds data (in \
                     {table}, at least): its logins share the published password \
                     {DEMO_PASSWORD:?}. Give --database a new file or an empty database."
                ))),
            }
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    name,
                    role,
                    agency,
                    password,
                },
        } => {
            let store = Store::open(&cli.database).await?;
            let role = Role::parse(&role)
                .ok_or_else(|| CliError::Usage(format!("unknown role {role:?}")))?;
            let email = Email::parse("email", &email)
                .map_err(|_| CliError::Usage(format!("not an email address: {email:?}")))?;
            let agency_id = agency
                .map(|a| {
                    a.parse()
                        .map_err(|_| CliError::Usage(format!("--agency is not an id: {a:?}")))
                })
                .transpose()?;
            passerelle_domain::passwords::new_password("password", &password, email.as_str())
                .map_err(|e| {
                    CliError::Usage(format!(
                        "the password is refused ({}): at least {} characters, not a common one, not the e-mail",
                        e.code,
                        passerelle_domain::passwords::MIN_CHARS
                    ))
                })?;
            let password_hash =
                hash_password(&password).map_err(|e| CliError::Other(e.to_string()))?;
            let user = store
                .create_user(
                    None,
                    NewUser {
                        email,
                        display_name: name,
                        role,
                        agency_id,
                        password_hash,
                    },
                )
                .await?;
            println!(
                "created {} ({}) {}",
                user.email,
                user.role.as_str(),
                user.id
            );
            Ok(())
        }
        Command::Import {
            what: ImportKind::Hsds { path },
        } => {
            let imported =
                passerelle_hsds::read_path(&path).map_err(|e| CliError::Usage(e.to_string()))?;
            let store = Store::open(&cli.database).await?;
            let summary = store.import_directory(None, &imported.snapshot).await?;
            store.refresh_statistics().await?;
            println!(
                "imported {} organizations, {} services, {} locations, {} contacts, {} taxonomy terms, {} areas",
                summary.organizations,
                summary.services,
                summary.locations,
                summary.contacts,
                summary.terms,
                summary.areas
            );
            // What the file held that the directory has no place for, so that nothing is
            // dropped without a word (docs/hsds.md).
            for (what, count) in &imported.not_kept {
                println!("not kept ({count}): {what}");
            }
            Ok(())
        }
        Command::Import {
            what: ImportKind::Units { path },
        } => {
            let data = std::fs::read(&path)
                .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))?;
            let store = Store::open(&cli.database).await?;
            let areas = store.areas().await?;
            let rows = units_file::read(&data, &areas)
                .map_err(|e| CliError::Usage(format!("{}, {e}", path.display())))?;
            let today = time::OffsetDateTime::now_utc().date();
            let summary = store
                .import_units(None, &rows, today)
                .await
                .map_err(|(line, e)| {
                    CliError::Usage(format!(
                        "{}, {}",
                        path.display(),
                        units_file::store_error(line, e)
                    ))
                })?;
            store.refresh_statistics().await?;
            println!(
                "imported {} lines: {} units added, {} updated, {} new landlords, {} new properties",
                rows.len(),
                summary.units_created,
                summary.units_updated,
                summary.landlords,
                summary.properties
            );
            Ok(())
        }
        Command::Import {
            what: ImportKind::Referrals { path },
        } => {
            let data = std::fs::read(&path)
                .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))?;
            let store = Store::open(&cli.database).await?;
            let names = referrals_file::Vocabularies::new(
                &store.organization_names().await?,
                &store.areas().await?,
            );
            let today = time::OffsetDateTime::now_utc().date();
            let mut lines = referrals_file::read(&data, &names, today).map_err(|errors| {
                let shown: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}, {e}", path.display()))
                    .collect();
                CliError::Usage(format!(
                    "{}\n{} problems; nothing was imported",
                    shown.join("\n"),
                    errors.len()
                ))
            })?;
            // In the order the referrals were made, so each is weighed against those before.
            lines.sort_by_key(|l| (l.incoming.referred_on, l.line));
            let flagged = lines.iter().filter(|l| l.birth_date_flagged).count();
            let started = std::time::Instant::now();
            let count = lines.len();
            let created = passerelle_web::referrals::save_referrals(
                &store,
                &passerelle_web::referrals::identity::PeopleIndex::default(),
                None,
                lines.into_iter().map(|l| l.incoming).collect(),
            )
            .await?;
            let joined = created.iter().filter(|c| c.joined).count();
            let persons = created
                .iter()
                .filter(|c| c.person_id.is_some() && !c.joined)
                .count();
            let reviews: usize = created.iter().map(|c| c.reviews.len()).sum();
            let anonymous = created.iter().filter(|c| c.person_id.is_none()).count();
            println!(
                "imported {count} referrals in {:.1} s: {persons} new persons, {joined} joined a \
                 known person, {reviews} possible same persons to review, {anonymous} anonymous \
                 counts, {flagged} impossible birth dates kept and flagged for correction",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Export {
            what: ExportKind::Units { output },
        } => {
            let store = Store::open(&cli.database).await?;
            let units = store.export_units().await?;
            let csv = units_file::write(&units, &store.areas().await?).map_err(CliError::Other)?;
            match output {
                Some(path) => {
                    std::fs::write(&path, csv).map_err(|e| {
                        CliError::Usage(format!("cannot write {}: {e}", path.display()))
                    })?;
                    eprintln!("exported {} units to {}", units.len(), path.display());
                }
                None => {
                    use std::io::Write;
                    let _ = std::io::stdout().lock().write_all(&csv);
                }
            }
            Ok(())
        }
        Command::Export {
            what:
                ExportKind::Network {
                    format,
                    path,
                    metrics,
                    as_of,
                    co_attendance,
                },
        } => {
            let store = Store::open(&cli.database).await?;
            let mut graph = store
                .network_graph("en")
                .await?
                .with_co_attendance(co_attendance);
            if let Some(raw) = as_of {
                let day = passerelle_domain::housing::date("as_of", &raw).map_err(|_| {
                    CliError::Usage(format!("--as-of is not a date as YYYY-MM-DD: {raw:?}"))
                })?;
                graph = graph.as_of(passerelle_domain::network::day_number(day));
            }
            let measures = graph.metrics();
            let text = match format.as_str() {
                "graphml" => passerelle_network::export::graphml(&graph, Some(&measures)),
                "gexf" => passerelle_network::export::gexf(&graph, Some(&measures)),
                _ => passerelle_network::export::ties_csv(&graph),
            };
            let write = |path: &PathBuf, text: &str| {
                std::fs::write(path, text)
                    .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", path.display())))
            };
            write(&path, &text)?;
            if let Some(m) = metrics {
                write(
                    &m,
                    &passerelle_network::export::metrics_csv(&graph, &measures),
                )?;
            }
            println!(
                "exported {} agencies and {} relationships ({} brokers, {} isolated) to {}",
                graph.nodes.len(),
                graph.ties.len(),
                measures.brokers.len(),
                measures.isolates.len(),
                path.display()
            );
            Ok(())
        }
        Command::Report {
            what:
                ReportKind::Pack {
                    from,
                    to,
                    k,
                    lang,
                    output,
                },
        } => {
            let started = std::time::Instant::now();
            let today = time::OffsetDateTime::now_utc().date();
            let query = passerelle_domain::outcomes::ReportQuery { from, to, k };
            let (range, k) = query.parse(today).map_err(|errors| {
                CliError::Usage(
                    errors
                        .0
                        .iter()
                        .map(|e| format!("--{}: {}", e.field, e.code))
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            })?;
            let lang = passerelle_domain::roles::Language::parse(&lang)
                .ok_or_else(|| CliError::Usage(format!("--lang {lang:?}: use en or fr")))?;
            let store = Store::open(&cli.database).await?;
            let o = passerelle_web::outcomes::outcomes(&store, range, k, today).await?;
            let files =
                passerelle_web::outcomes::pack_files(&passerelle_web::i18n::Tr::new(lang), &o)
                    .map_err(CliError::Other)?;
            std::fs::create_dir_all(&output)
                .map_err(|e| CliError::Usage(format!("{}: {e}", output.display())))?;
            if let Some((name, _)) = files.iter().find(|(name, _)| output.join(name).exists()) {
                return Err(CliError::Usage(format!(
                    "{} already exists: choose an empty folder",
                    output.join(name).display()
                )));
            }
            for (name, body) in &files {
                std::fs::write(output.join(name), body).map_err(|e| {
                    CliError::Other(format!("{}: {e}", output.join(name).display()))
                })?;
            }
            println!(
                "report pack {} to {} (k = {k}): {} files in {} ({:.2} s)",
                o.from,
                o.to,
                files.len(),
                output.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Report {
            what:
                ReportKind::Availability {
                    format,
                    from,
                    months,
                    lang,
                },
        } => {
            if format != "csv" {
                return Err(CliError::Usage(format!(
                    "unknown format {format:?}: use csv"
                )));
            }
            let now =
                passerelle_domain::housing::MonthIndex::of(time::OffsetDateTime::now_utc().date());
            let first = match from {
                Some(raw) => {
                    passerelle_domain::housing::MonthIndex::parse(&raw).ok_or_else(|| {
                        CliError::Usage(format!("--from is not a month as YYYY-MM: {raw:?}"))
                    })?
                }
                None => passerelle_domain::housing::MonthIndex(now.0 - 18),
            };
            let last = passerelle_domain::housing::MonthIndex(first.0 + months.max(1) as i32 - 1);
            let store = Store::open(&cli.database).await?;
            let cells = store.availability(first, last).await?;
            let lang = passerelle_domain::roles::Language::parse(&lang)
                .ok_or_else(|| CliError::Usage(format!("--lang {lang:?}: use en or fr")))?;
            let names: std::collections::HashMap<_, _> = store
                .areas()
                .await?
                .into_iter()
                .map(|a| (a.id, a.label(lang.code()).to_owned()))
                .collect();
            let heading =
                passerelle_web::views::availability_heading(&passerelle_web::i18n::Tr::new(lang));
            let csv = passerelle_domain::housing::availability_csv_text(heading, &cells, |a| {
                a.and_then(|a| names.get(&a).cloned()).unwrap_or_default()
            });
            use std::io::Write;
            let _ = std::io::stdout().lock().write_all(csv.as_bytes());
            Ok(())
        }
        Command::Export {
            what: ExportKind::Hsds { path },
        } => {
            let store = Store::open(&cli.database).await?;
            let snapshot = store.export_directory().await?;
            passerelle_hsds::write_path(&path, &snapshot)
                .map_err(|e| CliError::Usage(e.to_string()))?;
            // Flagged, not hidden: a consumer that checks the standard's required fields
            // will refuse these records until the agency fills them in.
            for line in passerelle_hsds::incomplete(&snapshot) {
                eprintln!("warning: HSDS 3.1 requires what is missing here: {line}");
            }
            println!(
                "exported {} organizations to {}",
                snapshot.organizations.len(),
                path.display()
            );
            Ok(())
        }
        Command::Link(args) => linking::link(args).map_err(failure),
        Command::Generate {
            what: GenerateKind::People(args),
        } => linking::people(args).map_err(failure),
        Command::Match {
            command:
                matching::MatchCommand::Round {
                    policy,
                    dry_run,
                    format,
                },
        } => matching::round(&cli.database, policy.as_deref(), dry_run, format)
            .await
            .map_err(failure),
        Command::Match { command } => matching::run(command).map_err(failure),
        Command::Backup { path } => backup(&cli.database, &path).await,
        Command::Restore { path } => {
            // Checked before opening, which would create the tables pg_restore must create.
            if passerelle_store::Backend::from_url(&cli.database)?
                == passerelle_store::Backend::Postgres
            {
                return Err(CliError::Usage(format!(
                    "on PostgreSQL, restore a backup with pg_restore into a new, empty database \
                     before Passerelle first opens it: pg_restore --no-owner --dbname URL {}",
                    path.display()
                )));
            }
            let store = Store::open(&cli.database).await?;
            let empty = store.found_empty().await?.map_err(|table| {
                CliError::Usage(format!(
                    "a backup is restored only into an empty database, and this one holds data \
                     (in {table}, at least). Give --database a new file."
                ))
            })?;
            let restored = store.restore_from(empty, &path).await?;
            println!(
                "restored {} rows in {} tables from {}",
                restored.rows,
                restored.tables,
                path.display()
            );
            Ok(())
        }
        Command::Bench { what } => bench::run(what, &cli.database)
            .await
            .map_err(CliError::Other),
    }
}

/// `passerelle backup`: SQLite copies itself; PostgreSQL's own tool does the dump.
async fn backup(database: &str, path: &std::path::Path) -> Result<(), CliError> {
    let store = Store::open(database).await?;
    if store.backend() == passerelle_store::Backend::Sqlite {
        store.backup_to(path).await?;
        println!("backed up {} into {}", redact(database), path.display());
        return Ok(());
    }
    if path.exists() {
        return Err(CliError::Usage(format!(
            "{} exists already: a backup never overwrites a file",
            path.display()
        )));
    }
    let dumped = std::process::Command::new("pg_dump")
        .args(["--format=custom", "--no-owner", "--file"])
        .arg(path)
        .arg("--dbname")
        .arg(database)
        .status()
        .map_err(|e| {
            CliError::Other(format!(
                "a PostgreSQL backup needs pg_dump (from the PostgreSQL client tools), which \
                 could not be run: {e}"
            ))
        })?;
    if !dumped.success() {
        return Err(CliError::Other(format!("pg_dump failed ({dumped})")));
    }
    println!(
        "backed up {} into {} (pg_dump)",
        redact(database),
        path.display()
    );
    Ok(())
}

fn failure(f: matching::Failure) -> CliError {
    match f {
        matching::Failure::Input(message) => CliError::Usage(message),
        matching::Failure::Other(message) => CliError::Other(message),
    }
}

/// Writes the demo community and prints what it holds and its logins.
async fn load_demo(store: &Store, empty: FoundEmpty, options: DemoOptions) -> Result<(), CliError> {
    let today = time::OffsetDateTime::now_utc().date();
    let loaded = passerelle_web::demo::load(store, empty, options, today).await?;
    let d = &loaded.directory;
    println!(
        "demo community: {} organizations, {} services, {} locations",
        d.organizations, d.services, d.locations
    );
    println!(
        "demo network: {} relationships reported, {} contacts and {} meetings over two years",
        loaded.relationships, loaded.contacts, loaded.meetings
    );
    println!(
        "demo housing: {} landlords, {} properties, {} units with {} months of history",
        loaded.landlords,
        loaded.properties,
        loaded.units,
        passerelle_demo::HISTORY_MONTHS
    );
    let r = &loaded.referrals;
    println!(
        "demo referrals: {} over two years from {} agencies, {} persons on the list ({} joined \
         a known person at once, {} possible same persons decided, {} left open), {} housed",
        r.referrals,
        passerelle_demo::REFERRING_AGENCIES,
        r.persons,
        r.joined,
        r.reviews_decided,
        r.reviews_open,
        r.housed
    );
    println!(
        "demo tenancies: {} followed after move-in ({} ended, each with its reason), {} \
         support visits and landlord check-ins logged, {} incidents, {} returns to \
         homelessness",
        r.tenancies, r.tenancies_ended, r.tenancy_contacts, r.incidents, r.returns
    );
    println!("demo logins (password: {DEMO_PASSWORD}):");
    for user in &loaded.users {
        println!("  {:<38} {}", user.email, user.role.as_str());
    }
    Ok(())
}

/// The database URL without a password, for printing.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if url[scheme + 3..at].contains(':') => {
            let user_end = url[scheme + 3..at]
                .find(':')
                .map(|i| scheme + 3 + i)
                .unwrap_or(at);
            format!("{}:***{}", &url[..user_end], &url[at..])
        }
        _ => url.to_owned(),
    }
}

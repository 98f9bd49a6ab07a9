//! `passerelle match`: solve assignment problems from CSV files and generate benchmark
//! instances. Thin: reading, solving and checking live in passerelle-matching.

use clap::{Subcommand, ValueEnum};
use passerelle_matching::csv::{LoadedProblem, read_edges, write_field};
use passerelle_matching::generate::{self, SparseSpec};
use passerelle_matching::plan::{MatchPlan, PlanInput, plan, solver_problem};
use passerelle_matching::policy::Policy;
use passerelle_matching::{Problem, solve, verify};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Subcommand)]
pub enum MatchCommand {
    /// Run a match round on the database: the persons active on the list against the units
    /// available today, under the policy in force (or --policy, which makes it a dry run).
    Round {
        /// Priority keys, most important first (a comparison: saved as a dry run).
        #[arg(long)]
        policy: Option<String>,
        /// Save the round for reading only: no offer can be made from it.
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Maximum-weight assignment of clients to units from CSV files.
    Solve {
        /// CSV with the header client,unit,weight (weight: a non-negative integer to maximize).
        #[arg(long)]
        edges: PathBuf,
        /// CSV with the header unit,capacity; units it does not name have capacity 1.
        #[arg(long)]
        capacities: Option<PathBuf>,
        /// Where to write the client,unit pairs (standard output when absent and the
        /// format is text).
        #[arg(long)]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also check the optimality certificate (dual values) and report the result.
        #[arg(long)]
        verify: bool,
    },
    /// Match waiting clients to open units under a priority policy, and explain every
    /// decision. Reads the JSON described in docs/matching.md.
    Plan {
        #[arg(long)]
        input: PathBuf,
        /// Priority keys, most important first: acuity, days_homeless, referral_date
        /// (overrides the file's policy).
        #[arg(long)]
        policy: Option<String>,
        /// Where to write the plan as JSON (the text format prints a readable summary).
        #[arg(long)]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also write the problem handed to the solver, as `match solve` reads it (to time
        /// the solver alone or check the optimum with another one).
        #[arg(long, requires = "solver_capacities")]
        solver_edges: Option<PathBuf>,
        /// The units' places for --solver-edges.
        #[arg(long, requires = "solver_edges")]
        solver_capacities: Option<PathBuf>,
    },
    /// Write a seeded synthetic instance (see docs/matching.md for the shapes).
    Generate {
        #[arg(long, value_enum, default_value_t = Shape::Sparse)]
        shape: Shape,
        #[arg(long, default_value_t = 5_000)]
        clients: u32,
        /// Units (for a dense instance, ignored: it is square).
        #[arg(long, default_value_t = 1_000)]
        units: u32,
        /// Feasible pairs in all (sparse instances).
        #[arg(long, default_value_t = 475_000)]
        edges: u64,
        /// Unit capacities are uniform in 1..=capacity-max (sparse instances).
        #[arg(long, default_value_t = 1)]
        capacity_max: u32,
        /// Priority levels 1..=N; a pair's weight is level × 1000 + fit (sparse instances).
        #[arg(long, default_value_t = 10)]
        priority_levels: u32,
        /// Skewed instances: a pair's fit is the unit's quality (0-599, the same for every
        /// client) plus a part of its own, uniform in 0..N. Small values make clients rank
        /// units alike, so that weights tie across clients.
        #[arg(long, default_value_t = 400)]
        fit_spread: u32,
        /// Weights are uniform in 0..=max-weight (dense instances).
        #[arg(long, default_value_t = 999)]
        max_weight: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The edges file to write.
        #[arg(long)]
        output: PathBuf,
        /// The capacities file to write (needed when units have several places: sparse and
        /// skewed instances with capacity-max above 1, and round instances).
        #[arg(long)]
        capacities_output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shape {
    /// Solver edges: client × unit pairs with policy-like weights.
    Sparse,
    /// Solver edges like `sparse`, from an independent model: popular and unpopular
    /// units, clients accepting few or many, skewed priority levels, shared unit quality.
    Skewed,
    /// Solver edges: every client with every unit.
    Dense,
    /// Solver edges: every client with every unit (`--units` is ignored), clients ranking
    /// units alike: a unit quality all agree on, five priority levels, and the pair's own
    /// part in `0..--fit-spread`.
    DenseAlike,
    /// A waiting list and open units with full profiles, for `match plan`.
    Community,
    /// Solver edges of a round: the `community` households and units, their compatible
    /// pairs weighted under the default policy (one priority level per household), as
    /// `match plan` hands them to the solver. Programs' units have several openings.
    Round,
}

/// A failure and whether it is the user's input (exit code 2) or not.
pub enum Failure {
    Input(String),
    Other(String),
}

/// `passerelle match round`: a round on the database, through the app's own round service,
/// after the day's consent dates and offer deadlines are applied as the app applies them.
pub async fn round(
    database: &str,
    policy: Option<&str>,
    dry_run: bool,
    format: Format,
) -> Result<(), Failure> {
    use passerelle_web::matching::round::{compare_with_usual, load_round, start_round};
    let other = |e: &dyn std::fmt::Display| Failure::Other(e.to_string());
    let store = passerelle_store::Store::open(database)
        .await
        .map_err(|e| other(&e))?;
    let today = time::OffsetDateTime::now_utc().date();
    store
        .apply_consent_dates(today)
        .await
        .map_err(|e| other(&e))?;
    store.apply_no_contact(today).await.map_err(|e| other(&e))?;
    store
        .lapse_offers(today, passerelle_domain::offers::REMINDER_DAYS_BEFORE)
        .await
        .map_err(|e| other(&e))?;
    let (policy, dry_run) = match policy {
        Some(keys) => (
            Policy::parse(keys).map_err(|e| Failure::Input(e.to_string()))?,
            true,
        ),
        None => {
            let stored = store.priority_policies().await.map_err(|e| other(&e))?;
            let keys = stored.first().map(|p| p.keys.clone()).unwrap_or_default();
            let policy = if keys.is_empty() {
                Policy::default()
            } else {
                Policy::parse(&keys).map_err(|e| other(&e))?
            };
            (policy, dry_run)
        }
    };
    let summary = start_round(&store, None, today, &policy, dry_run)
        .await
        .map_err(|e| other(&e))?;
    let id = summary
        .id
        .ok_or_else(|| Failure::Other("round not saved".into()))?;
    let loaded = load_round(&store, id).await.map_err(|e| other(&e))?;
    let usual = compare_with_usual(&loaded).map_err(|e| other(&e))?;
    match format {
        Format::Json => {
            let out = serde_json::json!({ "round": summary, "one_vacancy_at_a_time": usual });
            println!("{out}");
        }
        Format::Text => {
            let t = &summary.seconds;
            println!(
                "round {id}{}: {} persons, {} units, {} compatible pairs, {} matched, objective {}",
                if dry_run { " (dry run)" } else { "" },
                summary.persons,
                summary.units,
                summary.feasible_pairs,
                summary.matched,
                summary.objective
            );
            println!(
                "seconds: loading {:.3}, matching {:.3}, saving {:.3}, total {:.3}",
                t.loading,
                t.matching,
                t.saving,
                t.loading + t.matching + t.saving
            );
            println!(
                "one vacancy at a time would match {} (total fit {}); this round matches {} (total fit {})",
                usual.usual_matched, usual.usual_fit, usual.optimal_matched, usual.optimal_fit
            );
        }
    }
    store.close().await;
    Ok(())
}

pub fn run(command: MatchCommand) -> Result<(), Failure> {
    match command {
        MatchCommand::Round { .. } => Err(Failure::Other("a round needs the database".into())),
        MatchCommand::Solve {
            edges,
            capacities,
            output,
            format,
            verify: check,
        } => solve_files(
            &edges,
            capacities.as_deref(),
            output.as_deref(),
            format,
            check,
        ),
        MatchCommand::Plan {
            input,
            policy,
            output,
            format,
            solver_edges,
            solver_capacities,
        } => {
            let solver_files = solver_edges.as_deref().zip(solver_capacities.as_deref());
            plan_file(
                &input,
                policy.as_deref(),
                output.as_deref(),
                format,
                solver_files,
            )
        }
        MatchCommand::Generate {
            shape,
            clients,
            units,
            edges,
            capacity_max,
            priority_levels,
            fit_spread,
            max_weight,
            seed,
            output,
            capacities_output,
        } => {
            if shape == Shape::Community {
                let (clients, units) =
                    generate::community::generate(clients as usize, units as usize, seed);
                let input = PlanInput {
                    clients,
                    units,
                    policy: None,
                    fit_weights: Default::default(),
                };
                let json =
                    serde_json::to_vec_pretty(&input).map_err(|e| Failure::Other(e.to_string()))?;
                write_atomically(&output, &json)?;
                println!(
                    "wrote {} clients and {} units to {}",
                    input.clients.len(),
                    input.units.len(),
                    output.display()
                );
                return Ok(());
            }
            let problem = match shape {
                Shape::Sparse => generate::sparse(&SparseSpec {
                    capacity_max: capacity_max.max(1),
                    priority_levels: priority_levels.max(1),
                    ..SparseSpec::new(clients, units, edges, seed)
                }),
                Shape::Skewed => generate::skewed(&SparseSpec {
                    capacity_max: capacity_max.max(1),
                    priority_levels: priority_levels.max(1),
                    fit_spread,
                    ..SparseSpec::new(clients, units, edges, seed)
                }),
                Shape::Dense => generate::dense(clients, max_weight, seed),
                Shape::DenseAlike => generate::dense_alike(clients, fit_spread, seed),
                Shape::Round => {
                    let (clients, units) =
                        generate::community::generate(clients as usize, units as usize, seed);
                    solver_problem(&clients, &units, &Policy::default(), &Default::default())
                        .map_err(|e| Failure::Other(e.to_string()))?
                }
                Shape::Community => unreachable!("written above"),
            };
            write_instance(&problem, &output, capacities_output.as_deref())?;
            println!(
                "wrote {} clients, {} units, {} edges to {}",
                problem.clients(),
                problem.units(),
                problem.edges().len(),
                output.display()
            );
            Ok(())
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::Input(format!("cannot read {}: {e}", path.display())))
}

fn solve_files(
    edges: &Path,
    capacities: Option<&Path>,
    output: Option<&Path>,
    format: Format,
    check: bool,
) -> Result<(), Failure> {
    let started = Instant::now();
    let data = read(edges)?;
    let mut loaded: LoadedProblem =
        read_edges(&data).map_err(|e| Failure::Input(format!("{}: {e}", edges.display())))?;
    drop(data);
    if let Some(path) = capacities {
        loaded
            .read_capacities(&read(path)?)
            .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
    }
    let read_seconds = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let solution = solve(&loaded.problem).map_err(|e| Failure::Other(e.to_string()))?;
    let solve_seconds = started.elapsed().as_secs_f64();
    let certificate = check.then(|| verify(&loaded.problem, &solution));
    if let Some(Err(e)) = &certificate {
        return Err(Failure::Other(format!(
            "the optimality certificate failed: {e}"
        )));
    }

    let mut pairs = Vec::with_capacity(solution.matched * 16 + 16);
    pairs.extend_from_slice(b"client,unit\n");
    for (client, unit) in solution.pairs() {
        write_field(&mut pairs, &loaded.client_ids[client as usize]);
        pairs.push(b',');
        write_field(&mut pairs, &loaded.unit_ids[unit as usize]);
        pairs.push(b'\n');
    }
    match output {
        Some(path) => write_atomically(path, &pairs)?,
        None if format == Format::Text => print_out(&pairs)?,
        None => {}
    }
    let mut summary = serde_json::json!({
        "objective": solution.objective as u64,
        "matched": solution.matched,
        "clients": loaded.problem.clients(),
        "units": loaded.problem.units(),
        "edges": loaded.problem.edges().len(),
        "read_seconds": read_seconds,
        "solve_seconds": solve_seconds,
    });
    if check {
        summary["certificate_verified"] = true.into();
    }
    match format {
        Format::Json => println!("{summary}"),
        Format::Text => eprintln!(
            "objective {} · {} of {} clients matched to {} units · {} edges · read {:.3} s · solved {:.3} s{}",
            solution.objective,
            solution.matched,
            loaded.problem.clients(),
            loaded.problem.units(),
            loaded.problem.edges().len(),
            read_seconds,
            solve_seconds,
            if check {
                " · certificate verified"
            } else {
                ""
            }
        ),
    }
    Ok(())
}

fn plan_file(
    input: &Path,
    policy: Option<&str>,
    output: Option<&Path>,
    format: Format,
    solver_files: Option<(&Path, &Path)>,
) -> Result<(), Failure> {
    let data = read(input)?;
    let parsed: PlanInput = serde_json::from_slice(&data)
        .map_err(|e| Failure::Input(format!("{}: {e}", input.display())))?;
    let policy_text = policy.or(parsed.policy.as_deref());
    let policy = match policy_text {
        Some(text) => Policy::parse(text).map_err(|e| Failure::Input(e.to_string()))?,
        None => Policy::default(),
    };
    if let Some((edges, capacities)) = solver_files {
        let problem = solver_problem(&parsed.clients, &parsed.units, &policy, &parsed.fit_weights)
            .map_err(|e| Failure::Input(format!("{}: {e}", input.display())))?;
        write_instance(&problem, edges, Some(capacities))?;
    }
    let started = Instant::now();
    let result = plan(&parsed.clients, &parsed.units, &policy, &parsed.fit_weights)
        .map_err(|e| Failure::Input(format!("{}: {e}", input.display())))?;
    let seconds = started.elapsed().as_secs_f64();
    let json = serde_json::to_vec_pretty(&result).map_err(|e| Failure::Other(e.to_string()))?;
    if let Some(path) = output {
        write_atomically(path, &json)?;
    }
    match format {
        Format::Json if output.is_none() => print_out(&json)?,
        Format::Json => {}
        Format::Text => print_out(describe(&result, &policy, seconds).as_bytes())?,
    }
    Ok(())
}

/// A readable account of a plan, for the terminal.
fn describe(plan: &MatchPlan, policy: &Policy, seconds: f64) -> String {
    use std::fmt::Write;
    let codes = |keys: &[passerelle_matching::policy::PriorityKey]| {
        keys.iter().map(|k| k.code()).collect::<Vec<_>>().join(", ")
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} offers, {} waiting, {} feasible pairs, objective {} (proven optimal), policy: {}; {:.3} s",
        plan.assignments.len(),
        plan.unmatched.len(),
        plan.feasible_pairs,
        plan.objective,
        codes(policy.keys()),
        seconds
    );
    for a in &plan.assignments {
        let terms: Vec<String> = a
            .terms
            .iter()
            .filter(|(_, p)| *p > 0)
            .map(|(t, p)| format!("{} {p}", t.code()))
            .collect();
        let _ = writeln!(
            out,
            "offer  #{:<5} {} -> {}  fit {} ({})",
            a.priority_position,
            a.client,
            a.unit,
            a.fit,
            terms.join(", ")
        );
        for other in &a.higher_priority {
            let _ = writeln!(
                out,
                "         #{} {} could also take it (fit {}) and was offered {} (fit {})",
                other.priority_position,
                other.client,
                other.fit_here,
                other.offered.as_deref().unwrap_or("nothing"),
                other.fit_offered.map_or("-".into(), |f| f.to_string())
            );
        }
        if a.higher_priority_count > a.higher_priority.len() {
            let _ = writeln!(
                out,
                "         and {} more of higher priority, all offered other units",
                a.higher_priority_count - a.higher_priority.len()
            );
        }
    }
    for u in &plan.unmatched {
        if u.feasible_units == 0 {
            let reasons: Vec<String> = u
                .ruled_out_by
                .iter()
                .take(3)
                .map(|(c, n)| format!("{} ({n} units)", c.code()))
                .collect();
            let _ = writeln!(
                out,
                "wait   #{:<5} {}  no open unit fits: {}",
                u.priority_position,
                u.client,
                reasons.join(", ")
            );
        } else {
            let _ = writeln!(
                out,
                "wait   #{:<5} {}  {} units fit ({} places): {} went to higher priority, {} to equal priority with a better fit",
                u.priority_position,
                u.client,
                u.feasible_units,
                u.feasible_places,
                u.places_to_higher_priority,
                u.places_to_same_priority
            );
        }
    }
    out
}

/// Writes to standard output; a reader that stops early (`| head`) is not an error.
fn print_out(bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(bytes) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::Other(e.to_string())),
        _ => Ok(()),
    }
}

/// Writes through a temporary file in the same folder, so a failure leaves nothing behind
/// and a reader never sees half a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let cannot =
        |e: std::io::Error| Failure::Input(format!("cannot write {}: {e}", path.display()));
    // A device or a pipe (/dev/null, /dev/stdout) is written to, never replaced.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return std::fs::write(path, bytes).map_err(cannot);
    }
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.partial"));
    std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            cannot(e)
        })
}

fn write_instance(
    problem: &Problem,
    output: &Path,
    capacities: Option<&Path>,
) -> Result<(), Failure> {
    use std::fmt::Write;
    if capacities.is_none() && (0..problem.units()).any(|u| problem.capacity(u) != 1) {
        return Err(Failure::Input(
            "some units of this instance have several places: give --capacities-output \
             to write them (without it they would read back as one place each)"
                .into(),
        ));
    }
    let mut text = String::with_capacity(problem.edges().len() * 20);
    text.push_str("client,unit,weight\n");
    for e in problem.edges() {
        let _ = writeln!(text, "c{},u{},{}", e.client, e.unit, e.weight);
    }
    write_atomically(output, text.as_bytes())?;
    if let Some(path) = capacities {
        let mut caps = String::from("unit,capacity\n");
        for u in 0..problem.units() {
            let _ = writeln!(caps, "u{u},{}", problem.capacity(u));
        }
        write_atomically(path, caps.as_bytes())?;
    }
    Ok(())
}

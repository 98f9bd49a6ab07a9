//! Exact maximum-weight assignment of clients to units.
//!
//! The problem is a bipartite *b*-matching: every client takes at most one unit, a unit
//! takes at most its capacity, only the given (feasible) pairs may be used, and the sum of
//! the chosen pairs' weights is maximal. Nobody has to be matched: weights are
//! non-negative, and leaving someone out is better than a pair that lowers the total.
//!
//! As a linear program (integral, the graph being bipartite):
//!
//! ```text
//! max Σ w(c,u)·x(c,u)   s.t.  Σ_u x(c,u) ≤ 1,  Σ_c x(c,u) ≤ capacity(u),  x ≥ 0
//! min Σ y(c) + Σ capacity(u)·z(u)   s.t.  y(c) + z(u) ≥ w(c,u),  y, z ≥ 0   (dual)
//! ```
//!
//! The solver ends with a primal-dual method (successive shortest paths, one search per
//! open place, Dijkstra on reduced costs). It keeps the duals feasible throughout, and
//! every search ends either by filling one more place or by lowering one dual to zero, so
//! at the end complementary slackness holds and the duals prove the matching optimal.
//! They are returned as [`Duals`], and [`verify`] checks that proof without trusting the
//! solver. The searches start from a warm start that leaves them little or nothing to do:
//! an ε-scaling auction with reverse bids on sparse graphs, whose approximate prices are
//! then made exact, or exact bidding on complete graphs and where units with several
//! places are the columns. See docs/decisions/0005, 0014 and 0034 for why these methods,
//! and the measurements behind them. Complete problems with one place per unit whose
//! clients rank units alike are solved by [`dense`] instead (LAPJV on a cost matrix,
//! decision 0037), returning the same kind of proof.

use std::cmp::Reverse;

mod best_two;
mod dense;
mod memory;

/// The largest weight accepted (2³² − 1): weights are stored in 32 bits, which halves the
/// memory the solver reads, and every dual and path length stays far from overflow.
/// Policies fit easily: a million priority ranks times a fit score up to 999 is 10⁹.
pub const MAX_WEIGHT: u64 = u32::MAX as u64;

const NONE: u32 = u32::MAX;
const INF: i64 = i64::MAX / 4;
/// The bidding phase's step budget, per row and column.
const BID_STEPS_PER_VERTEX: usize = 8;
/// Bidding also stops when, over a round of steps (one per row and column), the queue of
/// open rows shrank by less than one in this many steps: the rows left are in price wars,
/// and either the searches end them sooner or, where most rows are still open, the units'
/// auction takes over (see [`solve`]). Measured (decision 0039): at 64, the instances that
/// hand over to the units spend up to 5 % fewer instructions, and one whose last 55 rows bid
/// in a war for most of the budget 29 % fewer; the rest are unchanged. At 32, instances that
/// do not hand over stopped too early and took a quarter more.
const BID_STALL_SHARE: usize = 64;
/// Where rows bid for places, the bidding stops after this many rounds if more than one row
/// in [`BID_CHECK_OPEN_SHARE`] is still open: the units' auction will take over (see
/// [`solve`]), and the rounds left would be lost. Measured (decision 0046): every instance
/// that stopped there hands over after the full budget too, and takes up to a quarter fewer
/// instructions this way; where the clients' side wins, at most 27 % were open at that
/// point.
const BID_CHECK_ROUNDS: usize = 3;
/// See [`BID_CHECK_ROUNDS`]: one row in three.
const BID_CHECK_OPEN_SHARE: usize = 3;
/// The auction's first ε is the largest scaled weight divided by this; each phase then
/// divides ε by at most [`AUCTION_DIVISOR`], the same ratio each time, so as to reach
/// [`AUCTION_LAST_FRACTION`] of a weight unit (or 1 in scaled units) in as few phases as
/// that allows (see [`next_epsilon`]). Measured together (decision 0028):
/// a first ε of a sixteenth of the largest weight shortens the first phase's price war
/// among units with several places over the same top clients, and steps of 8 leave four
/// phases fewer; the shapes with capacities take a fifth to a quarter less time, single
/// places and a round's problem (where steps of 16 lengthen every phase's war) about the
/// same.
const AUCTION_FIRST_DIVISOR: i64 = 16;
const AUCTION_DIVISOR: i64 = 8;
/// The auction stops after the first phase whose ε is at most this fraction of a weight
/// unit (1/64), short of the 1/(places + 1) that alone guarantees an optimum: left at
/// 1/64 or below, the matching is nearly always optimal already (decision 0035), and
/// settling the duals and the searches make it exact whatever is left. One or two phases
/// fewer. Not further: stopped at a sixth of a weight unit, settling undid hundreds of
/// pairs on an instance and the whole solve took ten times longer.
const AUCTION_LAST_FRACTION: i64 = 64;
/// After each phase whose ε is at most this fraction of a weight unit (the phase before
/// the last), the auction tries to stop: it settles the duals, and keeps the result if it
/// undid at most [`SETTLE_TRIAL_OPEN`] pairs (see [`Engine::settle`]). Measured (decision
/// 0041): where the trial holds, skipping the last phase saves 4–31 % of the instructions;
/// where it fails, the trial costs up to 8 %. With single places, trials after earlier
/// phases rarely held; with several places per row, see the next constant.
const AUCTION_TRIAL_FRACTION: i64 = 8;
/// Where rows have several places (the units' auction), the trials start a phase earlier:
/// after the phase whose ε is at most a whole weight unit (about half of one, with the
/// usual steps). Measured (decision 0054): on 4 of 12 instances with capacities that trial
/// holds, and the solve takes 10–24 % less time; where it fails it costs 0.4–1.3 ms, 2–5 %
/// more instructions. With single places it held on 2 instances of 10, and the failures
/// cost up to 8 %.
const AUCTION_PLACES_TRIAL_FRACTION: i64 = 1;
/// In the phases before those the auction may stop after (see [`AUCTION_TRIAL_FRACTION`]),
/// the reverse bids work at the phase's ε divided by this: they leave the next phase prices
/// nearer its own, finer ε. Measured on 27 instances from three generators (decision
/// 0044): 6 % less time by the geometric mean, against 3.5 % for a divisor of 3.
const REVERSE_EPSILON_DIVISOR: i64 = 2;
/// A trial settling gives up once it has loosened this many pairs per row: a long chain of
/// loosened pairs is what an unsettled matching looks like, and following it to the end
/// costs as much as a good part of a phase. At one per row, one instance that settles was
/// cut short (seed 62).
const SETTLE_TRIAL_LOOSENED: usize = 2;
/// A trial settling may undo this many pairs, and succeeds with as many rows left open:
/// the searches finish them, each in about one reading of the arcs at most, where the last
/// phase reads them several times.
const SETTLE_TRIAL_OPEN: usize = 2;
/// Where units with several places have more places than there are clients, the clients
/// bid first; when more than this share of them (one in 12) are still open after it, the
/// units' auction takes over (see [`solve`]). Measured across the line (decision 0045): at
/// 5 % open and less the clients' side was 1.5–4 times faster; from 7 to 10 % the two were
/// within 4 %, but for two skewed instances at 9.5–9.7 % where the units' side was 11–35 %
/// faster; from 11 % up, the units' side was 1.2–2.5 times faster.
const SWITCH_SIDES_OPEN_SHARE: usize = 12;
/// How many columns beyond the ones it bids for a row's scan keeps as candidates for its
/// next bids in the phase (see [`Candidates`]). Four until decision 0049: once a column
/// entering the list cost less (decision 0048), a shorter list, whose bar rises sooner,
/// saved more reading than its earlier rescans cost, except for units of up to 30 places.
const EXTRA_CANDIDATES: usize = 2;
/// The reverse bids watch for a walk that lowers a plateau of alike columns one ε at a
/// time: once they have made at least half as many bids as there are columns, and more than
/// this many bids per column they have bid on, the prices come down by one amount instead (see
/// [`Engine::plateau_shift`], decision 0050). Measured: at 4, one instance of the third
/// model was caught in its last phases, where the rows' new bids cost more than the walk;
/// at 6 only the skewed single-place shape is, in its second phase, where each column was
/// bid on 10–25 times.
const PLATEAU_WALK_BIDS_PER_COLUMN: usize = 6;
/// The shift is made only when at most one row in this many has room: each of them bids
/// again after it. In the units' auction's first phase a quarter of the units or more may
/// have room, and there their bids cost 11–16 % more time than the walk saved (the third
/// model with capacities).
const PLATEAU_OPEN_SHARE: usize = 16;

/// An assignment problem. Clients and units are numbered from zero.
#[derive(Debug, Clone, Default)]
pub struct Problem {
    clients: u32,
    capacity: Vec<u32>,
    edges: Vec<Edge>,
}

/// One feasible pair and what choosing it is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub client: u32,
    pub unit: u32,
    pub weight: u64,
}

/// Why a problem cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProblemError {
    #[error("edge {edge}: client {client} is out of range")]
    ClientOutOfRange { edge: usize, client: u32 },
    #[error("edge {edge}: unit {unit} is out of range")]
    UnitOutOfRange { edge: usize, unit: u32 },
    #[error("edge {edge}: weight {weight} is above the maximum {MAX_WEIGHT}")]
    WeightTooLarge { edge: usize, weight: u64 },
    #[error("edges {first} and {second} join the same client and unit")]
    DuplicateEdge { first: usize, second: usize },
    #[error("{0} edges are more than the solver takes ({max})", max = u32::MAX - 1)]
    TooManyEdges(usize),
}

impl Problem {
    /// `clients` clients and `units` units, each unit with capacity 1 and no edges yet.
    pub fn new(clients: u32, units: u32) -> Self {
        Problem {
            clients,
            capacity: vec![1; units as usize],
            edges: Vec::new(),
        }
    }

    pub fn clients(&self) -> u32 {
        self.clients
    }

    pub fn units(&self) -> u32 {
        self.capacity.len() as u32
    }

    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    pub fn capacity(&self, unit: u32) -> u32 {
        self.capacity[unit as usize]
    }

    pub fn set_capacity(&mut self, unit: u32, capacity: u32) {
        self.capacity[unit as usize] = capacity;
    }

    /// Makes room for `additional` more edges, on huge pages where the system offers them:
    /// every solve starts by reading all the edges (see the `memory` module).
    pub fn reserve_edges(&mut self, additional: usize) {
        memory::reserve(&mut self.edges, additional);
    }

    /// Adds a pair; [`Problem::check`] reports out-of-range or duplicate pairs by position.
    pub fn add_edge(&mut self, client: u32, unit: u32, weight: u64) {
        self.edges.push(Edge {
            client,
            unit,
            weight,
        });
    }

    /// Checks ranges, weights and duplicates, reporting the first fault by edge position.
    /// [`solve`] does the same checks (faster when all is well); callers that build
    /// problems from files call this first to report errors by line.
    pub fn check(&self) -> Result<(), ProblemError> {
        self.check_ranges(false)?;
        self.find_duplicate()
    }

    /// Checks what can be checked edge by edge; returns each client's and each unit's
    /// number of edges, counted in the same pass (bucketing the edges needs them). With
    /// `group`, also the clients' [`Arcs`] when the edges come grouped by client, clients in
    /// increasing order, as files and generators write them, and no client has two edges
    /// to one unit: on a complete graph reading the edges is most of the solve, and this
    /// saves a second reading.
    fn check_ranges(&self, group: bool) -> Result<Checked, ProblemError> {
        if self.edges.len() >= u32::MAX as usize {
            return Err(ProblemError::TooManyEdges(self.edges.len()));
        }
        let units = self.units();
        let mut degree = Degrees {
            client: vec![0; self.clients as usize],
            unit: vec![0; units as usize],
        };
        let mut grouped = group.then(|| ArcsByRun::new(self.edges.len(), units as usize));
        let mut in_client_order = true;
        // Run by run, each run being one client's consecutive edges: the loop over a run
        // only checks and counts (with no branch out), and the run is handed whole to
        // `ArcsByRun::add_row`, which needs it whole to take its bar before writing the row
        // (decision 0062).
        let mut previous = 0;
        let mut at = 0;
        for run in self.edges.chunk_by(|a, b| a.client == b.client) {
            let client = run[0].client;
            let mut faulty = client >= self.clients;
            // Whether the units ever fail to increase: if not, none repeats.
            let (mut unordered, mut last) = (false, -1);
            for e in run {
                faulty |= (e.unit >= units) | (e.weight > MAX_WEIGHT);
                unordered |= e.unit as i64 <= last;
                last = e.unit as i64;
                // A faulty unit is reported below before any count is used.
                if let Some(degree) = degree.unit.get_mut(e.unit as usize) {
                    *degree += 1;
                }
            }
            if faulty {
                let fault = (at..at + run.len()).find_map(|i| self.fault(i));
                return Err(fault.expect("the run has a faulty edge"));
            }
            degree.client[client as usize] += run.len() as u32;
            if client < previous {
                in_client_order = false;
                grouped = None;
            }
            // A repeated pair: the arcs are left to be bucketed again, and the fault
            // reported where the arcs are readied, as for edges in any order.
            if grouped
                .as_mut()
                .is_some_and(|grouped| !grouped.add_row(client, run, !unordered))
            {
                grouped = None;
            }
            previous = client;
            at += run.len();
        }
        let by_client = grouped.map(|arcs| arcs.finish(self.clients));
        Ok(Checked {
            degree,
            by_client,
            in_client_order,
        })
    }

    /// What is wrong with edge `i`, if anything: a client or unit out of range, or a weight
    /// too large (looked up only once [`Problem::check_ranges`] has found a fault).
    #[cold]
    fn fault(&self, i: usize) -> Option<ProblemError> {
        let e = self.edges[i];
        if e.client >= self.clients {
            Some(ProblemError::ClientOutOfRange {
                edge: i,
                client: e.client,
            })
        } else if e.unit >= self.units() {
            Some(ProblemError::UnitOutOfRange {
                edge: i,
                unit: e.unit,
            })
        } else if e.weight > MAX_WEIGHT {
            Some(ProblemError::WeightTooLarge {
                edge: i,
                weight: e.weight,
            })
        } else {
            None
        }
    }

    /// The first repeated pair, by position: bucket the edges by client, then look for a
    /// unit seen twice in a bucket.
    fn find_duplicate(&self) -> Result<(), ProblemError> {
        let by_client = Csr::build(self.clients as usize, &self.edges, |i, e| {
            (e.client, (e.unit, i as u32))
        });
        let mut seen = vec![NONE; self.units() as usize];
        for client in 0..self.clients as usize {
            let row = by_client.range(client);
            for k in row.clone() {
                let (unit, edge) = by_client.items[k];
                let previous = seen[unit as usize];
                if previous != NONE && previous as usize >= row.start {
                    return Err(ProblemError::DuplicateEdge {
                        first: by_client.items[previous as usize].1 as usize,
                        second: edge as usize,
                    });
                }
                seen[unit as usize] = k as u32;
            }
        }
        Ok(())
    }
}

/// How many edges each client and each unit has.
struct Degrees {
    client: Vec<u32>,
    unit: Vec<u32>,
}

/// What checking the edges gives: the degrees, each client's arcs when they could be
/// gathered on the way, and whether the edges come grouped by client in client order.
struct Checked {
    degree: Degrees,
    by_client: Option<Arcs>,
    in_client_order: bool,
}

/// An optimal assignment with its proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    /// The unit each client was given, if any.
    pub unit_of_client: Vec<Option<u32>>,
    /// The sum of the chosen pairs' weights.
    pub objective: u128,
    /// How many clients were given a unit.
    pub matched: usize,
    pub duals: Duals,
}

impl Solution {
    /// The chosen pairs as (client, unit), by client.
    pub fn pairs(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.unit_of_client
            .iter()
            .enumerate()
            .filter_map(|(c, u)| u.map(|u| (c as u32, u)))
    }
}

/// Optimal dual values: `client[c] + unit[u] ≥ w(c,u)` on every pair, and their weighted
/// sum equals the objective, which proves that no assignment is worth more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duals {
    pub client: Vec<i64>,
    pub unit: Vec<i64>,
}

/// What [`verify`] found wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    #[error("the solution's sizes do not match the problem")]
    Shape,
    #[error("client {client} is given unit {unit}, which is not one of its pairs")]
    NotAnEdge { client: u32, unit: u32 },
    #[error("unit {unit} is given {count} clients, above its capacity {capacity}")]
    OverCapacity {
        unit: u32,
        count: u32,
        capacity: u32,
    },
    #[error("a dual value is negative")]
    NegativeDual,
    #[error("the pair (client {client}, unit {unit}) violates its dual constraint")]
    DualInfeasible { client: u32, unit: u32 },
    #[error("the reported objective {reported} is not the assignment's weight {actual}")]
    WrongObjective { reported: u128, actual: u128 },
    #[error("the dual bound {dual} is above the objective {primal}: not proven optimal")]
    Gap { primal: u128, dual: u128 },
}

/// Checks `solution` against `problem` independently of the solver: the assignment is
/// feasible, the duals are feasible, and the dual bound equals the assignment's weight
/// (strong duality), which proves the assignment optimal.
pub fn verify(problem: &Problem, solution: &Solution) -> Result<(), CertificateError> {
    let units = problem.units() as usize;
    if solution.unit_of_client.len() != problem.clients as usize
        || solution.duals.client.len() != problem.clients as usize
        || solution.duals.unit.len() != units
    {
        return Err(CertificateError::Shape);
    }
    if solution
        .duals
        .client
        .iter()
        .chain(&solution.duals.unit)
        .any(|&d| d < 0)
    {
        return Err(CertificateError::NegativeDual);
    }
    let mut primal: u128 = 0;
    let mut found = vec![false; problem.clients as usize];
    for e in &problem.edges {
        let (y, z) = (
            solution.duals.client[e.client as usize] as i128,
            solution.duals.unit[e.unit as usize] as i128,
        );
        if y + z < e.weight as i128 {
            return Err(CertificateError::DualInfeasible {
                client: e.client,
                unit: e.unit,
            });
        }
        if solution.unit_of_client[e.client as usize] == Some(e.unit) {
            primal += e.weight as u128;
            found[e.client as usize] = true;
        }
    }
    let mut count = vec![0u32; units];
    for (client, unit) in solution.pairs() {
        if unit as usize >= units || !found[client as usize] {
            return Err(CertificateError::NotAnEdge { client, unit });
        }
        count[unit as usize] += 1;
    }
    for (unit, &n) in count.iter().enumerate() {
        if n > problem.capacity[unit] {
            return Err(CertificateError::OverCapacity {
                unit: unit as u32,
                count: n,
                capacity: problem.capacity[unit],
            });
        }
    }
    if primal != solution.objective {
        return Err(CertificateError::WrongObjective {
            reported: solution.objective,
            actual: primal,
        });
    }
    let dual: i128 = solution
        .duals
        .client
        .iter()
        .map(|&y| y as i128)
        .sum::<i128>()
        + solution
            .duals
            .unit
            .iter()
            .zip(&problem.capacity)
            .map(|(&z, &cap)| z as i128 * cap as i128)
            .sum::<i128>();
    if dual != primal as i128 {
        return Err(CertificateError::Gap {
            primal,
            dual: dual.max(0) as u128,
        });
    }
    Ok(())
}

/// Solves `problem` exactly. Deterministic: the same problem (same edge order) always
/// gives the same solution.
pub fn solve(problem: &Problem) -> Result<Solution, ProblemError> {
    if let Some(solution) = dense::solve_complete(problem) {
        return Ok(solution);
    }
    let units = problem.units() as usize;
    let clients = problem.clients as usize;
    // Fewer places in all than clients: the searches start from the units (below), and
    // arcs by client would be of no use.
    let total_places: u64 = problem.capacity.iter().map(|&c| c as u64).sum();
    let Checked {
        degree,
        by_client,
        in_client_order,
    } = problem.check_ranges(total_places >= clients as u64)?;
    // Search from the side with fewer places: each search fills one of them, and the
    // other side's free vertices are where searches end, so the more of those the better.
    // On a tie, from the clients: edge lists usually come grouped by client, and bucketing
    // them by client then reads and writes memory in order.
    let unit_places: u64 = (problem.capacity.iter().zip(&degree.unit))
        .map(|(&cap, &degree)| cap.min(degree) as u64)
        .sum();
    let mut client_duals = None;
    if unit_places >= clients as u64 {
        let arcs = match by_client {
            Some(arcs) => arcs,
            None => {
                let by_client = Csr::from_counted(
                    &degree.client,
                    (problem.edges.iter()).map(|e| (e.client, Arc::new(e.weight, e.unit))),
                );
                Arcs::new(by_client, units).ok_or_else(|| duplicate(problem))?
            }
        };
        let mut engine = Engine::new(
            arcs,
            vec![1; clients],
            problem.capacity.clone(),
            &degree.unit,
        );
        engine.start(None);
        // Clients bidding for units with several places end in price wars where weights
        // tie across clients (every client ranks the same popular units alike): then most
        // clients are still open, each search would cross the same crowded units, and the
        // units' auction from the other side does far better. Where the line falls is
        // measured on both sides of it (decisions 0034 and 0045; see
        // [`SWITCH_SIDES_OPEN_SHARE`]).
        if !engine.bid_for_places() || engine.open_rows() * SWITCH_SIDES_OPEN_SHARE <= clients {
            engine.finish();
            return Ok(solution(&engine, false, clients));
        }
        // The clients' duals are prices on the clients that the units' auction can start
        // from: every pair the clients' bidding made is tight at them, and its first phase,
        // which sets the prices' coarse levels from zero, is skipped (decision 0042).
        client_duals = Some(engine.duals().0);
    }
    let by_unit = Csr::from_counted(
        &degree.unit,
        (problem.edges.iter()).map(|e| (e.unit, Arc::new(e.weight, e.client))),
    );
    let arcs = Arcs::new(by_unit, clients).ok_or_else(|| duplicate(problem))?;
    let mut engine = Engine::new(
        arcs,
        problem.capacity.clone(),
        vec![1; clients],
        &degree.client,
    );
    // Searching from the units, the columns are the clients: edges grouped by client
    // already list each column's rows, and copying them saves bucketing the arcs again.
    if in_client_order {
        engine.columns_listed = Some(ColumnsListed {
            edges: &problem.edges,
            degree: degree.client,
        });
    }
    engine.start(client_duals);
    engine.finish();
    Ok(solution(&engine, true, clients))
}

/// The first duplicate pair by position: what [`Arcs::new`] refuses, reported the way
/// [`Problem::check`] does (slower, and only on bad input).
fn duplicate(problem: &Problem) -> ProblemError {
    match problem.find_duplicate() {
        Err(e) => e,
        Ok(()) => unreachable!("Arcs::new found a duplicate pair"),
    }
}

/// The matching and its duals in clients and units, from an engine whose rows are the
/// units (`from_units`) or the clients.
fn solution(engine: &Engine<'_>, from_units: bool, clients: usize) -> Solution {
    let mut unit_of_client = vec![None; clients];
    for col in 0..engine.cols.len() {
        for &row in engine.col_matches(col) {
            let (client, unit) = if from_units {
                (col, row)
            } else {
                (row as usize, col as u32)
            };
            unit_of_client[client] = Some(unit);
        }
    }
    let objective = engine.matched_weight();
    let (row_duals, col_duals) = engine.duals();
    let (client_duals, unit_duals) = if from_units {
        (col_duals, row_duals)
    } else {
        (row_duals, col_duals)
    };
    Solution {
        matched: unit_of_client.iter().filter(|u| u.is_some()).count(),
        unit_of_client,
        objective,
        duals: Duals {
            client: client_duals,
            unit: unit_duals,
        },
    }
}

/// Items bucketed by row: row `r`'s items are `items[start[r]..start[r + 1]]`.
struct Csr<T> {
    start: Vec<u32>,
    items: Vec<T>,
}

/// An edge as seen from a row: the column it leads to and its weight, packed so that the
/// natural order of the integer is heaviest first, then by column (the complemented weight
/// in the high half, the column in the low half).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Arc(u64);

impl Arc {
    fn new(weight: u64, col: u32) -> Arc {
        Arc((!(weight as u32) as u64) << 32 | col as u64)
    }

    #[inline]
    fn weight(self) -> i64 {
        !((self.0 >> 32) as u32) as i64
    }

    #[inline]
    fn col(self) -> u32 {
        self.0 as u32
    }
}

impl<T: Copy + Default> Csr<T> {
    /// Buckets the edges by the row `key` gives (a counting sort, stable, so each row keeps
    /// the input's edge order).
    fn build(rows: usize, edges: &[Edge], key: impl Fn(usize, &Edge) -> (u32, T)) -> Csr<T> {
        Csr::from_entries(rows, edges.iter().enumerate().map(|(i, e)| key(i, e)))
    }

    /// Buckets `(row, item)` entries by row, keeping their order within a row; the entries
    /// are read twice (to count, then to place).
    fn from_entries(rows: usize, entries: impl Iterator<Item = (u32, T)> + Clone) -> Csr<T> {
        let mut count = vec![0u32; rows];
        for (row, _) in entries.clone() {
            count[row as usize] += 1;
        }
        Csr::from_counted(&count, entries)
    }

    /// Buckets entries by row when each row's number of entries (`count`) is known: one
    /// pass over them.
    fn from_counted(count: &[u32], entries: impl Iterator<Item = (u32, T)>) -> Csr<T> {
        let start = section_starts(count.iter().copied());
        let mut next = start.clone();
        let mut items = memory::filled(start[count.len()] as usize);
        for (row, item) in entries {
            items[next[row as usize] as usize] = item;
            next[row as usize] += 1;
        }
        Csr { start, items }
    }

    fn range(&self, row: usize) -> std::ops::Range<usize> {
        self.start[row] as usize..self.start[row + 1] as usize
    }
}

/// Each row's arcs, heaviest first (ties by column, so the order is deterministic), which
/// lets every scan of a row stop early: past the first free column no arc can be more
/// profitable, or closer in a search. Scans rarely go far, so only a short prefix of each
/// row is sorted up front; the rest is sorted the first time a scan reaches it.
struct Arcs {
    csr: Csr<Arc>,
    /// Arcs before `sorted_end[r]` are in order and at least as heavy as any after.
    sorted_end: Vec<u32>,
    /// Room for [`heaviest_first`].
    scratch: Vec<Arc>,
}

/// How many of each row's heaviest arcs are sorted up front (see [`Arcs`]).
const SORTED_PREFIX: usize = 64;

impl Arcs {
    /// The arcs, or `None` if two edges join the same row and column.
    fn new(mut csr: Csr<Arc>, cols: usize) -> Option<Arcs> {
        let rows = csr.start.len() - 1;
        let mut rows_prepared = RowPreparer::new(cols);
        let mut sorted_end = Vec::with_capacity(rows);
        for r in 0..rows {
            let range = csr.range(r);
            let row = &mut csr.items[range.clone()];
            sorted_end.push(rows_prepared.prepare(r, row, range.start)?);
        }
        Some(Arcs {
            csr,
            sorted_end,
            scratch: rows_prepared.scratch,
        })
    }

    fn start(&self, row: usize) -> usize {
        self.csr.start[row] as usize
    }

    fn end(&self, row: usize) -> usize {
        self.csr.start[row + 1] as usize
    }

    /// The arc at position `k` (absolute) of `row`, sorting more of the row first if a
    /// scan has come this far: as many again as are sorted already, so a scan that goes
    /// deep costs about one sort of the row, and one that stops early costs a partition.
    #[inline]
    fn get(&mut self, row: usize, k: usize) -> Arc {
        if k >= self.sorted_end[row] as usize {
            self.sort_more(row, k);
        }
        self.csr.items[k]
    }

    /// The row's arcs from position `k` (absolute) as far as they are sorted, sorting
    /// more first if none are: for loops that read many arcs, one check per sorted run
    /// instead of one per arc. (An iterator over the arcs that keeps where the run ends
    /// still checks at every arc: measured, 13 % more instructions on the searches.)
    fn sorted_from(&mut self, row: usize, k: usize) -> &[Arc] {
        if k >= self.sorted_end[row] as usize {
            self.sort_more(row, k);
        }
        &self.csr.items[k..self.sorted_end[row] as usize]
    }

    #[cold]
    fn sort_more(&mut self, row: usize, k: usize) {
        let (start, end) = (self.start(row), self.end(row));
        let sorted = self.sorted_end[row] as usize;
        let chunk = (sorted - start).max(SORTED_PREFIX).max(k + 1 - sorted);
        let rest = &mut self.csr.items[sorted..end];
        if rest.len() > chunk {
            heaviest_first(rest, chunk, &mut self.scratch);
            self.sorted_end[row] = (sorted + chunk) as u32;
        } else {
            rest.sort_unstable();
            self.sorted_end[row] = end as u32;
        }
    }
}

/// Readies rows of arcs one at a time for [`Arcs`]: one visit per row for both the check
/// for a repeated column and the sorting of its heaviest arcs, while they are in cache (on
/// a complete graph these are most of the solve).
struct RowPreparer {
    /// The last row seen with each column.
    last_row_of: Vec<u32>,
    /// Room for [`heaviest_first`].
    scratch: Vec<Arc>,
}

impl RowPreparer {
    fn new(cols: usize) -> RowPreparer {
        RowPreparer {
            last_row_of: vec![NONE; cols],
            scratch: Vec::new(),
        }
    }

    /// Puts the heaviest of row `r`'s arcs `row` first, sorted, and returns where they end
    /// (as a position among all the arcs, the row's starting at `start`): `None` if two
    /// of them lead to the same column. Rows come in increasing order.
    fn prepare(&mut self, r: usize, row: &mut [Arc], start: usize) -> Option<u32> {
        if self.repeats_a_column(r, row) {
            return None;
        }
        Some((start + sort_prefix(row, &mut self.scratch)) as u32)
    }

    /// Whether two of row `r`'s arcs lead to the same column.
    fn repeats_a_column(&mut self, r: usize, row: &[Arc]) -> bool {
        (row.iter()).any(|arc| {
            std::mem::replace(&mut self.last_row_of[arc.col() as usize], r as u32) == r as u32
        })
    }
}

/// [`Arcs`] by client, built as the edges are checked when they come grouped by client,
/// clients in increasing order: each row is readied as soon as its last edge is read.
/// (Readied in a pass of their own, the arcs of a complete graph had left the cache and
/// were read back from memory; decision 0059.)
struct ArcsByRun {
    items: Vec<Arc>,
    /// Where each row starts: the rows ended so far, then the row being read.
    start: Vec<u32>,
    sorted_end: Vec<u32>,
    rows_prepared: RowPreparer,
}

impl ArcsByRun {
    fn new(edges: usize, cols: usize) -> ArcsByRun {
        ArcsByRun {
            items: memory::with_capacity(edges),
            start: vec![0],
            sorted_end: Vec::new(),
            rows_prepared: RowPreparer::new(cols),
        }
    }

    /// Adds the arcs of row `row`, which `run` lists (one edge per arc), and readies the
    /// row at once: its [`SORTED_PREFIX`] heaviest arcs first, sorted. Rows before it not
    /// added yet have no arcs. `false` if two of its arcs lead to the same column, which
    /// is not looked for if the columns are `increasing` along the run.
    ///
    /// Where [`heaviest_first`] would sample a bar, the arcs are written already split by
    /// it: those that pass from the front of the row, the others from its back, so that
    /// the heaviest are then selected from the front alone (in place of a copy of those
    /// that pass and a second pass putting them first).
    fn add_row(&mut self, row: u32, run: &[Edge], increasing: bool) -> bool {
        self.end_empty_rows_before(row);
        let arc = |e: &Edge| Arc::new(e.weight, e.unit);
        let (start, len, k) = (self.items.len(), run.len(), SORTED_PREFIX);
        if let Some(bar) = sampled_bar(len, k, |i| arc(&run[i])) {
            self.items.resize(start + len, Arc::default());
            let row = &mut self.items[start..];
            // [0, front) passed and [back, len) did not; each arc is written at both ends
            // of the gap between, and kept at one: no branch in the loop.
            let (mut front, mut back) = (0, len);
            for e in run {
                let a = arc(e);
                row[front] = a;
                row[back - 1] = a;
                let passes = a <= bar;
                front += passes as usize;
                back -= !passes as usize;
            }
            let held = front >= k;
            count_bar(held);
            sort_lead(if held { &mut row[..front] } else { row }, k);
        } else {
            self.items.extend(run.iter().map(arc));
            sort_prefix(&mut self.items[start..], &mut self.rows_prepared.scratch);
        }
        let r = self.sorted_end.len();
        if !increasing && (self.rows_prepared).repeats_a_column(r, &self.items[start..]) {
            return false;
        }
        self.sorted_end.push((start + len.min(k)) as u32);
        self.start.push(self.items.len() as u32);
        true
    }

    /// Ends the rows before `row` not added yet, with no arcs.
    fn end_empty_rows_before(&mut self, row: u32) {
        let end = self.items.len() as u32;
        while self.sorted_end.len() < row as usize {
            self.sorted_end.push(end);
            self.start.push(end);
        }
    }

    /// The arcs of `rows` rows, the last ones with none if not added.
    fn finish(mut self, rows: u32) -> Arcs {
        self.end_empty_rows_before(rows);
        Arcs {
            csr: Csr {
                start: self.start,
                items: self.items,
            },
            sorted_end: self.sorted_end,
            scratch: self.rows_prepared.scratch,
        }
    }
}

/// How many arcs [`heaviest_first`] samples to find a bar.
const BAR_SAMPLES: usize = 128;
/// [`heaviest_first`] samples rows at least this many times as long as what it puts first;
/// shorter ones it selects from whole.
const SAMPLED_FROM: usize = 16;
/// The sampled bar aims to let through this many times as many arcs as are put first, so
/// that it seldom lets through too few: for 64 of 2,000 arcs, the bar is the sample's
/// 14th heaviest of 128, and it lets fewer than 64 arcs through only when the sample is
/// more than two standard deviations off.
const BAR_MARGIN: usize = 3;

/// Puts the `k` heaviest of `arcs` first, heaviest first (arcs are distinct: a row joins
/// a column once), the others after them in any order; `k < arcs.len()`.
///
/// On a long row, a whole-row selection compares each arc several times. Instead a bar is
/// taken from an even sample of the row, one pass gathers the arcs at or above it (a few
/// times `k`), and the `k` heaviest are selected from those; a second pass moves them to
/// the front. Should the bar let through fewer than `k`, the whole row is selected from.
/// `scratch` holds the arcs that pass (kept from row to row, so that it is not cleared for
/// each).
/// On complete 2,000 × 2,000 problems, the selection of each row's 64 heaviest arcs was a
/// sixth of the main solver's time (decision 0058).
fn heaviest_first(arcs: &mut [Arc], k: usize, scratch: &mut Vec<Arc>) {
    if let Some(bar) = sampled_bar(arcs.len(), k, |i| arcs[i]) {
        // Written at every arc, kept only where the arc passes: no branch in the loop.
        if scratch.len() < arcs.len() {
            scratch.resize(arcs.len(), Arc::default());
        }
        let passed = &mut scratch[..arcs.len()];
        let mut count = 0;
        for &arc in arcs.iter() {
            passed[count] = arc;
            count += (arc <= bar) as usize;
        }
        let held = count >= k;
        count_bar(held);
        if held {
            let lead = &mut passed[..count];
            sort_lead(lead, k);
            // Exactly `k` arcs are at most the last of the lead (arcs are distinct): swap
            // those behind the front with the others in front, then write the front in order.
            let last = lead[k - 1];
            let (front, back) = arcs.split_at_mut(k);
            let mut behind = back.iter_mut().filter(|arc| **arc <= last);
            for arc in front.iter_mut().filter(|arc| **arc > last) {
                std::mem::swap(arc, behind.next().expect("as many behind as out of front"));
            }
            front.copy_from_slice(&lead[..k]);
            return;
        }
    }
    sort_lead(arcs, k);
}

/// Puts a row's [`SORTED_PREFIX`] heaviest arcs first, sorted (all of a shorter row's), and
/// says how many that is.
fn sort_prefix(row: &mut [Arc], scratch: &mut Vec<Arc>) -> usize {
    if row.len() > SORTED_PREFIX {
        heaviest_first(row, SORTED_PREFIX, scratch);
        SORTED_PREFIX
    } else {
        row.sort_unstable();
        row.len()
    }
}

/// The bar under which [`heaviest_first`] gathers the `k` heaviest of `len` arcs, `arc(i)`
/// giving the `i`-th: an arc of an even sample, ranked so that about [`BAR_MARGIN`] × `k`
/// arcs pass; `None` where the row is too short to be worth sampling.
fn sampled_bar(len: usize, k: usize, arc: impl Fn(usize) -> Arc) -> Option<Arc> {
    if len < SAMPLED_FROM * k || len < 2 * BAR_SAMPLES {
        return None;
    }
    let step = len / BAR_SAMPLES;
    let mut sample: [Arc; BAR_SAMPLES] = std::array::from_fn(|i| arc(i * step));
    let rank = (BAR_MARGIN * k * BAR_SAMPLES).div_ceil(len);
    Some(*sample.select_nth_unstable(rank).1)
}

/// Puts the `k` heaviest of `arcs` (at least `k`) first, sorted.
fn sort_lead(arcs: &mut [Arc], k: usize) {
    arcs.select_nth_unstable(k - 1);
    arcs[..k].sort_unstable();
}

/// Counts, in tests, whether a sampled bar let enough arcs through.
#[inline]
fn count_bar(held: bool) {
    #[cfg(test)]
    BARS_HELD.with(|n| {
        let (held_before, failed_before) = n.get();
        n.set((held_before + held as usize, failed_before + !held as usize));
    });
    #[cfg(not(test))]
    let _ = held;
}

/// The primal-dual search. "Rows" are the side searches start from, "columns" the other;
/// columns always have capacity 1 or rows always do (clients take one unit each).
struct Engine<'p> {
    graph: Arcs,
    /// Each column's rows as the problem lists them, when it does (see [`solve`]).
    columns_listed: Option<ColumnsListed<'p>>,
    /// Rows are vertices `0..rows`, columns `rows..rows + cols` (in searches and paths).
    rows: Vec<Vertex>,
    cols: Vec<Vertex>,
    /// Matched partners, in fixed slots: a vertex's partners are the first `count` of its
    /// slots starting at `*_slot_start` (it has `min(capacity, degree)` slots).
    row_slot_start: Vec<u32>,
    row_slots: Vec<u32>,
    col_slot_start: Vec<u32>,
    col_slots: Vec<u32>,
    /// When columns have several places (and rows one), each row's place while rows bid
    /// (see [`Engine::take_place`]); empty otherwise.
    holding: Vec<Holding>,
    search: Search,
}

/// A row's place in a column with several places, while rows bid. Such a column's holders
/// are kept in its slots as a binary min-heap by floor, and their duals are only brought
/// up to date when the bidding ends (each is then its weight less the column's price): a
/// bid costs the logarithm of the column's places, not their number.
#[derive(Clone, Copy, Default)]
struct Holding {
    /// The highest price the column may reach with the row staying: its weight there less
    /// its best profit elsewhere when it took the place. Prices only rise while rows bid,
    /// so that profit only falls and the floor stays safe (at most the true one).
    floor: i64,
    weight: i64,
}

/// Moves `slots[i]` down a min-heap of rows by floor until its children are no lower.
fn sift_down(slots: &mut [u32], holding: &[Holding], mut i: usize) {
    let floor = |row: u32| holding[row as usize].floor;
    loop {
        let mut least = i;
        for child in [2 * i + 1, 2 * i + 2] {
            if child < slots.len() && floor(slots[child]) < floor(slots[least]) {
                least = child;
            }
        }
        if least == i {
            return;
        }
        slots.swap(i, least);
        i = least;
    }
}

/// Moves the last of `slots` up a min-heap of rows by floor until its parent is no higher.
fn sift_up(slots: &mut [u32], holding: &[Holding]) {
    let floor = |row: u32| holding[row as usize].floor;
    let mut i = slots.len() - 1;
    while i > 0 && floor(slots[i]) < floor(slots[(i - 1) / 2]) {
        slots.swap(i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

/// Everything a search touches about one vertex, side by side: the hot loop reads one
/// cache line per column it looks at.
#[derive(Clone, Copy, Default)]
struct Vertex {
    dual: i64,
    /// The distance label of the current search, valid when `stamp` says so.
    dist: i64,
    /// `2 × epoch`: labelled in this search; `2 × epoch + 1`: finished in it.
    stamp: u32,
    /// On a path: for a column, the row that takes it; for a row, the column it gives up.
    pred: u32,
    count: u32,
    cap: u32,
}

impl Vertex {
    fn has_room(&self) -> bool {
        self.count < self.cap
    }
}

/// Scratch space for searches, reused.
struct Search {
    epoch: u32,
    /// Finished vertices, in order.
    finished: Vec<u32>,
    /// Vertices labelled at the distance being finished.
    level: Vec<u32>,
    heap: RadixHeap,
}

/// A priority queue of (distance, vertex) for keys that never go below the last one taken,
/// as in Dijkstra's algorithm (Ahuja, Mehlhorn, Orlin and Tarjan's radix heap). An entry
/// waits in the bucket of the highest bit where its key differs from the last key taken;
/// taking from an empty bucket 0 moves the lowest non-empty bucket's entries down, each entry
/// at most once per bit. Measured against a binary heap on the searches (decision 0033).
struct RadixHeap {
    last: i64,
    len: usize,
    buckets: Vec<Vec<(i64, u32)>>,
}

impl Default for RadixHeap {
    fn default() -> RadixHeap {
        RadixHeap {
            last: 0,
            len: 0,
            buckets: vec![Vec::new(); 65],
        }
    }
}

impl RadixHeap {
    fn bucket(&self, key: i64) -> usize {
        64 - ((key ^ self.last) as u64).leading_zeros() as usize
    }

    fn clear(&mut self) {
        if self.len > 0 {
            for bucket in &mut self.buckets {
                bucket.clear();
            }
        }
        (self.last, self.len) = (0, 0);
    }

    /// `key` must be at least the last key taken.
    fn push(&mut self, key: i64, vertex: u32) {
        debug_assert!(key >= self.last);
        let b = self.bucket(key);
        self.buckets[b].push((key, vertex));
        self.len += 1;
    }

    /// An entry with the least key, ties in no particular order.
    fn pop(&mut self) -> Option<(i64, u32)> {
        if self.len == 0 {
            return None;
        }
        if self.buckets[0].is_empty() {
            let b = (1..self.buckets.len())
                .find(|&b| !self.buckets[b].is_empty())
                .expect("a non-empty bucket");
            let entries = std::mem::take(&mut self.buckets[b]);
            self.last = entries
                .iter()
                .map(|&(key, _)| key)
                .min()
                .expect("non-empty");
            for &(key, vertex) in &entries {
                let to = self.bucket(key);
                self.buckets[to].push((key, vertex));
            }
            // Keep the emptied bucket's allocation for its next entries.
            let mut entries = entries;
            entries.clear();
            self.buckets[b] = entries;
        }
        self.len -= 1;
        self.buckets[0].pop()
    }
}

/// The auction's state, in scaled weights (see [`Engine::auction`]).
struct Auction<'p> {
    /// Each column's rows with the pair's weight, built when first needed (reverse bids
    /// and settling the duals): dense graphs rarely need it.
    by_col: Option<ColumnRows<'p>>,
    scale: i64,
    epsilon: i64,
    price: Vec<i64>,
    owner: Vec<u32>,
    /// The owner's scaled weight on the column.
    owner_value: Vec<i64>,
    /// What each row makes on its least profitable column (see
    /// [`Engine::refresh_profit`]), for the reverse bids' scans: set when they start and
    /// kept up to date while they run.
    profit: Vec<i64>,
    /// Rows waiting to bid, and free columns waiting to bid back.
    rows: std::collections::VecDeque<u32>,
    cols: Vec<u32>,
    /// A bidding row's best columns, reused from bid to bid.
    top: Vec<(i64, u32, i64)>,
    /// Each row's candidates for its next bid in the phase.
    candidates: Vec<Candidates>,
    /// The prices when the reverse bids started: the columns they have bid on since are
    /// those whose price has fallen (see [`Engine::look_at_walk`]).
    price_before: Vec<i64>,
}

/// What a row's last scan of its arcs in this phase leaves for its next bids. Prices only
/// rise while rows bid, so a column that made at most `bar` when the row scanned makes at
/// most `bar` until the phase ends: when enough of the listed columns still make at least
/// `bar`, they are the row's best, and the row bids without reading its arcs again.
#[derive(Default)]
struct Candidates {
    /// Columns the row does not hold and that may make more than `bar`, with the row's
    /// value on each: the scan's best, and every column the row has lost since.
    list: Vec<(u32, i64)>,
    /// `None` until the row scans in this phase.
    bar: Option<i64>,
}

impl Auction<'_> {
    /// Lowers every price by `level`, a free column's no further than zero (a taken
    /// column's price is at least `level` wherever this is called).
    fn lower_prices(&mut self, level: i64) {
        for price in &mut self.price {
            *price = (*price - level).max(0);
        }
    }

    /// The weight of a taken column's pair with its owner, in weight units.
    fn weight(&self, col: u32) -> i64 {
        self.owner_value[col as usize] / self.scale
    }

    // The bids' scans read a price (or an owner, or a row's profit) for every arc they
    // pass, and little else: the bounds checks on those reads were 4–11 % of the solve's
    // instructions (decision 0043). The indices come from the arcs, which are checked once
    // when the engine is built, so the three reads below skip the check.

    /// A column's price.
    ///
    /// # Safety
    /// `col` must be below the number of columns. An arc's column is: [`Engine::new`]
    /// counts every arc into an array with one entry per column, and
    /// [`Engine::auction`] gives the prices one entry per column.
    #[inline]
    unsafe fn price_of(&self, col: usize) -> i64 {
        debug_assert!(col < self.price.len());
        // SAFETY: the caller's promise.
        unsafe { *self.price.get_unchecked(col) }
    }

    /// A column's owner, or `NONE`.
    ///
    /// # Safety
    /// As for [`Auction::price_of`]: the owners have one entry per column too.
    #[inline]
    unsafe fn owner_of(&self, col: usize) -> u32 {
        debug_assert!(col < self.owner.len());
        // SAFETY: the caller's promise.
        unsafe { *self.owner.get_unchecked(col) }
    }

    /// What a row makes on its least profitable column (see [`Engine::refresh_profit`]).
    ///
    /// # Safety
    /// `row` must be below the number of rows, as every row of [`ColumnRows`] is (see
    /// there).
    #[inline]
    unsafe fn profit_of(&self, row: usize) -> i64 {
        debug_assert!(row < self.profit.len());
        // SAFETY: the caller's promise.
        unsafe { *self.profit.get_unchecked(row) }
    }
}

/// The auction's ε after a phase at `epsilon` (above `last`): on the way down to `last` in
/// as few phases as divisions by at most [`AUCTION_DIVISOR`] allow, each dividing by the
/// same whole ratio, as near as integers let, so that the last phase is at `last` itself.
/// (Dividing by 8 each time instead leaves the last phase anywhere from `last` down to an
/// eighth of it, and every phase with the full ratio: measured, the same number of phases
/// cost up to 38 % more instructions that way, decision 0036.)
fn next_epsilon(epsilon: i64, last: i64) -> i64 {
    // The phases left: the fewest divisions by the largest ratio that reach `last`.
    let mut phases = 0u32;
    let mut reach = last;
    while reach < epsilon {
        reach = reach.saturating_mul(AUCTION_DIVISOR);
        phases += 1;
    }
    // The least whole ratio r with r^phases ≥ epsilon / last (at most the largest).
    let need = (epsilon + last - 1) / last;
    let mut ratio = 2i64;
    while ratio.checked_pow(phases).is_some_and(|power| power < need) {
        ratio += 1;
    }
    (epsilon / ratio).max(last)
}

#[cfg(test)]
thread_local! {
    /// How many plateau shifts the auctions on this thread have made: for the test that
    /// makes sure its instances take that path.
    static PLATEAU_SHIFTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// How many auctions on this thread stopped after a trial settling that left rows
    /// open for the searches ([`SETTLE_TRIAL_OPEN`]).
    static TRIALS_LEFT_OPEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// How many units' auctions on this thread stopped after a trial a phase earlier than
    /// single places may ([`AUCTION_PLACES_TRIAL_FRACTION`]).
    static PLACES_TRIALS_HELD: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// How many times a sampled bar ([`heaviest_first`], [`ArcsByRun::add_row`]) on this
    /// thread let enough arcs through, and how many times it did not, so that the whole
    /// row was selected from.
    static BARS_HELD: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((0, 0)) };
}

/// What the reverse bids do after looking at their walk ([`Engine::look_at_walk`]).
enum Walk {
    /// Stop, for every price to come down by this much.
    Shift(i64),
    /// Not a plateau's walk yet: look again later.
    LookAgain,
    /// A plateau's walk, but no shift is worth making: bid on without looking.
    GoOn,
}

/// Where an augmenting path ends.
enum PathEnd {
    /// A column with room.
    Column(u32),
    /// A row whose dual is zero: it gives up the column it was reached through.
    Release(u32),
}

/// Where each of consecutive sections of the given sizes starts, and after them where the
/// last one ends: a [`Csr`]'s `start`, or the vertices' slots.
fn section_starts(sizes: impl Iterator<Item = u32>) -> Vec<u32> {
    // Sections hold edges or at most one slot per edge, and edges are counted in u32.
    let mut starts = vec![0];
    let mut total = 0u32;
    for size in sizes {
        total += size;
        starts.push(total);
    }
    starts
}

/// Each column's rows, with the pair's weight. Every row is below the engine's number of
/// rows (which the reverse bids' unchecked reads rely on): bucketed from the engine's own
/// rows, or listed from edges whose units [`Problem::check_ranges`] has bounded by the
/// problem's units, the rows of the only engine they are listed for.
enum ColumnRows<'p> {
    Bucketed(Csr<(u32, u32)>),
    /// Read in place from the problem's edges (see [`ColumnsListed`]): copying them would
    /// touch as much fresh memory again, and on the shapes that use it, first touches of
    /// memory are a tenth of the solve.
    Listed {
        edges: &'p [Edge],
        start: Vec<u32>,
    },
}

impl ColumnRows<'_> {
    /// The row of column `col` with the greatest `gain` (of the row and the pair's
    /// weight) as (gain, row, weight), if a gain is above zero, and the second greatest
    /// gain, or zero; the first row listed comes first on equal gains
    /// ([`best_two::best_entry`]).
    #[inline]
    fn best_two(
        &self,
        col: usize,
        gain: impl Fn(u32, u32) -> i64,
    ) -> (Option<(i64, u32, u32)>, i64) {
        let (top, (row, weight)) = match self {
            ColumnRows::Bucketed(csr) => {
                let rows = &csr.items[csr.range(col)];
                let top = best_two::best_entry(rows, |&(row, weight)| gain(row, weight));
                (top, top.at.map_or((NONE, 0), |at| rows[at]))
            }
            ColumnRows::Listed { edges, start } => {
                let rows = &edges[start[col] as usize..start[col + 1] as usize];
                let top = best_two::best_entry(rows, |e| gain(e.unit, e.weight as u32));
                (
                    top,
                    top.at
                        .map_or((NONE, 0), |at| (rows[at].unit, rows[at].weight as u32)),
                )
            }
        };
        (top.at.map(|_| (top.best, row, weight)), top.second)
    }

    /// Calls `f` with each of column `col`'s rows and the pair's weight.
    #[inline]
    fn for_each(&self, col: usize, mut f: impl FnMut(u32, u32)) {
        match self {
            ColumnRows::Bucketed(csr) => {
                for &(row, weight) in &csr.items[csr.range(col)] {
                    f(row, weight);
                }
            }
            ColumnRows::Listed { edges, start } => {
                for e in &edges[start[col] as usize..start[col + 1] as usize] {
                    f(e.unit, e.weight as u32);
                }
            }
        }
    }
}

/// A problem's edges when the columns are the clients (the searches start from the units)
/// and the edges come grouped by client in client order, with each client's number of
/// edges: then each column's rows are its edges' units, in the edges' order.
struct ColumnsListed<'p> {
    edges: &'p [Edge],
    degree: Vec<u32>,
}

impl<'p> Engine<'p> {
    /// An engine with nothing matched: `col_degree` gives each column's number of arcs,
    /// which checking the edges has counted (counting them again here read every arc once
    /// more: 8 % of a profile of reading and solving a complete 2,000 × 2,000 problem,
    /// decision 0057).
    fn new(graph: Arcs, row_cap: Vec<u32>, col_cap: Vec<u32>, col_degree: &[u32]) -> Engine<'p> {
        let vertices = |caps: Vec<u32>| -> Vec<Vertex> {
            caps.into_iter()
                .map(|cap| Vertex {
                    cap,
                    ..Vertex::default()
                })
                .collect()
        };
        let rows = vertices(row_cap);
        let cols = vertices(col_cap);
        // Room for as many partners as a vertex can have: no more than its capacity, nor
        // than its edges (a capacity may be far larger than the graph).
        let row_slot_start = section_starts(
            (0..rows.len()).map(|r| rows[r].cap.min((graph.end(r) - graph.start(r)) as u32)),
        );
        let col_slot_start =
            section_starts(cols.iter().zip(col_degree).map(|(c, &d)| c.cap.min(d)));
        Engine {
            row_slots: vec![NONE; *row_slot_start.last().unwrap() as usize],
            col_slots: vec![NONE; *col_slot_start.last().unwrap() as usize],
            row_slot_start,
            col_slot_start,
            search: Search {
                epoch: 0,
                level: Vec::new(),
                finished: Vec::new(),
                heap: RadixHeap::default(),
            },
            graph,
            columns_listed: None,
            holding: Vec::new(),
            rows,
            cols,
        }
    }

    /// The rows' and the columns' dual values.
    fn duals(&self) -> (Vec<i64>, Vec<i64>) {
        (
            self.rows.iter().map(|v| v.dual).collect(),
            self.cols.iter().map(|v| v.dual).collect(),
        )
    }

    /// The total weight of the matched pairs, read from the rows' arcs: a row's matches
    /// are among its heaviest arcs, which lead its list, so each scan stops early.
    fn matched_weight(&self) -> u128 {
        let mut matched_by = vec![NONE; self.cols.len()];
        let mut total: u128 = 0;
        for row in 0..self.rows.len() {
            let matches = self.row_matches(row as u32);
            for &col in matches {
                matched_by[col as usize] = row as u32;
            }
            let mut left = matches.len();
            for arc in &self.graph.csr.items[self.graph.csr.range(row)] {
                if left == 0 {
                    break;
                }
                if matched_by[arc.col() as usize] == row as u32 {
                    total += arc.weight() as u128;
                    left -= 1;
                }
            }
        }
        total
    }

    fn row_matches(&self, row: u32) -> &[u32] {
        let s = self.row_slot_start[row as usize] as usize;
        &self.row_slots[s..s + self.rows[row as usize].count as usize]
    }

    fn col_matches(&self, col: usize) -> &[u32] {
        let s = self.col_slot_start[col] as usize;
        &self.col_slots[s..s + self.cols[col].count as usize]
    }

    fn link(&mut self, row: u32, col: u32) {
        let (r, c) = (row as usize, col as usize);
        self.row_slots[(self.row_slot_start[r] + self.rows[r].count) as usize] = col;
        self.rows[r].count += 1;
        self.col_slots[(self.col_slot_start[c] + self.cols[c].count) as usize] = row;
        self.cols[c].count += 1;
    }

    fn unlink(&mut self, row: u32, col: u32) {
        fn remove(slots: &mut [u32], start: u32, count: &mut u32, value: u32) {
            let s = start as usize;
            let live = &mut slots[s..s + *count as usize];
            let at = live.iter().position(|&v| v == value).expect("linked");
            live.swap(at, *count as usize - 1);
            *count -= 1;
        }
        let (r, c) = (row as usize, col as usize);
        remove(
            &mut self.row_slots,
            self.row_slot_start[r],
            &mut self.rows[r].count,
            col,
        );
        remove(
            &mut self.col_slots,
            self.col_slot_start[c],
            &mut self.cols[c].count,
            row,
        );
    }

    /// The warm start. Three starts, each where it was measured best; see below. `prices`,
    /// in weight units, are where the auction starts the columns' prices, if it runs
    /// ([`Engine::auction`]).
    fn start(&mut self, prices: Option<Vec<i64>>) {
        // Three starts, each where it was measured best (docs/decisions/0014 and 0034):
        // columns with several places have no auction here, but exact bidding over the
        // greedy start; on a complete graph, exact bidding rarely meets ties; elsewhere
        // the auction.
        let complete = self.graph.csr.items.len() == self.rows.len() * self.cols.len();
        if self.cols.iter().any(|c| c.cap != 1) {
            self.holding = vec![Holding::default(); self.rows.len()];
            self.greedy_start();
            self.close_columns_without_places();
            self.heap_holders();
            self.bid();
        } else if complete {
            self.greedy_start();
            self.bid();
        } else {
            self.auction(prices);
        }
    }

    /// Whether the start had rows bid for places in columns with several places
    /// ([`Engine::take_place`]).
    fn bid_for_places(&self) -> bool {
        !self.holding.is_empty()
    }

    /// Rows the searches would start from.
    fn open_rows(&self) -> usize {
        (0..self.rows.len() as u32)
            .filter(|&r| self.is_open(r))
            .count()
    }

    /// The searches after the start.
    fn finish(&mut self) {
        // Every search either fills one more place of the root or brings its dual to zero,
        // and keeps the other rows' state valid: when no row is open, the duals prove the
        // matching optimal.
        for row in 0..self.rows.len() as u32 {
            while self.is_open(row) {
                let (end, distance) = self.search(row);
                self.shift_duals(distance);
                self.flip(row, end);
            }
        }
    }

    /// The start when columns have several places: every row's dual at its best weight
    /// (feasible with column duals at zero), and each row given the free columns it
    /// already reaches at that price.
    fn greedy_start(&mut self) {
        for row in 0..self.rows.len() {
            let (start, end) = (self.graph.start(row), self.graph.end(row));
            let best = if start < end {
                self.graph.get(row, start).weight()
            } else {
                0
            };
            self.rows[row].dual = best;
            if best == 0 {
                continue;
            }
            for k in start..end {
                let arc = self.graph.get(row, k);
                if arc.weight() < best || !self.rows[row].has_room() {
                    break;
                }
                if self.cols[arc.col() as usize].has_room() {
                    self.link(row as u32, arc.col());
                    if self.bid_for_places() {
                        // Its best profit elsewhere is the best other weight (prices are
                        // all zero): a tie with the taken place, or the next arc's.
                        let elsewhere = if k > start {
                            best
                        } else if start + 1 < end {
                            self.graph.get(row, start + 1).weight()
                        } else {
                            0
                        };
                        self.holding[row] = Holding {
                            floor: best - elsewhere,
                            weight: best,
                        };
                    }
                }
            }
        }
    }

    /// Prices each column without places at its heaviest weight, so that bidding never
    /// chooses it (no row profits from it) and every pair stays feasible; a column with
    /// no room may have a positive dual.
    fn close_columns_without_places(&mut self) {
        if self.cols.iter().all(|c| c.cap > 0) {
            return;
        }
        for arc in &self.graph.csr.items {
            let c = &mut self.cols[arc.col() as usize];
            if c.cap == 0 {
                c.dual = c.dual.max(arc.weight());
            }
        }
    }

    /// The start when every column has one place: an ε-scaling auction (Bertsekas), in
    /// weights multiplied by `scale`, one more than the number of places rows can fill.
    /// Rows bid for columns; a bid raises the column's price by the row's margin over its
    /// second-best choice plus ε, so ties, the norm under a policy's tiered weights, end
    /// in a few bids instead of a price war. Each phase divides ε and bids again from the
    /// previous prices. With ε at 1 in scaled units (below one weight unit over every
    /// place) the assignment would be optimal; the phases stop a little earlier, at
    /// [`AUCTION_LAST_FRACTION`] of a weight unit, where it nearly always is already. The
    /// prices are fractions of a weight: [`Engine::settle_duals`] turns them into exact
    /// duals, and the searches finish whatever is left.
    ///
    /// With `prices` (weight units, one per column: the duals the other side's bidding
    /// left, see [`solve`]), the auction starts from them instead of zero, at its second
    /// phase's ε. Measured (decision 0042): where the units' auction takes over, 3–15 %
    /// fewer instructions on 12 instances of 13 (one 1 % more); the same prices with the
    /// first phase kept were mixed, and skipping two phases was dearer on four of them.
    ///
    /// Only when every column has capacity one: a shared column would need a price per
    /// place.
    fn auction(&mut self, prices: Option<Vec<i64>>) {
        let places: i64 = (0..self.rows.len())
            .map(|r| {
                (self.rows[r].cap as usize).min(self.graph.end(r) - self.graph.start(r)) as i64
            })
            .sum();
        let scale = places + 1;
        let max_weight = self
            .graph
            .csr
            .items
            .iter()
            .map(|a| a.weight())
            .max()
            .unwrap_or(0);
        // Scaled prices stay below twice the largest scaled weight; past what i64 holds
        // with room to spare, the searches do it all.
        let Some(top) = max_weight.checked_mul(scale).filter(|&t| t < i64::MAX / 4) else {
            return self.greedy_start();
        };
        if max_weight == 0 {
            return;
        }
        // The last phase's ε: a 64th of a weight unit, or 1 in scaled units.
        let last = (scale / AUCTION_LAST_FRACTION).max(1);
        let first = (top / AUCTION_FIRST_DIVISOR).max(1);
        let (epsilon, price) = match prices {
            Some(prices) => (
                next_epsilon(first, last),
                // A dual is at most the row's heaviest weight; the clamp keeps prices in
                // range whatever they come from.
                (prices.into_iter())
                    .map(|p| p.clamp(0, max_weight) * scale)
                    .collect(),
            ),
            None => (first, vec![0; self.cols.len()]),
        };
        // One price per column, which the scans' unchecked reads rely on.
        assert_eq!(price.len(), self.cols.len(), "one start price per column");
        let mut a = Auction {
            by_col: None,
            scale,
            epsilon,
            price,
            owner: vec![NONE; self.cols.len()],
            owner_value: vec![0; self.cols.len()],
            profit: vec![0; self.rows.len()],
            rows: std::collections::VecDeque::new(),
            cols: Vec::new(),
            top: Vec::new(),
            candidates: (0..self.rows.len())
                .map(|_| Candidates::default())
                .collect(),
            price_before: Vec::new(),
        };
        let several_places = self.rows.iter().any(|r| r.cap > 1);
        loop {
            // A new phase: every row bids again, from the prices the last one left.
            // (Keeping the pairs still within the new ε of their row's best saves no
            // bids: measured, nearly all of them fall outside it.)
            for vertex in self.rows.iter_mut().chain(self.cols.iter_mut()) {
                vertex.count = 0;
            }
            a.owner.fill(NONE);
            self.queue_rows_with_room(&mut a);
            let may_stop = a.epsilon <= scale / AUCTION_TRIAL_FRACTION;
            let may_try =
                may_stop || (several_places && a.epsilon <= scale / AUCTION_PLACES_TRIAL_FRACTION);
            let reverse_epsilon = if may_stop {
                a.epsilon
            } else {
                (a.epsilon / REVERSE_EPSILON_DIVISOR).max(1)
            };
            // At most once a phase, the reverse bids stop for a shift of every price, after
            // which the rows with room bid again (decision 0050). One call site for the
            // forward bids: from two, the compiler no longer inlined them, at a cost of 2 %.
            let mut shifted = false;
            loop {
                self.forward(&mut a);
                if !shifted {
                    self.lower_price_level(&mut a);
                }
                let Some(level) = self.reverse(&mut a, reverse_epsilon, !shifted) else {
                    break;
                };
                a.lower_prices(level);
                self.queue_rows_with_room(&mut a);
                shifted = true;
                #[cfg(test)]
                PLATEAU_SHIFTS.with(|n| n.set(n.get() + 1));
            }
            if a.epsilon <= last {
                break;
            }
            // The phase before the last (ε at most an eighth of a weight unit, since no
            // step divides by more than 8) often leaves prices that settle already: then
            // the last phase is not needed (decision 0041). In the units' auction the
            // phase before that one often does too (decision 0054).
            if may_try && self.settle(&mut a, true) {
                #[cfg(test)]
                if self.open_rows() > 0 {
                    TRIALS_LEFT_OPEN.with(|n| n.set(n.get() + 1));
                }
                #[cfg(test)]
                if !may_stop {
                    PLACES_TRIALS_HELD.with(|n| n.set(n.get() + 1));
                }
                return;
            }
            a.epsilon = next_epsilon(a.epsilon, last);
        }
        self.settle(&mut a, false);
    }

    /// Makes the duals exact from the auction's prices ([`Engine::settle_duals`]). On
    /// `trial`, gives up as soon as more than [`SETTLE_TRIAL_OPEN`] pairs would be undone
    /// or too many pairs have been loosened ([`SETTLE_TRIAL_LOOSENED`]), and says whether
    /// at most that many rows were left open: the searches then finish them, and the
    /// auction can stop. A trial that fails leaves the engine's duals of no use, which is
    /// harmless: the next phase starts over from the prices (it unlinks every pair), and
    /// the last one settles again.
    fn settle(&mut self, a: &mut Auction<'p>, trial: bool) -> bool {
        // Column duals in weight units, rounded up (free columns are at zero).
        let scale = a.scale;
        for (c, v) in self.cols.iter_mut().enumerate() {
            v.dual = (a.price[c] + scale - 1).div_euclid(scale).max(0);
        }
        let budget = trial.then_some(SETTLE_TRIAL_LOOSENED * self.rows.len());
        self.settle_duals(a, budget) && !(trial && self.open_rows() > SETTLE_TRIAL_OPEN)
    }

    /// The auction's forward bids: each row with room takes its most profitable columns,
    /// as many as it has room for, and displaces their owners; until every row is full or
    /// can gain nothing. A row with several places makes all its bids in one scan of its
    /// arcs: its j-th best column is priced so that the row's profit there is the
    /// (j + 1)-th best's less ε, exactly what j + 1 bids one after the other would do with
    /// no other row bidding between them, so ε-complementary slackness holds as for one
    /// bid. A unit with five places reads its arcs once instead of five times (decision
    /// 0028 has the counts).
    fn forward(&mut self, a: &mut Auction) {
        // Prices only rise while rows bid, so the lowest at the start bounds every profit
        // from above along with the weight: on dense graphs, where every column is taken
        // and priced, a scan then stops after the few heaviest arcs.
        let floor = a.price.iter().copied().min().unwrap_or(0);
        for candidates in &mut a.candidates {
            candidates.list.clear();
            candidates.bar = None;
        }
        let mut top = std::mem::take(&mut a.top);
        let mut displaced_rows = Vec::new();
        while let Some(row) = a.rows.pop_front() {
            let r = row as usize;
            let room = (self.rows[r].cap - self.rows[r].count) as usize;
            if room == 0 {
                continue;
            }
            if !Self::best_listed(a, row, room, &mut top) {
                self.scan(a, row, room, floor, &mut top);
            }
            let taken = top.len().min(room);
            for j in 0..taken {
                let (_, col, value) = top[j];
                let next = top.get(j + 1).map_or(0, |&(profit, _, _)| profit);
                let c = col as usize;
                a.price[c] = value - next + a.epsilon;
                let displaced = a.owner[c];
                if displaced != NONE {
                    self.unlink(displaced, col);
                    displaced_rows.push(displaced);
                    // Lost, so no longer held: it joins the displaced row's candidates.
                    let candidates = &mut a.candidates[displaced as usize];
                    if candidates.bar.is_some()
                        && !candidates.list.iter().any(|&(listed, _)| listed == col)
                    {
                        candidates.list.push((col, a.owner_value[c]));
                    }
                }
                (a.owner[c], a.owner_value[c]) = (row, value);
                self.link(row, col);
            }
            a.rows.extend(displaced_rows.drain(..));
            // A row left with room has taken every column it could profit from: prices
            // only rise, so scanning again would find none.
        }
        a.top = top;
    }

    /// Puts in `top` the row's `room + 1` most profitable columns it does not hold, best
    /// first, as (profit, column, value), from its candidates alone, when they suffice
    /// (see [`Candidates`]).
    fn best_listed(a: &Auction, row: u32, room: usize, top: &mut Vec<(i64, u32, i64)>) -> bool {
        let candidates = &a.candidates[row as usize];
        let Some(bar) = candidates.bar else {
            return false;
        };
        top.clear();
        for &(col, value) in &candidates.list {
            let c = col as usize;
            let profit = value - a.price[c];
            if profit > 0 && profit >= bar && a.owner[c] != row {
                top.push((profit, col, value));
            }
        }
        // With a bar of zero, every column that is left out makes nothing.
        if bar > 0 && top.len() <= room {
            return false;
        }
        top.sort_by_key(|&(profit, _, _)| Reverse(profit));
        top.truncate(room + 1);
        true
    }

    /// Reads the row's arcs for its most profitable columns it does not hold, best first
    /// into `top` as (profit, column, value): `room + 1` of them, or for a row with several
    /// places [`EXTRA_CANDIDATES`] more, kept as its candidates. A row with one place keeps
    /// no candidates ([`Engine::scan_one_place`]): it bids again only when it has lost its
    /// column, and then rarely finds its second choice unchanged; measured twice, the list
    /// cost it more than it saved (decisions 0028 and 0040).
    fn scan(
        &mut self,
        a: &mut Auction,
        row: u32,
        room: usize,
        floor: i64,
        top: &mut Vec<(i64, u32, i64)>,
    ) {
        let r = row as usize;
        if self.rows[r].cap == 1 {
            return self.scan_one_place(a, row, floor, top);
        }
        let keep = room + 1 + EXTRA_CANDIDATES;
        // Staying without a column is worth zero, so a column enters only above `bar`, the
        // `keep`-th best profit so far or zero.
        top.clear();
        let mut bar = 0i64;
        // The value an arc must pass to get above the bar at the lowest price.
        let mut reach = bar + floor;
        let (mut k, end) = (self.graph.start(r), self.graph.end(r));
        'scan: while k < end {
            let sorted = self.graph.sorted_from(r, k);
            k += sorted.len();
            for &arc in sorted {
                let value = arc.weight() * a.scale;
                // A profit is at most the value less the lowest price, and arcs come
                // heaviest first: nothing further gets above the bar.
                if value <= reach {
                    break 'scan;
                }
                let col = arc.col() as usize;
                // SAFETY (the price and the owner): an arc's column. Most arcs stop at the
                // bar, so the owner is read only for those above it.
                let profit = value - unsafe { a.price_of(col) };
                if profit > bar && unsafe { a.owner_of(col) } != row {
                    // In place of the last when the list is full (it makes `bar`, less
                    // than this one), then moved up past every lower profit: after any
                    // equal one, so that the first column met keeps its place. The list
                    // is short; shifting it by hand costs less than `Vec::insert`'s
                    // call to copy memory (8 % of one solve's time; decision 0048).
                    let entry = (profit, col as u32, value);
                    if top.len() < keep {
                        top.push(entry);
                    } else {
                        top[keep - 1] = entry;
                    }
                    let mut i = top.len() - 1;
                    while i > 0 && top[i - 1].0 < profit {
                        top[i] = top[i - 1];
                        i -= 1;
                    }
                    top[i] = entry;
                    if top.len() == keep {
                        bar = top[keep - 1].0;
                        reach = bar + floor;
                    }
                }
            }
        }
        let candidates = &mut a.candidates[r];
        candidates.list.clear();
        candidates
            .list
            .extend(top.iter().map(|&(_, col, value)| (col, value)));
        candidates.bar = Some(bar);
    }

    /// [`Engine::scan`] for a row with one place, which holds no column when it bids: its
    /// best column and the second best's profit ([`best_two::best_column`]), kept in
    /// variables instead of a sorted list. Every bid of a single-place problem is one of
    /// these; without the list's insertions they take 4–6 % fewer instructions and about a
    /// tenth less time (decision 0040). A bid with one place reads no more than that, so the
    /// second entry it leaves in `top` has its profit only (no column, a value of zero).
    ///
    /// Out of line: inlined in the auction, where many other values are live, its loop
    /// kept the arcs, the prices and the best column on the stack, and the same code ran
    /// 11–18 % slower there than it does here (decision 0051).
    #[inline(never)]
    fn scan_one_place(
        &mut self,
        a: &Auction,
        row: u32,
        floor: i64,
        top: &mut Vec<(i64, u32, i64)>,
    ) {
        // SAFETY: one price per column (see `Auction::price_of`).
        let choice = unsafe {
            best_two::best_column(&mut self.graph, row as usize, &a.price, a.scale, floor)
        };
        top.clear();
        if let Some(at) = choice.at {
            let arc = self.graph.csr.items[at];
            top.push((choice.best, arc.col(), arc.weight() * a.scale));
            if choice.second > 0 {
                top.push((choice.second, NONE, 0));
            }
        }
    }

    /// Lowers every price by the same amount, as far as ε-complementary slackness allows,
    /// before the reverse bids. Where many columns rank alike, the free columns' prices must
    /// all come down together, and reverse bids do that one column and one ε at a time:
    /// tens of thousands of bids in a phase, each moving a price by ε and passing the
    /// column's lack of an owner on to the next (decision 0047). A uniform shift changes no
    /// row's choice between columns, and keeps every pair within ε of its row's best. Two
    /// things bound it: a taken column's price must stay at zero or above, and a row with
    /// room must not come to gain more than ε from any column it does not hold (what it
    /// gains over staying free grows by the shift). A free column whose price the shift
    /// would take below zero stops at zero, which only makes it less attractive.
    fn lower_price_level(&self, a: &mut Auction) {
        let mut level = i64::MAX;
        for (c, &owner) in a.owner.iter().enumerate() {
            if owner != NONE {
                level = level.min(a.price[c]);
            }
        }
        for r in 0..self.rows.len() {
            if self.rows[r].has_room() {
                for arc in &self.graph.csr.items[self.graph.start(r)..self.graph.end(r)] {
                    let col = arc.col() as usize;
                    if a.owner[col] != r as u32 {
                        level = level.min(a.price[col] + a.epsilon - arc.weight() * a.scale);
                    }
                }
            }
        }
        if level <= 0 || level == i64::MAX {
            return;
        }
        a.lower_prices(level);
    }

    /// Puts every row with room in the queue of rows waiting to bid.
    fn queue_rows_with_room(&self, a: &mut Auction) {
        for row in 0..self.rows.len() as u32 {
            if self.rows[row as usize].has_room() {
                a.rows.push_back(row);
            }
        }
    }

    /// The auction's reverse bids (Bertsekas and Castañon's asymmetric auction): a free
    /// column must end at price zero, so each free column with a price takes the row that
    /// values it most, at that row's margin over the next less `epsilon`, or else falls to
    /// zero. A full row gives up its least profitable column, which bids in turn. Rows
    /// only gain, so this ends, and ε-complementary slackness holds throughout at the
    /// phase's ε, which `epsilon` is at most.
    ///
    /// Where many columns rank alike, a free column's price can only come down as the whole
    /// plateau's does, and the bids pass the column's lack of an owner from column to
    /// column, lowering each by about ε: a walk over nearly every column, each bid on ten to
    /// twenty-five times. With `watch`, once the bids show that pattern
    /// ([`PLATEAU_WALK_BIDS_PER_COLUMN`]) and [`Engine::plateau_shift`] allows a shift, they
    /// stop and return it: every price is to come down by that amount, the rows with room
    /// to bid again, and the reverse bids to start over.
    fn reverse(&mut self, a: &mut Auction<'p>, epsilon: i64, watch: bool) -> Option<i64> {
        a.cols.clear();
        a.cols.extend(
            (0..self.cols.len() as u32)
                .filter(|&c| a.owner[c as usize] == NONE && a.price[c as usize] > 0),
        );
        if a.cols.is_empty() {
            return None;
        }
        for row in 0..self.rows.len() as u32 {
            self.refresh_profit(a, row);
        }
        // The watch looks at the walk after every half as many bids as there are columns:
        // in the bids' loop it is one count (with more there, the loop ran 2 % slower).
        let mut bids = 0usize;
        let mut look_at = if watch {
            a.price_before.clone_from(&a.price);
            self.cols.len() / 2
        } else {
            usize::MAX
        };
        let by_col = a.by_col.take().unwrap_or_else(|| self.rows_by_column());
        while let Some(col) = a.cols.pop() {
            let c = col as usize;
            bids += 1;
            if bids > look_at {
                match self.look_at_walk(a, bids) {
                    Walk::Shift(level) => {
                        a.by_col = Some(by_col);
                        return Some(level);
                    }
                    Walk::LookAgain => look_at += self.cols.len() / 2,
                    Walk::GoOn => look_at = usize::MAX,
                }
            }
            // The two rows that value this column most over what they have (a row with
            // room has zero), and zero for staying free.
            let (best, second) = by_col.best_two(c, |row, weight| {
                // SAFETY: a row of `ColumnRows`.
                weight as i64 * a.scale - unsafe { a.profit_of(row as usize) }
            });
            let Some((_, row, weight)) = best.filter(|&(gain, _, _)| gain > epsilon) else {
                a.price[c] = 0;
                continue;
            };
            let value = weight as i64 * a.scale;
            a.price[c] = (second - epsilon).max(0);
            // A full row gives up its least profitable column for this one, and then makes
            // the lesser of this one and its next least profitable.
            let mut full_again = None;
            if !self.rows[row as usize].has_room() {
                let (worst, _, next) = self
                    .least_profitable(a, row)
                    .expect("a full row has a column");
                self.unlink(row, worst);
                a.owner[worst as usize] = NONE;
                if a.price[worst as usize] > 0 {
                    a.cols.push(worst);
                }
                full_again = Some(next.min(value - a.price[c]));
            }
            (a.owner[c], a.owner_value[c]) = (row, value);
            self.link(row, col);
            match full_again {
                Some(profit) => a.profit[row as usize] = profit,
                None => self.refresh_profit(a, row),
            }
        }
        a.by_col = Some(by_col);
        None
    }

    /// Whether the reverse bids, after `bids` of them, show a plateau's walk (more than
    /// [`PLATEAU_WALK_BIDS_PER_COLUMN`] bids per column bid on), and what to do about it.
    // Kept out of the reverse bids' loop: inlined there, it cost the loop registers.
    #[cold]
    #[inline(never)]
    fn look_at_walk(&self, a: &Auction, bids: usize) -> Walk {
        let bid_on = (a.price.iter().zip(&a.price_before))
            .filter(|(now, before)| now < before)
            .count();
        if bids <= PLATEAU_WALK_BIDS_PER_COLUMN * bid_on {
            return Walk::LookAgain;
        }
        match self.plateau_shift(a) {
            Some(level) => Walk::Shift(level),
            None => Walk::GoOn,
        }
    }

    /// How far every price may come down at once in the middle of the reverse bids, if a
    /// shift is worth making: as far as the cheapest taken column's price (a taken column's
    /// price stays at zero or above), and at most the previous phase's ε, the error its
    /// prices may carry. A uniform shift changes no full row's choice between columns; the
    /// rows with room may come to gain more than ε, so they bid again after it, which is
    /// cheap only when they are few ([`PLATEAU_OPEN_SHARE`]). Free columns stop at zero.
    /// Unlike [`Engine::lower_price_level`], which is bounded by what the rows with room
    /// would gain, this shift is made only where the bids have shown that the plateau must
    /// come down (decision 0050).
    fn plateau_shift(&self, a: &Auction) -> Option<i64> {
        let mut level = AUCTION_DIVISOR * a.epsilon;
        for (c, &owner) in a.owner.iter().enumerate() {
            if owner != NONE {
                level = level.min(a.price[c]);
            }
        }
        let open = self.rows.iter().filter(|r| r.has_room()).count();
        (level > a.epsilon && open * PLATEAU_OPEN_SHARE <= self.rows.len()).then_some(level)
    }

    /// Records what a row makes on its least profitable column: zero if it has room,
    /// and beyond reach if it has no place at all.
    fn refresh_profit(&self, a: &mut Auction, row: u32) {
        let r = &self.rows[row as usize];
        a.profit[row as usize] = if r.cap == 0 {
            i64::MAX
        } else if r.has_room() {
            0
        } else {
            self.least_profitable(a, row)
                .map_or(0, |(_, profit, _)| profit)
        };
    }

    /// A row's least profitable column and what it makes there, if it has any, and what
    /// it makes on its next least profitable (`i64::MAX` if it has no other).
    fn least_profitable(&self, a: &Auction, row: u32) -> Option<(u32, i64, i64)> {
        let mut least: Option<(u32, i64, i64)> = None;
        for &c in self.row_matches(row) {
            let profit = a.owner_value[c as usize] - a.price[c as usize];
            least = match least {
                None => Some((c, profit, i64::MAX)),
                Some((_, low, _)) if profit < low => Some((c, profit, low)),
                Some((col, low, next)) => Some((col, low, next.min(profit))),
            };
        }
        least
    }

    /// Makes the duals exact for the current matching, keeping as much of it as the
    /// duals allow. First each row's dual becomes what it makes on its least profitable
    /// column (zero if it has room), and its other columns' duals rise to make their pairs
    /// tight: an auction prices a row's places one by one, the certificate needs one dual
    /// per row, and raising a column's dual never makes another pair infeasible. Then
    /// every row's dual rises to its best profit where rounding left it short, and each
    /// matched pair this loosens lowers its column's dual until it is tight, which may
    /// raise other rows' duals and loosen their pairs in turn. Duals only move one way,
    /// so this ends; a pair whose column would go below zero is undone, its row left open
    /// for the searches. With a `budget` (a trial, see [`Engine::settle`]) it undoes at most
    /// [`SETTLE_TRIAL_OPEN`] pairs and loosens at most `budget`: it stops and returns
    /// `false` instead.
    fn settle_duals(&mut self, a: &mut Auction<'p>, budget: Option<usize>) -> bool {
        for r in 0..self.rows.len() {
            let row = r as u32;
            let dual = if self.rows[r].has_room() {
                0
            } else {
                self.row_matches(row)
                    .iter()
                    .map(|&c| a.weight(c) - self.cols[c as usize].dual)
                    .min()
                    .unwrap_or(0)
                    .max(0)
            };
            self.rows[r].dual = dual;
            for i in 0..self.rows[r].count as usize {
                let col = self.row_matches(row)[i];
                self.cols[col as usize].dual = a.weight(col) - dual;
            }
        }
        let mut loose = Vec::new();
        for r in 0..self.rows.len() {
            let best = self.best_profit(r);
            if best > self.rows[r].dual {
                self.rows[r].dual = best;
                if self.rows[r].count > 0 {
                    loose.push(r as u32);
                }
            }
        }
        if loose.is_empty() {
            return true;
        }
        let by_col = a.by_col.take().unwrap_or_else(|| self.rows_by_column());
        let (mut loosened, mut undone) = (0usize, 0usize);
        let mut kept = true;
        'settle: while let Some(row) = loose.pop() {
            let r = row as usize;
            let mut i = 0;
            while i < self.rows[r].count as usize {
                let col = self.row_matches(row)[i];
                let c = col as usize;
                let weight = a.weight(col);
                let slack = self.rows[r].dual + self.cols[c].dual - weight;
                i += 1;
                if slack == 0 {
                    continue;
                }
                loosened += 1;
                let lowered = (self.cols[c].dual - slack).max(0);
                if self.cols[c].dual < slack {
                    undone += 1;
                    if budget.is_some() && undone > SETTLE_TRIAL_OPEN {
                        kept = false;
                        break 'settle;
                    }
                    // Not tight even at zero: undo the pair (the slots shift down).
                    self.unlink(row, col);
                    i -= 1;
                }
                if budget.is_some_and(|budget| loosened > budget) {
                    kept = false;
                    break 'settle;
                }
                self.cols[c].dual = lowered;
                let rows = &mut self.rows;
                by_col.for_each(c, |other, w| {
                    let o = other as usize;
                    if rows[o].dual + lowered < w as i64 {
                        rows[o].dual = w as i64 - lowered;
                        if rows[o].count > 0 {
                            loose.push(other);
                        }
                    }
                });
            }
        }
        a.by_col = Some(by_col);
        kept
    }

    /// A row's best profit at the columns' current duals, or zero: the least dual that
    /// keeps all its pairs feasible.
    fn best_profit(&mut self, r: usize) -> i64 {
        let mut best = 0;
        for k in self.graph.start(r)..self.graph.end(r) {
            let arc = self.graph.get(r, k);
            if arc.weight() <= best {
                break;
            }
            best = best.max(arc.weight() - self.cols[arc.col() as usize].dual);
        }
        best
    }

    /// Each column's rows, with the pair's weight.
    fn rows_by_column(&self) -> ColumnRows<'p> {
        if let Some(listed) = &self.columns_listed {
            return ColumnRows::Listed {
                edges: listed.edges,
                start: section_starts(listed.degree.iter().copied()),
            };
        }
        let csr = &self.graph.csr;
        let entries = (0..self.rows.len()).flat_map(|r| {
            csr.items[csr.range(r)]
                .iter()
                .map(move |arc| (arc.col(), (r as u32, arc.weight() as u32)))
        });
        ColumnRows::Bucketed(Csr::from_entries(self.cols.len(), entries))
    }

    /// Exact bidding (Jonker and Volgenant's "augmenting row reduction"), the start on
    /// complete graphs: an open row takes its most profitable column, outbidding its
    /// owner, and lowers its own dual to the second-best profit. One scan of the row's
    /// edges per step, against a search per step otherwise. It keeps every invariant the
    /// searches rely on, so it can stop at any point; a step budget bounds price wars on
    /// ties, and the searches finish the job. Where weights tie often (a policy's tiers)
    /// those wars are the norm, which is why sparse graphs get the auction instead.
    ///
    /// A column with several places (its rows then have one each) is priced by its
    /// holders' floors instead: see [`Engine::take_place`].
    fn bid(&mut self) {
        let mut queue: std::collections::VecDeque<u32> = (0..self.rows.len() as u32)
            .filter(|&r| self.is_open(r))
            .collect();
        // Measured on the benchmark shapes (docs/decisions/0005): past about eight steps per
        // vertex, the rows still bidding are locked in price wars that searches end sooner.
        // A round: one step per row and column.
        let window = self.rows.len() + self.cols.len();
        let mut budget = BID_STEPS_PER_VERTEX * window;
        let mut waiting_then = queue.len();
        while let Some(row) = queue.pop_front() {
            if budget == 0 {
                break;
            }
            budget -= 1;
            // A round's end: how many rows did it close? (A queue that grew closed none.)
            if budget.is_multiple_of(window) {
                if waiting_then.saturating_sub(queue.len()) * BID_STALL_SHARE < window {
                    break;
                }
                waiting_then = queue.len();
                let rounds = BID_STEPS_PER_VERTEX - budget / window;
                if rounds == BID_CHECK_ROUNDS
                    && self.bid_for_places()
                    && self.open_rows() * BID_CHECK_OPEN_SHARE > self.rows.len()
                {
                    break;
                }
            }
            if !self.is_open(row) {
                continue;
            }
            let r = row as usize;
            // The two most profitable columns not yet this row's (profit = w - col_dual).
            let (mut best, mut second) = ((i64::MIN, NONE, 0), (i64::MIN, NONE, 0));
            let (mut k, end) = (self.graph.start(r), self.graph.end(r));
            'arcs: while k < end {
                let sorted = self.graph.sorted_from(r, k);
                k += sorted.len();
                for &arc in sorted {
                    // Arcs come heaviest first and a profit is at most the weight: nothing
                    // further can beat the second best (or zero, the value of staying open).
                    if arc.weight() <= second.0.max(0) {
                        break 'arcs;
                    }
                    let col = arc.col();
                    let c = &self.cols[col as usize];
                    if c.count == 1
                        && self.col_slots[self.col_slot_start[col as usize] as usize] == row
                    {
                        continue;
                    }
                    let profit = arc.weight() - c.dual;
                    if profit > best.0 {
                        second = best;
                        best = (profit, col, arc.weight());
                    } else if profit > second.0 {
                        second = (profit, col, arc.weight());
                    }
                }
            }
            // Staying open is worth zero: the row's dual never goes below it.
            let new_dual = second.0.max(0);
            if best.1 == NONE || best.0 <= 0 {
                self.set_row_dual(row, 0);
                continue;
            }
            // On a tie, a free column is better than outbidding someone for nothing.
            let (_, col, weight) = if best.0 == new_dual
                && !self.cols[best.1 as usize].has_room()
                && second.1 != NONE
                && self.cols[second.1 as usize].has_room()
            {
                second
            } else {
                best
            };
            let c = col as usize;
            if self.cols[c].cap > 1 {
                self.take_place(row, col, weight, new_dual, &mut queue);
                continue;
            }
            self.set_row_dual(row, new_dual);
            let raised = weight - new_dual > self.cols[c].dual;
            self.cols[c].dual = weight - new_dual;
            if self.cols[c].count == 1 {
                let owner = self.col_slots[self.col_slot_start[c] as usize];
                self.unlink(owner, col);
                // A strictly higher price moves the auction on; the outbid row goes next.
                // On a tie it waits its turn, which stops two rows trading one column.
                if raised {
                    queue.push_front(owner);
                } else {
                    queue.push_back(owner);
                }
            }
            self.link(row, col);
            if self.is_open(row) {
                queue.push_front(row);
            }
        }
        if self.bid_for_places() {
            self.settle_holders();
        }
    }

    /// [`Engine::bid`]'s step for a column with several places, whose rows have one: the
    /// row takes a place in it, worth `elsewhere` to the row at best in any other column.
    /// A column with room keeps its price at zero. A full one gives up the place of the
    /// row with the lowest floor, and its price rises as far as the row's and the other
    /// holders' floors allow (prices never fall: every floor is at least the price it was
    /// set under). The holders stay tight at the new price, and by their floors feasible
    /// (their duals are set when the bidding ends, see [`Holding`]); the row that left keeps
    /// its dual at the old price, feasible as prices only rose, and bids again.
    fn take_place(
        &mut self,
        row: u32,
        col: u32,
        weight: i64,
        elsewhere: i64,
        queue: &mut std::collections::VecDeque<u32>,
    ) {
        let (r, c) = (row as usize, col as usize);
        let floor = weight - elsewhere;
        self.holding[r] = Holding { floor, weight };
        let s = self.col_slot_start[c] as usize;
        if self.cols[c].has_room() {
            self.rows[r].dual = weight - self.cols[c].dual;
            self.link(row, col);
            sift_up(
                &mut self.col_slots[s..s + self.cols[c].count as usize],
                &self.holding,
            );
            return;
        }
        let heap = &mut self.col_slots[s..s + self.cols[c].count as usize];
        let weakest = heap[0];
        let next = (heap[1..heap.len().min(3)].iter())
            .map(|&h| self.holding[h as usize].floor)
            .min()
            .unwrap_or(i64::MAX);
        let old = self.cols[c].dual;
        let price = floor.min(next);
        // The row takes the weakest's slot at the heap's top; the weakest, with one place,
        // is left with none.
        heap[0] = row;
        sift_down(heap, &self.holding, 0);
        let w = weakest as usize;
        self.rows[w].count = 0;
        self.rows[w].dual = self.holding[w].weight - old;
        self.row_slots[self.row_slot_start[r] as usize] = col;
        self.rows[r].count = 1;
        self.rows[r].dual = weight - price;
        self.cols[c].dual = price;
        // As in `bid`: a higher price moves the bidding on, a tie waits its turn.
        if price > old {
            queue.push_front(weakest);
        } else {
            queue.push_back(weakest);
        }
    }

    /// Orders each column's holders from the greedy start into a heap by floor, as
    /// [`Engine::take_place`] keeps them.
    fn heap_holders(&mut self) {
        for c in 0..self.cols.len() {
            let s = self.col_slot_start[c] as usize;
            let slots = &mut self.col_slots[s..s + self.cols[c].count as usize];
            for i in (0..slots.len() / 2).rev() {
                sift_down(slots, &self.holding, i);
            }
        }
    }

    /// Ends [`Engine::take_place`]'s bidding: every holder of a column with several places
    /// is tight at its column's price.
    fn settle_holders(&mut self) {
        for r in 0..self.rows.len() {
            if self.rows[r].count == 1 {
                let col = self.row_slots[self.row_slot_start[r] as usize] as usize;
                if self.cols[col].cap > 1 {
                    self.rows[r].dual = self.holding[r].weight - self.cols[col].dual;
                }
            }
        }
    }

    /// A row that still has room and could gain from more.
    fn is_open(&self, row: u32) -> bool {
        let r = &self.rows[row as usize];
        r.has_room() && r.dual > 0
    }

    /// Sets a row's dual and moves its matched columns' duals the other way, so that its
    /// pairs stay tight.
    fn set_row_dual(&mut self, row: u32, new: i64) {
        let r = row as usize;
        let change = self.rows[r].dual - new;
        self.rows[r].dual = new;
        let slots = self.row_slot_start[r] as usize;
        for i in slots..slots + self.rows[r].count as usize {
            self.cols[self.row_slots[i] as usize].dual += change;
        }
    }

    /// Dijkstra on reduced costs `col_dual + row_dual - w` from `root`: the nearest way to
    /// gain, at distance `D`, is a free column, or a row whose dual can fall to zero (it
    /// then gives up the column it was reached through, or, for the root, stays open).
    /// Finished vertices (closer than `D`) are left in `search.finished` with their
    /// distances, and the path in the vertices' `pred`.
    fn search(&mut self, root: u32) -> (PathEnd, i64) {
        let n_rows = self.rows.len() as u32;
        let s = &mut self.search;
        if s.epoch == u32::MAX / 2 - 1 {
            // Stamps would wrap: start again from a clean slate.
            for v in self.rows.iter_mut().chain(self.cols.iter_mut()) {
                v.stamp = 0;
            }
            s.epoch = 0;
        }
        s.epoch += 1;
        let (labelled, finished) = (2 * s.epoch, 2 * s.epoch + 1);
        s.heap.clear();
        s.level.clear();
        s.finished.clear();
        let r = &mut self.rows[root as usize];
        (r.stamp, r.dist) = (labelled, 0);
        s.level.push(root);
        // The best way found so far; no search ends farther.
        let (mut bound, mut end) = (INF, PathEnd::Release(root));
        let mut current = 0;
        loop {
            // Vertices at the current distance wait on a stack, not the heap: with many
            // equal weights, most vertices are reached at no extra cost.
            let (d, v) = match s.level.pop() {
                Some(v) => (current, v),
                None => match s.heap.pop() {
                    Some(entry) => entry,
                    None => break,
                },
            };
            if d >= bound {
                break;
            }
            let vertex = if v < n_rows {
                &mut self.rows[v as usize]
            } else {
                &mut self.cols[(v - n_rows) as usize]
            };
            if vertex.stamp == finished || d > vertex.dist {
                continue;
            }
            vertex.stamp = finished;
            current = d;
            s.finished.push(v);
            if v >= n_rows {
                // Free columns end the search before they are finished: this one is full,
                // and its rows can give it up at no cost.
                let col = (v - n_rows) as usize;
                let slots = self.col_slot_start[col] as usize;
                for &row in &self.col_slots[slots..slots + self.cols[col].count as usize] {
                    let r = &mut self.rows[row as usize];
                    if r.stamp < labelled || (r.stamp == labelled && d < r.dist) {
                        (r.stamp, r.dist, r.pred) = (labelled, d, col as u32);
                        s.level.push(row);
                    }
                }
                continue;
            }
            let row = v as usize;
            let row_dual = self.rows[row].dual;
            if d + row_dual < bound {
                bound = d + row_dual;
                end = PathEnd::Release(v);
            }
            // A column matched to this row is this row's alone (columns of capacity above
            // one only occur when rows have capacity one, and then the row was reached
            // through it). Finish it at the row's distance so that the dual shift keeps the
            // matched pair tight.
            let slots = self.row_slot_start[row] as usize;
            for &col in &self.row_slots[slots..slots + self.rows[row].count as usize] {
                let c = &mut self.cols[col as usize];
                if c.stamp != finished {
                    (c.stamp, c.dist) = (finished, d);
                    s.finished.push(n_rows + col);
                }
            }
            let (mut k, end_k) = (self.graph.start(row), self.graph.end(row));
            'arcs: while k < end_k {
                let sorted = self.graph.sorted_from(row, k);
                k += sorted.len();
                for &arc in sorted {
                    // Reduced costs are at least `row_dual - weight`, which only grows along
                    // the row: once it reaches the bound, the search will end before any
                    // further column could be finished.
                    let lower = d + row_dual - arc.weight();
                    if lower >= bound {
                        break 'arcs;
                    }
                    let c = &mut self.cols[arc.col() as usize];
                    let nd = lower + c.dual;
                    if c.stamp == finished || (c.stamp == labelled && nd >= c.dist) {
                        continue;
                    }
                    (c.stamp, c.dist, c.pred) = (labelled, nd, v);
                    if c.has_room() {
                        // On a tie, filling a place beats a release.
                        if nd < bound || (nd == bound && matches!(end, PathEnd::Release(_))) {
                            bound = nd;
                            end = PathEnd::Column(arc.col());
                        }
                    } else if nd == d {
                        s.level.push(n_rows + arc.col());
                    } else {
                        s.heap.push(nd, n_rows + arc.col());
                    }
                }
            }
        }
        (end, bound)
    }

    /// Moves the duals of the finished vertices by their distance short of `distance`:
    /// every edge stays feasible and every shortest path becomes tight.
    fn shift_duals(&mut self, distance: i64) {
        let n_rows = self.rows.len() as u32;
        for &v in &self.search.finished {
            if v < n_rows {
                let r = &mut self.rows[v as usize];
                r.dual -= distance - r.dist;
            } else {
                let c = &mut self.cols[(v - n_rows) as usize];
                c.dual += distance - c.dist;
            }
        }
    }

    /// Changes the matching along the path recorded in the vertices' `pred`, walking back
    /// from its end: each row takes the column it reached and gives up the one it was
    /// reached through; the root gains a column.
    fn flip(&mut self, root: u32, end: PathEnd) {
        let mut col = match end {
            PathEnd::Column(col) => col,
            PathEnd::Release(row) if row == root => return,
            PathEnd::Release(row) => {
                let col = self.rows[row as usize].pred;
                self.unlink(row, col);
                col
            }
        };
        loop {
            let row = self.cols[col as usize].pred;
            if row == root {
                self.link(row, col);
                return;
            }
            // Unlink first: a full row has no free slot for the new column.
            let previous = self.rows[row as usize].pred;
            self.unlink(row, previous);
            self.link(row, col);
            col = previous;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(clients: u32, units: u32, edges: &[(u32, u32, u64)]) -> Problem {
        let mut p = Problem::new(clients, units);
        for &(c, u, w) in edges {
            p.add_edge(c, u, w);
        }
        p
    }

    #[test]
    fn takes_the_better_total_over_the_greedy_choice() {
        // Greedy gives unit 0 to client 0 (weight 10) and leaves client 1 with nothing;
        // the optimum is 9 + 8.
        let p = problem(2, 2, &[(0, 0, 10), (0, 1, 9), (1, 0, 8)]);
        let s = solve(&p).unwrap();
        assert_eq!(s.objective, 17);
        assert_eq!(s.unit_of_client, vec![Some(1), Some(0)]);
        verify(&p, &s).unwrap();
    }

    #[test]
    fn capacity_lets_a_unit_take_several_clients() {
        let mut p = problem(3, 2, &[(0, 0, 5), (1, 0, 5), (2, 0, 5), (2, 1, 1)]);
        p.set_capacity(0, 2);
        let s = solve(&p).unwrap();
        assert_eq!(s.objective, 11);
        assert_eq!(s.matched, 3);
        verify(&p, &s).unwrap();
    }

    #[test]
    fn a_capacity_far_above_the_graph_is_fine() {
        let mut p = problem(3, 2, &[(0, 0, 5), (1, 0, 4), (2, 0, 3), (2, 1, 9)]);
        p.set_capacity(0, u32::MAX);
        let s = solve(&p).unwrap();
        assert_eq!((s.objective, s.matched), (18, 3));
        verify(&p, &s).unwrap();
    }

    #[test]
    fn nobody_is_matched_without_edges_and_zero_capacity_is_respected() {
        let mut p = problem(2, 1, &[(0, 0, 3)]);
        p.set_capacity(0, 0);
        let s = solve(&p).unwrap();
        assert_eq!((s.objective, s.matched), (0, 0));
        verify(&p, &s).unwrap();
    }

    #[test]
    fn bad_problems_are_refused_with_the_edge_position() {
        assert_eq!(
            solve(&problem(1, 1, &[(0, 0, 1), (0, 0, 2)])),
            Err(ProblemError::DuplicateEdge {
                first: 0,
                second: 1
            })
        );
        assert_eq!(
            solve(&problem(1, 1, &[(0, 0, 1), (2, 0, 2)])),
            Err(ProblemError::ClientOutOfRange { edge: 1, client: 2 })
        );
        assert!(matches!(
            solve(&problem(1, 1, &[(0, 0, MAX_WEIGHT + 1)])),
            Err(ProblemError::WeightTooLarge { edge: 0, .. })
        ));
        // Edges grouped by client, places enough for every client, and not every pair: the
        // clients' arcs are then readied while the edges are checked. A repeated pair in a
        // client's run before the last, in the last, and one before a fault of range, which
        // is reported first, as `check` does.
        let edges = [(0, 0, 1), (0, 1, 1), (0, 0, 3), (1, 1, 2), (1, 0, 1)];
        let cases = [
            (
                problem(2, 3, &edges),
                ProblemError::DuplicateEdge {
                    first: 0,
                    second: 2,
                },
            ),
            (
                problem(2, 3, &[(0, 0, 1), (1, 1, 1), (1, 0, 1), (1, 1, 3)]),
                ProblemError::DuplicateEdge {
                    first: 1,
                    second: 3,
                },
            ),
            (
                problem(2, 3, &[edges.as_slice(), &[(1, 3, 1)]].concat()),
                ProblemError::UnitOutOfRange { edge: 5, unit: 3 },
            ),
        ];
        for (p, fault) in cases {
            assert_eq!(solve(&p), Err(fault.clone()));
            assert_eq!(p.check(), Err(fault));
        }
    }

    #[test]
    fn verify_rejects_a_suboptimal_or_infeasible_claim() {
        let p = problem(2, 2, &[(0, 0, 10), (0, 1, 9), (1, 0, 8)]);
        let mut s = solve(&p).unwrap();
        let good = s.clone();
        s.unit_of_client = vec![Some(0), None];
        s.objective = 10;
        assert!(matches!(verify(&p, &s), Err(CertificateError::Gap { .. })));
        let mut s = good.clone();
        s.duals.unit[0] -= 1;
        assert!(verify(&p, &s).is_err());
        let mut s = good;
        s.unit_of_client = vec![Some(0), Some(0)];
        assert!(verify(&p, &s).is_err());
    }

    #[test]
    fn the_auction_reaches_its_last_epsilon_in_as_few_even_steps_as_dividing_by_8_allows() {
        // (first ε, last ε, the fewest divisions by at most 8 from one to the other)
        for (first, last, fewest) in [
            (3_916_113, 92, 6),
            (22_043_055, 125, 6),
            (2_000, 1, 4),
            (9, 1, 2),
            (8, 1, 1),
            (1 << 40, 3, 13),
            (i64::MAX / 64, 1, 19),
        ] {
            let mut epsilon = first;
            let mut steps = 0;
            while epsilon > last {
                let next = next_epsilon(epsilon, last);
                assert!(
                    next >= last && next < epsilon,
                    "{first} → {last}: {epsilon} → {next}"
                );
                // A whole ratio of at most 8, less what dividing whole numbers rounds off.
                assert!(epsilon < AUCTION_DIVISOR * (next + 1), "{epsilon} → {next}");
                epsilon = next;
                steps += 1;
            }
            assert_eq!((epsilon, steps), (last, fewest), "{first} → {last}");
        }
    }

    #[test]
    fn a_plateau_walk_is_cut_short_by_a_shift_and_the_optimum_is_certified() {
        // Single places, clients who rank units alike (fit spread 3) and some who accept
        // one unit only: the reverse bids walk over the plateau of alike units until the
        // shift of decision 0050 brings every price down, and the rows with room bid again.
        for seed in [2, 3] {
            let p = crate::generate::skewed(&crate::generate::SparseSpec {
                fit_spread: 3,
                ..crate::generate::SparseSpec::new(800, 800, 48_000, seed)
            });
            solve_through(&PLATEAU_SHIFTS, &p, &format!("seed {seed}: no shift"));
        }
    }

    #[test]
    fn a_trial_settling_leaves_a_row_or_two_to_the_searches_and_the_optimum_is_certified() {
        // Sparse instances whose trial settling, after the phase before the last, has to
        // undo one or two pairs: the auction stops there and the searches finish those
        // rows (single places, then units with up to three places bidding for clients).
        let single = |seed| crate::generate::SparseSpec::new(800, 800, 32_000, seed);
        let shared = |seed| crate::generate::SparseSpec {
            capacity_min: 0,
            capacity_max: 3,
            ..crate::generate::SparseSpec::new(1600, 800, 32_000, seed)
        };
        for spec in [single(6), single(8), shared(19), shared(21)] {
            let p = crate::generate::sparse(&spec);
            let failure = format!("seed {}: the trial left no row open", spec.seed);
            solve_through(&TRIALS_LEFT_OPEN, &p, &failure);
        }
    }

    #[test]
    fn a_units_auction_may_stop_a_phase_earlier_and_the_optimum_is_certified() {
        // Skewed instances (clients rank units alike) where units with up to three or five
        // places bid for clients: the trial after the phase at about half a weight unit
        // holds, and the auction stops there.
        let shared = |capacity_max, seed| crate::generate::SparseSpec {
            capacity_max,
            fit_spread: 2,
            ..crate::generate::SparseSpec::new(800, 400, 40_000, seed)
        };
        for spec in [shared(3, 1), shared(3, 2), shared(5, 4)] {
            let p = crate::generate::skewed(&spec);
            let failure = format!("seed {}: the earlier trial did not hold", spec.seed);
            solve_through(&PLACES_TRIALS_HELD, &p, &failure);
        }
    }

    /// Solves `problem`, checks that the solve took the path `path` counts (with `failure`
    /// as the message if not), and that the certificate holds.
    fn solve_through(
        path: &'static std::thread::LocalKey<std::cell::Cell<usize>>,
        problem: &Problem,
        failure: &str,
    ) {
        let before = path.with(|n| n.get());
        let s = solve(problem).unwrap();
        assert!(path.with(|n| n.get()) > before, "{failure}");
        verify(problem, &s).unwrap();
    }

    #[test]
    fn heaviest_first_puts_the_heaviest_arcs_first_in_order_whether_or_not_the_bar_holds() {
        let mut rng = passerelle_rng::Rng::new(58);
        let mut scratch = Vec::new();
        let (held_before, failed_before) = BARS_HELD.with(|n| n.get());
        // How often the bar held and failed for rows read from edges.
        let mut read_from_edges = (0, 0);
        let mut check = |arcs: Vec<Arc>, k: usize| {
            let mut sorted = arcs.clone();
            sorted.sort_unstable();
            let mut arcs = arcs;
            // Rows read from edges, split by the bar as they are written, give the same.
            if k == SORTED_PREFIX {
                let run: Vec<Edge> = (arcs.iter())
                    .map(|a| Edge {
                        client: 0,
                        unit: a.col(),
                        weight: a.weight() as u64,
                    })
                    .collect();
                let mut by_run = ArcsByRun::new(run.len(), run.len());
                let before = BARS_HELD.with(|n| n.get());
                assert!(by_run.add_row(0, &run, false));
                let after = BARS_HELD.with(|n| n.get());
                read_from_edges.0 += after.0 - before.0;
                read_from_edges.1 += after.1 - before.1;
                let mut row = by_run.finish(1).csr.items;
                assert_eq!(
                    row[..k],
                    sorted[..k],
                    "read from edges: {k} of {}",
                    arcs.len()
                );
                row[k..].sort_unstable();
                assert_eq!(
                    row[k..],
                    sorted[k..],
                    "read from edges: {k} of {}",
                    arcs.len()
                );
            }
            heaviest_first(&mut arcs, k, &mut scratch);
            assert_eq!(arcs[..k], sorted[..k], "{k} of {}", arcs.len());
            arcs[k..].sort_unstable();
            assert_eq!(arcs[k..], sorted[k..], "{k} of {}", arcs.len());
        };
        for len in [2, 65, 300, 511, 512, 2000, 4099] {
            for k in [1, 7, 64, 129] {
                if k >= len {
                    continue;
                }
                // Weights drawn at random, few weights (ties broken by column), in order
                // and in reverse, and the heaviest exactly where the sample looks, which
                // puts the bar too high and leaves the whole row to select from.
                let cols = || 0..len as u32;
                check(
                    cols()
                        .map(|c| Arc::new(rng.below(1 << 20) as u64, c))
                        .collect(),
                    k,
                );
                check(
                    cols().map(|c| Arc::new(rng.below(3) as u64, c)).collect(),
                    k,
                );
                check(cols().map(|c| Arc::new(c as u64, c)).collect(), k);
                check(
                    cols()
                        .map(|c| Arc::new((len as u32 - c) as u64, c))
                        .collect(),
                    k,
                );
                let step = (len / BAR_SAMPLES).max(1) as u32;
                let sampled = |c: u32| c.is_multiple_of(step) && c / step < BAR_SAMPLES as u32;
                check(
                    cols()
                        .map(|c| Arc::new(sampled(c) as u64 * 1000 + 1, c))
                        .collect(),
                    k,
                );
            }
        }
        // Both ways, for rows in place and rows read from edges: the sample misleads the
        // bar where the heaviest arcs sit exactly where it looks and more than one is
        // wanted (on the longest rows, 5 times in place and 2 read from edges).
        let (held, failed) = BARS_HELD.with(|n| n.get());
        let (held, failed) = (held - held_before, failed - failed_before);
        assert!(
            held >= 40 && failed >= 7,
            "bar held {held}, failed {failed} times"
        );
        assert!(
            read_from_edges.0 >= 8 && read_from_edges.1 >= 2,
            "read from edges: bar held {}, failed {} times",
            read_from_edges.0,
            read_from_edges.1
        );
    }

    #[test]
    fn the_radix_heap_gives_keys_in_order_as_a_binary_heap_does() {
        let mut rng = passerelle_rng::Rng::new(33);
        let mut heap = RadixHeap::default();
        for round in 0..200 {
            heap.clear();
            let mut reference = std::collections::BinaryHeap::new();
            let mut last = 0i64;
            for step in 0..500 {
                // Keys at or above the last taken, spread over small and large gaps.
                if rng.chance(0.6) {
                    let key = last + [0i64, 1, 7, 1 << 20, 1 << 40][rng.below(5)];
                    heap.push(key, step);
                    reference.push(Reverse(key));
                } else {
                    let got = heap.pop().map(|(key, _)| key);
                    assert_eq!(
                        got,
                        reference.pop().map(|Reverse(key)| key),
                        "round {round}"
                    );
                    last = got.unwrap_or(last);
                }
            }
        }
    }
}

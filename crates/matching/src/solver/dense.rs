//! Complete problems with one place per unit where rows agree on the best columns:
//! Jonker and Volgenant's shortest augmenting path method (LAPJV, 1987) on a cost matrix.
//!
//! The main solver's start bids along each row's heaviest arcs. Where clients rank units
//! alike (or levels and ties make many rows equally good), those bids collide, nearly
//! every row is left to the searches, and each search sorts rows read to the end: on
//! 2,000 × 2,000 it took 345 ms where lap's LAPJV took 31. LAPJV reads the matrix in
//! whole rows instead: a column reduction, a reduction transfer, two rounds of augmenting
//! row reduction (auction-like bids that settle most rows), then one Dijkstra search per
//! row still free, over dense arrays. Where each row values its own pairs, the main
//! solver's start settles nearly everything and its searches stop early, and it stays
//! the faster; [`rows_agree`] tells the two apart from a sample (decision 0037).
//!
//! It is written for costs to minimise, `cost = top − weight` (`top` the heaviest
//! weight), with rows the smaller side. Where the sides differ by little, the matrix is
//! made square with surplus rows of weight zero everywhere, sharing one stored row;
//! otherwise LAPJV runs on the rectangle from column duals of zero, skipping the column
//! reduction. The duals are then shifted so that the least unit dual is zero, which makes
//! them those of the maximum-weight problem the main solver states (non-negative, zero on
//! the vertices left out); see [`Lapjv::solution`].

use super::{Duals, MAX_WEIGHT, NONE, Problem, Solution};

/// A problem is made square with surplus rows (and started with a column reduction) when
/// those rows are at most its real rows divided by this; beyond, LAPJV runs on the
/// rectangle from column duals of zero. The column reduction settles most rows where the
/// sides are nearly equal, but each surplus row's search crosses many columns (it costs
/// the same everywhere). Measured where rows agree (decision 0037): up to a twelfth more
/// units than clients, square 2.2 to 3.4 times faster (as fast with more clients); a
/// seventh more, square 1.5 times faster with more units, rectangular 1.5 times with more
/// clients; from a third more, rectangular 2.4 to 10 times faster.
const PAD_DIVISOR: usize = 8;
/// Augmenting row reduction's bids, per row and round, before the rows still free are
/// left to the searches: each bid lowers a dual by at least one, which with ties and wide
/// weights could go on for long (Jonker and Volgenant bound the rounds, not the bids).
const REDUCTION_BIDS_PER_ROW: usize = 16;

/// How many columns [`rows_agree`] looks at.
const SAMPLED_COLUMNS: usize = 256;
/// At most this share of independent draws' distinct best rows, rows agree. Measured on
/// 2,000 × 2,000: weights drawn pair by pair 0.98–1.00 (ties included); weights 1–100 0.61,
/// levels × 1,000 plus 0–100 0.63, units ranked alike 0.08 (decision 0037).
const AGREEMENT: f64 = 0.8;

/// The problem's solution if LAPJV is the better method for it: the graph is complete,
/// every unit has one place, its edges come client by client, units in order (as files
/// and generators write them), and rows agree on the best columns. `None` otherwise, the
/// main solver then solving it (and reporting any faulty edge).
pub(super) fn solve_complete(problem: &Problem) -> Option<Solution> {
    let clients = problem.clients as usize;
    let units = problem.capacity.len();
    if clients == 0
        || units == 0
        || problem.capacity.iter().any(|&c| c != 1)
        || clients.checked_mul(units) != Some(problem.edges.len())
    {
        return None;
    }
    // Rows are the smaller side, so that every one of them is matched.
    let transposed = clients > units;
    if !rows_agree(problem, transposed)? {
        return None;
    }
    lapjv(problem, transposed)
}

/// LAPJV on a complete problem with one place per unit, rows the smaller side (the units
/// if `transposed`); `None` unless its edges come client by client, units in order, with
/// no weight above [`MAX_WEIGHT`].
fn lapjv(problem: &Problem, transposed: bool) -> Option<Solution> {
    let top = heaviest_in_order(problem)?;
    let (rows, cols) = sides(problem, transposed);
    fn run<C: Cell>(costs: Costs<C>, transposed: bool) -> Solution {
        let mut lapjv = Lapjv::new(costs);
        lapjv.run();
        lapjv.solution(transposed)
    }
    // The matrix is read again and again: two bytes a cell when the weights fit halve
    // that traffic and the fresh memory touched (a fifth to a third less time, measured
    // on 2,000 × 2,000; decision 0037).
    Some(if top <= u16::MAX as u64 {
        run(
            Costs::<u16>::copied(problem, rows, cols, transposed, top),
            transposed,
        )
    } else {
        run(
            Costs::<u32>::copied(problem, rows, cols, transposed, top),
            transposed,
        )
    })
}

/// Whether the best rows of the first [`SAMPLED_COLUMNS`] columns (the first row on a
/// tie, as LAPJV's column reduction takes them) are at most [`AGREEMENT`] as many as rows
/// drawn independently for each column would be: `None` if those columns' edges are not
/// where edges listed client by client put them.
///
/// Where each row values its own pairs (weights drawn pair by pair), the best rows of
/// different columns are about as many as independent draws give, and the main solver's
/// start, which bids along each row's heaviest arcs, leaves few rows to its searches: it
/// is the faster there (166–253 ms on 4,000 × 4,000 where LAPJV, whose searches read
/// whole rows, took 275–330). Where rows agree (clients who rank units alike, levels
/// shared by many clients, many ties), fewer rows are the best of the columns, that start
/// leaves more rows open, and LAPJV is 2 to 16 times faster. Measured in decision 0037;
/// the sample reads 256 edges of each row.
fn rows_agree(problem: &Problem, transposed: bool) -> Option<bool> {
    let units = problem.capacity.len();
    let edge = |client: usize, unit: usize| {
        let e = &problem.edges[client * units + unit];
        (e.client as usize == client && e.unit as usize == unit).then_some(e.weight)
    };
    let (rows, cols) = sides(problem, transposed);
    let sampled = cols.min(SAMPLED_COLUMNS);
    let mut best = vec![(0u64, NONE); sampled];
    for row in 0..rows {
        for (col, best) in best.iter_mut().enumerate() {
            let weight = if transposed {
                edge(col, row)?
            } else {
                edge(row, col)?
            };
            if best.1 == NONE || weight > best.0 {
                *best = (weight, row as u32);
            }
        }
    }
    let mut winners: Vec<u32> = best.iter().map(|&(_, row)| row).collect();
    winners.sort_unstable();
    winners.dedup();
    // Drawn independently, `sampled` columns' best rows would be this many distinct rows.
    let independent = rows as f64 * (1.0 - (1.0 - 1.0 / rows as f64).powi(sampled as i32));
    Some((winners.len() as f64) <= AGREEMENT * independent)
}

/// The matrix's rows and columns: the clients and units, or the units and clients if
/// `transposed`.
fn sides(problem: &Problem, transposed: bool) -> (usize, usize) {
    let (clients, units) = (problem.clients as usize, problem.capacity.len());
    if transposed {
        (units, clients)
    } else {
        (clients, units)
    }
}

/// The heaviest weight, if the edges list every pair client by client, units in order,
/// and no weight is above [`MAX_WEIGHT`].
fn heaviest_in_order(problem: &Problem) -> Option<u64> {
    let units = problem.capacity.len() as u32;
    let (mut client, mut unit) = (0u32, 0u32);
    let mut heaviest = 0;
    for e in &problem.edges {
        if e.client != client || e.unit != unit {
            return None;
        }
        heaviest = heaviest.max(e.weight);
        unit += 1;
        if unit == units {
            (client, unit) = (client + 1, 0);
        }
    }
    (heaviest <= MAX_WEIGHT).then_some(heaviest)
}

/// A matrix cell: what its pair costs, in as few bytes as the weights allow.
trait Cell: Copy + Default {
    fn from_cost(cost: u64) -> Self;
    fn cost(self) -> i64;
}

macro_rules! cell {
    ($($int:ty),*) => {$(
        impl Cell for $int {
            fn from_cost(cost: u64) -> $int {
                cost as $int
            }

            #[inline]
            fn cost(self) -> i64 {
                self as i64
            }
        }
    )*};
}

cell!(u16, u32);

/// A `rows × cols` cost matrix, row by row, each cell costing `top` less its pair's
/// weight. When it is made square (see [`PAD_DIVISOR`]), rows `rows..cols` are surplus
/// rows of weight zero everywhere, which share the one stored row `surplus`; otherwise
/// `surplus` is empty.
struct Costs<C: Cell> {
    rows: usize,
    cols: usize,
    cells: Vec<C>,
    surplus: Vec<C>,
    top: i64,
}

impl<C: Cell> Costs<C> {
    /// The edges, listed client by client, units in order, copied into a matrix; `C`
    /// must hold the heaviest weight, `top`.
    fn copied(problem: &Problem, rows: usize, cols: usize, transposed: bool, top: u64) -> Costs<C> {
        let padded = rows < cols && (cols - rows) * PAD_DIVISOR <= rows;
        // Zeroed memory comes from the system untouched: every cell is written once.
        let mut cells = vec![C::default(); rows * cols];
        if transposed {
            for (k, e) in problem.edges.iter().enumerate() {
                cells[(k % rows) * cols + k / rows] = C::from_cost(top - e.weight);
            }
        } else {
            for (cell, e) in cells.iter_mut().zip(&problem.edges) {
                *cell = C::from_cost(top - e.weight);
            }
        }
        Costs {
            rows,
            cols,
            cells,
            surplus: vec![C::from_cost(top); if padded { cols } else { 0 }],
            top: top as i64,
        }
    }

    /// Whether the matrix is square, as it is or with its surplus rows.
    fn is_square(&self) -> bool {
        self.rows == self.cols || !self.surplus.is_empty()
    }

    #[inline]
    fn row(&self, row: usize) -> &[C] {
        if row < self.rows {
            &self.cells[row * self.cols..(row + 1) * self.cols]
        } else {
            &self.surplus
        }
    }
}

/// LAPJV's state: `x` gives each row's column, `y` each column's row, `v` the column
/// duals; throughout, every matched row's column has the least reduced cost
/// `cost − v` in its row, which is what makes the final duals feasible.
struct Lapjv<C: Cell> {
    costs: Costs<C>,
    x: Vec<u32>,
    y: Vec<u32>,
    v: Vec<i64>,
    free: Vec<u32>,
}

impl<C: Cell> Lapjv<C> {
    fn new(costs: Costs<C>) -> Lapjv<C> {
        let n = costs.cols;
        Lapjv {
            costs,
            x: vec![NONE; n],
            y: vec![NONE; n],
            v: vec![0; n],
            free: Vec::new(),
        }
    }

    fn run(&mut self) {
        if self.costs.is_square() {
            self.column_reduction();
        } else {
            // A rectangle: every row starts free, and every column's dual at zero.
            self.free = (0..self.costs.rows as u32).collect();
        }
        for _ in 0..2 {
            if self.free.is_empty() {
                break;
            }
            self.augmenting_row_reduction();
        }
        for row in std::mem::take(&mut self.free) {
            self.augment(row as usize);
        }
    }

    /// Each column's dual at its least cost, the column given to that row if the row has
    /// none cheaper; then each row that got exactly one column has that column's dual
    /// lowered to the row's second least reduced cost (the reduction transfer), so that
    /// its later bids start from an exact price. Rows without a column are left free.
    fn column_reduction(&mut self) {
        let n = self.costs.cols;
        // Column minima by reading whole rows (the first row wins a tie): the matrix is
        // stored by row, and reading it by column would touch a cache line per cell.
        let mut least = vec![i64::MAX; n];
        let mut at_row = vec![0u32; n];
        for row in 0..self.costs.rows {
            for (col, &c) in self.costs.row(row).iter().enumerate() {
                if c.cost() < least[col] {
                    least[col] = c.cost();
                    at_row[col] = row as u32;
                }
            }
        }
        let mut columns_won = vec![0u32; n];
        for col in (0..n).rev() {
            let row = at_row[col] as usize;
            self.v[col] = least[col];
            columns_won[row] += 1;
            if columns_won[row] == 1 {
                self.x[row] = col as u32;
                self.y[col] = row as u32;
            } else if self.v[col] < self.v[self.x[row] as usize] {
                let previous = self.x[row] as usize;
                self.x[row] = col as u32;
                self.y[col] = row as u32;
                self.y[previous] = NONE;
            }
        }
        for (row, &won) in columns_won.iter().enumerate() {
            match won {
                0 => self.free.push(row as u32),
                1 => {
                    let col = self.x[row] as usize;
                    let v = &self.v;
                    let second = (self.costs.row(row).iter().enumerate())
                        .filter(|&(j, _)| j != col)
                        .map(|(j, &c)| c.cost() - v[j])
                        .min()
                        .unwrap_or(0);
                    self.v[col] -= second;
                }
                _ => {}
            }
        }
    }

    /// One round of augmenting row reduction: each free row takes the column of its least
    /// reduced cost, lowering that column's dual to where the row's second least would be
    /// as cheap; a row it displaces bids next, at once if the price fell (it may well
    /// take another free column) and in the next round if not.
    fn augmenting_row_reduction(&mut self) {
        let queued = self.free.len();
        let mut budget = queued * REDUCTION_BIDS_PER_ROW;
        let (mut k, mut kept) = (0, 0);
        while k < queued && budget > 0 {
            budget -= 1;
            let row = self.free[k] as usize;
            k += 1;
            let (mut u1, mut j1, mut u2, mut j2) = (i64::MAX, 0, i64::MAX, 0);
            let costs = self.costs.row(row);
            for (col, &c) in costs.iter().enumerate() {
                let h = c.cost() - self.v[col];
                if h < u2 {
                    if h < u1 {
                        (u2, j2) = (u1, j1);
                        (u1, j1) = (h, col);
                    } else {
                        (u2, j2) = (h, col);
                    }
                }
            }
            if u1 == u2 && self.y[j1] != NONE {
                // Among the cheapest columns, a free one: taking it displaces nobody,
                // which with ties is most of what is left to do. (Looked for in a second
                // reading of the row, only on a tie: in the first, the test cost 10–15 %
                // more time where weights seldom tie.)
                let (v, y) = (&self.v, &self.y);
                if let Some(col) =
                    (0..costs.len()).find(|&col| y[col] == NONE && costs[col].cost() - v[col] == u1)
                {
                    j1 = col;
                }
            }
            let mut displaced = self.y[j1];
            if u1 < u2 {
                // A single column: u2 is then unbounded, and the row simply takes it.
                if u2 != i64::MAX {
                    self.v[j1] -= u2 - u1;
                }
            } else if displaced != NONE {
                j1 = j2;
                displaced = self.y[j2];
            }
            self.x[row] = j1 as u32;
            self.y[j1] = row as u32;
            if displaced != NONE {
                self.x[displaced as usize] = NONE;
                if u1 < u2 {
                    k -= 1;
                    self.free[k] = displaced;
                } else {
                    self.free[kept] = displaced;
                    kept += 1;
                }
            }
        }
        // Rows not reached within the budget stay free for the searches.
        self.free.copy_within(k..queued, kept);
        self.free.truncate(kept + queued - k);
    }

    /// A shortest augmenting path from the free row `root` (Dijkstra on reduced costs,
    /// over dense arrays), then the duals of the columns it finished brought to their
    /// distances, and the path flipped.
    // The scans run over `up..n` as it was when they began, while `up` grows: a column
    // found at the least distance is swapped back to `up`, behind the scan.
    #[allow(clippy::mut_range_bound)]
    fn augment(&mut self, root: usize) {
        let n = self.costs.cols;
        let mut dist: Vec<i64> = (self.costs.row(root).iter().zip(&self.v))
            .map(|(&c, &v)| c.cost() - v)
            .collect();
        let mut pred = vec![root as u32; n];
        // Columns in `order`: [0, low) finished, [low, up) at the least distance `least`
        // waiting to be scanned, [up, n) the rest.
        let mut order: Vec<u32> = (0..n as u32).collect();
        let (mut low, mut up) = (0, 0);
        let mut least = 0;
        let end = 'search: loop {
            if low == up {
                least = i64::MAX;
                for k in up..n {
                    let d = dist[order[k] as usize];
                    if d <= least {
                        if d < least {
                            up = low;
                            least = d;
                        }
                        order.swap(k, up);
                        up += 1;
                    }
                }
                for &col in &order[low..up] {
                    if self.y[col as usize] == NONE {
                        break 'search col as usize;
                    }
                }
            }
            let col = order[low] as usize;
            low += 1;
            let row = self.y[col] as usize;
            let costs = self.costs.row(row);
            let via = costs[col].cost() - self.v[col] - least;
            for k in up..n {
                let j = order[k] as usize;
                let d = costs[j].cost() - self.v[j] - via;
                if d < dist[j] {
                    dist[j] = d;
                    pred[j] = row as u32;
                    if d == least {
                        if self.y[j] == NONE {
                            break 'search j;
                        }
                        order.swap(k, up);
                        up += 1;
                    }
                }
            }
        };
        for &col in &order[..low] {
            let col = col as usize;
            self.v[col] += dist[col] - least;
        }
        let mut col = end;
        loop {
            let row = pred[col] as usize;
            self.y[col] = row as u32;
            let previous = std::mem::replace(&mut self.x[row], col as u32);
            if row == root {
                break;
            }
            col = previous as usize;
        }
    }

    /// The matching and duals of the maximum-weight problem. With `y(r) = top − u(r) − s`
    /// and `z(c) = s − v(c)`, where `u(r)` is the reduced cost of row `r`'s column, every
    /// pair's dual constraint `y + z ≥ weight` is LAPJV's `u + v ≤ cost`. Taking `s` as
    /// the largest `v` makes the least `z` zero, at some column `c0`; then every
    /// `y(r) ≥ weight(r, c0) ≥ 0`, since the graph is complete. The columns left out
    /// (units, or clients when the rows are units) have the largest `v`, so `z = 0`, as
    /// complementary slackness asks: a surplus row costs the same everywhere and its
    /// column is its cheapest; on a rectangle, duals only fall, and only on columns that
    /// are or become matched, so a column never matched keeps the starting zero.
    fn solution(&self, transposed: bool) -> Solution {
        let rows = self.costs.rows;
        let shift = self.v.iter().copied().max().unwrap_or(0);
        let col_duals: Vec<i64> = self.v.iter().map(|&v| shift - v).collect();
        let mut row_duals = Vec::with_capacity(rows);
        let clients = if transposed { self.costs.cols } else { rows };
        let mut unit_of_client = vec![None; clients];
        let (mut objective, mut matched) = (0u128, 0);
        for row in 0..rows {
            let col = self.x[row] as usize;
            let cost = self.costs.row(row)[col].cost();
            row_duals.push(self.costs.top - (cost - self.v[col]) - shift);
            let weight = self.costs.top - cost;
            // A pair worth nothing is left out, as the main solver does: both its duals
            // are then zero, so the proof holds either way.
            if weight > 0 {
                let (client, unit) = if transposed { (col, row) } else { (row, col) };
                unit_of_client[client] = Some(unit as u32);
                objective += weight as u128;
                matched += 1;
            }
        }
        let (client, unit) = if transposed {
            (col_duals, row_duals)
        } else {
            (row_duals, col_duals)
        };
        Solution {
            matched,
            unit_of_client,
            objective,
            duals: Duals { client, unit },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::verify;
    use passerelle_rng::Rng;

    /// A complete problem, edges client by client, with weights from `weight`.
    fn complete(clients: u32, units: u32, mut weight: impl FnMut(u32, u32) -> u64) -> Problem {
        let mut p = Problem::new(clients, units);
        for c in 0..clients {
            for u in 0..units {
                p.add_edge(c, u, weight(c, u));
            }
        }
        p
    }

    /// The main solver's optimum: the same edges in reverse order never go to LAPJV.
    fn by_main_solver(p: &Problem) -> u128 {
        let mut reversed = Problem::new(p.clients(), p.units());
        for e in p.edges().iter().rev() {
            reversed.add_edge(e.client, e.unit, e.weight);
        }
        assert!(solve_complete(&reversed).is_none());
        super::super::solve(&reversed).unwrap().objective
    }

    #[test]
    fn lapjv_agrees_with_the_main_solver_and_its_certificate_holds() {
        let mut rng = Rng::new(20261204);
        for case in 0..400 {
            let side = 1 + rng.below(60) as u32;
            let other = side + rng.below(side as usize + 1) as u32;
            let (clients, units) = if rng.chance(0.5) {
                (side, other)
            } else {
                (other, side)
            };
            let spread = [1, 3, 100, 70_000, 1 << 31][rng.below(5)];
            let quality: Vec<u64> = (0..units).map(|_| rng.below(40) as u64 * 100).collect();
            let alike = rng.chance(0.5);
            let p = complete(clients, units, |_, u| {
                let own = rng.below(spread) as u64;
                if alike {
                    quality[u as usize] + own
                } else {
                    own
                }
            });
            // LAPJV whether or not `rows_agree` would choose it.
            let s = lapjv(&p, clients > units).unwrap();
            if let Err(e) = verify(&p, &s) {
                panic!("case {case}: certificate refused: {e}\n{p:?}\n{s:?}");
            }
            assert_eq!(s.objective, by_main_solver(&p), "case {case}: {p:?}");
            assert!(
                s.pairs()
                    .all(|(c, u)| p.edges()[(c * units + u) as usize].weight > 0)
            );
        }
    }

    #[test]
    fn only_rows_that_agree_on_the_best_columns_go_to_lapjv() {
        let mut rng = Rng::new(7);
        let own = complete(300, 300, |_, _| rng.below(1_000_000) as u64);
        assert_eq!(rows_agree(&own, false), Some(false));
        let quality: Vec<u64> = (0..300).map(|_| rng.below(40) as u64 * 100).collect();
        let alike = complete(300, 300, |c, u| {
            (c as u64 % 5) * 10_000 + quality[u as usize] + rng.below(4) as u64
        });
        assert_eq!(rows_agree(&alike, false), Some(true));
        assert!(solve_complete(&alike).is_some());
        // More clients than units: the rows are the units.
        let machol = complete(300, 200, |c, u| (c as u64 + 1) * (u as u64 + 1));
        assert_eq!(rows_agree(&machol, true), Some(true));
        // Nearly square, and twice as many units as clients: both sides' ways.
        for units in [110, 200] {
            let p = complete(100, units, |c, u| (c as u64 + 1) * (u as u64 + 1));
            let s = solve_complete(&p).expect("rows agree");
            verify(&p, &s).unwrap();
        }
    }
}

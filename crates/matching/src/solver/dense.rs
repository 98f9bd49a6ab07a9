//! Complete problems with one place per unit where rows agree on the best columns:
//! Jonker and Volgenant's shortest augmenting path method (LAPJV, 1987) on a cost matrix.
//!
//! The main solver's start bids along each row's heaviest arcs. Where clients rank units
//! alike (a quality of the units they all see, or ties), those bids collide, nearly
//! every row is left to the searches, and each search sorts rows read to the end: on
//! 2,000 × 2,000 it took 345 ms where lap's LAPJV took 31. LAPJV reads the matrix in
//! whole rows instead: a column reduction, a reduction transfer, two rounds of augmenting
//! row reduction (auction-like bids that settle most rows), then one Dijkstra search per
//! row still free, over dense arrays. Where each row values its own pairs, the main
//! solver's start settles nearly everything and its searches stop early, and it stays
//! the faster; [`rows_agree`] tells the two apart from a sample of the rows (decisions
//! 0037, 0060 and 0063).
//!
//! LAPJV minimises costs; here a pair's cost is `−weight` and each column's dual `v` is
//! kept as its price `−v`, so that a reduced cost `cost − v` reads `price − weight`
//! straight from the matrix, which holds the weights (no constant needs to be known
//! before the matrix is filled, and no negation is paid in the inner loops). Rows are the
//! smaller side. Where the sides differ by little, the matrix is made square with surplus
//! rows of weight zero everywhere, sharing one stored row; otherwise LAPJV runs on the
//! rectangle from prices of zero, skipping the column reduction. The prices are then
//! shifted so that the least is zero, which makes them and the rows' duals those of the
//! maximum-weight problem the main solver states (non-negative, zero on the vertices left
//! out); see [`Lapjv::solution`].

use super::{Duals, Edge, NONE, Problem, Solution, memory};

/// A problem is made square with surplus rows (and started with a column reduction) when
/// those rows are at most its real rows divided by this; beyond, LAPJV runs on the
/// rectangle from prices of zero. The column reduction settles most rows where the
/// sides are nearly equal, but each surplus row's search crosses many columns (it costs
/// the same everywhere). Measured where rows agree (decision 0037): up to a twelfth more
/// units than clients, square 2.2 to 3.4 times faster (as fast with more clients); a
/// seventh more, square 1.5 times faster with more units, rectangular 1.5 times with more
/// clients; from a third more, rectangular 2.4 to 10 times faster.
const PAD_DIVISOR: usize = 8;
/// Augmenting row reduction's bids, per row and round, before the rows still free are
/// left to the searches: each bid raises a price by at least one, which with ties and wide
/// weights could go on for long (Jonker and Volgenant bound the rounds, not the bids).
const REDUCTION_BIDS_PER_ROW: usize = 16;

/// How many rows [`rows_agree`] reads.
const SAMPLED_ROWS: usize = 256;
/// At most this share of independent draws' distinct best columns, rows agree. Measured on
/// 2,000 × 2,000 (decision 0060): weights drawn pair by pair, with or without a level per
/// row, 0.98–1.02; weights 1–100 0.67 (ties: each row's first best column is among the first
/// few hundred), levels × 1,000 plus 0–100 0.67, units ranked alike 0.06.
const AGREEMENT: f64 = 0.8;
/// Above this share of a row's gain from its best column shared by the other rows, rows
/// agree (see [`shared_gain`]). Measured on 2,000 × 2,000 (decision 0063): the share is
/// −0.006 to 0.004 where the main solver is as fast or faster (weights drawn pair by pair,
/// a level per row, points' distances), 0.025 for a unit quality of 0–25 beside pairs' own
/// parts of 0–1,000 (the two solvers level), 0.085 to 1.0 where LAPJV is 5 to 78 times
/// faster. Where rows' weights are independent of the columns, its standard error is about
/// 0.003.
const SHARED_GAIN: f64 = 0.03;

/// The problem's solution if LAPJV is the better method for it: the graph is complete,
/// every unit has one place, its edges come client by client, units in order (as files
/// and generators write them), and either its sides differ enough for LAPJV to run on the
/// rectangle or its rows agree on the best columns. `None` otherwise, the main solver then
/// solving it (and reporting any faulty edge).
///
/// On a rectangle LAPJV starts from prices of zero with many more columns than rows, and
/// most rows take a column of their own at once; the main solver first moves every edge
/// into its arcs, and on the clients' side buckets them by unit. Measured on 2,000 × 3,000,
/// 1,000 × 4,000 and 3,000 × 2,000 (decision 0060): LAPJV 1.5 to 2.2 times faster whether the
/// weights are drawn pair by pair, with a level per row or per column, a quality, or ties;
/// the one exception seen was a unit quality on 2,000 × 3,000, hard for every solver
/// (LAPJV 1.5 s, the main solver 1.4, OR-Tools 2.5, lap 4.3).
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
    let (rows, cols) = sides(problem, transposed);
    if is_square(rows, cols) && !rows_agree(problem, transposed)? {
        return None;
    }
    lapjv(problem, transposed)
}

/// LAPJV on a complete problem with one place per unit, rows the smaller side (the units
/// if `transposed`); `None` unless its edges come client by client, units in order, with
/// no weight above [`MAX_WEIGHT`](super::MAX_WEIGHT) (which four-byte cells hold).
fn lapjv(problem: &Problem, transposed: bool) -> Option<Solution> {
    let (rows, cols) = sides(problem, transposed);
    fn run<C: Cell>(costs: Costs<C>, transposed: bool) -> Solution {
        let mut lapjv = Lapjv::new(costs);
        lapjv.run();
        lapjv.solution(transposed)
    }
    // The matrix is read again and again: two bytes a cell when the weights fit halve
    // that traffic and the fresh memory touched (a fifth to a third less time, measured
    // on 2,000 × 2,000; decision 0037). Which fits is found while copying, so that the
    // edges are read once: a heavier weight starts the copy over in four bytes.
    match Costs::<u16>::copied(problem, rows, cols, transposed) {
        Ok(costs) => Some(run(costs, transposed)),
        Err(Unfit::TooHeavy) => Costs::<u32>::copied(problem, rows, cols, transposed)
            .ok()
            .map(|costs| run(costs, transposed)),
        Err(Unfit::OutOfOrder) => None,
    }
}

/// Whether the rows agree on which columns are best, from the first [`SAMPLED_ROWS`] rows:
/// either their best columns (the first column on a tie, as a scan meets them) are at most
/// [`AGREEMENT`] as many as columns drawn independently for each row would be, or a row's
/// best column is worth more than the others' average to the other rows too
/// ([`shared_gain`]). `None` if the edges read are not where edges listed client by client
/// put them.
///
/// The main solver's start on a complete graph has each row bid for its most profitable
/// column at the current prices. Where each row values its own pairs (weights drawn pair
/// by pair, with or without a level per row), the bids seldom collide and it is the faster
/// (19–20 ms on 2,000 × 2,000 where LAPJV took 25–51; 64 ms on 4,000 × 4,000 against 119).
/// Where rows share their best columns (ties, or a quality of the units every client sees),
/// the bids collide, price wars stall the start, and nearly every row is left to a search
/// that reads whole rows: 140 ms to 2.4 s where LAPJV took 30–37 (decisions 0060 and 0063).
/// The bidders are the rows (the units when `transposed`), so the sample is of rows.
fn rows_agree(problem: &Problem, transposed: bool) -> Option<bool> {
    let units = problem.capacity.len();
    let (rows, cols) = sides(problem, transposed);
    let sampled = rows.min(SAMPLED_ROWS);
    // Each sampled row's heaviest weight and first column with it.
    let mut best = vec![(0u64, 0u32); sampled];
    // What `shared_gain` needs: each sampled row's sum, and each column's sums over the
    // even and the odd sampled rows (exact: a row's sum is at most 2³² weights of four
    // bytes, a column's half at most 128).
    let mut row_sums = vec![0u64; sampled];
    let mut column_sums = [vec![0u64; cols], vec![0u64; cols]];
    // Whether an edge is not where edges listed client by client put it: checked once
    // at the end, so that the loops have no branch out.
    let mut misplaced = 0u32;
    let runs = problem.edges.chunks_exact(units);
    if transposed {
        // The sampled rows are the first units: the start of every client's run.
        for (col, edges) in runs.enumerate() {
            for (row, e) in edges[..sampled].iter().enumerate() {
                misplaced |= misplacement(e, col, row);
                let column_sum = &mut column_sums[row % 2][col];
                sample(
                    e.weight,
                    col,
                    &mut best[row],
                    &mut row_sums[row],
                    column_sum,
                );
            }
        }
    } else {
        let sampled_runs = runs.take(sampled).enumerate();
        for ((row, edges), (best, row_sum)) in sampled_runs.zip(best.iter_mut().zip(&mut row_sums))
        {
            let sums = &mut column_sums[row % 2];
            for (col, (e, sum)) in edges.iter().zip(sums.iter_mut()).enumerate() {
                misplaced |= misplacement(e, row, col);
                sample(e.weight, col, best, row_sum, sum);
            }
        }
    }
    if misplaced != 0 {
        return None;
    }
    let mut winners: Vec<u32> = best.iter().map(|&(_, col)| col).collect();
    winners.sort_unstable();
    winners.dedup();
    // Drawn independently, `sampled` rows' best columns would be this many distinct columns.
    let independent = cols as f64 * (1.0 - (1.0 - 1.0 / cols as f64).powi(sampled as i32));
    Some(
        (winners.len() as f64) <= AGREEMENT * independent
            || shared_gain(&best, &row_sums, &column_sums) > SHARED_GAIN,
    )
}

/// Adds one sampled cell, of `weight` in column `col`, to its row's best (the first column
/// on a tie), its row's sum and its column's sum.
#[inline(always)]
fn sample(weight: u64, col: usize, best: &mut (u64, u32), row_sum: &mut u64, column_sum: &mut u64) {
    if weight > best.0 {
        *best = (weight, col as u32);
    }
    *row_sum += weight;
    *column_sum += weight;
}

/// How much of what the sampled rows gain from their best columns the other rows would
/// gain from those columns too: over the sampled rows, the sum of a row's best column's
/// worth to the other half of the rows (its average weight there, above that half's average
/// weight), over the sum of its worth to the row itself (above the row's average weight).
/// `best` holds each sampled row's best weight and column, `row_sums` their sums, and
/// `column_sums` each column's sums over the even and the odd sampled rows.
///
/// Where the columns have a quality that every row sees (all of it, or tiers, even with
/// nine columns in ten in the upper tier), a row's best column is of the better quality,
/// which the other rows value too: a tenth to all of the gain is shared. Where each row
/// values its own pairs, with or without a level per row, a row's best column is of average
/// worth to the others, and the share is zero within its noise. So it is too for points'
/// distances, although their columns differ for every row (those near the middle are
/// nearer to all), which is what an earlier test, a correlation of the two halves' column
/// sums, took for a quality (decision 0063): a row's best column is its nearest, of average
/// worth to the others.
fn shared_gain(best: &[(u64, u32)], row_sums: &[u64], [even, odd]: &[Vec<u64>; 2]) -> f64 {
    let cols = even.len() as f64;
    // Each half's rows, and its average weight.
    let halves = [best.len().div_ceil(2) as f64, (best.len() / 2) as f64];
    let sums = [even, odd];
    let average = |half: usize| sums[half].iter().sum::<u64>() as f64 / (halves[half] * cols);
    let averages = [average(0), average(1)];
    let (mut shared, mut own) = (0.0, 0.0);
    for (row, (&(weight, col), &row_sum)) in best.iter().zip(row_sums).enumerate() {
        let other = 1 - row % 2;
        if halves[other] == 0.0 {
            continue;
        }
        shared += sums[other][col as usize] as f64 / halves[other] - averages[other];
        own += weight as f64 - row_sum as f64 / cols;
    }
    // Every row's weights alike: nothing to gain, nothing shared.
    if own > 0.0 { shared / own } else { 0.0 }
}

/// Whether LAPJV makes a `rows × cols` matrix square, with surplus rows where `rows` is
/// the fewer (see [`PAD_DIVISOR`]), rather than running on the rectangle.
fn is_square(rows: usize, cols: usize) -> bool {
    rows == cols || (rows < cols && (cols - rows) * PAD_DIVISOR <= rows)
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

/// Zero if the edge joins `client` and `unit`, as the edge of that pair is where edges
/// listed client by client, units in order, put it; other bits otherwise. Bits, not a
/// comparison: callers or them over a whole run and check once, with no branch in the
/// loop (with a flag, the copy of a 2,000 × 2,000 problem took a fifth longer).
#[inline]
fn misplacement(e: &Edge, client: usize, unit: usize) -> u32 {
    (e.client ^ client as u32) | (e.unit ^ unit as u32)
}

/// A matrix cell: its pair's weight, in as few bytes as the weights allow. (A cost of
/// `heaviest − weight` would need the heaviest weight before the copy; with `−weight`,
/// the matrix is filled in the same reading of the edges that checks their order and
/// finds how heavy they are.)
trait Cell: Copy + Default + Ord {
    /// The weight, cut to the cell's bytes.
    fn truncated(weight: u64) -> Self;
    fn weight(self) -> i64;
}

macro_rules! cell {
    ($($int:ty),*) => {$(
        impl Cell for $int {
            #[inline]
            fn truncated(weight: u64) -> $int {
                weight as $int
            }

            #[inline]
            fn weight(self) -> i64 {
                self as i64
            }
        }
    )*};
}

cell!(u16, u32);

/// Hands `put` each of one client's edges as (unit, cell), then checks that they were
/// that client's units in order and that every weight fits in `C`. (Checked after the
/// run rather than at each edge, the loop has no branch to take.)
fn copy_client<C: Cell>(
    edges: &[Edge],
    client: usize,
    mut put: impl FnMut(usize, C),
) -> Result<(), Unfit> {
    // Bits too for the weights: one fits in `C` exactly when all of them together do.
    let mut misplaced = 0u32;
    let mut weights = 0u64;
    for (unit, e) in edges.iter().enumerate() {
        misplaced |= misplacement(e, client, unit);
        weights |= e.weight;
        put(unit, C::truncated(e.weight));
    }
    if misplaced != 0 {
        Err(Unfit::OutOfOrder)
    } else if C::truncated(weights).weight() as u64 != weights {
        Err(Unfit::TooHeavy)
    } else {
        Ok(())
    }
}

/// Why the edges could not be copied into a matrix of cells `C`.
enum Unfit {
    /// A weight does not fit the cell.
    TooHeavy,
    /// The edges are not listed client by client with units in order.
    OutOfOrder,
}

/// How many rows [`ColumnMaxima::fold`] takes at a time: few enough that the block, just
/// written, is still in the first-level cache.
const HEAVIEST_BLOCK_ROWS: usize = 16;

/// Each column's heaviest weight and the first row with it, over whole rows folded in
/// block by block, in order. Each block's own maxima are taken with no branch (a loop that
/// vectorises); only columns whose heaviest rose are looked at one by one, which after the
/// first blocks is few or none. (Kept per cell with a branch, they made a 2,000 × 2,000
/// copy take 10.3–13.1 ms instead of 7.2–10.2; decision 0061.)
struct ColumnMaxima<C> {
    weight: Vec<C>,
    row: Vec<u32>,
    block: Vec<C>,
}

impl<C: Cell> ColumnMaxima<C> {
    fn new(cols: usize) -> Self {
        ColumnMaxima {
            weight: vec![C::default(); cols],
            row: vec![0; cols],
            block: vec![C::default(); cols],
        }
    }

    /// Folds in the rows `first..` that `block` holds, whole and in order.
    fn fold(&mut self, block: &[C], first: usize) {
        let cols = self.block.len();
        let mut rows = block.chunks_exact(cols);
        let Some(top) = rows.next() else { return };
        self.block.copy_from_slice(top);
        for row in rows {
            for (most, &c) in self.block.iter_mut().zip(row) {
                *most = (*most).max(c);
            }
        }
        // The first block sets every column; later ones only where they exceed it, so
        // that the first row wins a tie.
        let any_rose =
            (self.block.iter().zip(&self.weight)).fold(false, |rose, (b, w)| rose | (b > w));
        if first > 0 && !any_rose {
            return;
        }
        for col in 0..cols {
            let most = self.block[col];
            if first == 0 || most > self.weight[col] {
                let at = (block.chunks_exact(cols))
                    .position(|row| row[col] == most)
                    .expect("a block's maximum is in one of its rows");
                self.weight[col] = most;
                self.row[col] = (first + at) as u32;
            }
        }
    }

    fn heaviest(&self) -> Vec<(i64, u32)> {
        (self.weight.iter().zip(&self.row))
            .map(|(w, &row)| (w.weight(), row))
            .collect()
    }
}

/// A `rows × cols` matrix of weights, row by row. When it is made square (see
/// [`PAD_DIVISOR`]), rows `rows..cols` are surplus rows of weight zero everywhere, which
/// share the one stored row `surplus`; otherwise `surplus` is empty. `heaviest` gives
/// each column's heaviest weight and the first row with it, found while copying, for the
/// column reduction of a square matrix (empty for a rectangle).
struct Costs<C: Cell> {
    rows: usize,
    cols: usize,
    cells: Vec<C>,
    surplus: Vec<C>,
    heaviest: Vec<(i64, u32)>,
}

impl<C: Cell> Costs<C> {
    /// The edges copied into a matrix, checking as they are read that they come client
    /// by client, units in order, and fit in `C`.
    fn copied(
        problem: &Problem,
        rows: usize,
        cols: usize,
        transposed: bool,
    ) -> Result<Costs<C>, Unfit> {
        let square = is_square(rows, cols);
        let padded = square && rows < cols;
        let mut cells = memory::filled(rows * cols);
        let mut heaviest = vec![(-1, 0u32); if square && transposed { cols } else { 0 }];
        // Rows are written whole: their columns' heaviest are folded in block by block.
        let mut maxima = (square && !transposed).then(|| ColumnMaxima::new(cols));
        let units = problem.capacity.len();
        for (client, edges) in problem.edges.chunks_exact(units).enumerate() {
            if transposed {
                // Client by client is column by column: each column's heaviest is found as
                // it is written.
                let (col, mut best) = (client, (-1, 0));
                copy_client(edges, client, |row, c: C| {
                    cells[row * cols + col] = c;
                    if c.weight() > best.0 {
                        best = (c.weight(), row as u32);
                    }
                })?;
                if square {
                    heaviest[col] = best;
                }
            } else {
                let row = client;
                // As long as the edges: then the index below needs no check.
                let out = &mut cells[row * cols..][..edges.len()];
                copy_client(edges, client, |col, c| out[col] = c)?;
                let first = row / HEAVIEST_BLOCK_ROWS * HEAVIEST_BLOCK_ROWS;
                if let Some(maxima) = &mut maxima
                    && (row + 1 - first == HEAVIEST_BLOCK_ROWS || row + 1 == rows)
                {
                    maxima.fold(&cells[first * cols..(row + 1) * cols], first);
                }
            }
        }
        if let Some(maxima) = maxima {
            heaviest = maxima.heaviest();
        }
        Ok(Costs {
            rows,
            cols,
            cells,
            surplus: vec![C::default(); if padded { cols } else { 0 }],
            heaviest,
        })
    }

    /// Whether the matrix is square, as it is or with its surplus rows.
    fn is_square(&self) -> bool {
        is_square(self.rows, self.cols)
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

/// LAPJV's state: `x` gives each row's column, `y` each column's row, `price` the column
/// duals negated; throughout, every matched row's column has the least reduced cost
/// `price − weight` in its row, which is what makes the final duals feasible.
struct Lapjv<C: Cell> {
    costs: Costs<C>,
    x: Vec<u32>,
    y: Vec<u32>,
    price: Vec<i64>,
    free: Vec<u32>,
}

impl<C: Cell> Lapjv<C> {
    fn new(costs: Costs<C>) -> Lapjv<C> {
        let n = costs.cols;
        Lapjv {
            costs,
            x: vec![NONE; n],
            y: vec![NONE; n],
            price: vec![0; n],
            free: Vec::new(),
        }
    }

    fn run(&mut self) {
        if self.costs.is_square() {
            self.column_reduction();
        } else {
            // A rectangle: every row starts free, and every column's price at zero.
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

    /// Each column priced at its heaviest weight, the column given to that row if the row
    /// has none cheaper; then each row that got exactly one column has that column's price
    /// raised by the row's second least reduced cost (the reduction transfer), so that
    /// its later bids start from an exact price. Rows without a column are left free.
    fn column_reduction(&mut self) {
        let n = self.costs.cols;
        let heaviest = std::mem::take(&mut self.costs.heaviest);
        let mut columns_won = vec![0u32; n];
        for col in (0..n).rev() {
            let (weight, row) = heaviest[col];
            let row = row as usize;
            self.price[col] = weight;
            columns_won[row] += 1;
            if columns_won[row] == 1 {
                self.x[row] = col as u32;
                self.y[col] = row as u32;
            } else if self.price[col] > self.price[self.x[row] as usize] {
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
                    let price = &self.price;
                    let second = (self.costs.row(row).iter().enumerate())
                        .filter(|&(j, _)| j != col)
                        .map(|(j, &c)| price[j] - c.weight())
                        .min()
                        .unwrap_or(0);
                    self.price[col] += second;
                }
                _ => {}
            }
        }
    }

    /// One round of augmenting row reduction: each free row takes the column of its least
    /// reduced cost, raising that column's price to where the row's second least would be
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
                let h = self.price[col] - c.weight();
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
                let (price, y) = (&self.price, &self.y);
                if let Some(col) = (0..costs.len())
                    .find(|&col| y[col] == NONE && price[col] - costs[col].weight() == u1)
                {
                    j1 = col;
                }
            }
            let mut displaced = self.y[j1];
            if u1 < u2 {
                // A single column: u2 is then unbounded, and the row simply takes it.
                if u2 != i64::MAX {
                    self.price[j1] += u2 - u1;
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
    /// over dense arrays), then the prices of the columns it finished brought to their
    /// distances, and the path flipped.
    // The scans run over `up..n` as it was when they began, while `up` grows: a column
    // found at the least distance is swapped back to `up`, behind the scan.
    #[allow(clippy::mut_range_bound)]
    fn augment(&mut self, root: usize) {
        let n = self.costs.cols;
        let mut dist: Vec<i64> = (self.costs.row(root).iter().zip(&self.price))
            .map(|(&c, &price)| price - c.weight())
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
                    // SAFETY: as in the scan below.
                    let d = unsafe { *dist.get_unchecked(*order.get_unchecked(k) as usize) };
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
            let via = self.price[col] - costs[col].weight() - least;
            debug_assert!(costs.len() == n && self.price.len() == n && dist.len() == n);
            for k in up..n {
                // SAFETY: `order` is a permutation of the columns, `0..n`, and the prices,
                // the distances and a row's costs have one entry per column. (These two
                // loops are most of LAPJV's time where clients rank units alike; without
                // the bounds checks, solves of 2,000 × 2,000 with a unit quality took a
                // quarter less time: decision 0064.)
                let j = unsafe { *order.get_unchecked(k) } as usize;
                let d =
                    unsafe { self.price.get_unchecked(j) - costs.get_unchecked(j).weight() } - via;
                if d < unsafe { *dist.get_unchecked(j) } {
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
            self.price[col] -= dist[col] - least;
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

    /// The matching and duals of the maximum-weight problem. With `z(c) = p(c) − m` and
    /// `y(r) = −u(r) + m`, where `p` is the price, `m` the lowest price and `u(r)` the
    /// reduced cost `p − weight` of row `r`'s column, every pair's dual constraint
    /// `y + z ≥ weight` is LAPJV's: `u(r)` is the least reduced cost in its row. The least
    /// `z` is zero, at some column `c0`; then every `y(r) ≥ weight(r, c0) ≥ 0`, since the
    /// graph is complete. The columns left out (units, or clients when the rows are units)
    /// have the lowest price, so `z = 0`, as complementary slackness asks: a surplus row
    /// weighs the same everywhere and its column is its cheapest; on a rectangle, prices
    /// only rise, and only on columns that are or become matched, so a column never
    /// matched keeps the starting zero.
    fn solution(&self, transposed: bool) -> Solution {
        let rows = self.costs.rows;
        let lowest = self.price.iter().copied().min().unwrap_or(0);
        let col_duals: Vec<i64> = self.price.iter().map(|&price| price - lowest).collect();
        let mut row_duals = Vec::with_capacity(rows);
        let clients = if transposed { self.costs.cols } else { rows };
        let mut unit_of_client = vec![None; clients];
        let (mut objective, mut matched) = (0u128, 0);
        for row in 0..rows {
            let col = self.x[row] as usize;
            let weight = self.costs.row(row)[col].weight();
            row_duals.push(weight - self.price[col] + lowest);
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
    fn column_maxima_give_each_columns_heaviest_and_its_first_row() {
        let mut rng = Rng::new(20261205);
        for case in 0..200 {
            let (rows, cols) = (1 + rng.below(70), 1 + rng.below(40));
            // Few weights, so that ties are the rule; in some cases the heaviest weights
            // come late, so that later blocks raise many columns.
            let spread = [1, 2, 5, 1000][rng.below(4)];
            let rising = rng.chance(0.5);
            let cells: Vec<u16> = (0..rows * cols)
                .map(|i| rng.below(spread) as u16 + if rising { (i / cols) as u16 } else { 0 })
                .collect();
            let mut maxima = ColumnMaxima::new(cols);
            for first in (0..rows).step_by(HEAVIEST_BLOCK_ROWS) {
                let end = (first + HEAVIEST_BLOCK_ROWS).min(rows);
                maxima.fold(&cells[first * cols..end * cols], first);
            }
            let expected: Vec<(i64, u32)> = (0..cols)
                .map(|col| {
                    let column = (0..rows).map(|row| cells[row * cols + col]);
                    let most = column.clone().max().unwrap();
                    let row = column.clone().position(|c| c == most).unwrap();
                    (most as i64, row as u32)
                })
                .collect();
            assert_eq!(maxima.heaviest(), expected, "case {case}: {rows} × {cols}");
        }
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
        // A level for each row, on top of the pairs' own parts: every row still has its
        // own best columns. A quality of the columns that every row sees: the rows agree,
        // even where nine columns in ten share the better quality, so that the rows' best
        // columns are nearly as many as independent draws would give and only the gain
        // they share tells. Both ways round (the rows are the units when clients are
        // more), and at weights near the largest allowed.
        for (clients, units) in [(300, 300), (400, 300)] {
            let transposed = clients > units;
            for offset in [0, 4_000_000_000] {
                let level: Vec<u64> = (0..clients.max(units))
                    .map(|_| rng.below(5) as u64 * 20_000)
                    .collect();
                let quality: Vec<u64> = (0..clients.max(units))
                    .map(|_| if rng.chance(0.9) { 1_000 } else { 0 })
                    .collect();
                // (row, column) of a (client, unit) pair.
                let row_and_col = |c: u32, u: u32| {
                    if transposed {
                        (u as usize, c as usize)
                    } else {
                        (c as usize, u as usize)
                    }
                };
                let levels = complete(clients, units, |c, u| {
                    offset + level[row_and_col(c, u).0] + rng.below(10_001) as u64
                });
                assert_eq!(rows_agree(&levels, transposed), Some(false), "{offset}");
                let qualities = complete(clients, units, |c, u| {
                    offset + quality[row_and_col(c, u).1] + rng.below(1_001) as u64
                });
                assert_eq!(rows_agree(&qualities, transposed), Some(true), "{offset}");
            }
        }
        // Points' distances, at sizes where the nearest columns are near (on fewer points,
        // a row's nearest column is drawn towards the middle, the gain shared is up to 0.026
        // and the two solvers are level: decision 0063).
        for (clients, units) in [(1_000, 1_000), (1_300, 1_000)] {
            for offset in [0, 4_000_000_000] {
                let mut point = || [rng.below(100_001) as f64, rng.below(100_001) as f64];
                let clients_at: Vec<[f64; 2]> = (0..clients).map(|_| point()).collect();
                let units_at: Vec<[f64; 2]> = (0..units).map(|_| point()).collect();
                let distances = complete(clients, units, |c, u| {
                    let ([x, y], [a, b]) = (clients_at[c as usize], units_at[u as usize]);
                    offset + 141_422 - (x - a).hypot(y - b) as u64
                });
                assert_eq!(
                    rows_agree(&distances, clients > units),
                    Some(false),
                    "{offset}"
                );
            }
        }
        // Out of order after the sample, found while copying and left to the main solver,
        // both ways round: the last client's last two units swapped, two of its units
        // swapped mid-row, and two clients' edges to one unit swapped.
        for (clients, units) in [(300, 300), (400, 300)] {
            let weight = |c: u32, u: u32| (c as u64 % 5) * 10_000 + (u as u64 % 40) * 100;
            let last = clients - 1;
            let swaps = [
                [(last, units - 2), (last, units - 1)],
                [(last, 260), (last, 261)],
                [(last - 1, 270), (last, 270)],
            ];
            for [a, b] in swaps {
                let mut p = Problem::new(clients, units);
                for c in 0..clients {
                    for u in 0..units {
                        let (c, u) = match (c, u) {
                            pair if pair == a => b,
                            pair if pair == b => a,
                            pair => pair,
                        };
                        p.add_edge(c, u, weight(c, u));
                    }
                }
                assert_eq!(rows_agree(&p, clients > units), Some(true));
                assert!(solve_complete(&p).is_none(), "{a:?} {b:?}");
                let in_order = complete(clients, units, weight);
                let s = super::super::solve(&p).unwrap();
                assert_eq!(s.objective, solve_complete(&in_order).unwrap().objective);
            }
        }
        // Nearly square, and twice as many units as clients: both sides' ways.
        for units in [110, 200] {
            let p = complete(100, units, |c, u| (c as u64 + 1) * (u as u64 + 1));
            let s = solve_complete(&p).expect("rows agree");
            verify(&p, &s).unwrap();
        }
        // Sides far apart: LAPJV on the rectangle, whatever the sample would say.
        for (clients, units) in [(100, 200), (200, 100)] {
            let p = complete(clients, units, |_, _| rng.below(1_000_000) as u64);
            assert_eq!(rows_agree(&p, clients > units), Some(false));
            let s = solve_complete(&p).expect("a rectangle");
            verify(&p, &s).unwrap();
        }
    }
}

//! The forward bid of a row with one place: its most profitable column and the second best
//! profit, read from its arcs (see [`super::Engine::scan_one_place`]).
//!
//! Where clients rank the units alike (a quality every client sees, as the policy's scores
//! make), a row's profits are level across its arcs: no scan stops early, each reads the
//! whole row, and the best and the second best change often and unpredictably along it.
//! One scan at a time, every such change was a mispredicted branch, about 4.4 cycles an arc
//! on the skewed single-place shape (seed 101: 8.6 million arcs read, 57 % of the solve).
//! With AVX2, four arcs are read at once, each lane keeping its own best and second best
//! without branches, and the lanes are combined once at the end (decision 0064).

use super::{Arc, Arcs, NONE};

/// A row's best column, as the scan left it: `col` is [`NONE`] when no column makes more
/// than zero; `second` is the second best profit, or zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Choice {
    pub best: i64,
    pub col: u32,
    pub value: i64,
    pub second: i64,
}

/// The best column of `row` at the prices `price`, arcs weighing `scale` each, every price
/// at least `floor`. The first column met comes first on equal profits, and a profit of
/// zero or less never enters (staying free is worth zero).
///
/// # Safety
/// Every column of the row's arcs must be below `price.len()`, as in
/// [`super::Auction::price_of`].
#[inline]
pub(super) unsafe fn best_column(
    graph: &mut Arcs,
    row: usize,
    price: &[i64],
    scale: i64,
    floor: i64,
) -> Choice {
    #[cfg(target_arch = "x86_64")]
    if scale <= u32::MAX as i64 && std::is_x86_feature_detected!("avx2") {
        // SAFETY: AVX2 is present, the scale fits a lane's 32-bit multiplier, and the
        // caller's promise covers the prices.
        return unsafe { avx2::best_column(graph, row, price, scale, floor) };
    }
    // SAFETY: the caller's promise.
    unsafe { best_column_one_by_one(graph, row, price, scale, floor) }
}

/// [`best_column`] one arc at a time: where AVX2 is missing, and the reference the lanes
/// are tested against.
///
/// # Safety
/// As for [`best_column`].
pub(super) unsafe fn best_column_one_by_one(
    graph: &mut Arcs,
    row: usize,
    price: &[i64],
    scale: i64,
    floor: i64,
) -> Choice {
    let (mut best, mut col, mut value, mut second) = (0i64, NONE, 0i64, 0i64);
    // The value an arc must pass to beat the second best at the lowest price.
    let mut reach = second + floor;
    // The loop over sorted runs that every scan of a row has (see
    // [`Arcs::sorted_from`]); through a closure instead, this one took 6 % more time.
    let (mut k, end) = (graph.start(row), graph.end(row));
    'scan: while k < end {
        let sorted = graph.sorted_from(row, k);
        k += sorted.len();
        for &arc in sorted {
            let v = arc.weight() * scale;
            // A profit is at most the value less the lowest price, and arcs come heaviest
            // first: nothing further can beat the second best.
            if v <= reach {
                break 'scan;
            }
            let c = arc.col();
            // SAFETY: the caller's promise.
            let profit = v - unsafe { *price.get_unchecked(c as usize) };
            if profit > second {
                if profit > best {
                    second = best;
                    (best, col, value) = (profit, c, v);
                } else {
                    second = profit;
                }
                reach = second + floor;
            }
        }
    }
    Choice {
        best,
        col,
        value,
        second,
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{Arc, Arcs, Choice, NONE};
    use std::arch::x86_64::*;

    const LANES: usize = 4;

    /// Each lane's best and second best profit, and the position of its best arc: lane `i`
    /// reads the arcs at positions `i`, `i + 4`, … of each block.
    struct Lanes {
        best: __m256i,
        second: __m256i,
        at: __m256i,
    }

    /// [`super::best_column`] four arcs at a time.
    ///
    /// # Safety
    /// AVX2 must be present, `scale` at most `u32::MAX`, and the prices as for
    /// [`super::best_column`].
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn best_column(
        graph: &mut Arcs,
        row: usize,
        price: &[i64],
        scale: i64,
        floor: i64,
    ) -> Choice {
        let mut lanes = Lanes {
            best: _mm256_setzero_si256(),
            second: _mm256_setzero_si256(),
            at: _mm256_set1_epi64x(-1),
        };
        let (mut k, end) = (graph.start(row), graph.end(row));
        'scan: while k < end {
            let sorted = graph.sorted_from(row, k);
            let mut blocks = sorted.chunks_exact(LANES);
            for (b, block) in (&mut blocks).enumerate() {
                // The one-by-one scan's early stop, checked at each block's first (and
                // heaviest) arc: the row's second best profit is at least `bar` exactly
                // when one lane's second best is, or two lanes' best are.
                let bar = _mm256_set1_epi64x(block[0].weight() * scale - floor - 1);
                let above = |v| _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_cmpgt_epi64(v, bar)));
                if above(lanes.second) != 0 || above(lanes.best).count_ones() >= 2 {
                    break 'scan;
                }
                let block = block.try_into().expect("a block of LANES arcs");
                // SAFETY: the caller's promise.
                unsafe { take(&mut lanes, block, k + b * LANES, LANES, price, scale) };
            }
            let rest = blocks.remainder();
            if !rest.is_empty() {
                // The run's last few arcs, in a block padded with the first of them.
                let mut padded = [rest[0]; LANES];
                padded[..rest.len()].copy_from_slice(rest);
                let at = k + sorted.len() - rest.len();
                // SAFETY: as above; the padding repeats a column of the row.
                unsafe { take(&mut lanes, &padded, at, rest.len(), price, scale) };
            }
            k += sorted.len();
        }
        // SAFETY: AVX2 is present.
        let (best, at, second) = unsafe { combine(&lanes) };
        if at < 0 {
            return Choice {
                best: 0,
                col: NONE,
                value: 0,
                second,
            };
        }
        let arc: Arc = graph.csr.items[at as usize];
        Choice {
            best,
            col: arc.col(),
            value: arc.weight() * scale,
            second,
        }
    }

    /// Takes the first `valid` arcs of `block`, at positions `at`, `at + 1`, …, into the
    /// lanes; the lanes past them are left as they were.
    ///
    /// # Safety
    /// AVX2 must be present, and every arc's column (valid or not) index `price`.
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn take(
        lanes: &mut Lanes,
        block: &[Arc; LANES],
        at: usize,
        valid: usize,
        price: &[i64],
        scale: i64,
    ) {
        // SAFETY: four arcs, 32 bytes.
        let arcs = unsafe { _mm256_loadu_si256(block.as_ptr().cast()) };
        // An arc is its complemented weight in the high half and its column in the low.
        let weight = _mm256_xor_si256(
            _mm256_srli_epi64::<32>(arcs),
            _mm256_set1_epi64x(0xFFFF_FFFF),
        );
        let value = _mm256_mul_epu32(weight, _mm256_set1_epi64x(scale));
        // The prices read one by one: AVX2's gather took longer here (measured).
        // SAFETY: the caller's promise.
        let price = |i: usize| unsafe { *price.get_unchecked(block[i].col() as usize) };
        let prices = _mm256_set_epi64x(price(3), price(2), price(1), price(0));
        let mut profit = _mm256_sub_epi64(value, prices);
        let lane = _mm256_set_epi64x(3, 2, 1, 0);
        if valid < LANES {
            let on = _mm256_cmpgt_epi64(_mm256_set1_epi64x(valid as i64), lane);
            profit = _mm256_blendv_epi8(_mm256_set1_epi64x(i64::MIN), profit, on);
        }
        let above_best = _mm256_cmpgt_epi64(profit, lanes.best);
        let above_second = _mm256_cmpgt_epi64(profit, lanes.second);
        // The second best becomes the old best where the best is beaten, else the profit
        // where only the second is.
        let second = _mm256_blendv_epi8(lanes.second, profit, above_second);
        lanes.second = _mm256_blendv_epi8(second, lanes.best, above_best);
        lanes.best = _mm256_blendv_epi8(lanes.best, profit, above_best);
        let positions = _mm256_add_epi64(_mm256_set1_epi64x(at as i64), lane);
        lanes.at = _mm256_blendv_epi8(lanes.at, positions, above_best);
    }

    /// The row's best profit and the position of its arc (the first met on equal
    /// profits; −1 if no profit is above zero), and its second best profit. Without
    /// branches: which lane wins is as unpredictable as the scans' changes of best.
    #[target_feature(enable = "avx2")]
    unsafe fn combine(lanes: &Lanes) -> (i64, i64, i64) {
        let top = all_max(lanes.best);
        let holds_top = _mm256_cmpeq_epi64(lanes.best, top);
        // Positions are distinct, so the first position among the lanes holding the top
        // marks one lane.
        let first = all_min(_mm256_blendv_epi8(
            _mm256_set1_epi64x(i64::MAX),
            lanes.at,
            holds_top,
        ));
        let winner = _mm256_and_si256(holds_top, _mm256_cmpeq_epi64(lanes.at, first));
        // The second best of all: a lane's second, or another lane's best.
        let others = _mm256_blendv_epi8(lanes.best, _mm256_setzero_si256(), winner);
        let runner_up = all_max(max(others, lanes.second));
        let top = _mm_cvtsi128_si64(_mm256_castsi256_si128(top));
        if top <= 0 {
            return (0, -1, 0);
        }
        (
            top,
            _mm_cvtsi128_si64(_mm256_castsi256_si128(first)),
            _mm_cvtsi128_si64(_mm256_castsi256_si128(runner_up)),
        )
    }

    #[target_feature(enable = "avx2")]
    fn max(a: __m256i, b: __m256i) -> __m256i {
        _mm256_blendv_epi8(b, a, _mm256_cmpgt_epi64(a, b))
    }

    /// The greatest of the four lanes, in every lane.
    #[target_feature(enable = "avx2")]
    fn all_max(v: __m256i) -> __m256i {
        let v = max(v, _mm256_permute4x64_epi64::<0b01_00_11_10>(v));
        max(v, _mm256_shuffle_epi32::<0b01_00_11_10>(v))
    }

    /// The least of the four lanes, in every lane.
    #[target_feature(enable = "avx2")]
    fn all_min(v: __m256i) -> __m256i {
        let min = |a: __m256i, b: __m256i| _mm256_blendv_epi8(a, b, _mm256_cmpgt_epi64(a, b));
        let v = min(v, _mm256_permute4x64_epi64::<0b01_00_11_10>(v));
        min(v, _mm256_shuffle_epi32::<0b01_00_11_10>(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::{Csr, Edge};
    use passerelle_rng::Rng;

    /// Rows of every length from none to past two sorted runs, with weights and prices
    /// drawn from narrow ranges (ties everywhere, as where clients rank units alike) and
    /// wide ones (scans that stop early), at the scale of a real auction and at the
    /// largest a lane's multiplier takes.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_lanes_choose_as_the_one_by_one_scan_does() {
        if !std::is_x86_feature_detected!("avx2") {
            // Nothing to compare: the lanes are never used on this machine.
            return;
        }
        let mut rng = Rng::new(64);
        let cols = 300;
        let (mut lanes_used, mut floors_above_zero) = (0, 0);
        for round in 0..400 {
            let rows = 6;
            let narrow = round % 2 == 0;
            let mut edges = Vec::new();
            for row in 0..rows {
                let len = rng.below(if row == 0 { 9 } else { 200 });
                let mut taken = vec![false; cols];
                for _ in 0..len {
                    let col = rng.below(cols);
                    if std::mem::replace(&mut taken[col], true) {
                        continue;
                    }
                    let weight = if narrow {
                        1_000 + rng.below(4) as u64
                    } else {
                        rng.below(100_000) as u64
                    };
                    edges.push(Edge {
                        client: row,
                        unit: col as u32,
                        weight,
                    });
                }
            }
            let scale = if round % 5 == 0 {
                u32::MAX as i64
            } else {
                1 + rng.below(5_000) as i64
            };
            // Some rounds with free columns (a floor of zero), some without.
            let free = round % 3 != 1;
            let price: Vec<i64> = (0..cols)
                .map(|_| match rng.below(4) {
                    0 if free => 0,
                    _ if narrow => (1_000 + rng.below(3) as i64) * scale - rng.below(3) as i64,
                    _ => rng.below(100_000) as i64 * scale,
                })
                .collect();
            let floor = *price.iter().min().unwrap();
            floors_above_zero += (floor > 0) as usize;
            let arcs = || {
                let csr = Csr::build(rows as usize, &edges, |_, e| {
                    (e.client, super::Arc::new(e.weight, e.unit))
                });
                Arcs::new(csr, cols).unwrap()
            };
            let (mut one_by_one, mut in_lanes) = (arcs(), arcs());
            for row in 0..rows as usize {
                // SAFETY: every price has its column.
                let expected =
                    unsafe { best_column_one_by_one(&mut one_by_one, row, &price, scale, floor) };
                // SAFETY: AVX2 is present (above), and as for the one-by-one scan.
                let got = unsafe { avx2::best_column(&mut in_lanes, row, &price, scale, floor) };
                assert_eq!(got, expected, "round {round}, row {row}");
                lanes_used += (got.col != NONE) as usize;
            }
        }
        assert!(lanes_used > 1_000, "{lanes_used} rows chose a column");
        assert!(
            floors_above_zero > 50,
            "{floors_above_zero} rounds without a free column"
        );
    }
}

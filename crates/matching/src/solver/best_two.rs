//! The auction's two scans that look for a best and a second best: a single-place row's
//! forward bid (its most profitable column and the second best profit,
//! [`best_column`]) and a free column's reverse bid (the row that gains most from it and
//! the second best gain, [`best_entry`]).
//!
//! Where clients rank the units alike (a quality every client sees, as the policy's scores
//! make), profits are level along a row and gains along a column: a forward scan cannot
//! stop early, and the best and the second best change often and unpredictably along
//! either. One entry at a time, every such change was a mispredicted branch: about 4.4
//! cycles an arc on the skewed single-place shape (seed 101: 8.6 million arcs read, 57 % of
//! the solve). With AVX2, four entries are read at once, each of four lanes keeping its
//! own best and second best without branches, and the lanes are combined once at the end
//! (decision 0064). Where AVX2 is missing, or a scale is past a lane's 32-bit multiplier,
//! the scans go one entry at a time, as the tests' reference does.

use super::{Arc, Arcs};

/// The best of a scan, as it left it: `at` is the best entry's position, or `None` when no
/// entry makes more than zero; `second` is the second best, or zero. The first entry met
/// comes first on equal values, and a value of zero or less never enters (staying free is
/// worth zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct BestTwo {
    pub best: i64,
    pub at: Option<usize>,
    pub second: i64,
}

impl BestTwo {
    const NOTHING: BestTwo = BestTwo {
        best: 0,
        at: None,
        second: 0,
    };

    /// Takes `value` at position `at`.
    #[inline]
    fn take(&mut self, value: i64, at: usize) {
        if value > self.second {
            if value > self.best {
                self.second = self.best;
                (self.best, self.at) = (value, Some(at));
            } else {
                self.second = value;
            }
        }
    }
}

/// The most profitable column of `row` at the prices `price`, arcs weighing `scale` each,
/// every price at least `floor`; `at` is an absolute position in the row's arcs.
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
) -> BestTwo {
    #[cfg(target_arch = "x86_64")]
    if scale <= u32::MAX as i64 && avx2::present() {
        // SAFETY: AVX2 is present, the scale fits a lane's 32-bit multiplier, and the
        // caller's promise covers the prices.
        return unsafe { avx2::best_column(graph, row, price, scale, floor) };
    }
    // SAFETY: the caller's promise.
    unsafe { best_column_one_by_one(graph, row, price, scale, floor) }
}

/// [`best_column`] one arc at a time.
///
/// # Safety
/// As for [`best_column`].
pub(super) unsafe fn best_column_one_by_one(
    graph: &mut Arcs,
    row: usize,
    price: &[i64],
    scale: i64,
    floor: i64,
) -> BestTwo {
    let mut top = BestTwo::NOTHING;
    // The value an arc must pass to beat the second best at the lowest price.
    let mut reach = floor;
    // The loop over sorted runs that every scan of a row has (see
    // [`Arcs::sorted_from`]); through a closure instead, this one took 6 % more time.
    let (mut k, end) = (graph.start(row), graph.end(row));
    'scan: while k < end {
        let sorted = graph.sorted_from(row, k);
        for (i, &arc) in sorted.iter().enumerate() {
            let value = arc.weight() * scale;
            // A profit is at most the value less the lowest price, and arcs come heaviest
            // first: nothing further can beat the second best.
            if value <= reach {
                break 'scan;
            }
            // SAFETY: the caller's promise.
            let profit = value - unsafe { *price.get_unchecked(arc.col() as usize) };
            top.take(profit, k + i);
            reach = top.second + floor;
        }
        k += sorted.len();
    }
    top
}

/// The entry of `entries` whose `gain` is the greatest, and the second greatest gain;
/// `at` is a position in `entries`. A reverse bid's scan of a column's rows.
#[inline]
pub(super) fn best_entry<E>(entries: &[E], gain: impl Fn(&E) -> i64) -> BestTwo {
    #[cfg(target_arch = "x86_64")]
    if avx2::present() {
        // SAFETY: AVX2 is present.
        return unsafe { avx2::best_entry(entries, gain) };
    }
    best_entry_one_by_one(entries, gain)
}

/// [`best_entry`] one entry at a time.
pub(super) fn best_entry_one_by_one<E>(entries: &[E], gain: impl Fn(&E) -> i64) -> BestTwo {
    let mut top = BestTwo::NOTHING;
    for (i, entry) in entries.iter().enumerate() {
        top.take(gain(entry), i);
    }
    top
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{Arc, Arcs, BestTwo};
    use std::arch::x86_64::*;

    const LANES: usize = 4;

    #[inline]
    pub(super) fn present() -> bool {
        std::is_x86_feature_detected!("avx2")
    }

    /// Each lane's best and second best, and the position of its best: lane `i` takes the
    /// entries at positions `i`, `i + 4`, … of a scan.
    struct Lanes {
        best: __m256i,
        second: __m256i,
        at: __m256i,
    }

    impl Lanes {
        #[target_feature(enable = "avx2")]
        fn new() -> Lanes {
            Lanes {
                best: _mm256_setzero_si256(),
                second: _mm256_setzero_si256(),
                at: _mm256_set1_epi64x(-1),
            }
        }

        /// Takes the first `valid` of four values, at positions `at`, `at + 1`, …; the
        /// lanes past them are left as they were.
        #[target_feature(enable = "avx2")]
        #[inline]
        fn take(&mut self, mut values: __m256i, at: usize, valid: usize) {
            let lane = _mm256_set_epi64x(3, 2, 1, 0);
            if valid < LANES {
                let on = _mm256_cmpgt_epi64(_mm256_set1_epi64x(valid as i64), lane);
                values = _mm256_blendv_epi8(_mm256_set1_epi64x(i64::MIN), values, on);
            }
            let above_best = _mm256_cmpgt_epi64(values, self.best);
            let above_second = _mm256_cmpgt_epi64(values, self.second);
            // The second best becomes the old best where the best is beaten, else the
            // value where only the second is.
            let second = _mm256_blendv_epi8(self.second, values, above_second);
            self.second = _mm256_blendv_epi8(second, self.best, above_best);
            self.best = _mm256_blendv_epi8(self.best, values, above_best);
            let positions = _mm256_add_epi64(_mm256_set1_epi64x(at as i64), lane);
            self.at = _mm256_blendv_epi8(self.at, positions, above_best);
        }

        /// Whether the second best of all is at least `bar`: exactly when one lane's
        /// second best is, or two lanes' best are.
        #[target_feature(enable = "avx2")]
        #[inline]
        fn second_reaches(&self, bar: i64) -> bool {
            let below = _mm256_set1_epi64x(bar - 1);
            let above = |v| _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_cmpgt_epi64(v, below)));
            above(self.second) != 0 || above(self.best).count_ones() >= 2
        }

        /// The lanes combined, without branches: which lane wins is as unpredictable as
        /// the scans' changes of best.
        #[target_feature(enable = "avx2")]
        fn combine(&self) -> BestTwo {
            let top = all_max(self.best);
            let holds_top = _mm256_cmpeq_epi64(self.best, top);
            // Positions are distinct, so the first position among the lanes holding the
            // top marks one lane.
            let first = all_min(_mm256_blendv_epi8(
                _mm256_set1_epi64x(i64::MAX),
                self.at,
                holds_top,
            ));
            let winner = _mm256_and_si256(holds_top, _mm256_cmpeq_epi64(self.at, first));
            // The second best of all: a lane's second, or another lane's best.
            let others = _mm256_blendv_epi8(self.best, _mm256_setzero_si256(), winner);
            let second = all_max(max(others, self.second));
            let lane_0 = |v| _mm_cvtsi128_si64(_mm256_castsi256_si128(v));
            match lane_0(top) {
                best if best > 0 => BestTwo {
                    best,
                    at: Some(lane_0(first) as usize),
                    second: lane_0(second),
                },
                _ => BestTwo::NOTHING,
            }
        }
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
    ) -> BestTwo {
        let mut lanes = Lanes::new();
        let (mut k, end) = (graph.start(row), graph.end(row));
        'scan: while k < end {
            let sorted = graph.sorted_from(row, k);
            let mut blocks = sorted.chunks_exact(LANES);
            for (b, block) in (&mut blocks).enumerate() {
                // The one-by-one scan's early stop, checked at each block's first (and
                // heaviest) arc.
                if lanes.second_reaches(block[0].weight() * scale - floor) {
                    break 'scan;
                }
                let block = block.try_into().expect("a block of four arcs");
                // SAFETY: the caller's promise.
                let profits = unsafe { profits(block, price, scale) };
                lanes.take(profits, k + b * LANES, LANES);
            }
            let rest = blocks.remainder();
            if !rest.is_empty() {
                // The run's last few arcs, in a block padded with the first of them.
                let mut padded = [rest[0]; LANES];
                padded[..rest.len()].copy_from_slice(rest);
                // SAFETY: as above; the padding repeats a column of the row.
                let profits = unsafe { profits(&padded, price, scale) };
                lanes.take(profits, k + sorted.len() - rest.len(), rest.len());
            }
            k += sorted.len();
        }
        lanes.combine()
    }

    /// What each of four arcs makes at the prices.
    ///
    /// # Safety
    /// AVX2 must be present, and every arc's column index `price`.
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn profits(block: &[Arc; LANES], price: &[i64], scale: i64) -> __m256i {
        // SAFETY: four arcs, 32 bytes.
        let arcs = unsafe { _mm256_loadu_si256(block.as_ptr().cast()) };
        // An arc is its complemented weight in the high half and its column in the low.
        let weight = _mm256_xor_si256(
            _mm256_srli_epi64::<32>(arcs),
            _mm256_set1_epi64x(0xFFFF_FFFF),
        );
        let values = _mm256_mul_epu32(weight, _mm256_set1_epi64x(scale));
        // The prices read one by one: AVX2's gather took longer here (measured).
        // SAFETY: the caller's promise.
        let price = |i: usize| unsafe { *price.get_unchecked(block[i].col() as usize) };
        _mm256_sub_epi64(
            values,
            _mm256_set_epi64x(price(3), price(2), price(1), price(0)),
        )
    }

    /// [`super::best_entry`] four entries at a time.
    ///
    /// # Safety
    /// AVX2 must be present.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn best_entry<E>(entries: &[E], gain: impl Fn(&E) -> i64) -> BestTwo {
        let mut lanes = Lanes::new();
        let mut blocks = entries.chunks_exact(LANES);
        for (b, block) in (&mut blocks).enumerate() {
            let gains = _mm256_set_epi64x(
                gain(&block[3]),
                gain(&block[2]),
                gain(&block[1]),
                gain(&block[0]),
            );
            lanes.take(gains, b * LANES, LANES);
        }
        let rest = blocks.remainder();
        if !rest.is_empty() {
            let mut gains = [0i64; LANES];
            for (g, entry) in gains.iter_mut().zip(rest) {
                *g = gain(entry);
            }
            // SAFETY: four values, 32 bytes.
            let gains = unsafe { _mm256_loadu_si256(gains.as_ptr().cast()) };
            lanes.take(gains, entries.len() - rest.len(), rest.len());
        }
        lanes.combine()
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
    fn the_lanes_choose_a_column_as_the_one_by_one_scan_does() {
        if !avx2::present() {
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
                lanes_used += got.at.is_some() as usize;
            }
        }
        assert!(lanes_used > 1_000, "{lanes_used} rows chose a column");
        assert!(
            floors_above_zero > 50,
            "{floors_above_zero} rounds without a free column"
        );
    }

    /// Columns' rows of every length, with gains that tie often, fall below zero, or are
    /// spread wide.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_lanes_choose_a_row_as_the_one_by_one_scan_does() {
        if !avx2::present() {
            // Nothing to compare: the lanes are never used on this machine.
            return;
        }
        let mut rng = Rng::new(65);
        let (mut chosen, mut seconds) = (0, 0);
        for round in 0..3_000 {
            let len = rng.below(if round % 4 == 0 { 9 } else { 120 });
            let spread = [3, 40, 1 << 40][round % 3];
            let entries: Vec<(u32, i64)> = (0..len)
                .map(|row| (row as u32, rng.below(spread) as i64 - spread as i64 / 3))
                .collect();
            let gain = |&(_, gain): &(u32, i64)| gain;
            let expected = best_entry_one_by_one(&entries, gain);
            // SAFETY: AVX2 is present (above).
            let got = unsafe { avx2::best_entry(&entries, gain) };
            assert_eq!(got, expected, "round {round}");
            chosen += got.at.is_some() as usize;
            seconds += (got.second > 0) as usize;
        }
        assert!(
            chosen > 2_000 && seconds > 1_500,
            "{chosen} chosen, {seconds} seconds"
        );
    }
}

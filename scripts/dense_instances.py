"""Complete square assignment instances from a model independent of `match generate`.

    python3 scripts/dense_instances.py N KIND SEED OUT.csv     (needs numpy)

Writes `client,unit,weight` for every client with every unit, for
`passerelle match solve --edges OUT.csv` and `scripts/reference_matching.py OUT.csv`, which
also times lap and SciPy on complete square files. KIND is one of:

- `uniform1000`, `uniform1m`: weights uniform in 0..=1,000 or 0..=1,000,000;
- `uniform100`: weights uniform in 1..=100, so an optimum of 100 for everyone usually exists;
- `tiered`: a client's level (0-4) × 1,000 plus a pair's own fit in 0..=100;
- `rankalike`: a unit's quality (0-40) × 100 every client agrees on, a client's level
  (0-4) × 10,000 and a pair's own 0..=3: every client ranks the units alike, as under a
  policy that scores units and not pairs;
- `geometric`: two sets of points in a 1,000,000 square, a pair's cost their distance
  (weight 1,414,214 minus it); `twocost`: every cost 1 or 1,000,000 at even odds (weight
  1,000,000 or 1). Both are classes of Dell'Amico and Toth's survey of dense assignment codes
  (2000), with `machol`;
- `machol`: Machol and Wien's (i + 1) × (j + 1), a classic hard instance for assignment
  codes (no randomness; SEED is ignored);
- `quality`: a unit quality in 0..=1,000 every client sees plus a pair's own 0..=1,000;
- `tiers`: half the units a tier of 1,000 above the rest, plus a pair's own 0..=1,000;
- `levels`: a client's level (0-4) × 1,000,000 plus a pair's own 0..=1,000,000 (clients
  differ, units do not).
"""

import sys

import numpy as np


def weights(n, kind, rng):
    if kind == "uniform1000":
        return rng.integers(0, 1_001, (n, n))
    if kind == "uniform1m":
        return rng.integers(0, 1_000_001, (n, n))
    if kind == "uniform100":
        return rng.integers(1, 101, (n, n))
    if kind == "tiered":
        return rng.integers(0, 5, (n, 1)) * 1_000 + rng.integers(0, 101, (n, n))
    if kind == "rankalike":
        quality = rng.integers(0, 41, (1, n)) * 100
        level = rng.integers(0, 5, (n, 1)) * 10_000
        return quality + level + rng.integers(0, 4, (n, n))
    if kind == "quality":
        return rng.integers(0, 1_001, (1, n)) + rng.integers(0, 1_001, (n, n))
    if kind == "tiers":
        return rng.integers(0, 2, (1, n)) * 1_000 + rng.integers(0, 1_001, (n, n))
    if kind == "levels":
        return rng.integers(0, 5, (n, 1)) * 1_000_000 + rng.integers(0, 1_000_001, (n, n))
    if kind == "geometric":
        # Two sets of points in a square; a pair's cost is their distance.
        clients, units = rng.integers(0, 1_000_001, (2, n, 2))
        distance = np.hypot(*(clients[:, None, :] - units[None, :, :]).transpose(2, 0, 1))
        return 1_414_214 - distance.astype(np.int64)
    if kind == "twocost":
        return np.where(rng.random((n, n)) < 0.5, 1_000_000, 1)
    if kind == "machol":
        return (np.arange(n)[:, None] + 1) * (np.arange(n)[None, :] + 1)
    sys.exit(f"unknown kind {kind!r}: see the module's documentation")


def main():
    n, kind, seed, out = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    w = weights(n, kind, np.random.default_rng(seed))
    with open(out, "w") as f:
        f.write("client,unit,weight\n")
        for i in range(n):
            f.write("".join(f"c{i},u{j},{w[i, j]}\n" for j in range(n)))


if __name__ == "__main__":
    main()

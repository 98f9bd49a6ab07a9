#!/usr/bin/env python3
"""`passerelle match solve` side by side with OR-Tools (and lap on complete problems), in
alternating runs, one solve per process on both sides, as docs/matching.md reports them.

    pip install ortools scipy lap numpy
    python3 scripts/matching_side_by_side.py [--runs 5] [--passerelle PATH] EDGES.csv ...

Each EDGES.csv may have a capacities file beside it, EDGES-caps.csv (what `match generate
--output X.csv --capacities-output X-caps.csv` writes). Each run starts `passerelle match
solve --format json` and `scripts/reference_matching.py` once, in turn, so that a slow
minute of the machine falls on both. Both figures are solve times without reading: the
CLI's `solve_seconds`, and the reference script's time around the solver's call (lap's
starts from its cost matrix, built before its clock starts). Prints, per file and anchor,
the best and the median in milliseconds, and the ratios best to best and median to median.
The objectives are compared on every run. Passerelle's is certified (`--verify`), so an
anchor that finds more stops the script, and one that finds less is kept in the table
with its shortfall: lap's lapjv 0.5.13 does so on some complete problems (`levels`, seed 5,
in `scripts/dense_instances.py`: 1,060 below the optimum OR-Tools and SciPy agree on).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def passerelle_run(binary, edges, caps):
    command = [binary, "match", "solve", "--edges", edges, "--format", "json", "--verify",
               "--output", os.devnull]
    if caps:
        command += ["--capacities", caps]
    summary = json.loads(subprocess.run(command, check=True, capture_output=True,
                                        text=True).stdout)
    return summary["solve_seconds"], summary["objective"]


def reference_run(edges, caps):
    command = [sys.executable, os.path.join(HERE, "reference_matching.py"), edges]
    if caps:
        command.append(caps)
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return {r["solver"]: r for r in map(json.loads, out.splitlines())}


def figures(seconds):
    ms = [s * 1000 for s in seconds]
    return min(ms), statistics.median(ms)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edges", nargs="+")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--passerelle", default="target/release/passerelle")
    args = parser.parse_args()
    print("| file | anchor | Passerelle ms | anchor ms | ratio |")
    print("|---|---|---|---|---|")
    for edges in args.edges:
        caps = edges[:-len(".csv")] + "-caps.csv" if edges.endswith(".csv") else None
        caps = caps if caps and os.path.exists(caps) else None
        ours, theirs, shortfalls = [], {}, {}
        for _ in range(args.runs):
            seconds, objective = passerelle_run(args.passerelle, edges, caps)
            ours.append(seconds)
            for solver, result in reference_run(edges, caps).items():
                if result["objective"] > objective:
                    sys.exit(f"{edges}: {solver} found {result['objective']}, "
                             f"above Passerelle's certified {objective}")
                if result["objective"] < objective:
                    shortfalls.setdefault(solver, set()).add(objective - result["objective"])
                theirs.setdefault(solver, []).append(result["solve_seconds"])
        best, median = figures(ours)
        for solver, seconds in theirs.items():
            their_best, their_median = figures(seconds)
            if solver in shortfalls:
                below = ", ".join(str(s) for s in sorted(shortfalls[solver]))
                solver += f" (suboptimal: {below} below)"
            print(f"| {os.path.basename(edges)} | {solver} | {best:.1f} / {median:.1f} "
                  f"| {their_best:.1f} / {their_median:.1f} "
                  f"| {best / their_best:.2f} / {median / their_median:.2f} |", flush=True)


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as failed:
        sys.exit(f"{' '.join(failed.cmd)} failed:\n{failed.stderr}")

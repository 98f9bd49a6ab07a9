#!/usr/bin/env python3
"""Independent optimum for `passerelle match` instances, for the reference figures in
crates/matching/tests/data/reference.csv.

    pip install ortools scipy lap
    passerelle match generate ... --output EDGES.csv [--capacities-output CAPS.csv]
    python3 scripts/reference_matching.py EDGES.csv [CAPS.csv]

Prints one JSON line per solver: OR-Tools' min-cost flow always; SciPy's
linear_sum_assignment and lap's lapjv too when every client is joined to every unit with
capacity one (the dense shape). Solve times exclude reading, as in `passerelle match solve`.
"""

import csv
import json
import sys
import time


def read(edges_path, caps_path):
    clients, units, edges = {}, {}, []
    with open(edges_path, newline="") as f:
        for row in csv.DictReader(f):
            c = clients.setdefault(row["client"], len(clients))
            u = units.setdefault(row["unit"], len(units))
            edges.append((c, u, int(row["weight"])))
    capacity = [1] * len(units)
    if caps_path:
        with open(caps_path, newline="") as f:
            for row in csv.DictReader(f):
                u = units.setdefault(row["unit"], len(units))
                if u == len(capacity):
                    capacity.append(1)
                capacity[u] = int(row["capacity"])
    return len(clients), capacity, edges


def ortools_flow(n_clients, capacity, edges):
    import numpy as np
    from ortools.graph.python import min_cost_flow

    n_units = len(capacity)
    source, sink = n_clients + n_units, n_clients + n_units + 1
    places = min(sum(capacity), n_clients)
    e = np.array(edges, dtype=np.int64).reshape(-1, 3)
    tails = np.concatenate([
        np.full(n_units, source), n_clients + e[:, 1], np.arange(n_clients), [source]])
    heads = np.concatenate([
        n_clients + np.arange(n_units), e[:, 0], np.full(n_clients, sink), [sink]])
    capacities = np.concatenate([
        np.array(capacity, dtype=np.int64), np.ones(len(e), dtype=np.int64),
        np.ones(n_clients, dtype=np.int64), [places]])
    # Nobody has to be matched: the last arc lets flow go straight to the sink at no gain.
    costs = np.concatenate([
        np.zeros(n_units, dtype=np.int64), -e[:, 2], np.zeros(n_clients + 1, dtype=np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_node_supply(source, places)
    flow.set_node_supply(sink, -places)
    started = time.perf_counter()
    status = flow.solve()
    seconds = time.perf_counter() - started
    assert status == flow.OPTIMAL, status
    edge_arcs = arcs[n_units:n_units + len(e)]
    matched = int((flow.flows(edge_arcs) > 0).sum())
    return {"solver": "ortools-min-cost-flow", "objective": -flow.optimal_cost(),
            "matched": matched, "solve_seconds": round(seconds, 4)}


def dense_solvers(n_clients, capacity, edges):
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    weights = np.zeros((n_clients, len(capacity)), dtype=np.int64)
    for c, u, w in edges:
        weights[c, u] = w
    started = time.perf_counter()
    rows, cols = linear_sum_assignment(weights, maximize=True)
    seconds = time.perf_counter() - started
    yield {"solver": "scipy-linear-sum-assignment",
           "objective": int(weights[rows, cols].sum()), "solve_seconds": round(seconds, 4)}
    try:
        import lap
    except ImportError:
        return
    cost = (weights.max() - weights).astype(np.float64)
    started = time.perf_counter()
    _, x, _ = lap.lapjv(cost)
    seconds = time.perf_counter() - started
    yield {"solver": "lap-lapjv", "objective": int(weights[np.arange(n_clients), x].sum()),
           "solve_seconds": round(seconds, 4)}


def main():
    n_clients, capacity, edges = read(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    print(json.dumps(ortools_flow(n_clients, capacity, edges)))
    dense = (len(edges) == n_clients * len(capacity) and len(capacity) == n_clients
             and all(c == 1 for c in capacity))
    if dense:
        for result in dense_solvers(n_clients, capacity, edges):
            print(json.dumps(result))


if __name__ == "__main__":
    main()

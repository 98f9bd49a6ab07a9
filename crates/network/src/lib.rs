//! Passerelle's network analysis engine (A6): a pure library with no database, network or
//! clock. Agencies are nodes; relationships are directed, typed ties with an intensity and
//! the day they were first reported.
//!
//! - Metrics per agency: in and out degree (distinct partners), betweenness (Brandes),
//!   harmonic closeness, eigenvector centrality; and for the network: density, weakly
//!   connected components, isolates, and brokers (agencies whose departure would split
//!   the network).
//! - [`Graph::as_of`] keeps the ties reported by a day, so two dates can be compared.
//! - [`export`]: GraphML, GEXF and CSV.
//!
//! Betweenness, closeness, eigenvector centrality and brokers are computed on the
//! undirected graph of ties (a referral either way connects two agencies); degrees keep
//! direction. See docs/decisions/0008.

pub mod export;
pub mod generate;
pub mod overlap;

use serde::Serialize;
use std::collections::VecDeque;

/// The kind of a relationship, as an agency names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    RefersClientsTo,
    ReceivesReferralsFrom,
    SharesStaffOrSpace,
    CoDeliversAProgram,
    /// Not reported but observed: the two agencies sat at the same meeting (A4).
    CoAttended,
}

impl Kind {
    /// The kinds an agency reports (co-attendance is observed, not reported).
    pub const ALL: [Kind; 4] = [
        Kind::RefersClientsTo,
        Kind::ReceivesReferralsFrom,
        Kind::SharesStaffOrSpace,
        Kind::CoDeliversAProgram,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::RefersClientsTo => "refers_clients_to",
            Kind::ReceivesReferralsFrom => "receives_referrals_from",
            Kind::SharesStaffOrSpace => "shares_staff_or_space",
            Kind::CoDeliversAProgram => "co_delivers_a_program",
            Kind::CoAttended => "co_attended",
        }
    }
}

/// How close a relationship is (the usual collaboration scale, weakest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intensity {
    Awareness = 1,
    Cooperation = 2,
    Coordination = 3,
    Integration = 4,
}

impl Intensity {
    pub fn code(self) -> &'static str {
        match self {
            Intensity::Awareness => "awareness",
            Intensity::Cooperation => "cooperation",
            Intensity::Coordination => "coordination",
            Intensity::Integration => "integration",
        }
    }
}

/// An agency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    pub id: String,
    pub label: String,
    /// The agency type's code, for colour and filters.
    pub agency_type: String,
    pub area: String,
}

/// A relationship named by `from` about `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tie {
    pub from: u32,
    pub to: u32,
    pub kind: Kind,
    pub intensity: Intensity,
    /// The day it was first reported, as days since 1970-01-01.
    pub since: i32,
}

/// The network.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub ties: Vec<Tie>,
}

/// One agency's measures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct NodeMetrics {
    /// Distinct agencies it names.
    pub out_degree: u32,
    /// Distinct agencies that name it.
    pub in_degree: u32,
    /// Share of shortest paths between other agencies that pass through it, normalized to
    /// 0–1 by `(n - 1)(n - 2) / 2`.
    pub betweenness: f64,
    /// Harmonic closeness: the mean of `1 / distance` to every other agency, 0–1.
    pub closeness: f64,
    /// Eigenvector centrality, scaled so that the largest is 1.
    pub eigenvector: f64,
}

/// The network's measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkMetrics {
    pub nodes: usize,
    /// Distinct directed ties (an agency naming another, whatever the kinds).
    pub ties: usize,
    /// Directed density: ties / (n (n − 1)).
    pub density: f64,
    pub components: usize,
    /// Agencies with no tie.
    pub isolates: Vec<u32>,
    /// Agencies whose departure would split their component (articulation points).
    pub brokers: Vec<u32>,
    pub per_node: Vec<NodeMetrics>,
}

impl Graph {
    /// The network as it stood on `day`: ties reported by then.
    pub fn as_of(&self, day: i32) -> Graph {
        Graph {
            nodes: self.nodes.clone(),
            ties: self
                .ties
                .iter()
                .filter(|t| t.since <= day)
                .copied()
                .collect(),
        }
    }

    /// The same network, with or without the ties of co-attendance at meetings.
    pub fn with_co_attendance(mut self, keep: bool) -> Graph {
        if !keep {
            self.ties.retain(|t| t.kind != Kind::CoAttended);
        }
        self
    }

    /// The agencies `keep` accepts and the ties among them, renumbered in their order.
    /// A filtered map's measures are those of the network it shows.
    pub fn subgraph(&self, keep: impl Fn(&Node) -> bool) -> Graph {
        let mut renumber = vec![u32::MAX; self.nodes.len()];
        let mut nodes = Vec::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if keep(n) {
                renumber[i] = nodes.len() as u32;
                nodes.push(n.clone());
            }
        }
        let ties = self
            .ties
            .iter()
            .filter_map(|t| {
                let (from, to) = (renumber[t.from as usize], renumber[t.to as usize]);
                (from != u32::MAX && to != u32::MAX).then_some(Tie { from, to, ..*t })
            })
            .collect();
        Graph { nodes, ties }
    }

    /// Undirected adjacency (distinct neighbours, sorted), without self-ties.
    fn neighbours(&self) -> Vec<Vec<u32>> {
        let mut adj = vec![Vec::new(); self.nodes.len()];
        for t in &self.ties {
            if t.from != t.to {
                adj[t.from as usize].push(t.to);
                adj[t.to as usize].push(t.from);
            }
        }
        for list in &mut adj {
            list.sort_unstable();
            list.dedup();
        }
        adj
    }

    /// Every measure, per agency and overall.
    pub fn metrics(&self) -> NetworkMetrics {
        let n = self.nodes.len();
        let mut directed: Vec<(u32, u32)> = self
            .ties
            .iter()
            .filter(|t| t.from != t.to)
            .map(|t| (t.from, t.to))
            .collect();
        directed.sort_unstable();
        directed.dedup();
        let mut per_node = vec![NodeMetrics::default(); n];
        for &(a, b) in &directed {
            per_node[a as usize].out_degree += 1;
            per_node[b as usize].in_degree += 1;
        }
        let adj = self.neighbours();
        let (betweenness, closeness) = brandes(&adj);
        let eigenvector = eigenvector(&adj);
        for i in 0..n {
            per_node[i].betweenness = betweenness[i];
            per_node[i].closeness = closeness[i];
            per_node[i].eigenvector = eigenvector[i];
        }
        NetworkMetrics {
            nodes: n,
            ties: directed.len(),
            density: if n > 1 {
                directed.len() as f64 / (n as f64 * (n as f64 - 1.0))
            } else {
                0.0
            },
            components: components(&adj),
            isolates: (0..n as u32)
                .filter(|&i| adj[i as usize].is_empty())
                .collect(),
            brokers: articulation_points(&adj),
            per_node,
        }
    }
}

/// Adjacency in one flat array (neighbours of `v` at `start[v]..start[v + 1]`): the
/// searches below walk it thousands of times.
struct Flat {
    start: Vec<u32>,
    next: Vec<u32>,
}

impl Flat {
    fn of(adj: &[Vec<u32>]) -> Flat {
        let mut start = Vec::with_capacity(adj.len() + 1);
        let mut next = Vec::with_capacity(adj.iter().map(Vec::len).sum());
        start.push(0);
        for list in adj {
            next.extend_from_slice(list);
            start.push(next.len() as u32);
        }
        Flat { start, next }
    }

    #[inline]
    fn of_vertex(&self, v: usize) -> &[u32] {
        &self.next[self.start[v] as usize..self.start[v + 1] as usize]
    }
}

/// Betweenness (Brandes, unweighted, undirected, normalized) and harmonic closeness, from
/// one breadth-first search per agency, on two threads.
fn brandes(adj: &[Vec<u32>]) -> (Vec<f64>, Vec<f64>) {
    let n = adj.len();
    let flat = Flat::of(adj);
    let adj = &flat;
    let run = |sources: std::ops::Range<usize>| -> (Vec<f64>, Vec<f64>) {
        let mut between = vec![0.0; n];
        let mut close = vec![0.0; n];
        let mut dist = vec![u32::MAX; n];
        let mut sigma = vec![0f64; n];
        let mut delta = vec![0f64; n];
        let mut order = Vec::with_capacity(n);
        let mut queue = VecDeque::with_capacity(n);
        // Shortest-path edges (v, w) in the order the search found them.
        let mut tree: Vec<(u32, u32)> = Vec::new();
        for s in sources {
            // Only the vertices the last search reached need resetting.
            for &v in &order {
                let v = v as usize;
                dist[v] = u32::MAX;
                sigma[v] = 0.0;
                delta[v] = 0.0;
            }
            order.clear();
            tree.clear();
            dist[s] = 0;
            sigma[s] = 1.0;
            queue.push_back(s as u32);
            let mut harmonic = 0.0;
            while let Some(v) = queue.pop_front() {
                order.push(v);
                let dv = dist[v as usize];
                if dv > 0 {
                    harmonic += 1.0 / dv as f64;
                }
                for &w in adj.of_vertex(v as usize) {
                    let wi = w as usize;
                    if dist[wi] == u32::MAX {
                        dist[wi] = dv + 1;
                        queue.push_back(w);
                    }
                    if dist[wi] == dv + 1 {
                        sigma[wi] += sigma[v as usize];
                        tree.push((v, w));
                    }
                }
            }
            close[s] = if n > 1 {
                harmonic / (n - 1) as f64
            } else {
                0.0
            };
            // Dependencies: in reverse discovery order, each w's own dependency is complete
            // before it is passed to its predecessors.
            for &(v, w) in tree.iter().rev() {
                let (v, w) = (v as usize, w as usize);
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            for &w in &order[1..] {
                between[w as usize] += delta[w as usize];
            }
        }
        (between, close)
    };
    let (left, right) = std::thread::scope(|scope| {
        let half = n / 2;
        let handle = scope.spawn(move || run(half..n));
        (run(0..half), handle.join().expect("betweenness thread"))
    });
    let mut between: Vec<f64> = left.0.iter().zip(&right.0).map(|(a, b)| a + b).collect();
    let close: Vec<f64> = left.1.iter().zip(&right.1).map(|(a, b)| a + b).collect();
    // Each undirected pair was counted from both ends; normalize to 0–1.
    let scale = if n > 2 {
        1.0 / ((n - 1) as f64 * (n - 2) as f64)
    } else {
        0.0
    };
    for b in &mut between {
        *b *= scale;
    }
    (between, close)
}

/// Eigenvector centrality by power iteration on `A + I` (which converges on bipartite
/// graphs too), scaled so that the largest is 1.
fn eigenvector(adj: &[Vec<u32>]) -> Vec<f64> {
    let n = adj.len();
    if n == 0 {
        return Vec::new();
    }
    let mut x = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..1000 {
        for v in 0..n {
            next[v] = x[v] + adj[v].iter().map(|&w| x[w as usize]).sum::<f64>();
        }
        let norm = next.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm == 0.0 {
            return vec![0.0; n];
        }
        let mut change = 0.0;
        for v in 0..n {
            let value = next[v] / norm;
            change += (value - x[v]).abs();
            x[v] = value;
        }
        if change < 1e-10 * n as f64 {
            break;
        }
    }
    let max = x.iter().copied().fold(0.0, f64::max);
    if max > 0.0 {
        for v in &mut x {
            *v /= max;
        }
    }
    x
}

fn components(adj: &[Vec<u32>]) -> usize {
    let mut seen = vec![false; adj.len()];
    let mut count = 0;
    let mut stack = Vec::new();
    for s in 0..adj.len() {
        if seen[s] {
            continue;
        }
        count += 1;
        seen[s] = true;
        stack.push(s);
        while let Some(v) = stack.pop() {
            for &w in &adj[v] {
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    stack.push(w as usize);
                }
            }
        }
    }
    count
}

/// Articulation points (Tarjan), iteratively so that long chains do not overflow the stack.
fn articulation_points(adj: &[Vec<u32>]) -> Vec<u32> {
    let n = adj.len();
    let mut order = vec![u32::MAX; n];
    let mut low = vec![0u32; n];
    let mut is_cut = vec![false; n];
    let mut counter = 0;
    for root in 0..n {
        if order[root] != u32::MAX {
            continue;
        }
        // Frames: (vertex, parent, next neighbour index).
        let mut stack = vec![(root, usize::MAX, 0usize)];
        order[root] = counter;
        low[root] = counter;
        counter += 1;
        let mut root_children = 0;
        while let Some(&mut (v, parent, ref mut next)) = stack.last_mut() {
            if *next < adj[v].len() {
                let w = adj[v][*next] as usize;
                *next += 1;
                if order[w] == u32::MAX {
                    order[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    if v == root {
                        root_children += 1;
                    }
                    stack.push((w, v, 0));
                } else if w != parent {
                    low[v] = low[v].min(order[w]);
                }
            } else {
                stack.pop();
                if parent != usize::MAX {
                    low[parent] = low[parent].min(low[v]);
                    if parent != root && low[v] >= order[parent] {
                        is_cut[parent] = true;
                    }
                }
            }
        }
        if root_children > 1 {
            is_cut[root] = true;
        }
    }
    (0..n as u32).filter(|&v| is_cut[v as usize]).collect()
}

/// How each agency's measures changed from one date to another (`after − before`).
pub fn change(before: &NetworkMetrics, after: &NetworkMetrics) -> Vec<NodeMetricsChange> {
    before
        .per_node
        .iter()
        .zip(&after.per_node)
        .map(|(b, a)| NodeMetricsChange {
            out_degree: a.out_degree as i64 - b.out_degree as i64,
            in_degree: a.in_degree as i64 - b.in_degree as i64,
            betweenness: a.betweenness - b.betweenness,
            closeness: a.closeness - b.closeness,
            eigenvector: a.eigenvector - b.eigenvector,
        })
        .collect()
}

/// A change in one agency's measures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NodeMetricsChange {
    pub out_degree: i64,
    pub in_degree: i64,
    pub betweenness: f64,
    pub closeness: f64,
    pub eigenvector: f64,
}

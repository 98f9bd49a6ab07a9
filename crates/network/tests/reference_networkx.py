import networkx as nx, json
# A small hand-made network: two clusters joined through agency 4, a pendant, an isolate.
edges = [(0,1),(1,2),(2,0),(2,3),(3,4),(4,5),(5,6),(6,7),(7,5),(4,8),(8,4)]
G = nx.Graph(); G.add_nodes_from(range(10)); G.add_edges_from(edges)
D = nx.DiGraph(); D.add_nodes_from(range(10)); D.add_edges_from(edges)
bet = nx.betweenness_centrality(G, normalized=True)
clo = nx.harmonic_centrality(G)
clo = {k: v/9 for k, v in clo.items()}
eig = nx.eigenvector_centrality_numpy(G.subgraph(range(9))); eig[9] = 0.0
mx = max(eig.values()); eig = {k: v/mx for k, v in eig.items()}
print(json.dumps({
  "betweenness": [round(bet[i], 9) for i in range(10)],
  "closeness": [round(clo[i], 9) for i in range(10)],
  "eigenvector_note": "numpy eigenvector of A; ours iterates on A+I, same vector for connected non-bipartite",
  "density": nx.density(D),
  "components": nx.number_connected_components(G),
  "articulation": sorted(nx.articulation_points(G)),
}))

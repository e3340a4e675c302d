"""Network analysis: analyse() against a networkx-only baseline on synthetic municipal networks.

Part of ``make bench`` (``bench/run.py``); alone: ``.venv/bin/python -m bench.bench_network``.
One row per network size: our ``analyse()`` (igraph for path measures, full findings)
against a networkx-only computation of the same five structural metrics (betweenness,
closeness, PageRank, constraint, Louvain communities), timed in the same run. The baseline
leaves out the work both share (brokerage, E-I, roles, findings), so it flatters networkx
slightly.

Exact networkx betweenness and closeness take minutes at 3,000 people and about an hour at
15,000, so above `EXACT_UP_TO` people both are timed on a random sample of source people
and scaled by n / sample (each source costs one shortest-path search, so the total is
linear in the number of sources). ``nx.constraint`` is so slow (seconds already at 300
people) that above 300 people it is timed on a sample of people and scaled likewise. Such
rows are marked estimated and say what was estimated.
"""

from __future__ import annotations

import random
import statistics
import time

import networkx as nx

from bench.common import Row, measured, seconds
from core.network.analysis import analyse
from core.network.graph import (
    RELATIONS,
    ExpertiseClaim,
    PartnerLink,
    Person,
    Tie,
    build_graph,
)
from core.network.metrics import pagerank

SIZES = (300, 3_000, 15_000)
QUICK_SIZES = (30,)
TIES_PER_PERSON = 10
REPEATS = {300: 7, 3_000: 3, 15_000: 1}
BASELINE_REPEATS = {300: 1, 3_000: 1, 15_000: 1}
EXACT_UP_TO = 300
"""Up to this many people networkx betweenness and closeness run in full."""
BASELINE_SAMPLE = {3_000: 300, 15_000: 100}
"""Source people timed for the estimated networkx betweenness and closeness."""
CONSTRAINT_EXACT_UP_TO = 300
"""Up to this many people networkx constraint is run in full."""
CONSTRAINT_SAMPLE = 150
"""People timed for the estimated networkx constraint in larger networks."""


def synthetic_network(
    n: int, *, seed: int = 1
) -> tuple[list[Person], list[Tie], list[PartnerLink], list[ExpertiseClaim]]:
    """A structured survey: organisations of ~300, departments of ~15, ~10 ties per person.

    60 % of a respondent's ties go to their own department, 30 % elsewhere in their
    organisation and 10 % to other organisations; ties inside the department are more
    frequent. About 90 % answered (non-respondents give no ties but can be named), so
    respondents name 11 colleagues each to keep about 10 ties per person.
    """
    rnd = random.Random(seed)
    organisations = max(1, n // 300)
    people: list[Person] = []
    for i in range(n):
        org = i % organisations
        dept = (i // organisations) // 15
        people.append(
            Person(
                id=f"p{i}",
                name=f"Person {i}",
                department=f"o{org}-d{dept}",
                organisation=f"org{org}",
                responded=rnd.random() < 0.9,
                is_leader=rnd.random() < 0.1,
                fitness=round(rnd.uniform(10, 100), 1),
                sharing=round(rnd.uniform(10, 100), 1),
            )
        )
    by_dept: dict[str, list[str]] = {}
    by_org: dict[str, list[str]] = {}
    for p in people:
        by_dept.setdefault(str(p.department), []).append(p.id)
        by_org.setdefault(str(p.organisation), []).append(p.id)
    everyone = [p.id for p in people]
    # Non-respondents give no ties, so respondents name a little more than the average.
    per_respondent = round(TIES_PER_PERSON * n / max(1, sum(p.responded for p in people)))
    ties: list[Tie] = []
    for p in people:
        if not p.responded:
            continue
        chosen: set[str] = set()
        for _ in range(4 * per_respondent):
            if len(chosen) == per_respondent:
                break
            r = rnd.random()
            pool = (
                by_dept[str(p.department)]
                if r < 0.6
                else by_org[str(p.organisation)]
                if r < 0.9
                else everyone
            )
            target = rnd.choice(pool)
            if target == p.id or target in chosen:
                continue
            chosen.add(target)
            inside = r < 0.6
            weight = rnd.choice((2, 3, 4, 4)) if inside else rnd.choice((1, 1, 2, 3))
            ties.append(Tie(p.id, target, rnd.choice(RELATIONS), float(weight)))
    partners = [
        PartnerLink(p.id, f"partner{rnd.randrange(40)}")
        for p in people
        if p.responded
        for _ in range(rnd.randrange(3))
    ]
    areas = ("GDPR", "automation", "procurement", "data", "cloud")
    expertise = [ExpertiseClaim(p.id, rnd.choice(areas)) for p in people if rnd.random() < 0.05]
    return people, ties, partners, expertise


def networkx_baseline(G: nx.DiGraph, *, sample: int | None) -> dict[str, float]:
    """Seconds per metric with networkx; path searches estimated from ``sample`` sources."""
    nodes = list(G)
    cost: dict[str, float] = {}
    start = time.perf_counter()
    if sample is None:
        nx.betweenness_centrality(G, normalized=False, weight="distance")
        cost["betweenness"] = time.perf_counter() - start
        start = time.perf_counter()
        nx.closeness_centrality(G, distance="distance")
        cost["closeness"] = time.perf_counter() - start
    else:
        picked = random.Random(2).sample(nodes, sample)
        nx.betweenness_centrality_subset(G, sources=picked, targets=nodes, weight="distance")
        cost["betweenness"] = (time.perf_counter() - start) * len(nodes) / sample
        # What nx.closeness_centrality does per person: one search on the reversed graph.
        reverse = G.reverse(copy=False)
        start = time.perf_counter()
        for u in picked:
            nx.single_source_dijkstra_path_length(reverse, u, weight="distance")
        cost["closeness"] = (time.perf_counter() - start) * len(nodes) / sample
    cost["pagerank"] = _pagerank_seconds(G)
    cost["constraint"] = _constraint_seconds(G)
    start = time.perf_counter()
    nx.community.louvain_communities(G.to_undirected(), weight="weight", seed=42)
    cost["communities"] = time.perf_counter() - start
    return cost


def run(quick: bool = False) -> list[Row]:
    """One row per network size, with the networkx baseline of the same run beside it."""
    rows = []
    for n in QUICK_SIZES if quick else SIZES:
        people, ties, partners, expertise = synthetic_network(n)
        G = build_graph(people, ties)

        def ours(
            people: list[Person] = people,
            ties: list[Tie] = ties,
            partners: list[PartnerLink] = partners,
            expertise: list[ExpertiseClaim] = expertise,
        ) -> None:
            analyse(people, ties, partners=partners, expertise=expertise)

        mine, cpu = measured(ours, 1 if quick else REPEATS[n])
        sample = None if n <= EXACT_UP_TO else BASELINE_SAMPLE.get(n, max(1, n // 10))
        parts = [networkx_baseline(G, sample=sample) for _ in range(BASELINE_REPEATS.get(n, 1))]
        breakdown = ", ".join(
            f"{k} {seconds(statistics.median(p[k] for p in parts))}" for k in parts[0]
        )
        notes = [f"networkx per metric: {breakdown}."]
        if sample is not None:
            notes.append(
                f"Betweenness and closeness estimated from {sample} sampled source people "
                "scaled to all."
            )
        if n > 5_000:
            notes.append(
                "PageRank's dense Google matrix timed at 3,000 people and scaled by n squared."
            )
        if n > CONSTRAINT_EXACT_UP_TO:
            notes.append(
                f"Constraint timed on {CONSTRAINT_SAMPLE} sampled people and scaled to all."
            )
        rows.append(
            Row(
                "network analyse() vs networkx",
                f"{n:,} people, {G.number_of_edges():,} ties",
                mine,
                cpu,
                baseline=[sum(p.values()) for p in parts],
                baseline_name="networkx",
                estimated=n > CONSTRAINT_EXACT_UP_TO,
                note=" ".join(notes),
            )
        )
    return rows


def _pagerank_seconds(G: nx.DiGraph) -> float:
    """Seconds for networkx PageRank; estimated for graphs too large for a dense matrix.

    ``nx.pagerank`` needs SciPy (not a dependency), so the networkx backend iterates on
    ``nx.google_matrix``, a dense n x n matrix: 1.8 GB at 15,000 people. There the cost
    of building the matrix is extrapolated from 3,000 people (quadratic in n).
    """
    n = G.number_of_nodes()
    if n <= 5_000:
        start = time.perf_counter()
        pagerank(G, backend="networkx")
        return time.perf_counter() - start
    part = G.subgraph(list(G)[:3_000])
    start = time.perf_counter()
    pagerank(part, backend="networkx")
    return (time.perf_counter() - start) * float(n / 3_000) ** 2


def _constraint_seconds(G: nx.DiGraph) -> float:
    """Seconds for ``nx.constraint``; estimated above `CONSTRAINT_EXACT_UP_TO` people.

    networkx recomputes tie shares for every pair of contacts (several seconds for 300
    people with 10 ties each), so in larger networks the cost per person is timed on
    `CONSTRAINT_SAMPLE` random people and scaled to all.
    """
    nodes = list(G)
    picked = (
        nodes
        if len(nodes) <= CONSTRAINT_EXACT_UP_TO
        else random.Random(3).sample(nodes, CONSTRAINT_SAMPLE)
    )
    start = time.perf_counter()
    nx.constraint(G, nodes=picked, weight="weight")
    return (time.perf_counter() - start) * (len(nodes) / len(picked))


if __name__ == "__main__":
    from bench.common import table

    print(table(run()))

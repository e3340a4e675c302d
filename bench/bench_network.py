"""Benchmark: analyse() against a networkx-only baseline on synthetic municipal networks.

Run with ``.venv/bin/python bench/bench_network.py`` (about 5 minutes). Prints one
table row per network size: people, ties, median and spread (min-max) of the wall time
over the repeats, for our ``analyse()`` (igraph for path measures, full findings) and for
a networkx-only computation of the same five structural metrics (betweenness,
closeness, PageRank, constraint, Louvain communities). The baseline leaves out the work
both share (brokerage, E-I, roles, findings), so it flatters networkx slightly.

At 15,000 people exact networkx betweenness and closeness would take about an hour, so
the baseline there is estimated: both are timed on a random sample of source people and
scaled by n / sample (each source costs one shortest-path search, so the total is linear
in the number of sources). ``nx.constraint`` is so slow (seconds already at 300 people) that
above 300 people it is timed on a sample of people and scaled likewise. The output marks
estimated rows with * and says what was estimated.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import time
from collections.abc import Callable

import networkx as nx

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
TIES_PER_PERSON = 10
REPEATS = {300: 9, 3_000: 5, 15_000: 2}
BASELINE_REPEATS = {300: 2, 3_000: 1, 15_000: 1}
BASELINE_SAMPLE = 100
"""Source people timed for the estimated networkx betweenness/closeness at 15,000."""
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
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    if sample is None:
        nx.betweenness_centrality(G, normalized=False, weight="distance")
        seconds["betweenness"] = time.perf_counter() - start
        start = time.perf_counter()
        nx.closeness_centrality(G, distance="distance")
        seconds["closeness"] = time.perf_counter() - start
    else:
        picked = random.Random(2).sample(nodes, sample)
        nx.betweenness_centrality_subset(G, sources=picked, targets=nodes, weight="distance")
        seconds["betweenness"] = (time.perf_counter() - start) * len(nodes) / sample
        # What nx.closeness_centrality does per person: one search on the reversed graph.
        reverse = G.reverse(copy=False)
        start = time.perf_counter()
        for u in picked:
            nx.single_source_dijkstra_path_length(reverse, u, weight="distance")
        seconds["closeness"] = (time.perf_counter() - start) * len(nodes) / sample
    seconds["pagerank"] = _pagerank_seconds(G)
    seconds["constraint"] = _constraint_seconds(G)
    start = time.perf_counter()
    nx.community.louvain_communities(G.to_undirected(), weight="weight", seed=42)
    seconds["communities"] = time.perf_counter() - start
    return seconds


def main() -> None:
    """Run every size and print the table."""
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} | "
        f"{os.cpu_count()} CPUs | {platform.system()} {platform.release()} | "
        f"Python {platform.python_version()} | networkx {nx.__version__}"
    )
    header = (
        f"{'people':>7} {'ties':>7} | {'analyse() median':>16} {'spread':>15} {'runs':>4} | "
        f"{'networkx median':>15} {'spread':>15} {'runs':>4}"
    )
    print(header)
    print("-" * len(header))
    notes: list[str] = []
    breakdown: list[str] = []
    for n in SIZES:
        people, ties, partners, expertise = synthetic_network(n)
        G = build_graph(people, ties)

        def ours(
            people: list[Person] = people,
            ties: list[Tie] = ties,
            partners: list[PartnerLink] = partners,
            expertise: list[ExpertiseClaim] = expertise,
        ) -> None:
            analyse(people, ties, partners=partners, expertise=expertise)

        mine = _timed(ours, REPEATS[n])
        estimated = n >= 15_000
        sample = BASELINE_SAMPLE if estimated else None
        parts = [networkx_baseline(G, sample=sample) for _ in range(BASELINE_REPEATS[n])]
        base = [sum(p.values()) for p in parts]
        breakdown.append(
            f"{n:,}: networkx "
            + ", ".join(f"{k} {_seconds(statistics.median(p[k] for p in parts))}" for k in parts[0])
        )
        if estimated:
            notes.append(
                f"{n:,}: networkx betweenness and closeness estimated from {sample} sampled "
                "source people scaled to all; PageRank's dense Google matrix (1.8 GB here) "
                "timed at 3,000 people and scaled by n squared."
            )
        if n > CONSTRAINT_EXACT_UP_TO:
            notes.append(
                f"{n:,}: networkx constraint timed on {CONSTRAINT_SAMPLE} sampled people and "
                "scaled to all."
            )
        print(
            f"{n:>7,} {G.number_of_edges():>7,} | {_seconds(statistics.median(mine)):>16} "
            f"{_spread(mine):>15} {len(mine):>4} | {_seconds(statistics.median(base)):>15}"
            f"{'*' if n > CONSTRAINT_EXACT_UP_TO else ' '}{_spread(base):>15} {len(base):>4}",
            flush=True,
        )
    for note in notes:
        print(f"* {note}")
    for line in breakdown:
        print(line)
    print(
        "networkx column: betweenness + closeness + PageRank + constraint + Louvain only; "
        "analyse() column: the whole analysis including brokerage, E-I, roles and findings."
    )


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
    return (time.perf_counter() - start) * (n / 3_000) ** 2


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


def _timed(run: Callable[[], None], repeats: int) -> list[float]:
    """Wall-clock seconds of each repeat."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def _seconds(value: float) -> str:
    """Human-friendly seconds."""
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _spread(values: list[float]) -> str:
    """min-max range."""
    return f"{_seconds(min(values))}-{_seconds(max(values))}"


if __name__ == "__main__":
    main()

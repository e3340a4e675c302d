"""`make bench`: every benchmark, one table, and a JSON copy under bench/results/.

Run from the project root: ``.venv/bin/python -m bench.run``. ``--only network,pages``
picks benchmarks; ``--quick`` runs tiny sizes once (what the smoke test uses). Repeats
shrink with size so the whole run stays within about ten minutes on a 2-core machine;
the runs column says how many each figure is the median of. The first run also generates
the cohort databases (bench/results/cohort.db and PostgreSQL ``samspill_bench``), which
later runs reuse.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench import bench_cohort, bench_network, bench_pages, bench_report
from bench.common import RESULTS_DIR, Row, as_json, git_commit, header, machine, table

BENCHMARKS: dict[str, Callable[[bool], list[Row]]] = {
    "network": bench_network.run,
    "cohort": bench_cohort.run,
    "pages": bench_pages.run,
    "report": bench_report.run,
}


def main(argv: Sequence[str] | None = None) -> Path:
    """Run the chosen benchmarks, print the table, and return the results file written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated names")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run each")
    parser.add_argument("--results", type=Path, default=RESULTS_DIR, help="where the JSON goes")
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(BENCHMARKS))
    if unknown:
        parser.error(
            f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}"
        )
    facts = machine()
    if "cohort" in chosen and not args.quick:
        facts["postgresql"] = bench_cohort.postgres_version() or "no PostgreSQL reachable"
    print(header(facts), flush=True)
    rows: list[Row] = []
    started = time.perf_counter()
    for name in chosen:
        began = time.perf_counter()
        print(f"running {name} ...", flush=True)
        rows.extend(BENCHMARKS[name](args.quick))
        print(f"  {name} took {time.perf_counter() - began:.0f} s", flush=True)
    total = time.perf_counter() - started
    print()
    print(header(facts))
    print(table(rows))
    print(f"whole run: {total:.0f} s; median and min-max over the runs column.")
    args.results.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.results / f"{stamp}.json"
    payload = {
        "when": stamp,
        "commit": git_commit(),
        "machine": facts,
        "quick": args.quick,
        "seconds": total,
        "rows": as_json(rows),
    }
    out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"results: {out}")
    return out


if __name__ == "__main__":
    main()

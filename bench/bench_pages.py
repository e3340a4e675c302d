"""Server-side run time of every registered page for the demo region, cold and cached.

Each page runs through Streamlit's AppTest (the real router, signed in with the role the
registry gives the page), so the figure is what one rerun of the script costs the server,
without the browser or the websocket. Pages added to ``ui/registry.py`` are picked up by
themselves.

First every page is opened once, as after a server start: that pays the imports and the
content caches that live as long as the process (instrument, lessons), and is reported as
one row. Then, per page, "cold" is a run right after ``st.cache_data`` was cleared (what a
visitor pays when the data changed or the cache expired) and "cached" a rerun of the same
page right after, as when the person clicks on it again.
"""

from __future__ import annotations

import time

from bench.common import Row, measured
from bench.demo_db import demo_database

COLD_TARGET = 1.5
CACHED_TARGET = 0.3


def run(quick: bool = False) -> list[Row]:
    """A row for the first pass, then a cold and a cached row per (page, role) of the registry."""
    import streamlit as st

    from tests.pages.helpers import a_facilitator, app_as, consented_management_member
    from ui.registry import FACILITATOR, PAGES, PARTICIPANT

    cold_runs, cached_runs = (1, 1) if quick else (3, 5)
    cases = [(page.path, page.url_path, role) for page in PAGES for role in sorted(page.roles)]
    if quick:
        cases = cases[:2]
    rows: list[Row] = []
    with demo_database() as engine:
        ids: dict[str, dict[str, int | None]] = {
            PARTICIPANT: {"participant_id": consented_management_member(engine).id},
            FACILITATOR: {"facilitator_id": a_facilitator(engine)},
        }
        start = time.perf_counter()
        failures: dict[str, str] = {}
        for path, _, role in cases:
            at = app_as(role, lang="nb", **ids.get(role, {}))
            at.run()
            at.switch_page(path).run()
            if at.exception:
                failures[f"{path}:{role}"] = str(at.exception[0].value)
        rows.append(
            Row(
                "all pages, first view after start",
                f"{len(cases)} pages",
                [time.perf_counter() - start],
                note="Imports and process-long content caches, paid once per server process.",
            )
        )
        for path, url_path, role in cases:
            label = f"page {url_path} ({role})"
            if f"{path}:{role}" in failures:
                rows.append(Row(label, "demo", note=f"raised: {failures[f'{path}:{role}']}"))
                continue
            cold: tuple[list[float], list[float]] = ([], [])
            cached: tuple[list[float], list[float]] = ([], [])
            for _ in range(cold_runs):
                at = app_as(role, lang="nb", **ids.get(role, {}))
                at.run()
                st.cache_data.clear()
                at.switch_page(path)
                wall, cpu = measured(at.run, 1)
                cold[0].extend(wall)
                cold[1].extend(cpu)
                if not cached[0]:
                    wall, cpu = measured(at.run, cached_runs)
                    cached[0].extend(wall)
                    cached[1].extend(cpu)
            rows.append(Row(label, "demo, cold", *cold, target=COLD_TARGET))
            rows.append(Row(label, "demo, cached", *cached, target=CACHED_TARGET))
    return rows


if __name__ == "__main__":
    from bench.common import table

    print(table(run()))

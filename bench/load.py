"""`make load`: a room of people answering at once, through the real Streamlit server.

For each backend (SQLite, then PostgreSQL in database ``samspill_load``): a fresh demo
region, `streamlit run app.py` on a loopback port with the production settings, then

1. a quiet, sequential run that measures the server's CPU per interaction,
2. the room: N protocol sessions open their links over a ramp and answer everything,
3. the burst: N fresh sessions press Submit within the same second,
4. memory rounds: a hundred of them look in again, several times; RSS after each round
   (Streamlit keeps a closed session about two minutes for a reconnect, at most 128),
5. real chromium pages (as many at once as asked) doing the whole journey.

Stored submissions are counted in the database afterwards and must equal those sent.
A table per backend is printed and everything is written as JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python bench/load.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load_browser, load_scenarios
from bench.load_data import NETWORK_INSTRUMENT, cast, fresh_demo, stored
from bench.load_journey import Pace, Tally
from bench.load_server import ROOT, Cluster
from core.db import get_engine
from core.results import INSTRUMENT_ID

RESULTS = ROOT / "bench" / "results"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/samspill_load"
SURVEY_CLICKS = ("answer", "next", "pick", "frequency")
"""Interactions on a survey page that are not a page load or a submit: the click cost."""
HEADROOM = 0.5
"""Plan for half the CPU: bursts, the database and the OS need the rest."""
THINK_S = 5.5
"""Mean time between two clicks of one person in the load model (3-8 s)."""


def main(argv: list[str] | None = None) -> int:
    """Run every scenario on every backend asked for; exit 1 if anything was lost or failed."""
    args = _parse(argv)
    report: dict[str, Any] = {
        "machine": _machine(),
        "settings": {k: v for k, v in vars(args).items() if k != "out"},
        "backends": {},
    }
    ok = True
    with tempfile.TemporaryDirectory(prefix="samspill-load-") as tmp:
        for backend in args.backends.split(","):
            url = f"sqlite:///{Path(tmp) / 'load.db'}" if backend == "sqlite" else args.pg_url
            print(f"\n== {backend}: preparing a fresh demo region ...", flush=True)
            log = Path(tempfile.gettempdir()) / f"samspill-load-{backend}.log"
            result = asyncio.run(_backend(url, log, args))
            result["server_log"] = str(log)
            report["backends"][backend] = result
            ok = ok and result["ok"]
            _print_table(backend, result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = Path(args.out) if args.out else RESULTS / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nJSON: {out}")
    return 0 if ok else 1


async def _backend(url: str, log: Path, args: argparse.Namespace) -> dict[str, Any]:
    engine = fresh_demo(url)
    people = cast(
        engine,
        room=args.sessions + args.quiet + args.processes,
        burst=args.burst,
        browser=args.browsers,
    )
    quiet = args.quiet + args.processes  # one warm-up journey per process first
    quiet_people, room_people = people.room[:quiet], people.room[quiet:]
    pace = Pace(args.think_low, args.think_high)
    result: dict[str, Any] = {"added_participants": people.added}
    with Cluster(url, log, args.processes) as server:
        result["rss_mb_start"] = server.rss_mb()
        ports = ", ".join(s.base_url for s in server.servers)
        print(f"   app processes {server.pids} on {ports}; quiet run ...", flush=True)
        cpu, cold = await load_scenarios.quiet(
            server, [t for _, t in quiet_people], timeout=args.timeout
        )
        result["cpu_ms"] = {k: 1000 * sum(v) / len(v) for k, v in cpu.items()}
        result["cpu_ms_cold"] = {k: 1000 * sum(v) / len(v) for k, v in cold.items()}
        survey = [s for k in SURVEY_CLICKS for s in cpu.get(k, [])]
        click_ms = 1000 * sum(survey) / max(1, len(survey))
        result["cpu_ms_per_survey_click"] = click_ms

        print(f"   room: {len(room_people)} sessions ...", flush=True)
        cpu_before, started = server.cpu_seconds(), time.monotonic()
        tally, memory = await load_scenarios.room(
            server,
            [t for _, t in room_people],
            pace=pace,
            ramp=args.ramp,
            timeout=args.timeout,
            seed=args.seed,
        )
        room_cpu = server.cpu_seconds() - cpu_before
        result["room"] = _summary(tally, time.monotonic() - started)
        result["room"]["cpu_ms_per_interaction"] = 1000 * room_cpu / max(1, tally.interactions())
        result["room"]["rss_mb_peak"] = memory.peak
        ids = [p for p, _ in quiet_people + room_people]
        result["room"]["stored"] = {
            "assessment": stored(
                engine, round_id=people.round_id, participant_ids=ids, instrument=INSTRUMENT_ID
            ),
            "network": stored(
                engine, round_id=people.round_id, participant_ids=ids, instrument=NETWORK_INSTRUMENT
            ),
        }
        result["room"]["sent"]["assessment"] += len(quiet_people)
        result["room"]["sent"]["network"] += len(quiet_people)
        result["rss_mb_after_room"] = server.rss_mb()
        _progress("room", result["room"])

        print(f"   burst: {len(people.burst)} sessions press Submit together ...", flush=True)
        tally, memory, last = await load_scenarios.burst(
            server,
            [t for _, t in people.burst],
            ramp=args.ramp,
            timeout=args.timeout,
            seed=args.seed,
        )
        result["burst"] = _summary(tally, last)
        result["burst"]["last_acknowledged_s"] = last
        result["burst"]["rss_mb_peak"] = memory.peak
        result["burst"]["stored"] = {
            "assessment": stored(
                engine,
                round_id=people.round_id,
                participant_ids=[p for p, _ in people.burst],
                instrument=INSTRUMENT_ID,
            ),
            "network": 0,
        }

        _progress("burst", result["burst"])
        everybody = [t for _, t in room_people + people.burst][: args.round_sessions]
        print(f"   memory: {args.rounds} rounds of {len(everybody)} looking in ...", flush=True)
        rss, errors = await load_scenarios.memory_rounds(
            server, everybody, rounds=args.rounds, timeout=args.timeout, settle=args.settle
        )
        result["rss_mb_after_rounds"] = rss
        result["memory_round_errors"] = errors[:20]

        if people.browser:
            print(f"   chromium: {len(people.browser)} pages at once ...", flush=True)
            browser = await load_browser.run(
                server.url_for, [t for _, t in people.browser], timeout=args.timeout
            )
            browser["stored"] = {
                "assessment": stored(
                    engine,
                    round_id=people.round_id,
                    participant_ids=[p for p, _ in people.browser],
                    instrument=INSTRUMENT_ID,
                ),
                "network": stored(
                    engine,
                    round_id=people.round_id,
                    participant_ids=[p for p, _ in people.browser],
                    instrument=NETWORK_INSTRUMENT,
                ),
            }
            result["browser"] = browser
        result["rss_mb_end"] = server.rss_mb()
    engine.dispose()
    get_engine.cache_clear()
    result["processes"] = args.processes
    result["capacity"] = _capacity(click_ms, result["room"]["cpu_ms_per_interaction"])
    result["ok"] = _ok(result)
    return result


def _capacity(click_ms: float, all_in_ms: float) -> dict[str, Any]:
    """People answering at once that one server carries, from the CPU one interaction costs.

    people = processes x THINK_S / CPU seconds per interaction x HEADROOM. One Streamlit
    process runs Python on one core at a time (the GIL), so a 2-core server needs two app
    processes (behind a proxy, on PostgreSQL) to use both cores. "all in" is the room's CPU
    divided by all its interactions, page loads and submits included.
    """
    cores = os.cpu_count() or 1

    def people(processes: int, ms: float) -> int:
        return int(processes * THINK_S / max(ms / 1000, 1e-6) * HEADROOM)

    return {
        "formula": "people = processes x think time / CPU per interaction x headroom",
        "think_s": THINK_S,
        "headroom": HEADROOM,
        "cores": cores,
        "click_cpu_ms": click_ms,
        "all_in_cpu_ms": all_in_ms,
        "one_process": {"click": people(1, click_ms), "all_in": people(1, all_in_ms)},
        "one_process_per_core": {
            "click": people(cores, click_ms),
            "all_in": people(cores, all_in_ms),
        },
    }


def _progress(name: str, part: dict[str, Any]) -> None:
    """One line as soon as a scenario ends, so a long run shows its figures as it goes."""
    print(
        f"   {name}: {part['interactions']} interactions in {part['seconds']:.0f} s, "
        f"p50 {part['p50_ms']:.0f} ms, p95 {part['p95_ms']:.0f} ms, errors {part['errors']}, "
        f"stored/sent {part['stored']} / {part['sent']}",
        flush=True,
    )
    if part["by_window"]:
        worst = max(part["by_window"], key=lambda w: w["p95_ms"])
        print(
            f"   {name}: slowest 30 s, from {worst['from_s']:.0f} s: {worst['n']} interactions, "
            f"p50 {worst['p50_ms']:.0f} ms, p95 {worst['p95_ms']:.0f} ms",
            flush=True,
        )


def _summary(tally: Tally, seconds: float) -> dict[str, Any]:
    every = [t for v in tally.timings.values() for t in v]
    return {
        "seconds": seconds,
        "interactions": tally.interactions(),
        "errors": len(tally.errors),
        "error_examples": tally.errors[:10],
        "sent": dict(tally.sent),
        "acknowledged": dict(tally.acknowledged),
        "p50_ms": _pct(every, 50),
        "p95_ms": _pct(every, 95),
        "by_kind": {
            k: {"n": len(v), "p50_ms": _pct(v, 50), "p95_ms": _pct(v, 95)}
            for k, v in sorted(tally.timings.items())
        },
        "by_window": _windows(tally),
    }


def _windows(tally: Tally, width: float = 30.0) -> list[dict[str, Any]]:
    """p50/p95 per `width` seconds of the scenario: a slow phase shows as a slow window."""
    buckets: dict[int, list[tuple[str, float]]] = {}
    for start, label, seconds in tally.timeline:
        buckets.setdefault(int(start // width), []).append((label, seconds))
    rows = []
    for n, items in sorted(buckets.items()):
        kinds: dict[str, int] = {}
        for label, _ in items:
            kinds[label] = kinds.get(label, 0) + 1
        times = [s for _, s in items]
        rows.append(
            {
                "from_s": n * width,
                "n": len(items),
                "p50_ms": _pct(times, 50),
                "p95_ms": _pct(times, 95),
                "kinds": kinds,
            }
        )
    return rows


def _ok(result: dict[str, Any]) -> bool:
    parts = [result["room"], result["burst"]] + ([result["browser"]] if "browser" in result else [])
    lost = any(p["stored"][k] != p["sent"][k] for p in parts for k in ("assessment", "network"))
    return not lost and all(p["errors"] == 0 for p in parts) and not result["memory_round_errors"]


def _pct(values: list[float], pct: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return 1000 * values[0]
    return 1000 * statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def _print_table(backend: str, r: dict[str, Any]) -> None:
    print(
        f"\n{backend}: server CPU per interaction (quiet run, mean ms, warm): "
        + ", ".join(f"{k} {v:.1f}" for k, v in sorted(r["cpu_ms"].items()))
        + "\n  first journey on a freshly started process (cold): "
        + ", ".join(f"{k} {v:.0f}" for k, v in sorted(r["cpu_ms_cold"].items()))
    )
    header = f"{'scenario':<10}{'sessions':>9}{'inter.':>8}{'stored/sent':>16}{'errors':>8}"
    header += f"{'p50 ms':>9}{'p95 ms':>9}{'RSS peak':>10}"
    print(header)
    for name in ("room", "burst", "browser"):
        if name not in r:
            continue
        p = r[name]
        sessions = p["sent"]["assessment"]
        ratio = "/".join(f"{p['stored'][k]}:{p['sent'][k]}" for k in ("assessment", "network"))
        print(
            f"{name:<10}{sessions:>9}{p['interactions']:>8}{ratio:>16}{p['errors']:>8}"
            f"{p['p50_ms']:>9.0f}{p['p95_ms']:>9.0f}{p.get('rss_mb_peak', 0):>9.0f}M"
        )
    rounds = ", ".join(f"{v:.0f}" for v in r["rss_mb_after_rounds"])
    print(
        f"RSS MB: start {r['rss_mb_start']:.0f}, after room {r['rss_mb_after_room']:.0f}, "
        f"after each memory round {rounds}, end {r['rss_mb_end']:.0f}"
    )
    c = r["capacity"]
    print(
        f"capacity (people = processes x {c['think_s']} s / CPU per interaction x "
        f"{c['headroom']}): survey click {c['click_cpu_ms']:.1f} ms -> "
        f"{c['one_process']['click']} per app process, "
        f"{c['one_process_per_core']['click']} with one process per core; all in "
        f"(room, under load) {c['all_in_cpu_ms']:.1f} ms -> {c['one_process']['all_in']} / "
        f"{c['one_process_per_core']['all_in']}"
    )
    print("OK: nothing lost, no errors" if r["ok"] else "FAILED: see the JSON for examples")


def _machine() -> dict[str, Any]:
    load = os.getloadavg()
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "loadavg_at_start": load,
    }


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="a small, fast run")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get("LOAD_DATABASE_URL", PG_URL))
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="app processes on the one database, sessions spread over them (default: one per core)",
    )
    parser.add_argument("--sessions", type=int, default=300, help="protocol sessions in the room")
    parser.add_argument("--burst", type=int, default=300, help="sessions in the Submit burst")
    parser.add_argument("--browsers", type=int, default=30, help="chromium pages at once")
    parser.add_argument(
        "--quiet", type=int, default=6, help="journeys in the quiet CPU run (after a warm-up)"
    )
    parser.add_argument("--think-low", type=float, default=3.0, help="seconds between clicks")
    parser.add_argument("--think-high", type=float, default=8.0)
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which links open")
    parser.add_argument("--rounds", type=int, default=3, help="memory rounds")
    parser.add_argument("--round-sessions", type=int, default=100, help="sessions per round")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds before reading RSS")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a click may take")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--out", default="", help="JSON path (default bench/results/load-*.json)")
    args = parser.parse_args(argv)
    if args.quick:
        quick = {
            "sessions": 20,
            "burst": 20,
            "browsers": 3,
            "quiet": 2,
            "think_low": 0.2,
            "think_high": 0.6,
            "ramp": 2.0,
            "rounds": 2,
            "round_sessions": 10,
            "settle": 1.0,
        }
        for key, value in quick.items():
            if getattr(args, key) == parser.get_default(key):
                setattr(args, key, value)
    return args


if __name__ == "__main__":
    sys.exit(main())

"""What every benchmark shares: one result row, timing, the machine header and the table.

A benchmark module exposes ``run(quick: bool) -> list[Row]``; ``bench/run.py`` joins the
rows into one table. ``quick`` shrinks sizes and repeats so the smoke test can check in a
few seconds that the code still runs.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"


@dataclass
class Row:
    """One line of the table: a benchmark at one size, with an optional baseline to compare.

    ``times`` and ``baseline`` are seconds per run. ``estimated`` marks a baseline that was
    extrapolated rather than measured; ``note`` says how, or why a row has no figures.
    ``target`` is the time the issue asks for, in seconds, when it names one. ``cpu`` is
    this process's CPU seconds per run, where all the work happens in this process: on a
    busy shared machine it shows the cost that waiting for a core hides.
    """

    benchmark: str
    size: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    baseline_name: str = ""
    estimated: bool = False
    target: float | None = None
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def ratio(self) -> float | None:
        """How many times faster than the baseline (baseline median / our median)."""
        if not self.times or not self.baseline or not self.median:
            return None
        return statistics.median(self.baseline) / self.median

    @property
    def meets_target(self) -> bool | None:
        median = self.median
        return None if self.target is None or median is None else median <= self.target


def timed(run: Callable[[], Any], repeats: int) -> list[float]:
    """Wall-clock seconds of each of ``repeats`` calls."""
    return measured(run, repeats)[0]


def measured(run: Callable[[], Any], repeats: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each of ``repeats`` calls.

    CPU counts this process and the children it waited for (the network analysis forks
    one for path searches).
    """
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), _cpu_seconds()
        run()
        cpu.append(_cpu_seconds() - start_cpu)
        wall.append(time.perf_counter() - start)
    return wall, cpu


def _cpu_seconds() -> float:
    spent = os.times()
    return spent.user + spent.system + spent.children_user + spent.children_system


def seconds(value: float | None) -> str:
    """Human-friendly seconds: ms below one second."""
    if value is None:
        return "-"
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def spread(values: Sequence[float]) -> str:
    """min-max of the runs, or '-' for a single run."""
    if len(values) < 2:
        return "-"
    return f"{seconds(min(values))}-{seconds(max(values))}"


def machine() -> dict[str, str]:
    """The facts a reader needs to compare figures across machines."""
    return {
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "ram": _ram(),
        "os": f"{platform.system()} {platform.release()} ({_os_name()})",
        "python": platform.python_version(),
        "sqlite": _sqlite_version(),
        "load": _load_average(),
    }


def header(facts: dict[str, str]) -> str:
    return (
        f"machine: {facts['cpu']} | {facts['cores']} cores | {facts['ram']} RAM | "
        f"{facts['os']} | Python {facts['python']} | SQLite {facts['sqlite']}"
        + (f" | {facts['postgresql']}" if facts.get("postgresql") else "")
        + f"\nload average at start: {facts['load']} (other work on the machine slows every figure)"
    )


COLUMNS = ("benchmark", "size", "median", "spread", "runs", "cpu", "baseline", "ratio", "target")


def table(rows: Sequence[Row]) -> str:
    """The rows as an aligned plain-text table with footnotes for estimates and notes."""
    cells = [COLUMNS]
    notes: list[str] = []
    for row in rows:
        base = ""
        if row.baseline:
            base = f"{seconds(statistics.median(row.baseline))} {row.baseline_name}".strip()
            if row.estimated:
                base += " (estimated)"
        ratio = f"{row.ratio:.1f}x" if row.ratio is not None else ""
        target = ""
        if row.target is not None:
            verdict = {True: "met", False: "MISSED", None: ""}[row.meets_target]
            target = f"<{seconds(row.target)} {verdict}".strip()
        size = row.size
        if row.note:
            notes.append(row.note)
            size += f" [{len(notes)}]"
        median = seconds(row.median) if row.times else "not available"
        cells.append(
            (
                row.benchmark,
                size,
                median,
                spread(row.times),
                str(len(row.times)),
                seconds(statistics.median(row.cpu)) if row.cpu else "",
                base,
                ratio,
                target,
            )
        )
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = []
    for n, line in enumerate(cells):
        lines.append(" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("-+-".join("-" * w for w in widths))
    lines.append(
        "median and spread (min-max) are wall-clock over the runs; cpu is the median CPU time "
        "of the benchmark process (and its children), shown where all the work runs there."
    )
    lines.extend(f"[{i}] {note}" for i, note in enumerate(notes, start=1))
    return "\n".join(lines)


def as_json(rows: Sequence[Row]) -> list[dict[str, Any]]:
    return [
        {**asdict(row), "median": row.median, "ratio": row.ratio, "meets_target": row.meets_target}
        for row in rows
    ]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram() -> str:
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return "unknown"
    return f"{pages / 2**30:.1f} GiB"


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.version()


def _load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def git_commit() -> str:
    """The commit benchmarked, so a results file can be traced back."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()

"""The load scenarios over the protocol client: quiet, room, burst and memory rounds.

Each takes a running server and the people cast for it and returns what it measured.
Opening is spread over a ramp (people do not all click a link in the same millisecond);
the burst is the exception on purpose: every Submit leaves within the same second.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

from bench.load_client import AppSession, ProtocolError
from bench.load_journey import ASSESSMENT, NETWORK, Journey, Pace, Tally
from bench.load_server import Cluster


@dataclass
class Memory:
    """Resident memory of the server, sampled while a scenario runs."""

    samples: list[float] = field(default_factory=list)

    async def watch(self, server: Cluster, every: float = 1.0) -> None:
        """Sample until cancelled."""
        while True:
            self.samples.append(server.rss_mb())
            await asyncio.sleep(every)

    @property
    def peak(self) -> float:
        """The highest sample, 0 when none was taken."""
        return max(self.samples, default=0.0)


async def quiet(
    server: Cluster, tokens: list[str], *, timeout: float
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Journeys one after another with no think time: CPU seconds of the servers per click.

    Sequential, so every CPU tick the servers spend between send and script_finished
    belongs to that one interaction. The first journey on each process is its warm-up
    (imports, caches, compiled queries): returned apart, as (warm, cold).
    """
    warm: dict[str, list[float]] = {}
    cold: dict[str, list[float]] = {}
    tally = Tally()
    processes = len(server.servers)
    for n, token in enumerate(tokens):
        into = cold if n < processes else warm

        def probe(label: str, seconds: float, into: dict[str, list[float]] = into) -> None:
            into.setdefault(label, []).append(seconds)

        tally.cpu_probe = (server.cpu_seconds, probe)
        journey = Journey(server.url_for(n), token, tally, Pace(0, 0), random.Random(n), timeout)
        await journey.room(0.0)
    if tally.errors:
        raise ProtocolError("the quiet run failed: " + "; ".join(tally.errors[:3]))
    return warm, cold


async def room(
    server: Cluster, tokens: list[str], *, pace: Pace, ramp: float, timeout: float, seed: int
) -> tuple[Tally, Memory]:
    """Everybody in the room: links opened over `ramp` seconds, then answer at `pace`."""
    tally = Tally()
    memory = Memory()
    watcher = asyncio.create_task(memory.watch(server))
    rng = random.Random(seed)
    journeys = [
        Journey(server.url_for(n), token, tally, pace, random.Random(rng.random()), timeout)
        for n, token in enumerate(tokens)
    ]
    try:
        await asyncio.gather(*(j.room(rng.uniform(0, ramp)) for j in journeys))
    finally:
        watcher.cancel()
    return tally, memory


async def burst(
    server: Cluster, tokens: list[str], *, ramp: float, timeout: float, seed: int
) -> tuple[Tally, Memory, float]:
    """Fresh sessions on complete drafts all press Submit within one second.

    Returns the tally, memory, and the seconds from the shared moment to the last
    acknowledgement.
    """
    tally = Tally()
    memory = Memory()
    watcher = asyncio.create_task(memory.watch(server))
    journeys = [
        Journey(server.url_for(n), token, tally, Pace(0, 0), random.Random(seed + n), timeout)
        for n, token in enumerate(tokens)
    ]

    async def ready(journey: Journey, delay: float) -> tuple[Journey, AppSession | None]:
        await asyncio.sleep(delay)
        try:
            return journey, await journey.ready_to_submit()
        except ProtocolError as exc:
            tally.errors.append(f"{journey.token[:6]} (before the burst): {exc}")
            return journey, None

    try:
        spread = random.Random(seed)
        opened = await asyncio.gather(*(ready(j, spread.uniform(0, ramp)) for j in journeys))
        moment = time.time() + 2.0
        await asyncio.gather(
            *(j.press_submit(s, moment + spread.uniform(0, 0.9)) for j, s in opened if s)
        )
        last = time.time() - moment
    finally:
        watcher.cancel()
    return tally, memory, last


async def memory_rounds(
    server: Cluster, tokens: list[str], *, rounds: int, timeout: float, settle: float
) -> tuple[list[float], list[str]]:
    """Open and close every session `rounds` times; RSS after each round, once settled.

    Each session opens its link and both survey pages, then closes, as people who look in
    again do. Memory that grows by the same step every round would be a leak.
    """
    after: list[float] = []
    errors: list[str] = []
    for _ in range(rounds):
        await asyncio.gather(
            *(_look_in(server.url_for(n), t, timeout, errors) for n, t in enumerate(tokens))
        )
        await asyncio.sleep(settle)
        after.append(server.rss_mb())
    return after, errors


async def _look_in(base_url: str, token: str, timeout: float, errors: list[str]) -> None:
    session = AppSession(base_url, timeout=timeout)
    try:
        await session.open(f"token={token}")
        await session.goto(ASSESSMENT)
        await session.goto(NETWORK)
    except ProtocolError as exc:
        errors.append(f"{token[:6]} (looking in): {exc}")
    finally:
        await session.close()

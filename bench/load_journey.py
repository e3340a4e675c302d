"""What one participant does, click by click, through the protocol client.

A journey is the path of a person in the room: open the invite link, consent, answer the
self-assessment one radio at a time with Next between steps, submit, then name colleagues
in the network survey and submit that. Every interaction is timed and labelled so the
report can give p50/p95 per kind of click.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bench.load_client import AppSession, ProtocolError, Run

ASSESSMENT = "assessment"
NETWORK = "network-survey"


@dataclass
class Pace:
    """Think time between clicks, in seconds, drawn uniformly (people read, then choose)."""

    low: float
    high: float

    async def think(self, rng: random.Random) -> None:
        """Wait like a person between two clicks."""
        if self.high > 0:
            await asyncio.sleep(rng.uniform(self.low, self.high))


@dataclass
class Tally:
    """Everything one scenario measured; shared by its sessions (one event loop, no locks)."""

    timings: dict[str, list[float]] = field(default_factory=dict)
    # (seconds since the scenario began, label, seconds taken): when in the run it was slow
    timeline: list[tuple[float, str, float]] = field(default_factory=list)
    began: float = field(default_factory=time.monotonic)
    errors: list[str] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=lambda: {"assessment": 0, "network": 0})
    acknowledged: dict[str, int] = field(default_factory=lambda: {"assessment": 0, "network": 0})
    # (read the server's CPU seconds, receive (label, CPU seconds)): set by the quiet run only
    cpu_probe: tuple[Callable[[], float], Callable[[str, float], None]] | None = None

    def record(self, label: str, run: Run) -> Run:
        """Keep the run's time under `label`; app-level errors count as errors too."""
        self.timings.setdefault(label, []).append(run.seconds)
        self.timeline.append((time.monotonic() - self.began - run.seconds, label, run.seconds))
        for kind, body in run.alerts:
            if kind == "error":
                self.errors.append(f"{label}: the app said {body[:120]!r}")
        return run

    def interactions(self) -> int:
        """How many interactions were timed."""
        return sum(len(v) for v in self.timings.values())


@dataclass
class Journey:
    """One participant's session in a scenario."""

    base_url: str
    token: str
    tally: Tally
    pace: Pace
    rng: random.Random
    timeout: float = 60.0

    async def room(self, start_delay: float) -> None:
        """The whole path a person in the room takes, from the link to both submits."""
        await asyncio.sleep(start_delay)
        session = AppSession(self.base_url, timeout=self.timeout)
        try:
            await self._timed("open", session.open(f"token={self.token}"))
            await self.consent(session)
            await self.assessment(session)
            await self.network(session)
        except ProtocolError as exc:
            self.tally.errors.append(f"{self.token[:6]}: {exc}")
        finally:
            await session.close()

    async def ready_to_submit(self) -> AppSession:
        """For the burst: open the link and go to the (already answered) last step."""
        session = AppSession(self.base_url, timeout=self.timeout)
        await self._timed("open", session.open(f"token={self.token}"))
        await self._timed("page", session.goto(ASSESSMENT))
        session.find("button", "assessment.submit")
        return session

    async def press_submit(self, session: AppSession, at: float) -> None:
        """Press Submit at the wall-clock moment `at` (all burst sessions share it)."""
        await asyncio.sleep(max(0.0, at - time.time()))
        try:
            await self._submit_assessment(session)
        except ProtocolError as exc:
            self.tally.errors.append(f"{self.token[:6]}: {exc}")
        finally:
            await session.close()

    async def consent(self, session: AppSession) -> None:
        """Tick "I agree" and press Start, when the start page asks (first visit only)."""
        if not any(w.key == "start.agree" for w in session.widgets.values()):
            return
        await self.pace.think(self.rng)
        agree = session.find("checkbox", "start.agree")
        start = session.find("button", "start.consent-Start")
        run = await self._timed("consent", session.click(start, also={agree.id: True}))
        if any(w.key == "start.agree" for w in session.widgets.values()):
            raise ProtocolError(f"consent not taken: {run.alerts}")

    async def assessment(self, session: AppSession) -> None:
        """Every radio on every step, one click each, Next between steps, then Submit."""
        await self.pace.think(self.rng)
        await self._timed("page", session.goto(ASSESSMENT))
        for _ in range(100):  # a bound, far above the number of steps
            for radio in session.keyed("radio", "assessment.q."):
                await self.pace.think(self.rng)
                await self._timed("answer", session.change(radio, self.rng.choice(radio.options)))
            forward = [w for w in session.widgets.values() if w.key == "assessment.next"]
            if not forward:
                break
            await self.pace.think(self.rng)
            await self._timed("next", session.click(forward[0]))
        await self.pace.think(self.rng)
        await self._submit_assessment(session)

    async def network(self, session: AppSession) -> None:
        """Name two or three colleagues for the first question, set a frequency, submit."""
        await self.pace.think(self.rng)
        await self._timed("page", session.goto(NETWORK))
        relation = sorted({w.key.split(".")[1] for w in session.keyed("button", "roster.")})
        if not relation:
            raise ProtocolError("no roster picker on the network survey")
        prefix = f"roster.{relation[0]}"
        for _ in range(self.rng.randint(2, 3)):
            candidates = session.keyed("button", f"{prefix}.add.")
            if not candidates:
                break
            await self.pace.think(self.rng)
            await self._timed("pick", session.click(self.rng.choice(candidates)))
        chosen = session.keyed("selectbox", f"{prefix}.freq.")
        if chosen:
            await self.pace.think(self.rng)
            widget = chosen[0]
            await self._timed("frequency", session.change(widget, widget.options[-1]))
        await self.pace.think(self.rng)
        self.tally.sent["network"] += 1
        run = await self._timed(
            "submit_network", session.click(session.find("button", "network.survey.submit"))
        )
        if not any(kind == "success" for kind, _ in run.alerts):
            raise ProtocolError(f"network survey not acknowledged: {run.alerts}")
        self.tally.acknowledged["network"] += 1

    async def _submit_assessment(self, session: AppSession) -> None:
        self.tally.sent["assessment"] += 1
        run = await self._timed(
            "submit_assessment", session.click(session.find("button", "assessment.submit"))
        )
        if not any(kind == "success" for kind, _ in run.alerts):
            raise ProtocolError(f"self-assessment not acknowledged: {run.alerts}")
        self.tally.acknowledged["assessment"] += 1

    async def _timed(self, label: str, step: Awaitable[Run]) -> Run:
        probe = self.tally.cpu_probe
        before = probe[0]() if probe else 0.0
        run = await step
        if probe:
            probe[1](label, probe[0]() - before)
        return self.tally.record(label, run)

"""Real chromium pages doing the whole journey at once: what people in the room see.

One browser, one context per person. Each page's websocket frames are read as they arrive,
so a click is timed from the click to the server's ``script_finished`` and the page's
script state returning to notRunning (as tests/browser/conftest.wait_for_app waits).
Widgets are found by the ``st-key-*`` class Streamlit gives every keyed element.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import time
from collections.abc import Callable
from typing import Any

from playwright.async_api import Page, async_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load_client import DONE
from core.instruments import load_instrument
from core.results import INSTRUMENT_ID

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
OPEN_EVERY_S = 2.0


class Timed:
    """A page whose clicks are timed to the next finished script run."""

    def __init__(self, page: Page, timeout: float, timings: dict[str, list[float]]) -> None:
        self.page = page
        self.timeout = timeout
        self.timings = timings
        self.finished = asyncio.Event()
        page.on("websocket", self._watch)

    def _watch(self, ws: Any) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload: Any) -> None:
        if not isinstance(payload, bytes):
            return
        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload)
        except Exception:
            return
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished in DONE:
            self.finished.set()

    async def act(self, label: str, locator: Any) -> None:
        """Click and wait until the server finished the run and the page is idle again."""
        self.finished.clear()
        started = time.perf_counter()
        await locator.click(timeout=self.timeout * 1000)
        await asyncio.wait_for(self.finished.wait(), self.timeout)
        await self.page.wait_for_selector(IDLE, timeout=self.timeout * 1000)
        self.timings.setdefault(label, []).append(time.perf_counter() - started)

    async def open(self, url: str, ready: str) -> None:
        """Load a URL; wait for the first run to finish and `ready` (a selector) to show."""
        self.finished.clear()
        started = time.perf_counter()
        # "commit", not "load": the app is ready when its first run has drawn `ready`, which
        # is what is waited for next; the load event only adds chromium's own work.
        await self.page.goto(url, timeout=self.timeout * 1000, wait_until="commit")
        await self.page.wait_for_selector(ready, timeout=self.timeout * 1000)
        await asyncio.wait_for(self.finished.wait(), self.timeout)
        await self.page.wait_for_selector(IDLE, timeout=self.timeout * 1000)
        self.timings.setdefault("open", []).append(time.perf_counter() - started)

    async def navigate(self, url_path: str, ready: str) -> None:
        """Follow the app's own link to `url_path`, as a person does (no page reload)."""
        self.finished.clear()
        started = time.perf_counter()
        await self.page.locator(f"a[href$='/{url_path}']").first.click(timeout=self.timeout * 1000)
        await self.page.wait_for_selector(ready, timeout=self.timeout * 1000)
        await asyncio.wait_for(self.finished.wait(), self.timeout)
        await self.page.wait_for_selector(IDLE, timeout=self.timeout * 1000)
        self.timings.setdefault("page", []).append(time.perf_counter() - started)

    async def until_count(self, locator: Any, count: int) -> None:
        """Wait until the rerun has replaced the old widgets: `count` of them on the page."""
        deadline = time.monotonic() + self.timeout
        while await locator.count() != count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"expected {count} widgets, found {await locator.count()}")
            await asyncio.sleep(0.1)


async def run(
    url_for: Callable[[int], str], tokens: list[str], *, timeout: float
) -> dict[str, Any]:
    """All pages at once; returns timings, errors and submissions sent and acknowledged.

    ``url_for(n)`` is the app process page number ``n`` talks to.
    """
    timings: dict[str, list[float]] = {}
    errors: list[str] = []
    sent = {"assessment": 0, "network": 0}
    acknowledged = {"assessment": 0, "network": 0}
    started = time.monotonic()
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )

        async def one(n: int, token: str) -> None:
            # Links opened one after another over about a minute (a room takes minutes), so
            # 30 chromium renderers sharing this machine's cores with the server are not all
            # parsing Streamlit's bundle in the same seconds; each journey then lasts minutes,
            # so all pages are open and answering at once.
            await asyncio.sleep(n * OPEN_EVERY_S)
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            page = await context.new_page()
            timed = Timed(page, timeout, timings)
            rng = random.Random(n)
            try:
                await _journey(url_for(n), token, timed, rng, sent, acknowledged)
            except Exception as exc:
                errors.append(f"{token[:6]}: {type(exc).__name__}: {str(exc)[:600]}")
            finally:
                await context.close()

        await asyncio.gather(*(one(n, t) for n, t in enumerate(tokens)))
        await browser.close()
    every = [t for v in timings.values() for t in v]
    return {
        "pages": len(tokens),
        "seconds": time.monotonic() - started,
        "interactions": len(every),
        "errors": len(errors),
        "error_examples": errors[:10],
        "sent": sent,
        "acknowledged": acknowledged,
        "p50_ms": _pct(every, 50),
        "p95_ms": _pct(every, 95),
        "by_kind": {
            k: {"n": len(v), "p50_ms": _pct(v, 50), "p95_ms": _pct(v, 95)}
            for k, v in sorted(timings.items())
        },
    }


async def _journey(
    base_url: str,
    token: str,
    timed: Timed,
    rng: random.Random,
    sent: dict[str, int],
    acknowledged: dict[str, int],
) -> None:
    page = timed.page
    main = page.locator("[data-testid='stMain']")
    await timed.open(f"{base_url}/?token={token}", "[data-testid='stMain'] h1")
    if await page.locator(".st-key-start-agree").count():  # first visit: consent
        await page.locator(".st-key-start-agree label").click()
        await timed.act("consent", page.locator("[data-testid='stFormSubmitButton'] button"))
    radios = "[class*='st-key-assessment-q-'] [role='radiogroup']"
    await timed.navigate("assessment", radios)
    steps = load_instrument(INSTRUMENT_ID).dimensions
    for step, dim in enumerate(steps, start=1):
        groups = main.locator(radios)
        await timed.until_count(groups, sum(2 if i.has_ambition else 1 for i in dim.items))
        for index in range(await groups.count()):
            options = groups.nth(index).get_by_test_id("stRadioOption")
            choice = rng.randrange(await options.count())
            await timed.act("answer", options.nth(choice))
        if step < len(steps):
            await timed.act("next", main.locator(".st-key-assessment-next button"))
    sent["assessment"] += 1
    await timed.act("submit_assessment", main.locator(".st-key-assessment-submit button"))
    await main.get_by_test_id("stAlertContentSuccess").first.wait_for(timeout=timed.timeout * 1000)
    acknowledged["assessment"] += 1

    add = "[class*='st-key-roster-'][class*='-add-'] button"
    await timed.navigate("network-survey", add)
    for _ in range(2):
        buttons = main.locator(f"{add} >> visible=true")  # the open tab only
        await timed.act("pick", buttons.nth(rng.randrange(min(5, await buttons.count()))))
    sent["network"] += 1
    await timed.act("submit_network", main.locator(".st-key-network-survey-submit button"))
    await main.get_by_test_id("stAlertContentSuccess").first.wait_for(timeout=timed.timeout * 1000)
    acknowledged["network"] += 1


def _pct(values: list[float], pct: int) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]

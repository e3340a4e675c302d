"""The load client still speaks Streamlit's protocol: two sessions answer and submit.

Cheap on purpose (two real `streamlit run` processes on the demo copy, one session each, no
think time), so `make load`'s client cannot rot unnoticed. Nothing here is timed.
"""

from __future__ import annotations

import asyncio
import random
import shutil
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from sqlmodel import select

from bench.load_client import AppSession
from bench.load_data import NETWORK_INSTRUMENT, cast, stored
from bench.load_journey import ASSESSMENT, Journey, Pace, Tally
from bench.load_server import Cluster
from core.consent import consent_of
from core.db import get_engine, read_session
from core.instruments import load_instrument
from core.models import AssessmentResponse
from core.results import INSTRUMENT_ID

_T = TypeVar("_T")


def test_two_sessions_consent_answer_and_submit(demo_template: Path, tmp_path: Path) -> None:
    db = tmp_path / "load.db"
    shutil.copy(demo_template, db)
    url = f"sqlite:///{db}"
    engine = get_engine(url)
    try:
        people = cast(engine, room=1, burst=1, browser=0)
        (first, first_token), (ready, ready_token) = people.room[0], people.burst[0]
        tally = Tally()
        with Cluster(url, tmp_path / "streamlit.log", processes=2) as cluster:
            answered = _run(_answer_one_then_network(cluster.url_for(0), first_token, tally))
            burst = Journey(cluster.url_for(1), ready_token, tally, Pace(0, 0), random.Random(2))
            _run(_submit_now(burst))

        assert tally.errors == []
        assert tally.acknowledged == {"assessment": 1, "network": 1}
        with read_session(engine) as session:
            assert consent_of(session, first) is not None
            draft = session.exec(
                select(AssessmentResponse).where(
                    AssessmentResponse.participant_id == first,
                    AssessmentResponse.round_id == people.round_id,
                    AssessmentResponse.instrument_id == INSTRUMENT_ID,
                )
            ).one()
        assert draft.status == "draft"
        assert draft.answers == answered
        round_id = people.round_id
        assert stored(engine, round_id=round_id, participant_ids=[ready], instrument=INSTRUMENT_ID)
        assert stored(
            engine, round_id=round_id, participant_ids=[first], instrument=NETWORK_INSTRUMENT
        )
    finally:
        engine.dispose()
        get_engine.cache_clear()


async def _answer_one_then_network(base_url: str, token: str, tally: Tally) -> dict[str, int]:
    """Consent, one radio click (the draft must hold exactly it), then the network survey."""
    session = AppSession(base_url, timeout=60)
    journey = Journey(base_url, token, tally, Pace(0, 0), random.Random(0))
    try:
        await session.open(f"token={token}")
        await journey.consent(session)
        await session.goto(ASSESSMENT)
        radio = session.keyed("radio", "assessment.q.")[0]
        await session.change(radio, radio.options[1])
        # Next redraws the step: the client must forget the first step's questions, which
        # sit in nested fragments of their own, and see only the second step's.
        await session.click(session.find("button", "assessment.next"))
        second = {f"assessment.q.{item.id}" for item in load_instrument().dimensions[1].items}
        shown = {w.key.removesuffix(".ambition") for w in session.keyed("radio", "assessment.q.")}
        assert shown == second
        await journey.network(session)
        return {radio.key.removeprefix("assessment.q."): 2}
    finally:
        await session.close()


async def _submit_now(journey: Journey) -> None:
    session = await journey.ready_to_submit()
    await journey.press_submit(session, 0.0)


def _run(coroutine: Coroutine[Any, Any, _T]) -> _T:
    """asyncio.run in a thread of its own: Playwright's sync API may own this thread's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()

"""Real `streamlit run` processes and participants ready to submit, for the deployment tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page
from sqlalchemy import Engine
from sqlmodel import col, select

from core.consent import record_consent
from core.db import get_engine, read_session, write_session
from core.instruments import load_instrument
from core.models import AssessmentResponse, Participant, SurveyRound
from core.repositories import cohort_by_name, open_round
from core.responses import save_answers
from core.results import INSTRUMENT_ID
from tests.browser.conftest import _free_port, _wait_healthy
from tests.conftest import APP, ROOT

# The text of the success message the app renders after a submit (nb, the default language).
THANKS = "Svarene dine for «{round}» er sendt inn"
ALREADY = "Du har allerede sendt inn svarene dine for «{round}»"


# Seven people share two cores while these tests run: a cold first page can take long.
SLOW_MS = 90_000


@dataclass(frozen=True)
class Ready:
    """A participant who consented and answered every question, one click from submitting."""

    participant_id: int
    token: str


@dataclass
class AppProcess:
    """One `streamlit run app.py` on a loopback port, as an operator would start it."""

    database_url: str
    log: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> AppProcess:
        """Start (or restart) on a port of its own and return once /_stcore/health answers."""
        self.port = self.port or _free_port()
        env = {**os.environ, "DATABASE_URL": self.database_url}
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    APP,
                    "--server.port",
                    str(self.port),
                    "--server.address",
                    "127.0.0.1",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        _wait_healthy(self.base, self.process)
        return self

    def kill_hard(self) -> None:
        """SIGKILL: no handler runs, no buffer is flushed, as in an OOM kill or a crash."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@contextmanager
def running(database_url: str, log: Path) -> Iterator[AppProcess]:
    """An app process that is stopped however the test ends."""
    app = AppProcess(database_url, log)
    try:
        yield app.start()
    finally:
        app.stop()


def wait_until_idle(page: Page) -> None:
    """Wait until the script run has finished and the page has its title."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=SLOW_MS
    )
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=SLOW_MS)


def open_assessment(page: Page, base: str, token: str) -> None:
    """The participant's own way in: the invite link, then the step on their start page."""
    page.goto(f"{base}/?token={token}", timeout=SLOW_MS)
    wait_until_idle(page)
    follow_assessment_link(page)


def follow_assessment_link(page: Page) -> None:
    """From the participant's start page to the self-assessment."""
    page.locator("[data-testid='stMain']").get_by_role("link", name="Egenvurdering").click()
    wait_until_idle(page)


def samspill(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the operator's CLI in its own process, exactly as a deployment would."""
    cli = Path(sys.executable).with_name("samspill")
    return subprocess.run(
        [str(cli), *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def demo_open_round(database_url: str) -> SurveyRound:
    """The demo's open round: the one the app submits into, and its name as messages quote it."""
    engine = get_engine(database_url)
    with read_session(engine) as session:
        round_ = open_round(session, _demo_cohort_id(engine))
        assert round_ is not None
        assert round_.id is not None
        return round_


def ready_participants(database_url: str, count: int) -> list[Ready]:
    """Participants of the demo's open round with consent and a complete draft.

    Filling 48 radios in a browser per person would make a burst test take minutes; the
    draft is stored with the same core calls the radios make, and the submit itself, the
    step under test, goes through the app.
    """
    engine = get_engine(database_url)
    instrument = load_instrument(INSTRUMENT_ID)
    round_ = demo_open_round(database_url)
    with read_session(engine) as session:
        answered = select(AssessmentResponse.participant_id).where(
            AssessmentResponse.round_id == round_.id
        )
        query = (
            select(Participant)
            .where(
                col(Participant.id).not_in(answered),
                col(Participant.invite_token).is_not(None),
                col(Participant.token_revoked_at).is_(None),
            )
            .order_by(Participant.id)
            .limit(count)
        )
        people = [(p.id, p.invite_token) for p in session.exec(query)]
    assert len(people) == count, f"the demo has only {len(people)} participants left to answer"
    answers = dict.fromkeys(instrument.answer_keys, 3)
    ready = []
    for pid, token in people:
        assert pid is not None
        assert token is not None
        with write_session(engine) as session:
            record_consent(session, participant_id=pid, lang="nb", named_network=False)
            save_answers(
                session,
                participant_id=pid,
                round_=session.merge(round_),
                instrument=instrument,
                answers=answers,
            )
        ready.append(Ready(pid, token))
    return ready


@dataclass(frozen=True)
class Colleague:
    """Someone in a participant's group who can sign in with their own link."""

    participant_id: int
    name: str
    token: str


def colleague_with_link(database_url: str, participant_id: int) -> Colleague:
    """A group colleague of the participant with a working invite link."""
    engine = get_engine(database_url)
    with read_session(engine) as session:
        person = session.get(Participant, participant_id)
        assert person is not None
        colleague = session.exec(
            select(Participant)
            .where(
                Participant.group_id == person.group_id,
                Participant.id != participant_id,
                col(Participant.invite_token).is_not(None),
                col(Participant.token_revoked_at).is_(None),
            )
            .order_by(col(Participant.id).desc())
        ).first()
        assert colleague is not None
        assert colleague.id is not None
        assert colleague.invite_token is not None
        return Colleague(colleague.id, colleague.name, colleague.invite_token)


def submitted_ids(database_url: str, participant_ids: list[int]) -> set[int]:
    """Which of these participants have submitted in the demo's open round, as stored."""
    round_ = demo_open_round(database_url)
    engine = get_engine(database_url)
    with read_session(engine) as session:
        query = select(AssessmentResponse.participant_id).where(
            col(AssessmentResponse.participant_id).in_(participant_ids),
            AssessmentResponse.round_id == round_.id,
            AssessmentResponse.instrument_id == INSTRUMENT_ID,
            AssessmentResponse.status == "submitted",
        )
        return {int(pid) for pid in session.exec(query) if pid is not None}


def _demo_cohort_id(engine: Engine) -> int:
    from core.demo import DEMO_COHORT

    with read_session(engine) as session:
        cohort = cohort_by_name(session, DEMO_COHORT)
        assert cohort is not None
        assert cohort.id is not None
        return cohort.id

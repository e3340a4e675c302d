"""What the learning pages show: the lessons, the learner's path and progress, and titles.

Owns the session keys of the learning pages.  A visitor (no account) keeps progress in
``st.session_state`` only; a participant's progress is read from the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import streamlit as st

from core.config import get_settings
from core.consent import consent_of
from core.db import read_session
from core.instruments import load_instrument, text
from core.learning_path import Recommendation, describe_reason
from core.learning_records import (
    PathInputs,
    completed_lesson_ids,
    participant_path,
    path_inputs_for,
    path_inputs_version,
    unfinished_lesson_ids,
)
from core.lessons import FINDING_KINDS, Lesson, LessonLibrary, load_lessons
from ui.auth import participant_id
from ui.data import engine
from ui.text import tr

#: Session key: the lesson the reader shows (set by the path page or the "lesson" param).
CURRENT_LESSON = "lesson.current"
#: Session keys: a visitor's started and completed lesson ids, oldest first.
VISITOR_STARTED = "learning.visitor_started"
VISITOR_DONE = "learning.visitor_done"
#: Query parameter carrying a lesson id (only ever an id from the library).
LESSON_PARAM = "lesson"

PATH_PAGE = "pages/learning/learning_path.py"
LESSON_PAGE = "pages/learning/lesson.py"


@dataclass(frozen=True)
class Learner:
    """Who is learning and how far they have come."""

    participant_id: int | None
    completed: frozenset[str]
    unfinished: tuple[str, ...]
    inputs: PathInputs = field(default_factory=PathInputs)

    @property
    def is_visitor(self) -> bool:
        """True for someone without an account: nothing of theirs is stored."""
        return self.participant_id is None


def library() -> LessonLibrary:
    """Every lesson that loads; broken lessons are left out (and listed in ``problems``)."""
    return load_lessons(strict=False)


def learner() -> Learner:
    """The current learner with their progress and the results their path is built from."""
    pid = participant_id()
    if pid is not None and not _consented(pid):
        # Nothing is stored before consent: until then a participant reads as a visitor.
        pid = None
    if pid is None:
        done = tuple(st.session_state.get(VISITOR_DONE, ()))
        started = tuple(i for i in st.session_state.get(VISITOR_STARTED, ()) if i not in done)
        return Learner(None, frozenset(done), started)
    with read_session(engine()) as session:
        completed = completed_lesson_ids(session, participant_id=pid)
        unfinished = unfinished_lesson_ids(session, participant_id=pid)
        version = path_inputs_version(session, participant_id=pid)
    return Learner(pid, frozenset(completed), tuple(unfinished), _inputs(_url(), pid, version))


def _consented(pid: int) -> bool:
    with read_session(engine()) as session:
        return consent_of(session, pid) is not None


def path_of(who: Learner, lang: str) -> list[Recommendation]:
    """The learner's path in ``lang``, completed lessons marked done."""
    return participant_path(library(), lang, inputs=who.inputs, completed=who.completed)


def mark_visitor(key: str, lesson_id: str) -> None:
    """Remember a visitor's started (`VISITOR_STARTED`) or completed lesson for this tab."""
    ids = list(st.session_state.get(key, []))
    if lesson_id not in ids:
        ids.append(lesson_id)
    st.session_state[key] = ids


def selected_lesson(lib: LessonLibrary, lang: str) -> tuple[Lesson | None, bool]:
    """The lesson to read and whether an unknown id was asked for.

    The ``lesson`` query parameter wins over `CURRENT_LESSON`; anything that is not the id
    of a loaded lesson is ignored.
    """
    asked = st.query_params.get(LESSON_PARAM)
    if asked is not None:
        lesson = lib.get(asked, lang)
        if lesson is None:
            return None, True
        st.session_state[CURRENT_LESSON] = lesson.id
        return lesson, False
    current = st.session_state.get(CURRENT_LESSON)
    return (lib.get(current, lang) if isinstance(current, str) else None), False


def reason_lines(rec: Recommendation, lang: str) -> list[str]:
    """Why a lesson is on the path, one sentence per reason."""
    titles = _titles(lang)
    return [
        describe_reason(
            reason,
            lang,
            dimension_titles=titles["dimensions"],
            band_labels=titles["bands"],
            finding_titles=titles["findings"],
            lesson_titles=library().titles(lang),
        )
        for reason in rec.reasons
    ]


def module_title(module: str) -> str:
    """A module's name in the current language."""
    return tr(f"learning.module.{module}")


def format_date(day: date, lang: str) -> str:
    """A date as people write it: 23.11.2026 in Norwegian, 23 Nov 2026 in English."""
    return day.strftime("%d.%m.%Y") if lang == "nb" else day.strftime("%d %b %Y").lstrip("0")


# Path inputs need person, group and network results (a few database reads and a network
# analysis); cache them per participant, keyed on the group's submissions, so every click
# stays cheap and a new submission shows at once.
@st.cache_data(ttl=600, show_spinner=False, max_entries=2000)
def _inputs(url: str, pid: int, version: tuple[int, str]) -> PathInputs:
    del url, version  # part of the cache key: one database, its current submissions
    with read_session(engine()) as session:
        return path_inputs_for(session, participant_id=pid)


def _url() -> str:
    return get_settings().database_url


def _titles(lang: str) -> dict[str, dict[str, str]]:
    instrument = load_instrument("digital_fitness")
    return {
        "dimensions": {d.id: text(d.title, lang) for d in instrument.dimensions},
        "bands": {b.id: text(b.label, lang) for b in instrument.bands},
        "findings": {kind: tr(f"learning.finding.{kind}") for kind in FINDING_KINDS},
    }

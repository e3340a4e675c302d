"""core.report: what a personal report says, at every stage, in both languages, and what it hides."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from core.db import read_session, write_session
from core.i18n import t
from core.instruments import load_instrument, text
from core.models import (
    Ambition,
    AssessmentResponse,
    Group,
    Organisation,
    Participant,
    SurveyRound,
)
from core.report import (
    MAX_NEXT_STEPS,
    MAX_QUOTED,
    MIN_NEXT_STEPS,
    PersonalReport,
    build_report,
)
from tests.pages.helpers import consented_management_member, fresh_participant

RANK_WORDS = re.compile(
    r"\brank|rangering|\bnr\.\s*\d|#\s*\d|percentil|prosentil|\bbest\b|\bworst\b|\bdårligst",
    re.IGNORECASE,
)


def _all_text(report: PersonalReport) -> str:
    parts = [report.intro, report.group_note, *report.network.sentences, *report.next_steps]
    for line in report.dimensions:
        parts += [line.title, line.band_label, line.gap_text, line.group_band_label]
    for finding in report.findings:
        parts += [finding.title, finding.evidence, finding.action]
    for lesson in report.lessons:
        parts += [lesson.title, lesson.reason]
    return "\n".join(parts)


def _report(engine: Engine, participant_id: int, lang: str) -> PersonalReport:
    with read_session(engine) as session:
        return build_report(session, participant_id, lang, today=date(2026, 11, 23))


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_demo_member_gets_bands_gaps_network_lessons_and_steps(
    demo_engine: Engine, lang: str
) -> None:
    member = consented_management_member(demo_engine)
    report = _report(demo_engine, member.id, lang)
    instrument = load_instrument()
    bands = {text(band.label, lang) for band in instrument.bands}

    assert report.name == member.name
    assert report.has_assessment
    assert len(report.dimensions) == len(instrument.dimensions)
    assert {line.band_label for line in report.dimensions if line.score is not None} <= bands
    assert report.fitness_band_label in bands
    organisation_lines = [line for line in report.dimensions if line.ambition is not None]
    assert organisation_lines, "part B carries the person's ambitions"
    assert all(line.gap_text for line in organisation_lines)
    assert report.network.available
    assert report.network.named_you is not None
    assert report.findings, "the Fjellbygd management group has findings that concern everyone"
    assert 0 < len(report.lessons) <= 5
    assert MIN_NEXT_STEPS <= len(report.next_steps) <= MAX_NEXT_STEPS


def test_the_gap_is_described_against_the_persons_own_ambition(demo_engine: Engine) -> None:
    member = consented_management_member(demo_engine)
    report = _report(demo_engine, member.id, "en")
    for line in report.dimensions:
        if line.gap is None:
            assert line.gap_text == ""
        elif line.gap >= 15:
            assert line.gap_text == t("report.gap.large", "en", gap=f"{line.gap:.0f}")
        elif line.gap <= 0:
            assert line.gap_text == t("report.gap.reached", "en")


def _first_members(engine: Engine, count: int) -> list[Participant]:
    with read_session(engine) as session:
        return list(session.exec(select(Participant).order_by(Participant.id).limit(count)).all())


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_no_report_ranks_people_or_names_a_colleague(demo_engine: Engine, lang: str) -> None:
    with read_session(demo_engine) as session:
        everyone = {p.id: p.name for p in session.exec(select(Participant)).all()}
    for member in _first_members(demo_engine, 20):
        report = _report(demo_engine, member.id, lang)
        words = _all_text(report)
        assert not RANK_WORDS.search(words), RANK_WORDS.search(words)
        others = {
            name for pid, name in everyone.items() if pid != member.id and name != member.name
        }
        assert not [name for name in others if name in words]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_participant_with_nothing_is_told_what_to_do_first(
    demo_engine: Engine, lang: str
) -> None:
    person = fresh_participant(demo_engine)
    report = _report(demo_engine, person.id, lang)
    assert not report.has_assessment
    assert report.dimensions == ()
    assert report.fitness is None
    assert report.intro == t("report.intro_empty", lang)
    assert report.next_steps[0] == t("report.step.assessment", lang)
    assert report.next_steps[1] == t("report.step.network_survey", lang)
    assert MIN_NEXT_STEPS <= len(report.next_steps) <= MAX_NEXT_STEPS
    assert report.lessons, "a default learning path is there from the start"


def test_with_only_the_assessment_the_network_survey_comes_next(demo_engine: Engine) -> None:
    person = fresh_participant(demo_engine)
    instrument = load_instrument()
    with write_session(demo_engine) as session:
        round_ = session.exec(
            select(SurveyRound).where(SurveyRound.status == "open").order_by(SurveyRound.id)
        ).first()
        assert round_ is not None
        answers = dict.fromkeys(instrument.answer_keys, 2)
        answers.update({item.ambition_key: 5 for item in instrument.items if item.has_ambition})
        session.add(
            AssessmentResponse(
                participant_id=person.id,
                round_id=round_.id,
                instrument_id="digital_fitness",
                instrument_version=instrument.version,
                answers=answers,
                status="submitted",
            )
        )
    report = _report(demo_engine, person.id, "en")
    assert report.has_assessment
    # Step 2 of 5 on every item scores 25: the Foundation band (0-25).
    assert {line.band_label for line in report.dimensions} == {"Foundation"}
    assert report.next_steps[0] == t("report.step.network_survey", "en")
    assert any("75 points" in step for step in report.next_steps)  # ambition 100, today 25


def test_group_scores_stay_hidden_below_the_anonymity_threshold(demo_engine: Engine) -> None:
    with read_session(demo_engine) as session:
        member = session.exec(
            select(Participant)
            .join(Group, col(Participant.group_id) == Group.id)
            .join(Organisation, col(Group.organisation_id) == Organisation.id)
            .join(AssessmentResponse, col(AssessmentResponse.participant_id) == Participant.id)
            .where(Organisation.name == "Myrvoll kommune", Group.kind == "management")
            .where(AssessmentResponse.status == "submitted")
            .order_by(Participant.id)
        ).first()
    assert member is not None
    report = _report(demo_engine, member.id, "nb")
    assert report.has_assessment
    assert all(line.group_mean is None for line in report.dimensions)
    assert report.group_note == t("report.group.suppressed", "nb", threshold=5)
    assert not report.network.available


def test_ambitions_are_listed_and_followed_up(demo_engine: Engine) -> None:
    member = consented_management_member(demo_engine)
    with write_session(demo_engine) as session:
        session.add(
            Ambition(
                participant_id=member.id,
                text="Spør to nye kolleger om råd før neste budsjettmøte",
                due_date=date(2026, 11, 23) - timedelta(days=3),
            )
        )
    report = _report(demo_engine, member.id, "nb")
    mine = [a for a in report.ambitions if a.text.startswith("Spør to nye kolleger")]
    assert mine
    assert mine[0].status == t("report.ambition.overdue", "nb")
    assert mine[0].due == "20.11.2026"
    assert any("Følg opp ambisjonen din" in step for step in report.next_steps)


def test_an_unknown_participant_is_a_lookup_error(demo_engine: Engine) -> None:
    with read_session(demo_engine) as session, pytest.raises(LookupError):
        build_report(session, 999_999, "en")


def test_a_long_ambition_is_quoted_short_in_the_next_steps_and_whole_in_the_list(
    demo_engine: Engine,
) -> None:
    member = consented_management_member(demo_engine)
    long_text = "Jeg skal dele det jeg kan om fagsystemene med hele enheten. " * 8
    with write_session(demo_engine) as session:
        session.add(Ambition(participant_id=member.id, text=long_text, due_date=date(2026, 1, 1)))
    report = _report(demo_engine, member.id, "nb")
    assert long_text in [a.text for a in report.ambitions]
    (step,) = [s for s in report.next_steps if s.startswith("Følg opp ambisjonen din")]
    assert len(step) < len("Følg opp ambisjonen din: «»") + MAX_QUOTED + 1
    assert step.endswith("…».")

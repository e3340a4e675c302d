"""Course setup: names stay unique where they must, and rounds move only the allowed ways."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from core.course_setup import (
    CourseSetupError,
    DuplicateNameError,
    NotFoundError,
    RoundTransitionError,
    close_round,
    create_cohort,
    create_group,
    create_organisation,
    create_round,
    open_round,
    update_cohort,
    update_group,
)


def test_a_cohort_is_created_with_its_end_date(session: Session) -> None:
    cohort = create_cohort(session, name="  Region   Vest ", end_date=date(2027, 6, 30))
    assert cohort.name == "Region Vest"
    assert cohort.end_date == date(2027, 6, 30)


@pytest.mark.parametrize("name", ["Region Vest", "region vest", " REGION VEST "])
def test_cohort_names_are_unique_ignoring_case_and_spaces(session: Session, name: str) -> None:
    create_cohort(session, name="Region Vest")
    with pytest.raises(DuplicateNameError) as caught:
        create_cohort(session, name=name)
    assert caught.value.code == "duplicate"


@pytest.mark.parametrize(("name", "code"), [("   ", "name_missing"), ("x" * 201, "name_too_long")])
def test_bad_names_are_refused(session: Session, name: str, code: str) -> None:
    with pytest.raises(CourseSetupError) as caught:
        create_cohort(session, name=name)
    assert caught.value.code == code


def test_renaming_keeps_the_cohort_and_refuses_a_taken_name(session: Session) -> None:
    first = create_cohort(session, name="Region Vest")
    create_cohort(session, name="Region Øst")
    assert first.id is not None
    renamed = update_cohort(session, cohort_id=first.id, name="region vest", end_date=None)
    assert renamed.name == "region vest"
    with pytest.raises(DuplicateNameError):
        update_cohort(session, cohort_id=first.id, name="REGION ØST", end_date=None)


def test_organisation_and_group_names_are_unique_within_their_parent(session: Session) -> None:
    cohort = create_cohort(session, name="Region Vest")
    other = create_cohort(session, name="Region Øst")
    assert cohort.id is not None
    assert other.id is not None
    organisation = create_organisation(session, cohort_id=cohort.id, name="Ås kommune")
    create_organisation(session, cohort_id=other.id, name="Ås kommune")
    with pytest.raises(DuplicateNameError):
        create_organisation(session, cohort_id=cohort.id, name="ÅS KOMMUNE")
    assert organisation.id is not None
    group = create_group(session, organisation_id=organisation.id, name="Ledergruppen")
    assert (group.kind, group.named_network) == ("management", False)
    with pytest.raises(DuplicateNameError):
        create_group(session, organisation_id=organisation.id, name="ledergruppen")


def test_a_group_kind_must_be_known_and_can_change(session: Session) -> None:
    cohort = create_cohort(session, name="Region Vest")
    assert cohort.id is not None
    organisation = create_organisation(session, cohort_id=cohort.id, name="Vik kommune")
    assert organisation.id is not None
    with pytest.raises(CourseSetupError, match="unknown group kind"):
        create_group(session, organisation_id=organisation.id, name="X", kind="team")
    group = create_group(session, organisation_id=organisation.id, name="Nettverket")
    assert group.id is not None
    changed = update_group(session, group_id=group.id, kind="network", named_network=True)
    assert (changed.kind, changed.named_network) == ("network", True)


def test_unknown_parents_are_reported(session: Session) -> None:
    with pytest.raises(NotFoundError):
        create_organisation(session, cohort_id=999, name="Vik kommune")
    with pytest.raises(NotFoundError):
        open_round(session, round_id=999)


@pytest.fixture
def cohort_id(session: Session) -> int:
    cohort = create_cohort(session, name="Region Vest")
    assert cohort.id is not None
    return cohort.id


def test_rounds_are_numbered_in_order_and_start_as_drafts(session: Session, cohort_id: int) -> None:
    baseline = create_round(session, cohort_id=cohort_id, name="Baseline")
    followup = create_round(session, cohort_id=cohort_id, name="Oppfølging")
    assert (baseline.sequence, followup.sequence) == (1, 2)
    assert baseline.status == "draft"
    with pytest.raises(DuplicateNameError):
        create_round(session, cohort_id=cohort_id, name="baseline")


def test_a_round_opens_closes_and_reopens(session: Session, cohort_id: int) -> None:
    survey_round = create_round(session, cohort_id=cohort_id, name="Baseline")
    assert survey_round.id is not None
    opened = open_round(session, round_id=survey_round.id)
    first_opened = opened.opened_at
    assert opened.status == "open"
    assert first_opened is not None
    closed = close_round(session, round_id=survey_round.id)
    assert closed.status == "closed"
    assert closed.closed_at is not None
    reopened = open_round(session, round_id=survey_round.id)
    assert reopened.status == "open"
    assert reopened.closed_at is None
    assert reopened.opened_at == first_opened


def test_only_one_round_of_a_cohort_is_open_at_a_time(session: Session, cohort_id: int) -> None:
    baseline = create_round(session, cohort_id=cohort_id, name="Baseline")
    followup = create_round(session, cohort_id=cohort_id, name="Oppfølging")
    assert baseline.id is not None
    assert followup.id is not None
    open_round(session, round_id=baseline.id)
    with pytest.raises(RoundTransitionError) as caught:
        open_round(session, round_id=followup.id)
    assert caught.value.code == "other_round_open"
    assert caught.value.params["other"] == "Baseline"
    close_round(session, round_id=baseline.id)
    assert open_round(session, round_id=followup.id).status == "open"


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_only_an_open_round_can_be_closed(session: Session, cohort_id: int, status: str) -> None:
    survey_round = create_round(session, cohort_id=cohort_id, name="Baseline")
    assert survey_round.id is not None
    if status == "closed":
        open_round(session, round_id=survey_round.id)
        close_round(session, round_id=survey_round.id)
    with pytest.raises(RoundTransitionError) as caught:
        close_round(session, round_id=survey_round.id)
    assert caught.value.code == "round_not_open"


def test_an_open_round_cannot_be_opened_again(session: Session, cohort_id: int) -> None:
    survey_round = create_round(session, cohort_id=cohort_id, name="Baseline")
    assert survey_round.id is not None
    open_round(session, round_id=survey_round.id)
    with pytest.raises(RoundTransitionError, match="open already"):
        open_round(session, round_id=survey_round.id)

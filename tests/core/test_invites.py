"""Invite links: long random tokens, revoke and reissue, a safe CSV and printable cards."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlmodel import Session

from core.course_setup import create_cohort, create_group, create_organisation
from core.invites import (
    CARDS_PER_PAGE,
    InviteError,
    InviteRow,
    invite_cards_pdf,
    invite_rows,
    invite_url,
    invites_csv,
    reissue_invite,
    revoke_invite,
)
from core.models import Participant
from core.repositories import participant_by_token
from core.tokens import new_invite_token

BASE = "https://samspill.example.no/"


@pytest.fixture
def people(session: Session) -> tuple[int, list[Participant]]:
    cohort = create_cohort(session, name="Region Vest")
    assert cohort.id is not None
    org = create_organisation(session, cohort_id=cohort.id, name="Ås kommune")
    assert org.id is not None
    group = create_group(session, organisation_id=org.id, name="Ledergruppen")
    assert group.id is not None
    names = ["Åse Ødegård", '=HYPERLINK("http://evil")', "@Bjørn", "Čoarvi Ánde"]
    members = [
        Participant(
            group_id=group.id,
            name=name,
            email=f"p{i}@example.no",
            invite_token=new_invite_token(),
        )
        for i, name in enumerate(names)
    ]
    session.add_all(members)
    session.flush()
    return cohort.id, members


def test_the_link_carries_only_the_token(session: Session) -> None:
    token = new_invite_token()
    assert invite_url(BASE, token) == f"https://samspill.example.no/?token={token}"


def test_every_participant_has_a_distinct_long_link(
    session: Session, people: tuple[int, list[Participant]]
) -> None:
    cohort_id, members = people
    rows = invite_rows(session, cohort_id=cohort_id, base_url=BASE)
    assert len(rows) == len(members)
    tokens = {row.url.split("token=")[1] for row in rows if row.url}
    assert len(tokens) == len(members)
    assert all(len(token) >= 43 for token in tokens)


def test_a_revoked_link_no_longer_signs_in(
    session: Session, people: tuple[int, list[Participant]]
) -> None:
    cohort_id, members = people
    person = members[0]
    assert person.id is not None
    assert person.invite_token is not None
    token = person.invite_token
    assert participant_by_token(session, token) is not None
    revoke_invite(session, participant_id=person.id)
    assert participant_by_token(session, token) is None
    row = next(
        r
        for r in invite_rows(session, cohort_id=cohort_id, base_url=BASE)
        if r.participant_id == person.id
    )
    assert row.revoked
    assert row.url is None


def test_a_reissued_link_works_and_the_old_one_does_not(
    session: Session, people: tuple[int, list[Participant]]
) -> None:
    _, members = people
    person = members[1]
    assert person.id is not None
    old = person.invite_token
    assert old is not None
    revoke_invite(session, participant_id=person.id)
    reissue_invite(session, participant_id=person.id)
    new = person.invite_token
    assert new is not None
    assert new != old
    assert participant_by_token(session, old) is None
    found = participant_by_token(session, new)
    assert found is not None
    assert found.id == person.id


def test_unknown_participants_are_refused(session: Session) -> None:
    with pytest.raises(InviteError):
        revoke_invite(session, participant_id=12345)


def test_the_csv_neutralises_formulas_and_keeps_the_ids(
    session: Session, people: tuple[int, list[Participant]]
) -> None:
    cohort_id, members = people
    rows = invite_rows(session, cohort_id=cohort_id, base_url=BASE)
    data = invites_csv(rows, lang="nb")
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:3] == ["ID", "Navn", "E-post"]
    names = {line[1] for line in table[1:]}
    assert '\'=HYPERLINK("http://evil")' in names
    assert "'@Bjørn" in names
    assert "Åse Ødegård" in names
    assert {int(line[0]) for line in table[1:]} == {m.id for m in members}


def _cards(count: int, *, revoked: int = 0) -> list[InviteRow]:
    return [
        InviteRow(
            participant_id=i,
            name=f"Deltaker {i} Ødegård",
            email="",
            organisation="Ås kommune",
            group="Ledergruppen",
            url=None if i < revoked else invite_url(BASE, new_invite_token()),
        )
        for i in range(count)
    ]


@pytest.mark.parametrize(
    ("count", "revoked", "pages"),
    [(1, 0, 1), (CARDS_PER_PAGE, 0, 1), (CARDS_PER_PAGE + 1, 0, 2), (CARDS_PER_PAGE + 3, 3, 1)],
)
def test_cards_fill_pages_and_skip_revoked_links(count: int, revoked: int, pages: int) -> None:
    pdf = invite_cards_pdf(_cards(count, revoked=revoked))
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == pages

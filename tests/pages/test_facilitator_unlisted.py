"""Names not on the list: the facilitator sees write-ins grouped, counts only, and resolves them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select
from streamlit.testing.v1 import AppTest

from core.db import read_session, write_session
from core.models import ExternalPartner, Participant, SurveyRound, Tie
from tests.pages.helpers import a_facilitator, app_as, consented_management_member

PAGE = "pages/facilitator/facilitator_unlisted.py"
SPELLINGS = ("Kari Nordmann, IKT", "kari nordmann (ikt)", "KARI NORDMANN - IKT")


@dataclass(frozen=True)
class Written:
    """Who wrote what in the demo's open round (the page must never show the writers)."""

    round_id: int
    writers: tuple[Participant, ...]
    kari: Participant


@pytest.fixture
def written(demo_engine: Engine) -> Written:
    """Three demo participants write Kari in three spellings, two write "KS"; Kari is on the
    roster (the facilitator has just added her under another name spelling)."""
    with write_session(demo_engine) as session:
        round_ = session.exec(select(SurveyRound).where(SurveyRound.status == "open")).one()
        people = session.exec(select(Participant).order_by(col(Participant.id)).limit(4)).all()
        writers, kari = tuple(people[:3]), people[3]
        kari.name = "Kari Nordmann"
        session.add(kari)
        assert round_.id is not None
        for person, text in zip(writers, SPELLINGS, strict=True):
            session.add(
                Tie(
                    round_id=round_.id,
                    source_id=person.id or 0,
                    unlisted_name=text,
                    relation="advice",
                )
            )
        for person in writers[:2]:
            session.add(
                Tie(
                    round_id=round_.id,
                    source_id=person.id or 0,
                    unlisted_name="KS ",
                    relation="information",
                )
            )
        session.flush()
        for person in (*writers, kari):
            session.refresh(person)
            session.expunge(person)
        return Written(round_.id, writers, kari)


def _page(engine: Engine, lang: str = "en") -> AppTest:
    at = app_as("facilitator", facilitator_id=a_facilitator(engine), lang=lang)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _shown(at: AppTest) -> str:
    parts: list[str] = []
    for kind in ("title", "header", "markdown", "info", "success", "error", "caption"):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [element.value.to_csv() for element in at.dataframe]
    return "\n".join(parts)


def _write_ins(engine: Engine, round_id: int) -> list[str]:
    with read_session(engine) as session:
        query = select(Tie.unlisted_name).where(
            Tie.round_id == round_id, col(Tie.unlisted_name).is_not(None)
        )
        return sorted(str(name) for name in session.exec(query).all())


def _apply(at: AppTest) -> None:
    at.button(key="unlisted.go").click().run()
    assert not at.exception, at.exception


def test_the_names_are_grouped_with_counts_and_never_say_who_wrote_them(
    demo_url: str, demo_engine: Engine, written: Written
) -> None:
    at = _page(demo_engine)
    assert at.title[0].value == "Names not on the list"
    table = at.dataframe[0].value
    assert table["Name as written"].tolist() == ["Kari Nordmann, IKT", "KS"]
    assert table["Written by"].tolist() == [3, 2]
    assert table["Questions (respondents)"].tolist() == [
        "Advice before decisions (3)",
        "Information (2)",
    ]
    assert set(table.iloc[0]["Other spellings"].split(" · ")) == set(SPELLINGS[1:])
    shown = _shown(at)
    assert [p.name for p in written.writers if p.name in shown] == []


def test_a_name_is_linked_to_a_participant_and_counts_from_then_on(
    demo_url: str, demo_engine: Engine, written: Written
) -> None:
    at = _page(demo_engine)
    assert at.selectbox(key="unlisted.name").value == "kari nordmann ikt"
    person = at.selectbox(key="unlisted.person.kari nordmann ikt")
    assert person.value == written.kari.id, "the roster person named in the text is suggested"
    _apply(at)
    assert at.success[0].value.startswith("Kari Nordmann, IKT is now linked to Kari Nordmann: 3")
    assert at.dataframe[0].value["Name as written"].tolist() == ["KS"]
    assert _write_ins(demo_engine, written.round_id) == ["KS ", "KS "]
    with read_session(demo_engine) as session:
        ties = session.exec(
            select(Tie).where(Tie.round_id == written.round_id, Tie.target_id == written.kari.id)
        ).all()
    assert {t.source_id for t in ties if t.relation == "advice"} >= {p.id for p in written.writers}


def test_a_name_becomes_a_new_partner_organisation(
    demo_url: str, demo_engine: Engine, written: Written
) -> None:
    at = _page(demo_engine)
    at.selectbox(key="unlisted.name").set_value("kari nordmann ikt").run()
    at.radio(key="unlisted.choice.kari nordmann ikt").set_value("partner").run()
    assert at.selectbox(key="unlisted.partner.kari nordmann ikt").value == 0, "new by default"
    at.text_input(key="unlisted.new.kari nordmann ikt").input("IKT Nordfjord IKS").run()
    _apply(at)
    assert at.success[0].value == (
        "Kari Nordmann, IKT is now linked to IKT Nordfjord IKS: 3 answers changed."
        " They count in the network analysis from now on."
    )
    with read_session(demo_engine) as session:
        partner = session.exec(
            select(ExternalPartner).where(ExternalPartner.name == "IKT Nordfjord IKS")
        ).one()
        linked = session.exec(select(Tie).where(Tie.target_partner_id == partner.id)).all()
    assert len(linked) == 3


def test_an_existing_partner_is_preselected_for_a_name_like_it(
    demo_url: str, demo_engine: Engine, written: Written
) -> None:
    at = _page(demo_engine)
    at.selectbox(key="unlisted.name").set_value("ks").run()
    assert at.radio(key="unlisted.choice.ks").value == "partner", "spelt like a partner"
    with read_session(demo_engine) as session:
        ks = session.exec(select(ExternalPartner).where(ExternalPartner.key == "ks")).one()
    assert at.selectbox(key="unlisted.partner.ks").value == ks.id
    _apply(at)
    assert at.success[0].value.startswith("KS is now linked to KS: 2 answers changed")
    assert _write_ins(demo_engine, written.round_id) == sorted(SPELLINGS)


def test_dismissing_needs_a_tick_then_deletes_the_answers(
    demo_url: str, demo_engine: Engine, written: Written
) -> None:
    at = _page(demo_engine, lang="nb")
    at.selectbox(key="unlisted.name").set_value("ks").run()
    at.radio(key="unlisted.choice.ks").set_value("dismiss").run()
    assert at.button(key="unlisted.go").disabled
    at.checkbox(key="unlisted.sure.ks").check().run()
    _apply(at)
    assert at.success[0].value == "KS er avvist: 2 svar slettet."
    assert _write_ins(demo_engine, written.round_id) == sorted(SPELLINGS)


def test_norwegian_text_and_a_clear_empty_state(demo_url: str, demo_engine: Engine) -> None:
    at = _page(demo_engine, lang="nb")
    assert at.title[0].value == "Navn utenfor lista"
    assert at.info[0].value == "Ingen har skrevet inn navn utenfor lista i denne runden."
    assert not at.dataframe


def test_english_empty_state(demo_url: str, demo_engine: Engine) -> None:
    at = _page(demo_engine)
    assert at.info[0].value == "Nobody has written a name outside the list in this round."


@pytest.mark.parametrize("role", ["visitor", "participant"])
def test_only_a_facilitator_can_open_the_page(
    role: str, demo_url: str, demo_engine: Engine, written: Written
) -> None:
    kwargs: dict[str, Any] = {}
    if role == "participant":
        kwargs["participant_id"] = consented_management_member(demo_engine).id
    at = app_as(role, **kwargs)
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)
    assert "Kari Nordmann, IKT" not in _shown(at)

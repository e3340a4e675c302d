"""The comparison page: municipalities side by side, small groups as counts only."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from tests.pages.helpers import a_facilitator, app_as

PAGE = "pages/facilitator/facilitator_compare.py"
MUNICIPALITIES = {
    "Elvedal kommune",
    "Fjellbygd kommune",
    "Havstad kommune",
    "Myrvoll kommune",
    "Nordvika kommune",
    "Skogheim kommune",
}


def _open(engine: Engine, lang: str = "en") -> AppTest:
    at = app_as("facilitator", facilitator_id=a_facilitator(engine), lang=lang)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _scores(at: AppTest):  # type: ignore[no-untyped-def]
    return at.dataframe[0].value


def test_every_municipality_is_side_by_side(demo_url: str, demo_engine: Engine) -> None:
    at = _open(demo_engine)
    table = _scores(at)
    assert set(table["Organisation name"]) == MUNICIPALITIES
    assert len(table) == 12
    assert len(at.get("plotly_chart")) == 2  # heatmap and spread, each with a table
    # One table per view: scores, spread, totals, network, learning, change.
    assert len(at.dataframe) == 6


def test_a_small_group_shows_counts_only(demo_url: str, demo_engine: Engine) -> None:
    at = _open(demo_engine)
    table = _scores(at)
    (myrvoll,) = table[
        (table["Organisation name"] == "Myrvoll kommune") & (table["Group"] == "Ledergruppen")
    ].to_dict("records")
    assert myrvoll["Status"] == "fewer than 5 answered (4)"
    assert myrvoll["Answers"] == 4
    assert pd.isna(myrvoll["Digital skills and tool use"])  # no score shown
    spread = at.dataframe[1].value
    hidden = spread[spread["Organisation name"] == "Myrvoll kommune"].iloc[0]
    assert hidden["Status"] == "fewer than 5 answered (4)"
    totals = at.dataframe[2].value
    (myrvoll_total,) = totals[totals["Organisation name"] == "Myrvoll kommune"].to_dict("records")
    assert (myrvoll_total["Groups included"], myrvoll_total["Groups left out"]) == (1, 1)


def test_filters_narrow_the_comparison(demo_url: str, demo_engine: Engine) -> None:
    at = _open(demo_engine)
    orgs = at.multiselect(key="compare.organisations").value[:2]
    # Through session state: AppTest formats options outside the page, without its language.
    at.session_state["compare.kind"] = "management"
    at.session_state["compare.organisations"] = orgs
    at.run()
    assert not at.exception, at.exception
    table = _scores(at)
    assert len(table) == 2
    assert set(table["Group kind"]) == {"Management groups"}


def test_no_organisation_chosen_explains_itself(demo_url: str, demo_engine: Engine) -> None:
    at = _open(demo_engine)
    at.session_state["compare.organisations"] = []
    at.run()
    assert not at.exception, at.exception
    assert [i.value for i in at.info] == [
        "No groups match the filters. Choose more organisations or another group kind."
    ]
    assert not at.dataframe


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_headings_in_both_languages(demo_url: str, demo_engine: Engine, lang: str) -> None:
    at = _open(demo_engine, lang)
    expected = {"nb": "Sammenlign grupper", "en": "Compare groups"}[lang]
    assert at.title[0].value == expected
    assert len(at.header) == 6


def _large(at: AppTest) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The big-selection path's tables: the whole selection, then the organisations."""
    assert not at.exception, at.exception
    assert len(at.dataframe) == 2
    return at.dataframe[0].value, at.dataframe[1].value


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo region (12 groups) counts as a national selection; 4 organisations listed."""
    monkeypatch.setattr("ui.compare_data.GROUP_VIEW_LIMIT", 5)
    monkeypatch.setattr("ui.compare_data.ORGANISATIONS_LISTED", 4)


@pytest.mark.parametrize(
    ("lang", "message", "rest"),
    [
        (
            "en",
            "The selection has 12 groups: too many to list one by one.",
            "2 more organisations are not listed.",
        ),
        (
            "nb",
            "Utvalget har 12 grupper: for mange til å vise én og én.",
            "2 virksomheter til er ikke listet.",
        ),
    ],
)
def test_a_large_selection_shows_rollups_only(
    demo_url: str, demo_engine: Engine, small_limits: None, lang: str, message: str, rest: str
) -> None:
    at = _open(demo_engine, lang)
    whole, organisations = _large(at)
    (info,) = at.info
    assert info.value.startswith(message)
    assert rest in at.caption[0].value
    assert len(at.header) == 1  # totals only: no scores, spread, network, learning, change
    assert not at.get("plotly_chart")
    groups_column = {"en": "Group", "nb": "Gruppe"}[lang]
    assert groups_column not in whole.columns
    assert groups_column not in organisations.columns
    assert len(whole) == 1
    assert len(organisations) == 4
    answers = organisations.columns[3]
    assert list(organisations[answers]) == sorted(organisations[answers], reverse=True)


def test_a_large_selection_keeps_the_threshold(
    demo_url: str, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Myrvoll's total is its shown group's scores: the hidden group is in no number."""
    monkeypatch.setattr("ui.compare_data.GROUP_VIEW_LIMIT", 5)
    whole, organisations = _large(_open(demo_engine))
    (myrvoll,) = organisations[organisations["Organisation name"] == "Myrvoll kommune"].to_dict(
        "records"
    )
    assert (myrvoll["Groups included"], myrvoll["Groups left out"]) == (1, 1)
    assert whole.iloc[0]["Groups included"] + whole.iloc[0]["Groups left out"] == 12
    monkeypatch.setattr("ui.compare_data.GROUP_VIEW_LIMIT", 300)
    at = _open(demo_engine)
    groups = _scores(at)
    (visible,) = groups[
        (groups["Organisation name"] == "Myrvoll kommune") & (groups["Status"] == "shown")
    ].to_dict("records")
    assert myrvoll["Answers"] == visible["Answers"]
    titles = list(organisations.columns[4:])  # the dimensions
    assert len(titles) == 8
    assert all(myrvoll[t] == visible[t] for t in titles)
    small_totals = at.dataframe[2].value
    assert small_totals[small_totals["Organisation name"] == "Myrvoll kommune"].to_dict(
        "records"
    ) == [myrvoll]

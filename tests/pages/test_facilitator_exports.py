"""The exports page: score files and network files, nothing below the threshold."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.config import get_settings
from tests.pages.helpers import a_facilitator, app_as

PAGE = "pages/facilitator/facilitator_exports.py"


def _open(engine: Engine, lang: str = "en") -> AppTest:
    at = app_as("facilitator", facilitator_id=a_facilitator(engine), lang=lang)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _buttons(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_scores_and_network_files_are_offered(
    demo_url: str, demo_engine: Engine, lang: str
) -> None:
    at = _open(demo_engine, lang)
    expected = {
        "en": ["Download CSV", "Download Excel", "GraphML (Gephi)", "GEXF (Gephi)"],
        "nb": ["Last ned CSV", "Last ned Excel", "GraphML (Gephi)", "GEXF (Gephi)"],
    }[lang]
    assert _buttons(at)[:4] == expected
    assert len(_buttons(at)) == 6


def test_a_group_below_the_threshold_offers_no_network_file(
    demo_url: str, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMSPILL_ANONYMITY_THRESHOLD", "20")
    get_settings.cache_clear()
    at = _open(demo_engine)
    # The first group is Elvedal's management group: 8 members, below 20 answers.
    assert at.selectbox(key="exports.network.group").index == 0
    assert [i.value for i in at.info] == [
        "This group has too few answers in the round for its network to be exported."
    ]
    assert _buttons(at) == ["Download CSV", "Download Excel"]
    get_settings.cache_clear()

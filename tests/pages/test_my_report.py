"""My report: the report on the page, a PDF download, and a useful page before any answers."""

from __future__ import annotations

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from tests.pages.helpers import app_as, consented_management_member, fresh_participant

PAGE = "pages/reports/my_report.py"


def _open(participant_id: int, lang: str) -> AppTest:
    at = app_as("participant", participant_id=participant_id, lang=lang)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_a_member_sees_every_section_a_chart_and_a_pdf_download(
    demo_url: str, demo_engine: Engine
) -> None:
    member = consented_management_member(demo_engine)
    at = _open(member.id, "en")
    assert at.title[0].value == "Personal report"
    headers = [h.value for h in at.header]
    assert headers == [
        "Your digital fitness profile",
        "Your place in the network",
        "Findings that concern you",
        "Recommended lessons",
        "Your ambitions",
        "Next steps",
    ]
    assert member.name in at.markdown[0].value
    assert len(at.get("plotly_chart")) == 1
    levels = set(at.table[0].value["Level"])
    assert levels <= {"Foundation", "Developing", "Established", "Advanced", "not enough answers"}
    (download,) = at.get("download_button")
    assert download.proto.label == "Download the report as PDF"
    assert download.proto.help == "The PDF has the same content as this page."


def test_the_report_in_norwegian(demo_url: str, demo_engine: Engine) -> None:
    at = _open(consented_management_member(demo_engine).id, "nb")
    assert at.title[0].value == "Personlig rapport"
    assert "Din plass i nettverket" in [h.value for h in at.header]
    assert at.get("download_button")[0].proto.label == "Last ned rapporten som PDF"


def test_with_nothing_answered_the_page_points_to_the_assessment(
    demo_url: str, demo_engine: Engine
) -> None:
    at = _open(fresh_participant(demo_engine).id, "en")
    assert "You have not submitted the self-assessment yet" in at.info[0].value
    assert not at.get("plotly_chart")
    steps = at.markdown[-1].value  # numbered, with Markdown escaped
    assert steps.startswith("1. Take the self\\-assessment")

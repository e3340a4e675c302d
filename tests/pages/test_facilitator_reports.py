"""Personal reports in bulk: choose a group, create the zip with a progress bar, download it."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import Engine
from sqlmodel import col, select

from core.db import read_session
from core.models import Group, Organisation, Participant
from tests.pages.helpers import a_facilitator, app_as

PAGE = "pages/reports/facilitator_reports.py"


def _fjellbygd(engine: Engine) -> tuple[int, int, int, list[int]]:
    with read_session(engine) as session:
        cohort_id, org_id, group_id = session.exec(
            select(Organisation.cohort_id, Organisation.id, Group.id)
            .join(Organisation, col(Group.organisation_id) == Organisation.id)
            .where(Organisation.name == "Fjellbygd kommune", Group.kind == "management")
        ).one()
        ids = session.exec(select(Participant.id).where(Participant.group_id == group_id)).all()
    return cohort_id, org_id, group_id, sorted(ids)


def test_a_facilitator_creates_and_downloads_a_groups_reports(
    demo_url: str, demo_engine: Engine
) -> None:
    cohort_id, org_id, group_id, ids = _fjellbygd(demo_engine)
    at = app_as("facilitator", facilitator_id=a_facilitator(demo_engine), lang="en")
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Personal reports"

    at.selectbox(key=f"reports.organisation.{cohort_id}").set_value(org_id).run()
    at.selectbox(key=f"reports.group.{org_id}").set_value(group_id).run()
    assert f"{len(ids)} participants selected." in [m.value for m in at.markdown]
    shown = at.dataframe[0].value
    assert sorted(shown["ID"]) == ids  # the IDs the command line takes

    at.button(key="reports.generate").click().run()
    assert not at.exception, at.exception
    (bar,) = at.get("progress")
    assert bar.proto.value == 100
    assert at.success[0].value == f"{len(ids)} reports are ready."
    assert at.get("download_button")[0].proto.label == "Download the reports (zip)"
    with zipfile.ZipFile(io.BytesIO(at.session_state["reports.zip"])) as archive:
        assert sorted(archive.namelist()) == sorted(
            f"fjellbygd-kommune-ledergruppen-{i}.pdf" for i in ids
        )


def test_the_page_in_norwegian_lists_the_whole_cohort(demo_url: str, demo_engine: Engine) -> None:
    at = app_as("facilitator", facilitator_id=a_facilitator(demo_engine), lang="nb")
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Personlige rapporter"
    assert at.button(key="reports.generate").label == "Lag rapporter"
    assert len(at.dataframe[0].value) > 600  # everyone in the demo region

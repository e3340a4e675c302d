"""Every registered page renders for every role that may open it, without an exception."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.pages.helpers import a_facilitator, app_as, consented_management_member
from ui.registry import FACILITATOR, PAGES, PARTICIPANT

CASES = [(page.path, role) for page in PAGES for role in sorted(page.roles)]


@pytest.mark.parametrize(("path", "role"), CASES, ids=[f"{r}:{p}" for p, r in CASES])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_page_renders(path: str, role: str, lang: str, demo_url: str, demo_engine: Engine) -> None:
    kwargs: dict[str, int] = {}
    if role == PARTICIPANT:
        kwargs["participant_id"] = consented_management_member(demo_engine).id
    if role == FACILITATOR:
        kwargs["facilitator_id"] = a_facilitator(demo_engine)
    at = app_as(role, lang=lang, **kwargs)
    at.run()
    at.switch_page(path).run()
    assert not at.exception, at.exception
    assert at.title, "every page has a title"

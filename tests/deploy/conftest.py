"""Deployment tests: real app processes, PostgreSQL when it answers, chromium to drive them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.db import get_engine
from tests.browser.conftest import CHROMIUM, browser_type_launch_args
from tests.conftest import _reset_postgres, postgres_url

__all__ = ["browser_type_launch_args"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that take a `page` drive chromium: skip them locally without it, fail in CI."""
    missing = not Path(CHROMIUM).exists()
    for item in items:
        if "tests/deploy" not in str(item.path) or "page" not in getattr(item, "fixturenames", ()):
            continue
        item.add_marker(pytest.mark.browser)
        if missing and not os.environ.get("CI"):
            item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed"))


@pytest.fixture
def pg_url() -> Iterator[str]:
    """An empty PostgreSQL database (TEST_DATABASE_URL, else the CI default), schema reset."""
    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL server reachable (set TEST_DATABASE_URL)")
    _reset_postgres(url)
    yield url
    get_engine(url).dispose()
    get_engine.cache_clear()

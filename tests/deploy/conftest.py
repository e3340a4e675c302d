"""Deployment tests: real app processes, PostgreSQL when it answers, chromium to drive them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from core.db import get_engine
from tests.browser.conftest import CHROMIUM, browser_type_launch_args
from tests.conftest import _reset_postgres, _worker_database, postgres_url
from tests.deploy.apps import samspill

__all__ = ["browser_type_launch_args"]

INIT_SCHEMA = "samspill_init_test"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that take a browser drive chromium: skip them locally without it, fail in CI."""
    missing = not Path(CHROMIUM).exists()
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "tests/deploy" not in str(item.path) or not {"page", "browser"} & set(fixtures):
            continue
        item.add_marker(pytest.mark.browser)
        if missing and not os.environ.get("CI"):
            item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed"))


@pytest.fixture(scope="session")
def pg_demo_url() -> Iterator[str]:
    """The demo region in PostgreSQL (TEST_DATABASE_URL, else the CI default), loaded once.

    Loaded with `samspill demo` in its own process, as an operator would. Tests share it:
    each takes participants who have not answered yet, so none sees another's submits.
    """
    server = postgres_url()
    if server is None:
        pytest.skip("no PostgreSQL server reachable (set TEST_DATABASE_URL)")
    # A database of its own: the storage tests reset the schema of the shared one.
    url = _worker_database(server, "deploy")
    _reset_postgres(url)
    loaded = samspill(url, "demo")
    assert loaded.returncode == 0, loaded.stderr
    yield url
    get_engine(url).dispose()


@pytest.fixture
def pg_empty_url() -> Iterator[str]:
    """An empty schema of its own in the test database, so the shared demo stays intact."""
    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL server reachable (set TEST_DATABASE_URL)")
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {INIT_SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {INIT_SCHEMA}"))
    separator = "&" if "?" in url else "?"
    empty = f"{url}{separator}options=-csearch_path%3D{INIT_SCHEMA}"
    yield empty
    # Dispose rather than clear the cache: the shared demo's engine lives in it too.
    get_engine(empty).dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {INIT_SCHEMA} CASCADE"))
    admin.dispose()

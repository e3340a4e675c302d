"""Shared fixtures: databases (SQLite always, PostgreSQL when reachable) and the demo region."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel

import core.models  # noqa: F401  (registers the tables)
from core.config import get_settings
from core.db import get_engine, migrate, write_session
from core.demo import build_demo

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def session() -> Iterator[Session]:
    """An in-memory SQLite session, as in SQLModel's testing tutorial."""
    engine = create_engine(
        "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
    )
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        yield session


def postgres_url() -> str | None:
    """TEST_DATABASE_URL, or the local server when one answers; None otherwise.

    Under pytest-xdist each worker gets a database of its own (``<name>_gw1`` ...), created
    on first use, because the storage tests drop and recreate the public schema.
    """
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_URL)
    try:
        probe = create_engine(url, connect_args={"connect_timeout": 2})
        with probe.connect() as conn:
            conn.execute(text("SELECT 1"))
        probe.dispose()
    except Exception:  # any failure means "no server here"
        return None
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    return _worker_database(url, worker)


def _worker_database(url: str, worker: str) -> str:
    parsed = make_url(url)
    own = parsed.set(database=f"{parsed.database}_{worker}")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": own.database}
            ).first()
            if exists is None:
                conn.execute(text(f'CREATE DATABASE "{own.database}"'))
    finally:
        admin.dispose()
    return own.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def storage_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database of each kind this machine offers."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'samspill.db'}"
    else:
        url = postgres_url()
        if url is None:
            pytest.skip("no PostgreSQL server reachable (set TEST_DATABASE_URL)")
        _reset_postgres(url)
    engine = get_engine(url)
    migrate(engine)
    yield engine
    engine.dispose()
    get_engine.cache_clear()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the demo region, built once per test run."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    engine = get_engine(f"sqlite:///{path}")
    migrate(engine)
    with write_session(engine) as session:
        build_demo(session)
    engine.dispose()
    get_engine.cache_clear()
    return path


@pytest.fixture
def demo_url(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private copy of the demo database, set as DATABASE_URL for the app under test."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_template, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


@pytest.fixture
def demo_engine(demo_url: str) -> Iterator[Engine]:
    """An engine on the private demo copy."""
    engine = get_engine(demo_url)
    yield engine
    engine.dispose()


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()

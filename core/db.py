"""Engine factory, sessions and Alembic migrations for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlmodel import Session

from core.config import PROJECT_ROOT, get_settings

__all__ = [
    "DatabaseUnavailableError",
    "check_connection",
    "current_revision",
    "get_engine",
    "head_revision",
    "migrate",
    "read_session",
    "write_session",
]

_MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
# Any constant will do; it keeps two app processes from migrating PostgreSQL at once.
_PG_MIGRATION_LOCK = 7_270_311


class DatabaseUnavailableError(RuntimeError):
    """The configured database cannot be used; the message names DATABASE_URL."""


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """One engine per URL and process, so the connection pool is shared by all sessions."""
    url = url or get_settings().database_url
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailableError(
            f"DATABASE_URL is not a valid database address ({_redact(url)}): {exc}"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    try:
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise DatabaseUnavailableError(
            f"DATABASE_URL names a database this installation cannot use ({_redact(url)}): {exc}"
        ) from exc


def check_connection(engine: Engine) -> None:
    """Fail early with one clear sentence instead of a stack trace deep inside a page."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, OSError) as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise DatabaseUnavailableError(
            f"Cannot reach the database in DATABASE_URL ({_redact(str(engine.url))}): {reason}"
        ) from exc


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading; nothing it changes is committed."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error.

    On SQLite the transaction starts with BEGIN IMMEDIATE: a deferred transaction that
    later needs the write lock can fail at once with "database is locked", whatever the
    busy timeout; an immediate one queues behind other writers instead.
    """
    bind = engine.execution_options(sqlite_immediate=True) if _is_sqlite(engine) else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def head_revision() -> str:
    """The newest migration shipped with this version of Samspill."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None, "migrations/versions is empty"
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at; None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> bool:
    """Upgrade the schema to the newest migration; never drops data. True if it changed."""
    check_connection(engine)
    if current_revision(engine) == head_revision():
        return False
    config = _alembic_config()
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            # Another process may have upgraded while this one waited for the lock.
            if MigrationContext.configure(conn).get_current_revision() == head_revision():
                return False
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return True


def _alembic_config() -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(_MIGRATIONS_DIR))
    return config


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False})
    busy_ms = int(get_settings().sqlite_busy_timeout_s * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below), as SQLAlchemy's pysqlite recipe describes.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        # WAL lets readers go on while one writer commits; NORMAL sync in WAL mode is
        # durable against a crash of the app process (only an OS crash can lose the tail).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable>"

"""The demo region in a throwaway SQLite file, for benchmarks that run the app or build reports."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine


@contextmanager
def demo_database() -> Iterator[Engine]:
    """A fresh demo region in a temporary SQLite file, set as DATABASE_URL meanwhile."""
    from core.config import get_settings
    from core.db import get_engine, migrate, write_session
    from core.demo import build_demo

    # AppTest outside pytest logs "missing ScriptRunContext" for every widget: not news here.
    logging.disable(logging.WARNING)
    previous = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="samspill-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        engine = get_engine(url)
        migrate(engine)
        with write_session(engine) as session:
            build_demo(session)
        os.environ["DATABASE_URL"] = url
        get_settings.cache_clear()
        try:
            yield engine
        finally:
            if previous is None:
                os.environ.pop("DATABASE_URL", None)
            else:
                os.environ["DATABASE_URL"] = previous
            get_settings.cache_clear()
            engine.dispose()
            get_engine.cache_clear()
            logging.disable(logging.NOTSET)

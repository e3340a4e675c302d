"""Browser journeys: a real `streamlit run` on a free loopback port, driven by Debian's chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlmodel import select

from core.db import get_engine, write_session
from core.models import SurveyRound
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# A rerun on a cold, busy 2-core CI machine can take seconds; assertions wait for it.
expect.set_options(timeout=20_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test here `browser`; without chromium, skip locally but fail in CI."""
    missing = not Path(CHROMIUM).exists()
    for item in items:
        if "tests/browser" not in str(item.path):
            continue
        item.add_marker(pytest.mark.browser)
        if missing and not os.environ.get("CI"):
            item.add_marker(
                pytest.mark.skip(
                    reason="Debian's chromium is not installed: `make test` as root "
                    "installs it (apt-get install chromium)"
                )
            )


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("CI needs Debian's chromium for the browser tests; `make test` installs it")
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def app_db(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The private copy of the demo database the browser tests' app runs on."""
    db = tmp_path_factory.mktemp("browser") / "demo.db"
    shutil.copy(demo_template, db)
    return db


@pytest.fixture(scope="session")
def app_server(app_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free loopback port over a private copy of the demo database."""
    db = app_db
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    log = (tmp_path_factory.getbasetemp() / "streamlit.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def assert_accessible(page: Any) -> None:
    """Fail on serious or critical axe-core findings (WCAG 2.1 A and AA)."""
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    # Streamlit 1.67 renders its sidebar page list as <ul><div><li> when pages are grouped in
    # sections, which axe flags (list/listitem). That markup is Streamlit's, not ours, and
    # cannot be changed from a page; everything else on the page is checked.
    context = {"exclude": [["[data-testid='stSidebarNav']"]]}
    results = Axe().run(page, context=context, options=options)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    assert serious == [], results.generate_report()


def wait_for_app(page: Any) -> None:
    """Wait until Streamlit has finished running the script (as its own e2e tests do)."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000
    )
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=30_000)


def main_link(page: Any, name: str) -> Any:
    """A link in the page's main area, not the sidebar's of the same name.

    Waiting for it by its place, not by taking the last of both: the sidebar is drawn
    first, and on a busy machine `.last` could pick it before the main area had its links
    (then the click waits for a sidebar that is folded away on a phone).
    """
    return page.locator("[data-testid='stMain']").get_by_role("link", name=name)


def open_network_survey(page: Any, base: str, token: str) -> None:
    """The invite link, then the network survey from the participant's start page."""
    page.goto(f"{base}/?token={token}", timeout=60_000)
    wait_for_app(page)
    main_link(page, "Nettverksundersøkelse").click()
    wait_for_app(page)


def search_roster(page: Any, name: str) -> None:
    """Type a name into the open question's roster search and wait for the results."""
    search = page.get_by_label("Søk etter navn").first
    search.fill(name)
    search.press("Enter")
    wait_for_app(page)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("streamlit exited early; see streamlit.log in the pytest temp dir")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy within 60 s")


def set_open_rounds(db: Path, status: str, names: list[str] | None = None) -> list[str]:
    """Set the status of the open rounds (or of `names`); the names changed."""
    engine = get_engine(f"sqlite:///{db}")
    try:
        with write_session(engine) as session:
            query = select(SurveyRound)
            rounds = session.exec(query).all()
            chosen = [r for r in rounds if (r.name in names if names else r.status == "open")]
            for round_ in chosen:
                round_.status = status
                session.add(round_)
            return [r.name for r in chosen]
    finally:
        engine.dispose()
        get_engine.cache_clear()

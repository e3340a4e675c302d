"""deploy/nginx.conf in front of two real app processes: pages, websocket, sticky sessions."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import _free_port
from tests.conftest import ROOT
from tests.deploy.apps import running, wait_until_idle

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
EXAMPLE = ROOT / "deploy" / "nginx.conf"
BROWSERS = 3

pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists() or shutil.which("openssl") is None,
    reason="nginx or openssl is not installed (apt-get install nginx)",
)


def test_the_example_config_is_valid(tmp_path: Path) -> None:
    config = _configure(tmp_path, app_ports=(_free_port(), _free_port()))
    checked = _nginx(tmp_path, config, "-t")
    assert checked.returncode == 0, checked.stderr


def test_two_processes_behind_nginx_serve_the_app_with_sticky_sessions(
    demo_url: str, browser: Browser, tmp_path: Path
) -> None:
    log = tmp_path / "logs"
    log.mkdir()
    with (
        running(demo_url, log / "a.log") as a,
        running(demo_url, log / "b.log") as b,
        _NginxProcess(tmp_path, _configure(tmp_path, app_ports=(a.port, b.port))) as base,
    ):
        with urllib.request.urlopen(f"{base}/_stcore/health", context=_trust_any()) as reply:
            assert reply.read() == b"ok"
        routes = []
        for _ in range(BROWSERS):
            context = browser.new_context(ignore_https_errors=True)
            page = context.new_page()
            page.goto(base)
            wait_until_idle(page)  # rendered at all: only the websocket delivers the page
            # A rerun needs the websocket both ways: switch the language, see the nav change.
            _switch_to_english(page)
            cookie = {c["name"]: c for c in context.cookies()}["samspill_route"]
            assert cookie["secure"]
            assert cookie["httpOnly"]
            routes.append(cookie["value"])
            context.close()
        # nginx logs a websocket when it closes: wait for the last browser's line.
        websockets = _websocket_routes(tmp_path / "access.log", expected=BROWSERS)

    served: dict[str, set[str]] = defaultdict(set)
    for line in (tmp_path / "access.log").read_text().splitlines():
        route, upstream, _status, _path = line.split(" ", 3)
        if upstream != "-":
            served[route].add(upstream)
    assert set(websockets) == set(routes)  # a reconnect may add a second line
    for route in routes:
        # Every request of a browser, its first page included, went to one process.
        assert len(served[route]) == 1, (route, served[route])
    spread = {next(iter(served[r])) for r in routes}
    print(f"{BROWSERS} browsers over {len(spread)} processes: {sorted(spread)}")


def _websocket_routes(log: Path, *, expected: int) -> list[str]:
    """The route cookie of every upgraded /_stcore/stream request in nginx's access log."""
    deadline = time.monotonic() + 30
    while True:
        lines = log.read_text().splitlines() if log.exists() else []
        found = [
            line.split(" ")[0]
            for line in lines
            if line.split(" ")[2] == "101" and "/_stcore/stream" in line
        ]
        if len(found) >= expected or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def _switch_to_english(page: Page) -> None:
    # As in tests/browser/test_home.py: the first click after a cold start can be dropped
    # while the frontend settles; a person would click again, and so do we.
    home = page.get_by_role("link", name="Home")
    for _ in range(3):
        page.get_by_role("radiogroup").get_by_text("English").click()
        try:
            home.wait_for(timeout=6_000)
            return
        except PlaywrightTimeoutError:
            wait_until_idle(page)
    expect(home).to_be_visible()


def _configure(tmp: Path, *, app_ports: tuple[int, int]) -> Path:
    """The example, on loopback ports and a throwaway certificate, inside a minimal nginx.conf."""
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(tmp / "key.pem"),
            "-out",
            str(tmp / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    http_port, https_port = _free_port(), _free_port()
    (tmp / "ports").write_text(f"{http_port} {https_port}")
    site = EXAMPLE.read_text()
    for old, new in {
        "127.0.0.1:8501": f"127.0.0.1:{app_ports[0]}",
        "127.0.0.1:8502": f"127.0.0.1:{app_ports[1]}",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "/etc/letsencrypt/live/samspill.example.no/fullchain.pem": str(tmp / "cert.pem"),
        "/etc/letsencrypt/live/samspill.example.no/privkey.pem": str(tmp / "key.pem"),
    }.items():
        assert old in site, f"deploy/nginx.conf no longer has {old!r}; update this test"
        site = site.replace(old, new)
    (tmp / "samspill.conf").write_text(site)
    # Run as root (as here), nginx's workers become `nobody`, who cannot enter pytest's
    # private temp dirs.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = tmp / "nginx.conf"
    main.write_text(
        f"{user}pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\ndaemon off;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"  include {tmp}/samspill.conf;\n"
        + "".join(f"  {kind}_temp_path {tmp}/{kind};\n" for kind in _TEMP_PATHS)
        + "  log_format route '$samspill_route $upstream_addr $status $request_uri';\n"
        f"  access_log {tmp}/access.log route;\n"
        "}\n"
    )
    return main


_TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def _nginx(tmp: Path, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [NGINX, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(config), *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


class _NginxFailed(RuntimeError):
    """nginx did not start; the message holds its error log."""


class _NginxProcess:
    """nginx in the foreground, stopped (and its workers with it) however the test ends."""

    def __init__(self, tmp: Path, config: Path) -> None:
        self.tmp, self.config = tmp, config
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> str:
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.tmp), "-e", str(self.tmp / "error.log"), "-c", str(self.config)]
        )
        https_port = (self.tmp / "ports").read_text().split()[1]
        base = f"https://127.0.0.1:{https_port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise _NginxFailed((self.tmp / "error.log").read_text())
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", context=_trust_any()):
                    return base
            except OSError:
                time.sleep(0.2)
        raise _NginxFailed("nginx did not answer within 30 s")

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None:
            self.process.terminate()  # SIGTERM: nginx's fast shutdown, workers included
            self.process.wait(timeout=10)


def _trust_any() -> ssl.SSLContext:
    """The test certificate is self-signed; this client talks to loopback only."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context

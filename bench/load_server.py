"""The real app under test: `streamlit run app.py` on a free loopback port, and its costs.

The server is started from the repository root so it reads .streamlit/config.toml, the
production settings a load run must measure. CPU time and resident memory come from
/proc/<pid>, the only place that sees the whole process (all sessions, all threads).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


class Server:
    """One streamlit process over `database_url`; use it as a context manager."""

    def __init__(self, database_url: str, log_path: Path) -> None:
        self.database_url = database_url
        self.log_path = log_path
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        env = {**os.environ, "DATABASE_URL": self.database_url}
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "app.py"),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self._wait_healthy()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def pid(self) -> int:
        """The streamlit process id."""
        assert self.process is not None
        return self.process.pid

    def cpu_seconds(self) -> float:
        """User plus system CPU time of the server so far (all its threads)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def rss_mb(self) -> float:
        """Resident memory of the server now, in MB."""
        pages = int(Path(f"/proc/{self.pid}/statm").read_text().split()[1])
        return pages * PAGE_KB / 1024

    def _wait_healthy(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"streamlit did not become healthy within 90 s; see {self.log_path}")


def free_port() -> int:
    """A port nobody listens on right now, on the loopback interface only."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """`processes` app servers on one database, each session pinned to one of them.

    One Streamlit process runs Python on one core at a time (the GIL), so a server with two
    cores runs two processes behind a proxy (deploy/nginx.conf). nginx pins each browser to
    a process with a route cookie; the load client does the same by session number, so the
    run measures the app, not nginx (tests/deploy/test_nginx.py covers the proxy itself).
    Several processes need PostgreSQL in production; SQLite in WAL mode also takes writers
    from several processes on one machine, which is what the SQLite run shows.
    """

    def __init__(self, database_url: str, log_path: Path, processes: int = 1) -> None:
        self.servers = [
            Server(database_url, log_path.with_name(f"{log_path.stem}.{n}{log_path.suffix}"))
            for n in range(processes)
        ]

    def __enter__(self) -> Cluster:
        started: list[Server] = []
        try:
            for server in self.servers:
                started.append(server.__enter__())
        except BaseException:
            for server in started:
                server.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for server in self.servers:
            server.__exit__(kind, value, traceback)

    def url_for(self, session: int) -> str:
        """The process that session number `session` is pinned to."""
        return self.servers[session % len(self.servers)].base_url

    @property
    def pids(self) -> list[int]:
        """The process ids, in order."""
        return [s.pid for s in self.servers]

    def cpu_seconds(self) -> float:
        """CPU time of all processes together."""
        return sum(s.cpu_seconds() for s in self.servers)

    def rss_mb(self) -> float:
        """Resident memory of all processes together, in MB."""
        return sum(s.rss_mb() for s in self.servers)

"""The container recipe repeats only what the Makefile runs and the other tests prove.

No container engine runs here, so the Dockerfile and compose.yaml are checked as text: an
app step that drifts from the Makefile, or a compose file that no longer matches
deploy/nginx.conf, fails here instead of on an operator's server.
"""

from __future__ import annotations

import json
import re
import shlex
import tomllib

import yaml

from tests.conftest import ROOT

# Container housekeeping with no Makefile counterpart (a user to run as, its data dir).
HOUSEKEEPING = {"useradd", "mkdir", "chown"}
# A container must listen beyond its own loopback; the port comes from $PORT like $(PORT).
CONTAINER_ONLY = ("--server.address", "0.0.0.0")


def test_every_dockerfile_command_is_one_the_makefile_runs() -> None:
    make = [_normalise(c) for c in _makefile_commands()]
    docker = [_normalise(c) for c in _dockerfile_commands()]
    app_steps = [c for c in docker if c[0] not in HOUSEKEEPING]
    assert app_steps, "no RUN/CMD commands found in the Dockerfile"
    for command in app_steps:
        extra = [t for t in command if t not in CONTAINER_ONLY]
        assert any(_covers(m, extra) for m in make), f"not a Makefile command: {command}"


def test_the_container_installs_and_migrates_before_it_serves_as_make_run_does() -> None:
    # Editable, as in `make install`: core.config finds migrations/ and content/ through
    # core/'s own location, which a plain `pip install .` moves into site-packages.
    assert ["python", "-m", "pip", "install", "-e", "."] in map(_normalise, _dockerfile_commands())
    docker = [_normalise(c)[:2] for c in _dockerfile_commands()]
    assert ["samspill", "init"] in docker
    assert ["streamlit", "run"] in docker
    assert docker.index(["samspill", "init"]) < docker.index(["streamlit", "run"])
    run_recipe = [_normalise(c)[:2] for c in _makefile_commands("run")]
    assert run_recipe.index(["samspill", "init"]) < run_recipe.index(["streamlit", "run"])


def test_compose_runs_migrations_once_then_two_app_processes_behind_nginx() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert services["db"]["image"] == "postgres:15"
    assert services["migrate"]["command"] == ["samspill", "init"]
    apps = {name: s for name, s in services.items() if s.get("network_mode") == "service:nginx"}
    assert len(apps) >= 2
    for service in apps.values():
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert service["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
        assert "/app/.streamlit/secrets.toml" in [s["target"] for s in service["secrets"]]
    # nginx reaches exactly the ports the app services listen on.
    ports = sorted(int(s["environment"]["PORT"]) for s in apps.values())
    upstream = re.findall(r"server 127\.0\.0\.1:(\d+)", (ROOT / "deploy/nginx.conf").read_text())
    assert sorted(int(p) for p in upstream) == ports
    mounts = services["nginx"]["volumes"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in mounts


def test_no_secret_goes_into_the_image_and_the_example_secrets_parse() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".streamlit/secrets.toml" in ignored
    assert "deploy/secrets.toml" in ignored
    assert ".env" in ignored
    example = tomllib.loads((ROOT / "deploy/secrets.toml.example").read_text())
    auth = example["auth"]
    assert auth["redirect_uri"].endswith("/oauth2callback")
    # Exactly one provider section, which is what ui.auth.oidc_provider hands to st.login.
    providers = [name for name, value in auth.items() if isinstance(value, dict)]
    assert len(providers) == 1


def _makefile_commands(target: str | None = None) -> list[str]:
    """The shell commands of the Makefile's recipes (of one target when given)."""
    commands, current = [], None
    for line in (ROOT / "Makefile").read_text().replace("\\\n", " ").splitlines():
        header = re.match(r"^([A-Za-z$(][^:=\s]*)\s*:(?!=)", line)
        if header:
            current = header.group(1)
        elif line.startswith("\t") and (target is None or current == target):
            text = line.strip().lstrip("@")
            if not text.startswith("#"):
                commands += _split(text)
    return commands


def _dockerfile_commands() -> list[str]:
    """RUN and CMD commands, with `sh -c` and continuation lines unwrapped."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    commands = []
    for line in text.splitlines():
        instruction, _, rest = line.strip().partition(" ")
        if instruction == "RUN":
            commands += _split(rest)
        elif instruction == "CMD":
            argv = json.loads(rest)
            commands += _split(argv[2] if argv[:2] == ["sh", "-c"] else shlex.join(argv))
    return commands


def _split(text: str) -> list[str]:
    """Split a shell line at &&, || and ;, dropping the parentheses of a subshell."""
    commands = []
    for part in re.split(r"\s*(?:&&|\|\||;)\s*", text):
        part = part.strip().removeprefix("(")
        if part.count(")") > part.count("("):
            part = part.removesuffix(")")
        if part:
            commands.append(part.removeprefix("exec "))
    return commands


def _normalise(command: str) -> list[str]:
    """Tokens without the venv path, pip's quiet flags, extras and the port variable."""
    tokens = []
    for token in shlex.split(command):
        token = token.replace("$(BIN)/", "").replace("$(PORT)", "$PORT")
        if token in ("--quiet", "--disable-pip-version-check"):
            continue
        tokens.append(re.sub(r"\[[a-z,]+\]$", "", token))
    return tokens


def _covers(make: list[str], docker: list[str]) -> bool:
    """The Makefile command has the Dockerfile's program, subcommand and every argument."""
    return make[:2] == docker[:2] and all(token in make for token in docker)

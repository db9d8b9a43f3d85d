"""deploy/: the Dockerfile runs as a non-root user with a working healthcheck, compose runs two
webhook instances on PostgreSQL behind a proxy, the systemd unit restarts on failure."""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
from pathlib import Path

from bot.ops import web
from tests.ops.test_webhook import free_port
from tests.ura import Ura

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def dockerfile() -> list[str]:
    """Instructions, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", (DEPLOY / "Dockerfile").read_text())
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def final_stage() -> list[str]:
    lines = dockerfile()
    last_from = max(i for i, line in enumerate(lines) if line.startswith("FROM "))
    return lines[last_from:]


def healthcheck_command() -> list[str]:
    line = next(x for x in final_stage() if x.startswith("HEALTHCHECK "))
    return list(json.loads(line.split(" CMD ", 1)[1]))


def test_the_image_is_slim_and_runs_as_a_user_of_its_own() -> None:
    froms = [line.split()[1] for line in dockerfile() if line.startswith("FROM ")]
    assert all(re.fullmatch(r"python:3\.\d+-slim", image) for image in froms), froms
    stage = final_stage()
    users = [line.split()[1] for line in stage if line.startswith("USER ")]
    assert users, "a USER instruction in the final stage"
    assert users[-1] not in ("root", "0", "0:0"), "never root"
    assert any("useradd" in line and users[-1] in line for line in stage), "the user is made"
    cmd = next(line for line in stage if line.startswith("CMD "))
    assert json.loads(cmd[4:])[:2] == ["ura", "run"]
    assert any("pip install" in line and "/src" in line for line in dockerfile()), (
        "the venv is built from the project"
    )


async def test_the_healthcheck_asks_healthz_and_fails_when_ura_stops(ura: Ura) -> None:
    command = healthcheck_command()
    assert command[0] == "python"
    assert ura.app is not None
    port = free_port()
    server = web.listen(ura.app, "127.0.0.1", port, None, "")
    env = {**os.environ, "URA_WEBHOOK_PORT": str(port)}
    env.pop("URA_METRICS_PORT", None)

    async def check() -> int:
        probe = await asyncio.create_subprocess_exec(
            sys.executable,
            *command[1:],
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        return await asyncio.wait_for(probe.wait(), 30)

    try:
        assert await check() == 0, "healthy"
        ura.app.bot_data.services.ops.stopping = True
        assert await check() != 0, "a stopping Ura is unhealthy"
        ura.app.bot_data.services.ops.stopping = False
    finally:
        server.stop()


def test_compose_runs_two_webhook_instances_on_postgresql_behind_a_proxy() -> None:
    compose = (DEPLOY / "compose.yaml").read_text()
    services = re.findall(r"^  ([a-z0-9-]+):", compose, flags=re.MULTILINE)
    assert {"db", "ura-1", "ura-2", "proxy"} <= set(services)
    assert "image: postgres:" in compose
    assert "URA_WEBHOOK_URL" in compose
    assert "URA_WEBHOOK_SECRET" in compose
    assert "--to ura-1:8443 --to ura-2:8443" in compose
    assert "ura-2: *ura" in compose, "the second instance is the first one's twin"


def test_the_systemd_unit_restarts_on_failure_as_a_dedicated_user() -> None:
    unit = dict(
        line.split("=", 1)
        for line in (DEPLOY / "ura.service").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert unit["Restart"] == "on-failure"
    assert unit["User"] == "ura"
    assert unit["StateDirectory"] == "ura"
    assert unit["ExecStart"].endswith("ura run")
    assert int(unit["TimeoutStopSec"]) > 10, "room for the 10 s graceful stop"

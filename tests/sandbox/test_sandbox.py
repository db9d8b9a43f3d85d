"""`ura sandbox` as a trainer uses it: the demo's cast and history, the tour stepped through
with Next (each step done by the real bot), and the refusals that keep it a sandbox."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _sandbox(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("URA_")}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox", *args],
        env={**clean, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return json.loads(response.read())


def _post(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback only
        return json.loads(response.read())


def _texts(state: dict[str, Any], key: str) -> list[str]:
    person = next(p for p in state["people"] if p["key"] == key)
    return [m["text"] for m in person["messages"] if m["bot"]]


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    process = _sandbox(["--demo", "--port", str(port), "--dir", str(tmp_path)])
    assert process.stdout is not None
    try:
        line = process.stdout.readline()
        assert re.search(rf"http://127\.0\.0\.1:{port}/", line), line
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def _eventually(base: str, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """The page's state once `done` holds: messages leave at Telegram's pace, not at once."""
    deadline = time.monotonic() + 30
    while True:
        state: dict[str, Any] = _get(f"{base}/api/state")
        if done(state) or time.monotonic() > deadline:
            return state
        time.sleep(0.5)


def _wait_for_tour(base: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state: dict[str, Any] = _get(f"{base}/api/state")
        if state["tour"]["active"]:
            return state
        time.sleep(0.5)
    raise AssertionError("the demo never got ready")


def test_the_demo_has_a_cast_with_history_and_the_tour_runs_through_the_real_bot(
    demo: str,
) -> None:
    _wait_for_tour(demo)
    state = _eventually(demo, lambda s: any("Strehëza" in t for t in _texts(s, "alba")))
    keys = [p["key"] for p in state["people"]]
    assert keys == ["coordinator", "ardit", "sonila", "alba", "ema"]
    assert any("Sinjalizim #1" in text for text in _texts(state, "ardit")), "an alert in the past"
    assert any("Strehëza e Durrësit" in text for text in _texts(state, "alba")), "an update"
    assert state["tour"]["total"] == 5

    for _ in range(5):
        tour = _post(f"{demo}/api/tour/next", {})
        assert tour["error"] is None, tour
    state = _eventually(demo, lambda s: any("Përgjigjja juaj: Po" in t for t in _texts(s, "ardit")))
    assert state["tour"]["done"] == 5
    ardit = _texts(state, "ardit")
    assert any("URGJENT" in text and "pranë portit" in text for text in ardit)
    assert any("Tryeza mujore e Komitetit të Durrësit" in text for text in ardit)
    assert any("Përgjigjja juaj: Po" in text for text in ardit), "his answer to the invitation"
    coordinator = _texts(state, "coordinator")
    assert any("Sinjalizim #2" in text for text in coordinator), "/alerts lists the new alert"
    assert any("Tryeza mujore e Komitetit të Durrësit" in text for text in coordinator)


def test_the_sandbox_refuses_a_real_token_or_a_real_database(tmp_path: Path) -> None:
    for env, named in (
        ({"URA_BOT_TOKEN": "123456:real-looking-token"}, "URA_BOT_TOKEN"),
        ({"URA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/prod.db"}, "URA_DATABASE_URL"),
    ):
        process = _sandbox(["--port", str(_free_port())], env)
        out, _ = process.communicate(timeout=60)
        assert process.returncode == 2
        assert out.startswith(f"ura sandbox: {named} is set"), out
        assert "real-looking-token" not in out

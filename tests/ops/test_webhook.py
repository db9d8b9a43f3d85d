"""A real `ura run --webhook` process: Telegram posts updates with the secret, strangers get 403,
garbage gets 400, /healthz and /metrics answer, and every update leaves one JSON log line
without any secret."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import sys

import aiohttp

from bot.sandbox.telegram import FakeBotApi
from tests.ops.test_process import ura_env, ura_run
from tests.ura import TOKEN

SECRET = "s3cr3t-Webhook_token-0123456789abcdefXYZ"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_env(telegram: FakeBotApi, database_url: str, port: int, **extra: str) -> dict[str, str]:
    settings = {
        "URA_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
        "URA_WEBHOOK_LISTEN": "127.0.0.1",
        "URA_WEBHOOK_PORT": str(port),
        "URA_WEBHOOK_SECRET": SECRET,
        "URA_LOG_FORMAT": "json",
    }
    return ura_env(telegram, database_url, **{**settings, **extra})


ura_process = ura_run  # `ura run --webhook` as a real process


async def wait_for_http(url: str, within: float = 30) -> None:
    deadline = asyncio.get_running_loop().time() + within
    async with aiohttp.ClientSession() as http:
        while True:
            try:
                async with http.get(url) as answer:
                    if answer.status in (200, 503):
                        return
            except aiohttp.ClientError:
                pass
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(url)
            await asyncio.sleep(0.2)


async def test_telegram_posts_updates_to_the_webhook_and_strangers_are_refused(
    telegram: FakeBotApi, database_url: str
) -> None:
    coordinator = telegram.add_user(first_name="Koordinatorja", language_code="en")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = webhook_env(telegram, database_url, port, URA_COORDINATORS=str(coordinator.id))
    async with ura_process(env, "--webhook") as process:
        await wait_for_http(f"{base}/healthz")
        hook = await telegram.world.notifier.wait_until(lambda: telegram.world.webhook, 30)
        assert hook is not None
        assert hook["url"] == f"{base}/telegram"
        assert hook["secret_token"] == SECRET
        assert "callback_query" in hook["allowed_updates"]

        await telegram.send_text(coordinator, "/help")
        await telegram.wait_for_message(coordinator, timeout=30)
        assert telegram.webhook.log.statuses
        assert set(telegram.webhook.log.statuses) == {200}

        update = {
            "update_id": 1,
            "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}},
        }
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{base}/telegram", json=update) as answer:
                assert answer.status == 403, "no secret: refused"
            wrong = {"X-Telegram-Bot-Api-Secret-Token": "x" * 40}
            async with http.post(f"{base}/telegram", json=update, headers=wrong) as answer:
                assert answer.status == 403, "a wrong secret: refused"
            right = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            for body in (b"not json", b"[1, 2]", b'{"hello": "world"}'):
                async with http.post(f"{base}/telegram", data=body, headers=right) as answer:
                    assert answer.status == 400, body
            async with http.get(f"{base}/healthz") as answer:
                report = await answer.json()
                assert answer.status == 200, report
            assert report["database"] is True
            assert report["scheduler"] is True
            assert report["outbox_lag_seconds"] >= 0
            async with http.get(f"{base}/metrics") as answer:
                assert answer.status == 200
                metrics = await answer.text()
        assert 'ura_updates_handled_total{kind="message",outcome="ok"}' in metrics
        assert "ura_update_seconds_bucket" in metrics
        assert 'ura_outbox_depth{priority="alert"} 0.0' in metrics
        assert 'ura_deliveries_total{outcome="sent"}' in metrics
        assert "ura_members_unreachable 0.0" in metrics

        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 15) == 0
        assert process.stderr is not None
        log = (await process.stderr.read()).decode()

    lines = [json.loads(line) for line in log.splitlines() if line.strip()]
    refused = [line for line in lines if "refused" in line["message"]]
    assert len(refused) == 2
    assert all("127.0.0.1" in line["message"] for line in refused), "the peer is named"
    handled = [line for line in lines if line["logger"] == "ura.updates"]
    assert len(handled) == 1, "one line per update, none for the refused requests"
    assert handled[0]["kind"] == "message"
    assert handled[0]["outcome"] == "ok"
    assert handled[0]["handler"].startswith("handlers.")
    assert handled[0]["latency_ms"] >= 0
    assert "/help" not in log, "no text of a message"
    assert SECRET not in log
    assert TOKEN.split(":")[1] not in log


async def test_webhook_mode_refuses_a_weak_or_missing_secret(
    telegram: FakeBotApi, database_url: str
) -> None:
    port = free_port()
    for secret, expected in [
        ("short", "ura: URA_WEBHOOK_SECRET: at least 32 random characters"),
        ("", "ura: URA_WEBHOOK_SECRET: required in webhook mode"),
    ]:
        env = webhook_env(telegram, database_url, port, URA_WEBHOOK_SECRET=secret)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            "--webhook",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 2
        assert err.decode().strip().startswith(expected)
        assert len(err.decode().strip().splitlines()) == 1
        assert "short" not in (out + err).decode()
    assert telegram.world.webhook == {}, "no webhook was set"

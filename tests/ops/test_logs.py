"""Log lines never carry a secret, not even inside a traceback; JSON lines parse."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from bot.ops import logs
from config.settings import Settings

TOKEN = "987654:AAH-very-secret-bot-token"
WEBHOOK = "w" * 20 + "-Secret_0123456789ABCDEF"
DB_PASSWORD = "db-Pa55word-xyz"
INVITE = "Zx8_kQ2-pLm4NvB7tR1sYw3e"


@pytest.fixture
def root_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def settings(log_format: str) -> Settings:
    return Settings(
        bot_token=TOKEN,  # type: ignore[arg-type]
        webhook_secret=WEBHOOK,  # type: ignore[arg-type]
        database_url=f"postgresql+asyncpg://ura:{DB_PASSWORD}@db.example/ura",
        log_format=log_format,  # type: ignore[arg-type]
        _env_file=None,  # type: ignore[call-arg]
    )


def log_a_leaky_failure() -> None:
    log = logging.getLogger("ura.test")
    try:
        raise RuntimeError(
            f"POST https://api.telegram.org/bot{TOKEN}/sendMessage failed; "
            f"secret {WEBHOOK}; dsn postgresql://ura:{DB_PASSWORD}@db/ura; "
            f"link https://t.me/ura_bot?start={INVITE}; text /start {INVITE}"
        )
    except RuntimeError:
        log.exception("send failed for %s", f"bot{TOKEN}")


@pytest.mark.parametrize("log_format", ["text", "json"])
@pytest.mark.usefixtures("root_logging")
def test_no_secret_survives_a_traceback(
    log_format: str, capsys: pytest.CaptureFixture[str]
) -> None:
    logs.configure(settings(log_format))
    log_a_leaky_failure()
    written = capsys.readouterr().err
    assert "RuntimeError" in written, "the traceback itself is kept"
    for secret in (TOKEN, TOKEN.split(":")[1], WEBHOOK, DB_PASSWORD, INVITE):
        assert secret not in written
    assert "<redacted>" in written
    assert "start=<invite>" in written
    if log_format == "json":
        line = json.loads(written.strip())
        assert line["level"] == "ERROR"
        assert "Traceback" in line["traceback"]

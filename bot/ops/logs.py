"""Log lines as text or JSON, with every secret taken out of the finished line.

Redaction happens on the formatted line, tracebacks included, so a secret inside an
exception's message or a URL printed by a library never reaches the log. Secrets: the bot
token, the webhook secret, the database password, and anything that looks like an invite
token after `start`.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime

from bot.core.redaction import DETAIL, database_secrets
from config.settings import Settings

INVITE = re.compile(r"(start[=\s]+)[A-Za-z0-9_-]{12,64}")
UPDATE_FIELDS = ("kind", "handler", "latency_ms", "outcome", "update_id")


def secrets_of(settings: Settings) -> list[str]:
    """Every secret that must never appear in a log line."""
    found: list[str] = []
    if settings.bot_token is not None:
        token = settings.bot_token.get_secret_value().strip()
        found += [token, token.split(":", 1)[-1]]
    if settings.webhook_secret is not None:
        found.append(settings.webhook_secret.get_secret_value())
    found += database_secrets(settings.database_url)  # as written, encoded and decoded
    return [s for s in found if len(s) >= 4]


class Redactor:
    def __init__(self, secrets: Iterable[str]) -> None:
        self._secrets = sorted(set(secrets), key=len, reverse=True)

    def __call__(self, line: str) -> str:
        for secret in self._secrets:
            line = line.replace(secret, "<redacted>")
        # PostgreSQL's errors quote a row's values in a DETAIL line.
        return DETAIL.sub("DETAIL: <redacted>", INVITE.sub(r"\1<invite>", line))


class TextFormatter(logging.Formatter):
    def __init__(self, redact: Redactor) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self._redact = redact

    def format(self, record: logging.LogRecord) -> str:
        return self._redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the update fields."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self._redact = redact

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in UPDATE_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        return self._redact(json.dumps(line, ensure_ascii=False, default=str))


def configure(settings: Settings) -> None:
    """The root logger writes to stderr in the chosen format, secrets redacted."""
    redact = Redactor(secrets_of(settings))
    handler = logging.StreamHandler(sys.stderr)
    formatter = JsonFormatter(redact) if settings.log_format == "json" else TextFormatter(redact)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    for noisy in ("httpx", "apscheduler", "tornado.access", "aiosqlite"):  # aiosqlite quotes values
        logging.getLogger(noisy).setLevel(logging.WARNING)

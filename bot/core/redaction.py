"""Secrets never reach a log line, a traceback or the terminal.

The bot token and the database password are replaced wherever they appear: in a log
message, in its arguments, in a formatted traceback (SQLAlchemy and Alembic errors quote the
database URL) and in the one line the CLI prints when something unexpected fails; so is the
DETAIL line in which PostgreSQL quotes a row's values. Bound values never get that far: the
engine hides them (storage/db.py). Errors kept
in the database (`timers.last_error`) hold only the exception's class and SQLAlchemy's error
code, never its message, since a message may quote the data that was being written.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import quote, unquote

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError


def database_secrets(url: str) -> list[str]:
    """The password of a database URL, as written and decoded (either may be printed)."""
    try:
        password = make_url(url).password
    except (ArgumentError, ValueError):
        return []
    if not password:
        return []
    raw = str(password)
    return [raw, quote(raw, safe=""), unquote(raw)]


# PostgreSQL's errors quote the row in a DETAIL line ("Key (name)=(Ana Hoxha) already exists").
DETAIL = re.compile(r"DETAIL:[^\n]*")


class Redactor(logging.Filter):
    """A logging filter that blanks each secret in the message and in the traceback, and the
    values a database error quotes."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret that contains another is replaced whole.
        self._secrets = sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True)
        self._formatter = logging.Formatter()

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "<redacted>")
        return DETAIL.sub("DETAIL: <redacted>", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = self.redact(message), None
        if record.exc_info:
            text = record.exc_text or self._formatter.formatException(record.exc_info)
            record.exc_text, record.exc_info = self.redact(text), None
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def short_error(error: BaseException) -> str:
    """What a database error column may keep: the class and SQLAlchemy's code, no message."""
    name = type(error).__name__
    code = getattr(error, "code", None) if isinstance(error, SQLAlchemyError) else None
    orig = getattr(error, "orig", None)
    parts = [name]
    if orig is not None and type(orig).__name__ != name:
        parts.append(f"from {type(orig).__name__}")
    if code:
        parts.append(f"[{code}]")
    return " ".join(parts)[:300]

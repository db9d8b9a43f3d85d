"""No personal data or secret in logs, tracebacks or the database's error columns."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.core.clock import ManualClock
from bot.core.redaction import Redactor, database_secrets
from bot.core.scheduling import Fired, plan
from storage.db import SessionFactory
from storage.models import Member, Timer
from tests.core.test_timers import make_timers

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
WORDS = "Vajza Ana Hoxha, tel 0691234567"


async def write_a_broken_row(fired: Fired) -> None:
    """A handler whose write fails: SQLAlchemy's error would quote the values it bound."""
    fired.session.add(
        Member(
            telegram_user_id=1,
            display_name=WORDS,
            language="sq",
            role="ngo",
            agency=None,  # NOT NULL: the insert fails
            created_at=fired.now,
            updated_at=fired.now,
        )
    )
    await fired.session.flush()


async def test_a_failed_timer_keeps_only_the_errors_class_in_its_row_and_the_log(
    sessions: SessionFactory, caplog: pytest.LogCaptureFixture
) -> None:
    clock = ManualClock(START)
    async with sessions.begin() as session:
        plan(session, "test.broken", 7, START, START)
    timers = make_timers(sessions, clock, **{"test.broken": write_a_broken_row})
    with caplog.at_level(logging.INFO):  # as `ura run` logs (the drivers stay quiet)
        assert await timers.fire_due() == 0
    async with sessions() as session:
        timer = await session.scalar(select(Timer))
    assert timer is not None
    assert timer.last_error is not None
    assert timer.last_error.startswith("IntegrityError")
    assert "Ana" not in timer.last_error
    assert "0691234567" not in timer.last_error
    assert "timer" in caplog.text
    assert "IntegrityError" in caplog.text
    assert "Ana Hoxha" not in caplog.text
    assert "0691234567" not in caplog.text


def test_the_database_password_is_found_as_written_and_decoded() -> None:
    secrets = database_secrets("postgresql+asyncpg://ura:p%40ss%3Aw0rd@db:5432/ura")
    assert "p@ss:w0rd" in secrets
    assert "p%40ss%3Aw0rd" in secrets
    assert database_secrets("sqlite+aiosqlite:///ura.db") == []


def test_a_traceback_in_the_log_is_redacted_too(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("ura.test.redaction")
    redactor = Redactor(["123456:SECRET-TOKEN", "hunter22"])
    caplog.handler.addFilter(redactor)
    try:
        try:
            raise ConnectionError(
                "cannot connect to postgresql://ura:hunter22@db/ura\n"
                "DETAIL:  Key (name_key)=(ana hoxha) already exists."
            )
        except ConnectionError:
            logger.exception("calling bot%s failed", "123456:SECRET-TOKEN")
    finally:
        caplog.handler.removeFilter(redactor)
    text = caplog.handler.format(caplog.records[0])
    assert "Traceback" in text
    assert "postgresql://ura:<redacted>@db/ura" in text
    assert "bot<redacted> failed" in text
    assert "hunter22" not in text
    assert "SECRET-TOKEN" not in text
    assert "ana hoxha" not in text, "PostgreSQL's DETAIL line quotes the row"


async def test_a_database_error_does_not_quote_the_values_it_was_writing(
    sessions: SessionFactory,
) -> None:
    with pytest.raises(IntegrityError) as caught:
        async with sessions.begin() as session:
            session.add(
                Member(
                    telegram_user_id=1,
                    display_name=WORDS,
                    language="sq",
                    role="ngo",
                    agency=None,
                    created_at=START,
                    updated_at=START,
                )
            )
    assert "hidden due to hide_parameters" in str(caught.value)
    assert "0691234567" not in str(caught.value)

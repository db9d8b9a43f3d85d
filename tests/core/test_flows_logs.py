"""Quiet logs: a Telegram error Ura handles is one WARNING line (method, status, what next);
tracebacks are kept for what nobody handled."""

from __future__ import annotations

import logging

import pytest

from tests.ura import Ura


def _telegram_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.getMessage().startswith("telegram ")]


async def test_a_502_while_polling_is_one_warning_line_and_the_member_is_answered(
    ura: Ura, caplog: pytest.LogCaptureFixture
) -> None:
    t = ura.telegram
    caplog.set_level(logging.DEBUG)
    t.fail_next_polls(502, times=2)
    await t.send_text(ura.coordinator, "/help")
    await t.wait_for_message(ura.coordinator, contains="/members — anëtarët", timeout=10)
    lines = [r for r in _telegram_lines(caplog) if "getUpdates" in r.getMessage()]
    assert [r.getMessage() for r in lines] == [
        "telegram getUpdates failed: 502 Bad Gateway; polling retries"
    ] * 2
    assert all(r.levelno == logging.WARNING and r.exc_info is None for r in lines)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [r for r in caplog.records if r.levelno > logging.DEBUG and r.exc_info]


async def test_a_502_while_sending_is_one_warning_line_with_the_retry(
    ura: Ura, caplog: pytest.LogCaptureFixture
) -> None:
    t = ura.telegram
    caplog.set_level(logging.DEBUG)
    t.fail_next(ura.coordinator, 502, "Bad Gateway", times=2)
    await t.send_text(ura.coordinator, "/help")
    await t.wait_for_message(ura.coordinator, contains="/members — anëtarët")
    lines = [r.getMessage() for r in _telegram_lines(caplog)]
    assert len(lines) == 2
    assert lines[0].startswith("telegram sendMessage failed: 502 Bad Gateway; retry 1/6")
    assert lines[1].startswith("telegram sendMessage failed: 502 Bad Gateway; retry 2/6")
    assert all(r.levelno == logging.WARNING for r in _telegram_lines(caplog))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [r for r in caplog.records if r.levelno > logging.DEBUG and r.exc_info]


async def test_what_nobody_handled_keeps_its_traceback(
    ura: Ura, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handlers import basics

    def broken(*_: object, **__: object) -> object:
        raise RuntimeError("a bug")

    caplog.set_level(logging.WARNING)
    monkeypatch.setattr(basics.Reply, "to_payload", broken)  # every reply breaks
    await ura.telegram.send_text(ura.coordinator, "/help")
    await ura.telegram.wait_idle()
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert failures
    assert all(r.exc_info for r in failures)

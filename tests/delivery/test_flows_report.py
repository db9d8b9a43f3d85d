"""A broadcast's report keeps "may not have arrived" (a send a crash interrupted, an answer
Telegram lost) apart from failures, and offers resending it only as a separate choice."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.broadcasts.audience import Problem, Snapshot
from bot.broadcasts.render.report import report
from bot.core.i18n import Safe, Translator
from storage.outbox import Broadcast

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def finished() -> Broadcast:
    return Broadcast(id=7, status="done", created_at=NOW, finished_at=NOW, audience={})


def test_a_send_interrupted_by_a_crash_is_not_a_failure_and_not_resent_by_default() -> None:
    stopped = Problem(3, "Drita", "uncertain", "the sender stopped during this send")
    state = Snapshot(total=3, delivered=2, uncertain=1, problems=[stopped])
    shown = report(Translator(), "en", finished(), state, Safe("Durrës"), ZoneInfo("UTC"))
    assert "❌ Not delivered: 0" in shown.text
    assert "❔ May not have arrived: 1" in shown.text
    assert "Drita — Ura stopped during this send; it may have arrived" in shown.text
    labels = [b.label for row in shown.buttons for b in row]
    assert labels == ["❔ Resend also where it may not have arrived"]

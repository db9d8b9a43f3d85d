"""The exchange-log entry of an alert is written in the one attachment shape the log documents
and its readers read (bot/log/entries.py, bot/core/attachments.py): a location attached to an
alert used to be logged in a shape the log's reader took for a document, and failed on
(KeyError: 'file_id')."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.alerts import rules as alerts
from bot.core.attachments import Attachment
from bot.core.permissions import Agency
from bot.exchange.render.messages import attachment as log_attachment
from bot.log import entries
from storage.db import SessionFactory
from tests.alerts.test_routing_rules import person

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CHILD = {"region": "durres", "category": "child_at_risk", "urgency": "urgent", "description": "x"}
ATTACHED = [
    Attachment.location(41.3231, 19.4414),
    Attachment.photo("AgAD-photo"),
    Attachment.document("BQAD-doc", "report.pdf"),
]


@pytest.mark.parametrize("attached", ATTACHED, ids=lambda a: str(a.kind))
async def test_an_alerts_log_entry_reads_back_as_what_was_attached(
    sessions: SessionFactory, attached: Attachment
) -> None:
    async with sessions.begin() as session:
        ngo = await person(session, 1, Agency.CIVIL_SOCIETY)
        data = {**CHILD, "attachment": attached.to_json()}
        alert = (await alerts.raise_alert(session, NOW, ngo, data, timedelta(minutes=15))).alert
        alert_id = alert.id
    async with sessions() as session:
        entry = await entries.current_for_ref(session, ("alert", alert_id))
        assert entry is not None
        stored = await session.get(type(alert), alert_id)
    assert stored is not None
    assert Attachment.from_json(stored.attachment) == attached  # the alert's own copy
    [logged] = entry.attachments
    assert logged["kind"] == attached.kind  # the documented shape
    assert Attachment.from_json(logged) == attached
    found = Attachment.from_json(logged)
    assert found is not None
    shown, meant = log_attachment(found), attached.reply()  # a log reader shows it: no KeyError
    assert shown.location == meant.location
    assert (shown.photo or {}).get("file_id") == (meant.photo or {}).get("file_id")
    assert (shown.document or {}).get("file_id") == (meant.document or {}).get("file_id")


async def test_an_alert_without_attachment_logs_none(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        ngo = await person(session, 1, Agency.CIVIL_SOCIETY)
        alert_id = (await alerts.raise_alert(session, NOW, ngo, CHILD, timedelta(1))).alert.id
        entry = await entries.current_for_ref(session, ("alert", alert_id))
    assert entry is not None
    assert entry.attachments == []

"""A broadcast that reaches a member by e-mail: they blocked Ura and asked for e-mail when
Telegram cannot reach them; the delivery report says it went by e-mail (issue #18)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from bot.broadcasts import emails
from bot.broadcasts.audience import Snapshot
from bot.broadcasts.emails import EmailReach
from bot.broadcasts.render.report import report
from bot.channels.model import EmailMode
from bot.core.i18n import Safe, Translator
from tests.broadcasts.test_broadcasts import SEND_NOW, committee, write
from tests.channels.test_channels import (
    Mailbox,
    confirmed,
    free_port,
    settle_emails,
    text_of,
    with_mail,
)
from tests.delivery.test_flows_report import finished
from tests.ura import Ura

UTC_ZONE = ZoneInfo("UTC")


@pytest.fixture
async def mail_server() -> AsyncIterator[Mailbox]:
    box = Mailbox(free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    yield box
    controller.stop()


async def test_a_member_who_blocked_ura_gets_the_broadcast_by_email_and_the_report_says_so(
    ura: Ura, mail_server: Mailbox
) -> None:
    t, me = ura.telegram, ura.coordinator
    await with_mail(ura, mail_server.port)
    ardit, sara, _ = await committee(ura)
    await confirmed(ura, ardit, "ardit@asp.gov.al", EmailMode.FALLBACK)
    t.block(ardit)
    preview = await write(ura, "Mbledhja është të enjten në 10:00.")
    await t.press_button(me, SEND_NOW, message=preview)
    await t.wait_for_message(sara, contains="Mbledhja është të enjten")
    (mail,) = await mail_server.wait(within=30.0)
    assert mail["To"] == "ardit@asp.gov.al"
    assert "Mbledhja është të enjten" in text_of(mail)
    # The report sent when it finished (perhaps before the e-mail went): not the one read here.
    first = await t.wait_for_message(me, contains="Raporti i njoftimit", after=preview)
    await settle_emails(ura)
    said = await t.send_text(me, "/broadcasts")
    listing = await t.wait_for_message(me, contains="Njoftimet", after=said)
    await t.press_button(me, "#1", message=listing)
    shown = await t.wait_for_message(me, contains="Raporti i njoftimit", after=listing)
    assert shown.message_id > first.message_id
    assert "Dërguar: 1 · Nuk u dërgua: 0 · Në pritje: 0" in shown.text
    assert "Dërguar me e-mail: Ardit" in shown.text
    assert "Nuk marrin mesazhe: 1" in shown.text, "Telegram still did not reach him"
    async with ura.sessions() as session:
        found = await emails.reach(session, 1)
    assert (found.sent, found.failed, found.pending) == (["Ardit"], [], [])


def test_the_report_shows_what_was_not_sent_by_email_and_why_in_both_languages() -> None:
    found = EmailReach(sent=["Ardit"], failed=[("Besa", "550 mailbox unavailable")])
    state = Snapshot(total=2, unreachable=2, email=found)
    zone = UTC_ZONE
    sq = report(Translator(), "sq", finished(), state, Safe("Durrës"), zone).text
    assert "Dërguar: 1 · Nuk u dërgua: 1 · Në pritje: 0" in sq
    assert "Nuk u dërgua me e-mail" in sq
    assert "Besa — 550 mailbox unavailable" in sq
    en = report(Translator(), "en", finished(), state, Safe("Durrës"), zone).text
    assert "Sent: 1 · Not sent: 1 · Pending: 0" in en
    assert "Sent by e-mail: Ardit" in en
    assert "Not sent by e-mail" in en


def test_a_report_without_emails_has_no_email_lines() -> None:
    zone = UTC_ZONE
    shown = report(Translator(), "sq", finished(), Snapshot(total=1, delivered=1), Safe("x"), zone)
    assert "e-mail" not in shown.text


def test_an_email_a_crash_left_in_flight_is_shown_as_may_have_arrived() -> None:
    found = EmailReach(sent=["Ardit"], uncertain=["Besa"])
    state = Snapshot(total=2, unreachable=2, email=found)
    sq = report(Translator(), "sq", finished(), state, Safe("Durrës"), UTC_ZONE).text
    assert "E-maili mund të ketë mbërritur (nuk dërgohet sërish): Besa" in sq
    en = report(Translator(), "en", finished(), state, Safe("Durrës"), UTC_ZONE).text
    assert "May have arrived by e-mail (not sent again): Besa" in en

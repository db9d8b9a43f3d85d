"""The e-mail line of a delivery report: counts per outcome for one broadcast or alert, the
uncertain ones (a sender died mid-send) shown apart, and no address in it."""

from __future__ import annotations

from bot.channels.email import enqueue
from bot.channels.model import EmailPurpose, SendState
from bot.channels.report import email_line, email_outcomes
from bot.core.clock import SystemClock
from bot.core.i18n import Translator
from storage.db import SessionFactory


async def test_the_report_line_counts_each_outcome_and_names_nobody(
    sessions: SessionFactory,
) -> None:
    now = SystemClock().now()
    states = [SendState.SENT] * 3 + [SendState.UNCERTAIN, SendState.FAILED, SendState.CLAIMED]
    async with sessions.begin() as session:
        for n, state in enumerate(states):
            row = enqueue(session, now, None, f"p{n}@asp.gov.al", "s", "b", EmailPurpose.FALLBACK)
            row.state, row.ref_type, row.ref_id = state, "broadcast", 7
        other = enqueue(session, now, None, "x@asp.gov.al", "s", "b", EmailPurpose.URGENT)
        other.ref_type, other.ref_id = "alert", 7
    async with sessions() as session:
        counts = await email_outcomes(session, ("broadcast", 7))
        nothing = await email_outcomes(session, ("broadcast", 8))
    assert counts == {
        SendState.SENT: 3,
        SendState.UNCERTAIN: 1,
        SendState.FAILED: 1,
        SendState.CLAIMED: 1,
    }
    t = Translator("sq")
    assert email_line(t, "en", counts) == (
        "✉️ By e-mail instead: sent 3, waiting 1, not delivered 1, may not have arrived 1"
    )
    assert email_line(t, "sq", counts) == (
        "✉️ Me e-mail në vend të Telegramit: dërguar 3, në pritje 1, nuk u dorëzuan 1, "
        "mund të mos kenë mbërritur 1"
    )
    assert email_line(t, "sq", nothing) is None, "no line when no e-mail went"

"""A delivery report's e-mail line: how the e-mail copies of one thing (an alert, a broadcast)
fared — sent, waiting, not delivered, or uncertain (in flight when a sender died: they may
have arrived, and are never sent twice). Counts only: no address in the line."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.model import SendState
from bot.core.i18n import Safe, Translator
from storage.channels import EmailMessage

WAITING = frozenset({SendState.PENDING, SendState.CLAIMED, SendState.SENDING})


async def email_outcomes(session: AsyncSession, ref: tuple[str, int]) -> dict[SendState, int]:
    """E-mails about ref (("broadcast", id), ("alert", id)) by state."""
    rows = await session.execute(
        select(EmailMessage.state, func.count())
        .where(EmailMessage.ref_type == ref[0], EmailMessage.ref_id == ref[1])
        .group_by(EmailMessage.state)
    )
    return {SendState(state): count for state, count in rows.all()}


def email_line(t: Translator, lang: str, counts: dict[SendState, int]) -> Safe | None:
    """One line for the report, or None when no e-mail went for it."""
    if not any(counts.values()):
        return None
    return t(
        lang,
        "email.report.line",
        sent=counts.get(SendState.SENT, 0),
        waiting=sum(counts.get(state, 0) for state in WAITING),
        failed=counts.get(SendState.FAILED, 0),
        uncertain=counts.get(SendState.UNCERTAIN, 0),
    )

"""Who a broadcast reached by e-mail: a member Telegram could not reach (they blocked Ura) gets
the broadcast by e-mail if they asked for it (bot/listeners.py: the e-mail fallback). Those
e-mails are rows of the channels outbox whose subject is the broadcast; here each member's
are read back as one outcome: sent, not sent (and why), uncertain (in flight when a sender
died: it may have arrived and is never sent twice), or still pending."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.model import SendState
from storage.channels import EmailMessage
from storage.members import Member

SUBJECT = "broadcast"  # the ref of a broadcast's outbox rows, which its e-mail copies keep
_PENDING = (SendState.PENDING, SendState.CLAIMED, SendState.SENDING)


@dataclass(frozen=True)
class EmailReach:
    """A broadcast's e-mail copies, one outcome per member."""

    sent: list[str] = field(default_factory=list)  # names
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    pending: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.sent or self.failed or self.pending or self.uncertain)


def _outcome(rows: list[Any]) -> tuple[str, str]:
    """A member's e-mails for one broadcast (a long one is several): pending while any is;
    not sent if any was not (the first reason), uncertain if any may not have arrived, else
    sent."""
    if any(r.state in _PENDING for r in rows):
        return SendState.PENDING, ""
    if any(r.state == SendState.UNCERTAIN for r in rows):
        return SendState.UNCERTAIN, ""
    for row in rows:
        if row.state != SendState.SENT:
            return SendState.FAILED, row.last_error or row.state
    return SendState.SENT, ""


async def reach(session: AsyncSession, broadcast_id: int) -> EmailReach:
    query = (
        select(
            EmailMessage.member_id,
            EmailMessage.state,
            EmailMessage.last_error,
            Member.display_name,
        )
        .join(Member, Member.id == EmailMessage.member_id)
        .where(EmailMessage.ref_type == SUBJECT, EmailMessage.ref_id == broadcast_id)
        .order_by(EmailMessage.id)
    )
    by_member: dict[int, list[Any]] = {}
    for row in (await session.execute(query)).all():
        by_member.setdefault(row.member_id, []).append(row)
    found = EmailReach()
    for rows in by_member.values():
        outcome, why = _outcome(rows)
        name = rows[0].display_name
        if outcome == SendState.SENT:
            found.sent.append(name)
        elif outcome == SendState.FAILED:
            found.failed.append((name, why))
        elif outcome == SendState.UNCERTAIN:
            found.uncertain.append(name)
        else:
            found.pending.append(name)
    return found

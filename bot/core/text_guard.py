"""The privacy guard on every typed text that others will read, not only on alerts.

A note, a closing note, a referral reason or a refusal's reason, an update to a group, a
roundtable's agenda and a follow-up's text are checked when typed into their saved form,
and so is a Telegram reply to a relayed update or an alert card.
When the guard finds an identifier, the text is held in the form (not yet answered) and the
writer chooses: send it anyway, or write it again. The alert's own description keeps its
step in the alert form (handlers/alerts/raising.py); this covers the other forms alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.flows import Flow, Step
from bot.core.privacy_guard import Finding, find_identifiers
from storage.members import Draft
from storage.outbox import OutboxMessage

# (form, step) whose typed text is checked.
GUARDED: frozenset[tuple[str, str]] = frozenset(
    {
        ("alert_note", "text"),
        ("alert_resolve", "text"),
        ("alert_refer", "reason"),
        ("alert_decline", "reason"),
        ("exchange", "text"),
        ("meeting", "agenda"),
        ("meeting_action", "text"),
    }
)
KEEP, EDIT = "guard_keep", "guard_edit"  # the two answers to a warning
_PENDING = "guard_pending"
# A held Telegram reply (to a relayed update or an alert card) when no form was open.
REPLY_FLOW = Flow("reply_guard", (Step("confirm", "choice"),))


@dataclass(frozen=True)
class Held:
    text: str
    reply_to: int | None  # the outbox row a held reply answers; None for a form's answer


def hold(draft: Draft, text: str) -> list[Finding]:
    """Check a typed answer; when it names someone, keep it aside and return the findings."""
    if (draft.flow, draft.step) not in GUARDED:
        return []
    found = find_identifiers(text)
    if found:
        draft.data = {**draft.data, _PENDING: {"step": draft.step, "text": text}}
    return found


def hold_reply(draft: Draft, row_id: int, text: str) -> None:
    """Keep a reply aside in the person's form (their open one, or a REPLY_FLOW one)."""
    pending = {"step": draft.step, "text": text, "reply_to": row_id}
    draft.data = {**draft.data, _PENDING: pending}


def release(draft: Draft, choice: str) -> Held | None:
    """The held text when the writer keeps it; None when they will write it again."""
    data: dict[str, Any] = dict(draft.data)
    pending = data.pop(_PENDING, None)
    draft.data = data  # reassigned: JSON change tracking
    if choice == KEEP and isinstance(pending, dict) and pending.get("step") == draft.step:
        reply_to = pending.get("reply_to")
        return Held(str(pending["text"]), int(reply_to) if reply_to is not None else None)
    return None


async def replied_row(session: AsyncSession, held: Held, chat_id: int) -> OutboxMessage | None:
    """The message a held reply answers, if it is still one of this chat's."""
    row = await session.get(OutboxMessage, held.reply_to or 0)
    return row if row is not None and row.chat_id == chat_id else None

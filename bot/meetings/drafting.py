"""The /meeting form between its questions: the group picker's ticks (checked against what
this organiser may convene, the picker message edited in place) and who would be invited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.i18n import Translator
from bot.core.picker import toggle
from bot.delivery import enqueue_edit
from bot.meetings import audience
from bot.meetings.render import flow
from storage.members import Draft, Member
from storage.outbox import OutboxMessage


async def tick(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    lang: str,
    draft: Draft,
    organiser: Member,
    value: str,
) -> bool:
    """A group ticked or unticked (or everyone): the draft and the picker message follow.
    False when this organiser may not pick that value (a stale or crafted press)."""
    groups = await audience.convenable_groups(session, organiser)
    if not audience.may_pick(organiser, value, groups):
        return False
    chosen = toggle(draft.data.get("groups", []), value, {str(g.id) for g in groups})
    draft.data = {**draft.data, "groups": chosen}
    picker = await session.get(OutboxMessage, draft.data.get("picker", 0))
    if picker is not None:
        reply = flow.group_picker(t, lang, groups, chosen, organiser)
        await enqueue_edit(session, target=picker, reply=reply, now=now)
    return True


async def invited_count(session: AsyncSession, organiser: Member, data: dict[str, Any]) -> int:
    """How many members the draft's groups would invite (the organiser aside)."""
    chosen = audience.audience_of(data["groups"])
    return len(await audience.audience_members(session, chosen, organiser.id))

"""The /broadcast form between its questions: the group picker's ticks (the picker message
edited in place) and the document it carries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts.render.messages import group_picker
from bot.core.attachments import Attachment, AttachmentKind
from bot.core.i18n import Translator
from bot.core.picker import toggle
from bot.delivery import enqueue_edit
from bot.members import directory
from storage.members import Draft
from storage.outbox import OutboxMessage

UNNAMED = "document"  # a document sent without a file name


async def tick(
    session: AsyncSession, now: datetime, t: Translator, lang: str, draft: Draft, value: str
) -> bool:
    """A group ticked or unticked: the draft and the picker message follow. False for a
    value that is no group (a stale or crafted press)."""
    groups = await directory.all_groups(session)
    allowed = {str(g.id) for g in groups}
    if value not in allowed:
        return False
    chosen = toggle(draft.data.get("groups", []), value, allowed)
    draft.data = {**draft.data, "groups": chosen}
    picker = await session.get(OutboxMessage, draft.data.get("picker", 0))
    if picker is not None:
        reply = group_picker(t, lang, groups, set(chosen))
        await enqueue_edit(session, target=picker, reply=reply, now=now)
    return True


def document(found: Attachment | None) -> Attachment | None:
    """What a broadcast carries from a message: a document (always named), nothing else."""
    if found is None or found.kind is not AttachmentKind.DOCUMENT:
        return None
    return Attachment.document(found.file_id, found.filename or UNNAMED)

"""The ONE place that decides who receives which message about a monitoring request.

- a new request: its card to every addressee (Answer, Forward), to the committee's chair and
  the coordinators (to follow it), and to the asker (their own copy, with Close once answered);
- any change (answer, forward, close, overdue): every copy of the card is edited in place;
- an answer: to the asker and the Advisory Group's members;
- three days before the due date and on it: a reminder to those who may answer, while open;
- the day after the due date, still unanswered: a flag to the chair and the coordinators.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.attachments import Attachment, AttachmentKind
from bot.core.i18n import Translator
from bot.core.rendering import Reply
from bot.core.scheduling import Fired
from bot.delivery import Priority, copies, enqueue_edit, enqueue_to
from bot.members.model import MemberStatus
from bot.requests import reading, render
from bot.requests.model import NOTICE_REF, REF, RecipientRole, Shown, Stage, Status
from bot.requests.rules import Reached
from storage.members import Group, Member
from storage.requests import InfoRequest, InfoRequestAnswer


async def view(
    session: AsyncSession, request: InfoRequest, now: datetime, zone: ZoneInfo
) -> render.View:
    asker = await session.get(Member, request.asker_member_id)
    assert asker is not None
    group = await session.get(Group, request.group_id) if request.group_id else None
    answers = await reading.answers(session, request.id)
    return render.View(
        request, asker, group, answers, reading.shown(request, now.astimezone(zone).date())
    )


def _attachment(
    member: Member,
    request: InfoRequest,
    stored: dict[str, Any] | None,
    now: datetime,
    session: AsyncSession,
) -> None:
    attachment = Attachment.from_json(stored, default=AttachmentKind.PHOTO)
    if attachment is None:
        return
    enqueue_to(
        session,
        member,
        attachment.reply(),
        now=now,
        priority=Priority.NOTICE,
        ref=(NOTICE_REF, request.id),
    )


async def listing(
    session: AsyncSession, now: datetime, t: Translator, lang: str, zone: ZoneInfo, reader: Member
) -> Reply:
    """/requests: what this reader may see, each with its state and addressee."""
    shown = []
    for request in await reading.visible(session, reader):
        seen = await view(session, request, now, zone)
        shown.append((request, seen.shown, render.address(t, lang, request, seen.group)))
    return render.listing(t, lang, shown)


async def announce(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    zone: ZoneInfo,
    reached: Reached,
    asker: Member,
) -> None:
    shown = await view(session, reached.request, now, zone)
    readers: list[tuple[Member, RecipientRole | None]] = [(asker, None), *reached.recipients]
    for member, role in readers:
        card = render.card(t, member.language, shown, role, zone)
        priority = Priority.INTERACTIVE if role is None else Priority.NOTICE
        enqueue_to(session, member, card, now=now, priority=priority, ref=(REF, reached.request.id))
        if role is not None:
            _attachment(member, reached.request, reached.request.attachment, now, session)


async def refresh(
    session: AsyncSession, now: datetime, t: Translator, zone: ZoneInfo, request: InfoRequest
) -> None:
    """Every copy of the card shows the request as it is now; a suspended reader's is left."""
    shown = await view(session, request, now, zone)
    for copy in await copies(session, (REF, request.id)):
        member = await session.get(Member, copy.member_id) if copy.member_id else None
        if member is None or member.status != MemberStatus.ACTIVE:
            continue
        role = (
            None
            if member.id == request.asker_member_id
            else await reading.role_of(session, request, member)
        )
        card = render.card(t, member.language, shown, role, zone)
        await enqueue_edit(session, target=copy, reply=card, now=now)


async def forwarded(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    zone: ZoneInfo,
    request: InfoRequest,
    colleague: Member,
) -> None:
    shown = await view(session, request, now, zone)
    card = render.card(t, colleague.language, shown, RecipientRole.FORWARDED, zone)
    enqueue_to(session, colleague, card, now=now, ref=(REF, request.id))
    _attachment(colleague, request, request.attachment, now, session)


async def answered(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    zone: ZoneInfo,
    request: InfoRequest,
    answer: InfoRequestAnswer,
    author: Member,
) -> None:
    await refresh(session, now, t, zone, request)
    readers = {m.id: m for m in await reading.advisory_members(session)}
    asker = await session.get(Member, request.asker_member_id)
    if asker is not None and asker.status == MemberStatus.ACTIVE:
        readers[asker.id] = asker
    readers.pop(author.id, None)
    for member in readers.values():
        notice = render.answer_notice(t, member.language, request, answer, author)
        enqueue_to(session, member, notice, now=now, ref=(NOTICE_REF, request.id))
        _attachment(member, request, answer.attachment, now, session)


async def fire_remind(fired: Fired) -> None:
    request = await fired.session.get(InfoRequest, fired.timer.ref_id)
    if request is None or request.status != Status.OPEN:
        return
    stage = Stage(str(fired.timer.payload.get("stage", Stage.DUE)))
    for member, _ in await reading.recipients(fired.session, request.id, answering_only=True):
        reply = render.reminder(fired.translator, member.language, request, stage)
        enqueue_to(fired.session, member, reply, now=fired.now, ref=(NOTICE_REF, request.id))


async def fire_overdue(fired: Fired) -> None:
    request = await fired.session.get(InfoRequest, fired.timer.ref_id)
    if request is None or request.status != Status.OPEN:
        return
    zone = fired.settings.zone
    shown = await view(fired.session, request, fired.now, zone)
    if shown.shown is not Shown.OVERDUE:
        return
    watchers = [
        m
        for m, role in await reading.recipients(fired.session, request.id)
        if role in (RecipientRole.CHAIR, RecipientRole.COORDINATOR)
    ]
    for member in watchers:
        to = render.address(fired.translator, member.language, request, shown.group)
        reply = render.overdue(fired.translator, member.language, request, to)
        enqueue_to(fired.session, member, reply, now=fired.now, ref=(NOTICE_REF, request.id))
    await refresh(fired.session, fired.now, fired.translator, zone, request)

"""Who receives a monitoring report, and which version: the one place that decides it.

Coordinators read the coordinators' version; members of the Advisory Group read theirs
(no alert text, no names, small counts as "<3"). Nobody else receives a report.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit
from bot.core.i18n import Translator
from bot.core.permissions import Role
from bot.delivery import Priority
from bot.delivery.outbox import enqueue_to
from bot.members.model import MemberStatus
from bot.reports.model import Audience, Period
from bot.reports.report import Report, read_figures, render_aside
from config.settings import Settings
from storage.members import Group, Member, Membership

ADVISORY = "advisory"
REF = "report"


def audience_for(member: Member | None) -> Audience | None:
    """The version a member may read, or None when reports are not theirs to read."""
    if member is None or member.status != MemberStatus.ACTIVE:
        return None
    if member.role == Role.COORDINATOR:
        return Audience.COORDINATOR
    if any(g.kind == ADVISORY for g in member.groups):
        return Audience.ADVISORY
    return None


async def monthly_readers(session: AsyncSession) -> list[tuple[Member, Audience]]:
    """The coordinators and the Advisory Group's members, each once."""
    advisory = select(Membership.member_id).join(Group, Group.id == Membership.group_id)
    query = select(Member).where(
        Member.status == "active",
        (Member.role == Role.COORDINATOR) | Member.id.in_(advisory.where(Group.kind == ADVISORY)),
    )
    readers = []
    for member in await session.scalars(query.order_by(Member.id)):
        audience = audience_for(member)
        if audience is not None:
            readers.append((member, audience))
    return readers


def send(
    session: AsyncSession,
    now: datetime,
    member: Member,
    report: Report,
    priority: Priority = Priority.BULK,
) -> None:
    for reply in report.replies():
        enqueue_to(session, member, reply, now=now, priority=priority, ref=(REF, 0))


async def send_to(
    session: AsyncSession,
    now: datetime,
    period: Period,
    readers: Sequence[tuple[Member, Audience]],
    translator: Translator,
    settings: Settings,
    *,
    priority: Priority = Priority.BULK,
    actor_id: int | None = None,
) -> dict[str, int]:
    """Read the figures once, render each version and language once, send to every reader;
    returns how many readers got each version."""
    found = await read_figures(session, period, now, settings)
    rendered: dict[tuple[Audience, str], Report] = {}
    sent = {a.value: 0 for a in Audience}
    for member, audience in readers:
        lang = translator.language(member.language)
        if (audience, lang) not in rendered:
            rendered[(audience, lang)] = await render_aside(
                found, translator, lang, audience, settings
            )
        send(session, now, member, rendered[(audience, lang)], priority)
        sent[audience.value] += 1
        audit.record(
            session,
            now,
            "report.sent",
            actor_member_id=actor_id,
            subject=("member", member.id),
            period=period.token,
            audience=audience.value,
        )
    return sent

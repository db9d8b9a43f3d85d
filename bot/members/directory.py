"""Members, organisations and groups: who is in Ura and where."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit
from bot.core.parse import record_id
from bot.core.permissions import Role
from bot.core.text import fit, fold
from bot.members.model import MemberStatus
from storage.members import Draft, Group, Member, Membership, Organisation
from storage.outbox import CANCELLED, PENDING, OutboxMessage

NAME_MAX = 128  # members.display_name
ORGANISATION_MAX = 160  # organisations.name


def label(member: Member) -> str:
    """How a member is shown to others: the name and the organisation, so a name alone
    cannot pass for someone else's."""
    org = member.organisation.name if member.organisation else None
    return f"{member.display_name} ({org})" if org else member.display_name


class GroupFull(Exception):
    """The group already has its maximum number of organisations."""

    def __init__(self, group: Group) -> None:
        super().__init__(group.slug)
        self.group = group


async def by_telegram_id(session: AsyncSession, telegram_user_id: int) -> Member | None:
    return await session.scalar(select(Member).where(Member.telegram_user_id == telegram_user_id))


async def by_id(session: AsyncSession, member_id: int) -> Member | None:
    return await session.get(Member, member_id)


async def group_by_id(session: AsyncSession, group_id: int) -> Group | None:
    return await session.get(Group, group_id)


async def all_groups(session: AsyncSession, kind: str | None = None) -> Sequence[Group]:
    query = select(Group).order_by(Group.kind != "committee", Group.name)
    if kind is not None:
        query = query.where(Group.kind == kind)
    return (await session.scalars(query)).all()


async def find_group(session: AsyncSession, name: str) -> Group | None:
    """A group as people write it: 'Durrës', 'durres', 'DURRES' or its slug."""
    key = fold(name)
    for group in await all_groups(session):
        if key in (fold(group.slug), fold(group.name)):
            return group
    return None


async def group_by_choice(session: AsyncSession, value: str) -> Group | None:
    """The group a picker's button named by id (drafts begun before ids named it by slug)."""
    number = record_id(value)
    if number is not None:
        return await session.get(Group, number)
    return await find_group(session, value)


async def organisation(session: AsyncSession, name: str, now: datetime) -> Organisation:
    name = fit(name, ORGANISATION_MAX)
    key = fold(name)
    found = await session.scalar(select(Organisation).where(Organisation.name_key == key))
    if found is None:
        found = Organisation(name=name, name_key=key, created_at=now)
        session.add(found)
        await session.flush()
    return found


async def join(session: AsyncSession, member: Member, group: Group, now: datetime) -> bool:
    """Add a membership; the Advisory Group refuses an organisation beyond its maximum."""
    exists = await session.get(Membership, (member.id, group.id))
    if exists is not None:
        return False
    if group.max_organisations is not None and member.organisation_id is not None:
        org_ids = (
            select(Member.organisation_id)
            .distinct()
            .join(Membership, Membership.member_id == Member.id)
            .where(Membership.group_id == group.id, Member.organisation_id.is_not(None))
        )
        present = set((await session.scalars(org_ids)).all())
        if member.organisation_id not in present and len(present) >= group.max_organisations:
            raise GroupFull(group)
    session.add(Membership(member_id=member.id, group_id=group.id, created_at=now))
    await session.flush()
    await session.refresh(member, ["groups"])
    return True


async def register(
    session: AsyncSession,
    now: datetime,
    *,
    telegram_user_id: int,
    display_name: str,
    language: str,
    role: str,
    agency: str,
    organisation_name: str,
    groups: Iterable[Group],
) -> Member:
    """Create the member (or update one who joins again) and add the groups."""
    display_name = fit(display_name, NAME_MAX) or str(telegram_user_id)
    org = await organisation(session, organisation_name, now)
    member = await by_telegram_id(session, telegram_user_id)
    if member is None:
        member = Member(
            telegram_user_id=telegram_user_id,
            display_name=display_name,
            language=language,
            role=role,
            agency=agency,
            organisation_id=org.id,
            status=MemberStatus.ACTIVE,
            reachable=True,
            created_at=now,
            updated_at=now,
        )
        session.add(member)
    else:  # the name stays the one given at registration or by a coordinator, and the
        # role the one a coordinator set (roles.change_role): an invite only asks for another
        member.agency, member.organisation_id, member.updated_at = agency, org.id, now
    await session.flush()
    await session.refresh(member, ["organisation", "groups"])
    for group in groups:
        await join(session, member, group, now)
    return member


async def coordinators(session: AsyncSession) -> Sequence[Member]:
    query = select(Member).where(
        Member.role == Role.COORDINATOR, Member.status == MemberStatus.ACTIVE
    )
    return (await session.scalars(query.order_by(Member.id))).all()


async def ensure_coordinators(
    session: AsyncSession, now: datetime, ids: Iterable[int], language: str = "sq"
) -> None:
    """Make the coordinators named in the settings when they are not members yet, so the
    first one needs no invite. It bootstraps only: a member who exists (a coordinator
    demoted since, say) is left as they are, so the setting is no backdoor. They get the
    default language until they first write: then, like every newcomer, the language of
    their Telegram app if Ura speaks it (see `mark_seen`)."""
    for telegram_id in ids:
        if await by_telegram_id(session, telegram_id) is not None:
            continue
        member = Member(
            telegram_user_id=telegram_id,
            display_name=str(telegram_id),
            language=language,
            role=Role.COORDINATOR,
            agency="other",
            status=MemberStatus.ACTIVE,
            reachable=True,
            created_at=now,
            updated_at=now,
        )
        session.add(member)
        await session.flush()
        audit.record(
            session, now, "member.coordinator_from_settings", subject=("member", member.id)
        )


async def set_status(
    session: AsyncSession, now: datetime, actor: Member, member: Member, status: MemberStatus
) -> bool:
    if member.status == status:
        return False
    member.status, member.updated_at = status, now
    await forget_forms(session, member)  # a form begun under the old status is not finished
    if (
        status == MemberStatus.SUSPENDED
    ):  # a suspended member reaches nothing, queued notices included
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.member_id == member.id, OutboxMessage.state == PENDING)
            .values(state=CANCELLED, last_error="member suspended")
        )
    audit.record(
        session, now, f"member.{status}", actor_member_id=actor.id, subject=("member", member.id)
    )
    return True


async def forget_forms(session: AsyncSession, member: Member) -> None:
    """A change of status or role deletes the person's saved forms: each was begun under
    rights the person may no longer have."""
    await session.execute(delete(Draft).where(Draft.telegram_user_id == member.telegram_user_id))


async def mark_unreachable(
    session: AsyncSession, now: datetime, member_id: int, reason: str
) -> Member | None:
    """Returns the member only when this is news, so the coordinators are told once."""
    member = await session.get(Member, member_id)
    if member is None or not member.reachable:
        return None
    member.reachable, member.unreachable_reason, member.updated_at = False, reason[:200], now
    audit.record(session, now, "member.unreachable", subject=("member", member.id), reason=reason)
    return member


def never_seen(member: Member) -> bool:
    """Made from the settings and not yet heard from: the name is still the bare user id."""
    return member.display_name == str(member.telegram_user_id)


def mark_seen(
    member: Member, now: datetime, display_name: str | None, language: str | None = None
) -> None:
    """A member who writes to Ura can be reached again. Their name is not what Telegram says
    today (anyone can call themselves anything there): only a coordinator bootstrapped from
    the settings, who has no name but their id yet, takes their Telegram name once, and the
    language chosen as for every newcomer."""
    if language is not None and never_seen(member) and member.language != language:
        member.language, member.updated_at = language, now
    if not member.reachable:
        member.reachable, member.unreachable_reason, member.updated_at = True, None, now
    if display_name and member.display_name == str(member.telegram_user_id):
        member.display_name, member.updated_at = fit(display_name, NAME_MAX), now


async def rename(
    session: AsyncSession, now: datetime, actor: Member, member: Member, name: str
) -> bool:
    """A coordinator names a member (audited); False when the name is empty or the same."""
    name = fit(name, NAME_MAX)
    if not name or name == member.display_name:
        return False
    audit.record(
        session, now, "member.renamed", actor_member_id=actor.id, subject=("member", member.id)
    )
    member.display_name, member.updated_at = name, now
    return True

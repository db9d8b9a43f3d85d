"""A small, exactly known November 2026 for the report tests (figures worked out by hand).

Durrës: four alerts (one at 00:30 local on 1 November, which is 31 October in UTC), Kukës:
two urgent alerts nobody acknowledged, the other ten regions none. Times are UTC; November
in Europe/Tirane is UTC+1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AccessRequest,
    Alert,
    AlertRecipient,
    AlertReferral,
    ExchangeEntry,
    Group,
    Meeting,
    MeetingAction,
    MeetingInvitee,
    Member,
    Membership,
    Organisation,
)

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
ALERT_TEXT = "Vajza 15 vjeçe lyp natën në portin e Durrësit"
NAMES = ("Ardit Hoxha", "Blerina Kola", "Gentian Marku", "Drita Leka", "Koordinatorja Ema")


def at(day: int, hour: int = 9, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Seeded:
    coordinator: Member
    police_durres: Member
    social_durres: Member
    police_kukes: Member
    advisor: Member


async def _member(
    session: AsyncSession,
    telegram_id: int,
    name: str,
    org: str | None,
    agency: str,
    groups: list[Group],
    role: str = "committee",
    *,
    reachable: bool = True,
    status: str = "active",
) -> Member:
    organisation = None
    if org is not None:
        organisation = Organisation(name=org, name_key=org.lower(), created_at=NOW)
        session.add(organisation)
        await session.flush()
    member = Member(
        telegram_user_id=telegram_id,
        display_name=name,
        language="sq",
        role=role,
        agency=agency,
        organisation_id=organisation.id if organisation else None,
        status=status,
        reachable=reachable,
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(member)
    await session.flush()
    for group in groups:
        session.add(Membership(member_id=member.id, group_id=group.id, created_at=NOW))
    await session.flush()
    return member


def _alert(
    raised_by: Member,
    group: Group,
    created: datetime,
    *,
    urgent: bool,
    category: str = "child_at_risk",
    acked_after: float | None = None,
    resolved_after_h: float | None = None,
    level: int = 0,
) -> Alert:
    acked = created + timedelta(minutes=acked_after) if acked_after is not None else None
    resolved = created + timedelta(hours=resolved_after_h) if resolved_after_h else None
    return Alert(
        raised_by_member_id=raised_by.id,
        group_id=group.id,
        category=category,
        urgency="urgent" if urgent else "normal",
        description=ALERT_TEXT,
        status="resolved" if resolved else ("acknowledged" if acked else "open"),
        escalation_level=level,
        created_at=created,
        acknowledged_at=acked,
        resolved_at=resolved,
    )


async def seed_november(session: AsyncSession, telegram_ids: tuple[int, ...] = ()) -> Seeded:
    """Telegram ids, when given, are used for (coordinator, police Durrës, social service
    Durrës, police Kukës, advisor); a coordinator who is already a member is reused."""
    ids = list(telegram_ids) + [9001 + i for i in range(5 - len(telegram_ids))]
    groups = {g.slug: g for g in await session.scalars(select(Group))}
    durres, kukes, advisory = groups["durres"], groups["kukes"], groups["advisory"]
    known = await session.scalar(select(Member).where(Member.telegram_user_id == ids[0]))
    s = Seeded(
        coordinator=known
        or await _member(session, ids[0], NAMES[4], None, "other", [], "coordinator"),
        police_durres=await _member(
            session, ids[1], NAMES[0], "Policia e Durrësit", "police", [durres]
        ),
        social_durres=await _member(
            session,
            ids[2],
            NAMES[1],
            "Shërbimi Social Durrës",
            "social_service",
            [durres],
            reachable=False,
        ),
        police_kukes=await _member(
            session, ids[3], NAMES[2], "Policia e Kukësit", "police", [kukes]
        ),
        advisor=await _member(
            session, ids[4], NAMES[3], "Qendra Tjetër Vizion", "civil_society", [advisory], "ngo"
        ),
    )
    await _member(
        session,
        9100,
        "Pezulluar",
        "Bashkia Durrës",
        "local_government",
        [durres],
        status="suspended",
    )
    p1, s1, p2 = s.police_durres, s.social_durres, s.police_kukes
    a1 = _alert(p1, durres, at(3), urgent=True, acked_after=5, resolved_after_h=2)
    a2 = _alert(
        p1, durres, at(10), urgent=True, category="potential_victim", acked_after=20, level=1
    )
    a3 = _alert(p1, durres, at(20), urgent=False, acked_after=10, resolved_after_h=4)
    a4 = _alert(  # 00:30 on 1 November in Tirana: November, though October in UTC
        p1, durres, at(31, 23, 30, month=10), urgent=True, category="recruitment", acked_after=1
    )
    a5 = _alert(p1, durres, at(31, 22, 30, month=10), urgent=False, acked_after=3)  # October
    k1 = _alert(p2, kukes, at(5, 8), urgent=True, category="missing_person", level=2)
    k2 = _alert(p2, kukes, at(30, 22, 59), urgent=True, level=1)  # 23:59 local, still November
    k3 = _alert(p2, kukes, at(30, 23, 0), urgent=True)  # midnight local: December
    session.add_all([a1, a2, a3, a4, a5, k1, k2, k3])
    await session.flush()
    for alert, member, after in [
        (a1, p1, 5),
        (a1, s1, 20),
        (a2, p1, 20),
        (a3, s1, 10),
        (a4, p1, 1),
        (k1, p2, None),
    ]:
        session.add(
            AlertRecipient(
                alert_id=alert.id,
                member_id=member.id,
                reason="routed",
                created_at=alert.created_at,
                acknowledged_at=alert.created_at + timedelta(minutes=after) if after else None,
            )
        )
    for alert, status in [(a1, "accepted"), (a2, "declined"), (k1, "pending"), (a5, "accepted")]:
        session.add(
            AlertReferral(
                alert_id=alert.id,
                from_member_id=p1.id,
                to_agency="social_service",
                reason="—",
                status=status,
                created_at=alert.created_at + timedelta(minutes=10),
            )
        )
    meetings = []
    for starts, audience, status in [
        (at(12), {"all": False, "groups": [durres.id]}, "scheduled"),
        (at(20), {"all": True, "groups": []}, "scheduled"),
        (at(22), {"all": False, "groups": [durres.id]}, "cancelled"),
        (at(5, month=12), {"all": False, "groups": [durres.id]}, "scheduled"),
    ]:
        meeting = Meeting(
            uid=f"m{len(meetings)}@ura",
            organiser_member_id=s.coordinator.id,
            audience=audience,
            title="Tryeza",
            starts_at=starts,
            duration_minutes=60,
            place="Prefektura",
            agenda="—",
            status=status,
            created_at=starts - timedelta(days=7),
            updated_at=starts - timedelta(days=7),
        )
        session.add(meeting)
        meetings.append(meeting)
    await session.flush()
    m1, m2, m3, _ = meetings
    for meeting, member, response, attended in [
        (m1, p1, "yes", True),
        (m1, s1, "no", None),
        (m2, p1, "yes", True),
        (m2, p2, "maybe", False),
        (m2, s1, None, None),
        (m3, p1, "yes", None),
    ]:
        session.add(
            MeetingInvitee(
                meeting_id=meeting.id,
                member_id=member.id,
                response=response,
                responded_at=meeting.starts_at - timedelta(days=1) if response else None,
                attended=attended,
            )
        )
    for due, done in [
        (at(15), at(14)),  # on time
        (at(15), at(16)),  # late
        (at(20), None),  # open past its due time: late
        (at(28), None),  # open: late by 1 December, still open on 25 November
        (at(3, month=12), None),  # due in December: not November's
    ]:
        session.add(
            MeetingAction(
                meeting_id=m1.id,
                owner_member_id=p1.id,
                text="Takim me shkollën",
                due_at=due,
                status="done" if done else "open",
                done_at=done,
                created_by_member_id=s.coordinator.id,
                created_at=at(12),
            )
        )
    for kind, org, topic, created, version in [
        ("update", "Policia e Durrësit", "prevention", at(5), 1),
        ("update", "Policia e Durrësit", "prevention", at(6), 1),
        ("update", "Policia e Durrësit", "prevention", at(6, 10), 2),  # an edit of the above
        ("reply", "Shërbimi Social Durrës", "prevention", at(7), 1),
        ("update", "Shërbimi Social Durrës", "child_protection", at(10, month=10), 1),
        ("alert", "Policia e Durrësit", None, at(3), 1),
    ]:
        session.add(
            ExchangeEntry(
                kind=kind,
                sender_name="—",
                organisation=org,
                topic=topic,
                text="Përditësim",
                text_folded="perditesim",
                scope=f"g{durres.id}",
                attachments=[],
                meta={},
                version=version,
                current=True,
                created_at=created,
            )
        )
    for status in ("pending", "pending", "approved"):
        session.add(
            AccessRequest(
                telegram_user_id=7000,
                display_name="Kërkues",
                organisation_name="—",
                agency="police",
                group_id=durres.id,
                language="sq",
                status=status,
                created_at=at(2),
            )
        )
    await session.flush()
    return s

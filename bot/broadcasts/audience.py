"""A broadcast's recipients: who they are (everyone, a role, an agency, or some groups'
members) and how each one fared (read back from their outbox rows).

Kept apart from the broadcast's lifecycle so both rules are tested without Telegram, and the
preview's count, the send's recipients and the report can never disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts import emails
from bot.broadcasts.emails import EmailReach
from bot.broadcasts.model import AudienceKind, Outcome
from bot.core.permissions import Agency, Role
from storage.members import Group, Member, Membership
from storage.outbox import (
    CANCELLED,
    CLAIMED,
    PENDING,
    SENDING,
    SENT,
    UNCERTAIN,
    Broadcast,
    OutboxMessage,
)

IN_PROGRESS = (PENDING, CLAIMED, SENDING)
_PROBLEMS = (Outcome.UNREACHABLE, Outcome.FAILED, Outcome.UNCERTAIN)


class BadAudience(ValueError):
    """An audience that names nothing Ura knows (a stale draft or a forged button)."""


@dataclass(frozen=True)
class Audience:
    """Stored as JSON on the broadcast: {"kind": ..., "values": [...]}; groups by id."""

    kind: AudienceKind
    values: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in AudienceKind._value2member_map_:
            raise BadAudience(self.kind)
        object.__setattr__(self, "kind", AudienceKind(self.kind))  # a stored str, typed
        if self.kind == AudienceKind.EVERYONE and self.values:
            raise BadAudience("everyone takes no values")
        if self.kind != AudienceKind.EVERYONE and not self.values:
            raise BadAudience(f"{self.kind} needs at least one value")
        if self.kind == AudienceKind.ROLE and not set(self.values) <= set(Role):
            raise BadAudience(f"unknown role in {self.values}")
        if self.kind == AudienceKind.AGENCY and not set(self.values) <= set(Agency):
            raise BadAudience(f"unknown agency in {self.values}")
        if self.kind == AudienceKind.GROUPS and not all(v.isdigit() for v in self.values):
            raise BadAudience(f"group ids must be numbers: {self.values}")

    @property
    def group_ids(self) -> list[int]:
        return [int(v) for v in self.values] if self.kind == AudienceKind.GROUPS else []

    def to_json(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "values": list(self.values)}

    @classmethod
    def from_answers(cls, data: dict[str, Any]) -> Audience:
        """What a /broadcast draft chose: a kind, then a role, an agency or ticked groups."""
        kind = data.get("audience", "")
        if kind == AudienceKind.GROUPS:
            return cls(AudienceKind.GROUPS, tuple(data.get("groups", ())))
        named = kind in (AudienceKind.ROLE, AudienceKind.AGENCY)
        return cls(kind, (data["to"],) if named else ())

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        return cls(data.get("kind", ""), tuple(str(v) for v in data.get("values", ())))


@dataclass(frozen=True)
class Reach:
    """What the preview tells the coordinator before anything is sent."""

    recipients: int
    by_language: dict[str, int]
    unreachable: int  # match the audience but Telegram refused them before; skipped


def _matching(audience: Audience) -> Select[Member]:
    """Active members in the audience, reachable or not."""
    query = select(Member).where(Member.status == "active")
    if audience.kind == AudienceKind.ROLE:
        query = query.where(Member.role.in_(audience.values))
    elif audience.kind == AudienceKind.AGENCY:
        query = query.where(Member.agency.in_(audience.values))
    elif audience.kind == AudienceKind.GROUPS:
        inside = select(Membership.member_id).where(Membership.group_id.in_(audience.group_ids))
        query = query.where(Member.id.in_(inside))
    return query.order_by(Member.id)


async def recipients(session: AsyncSession, audience: Audience) -> Sequence[Member]:
    """Everyone a broadcast to this audience goes to: active, reachable, matching, once each."""
    query = _matching(audience).where(Member.reachable.is_(True))
    return (await session.scalars(query)).all()


async def reach(session: AsyncSession, audience: Audience) -> Reach:
    everyone = (await session.scalars(_matching(audience))).all()
    reachable = [m for m in everyone if m.reachable]
    languages: dict[str, int] = {}
    for member in reachable:
        languages[member.language] = languages.get(member.language, 0) + 1
    return Reach(len(reachable), languages, len(everyone) - len(reachable))


async def groups_of(session: AsyncSession, audience: Audience) -> Sequence[Group]:
    """The groups an audience names, for showing it; empty for other kinds."""
    if audience.kind != AudienceKind.GROUPS:
        return []
    query = select(Group).where(Group.id.in_(audience.group_ids)).order_by(Group.name)
    return (await session.scalars(query)).all()


@dataclass(frozen=True)
class Problem:
    member_id: int
    name: str
    outcome: str  # an Outcome: unreachable | failed | uncertain (may not have arrived)
    reason: str


@dataclass(frozen=True)
class Snapshot:
    """Where a broadcast stands, one outcome per recipient (their latest attempt counts)."""

    total: int = 0
    delivered: int = 0
    unreachable: int = 0
    failed: int = 0
    cancelled: int = 0
    pending: int = 0
    uncertain: int = 0  # the send's outcome is unknown: it may or may not have arrived
    problems: list[Problem] = field(default_factory=list)
    finished: bool = False  # this very call saw the last row settle
    email: EmailReach = field(default_factory=EmailReach)  # copies of it sent by e-mail

    @property
    def done(self) -> int:
        return self.total - self.pending


def _outcome(rows: Sequence[Any]) -> tuple[Outcome, str]:
    """One recipient's latest attempt: its outcome and, when it went wrong, why."""
    states = {r.state for r in rows}
    if states & set(IN_PROGRESS):
        return Outcome.PENDING, ""
    for row in rows:
        error = row.last_error or ""
        if row.state not in (SENT, CANCELLED) and error.startswith("unreachable: "):
            return Outcome.UNREACHABLE, error.removeprefix("unreachable: ")
    for row in rows:
        if row.state == UNCERTAIN:  # not "failed": it may well have arrived
            return Outcome.UNCERTAIN, row.last_error or row.state
    for row in rows:
        if row.state not in (SENT, CANCELLED):
            return Outcome.FAILED, row.last_error or row.state
    done = Outcome.CANCELLED if CANCELLED in states else Outcome.DELIVERED
    return done, ""


async def snapshot(session: AsyncSession, broadcast: Broadcast) -> Snapshot:
    query = (
        select(
            OutboxMessage.member_id,
            OutboxMessage.kind,
            OutboxMessage.state,
            OutboxMessage.last_error,
            Member.display_name,
        )
        .join(Member, Member.id == OutboxMessage.member_id)
        .where(OutboxMessage.broadcast_id == broadcast.id)
        .order_by(OutboxMessage.id)
    )
    rounds: dict[int, list[Any]] = {}
    for row in (await session.execute(query)).all():
        if row.kind == "text" or row.member_id not in rounds:  # a text row starts an attempt
            rounds[row.member_id] = []
        rounds[row.member_id].append(row)
    counts: Counter[Outcome] = Counter()
    problems = []
    for member_id, rows in rounds.items():
        outcome, reason = _outcome(rows)
        counts[outcome] += 1
        if outcome in _PROBLEMS:
            problems.append(Problem(member_id, rows[0].display_name, outcome, reason))
    return Snapshot(
        total=len(rounds),
        delivered=counts[Outcome.DELIVERED],
        unreachable=counts[Outcome.UNREACHABLE],
        failed=counts[Outcome.FAILED],
        cancelled=counts[Outcome.CANCELLED],
        pending=counts[Outcome.PENDING],
        uncertain=counts[Outcome.UNCERTAIN],
        problems=problems,
        email=await emails.reach(session, broadcast.id),
    )

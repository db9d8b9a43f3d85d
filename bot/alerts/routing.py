"""Routing as data: which agencies of a region's committee receive each category of alert.

The default ships in config/alert_routing.json; a coordinator's change (/routing or
`ura routing load FILE`) is an AlertPolicy row, audited, and wins over the default without
a deploy. Recipients are the region committee's active, reachable members of those agencies.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import config
from bot.alerts.model import Category
from bot.core import audit
from bot.core.permissions import Agency, Role
from storage.alerts import AlertPolicy
from storage.members import Group, Member, Membership

CATEGORIES = tuple(Category)
ROUTING_FILE = Path(config.__file__).parent / "alert_routing.json"
Routing = dict[str, list[str]]


def validate_routing(data: dict[str, Any]) -> Routing:
    """A routing table from its JSON form; ValueError names what is wrong."""
    table = data.get("categories", data)
    if not isinstance(table, dict):
        raise ValueError("expected {'categories': {category: [agency, ...]}}")
    agencies = {a.value for a in Agency}
    result: Routing = {}
    for category in CATEGORIES:
        chosen = table.get(category)
        if not isinstance(chosen, list) or not chosen:
            raise ValueError(f"category {category!r} needs a list of agencies")
        unknown = [a for a in chosen if a not in agencies]
        if unknown:
            raise ValueError(f"unknown agencies for {category!r}: {', '.join(map(str, unknown))}")
        result[category] = list(dict.fromkeys(chosen))
    extra = set(table) - set(CATEGORIES) - {"_comment"}
    if extra:
        raise ValueError(f"unknown categories: {', '.join(sorted(extra))}")
    return result


def default_routing() -> Routing:
    return validate_routing(json.loads(ROUTING_FILE.read_text(encoding="utf-8")))


async def stored_policy(session: AsyncSession, kind: str, scope: str) -> AlertPolicy | None:
    query = select(AlertPolicy).where(AlertPolicy.kind == kind, AlertPolicy.scope == scope)
    return await session.scalar(query)


async def store_policy(
    session: AsyncSession,
    now: datetime,
    kind: str,
    scope: str,
    data: dict[str, Any] | None,
    actor_id: int | None,
) -> None:
    """Set (or with data=None, drop back to the default) one policy, and audit the change."""
    row = await stored_policy(session, kind, scope)
    before = row.data if row else None
    if data is None:
        if row is not None:
            await session.delete(row)
    elif row is None:
        session.add(
            AlertPolicy(
                kind=kind, scope=scope, data=data, updated_by_member_id=actor_id, updated_at=now
            )
        )
    else:
        row.data, row.updated_by_member_id, row.updated_at = data, actor_id, now
    audit.record(
        session,
        now,
        f"alert.{kind}_changed",
        actor_member_id=actor_id,
        subject=("alert_policy", f"{kind}:{scope}"),
        before=before,
        after=data,
    )
    await session.flush()


async def routing_table(session: AsyncSession) -> Routing:
    row = await stored_policy(session, "routing", "*")
    return validate_routing(row.data) if row else default_routing()


async def set_routing(
    session: AsyncSession, now: datetime, table: Routing, actor_id: int | None
) -> None:
    await store_policy(session, now, "routing", "*", {"categories": table}, actor_id)


async def set_route(
    session: AsyncSession,
    now: datetime,
    category: str,
    agencies: Sequence[str],
    actor_id: int | None,
) -> Routing:
    """Change one category's agencies; the rest of the table stays as it is."""
    table = await routing_table(session)
    table[category] = list(agencies)
    table = validate_routing(table)
    await set_routing(session, now, table, actor_id)
    return table


@dataclass(frozen=True)
class Route:
    members: list[Member]  # who receives it, the coordinators not included
    agencies: list[str]  # the routed agencies that have at least one recipient


async def committee_members(
    session: AsyncSession, group: Group, agencies: Sequence[str] | None = None
) -> list[Member]:
    """Active, reachable members of the region's committee (of these agencies), by id."""
    query = (
        select(Member)
        .join(Membership, Membership.member_id == Member.id)
        .where(
            Membership.group_id == group.id,
            Member.status == "active",
            Member.reachable.is_(True),
            Member.role != Role.COORDINATOR,
        )
        .order_by(Member.id)
    )
    if agencies is not None:
        query = query.where(Member.agency.in_(list(agencies)))
    return list((await session.scalars(query)).all())


async def route(
    session: AsyncSession, group: Group, category: str, sender_id: int | None = None
) -> Route:
    wanted = (await routing_table(session))[category]
    found = [m for m in await committee_members(session, group, wanted) if m.id != sender_id]
    reached = [a for a in wanted if any(m.agency == a for m in found)]
    return Route(found, reached)

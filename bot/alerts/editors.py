"""What a press on the /routing and /escalation editors means: which category, sector or scope
a payload names (positions and ids travel in buttons), and the change it makes (audited)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import escalation, routing
from bot.alerts.model import Category
from bot.alerts.routing import CATEGORIES
from bot.core.permissions import Agency
from bot.members import directory
from storage.members import Group, Member

AGENCIES = tuple(Agency)


def category_at(position: int) -> Category | None:
    """The category a button names by position; None for a position no longer there."""
    return CATEGORIES[position] if position < len(CATEGORIES) else None


async def toggle_sector(
    session: AsyncSession, now: datetime, category: Category, agency_at: int, actor: Member
) -> list[str] | None:
    """Tick a sector on or off for a category and save it; the sectors now chosen, or None
    when the press would leave the category with none (nothing is saved)."""
    agency = AGENCIES[agency_at]
    chosen = (await routing.routing_table(session))[category]
    chosen = [a for a in chosen if a != agency] if agency in chosen else [*chosen, agency]
    if not chosen:
        return None
    await routing.set_route(session, now, category, chosen, actor.id)
    return chosen


async def reset_routing(session: AsyncSession, now: datetime, actor: Member) -> None:
    await routing.store_policy(session, now, "routing", "*", None, actor.id)


@dataclass(frozen=True)
class Scope:
    """What an escalation rule is for: the default ("d"), a category or a region."""

    stored: str  # "*", "category:<c>", "region:<slug>"
    category: Category | None = None
    region: Group | None = None


async def scope_of(session: AsyncSession, code: str) -> Scope | None:
    """The scope a button code names ("d", "c<position>", "r<group id>"); None if stale."""
    if code == "d":
        return Scope("*")
    number = int(code[1:]) if code[1:].isdigit() and len(code) < 20 else None
    if number is None:
        return None
    if code.startswith("c") and (category := category_at(number)) is not None:
        return Scope(escalation.scope_for(category=category), category=category)
    group = await session.get(Group, number) if code.startswith("r") else None
    if group is not None:
        return Scope(escalation.scope_for(region_slug=group.slug), region=group)
    return None


async def save_escalation(
    session: AsyncSession,
    now: datetime,
    scope: Scope,
    steps: list[dict[str, Any]] | None,
    actor: Member,
) -> None:
    await escalation.set_policy(session, now, scope.stored, steps, actor.id)


async def committee_regions(session: AsyncSession) -> Sequence[Group]:
    return await directory.all_groups(session, "committee")


async def typed_escalation(
    session: AsyncSession, now: datetime, args: Sequence[str], actor: Member
) -> tuple[Scope, list[dict[str, Any]] | None]:
    """/escalation <region|category> <steps|reset>: saved; ValueError says what is wrong."""
    region = await directory.find_group(session, args[0])
    if region is not None:
        scope = Scope(escalation.scope_for(region_slug=region.slug), region=region)
    else:
        stored = escalation.scope_for(category=args[0])  # ValueError for an unknown one
        scope = Scope(stored, category=Category(args[0]))
    steps = None if list(args[1:]) == ["reset"] else escalation.parse_steps(" ".join(args[1:]))
    await save_escalation(session, now, scope, steps, actor)
    return scope, steps


async def typed_routing(
    session: AsyncSession, now: datetime, args: Sequence[str], actor: Member
) -> routing.Routing:
    """/routing reset | /routing <category> <agency ...>; ValueError/KeyError if malformed."""
    if list(args) == ["reset"]:
        await reset_routing(session, now, actor)
    elif args:
        await routing.set_route(session, now, args[0], args[1:], actor.id)
    return await routing.routing_table(session)

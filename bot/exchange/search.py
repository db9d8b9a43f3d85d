"""Searching and paging the exchange log, only within what the caller may see.

Whatever a person types is folded (lower case, ë→e, ç→c, anything but letters and digits
dropped) and searched as plain words, so quotes, *, -, NEAR, OR or brackets are never query
syntax and can't cause an error. SQLite searches its FTS5 table, the groups filtered inside
the index (the ``scope`` column); PostgreSQL uses its full-text search over the same text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Integer, Select, column, exists, func, select, table, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.parse import day_range
from bot.core.text import fold
from bot.log.readers import readable_by
from storage.exchange import ExchangeEntry, ExchangeEntryGroup
from storage.members import Group, Member

MAX_WORDS = 8
PAGE = 8
_FTS = table("exchange_fts", column("rowid", Integer))


@dataclass(frozen=True)
class Terms:
    """A /search line taken apart: words, an optional #group and up to two dates; `refused`
    names what is wrong with the dates ("bad_day", "too_many_days"), read by parse.day_range."""

    words: list[str]
    group: str | None = None
    dates: list[date] = field(default_factory=list)
    refused: str | None = None


def parse(line: str) -> Terms:
    found = day_range(line.split())
    if found.refused is not None:
        return Terms([], refused=found.refused)
    words: list[str] = []
    group: str | None = None
    for token in found.rest:
        if token.startswith("#") and len(token) > 1 and group is None:
            group = token[1:]
        else:
            words.extend(fold(token).split())
    return Terms(list(dict.fromkeys(words))[:MAX_WORDS], group, found.days)


def day_bounds(dates: Sequence[date], zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """Local days to UTC bounds: from the first day's start to the end of the last day."""
    if not dates:
        return None, None
    start = datetime.combine(dates[0], time(), zone)
    end = datetime.combine(dates[-1] + timedelta(days=1), time(), zone)
    return start, end


def _sqlite_match(words: Sequence[str], groups: Sequence[int] | None) -> str:
    # Folded words are [a-z0-9] only; quoting makes each a plain token whatever it spells.
    phrase = " ".join(f'"{w}"*' if len(w) >= 3 else f'"{w}"' for w in words)
    query = f"text_folded : ({phrase})"
    if groups is not None:
        query += " AND scope : (" + " OR ".join(f'"g{g}"' for g in groups) + ")"
    return query


def _in_groups(groups: Sequence[int]) -> ColumnElement[bool]:
    return exists().where(
        ExchangeEntryGroup.entry_id == ExchangeEntry.id, ExchangeEntryGroup.group_id.in_(groups)
    )


async def search(
    session: AsyncSession,
    words: Sequence[str],
    groups: Sequence[int] | None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = PAGE,
    *,
    reader: Member | None = None,
) -> list[ExchangeEntry]:
    """Newest current entries with all the words; `groups` None = every group, and only
    what `reader` may read (an alert: its audience; None = no limit, for coordinators)."""
    if not words or (groups is not None and not groups):
        return []
    query: Select[ExchangeEntry]
    if session.get_bind().dialect.name == "sqlite":
        query = (
            select(ExchangeEntry)
            .select_from(_FTS)
            .join(ExchangeEntry, ExchangeEntry.id == _FTS.c.rowid)
            .where(text("exchange_fts MATCH :q").bindparams(q=_sqlite_match(words, groups)))
            .order_by(_FTS.c.rowid.desc())
        )
    else:
        tsquery = " & ".join(f"{w}:*" for w in words)
        vector = func.to_tsvector(text("'simple'"), ExchangeEntry.text_folded)
        query = select(ExchangeEntry).where(
            vector.op("@@")(func.to_tsquery(text("'simple'"), tsquery))
        )
        if groups is not None:
            query = query.where(_in_groups(groups))
        query = query.order_by(ExchangeEntry.id.desc())
    query = query.where(ExchangeEntry.current)
    allowed = readable_by(reader)
    if allowed is not None:
        query = query.where(allowed)
    if since is not None:
        query = query.where(ExchangeEntry.created_at >= since)
    if until is not None:
        query = query.where(ExchangeEntry.created_at < until)
    return list((await session.scalars(query.limit(limit))).all())


async def page(
    session: AsyncSession,
    groups: Sequence[int] | None,
    before_id: int | None = None,
    limit: int = PAGE,
    *,
    reader: Member | None = None,
) -> tuple[list[ExchangeEntry], bool]:
    """The newest current entries (older than before_id) that `reader` may read, and
    whether there are more."""
    if groups is not None and not groups:
        return [], False
    query = select(ExchangeEntry).where(ExchangeEntry.current)
    allowed = readable_by(reader)
    if allowed is not None:
        query = query.where(allowed)
    if groups is not None:
        query = query.where(_in_groups(groups))
    if before_id is not None:
        query = query.where(ExchangeEntry.id < before_id)
    found = list(await session.scalars(query.order_by(ExchangeEntry.id.desc()).limit(limit + 1)))
    return found[:limit], len(found) > limit


async def groups_by_entry(
    session: AsyncSession, entry_ids: Sequence[int]
) -> dict[int, list[Group]]:
    """Each entry's groups (for its header), in one query."""
    if not entry_ids:
        return {}
    rows = await session.execute(
        select(ExchangeEntryGroup.entry_id, Group)
        .join(Group, Group.id == ExchangeEntryGroup.group_id)
        .where(ExchangeEntryGroup.entry_id.in_(entry_ids))
        .order_by(Group.name)
    )
    result: dict[int, list[Group]] = {}
    for entry_id, group in rows.all():
        result.setdefault(entry_id, []).append(group)
    return result

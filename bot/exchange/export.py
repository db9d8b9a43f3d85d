"""Exporting the exchange log as CSV and JSON for monitoring; every export is audited.

The files hold exactly the stored rows (every version of an edited entry, purged entries
with their counts-bearing fields and no text) in id order, with times in UTC (ISO 8601).
They are written from a read-only snapshot, a batch at a time, into files (the encoding and
the writing in a worker thread), so a large export neither holds the database's write lock
nor the whole log in memory nor the event loop.
"""

from __future__ import annotations

import asyncio
import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.core import audit
from bot.exchange.search import groups_by_entry
from storage.db import read_only
from storage.exchange import ExchangeEntry, ExchangeEntryGroup
from storage.members import Member

BATCH = 500
COLUMNS = (
    "id",
    "created_at",
    "kind",
    "groups",
    "topic",
    "sender_member_id",
    "sender_name",
    "organisation",
    "text",
    "attachments",
    "parent_id",
    "thread_id",
    "first_id",
    "version",
    "current",
    "ref_type",
    "ref_id",
    "purged_at",
)


def _row(entry: ExchangeEntry, slugs: list[str]) -> dict[str, Any]:
    return {
        "id": entry.id,
        "created_at": entry.created_at.isoformat(),
        "kind": entry.kind,
        "groups": slugs,
        "topic": entry.topic,
        "sender_member_id": entry.sender_member_id,
        "sender_name": entry.sender_name,
        "organisation": entry.organisation,
        "text": entry.text,
        "attachments": entry.attachments,
        "parent_id": entry.parent_id,
        "thread_id": entry.thread_id,
        "first_id": entry.first_id,
        "version": entry.version,
        "current": entry.current,
        "ref_type": entry.ref_type,
        "ref_id": entry.ref_id,
        "purged_at": entry.purged_at.isoformat() if entry.purged_at else None,
    }


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A text cell a spreadsheet would run as a formula (=HYPERLINK(...), say) is kept as
    text with a leading apostrophe; the JSON file keeps every value exactly."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class ExportFiles:
    """The two files, written a batch at a time in a worker thread (never on the event loop):
    CSV with a BOM (spreadsheets then read ë and ç) and a JSON array, one row per entry."""

    def __init__(self, folder: Path, filename: str) -> None:
        self.csv_path = folder / f"{filename}.csv"
        self.json_path = folder / f"{filename}.json"
        self._csv = self.csv_path.open("w", encoding="utf-8-sig", newline="")
        self._json = self.json_path.open("w", encoding="utf-8")
        self._writer = csv.DictWriter(self._csv, fieldnames=COLUMNS)
        self._writer.writeheader()
        self._json.write("[")
        self.rows = 0

    def write(self, rows: Sequence[dict[str, Any]]) -> int:
        """Append rows; returns the larger file's size so far, in bytes."""
        for row in rows:
            flat = dict(row)
            flat["groups"] = ";".join(row["groups"])
            flat["attachments"] = json.dumps(row["attachments"], ensure_ascii=False)
            self._writer.writerow({k: "" if v is None else _cell(v) for k, v in flat.items()})
            self._json.write("\n" if self.rows == 0 else ",\n")
            self._json.write(json.dumps(row, ensure_ascii=False))
            self.rows += 1
        self._csv.flush()
        self._json.flush()
        return max(self._csv.tell(), self._json.tell())

    def close(self) -> None:
        self._json.write("\n]\n")
        self._csv.close()
        self._json.close()

    def remove(self) -> None:
        for path in (self.csv_path, self.json_path):
            path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Written:
    rows: int
    csv_path: Path
    json_path: Path
    too_big: bool  # a file passed the limit: both were deleted


@dataclass(frozen=True)
class Scope:
    """What to export: these groups' entries (None = all) in [since, until)."""

    group_ids: Sequence[int] | None
    since: datetime | None
    until: datetime | None
    label: str  # a group's slug, or "all"
    # What the person exporting may read (an alert: its audience); None = everything
    # (coordinators, and `ura export` at the server).
    readable: ColumnElement[bool] | None = None

    def filename(self, now: datetime) -> str:
        return f"ura-{self.label}-{now.strftime('%Y%m%d-%H%M')}"


def _query(scope: Scope, after: int) -> Select[ExchangeEntry]:
    query = select(ExchangeEntry).where(ExchangeEntry.id > after).order_by(ExchangeEntry.id)
    if scope.group_ids is not None:
        query = query.where(
            exists().where(
                ExchangeEntryGroup.entry_id == ExchangeEntry.id,
                ExchangeEntryGroup.group_id.in_(scope.group_ids),
            )
        )
    if scope.readable is not None:
        query = query.where(scope.readable)
    if scope.since is not None:
        query = query.where(ExchangeEntry.created_at >= scope.since)
    if scope.until is not None:
        query = query.where(ExchangeEntry.created_at < scope.until)
    return query.limit(BATCH)


async def write(
    engine: AsyncEngine, folder: Path, now: datetime, scope: Scope, max_bytes: int
) -> Written:
    """Stream the entries into two files in `folder`, from one read-only snapshot, a batch
    at a time; stop and delete both as soon as one passes `max_bytes`."""
    files = await asyncio.to_thread(ExportFiles, folder, scope.filename(now))
    too_big, after = False, 0
    try:
        async with read_only(engine) as session:
            while not too_big:
                entries = list((await session.scalars(_query(scope, after))).all())
                if not entries:
                    break
                groups = await groups_by_entry(session, [e.id for e in entries])
                rows = [_row(e, [g.slug for g in groups.get(e.id, [])]) for e in entries]
                size = await asyncio.to_thread(files.write, rows)
                too_big, after = size > max_bytes, entries[-1].id
                session.expunge_all()
    finally:
        await asyncio.to_thread(files.close)
    if too_big:
        await asyncio.to_thread(files.remove)
    return Written(files.rows, files.csv_path, files.json_path, too_big)


def record(
    session: AsyncSession, now: datetime, actor: Member | None, scope: Scope, written: Written
) -> None:
    """The audit record of an export (also of one refused as too big)."""
    audit.record(
        session,
        now,
        "exchange.export_refused" if written.too_big else "exchange.exported",
        actor_member_id=actor.id if actor else None,
        scope=scope.label,
        since=scope.since.isoformat() if scope.since else None,
        until=scope.until.isoformat() if scope.until else None,
        rows=written.rows,
    )

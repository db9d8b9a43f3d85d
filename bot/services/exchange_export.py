"""Exporting the exchange log as CSV and JSON for monitoring; every export is audited.

The files hold exactly the stored rows (every version of an edited entry, purged entries
with their counts-bearing fields and no text) in id order, with times in UTC (ISO 8601).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit
from bot.services.exchange_readers import readable_by
from bot.services.exchange_search import groups_by_entry
from storage.exchange import ExchangeEntry, ExchangeEntryGroup
from storage.members import Member

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


@dataclass(frozen=True)
class Export:
    rows: list[dict[str, Any]]
    csv_bytes: bytes
    json_bytes: bytes
    filename: str  # without extension


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


def to_csv(rows: Sequence[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        flat = dict(row)
        flat["groups"] = ";".join(row["groups"])
        flat["attachments"] = json.dumps(row["attachments"], ensure_ascii=False)
        writer.writerow({k: "" if v is None else _cell(v) for k, v in flat.items()})
    return out.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read ë and ç


async def export(
    session: AsyncSession,
    now: datetime,
    *,
    actor: Member | None,
    group_ids: Sequence[int] | None,
    since: datetime | None,
    until: datetime | None,
    label: str,
) -> Export:
    """The entries of these groups (None = all) in [since, until) that the actor may read
    (an alert: its audience; the CLI's None actor reads all), and the audit record."""
    query = select(ExchangeEntry).order_by(ExchangeEntry.id)
    allowed = readable_by(actor)
    if allowed is not None:
        query = query.where(allowed)
    if group_ids is not None:
        query = query.where(
            exists().where(
                ExchangeEntryGroup.entry_id == ExchangeEntry.id,
                ExchangeEntryGroup.group_id.in_(group_ids),
            )
        )
    if since is not None:
        query = query.where(ExchangeEntry.created_at >= since)
    if until is not None:
        query = query.where(ExchangeEntry.created_at < until)
    entries = list((await session.scalars(query)).all())
    groups = await groups_by_entry(session, [e.id for e in entries])
    rows = [_row(e, [g.slug for g in groups.get(e.id, [])]) for e in entries]
    audit.record(
        session,
        now,
        "exchange.exported",
        actor_member_id=actor.id if actor else None,
        scope=label,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        rows=len(rows),
    )
    stamp = now.strftime("%Y%m%d-%H%M")
    payload = json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")
    return Export(rows, to_csv(rows), payload, f"ura-{label}-{stamp}")

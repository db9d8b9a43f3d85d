"""A year of Ura for all twelve regions, written straight into the tables (for bench.reports).

Bulk inserts through SQLAlchemy Core, the same on SQLite and PostgreSQL. Random but seeded,
so two runs build the same year. Regions differ on purpose (Kukës slow, Durrës fast) so the
charts have something to show.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.routing import CATEGORIES
from bot.core.permissions import Agency
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

YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
YEAR = timedelta(days=365)
SLOW = {"kukes": 4.0, "diber": 2.5, "gjirokaster": 2.0, "durres": 0.5, "tirane": 0.7}
TOPICS = ("prevention", "child_protection", "investigation", "victim_assistance", "reintegration")
CHUNK = 5000


async def _insert(session: AsyncSession, model: Any, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), CHUNK):
        await session.execute(insert(model), rows[i : i + CHUNK])


async def seed_year(
    session: AsyncSession,
    *,
    alerts: int = 20_000,
    meetings: int = 1_000,
    entries: int = 100_000,
    members: int = 2_000,
    seed: int = 15,
) -> None:
    rnd = random.Random(seed)
    groups = (await session.execute(select(Group.id, Group.slug, Group.kind))).all()
    regions = [(gid, slug) for gid, slug, kind in groups if kind == "committee"]
    advisory = next(gid for gid, _, kind in groups if kind == "advisory")
    now = YEAR_START
    orgs = [
        {
            "id": i,
            "name": f"Organizata {i:03d}",
            "name_key": f"organizata {i:03d}",
            "created_at": now,
        }
        for i in range(1, 151)
    ]
    await _insert(session, Organisation, orgs)
    agencies = [a.value for a in Agency]
    people, memberships, by_region = [], [], {gid: [] for gid, _ in regions}
    for i in range(1, members + 1):
        gid = regions[i % len(regions)][0]
        people.append(
            {
                "id": 1000 + i,
                "telegram_user_id": 500_000 + i,
                "display_name": f"Anëtari {i}",
                "language": "sq",
                "role": "committee",
                "agency": agencies[i % len(agencies)],
                "organisation_id": 1 + i % 150,
                "status": "active",
                "reachable": rnd.random() > 0.04,
                "created_at": now,
                "updated_at": now,
            }
        )
        memberships.append({"member_id": 1000 + i, "group_id": gid, "created_at": now})
        if i % 20 == 0:
            memberships.append({"member_id": 1000 + i, "group_id": advisory, "created_at": now})
        by_region[gid].append((1000 + i, people[-1]["agency"]))
    await _insert(session, Member, people)
    await _insert(session, Membership, memberships)
    alert_rows, recipients, referrals = [], [], []
    for i in range(1, alerts + 1):
        gid, slug = regions[rnd.randrange(len(regions))]
        created = YEAR_START + YEAR * rnd.random()
        urgent = rnd.random() < 0.4
        acked = (
            None
            if rnd.random() < 0.06
            else created + timedelta(minutes=rnd.lognormvariate(1.8, 0.8) * SLOW.get(slug, 1.0))
        )
        resolved = (
            acked + timedelta(hours=rnd.expovariate(1 / 30))
            if acked and rnd.random() < 0.7
            else None
        )
        late = acked is None or acked - created > timedelta(minutes=15)
        alert_rows.append(
            {
                "id": i,
                "raised_by_member_id": by_region[gid][0][0],
                "group_id": gid,
                "category": CATEGORIES[rnd.randrange(len(CATEGORIES))],
                "urgency": "urgent" if urgent else "normal",
                "description": "—",
                "status": "resolved" if resolved else ("acknowledged" if acked else "open"),
                "escalation_level": int(urgent and late),
                "created_at": created,
                "acknowledged_at": acked,
                "resolved_at": resolved,
            }
        )
        for n, (member_id, _) in enumerate(rnd.sample(by_region[gid], 3)):
            recipients.append(
                {
                    "alert_id": i,
                    "member_id": member_id,
                    "reason": "routed",
                    "created_at": created,
                    "acknowledged_at": acked if n == 0 else None,
                }
            )
        if i % 10 == 0:
            referrals.append(
                {
                    "alert_id": i,
                    "from_member_id": by_region[gid][0][0],
                    "to_agency": "social_service",
                    "reason": "—",
                    "status": rnd.choice(("pending", "accepted", "accepted", "declined")),
                    "created_at": created + timedelta(hours=1),
                }
            )
    await _insert(session, Alert, alert_rows)
    await _insert(session, AlertRecipient, recipients)
    await _insert(session, AlertReferral, referrals)
    meeting_rows, invitees, actions = [], [], []
    for i in range(1, meetings + 1):
        gid = regions[i % len(regions)][0]
        starts = YEAR_START + YEAR * rnd.random()
        meeting_rows.append(
            {
                "id": i,
                "uid": f"m{i}@ura",
                "organiser_member_id": by_region[gid][0][0],
                "audience": {"all": False, "groups": [gid]},
                "title": "Tryezë",
                "starts_at": starts,
                "duration_minutes": 60,
                "place": "—",
                "agenda": "—",
                "status": "cancelled" if rnd.random() < 0.05 else "scheduled",
                "created_at": starts - timedelta(days=7),
                "updated_at": starts - timedelta(days=7),
            }
        )
        for member_id, _ in rnd.sample(by_region[gid], 10):
            answer = rnd.choice((None, "yes", "yes", "no", "maybe"))
            invitees.append(
                {
                    "meeting_id": i,
                    "member_id": member_id,
                    "response": answer,
                    "responded_at": starts - timedelta(days=1) if answer else None,
                    "attended": answer == "yes" and rnd.random() < 0.85,
                }
            )
        for _ in range(2):
            due = starts + timedelta(days=14)
            done = due + timedelta(days=rnd.uniform(-10, 10)) if rnd.random() < 0.7 else None
            actions.append(
                {
                    "meeting_id": i,
                    "owner_member_id": by_region[gid][1][0],
                    "text": "—",
                    "due_at": due,
                    "status": "done" if done else "open",
                    "done_at": done,
                    "created_by_member_id": by_region[gid][0][0],
                    "created_at": starts,
                }
            )
    await _insert(session, Meeting, meeting_rows)
    await _insert(session, MeetingInvitee, invitees)
    await _insert(session, MeetingAction, actions)
    log = []
    for i in range(1, entries + 1):
        org = 1 + int(rnd.paretovariate(1.2)) % 140  # a few busy organisations, ten silent
        created = YEAR_START + YEAR * rnd.random()
        log.append(
            {
                "id": i,
                "kind": "update" if rnd.random() < 0.6 else "reply",
                "sender_name": "—",
                "organisation": f"Organizata {org:03d}",
                "topic": TOPICS[rnd.randrange(len(TOPICS))],
                "text": "—",
                "text_folded": "—",
                "scope": "g1",
                "attachments": [],
                "meta": {},
                "version": 1,
                "current": True,
                "created_at": created,
            }
        )
    await _insert(session, ExchangeEntry, log)
    pending = [
        {
            "telegram_user_id": 900_000 + i,
            "display_name": "—",
            "organisation_name": "—",
            "agency": "police",
            "group_id": regions[i % len(regions)][0],
            "language": "sq",
            "status": "pending",
            "created_at": now,
        }
        for i in range(7)
    ]
    await _insert(session, AccessRequest, pending)

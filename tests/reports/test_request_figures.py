"""The report's figures on monitoring requests, from a known November, on SQLite and
PostgreSQL: asked, answered on time, late, never, days to answer, recommendations received."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.core.i18n import Translator
from bot.reports import Audience, parse_period
from bot.reports.figures import build
from bot.reports.render import table
from bot.reports.render.labels import Labels
from bot.reports.render.summary import summary
from storage.db import SessionFactory
from storage.models import Group, InfoRequest
from tests.reports.seed import NOW, Seeded, seed_november

TIRANE = ZoneInfo("Europe/Tirane")


def _asked(seeded: Seeded, group: Group | None, agency: str | None, **row: object) -> InfoRequest:
    defaults: dict[str, object] = {
        "kind": "question",
        "asker_member_id": seeded.advisor.id,
        "target": "office" if group is None else ("sector" if agency else "committee"),
        "group_id": group.id if group else None,
        "agency": agency,
        "text": "Sa viktima u referuan në strehëz?",
        "status": "open",
    }
    return InfoRequest(**{**defaults, **row})


async def test_requests_are_counted_per_addressee_on_time_late_never(
    sessions: SessionFactory,
) -> None:
    async with sessions.begin() as session:
        seeded = await seed_november(session)
        durres = await session.scalar(select(Group).where(Group.slug == "durres"))
        kukes = await session.scalar(select(Group).where(Group.slug == "kukes"))
        asked = datetime(2026, 11, 2, 9, tzinfo=UTC)
        session.add_all(
            [
                # Police of Durrës: answered within a day, on time; answered late; overdue.
                _asked(
                    seeded,
                    durres,
                    "police",
                    created_at=asked,
                    due_on=date(2026, 11, 16),
                    status="answered",
                    answered_at=asked + timedelta(days=1),
                ),
                _asked(
                    seeded,
                    durres,
                    "police",
                    created_at=asked,
                    due_on=date(2026, 11, 16),
                    status="answered",
                    answered_at=datetime(2026, 11, 20, 9, tzinfo=UTC),
                ),
                _asked(seeded, durres, "police", created_at=asked, due_on=date(2026, 11, 16)),
                # Kukës' committee: a recommendation partly accepted, and one not yet due.
                _asked(
                    seeded,
                    kukes,
                    None,
                    kind="recommendation",
                    created_at=asked,
                    due_on=date(2026, 11, 30),
                    status="answered",
                    verdict="partly",
                    answered_at=asked + timedelta(days=3),
                ),
                _asked(
                    seeded,
                    kukes,
                    None,
                    kind="recommendation",
                    created_at=asked,
                    due_on=date(2026, 12, 14),
                ),
                # The office: closed unanswered; and one of October, outside the period.
                _asked(
                    seeded, None, None, created_at=asked, due_on=date(2026, 12, 1), status="closed"
                ),
                _asked(
                    seeded,
                    None,
                    None,
                    created_at=datetime(2026, 10, 2, tzinfo=UTC),
                    due_on=date(2026, 10, 16),
                ),
            ]
        )
    november = parse_period("2026-11", NOW, TIRANE)
    async with sessions() as session:
        found = await build(session, november, NOW, TIRANE, timedelta(minutes=15))
    rows = {(r.region, r.sector): r for r in found.requests}
    police = rows[("durres", "police")]
    assert (police.asked, police.on_time, police.late, police.never, police.waiting) == (
        3,
        1,
        1,
        1,
        0,
    )
    assert police.days.median == 9.5  # one day and eighteen days
    committee = rows[("kukes", "committee")]
    assert (committee.asked, committee.on_time, committee.waiting) == (2, 1, 1)
    assert (committee.recommendations, committee.partly, committee.accepted) == (2, 1, 0)
    office = rows[("office", "")]
    assert (office.asked, office.never) == (1, 1), "October's request is not November's"

    labels = Labels(Translator(), "en", Audience.COORDINATOR, 3, TIRANE)
    csv = table.read(table.to_csv(labels, found))
    assert csv[("requests", "durres:police", "late")] == "1"
    assert csv[("requests", "kukes:committee", "partly")] == "1"
    assert csv[("requests", "office", "never")] == "1"
    text = summary(labels, found)
    assert "Advisory Group requests: 6; answered on time: 2, late: 1" in text
    assert "days to the first answer (median): 3." in text  # of 1, 3 and 18 days

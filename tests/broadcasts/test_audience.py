"""Who a broadcast reaches, without Telegram: the audience rules, the send time a coordinator
types, and how each recipient's outcome is read back from the outbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts import rules as broadcasts
from bot.broadcasts import settling
from bot.broadcasts.audience import Audience, BadAudience, reach, recipients
from bot.core.rendering import Reply
from bot.members import directory
from storage.db import SessionFactory
from storage.models import Broadcast, Member, OutboxMessage

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TIRANE = ZoneInfo("Europe/Tirane")


async def person(
    session: AsyncSession,
    telegram_id: int,
    *groups: str,
    role: str = "committee",
    agency: str = "police",
    language: str = "sq",
) -> Member:
    found = [await directory.find_group(session, g) for g in groups]
    return await directory.register(
        session,
        NOW,
        telegram_user_id=telegram_id,
        display_name=f"P{telegram_id}",
        language=language,
        role=role,
        agency=agency,
        organisation_name="Org",
        groups=[g for g in found if g],
    )


async def ids(session: AsyncSession, audience: Audience) -> set[int]:
    return {m.telegram_user_id for m in await recipients(session, audience)}


async def group_id(session: AsyncSession, name: str) -> str:
    group = await directory.find_group(session, name)
    assert group is not None
    return str(group.id)


async def test_each_kind_of_audience_picks_its_members(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        await person(session, 1, "durres")
        await person(session, 2, "durres", "tirane", agency="social_service", language="en")
        await person(session, 3, "tirane", role="ngo", agency="civil_society")
        await person(session, 4, role="coordinator", agency="other")
        durres, tirane = await group_id(session, "durres"), await group_id(session, "tirane")
        assert await ids(session, Audience("everyone")) == {1, 2, 3, 4}
        assert await ids(session, Audience("role", ("ngo",))) == {3}
        assert await ids(session, Audience("agency", ("police",))) == {1}
        assert await ids(session, Audience("groups", (durres,))) == {1, 2}
        # A member of both groups is one recipient, not two.
        both = await recipients(session, Audience("groups", (durres, tirane)))
        assert sorted(m.telegram_user_id for m in both) == [1, 2, 3]


async def test_suspended_and_unreachable_members_are_left_out(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        await person(session, 1, "durres")
        (await person(session, 2, "durres")).status = "suspended"
        await person(session, 3, "durres", language="en")
        await directory.mark_unreachable(session, NOW, (await person(session, 4, "durres")).id, "x")
        durres = Audience("groups", (await group_id(session, "durres"),))
        assert await ids(session, durres) == {1, 3}
        counted = await reach(session, durres)
        assert (counted.recipients, counted.unreachable) == (2, 1)
        assert counted.by_language == {"sq": 1, "en": 1}


@pytest.mark.parametrize(
    "kind, values",
    [("role", ("king",)), ("agency", ()), ("groups", ("durres",)), ("everyone", ("x",)), ("x", ())],
)
def test_audiences_that_name_nothing_known_are_refused(kind: str, values: tuple[str, ...]) -> None:
    with pytest.raises(BadAudience):
        Audience(kind, values)  # type: ignore[arg-type]


def test_a_draft_becomes_an_audience_and_survives_json() -> None:
    assert Audience.from_answers({"audience": "everyone"}) == Audience("everyone")
    assert Audience.from_answers({"audience": "role", "to": "ngo"}) == Audience("role", ("ngo",))
    picked = Audience.from_answers({"audience": "groups", "to": "done", "groups": ["3", "7"]})
    assert picked == Audience("groups", ("3", "7"))
    assert Audience.from_json(picked.to_json()) == picked


@pytest.mark.parametrize("typed", ["2026-12-03 10:00", "3.12.2026 10:00", " 03.12.2026 10:00 "])
def test_send_times_are_read_in_tirana_time(typed: str) -> None:
    # Tirana is UTC+1 in December.
    expected = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert broadcasts.parse_send_time(typed, NOW, TIRANE) == expected


@pytest.mark.parametrize(
    "typed, key",
    [
        ("tomorrow", "broadcast.when.unparsable"),
        ("2026-13-01 10:00", "broadcast.when.unparsable"),
        ("2026-11-23 09:59", "broadcast.when.past"),  # 08:59 UTC: a minute ago
    ],
)
def test_unreadable_or_past_times_are_refused(typed: str, key: str) -> None:
    assert broadcasts.parse_send_time(typed, NOW, TIRANE) == key


def compose(broadcast: Broadcast, lang: str) -> list[Reply]:
    return [Reply(broadcast.text_en if lang == "en" and broadcast.text_en else broadcast.text_sq)]


async def settle_rows(session: AsyncSession, **states: tuple[str, str | None]) -> None:
    """Give each member's (by display name) broadcast rows a state and an error."""
    rows = (
        await session.scalars(select(OutboxMessage).where(OutboxMessage.state == "pending"))
    ).all()
    for row in rows:
        member = await session.get(Member, row.member_id)
        assert member is not None
        row.state, row.last_error = states[member.display_name]


async def test_outcomes_count_each_recipients_latest_attempt(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        author = await person(session, 9, role="coordinator")
        for telegram_id in (1, 2, 3):
            await person(
                session, telegram_id, "durres", language="en" if telegram_id == 2 else "sq"
            )
        long = "Tekst i gjatë. " * 400  # beyond the old VARCHAR(4096), also on PostgreSQL
        spec = broadcasts.Spec(Audience("role", ("committee",)), long, "Text")
        created = await broadcasts.create(session, NOW, author, spec, None, compose)
        await session.flush()
        english = await session.scalar(select(OutboxMessage).where(OutboxMessage.chat_id == 2))
        assert english is not None
        assert english.payload["text"] == "Text"
        assert english.priority == 30
        await settle_rows(
            session,
            P1=("sent", None),
            P2=("failed", "unreachable: Forbidden: bot was blocked by the user"),
            P3=("failed", "gave up: Bad Gateway"),
        )
        state = await settling.settle(session, NOW, created)
        assert state is not None
        assert (state.delivered, state.unreachable, state.failed, state.finished) == (1, 1, 1, True)
        assert {(p.name, p.reason) for p in state.problems} == {
            ("P2", "Forbidden: bot was blocked by the user"),
            ("P3", "gave up: Bad Gateway"),
        }
        assert created.status == "done"
        # A resend queues the two who did not get it; the new attempt is what counts.
        later = NOW + timedelta(minutes=5)
        assert await settling.resend_failed(session, later, created, author, compose) == 2
        await session.flush()
        await settle_rows(session, P2=("sent", None), P3=("sent", None))
        again = await settling.settle(session, later, created)
        assert again is not None
        assert (again.delivered, again.total, again.problems, again.finished) == (3, 3, [], True)

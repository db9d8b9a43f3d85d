"""The gate's rules without Telegram: pace per person, where Ura answers, services that refuse
an inactive actor themselves, and reads that never wait for SQLite's write lock."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from bot.alerts import rules as alerts
from bot.alerts import work
from bot.core.chat_scope import Chats, Scope, decide
from bot.core.permissions import Agency, InactiveActor, Role
from bot.core.rate_limit import RateLimiter, Verdict
from bot.meetings import rules as meetings
from bot.members import directory, invites
from storage.db import SessionFactory, create_engine, create_session_factory, reading
from storage.migrate import upgrade
from storage.models import Meeting, Member
from tests.alerts.test_routing_rules import person

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CHILD = {"region": "durres", "category": "child_at_risk", "urgency": "urgent", "description": "x"}


def test_twenty_a_minute_then_one_warning_then_silence_until_the_window_passes() -> None:
    limiter = RateLimiter(limit=20)
    verdicts = [limiter.check(7, NOW + timedelta(seconds=n), update_id=n) for n in range(25)]
    assert verdicts[:20] == [Verdict.ALLOW] * 20
    assert verdicts[20:] == [Verdict.WARN] + [Verdict.SILENT] * 4
    assert limiter.check(8, NOW, update_id=100) is Verdict.ALLOW, "others are not affected"
    assert limiter.check(7, NOW + timedelta(seconds=61), update_id=200) is Verdict.ALLOW


def test_an_update_that_reaches_several_handlers_counts_once() -> None:
    limiter = RateLimiter(limit=2)
    assert [limiter.check(7, NOW, update_id=1) for _ in range(5)] == [Verdict.ALLOW] * 5
    assert limiter.check(7, NOW, update_id=2) is Verdict.ALLOW
    assert limiter.check(7, NOW, update_id=3) is Verdict.WARN


@pytest.mark.parametrize(
    ("chats", "private", "linked", "scope"),
    [
        (Chats.PRIVATE, True, False, Scope.ANSWER),
        (Chats.PRIVATE, False, True, Scope.HINT),
        (Chats.PRIVATE, False, False, Scope.HINT),
        (Chats.LINKED, False, True, Scope.ANSWER),
        (Chats.LINKED, False, False, Scope.SILENT),
        (Chats.ANY, False, False, Scope.ANSWER),
    ],
)
def test_private_by_default(chats: Chats, private: bool, linked: bool, scope: Scope) -> None:
    assert decide(chats, private, linked) is scope


async def test_services_refuse_a_suspended_actor_themselves(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        boss = await person(session, 1, Agency.OTHER)
        boss.role = Role.COORDINATOR
        ngo = await person(session, 2, Agency.CIVIL_SOCIETY)
        police = await person(session, 3, Agency.POLICE)
        alert_id = (await alerts.raise_alert(session, NOW, ngo, CHILD, timedelta(hours=1))).alert.id
        await directory.set_status(session, NOW, boss, ngo, "suspended")
        boss.status = "suspended"
        durres = await directory.find_group(session, "durres")
        terms = invites.InviteTerms(Role.COORDINATOR, "Zyra", Agency.OTHER, [durres], 20, 7)
        with pytest.raises(InactiveActor):
            await invites.create(session, NOW, terms, boss)
        with pytest.raises(InactiveActor):
            await alerts.raise_alert(session, NOW, ngo, CHILD, timedelta(hours=1))
        with pytest.raises(InactiveActor):
            await work.add_note(session, NOW, alert_id, ngo, "shënim", timedelta(hours=1))
        data = {"title": "Tryeza", "place": "Durrës", "agenda": "", "groups": ["durres"]}
        with pytest.raises(InactiveActor):
            await meetings.create(session, NOW, boss, data, NOW + timedelta(days=2), [])
        assert police.status == "active"
        assert await invites.create(session, NOW, terms, None), "the operator's CLI still may"
    async with sessions() as session:
        assert (await session.scalars(select(Meeting))).all() == []


async def test_a_read_only_transaction_never_waits_for_the_write_lock(tmp_path: object) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/ura.db"
    await upgrade(url)
    engine = create_engine(url, connect_args={"timeout": 2})
    sessions = create_session_factory(engine)
    try:
        async with sessions.begin() as writer:  # BEGIN IMMEDIATE: holds the write lock
            await writer.execute(text("UPDATE groups SET name = name"))

            async def read() -> int:
                async with reading(sessions) as session:
                    return len((await session.scalars(select(Member))).all())

            assert await asyncio.wait_for(read(), timeout=1) == 0

            async def write() -> None:
                async with sessions.begin() as session:
                    await session.execute(text("UPDATE groups SET name = name"))

            with pytest.raises(Exception, match="locked"):
                await write()  # a writing transaction waits for it (here: until its timeout)
    finally:
        await engine.dispose()


async def test_a_read_only_transaction_reads_on_every_engine_and_postgresql_refuses_writes(
    sessions: SessionFactory,
) -> None:
    async with reading(sessions) as session:
        assert (await session.scalars(select(Member))).all() == []
        if session.bind is not None and session.bind.dialect.name == "postgresql":
            with pytest.raises(Exception, match="read-only"):
                await session.execute(text("UPDATE groups SET name = name"))


async def test_what_a_read_only_handler_adds_is_kept_for_the_writing_step(
    sessions: SessionFactory,
) -> None:
    from bot.core.rendering import Reply
    from bot.delivery import enqueue

    async with reading(sessions) as session:
        row = enqueue(session, chat_id=5, reply=Reply("përgjigje"), now=NOW)
        await session.scalars(select(Member))  # a query after the reply flushes nothing
        assert row in session.new

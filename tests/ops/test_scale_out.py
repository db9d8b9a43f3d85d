"""Two real `ura run --webhook` processes on one PostgreSQL: a 300-member broadcast and 50
roundtable reminders, the sending process killed (-9) half-way. Every message and timer once,
no 429, never more than 30 messages in any second, and the survivor takes over at once."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.core import scheduling
from bot.core.clock import SystemClock
from bot.core.rendering import Reply
from bot.delivery import Priority, enqueue
from bot.meetings.rules import REMIND
from bot.sandbox.telegram import FakeBotApi, FakeUser, Limits
from storage.db import SessionFactory, create_engine, create_session_factory
from storage.meetings import Meeting, MeetingInvitee
from storage.migrate import upgrade
from storage.models import AuditEvent
from storage.outbox import FINAL_STATES, OutboxMessage
from storage.timers import Timer
from tests.conftest import POSTGRES_URL, _drop_postgres_database, _fresh_postgres_database
from tests.ops.test_process import ura_env
from tests.ops.test_webhook import SECRET, free_port, wait_for_http
from tests.ura import member_row

BROADCAST = 300
REMINDERS = 50
# Up to this much jitter between a request leaving a sender and its arrival being stamped here,
# on two cores shared with the rest of the suite (the default, 0.05 s, is for a quiet host).
MARGIN = 0.2


async def plan_roundtables(sessions: SessionFactory, people: list[FakeUser]) -> None:
    """One roundtable per person, who organises it and is its invitee; reminders fall due
    one every 0.2 s from 2 s on, so some fire before the kill and some after."""
    now = SystemClock().now()
    async with sessions.begin() as session:
        for n, person in enumerate(people):
            member = member_row(person, now)
            session.add(member)
            await session.flush()
            meeting = Meeting(
                uid=f"scale-{n}@ura",
                organiser_member_id=member.id,
                audience={"all": False, "groups": []},
                title=f"Tryeza {n}",
                starts_at=now + timedelta(hours=2),
                duration_minutes=60,
                place="Durrës",
                agenda="-",
                status="scheduled",
                created_at=now,
                updated_at=now,
            )
            session.add(meeting)
            await session.flush()
            session.add(MeetingInvitee(meeting_id=meeting.id, member_id=member.id))
            due = now + timedelta(seconds=2 + 0.2 * n)
            scheduling.plan(session, REMIND, meeting.id, due, now, {"offset": 7200, "sequence": 0})


async def holds_the_lease(port: int) -> bool:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/metrics") as answer,
    ):
        return "ura_sender_lease 1.0" in await answer.text()


def busiest(times: list[float], window: float) -> int:
    """The most messages that arrived within any `window` seconds."""
    times = sorted(times)
    most, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        most = max(most, end - start + 1)
    return most


async def test_two_instances_kill_one_mid_broadcast_nothing_twice_nothing_over_the_limit(
    telegram: FakeBotApi, tmp_path: Path
) -> None:
    if not POSTGRES_URL:
        pytest.skip("URA_TEST_POSTGRES_URL is not set")
    url = await _fresh_postgres_database()
    telegram.limits = Limits()  # Telegram's real limits: 30/s, 1/s per chat
    telegram.latency = 0.05
    await upgrade(url)
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    crowd = [telegram.add_user(first_name=f"B{n}") for n in range(BROADCAST)]
    invitees = [telegram.add_user(first_name=f"R{n}") for n in range(REMINDERS)]
    async with sessions.begin() as session:
        for n, person in enumerate(crowd):
            reply = Reply(f"njoftim #{n}")
            now = SystemClock().now()
            enqueue(session, chat_id=person.id, reply=reply, now=now, priority=Priority.BULK)
    ports = [free_port(), free_port()]

    def env(port: int) -> dict[str, str]:
        return ura_env(
            telegram,
            url,
            URA_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
            URA_WEBHOOK_PORT=str(port),
            URA_WEBHOOK_SECRET=SECRET,
            URA_SCHEDULER_TICK_SECONDS="1",
            URA_DIGEST_ENABLED="false",
            URA_DELIVERY__GLOBAL_MARGIN_SECONDS=str(MARGIN),
        )

    async def states() -> dict[str, int]:
        async with sessions() as session:
            query = select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
            return dict((await session.execute(query)).all())  # type: ignore[arg-type]

    processes = []
    try:
        for port in ports:
            processes.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bot",
                    "run",
                    "--webhook",
                    env=env(port),
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=(tmp_path / f"ura-{port}.log").open("wb"),
                )
            )
        for port in ports:
            await wait_for_http(f"http://127.0.0.1:{port}/healthz")
        await plan_roundtables(sessions, invitees)
        stats = telegram.stats  # cheap on every wake-up, unlike a walk over 350 chats
        await telegram.world.notifier.wait_until(lambda: stats.delivered >= 100, 60)
        holders = [await holds_the_lease(port) for port in ports]
        assert holders.count(True) == 1, "exactly one process sends"
        victim = processes[holders.index(True)]
        victim.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        await victim.wait()
        before = stats.delivered
        assert before < BROADCAST + 2 * REMINDERS, "killed in the middle"
        await telegram.world.notifier.wait_until(lambda: stats.delivered > before, 30)
        takeover = time.monotonic() - killed_at
        survivor_port = ports[1 - holders.index(True)]
        assert await holds_the_lease(survivor_port)
        for _ in range(300):
            counts = await states()
            async with sessions() as session:
                timers = dict(
                    (
                        await session.execute(
                            select(Timer.state, func.count())
                            .where(Timer.kind == REMIND)  # not the monthly report's timer
                            .group_by(Timer.state)
                        )
                    ).all()
                )
            settled = set(counts) <= set(FINAL_STATES) and timers == {"fired": REMINDERS}
            if settled and sum(counts.values()) == BROADCAST + 2 * REMINDERS:
                break
            await asyncio.sleep(0.2)
        async with sessions() as session:
            reminded = await session.scalar(
                select(func.count()).where(AuditEvent.action == "meeting.reminded")
            )
    finally:
        for process in processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), 20)
        await engine.dispose()
        await _drop_postgres_database(url)

    assert takeover < 5, f"the survivor took over in {takeover:.1f} s"
    assert timers == {"fired": REMINDERS}, "every reminder timer fired"
    assert reminded == REMINDERS, "and each exactly once"
    assert set(counts) <= {"sent", "uncertain"}
    uncertain = counts.get("uncertain", 0)
    assert counts.get("sent", 0) + uncertain == BROADCAST + 2 * REMINDERS
    copies = [len(telegram.bot_messages(p)) for p in crowd]
    assert max(copies) == 1, "nobody receives the broadcast twice"
    reminders = [len(telegram.bot_messages(p)) for p in invitees]
    assert max(reminders) == 2, "a reminder and the organiser's summary, once each"
    missing = copies.count(0) + sum(2 - r for r in reminders)
    assert missing <= uncertain, "only a send in flight at the kill can be missing"
    assert telegram.stats.limit_429 == 0
    sent_times = [m.received_at for p in crowd + invitees for m in telegram.bot_messages(p)]
    # The combined rate, where the messages arrive: one sender at a time, and its requests leave
    # at most 30 in any second and a margin (the take-over waits as long); two senders at once
    # would show ~60. The margin absorbs the jitter between a request leaving and this loaded
    # test process stamping its arrival, hence the test's wider one.
    peak = busiest(sent_times, 1.0)
    late = sorted(sent_times)
    at = next(t for n, t in enumerate(late) if busiest(late[n:], 1.0) < peak) - killed_at
    assert peak <= 30, f"{peak} messages within one second, from {at:+.1f} s after the kill"

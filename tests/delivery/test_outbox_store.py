"""The outbox's claims: two workers never take the same row, a dead worker's rows come back."""

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.core.rendering import Reply
from bot.delivery.outbox import Priority, copies, enqueue, enqueue_edit
from bot.delivery.store import OutboxStore
from storage.db import SessionFactory
from storage.outbox import OutboxMessage

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def fill(sessions: SessionFactory, count: int, priority: Priority = Priority.BULK) -> None:
    async with sessions.begin() as session:
        for n in range(count):
            enqueue(session, chat_id=1000 + n, reply=Reply(f"m{n}"), now=NOW, priority=priority)


async def test_two_workers_claim_disjoint_rows(sessions: SessionFactory) -> None:
    await fill(sessions, 60)
    one, two = OutboxStore(sessions, "one"), OutboxStore(sessions, "two")
    await one.register(NOW)
    await two.register(NOW)
    first, second = await asyncio.gather(one.claim(NOW, 40, set()), two.claim(NOW, 40, set()))
    ids = [job.id for job in first + second]
    assert len(ids) == len(set(ids)) == 60


async def test_claims_come_in_priority_order(sessions: SessionFactory) -> None:
    await fill(sessions, 5, Priority.BULK)
    await fill(sessions, 2, Priority.ALERT)
    store = OutboxStore(sessions, "w")
    await store.register(NOW)
    jobs = await store.claim(NOW, 3, set())
    assert [job.priority for job in jobs] == [Priority.ALERT, Priority.ALERT, Priority.BULK]


async def test_rows_due_later_wait(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        enqueue(
            session, chat_id=1, reply=Reply("later"), now=NOW, not_before=NOW + timedelta(hours=1)
        )
    store = OutboxStore(sessions, "w")
    await store.register(NOW)
    assert await store.claim(NOW, 10, set()) == []
    assert len(await store.claim(NOW + timedelta(hours=1), 10, set())) == 1


async def test_a_dead_workers_claims_return_and_its_sends_become_uncertain(
    sessions: SessionFactory,
) -> None:
    await fill(sessions, 4)
    dead = OutboxStore(sessions, "dead")
    await dead.register(NOW)
    jobs = await dead.claim(NOW, 4, set())
    assert await dead.mark_sending(jobs[0])  # in flight when the process died
    alive = OutboxStore(sessions, "alive")
    await alive.register(NOW + timedelta(minutes=5))
    back, lost = await alive.recover(NOW + timedelta(minutes=5), stale_after=30)
    assert (back, lost) == (3, 1)
    async with sessions() as session:
        states = sorted((await session.scalars(select(OutboxMessage.state))).all())
    assert states == ["pending", "pending", "pending", "uncertain"]


async def test_a_live_workers_claims_are_left_alone(sessions: SessionFactory) -> None:
    await fill(sessions, 2)
    busy = OutboxStore(sessions, "busy")
    await busy.register(NOW)
    await busy.claim(NOW, 2, set())
    other = OutboxStore(sessions, "other")
    await other.register(NOW)
    assert await other.recover(NOW + timedelta(seconds=5), stale_after=30) == (0, 0)


async def test_an_edit_waits_for_its_message_and_bursts_coalesce(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        card = enqueue(session, chat_id=5, reply=Reply("v1"), now=NOW, ref=("card", 1))
    store = OutboxStore(sessions, "w")
    await store.register(NOW)
    (job,) = await store.claim(NOW, 10, set())
    async with sessions.begin() as session:
        target = await session.get(OutboxMessage, card.id)
        assert target is not None
        for version in ("v2", "v3", "v4"):
            await enqueue_edit(session, target=target, reply=Reply(version), now=NOW)
    assert await store.claim(NOW, 10, {job.id}) == [], "not before the card itself is sent"
    await store.settle(job, state="sent", telegram_message_id=77)
    (edit,) = await store.claim(NOW, 10, {job.id})
    assert (edit.kind, edit.payload["text"], edit.target_message_id) == ("edit", "v4", 77)
    async with sessions() as session:
        assert [row.id for row in await copies(session, ("card", 1))] == [card.id]


async def test_an_unsent_copy_is_simply_rewritten(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        card = enqueue(session, chat_id=5, reply=Reply("v1"), now=NOW)
        await session.flush()
        assert await enqueue_edit(session, target=card, reply=Reply("v2"), now=NOW) is None
        assert card.payload["text"] == "v2"


async def test_a_pressed_message_shows_its_latest_edit_that_was_not_lost(
    sessions: SessionFactory,
) -> None:
    from bot.delivery.outbox import sent_message, shown
    from storage.outbox import FAILED, SENT

    async with sessions.begin() as session:
        card = enqueue(session, chat_id=77, reply=Reply("first"), now=NOW)
        await session.flush()
        card.state, card.telegram_message_id = SENT, 501
        edit = await enqueue_edit(session, target=card, reply=Reply("second"), now=NOW)
        assert edit is not None
        edit.state = SENT
        await session.flush()
        failed = await enqueue_edit(session, target=card, reply=Reply("third"), now=NOW)
        assert failed is not None
        failed.state = FAILED
    async with sessions() as session:
        row = await sent_message(session, 77, 501)
        assert row is not None
        assert row.id == card.id
        assert (await shown(session, row))["text"] == "second", "a failed edit never showed"
        assert await sent_message(session, 77, 999) is None

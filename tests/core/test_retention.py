"""Retention blanks every old text that holds a person's words, keeps what reports count,
deletes rejected access requests after a month, and leaves no copy in the SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from bot.log import entries as exchange_log
from bot.log import retention
from bot.members import directory
from storage.db import SessionFactory, create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import (
    AccessRequest,
    Alert,
    AlertEvent,
    AlertReferral,
    AuditEvent,
    Broadcast,
    Draft,
    ExchangeEntry,
    Group,
    Meeting,
    MeetingAction,
    Timer,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
OLD = NOW - timedelta(days=40)
SECRET = "Ana Hoxha 0691234567"
LONG = "Përshkrim i gjatë i situatës. " * 200


async def seed(sessions: SessionFactory, at: datetime, words: str) -> None:
    """One row of every kind that holds a person's words, written at `at`."""
    async with sessions.begin() as session:
        group = Group(slug=f"g{at.day}", name="Durrës", kind="committee", created_at=at)
        session.add(group)
        await session.flush()
        ardit = await directory.register(
            session,
            at,
            telegram_user_id=1000 + at.day,
            display_name="Ardit",
            language="sq",
            role="committee",
            agency="police",
            organisation_name="Policia",
            groups=[group],
        )
        alert = Alert(
            raised_by_member_id=ardit.id,
            group_id=group.id,
            category="minor",
            urgency="urgent",
            description=f"Vajza {words}. " + LONG + words,  # long: overflow pages
            attachment={"file_id": "f1", "kind": "photo", "caption": words},
            status="resolved",
            created_at=at,
            resolved_at=at,
            resolved_by_member_id=ardit.id,
            closing_note=f"Mbyllur {words}",
        )
        session.add(alert)
        await session.flush()
        session.add(AlertEvent(alert_id=alert.id, kind="note", text=words, details={}, at=at))
        session.add(
            AlertEvent(alert_id=alert.id, kind="acknowledged", text=None, details={}, at=at)
        )
        session.add(
            AlertReferral(
                alert_id=alert.id,
                from_member_id=ardit.id,
                to_agency="social",
                reason=f"Arsye {words}",
                status="declined",
                answer_reason=f"Jo {words}",
                created_at=at,
                answered_at=at,
            )
        )
        meeting = Meeting(
            uid=f"m{at.day}@ura",
            organiser_member_id=ardit.id,
            audience={"all": True, "groups": []},
            title=f"Tryeza {words}",
            starts_at=at,
            duration_minutes=60,
            place=f"Zyra {words}",
            agenda=f"Rendi {words}",
            created_at=at,
            updated_at=at,
        )
        session.add(meeting)
        await session.flush()
        session.add(
            MeetingAction(
                meeting_id=meeting.id,
                owner_member_id=ardit.id,
                text=f"Detyrë {words}",
                due_at=at,
                status="done",
                created_by_member_id=ardit.id,
                created_at=at,
            )
        )
        session.add(
            Broadcast(
                created_by_member_id=ardit.id,
                audience={"all": True},
                text_sq=f"Njoftim {words}",
                text_en=None,
                status="done",
                created_at=at,
            )
        )
        for status in ("approved", "rejected"):
            session.add(
                AccessRequest(
                    telegram_user_id=2000 + at.day,
                    display_name=f"Kërkues {words}",
                    organisation_name=f"OJF {words}",
                    agency="ngo",
                    group_id=group.id,
                    language="sq",
                    status=status,
                    decided_by_member_id=ardit.id,
                    decided_at=at,
                    created_at=at,
                )
            )
        session.add(
            Draft(
                telegram_user_id=3000 + at.day,
                flow="alert",
                step="text",
                data={"t": words},
                updated_at=at,
            )
        )
        session.add(
            Timer(
                kind="alert.escalate",
                ref_id=alert.id,
                due_at=at,
                state="failed",
                last_error=f"IntegrityError: {words}",
                payload={},
                created_at=at,
            )
        )
        session.add(
            AuditEvent(
                at=at,
                action="member.unreachable",
                details={"reason": f"Forbidden {words}", "state": "blocked", "count": 3},
            )
        )
        await exchange_log.record(
            session, at, kind="update", sender=ardit, group_ids=[group.id], topic=None, text=words
        )


async def test_an_old_persons_words_are_blanked_and_counts_and_states_stay(
    sessions: SessionFactory,
) -> None:
    await seed(sessions, OLD, SECRET)
    await seed(sessions, NOW - timedelta(days=2), "Besa Kola")
    async with sessions.begin() as session:
        await retention.purge(session, NOW, days=30)
    async with sessions() as session:
        alerts = (await session.scalars(select(Alert).order_by(Alert.id))).all()
        notes = (await session.scalars(select(AlertEvent).order_by(AlertEvent.id))).all()
        referrals = (await session.scalars(select(AlertReferral).order_by(AlertReferral.id))).all()
        meetings = (await session.scalars(select(Meeting).order_by(Meeting.id))).all()
        actions = (await session.scalars(select(MeetingAction).order_by(MeetingAction.id))).all()
        casts = (await session.scalars(select(Broadcast).order_by(Broadcast.id))).all()
        requests = (await session.scalars(select(AccessRequest).order_by(AccessRequest.id))).all()
        drafts = (await session.scalars(select(Draft))).all()
        timers = (await session.scalars(select(Timer).order_by(Timer.id))).all()
        audit = (
            await session.scalars(
                select(AuditEvent).where(AuditEvent.action == "member.unreachable")
            )
        ).all()
        purged = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "exchange.purged")
        )
        entries = await session.scalar(select(func.count()).select_from(ExchangeEntry))
    old_alert, new_alert = alerts
    assert (old_alert.description, old_alert.attachment, old_alert.closing_note) == ("", None, "")
    assert (old_alert.status, old_alert.category, old_alert.resolved_at) == (
        "resolved",
        "minor",
        OLD,
    )
    assert new_alert.description.startswith("Vajza Besa Kola"), "younger text stays"
    assert [n.text for n in notes] == ["", None, "Besa Kola", None]
    assert [n.kind for n in notes] == ["note", "acknowledged", "note", "acknowledged"]
    assert [(r.reason, r.answer_reason, r.status) for r in referrals][0] == ("", "", "declined")
    assert [(m.title, m.place, m.agenda) for m in meetings][0] == ("", "", "")
    assert meetings[0].duration_minutes == 60
    assert [(a.text, a.status) for a in actions][0] == ("", "done")
    assert [(b.text_sq, b.text_en, b.attachment) for b in casts][0] == ("", None, None)
    old_requests = [r for r in requests if r.decided_at == OLD]
    assert [(r.status, r.display_name, r.organisation_name) for r in old_requests] == [
        ("approved", "", "")
    ], "the rejected one is deleted after 30 days, the approved one blanked"
    assert len(requests) == 3
    assert [d.data for d in drafts] == [{"t": "Besa Kola"}], "old saved forms are deleted"
    assert [(t.last_error, t.state) for t in timers] == [
        (None, "failed"),
        ("IntegrityError: Besa Kola", "failed"),
    ]
    assert audit[0].details == {"reason": "", "state": "blocked", "count": 3}
    assert audit[1].details["reason"] == "Forbidden Besa Kola"
    assert entries == 2
    assert purged is not None
    assert purged.details["counts"]["alerts"] == 1
    assert purged.details["rejected_requests"] == 1
    assert purged.details["counts"]["drafts"] == 1


async def test_a_second_purge_finds_nothing_left_to_blank(sessions: SessionFactory) -> None:
    await seed(sessions, OLD, SECRET)
    async with sessions.begin() as session:
        await retention.purge(session, NOW, days=30)
    async with sessions.begin() as session:
        await retention.purge(session, NOW + timedelta(days=1), days=30)
    async with sessions() as session:
        last = await session.scalar(
            select(AuditEvent)
            .where(AuditEvent.action == "exchange.purged")
            .order_by(AuditEvent.id.desc())
        )
    assert last is not None
    counts = last.details["counts"]
    assert [counts[k] for k in ("alerts", "notes", "meetings", "audit")] == [0, 0, 0, 0]
    assert last.details["entries"] == 0


async def test_sqlite_runs_with_secure_delete(sessions: SessionFactory) -> None:
    async with sessions() as session:
        if session.bind.dialect.name != "sqlite":
            return
        assert await session.scalar(text("PRAGMA secure_delete")) == 1


def on_disk(folder: Path) -> bytes:
    """Every byte of the database's files (the main file, and a WAL if one was left)."""
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())


async def test_blanked_text_is_gone_from_the_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/ura.db"
    await upgrade(url)
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    marker = "Xhevahire Qafëzezi 0697654321"
    await seed(sessions, OLD, marker)
    await engine.dispose()  # the last connection checkpoints the write-ahead log
    assert marker.encode() in on_disk(tmp_path), "the text is in the file"
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        await retention.purge(session, NOW, days=30)
    await engine.dispose()
    leftovers = on_disk(tmp_path)
    for word in (b"Xhevahire", "Qafëzezi".encode(), b"0697654321", b"xhevahire"):
        assert word not in leftovers, word

"""Stories of the monitoring report: /report for a coordinator and for the Advisory Group,
refused to others, and the monthly report on the first working day, once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.reports.render.table import read
from bot.sandbox.telegram import FakeMessage, FakeUser
from storage.models import AuditEvent, Timer
from tests.reports.seed import ALERT_TEXT, NAMES, NOW, Seeded, seed_november
from tests.ura import Ura

FILES = 7  # the summary, four charts, the PDF, the CSV
RENDER = 30.0  # seconds: drawing a report takes a few, more on a loaded test machine


async def with_november(ura: Ura) -> tuple[dict[str, FakeUser], Seeded]:
    t = ura.telegram
    people = {
        "police": t.add_user(first_name="Ardit", language_code="sq"),
        "social": t.add_user(first_name="Blerina", language_code="sq"),
        "kukes": t.add_user(first_name="Gentian", language_code="sq"),
        "advisor": t.add_user(first_name="Drita", language_code="en"),
    }
    ids = (ura.coordinator.id, *(u.id for u in people.values()))
    async with ura.sessions.begin() as session:
        seeded = await seed_november(session, ids)
        seeded.advisor.language = "en"
    ura.clock.set(NOW)
    return people, seeded


async def report_messages(ura: Ura, user: FakeUser, after: FakeMessage) -> list[FakeMessage]:
    """Wait for the whole report (7 messages) after `after`; returns them in order."""
    t = ura.telegram

    def arrived() -> list[FakeMessage] | None:
        found = [m for m in t.bot_messages(user) if m.message_id > after.message_id]
        return found if len(found) >= FILES else None

    got = await t.world.notifier.wait_until(arrived, RENDER)
    assert got is not None, t.format_transcript(user)
    return got


def csv_of(messages: list[FakeMessage]) -> dict[tuple[str, str, str], str]:
    (csv,) = [m for m in messages if m.document and m.document.filename.endswith(".csv")]
    assert csv.document is not None
    return read(csv.document.content)


async def test_a_coordinator_gets_the_summary_charts_pdf_and_csv(ura: Ura) -> None:
    await with_november(ura)
    t, me = ura.telegram, ura.coordinator
    said = await t.send_text(me, "/report 2026-11")
    ack = await t.wait_for_message(me, contains="nëntor 2026", after=said)
    assert await ura.tick() == 1  # the scheduler draws it (every few seconds in production)
    got = await report_messages(ura, me, ack)
    summary = got[0].text
    assert "Raporti i monitorimit: nëntor 2026" in summary
    assert "u dërguan 6 sinjalizime nga 2 qarqe" in summary
    assert "Durrës mori në dijeni 2 nga 3 sinjalizime urgjente brenda 15 minutave" in summary
    photos = [m for m in got if m.photo]
    assert len(photos) == 4
    assert photos[0].photo is not None
    assert photos[0].photo[-1].content.startswith(b"\x89PNG")
    documents = sorted(m.document.filename for m in got if m.document)
    assert documents == [
        "ura-report-2026-11-coordinator.csv",
        "ura-report-2026-11-coordinator.pdf",
    ]
    figures = csv_of(got)
    assert figures[("alerts", "durres", "alerts")] == "4"
    assert figures[("alerts", "kukes", "alerts")] == "2"  # the office sees exact counts
    async with ura.sessions() as session:
        audited = await session.scalar(
            select(func.count()).where(AuditEvent.action == "report.sent")
        )
    assert audited == 1
    # The buttons under the answer give another period.
    await t.press_button(me, "Ky muaj", message=ack)
    await t.wait_for_message(me, contains="dhjetor 2026) po përgatitet")
    await ura.tick()
    december = await t.wait_for_message(
        me, contains="Raporti i monitorimit: dhjetor 2026", timeout=RENDER
    )
    assert "u dërgua 1 sinjalizim nga 1 qark" in december.text  # Kukës, at midnight


async def test_the_advisory_group_reads_no_alert_text_no_names_and_no_small_counts(
    ura: Ura,
) -> None:
    people, _ = await with_november(ura)
    t, drita = ura.telegram, people["advisor"]
    said = await t.send_text(drita, "/report 2026-11")
    ack = await t.wait_for_message(drita, contains="November 2026", after=said)
    await ura.tick()
    got = await report_messages(ura, drita, ack)
    assert "The Advisory Group's version" in got[0].text
    assert "Kukës" not in got[0].text
    figures = csv_of(got)
    assert figures[("alerts", "kukes", "alerts")] == "<3"
    assert figures[("report", "version", "audience")] == "advisory"
    seen = " ".join(m.text for m in got) + " ".join(
        m.document.content.decode("utf-8-sig")
        for m in got
        if m.document and m.document.filename.endswith(".csv")
    )
    for secret in (ALERT_TEXT, *NAMES):
        assert secret not in seen


async def test_committee_members_are_not_sent_reports(ura: Ura) -> None:
    people, _ = await with_november(ura)
    t, ardit = ura.telegram, people["police"]
    said = await t.send_text(ardit, "/report")
    refusal = await t.wait_for_message(ardit, after=said)
    assert "nuk lejohet" in refusal.text
    await t.wait_idle()
    assert len([m for m in t.bot_messages(ardit) if m.message_id > said.message_id]) == 1


async def test_a_wrong_period_is_explained_with_buttons(ura: Ura) -> None:
    t, me = ura.telegram, ura.coordinator
    said = await t.send_text(me, "/report nëntor")
    answer = await t.wait_for_message(me, contains="2026-Q4", after=said)
    assert any("Ky vit" in b for row in answer.buttons for b in row)


async def test_the_monthly_report_reaches_the_right_people_once(ura: Ura) -> None:
    people, _ = await with_november(ura)
    t = ura.telegram
    ura.clock.set(datetime(2026, 11, 23, 9, tzinfo=UTC))
    await ura.reconfigure(report_monthly=True)  # plans December's report at start
    async with ura.sessions.begin() as session:  # as a second instance would have, too
        first = await session.scalar(select(Timer).where(Timer.kind == "report.monthly"))
        assert first is not None
        assert first.due_at == datetime(2026, 12, 1, 8, tzinfo=UTC)  # 09:00 in Tirana, Tuesday
        session.add(
            Timer(kind=first.kind, ref_id=first.ref_id, due_at=first.due_at, created_at=NOW)
        )
    ura.clock.set(datetime(2026, 11, 30, 23, tzinfo=UTC))
    assert await ura.tick() == 0  # not before the first working day's hour
    ura.clock.set(datetime(2026, 12, 1, 8, 0, 30, tzinfo=UTC))
    await ura.tick()
    await ura.tick()
    await ura.restart()
    await ura.tick()
    for reader in (ura.coordinator, people["advisor"]):  # the CSV is the last of the seven
        await t.wait_for_message(reader, contains="CSV", timeout=RENDER)
    await t.wait_idle()
    for reader, expected in ((ura.coordinator, "nëntor 2026"), (people["advisor"], "November")):
        summaries = [
            m
            for m in t.bot_messages(reader)
            if "Monitoring report" in m.text or "Raporti i monitorimit" in m.text
        ]
        assert len(summaries) == 1, t.format_transcript(reader)
        assert expected in summaries[0].text
    for other in ("police", "social", "kukes"):
        assert t.bot_messages(people[other]) == []
    async with ura.sessions() as session:
        states = (
            await session.execute(
                select(Timer.ref_id, Timer.state).where(Timer.kind == "report.monthly")
            )
        ).all()
        monthly = await session.scalar(
            select(func.count()).where(AuditEvent.action == "report.monthly")
        )
    assert sorted(states) == [(202612, "cancelled"), (202612, "fired"), (202701, "pending")]
    assert monthly == 1

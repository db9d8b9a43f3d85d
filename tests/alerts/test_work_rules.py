"""The alert rules without Telegram: presses are idempotent, and only those an alert or a
referral was sent to may act on it (the rest are refused and audited)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.alerts import notify, referrals, work
from bot.alerts import presses as alert_presses
from bot.alerts import rules as alerts
from bot.alerts.notify import Change
from bot.core.permissions import Agency
from storage.db import SessionFactory
from storage.models import AlertEvent, AlertReferral, AuditEvent
from tests.alerts.test_routing_rules import person

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DAY = timedelta(hours=24)
CHILD = {"region": "durres", "category": "child_at_risk", "urgency": "urgent", "description": "x"}


async def count(session, model, *where) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def test_a_second_press_changes_nothing_and_a_stranger_is_refused(
    sessions: SessionFactory,
) -> None:
    async with sessions.begin() as session:
        ngo = await person(session, 1, Agency.CIVIL_SOCIETY)
        police = await person(session, 2, Agency.POLICE)
        health = await person(session, 3, Agency.HEALTH)
        raised = await alerts.raise_alert(session, NOW, ngo, CHILD, timedelta(minutes=15))
        alert_id = raised.alert.id
        first = await alert_presses.acknowledge(session, NOW, alert_id, police)
        again = await alert_presses.acknowledge(session, NOW, alert_id, police)
        acting = await alert_presses.take_action(session, NOW, alert_id, police, DAY)
        acting_again = await alert_presses.take_action(session, NOW, alert_id, police, DAY)
        stranger = await alert_presses.take_action(session, NOW, alert_id, health, DAY)
        released = await work.release(session, NOW, alert_id, police, timedelta(minutes=15))
        released_again = await work.release(session, NOW, alert_id, police, DAY)
    assert [first.result, again.result] == ["done", "already"]
    assert [acting.result, acting_again.result] == ["done", "already"]
    assert stranger.result == "refused"
    assert [released.result, released_again.result] == ["done", "already"]
    async with sessions() as session:
        kinds = (await session.scalars(select(AlertEvent.kind).order_by(AlertEvent.id))).all()
        refused = await count(session, AuditEvent, AuditEvent.action == "alert.press_refused")
    assert kinds == ["raised", "acknowledged", "acting", "released"]
    assert refused == 1


async def test_only_the_agency_a_referral_went_to_may_answer_it_and_the_first_answer_counts(
    sessions: SessionFactory,
) -> None:
    async with sessions.begin() as session:
        ngo = await person(session, 1, Agency.CIVIL_SOCIETY)
        police = await person(session, 2, Agency.POLICE)
        social = await person(session, 3, Agency.SOCIAL_SERVICE)
        social_two = await person(session, 4, Agency.SOCIAL_SERVICE)
        school = await person(session, 5, Agency.EDUCATION)
        tirana_social = await person(session, 6, Agency.SOCIAL_SERVICE, region="tirane")
        alert_id = (await alerts.raise_alert(session, NOW, ngo, CHILD, DAY)).alert.id
        await alert_presses.take_action(session, NOW, alert_id, police, DAY)
        sent = await referrals.refer(
            session, NOW, alert_id, police, "social_service", "needs shelter"
        )
        assert sent.referral is not None
        referral_id = sent.referral.id
        wrong_agency = await referrals.answer(session, NOW, referral_id, school, True)
        elsewhere = await referrals.answer(session, NOW, referral_id, tirana_social, True)
        sender = await referrals.answer(session, NOW, referral_id, ngo, True)
        taken = await referrals.answer(session, NOW, referral_id, social, True, None, DAY)
        late = await referrals.answer(session, NOW, referral_id, social_two, False, "no")
    assert sorted(m.id for m in sent.to) == [social.id, social_two.id]
    assert [wrong_agency.result, elsewhere.result, sender.result] == ["refused"] * 3
    assert [taken.result, late.result] == ["done", "already"]
    async with sessions() as session:
        stored = await session.get(AlertReferral, referral_id)
        refused = await count(session, AuditEvent, AuditEvent.action == "alert.press_refused")
        acting = [r.member_id for r in await alerts.acting(session, alert_id)]
    assert stored is not None
    assert (stored.status, stored.answered_by_member_id) == ("accepted", social.id)
    assert refused == 2, "the wrong agency's and the other region's presses are on the record"
    assert acting == [social.id], "the police handed it over"


async def test_the_sender_is_not_offered_as_the_agency_to_refer_to(
    sessions: SessionFactory,
) -> None:
    async with sessions.begin() as session:
        ngo = await person(session, 1, Agency.CIVIL_SOCIETY)
        police = await person(session, 2, Agency.POLICE)
        await person(session, 3, Agency.SOCIAL_SERVICE)
        victim = {**CHILD, "category": "potential_victim"}
        alert = (await alerts.raise_alert(session, NOW, ngo, victim, DAY)).alert
        await alert_presses.take_action(session, NOW, alert.id, police, DAY)
        offered = await referrals.agencies_to_refer(session, alert, police)
        to_sender = await referrals.refer(
            session, NOW, alert.id, police, "civil_society", "victim services"
        )
    assert offered == ["social_service"]
    assert to_sender.result == "nobody"


async def test_a_note_without_text_is_not_kept(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        ngo = await person(session, 1, Agency.CIVIL_SOCIETY)
        police = await person(session, 2, Agency.POLICE)
        alert_id = (await alerts.raise_alert(session, NOW, ngo, CHILD, DAY)).alert.id
        await alert_presses.take_action(session, NOW, alert_id, police, DAY)
        empty = await work.add_note(session, NOW, alert_id, police, " \x00\n ", DAY)
        kept = await work.add_note(session, NOW, alert_id, police, " Jemi\r\nnë vend. ", DAY)
        outsider = await work.add_note(session, NOW, alert_id, ngo, "a", DAY)
        told = await notify.audience(session, kept.alert, Change.NOTE, police)
    assert [empty.result, kept.result, outsider.result] == ["empty", "done", "refused"]
    assert kept.text == "Jemi\nnë vend."
    assert [m.id for m in told] == [ngo.id]  # the note goes to the sender (bot/alerts/notify.py)
    async with sessions() as session:
        notes = await session.scalars(select(AlertEvent.text).where(AlertEvent.kind == "note"))
    assert notes.all() == ["Jemi\nnë vend."]

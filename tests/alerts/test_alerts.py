"""Stories of alerts: raising one in Durrës, who receives it, acknowledging it, escalation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from bot.core.permissions import Agency, Role
from bot.sandbox.telegram import FakeUser
from storage.models import Alert, AlertEvent, AlertRecipient, AuditEvent, Timer
from tests.ura import Ura

DESCRIPTION = "Një vajzë rreth 12 vjeç lyp çdo natë pranë portit, një burrë i merr paratë."


@dataclass
class Durres:
    ngo: FakeUser
    police: FakeUser
    social: FakeUser
    school: FakeUser
    health: FakeUser
    tirana_police: FakeUser


async def people(ura: Ura) -> Durres:
    t = ura.telegram
    cast = Durres(
        ngo=t.add_user(first_name="Alba", last_name="NGO"),
        police=t.add_user(first_name="Ardit", last_name="Policia"),
        social=t.add_user(first_name="Sonila", last_name="SHSSH"),
        school=t.add_user(first_name="Mira", last_name="Shkolla", language_code="en"),
        health=t.add_user(first_name="Genta", last_name="Shëndetësia"),
        tirana_police=t.add_user(first_name="Besnik", last_name="Tirana"),
    )
    await ura.join(cast.ngo, role=Role.NGO, org="Tjetër Vizion", agency=Agency.CIVIL_SOCIETY)
    await ura.join(cast.police, org="Policia e Durrësit", agency=Agency.POLICE)
    await ura.join(cast.social, org="SHSSH Durrës", agency=Agency.SOCIAL_SERVICE)
    await ura.join(cast.school, org="DRAP Durrës", agency=Agency.EDUCATION)
    await ura.join(cast.health, org="Spitali Durrës", agency=Agency.HEALTH)
    await ura.join(
        cast.tirana_police, org="Policia e Tiranës", agency=Agency.POLICE, groups=("tirane",)
    )
    return cast


async def raise_alert(ura: Ura, sender: FakeUser, text: str = DESCRIPTION) -> None:
    """The guided flow, button by button, as a member on the phone goes through it."""
    t = ura.telegram
    await t.send_text(sender, "/alert")
    first = await t.wait_for_message(sender, contains="1/5")
    assert first.buttons[0][0] == "Durrës", "the member's own region comes first"
    await t.press_button(sender, "Durrës")
    await t.wait_for_message(sender, contains="2/5")
    await t.press_button(sender, "Fëmijë në rrezik")
    await t.wait_for_message(sender, contains="3/5")
    await t.press_button(sender, "🔴 Urgjent")
    prompt = await t.wait_for_message(sender, contains="4/5")
    assert "Mos shkruani emrin, adresën" in prompt.text
    await t.send_text(sender, text)
    await t.wait_for_message(sender, contains="5/5")
    await t.press_button(sender, "⏭ Kapërceni")
    await t.wait_for_message(sender, contains="Përmbledhje")
    await t.press_button(sender, "📤 Dërgoni")


def cards(ura: Ura, user: FakeUser) -> list:
    return [
        m
        for m in ura.telegram.bot_messages(user)
        if "Sinjalizim #" in m.text or "Alert #" in m.text
    ]


async def test_an_urgent_child_at_risk_alert_reaches_exactly_the_matching_durres_agencies(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    report = await t.wait_for_message(cast.ngo, contains="u dërgua te 4 persona")
    for agency in ("Policia", "Shërbimi Social Shtetëror", "Arsimi", "koordinatorët"):
        assert agency in report.text
    for user in (cast.police, cast.social, ura.coordinator):
        card = await t.wait_for_message(user, contains="URGJENT · Sinjalizim #1")
        assert DESCRIPTION in card.text
        assert "✅ Mora dijeni" in sum(card.buttons, [])
    english = await t.wait_for_message(cast.school, contains="URGENT · Alert #1")
    assert "Child at risk" in english.text
    own = await t.wait_for_message(cast.ngo, contains="Sinjalizim #1")
    assert own.buttons == [], "the sender's copy has nothing to press"
    await t.wait_idle()
    assert cards(ura, cast.health) == []
    assert cards(ura, cast.tirana_police) == []
    async with ura.sessions() as session:
        alert = await session.scalar(select(Alert))
        count = await session.scalar(select(func.count()).select_from(AlertRecipient))
    assert alert is not None
    assert (alert.category, alert.urgency, alert.status) == ("child_at_risk", "urgent", "open")
    assert alert.description == DESCRIPTION
    assert count == 4


async def test_acknowledging_edits_every_copy_and_a_second_press_changes_nothing(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    card = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    own = await t.wait_for_message(cast.ngo, contains="Sinjalizim #1")
    coordinator_card = await t.wait_for_message(ura.coordinator, contains="Sinjalizim #1")
    query = await t.press_button(cast.police, "✅ Mora dijeni", message=card)
    answer = await t.wait_for_callback_answer(query)
    assert "morët dijeni" in (answer.get("text") or "")
    await t.wait_for_edit(own, contains="marrë në dijeni nga Ardit Policia")
    await t.wait_for_edit(coordinator_card, contains="marrë në dijeni nga Ardit Policia")
    await t.wait_for_edit(card, contains="marrë në dijeni nga Ardit Policia")
    assert "✅ Mora dijeni" not in sum(card.buttons, [])
    again = await t.press_callback(cast.police, card, f"ala:1:{_sig(ura, 'ala', '1', cast.police)}")
    answer = await t.wait_for_callback_answer(again)
    assert "tashmë" in (answer.get("text") or "")
    async with ura.sessions() as session:
        acks = await session.scalar(
            select(func.count()).select_from(AlertEvent).where(AlertEvent.kind == "acknowledged")
        )
        alert = await session.scalar(select(Alert))
    assert acks == 1
    assert alert is not None
    assert alert.status == "acknowledged"


def _sig(ura: Ura, action: str, arg: str, user: FakeUser) -> str:
    """A correctly signed payload for the user's own chat, as a stale or crafted button is."""
    assert ura.app is not None
    return ura.app.bot_data.services.signer.sign(action, arg, user.id).split(":")[2]


async def test_a_press_by_someone_who_did_not_receive_the_alert_is_refused_and_audited(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    await t.send_text(cast.health, "/help")
    somewhere = await t.wait_for_message(cast.health, contains="/alert")
    data = f"ala:1:{_sig(ura, 'ala', '1', cast.health)}"
    query = await t.press_callback(cast.health, somewhere, data)
    answer = await t.wait_for_callback_answer(query)
    assert "nuk ju është dërguar" in (answer.get("text") or "")
    async with ura.sessions() as session:
        refused = await session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "alert.press_refused")
        )
        alert = await session.scalar(select(Alert))
    assert refused == 1
    assert alert is not None
    assert alert.status == "open"


async def test_an_unacknowledged_urgent_alert_escalates_at_the_interval(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    ura.clock.advance(timedelta(minutes=14))
    assert await ura.tick() == 0
    ura.clock.advance(timedelta(minutes=1))
    assert await ura.tick() == 1
    escalated = await t.wait_for_message(cast.health, contains="përshkallëzuar")
    assert "15 min" in escalated.text
    await t.wait_for_message(cast.health, contains="Sinjalizim #1", after=escalated)
    await t.wait_for_message(ura.coordinator, contains="përshkallëzuar")
    assert cards(ura, cast.tirana_police) == []
    ura.clock.advance(timedelta(minutes=15))
    assert await ura.tick() == 1
    second = await t.wait_for_message(
        ura.coordinator, contains="askush nuk e ka marrë në dijeni prej 30 min"
    )
    assert "#1" in second.text
    ura.clock.advance(timedelta(hours=2))
    assert await ura.tick() == 0, "the policy has two steps"


async def test_escalation_fires_exactly_once_when_ura_restarts_inside_the_window(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    ura.clock.advance(timedelta(minutes=10))
    await ura.restart()
    ura.clock.advance(timedelta(minutes=6))
    await ura.restart()  # the start-up tick fires what came due while Ura was down
    await ura.tick()
    await t.wait_for_message(cast.health, contains="përshkallëzuar")
    await t.wait_idle()
    notices = [m for m in t.bot_messages(cast.health) if "përshkallëzuar" in m.text]
    assert len(notices) == 1
    async with ura.sessions() as session:
        fired = await session.scalar(
            select(func.count()).select_from(Timer).where(Timer.state == "fired")
        )
    assert fired == 1


async def test_acknowledgment_stops_the_escalation(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    card = await t.wait_for_message(cast.social, contains="Sinjalizim #1")
    await t.wait_for_callback_answer(
        await t.press_button(cast.social, "✅ Mora dijeni", message=card)
    )
    ura.clock.advance(timedelta(minutes=20))
    assert await ura.tick() == 0

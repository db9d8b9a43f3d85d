"""Stories of a coordinator changing who receives alerts with buttons, no English codes typed."""

from sqlalchemy import select

from storage.alerts import AlertPolicy
from storage.models import AuditEvent
from tests.alerts.test_alerts import cards, people
from tests.ura import Ura


async def test_a_coordinator_ticks_the_sectors_of_a_category_and_the_next_alert_follows(
    ura: Ura,
) -> None:
    t, boss = ura.telegram, ura.coordinator
    cast = await people(ura)
    await t.send_text(boss, "/routing")
    table = await t.wait_for_message(boss, contains="Kush merr sinjalizimet")
    assert "Person i zhdukur: Policia, Shërbimi Social Shtetëror" in table.text
    assert "missing_person" not in table.text, "no codes on screen"
    await t.press_button(boss, "Person i zhdukur", message=table)
    now = "Tani e marrin: Policia, Shërbimi Social Shtetëror"
    picker = await t.wait_for_edit(table, contains=now)
    assert "✅ Policia" in sum(picker.buttons, [])
    await t.press_button(boss, "▫️ Shëndetësia", message=picker)
    await t.wait_for_edit(
        table, contains="Tani e marrin: Policia, Shërbimi Social Shtetëror, Shëndetësia"
    )
    await t.press_button(boss, "✅ Policia", message=table)
    await t.wait_for_edit(table, contains="Tani e marrin: Shërbimi Social Shtetëror, Shëndetësia")
    assert "▫️ Policia" in sum(table.buttons, [])
    await t.press_button(boss, "✅ Shërbimi Social Shtetëror", message=table)
    await t.wait_for_edit(table, contains="Tani e marrin: Shëndetësia")
    refused = await t.wait_for_callback_answer(
        await t.press_button(boss, "✅ Shëndetësia", message=table)
    )
    assert "Të paktën një sektor" in (refused.get("text") or "")
    await t.press_button(boss, "◀️ Te tabela", message=table)
    await t.wait_for_edit(table, contains="Person i zhdukur: Shëndetësia\n")

    await t.send_text(cast.ngo, "/alert durres missing normal Një i ri mungon prej dy ditësh.")
    await t.wait_for_message(cast.ngo, contains="Përmbledhje")
    await t.press_button(cast.ngo, "📤 Dërgoni")
    await t.wait_for_message(cast.health, contains="Sinjalizim #1")
    await t.wait_idle()
    assert cards(ura, cast.police) == []
    async with ura.sessions() as session:
        changes = (
            await session.scalars(
                select(AuditEvent).where(AuditEvent.action == "alert.routing_changed")
            )
        ).all()
    assert len(changes) == 3, "each saved tick is audited; the refused one is not"


async def test_back_to_the_default_with_one_button(ura: Ura) -> None:
    t, boss = ura.telegram, ura.coordinator
    await t.send_text(boss, "/routing missing_person health")
    table = await t.wait_for_message(boss, contains="Person i zhdukur: Shëndetësia")
    await t.press_button(boss, "↩️ Kthejeni si në fillim", message=table)
    await t.wait_for_edit(table, contains="Person i zhdukur: Policia, Shërbimi Social Shtetëror")


async def test_a_coordinator_links_a_group_chat_by_pressing_the_group(ura: Ura) -> None:
    t, boss = ura.telegram, ura.coordinator
    chat = t.add_group("KRAT Vlorë", members=[boss])
    await t.send_text(boss, "/link", chat=chat)
    picker = await t.wait_for_message(chat, contains="Me cilin grup të Urës")
    await t.press_button(boss, "Vlorë", chat=chat, message=picker)
    await t.wait_for_message(chat, contains="merr përditësimet dhe njoftimet e grupit «Vlorë»")
    await t.send_text(boss, "/replies")
    which = await t.wait_for_message(boss, contains="Për cilin grup?")
    await t.press_button(boss, "Vlorë", message=which)
    await t.wait_for_message(boss, contains="Përgjigjet në grupin «Vlorë»")


async def test_a_coordinator_builds_an_escalation_rule_with_buttons(ura: Ura) -> None:
    t, boss = ura.telegram, ura.coordinator
    await t.send_text(boss, "/escalation")
    card = await t.wait_for_message(boss, contains="Për cilën kategori ose qark")
    await t.press_button(boss, "Durrës", message=card)
    await t.wait_for_edit(card, contains="Pas sa minutash")
    await t.press_button(boss, "5 min", message=card)
    await t.wait_for_edit(card, contains="Pas 5 min, kujt")
    await t.press_button(boss, "Koordinatorëve dhe komitetit", message=card)
    await t.wait_for_edit(card, contains="• pas 5 min: koordinatorët + komiteti rajonal")
    await t.press_button(boss, "➕ Shtoni një hap tjetër", message=card)
    await t.wait_for_edit(card, contains="Pas sa minutash")
    await t.press_button(boss, "30 min", message=card)
    await t.wait_for_edit(card, contains="Pas 30 min, kujt")
    await t.press_button(boss, "Koordinatorëve", message=card)
    await t.wait_for_edit(card, contains="• pas 30 min: koordinatorët")
    await t.press_button(boss, "💾 Ruajeni", message=card)
    await t.wait_for_edit(card, contains="Përshkallëzimi u ndryshua. Për: Durrës")
    async with ura.sessions() as session:
        policy = await session.scalar(
            select(AlertPolicy).where(AlertPolicy.scope == "region:durres")
        )
    assert policy is not None
    assert policy.data == {
        "steps": [
            {"delay": "5m", "to": ["coordinators", "committee"]},
            {"delay": "30m", "to": ["coordinators"]},
        ]
    }

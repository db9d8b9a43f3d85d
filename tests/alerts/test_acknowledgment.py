"""Acknowledgment reads the same on every copy (as Grafana OnCall): the alert is acknowledged
by the first person, named on every copy and in /alerts; the others may add "I'm also on it"
or take action, and nobody is offered to acknowledge it again."""

from __future__ import annotations

from tests.alerts.test_alerts import people, raise_alert
from tests.ura import Ura

ALSO = "🤝 Edhe unë po e ndjek"


def labels(message: object) -> list[str]:
    return [b for row in message.buttons for b in row]  # type: ignore[attr-defined]


async def test_every_copy_names_the_first_to_acknowledge_and_offers_the_rest_also(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    police = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    social = await t.wait_for_message(cast.social, contains="Sinjalizim #1")
    sender = await t.wait_for_message(cast.ngo, contains="Sinjalizim #1")
    boss = await t.wait_for_message(ura.coordinator, contains="Sinjalizim #1")
    await t.press_button(cast.police, "✅ Mora dijeni", message=police)
    shown = "Statusi: marrë në dijeni nga Ardit Policia"
    for copy in (police, social, sender, boss):
        await t.wait_for_edit(copy, contains=shown)
    assert "✅ Mora dijeni" not in labels(social), "acknowledged once, for everyone"
    assert ALSO in labels(social)
    assert "🙋 E marr përsipër" in labels(social), "or take it in hand"
    assert ALSO not in labels(police)
    assert "✅ Mora dijeni" not in labels(police)
    await t.press_button(cast.social, ALSO, message=social)
    for copy in (police, social, sender, boss):
        await t.wait_for_edit(copy, contains="🤝 E ndjekin edhe: Sonila SHSSH")
        assert shown in copy.text, "the first stays the one who acknowledged it"
    assert ALSO not in labels(social)
    await t.send_text(cast.social, "/alerts")
    listing = await t.wait_for_message(cast.social, contains="#1")
    assert "marrë në dijeni nga Ardit Policia" in listing.text

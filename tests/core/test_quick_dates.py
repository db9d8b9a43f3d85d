"""Stories of dates chosen with a button (tomorrow, in a week, …) instead of typed."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from tests.meetings.test_meetings import members_of_durres, schedule, ticked
from tests.ura import Ura

TIRANE = ZoneInfo("Europe/Tirane")


async def test_a_roundtable_starts_tomorrow_at_ten_by_one_press(ura: Ura) -> None:
    t, boss = ura.telegram, ura.coordinator
    await members_of_durres(ura)
    tomorrow = (ura.clock.now().astimezone(TIRANE) + timedelta(days=1)).date()
    said = await t.send_text(boss, "/meeting")
    picker = await t.wait_for_message(boss, contains="1/7", after=said)
    await t.press_button(boss, "Durrës", message=picker)
    await ticked(ura, picker, "Durrës")
    await t.press_button(boss, "➡️ Vazhdoni", message=picker)
    await t.wait_for_message(boss, contains="2/7", after=said)
    said = await t.send_text(boss, "Tryeza e nesërme")
    start = await t.wait_for_message(boss, contains="3/7", after=said)
    labels = sum(start.buttons, [])
    assert labels[0] == f"Nesër, {tomorrow:%d.%m} 10:00"
    assert any(label.startswith("Pas një jave") for label in labels)
    await t.press_button(boss, labels[0], message=start)
    await t.wait_for_message(boss, contains="4/7", after=start)
    await t.press_button(boss, "1 orë")
    said = await t.wait_for_message(boss, contains="5/7", after=start)
    said = await t.send_text(boss, "Prefektura")
    await t.wait_for_message(boss, contains="6/7", after=said)
    said = await t.send_text(boss, "Rastet e reja")
    summary = await t.wait_for_message(boss, contains="7/7", after=said)
    assert f"{tomorrow:%d.%m.%Y} 10:00" in summary.text


async def test_a_follow_up_action_is_due_in_a_week_by_one_press(ura: Ura) -> None:
    t, boss = ura.telegram, ura.coordinator
    ardit, _ = await members_of_durres(ura)
    card = await schedule(ura)
    await t.press_button(boss, "➕ Detyrë", message=card)
    await t.wait_for_message(boss, contains="1/3")
    await t.send_text(boss, "Raport për strehimin")
    owner_prompt = await t.wait_for_message(boss, contains="2/3")
    await t.press_button(boss, "Ardit", message=owner_prompt)
    due = await t.wait_for_message(boss, contains="3/3")
    in_a_week = (ura.clock.now().astimezone(TIRANE) + timedelta(days=7)).date()
    await t.press_button(boss, f"Pas një jave, {in_a_week:%d.%m}", message=due)
    await t.wait_for_message(boss, contains="Detyra u regjistrua")
    assigned = await t.wait_for_message(ardit, contains="Detyrë e re për ju")
    assert f"{in_a_week:%d.%m.%Y}" in assigned.text

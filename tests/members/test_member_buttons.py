"""Stories of a coordinator managing members from /members with buttons, no numbers typed."""

from sqlalchemy import select

from storage.meetings import MeetingChair
from storage.models import AuditEvent, Member
from tests.ura import Ura


async def stored(ura: Ura, telegram_user_id: int) -> Member:
    async with ura.sessions() as session:
        found = await session.scalar(
            select(Member).where(Member.telegram_user_id == telegram_user_id)
        )
    assert found is not None
    return found


async def test_a_coordinator_suspends_and_reactivates_a_member_from_the_roster(ura: Ura) -> None:
    t, boss = ura.telegram, ura.coordinator
    await ura.join(ana := t.add_user(first_name="Ana"))
    member = await stored(ura, ana.id)
    await t.send_text(boss, "/members")
    roster = await t.wait_for_message(boss, contains="Anëtarët")
    assert "Shtypni emrin e një anëtari" in roster.text
    await t.press_button(boss, f"#{member.id} Ana", message=roster)
    card = await t.wait_for_message(boss, contains=f"#{member.id} Ana", after=roster)
    assert "Grupet: Durrës" in card.text
    await t.press_button(boss, "⛔ Pezullojeni", message=card)
    await t.wait_for_message(boss, contains="⛔ Ana u pezullua.", after=card)
    assert (await stored(ura, ana.id)).status == "suspended"
    fresh = await t.wait_for_message(boss, contains="i pezulluar", after=card)
    await t.press_button(boss, "✅ Riaktivizojeni", message=fresh)
    await t.wait_for_message(boss, contains="✅ Ana u riaktivizua.", after=fresh)
    assert (await stored(ura, ana.id)).status == "active"
    async with ura.sessions() as session:
        actions = (await session.scalars(select(AuditEvent.action))).all()
    assert {"member.suspended", "member.active"} <= set(actions)


async def test_a_coordinator_moves_a_member_between_groups_and_appoints_a_chair(ura: Ura) -> None:
    t, boss = ura.telegram, ura.coordinator
    await ura.join(ana := t.add_user(first_name="Ana"))
    member = await stored(ura, ana.id)
    await t.send_text(boss, "/members")
    roster = await t.wait_for_message(boss, contains="Anëtarët")
    await t.press_button(boss, f"#{member.id} Ana", message=roster)
    card = await t.wait_for_message(boss, contains=f"#{member.id} Ana", after=roster)
    await t.press_button(boss, "➕ Shtojeni në grup", message=card)
    picker = await t.wait_for_message(boss, contains="Në cilin grup të shtohet Ana?", after=card)
    labels = sum(picker.buttons, [])
    assert "Fier" in labels
    assert "Durrës" not in labels, "she is already in Durrës"
    await t.press_button(boss, "Fier", message=picker)
    await t.wait_for_message(boss, contains="✅ Ana u shtua në grupin «Fier».", after=picker)
    await t.press_button(boss, "➖ Hiqeni nga grupi", message=card)
    leaving = await t.wait_for_message(boss, contains="Nga cili grup të hiqet Ana?", after=picker)
    assert sorted(sum(leaving.buttons, [])) == ["Durrës", "Fier"]
    await t.press_button(boss, "Durrës", message=leaving)
    await t.wait_for_message(boss, contains="✅ Ana u hoq nga grupi «Durrës».", after=leaving)
    assert [g.slug for g in (await stored(ura, ana.id)).groups] == ["fier"]
    await t.press_button(boss, "🪑 Drejtues tryezash", message=card)
    chairs = await t.wait_for_message(boss, contains="Drejtues tryezash — Ana", after=leaving)
    await t.press_button(boss, "Fier", message=chairs)
    await t.wait_for_message(boss, contains="Ana tani drejton tryezat e grupit «Fier».")
    async with ura.sessions() as session:
        chair = await session.scalar(select(MeetingChair))
    assert chair is not None
    assert chair.member_id == member.id

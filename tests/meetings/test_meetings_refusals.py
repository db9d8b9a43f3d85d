"""Stories of roundtables refused: presses by people who may not, a chair beyond their group,
answers after the start, a summary confirmed too late."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.sandbox.telegram import FakeUser
from storage.models import AuditEvent, Meeting, MeetingInvitee, Member
from tests.meetings.test_meetings import members_of_durres, schedule, ticked
from tests.ura import Ura

STALE = (
    "Ky buton nuk është më në përdorim. Ju lutemi përdorni mesazhin më të fundit, "
    "ose nisni sërish komandën (shihni /help)."
)


def signed(ura: Ura, user: FakeUser, action: str, arg: str) -> str:
    """A payload correctly signed for the user's own chat, as a crafted or stale button is."""
    assert ura.app is not None
    return ura.app.bot_data.services.signer.sign(action, arg, user.id)


async def press(ura: Ura, user: FakeUser, action: str, arg: str) -> str:
    t = ura.telegram
    await t.send_text(user, "/help")
    somewhere = await t.wait_for_message(user, contains="/meetings")
    query = await t.press_callback(user, somewhere, signed(ura, user, action, arg))
    answer = await t.wait_for_callback_answer(query)
    return str(answer.get("text") or "")


async def member_id(ura: Ura, user: FakeUser) -> int:
    async with ura.sessions() as session:
        found = await session.scalar(select(Member.id).where(Member.telegram_user_id == user.id))
    assert found is not None
    return found


async def fill_in(ura: Ura, who: FakeUser, when: str) -> None:
    """Steps 2 to 6 of /meeting, once the groups are picked."""
    t = ura.telegram
    said = await t.wait_for_message(who, contains="2/7")
    for step, typed in ((3, "Tryeza"), (4, when), (5, "1 orë"), (6, "Prefektura"), (7, "Rastet")):
        if step == 5:
            await t.press_button(who, typed)
        else:
            said = await t.send_text(who, typed)
        said = await t.wait_for_message(who, contains=f"{step}/7", after=said)


async def test_presses_by_people_who_may_not_are_refused(ura: Ura) -> None:
    t = ura.telegram
    ardit, _ = await members_of_durres(ura)
    outsider = t.add_user(first_name="Besa")
    await ura.join(outsider, groups=("vlore",))
    await schedule(ura)
    assert await press(ura, outsider, "mtv", "1.yes") == STALE  # not invited
    for action in ("mtx", "mtk", "mtt", "mta", "mto"):  # an invitee is not the organiser
        assert await press(ura, ardit, action, "1") == STALE
    assert await press(ura, ardit, "mtp", f"1.{await member_id(ura, ardit)}") == STALE
    async with ura.sessions() as session:
        meeting = await session.scalar(select(Meeting))
        answered = await session.scalar(
            select(func.count())
            .select_from(MeetingInvitee)
            .where(MeetingInvitee.response.is_not(None) | MeetingInvitee.attended.is_not(None))
        )
        refused = await session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "meeting.manage_refused")
        )
    assert meeting is not None
    assert (meeting.status, meeting.sequence, answered) == ("scheduled", 0, 0)
    assert refused == 6


async def test_answers_close_when_the_roundtable_begins(ura: Ura) -> None:
    t = ura.telegram
    ardit, _ = await members_of_durres(ura)
    await schedule(ura)
    notice = await t.wait_for_message(ardit, contains="Ftesë për tryezë")
    ura.clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=UTC))
    query = await t.press_button(ardit, "✅ Po", message=notice)
    answer = await t.wait_for_callback_answer(query)
    assert "nuk pranon më" in (answer.get("text") or "")
    async with ura.sessions() as session:
        invitee = await session.get(MeetingInvitee, (1, await member_id(ura, ardit)))
    assert invitee is not None
    assert invitee.response is None


async def test_a_chair_may_not_invite_everyone_nor_send_once_relieved(ura: Ura) -> None:
    t = ura.telegram
    ardit, sara = await members_of_durres(ura)
    ardit_id = await member_id(ura, ardit)
    await t.send_text(ura.coordinator, f"/chair {ardit_id} Durrës")
    await t.wait_for_message(ura.coordinator, contains="tani drejton")
    said = await t.send_text(ardit, "/meeting")
    picker = await t.wait_for_message(ardit, contains="1/7", after=said)
    query = await t.press_callback(ardit, picker, signed(ura, ardit, "f", "meeting.groups.all"))
    assert (await t.wait_for_callback_answer(query)).get("text") == STALE
    await t.press_button(ardit, "Durrës", message=picker)
    await ticked(ura, picker, "Durrës")
    await t.press_button(ardit, "➡️ Vazhdoni", message=picker)
    await fill_in(ura, ardit, "3.12.2026 10:00")
    summary = await t.wait_for_message(ardit, contains="7/7")
    await t.send_text(ura.coordinator, f"/chair {ardit_id} Durrës")  # relieved meanwhile
    await t.wait_for_message(ura.coordinator, contains="nuk drejton më")
    await t.press_button(ardit, "📨 Dërgoni ftesën", message=summary)
    await t.wait_for_message(ardit, contains="drejtuesit e grupeve", after=summary)
    await t.wait_idle()
    assert not [m for m in t.bot_messages(sara) if "Roundtable" in m.text]
    async with ura.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Meeting)) == 0


async def test_a_summary_confirmed_after_its_start_time_is_refused(ura: Ura) -> None:
    t = ura.telegram
    await members_of_durres(ura)
    said = await t.send_text(ura.coordinator, "/meeting")
    picker = await t.wait_for_message(ura.coordinator, contains="1/7", after=said)
    await t.press_button(ura.coordinator, "Durrës", message=picker)
    await ticked(ura, picker, "Durrës")
    await t.press_button(ura.coordinator, "➡️ Vazhdoni", message=picker)
    await fill_in(ura, ura.coordinator, "sot 10:30")  # half an hour from the clock's 10:00
    summary = await t.wait_for_message(ura.coordinator, contains="7/7")
    ura.clock.advance(timedelta(hours=1))
    await t.press_button(ura.coordinator, "📨 Dërgoni ftesën", message=summary)
    await t.wait_for_message(ura.coordinator, contains="ka kaluar", after=summary)
    async with ura.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Meeting)) == 0

"""Roundtables after the notice: the organiser's controls (move, cancel, attendance); the
follow-up actions live in followup."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from telegram import Update
from telegram.ext import Application

from bot.core import flows
from bot.core.local_time import Refused, format_moment, parse_moment
from bot.core.permissions import Access
from bot.core.rendering import Button, Reply
from bot.core.turn import Turn
from bot.meetings import followups, ics, notify, rules
from bot.meetings.model import (
    AskCancel,
    Attendance,
    AttendancePage,
    ConfirmCancel,
    FlowStep,
    Move,
    Status,
    TogglePresent,
)
from bot.meetings.notify import ATTENDANCE, Change
from bot.meetings.render import flow
from handlers.gate import UraContext, pressed
from storage.meetings import Meeting
from storage.members import Draft


async def _managed(turn: Turn, meeting_id: int) -> Meeting | None:
    """The meeting, if it is still scheduled and this person may manage it."""
    assert turn.member is not None
    found = await rules.organised(turn.session, turn.now, meeting_id, turn.member)
    if found is None or found.status != Status.SCHEDULED:
        turn.toast = turn.t("common.button_stale")
        return None
    return found


@pressed(Move, Access.MEMBER)
async def ask_move(update: Update, context: UraContext, turn: Turn, press: Move) -> None:
    if (meeting := await _managed(turn, press.meeting)) is None:
        return
    data = {"meeting": meeting.id}
    await flows.begin(turn.session, turn.now, turn.user_id, rules.MOVE_FLOW, data)
    turn.reply(flow.step_prompt(turn.translator, turn.lang, FlowStep.MOVE, turn.now, turn.zone))


async def answer_move(turn: Turn, draft: Draft, value: str, offsets: Sequence[timedelta]) -> None:
    assert turn.member is not None
    moment = parse_moment(value, turn.now, turn.zone)
    if isinstance(moment, Refused):
        turn.reply(flow.time_refused(turn.translator, turn.lang, moment.reason))
        return
    if not await flows.clear(turn.session, turn.user_id):
        return  # the same answer, sent twice at once: the first one moved the meeting
    meeting = await rules.organised(turn.session, turn.now, draft.data["meeting"], turn.member)
    if meeting is None or meeting.status != Status.SCHEDULED:
        turn.reply(Reply(turn.t("meeting.closed")))
        return
    await rules.reschedule(turn.session, turn.now, turn.member, meeting, moment, offsets, turn.zone)
    here = (turn.session, turn.now, turn.translator, turn.zone, meeting)
    await notify.changed(*here, Change.MOVED, organizer=ics.organizer_of(turn.settings))
    turn.reply(Reply(turn.t("meeting.moved", when=format_moment(moment, turn.zone))))


@pressed(AskCancel, Access.MEMBER)
async def ask_cancel(update: Update, context: UraContext, turn: Turn, press: AskCancel) -> None:
    if (meeting := await _managed(turn, press.meeting)) is None:
        return
    sure = Button.press(turn.t("meeting.cancel.confirm"), ConfirmCancel(meeting.id))
    turn.reply(Reply(turn.t("meeting.cancel.ask", title=meeting.title), ((sure,),)))


@pressed(ConfirmCancel, Access.MEMBER)
async def confirm_cancel(
    update: Update, context: UraContext, turn: Turn, press: ConfirmCancel
) -> None:
    assert turn.member is not None
    if (meeting := await _managed(turn, press.meeting)) is None:
        return
    await rules.cancel(turn.session, turn.now, turn.member, meeting)
    here = (turn.session, turn.now, turn.translator, turn.zone, meeting)
    await notify.changed(*here, Change.CANCELLED, organizer=ics.organizer_of(turn.settings))
    turn.reply(Reply(turn.t("meeting.cancel.done", title=meeting.title)))


@pressed(Attendance, Access.MEMBER)
async def attendance(update: Update, context: UraContext, turn: Turn, press: Attendance) -> None:
    if (meeting := await _managed(turn, press.meeting)) is None:
        return
    sheet = await notify.attendance_sheet(turn.session, turn.translator, turn.lang, meeting)
    turn.reply(sheet, (ATTENDANCE, meeting.id))


@pressed(AttendancePage, Access.MEMBER)
async def attendance_page(
    update: Update, context: UraContext, turn: Turn, press: AttendancePage
) -> None:
    """Another page of the sheet, shown in the message pressed on."""
    if (meeting := await _managed(turn, press.meeting)) is None:
        return
    shown_in = (turn.chat_id, turn.message_id)
    args = (turn.session, turn.now, turn.translator, turn.lang, meeting, press.page)
    await notify.turn_page(*args, shown_in)


@pressed(TogglePresent, Access.MEMBER)
async def toggle_present(
    update: Update, context: UraContext, turn: Turn, press: TogglePresent
) -> None:
    if (meeting := await _managed(turn, press.meeting)) is None:
        return
    ticked = await followups.toggle_attendance(turn.session, meeting.id, press.member)
    if ticked is None:
        turn.toast = turn.t("common.button_stale")
        return
    here = (turn.session, turn.now, turn.translator, turn.zone, meeting)
    await notify.changed(*here, Change.ATTENDANCE, ticked=press.member)


def register(app: Application, offsets: Sequence[timedelta]) -> None:  # type: ignore[type-arg]
    async def answer(turn: Turn, draft: Draft, value: str) -> None:
        await answer_move(turn, draft, value, offsets)

    app.bot_data.flows["meeting_move"] = answer
    app.bot_data.flow_access["meeting_move"] = Access.MEMBER  # the organiser, or a coordinator
    ask_move.register(app)
    ask_cancel.register(app)
    confirm_cancel.register(app)
    attendance.register(app)
    toggle_present.register(app)
    attendance_page.register(app)

"""Roundtables after the notice: the organiser's controls (move, cancel, attendance) and the
group picker of /meeting; follow-up actions live in meeting_followup."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.core import flows, parse
from bot.core.callbacks import Press
from bot.core.local_time import Refused, parse_moment
from bot.core.permissions import Access
from bot.core.rendering import Button, Reply
from bot.core.turn import Turn
from bot.delivery import copies, enqueue_edit
from bot.meetings import audience, followups, ics, notify, rules
from bot.meetings.render import cards, flow
from handlers.gate import UraContext, button
from storage.meetings import Meeting
from storage.members import Draft, Group
from storage.outbox import OutboxMessage

ATTENDANCE = "meeting_attendance"


async def pick_group(turn: Turn, draft: Draft, value: str, groups: Sequence[Group]) -> None:
    """A group ticked or unticked on the picker (edited in place), or Continue."""
    assert turn.member is not None
    chosen = list(draft.data.get("groups", []))
    if value == "done":
        if not chosen:
            turn.reply(Reply(turn.t("meeting.groups.none")))
            return
        draft.step = "title"
        turn.reply(flow.step_prompt(turn.translator, turn.lang, "title"))
        return
    if not audience.may_pick(turn.member, value, groups):
        turn.toast = turn.t("common.button_stale")
        return
    if value == "all":  # everyone replaces single groups, and the other way round
        chosen = [] if chosen == ["all"] else ["all"]
    else:
        chosen = [g for g in chosen if g not in (value, "all")] + (
            [] if value in chosen else [value]
        )
    draft.data = {**draft.data, "groups": chosen}
    picker = await turn.session.get(OutboxMessage, draft.data.get("picker", 0))
    reply = flow.group_picker(turn.translator, turn.lang, groups, chosen, turn.member)
    if picker is not None:
        await enqueue_edit(turn.session, target=picker, reply=reply, now=turn.now)


async def _managed(turn: Turn, press: Press) -> Meeting | None:
    assert turn.member is not None
    meeting_id = press.arg.split(".")[0]
    found = await rules.organised(
        turn.session, turn.now, parse.record_id(meeting_id) or 0, turn.member
    )
    if found is None or found.status != "scheduled":
        turn.toast = turn.t("common.button_stale")
        return None
    return found


@button(Access.MEMBER)
async def ask_move(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    if (meeting := await _managed(turn, press)) is None:
        return
    await flows.begin(
        turn.session, turn.now, turn.user_id, rules.MOVE_FLOW, {"meeting": meeting.id}
    )
    turn.reply(flow.step_prompt(turn.translator, turn.lang, "move", turn.now, turn.zone))


async def answer_move(turn: Turn, draft: Draft, value: str, offsets: Sequence[timedelta]) -> None:
    assert turn.member is not None
    moment = parse_moment(value, turn.now, turn.zone)
    if isinstance(moment, Refused):
        turn.reply(flow.time_refused(turn.translator, turn.lang, moment.reason))
        return
    if not await flows.clear(turn.session, turn.user_id):
        return  # the same answer, sent twice at once: the first one moved the meeting
    meeting = await rules.organised(turn.session, turn.now, draft.data["meeting"], turn.member)
    if meeting is None or meeting.status != "scheduled":
        turn.reply(Reply(turn.t("meeting.closed")))
        return
    await rules.reschedule(turn.session, turn.now, turn.member, meeting, moment, offsets, turn.zone)
    args = (turn.session, turn.now, turn.translator, turn.zone, meeting)
    await notify.refresh_notices(*args, headline="meeting.notice.changed")
    organizer = ics.organizer_of(turn.settings)
    await notify.send_notices(*args, "meeting.notice.changed", organizer)
    await notify.refresh_card(*args)
    turn.reply(Reply(turn.t("meeting.moved", when=cards.when(moment, turn.zone))))


@button(Access.MEMBER)
async def ask_cancel(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    if (meeting := await _managed(turn, press)) is None:
        return
    sure = Button(turn.t("meeting.cancel.confirm"), "mtk", str(meeting.id))
    turn.reply(Reply(turn.t("meeting.cancel.ask", title=meeting.title), ((sure,),)))


@button(Access.MEMBER)
async def confirm_cancel(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    if (meeting := await _managed(turn, press)) is None:
        return
    await rules.cancel(turn.session, turn.now, turn.member, meeting)
    args = (turn.session, turn.now, turn.translator, turn.zone, meeting)
    await notify.refresh_notices(*args)
    organizer = ics.organizer_of(turn.settings)
    await notify.send_notices(*args, "meeting.notice.cancelled", organizer)
    await notify.refresh_card(*args)
    turn.reply(Reply(turn.t("meeting.cancel.done", title=meeting.title)))


@button(Access.MEMBER)
async def attendance(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    if (meeting := await _managed(turn, press)) is None:
        return
    rows = await rules.answers(turn.session, meeting.id)
    turn.reply(
        cards.attendance_card(turn.translator, turn.lang, meeting, rows), (ATTENDANCE, meeting.id)
    )


@button(Access.MEMBER)
async def attendance_page(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    """Another page of the sheet, shown in the message pressed on."""
    if (meeting := await _managed(turn, press)) is None:
        return
    page = parse.record_id(press.arg.partition(".")[2]) or 0
    rows = await rules.answers(turn.session, meeting.id)
    card = cards.attendance_card(turn.translator, turn.lang, meeting, rows, page)
    for copy in await copies(turn.session, (ATTENDANCE, meeting.id)):
        if (copy.chat_id, copy.telegram_message_id) == (turn.chat_id, turn.message_id):
            await enqueue_edit(turn.session, target=copy, reply=card, now=turn.now)


@button(Access.MEMBER)
async def toggle_present(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    if (meeting := await _managed(turn, press)) is None:
        return
    member_id = parse.record_id(press.arg.partition(".")[2]) or 0
    if await followups.toggle_attendance(turn.session, meeting.id, member_id) is None:
        turn.toast = turn.t("common.button_stale")
        return
    rows = await rules.answers(turn.session, meeting.id)
    page = cards.attendance_page(rows, member_id)
    card = cards.attendance_card(turn.translator, turn.lang, meeting, rows, page)
    for copy in await copies(turn.session, (ATTENDANCE, meeting.id)):
        await enqueue_edit(turn.session, target=copy, reply=card, now=turn.now)


def register(app: Application, offsets: Sequence[timedelta]) -> None:  # type: ignore[type-arg]
    async def answer(turn: Turn, draft: Draft, value: str) -> None:
        await answer_move(turn, draft, value, offsets)

    app.bot_data.flows["meeting_move"] = answer
    app.bot_data.flow_access["meeting_move"] = Access.MEMBER  # the organiser, or a coordinator
    for pattern, handler in (
        ("mtt", ask_move),
        ("mtx", ask_cancel),
        ("mtk", confirm_cancel),
        ("mta", attendance),
        ("mtp", toggle_present),
        ("mtq", attendance_page),
    ):
        app.add_handler(CallbackQueryHandler(handler, pattern=rf"^{pattern}:"))

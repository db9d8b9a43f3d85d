"""Roundtables: /meeting (guided), the RSVP buttons, /meetings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import Press
from bot.renderers import meeting_flow as ask
from bot.renderers import meetings as render
from bot.rendering import Reply
from bot.services import flows, meeting_audience, meeting_ics, meeting_notices, meetings, parse
from bot.services.meeting_time import Refused, parse_moment
from bot.services.permissions import Access
from bot.turn import Turn
from handlers import meeting_manage
from handlers.gate import UraContext, button, guarded
from storage.members import Draft


@guarded(Access.MEMBER)
async def start_meeting(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    groups = await meeting_audience.convenable_groups(turn.session, turn.member)
    if not groups:
        turn.reply(Reply(turn.t("meeting.not_allowed")))
        return
    draft = await flows.begin(turn.session, turn.now, turn.user_id, meetings.FLOW)
    row = turn.reply(ask.group_picker(turn.translator, turn.lang, groups, [], turn.member))
    await turn.session.flush()
    draft.data = {"picker": row.id, "groups": []}


async def answer_meeting(
    turn: Turn, draft: Draft, value: str, offsets: Sequence[timedelta]
) -> None:
    """Typed answers and choice buttons of /meeting; offsets: when reminders go out."""
    assert turn.member is not None
    step = draft.step
    if step == "groups":
        groups = await meeting_audience.convenable_groups(turn.session, turn.member)
        await meeting_manage.pick_group(turn, draft, value, groups)
    elif step == "start":
        _answer_start(turn, draft, value)
    elif step == "confirm" and value == "send":
        await _create(turn, offsets)
    elif step == "confirm" and value == "cancel":
        await _drop(turn)
    else:
        choices = {"duration": set(meetings.DURATIONS), "confirm": set()}.get(step)
        result = flows.answer(draft, meetings.FLOW, value, turn.now, choices)
        if result.error:
            turn.reply(Reply(turn.t(result.error, **result.values)))
        elif result.next_step is not None and result.next_step.name == "confirm":
            await _summary(turn, draft)
        elif result.next_step is not None:
            step_name = result.next_step.name
            turn.reply(ask.step_prompt(turn.translator, turn.lang, step_name, turn.now, turn.zone))


def _answer_start(turn: Turn, draft: Draft, value: str) -> None:
    moment = parse_moment(value, turn.now, turn.zone)
    if isinstance(moment, Refused):
        turn.reply(ask.time_refused(turn.translator, turn.lang, moment.reason))
        return
    draft.data, draft.step = {**draft.data, "start": moment.isoformat()}, "duration"
    turn.reply(ask.step_prompt(turn.translator, turn.lang, "duration"))


async def _summary(turn: Turn, draft: Draft) -> None:
    assert turn.member is not None
    audience = meeting_audience.audience_of(draft.data["groups"])
    invited = await meeting_audience.audience_members(turn.session, audience, turn.member.id)
    groups = await meeting_audience.convenable_groups(turn.session, turn.member)
    reply = ask.summary(turn.translator, turn.lang, draft.data, turn.zone, len(invited), groups)
    turn.reply(reply)


async def _drop(turn: Turn) -> None:
    await flows.clear(turn.session, turn.user_id)
    turn.reply(Reply(turn.t("common.cancelled")))


async def _create(turn: Turn, offsets: Sequence[timedelta]) -> None:
    assert turn.member is not None
    draft = await flows.current(turn.session, turn.user_id)
    # Clearing first: of two presses of Send at once, only the one that removed the draft sends.
    if draft is None or not await flows.clear(turn.session, turn.user_id):
        turn.toast = turn.t("common.button_stale")
        return
    starts_at = datetime.fromisoformat(draft.data["start"])
    if starts_at <= turn.now:  # it was in the future when typed, but the summary waited
        turn.reply(ask.time_refused(turn.translator, turn.lang, "past"))
        return
    meeting = await meetings.create(
        turn.session, turn.now, turn.member, draft.data, starts_at, offsets
    )
    if meeting is None:
        turn.reply(Reply(turn.t("meeting.not_allowed")))
        return
    count = await meeting_notices.send_notices(
        turn.session,
        turn.now,
        turn.translator,
        turn.zone,
        meeting,
        "meeting.notice.new",
        meeting_ics.organizer_of(turn.settings),
    )
    turn.reply(Reply(turn.tn("meeting.created", count)))
    await meeting_notices.send_card(turn.session, turn.now, turn.translator, turn.zone, meeting)


@button(Access.MEMBER)
async def rsvp(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    meeting_id, _, response = press.arg.partition(".")
    meeting = await meetings.locked(turn.session, parse.record_id(meeting_id) or 0)
    if meeting is None or meeting.status != "scheduled" or meeting.starts_at <= turn.now:
        turn.toast = turn.t("meeting.closed")
        return
    if await meetings.respond(turn.session, turn.now, meeting, turn.member, response) is None:
        turn.toast = turn.t("common.button_stale")
        return
    args = (turn.session, turn.now, turn.translator, turn.zone, meeting)
    await meeting_notices.refresh_card(*args)
    await meeting_notices.refresh_notices(*args, member=turn.member)
    turn.toast = turn.t("meeting.rsvp.recorded", answer=turn.t(f"meeting.answer.{response}"))


@guarded(Access.MEMBER, read_only=True)
async def list_meetings(update: Update, context: UraContext, turn: Turn) -> None:
    """The caller's own answers; for each meeting they organise, a fresh live card."""
    assert turn.member is not None
    invited, mine = await meetings.overview(turn.session, turn.member, turn.now)
    if invited or not mine:
        turn.reply(render.my_meetings(turn.translator, turn.lang, turn.zone, invited))
    for meeting in mine:
        await meeting_notices.send_card(turn.session, turn.now, turn.translator, turn.zone, meeting)


def register(app: Application) -> None:  # type: ignore[type-arg]
    offsets = tuple(app.bot_data.services.settings.meeting_reminders)

    async def answer(turn: Turn, draft: Draft, value: str) -> None:
        await answer_meeting(turn, draft, value, offsets)

    app.bot_data.flows["meeting"] = answer
    app.bot_data.flow_access["meeting"] = Access.MEMBER
    app.add_handler(CommandHandler("meeting", start_meeting))
    app.add_handler(CommandHandler("meetings", list_meetings))
    app.add_handler(CallbackQueryHandler(rsvp, pattern=r"^mtv:"))
    meeting_manage.register(app, offsets)

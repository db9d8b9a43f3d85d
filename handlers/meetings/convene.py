"""Roundtables: /meeting (guided), the RSVP buttons, /meetings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.core import flows, parse
from bot.core.callbacks import Press
from bot.core.local_time import Refused, parse_moment
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.meetings import audience as meeting_audience
from bot.meetings import ics, notify, rules
from bot.meetings.render import cards, flow
from handlers.gate import UraContext, button, guarded
from handlers.meetings import manage
from storage.members import Draft


@guarded(Access.MEMBER)
async def start_meeting(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    groups = await meeting_audience.convenable_groups(turn.session, turn.member)
    if not groups:
        turn.reply(Reply(turn.t("meeting.not_allowed")))
        return
    draft = await flows.begin(turn.session, turn.now, turn.user_id, rules.FLOW)
    row = turn.reply(flow.group_picker(turn.translator, turn.lang, groups, [], turn.member))
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
        await manage.pick_group(turn, draft, value, groups)
    elif step == "start":
        _answer_start(turn, draft, value)
    elif step == "confirm" and value == "send":
        await _create(turn, offsets)
    elif step == "confirm" and value == "cancel":
        await _drop(turn)
    else:
        choices = {"duration": set(rules.DURATIONS), "confirm": set()}.get(step)
        result = flows.answer(draft, rules.FLOW, value, turn.now, choices)
        if result.error:
            turn.reply(Reply(turn.t(result.error, **result.values)))
        elif result.next_step is not None and result.next_step.name == "confirm":
            await _summary(turn, draft)
        elif result.next_step is not None:
            step_name = result.next_step.name
            turn.reply(flow.step_prompt(turn.translator, turn.lang, step_name, turn.now, turn.zone))


def _answer_start(turn: Turn, draft: Draft, value: str) -> None:
    moment = parse_moment(value, turn.now, turn.zone)
    if isinstance(moment, Refused):
        turn.reply(flow.time_refused(turn.translator, turn.lang, moment.reason))
        return
    draft.data, draft.step = {**draft.data, "start": moment.isoformat()}, "duration"
    turn.reply(flow.step_prompt(turn.translator, turn.lang, "duration"))


async def _summary(turn: Turn, draft: Draft) -> None:
    assert turn.member is not None
    audience = meeting_audience.audience_of(draft.data["groups"])
    invited = await meeting_audience.audience_members(turn.session, audience, turn.member.id)
    groups = await meeting_audience.convenable_groups(turn.session, turn.member)
    reply = flow.summary(turn.translator, turn.lang, draft.data, turn.zone, len(invited), groups)
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
        turn.reply(flow.time_refused(turn.translator, turn.lang, "past"))
        return
    meeting = await rules.create(
        turn.session, turn.now, turn.member, draft.data, starts_at, offsets
    )
    if meeting is None:
        turn.reply(Reply(turn.t("meeting.not_allowed")))
        return
    count = await notify.send_notices(
        turn.session,
        turn.now,
        turn.translator,
        turn.zone,
        meeting,
        "meeting.notice.new",
        ics.organizer_of(turn.settings),
    )
    turn.reply(Reply(turn.tn("meeting.created", count)))
    await notify.send_card(turn.session, turn.now, turn.translator, turn.zone, meeting)


@button(Access.MEMBER)
async def rsvp(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    meeting_id, _, response = press.arg.partition(".")
    meeting = await rules.locked(turn.session, parse.record_id(meeting_id) or 0)
    if meeting is None or meeting.status != "scheduled" or meeting.starts_at <= turn.now:
        turn.toast = turn.t("meeting.closed")
        return
    if await rules.respond(turn.session, turn.now, meeting, turn.member, response) is None:
        turn.toast = turn.t("common.button_stale")
        return
    args = (turn.session, turn.now, turn.translator, turn.zone, meeting)
    await notify.refresh_card(*args)
    await notify.refresh_notices(*args, member=turn.member)
    turn.toast = turn.t("meeting.rsvp.recorded", answer=turn.t(f"meeting.answer.{response}"))


@guarded(Access.MEMBER, read_only=True)
async def list_meetings(update: Update, context: UraContext, turn: Turn) -> None:
    """The caller's own answers; for each meeting they organise, a fresh live card."""
    assert turn.member is not None
    invited, mine = await rules.overview(turn.session, turn.member, turn.now)
    if invited or not mine:
        turn.reply(cards.my_meetings(turn.translator, turn.lang, turn.zone, invited))
    for meeting in mine:
        await notify.send_card(turn.session, turn.now, turn.translator, turn.zone, meeting)


def register(app: Application, offsets: Sequence[timedelta]) -> None:  # type: ignore[type-arg]

    async def answer(turn: Turn, draft: Draft, value: str) -> None:
        await answer_meeting(turn, draft, value, offsets)

    app.bot_data.flows["meeting"] = answer
    app.bot_data.flow_access["meeting"] = Access.MEMBER
    app.add_handler(CommandHandler("meeting", start_meeting))
    app.add_handler(CommandHandler("meetings", list_meetings))
    app.add_handler(CallbackQueryHandler(rsvp, pattern=r"^mtv:"))

"""Roundtables: /meeting (guided), the RSVP buttons, /meetings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.core import flows
from bot.core.local_time import Refused, parse_moment
from bot.core.permissions import Access
from bot.core.picker import DONE
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.meetings import audience, drafting, ics, notify, rules
from bot.meetings.model import Confirm, FlowStep, Rsvp, Status
from bot.meetings.notify import Change
from bot.meetings.render import cards, flow
from handlers.gate import UraContext, guarded, pressed
from storage.members import Draft

CHOICES: dict[str, set[str]] = {FlowStep.DURATION: set(rules.DURATIONS), FlowStep.CONFIRM: set()}


@guarded(Access.MEMBER)
async def start_meeting(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    groups = await audience.convenable_groups(turn.session, turn.member)
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
    step = draft.step
    if step == FlowStep.GROUPS:
        await _pick_group(turn, draft, value)
    elif step == FlowStep.START:
        _answer_start(turn, draft, value)
    elif step == FlowStep.CONFIRM and value == Confirm.SEND:
        await _create(turn, offsets)
    elif step == FlowStep.CONFIRM and value == Confirm.CANCEL:
        await flows.clear(turn.session, turn.user_id)
        turn.reply(Reply(turn.t("common.cancelled")))
    else:
        result = flows.answer(draft, rules.FLOW, value, turn.now, CHOICES.get(step))
        if result.error:
            turn.reply(Reply(turn.t(result.error, **result.values)))
        elif result.next_step is not None and result.next_step.name == FlowStep.CONFIRM:
            await _summary(turn, draft)
        elif result.next_step is not None:
            following = FlowStep(result.next_step.name)
            turn.reply(flow.step_prompt(turn.translator, turn.lang, following, turn.now, turn.zone))


async def _pick_group(turn: Turn, draft: Draft, value: str) -> None:
    """A group ticked or unticked on the picker (edited in place), or Continue."""
    assert turn.member is not None
    if value != DONE:
        args = (turn.session, turn.now, turn.translator, turn.lang, draft, turn.member)
        if not await drafting.tick(*args, value):
            turn.toast = turn.t("common.button_stale")
    elif not draft.data.get("groups"):
        turn.reply(Reply(turn.t("meeting.groups.none")))
    else:
        draft.step = FlowStep.TITLE
        turn.reply(flow.step_prompt(turn.translator, turn.lang, FlowStep.TITLE))


def _answer_start(turn: Turn, draft: Draft, value: str) -> None:
    moment = parse_moment(value, turn.now, turn.zone)
    if isinstance(moment, Refused):
        turn.reply(flow.time_refused(turn.translator, turn.lang, moment.reason))
        return
    draft.data, draft.step = {**draft.data, "start": moment.isoformat()}, FlowStep.DURATION
    turn.reply(flow.step_prompt(turn.translator, turn.lang, FlowStep.DURATION))


async def _summary(turn: Turn, draft: Draft) -> None:
    assert turn.member is not None
    invited = await drafting.invited_count(turn.session, turn.member, draft.data)
    groups = await audience.convenable_groups(turn.session, turn.member)
    reply = flow.summary(turn.translator, turn.lang, draft.data, turn.zone, invited, groups)
    turn.reply(reply)


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
    args = (turn.session, turn.now, turn.member, draft.data, starts_at, offsets)
    if (meeting := await rules.create(*args)) is None:
        turn.reply(Reply(turn.t("meeting.not_allowed")))
        return
    here = (turn.session, turn.now, turn.translator, turn.zone, meeting)
    count = await notify.changed(*here, Change.CREATED, organizer=ics.organizer_of(turn.settings))
    turn.reply(Reply(turn.tn("meeting.created", count)))
    await notify.send_card(*here)


@pressed(Rsvp, Access.MEMBER)
async def rsvp(update: Update, context: UraContext, turn: Turn, press: Rsvp) -> None:
    assert turn.member is not None
    meeting = await rules.locked(turn.session, press.meeting)
    if meeting is None or meeting.status != Status.SCHEDULED or meeting.starts_at <= turn.now:
        turn.toast = turn.t("meeting.closed")
        return
    if await rules.respond(turn.session, turn.now, meeting, turn.member, press.answer) is None:
        turn.toast = turn.t("common.button_stale")
        return
    here = (turn.session, turn.now, turn.translator, turn.zone, meeting)
    await notify.changed(*here, Change.ANSWERED, member=turn.member)
    answer = cards.answer_label(turn.translator, turn.lang, press.answer)
    turn.toast = turn.t("meeting.rsvp.recorded", answer=answer)


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
    rsvp.register(app)

"""What a roundtable decided: follow-up actions (guided), marking them done, /actions; and
/chair, by which coordinators let a member convene their group's roundtables."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.core import flows, parse
from bot.core.labels import prompt
from bot.core.local_time import Refused, parse_day
from bot.core.permissions import Access
from bot.core.quick_dates import quick_days
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.meetings import chairs as meeting_chairs
from bot.meetings import followups as meeting_actions
from bot.meetings import notify, rules
from bot.meetings.model import ActionDone, ActionStep, NewAction, Status
from bot.meetings.render import followups as render
from bot.members import directory
from handlers.gate import UraContext, guarded, pressed
from storage.meetings import Meeting
from storage.members import Draft

FLOW = meeting_actions.FLOW


DUE_REFUSED = {"past": "meeting.action.due_past", "unparsable": "meeting.action.due_unparsable"}


@pressed(NewAction, Access.MEMBER)
async def new_action(update: Update, context: UraContext, turn: Turn, press: NewAction) -> None:
    assert turn.member is not None
    meeting = await rules.organised(turn.session, turn.now, press.meeting, turn.member)
    if meeting is None or meeting.status != Status.SCHEDULED:
        turn.toast = turn.t("common.button_stale")
        return
    await flows.begin(turn.session, turn.now, turn.user_id, FLOW, {"meeting": meeting.id})
    turn.reply(prompt(turn.translator, turn.lang, "meeting.action.text.prompt"))


async def answer_action(turn: Turn, draft: Draft, value: str) -> None:
    """The action's text, its owner (buttons), its due date; then it is recorded."""
    assert turn.member is not None
    meeting = await rules.organised(turn.session, turn.now, draft.data["meeting"], turn.member)
    if meeting is None:
        await flows.clear(turn.session, turn.user_id)
        turn.reply(Reply(turn.t("meeting.closed")))
        return
    if draft.step == ActionStep.DUE:
        await _record(turn, draft, meeting, value)
        return
    owners = [
        (str(m.id), m.display_name) for m in await meeting_actions.owners(turn.session, meeting)
    ]
    choices = {v for v, _ in owners} if draft.step == ActionStep.OWNER else None
    result = flows.answer(draft, FLOW, value, turn.now, choices)
    if result.error:
        turn.reply(Reply(turn.t(result.error, **result.values)))
    elif draft.step == ActionStep.OWNER:
        key = "meeting.action.owner.prompt"
        turn.reply(prompt(turn.translator, turn.lang, key, owners, "meeting_action.owner"))
    else:
        quick = quick_days(turn.translator, turn.lang, turn.now, turn.zone)
        key, step = "meeting.action.due.prompt", "meeting_action.due"
        turn.reply(prompt(turn.translator, turn.lang, key, quick, step, per_row=1))


async def _record(turn: Turn, draft: Draft, meeting: Meeting, value: str) -> None:
    assert turn.member is not None
    due = parse_day(value, turn.now, turn.zone)
    if isinstance(due, Refused):
        turn.reply(Reply(turn.t(DUE_REFUSED[due.reason])))
        return
    owner = await directory.by_id(turn.session, int(draft.data["owner"]))
    if owner is None or not await flows.clear(turn.session, turn.user_id):
        return  # sent twice at once: the first answer recorded it
    text = draft.data["text"]
    action = await meeting_actions.create(
        turn.session, turn.now, meeting, turn.member, owner, text, due, turn.zone
    )
    notify.action_assigned(
        turn.session, turn.now, turn.translator, turn.zone, action, meeting, owner
    )
    turn.reply(render.created(turn.translator, turn.lang, action, owner.display_name, turn.zone))


@pressed(ActionDone, Access.MEMBER)
async def done(update: Update, context: UraContext, turn: Turn, press: ActionDone) -> None:
    assert turn.member is not None
    action = await meeting_actions.mark_done(turn.session, turn.now, press.action, turn.member)
    if action is None:
        turn.toast = turn.t("common.button_stale")
        return
    args = (turn.session, turn.now, turn.translator, turn.lang, turn.zone, action)
    await notify.action_changed(*args)
    turn.toast = turn.t("meeting.action.marked_done")


@guarded(Access.MEMBER, read_only=True)
async def list_actions(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    items = await meeting_actions.open_for(turn.session, turn.member)
    turn.reply(render.open_actions(turn.translator, turn.lang, items, turn.zone))


@guarded(Access.COORDINATOR)
async def chair(update: Update, context: UraContext, turn: Turn) -> None:
    """/chair <member id> <group>: appoint or relieve; without arguments, the chairs."""
    assert turn.member is not None
    args = context.args or []
    number = parse.record_id(args[0]) if args else None
    if len(args) < 2 or number is None:
        turn.reply(
            render.chairs(turn.translator, turn.lang, await meeting_chairs.chairs(turn.session))
        )
        return
    member = await directory.by_id(turn.session, number)
    group = await directory.find_group(turn.session, " ".join(args[1:]))
    if member is None or group is None:
        turn.reply(Reply(turn.t("meeting.chair.not_found")))
        return
    appointed = await meeting_chairs.set_chair(turn.session, turn.now, turn.member, member, group)
    key = "meeting.chair.appointed" if appointed else "meeting.chair.removed"
    turn.reply(Reply(turn.t(key, name=member.display_name, group=group.name)))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.flows["meeting_action"] = answer_action
    app.bot_data.flow_access["meeting_action"] = Access.MEMBER
    app.add_handler(CommandHandler("actions", list_actions))
    app.add_handler(CommandHandler("chair", chair))
    new_action.register(app)
    done.register(app)

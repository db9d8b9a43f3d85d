"""Guided flows: typed answers and choice buttons go to the flow the person is in; whatever
a step can't take (text where buttons are asked for, a photo where text is) is answered with
what the step expects."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot.alerts import forms as alert_parse
from bot.broadcasts import rules as broadcasts
from bot.core import flows, text_guard
from bot.core.flows import Choice
from bot.core.guard_notice import warning
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.exchange import updates
from bot.meetings import followups
from bot.meetings import rules as meetings
from bot.members import invite_flow
from bot.onboarding import access
from bot.requests import forms as requests_forms
from bot.rosters import forms as roster_forms
from handlers.drafts import answer, open_draft
from handlers.gate import UraContext, guarded, pressed
from storage.members import Draft

FLOWS = {
    flow.name: flow
    for flow in (
        access.FLOW,
        alert_parse.FLOW,
        alert_parse.NOTE_FLOW,
        alert_parse.RESOLVE_FLOW,
        alert_parse.REFER_FLOW,
        alert_parse.DECLINE_FLOW,
        broadcasts.FLOW,
        updates.FLOW,
        invite_flow.FLOW,
        followups.FLOW,
        meetings.FLOW,
        meetings.MOVE_FLOW,
        requests_forms.ASK,
        requests_forms.ANSWER,
        roster_forms.ROTATION,
        roster_forms.COVER,
        text_guard.REPLY_FLOW,
    )
}
# Flows whose feature takes these kinds of message itself at every step, answering "not now"
# where the step is not the attachment (handlers/alerts/raising.py, updates.py, broadcasts.py).
MEDIA = frozenset({"photo", "document", "location"})
OWN_MEDIA = {
    requests_forms.ASK.name: {"photo", "document"},
    requests_forms.ANSWER.name: {"photo", "document"},
    alert_parse.FLOW.name: MEDIA,
    updates.FLOW.name: MEDIA,
    broadcasts.FLOW.name: {"document"},
}


def _expects(draft: Draft | None) -> str:
    """The catalog key saying what the person's current step takes."""
    flow = FLOWS.get(draft.flow) if draft is not None else None
    if draft is None or flow is None or draft.step not in {s.name for s in flow.steps}:
        return "input.expects.nothing"
    if draft.step == "attachment":
        return (
            "input.expects.document"
            if draft.flow == broadcasts.FLOW.name
            else "input.expects.attachment"
        )
    return f"input.expects.{flow.step(draft.step).kind}"


async def _route(context: UraContext, turn: Turn, value: str, step: str | None) -> None:
    if await flows.current(turn.session, turn.user_id) is None:
        if step is None:
            turn.reply(Reply(turn.t("common.unknown_command")))
        else:
            turn.toast = turn.t("common.button_stale")
        return
    draft = await open_draft(context, turn)  # still theirs to answer, as who they are now
    if draft is None:
        return
    if step is not None and f"{draft.flow}.{draft.step}" != step:
        turn.toast = turn.t("common.button_stale")
        return
    if step is None and _expects(draft) == "input.expects.choice":  # typed, not pressed
        turn.reply(Reply(turn.t("input.expects.choice")))
        return
    if step is None and (found := text_guard.hold(draft, value)):
        turn.reply(warning(turn.translator, turn.lang, found, draft.flow, draft.step))
        return
    if step is not None and value in (text_guard.KEEP, text_guard.EDIT):
        held = text_guard.release(draft, value)
        if draft.flow == text_guard.REPLY_FLOW.name:
            await flows.clear(turn.session, turn.user_id)
        if held is None:
            turn.reply(Reply(turn.t("data.guard.rewrite")))
        elif held.reply_to is not None:
            await _send_reply(context, turn, held)
        else:
            await answer(context, turn, draft, held.text)
        return
    await answer(context, turn, draft, value)


async def _send_reply(context: UraContext, turn: Turn, held: text_guard.Held) -> None:
    row = await text_guard.replied_row(turn.session, held, turn.chat_id)
    take = context.bot_data.replies.get(row.ref_type or "") if row is not None else None
    if row is not None and take is not None:
        await take(turn, row, held.text)


async def _held_reply(turn: Turn, draft: Draft, value: str) -> None:
    """Typing while a reply waits for send anyway / edit: the buttons decide."""
    turn.reply(Reply(turn.t("flow.pick_a_button")))


@guarded(Access.ANYONE)
async def on_text(update: Update, context: UraContext, turn: Turn) -> None:
    assert update.effective_message is not None
    await _route(context, turn, update.effective_message.text or "", step=None)


@pressed(Choice, Access.ANYONE)
async def on_choice(update: Update, context: UraContext, turn: Turn, press: Choice) -> None:
    await _route(context, turn, press.value, step=press.flow_step)


@guarded(Access.ANYONE)
async def on_other(update: Update, context: UraContext, turn: Turn) -> None:
    """A photo, file, location, sticker, voice... in a private chat: unless the person's flow
    takes it itself, answered with what their step expects (or what Ura can do)."""
    message = update.effective_message
    assert message is not None
    kind = (
        "photo"
        if message.photo
        else "document"
        if message.document
        else "location"
        if message.location
        else "other"
    )
    draft = await flows.current(turn.session, turn.user_id)
    if draft is not None and kind in OWN_MEDIA.get(draft.flow, ()):
        return  # that feature's handler answered it
    turn.reply(Reply(turn.t(_expects(draft))))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.flows[text_guard.REPLY_FLOW.name] = _held_reply
    app.bot_data.flow_access[text_guard.REPLY_FLOW.name] = Access.MEMBER
    private_text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(private_text, on_text), group=10)
    # After every feature's own media handler (groups 11-13): messages that are not text.
    other = (
        filters.UpdateType.MESSAGE
        & filters.ChatType.PRIVATE
        & ~filters.TEXT
        & ~filters.COMMAND
        & ~filters.StatusUpdate.ALL
    )
    app.add_handler(MessageHandler(other, on_other), group=14)
    on_choice.register(app)

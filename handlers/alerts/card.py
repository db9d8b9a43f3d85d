"""The buttons on an alert card: acknowledge, take action, note, release and resolve."""

from __future__ import annotations

import functools

from telegram import Update
from telegram.ext import Application

from bot.alerts import notify, presses, work
from bot.alerts.forms import NOTE_FLOW, RESOLVE_FLOW
from bot.alerts.model import Acknowledge, Release, Resolve, Result, TakeAction, WriteNote
from bot.alerts.notify import Change
from bot.alerts.render import words
from bot.alerts.rules import Outcome
from bot.core import flows
from bot.core.labels import prompt
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from config.settings import Settings
from handlers.gate import UraContext, pressed
from storage.members import Draft
from storage.outbox import OutboxMessage

DONE = {
    Change.ACKNOWLEDGED: "alert.toast.acknowledged",
    Change.ACTING: "alert.toast.acting",
    Change.RELEASED: "alert.toast.released",
    Change.RESOLVED: "alert.toast.resolved",
}


def out(turn: Turn) -> notify.Out:
    """notify's messages go out with this turn's (a full chat queue drops notices)."""
    return notify.Out(turn.session, turn.translator, turn.zone, turn.now, turn.sent)


async def _after(turn: Turn, outcome: Outcome, change: Change) -> bool:
    """Every copy edited and the change told when something changed; the toast says what
    happened either way."""
    if outcome.result != Result.DONE or outcome.alert is None:
        turn.toast = turn.t(words.TOAST[outcome.result])
        return False
    assert turn.member is not None
    await notify.changed(out(turn), outcome.alert.id, change, turn.member, outcome.text)
    turn.toast = turn.t(DONE[change])
    return True


@pressed(Acknowledge, Access.MEMBER)
async def acknowledge(update: Update, context: UraContext, turn: Turn, press: Acknowledge) -> None:
    assert turn.member is not None
    outcome = await presses.acknowledge(turn.session, turn.now, press.alert, turn.member)
    await _after(turn, outcome, Change.ACKNOWLEDGED)


@pressed(TakeAction, Access.MEMBER)
async def take_action(update: Update, context: UraContext, turn: Turn, press: TakeAction) -> None:
    assert turn.member is not None
    stale = context.bot_data.services.settings.alert_stale_after
    outcome = await presses.take_action(turn.session, turn.now, press.alert, turn.member, stale)
    await _after(turn, outcome, Change.ACTING)


@pressed(Release, Access.MEMBER)
async def release(update: Update, context: UraContext, turn: Turn, press: Release) -> None:
    assert turn.member is not None
    interval = context.bot_data.services.settings.alert_escalate_after
    outcome = await work.release(turn.session, turn.now, press.alert, turn.member, interval)
    await _after(turn, outcome, Change.RELEASED)


@pressed(WriteNote, Access.MEMBER)
async def write_note(update: Update, context: UraContext, turn: Turn, press: WriteNote) -> None:
    assert turn.member is not None
    if not await work.may_write(turn.session, press.alert, turn.member):
        turn.toast = turn.t("alert.note.refused")
        return
    await flows.begin(turn.session, turn.now, turn.user_id, NOTE_FLOW, {"alert": press.alert})
    turn.reply(prompt(turn.translator, turn.lang, "alert.note.prompt"))


async def answer_note(turn: Turn, draft: Draft, value: str, *, settings: Settings) -> None:
    result = flows.answer(draft, NOTE_FLOW, value, turn.now)
    if result.error:
        turn.reply(Reply(turn.t(result.error, **result.values)))
        return
    await flows.clear(turn.session, turn.user_id)
    await _note(turn, int(draft.data["alert"]), draft.data["text"], settings)


async def reply_as_note(turn: Turn, row: OutboxMessage, text: str, *, settings: Settings) -> None:
    """A Telegram reply to an alert card is a note, when the replier is acting on it."""
    await _note(turn, row.ref_id or 0, text, settings)


async def _note(turn: Turn, alert_id: int, text: str, settings: Settings) -> None:
    assert turn.member is not None
    outcome = await work.add_note(
        turn.session, turn.now, alert_id, turn.member, text, settings.alert_stale_after
    )
    if outcome.result != Result.DONE:
        turn.reply(Reply(turn.t(words.NOTE[outcome.result])))
        return
    await notify.changed(out(turn), alert_id, Change.NOTE, turn.member, outcome.text)
    turn.reply(Reply(turn.t("alert.note.saved", id=alert_id)))


@pressed(Resolve, Access.COORDINATOR)
async def resolve(update: Update, context: UraContext, turn: Turn, press: Resolve) -> None:
    if not await work.may_resolve(turn.session, press.alert):
        turn.toast = turn.t("alert.toast.closed")  # not ask for a closing note in vain
        return
    await flows.begin(turn.session, turn.now, turn.user_id, RESOLVE_FLOW, {"alert": press.alert})
    turn.reply(prompt(turn.translator, turn.lang, "alert.resolve.prompt"))


async def answer_resolve(turn: Turn, draft: Draft, value: str) -> None:
    assert turn.member is not None
    result = flows.answer(draft, RESOLVE_FLOW, value, turn.now)
    if result.error:
        turn.reply(Reply(turn.t(result.error, **result.values)))
        return
    await flows.clear(turn.session, turn.user_id)
    alert_id, text = int(draft.data["alert"]), draft.data["text"]
    outcome = await work.resolve(turn.session, turn.now, alert_id, turn.member, text)
    await _after(turn, outcome, Change.RESOLVED)
    turn.reply(Reply(turn.toast or ""))


def register(app: Application) -> None:  # type: ignore[type-arg]
    settings = app.bot_data.services.settings
    app.bot_data.flows[NOTE_FLOW.name] = functools.partial(answer_note, settings=settings)
    app.bot_data.flows[RESOLVE_FLOW.name] = answer_resolve
    app.bot_data.flow_access[NOTE_FLOW.name] = Access.MEMBER
    app.bot_data.flow_access[RESOLVE_FLOW.name] = Access.COORDINATOR
    app.bot_data.replies["alert"] = functools.partial(reply_as_note, settings=settings)
    for handler in (acknowledge, take_action, release, write_note, resolve):
        handler.register(app)

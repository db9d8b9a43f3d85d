"""The buttons on an alert card: acknowledge, take action, note, release and resolve."""

from __future__ import annotations

import functools

from telegram import Update
from telegram.ext import Application

from bot.alerts import notify, presses, work
from bot.alerts.forms import NOTE_FLOW, RESOLVE_FLOW
from bot.alerts.model import Acknowledge, Release, Resolve, Status, TakeAction, WriteNote
from bot.alerts.render import notices
from bot.alerts.rules import Outcome
from bot.core import flows
from bot.core.labels import prompt
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.members import directory
from config.settings import Settings
from handlers.gate import UraContext, pressed
from storage.alerts import Alert
from storage.members import Draft
from storage.outbox import OutboxMessage


async def _after(turn: Turn, outcome: Outcome, done_key: str) -> bool:
    """Edit every copy when something changed; the toast says what happened either way."""
    if outcome.result != "done" or outcome.alert is None:
        turn.toast = turn.t(f"alert.toast.{outcome.result}")
        return False
    await notify.refresh(turn.session, turn.translator, turn.zone, outcome.alert.id, turn.now)
    turn.toast = turn.t(done_key)
    return True


@pressed(Acknowledge, Access.MEMBER)
async def acknowledge(update: Update, context: UraContext, turn: Turn, press: Acknowledge) -> None:
    assert turn.member is not None
    outcome = await presses.acknowledge(turn.session, turn.now, press.alert, turn.member)
    await _after(turn, outcome, "alert.toast.acknowledged")


@pressed(TakeAction, Access.MEMBER)
async def take_action(update: Update, context: UraContext, turn: Turn, press: TakeAction) -> None:
    assert turn.member is not None
    stale = context.bot_data.services.settings.alert_stale_after
    outcome = await presses.take_action(turn.session, turn.now, press.alert, turn.member, stale)
    await _after(turn, outcome, "alert.toast.acting")


@pressed(Release, Access.MEMBER)
async def release(update: Update, context: UraContext, turn: Turn, press: Release) -> None:
    assert turn.member is not None
    interval = context.bot_data.services.settings.alert_escalate_after
    outcome = await work.release(turn.session, turn.now, press.alert, turn.member, interval)
    if await _after(turn, outcome, "alert.toast.released"):
        name = directory.label(turn.member)
        for person in outcome.notify:
            turn.notify(
                person, lambda lang: notices.released(turn.translator, lang, press.alert, name)
            )


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
    if outcome.result != "done":
        turn.reply(Reply(turn.t(f"alert.note.{outcome.result}")))
        return
    name, text = directory.label(turn.member), outcome.text
    for person in outcome.notify:
        turn.notify(person, lambda lang: notices.note(turn.translator, lang, alert_id, name, text))
    turn.reply(Reply(turn.t("alert.note.saved", id=alert_id)))


@pressed(Resolve, Access.COORDINATOR)
async def resolve(update: Update, context: UraContext, turn: Turn, press: Resolve) -> None:
    alert = await turn.session.get(Alert, press.alert)
    if alert is None or alert.status == Status.RESOLVED:
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
    if not await _after(turn, outcome, "alert.toast.resolved"):
        turn.reply(Reply(turn.toast or ""))
        return
    name = directory.label(turn.member)
    for person in outcome.notify:
        turn.notify(
            person, lambda lang: notices.resolved(turn.translator, lang, alert_id, name, text)
        )
    turn.reply(Reply(turn.t("alert.toast.resolved")))


def register(app: Application) -> None:  # type: ignore[type-arg]
    settings = app.bot_data.services.settings
    app.bot_data.flows[NOTE_FLOW.name] = functools.partial(answer_note, settings=settings)
    app.bot_data.flows[RESOLVE_FLOW.name] = answer_resolve
    app.bot_data.flow_access[NOTE_FLOW.name] = Access.MEMBER
    app.bot_data.flow_access[RESOLVE_FLOW.name] = Access.COORDINATOR
    app.bot_data.replies["alert"] = functools.partial(reply_as_note, settings=settings)
    for handler in (acknowledge, take_action, release, write_note, resolve):
        handler.register(app)

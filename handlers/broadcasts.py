"""Coordinators' broadcasts: /broadcast (guided), /broadcasts, the buttons on their messages,
and the delivery listener that keeps each progress message current and sends the report."""

from __future__ import annotations

from datetime import datetime

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.broadcasts import audience, rules
from bot.broadcasts.audience import Snapshot, snapshot
from bot.broadcasts.progress import label, publish
from bot.broadcasts.render import messages as render
from bot.broadcasts.render.report import report
from bot.broadcasts.rules import FLOW, Spec
from bot.core import flows, parse
from bot.core.callbacks import Press
from bot.core.permissions import Access, may
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.delivery import enqueue_edit
from bot.members import directory
from handlers.drafts import open_draft
from handlers.gate import UraContext, button, guarded
from storage.members import Draft
from storage.outbox import Broadcast, OutboxMessage


@guarded(Access.COORDINATOR)
async def start_broadcast(update: Update, context: UraContext, turn: Turn) -> None:
    await _ask(turn, await flows.begin(turn.session, turn.now, turn.user_id, FLOW))


async def _ask(turn: Turn, draft: Draft) -> None:
    """The question of the draft's current step."""
    t, lang, step, data = turn.translator, turn.lang, draft.step, draft.data
    if step == "to" and data["audience"] == "groups":
        groups = await directory.all_groups(turn.session)
        row = turn.reply(render.group_picker(t, lang, groups, set(data.get("groups", []))))
        await turn.session.flush()
        draft.data = {**data, "picker": row.id}  # edited in place as groups are ticked
    elif step == "confirm":
        spec = Spec.from_draft(data)
        reach = await audience.reach(turn.session, spec.audience)
        groups = await audience.groups_of(turn.session, spec.audience)
        turn.reply(render.preview(t, lang, spec, reach, groups))
        if not reach.recipients:  # the preview says so; nothing left to confirm
            await flows.clear(turn.session, turn.user_id)
    else:
        kind = data.get("audience", "")
        turn.reply(render.question(t, lang, step, kind, turn.now, turn.zone))


async def answer_broadcast(turn: Turn, draft: Draft, value: str) -> None:
    """Typed answers and choice buttons of /broadcast."""
    if not may(turn.member, Access.COORDINATOR):  # suspended half-way
        await flows.clear(turn.session, turn.user_id)
        turn.reply(Reply(turn.t("common.not_allowed")))
        return
    step, kind = draft.step, draft.data.get("audience")
    if step == "to" and kind == "groups":
        await _tick(turn, draft, value)
        return
    if step == "attachment":  # typed text where a document was asked for: ask again
        await _ask(turn, draft)
        return
    if step == "when":
        moment = rules.parse_send_time(value, turn.now, turn.zone)
        if isinstance(moment, str):
            turn.reply(render.when_prompt(turn.translator, turn.lang, moment, turn.now, turn.zone))
        else:
            await _create(turn, draft, moment)
        return
    choices = {
        "audience": {v for v, _ in render.audience_choices(turn.translator, turn.lang)},
        "to": {v for v, _ in render.target_choices(turn.translator, turn.lang, kind or "")},
        "confirm": {"now", "later", "cancel"},
    }.get(step)
    result = flows.answer(draft, FLOW, value, turn.now, choices)
    if result.error:
        turn.reply(Reply(turn.t(result.error, **result.values)))
    elif step == "confirm" and value == "cancel":
        await flows.clear(turn.session, turn.user_id)
        await turn.close_pressed(turn.t("flows.pressed.cancelled"))
        turn.reply(Reply(turn.t("common.cancelled")))
    elif step == "confirm" and value == "now":
        await _create(turn, draft, None)
    else:
        if step == "confirm":  # "later": the preview's buttons are used; the time is asked
            await turn.close_pressed(turn.t("flows.pressed.later"))
        if step == "audience" and value == "everyone":
            draft.step = "text_sq"
        await _ask(turn, draft)


async def _tick(turn: Turn, draft: Draft, value: str) -> None:
    """A group ticked or unticked on the picker (edited in place), or Done."""
    chosen = list(draft.data.get("groups", []))
    if value == "done":
        if not chosen:
            turn.reply(Reply(turn.t("broadcast.groups.none")))
            return
        draft.step = "text_sq"
        await _ask(turn, draft)
        return
    groups = await directory.all_groups(turn.session)
    if value not in {str(g.id) for g in groups}:
        turn.toast = turn.t("common.button_stale")
        return
    chosen = [g for g in chosen if g != value] if value in chosen else [*chosen, value]
    draft.data = {**draft.data, "groups": chosen}
    picker = await turn.session.get(OutboxMessage, draft.data.get("picker", 0))
    reply = render.group_picker(turn.translator, turn.lang, groups, set(chosen))
    if picker is not None:
        await enqueue_edit(turn.session, target=picker, reply=reply, now=turn.now)


@button(Access.COORDINATOR)
async def skip(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    draft = await open_draft(context, turn)
    if draft is None or (draft.flow, draft.step) != (FLOW.name, press.arg):
        turn.toast = turn.t("common.button_stale")
        return
    await _advance(turn, draft, None)


async def _advance(turn: Turn, draft: Draft, value: object) -> None:
    following = FLOW.after(draft.step)
    assert following is not None
    draft.data = {**draft.data, draft.step: value}
    draft.step = following.name
    await _ask(turn, draft)


@guarded(Access.ANYONE)  # other features may take documents too: stay silent if not ours
async def on_document(update: Update, context: UraContext, turn: Turn) -> None:
    message = update.effective_message
    mine = await flows.current(turn.session, turn.user_id)
    if mine is None or mine.flow != FLOW.name:
        return  # other features may take this media: stay silent if not ours
    draft = await open_draft(context, turn)
    if message is None or message.document is None or draft is None or draft.flow != FLOW.name:
        return
    if draft.step != "attachment" or not may(turn.member, Access.COORDINATOR):
        turn.reply(Reply(turn.t("broadcast.attachment.not_now")))
        return
    document = message.document
    name = document.file_name or "document"
    await _advance(turn, draft, {"file_id": document.file_id, "filename": name})


async def _create(turn: Turn, draft: Draft, send_at: datetime | None) -> None:
    assert turn.member is not None
    compose = render.composer(turn.translator)
    spec = Spec.from_draft(draft.data)
    await flows.clear(turn.session, turn.user_id)
    try:
        broadcast = await rules.create(turn.session, turn.now, turn.member, spec, send_at, compose)
    except rules.NobodyToSend:
        turn.reply(Reply(turn.t("broadcast.preview.nobody")))
        return
    await turn.close_pressed(turn.t("flows.pressed.sent_broadcast", id=broadcast.id))
    shown = await label(turn.session, turn.translator, turn.lang, broadcast)
    state = Snapshot(total=broadcast.recipients, pending=broadcast.recipients)
    reply = render.progress(turn.translator, turn.lang, broadcast, state, shown, turn.zone)
    row = turn.reply(reply, ref=("broadcast", broadcast.id))
    await turn.session.flush()
    broadcast.progress_outbox_id = row.id


@button(Access.COORDINATOR)
async def cancel(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    broadcast = await turn.session.get(Broadcast, parse.record_id(press.arg) or 0)
    stopped = (
        None
        if broadcast is None
        else await rules.cancel(turn.session, turn.now, broadcast, turn.member)
    )
    if broadcast is None or stopped is None:
        turn.toast = turn.t("broadcast.already_over")
        return
    await publish(turn.session, turn.now, turn.translator, turn.zone, broadcast)
    turn.toast = turn.tn("broadcast.cancelled", stopped)


@button(Access.COORDINATOR)
async def resend(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    await _resend(turn, press, rules.FAILED_OUTCOMES)


@button(Access.COORDINATOR)
async def resend_uncertain(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    await _resend(turn, press, rules.UNCERTAIN_OUTCOMES)


async def _resend(turn: Turn, press: Press, outcomes: frozenset[str]) -> None:
    assert turn.member is not None
    broadcast = await turn.session.get(Broadcast, parse.record_id(press.arg) or 0)
    compose = render.composer(turn.translator)
    count = broadcast and await rules.resend_failed(
        turn.session, turn.now, broadcast, turn.member, compose, outcomes
    )
    if broadcast is None or not count:
        turn.toast = turn.t("broadcast.nothing_to_resend")
        return
    await publish(turn.session, turn.now, turn.translator, turn.zone, broadcast)
    turn.reply(Reply(turn.tn("broadcast.resent", count, id=broadcast.id)))


async def _list(turn: Turn, offset: int) -> None:
    found, older = await rules.page(turn.session, offset)
    session, t, lang = turn.session, turn.translator, turn.lang
    items = [(b, await snapshot(session, b), await label(session, t, lang, b)) for b in found]
    more = offset + rules.PAGE if older else None
    turn.reply(render.listing(t, lang, items, more, turn.zone))


@guarded(Access.COORDINATOR)
async def list_broadcasts(update: Update, context: UraContext, turn: Turn) -> None:
    await _list(turn, 0)


@button(Access.COORDINATOR)
async def older(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    await _list(turn, parse.record_id(press.arg) or 0)


@button(Access.COORDINATOR)
async def open_report(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    broadcast = await turn.session.get(Broadcast, parse.record_id(press.arg) or 0)
    if broadcast is None:
        turn.toast = turn.t("common.button_stale")
        return
    state = await rules.settle(turn.session, turn.now, broadcast)  # also mends a stuck one
    shown = await label(turn.session, turn.translator, turn.lang, broadcast)
    turn.reply(report(turn.translator, turn.lang, broadcast, state, shown, turn.zone))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.flows[FLOW.name] = answer_broadcast
    app.bot_data.flow_access[FLOW.name] = Access.COORDINATOR
    # Private chats only: drafts, previews and reports are not for a group chat's eyes.
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("broadcast", start_broadcast, private))
    app.add_handler(CommandHandler("broadcasts", list_broadcasts, private))
    app.add_handler(CallbackQueryHandler(skip, pattern=r"^bcs:"))
    app.add_handler(CallbackQueryHandler(cancel, pattern=r"^bcx:"))
    app.add_handler(CallbackQueryHandler(resend, pattern=r"^bcr:"))
    app.add_handler(CallbackQueryHandler(resend_uncertain, pattern=r"^bcu:"))
    app.add_handler(CallbackQueryHandler(open_report, pattern=r"^bco:"))
    app.add_handler(CallbackQueryHandler(older, pattern=r"^bcl:"))
    # Its own group, so a document reaches this flow whatever other features do with it.
    document = filters.Document.ALL & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(document, on_document), group=11)

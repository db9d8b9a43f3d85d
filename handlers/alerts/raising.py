"""/alert: raising an alert with a guided flow (or one line), the privacy guard, and sending."""

from __future__ import annotations

import functools
from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.alerts import notify, rules
from bot.alerts.forms import FLOW, LineError, parse_line
from bot.alerts.render import card as render
from bot.alerts.render import flow as alert_flow
from bot.alerts.render.notices import raised
from bot.alerts.views import load
from bot.core import flows
from bot.core.labels import prompt
from bot.core.permissions import Access
from bot.core.privacy_guard import find_identifiers
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.members import directory
from config.settings import Settings
from handlers.drafts import open_draft
from handlers.gate import UraContext, guarded
from storage.members import Draft


def _set(draft: Draft, step: str, **data: Any) -> None:
    draft.data, draft.step = {**draft.data, **data}, step  # reassigned: JSON change tracking


async def _ask(turn: Turn, draft: Draft) -> None:
    t, lang, step = turn.translator, turn.lang, draft.step
    if step == "region":
        assert turn.member is not None
        regions = await directory.all_groups(turn.session, "committee")
        choices = render.region_choices(regions, turn.member)
        turn.reply(prompt(t, lang, "alert.region.prompt", choices, "alert.region", per_row=3))
    elif step in ("category", "urgency"):
        choices = getattr(render, f"{step}_choices")(t, lang)
        per_row = 1 if step == "category" else 2
        turn.reply(prompt(t, lang, f"alert.{step}.prompt", choices, f"alert.{step}", per_row))
    elif step == "description":
        turn.reply(prompt(t, lang, "alert.description.prompt"))
    elif step == "attachment":
        turn.reply(alert_flow.attachment_prompt(t, lang))
    elif step == "guard":
        turn.reply(render.findings(t, lang, find_identifiers(draft.data["description"])))
    else:
        region = await directory.group_by_choice(turn.session, draft.data["region"])
        turn.reply(alert_flow.summary(t, lang, draft.data, region.name if region else "—"))


async def _checked(turn: Turn, draft: Draft, then: str) -> None:
    """After a description: the privacy guard first, if it finds anything."""
    found = find_identifiers(draft.data["description"])
    _set(draft, "guard" if found else then, after_guard=then)
    await _ask(turn, draft)


@guarded(Access.MEMBER)
async def start_alert(update: Update, context: UraContext, turn: Turn) -> None:
    assert update.effective_message is not None
    line = (update.effective_message.text or "").partition(" ")[2]
    if not line.strip():
        await _ask(turn, await flows.begin(turn.session, turn.now, turn.user_id, FLOW))
        return
    try:
        data = parse_line(line, await directory.all_groups(turn.session, "committee"))
    except LineError as wrong:
        key = "input.too_long" if str(wrong) == "too_long" else f"alert.line.{wrong}"
        turn.reply(Reply(turn.t(key, limit=rules.MAX_TEXT)))
        return
    draft = await flows.begin(turn.session, turn.now, turn.user_id, FLOW, data)
    await _checked(turn, draft, "confirm")


async def answer_alert(turn: Turn, draft: Draft, value: str, *, settings: Settings) -> None:
    step = draft.step
    if step == "guard" and value in ("edit", "keep"):
        then = "description" if value == "edit" else draft.data.get("after_guard", "attachment")
        _set(draft, then, guard_kept=value == "keep")
    elif step == "confirm" and value in ("send", "cancel", "edit"):
        await _confirm(turn, draft, value, settings)
        return
    elif step == "confirm" and value.removeprefix("e_") in alert_flow.EDITABLE:
        _set(draft, value.removeprefix("e_"), back=True)
    else:
        regions = await directory.all_groups(turn.session, "committee")
        choices = {
            "region": {str(g.id) for g in regions},
            "category": {c for c, _ in render.category_choices(turn.translator, turn.lang)},
            "urgency": set(rules.URGENCIES),
            "attachment": {"skip"},
        }
        result = flows.answer(draft, FLOW, value, turn.now, choices.get(step, set()))
        if result.error:
            turn.reply(Reply(turn.t(result.error, **result.values)))
            return
        then = "confirm" if draft.data.get("back") or step == "attachment" else draft.step
        if step == "attachment":
            _set(draft, then, attachment=None)
        if step == "description":
            await _checked(turn, draft, "confirm" if draft.data.get("back") else "attachment")
            return
        _set(draft, then)
    await _ask(turn, draft)


async def _confirm(turn: Turn, draft: Draft, value: str, settings: Settings) -> None:
    if value == "edit":
        await turn.close_pressed(turn.t("flows.pressed.editing"))
        turn.reply(alert_flow.edit_menu(turn.translator, turn.lang))
        return
    if not await flows.clear(turn.session, turn.user_id):
        return  # Send pressed twice at once: the other press took the draft and sends it
    if value == "cancel":
        await turn.close_pressed(turn.t("flows.pressed.cancelled"))
        turn.reply(Reply(turn.t("common.cancelled")))
        return
    alert_id = await send_alert(turn, draft.data, settings)
    await turn.close_pressed(turn.t("flows.pressed.sent_alert", id=alert_id))


async def send_alert(turn: Turn, data: dict[str, Any], settings: Settings) -> int:
    assert turn.member is not None
    done = await rules.raise_alert(
        turn.session, turn.now, turn.member, data, settings.alert_escalate_after, turn.zone
    )
    view = await load(turn.session, done.alert.id)
    assert view is not None
    for person in [turn.member, *done.recipients]:
        notify.send_card(turn.session, turn.translator, turn.zone, view, person, turn.now)
    agencies = [] if done.nobody_matched else done.agencies
    report = raised(
        turn.translator, turn.lang, done.alert.id, len(done.recipients), agencies, done.coordinators
    )
    turn.reply(report)
    return done.alert.id


@guarded(Access.ANYONE)
async def on_media(update: Update, context: UraContext, turn: Turn) -> None:
    """A photo, document or location while raising an alert is its attachment."""
    message = update.effective_message
    mine = await flows.current(turn.session, turn.user_id)
    if mine is None or mine.flow != FLOW.name:
        return  # other features may take this media: stay silent if not ours
    draft = await open_draft(context, turn)
    if message is None or draft is None or draft.flow != FLOW.name:
        return
    if draft.step != "attachment":
        turn.reply(Reply(turn.t("alert.attachment.not_now")))
        return
    if message.location is not None:
        spot = message.location
        found = {"kind": "location", "latitude": spot.latitude, "longitude": spot.longitude}
    elif message.photo:
        found = {"kind": "photo", "file_id": message.photo[-1].file_id}
    elif message.document is not None:
        found = {"kind": "document", "file_id": message.document.file_id}
    else:
        return
    _set(draft, "confirm", attachment=found)
    await _ask(turn, draft)


def register(app: Application) -> None:  # type: ignore[type-arg]
    settings = app.bot_data.services.settings
    app.bot_data.flows[FLOW.name] = functools.partial(answer_alert, settings=settings)
    app.bot_data.flow_access[FLOW.name] = Access.MEMBER
    app.add_handler(CommandHandler("alert", start_alert))
    media = (filters.PHOTO | filters.Document.ALL | filters.LOCATION) & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(media, on_media), group=12)

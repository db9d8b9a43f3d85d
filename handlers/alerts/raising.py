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
from bot.alerts.render import words
from bot.alerts.routing import CATEGORIES
from bot.core import flows
from bot.core.labels import prompt
from bot.core.permissions import Access
from bot.core.privacy_guard import find_identifiers
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.members import directory
from config.settings import Settings
from handlers.alerts.card import out
from handlers.drafts import open_draft
from handlers.gate import UraContext, guarded
from handlers.media import attachment_of
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
    elif step == "category":
        choices = render.category_choices(t, lang)
        turn.reply(prompt(t, lang, "alert.category.prompt", choices, "alert.category", 1))
    elif step == "urgency":
        choices = render.urgency_choices(t, lang)
        turn.reply(prompt(t, lang, "alert.urgency.prompt", choices, "alert.urgency", 2))
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
        turn.reply(Reply(turn.t(words.LINE[str(wrong)], limit=rules.MAX_TEXT)))
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
    elif not await _answered(turn, draft, value):
        return
    await _ask(turn, draft)


async def _answered(turn: Turn, draft: Draft, value: str) -> bool:
    """A step's answer typed or chosen; False when it was refused (and the person told)."""
    step = draft.step
    regions = await directory.all_groups(turn.session, "committee")
    choices: dict[str, set[str]] = {
        "region": {str(g.id) for g in regions},
        "category": set(CATEGORIES),
        "urgency": set(rules.URGENCIES),
        "attachment": {"skip"},
    }
    result = flows.answer(draft, FLOW, value, turn.now, choices.get(step, set()))
    if result.error:
        turn.reply(Reply(turn.t(result.error, **result.values)))
        return False
    then = "confirm" if draft.data.get("back") or step == "attachment" else draft.step
    if step == "attachment":
        _set(draft, then, attachment=None)
    if step == "description":
        await _checked(turn, draft, "confirm" if draft.data.get("back") else "attachment")
        return False
    _set(draft, then)
    return True


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
    turn.reply(await notify.raised(out(turn), done, turn.member, turn.lang))
    return done.alert.id


@guarded(Access.ANYONE)
async def on_media(update: Update, context: UraContext, turn: Turn) -> None:
    """A photo, document or location while raising an alert is its attachment."""
    mine = await flows.current(turn.session, turn.user_id)
    if mine is None or mine.flow != FLOW.name:
        return  # other features may take this media: stay silent if not ours
    draft = await open_draft(context, turn)
    if update.effective_message is None or draft is None or draft.flow != FLOW.name:
        return
    if draft.step != "attachment":
        turn.reply(Reply(turn.t("alert.attachment.not_now")))
        return
    found = attachment_of(update.effective_message)
    if found is None:
        return
    _set(draft, "confirm", attachment=found.to_json())
    await _ask(turn, draft)


def register(app: Application) -> None:  # type: ignore[type-arg]
    settings = app.bot_data.services.settings
    app.bot_data.flows[FLOW.name] = functools.partial(answer_alert, settings=settings)
    app.bot_data.flow_access[FLOW.name] = Access.MEMBER
    app.add_handler(CommandHandler("alert", start_alert))
    media = (filters.PHOTO | filters.Document.ALL | filters.LOCATION) & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(media, on_media), group=12)

"""/escalation by buttons: what the rule is for, then each step's minutes and audience, then
save (audited) — no "10m:coordinators+committee" to type. The typed form stays for power users."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.alerts import escalation as alert_escalation
from bot.alerts.render import escalation_buttons
from bot.alerts.render.routing_buttons import escalation_set
from bot.alerts.routing import CATEGORIES
from bot.core.callbacks import Press
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.delivery import enqueue_edit, sent_message
from bot.onboarding import access
from handlers.gate import UraContext, button
from storage.members import Group


async def _show(turn: Turn, reply: Reply) -> None:
    pressed = await sent_message(turn.session, turn.chat_id, turn.message_id, turn.pressed)
    if pressed is None:
        turn.reply(reply)
    else:
        await enqueue_edit(turn.session, target=pressed, reply=reply, now=turn.now)


async def _scope(turn: Turn, code: str) -> tuple[str, str] | None:
    """(label shown, scope stored) for a scope code; None (and a toast) if it is stale."""
    if code == "d":
        return str(turn.t("alert.escalation.all")), "*"
    if code.startswith("c") and code[1:].isdigit() and int(code[1:]) < len(CATEGORIES):
        category = CATEGORIES[int(code[1:])]
        label = str(turn.t(f"alert.category.{category}"))
        return label, alert_escalation.scope_for(category=category)
    group = await turn.session.get(Group, int(code[1:])) if code[1:].isdigit() else None
    if code.startswith("r") and group is not None:
        return group.name, alert_escalation.scope_for(region_slug=group.slug)
    turn.toast = turn.t("common.button_stale")
    return None


async def show_scopes(turn: Turn) -> None:
    regions = await access.committee_regions(turn.session)
    turn.reply(escalation_buttons.scope_picker(turn.translator, turn.lang, regions))


@button(Access.COORDINATOR)
async def pick_scope(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    if (scope := await _scope(turn, press.arg)) is not None:
        await _show(
            turn,
            escalation_buttons.ask_minutes(turn.translator, turn.lang, scope[0], press.arg, ""),
        )


@button(Access.COORDINATOR)
async def pick_minutes(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    code, steps, minutes = (press.arg.split(".") + ["", ""])[:3]
    scope = await _scope(turn, code)
    if scope is None or escalation_buttons.decode_steps(steps) is None or not minutes.isdigit():
        return
    reply = escalation_buttons.ask_audience(
        turn.translator, turn.lang, scope[0], code, steps, int(minutes)
    )
    await _show(turn, reply)


@button(Access.COORDINATOR)
async def step_done(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    code, steps, more = (press.arg.split(".") + ["", ""])[:3]
    scope = await _scope(turn, code)
    if scope is None or escalation_buttons.decode_steps(steps) is None:
        return
    t, lang = turn.translator, turn.lang
    if more == "+":
        await _show(turn, escalation_buttons.ask_minutes(t, lang, scope[0], code, steps))
    else:
        await _show(turn, escalation_buttons.review(t, lang, scope[0], code, steps))


@button(Access.COORDINATOR)
async def save(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    code, _, steps_code = press.arg.partition(".")
    scope = await _scope(turn, code)
    steps = None if steps_code == "reset" else escalation_buttons.decode_steps(steps_code)
    if (
        scope is None
        or (steps is not None and not steps)
        or (steps is None and steps_code != "reset")
    ):
        return
    await alert_escalation.set_policy(turn.session, turn.now, scope[1], steps, turn.member.id)
    await _show(turn, escalation_set(turn.translator, turn.lang, scope[0], steps))
    turn.toast = turn.t("alert.routing.saved")


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CallbackQueryHandler(pick_scope, pattern=rf"^{escalation_buttons.SCOPE}:"))
    app.add_handler(CallbackQueryHandler(pick_minutes, pattern=rf"^{escalation_buttons.TO}:"))
    app.add_handler(CallbackQueryHandler(step_done, pattern=rf"^{escalation_buttons.STEP}:"))
    app.add_handler(CallbackQueryHandler(save, pattern=rf"^{escalation_buttons.SAVE}:"))

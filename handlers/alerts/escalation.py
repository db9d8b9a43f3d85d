"""/escalation by buttons: what the rule is for, then each step's minutes and audience, then
save (audited) — no "10m:coordinators+committee" to type. The typed form stays for power users."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.alerts import editors
from bot.alerts.model import EscalationMinutes, EscalationSave, EscalationScope, EscalationStepDone
from bot.alerts.render import escalation_buttons
from bot.alerts.render.routing_buttons import escalation_set
from bot.core.permissions import Access
from bot.core.turn import Turn
from handlers.alerts.routing import show
from handlers.gate import UraContext, pressed


async def _scope(turn: Turn, code: str) -> tuple[editors.Scope, str] | None:
    """The scope a button names and its label; None (and a toast) if it is stale."""
    scope = await editors.scope_of(turn.session, code)
    if scope is None:
        turn.toast = turn.t("common.button_stale")
        return None
    return scope, escalation_buttons.scope_label(turn.translator, turn.lang, scope)


async def show_scopes(turn: Turn) -> None:
    regions = await editors.committee_regions(turn.session)
    turn.reply(escalation_buttons.scope_picker(turn.translator, turn.lang, regions))


@pressed(EscalationScope, Access.COORDINATOR)
async def pick_scope(
    update: Update, context: UraContext, turn: Turn, press: EscalationScope
) -> None:
    if (found := await _scope(turn, press.scope)) is not None:
        t, lang, label = turn.translator, turn.lang, found[1]
        await show(turn, escalation_buttons.ask_minutes(t, lang, label, press.scope, ""))


@pressed(EscalationMinutes, Access.COORDINATOR)
async def pick_minutes(
    update: Update, context: UraContext, turn: Turn, press: EscalationMinutes
) -> None:
    found = await _scope(turn, press.scope)
    if found is None or escalation_buttons.decode_steps(press.steps) is None:
        return
    reply = escalation_buttons.ask_audience(
        turn.translator, turn.lang, found[1], press.scope, press.steps, press.minutes
    )
    await show(turn, reply)


@pressed(EscalationStepDone, Access.COORDINATOR)
async def step_done(
    update: Update, context: UraContext, turn: Turn, press: EscalationStepDone
) -> None:
    found = await _scope(turn, press.scope)
    if found is None or escalation_buttons.decode_steps(press.steps) is None:
        return
    t, lang, label = turn.translator, turn.lang, found[1]
    if press.more == "+":
        await show(turn, escalation_buttons.ask_minutes(t, lang, label, press.scope, press.steps))
    else:
        await show(turn, escalation_buttons.review(t, lang, label, press.scope, press.steps))


@pressed(EscalationSave, Access.COORDINATOR)
async def save(update: Update, context: UraContext, turn: Turn, press: EscalationSave) -> None:
    assert turn.member is not None
    found = await _scope(turn, press.scope)
    reset = press.steps == "reset"
    steps = None if reset else escalation_buttons.decode_steps(press.steps)
    if found is None or (steps is not None and not steps) or (steps is None and not reset):
        return
    await editors.save_escalation(turn.session, turn.now, found[0], steps, turn.member)
    await show(turn, escalation_set(turn.translator, turn.lang, found[1], steps))
    turn.toast = turn.t("alert.routing.saved")


def register(app: Application) -> None:  # type: ignore[type-arg]
    for handler in (pick_scope, pick_minutes, step_done, save):
        handler.register(app)

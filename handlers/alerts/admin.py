"""/alerts (the open alerts one may see, and one with its history) and the coordinators'
/routing and /escalation, which change the routing table and escalation policy (audited)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.alerts import escalation as alert_escalation
from bot.alerts import routing as alert_routing
from bot.alerts import views
from bot.alerts.render import notices
from bot.alerts.render.card import EXCERPT, attachment, card, full_text
from bot.alerts.render.routing_buttons import escalation_set
from bot.core import parse
from bot.core.callbacks import Press
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.members import directory
from handlers.alerts import escalation as alert_escalation_buttons
from handlers.gate import UraContext, button, guarded
from storage.alerts import Alert


@guarded(Access.MEMBER, read_only=True)
async def list_alerts(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    found = await views.visible_open(turn.session, turn.member)
    regions = {g.id: g for g in await directory.all_groups(turn.session)}
    first = await views.first_acknowledgers(turn.session, [a.id for a in found])
    turn.reply(notices.listing(turn.translator, turn.lang, found, regions, turn.now, first))


@button(Access.MEMBER)
async def open_alert(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    alert = await turn.session.get(Alert, parse.record_id(press.arg) or 0)
    if alert is None or not await views.may_see(turn.session, turn.member, alert):
        turn.toast = turn.t("alert.toast.refused")
        return
    view = await views.load(turn.session, alert.id)
    assert view is not None
    t, lang = turn.translator, turn.lang
    turn.reply(card(t, lang, view, turn.member, turn.now, turn.zone), ref=("alert", alert.id))
    if len(alert.description) > EXCERPT:
        for part in full_text(t, lang, alert.id, alert.description):
            turn.reply(part)
    if alert.attachment:
        turn.reply(attachment(alert.attachment))
    events = await views.history(turn.session, alert.id)
    turn.reply(notices.history(t, lang, events, turn.zone))


@guarded(Access.COORDINATOR)
async def routing(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    args = context.args or []
    try:
        if args == ["reset"]:
            await alert_routing.store_policy(
                turn.session, turn.now, "routing", "*", None, turn.member.id
            )
        elif args:
            await alert_routing.set_route(turn.session, turn.now, args[0], args[1:], turn.member.id)
    except (ValueError, KeyError):  # the reason is English and technical; say what to do
        turn.reply(Reply(turn.t("alert.routing.invalid")))
        return
    table = await alert_routing.routing_table(turn.session)
    turn.reply(notices.routing(turn.translator, turn.lang, table))


@guarded(Access.COORDINATOR)
async def escalation(update: Update, context: UraContext, turn: Turn) -> None:
    """/escalation <region|category> <15m:coordinators+committee ...|reset>"""
    assert turn.member is not None
    args = context.args or []
    if not args:
        await alert_escalation_buttons.show_scopes(turn)
        return
    if len(args) < 2:
        turn.reply(Reply(turn.t("alert.escalation.usage")))
        return
    region = await directory.find_group(turn.session, args[0])
    try:
        scope = alert_escalation.scope_for(
            region.slug if region else None, None if region else args[0]
        )
        steps = None if args[1:] == ["reset"] else alert_escalation.parse_steps(" ".join(args[1:]))
        await alert_escalation.set_policy(turn.session, turn.now, scope, steps, turn.member.id)
    except ValueError:  # the reason is English and technical; say what to do
        turn.reply(Reply(turn.t("alert.escalation.invalid")))
        return
    label = region.name if region else turn.t(f"alert.category.{args[0]}")
    turn.reply(escalation_set(turn.translator, turn.lang, label, steps))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("alerts", list_alerts))
    app.add_handler(CallbackQueryHandler(open_alert, pattern=r"^alo:"))
    app.add_handler(CommandHandler("routing", routing))
    app.add_handler(CommandHandler("escalation", escalation))

"""/alerts (the open alerts one may see, and one with its history) and the coordinators'
/routing and /escalation, which change the routing table and escalation policy (audited)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.alerts import editors, views
from bot.alerts.model import OpenAlert
from bot.alerts.render import notices
from bot.alerts.render.card import with_text
from bot.alerts.render.escalation_buttons import scope_label
from bot.alerts.render.routing_buttons import escalation_set
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.members import directory
from handlers.alerts import escalation as escalation_buttons
from handlers.gate import UraContext, guarded, pressed


@guarded(Access.MEMBER, read_only=True)
async def list_alerts(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    found = await views.visible_open(turn.session, turn.member)
    regions = {g.id: g for g in await directory.all_groups(turn.session)}
    first = await views.first_acknowledgers(turn.session, [a.id for a in found])
    turn.reply(notices.listing(turn.translator, turn.lang, found, regions, turn.now, first))


@pressed(OpenAlert, Access.MEMBER)
async def open_alert(update: Update, context: UraContext, turn: Turn, press: OpenAlert) -> None:
    assert turn.member is not None
    view = await views.visible(turn.session, turn.member, press.alert)
    if view is None:
        turn.toast = turn.t("alert.toast.refused")
        return
    t, lang = turn.translator, turn.lang
    for reply, kind in with_text(t, lang, view, turn.member, turn.now, turn.zone):
        turn.reply(reply, ref=(kind, press.alert))
    events = await views.history(turn.session, press.alert)
    turn.reply(notices.history(t, lang, events, turn.zone))


@guarded(Access.COORDINATOR)
async def routing(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    try:
        table = await editors.typed_routing(turn.session, turn.now, context.args or [], turn.member)
    except (ValueError, KeyError):  # the reason is English and technical; say what to do
        turn.reply(Reply(turn.t("alert.routing.invalid")))
        return
    turn.reply(notices.routing(turn.translator, turn.lang, table))


@guarded(Access.COORDINATOR)
async def escalation(update: Update, context: UraContext, turn: Turn) -> None:
    """/escalation <region|category> <15m:coordinators+committee ...|reset>"""
    assert turn.member is not None
    args = context.args or []
    if not args:
        await escalation_buttons.show_scopes(turn)
        return
    if len(args) < 2:
        turn.reply(Reply(turn.t("alert.escalation.usage")))
        return
    try:
        scope, steps = await editors.typed_escalation(turn.session, turn.now, args, turn.member)
    except ValueError:  # the reason is English and technical; say what to do
        turn.reply(Reply(turn.t("alert.escalation.invalid")))
        return
    label = scope_label(turn.translator, turn.lang, scope)
    turn.reply(escalation_set(turn.translator, turn.lang, label, steps))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("alerts", list_alerts))
    open_alert.register(app)
    app.add_handler(CommandHandler("routing", routing))
    app.add_handler(CommandHandler("escalation", escalation))

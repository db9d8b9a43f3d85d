"""Alerts in chat: /alert, the card's buttons, referrals, /alerts and the routing and
escalation editors. Thin adapters over `bot.alerts`."""

from __future__ import annotations

from telegram.ext import Application

from handlers.alerts import admin, card, escalation, raising, referrals, routing


def register(app: Application) -> None:  # type: ignore[type-arg]
    raising.register(app)  # /alert (guided or one line) and its attachments
    card.register(app)  # the card's buttons: acknowledge, act, note, release, resolve
    referrals.register(app)  # refer to another sector; Accept / Decline
    admin.register(app)  # /alerts and /alerts N
    routing.register(app)  # /routing by buttons
    escalation.register(app)  # /escalation by buttons

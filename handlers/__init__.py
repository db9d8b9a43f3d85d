"""Thin Telegram adapters, one module per feature, registered here in one explicit order."""

from __future__ import annotations

from telegram.ext import Application

from handlers import (
    alerts,
    basics,
    broadcasts,
    chat_membership,
    email,
    exchange,
    flows,
    meetings,
    members,
    onboarding,
    reports,
    requests,
    rosters,
)


def register(app: Application) -> None:  # type: ignore[type-arg]
    # Commands and buttons first (group 0); each handler's gate checks who may use it.
    onboarding.register(app)  # /start, access requests and their decisions
    basics.register(app)  # /help, /language, /cancel
    email.register(app)  # /email: a second channel, confirmed with a code
    members.register(app)  # coordinators: /invite, /members (with buttons), /group, /name, /role
    broadcasts.register(app)  # coordinators: /broadcast (guided), /broadcasts; documents group 11
    meetings.register(app)  # roundtables: /meeting, /meetings, /actions, /chair; RSVP buttons
    alerts.register(app)  # /alert (guided or one line), /alerts, /routing, /escalation; cards
    requests.register(app)  # /request (guided), /requests; answer, forward, close; media group 14
    rosters.register(app)  # /duty: rotations, covers, swaps, shifts as .ics
    exchange.register(app)  # /update, replies, /history, /search, /export, /link; media group 13
    chat_membership.register(app)  # Ura added to a group: it stays only if a coordinator did it
    reports.register(app)  # coordinators and the Advisory Group: /report [period]; period buttons
    basics.register_fallback(app)  # last in group 0: commands nobody else took
    # Typed answers to a guided flow (group 10), after every command.
    flows.register(app)
    basics.register_unclaimed_presses(app)  # the very last in group 0: presses nobody claimed

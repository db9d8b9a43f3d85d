"""Thin Telegram adapters, one module per feature, registered here in one explicit order."""

from __future__ import annotations

from telegram.ext import Application

from handlers import admin, basics, flows, onboarding


def register(app: Application) -> None:  # type: ignore[type-arg]
    # Commands and buttons first (group 0); each handler's gate checks who may use it.
    onboarding.register(app)  # /start, access requests and their decisions
    basics.register(app)  # /help, /language, /cancel; unknown commands in group 20
    admin.register(app)  # coordinators: /invite, /members, /suspend, /reactivate
    # Typed answers to a guided flow (group 10), after every command.
    flows.register(app)

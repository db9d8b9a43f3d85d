"""Roundtables (tryeza) in chat: /meeting, the RSVP buttons, the organiser's controls and
follow-up actions. Thin adapters over `bot.meetings`."""

from __future__ import annotations

from telegram.ext import Application

from handlers.meetings import convene, followup, manage


def register(app: Application) -> None:  # type: ignore[type-arg]
    offsets = tuple(app.bot_data.services.settings.meeting_reminders)
    convene.register(app, offsets)  # /meeting (guided), /meetings, RSVP
    manage.register(app, offsets)  # move, cancel, attendance, /chair
    followup.register(app)  # follow-up actions, /actions

"""Coordinators' tools for people: /invite, /members and a member's buttons, /group, /name and
/role. Thin adapters over `bot.members`."""

from __future__ import annotations

from telegram.ext import Application

from handlers.members import admin, buttons, groups, people


def register(app: Application) -> None:  # type: ignore[type-arg]
    admin.register(app)  # /invite, /members, /suspend, /reactivate
    groups.register(app)  # /group new|add|remove
    people.register(app)  # /name, /role, /invites
    buttons.register(app)  # a member's buttons from /members

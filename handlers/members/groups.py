"""/group: coordinators make groups and move members in and out of them."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.core import parse
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.text import quote
from bot.core.turn import Turn
from bot.exchange import digest
from bot.members import directory, groups
from handlers.gate import UraContext, guarded


@guarded(Access.COORDINATOR)
async def group(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    args = context.args or []
    action, rest = (args[0].lower(), args[1:]) if args else ("", [])
    if action == "new" and rest:
        try:
            made = await groups.create(turn.session, turn.now, turn.member, " ".join(rest))
        except groups.GroupRefused as refused:
            turn.reply(Reply(turn.t(refused.key)))
            return
        await digest.plan_group_digest(turn.session, turn.now, turn.settings, made.id)
        turn.reply(Reply(turn.t("group.created", group=made.name)))
    elif action in ("add", "remove") and len(rest) >= 2 and parse.record_id(rest[0]):
        await _move(turn, action, parse.record_id(rest[0]) or 0, " ".join(rest[1:]))
    else:
        turn.reply(Reply(turn.t("group.usage")))


async def _move(turn: Turn, action: str, member_id: int, group_name: str) -> None:
    assert turn.member is not None
    member = await directory.by_id(turn.session, member_id)
    target = await directory.find_group(turn.session, group_name)
    if member is None or target is None:
        key = "members.not_found" if member is None else "group.unknown"
        turn.reply(Reply(turn.t(key, id=member_id, group=quote(group_name))))
        return
    try:
        if action == "add":
            changed = await groups.add(turn.session, turn.now, turn.member, member, target)
        else:
            changed = await groups.remove(turn.session, turn.now, turn.member, member, target)
    except directory.GroupFull as full:
        turn.reply(
            Reply(
                turn.t("invite.group_full", group=full.group.name, max=full.group.max_organisations)
            )
        )
        return
    key = ("group.added" if action == "add" else "group.removed") if changed else "group.unchanged"
    turn.reply(Reply(turn.t(key, name=member.display_name, group=target.name)))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("group", group))

"""Coordinators manage a member from /members with buttons: suspend or reactivate, add to or
remove from a group, appoint or relieve a roundtable chair (the typed forms stay for those who
prefer them)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.core.callbacks import Press
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.meetings import chairs
from bot.members import directory, groups
from bot.members.render import card
from handlers.gate import UraContext, button
from storage.members import Group, Member


async def _member(turn: Turn, arg: str) -> Member | None:
    found = await directory.by_id(turn.session, int(arg)) if arg.isdigit() else None
    if found is None:
        turn.toast = turn.t("common.button_stale")
    return found


@button(Access.COORDINATOR)
async def open_card(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    if (member := await _member(turn, press.arg)) is not None:
        turn.reply(card.member_card(turn.translator, turn.lang, member))


async def _status(turn: Turn, press: Press, status: str) -> None:
    assert turn.member is not None
    if (member := await _member(turn, press.arg)) is None:
        return
    if member.id == turn.member.id:
        turn.reply(Reply(turn.t("members.self")))
        return
    changed = await directory.set_status(turn.session, turn.now, turn.member, member, status)
    done = "members.suspended" if status == "suspended" else "members.reactivated"
    turn.reply(Reply(turn.t(done if changed else "members.unchanged", name=member.display_name)))
    turn.reply(card.member_card(turn.translator, turn.lang, member))


@button(Access.COORDINATOR)
async def suspend(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    await _status(turn, press, "suspended")


@button(Access.COORDINATOR)
async def reactivate(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    await _status(turn, press, "active")


@button(Access.COORDINATOR)
async def pick_group(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    op, _, arg = press.arg.partition(".")
    if op not in card.OPS or (member := await _member(turn, arg)) is None:
        return
    everyone = await directory.all_groups(turn.session)
    mine = {g.id for g in member.groups}
    choices = {
        "a": [g for g in everyone if g.id not in mine],
        "r": [g for g in everyone if g.id in mine],
        "c": list(everyone),
    }[op]
    turn.reply(card.group_picker(turn.translator, turn.lang, op, member, choices))


@button(Access.COORDINATOR)
async def apply(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    op, member_arg, group_arg = (press.arg.split(".") + ["", ""])[:3]
    member = await _member(turn, member_arg)
    group = await turn.session.get(Group, int(group_arg)) if group_arg.isdigit() else None
    if member is None or group is None or op not in card.OPS:
        turn.toast = turn.t("common.button_stale")
        return
    name, group_name = member.display_name, group.name
    if op == "c":
        appointed = await chairs.set_chair(turn.session, turn.now, turn.member, member, group)
        key = "meeting.chair.appointed" if appointed else "meeting.chair.removed"
        turn.reply(Reply(turn.t(key, name=name, group=group_name)))
        return
    try:
        move = groups.add if op == "a" else groups.remove
        changed = await move(turn.session, turn.now, turn.member, member, group)
    except directory.GroupFull as full:
        limit = full.group.max_organisations
        turn.reply(Reply(turn.t("invite.group_full", group=full.group.name, max=limit)))
        return
    key = ("group.added" if op == "a" else "group.removed") if changed else "group.unchanged"
    turn.reply(Reply(turn.t(key, name=name, group=group_name)))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CallbackQueryHandler(open_card, pattern=rf"^{card.OPEN}:"))
    app.add_handler(CallbackQueryHandler(suspend, pattern=rf"^{card.SUSPEND}:"))
    app.add_handler(CallbackQueryHandler(reactivate, pattern=rf"^{card.REACTIVATE}:"))
    app.add_handler(CallbackQueryHandler(pick_group, pattern=rf"^{card.PICK}:"))
    app.add_handler(CallbackQueryHandler(apply, pattern=rf"^{card.APPLY}:"))

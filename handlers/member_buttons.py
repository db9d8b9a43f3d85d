"""Coordinators manage a member from /members with buttons: suspend or reactivate, add to or
remove from a group, appoint or relieve a roundtable chair (the typed forms stay for those who
prefer them)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import Press
from bot.renderers import member_card as render
from bot.rendering import Reply
from bot.services import groups, meeting_chairs, members
from bot.services.permissions import Access
from bot.turn import Turn
from handlers.gate import UraContext, button
from storage.members import Group, Member


async def _member(turn: Turn, arg: str) -> Member | None:
    found = await members.by_id(turn.session, int(arg)) if arg.isdigit() else None
    if found is None:
        turn.toast = turn.t("common.button_stale")
    return found


@button(Access.COORDINATOR)
async def open_card(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    if (member := await _member(turn, press.arg)) is not None:
        turn.reply(render.member_card(turn.translator, turn.lang, member))


async def _status(turn: Turn, press: Press, status: str) -> None:
    assert turn.member is not None
    if (member := await _member(turn, press.arg)) is None:
        return
    if member.id == turn.member.id:
        turn.reply(Reply(turn.t("members.self")))
        return
    changed = await members.set_status(turn.session, turn.now, turn.member, member, status)
    done = "members.suspended" if status == "suspended" else "members.reactivated"
    turn.reply(Reply(turn.t(done if changed else "members.unchanged", name=member.display_name)))
    turn.reply(render.member_card(turn.translator, turn.lang, member))


@button(Access.COORDINATOR)
async def suspend(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    await _status(turn, press, "suspended")


@button(Access.COORDINATOR)
async def reactivate(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    await _status(turn, press, "active")


@button(Access.COORDINATOR)
async def pick_group(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    op, _, arg = press.arg.partition(".")
    if op not in render.OPS or (member := await _member(turn, arg)) is None:
        return
    everyone = await members.all_groups(turn.session)
    mine = {g.id for g in member.groups}
    choices = {
        "a": [g for g in everyone if g.id not in mine],
        "r": [g for g in everyone if g.id in mine],
        "c": list(everyone),
    }[op]
    turn.reply(render.group_picker(turn.translator, turn.lang, op, member, choices))


@button(Access.COORDINATOR)
async def apply(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    op, member_arg, group_arg = (press.arg.split(".") + ["", ""])[:3]
    member = await _member(turn, member_arg)
    group = await turn.session.get(Group, int(group_arg)) if group_arg.isdigit() else None
    if member is None or group is None or op not in render.OPS:
        turn.toast = turn.t("common.button_stale")
        return
    name, group_name = member.display_name, group.name
    if op == "c":
        appointed = await meeting_chairs.set_chair(
            turn.session, turn.now, turn.member, member, group
        )
        key = "meeting.chair.appointed" if appointed else "meeting.chair.removed"
        turn.reply(Reply(turn.t(key, name=name, group=group_name)))
        return
    try:
        move = groups.add if op == "a" else groups.remove
        changed = await move(turn.session, turn.now, turn.member, member, group)
    except members.GroupFull as full:
        limit = full.group.max_organisations
        turn.reply(Reply(turn.t("invite.group_full", group=full.group.name, max=limit)))
        return
    key = ("group.added" if op == "a" else "group.removed") if changed else "group.unchanged"
    turn.reply(Reply(turn.t(key, name=name, group=group_name)))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CallbackQueryHandler(open_card, pattern=rf"^{render.OPEN}:"))
    app.add_handler(CallbackQueryHandler(suspend, pattern=rf"^{render.SUSPEND}:"))
    app.add_handler(CallbackQueryHandler(reactivate, pattern=rf"^{render.REACTIVATE}:"))
    app.add_handler(CallbackQueryHandler(pick_group, pattern=rf"^{render.PICK}:"))
    app.add_handler(CallbackQueryHandler(apply, pattern=rf"^{render.APPLY}:"))

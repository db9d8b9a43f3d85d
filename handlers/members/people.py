"""Coordinators: /name N Name gives a member the name others see (audited; Telegram's
changing display name is never used for it); /role N role changes a member's role (audited,
never demoting oneself or the last coordinator), as do the buttons of the question an invite
raises for an existing member; /invites lists the open invites with revoke buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.core import parse
from bot.core.permissions import Access, Role
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.members import directory, invites, notify, roles
from bot.members.model import GiveRole, KeepRole, RevokeInvite, role_key
from bot.members.render import people
from handlers.gate import UraContext, guarded, pressed


@guarded(Access.COORDINATOR)
async def rename(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    args = context.args or []
    number, name = (parse.record_id(args[0]) if args else None), " ".join(args[1:])
    if number is None or not name.strip():
        turn.reply(Reply(turn.t("audience.name.usage")))
        return
    target = await directory.by_id(turn.session, number)
    if target is None:
        turn.reply(Reply(turn.t("members.not_found", id=number)))
        return
    before = target.display_name
    if await directory.rename(turn.session, turn.now, turn.member, target, name):
        turn.reply(Reply(turn.t("audience.name.done", old=before, name=target.display_name)))
    else:
        turn.reply(Reply(turn.t("audience.name.unchanged", name=target.display_name)))


@guarded(Access.COORDINATOR)
async def change_role(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    args = context.args or []
    number = parse.record_id(args[0]) if args else None
    wanted = args[1].lower() if len(args) == 2 else ""
    if number is None or wanted not in set(Role):
        turn.reply(Reply(turn.t("audience.role.usage")))
        return
    target = await directory.by_id(turn.session, number)
    if target is None:
        turn.reply(Reply(turn.t("members.not_found", id=number)))
        return
    outcome = await roles.change_role(turn.session, turn.now, turn.member, target, Role(wanted))
    role = turn.t(role_key(wanted))
    turn.reply(Reply(turn.t(roles.OUTCOME_KEYS[outcome], name=target.display_name, role=role)))


async def _invites(turn: Turn) -> Reply:
    groups = {g.id: g for g in await directory.all_groups(turn.session)}
    found = await invites.open_invites(turn.session, turn.now)
    return people.open_invites(turn.translator, turn.lang, found, groups, turn.zone)


@guarded(Access.COORDINATOR)
async def list_invites(update: Update, context: UraContext, turn: Turn) -> None:
    turn.reply(await _invites(turn))


@pressed(RevokeInvite, Access.COORDINATOR)
async def revoke_invite(
    update: Update, context: UraContext, turn: Turn, press: RevokeInvite
) -> None:
    revoked = await invites.revoke(turn.session, turn.now, press.invite, turn.member)
    turn.toast = turn.t("audience.invites.revoked" if revoked else "common.button_stale")
    turn.reply(await _invites(turn))


async def _answer_role(turn: Turn, press: GiveRole | KeepRole, give: bool) -> None:
    assert turn.member is not None
    target = await directory.by_id(turn.session, press.member)
    if target is None:
        turn.toast = turn.t("common.button_stale")
        return
    if give:
        outcome = await roles.change_role(turn.session, turn.now, turn.member, target, press.role)
        role = turn.t(role_key(target.role))
        turn.toast = turn.t(roles.OUTCOME_KEYS[outcome], name=target.display_name, role=role)
    else:
        turn.toast = turn.t("audience.role.kept", name=target.display_name)
    await notify.role_decided(turn, target, press.role, turn.member)


@pressed(GiveRole, Access.COORDINATOR)
async def give_role(update: Update, context: UraContext, turn: Turn, press: GiveRole) -> None:
    await _answer_role(turn, press, give=True)


@pressed(KeepRole, Access.COORDINATOR)
async def keep_role(update: Update, context: UraContext, turn: Turn, press: KeepRole) -> None:
    await _answer_role(turn, press, give=False)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("name", rename))
    app.add_handler(CommandHandler("role", change_role))
    app.add_handler(CommandHandler("invites", list_invites))
    for handler in (revoke_invite, give_role, keep_role):
        handler.register(app)

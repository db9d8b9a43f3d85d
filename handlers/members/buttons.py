"""Coordinators manage a member from /members with buttons: suspend or reactivate, add to or
remove from a group, appoint or relieve a roundtable chair (the typed forms stay for those who
prefer them)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.meetings import chairs
from bot.members import directory, groups
from bot.members.model import (
    ApplyGroup,
    GroupOp,
    MemberStatus,
    OpenMember,
    PickGroup,
    Reactivate,
    Suspend,
)
from bot.members.render import card
from handlers.gate import UraContext, pressed
from storage.members import Group, Member


async def _member(turn: Turn, member_id: int) -> Member | None:
    found = await directory.by_id(turn.session, member_id)
    if found is None:
        turn.toast = turn.t("common.button_stale")
    return found


@pressed(OpenMember, Access.COORDINATOR)
async def open_card(update: Update, context: UraContext, turn: Turn, press: OpenMember) -> None:
    if (member := await _member(turn, press.member)) is not None:
        turn.reply(card.member_card(turn.translator, turn.lang, member))


async def _status(turn: Turn, member_id: int, status: MemberStatus) -> None:
    assert turn.member is not None
    if (member := await _member(turn, member_id)) is None:
        return
    if member.id == turn.member.id:
        turn.reply(Reply(turn.t("members.self")))
        return
    changed = await directory.set_status(turn.session, turn.now, turn.member, member, status)
    done = "members.suspended" if status == MemberStatus.SUSPENDED else "members.reactivated"
    turn.reply(Reply(turn.t(done if changed else "members.unchanged", name=member.display_name)))
    turn.reply(card.member_card(turn.translator, turn.lang, member))


@pressed(Suspend, Access.COORDINATOR)
async def suspend(update: Update, context: UraContext, turn: Turn, press: Suspend) -> None:
    await _status(turn, press.member, MemberStatus.SUSPENDED)


@pressed(Reactivate, Access.COORDINATOR)
async def reactivate(update: Update, context: UraContext, turn: Turn, press: Reactivate) -> None:
    await _status(turn, press.member, MemberStatus.ACTIVE)


@pressed(PickGroup, Access.COORDINATOR)
async def pick_group(update: Update, context: UraContext, turn: Turn, press: PickGroup) -> None:
    if (member := await _member(turn, press.member)) is None:
        return
    offered = await groups.choices(turn.session, press.op, member)
    turn.reply(card.group_picker(turn.translator, turn.lang, press.op, member, offered))


async def _chair(turn: Turn, member: Member, group: Group) -> None:
    assert turn.member is not None
    appointed = await chairs.set_chair(turn.session, turn.now, turn.member, member, group)
    key = "meeting.chair.appointed" if appointed else "meeting.chair.removed"
    turn.reply(Reply(turn.t(key, name=member.display_name, group=group.name)))


async def _move(turn: Turn, op: GroupOp, member: Member, group: Group) -> None:
    assert turn.member is not None
    try:
        move = groups.add if op == GroupOp.ADD else groups.remove
        changed = await move(turn.session, turn.now, turn.member, member, group)
    except directory.GroupFull as full:
        limit = full.group.max_organisations
        turn.reply(Reply(turn.t("invite.group_full", group=full.group.name, max=limit)))
        return
    done = "group.added" if op == GroupOp.ADD else "group.removed"
    key = done if changed else "group.unchanged"
    turn.reply(Reply(turn.t(key, name=member.display_name, group=group.name)))


@pressed(ApplyGroup, Access.COORDINATOR)
async def apply(update: Update, context: UraContext, turn: Turn, press: ApplyGroup) -> None:
    member = await _member(turn, press.member)
    group = await directory.group_by_id(turn.session, press.group)
    if member is None or group is None:
        turn.toast = turn.t("common.button_stale")
    elif press.op == GroupOp.CHAIR:
        await _chair(turn, member, group)
    else:
        await _move(turn, press.op, member, group)


def register(app: Application) -> None:  # type: ignore[type-arg]
    for handler in (open_card, suspend, reactivate, pick_group, apply):
        handler.register(app)

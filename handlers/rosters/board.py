"""/duty: a region's board (who is on duty now and next per sector), one's shifts as a
calendar file, and the region's working hours."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update

from bot.core.labels import agency_label
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.members import directory
from bot.rosters import board as boards
from bot.rosters import hours, prompts, render, rules
from bot.rosters.ics import attachment
from bot.rosters.model import ICS_WEEKS, Calendar, PickHours, RosterRefused, SetHours, ShowRegion
from handlers.gate import UraContext, guarded, pressed
from storage.members import Group


async def show(turn: Turn, group: Group) -> None:
    assert turn.member is not None
    t, lang = turn.translator, turn.lang
    found = await boards.board(turn.session, group, turn.member, turn.now, turn.zone)
    line = render.hours_line(t, lang, found.hours, found.on_duty_first)
    turn.reply(
        render.duty_view(
            t, lang, group, found.duties, found.people, line, turn.zone, turn.member, found.editor
        )
    )


@guarded(Access.MEMBER)
async def duty(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    home = boards.home_region(turn.member)
    if home is None:
        committees = await directory.all_groups(turn.session, kind="committee")
        turn.reply(prompts.region_picker(turn.translator, turn.lang, committees))
        return
    await show(turn, home)


@pressed(ShowRegion, Access.MEMBER)
async def show_region(update: Update, context: UraContext, turn: Turn, press: ShowRegion) -> None:
    assert turn.member is not None
    group = await boards.region(turn.session, turn.member, press.group)
    if group is None:
        turn.toast = turn.t("common.button_stale")
        return
    await show(turn, group)


@pressed(Calendar, Access.MEMBER)
async def calendar(update: Update, context: UraContext, turn: Turn, press: Calendar) -> None:
    assert turn.member is not None
    until = turn.now + timedelta(weeks=ICS_WEEKS)
    found = await boards.my_shifts(turn.session, turn.member, turn.now, until)
    mine = [(s, agency_label(turn.translator, turn.lang, a), r) for s, a, r in found]
    document = attachment(mine, str(turn.t("roster.ics.summary")), turn.zone, turn.now)
    turn.reply(Reply(turn.t("roster.ics.caption", count=len(mine)), document=document))


@pressed(PickHours, Access.MEMBER)
async def pick_hours(update: Update, context: UraContext, turn: Turn, press: PickHours) -> None:
    assert turn.member is not None
    group = await boards.region(turn.session, turn.member, press.group)
    if group is None or not await rules.may_edit(turn.session, turn.member, group.id):
        turn.toast = turn.t("roster.not_allowed")
        return
    turn.reply(prompts.hours_picker(turn.translator, turn.lang, group))


@pressed(SetHours, Access.MEMBER)
async def set_hours(update: Update, context: UraContext, turn: Turn, press: SetHours) -> None:
    assert turn.member is not None
    group = await boards.region(turn.session, turn.member, press.group)
    if group is None:
        turn.toast = turn.t("common.button_stale")
        return
    try:
        await hours.set_hours(turn.session, turn.now, turn.member, group, press.preset)
    except RosterRefused as refused:
        turn.toast = turn.t(refused.key)
        return
    turn.toast = turn.t("roster.hours.saved")
    await show(turn, group)

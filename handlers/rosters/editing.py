"""For chairs and coordinators: the rotation editor (a sector's order, period and hand-over,
with taps) and covers (one member takes a rotation's shifts for some days)."""

from __future__ import annotations

from telegram import Update

from bot.core import flows
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.delivery import enqueue_edit
from bot.members import directory
from bot.rosters import board, covers, forms, notify, prompts, render, rotations, rules
from bot.rosters.model import SAVE, AddCover, CoverStep, EditRotation, RosterRefused, RotationStep
from handlers.gate import UraContext, pressed
from handlers.rosters.board import show
from storage.members import Draft, Group
from storage.rosters import Rotation


@pressed(EditRotation, Access.MEMBER)
async def edit_rotation(
    update: Update, context: UraContext, turn: Turn, press: EditRotation
) -> None:
    assert turn.member is not None
    group = await board.region(turn.session, turn.member, press.group)
    if group is None or not await rules.may_edit(turn.session, turn.member, group.id):
        turn.toast = turn.t("roster.not_allowed")
        return
    agencies = await board.region_sectors(turn.session, group.id)
    await flows.begin(turn.session, turn.now, turn.user_id, forms.ROTATION, {"group": group.id})
    turn.reply(prompts.sector_picker(turn.translator, turn.lang, group, agencies))


async def answer_rotation(turn: Turn, draft: Draft, value: str) -> None:
    assert turn.member is not None
    group = await directory.group_by_id(turn.session, int(draft.data["group"]))
    assert group is not None
    if draft.step == RotationStep.SECTOR:
        order = await rotations.order_of(turn.session, group.id, value)
        draft.data = {**draft.data, "sector": value, "order": order}
        draft.step = RotationStep.PICK
    elif value != SAVE:
        draft.data = forms.edit(draft.data, value)
    else:
        await _save_rotation(turn, draft, group)
        return
    await _show_editor(turn, draft, group, fresh=value == draft.data["sector"])


async def _show_editor(turn: Turn, draft: Draft, group: Group, fresh: bool) -> None:
    """The editor as the draft stands: edited in place, or sent when the sector was chosen."""
    data = draft.data
    candidates = await rules.sector_members(turn.session, group.id, data["sector"])
    editor = prompts.rotation_editor(
        turn.translator,
        turn.lang,
        data["sector"],
        candidates,
        data["order"],
        forms.period_of(data),
        forms.handover_of(data),
    )
    picker = await rotations.editor_message(turn.session, data)
    if picker is not None and not fresh:
        await enqueue_edit(turn.session, target=picker, reply=editor, now=turn.now)
        return
    row = turn.reply(editor)
    await turn.session.flush()
    draft.data = {**data, "picker": row.id}


async def _save_rotation(turn: Turn, draft: Draft, group: Group) -> None:
    assert turn.member is not None
    try:
        await rotations.set_rotation(
            turn.session,
            turn.now,
            turn.member,
            group,
            draft.data["sector"],
            draft.data.get("order", []),
            forms.period_of(draft.data),
            forms.handover_of(draft.data),
            turn.zone,
        )
    except RosterRefused as refused:
        turn.reply(Reply(turn.t(refused.key)))
        return
    await flows.clear(turn.session, turn.user_id)
    await notify.plan_sweep(turn.session, turn.now)
    turn.reply(Reply(turn.t("roster.rotation.saved")))
    await show(turn, group)


@pressed(AddCover, Access.MEMBER)
async def add_cover(update: Update, context: UraContext, turn: Turn, press: AddCover) -> None:
    assert turn.member is not None
    rotation = await rules.rotation(turn.session, press.rotation)
    if rotation is None or not await rules.may_edit(turn.session, turn.member, rotation.group_id):
        turn.toast = turn.t("roster.not_allowed")
        return
    await flows.begin(turn.session, turn.now, turn.user_id, forms.COVER, {"rotation": rotation.id})
    people = await rules.sector_members(turn.session, rotation.group_id, rotation.agency)
    turn.reply(prompts.cover_people(turn.translator, turn.lang, people))


async def answer_cover(turn: Turn, draft: Draft, value: str) -> None:
    assert turn.member is not None
    rotation = await rules.rotation(turn.session, int(draft.data["rotation"]))
    assert rotation is not None
    choices = await covers.choices(turn.session, rotation, draft.step)
    result = flows.answer(draft, forms.COVER, value, turn.now, choices)
    if result.error:
        turn.reply(Reply(turn.t(result.error)))
    elif result.next_step is not None:
        start = result.next_step.name == CoverStep.START
        ask = prompts.cover_start if start else prompts.cover_days
        turn.reply(ask(turn.translator, turn.lang))
    else:
        await _save_cover(turn, draft, rotation)


async def _save_cover(turn: Turn, draft: Draft, rotation: Rotation) -> None:
    assert turn.member is not None
    data = draft.data
    starts, ends = await covers.span(
        turn.session, rotation, turn.now, turn.zone, int(data["start"]), int(data["days"])
    )
    member_id = int(data["member"])
    if not await flows.clear(turn.session, turn.user_id):
        return
    try:
        cover = await covers.add_cover(
            turn.session, turn.now, turn.member, rotation, member_id, starts, ends
        )
    except RosterRefused as refused:
        turn.reply(Reply(turn.t(refused.key)))
        return
    person = await directory.by_id(turn.session, member_id)
    name = person.display_name if person else "—"
    turn.reply(render.cover_added(turn.translator, turn.lang, cover, name, turn.zone))

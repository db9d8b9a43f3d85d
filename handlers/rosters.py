"""Duty rosters in chat: /duty (now and next per sector), the rotation editor and covers for
chairs and coordinators, swaps between members, one's shifts as a calendar file."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.core import flows
from bot.core.callbacks import Press
from bot.core.permissions import Access, Role
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.delivery import enqueue_edit
from bot.members import directory
from bot.rosters import forms, notify, render, rules
from bot.rosters.duty import shifts
from bot.rosters.ics import attachment
from bot.rosters.model import COVER_DAYS, ICS_WEEKS, HoursPreset, RosterRefused
from handlers.gate import UraContext, button, guarded
from storage.members import Draft, Group
from storage.outbox import OutboxMessage
from storage.rosters import Rotation, WorkingHours


async def _show(turn: Turn, group: Group) -> None:
    assert turn.member is not None
    duties = [
        await rules.duty(turn.session, r, turn.now)
        for r in await rules.rotations(turn.session, group.id)
    ]
    ids = {i for d in duties for i in (d.now.member_id, d.next.member_id) if i is not None}
    people = {i: m for i in ids if (m := await directory.by_id(turn.session, i)) is not None}
    hours, first = rules.hours_of(await turn.session.get(WorkingHours, group.id), turn.zone)
    line = render.hours_line(turn.translator, turn.lang, hours, first)
    editor = await rules.may_edit(turn.session, turn.member, group.id)
    turn.reply(
        render.duty_view(
            turn.translator, turn.lang, group, duties, people, line, turn.zone, turn.member, editor
        )
    )


@guarded(Access.MEMBER)
async def duty(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    regions = [g for g in turn.member.groups if g.kind == "committee"]
    if turn.member.role == Role.COORDINATOR or not regions:
        committees = await directory.all_groups(turn.session, kind="committee")
        turn.reply(render.region_picker(turn.translator, turn.lang, committees))
        return
    await _show(turn, regions[0])


async def _group(turn: Turn, raw: str) -> Group | None:
    assert turn.member is not None
    group = await turn.session.get(Group, int(raw)) if raw.isdigit() else None
    mine = turn.member.role == Role.COORDINATOR or any(
        g.id == getattr(group, "id", None) for g in turn.member.groups
    )
    return group if group is not None and mine else None


@button(Access.MEMBER)
async def show_region(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    group = await _group(turn, press.arg)
    if group is None:
        turn.toast = turn.t("common.button_stale")
        return
    await _show(turn, group)


@button(Access.MEMBER)
async def edit_rotation(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    group = await _group(turn, press.arg)
    if group is None or not await rules.may_edit(turn.session, turn.member, group.id):
        turn.toast = turn.t("roster.not_allowed")
        return
    agencies = sorted({m.agency for m in await rules.region_members(turn.session, group.id)})
    await flows.begin(turn.session, turn.now, turn.user_id, forms.ROTATION, {"group": group.id})
    turn.reply(render.sector_picker(turn.translator, turn.lang, group, agencies))


async def answer_rotation(turn: Turn, draft: Draft, value: str) -> None:
    assert turn.member is not None
    group = await turn.session.get(Group, int(draft.data["group"]))
    assert group is not None
    if draft.step == "sector":
        existing = next(
            (r for r in await rules.rotations(turn.session, group.id) if r.agency == value), None
        )
        draft.data = {
            **draft.data,
            "sector": value,
            "order": list(existing.member_ids) if existing else [],
        }
        draft.step = "pick"
    elif value != "save":
        draft.data = forms.edit(draft.data, value)
    else:
        await _save_rotation(turn, draft, group)
        return
    candidates = await rules.sector_members(turn.session, group.id, draft.data["sector"])
    editor = render.rotation_editor(
        turn.translator,
        turn.lang,
        draft.data["sector"],
        candidates,
        draft.data["order"],
        forms.period_of(draft.data),
        forms.handover_of(draft.data),
    )
    picker = await turn.session.get(OutboxMessage, int(draft.data.get("picker") or 0))
    if picker is not None and value != draft.data["sector"]:
        await enqueue_edit(turn.session, target=picker, reply=editor, now=turn.now)
        return
    row = turn.reply(editor)
    await turn.session.flush()
    draft.data = {**draft.data, "picker": row.id}


async def _save_rotation(turn: Turn, draft: Draft, group: Group) -> None:
    assert turn.member is not None
    try:
        await rules.set_rotation(
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
    await _show(turn, group)


@button(Access.MEMBER)
async def add_cover(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    rotation = await turn.session.get(Rotation, int(press.arg)) if press.arg.isdigit() else None
    if rotation is None or not await rules.may_edit(turn.session, turn.member, rotation.group_id):
        turn.toast = turn.t("roster.not_allowed")
        return
    await flows.begin(turn.session, turn.now, turn.user_id, forms.COVER, {"rotation": rotation.id})
    people = await rules.sector_members(turn.session, rotation.group_id, rotation.agency)
    turn.reply(render.cover_people(turn.translator, turn.lang, people))


async def answer_cover(turn: Turn, draft: Draft, value: str) -> None:
    assert turn.member is not None
    rotation = await turn.session.get(Rotation, int(draft.data["rotation"]))
    assert rotation is not None
    choices = {
        "member": {
            str(m.id)
            for m in await rules.sector_members(turn.session, rotation.group_id, rotation.agency)
        },
        "start": {"0", "1", "2"},
        "days": {str(n) for n in COVER_DAYS},
    }[draft.step]
    result = flows.answer(draft, forms.COVER, value, turn.now, choices)
    if result.error:
        turn.reply(Reply(turn.t(result.error)))
    elif result.next_step is not None:
        ask = render.cover_start if result.next_step.name == "start" else render.cover_days
        turn.reply(ask(turn.translator, turn.lang))
    else:
        await _save_cover(turn, draft, rotation)


async def _save_cover(turn: Turn, draft: Draft, rotation: Rotation) -> None:
    assert turn.member is not None
    spec = await rules.spec_of(turn.session, rotation)
    day = turn.now.astimezone(turn.zone).date() + timedelta(days=int(draft.data["start"]))
    starts = max(turn.now, rules.handover(spec, day))
    ends = rules.handover(spec, day + timedelta(days=int(draft.data["days"])))
    member_id = int(draft.data["member"])
    if not await flows.clear(turn.session, turn.user_id):
        return
    try:
        cover = await rules.add_cover(
            turn.session, turn.now, turn.member, rotation, member_id, starts, ends
        )
    except RosterRefused as refused:
        turn.reply(Reply(turn.t(refused.key)))
        return
    person = await directory.by_id(turn.session, member_id)
    name = person.display_name if person else "—"
    turn.reply(render.cover_added(turn.translator, turn.lang, cover, name, turn.zone))


@button(Access.MEMBER)
async def offer_swap(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    rotation = await turn.session.get(Rotation, int(press.arg)) if press.arg.isdigit() else None
    if rotation is None or turn.member.id not in rotation.member_ids:
        turn.toast = turn.t("roster.swap.invalid")
        return
    colleagues = [
        m
        for m in await rules.sector_members(turn.session, rotation.group_id, rotation.agency)
        if m.id in rotation.member_ids and m.id != turn.member.id
    ]
    turn.reply(render.swap_colleagues(turn.translator, turn.lang, rotation, colleagues))


@button(Access.MEMBER)
async def offer_to(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    rotation_id, _, colleague_id = press.arg.partition(".")
    rotation = await turn.session.get(Rotation, int(rotation_id))
    colleague = await directory.by_id(turn.session, int(colleague_id))
    if rotation is None or colleague is None:
        turn.toast = turn.t("common.button_stale")
        return
    try:
        offer = await rules.offer_swap(turn.session, turn.now, turn.member, rotation, colleague.id)
    except RosterRefused as refused:
        turn.toast = turn.t(refused.key)
        return
    notify.swap_offered(
        turn.session, turn.now, turn.translator, offer, turn.member, colleague, rotation, turn.zone
    )
    turn.reply(Reply(turn.t("roster.swap.sent", name=colleague.display_name)))


@button(Access.MEMBER)
async def answer_swap(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    offer_id, _, accept = press.arg.partition(".")
    try:
        offer = await rules.answer_swap(
            turn.session, turn.now, turn.member, int(offer_id), accept == "1"
        )
    except RosterRefused as refused:
        turn.toast = turn.t(refused.key)
        return
    offerer = await directory.by_id(turn.session, offer.created_by_member_id or 0)
    if offerer is not None:
        notify.swap_answered(
            turn.session, turn.now, turn.translator, offer, offerer, turn.member, turn.zone
        )
    turn.toast = turn.t(
        "roster.swap.accepted_toast" if accept == "1" else "roster.swap.declined_toast"
    )


@button(Access.MEMBER)
async def calendar(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    mine = []
    until = turn.now + timedelta(weeks=ICS_WEEKS)
    for rotation in await rules.member_rotations(turn.session, turn.member):
        spec = await rules.spec_of(turn.session, rotation)
        covers = await rules.covers_of(turn.session, rotation, turn.now)
        sector = str(turn.t(f"agency.{rotation.agency}"))
        mine += [
            (s, sector, rotation.id)
            for s in shifts(spec, covers, turn.now, until)
            if s.member_id == turn.member.id
        ]
    document = attachment(mine, str(turn.t("roster.ics.summary")), turn.zone, turn.now)
    turn.reply(Reply(turn.t("roster.ics.caption", count=len(mine)), document=document))


@button(Access.MEMBER)
async def pick_hours(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    group = await _group(turn, press.arg)
    if group is None or not await rules.may_edit(turn.session, turn.member, group.id):
        turn.toast = turn.t("roster.not_allowed")
        return
    turn.reply(render.hours_picker(turn.translator, turn.lang, group))


@button(Access.MEMBER)
async def set_hours(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    group_id, _, preset = press.arg.partition(".")
    group = await _group(turn, group_id)
    if group is None or preset not in set(HoursPreset):
        turn.toast = turn.t("common.button_stale")
        return
    try:
        await rules.set_hours(turn.session, turn.now, turn.member, group, HoursPreset(preset))
    except RosterRefused as refused:
        turn.toast = turn.t(refused.key)
        return
    turn.toast = turn.t("roster.hours.saved")
    await _show(turn, group)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.flows[forms.ROTATION.name] = answer_rotation
    app.bot_data.flows[forms.COVER.name] = answer_cover
    # The services check who may edit a roster as the person is now (a chair, a coordinator).
    app.bot_data.flow_access[forms.ROTATION.name] = Access.MEMBER
    app.bot_data.flow_access[forms.COVER.name] = Access.MEMBER
    app.add_handler(CommandHandler("duty", duty, filters.ChatType.PRIVATE))
    app.add_handler(CallbackQueryHandler(show_region, pattern=r"^rdut:"))
    app.add_handler(CallbackQueryHandler(edit_rotation, pattern=r"^rrot:"))
    app.add_handler(CallbackQueryHandler(add_cover, pattern=r"^rcov:"))
    app.add_handler(CallbackQueryHandler(offer_swap, pattern=r"^rsw:"))
    app.add_handler(CallbackQueryHandler(offer_to, pattern=r"^rswo:"))
    app.add_handler(CallbackQueryHandler(answer_swap, pattern=r"^rswa:"))
    app.add_handler(CallbackQueryHandler(calendar, pattern=r"^rcal:"))
    app.add_handler(CallbackQueryHandler(pick_hours, pattern=r"^rhrs:"))
    app.add_handler(CallbackQueryHandler(set_hours, pattern=r"^rhrp:"))

"""Coordinators' tools: /invite (guided), /members, /suspend and /reactivate."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.core import flows, parse
from bot.core.labels import agency_choices, group_choices, prompt
from bot.core.permissions import Access, Role
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.members import directory, invite_flow, invites
from bot.members.groups import roster as roster_by_group
from bot.members.model import INVITE_PROMPTS, InviteStep, MemberStatus, role_key
from bot.members.render.roster import invite_created, roster
from handlers.gate import UraContext, guarded
from storage.members import Draft


@guarded(Access.COORDINATOR)
async def start_invite(update: Update, context: UraContext, turn: Turn) -> None:
    await flows.begin(turn.session, turn.now, turn.user_id, invite_flow.FLOW)
    roles = [(r.value, turn.t(role_key(r.value))) for r in Role]
    turn.reply(prompt(turn.translator, turn.lang, "invite.role.prompt", roles, "invite.role"))


def _choices(turn: Turn, step: str, groups: list[tuple[str, str]]) -> list[tuple[str, str]]:
    if step == InviteStep.ROLE:
        return [(r.value, turn.t(role_key(r.value))) for r in Role]
    if step == InviteStep.AGENCY:
        return agency_choices(turn.translator, turn.lang)
    if step == InviteStep.GROUP:
        return [*groups, (invite_flow.NO_GROUP, turn.t("members.no_group"))]
    if step == InviteStep.USES:
        return [(n, n) for n in invite_flow.USES]
    if step == InviteStep.EXPIRY:
        return [(n, turn.tn("invite.days", int(n))) for n in invite_flow.DAYS]
    return []


async def answer_invite(turn: Turn, draft: Draft, value: str) -> None:
    all_groups = await directory.all_groups(turn.session)
    groups = group_choices(all_groups)
    allowed = {value for value, _ in _choices(turn, draft.step, groups)}
    result = flows.answer(draft, invite_flow.FLOW, value, turn.now, allowed or None)
    if result.error:
        turn.reply(Reply(turn.t(result.error, **result.values)))
    elif result.next_step is not None:
        step = InviteStep(result.next_step.name)
        choices = _choices(turn, step, groups)
        question = INVITE_PROMPTS[step]
        turn.reply(
            prompt(turn.translator, turn.lang, question, choices, f"invite.{step}", per_row=3)
        )
    else:
        terms = invite_flow.terms(draft.data, all_groups)
        token = await invites.create(turn.session, turn.now, terms, turn.member)
        await flows.clear(turn.session, turn.user_id)
        expires = turn.local(turn.now + timedelta(days=terms.expires_days))
        link = invites.deep_link(turn.bot_username, token)
        turn.reply(invite_created(turn.translator, turn.lang, terms, expires, link))


@guarded(Access.COORDINATOR, read_only=True)
async def show_members(update: Update, context: UraContext, turn: Turn) -> None:
    turn.reply(roster(turn.translator, turn.lang, await roster_by_group(turn.session)))


async def _set_status(context: UraContext, turn: Turn, status: MemberStatus) -> None:
    assert turn.member is not None
    number = parse.record_id((context.args or [""])[0])
    if number is None:
        turn.reply(Reply(turn.t("members.usage")))
        return
    target = await directory.by_id(turn.session, number)
    if target is None:
        turn.reply(Reply(turn.t("members.not_found", id=number)))
        return
    if target.id == turn.member.id:
        turn.reply(Reply(turn.t("members.self")))
        return
    changed = await directory.set_status(turn.session, turn.now, turn.member, target, status)
    key = (
        ("members.suspended" if status == MemberStatus.SUSPENDED else "members.reactivated")
        if changed
        else "members.unchanged"
    )
    turn.reply(Reply(turn.t(key, name=target.display_name)))


@guarded(Access.COORDINATOR)
async def suspend(update: Update, context: UraContext, turn: Turn) -> None:
    await _set_status(context, turn, MemberStatus.SUSPENDED)


@guarded(Access.COORDINATOR)
async def reactivate(update: Update, context: UraContext, turn: Turn) -> None:
    await _set_status(context, turn, MemberStatus.ACTIVE)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.flows["invite"] = answer_invite
    app.bot_data.flow_access["invite"] = Access.COORDINATOR
    app.add_handler(CommandHandler("invite", start_invite))
    app.add_handler(CommandHandler("members", show_members))
    app.add_handler(CommandHandler("suspend", suspend))
    app.add_handler(CommandHandler("reactivate", reactivate))

"""Joining Ura: /start with an invite link, or an access request that a coordinator decides."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.core import flows
from bot.core.i18n import Safe
from bot.core.labels import prompt
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.members import directory, invites
from bot.members import notify as members_notify
from bot.members.model import INVITE_REFUSED
from bot.onboarding import access, notify, render
from bot.onboarding.model import AccessStep, Approve, Reject
from bot.onboarding.privacy import privacy_notice
from handlers.gate import UraContext, guarded, pressed
from storage.members import AccessRequest, Draft, Group, Member


@guarded(Access.ANYONE)
async def start(update: Update, context: UraContext, turn: Turn) -> None:
    token = (context.args or [""])[0]
    if token:
        await _redeem(turn, token)
    elif turn.member is not None:
        turn.reply(Reply(turn.t("start.already_member", name=turn.member.display_name)))
    elif await access.pending_for(turn.session, turn.user_id) is not None:
        turn.reply(Reply(turn.t("access.pending")))
    elif until := await access.cooling_down(
        turn.session, turn.user_id, turn.now, turn.settings.access_request_cooldown
    ):
        turn.reply(Reply(turn.t("gate.access_cooldown", date=turn.local(until))))
    else:
        await flows.begin(turn.session, turn.now, turn.user_id, access.FLOW)
        notice = privacy_notice(turn.translator, turn.lang, turn.settings)
        turn.reply(Reply(Safe(f"{turn.t('access.intro')}\n\n{notice}")))
        turn.reply(prompt(turn.translator, turn.lang, "access.name.prompt"))


async def _redeem(turn: Turn, token: str) -> None:
    try:  # redeem keeps its own savepoint, so a refusal's audit record is not rolled back
        redeemed = await invites.redeem(
            turn.session,
            turn.now,
            token,
            telegram_user_id=turn.user_id,
            display_name=turn.display_name,
            language=turn.lang,
        )
    except invites.InviteRefused as refused:
        turn.reply(Reply(turn.t(INVITE_REFUSED[refused.reason])))
        return
    except directory.GroupFull as full:
        turn.reply(
            Reply(
                turn.t("invite.group_full", group=full.group.name, max=full.group.max_organisations)
            )
        )
        return
    await flows.clear(turn.session, turn.user_id)
    turn.member = member = redeemed.member
    notice = privacy_notice(turn.translator, turn.lang, turn.settings)
    turn.reply(render.welcome(turn.translator, turn.lang, member, notice))
    if redeemed.asked_role is not None:  # never changed silently: a coordinator decides
        await members_notify.role_asked(turn, member, redeemed.asked_role)


async def answer_access(turn: Turn, draft: Draft, value: str) -> None:
    """Takes each answer of the access request; the last one files it with the coordinators."""
    regions = await access.committee_regions(turn.session)
    result = flows.answer(draft, access.FLOW, value, turn.now, access.choices(draft, regions))
    if result.next_step is not None:
        step = AccessStep(result.next_step.name)
        turn.reply(render.access_question(turn.translator, turn.lang, step, regions))
        return
    region = None if result.error else access.region_of(draft, regions)
    if region is not None:
        await _file(turn, draft, region)
        return
    turn.reply(Reply(turn.t(result.error or "flow.pick_a_button", **result.values)))
    if draft.step == AccessStep.REGION:  # a region deleted since its button was sent
        turn.reply(render.access_question(turn.translator, turn.lang, AccessStep.REGION, regions))


async def _file(turn: Turn, draft: Draft, region: Group) -> None:
    """The answers are complete: file the request with every coordinator."""
    await flows.clear(turn.session, turn.user_id)
    try:
        request = await access.submit(
            turn.session,
            turn.now,
            turn.user_id,
            turn.lang,
            draft.data,
            region,
            turn.settings.access_request_cooldown,
        )
    except access.CoolingDown as wait:
        turn.reply(Reply(turn.t("gate.access_cooldown", date=turn.local(wait.until))))
        return
    turn.reply(Reply(turn.t("access.submitted")))
    await notify.requested(turn, request, region)


def _tell_requester(turn: Turn, request: AccessRequest, member: Member | None) -> None:
    lang = request.language
    if member is not None:
        text = turn.translator(lang, "access.approved_you")
        notice = privacy_notice(turn.translator, lang, turn.settings)
        welcome = render.welcome(turn.translator, lang, member, notice)
        turn.send(request.telegram_user_id, Reply(text), member_id=member.id)
        turn.send(request.telegram_user_id, welcome, member_id=member.id)
    else:
        turn.send(request.telegram_user_id, Reply(turn.translator(lang, "access.rejected_you")))


async def _decide(turn: Turn, request_id: int, approve: bool) -> None:
    assert turn.member is not None
    decision = await access.decide(turn.session, turn.now, request_id, turn.member, approve)
    if decision is None:
        turn.toast = turn.t("common.button_stale")
        return
    if decision.already:  # the cards already show the decision: editing again is refused
        turn.toast = turn.t("access.already_decided")
        return
    await notify.decided(turn, decision.request)
    _tell_requester(turn, decision.request, decision.member)
    turn.toast = turn.t("common.done")


@pressed(Approve, Access.COORDINATOR)
async def approve(update: Update, context: UraContext, turn: Turn, press: Approve) -> None:
    await _decide(turn, press.request, approve=True)


@pressed(Reject, Access.COORDINATOR)
async def reject(update: Update, context: UraContext, turn: Turn, press: Reject) -> None:
    await _decide(turn, press.request, approve=False)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.flows["access"] = answer_access
    app.bot_data.flow_access["access"] = Access.ANYONE  # asked by people not yet members
    app.add_handler(CommandHandler("start", start))
    approve.register(app)
    reject.register(app)

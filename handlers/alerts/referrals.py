"""Referring an alert to another agency of the region, and that agency's Accept / Decline."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import Application

from bot.alerts import notify, referrals
from bot.alerts.forms import DECLINE_FLOW, REFER_FLOW
from bot.alerts.model import AcceptReferral, DeclineReferral, Refer, ReferralStatus, Result
from bot.alerts.render import words
from bot.core import flows
from bot.core.labels import agency_label, prompt
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.members import directory
from handlers.alerts.card import out
from handlers.gate import UraContext, pressed
from storage.members import Draft


@pressed(Refer, Access.MEMBER)
async def start_referral(update: Update, context: UraContext, turn: Turn, press: Refer) -> None:
    assert turn.member is not None
    found = await referrals.referable(turn.session, press.alert, turn.member)
    if found is None:
        turn.toast = turn.t("alert.toast.refused")
        return
    if not found:
        turn.toast = turn.t("alert.refer.nobody")
        return
    await flows.begin(turn.session, turn.now, turn.user_id, REFER_FLOW, {"alert": press.alert})
    choices = [(a, agency_label(turn.translator, turn.lang, a)) for a in found]
    turn.reply(
        prompt(turn.translator, turn.lang, "alert.refer.prompt", choices, "alert_refer.agency")
    )


async def answer_referral(turn: Turn, draft: Draft, value: str) -> None:
    assert turn.member is not None
    alert_id = int(draft.data["alert"])
    agencies = await referrals.agencies_for(turn.session, alert_id, turn.member)
    result = flows.answer(draft, REFER_FLOW, value, turn.now, agencies)
    if result.error:
        turn.reply(Reply(turn.t(result.error, **result.values)))
    elif result.next_step is not None:
        turn.reply(prompt(turn.translator, turn.lang, "alert.refer.reason"))
    else:
        await flows.clear(turn.session, turn.user_id)
        agency, reason = draft.data["agency"], draft.data["reason"]
        done = await referrals.refer(turn.session, turn.now, alert_id, turn.member, agency, reason)
        if done.referral is None:
            turn.reply(Reply(turn.t(words.REFER[done.result])))
            return
        await notify.referred(out(turn), done.referral, done.to, turn.member)
        label = agency_label(turn.translator, turn.lang, done.referral.to_agency)
        turn.reply(Reply(turn.tn("alert.refer.sent", len(done.to), id=alert_id, agency=label)))


async def _answered(
    turn: Turn, referral_id: int, accept: bool, reason: str | None, stale: timedelta | None = None
) -> None:
    assert turn.member is not None
    done = await referrals.answer(
        turn.session, turn.now, referral_id, turn.member, accept, reason, stale
    )
    if done.result != Result.DONE or done.referral is None:
        turn.toast = turn.t(words.TOAST[done.result])
        return
    referral = done.referral
    await notify.referral_answered(out(turn), referral, turn.member, done.referrer, done.sender)
    key = words.REFERRAL[ReferralStatus(referral.status)]
    turn.toast = turn.t(key, name=directory.label(turn.member))


@pressed(AcceptReferral, Access.MEMBER)
async def accept(update: Update, context: UraContext, turn: Turn, press: AcceptReferral) -> None:
    stale = context.bot_data.services.settings.alert_stale_after
    await _answered(turn, press.referral, True, None, stale)


@pressed(DeclineReferral, Access.MEMBER)
async def decline(update: Update, context: UraContext, turn: Turn, press: DeclineReferral) -> None:
    assert turn.member is not None
    may = await referrals.may_decline(turn.session, turn.now, press.referral, turn.member)
    if may != Result.DONE:
        turn.toast = turn.t(words.TOAST[may])
        return
    data = {"referral": press.referral}
    await flows.begin(turn.session, turn.now, turn.user_id, DECLINE_FLOW, data)
    turn.reply(prompt(turn.translator, turn.lang, "alert.referral.decline_reason"))


async def answer_decline(turn: Turn, draft: Draft, value: str) -> None:
    result = flows.answer(draft, DECLINE_FLOW, value, turn.now)
    if result.error:
        turn.reply(Reply(turn.t(result.error, **result.values)))
        return
    await flows.clear(turn.session, turn.user_id)
    await _answered(turn, int(draft.data["referral"]), False, draft.data["reason"])
    if turn.toast:
        turn.reply(Reply(turn.toast))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.flows[REFER_FLOW.name] = answer_referral
    app.bot_data.flows[DECLINE_FLOW.name] = answer_decline
    app.bot_data.flow_access[REFER_FLOW.name] = Access.MEMBER
    app.bot_data.flow_access[DECLINE_FLOW.name] = Access.MEMBER
    for handler in (start_referral, accept, decline):
        handler.register(app)

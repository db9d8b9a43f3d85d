"""Referring an alert to another agency of the region, and that agency's Accept / Decline."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.alerts import notify, referrals
from bot.alerts.forms import DECLINE_FLOW, REFER_FLOW
from bot.alerts.render import notices
from bot.alerts.rules import acting
from bot.alerts.views import load
from bot.core import flows, parse
from bot.core.callbacks import Press
from bot.core.labels import agency_label, prompt
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.delivery import Priority, copies, enqueue_edit
from bot.members import directory
from handlers.gate import UraContext, button
from storage.alerts import Alert, AlertReferral
from storage.members import Draft

REF = "alert_referral"


@button(Access.MEMBER)
async def start_referral(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    alert = await turn.session.get(Alert, parse.record_id(press.arg) or 0)
    mine = alert and any(
        r.member_id == turn.member.id for r in await acting(turn.session, alert.id)
    )
    if alert is None or not mine:
        turn.toast = turn.t("alert.toast.refused")
        return
    found = await referrals.agencies_to_refer(turn.session, alert, turn.member)
    if not found:
        turn.toast = turn.t("alert.refer.nobody")
        return
    await flows.begin(turn.session, turn.now, turn.user_id, REFER_FLOW, {"alert": alert.id})
    choices = [(a, agency_label(turn.translator, turn.lang, a)) for a in found]
    turn.reply(
        prompt(turn.translator, turn.lang, "alert.refer.prompt", choices, "alert_refer.agency")
    )


async def answer_referral(turn: Turn, draft: Draft, value: str) -> None:
    assert turn.member is not None
    alert = await turn.session.get(Alert, int(draft.data["alert"]))
    assert alert is not None
    agencies = set(await referrals.agencies_to_refer(turn.session, alert, turn.member))
    result = flows.answer(draft, REFER_FLOW, value, turn.now, agencies)
    if result.error:
        turn.reply(Reply(turn.t(result.error, **result.values)))
    elif result.next_step is not None:
        turn.reply(prompt(turn.translator, turn.lang, "alert.refer.reason"))
    else:
        await flows.clear(turn.session, turn.user_id)
        data = draft.data
        done = await referrals.refer(
            turn.session, turn.now, alert.id, turn.member, data["agency"], data["reason"]
        )
        if done.referral is None:
            turn.reply(Reply(turn.t(f"alert.refer.{done.result}")))
            return
        view = await load(turn.session, alert.id)
        assert view is not None
        referral, name = done.referral, directory.label(turn.member)
        for person in done.to:
            notify.send_card(turn.session, turn.translator, turn.zone, view, person, turn.now)
            turn.notify(
                person,
                lambda lang: notices.referral_card(turn.translator, lang, referral, view, name),
                priority=Priority.ALERT,
                ref=(REF, referral.id),
            )
        label = agency_label(turn.translator, turn.lang, referral.to_agency)
        turn.reply(Reply(turn.tn("alert.refer.sent", len(done.to), id=alert.id, agency=label)))


async def _answered(
    turn: Turn, referral_id: int, accept: bool, reason: str | None, stale: timedelta | None = None
) -> None:
    assert turn.member is not None
    done = await referrals.answer(
        turn.session, turn.now, referral_id, turn.member, accept, reason, stale
    )
    if done.result != "done" or done.referral is None or done.alert is None:
        turn.toast = turn.t(f"alert.toast.{done.result}")
        return
    referral, who = done.referral, directory.label(turn.member)
    view = await load(turn.session, done.alert.id)
    assert view is not None
    referrer = directory.label(done.referrer) if done.referrer else "—"
    for row in await copies(turn.session, (REF, referral.id)):
        reader = await directory.by_id(turn.session, row.member_id or 0)
        lang = reader.language if reader else turn.lang
        card = notices.referral_card(turn.translator, lang, referral, view, referrer, who)
        await enqueue_edit(turn.session, target=row, reply=card, now=turn.now)
    await notify.refresh(turn.session, turn.translator, turn.zone, done.alert.id, turn.now)
    told = {
        p.id: p for p in (done.referrer, done.sender) if p is not None and p.id != turn.member.id
    }
    for person in told.values():
        turn.notify(
            person,
            lambda lang: notices.referral_answered(
                turn.translator, lang, referral, who, referral.to_agency
            ),
        )
    turn.toast = turn.t(f"alert.referral.{referral.status}", name=who)


@button(Access.MEMBER)
async def accept(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    stale = context.bot_data.services.settings.alert_stale_after
    await _answered(turn, parse.record_id(press.arg) or 0, True, None, stale)


@button(Access.MEMBER)
async def decline(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    referral = await turn.session.get(AlertReferral, parse.record_id(press.arg) or 0)
    if referral is None or not await referrals.may_answer(
        turn.session, turn.now, referral, turn.member
    ):
        turn.toast = turn.t("alert.toast.refused")
        return
    if referral.status != "pending":
        turn.toast = turn.t("alert.toast.already")
        return
    await flows.begin(turn.session, turn.now, turn.user_id, DECLINE_FLOW, {"referral": referral.id})
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
    app.add_handler(CallbackQueryHandler(start_referral, pattern=r"^alf:"))
    app.add_handler(CallbackQueryHandler(accept, pattern=r"^alA:"))
    app.add_handler(CallbackQueryHandler(decline, pattern=r"^alD:"))

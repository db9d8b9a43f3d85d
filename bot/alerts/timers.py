"""Escalations and stale reminders, fired by the scheduler from their timer rows.

Each firing runs in the transaction that claims its row, so it happens exactly once, also
when Ura restarts inside the window; a firing that finds the alert taken care of does nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.alerts.escalation import policy_for
from bot.alerts.notify import refresh, send, send_card
from bot.alerts.render import escalation as escalation_texts
from bot.alerts.render.card import card, escalation_notice
from bot.alerts.render.notices import stale
from bot.alerts.routing import committee_members, routing_table
from bot.alerts.rules import ESCALATE, STALE, acting, add_recipients, arm_escalation, event
from bot.alerts.views import AlertView, load
from bot.channels import email
from bot.core.scheduling import Fired, TimerHandler
from bot.delivery import Priority
from bot.members import directory
from bot.rosters import rules as rosters
from storage.alerts import Alert, AlertRecipient
from storage.members import Member


async def fire_escalation(fired: Fired) -> None:
    session, now, payload = fired.session, fired.now, fired.timer.payload
    alert = await session.get(Alert, fired.timer.ref_id)
    if alert is None or alert.status == "resolved":
        return
    until, step_no = payload.get("until", "ack"), int(payload.get("step", 0))
    if until == "ack" and alert.acknowledged_at is not None:
        return
    if until == "act" and await acting(session, alert.id):
        return
    view = await load(session, alert.id)
    assert view is not None
    steps = await policy_for(
        session, view.region.slug, alert.category, fired.settings.alert_escalate_after
    )
    if step_no >= len(steps):
        return
    audience: list[Member] = []
    if "coordinators" in steps[step_no].to:
        audience += await directory.coordinators(session)
    if "committee" in steps[step_no].to:
        audience += [
            m for m in await committee_members(session, view.region) if m.id not in view.recipients
        ]
    roster_kinds = set(steps[step_no].to) & set(rosters.ROSTER_AUDIENCES)
    if roster_kinds:  # the duty roster of each routed sector decides whom
        sectors = (await routing_table(session)).get(alert.category, [])
        audience += await rosters.escalation_audience(
            session, view.region, sectors, roster_kinds, now
        )
    audience = [
        m for m in {m.id: m for m in audience}.values() if m.id != alert.raised_by_member_id
    ]
    holding = dict(view.recipients)  # who has a card already: it is edited, never copied
    fresh = await add_recipients(session, now, alert, audience, "escalation")
    if alert.status == "open":
        alert.escalation_level = step_no + 1
    since = datetime.fromisoformat(payload.get("since", alert.created_at.isoformat()))
    event(session, now, alert, "escalated", step=step_no + 1, recipients=len(audience), until=until)
    t, zone = fired.translator, fired.settings.zone
    await refresh(session, t, zone, alert.id, now)
    view = await load(session, alert.id)
    assert view is not None
    to = steps[step_no].to
    await _tell_holders(fired, view, holding, until, now - since, to)
    for member in fresh:
        send_card(
            session,
            t,
            zone,
            view,
            member,
            now,
            before=lambda lang: escalation_notice(t, lang, view, now - since, until),
        )
    if step_no == 0 and until == "ack" and alert.urgency == "urgent":
        await _urgent_by_email(fired, view, list(holding))  # those alerted first
    await arm_escalation(
        session, now, alert, fired.settings.alert_escalate_after, until=until, step=step_no + 1
    )


async def _tell_holders(
    fired: Fired,
    view: AlertView,
    holding: dict[int, AlertRecipient],
    until: str,
    elapsed: timedelta,
    to: tuple[str, ...],
) -> None:
    """Those whose card is edited but who have not acknowledged it (or, after a release, not
    taken it) get a short nudge; the sender learns it was escalated and to whom."""
    session, now, t = fired.session, fired.now, fired.translator
    ref = ("alert_notice", view.alert.id)
    for member_id, row in holding.items():
        pending = row.acknowledged_at is None if until == "ack" else row.acting_since is None
        member = await directory.by_id(session, member_id)
        if pending and member is not None and member.status == "active":
            reply = escalation_texts.reminder(t, member.language, view, elapsed, until, to)
            send(session, now, member, reply, Priority.ALERT, ref)
    sender = await directory.by_id(session, view.alert.raised_by_member_id)
    if sender is not None and sender.status == "active":
        reply = escalation_texts.to_sender(t, sender.language, view, until, to)
        send(session, now, sender, reply, Priority.NOTICE, ref)


async def _urgent_by_email(fired: Fired, view: AlertView, first: list[int]) -> None:
    """Still unacknowledged after the first escalation: those first alerted who asked for it
    get the card by e-mail too (no more than their Telegram copy says)."""
    t, zone = fired.translator, fired.settings.zone
    for member_id in first:
        member = await directory.by_id(fired.session, member_id)
        if member is None or member.id == view.alert.raised_by_member_id:
            continue
        text = card(t, member.language, view, member, fired.now, zone).text
        await email.urgent_copy(fired.session, fired.now, t, member, text, view.alert.id)


async def fire_stale(fired: Fired) -> None:
    """No note for the stale interval while in action: remind those acting and the coordinators."""
    session, now = fired.session, fired.now
    alert = await session.get(Alert, fired.timer.ref_id)
    if alert is None or alert.status != "in_action":
        return
    view = await load(session, alert.id)
    assert view is not None
    people = {r.member_id for r in await acting(session, alert.id)}
    people |= {c.id for c in await directory.coordinators(session)}
    event(session, now, alert, "stale", reminded=len(people))
    for member_id in sorted(people):
        member = await directory.by_id(session, member_id)
        if member is not None and member.status == "active":
            reply = stale(fired.translator, member.language, view, now)
            send(session, now, member, reply, Priority.NOTICE, ("alert_notice", alert.id))


TIMERS: dict[str, TimerHandler] = {ESCALATE: fire_escalation, STALE: fire_stale}

"""Escalations and stale reminders, fired by the scheduler from their timer rows.

Each firing runs in the transaction that claims its row, so it happens exactly once, also
when Ura restarts inside the window; a firing that finds the alert taken care of does nothing.
"""

from __future__ import annotations

from datetime import datetime

from bot.alerts import notify
from bot.alerts.escalation import policy_for
from bot.alerts.model import Reason, Status, Urgency
from bot.alerts.notify import Escalated
from bot.alerts.routing import committee_members, routing_table
from bot.alerts.rules import ESCALATE, STALE, acting, add_recipients, arm_escalation, event
from bot.alerts.views import load
from bot.core.scheduling import Fired, TimerHandler
from bot.members import directory
from bot.rosters import rules as rosters
from storage.alerts import Alert
from storage.members import Member


async def fire_escalation(fired: Fired) -> None:
    session, now, payload = fired.session, fired.now, fired.timer.payload
    alert = await session.get(Alert, fired.timer.ref_id)
    if alert is None or alert.status == Status.RESOLVED:
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
    fresh = await add_recipients(session, now, alert, audience, Reason.ESCALATION)
    if alert.status == Status.OPEN:
        alert.escalation_level = step_no + 1
    since = datetime.fromisoformat(payload.get("since", alert.created_at.isoformat()))
    event(session, now, alert, "escalated", step=step_no + 1, recipients=len(audience), until=until)
    step = Escalated(alert.id, step_no, until, now - since, steps[step_no].to, holding, fresh)
    await notify.escalated(_out(fired), step, alert.urgency == Urgency.URGENT)
    await arm_escalation(
        session, now, alert, fired.settings.alert_escalate_after, until=until, step=step_no + 1
    )


def _out(fired: Fired) -> notify.Out:
    return notify.Out(fired.session, fired.translator, fired.settings.zone, fired.now)


async def fire_stale(fired: Fired) -> None:
    """No note for the stale interval while in action: remind those acting and the coordinators."""
    alert = await fired.session.get(Alert, fired.timer.ref_id)
    if alert is None or alert.status != Status.IN_ACTION:
        return
    reminded = await notify.stale(_out(fired), alert.id)
    event(fired.session, fired.now, alert, "stale", reminded=reminded)


TIMERS: dict[str, TimerHandler] = {ESCALATE: fire_escalation, STALE: fire_stale}

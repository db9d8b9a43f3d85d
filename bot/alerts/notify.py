"""Who receives which message about an alert, in one place.

After any change to an alert — raised, acknowledged, taken, released, a note, referred, a
referral answered, escalated, stale, resolved — the caller (a handler or a timer) calls the one
function here for that change: it edits every copy of the card (ref ("alert", id)) to the
alert's current state, and sends that change's notices to the people this module chooses.
Nobody else enqueues a message about an alert.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.render import escalation as escalation_texts
from bot.alerts.render import notices
from bot.alerts.render.card import card, escalation_notice, with_text
from bot.alerts.rules import Raised, acting
from bot.alerts.views import AlertView, load
from bot.channels import email
from bot.core.i18n import Translator
from bot.core.rendering import Reply
from bot.delivery import Priority, copies, enqueue_edit, enqueue_to
from bot.members import directory
from storage.alerts import Alert, AlertRecipient, AlertReferral
from storage.members import Member
from storage.outbox import OutboxMessage

REF = "alert"
NOTICE = "alert_notice"
REFERRAL = "alert_referral"


class Change(StrEnum):
    """A change to an alert made by a person's press or answer."""

    ACKNOWLEDGED = "acknowledged"
    ACTING = "acting"
    RELEASED = "released"
    NOTE = "note"
    RESOLVED = "resolved"


@dataclass
class Out:
    """Where messages go: the transaction, the words, the clock; `sent` is what was queued
    (a handler hands it to its turn, so a full chat queue drops notices, never alerts)."""

    session: AsyncSession
    t: Translator
    zone: ZoneInfo
    now: datetime
    sent: list[OutboxMessage] = field(default_factory=list)

    def send(
        self, member: Member, reply: Reply, priority: Priority, ref: tuple[str, int] | None
    ) -> None:
        row = enqueue_to(self.session, member, reply, now=self.now, priority=priority, ref=ref)
        self.sent.append(row)

    def tell(self, people: Sequence[Member], build: Callable[[str], Reply]) -> None:
        for person in people:
            self.send(person, build(person.language), Priority.NOTICE, None)


def send_card(
    out: Out, view: AlertView, member: Member, before: Callable[[str], Reply] | None = None
) -> None:
    """A copy of the alert for one person: a notice first if any, then the card and the rest."""
    lang, alert_id = member.language, view.alert.id
    if before is not None:
        out.send(member, before(lang), Priority.ALERT, (NOTICE, alert_id))
    for reply, kind in with_text(out.t, lang, view, member, out.now, out.zone):
        out.send(member, reply, Priority.ALERT, (kind, alert_id))


async def refresh(out: Out, alert_id: int) -> AlertView | None:
    """Edit every copy of the card (the sender's too) to the alert's current state."""
    view = await load(out.session, alert_id)
    if view is None:
        return None
    for row in await copies(out.session, (REF, alert_id)):
        if row.chat_id < 0:  # a card once opened in a group chat is not kept current there
            continue
        reader = await directory.by_id(out.session, row.member_id) if row.member_id else None
        lang = reader.language if reader else out.t.default
        reply = card(out.t, lang, view, reader, out.now, out.zone)
        await enqueue_edit(out.session, target=row, reply=reply, now=out.now)
    return view


async def _people(session: AsyncSession, ids: Sequence[int], but: int | None) -> list[Member]:
    """Active members by id, once each, in order, without `but` (who made the change)."""
    found = []
    for member_id in dict.fromkeys(ids):
        person = await directory.by_id(session, member_id)
        if person is not None and person.id != but and person.status == "active":
            found.append(person)
    return found


async def audience(
    session: AsyncSession, alert: Alert, change: Change, actor: Member
) -> list[Member]:
    """Who is told of a change besides the card's edit: a note goes to the sender and those
    acting; a release to them and the coordinators; a resolution to everyone who had it."""
    if change in (Change.ACKNOWLEDGED, Change.ACTING):
        return []  # the edited card says it
    ids = [alert.raised_by_member_id]
    if change in (Change.NOTE, Change.RELEASED):
        ids += [r.member_id for r in await acting(session, alert.id)]
    if change is Change.RELEASED:
        ids += [c.id for c in await directory.coordinators(session)]
    if change is Change.RESOLVED:
        query = select(AlertRecipient.member_id).where(AlertRecipient.alert_id == alert.id)
        ids += list((await session.scalars(query)).all())
    return await _people(session, ids, actor.id)


async def changed(
    out: Out, alert_id: int, change: Change, actor: Member, text: str = ""
) -> AlertView | None:
    """A press or an answer changed the alert: every copy edited, then the change's notices."""
    view = await refresh(out, alert_id)
    if view is None:
        return None
    name, t = directory.label(actor), out.t
    build: Callable[[str], Reply] | None = {
        Change.RELEASED: lambda lang: notices.released(t, lang, alert_id, name),
        Change.NOTE: lambda lang: notices.note(t, lang, alert_id, name, text),
        Change.RESOLVED: lambda lang: notices.resolved(t, lang, alert_id, name, text),
    }.get(change)
    if build is not None:
        out.tell(await audience(out.session, view.alert, change, actor), build)
    return view


async def raised(out: Out, done: Raised, sender: Member, lang: str) -> Reply:
    """A new alert: the card to its sender and every recipient; the sender's report back."""
    view = await load(out.session, done.alert.id)
    assert view is not None
    for person in [sender, *done.recipients]:
        send_card(out, view, person)
    agencies = [] if done.nobody_matched else done.agencies
    count = len(done.recipients)
    return notices.raised(out.t, lang, done.alert.id, count, agencies, done.coordinators)


async def referred(out: Out, referral: AlertReferral, to: Sequence[Member], actor: Member) -> None:
    """The alert referred to an agency: its members get the card and the referral to answer."""
    view = await refresh(out, referral.alert_id)
    assert view is not None
    name = directory.label(actor)
    for person in to:
        send_card(out, view, person)
        reply = notices.referral_card(out.t, person.language, referral, view, name)
        out.send(person, reply, Priority.ALERT, (REFERRAL, referral.id))


async def referral_answered(
    out: Out,
    referral: AlertReferral,
    actor: Member,
    referrer: Member | None,
    sender: Member | None,
) -> None:
    """Every copy of the referral shows the answer (its buttons gone), the card is edited, and
    the referrer and the sender learn it."""
    view = await refresh(out, referral.alert_id)
    assert view is not None
    who, by = directory.label(actor), directory.label(referrer) if referrer else "—"
    for row in await copies(out.session, (REFERRAL, referral.id)):
        reader = await directory.by_id(out.session, row.member_id or 0)
        lang = reader.language if reader else out.t.default
        reply = notices.referral_card(out.t, lang, referral, view, by, who)
        await enqueue_edit(out.session, target=row, reply=reply, now=out.now)
    told = [p for p in (referrer, sender) if p is not None and p.id != actor.id]
    told = list({p.id: p for p in told}.values())
    t, agency = out.t, referral.to_agency
    out.tell(
        told,
        lambda lang: notices.referral_answered(t, lang, referral, who, agency),
    )


@dataclass(frozen=True)
class Escalated:
    """One escalation step that fired: whom it reached, and who held the card before."""

    alert_id: int
    step: int
    until: str  # "ack": nobody acknowledged it; "act": released and nobody took it since
    elapsed: timedelta
    to: tuple[str, ...]  # the step's audiences ("coordinators", "committee", ...)
    holding: dict[int, AlertRecipient]
    fresh: list[Member]


async def escalated(out: Out, step: Escalated, urgent: bool) -> None:
    """Cards edited; new recipients get the card after a word on why; those holding it who
    have not acknowledged (or taken) it get a nudge; the sender learns it and to whom. The
    first step of an urgent alert also e-mails those first alerted who asked for it."""
    view = await refresh(out, step.alert_id)
    assert view is not None
    t, until, elapsed = out.t, step.until, step.elapsed
    ref = (NOTICE, step.alert_id)
    for member_id, row in step.holding.items():
        pending = row.acknowledged_at is None if until == "ack" else row.acting_since is None
        member = await directory.by_id(out.session, member_id)
        if pending and member is not None and member.status == "active":
            reply = escalation_texts.reminder(t, member.language, view, elapsed, until, step.to)
            out.send(member, reply, Priority.ALERT, ref)
    sender = await directory.by_id(out.session, view.alert.raised_by_member_id)
    if sender is not None and sender.status == "active":
        reply = escalation_texts.to_sender(t, sender.language, view, until, step.to)
        out.send(sender, reply, Priority.NOTICE, ref)
    for member in step.fresh:
        send_card(out, view, member, lambda lang: escalation_notice(t, lang, view, elapsed, until))
    if step.step == 0 and until == "ack" and urgent:
        await _by_email(out, view, list(step.holding))


async def _by_email(out: Out, view: AlertView, first: list[int]) -> None:
    """Still unacknowledged after the first escalation: those first alerted who asked for it
    get the card by e-mail too (no more than their Telegram copy says)."""
    for member_id in first:
        member = await directory.by_id(out.session, member_id)
        if member is None or member.id == view.alert.raised_by_member_id:
            continue
        text = card(out.t, member.language, view, member, out.now, out.zone).text
        await email.urgent_copy(out.session, out.now, out.t, member, text, view.alert.id)


async def stale(out: Out, alert_id: int) -> int:
    """No note for the stale interval while in action: those acting and the coordinators are
    reminded (returns how many were meant)."""
    view = await refresh(out, alert_id)
    assert view is not None
    ids = {r.member_id for r in await acting(out.session, alert_id)}
    ids |= {c.id for c in await directory.coordinators(out.session)}
    people = await _people(out.session, sorted(ids), None)
    for member in people:
        reply = notices.stale(out.t, member.language, view, out.now)
        out.send(member, reply, Priority.NOTICE, (NOTICE, alert_id))
    return len(ids)

"""A broadcast's delivery report: counts per outcome, who was not reached and why, and the
choices that fit: cancel while it runs; after, resend to the failed, and, as a separate
choice, to those it may not have reached."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.broadcasts.audience import Problem, Snapshot
from bot.broadcasts.emails import EmailReach
from bot.broadcasts.model import ACTIVE, FAILED_OUTCOMES, Outcome, Resend, ResendUncertain
from bot.broadcasts.render.messages import MAX_NAMES, status, stop_button
from bot.core.i18n import Safe, Translator
from bot.core.reasons import delivery_reason
from bot.core.rendering import Button, Reply
from storage.outbox import Broadcast

PROBLEM_TITLES = {
    Outcome.UNREACHABLE: "broadcast.report.unreachable",
    Outcome.FAILED: "broadcast.report.failed",
}


def _names(
    t: Translator, lang: str, title: str, problems: list[Problem], in_words: bool = False
) -> list[Safe]:
    """A list of who it did not reach and why; `in_words` when the reasons are already
    sentences (the stored ones are technical and are put in words here)."""
    if not problems:
        return []
    lines = [t(lang, title)]
    for problem in problems[:MAX_NAMES]:
        reason = problem.reason if in_words else delivery_reason(t, lang, problem.reason)
        lines.append(t(lang, "broadcast.report.line", name=problem.name, reason=reason))
    if len(problems) > MAX_NAMES:
        lines.append(t.plural(lang, "broadcast.report.more", len(problems) - MAX_NAMES))
    return lines


def report(
    t: Translator,
    lang: str,
    broadcast: Broadcast,
    state: Snapshot,
    audience: Safe,
    zone: ZoneInfo,
) -> Reply:
    """Counts per outcome, who was not reached and why; resend or cancel as fits."""
    lines = [
        t(
            lang,
            "broadcast.report",
            id=broadcast.id,
            audience=audience,
            status=status(t, lang, broadcast, zone),
            delivered=state.delivered,
            unreachable=state.unreachable,
            failed=state.failed,
            cancelled=state.cancelled,
        )
    ]
    if state.uncertain:
        lines.append(t(lang, "flows.broadcast.report.uncertain_count", count=state.uncertain))
    if state.pending:
        lines.append(t(lang, "broadcast.report.pending", count=state.pending))
    for outcome, title in PROBLEM_TITLES.items():
        found = [p for p in state.problems if p.outcome == outcome]
        lines += _names(t, lang, title, found)
    uncertain = _uncertain(t, lang, state)
    lines += _names(t, lang, "flows.broadcast.report.uncertain", uncertain, in_words=True)
    lines += _by_email(t, lang, state.email)
    return Reply(Safe("\n".join(lines)), _report_buttons(t, lang, broadcast, state))


def _by_email(t: Translator, lang: str, found: EmailReach) -> list[Safe]:
    """Those Telegram could not reach who got it by e-mail: sent, not sent and why, pending."""
    if not found:
        return []
    counts = {
        "sent": len(found.sent),
        "failed": len(found.failed),
        "pending": len(found.pending),
        "uncertain": len(found.uncertain),
    }
    lines = [t(lang, "broadcast.report.email", **counts)]
    if found.sent:
        shown = ", ".join(found.sent[:MAX_NAMES])
        lines.append(t(lang, "broadcast.report.email.sent", names=shown))
    if found.uncertain:
        shown = ", ".join(found.uncertain[:MAX_NAMES])
        lines.append(t(lang, "broadcast.report.email.uncertain", names=shown))
    if found.failed:
        lines.append(t(lang, "broadcast.report.email.failed"))
        for name, why in found.failed[:MAX_NAMES]:
            lines.append(t(lang, "broadcast.report.line", name=name, reason=why))
    return lines


def _uncertain(t: Translator, lang: str, state: Snapshot) -> list[Problem]:
    """Those it may not have reached, with why in words (the stored reason is technical)."""
    return [
        Problem(
            p.member_id,
            p.name,
            p.outcome,
            t(
                lang,
                "flows.broadcast.uncertain.lost"
                if "lost" in p.reason
                else "flows.broadcast.uncertain.stopped",
            ),
        )
        for p in state.problems
        if p.outcome == Outcome.UNCERTAIN
    ]


def _report_buttons(
    t: Translator, lang: str, broadcast: Broadcast, state: Snapshot
) -> tuple[tuple[Button, ...], ...]:
    """Cancel while it runs; after, resend to the failed, and (a separate choice, never the
    default) to those it may not have reached, who may otherwise get it twice."""
    if broadcast.status in ACTIVE:
        return ((stop_button(t, lang, broadcast),),)
    if state.pending:
        return ()
    buttons: list[tuple[Button, ...]] = []
    if any(p.outcome in FAILED_OUTCOMES for p in state.problems):
        resend = Resend(broadcast.id)
        buttons.append((Button.press(t(lang, "broadcast.resend_button"), resend),))
    if state.uncertain:
        again = ResendUncertain(broadcast.id)
        buttons.append((Button.press(t(lang, "flows.broadcast.resend_uncertain"), again),))
    return tuple(buttons)

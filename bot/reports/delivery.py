"""A report someone asked for with /report or a period button: queued as a timer row, drawn
and sent by the scheduler (audited), and the period buttons."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.i18n import Translator
from bot.core.rendering import Button, rows
from bot.core.scheduling import Fired, TimerHandler, plan
from bot.delivery import Priority
from bot.reports import notify
from bot.reports.model import Period, PickPeriod
from bot.reports.period import parse, previous_month, this_month
from config.settings import Settings
from storage.members import Member

KIND = "report.request"


def request(session: AsyncSession, now: datetime, member: Member, period: Period) -> None:
    """Ask for a report: a timer row due now. The scheduler draws and sends it, so the update
    that asked returns at once, other people's messages do not wait behind the drawing, and
    a restart in between loses nothing."""
    plan(session, KIND, member.id, now, now, {"period": period.token})


async def fire_request(fired: Fired) -> None:
    """The report for one reader, in the version notify.audience_for gives them now."""
    member = await fired.session.get(Member, fired.timer.ref_id)
    audience = notify.audience_for(member)
    if member is None or audience is None:
        return  # suspended, or left the Advisory Group, since asking: nothing to send
    period = parse(str(fired.timer.payload["period"]), fired.now, fired.settings.zone)
    await notify.send_to(
        fired.session,
        fired.now,
        period,
        [(member, audience)],
        fired.translator,
        fired.settings,
        priority=Priority.INTERACTIVE,
        actor_id=member.id,
    )


TIMERS: dict[str, TimerHandler] = {KIND: fire_request}


def period_buttons(
    translator: Translator, lang: str, now: datetime, settings: Settings
) -> tuple[tuple[Button, ...], ...]:
    """This month, last month, this quarter, this year: signed buttons with the period."""
    month = this_month(now, settings.zone)
    quarter = f"{month.first.year}-Q{(month.first.month - 1) // 3 + 1}"
    choices = [
        ("report.button.this_month", month.token),
        ("report.button.last_month", previous_month(month.first).token),
        ("report.button.quarter", quarter),
        ("report.button.year", str(month.first.year)),
    ]
    return rows([Button.press(translator(lang, key), PickPeriod(token)) for key, token in choices])

"""Sending a report someone asked for with /report or a period button, audited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import Priority
from bot.i18n import Translator
from bot.rendering import Button, rows
from bot.reports import notify
from bot.reports.model import Period
from bot.reports.period import previous_month, this_month
from config.settings import Settings
from storage.members import Member

ACTION = "rpt"


async def on_request(
    session: AsyncSession,
    now: datetime,
    member: Member,
    period: Period,
    translator: Translator,
    settings: Settings,
) -> None:
    """The report for one reader, in the version notify.audience_for gives them."""
    audience = notify.audience_for(member)
    if audience is None:
        return  # the gate let them in, so this is a suspended or changed member: say nothing
    await notify.send_to(
        session,
        now,
        period,
        [(member, audience)],
        translator,
        settings,
        priority=Priority.INTERACTIVE,
        actor_id=member.id,
    )


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
    return rows([Button(translator(lang, key), ACTION, token) for key, token in choices])

"""Advisory Group monitoring requests: questions and recommendations to institutions, with due
dates, answers, reminders and a record.

Public face: ``rules`` (who may ask, whom a request reaches), ``reading`` (roles, who may
read, what /requests lists), ``work`` (answer, forward, close), ``notify`` (who receives what),
``render`` (pure cards and prompts), ``model`` (the feature's words) and ``TIMERS``.
"""

from bot.core.scheduling import TimerHandler
from bot.requests import model, notify, reading, render, rules, work
from bot.requests.model import Timers

TIMERS: dict[str, TimerHandler] = {
    Timers.REMIND: notify.fire_remind,
    Timers.OVERDUE: notify.fire_overdue,
}

__all__ = ["TIMERS", "model", "notify", "reading", "render", "rules", "work"]

"""One log line and one metric per update: its kind, the handler that took it, how long it
took, how it ended. Never the text of a message, nor who sent it.

`InstrumentedApplication.process_update` times each update; `name_handlers()` wraps every
registered callback so the line can say which handler ran (the last one, if several did).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop

log = logging.getLogger("ura.updates")


@dataclass
class _Trace:
    handler: str = "none"
    outcome: str = "ignored"


_current: ContextVar[_Trace | None] = ContextVar("ura_update_trace", default=None)


def kind_of(update: object) -> str:
    if not isinstance(update, Update):
        return type(update).__name__
    for name in Update.ALL_TYPES:
        if getattr(update, name, None) is not None:
            return name
    return "unknown"


def _named(callback: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    name = f"{callback.__module__}.{getattr(callback, '__qualname__', 'callback')}"

    @functools.wraps(callback)
    async def traced(*args: Any, **kwargs: Any) -> Any:
        trace = _current.get()
        if trace is not None:
            trace.handler, trace.outcome = name, "ok"
        try:
            return await callback(*args, **kwargs)
        except ApplicationHandlerStop:
            raise
        except Exception:
            if trace is not None:
                trace.outcome = "error"
            raise

    return traced


def name_handlers(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wrap each registered handler's callback (call once, after registration)."""
    for group in app.handlers.values():
        for handler in group:
            handler.callback = _named(handler.callback)  # type: ignore[assignment]


class InstrumentedApplication(Application[Any, Any, Any, Any, Any, Any]):
    async def process_update(self, update: object) -> None:
        trace = _Trace()
        token = _current.set(trace)
        started = time.perf_counter()
        try:
            await super().process_update(update)
        finally:
            _current.reset(token)
            seconds = time.perf_counter() - started
            kind = kind_of(update)
            ops = getattr(self.bot_data.services, "ops", None)
            if ops is not None:
                ops.metrics.observe_update(kind, trace.outcome, seconds)
            log.info(
                "update %s kind=%s handler=%s latency_ms=%.1f outcome=%s",
                getattr(update, "update_id", None),
                kind,
                trace.handler,
                seconds * 1000,
                trace.outcome,
                extra={
                    "update_id": getattr(update, "update_id", None),
                    "kind": kind,
                    "handler": trace.handler,
                    "latency_ms": round(seconds * 1000, 1),
                    "outcome": trace.outcome,
                },
            )

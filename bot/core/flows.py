"""Guided flows (a question at a time) kept as drafts in the database.

A draft is saved in the same transaction as each answer, so a restart of the bot never loses
a half-filled form; ConversationHandler's persistence would flush only on an interval.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.callbacks import Payload
from bot.core.text import clean_line, clean_text, too_long
from storage.members import Draft


@dataclass(frozen=True)
class Choice(Payload, code="f"):
    """A choice button of a guided flow: it answers the step `flow.step` with `value`."""

    flow: str
    step: str
    value: str = ""  # may hold dots: "alert.guard.edit" is flow "alert", step "guard"

    @classmethod
    def of(cls, flow_step: str, value: str) -> Choice:
        flow, _, step = flow_step.partition(".")
        return cls(flow, step, value)

    @property
    def flow_step(self) -> str:
        return f"{self.flow}.{self.step}"


@dataclass(frozen=True)
class Step:
    name: str
    kind: Literal["text", "choice"]
    max_len: int = 160
    multiline: bool = False  # keep line breaks (a message's body), not one tidy line


@dataclass(frozen=True)
class Flow:
    name: str
    steps: tuple[Step, ...]

    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)

    def after(self, name: str) -> Step | None:
        names = [s.name for s in self.steps]
        index = names.index(name) + 1
        return self.steps[index] if index < len(self.steps) else None


@dataclass(frozen=True)
class Advance:
    """What an answer did: an error key, the next step, or completion (both None)."""

    error: str | None = None
    next_step: Step | None = None
    values: dict[str, object] = field(default_factory=dict)  # what the error message shows

    @property
    def done(self) -> bool:
        return self.error is None and self.next_step is None


async def current(session: AsyncSession, telegram_user_id: int) -> Draft | None:
    return await session.scalar(select(Draft).where(Draft.telegram_user_id == telegram_user_id))


async def expire(
    session: AsyncSession, telegram_user_id: int, now: datetime, expiry: timedelta
) -> bool:
    """Delete the person's saved form if it was last answered longer than `expiry` ago."""
    result = await session.execute(
        delete(Draft).where(
            Draft.telegram_user_id == telegram_user_id, Draft.updated_at < now - expiry
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def begin(
    session: AsyncSession,
    now: datetime,
    telegram_user_id: int,
    flow: Flow,
    data: dict[str, Any] | None = None,
) -> Draft:
    """Start a flow, replacing whatever the person had half-filled before."""
    await clear(session, telegram_user_id)
    draft = Draft(
        telegram_user_id=telegram_user_id,
        flow=flow.name,
        step=flow.steps[0].name,
        data=dict(data or {}),
        updated_at=now,
    )
    session.add(draft)
    await session.flush()
    return draft


async def clear(session: AsyncSession, telegram_user_id: int) -> bool:
    result = await session.execute(delete(Draft).where(Draft.telegram_user_id == telegram_user_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def answer(
    draft: Draft, flow: Flow, value: str, now: datetime, choices: set[str] | None = None
) -> Advance:
    """Take an answer for the draft's current step and move on."""
    step = flow.step(draft.step)
    if step.kind == "choice":
        if choices is None or value not in choices:
            return Advance(error="flow.pick_a_button")
        cleaned: str | None = value
    else:
        cleaned = (
            clean_text(value, step.max_len) if step.multiline else clean_line(value, step.max_len)
        )
        if cleaned is None and too_long(value, step.max_len):
            too_long_by: dict[str, object] = {"limit": step.max_len, "length": len(value.strip())}
            return Advance(error="flow.text_too_long", values=too_long_by)
        if cleaned is None:
            return Advance(error="flow.text_invalid")
    draft.data = {**draft.data, step.name: cleaned}
    draft.updated_at = now
    following = flow.after(step.name)
    if following is not None:
        draft.step = following.name
    return Advance(next_step=following)

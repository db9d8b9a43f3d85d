"""Hostile input, a few hundred times, from people of every standing (#10).

A stranger, a suspended member, an NGO member of Durrës with a hostile Telegram name, a
committee member of Vlorë and the coordinator each send markup, SQL and full-text operators,
right-to-left and zero-width characters, huge texts, impossible numbers and dates to every
command; media and wrong answers in the middle of forms; forged and replayed button presses.
After each: no traceback in the log, nothing Telegram would refuse, every press answered, and
an answer to every input but the few deliberate silences listed below.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import pytest
from sqlalchemy import update

from bot.core.permissions import Agency, Role
from bot.sandbox.telegram import FakeMessage, FakeUser
from storage.members import Member
from tests.ura import Ura

HOSTILE = [
    "<b>bold</b><a href='tg://user?id=1'>link</a><script>",
    "' OR 1=1; DROP TABLE members; --",
    '"NEAR" * OR (AND) -x NOT ^ :',
    "\u202eevil\u202c \u200f",
    "\u200b\u200c\u200d\ufeff",
    "x" * 5000,
    "ë" * 20000,
    "99999999999999999999",
    "²",
    "9" * 5000,
    "-1",
    "0001-01-01",
    "9999-12-31",
    "31.02.2026",
    "01.11.2026 02.11.2026 03.11.2026",
    "{name} {0} %s %(x)s",
    "&amp; &lt; &#0; \x00\x07",
    "#" + "ë" * 300,
]
COMMANDS = [
    "/start",
    "/help",
    "/language",
    "/cancel",
    "/members",
    "/suspend",
    "/reactivate",
    "/chair",
    "/group add",
    "/group new",
    "/group remove 12",
    "/search",
    "/export",
    "/history",
    "/routing",
    "/escalation durres",
    "/alert",
    "/alerts",
    "/link",
    "/unlink",
    "/replies",
    "/meetings",
    "/actions",
    "/broadcasts",
    "/nosuchcommand",
]
# Commands that start a guided form: each is left with /cancel before the next input.
FORMS = {"/alert", "/invite", "/update", "/meeting", "/broadcast"}
# Deliberate silences, as (standing, input prefix): none today; every input is answered.
SILENT: set[tuple[str, str]] = set()


@dataclass
class Run:
    """What one person sent and what came back."""

    ura: Ura
    user: FakeUser
    standing: str
    silent: list[str] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)
    count: int = 0

    async def say(self, text: str) -> FakeMessage | None:
        return await self._answered(text, self.ura.telegram.send_text(self.user, text))

    async def _answered(self, label: str, sending: Awaitable[FakeMessage]) -> FakeMessage | None:
        t = self.ura.telegram
        self.count += 1
        sent = await sending
        try:
            reply = await t.wait_for_message(self.user, after=sent, timeout=3.0)
        except AssertionError:
            if not any(label.startswith(p) for s, p in SILENT if s == self.standing):
                self.silent.append(label[:60])
            return None
        await t.wait_idle(quiet=0.05)
        return reply

    async def media(self, kind: str) -> FakeMessage | None:
        t = self.ura.telegram
        send: Callable[[], Awaitable[FakeMessage]] = {
            "photo": lambda: t.send_photo(self.user),
            "document": lambda: t.send_document(self.user),
            "location": lambda: t.send_location(self.user, 41.3, 19.4),
        }[kind]
        return await self._answered(f"[{kind}]", send())

    async def press(self, message: FakeMessage, data: str) -> None:
        self.count += 1
        query = await self.ura.telegram.press_callback(self.user, message, data)
        self.queries.append(query)
        await self.ura.telegram.wait_for_callback_answer(query)


async def everything(run: Run) -> None:
    """Every command with hostile arguments, forms fed wrong answers, forged presses."""
    for n, command in enumerate(COMMANDS):
        await run.say(f"{command} {HOSTILE[n % len(HOSTILE)]}")
        await run.say(command)
        if command == "/alert" or command == "/start":
            await run.say("/cancel")
    for form in sorted(FORMS):
        await run.say(form)
        for arg in HOSTILE[:: 3 if run.standing == "coordinator" else 6]:
            await run.say(arg)
        for kind in ("photo", "document", "location"):
            await run.media(kind)
        await run.say("/cancel")
    for arg in HOSTILE[::4]:
        await run.say(arg)  # outside any form
    await run.media("photo")
    last = run.ura.telegram.bot_messages(run.user)[-1]
    for data in ("zz:1:abcdefghij", "x" * 200, "\x00\xff", "f:alert.region.1:AAAAAAAAAA", ""):
        await run.press(last, data)
    # A real button of the coordinator's, replayed in this person's chat: its signature fails.
    t, boss = run.ura.telegram, run.ura.coordinator
    asked = await t.send_text(boss, "/language")
    offer = await t.wait_for_message(boss, after=asked)
    for row in (offer.reply_markup or {}).get("inline_keyboard", []):
        for button in row:
            await run.press(last, button["callback_data"])


def assert_clean(run: Run, caplog: pytest.LogCaptureFixture) -> None:
    t = run.ura.telegram
    failures = [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not failures, failures[:5]
    refused = [(r.method, r.description) for r in t.refusals]
    assert not refused, refused[:5]
    unanswered = set(t.world.callbacks) - set(t.world.callback_answers)
    assert not unanswered, f"{len(unanswered)} presses left spinning"
    assert not run.silent, f"no answer to: {run.silent}"
    assert run.count > 90


@pytest.fixture(autouse=True)
async def _no_flood_limit(ura: Ura) -> None:
    """Every input must reach its handler here; the flood limit has its own story
    (test_gate_limits.py)."""
    await ura.reconfigure(rate_limit_per_minute=100_000)


async def member(ura: Ura, first_name: str, **invite: object) -> FakeUser:
    user = ura.telegram.add_user(first_name=first_name, language_code="sq")
    await ura.join(user, **invite)
    await ura.telegram.wait_idle(quiet=0.1)
    return user


async def test_a_stranger(ura: Ura, caplog: pytest.LogCaptureFixture) -> None:
    stranger = ura.telegram.add_user(first_name="<b>I panjohur</b> \u202e", language_code="sq")
    run = Run(ura, stranger, "stranger")
    await everything(run)
    assert_clean(run, caplog)


async def test_a_suspended_member(ura: Ura, caplog: pytest.LogCaptureFixture) -> None:
    user = await member(ura, "Pezulluar")
    async with ura.sessions.begin() as session:
        await session.execute(
            update(Member).where(Member.telegram_user_id == user.id).values(status="suspended")
        )
    run = Run(ura, user, "suspended")
    await everything(run)
    assert_clean(run, caplog)


async def test_an_ngo_member_of_durres_with_a_hostile_name(
    ura: Ura, caplog: pytest.LogCaptureFixture
) -> None:
    user = await member(
        ura,
        "<i>Alba</i> &amp; \u202eNGO",
        role=Role.NGO,
        agency=Agency.CIVIL_SOCIETY,
        groups=("durres",),
    )
    run = Run(ura, user, "ngo")
    await everything(run)
    assert_clean(run, caplog)


async def test_a_committee_member_of_vlore(ura: Ura, caplog: pytest.LogCaptureFixture) -> None:
    user = await member(ura, "Vlonjati", groups=("vlore",))
    run = Run(ura, user, "committee")
    await everything(run)
    assert_clean(run, caplog)


async def test_the_coordinator(ura: Ura, caplog: pytest.LogCaptureFixture) -> None:
    await member(ura, "Ardit", groups=("durres",))
    run = Run(ura, ura.coordinator, "coordinator")
    await everything(run)
    assert_clean(run, caplog)

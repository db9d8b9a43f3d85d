"""The running Ura and the Telegram world around it: what every story drives."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import pytest

from bot.app import UraApplication, build_application, start, stop
from bot.core.clock import ManualClock
from bot.core.permissions import Agency, Role
from bot.members import directory, invites
from bot.sandbox.telegram import FakeBotApi, FakeUser
from config.settings import DeliverySettings, Settings
from storage.db import SessionFactory
from storage.members import Member
from storage.migrate import upgrade

TOKEN = "123456:TEST-token"


@dataclass
class Ura:
    """A running Ura and the Telegram world around it."""

    telegram: FakeBotApi
    settings: Settings
    clock: ManualClock
    coordinator: FakeUser
    app: UraApplication | None = None
    extra: list[UraApplication] = field(default_factory=list)

    @property
    def sessions(self) -> SessionFactory:
        assert self.app is not None
        return self.app.bot_data.services.sessions

    async def start(self) -> None:
        self.app = build_application(self.settings, clock=self.clock)
        await start(self.app, poll_timeout=1)

    async def stop(self) -> None:
        if self.app is not None:
            await stop(self.app)
            self.app = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def reconfigure(self, **settings: object) -> None:
        """Restart Ura with some settings changed, as an operator would."""
        self.settings = self.settings.model_copy(update=settings)
        await self.restart()

    async def tick(self) -> int:
        """Fire the timers that are due by the test's clock (the JobQueue does this every few
        seconds in production); returns how many fired."""
        assert self.app is not None
        timers = self.app.bot_data.services.timers
        assert timers is not None
        return await timers.fire_due()

    async def invite(
        self,
        role: Role = Role.COMMITTEE,
        org: str = "Policia e Durrësit",
        agency: Agency = Agency.POLICE,
        groups: Sequence[str] = ("durres",),
        uses: int = 1,
        days: int = 7,
    ) -> str:
        """An invite token, made as a coordinator would (the CLI and /invite do the same)."""
        async with self.sessions.begin() as session:
            found = [await directory.find_group(session, g) for g in groups]
            terms = invites.InviteTerms(role, org, agency, [g for g in found if g], uses, days)
            return await invites.create(session, self.clock.now(), terms, None)

    async def join(self, user: FakeUser, **invite: object) -> None:
        """The user opens an invite link and is welcomed."""
        token = await self.invite(**invite)  # type: ignore[arg-type]
        await self.telegram.send_text(user, f"/start {token}")
        await self.telegram.wait_for_message(user, contains="Ura")


def story_settings(telegram: FakeBotApi, database_url: str, coordinators: list[int]) -> Settings:
    return Settings(
        bot_token=TOKEN,  # type: ignore[arg-type]
        telegram_api_url=telegram.base_url,
        database_url=database_url,
        coordinators=coordinators,
        scheduler_tick_seconds=3600,  # timers fire at start and when a story calls tick()
        digest_enabled=False,
        # E-mails and webhooks go when something is queued (a wake) or a story drains them,
        # never on a clock of their own that would race the story's steps.
        channels_tick_seconds=3600,  # stories that count timers would count 13 weekly digests too
        report_monthly=False,  # and the monthly report's timer
        # The fake server enforces no limits unless a test asks, so stories need not wait.
        delivery=DeliverySettings(
            private_per_second=50,
            private_burst=10,
            worker_stale_seconds=3,
            backoff_base_seconds=0.05,
            request_timeout_seconds=3,
        ),
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
async def telegram() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(token=TOKEN, bot_username="ura_test_bot") as server:
        yield server


@pytest.fixture
async def ura(telegram: FakeBotApi, database_url: str) -> AsyncIterator[Ura]:
    coordinator = telegram.add_user(first_name="Koordinatorja", language_code="sq")
    settings = story_settings(telegram, database_url, [coordinator.id])
    await upgrade(database_url)
    harness = Ura(telegram, settings, ManualClock(), coordinator)
    await harness.start()
    yield harness
    await harness.stop()


def member_row(person: FakeUser, now: datetime) -> Member:
    """An active committee member of the police, written straight to the database (for tests
    that run Ura as processes and fill its tables before it starts)."""
    return Member(
        telegram_user_id=person.id,
        display_name=person.first_name,
        language="sq",
        role="committee",
        agency="police",
        status="active",
        reachable=True,
        created_at=now,
        updated_at=now,
    )

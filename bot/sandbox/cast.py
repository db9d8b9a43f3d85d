"""The people one plays in the sandbox: each a simulated Telegram user of the built-in Bot API
server, invited to Ura with a real invite as a coordinator would make it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.app import UraApplication
from bot.core.i18n import Translator
from bot.core.permissions import Agency, Role
from bot.members import directory, invites
from bot.sandbox.telegram import FakeBotApi, FakeUser

MAX_PEOPLE = 12  # panes on one page; a workshop needs five or six
_KEY = re.compile(r"[^a-z0-9]+")


@dataclass
class Person:
    key: str
    user: FakeUser
    lang: str
    role: Role
    agency: Agency
    group: str | None  # a group's slug; None for a coordinator
    invite: str | None = None  # the start token, until the person has used it

    @property
    def name(self) -> str:
        return self.user.display_name


@dataclass
class Sandbox:
    """The running sandbox: the Bot API server, the bot, and the people on the page."""

    telegram: FakeBotApi
    app: UraApplication
    translator: Translator
    lang: str
    people: dict[str, Person] = field(default_factory=dict)

    @property
    def bot_username(self) -> str:
        return self.telegram.world.bot.username or "ura_sandbox_bot"

    def cast(self) -> dict[str, tuple[FakeUser, str]]:
        return {p.key: (p.user, p.lang) for p in self.people.values()}

    def _key(self, name: str) -> str:
        base = _KEY.sub("-", name.lower()).strip("-") or "person"
        key, n = base, 2
        while key in self.people:
            key, n = f"{base}-{n}", n + 1
        return key

    def add_coordinator(self, user: FakeUser) -> Person:
        person = Person(
            "coordinator",
            user,
            user.language_code or self.lang,
            Role.COORDINATOR,
            Agency.OTHER,
            None,
        )
        self.people[person.key] = person
        return person

    async def add_person(
        self,
        name: str,
        lang: str,
        role: Role,
        agency: Agency,
        group: str | None,
        organisation: str = "",
    ) -> Person:
        """A new person with an invite to Ura (a coordinator's invite needs no group)."""
        if len(self.people) >= MAX_PEOPLE:
            raise ValueError("sandbox.error.too_many")
        first, _, last = name.strip().partition(" ")
        user = self.telegram.add_user(
            first_name=first[:64] or "?", last_name=last[:64] or None, language_code=lang
        )
        sessions = self.app.bot_data.services.sessions
        clock = self.app.bot_data.services.clock
        async with sessions.begin() as session:
            found = await directory.find_group(session, group) if group else None
            if role is not Role.COORDINATOR and found is None:
                raise ValueError("sandbox.error.group")
            sector = str(self.translator(lang, f"agency.{agency.value}"))
            org = organisation.strip() or (f"{sector}, {found.name}" if found else sector)
            terms = invites.InviteTerms(role, org[:160], agency, [found] if found else [], 1, 7)
            token = await invites.create(session, clock.now(), terms, None)
        person = Person(
            self._key(name), user, lang, role, agency, found.slug if found else None, token
        )
        self.people[person.key] = person
        return person

    async def join(self, key: str) -> None:
        """The person opens their invite link: Telegram sends the bot `/start <token>`."""
        person = self.people[key]
        if person.invite is None:
            return
        token, person.invite = person.invite, None
        await self.telegram.send_text(person.user, f"/start {token}")

    async def groups(self) -> list[tuple[str, str]]:
        async with self.app.bot_data.services.sessions() as session:
            return [(g.slug, g.name) for g in await directory.all_groups(session)]

"""`ura invite` (create, list, revoke) and `ura keys rotate`."""

from __future__ import annotations

import argparse

from bot.cli.common import CliError, bot_username
from bot.core import signing_keys
from bot.core.clock import SystemClock
from bot.core.permissions import Agency, Role
from bot.members import directory, invites
from config.settings import Settings
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade


async def rotate_keys(settings: Settings) -> str:
    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine).begin() as session:
            await signing_keys.rotate(session, SystemClock().now(), None)
    finally:
        await engine.dispose()
    hours = settings.signing_key_grace.total_seconds() / 3600
    days = f"{hours / 24:g} days" if hours >= 24 else f"{hours:g} hours"
    note = " (URA_SECRET_KEY is set: it signs, not this key)" if settings.secret_key else ""
    return f"new signing key made; buttons signed before still work for {days}{note}"


async def _invites(settings: Settings, args: argparse.Namespace) -> str:
    """`ura invite list` (the open invites) or `ura invite revoke N` (audited)."""
    await upgrade(settings.database_url)
    now = SystemClock().now()
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine).begin() as session:
            if args.action == "revoke":
                if args.number is None:
                    raise CliError("which invite? ura invite revoke N (N from ura invite list)")
                if await invites.revoke(session, now, args.number, None) is None:
                    raise CliError(f"no open invite number {args.number}")
                return f"invite {args.number} revoked"
            found = await invites.open_invites(session, now)
            lines = [
                f"{i.id}\t{i.role}\t{i.organisation_name}\tuses left {i.uses_left}\t"
                f"expires {i.expires_at.astimezone(settings.zone):%d.%m.%Y %H:%M}"
                for i in found
            ]
            return "\n".join(lines) or "no open invites"
    finally:
        await engine.dispose()


async def invite(settings: Settings, args: argparse.Namespace) -> str:
    if args.action != "create":
        return await _invites(settings, args)
    if not args.role or not args.org:
        raise CliError("an invite needs --role and --org")
    await upgrade(settings.database_url)
    role = Role(args.role)
    agency = (
        Agency(args.agency)
        if args.agency
        else (Agency.CIVIL_SOCIETY if role is Role.NGO else Agency.OTHER)
    )
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine).begin() as session:
            groups = []
            for name in args.group:
                group = await directory.find_group(session, name)
                if group is None:
                    known = ", ".join(g.name for g in await directory.all_groups(session))
                    raise CliError(f"unknown group {name!r}; known groups: {known}")
                groups.append(group)
            username = await bot_username(settings)
            terms = invites.InviteTerms(
                role, args.org.strip(), agency, groups, args.uses, args.expires_days
            )
            try:
                token = await invites.create(session, SystemClock().now(), terms, None)
            except ValueError as error:
                raise CliError(str(error)) from None
    finally:
        await engine.dispose()
    return invites.deep_link(username, token)

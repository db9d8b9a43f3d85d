"""The words of members as types: a member's status, why an invite grants nothing, and the
payloads of the buttons of /members, /invites, the role question, /language. Stored values
are these enums' values, so the database needs no migration; the codes and argument layouts
are what phones already hold (they never change)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.callbacks import Payload
from bot.core.permissions import Role


class MemberStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class InviteState(StrEnum):
    """Why an invite token grants nothing (each a catalog key under invite.refused.)."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED_UP = "used_up"
    REVOKED = "revoked"


INVITE_REFUSED = {  # the words for each, spelled out so the catalog check sees them
    InviteState.UNKNOWN: "invite.refused.unknown",
    InviteState.EXPIRED: "invite.refused.expired",
    InviteState.USED_UP: "invite.refused.used_up",
    InviteState.REVOKED: "invite.refused.revoked",
}


ROLE_KEYS = {  # a role's name, spelled out so the catalog check sees them
    Role.COORDINATOR: "role.coordinator",
    Role.COMMITTEE: "role.committee",
    Role.NGO: "role.ngo",
}


def role_key(role: str) -> str:
    """The catalog key of a stored role's name."""
    return ROLE_KEYS[Role(role)]


class InviteStep(StrEnum):
    """The questions of the coordinator's /invite, in order."""

    ROLE = "role"
    ORGANISATION = "organisation"
    AGENCY = "agency"
    GROUP = "group"
    USES = "uses"
    EXPIRY = "expiry"


INVITE_PROMPTS = {  # each step's question, spelled out so the catalog check sees them
    InviteStep.ROLE: "invite.role.prompt",
    InviteStep.ORGANISATION: "invite.organisation.prompt",
    InviteStep.AGENCY: "invite.agency.prompt",
    InviteStep.GROUP: "invite.group.prompt",
    InviteStep.USES: "invite.uses.prompt",
    InviteStep.EXPIRY: "invite.expiry.prompt",
}


class GroupOp(StrEnum):
    """What the group buttons of a member's card do."""

    ADD = "a"
    REMOVE = "r"
    CHAIR = "c"


# /members: a member's card and its buttons
@dataclass(frozen=True)
class OpenMember(Payload, code="mm"):
    member: int


@dataclass(frozen=True)
class Suspend(Payload, code="ms"):
    member: int


@dataclass(frozen=True)
class Reactivate(Payload, code="mr"):
    member: int


@dataclass(frozen=True)
class PickGroup(Payload, code="mp"):
    op: GroupOp
    member: int


@dataclass(frozen=True)
class ApplyGroup(Payload, code="mx"):
    op: GroupOp
    member: int
    group: int


# /invites and the question an invite raises for an existing member
@dataclass(frozen=True)
class RevokeInvite(Payload, code="ivR"):
    invite: int


@dataclass(frozen=True)
class GiveRole(Payload, code="rlY"):
    member: int
    role: Role


@dataclass(frozen=True)
class KeepRole(Payload, code="rlN"):
    member: int
    role: Role


# /language
@dataclass(frozen=True)
class SetLanguage(Payload, code="lang"):
    language: str


LANGUAGE_NAMES = {"sq": "language.name.sq", "en": "language.name.en"}  # as /language offers them

"""Who may do what: the one table every handler's gate consults."""

from __future__ import annotations

from enum import StrEnum

from storage.members import Member


class Role(StrEnum):
    COORDINATOR = "coordinator"
    COMMITTEE = "committee"
    NGO = "ngo"


class Agency(StrEnum):
    POLICE = "police"
    PROSECUTION = "prosecution"
    SOCIAL_SERVICE = "social_service"
    EDUCATION = "education"
    HEALTH = "health"
    LOCAL_GOVERNMENT = "local_government"
    CIVIL_SOCIETY = "civil_society"
    OTHER = "other"


class Access(StrEnum):
    """What a handler declares it needs."""

    ANYONE = "anyone"  # onboarding: /start, /help, /language, /cancel
    MEMBER = "member"  # any active member
    COORDINATOR = "coordinator"
    MONITOR = "monitor"  # coordinators and the Advisory Group's members: monitoring reports


ADVISORY_KIND = "advisory"


class InactiveActor(Exception):
    """A service was asked to act for someone who is not (or no longer) an active member.

    Raised by the services themselves, so no adapter can forget the check; the gate turns it
    into the refusal message and rolls the change back.
    """


def require_active(member: Member | None) -> Member:
    if member is None or member.status != "active":
        raise InactiveActor
    return member


def may(member: Member | None, access: Access) -> bool:
    if access is Access.ANYONE:
        return True
    if member is None or member.status != "active":
        return False
    if access is Access.MEMBER:
        return True
    if access is Access.MONITOR and any(g.kind == ADVISORY_KIND for g in member.groups):
        return True
    return member.role == Role.COORDINATOR


def default_role_for(agency: str) -> Role:
    """Civil society joins as an NGO member; every state agency as a committee member."""
    return Role.NGO if agency == Agency.CIVIL_SOCIETY else Role.COMMITTEE

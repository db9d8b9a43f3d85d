"""The coordinator's guided /invite: role, organisation, agency, group, uses, expiry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core.flows import Flow, Step
from bot.core.permissions import Agency, Role
from bot.members.invites import InviteTerms
from bot.members.model import InviteStep
from storage.members import Group

FLOW = Flow(
    "invite",
    (
        Step(InviteStep.ROLE, "choice"),
        Step(InviteStep.ORGANISATION, "text", max_len=160),
        Step(InviteStep.AGENCY, "choice"),
        Step(InviteStep.GROUP, "choice"),
        Step(InviteStep.USES, "choice"),
        Step(InviteStep.EXPIRY, "choice"),
    ),
)
USES = ("1", "5", "20")
DAYS = ("1", "7", "30")
NO_GROUP = "none"


def terms(data: dict[str, Any], groups: Sequence[Group]) -> InviteTerms:
    """What the finished flow's answers grant."""
    return InviteTerms(
        role=Role(data["role"]),
        organisation_name=data["organisation"],
        agency=Agency(data["agency"]),
        groups=[g for g in groups if str(g.id) == data["group"]],
        uses=int(data["uses"]),
        expires_days=int(data["expiry"]),
    )

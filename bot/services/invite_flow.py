"""The coordinator's guided /invite: role, organisation, agency, group, uses, expiry."""

from __future__ import annotations

from bot.services.flows import Flow, Step

FLOW = Flow(
    "invite",
    (
        Step("role", "choice"),
        Step("organisation", "text", max_len=160),
        Step("agency", "choice"),
        Step("group", "choice"),
        Step("uses", "choice"),
        Step("expiry", "choice"),
    ),
)
USES = ("1", "5", "20")
DAYS = ("1", "7", "30")
NO_GROUP = "none"

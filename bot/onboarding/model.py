"""The words of joining Ura as types: an access request's status, the steps of its form,
and the payloads of the decision buttons (the codes phones already hold: they never change).
Stored values are these enums' values, so the database needs no migration."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.callbacks import Payload


class RequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class AccessStep(StrEnum):
    """The questions of an access request, in order."""

    NAME = "name"
    ORGANISATION = "organisation"
    AGENCY = "agency"
    REGION = "region"


PROMPTS = {  # each step's question, spelled out so the catalog check sees them
    AccessStep.NAME: "access.name.prompt",
    AccessStep.ORGANISATION: "access.organisation.prompt",
    AccessStep.AGENCY: "access.agency.prompt",
    AccessStep.REGION: "access.region.prompt",
}


@dataclass(frozen=True)
class Approve(Payload, code="ar"):
    request: int


@dataclass(frozen=True)
class Reject(Payload, code="aj"):
    request: int

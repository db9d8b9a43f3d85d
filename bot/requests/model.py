"""The words of the requests feature: kinds, targets, states, verdicts, recipients' roles."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

REF = "info_request"  # the outbox and the log name a request's card copies with this
NOTICE_REF = "info_request_notice"  # reminders and answers: not cards, never re-rendered
DEFAULT_DUE_DAYS = 14  # the Advisory Group's agreed default time to answer
DUE_CHOICES = (7, 14, 30)  # days offered as buttons; a typed date is also accepted
REMIND_BEFORE_DAYS = 3  # addressees are reminded three days before the due date, and on it
REMIND_HOUR = 9  # reminders and the overdue flag go out at nine in the morning, local time
MAX_TEXT = 2000  # a question or recommendation; an answer may be as long
MAX_LIST = 15  # lines of /requests on one phone screen


class Kind(StrEnum):
    QUESTION = "question"  # kërkesë për informacion
    RECOMMENDATION = "recommendation"  # rekomandim


class Target(StrEnum):
    SECTOR = "sector"  # one sector of a regional committee, e.g. the police of Durrës
    COMMITTEE = "committee"  # the whole regional committee
    OFFICE = "office"  # the National Coordinator's office


class Status(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    PARTLY = "partly"
    NOT_ACCEPTED = "not_accepted"


class RecipientRole(StrEnum):
    ADDRESSEE = "addressee"  # may answer and forward
    FORWARDED = "forwarded"  # a colleague an addressee passed it to: may answer too
    CHAIR = "chair"  # the committee's chair follows it
    COORDINATOR = "coordinator"  # the coordinator's office follows it

    @property
    def answers(self) -> bool:
        return self in (RecipientRole.ADDRESSEE, RecipientRole.FORWARDED)


class Shown(StrEnum):
    """How /requests files a request for the reader."""

    OPEN = "open"
    OVERDUE = "overdue"
    ANSWERED = "answered"
    CLOSED = "closed"


class Timers(StrEnum):
    REMIND = "request.remind"  # payload {"stage": "before" | "due"}
    OVERDUE = "request.overdue"


@dataclass(frozen=True)
class Address:
    """Whom a request is for: a sector of a region, a whole region, or the office."""

    target: Target
    group_id: int | None = None
    agency: str | None = None


class RequestRefused(Exception):
    """The actor may not do this to this request (or it is gone); the key says why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key
